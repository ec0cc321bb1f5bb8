//! Load advice (DESIGN 2.4): add, keep or reduce each exercise's load from its newest session.

use std::collections::BTreeMap;

use super::gate::{PauseState, CALM_SESSIONS_TO_REOPEN};
use super::history::{Profile, SessionRecord, SetRecord};
use super::monitor::{Colour, Judged};
use crate::domain::exercise::{catalogue_rank, hold_target, Dose, ExerciseId};
use crate::domain::values::{format_amount, from_kg, to_kg, LoadKg, Units};

/// Every set at this RPE or easier (in a green session) earns more load.
pub const ADD_MAX_RPE: f64 = 7.0;

/// A set at this RPE or harder means the load comes down.
pub const REDUCE_MIN_RPE: f64 = 9.5;

/// What to do with the load of one exercise next time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Advice {
    Add,
    Keep,
    Reduce,
}

impl Advice {
    /// Stable lowercase name, used in HTML data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Advice::Add => "add",
            Advice::Keep => "keep",
            Advice::Reduce => "reduce",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Advice::Add => "Add",
            Advice::Keep => "Keep",
            Advice::Reduce => "Reduce",
        }
    }
}

/// Load advice for one exercise, from the newest session that contains it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseAdvice {
    pub exercise: ExerciseId,
    pub advice: Advice,
    /// One sentence with the numbers, in the runner's unit.
    pub reason: String,
    /// Heaviest load of the exercise in that session; `None` if no set recorded a load.
    pub current_load_kg: Option<f64>,
    /// The load to use next: heaviest + step (Add), unchanged (Keep), heaviest − step floored at 0
    /// (Reduce); `None` when there is no recorded load to keep or reduce.
    pub suggested_load_kg: Option<f64>,
}

pub(super) fn advise_all(
    profile: &Profile,
    sessions: &[&SessionRecord],
    judged: &[Judged],
    pause: &PauseState,
) -> Vec<ExerciseAdvice> {
    // Newest session containing each exercise (sessions are oldest first, so later wins).
    let mut newest: BTreeMap<ExerciseId, usize> = BTreeMap::new();
    for (i, s) in sessions.iter().enumerate() {
        for set in &s.sets {
            newest.insert(set.exercise, i);
        }
    }
    let newest_overall = judged.last();
    let newest_red = judged.iter().rposition(|j| j.verdict.colour == Colour::Red);
    let mut out: Vec<ExerciseAdvice> = newest
        .into_iter()
        .filter_map(|(exercise, i)| {
            let session = sessions.get(i)?;
            let j = judged.get(i)?;
            let since = Since {
                newest_overall,
                pause,
                // A red run counts too: the pause knows the newest red of sessions and runs.
                before_newest_red: newest_red.is_some_and(|r| i < r)
                    || pause
                        .newest_red
                        .as_ref()
                        .is_some_and(|(d, _)| session.date < *d),
            };
            Some(advise(exercise, session, j, &since, profile.units))
        })
        .collect();
    out.sort_by_key(|a| catalogue_rank(a.exercise));
    out
}

/// What happened after an exercise's newest session: the newest session of all and the pause.
struct Since<'a> {
    newest_overall: Option<&'a Judged>,
    pause: &'a PauseState,
    /// The exercise's newest session is older than the newest red session.
    before_newest_red: bool,
}

/// While a red session lacks two calm ones after it: how far along, without naming the gate
/// (plans without hurdle jumps have none).
fn calm_progress(pause: &PauseState) -> String {
    format!(
        "load goes up again after {CALM_SESSIONS_TO_REOPEN} calm sessions in a row ({} of {CALM_SESSIONS_TO_REOPEN} so far)",
        pause.calm.min(usize::from(CALM_SESSIONS_TO_REOPEN))
    )
}

