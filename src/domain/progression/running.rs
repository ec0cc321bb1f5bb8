//! Return to running (DESIGN 2.6): readiness, the staged ladder back to hills and speed, and the
//! volume rules that watch it.
//!
//! Pure like the rest of the engine: the runner's running history and the pain monitor's colours
//! go in, one [`RunningAssessment`] comes out. Each rule is a small function that returns its
//! verdict together with the sentence that explains it.
//!
//! Interpretations where the design is silent (each is tested):
//! - **Starting.** Readiness is judged as of a date from what was recorded up to it. The ladder
//!   starts at walk 4 / run 1 on the first run made while every criterion was met; a run before
//!   that is listed as "before readiness" and counts for nothing. When every criterion is met
//!   today and no run has started the ladder yet, the stage is 1 (its first step is due).
//! - **Walking.** "Walking 30 minutes without pain" counts when a check-in of the last
//!   [`WALK_VALID_DAYS`] days says so.
//! - **Monitor not red.** The newest session or run before that date is not red.
//! - **Counting a run.** A run counts toward its step once it is confirmed (next morning
//!   recorded) and not red, was long enough for the step, is the right kind (strides need a
//!   `speed` run, the hills step a `hills` run) and respects the rest days before it. A
//!   provisional run neither counts nor resets; a red one resets the count (the step is
//!   repeated), and a second red in a row steps back one step (from walk 4 / run 1 back to
//!   readiness). Bike rides are judged but never move the ladder.
//! - **Volume.** Weekly running time (minutes of the 7 days ending on a date) watches growth, as
//!   time is always recorded; the share of pre-injury volume uses distance, as the runner gave
//!   that volume in km or miles. Stage thresholds use the low end of each band (50 % and 75 %).
//! - **Clinician.** A clinician's stage moves the runner to that stage's first step from that
//!   date; while it stands, the rules move only within that stage. "Automatic" hands back: the
//!   rules carry on from where the runner is.

mod ladder;
mod readiness;
mod volume;

use chrono::NaiveDate;

use super::{CapacityTest, Colour};
use crate::domain::values::{InjuredSide, PainScore, Side, TendinopathyType, Units};

pub use ladder::{Step, RED_RUNS_TO_STEP_BACK};
pub use readiness::{Criterion, HOP_MAX_PAIN, HOP_TARGET, WALK_MINUTES, WALK_VALID_DAYS};
pub use volume::{
    km_to_unit, unit_to_km, SPEED_HILLS_SHARE, SPIKE_LOOKBACK_DAYS, SPIKE_PERCENT, STAGE4_SHARE,
    WEEKLY_GROWTH_PERCENT,
};

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// What went into the run diary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunKind {
    WalkRun,
    Easy,
    Long,
    Speed,
    Hills,
    Race,
    Bike,
}

impl RunKind {
    pub const ALL: [RunKind; 7] = [
        RunKind::WalkRun,
        RunKind::Easy,
        RunKind::Long,
        RunKind::Speed,
        RunKind::Hills,
        RunKind::Race,
        RunKind::Bike,
    ];

    /// The stored and posted name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::WalkRun => "walk_run",
            RunKind::Easy => "easy",
            RunKind::Long => "long",
            RunKind::Speed => "speed",
            RunKind::Hills => "hills",
            RunKind::Race => "race",
            RunKind::Bike => "bike",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunKind::WalkRun => "Walk/run",
            RunKind::Easy => "Easy run",
            RunKind::Long => "Long run",
            RunKind::Speed => "Speed work",
            RunKind::Hills => "Hills",
            RunKind::Race => "Race",
            RunKind::Bike => "Bike",
        }
    }

    pub fn parse(raw: &str) -> Option<RunKind> {
        RunKind::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }

    /// Running (anything but cross-training) moves the ladder and makes volume.
    pub fn is_running(self) -> bool {
        self != RunKind::Bike
    }
}

