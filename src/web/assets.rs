//! Stylesheets, scripts, icons, the web app manifest and the service worker, compiled into the
//! binary so it runs from any directory.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use super::AppError;

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const PNG: &str = "image/png";

/// Files under `/static/`: name, content type, body.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.css", CSS, include_bytes!("../../static/app.css")),
    ("print.css", CSS, include_bytes!("../../static/print.css")),
    (
        "offline.css",
        CSS,
        include_bytes!("../../static/offline.css"),
    ),
    ("app.js", JS, include_bytes!("../../static/app.js")),
    ("offline.js", JS, include_bytes!("../../static/offline.js")),
    ("queue.js", JS, include_bytes!("../../static/queue.js")),
    (
        "manifest.webmanifest",
        "application/manifest+json",
        include_bytes!("../../static/manifest.webmanifest"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../static/favicon.svg"),
    ),
    (
        "icons/tendo.svg",
        "image/svg+xml",
        include_bytes!("../../static/icons/tendo.svg"),
    ),
    (
        "icons/icon-192.png",
        PNG,
        include_bytes!("../../static/icons/icon-192.png"),
    ),
    (
        "icons/icon-512.png",
        PNG,
        include_bytes!("../../static/icons/icon-512.png"),
    ),
    (
        "icons/icon-maskable-512.png",
        PNG,
        include_bytes!("../../static/icons/icon-maskable-512.png"),
    ),
];

const SERVICE_WORKER: &str = include_str!("../../static/sw.js");

/// The service worker with its version filled in. The version is a digest of the worker and every
/// static file, so any change to them installs a new worker, which fetches the new files and drops
/// the old ones.
static WORKER: LazyLock<String> = LazyLock::new(|| {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    digest.update(SERVICE_WORKER.as_bytes());
    for (name, _, body) in ASSETS {
        digest.update(name.as_bytes());
        digest.update(body);
    }
    let version: String = digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    SERVICE_WORKER.replace("__VERSION__", &version)
});

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/{file:.+}", web::get().to(asset))
        .route("/sw.js", web::get().to(service_worker))
        .route("/favicon.ico", web::get().to(favicon));
}

async fn asset(file: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (_, content_type, body) = ASSETS
        .iter()
        .find(|(name, _, _)| *name == file.as_str())
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(*content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(*body))
}

/// `GET /favicon.ico`, which browsers ask for on their own: the SVG icon.
async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/static/favicon.svg"))
        .finish()
}

/// `GET /sw.js`: served from the root so its scope is the whole site. Browsers check it for
/// updates on navigation; it is never cached (the visitor middleware marks it `no-store`).
async fn service_worker() -> HttpResponse {
    HttpResponse::Ok().content_type(JS).body(WORKER.as_str())
}