/// The Reduce/Keep/Add decision before the load arithmetic, with its "because" clause.
///
/// A red session reduces once: the exercise's next session after it is judged on its own (a
/// green one is not reduced again), except that load is not added until two calm sessions in a
/// row follow the red one.
fn decide(
    exercise: ExerciseId,
    sets: &[&SetRecord],
    judged: &Judged,
    since: &Since<'_>,
) -> (Advice, String) {
    let (newest_overall, pause) = (since.newest_overall, since.pause);
    let v = &judged.verdict;
    if v.colour == Colour::Red {
        let cause = judged.red_cause.clone().unwrap_or_default();
        return (
            Advice::Reduce,
            format!("the last session with this exercise was red ({cause})"),
        );
    }
    if let Some(n) = newest_overall.filter(|n| n.verdict.colour == Colour::Red) {
        let cause = n.red_cause.clone().unwrap_or_default();
        return (
            Advice::Reduce,
            format!("your newest session was red ({cause}), so no load is added until it settles"),
        );
    }
    if pause.pending() && since.before_newest_red {
        // Not done since the red session: its one reduce is still to come.
        return (
            Advice::Reduce,
            format!(
                "{}, so load comes down once; {}",
                pause.red_phrase(),
                calm_progress(pause)
            ),
        );
    }
    let hardest = sets.iter().filter_map(|s| s.rpe).max();
    if let Some(r) = hardest.filter(|r| r.value() >= REDUCE_MIN_RPE) {
        return (
            Advice::Reduce,
            format!("a set felt RPE {r}, at or above the {REDUCE_MIN_RPE} limit"),
        );
    }
    if let Some(target) = hold_target(exercise) {
        let shortest = sets
            .iter()
            .filter_map(|s| s.effort.hold())
            .map(|h| h.get())
            .min();
        if let Some(h) = shortest.filter(|h| *h < target) {
            return (
                Advice::Reduce,
                format!("a hold lasted {h} s, short of the {target} s target"),
            );
        }
    }
    match v.colour {
        Colour::Green if v.provisional => (
            Advice::Keep,
            String::from(
                "the last session looks green, but its next-morning check-in is not recorded yet",
            ),
        ),
        Colour::Green => {
            let all_easy = sets
                .iter()
                .all(|s| s.rpe.is_some_and(|r| r.value() <= ADD_MAX_RPE));
            if all_easy && pause.pending() {
                (
                    Advice::Keep,
                    format!(
                        "the last session was green and every set felt RPE {ADD_MAX_RPE} or easier, but {}; {}",
                        pause.red_phrase(),
                        calm_progress(pause)
                    ),
                )
            } else if all_easy {
                (
                    Advice::Add,
                    format!(
                        "the last session was green and every set felt RPE {ADD_MAX_RPE} or easier"
                    ),
                )
            } else if sets.iter().any(|s| s.rpe.is_none()) {
                (
                    Advice::Keep,
                    format!(
                        "the last session was green, but not every set has an RPE recorded, and adding load needs every set at RPE {ADD_MAX_RPE} or easier"
                    ),
                )
            } else {
                let h = hardest.map(|r| r.to_string()).unwrap_or_default();
                (
                    Advice::Keep,
                    format!(
                        "the last session was green, but the hardest set felt RPE {h}, and adding load needs every set at RPE {ADD_MAX_RPE} or easier"
                    ),
                )
            }
        }
        _ => (
            Advice::Keep,
            format!(
                "the last session was amber ({}), so stay here until a green session with every set at RPE {ADD_MAX_RPE} or easier",
                judged.amber_cause.as_deref().unwrap_or("not green")
            ),
        ),
    }
}

/// Jumps per set hurdle jumps add at a time: they progress by jumps, never by weight.
pub const JUMPS_STEP: u16 = 2;

/// Advice for work done without added weight (hurdle jumps): the same decision, spoken in jumps
/// per set between the catalogue's fewest and most (8 → 10), never in kilograms.
fn advise_jumps(
    exercise: ExerciseId,
    sets: &[&SetRecord],
    advice: Advice,
    because: &str,
    (least, most): (u16, u16),
) -> ExerciseAdvice {
    let current = sets
        .iter()
        .filter_map(|s| s.effort.reps().map(|r| r.get()))
        .max()
        .unwrap_or(least);
    let (advice, head) = match advice {
        Advice::Add if current >= most => (
            Advice::Keep,
            format!("Keep {current} jumps per set ({most} is the most the plan asks for)"),
        ),
        Advice::Add => {
            let to = (current + JUMPS_STEP).min(most);
            (
                Advice::Add,
                format!("Add {} jumps per set (to {to})", to - current),
            )
        }
        Advice::Keep => (Advice::Keep, format!("Keep {current} jumps per set")),
        Advice::Reduce if current > least => {
            let to = current.saturating_sub(JUMPS_STEP).max(least);
            (
                Advice::Reduce,
                format!("Reduce by {} jumps per set (to {to})", current - to),
            )
        }
        Advice::Reduce => (
            Advice::Reduce,
            format!("Reduce the effort (fewer sets or a lower hurdle; {least} jumps per set is the fewest)"),
        ),
    };
    ExerciseAdvice {
        exercise,
        advice,
        reason: format!("{head}: {because}."),
        current_load_kg: None,
        suggested_load_kg: None,
    }
}

