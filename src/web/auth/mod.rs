//! Accounts: sign-up, log in, log out, password reset.

mod login;
mod logout;
mod mfa_login;
mod reset;
mod signup;

use actix_web::web;

pub use login::{FAILURE_LIMIT, FAILURE_WINDOW_MINUTES, SCOPE_ACCOUNT};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/signup")
            .route(web::get().to(signup::show))
            .route(web::post().to(signup::submit)),
    )
    .service(
        web::resource("/login")
            .route(web::get().to(login::show))
            .route(web::post().to(login::submit)),
    )
    .service(
        web::resource("/login/mfa")
            .route(web::get().to(mfa_login::show))
            .route(web::post().to(mfa_login::submit)),
    )
    .route("/logout", web::post().to(logout::submit))
    .service(
        web::resource("/password/forgot")
            .route(web::get().to(reset::forgot_form))
            .route(web::post().to(reset::forgot_submit)),
    )
    .service(
        web::resource("/password/reset/{token}")
            .route(web::get().to(reset::reset_form))
            .route(web::post().to(reset::reset_submit)),
    );
}
