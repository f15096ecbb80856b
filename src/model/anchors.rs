//! Scanning a page's markdown for what other stages need to know without
//! rendering it: its headings and their ids, its footnotes, its links, and
//! whether it has code to highlight.
//!
//! Heading ids are decided here, once, and rendering uses the ids this scan
//! gives in document order — so the anchors links are checked against are
//! exactly the anchors the HTML carries.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::error::LineIndex;

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
    /// The number of each label in `footnotes`, to find it without a search.
    pub footnote_numbers: HashMap<String, usize>,
    /// Numbers of the footnotes that are referenced (only those get a
    /// `fnref-n` anchor to link back to).
    pub referenced_footnotes: Vec<usize>,
    pub links: Vec<LinkRef>,
    /// True when a fenced code block names a language (so syntax
    /// highlighting and its stylesheet are needed).
    pub has_code: bool,
    /// The language named by each fenced code block that names one, with
    /// where the block starts, for the check of languages.
    pub code: Vec<CodeBlock>,
    /// What is wrong in the markdown, in document order (footnotes and raw
    /// HTML first, then pinned heading ids), for the check stage to report.
    pub noticed: Vec<Noticed>,
}

/// Something a scan noticed that the check stage reports
/// ([`crate::check::markdown`]): each with its line and column in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Noticed {
    /// The footnote `label` (as written) is defined again here.
    DuplicateFootnote {
        label: String,
        line: usize,
        col: usize,
    },
    /// `value`, an `href` or `src` in raw HTML to something in the site.
    RawHtmlLink {
        value: String,
        line: usize,
        col: usize,
    },
    /// A heading pins `id`, which is reserved.
    ReservedAnchor { id: String, line: usize, col: usize },
    /// A heading pins `id`, which the page uses already.
    DuplicateAnchor { id: String, line: usize, col: usize },
}

/// A fenced code block that names a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The first word of the fence's info string (`rust` for ```` ```rust ````).
    pub lang: String,
    pub line: usize,
    pub col: usize,
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
        self.footnote_numbers.get(&footnote_label(label)).copied()
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

/// A name as a file name or support id: [`slug`] of the name with its
/// accents folded, so it is plain ASCII (`Café début` → `cafe-debut`,
/// `Ysbyty Gwynedd – ŵyr` → `ysbyty-gwynedd-wyr`). A letter with no plain
/// Latin form separates words like punctuation; a name of such letters
/// only gives an empty slug.
pub fn ascii_slug(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            c if c.is_ascii() => folded.push(c),
            // Apostrophes: [`slug`] drops them.
            '\u{2019}' => folded.push(c),
            // Combining accents (a letter written as `e` + `\u{301}`).
            '\u{300}'..='\u{36f}' => {}
            c => match fold_accent(c) {
                Some(plain) => folded.push_str(plain),
                None => folded.push(' '),
            },
        }
    }
    slug(&folded)
}

/// The plain Latin letters of an accented lower-case letter of the
/// languages of the UK and Ireland and their neighbours (Welsh ŵ ŷ ẁ ỳ,
/// Irish and Scottish Gaelic vowels, French, German, Spanish, Polish,
/// Nordic, Vietnamese ơ ư…): for file names, and for the identifier scan,
/// where "Grażyna" and "Grazyna" are one name.
pub fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' => "u",
        'ŵ' | 'ẁ' | 'ẃ' | 'ẅ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Scans `text[body_start..]` (a whole file's text, so positions are
/// positions in the file).
pub fn scan(text: &str, body_start: usize) -> Scan {
    let events = parse(text, body_start);
    scan_events(&Body::new(text, body_start), &events)
}

/// A page body's markdown events with their byte ranges in the body.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Parses the body of a page (`text[body_start..]`) once, for both
/// [`scan_events`] and rendering.
pub fn parse(text: &str, body_start: usize) -> Events<'_> {
    let body = text.get(body_start..).unwrap_or("");
    // About one event per 20 bytes of prose: made at about its final size,
    // the list of a page of usual length is not moved again and again as
    // it grows (a long page's grows from there as before).
    let mut events = Vec::with_capacity((body.len() / 16 + 16).min(1 << 16));
    events.extend(Parser::new_ext(body, MARKDOWN_OPTIONS).into_offset_iter());
    events
}

/// The markdown body of a file, to turn the byte ranges of its events
/// into lines and columns of the whole file. Its line index is made once
/// per file: a scenario's pages all come from one file, and each would
/// otherwise index the whole file again.
pub struct Body<'a> {
    /// The whole file.
    pub text: &'a str,
    /// Byte offset where the body starts, after the front matter.
    pub start: usize,
    lines: LineIndex,
}

