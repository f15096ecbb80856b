//! Search: an index of the published site, written as static files the
//! theme's script (`induct.js`) reads, so search works offline and from disk.
//!
//! Each page gives sections of plain text (its introduction, then one per
//! heading of level 2–6; a scenario step, a support service). The build
//! writes `search/index.js` (pages, sections, the sorted vocabulary and, for
//! each stem, the sections holding a word of it — delta-encoded) and the
//! text for snippets in shards `search/text-N.js`, loaded only for the
//! results shown. Words are grouped by their Snowball stem (`rust-stemmers`,
//! chosen by `book.toml`'s language), so the reader's browser needs no
//! stemmer: a query word is looked up in the vocabulary and brings every
//! word of its stem. Every file is a script calling a function the theme
//! defines (`inductSearchIndex`, `inductSearchText`), not JSON to fetch, so
//! it loads from `file://` too.
//!
//! Only published pages are indexed: never a draft, a held-back story or a
//! scenario's facilitator overview (which repeats its steps).

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::config::Config;
use crate::load::support::Service;
use crate::model::anchors::{Events, Heading};
use crate::model::permalinks::SEARCH_FOLDER;
use crate::model::{PageKind, Site};

/// The index, relative to the site root.
pub const INDEX_FILE: &str = "search/index.js";

/// About how many bytes of text each shard of `search/text-N.js` holds.
const SHARD_BYTES: usize = 48 * 1024;

/// The one section of a page with no text: it is found by its title.
static NO_TEXT: Section = Section {
    heading: None,
    text: String::new(),
    words: Vec::new(),
};

/// Whether `word` is one of [`STOP_WORDS`].
fn is_stop_word(word: &str) -> bool {
    // A match compiles to a switch on length and a few comparisons.
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "how"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "our"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "to"
            | "was"
            | "we"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "why"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// Words left out of the index (and of a query with other words): too
/// common in English to tell pages apart. The list goes into the index, so
/// the theme's script leaves out the same ones.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "how", "if", "in",
    "into", "is", "it", "its", "of", "on", "or", "our", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "to", "was", "we", "what", "when", "where",
    "which", "who", "why", "will", "with", "you", "your",
];

/// One searchable part of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The heading it starts with (text, id); `None` for the part before
    /// the first heading, or for a page that is one section.
    pub heading: Option<(String, String)>,
    /// Its plain text, white space collapsed.
    pub text: String,
    /// The distinct words of its heading and text (worked out as the page
    /// renders, in parallel with the other pages), stop words left out.
    pub words: Vec<String>,
}

impl Section {
    /// A section with its words worked out.
    pub fn new(heading: Option<(String, String)>, text: String) -> Section {
        let mut section = Section {
            heading,
            text,
            words: Vec::new(),
        };
        section.find_words();
        section
    }

    fn find_words(&mut self) {
        let mut found: FxHashSet<Cow<'_, str>> =
            FxHashSet::with_capacity_and_hasher(self.text.len() / 12 + 4, Default::default());
        let heading = self.heading.as_ref().map_or("", |(h, _)| h.as_str());
        for part in [heading, self.text.as_str()] {
            words(part, |w| {
                found.insert(w);
            });
        }
        // In no order: the index sorts its vocabulary once.
        self.words = found
            .into_iter()
            .filter(|w| !is_stop_word(w))
            .map(Cow::into_owned)
            .collect();
    }
}

