//! `GET /progress`: the runner's charts, each with a table of the same numbers.
//!
//! [`ProgressView`] is the reusable part: the clinician's patient page and the printed report build
//! the same view and `{% include "progress/_charts.html" %}` with it in scope as `progress`. It
//! judges the history once with [`assess`] and only draws what the engine decided.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{Datelike, Days, NaiveDate};

use crate::domain::exercise::{by_slug, catalogue_rank as rank};
use crate::domain::plan::SESSIONS_PER_WEEK;
use crate::domain::progression::{
    assess, Assessment, Colour as Monitor, Gate, History, ACCEPTABLE_MAX_PAIN,
    WEEKLY_STIFFNESS_RISE_MINUTES,
};
use crate::domain::values::{from_kg, Side, Units};
use crate::domain::visa_a::{self, Change, HEALTHY_TOTAL, MAX_TOTAL};
use crate::store::history::{self, RunnerRecord};
use crate::store::visa::{self, StoredVisaA};
use crate::web::charts::{
    render_bar, render_line, Band, BandKind, BarChart, BarGroup, Colour, DataTable, LineChart,
    ReferenceLine, Series, SeriesStyle,
};
use crate::web::page::{human_date, ok, today_for, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

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
// Charts

/// "3 Nov to 24 Nov 2026" for the span of some dates.
fn span<I: IntoIterator<Item = NaiveDate>>(dates: I) -> String {
    let mut dates = dates.into_iter();
    let Some(first) = dates.next() else {
        return String::new();
    };
    let (from, to) = dates.fold((first, first), |(a, b), d| (a.min(d), b.max(d)));
    if from == to {
        format!("on {}", human_date(from))
    } else if from.year() == to.year() {
        format!("from {} to {}", from.format("%-d %b"), human_date(to))
    } else {
        format!("from {} to {}", human_date(from), human_date(to))
    }
}

fn band_kind(colour: Monitor) -> BandKind {
    match colour {
        Monitor::Green => BandKind::Green,
        Monitor::Amber => BandKind::Amber,
        Monitor::Red => BandKind::Red,
    }
}

fn severity(colour: Monitor) -> u8 {
    match colour {
        Monitor::Green => 0,
        Monitor::Amber => 1,
        Monitor::Red => 2,
    }
}

/// The pain monitor's verdicts folded to one per day: the highest pain during, the worst colour
/// and whether that colour still waits for the next morning.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DayVerdict {
    max_pain: u8,
    colour: Monitor,
    provisional: bool,
}

fn verdicts_by_day(assessment: &Assessment) -> BTreeMap<NaiveDate, DayVerdict> {
    let mut days: BTreeMap<NaiveDate, DayVerdict> = BTreeMap::new();
    for v in &assessment.sessions {
        let this = DayVerdict {
            max_pain: v.max_pain_during,
            colour: v.colour,
            provisional: v.provisional,
        };
        days.entry(v.date)
            .and_modify(|d| {
                d.max_pain = d.max_pain.max(this.max_pain);
                if severity(this.colour) > severity(d.colour) {
                    d.colour = this.colour;
                    d.provisional = this.provisional;
                } else if this.colour == d.colour {
                    d.provisional |= this.provisional;
                }
            })
            .or_insert(this);
    }
    days
}

/// The date as [`LineChart::table`] writes it in its first column.
fn table_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

