#![allow(clippy::unwrap_used)]

mod account;
mod auth;
mod browser;
mod clinic;
mod demo;
mod headers;
mod helpers;
mod log;
mod progress;
mod triage;
