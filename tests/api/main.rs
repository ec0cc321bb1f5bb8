#![allow(clippy::unwrap_used)]

mod abuse;
mod auth;
mod clinic;
mod escaping;
mod headers;
mod helpers;
mod log;
mod triage;
