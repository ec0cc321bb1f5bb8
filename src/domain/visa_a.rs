//! The VISA-A questionnaire (Victorian Institute of Sport Assessment – Achilles).
//!
//! Eight questions scored to a total of 0–100, higher is better (Robinson et al., Br J Sports Med
//! 2001;35:335, PMC1724384). Items 1–6 carry 0–10 points each, item 7 carries 0, 4, 7 or 10, and
//! item 8 carries up to 30 points depending on which of its three patterns (A, B, C) applies and how
//! long the person can train.
//!
//! This module holds the wording the form renders ([`items`], [`Q8Pattern`], [`Q8Minutes`]), the
//! scoring ([`VisaA::total`], [`q8_points`]), parsing of what the form posts ([`parse`]), how a change
//! between two totals is labelled ([`change`]) and when the questionnaire is due again ([`is_due`]).
//! It is pure: no I/O, no clock.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::values::ValueError;

/// Highest possible total.
pub const MAX_TOTAL: u8 = 100;

/// A change of this many points or more, either way, is labelled meaningful.
pub const MEANINGFUL_CHANGE: u8 = 10;

/// Days between offers of the questionnaire (every 2 weeks).
pub const INTERVAL_DAYS: i64 = 14;

/// About the score what healthy people reach: the published control groups scored about 96 or more.
pub const HEALTHY_TOTAL: u8 = 96;

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

/// The questionnaire as the form posts it: every field a string, possibly blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawVisaA {
    pub q1: String,
    pub q2: String,
    pub q3: String,
    pub q4: String,
    pub q5: String,
    pub q6: String,
    pub q7: String,
    pub q8_pattern: String,
    pub q8_minutes: String,
}

impl RawVisaA {
    /// The value typed for a form field, by its name; `""` for an unknown name. Lets a template
    /// refill the form while looping over [`items`].
    pub fn value(&self, field: &str) -> &str {
        match field {
            "q1" => &self.q1,
            "q2" => &self.q2,
            "q3" => &self.q3,
            "q4" => &self.q4,
            "q5" => &self.q5,
            "q6" => &self.q6,
            "q7" => &self.q7,
            Q8_PATTERN_FIELD => &self.q8_pattern,
            Q8_MINUTES_FIELD => &self.q8_minutes,
            _ => "",
        }
    }

    fn item_values(&self) -> [&str; 7] {
        [
            &self.q1, &self.q2, &self.q3, &self.q4, &self.q5, &self.q6, &self.q7,
        ]
    }
}

impl From<&VisaA> for RawVisaA {
    fn from(v: &VisaA) -> RawVisaA {
        let [q1, q2, q3, q4, q5, q6, q7] = v.q.map(|p| p.to_string());
        RawVisaA {
            q1,
            q2,
            q3,
            q4,
            q5,
            q6,
            q7,
            q8_pattern: v.q8_pattern.as_str().to_owned(),
            q8_minutes: v.q8_minutes.as_str().to_owned(),
        }
    }
}

/// Errors of a form, each as `(field name, message for the person)`, in form order.
pub type FieldErrors = Vec<(&'static str, String)>;

fn parse_item(item: &Item, raw: &str) -> Result<u8, String> {
    let n = item.number;
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(format!("Answer question {n}."));
    }
    let Ok(value) = raw.parse::<i64>() else {
        return Err(format!("Choose one of the answers to question {n}."));
    };
    match u8::try_from(value) {
        Ok(points) if item.accepts(points) => Ok(points),
        _ if item.number == 7 => {
            Err("Choose one of the four answers to question 7 (0, 4, 7 or 10 points).".into())
        }
        _ => Err(format!("Question {n} takes 0 to 10 points.")),
    }
}

/// Parses what the form posted, collecting one error per bad field.
pub fn parse(raw: &RawVisaA) -> Result<VisaA, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let mut q = [0u8; 7];
    for ((item, value), slot) in ITEMS.iter().zip(raw.item_values()).zip(q.iter_mut()) {
        match parse_item(item, value) {
            Ok(points) => *slot = points,
            Err(message) => errors.push((item.field, message)),
        }
    }
    let pattern = Q8Pattern::parse(&raw.q8_pattern)
        .map_err(|e| errors.push((Q8_PATTERN_FIELD, e.0)))
        .ok();
    let minutes = Q8Minutes::parse(&raw.q8_minutes)
        .map_err(|e| errors.push((Q8_MINUTES_FIELD, e.0)))
        .ok();
    match (pattern, minutes) {
        (Some(q8_pattern), Some(q8_minutes)) if errors.is_empty() => Ok(VisaA {
            q,
            q8_pattern,
            q8_minutes,
        }),
        _ => Err(errors),
    }
}

