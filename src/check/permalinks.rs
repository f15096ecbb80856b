//! Check: the rules of the permalink plan that need every page's anchors —
//! a renamed heading's new id must be on its page and its old id must not;
//! a short link's `#anchor` must be on the page it leads to.
//!
//! Input: the complete [`Site`] (its pages' scans and its redirects).
//! Output: diagnostics.

use std::collections::HashSet;

use crate::error::{Diagnostic, Location};
use crate::load::Sources;
use crate::model::permalinks::missing_target;
use crate::model::Site;

/// Checks each page's `anchor_aliases` once its anchors are known: the new
/// id must be on the page, the old one must not.
pub fn check_anchor_aliases(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for p in site.published() {
        let page = &site.pages[p];
        if page.anchor_aliases.is_empty() {
            continue;
        }
        let Some(file) = page.source.and_then(|s| sources.files.get(s)) else {
            continue;
        };
        let at = file
            .front
            .keys_at
            .iter()
            .find(|(k, _)| *k == "anchor_aliases")
            .map_or_else(|| Location::file(&file.path), |(_, l)| l.clone());
        let own: HashSet<String> = page.scan.anchors().collect();
        for (old, new) in &page.anchor_aliases {
            if own.contains(old) {
                problems.push(
                    Diagnostic::error(
                        "anchor-alias",
                        Some(at.clone()),
                        format!(
                            "`{old}` is still an id on this page, so it cannot also be an old name"
                        ),
                    )
                    .with_help("remove the line from anchor_aliases; the link works as it is"),
                );
            } else if !page.scan.headings.iter().any(|h| &h.id == new) {
                problems.push(missing_target(
                    at.clone(),
                    old,
                    new,
                    page.scan.headings.iter().map(|h| h.id.as_str()),
                    "heading on this page",
                ));
            }
        }
    }
    problems
}

/// Checks the anchors of short links from `[short]`, once pages' anchors
/// are known.
pub fn check_short_anchors(site: &Site) -> Vec<Diagnostic> {
    site.redirects
        .iter()
        .filter(|r| r.held.is_none())
        // The services of a directory that did not read are unknown, and
        // its own error says what to fix.
        .filter(|r| {
            !(Some(r.to) == site.support && site.failed.contains(crate::load::support::FILE))
        })
        .filter_map(|r| {
            let anchor = r.anchor.as_ref()?;
            if site.pages[r.to].anchors.contains(anchor) {
                return None;
            }
            let page = &site.pages[r.to];
            let d = Diagnostic::error(
                "short-link",
                Some(r.declared.clone()),
                format!(
                    "`{}` leads to `#{anchor}`, which `{}` does not have",
                    r.from, page.url
                ),
            );
            Some(
                match crate::error::closest(anchor, page.anchors.iter().map(String::as_str)) {
                    Some(c) => d.with_help(format!("did you mean `#{c}`?")),
                    None => d.with_help(
                        "write the id of a heading on that page, as in its address after `#`",
                    ),
                },
            )
        })
        .collect()
}
