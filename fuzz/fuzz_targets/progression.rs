//! The progression engine's one door, `domain::progression::assess`, on histories built by
//! `arbitrary` from valid domain values: dates in a 120-day window, pains 0–10, reps 0–100,
//! thresholds 25–35, either or both sides injured, sessions of 0–15 sets on catalogue exercises.
//!
//! Never panics, and:
//! - the gate is never Open while an injured side's newest test is missing or below the
//!   threshold (it is Locked then);
//! - no exercise is told to add load when the newest session is red, and the gate is not Open;
//! - the same history in another order gives the same assessment.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{NaiveDate, TimeDelta};
use libfuzzer_sys::fuzz_target;
use tendo::domain::exercise::ExerciseId;
use tendo::domain::progression::{
    assess, Advice, CapacityTest, CheckIn, Colour, Effort, GateState, History, Profile,
    SessionRecord, SetRecord,
};
use tendo::domain::values::{
    GateThreshold, HoldSeconds, InjuredSide, LoadKg, PainScore, Reps, Rpe, Side, StiffnessMinutes,
    TendinopathyType, Units,
};

const WINDOW_DAYS: u8 = 120;

fn day(offset: u8) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2026, 8, 1).expect("a valid date");
    start + TimeDelta::days(i64::from(offset % WINDOW_DAYS))
}

#[derive(Debug, Arbitrary)]
struct FuzzSet {
    slug: u8,
    right: bool,
    reps: Option<u8>,
    hold: Option<u16>,
    /// Half-kilograms, 0–500 kg.
    load_halves: Option<u16>,
    /// Half-points, 1–10.
    rpe_halves: Option<u8>,
    pain: u8,
}

#[derive(Debug, Arbitrary)]
struct FuzzSession {
    day: u8,
    sets: Vec<FuzzSet>,
}

#[derive(Debug, Arbitrary)]
struct FuzzCheckIn {
    day: u8,
    pain: u8,
    stiffness: u16,
    painkillers: bool,
}

#[derive(Debug, Arbitrary)]
struct FuzzTest {
    day: u8,
    right: bool,
    reps: u8,
}

#[derive(Debug, Arbitrary)]
struct FuzzHistory {
    /// 0 left, 1 right, 2 both.
    injured: u8,
    threshold: u8,
    plan: Option<bool>,
    lb: bool,
    today: u8,
    sessions: Vec<FuzzSession>,
    checkins: Vec<FuzzCheckIn>,
    tests: Vec<FuzzTest>,
}

fn side(right: bool) -> Side {
    if right {
        Side::Right
    } else {
        Side::Left
    }
}

fn set(s: &FuzzSet) -> SetRecord {
    let exercise = ExerciseId::ALL[usize::from(s.slug) % ExerciseId::ALL.len()];
    let ok = "values are built in range";
    SetRecord {
        exercise,
        side: side(s.right).into(),
        effort: match s.hold {
            Some(h) => Effort::Hold(HoldSeconds::new(i64::from(h % 600) + 1).expect(ok)),
            None => Effort::Reps(Reps::new(i64::from(s.reps.unwrap_or(8) % 101)).expect(ok)),
        },
        load: s
            .load_halves
            .map(|h| LoadKg::from_kg(f64::from(h % 1001) / 2.0).expect(ok)),
        rpe: s
            .rpe_halves
            .map(|h| Rpe::from_f64(f64::from(h % 19 + 2) / 2.0).expect(ok)),
        pain: PainScore::new(i64::from(s.pain % 11)).expect(ok),
    }
}

