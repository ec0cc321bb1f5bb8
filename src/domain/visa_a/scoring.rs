//! Scoring: item 8's points from its pattern and time band, and the total of 0–100.

use serde::Serialize;

use super::items::{Q8Minutes, Q8Pattern, ITEMS};
use crate::domain::values::ValueError;

/// Highest possible total.
pub const MAX_TOTAL: u8 = 100;

/// About the score what healthy people reach: the published control groups scored about 96 or more.
pub const HEALTHY_TOTAL: u8 = 96;

/// Points item 8 gives for a pattern and a time band.
///
/// | band | A | B | C |
/// |---|---|---|---|
/// | nil | 0 | 0 | 0 |
/// | 1–10 min | 7 | 4 | 2 |
/// | 11–20 min | 14 | 10 | 5 |
/// | 21–30 min | 21 | 14 | 7 |
/// | more than 30 min | 30 | 20 | 10 |
pub fn q8_points(pattern: Q8Pattern, minutes: Q8Minutes) -> u8 {
    use Q8Minutes as M;
    use Q8Pattern as P;
    match (pattern, minutes) {
        (_, M::Nil) => 0,
        (P::A, M::OneToTen) => 7,
        (P::A, M::ElevenToTwenty) => 14,
        (P::A, M::TwentyOneToThirty) => 21,
        (P::A, M::OverThirty) => 30,
        (P::B, M::OneToTen) => 4,
        (P::B, M::ElevenToTwenty) => 10,
        (P::B, M::TwentyOneToThirty) => 14,
        (P::B, M::OverThirty) => 20,
        (P::C, M::OneToTen) => 2,
        (P::C, M::ElevenToTwenty) => 5,
        (P::C, M::TwentyOneToThirty) => 7,
        (P::C, M::OverThirty) => 10,
    }
}

/// A complete, valid set of answers. Items 1–6 hold 0–10 and item 7 one of 0, 4, 7, 10; the fields
/// are private so no value can break that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct VisaA {
    q: [u8; 7],
    q8_pattern: Q8Pattern,
    q8_minutes: Q8Minutes,
}

impl VisaA {
    /// Builds answers from stored points (`q[0]` is item 1), refusing points an item does not offer.
    pub fn new(
        q: [u8; 7],
        q8_pattern: Q8Pattern,
        q8_minutes: Q8Minutes,
    ) -> Result<VisaA, ValueError> {
        for (item, &points) in ITEMS.iter().zip(q.iter()) {
            if !item.accepts(points) {
                return Err(ValueError(format!(
                    "{points} points is not an answer to question {}.",
                    item.number
                )));
            }
        }
        Ok(VisaA {
            q,
            q8_pattern,
            q8_minutes,
        })
    }

    /// Points of items 1–7 (`[0]` is item 1).
    pub fn answers(&self) -> [u8; 7] {
        self.q
    }

    /// Points of item `number` (1–8); `None` for any other number.
    pub fn item_points(&self, number: u8) -> Option<u8> {
        match number {
            1..=7 => self.q.get(usize::from(number - 1)).copied(),
            8 => Some(self.q8_points()),
            _ => None,
        }
    }

    pub fn q8_pattern(&self) -> Q8Pattern {
        self.q8_pattern
    }

    pub fn q8_minutes(&self) -> Q8Minutes {
        self.q8_minutes
    }

    /// Points of item 8.
    pub fn q8_points(&self) -> u8 {
        q8_points(self.q8_pattern, self.q8_minutes)
    }

    /// The VISA-A score, 0–100.
    pub fn total(&self) -> u8 {
        // Items 1–7 give at most 70 and item 8 at most 30, so this never saturates.
        self.q
            .iter()
            .fold(self.q8_points(), |sum, &points| sum.saturating_add(points))
            .min(MAX_TOTAL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visa_a::testkit::any_visa;
    use proptest::prelude::*;

    proptest! {

        #[test]
        fn total_is_the_sum_of_its_parts(v in any_visa()) {
            let parts: u16 = v.answers().iter().map(|&p| u16::from(p)).sum::<u16>()
                + u16::from(v.q8_points());
            prop_assert!(v.total() <= MAX_TOTAL);
            prop_assert_eq!(u16::from(v.total()), parts);
            let by_item: u16 = (1..=8).filter_map(|n| v.item_points(n)).map(u16::from).sum();
            prop_assert_eq!(by_item, parts);
        }
    }
}
