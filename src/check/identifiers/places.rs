//! Known places: the UK gazetteer, counties, health boards and hospitals
//! that the scanner recognises by name, and the rules for when a name from
//! those lists is a place in the text.
//!
//! Input: the word tokens of [`super::prose`]. Output: Place candidates. The
//! lists are text files in `data/` embedded in the binary (`places.txt` is
//! generated from GeoNames by `scripts/identifiers/places.py`; the others are
//! kept by hand, see `data/PLACES-NOTICE.md`), parsed once on first use into
//! a map from a name's first word to the names that start with it, so a
//! scan looks each capitalised token up once and stays linear in the text.
//!
//! A name marked `~` in a list is also a common word or a person's name
//! ("Reading", "Bath", "Shirley"): it is a place only in a place-like context
//! ("in Reading", "moved to Bath", "Bath-based"). A name written `the X` is
//! one only after "the" ("the Freeman"). Any other name is a place wherever
//! it is written with its capitals.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::prose::{Gap, Token};
use super::words;
use super::{Candidate, Category, Strength};

const PLACES: &str = include_str!("data/places.txt");
const COUNTIES: &str = include_str!("data/counties.txt");
const HEALTH_BOARDS: &str = include_str!("data/health-boards.txt");
const HOSPITALS: &str = include_str!("data/hospitals.txt");

/// Which list a name comes from; health boards and hospitals are found with
/// more certainty than towns and counties, which can be people's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Town,
    County,
    Board,
    Hospital,
}

impl Kind {
    fn strength(self) -> Strength {
        match self {
            Kind::Town | Kind::County => Strength::Guess,
            Kind::Board | Kind::Hospital => Strength::Context,
        }
    }
}

#[derive(Debug)]
struct Entry {
    /// The name's words, split at spaces and hyphens ("Stoke", "on", "Trent").
    words: Vec<&'static str>,
    kind: Kind,
    /// Marked `~`: a place only in a place-like context.
    context_only: bool,
    /// Written `the X`: a place only after "the".
    after_the: bool,
}

/// Every known name, keyed by its first word, longest names first.
static GAZETTEER: LazyLock<HashMap<&'static str, Vec<Entry>>> = LazyLock::new(|| {
    let mut by_first: HashMap<&'static str, Vec<Entry>> = HashMap::new();
    for (list, kind) in [
        (PLACES, Kind::Town),
        (COUNTIES, Kind::County),
        (HEALTH_BOARDS, Kind::Board),
        (HOSPITALS, Kind::Hospital),
    ] {
        for entry in parse(list, kind) {
            if let Some(first) = entry.words.first() {
                by_first.entry(first).or_default().push(entry);
            }
        }
    }
    for entries in by_first.values_mut() {
        entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    }
    by_first
});

/// The names of one list: a line each, `#` lines skipped.
fn parse(list: &'static str, kind: Kind) -> impl Iterator<Item = Entry> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(move |line| {
            let (context_only, line) = match line.strip_prefix('~') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let (after_the, line) = match line.strip_prefix("the ") {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            Entry {
                words: line.split([' ', '-']).filter(|w| !w.is_empty()).collect(),
                kind,
                context_only,
                after_the,
            }
        })
}

/// Lower-case words before a context-only name that make it a place: "in
/// Reading", "near Bath", "outside Wells".
const PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "outside", "around", "towards", "toward", "via", "into", "off", "past",
    "through", "beyond", "nearer",
];

/// Words before "to" or "from" that make it a journey ("moved to Bath",
/// "came from Sale") rather than a person ("talked to Shirley").
const JOURNEYS: &[&str] = &[
    "moved",
    "move",
    "moving",
    "went",
    "go",
    "going",
    "gone",
    "came",
    "come",
    "coming",
    "drove",
    "drive",
    "driving",
    "travelled",
    "traveled",
    "commute",
    "commuted",
    "commuting",
    "relocated",
    "transferred",
    "rotated",
    "posted",
    "seconded",
    "back",
    "road",
    "train",
    "bus",
    "way",
    "trip",
    "journey",
    "miles",
    "far",
    "away",
    "originally",
    "returned",
    "return",
    "is",
    "was",
    "am",
    "are",
    "were",
    "flew",
    "cycled",
    "walked",
    "ran",
    "escaped",
    "fled",
    "deanery",
    "up",
    "down",
    "home",
];

