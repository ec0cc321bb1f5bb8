pub mod attention;
pub mod exercise;
pub mod plan;
pub mod progression;
pub mod triage;
pub mod user_agent;
pub mod values;
pub mod visa_a;
