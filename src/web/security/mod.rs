//! The account's security pages: password change, signed-in devices, two-step sign-in and the
//! account's own activity trail.

mod activity;
mod devices;
mod mfa;
mod password;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/account/password")
            .route(web::get().to(password::show))
            .route(web::post().to(password::submit)),
    )
    .service(
        web::resource("/account/mfa")
            .route(web::get().to(mfa::show))
            .route(web::post().to(mfa::setup)),
    )
    .route("/account/mfa/disable", web::post().to(mfa::disable))
    .route("/account/activity", web::get().to(activity::show))
    .route("/account/sessions", web::get().to(devices::show))
    .route("/account/sessions/revoke", web::post().to(devices::revoke));
}
