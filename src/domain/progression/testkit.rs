//! Builders shared by the engine's tests.

use chrono::NaiveDate;

use super::*;
use crate::domain::exercise::ExerciseId;
use crate::domain::values::{
    GateThreshold, HoldSeconds, InjuredSide, LoadKg, PainScore, Reps, Rpe, SetSide, Side,
    StiffnessMinutes, TendinopathyType, Units,
};

pub(super) fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
}

pub(super) fn today() -> NaiveDate {
    day(30)
}

pub(super) fn set(exercise: ExerciseId, pain: i64) -> SetRecord {
    SetRecord {
        exercise,
        side: SetSide::Right,
        effort: Effort::Reps(Reps::new(8).unwrap()),
        load: Some(LoadKg::from_kg(20.0).unwrap()),
        rpe: Some(Rpe::from_f64(7.0).unwrap()),
        pain: PainScore::new(pain).unwrap(),
    }
}

pub(super) fn rpe(mut s: SetRecord, rpe: Option<f64>) -> SetRecord {
    s.rpe = rpe.map(|r| Rpe::from_f64(r).unwrap());
    s
}

pub(super) fn load(mut s: SetRecord, kg: Option<f64>) -> SetRecord {
    s.load = kg.map(|k| LoadKg::from_kg(k).unwrap());
    s
}

pub(super) fn hold(mut s: SetRecord, secs: i64) -> SetRecord {
    s.effort = Effort::Hold(HoldSeconds::new(secs).unwrap());
    s
}

pub(super) fn session(id: i64, date: NaiveDate, sets: Vec<SetRecord>) -> SessionRecord {
    SessionRecord { id, date, sets }
}

/// A session of one tempo-calf-raise set at 20 kg, RPE 7, with this pain.
pub(super) fn simple(id: i64, date: NaiveDate, pain: i64) -> SessionRecord {
    session(id, date, vec![set(ExerciseId::TempoCalfRaise, pain)])
}

pub(super) fn checkin(date: NaiveDate, pain: i64) -> CheckIn {
    CheckIn {
        date,
        morning_pain: PainScore::new(pain).unwrap(),
        stiffness: StiffnessMinutes::parse("5").unwrap(),
        painkillers: false,
    }
}

pub(super) fn with_stiffness(mut c: CheckIn, minutes: i64) -> CheckIn {
    c.stiffness = StiffnessMinutes::new(minutes).unwrap();
    c
}

pub(super) fn checkin_pk(date: NaiveDate, pain: i64) -> CheckIn {
    CheckIn {
        painkillers: true,
        ..checkin(date, pain)
    }
}

/// Daily check-ins from `first` (a day of November) on, one per pain.
pub(super) fn daily(first: u32, pains: &[i64]) -> Vec<CheckIn> {
    pains
        .iter()
        .enumerate()
        .map(|(i, p)| checkin(day(first + i as u32), *p))
        .collect()
}

pub(super) fn cap(id: i64, date: NaiveDate, side: Side, reps: u16) -> CapacityTest {
    CapacityTest {
        id,
        date,
        side,
        pain_free_reps: reps,
    }
}

pub(super) fn profile(injured: InjuredSide) -> Profile {
    Profile {
        plan: Some(TendinopathyType::Insertional),
        injured,
        threshold: GateThreshold::default(),
        units: Units::Kg,
    }
}

pub(super) fn history(
    sessions: Vec<SessionRecord>,
    checkins: Vec<CheckIn>,
    tests: Vec<CapacityTest>,
) -> History {
    History {
        profile: profile(InjuredSide::Right),
        sessions,
        checkins,
        tests,
        running: Default::default(),
    }
}

/// Baseline 1 (check-ins of 3–9 Nov at 1), a session on 10 Nov, next morning 11 Nov.
pub(super) fn judged_on_10th(pain_during: i64, next: Option<CheckIn>) -> SessionVerdict {
    let mut checkins = daily(3, &[1; 7]);
    checkins.extend(next);
    let a = assess(
        &history(vec![simple(1, day(10), pain_during)], checkins, vec![]),
        today(),
    );
    a.verdict_for(1).unwrap().clone()
}

pub(super) fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}
