//! Check: the rules of the permalink plan. No page or file of the course
//! may be where induct writes its own (`links/`, `go/`, `search/`, a
//! module's `print/`); every alias, short link and renamed id the course
//! declares must be one the plan could make ([`Refused`] says why not);
//! a renamed heading's new id must be on its page and its old id must not;
//! a short link's `#anchor` must be on the page it leads to.
//!
//! Input: the complete [`Site`] (its pages' scans, its redirects and what
//! the plan refused) and its [`Sources`]. Output: diagnostics.

use std::collections::HashSet;

use crate::error::{Code, Diagnostic, Location};
use crate::load::{Kind, Sources};
use crate::model::permalinks::{
    key_location, page_link, printout_of, reserved_folder, Clash, LinkKind, Refused,
};
use crate::model::Site;

/// Every rule of the plan that needs no page's anchors: reserved
/// addresses, old ids that cannot be ids, and what the plan refused.
pub fn check_plan(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for asset in &sources.assets {
        if let Some((folder, what)) = reserved_folder(&asset.rel) {
            problems.push(
                Diagnostic::error(
                    Code::ReservedAddress,
                    Some(Location::file(format!("content/{}", asset.rel))),
                    format!(
                        "`{}` is inside `{folder}`, where induct writes {what}",
                        asset.rel
                    ),
                )
                .with_help("move the file to another folder"),
            );
        }
    }
    problems.extend(check_printout_addresses(site, sources));
    // Published pages, and stories held back from publication.
    let held_back = (0..site.pages.len()).filter(|&p| {
        !site.pages[p].published && site.pages[p].held.is_some() && !site.pages[p].draft
    });
    for p in site.order.iter().copied().chain(held_back) {
        let page = &site.pages[p];
        if let Some((folder, what)) = reserved_folder(&page.url) {
            let at = if page.url == folder {
                format!("`{}` is where induct writes {what}", page.url)
            } else {
                format!(
                    "`{}` is inside `{folder}`, where induct writes {what}",
                    page.url
                )
            };
            problems.push(
                Diagnostic::error(Code::ReservedAddress, Some(Location::file(&page.path)), at)
                    .with_help("rename the file or folder so its address is another one"),
            );
        }
        let Some(file) = page.source.and_then(|s| sources.files.get(s)) else {
            continue;
        };
        if matches!(file.kind, Kind::Scenario { .. }) {
            continue;
        }
        for old in file.front.anchor_aliases.keys() {
            if let Some(why) = unusable_old_id(old) {
                problems.push(
                    Diagnostic::error(
                        Code::AnchorAlias,
                        Some(key_location(file, "anchor_aliases")),
                        format!("`{old}` cannot be an old id: {why}"),
                    )
                    .with_help("write the id as it was in the old address, after `#`"),
                );
            }
        }
    }
    problems.extend(site.refused.iter().map(|r| refusal(site, r)));
    problems
}

/// The diagnostic for a declaration the plan refused.
fn refusal(site: &Site, refused: &Refused) -> Diagnostic {
    match refused {
        Refused::Alias { alias, why, at } => Diagnostic::error(
            Code::Alias,
            Some(at.clone()),
            format!("alias `{alias}` {why}"),
        )
        .with_help(
            "write the old address relative to base_url, as links.lock has it: `aliases: [\"modules/first-weeks/\"]`",
        ),
        Refused::ShortName { name, at } => {
            let example = if at.path == std::path::Path::new(crate::config::CONFIG_FILE) {
                "`psu = \"support/#psu\"`"
            } else {
                "`short: psu`"
            };
            Diagnostic::error(
                Code::ShortLink,
                Some(at.clone()),
                format!("`{name}` cannot be a short link's name"),
            )
            .with_help(format!(
                "use small letters, digits and hyphens, e.g. {example} for go/psu/"
            ))
        }
        Refused::OldStepId { old, at } => Diagnostic::error(
            Code::AnchorAlias,
            Some(at.clone()),
            format!("`{old}` cannot be an old step id: a step's id is small letters, digits and hyphens"),
        )
        .with_help("write the step id as it was in the old address, e.g. `scenarios/night-shift/wait/` → `wait`"),
        Refused::StillAStep { old, at } => Diagnostic::error(
            Code::AnchorAlias,
            Some(at.clone()),
            format!("`{old}` is still a step of this scenario, so it cannot also be an old name"),
        )
        .with_help("remove the line, or rename the step"),
        Refused::NoSuchStep {
            old,
            new,
            scenario,
            at,
        } => missing_target(
            at.clone(),
            old,
            new,
            site.scenarios
                .get(*scenario)
                .into_iter()
                .flat_map(|s| s.steps.iter().map(|s| s.id.as_str())),
            "step of this scenario",
        ),
        Refused::ShortTarget { name, to, path, at } => Diagnostic::error(
            Code::ShortLink,
            Some(at.clone()),
            format!("short link `{name}` leads to `{to}`, which is not a page of the site"),
        )
        .with_help(match closest_page(site, path) {
            Some(url) => format!("did you mean `{}`? Write the address relative to base_url, as links.lock has it", page_link(url)),
            None => "write the address relative to base_url, as links.lock has it: `psu = \"support/#psu\"`".to_string(),
        }),
        Refused::Clash { redirect: r, with } => {
            let own = |what: String| {
                Diagnostic::error(
                    Code::Alias,
                    Some(r.declared.clone()),
                    format!("`{}` cannot be an old address: {what}", r.from),
                )
                .with_help("an alias names an address no page or file has any more; remove it")
            };
            match with {
                Clash::OwnFiles(folder) => {
                    own(format!("`{folder}` is where induct writes its own files"))
                }
                Clash::FileOfSite(f) => own(format!("`{f}` is a file of the site")),
                Clash::PageNow(q) => Diagnostic::error(
                    Code::Alias,
                    Some(r.declared.clone()),
                    format!(
                        "`{}` is the address of {} now, so it cannot also lead elsewhere",
                        r.from, site.pages[*q].path
                    ),
                )
                .with_help("an alias names an address no page has any more; remove it"),
                Clash::CourseFile => Diagnostic::error(
                    Code::Alias,
                    Some(r.declared.clone()),
                    format!(
                        "`{}` is a file of the course (content/{})",
                        r.from,
                        r.file()
                    ),
                )
                .with_help("remove the alias, or move the file"),
                Clash::Twice(other) => {
                    let short = r.kind == LinkKind::Short;
                    let what = if short {
                        format!("short link `{}` is declared twice", r.from)
                    } else {
                        format!("`{}` is declared as an old address twice", r.from)
                    };
                    Diagnostic::error(
                        if short { Code::ShortLink } else { Code::Alias },
                        Some(r.declared.clone()),
                        format!("{what}: also at {other}"),
                    )
                    .with_help("keep one of them; each address can lead to one place")
                }
            }
        }
    }
}

