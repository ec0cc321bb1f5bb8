//! The exercise catalogue (DESIGN 2.2): five exercises with stable slugs, three for the
//! insertional plan and two for the mid-portion plan.

use crate::domain::values::{InjuredSide, SetSide, TendinopathyType};

/// How long every isometric hold in the catalogue lasts, in seconds.
pub const HOLD_TARGET_SECONDS: u16 = 45;

/// The load guidance that applies to the whole catalogue.
pub const LOAD_GUIDANCE: &str =
    "Keep loads light to medium: enough to reach the effort shown, never a maximal lift.";

/// What one session of an exercise asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dose {
    /// Isometric holds: `holds` holds of `seconds` seconds each.
    Hold { holds: u8, seconds: u16 },
    /// Sets of repetitions, each a range (equal ends mean one number).
    Reps {
        sets_min: u8,
        sets_max: u8,
        reps_min: u8,
        reps_max: u8,
    },
}

/// Which exercise of the catalogue: the type every set, advice and view carries. It is parsed
/// from its slug at the edges (posted forms, stored rows) and spelled as that slug on the way
/// out; the slugs themselves are written only in the catalogue below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExerciseId {
    TopIsoHold,
    TempoCalfRaise,
    HurdleJumps,
    MidIsoHold,
    SingleLegCalfRaise,
}

impl ExerciseId {
    /// Every exercise, in catalogue order.
    pub const ALL: [ExerciseId; 5] = [
        ExerciseId::TopIsoHold,
        ExerciseId::TempoCalfRaise,
        ExerciseId::HurdleJumps,
        ExerciseId::MidIsoHold,
        ExerciseId::SingleLegCalfRaise,
    ];

    /// The catalogue entry.
    pub fn exercise(self) -> &'static Exercise {
        // The catalogue lists the exercises in the order of the enum (tested below).
        &CATALOGUE[self as usize]
    }

    /// The stable slug, as posted in forms, stored in the database and exported.
    pub fn slug(self) -> &'static str {
        self.exercise().slug
    }

    /// The exercise with this slug; `None` for anything else (slugs are matched exactly).
    pub fn parse(slug: &str) -> Option<ExerciseId> {
        ExerciseId::ALL.into_iter().find(|id| id.slug() == slug)
    }
}

impl std::fmt::Display for ExerciseId {
    /// The slug.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

/// One exercise of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    pub id: ExerciseId,
    /// Stable identifier, used in forms, storage and URLs.
    pub slug: &'static str,
    pub name: &'static str,
    /// The plan the exercise belongs to.
    pub plan: TendinopathyType,
    /// Locked behind the hurdle-jump gate (DESIGN 2.3).
    pub gated: bool,
    pub dose: Dose,
    /// Speed of each rep, when it matters.
    pub tempo: Option<&'static str>,
    /// Target effort (rate of perceived exertion, 1–10), when one is set.
    pub rpe: Option<u8>,
    /// Where in the movement the work happens.
    pub range: &'static str,
    /// Which leg or legs do the work.
    pub leg: &'static str,
    /// Rest between holds or sets.
    pub rest: &'static str,
    /// The whole dose in one line, e.g. "5 holds × 45 s, RPE 8".
    pub prescription: &'static str,
    /// Short coaching points, in the order to show them.
    pub cues: &'static [&'static str],
    /// Why the exercise is in the plan, in plain words.
    pub why: &'static str,
    /// The dose is for each side (left and right) separately, injured or not.
    pub per_side: bool,
    /// One movement for both legs together: its rows have no side (`both`) and a runner injured
    /// on both sides does the dose once, not once per side.
    pub two_legged: bool,
    /// Whether a weight may be added; an exercise without it is logged with no load and
    /// progresses by reps, never by weight.
    pub added_load: bool,
}

impl Exercise {
    /// Whether the exercise is logged as holds (seconds) rather than reps.
    pub fn is_hold(&self) -> bool {
        matches!(self.dose, Dose::Hold { .. })
    }

