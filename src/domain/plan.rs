//! Which plan a runner follows (DESIGN 2.1): a clinician's confirmed type first, then a clear
//! triage, then the runner's own choice when the triage was mixed or unclear.

use crate::domain::exercise::{by_slug, Exercise};
use crate::domain::triage::TriageOutcome;
use crate::domain::values::{TendinopathyType, ValueError};

/// Where the plan's type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanSource {
    /// The current triage pointed clearly to one type.
    Triage,
    /// The triage was mixed or unclear and the runner picked the type.
    SelfSelected,
    /// A linked clinician confirmed the type.
    ClinicianConfirmed,
}

impl PlanSource {
    /// Every source.
    pub const ALL: [PlanSource; 3] = [
        PlanSource::Triage,
        PlanSource::SelfSelected,
        PlanSource::ClinicianConfirmed,
    ];

    /// The storage and attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanSource::Triage => "triage",
            PlanSource::SelfSelected => "self-selected",
            PlanSource::ClinicianConfirmed => "clinician-confirmed",
        }
    }

    /// Reads a stored value.
    pub fn parse(raw: &str) -> Result<PlanSource, ValueError> {
        let raw = raw.trim();
        PlanSource::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| ValueError(format!("\"{raw}\" is not a plan source.")))
    }

    /// How the source is shown next to the plan.
    pub fn label(self) -> &'static str {
        match self {
            PlanSource::Triage => "From your triage answers",
            PlanSource::SelfSelected => "Chosen by you",
            PlanSource::ClinicianConfirmed => "Confirmed by your clinician",
        }
    }
}

/// Sessions a week the plans ask for, the yardstick of the weekly adherence chart. The source
/// doses each session but not the week; Tendo plans three (a rest day between most of them), and
/// a week with more is shown as more, never as a failure.
pub const SESSIONS_PER_WEEK: u8 = 3;

/// The slugs of each plan, in the order they are done.
const INSERTIONAL_SLUGS: [&str; 3] = ["top-iso-hold", "tempo-calf-raise", "hurdle-jumps"];
const MIDPORTION_SLUGS: [&str; 2] = ["mid-iso-hold", "single-leg-calf-raise"];

/// The exercises of a plan, in the order they are done.
pub fn exercises_for(kind: TendinopathyType) -> Vec<&'static Exercise> {
    let slugs: &[&str] = match kind {
        TendinopathyType::Insertional => &INSERTIONAL_SLUGS,
        TendinopathyType::Midportion => &MIDPORTION_SLUGS,
    };
    slugs.iter().filter_map(|slug| by_slug(slug)).collect()
}

/// The plan a runner follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Plan {
    pub kind: TendinopathyType,
    pub source: PlanSource,
}

impl Plan {
    /// The plan's exercises, in order.
    pub fn exercises(&self) -> Vec<&'static Exercise> {
        exercises_for(self.kind)
    }
}

/// What the plan page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanDecision {
    /// A plan to follow.
    Plan(Plan),
    /// The current triage was mixed or unclear (the outcome is carried) and the runner has not
    /// picked a plan for it: offer the choice, or a clinician's confirmation.
    NeedsChoice(TriageOutcome),
    /// The current triage found an urgent red flag: no plan until assessed.
    Refer,
    /// No triage yet: send the runner to it.
    NoTriage,
}