/// Why `id` cannot be a heading's old id, if it cannot: it must be a
/// plain fragment, and not one the page or the theme uses for itself.
fn unusable_old_id(id: &str) -> Option<&'static str> {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if id.is_empty() || id == "." || id == ".." {
        Some("it is empty")
    } else if id
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '#' | '/' | '?' | '"' | '<' | '>'))
    {
        Some("an id has no spaces, `#`, `/`, `?`, quotes or angle brackets")
    } else if crate::model::anchors::RESERVED_IDS.contains(&id)
        || id.starts_with(crate::model::anchors::RESERVED_PREFIX)
        || numbered("fn-")
        || numbered("fnref-")
    {
        Some("induct uses it for the page itself")
    } else {
        None
    }
}

/// The error for a renamed id whose new id does not exist.
fn missing_target<'a>(
    at: Location,
    old: &str,
    new: &str,
    known: impl IntoIterator<Item = &'a str>,
    what: &str,
) -> Diagnostic {
    let d = Diagnostic::error(
        Code::AnchorAlias,
        Some(at),
        format!("`{old}: {new}`: there is no {what} with id `{new}`"),
    );
    match crate::error::closest(new, known) {
        Some(c) => d.with_help(format!("did you mean `{old}: {c}`?")),
        None => d.with_help(
            "write the id the renamed heading has now, as in the page's address after `#`",
        ),
    }
}

/// The published page whose address is most like `path`.
fn closest_page<'a>(site: &'a Site, path: &str) -> Option<&'a str> {
    crate::error::closest(path, site.published().map(|p| site.pages[p].url.as_str()))
}

/// A page or file of the course inside a module's `print/`, where induct
/// writes the module's printable version, is an error.
fn check_printout_addresses(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let printout_of = |path: &str| printout_of(site, path);
    for p in site.published() {
        let page = &site.pages[p];
        if let Some(module) = printout_of(&page.url) {
            let folder = site.printout_url(module);
            let place = if page.url == folder {
                String::from("is where")
            } else {
                format!("is inside `{folder}`, where")
            };
            problems.push(
                Diagnostic::error(
                    Code::ReservedAddress,
                    Some(Location::file(&page.path)),
                    format!(
                        "`{}` {place} induct writes the printable version of `{}`",
                        page.url, site.pages[module].url
                    ),
                )
                .with_help("rename the file or folder so its address is another one"),
            );
        }
    }
    for asset in &sources.assets {
        if let Some(module) = printout_of(&asset.rel) {
            problems.push(
                Diagnostic::error(
                    Code::ReservedAddress,
                    Some(Location::file(format!("content/{}", asset.rel))),
                    format!(
                        "`{}` is inside `{}`, where induct writes the printable version of `{}`",
                        asset.rel,
                        site.printout_url(module),
                        site.pages[module].url
                    ),
                )
                .with_help("move the file to another folder"),
            );
        }
    }
    problems
}

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
        let at = key_location(file, "anchor_aliases");
        let own: HashSet<String> = page.scan.anchors().collect();
        for (old, new) in &page.anchor_aliases {
            if own.contains(old) {
                problems.push(
                    Diagnostic::error(
                        Code::AnchorAlias,
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
                Code::ShortLink,
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