    /// How many set rows the session form prefills: the number of holds, or the most sets
    /// prescribed. For a `per_side` exercise this count is per side.
    pub fn prescribed_rows(&self) -> u8 {
        match self.dose {
            Dose::Hold { holds, .. } => holds,
            Dose::Reps { sets_max, .. } => sets_max,
        }
    }

    /// The sides of the prefilled set rows, in order, each repeated [`Exercise::prescribed_rows`]
    /// times: `both` once for two-legged work, left and right for a per-side dose, else each
    /// injured side.
    pub fn row_sides(&self, injured: InjuredSide) -> Vec<SetSide> {
        if self.two_legged {
            vec![SetSide::Both]
        } else if self.per_side {
            vec![SetSide::Left, SetSide::Right]
        } else {
            injured.sides().into_iter().map(SetSide::from).collect()
        }
    }

    /// How many set rows the session form prefills for a runner injured on `injured`.
    pub fn prescribed_set_rows(&self, injured: InjuredSide) -> usize {
        self.row_sides(injured).len() * usize::from(self.prescribed_rows())
    }

    /// The reps a rep row is prefilled with (the low end of the range); `None` for holds.
    pub fn default_reps(&self) -> Option<u16> {
        match self.dose {
            Dose::Hold { .. } => None,
            Dose::Reps { reps_min, .. } => Some(u16::from(reps_min)),
        }
    }

    /// The seconds a hold row is prefilled with; `None` for rep exercises.
    pub fn default_hold_seconds(&self) -> Option<u16> {
        match self.dose {
            Dose::Hold { seconds, .. } => Some(seconds),
            Dose::Reps { .. } => None,
        }
    }
}

