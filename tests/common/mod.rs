//! Support shared by the test binaries: a fresh database per test, the real app on port 0, a
//! cookie-keeping client, CSRF tokens and the sign-up and sign-in forms.
//!
//! Each binary uses part of it, so what one of them leaves unused is no warning.
#![allow(dead_code, unused_imports)]

pub mod app;
pub mod client;
pub mod csrf;
pub mod database;

pub use app::{spawn_app, spawn_app_configured, spawn_app_with, TestApp};
pub use client::{client, location, SignUp, PASSWORD};
pub use csrf::csrf_in;
pub use database::TestDatabase;
