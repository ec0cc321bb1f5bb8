//! The VISA-A questionnaire (Victorian Institute of Sport Assessment – Achilles).
//!
//! Eight questions scored to a total of 0–100, higher is better (Robinson et al., Br J Sports Med
//! 2001;35:335, PMC1724384). Items 1–6 carry 0–10 points each, item 7 carries 0, 4, 7 or 10, and
//! item 8 carries up to 30 points depending on which of its three patterns (A, B, C) applies and how
//! long the person can train.
//!
//! The wording the form renders is in [`items`] ([`Item`], [`Q8Pattern`], [`Q8Minutes`]), the
//! scoring in [`scoring`] ([`VisaA::total`], [`q8_points`]), and how a change between two totals is
//! labelled ([`change()`]) and when the questionnaire is due again ([`is_due`]) in [`change`].
//! It is pure: no I/O, no clock; the web layer parses what the form posts.

pub mod change;
pub mod items;
pub mod scoring;

pub use change::{
    change, is_due, next_due, worse_by_meaningful, Change, INTERVAL_DAYS, MEANINGFUL_CHANGE,
};
pub use items::{
    items, Item, Q8Minutes, Q8Pattern, ITEMS, Q8_INTRO, Q8_MINUTES_FIELD, Q8_MINUTES_QUESTION,
    Q8_PATTERN_FIELD,
};
pub use scoring::{q8_points, VisaA, HEALTHY_TOTAL, MAX_TOTAL};

/// Where the questionnaire comes from, for a footnote.
pub const SOURCE: &str =
    "Robinson JM, Cook JL, Purdam C, et al. The VISA-A questionnaire: a valid and \
reliable index of the clinical severity of Achilles tendinopathy. Br J Sports Med 2001;35:335–341 \
(open access: PMC1724384).";

/// A plain paragraph on what the score means, shown next to the form and the results.
pub const ABOUT: &str =
    "The VISA-A is a short questionnaire about your Achilles: how stiff and sore \
it is, what it lets you do in daily life and how much sport you can manage. It adds up to a score \
from 0 to 100, and higher is better; people without Achilles trouble score about 96 or more. \
Tendo offers it when you start and then every 2 weeks, so you can see the trend. Studies put the \
smallest change that matters to a person somewhere between 6.5 and 16 points, so Tendo calls a \
change of 10 points or more meaningful and records smaller changes without reading much into \
them. The score helps you and your clinician follow your progress.";

#[cfg(test)]
pub(crate) mod testkit {
    use proptest::prelude::*;

    use super::{Q8Minutes, Q8Pattern, VisaA};

    pub(crate) fn visa(q: [u8; 7], pattern: Q8Pattern, minutes: Q8Minutes) -> VisaA {
        match VisaA::new(q, pattern, minutes) {
            Ok(v) => v,
            Err(e) => panic!("valid answers refused: {e}"),
        }
    }

    pub(crate) fn any_visa() -> impl Strategy<Value = VisaA> {
        (
            proptest::array::uniform6(0u8..=10),
            prop::sample::select(vec![0u8, 4, 7, 10]),
            prop::sample::select(Q8Pattern::ALL.to_vec()),
            prop::sample::select(Q8Minutes::ALL.to_vec()),
        )
            .prop_map(|(six, q7, pattern, minutes)| {
                let q = [six[0], six[1], six[2], six[3], six[4], six[5], q7];
                visa(q, pattern, minutes)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_states_the_numbers() {
        for needle in [
            "0 to 100",
            "higher is better",
            "96",
            "6.5",
            "16",
            "10 points",
        ] {
            assert!(ABOUT.contains(needle), "{needle}");
        }
    }
}
