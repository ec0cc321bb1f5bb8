//! Accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::users;
use super::{DbConn, StoreResult};
use crate::domain::values::{GateThreshold, TendinopathyType, Units};

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Runner,
    Clinician,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Runner => "runner",
            Role::Clinician => "clinician",
        }
    }
    pub fn parse(raw: &str) -> Option<Role> {
        match raw {
            "runner" => Some(Role::Runner),
            "clinician" => Some(Role::Clinician),
            _ => None,
        }
    }
}

/// A typed user id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    units: String,
    timezone: String,
    gate_threshold: i32,
    confirmed_type: Option<String>,
    created_at: NaiveDateTime,
    confirmed_at: Option<NaiveDateTime>,
    totp_enabled_at: Option<NaiveDateTime>,
    record_version: i64,
}

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub units: Units,
    pub timezone: chrono_tz::Tz,
    pub gate_threshold: GateThreshold,
    pub confirmed_type: Option<TendinopathyType>,
    pub created_at: NaiveDateTime,
    /// When a clinician last confirmed the type (`None` for a confirmation older than the record
    /// of it, which counts as older than any triage).
    pub confirmed_at: Option<NaiveDateTime>,
    /// Two-step sign-in is on.
    pub mfa_enabled: bool,
    /// Bumped by the database with every write to the runner's record (see
    /// [`crate::web::records`]); what was computed from the record holds while it is unchanged.
    pub record_version: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: UserId(r.id),
            email: r.email,
            display_name: r.display_name,
            role: Role::parse(&r.role).unwrap_or(Role::Runner),
            units: Units::parse(&r.units).unwrap_or_default(),
            timezone: r.timezone.parse().unwrap_or(chrono_tz::UTC),
            gate_threshold: GateThreshold::new(i64::from(r.gate_threshold)).unwrap_or_default(),
            confirmed_type: r
                .confirmed_type
                .as_deref()
                .and_then(|t| TendinopathyType::parse(t).ok()),
            created_at: r.created_at,
            confirmed_at: r.confirmed_at,
            mfa_enabled: r.totp_enabled_at.is_some(),
            record_version: r.record_version,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub timezone: &'a str,
    pub created_at: NaiveDateTime,
}

/// Emails are unique regardless of case; they are stored lowercased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Inserts an account; `Ok(None)` when the email is taken.
pub fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> StoreResult<Option<User>> {
    let result = diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .get_result::<i64>(conn);
    match result {
        Ok(id) => find(conn, UserId(id)),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub fn email_taken(conn: &mut DbConn, email: &str) -> StoreResult<bool> {
    let n: i64 = users::table
        .filter(users::email.eq(normalise_email(email)))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The account and its password hash, for a login.
pub fn find_for_login(conn: &mut DbConn, email: &str) -> StoreResult<Option<(User, String)>> {
    let row = users::table
        .filter(users::email.eq(normalise_email(email)))
        .select((UserRow::as_select(), users::password_hash))
        .first::<(UserRow, String)>(conn)
        .optional()?;
    Ok(row.map(|(u, h)| (u.into(), h)))
}

pub fn find(conn: &mut DbConn, id: UserId) -> StoreResult<Option<User>> {
    let row = users::table
        .find(id.0)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Into::into))
}

pub fn password_hash(conn: &mut DbConn, id: UserId) -> StoreResult<Option<String>> {
    Ok(users::table
        .find(id.0)
        .select(users::password_hash)
        .first(conn)
        .optional()?)
}

pub fn set_password_hash(conn: &mut DbConn, id: UserId, hash: &str) -> StoreResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::password_hash.eq(hash))
        .execute(conn)?;
    Ok(())
}

pub fn set_units(conn: &mut DbConn, id: UserId, units: Units) -> StoreResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::units.eq(units.as_str()))
        .execute(conn)?;
    Ok(())
}

pub fn set_timezone(conn: &mut DbConn, id: UserId, tz: chrono_tz::Tz) -> StoreResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::timezone.eq(tz.name()))
        .execute(conn)?;
    Ok(())
}

/// Several accounts by id, in no particular order.
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> StoreResult<Vec<User>> {
    let rows = users::table
        .filter(users::id.eq_any(ids))
        .select(UserRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The clinician's settings for a runner: hurdle-jump threshold and confirmed type. Saving a type
/// confirms it as of `now` (a triage with an urgent flag older than that no longer withholds the
/// plan); saving none clears the confirmation.
pub fn set_clinical_settings(
    conn: &mut DbConn,
    link: super::sharing::LinkedRunner,
    threshold: GateThreshold,
    confirmed: Option<TendinopathyType>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(users::table.find(link.runner().0))
        .set((
            users::gate_threshold.eq(i32::from(threshold.get())),
            users::confirmed_type.eq(confirmed.map(TendinopathyType::as_str)),
            users::confirmed_at.eq(confirmed.map(|_| now)),
        ))
        .execute(conn)?;
    Ok(())
}
