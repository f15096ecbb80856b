//! Permalinks: every address the site publishes — pages, headings,
//! scenario steps, stories, short links and the redirects left at old
//! addresses — and the checks that keep `links.lock`, the record of every
//! address ever published, true.
//!
//! Part of the model stage: [`plan`] reads what the front matter and
//! `book.toml` declare (aliases, short links, renamed scenario steps) and
//! records each redirect, and each declaration it leaves out with why
//! ([`Refused`]: facts, which `check::permalinks` reports); [`collect`]
//! lists the site's links from every page's scan. No I/O; the check of
//! `links.lock` is `check::lock`.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::error::Location;
use crate::load::{Kind, Sources};

use super::{PageKind, Site};

/// The file at the course root that records every published link.
pub const LOCK_FILE: &str = "links.lock";

/// How `links.lock` writes the home page (an empty line would be lost).
pub const HOME: &str = "./";

/// The address of the page that lists every link.
pub const LINKS_PAGE: &str = "links/";

/// The folder of short links.
pub const SHORT_FOLDER: &str = "go/";

/// Where the search page and the search index are written.
pub const SEARCH_FOLDER: &str = "search/";

/// Folders induct writes itself, each with what it holds: no course file
/// or page may be inside one.
const RESERVED_FOLDERS: &[(&str, &str)] = &[
    (LINKS_PAGE, "the list of every link of the site"),
    (SHORT_FOLDER, "short links"),
    (SEARCH_FOLDER, "the search page and its index"),
];

/// The reserved folder `rel` (a path relative to the site root) is in, and
/// what induct writes there.
pub fn reserved_folder(rel: &str) -> Option<(&'static str, &'static str)> {
    RESERVED_FOLDERS
        .iter()
        .copied()
        .find(|(folder, _)| rel.starts_with(folder))
}

/// What a link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Page,
    Heading,
    Scenario,
    Step,
    Story,
    /// `go/NAME/`.
    Short,
    /// An old address that sends readers to the new one.
    Alias,
}

impl LinkKind {
    /// A word for people: `page`, `section`, `step`, …
    pub fn word(self) -> &'static str {
        match self {
            LinkKind::Page => "page",
            LinkKind::Heading => "section",
            LinkKind::Scenario => "scenario",
            LinkKind::Step => "step",
            LinkKind::Story => "story",
            LinkKind::Short => "short link",
            LinkKind::Alias => "old address",
        }
    }
}

/// One address the site publishes.
#[derive(Debug, Clone)]
pub struct Permalink {
    /// Relative to `base_url`, as `links.lock` writes it:
    /// `modules/first-weeks/`, `modules/first-weeks/#who-to-call`, `./`.
    pub link: String,
    /// The page's title, or the heading's text.
    pub title: String,
    /// The page it is on, or leads to.
    pub page: usize,
    pub kind: LinkKind,
}

/// A page written at an old or short address that sends readers on.
#[derive(Debug, Clone)]
pub struct Redirect {
    /// The site path it is written at: a folder (`modules/old/`, written as
    /// `modules/old/index.html`) or a file (`old-page.html`).
    pub from: String,
    /// The page it leads to.
    pub to: usize,
    /// The id on that page it leads to, if any.
    pub anchor: Option<String>,
    /// Where it is declared.
    pub declared: Location,
    pub kind: LinkKind,
    /// Why it is not written now: it leads to a story held back from
    /// publication. Its address is kept in links.lock for when the story
    /// is published again.
    pub held: Option<String>,
}

impl Redirect {
    /// The output file: `modules/old/index.html` or `old-page.html`.
    pub fn file(&self) -> String {
        if self.from.ends_with('/') {
            format!("{}index.html", self.from)
        } else {
            self.from.clone()
        }
    }
}

/// A declared address that the plan leaves out, and why: a fact of the
/// course, which the check stage reports (`check::permalinks`).
#[derive(Debug, Clone)]
pub enum Refused {
    /// An alias in front matter that is no path of the site.
    Alias {
        alias: String,
        why: &'static str,
        at: Location,
    },
    /// A short link's name that cannot be one.
    ShortName { name: String, at: Location },
    /// An old step id in a scenario's `anchor_aliases` that cannot be one.
    OldStepId { old: String, at: Location },
    /// An old step id that is still a step of the scenario.
    StillAStep { old: String, at: Location },
    /// A renamed step whose new id is no step of `scenario`.
    NoSuchStep {
        old: String,
        new: String,
        scenario: usize,
        at: Location,
    },
    /// A short link in `book.toml` that leads to no published page.
    ShortTarget {
        name: String,
        to: String,
        /// The page address it names.
        path: String,
        at: Location,
    },
    /// A redirect at an address it cannot take.
    Clash { redirect: Redirect, with: Clash },
}

