//! Training days (DESIGN §6): the days of the week a runner plans to do the plan. Monday,
//! Wednesday and Friday unless the runner chooses others. Pure: dates in, answers out.

use chrono::{Datelike, NaiveDate, Weekday};

/// The days of the week in order, with the form value and name of each.
pub const DAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "Monday"),
    (Weekday::Tue, "tue", "Tuesday"),
    (Weekday::Wed, "wed", "Wednesday"),
    (Weekday::Thu, "thu", "Thursday"),
    (Weekday::Fri, "fri", "Friday"),
    (Weekday::Sat, "sat", "Saturday"),
    (Weekday::Sun, "sun", "Sunday"),
];

/// A non-empty set of training weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Schedule(u8);

/// Why a submitted set of days was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("Pick at least one training day.")]
    Empty,
    #[error("Pick days from the list: Monday to Sunday.")]
    UnknownDay,
}

fn bit(day: Weekday) -> u8 {
    1 << day.num_days_from_monday()
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule::DEFAULT
    }
}

impl Schedule {
    /// Monday, Wednesday and Friday: a rest day after each training day.
    pub const DEFAULT: Schedule = Schedule(0b0010101);

    /// A schedule of the given days; `None` when there are none.
    pub fn from_days(days: impl IntoIterator<Item = Weekday>) -> Option<Schedule> {
        let bits = days.into_iter().fold(0u8, |acc, d| acc | bit(d));
        (bits != 0).then_some(Schedule(bits))
    }

    /// Parses the repeated `training_days` form values (`mon` … `sun`); repeats are harmless.
    pub fn parse_form<S: AsRef<str>>(values: &[S]) -> Result<Schedule, ScheduleError> {
        let mut days = Vec::new();
        for value in values {
            let value = value.as_ref().trim();
            let (day, _, _) = DAYS
                .iter()
                .find(|(_, slug, _)| *slug == value)
                .ok_or(ScheduleError::UnknownDay)?;
            days.push(*day);
        }
        Schedule::from_days(days).ok_or(ScheduleError::Empty)
    }

    /// Reads the stored form, `mon,wed,fri`; `None` for anything else.
    pub fn parse_stored(stored: &str) -> Option<Schedule> {
        let values: Vec<&str> = stored.split(',').collect();
        Schedule::parse_form(&values).ok()
    }

    /// The stored form: the day slugs in week order, comma-separated.
    pub fn to_stored(self) -> String {
        self.slugs().join(",")
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & bit(day) != 0
    }

    /// Whether `date` is a planned training day.
    pub fn is_training_day(self, date: NaiveDate) -> bool {
        self.contains(date.weekday())
    }

    /// The training weekdays, Monday first.
    pub fn days(self) -> Vec<Weekday> {
        DAYS.iter()
            .map(|(d, _, _)| *d)
            .filter(|d| self.contains(*d))
            .collect()
    }

    /// The form values of the training days, Monday first.
    pub fn slugs(self) -> Vec<&'static str> {
        DAYS.iter()
            .filter(|(d, _, _)| self.contains(*d))
            .map(|(_, s, _)| *s)
            .collect()
    }

    /// How many days a week.
    pub fn per_week(self) -> u32 {
        self.0.count_ones()
    }

    /// The first training day strictly after `date` (within the next seven days, as the schedule
    /// is never empty).
    pub fn next_after(self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        for _ in 0..7 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_training_day(day) {
                return day;
            }
        }
        day
    }

    /// The training days from `from` to `to`, both included, in order.
    pub fn between(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.is_training_day(*d))
            .collect()
    }

    /// "3 days a week: Monday, Wednesday and Friday".
    pub fn describe(self) -> String {
        let names: Vec<&str> = DAYS
            .iter()
            .filter(|(d, _, _)| self.contains(*d))
            .map(|(_, _, n)| *n)
            .collect();
        let list = match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        match self.per_week() {
            1 => format!("once a week: {list}"),
            7 => "every day".to_string(),
            n => format!("{n} days a week: {list}"),
        }
    }
}

/// What today asks of the runner first (DESIGN §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodayTask {
    /// Trained or ran yesterday and no check-in yet today: the check-in comes first.
    CheckInFirst,
    /// A planned training day: the session form at the top.
    Train,
    /// A rest day: say so, offer the check-in, keep the form folded below.
    Rest,
    /// A session is already logged today: show it and the next step.
    Logged,
}

