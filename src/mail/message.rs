//! The named messages Tendo sends, each with a plain-text and an HTML part rendered from the same
//! content (`templates/mail/message.txt` and `.html`).

use askama::Template;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

use crate::store::mail_prefs::ReminderKind;

/// Every e-mail Tendo sends, by name. Stored in the outbox as its `kind` and a JSON payload, and
/// rendered when it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Message {
    /// Security: the password was changed (by the account page or a reset).
    PasswordChanged,
    /// Security: two-step sign-in was turned off.
    MfaDisabled,
    /// Security: a sign-in from a device not seen before. `device` is a short description such
    /// as "Firefox on Android"; `at` is UTC.
    NewSignIn {
        device: String,
        ip: String,
        at: NaiveDateTime,
    },
    /// Someone tried to sign up with this address, which already has an account.
    SignupAttempt,
    /// A link (24 hours, single use) confirming the address; the token is made when it is sent.
    VerifyEmail,
    /// A password-reset link (1 hour, single use); the token is made when it is sent.
    PasswordReset,
    /// The morning check-in after a session or run (`day` is the morning, local).
    CheckinReminder { day: NaiveDate },
    /// A training day (local).
    TrainingReminder { day: NaiveDate },
    /// The VISA-A questionnaire is due.
    VisaAReminder { day: NaiveDate },
    /// A clinician's daily digest of patients needing attention.
    ClinicianDigest { day: NaiveDate },
}

impl Message {
    /// The name stored in the outbox's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::PasswordChanged => "password_changed",
            Message::MfaDisabled => "mfa_disabled",
            Message::NewSignIn { .. } => "new_sign_in",
            Message::SignupAttempt => "signup_attempt",
            Message::VerifyEmail => "verify_email",
            Message::PasswordReset => "password_reset",
            Message::CheckinReminder { .. } => "checkin_reminder",
            Message::TrainingReminder { .. } => "training_reminder",
            Message::VisaAReminder { .. } => "visa_a_reminder",
            Message::ClinicianDigest { .. } => "clinician_digest",
        }
    }

    /// Reminders carry an unsubscribe link and are dropped when no longer true.
    pub fn reminder(&self) -> Option<ReminderKind> {
        match self {
            Message::CheckinReminder { .. } => Some(ReminderKind::Checkin),
            Message::TrainingReminder { .. } => Some(ReminderKind::Training),
            Message::VisaAReminder { .. } => Some(ReminderKind::VisaA),
            Message::ClinicianDigest { .. } => Some(ReminderKind::Digest),
            _ => None,
        }
    }

    /// The local day a reminder is about.
    pub fn about_date(&self) -> Option<NaiveDate> {
        match self {
            Message::CheckinReminder { day }
            | Message::TrainingReminder { day }
            | Message::VisaAReminder { day }
            | Message::ClinicianDigest { day } => Some(*day),
            _ => None,
        }
    }

    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    pub fn from_payload(payload: &str) -> Option<Message> {
        serde_json::from_str(payload).ok()
    }
}

/// The reminder kind an outbox `kind` names.
pub fn reminder_kind(kind: &str) -> Option<ReminderKind> {
    match kind {
        "checkin_reminder" => Some(ReminderKind::Checkin),
        "training_reminder" => Some(ReminderKind::Training),
        "visa_a_reminder" => Some(ReminderKind::VisaA),
        "clinician_digest" => Some(ReminderKind::Digest),
        _ => None,
    }
}

/// A link in a message: what it says and where it goes.
#[derive(Debug, Clone)]
pub struct Action {
    pub label: String,
    pub url: String,
}

/// What a message says, before it becomes text and HTML.
#[derive(Debug, Clone, Template)]
#[template(path = "mail/message.txt")]
pub struct Content {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// A list (the digest's patients).
    pub items: Vec<String>,
    pub action: Option<Action>,
    pub closing: Vec<String>,
    pub unsubscribe_url: Option<String>,
    pub public_url: String,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlPart<'a> {
    c: &'a Content,
}

impl Content {
    pub fn text(&self) -> Result<String, askama::Error> {
        self.render()
    }
    pub fn html(&self) -> Result<String, askama::Error> {
        HtmlPart { c: self }.render()
    }
}

