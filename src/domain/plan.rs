//! Which plan a runner follows (DESIGN 2.1): a clinician's confirmed type first, then a clear
//! triage, then the runner's own choice when the triage was mixed or unclear.

use chrono::NaiveDateTime;

use crate::domain::exercise::{catalogue, Exercise};
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

/// The exercises of a plan, in the order they are done (the catalogue's order).
pub fn exercises_for(kind: TendinopathyType) -> Vec<&'static Exercise> {
    catalogue().iter().filter(|e| e.plan == kind).collect()
}

/// Whether a plan of this type contains hurdle jumps, and with them the hurdle-jump gate
/// (DESIGN 2.3): a mid-portion plan shows neither.
pub fn has_hurdle_gate(kind: TendinopathyType) -> bool {
    exercises_for(kind).iter().any(|e| e.gated)
}

/// How the insertional plan is done (DESIGN 2.2), shown with the plan and on paper.
pub const INSERTIONAL_FLAT_FLOOR: &str = "Do every exercise on a flat floor: the heel never drops below the level of the forefoot, and do not stretch the calf over the edge of a step. The insertion is compressed most with the ankle bent up (toes towards the shin); calf work on the floor without that bend left 67 % of people with insertional pain satisfied, against 32 % with the off-the-step programme (Jonsson 2008, Fahlström 2003).";

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

    /// Whether the plan contains hurdle jumps and their gate.
    pub fn has_hurdle_gate(&self) -> bool {
        has_hurdle_gate(self.kind)
    }

    /// The plan-wide rule on where the exercises are done, if it has one.
    pub fn floor_rule(&self) -> Option<&'static str> {
        match self.kind {
            TendinopathyType::Insertional => Some(INSERTIONAL_FLAT_FLOOR),
            TendinopathyType::Midportion => None,
        }
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

/// A clinician's confirmation of the type, and when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Confirmation {
    pub kind: TendinopathyType,
    /// `None` for a confirmation made before its time was recorded: it counts as older than any
    /// triage.
    pub at: Option<NaiveDateTime>,
}

/// The runner's current (newest) triage as the decision reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CurrentTriage {
    pub outcome: TriageOutcome,
    pub at: NaiveDateTime,
}

impl Confirmation {
    /// Whether this confirmation was made after `triage`. A triage at the same moment, or a
    /// confirmation without a time, is not "after": an urgent flag then still withholds the plan.
    pub fn is_after(&self, triage: &CurrentTriage) -> bool {
        self.at.is_some_and(|at| at > triage.at)
    }
}

/// Decides the runner's plan (DESIGN 2.1).
///
/// A clinician's confirmed type overrides the triage's type, but never its urgent flags: a current
/// triage with an urgent flag ([`TriageOutcome::Refer`]) that is not older than the confirmation
/// gives [`PlanDecision::Refer`] until the clinician confirms again after it (or a newer triage has
/// no urgent flag). Otherwise: no triage → [`PlanDecision::NoTriage`]; refer →
/// [`PlanDecision::Refer`]; insertional or mid-portion → that plan, from the triage; mixed or
/// unclear → the runner's own choice if they made one, else [`PlanDecision::NeedsChoice`].
///
/// `self_selected` must belong to the current triage (pass `None` if it was picked for an older
/// one); it is ignored when the triage points clearly to a type.
pub fn decide(
    clinician_confirmed: Option<Confirmation>,
    current_triage: Option<CurrentTriage>,
    self_selected: Option<TendinopathyType>,
) -> PlanDecision {
    if let Some(c) = clinician_confirmed {
        let withheld =
            current_triage.is_some_and(|t| t.outcome == TriageOutcome::Refer && !c.is_after(&t));
        if !withheld {
            return PlanDecision::Plan(Plan {
                kind: c.kind,
                source: PlanSource::ClinicianConfirmed,
            });
        }
    }
    let Some(triage) = current_triage else {
        return PlanDecision::NoTriage;
    };
    match triage.outcome {
        TriageOutcome::Refer => PlanDecision::Refer,
        TriageOutcome::Insertional => PlanDecision::Plan(Plan {
            kind: TendinopathyType::Insertional,
            source: PlanSource::Triage,
        }),
        TriageOutcome::Midportion => PlanDecision::Plan(Plan {
            kind: TendinopathyType::Midportion,
            source: PlanSource::Triage,
        }),
        outcome @ (TriageOutcome::Mixed | TriageOutcome::Unclear) => match self_selected {
            Some(kind) => PlanDecision::Plan(Plan {
                kind,
                source: PlanSource::SelfSelected,
            }),
            None => PlanDecision::NeedsChoice(outcome),
        },
    }
}

