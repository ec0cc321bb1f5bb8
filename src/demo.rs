//! `tendo demo`: fills a database with a clinician and linked runners whose rehab looks lived in,
//! so a newcomer sees a working app after one command.
//!
//! Generation is pure and deterministic (a seeded RNG per runner, dates relative to the runner's
//! "today"); [`seed`] writes each runner in one transaction through [`crate::store::bulk`].
//! Every sixth runner follows the same story:
//!
//! | n | story |
//! |---|---|
//! | 1 | insertional, right; steady progress, the hurdle-jump gate opens |
//! | 2 | mid-portion, left, loads in pounds |
//! | 3 | mixed picture with a self-selected insertional plan; a flare 3 days ago pauses the open gate |
//! | 4 | insertional with caution flags; the clinician set the threshold to 30, gate still locked |
//! | 5 | urgent red flag: referred, no plan; only check-ins and a first VISA-A since joining 5 days ago |
//! | 6 | mid-portion on both sides, painkillers now and then; stopped logging 6 days ago |

mod running;

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use chrono_tz::Tz;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::exercise::Exercise;
use crate::domain::plan::{decide, exercises_for, CurrentTriage, PlanDecision};
use crate::domain::progression::{CheckIn, SetRecord};
use crate::domain::triage::{classify, Location, TriageAnswers, TriageOutcome};
use crate::domain::values::{
    to_kg, GateThreshold, HoldSeconds, InjuredSide, LoadKg, PainScore, Reps, Rpe, SetSide, Side,
    StiffnessMinutes, TendinopathyType, Units,
};
use crate::domain::visa_a::{Q8Minutes, Q8Pattern, VisaA};
use crate::password::{self, PasswordError, Secret};
use crate::store::bulk::{
    self, AccountImport, Counts, NoteImport, RunnerImport, TestImport, TriageImport,
};
use crate::store::training::SessionInput;
use crate::store::users::Role;
use crate::store::{write_transaction, Store, StoreError};

/// The demo clinician's sign-in.
pub const CLINICIAN_EMAIL: &str = "demo-clinician@tendo.example";
/// The password of every demo account (printed by `tendo demo`; it is public, so never use demo
/// accounts for real data).
pub const PASSWORD: &str = "heel-drops-before-hill-sprints-1984";
pub const DEFAULT_RUNNERS: u32 = 6;
pub const DEFAULT_DAYS: u32 = 70;

const SEED: u64 = 0x7E4D_0DE3;
const CLINICIAN_NAME: &str = "Lena Hoffmann (physio)";
const CLINICIAN_TZ: Tz = chrono_tz::Europe::Berlin;

/// The sign-in of runner `number` (from 1).
pub fn runner_email(number: usize) -> String {
    format!("runner{number}@tendo.example")
}

/// What happens to a demo runner over the weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Story {
    Steady,
    Midportion,
    MixedFlare,
    Caution,
    Refer,
    Lapsed,
}

impl Story {
    pub const ALL: [Story; 6] = [
        Story::Steady,
        Story::Midportion,
        Story::MixedFlare,
        Story::Caution,
        Story::Refer,
        Story::Lapsed,
    ];

    /// The story of runner `number` (from 1).
    pub fn for_runner(number: usize) -> Story {
        Story::ALL[number.saturating_sub(1) % Story::ALL.len()]
    }

    fn profile(self) -> Profile {
        match self {
            Story::Steady => Profile {
                side: InjuredSide::Right,
                location: Location::Insertion,
                ticked: &[
                    "worse_after_speed",
                    "worse_with_hills",
                    "tender_at_insertion",
                ],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::Europe::Berlin,
                threshold: 25,
                end_reps: 30.0,
                morning: (3.0, 0.6),
                health: (0.52, 0.88),
                load_pace: 1.0,
                painkillers: 0.03,
                flares: &[0.35],
            },
            Story::Midportion => Profile {
                side: InjuredSide::Left,
                location: Location::Midportion,
                ticked: &["worse_in_morning", "thick_or_swollen", "pinch_tender"],
                self_selected: None,
                units: Units::Lb,
                timezone: chrono_tz::America::New_York,
                threshold: 25,
                end_reps: 28.0,
                morning: (4.0, 1.0),
                health: (0.45, 0.8),
                load_pace: 1.0,
                painkillers: 0.05,
                flares: &[0.5],
            },
            Story::MixedFlare => Profile {
                side: InjuredSide::Right,
                location: Location::Both,
                ticked: &["worse_after_speed", "worse_in_morning", "pinch_tender"],
                self_selected: Some(TendinopathyType::Insertional),
                units: Units::Kg,
                timezone: chrono_tz::Europe::London,
                threshold: 25,
                end_reps: 29.0,
                morning: (3.5, 1.0),
                health: (0.5, 0.82),
                load_pace: 1.0,
                painkillers: 0.04,
                flares: &[],
            },
            Story::Caution => Profile {
                side: InjuredSide::Left,
                location: Location::Insertion,
                ticked: &[
                    "worse_with_hills",
                    "raises_stopped_helping",
                    "night_or_rest_pain",
                    "fluoroquinolone",
                ],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::Australia::Sydney,
                threshold: 30,
                end_reps: 24.0,
                morning: (4.0, 2.0),
                health: (0.42, 0.66),
                load_pace: 0.6,
                painkillers: 0.08,
                flares: &[0.3, 0.7],
            },
            Story::Refer => Profile {
                side: InjuredSide::Right,
                location: Location::Midportion,
                ticked: &["worse_in_morning", "sudden_pop", "cannot_single_leg_raise"],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::America::Los_Angeles,
                threshold: 25,
                end_reps: 0.0,
                morning: (4.5, 4.0),
                health: (0.3, 0.3),
                load_pace: 0.0,
                painkillers: 0.3,
                flares: &[],
            },
            Story::Lapsed => Profile {
                side: InjuredSide::Both,
                location: Location::Midportion,
                ticked: &["worse_in_morning", "better_with_raises", "thick_or_swollen"],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::Europe::Madrid,
                threshold: 25,
                end_reps: 26.0,
                morning: (4.0, 2.5),
                health: (0.45, 0.62),
                load_pace: 0.8,
                painkillers: 0.15,
                flares: &[0.45],
            },
        }
    }
}

