#![allow(clippy::unwrap_used)]

mod account;
mod auth;
mod clinic;
mod demo;
mod headers;
mod helpers;
mod log;
mod progress;
mod triage;
