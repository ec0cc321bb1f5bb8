//! Keeping labels off the data: boxes for text, and what a box may not touch.

use super::axis::text_width;
use super::*;

/// An axis-aligned box in user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TextBox {
    pub(super) left: f64,
    pub(super) top: f64,
    pub(super) right: f64,
    pub(super) bottom: f64,
}

/// Room kept around a label for its white halo.
const HALO: f64 = 2.0;
/// More than the largest change from writing a coordinate with one decimal.
const ROUNDING: f64 = 0.5;

impl TextBox {
    /// The box a label of size `font` covers, halo included.
    pub(super) fn of(label: &Label, font: f64) -> TextBox {
        let w = text_width(&label.text, font);
        let left = match label.anchor {
            "end" => label.x.0 - w,
            "middle" => label.x.0 - w / 2.0,
            _ => label.x.0,
        };
        TextBox {
            left: left - HALO,
            top: label.y.0 - font * 0.8 - HALO,
            right: left + w + HALO,
            bottom: label.y.0 + font * 0.25 + HALO,
        }
    }

    pub(super) fn overlaps(&self, other: &TextBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.left && x <= self.right && y >= self.top && y <= self.bottom
    }

    /// Whether the segment from `a` to `b` passes through the box (Liang–Barsky clipping).
    pub(super) fn crosses(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        if self.contains(a) || self.contains(b) {
            return true;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.left),
            (dx, self.right - a.0),
            (-dy, a.1 - self.top),
            (dy, self.bottom - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// What is drawn in the plot that a label must leave visible.
#[derive(Debug, Default)]
pub(super) struct Obstacles {
    segments: Vec<((f64, f64), (f64, f64))>,
    boxes: Vec<TextBox>,
}

impl Obstacles {
    pub(super) fn line(&mut self, a: (f64, f64), b: (f64, f64)) {
        self.segments.push((a, b));
    }

    pub(super) fn circle(&mut self, c: &Circle) {
        let r = c.r.0;
        self.boxes.push(TextBox {
            left: c.cx.0 - r,
            top: c.cy.0 - r,
            right: c.cx.0 + r,
            bottom: c.cy.0 + r,
        });
    }

    pub(super) fn rect(&mut self, r: &Rect) {
        self.boxes.push(TextBox {
            left: r.x.0,
            top: r.y.0,
            right: r.right(),
            bottom: r.bottom(),
        });
    }

    pub(super) fn text(&mut self, b: TextBox) {
        self.boxes.push(b);
    }

    /// Whether `b` would cover any of them, or come within a rounding step of one (the markup
    /// carries coordinates to one decimal).
    pub(super) fn hit(&self, b: &TextBox) -> bool {
        let b = TextBox {
            left: b.left - ROUNDING,
            top: b.top - ROUNDING,
            right: b.right + ROUNDING,
            bottom: b.bottom + ROUNDING,
        };
        self.boxes.iter().any(|o| o.overlaps(&b))
            || self.segments.iter().any(|(p, q)| b.crosses(*p, *q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit() -> TextBox {
        TextBox {
            left: 0.0,
            top: 0.0,
            right: 10.0,
            bottom: 10.0,
        }
    }

    #[test]
    fn segments_through_beside_and_inside_a_box() {
        let b = unit();
        assert!(b.crosses((-5.0, 5.0), (15.0, 5.0)), "straight through");
        assert!(b.crosses((-5.0, -5.0), (15.0, 15.0)), "corner to corner");
        assert!(b.crosses((2.0, 2.0), (3.0, 3.0)), "inside");
        assert!(!b.crosses((-5.0, 12.0), (15.0, 12.0)), "below");
        assert!(!b.crosses((-5.0, 0.0 - 1.0), (-1.0, 20.0)), "to the left");
        assert!(!b.crosses((11.0, -5.0), (30.0, 5.0)), "past the corner");
    }

    #[test]
    fn a_label_box_follows_its_anchor() {
        let l = Label::new(100.0, 50.0, "abcde".to_string(), "end");
        let b = TextBox::of(&l, 10.0);
        assert!(b.right > 100.0 && b.right < 103.0 && b.left < 70.0);
        let s = TextBox::of(&Label::new(100.0, 50.0, "abcde".to_string(), "start"), 10.0);
        assert!(s.left < 100.0 && s.left > 97.0);
        assert!(s.top < 42.0 && s.bottom > 50.0);
    }
}