static CATALOGUE: [Exercise; 5] = [
    Exercise {
        id: ExerciseId::TopIsoHold,
        slug: "top-iso-hold",
        name: "Top-range weight-shift hold",
        plan: TendinopathyType::Insertional,
        gated: false,
        dose: Dose::Hold {
            holds: 5,
            seconds: HOLD_TARGET_SECONDS,
        },
        tempo: None,
        rpe: Some(8),
        range: "At the very top of the raise, as high as you can rise",
        leg: "Go up on 2 feet, then move your weight across to the injured side",
        rest: "Rest as needed between holds",
        prescription: "5 holds × 45 s at the very top, RPE 8",
        cues: &[
            "On a flat floor, never on a step: the heel never drops below the level of the forefoot.",
            "Come up on both feet, then move your weight across to the injured leg.",
            "Stay tall at the very top and keep that height for the full 45 s.",
            "Could you stay up there all day? Then hold a weight, enough that the calf is spent by 45 s.",
            "Body weight is enough for some runners; others need to hold a light to medium weight.",
        ],
        why: "Insertional pain often takes away the last part of the raise, the top range that fast running and hills rely on. Holding that height is loading work that rebuilds tolerance for it, far from the bent-up ankle that compresses the insertion most; it is not meant to switch pain off.",
        per_side: false,
        two_legged: false,
        added_load: true,
    },
    Exercise {
        id: ExerciseId::TempoCalfRaise,
        slug: "tempo-calf-raise",
        name: "Weighted tempo calf raise",
        plan: TendinopathyType::Insertional,
        gated: false,
        dose: Dose::Reps {
            sets_min: 3,
            sets_max: 4,
            reps_min: 8,
            reps_max: 8,
        },
        tempo: Some("2 s up / 3 s down"),
        rpe: Some(8),
        range: "The whole raise, under control all the way",
        leg: "Double or single leg, as tolerated",
        rest: "Rest as needed between sets",
        prescription: "3–4 sets × 8, 2 s up / 3 s down, RPE 8, minimal pain",
        cues: &[
            "On a flat floor, never off a step: lower until the heel meets the floor, never below the forefoot.",
            "Control matters more than load: count 2 seconds on the way up and 3 on the way down.",
            "No heel whip: the heels should not swing out.",
            "Keep the foot from collapsing inwards or bowing outwards.",
            "Choose a light to medium weight that brings you to RPE 8 with minimal pain.",
        ],
        why: "A sore insertional tendon tends to react to speed more than to weight. Slow, strict reps let it accept load again while the calf and tendon get stronger.",
        per_side: false,
        two_legged: false,
        added_load: true,
    },
    Exercise {
        id: ExerciseId::HurdleJumps,
        slug: "hurdle-jumps",
        name: "Two-legged hurdle jumps",
        plan: TendinopathyType::Insertional,
        gated: true,
        dose: Dose::Reps {
            sets_min: 4,
            sets_max: 4,
            reps_min: 8,
            reps_max: 10,
        },
        tempo: Some("One jump at a time: jump, land, reset"),
        rpe: None,
        range: "Over a hurdle, taking off and landing on both feet",
        leg: "Two-legged: both feet together",
        rest: "Come to a full stop between jumps; rest as needed between sets",
        prescription: "4 sets × 8–10 jumps, two-legged, non-continuous (jump, land, reset)",
        cues: &[
            "Only once the hurdle-jump gate is open.",
            "Non-continuous: jump, land, reset, and only then take the next jump; never bounce straight on.",
            "Take off and land with both feet together.",
            "No added weight: progress from 8 to 10 jumps per set.",
        ],
        why: "Fast running and hills make the tendon store and release energy like a spring. These jumps bring that back in small, controlled doses, and two feet plus a reset between jumps keep the stress modest.",
        per_side: false,
        two_legged: true,
        added_load: false,
    },
    Exercise {
        id: ExerciseId::MidIsoHold,
        slug: "mid-iso-hold",
        name: "Mid-range weight-shift hold",
        plan: TendinopathyType::Midportion,
        gated: false,
        dose: Dose::Hold {
            holds: 5,
            seconds: HOLD_TARGET_SECONDS,
        },
        tempo: None,
        rpe: Some(8),
        range: "About 55 % of your full raise height, roughly halfway up",
        leg: "Rise on 2 feet and shift onto the injured side; single or double leg",
        rest: "Rest as needed between holds",
        prescription: "5 holds × 45 s at about 55 % of full height, RPE 8",
        cues: &[
            "Be strict with the height: creeping higher changes what the tendon is trained for.",
            "Pick a load that leaves the calf spent as the 45 s run out.",
            "Single or double leg both work; pick the one that reaches RPE 8 with a light to medium load.",
        ],
        why: "Halfway up, the tendon's middle section, where mid-portion pain sits, carries the load without the tendon being pressed hard against the heel. It is loading work for that part of the tendon, not a way to switch pain off.",
        per_side: false,
        two_legged: false,
        added_load: true,
    },
    Exercise {
        id: ExerciseId::SingleLegCalfRaise,
        slug: "single-leg-calf-raise",
        name: "Single-leg weighted calf raise",
        plan: TendinopathyType::Midportion,
        gated: false,
        dose: Dose::Reps {
            sets_min: 4,
            sets_max: 4,
            reps_min: 8,
            reps_max: 8,
        },
        tempo: Some("Steady, no rushing"),
        rpe: Some(8),
        range: "The full raise: heel straight up and straight down",
        leg: "One leg at a time, each side",
        rest: "Rest as needed between sets",
        prescription: "4 sets × 8 per side, barbell or dumbbell, RPE 8, steady",
        cues: &[
            "Stand tall through the whole set.",
            "Move the heel straight up and straight down.",
            "Keep the foot and heel in line.",
            "Hold a barbell or dumbbell, light to medium, so the last reps feel like RPE 8.",
        ],
        why: "It looks basic, yet for mid-portion tendinopathy it is specific: careful, loaded reps in this pattern build the tendon's capacity for running and speed work.",
        per_side: true,
        two_legged: false,
        added_load: true,
    },
];

/// The whole catalogue: insertional exercises first, then mid-portion ones.
pub fn catalogue() -> &'static [Exercise] {
    &CATALOGUE
}

