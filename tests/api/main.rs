#![allow(clippy::unwrap_used)]

mod auth;
mod clinic;
mod headers;
mod helpers;
mod log;
mod progress;
mod triage;
