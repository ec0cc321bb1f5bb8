//! The questionnaire's wording: items 1–7 with their answers, and item 8's patterns and time bands.

use serde::{Deserialize, Serialize};

use super::scoring::q8_points;
use crate::domain::values::ValueError;

/// One of items 1–7, as the form shows it.
///
/// `options` lists every answer the item accepts as `(points, label)`, lowest points first; the
/// form posts the points. `low_label` and `high_label` describe the two ends of the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// 1–7.
    pub number: u8,
    /// Form field name (`q1`…`q7`).
    pub field: &'static str,
    pub question: &'static str,
    /// What 0 points means.
    pub low_label: &'static str,
    /// What the most points mean.
    pub high_label: &'static str,
    pub options: &'static [(u8, &'static str)],
}

impl Item {
    /// Whether `points` is one of this item's answers.
    pub fn accepts(&self, points: u8) -> bool {
        self.options.iter().any(|&(p, _)| p == points)
    }

    /// The label of the answer worth `points`, if it is one.
    pub fn option_label(&self, points: u8) -> Option<&'static str> {
        self.options
            .iter()
            .find(|&&(p, _)| p == points)
            .map(|&(_, label)| label)
    }
}

/// Item 1: each 10 minutes of stiffness costs a point.
const STIFFNESS_OPTIONS: &[(u8, &str)] = &[
    (0, "100 min or more"),
    (1, "90 min"),
    (2, "80 min"),
    (3, "70 min"),
    (4, "60 min"),
    (5, "50 min"),
    (6, "40 min"),
    (7, "30 min"),
    (8, "20 min"),
    (9, "10 min"),
    (10, "0 min"),
];

/// Items 2–6: the points themselves; the ends are described by the item's low and high labels.
const ZERO_TO_TEN: &[(u8, &str)] = &[
    (0, "0"),
    (1, "1"),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, "5"),
    (6, "6"),
    (7, "7"),
    (8, "8"),
    (9, "9"),
    (10, "10"),
];

// Item 7's answers as on the published form (Robinson et al. 2001, appendix): "Not at all";
// "Modified training ± modified competition"; "Full training ± competition but not at same level
// as when symptoms began"; "Competing at the same or higher level as when symptoms began". Only
// "±" is written out as "with or without".
const ACTIVITY_OPTIONS: &[(u8, &str)] = &[
    (0, "Not at all"),
    (4, "Modified training with or without modified competition"),
    (
        7,
        "Full training with or without competition, but not at the same level as when symptoms began",
    ),
    (
        10,
        "Competing at the same or a higher level as when symptoms began",
    ),
];

const PAIN_LOW: &str = "Strong, severe pain";
const PAIN_HIGH: &str = "No pain";

/// Items 1–7 in order.
pub const ITEMS: [Item; 7] = [
    Item {
        number: 1,
        field: "q1",
        // Published wording (Robinson et al. 2001, appendix, item 1), unchanged.
        question: "For how many minutes do you have stiffness in the Achilles region on first \
                   getting up?",
        low_label: "100 min or more",
        high_label: "0 min",
        options: STIFFNESS_OPTIONS,
    },
    Item {
        number: 2,
        field: "q2",
        // Published wording (item 2); "(making sure knee is straight)" given "your".
        question: "Once you are warmed up for the day, do you have pain when stretching the \
                   Achilles tendon fully over the edge of a step (making sure your knee is \
                   straight)?",
        low_label: PAIN_LOW,
        high_label: PAIN_HIGH,
        options: ZERO_TO_TEN,
    },
    Item {
        number: 3,
        field: "q3",
        // Published wording (item 3), unchanged.
        question: "After walking on flat ground for 6 minutes, do you have any pain within the \
                   next 24 hours?",
        low_label: PAIN_LOW,
        high_label: PAIN_HIGH,
        options: ZERO_TO_TEN,
    },
    Item {
        number: 4,
        field: "q4",
        // Published wording (item 4), unchanged: "gait cycle" means your usual way of walking.
        question: "Do you have pain walking downstairs with a normal gait cycle?",
        low_label: PAIN_LOW,
        high_label: PAIN_HIGH,
        options: ZERO_TO_TEN,
    },
    Item {
        number: 5,
        field: "q5",
        // Published wording (item 5); "10 (single leg) heel raises" written without brackets.
        question: "Do you have pain during or immediately after doing 10 single-leg heel raises \
                   from a flat surface?",
        low_label: PAIN_LOW,
        high_label: PAIN_HIGH,
        options: ZERO_TO_TEN,
    },
    Item {
        number: 6,
        field: "q6",
        // Published wording (item 6), unchanged.
        question: "How many single-leg hops can you do without pain?",
        low_label: "0 hops",
        high_label: "10 hops",
        options: ZERO_TO_TEN,
    },
    Item {
        number: 7,
        field: "q7",
        // Published wording (item 7), unchanged.
        question: "Are you currently undertaking sport or other physical activity?",
        low_label: "Not at all",
        high_label: "Competing at the same or a higher level as when symptoms began",
        options: ACTIVITY_OPTIONS,
    },
];

