//! Who is asking: the session behind the cookie (looked up once per request by [`load_visitor`])
//! and the extractors that demand a signed-in runner or clinician.

use std::future::{ready, Ready};

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error, FromRequest, HttpMessage, HttpRequest};

use super::error::AppError;
use super::AppState;
use crate::store::auth_sessions::{self, ActiveSession};
use crate::store::users::{Role, User};

pub const SESSION_COOKIE: &str = "tendo_session";
/// Double-submit CSRF cookie for forms shown before sign-in (login, sign-up).
pub const ANON_CSRF_COOKIE: &str = "tendo_csrf";
/// This browser's long-lived random id (see [`crate::auth::devices`]).
pub const DEVICE_COOKIE: &str = "tendo_device";
/// Between the password and the second step of a sign-in.
pub const MFA_COOKIE: &str = "tendo_mfa";

/// How long a browser keeps its device cookie (browsers cap cookies at about 400 days).
const DEVICE_COOKIE_DAYS: i64 = 400;

/// The person making this request, signed in or not.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub session: Option<ActiveSession>,
    /// The token every POST form must carry.
    pub csrf: String,
    pub ip: String,
    /// The browser's `User-Agent`, as sent.
    pub user_agent: String,
    /// The browser's device cookie, if it has one.
    pub device: Option<String>,
    /// The pending second step of a sign-in, if any (the cookie's token).
    pub mfa_pending: Option<String>,
}

impl Visitor {
    pub fn user(&self) -> Option<&User> {
        self.session.as_ref().map(|s| &s.user)
    }
    pub fn flash(&self) -> Option<&str> {
        self.session.as_ref().and_then(|s| s.flash.as_deref())
    }
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Visitor>()
                .cloned()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("visitor not loaded"))),
        )
    }
}

/// A signed-in user of either role.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub session_id: i64,
    pub visitor: Visitor,
}

fn signed_in(req: &HttpRequest) -> Result<SignedIn, AppError> {
    let visitor = req
        .extensions()
        .get::<Visitor>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("visitor not loaded")))?;
    let session = visitor.session.clone().ok_or(AppError::SignInRequired)?;
    Ok(SignedIn {
        user: session.user,
        session_id: session.id,
        visitor,
    })
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(signed_in(req))
    }
}

/// A signed-in runner; anyone else gets 404 (or the login page when signed out).
#[derive(Debug, Clone)]
pub struct Runner(pub SignedIn);

impl FromRequest for Runner {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(signed_in(req).and_then(|s| match s.user.role {
            Role::Runner => Ok(Runner(s)),
            Role::Clinician => Err(AppError::NotFound),
        }))
    }
}

/// A signed-in clinician; anyone else gets 404 (or the login page when signed out).
#[derive(Debug, Clone)]
pub struct Clinician(pub SignedIn);

impl FromRequest for Clinician {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // With REQUIRE_CLINICIAN_MFA, no patient page before two-step sign-in is on.
        let mfa_required = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.require_clinician_mfa);
        ready(signed_in(req).and_then(|s| match s.user.role {
            Role::Clinician if mfa_required && !s.user.mfa_enabled => {
                Err(AppError::MfaSetupRequired)
            }
            Role::Clinician => Ok(Clinician(s)),
            Role::Runner => Err(AppError::NotFound),
        }))
    }
}

/// A cookie's name as sent: over HTTPS (`COOKIE_SECURE`) with the `__Host-` prefix, which
/// browsers accept only on a Secure cookie for `/` without a Domain, so no sibling subdomain can
/// plant or shadow it.
pub fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

/// An HttpOnly, SameSite=Lax cookie for the whole site, Secure when configured.
pub fn site_cookie(base: &str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(cookie_name(base, secure), value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// The session cookie for a new token.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    site_cookie(SESSION_COOKIE, token, secure)
}

/// A cookie that tells the browser to forget the session.
pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    removal_cookie(SESSION_COOKIE, secure)
}

/// A cookie that tells the browser to forget the cookie `base`.
pub fn removal_cookie(base: &str, secure: bool) -> Cookie<'static> {
    let mut c = site_cookie(base, String::new(), secure);
    c.make_removal();
    c
}

/// The long-lived device cookie.
pub fn device_cookie(token: String, secure: bool) -> Cookie<'static> {
    let mut c = site_cookie(DEVICE_COOKIE, token, secure);
    c.set_max_age(actix_web::cookie::time::Duration::days(DEVICE_COOKIE_DAYS));
    c
}

