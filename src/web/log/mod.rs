//! Logging: today's session, history, morning check-ins, capacity tests and runs.

mod capacity;
mod checkin;
mod hop;
mod runs;
pub use hop::{show as hop_show, submit as hop_submit};
pub use runs::{distance_unit, kind_label, show_distance};
pub mod session_form;
mod sessions;
mod shortcuts;
pub use sessions::{set_lines, summarise, summarise_lines, SetLine};
mod today;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/today", web::get().to(today::show))
        .route("/sessions", web::post().to(today::submit))
        .route("/sessions", web::get().to(sessions::list))
        .route("/sessions/{id}", web::get().to(sessions::show))
        .service(
            web::resource("/sessions/{id}/edit")
                .route(web::get().to(sessions::edit_form))
                .route(web::post().to(sessions::edit)),
        )
        .route("/sessions/{id}/delete", web::post().to(sessions::delete))
        .service(
            web::resource("/checkin")
                .route(web::get().to(checkin::show))
                .route(web::post().to(checkin::submit)),
        )
        .service(
            web::resource("/tests/new")
                .route(web::get().to(capacity::show))
                .route(web::post().to(capacity::submit)),
        )
        .service(
            web::resource("/runs/new")
                .route(web::get().to(runs::new_form))
                .route(web::post().to(runs::submit)),
        )
        .route("/runs", web::get().to(runs::list));
}