impl FuzzHistory {
    fn build(&self) -> (History, NaiveDate) {
        let ok = "values are built in range";
        let injured = match self.injured % 3 {
            0 => InjuredSide::Left,
            1 => InjuredSide::Right,
            _ => InjuredSide::Both,
        };
        let profile = Profile {
            plan: self.plan.map(|i| {
                if i {
                    TendinopathyType::Insertional
                } else {
                    TendinopathyType::Midportion
                }
            }),
            injured,
            threshold: GateThreshold::new(25 + i64::from(self.threshold % 11)).expect(ok),
            units: if self.lb { Units::Lb } else { Units::Kg },
        };
        let sessions = self
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| SessionRecord {
                id: i as i64 + 1,
                date: day(s.day),
                sets: s.sets.iter().take(15).map(set).collect(),
            })
            .collect();
        // At most one check-in per date, as the store keeps them.
        let mut checkins: Vec<CheckIn> = Vec::new();
        for c in &self.checkins {
            let date = day(c.day);
            if checkins.iter().any(|x| x.date == date) {
                continue;
            }
            checkins.push(CheckIn {
                date,
                morning_pain: PainScore::new(i64::from(c.pain % 11)).expect(ok),
                stiffness: StiffnessMinutes::new(i64::from(c.stiffness % 1441)).expect(ok),
                painkillers: c.painkillers,
            });
        }
        let tests = self
            .tests
            .iter()
            .enumerate()
            .map(|(i, t)| CapacityTest {
                id: i as i64 + 1,
                date: day(t.day),
                side: side(t.right),
                pain_free_reps: u16::from(t.reps % 101),
            })
            .collect();
        let history = History {
            profile,
            sessions,
            checkins,
            tests,
            running: Default::default(),
        };
        (history, day(self.today))
    }
}

fuzz_target!(|input: FuzzHistory| {
    let (history, today) = input.build();
    let a = assess(&history, today);

    // Gate: every injured side needs a newest test at or above the threshold.
    let threshold = u16::from(history.profile.threshold.get());
    let short_side = history.profile.injured.sides().into_iter().find(|&s| {
        let newest = history
            .tests
            .iter()
            .filter(|t| t.side == s)
            .max_by_key(|t| (t.date, t.id));
        newest.is_none_or(|t| t.pain_free_reps < threshold)
    });
    if let Some(s) = short_side {
        assert_ne!(a.gate.state, GateState::Open, "{s:?} is short: {a:#?}");
        assert_eq!(a.gate.state, GateState::Locked, "locked takes precedence");
    }
    assert!(a.gate.progress_percent <= 100);
    assert_eq!(a.gate.threshold, history.profile.threshold.get());

    // Sessions: one verdict each, newest first.
    assert_eq!(a.sessions.len(), history.sessions.len());
    let newest = history.sessions.iter().max_by_key(|s| (s.date, s.id));
    assert_eq!(
        a.sessions.first().map(|v| v.session_id),
        newest.map(|s| s.id)
    );
    assert_eq!(a.monitor, a.sessions.first().map(|v| v.colour));
    if a.monitor == Some(Colour::Red) {
        assert!(
            a.advice.iter().all(|x| x.advice != Advice::Add),
            "add after a red session: {a:#?}"
        );
        assert_ne!(a.gate.state, GateState::Open, "open after a red session");
    }
    for v in &a.sessions {
        assert!(v.max_pain_during <= 10);
        if v.colour == Colour::Green {
            assert!(v.max_pain_during <= 2);
        }
        if v.max_pain_during > 5 {
            assert_eq!(v.colour, Colour::Red);
        }
    }

    // Advice: only for logged exercises, loads within range.
    for x in &a.advice {
        assert!(history
            .sessions
            .iter()
            .any(|s| s.sets.iter().any(|set| set.exercise == x.exercise)));
        for kg in [x.current_load_kg, x.suggested_load_kg]
            .into_iter()
            .flatten()
        {
            assert!(
                kg.is_finite() && (0.0..=LoadKg::MAX_KG).contains(&kg),
                "{kg}"
            );
        }
        assert!(!x.reason.is_empty());
    }

    // The same history in another order gives the same assessment.
    let mut shuffled = history.clone();
    shuffled.sessions.reverse();
    shuffled.checkins.reverse();
    shuffled.tests.reverse();
    assert_eq!(assess(&shuffled, today), a);
});
