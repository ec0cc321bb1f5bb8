//! Tests of the return-to-running rules: one table per rule, and properties that would fail if a
//! safety rule broke.

use chrono::{NaiveDate, TimeDelta};
use proptest::prelude::*;

use super::ladder::steps;
use super::*;
use crate::domain::progression::{CapacityTest, Colour};
use crate::domain::values::{InjuredSide, PainScore, Side, TendinopathyType, Units};

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 1).unwrap() + TimeDelta::days(n)
}

/// A run, its colour and whether the next morning is still missing.
#[derive(Debug, Clone)]
struct Run {
    rec: RunRecord,
    colour: Colour,
    provisional: bool,
}

fn run(id: i64, d: i64, kind: RunKind, minutes: u16, colour: Colour) -> Run {
    Run {
        rec: RunRecord {
            id,
            date: day(d),
            kind,
            duration_minutes: Some(minutes),
            distance_km: Some(f64::from(minutes) / 6.0),
            pain_during: PainScore::new(if colour == Colour::Red { 7 } else { 1 }).unwrap(),
        },
        colour,
        provisional: false,
    }
}

#[derive(Debug, Clone)]
struct Fixture {
    plan: Option<TendinopathyType>,
    injured: InjuredSide,
    running: RunningHistory,
    tests: Vec<CapacityTest>,
    sessions: Vec<Judgement>,
    runs: Vec<Run>,
}

/// A right-sided insertional runner who met every readiness criterion on day 0.
fn ready() -> Fixture {
    Fixture {
        plan: Some(TendinopathyType::Insertional),
        injured: InjuredSide::Right,
        running: RunningHistory {
            pain_free_walks: vec![day(0)],
            hop_tests: vec![HopTest {
                id: 1,
                date: day(0),
                side: Side::Right,
                hops: 20,
                pain: PainScore::new(1).unwrap(),
            }],
            pre_injury_weekly_km: Some(40.0),
            ..RunningHistory::default()
        },
        tests: vec![CapacityTest {
            id: 1,
            date: day(0),
            side: Side::Right,
            pain_free_reps: 25,
        }],
        sessions: Vec::new(),
        runs: Vec::new(),
    }
}

impl Fixture {
    fn assess(&self, today: NaiveDate) -> RunningAssessment {
        let mut running = self.running.clone();
        running.runs = self.runs.iter().map(|r| r.rec.clone()).collect();
        let judgement = |r: &Run| Judgement {
            date: r.rec.date,
            colour: r.colour,
            provisional: r.provisional,
        };
        let mut activities = self.sessions.clone();
        activities.extend(self.runs.iter().map(judgement));
        let run_colours: Vec<(i64, Judgement)> =
            self.runs.iter().map(|r| (r.rec.id, judgement(r))).collect();
        assess_running(
            &LadderInput {
                plan: self.plan,
                injured: self.injured,
                threshold: 25,
                units: Units::Kg,
                running: &running,
                capacity_tests: &self.tests,
                activities: &activities,
                run_colours: &run_colours,
            },
            today,
        )
    }

    /// Adds calm walk/run or easy runs every other day from `from`, `n` of them.
    fn calm_runs(mut self, from: i64, n: usize, minutes: u16) -> Fixture {
        for i in 0..n {
            let id = self.runs.len() as i64 + 1;
            let d = from + 2 * i as i64;
            self.runs
                .push(run(id, d, RunKind::Easy, minutes, Colour::Green));
        }
        self
    }

    fn push(mut self, d: i64, kind: RunKind, minutes: u16, colour: Colour) -> Fixture {
        let id = self.runs.len() as i64 + 1;
        self.runs.push(run(id, d, kind, minutes, colour));
        self
    }
}

fn index(a: &RunningAssessment, plan: Option<TendinopathyType>) -> usize {
    steps(plan).iter().position(|s| *s == a.step).unwrap()
}

