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
use std::sync::Mutex;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::Content;
use crate::config::Config;
use crate::error::Error;
use crate::load::support::Service;
use crate::model::anchors::{Events, Heading};
use crate::model::permalinks::SEARCH_FOLDER;
use crate::model::{PageKind, Site};

/// The index, relative to the site root.
pub const INDEX_FILE: &str = "search/index.js";

/// About how many bytes of text each shard of `search/text-N.js` holds.
const SHARD_BYTES: usize = 48 * 1024;

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

/// One searchable part of a page, as its markdown pass gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The heading it starts with (text, id); `None` for the part before
    /// the first heading, or for a page that is one section.
    pub heading: Option<(String, String)>,
    /// Its plain text, white space collapsed.
    pub text: String,
}

impl Section {
    pub fn new(heading: Option<(String, String)>, text: String) -> Section {
        Section { heading, text }
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
        let mut numeric = false;
        // Most words are lower-case ASCII letters and digits, ended by
        // ASCII that is not part of a word: such a word is passed on as
        // soon as its end is found.
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_lowercase() {
                i += 1;
            } else if b.is_ascii_digit() {
                numeric = true;
                i += 1;
            } else {
                break;
            }
        }
        let mut count = i - start;
        let ends = bytes
            .get(i)
            .is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\'');
        if ends {
            if count > 1 || numeric {
                f(Cow::Borrowed(&text[start..i]));
            }
            continue;
        }
        // Any other word: read on from where the run of plain letters ended.
        let mut plain = true;
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

/// The index as written (see the module's documentation): the fields
/// `index_script` writes, in their order. A test reads a written index into
/// it and has serde_json write it again, to the same bytes.
#[cfg(test)]
#[derive(Serialize, serde::Deserialize)]
struct Index {
    /// Format version.
    v: u32,
    /// The course's language, for the theme's fallback suffix stripping.
    lang: String,
    /// Words not in the index: a query leaves them out.
    stop: Vec<String>,
    /// `[title, url, within, note]` per page: `url` relative to the site
    /// root, `within` the title of the page above it (or ""), `note` the
    /// content notes of a story or scenario (or "").
    pages: Vec<[String; 4]>,
    /// `[page, heading, id]` per section, in the site's order, or
    /// `[page, heading]` when the id is the heading's `derived_id`.
    sections: Vec<serde_json::Value>,
    /// Every word of the site, sorted.
    words: Vec<String>,
    /// The stem (index into `postings`) of each word.
    stems: Vec<usize>,
    /// Per stem, the sections holding a word of it: ascending section
    /// numbers as differences from the previous one, in base 32 with the
    /// digits of `DIGITS` (see `delta_base32`).
    postings: Vec<String>,
    /// The first section of each text shard (`text-N.js`).
    shards: Vec<usize>,
}

/// A section of the index: its page's number, its heading and its id.
struct IndexSection<'a>(usize, &'a str, &'a str);

impl Serialize for IndexSection<'_> {
    /// `[page, heading]` when the theme's script can make the id from the
    /// heading (most headings), else `[page, heading, id]`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let own = !derived_id(self.1, self.2);
        let mut seq = serializer.serialize_seq(Some(if own { 3 } else { 2 }))?;
        seq.serialize_element(&self.0)?;
        seq.serialize_element(self.1)?;
        if own {
            seq.serialize_element(self.2)?;
        }
        seq.end()
    }
}

/// Whether `id` is what the theme's script derives from an ASCII
/// `heading` when a section has no id of its own: its runs of letters and
/// digits, lower-cased, joined by `-` (`heading.toLowerCase()
/// .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")`). An introduction's
/// `("", "")` is derived too.
fn derived_id(heading: &str, id: &str) -> bool {
    if !heading.is_ascii() {
        return false;
    }
    let mut runs = heading
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty());
    let mut rest = id;
    let mut first = true;
    loop {
        match runs.next() {
            None => return rest.is_empty(),
            Some(run) => {
                if !first {
                    match rest.strip_prefix('-') {
                        Some(r) => rest = r,
                        None => return false,
                    }
                }
                first = false;
                match rest.get(..run.len()) {
                    Some(head) if head.bytes().eq(run.bytes().map(|b| b.to_ascii_lowercase())) => {
                        rest = &rest[run.len()..];
                    }
                    _ => return false,
                }
            }
        }
    }
}

/// One text shard: the text of consecutive sections, as a JSON list
/// (`texts`) or, in a build, that list's JSON deflated and in base 64
/// (`z`), which the theme's script inflates with the browser's
/// `DecompressionStream`: the text is most of the index's bytes, and
/// compresses to about a third. The preview, whose files go over loopback
/// and are remade at each save, writes the list as it is.
#[derive(Serialize)]
struct Shard<'a> {
    first: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    texts: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    z: Option<String>,
}

/// How many shards are packed at once, on all cores, before they are
/// written: enough to keep the cores busy, few enough that the packed
/// bytes waiting to be written stay small.
const SHARDS_AT_ONCE: usize = 64;

/// The text of every indexed page, gathered as the pages render (from
/// many threads at once) and kept compactly until the index is written:
/// each section's text once, and its words as numbers into one vocabulary
/// shared by the whole site, not as strings of their own. A build's
/// collector ([`Collector::streaming`]) hands back each text shard as soon
/// as every page before its end is in, and keeps no text it has handed back.
#[derive(Default)]
pub struct Collector {
    collected: Mutex<Collected>,
}

impl Collector {
    /// A collector that hands back each text shard once it is complete, so
    /// that a build holds the text of only the pages not yet in a shard.
    pub fn streaming(site: &Site) -> Collector {
        let mut seen = FxHashSet::default();
        let sequence = reading_order(site)
            .filter(|&p| indexed(site, p) && seen.insert(p))
            .collect();
        Collector {
            collected: Mutex::new(Collected {
                stream: Some(Stream {
                    sequence,
                    done: 0,
                    shards: Shards::default(),
                }),
                ..Collected::default()
            }),
        }
    }

    /// Takes the sections of `page` (nothing when it is not indexed); its
    /// words are found before the vocabulary is locked. Returns the text
    /// shards it completes (none unless the collector is streaming).
    pub fn add(&self, site: &Site, page: usize, sections: Vec<Section>) -> Vec<ShardTexts> {
        let mut ready = Vec::new();
        add_with(site, page, sections, || {
            Ready(
                self.collected.lock().unwrap_or_else(|e| e.into_inner()),
                &mut ready,
            )
        });
        ready
    }

