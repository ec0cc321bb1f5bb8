//! Server-rendered charts: inline `<svg>` with no script and no inline styles.
//!
//! Two layers:
//! - geometry: [`LineChart::layout`] and [`BarChart::layout`] turn data into positions in SVG user
//!   units for a fixed-width viewBox ([`WIDTH`] wide; the height grows with the legend);
//! - templates: `templates/charts/line.html` and `templates/charts/bar.html` draw a layout with
//!   presentation attributes only (`fill`, `stroke`, …), so a strict CSP is fine.
//!
//! Every piece of text reaches the markup through askama's HTML escaping, so titles and series
//! names may contain anything. [`LineChart::table`] and [`BarChart::table`] give the same data as
//! a table for the page to render under the chart.

use std::collections::BTreeMap;
use std::fmt;

use askama::Template;
use chrono::{Datelike, NaiveDate};

/// Width of every chart's viewBox, in user units.
pub const WIDTH: f64 = 440.0;
/// Height of the axes area; legend rows are added below it.
pub const HEIGHT: f64 = 300.0;
/// Height of a chart with nothing to plot.
pub const EMPTY_HEIGHT: f64 = 120.0;

const MARGIN_RIGHT: f64 = 14.0;
const MARGIN_TOP: f64 = 38.0;
const MARGIN_BOTTOM: f64 = 32.0;
/// Text size of labels, in user units (about 11 CSS px when the chart is 354 px wide).
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
    pub line: Segment,
    pub label: Label,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineGeom {
    pub name: String,
    pub colour: &'static str,
    /// `stroke-dasharray`, empty for a solid line.
    pub dash: &'static str,
    /// The `points` attribute of the polyline; empty with fewer than two points.
    pub points: String,
    pub markers: Vec<Circle>,
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

#[derive(Template)]
#[template(path = "charts/line.html")]
pub struct LineChartSvg {
    pub chart: ChartLayout,
    /// Prefix for element ids; keep it unique on the page.
    pub id: String,
}

#[derive(Template)]
#[template(path = "charts/bar.html")]
pub struct BarChartSvg {
    pub chart: BarLayout,
    pub id: String,
}

/// The chart as a `<figure>`, for a page template to insert with `|safe`. Empty on a render
/// error. `id` is reduced to letters, digits, `-` and `_`.
pub fn render_line(chart: &LineChart, id: &str) -> String {
    LineChartSvg {
        chart: chart.layout(),
        id: clean_id(id),
    }
    .render()
    .unwrap_or_default()
}

/// As [`render_line`], for a [`BarChart`].
pub fn render_bar(chart: &BarChart, id: &str) -> String {
    BarChartSvg {
        chart: chart.layout(),
        id: clean_id(id),
    }
    .render()
    .unwrap_or_default()
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

// ---------------------------------------------------------------------------------------------
// Scales and ticks

/// The value axis: `min..=max`, ticks every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    min: f64,
    max: f64,
    step: f64,
}

fn sane(v: f64) -> Option<f64> {
    v.is_finite().then(|| v.clamp(-LIMIT, LIMIT))
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
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
fn value_axis(y_min: f64, y_max: Option<f64>, values: &[f64]) -> Axis {
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
    fn ticks(&self) -> Vec<f64> {
        let first = (self.min / self.step - 1e-9).ceil();
        (0..12)
            .map(|k| (first + k as f64) * self.step)
            .take_while(|v| *v <= self.max + self.step * 1e-9)
            .collect()
    }

    fn label(&self, v: f64) -> String {
        let decimals = if self.step.fract() == 0.0 {
            0
        } else {
            (1.0 - self.step.log10().floor()).clamp(1.0, 9.0) as usize
        };
        trim_number(v, decimals)
    }
}

/// `v` with up to `decimals` decimals, trailing zeros dropped.
fn trim_number(v: f64, decimals: usize) -> String {
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
fn show(v: f64) -> String {
    trim_number(v, 2)
}

struct YScale {
    axis: Axis,
    top: f64,
    bottom: f64,
}

impl YScale {
    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.axis.min, self.axis.max);
        self.bottom
            - (v - self.axis.min) / (self.axis.max - self.axis.min) * (self.bottom - self.top)
    }
}

/// Days as equal slots across the plot: `first` is the leftmost slot.
struct XScale {
    first: NaiveDate,
    left: f64,
    day_w: f64,
}

impl XScale {
    fn start(&self, d: NaiveDate) -> f64 {
        self.left + (d - self.first).num_days() as f64 * self.day_w
    }
    fn centre(&self, d: NaiveDate) -> f64 {
        self.start(d) + self.day_w / 2.0
    }
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn month_start(index: i64) -> Option<NaiveDate> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month0 = u32::try_from(index.rem_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, month0 + 1, 1)
}

/// At most [`MAX_X_TICKS`] dates within `first..=last`, and their label format: every few days
/// from `first` for up to four months, else the first of every few months.
fn date_ticks(first: NaiveDate, last: NaiveDate) -> (Vec<NaiveDate>, &'static str) {
    let days = (last - first).num_days() + 1;
    let most = MAX_X_TICKS as i64;
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
        return (ticks, "%-d %b");
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
    while i <= to && ticks.len() < MAX_X_TICKS {
        if let Some(d) = month_start(i) {
            ticks.push(d);
        }
        i += m;
    }
    let format = if days > 366 { "%b %Y" } else { "%-d %b" };
    (ticks, format)
}

fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * GLYPH
}