fn pain_chart(history: &History, assessment: &Assessment) -> ChartSection {
    let days = verdicts_by_day(assessment);
    let mut mornings: BTreeMap<NaiveDate, u8> = BTreeMap::new();
    for c in &history.checkins {
        // A later check-in of the same date wins, as in the engine.
        mornings.insert(c.date, c.morning_pain.get());
    }
    let acceptable = f64::from(ACCEPTABLE_MAX_PAIN);
    let chart = LineChart {
        title: "Pain during sessions and in the morning".to_string(),
        description: format!(
            "Highest pain of each session and morning check-in pain, 0 to 10, {}, against the \
             {ACCEPTABLE_MAX_PAIN}/10 line; session days are shaded by the pain monitor's colour.",
            span(days.keys().chain(mornings.keys()).copied())
        ),
        y_label: "Pain (0–10)".to_string(),
        y_min: 0.0,
        y_max: Some(10.0),
        series: vec![
            Series {
                name: "Pain during (highest set)".to_string(),
                colour: Colour::Blue,
                points: days
                    .iter()
                    .map(|(d, v)| (*d, f64::from(v.max_pain)))
                    .collect(),
                style: SeriesStyle::Line,
            },
            Series {
                name: "Morning pain".to_string(),
                colour: Colour::Purple,
                points: mornings.iter().map(|(d, p)| (*d, f64::from(*p))).collect(),
                style: SeriesStyle::Line,
            },
        ],
        references: vec![ReferenceLine {
            label: format!("{ACCEPTABLE_MAX_PAIN}/10 acceptable"),
            value: acceptable,
        }],
        bands: days
            .iter()
            .map(|(d, v)| Band {
                from: *d,
                to: *d,
                kind: band_kind(v.colour),
            })
            .collect(),
    };
    let mut table = chart.table();
    mark_provisional(&mut table, &days);
    let empty = days.is_empty() && mornings.is_empty();
    ChartSection {
        id: "chart-pain",
        heading: "Pain",
        intro: format!(
            "Pain during exercise up to {ACCEPTABLE_MAX_PAIN}/10 is acceptable when it settles by \
             the next morning. Shaded days show the pain monitor: G green, A amber, R red; a day \
             stays provisional until the next morning's check-in."
        ),
        svg: if empty {
            String::new()
        } else {
            render_line(&chart, "chart-pain")
        },
        table,
        empty_message: "Not enough data yet: this chart starts with the first logged session or \
                        morning check-in.",
    }
}

/// Morning stiffness of each check-in and its weekly mean (Monday to Sunday, drawn on the Monday),
/// the mean the pain monitor compares week on week.
fn stiffness_chart(history: &History) -> ChartSection {
    let mut mornings: BTreeMap<NaiveDate, u16> = BTreeMap::new();
    for c in &history.checkins {
        // A later check-in of the same date wins, as in the engine.
        mornings.insert(c.date, c.stiffness.get());
    }
    let mut weeks: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for (day, minutes) in &mornings {
        let monday = *day - Days::new(u64::from(day.weekday().num_days_from_monday()));
        let week = weeks.entry(monday).or_default();
        week.0 += u32::from(*minutes);
        week.1 += 1;
    }
    let chart = LineChart {
        title: "Morning stiffness".to_string(),
        description: format!(
            "Minutes of morning stiffness at each check-in and their weekly mean, {}.",
            span(mornings.keys().copied())
        ),
        y_label: "Stiffness (minutes)".to_string(),
        y_min: 0.0,
        y_max: None,
        series: vec![
            Series {
                name: "Stiffness each morning".to_string(),
                colour: Colour::Purple,
                points: mornings.iter().map(|(d, m)| (*d, f64::from(*m))).collect(),
                style: SeriesStyle::Dots,
            },
            Series {
                name: "Weekly mean (Mon–Sun)".to_string(),
                colour: Colour::Teal,
                points: weeks
                    .iter()
                    .map(|(monday, (sum, n))| (*monday, f64::from(*sum) / f64::from(*n)))
                    .collect(),
                style: SeriesStyle::Line,
            },
        ],
        references: Vec::new(),
        bands: Vec::new(),
    };
    ChartSection {
        id: "chart-stiffness",
        heading: "Morning stiffness",
        intro: format!(
            "Read it beside morning pain above. Stiffness should settle as the tendon adapts; a \
             weekly mean up {WEEKLY_STIFFNESS_RISE_MINUTES} minutes or more on the week before \
             turns the pain monitor red."
        ),
        svg: if mornings.is_empty() {
            String::new()
        } else {
            render_line(&chart, "chart-stiffness")
        },
        table: chart.table(),
        empty_message: "Not enough data yet: this chart starts with the first morning check-in.",
    }
}

