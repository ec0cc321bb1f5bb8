#![allow(clippy::unwrap_used)]

mod account;
mod auth;
mod demo;
mod headers;
mod helpers;
mod log;
mod triage;
