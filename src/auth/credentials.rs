//! The one place that decides whether a password is right, whether someone may try one now, and
//! whether a new password is good enough. Every path that asks for a password goes through here,
//! so a wrong password counts toward the same throttle wherever it was typed.

use chrono::{Duration, NaiveDateTime};

use crate::password::{self, PasswordError, Secret};
use crate::store::audit::{self, AuditEntry};
use crate::store::users::{self, User, UserId};
use crate::store::{auth_sessions, now, throttle, DbConn, Store, StoreError, StoreResult};

/// Failed password checks for one account within the window before further attempts are refused.
pub const FAILURE_LIMIT: i64 = 5;
/// Failed checks from one address within the window before that address is refused for accounts
/// it has never signed in to (several people may share an address, so this is looser than the
/// per-account limit, and a browser an account already signed in from is not held back by it).
pub const ADDRESS_FAILURE_LIMIT: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Throttle scope of failed checks per account (keyed by the normalised email).
pub const SCOPE_ACCOUNT: &str = "login-account";
/// Throttle scope of failed checks per client address.
pub const SCOPE_ADDRESS: &str = "login-address";

/// The throttle window.
pub fn window() -> Duration {
    Duration::minutes(FAILURE_WINDOW_MINUTES)
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("store")]
    Store(#[from] StoreError),
    #[error("password hashing")]
    Password(#[from] PasswordError),
}

/// Who is trying to prove they own an account.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The account's normalised email (the per-account throttle key).
    pub email: String,
    /// The client address (the per-address throttle key).
    pub ip: String,
    /// Whether this browser has signed in to this account before.
    pub known_device: bool,
}

/// Whether `attempt` must be refused without checking anything.
pub fn is_throttled(conn: &mut DbConn, attempt: &Attempt, now: NaiveDateTime) -> StoreResult<bool> {
    let by_account = throttle::count_recent(conn, SCOPE_ACCOUNT, &attempt.email, now, window())?;
    if by_account >= FAILURE_LIMIT {
        return Ok(true);
    }
    if attempt.known_device {
        return Ok(false);
    }
    let by_address = throttle::count_recent(conn, SCOPE_ADDRESS, &attempt.ip, now, window())?;
    Ok(by_address >= ADDRESS_FAILURE_LIMIT)
}

/// Counts a wrong password or code against the account and the address.
pub fn record_failure(
    conn: &mut DbConn,
    email: &str,
    ip: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    throttle::record(conn, SCOPE_ACCOUNT, email, now)?;
    throttle::record(conn, SCOPE_ADDRESS, ip, now)
}

/// The answer to a password check.
#[derive(Debug)]
pub enum Verdict<T> {
    /// Too many failures: nothing was checked.
    Throttled,
    /// Wrong (or no such account); the failure has been counted and audited.
    Wrong,
    Right(T),
}