/// The fewest and most reps per set of an exercise done without added weight, if it is one.
fn jump_range(exercise: ExerciseId) -> Option<(u16, u16)> {
    let e = exercise.exercise();
    match e.dose {
        Dose::Reps {
            reps_min, reps_max, ..
        } if !e.added_load => Some((u16::from(reps_min), u16::from(reps_max))),
        _ => None,
    }
}

fn advise(
    exercise: ExerciseId,
    session: &SessionRecord,
    judged: &Judged,
    since: &Since<'_>,
    units: Units,
) -> ExerciseAdvice {
    let sets: Vec<&SetRecord> = session
        .sets
        .iter()
        .filter(|s| s.exercise == exercise)
        .collect();
    let current = sets
        .iter()
        .filter_map(|s| s.load.map(LoadKg::kg))
        .fold(None, |acc: Option<f64>, kg| {
            Some(acc.map_or(kg, |a| a.max(kg)))
        });
    let step_kg = to_kg(units.load_step(), units);
    let show = |kg: f64| format!("{} {}", format_amount(from_kg(kg, units)), units.as_str());

    let (advice, because) = decide(exercise, &sets, judged, since);
    if let Some(range) = jump_range(exercise) {
        return advise_jumps(exercise, &sets, advice, &because, range);
    }
    let (suggested, head) = match advice {
        Advice::Add => {
            let to = (current.unwrap_or(0.0) + step_kg).min(LoadKg::MAX_KG);
            (Some(to), format!("Add {} (to {})", show(step_kg), show(to)))
        }
        Advice::Keep => match current {
            Some(kg) if kg > 0.0 => (Some(kg), format!("Keep {}", show(kg))),
            _ => (current, String::from("Keep body weight")),
        },
        Advice::Reduce => match current {
            Some(kg) if kg > 0.0 => {
                let to = (kg - step_kg).max(0.0);
                (
                    Some(to),
                    format!("Reduce by {} (to {})", show(kg - to), show(to)),
                )
            }
            _ => (
                current,
                String::from("Reduce the effort (there is no added load to take off)"),
            ),
        },
    };
    ExerciseAdvice {
        exercise,
        advice,
        reason: format!("{head}: {because}."),
        current_load_kg: current,
        suggested_load_kg: suggested,
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::exercise::ExerciseId;
    use crate::domain::progression::testkit::*;
    use crate::domain::progression::*;
    use crate::domain::values::*;

    /// A confirmed-green session (baseline 1, next morning 1) on 10 Nov with these sets.
    fn green_history(sets: Vec<SetRecord>) -> History {
        let mut checkins = daily(3, &[1; 7]);
        checkins.push(checkin(day(11), 1));
        history(vec![session(1, day(10), sets)], checkins, vec![])
    }

    fn advice_of(h: &History, exercise: ExerciseId) -> ExerciseAdvice {
        assess(h, today()).advice_for(exercise).unwrap().clone()
    }

    #[test]
    fn green_and_every_set_rpe_7_or_easier_adds_2_5_kg() {
        let h = green_history(vec![
            set(ExerciseId::TempoCalfRaise, 1),
            rpe(
                load(set(ExerciseId::TempoCalfRaise, 2), Some(17.5)),
                Some(6.5),
            ),
        ]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Add);
        assert!(approx(a.current_load_kg, 20.0));
        assert!(approx(a.suggested_load_kg, 22.5));
        assert_eq!(
            a.reason,
            "Add 2.5 kg (to 22.5 kg): the last session was green and every set felt RPE 7 or easier."
        );
    }

    #[test]
    fn in_pounds_the_step_is_5_lb() {
        let mut h = green_history(vec![load(
            set(ExerciseId::SingleLegCalfRaise, 0),
            Some(to_kg(20.0, Units::Lb)),
        )]);
        h.profile.units = Units::Lb;
        let a = advice_of(&h, ExerciseId::SingleLegCalfRaise);
        assert_eq!(a.advice, Advice::Add);
        assert!(approx(a.suggested_load_kg, to_kg(25.0, Units::Lb)));
        assert!(a.reason.starts_with("Add 5 lb (to 25 lb):"), "{}", a.reason);

        let mut h = green_history(vec![rpe(
            load(
                set(ExerciseId::SingleLegCalfRaise, 0),
                Some(to_kg(20.0, Units::Lb)),
            ),
            Some(9.5),
        )]);
        h.profile.units = Units::Lb;
        let a = advice_of(&h, ExerciseId::SingleLegCalfRaise);
        assert_eq!(a.advice, Advice::Reduce);
        assert!(
            a.reason.starts_with("Reduce by 5 lb (to 15 lb):"),
            "{}",
            a.reason
        );
    }

    #[test]
    fn one_set_above_rpe_7_or_without_rpe_keeps() {
        let h = green_history(vec![
            set(ExerciseId::TempoCalfRaise, 1),
            rpe(set(ExerciseId::TempoCalfRaise, 1), Some(7.5)),
        ]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Keep);
        assert!(approx(a.suggested_load_kg, 20.0));
        assert!(a.reason.starts_with("Keep 20 kg:"), "{}", a.reason);
        assert!(a.reason.contains("RPE 7.5"), "{}", a.reason);

        let h = green_history(vec![
            set(ExerciseId::TempoCalfRaise, 1),
            rpe(set(ExerciseId::TempoCalfRaise, 1), None),
        ]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Keep);
        assert!(
            a.reason.contains("not every set has an RPE recorded"),
            "{}",
            a.reason
        );
    }

    #[test]
    fn rpe_9_5_reduces_and_9_keeps() {
        let h = green_history(vec![rpe(set(ExerciseId::TempoCalfRaise, 1), Some(9.5))]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Reduce);
        assert!(approx(a.suggested_load_kg, 17.5));
        assert_eq!(
            a.reason,
            "Reduce by 2.5 kg (to 17.5 kg): a set felt RPE 9.5, at or above the 9.5 limit."
        );
        let h = green_history(vec![rpe(set(ExerciseId::TempoCalfRaise, 1), Some(9.0))]);
        assert_eq!(
            advice_of(&h, ExerciseId::TempoCalfRaise).advice,
            Advice::Keep
        );
    }

    #[test]
    fn a_hold_short_of_45_s_reduces_a_hold_exercise_only() {
        let h = green_history(vec![
            hold(rpe(set(ExerciseId::TopIsoHold, 1), Some(6.0)), 45),
            hold(rpe(set(ExerciseId::TopIsoHold, 1), Some(6.0)), 44),
        ]);
        let a = advice_of(&h, ExerciseId::TopIsoHold);
        assert_eq!(a.advice, Advice::Reduce);
        assert!(
            a.reason
                .contains("a hold lasted 44 s, short of the 45 s target"),
            "{}",
            a.reason
        );

        let h = green_history(vec![hold(
            rpe(set(ExerciseId::MidIsoHold, 1), Some(6.0)),
            45,
        )]);
        assert_eq!(advice_of(&h, ExerciseId::MidIsoHold).advice, Advice::Add);

        // A "hold" logged on a rep exercise is not judged against 45 s.
        let h = green_history(vec![hold(
            rpe(set(ExerciseId::TempoCalfRaise, 1), Some(6.0)),
            30,
        )]);
        assert_eq!(
            advice_of(&h, ExerciseId::TempoCalfRaise).advice,
            Advice::Add
        );
    }

    #[test]
    fn a_red_session_reduces_and_the_floor_is_zero() {
        let h = green_history(vec![load(set(ExerciseId::TempoCalfRaise, 7), Some(1.0))]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Reduce);
        assert!(approx(a.suggested_load_kg, 0.0));
        assert_eq!(
            a.reason,
            "Reduce by 1 kg (to 0 kg): the last session with this exercise was red (pain 7/10)."
        );
        let h = green_history(vec![load(set(ExerciseId::TempoCalfRaise, 7), None)]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(
            (a.advice, a.current_load_kg, a.suggested_load_kg),
            (Advice::Reduce, None, None)
        );
        assert!(a.reason.starts_with("Reduce the effort"));
    }

    #[test]
    fn amber_and_provisional_green_keep() {
        let h = green_history(vec![set(ExerciseId::TempoCalfRaise, 4)]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Keep);
        assert!(
            a.reason.contains("amber (pain 4/10 during)"),
            "{}",
            a.reason
        );

        let h = history(vec![simple(1, day(10), 1)], vec![], vec![]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Keep);
        assert!(a
            .reason
            .contains("next-morning check-in is not recorded yet"));
    }

    /// Baseline 1, one easy tempo session on 10 Nov with pain 1 during, and this next morning.
    fn amber_by_morning(next: CheckIn) -> ExerciseAdvice {
        let mut checkins = daily(3, &[1; 7]);
        checkins.push(next);
        let h = history(
            vec![session(
                1,
                day(10),
                vec![rpe(set(ExerciseId::TempoCalfRaise, 1), Some(6.0))],
            )],
            checkins,
            vec![],
        );
        advice_of(&h, ExerciseId::TempoCalfRaise)
    }

    #[test]
    fn an_amber_from_painkillers_or_a_raised_morning_says_so() {
        let a = amber_by_morning(checkin_pk(day(11), 1));
        assert_eq!(a.advice, Advice::Keep);
        assert_eq!(
            a.reason,
            "Keep 20 kg: the last session was amber (painkillers taken the next morning may mask \
             pain), so stay here until a green session with every set at RPE 7 or easier."
        );
        let a = amber_by_morning(checkin(day(11), 2));
        assert_eq!(a.advice, Advice::Keep);
        assert!(
            a.reason
                .contains("amber (next-morning pain 2/10 above your baseline of 1)"),
            "{}",
            a.reason
        );
        assert!(!a.reason.contains("during"), "{}", a.reason);

        // Painkillers on the session morning, next morning not yet recorded.
        let mut checkins = daily(3, &[1; 7]);
        checkins.push(checkin_pk(day(10), 1));
        let h = history(vec![simple(1, day(10), 1)], checkins, vec![]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert!(
            a.reason
                .contains("amber (painkillers taken that morning may mask pain)"),
            "{}",
            a.reason
        );

        // Several causes are all named.
        let mut checkins = daily(3, &[1; 7]);
        checkins.push(checkin_pk(day(11), 2));
        let h = history(vec![simple(1, day(10), 4)], checkins, vec![]);
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert!(
            a.reason.contains(
                "amber (pain 4/10 during, and next-morning pain 2/10 above your baseline of 1, \
                 and painkillers taken the next morning may mask pain)"
            ),
            "{}",
            a.reason
        );
    }

    #[test]
    fn without_a_baseline_a_raised_morning_amber_names_the_morning() {
        let h = history(
            vec![simple(1, day(10), 1)],
            vec![checkin(day(11), 3)],
            vec![],
        );
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert!(
            a.reason
                .contains("amber (next-morning pain 3/10, above 2/10 with no baseline yet)"),
            "{}",
            a.reason
        );
    }

    #[test]
    fn a_red_newest_session_stops_add_for_every_exercise() {
        let mut h = green_history(vec![rpe(set(ExerciseId::TopIsoHold, 0), Some(6.0))]);
        h.sessions.push(simple(2, day(12), 8));
        let a = assess(&h, today());
        let hold_advice = a.advice_for(ExerciseId::TopIsoHold).unwrap();
        assert_eq!(hold_advice.advice, Advice::Reduce);
        assert!(
            hold_advice
                .reason
                .contains("your newest session was red (pain 8/10), so no load is added"),
            "{}",
            hold_advice.reason
        );
    }

    #[test]
    fn while_paused_by_red_advice_reduces_until_two_calm_sessions() {
        let mut checkins = daily(1, &[1; 7]);
        checkins.extend([checkin(day(9), 1), checkin(day(10), 1), checkin(day(11), 1)]);
        let easy = || vec![rpe(set(ExerciseId::TempoCalfRaise, 1), Some(6.0))];
        let mut h = history(
            vec![simple(1, day(8), 7), session(2, day(9), easy())],
            checkins,
            vec![],
        );
        // The red session on 8 Nov already brought the load down; the green session after it
        // is not reduced again, and no load is added until two calm sessions follow the red.
        let a = advice_of(&h, ExerciseId::TempoCalfRaise);
        assert_eq!(a.advice, Advice::Keep, "{}", a.reason);
        assert!(approx(a.suggested_load_kg, 20.0));
        assert_eq!(
            a.reason,
            "Keep 20 kg: the last session was green and every set felt RPE 7 or easier, but the \
             session on 8 Nov was red (pain 7/10); load goes up again after 2 calm sessions in a \
             row (1 of 2 so far)."
        );
        h.sessions.push(session(3, day(10), easy()));
        assert_eq!(
            advice_of(&h, ExerciseId::TempoCalfRaise).advice,
            Advice::Add
        );
    }

    #[test]
    fn an_exercise_not_done_since_a_red_session_still_comes_down_once() {
        let mut checkins = daily(1, &[1; 7]);
        checkins.extend([checkin(day(9), 1), checkin(day(10), 1), checkin(day(11), 1)]);
        let h = history(
            vec![
                session(
                    1,
                    day(8),
                    vec![hold(rpe(set(ExerciseId::TopIsoHold, 0), Some(6.0)), 45)],
                ),
                simple(2, day(9), 7),
                session(
                    3,
                    day(10),
                    vec![rpe(set(ExerciseId::TempoCalfRaise, 1), Some(6.0))],
                ),
            ],
            checkins,
            vec![],
        );
        let a = assess(&h, today());
        let hold_advice = a.advice_for(ExerciseId::TopIsoHold).unwrap();
        assert_eq!(hold_advice.advice, Advice::Reduce);
        assert!(
            hold_advice.reason.contains(
                "the session on 9 Nov was red (pain 7/10), so load comes down once; load goes up \
                 again after 2 calm sessions in a row (1 of 2 so far)"
            ),
            "{}",
            hold_advice.reason
        );
        assert_eq!(
            a.advice_for(ExerciseId::TempoCalfRaise).unwrap().advice,
            Advice::Keep
        );
    }

    #[test]
    fn advice_never_speaks_of_reopening_a_gate() {
        // A mid-portion plan has no gate; advice after a red speaks of load only.
        let mut checkins = daily(1, &[1; 7]);
        checkins.extend([checkin(day(9), 1), checkin(day(10), 1)]);
        let mut h = history(
            vec![
                session(
                    1,
                    day(8),
                    vec![hold(rpe(set(ExerciseId::MidIsoHold, 0), Some(6.0)), 45)],
                ),
                simple(2, day(9), 7),
                simple(3, day(10), 1),
            ],
            checkins,
            vec![],
        );
        h.profile.plan = Some(TendinopathyType::Midportion);
        let a = assess(&h, today());
        assert!(!a.advice.is_empty());
        for x in &a.advice {
            assert!(!x.reason.contains("reopen"), "{}", x.reason);
        }
    }

    #[test]
    fn advice_comes_from_the_newest_session_with_the_exercise_in_catalogue_order() {
        let mut h = green_history(vec![
            rpe(set(ExerciseId::SingleLegCalfRaise, 1), Some(6.0)),
            set(ExerciseId::TempoCalfRaise, 1),
        ]);
        // A newer session with top-iso-hold only, amber.
        h.checkins.push(checkin(day(12), 1));
        h.sessions.push(session(
            2,
            day(11),
            vec![hold(set(ExerciseId::TopIsoHold, 3), 50)],
        ));
        let a = assess(&h, today());
        let slugs: Vec<&str> = a.advice.iter().map(|x| x.exercise.slug()).collect();
        assert_eq!(
            slugs,
            vec!["top-iso-hold", "tempo-calf-raise", "single-leg-calf-raise"]
        );
        assert_eq!(
            a.advice_for(ExerciseId::SingleLegCalfRaise).unwrap().advice,
            Advice::Add
        );
        assert_eq!(
            a.advice_for(ExerciseId::TopIsoHold).unwrap().advice,
            Advice::Keep
        );
        assert!(a.advice_for(ExerciseId::HurdleJumps).is_none());
    }

    #[test]
    fn hurdle_jumps_progress_by_jumps_never_by_weight() {
        let jumps = |reps: i64, pain: i64| {
            let mut s = rpe(load(set(ExerciseId::HurdleJumps, pain), None), Some(6.0));
            s.effort = Effort::Reps(Reps::new(reps).unwrap());
            s
        };
        let a = advice_of(&green_history(vec![jumps(8, 0)]), ExerciseId::HurdleJumps);
        assert_eq!(a.advice, Advice::Add);
        assert!(
            a.reason.starts_with("Add 2 jumps per set (to 10):"),
            "{}",
            a.reason
        );
        assert!(
            !a.reason.contains("kg") && !a.reason.contains("lb"),
            "{}",
            a.reason
        );
        assert_eq!((a.current_load_kg, a.suggested_load_kg), (None, None));
        let a = advice_of(&green_history(vec![jumps(10, 0)]), ExerciseId::HurdleJumps);
        assert_eq!(a.advice, Advice::Keep);
        assert!(
            a.reason.starts_with("Keep 10 jumps per set"),
            "{}",
            a.reason
        );
        let a = advice_of(&green_history(vec![jumps(10, 7)]), ExerciseId::HurdleJumps);
        assert_eq!(a.advice, Advice::Reduce);
        assert!(
            a.reason.starts_with("Reduce by 2 jumps per set (to 8):"),
            "{}",
            a.reason
        );
    }
}
