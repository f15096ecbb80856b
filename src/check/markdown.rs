//! Check: what the scan of each page's markdown noticed — a footnote
//! defined twice, a pinned heading id that is reserved or used twice, a
//! link in raw HTML that induct can neither check nor rewrite.
//!
//! Input: each published page's scan ([`Scan::noticed`]). Output: errors
//! and warnings, each once (a scenario's overview repeats its steps).
//!
//! [`Scan::noticed`]: crate::model::Scan

use crate::error::{Code, Diagnostic, Location};
use crate::model::anchors::Noticed;
use crate::model::Site;

/// The problems of every published page's markdown, each once.
pub fn check_markdown(site: &Site) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = site
        .pages
        .iter()
        .filter(|p| p.published)
        .flat_map(|p| noticed(&p.path, &p.scan.noticed))
        .collect();
    problems.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
    problems.dedup_by(|a, b| a.location == b.location && a.message == b.message);
    problems
}

/// What a scan of the file at `path` noticed, as diagnostics.
pub fn noticed(path: &str, noticed: &[Noticed]) -> Vec<Diagnostic> {
    noticed.iter().map(|n| diagnostic(path, n)).collect()
}

fn diagnostic(path: &str, noticed: &Noticed) -> Diagnostic {
    match noticed {
        Noticed::DuplicateFootnote { label, line, col } => Diagnostic::error(
            Code::DuplicateFootnote,
            Some(Location::at(path, *line, *col)),
            format!("the footnote `[^{label}]` is defined twice on this page"),
        )
        .with_help("give one of them a different label"),
        Noticed::RawHtmlLink { value, line, col } => Diagnostic::warning(
            Code::RawHtmlLink,
            Some(Location::at(path, *line, *col)),
            format!("`{value}` in raw HTML is neither checked nor rewritten, so it may break"),
        )
        .with_help(
            "write it as a markdown link or image, e.g. `[text](page.md)` or `![alt](picture.png)`",
        ),
        Noticed::ReservedAnchor { id, line, col } => Diagnostic::error(
            Code::ReservedAnchor,
            Some(Location::at(path, *line, *col)),
            format!(
                "the id `{id}` is reserved {}",
                if id.starts_with("fn") {
                    "for footnotes"
                } else if id.starts_with(crate::model::anchors::RESERVED_PREFIX) {
                    "for ids induct makes (`induct-…`)"
                } else {
                    "for the page itself"
                }
            ),
        )
        .with_help("pin a different id, e.g. `{#main-points}`"),
        Noticed::DuplicateAnchor { id, line, col } => Diagnostic::error(
            Code::DuplicateAnchor,
            Some(Location::at(path, *line, *col)),
            format!("the id `{id}` is used twice on this page"),
        )
        .with_help("give this heading a different `{#id}`"),
    }
}
