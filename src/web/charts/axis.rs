//! The frame shared by every chart: title, description, plot area, value and date ticks.

use chrono::{Datelike, NaiveDate};

use super::legend::{key, place_legend, Entry};
use super::scale::{Axis, YScale};
use super::*;

pub(super) fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

pub(super) fn month_start(index: i64) -> Option<NaiveDate> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month0 = u32::try_from(index.rem_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, month0 + 1, 1)
}

/// How many labels as wide as `label` fit side by side across `plot_w` (at least 2, at most
/// [`MAX_X_TICKS`]).
pub(super) fn labels_that_fit(plot_w: f64, label: &str) -> usize {
    let gap = 12.0;
    let n = ((plot_w + gap) / (text_width(label, FONT) + gap)).floor();
    (n.max(0.0) as usize).clamp(2, MAX_X_TICKS)
}

/// At most [`MAX_X_TICKS`] dates within `first..=last` that fit across `plot_w`, and their label
/// format: every few days from `first` for up to four months, else the first of every few months.
pub(super) fn date_ticks(
    first: NaiveDate,
    last: NaiveDate,
    plot_w: f64,
) -> (Vec<NaiveDate>, &'static str) {
    let days = (last - first).num_days() + 1;
    let format = if days > 366 { "%b %Y" } else { "%-d %b" };
    let widest = if days > 366 { "Sep 2025" } else { "30 Sep" };
    let limit = labels_that_fit(plot_w, widest);
    let most = limit as i64;
    if days <= 120 {
        let step = [1, 2, 3, 4, 5, 7, 14, 21, 28]
            .into_iter()
            .find(|s| (days - 1) / s < most)
            .unwrap_or(28);
        let ticks = (0..most)
            .map(|k| k * step)
            .take_while(|k| *k < days)
            .filter_map(|k| first.checked_add_days(chrono::Days::new(k.unsigned_abs())))
            .collect();
        return (ticks, format);
    }
    let from = month_index(first) + i64::from(first.day() != 1);
    let to = month_index(last);
    let count = |m: i64| to.div_euclid(m) - (from + m - 1).div_euclid(m) + 1;
    // 1, 2, 3, 4, 6 months, then 1, 2, 5, 10, 20, 50… years.
    let years = (0..7u32).flat_map(|e| [1, 2, 5].map(|f| 12 * f * 10i64.pow(e)));
    let m = [1, 2, 3, 4, 6]
        .into_iter()
        .chain(years)
        .find(|m| count(*m) <= most)
        .unwrap_or(12 * 5_000_000);
    let mut ticks = Vec::new();
    let mut i = (from + m - 1).div_euclid(m) * m;
    while i <= to && ticks.len() < limit {
        if let Some(d) = month_start(i) {
            ticks.push(d);
        }
        i += m;
    }
    (ticks, format)
}

pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * GLYPH
}

