//! Resolving the links authors write to what they point at, and the
//! relative `href` that reaches it from a given page.
//!
//! `check` uses [`Site::resolve`] to report broken links and `render` uses
//! the same call to rewrite them, so a link that passes the check is exactly
//! the link that is written.
//!
//! A destination is one of:
//! - external (`https:`, `mailto:`, `//host`): left alone, never fetched;
//! - `#id`: an anchor on the same page;
//! - a path ending in `.md`: a source file, relative to the linking file
//!   (or to `content/` with a leading `/`), with an optional `#id`;
//! - any other path: an asset relative to the linking file, else a page or
//!   asset URL relative to the page's URL (or to the site root with a
//!   leading `/`).

use percent_encoding::percent_decode_str;

use super::{PageKind, Site};
use crate::error::closest;

/// What a link points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Another host or scheme; written as it is.
    External,
    /// A page of the site, optionally an anchor on it.
    Page { page: usize, anchor: Option<String> },
    /// A file copied from `content/` (its path there and in the output),
    /// optionally with a fragment (`leaflet.pdf#page=2`).
    Asset {
        rel: String,
        fragment: Option<String>,
    },
}

/// Why a link cannot be followed.
#[derive(Debug, Clone, PartialEq)]
pub enum Broken {
    /// No page or file at the path. `suggestion` is the likeliest intended one.
    Missing {
        path: String,
        suggestion: Option<String>,
    },
    /// The page exists but has no such anchor.
    NoAnchor {
        page: usize,
        anchor: String,
        suggestion: Option<String>,
    },
    /// The page exists but is a draft, so it is not published.
    Draft { page: usize },
    /// The page is a story held back (no consent, …), so it is not published.
    HeldBack { page: usize },
    /// The file is inside the folder of an unpublished page.
    Unpublished { rel: String },
    /// `..` climbs out of `content/`.
    Outside,
}

/// A destination split into path, query and fragment, path percent-decoded.
struct Parts<'a> {
    path: String,
    query: &'a str,
    fragment: Option<&'a str>,
}

fn split_dest(dest: &str) -> Parts<'_> {
    let (rest, fragment) = match dest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (dest, None),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Parts {
        path: percent_decode_str(path).decode_utf8_lossy().into_owned(),
        query,
        fragment,
    }
}

/// True for `https://…`, `mailto:…`, `tel:…`, `//host/…`.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Joins `path` onto `base` (both `/`-separated, relative), resolving `.`
/// and `..`. `None` when `..` climbs above the root.
fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

impl Site {
    /// Resolves `dest`, written in the markdown of page `from`, checking
    /// every part of it, the `#anchor` included.
    pub fn resolve(&self, from: usize, dest: &str) -> Result<Target, Broken> {
        self.resolve_with(from, dest, true)
    }

    /// Resolves `dest` as far as writing its `href` needs: the page or file
    /// must exist and be published, but the anchor is not checked (other
    /// pages' anchors are known only once they are rendered; `check` does
    /// that afterwards with [`Site::resolve`]).
    pub fn resolve_for_href(&self, from: usize, dest: &str) -> Result<Target, Broken> {
        self.resolve_with(from, dest, false)
    }

    fn resolve_with(&self, from: usize, dest: &str, anchors: bool) -> Result<Target, Broken> {
        // The site's own address is a link within the site.
        let own = match dest.strip_prefix(self.base_url.as_str()) {
            Some(rest) if !self.base_url.is_empty() => Some(format!("/{rest}")),
            _ => None,
        };
        let dest = own.as_deref().unwrap_or(dest);
        if is_external(dest) {
            return Ok(Target::External);
        }
        let parts = split_dest(dest);
        let page = &self.pages[from];
        if parts.path.is_empty() {
            return self.with_anchor(from, parts.fragment, anchors);
        }
        let lower = parts.path.to_ascii_lowercase();
        if lower.ends_with(".md") {
            let rel = join(&page.source_dir, &parts.path).ok_or(Broken::Outside)?;
            return match self.by_source.get(&rel) {
                Some(&target) => self.with_anchor(target, parts.fragment, anchors),
                None => Err(Broken::Missing {
                    suggestion: closest(&rel, self.by_source.keys().map(String::as_str))
                        .map(str::to_string),
                    path: rel,
                }),
            };
        }
        let fragment = parts.fragment.filter(|f| !f.is_empty()).map(str::to_string);
        // An asset next to the source file.
        let beside = join(&page.source_dir, &parts.path);
        if let Some(rel) = &beside {
            if self.assets.contains(rel) {
                return self.asset(rel, fragment);
            }
        }
        // A URL, as a browser on this page would resolve it.
        // A scenario's pages are all written in its one file: a relative
        // URL there means the same from each, as from the scenario's page.
        let base = match page.kind {
            PageKind::Step { .. } | PageKind::Overview { .. } => page
                .parent
                .map_or(page.url.as_str(), |p| self.pages[p].url.as_str()),
            _ => page.url.as_str(),
        };
        let url = join(base, &parts.path).ok_or(Broken::Outside)?;
        let as_page = url
            .strip_suffix("index.html")
            .unwrap_or(&url)
            .trim_end_matches('/');
        let as_page = if as_page.is_empty() {
            String::new()
        } else {
            format!("{as_page}/")
        };
        if let Some(&target) = self.by_url.get(&as_page) {
            return self.with_anchor(target, parts.fragment, anchors);
        }
        if self.assets.contains(&url) {
            return self.asset(&url, fragment);
        }
        // Name the path the author most likely meant: beside the file.
        let path = match beside {
            Some(beside) if !parts.path.ends_with('/') => beside,
            _ => url,
        };
        Err(Broken::Missing {
            suggestion: closest(&as_page, self.by_url.keys().map(String::as_str))
                .map(str::to_string),
            path,
        })
    }