/// The exercise with this slug, if any.
pub fn by_slug(slug: &str) -> Option<&'static Exercise> {
    ExerciseId::parse(slug).map(ExerciseId::exercise)
}

/// Where an exercise stands in the catalogue, for listing exercises in catalogue order.
pub fn catalogue_rank(id: ExerciseId) -> usize {
    id as usize
}

/// How long a hold of this exercise should last; `None` for rep exercises.
pub fn hold_target(id: ExerciseId) -> Option<u16> {
    id.exercise().default_hold_seconds()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn get(slug: &str) -> &'static Exercise {
        match by_slug(slug) {
            Some(e) => e,
            None => panic!("{slug} is missing from the catalogue"),
        }
    }

    fn text(e: &Exercise) -> String {
        let mut all = vec![e.name, e.range, e.leg, e.rest, e.prescription, e.why];
        all.extend(e.tempo);
        all.extend(e.cues.iter().copied());
        all.join("\n")
    }

    #[test]
    fn top_iso_hold() {
        let e = get("top-iso-hold");
        assert_eq!(e.plan, TendinopathyType::Insertional);
        assert!(!e.gated && !e.per_side);
        assert_eq!(
            e.dose,
            Dose::Hold {
                holds: 5,
                seconds: 45
            }
        );
        assert_eq!(e.rpe, Some(8));
        assert!(e.prescription.contains("5 holds × 45 s"));
        assert!(e.prescription.contains("RPE 8"));
        assert!(e.range.contains("very top"));
        assert!(e.leg.contains("2 feet") && e.leg.contains("injured side"));
        assert!(e.rest.contains("as needed"));
        assert!(text(e).contains("all day"));
        assert!(e.is_hold());
        assert_eq!(e.prescribed_rows(), 5);
        assert_eq!(e.default_hold_seconds(), Some(45));
        assert_eq!(e.default_reps(), None);
    }

    #[test]
    fn tempo_calf_raise() {
        let e = get("tempo-calf-raise");
        assert_eq!(e.plan, TendinopathyType::Insertional);
        assert!(!e.gated && !e.per_side);
        assert_eq!(
            e.dose,
            Dose::Reps {
                sets_min: 3,
                sets_max: 4,
                reps_min: 8,
                reps_max: 8
            }
        );
        assert_eq!(e.tempo, Some("2 s up / 3 s down"));
        assert_eq!(e.rpe, Some(8));
        assert!(e.prescription.contains("3–4 sets × 8"));
        assert!(e.prescription.contains("2 s up / 3 s down"));
        assert!(e.prescription.contains("RPE 8"));
        assert!(e.prescription.contains("minimal pain"));
        assert!(e.leg.contains("Double or single leg") && e.leg.contains("as tolerated"));
        let t = text(e);
        assert!(t.contains("heel whip") && t.contains("collapsing") && t.contains("bowing"));
        assert!(!e.is_hold());
        assert_eq!(e.prescribed_rows(), 4);
        assert_eq!(e.default_reps(), Some(8));
        assert_eq!(e.default_hold_seconds(), None);
    }

    #[test]
    fn hurdle_jumps() {
        let e = get("hurdle-jumps");
        assert_eq!(e.plan, TendinopathyType::Insertional);
        assert!(e.gated && !e.per_side);
        assert_eq!(
            e.dose,
            Dose::Reps {
                sets_min: 4,
                sets_max: 4,
                reps_min: 8,
                reps_max: 10
            }
        );
        assert!(e.prescription.contains("4 sets × 8–10"));
        assert!(e.prescription.contains("two-legged"));
        assert!(e
            .prescription
            .contains("non-continuous (jump, land, reset)"));
        assert!(e.leg.contains("Two-legged"));
        assert!(text(e).contains("gate is open"));
        assert_eq!(e.prescribed_rows(), 4);
        assert_eq!(e.default_reps(), Some(8));
    }

    #[test]
    fn mid_iso_hold() {
        let e = get("mid-iso-hold");
        assert_eq!(e.plan, TendinopathyType::Midportion);
        assert!(!e.gated && !e.per_side);
        assert_eq!(
            e.dose,
            Dose::Hold {
                holds: 5,
                seconds: 45
            }
        );
        assert_eq!(e.rpe, Some(8));
        assert!(e.prescription.contains("5 holds × 45 s"));
        assert!(e.prescription.contains("55 %"));
        assert!(e.prescription.contains("RPE 8"));
        assert!(e.range.contains("55 %"));
        assert!(e.leg.contains("2 feet") && e.leg.contains("injured side"));
        assert!(e.leg.contains("single or double leg"));
        assert!(text(e).contains("strict with the height"));
        assert_eq!(e.prescribed_rows(), 5);
        assert_eq!(e.default_hold_seconds(), Some(45));
    }

    #[test]
    fn single_leg_calf_raise() {
        let e = get("single-leg-calf-raise");
        assert_eq!(e.plan, TendinopathyType::Midportion);
        assert!(!e.gated);
        assert!(e.per_side);
        assert_eq!(
            e.dose,
            Dose::Reps {
                sets_min: 4,
                sets_max: 4,
                reps_min: 8,
                reps_max: 8
            }
        );
        assert_eq!(e.rpe, Some(8));
        assert!(e.prescription.contains("4 sets × 8 per side"));
        assert!(e.prescription.contains("barbell or dumbbell"));
        assert!(e.prescription.contains("RPE 8"));
        assert!(e.prescription.contains("steady"));
        let t = text(e);
        assert!(t.contains("no rushing"));
        assert!(t.contains("tall") && t.contains("straight up and straight down"));
        assert!(t.contains("foot and heel in line"));
        assert_eq!(e.prescribed_rows(), 4);
        assert_eq!(e.default_reps(), Some(8));
    }

    #[test]
    fn slugs_are_unique_and_stable() {
        let slugs: Vec<&str> = catalogue().iter().map(|e| e.slug).collect();
        assert_eq!(
            slugs,
            [
                "top-iso-hold",
                "tempo-calf-raise",
                "hurdle-jumps",
                "mid-iso-hold",
                "single-leg-calf-raise",
            ]
        );
        let unique: std::collections::BTreeSet<&str> = slugs.iter().copied().collect();
        assert_eq!(unique.len(), slugs.len());
        for e in catalogue() {
            assert_eq!(by_slug(e.slug), Some(e));
        }
        assert_eq!(by_slug("eccentric-drop"), None);
        assert_eq!(by_slug(""), None);
    }

    #[test]
    fn every_id_names_its_own_catalogue_entry_in_order() {
        assert_eq!(ExerciseId::ALL.len(), catalogue().len());
        assert!(
            ExerciseId::ALL.windows(2).all(|w| w[0] < w[1]),
            "ids order as the catalogue does"
        );
        for (i, (id, e)) in ExerciseId::ALL.iter().zip(catalogue()).enumerate() {
            assert_eq!(e.id, *id);
            assert_eq!(id.exercise(), e);
            assert_eq!(catalogue_rank(*id), i);
        }
    }

    #[test]
    fn every_id_round_trips_through_its_slug() {
        for id in ExerciseId::ALL {
            assert_eq!(ExerciseId::parse(id.slug()), Some(id));
            assert_eq!(id.to_string(), id.slug());
            assert_eq!(id.slug(), id.exercise().slug);
        }
    }

    #[test]
    fn unknown_slugs_are_rejected() {
        for raw in [
            "",
            "eccentric-drop",
            "Top-Iso-Hold",
            " top-iso-hold",
            "top-iso-hold ",
            "top_iso_hold",
            "TopIsoHold",
        ] {
            assert_eq!(ExerciseId::parse(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn hold_targets_come_from_the_catalogue() {
        assert_eq!(
            hold_target(ExerciseId::TopIsoHold),
            Some(HOLD_TARGET_SECONDS)
        );
        assert_eq!(
            hold_target(ExerciseId::MidIsoHold),
            Some(HOLD_TARGET_SECONDS)
        );
        assert_eq!(hold_target(ExerciseId::TempoCalfRaise), None);
        assert_eq!(hold_target(ExerciseId::HurdleJumps), None);
        assert_eq!(hold_target(ExerciseId::SingleLegCalfRaise), None);
    }

    proptest! {
        #[test]
        fn any_string_that_parses_round_trips(
            raw in prop_oneof![
                prop::sample::select(ExerciseId::ALL.map(ExerciseId::slug).to_vec())
                    .prop_map(String::from),
                "[a-z-]{0,24}",
                ".*",
            ]
        ) {
            if let Some(id) = ExerciseId::parse(&raw) {
                prop_assert_eq!(id.slug(), raw.as_str());
                prop_assert_eq!(ExerciseId::parse(id.slug()), Some(id));
            }
        }
    }

    #[test]
    fn only_hurdle_jumps_are_gated_and_loads_stay_light_to_medium() {
        let gated: Vec<&str> = catalogue()
            .iter()
            .filter(|e| e.gated)
            .map(|e| e.slug)
            .collect();
        assert_eq!(gated, ["hurdle-jumps"]);
        assert!(LOAD_GUIDANCE.contains("light to medium"));
        for e in catalogue() {
            if e.rpe.is_some() {
                assert!(text(e).contains("light to medium"), "{}", e.slug);
            }
        }
    }

    #[test]
    fn holds_do_not_promise_pain_relief() {
        for e in catalogue().iter().filter(|e| e.is_hold()) {
            let why = e.why.to_lowercase();
            assert!(why.contains("loading work"), "{}", e.slug);
            for promise in [
                "relieve",
                "relief",
                "painkill",
                "reduces pain",
                "eases pain",
            ] {
                assert!(!why.contains(promise), "{} promises {promise}", e.slug);
            }
        }
    }

    #[test]
    fn two_legged_work_is_one_row_per_set_and_carries_no_load() {
        let hj = get("hurdle-jumps");
        assert!(hj.two_legged && !hj.added_load);
        for injured in [InjuredSide::Left, InjuredSide::Right, InjuredSide::Both] {
            assert_eq!(hj.row_sides(injured), [SetSide::Both]);
            assert_eq!(hj.prescribed_set_rows(injured), 4, "4 sets, not 4 per side");
        }
        assert!(text(hj).contains("8 to 10 jumps"));
        // Per-side work still gets rows per side.
        let top = get("top-iso-hold");
        assert_eq!(
            top.row_sides(InjuredSide::Both),
            [SetSide::Left, SetSide::Right]
        );
        assert_eq!(top.prescribed_set_rows(InjuredSide::Both), 10);
        assert_eq!(top.row_sides(InjuredSide::Right), [SetSide::Right]);
        let sl = get("single-leg-calf-raise");
        assert_eq!(sl.prescribed_set_rows(InjuredSide::Right), 8);
        let two_legged: Vec<&str> = catalogue()
            .iter()
            .filter(|e| e.two_legged || !e.added_load)
            .map(|e| e.slug)
            .collect();
        assert_eq!(two_legged, ["hurdle-jumps"]);
    }

    #[test]
    fn insertional_work_stays_on_a_flat_floor() {
        for e in catalogue()
            .iter()
            .filter(|e| e.plan == TendinopathyType::Insertional && !e.gated)
        {
            let t = text(e);
            assert!(t.contains("flat floor"), "{}", e.slug);
            assert!(
                t.contains("below the forefoot") || t.contains("below the level of the forefoot"),
                "{}",
                e.slug
            );
        }
        for e in catalogue() {
            let t = text(e).to_lowercase();
            // The insertion is compressed most with the ankle bent up, not at the top.
            assert!(!t.contains("squeezed hardest"), "{}", e.slug);
            assert!(!t.contains("compressed most at the top"), "{}", e.slug);
        }
    }
}
