//! Server-rendered charts: inline `<svg>` with no script and no inline styles.
//!
//! Two layers:
//! - geometry: [`LineChart::layout`] and [`BarChart::layout`] turn data into positions in SVG user
//!   units for a viewBox [`WIDE`] or [`NARROW`] wide (the height grows with the legend); the page
//!   gets both and CSS shows the one that fits, so chart text keeps its size on every screen;
//! - templates: `templates/charts/line.html` and `templates/charts/bar.html` draw a layout with
//!   presentation attributes only (`fill`, `stroke`, …), so a strict CSP is fine.
//!
//! Every piece of text reaches the markup through askama's HTML escaping, so titles and series
//! names may contain anything. [`LineChart::table`] and [`BarChart::table`] give the same data as
//! a table for the page to render under the chart.

mod axis;
mod bar;
mod legend;
mod line;
mod place;
mod scale;
#[cfg(test)]
mod testkit;

use axis::*;
use legend::*;
use scale::*;

use std::collections::BTreeMap;
use std::fmt;

use askama::Template;
use chrono::NaiveDate;

/// Width of the wide viewBox, in user units: drawn at most this many CSS px wide, so text is
/// never larger than its size in user units.
pub const WIDE: f64 = 440.0;
/// Width of the narrow viewBox, shown instead of the wide one where the chart has less than
/// [`WIDE`] px (phones): at 300 units it is drawn at full size on a 360 px screen.
pub const NARROW: f64 = 300.0;
/// Height of the axes area; legend rows are added below it.
pub const HEIGHT: f64 = 300.0;
/// Height of a chart with nothing to plot.
pub const EMPTY_HEIGHT: f64 = 120.0;

const MARGIN_RIGHT: f64 = 14.0;
const MARGIN_TOP: f64 = 38.0;
const MARGIN_BOTTOM: f64 = 32.0;
/// Text size of labels, in user units, which are CSS px as drawn.
pub const FONT: f64 = 14.0;
/// Text size of band letters and bar values.
pub const FONT_SMALL: f64 = 12.0;
/// Average glyph width as a share of the font size: an estimate, the font is the page's.
const GLYPH: f64 = 0.6;
const LEGEND_ROW: f64 = 24.0;
const SWATCH_W: f64 = 22.0;
/// At most this many date ticks or category labels on the horizontal axis.
pub const MAX_X_TICKS: usize = 6;
/// Widest bar (or group of bars for one day), so a few days do not make slabs.
const MAX_BAR_W: f64 = 48.0;
/// Values beyond ± this are drawn at the limit.
const LIMIT: f64 = 1e9;

const INK: &str = "#1d2530";
/// How reference lines are dashed, on the plot and in the legend.
pub const REFERENCE_DASH: &str = "6 4";
const PAPER: &str = "#ffffff";

// ---------------------------------------------------------------------------------------------
// Input

/// Named colours, each with at least 4.5:1 contrast on white and on every band fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Blue,
    Green,
    Amber,
    Red,
    Purple,
    Teal,
    Ink,
}

impl Colour {
    pub const ALL: [Colour; 7] = [
        Colour::Blue,
        Colour::Green,
        Colour::Amber,
        Colour::Red,
        Colour::Purple,
        Colour::Teal,
        Colour::Ink,
    ];

    pub fn hex(self) -> &'static str {
        match self {
            Colour::Blue => "#0b5cad",
            Colour::Green => "#1e6b34",
            Colour::Amber => "#8a5300",
            Colour::Red => "#a4161a",
            Colour::Purple => "#6b3fa0",
            Colour::Teal => "#00695c",
            Colour::Ink => INK,
        }
    }

    /// The colour in words, for the caption.
    pub fn name(self) -> &'static str {
        match self {
            Colour::Blue => "blue",
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
            Colour::Purple => "purple",
            Colour::Teal => "teal",
            Colour::Ink => "black",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesStyle {
    Line,
    Bars,
    Dots,
}

/// One set of dated values. Non-finite values are skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: Colour,
    pub points: Vec<(NaiveDate, f64)>,
    pub style: SeriesStyle,
}

/// A labelled horizontal line, such as "5/10 acceptable" at 5.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLine {
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandKind {
    Green,
    Amber,
    Red,
}