    fn asset(&self, rel: &str, fragment: Option<String>) -> Result<Target, Broken> {
        if self.asset_published(rel) {
            Ok(Target::Asset {
                rel: rel.to_string(),
                fragment,
            })
        } else {
            Err(Broken::Unpublished {
                rel: rel.to_string(),
            })
        }
    }

    fn with_anchor(
        &self,
        page: usize,
        fragment: Option<&str>,
        check: bool,
    ) -> Result<Target, Broken> {
        let target = &self.pages[page];
        if !target.published {
            return Err(if target.held.is_some() && !target.draft {
                Broken::HeldBack { page }
            } else {
                Broken::Draft { page }
            });
        }
        let anchor = match fragment {
            None | Some("") => None,
            Some(f) => {
                let f = percent_decode_str(f).decode_utf8_lossy().into_owned();
                if let Some(step) = self.step_page(page, &f) {
                    return Ok(Target::Page {
                        page: step,
                        anchor: None,
                    });
                }
                if !target.anchors.contains(&f) {
                    if let Some(other) = self.step_page_with_anchor(page, &f) {
                        return Ok(Target::Page {
                            page: other,
                            anchor: Some(f),
                        });
                    }
                }
                if check && !target.anchors.contains(&f) {
                    return Err(Broken::NoAnchor {
                        page,
                        suggestion: closest(&f, target.anchors.iter().map(String::as_str))
                            .map(str::to_string),
                        anchor: f,
                    });
                }
                Some(f)
            }
        };
        Ok(Target::Page { page, anchor })
    }

    /// The page of another step of `page`'s scenario that holds the anchor
    /// `id` (a `###` heading or footnote of that step). A scenario's pages
    /// are scanned when the model is built, so this is known before they
    /// are rendered.
    fn step_page_with_anchor(&self, page: usize, id: &str) -> Option<usize> {
        if matches!(self.pages[page].kind, PageKind::Overview { .. }) {
            return None;
        }
        let scenario = self.scenario_of(page)?;
        scenario
            .steps
            .iter()
            .filter_map(|s| s.page)
            .find(|&p| p != page && self.pages[p].anchors.contains(id))
    }

    /// A link to `#id` on a page of a scenario, where `id` is one of its
    /// steps, goes to that step's own page (when it is not `page` itself).
    fn step_page(&self, page: usize, id: &str) -> Option<usize> {
        let step = self.scenario_of(page)?;
        let target = step.steps.get(step.step(id)?)?.page?;
        (target != page).then_some(target)
    }

    /// The relative `href` from page `from` to `target`, keeping any query
    /// string of the original destination `dest`.
    pub fn href(&self, from: usize, target: &Target, dest: &str) -> String {
        self.href_from(&self.pages[from].url, Some(from), target, dest)
    }

    /// The relative `href` from the folder URL `from_url` (the address of
    /// page `from`, if it is a page's) to `target`, keeping any query
    /// string of the original destination `dest`.
    pub fn href_from(
        &self,
        from_url: &str,
        from: Option<usize>,
        target: &Target,
        dest: &str,
    ) -> String {
        let query = split_dest(dest).query;
        match target {
            Target::External => dest.to_string(),
            Target::Page { page, anchor } => {
                let mut href = if Some(*page) == from {
                    String::new()
                } else {
                    relative(from_url, &self.pages[*page].url)
                };
                if href.is_empty() && anchor.is_none() {
                    href.push_str("./");
                }
                href.push_str(query);
                if let Some(a) = anchor {
                    href.push('#');
                    href.push_str(&encode_fragment(a));
                }
                href
            }
            Target::Asset { rel, fragment } => {
                let mut href = relative(from_url, rel);
                href.push_str(query);
                if let Some(f) = fragment {
                    href.push('#');
                    href.push_str(f);
                }
                href
            }
        }
    }
}

