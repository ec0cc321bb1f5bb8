//! The VISA-A questionnaire: arbitrary `RawVisaA` field strings, then `web::visa::form::parse`.
//! Must never panic; an accepted questionnaire totals at most 100, and the total is the sum of
//! its eight items' points.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tendo::domain::visa_a::{ITEMS, MAX_TOTAL};
use tendo::web::visa::form::{self as visa_a, RawVisaA};

/// One field: mostly well-formed answers (so the fuzzer reaches the accepting paths quickly),
/// sometimes any string at all.
#[derive(Debug, Arbitrary)]
enum Field {
    /// A number, possibly out of range, possibly padded.
    Number(i16, bool),
    /// One of item 8's pattern or band values, by index.
    Choice(u8),
    /// Anything.
    Text(String),
}

const CHOICES: [&str; 13] = [
    "A", "B", "C", "a", "c", "0", "1-10", "11-20", "21-30", "31+", "", " ", "31 +",
];

impl Field {
    fn text(self) -> String {
        match self {
            Field::Number(n, padded) if padded => format!(" {n} "),
            Field::Number(n, _) => n.to_string(),
            Field::Choice(i) => CHOICES[usize::from(i) % CHOICES.len()].to_string(),
            Field::Text(s) => s,
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Form {
    q: [Field; 7],
    q8_pattern: Field,
    q8_minutes: Field,
}

fuzz_target!(|form: Form| {
    let [q1, q2, q3, q4, q5, q6, q7] = form.q.map(Field::text);
    let raw = RawVisaA {
        q1,
        q2,
        q3,
        q4,
        q5,
        q6,
        q7,
        q8_pattern: form.q8_pattern.text(),
        q8_minutes: form.q8_minutes.text(),
    };
    let v = match visa_a::parse(&raw) {
        Ok(v) => v,
        Err(errors) => {
            assert!(!errors.is_empty(), "a refusal names a field");
            return;
        }
    };
    let total = v.total();
    assert!(total <= MAX_TOTAL);
    let sum: u32 = (1..=8)
        .map(|n| u32::from(v.item_points(n).expect("items 1-8 have points")))
        .sum();
    assert_eq!(u32::from(total), sum, "{v:?}");
    assert_eq!(v.item_points(0), None);
    assert_eq!(v.item_points(9), None);
    for (item, points) in ITEMS.iter().zip(v.answers()) {
        assert!(item.accepts(points));
    }
    assert!(v.q8_points() <= v.q8_pattern().max_points());
    // The form refilled from the stored answers parses back to the same answers.
    assert_eq!(visa_a::parse(&RawVisaA::from(&v)).ok(), Some(v));
});