impl<'a> Body<'a> {
    pub fn new(text: &'a str, start: usize) -> Self {
        Body {
            text,
            start,
            lines: LineIndex::new(text),
        }
    }

    /// Line and column in the file of byte `offset` of the body.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(self.text, self.start + offset)
    }
}

/// [`scan`] over events already parsed by [`parse`].
pub fn scan_events(body: &Body<'_>, events: &[(Event<'_>, Range<usize>)]) -> Scan {
    scan_events_reserving(body, events, &HashSet::new())
}

/// [`scan_events`], with ids that headings without a pinned id must not
/// take (a scenario's step ids, which links use to reach the steps).
pub fn scan_events_reserving(
    body: &Body<'_>,
    events: &[(Event<'_>, Range<usize>)],
    reserved: &HashSet<&str>,
) -> Scan {
    let position = |offset: usize| body.position(offset);

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
    let mut defined_footnotes = HashSet::new();
    let mut noticed = Vec::new();

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
                let (line, col) = position(range.start);
                scan.code.push(CodeBlock {
                    lang: lang.split_whitespace().next().unwrap_or("").to_string(),
                    line,
                    col,
                });
            }
            Event::Start(Tag::FootnoteDefinition(label))
                if !defined_footnotes.insert(footnote_label(label)) =>
            {
                let (line, col) = position(range.start);
                noticed.push(Noticed::DuplicateFootnote {
                    label: label.to_string(),
                    line,
                    col,
                });
            }
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label))
                if !scan.footnote_numbers.contains_key(&footnote_label(label)) =>
            {
                let label = footnote_label(label);
                scan.footnote_numbers
                    .insert(label.clone(), scan.footnotes.len() + 1);
                scan.footnotes.push(label);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (offset, value) in raw_html_links(html) {
                    if !super::links::is_external(value) && !value.starts_with('#') {
                        let (line, col) = position(range.start + offset);
                        noticed.push(Noticed::RawHtmlLink {
                            value: value.to_string(),
                            line,
                            col,
                        });
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
                noticed.push(Noticed::ReservedAnchor {
                    id: id.clone(),
                    line: h.line,
                    col: h.col,
                });
            } else if !used.insert(id.clone()) {
                noticed.push(Noticed::DuplicateAnchor {
                    id: id.clone(),
                    line: h.line,
                    col: h.col,
                });
            }
        }
    }
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
    let mut next = HashMap::new();
    scan.headings = raw
        .into_iter()
        .map(|h| {
            let id = match h.explicit {
                Some(id) => id,
                None => unique(&mut used, reserved, &mut next, slug(&h.text)),
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
    scan.noticed = noticed;
    // The site holds every page's scan until the last page is rendered:
    // no spare room in its lists.
    scan.headings.shrink_to_fit();
    scan.links.shrink_to_fit();
    scan.code.shrink_to_fit();
    scan.footnotes.shrink_to_fit();
    scan.noticed.shrink_to_fit();
    scan
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

/// `base`, or `base-1`, `base-2`, … whichever is neither used nor
/// reserved; records it as used. `next` holds, for each base, the suffix
/// its last search stopped at: every id before it is taken, and ids are
/// never freed, so the search goes on from there. A page of many headings
/// with the same text then costs a step per heading, not a step per
/// heading before it.
fn unique(
    used: &mut HashSet<String>,
    reserved: &HashSet<&str>,
    next: &mut HashMap<String, usize>,
    base: String,
) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let n = next.entry(base.clone()).or_insert(0);
    let mut id = match *n {
        0 => base.clone(),
        n => format!("{base}-{n}"),
    };
    while used.contains(&id) || reserved.contains(id.as_str()) {
        *n += 1;
        id = format!("{base}-{n}");
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Code, Diagnostic, Location};

    /// What a scan of `text` finds, and the problems the check stage makes
    /// of what it noticed (`path` names the file).
    fn scan(path: &str, text: &str, body_start: usize) -> (Scan, Vec<Diagnostic>) {
        let scan = super::scan(text, body_start);
        let problems = crate::check::markdown::noticed(path, &scan.noticed);
        (scan, problems)
    }

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
    fn ascii_slugs_for_file_names() {
        assert_eq!(ascii_slug("Night shift"), "night-shift");
        assert_eq!(ascii_slug("Café début"), "cafe-debut");
        // The same letters written as a letter and a combining accent.
        assert_eq!(ascii_slug("Cafe\u{301} de\u{301}but"), "cafe-debut");
        assert_eq!(ascii_slug("Ysbyty Gwynedd – ŵyr"), "ysbyty-gwynedd-wyr");
        assert_eq!(ascii_slug("ŵ ŷ â ê î ô û ë ï"), "w-y-a-e-i-o-u-e-i");
        assert_eq!(ascii_slug("ŴYR Ŷ ÂÊÎÔÛËÏ"), "wyr-y-aeiouei");
        assert_eq!(ascii_slug("Siobhán Ní Bhriain"), "siobhan-ni-bhriain");
        assert_eq!(ascii_slug("Straße, Łódź & Ærø"), "strasse-lodz-aero");
        assert_eq!(
            ascii_slug("“I’m fine!” (a rota, 2 a.m.) — what now?"),
            "im-fine-a-rota-2-a-m-what-now"
        );
        assert_eq!(ascii_slug("Don't panic"), "dont-panic");
        assert_eq!(ascii_slug("Ψ clinic"), "clinic");
        assert_eq!(ascii_slug("—!?"), "");
        assert_eq!(ascii_slug("Ψυχή"), "");
    }

    #[test]
    fn ids_are_unique_on_the_page() {
        assert_eq!(
            ids("## Notes\n## Notes\n## Notes\n"),
            ["notes", "notes-1", "notes-2"]
        );
    }

    #[test]
    fn numbered_ids_skip_pinned_ids_and_real_text() {
        // A pinned `notes-1` before: the second "Notes" goes past it.
        assert_eq!(
            ids("## Other {#notes-1}\n## Notes\n## Notes\n"),
            ["notes-1", "notes", "notes-2"]
        );
        // "Notes 1" as real text after two "Notes": it takes the next free.
        assert_eq!(
            ids("## Notes\n## Notes\n## Notes 1\n## Notes\n"),
            ["notes", "notes-1", "notes-1-1", "notes-2"]
        );
        // "Notes 1" as real text first: the "Notes" after it go past it.
        assert_eq!(
            ids("## Notes 1\n## Notes\n## Notes\n## Notes 1\n"),
            ["notes-1", "notes", "notes-2", "notes-1-1"]
        );
        assert_eq!(
            ids("## !!!\n## ???\n## Section\n"),
            ["section", "section-1", "section-2"]
        );
    }

    /// Heading ids as a search from `base` through `base-1`, `base-2`, …
    /// for each heading would give them: what [`unique`] must agree with.
    fn ids_by_search(headings: &[(&str, Option<&str>, &str)]) -> Vec<String> {
        let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
        used.extend(
            headings
                .iter()
                .filter_map(|(_, pinned, _)| pinned.map(str::to_string)),
        );
        let mut out = Vec::new();
        for (_, pinned, slug) in headings {
            let id = match pinned {
                Some(id) => id.to_string(),
                None => {
                    let base = if slug.is_empty() { "section" } else { slug };
                    let mut id = base.to_string();
                    let mut n = 0;
                    while used.contains(&id) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    id
                }
            };
            used.insert(id.clone());
            out.push(id);
        }
        out
    }

    #[test]
    fn ids_are_those_of_a_search_from_the_start_in_any_order() {
        // (markdown, pinned id, slug of the text)
        let kinds: [(&str, Option<&str>, &str); 8] = [
            ("## Notes", None, "notes"),
            ("## Notes 1", None, "notes-1"),
            ("## Notes 1 1", None, "notes-1-1"),
            ("## Notes 2", None, "notes-2"),
            ("## Other {#notes-1}", Some("notes-1"), "other"),
            ("## Other {#notes-3}", Some("notes-3"), "other"),
            ("## !!!", None, ""),
            ("## Section 1", None, "section-1"),
        ];
        let n = kinds.len();
        for code in 0..n.pow(4) {
            let headings: Vec<_> = (0..4).map(|place| kinds[code / n.pow(place) % n]).collect();
            let md: String = headings
                .iter()
                .map(|(m, _, _)| format!("{m}\n\n"))
                .collect();
            assert_eq!(ids(&md), ids_by_search(&headings), "{md}");
        }
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
        assert_eq!(problems[0].code, Code::DuplicateFootnote);
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
        assert!(problems.iter().all(|p| p.code == Code::ReservedAnchor));
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
        assert_eq!(problems[0].code, Code::RawHtmlLink);
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
