//! The triage questions (DESIGN 2.1): where it hurts, the signs that point to one type or the
//! other, and the red flags.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::values::{InjuredSide, TendinopathyType, ValueError};

/// Where the runner feels the pain (form field `location`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// At the heel bone, where the tendon attaches.
    Insertion,
    /// In the tendon itself, about 2 cm or more above the heel bone.
    Midportion,
    /// In both places.
    Both,
    /// The runner cannot tell; the signs decide.
    Unsure,
}

impl Location {
    /// Every choice, in the order the form lists them.
    pub const ALL: [Location; 4] = [
        Location::Insertion,
        Location::Midportion,
        Location::Both,
        Location::Unsure,
    ];

    /// The form and storage value.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Insertion => "insertion",
            Location::Midportion => "midportion",
            Location::Both => "both",
            Location::Unsure => "unsure",
        }
    }

    /// Reads the form value.
    pub fn parse(raw: &str) -> Result<Location, ValueError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ValueError("Choose where it hurts.".into()));
        }
        Location::ALL
            .into_iter()
            .find(|l| l.as_str() == raw)
            .ok_or_else(|| ValueError("Choose where it hurts from the list.".into()))
    }

    /// The choice as the runner reads it.
    pub fn label(self) -> &'static str {
        match self {
            Location::Insertion => "At the heel bone, where the tendon meets it",
            Location::Midportion => "In the tendon itself, about 2 cm or more above the heel bone",
            Location::Both => "In both of those places",
            Location::Unsure => "I can't tell",
        }
    }

    /// A short help text under the choice.
    pub fn hint(self) -> &'static str {
        match self {
            Location::Insertion => {
                "Low down at the back of the heel; often sorest on the outer side."
            }
            Location::Midportion => "Somewhere between the heel and the calf muscle.",
            Location::Both => "The heel bone and the tendon higher up both hurt.",
            Location::Unsure => "That is fine: the signs you tick below will decide.",
        }
    }

    /// The answer restated as the first reason of a result.
    pub(super) fn statement(self) -> &'static str {
        match self {
            Location::Insertion => {
                "You placed the pain at the heel bone, where the tendon attaches, which is where insertional tendinopathy sits."
            }
            Location::Midportion => {
                "You placed the pain in the tendon about 2 cm or more above the heel bone, which is where mid-portion tendinopathy sits."
            }
            Location::Both => {
                "You placed the pain both at the heel bone and higher up the tendon, so both types may be involved."
            }
            Location::Unsure => {
                "You were not sure where the pain sits, so the signs you ticked were weighed instead."
            }
        }
    }
}

/// A sign that points to one type of tendinopathy (a checkbox on the triage form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// Insertional: worse during or after speed work.
    WorseAfterSpeed,
    /// Insertional: worse with repeated hill sprints.
    WorseWithHills,
    /// Insertional: most tender where the tendon meets the heel, more on the outside.
    TenderAtInsertion,
    /// Insertional: worse at the bottom of the pedal stroke when cycling.
    WorseBottomPedalStroke,
    /// Insertional: calf raises helped at first, then stopped helping.
    RaisesStoppedHelping,
    /// Mid-portion: worst first thing in the morning.
    WorseInMorning,
    /// Mid-portion: thick, ropey or swollen about 2 cm or more above the heel.
    ThickOrSwollen,
    /// Mid-portion: pinching the tendon is tender.
    PinchTender,
    /// Mid-portion: often better the more calf raises are done.
    BetterWithRaises,
}

impl Sign {
    /// Every sign, insertional ones first, in form order.
    pub const ALL: [Sign; 9] = [
        Sign::WorseAfterSpeed,
        Sign::WorseWithHills,
        Sign::TenderAtInsertion,
        Sign::WorseBottomPedalStroke,
        Sign::RaisesStoppedHelping,
        Sign::WorseInMorning,
        Sign::ThickOrSwollen,
        Sign::PinchTender,
        Sign::BetterWithRaises,
    ];