/// Words before "in" that make a stronger context, enough even for a name
/// that is mostly a word ("moved to March", "grew up in Eye").
const HOMES: &[&str] = &[
    "lived", "live", "lives", "living", "up", "born", "raised", "based", "flat", "house", "home",
    "settled", "moved", "grew", "stayed", "bought", "rented", "worked",
];

/// Capitalised words after a context-only name that make it a place
/// ("Reading General", "Bath Royal").
const AFTER: &[&str] = &[
    "General",
    "Royal",
    "Infirmary",
    "Hospital",
    "Hospitals",
    "University",
    "Station",
    "Council",
    "Borough",
    "Airport",
    "Cathedral",
    "Town",
    "City",
    "District",
    "NHS",
];

/// One hyphen-separated part of a token: "Stoke", "on", "Trent" of
/// "Stoke-on-Trent".
struct Part<'t> {
    /// The part, typographic apostrophes folded.
    text: Cow<'t, str>,
    /// Without a possessive, when this is the last part of its token.
    base: Cow<'t, str>,
    range: Range<usize>,
    base_end: usize,
    token: usize,
    first: bool,
    last: bool,
}

fn fold(part: &str) -> Cow<'_, str> {
    if part.contains('’') {
        Cow::Owned(part.replace('’', "'"))
    } else {
        Cow::Borrowed(part)
    }
}

fn parts<'t>(text: &'t str, tokens: &[Token]) -> Vec<Part<'t>> {
    let mut parts = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let Some(raw) = text.get(t.range.clone()) else {
            continue;
        };
        let mut start = t.range.start;
        let count = raw.split('-').count();
        for (k, piece) in raw.split('-').enumerate() {
            let end = start + piece.len();
            let last = k + 1 == count;
            let base_end = if last { t.base_end.max(start) } else { end };
            let base = text.get(start..base_end).unwrap_or(piece);
            parts.push(Part {
                text: fold(piece),
                base: fold(base),
                range: start..end,
                base_end,
                token: i,
                first: k == 0,
                last,
            });
            start = end + 1;
        }
    }
    parts
}

/// Whether a name's word matches a part of the text ("St" also matches
/// "Saint").
fn same(word: &str, part: &str) -> bool {
    word == part || (word == "St" && part == "Saint")
}

/// Finds the known places in `tokens` (the tokens of `text`).
pub(super) fn scan(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    let parts = parts(text, tokens);
    for (p, part) in parts.iter().enumerate() {
        let t = &tokens[part.token];
        if !part.first || t.masked || !(t.cap || t.upper) {
            continue;
        }
        let entries = GAZETTEER
            .get(part.text.as_ref())
            .into_iter()
            .chain(
                GAZETTEER
                    .get(part.base.as_ref())
                    .filter(|_| part.base != part.text),
            )
            .flatten();
        for entry in entries {
            if let Some(candidate) = place_at(tokens, &parts, p, entry) {
                out.push(candidate);
                break;
            }
        }
    }
}