/// Splits a page's markdown `events` into sections at its headings of
/// level 2–6; `headings` are the scan's, in order (for their ids and text).
pub fn sections(events: &Events<'_>, headings: &[Heading]) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut headings = headings.iter();
    let mut in_heading = false;
    let mut in_html_block = false;
    for (event, _) in events {
        let Some(current) = out.last_mut() else { break };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let heading = headings.next();
                in_heading = true;
                if *level != HeadingLevel::H1 {
                    out.push(Section {
                        heading: heading.map(|h| (h.text.clone(), h.id.clone())),
                        ..Section::default()
                    });
                }
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::HtmlBlock) => in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Text(t) | Event::Code(t) if !in_heading && !in_html_block => {
                push_words(&mut current.text, t);
            }
            Event::SoftBreak | Event::HardBreak => push_words(&mut current.text, " "),
            Event::End(end) if !inline(end) => push_words(&mut current.text, " "),
            _ => {}
        }
    }
    for s in &mut out {
        let trimmed = s.text.trim_end().len();
        s.text.truncate(trimmed);
        s.find_words();
    }
    // An empty introduction before the first heading says nothing.
    if out.len() > 1 && out[0].text.is_empty() {
        out.remove(0);
    }
    out
}

/// The plain text of `events` as one section (a scenario step's body and
/// choices).
pub fn plain_text<'a>(events: impl IntoIterator<Item = &'a Event<'a>>) -> String {
    let mut text = String::new();
    let mut in_html_block = false;
    for event in events {
        match event {
            Event::Start(Tag::HtmlBlock) => in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Text(t) | Event::Code(t) if !in_html_block => push_words(&mut text, t),
            Event::SoftBreak | Event::HardBreak => push_words(&mut text, " "),
            Event::End(end) if !inline(end) => push_words(&mut text, " "),
            _ => {}
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text
}

/// Whether `end` closes inline markup (no space after it) rather than a
/// block (a paragraph, list item, table cell: a space).
fn inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Appends `s` to `text`, collapsing runs of white space to one space and
/// dropping it at the start.
fn push_words(text: &mut String, s: &str) {
    // Text events hold no line breaks (those are events of their own), so
    // a space at either end is all there is to fold.
    let starts = s.starts_with(char::is_whitespace);
    let trimmed = s.trim();
    if (starts || trimmed.is_empty()) && !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
    if trimmed.is_empty() {
        return;
    }
    text.push_str(trimmed);
    if s.ends_with(char::is_whitespace) {
        text.push(' ');
    }
}

/// The support directory's sections: its summary, then one per service,
/// under the service's heading (name and id).
pub fn support_sections(summary: Option<&str>, services: &[Service]) -> Vec<Section> {
    let mut out = vec![Section::new(None, summary.unwrap_or_default().to_string())];
    for s in services {
        let mut text = String::new();
        let contact = [
            s.contact.phone.as_deref(),
            s.contact.email.as_deref(),
            s.contact.url.as_deref(),
        ];
        let parts = [
            Some(s.offers.as_str()),
            Some(s.who.as_str()),
            Some(s.how.as_str()),
            Some(s.confidentiality.as_str()),
            Some(s.records.as_str()),
            s.hours.as_deref(),
            s.cost.as_deref(),
        ];
        for part in parts.into_iter().chain(contact).flatten() {
            push_words(&mut text, part);
            push_words(&mut text, " ");
        }
        for tag in &s.tags {
            push_words(&mut text, &tag.replace('-', " "));
            push_words(&mut text, " ");
        }
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        out.push(Section::new(Some((s.name.clone(), s.id.clone())), text));
    }
    out
}

/// Calls `f` with each word of `text`, lower-cased: a run of letters and
/// digits, apostrophes inside it dropped (`don't` → `dont`). Single
/// letters are left out; numbers of any length are kept (`999`, `111`).
/// The theme's script splits a query the same way. A word already in
/// lower case is passed as a slice of `text`, without copying; ASCII is
/// read byte by byte (this runs over every word of the course).
pub fn words<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    let bytes = text.as_bytes();
    let char_at = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    let is_word_char = |i: usize| match bytes.get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => char_at(i).is_some_and(char::is_alphanumeric),
        None => false,
    };
    let mut buf = String::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if !is_word_char(i) {
            i += char_at(i).map_or(1, char::len_utf8);
            continue;
        }
        let start = i;
        let mut plain = true;
        let mut count = 0;
        let mut numeric = false;
        buf.clear();
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                if !plain {
                    buf.push(char::from(b));
                }
                numeric |= b.is_ascii_digit();
                i += 1;
            } else if b.is_ascii_uppercase() {
                if plain {
                    plain = false;
                    buf.push_str(&text[start..i]);
                }
                buf.push(char::from(b.to_ascii_lowercase()));
                i += 1;
            } else if b.is_ascii() && b != b'\'' {
                break;
            } else {
                let Some(c) = char_at(i) else { break };
                let len = c.len_utf8();
                if c == '\'' || c == '\u{2019}' {
                    // Inside a word (a letter or digit follows): dropped.
                    if !is_word_char(i + len) {
                        break;
                    }
                    if plain {
                        plain = false;
                        buf.push_str(&text[start..i]);
                    }
                    i += len;
                    continue;
                }
                if !c.is_alphanumeric() {
                    break;
                }
                if c.is_uppercase() && plain {
                    plain = false;
                    buf.push_str(&text[start..i]);
                }
                if !plain {
                    buf.extend(c.to_lowercase());
                }
                numeric |= c.is_numeric();
                i += len;
            }
            count += 1;
        }
        if count > 1 || numeric {
            f(if plain {
                Cow::Borrowed(&text[start..i])
            } else {
                Cow::Owned(std::mem::take(&mut buf))
            });
        }
    }
}

