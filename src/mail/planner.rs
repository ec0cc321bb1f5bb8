//! Reminders: planned into the outbox ahead of their time (one row per kind, person and day), and
//! checked again when due — a reminder no longer true (the check-in was made) is dropped.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::message::Message;
use crate::domain::attention;
use crate::domain::progression::assess;
use crate::domain::reminders::{due_instant, local_date, reminder_lifetime};
use crate::domain::schedule::Schedule;
use crate::domain::visa_a;
use crate::store::mail_prefs::{self, Activity, ReminderKind, Reminders};
use crate::store::outbox::{self, NewOutboxRow};
use crate::store::users::{Role, User};
use crate::store::{clinic, DbConn, StoreResult};

/// How far ahead reminders are planned.
fn horizon() -> Duration {
    Duration::hours(26)
}

/// The runner's training days (`/plan/schedule`; Monday, Wednesday, Friday by default).
pub fn training_days(conn: &mut DbConn, user: &User) -> StoreResult<Schedule> {
    crate::store::schedule::load(conn, user.id)
}

/// The day the VISA-A is next due: at the start (the day the account was made), then every two
/// weeks after the newest one.
pub fn visa_due(user: &User, last: Option<NaiveDate>) -> NaiveDate {
    match last {
        Some(taken) => visa_a::next_due(taken).unwrap_or(taken + Duration::days(14)),
        None => local_date(user.created_at, user.timezone),
    }
}

/// Plans every reminder due between a little before `now` (still within its lifetime) and the
/// horizon; returns how many rows were added. Safe to run from several instances at once.
pub fn plan_reminders(conn: &mut DbConn, now: NaiveDateTime) -> StoreResult<usize> {
    let mut added = 0;
    for (user, reminders) in mail_prefs::with_reminders(conn)? {
        added += plan_for(conn, &user, &reminders, now)?;
    }
    Ok(added)
}

fn plan_for(
    conn: &mut DbConn,
    user: &User,
    r: &Reminders,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    let today = local_date(now, user.timezone);
    let days = [today - Duration::days(1), today, today + Duration::days(1)];
    let activity = match user.role {
        Role::Runner => mail_prefs::activity(
            conn,
            user.id,
            today - Duration::days(2),
            today + Duration::days(1),
        )?,
        Role::Clinician => Activity::default(),
    };
    let schedule = training_days(conn, user)?;
    let mut added = 0;
    for day in days {
        let due = due_instant(day, r.at, user.timezone);
        if due + reminder_lifetime() <= now || due > now + horizon() {
            continue;
        }
        let mut wanted: Vec<(Message, String)> = Vec::new();
        match user.role {
            Role::Runner => {
                if r.checkin
                    && activity.trained.contains(&(day - Duration::days(1)))
                    && !activity.checkins.contains(&day)
                {
                    wanted.push((
                        Message::CheckinReminder { day },
                        format!("checkin:{}:{day}", user.id.0),
                    ));
                }
                if r.training && schedule.is_training_day(day) && !activity.sessions.contains(&day)
                {
                    wanted.push((
                        Message::TrainingReminder { day },
                        format!("training:{}:{day}", user.id.0),
                    ));
                }
                let visa_day = visa_due(user, activity.last_visa_a);
                if r.visa_a && visa_day <= day && day == today.max(visa_day) {
                    // One reminder per due date, on the due day or the first day after it.
                    wanted.push((
                        Message::VisaAReminder { day },
                        format!("visa_a:{}:{visa_day}", user.id.0),
                    ));
                }
            }
            Role::Clinician => {
                if r.digest {
                    wanted.push((
                        Message::ClinicianDigest { day },
                        format!("digest:{}:{day}", user.id.0),
                    ));
                }
            }
        }
        for (message, key) in wanted {
            let inserted = outbox::insert(
                conn,
                &NewOutboxRow {
                    user_id: Some(user.id.0),
                    recipient: &user.email,
                    kind: message.kind(),
                    payload: &message.to_payload(),
                    dedupe_key: Some(&key),
                    due_at: due,
                    expires_at: Some(due + reminder_lifetime()),
                    created_at: now,
                },
            )?;
            added += usize::from(inserted);
        }
    }
    Ok(added)
}

/// Whether a due reminder should still go out, and the patients a digest lists.
pub(crate) enum Verdict {
    Send(Vec<(String, String)>),
    Drop(&'static str),
}

/// Checks a due reminder against what is true now.
pub(crate) fn verdict(
    conn: &mut DbConn,
    user: &User,
    message: &Message,
    now: NaiveDateTime,
) -> StoreResult<Verdict> {
    let Some(kind) = message.reminder() else {
        return Ok(Verdict::Send(Vec::new()));
    };
    let prefs = mail_prefs::get(conn, user)?;
    if !prefs.verified {
        return Ok(Verdict::Drop("address not verified"));
    }
    let on = match kind {
        ReminderKind::Checkin => prefs.reminders.checkin,
        ReminderKind::Training => prefs.reminders.training,
        ReminderKind::VisaA => prefs.reminders.visa_a,
        ReminderKind::Digest => prefs.reminders.digest,
    };
    if !on {
        return Ok(Verdict::Drop("turned off"));
    }
    let Some(day) = message.about_date() else {
        return Ok(Verdict::Send(Vec::new()));
    };
    if kind == ReminderKind::Digest {
        let patients = needing_attention(conn, user, local_date(now, user.timezone))?;
        return Ok(if patients.is_empty() {
            Verdict::Drop("no patient needs attention")
        } else {
            Verdict::Send(patients)
        });
    }
    let activity = mail_prefs::activity(conn, user.id, day - Duration::days(1), day)?;
    let dropped = match kind {
        ReminderKind::Checkin => activity.checkins.contains(&day).then_some("checked in"),
        ReminderKind::Training => activity.sessions.contains(&day).then_some("session logged"),
        ReminderKind::VisaA => (visa_due(user, activity.last_visa_a) > day).then_some("taken"),
        ReminderKind::Digest => None,
    };
    Ok(match dropped {
        Some(reason) => Verdict::Drop(reason),
        None => Verdict::Send(Vec::new()),
    })
}

/// The clinician's linked runners that the patient list flags, with the reasons, most urgent
/// first (the same flags as `/clinic`).
fn needing_attention(
    conn: &mut DbConn,
    clinician: &User,
    today: NaiveDate,
) -> StoreResult<Vec<(String, String)>> {
    let week_start = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let mut flagged: Vec<(Vec<attention::AttentionFlag>, String)> =
        clinic::patients(conn, clinician.id, week_start)?
            .into_iter()
            .filter_map(|p| {
                let monitor = assess(&p.record.history, today).monitor;
                let input = clinic::attention_input(&p.record, monitor, &p.facts.visa);
                let flags = attention::flags(&input, today);
                (!flags.is_empty()).then_some((flags, p.facts.runner.display_name))
            })
            .collect();
    flagged.sort_by(|a, b| {
        attention::priority(&a.0)
            .cmp(&attention::priority(&b.0))
            .then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase()))
    });
    Ok(flagged
        .into_iter()
        .map(|(flags, name)| {
            let why: Vec<&str> = flags.iter().map(|f| f.label()).collect();
            (name, why.join(", "))
        })
        .collect())
}
