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
    /// The signed-in account, so the offline cache on a shared phone is kept per person.
    pub user_id: Option<i64>,
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
            user_id: visitor.user().map(|u| u.id.0),
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

/// A page's first buffer: room for the larger pages (the day's log form is ~45 kB), so rendering
/// rarely grows and copies it. Askama's own hint counts only the template's literal text.
const PAGE_BUFFER: usize = 64 * 1024;

/// Renders a page with a status.
pub fn render<T: Template>(page: &T, status: StatusCode) -> Result<HttpResponse, AppError> {
    let mut body = String::with_capacity(PAGE_BUFFER.max(T::SIZE_HINT));
    page.render_into(&mut body)?;
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

/// Attributes of a date field whose latest allowed day is `today` (YYYY-MM-DD).
pub fn date_attrs(today: &str) -> String {
    format!("max=\"{today}\" required")
}

/// A date as people read it: "3 Nov 2026".
pub fn human_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// Property-test support: text salted with markup, and the check that a page shows it escaped.
#[cfg(test)]
pub(crate) mod escaping {
    use proptest::prelude::*;

    use super::Chrome;
    use crate::store::users::Role;

    /// Free text as a person (or an attacker) might type it: markup, quotes, ampersands and any
    /// printable character, between two plain letters so trimming leaves it whole. At most
    /// `pieces` pieces of up to 28 characters each.
    pub fn hostile_text(pieces: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<".to_string()),
            Just(">".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("&".to_string()),
            Just("<script>".to_string()),
            Just("</script>".to_string()),
            Just("<script>alert(1)</script>".to_string()),
            Just("</textarea><b>".to_string()),
            Just("&amp;&#60;".to_string()),
            Just("\" onmouseover=\"x".to_string()),
            Just("<img src=x onerror=alert(1)>".to_string()),
            "[a-zA-Z0-9 ]{1,6}",
            "\\PC{1,3}",
        ];
        prop::collection::vec(piece, 1..=pieces).prop_map(|p| format!("N{}Z", p.concat()))
    }

    /// HTML-escapes `text` the way a template must: `&` first, then `<`, `>`, `"` and `'`.
    pub fn escape(text: &str) -> String {
        text.replace('&', "&#38;")
            .replace('<', "&#60;")
            .replace('>', "&#62;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    }

    /// The page shows `text` escaped, never raw, and every `<script` in it is the app's own
    /// script tag.
    pub fn assert_escaped(html: &str, text: &str) {
        assert!(
            html.contains(&escape(text)),
            "{text:?} is not shown escaped as {:?}",
            escape(text)
        );
        if text.contains(['<', '>', '"', '\'', '&']) {
            assert!(!html.contains(text), "{text:?} is shown raw");
        }
        for (at, _) in html.match_indices("<script") {
            assert!(
                html[at..].starts_with("<script src=\"/static/"),
                "a foreign script tag: {}",
                &html[at..html.len().min(at + 60)]
            );
        }
    }

    /// The layout of a signed-in user with this display name.
    pub fn chrome(display_name: &str, role: Role, section: &'static str) -> Chrome {
        Chrome {
            user_id: Some(1),
            display_name: Some(display_name.to_string()),
            role: Some(role),
            csrf: "csrf-token-for-tests".into(),
            flash: None,
            section,
        }
    }
}
