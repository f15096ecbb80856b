//! Printouts: each module's pages as one page, `<module>/print/`, to
//! print or save as a PDF in one go.
//!
//! Input: the rendered HTML of each page of a module ([`Site::printout_parts`]:
//! the module's page and every page below it, in navigation order; a
//! scenario as its overview). Output: the printout page, rendered with the
//! theme's `print.html`. Each page's `<main>` is taken as its template made
//! it (so a story keeps its content notes, an overview its map and every
//! step), without what only helps on screen (breadcrumbs, pager, table of
//! contents, the link to the printout itself), with its disclosures open.
//! Then ids are made unique across the printout (each prefixed with its
//! page's name) and every link made right from `print/`: a link to a page
//! of the printout, or a place on it, leads inside the printout; anything
//! else is relative to `print/`; a heading's `#` link keeps leading to the
//! page's own section, the address to share.
//!
//! Printouts are helpers like `links/`: asked not to be indexed, not in
//! `sitemap.xml`, not in `links.lock`.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::context::{Link, PageContext, PageInfo, PrintLink, PrintoutInfo};
use super::theme::Theme;
use super::{Content, Sink};
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::model::links::is_external;
use crate::model::{PageKind, Site};

/// Parts of a page's `<main>` that only help on screen, by the start of
/// their opening tag and their closing tag.
const SCREEN_ONLY: [(&str, &str); 4] = [
    ("<nav class=\"breadcrumbs\"", "</nav>"),
    ("<nav class=\"pager\"", "</nav>"),
    ("<nav class=\"toc\"", "</nav>"),
    ("<p class=\"print-module\"", "</p>"),
];

/// Attributes whose value is a list of ids on the same page.
const ID_REFERENCES: [&str; 5] = [
    "for",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "headers",
];

/// Attributes whose value is a link.
const LINKS: [&str; 4] = ["href", "src", "xlink:href", "poster"];

/// The link to its module's printout that a page shows, if it is part of
/// a module.
pub fn link(site: &Site, page: usize) -> Option<PrintLink> {
    let module = site.module_of(page)?;
    let label = match site.pages[module].kind {
        PageKind::Scenario { .. } => "Print this scenario",
        PageKind::Story { .. } => "Print this story",
        _ => "Print this module",
    };
    Some(PrintLink {
        href: crate::model::links::relative(&site.pages[page].url, &site.printout_url(module)),
        label,
    })
}

/// Collects the pages of every module's printout as they are rendered (in
/// any order, from many threads), and writes each printout as soon as its
/// last page arrives, so no more than a few modules are held at once.
pub struct Printouts<'a> {
    config: &'a Config,
    site: &'a Site,
    theme: &'a Theme,
    /// Each page of a printout: its module's place in `waiting`, and its
    /// own place in the printout.
    part_of: HashMap<usize, (usize, usize)>,
    waiting: Vec<Mutex<Waiting>>,
    problems: Mutex<Vec<Diagnostic>>,
}

/// A printout still missing some pages.
struct Waiting {
    module: usize,
    parts: Vec<(usize, Option<Part>)>,
    missing: usize,
}

/// What a printout takes from one of its pages.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// The page's `<main>`, without its own tags and without what only
    /// helps on screen ([`SCREEN_ONLY`]).
    pub main: String,
    /// The page needs the highlighting stylesheet.
    pub has_code: bool,
}

impl Part {
    /// The part of the rendered page `html`.
    pub fn of(html: &str) -> Part {
        Part {
            main: strip_screen_only(main_of(html).unwrap_or_default()),
            has_code: html.contains(&format!("{}\"", super::highlight::STYLESHEET_PATH)),
        }
    }
}

impl<'a> Printouts<'a> {
    pub fn new(config: &'a Config, site: &'a Site, theme: &'a Theme) -> Self {
        let mut part_of = HashMap::new();
        let mut waiting = Vec::new();
        for module in site.modules() {
            let parts = site.printout_parts(module);
            for (i, &p) in parts.iter().enumerate() {
                part_of.insert(p, (waiting.len(), i));
            }
            waiting.push(Mutex::new(Waiting {
                module,
                missing: parts.len(),
                parts: parts.into_iter().map(|p| (p, None)).collect(),
            }));
        }
        Printouts {
            config,
            site,
            theme,
            part_of,
            waiting,
            problems: Mutex::new(Vec::new()),
        }
    }

