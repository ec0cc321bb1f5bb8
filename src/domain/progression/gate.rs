//! The hurdle-jump gate (DESIGN 2.3): capacity tests against the threshold on every injured side,
//! paused by a red session until two calm ones follow.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::history::{CapacityTest, Profile};
use super::monitor::{Colour, Judged};
use crate::domain::values::Side;

/// Sessions in a row that are not red which reopen a paused gate.
pub const CALM_SESSIONS_TO_REOPEN: u8 = 2;

/// Whether hurdle jumps may be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GateState {
    Locked,
    Open,
    Paused,
}

impl GateState {
    /// Stable lowercase name, used in HTML data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            GateState::Locked => "locked",
            GateState::Open => "open",
            GateState::Paused => "paused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GateState::Locked => "Locked",
            GateState::Open => "Open",
            GateState::Paused => "Paused",
        }
    }
}

/// The newest capacity test of one injured side, next to the other side's.
#[derive(Debug, Clone, PartialEq)]
pub struct SideReading {
    pub side: Side,
    /// Pain-free reps of the newest test on this side.
    pub newest_reps: Option<u16>,
    /// Date of that test.
    pub date: Option<NaiveDate>,
    /// Pain-free reps of the newest test on the other side.
    pub other_side_reps: Option<u16>,
    /// Limb symmetry index: this side ÷ other side × 100, rounded (saturating at 255); `None`
    /// unless both sides have a test and the other side's count is above 0.
    pub symmetry_index: Option<u8>,
}

/// The hurdle-jump gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub state: GateState,
    /// The pain-free reps needed on every injured side.
    pub threshold: u8,
    /// One reading per injured side, left first.
    pub sides: Vec<SideReading>,
    /// Why, in one line, e.g. "Locked: best pain-free single-leg raises 22 / 25 (right, 3 Nov)".
    pub reason: String,
    /// The lowest injured side's newest reps ÷ threshold, rounded down, capped at 100 (0 without a
    /// test); 100 only once the threshold is reached.
    pub progress_percent: u8,
    /// Sessions in a row that are not red, counting back from the newest session (saturating).
    pub calm_sessions_since_red: u8,
}

/// Where the pain monitor leaves the gate.
pub(super) struct PauseState {
    /// Non-red sessions in a row, counting back from the newest.
    pub(super) calm: usize,
    /// Date and red cause of the newest red session, if any.
    pub(super) newest_red: Option<(NaiveDate, String)>,
}

impl PauseState {
    /// A red session without two calm ones after it.
    pub(super) fn pending(&self) -> bool {
        self.newest_red.is_some() && self.calm < usize::from(CALM_SESSIONS_TO_REOPEN)
    }

    pub(super) fn calm_u8(&self) -> u8 {
        u8::try_from(self.calm).unwrap_or(u8::MAX)
    }

    /// "the last session was red (pain 7/10)" or "the session on 3 Nov was red (pain 7/10)".
    pub(super) fn red_phrase(&self) -> String {
        match &self.newest_red {
            Some((date, cause)) if self.calm > 0 => {
                format!("the session on {} was red ({cause})", short_date(*date))
            }
            Some((_, cause)) => format!("the last session was red ({cause})"),
            None => String::from("no session was red"),
        }
    }

    pub(super) fn progress_phrase(&self) -> String {
        format!(
            "two calm sessions in a row reopen it ({} of {CALM_SESSIONS_TO_REOPEN} so far)",
            self.calm.min(usize::from(CALM_SESSIONS_TO_REOPEN))
        )
    }
}

pub(super) fn pause_state(judged: &[Judged]) -> PauseState {
    let calm = judged
        .iter()
        .rev()
        .take_while(|j| j.verdict.colour != Colour::Red)
        .count();
    let newest_red = judged
        .iter()
        .rev()
        .find(|j| j.verdict.colour == Colour::Red)
        .map(|j| (j.verdict.date, j.red_cause.clone().unwrap_or_default()));
    PauseState { calm, newest_red }
}

fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b").to_string()
}

fn newest_test(tests: &[CapacityTest], side: Side) -> Option<&CapacityTest> {
    tests
        .iter()
        .filter(|t| t.side == side)
        .max_by_key(|t| (t.date, t.id))
}

fn symmetry(this: u16, other: u16) -> Option<u8> {
    if other == 0 {
        return None;
    }
    let lsi = (f64::from(this) * 100.0 / f64::from(other)).round();
    Some(if lsi >= 255.0 { u8::MAX } else { lsi as u8 })
}

fn reading(tests: &[CapacityTest], side: Side) -> SideReading {
    let mine = newest_test(tests, side);
    let other = newest_test(tests, side.other());
    SideReading {
        side,
        newest_reps: mine.map(|t| t.pain_free_reps),
        date: mine.map(|t| t.date),
        other_side_reps: other.map(|t| t.pain_free_reps),
        symmetry_index: match (mine, other) {
            (Some(m), Some(o)) => symmetry(m.pain_free_reps, o.pain_free_reps),
            _ => None,
        },
    }
}

/// Whether this side's newest test is also its best (no earlier test counted more reps).
fn newest_is_best(tests: &[CapacityTest], r: &SideReading) -> bool {
    let best = tests
        .iter()
        .filter(|t| t.side == r.side)
        .map(|t| t.pain_free_reps)
        .max();
    best.is_some() && best == r.newest_reps
}

fn reps_text(r: &SideReading, threshold: u8) -> String {
    let date = r.date.map(short_date).unwrap_or_default();
    format!(
        "{} / {threshold} ({}, {date})",
        r.newest_reps.unwrap_or(0),
        r.side.as_str()
    )
}

