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
    assert!(home.contains("<link rel=\"icon\" href=\"/static/favicon.svg\""));
    let res = app.get("/static/favicon.svg").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().contains("viewBox=\"0 0 32 32\""));
    let res = app.get("/favicon.ico").await;
    assert_eq!(res.status().as_u16(), 301);
    assert_eq!(crate::helpers::location(&res), "/static/favicon.svg");
}
