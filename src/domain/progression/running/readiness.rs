//! Readiness to start running (DESIGN 2.6, stage 0 → 1): four criteria, each met or not with its
//! numbers.

use chrono::{NaiveDate, TimeDelta};

use super::{HopTest, LadderInput};
use crate::domain::progression::{CapacityTest, Colour};
use crate::domain::values::Side;

/// Minutes of walking that must be pain-free.
pub const WALK_MINUTES: u8 = 30;
/// A "walked without pain" answer counts for this many days (its check-in day included).
pub const WALK_VALID_DAYS: i64 = 7;
/// Single-leg hops on the spot the hop test asks for, on each injured leg.
pub const HOP_TARGET: u8 = 20;
/// Highest pain during the hop test that still passes.
pub const HOP_MAX_PAIN: u8 = 2;

/// One readiness criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Stable name: `walk`, `capacity`, `hop`, `monitor`.
    pub key: &'static str,
    pub label: String,
    pub met: bool,
    /// The numbers behind the verdict.
    pub detail: String,
}

fn short(date: NaiveDate) -> String {
    date.format("%-d %b").to_string()
}

/// The four criteria as of `date`: check-ins and tests dated up to it, the monitor from the
/// sessions and runs before it (`inclusive` takes that day's own activities too).
pub(super) fn criteria(
    input: &LadderInput<'_>,
    date: NaiveDate,
    inclusive: bool,
) -> Vec<Criterion> {
    let sides = input.injured.sides();
    vec![
        walk(&input.running.pain_free_walks, date),
        capacity(input.capacity_tests, &sides, input.threshold, date),
        hop(&input.running.hop_tests, &sides, date),
        monitor(input, date, inclusive),
    ]
}

/// Walking 30 minutes without pain, said on a check-in of the last 7 days.
pub(super) fn walk(walks: &[NaiveDate], date: NaiveDate) -> Criterion {
    let from = date - TimeDelta::days(WALK_VALID_DAYS - 1);
    let newest = walks.iter().filter(|d| **d <= date).max().copied();
    let met = newest.is_some_and(|d| d >= from);
    let detail = match newest {
        Some(d) if met => format!("said on the check-in of {}", short(d)),
        Some(d) => format!(
            "last said on {}, more than {WALK_VALID_DAYS} days ago: tick it on a check-in",
            short(d)
        ),
        None => String::from("not said yet: tick it on a morning check-in"),
    };
    Criterion {
        key: "walk",
        label: format!("Walk {WALK_MINUTES} minutes without pain"),
        met,
        detail,
    }
}

/// The newest capacity test on every injured side at or above T.
pub(super) fn capacity(
    tests: &[CapacityTest],
    sides: &[Side],
    threshold: u8,
    date: NaiveDate,
) -> Criterion {
    let mut parts = Vec::new();
    let mut met = !sides.is_empty();
    for side in sides {
        let newest = tests
            .iter()
            .filter(|t| t.side == *side && t.date <= date)
            .max_by_key(|t| (t.date, t.id));
        match newest {
            Some(t) => {
                met &= t.pain_free_reps >= u16::from(threshold);
                parts.push(format!(
                    "{} {} / {threshold} ({})",
                    side.as_str(),
                    t.pain_free_reps,
                    short(t.date)
                ));
            }
            None => {
                met = false;
                parts.push(format!("{}: no test yet", side.as_str()));
            }
        }
    }
    Criterion {
        key: "capacity",
        label: format!(
            "Pain-free single-leg calf raises at least {threshold} on every injured side"
        ),
        met,
        detail: parts.join(", "),
    }
}

/// A hop test of 20 hops with pain at most 2/10, the newest on every injured side.
pub(super) fn hop(tests: &[HopTest], sides: &[Side], date: NaiveDate) -> Criterion {
    let mut parts = Vec::new();
    let mut met = !sides.is_empty();
    for side in sides {
        let newest = tests
            .iter()
            .filter(|t| t.side == *side && t.date <= date)
            .max_by_key(|t| (t.date, t.id));
        match newest {
            Some(t) => {
                let pain = t.pain.get();
                met &= t.hops >= HOP_TARGET && pain <= HOP_MAX_PAIN;
                parts.push(format!(
                    "{} {} / {HOP_TARGET} hops, pain {pain}/10 ({})",
                    side.as_str(),
                    t.hops,
                    short(t.date)
                ));
            }
            None => {
                met = false;
                parts.push(format!("{}: no hop test yet", side.as_str()));
            }
        }
    }
    Criterion {
        key: "hop",
        label: format!(
            "Hop test: {HOP_TARGET} single-leg hops on the spot with pain at most {HOP_MAX_PAIN}/10 on every injured side"
        ),
        met,
        detail: parts.join(", "),
    }
}

/// The newest session or run (before `date`, or up to it when `inclusive`) is not red.
pub(super) fn monitor(input: &LadderInput<'_>, date: NaiveDate, inclusive: bool) -> Criterion {
    let newest = input
        .activities
        .iter()
        .filter(|a| a.date < date || (inclusive && a.date == date))
        .max_by_key(|a| a.date);
    let red_same_day = newest.is_some_and(|n| {
        input
            .activities
            .iter()
            .any(|a| a.date == n.date && a.colour == Colour::Red)
    });
    let (met, detail) = match newest {
        None => (true, String::from("nothing logged yet, so nothing is red")),
        Some(n) if red_same_day => (
            false,
            format!(
                "the newest session or run ({}) was red: wait for a calm one",
                short(n.date)
            ),
        ),
        Some(n) => (
            true,
            format!(
                "the newest session or run ({}) was {}",
                short(n.date),
                n.colour.as_str()
            ),
        ),
    };
    Criterion {
        key: "monitor",
        label: String::from("Pain monitor not red"),
        met,
        detail,
    }
}
