//! Builders and coordinate checks shared by the chart tests.

use chrono::NaiveDate;

use super::*;

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn series(name: &str, style: SeriesStyle, points: Vec<(NaiveDate, f64)>) -> Series {
    Series {
        name: name.to_string(),
        colour: Colour::Blue,
        points,
        style,
    }
}

pub(super) fn chart(series: Vec<Series>) -> LineChart {
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

pub(super) fn daily(from: NaiveDate, values: &[f64]) -> Vec<(NaiveDate, f64)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (from + chrono::Days::new(i as u64), *v))
        .collect()
}

pub(super) fn polyline(points: &str) -> Vec<(f64, f64)> {
    points
        .split(' ')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

pub(super) fn frame_coords(f: &Frame, out: &mut Vec<(f64, f64)>) {
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
pub(super) fn line_coords(l: &ChartLayout) -> Vec<(f64, f64)> {
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
        if let Some(label) = &r.label {
            out.push((label.x.0, label.y.0));
        }
    }
    for line in &l.lines {
        out.extend(polyline(&line.points()));
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

pub(super) fn bar_coords(l: &BarLayout) -> Vec<(f64, f64)> {
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

pub(super) fn inside(points: &[(f64, f64)], frame: &Frame) -> Result<(), String> {
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
pub(super) fn attributes(html: &str) -> Vec<(String, String)> {
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

pub(super) fn assert_clean_markup(html: &str) {
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

pub(super) fn weeks(n: usize) -> Vec<BarGroup> {
    (0..n)
        .map(|i| BarGroup {
            label: format!("w/c {} Nov", i + 1),
            done: (i % 4) as f64,
            planned: 3.0,
        })
        .collect()
}

pub(super) fn bar_chart(groups: Vec<BarGroup>) -> BarChart {
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

/// No reference label covers a line, marker, dot or bar, and no two labels on the plot or the
/// date axis overlap.
pub(super) fn labels_clear_of_data_and_each_other(l: &ChartLayout) -> Result<(), String> {
    use super::place::TextBox;
    let font = l.frame.font.0;
    let labels: Vec<TextBox> = l
        .references
        .iter()
        .filter_map(|r| r.label.as_ref())
        .map(|label| TextBox::of(label, font))
        .collect();
    for b in &labels {
        for line in &l.lines {
            let points = polyline(&line.points());
            if points.windows(2).any(|w| b.crosses(w[0], w[1])) {
                return Err(format!("label {b:?} over the line {}", line.name));
            }
            let dots = line.markers.iter().chain(l.dots.iter().map(|d| &d.circle));
            for m in dots {
                let r = m.r.0;
                let dot = TextBox {
                    left: m.cx.0 - r,
                    top: m.cy.0 - r,
                    right: m.cx.0 + r,
                    bottom: m.cy.0 + r,
                };
                if dot.overlaps(b) {
                    return Err(format!("label {b:?} over a point at {m:?}"));
                }
            }
        }
        for bar in &l.bars {
            let r = &bar.rect;
            let rect = TextBox {
                left: r.x.0,
                top: r.y.0,
                right: r.right(),
                bottom: r.bottom(),
            };
            if rect.overlaps(b) && r.w.0 > 0.0 && r.h.0 > 0.0 {
                return Err(format!("label {b:?} over a bar {r:?}"));
            }
        }
    }
    for (i, a) in labels.iter().enumerate() {
        if labels[i + 1..].iter().any(|b| a.overlaps(b)) {
            return Err(format!("reference labels overlap: {labels:?}"));
        }
    }
    let ticks: Vec<TextBox> = l
        .x_ticks
        .iter()
        .map(|t| TextBox::of(&t.label, font))
        .collect();
    if ticks.windows(2).any(|w| w[0].overlaps(&w[1])) {
        return Err(format!("date labels overlap: {ticks:?}"));
    }
    Ok(())
}
