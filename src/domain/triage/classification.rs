//! Classification (DESIGN 2.1): the answers decide the type, or refer the runner to a clinician.

use serde::{Deserialize, Serialize};

use super::questions::{Flag, Location, Sign, TriageAnswers};
use crate::domain::values::{TendinopathyType, ValueError};

/// How many more matching signs one type needs than the other when the runner is unsure where
/// it hurts.
pub const UNSURE_MARGIN: usize = 2;

/// How the tendinopathy type is named inside a sentence.
fn type_words(kind: TendinopathyType) -> &'static str {
    match kind {
        TendinopathyType::Insertional => "insertional",
        TendinopathyType::Midportion => "mid-portion",
    }
}

fn other_type(kind: TendinopathyType) -> TendinopathyType {
    match kind {
        TendinopathyType::Insertional => TendinopathyType::Midportion,
        TendinopathyType::Midportion => TendinopathyType::Insertional,
    }
}

/// What the triage concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TriageOutcome {
    /// Insertional tendinopathy: the insertional plan applies.
    Insertional,
    /// Mid-portion tendinopathy: the mid-portion plan applies.
    Midportion,
    /// Pain in both places: no automatic plan.
    Mixed,
    /// Location unsure and no clear lead in the signs: no automatic plan.
    Unclear,
    /// An urgent red flag: no plan until a clinician has assessed the runner.
    Refer,
}

impl TriageOutcome {
    /// Every outcome.
    pub const ALL: [TriageOutcome; 5] = [
        TriageOutcome::Insertional,
        TriageOutcome::Midportion,
        TriageOutcome::Mixed,
        TriageOutcome::Unclear,
        TriageOutcome::Refer,
    ];

    /// The storage value and the `data-triage` attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            TriageOutcome::Insertional => "insertional",
            TriageOutcome::Midportion => "midportion",
            TriageOutcome::Mixed => "mixed",
            TriageOutcome::Unclear => "unclear",
            TriageOutcome::Refer => "refer",
        }
    }

    /// Reads a stored value.
    pub fn parse(raw: &str) -> Result<TriageOutcome, ValueError> {
        let raw = raw.trim();
        TriageOutcome::ALL
            .into_iter()
            .find(|o| o.as_str() == raw)
            .ok_or_else(|| ValueError(format!("\"{raw}\" is not a triage result.")))
    }

    /// A short heading for the result.
    pub fn label(self) -> &'static str {
        match self {
            TriageOutcome::Insertional => "Likely insertional Achilles tendinopathy",
            TriageOutcome::Midportion => "Likely mid-portion Achilles tendinopathy",
            TriageOutcome::Mixed => "A mixed picture: both areas may be involved",
            TriageOutcome::Unclear => "Not clear yet which type this is",
            TriageOutcome::Refer => "Get assessed before you start",
        }
    }

    /// The plan the outcome leads to by itself, if any (mixed, unclear and refer have none).
    pub fn plan_type(self) -> Option<TendinopathyType> {
        match self {
            TriageOutcome::Insertional => Some(TendinopathyType::Insertional),
            TriageOutcome::Midportion => Some(TendinopathyType::Midportion),
            TriageOutcome::Mixed | TriageOutcome::Unclear | TriageOutcome::Refer => None,
        }
    }
}

/// The result of a triage, with the reasons behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageResult {
    pub outcome: TriageOutcome,
    /// The answers that led to the outcome, one plain sentence or two each; never empty.
    pub reasons: Vec<String>,
    /// Ticked signs that point the other way, each explained.
    pub counter_signs: Vec<String>,
    /// Urgent flags ticked (any one means [`TriageOutcome::Refer`]).
    pub urgent_flags: Vec<Flag>,
    /// Caution flags ticked; the plan is given with a banner to involve a clinician.
    pub caution_flags: Vec<Flag>,
    /// How many insertional signs were ticked.
    pub insertional_signs: usize,
    /// How many mid-portion signs were ticked.
    pub midportion_signs: usize,
}

impl TriageResult {
    /// Whether a caution banner belongs next to the result.
    pub fn has_caution(&self) -> bool {
        !self.caution_flags.is_empty()
    }