/// The relative path from the folder URL `from` (`a/b/`) to `to` (a folder
/// URL `a/c/` or a file path `a/x.png`), percent-encoding what must be.
pub fn relative(from: &str, to: &str) -> String {
    // Walk both paths segment by segment, byte by byte, without collecting
    // them: every link of every page comes through here (a page's
    // navigation alone makes some thirty), so it allocates once, for the
    // answer.
    let from = from.as_bytes();
    // The next segment of `from` that is not empty, from `at` on.
    let next_from = |at: &mut usize| -> Option<&[u8]> {
        while from.get(*at) == Some(&b'/') {
            *at += 1;
        }
        let start = *at;
        if start >= from.len() {
            return None;
        }
        let len = from[start..].iter().position(|&b| b == b'/');
        *at = len.map_or(from.len(), |l| start + l);
        Some(&from[start..*at])
    };
    let mut at = 0;
    let mut up = 0;
    // Where in `to` the segments `from` does not share begin.
    let mut rest = 0;
    for segment in to.as_bytes().split(|&b| b == b'/') {
        match next_from(&mut at) {
            Some(f) if f == segment => rest += segment.len() + 1,
            Some(_) => {
                up += 1;
                break;
            }
            None => break,
        }
    }
    while next_from(&mut at).is_some() {
        up += 1;
    }
    let rest = to.get(rest..).unwrap_or("");
    let mut out = String::with_capacity(3 * up + rest.len() + 2);
    for _ in 0..up {
        out.push_str("../");
    }
    // `/` is not in SEGMENT, so the segments keep their separators. Most
    // addresses need no encoding and are copied whole.
    if rest.bytes().all(plain_in_segment) {
        out.push_str(rest);
    } else {
        out.extend(percent_encoding::utf8_percent_encode(rest, SEGMENT));
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// Whether `byte` is written as it is in a path segment: not one of
/// [`SEGMENT`] nor part of a character beyond ASCII.
fn plain_in_segment(byte: u8) -> bool {
    (0x21..0x7f).contains(&byte)
        && !matches!(
            byte,
            b'"' | b'#' | b'%' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}'
        )
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

const FRAGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ').add(b'"');

/// A fragment (an anchor) as written in an href.
pub fn encode_fragment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, FRAGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Asset, Sources};
    use crate::model::tests::file;

    fn site() -> Site {
        let sources = Sources {
            files: vec![
                file("index.md", "Home", "## Start here\n"),
                file(
                    "modules/01-stigma.md",
                    "Stigma",
                    "## Why it matters\n## Notes\n",
                ),
                file("modules/02-support/index.md", "Support", "## Who to call\n"),
                file(
                    "modules/02-support/who.md",
                    "Who",
                    "## Who to call {#call}\n",
                ),
            ],
            assets: vec![Asset {
                source: "x".into(),
                rel: "modules/02-support/map.png".into(),
            }],
            failed: Vec::new(),
            support: None,
        };
        Site::new(&sources, "C", time::macros::date!(2026 - 11 - 23), false)
    }

    fn go(s: &Site, from_url: &str, dest: &str) -> Result<String, Broken> {
        let from = s.by_url[from_url];
        s.resolve(from, dest).map(|t| s.href(from, &t, dest))
    }

    #[test]
    fn source_file_links_become_relative_urls() {
        let s = site();
        assert_eq!(
            go(&s, "modules/stigma/", "02-support/who.md#call").unwrap(),
            "../support/who/#call"
        );
        assert_eq!(
            go(&s, "", "modules/01-stigma.md").unwrap(),
            "modules/stigma/"
        );
        assert_eq!(
            go(&s, "modules/support/who/", "../01-stigma.md#notes").unwrap(),
            "../../stigma/#notes"
        );
        assert_eq!(
            go(&s, "modules/support/who/", "/index.md").unwrap(),
            "../../../"
        );
        assert_eq!(go(&s, "modules/support/who/", "index.md").unwrap(), "../");
    }

    #[test]
    fn url_links_are_checked_too() {
        let s = site();
        assert_eq!(
            go(&s, "modules/stigma/", "../support/").unwrap(),
            "../support/"
        );
        assert_eq!(
            go(&s, "modules/stigma/", "/modules/support/who/#call").unwrap(),
            "../support/who/#call"
        );
        assert_eq!(
            go(&s, "", "modules/stigma/index.html").unwrap(),
            "modules/stigma/"
        );
        assert_eq!(go(&s, "modules/stigma/", "#notes").unwrap(), "#notes");
        assert_eq!(go(&s, "modules/stigma/", "../../").unwrap(), "../../");
    }

    #[test]
    fn assets_resolve_from_the_source_folder() {
        let s = site();
        // From content/modules/02-support/index.md, served at modules/support/.
        assert_eq!(
            go(&s, "modules/support/", "map.png").unwrap(),
            "../02-support/map.png"
        );
        assert_eq!(
            go(&s, "modules/support/who/", "map.png").unwrap(),
            "../../02-support/map.png"
        );
    }

    #[test]
    fn broken_links_say_why() {
        let s = site();
        match go(&s, "modules/stigma/", "02-support/whom.md") {
            Err(Broken::Missing { path, suggestion }) => {
                assert_eq!(path, "modules/02-support/whom.md");
                assert_eq!(suggestion.as_deref(), Some("modules/02-support/who.md"));
            }
            other => panic!("{other:?}"),
        }
        match go(&s, "modules/stigma/", "02-support/who.md#cal") {
            Err(Broken::NoAnchor {
                anchor, suggestion, ..
            }) => {
                assert_eq!(anchor, "cal");
                assert_eq!(suggestion.as_deref(), Some("call"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(go(&s, "", "../../x.md"), Err(Broken::Outside));
    }

    #[test]
    fn external_links_are_left_alone() {
        let s = site();
        for dest in [
            "https://doi.org/10.1/x",
            "mailto:psu@example.org",
            "tel:111",
            "//cdn.example/x",
        ] {
            assert_eq!(go(&s, "", dest).unwrap(), dest);
        }
        assert!(!is_external("modules/a:b.md"));
    }

    #[test]
    fn relative_paths() {
        // Every byte the fast path copies is one the encoder keeps.
        for b in 0..=255u8 {
            if plain_in_segment(b) {
                let s = char::from(b).to_string();
                let encoded = percent_encoding::utf8_percent_encode(&s, SEGMENT).to_string();
                assert_eq!(encoded, s, "{b}");
            }
        }
        assert_eq!(relative("a/", "a/ß.pdf"), "%C3%9F.pdf");
        assert_eq!(relative("a//b/", "a/b/c/"), "c/");
        assert_eq!(relative("/a/b", "a/x/"), "../x/");
        assert_eq!(relative("a/b/", "a/c/"), "../c/");
        assert_eq!(relative("", "a/"), "a/");
        assert_eq!(relative("a/", ""), "../");
        assert_eq!(relative("a/", "a/"), "./");
        assert_eq!(relative("a/", "a/my file.pdf"), "my%20file.pdf");
        assert_eq!(relative("a/b/c/", "a/"), "../../");
        assert_eq!(relative("a/b/c/", "a/b/c/d/"), "d/");
        assert_eq!(relative("a/b/", "a/b"), "./");
        assert_eq!(relative("a/b/", "a"), "../");
        assert_eq!(relative("a//b/", "x y/z#1/"), "../../x%20y/z%231/");
        assert_eq!(relative("", ""), "./");
        assert_eq!(relative("a/", "b/c.png"), "../b/c.png");
    }

    /// The paths `relative` walks, as the plain definition makes them:
    /// up from what `from` does not share with `to`, then down `to`.
    fn relative_by_definition(from: &str, to: &str) -> String {
        let from_parts: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
        let to_parts: Vec<&str> = to.split('/').collect();
        let common = from_parts
            .iter()
            .zip(&to_parts)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = "../".repeat(from_parts.len() - common);
        let rest: Vec<String> = to_parts[common..]
            .iter()
            .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
            .collect();
        out.push_str(&rest.join("/"));
        if out.is_empty() {
            out.push_str("./");
        }
        out
    }

    #[test]
    fn relative_paths_agree_with_the_definition() {
        let paths = [
            "",
            "a/",
            "a/b/",
            "a/b/c/",
            "a/c/",
            "b/",
            "a",
            "a/b",
            "a/x.png",
            "a/b/x y.pdf",
            "é/ü/",
            "a//b/",
            "/a/",
            "a/b/c/d/",
            "x#1/?/",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(
                    relative(from, to),
                    relative_by_definition(from, to),
                    "{from:?} → {to:?}"
                );
            }
        }
    }
}
