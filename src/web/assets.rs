//! Stylesheets, scripts, icons, the web app manifest and the service worker, compiled into the
//! binary so it runs from any directory.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

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

/// How long a browser keeps a file fetched by its content-hashed URL: a year, unchanged.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// How long a browser keeps a file fetched by its plain name (the service worker's import, the
/// manifest's icons): an hour.
const AN_HOUR: &str = "public, max-age=3600";

/// The first 12 hex digits of a file's SHA-256: a new version of the file gets a new URL.
fn content_hash(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(body)[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every static file's URL with its content hash, as pages link it.
static VERSIONED: LazyLock<Vec<(&'static str, String, String)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|(name, _, body)| {
            let hash = content_hash(body);
            (*name, format!("/static/{name}?v={hash}"), hash)
        })
        .collect()
});

/// The URL pages link a static file by: `/static/app.css?v=<content hash>`. Browsers keep it for
/// a year and fetch the new file as soon as a page names a new hash, so a new release never shows
/// new markup with an old stylesheet. `name` is a file under `static/`.
pub fn url(name: &str) -> &'static str {
    match VERSIONED.iter().find(|(known, _, _)| *known == name) {
        Some((_, url, _)) => url,
        None => {
            debug_assert!(false, "no static file {name}");
            ""
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/{file:.+}", web::get().to(asset))
        .route("/sw.js", web::get().to(service_worker))
        .route("/favicon.ico", web::get().to(favicon));
}

async fn asset(file: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (name, content_type, body) = ASSETS
        .iter()
        .find(|(name, _, _)| *name == file.as_str())
        .ok_or(AppError::NotFound)?;
    let version = req
        .query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("v="));
    let cache = match version {
        None => AN_HOUR,
        Some(v) if VERSIONED.iter().any(|(n, _, hash)| n == name && hash == v) => IMMUTABLE,
        // A page from before a release names the old file: it gets the new one, not kept.
        Some(_) => "no-cache",
    };
    Ok(HttpResponse::Ok()
        .content_type(*content_type)
        .insert_header((header::CACHE_CONTROL, cache))
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