    /// What has been collected so far.
    pub fn collected(&self) -> std::sync::MutexGuard<'_, Collected> {
        self.collected.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn into_collected(self) -> Collected {
        self.collected
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// The collection locked, and where the shards it completes go.
struct Ready<'a, 'b>(
    std::sync::MutexGuard<'a, Collected>,
    &'b mut Vec<ShardTexts>,
);

impl std::ops::Deref for Ready<'_, '_> {
    type Target = Collected;
    fn deref(&self) -> &Collected {
        &self.0
    }
}

impl std::ops::DerefMut for Ready<'_, '_> {
    fn deref_mut(&mut self) -> &mut Collected {
        &mut self.0
    }
}

impl Drop for Ready<'_, '_> {
    /// Once a page is kept, the shards the pages so far complete are cut.
    fn drop(&mut self) {
        let collected: &mut Collected = &mut self.0;
        if let Some(stream) = collected.stream.as_mut() {
            while let Some(stored) = stream
                .sequence
                .get(stream.done)
                .and_then(|p| collected.pages.get_mut(p))
            {
                for part in stored.iter_mut() {
                    let text = std::mem::take(&mut part.text).into_string();
                    self.1.extend(stream.shards.push(Cow::Owned(text)));
                }
                stream.done += 1;
            }
        }
    }
}

/// What [`Collector`] gathered: the vocabulary and each indexed page's
/// sections. The preview keeps it, to write the index again when one
/// page's text changes.
#[derive(Default)]
pub struct Collected {
    /// Every word met, with its number.
    ids: FxHashMap<Box<str>, u32>,
    /// Each indexed page's sections (at least one: a page with no text is
    /// found by its title).
    pages: FxHashMap<usize, Vec<Stored>>,
    /// A build's shards handed back so far.
    stream: Option<Stream>,
    /// What the preview's last writing of the index left, to write it
    /// again from the pages added since (never in a build).
    assembled: Option<Assembled>,
    /// The pages added since `assembled` was made.
    changed: FxHashMap<usize, Changed>,
}

/// The text shards a streaming [`Collector`] has cut.
struct Stream {
    /// The indexed pages in the index's order.
    sequence: Vec<usize>,
    /// How many of `sequence` have their text in `shards` (and no longer
    /// in their [`Stored`]).
    done: usize,
    shards: Shards<'static>,
}

/// One text shard: its number, its first section and its texts.
pub type ShardTexts = (usize, usize, Vec<Cow<'static, str>>);

/// The text shards as they fill, in the index's order: each holds about
/// [`SHARD_BYTES`] of text, and at least one section's.
#[derive(Default)]
struct Shards<'a> {
    /// The first section of each shard cut so far.
    firsts: Vec<usize>,
    /// The texts of the shard being filled.
    texts: Vec<Cow<'a, str>>,
    bytes: usize,
    /// How many sections have been added.
    sections: usize,
}

impl<'a> Shards<'a> {
    /// Adds the next section's text; returns the shard it closes, if any.
    fn push(&mut self, text: Cow<'a, str>) -> Option<(usize, usize, Vec<Cow<'a, str>>)> {
        let full =
            (!self.texts.is_empty() && self.bytes + text.len() > SHARD_BYTES).then(|| self.cut());
        self.bytes += text.len();
        self.texts.push(text);
        self.sections += 1;
        full
    }

    /// Closes the shard being filled.
    fn cut(&mut self) -> (usize, usize, Vec<Cow<'a, str>>) {
        let first = self.sections - self.texts.len();
        self.firsts.push(first);
        self.bytes = 0;
        (
            self.firsts.len() - 1,
            first,
            std::mem::take(&mut self.texts),
        )
    }

    /// These shards as they stand, their texts borrowed.
    fn resumed(&self) -> Shards<'_> {
        Shards {
            firsts: self.firsts.clone(),
            texts: self
                .texts
                .iter()
                .map(|t| Cow::Borrowed(t.as_ref()))
                .collect(),
            bytes: self.bytes,
            sections: self.sections,
        }
    }
}

/// A section as kept for the index.
struct Stored {
    heading: Option<Box<(Box<str>, Box<str>)>>,
    /// Empty once a streaming collector has put it in a shard.
    text: Box<str>,
    /// Its distinct words (those of the page's title too, for a page's
    /// first section), stop words left out.
    words: Box<[u32]>,
}

impl Collected {
    /// Takes the sections of `page` in place of any it had.
    pub fn add(&mut self, site: &Site, page: usize, sections: Vec<Section>) {
        add_with(site, page, sections, || self);
    }

    fn intern(&mut self, word: Cow<'_, str>) -> u32 {
        if let Some(&id) = self.ids.get(word.as_ref()) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(word.into_owned().into_boxed_str(), id);
        id
    }
}

/// The site's reading order for the index: pages, then each scenario's
/// steps after it.
fn reading_order(site: &Site) -> impl Iterator<Item = usize> + '_ {
    site.order.iter().flat_map(move |&p| {
        let steps = site
            .scenario_of(p)
            .filter(|_| matches!(site.pages[p].kind, PageKind::Scenario { .. }))
            .map(|s| s.steps.iter().filter_map(|st| st.page).collect::<Vec<_>>())
            .unwrap_or_default();
        std::iter::once(p).chain(steps)
    })
}

/// The files of text shards a streaming [`Collector`] handed back, as
/// `(path, contents)`; `pack` deflates their texts (see `Shard`).
pub fn shard_files(shards: Vec<ShardTexts>, pack: bool) -> Vec<(String, Vec<u8>)> {
    shards
        .into_iter()
        .map(|(number, first, texts)| {
            let texts: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
            (shard_path(number), shard_file(first, &texts, pack))
        })
        .collect()
}

fn shard_path(number: usize) -> String {
    format!("{SEARCH_FOLDER}text-{number}.js")
}

/// Finds the words of each of `page`'s sections, then takes the
/// vocabulary from `lock` only to number them and keep the page.
fn add_with<C: std::ops::DerefMut<Target = Collected>>(
    site: &Site,
    page: usize,
    mut sections: Vec<Section>,
    lock: impl FnOnce() -> C,
) {
    if !indexed(site, page) {
        return;
    }
    if sections.is_empty() {
        sections.push(Section::default());
    }
    // Each distinct word of the page is numbered once within the page, so
    // that the shared vocabulary is looked up once per word of the page
    // rather than once per section holding it.
    let length: usize = sections.iter().map(|s| s.text.len()).sum();
    let mut local: FxHashMap<Cow<'_, str>, u32> =
        FxHashMap::with_capacity_and_hasher(length / 12 + 4, Default::default());
    // Per word of the page, the last section (counted from 1) holding it.
    let mut last: Vec<u32> = Vec::new();
    let mut found: Vec<Vec<u32>> = Vec::with_capacity(sections.len());
    let mut note = |found: &mut Vec<Vec<u32>>, w| note_word(&mut local, &mut last, found, w);
    for s in &sections {
        found.push(Vec::with_capacity(s.text.len() / 12 + 4));
        let heading = s.heading.as_ref().map_or("", |(h, _)| h.as_str());
        for part in [heading, s.text.as_str()] {
            words(part, |w| note(&mut found, w));
        }
    }
    // The page's title counts as words of its first section.
    let rest = found.split_off(1);
    words(&site.pages[page].title, |w| note(&mut found, w));
    found.extend(rest);
    let mut collected = lock();
    let mut global = vec![0u32; local.len()];
    for (w, id) in local {
        if let Some(slot) = global.get_mut(id as usize) {
            *slot = collected.intern(w);
        }
    }
    let numbered: Vec<Box<[u32]>> = found
        .into_iter()
        .map(|words| {
            let mut ids: Vec<u32> = words
                .into_iter()
                .filter_map(|w| global.get(w as usize).copied())
                .collect();
            ids.sort_unstable();
            // A word of the title may be in the first section already.
            ids.dedup();
            ids.into_boxed_slice()
        })
        .collect();
    let stored = sections
        .into_iter()
        .zip(numbered)
        .map(|(s, words)| Stored {
            heading: s
                .heading
                .map(|(h, id)| Box::new((h.into_boxed_str(), id.into_boxed_str()))),
            text: s.text.into_boxed_str(),
            words,
        })
        .collect();
    let before = collected.pages.insert(page, stored);
    if collected.assembled.is_some() {
        // Whether the text shards hold something else now.
        let now = collected.pages.get(&page).map_or(&[][..], Vec::as_slice);
        let same = |before: &[Stored]| {
            before.len() == now.len()
                && before
                    .iter()
                    .zip(now)
                    .all(|(b, n)| b.heading == n.heading && b.text == n.text)
        };
        let other = !before.as_deref().is_some_and(same);
        let headings = !before.as_deref().is_some_and(|before| {
            before.len() == now.len() && before.iter().zip(now).all(|(b, n)| b.heading == n.heading)
        });
        let words = || Changed {
            words: before
                .into_iter()
                .flatten()
                .map(|part| part.words)
                .collect(),
            text: false,
            headings: false,
        };
        let change = collected.changed.entry(page).or_insert_with(words);
        change.text |= other;
        change.headings |= headings;
    }
}

