//! Internal links: every link in a published page must reach a published
//! page, anchor or asset. A broken link or anchor is an error at the link's
//! line and column, with the likeliest intended target as help. A link to a
//! draft is a warning; the link is rendered as plain text. An image must be
//! a file of the course: one from another host would make every reader's
//! browser contact that host, and a page is not an image.

use rayon::prelude::*;

use crate::error::{Code, Diagnostic, Location};
use crate::model::links::{Broken, Target};
use crate::model::Site;

pub fn check_links(site: &Site) -> Vec<Diagnostic> {
    once(&by_page(site))
}

/// The problems of each published page's links, in the order of the
/// pages ([`check_page`] of each).
pub fn by_page(site: &Site) -> Vec<(usize, Vec<Diagnostic>)> {
    let pages: Vec<usize> = site.published().collect();
    pages
        .into_par_iter()
        .map(|from| (from, check_page(site, from)))
        .collect()
}

/// The problems [`by_page`] found, each once. A scenario's text shows on
/// two pages (its step's and the overview), and a footnote on every page
/// that refers to it: a link is reported once, as the first page that
/// shows it found it.
pub fn once(by_page: &[(usize, Vec<Diagnostic>)]) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    by_page
        .iter()
        .flat_map(|(_, found)| found)
        .filter(|d| seen.insert((&d.location, &d.message)))
        .cloned()
        .collect()
}

/// The pages on whose anchors the links of page `from` depend: each link
/// that names an anchor leads to one of them (or would, if it had the
/// anchor). Each page once, in the order of the links.
pub fn anchored_targets(site: &Site, from: usize) -> Vec<usize> {
    let mut targets = Vec::new();
    for link in site.pages[from]
        .scan
        .links
        .iter()
        .filter(|link| link.dest.contains('#'))
    {
        if let Ok(Target::Page { page, .. }) | Err(Broken::NoAnchor { page, .. }) =
            site.resolve(from, &link.dest)
        {
            if !targets.contains(&page) {
                targets.push(page);
            }
        }
    }
    targets
}

/// The problems of the links of one page.
pub fn check_page(site: &Site, from: usize) -> Vec<Diagnostic> {
    let page = &site.pages[from];
    page.scan
        .links
        .iter()
        .filter_map(|link| {
            let at = || Some(Location::at(&page.path, link.line, link.col));
            let broken = match site.resolve(from, &link.dest) {
                Ok(Target::External) if link.image && !link.dest.starts_with("data:") => {
                    return Some(
                        Diagnostic::error(
                            Code::ExternalResource,
                            at(),
                            format!("the image `{}` is on another website, which every reader's browser would contact", link.dest),
                        )
                        .with_help("save the image in `content/` and link to it there"),
                    );
                }
                Ok(Target::Page { .. }) if link.image => {
                    return Some(
                        Diagnostic::error(
                            Code::BrokenLink,
                            at(),
                            format!("the image `{}` points at a page, not a picture", link.dest),
                        )
                        .with_help("link to an image file (png, jpg, svg, webp) in `content/`"),
                    );
                }
                Ok(_) => return None,
                Err(broken) => broken,
            };
            if let Broken::Missing { path, .. } = &broken {
                if site.failed.contains(path) {
                    // The target could not be loaded and is reported already.
                    return None;
                }
            }
            if let Broken::NoAnchor { page, .. } = &broken {
                if site.failed.contains(crate::load::support::FILE) && Some(*page) == site.support {
                    // The support directory did not read (reported already).
                    return None;
                }
            }
            let what = if link.image { "image" } else { "link" };
            Some(describe(site, broken, at(), what, &link.dest))
        })
        .collect()
}

fn describe(
    site: &Site,
    broken: Broken,
    at: Option<Location>,
    what: &str,
    dest: &str,
) -> Diagnostic {
    match broken {
        Broken::Missing { path, suggestion } => {
            let d = Diagnostic::error(
                Code::BrokenLink,
                at,
                format!("broken {what} `{dest}`: there is no page or file `{path}`"),
            );
            match suggestion {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "link to a markdown file relative to this one (`other.md#id`) or to a page URL",
                ),
            }
        }
        Broken::NoAnchor {
            page,
            anchor,
            suggestion,
        } => {
            let target = &site.pages[page];
            let d = Diagnostic::error(
                Code::BrokenAnchor,
                at,
                format!(
                    "broken {what} `{dest}`: `{}` has no heading with id `{anchor}`",
                    target.path
                ),
            );
            match suggestion {
                Some(s) => d.with_help(format!("did you mean `#{s}`?")),
                None => d.with_help(
                    "pin the heading's id with `{#id}` so renaming it keeps links working",
                ),
            }
        }
        Broken::Draft { page } => Diagnostic::warning(
            Code::LinkToDraft,
            at,
            format!(
                "{what} `{dest}` points at a draft (`{}`), which is not published",
                site.pages[page].path
            ),
        )
        .with_help(
            "the link is shown as plain text until the page is published (remove `draft: true`)",
        ),
        Broken::HeldBack { page } => Diagnostic::warning(
            Code::LinkToHeldBack,
            at,
            format!(
                "{what} `{dest}` points at a story that is held back (`{}`), so it is shown as plain text",
                site.pages[page].path
            ),
        )
        .with_help("the link comes back when the story is published; the build's warning about the story says why it is not"),
        Broken::Unpublished { rel } => Diagnostic::warning(
            Code::LinkToDraft,
            at,
            format!("{what} `{dest}` points at `content/{rel}`, which is inside a draft and not published"),
        )
        .with_help(format!("the {what} is left out until its folder is published")),
        Broken::Outside => Diagnostic::error(
            Code::BrokenLink,
            at,
            format!("broken {what} `{dest}`: it climbs out of `content/`"),
        )
        .with_help("remove a `../`, or link to an external URL with `https://`"),
    }
}