// ---- readiness ------------------------------------------------------------------------------

#[test]
fn every_readiness_criterion_met_starts_stage_one_at_walk_4_run_1() {
    let a = ready().assess(day(1));
    assert!(a.ready(), "{:?}", a.readiness);
    assert_eq!(a.stage.get(), 1);
    assert_eq!(a.step, Step::WalkRun { walk: 4, run: 1 });
    assert_eq!(a.todays_run, "walk 4 / run 1 × 3");
    assert_eq!(
        a.reason,
        "Stage 1, walk 4 / run 1: 0 of 2 runs done, not red"
    );
    assert_eq!(a.next, "Next: walk 3 / run 2");
}

#[test]
fn each_unmet_readiness_criterion_keeps_stage_zero_and_says_its_numbers() {
    type Breaker = fn(&mut Fixture);
    let cases: [(&str, Breaker, &str); 6] = [
        (
            "walk",
            |f| f.running.pain_free_walks.clear(),
            "not said yet",
        ),
        (
            "walk",
            |f| f.running.pain_free_walks = vec![day(-10)],
            "more than 7 days ago",
        ),
        (
            "capacity",
            |f| f.tests[0].pain_free_reps = 24,
            "right 24 / 25",
        ),
        (
            "hop",
            |f| f.running.hop_tests[0].pain = PainScore::new(3).unwrap(),
            "right 20 / 20 hops, pain 3/10",
        ),
        (
            "hop",
            |f| f.running.hop_tests[0].hops = 15,
            "right 15 / 20 hops",
        ),
        (
            "monitor",
            |f| {
                f.sessions.push(Judgement {
                    date: day(1),
                    colour: Colour::Red,
                    provisional: false,
                })
            },
            "was red",
        ),
    ];
    for (key, breaker, detail) in cases {
        let mut f = ready();
        breaker(&mut f);
        let a = f.assess(day(1));
        assert_eq!(a.stage.get(), 0, "{key}");
        let c = a.readiness.iter().find(|c| c.key == key).unwrap();
        assert!(!c.met, "{key} should be unmet");
        assert!(c.detail.contains(detail), "{key}: {}", c.detail);
        assert!(
            a.reason.starts_with("Stage 0, readiness: 3 of 4"),
            "{}",
            a.reason
        );
        assert!(a.readiness.iter().filter(|c| c.key != key).all(|c| c.met));
    }
}

#[test]
fn both_injured_sides_need_their_own_tests() {
    let mut f = ready();
    f.injured = InjuredSide::Both;
    let a = f.assess(day(1));
    assert_eq!(a.stage.get(), 0);
    let hop = a.readiness.iter().find(|c| c.key == "hop").unwrap();
    assert!(
        hop.detail.contains("left: no hop test yet"),
        "{}",
        hop.detail
    );
}

#[test]
fn a_run_before_readiness_counts_for_nothing() {
    let mut f = ready();
    f.running.hop_tests[0].date = day(5);
    let f = f.push(2, RunKind::Easy, 20, Colour::Green);
    let a = f.assess(day(6));
    assert_eq!(a.step, Step::WalkRun { walk: 4, run: 1 });
    assert_eq!(a.done, 0);
    assert_eq!(a.runs[0].note, "Before readiness: not counted.");
    assert!(a.warnings[0].contains("before every readiness criterion"));
}

// ---- stage 1 and 2 ---------------------------------------------------------------------------

#[test]
fn two_calm_runs_with_a_rest_day_between_move_to_the_next_step() {
    let a = ready().calm_runs(1, 2, 20).assess(day(4));
    assert_eq!(a.step, Step::WalkRun { walk: 3, run: 2 });
    assert_eq!(a.todays_run, "walk 3 / run 2 × 5");
    assert_eq!(
        a.runs[0].note,
        "Counted: 2 of 2 runs at walk 4 / run 1, not red."
    );
    assert_eq!(
        a.next_run_on,
        Some(day(5)),
        "a rest day after the run on day 3"
    );
    let moved = a.history.last().unwrap();
    assert_eq!(
        (moved.date, moved.step.as_str()),
        (day(3), "walk 3 / run 2")
    );
}

