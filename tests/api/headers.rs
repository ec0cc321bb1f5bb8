use crate::helpers::spawn_app;

fn assert_security_headers(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("CSP on {what}"))
        .to_str()
        .unwrap();
    for part in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{what}: {part}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(
        h.get("x-content-type-options").unwrap(),
        "nosniff",
        "{what}"
    );
    assert!(h.get("referrer-policy").is_some(), "{what}");
}

#[tokio::test]
async fn every_response_carries_the_security_headers_errors_included() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/login",
        "/signup",
        "/healthz",
        "/no-such-page",
        "/static/app.css",
    ] {
        let res = app.get(path).await;
        assert_security_headers(&res, path);
    }
    let res = app.post_raw("/login", &[("email", "x")]).await;
    assert_eq!(res.status().as_u16(), 403);
    assert_security_headers(&res, "403");
    app.signup_runner().await;
    let res = app.get("/").await;
    assert_security_headers(&res, "redirect");
}

#[tokio::test]
async fn signed_in_pages_are_not_cached() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app.get("/login").await;
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
}

#[tokio::test]
async fn unknown_paths_get_the_404_page() {
    let app = spawn_app().await;
    let res = app.get("/nowhere/at/all").await;
    assert_eq!(res.status().as_u16(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn the_favicon_is_a_small_svg_linked_from_every_page() {
    let app = crate::helpers::spawn_app().await;
    let home = app.get_html("/").await;
    let icon = linked(&home, "<link rel=\"icon\" href=\"");
    assert!(icon.starts_with("/static/favicon.svg?v="), "{icon}");
    let res = app.get(&icon).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().contains("viewBox=\"0 0 32 32\""));
    let res = app.get("/favicon.ico").await;
    assert_eq!(res.status().as_u16(), 301);
    assert_eq!(crate::helpers::location(&res), "/static/favicon.svg");
}

/// The URL in the first `marker` (an element's start up to its quoted URL) of `html`.
fn linked(html: &str, marker: &str) -> String {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} on the page"))
        + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

/// Pages link static files by content hash, so a browser keeps each for a year and a release
/// with a changed file names a new URL; the plain name still works, kept an hour.
#[tokio::test]
async fn pages_link_static_files_by_content_hash_and_browsers_keep_them_a_year() {
    use sha2::Digest;
    let app = spawn_app().await;
    let html = app.get_html("/login").await;
    for (marker, plain) in [
        ("<link rel=\"stylesheet\" href=\"", "/static/app.css"),
        ("<script src=\"", "/static/app.js"),
        (
            "<link rel=\"manifest\" href=\"",
            "/static/manifest.webmanifest",
        ),
    ] {
        let url = linked(&html, marker);
        let (path, hash) = url.split_once("?v=").expect("a versioned URL");
        assert_eq!(path, plain);
        let versioned = app.get(&url).await;
        assert_eq!(versioned.status().as_u16(), 200);
        assert_eq!(
            versioned.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{url}"
        );
        let body = versioned.bytes().await.unwrap();
        let digest: String = sha2::Sha256::digest(&body)[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, digest, "the hash is the file's own");

        let by_name = app.get(plain).await;
        assert_eq!(by_name.headers()["cache-control"], "public, max-age=3600");
        assert_eq!(by_name.bytes().await.unwrap(), body);
        let stale = app.get(&format!("{plain}?v=000000000000")).await;
        assert_eq!(stale.status().as_u16(), 200);
        assert_eq!(
            stale.headers()["cache-control"],
            "no-cache",
            "an old page's link"
        );
        assert_eq!(stale.bytes().await.unwrap(), body);
    }
}
