//! Which patients need a clinician's attention first, and why.

use chrono::NaiveDate;

use crate::domain::progression::Colour;
use crate::domain::triage::TriageOutcome;
use crate::domain::visa_a;

/// Days without a logged session after which a patient is flagged.
pub const QUIET_DAYS: i64 = 5;

/// A reason to look at a patient first, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttentionFlag {
    /// The current triage found an urgent red flag.
    UrgentTriage,
    /// The newest session was red on the pain monitor.
    RedMonitor,
    /// VISA-A fell by a meaningful amount (10 points or more).
    VisaWorse,
    /// No session logged for [`QUIET_DAYS`] days or more.
    NoRecentLog,
}

impl AttentionFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            AttentionFlag::UrgentTriage => "urgent-triage",
            AttentionFlag::RedMonitor => "red-monitor",
            AttentionFlag::VisaWorse => "visa-worse",
            AttentionFlag::NoRecentLog => "no-recent-log",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AttentionFlag::UrgentTriage => "Urgent triage flag",
            AttentionFlag::RedMonitor => "Red pain monitor",
            AttentionFlag::VisaWorse => "VISA-A worse by 10+",
            AttentionFlag::NoRecentLog => "No log for 5+ days",
        }
    }
}

/// What the flags are computed from.
#[derive(Debug, Clone, Copy)]
pub struct AttentionInput {
    pub outcome: Option<TriageOutcome>,
    pub monitor: Option<Colour>,
    pub last_session: Option<NaiveDate>,
    /// Newest and previous VISA-A totals.
    pub visa_latest: Option<u8>,
    pub visa_previous: Option<u8>,
}

/// The flags for one patient, most urgent first.
pub fn flags(input: &AttentionInput, today: NaiveDate) -> Vec<AttentionFlag> {
    let mut flags = Vec::new();
    if input.outcome == Some(TriageOutcome::Refer) {
        flags.push(AttentionFlag::UrgentTriage);
    }
    if input.monitor == Some(Colour::Red) {
        flags.push(AttentionFlag::RedMonitor);
    }
    if let (Some(latest), Some(previous)) = (input.visa_latest, input.visa_previous) {
        if visa_a::worse_by_meaningful(previous, latest) {
            flags.push(AttentionFlag::VisaWorse);
        }
    }
    let quiet = match input.last_session {
        Some(day) => (today - day).num_days() >= QUIET_DAYS,
        None => true,
    };
    if quiet {
        flags.push(AttentionFlag::NoRecentLog);
    }
    flags
}

/// Sort key: patients with more urgent flags first, then by name.
pub fn priority(flags: &[AttentionFlag]) -> (usize, Vec<AttentionFlag>) {
    (usize::MAX - flags.len(), flags.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn calm() -> AttentionInput {
        AttentionInput {
            outcome: Some(TriageOutcome::Insertional),
            monitor: Some(Colour::Green),
            last_session: Some(day(24)),
            visa_latest: Some(70),
            visa_previous: Some(65),
        }
    }

    #[test]
    fn a_calm_patient_has_no_flags() {
        assert!(flags(&calm(), day(25)).is_empty());
    }

    #[test]
    fn each_rule_raises_its_flag() {
        let mut i = calm();
        i.outcome = Some(TriageOutcome::Refer);
        assert_eq!(flags(&i, day(25)), [AttentionFlag::UrgentTriage]);
        let mut i = calm();
        i.monitor = Some(Colour::Red);
        assert_eq!(flags(&i, day(25)), [AttentionFlag::RedMonitor]);
        let mut i = calm();
        i.visa_latest = Some(55);
        assert_eq!(flags(&i, day(25)), [AttentionFlag::VisaWorse]);
        let mut i = calm();
        i.visa_latest = Some(56);
        assert!(flags(&i, day(25)).is_empty(), "9 points is not meaningful");
        let mut i = calm();
        i.last_session = Some(day(20));
        assert_eq!(flags(&i, day(25)), [AttentionFlag::NoRecentLog]);
        i.last_session = Some(day(21));
        assert!(flags(&i, day(25)).is_empty(), "4 days is fine");
        i.last_session = None;
        assert_eq!(flags(&i, day(25)), [AttentionFlag::NoRecentLog]);
    }

    #[test]
    fn more_flags_sort_first() {
        let a = [AttentionFlag::RedMonitor, AttentionFlag::NoRecentLog];
        let b = [AttentionFlag::NoRecentLog];
        assert!(priority(&a) < priority(&b));
        assert!(priority(&b) < priority(&[]));
    }
}
