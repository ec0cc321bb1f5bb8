//! The progression engine: the hurdle-jump gate (DESIGN 2.3), the pain monitor and the load advice
//! (DESIGN 2.4).
//!
//! It has one door, [`assess`]: the runner's whole [`History`] goes in, one [`Assessment`] comes
//! out, and every page that shows a gate, a colour or a piece of advice renders that assessment.
//! The module is pure: no I/O, no clock (the caller passes `today`).
//!
//! Interpretations where the design is silent (each is tested below):
//! - **Ordering.** Sessions are ordered by `(date, id)`; capacity tests by `(date, id)` too, the
//!   newest being the greatest. If two check-ins share a date, the one later in the input wins.
//! - **Baseline.** The median morning pain of the check-ins dated in the 7 days before the session
//!   date (the session's own date excluded); with an even count, the mean of the two middle values.
//!   [`Assessment::baseline_morning_pain`] is the same median for a session done `today`.
//! - **Next morning.** The check-in dated the day after the session. Until it exists the colour
//!   rests on pain during alone and the verdict is provisional.
//! - **No baseline.** A rule about the baseline is applied only where its outcome cannot depend on
//!   the unknown baseline: next-morning pain 0 is "not above baseline" whatever it is, so green stays
//!   possible; any other next-morning pain blocks green (amber at best) and the reason says "not
//!   enough data yet"; the "2 above baseline" red rule is not applied.
//! - **Weekly rise.** Mean morning pain of the 7 days ending on the session's next morning against
//!   the 7 days before those; "rising" means up by [`WEEKLY_RISE_POINTS`] point or more. The rule
//!   needs [`MIN_CHECKINS_PER_WEEK`] check-ins in each week, else it reports "not enough data yet".
//!   It is applied once the next morning is recorded. Morning stiffness counts the same way over
//!   the same two weeks: its weekly mean up by [`WEEKLY_STIFFNESS_RISE_MINUTES`] minutes or more
//!   is red (Tendo's threshold, since rules 2026.11-4).
//! - **Painkillers.** A check-in that records painkillers, on the morning of the session day or on
//!   the next morning, keeps the session from being green (amber at best): pain may be masked.
//! - **Between the bands.** Pain during ≤ 2 with next-morning pain above baseline but less than 2
//!   above it is amber.
//! - **Pause.** Counting back from the newest session, the sessions in a row that are not red are
//!   the calm sessions; the gate is paused while some session is red and fewer than two calm
//!   sessions follow the newest red one. A provisional session that is not red counts as calm; if
//!   its next morning later turns it red, it becomes the newest red session and pauses again.
//! - **Advice.** Add needs a *confirmed* green (next morning recorded): a provisional green is
//!   Keep, because the next-morning response is part of being green. A red newest session reduces
//!   every exercise. A red session reduces once: an exercise not done since it is still told to
//!   reduce, but its next session after the red one is judged on its own (a green one is not
//!   reduced again); while the pause is pending (fewer than two calm sessions since the red one)
//!   that judgement adds no load, so a green, easy session is Keep. An amber's advice names what
//!   made it amber (pain during, a raised morning, painkillers). Advice never speaks of the gate:
//!   plans without hurdle jumps have none.

mod advice;
mod gate;
mod history;
mod monitor;
pub mod running;
#[cfg(test)]
mod testkit;

use chrono::NaiveDate;

use crate::domain::exercise::ExerciseId;
pub use advice::{Advice, ExerciseAdvice, ADD_MAX_RPE, REDUCE_MIN_RPE};
pub use gate::{Gate, GateState, SideReading, CALM_SESSIONS_TO_REOPEN};
pub use history::{CapacityTest, CheckIn, Effort, History, Profile, SessionRecord, SetRecord};
pub use monitor::{
    Colour, SessionVerdict, ACCEPTABLE_MAX_PAIN, BASELINE_DAYS, GREEN_MAX_PAIN,
    MIN_CHECKINS_PER_WEEK, RED_MORNING_RISE, WEEKLY_RISE_POINTS, WEEKLY_STIFFNESS_RISE_MINUTES,
};

use advice::advise_all;
use gate::{gate, pause_state};
use monitor::{
    baseline_halves, halves_to_f64, index_checkins, judge, judge_pain, CheckIns, Judged,
};

/// The version of these rules; printed plans and reports carry it.
pub const RULES_VERSION: &str = "2026.11-4";

