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
//!   It is applied once the next morning is recorded.
//! - **Painkillers.** A check-in that records painkillers, on the morning of the session day or on
//!   the next morning, keeps the session from being green (amber at best): pain may be masked.
//! - **Between the bands.** Pain during ≤ 2 with next-morning pain above baseline but less than 2
//!   above it is amber.
//! - **Pause.** Counting back from the newest session, the sessions in a row that are not red are
//!   the calm sessions; the gate is paused while some session is red and fewer than two calm
//!   sessions follow the newest red one. A provisional session that is not red counts as calm; if
//!   its next morning later turns it red, it becomes the newest red session and pauses again.
//! - **Advice.** Add needs a *confirmed* green (next morning recorded): a provisional green is
//!   Keep, because the next-morning response is part of being green. While a pause is pending
//!   (which includes a red newest session) every exercise is told to reduce.

pub mod running;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};

use super::values::{
    format_amount, from_kg, to_kg, GateThreshold, HoldSeconds, InjuredSide, LoadKg, PainScore,
    Reps, Rpe, Side, StiffnessMinutes, TendinopathyType, Units,
};

/// The version of these rules; printed plans and reports carry it.
pub const RULES_VERSION: &str = "2026.11-2";

/// The target length of an isometric hold, in seconds (DESIGN 2.2).
pub const HOLD_TARGET_SECONDS: u16 = 45;

/// The exercises that are isometric holds, judged against [`HOLD_TARGET_SECONDS`].
pub const HOLD_SLUGS: [&str; 2] = ["top-iso-hold", "mid-iso-hold"];

/// The catalogue's slugs in catalogue order; advice is listed in this order (unknown slugs after,
/// alphabetically).
pub const EXERCISE_SLUGS: [&str; 5] = [
    "top-iso-hold",
    "tempo-calf-raise",
    "hurdle-jumps",
    "mid-iso-hold",
    "single-leg-calf-raise",
];

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

/// Check-ins each of the two weeks needs before the weekly-rise rule is applied.
pub const MIN_CHECKINS_PER_WEEK: usize = 3;

/// Sessions in a row that are not red which reopen a paused gate.
pub const CALM_SESSIONS_TO_REOPEN: u8 = 2;

/// Every set at this RPE or easier (in a green session) earns more load.
pub const ADD_MAX_RPE: f64 = 7.0;

/// A set at this RPE or harder means the load comes down.
pub const REDUCE_MIN_RPE: f64 = 9.5;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

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

/// One logged set.
#[derive(Debug, Clone)]
pub struct SetRecord {
    /// The exercise slug.
    pub exercise: String,
    pub side: Side,
    pub reps: Option<Reps>,
    pub hold: Option<HoldSeconds>,
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
    pub running: running::RunningHistory,
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

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

/// Whether hurdle jumps may be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GateState {
    Locked,
    Open,
    Paused,
}

impl GateState {
    /// Stable lowercase name, used in HTML data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            GateState::Locked => "locked",
            GateState::Open => "open",
            GateState::Paused => "paused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GateState::Locked => "Locked",
            GateState::Open => "Open",
            GateState::Paused => "Paused",
        }
    }
}

/// The newest capacity test of one injured side, next to the other side's.
#[derive(Debug, Clone, PartialEq)]
pub struct SideReading {
    pub side: Side,
    /// Pain-free reps of the newest test on this side.
    pub newest_reps: Option<u16>,
    /// Date of that test.
    pub date: Option<NaiveDate>,
    /// Pain-free reps of the newest test on the other side.
    pub other_side_reps: Option<u16>,
    /// Limb symmetry index: this side ÷ other side × 100, rounded (saturating at 255); `None`
    /// unless both sides have a test and the other side's count is above 0.
    pub symmetry_index: Option<u8>,
}

/// The hurdle-jump gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub state: GateState,
    /// The pain-free reps needed on every injured side.
    pub threshold: u8,
    /// One reading per injured side, left first.
    pub sides: Vec<SideReading>,
    /// Why, in one line, e.g. "Locked: best pain-free single-leg raises 22 / 25 (right, 3 Nov)".
    pub reason: String,
    /// The lowest injured side's newest reps ÷ threshold, rounded down, capped at 100 (0 without a
    /// test); 100 only once the threshold is reached.
    pub progress_percent: u8,
    /// Sessions in a row that are not red, counting back from the newest session (saturating).
    pub calm_sessions_since_red: u8,
}

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
    /// The exercise slug.
    pub exercise: String,
    pub advice: Advice,
    /// One sentence with the numbers, in the runner's unit.
    pub reason: String,
    /// Heaviest load of the exercise in that session; `None` if no set recorded a load.
    pub current_load_kg: Option<f64>,
    /// The load to use next: heaviest + step (Add), unchanged (Keep), heaviest − step floored at 0
    /// (Reduce); `None` when there is no recorded load to keep or reduce.
    pub suggested_load_kg: Option<f64>,
}

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
    pub fn advice_for(&self, slug: &str) -> Option<&ExerciseAdvice> {
        self.advice.iter().find(|a| a.exercise == slug)
    }
}