impl BandKind {
    /// Light fill behind the plot.
    pub fn fill(self) -> &'static str {
        match self {
            BandKind::Green => "#e5f4e9",
            BandKind::Amber => "#fff3dc",
            BandKind::Red => "#fde8e8",
        }
    }
    /// Dark colour for the band's letter and outline: AA on the fill and on white.
    pub fn ink(self) -> &'static str {
        match self {
            BandKind::Green => "#1e6b34",
            BandKind::Amber => "#8a5300",
            BandKind::Red => "#a4161a",
        }
    }
    /// The letter drawn at the top of the band, so colour is not the only cue.
    pub fn letter(self) -> &'static str {
        match self {
            BandKind::Green => "G",
            BandKind::Amber => "A",
            BandKind::Red => "R",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            BandKind::Green => "Green",
            BandKind::Amber => "Amber",
            BandKind::Red => "Red",
        }
    }
}

/// Days `from..=to` shaded behind the plot (the ends may come in either order).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: BandKind,
}

/// Dated values against a value axis, with optional reference lines and day bands.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub description: String,
    pub y_label: String,
    pub y_min: f64,
    /// `None`: from the data and the reference lines, with headroom, rounded up to a tick.
    /// Values above an explicit maximum are drawn at the top edge; reference lines outside the
    /// range are left out of the plot (the caption still lists them).
    pub y_max: Option<f64>,
    pub series: Vec<Series>,
    pub references: Vec<ReferenceLine>,
    pub bands: Vec<Band>,
}

/// Weekly adherence: a done bar over a planned outline for each category.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub description: String,
    pub y_label: String,
    /// Legend and table heading for the filled bars, e.g. "Sessions done".
    pub done_label: String,
    /// Legend and table heading for the outlines, e.g. "Sessions planned".
    pub planned_label: String,
    pub colour: Colour,
    /// `None`: from the data with headroom. The axis always starts at 0.
    pub y_max: Option<f64>,
    pub groups: Vec<BarGroup>,
}

/// One category, such as "w/c 3 Nov". Negative or non-finite values count as 0.
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub done: f64,
    pub planned: f64,
}

// ---------------------------------------------------------------------------------------------
// Output geometry

/// A number in user units, shown with at most one decimal.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = if self.0.is_finite() {
            (self.0 * 10.0).round() / 10.0
        } else {
            0.0
        };
        if v == 0.0 {
            f.write_str("0")
        } else if v.fract() == 0.0 {
            write!(f, "{v:.0}")
        } else {
            write!(f, "{v:.1}")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: Num,
    pub y: Num,
    pub w: Num,
    pub h: Num,
}

impl Rect {
    fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x: Num(x),
            y: Num(y),
            w: Num(w.max(0.0)),
            h: Num(h.max(0.0)),
        }
    }
    fn right(&self) -> f64 {
        self.x.0 + self.w.0
    }
    fn bottom(&self) -> f64 {
        self.y.0 + self.h.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub cx: Num,
    pub cy: Num,
    pub r: Num,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x1: Num,
    pub y1: Num,
    pub x2: Num,
    pub y2: Num,
}

/// Text at a point; `anchor` is the SVG `text-anchor`.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: Num,
    pub y: Num,
    pub text: String,
    pub anchor: &'static str,
}

impl Label {
    fn new(x: f64, y: f64, text: String, anchor: &'static str) -> Label {
        Label {
            x: Num(x),
            y: Num(y),
            text,
            anchor,
        }
    }
}

/// A value-axis tick: a gridline across the plot and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct YTick {
    pub value: f64,
    pub grid: Segment,
    pub label: Label,
}

