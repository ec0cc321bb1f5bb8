//! Triage (DESIGN 2.1): where the Achilles hurts decides the kind of tendinopathy, the signs
//! support or question it, and red flags send the runner to a clinician first.
//!
//! Everything here is pure: answers in, a [`TriageResult`] out.

mod classification;
mod questions;

pub use classification::{classify, TriageOutcome, TriageResult, UNSURE_MARGIN};
pub use questions::{Flag, Location, Sign, TriageAnswers};