/// Items 1–7 in order, for rendering the form.
pub fn items() -> &'static [Item] {
    &ITEMS
}

/// Form field name of item 8's pattern.
pub const Q8_PATTERN_FIELD: &str = "q8_pattern";
/// Form field name of item 8's time band.
pub const Q8_MINUTES_FIELD: &str = "q8_minutes";

/// Item 8's heading: choose exactly one pattern, then one time band.
pub const Q8_INTRO: &str = "Question 8 has three versions; answer only the one that fits you when \
you do sport that loads the Achilles tendon, such as running. First choose A, B or C, then how \
long you can train or practise.";

/// Item 8's question about time, asked whichever pattern applies.
pub const Q8_MINUTES_QUESTION: &str = "For how long can you train or practise?";

/// Item 8's three patterns: how Achilles pain behaves during Achilles-loading sport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Q8Pattern {
    /// No pain while training (up to 30 points).
    A,
    /// Pain while training, but it does not stop the session (up to 20 points).
    B,
    /// Pain that stops the session (up to 10 points).
    C,
}

impl Q8Pattern {
    pub const ALL: [Q8Pattern; 3] = [Q8Pattern::A, Q8Pattern::B, Q8Pattern::C];

    /// The form value (`A`, `B`, `C`).
    pub fn as_str(self) -> &'static str {
        match self {
            Q8Pattern::A => "A",
            Q8Pattern::B => "B",
            Q8Pattern::C => "C",
        }
    }

    pub fn parse(raw: &str) -> Result<Q8Pattern, ValueError> {
        match raw.trim() {
            "A" | "a" => Ok(Q8Pattern::A),
            "B" | "b" => Ok(Q8Pattern::B),
            "C" | "c" => Ok(Q8Pattern::C),
            "" => Err(ValueError(
                "Choose A, B or C for question 8: which one describes you?".into(),
            )),
            _ => Err(ValueError(
                "Choose A, B or C for question 8 from the list.".into(),
            )),
        }
    }

    /// The statement the person picks: the published item 8's three conditions ("If you have no
    /// pain while undertaking Achilles tendon loading sports …", "… some pain … but it does not
    /// stop you from completing your training/practice …", "… pain which stops you from
    /// completing your training/practice …", Robinson et al. 2001, appendix), as first-person
    /// statements.
    pub fn label(self) -> &'static str {
        match self {
            Q8Pattern::A => "A. I have no pain while undertaking Achilles tendon loading sports.",
            Q8Pattern::B => {
                "B. I have some pain while undertaking Achilles tendon loading sports, but it \
                 does not stop me from completing my training or practice."
            }
            Q8Pattern::C => {
                "C. I have pain that stops me from completing my training or practice in \
                 Achilles tendon loading sports."
            }
        }
    }

    /// Most points item 8 can give under this pattern (30, 20, 10).
    pub fn max_points(self) -> u8 {
        q8_points(self, Q8Minutes::OverThirty)
    }
}

/// Item 8's time bands: how long the person can train or practise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Q8Minutes {
    #[serde(rename = "0")]
    Nil,
    #[serde(rename = "1-10")]
    OneToTen,
    #[serde(rename = "11-20")]
    ElevenToTwenty,
    #[serde(rename = "21-30")]
    TwentyOneToThirty,
    #[serde(rename = "31+")]
    OverThirty,
}

impl Q8Minutes {
    pub const ALL: [Q8Minutes; 5] = [
        Q8Minutes::Nil,
        Q8Minutes::OneToTen,
        Q8Minutes::ElevenToTwenty,
        Q8Minutes::TwentyOneToThirty,
        Q8Minutes::OverThirty,
    ];

