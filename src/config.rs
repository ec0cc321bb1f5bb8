//! Settings from the environment (or the matching command-line flags), with defaults that serve
//! a working app on a fresh machine.

use std::time::Duration;

use crate::store::{DatabaseUrl, PoolSettings};

/// Everything the server needs to start.
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// SQLite file path (or sqlite://path), or a postgres:// URL.
    #[arg(long, env = "DATABASE_URL", default_value = "tendo.db")]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Mark cookies Secure (set when served over HTTPS, e.g. behind a TLS proxy).
    #[arg(long, env = "COOKIE_SECURE", default_value_t = false, value_parser = parse_flag)]
    pub cookie_secure: bool,

    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 60 * 24)]
    pub session_idle_minutes: i64,

    /// Hours after sign-in after which a session ends regardless of activity.
    #[arg(long, env = "SESSION_ABSOLUTE_HOURS", default_value_t = 24 * 14)]
    pub session_absolute_hours: i64,

    /// Take the client address from X-Forwarded-For (only behind a proxy you run): `1` trusts
    /// one proxy (the address it appended, the rightmost), `N` trusts N proxies in a row, `0` none.
    #[arg(long, env = "TRUST_PROXY", default_value = "0", value_parser = parse_hops)]
    pub trust_proxy: u32,

    /// Clinicians must set up two-step sign-in before they see any patient.
    #[arg(long, env = "REQUIRE_CLINICIAN_MFA", default_value_t = false, value_parser = parse_flag)]
    pub require_clinician_mfa: bool,

    /// `open`: anyone may sign up as a clinician; `invite`: only with an invitation from
    /// `tendo invite-clinician EMAIL`.
    #[arg(long, env = "CLINICIAN_SIGNUP", default_value = "open", value_parser = parse_clinician_signup)]
    pub clinician_signup: ClinicianSignup,

    /// Accounts one network address may create within an hour.
    #[arg(long, env = "SIGNUPS_PER_HOUR", default_value_t = 20)]
    pub signups_per_hour: u32,

    /// Largest number of database connections this instance holds.
    #[arg(long, env = "DB_POOL_SIZE", default_value_t = 10)]
    pub db_pool_size: u32,

    /// Seconds to wait for a database connection before answering 503.
    #[arg(long, env = "DB_TIMEOUT_SECONDS", default_value_t = 2)]
    pub db_timeout_seconds: u64,

    /// Seconds to let requests in flight finish after SIGTERM.
    #[arg(long, env = "SHUTDOWN_TIMEOUT_SECONDS", default_value_t = 20)]
    pub shutdown_timeout_seconds: u64,

    /// A name for this instance, sent as `X-Tendo-Instance` (to tell instances apart behind a
    /// load balancer).
    #[arg(long, env = "INSTANCE_ID")]
    pub instance_id: Option<String>,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "WORKERS")]
    pub workers: Option<usize>,

    /// SMTP server for e-mail: smtp://user:pass@host:587 (STARTTLS when offered),
    /// smtp://…?tls=required, or smtps://host:465. Unset: e-mail is off.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of e-mails, e.g. "Tendo <tendo@example.org>".
    #[arg(long, env = "MAIL_FROM")]
    pub mail_from: Option<String>,

    /// The address people reach Tendo at, for links in e-mails and the calendar feed
    /// (default: http://BIND).
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Milliseconds between the e-mail sender's looks at the outbox.
    #[arg(long, env = "MAIL_POLL_MILLIS", default_value_t = 5000)]
    pub mail_poll_millis: u64,
}

/// Who may sign up as a clinician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClinicianSignup {
    #[default]
    Open,
    Invite,
}

fn parse_clinician_signup(raw: &str) -> Result<ClinicianSignup, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "open" => Ok(ClinicianSignup::Open),
        "invite" => Ok(ClinicianSignup::Invite),
        other => Err(format!("expected open or invite, got {other:?}")),
    }
}

/// Proxies to trust: a flag (`1`/`true` is one proxy) or a number of hops.
fn parse_hops(raw: &str) -> Result<u32, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if n <= 10 => Ok(n),
        Ok(n) => Err(format!("at most 10 proxies, got {n}")),
        Err(_) => parse_flag(raw).map(u32::from),
    }
}

fn parse_flag(raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "" | "0" | "false" | "no" | "off" => Ok(false),
        other => Err(format!("expected 1/0 or true/false, got {other:?}")),
    }
}

impl Settings {
    /// Settings for tests and tools: the defaults with another database and port 0.
    pub fn for_database(database_url: &str) -> Settings {
        Settings {
            database_url: database_url.to_string(),
            bind: "127.0.0.1:0".to_string(),
            cookie_secure: false,
            trust_proxy: 0,
            require_clinician_mfa: false,
            clinician_signup: ClinicianSignup::Open,
            signups_per_hour: 20,
            session_idle_minutes: 60 * 24,
            session_absolute_hours: 24 * 14,
            db_pool_size: 10,
            db_timeout_seconds: 2,
            shutdown_timeout_seconds: 5,
            workers: None,
            instance_id: None,
            smtp_url: None,
            mail_from: None,
            public_url: None,
            mail_poll_millis: 5000,
        }
    }

    pub fn database(&self) -> DatabaseUrl {
        DatabaseUrl::parse(&self.database_url)
    }

    pub fn pool(&self) -> PoolSettings {
        PoolSettings {
            max_size: self.db_pool_size.max(1),
            connection_timeout: Duration::from_secs(self.db_timeout_seconds.max(1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_proxy_takes_a_flag_or_a_number_of_hops() {
        assert_eq!(parse_hops("1"), Ok(1));
        assert_eq!(parse_hops("true"), Ok(1));
        assert_eq!(parse_hops("off"), Ok(0));
        assert_eq!(parse_hops("2"), Ok(2));
        assert!(parse_hops("many").is_err());
        assert!(parse_hops("99").is_err());
    }
}
