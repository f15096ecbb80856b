//! Check: the languages of fenced code blocks. A language the highlighter
//! does not know is shown as plain code, with a warning.
//!
//! Input: each page's scan (its code blocks' languages). Output: warnings.

use crate::error::{Code, Diagnostic, Location};
use crate::model::Site;
use crate::render::highlight;

/// Warns about every code block of a published page whose language has no
/// highlighting, each once (a scenario's overview repeats its steps).
pub fn check_code(site: &Site) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> =
        site.published().flat_map(|p| check_page(site, p)).collect();
    problems.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
    problems.dedup();
    problems
}

/// [`check_code`] for one page.
pub fn check_page(site: &Site, page: usize) -> Vec<Diagnostic> {
    let page = &site.pages[page];
    page.scan
        .code
        .iter()
        .filter(|c| !highlight::is_plain(&c.lang) && !highlight::knows(&c.lang))
        .map(|c| {
            Diagnostic::warning(
                Code::UnknownLanguage,
                Some(Location::at(&page.path, c.line, c.col)),
                format!("no syntax highlighting for `{}`: the code is shown plain", c.lang),
            )
            .with_help(
                "use a common name such as `rust`, `python`, `bash`, `json` or `yaml` (or `text` for none)",
            )
        })
        .collect()
}
