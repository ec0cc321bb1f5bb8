//! Validated values shared by every rule: a value of one of these types cannot hold a bad value.
//!
//! Raw form input is parsed at the edge (`parse`), and the message of a [`ValueError`] is written
//! for the person who typed it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a typed value was refused, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ValueError> {
    Err(ValueError(msg.into()))
}

fn parse_whole(raw: &str, what: &str) -> Result<i64, ValueError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return err(format!("Enter {what}."));
    }
    raw.parse::<i64>()
        .or_else(|_| err(format!("Enter {what} as a whole number.")))
}

fn parse_decimal(raw: &str, what: &str) -> Result<f64, ValueError> {
    let raw = raw.trim().replace(',', ".");
    if raw.is_empty() {
        return err(format!("Enter {what}."));
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => err(format!("Enter {what} as a number.")),
    }
}

/// One leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Left, Side::Right];

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }

    pub fn parse(raw: &str) -> Result<Side, ValueError> {
        match raw.trim() {
            "left" => Ok(Side::Left),
            "right" => Ok(Side::Right),
            "" => err("Choose left or right."),
            _ => err("Choose left or right from the list."),
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "Left",
            Side::Right => "Right",
        }
    }
}

/// The leg or legs a logged set worked: one leg, or both together (two-legged work such as hurdle
/// jumps, which has no side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SetSide {
    Left,
    Right,
    Both,
}

impl SetSide {
    pub fn as_str(self) -> &'static str {
        match self {
            SetSide::Left => "left",
            SetSide::Right => "right",
            SetSide::Both => "both",
        }
    }

    pub fn parse(raw: &str) -> Result<SetSide, ValueError> {
        match raw.trim() {
            "left" => Ok(SetSide::Left),
            "right" => Ok(SetSide::Right),
            "both" => Ok(SetSide::Both),
            "" => err("Choose left, right or both legs."),
            _ => err("Choose left, right or both legs from the list."),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SetSide::Left => "Left",
            SetSide::Right => "Right",
            SetSide::Both => "Both legs",
        }
    }
}

impl From<Side> for SetSide {
    fn from(side: Side) -> SetSide {
        match side {
            Side::Left => SetSide::Left,
            Side::Right => SetSide::Right,
        }
    }
}

/// Which Achilles hurts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InjuredSide {
    Left,
    Right,
    Both,
}

impl InjuredSide {
    pub fn as_str(self) -> &'static str {
        match self {
            InjuredSide::Left => "left",
            InjuredSide::Right => "right",
            InjuredSide::Both => "both",
        }
    }

    pub fn parse(raw: &str) -> Result<InjuredSide, ValueError> {
        match raw.trim() {
            "left" => Ok(InjuredSide::Left),
            "right" => Ok(InjuredSide::Right),
            "both" => Ok(InjuredSide::Both),
            "" => err("Choose which side hurts."),
            _ => err("Choose left, right or both from the list."),
        }
    }

    /// The legs that are injured, left first.
    pub fn sides(self) -> Vec<Side> {
        match self {
            InjuredSide::Left => vec![Side::Left],
            InjuredSide::Right => vec![Side::Right],
            InjuredSide::Both => vec![Side::Left, Side::Right],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InjuredSide::Left => "Left",
            InjuredSide::Right => "Right",
            InjuredSide::Both => "Both",
        }
    }
}

/// The two kinds of Achilles tendinopathy Tendo has a plan for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TendinopathyType {
    Insertional,
    Midportion,
}

impl TendinopathyType {
    pub fn as_str(self) -> &'static str {
        match self {
            TendinopathyType::Insertional => "insertional",
            TendinopathyType::Midportion => "midportion",
        }
    }

    pub fn parse(raw: &str) -> Result<TendinopathyType, ValueError> {
        match raw.trim() {
            "insertional" => Ok(TendinopathyType::Insertional),
            "midportion" => Ok(TendinopathyType::Midportion),
            _ => err("Choose insertional or mid-portion."),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TendinopathyType::Insertional => "Insertional",
            TendinopathyType::Midportion => "Mid-portion",
        }
    }
}

/// Pain on the 0–10 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PainScore(u8);