#[test]
fn a_run_without_a_rest_day_before_it_does_not_count() {
    let f = ready().push(1, RunKind::WalkRun, 20, Colour::Green).push(
        2,
        RunKind::WalkRun,
        20,
        Colour::Green,
    );
    let a = f.assess(day(3));
    assert_eq!((a.step, a.done), (Step::WalkRun { walk: 4, run: 1 }, 1));
    assert!(a.runs[0].note.contains("too soon"), "{}", a.runs[0].note);
}

#[test]
fn a_provisional_run_waits_for_the_next_morning() {
    let mut f = ready().calm_runs(1, 2, 20);
    f.runs[1].provisional = true;
    let a = f.assess(day(3));
    assert_eq!((a.step, a.done), (Step::WalkRun { walk: 4, run: 1 }, 1));
    assert!(
        a.reason
            .contains("counts once the next morning's check-in is in"),
        "{}",
        a.reason
    );
}

#[test]
fn a_red_run_holds_the_step_and_a_second_red_in_a_row_steps_back() {
    let f = ready()
        .calm_runs(1, 2, 20)
        .push(5, RunKind::WalkRun, 25, Colour::Green);
    assert_eq!(f.assess(day(6)).step, Step::WalkRun { walk: 3, run: 2 });
    let f = f.push(7, RunKind::WalkRun, 25, Colour::Red);
    let held = f.assess(day(8));
    assert_eq!(
        (held.step, held.done),
        (Step::WalkRun { walk: 3, run: 2 }, 0)
    );
    assert_eq!(held.runs[0].note, "Red: walk 3 / run 2 is repeated.");
    let f = f.push(9, RunKind::WalkRun, 25, Colour::Red);
    let back = f.assess(day(10));
    assert_eq!(back.step, Step::WalkRun { walk: 4, run: 1 });
    assert!(back.runs[0].note.contains("stepped back to walk 4 / run 1"));
    assert_eq!(back.history.last().unwrap().reason, "two red runs in a row");
}

#[test]
fn a_short_run_does_not_count_for_a_continuous_step() {
    let f = ready().calm_runs(1, 8, 20);
    assert_eq!(f.assess(day(16)).step, Step::Continuous { minutes: 5 });
    let f = f.calm_runs(17, 4, 10);
    let a = f.assess(day(26));
    assert_eq!(a.step, Step::Continuous { minutes: 15 });
    assert_eq!(a.todays_run, "run 15 min easy, without walking breaks");
    let f = f.push(27, RunKind::Easy, 12, Colour::Green);
    let a = f.assess(day(28));
    assert!(
        a.runs[0].note.contains("shorter than the 15 min"),
        "{}",
        a.runs[0].note
    );
    assert_eq!(a.done, 0);
}

/// Through stage 1 and the continuous ladder: 8 + 12 calm runs of 30 minutes, 2 km each (well
/// under half of the 40 km a week before the injury).
fn at_build() -> Fixture {
    let mut f = ready().calm_runs(1, 20, 30);
    for r in &mut f.runs {
        r.rec.distance_km = Some(2.0);
    }
    f
}

#[test]
fn thirty_minutes_twice_leads_to_building_volume() {
    let a = at_build().assess(day(40));
    assert_eq!(a.step, Step::Build);
    assert_eq!(a.stage.get(), 2);
    assert!(
        a.next.contains("50–60 % of your pre-injury volume"),
        "{}",
        a.next
    );
}

