//! The ladder back to running (DESIGN 2.6, stages 1–4): its steps, and the replay of the run
//! diary that finds where the runner stands.

use chrono::{NaiveDate, TimeDelta};

use super::readiness::{self, Criterion};
use super::volume::{self, Weeks, SPEED_HILLS_SHARE, STAGE4_SHARE};
use super::{
    Judgement, LadderInput, RunKind, RunNote, RunRecord, RunStage, RunningAssessment, StageChange,
};
use crate::domain::progression::Colour;
use crate::domain::values::TendinopathyType;

/// Red runs in a row that step back one step (one red holds the step).
pub const RED_RUNS_TO_STEP_BACK: u8 = 2;
/// Walk/run rounds: the first run does the fewest, each counted run adds one, up to the most.
const ROUNDS: (u8, u8) = (3, 6);
/// Minutes of one walk/run round.
const ROUND_MINUTES: u16 = 5;
/// Days with no red run (and, for stage 4, with speed and hills tolerated) a stage change needs.
const CALM_DAYS: i64 = 14;

/// One step of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Readiness,
    /// Stage 1: walk `walk` min / run `run` min, repeated for 3–6 rounds.
    WalkRun {
        walk: u8,
        run: u8,
    },
    /// Stage 2: `minutes` of continuous easy running.
    Continuous {
        minutes: u8,
    },
    /// Stage 2 after 30 minutes: weekly volume grows (at most 30 % a week) to 50–60 % of
    /// pre-injury volume.
    Build,
    /// Stage 3: strides at `low`–`high` % of top speed.
    Strides {
        low: u8,
        high: u8,
    },
    /// Stage 3, insertional: hills after speed, gentle gradients first.
    Hills,
    /// Stage 3: speed and hills tolerated for two weeks while volume reaches 75–80 %.
    Tolerate,
    /// Stage 4.
    Normal,
}

impl Step {
    pub fn stage(self) -> RunStage {
        let n = match self {
            Step::Readiness => 0,
            Step::WalkRun { .. } => 1,
            Step::Continuous { .. } | Step::Build => 2,
            Step::Strides { .. } | Step::Hills | Step::Tolerate => 3,
            Step::Normal => 4,
        };
        RunStage(n)
    }

    /// Runs that must count (confirmed, not red) to move on; 0 for steps a condition ends.
    pub fn needed(self) -> u8 {
        match self {
            Step::WalkRun { .. } | Step::Continuous { .. } => 2,
            Step::Strides { .. } | Step::Hills => 3,
            _ => 0,
        }
    }

    /// Days from one run to the next that counts: 2 is "a rest day between".
    pub fn min_gap_days(self) -> i64 {
        match self {
            Step::WalkRun { .. } | Step::Continuous { .. } | Step::Strides { .. } | Step::Hills => {
                2
            }
            _ => 1,
        }
    }

    /// The shortest run that counts for the step.
    fn min_minutes(self) -> u16 {
        match self {
            Step::WalkRun { .. } => u16::from(ROUNDS.0) * ROUND_MINUTES,
            Step::Continuous { minutes } => u16::from(minutes),
            _ => 0,
        }
    }

    /// The kind of run a step needs, if only one kind counts.
    fn required_kind(self) -> Option<RunKind> {
        match self {
            Step::Strides { .. } => Some(RunKind::Speed),
            Step::Hills => Some(RunKind::Hills),
            _ => None,
        }
    }

    /// Short name: "walk 3 / run 2", "15 min continuous".
    pub fn label(self) -> String {
        match self {
            Step::Readiness => String::from("readiness"),
            Step::WalkRun { walk, run } => format!("walk {walk} / run {run}"),
            Step::Continuous { minutes } => format!("{minutes} min continuous"),
            Step::Build => String::from("building weekly volume"),
            Step::Strides { low, high } => format!("strides at {low}–{high} % of top speed"),
            Step::Hills => String::from("hills, gentle gradients first"),
            Step::Tolerate => String::from("speed and hills for two weeks"),
            Step::Normal => String::from("normal training"),
        }
    }
}

