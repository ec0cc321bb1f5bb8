//! The charts of the progress view, each built from the runner's history and the engine's
//! judgement of it: pain, morning stiffness, capacity tests, loads, weekly sessions, VISA-A.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};

use super::{ChartSection, VisaRow, VisaSection, ADHERENCE_WEEKS};
use crate::domain::exercise::ExerciseId;
use crate::domain::plan::SESSIONS_PER_WEEK;
use crate::domain::progression::{
    Assessment, Colour as Monitor, Gate, History, ACCEPTABLE_MAX_PAIN,
    WEEKLY_STIFFNESS_RISE_MINUTES,
};
use crate::domain::values::{from_kg, Side, Units};
use crate::domain::visa_a::{self, HEALTHY_TOTAL, MAX_TOTAL};
use crate::store::visa::StoredVisaA;
use crate::web::charts::{
    render_bar, render_line, Band, BandKind, BarChart, BarGroup, Colour, DataTable, LineChart,
    ReferenceLine, Series, SeriesStyle,
};
use crate::web::page::human_date;

/// "3 Nov to 24 Nov 2026" for the span of some dates.
pub(super) fn span<I: IntoIterator<Item = NaiveDate>>(dates: I) -> String {
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

pub(super) fn band_kind(colour: Monitor) -> BandKind {
    match colour {
        Monitor::Green => BandKind::Green,
        Monitor::Amber => BandKind::Amber,
        Monitor::Red => BandKind::Red,
    }
}

pub(super) fn severity(colour: Monitor) -> u8 {
    match colour {
        Monitor::Green => 0,
        Monitor::Amber => 1,
        Monitor::Red => 2,
    }
}

/// The pain monitor's verdicts folded to one per day: the highest pain during, the worst colour
/// and whether that colour still waits for the next morning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct DayVerdict {
    pub(super) max_pain: u8,
    pub(super) colour: Monitor,
    pub(super) provisional: bool,
}

pub(super) fn verdicts_by_day(assessment: &Assessment) -> BTreeMap<NaiveDate, DayVerdict> {
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
pub(super) fn table_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

pub(super) fn pain_chart(history: &History, assessment: &Assessment) -> ChartSection {
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
pub(super) fn stiffness_chart(history: &History) -> ChartSection {
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
pub(super) fn mark_provisional(table: &mut DataTable, days: &BTreeMap<NaiveDate, DayVerdict>) {
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

pub(super) fn gate_in_plan(history: &History) -> bool {
    history
        .profile
        .plan
        .is_some_and(crate::domain::plan::has_hurdle_gate)
}

pub(super) fn capacity_chart(history: &History, gate: &Gate) -> ChartSection {
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
pub(super) const LOAD_COLOURS: [Colour; 5] = [
    Colour::Blue,
    Colour::Purple,
    Colour::Teal,
    Colour::Amber,
    Colour::Ink,
];

/// Heaviest load of each exercise per day, in kilograms, exercises in catalogue order.
pub(super) fn heaviest_loads(history: &History) -> Vec<(ExerciseId, BTreeMap<NaiveDate, f64>)> {
    // Exercise ids order as the catalogue does.
    let mut by_exercise: BTreeMap<ExerciseId, BTreeMap<NaiveDate, f64>> = BTreeMap::new();
    for session in &history.sessions {
        for set in &session.sets {
            if let Some(load) = set.load {
                let day = by_exercise
                    .entry(set.exercise)
                    .or_default()
                    .entry(session.date)
                    .or_insert(load.kg());
                *day = day.max(load.kg());
            }
        }
    }
    by_exercise.into_iter().collect()
}

pub(super) fn load_chart(history: &History, units: Units) -> ChartSection {
    let loads = heaviest_loads(history);
    let unit = units.as_str();
    let series: Vec<Series> = loads
        .iter()
        .enumerate()
        .map(|(i, (exercise, days))| Series {
            name: exercise.exercise().name.to_string(),
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

pub(super) fn adherence_chart(history: &History, today: NaiveDate) -> ChartSection {
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

pub(super) fn visa_section(results: &[StoredVisaA], today: NaiveDate) -> VisaSection {
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
