//! Installing as an app and working offline: the manifest, its icons, the service worker and the
//! token a phone asks for before it sends sessions saved without a signal.

use crate::helpers::{csrf_in, location, spawn_app};

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

#[tokio::test]
async fn the_manifest_has_what_installing_needs_and_its_icons_are_real_pngs() {
    let app = spawn_app().await;
    let html = app.get_html("/login").await;
    assert!(html.contains("<link rel=\"manifest\" href=\"/static/manifest.webmanifest?v="));
    assert!(html.contains("<meta name=\"theme-color\" content=\"#0b5cad\">"));

    let res = app.get("/static/manifest.webmanifest").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        "application/manifest+json"
    );
    let manifest: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    for field in ["name", "short_name", "theme_color", "background_color"] {
        assert!(
            manifest[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}"
        );
    }
    assert_eq!(manifest["start_url"], "/today");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["scope"], "/");

    let icons = manifest["icons"].as_array().unwrap();
    let mut seen = Vec::new();
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let purpose = icon["purpose"].as_str().unwrap_or("any").to_string();
        let res = app.get(src).await;
        assert_eq!(res.status().as_u16(), 200, "{src}");
        let kind = icon["type"].as_str().unwrap();
        assert_eq!(res.headers().get("content-type").unwrap(), kind, "{src}");
        let bytes = res.bytes().await.unwrap();
        if kind == "image/png" {
            let (w, h) = png_size(&bytes);
            assert_eq!(
                format!("{w}x{h}"),
                icon["sizes"].as_str().unwrap(),
                "{src} is as large as it says"
            );
            seen.push((w, purpose));
        }
    }
    for (size, purpose) in [(192, "any"), (512, "any"), (512, "maskable")] {
        assert!(
            seen.iter().any(|(w, p)| *w == size && p == purpose),
            "a {size} px PNG icon for {purpose}"
        );
    }
}

#[tokio::test]
async fn the_service_worker_is_served_from_the_root_under_the_strict_policy() {
    let app = spawn_app().await;
    let res = app.get("/sw.js").await;
    assert_eq!(res.status().as_u16(), 200);
    let h = res.headers().clone();
    assert!(h
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe"));
    let body = res.text().await.unwrap();
    assert!(!body.contains("__VERSION__"), "the version is filled in");
    assert!(body.contains("importScripts(\"/static/queue.js\")"));
    for file in ["queue.js", "offline.js", "offline.css"] {
        let res = app.get(&format!("/static/{file}")).await;
        assert_eq!(res.status().as_u16(), 200, "{file}");
    }
}

#[tokio::test]
async fn only_signed_in_pages_name_the_account_and_load_the_offline_script() {
    let app = spawn_app().await;
    let html = app.get_html("/login").await;
    assert!(!html.contains("tendo-user") && !html.contains("offline.js"));
    app.signup_runner().await;
    let html = app.get_html("/today").await;
    assert!(html.contains("<meta name=\"tendo-user\" content=\""));
    assert!(html.contains("data-runner=\"true\""));
    assert!(html.contains("<script src=\"/static/offline.js?v="));
}

#[tokio::test]
async fn the_phone_gets_a_fresh_token_for_the_signed_in_runner_only() {
    let app = spawn_app().await;
    let res = app.get("/offline/token").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/login");

    app.signup_runner().await;
    let page = app.get_html("/today").await;
    let res = app.get("/offline/token").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    let token: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(token["csrf_token"].as_str().unwrap(), csrf_in(&page));
    assert!(page.contains(&format!(
        "<meta name=\"tendo-user\" content=\"{}\"",
        token["user"].as_str().unwrap()
    )));

    let clinician = app.another_browser();
    clinician.signup("clinician", "doc@example.com").await;
    assert_eq!(clinician.get("/offline/token").await.status().as_u16(), 404);
}

#[tokio::test]
async fn signing_out_tells_the_browser_to_forget_what_it_kept() {
    let app = spawn_app().await;
    app.signup_runner().await;
    let res = app.logout().await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers().get("clear-site-data").unwrap(),
        "\"cache\", \"storage\""
    );
}
