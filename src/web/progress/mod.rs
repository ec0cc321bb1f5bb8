//! `GET /progress`: the runner's charts, each with a table of the same numbers.
//!
//! [`ProgressView`] is the reusable part: the clinician's patient page and the printed report build
//! the same view and `{% include "progress/_charts.html" %}` with it in scope as `progress`. It
//! judges the history once with [`assess`] and only draws what the engine decided.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use crate::domain::progression::{assess, Assessment, Gate};
use crate::domain::visa_a::Change;
use crate::store::history::{self, RunnerRecord};
use crate::store::visa::{self, StoredVisaA};
use crate::web::charts::DataTable;
use crate::web::page::{human_date, ok, today_for, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

mod sections;

use sections::{
    adherence_chart, capacity_chart, gate_in_plan, load_chart, pain_chart, stiffness_chart,
    visa_section,
};
pub use sections::{week_start, weekly_adherence, WeekTally};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/progress", web::get().to(show));
}

/// Weeks the adherence chart reaches back at most.
pub const ADHERENCE_WEEKS: usize = 8;

/// One chart and its text alternative.
#[derive(Debug, Clone)]
pub struct ChartSection {
    /// Prefix of the element ids; unique on the page.
    pub id: &'static str,
    pub heading: &'static str,
    /// How to read the chart, in a sentence or two.
    pub intro: String,
    /// The `<figure>` with the inline `<svg>`; empty when there is nothing to draw.
    pub svg: String,
    /// The same numbers as a table.
    pub table: DataTable,
    /// Shown instead of the chart when there is nothing to draw.
    pub empty_message: &'static str,
}

impl ChartSection {
    pub fn is_empty(&self) -> bool {
        self.svg.is_empty()
    }
}

/// One VISA-A result in the table.
#[derive(Debug, Clone)]
pub struct VisaRow {
    pub date: String,
    pub total: u8,
    /// Against the result before it; `None` for the first.
    pub change: Option<Change>,
}

/// The VISA-A chart, its results and when it is due next.
#[derive(Debug, Clone)]
pub struct VisaSection {
    pub chart: ChartSection,
    /// Oldest first.
    pub rows: Vec<VisaRow>,
    pub due: bool,
    /// "17 Nov 2026", once a result exists.
    pub next_due: Option<String>,
    pub about: &'static str,
}

impl VisaSection {
    pub fn latest(&self) -> Option<&VisaRow> {
        self.rows.last()
    }
}

/// Everything the charts partial shows, for the runner or their clinician.
#[derive(Debug, Clone)]
pub struct ProgressView {
    /// The day the view was built for ("as of").
    pub as_of: String,
    /// The engine's judgement, made once: gate, colours, advice and the rules' version.
    pub assessment: Assessment,
    pub units: &'static str,
    pub pain: ChartSection,
    /// Morning stiffness, read beside the morning pain above it.
    pub stiffness: ChartSection,
    pub capacity: ChartSection,
    pub loads: ChartSection,
    pub adherence: ChartSection,
    pub visa: VisaSection,
    /// The plan contains hurdle jumps, so their gate is shown (never on a mid-portion plan).
    pub has_gate: bool,
}

impl ProgressView {
    /// Builds every chart from one runner's record and VISA-A results (oldest first), as of `today`.
    pub fn build(record: &RunnerRecord, visa: &[StoredVisaA], today: NaiveDate) -> ProgressView {
        let history = &record.history;
        let assessment = assess(history, today);
        let units = record.user.units;
        ProgressView {
            as_of: human_date(today),
            pain: pain_chart(history, &assessment),
            stiffness: stiffness_chart(history),
            capacity: capacity_chart(history, &assessment.gate),
            has_gate: gate_in_plan(history),
            loads: load_chart(history, units),
            adherence: adherence_chart(history, today),
            visa: visa_section(visa, today),
            units: units.as_str(),
            assessment,
        }
    }

    pub fn gate(&self) -> &Gate {
        &self.assessment.gate
    }

