//! What the VISA-A form posts, and its parsing into a [`VisaA`] with one error per bad field.

use serde::{Deserialize, Serialize};

use crate::domain::visa_a::{
    Item, Q8Minutes, Q8Pattern, VisaA, ITEMS, Q8_MINUTES_FIELD, Q8_PATTERN_FIELD,
};

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
        let [q1, q2, q3, q4, q5, q6, q7] = v.answers().map(|p| p.to_string());
        RawVisaA {
            q1,
            q2,
            q3,
            q4,
            q5,
            q6,
            q7,
            q8_pattern: v.q8_pattern().as_str().to_owned(),
            q8_minutes: v.q8_minutes().as_str().to_owned(),
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
        // Every item was checked above, so the answers are valid.
        (Some(q8_pattern), Some(q8_minutes)) if errors.is_empty() => {
            VisaA::new(q, q8_pattern, q8_minutes).map_err(|e| vec![(ITEMS[0].field, e.0)])
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visa_a::testkit::{any_visa, visa};
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

    fn errors_of(raw: &RawVisaA) -> FieldErrors {
        match parse(raw) {
            Ok(v) => panic!("expected errors, parsed {v:?}"),
            Err(errors) => errors,
        }
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
    proptest! {

        #[test]
        fn form_round_trips(v in any_visa()) {
            prop_assert_eq!(parse(&RawVisaA::from(&v)), Ok(v));
        }
    }
}
