//! The e-mail pages (§7): reminder choices and the address check, one-click unsubscribe, and the
//! private calendar feed.

mod calendar;
mod reminders;
mod unsubscribe;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/account/reminders")
            .route(web::get().to(reminders::show))
            .route(web::post().to(reminders::save)),
    )
    .route(
        "/account/email/verify",
        web::post().to(reminders::send_link),
    )
    .route(
        "/account/email/verify/{token}",
        web::get().to(reminders::verify),
    )
    .service(
        web::resource("/reminders/unsubscribe/{token}")
            .route(web::get().to(unsubscribe::ask))
            .route(web::post().to(unsubscribe::confirm)),
    )
    .route("/calendar/{token}", web::get().to(calendar::feed))
    .route("/account/calendar/rotate", web::post().to(calendar::rotate));
}