/// The fixed traits of a story.
struct Profile {
    side: InjuredSide,
    location: Location,
    ticked: &'static [&'static str],
    self_selected: Option<TendinopathyType>,
    units: Units,
    timezone: Tz,
    threshold: u8,
    /// Pain-free single-leg raises on the injured side at the end (from about 12).
    end_reps: f64,
    /// Typical morning pain at the start and at the end.
    morning: (f64, f64),
    /// VISA-A "health" from 0 to 1 at the start and at the end.
    health: (f64, f64),
    /// How much of the load progression the runner gets through (1 = all of it).
    load_pace: f64,
    /// Chance of painkillers on an ordinary morning.
    painkillers: f64,
    /// Flares, as fractions of the span.
    flares: &'static [f64],
}

const FIRST_NAMES: [&str; 12] = [
    "Maya", "Tomás", "Priya", "Jonas", "Aisha", "Sam", "Ingrid", "Kofi", "Lucía", "Declan", "Mei",
    "Ravi",
];
const LAST_NAMES: [&str; 10] = [
    "Lindqvist",
    "Ortega",
    "Nair",
    "Berg",
    "Bello",
    "Carter",
    "Halvorsen",
    "Mensah",
    "Romero",
    "Walsh",
];

fn display_name(number: usize) -> String {
    let i = number.saturating_sub(1);
    let first = FIRST_NAMES[i % FIRST_NAMES.len()];
    let last = LAST_NAMES[(i + i / FIRST_NAMES.len()) % LAST_NAMES.len()];
    format!("{first} {last}")
}

const SESSION_NOTES: [&str; 6] = [
    "Felt strong today.",
    "Tendon stiff at the start, eased after the second hold.",
    "Did these after an easy run.",
    "Short on time, kept the rests brief.",
    "Calf cooked by the last set, as it should be.",
    "Morning session before work.",
];

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, minute, 0)
        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN))
}

fn clamp_u8(v: f64, max: u8) -> u8 {
    v.round().clamp(0.0, f64::from(max)) as u8
}

/// Fast early gains that level off: 0 → 0, 1 → 1.
fn ease(p: f64) -> f64 {
    1.0 - (1.0 - p.clamp(0.0, 1.0)).powf(1.5)
}

/// A small whole-number wobble: −1 or +1 with chance `each`, else 0.
fn wobble(rng: &mut StdRng, each: f64) -> f64 {
    let r: f64 = rng.random();
    if r < each {
        -1.0
    } else if r > 1.0 - each {
        1.0
    } else {
        0.0
    }
}

/// The runner's plan, as the app would decide it from the triage.
fn plan_of(outcome: TriageOutcome, picked: Option<TendinopathyType>) -> Option<TendinopathyType> {
    let current = CurrentTriage {
        outcome,
        at: chrono::NaiveDateTime::MIN,
    };
    match decide(None, Some(current), picked) {
        PlanDecision::Plan(p) => Some(p.kind),
        _ => None,
    }
}

/// Generates runner `number`'s account and record over `days` days up to their today (as of
/// `now`, in their own time zone). Pure: the same arguments give the same runner.
pub fn runner(number: usize, days: u32, now: DateTime<Utc>) -> RunnerImport {
    let story = Story::for_runner(number);
    let profile = story.profile();
    let today = now.with_timezone(&profile.timezone).date_naive();
    Timeline::new(number, story, profile, days.max(1), today).build()
}

/// The clinician's account, created the day before the first runner's data starts.
pub fn clinician(days: u32, now: DateTime<Utc>) -> AccountImport {
    let today = now.with_timezone(&CLINICIAN_TZ).date_naive();
    AccountImport {
        email: CLINICIAN_EMAIL.to_string(),
        display_name: CLINICIAN_NAME.to_string(),
        role: Role::Clinician,
        units: Units::Kg,
        timezone: CLINICIAN_TZ,
        gate_threshold: GateThreshold::default(),
        created_at: at(today - Duration::days(i64::from(days.max(1))), 9, 0),
    }
}

