//! Every `parse` in `domain::values`, fed the same arbitrary string. None may panic; whatever one
//! accepts must lie in its range, and a value written back out must parse to the same value.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use tendo::domain::values::{
    DistanceKm, GateThreshold, HoldSeconds, InjuredSide, LoadKg, LogDate, PainScore, Reps, Rpe,
    Side, StiffnessMinutes, TendinopathyType, Units,
};

fuzz_target!(|raw: &str| {
    if let Ok(p) = PainScore::parse(raw) {
        assert!(p.get() <= 10);
        assert_eq!(PainScore::parse(&p.get().to_string()), Ok(p));
    }
    if let Ok(r) = Rpe::parse(raw) {
        let v = r.value();
        assert!((1.0..=10.0).contains(&v) && (v * 2.0).fract() == 0.0, "{v}");
        assert_eq!(Rpe::parse(&r.to_string()), Ok(r));
    }
    if let Ok(r) = Reps::parse(raw) {
        assert!(r.get() <= 100);
        assert_eq!(Reps::parse(&r.get().to_string()), Ok(r));
    }
    if let Ok(h) = HoldSeconds::parse(raw) {
        assert!((1..=600).contains(&h.get()));
        assert_eq!(HoldSeconds::parse(&h.get().to_string()), Ok(h));
    }
    for units in [Units::Kg, Units::Lb] {
        if let Ok(l) = LoadKg::parse(raw, units) {
            let kg = l.kg();
            assert!(
                kg.is_finite() && (0.0..=LoadKg::MAX_KG).contains(&kg),
                "{kg}"
            );
            assert!(kg.is_sign_positive(), "{raw:?} is stored as -0");
            // The form shows the load rounded to 0.01 in the runner's unit; that text reads back
            // to a load that shows the same.
            let shown = l.display_in(units);
            let again = LoadKg::parse(&shown, units)
                .unwrap_or_else(|e| panic!("{raw:?} shown as {shown:?} is refused: {e}"));
            assert_eq!(again.display_in(units), shown, "{raw:?}");
        }
    }
    if let Ok(d) = DistanceKm::parse(raw) {
        let km = d.km();
        assert!(km.is_finite() && (0.0..=400.0).contains(&km), "{km}");
        assert!(
            km.is_sign_positive(),
            "{raw:?} is stored as -0 and shown as -0.0 km"
        );
        assert_eq!(DistanceKm::from_km(km).map(|x| x.km()), Ok(km));
    }
    if let Ok(s) = StiffnessMinutes::parse(raw) {
        assert!(s.get() <= 1440);
        assert_eq!(StiffnessMinutes::parse(&s.get().to_string()), Ok(s));
    }
    if let Ok(t) = GateThreshold::parse(raw) {
        assert!((GateThreshold::MIN..=GateThreshold::MAX).contains(&t.get()));
        assert_eq!(GateThreshold::parse(&t.get().to_string()), Ok(t));
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a valid date");
    if let Ok(d) = LogDate::parse(raw, today) {
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
        assert!(d.date() >= earliest && d.date() <= today);
        let written = d.date().format("%Y-%m-%d").to_string();
        assert_eq!(LogDate::parse(&written, today), Ok(d));
    }
    if let Ok(s) = Side::parse(raw) {
        assert_eq!(Side::parse(s.as_str()), Ok(s));
    }
    if let Ok(s) = InjuredSide::parse(raw) {
        assert_eq!(InjuredSide::parse(s.as_str()), Ok(s));
    }
    if let Ok(t) = TendinopathyType::parse(raw) {
        assert_eq!(TendinopathyType::parse(t.as_str()), Ok(t));
    }
    if let Ok(u) = Units::parse(raw) {
        assert_eq!(Units::parse(u.as_str()), Ok(u));
    }
});