/// A page added to a [`Collected`] since its index was written.
struct Changed {
    /// The words of its sections then.
    words: Vec<Box<[u32]>>,
    /// Its sections' headings or text differ from those then.
    text: bool,
    /// Its sections' headings do.
    headings: bool,
}

/// Notes the word `w` of a page in its last section of `found`, as its
/// number in the page's words `local` (numbered as met); `last` holds, per
/// word, the last section (counted from 1) it was noted in.
fn note_word<'a>(
    local: &mut FxHashMap<Cow<'a, str>, u32>,
    last: &mut Vec<u32>,
    found: &mut [Vec<u32>],
    w: Cow<'a, str>,
) {
    if is_stop_word(&w) {
        return;
    }
    let next = u32::try_from(local.len()).unwrap_or(u32::MAX);
    let id = *local.entry(w).or_insert(next);
    let section = u32::try_from(found.len()).unwrap_or(u32::MAX);
    if id == next {
        last.push(section);
    } else if let Some(seen) = last.get_mut(id as usize) {
        if *seen == section {
            return;
        }
        *seen = section;
    }
    if let Some(words) = found.last_mut() {
        words.push(id);
    }
}

/// Writes the files of the index through `put(path, contents)`: the text
/// shards as they are made, then `search/index.js`.
///
/// The preview's collection (one that is not streaming) keeps what this
/// made (`Assembled`), so that writing the index again after a save that
/// changed only some pages' text — every indexed page still in its place,
/// with as many sections as before, so every section keeps its number —
/// looks again only at those pages' words, lists again only the stems they
/// gain or lose a section in, and makes again only the text shards holding
/// their sections or cut elsewhere than before. Anything else (a page
/// added, removed or moved, a section added) makes everything again, as a
/// build does: the files are the same either way.
pub fn files(
    config: &Config,
    site: &Site,
    collected: &mut Collected,
    put: &mut (dyn FnMut(String, Content) -> Result<(), Error> + Send),
) -> Result<(), Error> {
    let Collected {
        ids,
        pages: kept_pages,
        stream,
        assembled,
        changed,
    } = collected;
    let entries = entries(site, kept_pages);
    let layout: Vec<(usize, usize)> = entries.iter().map(|(p, parts)| (*p, parts.len())).collect();
    let keep = stream.is_none();
    let mut dirty = Vec::new();
    let mut made = assembled
        .take()
        .filter(|a| keep && a.layout == layout && a.language == config.language)
        .and_then(|mut a| {
            dirty = a.update(ids, &entries, changed)?;
            Some(a)
        })
        .unwrap_or_else(|| Assembled {
            language: config.language.clone(),
            layout,
            words: Words::new(ids, &entries),
            sections: Vec::new(),
            shards: Vec::new(),
        });
    // The sections' list is written again when a heading may have changed.
    let listed = !made.sections.is_empty() && !changed.values().any(|c| c.headings);
    changed.clear();

    let mut pages = Vec::with_capacity(entries.len());
    let mut sections = Vec::new();
    // Each text shard: its number, its first section and its texts. A
    // build's collector has made those of its first pages already.
    let streamed = stream.as_ref().map_or(0, |s| s.done);
    let mut filling = stream
        .as_ref()
        .map(|s| s.shards.resumed())
        .unwrap_or_default();
    let mut shards = Vec::new();
    for (page_number, &(p, parts)) in entries.iter().enumerate() {
        let page = &site.pages[p];
        let within = page.parent.map_or("", |up| site.pages[up].title.as_str());
        pages.push((
            [page.title.as_str(), page.url.as_str(), within],
            site.content_notes(p).join(", "),
        ));
        for part in parts {
            let (heading, id) = part
                .heading
                .as_deref()
                .map_or(("", ""), |(t, i)| (&**t, &**i));
            if !listed {
                sections.push(IndexSection(page_number, heading, id));
            }
            if page_number >= streamed {
                shards.extend(filling.push(Cow::Borrowed(&*part.text)));
            }
        }
    }
    if !filling.texts.is_empty() {
        shards.push(filling.cut());
    }
    let firsts = filling.firsts;
    let Assembled {
        words,
        sections: sections_json,
        shards: kept_shards,
        ..
    } = &mut made;
    // The index is made beside the text shards, on another of rayon's
    // threads: both are a large part of writing the index.
    let (written, index) = rayon::join(
        || {
            let kept = keep.then_some(kept_shards);
            write_shards(&shards, !site.preview, kept, &dirty, put)
        },
        || {
            if !listed {
                sections_json.clear();
                if serde_json::to_writer(&mut *sections_json, &sections).is_err() {
                    sections_json.extend_from_slice(b"[]");
                }
            }
            index_script(config, words, keep, pages, sections_json, firsts)
        },
    );
    written?;
    put(INDEX_FILE.to_string(), Content::Bytes(index))?;
    if keep {
        *assembled = Some(made);
    }
    Ok(())
}

/// The indexed pages of `kept` in the index's order, with their sections.
fn entries<'a>(site: &Site, kept: &'a FxHashMap<usize, Vec<Stored>>) -> Vec<(usize, &'a [Stored])> {
    let mut entries: Vec<(usize, &[Stored])> = Vec::with_capacity(kept.len());
    for page in reading_order(site) {
        if let Some(stored) = kept.get(&page) {
            entries.push((page, stored));
        }
    }
    // A page outside the reading order (none, today) comes last.
    if entries.len() < kept.len() {
        let placed: FxHashSet<usize> = entries.iter().map(|(p, _)| *p).collect();
        let mut rest: Vec<usize> = kept
            .keys()
            .copied()
            .filter(|p| !placed.contains(p))
            .collect();
        rest.sort_unstable();
        entries.extend(
            rest.into_iter()
                .filter_map(|p| Some((p, kept.get(&p)?.as_slice()))),
        );
    }
    entries.retain(|(p, _)| indexed(site, *p));
    // A page reached twice in the order is listed once.
    let mut seen = FxHashSet::default();
    entries.retain(|(p, _)| seen.insert(*p));
    entries
}

/// What the preview's [`files`] made, kept for the next time it writes
/// the index.
struct Assembled {
    /// The language whose stemmer grouped the words.
    language: String,
    /// Each indexed page in the index's order, with how many sections it
    /// has: while this holds, every section keeps its number.
    layout: Vec<(usize, usize)>,
    words: Words,
    /// The index's list of sections, as written.
    sections: Vec<u8>,
    /// Each text shard as written, by number.
    shards: Vec<KeptShard>,
}