/// One runner's weeks, generated day by day.
struct Timeline {
    number: usize,
    story: Story,
    profile: Profile,
    rng: StdRng,
    days: usize,
    first: NaiveDate,
    /// First and last day index with any activity.
    join: usize,
    last_active: usize,
    plan: Option<TendinopathyType>,
    outcome: TriageOutcome,
    answers: TriageAnswers,
    /// Day indexes of flare sessions.
    flares: Vec<usize>,
}

impl Timeline {
    fn new(number: usize, story: Story, profile: Profile, days: u32, today: NaiveDate) -> Self {
        let days = days as usize;
        let first = today - Duration::days(days as i64 - 1);
        let last = days - 1;
        let join = match story {
            Story::Refer => last.saturating_sub(5),
            _ => 0,
        };
        let last_active = match story {
            Story::Lapsed if days > 7 => last - 6,
            _ => last,
        };
        let answers = TriageAnswers::from_fields(
            profile.side,
            profile.location,
            profile.ticked.iter().copied(),
        );
        let outcome = classify(&answers).outcome;
        let plan = plan_of(outcome, profile.self_selected);
        Timeline {
            number,
            story,
            rng: StdRng::seed_from_u64(SEED ^ (number as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            days,
            first,
            join,
            last_active,
            plan,
            outcome,
            answers,
            flares: Vec::new(),
            profile,
        }
    }

    fn date(&self, d: usize) -> NaiveDate {
        self.first + Duration::days(d as i64)
    }

    /// How far through the span day `d` is, 0–1.
    fn progress(&self, d: usize) -> f64 {
        if self.days <= 1 {
            1.0
        } else {
            d as f64 / (self.days - 1) as f64
        }
    }

    fn within_after_flare(&self, d: usize, window: usize) -> bool {
        self.flares.iter().any(|&f| d > f && d - f <= window)
    }

    /// The typical morning pain on day `d`, before the day's wobble.
    fn morning_level(&self, d: usize) -> f64 {
        let (start, end) = self.profile.morning;
        let mut level = start + (end - start) * self.progress(d);
        for &f in &self.flares {
            if d == f + 1 {
                level += 3.0;
            }
        }
        level
    }

    fn build(mut self) -> RunnerImport {
        let session_days = self.session_days();
        self.flares = self.flare_days(&session_days);
        let checkins = self.checkins();
        let tests = self.tests();
        let sessions = self.sessions(&session_days, &tests);
        let checkin_days: Vec<NaiveDate> = checkins.iter().map(|c| c.date).collect();
        let (runs, running) = self.running(&tests, &checkin_days);
        let visa_a = self.visa_a();
        let notes = self.notes();
        let joined = self.date(self.join);
        RunnerImport {
            account: AccountImport {
                email: runner_email(self.number),
                display_name: display_name(self.number),
                role: Role::Runner,
                units: self.profile.units,
                timezone: self.profile.timezone,
                gate_threshold: GateThreshold::new(i64::from(self.profile.threshold))
                    .unwrap_or_default(),
                created_at: at(joined, 6, 30),
            },
            triage: Some(TriageImport {
                answers: self.answers.clone(),
                outcome: self.outcome,
                self_selected: self.profile.self_selected,
                created_at: at(joined, 6, 40),
            }),
            sessions,
            checkins,
            tests: tests
                .into_iter()
                .map(|(d, side, reps, notes)| TestImport {
                    performed_on: self.date(d),
                    side,
                    pain_free_reps: reps,
                    notes,
                })
                .collect(),
            runs,
            running,
            visa_a,
            linked_at: Some(at(joined, 10, 0)),
            notes,
        }
    }

    /// Monday, Wednesday and Friday, now and then skipped. The mixed-picture runner's last days
    /// are fixed: a flare 3 days ago and one calm session yesterday.
    fn session_days(&mut self) -> Vec<usize> {
        if self.plan.is_none() {
            return Vec::new();
        }
        let last = self.days - 1;
        let fixed_end = self.story == Story::MixedFlare && self.days >= 10;
        let mut out = Vec::new();
        for d in self.join..=self.last_active {
            let weekday = self.date(d).weekday();
            let planned = matches!(weekday, Weekday::Mon | Weekday::Wed | Weekday::Fri);
            let skipped = self.rng.random_bool(0.07);
            if fixed_end && d + 5 >= last {
                continue;
            }
            if planned && !skipped {
                out.push(d);
            }
        }
        if fixed_end {
            out.push(last - 3);
            out.push(last - 1);
        }
        out
    }

    fn flare_days(&mut self, sessions: &[usize]) -> Vec<usize> {
        let last = self.days - 1;
        let mut flares = Vec::new();
        if self.days >= 21 {
            for &frac in self.profile.flares {
                let from = (frac * last as f64).round() as usize;
                if let Some(&d) = sessions.iter().find(|&&d| d >= from) {
                    flares.push(d);
                }
            }
        }
        // Longer spans get the odd extra flare, never in the last stretch (the stories end there).
        if self.days > 84 {
            for &d in sessions {
                if self.progress(d) < 0.85 && self.rng.random_bool(0.015) {
                    flares.push(d);
                }
            }
        }
        if self.story == Story::MixedFlare && self.days >= 10 {
            flares.push(last - 3);
        }
        flares.sort_unstable();
        flares.dedup();
        flares
    }

    fn checkins(&mut self) -> Vec<CheckIn> {
        let mut out = Vec::new();
        let skip = if self.story == Story::Lapsed {
            0.2
        } else {
            0.1
        };
        for d in self.join..=self.last_active {
            let after_flare = self.flares.iter().any(|&f| d == f + 1);
            if !after_flare && d != self.join && self.rng.random_bool(skip) {
                continue;
            }
            let level = self.morning_level(d);
            let pain = clamp_u8(level + wobble(&mut self.rng, 0.12), 10);
            let painkillers = if after_flare {
                self.rng.random_bool(0.6)
            } else {
                self.rng.random_bool(self.profile.painkillers)
            };
            let stiffness = level * 6.0 + f64::from(self.rng.random_range(0..6u8));
            let (Ok(morning_pain), Ok(stiffness)) = (
                PainScore::new(i64::from(pain)),
                StiffnessMinutes::new(stiffness.round() as i64),
            ) else {
                continue;
            };
            out.push(CheckIn {
                date: self.date(d),
                morning_pain,
                stiffness,
                painkillers,
            });
        }
        out
    }

    /// Capacity tests every two weeks on every injured side (and the other leg, for symmetry):
    /// (day, side, pain-free reps, notes).
    fn tests(&mut self) -> Vec<(usize, Side, u16, String)> {
        let mut out = Vec::new();
        if self.plan.is_none() {
            return out;
        }
        let injured = self.profile.side.sides();
        let mut d = self.join;
        while d <= self.last_active {
            let dip = self.within_after_flare(d, 10);
            for side in Side::ALL {
                let (reps, notes) = if injured.contains(&side) {
                    let shy = if side == Side::Left && injured.len() == 2 {
                        1.0
                    } else {
                        0.0
                    };
                    let mut reps = 12.0 + (self.profile.end_reps - 12.0) * ease(self.progress(d))
                        - shy
                        + wobble(&mut self.rng, 0.25);
                    let notes = if dip {
                        reps -= 4.0;
                        "Calf still tired after the flare; stopped at the first twinge."
                    } else if d == self.join {
                        "First test: stopped when the tendon started to ache."
                    } else {
                        ""
                    };
                    (reps, notes)
                } else {
                    (31.0 + f64::from(self.rng.random_range(0..4u8)), "")
                };
                out.push((d, side, clamp_u8(reps, 100).into(), notes.to_string()));
            }
            d += 14;
        }
        out
    }

    fn sessions(
        &mut self,
        days: &[usize],
        tests: &[(usize, Side, u16, String)],
    ) -> Vec<SessionInput> {
        let Some(kind) = self.plan else {
            return Vec::new();
        };
        let exercises = exercises_for(kind);
        let injured = self.profile.side.sides();
        let threshold = u16::from(self.profile.threshold);
        // The gate as the engine will see it, tracked along the way.
        let mut calm_since_red: Option<u8> = None;
        let mut out = Vec::with_capacity(days.len());
        for &d in days {
            let newest_ok = injured.iter().all(|side| {
                tests
                    .iter()
                    .filter(|t| t.1 == *side && t.0 <= d)
                    .max_by_key(|t| t.0)
                    .is_some_and(|t| t.2 >= threshold)
            });
            let paused = calm_since_red.is_some_and(|calm| calm < 2);
            let gate_open = newest_ok && !paused;
            let flare = self.flares.contains(&d);
            let mut sets = Vec::new();
            for ex in exercises.iter().filter(|e| !e.gated || gate_open) {
                for side in ex.row_sides(self.profile.side) {
                    let hurt = match side {
                        SetSide::Left => injured.contains(&Side::Left),
                        SetSide::Right => injured.contains(&Side::Right),
                        SetSide::Both => true,
                    };
                    self.push_sets(&mut sets, ex, side, hurt, d, flare);
                }
            }
            calm_since_red = if flare {
                Some(0)
            } else {
                calm_since_red.map(|c| c.saturating_add(1))
            };
            let notes = if flare {
                match self.story {
                    Story::MixedFlare => {
                        "Sharp pain on the tempo raises, the day after hill repeats. Stopped early."
                    }
                    _ => "Sore from the first set; pushed through and regretted it.",
                }
                .to_string()
            } else if self.rng.random_bool(0.12) {
                SESSION_NOTES[self.rng.random_range(0..SESSION_NOTES.len())].to_string()
            } else {
                String::new()
            };
            out.push(SessionInput {
                performed_on: self.date(d),
                notes,
                sets,
            });
        }
        out
    }

    /// The load for an exercise on day `d`, in 2.5 kg (or 5 lb) steps; `None` for jumps.
    fn load(&self, ex: &Exercise, d: usize) -> Option<LoadKg> {
        let (base, most) = match ex.slug {
            "top-iso-hold" | "mid-iso-hold" => (0.0, 6.0),
            "tempo-calf-raise" => (2.0, 6.0),
            "single-leg-calf-raise" => (2.0, 8.0),
            _ => return None,
        };
        let mut steps =
            base + (most * self.profile.load_pace * ease(self.progress(d)) + 0.01).floor();
        if self.within_after_flare(d, 10) || self.flares.contains(&d) {
            steps = (steps - 1.0).max(0.0);
        }
        let units = self.profile.units;
        LoadKg::from_kg(to_kg(steps * units.load_step(), units)).ok()
    }

    fn push_sets(
        &mut self,
        sets: &mut Vec<SetRecord>,
        ex: &Exercise,
        side: SetSide,
        injured: bool,
        d: usize,
        flare: bool,
    ) {
        let rows = match ex.slug {
            "tempo-calf-raise" if self.rng.random_bool(0.25) => 3,
            _ => ex.prescribed_rows(),
        };
        let load = self.load(ex, d);
        let usual = (self.morning_level(d) * 0.8).clamp(0.0, 4.0);
        // Effort per exercise and session: easy enough now and then that the advice says "add".
        let effort = [6.5, 7.0, 7.0, 7.5, 8.0][self.rng.random_range(0..5)];
        for row in 0..rows {
            let pain = if !injured {
                f64::from(self.rng.random_range(0..2u8))
            } else if flare {
                match ex.slug {
                    "top-iso-hold" | "mid-iso-hold" => {
                        4.0 + f64::from(self.rng.random_range(0..2u8))
                    }
                    _ => 6.0 + f64::from(self.rng.random_range(0..2u8)),
                }
            } else {
                (usual + wobble(&mut self.rng, 0.2)).clamp(0.0, 4.0)
            };
            let rpe = if flare {
                Some(9.0)
            } else if ex.rpe.is_some() {
                let last_bites = row + 1 == rows && self.rng.random_bool(0.3);
                Some(if last_bites { effort + 0.5 } else { effort })
            } else {
                None
            };
            let (reps, hold) = if ex.is_hold() {
                // Now and then the last hold falls short of the target.
                let short = row + 1 == rows && self.rng.random_bool(0.06);
                let secs = if short {
                    self.rng.random_range(36..45)
                } else {
                    ex.default_hold_seconds().unwrap_or(45)
                };
                (None, HoldSeconds::new(i64::from(secs)).ok())
            } else if ex.gated {
                (Reps::new(self.rng.random_range(8..=10)).ok(), None)
            } else {
                let reps = ex.default_reps().unwrap_or(8);
                // A flare cuts the last sets short.
                let reps = if flare && row + 1 == rows {
                    reps / 2
                } else {
                    reps
                };
                (Reps::new(i64::from(reps)).ok(), None)
            };
            let Ok(pain) = PainScore::new(pain.round() as i64) else {
                continue;
            };
            sets.push(SetRecord {
                exercise: ex.slug.to_string(),
                side,
                reps,
                hold,
                load,
                rpe: rpe.and_then(|r| Rpe::from_f64(r).ok()),
                pain,
            });
        }
    }

    /// VISA-A on joining and every two weeks after, improving with the tendon.
    fn visa_a(&mut self) -> Vec<(NaiveDate, VisaA)> {
        let mut out = Vec::new();
        let mut d = self.join;
        while d <= self.last_active {
            let (start, end) = self.profile.health;
            let mut h = start + (end - start) * ease(self.progress(d));
            if self.within_after_flare(d, 10) {
                h -= 0.06;
            }
            if let Some(answers) = visa_for(h, &mut self.rng) {
                out.push((self.date(d), answers));
            }
            d += 14;
        }
        out
    }

    fn notes(&self) -> Vec<NoteImport> {
        let last = self.days - 1;
        let note = |d: usize, body: &str| NoteImport {
            body: body.to_string(),
            created_at: at(self.date(d), 12, 30),
        };
        match self.story {
            Story::Steady => vec![note(
                (0.55 * last as f64).round() as usize,
                "Good progress: loads are going up in 2.5 kg steps and mornings are calmer. Keep the holds at the very top; hurdle jumps can start once the calf-raise test reaches 25.",
            )],
            Story::MixedFlare if self.days >= 10 => vec![note(
                last - 2,
                "Flare the day after hill repeats. Drop one load step on the tempo raises, keep runs flat and easy, and leave the hurdle jumps until two calm sessions in a row.",
            )],
            Story::Caution => vec![note(
                2.min(last),
                "Night pain and a recent fluoroquinolone course reported, so we go slowly: hurdle-jump threshold raised to 30 pain-free raises.",
            )],
            Story::Refer => vec![note(
                self.join,
                "Reported a pop in the heel and cannot do a single-leg heel raise: booked for an in-person assessment before any loading.",
            )],
            _ => Vec::new(),
        }
    }
}

/// VISA-A answers for a tendon at `health` (0–1), each item wobbling a point.
fn visa_for(health: f64, rng: &mut StdRng) -> Option<VisaA> {
    let h = health.clamp(0.0, 1.0);
    let mut item = |offset: f64| clamp_u8(h * 10.0 + offset + wobble(rng, 0.2), 10);
    let q = [
        item(0.0),
        item(0.5),
        item(1.0),
        item(0.5),
        item(-0.5),
        item(-2.0),
        match h {
            h if h < 0.35 => 0,
            h if h < 0.6 => 4,
            h if h < 0.85 => 7,
            _ => 10,
        },
    ];
    let pattern = match h {
        h if h < 0.35 => Q8Pattern::C,
        h if h < 0.7 => Q8Pattern::B,
        _ => Q8Pattern::A,
    };
    let minutes = match (h * 5.0).round() as u8 {
        0 => Q8Minutes::Nil,
        1 => Q8Minutes::OneToTen,
        2 => Q8Minutes::ElevenToTwenty,
        3 => Q8Minutes::TwentyOneToThirty,
        _ => Q8Minutes::OverThirty,
    };
    VisaA::new(q, pattern, minutes).ok()
}

/// Why the demo could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "demo data is already present: {0} has an account in this database. Nothing was written; \
         point DATABASE_URL at a fresh database to build the demo again."
    )]
    AlreadyPresent(String),
    #[error("could not write the demo data")]
    Store(#[from] StoreError),
    #[error("could not hash the demo password")]
    Password(#[from] PasswordError),
}

/// How big a demo to build.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub runners: u32,
    pub days: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runners: DEFAULT_RUNNERS,
            days: DEFAULT_DAYS,
        }
    }
}

