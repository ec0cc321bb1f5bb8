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

/// The person making this request, signed in or not.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub session: Option<ActiveSession>,
    /// The token every POST form must carry.
    pub csrf: String,
    pub ip: String,
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
                .ok_or(AppError::Internal(anyhow::anyhow!("visitor not loaded"))),
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
        .ok_or(AppError::Internal(anyhow::anyhow!("visitor not loaded")))?;
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
        ready(signed_in(req).and_then(|s| match s.user.role {
            Role::Clinician => Ok(Clinician(s)),
            Role::Runner => Err(AppError::NotFound),
        }))
    }
}

/// The session cookie for a new token.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// A cookie that tells the browser to forget the session.
pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut c = session_cookie(String::new(), secure);
    c.make_removal();
    c
}

fn client_ip(req: &ServiceRequest, trust_proxy: bool) -> String {
    if trust_proxy {
        req.connection_info()
            .realip_remote_addr()
            .unwrap_or("")
            .to_string()
    } else {
        req.peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default()
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
    let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
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
        None => match req.cookie(ANON_CSRF_COOKIE) {
            Some(c) if c.value().len() >= 32 => c.value().to_string(),
            _ => {
                let t = auth_sessions::random_token();
                new_anon_csrf = Some(t.clone());
                t
            }
        },
    };
    req.extensions_mut().insert(Visitor { session, csrf, ip });
    let mut res = next.call(req).await?;
    if let Some(t) = new_anon_csrf {
        let cookie = Cookie::build(ANON_CSRF_COOKIE, t)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.cookie_secure)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
