//! Scanning a page's markdown for what other stages need to know without
//! rendering it: its headings and their ids, its footnotes, its links, and
//! whether it has code to highlight.
//!
//! Heading ids are decided here, once, and rendering uses the ids this scan
//! gives in document order — so the anchors links are checked against are
//! exactly the anchors the HTML carries.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::error::{Diagnostic, LineIndex, Location};

/// The markdown dialect of every page, defined once for every pass.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_SMART_PUNCTUATION)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// A heading of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    /// Its text, without markup.
    pub text: String,
    /// Its anchor id, unique on the page.
    pub id: String,
    /// Line and column in the source file.
    pub line: usize,
    pub col: usize,
}

/// A link or image in a page, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    pub dest: String,
    pub line: usize,
    pub col: usize,
    pub image: bool,
}

/// What a scan learns about a page.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub headings: Vec<Heading>,
    /// Footnote labels (normalised as pulldown-cmark matches them: case and
    /// runs of white space ignored) in order of first appearance; footnote
    /// `n` (1-based) has the anchor `fn-n`, its first reference `fnref-n`.
    pub footnotes: Vec<String>,
    /// Numbers of the footnotes that are referenced (only those get a
    /// `fnref-n` anchor to link back to).
    pub referenced_footnotes: Vec<usize>,
    pub links: Vec<LinkRef>,
    /// True when a fenced code block names a language (so syntax
    /// highlighting and its stylesheet are needed).
    pub has_code: bool,
}

impl Scan {
    /// Every anchor id the rendered page will carry.
    pub fn anchors(&self) -> impl Iterator<Item = String> + '_ {
        self.headings
            .iter()
            .map(|h| h.id.clone())
            .chain((1..=self.footnotes.len()).map(footnote_id))
            .chain(
                self.referenced_footnotes
                    .iter()
                    .map(|&n| footnote_ref_id(n)),
            )
    }

    /// The number of the footnote with `label`, counting from 1.
    pub fn footnote_number(&self, label: &str) -> Option<usize> {
        let label = footnote_label(label);
        self.footnotes
            .iter()
            .position(|l| *l == label)
            .map(|i| i + 1)
    }
}

/// Ids the default theme's templates use: a heading must not take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "induct-children",
    "induct-contents",
    "induct-privacy",
];

/// Ids induct generates start with this (a scenario's feedback, the
/// theme's sections): a pinned id must not.
pub const RESERVED_PREFIX: &str = "induct-";

/// The anchor of footnote `n`'s definition.
pub fn footnote_id(n: usize) -> String {
    format!("fn-{n}")
}

/// The anchor of footnote `n`'s first reference (the back-link target).
pub fn footnote_ref_id(n: usize) -> String {
    format!("fnref-{n}")
}

/// A footnote label as pulldown-cmark matches it.
pub fn footnote_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A heading's text as an id: lower-case letters and digits, words joined by
/// single hyphens; apostrophes dropped (`Don't panic` → `dont-panic`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            hyphen = true;
        }
    }
    out
}

/// Scans `text[body_start..]` (a whole file's text, so positions are
/// positions in the file). `path` names the file in diagnostics.
pub fn scan(path: &str, text: &str, body_start: usize) -> (Scan, Vec<Diagnostic>) {
    let events = parse(text, body_start);
    scan_events(path, text, body_start, &events)
}

/// A page body's markdown events with their byte ranges in the body.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Parses the body of a page (`text[body_start..]`) once, for both
/// [`scan_events`] and rendering.
pub fn parse(text: &str, body_start: usize) -> Events<'_> {
    let body = text.get(body_start..).unwrap_or("");
    Parser::new_ext(body, MARKDOWN_OPTIONS)
        .into_offset_iter()
        .collect()
}