/// What [`seed`] wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    pub runners: usize,
    pub days: u32,
    pub counts: Counts,
    pub elapsed: StdDuration,
}

impl Summary {
    /// The lines `tendo demo` prints.
    pub fn report(&self, database: &str) -> String {
        let c = &self.counts;
        let last_runner = runner_email(self.runners);
        let runners = if self.runners == 1 {
            last_runner
        } else {
            format!("{} … {last_runner}", runner_email(1))
        };
        format!(
            "Demo data written to {database} in {:.1} s.\n\
             \n\
             Accounts: 1 clinician and {} runners, all linked to the clinician, {} days each up to today.\n\
             Records:  {} sessions ({} sets), {} morning check-ins, {} capacity tests, {} runs,\n          \
             {} VISA-A results, {} clinician notes.\n\
             \n\
             Start the app (`tendo serve`), open http://127.0.0.1:8080/login and sign in as\n  \
             clinician  {CLINICIAN_EMAIL}\n  \
             runners    {runners}\n  \
             password   {PASSWORD}   (the same for every demo account)\n",
            self.elapsed.as_secs_f64(),
            self.runners,
            self.days,
            c.sessions,
            c.sets,
            c.checkins,
            c.tests,
            c.runs,
            c.visa_a,
            c.notes,
        )
    }
}

