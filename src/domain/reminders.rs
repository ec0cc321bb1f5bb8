//! When reminders fall due: a wall-clock time in the runner's own time zone, on the days each
//! reminder is about. Pure: no clock, no database.

use chrono::{Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};

/// The time of day reminders go out, in the account's time zone (`remind_at`, HH:MM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RemindAt(NaiveTime);

/// Reminders go out at half past seven unless the runner picks another time.
pub const DEFAULT_REMIND_AT: RemindAt = RemindAt(match NaiveTime::from_hms_opt(7, 30, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Enter a time as HH:MM, for example 07:30.")]
pub struct BadTime;

impl RemindAt {
    /// Parses `HH:MM` (24-hour clock); a browser's `HH:MM:SS` is accepted too.
    pub fn parse(raw: &str) -> Result<RemindAt, BadTime> {
        let raw = raw.trim();
        NaiveTime::parse_from_str(raw, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
            .map(|t| RemindAt(t.with_second(0).unwrap_or(t)))
            .map_err(|_| BadTime)
    }

    pub fn time(self) -> NaiveTime {
        self.0
    }

    /// `HH:MM`, as the form shows and the database keeps it.
    pub fn as_hhmm(self) -> String {
        self.0.format("%H:%M").to_string()
    }
}

impl Default for RemindAt {
    fn default() -> Self {
        DEFAULT_REMIND_AT
    }
}

/// The UTC instant of `at` on the local `day` in `tz`. On the night clocks go back, a time that
/// happens twice is taken the first time; on the night they go forward, a time that does not
/// exist (02:30 in a skipped hour) is moved on by the length of the gap, as a wall clock would.
pub fn due_instant(day: NaiveDate, at: RemindAt, tz: chrono_tz::Tz) -> NaiveDateTime {
    let local = day.and_time(at.time());
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.naive_utc(),
        LocalResult::Ambiguous(first, _) => first.naive_utc(),
        LocalResult::None => {
            // Walk forward minute by minute to the end of the gap (gaps are at most a few hours).
            (1..=24 * 60)
                .find_map(
                    |m| match tz.from_local_datetime(&(local + Duration::minutes(m))) {
                        LocalResult::Single(t) => Some(t.naive_utc()),
                        LocalResult::Ambiguous(t, _) => Some(t.naive_utc()),
                        LocalResult::None => None,
                    },
                )
                .unwrap_or(local)
        }
    }
}

/// The runner's local date at a UTC instant.
pub fn local_date(now_utc: NaiveDateTime, tz: chrono_tz::Tz) -> NaiveDate {
    tz.from_utc_datetime(&now_utc).date_naive()
}

/// How long after its time a reminder is still worth sending (after that it is dropped).
pub fn reminder_lifetime() -> Duration {
    Duration::hours(12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn at(h: u32, m: u32) -> RemindAt {
        RemindAt::parse(&format!("{h:02}:{m:02}")).unwrap()
    }
    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        date(y, mo, d).and_hms_opt(h, mi, 0).unwrap()
    }

    #[test]
    fn times_parse_as_hh_mm() {
        assert_eq!(at(7, 30).as_hhmm(), "07:30");
        assert_eq!(RemindAt::parse("18:05:00").unwrap().as_hhmm(), "18:05");
        assert!(RemindAt::parse("25:00").is_err());
        assert!(RemindAt::parse("7.30").is_err());
        assert!(RemindAt::parse("").is_err());
    }

    #[test]
    fn berlin_morning_is_an_hour_earlier_in_utc_in_winter_and_two_in_summer() {
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            due_instant(date(2026, 1, 15), at(7, 30), berlin),
            utc(2026, 1, 15, 6, 30)
        );
        assert_eq!(
            due_instant(date(2026, 7, 15), at(7, 30), berlin),
            utc(2026, 7, 15, 5, 30)
        );
    }

    #[test]
    fn the_wall_clock_time_holds_across_both_dst_changes() {
        let la = chrono_tz::America::Los_Angeles;
        // US clocks go forward on 8 March 2026 and back on 1 November 2026.
        assert_eq!(
            due_instant(date(2026, 3, 7), at(7, 0), la),
            utc(2026, 3, 7, 15, 0)
        ); // UTC-8
        assert_eq!(
            due_instant(date(2026, 3, 8), at(7, 0), la),
            utc(2026, 3, 8, 14, 0)
        ); // UTC-7
        assert_eq!(
            due_instant(date(2026, 10, 31), at(7, 0), la),
            utc(2026, 10, 31, 14, 0)
        );
        assert_eq!(
            due_instant(date(2026, 11, 1), at(7, 0), la),
            utc(2026, 11, 1, 15, 0)
        );
    }

    #[test]
    fn a_skipped_time_moves_on_and_a_repeated_time_is_taken_once_the_first_time() {
        let berlin = chrono_tz::Europe::Berlin;
        // 29 March 2026: 02:00 jumps to 03:00 (CET → CEST); 02:30 does not exist.
        assert_eq!(
            due_instant(date(2026, 3, 29), at(2, 30), berlin),
            utc(2026, 3, 29, 1, 0)
        );
        // 25 October 2026: 02:30 happens twice; the first is 00:30 UTC.
        assert_eq!(
            due_instant(date(2026, 10, 25), at(2, 30), berlin),
            utc(2026, 10, 25, 0, 30)
        );
    }

    proptest! {
        /// Whatever the zone and day, the reminder lands on that local day at the chosen time,
        /// or (inside a skipped hour) within the hour after it.
        #[test]
        fn the_instant_reads_as_the_chosen_local_time(
            day in 0i64..3650,
            minutes in 0u32..1440,
            zone in prop::sample::select(vec![
                chrono_tz::UTC, chrono_tz::Europe::Berlin, chrono_tz::America::Los_Angeles,
                chrono_tz::Australia::Lord_Howe, chrono_tz::America::Sao_Paulo,
                chrono_tz::Asia::Kolkata, chrono_tz::Pacific::Auckland,
            ]),
        ) {
            let day = date(2024, 1, 1) + Duration::days(day);
            let at = at(minutes / 60, minutes % 60);
            let instant = due_instant(day, at, zone);
            let local = zone.from_utc_datetime(&instant).naive_local();
            let wanted = day.and_time(at.time());
            prop_assert!(local >= wanted && local - wanted <= Duration::hours(1),
                "{zone}: wanted {wanted}, got {local}");
            prop_assert_eq!(local_date(instant, zone), day);
        }
    }
}
