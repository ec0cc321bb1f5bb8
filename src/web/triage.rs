//! `GET,POST /triage` and `GET /triage/result`: where it hurts decides the type.

use actix_web::{web, HttpResponse};
use askama::Template;

use crate::domain::triage::{classify, Flag, Location, Sign, TriageAnswers, TriageResult};
use crate::domain::values::InjuredSide;
use crate::store::submissions::SubmissionId;
use crate::store::triages::{self, StoredTriage};
use crate::web::change::{submission_id, Change, Outcome};
use crate::web::form::{CsrfForm, FieldErrors};
use crate::web::page::{ok, see_other, unprocessable, Chrome};
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/triage")
            .route(web::get().to(show_form))
            .route(web::post().to(submit)),
    )
    .route("/triage/result", web::get().to(show_result));
}

/// What the runner typed, kept as typed so a rejected form comes back filled in.
#[derive(Debug, Default, Clone)]
pub struct TriageInput {
    /// The `side` field as posted.
    pub side: String,
    /// The `location` field as posted.
    pub location: String,
    /// Names of the sign and flag checkboxes that were ticked (value `on`), in posted order.
    pub checked: Vec<String>,
    /// The form's `submission_id` as posted, so answers sent twice are stored once.
    pub submission_id: String,
}

#[derive(Template)]
#[template(path = "triage/form.html")]
struct TriageFormPage {
    chrome: Chrome,
    input: TriageInput,
    errors: FieldErrors,
    locations: &'static [Location],
    signs: &'static [Sign],
    flags: &'static [Flag],
}

impl TriageFormPage {
    fn new(chrome: Chrome, input: TriageInput, errors: FieldErrors) -> Self {
        TriageFormPage {
            chrome,
            input,
            errors,
            locations: &Location::ALL,
            signs: &Sign::ALL,
            flags: &Flag::ALL,
        }
    }
    fn is_checked(&self, field: &str) -> bool {
        self.input.checked.iter().any(|c| c == field)
    }
    fn urgent_flags(&self) -> Vec<Flag> {
        self.flags
            .iter()
            .copied()
            .filter(|f| f.is_urgent())
            .collect()
    }
    fn caution_flags(&self) -> Vec<Flag> {
        self.flags
            .iter()
            .copied()
            .filter(|f| !f.is_urgent())
            .collect()
    }
}

async fn show_form(Runner(me): Runner) -> Result<HttpResponse, AppError> {
    ok(&TriageFormPage::new(
        Chrome::new(&me.visitor, "plan"),
        TriageInput {
            submission_id: SubmissionId::fresh().to_string(),
            ..TriageInput::default()
        },
        FieldErrors::new(),
    ))
}

/// Reads the posted form pairs (name, value), in posted order, into answers, or into the errors
/// to show next to each field.
///
/// The typed input comes back either way so a rejected form can be shown again filled in.
/// `csrf_token` and unknown names are ignored; a sign or flag checkbox must carry `on`; `side` and
/// `location` must be one of the form's choices. Public so the fuzz target `triage_form` can
/// drive it with arbitrary pairs; it never panics.
pub fn parse(pairs: &[(String, String)]) -> (TriageInput, Result<TriageAnswers, FieldErrors>) {
    let mut input = TriageInput::default();
    let mut errors = FieldErrors::new();
    for (name, value) in pairs {
        match name.as_str() {
            "side" => input.side = value.clone(),
            "location" => input.location = value.clone(),
            "submission_id" => input.submission_id = value.clone(),
            "csrf_token" => {}
            other if Sign::from_field(other).is_some() || Flag::from_field(other).is_some() => {
                if value == "on" {
                    input.checked.push(other.to_string());
                } else {
                    errors.add(other, "This box can only be ticked or left empty.");
                }
            }
            _ => {}
        }
    }
    let side = errors.check("side", InjuredSide::parse(&input.side));
    let location = match input.location.trim() {
        "" => {
            errors.add("location", "Choose where it hurts, or \"I'm not sure\".");
            None
        }
        raw => errors.check("location", Location::parse(raw)),
    };
    let answers = match (side, location) {
        (Some(side), Some(location)) if errors.is_empty() => Ok(TriageAnswers::from_fields(
            side,
            location,
            input.checked.iter().map(String::as_str),
        )),
        _ => Err(errors),
    };
    (input, answers)
}

async fn submit(
    state: web::Data<AppState>,
    Runner(me): Runner,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (mut input, parsed) = parse(&pairs);
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let submission = submission_id(&mut errors, &mut input.submission_id);
    let (Ok(answers), Some(submission)) = (parsed, submission) else {
        return unprocessable(&TriageFormPage::new(
            Chrome::new(&me.visitor, "plan"),
            input,
            errors,
        ));
    };
    let outcome = classify(&answers).outcome;
    let user = me.user.id;
    Change::new(&me, "triage")
        .once(submission)
        .redirect("/triage/result")
        .apply(&state, move |conn, now| {
            triages::insert(conn, user, &answers, outcome, now)?;
            Ok(Outcome::done().detail(outcome.as_str()))
        })
        .await
}

#[derive(Template)]
#[template(path = "triage/result.html")]
struct ResultPage {
    chrome: Chrome,
    triage: StoredTriage,
    result: TriageResult,
    history: Vec<(StoredTriage, &'static str)>,
}

async fn show_result(
    state: web::Data<AppState>,
    Runner(me): Runner,
) -> Result<HttpResponse, AppError> {
    let user = me.user.id;
    let mut history = state
        .store
        .run(move |conn| triages::history(conn, user))
        .await?;
    if history.is_empty() {
        return Ok(see_other("/triage"));
    }
    let triage = history.remove(0);
    let result = classify(&triage.answers);
    let history = history
        .into_iter()
        .map(|t| {
            let label = t.outcome.label();
            (t, label)
        })
        .collect();
    ok(&ResultPage {
        chrome: Chrome::new(&me.visitor, "plan"),
        triage,
        result,
        history,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_complete_form_parses_into_answers() {
        let (_, parsed) = parse(&pairs(&[
            ("side", "right"),
            ("location", "insertion"),
            ("worse_after_speed", "on"),
            ("sudden_pop", "on"),
        ]));
        let answers = parsed.unwrap();
        assert_eq!(answers.signs.len(), 1);
        assert_eq!(answers.flags.len(), 1);
    }

    #[test]
    fn missing_or_tampered_fields_are_errors_on_those_fields() {
        let (input, parsed) = parse(&pairs(&[("side", "up"), ("worse_after_speed", "yes")]));
        let errors = parsed.unwrap_err();
        assert!(errors.has("side"));
        assert!(errors.has("location"));
        assert!(errors.has("worse_after_speed"));
        assert_eq!(input.side, "up");
    }
}
