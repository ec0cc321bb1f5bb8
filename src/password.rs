//! Password hashing with argon2id. Hashing takes ~20 ms and 19 MiB, so it runs on a few
//! dedicated threads fed by a queue, off the async executor: a burst of logins waits its turn
//! instead of stalling every page and ballooning memory.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

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

fn params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default()
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
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
                .spawn(move || {
                    yield_to_pages();
                    loop {
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a hashing thread");
            }
        }
        tx
    })
}

/// How far below the pages' scheduling priority the hashing threads run (nice steps). At 10 steps
/// a busy core gives a hashing thread about a tenth of the time a page thread gets, so a storm
/// of logins takes what the pages leave instead of queueing page work behind 20 ms hashes. Idle
/// cores still hash at full speed.
pub const HASHING_NICE_STEPS: i32 = 10;

/// The lowest priority there is (nice 19).
const NICEST: i32 = 19;

/// Lowers this (hashing) thread's priority by [`HASHING_NICE_STEPS`]. On Linux a nice value set
/// for a thread id applies to that thread alone.
fn yield_to_pages() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let me = Some(rustix::thread::gettid());
        let lowered = getpriority_process(me)
            .and_then(|nice| setpriority_process(me, (nice + HASHING_NICE_STEPS).min(NICEST)));
        if let Err(e) = lowered {
            tracing::warn!(error = %e, "could not lower the hashing thread's priority");
        }
    }
}

/// The nice value of the thread that runs hashes.
#[cfg(all(test, target_os = "linux"))]
async fn hashing_priority() -> Result<i32, PasswordError> {
    limited(|| rustix::process::getpriority_process(Some(rustix::thread::gettid())))
        .await?
        .map_err(|_| PasswordError::Task)
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

thread_local! {
    /// The hashing thread's working memory, allocated once and reused for every hash: a fresh
    /// 19 MiB per hash is what the allocator would otherwise keep around.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs argon2 with `params` into `out`, on this thread's reusable memory.
fn compute(
    argon2: &Argon2<'_>,
    m_cost: u32,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), PasswordError> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let blocks = usize::try_from(m_cost).map_err(|_| PasswordError::Hash)?;
        if memory.len() != blocks {
            memory.clear();
            memory.resize(blocks, Block::default());
        }
        argon2
            .hash_password_into_with_memory(password, salt, out, memory.as_mut_slice())
            .map_err(|_| PasswordError::Hash)
    })
}

/// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: Secret) -> Result<String, PasswordError> {
    limited(move || {
        let salt: [u8; 16] = rand::random();
        let mut out = [0u8; 32];
        compute(
            &hasher(),
            MEMORY_KIB,
            password.expose().as_bytes(),
            &salt,
            &mut out,
        )?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params()).map_err(|_| PasswordError::Hash)?,
            salt: Some(Salt::new(&salt).map_err(|_| PasswordError::Hash)?),
            hash: Some(Output::new(&out).map_err(|_| PasswordError::Hash)?),
        };
        Ok(phc.to_string())
    })
    .await?
}

/// Checks `password` against a parsed PHC hash with the hash's own parameters.
fn matches(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt.as_ref(), parsed.hash.as_ref()) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let m_cost = params.m_cost();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    if compute(&argon2, m_cost, password.as_bytes(), salt, &mut out).is_err() {
        return false;
    }
    // Output's equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// Checks a password against a stored hash. With no stored hash (unknown email) a dummy hash is
/// verified, so the answer takes as long either way.
pub async fn verify(password: Secret, stored: Option<String>) -> Result<bool, PasswordError> {
    limited(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
        let ok = matches(password.expose(), &phc);
        known && ok
    })
    .await
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = [7u8; 16];
        let mut out = [0u8; 32];
        let built = compute(
            &hasher(),
            MEMORY_KIB,
            b"not a real password",
            &salt,
            &mut out,
        )
        .ok()
        .and_then(|()| {
            Some(PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params()).ok()?,
                salt: Some(Salt::new(&salt).ok()?),
                hash: Some(Output::new(&out).ok()?),
            })
        });
        built.map(|h| h.to_string()).unwrap_or_default()
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
    async fn hashes_agree_with_the_argon2_crates_own_hasher_and_verifier() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let ours = hash(Secret::new("calf-raises-at-dawn-42".into()))
            .await
            .unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(hasher()
            .verify_password(b"calf-raises-at-dawn-42", &parsed)
            .is_ok());
        let theirs = hasher()
            .hash_password(b"tempo-raises-2-up-3-down")
            .unwrap()
            .to_string();
        assert!(matches("tempo-raises-2-up-3-down", &theirs));
        assert!(!matches("tempo-raises-2-up-3-dow", &theirs));
        assert!(!matches("anything", "not a phc string"));
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

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashes_run_below_the_priority_of_pages() {
        let page = rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        let hashing = hashing_priority().await.unwrap();
        assert_eq!(hashing, (page + HASHING_NICE_STEPS).min(NICEST));
        assert!(
            hashing > page || page == NICEST,
            "hashing at {hashing}, pages at {page}"
        );
    }
}
