pub mod attention;
pub mod exercise;
pub mod plan;
pub mod progression;
pub mod reminders;
pub mod triage;
pub mod values;
pub mod visa_a;