/// One diary entry; `id` breaks ties between entries of the same date.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub id: i64,
    pub date: NaiveDate,
    pub kind: RunKind,
    /// `None` only for entries made before durations were asked.
    pub duration_minutes: Option<u16>,
    pub distance_km: Option<f64>,
    pub pain_during: PainScore,
}

/// One hop test: single-leg hops on the spot.
#[derive(Debug, Clone)]
pub struct HopTest {
    pub id: i64,
    pub date: NaiveDate,
    pub side: Side,
    pub hops: u8,
    pub pain: PainScore,
}

/// A running stage, 0 (readiness) to 4 (normal training).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunStage(u8);

impl RunStage {
    pub const MAX: u8 = 4;

    pub fn new(v: u8) -> Option<RunStage> {
        (v <= Self::MAX).then_some(RunStage(v))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "Readiness",
            1 => "Walk/run",
            2 => "Continuous easy running",
            3 => "Speed and hills",
            _ => "Normal training",
        }
    }
}

/// A clinician's setting of the stage from a date: a stage, or `None` for "automatic".
#[derive(Debug, Clone, PartialEq)]
pub struct StageSetting {
    pub date: NaiveDate,
    pub stage: Option<RunStage>,
}

/// The running part of a runner's history.
#[derive(Debug, Clone, Default)]
pub struct RunningHistory {
    pub runs: Vec<RunRecord>,
    pub hop_tests: Vec<HopTest>,
    /// Dates of check-ins that said "walked 30 minutes without pain".
    pub pain_free_walks: Vec<NaiveDate>,
    /// Weekly running distance before the injury, in km.
    pub pre_injury_weekly_km: Option<f64>,
    /// The clinician's settings, any order.
    pub settings: Vec<StageSetting>,
}

/// The pain monitor's colour of one session or run, as the ladder reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    pub date: NaiveDate,
    pub colour: Colour,
    pub provisional: bool,
}

/// What the ladder needs besides the running history.
#[derive(Debug, Clone)]
pub struct LadderInput<'a> {
    pub plan: Option<TendinopathyType>,
    pub injured: InjuredSide,
    pub threshold: u8,
    pub units: Units,
    pub running: &'a RunningHistory,
    pub capacity_tests: &'a [CapacityTest],
    /// Every session's and run's colour (for "monitor not red" and "no red run").
    pub activities: &'a [Judgement],
    /// The colour of each run, by run id.
    pub run_colours: &'a [(i64, Judgement)],
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/// How one run moved (or did not move) the ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct RunNote {
    pub run_id: i64,
    /// The stage the runner was at when this run was done.
    pub stage: RunStage,
    /// Longer than any run of the 30 days before by more than 30 %.
    pub spike: bool,
    /// One sentence: counted, held, stepped back, not counted and why.
    pub note: String,
}

/// A change of stage or step, for the stage history.
#[derive(Debug, Clone, PartialEq)]
pub struct StageChange {
    pub date: NaiveDate,
    pub stage: RunStage,
    pub step: String,
    pub reason: String,
}

/// Everything the pages show about running.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningAssessment {
    pub stage: RunStage,
    pub step: Step,
    /// Since when a clinician's stage stands; `None` while the rules decide.
    pub set_by_clinician: Option<NaiveDate>,
    /// The four readiness criteria as of today.
    pub readiness: Vec<Criterion>,
    /// Runs counted at the current step, and how many the step needs.
    pub done: u8,
    pub needed: u8,
    /// Today's run, e.g. "walk 3 / run 2 × 5".
    pub todays_run: String,
    /// The earliest day for the next run (rest days), if a run is due at all.
    pub next_run_on: Option<NaiveDate>,
    /// The state and why, e.g. "Stage 1, walk 3 / run 2: 2 of 2 runs done, not red".
    pub reason: String,
    /// What comes next.
    pub next: String,
    /// Growth-cap and spike warnings, and runs made too early.
    pub warnings: Vec<String>,
    /// Minutes run in the 7 days ending today, and in the 7 days before.
    pub week_minutes: u32,
    pub previous_week_minutes: u32,
    /// Distance run in the 7 days ending today, in km.
    pub week_km: f64,
    /// That distance as a share of pre-injury weekly volume, in whole percent.
    pub pre_injury_percent: Option<u32>,
    pub pre_injury_weekly_km: Option<f64>,
    /// One note per running-diary entry, newest first.
    pub runs: Vec<RunNote>,
    /// Every change of stage or step, oldest first.
    pub history: Vec<StageChange>,
}