/// The steps in order. Insertional (and a runner without a plan type) gets hills as a step of
/// their own after speed; mid-portion may add gentle hills from the first strides.
pub fn steps(plan: Option<TendinopathyType>) -> Vec<Step> {
    let mut v = vec![Step::Readiness];
    v.extend([(4, 1), (3, 2), (2, 3), (1, 4)].map(|(walk, run)| Step::WalkRun { walk, run }));
    v.extend([5, 10, 15, 20, 25, 30].map(|minutes| Step::Continuous { minutes }));
    v.push(Step::Build);
    v.extend([(50, 60), (70, 80), (90, 100)].map(|(low, high)| Step::Strides { low, high }));
    if plan != Some(TendinopathyType::Midportion) {
        v.push(Step::Hills);
    }
    v.extend([Step::Tolerate, Step::Normal]);
    v
}

fn first_of(steps: &[Step], stage: RunStage) -> usize {
    steps.iter().position(|s| s.stage() == stage).unwrap_or(0)
}

fn last_of(steps: &[Step], stage: RunStage) -> usize {
    steps.iter().rposition(|s| s.stage() == stage).unwrap_or(0)
}

fn short(date: NaiveDate) -> String {
    date.format("%-d %b").to_string()
}

/// Where the replay of the diary leaves the runner.
#[derive(Debug, Clone)]
pub(super) struct Replay {
    pub steps: Vec<Step>,
    pub idx: usize,
    pub step: Step,
    pub count: u8,
    pub rounds: u8,
    pub pinned: Option<NaiveDate>,
    pub last_run: Option<NaiveDate>,
    /// The newest run that would have counted but waits for its next-morning check-in.
    pub waiting: Option<NaiveDate>,
    pub stage3_start: Option<NaiveDate>,
    pub notes: Vec<RunNote>,
    pub history: Vec<StageChange>,
    pub warnings: Vec<String>,
}

enum Event<'a> {
    Setting(Option<RunStage>),
    Run(&'a RunRecord),
}

impl Replay {
    fn go_to(&mut self, idx: usize, date: NaiveDate, reason: String) {
        let from_stage = self.step.stage();
        self.idx = idx;
        self.step = self.steps[idx];
        self.count = 0;
        if self.step.stage().get() == 3 && from_stage.get() < 3 {
            self.stage3_start = Some(date);
        }
        self.history.push(StageChange {
            date,
            stage: self.step.stage(),
            step: self.step.label(),
            reason,
        });
    }

    /// The highest step the rules may reach (a clinician's stage caps it).
    fn ceiling(&self) -> usize {
        match self.pinned {
            Some(_) => last_of(&self.steps, self.step.stage()),
            None => self.steps.len() - 1,
        }
    }

    fn floor(&self) -> usize {
        match self.pinned {
            Some(_) => first_of(&self.steps, self.step.stage()),
            None => 0,
        }
    }

    fn advance(&mut self, date: NaiveDate, reason: String) {
        if self.idx < self.ceiling() {
            if matches!(self.step, Step::WalkRun { .. }) {
                self.rounds = (self.rounds + 1).min(ROUNDS.1);
            }
            self.go_to(self.idx + 1, date, reason);
        }
    }
}

fn colour_of(input: &LadderInput<'_>, run: &RunRecord) -> Judgement {
    input
        .run_colours
        .iter()
        .find(|(id, _)| *id == run.id)
        .map(|(_, j)| *j)
        .unwrap_or(Judgement {
            date: run.date,
            colour: Colour::Green,
            provisional: true,
        })
}

/// No red running-diary entry in the 14 days ending on `date`.
fn calm_fortnight(input: &LadderInput<'_>, date: NaiveDate) -> bool {
    !input.running.runs.iter().any(|r| {
        r.kind.is_running()
            && r.date <= date
            && r.date > date - TimeDelta::days(CALM_DAYS)
            && colour_of(input, r).colour == Colour::Red
    })
}

/// A confirmed, not red run of `kind` in the 14 days ending on `date`.
fn tolerated(input: &LadderInput<'_>, kind: RunKind, date: NaiveDate) -> bool {
    input.running.runs.iter().any(|r| {
        r.kind == kind && r.date <= date && r.date > date - TimeDelta::days(CALM_DAYS) && {
            let j = colour_of(input, r);
            !j.provisional && j.colour != Colour::Red
        }
    })
}

