//! Deleting an account with everything it holds, in one transaction, leaving only an audit
//! tombstone that names the old id.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{self, AuditEntry};
use super::schema::{
    account_tokens, auth_sessions, capacity_tests, checkins, clinician_links, clinician_notes,
    hop_tests, known_devices, mail_preferences, mfa_challenges, outbox, recovery_codes,
    run_stage_settings, running_profiles, runs, session_sets, share_codes, throttle_events,
    training_schedules, training_sessions, triages, users, visa_a_results,
};
use super::users::UserId;
use super::{write_transaction, DbConn, StoreResult};

/// The audit action of the tombstone.
pub const TOMBSTONE_ACTION: &str = "account_deleted";

/// Deletes the account and all its data; `false` when there was no such account. The foreign
/// keys would cascade most of this, but each table is cleared explicitly so nothing depends on
/// SQLite's `foreign_keys` pragma being on.
pub fn delete_account(
    conn: &mut DbConn,
    user: UserId,
    ip: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let id = user.0;
    write_transaction(conn, |conn| {
        let found: Option<(String, String)> = users::table
            .find(id)
            .select((users::email, users::role))
            .first(conn)
            .optional()?;
        let Some((email, role)) = found else {
            return Ok(false);
        };

        // The runner's own records.
        let own_sessions = training_sessions::table
            .filter(training_sessions::user_id.eq(id))
            .select(training_sessions::id);
        diesel::delete(session_sets::table.filter(session_sets::session_id.eq_any(own_sessions)))
            .execute(conn)?;
        diesel::delete(training_sessions::table.filter(training_sessions::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(checkins::table.filter(checkins::user_id.eq(id))).execute(conn)?;
        diesel::delete(capacity_tests::table.filter(capacity_tests::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(runs::table.filter(runs::user_id.eq(id))).execute(conn)?;
        diesel::delete(hop_tests::table.filter(hop_tests::user_id.eq(id))).execute(conn)?;
        diesel::delete(running_profiles::table.filter(running_profiles::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(run_stage_settings::table.filter(run_stage_settings::runner_id.eq(id)))
            .execute(conn)?;
        // Stages this account set as a clinician stay in their runners' history, unattributed.
        diesel::update(run_stage_settings::table.filter(run_stage_settings::clinician_id.eq(id)))
            .set(run_stage_settings::clinician_id.eq(None::<i64>))
            .execute(conn)?;
        diesel::delete(training_schedules::table.filter(training_schedules::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(triages::table.filter(triages::user_id.eq(id))).execute(conn)?;
        diesel::delete(visa_a_results::table.filter(visa_a_results::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(share_codes::table.filter(share_codes::runner_id.eq(id))).execute(conn)?;
        // Codes this account redeemed as a clinician belong to their runners; forget who used them.
        diesel::update(share_codes::table.filter(share_codes::used_by.eq(Some(id))))
            .set(share_codes::used_by.eq(None::<i64>))
            .execute(conn)?;

        // Sharing in both directions: links, notes about this runner, notes this clinician wrote.
        diesel::delete(
            clinician_links::table.filter(
                clinician_links::runner_id
                    .eq(id)
                    .or(clinician_links::clinician_id.eq(id)),
            ),
        )
        .execute(conn)?;
        diesel::delete(
            clinician_notes::table.filter(
                clinician_notes::runner_id
                    .eq(id)
                    .or(clinician_notes::clinician_id.eq(id)),
            ),
        )
        .execute(conn)?;

        // Sign-in state: sessions, and failed-login counters keyed by the email address.
        diesel::delete(auth_sessions::table.filter(auth_sessions::user_id.eq(id))).execute(conn)?;
        diesel::delete(mfa_challenges::table.filter(mfa_challenges::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(known_devices::table.filter(known_devices::user_id.eq(id))).execute(conn)?;
        diesel::delete(throttle_events::table.filter(throttle_events::subject.eq(&email)))
            .execute(conn)?;

        // E-mail: queued messages, single-use links, reminder choices and the calendar secret.
        diesel::delete(
            outbox::table.filter(outbox::user_id.eq(id).or(outbox::recipient.eq(&email))),
        )
        .execute(conn)?;
        diesel::delete(account_tokens::table.filter(account_tokens::user_id.eq(id)))
            .execute(conn)?;
        diesel::delete(mail_preferences::table.filter(mail_preferences::user_id.eq(id)))
            .execute(conn)?;

        diesel::delete(users::table.find(id)).execute(conn)?;

        audit::append(
            conn,
            &AuditEntry {
                actor: Some(user),
                action: TOMBSTONE_ACTION,
                subject: Some(user),
                // Only the role: nothing that identifies the person.
                detail: &role,
                ip,
            },
            now,
        )?;
        Ok(true)
    })
}