    /// The checkbox name on the triage form (also the storage value).
    pub fn field(self) -> &'static str {
        match self {
            Sign::WorseAfterSpeed => "worse_after_speed",
            Sign::WorseWithHills => "worse_with_hills",
            Sign::TenderAtInsertion => "tender_at_insertion",
            Sign::WorseBottomPedalStroke => "worse_bottom_pedal_stroke",
            Sign::RaisesStoppedHelping => "raises_stopped_helping",
            Sign::WorseInMorning => "worse_in_morning",
            Sign::ThickOrSwollen => "thick_or_swollen",
            Sign::PinchTender => "pinch_tender",
            Sign::BetterWithRaises => "better_with_raises",
        }
    }

    /// The sign whose checkbox is named `field`, if any.
    pub fn from_field(field: &str) -> Option<Sign> {
        Sign::ALL.into_iter().find(|s| s.field() == field)
    }

    /// The checkbox text, phrased as a question.
    pub fn label(self) -> &'static str {
        match self {
            Sign::WorseAfterSpeed => "Do fast sessions make it hurt more, during or afterwards?",
            Sign::WorseWithHills => "Do hill repeats make it worse?",
            Sign::TenderAtInsertion => {
                "Is the sorest spot where the tendon attaches to the heel, especially on its outer side?"
            }
            Sign::WorseBottomPedalStroke => {
                "When you cycle, does the lowest point of the pedal stroke aggravate it?"
            }
            Sign::RaisesStoppedHelping => {
                "Did ordinary calf raises seem to work early on, and then stop making a difference?"
            }
            Sign::WorseInMorning => "Is it at its worst with your first steps of the day?",
            Sign::ThickOrSwollen => {
                "About 2 cm or more above the heel, does the tendon feel thickened or ropey, or look puffy?"
            }
            Sign::PinchTender => {
                "Does squeezing the tendon gently between finger and thumb hurt?"
            }
            Sign::BetterWithRaises => {
                "Does it tend to settle as you do more calf raises?"
            }
        }
    }

    /// One short sentence explaining the question.
    pub fn hint(self) -> &'static str {
        match self {
            Sign::WorseAfterSpeed => {
                "Flare-ups after intervals or strides are common when the attachment at the heel is irritated."
            }
            Sign::WorseWithHills => {
                "Running uphill bends the ankle further and loads the attachment at the heel harder."
            }
            Sign::TenderAtInsertion => {
                "Press along the back of the heel bone; insertional pain is often worst on the outer edge."
            }
            Sign::WorseBottomPedalStroke => {
                "Leave it unticked if you do not cycle."
            }
            Sign::RaisesStoppedHelping => {
                "Plain calf raises often ease insertional pain at first and then stall."
            }
            Sign::WorseInMorning => {
                "Pain and stiffness on getting up that ease as you move are typical of mid-portion trouble."
            }
            Sign::ThickOrSwollen => {
                "Compare with the other leg, a little above the heel rather than at the bone."
            }
            Sign::PinchTender => {
                "Pinch the tendon from both sides above the heel; mid-portion tendons are often sore there."
            }
            Sign::BetterWithRaises => {
                "Mid-portion tendons often respond well to more load of the right kind."
            }
        }
    }

    /// The ticked sign restated as a plain sentence, for the reasons of a result.
    pub fn statement(self) -> &'static str {
        match self {
            Sign::WorseAfterSpeed => "Fast sessions make it hurt more, during or afterwards.",
            Sign::WorseWithHills => "Hill repeats make it worse.",
            Sign::TenderAtInsertion => {
                "The sorest spot is where the tendon attaches to the heel, especially on the outer side."
            }
            Sign::WorseBottomPedalStroke => {
                "On the bike, the lowest point of the pedal stroke aggravates it."
            }
            Sign::RaisesStoppedHelping => {
                "Ordinary calf raises seemed to work early on, then stopped making a difference."
            }
            Sign::WorseInMorning => "It is at its worst with your first steps of the day.",
            Sign::ThickOrSwollen => {
                "About 2 cm or more above the heel, the tendon feels thickened or ropey, or looks puffy."
            }
            Sign::PinchTender => "Squeezing the tendon between finger and thumb hurts.",
            Sign::BetterWithRaises => "It tends to settle as you do more calf raises.",
        }
    }

    /// The type this sign is typical of.
    pub fn points_to(self) -> TendinopathyType {
        match self {
            Sign::WorseAfterSpeed
            | Sign::WorseWithHills
            | Sign::TenderAtInsertion
            | Sign::WorseBottomPedalStroke
            | Sign::RaisesStoppedHelping => TendinopathyType::Insertional,
            Sign::WorseInMorning
            | Sign::ThickOrSwollen
            | Sign::PinchTender
            | Sign::BetterWithRaises => TendinopathyType::Midportion,
        }
    }
}