impl Assembled {
    /// Brings the words up to date with the pages `changed` since, the
    /// sections of `entries` numbered as in `layout`. Returns the sections
    /// of those whose text changed, as ranges, or `None` when a page has
    /// another number of sections.
    fn update(
        &mut self,
        ids: &FxHashMap<Box<str>, u32>,
        entries: &[(usize, &[Stored])],
        changed: &FxHashMap<usize, Changed>,
    ) -> Option<Vec<(usize, usize)>> {
        let mut start = 0;
        let mut ranges = Vec::new();
        let mut changes = Vec::new();
        for &(p, parts) in entries {
            if let Some(before) = changed.get(&p) {
                if before.words.len() != parts.len() {
                    return None;
                }
                changes.push((start, before.words.as_slice(), parts));
                if before.text {
                    ranges.push((start, start + parts.len()));
                }
            }
            start += parts.len();
        }
        self.words.update(ids, &changes)?;
        Some(ranges)
    }
}

/// A text shard as the preview last wrote it.
struct KeptShard {
    /// Its first section.
    first: usize,
    /// How many sections it holds.
    count: usize,
    file: std::sync::Arc<[u8]>,
}

/// A page whose words changed: its first section, the words of each of
/// its sections before, and its sections now.
type PageChange<'a> = (usize, &'a [Box<[u32]>], &'a [Stored]);

/// A stem not worked out yet, in [`Words::stem_of`].
const UNSTEMMED: u32 = u32::MAX;

/// The words of the index, each with the sections holding it, and their
/// stems.
struct Words {
    /// Per word (numbered as in [`Collected`]), the sections holding it,
    /// ascending. Emptied once listed when not kept.
    by_word: Vec<Vec<u32>>,
    /// The words some section holds, sorted, with their numbers.
    vocabulary: Vec<(Box<str>, u32)>,
    /// Per word, its stem (a number of `stems`), or [`UNSTEMMED`].
    stem_of: Vec<u32>,
    /// Every stem met, numbered as met.
    stems: FxHashMap<Box<str>, u32>,
    /// Per stem, the sections holding a word of it as written (see
    /// [`delta_base32`]), or `None` when they must be listed again.
    postings: Vec<Option<String>>,
}

impl Words {
    /// The words of the sections of `entries`, numbered in that order.
    fn new(ids: &FxHashMap<Box<str>, u32>, entries: &[(usize, &[Stored])]) -> Words {
        let all = || entries.iter().flat_map(|(_, parts)| parts.iter());
        // Each word's list is made at its final size.
        let mut counts = vec![0u32; ids.len()];
        for &w in all().flat_map(|part| part.words.iter()) {
            if let Some(c) = counts.get_mut(w as usize) {
                *c += 1;
            }
        }
        let mut by_word: Vec<Vec<u32>> = counts
            .into_iter()
            .map(|c| Vec::with_capacity(c as usize))
            .collect();
        for (n, part) in all().enumerate() {
            let section = u32::try_from(n).unwrap_or(u32::MAX);
            for &w in part.words.iter() {
                if let Some(list) = by_word.get_mut(w as usize) {
                    list.push(section);
                }
            }
        }
        // Only the words some page holds: a page collected again in the
        // preview leaves the words it no longer has in `ids`.
        let mut vocabulary: Vec<(Box<str>, u32)> = ids
            .iter()
            .filter(|&(_, &id)| by_word.get(id as usize).is_some_and(|l| !l.is_empty()))
            .map(|(w, &id)| (w.clone(), id))
            .collect();
        vocabulary.sort_unstable();
        Words {
            by_word,
            vocabulary,
            stem_of: vec![UNSTEMMED; ids.len()],
            stems: FxHashMap::default(),
            postings: Vec::new(),
        }
    }

    /// Takes the `changes`, `(first section, words of each section before,
    /// the sections now)`, into each word's sections. `None` when they do
    /// not fit (the words are then in an unknown state).
    fn update(&mut self, ids: &FxHashMap<Box<str>, u32>, changes: &[PageChange<'_>]) -> Option<()> {
        self.by_word.resize_with(ids.len(), Vec::new);
        self.stem_of.resize(ids.len(), UNSTEMMED);
        // The words that gained their first section or lost their last.
        let mut flipped = FxHashSet::default();
        for &(start, before, now) in changes {
            for (i, (before, now)) in before.iter().zip(now).enumerate() {
                let section = u32::try_from(start + i).ok()?;
                for (w, added) in difference(before, &now.words) {
                    let list = self.by_word.get_mut(w as usize)?;
                    match (list.binary_search(&section), added) {
                        (Err(at), true) => list.insert(at, section),
                        (Ok(at), false) => {
                            list.remove(at);
                        }
                        _ => return None,
                    }
                    if list.len() == usize::from(added) {
                        flipped.insert(w);
                    }
                    let stem = self.stem_of.get(w as usize).copied().unwrap_or(UNSTEMMED);
                    if let Some(postings) = self.postings.get_mut(stem as usize) {
                        *postings = None;
                    }
                }
            }
        }
        if flipped.is_empty() {
            return Some(());
        }
        for (name, &id) in ids.iter().filter(|(_, id)| flipped.contains(*id)) {
            let held = self.by_word.get(id as usize).is_some_and(|l| !l.is_empty());
            let at = self
                .vocabulary
                .binary_search_by(|(w, _)| (**w).cmp(&**name));
            match (at, held) {
                (Err(at), true) => self.vocabulary.insert(at, (name.clone(), id)),
                (Ok(at), false) => {
                    self.vocabulary.remove(at);
                }
                _ => {}
            }
        }
        Some(())
    }

    /// The index's `words`, `stems` and `postings`: each word's stem
    /// numbered in the order of the sorted words, and per stem the
    /// sections holding a word of it. Words not stemmed yet are stemmed
    /// with `stemmer`, and stems whose sections changed are listed again.
    /// Unless `keep`, each word's sections are dropped once listed.
    fn listed(
        &mut self,
        stemmer: Option<&Stemmer>,
        keep: bool,
    ) -> (Vec<&str>, Vec<usize>, Vec<&str>) {
        let Words {
            by_word,
            vocabulary,
            stem_of,
            stems,
            postings,
        } = self;
        for (name, id) in vocabulary.iter() {
            let Some(slot) = stem_of.get_mut(*id as usize) else {
                continue;
            };
            if *slot != UNSTEMMED {
                continue;
            }
            let stem = stemmer.map_or_else(|| name.to_string(), |s| s.stem(name).into_owned());
            let next = u32::try_from(stems.len()).unwrap_or(UNSTEMMED);
            let key = *stems.entry(stem.into_boxed_str()).or_insert(next);
            if key == next {
                postings.push(None);
            } else if let Some(p) = postings.get_mut(key as usize) {
                // A word new to the stem.
                *p = None;
            }
            *slot = key;
        }
        // The stems in the order of their first word, and the words of
        // each stem to list again.
        let mut number = vec![usize::MAX; postings.len()];
        let mut order: Vec<usize> = Vec::new();
        let mut numbers = Vec::with_capacity(vocabulary.len());
        let mut members: Vec<Vec<u32>> = Vec::new();
        for &(_, id) in vocabulary.iter() {
            let key = stem_of.get(id as usize).map_or(0, |&k| k as usize);
            let Some(n) = number.get_mut(key) else {
                continue;
            };
            if *n == usize::MAX {
                *n = order.len();
                order.push(key);
                members.push(Vec::new());
            }
            numbers.push(*n);
            if postings.get(key).is_some_and(Option::is_none) {
                if let Some(m) = members.get_mut(*n) {
                    m.push(id);
                }
            }
        }
        for (&key, words) in order.iter().zip(&members) {
            if let Some(slot) = postings.get_mut(key).filter(|p| p.is_none()) {
                *slot = Some(stem_postings(words, by_word));
            }
        }
        if !keep {
            *by_word = Vec::new();
        }
        let lists = order
            .iter()
            .map(|&key| {
                postings
                    .get(key)
                    .and_then(|p| p.as_deref())
                    .unwrap_or_default()
            })
            .collect();
        (
            vocabulary.iter().map(|(w, _)| &**w).collect(),
            numbers,
            lists,
        )
    }
}

/// The sections holding a word of a stem whose words are `words`, as
/// written (see [`delta_base32`]).
fn stem_postings(words: &[u32], by_word: &[Vec<u32>]) -> String {
    let list = |w: u32| by_word.get(w as usize).map_or(&[][..], Vec::as_slice);
    match *words {
        // A word's own list is ascending and has no repeats.
        [w] => delta_base32(list(w)),
        _ => {
            let mut all = Vec::with_capacity(words.iter().map(|&w| list(w).len()).sum());
            for &w in words {
                all.extend_from_slice(list(w));
            }
            all.sort_unstable();
            all.dedup();
            delta_base32(&all)
        }
    }
}

/// The words of `now` not in `before` (`true`) and those of `before` not
/// in `now` (`false`); both are ascending.
fn difference(before: &[u32], now: &[u32]) -> Vec<(u32, bool)> {
    let mut out = Vec::new();
    let (mut a, mut b) = (before.iter().peekable(), now.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (Some(&&x), Some(&&y)) if x == y => {
                a.next();
                b.next();
            }
            (Some(&&x), Some(&&y)) if x < y => {
                out.push((x, false));
                a.next();
            }
            (_, Some(&&y)) => {
                out.push((y, true));
                b.next();
            }
            (Some(&&x), None) => {
                out.push((x, false));
                a.next();
            }
            (None, None) => return out,
        }
    }
}