/// The Snowball stemmer for the course's language (`en-GB` → English), or
/// none for a language Snowball has no stemmer for (words then match only
/// as written, or by prefix).
fn stemmer_for(language: &str) -> Option<Stemmer> {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    let algorithm = match primary.to_ascii_lowercase().as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Whether `page` belongs in the index.
pub fn indexed(site: &Site, page: usize) -> bool {
    let p = &site.pages[page];
    p.published
        && p.not_published.is_none()
        && p.held.is_none()
        && !matches!(p.kind, PageKind::Overview { .. })
}

/// The index as written: see the module's documentation.
#[derive(Serialize)]
struct Index<'a> {
    /// Format version.
    v: u32,
    /// The course's language, for the theme's fallback suffix stripping.
    lang: &'a str,
    /// Words not in the index: a query leaves them out.
    stop: &'a [&'a str],
    /// `[title, url, within, note]` per page: `url` relative to the site
    /// root, `within` the title of the page above it (or ""), `note` the
    /// content notes of a story or scenario (or "").
    pages: Vec<[&'a str; 4]>,
    /// `[page, heading, id]` per section, in the site's order.
    sections: Vec<(usize, &'a str, &'a str)>,
    /// Every word of the site, sorted.
    words: Vec<&'a str>,
    /// The stem (index into `postings`) of each word.
    stems: Vec<usize>,
    /// Per stem, the sections holding a word of it: ascending section
    /// numbers as differences from the previous one, in base 36, joined
    /// by spaces.
    postings: Vec<String>,
    /// The first section of each text shard (`text-N.js`).
    shards: Vec<usize>,
}

/// One text shard: the text of consecutive sections.
#[derive(Serialize)]
struct Shard<'a> {
    first: usize,
    texts: Vec<&'a str>,
}