/// A red flag (a checkbox on the triage form). Urgent flags withhold the plan; caution flags keep
/// it but ask the runner to involve a clinician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Urgent: a sudden pop or snap, or the feeling of being kicked in the heel.
    SuddenPop,
    /// Urgent: cannot do a single-leg heel raise at all.
    CannotSingleLegRaise,
    /// Urgent: calf swollen, red or warm.
    CalfSwollenRedWarm,
    /// Caution: pain at night or at rest.
    NightOrRestPain,
    /// Caution: numbness or tingling.
    NumbnessTingling,
    /// Caution: fluoroquinolone antibiotics in the last 6 months.
    Fluoroquinolone,
    /// Caution: steroid tablets or injections.
    Steroids,
}

impl Flag {
    /// Every flag, urgent ones first, in form order.
    pub const ALL: [Flag; 7] = [
        Flag::SuddenPop,
        Flag::CannotSingleLegRaise,
        Flag::CalfSwollenRedWarm,
        Flag::NightOrRestPain,
        Flag::NumbnessTingling,
        Flag::Fluoroquinolone,
        Flag::Steroids,
    ];

    /// The checkbox name on the triage form (also the storage value).
    pub fn field(self) -> &'static str {
        match self {
            Flag::SuddenPop => "sudden_pop",
            Flag::CannotSingleLegRaise => "cannot_single_leg_raise",
            Flag::CalfSwollenRedWarm => "calf_swollen_red_warm",
            Flag::NightOrRestPain => "night_or_rest_pain",
            Flag::NumbnessTingling => "numbness_tingling",
            Flag::Fluoroquinolone => "fluoroquinolone",
            Flag::Steroids => "steroids",
        }
    }

    /// The flag whose checkbox is named `field`, if any.
    pub fn from_field(field: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.field() == field)
    }

    /// Whether the flag withholds the plan until the runner has been assessed.
    pub fn is_urgent(self) -> bool {
        matches!(
            self,
            Flag::SuddenPop | Flag::CannotSingleLegRaise | Flag::CalfSwollenRedWarm
        )
    }

    /// The checkbox text, phrased as a question.
    pub fn label(self) -> &'static str {
        match self {
            Flag::SuddenPop => {
                "Did it start with a sudden pop or snap, or a feeling that someone kicked your heel?"
            }
            Flag::CannotSingleLegRaise => {
                "Is rising onto the toes of the sore leg alone impossible, even once?"
            }
            Flag::CalfSwollenRedWarm => "Is your calf swollen, red or warm?",
            Flag::NightOrRestPain => "Does it hurt at night or while you are resting?",
            Flag::NumbnessTingling => "Do you have numbness or tingling in the foot or leg?",
            Flag::Fluoroquinolone => {
                "Have you taken a fluoroquinolone antibiotic (for example ciprofloxacin or levofloxacin) in the last 6 months?"
            }
            Flag::Steroids => "Have you taken steroid tablets or had a steroid injection?",
        }
    }

    /// One short sentence explaining why the question is asked.
    pub fn hint(self) -> &'static str {
        match self {
            Flag::SuddenPop => {
                "That can mean the tendon has torn, which needs examining before any loading."
            }
            Flag::CannotSingleLegRaise => {
                "Losing the raise completely can point to a tear or a major loss of strength."
            }
            Flag::CalfSwollenRedWarm => {
                "These can be signs of a blood clot or an infection, which need prompt medical care."
            }
            Flag::NightOrRestPain => {
                "Pain that does not ease with rest is less typical of tendon overload and worth showing a clinician."
            }
            Flag::NumbnessTingling => {
                "Tendons do not cause pins and needles, so nerve symptoms should be checked."
            }
            Flag::Fluoroquinolone => {
                "This group of antibiotics is linked with tendon problems, so a clinician should know."
            }
            Flag::Steroids => {
                "Steroids can weaken tendons, so a clinician should know before you load hard."
            }
        }
    }

    /// The ticked flag restated as a plain sentence, for the reasons of a result.
    pub fn statement(self) -> &'static str {
        match self {
            Flag::SuddenPop => {
                "It started with a sudden pop or snap, or a feeling that someone kicked your heel."
            }
            Flag::CannotSingleLegRaise => {
                "You cannot rise onto the toes of the sore leg alone, even once."
            }
            Flag::CalfSwollenRedWarm => "Your calf is swollen, red or warm.",
            Flag::NightOrRestPain => "It hurts at night or while you rest.",
            Flag::NumbnessTingling => "You have numbness or tingling.",
            Flag::Fluoroquinolone => {
                "You have taken a fluoroquinolone antibiotic in the last 6 months."
            }
            Flag::Steroids => "You have taken steroid tablets or had a steroid injection.",
        }
    }
}

