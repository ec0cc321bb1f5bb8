//! The private calendar feed (`/calendar/{token}.ics`, RFC 5545): the next weeks' training days,
//! the morning check-ins after them, and the next VISA-A.
//!
//! Training days and the VISA-A are all-day events (a date is the same date in every time zone);
//! a check-in is a short event at the runner's reminder time, written in UTC after converting from
//! the runner's time zone on that very day, so it stays at 07:30 local across DST changes.
//! Every event's UID is made of its kind, the account and the date: a calendar app that reloads
//! the feed updates events instead of adding copies.

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::domain::reminders::{due_instant, RemindAt};
use crate::domain::schedule::Schedule;

/// How far ahead the feed reaches.
pub const FEED_WEEKS: i64 = 6;

/// Everything the feed is made from.
#[derive(Debug, Clone)]
pub struct FeedInput {
    pub user_id: i64,
    pub timezone: chrono_tz::Tz,
    pub schedule: Schedule,
    pub remind_at: RemindAt,
    /// The runner's local date today.
    pub today: NaiveDate,
    /// When the VISA-A is next due (may be in the past: it is overdue).
    pub visa_a_due: NaiveDate,
    /// The host part of UIDs and the base of links, e.g. `https://tendo.example`.
    pub public_url: String,
}

/// One event of the feed, before it becomes iCalendar text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEvent {
    Training(NaiveDate),
    /// The check-in on the morning of this date, at this UTC instant.
    Checkin(NaiveDate, NaiveDateTime),
    VisaA(NaiveDate),
}

/// The events of the feed, in date order.
pub fn feed_events(input: &FeedInput) -> Vec<FeedEvent> {
    let end = input.today + Duration::weeks(FEED_WEEKS);
    let mut events = Vec::new();
    for day in input.schedule.between(input.today, end) {
        events.push(FeedEvent::Training(day));
        let morning = day + Duration::days(1);
        events.push(FeedEvent::Checkin(
            morning,
            due_instant(morning, input.remind_at, input.timezone),
        ));
    }
    events.push(FeedEvent::VisaA(input.visa_a_due.max(input.today)));
    events.sort_by_key(|e| match e {
        FeedEvent::Training(d) | FeedEvent::Checkin(d, _) | FeedEvent::VisaA(d) => *d,
    });
    events
}

/// The feed as iCalendar text.
pub fn render_feed(input: &FeedInput) -> String {
    let host = url::Url::parse(&input.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "tendo".to_string());
    let uid = |kind: &str, day: NaiveDate| format!("{kind}-{}-{day}@{host}", input.user_id);
    let link = |path: &str| format!("{}{path}", input.public_url);
    let mut calendar = Calendar::new();
    calendar
        .name("Tendo: Achilles rehab")
        .description("Training days, morning check-ins and the VISA-A, from Tendo.")
        .append_property(icalendar::Property::new(
            "REFRESH-INTERVAL;VALUE=DURATION",
            "PT6H",
        ))
        .append_property(icalendar::Property::new("X-PUBLISHED-TTL", "PT6H"));
    for event in feed_events(input) {
        let built = match event {
            FeedEvent::Training(day) => Event::new()
                .uid(&uid("training", day))
                .summary("Tendo: calf training")
                .description(
                    "A training day of your plan. Open today's session to see the doses and \
                     the advice for each exercise.",
                )
                .starts(day)
                .ends(day + Duration::days(1))
                .url(&link("/today"))
                .done(),
            FeedEvent::Checkin(day, at) => Event::new()
                .uid(&uid("checkin", day))
                .summary("Tendo: morning check-in")
                .description(
                    "How does the Achilles feel this morning? Pain, stiffness and painkillers \
                     decide whether yesterday's load was right.",
                )
                .starts(Utc.from_utc_datetime(&at))
                .ends(Utc.from_utc_datetime(&(at + Duration::minutes(5))))
                .url(&link("/checkin"))
                .done(),
            FeedEvent::VisaA(day) => Event::new()
                .uid(&uid("visa-a", day))
                .summary("Tendo: VISA-A questionnaire")
                .description("Eight short questions, every two weeks, on how the tendon is doing.")
                .starts(day)
                .ends(day + Duration::days(1))
                .url(&link("/visa-a"))
                .done(),
        };
        calendar.push(built);
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn input(today: NaiveDate, tz: chrono_tz::Tz) -> FeedInput {
        FeedInput {
            user_id: 7,
            timezone: tz,
            schedule: Schedule::from_days([Weekday::Mon, Weekday::Wed, Weekday::Fri]).unwrap(),
            remind_at: RemindAt::parse("07:30").unwrap(),
            today,
            visa_a_due: today + Duration::days(3),
            public_url: "https://tendo.example".into(),
        }
    }

    #[test]
    fn six_weeks_of_training_days_each_with_the_next_mornings_check_in() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(); // a Monday
        let events = feed_events(&input(today, chrono_tz::UTC));
        let training = events
            .iter()
            .filter(|e| matches!(e, FeedEvent::Training(_)))
            .count();
        let checkins = events
            .iter()
            .filter(|e| matches!(e, FeedEvent::Checkin(..)))
            .count();
        assert_eq!(training, 3 * 6 + 1, "Mon/Wed/Fri for six weeks, both ends");
        assert_eq!(checkins, training);
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, FeedEvent::VisaA(_)))
                .count(),
            1
        );
    }

    #[test]
    fn a_check_in_stays_at_the_local_time_across_the_change_to_summer_time() {
        // Los Angeles moves to PDT on Sunday 8 March 2026.
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let events = feed_events(&input(today, chrono_tz::America::Los_Angeles));
        let at = |d: u32| {
            events.iter().find_map(|e| match e {
                FeedEvent::Checkin(day, at) if *day == NaiveDate::from_ymd_opt(2026, 3, d)? => {
                    Some(*at)
                }
                _ => None,
            })
        };
        // Tuesday 3 March (after Monday): 07:30 PST = 15:30 UTC; Tuesday 10 March: 07:30 PDT = 14:30 UTC.
        assert_eq!(at(3).unwrap().format("%H:%M").to_string(), "15:30");
        assert_eq!(at(10).unwrap().format("%H:%M").to_string(), "14:30");
    }

    #[test]
    fn an_overdue_visa_a_shows_today_and_uids_are_stable() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut i = input(today, chrono_tz::UTC);
        i.visa_a_due = today - Duration::days(5);
        assert!(feed_events(&i).contains(&FeedEvent::VisaA(today)));
        let a = render_feed(&i);
        let b = render_feed(&i);
        let uids = |s: &str| {
            s.lines()
                .filter(|l| l.starts_with("UID:"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(uids(&a), uids(&b));
        assert!(a.contains("UID:training-7-2026-11-30@tendo.example"));
        assert!(a.contains("DTSTART;VALUE=DATE:20261130"));
        assert!(a.contains("DTEND;VALUE=DATE:20261201"));
    }
}
