//! The clinical rules, pure.

/// The one disclaimer (DESIGN 2), in these words on every page and every print-out.
pub const DISCLAIMER: &str =
    "Tendo is educational support, not a diagnosis. Red flags always need a clinician.";

pub mod attention;
pub mod exercise;
pub mod plan;
pub mod progression;
pub mod reminders;
pub mod schedule;
pub mod triage;
pub mod user_agent;
pub mod values;
pub mod visa_a;