    /// The training charts, in page order (the VISA-A has its own section).
    pub fn charts(&self) -> [&ChartSection; 5] {
        [
            &self.pain,
            &self.stiffness,
            &self.capacity,
            &self.loads,
            &self.adherence,
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// The page

#[derive(Template)]
#[template(path = "progress/progress.html")]
struct ProgressPage {
    chrome: Chrome,
    progress: ProgressView,
}

async fn show(state: web::Data<AppState>, Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let user = me.user.clone();
    let (record, results) = state
        .store
        .run(move |conn| {
            let record = history::load(conn, &user)?;
            let results = visa::list(conn, user.id)?;
            Ok((record, results))
        })
        .await?;
    let today = today_for(&me.user);
    ok(&ProgressPage {
        chrome: Chrome::new(&me.visitor, "progress"),
        progress: ProgressView::build(&record, &results, today),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::Days;

    use super::sections::*;
    use super::*;
    use crate::domain::exercise::by_slug;
    use crate::domain::plan::SESSIONS_PER_WEEK;
    use crate::domain::progression::{Colour as Monitor, History};
    use crate::domain::values::{Side, Units};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn weeks_start_on_monday() {
        // 24 Nov 2025 is a Monday.
        assert_eq!(week_start(day(2025, 11, 24)), day(2025, 11, 24));
        assert_eq!(week_start(day(2025, 11, 30)), day(2025, 11, 24));
        assert_eq!(week_start(day(2025, 12, 1)), day(2025, 12, 1));
        assert_eq!(week_start(day(2026, 1, 1)), day(2025, 12, 29));
    }

    #[test]
    fn no_sessions_means_no_weeks() {
        assert!(weekly_adherence(&[], day(2025, 11, 30), 3, 8).is_empty());
    }

    #[test]
    fn weeks_run_from_the_first_session_to_this_week() {
        let today = day(2025, 12, 10); // Wednesday
        let dates = [
            day(2025, 11, 25),
            day(2025, 11, 27),
            day(2025, 11, 27),
            day(2025, 12, 9),
        ];
        let weeks = weekly_adherence(&dates, today, 3, 8);
        let got: Vec<(NaiveDate, u32, u8)> = weeks
            .iter()
            .map(|w| (w.week_of, w.done, w.planned))
            .collect();
        assert_eq!(
            got,
            vec![
                (day(2025, 11, 24), 3, 3),
                (day(2025, 12, 1), 0, 3),
                (day(2025, 12, 8), 1, 3),
            ]
        );
    }

    #[test]
    fn at_most_the_last_eight_weeks_are_kept() {
        let today = day(2025, 12, 31);
        let dates: Vec<NaiveDate> = (0..120u64)
            .step_by(2)
            .map(|n| today - Days::new(n))
            .collect();
        let weeks = weekly_adherence(&dates, today, 3, 8);
        assert_eq!(weeks.len(), 8);
        assert_eq!(weeks[7].week_of, week_start(today));
        assert_eq!(weeks[0].week_of, week_start(today) - Days::new(49));
        assert!(weeks
            .windows(2)
            .all(|w| w[1].week_of - w[0].week_of == chrono::TimeDelta::days(7)));
        let counted: u32 = weeks.iter().map(|w| w.done).sum();
        let expected = dates.iter().filter(|d| **d >= weeks[0].week_of).count();
        assert_eq!(counted as usize, expected);
    }

    #[test]
    fn sessions_after_today_are_not_counted() {
        let today = day(2025, 12, 10);
        let weeks = weekly_adherence(&[day(2025, 12, 9), day(2025, 12, 12)], today, 3, 8);
        assert_eq!(weeks.len(), 1);
        assert_eq!(weeks[0].done, 1);
        assert!(weekly_adherence(&[day(2025, 12, 20)], today, 3, 8).is_empty());
    }

    #[test]
    fn the_plan_asks_for_three_sessions_a_week() {
        assert_eq!(SESSIONS_PER_WEEK, 3);
    }

    #[test]
    fn a_span_reads_naturally() {
        assert_eq!(span(Vec::new()), "");
        assert_eq!(span([day(2025, 11, 3)]), "on 3 Nov 2025");
        assert_eq!(
            span([day(2025, 11, 24), day(2025, 11, 3)]),
            "from 3 Nov to 24 Nov 2025"
        );
        assert_eq!(
            span([day(2025, 12, 30), day(2026, 1, 2)]),
            "from 30 Dec 2025 to 2 Jan 2026"
        );
    }

    fn verdict_day(pain: u8, colour: Monitor, provisional: bool) -> DayVerdict {
        DayVerdict {
            max_pain: pain,
            colour,
            provisional,
        }
    }

    #[test]
    fn provisional_days_are_marked_in_the_table() {
        let mut days = BTreeMap::new();
        days.insert(day(2025, 11, 3), verdict_day(2, Monitor::Green, false));
        days.insert(day(2025, 11, 5), verdict_day(4, Monitor::Amber, true));
        let mut table = DataTable {
            caption: String::new(),
            headers: vec!["Date".into(), "Pain".into(), "Pain monitor".into()],
            rows: vec![
                vec![table_date(day(2025, 11, 3)), "2".into(), "Green".into()],
                vec![table_date(day(2025, 11, 4)), String::new(), String::new()],
                vec![table_date(day(2025, 11, 5)), "4".into(), "Amber".into()],
            ],
        };
        mark_provisional(&mut table, &days);
        assert_eq!(table.rows[0][2], "Green");
        assert_eq!(table.rows[1][2], "");
        assert_eq!(table.rows[2][2], "Amber (provisional)");
    }

    mod with_history {
        use super::*;
        use crate::domain::exercise::ExerciseId;
        use crate::domain::progression::{
            CapacityTest, CheckIn, Effort, Profile, SessionRecord, SetRecord,
        };
        use crate::domain::values::{
            GateThreshold, InjuredSide, LoadKg, PainScore, Reps, SetSide, StiffnessMinutes,
        };
        use crate::domain::visa_a::{Q8Minutes, Q8Pattern, VisaA};

        fn set(exercise: &str, load_kg: Option<f64>, pain: i64) -> SetRecord {
            SetRecord {
                exercise: ExerciseId::parse(exercise).expect("a catalogue slug"),
                side: SetSide::Right,
                effort: Effort::Reps(Reps::new(8).expect("reps")),
                load: load_kg.and_then(|kg| LoadKg::from_kg(kg).ok()),
                rpe: None,
                pain: PainScore::new(pain).expect("pain"),
            }
        }

        fn checkin(date: NaiveDate, pain: i64) -> CheckIn {
            CheckIn {
                date,
                morning_pain: PainScore::new(pain).expect("pain"),
                stiffness: StiffnessMinutes::new(5).expect("minutes"),
                painkillers: false,
            }
        }

        fn history(sessions: Vec<SessionRecord>, checkins: Vec<CheckIn>) -> History {
            History {
                profile: Profile {
                    plan: None,
                    injured: InjuredSide::Right,
                    threshold: GateThreshold::new(30).expect("threshold"),
                    units: Units::Kg,
                },
                sessions,
                checkins,
                tests: vec![
                    CapacityTest {
                        id: 1,
                        date: day(2025, 11, 3),
                        side: Side::Right,
                        pain_free_reps: 12,
                    },
                    CapacityTest {
                        id: 2,
                        date: day(2025, 11, 3),
                        side: Side::Right,
                        pain_free_reps: 14,
                    },
                    CapacityTest {
                        id: 3,
                        date: day(2025, 11, 3),
                        side: Side::Left,
                        pain_free_reps: 28,
                    },
                ],
                running: Default::default(),
            }
        }

        fn sessions() -> Vec<SessionRecord> {
            vec![
                SessionRecord {
                    id: 1,
                    date: day(2025, 11, 3),
                    sets: vec![
                        set("tempo-calf-raise", Some(10.0), 2),
                        set("tempo-calf-raise", Some(12.5), 1),
                        set("top-iso-hold", Some(20.0), 0),
                    ],
                },
                SessionRecord {
                    id: 2,
                    date: day(2025, 11, 5),
                    sets: vec![set("tempo-calf-raise", None, 4)],
                },
            ]
        }

        #[test]
        fn the_pain_table_follows_the_engine_and_marks_provisional_days() {
            let h = history(sessions(), vec![checkin(day(2025, 11, 4), 0)]);
            let a = assess(&h, day(2025, 11, 5));
            let c = pain_chart(&h, &a);
            assert!(c.svg.contains("<svg"));
            assert!(c.svg.contains("<title"));
            assert_eq!(
                c.table.headers,
                vec![
                    "Date",
                    "Pain during (highest set)",
                    "Morning pain",
                    "Pain monitor"
                ]
            );
            assert_eq!(c.table.rows.len(), 3);
            assert_eq!(c.table.rows[0][1..], ["2", "", "Green"]);
            assert_eq!(c.table.rows[1][1..], ["", "0", ""]);
            assert_eq!(c.table.rows[2][1..], ["4", "", "Amber (provisional)"]);
        }

        #[test]
        fn loads_are_the_heaviest_per_session_in_catalogue_order_and_unit() {
            let h = history(sessions(), Vec::new());
            let kg = load_chart(&h, Units::Kg);
            let name = |slug| by_slug(slug).map(|e| e.name).unwrap_or_default();
            assert_eq!(
                kg.table.headers,
                vec!["Date", name("top-iso-hold"), name("tempo-calf-raise")]
            );
            assert_eq!(
                kg.table.rows.len(),
                1,
                "the session without a load is left out"
            );
            assert_eq!(kg.table.rows[0][1..], ["20", "12.5"]);
            let lb = load_chart(&h, Units::Lb);
            assert_eq!(lb.table.rows[0][1..], ["44.09", "27.56"]);
            assert!(lb.svg.contains("Load (lb)"));
        }

        #[test]
        fn capacity_uses_the_newest_test_of_a_day_and_the_runners_threshold() {
            let h = history(Vec::new(), Vec::new());
            let a = assess(&h, day(2025, 11, 5));
            let c = capacity_chart(&h, &a.gate);
            assert_eq!(
                c.table.headers,
                vec!["Date", "Left leg", "Right leg (injured)"]
            );
            assert_eq!(c.table.rows[0][1..], ["28", "14"]);
            assert!(c.svg.contains("Threshold 30"));
            assert!(c.intro.contains("30 pain-free raises"));
        }

        #[test]
        fn an_empty_history_says_not_enough_data_yet() {
            let mut h = history(Vec::new(), Vec::new());
            h.tests.clear();
            let a = assess(&h, day(2025, 11, 5));
            for c in [
                pain_chart(&h, &a),
                capacity_chart(&h, &a.gate),
                load_chart(&h, Units::Kg),
                adherence_chart(&h, day(2025, 11, 5)),
                visa_section(&[], day(2025, 11, 5)).chart,
            ] {
                assert!(c.is_empty(), "{}", c.id);
                assert!(c.empty_message.starts_with("Not enough data yet"));
                assert!(c.table.rows.is_empty());
            }
        }

        fn visa(id: i64, taken_on: NaiveDate, q1: u8) -> StoredVisaA {
            StoredVisaA {
                id,
                taken_on,
                answers: VisaA::new([q1, 5, 5, 5, 5, 5, 4], Q8Pattern::B, Q8Minutes::OneToTen)
                    .expect("valid answers"),
            }
        }

        #[test]
        fn visa_rows_carry_totals_changes_and_the_next_due_date() {
            let results = [visa(2, day(2025, 11, 17), 10), visa(1, day(2025, 11, 3), 0)];
            let s = visa_section(&results, day(2025, 11, 20));
            let totals: Vec<u8> = s.rows.iter().map(|r| r.total).collect();
            assert_eq!(totals, vec![33, 43]);
            assert!(s.rows[0].change.is_none());
            assert_eq!(
                s.latest()
                    .and_then(|r| r.change.as_ref())
                    .map(|c| c.label.as_str()),
                Some("Meaningful improvement of 10 points")
            );
            assert!(!s.due);
            assert_eq!(s.next_due.as_deref(), Some("1 Dec 2025"));
            assert!(visa_section(&results, day(2025, 12, 1)).due);
            assert!(visa_section(&[], day(2025, 12, 1)).due);
        }
    }
}