// ---------------------------------------------------------------------------------------------
// The door
// ---------------------------------------------------------------------------------------------

/// Judges a runner's whole history as of `today`.
pub fn assess(history: &History, today: NaiveDate) -> Assessment {
    let checkins = index_checkins(&history.checkins);

    let mut sessions: Vec<&SessionRecord> = history.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.date, s.id));

    // Oldest first, parallel to `sessions`.
    let judged: Vec<Judged> = sessions.iter().map(|s| judge(s, &checkins)).collect();

    let runs = running_judged(history, &checkins);
    let pause = pause_state(&with_runs(&judged, &runs));
    let gate = gate(&history.profile, &history.tests, &pause);
    let advice = advise_all(&history.profile, &sessions, &judged, &pause);

    let monitor = with_runs(&judged, &runs).last().map(|j| j.verdict.colour);
    let running = running_assessment(history, &judged, &runs, today);
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

/// Each run-diary entry judged like a session, oldest first.
fn running_judged(history: &History, checkins: &CheckIns<'_>) -> Vec<Judged> {
    let mut runs: Vec<&running::RunRecord> = history.running.runs.iter().collect();
    runs.sort_by_key(|r| (r.date, r.id));
    runs.iter()
        .map(|r| {
            let mut j = judge_pain(r.id, r.date, r.pain_during.get(), "run", checkins);
            j.red_cause = j.red_cause.map(|c| format!("a run, {c}"));
            j
        })
        .collect()
}

/// Sessions and runs in one list, oldest first (a session before a run of the same day).
fn with_runs(sessions: &[Judged], runs: &[Judged]) -> Vec<Judged> {
    let mut all: Vec<Judged> = sessions
        .iter()
        .chain(runs)
        .map(|j| Judged {
            verdict: j.verdict.clone(),
            red_cause: j.red_cause.clone(),
        })
        .collect();
    all.sort_by_key(|j| j.verdict.date);
    all
}

