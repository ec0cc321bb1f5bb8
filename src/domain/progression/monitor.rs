//! The pain monitor (DESIGN 2.4): each session's colour from pain during, the next morning
//! against the baseline, the weekly trend and painkillers.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};

use super::history::{CheckIn, SessionRecord};
use crate::domain::values::format_amount;

/// Highest pain during a session that can still be green.
pub const GREEN_MAX_PAIN: u8 = 2;

/// Highest pain during a session that is acceptable (amber); above it the session is red.
pub const ACCEPTABLE_MAX_PAIN: u8 = 5;

/// Next-morning pain this many points or more above the baseline makes a session red.
pub const RED_MORNING_RISE: u8 = 2;

/// Days before a session whose check-ins make its baseline.
pub const BASELINE_DAYS: i64 = 7;

/// A rise of the weekly mean morning pain by this many points or more is "rising week on week".
pub const WEEKLY_RISE_POINTS: u8 = 1;

/// A rise of the weekly mean morning stiffness by this many minutes or more is red. This
/// threshold is Tendo's own (the model says only that stiffness must not rise week on week); it
/// came in with rules version 2026.11-4.
pub const WEEKLY_STIFFNESS_RISE_MINUTES: u16 = 10;

/// Without a baseline, next-morning pain at or above this is red: the tendon did not settle.
pub const NO_BASELINE_RED_MORNING: u8 = 5;

/// Without a baseline, next-morning pain above this keeps a session from green.
pub const NO_BASELINE_GREEN_MAX_MORNING: u8 = 2;

/// Check-ins each of the two weeks needs before the weekly-rise rule is applied.
pub const MIN_CHECKINS_PER_WEEK: usize = 3;

/// The pain monitor's traffic light for one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    Green,
    Amber,
    Red,
}

impl Colour {
    /// Stable lowercase name, used in HTML data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Colour::Green => "Green",
            Colour::Amber => "Amber",
            Colour::Red => "Red",
        }
    }
}

/// How one session went by the pain-monitoring model.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionVerdict {
    pub session_id: i64,
    pub date: NaiveDate,
    pub colour: Colour,
    /// True while the next morning's check-in is not recorded: the colour rests on pain during.
    pub provisional: bool,
    /// Highest pain of any set in the session (0 for a session without sets).
    pub max_pain_during: u8,
    /// Pain on the check-in dated the day after the session.
    pub next_morning: Option<u8>,
    /// Median morning pain of the 7 days before the session; `None` without check-ins then.
    pub baseline: Option<f64>,
    /// One plain sentence with the numbers.
    pub reason: String,
}

pub(super) type CheckIns<'a> = BTreeMap<NaiveDate, &'a CheckIn>;

/// A verdict plus the short cause of a red, for the gate's and the advice's sentences.
pub(super) struct Judged {
    pub(super) verdict: SessionVerdict,
    /// E.g. "pain 7/10"; `Some` exactly when the colour is red.
    pub(super) red_cause: Option<String>,
    /// E.g. "painkillers taken the next morning may mask pain"; `Some` exactly when amber.
    pub(super) amber_cause: Option<String>,
}

enum WeeklyTrend {
    NotEnoughData,
    /// Both weeks have enough check-ins; `rising` is decided exactly from sums and counts.
    Known {
        previous_mean: f64,
        current_mean: f64,
        rising: bool,
        stiffness: WeeklyMeans,
    },
}

/// One weekly comparison, decided exactly from sums and counts.
#[derive(Clone, Copy)]
struct WeeklyMeans {
    previous_mean: f64,
    current_mean: f64,
    rising: bool,
}

/// Compares two weeks' values: `rising` when the current mean is up by `rise` or more.
fn compare_weeks(previous: &[u16], current: &[u16], rise: u16) -> WeeklyMeans {
    let sum = |v: &[u16]| v.iter().map(|&p| u64::from(p)).sum::<u64>();
    let (sc, nc) = (sum(current), current.len() as u64);
    let (sp, np) = (sum(previous), previous.len() as u64);
    // current/nc − previous/np ≥ rise  ⇔  sc·np − sp·nc ≥ rise·nc·np (exact, no rounding).
    WeeklyMeans {
        previous_mean: sp as f64 / np.max(1) as f64,
        current_mean: sc as f64 / nc.max(1) as f64,
        rising: sc * np >= sp * nc + u64::from(rise) * nc * np,
    }
}