    /// One or two plain sentences: what the result means and what to do next.
    pub fn summary(&self) -> &'static str {
        match self.outcome {
            TriageOutcome::Insertional => {
                "Your answers fit insertional Achilles tendinopathy, where the tendon joins the heel bone. Your plan starts with holds at the top of the calf raise and slow tempo raises, and hurdle jumps follow once their gate opens."
            }
            TriageOutcome::Midportion => {
                "Your answers fit mid-portion Achilles tendinopathy, in the tendon itself above the heel bone. Your plan combines holds at about half raise height with weighted single-leg calf raises."
            }
            TriageOutcome::Mixed => {
                "You feel pain in both areas, so Tendo will not choose a plan for you. Pick the plan that fits you best, or ask a linked clinician to confirm the type."
            }
            TriageOutcome::Unclear => {
                "Your answers do not point clearly to one type, so Tendo will not choose a plan for you. Pick the plan that fits you best, or ask a linked clinician to confirm the type."
            }
            TriageOutcome::Refer => {
                "Some of your answers can be a sign of something more serious than tendon overload, so Tendo gives no exercise plan for now. Have a doctor or physiotherapist examine you before you start."
            }
        }
    }
}

/// A ticked sign as a reason for the type it is typical of.
fn sign_reason(sign: Sign) -> String {
    format!(
        "{} This is typical of {} tendinopathy.",
        sign.statement(),
        type_words(sign.points_to())
    )
}

/// A ticked sign that points away from the outcome.
fn counter_reason(sign: Sign) -> String {
    format!(
        "{} That usually points to {} tendinopathy instead.",
        sign.statement(),
        type_words(sign.points_to())
    )
}

/// Classifies the answers by DESIGN 2.1.
///
/// Any urgent flag gives [`TriageOutcome::Refer`] whatever else was answered. Otherwise the
/// location decides (`insertion`, `midportion`, `both` → mixed); when the runner is `unsure`,
/// the type with at least [`UNSURE_MARGIN`] more matching signs than the other wins, else the
/// result is unclear. Caution flags are carried with every outcome.
pub fn classify(answers: &TriageAnswers) -> TriageResult {
    let of_type = |kind: TendinopathyType| -> Vec<Sign> {
        answers
            .signs
            .iter()
            .copied()
            .filter(|s| s.points_to() == kind)
            .collect()
    };
    let insertional = of_type(TendinopathyType::Insertional);
    let midportion = of_type(TendinopathyType::Midportion);
    let signs_for = |kind: TendinopathyType| match kind {
        TendinopathyType::Insertional => &insertional,
        TendinopathyType::Midportion => &midportion,
    };

    let urgent_flags: Vec<Flag> = answers
        .flags
        .iter()
        .copied()
        .filter(|f| f.is_urgent())
        .collect();
    let caution_flags: Vec<Flag> = answers
        .flags
        .iter()
        .copied()
        .filter(|f| !f.is_urgent())
        .collect();

    let mut reasons = Vec::new();
    let mut counter_signs = Vec::new();

    // The type a clear location or a clear lead in the signs points to.
    let lead = |ins: usize, mid: usize| -> Option<TendinopathyType> {
        if ins >= mid + UNSURE_MARGIN {
            Some(TendinopathyType::Insertional)
        } else if mid >= ins + UNSURE_MARGIN {
            Some(TendinopathyType::Midportion)
        } else {
            None
        }
    };

    let outcome = if !urgent_flags.is_empty() {
        for flag in &urgent_flags {
            reasons.push(format!("{} {}", flag.statement(), flag.hint()));
        }
        TriageOutcome::Refer
    } else {
        reasons.push(answers.location.statement().to_string());
        let kind = match answers.location {
            Location::Insertion => Some(TendinopathyType::Insertional),
            Location::Midportion => Some(TendinopathyType::Midportion),
            Location::Both => None,
            Location::Unsure => lead(insertional.len(), midportion.len()),
        };
        match (answers.location, kind) {
            (Location::Both, _) => {
                if !answers.signs.is_empty() {
                    reasons.push(format!(
                        "Of the signs you ticked, {} {} insertional and {} {} mid-portion.",
                        insertional.len(),
                        point_word(insertional.len()),
                        midportion.len(),
                        point_word(midportion.len()),
                    ));
                }
                reasons.extend(answers.signs.iter().map(|s| sign_reason(*s)));
                TriageOutcome::Mixed
            }
            (_, Some(kind)) => {
                if answers.location == Location::Unsure {
                    reasons.push(format!(
                        "Of the signs you ticked, {} {} {} and {} to {}, a lead of at least {}.",
                        signs_for(kind).len(),
                        point_word(signs_for(kind).len()),
                        type_words(kind),
                        signs_for(other_type(kind)).len(),
                        type_words(other_type(kind)),
                        UNSURE_MARGIN,
                    ));
                }
                reasons.extend(signs_for(kind).iter().map(|s| sign_reason(*s)));
                counter_signs.extend(
                    signs_for(other_type(kind))
                        .iter()
                        .map(|s| counter_reason(*s)),
                );
                match kind {
                    TendinopathyType::Insertional => TriageOutcome::Insertional,
                    TendinopathyType::Midportion => TriageOutcome::Midportion,
                }
            }
            (_, None) => {
                let (ins, mid) = (insertional.len(), midportion.len());
                if ins + mid == 0 {
                    reasons.push(
                        "You ticked none of the signs, so nothing tells the two types apart."
                            .to_string(),
                    );
                } else {
                    reasons.push(format!(
                        "You ticked {ins} insertional and {mid} mid-portion signs; one type needs at least {UNSURE_MARGIN} more than the other to decide."
                    ));
                }
                if ins == mid {
                    // A tie: neither group is the minority, so every sign is a reason.
                    reasons.extend(answers.signs.iter().map(|s| sign_reason(*s)));
                } else {
                    let (more, fewer) = if ins > mid {
                        (&insertional, &midportion)
                    } else {
                        (&midportion, &insertional)
                    };
                    reasons.extend(more.iter().map(|s| sign_reason(*s)));
                    counter_signs.extend(fewer.iter().map(|s| counter_reason(*s)));
                }
                TriageOutcome::Unclear
            }
        }
    };

    TriageResult {
        outcome,
        reasons,
        counter_signs,
        urgent_flags,
        caution_flags,
        insertional_signs: insertional.len(),
        midportion_signs: midportion.len(),
    }
}

