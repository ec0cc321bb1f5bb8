#![allow(clippy::unwrap_used)]

mod abuse;
mod account;
mod auth;
mod browser;
mod clinic;
mod clinical;
#[path = "../common/mod.rs"]
mod common;
mod demo;
mod escaping;
mod hardening;
mod headers;
mod helpers;
mod idempotency;
mod log;
mod mail;
mod mfa;
mod offline;
mod progress;
mod reminders;
mod reset;
mod running;
mod security;
mod smtp;
mod today;
mod triage;
