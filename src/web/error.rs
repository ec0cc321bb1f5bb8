//! The web layer's error type. Each variant picks a status and renders the error page; the
//! internal cause goes to the log, never to the browser.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("CSRF token missing or wrong")]
    Forbidden,
    #[error("sign-in required")]
    SignInRequired,
    #[error("two-step sign-in must be set up first")]
    MfaSetupRequired,
    #[error("malformed request")]
    BadRequest,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    #[error("database unavailable")]
    Unavailable(#[source] StoreError),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            AppError::Unavailable(e)
        } else {
            AppError::Internal(e.into())
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<crate::password::PasswordError> for AppError {
    fn from(e: crate::password::PasswordError) -> Self {
        AppError::Internal(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: &'static str,
    pub message: &'static str,
}

impl ErrorPage {
    pub fn for_status(status: StatusCode) -> ErrorPage {
        let (title, message) = match status.as_u16() {
            403 => (
                "This form has expired",
                "For your safety the form could not be accepted. Go back, reload the page and send it again.",
            ),
            404 => (
                "Page not found",
                "There is nothing here, or it is not yours to see.",
            ),
            400 | 422 => (
                "That request could not be read",
                "Go back and check the form, then try again.",
            ),
            503 => (
                "Tendo is briefly unavailable",
                "The database did not answer in time. Nothing was saved; please try again in a moment.",
            ),
            _ => (
                "Something went wrong",
                "Sorry, that did not work. Nothing was lost: try again, and if it keeps happening tell us.",
            ),
        };
        ErrorPage {
            status: status.as_u16(),
            title,
            message,
        }
    }

    pub fn response(status: StatusCode) -> HttpResponse {
        let body = ErrorPage::for_status(status)
            .render()
            .unwrap_or_else(|_| "Error".to_string());
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignInRequired | AppError::MfaSetupRequired => StatusCode::SEE_OTHER,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::SignInRequired => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/login"))
                    .finish();
            }
            AppError::MfaSetupRequired => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/account/mfa"))
                    .finish();
            }
            AppError::Unavailable(e) => tracing::warn!(error = ?e, "database unavailable"),
            AppError::Internal(e) => tracing::error!(error = ?e, "request failed"),
            _ => {}
        }
        ErrorPage::response(self.status_code())
    }
}

impl From<crate::auth::credentials::CredentialError> for AppError {
    fn from(e: crate::auth::credentials::CredentialError) -> Self {
        match e {
            crate::auth::credentials::CredentialError::Store(e) => e.into(),
            crate::auth::credentials::CredentialError::Password(e) => e.into(),
        }
    }
}
