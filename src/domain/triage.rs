//! Triage (DESIGN 2.1): where the Achilles hurts decides the kind of tendinopathy, the signs
//! support or question it, and red flags send the runner to a clinician first.
//!
//! Everything here is pure: answers in, a [`TriageResult`] out.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::values::{InjuredSide, TendinopathyType, ValueError};

/// The one line every page that classifies or advises shows.
pub const DISCLAIMER: &str =
    "Tendo is educational support, not a diagnosis: when in doubt, ask a clinician to examine you.";

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
    fn statement(self) -> &'static str {
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
