//! The legend (swatches with names, wrapped over rows) and the key.

use super::axis::{fit, text_width};
use super::*;

// Shared frame

/// Legend and key entries before placement.
pub(super) struct Entry {
    pub(super) swatch: Swatch,
    pub(super) name: String,
    pub(super) how: String,
}

pub(super) enum Swatch {
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
    /// A reference line: labelled on the plot itself where there is room (listed in the
    /// caption only), else drawn in the legend as a dashed line.
    Reference {
        in_legend: bool,
    },
}

/// Places legend entries in rows below the axes of a chart `width` wide; returns them and the
/// number of rows.
pub(super) fn place_legend(entries: &[Entry], width: f64) -> (Vec<LegendEntry>, usize) {
    let start = 8.0;
    let gap = 16.0;
    let max_text = width - 2.0 * start - SWATCH_W - 6.0;
    let mut out = Vec::new();
    let (mut x, mut row) = (start, 0usize);
    for e in entries
        .iter()
        .filter(|e| !matches!(e.swatch, Swatch::Reference { in_legend: false }))
    {
        let text = fit(&e.name, max_text, FONT);
        let w = SWATCH_W + 6.0 + text_width(&text, FONT);
        if x > start && x + w > width - start {
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
        let mut line = |colour: &'static str, dash: &'static str| {
            entry.line = Some(Segment {
                x1: Num(x),
                y1: Num(cy),
                x2: Num(x + SWATCH_W),
                y2: Num(cy),
            });
            entry.stroke = colour;
            entry.dash = dash;
        };
        match e.swatch {
            Swatch::Line { colour, dash } => line(colour, dash),
            Swatch::Reference { in_legend: true } => line(INK, REFERENCE_DASH),
            Swatch::Reference { in_legend: false } => {}
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
        }
        out.push(entry);
        x += w + gap;
    }
    let rows = if out.is_empty() { 0 } else { row + 1 };
    (out, rows)
}

pub(super) fn key(entries: &[Entry]) -> Vec<KeyEntry> {
    entries
        .iter()
        .map(|e| KeyEntry {
            name: e.name.clone(),
            how: e.how.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::web::charts::testkit::*;
    use crate::web::charts::*;

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
}
