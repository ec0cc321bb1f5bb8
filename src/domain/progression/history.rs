//! What the engine reads: the runner's profile and logged history (DESIGN 2.3–2.4 inputs).

use chrono::NaiveDate;

use crate::domain::exercise::ExerciseId;
use crate::domain::values::{
    GateThreshold, HoldSeconds, InjuredSide, LoadKg, PainScore, Reps, Rpe, SetSide, Side,
    StiffnessMinutes, TendinopathyType, Units,
};

/// What the rules need to know about the runner.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The current plan, if any (not used by the rules yet; carried for callers).
    pub plan: Option<TendinopathyType>,
    pub injured: InjuredSide,
    /// Pain-free single-leg raises that open the hurdle-jump gate.
    pub threshold: GateThreshold,
    /// The unit advice speaks in (the step is 2.5 kg or 5 lb).
    pub units: Units,
}

/// What one set did: a number of reps or a hold of some seconds, never both or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Reps(Reps),
    Hold(HoldSeconds),
}

impl Effort {
    /// From the two stored columns; `None` unless exactly one of them is set.
    pub fn from_parts(reps: Option<Reps>, hold: Option<HoldSeconds>) -> Option<Effort> {
        match (reps, hold) {
            (Some(r), None) => Some(Effort::Reps(r)),
            (None, Some(h)) => Some(Effort::Hold(h)),
            _ => None,
        }
    }

    /// The reps, for a rep set.
    pub fn reps(self) -> Option<Reps> {
        match self {
            Effort::Reps(r) => Some(r),
            Effort::Hold(_) => None,
        }
    }

    /// The seconds held, for a hold.
    pub fn hold(self) -> Option<HoldSeconds> {
        match self {
            Effort::Hold(h) => Some(h),
            Effort::Reps(_) => None,
        }
    }
}

/// One logged set.
#[derive(Debug, Clone)]
pub struct SetRecord {
    pub exercise: ExerciseId,
    /// The leg that did the set, or `both` for two-legged work.
    pub side: SetSide,
    pub effort: Effort,
    pub load: Option<LoadKg>,
    pub rpe: Option<Rpe>,
    /// Pain during the set.
    pub pain: PainScore,
}

/// One logged session; `id` grows with insertion order and breaks ties between same-date sessions.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: i64,
    pub date: NaiveDate,
    pub sets: Vec<SetRecord>,
}

/// The morning check-in (at most one per date).
#[derive(Debug, Clone)]
pub struct CheckIn {
    pub date: NaiveDate,
    pub morning_pain: PainScore,
    pub stiffness: StiffnessMinutes,
    /// Painkillers taken: pain may be masked.
    pub painkillers: bool,
}

/// One single-leg calf-raise capacity test.
#[derive(Debug, Clone)]
pub struct CapacityTest {
    pub id: i64,
    pub date: NaiveDate,
    pub side: Side,
    pub pain_free_reps: u16,
}

/// Everything the engine reads. The lists may arrive in any order.
#[derive(Debug, Clone)]
pub struct History {
    pub profile: Profile,
    pub sessions: Vec<SessionRecord>,
    pub checkins: Vec<CheckIn>,
    pub tests: Vec<CapacityTest>,
    /// Runs, hop tests, pain-free walks, pre-injury volume and the clinician's stage (DESIGN 2.6).
    pub running: super::running::RunningHistory,
}