fn share_at(input: &LadderInput<'_>, date: NaiveDate) -> Option<u32> {
    let pre = input.running.pre_injury_weekly_km?;
    volume::share_percent(volume::weeks(&input.running.runs, date).km, pre)
}

/// Steps that end on a condition rather than a count (building volume, two weeks of speed and
/// hills): checked after each run, as of its date.
fn condition_steps(r: &mut Replay, input: &LadderInput<'_>, date: NaiveDate) {
    let share = share_at(input, date);
    match r.step {
        Step::Build
            if share.is_some_and(|s| s >= SPEED_HILLS_SHARE.0) && calm_fortnight(input, date) =>
        {
            let s = share.unwrap_or(0);
            r.advance(
                date,
                format!("weekly distance reached {s} % of pre-injury volume with no red run in two weeks"),
            );
        }
        Step::Tolerate
            if share.is_some_and(|s| s >= STAGE4_SHARE.0)
                && calm_fortnight(input, date)
                && tolerated(input, RunKind::Speed, date)
                && tolerated(input, RunKind::Hills, date)
                && r.stage3_start
                    .is_some_and(|s| date - s >= TimeDelta::days(CALM_DAYS)) =>
        {
            let s = share.unwrap_or(0);
            r.advance(
                date,
                format!("speed and hills tolerated for two weeks at {s} % of pre-injury volume"),
            );
        }
        _ => {}
    }
}

/// One running run at a step of stage 1 or more; returns its note.
fn run_at_step(r: &mut Replay, input: &LadderInput<'_>, run: &RunRecord, reds: &mut u8) -> String {
    let j = colour_of(input, run);
    let previous = r.last_run.replace(run.date);
    if j.colour == Colour::Red {
        r.count = 0;
        r.waiting = None;
        *reds += 1;
        if *reds >= RED_RUNS_TO_STEP_BACK && r.idx > r.floor() {
            *reds = 0;
            r.rounds = r.rounds.saturating_sub(1).max(ROUNDS.0);
            let back = r.idx - 1;
            r.go_to(back, run.date, String::from("two red runs in a row"));
            return format!(
                "Red, the second red run in a row: stepped back to {}.",
                r.step.label()
            );
        }
        return format!("Red: {} is repeated.", r.step.label());
    }
    *reds = 0;
    if j.provisional {
        r.waiting = Some(run.date);
        return String::from(
            "Provisional: it counts once the next morning's check-in shows it was not red.",
        );
    }
    r.waiting = None;
    let step = r.step;
    if let Some(p) = previous.filter(|p| run.date - *p < TimeDelta::days(step.min_gap_days())) {
        return format!(
            "Not counted: it came too soon after the run on {} ({} needs a rest day between runs).",
            short(p),
            step.label()
        );
    }
    if let Some(kind) = step.required_kind().filter(|k| *k != run.kind) {
        return format!(
            "Counts toward volume; {} needs a {} run.",
            step.label(),
            kind.label().to_lowercase()
        );
    }
    if let Some(m) = run.duration_minutes.filter(|m| *m < step.min_minutes()) {
        return format!(
            "Not counted: {m} min is shorter than the {} min of {}.",
            step.min_minutes(),
            step.label()
        );
    }
    if step.needed() == 0 {
        return String::from("Not red: counts toward weekly volume.");
    }
    r.count += 1;
    let note = format!(
        "Counted: {} of {} runs at {}, not red.",
        r.count,
        step.needed(),
        step.label()
    );
    if matches!(step, Step::WalkRun { .. }) && r.count < step.needed() {
        r.rounds = (r.rounds + 1).min(ROUNDS.1);
    }
    if r.count >= step.needed() {
        r.advance(
            run.date,
            format!(
                "{} runs in a row at {} were not red",
                step.needed(),
                step.label()
            ),
        );
    }
    note
}