fn point_word(n: usize) -> &'static str {
    if n == 1 {
        "points to"
    } else {
        "point to"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::domain::values::InjuredSide;

    fn answers(location: Location, signs: &[Sign], flags: &[Flag]) -> TriageAnswers {
        TriageAnswers {
            side: InjuredSide::Right,
            location,
            signs: signs.iter().copied().collect(),
            flags: flags.iter().copied().collect(),
        }
    }

    const INS: [Sign; 5] = [
        Sign::WorseAfterSpeed,
        Sign::WorseWithHills,
        Sign::TenderAtInsertion,
        Sign::WorseBottomPedalStroke,
        Sign::RaisesStoppedHelping,
    ];
    const MID: [Sign; 4] = [
        Sign::WorseInMorning,
        Sign::ThickOrSwollen,
        Sign::PinchTender,
        Sign::BetterWithRaises,
    ];

    #[test]
    fn every_location_with_every_flag_choice() {
        let mut flag_choices: Vec<Option<Flag>> = vec![None];
        flag_choices.extend(Flag::ALL.into_iter().map(Some));
        assert_eq!(flag_choices.len(), 8);
        let mut cases = 0;
        for location in Location::ALL {
            for flag in &flag_choices {
                let flags: Vec<Flag> = flag.iter().copied().collect();
                let result = classify(&answers(location, &[], &flags));
                let expected = match (location, flag) {
                    (_, Some(f)) if f.is_urgent() => TriageOutcome::Refer,
                    (Location::Insertion, _) => TriageOutcome::Insertional,
                    (Location::Midportion, _) => TriageOutcome::Midportion,
                    (Location::Both, _) => TriageOutcome::Mixed,
                    (Location::Unsure, _) => TriageOutcome::Unclear,
                };
                assert_eq!(result.outcome, expected, "{location:?} with {flag:?}");
                match flag {
                    Some(f) if f.is_urgent() => {
                        assert_eq!(result.urgent_flags, vec![*f]);
                        assert!(result.caution_flags.is_empty());
                    }
                    Some(f) => {
                        assert!(result.urgent_flags.is_empty());
                        assert_eq!(result.caution_flags, vec![*f]);
                        assert!(result.has_caution());
                    }
                    None => {
                        assert!(result.urgent_flags.is_empty());
                        assert!(result.caution_flags.is_empty());
                    }
                }
                assert!(!result.reasons.is_empty());
                cases += 1;
            }
        }
        assert_eq!(cases, 32);
    }

    #[test]
    fn the_table_holds_with_signs_that_point_the_other_way() {
        // Location decides even when every sign disagrees.
        let r = classify(&answers(Location::Insertion, &MID, &[]));
        assert_eq!(r.outcome, TriageOutcome::Insertional);
        assert_eq!(r.counter_signs.len(), 4);
        assert_eq!(r.midportion_signs, 4);
        let r = classify(&answers(Location::Midportion, &INS, &[Flag::Steroids]));
        assert_eq!(r.outcome, TriageOutcome::Midportion);
        assert_eq!(r.counter_signs.len(), 5);
        assert_eq!(r.caution_flags, vec![Flag::Steroids]);
        // An urgent flag beats a clear location and clear signs.
        let r = classify(&answers(
            Location::Insertion,
            &INS,
            &[Flag::Fluoroquinolone, Flag::CalfSwollenRedWarm],
        ));
        assert_eq!(r.outcome, TriageOutcome::Refer);
        assert_eq!(r.urgent_flags, vec![Flag::CalfSwollenRedWarm]);
        assert_eq!(r.caution_flags, vec![Flag::Fluoroquinolone]);
        assert_eq!(r.outcome.plan_type(), None);
    }

    #[test]
    fn reasons_name_the_location_and_the_matching_signs() {
        let r = classify(&answers(
            Location::Insertion,
            &[Sign::WorseWithHills, Sign::PinchTender],
            &[],
        ));
        assert_eq!(r.reasons.len(), 2);
        assert!(r.reasons[0].contains("heel bone"));
        assert!(r.reasons[1].contains(Sign::WorseWithHills.statement()));
        assert_eq!(r.counter_signs.len(), 1);
        assert!(r.counter_signs[0].contains(Sign::PinchTender.statement()));
        assert!(r.counter_signs[0].contains("mid-portion"));
    }

    #[test]
    fn unsure_needs_a_lead_of_two_signs() {
        // 2 more → that type.
        let r = classify(&answers(Location::Unsure, &INS[..2], &[]));
        assert_eq!(r.outcome, TriageOutcome::Insertional);
        let r = classify(&answers(
            Location::Unsure,
            &[MID[0], MID[1], MID[2], INS[0]],
            &[],
        ));
        assert_eq!(r.outcome, TriageOutcome::Midportion);
        assert_eq!(r.counter_signs.len(), 1);
        assert!(r.counter_signs[0].contains("insertional"));
        // 1 more → unclear.
        let r = classify(&answers(Location::Unsure, &[INS[0]], &[]));
        assert_eq!(r.outcome, TriageOutcome::Unclear);
        let r = classify(&answers(Location::Unsure, &[MID[0], MID[1], INS[0]], &[]));
        assert_eq!(r.outcome, TriageOutcome::Unclear);
        assert_eq!(r.counter_signs.len(), 1, "the minority sign is noted");
        // A tie → unclear.
        let r = classify(&answers(Location::Unsure, &[MID[0], INS[0]], &[]));
        assert_eq!(r.outcome, TriageOutcome::Unclear);
        assert!(r.counter_signs.is_empty());
        let r = classify(&answers(
            Location::Unsure,
            &[MID[0], MID[1], INS[0], INS[1]],
            &[],
        ));
        assert_eq!(r.outcome, TriageOutcome::Unclear);
        let r = classify(&answers(Location::Unsure, &[], &[]));
        assert_eq!(r.outcome, TriageOutcome::Unclear);
        // A caution flag does not change the outcome.
        let r = classify(&answers(Location::Unsure, &MID, &[Flag::NumbnessTingling]));
        assert_eq!(r.outcome, TriageOutcome::Midportion);
    }

    #[test]
    fn serde_names_match_the_form_names() {
        use serde::de::value::{Error, StrDeserializer};
        for s in Sign::ALL {
            assert_eq!(
                Sign::deserialize(StrDeserializer::<Error>::new(s.field())),
                Ok(s)
            );
        }
        for f in Flag::ALL {
            assert_eq!(
                Flag::deserialize(StrDeserializer::<Error>::new(f.field())),
                Ok(f)
            );
        }
        for l in Location::ALL {
            assert_eq!(
                Location::deserialize(StrDeserializer::<Error>::new(l.as_str())),
                Ok(l)
            );
        }
        for o in TriageOutcome::ALL {
            assert_eq!(
                TriageOutcome::deserialize(StrDeserializer::<Error>::new(o.as_str())),
                Ok(o)
            );
        }
    }

    #[test]
    fn locations_and_outcomes_parse_their_strings() {
        for l in Location::ALL {
            assert_eq!(Location::parse(l.as_str()), Ok(l));
            assert!(!l.label().is_empty() && !l.hint().is_empty());
        }
        assert!(Location::parse("").is_err());
        assert!(Location::parse("calf").is_err());
        let strs: Vec<&str> = TriageOutcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(
            strs,
            ["insertional", "midportion", "mixed", "unclear", "refer"]
        );
        for o in TriageOutcome::ALL {
            assert_eq!(TriageOutcome::parse(o.as_str()), Ok(o));
            assert!(!o.label().is_empty());
        }
        assert!(TriageOutcome::parse("maybe").is_err());
        assert_eq!(
            TriageOutcome::Insertional.plan_type(),
            Some(TendinopathyType::Insertional)
        );
        assert_eq!(
            TriageOutcome::Midportion.plan_type(),
            Some(TendinopathyType::Midportion)
        );
        assert_eq!(TriageOutcome::Mixed.plan_type(), None);
        assert_eq!(TriageOutcome::Unclear.plan_type(), None);
    }

    #[test]
    fn answers_come_from_checked_field_names() {
        let a = TriageAnswers::from_fields(
            InjuredSide::Both,
            Location::Unsure,
            ["worse_in_morning", "steroids", "csrf_token", "pinch_tender"],
        );
        assert_eq!(
            a.signs,
            [Sign::WorseInMorning, Sign::PinchTender]
                .into_iter()
                .collect()
        );
        assert_eq!(a.flags, [Flag::Steroids].into_iter().collect());
        assert_eq!(classify(&a).outcome, TriageOutcome::Midportion);
    }

    #[test]
    fn every_outcome_has_a_short_summary() {
        for (location, flags) in [
            (Location::Insertion, vec![]),
            (Location::Midportion, vec![]),
            (Location::Both, vec![]),
            (Location::Unsure, vec![]),
            (Location::Insertion, vec![Flag::SuddenPop]),
        ] {
            let r = classify(&answers(location, &[], &flags));
            let sentences = r.summary().matches(". ").count() + 1;
            assert!((1..=2).contains(&sentences), "{:?}", r.outcome);
        }
    }

    fn any_answers() -> impl Strategy<Value = TriageAnswers> {
        (
            prop::sample::select(vec![
                InjuredSide::Left,
                InjuredSide::Right,
                InjuredSide::Both,
            ]),
            prop::sample::select(Location::ALL.to_vec()),
            prop::collection::btree_set(prop::sample::select(Sign::ALL.to_vec()), 0..=9),
            prop::collection::btree_set(prop::sample::select(Flag::ALL.to_vec()), 0..=7),
        )
            .prop_map(|(side, location, signs, flags)| TriageAnswers {
                side,
                location,
                signs,
                flags,
            })
    }

    proptest! {
        #[test]
        fn an_urgent_flag_always_refers(a in any_answers()) {
            let r = classify(&a);
            let urgent = a.flags.iter().any(|f| f.is_urgent());
            prop_assert_eq!(r.outcome == TriageOutcome::Refer, urgent);
        }

        #[test]
        fn unsure_never_gives_a_type_without_a_two_sign_lead(a in any_answers()) {
            let r = classify(&a);
            if a.location == Location::Unsure {
                let ins = a.signs.iter().filter(|s| s.points_to() == TendinopathyType::Insertional).count();
                let mid = a.signs.len() - ins;
                match r.outcome.plan_type() {
                    Some(TendinopathyType::Insertional) => prop_assert!(ins >= mid + 2),
                    Some(TendinopathyType::Midportion) => prop_assert!(mid >= ins + 2),
                    None => prop_assert!(
                        r.outcome == TriageOutcome::Refer || ins.abs_diff(mid) < 2
                    ),
                }
                prop_assert!(r.outcome != TriageOutcome::Mixed);
            }
        }

        #[test]
        fn reasons_are_never_empty(a in any_answers()) {
            let r = classify(&a);
            prop_assert!(!r.reasons.is_empty());
            prop_assert!(r.reasons.iter().all(|s| !s.trim().is_empty()));
            prop_assert_eq!(r.insertional_signs + r.midportion_signs, a.signs.len());
            prop_assert_eq!(r.urgent_flags.len() + r.caution_flags.len(), a.flags.len());
        }

        #[test]
        fn a_clear_location_decides_unless_urgent(a in any_answers()) {
            let r = classify(&a);
            if r.urgent_flags.is_empty() {
                let expected = match a.location {
                    Location::Insertion => Some(TriageOutcome::Insertional),
                    Location::Midportion => Some(TriageOutcome::Midportion),
                    Location::Both => Some(TriageOutcome::Mixed),
                    Location::Unsure => None,
                };
                if let Some(expected) = expected {
                    prop_assert_eq!(r.outcome, expected);
                }
            }
        }
    }
}