impl RunningAssessment {
    pub fn note_for(&self, run_id: i64) -> Option<&RunNote> {
        self.runs.iter().find(|n| n.run_id == run_id)
    }

    /// True when every readiness criterion is met today.
    pub fn ready(&self) -> bool {
        self.readiness.iter().all(|c| c.met)
    }
}

/// Each run-diary entry judged like a session by the pain monitor, oldest first.
pub(super) fn judge_runs(
    history: &super::History,
    checkins: &super::CheckIns<'_>,
) -> Vec<super::Judged> {
    let mut runs: Vec<&RunRecord> = history.running.runs.iter().collect();
    runs.sort_by_key(|r| (r.date, r.id));
    runs.iter()
        .map(|r| {
            let mut j = super::judge_pain(r.id, r.date, r.pain_during.get(), "run", checkins);
            j.red_cause = j.red_cause.map(|c| format!("a run, {c}"));
            j
        })
        .collect()
}

/// Sessions and runs in one list, oldest first (a session before a run of the same day): a red
/// run pauses the gate like a red session.
pub(super) fn with_runs(sessions: &[super::Judged], runs: &[super::Judged]) -> Vec<super::Judged> {
    let mut all: Vec<super::Judged> = sessions
        .iter()
        .chain(runs)
        .map(|j| super::Judged {
            verdict: j.verdict.clone(),
            red_cause: j.red_cause.clone(),
            amber_cause: j.amber_cause.clone(),
        })
        .collect();
    all.sort_by_key(|j| j.verdict.date);
    all
}

/// The running part of [`super::assess`]: the ladder over the judged sessions and runs.
pub(super) fn assess_history(
    history: &super::History,
    sessions: &[super::Judged],
    runs: &[super::Judged],
    today: NaiveDate,
) -> RunningAssessment {
    let judgement = |j: &super::Judged| Judgement {
        date: j.verdict.date,
        colour: j.verdict.colour,
        provisional: j.verdict.provisional,
    };
    let activities: Vec<Judgement> = sessions.iter().chain(runs).map(judgement).collect();
    let run_colours: Vec<(i64, Judgement)> = runs
        .iter()
        .map(|j| (j.verdict.session_id, judgement(j)))
        .collect();
    let p = &history.profile;
    assess_running(
        &LadderInput {
            plan: p.plan,
            injured: p.injured,
            threshold: p.threshold.get(),
            units: p.units,
            running: &history.running,
            capacity_tests: &history.tests,
            activities: &activities,
            run_colours: &run_colours,
        },
        today,
    )
}

/// Judges the return to running as of `today`.
pub fn assess_running(input: &LadderInput<'_>, today: NaiveDate) -> RunningAssessment {
    let readiness = readiness::criteria(input, today, true);
    let replay = ladder::replay(input, today);
    let weeks = volume::weeks(&input.running.runs, today);
    let mut warnings = replay.warnings.clone();
    if replay.step.stage().get() >= 2 {
        if let Some(w) = volume::growth_warning(&weeks) {
            warnings.push(w);
        }
    }
    let pre = input.running.pre_injury_weekly_km;
    let percent = pre.and_then(|p| volume::share_percent(weeks.km, p));
    ladder::summarise(input, today, replay, readiness, weeks, percent, warnings)
}

#[cfg(test)]
mod tests;
