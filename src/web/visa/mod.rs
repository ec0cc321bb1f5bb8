//! `GET,POST /visa-a`: the VISA-A questionnaire (DESIGN 2.5), offered at the start and every two
//! weeks, open at any time.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use crate::domain::visa_a::{
    self, Item, Q8Minutes, Q8Pattern, Q8_INTRO, Q8_MINUTES_FIELD, Q8_MINUTES_QUESTION,
    Q8_PATTERN_FIELD,
};
use crate::store::users::User;
use crate::store::visa::{self, StoredVisaA};
use crate::web::change::{submission_id, Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{human_date, ok, today_for, unprocessable, Chrome};
use crate::web::visitor::{Runner, SignedIn};
use crate::web::{AppError, AppState};

pub mod form;

use form::{parse, RawVisaA};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/visa-a")
            .route(web::get().to(show))
            .route(web::post().to(submit)),
    );
}

/// Whether the questionnaire is due for this runner today (in their time zone).
pub async fn is_due_for(state: &AppState, user: &User) -> Result<bool, AppError> {
    let id = user.id;
    let results = state.store.run(move |conn| visa::list(conn, id)).await?;
    Ok(visa_a::is_due(
        results.iter().map(|r| r.taken_on).max(),
        today_for(user),
    ))
}

/// One radio button.
struct Choice {
    value: String,
    /// What the button shows.
    text: String,
    /// Words only a screen reader hears after `text` (e.g. what the ends of a scale mean).
    spoken: String,
    checked: bool,
}

/// One of items 1–7 with the runner's answer.
struct ItemView {
    number: u8,
    field: &'static str,
    question: &'static str,
    /// The scale's ends, "0 = …" and "10 = …".
    low: String,
    high: String,
    /// Below the question, when the scale needs a word of explanation.
    hint: &'static str,
    choices: Vec<Choice>,
}

fn checked(raw: &RawVisaA, field: &str, value: &str) -> bool {
    raw.value(field).trim().eq_ignore_ascii_case(value)
}

/// Items 1–6 as 0–10 scales. Item 1's buttons show minutes of stiffness (100+ … 0), so a runner
/// never has to turn minutes into points; the others show the points themselves.
fn scale(item: &Item, raw: &RawVisaA) -> ItemView {
    let stiffness = item.number == 1;
    let last = item.options.len().saturating_sub(1);
    let choices = item
        .options
        .iter()
        .enumerate()
        .map(|(i, &(points, label))| {
            let value = points.to_string();
            let (text, spoken) = if stiffness {
                let minutes = label.trim_end_matches(" or more").trim_end_matches(" min");
                let text = if label.ends_with("or more") {
                    format!("{minutes}+")
                } else {
                    minutes.to_string()
                };
                (text, "minutes".to_string())
            } else if item.number == 6 {
                (value.clone(), "hops".to_string())
            } else if i == 0 {
                (
                    value.clone(),
                    format!("({})", item.low_label.to_lowercase()),
                )
            } else if i == last {
                (
                    value.clone(),
                    format!("({})", item.high_label.to_lowercase()),
                )
            } else {
                (value.clone(), String::new())
            };
            Choice {
                checked: checked(raw, item.field, &value),
                value,
                text,
                spoken,
            }
        })
        .collect();
    let (low, high, hint) = if stiffness {
        (
            item.low_label.to_string(),
            item.high_label.to_string(),
            "Minutes, to the nearest 10.",
        )
    } else if item.number == 6 {
        (
            item.low_label.to_string(),
            item.high_label.to_string(),
            "One point for each hop without pain, up to 10.",
        )
    } else {
        (
            format!("0 = {}", item.low_label.to_lowercase()),
            format!("10 = {}", item.high_label.to_lowercase()),
            "Here 10 means no pain: the reverse of the pain scores in your training log.",
        )
    };
    ItemView {
        number: item.number,
        field: item.field,
        question: item.question,
        low,
        high,
        hint,
        choices,
    }
}

/// Item 7 as four labelled answers.
fn activity(item: &Item, raw: &RawVisaA) -> ItemView {
    ItemView {
        number: item.number,
        field: item.field,
        question: item.question,
        low: String::new(),
        high: String::new(),
        hint: "",
        choices: item
            .options
            .iter()
            .map(|&(points, label)| Choice {
                value: points.to_string(),
                text: label.to_string(),
                spoken: String::new(),
                checked: checked(raw, item.field, &points.to_string()),
            })
            .collect(),
    }
}

/// When the questionnaire was last answered and when it is next due.
struct Due {
    due: bool,
    last_taken: Option<String>,
    last_total: Option<u8>,
    next_due: Option<String>,
}

