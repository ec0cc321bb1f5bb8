//! Per account: whether the address is verified, which reminders are on and when, and the
//! calendar feed's secret (only its hash).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{mail_preferences, users};
use super::users::{User, UserId, UserRow};
use super::{DbConn, StoreResult};
use crate::domain::reminders::RemindAt;

/// The reminders a person chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reminders {
    pub checkin: bool,
    pub training: bool,
    pub visa_a: bool,
    /// Clinicians only: a daily digest of patients needing attention.
    pub digest: bool,
    pub at: RemindAt,
}

impl Reminders {
    pub fn any(&self) -> bool {
        self.checkin || self.training || self.visa_a || self.digest
    }
}

/// The mail settings of one account.
#[derive(Debug, Clone, Default)]
pub struct MailPrefs {
    /// The account's current address has been confirmed through a link.
    pub verified: bool,
    pub reminders: Reminders,
    /// When the live calendar link was made, if there is one.
    pub calendar_since: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = mail_preferences)]
struct PrefsRow {
    verified_email: Option<String>,
    remind_checkin: bool,
    remind_training: bool,
    remind_visa_a: bool,
    remind_digest: bool,
    remind_at: String,
    calendar_created_at: Option<NaiveDateTime>,
}

impl PrefsRow {
    fn into_prefs(self, email: &str) -> MailPrefs {
        MailPrefs {
            verified: self.verified_email.as_deref() == Some(email),
            reminders: Reminders {
                checkin: self.remind_checkin,
                training: self.remind_training,
                visa_a: self.remind_visa_a,
                digest: self.remind_digest,
                at: RemindAt::parse(&self.remind_at).unwrap_or_default(),
            },
            calendar_since: self.calendar_created_at,
        }
    }
}

pub fn get(conn: &mut DbConn, user: &User) -> StoreResult<MailPrefs> {
    let row = mail_preferences::table
        .find(user.id.0)
        .select(PrefsRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(|r| r.into_prefs(&user.email)).unwrap_or_default())
}