    /// Takes the rendered HTML of `page`; when it completes a printout,
    /// renders that and hands it to `sink`.
    pub fn take(&self, page: usize, html: &str, sink: &dyn Sink) -> Result<(), Error> {
        let Some(&(module, part)) = self.part_of.get(&page) else {
            return Ok(());
        };
        let Some(waiting) = self.waiting.get(module) else {
            return Ok(());
        };
        let done = {
            let mut w = waiting.lock().unwrap_or_else(|e| e.into_inner());
            let Some(slot) = w.parts.get_mut(part) else {
                return Ok(());
            };
            if slot.1.is_none() {
                slot.1 = Some(Part::of(html));
                w.missing -= 1;
            }
            (w.missing == 0).then(|| {
                let parts = std::mem::take(&mut w.parts);
                (
                    w.module,
                    parts
                        .into_iter()
                        .map(|(p, h)| (p, h.unwrap_or_default()))
                        .collect::<Vec<_>>(),
                )
            })
        };
        if let Some((module, parts)) = done {
            match render(self.config, self.site, self.theme, module, &parts) {
                Ok(html) => sink.put(
                    &format!("{}index.html", self.site.printout_url(module)),
                    Content::Bytes(html.into_bytes()),
                )?,
                Err(d) => self
                    .problems
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(d),
            }
        }
        Ok(())
    }

    /// The template errors met.
    pub fn into_problems(self) -> Vec<Diagnostic> {
        self.problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// Renders the printout of `module` from what it takes from each of its
/// pages ([`Site::printout_parts`], each with its [`Part`]).
pub fn render(
    config: &Config,
    site: &Site,
    theme: &Theme,
    module: usize,
    parts: &[(usize, Part)],
) -> Result<String, Diagnostic> {
    let url = site.printout_url(module);
    let (content, contents) = assemble(site, module, parts);
    let title = &site.pages[module].title;
    let root = crate::model::links::relative(&url, "");
    let mut ctx = PageContext::standalone(
        config,
        site,
        PageInfo {
            title,
            summary: site.pages[module].summary.as_deref(),
            description: format!("{title}: every page, to print or save as a PDF."),
            canonical: format!("{}{url}", config.base_url),
            content,
            toc: Vec::new(),
            is_home: false,
            not_published: None,
            noindex: true,
        },
        root,
        super::help_now(site, &url),
    );
    ctx.has_code = parts.iter().any(|(_, part)| part.has_code);
    ctx.printout = Some(PrintoutInfo {
        module: Link {
            title,
            href: "../".to_string(),
        },
        contents,
    });
    super::render_with_content(theme, "print.html", &mut ctx, &url)
}

/// The `<main>` of a rendered page, without its own tags.
pub fn main_of(html: &str) -> Option<&str> {
    let open = html.find("<main")?;
    let start = open + html[open..].find('>')? + 1;
    let end = html.rfind("</main>")?;
    html.get(start..end)
}

/// `html` without the elements of [`SCREEN_ONLY`]: each from its opening
/// tag to the next closing tag of its kind. One pass over the tags.
fn strip_screen_only(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut from = 0;
    while let Some(found) = rest[from..].find('<') {
        let start = from + found;
        let tail = &rest[start..];
        let Some((_, close)) = SCREEN_ONLY.iter().find(|(open, _)| tail.starts_with(open)) else {
            from = start + 1;
            continue;
        };
        let Some(len) = tail.find(close) else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = tail[len + close.len()..].trim_start_matches('\n');
        from = 0;
    }
    out.push_str(rest);
    out
}

/// The printout's body: each part in a `<section>` with the id of its
/// name, and the printout's contents (each part's title and `#id`).
fn assemble<'a>(site: &'a Site, module: usize, parts: &[(usize, Part)]) -> (String, Vec<Link<'a>>) {
    let mut used: HashSet<String> = HashSet::new();
    let mut unique = |wanted: String| {
        let mut id = wanted.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            n += 1;
            id = format!("{wanted}-{n}");
        }
        id
    };
    // Each part's name: its address below the module's, or the module's
    // own name for its page (and a scenario's overview).
    let module_url = &site.pages[module].url;
    let names: Vec<String> = parts
        .iter()
        .map(|&(p, _)| {
            let own = site.pages[p]
                .url
                .strip_prefix(module_url.as_str())
                .unwrap_or("");
            let own = match site.pages[p].kind {
                PageKind::Overview { .. } if site.pages[p].parent == Some(module) => "",
                _ => own,
            };
            let name = if own.is_empty() {
                module_url.trim_end_matches('/').rsplit('/').next()
            } else {
                Some(own.trim_end_matches('/'))
            };
            unique(name.unwrap_or("page").replace('/', "-"))
        })
        .collect();
    let bodies: Vec<&str> = parts.iter().map(|(_, part)| part.main.as_str()).collect();
    // Every id, made unique across the printout.
    let mut ids: HashMap<(usize, String), String> = HashMap::new();
    for (k, body) in bodies.iter().enumerate() {
        map_attributes(body, |_, _, attr, value| {
            if attr == "id" && !ids.contains_key(&(k, value.to_string())) {
                let id = unique(format!("{}-{value}", names[k]));
                ids.insert((k, value.to_string()), id);
            }
            None
        });
    }
    let part_by_url: HashMap<&str, usize> = parts
        .iter()
        .enumerate()
        .map(|(k, &(p, _))| (site.pages[p].url.as_str(), k))
        .collect();
    let print_url = site.printout_url(module);
    let mut out =
        String::with_capacity(bodies.iter().map(|b| b.len() * 17 / 16).sum::<usize>() + 256);
    for (k, body) in bodies.iter().enumerate() {
        let here = &site.pages[parts[k].0].url;
        // Where a fragment on part `to` leads inside the printout.
        let inside = |to: usize, fragment: &str| -> String {
            if fragment.is_empty() {
                return format!("#{}", names[to]);
            }
            let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
            match ids.get(&(to, decoded.to_string())) {
                Some(id) => format!("#{id}"),
                None => format!("#{fragment}"),
            }
        };
        let body = map_attributes(body, |_, class, attr, value| {
            if attr == "id" {
                return ids.get(&(k, value.to_string())).cloned();
            }
            if ID_REFERENCES.contains(&attr) {
                let mapped: Vec<&str> = value
                    .split_whitespace()
                    .map(|v| ids.get(&(k, v.to_string())).map_or(v, String::as_str))
                    .collect();
                return Some(mapped.join(" "));
            }
            if value.contains("url(#") {
                return Some(replace_url_refs(value, |id| {
                    ids.get(&(k, id.to_string())).cloned()
                }));
            }
            if !LINKS.contains(&attr) || value.is_empty() || is_external(value) {
                return None;
            }
            let heading_link = class.split_whitespace().any(|c| c == "induct-anchor");
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            let has_fragment = value.contains('#');
            if path.is_empty() && !heading_link {
                return Some(inside(k, fragment));
            }
            let (path_only, query) = match path.find('?') {
                Some(i) => (&path[..i], &path[i..]),
                None => (path, ""),
            };
            let target = if path.is_empty() {
                Some(here.to_string())
            } else {
                join(here, path_only)
            };
            let target = target?;
            let decoded = percent_encoding::percent_decode_str(&target).decode_utf8_lossy();
            let page_url = decoded.strip_suffix("index.html").unwrap_or(&decoded);
            if let (Some(&to), false) = (part_by_url.get(page_url), heading_link) {
                return Some(inside(to, fragment));
            }
            let mut href = relative_path(&print_url, &target);
            href.push_str(query);
            if has_fragment {
                href.push('#');
                href.push_str(fragment);
            }
            Some(href)
        });
        let _ = std::fmt::Write::write_fmt(
            &mut out,
            format_args!(
                "<section class=\"printout-part\" id=\"{}\">\n{}\n</section>\n",
                names[k],
                open_details(&body)
            ),
        );
    }
    let contents = parts
        .iter()
        .zip(&names)
        .map(|(&(p, _), name)| Link {
            title: &site.pages[p].title,
            href: format!("#{name}"),
        })
        .collect();
    (out, contents)
}

