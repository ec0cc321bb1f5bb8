//! Scales and ticks: the value axis with round steps, and the maps from values and dates to SVG
//! user units.

use chrono::NaiveDate;

use super::*;

/// The value axis: `min..=max`, ticks every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Axis {
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) step: f64,
}

pub(super) fn sane(v: f64) -> Option<f64> {
    v.is_finite().then(|| v.clamp(-LIMIT, LIMIT))
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let base = 10f64.powf(raw.log10().floor());
    let f = raw / base;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * base
}

/// The axis for `values` from `y_min`, up to `y_max` or, without one, to a tick above the
/// largest value with a little headroom. Whole-number data gets whole-number steps.
pub(super) fn value_axis(y_min: f64, y_max: Option<f64>, values: &[f64]) -> Axis {
    let min = sane(y_min).unwrap_or(0.0);
    let smallest_span = (min.abs() * 1e-6).max(1e-3);
    let integral = min.fract() == 0.0 && values.iter().all(|v| v.fract() == 0.0);
    let step_for = |span: f64| {
        let s = nice_step(span / 5.0);
        if integral {
            s.max(1.0)
        } else {
            s
        }
    };
    if let Some(max) = y_max.and_then(sane).filter(|m| *m - min >= smallest_span) {
        return Axis {
            min,
            max,
            step: step_for(max - min),
        };
    }
    let top = values.iter().copied().fold(min, f64::max);
    let span = ((top - min) * 1.05).max(smallest_span);
    let span = if top > min { span } else { span.max(1.0) };
    let step = step_for(span);
    let max = ((min + span) / step).ceil() * step;
    let max = if max > min { max } else { min + step };
    Axis { min, max, step }
}

impl Axis {
    /// Multiples of the step within the range (at most a dozen).
    pub(super) fn ticks(&self) -> Vec<f64> {
        let first = (self.min / self.step - 1e-9).ceil();
        (0..12)
            .map(|k| (first + k as f64) * self.step)
            .take_while(|v| *v <= self.max + self.step * 1e-9)
            .collect()
    }

    pub(super) fn label(&self, v: f64) -> String {
        let decimals = if self.step.fract() == 0.0 {
            0
        } else {
            (1.0 - self.step.log10().floor()).clamp(1.0, 9.0) as usize
        };
        trim_number(v, decimals)
    }
}

/// `v` with up to `decimals` decimals, trailing zeros dropped.
pub(super) fn trim_number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// A value for the table or a caption.
pub(super) fn show(v: f64) -> String {
    trim_number(v, 2)
}

pub(super) struct YScale {
    pub(super) axis: Axis,
    pub(super) top: f64,
    pub(super) bottom: f64,
}

impl YScale {
    pub(super) fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.axis.min, self.axis.max);
        self.bottom
            - (v - self.axis.min) / (self.axis.max - self.axis.min) * (self.bottom - self.top)
    }
}

/// Days as equal slots across the plot: `first` is the leftmost slot.
pub(super) struct XScale {
    pub(super) first: NaiveDate,
    pub(super) left: f64,
    pub(super) day_w: f64,
}

impl XScale {
    pub(super) fn start(&self, d: NaiveDate) -> f64 {
        self.left + (d - self.first).num_days() as f64 * self.day_w
    }
    pub(super) fn centre(&self, d: NaiveDate) -> f64 {
        self.start(d) + self.day_w / 2.0
    }
}

#[cfg(test)]
mod tests {
    use crate::web::charts::testkit::*;
    use crate::web::charts::*;

    #[test]
    fn y_min_maps_to_plot_bottom_and_y_max_to_plot_top() {
        let start = day(2025, 11, 3);
        let mut c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(start, &[0.0, 10.0, 5.0]),
        )]);
        c.y_max = Some(10.0);
        let l = c.layout();
        let plot = l.frame.plot;
        let pts = polyline(&l.lines[0].points());
        assert_eq!(pts.len(), 3);
        assert!((pts[0].1 - plot.bottom()).abs() < 0.051, "{pts:?}");
        assert!((pts[1].1 - plot.y.0).abs() < 0.051, "{pts:?}");
        assert!((pts[2].1 - (plot.y.0 + plot.bottom()) / 2.0).abs() < 0.051);
        // Dates go left to right, one slot a day.
        assert!(pts[0].0 < pts[1].0 && pts[1].0 < pts[2].0);
        assert!(pts[0].0 > plot.x.0 && pts[2].0 < plot.right());
    }

    #[test]
    fn values_outside_an_explicit_range_are_drawn_at_the_edges() {
        let mut c = chart(vec![series(
            "Pain",
            SeriesStyle::Dots,
            daily(day(2025, 1, 1), &[-3.0, 14.0]),
        )]);
        c.y_max = Some(10.0);
        let l = c.layout();
        assert_eq!(l.dots[0].circle.cy.0, l.frame.plot.bottom());
        assert_eq!(l.dots[1].circle.cy.0, l.frame.plot.y.0);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(2.1), 2.5);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(12.0), 20.0);
        assert!((nice_step(0.021) - 0.025).abs() < 1e-12);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn auto_axis_has_headroom_and_round_ticks() {
        let a = value_axis(0.0, None, &[7.0, 3.0]);
        assert!(a.max >= 7.0 * 1.05, "{a:?}");
        let ticks = a.ticks();
        assert_eq!(ticks.first(), Some(&0.0));
        assert_eq!(ticks.last(), Some(&a.max));
        assert!(ticks.len() >= 3 && ticks.len() <= 7, "{ticks:?}");
        for t in &ticks {
            assert_eq!((t / a.step).round() * a.step, *t);
        }
        // Whole-number data gets whole steps.
        assert!(value_axis(0.0, None, &[2.0]).step >= 1.0);
        // Fractional data may get fractional steps, labelled without float noise.
        let f = value_axis(0.0, None, &[0.7]);
        assert!(f.step < 1.0);
        let labels: Vec<String> = f.ticks().iter().map(|v| f.label(*v)).collect();
        assert!(labels.iter().all(|l| l.len() <= 4), "{labels:?}");
        assert!(labels.contains(&"0.2".to_string()), "{labels:?}");
    }

    #[test]
    fn explicit_axis_keeps_its_range() {
        let a = value_axis(0.0, Some(10.0), &[3.0]);
        assert_eq!((a.min, a.max, a.step), (0.0, 10.0, 2.0));
        assert_eq!(a.ticks(), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        // A maximum at or below the minimum falls back to automatic.
        let b = value_axis(5.0, Some(5.0), &[8.0]);
        assert!(b.max > 8.0);
    }
}