/// The candidate for `entry` matched at part `p`, if it matches and its
/// context allows it.
fn place_at(tokens: &[Token], parts: &[Part], p: usize, entry: &Entry) -> Option<Candidate> {
    let n = entry.words.len();
    let mut end = parts.get(p)?.range.end;
    for (k, word) in entry.words.iter().enumerate() {
        let part = parts.get(p + k)?;
        let t = &tokens[part.token];
        if t.masked {
            return None;
        }
        if k > 0 {
            let previous = &parts[p + k - 1];
            let joined = previous.token == part.token
                || (part.first
                    && (t.gap == Gap::Space || (t.gap == Gap::Dot && entry.words[k - 1] == "St")));
            if !joined {
                return None;
            }
        }
        let last = k + 1 == n;
        if same(word, &part.text) {
            end = part.range.end;
        } else if last && part.last && same(word, &part.base) {
            end = part.base_end;
        } else {
            return None;
        }
    }
    let last = parts.get(p + n - 1)?;
    // Not the start of a longer capitalised name: "Leeds" in "Leeds-Bradford"
    // is fine only with a lower-case part after it ("Leeds-based").
    let next_part = parts.get(p + n).filter(|next| next.token == last.token);
    if next_part.is_some_and(|next| !next.text.starts_with(char::is_lowercase)) {
        return None;
    }
    let first_token = parts[p].token;
    let last_token = last.token;
    let t = &tokens[first_token];
    let before = first_token
        .checked_sub(1)
        .and_then(|b| tokens.get(b))
        .filter(|b| t.gap == Gap::Space && !b.masked);
    let single = n == 1;
    if entry.after_the && !before.is_some_and(|b| b.word.eq_ignore_ascii_case("the")) {
        return None;
    }
    let nhs = before.is_some_and(|b| b.word == "NHS");
    let ordinary = single && words::is_ordinary(&parts[p].base);
    let mut strength = entry.kind.strength();
    if nhs {
        strength = Strength::Context;
    } else if ordinary {
        if !strong_context(tokens, first_token) {
            return None;
        }
    } else if entry.context_only {
        let after_based = next_part.is_some();
        if !(after_based
            || context_before(tokens, first_token)
            || context_after(tokens, last_token))
        {
            return None;
        }
    } else if single && t.sentence_start && words::is_common(&parts[p].base) {
        return None;
    }
    let start = if nhs {
        before.map_or(t.range.start, |b| b.range.start)
    } else {
        t.range.start
    };
    Some(Candidate::new(Category::Place, start..end, strength))
}

/// The lower-case words before token `i`, nearest first, within its
/// sentence.
fn words_before<'a>(tokens: &'a [Token], i: usize) -> impl Iterator<Item = &'a str> {
    let mut k = i;
    std::iter::from_fn(move || {
        let t = tokens.get(k)?;
        if t.sentence_start || !(t.gap == Gap::Space || t.gap == Gap::Comma) || k == 0 {
            return None;
        }
        k -= 1;
        let b = tokens.get(k)?;
        b.lower.then_some(b.word.as_ref())
    })
}

/// "in Reading", "near Bath", "moved to Wells", "came from Sale", or after
/// an institution's word ("Royal United Hospitals Bath").
fn context_before(tokens: &[Token], i: usize) -> bool {
    let mut before = words_before(tokens, i);
    let near = before.next();
    let further = before.next();
    match near {
        Some(w) if PREPOSITIONS.contains(&w) => true,
        Some("to" | "from") => further.is_some_and(|w| JOURNEYS.contains(&w) || HOMES.contains(&w)),
        _ => {
            let t = &tokens[i];
            t.gap == Gap::Space
                && i.checked_sub(1)
                    .and_then(|b| tokens.get(b))
                    .is_some_and(|b| b.cap && words::is_place_suffix(&b.base))
        }
    }
}

/// "lived in March", "moved to Eye", "grew up in Street": enough even for
/// a name that is mostly an ordinary word.
fn strong_context(tokens: &[Token], i: usize) -> bool {
    let mut before = words_before(tokens, i);
    let near = before.next();
    let further = before.next();
    matches!(near, Some("in" | "to" | "from" | "near" | "outside"))
        && further
            .is_some_and(|w| HOMES.contains(&w) || (near != Some("in") && JOURNEYS.contains(&w)))
}

/// "Reading General", "Bath-based" (handled by the caller), "Wells,
/// Somerset".
fn context_after(tokens: &[Token], last: usize) -> bool {
    let Some(next) = tokens.get(last + 1) else {
        return false;
    };
    match next.gap {
        Gap::Space => next.cap && AFTER.contains(&next.base.as_ref()),
        Gap::Comma => is_county(&next.base),
        _ => false,
    }
}

/// A one-word county or area that is a place wherever it is written.
fn is_county(word: &str) -> bool {
    GAZETTEER.get(word).is_some_and(|entries| {
        entries
            .iter()
            .any(|e| e.kind == Kind::County && e.words.len() == 1 && !e.context_only)
    })
}

/// How many names each list holds, for documentation and tests.
#[cfg(test)]
pub(super) fn sizes() -> [(&'static str, usize); 4] {
    let count = |list: &'static str| parse(list, Kind::Town).count();
    [
        ("towns and cities", count(PLACES)),
        ("counties and areas", count(COUNTIES)),
        ("health boards", count(HEALTH_BOARDS)),
        ("hospitals", count(HOSPITALS)),
    ]
}
