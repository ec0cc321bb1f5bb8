//! Tendo: Achilles-tendinopathy rehab for runners and the clinicians who follow them.
//!
//! `domain` holds the clinical rules (pure), `store` the database, `web` the HTTP side.

pub mod auth;
pub mod config;
pub mod demo;
pub mod domain;
pub mod mail;
pub mod password;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;