/// What a redirect's address is taken by.
#[derive(Debug, Clone)]
pub enum Clash {
    /// A folder induct writes its own files in.
    OwnFiles(String),
    /// A file of the site that the address is, or is inside.
    FileOfSite(String),
    /// The page that has the address now.
    PageNow(usize),
    /// A file of the course at the address.
    CourseFile,
    /// Another redirect at the same address, declared there.
    Twice(Location),
}

/// The redirects the course declares: aliases in front matter, short
/// links (front matter and `[short]` in `book.toml`), and renamed steps of
/// scenarios; and each declared one left out, with why.
pub fn plan(site: &Site, sources: &Sources, config: &Config) -> (Vec<Redirect>, Vec<Refused>) {
    let mut refused = Vec::new();
    let mut redirects: Vec<Redirect> = Vec::new();
    let assets: HashSet<&str> = sources.assets.iter().map(|a| a.rel.as_str()).collect();

    // Published pages, and stories held back from publication, whose
    // redirects are kept out of the site but their addresses in links.lock.
    let held_back = (0..site.pages.len()).filter(|&p| {
        !site.pages[p].published && site.pages[p].held.is_some() && !site.pages[p].draft
    });
    let pages: Vec<usize> = site.order.iter().copied().chain(held_back).collect();
    for &p in &pages {
        let page = &site.pages[p];
        let held = page.held.clone().filter(|_| !page.published);
        let first = redirects.len();
        let Some(file) = page.source.and_then(|s| sources.files.get(s)) else {
            continue;
        };
        let at = |key: &str| key_location(file, key);
        for alias in &file.front.aliases {
            match alias_path(alias, &config.base_url) {
                Ok(from) => {
                    // A scenario's old address keeps its steps' and its
                    // overview's addresses too.
                    if let (PageKind::Scenario { scenario }, true) =
                        (page.kind, from.ends_with('/'))
                    {
                        let pages_of = site.scenarios.get(scenario).into_iter().flat_map(|sc| {
                            sc.steps
                                .iter()
                                .filter_map(|st| st.page.map(|q| (st.id.clone(), q)))
                                .chain(sc.overview.map(|q| ("overview".to_string(), q)))
                        });
                        for (id, q) in pages_of.filter(|&(_, q)| q != p) {
                            redirects.push(Redirect {
                                from: format!("{from}{id}/"),
                                to: q,
                                anchor: None,
                                declared: at("aliases"),
                                kind: LinkKind::Alias,
                                held: None,
                            });
                        }
                    }
                    redirects.push(Redirect {
                        from,
                        to: p,
                        anchor: None,
                        declared: at("aliases"),
                        kind: LinkKind::Alias,
                        held: None,
                    })
                }
                Err(why) => refused.push(Refused::Alias {
                    alias: alias.clone(),
                    why,
                    at: at("aliases"),
                }),
            }
        }
        if let Some(name) = &file.front.short {
            push_short(&mut redirects, &mut refused, name, p, None, at("short"));
        }
        if let (Kind::Scenario { .. }, PageKind::Scenario { scenario: index }) =
            (&file.kind, page.kind)
        {
            let Some(scenario) = site.scenarios.get(index) else {
                continue;
            };
            for (old, new) in &file.front.anchor_aliases {
                let at = at("anchor_aliases");
                if !super::scenario::usable_id(old) || old == "overview" {
                    refused.push(Refused::OldStepId {
                        old: old.clone(),
                        at,
                    });
                    continue;
                }
                let step_page = |id: &str| {
                    scenario
                        .steps
                        .iter()
                        .find(|s| s.id == id)
                        .and_then(|s| s.page)
                };
                if step_page(old).is_some() {
                    refused.push(Refused::StillAStep {
                        old: old.clone(),
                        at,
                    });
                    continue;
                }
                match step_page(new) {
                    Some(to) => redirects.push(Redirect {
                        from: format!("{}{old}/", page.url),
                        to,
                        anchor: None,
                        declared: at,
                        kind: LinkKind::Alias,
                        held: None,
                    }),
                    None => refused.push(Refused::NoSuchStep {
                        old: old.clone(),
                        new: new.clone(),
                        scenario: index,
                        at,
                    }),
                }
            }
        }
        for r in &mut redirects[first..] {
            r.held.clone_from(&held);
        }
    }

    for (name, to, at) in &config.short {
        let at = at
            .clone()
            .unwrap_or_else(|| Location::file(crate::config::CONFIG_FILE));
        let target = to.strip_prefix(config.base_url.as_str()).unwrap_or(to);
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor.to_string())),
            None => (target, None),
        };
        let path = if path == HOME { "" } else { path };
        match site.by_url.get(path.trim_start_matches('/')) {
            Some(&page) if site.pages[page].published => {
                push_short(&mut redirects, &mut refused, name, page, anchor, at)
            }
            _ => refused.push(Refused::ShortTarget {
                name: name.clone(),
                to: to.clone(),
                path: path.to_string(),
                at,
            }),
        }
    }

    // Two redirects at one address, or one where a page or file is, or
    // inside a file, or in a folder induct writes itself.
    let written: HashSet<String> = site
        .pages
        .iter()
        .filter(|q| q.published || q.source.is_some())
        .map(|q| format!("{}index.html", q.url))
        .chain(["404.html", "sitemap.xml", "sw.js"].map(String::from))
        .chain(assets.iter().map(|a| a.to_string()))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut keep = vec![true; redirects.len()];
    for (i, r) in redirects.iter().enumerate() {
        let file = r.file();
        let in_file = file
            .match_indices('/')
            .map(|(j, _)| &file[..j])
            .find(|folder| written.contains(*folder));
        let printout = printout_of(site, &file).map(|m| site.printout_url(m));
        let reserved = ["assets/", LINKS_PAGE, SEARCH_FOLDER]
            .into_iter()
            .chain((r.kind != LinkKind::Short).then_some(SHORT_FOLDER))
            .find(|folder| file.starts_with(folder))
            .or(printout.as_deref());
        let taken_by_page = site
            .by_url
            .get(&r.from)
            .filter(|&&q| site.pages[q].published || site.pages[q].source.is_some());
        let clash = if r.kind != LinkKind::Short
            && (in_file.is_some() || reserved.is_some() || written.contains(&file))
            && !site.by_url.contains_key(&r.from)
        {
            Some(match (reserved, in_file) {
                (Some(folder), _) => Clash::OwnFiles(folder.to_string()),
                (None, Some(f)) => Clash::FileOfSite(f.to_string()),
                (None, None) => Clash::FileOfSite(file.clone()),
            })
        } else if let Some(&q) = taken_by_page {
            Some(Clash::PageNow(q))
        } else if assets.contains(file.as_str()) {
            Some(Clash::CourseFile)
        } else if let Some(&first) = seen.get(&r.from) {
            Some(Clash::Twice(redirects[first].declared.clone()))
        } else {
            seen.insert(r.from.clone(), i);
            None
        };
        if let Some(with) = clash {
            refused.push(Refused::Clash {
                redirect: r.clone(),
                with,
            });
            keep[i] = false;
        }
    }
    let mut keep = keep.into_iter();
    redirects.retain(|_| keep.next().unwrap_or(false));
    (redirects, refused)
}