/// How a total moved from one questionnaire to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Current minus previous; positive is better.
    pub delta: i16,
    /// Whether `|delta|` reaches [`MEANINGFUL_CHANGE`].
    pub meaningful: bool,
    /// Words for the person, e.g. "Meaningful improvement of 12 points".
    pub label: String,
}

impl Change {
    pub fn is_meaningful_improvement(&self) -> bool {
        self.meaningful && self.delta > 0
    }

    pub fn is_meaningful_worsening(&self) -> bool {
        self.meaningful && self.delta < 0
    }
}

fn points_word(n: u16) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// Compares two totals (previous, then current).
pub fn change(previous: u8, current: u8) -> Change {
    let delta = i16::from(current) - i16::from(previous);
    let size = delta.unsigned_abs();
    let meaningful = size >= u16::from(MEANINGFUL_CHANGE);
    let label = match (meaningful, delta.signum()) {
        (true, 1) => format!("Meaningful improvement of {}", points_word(size)),
        (true, _) => format!("Meaningful worsening of {}", points_word(size)),
        (false, 1) => format!(
            "Up {} (recorded, not a meaningful change)",
            points_word(size)
        ),
        (false, -1) => format!(
            "Down {} (recorded, not a meaningful change)",
            points_word(size)
        ),
        (false, _) => "No change in score (recorded, not a meaningful change)".to_owned(),
    };
    Change {
        delta,
        meaningful,
        label,
    }
}

/// Whether the current total is worse than the previous one by a meaningful margin.
pub fn worse_by_meaningful(previous: u8, current: u8) -> bool {
    previous.saturating_sub(current) >= MEANINGFUL_CHANGE
}

/// Whether the questionnaire should be offered today: always when it was never taken, then once
/// [`INTERVAL_DAYS`] or more days have passed since it was last taken.
pub fn is_due(last_taken: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last_taken {
        None => true,
        Some(last) => today.signed_duration_since(last).num_days() >= INTERVAL_DAYS,
    }
}