/// The client address: the TCP peer, or behind `hops` trusted proxies the address the outermost
/// of them appended to `X-Forwarded-For` (entries further left were written by the client and
/// prove nothing).
fn client_ip(req: &ServiceRequest, hops: u32) -> String {
    let peer = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    if hops == 0 {
        if !forwarded.is_empty() || req.headers().contains_key("forwarded") {
            warn_untrusted_forwarding(&peer);
        }
        return peer;
    }
    forwarded_client(&forwarded, hops).unwrap_or(peer)
}

/// The address `hops` trusted proxies vouch for in these `X-Forwarded-For` header values.
pub fn forwarded_client(headers: &[&str], hops: u32) -> Option<String> {
    let entries: Vec<&str> = headers
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let hops = usize::try_from(hops).ok()?;
    // Each trusted proxy appended one entry; fewer entries than proxies means the client reached
    // a nearer one directly, and the leftmost entry is still a trusted proxy's.
    let index = entries.len().saturating_sub(hops);
    let entry = entries.get(index)?;
    entry
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

/// Logs (at most once a minute) that forwarded headers arrived while no proxy is trusted: either
/// a proxy is in front and `TRUST_PROXY` should be set, or a client is trying its luck.
fn warn_untrusted_forwarding(peer: &str) {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST: AtomicI64 = AtomicI64::new(i64::MIN);
    let now = chrono::Utc::now().timestamp();
    let last = LAST.load(Ordering::Relaxed);
    if now.saturating_sub(last) >= 60
        && LAST
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        tracing::warn!(
            peer,
            "X-Forwarded-For or Forwarded arrived but TRUST_PROXY is off: ignored, the peer \
             address is used (set TRUST_PROXY=1 if Tendo runs behind your own proxy)"
        );
    }
}

/// Middleware: looks the session up once, makes sure a signed-out visitor has a CSRF cookie,
/// and marks personal pages as not to be cached.
pub async fn load_visitor(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await;
    };
    if req.path().starts_with("/static/") || req.path() == "/healthz" {
        return next.call(req).await;
    }
    let ip = client_ip(&req, state.trust_proxy);
    let secure = state.cookie_secure;
    let cookie = |base: &str| {
        req.cookie(&cookie_name(base, secure))
            .map(|c| c.value().to_string())
            .filter(|v| !v.is_empty())
    };
    let device = cookie(DEVICE_COOKIE);
    let mfa_pending = cookie(MFA_COOKIE);
    let anon_csrf = cookie(ANON_CSRF_COOKIE);
    let token = cookie(SESSION_COOKIE);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let session = match token.filter(|t| !t.is_empty()) {
        Some(token) => {
            let lifetimes = state.lifetimes;
            let lookup = state
                .store
                .run(move |conn| {
                    auth_sessions::find_active(conn, &token, crate::store::now(), lifetimes)
                })
                .await
                .map_err(AppError::from)?;
            if lookup.needs_settling() {
                let pending = lookup.clone();
                state
                    .store
                    .write(move |conn| auth_sessions::settle(conn, &pending, crate::store::now()))
                    .await
                    .map_err(AppError::from)?;
            }
            lookup.into_session()
        }
        None => None,
    };
    let mut new_anon_csrf = None;
    let csrf = match &session {
        Some(s) => s.csrf_token.clone(),
        None => match anon_csrf {
            Some(c) if c.len() >= 32 => c,
            _ => {
                let t = auth_sessions::random_token();
                new_anon_csrf = Some(t.clone());
                t
            }
        },
    };
    req.extensions_mut().insert(Visitor {
        session,
        csrf,
        ip,
        user_agent,
        device,
        mfa_pending,
    });
    let mut res = next.call(req).await?;
    if let Some(t) = new_anon_csrf {
        res.response_mut()
            .add_cookie(&site_cookie(ANON_CSRF_COOKIE, t, secure))?;
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;

    #[test]
    fn the_address_is_the_one_the_trusted_proxy_appended() {
        // The client wrote 6.6.6.6 itself; the proxy appended the address it saw.
        assert_eq!(
            forwarded_client(&["6.6.6.6, 203.0.113.9"], 1).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(
            forwarded_client(&["6.6.6.6", "203.0.113.9"], 1).as_deref(),
            Some("203.0.113.9")
        );
        // Two proxies: the outer one appended the client, the inner one the outer proxy.
        assert_eq!(
            forwarded_client(&["6.6.6.6, 203.0.113.9, 10.0.0.2"], 2).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(
            forwarded_client(&["203.0.113.9"], 2).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(forwarded_client(&[], 1), None);
        assert_eq!(forwarded_client(&["not-an-address"], 1), None);
        assert_eq!(
            forwarded_client(&[" 2001:db8::1 "], 1).as_deref(),
            Some("2001:db8::1")
        );
    }
}