/// [`scan`] over events already parsed by [`parse`].
pub fn scan_events(
    path: &str,
    text: &str,
    body_start: usize,
    events: &[(Event<'_>, Range<usize>)],
) -> (Scan, Vec<Diagnostic>) {
    scan_events_reserving(path, text, body_start, events, &[])
}

/// [`scan_events`], with ids that headings without a pinned id must not
/// take (a scenario's step ids, which links use to reach the steps).
pub fn scan_events_reserving(
    path: &str,
    text: &str,
    body_start: usize,
    events: &[(Event<'_>, Range<usize>)],
    reserved: &[&str],
) -> (Scan, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let position = |offset: usize| lines.line_col(text, body_start + offset);

    struct Raw {
        level: u8,
        text: String,
        explicit: Option<String>,
        line: usize,
        col: usize,
    }
    let mut raw: Vec<Raw> = Vec::new();
    let mut current: Option<Raw> = None;
    let mut scan = Scan::default();
    let mut seen_footnotes = HashSet::new();
    let mut defined_footnotes = HashSet::new();
    let mut problems = Vec::new();

    for (event, range) in events {
        let image = matches!(event, Event::Start(Tag::Image { .. }));
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (line, col) = position(range.start);
                current = Some(Raw {
                    level: *level as u8,
                    text: String::new(),
                    explicit: id.as_ref().map(|i| i.to_string()),
                    line,
                    col,
                });
            }
            Event::End(TagEnd::Heading(_)) => raw.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(t);
                }
            }
            // `<psu@example.org>`: pulldown-cmark writes the `mailto:` itself.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, col) = position(range.start);
                scan.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    line,
                    col,
                    image,
                });
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if !lang.trim().is_empty() =>
            {
                scan.has_code = true;
            }
            Event::Start(Tag::FootnoteDefinition(label))
                if !defined_footnotes.insert(footnote_label(label)) =>
            {
                let (line, col) = position(range.start);
                problems.push(
                    Diagnostic::error(
                        "duplicate-footnote",
                        Some(Location::at(path, line, col)),
                        format!("the footnote `[^{label}]` is defined twice on this page"),
                    )
                    .with_help("give one of them a different label"),
                );
            }
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label))
                if seen_footnotes.insert(footnote_label(label)) =>
            {
                scan.footnotes.push(footnote_label(label));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (offset, value) in raw_html_links(html) {
                    if !super::links::is_external(value) && !value.starts_with('#') {
                        let (line, col) = position(range.start + offset);
                        problems.push(
                            Diagnostic::warning(
                                "raw-html-link",
                                Some(Location::at(path, line, col)),
                                format!("`{value}` in raw HTML is neither checked nor rewritten, so it may break"),
                            )
                            .with_help("write it as a markdown link or image, e.g. `[text](page.md)` or `![alt](picture.png)`"),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    used.extend((1..=scan.footnotes.len()).flat_map(|n| [footnote_id(n), footnote_ref_id(n)]));
    for h in &raw {
        if let Some(id) = &h.explicit {
            if RESERVED_IDS.contains(&id.as_str())
                || id.starts_with("fn-")
                || id.starts_with("fnref-")
                || id.starts_with(RESERVED_PREFIX)
            {
                problems.push(
                    Diagnostic::error(
                        "reserved-anchor",
                        Some(Location::at(path, h.line, h.col)),
                        format!(
                            "the id `{id}` is reserved {}",
                            if id.starts_with("fn") {
                                "for footnotes"
                            } else if id.starts_with(RESERVED_PREFIX) {
                                "for ids induct makes (`induct-…`)"
                            } else {
                                "for the page itself"
                            }
                        ),
                    )
                    .with_help("pin a different id, e.g. `{#main-points}`"),
                );
            } else if !used.insert(id.clone()) {
                problems.push(
                    Diagnostic::error(
                        "duplicate-anchor",
                        Some(Location::at(path, h.line, h.col)),
                        format!("the id `{id}` is used twice on this page"),
                    )
                    .with_help("give this heading a different `{#id}`"),
                );
            }
        }
    }
    used.extend(reserved.iter().map(|s| s.to_string()));
    let mut referenced: Vec<usize> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::FootnoteReference(label) => scan.footnote_number(label),
            _ => None,
        })
        .collect();
    referenced.sort_unstable();
    referenced.dedup();
    scan.referenced_footnotes = referenced;
    scan.headings = raw
        .into_iter()
        .map(|h| {
            let id = match h.explicit {
                Some(id) => id,
                None => unique(&mut used, slug(&h.text)),
            };
            Heading {
                level: h.level,
                text: h.text.trim().to_string(),
                id,
                line: h.line,
                col: h.col,
            }
        })
        .collect();
    (scan, problems)
}

/// The values of `href="…"` and `src="…"` attributes in raw HTML, with
/// their byte offsets in `html`.
fn raw_html_links(html: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for attr in [" href=", " src=", "\thref=", "\tsrc=", "\nhref=", "\nsrc="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let start = from + i + attr.len();
            from = start;
            let quote = match html.as_bytes().get(start) {
                Some(b'"') => '"',
                Some(b'\'') => '\'',
                _ => continue,
            };
            if let Some(len) = html[start + 1..].find(quote) {
                found.push((start + 1, &html[start + 1..start + 1 + len]));
            }
        }
    }
    found.sort_unstable();
    found
}

