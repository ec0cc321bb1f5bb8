//! The line chart: series over dates, reference lines and shaded bands.

use chrono::NaiveDate;

use super::place::{Obstacles, TextBox};
use super::*;

pub(super) const DASHES: [&str; 4] = ["", "8 4", "2 4", "12 4 2 4"];
pub(super) const DASH_WORDS: [&str; 4] = ["solid", "dashed", "dotted", "dash-dot"];

/// Finite values, clamped, in date order.
pub(super) fn clean(points: &[(NaiveDate, f64)]) -> Vec<(NaiveDate, f64)> {
    let mut out: Vec<_> = points
        .iter()
        .filter_map(|(d, v)| sane(*v).map(|v| (*d, v)))
        .collect();
    out.sort_by_key(|(d, _)| *d);
    out
}

/// Bands with ordered ends, in date order, with touching bands of the same kind merged.
pub(super) fn merge_bands(bands: &[Band]) -> Vec<Band> {
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
    /// Positions for `charts/line.html` in the wide viewBox.
    pub fn layout(&self) -> ChartLayout {
        self.layout_at(WIDE)
    }

    /// Positions for `charts/line.html` in a viewBox `width` wide. Pure: no I/O, no clock.
    pub fn layout_at(&self, width: f64) -> ChartLayout {
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
                    frame: empty_frame(&self.title, &self.description, width),
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
        let (mut frame, ys) = frame(&self.title, &self.description, &self.y_label, axis, width);
        let plot = frame.plot;
        let days = (last - first).num_days() + 1;
        let xs = XScale {
            first,
            left: plot.x.0,
            day_w: plot.w.0 / days as f64,
        };

        // Date ticks; a label pushed inside the edge onto its neighbour is left out.
        let (tick_dates, format) = date_ticks(first, last, plot.w.0);
        let mut last_right = f64::NEG_INFINITY;
        let x_ticks = tick_dates
            .into_iter()
            .filter_map(|d| {
                let x = xs.centre(d);
                let text = d.format(format).to_string();
                let half = text_width(&text, FONT) / 2.0;
                let lx = clamp_centre(x, half * 2.0, width);
                if lx - half < last_right + 6.0 {
                    return None;
                }
                last_right = lx + half;
                Some(XTick {
                    date: d,
                    mark: Segment {
                        x1: Num(x),
                        y1: Num(plot.bottom()),
                        x2: Num(x),
                        y2: Num(plot.bottom() + 5.0),
                    },
                    label: Label::new(lx, plot.bottom() + 7.0 + FONT, text, "middle"),
                })
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
                        markers,
                        path: coords,
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

        let references = self.place_references(axis, &ys, plot, &lines, &bars, &dots);
        let unlabelled: Vec<&ReferenceGeom> =
            references.iter().filter(|r| r.label.is_none()).collect();
        let mut entries = self.key_entries(axis);
        for e in &mut entries {
            if let Swatch::Reference { in_legend } = &mut e.swatch {
                *in_legend = unlabelled.iter().any(|r| r.name == e.name);
            }
        }
        finish(&mut frame, &entries);
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
    pub(super) fn key_entries(&self, axis: Axis) -> Vec<Entry> {
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
            // A series with nothing to draw is not in the key: the key names what is drawn.
            if !clean(&s.points).is_empty() {
                out.push(Entry {
                    swatch,
                    name: s.name.clone(),
                    how,
                });
            }
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
                swatch: Swatch::Reference { in_legend: false },
                name: r.label.clone(),
                how,
            });
        }
        out
    }

    /// Reference lines inside the value range, each labelled beside its line where the label
    /// covers no data and no other label: the right end first, above then below the line, then
    /// the left end. A label that fits nowhere is left out of the plot and drawn in the legend.
    fn place_references(
        &self,
        axis: Axis,
        ys: &YScale,
        plot: Rect,
        lines: &[LineGeom],
        bars: &[BarGeom],
        dots: &[DotGeom],
    ) -> Vec<ReferenceGeom> {
        let mut refs: Vec<(f64, &ReferenceLine)> = self
            .references
            .iter()
            .filter(|r| r.value.is_finite() && r.value >= axis.min && r.value <= axis.max)
            .map(|r| (ys.y(r.value), r))
            .collect();
        refs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut taken = Obstacles::default();
        for l in lines {
            for m in &l.markers {
                taken.circle(m);
            }
            for w in l.path.windows(2) {
                taken.line(w[0], w[1]);
            }
        }
        for b in bars {
            taken.rect(&b.rect);
        }
        for d in dots {
            taken.circle(&d.circle);
        }
        let heights: Vec<f64> = refs.iter().map(|(y, _)| *y).collect();
        let text_room = plot.w.0 * 0.6;
        refs.into_iter()
            .enumerate()
            .map(|(i, (y, r))| {
                let text = fit(&r.label, text_room, FONT);
                let candidates = [
                    (plot.right() - 4.0, y - 5.0, "end"),
                    (plot.right() - 4.0, y + 15.0, "end"),
                    (plot.x.0 + 4.0, y - 5.0, "start"),
                    (plot.x.0 + 4.0, y + 15.0, "start"),
                ];
                let label = candidates.into_iter().find_map(|(x, ly, anchor)| {
                    let label = Label::new(x, ly, text.clone(), anchor);
                    let b = TextBox::of(&label, FONT);
                    let inside = b.top >= plot.y.0 - 4.0 && b.bottom <= plot.bottom();
                    let crosses_another = heights
                        .iter()
                        .enumerate()
                        .any(|(j, other)| j != i && (b.top..=b.bottom).contains(other));
                    (inside && !crosses_another && !taken.hit(&b)).then_some((label, b))
                });
                let label = label.map(|(label, b)| {
                    taken.text(b);
                    label
                });
                ReferenceGeom {
                    value: r.value,
                    name: r.label.clone(),
                    line: Segment {
                        x1: plot.x,
                        y1: Num(y),
                        x2: Num(plot.right()),
                        y2: Num(y),
                    },
                    label,
                }
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use crate::web::charts::testkit::*;
    use crate::web::charts::*;

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
        assert_eq!(r.label.as_ref().unwrap().text, "Threshold 25");
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
        assert_eq!(
            l.references[0].label.as_ref().unwrap().text,
            "5/10 acceptable"
        );
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
        let label_y = |i: usize| l.references[i].label.as_ref().unwrap().y.0;
        let (a, b) = (label_y(0), label_y(1));
        assert!((a - b).abs() >= 14.0, "{a} {b}");
    }

    #[test]
    fn a_reference_label_with_no_room_beside_its_line_goes_to_the_legend() {
        // Data hugging the reference line along its whole length leaves no room beside it.
        let mut c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(
                day(2025, 11, 3),
                &[5.6, 4.4, 5.6, 4.4, 5.6, 4.4, 5.6, 4.4, 5.6, 4.4],
            ),
        )]);
        c.y_max = Some(10.0);
        c.references = vec![ReferenceLine {
            label: "5/10 acceptable".to_string(),
            value: 5.0,
        }];
        for width in [WIDE, NARROW] {
            let l = c.layout_at(width);
            assert_eq!(l.references.len(), 1, "the line is still drawn");
            assert!(l.references[0].label.is_none(), "no label over the data");
            let legend: Vec<_> = l.frame.legend.iter().map(|e| &e.text.text).collect();
            assert!(legend.iter().any(|t| *t == "5/10 acceptable"), "{legend:?}");
            let drawn = l
                .frame
                .legend
                .iter()
                .find(|e| e.text.text == "5/10 acceptable");
            assert_eq!(drawn.unwrap().dash, REFERENCE_DASH);
        }
        // With calm data the label sits beside the line and the legend leaves it out.
        c.series[0].points = daily(day(2025, 11, 3), &[1.0, 2.0, 1.0]);
        let l = c.layout_at(NARROW);
        assert!(l.references[0].label.is_some());
        assert!(l
            .frame
            .legend
            .iter()
            .all(|e| e.text.text != "5/10 acceptable"));
    }

    #[test]
    fn the_narrow_drawing_keeps_the_text_size_and_fewer_dates() {
        let c = chart(vec![series(
            "Pain",
            SeriesStyle::Line,
            daily(day(2025, 9, 1), &[1.0; 70]),
        )]);
        let (wide, narrow) = (c.layout_at(WIDE), c.layout_at(NARROW));
        assert_eq!(wide.frame.width.0, WIDE);
        assert_eq!(narrow.frame.width.0, NARROW);
        assert_eq!(narrow.frame.font.0, wide.frame.font.0, "same text size");
        assert!(narrow.x_ticks.len() < wide.x_ticks.len());
        assert!(narrow.x_ticks.len() >= 3, "{:?}", narrow.x_ticks.len());
        inside(&line_coords(&narrow), &narrow.frame).unwrap();
    }

    #[test]
    fn a_series_with_nothing_to_draw_is_not_in_the_key() {
        let c = chart(vec![
            series(
                "Pain",
                SeriesStyle::Line,
                daily(day(2025, 11, 3), &[1.0, 2.0]),
            ),
            series("Morning pain", SeriesStyle::Line, Vec::new()),
            series("Bad", SeriesStyle::Dots, vec![(day(2025, 11, 3), f64::NAN)]),
        ]);
        let l = c.layout();
        let names: Vec<_> = l.frame.key.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["Pain"]);
        assert_eq!(l.frame.legend.len(), 1);
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
        assert!(l.lines[0].points().is_empty());
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
            let ys: Vec<f64> = polyline(&l.lines[0].points()).iter().map(|p| p.1).collect();
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
}
