//! Form plumbing: the extractor every POST handler uses (it checks the CSRF token before the
//! handler sees anything) and per-field error messages for re-rendered forms.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::AppError;
use super::visitor::Visitor;

/// A urlencoded form whose `csrf_token` matched the visitor's; otherwise the request is refused
/// with 403 before the handler runs.
pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

fn same_secret(a: &str, b: &str) -> bool {
    use sha2::Digest;
    // Comparing digests keeps the comparison's timing independent of the secret.
    !a.is_empty() && sha2::Sha256::digest(a.as_bytes()) == sha2::Sha256::digest(b.as_bytes())
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        let expected = req.extensions().get::<Visitor>().map(|v| v.csrf.clone());
        Box::pin(async move {
            // A body trickling in a byte at a time must not hold a worker and a connection open.
            let body = tokio::time::timeout(BODY_TIMEOUT, body)
                .await
                .map_err(|_| AppError::RequestTimeout)?
                .map_err(|_| AppError::BadRequest)?;
            let given: CsrfOnly =
                serde_html_form::from_bytes(&body).map_err(|_| AppError::Forbidden)?;
            match expected {
                Some(expected) if same_secret(&given.csrf_token, &expected) => {}
                _ => return Err(AppError::Forbidden),
            }
            let body = without_control_characters(&body)?;
            let value = serde_html_form::from_str(&body).map_err(|e| {
                tracing::debug!(error = %e, "form did not parse");
                AppError::BadRequest
            })?;
            Ok(CsrfForm(value))
        })
    }
}

/// How long a form's body may take to arrive once its headers have.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The form with control characters (NUL, escape, ...) removed from every value; line breaks and
/// tabs in free text stay. Nothing a person types needs them, and stored they break exports,
/// logs and other programs reading the data.
fn without_control_characters(body: &[u8]) -> Result<String, AppError> {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_bytes(body).map_err(|_| AppError::BadRequest)?;
    let clean = |s: String| -> String {
        if s.chars().any(is_stripped) {
            s.chars().filter(|c| !is_stripped(*c)).collect()
        } else {
            s
        }
    };
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| (clean(k), clean(v)))
        .collect();
    serde_html_form::to_string(&pairs).map_err(|_| AppError::BadRequest)
}

fn is_stripped(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// A form with nothing but its CSRF token (log out, delete, make a code).
#[derive(Deserialize)]
pub struct NoFields {}

/// Messages keyed by field name, shown next to their fields; the summary lists them in the order
/// they were found, which is the form's order.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }
    /// Records a message for `field`; the first message for a field is the one shown.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if !self.has(&field) {
            self.0.push((field, message.into()));
        }
    }
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m)
    }
    /// The message for `name` on row `index` of a repeated-row form (keyed `name-index`).
    pub fn row(&self, name: &str, index: impl std::borrow::Borrow<usize>) -> Option<&String> {
        let index = *index.borrow();
        self.0
            .iter()
            .find(|(f, _)| {
                // No key to build unless the name matches (a fresh form asks for every field).
                f.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|n| n == index.to_string())
            })
            .map(|(_, m)| m)
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Parses one value, recording the message under `field` when it is refused.
    pub fn check<T, E: std::fmt::Display>(&mut self, field: &str, r: Result<T, E>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(f, m)| (f, m))
    }
}

#[cfg(test)]
mod tests {
    use super::without_control_characters;

    #[test]
    fn control_characters_are_stripped_but_line_breaks_and_tabs_stay() {
        let body = serde_html_form::to_string([
            ("notes", "easy\u{0}run\u{1b}[31m\r\nline two\tend"),
            ("pain", "2"),
        ])
        .unwrap();
        let clean = without_control_characters(body.as_bytes()).unwrap();
        let pairs: Vec<(String, String)> = serde_html_form::from_str(&clean).unwrap();
        assert_eq!(pairs[0].1, "easyrun[31m\r\nline two\tend");
        assert_eq!(pairs[1].1, "2");
    }
}