    /// The form value (`0`, `1-10`, `11-20`, `21-30`, `31+`).
    pub fn as_str(self) -> &'static str {
        match self {
            Q8Minutes::Nil => "0",
            Q8Minutes::OneToTen => "1-10",
            Q8Minutes::ElevenToTwenty => "11-20",
            Q8Minutes::TwentyOneToThirty => "21-30",
            Q8Minutes::OverThirty => "31+",
        }
    }

    pub fn parse(raw: &str) -> Result<Q8Minutes, ValueError> {
        match raw.trim() {
            "0" => Ok(Q8Minutes::Nil),
            "1-10" => Ok(Q8Minutes::OneToTen),
            "11-20" => Ok(Q8Minutes::ElevenToTwenty),
            "21-30" => Ok(Q8Minutes::TwentyOneToThirty),
            "31+" => Ok(Q8Minutes::OverThirty),
            "" => Err(ValueError(
                "Choose how long you can train or practise (question 8).".into(),
            )),
            _ => Err(ValueError(
                "Choose one of the listed times for question 8.".into(),
            )),
        }
    }

    /// The label shown next to the choice: the published bands "NIL", "1–10 mins", "11–20 mins",
    /// "21–30 mins", ">30 mins" (Robinson et al. 2001, appendix, item 8), with the minutes of NIL
    /// spelled out.
    pub fn label(self) -> &'static str {
        match self {
            Q8Minutes::Nil => "NIL (0 min)",
            Q8Minutes::OneToTen => "1–10 min",
            Q8Minutes::ElevenToTwenty => "11–20 min",
            Q8Minutes::TwentyOneToThirty => "21–30 min",
            Q8Minutes::OverThirty => "More than 30 min",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visa_a::testkit::visa;

    #[test]
    fn items_are_numbered_and_named_in_order() {
        let fields: Vec<_> = items().iter().map(|i| (i.number, i.field)).collect();
        assert_eq!(
            fields,
            vec![
                (1, "q1"),
                (2, "q2"),
                (3, "q3"),
                (4, "q4"),
                (5, "q5"),
                (6, "q6"),
                (7, "q7")
            ]
        );
        for item in &items()[..6] {
            let points: Vec<u8> = item.options.iter().map(|&(p, _)| p).collect();
            assert_eq!(
                points,
                (0..=10).collect::<Vec<u8>>(),
                "item {}",
                item.number
            );
        }
        let q7: Vec<u8> = ITEMS[6].options.iter().map(|&(p, _)| p).collect();
        assert_eq!(q7, vec![0, 4, 7, 10]);
    }

    #[test]
    fn item_8_has_all_fifteen_cells() {
        use Q8Minutes as M;
        use Q8Pattern as P;
        let cells = [
            (P::A, [0, 7, 14, 21, 30]),
            (P::B, [0, 4, 10, 14, 20]),
            (P::C, [0, 2, 5, 7, 10]),
        ];
        for (pattern, expected) in cells {
            for (minutes, points) in M::ALL.into_iter().zip(expected) {
                assert_eq!(
                    q8_points(pattern, minutes),
                    points,
                    "{pattern:?} {minutes:?}"
                );
                let v = visa([0; 7], pattern, minutes);
                assert_eq!(v.q8_points(), points);
                assert_eq!(v.total(), points);
                assert_eq!(v.item_points(8), Some(points));
            }
        }
        assert_eq!(P::A.max_points(), 30);
        assert_eq!(P::B.max_points(), 20);
        assert_eq!(P::C.max_points(), 10);
    }

    #[test]
    fn item_8_values_round_trip() {
        for p in Q8Pattern::ALL {
            assert_eq!(Q8Pattern::parse(p.as_str()), Ok(p));
            assert!(!p.label().is_empty());
        }
        let forms: Vec<_> = Q8Minutes::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(forms, vec!["0", "1-10", "11-20", "21-30", "31+"]);
        for m in Q8Minutes::ALL {
            assert_eq!(Q8Minutes::parse(m.as_str()), Ok(m));
        }
        assert!(Q8Minutes::parse("30").is_err());
        assert!(Q8Pattern::parse("D").is_err());
    }
}