/// The files of the index, `(path, contents)`, for the sections of every
/// indexed page (`entries`, in any order; pages not indexed are skipped).
pub fn files(
    config: &Config,
    site: &Site,
    entries: &[(usize, Vec<Section>)],
) -> Vec<(String, String)> {
    // The site's reading order: pages, then each scenario's steps after it.
    let position: HashMap<usize, usize> = site
        .order
        .iter()
        .flat_map(|&p| {
            let steps = site
                .scenario_of(p)
                .filter(|_| matches!(site.pages[p].kind, PageKind::Scenario { .. }))
                .map(|s| s.steps.iter().filter_map(|st| st.page).collect::<Vec<_>>())
                .unwrap_or_default();
            std::iter::once(p).chain(steps)
        })
        .enumerate()
        .map(|(i, p)| (p, i))
        .collect();
    let mut entries: Vec<&(usize, Vec<Section>)> =
        entries.iter().filter(|(p, _)| indexed(site, *p)).collect();
    entries.sort_by_key(|(p, _)| (position.get(p).copied().unwrap_or(usize::MAX), *p));
    entries.dedup_by_key(|(p, _)| *p);

    let mut pages = Vec::with_capacity(entries.len());
    let mut sections = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    // Each page's title counts as words of its first section.
    let titles: Vec<Vec<String>> = entries
        .iter()
        .map(|(p, _)| {
            let mut list = Vec::new();
            words(&site.pages[*p].title, |w| {
                if !is_stop_word(&w) {
                    list.push(w.into_owned());
                }
            });
            list
        })
        .collect();
    // Per word, the sections holding it (ascending).
    let mut by_word: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (page_number, (p, parts)) in entries.iter().enumerate() {
        let page = &site.pages[*p];
        let within = page.parent.map_or("", |up| site.pages[up].title.as_str());
        let note = site.content_notes(*p);
        pages.push((page, within, note.join(", ")));
        let first = sections.len();
        let parts = if parts.is_empty() {
            std::slice::from_ref(&NO_TEXT)
        } else {
            &parts[..]
        };
        for part in parts {
            let (heading, id) = part
                .heading
                .as_ref()
                .map_or(("", ""), |(t, i)| (t.as_str(), i.as_str()));
            let n = sections.len();
            sections.push((page_number, heading, id));
            texts.push(part.text.as_str());
            for w in &part.words {
                by_word.entry(w.as_str()).or_default().push(n);
            }
        }
        for w in &titles[page_number] {
            let list = by_word.entry(w.as_str()).or_default();
            if !list.contains(&first) {
                list.push(first);
            }
        }
    }

    // Group the words by stem.
    let stemmer = stemmer_for(&config.language);
    let mut vocabulary: Vec<&str> = by_word.keys().copied().collect();
    vocabulary.sort_unstable();
    let mut stem_ids: HashMap<String, usize> = HashMap::new();
    let mut stems = Vec::with_capacity(vocabulary.len());
    let mut stem_sections: Vec<Vec<usize>> = Vec::new();
    for w in &vocabulary {
        let stem = stemmer
            .as_ref()
            .map_or_else(|| (*w).to_string(), |s| s.stem(w).into_owned());
        let id = *stem_ids.entry(stem).or_insert_with(|| {
            stem_sections.push(Vec::new());
            stem_sections.len() - 1
        });
        stems.push(id);
        if let (Some(list), Some(words)) = (stem_sections.get_mut(id), by_word.get(w)) {
            list.extend_from_slice(words);
        }
    }
    let postings = stem_sections
        .into_iter()
        .map(|mut list| {
            list.sort_unstable();
            list.dedup();
            delta_base36(&list)
        })
        .collect();

    let mut shards = Vec::new();
    let mut shard_files = Vec::new();
    let mut start = 0;
    while start < texts.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < texts.len() && (end == start || bytes + texts[end].len() <= SHARD_BYTES) {
            bytes += texts[end].len();
            end += 1;
        }
        let shard = Shard {
            first: start,
            texts: texts[start..end].to_vec(),
        };
        shard_files.push((
            format!("{SEARCH_FOLDER}text-{}.js", shards.len()),
            script("inductSearchText", &shard),
        ));
        shards.push(start);
        start = end;
    }

    let index = Index {
        v: 1,
        lang: &config.language,
        stop: STOP_WORDS,
        pages: pages
            .iter()
            .map(|(page, within, note)| {
                [
                    page.title.as_str(),
                    page.url.as_str(),
                    *within,
                    note.as_str(),
                ]
            })
            .collect(),
        sections,
        words: vocabulary,
        stems,
        postings,
        shards,
    };
    let mut out = vec![(INDEX_FILE.to_string(), script("inductSearchIndex", &index))];
    out.extend(shard_files);
    out
}

/// `name(<json>);` — a script that hands `data` to the theme.
fn script(name: &str, data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".to_string());
    format!("/* induct search index: generated, do not edit */\nwindow.{name}&&window.{name}({json});\n")
}