/// Every `<details>` open, so the printout shows what it holds.
fn open_details(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("<details") {
        let after = &rest[i + "<details".len()..];
        let tag_end = after.find('>').unwrap_or(after.len());
        out.push_str(&rest[..i + "<details".len()]);
        let is_tag = after.starts_with([' ', '>', '\n', '\t']);
        let open = after[..tag_end]
            .split_whitespace()
            .any(|a| a == "open" || a.starts_with("open="));
        if is_tag && !open {
            out.push_str(" open");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `url(#id)` references in an attribute value, with each id that `map`
/// knows replaced.
fn replace_url_refs(value: &str, map: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(value.len() + 16);
    let mut rest = value;
    while let Some(i) = rest.find("url(#") {
        out.push_str(&rest[..i + "url(#".len()]);
        rest = &rest[i + "url(#".len()..];
        let end = rest.find(')').unwrap_or(rest.len());
        out.push_str(&map(&rest[..end]).unwrap_or_else(|| rest[..end].to_string()));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Joins a relative `path` (as written in an href, percent-encoded) onto
/// the folder URL `base`; `None` when `..` climbs above the site root or
/// the path starts at the root.
fn join(base: &str, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "" | "." if !last => {}
            "." | "" => parts.push(""),
            ".." => {
                parts.pop()?;
                if last {
                    parts.push("");
                }
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The relative path from the folder URL `from` to the site path `to`,
/// both as written (no encoding is added or removed).
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// Calls `f(tag, class, attribute, value)` for every attribute of every
/// tag in `html` (values as written, without quotes), and writes the value
/// `f` gives in the old one's place. Text, comments and the insides of
/// `<script>` and `<style>` are copied as they are.
fn map_attributes(
    html: &str,
    mut f: impl FnMut(&str, &str, &str, &str) -> Option<String>,
) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut i = 0;
    // The attributes of a tag: (name, where the value starts and ends).
    let mut attrs: Vec<(&str, usize, usize)> = Vec::new();
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_start = start + 1;
        let name_end = name_start
            + html[name_start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
                .unwrap_or(html.len() - name_start);
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = lower(&html[name_start..name_end]);
        attrs.clear();
        let mut j = name_end;
        let tag_end = loop {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                None => break html.len(),
                Some(b'>') => break j + 1,
                Some(b'/') => {
                    j += 1;
                    continue;
                }
                _ => {}
            }
            let attr_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            let attr = &html[attr_start..j];
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                if j == attr_start {
                    j += 1;
                }
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_start, value_end) = match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| j + 1 + e);
                    let span = (j + 1, end);
                    j = (end + 1).min(html.len());
                    span
                }
                _ => {
                    let s = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    (s, j)
                }
            };
            attrs.push((attr, value_start, value_end));
        };
        let class = attrs
            .iter()
            .find(|(a, _, _)| a.eq_ignore_ascii_case("class"))
            .map_or("", |&(_, s, e)| &html[s..e]);
        for &(attr, s, e) in &attrs {
            if let Some(value) = f(&name, class, &lower(attr), &html[s..e]) {
                out.push_str(&html[copied..s]);
                out.push_str(&value);
                copied = e;
            }
        }
        i = tag_end;
        for raw in ["script", "style"].into_iter().filter(|&r| name == r) {
            let close = if raw == "script" {
                "</script"
            } else {
                "</style"
            };
            i = html[i..].find(close).map_or(html.len(), |e| i + e);
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// A tag or attribute name in lower case, copied only when it is not.
fn lower(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_is_found_and_screen_helpers_stripped() {
        let page = "<body><nav>x</nav><main id=\"main\" tabindex=\"-1\">\n<nav class=\"breadcrumbs\" aria-label=\"B\"><ol><li>a</li></ol></nav>\n<h1>T</h1><nav class=\"pager\">p</nav></main></body>";
        let main = main_of(page).unwrap();
        assert_eq!(strip_screen_only(main), "\n<h1>T</h1>");
        assert_eq!(
            strip_screen_only("<p>a</p><nav class=\"toc\"><a>x</a></nav><p class=\"print-module\"><a>p</a></p><nav class=\"toc\">"),
            "<p>a</p><nav class=\"toc\">",
            "an element left open is kept"
        );
    }

    #[test]
    fn attributes_are_found_in_any_quoting() {
        let html = "<a href=\"x\" class='c d'>t</a><img src=y alt=\"a > b\"><!-- <a href=\"no\"> --><script>var a = \"<a href='no'>\";</script><p id=p>";
        let mut seen = Vec::new();
        let out = map_attributes(html, |tag, class, attr, value| {
            seen.push(format!("{tag} {class} {attr}={value}"));
            (attr == "href" || attr == "id").then(|| format!("[{value}]"))
        });
        assert_eq!(
            seen,
            [
                "a c d href=x",
                "a c d class=c d",
                "img  src=y",
                "img  alt=a > b",
                "p  id=p"
            ]
        );
        assert_eq!(
            out,
            "<a href=\"[x]\" class='c d'>t</a><img src=y alt=\"a > b\"><!-- <a href=\"no\"> --><script>var a = \"<a href='no'>\";</script><p id=[p]>"
        );
    }

    #[test]
    fn paths_join_and_relate_as_written() {
        assert_eq!(join("modules/a/", "../b/").as_deref(), Some("modules/b/"));
        assert_eq!(
            join("modules/a/", "x.png").as_deref(),
            Some("modules/a/x.png")
        );
        assert_eq!(join("modules/a/", "./").as_deref(), Some("modules/a/"));
        assert_eq!(join("modules/a/", "..").as_deref(), Some("modules/"));
        assert_eq!(join("a/", "../../x"), None);
        assert_eq!(relative_path("modules/a/print/", "modules/b/"), "../../b/");
        assert_eq!(
            relative_path("modules/a/print/", "modules/a/x%20y.png"),
            "../x%20y.png"
        );
        assert_eq!(relative_path("modules/a/print/", ""), "../../../");
        assert_eq!(relative_path("modules/a/print/", "modules/a/print/"), "./");
    }

    #[test]
    fn details_open_once() {
        assert_eq!(
            open_details("<details class=\"s\"><details open><details>"),
            "<details open class=\"s\"><details open><details open>"
        );
        assert_eq!(open_details("<detailsx>"), "<detailsx>");
    }

    #[test]
    fn url_references_follow_their_ids() {
        assert_eq!(
            replace_url_refs("url(#arrow) url(#other)", |id| (id == "arrow")
                .then(|| "p-arrow".to_string())),
            "url(#p-arrow) url(#other)"
        );
    }
}
