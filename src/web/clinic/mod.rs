//! The clinician's side: patient list, linking, review, settings, notes, print-outs.

mod list;
mod patient;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/clinic", web::get().to(list::show))
        .route("/clinic/link", web::post().to(list::link))
        .route("/clinic/patients/{id}", web::get().to(patient::show))
        .route(
            "/clinic/patients/{id}/settings",
            web::post().to(patient::settings),
        )
        .route(
            "/clinic/patients/{id}/notes",
            web::post().to(patient::add_note),
        )
        .route(
            "/clinic/patients/{id}/sessions/{session}",
            web::get().to(patient::session),
        )
        .route("/clinic/patients/{id}/print", web::get().to(patient::print))
        .route(
            "/clinic/patients/{id}/report",
            web::get().to(patient::report),
        );
}

/// Rule wording is written to the runner ("your baseline"); the clinician's pages speak of the
/// runner instead.
pub fn about_the_runner(text: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "From your triage answers",
            "From the runner's triage answers",
        ),
        ("Chosen by you", "Chosen by the runner"),
        ("Confirmed by your clinician", "Confirmed by the clinician"),
        ("set by your clinician", "set by the clinician"),
        ("your baseline", "the runner's baseline"),
        ("your usual", "the runner's usual"),
        ("your newest", "the runner's newest"),
        ("your injured", "the injured"),
        ("Your ", "The runner's "),
        ("your ", "the runner's "),
    ];
    let mut out = text.to_string();
    for (from, to) in PHRASES {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::about_the_runner;

    #[test]
    fn rule_wording_speaks_of_the_runner() {
        assert_eq!(
            about_the_runner("next-morning pain 2/10 was not above your baseline of 1"),
            "next-morning pain 2/10 was not above the runner's baseline of 1"
        );
        assert_eq!(
            about_the_runner("From your triage answers"),
            "From the runner's triage answers"
        );
        assert_eq!(
            about_the_runner("Stage 3 (stage set by your clinician on 20 Nov)"),
            "Stage 3 (stage set by the clinician on 20 Nov)"
        );
    }
}
