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