/// `search/index.js` for the `pages` that [`files`] found, their
/// `sections` (their list as written), `words`, and text shards starting
/// at the sections `shards`, as serde_json would write them (the fields
/// are those of the test's `Index`, in its order). The sections' list is written once and kept by
/// the preview, and the postings (digits of [`DIGITS`], nothing to escape)
/// are copied as they are: most of the index's bytes are in those two.
fn index_script(
    config: &Config,
    words: &mut Words,
    keep: bool,
    pages: Vec<([&str; 3], String)>,
    sections: &[u8],
    shards: Vec<usize>,
) -> Vec<u8> {
    // Group the words by stem.
    let stemmer = stemmer_for(&config.language);
    let (vocabulary, stems, postings) = words.listed(stemmer.as_ref(), keep);
    let size = postings.iter().map(|p| p.len() + 3).sum::<usize>()
        + vocabulary.iter().map(|w| w.len() + 3).sum::<usize>()
        + stems.len() * 7
        + sections.len()
        + pages
            .iter()
            .map(|(p, note)| p.iter().map(|s| s.len() + 3).sum::<usize>() + note.len() + 8)
            .sum::<usize>()
        + shards.len() * 7
        + 400;
    let pages: Vec<[&str; 4]> = pages
        .iter()
        .map(|(page, note)| [page[0], page[1], page[2], note.as_str()])
        .collect();
    script_with("inductSearchIndex", size, |out| {
        let json = |out: &mut Vec<u8>, value: &dyn erased::Json| value.write(out);
        out.extend_from_slice(b"{\"v\":2,\"lang\":");
        json(out, &config.language);
        out.extend_from_slice(b",\"stop\":");
        json(out, &STOP_WORDS);
        out.extend_from_slice(b",\"pages\":");
        json(out, &pages);
        out.extend_from_slice(b",\"sections\":");
        out.extend_from_slice(sections);
        out.extend_from_slice(b",\"words\":");
        json(out, &vocabulary);
        out.extend_from_slice(b",\"stems\":");
        json(out, &stems);
        out.extend_from_slice(b",\"postings\":[");
        for (i, list) in postings.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(list.as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b"],\"shards\":");
        json(out, &shards);
        out.push(b'}');
    })
}

/// Values written as JSON through one function, whatever their type.
mod erased {
    /// A value serde_json writes.
    pub trait Json {
        /// Appends the value's JSON to `out` (`null` if it cannot be
        /// written, which writing into memory never is).
        fn write(&self, out: &mut Vec<u8>);
    }

    impl<T: serde::Serialize + ?Sized> Json for T {
        fn write(&self, out: &mut Vec<u8>) {
            if serde_json::to_writer(&mut *out, self).is_err() {
                out.extend_from_slice(b"null");
            }
        }
    }
}

/// Writes each shard, `(its number, its first section, its texts)`, as
/// `search/text-N.js`; `pack` deflates the texts (see [`Shard`]). With
/// the shards `kept` from the time before, a shard cut as it was then and
/// holding none of the sections `dirty` (ranges) is that file again; the
/// shards written are kept in their place.
fn write_shards(
    shards: &[(usize, usize, Vec<Cow<'_, str>>)],
    pack: bool,
    kept: Option<&mut Vec<KeptShard>>,
    dirty: &[(usize, usize)],
    put: &mut (dyn FnMut(String, Content) -> Result<(), Error> + Send),
) -> Result<(), Error> {
    use rayon::prelude::*;
    use std::sync::Arc;
    let keep = kept.is_some();
    let mut kept = kept;
    let before = kept.as_deref_mut().map(std::mem::take).unwrap_or_default();
    let same = |number: usize, first: usize, count: usize| {
        before
            .get(number)
            .filter(|k| {
                k.first == first
                    && k.count == count
                    && !dirty.iter().any(|&(s, e)| s < first + count && first < e)
            })
            .map(|k| Arc::clone(&k.file))
    };
    let mut now = Vec::new();
    for chunk in shards.chunks(SHARDS_AT_ONCE) {
        let files: Vec<(usize, KeptShard, Option<Vec<u8>>)> = chunk
            .par_iter()
            .map(|(number, first, texts)| {
                let count = texts.len();
                if let Some(file) = same(*number, *first, count) {
                    return (
                        *number,
                        KeptShard {
                            first: *first,
                            count,
                            file,
                        },
                        None,
                    );
                }
                let texts: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
                let bytes = shard_file(*first, &texts, pack);
                if keep {
                    let file: Arc<[u8]> = bytes.into();
                    (
                        *number,
                        KeptShard {
                            first: *first,
                            count,
                            file,
                        },
                        None,
                    )
                } else {
                    let file: Arc<[u8]> = Arc::new([]);
                    (
                        *number,
                        KeptShard {
                            first: *first,
                            count,
                            file,
                        },
                        Some(bytes),
                    )
                }
            })
            .collect();
        for (number, shard, bytes) in files {
            let content = match bytes {
                Some(bytes) => Content::Bytes(bytes),
                None => Content::Shared(Arc::clone(&shard.file)),
            };
            if keep {
                now.push(shard);
            }
            put(shard_path(number), content)?;
        }
    }
    if let Some(kept) = kept {
        *kept = now;
    }
    Ok(())
}

/// The script of one text shard (see [`Shard`]).
fn shard_file(first: usize, texts: &[&str], pack: bool) -> Vec<u8> {
    let size: usize = texts.iter().map(|t| t.len() + t.len() / 16 + 3).sum();
    let shard = if pack {
        Shard {
            first,
            texts: None,
            z: Some(packed(texts, size)),
        }
    } else {
        Shard {
            first,
            texts: Some(texts.to_vec()),
            z: None,
        }
    };
    script(
        "inductSearchText",
        &shard,
        if pack { size / 2 } else { size },
    )
}

thread_local! {
    /// Each thread's deflater, reset for every shard rather than made anew:
    /// making one clears several hundred kilobytes of tables, a large part
    /// of packing a shard.
    static DEFLATE: std::cell::RefCell<Option<flate2::write::DeflateEncoder<Vec<u8>>>> =
        const { std::cell::RefCell::new(None) };
}

/// `texts` as a JSON list, deflated (raw deflate, fast) and in base 64.
fn packed(texts: &[&str], size: usize) -> String {
    use base64::Engine as _;
    use std::io::Write as _;
    // Writing into memory cannot fail; an empty list is what a failure
    // would leave, and the reader then shows results without snippets.
    let json = json_list(texts, size);
    let deflated = |deflate: &mut flate2::write::DeflateEncoder<Vec<u8>>| {
        deflate
            .write_all(&json)
            .and_then(|()| deflate.try_finish())
            // The deflater is left reset, holding an empty list, for the
            // next shard.
            .and_then(|()| deflate.reset(Vec::new()))
    };
    let bytes = DEFLATE
        .try_with(|slot| {
            let mut slot = slot.borrow_mut();
            let deflate = slot.get_or_insert_with(|| {
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast())
            });
            *deflate.get_mut() = Vec::with_capacity(size / 3);
            let bytes = deflated(deflate);
            if bytes.is_err() {
                // Never reuse a deflater in an unknown state.
                *slot = None;
            }
            bytes
        })
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `texts` as a JSON list, byte for byte as serde_json writes it, about
/// `size` bytes long.
fn json_list(texts: &[&str], size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 2);
    out.push(b'[');
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_string(&mut out, text);
    }
    out.push(b']');
    out
}