/// Ascending numbers as differences from the previous one (the first from
/// zero), in base 36, joined by spaces: `[3, 4, 40]` → `"3 1 10"`.
fn delta_base36(list: &[usize]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    let mut last = 0;
    for (i, &n) in list.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_base36(&mut out, n - last);
        last = n;
    }
    out
}

fn push_base36(out: &mut String, mut n: usize) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Every published page, as nested lists from the home page down, with
/// links relative to `search/`: what the search page shows when it cannot
/// search (no JavaScript).
pub fn all_pages_html(site: &Site) -> String {
    let mut out = String::new();
    let home = &site.pages[site.home];
    out.push_str("<ul class=\"search-all-list\">\n<li><a href=\"../\">");
    out.push_str(&super::markdown::escape(&home.title));
    out.push_str("</a>");
    list_children(site, site.home, &mut out);
    out.push_str("</li>\n</ul>\n");
    out
}

fn list_children(site: &Site, page: usize, out: &mut String) {
    let children: Vec<usize> = site.pages[page]
        .children
        .iter()
        .copied()
        .filter(|&c| site.pages[c].published)
        .collect();
    if children.is_empty() {
        return;
    }
    out.push_str("\n<ul>\n");
    for c in children {
        out.push_str("<li><a href=\"");
        out.push_str(&super::markdown::escape(&crate::model::links::relative(
            SEARCH_FOLDER,
            &site.pages[c].url,
        )));
        out.push_str("\">");
        out.push_str(&super::markdown::escape(&site.pages[c].title));
        out.push_str("</a>");
        list_children(site, c, out);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// The words of `text` as the theme's script splits them, for tests.
#[cfg(test)]
fn split(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w| out.push(w.into_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_runs_of_letters_and_digits() {
        assert_eq!(
            split("Don't panic: call NHS 111, or 999 — a Trainee’s PSU."),
            ["dont", "panic", "call", "nhs", "111", "or", "999", "trainees", "psu"]
        );
        assert_eq!(split("'quoted' it's"), ["quoted", "its"]);
        assert_eq!(
            split("Ärzte ÜBER straße x 7 a"),
            ["ärzte", "über", "straße", "7"]
        );
        assert_eq!(split("end’ rock'n'roll ’tis"), ["end", "rocknroll", "tis"]);
    }

    #[test]
    fn sections_split_at_headings_below_the_title() {
        let md = "# Title\n\nIntro *text*.\n\n## Who to call\n\nCall `999`.\nThen rest.\n\n<div>html</div>\n\n### Later\n\nMore.\n";
        let events = crate::model::anchors::parse(md, 0);
        let (scan, _) = crate::model::anchors::scan_events(
            "x.md",
            &crate::model::anchors::Body::new(md, 0),
            &events,
        );
        let s = sections(&events, &scan.headings);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].heading, None);
        assert_eq!(s[0].text, "Intro text.");
        assert_eq!(
            s[1].heading,
            Some(("Who to call".to_string(), "who-to-call".to_string()))
        );
        assert_eq!(s[1].text, "Call 999. Then rest.");
        assert_eq!(s[2].text, "More.");
    }

    #[test]
    fn the_stop_word_list_and_its_test_agree() {
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert_eq!(
            STOP_WORDS.len(),
            46,
            "a word added to one must be added to the other"
        );
        assert!(!is_stop_word("help"));
    }

    #[test]
    fn postings_are_delta_encoded_in_base_36() {
        assert_eq!(delta_base36(&[3, 4, 40, 1300]), "3 1 10 z0");
        assert_eq!(delta_base36(&[]), "");
    }

    #[test]
    fn the_stemmer_follows_the_course_language() {
        let en = stemmer_for("en-GB").map(|s| s.stem("supporting").into_owned());
        assert_eq!(en.as_deref(), Some("support"));
        assert!(stemmer_for("cy").is_none());
    }
}