#[test]
fn speed_and_hills_start_at_fifty_percent_of_pre_injury_volume_not_below() {
    // 40 km before the injury: 19.9 km in a week is 49 %, 20 km is 50 %.
    let mut f = at_build();
    for (i, d) in [42, 44, 46].iter().enumerate() {
        f = f.push(*d, RunKind::Easy, 40, Colour::Green);
        f.runs.last_mut().unwrap().rec.distance_km = Some(if i == 2 { 6.6 } else { 6.65 });
    }
    let a = f.assess(day(47));
    assert_eq!(a.step, Step::Build, "49 %");
    f.runs.last_mut().unwrap().rec.distance_km = Some(6.7);
    let a = f.assess(day(47));
    assert_eq!(a.step, Step::Strides { low: 50, high: 60 }, "50 %");
    assert_eq!(a.history.last().unwrap().stage.get(), 3);
}

#[test]
fn a_red_run_in_the_last_two_weeks_keeps_speed_and_hills_away() {
    let mut f = at_build().push(41, RunKind::Easy, 30, Colour::Red);
    for d in [43, 45, 47] {
        f = f.push(d, RunKind::Easy, 60, Colour::Green);
        f.runs.last_mut().unwrap().rec.distance_km = Some(10.0);
    }
    assert_eq!(f.assess(day(48)).step, Step::Build);
}

#[test]
fn without_pre_injury_volume_stage_three_waits_and_says_why() {
    let mut f = at_build();
    f.running.pre_injury_weekly_km = None;
    let a = f.assess(day(40));
    assert_eq!(a.step, Step::Build);
    assert!(
        a.next.contains("weekly volume before the injury"),
        "{}",
        a.next
    );
}

// ---- stage 3 and 4 ---------------------------------------------------------------------------

fn at_speed(plan: Option<TendinopathyType>) -> Fixture {
    let mut f = at_build();
    f.plan = plan;
    f.running.pre_injury_weekly_km = Some(20.0);
    f.push(41, RunKind::Easy, 60, Colour::Green)
}

#[test]
fn insertional_hills_come_after_the_three_strides_steps() {
    let mut f = at_speed(Some(TendinopathyType::Insertional));
    assert_eq!(f.assess(day(42)).step, Step::Strides { low: 50, high: 60 });
    f = f.push(43, RunKind::Hills, 40, Colour::Green);
    let a = f.assess(day(44));
    assert!(
        a.warnings.iter().any(|w| w.contains("hills come last")),
        "{:?}",
        a.warnings
    );
    for i in 0..9 {
        f = f.push(45 + 2 * i, RunKind::Speed, 40, Colour::Green);
    }
    let a = f.assess(day(64));
    assert_eq!(a.step, Step::Hills);
    assert_eq!(
        a.todays_run,
        "an easy run with hills, gentle gradients first"
    );
}

#[test]
fn mid_portion_has_no_separate_hills_step() {
    let mut f = at_speed(Some(TendinopathyType::Midportion));
    for i in 0..9 {
        f = f.push(43 + 2 * i, RunKind::Speed, 40, Colour::Green);
    }
    assert_eq!(f.assess(day(62)).step, Step::Tolerate);
}

#[test]
fn normal_training_needs_two_weeks_of_speed_and_hills_at_seventy_five_percent() {
    let mut f = at_speed(Some(TendinopathyType::Midportion));
    for i in 0..9 {
        f = f.push(43 + 2 * i, RunKind::Speed, 40, Colour::Green);
    }
    f = f.push(61, RunKind::Hills, 40, Colour::Green);
    // 20 km before the injury; the week ending day 63 holds 3 runs of 40/6 km = 20 km (100 %).
    let f2 = f.clone().push(63, RunKind::Speed, 40, Colour::Green);
    let a = f2.assess(day(64));
    assert_eq!(a.step, Step::Normal, "{:?}", a.history.last());
    assert_eq!(a.stage.get(), 4);
}

// ---- volume ----------------------------------------------------------------------------------