/// `text` cut with an ellipsis to fit `width` at `size`.
fn fit(text: &str, width: f64, size: f64) -> String {
    let room = (width / (size * GLYPH)).floor().max(1.0) as usize;
    if text.chars().count() <= room {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(room.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Keeps a label of `width` centred on `x` inside the viewBox.
fn clamp_centre(x: f64, width: f64) -> f64 {
    let half = (width / 2.0 + 2.0).min(WIDTH / 2.0);
    x.clamp(half, WIDTH - half)
}

// ---------------------------------------------------------------------------------------------
// Shared frame

/// Legend and key entries before placement.
struct Entry {
    swatch: Swatch,
    name: String,
    how: String,
}

enum Swatch {
    Line {
        colour: &'static str,
        dash: &'static str,
    },
    Square {
        fill: &'static str,
        stroke: &'static str,
    },
    Dot {
        colour: &'static str,
    },
    Band(BandKind),
    /// Labelled on the plot itself: listed in the caption, not drawn in the legend.
    Reference,
}

/// Places legend entries in rows below the axes; returns them and the number of rows.
fn place_legend(entries: &[Entry]) -> (Vec<LegendEntry>, usize) {
    let start = 8.0;
    let gap = 16.0;
    let max_text = WIDTH - 2.0 * start - SWATCH_W - 6.0;
    let mut out = Vec::new();
    let (mut x, mut row) = (start, 0usize);
    for e in entries
        .iter()
        .filter(|e| !matches!(e.swatch, Swatch::Reference))
    {
        let text = fit(&e.name, max_text, FONT);
        let w = SWATCH_W + 6.0 + text_width(&text, FONT);
        if x > start && x + w > WIDTH - start {
            x = start;
            row += 1;
        }
        let base = HEIGHT + 16.0 + row as f64 * LEGEND_ROW;
        let cy = base - 4.5;
        let mut entry = LegendEntry {
            line: None,
            rect: None,
            circle: None,
            letter: None,
            fill: "none",
            stroke: "none",
            dash: "",
            text: Label::new(x + SWATCH_W + 6.0, base, text, "start"),
        };
        match e.swatch {
            Swatch::Line { colour, dash } => {
                entry.line = Some(Segment {
                    x1: Num(x),
                    y1: Num(cy),
                    x2: Num(x + SWATCH_W),
                    y2: Num(cy),
                });
                entry.stroke = colour;
                entry.dash = dash;
            }
            Swatch::Square { fill, stroke } => {
                entry.rect = Some(Rect::new(x + 5.0, cy - 6.0, 12.0, 12.0));
                entry.fill = fill;
                entry.stroke = stroke;
            }
            Swatch::Dot { colour } => {
                entry.circle = Some(Circle {
                    cx: Num(x + SWATCH_W / 2.0),
                    cy: Num(cy),
                    r: Num(4.0),
                });
                entry.fill = colour;
            }
            Swatch::Band(kind) => {
                entry.rect = Some(Rect::new(x, cy - 8.0, SWATCH_W, 16.0));
                entry.fill = kind.fill();
                entry.stroke = kind.ink();
                entry.letter = Some(Label::new(
                    x + SWATCH_W / 2.0,
                    cy + 4.0,
                    kind.letter().to_string(),
                    "middle",
                ));
            }
            Swatch::Reference => {}
        }
        out.push(entry);
        x += w + gap;
    }
    let rows = if out.is_empty() { 0 } else { row + 1 };
    (out, rows)
}

fn key(entries: &[Entry]) -> Vec<KeyEntry> {
    entries
        .iter()
        .map(|e| KeyEntry {
            name: e.name.clone(),
            how: e.how.clone(),
        })
        .collect()
}

fn empty_frame(title: &str, description: &str) -> Frame {
    Frame {
        width: Num(WIDTH),
        font: Num(FONT),
        font_small: Num(FONT_SMALL),
        height: Num(EMPTY_HEIGHT),
        title: title.to_string(),
        description: description.to_string(),
        empty: true,
        message: Label::new(
            WIDTH / 2.0,
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

/// The axes area for a value axis; returns the frame (legend not yet placed) and the scale.
fn frame(title: &str, description: &str, y_label: &str, axis: Axis) -> (Frame, YScale) {
    let values = axis.ticks();
    let labels: Vec<String> = values.iter().map(|v| axis.label(*v)).collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    let left = (widest + 12.0).clamp(28.0, WIDTH / 3.0);
    let plot = Rect::new(
        left,
        MARGIN_TOP,
        WIDTH - left - MARGIN_RIGHT,
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
        width: Num(WIDTH),
        font: Num(FONT),
        font_small: Num(FONT_SMALL),
        height: Num(HEIGHT),
        title: title.to_string(),
        description: description.to_string(),
        empty: false,
        message: Label::new(WIDTH / 2.0, HEIGHT / 2.0, String::new(), "middle"),
        y_label: Label::new(8.0, 16.0, fit(y_label, WIDTH - 16.0, FONT), "start"),
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

fn finish(frame: &mut Frame, entries: &[Entry]) {
    let (legend, rows) = place_legend(entries);
    frame.legend = legend;
    frame.key = key(entries);
    if rows > 0 {
        frame.height = Num(HEIGHT + rows as f64 * LEGEND_ROW + 6.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Line chart

const DASHES: [&str; 4] = ["", "8 4", "2 4", "12 4 2 4"];
const DASH_WORDS: [&str; 4] = ["solid", "dashed", "dotted", "dash-dot"];

/// Finite values, clamped, in date order.
fn clean(points: &[(NaiveDate, f64)]) -> Vec<(NaiveDate, f64)> {
    let mut out: Vec<_> = points
        .iter()
        .filter_map(|(d, v)| sane(*v).map(|v| (*d, v)))
        .collect();
    out.sort_by_key(|(d, _)| *d);
    out
}

/// Bands with ordered ends, in date order, with touching bands of the same kind merged.
fn merge_bands(bands: &[Band]) -> Vec<Band> {
    let mut sorted: Vec<Band> = bands
        .iter()
        .map(|b| Band {
            from: b.from.min(b.to),
            to: b.from.max(b.to),
            kind: b.kind,
        })
        .collect();
    sorted.sort_by_key(|b| b.from);
    let mut out: Vec<Band> = Vec::new();
    for b in sorted {
        if let Some(last) = out.last_mut() {
            let touches = b.from <= last.to || (b.from - last.to).num_days() == 1;
            if last.kind == b.kind && touches {
                last.to = last.to.max(b.to);
                continue;
            }
        }
        out.push(b);
    }
    out
}

impl LineChart {
    /// Positions for `charts/line.html`. Pure: no I/O, no clock.
    pub fn layout(&self) -> ChartLayout {
        let series: Vec<(&Series, Vec<(NaiveDate, f64)>)> =
            self.series.iter().map(|s| (s, clean(&s.points))).collect();
        let bands = merge_bands(&self.bands);
        let dates = series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|(d, _)| *d))
            .chain(bands.iter().flat_map(|b| [b.from, b.to]));
        let (first, last) = match dates.fold(None, |acc: Option<(NaiveDate, NaiveDate)>, d| {
            Some(acc.map_or((d, d), |(a, b)| (a.min(d), b.max(d))))
        }) {
            Some(range) => range,
            None => {
                return ChartLayout {
                    frame: empty_frame(&self.title, &self.description),
                    x_ticks: Vec::new(),
                    bands: Vec::new(),
                    references: Vec::new(),
                    lines: Vec::new(),
                    bars: Vec::new(),
                    dots: Vec::new(),
                };
            }
        };

        let values: Vec<f64> = series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|(_, v)| *v))
            .chain(self.references.iter().filter_map(|r| sane(r.value)))
            .collect();
        let axis = value_axis(self.y_min, self.y_max, &values);
        let (mut frame, ys) = frame(&self.title, &self.description, &self.y_label, axis);
        let plot = frame.plot;
        let days = (last - first).num_days() + 1;
        let xs = XScale {
            first,
            left: plot.x.0,
            day_w: plot.w.0 / days as f64,
        };

        // Date ticks.
        let (tick_dates, format) = date_ticks(first, last);
        let x_ticks = tick_dates
            .into_iter()
            .map(|d| {
                let x = xs.centre(d);
                let text = d.format(format).to_string();
                let lx = clamp_centre(x, text_width(&text, FONT));
                XTick {
                    date: d,
                    mark: Segment {
                        x1: Num(x),
                        y1: Num(plot.bottom()),
                        x2: Num(x),
                        y2: Num(plot.bottom() + 5.0),
                    },
                    label: Label::new(lx, plot.bottom() + 7.0 + FONT, text, "middle"),
                }
            })
            .collect();

        // Bands, with a letter above each one that has room for it.
        let mut last_letter = f64::NEG_INFINITY;
        let band_geoms = bands
            .iter()
            .map(|b| {
                let x = xs.start(b.from);
                let w = xs.start(b.to) + xs.day_w - x;
                let centre = x + w / 2.0;
                let marker = (w >= 6.0 && centre - last_letter >= 9.0).then(|| {
                    last_letter = centre;
                    Label::new(
                        centre,
                        plot.y.0 - 6.0,
                        b.kind.letter().to_string(),
                        "middle",
                    )
                });
                BandGeom {
                    kind: b.kind,
                    rect: Rect::new(x, plot.y.0, w, plot.h.0),
                    fill: b.kind.fill(),
                    ink: b.kind.ink(),
                    marker,
                }
            })
            .collect();

        // Reference lines inside the range, labels at the right end, kept apart.
        let mut refs: Vec<(f64, &ReferenceLine)> = self
            .references
            .iter()
            .filter(|r| r.value.is_finite() && r.value >= axis.min && r.value <= axis.max)
            .map(|r| (ys.y(r.value), r))
            .collect();
        refs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut last_label = f64::NEG_INFINITY;
        let references = refs
            .into_iter()
            .map(|(y, r)| {
                let above = y - 5.0;
                let below = y + 15.0;
                let label_y = if above - FONT >= plot.y.0 - 4.0 && above - last_label >= 14.0 {
                    above
                } else if below <= plot.bottom() - 2.0 && below - last_label >= 14.0 {
                    below
                } else {
                    above.max(plot.y.0 + FONT)
                };
                last_label = label_y;
                ReferenceGeom {
                    value: r.value,
                    line: Segment {
                        x1: plot.x,
                        y1: Num(y),
                        x2: Num(plot.right()),
                        y2: Num(y),
                    },
                    label: Label::new(
                        plot.right() - 4.0,
                        label_y,
                        fit(&r.label, plot.w.0 * 0.6, FONT),
                        "end",
                    ),
                }
            })
            .collect();

        // Data.
        let bar_count = series
            .iter()
            .filter(|(s, _)| s.style == SeriesStyle::Bars)
            .count()
            .max(1);
        let group_w = (xs.day_w * 0.8).min(MAX_BAR_W);
        let bar_w = group_w / bar_count as f64;
        let base = ys.y(0.0);
        let show_markers = xs.day_w >= 4.0;
        let (mut lines, mut bars, mut dots) = (Vec::new(), Vec::new(), Vec::new());
        let (mut line_index, mut bar_index) = (0usize, 0usize);
        for (s, points) in &series {
            let colour = s.colour.hex();
            match s.style {
                SeriesStyle::Line => {
                    let dash = DASHES[line_index % DASHES.len()];
                    line_index += 1;
                    let coords: Vec<(f64, f64)> = points
                        .iter()
                        .map(|(d, v)| (xs.centre(*d), ys.y(*v)))
                        .collect();
                    let polyline = if coords.len() >= 2 {
                        coords
                            .iter()
                            .map(|(x, y)| format!("{},{}", Num(*x), Num(*y)))
                            .collect::<Vec<_>>()
                            .join(" ")
                    } else {
                        String::new()
                    };
                    let markers = if show_markers || coords.len() == 1 {
                        coords
                            .iter()
                            .map(|(x, y)| Circle {
                                cx: Num(*x),
                                cy: Num(*y),
                                r: Num(3.0),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    lines.push(LineGeom {
                        name: s.name.clone(),
                        colour,
                        dash,
                        points: polyline,
                        markers,
                    });
                }
                SeriesStyle::Bars => {
                    let offset = (xs.day_w - group_w) / 2.0 + bar_index as f64 * bar_w;
                    bar_index += 1;
                    for (d, v) in points {
                        let y = ys.y(*v);
                        bars.push(BarGeom {
                            rect: Rect::new(
                                xs.start(*d) + offset,
                                y.min(base),
                                bar_w,
                                (y - base).abs(),
                            ),
                            colour,
                        });
                    }
                }
                SeriesStyle::Dots => {
                    for (d, v) in points {
                        dots.push(DotGeom {
                            circle: Circle {
                                cx: Num(xs.centre(*d)),
                                cy: Num(ys.y(*v)),
                                r: Num(3.5),
                            },
                            colour,
                        });
                    }
                }
            }
        }

        finish(&mut frame, &self.key_entries(axis));
        ChartLayout {
            frame,
            x_ticks,
            bands: band_geoms,
            references,
            lines,
            bars,
            dots,
        }
    }

    /// Legend entries for the series and band kinds (in the SVG and the caption), and reference
    /// lines (caption only, as they are labelled in place).
    fn key_entries(&self, axis: Axis) -> Vec<Entry> {
        let mut out = Vec::new();
        let mut line_index = 0usize;
        for s in &self.series {
            let colour = s.colour.name();
            let (swatch, how) = match s.style {
                SeriesStyle::Line => {
                    let i = line_index % DASHES.len();
                    line_index += 1;
                    (
                        Swatch::Line {
                            colour: s.colour.hex(),
                            dash: DASHES[i],
                        },
                        format!("{colour} {} line", DASH_WORDS[i]),
                    )
                }
                SeriesStyle::Bars => (
                    Swatch::Square {
                        fill: s.colour.hex(),
                        stroke: "none",
                    },
                    format!("{colour} bars"),
                ),
                SeriesStyle::Dots => (
                    Swatch::Dot {
                        colour: s.colour.hex(),
                    },
                    format!("{colour} dots"),
                ),
            };
            out.push(Entry {
                swatch,
                name: s.name.clone(),
                how,
            });
        }
        for kind in [BandKind::Green, BandKind::Amber, BandKind::Red] {
            if self.bands.iter().any(|b| b.kind == kind) {
                out.push(Entry {
                    swatch: Swatch::Band(kind),
                    name: format!("{} day", kind.name()),
                    how: format!(
                        "{} shading marked {} at the top",
                        kind.name().to_lowercase(),
                        kind.letter()
                    ),
                });
            }
        }
        for r in self.references.iter().filter(|r| r.value.is_finite()) {
            let how = if r.value >= axis.min && r.value <= axis.max {
                format!("dashed line at {}", show(r.value))
            } else {
                format!("at {}, outside the chart's range", show(r.value))
            };
            out.push(Entry {
                swatch: Swatch::Reference,
                name: r.label.clone(),
                how,
            });
        }
        out
    }

    /// The data as a table: a row per date, a column per series, and the band colour.
    pub fn table(&self) -> DataTable {
        let columns = self.series.len();
        let band_col = !self.bands.is_empty();
        let width = columns + usize::from(band_col);
        let mut rows: BTreeMap<NaiveDate, Vec<Vec<String>>> = BTreeMap::new();
        for (i, s) in self.series.iter().enumerate() {
            for (d, v) in clean(&s.points) {
                rows.entry(d).or_insert_with(|| vec![Vec::new(); width])[i].push(show(v));
            }
        }
        for b in merge_bands(&self.bands) {
            for d in b.from.iter_days().take_while(|d| *d <= b.to) {
                let cells = &mut rows.entry(d).or_insert_with(|| vec![Vec::new(); width])[columns];
                *cells = vec![b.kind.name().to_string()];
            }
        }
        let mut headers = vec!["Date".to_string()];
        headers.extend(self.series.iter().map(|s| s.name.clone()));
        if band_col {
            headers.push("Pain monitor".to_string());
        }
        DataTable {
            caption: self.title.clone(),
            headers,
            rows: rows
                .into_iter()
                .map(|(d, cells)| {
                    std::iter::once(d.format("%a %-d %b %Y").to_string())
                        .chain(cells.into_iter().map(|c| c.join(", ")))
                        .collect()
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bar chart

fn amount(v: f64) -> f64 {
    sane(v).unwrap_or(0.0).max(0.0)
}

impl BarChart {
    /// Positions for `charts/bar.html`. Pure: no I/O, no clock.
    pub fn layout(&self) -> BarLayout {
        let colour = self.colour.hex();
        let entries = [
            Entry {
                swatch: Swatch::Square {
                    fill: colour,
                    stroke: "none",
                },
                name: self.done_label.clone(),
                how: format!("filled {} bars", self.colour.name()),
            },
            Entry {
                swatch: Swatch::Square {
                    fill: PAPER,
                    stroke: INK,
                },
                name: self.planned_label.clone(),
                how: "black outlines behind them".to_string(),
            },
        ];
        if self.groups.is_empty() {
            return BarLayout {
                frame: empty_frame(&self.title, &self.description),
                colour,
                groups: Vec::new(),
                categories: Vec::new(),
            };
        }
        let values: Vec<f64> = self
            .groups
            .iter()
            .flat_map(|g| [amount(g.done), amount(g.planned)])
            .collect();
        let axis = value_axis(0.0, self.y_max, &values);
        let (mut frame, ys) = frame(&self.title, &self.description, &self.y_label, axis);
        let plot = frame.plot;
        let n = self.groups.len();
        let slot = plot.w.0 / n as f64;
        let base = ys.y(0.0);

        let groups = self
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let (done, planned) = (amount(g.done), amount(g.planned));
                let outer_w = (slot * 0.7).min(MAX_BAR_W);
                let x = plot.x.0 + i as f64 * slot + (slot - outer_w) / 2.0;
                let inner_w = outer_w * 0.6;
                let (yd, yp) = (ys.y(done), ys.y(planned));
                let text = format!("{}/{}", show(done), show(planned));
                let value = (text_width(&text, FONT_SMALL) <= slot - 2.0).then(|| {
                    Label::new(
                        x + outer_w / 2.0,
                        (yd.min(yp) - 5.0).max(plot.y.0 - 4.0),
                        text,
                        "middle",
                    )
                });
                GroupGeom {
                    planned: Rect::new(x, yp, outer_w, base - yp),
                    done: Rect::new(x + (outer_w - inner_w) / 2.0, yd, inner_w, base - yd),
                    value,
                }
            })
            .collect();

        // Category labels: the latest always, then every k-th going back, at most six, spaced
        // so they do not overlap.
        let texts: Vec<String> = self
            .groups
            .iter()
            .map(|g| fit(&g.label, plot.w.0 / 2.0, FONT))
            .collect();
        let widest = texts
            .iter()
            .map(|t| text_width(t, FONT))
            .fold(0.0, f64::max);
        let k = (1..=n)
            .find(|k| n.div_ceil(*k) <= MAX_X_TICKS && slot * *k as f64 >= widest + 6.0)
            .unwrap_or(n);
        let categories = texts
            .into_iter()
            .enumerate()
            .filter(|(i, _)| (n - 1 - i).is_multiple_of(k))
            .map(|(i, text)| {
                let x = plot.x.0 + (i as f64 + 0.5) * slot;
                let x = clamp_centre(x, text_width(&text, FONT));
                Label::new(x, plot.bottom() + 7.0 + FONT, text, "middle")
            })
            .collect();

        finish(&mut frame, &entries);
        BarLayout {
            frame,
            colour,
            groups,
            categories,
        }
    }

    /// The data as a table: a row per category.
    pub fn table(&self) -> DataTable {
        DataTable {
            caption: self.title.clone(),
            headers: vec![
                "Week".to_string(),
                self.done_label.clone(),
                self.planned_label.clone(),
            ],
            rows: self
                .groups
                .iter()
                .map(|g| {
                    vec![
                        g.label.clone(),
                        show(amount(g.done)),
                        show(amount(g.planned)),
                    ]
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn series(name: &str, style: SeriesStyle, points: Vec<(NaiveDate, f64)>) -> Series {
        Series {
            name: name.to_string(),
            colour: Colour::Blue,
            points,
            style,
        }
    }

    fn chart(series: Vec<Series>) -> LineChart {
        LineChart {
            title: "Pain".to_string(),
            description: "Pain after each run".to_string(),
            y_label: "Pain (0–10)".to_string(),
            y_min: 0.0,
            y_max: None,
            series,
            references: Vec::new(),
            bands: Vec::new(),
        }
    }

    fn daily(from: NaiveDate, values: &[f64]) -> Vec<(NaiveDate, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (from + chrono::Days::new(i as u64), *v))
            .collect()
    }

    fn polyline(points: &str) -> Vec<(f64, f64)> {
        points
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    fn frame_coords(f: &Frame, out: &mut Vec<(f64, f64)>) {
        let rect = |r: &Rect, out: &mut Vec<(f64, f64)>| {
            out.push((r.x.0, r.y.0));
            out.push((r.right(), r.bottom()));
        };
        let seg = |s: &Segment, out: &mut Vec<(f64, f64)>| {
            out.push((s.x1.0, s.y1.0));
            out.push((s.x2.0, s.y2.0));
        };
        let circle = |c: &Circle, out: &mut Vec<(f64, f64)>| {
            out.push((c.cx.0 - c.r.0, c.cy.0 - c.r.0));
            out.push((c.cx.0 + c.r.0, c.cy.0 + c.r.0));
        };
        out.push((f.message.x.0, f.message.y.0));
        out.push((f.y_label.x.0, f.y_label.y.0));
        if !f.empty {
            rect(&f.plot, out);
            seg(&f.x_axis, out);
            seg(&f.y_axis, out);
        }
        for t in &f.y_ticks {
            seg(&t.grid, out);
            out.push((t.label.x.0, t.label.y.0));
        }
        for e in &f.legend {
            if let Some(l) = &e.line {
                seg(l, out);
            }
            if let Some(r) = &e.rect {
                rect(r, out);
            }
            if let Some(c) = &e.circle {
                circle(c, out);
            }
            if let Some(t) = &e.letter {
                out.push((t.x.0, t.y.0));
            }
            out.push((e.text.x.0, e.text.y.0));
        }
    }

    /// Every point the line template draws at.
    fn line_coords(l: &ChartLayout) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        frame_coords(&l.frame, &mut out);
        for t in &l.x_ticks {
            out.push((t.mark.x1.0, t.mark.y1.0));
            out.push((t.mark.x2.0, t.mark.y2.0));
            out.push((t.label.x.0, t.label.y.0));
        }
        for b in &l.bands {
            out.push((b.rect.x.0, b.rect.y.0));
            out.push((b.rect.right(), b.rect.bottom()));
            if let Some(m) = &b.marker {
                out.push((m.x.0, m.y.0));
            }
        }
        for r in &l.references {
            out.push((r.line.x1.0, r.line.y1.0));
            out.push((r.line.x2.0, r.line.y2.0));
            out.push((r.label.x.0, r.label.y.0));
        }
        for line in &l.lines {
            out.extend(polyline(&line.points));
            for c in &line.markers {
                out.push((c.cx.0 - c.r.0, c.cy.0 - c.r.0));
                out.push((c.cx.0 + c.r.0, c.cy.0 + c.r.0));
            }
        }
        for b in &l.bars {
            out.push((b.rect.x.0, b.rect.y.0));
            out.push((b.rect.right(), b.rect.bottom()));
        }
        for d in &l.dots {
            let c = d.circle;
            out.push((c.cx.0 - c.r.0, c.cy.0 - c.r.0));
            out.push((c.cx.0 + c.r.0, c.cy.0 + c.r.0));
        }
        out
    }

    fn bar_coords(l: &BarLayout) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        frame_coords(&l.frame, &mut out);
        for g in &l.groups {
            for r in [g.planned, g.done] {
                out.push((r.x.0, r.y.0));
                out.push((r.right(), r.bottom()));
            }
            if let Some(v) = &g.value {
                out.push((v.x.0, v.y.0));
            }
        }
        for c in &l.categories {
            out.push((c.x.0, c.y.0));
        }
        out
    }

    fn inside(points: &[(f64, f64)], frame: &Frame) -> Result<(), String> {
        for (x, y) in points {
            let ok = x.is_finite()
                && y.is_finite()
                && *x >= 0.0
                && *x <= frame.width.0
                && *y >= 0.0
                && *y <= frame.height.0;
            if !ok {
                return Err(format!(
                    "({x}, {y}) outside 0 0 {} {}",
                    frame.width, frame.height
                ));
            }
        }
        Ok(())
    }

    /// Values of every `name="…"` attribute in `html`.
    fn attributes(html: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find("=\"") {
            let name_start = rest[..i]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |s| s + 1);
            let name = rest[name_start..i].to_string();
            let after = &rest[i + 2..];
            let end = after.find('"').unwrap();
            out.push((name, after[..end].to_string()));
            rest = &after[end + 1..];
        }
        out
    }

    fn assert_clean_markup(html: &str) {
        assert!(!html.is_empty());
        assert!(!html.contains("style="), "inline style in {html}");
        assert!(!html.contains("<script"), "script in {html}");
        assert!(!html.contains("<style"), "style element in {html}");
        for (name, value) in attributes(html) {
            if name.starts_with("aria-") || name == "id" || name == "xmlns" {
                continue;
            }
            for number in value.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                if let Some((_, decimals)) = number.split_once('.') {
                    assert!(decimals.len() <= 1, "{name}=\"{value}\" has >1 decimal");
                }
            }
        }
    }

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
        let pts = polyline(&l.lines[0].points);
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

    #[test]
    fn auto_axis_includes_reference_lines() {
        let mut c = chart(vec![series(
            "Calf raises",
            SeriesStyle::Bars,
            daily(day(2025, 11, 3), &[10.0, 12.0, 8.0]),
        )]);
        c.references = vec![ReferenceLine {
            label: "Threshold 25".to_string(),
            value: 25.0,
        }];
        let l = c.layout();
        let top = l.frame.y_ticks.last().unwrap().value;
        assert!(top >= 25.0, "top tick {top}");
        assert_eq!(l.references.len(), 1);
        let r = &l.references[0];
        assert!(r.line.y1.0 > l.frame.plot.y.0 && r.line.y1.0 < l.frame.plot.bottom());
        assert_eq!(r.label.text, "Threshold 25");
    }

    #[test]
    fn reference_outside_explicit_range_is_only_in_the_caption() {
        let mut c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 11, 3), &[2.0, 3.0]),
        )]);
        c.y_max = Some(10.0);
        c.references = vec![
            ReferenceLine {
                label: "5/10 acceptable".to_string(),
                value: 5.0,
            },
            ReferenceLine {
                label: "Way up".to_string(),
                value: 50.0,
            },
        ];
        let l = c.layout();
        assert_eq!(l.references.len(), 1);
        assert_eq!(l.references[0].label.text, "5/10 acceptable");
        let key: Vec<_> = l.frame.key.iter().map(|k| k.how.as_str()).collect();
        assert!(key.contains(&"dashed line at 5"), "{key:?}");
        assert!(key.contains(&"at 50, outside the chart's range"), "{key:?}");
    }

    #[test]
    fn close_reference_labels_do_not_overlap() {
        let mut c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 11, 3), &[2.0, 3.0]),
        )]);
        c.y_max = Some(10.0);
        c.references = vec![
            ReferenceLine {
                label: "A".to_string(),
                value: 5.0,
            },
            ReferenceLine {
                label: "B".to_string(),
                value: 5.2,
            },
        ];
        let l = c.layout();
        let (a, b) = (l.references[0].label.y.0, l.references[1].label.y.0);
        assert!((a - b).abs() >= 14.0, "{a} {b}");
    }

    #[test]
    fn date_ticks_are_at_most_six_and_inside_the_range() {
        let start = day(2024, 12, 20);
        for span in (0..400).chain([730, 1500, 4000, 40_000]) {
            let end = start + chrono::Days::new(span);
            let (ticks, _) = date_ticks(start, end);
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

    #[test]
    fn empty_chart_says_so() {
        for c in [
            chart(Vec::new()),
            chart(vec![series("Pain", SeriesStyle::Line, Vec::new())]),
            chart(vec![series(
                "Pain",
                SeriesStyle::Line,
                vec![(day(2025, 1, 1), f64::NAN)],
            )]),
        ] {
            let l = c.layout();
            assert!(l.frame.empty);
            assert!(l.lines.is_empty() && l.x_ticks.is_empty());
            let html = render_line(&c, "pain");
            assert!(html.contains(">No data yet</text>"), "{html}");
            assert!(html.contains("viewBox=\"0 0 440 120\""), "{html}");
            assert!(!html.contains("<figcaption>"));
            assert_clean_markup(&html);
        }
    }

    #[test]
    fn single_point_is_a_marker_in_the_middle() {
        let c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            vec![(day(2025, 11, 3), 4.0)],
        )]);
        let l = c.layout();
        assert!(!l.frame.empty);
        assert!(l.lines[0].points.is_empty());
        assert_eq!(l.lines[0].markers.len(), 1);
        let m = l.lines[0].markers[0];
        let plot = l.frame.plot;
        assert!((m.cx.0 - (plot.x.0 + plot.right()) / 2.0).abs() < 0.051);
        assert!(m.cy.0 > plot.y.0 && m.cy.0 < plot.bottom());
        assert_eq!(l.x_ticks.len(), 1);
        assert_eq!(l.x_ticks[0].label.text, "3 Nov");
        assert_clean_markup(&render_line(&c, "one"));
    }

    #[test]
    fn all_equal_values_still_make_a_range() {
        for v in [0.0, 5.0, -2.0] {
            let c = chart(vec![series(
                "Pain",
                SeriesStyle::Line,
                daily(day(2025, 11, 3), &[v; 5]),
            )]);
            let l = c.layout();
            let ticks: Vec<f64> = l.frame.y_ticks.iter().map(|t| t.value).collect();
            assert!(ticks.len() >= 2, "{v}: {ticks:?}");
            let ys: Vec<f64> = polyline(&l.lines[0].points).iter().map(|p| p.1).collect();
            assert!(ys.windows(2).all(|w| w[0] == w[1]));
            inside(&line_coords(&l), &l.frame).unwrap();
        }
    }

    #[test]
    fn bands_get_letters_and_merge() {
        let mut c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 11, 1), &[1.0; 10]),
        )]);
        c.bands = vec![
            Band {
                from: day(2025, 11, 1),
                to: day(2025, 11, 3),
                kind: BandKind::Green,
            },
            Band {
                from: day(2025, 11, 4),
                to: day(2025, 11, 4),
                kind: BandKind::Green,
            },
            Band {
                from: day(2025, 11, 6),
                to: day(2025, 11, 5),
                kind: BandKind::Amber,
            },
            Band {
                from: day(2025, 11, 7),
                to: day(2025, 11, 7),
                kind: BandKind::Red,
            },
        ];
        let l = c.layout();
        assert_eq!(l.bands.len(), 3);
        let letters: Vec<_> = l
            .bands
            .iter()
            .map(|b| b.marker.as_ref().map(|m| m.text.as_str()))
            .collect();
        assert_eq!(letters, vec![Some("G"), Some("A"), Some("R")]);
        // Four days wide, starting at the first slot.
        assert_eq!(l.bands[0].rect.x, l.frame.plot.x);
        let day_w = l.frame.plot.w.0 / 10.0;
        assert!((l.bands[0].rect.w.0 - 4.0 * day_w).abs() < 0.051);
        let html = render_line(&c, "bands");
        assert!(html.contains(">G</text>") && html.contains(">A</text>"));
        assert!(html.contains("Amber day: amber shading marked A at the top"));
        assert_clean_markup(&html);

        let table = c.table();
        assert_eq!(table.headers, vec!["Date", "Pain", "Pain monitor"]);
        assert_eq!(table.rows.len(), 10);
        assert_eq!(table.rows[0], vec!["Sat 1 Nov 2025", "1", "Green"]);
        assert_eq!(table.rows[5][2], "Amber");
        assert_eq!(table.rows[7][2], "");
    }

    #[test]
    fn several_styles_together() {
        let start = day(2025, 11, 3);
        let mut c = chart(vec![
            series("Pain", SeriesStyle::Line, daily(start, &[2.0, 3.0, 1.0])),
            Series {
                colour: Colour::Green,
                ..series("Load", SeriesStyle::Bars, daily(start, &[5.0, 6.0]))
            },
            Series {
                colour: Colour::Purple,
                ..series("Stiffness", SeriesStyle::Dots, daily(start, &[1.5]))
            },
            series(
                "Pain next day",
                SeriesStyle::Line,
                daily(start, &[1.0, 2.5]),
            ),
        ]);
        c.references = vec![ReferenceLine {
            label: "5/10 acceptable".to_string(),
            value: 5.0,
        }];
        let l = c.layout();
        assert_eq!(l.lines.len(), 2);
        assert_eq!(l.lines[0].dash, "");
        assert_ne!(l.lines[1].dash, "");
        assert_eq!(l.bars.len(), 2);
        assert_eq!(l.dots.len(), 1);
        assert_eq!(
            l.frame.legend.len(),
            4,
            "references stay out of the drawn legend"
        );
        assert_eq!(l.frame.key.len(), 5);
        assert_eq!(l.frame.key[1].how, "green bars");
        assert_eq!(l.frame.key[3].how, "blue dashed line");
        let html = render_line(&c, "mix");
        assert_clean_markup(&html);
        assert!(html.contains("<polyline points=\""));
        assert!(html.contains("stroke-dasharray=\"8 4\""));

        let table = c.table();
        assert_eq!(table.rows[0], vec!["Mon 3 Nov 2025", "2", "5", "1.5", "1"]);
        assert_eq!(table.rows[2], vec!["Wed 5 Nov 2025", "1", "", "", ""]);
    }

    #[test]
    fn long_legends_wrap_and_grow_the_chart() {
        let names = [
            "Pain during the run",
            "Pain the next morning",
            "Stiffness on getting up",
            "Calf raise count",
        ];
        let c = chart(
            names
                .iter()
                .map(|n| series(n, SeriesStyle::Line, daily(day(2025, 1, 1), &[1.0, 2.0])))
                .collect(),
        );
        let l = c.layout();
        assert!(l.frame.height.0 > HEIGHT + LEGEND_ROW);
        inside(&line_coords(&l), &l.frame).unwrap();
        let long = chart(vec![series(
            &"x".repeat(500),
            SeriesStyle::Line,
            daily(day(2025, 1, 1), &[1.0]),
        )]);
        let l = long.layout();
        let text = &l.frame.legend[0].text.text;
        assert!(text.ends_with('…') && text.chars().count() < 100);
        assert_eq!(
            l.frame.key[0].name.len(),
            500,
            "the caption keeps the full name"
        );
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

    fn weeks(n: usize) -> Vec<BarGroup> {
        (0..n)
            .map(|i| BarGroup {
                label: format!("w/c {} Nov", i + 1),
                done: (i % 4) as f64,
                planned: 3.0,
            })
            .collect()
    }

    fn bar_chart(groups: Vec<BarGroup>) -> BarChart {
        BarChart {
            title: "Adherence".to_string(),
            description: "Sessions done against planned, by week".to_string(),
            y_label: "Sessions".to_string(),
            done_label: "Done".to_string(),
            planned_label: "Planned".to_string(),
            colour: Colour::Blue,
            y_max: None,
            groups,
        }
    }

    #[test]
    fn bar_chart_draws_done_over_planned() {
        let b = bar_chart(weeks(4));
        let l = b.layout();
        assert_eq!(l.groups.len(), 4);
        let plot = l.frame.plot;
        for g in &l.groups {
            assert!((g.planned.bottom() - plot.bottom()).abs() < 0.051);
            assert!((g.done.bottom() - plot.bottom()).abs() < 0.051);
            assert!(g.done.x.0 > g.planned.x.0 && g.done.right() < g.planned.right());
        }
        assert_eq!(l.groups[0].done.h.0, 0.0);
        assert!(l.groups[3].done.y.0 < l.groups[2].done.y.0);
        assert!(l.frame.y_ticks.iter().all(|t| t.value.fract() == 0.0));
        assert_eq!(l.groups[1].value.as_ref().unwrap().text, "1/3");
        assert_eq!(l.categories.len(), 4);
        let html = render_bar(&b, "adherence");
        assert_clean_markup(&html);
        assert!(html.contains(">w/c 4 Nov</text>"));
        assert!(html.contains("<li>Done: filled blue bars</li>"));
        assert_eq!(
            b.table().rows[1],
            vec!["w/c 2 Nov".to_string(), "1".to_string(), "3".to_string()]
        );
    }

    #[test]
    fn bars_stay_slim_when_days_are_few() {
        let c = chart(vec![
            series("A", SeriesStyle::Bars, vec![(day(2025, 1, 1), 3.0)]),
            series("B", SeriesStyle::Bars, vec![(day(2025, 1, 1), 4.0)]),
        ]);
        let l = c.layout();
        let (a, b) = (l.bars[0].rect, l.bars[1].rect);
        assert!(a.w.0 + b.w.0 <= MAX_BAR_W + 0.1);
        assert!((a.right() - b.x.0).abs() < 0.11, "side by side");
        let centre = (l.frame.plot.x.0 + l.frame.plot.right()) / 2.0;
        assert!((a.right() - centre).abs() < 0.11, "centred on the day");
        let g = bar_chart(weeks(1)).layout();
        assert!(g.groups[0].planned.w.0 <= MAX_BAR_W);
    }

    #[test]
    fn bar_labels_thin_out_and_keep_the_latest() {
        for n in 1..60 {
            let l = bar_chart(weeks(n)).layout();
            assert!(l.categories.len() <= MAX_X_TICKS, "{n}");
            assert_eq!(
                l.categories.last().unwrap().text,
                format!("w/c {n} Nov"),
                "{n}"
            );
            inside(&bar_coords(&l), &l.frame).unwrap();
        }
    }

    #[test]
    fn empty_bar_chart() {
        let b = bar_chart(Vec::new());
        assert!(b.layout().frame.empty);
        let html = render_bar(&b, "a");
        assert!(html.contains("No data yet"));
        assert_clean_markup(&html);
    }

    #[test]
    fn bar_chart_with_nonsense_values() {
        let b = bar_chart(vec![
            BarGroup {
                label: "a".to_string(),
                done: f64::NAN,
                planned: -4.0,
            },
            BarGroup {
                label: "b".to_string(),
                done: f64::INFINITY,
                planned: 0.0,
            },
        ]);
        let l = b.layout();
        inside(&bar_coords(&l), &l.frame).unwrap();
        assert_eq!(b.table().rows[0], vec!["a", "0", "0"]);
        assert_clean_markup(&render_bar(&b, "n"));
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
            let l = c.layout();
            prop_assert!(l.x_ticks.len() <= MAX_X_TICKS);
            prop_assert!(l.frame.y_ticks.len() <= 12);
            if let Err(e) = inside(&line_coords(&l), &l.frame) {
                return Err(TestCaseError::fail(e));
            }
            for r in &l.references {
                prop_assert!(r.line.y1.0 >= l.frame.plot.y.0 - 0.05);
                prop_assert!(r.line.y1.0 <= l.frame.plot.bottom() + 0.05);
            }
            assert_clean_markup(&render_line(&c, "p"));
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