/// The facts about today that decide the task.
#[derive(Debug, Clone, Copy, Default)]
pub struct DayFacts {
    pub training_day: bool,
    pub session_today: bool,
    /// A session or a run was logged yesterday.
    pub active_yesterday: bool,
    pub checked_in_today: bool,
}

impl TodayTask {
    /// A session logged today wins (no blank form inviting a second copy); otherwise an open
    /// check-in after yesterday's load; otherwise the schedule decides.
    pub fn for_day(facts: DayFacts) -> TodayTask {
        if facts.session_today {
            TodayTask::Logged
        } else if facts.active_yesterday && !facts.checked_in_today {
            TodayTask::CheckInFirst
        } else if facts.training_day {
            TodayTask::Train
        } else {
            TodayTask::Rest
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TodayTask::CheckInFirst => "checkin",
            TodayTask::Train => "train",
            TodayTask::Rest => "rest",
            TodayTask::Logged => "logged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_default_is_monday_wednesday_friday() {
        let s = Schedule::default();
        assert_eq!(s.slugs(), ["mon", "wed", "fri"]);
        assert_eq!(s.per_week(), 3);
        assert_eq!(s.describe(), "3 days a week: Monday, Wednesday and Friday");
        // 30 Nov 2026 is a Monday.
        assert!(s.is_training_day(date(2026, 11, 30)));
        assert!(!s.is_training_day(date(2026, 12, 1)));
        assert!(!s.is_training_day(date(2026, 11, 29)));
    }

    #[test]
    fn form_values_parse_in_any_order_and_refuse_the_unknown() {
        let s = Schedule::parse_form(&["sun", "tue", "tue"]).unwrap();
        assert_eq!(s.slugs(), ["tue", "sun"]);
        assert_eq!(s.describe(), "2 days a week: Tuesday and Sunday");
        assert_eq!(Schedule::parse_form::<&str>(&[]), Err(ScheduleError::Empty));
        assert_eq!(
            Schedule::parse_form(&["mon", "funday"]),
            Err(ScheduleError::UnknownDay)
        );
        assert_eq!(
            Schedule::parse_stored("sat").unwrap().describe(),
            "once a week: Saturday"
        );
        assert_eq!(Schedule::parse_stored(""), None);
    }

    #[test]
    fn the_next_training_day_skips_rest_days_and_wraps_the_week() {
        let s = Schedule::default();
        // Friday 4 Dec → Monday 7 Dec; Monday → Wednesday.
        assert_eq!(s.next_after(date(2026, 12, 4)), date(2026, 12, 7));
        assert_eq!(s.next_after(date(2026, 11, 30)), date(2026, 12, 2));
        assert_eq!(
            s.between(date(2026, 11, 30), date(2026, 12, 6)),
            [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 4)]
        );
    }

    #[test]
    fn today_task_follows_the_day() {
        use TodayTask::*;
        let f = |training_day, session_today, active_yesterday, checked_in_today| {
            TodayTask::for_day(DayFacts {
                training_day,
                session_today,
                active_yesterday,
                checked_in_today,
            })
        };
        assert_eq!(f(true, false, false, false), Train);
        assert_eq!(f(false, false, false, false), Rest);
        assert_eq!(f(false, false, true, false), CheckInFirst);
        assert_eq!(f(true, false, true, false), CheckInFirst);
        assert_eq!(f(true, false, true, true), Train);
        assert_eq!(f(false, false, true, true), Rest);
        assert_eq!(f(true, true, true, false), Logged);
        assert_eq!(f(false, true, false, false), Logged);
    }

    proptest! {
        #[test]
        fn stored_form_round_trips(bits in 1u8..128) {
            let s = Schedule(bits);
            prop_assert_eq!(Schedule::parse_stored(&s.to_stored()), Some(s));
        }

        #[test]
        fn a_week_holds_as_many_training_days_as_the_schedule_says(
            bits in 1u8..128, offset in 0i64..3000,
        ) {
            let s = Schedule(bits);
            let start = date(2024, 1, 1) + chrono::Days::new(offset as u64);
            let week = s.between(start, start + chrono::Days::new(6));
            prop_assert_eq!(week.len() as u32, s.per_week());
            let next = s.next_after(start);
            prop_assert!(next > start && s.is_training_day(next));
            prop_assert!(s.between(start.succ_opt().unwrap(), next.pred_opt().unwrap()).is_empty());
        }
    }
}