#[test]
fn a_long_single_run_is_flagged_as_a_spike() {
    let f = at_build().push(41, RunKind::Long, 45, Colour::Green);
    let a = f.assess(day(42));
    assert!(a.runs[0].spike);
    assert!(a
        .warnings
        .iter()
        .any(|w| w.contains("more than 30 % longer")));
}

#[test]
fn weekly_growth_above_thirty_percent_is_warned_from_stage_two() {
    let f = at_build().push(40, RunKind::Easy, 30, Colour::Green).push(
        41,
        RunKind::Easy,
        30,
        Colour::Green,
    );
    let a = f.assess(day(41));
    assert!(
        a.warnings.iter().any(|w| w.contains("above the 30 %")),
        "{:?} {} {}",
        a.warnings,
        a.week_minutes,
        a.previous_week_minutes
    );
}

// ---- the clinician ----------------------------------------------------------------------------

#[test]
fn a_clinicians_stage_stands_until_handed_back() {
    let mut f = ready();
    f.running.hop_tests.clear();
    f.running.settings.push(StageSetting {
        date: day(1),
        stage: RunStage::new(2),
    });
    let a = f.assess(day(2));
    assert_eq!(
        (a.stage.get(), a.step),
        (2, Step::Continuous { minutes: 5 })
    );
    assert_eq!(a.set_by_clinician, Some(day(1)));
    assert!(a.reason.contains("set by your clinician"));
    // Within the stage the rules still move it; beyond it they do not.
    let f = f.calm_runs(2, 14, 30);
    let a = f.assess(day(40));
    assert_eq!(a.step, Step::Build);
    // Two reds at its first step do not step below the clinician's stage.
    let mut g = ready();
    g.running.settings.push(StageSetting {
        date: day(1),
        stage: RunStage::new(2),
    });
    let g = g
        .push(2, RunKind::Easy, 5, Colour::Red)
        .push(4, RunKind::Easy, 5, Colour::Red);
    assert_eq!(g.assess(day(5)).step, Step::Continuous { minutes: 5 });
    // "Automatic" hands back: the rules go on from where the runner is.
    let mut h = g.clone();
    h.running.settings.push(StageSetting {
        date: day(5),
        stage: None,
    });
    let h = h
        .push(6, RunKind::Easy, 5, Colour::Red)
        .push(8, RunKind::Easy, 5, Colour::Red);
    let a = h.assess(day(9));
    assert_eq!(a.step, Step::WalkRun { walk: 1, run: 4 });
    assert_eq!(a.set_by_clinician, None);
}

// ---- properties -------------------------------------------------------------------------------

fn arb_colour() -> impl Strategy<Value = Colour> {
    prop_oneof![4 => Just(Colour::Green), 2 => Just(Colour::Amber), 1 => Just(Colour::Red)]
}

fn arb_kind() -> impl Strategy<Value = RunKind> {
    prop_oneof![
        Just(RunKind::WalkRun),
        Just(RunKind::Easy),
        Just(RunKind::Long),
        Just(RunKind::Speed),
        Just(RunKind::Hills),
        Just(RunKind::Bike),
    ]
}

/// Runs from day 1 on, 1–4 days apart.
fn arb_runs(max: usize) -> impl Strategy<Value = Vec<Run>> {
    prop::collection::vec(
        (1i64..=4, arb_kind(), 5u16..=70, 0u16..=200, arb_colour()),
        0..max,
    )
    .prop_map(|rows| {
        let mut d = 0;
        rows.into_iter()
            .enumerate()
            .map(|(i, (gap, kind, minutes, tenth_km, colour))| {
                d += gap;
                let mut r = run(i as i64 + 1, d, kind, minutes, colour);
                r.rec.distance_km = Some(f64::from(tenth_km) / 10.0);
                r
            })
            .collect()
    })
}

fn arb_plan() -> impl Strategy<Value = Option<TendinopathyType>> {
    prop_oneof![
        Just(Some(TendinopathyType::Insertional)),
        Just(Some(TendinopathyType::Midportion)),
        Just(None)
    ]
}