/// Adds "(provisional)" to the pain-monitor cell of days whose colour waits for the next morning.
fn mark_provisional(table: &mut DataTable, days: &BTreeMap<NaiveDate, DayVerdict>) {
    let provisional: Vec<String> = days
        .iter()
        .filter(|(_, v)| v.provisional)
        .map(|(d, _)| table_date(*d))
        .collect();
    for row in &mut table.rows {
        let is_provisional = row.first().is_some_and(|d| provisional.contains(d));
        if let (true, Some(cell)) = (is_provisional, row.last_mut()) {
            if !cell.is_empty() {
                cell.push_str(" (provisional)");
            }
        }
    }
}

fn gate_in_plan(history: &History) -> bool {
    history
        .profile
        .plan
        .is_some_and(crate::domain::plan::has_hurdle_gate)
}

fn capacity_chart(history: &History, gate: &Gate) -> ChartSection {
    let purpose = if gate_in_plan(history) {
        "that opens hurdle jumps"
    } else {
        "the test aims for"
    };
    let injured = history.profile.injured.sides();
    let mut tests = history.tests.clone();
    tests.sort_by_key(|t| (t.date, t.id));
    let series: Vec<Series> = Side::ALL
        .into_iter()
        .filter_map(|side| {
            // The newest test of a day counts, as for the gate.
            let by_day: BTreeMap<NaiveDate, u16> = tests
                .iter()
                .filter(|t| t.side == side)
                .map(|t| (t.date, t.pain_free_reps))
                .collect();
            if by_day.is_empty() {
                return None;
            }
            let name = if injured.contains(&side) {
                format!("{} leg (injured)", side.label())
            } else {
                format!("{} leg", side.label())
            };
            Some(Series {
                name,
                colour: match side {
                    Side::Left => Colour::Teal,
                    Side::Right => Colour::Blue,
                },
                points: by_day.into_iter().map(|(d, r)| (d, f64::from(r))).collect(),
                style: SeriesStyle::Line,
            })
        })
        .collect();
    let threshold = gate.threshold;
    let chart = LineChart {
        title: "Pain-free single-leg calf raises".to_string(),
        description: format!(
            "Pain-free single-leg calf raises in each capacity test, per leg, {}, against the \
             threshold of {threshold} {purpose}.",
            span(tests.iter().map(|t| t.date))
        ),
        y_label: "Pain-free raises".to_string(),
        y_min: 0.0,
        y_max: None,
        series,
        references: vec![ReferenceLine {
            label: format!("Threshold {threshold}"),
            value: f64::from(threshold),
        }],
        bands: Vec::new(),
    };
    ChartSection {
        id: "chart-capacity",
        heading: "Calf-raise capacity",
        intro: if gate_in_plan(history) {
            format!(
                "Hurdle jumps open once the newest test on every injured leg reaches {threshold} \
                 pain-free raises."
            )
        } else {
            format!("The target is {threshold} pain-free raises on every injured leg.")
        },
        svg: if tests.is_empty() {
            String::new()
        } else {
            render_line(&chart, "chart-capacity")
        },
        table: chart.table(),
        empty_message: "Not enough data yet: this chart starts with the first single-leg \
                        calf-raise test.",
    }
}

/// Series colours for loads, in catalogue order (green and red are kept for the pain monitor).
const LOAD_COLOURS: [Colour; 5] = [
    Colour::Blue,
    Colour::Purple,
    Colour::Teal,
    Colour::Amber,
    Colour::Ink,
];

/// Heaviest load of each exercise per day, in kilograms, exercises in catalogue order (unknown
/// slugs after, alphabetically).
fn heaviest_loads(history: &History) -> Vec<(String, BTreeMap<NaiveDate, f64>)> {
    let mut by_exercise: BTreeMap<&str, BTreeMap<NaiveDate, f64>> = BTreeMap::new();
    for session in &history.sessions {
        for set in &session.sets {
            if let Some(load) = set.load {
                let day = by_exercise
                    .entry(set.exercise.as_str())
                    .or_default()
                    .entry(session.date)
                    .or_insert(load.kg());
                *day = day.max(load.kg());
            }
        }
    }
    let mut out: Vec<(String, BTreeMap<NaiveDate, f64>)> = by_exercise
        .into_iter()
        .map(|(slug, days)| (slug.to_string(), days))
        .collect();
    out.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    out
}

