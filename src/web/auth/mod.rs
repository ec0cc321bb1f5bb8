//! Accounts: sign-up, log in, log out, password reset.

mod login;
mod logout;
mod mfa_login;
mod reset;
mod signup;

use actix_web::web;

pub use login::{FAILURE_LIMIT, FAILURE_WINDOW_MINUTES, SCOPE_ACCOUNT};

/// Whether `raw` could be an e-mail address: a local part, an `@`, a dotted domain, no spaces.
pub(crate) fn looks_like_email(raw: &str) -> bool {
    let raw = raw.trim();
    match raw.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && raw.len() <= 254
                && !raw.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

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

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(looks_like_email("ana@example.com"));
        assert!(!looks_like_email("ana@example"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("ana example@example.com"));
        assert!(!looks_like_email("ana"));
    }
}