impl PainScore {
    pub fn new(v: i64) -> Result<PainScore, ValueError> {
        if (0..=10).contains(&v) {
            Ok(PainScore(v as u8))
        } else {
            err("Pain is a number from 0 (none) to 10 (worst).")
        }
    }
    pub fn parse(raw: &str) -> Result<PainScore, ValueError> {
        PainScore::new(parse_whole(raw, "pain from 0 to 10")?)
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Rate of perceived exertion, 1–10 in steps of a half. Stored as halves to stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rpe(u8);

impl Rpe {
    pub fn from_f64(v: f64) -> Result<Rpe, ValueError> {
        let halves = v * 2.0;
        if !(1.0..=10.0).contains(&v) || (halves - halves.round()).abs() > 1e-9 {
            return err("RPE is from 1 to 10, in steps of 0.5.");
        }
        Ok(Rpe(halves.round() as u8))
    }
    pub fn parse(raw: &str) -> Result<Rpe, ValueError> {
        Rpe::from_f64(parse_decimal(raw, "RPE from 1 to 10")?)
    }
    pub fn value(self) -> f64 {
        f64::from(self.0) / 2.0
    }
    /// The RPE in halves (`7.5` is 15), as the database keeps it.
    pub fn halves(self) -> i32 {
        i32::from(self.0)
    }
    /// An RPE from its halves, as the database keeps it.
    pub fn from_halves(halves: i32) -> Result<Rpe, ValueError> {
        Rpe::from_f64(f64::from(halves) / 2.0)
    }
}

impl fmt::Display for Rpe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(2) {
            write!(f, "{}", self.0 / 2)
        } else {
            write!(f, "{}.5", self.0 / 2)
        }
    }
}

/// Repetitions in one set, 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Reps(u16);

impl Reps {
    pub fn new(v: i64) -> Result<Reps, ValueError> {
        if (0..=100).contains(&v) {
            Ok(Reps(v as u16))
        } else {
            err("Reps are a whole number from 0 to 100.")
        }
    }
    pub fn parse(raw: &str) -> Result<Reps, ValueError> {
        Reps::new(parse_whole(raw, "the number of reps")?)
    }
    pub fn get(self) -> u16 {
        self.0
    }
}

/// A hold, 1–600 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct HoldSeconds(u16);

impl HoldSeconds {
    pub fn new(v: i64) -> Result<HoldSeconds, ValueError> {
        if (1..=600).contains(&v) {
            Ok(HoldSeconds(v as u16))
        } else {
            err("A hold is from 1 to 600 seconds.")
        }
    }
    pub fn parse(raw: &str) -> Result<HoldSeconds, ValueError> {
        HoldSeconds::new(parse_whole(raw, "the hold in seconds")?)
    }
    pub fn get(self) -> u16 {
        self.0
    }
}

/// The unit a runner enters and reads loads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Kg,
    Lb,
}

/// Kilograms in one pound, exactly (international avoirdupois pound).
pub const KG_PER_LB: f64 = 0.453_592_37;

impl Units {
    pub fn as_str(self) -> &'static str {
        match self {
            Units::Kg => "kg",
            Units::Lb => "lb",
        }
    }
    pub fn parse(raw: &str) -> Result<Units, ValueError> {
        match raw.trim() {
            "kg" => Ok(Units::Kg),
            "lb" => Ok(Units::Lb),
            _ => err("Choose kg or lb."),
        }
    }
    /// The load step the advice adds: 2.5 kg or 5 lb.
    pub fn load_step(self) -> f64 {
        match self {
            Units::Kg => 2.5,
            Units::Lb => 5.0,
        }
    }
}

/// An added load, stored in kilograms, 0–500 kg.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct LoadKg(f64);

impl LoadKg {
    pub const MAX_KG: f64 = 500.0;

    pub fn from_kg(kg: f64) -> Result<LoadKg, ValueError> {
        if kg.is_finite() && (0.0..=Self::MAX_KG + 1e-9).contains(&kg) {
            // `+ 0.0` turns a typed "-0" into 0, so it is never stored or shown as -0.
            Ok(LoadKg(kg.min(Self::MAX_KG) + 0.0))
        } else {
            err("Load is from 0 to 500 kg (1102 lb).")
        }
    }