impl Due {
    fn new(results: &[StoredVisaA], today: NaiveDate) -> Due {
        let last = results.iter().max_by_key(|r| (r.taken_on, r.id));
        Due {
            due: visa_a::is_due(last.map(|r| r.taken_on), today),
            last_taken: last.map(|r| human_date(r.taken_on)),
            last_total: last.map(StoredVisaA::total),
            next_due: last
                .and_then(|r| visa_a::next_due(r.taken_on))
                .map(human_date),
        }
    }
}

#[derive(Template)]
#[template(path = "visa/form.html")]
struct VisaPage {
    chrome: Chrome,
    errors: FieldErrors,
    scales: Vec<ItemView>,
    activity: ItemView,
    patterns: Vec<Choice>,
    minutes: Vec<Choice>,
    q8_intro: &'static str,
    q8_minutes_question: &'static str,
    about: &'static str,
    source: &'static str,
    due: Due,
    /// Makes a questionnaire sent twice count once.
    submission_id: String,
}

impl VisaPage {
    fn new(
        chrome: Chrome,
        raw: &RawVisaA,
        errors: FieldErrors,
        due: Due,
        submission_id: String,
    ) -> VisaPage {
        VisaPage {
            chrome,
            submission_id,
            errors,
            scales: visa_a::ITEMS[..6].iter().map(|i| scale(i, raw)).collect(),
            activity: activity(&visa_a::ITEMS[6], raw),
            patterns: Q8Pattern::ALL
                .iter()
                .map(|p| Choice {
                    value: p.as_str().to_string(),
                    text: p.label().to_string(),
                    spoken: String::new(),
                    checked: checked(raw, Q8_PATTERN_FIELD, p.as_str()),
                })
                .collect(),
            minutes: Q8Minutes::ALL
                .iter()
                .map(|m| Choice {
                    value: m.as_str().to_string(),
                    text: m.label().to_string(),
                    spoken: String::new(),
                    checked: checked(raw, Q8_MINUTES_FIELD, m.as_str()),
                })
                .collect(),
            q8_intro: Q8_INTRO,
            q8_minutes_question: Q8_MINUTES_QUESTION,
            about: visa_a::ABOUT,
            source: visa_a::SOURCE,
            due,
        }
    }
}

async fn results_of(state: &AppState, me: &SignedIn) -> Result<Vec<StoredVisaA>, AppError> {
    let id = me.user.id;
    Ok(state.store.run(move |conn| visa::list(conn, id)).await?)
}

async fn show(state: web::Data<AppState>, Runner(me): Runner) -> Result<HttpResponse, AppError> {
    let results = results_of(&state, &me).await?;
    ok(&VisaPage::new(
        Chrome::new(&me.visitor, "progress"),
        &RawVisaA::default(),
        FieldErrors::new(),
        Due::new(&results, today_for(&me.user)),
        crate::store::submissions::SubmissionId::fresh().to_string(),
    ))
}

/// The questionnaire as posted, with the form's submission id.
#[derive(serde::Deserialize)]
struct VisaForm {
    #[serde(flatten)]
    answers: RawVisaA,
    #[serde(default)]
    submission_id: String,
}

async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(form): CsrfForm<VisaForm>,
) -> Result<HttpResponse, AppError> {
    let (raw, mut posted_id) = (form.answers, form.submission_id);
    let today = today_for(&me.user);
    let mut errors = FieldErrors::new();
    let parsed = parse(&raw).map_err(|problems| {
        for (field, message) in problems {
            errors.add(field, message);
        }
    });
    let submission = submission_id(&mut errors, &mut posted_id);
    let (Ok(answers), Some(submission)) = (parsed, submission) else {
        let results = results_of(&state, &me).await?;
        return unprocessable(&VisaPage::new(
            Chrome::new(&me.visitor, "progress"),
            &raw,
            errors,
            Due::new(&results, today),
            posted_id,
        ));
    };
    let user = me.user.id;
    Change::new(&me, "visa_a_recorded")
        .once(submission)
        .redirect("/progress")
        .apply(&state, move |conn, now| {
            let previous = visa::list(conn, user)?
                .into_iter()
                .max_by_key(|r| (r.taken_on, r.id));
            let total = answers.total();
            visa::save(conn, user, today, &answers, now)?;
            let next = visa_a::next_due(today)
                .map(|d| format!(" The next one is due on {}.", human_date(d)))
                .unwrap_or_default();
            let message = match previous {
                Some(p) => format!(
                    "VISA-A saved: {total} / 100. {} since {}.{next}",
                    visa_a::change(p.total(), total).label,
                    human_date(p.taken_on)
                ),
                None => format!(
                    "VISA-A saved: {total} / 100. This is your first result, so there is \
                     nothing to compare yet.{next}"
                ),
            };
            Ok(Outcome::done().detail(total).flash(message))
        })
        .await
}