/// The first day the questionnaire is due again after being taken on `last_taken`
/// (`None` only at the far end of the calendar).
pub fn next_due(last_taken: NaiveDate) -> Option<NaiveDate> {
    last_taken.checked_add_signed(TimeDelta::try_days(INTERVAL_DAYS)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw(q: [&str; 7], pattern: &str, minutes: &str) -> RawVisaA {
        RawVisaA {
            q1: q[0].into(),
            q2: q[1].into(),
            q3: q[2].into(),
            q4: q[3].into(),
            q5: q[4].into(),
            q6: q[5].into(),
            q7: q[6].into(),
            q8_pattern: pattern.into(),
            q8_minutes: minutes.into(),
        }
    }

    fn visa(q: [u8; 7], pattern: Q8Pattern, minutes: Q8Minutes) -> VisaA {
        match VisaA::new(q, pattern, minutes) {
            Ok(v) => v,
            Err(e) => panic!("valid answers refused: {e}"),
        }
    }

    fn errors_of(raw: &RawVisaA) -> FieldErrors {
        match parse(raw) {
            Ok(v) => panic!("expected errors, parsed {v:?}"),
            Err(errors) => errors,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// Total of answers where only item `number` scores, with item 8 at nil.
    fn only_item(number: usize, points: &str) -> u8 {
        let mut q = ["0"; 7];
        q[number - 1] = points;
        match parse(&raw(q, "A", "0")) {
            Ok(v) => v.total(),
            Err(e) => panic!("{e:?}"),
        }
    }

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
    fn item_1_counts_a_point_per_ten_minutes_of_stiffness() {
        let item = &ITEMS[0];
        assert_eq!(item.option_label(0), Some("100 min or more"));
        assert_eq!(item.option_label(7), Some("30 min"));
        assert_eq!(item.option_label(10), Some("0 min"));
        // 30 minutes of morning stiffness scores 7.
        assert_eq!(only_item(1, "7"), 7);
        assert_eq!(only_item(1, "0"), 0);
    }

    #[test]
    fn items_2_to_5_score_ten_for_no_pain() {
        for (n, item) in ITEMS.iter().enumerate().take(5).skip(1) {
            assert_eq!(item.low_label, "Strong, severe pain");
            assert_eq!(item.high_label, "No pain");
            assert_eq!(only_item(n + 1, "10"), 10);
            assert_eq!(only_item(n + 1, "3"), 3);
        }
        assert!(ITEMS[1].question.contains("edge of a step"));
        assert!(ITEMS[1].question.contains("knee is straight"));
        assert!(ITEMS[2].question.contains("6 minutes"));
        assert!(ITEMS[3].question.contains("downstairs"));
        assert!(ITEMS[4].question.contains("10 single-leg heel raises"));
    }

    #[test]
    fn item_6_scores_a_point_per_pain_free_hop() {
        assert!(ITEMS[5].question.contains("hops"));
        assert_eq!(only_item(6, "6"), 6);
        assert_eq!(only_item(6, "10"), 10);
    }

    #[test]
    fn item_7_scores_0_4_7_10() {
        assert_eq!(only_item(7, "0"), 0);
        assert_eq!(only_item(7, "4"), 4);
        assert_eq!(only_item(7, "7"), 7);
        assert_eq!(only_item(7, "10"), 10);
        assert_eq!(ITEMS[6].option_label(0), Some("Not at all"));
        assert_eq!(Q8Minutes::Nil.label(), "NIL (0 min)");
        // Published wording (Robinson et al. 2001, appendix).
        assert!(ITEMS[0]
            .question
            .contains("stiffness in the Achilles region on first"));
        assert!(ITEMS[2].question.contains("within the next 24 hours"));
        assert!(ITEMS[3].question.contains("normal gait cycle"));
        assert!(ITEMS[4].question.contains("during or immediately after"));
        assert!(ITEMS[6].question.contains("currently undertaking sport"));
        assert!(Q8Pattern::A
            .label()
            .contains("Achilles tendon loading sports"));
        assert!(ITEMS[6]
            .option_label(4)
            .is_some_and(|l| l.starts_with("Modified training")));
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

    #[test]
    fn totals_reach_zero_and_one_hundred() {
        assert_eq!(visa([0; 7], Q8Pattern::C, Q8Minutes::Nil).total(), 0);
        assert_eq!(
            visa([10; 7], Q8Pattern::A, Q8Minutes::OverThirty).total(),
            100
        );
        let best = parse(&raw(["10"; 7], "A", "31+"));
        assert_eq!(best.map(|v| v.total()), Ok(100));
    }

    #[test]
    fn worked_example_adds_every_item() {
        // 7+6+8+5+4+3+4 = 37, plus B at 11-20 min = 10.
        let v = parse(&raw(["7", "6", "8", "5", "4", "3", "4"], "B", "11-20"));
        assert_eq!(v.map(|v| (v.q8_points(), v.total())), Ok((10, 47)));
    }

    #[test]
    fn parse_trims_and_refills() {
        let r = raw([" 7 ", "6", "8", "5", "4", "3", "4"], " b ", " 11-20");
        let v = match parse(&r) {
            Ok(v) => v,
            Err(e) => panic!("{e:?}"),
        };
        let back = RawVisaA::from(&v);
        assert_eq!(back.value("q1"), "7");
        assert_eq!(back.value("q8_pattern"), "B");
        assert_eq!(back.value("q8_minutes"), "11-20");
        assert_eq!(back.value("nope"), "");
        assert_eq!(parse(&back), Ok(v));
    }

    #[test]
    fn blank_form_has_one_error_per_field() {
        let errors = errors_of(&RawVisaA::default());
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "q1",
                "q2",
                "q3",
                "q4",
                "q5",
                "q6",
                "q7",
                "q8_pattern",
                "q8_minutes"
            ]
        );
        assert_eq!(errors[0].1, "Answer question 1.");
    }

    #[test]
    fn each_bad_field_is_named() {
        let errors = errors_of(&raw(["abc", "11", "-1", "2.5", "4", "", "5"], "D", "45"));
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "q1",
                "q2",
                "q3",
                "q4",
                "q6",
                "q7",
                "q8_pattern",
                "q8_minutes"
            ]
        );
        assert_eq!(errors[0].1, "Choose one of the answers to question 1.");
        assert_eq!(errors[1].1, "Question 2 takes 0 to 10 points.");
        assert_eq!(errors[2].1, "Question 3 takes 0 to 10 points.");
        assert_eq!(errors[4].1, "Answer question 6.");
    }

    #[test]
    fn q7_rejects_points_it_does_not_offer() {
        for bad in ["5", "1", "11"] {
            let errors = errors_of(&raw(["0", "0", "0", "0", "0", "0", bad], "A", "0"));
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].0, "q7");
            assert!(errors[0].1.contains("0, 4, 7 or 10"));
        }
        assert!(VisaA::new([0, 0, 0, 0, 0, 0, 5], Q8Pattern::A, Q8Minutes::Nil).is_err());
        assert!(VisaA::new([11, 0, 0, 0, 0, 0, 0], Q8Pattern::A, Q8Minutes::Nil).is_err());
    }

    #[test]
    fn only_item_8_can_be_wrong() {
        let errors = errors_of(&raw(["0"; 7], "", "0"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "q8_pattern");
        let errors = errors_of(&raw(["0"; 7], "A", ""));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "q8_minutes");
    }

    #[test]
    fn change_labels() {
        let up9 = change(50, 59);
        assert_eq!(up9.delta, 9);
        assert!(!up9.meaningful);
        assert_eq!(up9.label, "Up 9 points (recorded, not a meaningful change)");

        let up10 = change(50, 60);
        assert!(up10.meaningful);
        assert!(up10.is_meaningful_improvement());
        assert_eq!(up10.label, "Meaningful improvement of 10 points");

        assert_eq!(change(40, 52).label, "Meaningful improvement of 12 points");

        let down10 = change(60, 50);
        assert_eq!(down10.delta, -10);
        assert!(down10.is_meaningful_worsening());
        assert_eq!(down10.label, "Meaningful worsening of 10 points");

        let down9 = change(60, 51);
        assert!(!down9.meaningful);
        assert_eq!(
            down9.label,
            "Down 9 points (recorded, not a meaningful change)"
        );
        assert_eq!(
            change(60, 59).label,
            "Down 1 point (recorded, not a meaningful change)"
        );
        assert_eq!(
            change(60, 60).label,
            "No change in score (recorded, not a meaningful change)"
        );
        assert_eq!(change(0, 100).delta, 100);
        assert_eq!(change(100, 0).delta, -100);
    }

    #[test]
    fn worse_by_meaningful_needs_a_ten_point_drop() {
        assert!(worse_by_meaningful(60, 50));
        assert!(!worse_by_meaningful(60, 51));
        assert!(!worse_by_meaningful(50, 70));
    }

    #[test]
    fn due_at_start_and_every_two_weeks() {
        let today = date(2025, 3, 15);
        assert!(is_due(None, today));
        assert!(!is_due(Some(date(2025, 3, 2)), today)); // 13 days
        assert!(is_due(Some(date(2025, 3, 1)), today)); // 14 days
        assert!(is_due(Some(date(2025, 2, 1)), today));
        assert!(!is_due(Some(today), today));
        assert!(!is_due(Some(date(2025, 3, 20)), today)); // recorded in the future
        assert_eq!(next_due(date(2025, 3, 1)), Some(today));
    }

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

    fn any_visa() -> impl Strategy<Value = VisaA> {
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

        #[test]
        fn form_round_trips(v in any_visa()) {
            prop_assert_eq!(parse(&RawVisaA::from(&v)), Ok(v));
        }

        #[test]
        fn change_is_meaningful_exactly_at_ten(a in 0u8..=100, b in 0u8..=100) {
            let c = change(a, b);
            prop_assert_eq!(i16::from(a) + c.delta, i16::from(b));
            prop_assert_eq!(c.meaningful, a.abs_diff(b) >= MEANINGFUL_CHANGE);
            prop_assert_eq!(worse_by_meaningful(a, b), c.is_meaningful_worsening());
        }
    }
}