/// A date tick: a short mark under the axis and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct XTick {
    pub date: NaiveDate,
    pub mark: Segment,
    pub label: Label,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandGeom {
    pub kind: BandKind,
    pub rect: Rect,
    pub fill: &'static str,
    pub ink: &'static str,
    /// G, A or R above the band, when there is room for it.
    pub marker: Option<Label>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceGeom {
    pub value: f64,
    /// The line's full name, as in the caption.
    pub name: String,
    pub line: Segment,
    /// Beside the line when there is room clear of the data; `None`: named in the legend.
    pub label: Option<Label>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineGeom {
    pub name: String,
    pub colour: &'static str,
    /// `stroke-dasharray`, empty for a solid line.
    pub dash: &'static str,
    pub markers: Vec<Circle>,
    /// The line's points in user units.
    pub path: Vec<(f64, f64)>,
}

impl LineGeom {
    /// The `points` attribute of the polyline; empty with fewer than two points.
    pub fn points(&self) -> String {
        if self.path.len() < 2 {
            return String::new();
        }
        self.path
            .iter()
            .map(|(x, y)| format!("{},{}", Num(*x), Num(*y)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarGeom {
    pub rect: Rect,
    pub colour: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DotGeom {
    pub circle: Circle,
    pub colour: &'static str,
}

/// One legend entry drawn inside the SVG: a swatch made of whichever shapes are present, and a
/// (possibly shortened) name.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub line: Option<Segment>,
    pub rect: Option<Rect>,
    pub circle: Option<Circle>,
    pub letter: Option<Label>,
    pub fill: &'static str,
    pub stroke: &'static str,
    pub dash: &'static str,
    pub text: Label,
}

/// One line of the caption's key: what a thing is and how it is drawn, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyEntry {
    pub name: String,
    pub how: String,
}

/// What both kinds of chart share: size, texts, value axis, legend and caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub width: Num,
    /// [`FONT`] and [`FONT_SMALL`], for the templates.
    pub font: Num,
    pub font_small: Num,
    pub height: Num,
    pub title: String,
    pub description: String,
    /// Nothing to plot: the template shows `message` instead of axes.
    pub empty: bool,
    pub message: Label,
    pub y_label: Label,
    pub plot: Rect,
    pub x_axis: Segment,
    pub y_axis: Segment,
    pub y_ticks: Vec<YTick>,
    pub legend: Vec<LegendEntry>,
    pub key: Vec<KeyEntry>,
}

/// Everything `charts/line.html` draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLayout {
    pub frame: Frame,
    pub x_ticks: Vec<XTick>,
    pub bands: Vec<BandGeom>,
    pub references: Vec<ReferenceGeom>,
    pub lines: Vec<LineGeom>,
    pub bars: Vec<BarGeom>,
    pub dots: Vec<DotGeom>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupGeom {
    pub planned: Rect,
    pub done: Rect,
    /// "done/planned" above the group, when there is room.
    pub value: Option<Label>,
}

/// Everything `charts/bar.html` draws.
#[derive(Debug, Clone, PartialEq)]
pub struct BarLayout {
    pub frame: Frame,
    pub colour: &'static str,
    pub groups: Vec<GroupGeom>,
    /// Category labels under the axis, thinned to at most [`MAX_X_TICKS`].
    pub categories: Vec<Label>,
}

/// The chart's data as a table, for the page to render under the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    pub caption: String,
    pub headers: Vec<String>,
    /// One row per date or category; an empty cell means no value.
    pub rows: Vec<Vec<String>>,
}

// ---------------------------------------------------------------------------------------------
// Templates

/// One drawing of a chart: its layout, the prefix of its element ids and its CSS class.
pub type Drawing<L> = (L, String, &'static str);

#[derive(Template)]
#[template(path = "charts/line.html")]
pub struct LineChartSvg {
    /// The wide drawing, then the narrow one; CSS shows the one that fits.
    pub drawings: [Drawing<ChartLayout>; 2],
    /// The caption's key, the same for both.
    pub key: Vec<KeyEntry>,
}

#[derive(Template)]
#[template(path = "charts/bar.html")]
pub struct BarChartSvg {
    pub drawings: [Drawing<BarLayout>; 2],
    pub key: Vec<KeyEntry>,
}

/// The wide and the narrow drawing of one chart: ids `{id}-title`, `{id}-desc` on the wide one
/// and `{id}-narrow-title`, `{id}-narrow-desc` on the narrow one.
fn drawings<L>(id: &str, layout: impl Fn(f64) -> L) -> [Drawing<L>; 2] {
    let id = clean_id(id);
    [
        (layout(WIDE), id.clone(), "chart-wide"),
        (layout(NARROW), format!("{id}-narrow"), "chart-narrow"),
    ]
}

/// The chart as a `<figure>`, for a page template to insert with `|safe`. Empty on a render
/// error. `id` is reduced to letters, digits, `-` and `_`.
pub fn render_line(chart: &LineChart, id: &str) -> String {
    let drawings = drawings(id, |w| chart.layout_at(w));
    let key = drawings[0].0.frame.key.clone();
    LineChartSvg { drawings, key }.render().unwrap_or_default()
}

/// As [`render_line`], for a [`BarChart`].
pub fn render_bar(chart: &BarChart, id: &str) -> String {
    let drawings = drawings(id, |w| chart.layout_at(w));
    let key = drawings[0].0.frame.key.clone();
    BarChartSvg { drawings, key }.render().unwrap_or_default()
}

fn clean_id(id: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if id.is_empty() {
        "chart".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_show_at_most_one_decimal() {
        assert_eq!(Num(12.0).to_string(), "12");
        assert_eq!(Num(12.345).to_string(), "12.3");
        assert_eq!(Num(12.96).to_string(), "13");
        assert_eq!(Num(-0.01).to_string(), "0");
        assert_eq!(Num(f64::NAN).to_string(), "0");
        assert_eq!(Num(0.05).to_string(), "0.1");
    }

    #[test]
    fn user_text_is_escaped() {
        let evil = "<script>alert(1)</script>\"'&";
        let mut c = chart(vec![series(
            evil,
            SeriesStyle::Line,
            daily(day(2025, 11, 3), &[1.0, 2.0]),
        )]);
        c.title = evil.to_string();
        c.description = evil.to_string();
        c.y_label = evil.to_string();
        c.references = vec![ReferenceLine {
            label: evil.to_string(),
            value: 1.5,
        }];
        let html = render_line(&c, "x\"><script>");
        assert_clean_markup(&html);
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;"));
        assert!(html.contains("id=\"xscript-title\""));

        let b = BarChart {
            title: evil.to_string(),
            description: evil.to_string(),
            y_label: evil.to_string(),
            done_label: evil.to_string(),
            planned_label: evil.to_string(),
            colour: Colour::Blue,
            y_max: None,
            groups: vec![BarGroup {
                label: evil.to_string(),
                done: 1.0,
                planned: 2.0,
            }],
        };
        let html = render_bar(&b, "b");
        assert_clean_markup(&html);
        assert!(html.contains("&#60;script&#62;"));
    }

    #[test]
    fn markup_is_accessible() {
        let c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 11, 3), &[1.0, 2.0]),
        )]);
        let html = render_line(&c, "pain-chart");
        assert!(html.starts_with("<figure class=\"chart\">"));
        assert!(html.contains(
            "role=\"img\" aria-labelledby=\"pain-chart-title\" aria-describedby=\"pain-chart-desc\">"
        ));
        let svg_open = html.find("<svg").unwrap();
        let after = &html[svg_open..];
        let first_child = &after[after.find('>').unwrap() + 1..].trim_start();
        assert!(first_child.starts_with("<title id=\"pain-chart-title\">Pain</title>"));
        assert!(html.contains("<desc id=\"pain-chart-desc\">Pain after each run</desc>"));
        assert!(html.contains("<li>Pain: blue solid line</li>"));
        assert!(html.contains("width=\"100%\""));
        assert!(html.trim_end().ends_with("</figure>"));
        assert_eq!(clean_id(""), "chart");
    }

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn colours_meet_aa() {
        let kinds = [BandKind::Green, BandKind::Amber, BandKind::Red];
        for c in Colour::ALL {
            assert!(contrast(c.hex(), PAPER) >= 4.5, "{c:?} on white");
            for k in kinds {
                assert!(contrast(c.hex(), k.fill()) >= 4.5, "{c:?} on {k:?}");
            }
        }
        for k in kinds {
            assert!(contrast(k.ink(), k.fill()) >= 4.5, "{k:?} letter");
            assert!(contrast(k.ink(), PAPER) >= 4.5, "{k:?} legend");
        }
        // Text colours used by the templates.
        assert!(contrast("#4d5866", PAPER) >= 4.5);
        assert!(contrast(INK, PAPER) >= 4.5);
        for k in kinds {
            assert!(contrast("#4d5866", k.fill()) >= 4.5);
        }
    }

    fn arb_style() -> impl Strategy<Value = SeriesStyle> {
        prop_oneof![
            Just(SeriesStyle::Line),
            Just(SeriesStyle::Bars),
            Just(SeriesStyle::Dots)
        ]
    }

    fn arb_value() -> impl Strategy<Value = f64> {
        prop_oneof![
            8 => -50.0f64..1000.0,
            1 => Just(0.0),
            1 => prop::num::f64::ANY,
        ]
    }

    fn arb_series() -> impl Strategy<Value = Series> {
        (
            arb_style(),
            prop::collection::vec((0u64..800, arb_value()), 0..40),
        )
            .prop_map(|(style, pts)| Series {
                name: "s".to_string(),
                colour: Colour::Teal,
                points: pts
                    .into_iter()
                    .map(|(d, v)| (day(2024, 2, 28) + chrono::Days::new(d), v))
                    .collect(),
                style,
            })
    }

    fn arb_band() -> impl Strategy<Value = Band> {
        (0u64..800, 0u64..800, 0usize..3).prop_map(|(a, b, k)| Band {
            from: day(2024, 2, 28) + chrono::Days::new(a),
            to: day(2024, 2, 28) + chrono::Days::new(b),
            kind: [BandKind::Green, BandKind::Amber, BandKind::Red][k],
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn line_chart_coordinates_stay_in_the_view_box(
            series in prop::collection::vec(arb_series(), 0..5),
            bands in prop::collection::vec(arb_band(), 0..4),
            references in prop::collection::vec(arb_value(), 0..3),
            y_min in prop_oneof![Just(0.0), -100.0f64..100.0],
            y_max in prop::option::of(-100.0f64..2000.0),
        ) {
            let c = LineChart {
                title: "t".to_string(),
                description: "d".to_string(),
                y_label: "y".to_string(),
                y_min,
                y_max,
                series,
                references: references
                    .into_iter()
                    .map(|value| ReferenceLine { label: "r".to_string(), value })
                    .collect(),
                bands,
            };
            for width in [WIDE, NARROW] {
                let l = c.layout_at(width);
                prop_assert!(l.x_ticks.len() <= MAX_X_TICKS);
                prop_assert!(l.frame.y_ticks.len() <= 12);
                if let Err(e) = inside(&line_coords(&l), &l.frame) {
                    return Err(TestCaseError::fail(e));
                }
                for r in &l.references {
                    prop_assert!(r.line.y1.0 >= l.frame.plot.y.0 - 0.05);
                    prop_assert!(r.line.y1.0 <= l.frame.plot.bottom() + 0.05);
                }
                if let Err(e) = labels_clear_of_data_and_each_other(&l) {
                    return Err(TestCaseError::fail(e));
                }
            }
            assert_clean_markup(&render_line(&c, "p"));
        }

        #[test]
        fn reference_labels_sit_beside_their_line_or_in_the_legend(
            values in prop::collection::vec(0.0f64..10.0, 1..60),
            references in prop::collection::vec(0.0f64..10.0, 1..4),
        ) {
            let c = LineChart {
                y_max: Some(10.0),
                references: references
                    .iter()
                    .enumerate()
                    .map(|(i, value)| ReferenceLine { label: format!("Line {i}"), value: *value })
                    .collect(),
                ..chart(vec![
                    series("Pain", SeriesStyle::Line, daily(day(2025, 3, 1), &values)),
                    series("Morning", SeriesStyle::Dots, daily(day(2025, 3, 2), &values)),
                ])
            };
            for width in [WIDE, NARROW] {
                let l = c.layout_at(width);
                if let Err(e) = labels_clear_of_data_and_each_other(&l) {
                    return Err(TestCaseError::fail(e));
                }
                for r in &l.references {
                    let in_legend = l.frame.legend.iter().any(|e| e.text.text == r.name);
                    prop_assert!(
                        r.label.is_some() != in_legend,
                        "{} is named once: beside its line or in the legend", r.name
                    );
                    if let Some(label) = &r.label {
                        let gap = (label.y.0 - r.line.y1.0).abs();
                        prop_assert!(gap <= 16.0, "{} label {gap} from its line", r.name);
                    }
                }
            }
        }

        #[test]
        fn bar_chart_coordinates_stay_in_the_view_box(
            values in prop::collection::vec((arb_value(), arb_value()), 0..30),
            y_max in prop::option::of(-10.0f64..500.0),
        ) {
            let b = BarChart {
                y_max,
                ..bar_chart(
                    values
                        .into_iter()
                        .enumerate()
                        .map(|(i, (done, planned))| BarGroup {
                            label: format!("w/c {i} Dec"),
                            done,
                            planned,
                        })
                        .collect(),
                )
            };
            let l = b.layout();
            if let Err(e) = inside(&bar_coords(&l), &l.frame) {
                return Err(TestCaseError::fail(e));
            }
            prop_assert!(l.categories.len() <= MAX_X_TICKS);
            assert_clean_markup(&render_bar(&b, "p"));
        }
    }
}
