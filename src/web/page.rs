//! What every page's layout needs: who is signed in, the CSRF token for the sign-out form, and a
//! one-time message.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use super::visitor::Visitor;
use super::AppError;
use crate::store::users::Role;

/// The layout's data, built from the visitor.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub csrf: String,
    pub flash: Option<String>,
    /// The navigation entry to mark as current.
    pub section: &'static str,
}

impl Chrome {
    pub fn new(visitor: &Visitor, section: &'static str) -> Chrome {
        Chrome {
            display_name: visitor.user().map(|u| u.display_name.clone()),
            role: visitor.user().map(|u| u.role),
            csrf: visitor.csrf.clone(),
            flash: visitor.flash().map(str::to_string),
            section,
        }
    }
    pub fn is_runner(&self) -> bool {
        self.role == Some(Role::Runner)
    }
    pub fn is_clinician(&self) -> bool {
        self.role == Some(Role::Clinician)
    }
    pub fn signed_in(&self) -> bool {
        self.role.is_some()
    }
    /// `aria-current` for the navigation entry of this section.
    pub fn current(&self, section: &str) -> &'static str {
        if self.section == section {
            "page"
        } else {
            "false"
        }
    }
}

/// Renders a page with a status.
pub fn render<T: Template>(page: &T, status: StatusCode) -> Result<HttpResponse, AppError> {
    let body = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Renders a page with 200.
pub fn ok<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    render(page, StatusCode::OK)
}

/// Renders a form again with 422 after bad input.
pub fn unprocessable<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    render(page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// 303 to another page (after a successful POST, or to send the visitor where they belong).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

/// "Today" in the user's time zone, so a late-evening log is not in the future.
pub fn today_for(user: &crate::store::users::User) -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&user.timezone)
        .date_naive()
}

/// A date as people read it: "3 Nov 2026".
pub fn human_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}
