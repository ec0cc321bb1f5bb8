//! HTTP: handlers by area, the visitor extractors, CSRF, headers and error pages.

pub mod account;
pub mod assets;
pub mod auth;
pub mod change;
pub mod charts;
pub mod clinic;
pub mod email;
pub mod error;
pub mod export;
pub mod form;
pub mod head;
pub mod home;
pub mod log;
pub mod messages;
pub mod offline;
pub mod page;
pub mod plan;
pub mod prerender;
pub mod progress;
pub mod records;
pub mod request_log;
pub mod running;
pub mod schedule;
pub mod security;
pub mod share;
pub mod triage;
pub mod visa;
pub mod visitor;

use actix_web::http::header;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::web::{self, ServiceConfig};
use actix_web::HttpResponse;

use crate::store::auth_sessions::Lifetimes;
use crate::store::Store;

pub use error::AppError;

/// What every handler can reach.
pub struct AppState {
    pub store: Store,
    pub cookie_secure: bool,
    /// Proxies in front whose `X-Forwarded-For` entries are trusted (0: none).
    pub trust_proxy: u32,
    pub lifetimes: Lifetimes,
    /// E-mail on or off, and the outbox to queue messages in.
    pub mail: crate::mail::Mail,
    pub require_clinician_mfa: bool,
    pub clinician_signup: crate::config::ClinicianSignup,
    /// Accounts one network address may create within an hour.
    pub signups_per_hour: u32,
    /// Runners' days, reused while their records are unchanged.
    pub records: records::RecordCache,
}

/// Content Security Policy: no inline script, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
                       frame-ancestors 'none'; form-action 'self'";

/// `Strict-Transport-Security` once served over HTTPS: one year.
pub const HSTS: &str = "max-age=31536000";

/// Headers every response carries, error pages included; HSTS when served over HTTPS
/// (`COOKIE_SECURE`).
pub fn security_headers(instance: Option<&str>, https: bool) -> DefaultHeaders {
    let mut headers = match instance.and_then(|i| header::HeaderValue::from_str(i).ok()) {
        Some(value) => DefaultHeaders::new().add(("X-Tendo-Instance", value)),
        None => DefaultHeaders::new(),
    };
    if https {
        headers = headers.add((header::STRICT_TRANSPORT_SECURITY, HSTS));
    }
    headers
        .add((header::CONTENT_SECURITY_POLICY, CSP))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "same-origin"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
}

/// Every route of the app. Requests try routes in this order and each route with a `{param}`
/// tried costs a pattern match, so the runner's day (`/today`, the most requested page) comes
/// first; no two route patterns overlap, so the order changes nothing else.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        web::scope("")
            .wrap(from_fn(visitor::load_visitor))
            .configure(log::routes)
            .configure(assets::routes)
            .configure(home::routes)
            .configure(auth::routes)
            .configure(account::routes)
            .configure(security::routes)
            .configure(email::routes)
            .configure(export::routes)
            .configure(triage::routes)
            .configure(plan::routes)
            .configure(schedule::routes)
            .configure(messages::routes)
            .configure(offline::routes)
            .configure(share::routes)
            .configure(clinic::routes)
            .configure(progress::routes)
            .configure(running::routes)
            .configure(visa::routes),
    );
}

/// Wraps the state for actix.
pub fn actix_data(state: AppState) -> web::Data<AppState> {
    web::Data::new(state)
}

/// Unknown paths.
pub async fn not_found() -> HttpResponse {
    error::ErrorPage::response(actix_web::http::StatusCode::NOT_FOUND)
}
