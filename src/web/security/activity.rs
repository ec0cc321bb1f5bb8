//! `GET /account/activity`: the account's own trail: sign-ins (when, which browser), which
//! clinician viewed or printed the record and when, exports and changes.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::store::audit;
use crate::store::users::{self, UserId};
use crate::web::page::{ok, Chrome};
use crate::web::visitor::SignedIn;
use crate::web::{AppError, AppState};

/// Entries per page.
const PAGE_SIZE: i64 = 50;

struct Row {
    when: String,
    what: String,
    detail: String,
    ip: String,
    by_clinician: bool,
}

#[derive(Template)]
#[template(path = "security/activity.html")]
struct ActivityPage {
    chrome: Chrome,
    rows: Vec<Row>,
    page: i64,
    more: bool,
}

#[derive(Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<i64>,
}

/// What an entry means, said to the account's owner; `who` names another actor.
fn describe(action: &str, who: &str) -> String {
    match action {
        "signup" => "Account created".into(),
        "signup_attempt" => {
            "Someone tried to sign up with your address (nothing was created)".into()
        }
        "login" => "Signed in".into(),
        "login_failed" => "A sign-in failed: wrong password".into(),
        "mfa_failed" => "A sign-in failed: wrong two-step code".into(),
        "recovery_code_used" => "A recovery code was used to sign in".into(),
        "logout" => "Signed out".into(),
        "password_changed" => "Password changed".into(),
        "password_change_refused" => "Password change refused: wrong current password".into(),
        "password_reset" => "Password reset by e-mail".into(),
        "mfa_enabled" => "Two-step sign-in turned on".into(),
        "mfa_disabled" => "Two-step sign-in turned off".into(),
        "mfa_disable_refused" => "Turning two-step sign-in off was refused".into(),
        "session_revoked" => "Signed out a device".into(),
        "account_delete_refused" => "Account deletion refused: wrong password".into(),
        "export" => "You downloaded your data".into(),
        "units_changed" => "Units changed".into(),
        "timezone_changed" => "Time zone changed".into(),
        "checkin" => "Morning check-in saved".into(),
        "run_logged" => "Run logged".into(),
        "session_logged" => "Session logged".into(),
        "session_edited" => "Session edited".into(),
        "session_deleted" => "Session deleted".into(),
        "capacity_test" => "Calf-raise test recorded".into(),
        "visa_a_recorded" => "VISA-A questionnaire saved".into(),
        "triage" => "Triage answered".into(),
        "plan_self_selected" => "Plan chosen".into(),
        "schedule_changed" => "Training days changed".into(),
        "reminders_changed" => "E-mail reminders changed".into(),
        "verification_sent" => "Address confirmation link sent".into(),
        "email_verified" => "Address confirmed".into(),
        "calendar_link_made" => "New calendar link made (older links stopped working)".into(),
        "share_code_created" => "Share code made for a clinician".into(),
        "link_revoked" => "A clinician's access ended".into(),
        "clinician_linked" => format!("{who} linked to your record"),
        "clinician_viewed" => format!("{who} viewed your record"),
        "clinician_printed_plan" => format!("{who} printed your plan"),
        "clinician_printed_report" => format!("{who} printed your progress report"),
        "clinician_settings" => format!("{who} changed your plan settings"),
        "clinician_note" => format!("{who} wrote a note"),
        other => other.replace('_', " "),
    }
}

pub async fn show(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let id = me.user.id;
    let (entries, names) = state
        .store
        .run(move |conn| {
            let entries = audit::trail(conn, id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)?;
            let others: Vec<i64> = entries
                .iter()
                .filter_map(|e| e.actor)
                .filter(|a| *a != id.0)
                .collect();
            let names = users::find_many(conn, &others)?;
            Ok((entries, names))
        })
        .await?;
    let more = entries.len() > PAGE_SIZE as usize;
    let tz = me.user.timezone;
    let rows = entries
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|e| {
            let other = e.actor.filter(|a| *a != id.0);
            let who = match other {
                Some(actor) => names
                    .iter()
                    .find(|u| u.id == UserId(actor))
                    .map_or("A clinician (account since deleted)".to_string(), |u| {
                        u.display_name.clone()
                    }),
                None => String::new(),
            };
            Row {
                when: e
                    .at
                    .and_utc()
                    .with_timezone(&tz)
                    .format("%-d %b %Y, %H:%M")
                    .to_string(),
                what: describe(&e.action, &who),
                detail: e.detail,
                ip: e.ip,
                by_clinician: other.is_some(),
            }
        })
        .collect();
    ok(&ActivityPage {
        chrome: Chrome::new(&me.visitor, "account"),
        rows,
        page,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn clinician_actions_name_the_clinician() {
        assert_eq!(
            describe("clinician_viewed", "Dr Lee"),
            "Dr Lee viewed your record"
        );
        assert_eq!(
            describe("clinician_printed_report", "Dr Lee"),
            "Dr Lee printed your progress report"
        );
        assert_eq!(describe("login", ""), "Signed in");
        assert_eq!(describe("something_new", ""), "something new");
    }
}
