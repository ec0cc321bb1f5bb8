//! Password hashing with argon2id. Hashing takes ~20 ms and 19 MiB, so it runs on a few
//! dedicated threads fed by a queue, off the async executor: a burst of logins waits its turn
//! instead of stalling every page and ballooning memory.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// A password as typed; never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// OWASP's minimum for argon2id: 19 MiB, two passes, one lane.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

type Job = Box<dyn FnOnce() + Send>;

/// A few long-lived hashing threads fed by a queue. Each hash needs 19 MiB; on threads of their
/// own the allocator keeps that memory in a couple of arenas instead of one per blocking-pool
/// thread that ever hashed (which grew the process to hundreds of MB under a login burst), and at
/// most half the cores hash at once, so pages keep the rest.
fn queue() -> &'static std::sync::mpsc::SyncSender<Job> {
    static QUEUE: OnceLock<std::sync::mpsc::SyncSender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let threads = (cores / 2).clamp(1, 4);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(1024);
        let rx = Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("tendo-argon2-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a hashing thread");
            }
        }
        tx
    })
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("hashing failed")]
    Hash,
    #[error("hashing task ended")]
    Task,
}

async fn limited<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PasswordError> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(f());
    });
    // The queue is bounded; a full queue waits on the blocking pool, never on the executor.
    let sender = queue().clone();
    tokio::task::spawn_blocking(move || sender.send(job))
        .await
        .map_err(|_| PasswordError::Task)?
        .map_err(|_| PasswordError::Task)?;
    result.await.map_err(|_| PasswordError::Task)
}

/// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: Secret) -> Result<String, PasswordError> {
    limited(move || {
        hasher()
            .hash_password(password.expose().as_bytes())
            .map(|h| h.to_string())
            .map_err(|_| PasswordError::Hash)
    })
    .await?
}

/// Checks a password against a stored hash. With no stored hash (unknown email) a dummy hash is
/// verified, so the answer takes as long either way.
pub async fn verify(password: Secret, stored: Option<String>) -> Result<bool, PasswordError> {
    limited(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        let ok = hasher()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok();
        known && ok
    })
    .await
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hasher()
            .hash_password(b"not a real password, only for timing")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Why a new password was refused, or `None` when it is acceptable.
pub fn weakness(password: &str, user_inputs: &[&str]) -> Option<&'static str> {
    let len = password.chars().count();
    if len < 8 {
        return Some("Use at least 8 characters.");
    }
    if len > 128 {
        return Some("Use at most 128 characters.");
    }
    let inputs: Vec<&str> = user_inputs
        .iter()
        .copied()
        .filter(|s| !s.is_empty())
        .collect();
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    if (entropy.score() as u8) < 2 {
        return Some("This password is too common or easy to guess; try a longer phrase.");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_common_passwords_are_refused() {
        assert!(weakness("short", &[]).is_some());
        assert!(weakness(&"a".repeat(129), &[]).is_some());
        assert!(weakness("password123", &[]).is_some());
        assert!(weakness("qwertyuiop", &[]).is_some());
        assert!(weakness("calf-raises-at-dawn-42", &[]).is_none());
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = hash(Secret::new("calf-raises-at-dawn-42".into()))
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(
            Secret::new("calf-raises-at-dawn-42".into()),
            Some(h.clone())
        )
        .await
        .unwrap());
        assert!(
            !verify(Secret::new("calf-raises-at-dawn-43".into()), Some(h))
                .await
                .unwrap()
        );
        assert!(!verify(Secret::new("anything".into()), None).await.unwrap());
    }
}
