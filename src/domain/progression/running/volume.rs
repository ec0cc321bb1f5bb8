//! Running volume (DESIGN 2.6): weekly growth, the single-run spike, the share of pre-injury volume.

use chrono::{NaiveDate, TimeDelta};

use super::RunRecord;
use crate::domain::values::Units;

/// Weekly running time may grow by at most this much a week; Tendo warns above it.
pub const WEEKLY_GROWTH_PERCENT: u32 = 30;
/// A run longer than any run of the last [`SPIKE_LOOKBACK_DAYS`] days by more than this is flagged.
pub const SPIKE_PERCENT: u32 = 30;
pub const SPIKE_LOOKBACK_DAYS: i64 = 30;
/// Speed and hills start in this band of pre-injury weekly volume (the low end is the threshold).
pub const SPEED_HILLS_SHARE: (u32, u32) = (50, 60);
/// Normal training resumes in this band of pre-injury weekly volume.
pub const STAGE4_SHARE: (u32, u32) = (75, 80);

const KM_PER_MILE: f64 = 1.609_344;

/// A distance in km shown in the runner's unit: km for kilograms, miles for pounds.
pub fn km_to_unit(km: f64, units: Units) -> f64 {
    match units {
        Units::Kg => km,
        Units::Lb => km / KM_PER_MILE,
    }
}

/// A distance typed in the runner's unit, in km.
pub fn unit_to_km(v: f64, units: Units) -> f64 {
    match units {
        Units::Kg => v,
        Units::Lb => v * KM_PER_MILE,
    }
}

/// Running time and distance of the 7 days ending on a date, and the week before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weeks {
    pub minutes: u32,
    pub previous_minutes: u32,
    pub km: f64,
}

fn in_window(run: &RunRecord, last: NaiveDate, days: i64) -> bool {
    run.date <= last && run.date > last - TimeDelta::days(days)
}

/// The weeks ending on `last` (that day included).
pub fn weeks(runs: &[RunRecord], last: NaiveDate) -> Weeks {
    let running = || runs.iter().filter(|r| r.kind.is_running());
    let minutes_in = |end: NaiveDate| -> u32 {
        running()
            .filter(|r| in_window(r, end, 7))
            .map(|r| u32::from(r.duration_minutes.unwrap_or(0)))
            .sum()
    };
    Weeks {
        minutes: minutes_in(last),
        previous_minutes: minutes_in(last - TimeDelta::days(7)),
        km: running()
            .filter(|r| in_window(r, last, 7))
            .filter_map(|r| r.distance_km)
            .sum(),
    }
}

/// Weekly growth above 30 %, as a sentence; `None` within the cap or without a previous week.
pub fn growth_warning(w: &Weeks) -> Option<String> {
    if w.previous_minutes == 0
        || w.minutes * 100 <= w.previous_minutes * (100 + WEEKLY_GROWTH_PERCENT)
    {
        return None;
    }
    let rise = (w.minutes - w.previous_minutes) * 100 / w.previous_minutes;
    let cap = w.previous_minutes * (100 + WEEKLY_GROWTH_PERCENT) / 100;
    Some(format!(
        "Running time rose {rise} % this week ({} → {} min), above the {WEEKLY_GROWTH_PERCENT} % a week Tendo advises (at most {cap} min).",
        w.previous_minutes, w.minutes
    ))
}

/// The most a week may hold after a week of `previous` minutes.
pub fn weekly_cap(previous: u32) -> u32 {
    previous * (100 + WEEKLY_GROWTH_PERCENT) / 100
}

/// Whether `run` is longer than every run of the 30 days before it by more than 30 %.
pub fn is_spike(run: &RunRecord, runs: &[RunRecord]) -> bool {
    let Some(mine) = run.duration_minutes.filter(|_| run.kind.is_running()) else {
        return false;
    };
    let longest = runs
        .iter()
        .filter(|r| r.kind.is_running())
        .filter(|r| r.date < run.date && r.date >= run.date - TimeDelta::days(SPIKE_LOOKBACK_DAYS))
        .filter_map(|r| r.duration_minutes)
        .max();
    longest.is_some_and(|l| u32::from(mine) * 100 > u32::from(l) * (100 + SPIKE_PERCENT))
}

/// The spike sentence for one run.
pub fn spike_warning(run: &RunRecord) -> String {
    format!(
        "The run on {} ({} min) was more than {SPIKE_PERCENT} % longer than any run of the {SPIKE_LOOKBACK_DAYS} days before.",
        run.date.format("%-d %b"),
        run.duration_minutes.unwrap_or(0)
    )
}

/// `km` as a whole percentage of the pre-injury weekly volume (rounded down).
pub fn share_percent(km: f64, pre_injury_km: f64) -> Option<u32> {
    if pre_injury_km.is_finite() && pre_injury_km > 0.0 && km.is_finite() && km >= 0.0 {
        Some((km * 100.0 / pre_injury_km + 1e-9).floor() as u32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::RunKind;
    use super::*;
    use crate::domain::values::PainScore;

    fn run(id: i64, day: u32, minutes: u16) -> RunRecord {
        RunRecord {
            id,
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            kind: RunKind::Easy,
            duration_minutes: Some(minutes),
            distance_km: Some(f64::from(minutes) / 6.0),
            pain_during: PainScore::new(0).unwrap(),
        }
    }

    #[test]
    fn growth_above_thirty_percent_is_warned_and_at_thirty_is_not() {
        let ok = Weeks {
            minutes: 130,
            previous_minutes: 100,
            km: 0.0,
        };
        assert_eq!(growth_warning(&ok), None);
        let high = Weeks {
            minutes: 131,
            previous_minutes: 100,
            km: 0.0,
        };
        let w = growth_warning(&high).unwrap();
        assert!(
            w.contains("31 %") && w.contains("30 %") && w.contains("130 min"),
            "{w}"
        );
        let first = Weeks {
            minutes: 90,
            previous_minutes: 0,
            km: 0.0,
        };
        assert_eq!(
            growth_warning(&first),
            None,
            "no previous week, nothing to compare"
        );
    }

    #[test]
    fn a_run_more_than_thirty_percent_past_the_longest_of_thirty_days_is_a_spike() {
        let runs = vec![
            run(1, 1, 20),
            run(2, 10, 30),
            run(3, 20, 39),
            run(4, 21, 40),
        ];
        assert!(!is_spike(&runs[2], &runs), "39 is 30 % past 30, not more");
        assert!(is_spike(
            &runs[3],
            &runs[..2]
                .iter()
                .chain([&runs[3]])
                .cloned()
                .collect::<Vec<_>>()
        ));
        let old = vec![run(1, 1, 60), run(2, 29, 30)];
        assert!(
            !is_spike(&old[1], &old),
            "the only other run is older: not longer"
        );
    }

    #[test]
    fn weeks_sum_the_seven_days_ending_on_the_date() {
        let runs = vec![run(1, 1, 20), run(2, 8, 30), run(3, 14, 40)];
        let w = weeks(&runs, NaiveDate::from_ymd_opt(2026, 11, 14).unwrap());
        assert_eq!((w.minutes, w.previous_minutes), (70, 20));
    }

    #[test]
    fn share_is_rounded_down() {
        assert_eq!(share_percent(10.0, 20.0), Some(50));
        assert_eq!(share_percent(9.99, 20.0), Some(49));
        assert_eq!(share_percent(10.0, 0.0), None);
    }

    #[test]
    fn miles_round_trip() {
        let km = unit_to_km(10.0, Units::Lb);
        assert!((km_to_unit(km, Units::Lb) - 10.0).abs() < 1e-9);
    }
}