    /// Parses a load typed in the runner's unit.
    pub fn parse(raw: &str, units: Units) -> Result<LoadKg, ValueError> {
        let v = parse_decimal(raw, "the load")?;
        if v < 0.0 {
            return err("Load cannot be negative; enter 0 for body weight.");
        }
        LoadKg::from_kg(to_kg(v, units))
    }

    pub fn kg(self) -> f64 {
        self.0
    }

    /// The load in the runner's unit, rounded to 0.01 for display and forms.
    pub fn display_in(self, units: Units) -> String {
        format_amount(from_kg(self.0, units))
    }
}

/// Converts an amount in `units` to kilograms.
pub fn to_kg(v: f64, units: Units) -> f64 {
    match units {
        Units::Kg => v,
        Units::Lb => v * KG_PER_LB,
    }
}

/// Converts kilograms to `units`.
pub fn from_kg(kg: f64, units: Units) -> f64 {
    match units {
        Units::Kg => kg,
        Units::Lb => kg / KG_PER_LB,
    }
}

/// Formats an amount with at most two decimals and no trailing zeros: 20, 22.5, 10.25.
pub fn format_amount(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let s = format!("{rounded:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A run's distance, 0–400 km.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct DistanceKm(f64);

impl DistanceKm {
    pub fn parse(raw: &str) -> Result<DistanceKm, ValueError> {
        let v = parse_decimal(raw, "the distance in km")?;
        if (0.0..=400.0).contains(&v) {
            // `+ 0.0` turns a typed "-0" into 0, so the runs page never shows "-0.0 km".
            Ok(DistanceKm(v + 0.0))
        } else {
            err("Distance is from 0 to 400 km.")
        }
    }
    pub fn from_km(v: f64) -> Result<DistanceKm, ValueError> {
        DistanceKm::parse(&v.to_string())
    }
    pub fn km(self) -> f64 {
        self.0
    }
}

/// Minutes of morning stiffness, 0–1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StiffnessMinutes(u16);

impl StiffnessMinutes {
    pub fn parse(raw: &str) -> Result<StiffnessMinutes, ValueError> {
        StiffnessMinutes::new(parse_whole(raw, "minutes of stiffness")?)
    }
    pub fn new(v: i64) -> Result<StiffnessMinutes, ValueError> {
        if (0..=1440).contains(&v) {
            Ok(StiffnessMinutes(v as u16))
        } else {
            err("Stiffness is from 0 to 1440 minutes.")
        }
    }
    pub fn get(self) -> u16 {
        self.0
    }
}

/// The pain-free single-leg calf raises that open the hurdle-jump gate: 25–35, default 25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GateThreshold(u8);

impl Default for GateThreshold {
    fn default() -> Self {
        GateThreshold(25)
    }
}

impl GateThreshold {
    pub const MIN: u8 = 25;
    pub const MAX: u8 = 35;

    pub fn new(v: i64) -> Result<GateThreshold, ValueError> {
        if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&v) {
            Ok(GateThreshold(v as u8))
        } else {
            err("The threshold is a whole number from 25 to 35 pain-free raises.")
        }
    }
    pub fn parse(raw: &str) -> Result<GateThreshold, ValueError> {
        GateThreshold::new(parse_whole(raw, "a threshold from 25 to 35")?)
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A day something was done: not before 2000 and not after the runner's today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LogDate(NaiveDate);

impl LogDate {
    pub fn new(date: NaiveDate, today: NaiveDate) -> Result<LogDate, ValueError> {
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
        if date < earliest {
            err("The date cannot be before 2000.")
        } else if date > today {
            err("The date cannot be in the future.")
        } else {
            Ok(LogDate(date))
        }
    }
    pub fn parse(raw: &str, today: NaiveDate) -> Result<LogDate, ValueError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return err("Enter the date.");
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .or_else(|_| err("Enter the date as YYYY-MM-DD."))?;
        LogDate::new(date, today)
    }
    pub fn date(self) -> NaiveDate {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pain_is_zero_to_ten() {
        assert!(PainScore::parse("0").is_ok());
        assert!(PainScore::parse("10").is_ok());
        assert!(PainScore::parse("11").is_err());
        assert!(PainScore::parse("-1").is_err());
        assert!(PainScore::parse("x").is_err());
        assert!(PainScore::parse("").is_err());
    }

    #[test]
    fn rpe_halves_round_trip_as_stored() {
        for h in 2..=20 {
            assert_eq!(Rpe::from_halves(h).unwrap().halves(), h);
        }
        assert_eq!(Rpe::from_halves(15).unwrap().value(), 7.5);
        assert!(Rpe::from_halves(1).is_err() && Rpe::from_halves(21).is_err());
    }

    #[test]
    fn rpe_takes_halves_from_one_to_ten() {
        assert_eq!(Rpe::parse("8").map(Rpe::value), Ok(8.0));
        assert_eq!(Rpe::parse("7.5").map(Rpe::value), Ok(7.5));
        assert_eq!(Rpe::parse("7,5").map(Rpe::value), Ok(7.5));
        assert!(Rpe::parse("7.3").is_err());
        assert!(Rpe::parse("0.5").is_err());
        assert!(Rpe::parse("10.5").is_err());
        assert_eq!(Rpe::parse("9.5").map(|r| r.to_string()), Ok("9.5".into()));
    }

    #[test]
    fn reps_holds_loads_and_distances_have_their_ranges() {
        assert!(Reps::parse("100").is_ok());
        assert!(Reps::parse("101").is_err());
        assert!(HoldSeconds::parse("0").is_err());
        assert!(HoldSeconds::parse("600").is_ok());
        assert!(HoldSeconds::parse("601").is_err());
        assert!(LoadKg::parse("500", Units::Kg).is_ok());
        assert!(LoadKg::parse("500.1", Units::Kg).is_err());
        assert!(LoadKg::parse("1102", Units::Lb).is_ok());
        assert!(LoadKg::parse("1103", Units::Lb).is_err());
        assert!(LoadKg::parse("-1", Units::Kg).is_err());
        assert!(DistanceKm::parse("400").is_ok());
        assert!(DistanceKm::parse("400.5").is_err());
    }

    #[test]
    fn a_typed_minus_zero_is_stored_as_zero() {
        // Found while writing the values fuzz target: "-0" was accepted as -0.0 and shown as
        // "-0.0 km".
        let d = DistanceKm::parse("-0").unwrap();
        assert!(d.km().is_sign_positive());
        assert_eq!(format!("{:.1}", d.km()), "0.0");
        for units in [Units::Kg, Units::Lb] {
            let l = LoadKg::parse("-0,0", units).unwrap();
            assert!(l.kg().is_sign_positive());
            assert_eq!(l.display_in(units), "0");
        }
    }

    #[test]
    fn threshold_is_25_to_35() {
        assert_eq!(GateThreshold::default().get(), 25);
        assert!(GateThreshold::parse("24").is_err());
        assert!(GateThreshold::parse("25").is_ok());
        assert!(GateThreshold::parse("35").is_ok());
        assert!(GateThreshold::parse("36").is_err());
    }

    #[test]
    fn dates_are_from_2000_up_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(LogDate::parse("2026-11-25", today).is_ok());
        assert!(LogDate::parse("2026-11-26", today).is_err());
        assert!(LogDate::parse("1999-12-31", today).is_err());
        assert!(LogDate::parse("2000-01-01", today).is_ok());
        assert!(LogDate::parse("25/11/2026", today).is_err());
    }

    proptest! {
        #[test]
        fn a_load_shown_in_its_unit_reads_back_to_the_same_display(hundredths in 0u32..=110_200, lb in any::<bool>()) {
            let units = if lb { Units::Lb } else { Units::Kg };
            let typed = format_amount(f64::from(hundredths) / 100.0);
            if let Ok(load) = LoadKg::parse(&typed, units) {
                let shown = load.display_in(units);
                prop_assert_eq!(&shown, &typed);
                let again = LoadKg::parse(&shown, units).unwrap();
                prop_assert_eq!(again.display_in(units), typed);
            }
        }
    }
}
