//! The bar chart: done over planned per group.

use super::*;

pub(super) fn amount(v: f64) -> f64 {
    sane(v).unwrap_or(0.0).max(0.0)
}

impl BarChart {
    /// Positions for `charts/bar.html` in the wide viewBox.
    pub fn layout(&self) -> BarLayout {
        self.layout_at(WIDE)
    }

    /// Positions for `charts/bar.html` in a viewBox `width` wide. Pure: no I/O, no clock.
    pub fn layout_at(&self, width: f64) -> BarLayout {
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
                frame: empty_frame(&self.title, &self.description, width),
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
        let (mut frame, ys) = frame(&self.title, &self.description, &self.y_label, axis, width);
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
                let x = clamp_centre(x, text_width(&text, FONT), width);
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
    use crate::web::charts::testkit::*;
    use crate::web::charts::*;

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
}