pub(super) fn gate(profile: &Profile, tests: &[CapacityTest], pause: &PauseState) -> Gate {
    let threshold = profile.threshold.get();
    let sides: Vec<SideReading> = profile
        .injured
        .sides()
        .into_iter()
        .map(|s| reading(tests, s))
        .collect();

    // The limiting side: a side without a test first, else the fewest reps (left on a tie).
    let limiting = sides
        .iter()
        .min_by(|a, b| match (a.newest_reps, b.newest_reps) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(&y),
        });
    let lowest = limiting.and_then(|r| r.newest_reps).unwrap_or(0);
    let progress_percent = (u32::from(lowest) * 100 / u32::from(threshold.max(1))).min(100) as u8;
    let all_reached = !sides.is_empty()
        && sides
            .iter()
            .all(|r| r.newest_reps.is_some_and(|n| n >= u16::from(threshold)));

    let (state, reason) = if !all_reached {
        let reason = match limiting {
            Some(r) if r.newest_reps.is_some() => format!(
                "Locked: {} pain-free single-leg raises {}",
                if newest_is_best(tests, r) {
                    "best"
                } else {
                    "newest test"
                },
                reps_text(r, threshold)
            ),
            Some(r) => format!(
                "Locked: no calf-raise test recorded yet ({})",
                r.side.as_str()
            ),
            None => String::from("Locked: no calf-raise test recorded yet"),
        };
        (GateState::Locked, reason)
    } else if pause.pending() {
        (
            GateState::Paused,
            format!(
                "Paused: {}; {}",
                pause.red_phrase(),
                pause.progress_phrase()
            ),
        )
    } else {
        let readings: Vec<String> = sides.iter().map(|r| reps_text(r, threshold)).collect();
        (
            GateState::Open,
            format!("Open: pain-free single-leg raises {}", readings.join(", ")),
        )
    };

    Gate {
        state,
        threshold,
        sides,
        reason,
        progress_percent,
        calm_sessions_since_red: pause.calm_u8(),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::progression::testkit::*;
    use crate::domain::progression::*;
    use crate::domain::values::*;

    #[test]
    fn no_test_locks_the_gate() {
        let a = assess(&history(vec![], vec![], vec![]), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: no calf-raise test recorded yet (right)"
        );
        assert_eq!(a.gate.progress_percent, 0);
        // A test of the healthy side does not count.
        let a = assess(
            &history(vec![], vec![], vec![cap(1, day(3), Side::Left, 40)]),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(a.gate.sides[0].other_side_reps, Some(40));
    }

    #[test]
    fn test_20_locks_27_opens_a_later_24_locks_again() {
        let mut tests = vec![cap(1, day(3), Side::Right, 20)];
        let a = assess(&history(vec![], vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 20 / 25 (right, 3 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 80);
        assert_eq!(a.gate.threshold, 25);

        tests.push(cap(2, day(4), Side::Right, 27));
        let a = assess(&history(vec![], vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Open);
        assert_eq!(
            a.gate.reason,
            "Open: pain-free single-leg raises 27 / 25 (right, 4 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 100);

        tests.push(cap(3, day(12), Side::Right, 24));
        let a = assess(&history(vec![], vec![], tests), today());
        assert_eq!(a.gate.state, GateState::Locked);
        // 27 on 4 Nov was better: the sentence says "newest test", never "best".
        assert_eq!(
            a.gate.reason,
            "Locked: newest test pain-free single-leg raises 24 / 25 (right, 12 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 96);
    }

    #[test]
    fn exactly_the_threshold_opens() {
        let a = assess(
            &history(vec![], vec![], vec![cap(1, day(3), Side::Right, 25)]),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Open);
    }

    #[test]
    fn same_date_tests_the_greater_id_is_newest() {
        let tests = vec![
            cap(9, day(5), Side::Right, 20),
            cap(4, day(5), Side::Right, 30),
        ];
        let a = assess(&history(vec![], vec![], tests), today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(a.gate.sides[0].newest_reps, Some(20));
        assert_eq!(
            a.gate.reason,
            "Locked: newest test pain-free single-leg raises 20 / 25 (right, 5 Nov)"
        );
    }

    #[test]
    fn the_gate_sentence_says_best_only_for_the_best_test() {
        // An older, lower test and a newer, higher one: the newest is the best.
        let tests = vec![
            cap(1, day(3), Side::Right, 18),
            cap(2, day(6), Side::Right, 22),
        ];
        let a = assess(&history(vec![], vec![], tests.clone()), today());
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 22 / 25 (right, 6 Nov)"
        );
        // A newer test below an older one is the newest, not the best.
        let mut tests = tests;
        tests.push(cap(3, day(9), Side::Right, 21));
        let a = assess(&history(vec![], vec![], tests), today());
        assert_eq!(
            a.gate.reason,
            "Locked: newest test pain-free single-leg raises 21 / 25 (right, 9 Nov)"
        );
        assert!(!a.gate.reason.contains("best"));
    }

    #[test]
    fn threshold_30_with_27_reps_is_locked() {
        let mut h = history(vec![], vec![], vec![cap(1, day(3), Side::Right, 27)]);
        h.profile.threshold = GateThreshold::new(30).unwrap();
        let a = assess(&h, today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 27 / 30 (right, 3 Nov)"
        );
        assert_eq!(a.gate.progress_percent, 90);
    }

    #[test]
    fn both_sides_injured_one_below_is_locked() {
        let tests = vec![
            cap(1, day(3), Side::Left, 30),
            cap(2, day(3), Side::Right, 20),
        ];
        let mut h = history(vec![], vec![], tests);
        h.profile.injured = InjuredSide::Both;
        let a = assess(&h, today());
        assert_eq!(a.gate.state, GateState::Locked);
        assert_eq!(
            a.gate.reason,
            "Locked: best pain-free single-leg raises 20 / 25 (right, 3 Nov)"
        );
        assert_eq!(a.gate.sides.len(), 2);
        assert_eq!(a.gate.sides[0].side, Side::Left);
        assert_eq!(a.gate.sides[0].symmetry_index, Some(150));
        assert_eq!(a.gate.sides[1].symmetry_index, Some(67));
        assert_eq!(a.gate.progress_percent, 80);

        h.tests.push(cap(3, day(6), Side::Right, 26));
        let a = assess(&h, today());
        assert_eq!(a.gate.state, GateState::Open);
        assert_eq!(
            a.gate.reason,
            "Open: pain-free single-leg raises 30 / 25 (left, 3 Nov), 26 / 25 (right, 6 Nov)"
        );

        // One side never tested: locked, naming that side.
        h.tests.retain(|t| t.side == Side::Right);
        let a = assess(&h, today());
        assert_eq!(
            a.gate.reason,
            "Locked: no calf-raise test recorded yet (left)"
        );
    }

    #[test]
    fn symmetry_index_is_injured_over_other_rounded() {
        let tests = vec![
            cap(1, day(3), Side::Right, 20),
            cap(2, day(3), Side::Left, 30),
            cap(3, day(1), Side::Left, 10), // older, ignored
        ];
        let a = assess(&history(vec![], vec![], tests), today());
        let r = &a.gate.sides[0];
        assert_eq!(
            (r.side, r.newest_reps, r.other_side_reps),
            (Side::Right, Some(20), Some(30))
        );
        assert_eq!(r.symmetry_index, Some(67));
        assert_eq!(r.date, Some(day(3)));
        let a = assess(
            &history(
                vec![],
                vec![],
                vec![
                    cap(1, day(3), Side::Right, 20),
                    cap(2, day(3), Side::Left, 0),
                ],
            ),
            today(),
        );
        assert_eq!(a.gate.sides[0].symmetry_index, None);
    }

    #[test]
    fn red_pauses_one_calm_keeps_it_paused_two_calm_reopen() {
        let tests = vec![cap(1, day(3), Side::Right, 27)];
        let mut sessions = vec![simple(1, day(5), 7)];
        let a = assess(&history(sessions.clone(), vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Paused);
        assert_eq!(
            a.gate.reason,
            "Paused: the last session was red (pain 7/10); two calm sessions in a row reopen it \
             (0 of 2 so far)"
        );
        assert_eq!(a.gate.calm_sessions_since_red, 0);

        sessions.push(simple(2, day(6), 1));
        let a = assess(&history(sessions.clone(), vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Paused);
        assert_eq!(
            a.gate.reason,
            "Paused: the session on 5 Nov was red (pain 7/10); two calm sessions in a row \
             reopen it (1 of 2 so far)"
        );

        sessions.push(simple(3, day(7), 4)); // amber is not red: calm
        let a = assess(&history(sessions.clone(), vec![], tests.clone()), today());
        assert_eq!(a.gate.state, GateState::Open);
        assert_eq!(a.gate.calm_sessions_since_red, 2);

        // A fresh red pauses again.
        sessions.push(simple(4, day(8), 6));
        let a = assess(&history(sessions, vec![], tests), today());
        assert_eq!(a.gate.state, GateState::Paused);
    }

    #[test]
    fn a_red_from_the_next_morning_pauses_and_names_it() {
        let mut checkins = daily(1, &[1; 7]);
        checkins.push(checkin(day(9), 4));
        let a = assess(
            &history(
                vec![simple(1, day(8), 1)],
                checkins,
                vec![cap(1, day(3), Side::Right, 30)],
            ),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Paused);
        assert!(
            a.gate
                .reason
                .contains("(next-morning pain 4/10 against a baseline of 1)"),
            "{}",
            a.gate.reason
        );
    }

    #[test]
    fn locked_takes_precedence_over_paused() {
        let a = assess(
            &history(
                vec![simple(1, day(5), 8)],
                vec![],
                vec![cap(1, day(3), Side::Right, 20)],
            ),
            today(),
        );
        assert_eq!(a.gate.state, GateState::Locked);
        assert!(a
            .gate
            .reason
            .starts_with("Locked: best pain-free single-leg raises 20 / 25"));
    }
}
