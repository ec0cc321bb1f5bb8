//! The triage form (`POST /triage`): arbitrary (name, value) pairs, decoded from urlencoded bytes
//! exactly as the handler receives them (percent-decoding reaches every string), then
//! `web::triage::parse`. Must never panic; accepted answers must classify without panicking, and
//! any urgent flag must give Refer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tendo::domain::triage::{classify, Flag, TriageOutcome};
use tendo::web::triage;

fuzz_target!(|data: &[u8]| {
    let Ok(pairs) = serde_html_form::from_bytes::<Vec<(String, String)>>(data) else {
        return;
    };
    let (input, parsed) = triage::parse(&pairs);
    let Ok(answers) = parsed else {
        return;
    };
    // Only ticked boxes of the form are kept.
    for name in &input.checked {
        assert!(pairs.iter().any(|(n, v)| n == name && v == "on"));
    }
    let result = classify(&answers);
    let urgent = answers.flags.iter().any(|f| f.is_urgent());
    if urgent {
        assert_eq!(result.outcome, TriageOutcome::Refer, "{answers:?}");
        assert_eq!(result.outcome.plan_type(), None);
    } else {
        assert_ne!(result.outcome, TriageOutcome::Refer, "{answers:?}");
    }
    assert!(!result.reasons.is_empty(), "every result says why");
    let mut flags: Vec<Flag> = result.urgent_flags.clone();
    flags.extend(result.caution_flags.iter().copied());
    assert_eq!(flags.len(), answers.flags.len());
    assert!(result.urgent_flags.iter().all(|f| f.is_urgent()));
    assert!(result.caution_flags.iter().all(|f| !f.is_urgent()));
});
