//! `SMTP_URL`: which server, and how to secure the connection.
//!
//! - `smtp://user:pass@host:587` — STARTTLS when the server offers it, plain SMTP when it does not
//!   (a local relay or a test server);
//! - `smtp://…?tls=required` — refuses to send without STARTTLS;
//! - `smtps://…` — TLS from the first byte (port 465 by default).

use std::time::Duration;

use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS if offered, else plain.
    Opportunistic,
    /// STARTTLS or no sending.
    Required,
    /// TLS from the start.
    Implicit,
}

/// A checked `SMTP_URL`.
#[derive(Clone)]
pub struct SmtpUrl {
    url: url::Url,
    pub security: Security,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the password.
        write!(f, "SmtpUrl({})", self.redacted())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SmtpUrlError {
    #[error("SMTP_URL is not a URL")]
    NotAUrl,
    #[error("SMTP_URL must start with smtp:// or smtps://")]
    Scheme,
    #[error("SMTP_URL names no host")]
    NoHost,
    #[error("SMTP_URL's tls must be \"required\" or \"opportunistic\"")]
    Tls,
}

impl SmtpUrl {
    pub fn parse(raw: &str) -> Result<SmtpUrl, SmtpUrlError> {
        let url = url::Url::parse(raw.trim()).map_err(|_| SmtpUrlError::NotAUrl)?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(SmtpUrlError::NoHost);
        }
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None | Some("opportunistic")) => Security::Opportunistic,
            ("smtp", Some("required")) => Security::Required,
            ("smtp", Some(_)) => return Err(SmtpUrlError::Tls),
            ("smtps", _) => Security::Implicit,
            _ => return Err(SmtpUrlError::Scheme),
        };
        Ok(SmtpUrl { url, security })
    }

    /// Host and port, without credentials, for logs.
    pub fn redacted(&self) -> String {
        format!(
            "{}://{}:{}",
            self.url.scheme(),
            self.url.host_str().unwrap_or(""),
            self.port()
        )
    }

    pub fn port(&self) -> u16 {
        self.url.port().unwrap_or(match self.security {
            Security::Implicit => 465,
            Security::Opportunistic | Security::Required => 587,
        })
    }

    /// An async transport (lettre over tokio and rustls) that gives up on a silent server after
    /// `timeout`.
    pub fn transport(
        &self,
        timeout: Duration,
    ) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
        // lettre reads `smtp://` without `tls` as plain SMTP; Tendo's contract is STARTTLS when
        // offered, so the URL handed over always says which.
        let mut url = self.url.clone();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "tls")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        {
            let mut q = url.query_pairs_mut();
            q.clear();
            for (k, v) in &pairs {
                q.append_pair(k, v);
            }
            match self.security {
                Security::Opportunistic => {
                    q.append_pair("tls", "opportunistic");
                }
                Security::Required => {
                    q.append_pair("tls", "required");
                }
                Security::Implicit => {}
            }
        }
        if url.port().is_none() {
            let _ = url.set_port(Some(self.port()));
        }
        Ok(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())?
                .timeout(Some(timeout))
                .build(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_of_smtp_url_pick_their_security() {
        let plain = SmtpUrl::parse("smtp://user:secret@mail.example.com:587").unwrap();
        assert_eq!(plain.security, Security::Opportunistic);
        assert_eq!(plain.port(), 587);
        let required = SmtpUrl::parse("smtp://mail.example.com?tls=required").unwrap();
        assert_eq!(required.security, Security::Required);
        let implicit = SmtpUrl::parse("smtps://mail.example.com").unwrap();
        assert_eq!(implicit.security, Security::Implicit);
        assert_eq!(implicit.port(), 465);
    }

    #[test]
    fn bad_urls_are_refused_and_passwords_never_printed() {
        assert_eq!(
            SmtpUrl::parse("mail.example.com").unwrap_err(),
            SmtpUrlError::NotAUrl
        );
        assert_eq!(
            SmtpUrl::parse("http://x.example").unwrap_err(),
            SmtpUrlError::Scheme
        );
        assert_eq!(
            SmtpUrl::parse("smtp://x.example?tls=maybe").unwrap_err(),
            SmtpUrlError::Tls
        );
        let url = SmtpUrl::parse("smtp://user:hunter2@mail.example.com:25").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
        assert_eq!(url.redacted(), "smtp://mail.example.com:25");
    }

    #[tokio::test]
    async fn every_form_builds_a_transport() {
        for raw in [
            "smtp://127.0.0.1:2525",
            "smtp://u:p@127.0.0.1:2525?tls=required",
            "smtps://mail.example.com",
        ] {
            let url = SmtpUrl::parse(raw).unwrap();
            assert!(url.transport(Duration::from_secs(5)).is_ok(), "{raw}");
        }
    }
}