/// `base`, or `base-1`, `base-2`, … whichever is free; records it as used.
fn unique(used: &mut HashSet<String>, base: String) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 0;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(md: &str) -> Vec<String> {
        scan("a.md", md, 0)
            .0
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("On-call culture"), "on-call-culture");
        assert_eq!(slug("  What *is* the PSU?  "), "what-is-the-psu");
        assert_eq!(slug("Don’t panic"), "dont-panic");
        assert_eq!(slug("Gofal ŵyr"), "gofal-ŵyr");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn ids_are_unique_on_the_page() {
        assert_eq!(
            ids("## Notes\n## Notes\n## Notes\n"),
            ["notes", "notes-1", "notes-2"]
        );
    }

    #[test]
    fn pinned_ids_win_and_are_reserved() {
        assert_eq!(ids("## Notes\n## Other {#notes}\n"), ["notes-1", "notes"]);
        assert_eq!(ids("## Who to call {#call}\n"), ["call"]);
    }

    #[test]
    fn heading_text_includes_code_and_emphasis() {
        let (s, _) = scan("a.md", "## The `book.toml` *file*\n", 0);
        assert_eq!(s.headings[0].text, "The book.toml file");
        assert_eq!(s.headings[0].id, "the-book-toml-file");
    }

    #[test]
    fn duplicate_pinned_ids_are_errors() {
        let (_, problems) = scan("a.md", "## A {#x}\n\n## B {#x}\n", 0);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location, Some(Location::at("a.md", 3, 1)));
    }

    #[test]
    fn positions_are_file_positions() {
        let text = "---\ntitle: T\n---\n\nSee [x](y.md#z) and ![i](p.png).\n";
        let (s, _) = scan("a.md", text, 17);
        assert_eq!(s.links.len(), 2);
        assert_eq!((s.links[0].line, s.links[0].col), (5, 5));
        assert_eq!(s.links[0].dest, "y.md#z");
        assert!(s.links[1].image);
    }

    #[test]
    fn footnotes_are_numbered_and_checked() {
        let md =
            "A[^Note] b[^a b] c[^a-b].\n\n[^note]: N.\n\n[^a  B]: X.\n\n[^a-b]: Y.\n\n[^a-b]: Z.\n";
        let (s, problems) = scan("a.md", md, 0);
        assert_eq!(s.footnotes, ["note", "a b", "a-b"]);
        assert_eq!(s.footnote_number("NOTE"), Some(1));
        assert!(s.anchors().any(|a| a == "fn-3"));
        assert!(s.anchors().any(|a| a == "fnref-1"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "duplicate-footnote");
        assert_eq!(problems[0].location, Some(Location::at("a.md", 9, 1)));
    }

    #[test]
    fn only_referenced_footnotes_have_a_back_link_anchor() {
        let (s, _) = scan("a.md", "Text[^a].\n\n[^a]: A.\n\n[^b]: B.\n", 0);
        let anchors: Vec<String> = s.anchors().collect();
        assert_eq!(anchors, ["fn-1", "fn-2", "fnref-1"]);
    }

    #[test]
    fn template_and_footnote_ids_are_reserved() {
        assert_eq!(ids("## Main\n"), ["main-1"]);
        let (_, problems) = scan("a.md", "## X {#main}\n\n## Y {#fn-1}\n", 0);
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.code == "reserved-anchor"));
    }

    #[test]
    fn email_autolinks_are_not_internal_links() {
        let (s, _) = scan("a.md", "Mail <psu@example.org>.\n", 0);
        assert!(s.links.is_empty());
    }

    #[test]
    fn links_in_raw_html_are_warned_about() {
        let md = "Hi\n\n<img src=\"pic.png\"> <a href='#x'>x</a> <a href=\"https://x.org\">y</a>\n";
        let (_, problems) = scan("a.md", md, 0);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "raw-html-link");
        assert_eq!(problems[0].location, Some(Location::at("a.md", 3, 11)));
    }

    #[test]
    fn footnotes_and_code() {
        let (s, _) = scan(
            "a.md",
            "Hi[^note].\n\n[^note]: There.\n\n```rust\nfn x() {}\n```\n",
            0,
        );
        assert_eq!(s.footnotes, ["note"]);
        assert!(s.anchors().any(|a| a == "fn-1"));
        assert!(s.has_code);
        let (s, _) = scan("a.md", "```\nplain\n```\n", 0);
        assert!(!s.has_code);
    }
}