/// Checks a sign-in: the email's account and its password. A wrong password, or an unknown
/// email (checked against a dummy hash so both take as long), counts as a failure and writes a
/// `login_failed` audit row.
pub async fn check_login(
    store: &Store,
    attempt: Attempt,
    password: Secret,
) -> Result<Verdict<User>, CredentialError> {
    let lookup = attempt.clone();
    let found = store
        .run(move |conn| {
            if is_throttled(conn, &lookup, now())? {
                return Ok(None);
            }
            Ok(Some(users::find_for_login(conn, &lookup.email)?))
        })
        .await?;
    let Some(account) = found else {
        return Ok(Verdict::Throttled);
    };
    let (user, hash) = match account {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    if password::verify(password, hash).await? {
        if let Some(user) = user {
            return Ok(Verdict::Right(user));
        }
    }
    let id = user.map(|u| u.id);
    store
        .write(move |conn| {
            let now = now();
            record_failure(conn, &attempt.email, &attempt.ip, now)?;
            audit::append(
                conn,
                &AuditEntry::new(id, "login_failed", id, "", &attempt.ip),
                now,
            )
        })
        .await?;
    Ok(Verdict::Wrong)
}

/// Checks the password of a signed-in account before a sensitive change (password change,
/// account deletion, turning two-step sign-in off). Only the per-account limit applies: the
/// session already proves the browser. A wrong password is counted and audited as `refused`.
pub async fn check_current_password(
    store: &Store,
    user: &User,
    ip: &str,
    password: Secret,
    refused: &'static str,
) -> Result<Verdict<()>, CredentialError> {
    let attempt = Attempt {
        email: user.email.clone(),
        ip: ip.to_string(),
        known_device: true,
    };
    let id = user.id;
    let lookup = attempt.clone();
    let (throttled, hash) = store
        .run(move |conn| {
            Ok((
                is_throttled(conn, &lookup, now())?,
                users::password_hash(conn, id)?,
            ))
        })
        .await?;
    if throttled {
        return Ok(Verdict::Throttled);
    }
    if password::verify(password, hash).await? {
        return Ok(Verdict::Right(()));
    }
    store
        .write(move |conn| {
            let now = now();
            record_failure(conn, &attempt.email, &attempt.ip, now)?;
            audit::append(
                conn,
                &AuditEntry::new(Some(id), refused, Some(id), "wrong password", &attempt.ip),
                now,
            )
        })
        .await?;
    Ok(Verdict::Wrong)
}

/// What is wrong with a new password and its confirmation, each for its own field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NewPasswordProblems {
    pub password: Option<&'static str>,
    pub confirm: Option<&'static str>,
}

impl NewPasswordProblems {
    pub fn is_empty(&self) -> bool {
        self.password.is_none() && self.confirm.is_none()
    }
}

/// The rules for any new password (sign-up, change, reset): 8–128 characters, not common or
/// guessable from the account's own details, typed the same twice.
pub fn check_new_password(
    password: &str,
    confirm: &str,
    user_inputs: &[&str],
) -> NewPasswordProblems {
    NewPasswordProblems {
        password: password::weakness(password, user_inputs),
        confirm: (confirm != password).then_some("The two passwords do not match."),
    }
}

/// Hashes an accepted new password (off the executor).
pub async fn hash_new_password(password: Secret) -> Result<String, CredentialError> {
    Ok(password::hash(password).await?)
}

/// Stores a new password hash for `user` and ends every session but `keep` (all of them when
/// `None`, as after a reset by e-mail), with an audit row `action` (e.g. `password_changed`), and
/// queues the "your password was changed" e-mail. Runs inside the caller's write transaction.
#[allow(clippy::too_many_arguments)]
pub fn replace_password(
    conn: &mut DbConn,
    mail: &crate::mail::Mail,
    user: UserId,
    new_hash: &str,
    keep: Option<i64>,
    action: &str,
    ip: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    users::set_password_hash(conn, user, new_hash)?;
    let ended = match keep {
        Some(keep) => auth_sessions::revoke_others(conn, user, keep)?,
        None => auth_sessions::revoke_all(conn, user)?,
    };
    let detail = format!("{ended} other sessions signed out");
    audit::append(
        conn,
        &AuditEntry::new(Some(user), action, Some(user), &detail, ip),
        now,
    )?;
    mail.enqueue(conn, user, &crate::mail::Message::PasswordChanged, now)?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_must_be_strong_and_typed_twice_alike() {
        let ok = check_new_password("calf-raises-at-dawn-42", "calf-raises-at-dawn-42", &[]);
        assert!(ok.is_empty());
        let weak = check_new_password("password1", "password1", &[]);
        assert!(weak.password.is_some() && weak.confirm.is_none());
        let mismatch = check_new_password("calf-raises-at-dawn-42", "calf-raises-at-dawn-43", &[]);
        assert!(mismatch.password.is_none() && mismatch.confirm.is_some());
        let own_email = check_new_password(
            "ana.runner@example.com",
            "ana.runner@example.com",
            &["ana.runner@example.com"],
        );
        assert!(own_email.password.is_some());
    }
}