fn load_chart(history: &History, units: Units) -> ChartSection {
    let loads = heaviest_loads(history);
    let unit = units.as_str();
    let series: Vec<Series> = loads
        .iter()
        .enumerate()
        .map(|(i, (slug, days))| Series {
            name: by_slug(slug).map_or_else(|| slug.clone(), |e| e.name.to_string()),
            colour: LOAD_COLOURS[i % LOAD_COLOURS.len()],
            points: days
                .iter()
                .map(|(d, kg)| (*d, from_kg(*kg, units)))
                .collect(),
            style: SeriesStyle::Line,
        })
        .collect();
    let chart = LineChart {
        title: format!("Heaviest added load per session ({unit})"),
        description: format!(
            "Heaviest added load of each exercise in each session, in {unit}, {}.",
            span(loads.iter().flat_map(|(_, days)| days.keys().copied()))
        ),
        y_label: format!("Load ({unit})"),
        y_min: 0.0,
        y_max: None,
        series,
        references: Vec::new(),
        bands: Vec::new(),
    };
    ChartSection {
        id: "chart-load",
        heading: "Load per exercise",
        intro: format!(
            "The heaviest added load of each session, in {unit}; 0 means body weight only."
        ),
        svg: if loads.is_empty() {
            String::new()
        } else {
            render_line(&chart, "chart-load")
        },
        table: chart.table(),
        empty_message: "Not enough data yet: this chart starts once a session records a load.",
    }
}

/// Sessions done in one week (Monday to Sunday) against the sessions planned for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekTally {
    /// The Monday the week starts on.
    pub week_of: NaiveDate,
    pub done: u32,
    pub planned: u8,
}

/// The Monday of the week `d` falls in.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// Sessions per week from the week of the first session to the week of `today`, at most the last
/// `max_weeks` weeks, each planned at `per_week`. Sessions after `today` are not counted; empty
/// without sessions.
pub fn weekly_adherence(
    session_dates: &[NaiveDate],
    today: NaiveDate,
    per_week: u8,
    max_weeks: usize,
) -> Vec<WeekTally> {
    let this_week = week_start(today);
    let Some(first) = session_dates.iter().copied().filter(|d| *d <= today).min() else {
        return Vec::new();
    };
    let back = u64::try_from(max_weeks.saturating_sub(1)).unwrap_or(0) * 7;
    let earliest = this_week.checked_sub_days(Days::new(back));
    let start = match earliest {
        Some(e) => week_start(first).max(e),
        None => week_start(first),
    };
    let mut weeks = Vec::new();
    let mut week = start;
    while week <= this_week && weeks.len() < max_weeks.max(1) {
        let Some(next) = week.checked_add_days(Days::new(7)) else {
            break;
        };
        let done = session_dates
            .iter()
            .filter(|d| **d >= week && **d < next && **d <= today)
            .count();
        weeks.push(WeekTally {
            week_of: week,
            done: u32::try_from(done).unwrap_or(u32::MAX),
            planned: per_week,
        });
        week = next;
    }
    weeks
}

