#![allow(clippy::unwrap_used)]

mod auth;
mod headers;
mod helpers;
mod log;
mod progress;
mod triage;