/// What rendering a message needs to know about its reader.
pub struct Reader<'a> {
    pub display_name: &'a str,
    pub timezone: chrono_tz::Tz,
}

/// The secret link a message carries, made by the sender just before rendering.
pub enum Link<'a> {
    None,
    Token(&'a str),
    /// The digest's patients: (name, reasons).
    Patients(&'a [(String, String)]),
}

fn local(at: NaiveDateTime, tz: chrono_tz::Tz) -> String {
    tz.from_utc_datetime(&at)
        .format("%-d %b %Y at %H:%M (%Z)")
        .to_string()
}

fn day_name(day: NaiveDate) -> String {
    day.format("%A %-d %B").to_string()
}

/// Renders a message for `reader`; `unsubscribe` is the one-click link of a reminder.
pub fn compose(
    message: &Message,
    reader: &Reader<'_>,
    public_url: &str,
    link: Link<'_>,
    unsubscribe: Option<String>,
) -> Content {
    let url = |path: &str| format!("{public_url}{path}");
    let token = match link {
        Link::Token(t) => t,
        _ => "",
    };
    let mut c = Content {
        subject: String::new(),
        greeting: format!("Hello {},", reader.display_name),
        paragraphs: Vec::new(),
        items: Vec::new(),
        action: None,
        closing: Vec::new(),
        unsubscribe_url: unsubscribe,
        public_url: public_url.to_string(),
    };
    let not_you = "If this was not you, reset your password now and check the devices signed in \
                   to your account.";
    match message {
        Message::PasswordChanged => {
            c.subject = "Your Tendo password was changed".into();
            c.paragraphs.push(
                "The password of your Tendo account was just changed, and every device that was \
                 signed in has been signed out."
                    .into(),
            );
            c.paragraphs.push(not_you.into());
            c.action = Some(Action {
                label: "Reset your password".into(),
                url: url("/password/forgot"),
            });
        }
        Message::MfaDisabled => {
            c.subject = "Two-step sign-in was turned off".into();
            c.paragraphs.push(
                "Two-step sign-in was just turned off for your Tendo account. From now on your \
                 password alone signs you in."
                    .into(),
            );
            c.paragraphs.push(not_you.into());
            c.action = Some(Action {
                label: "Turn two-step sign-in back on".into(),
                url: url("/account/mfa"),
            });
        }
        Message::NewSignIn { device, ip, at } => {
            c.subject = "New sign-in to your Tendo account".into();
            c.paragraphs.push(format!(
                "Your account was signed in to from a device we have not seen before: {device}, \
                 from the address {ip}, on {}.",
                local(*at, reader.timezone)
            ));
            c.paragraphs.push(not_you.into());
            c.action = Some(Action {
                label: "See your signed-in devices".into(),
                url: url("/account/sessions"),
            });
        }
        Message::SignupAttempt => {
            c.subject = "Someone tried to sign up with your address".into();
            c.paragraphs.push(
                "Someone just tried to create a new Tendo account with this e-mail address. It \
                 already belongs to your account, so nothing was created."
                    .into(),
            );
            c.paragraphs.push(
                "If it was you, log in instead; if you forgot your password, you can reset it. \
                 If it was not you, you can ignore this message."
                    .into(),
            );
            c.action = Some(Action {
                label: "Log in".into(),
                url: url("/login"),
            });
        }
        Message::VerifyEmail => {
            c.subject = "Confirm your e-mail address for Tendo".into();
            c.paragraphs.push(
                "Please confirm that this is your address. Tendo only sends reminders to \
                 confirmed addresses."
                    .into(),
            );
            c.action = Some(Action {
                label: "Confirm my address".into(),
                url: url(&format!("/account/email/verify/{token}")),
            });
            c.closing.push(
                "The link works once, for 24 hours. If you did not ask for it, ignore it.".into(),
            );
        }
        Message::PasswordReset => {
            c.subject = "Reset your Tendo password".into();
            c.paragraphs.push(
                "Someone, hopefully you, asked to reset the password of your Tendo account.".into(),
            );
            c.action = Some(Action {
                label: "Choose a new password".into(),
                url: url(&format!("/password/reset/{token}")),
            });
            c.closing.push(
                "The link works once, for 1 hour. If you did not ask for it, ignore this message: \
                 your password stays as it is."
                    .into(),
            );
        }
        Message::CheckinReminder { day } => {
            c.subject = "Morning check-in: how is your Achilles today?".into();
            c.paragraphs.push(format!(
                "You trained or ran yesterday. How the tendon feels this morning ({}) is what \
                 tells whether the load was right: pain, stiffness, and whether you took \
                 painkillers. It takes a few seconds.",
                day_name(*day)
            ));
            c.action = Some(Action {
                label: "Check in now".into(),
                url: url("/checkin"),
            });
        }
        Message::TrainingReminder { day } => {
            c.subject = "Today is a training day".into();
            c.paragraphs.push(format!(
                "{} is one of your training days. Your plan, with today's doses and advice, is \
                 ready when you are.",
                day_name(*day)
            ));
            c.action = Some(Action {
                label: "Open today's session".into(),
                url: url("/today"),
            });
        }
        Message::VisaAReminder { .. } => {
            c.subject = "Time for your VISA-A questionnaire".into();
            c.paragraphs.push(
                "Your VISA-A is due: eight short questions, every two weeks, that show how the \
                 tendon is coming along."
                    .into(),
            );
            c.action = Some(Action {
                label: "Answer the VISA-A".into(),
                url: url("/visa-a"),
            });
        }
        Message::ClinicianDigest { day } => {
            c.subject = "Tendo: patients needing attention".into();
            c.paragraphs.push(format!(
                "As of {}, these linked runners need a look:",
                day_name(*day)
            ));
            if let Link::Patients(patients) = link {
                c.items = patients
                    .iter()
                    .map(|(name, why)| format!("{name}: {why}"))
                    .collect();
            }
            c.action = Some(Action {
                label: "Open your patient list".into(),
                url: url("/clinic"),
            });
        }
    }
    if c.unsubscribe_url.is_some() {
        c.closing.push(
            "You get this because you turned it on in Tendo. Change reminders in your account, \
             or stop this kind with the link below."
                .into(),
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader() -> Reader<'static> {
        Reader {
            display_name: "Ana <b>",
            timezone: chrono_tz::America::Los_Angeles,
        }
    }

    #[test]
    fn payloads_round_trip_and_name_their_kind() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        for m in [
            Message::PasswordChanged,
            Message::NewSignIn {
                device: "Firefox on Linux".into(),
                ip: "192.0.2.1".into(),
                at: day.and_hms_opt(6, 0, 0).unwrap(),
            },
            Message::CheckinReminder { day },
            Message::ClinicianDigest { day },
        ] {
            let back = Message::from_payload(&m.to_payload()).unwrap();
            assert_eq!(back, m);
            assert!(m.to_payload().contains(m.kind()));
            assert_eq!(reminder_kind(m.kind()), m.reminder());
        }
    }

    #[test]
    fn both_parts_carry_the_link_and_the_html_escapes_names() {
        let c = compose(
            &Message::PasswordReset,
            &reader(),
            "https://tendo.example",
            Link::Token("tok123"),
            None,
        );
        let (text, html) = (c.text().unwrap(), c.html().unwrap());
        for part in [&text, &html] {
            assert!(part.contains("https://tendo.example/password/reset/tok123"));
            assert!(part.contains("1 hour"));
        }
        assert!(text.contains("Hello Ana <b>,"));
        assert!(html.contains("Ana &#60;b&#62;") && !html.contains("Ana <b>"));
    }

    #[test]
    fn reminders_show_their_unsubscribe_link_and_sign_ins_the_local_time() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let c = compose(
            &Message::CheckinReminder { day },
            &reader(),
            "http://x",
            Link::None,
            Some("http://x/reminders/unsubscribe/u1".into()),
        );
        assert!(c
            .text()
            .unwrap()
            .contains("http://x/reminders/unsubscribe/u1"));
        assert!(c
            .html()
            .unwrap()
            .contains("http://x/reminders/unsubscribe/u1"));
        let c = compose(
            &Message::NewSignIn {
                device: "Safari on iPhone".into(),
                ip: "192.0.2.7".into(),
                at: day.and_hms_opt(16, 5, 0).unwrap(),
            },
            &reader(),
            "http://x",
            Link::None,
            None,
        );
        assert!(c.text().unwrap().contains("30 Nov 2026 at 08:05 (PST)"));
    }
}