/// Where front matter key `key` of `file` is (the file, when it is not set).
pub fn key_location(file: &crate::load::SourceFile, key: &str) -> Location {
    file.front
        .keys_at
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| Location::file(&file.path), |(_, l)| l.clone())
}

fn push_short(
    redirects: &mut Vec<Redirect>,
    refused: &mut Vec<Refused>,
    name: &str,
    to: usize,
    anchor: Option<String>,
    at: Location,
) {
    let usable = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-');
    if !usable {
        refused.push(Refused::ShortName {
            name: name.to_string(),
            at,
        });
        return;
    }
    redirects.push(Redirect {
        from: format!("{SHORT_FOLDER}{name}/"),
        to,
        anchor,
        declared: at,
        kind: LinkKind::Short,
        held: None,
    });
}

/// An alias as the path it is written at, or why it cannot be one.
fn alias_path(alias: &str, base_url: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    let alias = alias.strip_prefix(base_url).unwrap_or(alias);
    if alias.contains("://") {
        return Err("is an address on another site");
    }
    if alias.contains(['#', '?']) {
        return Err("has a `#` or `?`: an alias is a page's old address; renamed headings go in `anchor_aliases`");
    }
    let path = alias.trim_start_matches('/');
    if path.is_empty() || path == "." || path == HOME {
        return Err("is the home page's address");
    }
    if path.contains(['\\', '\0']) || path.chars().any(char::is_whitespace) {
        return Err("has a space or backslash, which no address of the site has");
    }
    if path.split('/').enumerate().any(|(i, seg)| {
        seg == ".." || seg == "." || (seg.is_empty() && i + 1 != path.split('/').count())
    }) {
        return Err("is not a plain path");
    }
    // `old/index.html` is the page `old/`.
    if let Some(folder) = path.strip_suffix("index.html") {
        if folder.is_empty() {
            return Err("is the home page's address");
        }
        if folder.ends_with('/') {
            return Ok(folder.to_string());
        }
    }
    if path.ends_with('/') || path.ends_with(".html") || path.ends_with(".htm") {
        return Ok(path.to_string());
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.contains('.') {
        return Err("names a file that is not a page: only a page's old address (ending in `/` or `.html`) can be an alias");
    }
    Ok(format!("{path}/"))
}

/// The address of a page as `links.lock` writes it.
pub fn page_link(url: &str) -> String {
    if url.is_empty() {
        HOME.to_string()
    } else {
        url.to_string()
    }
}

/// The module whose printout folder (`modules/stigma/print/`) the site
/// path `path` is inside.
pub fn printout_of(site: &Site, path: &str) -> Option<usize> {
    path.match_indices(super::PRINT_FOLDER)
        .filter(|&(i, _)| i > 0 && path[..i].ends_with('/'))
        .find_map(|(i, _)| {
            let module = *site.by_url.get(&path[..i])?;
            (site.module_of(module) == Some(module)).then_some(module)
        })
}

/// Every link the site publishes, in navigation order: each page, then its
/// headings; then short links and old addresses.
pub fn collect(site: &Site, redirects: &[Redirect]) -> Vec<Permalink> {
    let mut links = Vec::new();
    for p in site.published() {
        links.extend(page_links(site, p));
    }
    for r in redirects.iter().filter(|r| r.held.is_none()) {
        links.push(Permalink {
            link: r.from.clone(),
            title: site.pages[r.to].title.clone(),
            page: r.to,
            kind: r.kind,
        });
    }
    // Held by the model to the end of `links/`: no spare room.
    links.shrink_to_fit();
    links
}

/// `base#id`, allocated at its length: the site holds one for each
/// heading of every page.
fn anchor_link(base: &str, id: &str) -> String {
    let mut link = String::with_capacity(base.len() + 1 + id.len());
    link.push_str(base);
    link.push('#');
    link.push_str(id);
    link
}

/// The links a published page `p` gives [`collect`]: its address, its
/// headings (not a scenario's steps) and its renamed ids, in that order
/// and next to each other, before every redirect's.
pub fn page_links(site: &Site, p: usize) -> Vec<Permalink> {
    let mut links = Vec::new();
    {
        let page = &site.pages[p];
        let (kind, scenario) = match page.kind {
            PageKind::Page => (LinkKind::Page, None),
            PageKind::Story { .. } => (LinkKind::Story, None),
            PageKind::Scenario { scenario } => (LinkKind::Scenario, site.scenarios.get(scenario)),
            PageKind::Step { scenario, .. } => (LinkKind::Step, site.scenarios.get(scenario)),
            // The overview repeats every step: its own address is enough.
            PageKind::Overview { .. } => {
                links.push(Permalink {
                    link: page_link(&page.url),
                    title: page.title.clone(),
                    page: p,
                    kind: LinkKind::Page,
                });
                return links;
            }
        };
        let is_step = |id: &str| scenario.is_some_and(|s| s.step(id).is_some());
        let base = page_link(&page.url);
        links.push(Permalink {
            link: base.clone(),
            title: page.title.clone(),
            page: p,
            kind,
        });
        for h in &page.scan.headings {
            if is_step(&h.id) {
                continue;
            }
            links.push(Permalink {
                link: anchor_link(&base, &h.id),
                title: h.text.clone(),
                page: p,
                kind: LinkKind::Heading,
            });
        }
        // Each id's first heading, for the titles of renamed ids.
        let mut heading_of: HashMap<&str, &str> = HashMap::new();
        if !page.anchor_aliases.is_empty() {
            for h in &page.scan.headings {
                heading_of.entry(h.id.as_str()).or_insert(h.text.as_str());
            }
        }
        for (old, new) in &page.anchor_aliases {
            let title = heading_of
                .get(new.as_str())
                .map_or_else(|| page.title.clone(), |text| text.to_string());
            links.push(Permalink {
                link: anchor_link(&base, old),
                title,
                page: p,
                kind: LinkKind::Alias,
            });
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_paths() {
        let base = "https://example.org/course/";
        assert_eq!(
            alias_path("modules/old/", base).as_deref(),
            Ok("modules/old/")
        );
        assert_eq!(
            alias_path("/modules/old", base).as_deref(),
            Ok("modules/old/")
        );
        assert_eq!(
            alias_path("https://example.org/course/modules/old/", base).as_deref(),
            Ok("modules/old/")
        );
        assert_eq!(
            alias_path("old-page.html", base).as_deref(),
            Ok("old-page.html")
        );
        for bad in [
            "",
            "/",
            "./",
            "a/#x",
            "https://other.org/a/",
            "a/../b/",
            "a b/",
            "a//b/",
        ] {
            assert!(alias_path(bad, base).is_err(), "{bad}");
        }
    }
}
