//! Credentials and second factors, apart from HTTP: the password checks every path that asks for
//! a password shares (sign-in, password change, account deletion, turning two-step sign-in off,
//! password reset), time-based one-time codes, and the browsers an account has signed in from.

pub mod credentials;
pub mod devices;
pub mod second_factor;
pub mod totp;