fn fixture(plan: Option<TendinopathyType>, pre_km: f64, runs: Vec<Run>) -> Fixture {
    let mut f = ready();
    f.plan = plan;
    f.running.pre_injury_weekly_km = Some(pre_km);
    f.runs = runs;
    f
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_stage_never_advances_past_a_red_run(
        plan in arb_plan(), pre in 10.0f64..80.0, runs in arb_runs(60), extra in 1i64..4,
        kind in arb_kind(), minutes in 5u16..=70,
    ) {
        let before = fixture(plan, pre, runs.clone());
        let last = runs.last().map_or(0, |r| (r.rec.date - day(0)).num_days());
        let red_day = last + extra;
        let after = before.clone().push(red_day, kind, minutes, Colour::Red);
        let (a, b) = (before.assess(day(red_day)), after.assess(day(red_day)));
        prop_assert!(index(&b, plan) <= index(&a, plan), "{:?} -> {:?}", a.step, b.step);
    }

    #[test]
    fn two_red_runs_in_a_row_always_step_back(
        plan in arb_plan(), pre in 10.0f64..80.0, runs in arb_runs(60),
    ) {
        let f = fixture(plan, pre, runs.clone());
        let last = runs.last().map_or(0, |r| (r.rec.date - day(0)).num_days());
        let running_before: Vec<&Run> = runs.iter().filter(|r| r.rec.kind.is_running()).collect();
        let start = f.assess(day(last));
        let i0 = index(&start, plan);
        prop_assume!(i0 >= 1);
        prop_assume!(running_before.last().is_none_or(|r| r.colour != Colour::Red));
        let g = f.push(last + 2, RunKind::Easy, 20, Colour::Red).push(last + 4, RunKind::Easy, 20, Colour::Red);
        let end = g.assess(day(last + 4));
        prop_assert_eq!(index(&end, plan), i0 - 1, "{:?} -> {:?}", start.step, end.step);
    }

    #[test]
    fn running_never_starts_while_a_readiness_criterion_is_unmet(
        plan in arb_plan(), pre in 10.0f64..80.0, runs in arb_runs(40), which in 0usize..4,
    ) {
        let mut f = fixture(plan, pre, runs.clone());
        match which {
            0 => f.running.pain_free_walks.clear(),
            1 => f.tests[0].pain_free_reps = 24,
            2 => f.running.hop_tests[0].pain = PainScore::new(3).unwrap(),
            _ => f.running.hop_tests.clear(),
        }
        let last = runs.last().map_or(0, |r| (r.rec.date - day(0)).num_days());
        let a = f.assess(day(last + 1));
        prop_assert_eq!(a.stage.get(), 0);
        prop_assert!(a.history.is_empty());
        prop_assert_eq!(a.todays_run.as_str(), "No running yet: work toward the readiness criteria.");
    }

    #[test]
    fn speed_and_hills_never_start_below_fifty_percent_of_pre_injury_volume(
        plan in arb_plan(), pre in 5.0f64..40.0, runs in arb_runs(80),
    ) {
        let f = fixture(plan, pre, runs.clone());
        let last = runs.last().map_or(0, |r| (r.rec.date - day(0)).num_days());
        let a = f.assess(day(last + 1));
        let recs: Vec<RunRecord> = runs.iter().map(|r| r.rec.clone()).collect();
        let entries = a.history.windows(2).filter(|w| w[0].stage.get() < 3 && w[1].stage.get() >= 3);
        for change in entries.map(|w| &w[1]) {
            let km = volume::weeks(&recs, change.date).km;
            prop_assert!(km * 100.0 >= 50.0 * pre - 1e-6, "{change:?}: {km} of {pre}");
        }
        if a.stage.get() >= 3 {
            prop_assert!(a.history.iter().any(|c| c.stage.get() == 3));
        }
    }
}