/// Makes sure the account has a row (with every reminder off), so updates have one to change.
fn ensure(conn: &mut DbConn, user: UserId, now: NaiveDateTime) -> StoreResult<()> {
    let exists: i64 = mail_preferences::table
        .find(user.0)
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(mail_preferences::table)
            .values((
                mail_preferences::user_id.eq(user.0),
                mail_preferences::remind_at.eq(RemindAt::default().as_hhmm()),
                mail_preferences::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Saves the reminder choices. Call inside a write transaction.
pub fn save_reminders(
    conn: &mut DbConn,
    user: UserId,
    r: &Reminders,
    now: NaiveDateTime,
) -> StoreResult<()> {
    ensure(conn, user, now)?;
    diesel::update(mail_preferences::table.find(user.0))
        .set((
            mail_preferences::remind_checkin.eq(r.checkin),
            mail_preferences::remind_training.eq(r.training),
            mail_preferences::remind_visa_a.eq(r.visa_a),
            mail_preferences::remind_digest.eq(r.digest),
            mail_preferences::remind_at.eq(r.at.as_hhmm()),
            mail_preferences::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records that `email` was confirmed for the account.
pub fn mark_verified(
    conn: &mut DbConn,
    user: UserId,
    email: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    ensure(conn, user, now)?;
    diesel::update(mail_preferences::table.find(user.0))
        .set((
            mail_preferences::verified_email.eq(email),
            mail_preferences::verified_at.eq(now),
            mail_preferences::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A named reminder, as unsubscribe links name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    Checkin,
    Training,
    VisaA,
    Digest,
}

impl ReminderKind {
    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::Checkin => "morning check-in reminders",
            ReminderKind::Training => "training-day reminders",
            ReminderKind::VisaA => "VISA-A reminders",
            ReminderKind::Digest => "the daily patient digest",
        }
    }
}

/// Turns one reminder off (an unsubscribe link).
pub fn turn_off(
    conn: &mut DbConn,
    user: UserId,
    kind: ReminderKind,
    now: NaiveDateTime,
) -> StoreResult<()> {
    ensure(conn, user, now)?;
    let row = mail_preferences::table.find(user.0);
    match kind {
        ReminderKind::Checkin => diesel::update(row)
            .set(mail_preferences::remind_checkin.eq(false))
            .execute(conn)?,
        ReminderKind::Training => diesel::update(row)
            .set(mail_preferences::remind_training.eq(false))
            .execute(conn)?,
        ReminderKind::VisaA => diesel::update(row)
            .set(mail_preferences::remind_visa_a.eq(false))
            .execute(conn)?,
        ReminderKind::Digest => diesel::update(row)
            .set(mail_preferences::remind_digest.eq(false))
            .execute(conn)?,
    };
    Ok(())
}

/// Replaces the calendar secret's hash (the old link stops working at once).
pub fn set_calendar(
    conn: &mut DbConn,
    user: UserId,
    token_hash: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    ensure(conn, user, now)?;
    diesel::update(mail_preferences::table.find(user.0))
        .set((
            mail_preferences::calendar_token_hash.eq(token_hash),
            mail_preferences::calendar_created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The account behind a calendar secret's hash.
pub fn find_by_calendar(conn: &mut DbConn, token_hash: &str) -> StoreResult<Option<User>> {
    let row = mail_preferences::table
        .inner_join(users::table.on(users::id.eq(mail_preferences::user_id)))
        .filter(mail_preferences::calendar_token_hash.eq(token_hash))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(User::from))
}

/// Accounts with a verified address and at least one reminder on: the ones to plan for.
pub fn with_reminders(conn: &mut DbConn) -> StoreResult<Vec<(User, Reminders)>> {
    let rows = mail_preferences::table
        .inner_join(users::table.on(users::id.eq(mail_preferences::user_id)))
        .filter(mail_preferences::verified_email.eq(users::email.nullable()))
        .filter(
            mail_preferences::remind_checkin
                .or(mail_preferences::remind_training)
                .or(mail_preferences::remind_visa_a)
                .or(mail_preferences::remind_digest),
        )
        .select((UserRow::as_select(), PrefsRow::as_select()))
        .load::<(UserRow, PrefsRow)>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(u, p)| {
            let user = User::from(u);
            let prefs = p.into_prefs(&user.email);
            (user, prefs.reminders)
        })
        .collect())
}

/// What a runner has logged around the days reminders are about.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Days with a session or a run.
    pub trained: Vec<chrono::NaiveDate>,
    /// Days with a session.
    pub sessions: Vec<chrono::NaiveDate>,
    pub checkins: Vec<chrono::NaiveDate>,
    /// The newest VISA-A.
    pub last_visa_a: Option<chrono::NaiveDate>,
}

/// The runner's sessions, runs and check-ins between `from` and `to` (inclusive), and the date of
/// the newest VISA-A.
pub fn activity(
    conn: &mut DbConn,
    user: UserId,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> StoreResult<Activity> {
    use super::schema::{checkins, runs, training_sessions, visa_a_results};
    let sessions: Vec<chrono::NaiveDate> = training_sessions::table
        .filter(training_sessions::user_id.eq(user.0))
        .filter(training_sessions::performed_on.between(from, to))
        .select(training_sessions::performed_on)
        .load(conn)?;
    let run_days: Vec<chrono::NaiveDate> = runs::table
        .filter(runs::user_id.eq(user.0))
        .filter(runs::performed_on.between(from, to))
        .select(runs::performed_on)
        .load(conn)?;
    let checkins: Vec<chrono::NaiveDate> = checkins::table
        .filter(checkins::user_id.eq(user.0))
        .filter(checkins::checked_on.between(from, to))
        .select(checkins::checked_on)
        .load(conn)?;
    let last_visa_a = visa_a_results::table
        .filter(visa_a_results::user_id.eq(user.0))
        .select(diesel::dsl::max(visa_a_results::taken_on))
        .first::<Option<chrono::NaiveDate>>(conn)?;
    let mut trained = sessions.clone();
    trained.extend(run_days);
    Ok(Activity {
        trained,
        sessions,
        checkins,
        last_visa_a,
    })
}
