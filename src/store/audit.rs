//! The append-only audit log: who did what to whose data, and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_log;
use super::users::UserId;
use super::{DbConn, StoreResult};

/// One audit entry to append.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: Option<UserId>,
    pub action: &'a str,
    pub subject: Option<UserId>,
    pub detail: &'a str,
    pub ip: &'a str,
}

impl<'a> AuditEntry<'a> {
    pub fn new(
        actor: Option<UserId>,
        action: &'a str,
        subject: Option<UserId>,
        detail: &'a str,
        ip: &'a str,
    ) -> AuditEntry<'a> {
        AuditEntry {
            actor,
            action,
            subject,
            detail,
            ip,
        }
    }
}

pub fn append(conn: &mut DbConn, entry: &AuditEntry<'_>, now: NaiveDateTime) -> StoreResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now),
            audit_log::actor_id.eq(entry.actor.map(|u| u.0)),
            audit_log::action.eq(entry.action),
            audit_log::subject_id.eq(entry.subject.map(|u| u.0)),
            audit_log::detail.eq(entry.detail),
            audit_log::ip.eq(entry.ip),
        ))
        .execute(conn)?;
    Ok(())
}

/// One entry of an account's trail.
#[derive(Debug, Clone, Queryable)]
pub struct TrailEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: Option<i64>,
    pub action: String,
    pub detail: String,
    pub ip: String,
}

/// Entries about `user` (their sign-ins and changes, and what clinicians did with their record),
/// newest first: `limit` of them after skipping `offset`.
pub fn trail(
    conn: &mut DbConn,
    user: UserId,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<TrailEntry>> {
    Ok(audit_log::table
        .filter(audit_log::subject_id.eq(Some(user.0)))
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .select((
            audit_log::id,
            audit_log::at,
            audit_log::actor_id,
            audit_log::action,
            audit_log::detail,
            audit_log::ip,
        ))
        .limit(limit)
        .offset(offset)
        .load(conn)?)
}