/// Appends `text` to `out` as a JSON string, as serde_json writes it: `"`
/// and `\` escaped, control characters as `\n`, `\t`, … or `\u00xx`,
/// everything else as it is. The text of a whole course comes through
/// here, so eight bytes are looked at at once: most hold nothing to escape.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Whether any byte of `v` is zero.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Bytes before `copied` are in `out`.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            let v = u64::from_le_bytes(eight);
            let control = v.wrapping_sub(ONES * 0x20) & !v & HIGH != 0;
            if !control
                && !zero(v ^ (ONES * u64::from(b'"')))
                && !zero(v ^ (ONES * u64::from(b'\\')))
            {
                at += 8;
                continue;
            }
        }
        let end = (at + 8).min(bytes.len());
        for (i, &b) in bytes.iter().enumerate().take(end).skip(at) {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let unicode;
            let escaped: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => {
                    unicode = [
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 15)],
                    ];
                    &unicode
                }
                _ => continue,
            };
            out.extend_from_slice(&bytes[copied..i]);
            out.extend_from_slice(escaped);
            copied = i + 1;
        }
        at = end;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// `name(<json>);` — a script that hands `data` to the theme, written
/// straight into one buffer of about `size` bytes of JSON.
fn script(name: &str, data: &impl Serialize, size: usize) -> Vec<u8> {
    script_with(name, size, |out| erased::Json::write(data, out))
}

/// [`script`], its JSON written by `json`.
fn script_with(name: &str, size: usize, json: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 2 * name.len() + 80);
    out.extend_from_slice(b"/* induct search index: generated, do not edit */\nwindow.");
    for part in [name, "&&window.", name, "("] {
        out.extend_from_slice(part.as_bytes());
    }
    json(&mut out);
    out.extend_from_slice(b");\n");
    out
}

/// The digits of [`delta_base32`]: a number's last digit is one of the
/// first 32, each digit before it one of the last 32.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Ascending numbers as differences from the previous one (the first from
/// zero), each in base 32 (most significant digit first) with no separator:
/// a digit of `DIGITS`' second half is followed by more of the same number,
/// one of its first half ends it. `[3, 4, 40, 1300]` → `"DBhEhnM"` (3, 1,
/// 36, 1260): most differences take one character, where base 36 and a
/// space took two.
fn delta_base32(list: &[u32]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut last = 0;
    for &n in list {
        push_base32(&mut out, n - last);
        last = n;
    }
    out
}

