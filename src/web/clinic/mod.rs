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
        .route("/clinic/patients/{id}/print", web::get().to(patient::print))
        .route(
            "/clinic/patients/{id}/report",
            web::get().to(patient::report),
        );
}