fn warn_early_kind(r: &mut Replay, input: &LadderInput<'_>, run: &RunRecord) {
    let stage = r.step.stage().get();
    let hills_step = r.steps.contains(&Step::Hills);
    let when = short(run.date);
    match run.kind {
        RunKind::Speed | RunKind::Hills if stage < 3 => r.warnings.push(format!(
            "{} on {when} came before stage 3: speed and hills wait until weekly volume reaches {}–{} % of pre-injury volume.",
            run.kind.label(),
            SPEED_HILLS_SHARE.0,
            SPEED_HILLS_SHARE.1
        )),
        RunKind::Hills
            if stage == 3
                && hills_step
                && matches!(r.step, Step::Strides { .. })
                && input.plan != Some(TendinopathyType::Midportion) =>
        {
            r.warnings.push(format!(
                "Hills on {when} came before speed was done: with insertional pain hills come last (running uphill bends the ankle up and presses on the insertion)."
            ))
        }
        _ => {}
    }
}

/// Replays the clinician's settings and the run diary in date order.
pub(super) fn replay(input: &LadderInput<'_>, today: NaiveDate) -> Replay {
    let steps = steps(input.plan);
    let mut r = Replay {
        step: steps[0],
        steps,
        idx: 0,
        count: 0,
        rounds: ROUNDS.0,
        pinned: None,
        last_run: None,
        waiting: None,
        stage3_start: None,
        notes: Vec::new(),
        history: Vec::new(),
        warnings: Vec::new(),
    };
    let mut events: Vec<(NaiveDate, u8, i64, Event<'_>)> = Vec::new();
    for s in &input.running.settings {
        events.push((s.date, 0, 0, Event::Setting(s.stage)));
    }
    for run in &input.running.runs {
        events.push((run.date, 1, run.id, Event::Run(run)));
    }
    events.sort_by_key(|(d, order, id, _)| (*d, *order, *id));

    let mut reds: u8 = 0;
    for (date, _, _, event) in events {
        match event {
            Event::Setting(Some(stage)) => {
                r.pinned = Some(date);
                reds = 0;
                r.waiting = None;
                let idx = first_of(&r.steps, stage);
                r.go_to(
                    idx,
                    date,
                    format!("set to stage {} by the clinician", stage.get()),
                );
            }
            Event::Setting(None) => {
                if r.pinned.take().is_some() {
                    r.history.push(StageChange {
                        date,
                        stage: r.step.stage(),
                        step: r.step.label(),
                        reason: String::from("handed back to the rules by the clinician"),
                    });
                }
            }
            Event::Run(run) => {
                let stage_then = r.step.stage();
                let spike = volume::is_spike(run, &input.running.runs);
                if spike {
                    r.warnings.push(volume::spike_warning(run));
                }
                let note = if !run.kind.is_running() {
                    String::from(
                        "Cross-training: judged by the pain monitor; it does not move the ladder.",
                    )
                } else {
                    if r.idx == 0 && r.pinned.is_none() {
                        let met = readiness::criteria(input, date, false)
                            .iter()
                            .all(|c| c.met);
                        if met {
                            r.go_to(1, date, String::from("every readiness criterion was met"));
                        }
                    }
                    if r.idx == 0 {
                        r.last_run = Some(date);
                        r.warnings.push(format!(
                            "The run on {} came before every readiness criterion was met.",
                            short(date)
                        ));
                        String::from("Before readiness: not counted.")
                    } else {
                        warn_early_kind(&mut r, input, run);
                        run_at_step(&mut r, input, run, &mut reds)
                    }
                };
                if run.kind.is_running() {
                    condition_steps(&mut r, input, date);
                }
                r.notes.push(RunNote {
                    run_id: run.id,
                    stage: stage_then,
                    spike,
                    note,
                });
            }
        }
    }
    if r.idx == 0
        && r.pinned.is_none()
        && readiness::criteria(input, today, true)
            .iter()
            .all(|c| c.met)
    {
        r.go_to(1, today, String::from("every readiness criterion is met"));
    }
    r.notes.reverse();
    r
}

/// Today's run in words.
fn todays_run(r: &Replay, w: &Weeks) -> String {
    match r.step {
        Step::Readiness => String::from("No running yet: work toward the readiness criteria."),
        Step::WalkRun { walk, run } => format!("walk {walk} / run {run} × {}", r.rounds),
        Step::Continuous { minutes } => format!("run {minutes} min easy, without walking breaks"),
        Step::Build if w.previous_minutes > 0 => format!(
            "easy runs; this week at most {} min in all",
            volume::weekly_cap(w.previous_minutes)
        ),
        Step::Build => String::from("easy runs of about 30 min"),
        Step::Strides { low, high } => {
            format!("an easy run with strides at {low}–{high} % of top speed")
        }
        Step::Hills => String::from("an easy run with hills, gentle gradients first"),
        Step::Tolerate => String::from("easy runs with speed and hills as tolerated"),
        Step::Normal => String::from("normal training, hills and speed included"),
    }
}

fn next_text(r: &Replay, input: &LadderInput<'_>, percent: Option<u32>) -> String {
    let after = r.steps.get(r.idx + 1).copied();
    let share = |band: (u32, u32)| match (input.running.pre_injury_weekly_km, percent) {
        (Some(_), Some(p)) => format!(
            "once weekly distance reaches {}–{} % of your pre-injury volume (now {p} %)",
            band.0, band.1
        ),
        _ => String::from("once Tendo knows your weekly volume before the injury (enter it below)"),
    };
    match (r.step, after) {
        (Step::Readiness, _) => {
            String::from("Next: stage 1, walk 4 / run 1, once every criterion is met")
        }
        (Step::Build, _) => format!(
            "Next: stage 3, speed and hills, {} with no red run in two weeks",
            share(SPEED_HILLS_SHARE)
        ),
        (Step::Tolerate, _) => format!(
            "Next: stage 4, normal training, {} with speed and hills tolerated for two weeks",
            share(STAGE4_SHARE)
        ),
        (Step::Normal, _) => {
            String::from("Keep weekly growth within 30 % and keep the pain monitor green")
        }
        (_, Some(n)) if n.stage() != r.step.stage() => {
            format!("Next: stage {}, {}", n.stage().get(), n.label())
        }
        (_, Some(n)) => format!("Next: {}", n.label()),
        (_, None) => String::new(),
    }
}

/// Builds the assessment from the replay.
pub(super) fn summarise(
    input: &LadderInput<'_>,
    today: NaiveDate,
    r: Replay,
    readiness: Vec<Criterion>,
    weeks: Weeks,
    percent: Option<u32>,
    warnings: Vec<String>,
) -> RunningAssessment {
    let stage = r.step.stage();
    let needed = r.step.needed();
    let mut reason = if r.step == Step::Readiness {
        let met = readiness.iter().filter(|c| c.met).count();
        format!(
            "Stage 0, readiness: {met} of {} criteria met",
            readiness.len()
        )
    } else if needed > 0 {
        format!(
            "Stage {}, {}: {} of {needed} runs done, not red",
            stage.get(),
            r.step.label(),
            r.count
        )
    } else {
        format!("Stage {}, {}", stage.get(), r.step.label())
    };
    if let Some(d) = r.waiting {
        reason.push_str(&format!(
            "; the run on {} counts once the next morning's check-in is in",
            short(d)
        ));
    }
    if let Some(d) = r.pinned {
        reason.push_str(&format!(" (stage set by your clinician on {})", short(d)));
    }
    let next = next_text(&r, input, percent);
    let next_run_on = match (r.step, r.last_run) {
        (Step::Readiness, _) => None,
        (step, Some(last)) => Some((last + TimeDelta::days(step.min_gap_days())).max(today)),
        (_, None) => Some(today),
    };
    RunningAssessment {
        stage,
        step: r.step,
        set_by_clinician: r.pinned,
        readiness,
        done: r.count,
        needed,
        todays_run: todays_run(&r, &weeks),
        next_run_on,
        reason,
        next,
        warnings,
        week_minutes: weeks.minutes,
        previous_week_minutes: weeks.previous_minutes,
        week_km: weeks.km,
        pre_injury_percent: percent,
        pre_injury_weekly_km: input.running.pre_injury_weekly_km,
        runs: r.notes,
        history: r.history,
    }
}
