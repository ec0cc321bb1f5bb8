//! One runner's weeks, generated day by day from their story.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::exercise::{Exercise, ExerciseId};
use crate::domain::plan::{decide, exercises_for, CurrentTriage, PlanDecision};
use crate::domain::progression::{CheckIn, Effort, SetRecord};
use crate::domain::triage::{classify, TriageAnswers, TriageOutcome};
use crate::domain::values::{
    to_kg, GateThreshold, HoldSeconds, LoadKg, PainScore, Reps, Rpe, SetSide, Side,
    StiffnessMinutes, TendinopathyType,
};
use crate::domain::visa_a::{Q8Minutes, Q8Pattern, VisaA};
use crate::store::bulk::{AccountImport, NoteImport, RunnerImport, TestImport, TriageImport};
use crate::store::training::SessionInput;
use crate::store::users::Role;

use super::stories::{display_name, Profile, Story};
use super::{runner_email, SEED};

pub(super) const SESSION_NOTES: [&str; 6] = [
    "Felt strong today.",
    "Tendon stiff at the start, eased after the second hold.",
    "Did these after an easy run.",
    "Short on time, kept the rests brief.",
    "Calf cooked by the last set, as it should be.",
    "Morning session before work.",
];

pub(super) fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, minute, 0)
        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN))
}

pub(super) fn clamp_u8(v: f64, max: u8) -> u8 {
    v.round().clamp(0.0, f64::from(max)) as u8
}

/// Fast early gains that level off: 0 → 0, 1 → 1.
pub(super) fn ease(p: f64) -> f64 {
    1.0 - (1.0 - p.clamp(0.0, 1.0)).powf(1.5)
}

/// A small whole-number wobble: −1 or +1 with chance `each`, else 0.
pub(super) fn wobble(rng: &mut StdRng, each: f64) -> f64 {
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
pub(super) fn plan_of(
    outcome: TriageOutcome,
    picked: Option<TendinopathyType>,
) -> Option<TendinopathyType> {
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
/// One runner's weeks, generated day by day.
pub(super) struct Timeline {
    pub(super) number: usize,
    pub(super) story: Story,
    pub(super) profile: Profile,
    pub(super) rng: StdRng,
    pub(super) days: usize,
    pub(super) first: NaiveDate,
    /// First and last day index with any activity.
    pub(super) join: usize,
    pub(super) last_active: usize,
    pub(super) plan: Option<TendinopathyType>,
    pub(super) outcome: TriageOutcome,
    pub(super) answers: TriageAnswers,
    /// Day indexes of flare sessions.
    pub(super) flares: Vec<usize>,
}

impl Timeline {
    pub(super) fn new(
        number: usize,
        story: Story,
        profile: Profile,
        days: u32,
        today: NaiveDate,
    ) -> Self {
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

    pub(super) fn date(&self, d: usize) -> NaiveDate {
        self.first + Duration::days(d as i64)
    }

    /// How far through the span day `d` is, 0–1.
    pub(super) fn progress(&self, d: usize) -> f64 {
        if self.days <= 1 {
            1.0
        } else {
            d as f64 / (self.days - 1) as f64
        }
    }

    pub(super) fn within_after_flare(&self, d: usize, window: usize) -> bool {
        self.flares.iter().any(|&f| d > f && d - f <= window)
    }

    /// The typical morning pain on day `d`, before the day's wobble.
    pub(super) fn morning_level(&self, d: usize) -> f64 {
        let (start, end) = self.profile.morning;
        let mut level = start + (end - start) * self.progress(d);
        for &f in &self.flares {
            if d == f + 1 {
                level += 3.0;
            }
        }
        level
    }

    pub(super) fn build(mut self) -> RunnerImport {
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
    pub(super) fn session_days(&mut self) -> Vec<usize> {
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

    pub(super) fn flare_days(&mut self, sessions: &[usize]) -> Vec<usize> {
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

    pub(super) fn checkins(&mut self) -> Vec<CheckIn> {
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
    pub(super) fn tests(&mut self) -> Vec<(usize, Side, u16, String)> {
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

    pub(super) fn sessions(
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
    pub(super) fn load(&self, ex: &Exercise, d: usize) -> Option<LoadKg> {
        let (base, most) = match ex.id {
            ExerciseId::TopIsoHold | ExerciseId::MidIsoHold => (0.0, 6.0),
            ExerciseId::TempoCalfRaise => (2.0, 6.0),
            ExerciseId::SingleLegCalfRaise => (2.0, 8.0),
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

    pub(super) fn push_sets(
        &mut self,
        sets: &mut Vec<SetRecord>,
        ex: &Exercise,
        side: SetSide,
        injured: bool,
        d: usize,
        flare: bool,
    ) {
        let rows = match ex.id {
            ExerciseId::TempoCalfRaise if self.rng.random_bool(0.25) => 3,
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
                match ex.id {
                    ExerciseId::TopIsoHold | ExerciseId::MidIsoHold => {
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
            let work = if ex.is_hold() {
                // Now and then the last hold falls short of the target.
                let short = row + 1 == rows && self.rng.random_bool(0.06);
                let secs = if short {
                    self.rng.random_range(36..45)
                } else {
                    ex.default_hold_seconds().unwrap_or(45)
                };
                HoldSeconds::new(i64::from(secs)).map(Effort::Hold)
            } else if ex.gated {
                Reps::new(self.rng.random_range(8..=10)).map(Effort::Reps)
            } else {
                let reps = ex.default_reps().unwrap_or(8);
                // A flare cuts the last sets short.
                let reps = if flare && row + 1 == rows {
                    reps / 2
                } else {
                    reps
                };
                Reps::new(i64::from(reps)).map(Effort::Reps)
            };
            let (Ok(work), Ok(pain)) = (work, PainScore::new(pain.round() as i64)) else {
                continue;
            };
            sets.push(SetRecord {
                exercise: ex.id,
                side,
                effort: work,
                load,
                rpe: rpe.and_then(|r| Rpe::from_f64(r).ok()),
                pain,
            });
        }
    }

    /// VISA-A on joining and every two weeks after, improving with the tendon.
    pub(super) fn visa_a(&mut self) -> Vec<(NaiveDate, VisaA)> {
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

    pub(super) fn notes(&self) -> Vec<NoteImport> {
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
pub(super) fn visa_for(health: f64, rng: &mut StdRng) -> Option<VisaA> {
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