/// Writes the demo into `store`: refuses, writing nothing, when any demo account already exists.
/// The password is hashed once and the hash shared by every account.
pub async fn seed(store: &Store, options: Options) -> Result<Summary, DemoError> {
    let started = Instant::now();
    let now = Utc::now();
    let n = options.runners.max(1) as usize;
    let days = options.days.max(1);

    let mut emails = vec![CLINICIAN_EMAIL.to_string()];
    emails.extend((1..=n).map(runner_email));
    let taken = store
        .run(move |conn| bulk::emails_taken(conn, &emails))
        .await?;
    if let Some(email) = taken
        .iter()
        .find(|e| *e == CLINICIAN_EMAIL)
        .or(taken.first())
    {
        return Err(DemoError::AlreadyPresent(email.clone()));
    }

    let hash = password::hash(Secret::new(PASSWORD.to_string())).await?;
    let account = clinician(days, now);
    let clinician_hash = hash.clone();
    let clinician_id = store
        .run(move |conn| {
            write_transaction(conn, |conn| {
                // Checked again inside the write lock: another `tendo demo` may have raced us.
                if !bulk::emails_taken(conn, &[CLINICIAN_EMAIL.to_string()])?.is_empty() {
                    return Ok(None);
                }
                bulk::insert_account(conn, &account, &clinician_hash).map(Some)
            })
        })
        .await?
        .ok_or_else(|| DemoError::AlreadyPresent(CLINICIAN_EMAIL.to_string()))?;

    let mut counts = Counts::default();
    for number in 1..=n {
        let import = runner(number, days, now);
        let hash = hash.clone();
        let (_, written) = store
            .run(move |conn| bulk::insert_runner(conn, &import, &hash, Some(clinician_id)))
            .await?;
        counts += written;
    }
    Ok(Summary {
        runners: n,
        days,
        counts,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::running::{
        HopTest, RunKind, RunRecord, RunningHistory, StageSetting,
    };
    use crate::domain::progression::{
        assess, CapacityTest, Colour, GateState, History, Profile as EngineProfile, SessionRecord,
    };
    use crate::domain::values::DistanceKm;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
    }

    fn history(r: &RunnerImport) -> History {
        let triage = r.triage.as_ref().unwrap();
        History {
            profile: EngineProfile {
                plan: plan_of(triage.outcome, triage.self_selected),
                injured: triage.answers.side,
                threshold: r.account.gate_threshold,
                units: r.account.units,
            },
            sessions: r
                .sessions
                .iter()
                .enumerate()
                .map(|(i, s)| SessionRecord {
                    id: i as i64,
                    date: s.performed_on,
                    sets: s.sets.clone(),
                })
                .collect(),
            checkins: r.checkins.clone(),
            tests: r
                .tests
                .iter()
                .enumerate()
                .map(|(i, t)| CapacityTest {
                    id: i as i64,
                    date: t.performed_on,
                    side: t.side,
                    pain_free_reps: t.pain_free_reps,
                })
                .collect(),
            running: running_history(r),
        }
    }

    fn running_history(r: &RunnerImport) -> RunningHistory {
        let run = &r.running;
        RunningHistory {
            runs: r
                .runs
                .iter()
                .enumerate()
                .map(|(i, x)| RunRecord {
                    id: i as i64,
                    date: x.performed_on,
                    kind: RunKind::parse(x.kind).unwrap(),
                    duration_minutes: Some(x.duration_minutes),
                    distance_km: x.distance.map(DistanceKm::km),
                    pain_during: x.pain,
                })
                .collect(),
            hop_tests: run
                .hop_tests
                .iter()
                .enumerate()
                .map(|(i, h)| HopTest {
                    id: i as i64,
                    date: h.performed_on,
                    side: h.side,
                    hops: h.hops,
                    pain: h.pain,
                })
                .collect(),
            pain_free_walks: run.pain_free_walks.clone(),
            pre_injury_weekly_km: run.pre_injury_weekly_km,
            settings: run
                .settings
                .iter()
                .map(|(date, stage)| StageSetting {
                    date: *date,
                    stage: *stage,
                })
                .collect(),
        }
    }

    fn today_of(r: &RunnerImport) -> NaiveDate {
        now().with_timezone(&r.account.timezone).date_naive()
    }

    #[test]
    fn the_stories_end_at_every_running_stage() {
        for offset in 0..14 {
            let at = now() + Duration::days(offset);
            let stage = |n| {
                let r = runner(n, DEFAULT_DAYS, at);
                let today = at.with_timezone(&r.account.timezone).date_naive();
                assess(&history(&r), today).running
            };
            let stages: Vec<u8> = (1..=6).map(|n| stage(n).stage.get()).collect();
            assert_eq!(
                stage(1).stage.get(),
                3,
                "steady: the clinician moved them to speed"
            );
            assert_eq!(stage(4).stage.get(), 0, "caution: not ready");
            assert_eq!(stage(6).stage.get(), 4, "lapsed: normal training");
            for s in 0..=4 {
                assert!(
                    stages.contains(&s),
                    "stage {s} in {stages:?} (offset {offset})"
                );
            }
            assert!(stage(1).warnings.is_empty(), "{:?}", stage(1).warnings);
        }
    }

    #[test]
    fn a_generated_runner_trains_on_their_plan_with_plausible_pain() {
        let r = runner(1, DEFAULT_DAYS, now());
        let triage = r.triage.as_ref().unwrap();
        assert_eq!(triage.outcome, TriageOutcome::Insertional);
        let plan: Vec<&str> = exercises_for(TendinopathyType::Insertional)
            .iter()
            .map(|e| e.slug)
            .collect();
        // About three sessions a week over ten weeks.
        assert!(
            (25..=32).contains(&r.sessions.len()),
            "{}",
            r.sessions.len()
        );
        let mut flares = 0;
        for s in &r.sessions {
            assert!(!s.sets.is_empty());
            assert!(s
                .sets
                .iter()
                .all(|set| plan.contains(&set.exercise.as_str())));
            let holds = s
                .sets
                .iter()
                .filter(|x| x.exercise == "top-iso-hold")
                .count();
            assert_eq!(holds, 5, "five holds a session");
            let max = s.sets.iter().map(|x| x.pain.get()).max().unwrap();
            if max > 5 {
                flares += 1;
                assert!((6..=7).contains(&max));
            } else {
                assert!(max <= 4, "ordinary sessions hurt 0–4, got {max}");
            }
            for set in &s.sets {
                if let Some(load) = set.load {
                    let steps = load.kg() / 2.5;
                    assert!((steps - steps.round()).abs() < 1e-9, "2.5 kg steps");
                }
            }
        }
        assert_eq!(flares, 1, "one flare");
        let first = r.sessions.first().unwrap().performed_on;
        let last = r.sessions.last().unwrap().performed_on;
        assert!(last - first >= Duration::days(60));
        assert!(last <= today_of(&r));
        // Loads go up over the weeks.
        let heaviest = |s: &SessionInput| {
            s.sets
                .iter()
                .filter(|x| x.exercise == "tempo-calf-raise")
                .filter_map(|x| x.load.map(|l| l.kg()))
                .fold(0.0, f64::max)
        };
        assert!(heaviest(r.sessions.last().unwrap()) > heaviest(&r.sessions[0]) + 5.0);
        // Check-ins most days, some missing.
        assert!(r.checkins.len() > 55 && r.checkins.len() < 70);
        assert!(r.checkins.iter().all(|c| c.morning_pain.get() <= 7));
        // VISA-A every two weeks, improving.
        assert_eq!(r.visa_a.len(), 5);
        assert!(r.visa_a.last().unwrap().1.total() > r.visa_a[0].1.total() + 15);
        assert!(r.linked_at.is_some());
    }

    #[test]
    fn generation_is_deterministic() {
        let a = runner(3, 70, now());
        let b = runner(3, 70, now());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_ne!(
            format!("{:?}", runner(7, 70, now()).sessions),
            format!("{:?}", runner(1, 70, now()).sessions),
            "runners 1 and 7 share a story but not their numbers"
        );
    }

    #[test]
    fn the_six_stories_end_where_the_clinic_should_find_them() {
        let outcome = |n| runner(n, DEFAULT_DAYS, now()).triage.unwrap().outcome;
        assert_eq!(outcome(2), TriageOutcome::Midportion);
        assert_eq!(outcome(3), TriageOutcome::Mixed);
        assert_eq!(outcome(4), TriageOutcome::Insertional);
        assert_eq!(outcome(5), TriageOutcome::Refer);
        assert_eq!(outcome(6), TriageOutcome::Midportion);

        // On any day of the week (the sessions follow weekdays), the stories end the same way.
        for offset in 0..14 {
            let at = now() + Duration::days(offset);
            let gate = |n| {
                let r = runner(n, DEFAULT_DAYS, at);
                let today = at.with_timezone(&r.account.timezone).date_naive();
                let a = assess(&history(&r), today);
                let reds = a
                    .sessions
                    .iter()
                    .filter(|v| v.colour == Colour::Red)
                    .count();
                (a.gate.state, reds)
            };
            assert_eq!(gate(1), (GateState::Open, 1), "steady: the gate opened");
            assert_eq!(
                gate(3),
                (GateState::Paused, 1),
                "mixed: paused by the flare"
            );
            assert_eq!(
                gate(4).0,
                GateState::Locked,
                "caution: threshold 30 not reached"
            );
        }

        let mixed = runner(3, DEFAULT_DAYS, now());
        assert_eq!(
            mixed.triage.as_ref().unwrap().self_selected,
            Some(TendinopathyType::Insertional)
        );
        let verdicts = assess(&history(&mixed), today_of(&mixed)).sessions;
        assert_eq!(verdicts[1].colour, Colour::Red, "the flare 3 days ago");
        assert_ne!(verdicts[0].colour, Colour::Red, "then one calm session");
        // The gate had opened before the flare: hurdle jumps were logged.
        assert!(mixed
            .sessions
            .iter()
            .any(|s| s.sets.iter().any(|x| x.exercise == "hurdle-jumps")));

        let caution = runner(4, DEFAULT_DAYS, now());
        assert_eq!(caution.account.gate_threshold.get(), 30);
        assert!(!caution.triage.as_ref().unwrap().answers.flags.is_empty());

        let refer = runner(5, DEFAULT_DAYS, now());
        assert!(refer.sessions.is_empty() && refer.tests.is_empty());
        assert!(!refer.checkins.is_empty() && refer.visa_a.len() == 1);
        assert_eq!(refer.notes.len(), 1);

        let lapsed = runner(6, DEFAULT_DAYS, now());
        let today = today_of(&lapsed);
        let newest = lapsed
            .sessions
            .iter()
            .map(|s| s.performed_on)
            .chain(lapsed.checkins.iter().map(|c| c.date))
            .max()
            .unwrap();
        assert!(today - newest >= Duration::days(6));
        assert!(lapsed.checkins.iter().any(|c| c.painkillers));
        assert!(lapsed
            .sessions
            .iter()
            .any(|s| s.sets.iter().any(|x| x.side != SetSide::Right)));

        let pounds = runner(2, DEFAULT_DAYS, now());
        assert_eq!(pounds.account.units, Units::Lb);
        let load = pounds.sessions.last().unwrap().sets[0].load.unwrap();
        assert_eq!(
            load.display_in(Units::Lb).parse::<f64>().unwrap() % 5.0,
            0.0
        );
    }

    #[test]
    fn capacity_tests_climb_from_about_12_to_about_30() {
        let r = runner(1, DEFAULT_DAYS, now());
        let right: Vec<u16> = r
            .tests
            .iter()
            .filter(|t| t.side == Side::Right)
            .map(|t| t.pain_free_reps)
            .collect();
        assert!((11..=13).contains(&right[0]), "{right:?}");
        assert!(*right.last().unwrap() >= 27, "{right:?}");
        assert!(
            r.tests.iter().any(|t| t.side == Side::Left),
            "other leg tested"
        );
    }

    #[test]
    fn long_and_short_spans_generate_sensible_data() {
        for number in 1..=6 {
            for days in [1, 5, 14, 365] {
                let r = runner(number, days, now());
                let today = today_of(&r);
                let first = today - Duration::days(i64::from(days) - 1);
                for s in &r.sessions {
                    assert!(s.performed_on >= first && s.performed_on <= today);
                }
                for c in &r.checkins {
                    assert!(c.date >= first && c.date <= today);
                }
                for t in &r.tests {
                    assert!(t.pain_free_reps <= 40);
                }
            }
        }
        let year = runner(1, 365, now());
        assert!(year.sessions.len() > 130, "{}", year.sessions.len());
    }

    #[test]
    fn the_demo_password_is_strong() {
        assert_eq!(password::weakness(PASSWORD, &[CLINICIAN_EMAIL]), None);
    }
}