/// Appends `n` in the digits of [`delta_base32`].
fn push_base32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    let mut more = 0;
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 32 + more) as usize];
        more = 32;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
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

    /// What [`words`] finds, by its definition, one character at a time:
    /// each word (lower-cased) and whether it is a slice of the text.
    fn words_by_definition(text: &str) -> Vec<(bool, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphanumeric() {
                i += 1;
                continue;
            }
            let (mut word, mut copied, mut count, mut numeric) = (String::new(), false, 0, false);
            while let Some(&c) = chars.get(i) {
                let apostrophe = c == '\'' || c == '\u{2019}';
                if apostrophe && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) {
                    copied = true;
                    i += 1;
                    continue;
                }
                if !c.is_alphanumeric() {
                    break;
                }
                copied |= c.is_uppercase();
                word.extend(c.to_lowercase());
                numeric |= c.is_numeric();
                count += 1;
                i += 1;
            }
            if count > 1 || numeric {
                out.push((!copied, word));
            }
        }
        out
    }

    #[test]
    fn words_are_found_as_defined_character_by_character() {
        let texts = [
            "Don't panic: call NHS 111, or 999 — a Trainee’s PSU.",
            "'quoted' it's end’ rock'n'roll ’tis",
            "Ärzte ÜBER straße x 7 a ÉCOLE café naïve 2nd 3RD x2 y",
            "abc'def ab’ a'b' ab'1 1'a ab'' ''ab a-b ab_cd ab—cd αβγ ΑΒΓ ab١٢",
            "ab\u{0301}c ab\u{200b}cd 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 x\u{2019} end.",
            "",
            "a",
            "trailing word",
        ];
        for text in texts {
            let mut found = Vec::new();
            words(text, |w| {
                found.push((matches!(w, Cow::Borrowed(_)), w.into_owned()));
            });
            assert_eq!(found, words_by_definition(text), "{text}");
        }
    }

    #[test]
    fn sections_split_at_headings_below_the_title() {
        let md = "# Title\n\nIntro *text*.\n\n## Who to call\n\nCall `999`.\nThen rest.\n\n<div>html</div>\n\n### Later\n\nMore.\n";
        let events = crate::model::anchors::parse(md, 0);
        let scan =
            crate::model::anchors::scan_events(&crate::model::anchors::Body::new(md, 0), &events);
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
    fn a_section_leaves_out_the_id_the_script_derives_from_its_heading() {
        let json = |h, id| serde_json::to_string(&IndexSection(4, h, id)).unwrap_or_default();
        assert_eq!(json("Who to call", "who-to-call"), r#"[4,"Who to call"]"#);
        assert_eq!(json("", ""), r#"[4,""]"#);
        assert_eq!(
            json("  Ask *early* & often!", "ask-early-often"),
            r#"[4,"  Ask *early* & often!"]"#
        );
        assert_eq!(json("Notes", "notes-1"), r#"[4,"Notes","notes-1"]"#);
        assert_eq!(json("Notes", "pinned"), r#"[4,"Notes","pinned"]"#);
        assert_eq!(json("Notes", ""), r#"[4,"Notes",""]"#);
        assert_eq!(json("Café", "cafe"), r#"[4,"Café","cafe"]"#);
        assert_eq!(json("A-B", "a-b"), r#"[4,"A-B"]"#);
        assert_eq!(json("A B", "ab"), r#"[4,"A B","ab"]"#);
    }

    #[test]
    fn a_built_shard_packs_its_texts_and_the_preview_lists_them() {
        let texts = ["Who to call", "", "Ask \"early\" & often — café"];
        let data = |pack| {
            let js = String::from_utf8(shard_file(7, &texts, pack)).unwrap_or_default();
            let json = js[js.find('{').unwrap_or(0)..js.rfind(')').unwrap_or(0)].to_string();
            serde_json::from_str::<serde_json::Value>(&json).unwrap_or_default()
        };
        let built = data(true);
        assert_eq!(built["first"], 7);
        assert!(built.get("texts").is_none(), "{built}");
        assert_eq!(texts_of(&built), texts);
        let preview = data(false);
        assert_eq!(preview["texts"], serde_json::json!(texts));
        assert!(preview.get("z").is_none(), "{preview}");
    }

    #[test]
    fn text_lists_are_written_as_serde_json_writes_them() {
        let every_ascii: String = (0..128u8).map(char::from).collect();
        let texts = [
            every_ascii.as_str(),
            "",
            "Ask \"early\" & often — café \u{2028} 𝔘\\",
            "twelve bytes\n",
            "\u{1}\u{1f}\u{7f}abcdefgh\"ijklmnop\\",
            "exactly8",
            "a",
        ];
        for n in 0..=texts.len() {
            assert_eq!(
                String::from_utf8(json_list(&texts[..n], 0)).unwrap(),
                serde_json::to_string(&texts[..n]).unwrap()
            );
        }
        for text in texts {
            for cut in 0..text.len() {
                let Some(tail) = text.get(cut..) else {
                    continue;
                };
                assert_eq!(
                    String::from_utf8(json_list(&[tail], 0)).unwrap(),
                    serde_json::to_string(&[tail]).unwrap(),
                    "{tail:?}"
                );
            }
        }
    }

    #[test]
    fn a_reused_deflater_packs_as_a_new_one_does() {
        use std::io::Write as _;
        let fresh = |texts: &[&str]| {
            use base64::Engine as _;
            let mut deflate =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            deflate
                .write_all(&serde_json::to_vec(texts).unwrap())
                .unwrap();
            base64::engine::general_purpose::STANDARD.encode(deflate.finish().unwrap())
        };
        let long = "Ask early, ask often: who to call and when. ".repeat(2000);
        let shards: [&[&str]; 4] = [
            &["Who to call", "Ask \"early\""],
            &[long.as_str(), "café"],
            &[],
            &["Who to call", "Ask \"early\""],
        ];
        for texts in shards {
            assert_eq!(packed(texts, 0), fresh(texts));
        }
    }

    #[test]
    fn a_script_hands_its_json_to_the_theme() {
        let js = String::from_utf8(script("inductSearchText", &[1, 2], 0)).unwrap_or_default();
        assert_eq!(
            js,
            "/* induct search index: generated, do not edit */\nwindow.inductSearchText&&window.inductSearchText([1,2]);\n"
        );
    }

    #[test]
    fn postings_are_delta_encoded_in_base_32_without_separators() {
        assert_eq!(delta_base32(&[3, 4, 40, 1300]), "DBhEhnM");
        // 0, 31, 32 = 1·32 + 0, 1023 = 31·32 + 31.
        assert_eq!(delta_base32(&[0, 31, 63, 1086]), "AfhA_f");
        assert_eq!(delta_base32(&[u32::MAX]), "j_____f");
        assert_eq!(delta_base32(&[]), "");
    }

    #[test]
    fn the_stemmer_follows_the_course_language() {
        let en = stemmer_for("en-GB").map(|s| s.stem("supporting").into_owned());
        assert_eq!(en.as_deref(), Some("support"));
        assert!(stemmer_for("cy").is_none());
    }

    /// The bytes of a file [`files`] made.
    fn bytes_of(content: &Content) -> Vec<u8> {
        match content {
            Content::Bytes(bytes) => bytes.clone(),
            Content::Shared(bytes) => bytes.to_vec(),
            _ => panic!("the index is made of bytes"),
        }
    }

    /// A text shard's texts: inflated from `z` (a build's), or `texts`
    /// (the preview's).
    fn texts_of(shard: &serde_json::Value) -> Vec<String> {
        use base64::Engine as _;
        use std::io::Read as _;
        let Some(z) = shard["z"].as_str() else {
            return serde_json::from_value(shard["texts"].clone()).unwrap();
        };
        let bytes = base64::engine::general_purpose::STANDARD.decode(z).unwrap();
        let mut json = String::new();
        flate2::read::DeflateDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    /// The JSON a script of [`script`] hands to the theme.
    fn json_of(file: &[u8]) -> serde_json::Value {
        let text = std::str::from_utf8(file).unwrap();
        let open = text.find('(').unwrap() + 1;
        serde_json::from_str(text[open..].strip_suffix(");\n").unwrap()).unwrap()
    }

    /// A course of 40 long modules, modelled, and its configuration.
    fn forty_modules() -> (crate::load::Sources, Site, crate::config::Config) {
        let paragraph = "Words about support and rotas. ".repeat(200);
        let markdown: Vec<_> =
            std::iter::once(crate::model::tests::file("index.md", "Home", "Hi.\n"))
                .chain((0..40).map(|i| {
                    crate::model::tests::file(
                        &format!("modules/m{i:02}.md"),
                        &format!("Module {i}"),
                        &format!("{paragraph}\n\n## Part one\n\n{paragraph}\n"),
                    )
                }))
                .collect();
        let sources = crate::load::Sources {
            files: markdown,
            assets: Vec::new(),
            failed: Vec::new(),
            support: None,
        };
        let mut site = Site::new(&sources, "C", time::macros::date!(2026 - 11 - 23), false);
        site.scan_all(&sources, None);
        let config =
            crate::config::parse(std::path::Path::new("/course"), "[book]\ntitle = \"C\"\n")
                .unwrap();
        (sources, site, config)
    }

    /// [`forty_modules`], every page collected with [`two_sections`].
    fn forty_collected() -> (crate::load::Sources, Site, crate::config::Config, Collected) {
        let (sources, site, config) = forty_modules();
        let mut collected = Collected::default();
        for &p in &site.order {
            collected.add(&site, p, two_sections(&site, &sources, p));
        }
        (sources, site, config, collected)
    }

    /// Two sections of page `p`: a short one, then its markdown.
    fn two_sections(site: &Site, sources: &crate::load::Sources, p: usize) -> Vec<Section> {
        let text = site.pages[p]
            .source
            .map_or("", |s| sources.files[s].text.as_str());
        vec![
            Section::new(None, format!("{} one", text.len())),
            Section::new(
                Some(("Part one".into(), "part-one".into())),
                text.to_string(),
            ),
        ]
    }

    #[test]
    fn each_section_holds_each_of_its_words_once_numbered_as_in_the_vocabulary() {
        let (_, site, _) = forty_modules();
        let p = site.order[1];
        let title = site.pages[p].title.clone();
        let mut collected = Collected::default();
        collected.add(
            &site,
            p,
            vec![
                Section::new(None, "rotas module rotas".into()),
                Section::new(
                    Some(("Rotas".into(), "rotas".into())),
                    "module Rotas".into(),
                ),
            ],
        );
        let id = |w: &str| collected.ids[w];
        let mut first: Vec<u32> = ["rotas", "module"].into_iter().map(id).collect();
        // The title's words count as the first section's, once.
        first.extend(split(&title).iter().map(|w| id(w)));
        first.sort_unstable();
        first.dedup();
        let mut second = vec![id("rotas"), id("module")];
        second.sort_unstable();
        let stored = &collected.pages[&p];
        assert_eq!(&*stored[0].words, first.as_slice());
        assert_eq!(&*stored[1].words, second.as_slice());
    }

    #[test]
    fn a_streaming_collector_writes_the_same_shards_as_they_fill() {
        let (sources, site, config, mut collected) = forty_collected();
        let mut whole = Vec::new();
        files(&config, &site, &mut collected, &mut |path, content| {
            whole.push((path, bytes_of(&content)));
            Ok(())
        })
        .unwrap();
        // Pages come in out of order, as from many threads: the second
        // half first, then the first.
        let streaming = Collector::streaming(&site);
        let half = site.order.len() / 2;
        let mut early = Vec::new();
        let mut handed = 0;
        for &p in site.order[half..].iter().chain(&site.order[..half]) {
            if p == site.order[0] {
                // Nothing can be cut before the first page is in.
                assert_eq!(handed, 0);
            }
            let shards = streaming.add(&site, p, two_sections(&site, &sources, p));
            handed += shards.len();
            early.extend(shard_files(shards, true));
        }
        assert!(early.len() >= 2, "{}", early.len());
        let mut collected = streaming.into_collected();
        assert!(collected
            .pages
            .values()
            .flatten()
            .all(|s| s.text.is_empty()));
        let mut streamed = early;
        files(&config, &site, &mut collected, &mut |path, content| {
            streamed.push((path, bytes_of(&content)));
            Ok(())
        })
        .unwrap();
        whole.sort();
        streamed.sort();
        assert_eq!(
            streamed.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            whole.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        assert!(streamed == whole, "the streamed index differs");
    }

    #[test]
    fn text_shards_are_numbered_in_order_and_the_index_names_their_first_sections() {
        let (_, site, config, mut collected) = forty_collected();
        let mut put = Vec::new();
        files(&config, &site, &mut collected, &mut |path, content| {
            put.push((path, bytes_of(&content)));
            Ok(())
        })
        .unwrap();
        let (last, shards) = put.split_last().unwrap();
        assert_eq!(last.0, INDEX_FILE);
        assert!(shards.len() >= 3, "{}", shards.len());
        let mut next = 0;
        let mut firsts = Vec::new();
        for (number, (path, bytes)) in shards.iter().enumerate() {
            assert_eq!(path, &format!("{SEARCH_FOLDER}text-{number}.js"));
            let shard = json_of(bytes);
            assert_eq!(shard["first"], next);
            firsts.push(next);
            next += texts_of(&shard).len();
        }
        let index = json_of(&last.1);
        assert_eq!(index["shards"], serde_json::json!(firsts));
        assert_eq!(index["sections"].as_array().unwrap().len(), next);
    }

    /// The files [`files`] makes of `collected`, by path.
    fn written(
        config: &Config,
        site: &Site,
        collected: &mut Collected,
    ) -> std::collections::BTreeMap<String, Content> {
        let mut out = std::collections::BTreeMap::new();
        files(config, site, collected, &mut |path, content| {
            out.insert(path, content);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn the_index_written_again_after_some_pages_changed_is_the_index_made_afresh() {
        let (sources, site, config) = forty_modules();
        let sections = |p: usize, extra: &str| {
            let mut s = two_sections(&site, &sources, p);
            match extra.strip_prefix("## ") {
                Some(heading) => s[1].heading = Some((heading.into(), "its-own".into())),
                None => s[1].text.push_str(extra),
            }
            s
        };
        let mut live = Collected::default();
        for &p in &site.order {
            live.add(&site, p, sections(p, ""));
        }
        let first = written(&config, &site, &mut live);
        let (early, late) = (site.order[3], site.order[30]);
        // Each step: the pages saved again, with the words added to their
        // second section.
        let steps: [&[(usize, &str)]; 5] = [
            // A word no page had, and one every page has; the last page
            // saved as it was.
            (&[(early, " zebracrossing rotas"), (site.order[40], "")]),
            // The new word gone again, another on two pages, and a text
            // long enough to cut the shards after it elsewhere.
            (&[
                (early, ""),
                (late, " quietcrossing"),
                (site.order[10], " quietcrossing"),
            ]),
            (&[(site.order[5], &" Longer words about support.".repeat(400))]),
            // Words of one stem, on a page of its own.
            (&[(late, " supporting supported supports")]),
            // A heading renamed.
            (&[(site.order[8], "## Another part")]),
        ];
        let mut now: FxHashMap<usize, String> = FxHashMap::default();
        let mut before = first;
        for (step, saved) in steps.iter().enumerate() {
            for &(p, extra) in *saved {
                now.insert(p, extra.to_string());
                live.add(&site, p, sections(p, extra));
            }
            let again = written(&config, &site, &mut live);
            let mut fresh = Collected::default();
            for &p in &site.order {
                fresh.add(
                    &site,
                    p,
                    sections(p, now.get(&p).map_or("", String::as_str)),
                );
            }
            let made = written(&config, &site, &mut fresh);
            let bytes = |files: &std::collections::BTreeMap<String, Content>| {
                files
                    .iter()
                    .map(|(path, content)| (path.clone(), bytes_of(content)))
                    .collect::<Vec<_>>()
            };
            assert!(
                bytes(&again) == bytes(&made),
                "step {step}: the index differs"
            );
            // The shards holding no saved page are the files made before.
            let shared =
                |files: &std::collections::BTreeMap<String, Content>, path: &str| match files
                    .get(path)
                {
                    Some(Content::Shared(file)) => Some(std::sync::Arc::clone(file)),
                    _ => None,
                };
            let last = shard_path(again.len() - 2);
            let kept = shared(&again, &last).zip(shared(&before, &last));
            // (After the long text, the shards may be cut elsewhere.)
            assert!(
                step == 2 || kept.is_some_and(|(a, b)| std::sync::Arc::ptr_eq(&a, &b)),
                "step {step}: the last shard was made again"
            );
            before = again;
        }
    }

    #[test]
    fn the_index_is_written_as_serde_json_writes_its_fields() {
        let (_, site, config, mut collected) = forty_collected();
        let files = written(&config, &site, &mut collected);
        let js = String::from_utf8(bytes_of(&files[INDEX_FILE])).unwrap();
        let json = &js[js.find('(').unwrap() + 1..js.rfind(')').unwrap()];
        let index: Index = serde_json::from_str(json).unwrap();
        assert!(index.postings.len() > 10 && index.sections.len() > 80);
        assert_eq!(serde_json::to_string(&index).unwrap(), json);
    }
}
