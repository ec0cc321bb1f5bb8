//! CSRF tokens as the pages carry them.

/// The value of the first `name="csrf_token"` field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a csrf_token field") + marker.len();
    let end = html[start..].find('"').expect("a closed value") + start;
    html[start..end].to_string()
}

/// `fields` with `token` as their `csrf_token`, first.
pub fn with_token<'a>(token: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf_token", token)];
    all.extend_from_slice(fields);
    all
}
