//! Markup rendered once and served many times. A page part that depends only on data kept per
//! record version (see [`super::records`]) is rendered with [`Holes::marked`] in place of the
//! values each request brings (the session's CSRF token, a fresh submission id), split at those
//! marks, and filled per request by writing the pieces with the values between them.
//!
//! The marks are random per process and never sent, so no text a user typed can contain one and
//! be mistaken for a hole.

use std::sync::LazyLock;

use askama::filters::{Escaper, Html};
use askama::Template;

/// The per-request values a prerendered part leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holes {
    /// The session's CSRF token, which every form carries.
    pub csrf: String,
    /// A fresh id for the part's one form that is stored once however often it is sent.
    pub submission_id: String,
}

static MARKED: LazyLock<Holes> = LazyLock::new(|| Holes {
    csrf: format!("csrf{}", crate::store::auth_sessions::random_token()),
    submission_id: format!("submission{}", crate::store::auth_sessions::random_token()),
});

impl Holes {
    /// The marks to render in place of the real values.
    pub fn marked() -> &'static Holes {
        &MARKED
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hole {
    Csrf,
    SubmissionId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(std::ops::Range<usize>),
    Hole(Hole),
}

/// A rendered part with its holes found.
#[derive(Debug)]
pub struct Prerendered {
    text: String,
    pieces: Vec<Piece>,
}

impl Prerendered {
    /// Renders `part`, which must have been built with [`Holes::marked`] for its per-request
    /// values.
    pub fn render<T: Template>(part: &T) -> askama::Result<Prerendered> {
        Ok(Prerendered::split(part.render()?))
    }

    fn split(text: String) -> Prerendered {
        let marks = Holes::marked();
        let mut found: Vec<(usize, usize, Hole)> = [
            (marks.csrf.as_str(), Hole::Csrf),
            (marks.submission_id.as_str(), Hole::SubmissionId),
        ]
        .into_iter()
        .flat_map(|(mark, hole)| {
            text.match_indices(mark)
                .map(move |(at, m)| (at, at + m.len(), hole))
        })
        .collect();
        found.sort_unstable_by_key(|&(at, _, _)| at);
        let mut pieces = Vec::with_capacity(found.len() * 2 + 1);
        let mut from = 0;
        for (at, end, hole) in found {
            if at > from {
                pieces.push(Piece::Text(from..at));
            }
            pieces.push(Piece::Hole(hole));
            from = end;
        }
        if from < text.len() {
            pieces.push(Piece::Text(from..text.len()));
        }
        Prerendered { text, pieces }
    }

    /// The part with this request's values in its holes, written straight into the page that
    /// shows it (`{{ part|safe }}`). The values are escaped by askama's own escaper, as any value
    /// a template writes is (tokens are URL-safe base64, so escaping leaves them as they are).
    pub fn fill<'a>(&'a self, holes: &'a Holes) -> Filled<'a> {
        Filled { kept: self, holes }
    }
}

/// A [`Prerendered`] part with one request's values.
#[derive(Debug, Clone, Copy)]
pub struct Filled<'a> {
    kept: &'a Prerendered,
    holes: &'a Holes,
}

impl std::fmt::Display for Filled<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for piece in &self.kept.pieces {
            match piece {
                Piece::Text(range) => f.write_str(&self.kept.text[range.clone()])?,
                Piece::Hole(Hole::Csrf) => Html.write_escaped_str(&mut *f, &self.holes.csrf)?,
                Piece::Hole(Hole::SubmissionId) => {
                    Html.write_escaped_str(&mut *f, &self.holes.submission_id)?
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[derive(Template)]
    #[template(
        source = "<form><input name=\"csrf_token\" value=\"{{ csrf }}\"><input name=\"submission_id\" value=\"{{ id }}\"><p>{{ note }}</p><input value=\"{{ csrf }}\"></form>",
        ext = "html"
    )]
    struct Part<'a> {
        csrf: &'a str,
        id: &'a str,
        note: &'a str,
    }

    fn holes() -> Holes {
        Holes {
            csrf: "tok-EN_1".into(),
            submission_id: "sub-9".into(),
        }
    }

    /// The part with `note`, rendered once with the marks.
    fn kept(note: &str) -> Prerendered {
        let marks = Holes::marked();
        Prerendered::render(&Part {
            csrf: &marks.csrf,
            id: &marks.submission_id,
            note,
        })
        .unwrap()
    }

    /// The part with `note`, rendered directly with `values`.
    fn direct(values: &Holes, note: &str) -> String {
        Part {
            csrf: &values.csrf,
            id: &values.submission_id,
            note,
        }
        .render()
        .unwrap()
    }

    #[test]
    fn a_filled_part_is_the_part_rendered_with_the_values() {
        let kept = kept("hello <you>");
        let values = holes();
        assert_eq!(
            kept.fill(&values).to_string(),
            direct(&values, "hello <you>")
        );
        assert_eq!(
            kept.pieces
                .iter()
                .filter(|p| matches!(p, Piece::Hole(_)))
                .count(),
            3
        );
    }

    #[test]
    fn no_mark_is_ever_sent() {
        let marks = Holes::marked();
        let page = kept("").fill(&holes()).to_string();
        assert!(!page.contains(&marks.csrf));
        assert!(!page.contains(&marks.submission_id));
    }

    #[test]
    fn a_value_is_escaped_like_any_value_a_template_writes() {
        let odd = Holes {
            csrf: "a\"><script>&'".into(),
            submission_id: "plain".into(),
        };
        let direct = direct(&odd, "");
        assert_eq!(kept("").fill(&odd).to_string(), direct);
        assert!(!direct.contains("<script>"));
    }

    proptest! {
        /// Whatever a user typed stays as typed, and the holes are filled wherever they are.
        #[test]
        fn typed_text_is_never_taken_for_a_hole(note in crate::web::page::escaping::hostile_text(6)) {
            let values = holes();
            prop_assert_eq!(kept(&note).fill(&values).to_string(), direct(&values, &note));
        }
    }
}
