//! Starts the real app on port 0 with a fresh database, and drives it over HTTP.

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::{Connection, RunQueryDsl};
use reqwest::{redirect, Client, Response};
use tendo::config::Settings;
use tendo::startup::Application;
use tendo::store::Store;

pub const PASSWORD: &str = "calf-raises-at-dawn-42";

pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub store: Store,
    pub database_url: String,
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let r: u32 = rand::random();
    format!("tendo_test_{}_{n}_{r:08x}", std::process::id())
}

/// A fresh database URL: a new SQLite file, or a new database on `TEST_DATABASE_URL`.
pub fn fresh_database_url() -> String {
    let name = unique_name();
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let mut admin = diesel::PgConnection::establish(&base)
                .expect("TEST_DATABASE_URL must point at a reachable PostgreSQL");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .expect("create test database");
            match base.rfind('/') {
                Some(slash)
                    if base[..slash].contains("://") && slash > base.find("://").unwrap() + 2 =>
                {
                    format!("{}/{name}", &base[..slash])
                }
                _ => format!("{base}/{name}"),
            }
        }
        _ => {
            let dir = std::env::temp_dir().join("tendo-tests");
            std::fs::create_dir_all(&dir).unwrap();
            dir.join(format!("{name}.db"))
                .to_string_lossy()
                .into_owned()
        }
    }
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

pub async fn spawn_app() -> TestApp {
    let database_url = fresh_database_url();
    spawn_app_on(&database_url).await
}

pub async fn spawn_app_on(database_url: &str) -> TestApp {
    let mut settings = Settings::for_database(database_url);
    settings.workers = Some(2);
    let app = Application::build(&settings).expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let store = app.store().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: client(),
        store,
        database_url: database_url.to_string(),
    }
}

/// The value of the first `name="csrf_token"` field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a csrf_token field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status().as_u16(), 200, "GET {path}");
        res.text().await.unwrap()
    }

    /// A CSRF token valid for this client right now.
    pub async fn csrf(&self) -> String {
        // Signed in or not, the token is on every page with a form; the landing page of a
        // signed-out visitor has none, so ask a page that always has one.
        let res = self.get("/login").await;
        let html = if res.status().as_u16() == 200 {
            res.text().await.unwrap()
        } else {
            self.get_html("/account").await
        };
        csrf_in(&html)
    }

    /// POSTs a form with a valid CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POSTs exactly these fields.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_html_form::to_string(fields).unwrap();
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn signup(&self, role: &str, email: &str) -> Response {
        self.post(
            "/signup",
            &[
                ("display_name", "Ana Runner"),
                ("email", email),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("role", role),
                ("timezone", "Europe/Berlin"),
            ],
        )
        .await
    }

    pub async fn signup_runner(&self) -> Response {
        let res = self.signup("runner", "ana@example.com").await;
        assert_eq!(res.status().as_u16(), 303);
        res
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }

    pub async fn logout(&self) -> Response {
        self.post("/logout", &[]).await
    }

    /// Another browser on the same app.
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: client(),
            store: self.store.clone(),
            database_url: self.database_url.clone(),
        }
    }
}
