//! The six stories demo runners follow, and their fixed traits.

use chrono_tz::Tz;

use crate::domain::triage::Location;
use crate::domain::values::{InjuredSide, TendinopathyType, Units};
/// What happens to a demo runner over the weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Story {
    Steady,
    Midportion,
    MixedFlare,
    Caution,
    Refer,
    Lapsed,
}

impl Story {
    pub const ALL: [Story; 6] = [
        Story::Steady,
        Story::Midportion,
        Story::MixedFlare,
        Story::Caution,
        Story::Refer,
        Story::Lapsed,
    ];

    /// The story of runner `number` (from 1).
    pub fn for_runner(number: usize) -> Story {
        Story::ALL[number.saturating_sub(1) % Story::ALL.len()]
    }

    pub(super) fn profile(self) -> Profile {
        match self {
            Story::Steady => Profile {
                side: InjuredSide::Right,
                location: Location::Insertion,
                ticked: &[
                    "worse_after_speed",
                    "worse_with_hills",
                    "tender_at_insertion",
                ],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::Europe::Berlin,
                threshold: 25,
                end_reps: 30.0,
                morning: (3.0, 0.6),
                health: (0.52, 0.88),
                load_pace: 1.0,
                painkillers: 0.03,
                flares: &[0.35],
            },
            Story::Midportion => Profile {
                side: InjuredSide::Left,
                location: Location::Midportion,
                ticked: &["worse_in_morning", "thick_or_swollen", "pinch_tender"],
                self_selected: None,
                units: Units::Lb,
                timezone: chrono_tz::America::New_York,
                threshold: 25,
                end_reps: 28.0,
                morning: (4.0, 1.0),
                health: (0.45, 0.8),
                load_pace: 1.0,
                painkillers: 0.05,
                flares: &[0.5],
            },
            Story::MixedFlare => Profile {
                side: InjuredSide::Right,
                location: Location::Both,
                ticked: &["worse_after_speed", "worse_in_morning", "pinch_tender"],
                self_selected: Some(TendinopathyType::Insertional),
                units: Units::Kg,
                timezone: chrono_tz::Europe::London,
                threshold: 25,
                end_reps: 29.0,
                morning: (3.5, 1.0),
                health: (0.5, 0.82),
                load_pace: 1.0,
                painkillers: 0.04,
                flares: &[],
            },
            Story::Caution => Profile {
                side: InjuredSide::Left,
                location: Location::Insertion,
                ticked: &[
                    "worse_with_hills",
                    "raises_stopped_helping",
                    "night_or_rest_pain",
                    "fluoroquinolone",
                ],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::Australia::Sydney,
                threshold: 30,
                end_reps: 24.0,
                morning: (4.0, 2.0),
                health: (0.42, 0.66),
                load_pace: 0.6,
                painkillers: 0.08,
                flares: &[0.3, 0.7],
            },
            Story::Refer => Profile {
                side: InjuredSide::Right,
                location: Location::Midportion,
                ticked: &["worse_in_morning", "sudden_pop", "cannot_single_leg_raise"],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::America::Los_Angeles,
                threshold: 25,
                end_reps: 0.0,
                morning: (4.5, 4.0),
                health: (0.3, 0.3),
                load_pace: 0.0,
                painkillers: 0.3,
                flares: &[],
            },
            Story::Lapsed => Profile {
                side: InjuredSide::Both,
                location: Location::Midportion,
                ticked: &["worse_in_morning", "better_with_raises", "thick_or_swollen"],
                self_selected: None,
                units: Units::Kg,
                timezone: chrono_tz::Europe::Madrid,
                threshold: 25,
                end_reps: 26.0,
                morning: (4.0, 2.5),
                health: (0.45, 0.62),
                load_pace: 0.8,
                painkillers: 0.15,
                flares: &[0.45],
            },
        }
    }
}

/// The fixed traits of a story.
pub(super) struct Profile {
    pub(super) side: InjuredSide,
    pub(super) location: Location,
    pub(super) ticked: &'static [&'static str],
    pub(super) self_selected: Option<TendinopathyType>,
    pub(super) units: Units,
    pub(super) timezone: Tz,
    pub(super) threshold: u8,
    /// Pain-free single-leg raises on the injured side at the end (from about 12).
    pub(super) end_reps: f64,
    /// Typical morning pain at the start and at the end.
    pub(super) morning: (f64, f64),
    /// VISA-A "health" from 0 to 1 at the start and at the end.
    pub(super) health: (f64, f64),
    /// How much of the load progression the runner gets through (1 = all of it).
    pub(super) load_pace: f64,
    /// Chance of painkillers on an ordinary morning.
    pub(super) painkillers: f64,
    /// Flares, as fractions of the span.
    pub(super) flares: &'static [f64],
}

pub(super) const FIRST_NAMES: [&str; 12] = [
    "Maya", "Tomás", "Priya", "Jonas", "Aisha", "Sam", "Ingrid", "Kofi", "Lucía", "Declan", "Mei",
    "Ravi",
];
pub(super) const LAST_NAMES: [&str; 10] = [
    "Lindqvist",
    "Ortega",
    "Nair",
    "Berg",
    "Bello",
    "Carter",
    "Halvorsen",
    "Mensah",
    "Romero",
    "Walsh",
];

pub(super) fn display_name(number: usize) -> String {
    let i = number.saturating_sub(1);
    let first = FIRST_NAMES[i % FIRST_NAMES.len()];
    let last = LAST_NAMES[(i + i / FIRST_NAMES.len()) % LAST_NAMES.len()];
    format!("{first} {last}")
}