/// Everything the pages show about progression, computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// [`RULES_VERSION`], for printed plans and reports.
    pub rules_version: &'static str,
    pub gate: Gate,
    /// One verdict per session, newest first.
    pub sessions: Vec<SessionVerdict>,
    /// One entry per exercise that has a logged session, in catalogue order.
    pub advice: Vec<ExerciseAdvice>,
    /// The newest session's colour; `None` without sessions.
    pub monitor: Option<Colour>,
    /// The baseline a session done today would be judged against.
    pub baseline_morning_pain: Option<f64>,
    /// One verdict per run-diary entry, newest first (`session_id` holds the run's id).
    pub runs: Vec<SessionVerdict>,
    /// The return-to-running stage (DESIGN 2.6).
    pub running: running::RunningAssessment,
}

impl Assessment {
    /// The verdict of one session.
    pub fn verdict_for(&self, session_id: i64) -> Option<&SessionVerdict> {
        self.sessions.iter().find(|v| v.session_id == session_id)
    }

    /// The advice for one exercise; `None` means "not enough data yet" (never logged).
    pub fn advice_for(&self, exercise: ExerciseId) -> Option<&ExerciseAdvice> {
        self.advice.iter().find(|a| a.exercise == exercise)
    }
}

/// Judges a runner's whole history as of `today`.
pub fn assess(history: &History, today: NaiveDate) -> Assessment {
    let checkins = index_checkins(&history.checkins);

    let mut sessions: Vec<&SessionRecord> = history.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.date, s.id));

    // Oldest first, parallel to `sessions`.
    let judged: Vec<Judged> = sessions.iter().map(|s| judge(s, &checkins)).collect();

    let runs = running::judge_runs(history, &checkins);
    let pause = pause_state(&running::with_runs(&judged, &runs));
    let gate = gate(&history.profile, &history.tests, &pause);
    let advice = advise_all(&history.profile, &sessions, &judged, &pause);

    let monitor = running::with_runs(&judged, &runs)
        .last()
        .map(|j| j.verdict.colour);
    let running = running::assess_history(history, &judged, &runs, today);
    let baseline_morning_pain = baseline_halves(&checkins, today).map(halves_to_f64);
    let verdicts = judged.into_iter().rev().map(|j| j.verdict).collect();

    Assessment {
        rules_version: RULES_VERSION,
        gate,
        sessions: verdicts,
        advice,
        monitor,
        baseline_morning_pain,
        runs: runs.into_iter().rev().map(|j| j.verdict).collect(),
        running,
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::progression::testkit::*;
    use crate::domain::progression::*;
    use crate::domain::values::*;
    use chrono::TimeDelta;
    use proptest::prelude::*;

    #[test]
    fn names_are_stable() {
        assert_eq!(
            [Colour::Green, Colour::Amber, Colour::Red].map(Colour::as_str),
            ["green", "amber", "red"]
        );
        assert_eq!(Colour::Amber.label(), "Amber");
        assert_eq!(
            [GateState::Locked, GateState::Open, GateState::Paused].map(GateState::as_str),
            ["locked", "open", "paused"]
        );
        assert_eq!(
            [Advice::Add, Advice::Keep, Advice::Reduce].map(Advice::as_str),
            ["add", "keep", "reduce"]
        );
        assert_eq!(crate::domain::exercise::HOLD_TARGET_SECONDS, 45);
    }

    #[test]
    fn the_rules_version_is_current_and_the_readme_says_what_changed() {
        assert_eq!(RULES_VERSION, "2026.11-4");
        let readme = include_str!("../../../README.md");
        assert!(readme.contains(&format!("| `{RULES_VERSION}` |")));
        assert!(readme.contains("stiffness"));
    }

    fn base() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
    }

    fn at(offset: u32) -> NaiveDate {
        base() + TimeDelta::days(i64::from(offset))
    }

    fn arb_set() -> impl Strategy<Value = SetRecord> {
        (
            0usize..crate::domain::exercise::catalogue().len(),
            prop_oneof![0i64..=2, 0i64..=10],
            prop::option::weighted(0.8, 2u8..=20),
            prop::option::of(1i64..=90),
            prop::option::of(0u32..=120),
            any::<bool>(),
        )
            .prop_map(|(ex, pain, rpe, hold, load, left)| SetRecord {
                exercise: crate::domain::exercise::catalogue()[ex].id,
                side: if left { SetSide::Left } else { SetSide::Right },
                effort: match hold {
                    Some(h) => Effort::Hold(HoldSeconds::new(h).unwrap()),
                    None => Effort::Reps(Reps::new(8).unwrap()),
                },
                load: load.map(|l| LoadKg::from_kg(f64::from(l) / 2.0).unwrap()),
                rpe: rpe.map(|r| Rpe::from_f64(f64::from(r) / 2.0).unwrap()),
                pain: PainScore::new(pain).unwrap(),
            })
    }

    fn arb_history() -> impl Strategy<Value = History> {
        let injured = prop_oneof![
            Just(InjuredSide::Left),
            Just(InjuredSide::Right),
            Just(InjuredSide::Both)
        ];
        let sessions =
            prop::collection::vec((0u32..40, prop::collection::vec(arb_set(), 0..4)), 0..8);
        let checkins = prop::collection::btree_map(
            0u32..42,
            (
                prop_oneof![0i64..=2, 0i64..=10],
                prop::bool::weighted(0.2),
                prop_oneof![0i64..=15, 0i64..=60],
            ),
            0..35,
        );
        let tests = prop::collection::vec((any::<bool>(), 0u32..40, 15u16..=40), 0..6);
        (
            injured,
            25i64..=35,
            any::<bool>(),
            sessions,
            checkins,
            tests,
        )
            .prop_map(|(injured, t, lb, sessions, checkins, tests)| History {
                profile: Profile {
                    plan: None,
                    injured,
                    threshold: GateThreshold::new(t).unwrap(),
                    units: if lb { Units::Lb } else { Units::Kg },
                },
                sessions: sessions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (d, sets))| session(i as i64, at(d), sets))
                    .collect(),
                checkins: checkins
                    .into_iter()
                    .map(|(d, (p, pk, st))| CheckIn {
                        painkillers: pk,
                        stiffness: StiffnessMinutes::new(st).unwrap(),
                        ..checkin(at(d), p)
                    })
                    .collect(),
                tests: tests
                    .into_iter()
                    .enumerate()
                    .map(|(i, (left, d, reps))| {
                        let side = if left { Side::Left } else { Side::Right };
                        cap(i as i64, at(d), side, reps)
                    })
                    .collect(),
                running: Default::default(),
            })
    }

    /// The newest test's reps on each injured side, computed here independently.
    fn newest_reps(h: &History) -> Vec<Option<u16>> {
        h.profile
            .injured
            .sides()
            .into_iter()
            .map(|side| {
                h.tests
                    .iter()
                    .filter(|t| t.side == side)
                    .max_by_key(|t| (t.date, t.id))
                    .map(|t| t.pain_free_reps)
            })
            .collect()
    }

    fn all_reach_threshold(h: &History) -> bool {
        let t = u16::from(h.profile.threshold.get());
        newest_reps(h).iter().all(|r| r.is_some_and(|r| r >= t))
    }

    /// Pause pending, from the verdicts (newest first): a red one without two non-red after it.
    fn pause_pending(a: &Assessment) -> bool {
        let calm = a
            .sessions
            .iter()
            .take_while(|v| v.colour != Colour::Red)
            .count();
        let any_red = a.sessions.iter().any(|v| v.colour == Colour::Red);
        any_red && calm < 2
    }

    /// Appends a session with pain above 5 that is the newest of all.
    fn with_red_newest(h: &History, pain: i64) -> History {
        let mut h = h.clone();
        let last = h.sessions.iter().map(|s| s.date).max().unwrap_or(base());
        h.sessions.push(simple(1_000, last, pain));
        h
    }

    proptest! {
        #[test]
        fn the_gate_never_opens_while_an_injured_side_is_below_threshold(h in arb_history()) {
            let a = assess(&h, today());
            if !all_reach_threshold(&h) {
                prop_assert_eq!(a.gate.state, GateState::Locked);
                prop_assert!(a.gate.progress_percent < 100);
            }
        }

        #[test]
        fn the_gate_opens_once_every_side_reaches_threshold_and_no_pause_is_pending(h in arb_history()) {
            let a = assess(&h, today());
            if all_reach_threshold(&h) {
                prop_assert_eq!(a.gate.progress_percent, 100);
                if a.monitor == Some(Colour::Red) {
                    prop_assert!(pause_pending(&a));
                }
                let expected = if pause_pending(&a) { GateState::Paused } else { GateState::Open };
                prop_assert_eq!(a.gate.state, expected, "{}", a.gate.reason);
            }
        }

        #[test]
        fn a_red_newest_session_pauses_an_otherwise_open_gate(h in arb_history(), pain in 6i64..=10) {
            let h = with_red_newest(&h, pain);
            let a = assess(&h, today());
            prop_assert_eq!(a.monitor, Some(Colour::Red));
            prop_assert_eq!(a.sessions[0].session_id, 1_000);
            prop_assert_ne!(a.gate.state, GateState::Open);
            if all_reach_threshold(&h) {
                prop_assert_eq!(a.gate.state, GateState::Paused);
                prop_assert!(a.gate.reason.starts_with("Paused: the last session was red"), "{}", a.gate.reason);
            }
            prop_assert!(a.advice.iter().all(|x| x.advice != Advice::Add));
        }

        #[test]
        fn advice_is_never_add_after_a_red_newest_session(h in arb_history()) {
            let a = assess(&h, today());
            if a.monitor == Some(Colour::Red) {
                prop_assert!(a.advice.iter().all(|x| x.advice != Advice::Add));
            }
            for x in &a.advice {
                prop_assert!(x.suggested_load_kg.is_none_or(|kg| kg >= 0.0));
                prop_assert!(!x.reason.is_empty());
                prop_assert!(!x.reason.contains("reopen"), "{}", x.reason);
            }
        }

        #[test]
        fn colour_is_never_green_with_pain_above_2_or_painkillers_next_morning(h in arb_history()) {
            let a = assess(&h, today());
            prop_assert_eq!(a.sessions.len(), h.sessions.len());
            for s in &h.sessions {
                let v = a.verdict_for(s.id).unwrap();
                let max = s.sets.iter().map(|x| x.pain.get()).max().unwrap_or(0);
                let next = h.checkins.iter().find(|c| Some(c.date) == s.date.succ_opt());
                prop_assert_eq!(v.max_pain_during, max);
                prop_assert_eq!(v.provisional, next.is_none());
                if max > 2 || next.is_some_and(|c| c.painkillers) {
                    prop_assert_ne!(v.colour, Colour::Green, "{}", v.reason);
                }
                if max > 5 {
                    prop_assert_eq!(v.colour, Colour::Red);
                }
            }
        }

        #[test]
        fn weekly_mean_stiffness_up_10_minutes_or_more_is_always_red(h in arb_history()) {
            let a = assess(&h, today());
            for s in &h.sessions {
                let v = a.verdict_for(s.id).unwrap();
                let Some(nd) = s.date.succ_opt() else { continue };
                if !h.checkins.iter().any(|c| c.date == nd) {
                    continue;
                }
                // The two weeks ending on the next morning, computed here independently.
                let week = |from: i64, to: i64| -> Vec<i64> {
                    h.checkins
                        .iter()
                        .filter(|c| {
                            let back = (nd - c.date).num_days();
                            (from..=to).contains(&back)
                        })
                        .map(|c| i64::from(c.stiffness.get()))
                        .collect()
                };
                let (cur, prev) = (week(0, 6), week(7, 13));
                if cur.len() < 3 || prev.len() < 3 {
                    continue;
                }
                let (sc, nc) = (cur.iter().sum::<i64>(), cur.len() as i64);
                let (sp, np) = (prev.iter().sum::<i64>(), prev.len() as i64);
                let risen = sc * np - sp * nc >= 10 * nc * np;
                if risen {
                    prop_assert_eq!(v.colour, Colour::Red, "{}", v.reason);
                }
                prop_assert_eq!(risen, v.reason.contains("stiffness rose"), "{}", v.reason);
            }
        }

        #[test]
        fn a_session_whose_next_morning_is_5_or_more_without_a_baseline_is_never_green_or_amber(
            h in arb_history(),
        ) {
            let a = assess(&h, today());
            for s in &h.sessions {
                let v = a.verdict_for(s.id).unwrap();
                let next = h.checkins.iter().find(|c| Some(c.date) == s.date.succ_opt());
                if v.baseline.is_none() && next.is_some_and(|c| c.morning_pain.get() >= 5) {
                    prop_assert_eq!(v.colour, Colour::Red, "{}", v.reason);
                }
                if v.baseline.is_none() && next.is_some_and(|c| c.morning_pain.get() > 2) {
                    prop_assert_ne!(v.colour, Colour::Green, "{}", v.reason);
                }
            }
        }
    }
}