/// Whether an urgent flag in the current triage overrides a clinician's earlier confirmation: the
/// clinician must assess the runner and confirm again (shown on the review).
pub fn urgent_flag_overrides_confirmation(
    clinician_confirmed: Option<Confirmation>,
    current_triage: Option<CurrentTriage>,
) -> bool {
    matches!(
        (clinician_confirmed, current_triage),
        (Some(c), Some(t)) if t.outcome == TriageOutcome::Refer && !c.is_after(&t)
    )
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

    /// A moment `minute` minutes into a fixed day.
    fn at(minute: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
            + chrono::TimeDelta::minutes(minute)
    }

    /// A confirmation at `minute`.
    fn conf(kind: TendinopathyType, minute: i64) -> Option<Confirmation> {
        Some(Confirmation {
            kind,
            at: Some(at(minute)),
        })
    }

    /// A current triage at minute 0.
    fn tri(outcome: TriageOutcome) -> Option<CurrentTriage> {
        Some(CurrentTriage { outcome, at: at(0) })
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
    fn only_the_insertional_plan_has_the_hurdle_gate_and_the_flat_floor_rule() {
        assert!(has_hurdle_gate(INS));
        assert!(!has_hurdle_gate(MID));
        let p = |kind| Plan {
            kind,
            source: PlanSource::Triage,
        };
        let rule = p(INS).floor_rule().unwrap();
        assert!(rule.contains("flat floor") && rule.contains("edge of a step"));
        assert!(rule.contains("compressed most with the ankle bent up"));
        assert!(rule.contains("67 %") && rule.contains("32 %"));
        assert_eq!(p(MID).floor_rule(), None);
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
    fn a_clinician_overrides_the_triage_type_and_an_older_refer() {
        // Confirmed after the urgent triage: the clinician has assessed the runner.
        assert_eq!(
            decide(conf(MID, 5), tri(TriageOutcome::Refer), None),
            plan(MID, PlanSource::ClinicianConfirmed)
        );
        assert_eq!(
            decide(conf(INS, -5), tri(TriageOutcome::Midportion), Some(MID)),
            plan(INS, PlanSource::ClinicianConfirmed)
        );
        assert_eq!(
            decide(conf(INS, 0), None, None),
            plan(INS, PlanSource::ClinicianConfirmed)
        );
        assert!(!urgent_flag_overrides_confirmation(
            conf(MID, 5),
            tri(TriageOutcome::Refer)
        ));
    }

    #[test]
    fn an_urgent_flag_newer_than_the_confirmation_withholds_the_plan() {
        // The runner reported a sudden pop after the clinician confirmed the type.
        assert_eq!(
            decide(conf(INS, -60), tri(TriageOutcome::Refer), None),
            PlanDecision::Refer
        );
        assert!(urgent_flag_overrides_confirmation(
            conf(INS, -60),
            tri(TriageOutcome::Refer)
        ));
        // At the same moment, or confirmed at an unknown time: still withheld.
        assert_eq!(
            decide(conf(INS, 0), tri(TriageOutcome::Refer), None),
            PlanDecision::Refer
        );
        let undated = Some(Confirmation {
            kind: MID,
            at: None,
        });
        assert_eq!(
            decide(undated, tri(TriageOutcome::Refer), None),
            PlanDecision::Refer
        );
        // A newer triage without an urgent flag gives the confirmed plan back.
        assert_eq!(
            decide(conf(INS, -60), tri(TriageOutcome::Unclear), None),
            plan(INS, PlanSource::ClinicianConfirmed)
        );
        assert!(!urgent_flag_overrides_confirmation(
            conf(INS, -60),
            tri(TriageOutcome::Unclear)
        ));
    }

    #[test]
    fn without_a_triage_there_is_no_plan() {
        assert_eq!(decide(None, None, None), PlanDecision::NoTriage);
        assert_eq!(decide(None, None, Some(INS)), PlanDecision::NoTriage);
    }

    #[test]
    fn refer_gives_no_plan_even_if_one_was_picked() {
        assert_eq!(
            decide(None, tri(TriageOutcome::Refer), None),
            PlanDecision::Refer
        );
        assert_eq!(
            decide(None, tri(TriageOutcome::Refer), Some(MID)),
            PlanDecision::Refer
        );
    }

    #[test]
    fn a_clear_triage_gives_its_plan() {
        assert_eq!(
            decide(None, tri(TriageOutcome::Insertional), None),
            plan(INS, PlanSource::Triage)
        );
        assert_eq!(
            decide(None, tri(TriageOutcome::Midportion), None),
            plan(MID, PlanSource::Triage)
        );
        // A stale pick does not override a clear triage.
        assert_eq!(
            decide(None, tri(TriageOutcome::Midportion), Some(INS)),
            plan(MID, PlanSource::Triage)
        );
    }

    #[test]
    fn mixed_or_unclear_needs_a_choice_until_one_is_made() {
        for outcome in [TriageOutcome::Mixed, TriageOutcome::Unclear] {
            assert_eq!(
                decide(None, tri(outcome), None),
                PlanDecision::NeedsChoice(outcome)
            );
            for kind in [INS, MID] {
                assert_eq!(
                    decide(None, tri(outcome), Some(kind)),
                    plan(kind, PlanSource::SelfSelected)
                );
            }
        }
    }

    fn any_type() -> impl Strategy<Value = TendinopathyType> {
        prop::sample::select(vec![INS, MID])
    }

    fn any_triage() -> impl Strategy<Value = Option<CurrentTriage>> {
        prop::option::of(
            (
                prop::sample::select(TriageOutcome::ALL.to_vec()),
                -600i64..600,
            )
                .prop_map(|(outcome, minute)| CurrentTriage {
                    outcome,
                    at: at(minute),
                }),
        )
    }

    fn any_confirmation() -> impl Strategy<Value = Confirmation> {
        (any_type(), prop::option::of(-600i64..600)).prop_map(|(kind, minute)| Confirmation {
            kind,
            at: minute.map(at),
        })
    }

    proptest! {
        #[test]
        fn a_clinician_confirmed_type_wins_unless_a_newer_urgent_flag(
            confirmed in any_confirmation(),
            triage in any_triage(),
            picked in prop::option::of(any_type()),
        ) {
            let newer_urgent = triage.is_some_and(|t| {
                t.outcome == TriageOutcome::Refer && confirmed.at.is_none_or(|c| c <= t.at)
            });
            let expected = if newer_urgent {
                PlanDecision::Refer
            } else {
                plan(confirmed.kind, PlanSource::ClinicianConfirmed)
            };
            prop_assert_eq!(decide(Some(confirmed), triage, picked), expected);
        }

        #[test]
        fn an_urgent_flag_newer_than_any_confirmation_always_withholds_the_plan(
            confirmed in prop::option::of(any_confirmation()),
            triage_minute in -600i64..600,
            later_by in 0i64..600,
            picked in prop::option::of(any_type()),
        ) {
            // The urgent triage is at or after the confirmation (or there is none).
            let confirmed = confirmed.map(|c| Confirmation {
                at: c.at.map(|_| at(triage_minute - later_by)),
                ..c
            });
            let triage = CurrentTriage { outcome: TriageOutcome::Refer, at: at(triage_minute) };
            prop_assert_eq!(decide(confirmed, Some(triage), picked), PlanDecision::Refer);
        }
    }
}
