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
//! it is written with its capitals. Besides the lists: a capitalised word
//! where only a place fits ("grew up in Llandderfel", "came from Enugu"),
//! and roads by number ("the A66").

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

/// Makes the gazetteer now (see [`super::warm`]).
pub(super) fn warm() {
    LazyLock::force(&GAZETTEER);
}

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
const PREPOSITIONS: &str = "
in at near outside around towards toward via into off past through beyond
nearer
";

/// Words before "to" or "from" that make it about a person ("talked to
/// Shirley", "a text from Stanley") rather than a journey ("moved to Bath",
/// "a locksmith from Beverley").
const PEOPLE: &str = "
talked talk talking spoke speak speaking said say saying wrote write writing
told explained listened listen replied reply sent send gave give handed
emailed texted messaged introduced married engaged next close kind nice mean
rude thanks thank text message messages call calls email emails letter
letters note card visit visits help support word news advice heard hear
received got apology belonged belongs up due according nothing lot much
mattered matters report reported refer referred pass passed handover
apologised apologized waved turned
";

/// Whether `word` is one of the whitespace-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Word pairs before a name that make it a place even when it is missing
/// from the lists ("grew up in Llandderfel", "came from Enugu") or is mostly
/// a word ("lived in March"): the word before the preposition, and the
/// prepositions it takes.
const HOMES: &[(&str, &[&str])] = &[
    ("lived", &["in", "near", "outside"]),
    ("live", &["in", "near", "outside"]),
    ("lives", &["in", "near", "outside"]),
    ("living", &["in", "near", "outside"]),
    ("flat", &["in", "near", "outside"]),
    ("house", &["in", "near", "outside"]),
    ("cottage", &["in", "near", "outside"]),
    ("moved", &["to", "from"]),
    ("move", &["to", "from"]),
    ("moving", &["to", "from"]),
    ("relocated", &["to", "from"]),
    ("emigrated", &["to", "from"]),
];

/// Pairs that make a place of a capitalised word missing from the lists,
/// but are too common with months to be enough for "March" ("born in
/// March").
const ORIGINS: &[(&str, &[&str])] = &[
    ("born", &["in"]),
    ("raised", &["in"]),
    ("up", &["in"]),
    ("based", &["in"]),
    ("settled", &["in"]),
    ("qualified", &["in"]),
    ("trained", &["in"]),
    ("studied", &["in"]),
    ("graduated", &["in"]),
    ("village", &["in", "near", "outside"]),
    ("town", &["in", "near", "outside"]),
    ("farm", &["in", "near", "outside"]),
    ("came", &["from", "to"]),
    ("come", &["from", "to"]),
    ("coming", &["from", "to"]),
    ("over", &["from"]),
    ("originally", &["from"]),
    ("fled", &["from", "to"]),
    ("returned", &["from", "to"]),
    ("back", &["from", "to"]),
    ("travelled", &["from", "to"]),
    ("flew", &["from", "to"]),
    ("am", &["from"]),
    ("is", &["from"]),
    ("was", &["from"]),
    ("were", &["from"]),
    ("are", &["from"]),
];

/// Capitalised words after a context-only name that make it a place
/// ("Reading General", "Bath Royal").
const AFTER: &str = "
General Royal Infirmary Hospital Hospitals University Station Council
Borough Airport Cathedral Town City District NHS
";

/// Words after a place's name that make it the name of a score, a scale or
/// a book instead ("Glasgow Coma Scale", "Wells score", "Oxford Handbook").
const EPONYMS: &str = "
Coma Scale Score score scale scores criteria Criteria Classification
classification Triage triage Handbook handbook Protocol protocol Rules rules
Declaration Convention Agreement Model model Method method Blatchford
Staging staging Grading grading Questionnaire questionnaire
";

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
    unlisted(tokens, out);
    roads(tokens, out);
}

/// A road by its number after "the": "the A66", "the M62", "the B4391".
/// Not "the A4 paper".
fn roads(tokens: &[Token], out: &mut Vec<Candidate>) {
    const NOT_ROADS: &str = "
        paper sheet sheets size page pages envelope envelopes format printout
        poster folder pad notebook pile print grade grades form forms level
    ";
    for (i, t) in tokens.iter().enumerate() {
        let mut chars = t.word.chars();
        let Some(letter) = chars.next() else { continue };
        let digits = chars.as_str();
        let number = !digits.is_empty()
            && digits.len() <= 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        let road = number
            && match letter {
                'A' | 'M' => true,
                'B' => digits.len() == 4,
                _ => false,
            };
        if !road || t.masked {
            continue;
        }
        let after_the = t.gap == Gap::Space
            && i.checked_sub(1)
                .and_then(|b| tokens.get(b))
                .is_some_and(|b| b.word == "the");
        let paper = tokens
            .get(i + 1)
            .is_some_and(|n| n.gap == Gap::Space && listed(NOT_ROADS, &n.word));
        if after_the && !paper {
            out.push(Candidate::new(
                Category::Place,
                t.range.clone(),
                Strength::Guess,
            ));
        }
    }
}

