//! A cookie-keeping HTTP client that does not follow redirects, and the forms every test fills.

use std::time::Duration;

use reqwest::{redirect, Client, ClientBuilder, Response};

/// The password every test account signs up with.
pub const PASSWORD: &str = "calf-raises-at-dawn-42";

/// A client that keeps its cookies and shows redirects instead of following them.
pub fn client_builder() -> ClientBuilder {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        // Shorter than the server's 5 s keep-alive, so the client never sends on a connection
        // the server is closing at that moment (an "incomplete message" race, not a server fault).
        .pool_idle_timeout(Duration::from_secs(2))
}

pub fn client() -> Client {
    client_builder().build().expect("an HTTP client")
}

/// POSTs exactly these fields as a URL-encoded form.
pub async fn post_form(
    client: &Client,
    url: &str,
    fields: &[(&str, &str)],
) -> reqwest::Result<Response> {
    client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_html_form::to_string(fields).expect("an encodable form"))
        .send()
        .await
}

/// Where a redirect points (empty when it has no `Location`).
pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().expect("an ASCII location").to_string())
        .unwrap_or_default()
}

/// The sign-up form's fields, with `PASSWORD` twice.
#[derive(Clone, Copy)]
pub struct SignUp<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    /// Left out when `None`: the server then takes its default.
    pub timezone: Option<&'a str>,
    /// The token of a clinician invitation.
    pub invite: Option<&'a str>,
}

impl<'a> SignUp<'a> {
    pub fn new(display_name: &'a str, email: &'a str, role: &'a str) -> SignUp<'a> {
        SignUp {
            display_name,
            email,
            role,
            timezone: None,
            invite: None,
        }
    }

    pub fn timezone(self, timezone: &'a str) -> SignUp<'a> {
        SignUp {
            timezone: Some(timezone),
            ..self
        }
    }

    pub fn invite(self, token: &'a str) -> SignUp<'a> {
        SignUp {
            invite: Some(token),
            ..self
        }
    }

    pub fn fields(&self) -> Vec<(&'a str, &'a str)> {
        let mut fields = vec![
            ("display_name", self.display_name),
            ("email", self.email),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("role", self.role),
        ];
        if let Some(timezone) = self.timezone {
            fields.push(("timezone", timezone));
        }
        if let Some(token) = self.invite {
            fields.push(("invite", token));
        }
        fields
    }
}