/// Everything the runner answered on the triage form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageAnswers {
    pub side: InjuredSide,
    pub location: Location,
    pub signs: BTreeSet<Sign>,
    pub flags: BTreeSet<Flag>,
}

impl TriageAnswers {
    /// Builds answers from the names of the ticked checkboxes; names that are neither a sign nor a
    /// flag are ignored.
    pub fn from_fields<'a>(
        side: InjuredSide,
        location: Location,
        checked: impl IntoIterator<Item = &'a str>,
    ) -> TriageAnswers {
        let mut signs = BTreeSet::new();
        let mut flags = BTreeSet::new();
        for name in checked {
            if let Some(sign) = Sign::from_field(name) {
                signs.insert(sign);
            } else if let Some(flag) = Flag::from_field(name) {
                flags.insert(flag);
            }
        }
        TriageAnswers {
            side,
            location,
            signs,
            flags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_and_are_the_form_names() {
        let sign_fields: Vec<&str> = Sign::ALL.iter().map(|s| s.field()).collect();
        assert_eq!(
            sign_fields,
            [
                "worse_after_speed",
                "worse_with_hills",
                "tender_at_insertion",
                "worse_bottom_pedal_stroke",
                "raises_stopped_helping",
                "worse_in_morning",
                "thick_or_swollen",
                "pinch_tender",
                "better_with_raises",
            ]
        );
        let flag_fields: Vec<&str> = Flag::ALL.iter().map(|f| f.field()).collect();
        assert_eq!(
            flag_fields,
            [
                "sudden_pop",
                "cannot_single_leg_raise",
                "calf_swollen_red_warm",
                "night_or_rest_pain",
                "numbness_tingling",
                "fluoroquinolone",
                "steroids",
            ]
        );
        for s in Sign::ALL {
            assert_eq!(Sign::from_field(s.field()), Some(s));
            assert!(!s.label().is_empty() && !s.hint().is_empty());
        }
        for f in Flag::ALL {
            assert_eq!(Flag::from_field(f.field()), Some(f));
            assert!(!f.label().is_empty() && !f.hint().is_empty());
        }
        assert_eq!(Sign::from_field("sudden_pop"), None);
        assert_eq!(Flag::from_field("pinch_tender"), None);
        let urgent: Vec<Flag> = Flag::ALL.into_iter().filter(|f| f.is_urgent()).collect();
        assert_eq!(
            urgent,
            [
                Flag::SuddenPop,
                Flag::CannotSingleLegRaise,
                Flag::CalfSwollenRedWarm
            ]
        );
        let ins = Sign::ALL
            .iter()
            .filter(|s| s.points_to() == TendinopathyType::Insertional)
            .count();
        assert_eq!(ins, 5);
    }
}
