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
mod stories;
mod timeline;

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::domain::values::{GateThreshold, Units};
use crate::password::{self, PasswordError, Secret};
use crate::store::bulk::{self, AccountImport, Counts, RunnerImport};
use crate::store::users::Role;
use crate::store::{write_transaction, Store, StoreError};

use stories::Story;
use timeline::{at, clamp_u8, Timeline};

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
    use super::timeline::plan_of;
    use super::*;
    use crate::domain::plan::exercises_for;
    use crate::domain::progression::running::{
        HopTest, RunKind, RunRecord, RunningHistory, StageSetting,
    };
    use crate::domain::progression::{
        assess, CapacityTest, Colour, GateState, History, Profile as EngineProfile, SessionRecord,
    };
    use crate::domain::triage::TriageOutcome;
    use crate::domain::values::DistanceKm;
    use crate::domain::values::{SetSide, Side, TendinopathyType};
    use crate::store::training::SessionInput;
    use chrono::NaiveDate;
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
            assert!(s.sets.iter().all(|set| plan.contains(&set.exercise.slug())));
            let holds = s
                .sets
                .iter()
                .filter(|x| x.exercise.slug() == "top-iso-hold")
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
                .filter(|x| x.exercise.slug() == "tempo-calf-raise")
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
            .any(|s| s.sets.iter().any(|x| x.exercise.slug() == "hurdle-jumps")));

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