fn adherence_chart(history: &History, today: NaiveDate) -> ChartSection {
    let dates: Vec<NaiveDate> = history.sessions.iter().map(|s| s.date).collect();
    let weeks = weekly_adherence(&dates, today, SESSIONS_PER_WEEK, ADHERENCE_WEEKS);
    let chart = BarChart {
        title: "Sessions each week".to_string(),
        description: format!(
            "Sessions logged in each week, Monday to Sunday, against the {SESSIONS_PER_WEEK} a \
             week the plan asks for; the current week is still under way."
        ),
        y_label: "Sessions".to_string(),
        done_label: "Sessions done".to_string(),
        planned_label: "Sessions planned".to_string(),
        colour: Colour::Blue,
        y_max: None,
        groups: weeks
            .iter()
            .map(|w| BarGroup {
                label: format!("w/c {}", w.week_of.format("%-d %b")),
                done: f64::from(w.done),
                planned: f64::from(w.planned),
            })
            .collect(),
    };
    ChartSection {
        id: "chart-adherence",
        heading: "Sessions each week",
        intro: format!(
            "The plan asks for {SESSIONS_PER_WEEK} sessions a week (weeks start on Monday; the \
             last {ADHERENCE_WEEKS} weeks at most)."
        ),
        svg: if weeks.is_empty() {
            String::new()
        } else {
            render_bar(&chart, "chart-adherence")
        },
        table: chart.table(),
        empty_message: "Not enough data yet: weekly counts start with the first logged session.",
    }
}

fn visa_section(results: &[StoredVisaA], today: NaiveDate) -> VisaSection {
    let mut sorted: Vec<&StoredVisaA> = results.iter().collect();
    sorted.sort_by_key(|r| (r.taken_on, r.id));
    let rows: Vec<VisaRow> = sorted
        .iter()
        .enumerate()
        .map(|(i, r)| VisaRow {
            date: human_date(r.taken_on),
            total: r.total(),
            change: i
                .checked_sub(1)
                .and_then(|p| sorted.get(p))
                .map(|prev| visa_a::change(prev.total(), r.total())),
        })
        .collect();
    let last = sorted.last().map(|r| r.taken_on);
    let chart = LineChart {
        title: "VISA-A score".to_string(),
        description: format!(
            "VISA-A totals, 0 to 100 where higher is better, {}; people without Achilles trouble \
             score about {HEALTHY_TOTAL} or more.",
            span(sorted.iter().map(|r| r.taken_on))
        ),
        y_label: "VISA-A (0–100)".to_string(),
        y_min: 0.0,
        y_max: Some(f64::from(MAX_TOTAL)),
        series: vec![Series {
            name: "VISA-A total".to_string(),
            colour: Colour::Blue,
            // One point a day: the day's last answer (the table lists every one).
            points: sorted
                .iter()
                .map(|r| (r.taken_on, f64::from(r.total())))
                .collect::<BTreeMap<NaiveDate, f64>>()
                .into_iter()
                .collect(),
            style: SeriesStyle::Line,
        }],
        references: vec![ReferenceLine {
            label: format!("{HEALTHY_TOTAL}: no Achilles trouble"),
            value: f64::from(HEALTHY_TOTAL),
        }],
        bands: Vec::new(),
    };
    VisaSection {
        chart: ChartSection {
            id: "chart-visa",
            heading: "VISA-A",
            intro: format!(
                "Higher is better. A change of {} points or more is meaningful; smaller changes \
                 are recorded without reading much into them.",
                visa_a::MEANINGFUL_CHANGE
            ),
            svg: if sorted.is_empty() {
                String::new()
            } else {
                render_line(&chart, "chart-visa")
            },
            table: chart.table(),
            empty_message: "Not enough data yet: no VISA-A questionnaire has been answered.",
        },
        rows,
        due: visa_a::is_due(last, today),
        next_due: last.and_then(visa_a::next_due).map(human_date),
        about: visa_a::ABOUT,
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
    use super::*;

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
        use crate::domain::progression::{
            CapacityTest, CheckIn, Profile, SessionRecord, SetRecord,
        };
        use crate::domain::values::{
            GateThreshold, InjuredSide, LoadKg, PainScore, Reps, SetSide, StiffnessMinutes,
        };
        use crate::domain::visa_a::{Q8Minutes, Q8Pattern, VisaA};

        fn set(exercise: &str, load_kg: Option<f64>, pain: i64) -> SetRecord {
            SetRecord {
                exercise: exercise.to_string(),
                side: SetSide::Right,
                reps: Reps::new(8).ok(),
                hold: None,
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