/// Decides the runner's plan.
///
/// A clinician's confirmed type overrides everything, a refer included (the clinician has
/// assessed the runner). Otherwise: no triage → [`PlanDecision::NoTriage`]; refer →
/// [`PlanDecision::Refer`]; insertional or mid-portion → that plan, from the triage; mixed or
/// unclear → the runner's own choice if they made one, else [`PlanDecision::NeedsChoice`].
///
/// `self_selected` must belong to the current triage (pass `None` if it was picked for an older
/// one); it is ignored when the triage points clearly to a type.
pub fn decide(
    clinician_confirmed: Option<TendinopathyType>,
    current_triage: Option<TriageOutcome>,
    self_selected: Option<TendinopathyType>,
) -> PlanDecision {
    if let Some(kind) = clinician_confirmed {
        return PlanDecision::Plan(Plan {
            kind,
            source: PlanSource::ClinicianConfirmed,
        });
    }
    let Some(outcome) = current_triage else {
        return PlanDecision::NoTriage;
    };
    match outcome {
        TriageOutcome::Refer => PlanDecision::Refer,
        TriageOutcome::Insertional => PlanDecision::Plan(Plan {
            kind: TendinopathyType::Insertional,
            source: PlanSource::Triage,
        }),
        TriageOutcome::Midportion => PlanDecision::Plan(Plan {
            kind: TendinopathyType::Midportion,
            source: PlanSource::Triage,
        }),
        TriageOutcome::Mixed | TriageOutcome::Unclear => match self_selected {
            Some(kind) => PlanDecision::Plan(Plan {
                kind,
                source: PlanSource::SelfSelected,
            }),
            None => PlanDecision::NeedsChoice(outcome),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const INS: TendinopathyType = TendinopathyType::Insertional;
    const MID: TendinopathyType = TendinopathyType::Midportion;

    fn plan(kind: TendinopathyType, source: PlanSource) -> PlanDecision {
        PlanDecision::Plan(Plan { kind, source })
    }

    #[test]
    fn plans_list_their_exercises_in_order() {
        let slugs = |kind| -> Vec<&str> { exercises_for(kind).iter().map(|e| e.slug).collect() };
        assert_eq!(
            slugs(INS),
            ["top-iso-hold", "tempo-calf-raise", "hurdle-jumps"]
        );
        assert_eq!(slugs(MID), ["mid-iso-hold", "single-leg-calf-raise"]);
        for kind in [INS, MID] {
            assert!(exercises_for(kind).iter().all(|e| e.plan == kind));
        }
        let p = Plan {
            kind: MID,
            source: PlanSource::Triage,
        };
        assert_eq!(p.exercises(), exercises_for(MID));
    }

    #[test]
    fn sources_have_stable_strings() {
        let strs: Vec<&str> = PlanSource::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(strs, ["triage", "self-selected", "clinician-confirmed"]);
        for s in PlanSource::ALL {
            assert_eq!(PlanSource::parse(s.as_str()), Ok(s));
            assert!(!s.label().is_empty());
        }
        assert!(PlanSource::parse("guess").is_err());
    }

    #[test]
    fn a_clinician_overrides_everything_including_refer() {
        assert_eq!(
            decide(Some(MID), Some(TriageOutcome::Refer), None),
            plan(MID, PlanSource::ClinicianConfirmed)
        );
        assert_eq!(
            decide(Some(INS), Some(TriageOutcome::Midportion), Some(MID)),
            plan(INS, PlanSource::ClinicianConfirmed)
        );
        assert_eq!(
            decide(Some(INS), None, None),
            plan(INS, PlanSource::ClinicianConfirmed)
        );
    }

    #[test]
    fn without_a_triage_there_is_no_plan() {
        assert_eq!(decide(None, None, None), PlanDecision::NoTriage);
        assert_eq!(decide(None, None, Some(INS)), PlanDecision::NoTriage);
    }

    #[test]
    fn refer_gives_no_plan_even_if_one_was_picked() {
        assert_eq!(
            decide(None, Some(TriageOutcome::Refer), None),
            PlanDecision::Refer
        );
        assert_eq!(
            decide(None, Some(TriageOutcome::Refer), Some(MID)),
            PlanDecision::Refer
        );
    }

    #[test]
    fn a_clear_triage_gives_its_plan() {
        assert_eq!(
            decide(None, Some(TriageOutcome::Insertional), None),
            plan(INS, PlanSource::Triage)
        );
        assert_eq!(
            decide(None, Some(TriageOutcome::Midportion), None),
            plan(MID, PlanSource::Triage)
        );
        // A stale pick does not override a clear triage.
        assert_eq!(
            decide(None, Some(TriageOutcome::Midportion), Some(INS)),
            plan(MID, PlanSource::Triage)
        );
    }

    #[test]
    fn mixed_or_unclear_needs_a_choice_until_one_is_made() {
        for outcome in [TriageOutcome::Mixed, TriageOutcome::Unclear] {
            assert_eq!(
                decide(None, Some(outcome), None),
                PlanDecision::NeedsChoice(outcome)
            );
            for kind in [INS, MID] {
                assert_eq!(
                    decide(None, Some(outcome), Some(kind)),
                    plan(kind, PlanSource::SelfSelected)
                );
            }
        }
    }

    fn any_type() -> impl Strategy<Value = TendinopathyType> {
        prop::sample::select(vec![INS, MID])
    }

    proptest! {
        #[test]
        fn a_clinician_confirmed_type_always_wins(
            confirmed in any_type(),
            triage in prop::option::of(prop::sample::select(TriageOutcome::ALL.to_vec())),
            picked in prop::option::of(any_type()),
        ) {
            prop_assert_eq!(
                decide(Some(confirmed), triage, picked),
                plan(confirmed, PlanSource::ClinicianConfirmed)
            );
        }
    }
}
