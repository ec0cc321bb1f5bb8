//! The demo runners' way back to running (DESIGN 2.6): readiness tests, walk/run and easy runs
//! every other day with a check-in the next morning, and the clinician's stage where the span is
//! too short for the rules alone. The stories end at every stage:
//!
//! | story | running |
//! |---|---|
//! | steady | ready once the calf-raise test passed; the clinician moved them to speed and hills |
//! | mid-portion | walk/run, then continuous easy running |
//! | mixed | walk/run; red runs in the flare |
//! | caution | readiness: the hop test still hurts and the calf-raise test is below 30 |
//! | refer | nothing: no plan, no running |
//! | lapsed | the clinician set normal training before the runner stopped logging |

use chrono::NaiveDate;

use super::{clamp_u8, Story, Timeline};
use crate::domain::progression::running::RunStage;
use crate::domain::values::{DistanceKm, PainScore, Side};
use crate::store::bulk::{HopImport, RunImport, RunningImport};

impl Timeline {
    /// The first day every injured side's test reached the threshold, if any.
    fn first_passing_test(&self, tests: &[(usize, Side, u16, String)]) -> Option<usize> {
        let injured = self.profile.side.sides();
        let mut days: Vec<usize> = tests.iter().map(|t| t.0).collect();
        days.dedup();
        days.into_iter().find(|d| {
            injured.iter().all(|side| {
                tests.iter().any(|(td, s, reps, _)| {
                    td == d && s == side && *reps >= u16::from(self.profile.threshold)
                })
            })
        })
    }

    fn hop(&self, d: usize, pain: u8) -> Vec<HopImport> {
        self.profile
            .side
            .sides()
            .into_iter()
            .filter_map(|side| {
                Some(HopImport {
                    performed_on: self.date(d),
                    side,
                    hops: 20,
                    pain: PainScore::new(i64::from(pain)).ok()?,
                })
            })
            .collect()
    }

    /// Running data: hop tests, pain-free walks, runs, pre-injury volume, the clinician's stage.
    pub(super) fn running(
        &mut self,
        tests: &[(usize, Side, u16, String)],
        checkin_days: &[NaiveDate],
    ) -> (Vec<RunImport>, RunningImport) {
        let mut out = RunningImport::default();
        let mut runs = Vec::new();
        if self.plan.is_none() || self.days < 14 {
            return (runs, out);
        }
        let last = self.days - 1;
        out.pre_injury_weekly_km = Some(match self.story {
            Story::Midportion => 40.2,
            Story::Lapsed => 50.0,
            _ => 35.0,
        });
        if self.story == Story::Caution {
            let d = last.saturating_sub(9);
            out.pain_free_walks.push(self.date(d));
            out.hop_tests = self.hop(d, 3);
            return (runs, out);
        }
        let start = self.first_passing_test(tests).unwrap_or(last / 2);
        out.pain_free_walks.push(self.date(start));
        out.hop_tests = self.hop(start, 1);
        let has_checkin = |d: usize| checkin_days.contains(&self.date(d));
        let mut d = start + 1;
        let mut n = 0u16;
        let mut last_minutes = 20;
        while d < self.last_active {
            let flare = self.flares.iter().any(|&f| d == f || d == f + 1);
            if has_checkin(d + 1) {
                let (kind, minutes) = match (self.story, n) {
                    (Story::Steady, _) if d + 10 >= last => ("speed", last_minutes),
                    (_, 0..=7) => ("walk_run", 20 + 2 * n.min(5)),
                    (_, k) => ("easy", (5 * (k - 6) / 2).clamp(5, 45)),
                };
                let pain = if flare { 7.0 } else { 1.0 };
                let distance = DistanceKm::from_km(f64::from(minutes) / 6.5).ok();
                if let Ok(pain) = PainScore::new(i64::from(clamp_u8(pain, 10))) {
                    runs.push(RunImport {
                        performed_on: self.date(d),
                        kind,
                        duration_minutes: minutes,
                        distance,
                        pain,
                        notes: String::new(),
                    });
                    n += 1;
                    last_minutes = minutes;
                }
                d += 2;
            } else {
                d += 1;
            }
        }
        let stage = |s| RunStage::new(s);
        match self.story {
            Story::Steady => out
                .settings
                .push((self.date(last.saturating_sub(10)), stage(3))),
            Story::Lapsed => out
                .settings
                .push((self.date(last.saturating_sub(20)), stage(4))),
            _ => {}
        }
        (runs, out)
    }
}
