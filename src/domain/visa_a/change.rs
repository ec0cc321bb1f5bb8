//! How a total moved between two questionnaires, and when the next one is due.

use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

/// A change of this many points or more, either way, is labelled meaningful.
pub const MEANINGFUL_CHANGE: u8 = 10;

/// Days between offers of the questionnaire (every 2 weeks).
pub const INTERVAL_DAYS: i64 = 14;

/// How a total moved from one questionnaire to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Current minus previous; positive is better.
    pub delta: i16,
    /// Whether `|delta|` reaches [`MEANINGFUL_CHANGE`].
    pub meaningful: bool,
    /// Words for the person, e.g. "Meaningful improvement of 12 points".
    pub label: String,
}

impl Change {
    pub fn is_meaningful_improvement(&self) -> bool {
        self.meaningful && self.delta > 0
    }

    pub fn is_meaningful_worsening(&self) -> bool {
        self.meaningful && self.delta < 0
    }
}

fn points_word(n: u16) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// Compares two totals (previous, then current).
pub fn change(previous: u8, current: u8) -> Change {
    let delta = i16::from(current) - i16::from(previous);
    let size = delta.unsigned_abs();
    let meaningful = size >= u16::from(MEANINGFUL_CHANGE);
    let label = match (meaningful, delta.signum()) {
        (true, 1) => format!("Meaningful improvement of {}", points_word(size)),
        (true, _) => format!("Meaningful worsening of {}", points_word(size)),
        (false, 1) => format!(
            "Up {} (recorded, not a meaningful change)",
            points_word(size)
        ),
        (false, -1) => format!(
            "Down {} (recorded, not a meaningful change)",
            points_word(size)
        ),
        (false, _) => "No change in score (recorded, not a meaningful change)".to_owned(),
    };
    Change {
        delta,
        meaningful,
        label,
    }
}

/// Whether the current total is worse than the previous one by a meaningful margin.
pub fn worse_by_meaningful(previous: u8, current: u8) -> bool {
    previous.saturating_sub(current) >= MEANINGFUL_CHANGE
}

/// Whether the questionnaire should be offered today: always when it was never taken, then once
/// [`INTERVAL_DAYS`] or more days have passed since it was last taken.
pub fn is_due(last_taken: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last_taken {
        None => true,
        Some(last) => today.signed_duration_since(last).num_days() >= INTERVAL_DAYS,
    }
}

/// The first day the questionnaire is due again after being taken on `last_taken`
/// (`None` only at the far end of the calendar).
pub fn next_due(last_taken: NaiveDate) -> Option<NaiveDate> {
    last_taken.checked_add_signed(TimeDelta::try_days(INTERVAL_DAYS)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn change_labels() {
        let up9 = change(50, 59);
        assert_eq!(up9.delta, 9);
        assert!(!up9.meaningful);
        assert_eq!(up9.label, "Up 9 points (recorded, not a meaningful change)");

        let up10 = change(50, 60);
        assert!(up10.meaningful);
        assert!(up10.is_meaningful_improvement());
        assert_eq!(up10.label, "Meaningful improvement of 10 points");

        assert_eq!(change(40, 52).label, "Meaningful improvement of 12 points");

        let down10 = change(60, 50);
        assert_eq!(down10.delta, -10);
        assert!(down10.is_meaningful_worsening());
        assert_eq!(down10.label, "Meaningful worsening of 10 points");

        let down9 = change(60, 51);
        assert!(!down9.meaningful);
        assert_eq!(
            down9.label,
            "Down 9 points (recorded, not a meaningful change)"
        );
        assert_eq!(
            change(60, 59).label,
            "Down 1 point (recorded, not a meaningful change)"
        );
        assert_eq!(
            change(60, 60).label,
            "No change in score (recorded, not a meaningful change)"
        );
        assert_eq!(change(0, 100).delta, 100);
        assert_eq!(change(100, 0).delta, -100);
    }

    #[test]
    fn worse_by_meaningful_needs_a_ten_point_drop() {
        assert!(worse_by_meaningful(60, 50));
        assert!(!worse_by_meaningful(60, 51));
        assert!(!worse_by_meaningful(50, 70));
    }

    #[test]
    fn due_at_start_and_every_two_weeks() {
        let today = date(2025, 3, 15);
        assert!(is_due(None, today));
        assert!(!is_due(Some(date(2025, 3, 2)), today)); // 13 days
        assert!(is_due(Some(date(2025, 3, 1)), today)); // 14 days
        assert!(is_due(Some(date(2025, 2, 1)), today));
        assert!(!is_due(Some(today), today));
        assert!(!is_due(Some(date(2025, 3, 20)), today)); // recorded in the future
        assert_eq!(next_due(date(2025, 3, 1)), Some(today));
    }
    proptest! {
        #[test]
        fn change_is_meaningful_exactly_at_ten(a in 0u8..=100, b in 0u8..=100) {
            let c = change(a, b);
            prop_assert_eq!(i16::from(a) + c.delta, i16::from(b));
            prop_assert_eq!(c.meaningful, a.abs_diff(b) >= MEANINGFUL_CHANGE);
            prop_assert_eq!(worse_by_meaningful(a, b), c.is_meaningful_worsening());
        }
    }
}