/// Endings of abstract nouns, which are not places even where one could be
/// ("trained in Leadership", "came to Acceptance").
const ABSTRACT_ENDINGS: &[&str] = &[
    "ship", "ment", "ness", "tion", "sion", "ology", "ics", "ism", "ity", "ance", "ence",
];

/// A capitalised word missing from the lists, where only a place fits:
/// "grew up in Llandderfel", "came from Enugu", "a cottage outside
/// Aberdaron", "qualified in Cluj-Napoca". Up to three capitalised words,
/// none of them an ordinary word or a person's name.
fn unlisted(tokens: &[Token], out: &mut Vec<Candidate>) {
    let placeish = |t: &Token| {
        t.cap
            && t.base.chars().count() > 1
            && !t.masked
            && !words::is_ordinary(&t.base)
            && !words::is_title(&t.base)
            && !words::is_given_name(&t.base)
            && !words::is_word_name(&t.base)
            && !words::is_rare_name(&t.base)
            && !ABSTRACT_ENDINGS.iter().any(|e| t.base.ends_with(e))
    };
    for (i, t) in tokens.iter().enumerate() {
        if t.sentence_start || t.gap != Gap::Space || !placeish(t) {
            continue;
        }
        if !pair_before(tokens, i, HOMES) && !pair_before(tokens, i, ORIGINS) {
            continue;
        }
        let mut last = i;
        while last < i + 2
            && tokens
                .get(last + 1)
                .is_some_and(|n| n.gap == Gap::Space && placeish(n))
        {
            last += 1;
        }
        out.push(Candidate::new(
            Category::Place,
            t.range.start..tokens[last].base_end,
            Strength::Guess,
        ));
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
    let eponym = tokens
        .get(last_token + 1)
        .is_some_and(|n| n.gap == Gap::Space && listed(EPONYMS, &n.word));
    if eponym {
        return None;
    }
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
    } else if entry.context_only || (single && entry.kind == Kind::Town && is_name(&parts[p].base))
    {
        let after_based = next_part.is_some();
        // "at the Princess Royal": the context is before "the".
        let context_at = if entry.after_the {
            first_token.saturating_sub(1)
        } else {
            first_token
        };
        if !(after_based || context_before(tokens, context_at) || context_after(tokens, last_token))
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
        Some(w) if listed(PREPOSITIONS, w) => true,
        Some("to" | "from") => !further.is_some_and(|w| listed(PEOPLE, w)),
        _ => {
            let t = &tokens[i];
            t.gap == Gap::Space
                && i.checked_sub(1)
                    .and_then(|b| tokens.get(b))
                    .is_some_and(|b| b.cap && words::is_place_suffix(&b.base))
        }
    }
}

/// Whether the two words before token `i` are one of `pairs`.
fn pair_before(tokens: &[Token], i: usize, pairs: &[(&str, &[&str])]) -> bool {
    let mut before = words_before(tokens, i);
    let (Some(near), Some(further)) = (before.next(), before.next()) else {
        return false;
    };
    pairs
        .iter()
        .any(|(word, prepositions)| *word == further && prepositions.contains(&near))
}

/// "lived in March", "moved to Eye": enough even for a name that is mostly
/// an ordinary word.
fn strong_context(tokens: &[Token], i: usize) -> bool {
    pair_before(tokens, i, HOMES)
}

/// "Reading General", "Bath-based" (handled by the caller), "Wells,
/// Somerset".
fn context_after(tokens: &[Token], last: usize) -> bool {
    let Some(next) = tokens.get(last + 1) else {
        return false;
    };
    match next.gap {
        Gap::Space if next.word == "in" => tokens
            .get(last + 2)
            .is_some_and(|t| t.gap == Gap::Space && t.cap && is_plain_place(&t.base)),
        Gap::Space => next.cap && listed(AFTER, &next.base),
        Gap::Comma => is_county(&next.base),
        _ => false,
    }
}

/// A given name of the name lists: a town of that name ("Sofia") is more
/// often the person.
fn is_name(word: &str) -> bool {
    words::is_given_name(word) || words::is_word_name(word) || words::is_rare_name(word)
}

/// A one-word town or county that is a place wherever it is written.
fn is_plain_place(word: &str) -> bool {
    GAZETTEER.get(word).is_some_and(|entries| {
        entries
            .iter()
            .any(|e| e.words.len() == 1 && !e.context_only && !e.after_the)
    })
}

/// A one-word name of any list (a town, county, health board or hospital,
/// context-only ones included): a word a naming context should not take
/// for a person's name unless it is also a given name.
pub(super) fn is_one_word_place(word: &str) -> bool {
    GAZETTEER
        .get(word)
        .is_some_and(|entries| entries.iter().any(|e| e.words.len() == 1))
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
