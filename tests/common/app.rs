//! The real app, started in this process on port 0 with a fresh database, and a browser on it.

use std::sync::Arc;

use reqwest::{Client, Response};
use tendo::config::Settings;
use tendo::mail::Sender;
use tendo::startup::Application;
use tendo::store::Store;

use super::client::{client, post_form, SignUp, PASSWORD};
use super::csrf::{csrf_in, with_token};
use super::database::TestDatabase;

/// One browser (its own cookies) on a running app.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub store: Store,
    pub database_url: String,
    /// Removes the database when the last app and browser using it are gone (`None` for a
    /// second instance on another app's database).
    pub database: Option<Arc<TestDatabase>>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A fresh app with some settings changed (`COOKIE_SECURE`, `TRUST_PROXY`, ...).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_and_sender(configure).await.0
}

/// A fresh app with some settings changed, and its e-mail sender when the settings turn e-mail
/// on.
pub async fn spawn_app_and_sender(
    configure: impl FnOnce(&mut Settings),
) -> (TestApp, Option<Sender>) {
    let database = Arc::new(TestDatabase::fresh());
    let (mut app, sender) = start(&database.url, configure);
    app.database = Some(database);
    (app, sender)
}

/// The app on `database_url` with some settings changed (a second instance on one database).
pub async fn spawn_app_configured(
    database_url: &str,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    start(database_url, configure).0
}

fn start(database_url: &str, configure: impl FnOnce(&mut Settings)) -> (TestApp, Option<Sender>) {
    let mut settings = Settings::for_database(database_url);
    settings.workers = Some(2);
    configure(&mut settings);
    let app = Application::build(&settings).expect("app builds");
    let sender = app.sender().cloned();
    let address = format!("http://127.0.0.1:{}", app.port());
    let store = app.store().clone();
    tokio::spawn(app.run_until_stopped());
    let app = TestApp {
        address,
        client: client(),
        store,
        database_url: database_url.to_string(),
        database: None,
    };
    (app, sender)
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status().as_u16(), 200, "GET {path}");
        res.text().await.expect("a page")
    }

    /// A CSRF token valid for this client right now.
    pub async fn csrf(&self) -> String {
        // Signed in or not, the token is on every page with a form; the landing page of a
        // signed-out visitor has none, so ask a page that always has one.
        let res = self.get("/login").await;
        let html = if res.status().as_u16() == 200 {
            res.text().await.expect("a page")
        } else {
            self.get_html("/account").await
        };
        csrf_in(&html)
    }

    /// POSTs a form with a valid CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        self.post_raw(path, &with_token(&token, fields)).await
    }

    /// POSTs exactly these fields.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        post_form(&self.client, &self.url(path), fields)
            .await
            .expect("POST")
    }

    /// POSTs a form with a valid CSRF token and one extra request header (`user-agent`,
    /// `x-forwarded-for`, ...).
    pub async fn post_with_header(
        &self,
        path: &str,
        (name, value): (&str, &str),
        fields: &[(&str, &str)],
    ) -> Response {
        let token = self.csrf().await;
        self.client
            .post(self.url(path))
            .header(name, value)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(with_token(&token, fields)).expect("a form"))
            .send()
            .await
            .expect("POST")
    }

    /// Signs up with this form (a valid CSRF token added).
    pub async fn signup_with(&self, form: SignUp<'_>) -> Response {
        self.post("/signup", &form.fields()).await
    }

    /// Signs up "Ana Runner" in Europe/Berlin with `PASSWORD`.
    pub async fn signup(&self, role: &str, email: &str) -> Response {
        self.signup_with(SignUp::new("Ana Runner", email, role).timezone("Europe/Berlin"))
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

    /// Signs in with one extra request header (`user-agent`, `x-forwarded-for`, ...).
    pub async fn login_with_header(
        &self,
        header: (&str, &str),
        email: &str,
        password: &str,
    ) -> Response {
        self.post_with_header(
            "/login",
            header,
            &[("email", email), ("password", password)],
        )
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
            database: self.database.clone(),
        }
    }

    /// Another browser, signed in as `email` with `PASSWORD`.
    pub async fn another_device(&self, email: &str) -> TestApp {
        let device = self.another_browser();
        assert_eq!(
            device.login(email, PASSWORD).await.status().as_u16(),
            303,
            "{email} signs in on another device"
        );
        device
    }
}