fn running_assessment(
    history: &History,
    sessions: &[Judged],
    runs: &[Judged],
    today: NaiveDate,
) -> running::RunningAssessment {
    let judgement = |j: &Judged| running::Judgement {
        date: j.verdict.date,
        colour: j.verdict.colour,
        provisional: j.verdict.provisional,
    };
    let activities: Vec<running::Judgement> = sessions.iter().chain(runs).map(judgement).collect();
    let run_colours: Vec<(i64, running::Judgement)> = runs
        .iter()
        .map(|j| (j.verdict.session_id, judgement(j)))
        .collect();
    let p = &history.profile;
    running::assess_running(
        &running::LadderInput {
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

// ---------------------------------------------------------------------------------------------
// Pain monitor
// ---------------------------------------------------------------------------------------------

type CheckIns<'a> = BTreeMap<NaiveDate, &'a CheckIn>;

/// A verdict plus the short cause of a red, for the gate's and the advice's sentences.
struct Judged {
    verdict: SessionVerdict,
    /// E.g. "pain 7/10"; `Some` exactly when the colour is red.
    red_cause: Option<String>,
}

enum WeeklyTrend {
    NotEnoughData,
    /// Both weeks have enough check-ins; `rising` is decided exactly from sums and counts.
    Known {
        previous_mean: f64,
        current_mean: f64,
        rising: bool,
    },
}

fn index_checkins(list: &[CheckIn]) -> CheckIns<'_> {
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
fn baseline_halves(checkins: &CheckIns<'_>, date: NaiveDate) -> Option<u16> {
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

fn halves_to_f64(halves: u16) -> f64 {
    f64::from(halves) / 2.0
}

fn weekly_trend(checkins: &CheckIns<'_>, next_morning: NaiveDate) -> WeeklyTrend {
    let current = pains_between(checkins, days_before(next_morning, 6), next_morning);
    let previous = pains_between(
        checkins,
        days_before(next_morning, 13),
        days_before(next_morning, 7),
    );
    if current.len() < MIN_CHECKINS_PER_WEEK || previous.len() < MIN_CHECKINS_PER_WEEK {
        return WeeklyTrend::NotEnoughData;
    }
    let sum = |v: &[u8]| v.iter().map(|&p| u64::from(p)).sum::<u64>();
    let (sc, nc) = (sum(&current), current.len() as u64);
    let (sp, np) = (sum(&previous), previous.len() as u64);
    // current/nc − previous/np ≥ RISE  ⇔  sc·np − sp·nc ≥ RISE·nc·np (exact, no rounding).
    let rising = sc * np >= sp * nc + u64::from(WEEKLY_RISE_POINTS) * nc * np;
    WeeklyTrend::Known {
        previous_mean: sp as f64 / np as f64,
        current_mean: sc as f64 / nc as f64,
        rising,
    }
}

/// A mean for a sentence: one decimal, no trailing zero.
fn one_decimal(v: f64) -> String {
    format_amount((v * 10.0).round() / 10.0)
}

fn judge(session: &SessionRecord, checkins: &CheckIns<'_>) -> Judged {
    let during = session.sets.iter().map(|s| s.pain.get()).max().unwrap_or(0);
    judge_pain(session.id, session.date, during, "session", checkins)
}

/// Judges one session or run (`what`) from its pain during and the check-ins around it.
fn judge_pain(id: i64, date: NaiveDate, during: u8, what: &str, checkins: &CheckIns<'_>) -> Judged {
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
        }
        trend = weekly_trend(checkins, nd);
        if let WeeklyTrend::Known {
            previous_mean,
            current_mean,
            rising: true,
        } = trend
        {
            let (p, c) = (one_decimal(previous_mean), one_decimal(current_mean));
            red_clauses.push(format!(
                "mean morning pain rose week on week from {p} to {c}/10"
            ));
            red_causes.push(format!(
                "mean morning pain up from {p} to {c}/10 week on week"
            ));
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
        return Judged {
            verdict,
            red_cause: None,
        };
    };

    let nm = ci.morning_pain.get();
    let (morning_ok, morning_text) = match (base, &base_text) {
        (Some(b), Some(bt)) => {
            if 2 * u16::from(nm) <= b {
                (
                    true,
                    format!("next-morning pain {nm}/10 was not above your baseline of {bt}"),
                )
            } else {
                (
                    false,
                    format!(
                        "next-morning pain {nm}/10 was above your baseline of {bt} but less than {RED_MORNING_RISE} above it"
                    ),
                )
            }
        }
        // No baseline: only a pain-free morning is surely "not above baseline".
        _ => (
            nm == 0,
            format!(
                "next-morning pain was {nm}/10, with not enough data yet for a baseline (no check-ins in the {BASELINE_DAYS} days before)"
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
    Judged {
        verdict,
        red_cause: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Gate
// ---------------------------------------------------------------------------------------------

/// Where the pain monitor leaves the gate.
struct PauseState {
    /// Non-red sessions in a row, counting back from the newest.
    calm: usize,
    /// Date and red cause of the newest red session, if any.
    newest_red: Option<(NaiveDate, String)>,
}

impl PauseState {
    /// A red session without two calm ones after it.
    fn pending(&self) -> bool {
        self.newest_red.is_some() && self.calm < usize::from(CALM_SESSIONS_TO_REOPEN)
    }

    fn calm_u8(&self) -> u8 {
        u8::try_from(self.calm).unwrap_or(u8::MAX)
    }

    /// "the last session was red (pain 7/10)" or "the session on 3 Nov was red (pain 7/10)".
    fn red_phrase(&self) -> String {
        match &self.newest_red {
            Some((date, cause)) if self.calm > 0 => {
                format!("the session on {} was red ({cause})", short_date(*date))
            }
            Some((_, cause)) => format!("the last session was red ({cause})"),
            None => String::from("no session was red"),
        }
    }

    fn progress_phrase(&self) -> String {
        format!(
            "two calm sessions in a row reopen it ({} of {CALM_SESSIONS_TO_REOPEN} so far)",
            self.calm.min(usize::from(CALM_SESSIONS_TO_REOPEN))
        )
    }
}

fn pause_state(judged: &[Judged]) -> PauseState {
    let calm = judged
        .iter()
        .rev()
        .take_while(|j| j.verdict.colour != Colour::Red)
        .count();
    let newest_red = judged
        .iter()
        .rev()
        .find(|j| j.verdict.colour == Colour::Red)
        .map(|j| (j.verdict.date, j.red_cause.clone().unwrap_or_default()));
    PauseState { calm, newest_red }
}

fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b").to_string()
}

fn newest_test(tests: &[CapacityTest], side: Side) -> Option<&CapacityTest> {
    tests
        .iter()
        .filter(|t| t.side == side)
        .max_by_key(|t| (t.date, t.id))
}

fn symmetry(this: u16, other: u16) -> Option<u8> {
    if other == 0 {
        return None;
    }
    let lsi = (f64::from(this) * 100.0 / f64::from(other)).round();
    Some(if lsi >= 255.0 { u8::MAX } else { lsi as u8 })
}

fn reading(tests: &[CapacityTest], side: Side) -> SideReading {
    let mine = newest_test(tests, side);
    let other = newest_test(tests, side.other());
    SideReading {
        side,
        newest_reps: mine.map(|t| t.pain_free_reps),
        date: mine.map(|t| t.date),
        other_side_reps: other.map(|t| t.pain_free_reps),
        symmetry_index: match (mine, other) {
            (Some(m), Some(o)) => symmetry(m.pain_free_reps, o.pain_free_reps),
            _ => None,
        },
    }
}

fn reps_text(r: &SideReading, threshold: u8) -> String {
    let date = r.date.map(short_date).unwrap_or_default();
    format!(
        "{} / {threshold} ({}, {date})",
        r.newest_reps.unwrap_or(0),
        r.side.as_str()
    )
}

fn gate(profile: &Profile, tests: &[CapacityTest], pause: &PauseState) -> Gate {
    let threshold = profile.threshold.get();
    let sides: Vec<SideReading> = profile
        .injured
        .sides()
        .into_iter()
        .map(|s| reading(tests, s))
        .collect();

    // The limiting side: a side without a test first, else the fewest reps (left on a tie).
    let limiting = sides
        .iter()
        .min_by(|a, b| match (a.newest_reps, b.newest_reps) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(&y),
        });
    let lowest = limiting.and_then(|r| r.newest_reps).unwrap_or(0);
    let progress_percent = (u32::from(lowest) * 100 / u32::from(threshold.max(1))).min(100) as u8;
    let all_reached = !sides.is_empty()
        && sides
            .iter()
            .all(|r| r.newest_reps.is_some_and(|n| n >= u16::from(threshold)));

    let (state, reason) = if !all_reached {
        let reason = match limiting {
            Some(r) if r.newest_reps.is_some() => format!(
                "Locked: best pain-free single-leg raises {}",
                reps_text(r, threshold)
            ),
            Some(r) => format!(
                "Locked: no calf-raise test recorded yet ({})",
                r.side.as_str()
            ),
            None => String::from("Locked: no calf-raise test recorded yet"),
        };
        (GateState::Locked, reason)
    } else if pause.pending() {
        (
            GateState::Paused,
            format!(
                "Paused: {}; {}",
                pause.red_phrase(),
                pause.progress_phrase()
            ),
        )
    } else {
        let readings: Vec<String> = sides.iter().map(|r| reps_text(r, threshold)).collect();
        (
            GateState::Open,
            format!("Open: pain-free single-leg raises {}", readings.join(", ")),
        )
    };

    Gate {
        state,
        threshold,
        sides,
        reason,
        progress_percent,
        calm_sessions_since_red: pause.calm_u8(),
    }
}

// ---------------------------------------------------------------------------------------------
// Advice
// ---------------------------------------------------------------------------------------------

fn catalogue_rank(slug: &str) -> usize {
    EXERCISE_SLUGS
        .iter()
        .position(|s| *s == slug)
        .unwrap_or(EXERCISE_SLUGS.len())
}

fn advise_all(
    profile: &Profile,
    sessions: &[&SessionRecord],
    judged: &[Judged],
    pause: &PauseState,
) -> Vec<ExerciseAdvice> {
    // Newest session containing each exercise (sessions are oldest first, so later wins).
    let mut newest: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in sessions.iter().enumerate() {
        for set in &s.sets {
            newest.insert(set.exercise.as_str(), i);
        }
    }
    let newest_overall = judged.last();
    let mut out: Vec<ExerciseAdvice> = newest
        .into_iter()
        .filter_map(|(slug, i)| {
            let session = sessions.get(i)?;
            let j = judged.get(i)?;
            Some(advise(
                slug,
                session,
                j,
                newest_overall,
                pause,
                profile.units,
            ))
        })
        .collect();
    out.sort_by(|a, b| {
        (catalogue_rank(&a.exercise), &a.exercise).cmp(&(catalogue_rank(&b.exercise), &b.exercise))
    });
    out
}

/// The Reduce/Keep/Add decision before the load arithmetic, with its "because" clause.
fn decide(
    slug: &str,
    sets: &[&SetRecord],
    judged: &Judged,
    newest_overall: Option<&Judged>,
    pause: &PauseState,
) -> (Advice, String) {
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
    if pause.pending() {
        return (
            Advice::Reduce,
            format!("{}, and {}", pause.red_phrase(), pause.progress_phrase()),
        );
    }
    let hardest = sets.iter().filter_map(|s| s.rpe).max();
    if let Some(r) = hardest.filter(|r| r.value() >= REDUCE_MIN_RPE) {
        return (
            Advice::Reduce,
            format!("a set felt RPE {r}, at or above the {REDUCE_MIN_RPE} limit"),
        );
    }
    if HOLD_SLUGS.contains(&slug) {
        let shortest = sets.iter().filter_map(|s| s.hold).map(|h| h.get()).min();
        if let Some(h) = shortest.filter(|h| *h < HOLD_TARGET_SECONDS) {
            return (
                Advice::Reduce,
                format!("a hold lasted {h} s, short of the {HOLD_TARGET_SECONDS} s target"),
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
            if all_easy {
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
                "the last session was amber (pain {}/10 during), so stay here until a green session with every set at RPE {ADD_MAX_RPE} or easier",
                v.max_pain_during
            ),
        ),
    }
}

fn advise(
    slug: &str,
    session: &SessionRecord,
    judged: &Judged,
    newest_overall: Option<&Judged>,
    pause: &PauseState,
    units: Units,
) -> ExerciseAdvice {
    let sets: Vec<&SetRecord> = session.sets.iter().filter(|s| s.exercise == slug).collect();
    let current = sets
        .iter()
        .filter_map(|s| s.load.map(LoadKg::kg))
        .fold(None, |acc: Option<f64>, kg| {
            Some(acc.map_or(kg, |a| a.max(kg)))
        });
    let step_kg = to_kg(units.load_step(), units);
    let show = |kg: f64| format!("{} {}", format_amount(from_kg(kg, units)), units.as_str());

    let (advice, because) = decide(slug, &sets, judged, newest_overall, pause);
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
        exercise: slug.to_string(),
        advice,
        reason: format!("{head}: {because}."),
        current_load_kg: current,
        suggested_load_kg: suggested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // ---- builders -------------------------------------------------------------------------

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    fn today() -> NaiveDate {
        day(30)
    }

    fn set(exercise: &str, pain: i64) -> SetRecord {
        SetRecord {
            exercise: exercise.to_string(),
            side: Side::Right,
            reps: Some(Reps::new(8).unwrap()),
            hold: None,
            load: Some(LoadKg::from_kg(20.0).unwrap()),
            rpe: Some(Rpe::from_f64(7.0).unwrap()),
            pain: PainScore::new(pain).unwrap(),
        }
    }

    fn rpe(mut s: SetRecord, rpe: Option<f64>) -> SetRecord {
        s.rpe = rpe.map(|r| Rpe::from_f64(r).unwrap());
        s
    }

    fn load(mut s: SetRecord, kg: Option<f64>) -> SetRecord {
        s.load = kg.map(|k| LoadKg::from_kg(k).unwrap());
        s
    }

    fn hold(mut s: SetRecord, secs: i64) -> SetRecord {
        s.hold = Some(HoldSeconds::new(secs).unwrap());
        s.reps = None;
        s
    }

    fn session(id: i64, date: NaiveDate, sets: Vec<SetRecord>) -> SessionRecord {
        SessionRecord { id, date, sets }
    }

    /// A session of one tempo-calf-raise set at 20 kg, RPE 7, with this pain.
    fn simple(id: i64, date: NaiveDate, pain: i64) -> SessionRecord {
        session(id, date, vec![set("tempo-calf-raise", pain)])
    }

    fn checkin(date: NaiveDate, pain: i64) -> CheckIn {
        CheckIn {
            date,
            morning_pain: PainScore::new(pain).unwrap(),
            stiffness: StiffnessMinutes::parse("5").unwrap(),
            painkillers: false,
        }
    }

    fn checkin_pk(date: NaiveDate, pain: i64) -> CheckIn {
        CheckIn {
            painkillers: true,
            ..checkin(date, pain)
        }
    }

    /// Daily check-ins from `first` (a day of November) on, one per pain.
    fn daily(first: u32, pains: &[i64]) -> Vec<CheckIn> {
        pains
            .iter()
            .enumerate()
            .map(|(i, p)| checkin(day(first + i as u32), *p))
            .collect()
    }

    fn cap(id: i64, date: NaiveDate, side: Side, reps: u16) -> CapacityTest {
        CapacityTest {
            id,
            date,
            side,
            pain_free_reps: reps,
        }
    }

    fn profile(injured: InjuredSide) -> Profile {
        Profile {
            plan: Some(TendinopathyType::Insertional),
            injured,
            threshold: GateThreshold::default(),
            units: Units::Kg,
        }
    }

    fn history(
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
    fn judged_on_10th(pain_during: i64, next: Option<CheckIn>) -> SessionVerdict {
        let mut checkins = daily(3, &[1; 7]);
        checkins.extend(next);
        let a = assess(
            &history(vec![simple(1, day(10), pain_during)], checkins, vec![]),
            today(),
        );
        a.verdict_for(1).unwrap().clone()
    }

    fn approx(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    // ---- pain monitor -----------------------------------------------------------------------

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
    fn without_a_baseline_only_a_pain_free_morning_allows_green_and_none_makes_red() {
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
        let v = run(1);
        assert_eq!(v.colour, Colour::Amber);
        assert!(
            v.reason.contains("not enough data yet for a baseline"),
            "{}",
            v.reason
        );
        // Even a bad morning is not called red without a baseline to compare with.
        assert_eq!(run(9).colour, Colour::Amber);
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
        assert_eq!(HOLD_TARGET_SECONDS, 45);
    }

    // ---- gate -------------------------------------------------------------------------------

    #[test]
    fn no_test_locks_the_gate() {
        let a = assess(&history(vec![], vec![], vec![]), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: no calf-raise test recorded yet (right)"
        );
        assert_eq!(a.gate.progress_percent, 0);
        // A test of the healthy side does not count.
        let a = assess(
            &history(vec![], vec![], vec![cap(1, day(3), Side::Left, 40)]),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(a.gate.sides[0].other_side_reps, Some(40));
    }

    #[test]
    fn test_20_locks_27_opens_a_later_24_locks_again() {
        let mut tests = vec![cap(1, day(3), Side::Right, 20)];
        let a = assess(&history(vec![], vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 20 / 25 (right, 3 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 80);
        assert_eq!(a.gate.threshold, 25);

        tests.push(cap(2, day(4), Side::Right, 27));
        let a = assess(&history(vec![], vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Open);
        assert_eq!(
            a.gate.reason,
            "Open: pain-free single-leg raises 27 / 25 (right, 4 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 100);

        tests.push(cap(3, day(12), Side::Right, 24));
        let a = assess(&history(vec![], vec![], tests), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 24 / 25 (right, 12 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 96);
    }

    #[test]
    fn exactly_the_threshold_opens() {
        let a = assess(
            &history(vec![], vec![], vec![cap(1, day(3), Side::Right, 25)]),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Open);
    }

    #[test]
    fn same_date_tests_the_greater_id_is_newest() {
        let tests = vec![
            cap(9, day(5), Side::Right, 20),
            cap(4, day(5), Side::Right, 30),
        ];
        let a = assess(&history(vec![], vec![], tests), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(a.gate.sides[0].newest_reps, Some(20));
    }

    #[test]
    fn threshold_30_with_27_reps_is_locked() {
        let mut h = history(vec![], vec![], vec![cap(1, day(3), Side::Right, 27)]);
        h.profile.threshold = GateThreshold::new(30).unwrap();
        let a = assess(&h, today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 27 / 30 (right, 3 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 90);
    }

    #[test]
    fn both_sides_injured_one_below_is_locked() {
        let tests = vec![
            cap(1, day(3), Side::Left, 30),
            cap(2, day(3), Side::Right, 20),
        ];
        let mut h = history(vec![], vec![], tests);
        h.profile.injured = InjuredSide::Both;
        let a = assess(&h, today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 20 / 25 (right, 3 Nov)"
        );
        assert_eq!(a.gate.sides.len(), 2);
        assert_eq!(a.gate.sides[0].side, Side::Left);
        assert_eq!(a.gate.sides[0].symmetry_index, Some(150));
        assert_eq!(a.gate.sides[1].symmetry_index, Some(67));
        assert_eq!(a.gate.progress_percent, 80);

        h.tests.push(cap(3, day(6), Side::Right, 26));
        let a = assess(&h, today());
        assert_eq!(a.gate.state, GateState::Open);
        assert_eq!(
            a.gate.reason,
            "Open: pain-free single-leg raises 30 / 25 (left, 3 Nov), 26 / 25 (right, 6 Nov)"
        );

        // One side never tested: locked, naming that side.
        h.tests.retain(|t| t.side == Side::Right);
        let a = assess(&h, today());
        assert_eq!(
            a.gate.reason,
            "Locked: no calf-raise test recorded yet (left)"
        );
    }

    #[test]
    fn symmetry_index_is_injured_over_other_rounded() {
        let tests = vec![
            cap(1, day(3), Side::Right, 20),
            cap(2, day(3), Side::Left, 30),
            cap(3, day(1), Side::Left, 10), // older, ignored
        ];
        let a = assess(&history(vec![], vec![], tests), today());
        let r = &a.gate.sides[0];
        assert_eq!(
            (r.side, r.newest_reps, r.other_side_reps),
            (Side::Right, Some(20), Some(30))
        );
        assert_eq!(r.symmetry_index, Some(67));
        assert_eq!(r.date, Some(day(3)));
        let a = assess(
            &history(
                vec![],
                vec![],
                vec![
                    cap(1, day(3), Side::Right, 20),
                    cap(2, day(3), Side::Left, 0),
                ],
            ),
            today(),
        );
        assert_eq!(a.gate.sides[0].symmetry_index, None);
    }

    #[test]
    fn red_pauses_one_calm_keeps_it_paused_two_calm_reopen() {
        let tests = vec![cap(1, day(3), Side::Right, 27)];
        let mut sessions = vec![simple(1, day(5), 7)];
        let a = assess(&history(sessions.clone(), vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Paused);
        assert_eq!(
            a.gate.reason,
            "Paused: the last session was red (pain 7/10); two calm sessions in a row reopen it \
             (0 of 2 so far)"
        );
        assert_eq!(a.gate.calm_sessions_since_red, 0);

        sessions.push(simple(2, day(6), 1));
        let a = assess(&history(sessions.clone(), vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Paused);
        assert_eq!(
            a.gate.reason,
            "Paused: the session on 5 Nov was red (pain 7/10); two calm sessions in a row \
             reopen it (1 of 2 so far)"
        );

        sessions.push(simple(3, day(7), 4)); // amber is not red: calm
        let a = assess(&history(sessions.clone(), vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Open);
        assert_eq!(a.gate.calm_sessions_since_red, 2);

        // A fresh red pauses again.
        sessions.push(simple(4, day(8), 6));
        let a = assess(&history(sessions, vec![], tests), today());
        assert_eq!(a.gate.state, GateState::Paused);
    }

    #[test]
    fn a_red_from_the_next_morning_pauses_and_names_it() {
        let mut checkins = daily(1, &[1; 7]);
        checkins.push(checkin(day(9), 4));
        let a = assess(
            &history(
                vec![simple(1, day(8), 1)],
                checkins,
                vec![cap(1, day(3), Side::Right, 30)],
            ),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Paused);
        assert!(
            a.gate
                .reason
                .contains("(next-morning pain 4/10 against a baseline of 1)"),
            "{}",
            a.gate.reason
        );
    }

    #[test]
    fn locked_takes_precedence_over_paused() {
        let a = assess(
            &history(
                vec![simple(1, day(5), 8)],
                vec![],
                vec![cap(1, day(3), Side::Right, 20)],
            ),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Locked);
        assert!(a
            .gate
            .reason
            .starts_with("Locked: best pain-free single-leg raises 20 / 25"));
    }

    // ---- advice -----------------------------------------------------------------------------

    /// A confirmed-green session (baseline 1, next morning 1) on 10 Nov with these sets.
    fn green_history(sets: Vec<SetRecord>) -> History {
        let mut checkins = daily(3, &[1; 7]);
        checkins.push(checkin(day(11), 1));
        history(vec![session(1, day(10), sets)], checkins, vec![])
    }

    fn advice_of(h: &History, slug: &str) -> ExerciseAdvice {
        assess(h, today()).advice_for(slug).unwrap().clone()
    }

    #[test]
    fn green_and_every_set_rpe_7_or_easier_adds_2_5_kg() {
        let h = green_history(vec![
            set("tempo-calf-raise", 1),
            rpe(load(set("tempo-calf-raise", 2), Some(17.5)), Some(6.5)),
        ]);
        let a = advice_of(&h, "tempo-calf-raise");
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
            set("single-leg-calf-raise", 0),
            Some(to_kg(20.0, Units::Lb)),
        )]);
        h.profile.units = Units::Lb;
        let a = advice_of(&h, "single-leg-calf-raise");
        assert_eq!(a.advice, Advice::Add);
        assert!(approx(a.suggested_load_kg, to_kg(25.0, Units::Lb)));
        assert!(a.reason.starts_with("Add 5 lb (to 25 lb):"), "{}", a.reason);

        let mut h = green_history(vec![rpe(
            load(
                set("single-leg-calf-raise", 0),
                Some(to_kg(20.0, Units::Lb)),
            ),
            Some(9.5),
        )]);
        h.profile.units = Units::Lb;
        let a = advice_of(&h, "single-leg-calf-raise");
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
            set("tempo-calf-raise", 1),
            rpe(set("tempo-calf-raise", 1), Some(7.5)),
        ]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Keep);
        assert!(approx(a.suggested_load_kg, 20.0));
        assert!(a.reason.starts_with("Keep 20 kg:"), "{}", a.reason);
        assert!(a.reason.contains("RPE 7.5"), "{}", a.reason);

        let h = green_history(vec![
            set("tempo-calf-raise", 1),
            rpe(set("tempo-calf-raise", 1), None),
        ]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Keep);
        assert!(
            a.reason.contains("not every set has an RPE recorded"),
            "{}",
            a.reason
        );
    }

    #[test]
    fn rpe_9_5_reduces_and_9_keeps() {
        let h = green_history(vec![rpe(set("tempo-calf-raise", 1), Some(9.5))]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Reduce);
        assert!(approx(a.suggested_load_kg, 17.5));
        assert_eq!(
            a.reason,
            "Reduce by 2.5 kg (to 17.5 kg): a set felt RPE 9.5, at or above the 9.5 limit."
        );
        let h = green_history(vec![rpe(set("tempo-calf-raise", 1), Some(9.0))]);
        assert_eq!(advice_of(&h, "tempo-calf-raise").advice, Advice::Keep);
    }

    #[test]
    fn a_hold_short_of_45_s_reduces_a_hold_exercise_only() {
        let h = green_history(vec![
            hold(rpe(set("top-iso-hold", 1), Some(6.0)), 45),
            hold(rpe(set("top-iso-hold", 1), Some(6.0)), 44),
        ]);
        let a = advice_of(&h, "top-iso-hold");
        assert_eq!(a.advice, Advice::Reduce);
        assert!(
            a.reason
                .contains("a hold lasted 44 s, short of the 45 s target"),
            "{}",
            a.reason
        );

        let h = green_history(vec![hold(rpe(set("mid-iso-hold", 1), Some(6.0)), 45)]);
        assert_eq!(advice_of(&h, "mid-iso-hold").advice, Advice::Add);

        // A "hold" logged on a rep exercise is not judged against 45 s.
        let h = green_history(vec![hold(rpe(set("tempo-calf-raise", 1), Some(6.0)), 30)]);
        assert_eq!(advice_of(&h, "tempo-calf-raise").advice, Advice::Add);
    }

    #[test]
    fn a_red_session_reduces_and_the_floor_is_zero() {
        let h = green_history(vec![load(set("tempo-calf-raise", 7), Some(1.0))]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Reduce);
        assert!(approx(a.suggested_load_kg, 0.0));
        assert_eq!(
            a.reason,
            "Reduce by 1 kg (to 0 kg): the last session with this exercise was red (pain 7/10)."
        );
        let h = green_history(vec![load(set("tempo-calf-raise", 7), None)]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(
            (a.advice, a.current_load_kg, a.suggested_load_kg),
            (Advice::Reduce, None, None)
        );
        assert!(a.reason.starts_with("Reduce the effort"));
    }

    #[test]
    fn amber_and_provisional_green_keep() {
        let h = green_history(vec![set("tempo-calf-raise", 4)]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Keep);
        assert!(
            a.reason.contains("amber (pain 4/10 during)"),
            "{}",
            a.reason
        );

        let h = history(vec![simple(1, day(10), 1)], vec![], vec![]);
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Keep);
        assert!(a
            .reason
            .contains("next-morning check-in is not recorded yet"));
    }

    #[test]
    fn a_red_newest_session_stops_add_for_every_exercise() {
        let mut h = green_history(vec![rpe(set("top-iso-hold", 0), Some(6.0))]);
        h.sessions.push(simple(2, day(12), 8));
        let a = assess(&h, today());
        let hold_advice = a.advice_for("top-iso-hold").unwrap();
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
        let easy = || vec![rpe(set("tempo-calf-raise", 1), Some(6.0))];
        let mut h = history(
            vec![simple(1, day(8), 7), session(2, day(9), easy())],
            checkins,
            vec![],
        );
        let a = advice_of(&h, "tempo-calf-raise");
        assert_eq!(a.advice, Advice::Reduce);
        assert!(
            a.reason
                .contains("the session on 8 Nov was red (pain 7/10), and two calm sessions in a row reopen it (1 of 2 so far)"),
            "{}",
            a.reason
        );
        h.sessions.push(session(3, day(10), easy()));
        assert_eq!(advice_of(&h, "tempo-calf-raise").advice, Advice::Add);
    }

    #[test]
    fn advice_comes_from_the_newest_session_with_the_exercise_in_catalogue_order() {
        let mut h = green_history(vec![
            rpe(set("single-leg-calf-raise", 1), Some(6.0)),
            set("tempo-calf-raise", 1),
        ]);
        // A newer session with top-iso-hold only, amber.
        h.checkins.push(checkin(day(12), 1));
        h.sessions
            .push(session(2, day(11), vec![hold(set("top-iso-hold", 3), 50)]));
        let a = assess(&h, today());
        let slugs: Vec<&str> = a.advice.iter().map(|x| x.exercise.as_str()).collect();
        assert_eq!(
            slugs,
            vec!["top-iso-hold", "tempo-calf-raise", "single-leg-calf-raise"]
        );
        assert_eq!(
            a.advice_for("single-leg-calf-raise").unwrap().advice,
            Advice::Add
        );
        assert_eq!(a.advice_for("top-iso-hold").unwrap().advice, Advice::Keep);
        assert!(a.advice_for("hurdle-jumps").is_none());
    }

    // ---- properties -------------------------------------------------------------------------

    fn base() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
    }

    fn at(offset: u32) -> NaiveDate {
        base() + TimeDelta::days(i64::from(offset))
    }

    fn arb_set() -> impl Strategy<Value = SetRecord> {
        (
            0usize..EXERCISE_SLUGS.len(),
            prop_oneof![0i64..=2, 0i64..=10],
            prop::option::weighted(0.8, 2u8..=20),
            prop::option::of(1i64..=90),
            prop::option::of(0u32..=120),
            any::<bool>(),
        )
            .prop_map(|(ex, pain, rpe, hold, load, left)| SetRecord {
                exercise: EXERCISE_SLUGS[ex].to_string(),
                side: if left { Side::Left } else { Side::Right },
                reps: Some(Reps::new(8).unwrap()),
                hold: hold.map(|h| HoldSeconds::new(h).unwrap()),
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
            (prop_oneof![0i64..=2, 0i64..=10], prop::bool::weighted(0.2)),
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
                    .map(|(d, (p, pk))| CheckIn {
                        painkillers: pk,
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
    }
}