/// Morning stiffness minutes of the check-ins dated `from..=to`.
fn stiffness_between(checkins: &CheckIns<'_>, from: NaiveDate, to: NaiveDate) -> Vec<u16> {
    if from > to {
        return Vec::new();
    }
    checkins
        .range(from..=to)
        .map(|(_, c)| c.stiffness.get())
        .collect()
}

pub(super) fn index_checkins(list: &[CheckIn]) -> CheckIns<'_> {
    list.iter().map(|c| (c.date, c)).collect()
}

fn days_before(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_sub_signed(TimeDelta::days(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Morning pains of the check-ins dated `from..=to`.
fn pains_between(checkins: &CheckIns<'_>, from: NaiveDate, to: NaiveDate) -> Vec<u8> {
    if from > to {
        return Vec::new();
    }
    checkins
        .range(from..=to)
        .map(|(_, c)| c.morning_pain.get())
        .collect()
}

/// Twice the median morning pain of the 7 days before `date` (twice, so it stays a whole number).
pub(super) fn baseline_halves(checkins: &CheckIns<'_>, date: NaiveDate) -> Option<u16> {
    let day_before = date.pred_opt()?;
    let mut pains = pains_between(checkins, days_before(date, BASELINE_DAYS), day_before);
    if pains.is_empty() {
        return None;
    }
    pains.sort_unstable();
    let mid = pains.len() / 2;
    let halves = if pains.len() % 2 == 1 {
        2 * u16::from(pains[mid])
    } else {
        u16::from(pains[mid - 1]) + u16::from(pains[mid])
    };
    Some(halves)
}

pub(super) fn halves_to_f64(halves: u16) -> f64 {
    f64::from(halves) / 2.0
}

fn weekly_trend(checkins: &CheckIns<'_>, next_morning: NaiveDate) -> WeeklyTrend {
    let (cur_from, cur_to) = (days_before(next_morning, 6), next_morning);
    let (prev_from, prev_to) = (days_before(next_morning, 13), days_before(next_morning, 7));
    let current = pains_between(checkins, cur_from, cur_to);
    let previous = pains_between(checkins, prev_from, prev_to);
    if current.len() < MIN_CHECKINS_PER_WEEK || previous.len() < MIN_CHECKINS_PER_WEEK {
        return WeeklyTrend::NotEnoughData;
    }
    let widen = |v: Vec<u8>| v.into_iter().map(u16::from).collect::<Vec<u16>>();
    let pain = compare_weeks(
        &widen(previous),
        &widen(current),
        u16::from(WEEKLY_RISE_POINTS),
    );
    let stiffness = compare_weeks(
        &stiffness_between(checkins, prev_from, prev_to),
        &stiffness_between(checkins, cur_from, cur_to),
        WEEKLY_STIFFNESS_RISE_MINUTES,
    );
    WeeklyTrend::Known {
        previous_mean: pain.previous_mean,
        current_mean: pain.current_mean,
        rising: pain.rising,
        stiffness,
    }
}

/// A mean for a sentence: one decimal, no trailing zero.
fn one_decimal(v: f64) -> String {
    format_amount((v * 10.0).round() / 10.0)
}

pub(super) fn judge(session: &SessionRecord, checkins: &CheckIns<'_>) -> Judged {
    let during = session.sets.iter().map(|s| s.pain.get()).max().unwrap_or(0);
    judge_pain(session.id, session.date, during, "session", checkins)
}

/// Judges one session or run (`what`) from its pain during and the check-ins around it.
pub(super) fn judge_pain(
    id: i64,
    date: NaiveDate,
    during: u8,
    what: &str,
    checkins: &CheckIns<'_>,
) -> Judged {
    let next_date = date.succ_opt();
    let next = next_date.and_then(|d| checkins.get(&d).copied());
    let same_day_painkillers = checkins.get(&date).is_some_and(|c| c.painkillers);
    let base = baseline_halves(checkins, date);
    let base_text = base.map(|b| format_amount(halves_to_f64(b)));

    let mut red_clauses: Vec<String> = Vec::new();
    let mut red_causes: Vec<String> = Vec::new();
    if during > ACCEPTABLE_MAX_PAIN {
        red_clauses.push(format!(
            "pain reached {during}/10 during the {what}, above the {ACCEPTABLE_MAX_PAIN}/10 limit"
        ));
        red_causes.push(format!("pain {during}/10"));
    }

    let mut trend = WeeklyTrend::NotEnoughData;
    if let (Some(ci), Some(nd)) = (next, next_date) {
        let nm = ci.morning_pain.get();
        if let (Some(b), Some(bt)) = (base, &base_text) {
            if 2 * u16::from(nm) >= b + 2 * u16::from(RED_MORNING_RISE) {
                red_clauses.push(format!(
                    "next-morning pain {nm}/10 was {RED_MORNING_RISE} or more above your baseline of {bt}"
                ));
                red_causes.push(format!(
                    "next-morning pain {nm}/10 against a baseline of {bt}"
                ));
            }
        } else if nm >= NO_BASELINE_RED_MORNING {
            // An unsettled morning never passes, baseline or not.
            red_clauses.push(format!(
                "next-morning pain was {nm}/10: with not enough data yet for a baseline, {NO_BASELINE_RED_MORNING}/10 or more means the pain did not settle"
            ));
            red_causes.push(format!("next-morning pain {nm}/10"));
        }
        trend = weekly_trend(checkins, nd);
        if let WeeklyTrend::Known {
            previous_mean,
            current_mean,
            rising,
            stiffness,
        } = trend
        {
            if rising {
                let (p, c) = (one_decimal(previous_mean), one_decimal(current_mean));
                red_clauses.push(format!(
                    "mean morning pain rose week on week from {p} to {c}/10"
                ));
                red_causes.push(format!(
                    "mean morning pain up from {p} to {c}/10 week on week"
                ));
            }
            if stiffness.rising {
                let (p, c) = (
                    one_decimal(stiffness.previous_mean),
                    one_decimal(stiffness.current_mean),
                );
                red_clauses.push(format!(
                    "mean morning stiffness rose week on week from {p} to {c} minutes, up {WEEKLY_STIFFNESS_RISE_MINUTES} minutes or more"
                ));
                red_causes.push(format!(
                    "mean morning stiffness up from {p} to {c} minutes week on week"
                ));
            }
        }
    }

    let provisional = next.is_none();
    let mut verdict = SessionVerdict {
        session_id: id,
        date,
        colour: Colour::Red,
        provisional,
        max_pain_during: during,
        next_morning: next.map(|c| c.morning_pain.get()),
        baseline: base.map(halves_to_f64),
        reason: String::new(),
    };

    if !red_clauses.is_empty() {
        verdict.reason = format!("Red: {}.", red_clauses.join(", and "));
        return Judged {
            verdict,
            red_cause: Some(red_causes.join(", ")),
            amber_cause: None,
        };
    }

    let mut during_text = format!("pain peaked at {during}/10 during the {what}");
    if during > GREEN_MAX_PAIN {
        during_text.push_str(&format!(" (up to {ACCEPTABLE_MAX_PAIN}/10 is acceptable)"));
    }

    let Some(ci) = next else {
        // Provisional: pain during alone (and a painkiller morning) decides.
        let colour = if during <= GREEN_MAX_PAIN && !same_day_painkillers {
            Colour::Green
        } else {
            Colour::Amber
        };
        let masked = if same_day_painkillers {
            ", but painkillers were taken that morning, so pain may be masked"
        } else {
            ""
        };
        verdict.colour = colour;
        verdict.reason = format!(
            "Provisional {}: {during_text}{masked}; the next-morning check-in is not recorded yet.",
            colour.as_str()
        );
        let mut causes = Vec::new();
        if during > GREEN_MAX_PAIN {
            causes.push(format!("pain {during}/10 during"));
        }
        if same_day_painkillers {
            causes.push(String::from("painkillers taken that morning may mask pain"));
        }
        return Judged {
            verdict,
            red_cause: None,
            amber_cause: amber_cause(colour, causes),
        };
    };

    let nm = ci.morning_pain.get();
    let (morning_ok, morning_cause, morning_text) = match (base, &base_text) {
        (Some(b), Some(bt)) => {
            if 2 * u16::from(nm) <= b {
                (
                    true,
                    String::new(),
                    format!("next-morning pain {nm}/10 was not above your baseline of {bt}"),
                )
            } else {
                (
                    false,
                    format!("next-morning pain {nm}/10 above your baseline of {bt}"),
                    format!(
                        "next-morning pain {nm}/10 was above your baseline of {bt} but less than {RED_MORNING_RISE} above it"
                    ),
                )
            }
        }
        // No baseline: a morning above 2 keeps the session from green (5 or more was red).
        _ if nm <= NO_BASELINE_GREEN_MAX_MORNING => (
            true,
            String::new(),
            format!(
                "next-morning pain was {nm}/10, with not enough data yet for a baseline (no check-ins in the {BASELINE_DAYS} days before)"
            ),
        ),
        _ => (
            false,
            format!("next-morning pain {nm}/10, above {NO_BASELINE_GREEN_MAX_MORNING}/10 with no baseline yet"),
            format!(
                "next-morning pain was {nm}/10, above {NO_BASELINE_GREEN_MAX_MORNING}/10, with not enough data yet for a baseline (no check-ins in the {BASELINE_DAYS} days before)"
            ),
        ),
    };
    let masked = match (same_day_painkillers, ci.painkillers) {
        (_, true) => ", but painkillers were taken the next morning, so pain may be masked",
        (true, false) => ", but painkillers were taken that morning, so pain may be masked",
        (false, false) => "",
    };
    let trend_text = match trend {
        WeeklyTrend::NotEnoughData => "; weekly trend: not enough data yet",
        WeeklyTrend::Known { .. } => "",
    };
    let colour = if during <= GREEN_MAX_PAIN && morning_ok && masked.is_empty() {
        Colour::Green
    } else {
        Colour::Amber
    };
    verdict.colour = colour;
    verdict.reason = format!(
        "{}: {during_text} and {morning_text}{masked}{trend_text}.",
        colour.label()
    );
    let mut causes = Vec::new();
    if during > GREEN_MAX_PAIN {
        causes.push(format!("pain {during}/10 during"));
    }
    if !morning_ok {
        causes.push(morning_cause);
    }
    match (same_day_painkillers, ci.painkillers) {
        (_, true) => causes.push(String::from(
            "painkillers taken the next morning may mask pain",
        )),
        (true, false) => causes.push(String::from("painkillers taken that morning may mask pain")),
        (false, false) => {}
    }
    Judged {
        verdict,
        red_cause: None,
        amber_cause: amber_cause(colour, causes),
    }
}

/// The amber causes in one clause, `Some` exactly when the colour is amber.
fn amber_cause(colour: Colour, causes: Vec<String>) -> Option<String> {
    (colour == Colour::Amber).then(|| causes.join(", and "))
}

#[cfg(test)]
mod tests {
    use crate::domain::exercise::ExerciseId;
    use crate::domain::progression::testkit::*;
    use crate::domain::progression::*;
    use crate::domain::values::Side;

    #[test]
    fn pain_during_2_is_green_3_is_amber() {
        let v = judged_on_10th(2, Some(checkin(day(11), 1)));
        assert_eq!(v.colour, Colour::Green);
        assert!(!v.provisional);
        assert_eq!(v.max_pain_during, 2);
        assert_eq!(v.next_morning, Some(1));
        assert!(approx(v.baseline, 1.0));
        assert_eq!(
            v.reason,
            "Green: pain peaked at 2/10 during the session and next-morning pain 1/10 was not \
             above your baseline of 1; weekly trend: not enough data yet."
        );
        let v = judged_on_10th(3, Some(checkin(day(11), 1)));
        assert_eq!(v.colour, Colour::Amber);
        assert!(
            v.reason.starts_with("Amber: pain peaked at 3/10"),
            "{}",
            v.reason
        );
    }

    #[test]
    fn pain_during_5_is_amber_6_is_red() {
        let v = judged_on_10th(5, Some(checkin(day(11), 1)));
        assert_eq!(v.colour, Colour::Amber);
        let v = judged_on_10th(6, Some(checkin(day(11), 1)));
        assert_eq!(v.colour, Colour::Red);
        assert_eq!(
            v.reason,
            "Red: pain reached 6/10 during the session, above the 5/10 limit."
        );
    }

    #[test]
    fn next_morning_one_above_baseline_is_amber_two_above_is_red() {
        let v = judged_on_10th(1, Some(checkin(day(11), 2)));
        assert_eq!(v.colour, Colour::Amber, "{}", v.reason);
        assert!(v
            .reason
            .contains("above your baseline of 1 but less than 2 above it"));
        let v = judged_on_10th(1, Some(checkin(day(11), 3)));
        assert_eq!(v.colour, Colour::Red);
        assert!(
            v.reason
                .contains("next-morning pain 3/10 was 2 or more above your baseline of 1"),
            "{}",
            v.reason
        );
    }

    #[test]
    fn a_half_point_baseline_is_compared_exactly() {
        // Baseline of {1, 2} is 1.5: 3 is only 1.5 above, 4 is 2.5 above.
        let run = |nm: i64| {
            let checkins = vec![checkin(day(8), 1), checkin(day(9), 2), checkin(day(11), nm)];
            let a = assess(
                &history(vec![simple(1, day(10), 1)], checkins, vec![]),
                today(),
            );
            a.verdict_for(1).unwrap().clone()
        };
        let v = run(3);
        assert!(approx(v.baseline, 1.5));
        assert_eq!(v.colour, Colour::Amber);
        assert!(v.reason.contains("baseline of 1.5"), "{}", v.reason);
        assert_eq!(run(4).colour, Colour::Red);
        // 1 ≤ 1.5: not above baseline, green.
        assert_eq!(run(1).colour, Colour::Green);
        assert_eq!(run(2).colour, Colour::Amber);
    }

    #[test]
    fn baseline_is_the_median_of_the_seven_days_before_only() {
        // 2 Nov is 8 days before and the session day itself (10 Nov) is excluded.
        let checkins = vec![
            checkin(day(2), 9),
            checkin(day(3), 0),
            checkin(day(5), 4),
            checkin(day(9), 1),
            checkin(day(10), 9),
        ];
        let a = assess(
            &history(vec![simple(1, day(10), 1)], checkins, vec![]),
            today(),
        );
        assert!(approx(a.verdict_for(1).unwrap().baseline, 1.0));
    }

    #[test]
    fn painkillers_the_next_morning_never_make_it_green() {
        let v = judged_on_10th(0, Some(checkin_pk(day(11), 0)));
        assert_eq!(v.colour, Colour::Amber);
        assert!(
            v.reason
                .contains("painkillers were taken the next morning, so pain may be masked"),
            "{}",
            v.reason
        );
        // They do not soften a red either.
        let v = judged_on_10th(0, Some(checkin_pk(day(11), 5)));
        assert_eq!(v.colour, Colour::Red);
    }

    #[test]
    fn painkillers_on_the_session_morning_never_make_it_green() {
        let mut checkins = daily(3, &[1; 7]);
        checkins.push(checkin_pk(day(10), 1));
        let provisional = assess(
            &history(vec![simple(1, day(10), 0)], checkins.clone(), vec![]),
            today(),
        );
        let v = provisional.verdict_for(1).unwrap();
        assert_eq!((v.colour, v.provisional), (Colour::Amber, true));
        assert!(v.reason.contains("that morning, so pain may be masked"));
        checkins.push(checkin(day(11), 0));
        let settled = assess(
            &history(vec![simple(1, day(10), 0)], checkins, vec![]),
            today(),
        );
        assert_eq!(settled.verdict_for(1).unwrap().colour, Colour::Amber);
    }

    #[test]
    fn without_the_next_morning_the_colour_rests_on_pain_during_and_is_provisional() {
        let v = judged_on_10th(2, None);
        assert_eq!((v.colour, v.provisional), (Colour::Green, true));
        assert_eq!(v.next_morning, None);
        assert_eq!(
            v.reason,
            "Provisional green: pain peaked at 2/10 during the session; the next-morning \
             check-in is not recorded yet."
        );
        let v = judged_on_10th(4, None);
        assert_eq!((v.colour, v.provisional), (Colour::Amber, true));
        let v = judged_on_10th(7, None);
        assert_eq!((v.colour, v.provisional), (Colour::Red, true));
        // A check-in two days later is not the next morning.
        let v = judged_on_10th(1, Some(checkin(day(12), 9)));
        assert_eq!((v.colour, v.provisional), (Colour::Green, true));
    }

    #[test]
    fn without_a_baseline_an_unsettled_morning_never_passes() {
        let run = |nm: i64| {
            let a = assess(
                &history(
                    vec![simple(1, day(10), 1)],
                    vec![checkin(day(11), nm)],
                    vec![],
                ),
                today(),
            );
            a.verdict_for(1).unwrap().clone()
        };
        let v = run(0);
        assert_eq!(
            (v.colour, v.provisional, v.baseline),
            (Colour::Green, false, None)
        );
        assert!(v.reason.contains("not enough data yet"), "{}", v.reason);
        assert_eq!(run(2).colour, Colour::Green);
        let v = run(3);
        assert_eq!(v.colour, Colour::Amber);
        assert!(
            v.reason
                .contains("above 2/10, with not enough data yet for a baseline"),
            "{}",
            v.reason
        );
        assert_eq!(run(4).colour, Colour::Amber);
        // A first session followed by 8/10 next morning is red, not amber with "keep".
        let v = run(8);
        assert_eq!(v.colour, Colour::Red, "{}", v.reason);
        assert!(v.reason.contains("8/10"), "{}", v.reason);
        assert_eq!(run(5).colour, Colour::Red);
    }

    #[test]
    fn weekly_mean_rising_by_one_point_is_red_and_just_under_is_not() {
        // Previous week 1–7 Nov all 0; current week 8–14 Nov all 1; session 13 Nov, next morning 14.
        let mut pains = vec![0; 7];
        pains.extend([1; 7]);
        let a = assess(
            &history(vec![simple(1, day(13), 1)], daily(1, &pains), vec![]),
            today(),
        );
        let v = a.verdict_for(1).unwrap();
        assert!(approx(v.baseline, 1.0)); // so the baseline rule alone would not fire
        assert_eq!(v.colour, Colour::Red);
        assert_eq!(
            v.reason,
            "Red: mean morning pain rose week on week from 0 to 1/10."
        );

        // 8 Nov at 0: current mean 6/7 ≈ 0.86, a rise of less than 1.
        pains[7] = 0;
        let a = assess(
            &history(vec![simple(1, day(13), 1)], daily(1, &pains), vec![]),
            today(),
        );
        let v = a.verdict_for(1).unwrap();
        assert_eq!(v.colour, Colour::Green, "{}", v.reason);
        assert!(!v.reason.contains("not enough data"));
    }

    /// Pain 1 every morning 1–14 Nov; stiffness `prev` minutes in 1–7 Nov, then `cur` in 8–14.
    fn stiffness_weeks(prev: i64, cur: &[i64; 7]) -> SessionVerdict {
        let mut checkins: Vec<CheckIn> = daily(1, &[1; 14]);
        for (i, c) in checkins.iter_mut().enumerate() {
            let minutes = if i < 7 { prev } else { cur[i - 7] };
            *c = with_stiffness(c.clone(), minutes);
        }
        let a = assess(
            &history(vec![simple(1, day(13), 1)], checkins, vec![]),
            today(),
        );
        a.verdict_for(1).unwrap().clone()
    }

    #[test]
    fn weekly_mean_stiffness_up_10_minutes_is_red_and_just_under_is_not() {
        assert_eq!(WEEKLY_STIFFNESS_RISE_MINUTES, 10);
        let v = stiffness_weeks(5, &[15; 7]);
        assert_eq!(v.colour, Colour::Red, "{}", v.reason);
        assert_eq!(
            v.reason,
            "Red: mean morning stiffness rose week on week from 5 to 15 minutes, up 10 minutes \
             or more."
        );
        // One morning at 8: the mean is 14, a rise of 9 minutes.
        let v = stiffness_weeks(5, &[8, 15, 15, 15, 15, 15, 15]);
        assert_eq!(v.colour, Colour::Green, "{}", v.reason);
        // A fall is never red, however large.
        assert_eq!(stiffness_weeks(60, &[0; 7]).colour, Colour::Green);
    }

    #[test]
    fn a_stiffness_red_is_named_by_the_gate_and_the_advice() {
        let mut checkins: Vec<CheckIn> = daily(1, &[1; 14]);
        for (i, c) in checkins.iter_mut().enumerate() {
            *c = with_stiffness(c.clone(), if i < 7 { 0 } else { 30 });
        }
        let a = assess(
            &history(
                vec![simple(1, day(13), 1)],
                checkins,
                vec![cap(1, day(3), Side::Right, 30)],
            ),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Paused);
        assert!(
            a.gate
                .reason
                .contains("(mean morning stiffness up from 0 to 30 minutes week on week)"),
            "{}",
            a.gate.reason
        );
        let advice = a.advice_for(ExerciseId::TempoCalfRaise).unwrap();
        assert_eq!(advice.advice, Advice::Reduce);
        assert!(advice.reason.contains("stiffness"), "{}", advice.reason);
    }

    #[test]
    fn the_stiffness_rule_needs_three_check_ins_in_each_week() {
        let mut checkins = vec![
            with_stiffness(checkin(day(6), 1), 0),
            with_stiffness(checkin(day(7), 1), 0),
        ];
        checkins.extend(daily(8, &[1; 7]).into_iter().map(|c| with_stiffness(c, 40)));
        let a = assess(
            &history(vec![simple(1, day(13), 1)], checkins, vec![]),
            today(),
        );
        assert_ne!(a.verdict_for(1).unwrap().colour, Colour::Red);
    }

    #[test]
    fn weekly_rule_needs_three_check_ins_in_each_week() {
        // Previous week has only 2 check-ins (6 and 7 Nov), all low; current week is higher.
        let mut checkins = vec![checkin(day(6), 0), checkin(day(7), 0)];
        checkins.extend(daily(8, &[2; 7]));
        let a = assess(
            &history(vec![simple(1, day(13), 1)], checkins, vec![]),
            today(),
        );
        let v = a.verdict_for(1).unwrap();
        assert_ne!(v.colour, Colour::Red, "{}", v.reason);
        assert!(
            v.reason.contains("weekly trend: not enough data yet"),
            "{}",
            v.reason
        );
        // A third check-in in the previous week lets the rule speak.
        let mut checkins = vec![checkin(day(5), 0), checkin(day(6), 0), checkin(day(7), 0)];
        checkins.extend(daily(8, &[2; 7]));
        let a = assess(
            &history(vec![simple(1, day(13), 1)], checkins, vec![]),
            today(),
        );
        assert_eq!(a.verdict_for(1).unwrap().colour, Colour::Red);
    }

    #[test]
    fn several_red_causes_are_named_in_one_sentence() {
        let v = judged_on_10th(8, Some(checkin(day(11), 4)));
        assert_eq!(v.colour, Colour::Red);
        assert_eq!(
            v.reason,
            "Red: pain reached 8/10 during the session, above the 5/10 limit, and next-morning \
             pain 4/10 was 2 or more above your baseline of 1."
        );
    }

    #[test]
    fn same_date_sessions_are_ordered_by_id() {
        // Given out of order; id 5 was logged after id 3 on the same day.
        let sessions = vec![
            simple(5, day(10), 1),
            simple(3, day(10), 7),
            simple(1, day(9), 1),
        ];
        let a = assess(&history(sessions, vec![], vec![]), today());
        let ids: Vec<i64> = a.sessions.iter().map(|v| v.session_id).collect();
        assert_eq!(ids, vec![5, 3, 1]);
        assert_eq!(a.monitor, Some(Colour::Green));
        assert_eq!(a.gate.calm_sessions_since_red, 1);

        let sessions = vec![simple(3, day(10), 1), simple(5, day(10), 7)];
        let a = assess(&history(sessions, vec![], vec![]), today());
        assert_eq!(a.monitor, Some(Colour::Red));
        assert_eq!(a.gate.calm_sessions_since_red, 0);
    }

    #[test]
    fn a_session_without_sets_has_pain_zero_and_nothing_is_assessed_without_history() {
        let a = assess(
            &history(vec![session(1, day(10), vec![])], vec![], vec![]),
            today(),
        );
        assert_eq!(a.verdict_for(1).unwrap().max_pain_during, 0);
        assert!(a.advice.is_empty());
        let a = assess(&history(vec![], vec![], vec![]), today());
        assert_eq!(a.monitor, None);
        assert!(a.sessions.is_empty());
        assert_eq!(a.rules_version, RULES_VERSION);
        assert_eq!(a.baseline_morning_pain, None);
    }

    #[test]
    fn todays_baseline_uses_the_seven_days_before_today() {
        let checkins = vec![
            checkin(day(22), 8),
            checkin(day(23), 1),
            checkin(day(29), 3),
            checkin(day(30), 9),
        ];
        let a = assess(&history(vec![], checkins, vec![]), today());
        assert!(approx(a.baseline_morning_pain, 2.0));
    }
}