/// `text` cut with an ellipsis to fit `width` at `size`.
pub(super) fn fit(text: &str, width: f64, size: f64) -> String {
    let room = (width / (size * GLYPH)).floor().max(1.0) as usize;
    if text.chars().count() <= room {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(room.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Keeps a label of `width` centred on `x` inside a viewBox `chart_w` wide.
pub(super) fn clamp_centre(x: f64, width: f64, chart_w: f64) -> f64 {
    let half = (width / 2.0 + 2.0).min(chart_w / 2.0);
    x.clamp(half, chart_w - half)
}

pub(super) fn empty_frame(title: &str, description: &str, width: f64) -> Frame {
    Frame {
        width: Num(width),
        font: Num(FONT),
        font_small: Num(FONT_SMALL),
        height: Num(EMPTY_HEIGHT),
        title: title.to_string(),
        description: description.to_string(),
        empty: true,
        message: Label::new(
            width / 2.0,
            EMPTY_HEIGHT / 2.0 + 5.0,
            "No data yet".to_string(),
            "middle",
        ),
        y_label: Label::new(8.0, 16.0, String::new(), "start"),
        plot: Rect::default(),
        x_axis: Segment {
            x1: Num(0.0),
            y1: Num(0.0),
            x2: Num(0.0),
            y2: Num(0.0),
        },
        y_axis: Segment {
            x1: Num(0.0),
            y1: Num(0.0),
            x2: Num(0.0),
            y2: Num(0.0),
        },
        y_ticks: Vec::new(),
        legend: Vec::new(),
        key: Vec::new(),
    }
}

/// The axes area for a value axis in a chart `width` wide; returns the frame (legend not yet
/// placed) and the scale.
pub(super) fn frame(
    title: &str,
    description: &str,
    y_label: &str,
    axis: Axis,
    width: f64,
) -> (Frame, YScale) {
    let values = axis.ticks();
    let labels: Vec<String> = values.iter().map(|v| axis.label(*v)).collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    let left = (widest + 12.0).clamp(28.0, width / 3.0);
    let plot = Rect::new(
        left,
        MARGIN_TOP,
        width - left - MARGIN_RIGHT,
        HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
    );
    let scale = YScale {
        axis,
        top: plot.y.0,
        bottom: plot.bottom(),
    };
    let y_ticks = values
        .iter()
        .zip(labels)
        .map(|(v, text)| {
            let y = scale.y(*v);
            YTick {
                value: *v,
                grid: Segment {
                    x1: plot.x,
                    y1: Num(y),
                    x2: Num(plot.right()),
                    y2: Num(y),
                },
                label: Label::new(left - 6.0, y + FONT * 0.35, text, "end"),
            }
        })
        .collect();
    let frame = Frame {
        width: Num(width),
        font: Num(FONT),
        font_small: Num(FONT_SMALL),
        height: Num(HEIGHT),
        title: title.to_string(),
        description: description.to_string(),
        empty: false,
        message: Label::new(width / 2.0, HEIGHT / 2.0, String::new(), "middle"),
        y_label: Label::new(8.0, 16.0, fit(y_label, width - 16.0, FONT), "start"),
        plot,
        x_axis: Segment {
            x1: plot.x,
            y1: Num(plot.bottom()),
            x2: Num(plot.right()),
            y2: Num(plot.bottom()),
        },
        y_axis: Segment {
            x1: plot.x,
            y1: plot.y,
            x2: plot.x,
            y2: Num(plot.bottom()),
        },
        y_ticks,
        legend: Vec::new(),
        key: Vec::new(),
    };
    (frame, scale)
}

pub(super) fn finish(frame: &mut Frame, entries: &[Entry]) {
    let (legend, rows) = place_legend(entries, frame.width.0);
    frame.legend = legend;
    frame.key = key(entries);
    if rows > 0 {
        frame.height = Num(HEIGHT + rows as f64 * LEGEND_ROW + 6.0);
    }
}

#[cfg(test)]
mod tests {
    use crate::web::charts::testkit::*;
    use crate::web::charts::*;
    use chrono::Datelike;

    #[test]
    fn date_ticks_are_at_most_six_and_inside_the_range() {
        let start = day(2024, 12, 20);
        for span in (0..400).chain([730, 1500, 4000, 40_000]) {
            let end = start + chrono::Days::new(span);
            let (ticks, _) = date_ticks(start, end, WIDE - 60.0);
            assert!(!ticks.is_empty(), "span {span}");
            assert!(ticks.len() <= MAX_X_TICKS, "span {span}: {ticks:?}");
            assert!(ticks.iter().all(|d| *d >= start && *d <= end));
            assert!(ticks.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn extreme_dates_do_not_break_the_layout() {
        let c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            vec![(NaiveDate::MIN, 1.0), (NaiveDate::MAX, 2.0)],
        )]);
        let l = c.layout();
        assert!(!l.x_ticks.is_empty() && l.x_ticks.len() <= MAX_X_TICKS);
        let span = l.x_ticks.last().unwrap().label.x.0 - l.x_ticks[0].label.x.0;
        assert!(
            span > l.frame.plot.w.0 / 2.0,
            "ticks spread across the plot"
        );
        inside(&line_coords(&l), &l.frame).unwrap();
        assert_clean_markup(&render_line(&c, "far"));
    }

    #[test]
    fn date_labels_read_day_month() {
        let c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 11, 3), &[1.0; 14]),
        )]);
        let l = c.layout();
        assert!(l.x_ticks.len() <= MAX_X_TICKS);
        assert_eq!(l.x_ticks[0].label.text, "3 Nov");
        // Long spans tick on the first of months.
        let year = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 1, 10), &[1.0; 365]),
        )]);
        let l = year.layout();
        assert!(l.x_ticks.len() <= MAX_X_TICKS);
        assert!(l.x_ticks.iter().all(|t| t.date.day() == 1));
        assert!(l.x_ticks.iter().all(|t| t.label.text.starts_with("1 ")));
        assert!(
            l.lines[0].markers.is_empty(),
            "no markers when days are thin"
        );
    }
}
