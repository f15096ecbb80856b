//! Check: the files that make no page — a name with no letter or digit
//! for an address, two files (or a file and a folder) at one address — and
//! a home page that is a draft, so nothing is published; an interruption
//! page with nowhere to continue to.
//!
//! Input: the complete [`Site`] (what it could not place). Output:
//! diagnostics.

use crate::error::{Code, Diagnostic, Location};
use crate::model::{Site, Unplaced};

/// Every file or folder the site has no page for, and a draft home page.
pub fn check_pages(site: &Site) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = site
        .unplaced
        .iter()
        .map(|u| match u {
            Unplaced::BadName { path, name } => Diagnostic::error(
                Code::BadName,
                Some(Location::file(path)),
                format!("`{name}` has no letter or digit to make a URL from"),
            )
            .with_help("rename it with words, e.g. `02-who-to-call.md`"),
            Unplaced::UrlConflict { first, second, url } => Diagnostic::error(
                Code::UrlConflict,
                Some(Location::file(second)),
                format!("this page would be published at `{url}`, which `{first}` already uses"),
            )
            .with_help("rename one of them: numeric prefixes (`02-`) and letter case are dropped from URLs"),
        })
        .collect();
    let home = &site.pages[site.home];
    if home.draft {
        problems.push(
            Diagnostic::warning(
                Code::DraftHome,
                Some(Location::file(&home.path)),
                "the home page is a draft, so nothing is published",
            )
            .with_help("remove `draft: true` from the home page"),
        );
    }
    for &p in &site.order {
        let page = &site.pages[p];
        if !page.interruption {
            continue;
        }
        let problem = if p == site.home {
            "the home page cannot be an interruption page: it is shown with the home page's template"
        } else if site.neighbours(p).1.is_none() {
            "this interruption page is the last page in reading order, so its \"Continue\" link has nowhere to go and is left out"
        } else {
            continue;
        };
        problems.push(
            Diagnostic::warning(Code::Interruption, Some(Location::file(&page.path)), problem)
                .with_help("give it an `order` (or a numeric prefix) that puts it before the page readers go on to, or remove `interruption: true`"),
        );
    }
    problems
}
