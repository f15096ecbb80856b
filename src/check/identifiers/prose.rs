//! Names and places: detectors that read words and their neighbours rather
//! than character shapes. The text is split into word tokens once, each
//! knowing whether it is capitalised, whether it starts a sentence and how
//! it is joined to the word before; the detectors then look at a token and
//! its neighbours, so the whole pass is linear in the text.

use std::borrow::Cow;
use std::ops::Range;

use super::names;
use super::words;
use super::{Candidate, Category, Strength};

/// How a token is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// Whitespace only, within a paragraph: "Leeds General".
    Space,
    /// A comma: "my sister, Aisha".
    Comma,
    /// A full stop: "Dr. Sarah", "J. Mensah".
    Dot,
    /// An ampersand: "Brighton & Hove".
    Amp,
    /// Anything else, or the start of the text or of a paragraph.
    Other,
}

#[derive(Debug)]
pub(super) struct Token<'t> {
    /// The whole token, possessive included.
    pub(super) range: Range<usize>,
    /// The end without a possessive "'s" or "'".
    pub(super) base_end: usize,
    /// The token with typographic apostrophes folded to `'`.
    pub(super) word: Cow<'t, str>,
    /// `word` without a possessive.
    pub(super) base: Cow<'t, str>,
    /// First letter upper case and some lower case after it ("Leeds",
    /// "O'Donnell"), or a single upper-case letter.
    pub(super) cap: bool,
    /// Two or more letters, all upper case ("NHS", "FY1").
    pub(super) upper: bool,
    /// First character lower case.
    pub(super) lower: bool,
    pub(super) sentence_start: bool,
    pub(super) gap: Gap,
    /// Part of a safe phrase ("Royal College of Psychiatrists").
    pub(super) masked: bool,
}

impl Token<'_> {
    /// A capitalised word of two letters or more.
    fn is_word_cap(&self) -> bool {
        self.cap && self.base.chars().count() > 1
    }

    /// A single capital letter: an initial, "I" or "A".
    fn is_initial(&self) -> bool {
        self.cap && self.base.chars().count() == 1
    }

    /// The word without a trailing possessive ("Okafor" of "Okafor's").
    fn name_range(&self) -> Range<usize> {
        self.range.start..self.base_end
    }

    /// The part before a hyphen ("Mary" in "Mary-Jane").
    fn first_part(&self) -> &str {
        self.base.split('-').next().unwrap_or_default()
    }
}

/// Runs the name and place detectors over `text`.
pub(super) fn scan(text: &str) -> Vec<Candidate> {
    let mut tokens = tokenize(text);
    mask_safe_phrases(&mut tokens);
    let mut found = Vec::new();
    super::places::scan(text, &tokens, &mut found);
    places(&tokens, &mut found);
    names(&tokens, &mut found);
    repeated_names(&tokens, &mut found);
    found
}

fn fold(word: &str) -> Cow<'_, str> {
    if word.contains('’') {
        Cow::Owned(word.replace('’', "'"))
    } else {
        Cow::Borrowed(word)
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '&')
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            let next_is_alnum = || {
                text.get(i + c.len_utf8()..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_alphanumeric)
            };
            if c.is_alphanumeric() || (is_joiner(c) && next_is_alnum()) {
                end = i + c.len_utf8();
                chars.next();
                continue;
            }
            // "St Thomas'": a closing apostrophe after an s is possessive.
            if matches!(c, '\'' | '’') && text[start..end].ends_with(['s', 'S']) {
                end = i + c.len_utf8();
                chars.next();
            }
            break;
        }
        let raw = &text[start..end];
        let base_raw = raw
            .strip_suffix("'s")
            .or_else(|| raw.strip_suffix("’s"))
            .or_else(|| raw.strip_suffix('\''))
            .or_else(|| raw.strip_suffix('’'))
            .filter(|b| !b.is_empty())
            .unwrap_or(raw);
        let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
        let first = raw.chars().next();
        let cap = first.is_some_and(char::is_uppercase)
            && (letters.len() == 1 || letters.iter().any(|c| c.is_lowercase()));
        let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        let previous = tokens.last();
        let gap_text = &text[previous.map_or(0, |p| p.range.end)..start];
        let gap = match previous {
            None => Gap::Other,
            Some(_) => classify(gap_text),
        };
        let sentence_start = match previous {
            None => true,
            Some(p) => starts_sentence(gap_text, p),
        };
        tokens.push(Token {
            range: start..end,
            base_end: start + base_raw.len(),
            word: fold(raw),
            base: fold(base_raw),
            cap,
            upper,
            lower: first.is_some_and(char::is_lowercase),
            sentence_start,
            gap,
            masked: false,
        });
    }
    tokens
}

fn is_paragraph_break(gap: &str) -> bool {
    gap.matches('\n').count() >= 2
}

fn classify(gap: &str) -> Gap {
    if is_paragraph_break(gap) {
        return Gap::Other;
    }
    match gap.trim() {
        "" => Gap::Space,
        "," => Gap::Comma,
        "." => Gap::Dot,
        "&" => Gap::Amp,
        _ => Gap::Other,
    }
}

/// Whether the token after `gap` begins a sentence (or a quotation, or a
/// bracket, where capitals mean as little).
fn starts_sentence(gap: &str, previous: &Token) -> bool {
    if is_paragraph_break(gap) {
        return true;
    }
    if gap.contains(['!', '?', ';', ':', '…']) {
        return true;
    }
    if gap.contains('.') {
        let abbreviation =
            gap.trim() == "." && (words::is_abbreviation(&previous.base) || previous.is_initial());
        if !abbreviation {
            return true;
        }
    }
    gap.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '"' | '“' | '‘' | '\'' | '(' | '['))
}

/// Marks the tokens of safe phrases ("Royal College of …", "Practitioner
/// Health", "Christmas Eve"): they are never part of a name or a place.
fn mask_safe_phrases(tokens: &mut [Token]) {
    let mut i = 0;
    while i < tokens.len() {
        let mut covered = 0;
        for phrase in words::safe_phrases(&tokens[i].word) {
            let mut n = 0;
            let mut matched = true;
            for (k, word) in phrase.iter().enumerate() {
                if *word == "…" {
                    // The capitalised words (and connectors) that follow.
                    while let Some(t) = tokens.get(i + n) {
                        let joined = t.gap == Gap::Space || t.gap == Gap::Amp;
                        if joined && (t.is_word_cap() || t.upper || words::is_connector(&t.word)) {
                            n += 1;
                        } else {
                            break;
                        }
                    }
                    break;
                }
                let Some(t) = tokens.get(i + k) else {
                    matched = false;
                    break;
                };
                if t.word != *word || (k > 0 && t.gap != Gap::Space) {
                    matched = false;
                    break;
                }
                n = k + 1;
            }
            if matched && n > 0 {
                covered = n;
                break;
            }
        }
        if covered > 0 {
            for t in &mut tokens[i..i + covered] {
                t.masked = true;
            }
            i += covered;
        } else {
            i += 1;
        }
    }
}

// ---------------------------------------------------------------- places

fn places(tokens: &[Token], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.masked || !(t.is_word_cap() || t.upper) {
            i += 1;
            continue;
        }
        let end = run_end(tokens, i);
        named_place(tokens, i, end, out);
        i = end + 1;
    }
}

/// The last token of the run of capitalised words (with connectors between
/// them) that starts at `start`: "Leeds General Infirmary", "University of
/// the West of England".
fn run_end(tokens: &[Token], start: usize) -> usize {
    let joined = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            !t.masked
                && (t.gap == Gap::Space
                    || t.gap == Gap::Amp
                    || (t.gap == Gap::Dot && previous(tokens, k).is_some_and(|p| p.base == "St")))
        })
    };
    let capital = |k: usize| tokens.get(k).is_some_and(|t| t.is_word_cap() || t.upper);
    let connector = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|t| t.lower && words::is_connector(&t.word))
    };
    let mut end = start;
    loop {
        // A possessive institution ends the name: "the Trust's policy".
        if tokens[end].base != tokens[end].word && words::is_place_suffix(&tokens[end].base) {
            return end;
        }
        let next = end + 1;
        if joined(next) && capital(next) {
            end = next;
        } else if joined(next) && connector(next) && joined(next + 1) && capital(next + 1) {
            // One connector: "University of Leeds", "Brighton and Sussex".
            end = next + 1;
        } else if joined(next)
            && tokens
                .get(next)
                .is_some_and(|t| matches!(t.word.as_ref(), "of" | "for"))
            && joined(next + 1)
            && tokens.get(next + 1).is_some_and(|t| t.word == "the")
            && joined(next + 2)
            && capital(next + 2)
        {
            // "University of the West of England".
            end = next + 2;
        } else {
            return end;
        }
    }
}

/// A run of capitalised words is a named place if it has an institutional
/// word (Hospital, Surgery, Ward…) and a distinctive word that is not a
/// role, a service or a generic word: "Riverside Medical Centre" is a place,
/// "the Professional Support Unit" is not. "St <Name>" is a place alone.
fn named_place(tokens: &[Token], start: usize, end: usize, out: &mut Vec<Candidate>) {
    let run = &tokens[start..=end];
    // Drop leading words that are not part of a name: "The", "Our", and a
    // sentence-starting adverb ("Later Riverside Surgery rang").
    let lead = run
        .iter()
        .take_while(|t| {
            words::is_common(&t.base)
                || words::is_connector(&t.word)
                || t.upper
                || (t.sentence_start && (t.base.ends_with("ly") || t.base.ends_with("ing")))
        })
        .count();
    let run = &run[lead.min(run.len())..];
    let Some(first) = run.first() else { return };
    let Some(last) = run.last() else { return };
    let building = run.iter().rposition(|t| words::is_building_suffix(&t.base));
    let has_suffix = run.iter().any(|t| t.cap && words::is_place_suffix(&t.base));
    let distinctive = run.iter().enumerate().any(|(p, t)| {
        if !t.is_word_cap() || words::is_connector(&t.word) {
            return false;
        }
        if building.is_some_and(|b| p < b) {
            // Before "House" or "Road" a name may be an institution's word
            // ("Deanery House") but not a service's ("Crisis House").
            return !words::is_common(&t.base)
                && (!words::is_service(&t.base) || words::is_place_suffix(&t.base));
        }
        !words::is_ordinary(&t.base) && !words::is_place_suffix(&t.base)
    });
    // "St Mary's", and the Welsh "Ysbyty Gwynedd" (hospital).
    let saint = matches!(first.base.as_ref(), "St" | "Saint" | "Ysbyty") && run.len() > 1;
    if (has_suffix && distinctive) || saint {
        out.push(Candidate::new(
            Category::Place,
            first.range.start..last.range.end,
            Strength::Context,
        ));
    }
}

// ----------------------------------------------------------------- names

/// Whether a word could be a given name of any kind.
fn any_name(word: &str) -> bool {
    words::is_given_name(word) || words::is_word_name(word) || words::is_rare_name(word)
}

/// Whether `t` could be a surname after a given name or a title:
/// capitalised, and not an ordinary, institutional or title word.
fn surname_like(t: &Token) -> bool {
    t.is_word_cap()
        && !t.masked
        && t.gap == Gap::Space
        && !words::is_ordinary(&t.base)
        && !words::is_place_suffix(&t.base)
        && !words::is_title(&t.base)
}

/// The end of the surnames after token `i` (up to two, with the particles
/// between them: "de la Cruz", "Ní Bhriain", "bin Rashid"), or `i` if none.
fn surnames_end(tokens: &[Token], i: usize) -> usize {
    let mut end = i;
    let mut words = 0;
    let mut k = i + 1;
    while words < 2 {
        while tokens
            .get(k)
            .is_some_and(|t| t.gap == Gap::Space && is_name_particle(t))
        {
            k += 1;
        }
        if !tokens
            .get(k)
            .is_some_and(|t| surname_like(t) || is_article_surname(t))
        {
            break;
        }
        end = k;
        words += 1;
        k += 1;
    }
    end
}

fn previous<'a, 't>(tokens: &'a [Token<'t>], i: usize) -> Option<&'a Token<'t>> {
    i.checked_sub(1).and_then(|p| tokens.get(p))
}

fn names(tokens: &[Token], out: &mut Vec<Candidate>) {
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if t.masked || !t.is_word_cap() {
            continue;
        }
        // "Resident Doctor Forum", "Junior Doctor": a role, not a title.
        let role = t.base == "Doctor"
            && t.gap == Gap::Space
            && previous(tokens, i).is_some_and(|p| p.cap || p.upper);
        if words::is_title(&t.base) && t.base == t.word && !role {
            if let Some(range) = after_title(tokens, i) {
                out.push(Candidate::new(Category::Name, range, Strength::Context));
                continue;
            }
        }
        let strength = name_strength(tokens, i).or_else(|| naming_context(tokens, i));
        if let Some(strength) = strength {
            let end = surnames_end(tokens, i);
            let strength = if end > i { Strength::Context } else { strength };
            let last = &tokens[end];
            out.push(Candidate::new(
                Category::Name,
                t.range.start..last.base_end,
                strength,
            ));
        }
    }
}

/// The name after a title at `i` ("Dr J. Mensah", "Professor Sir John
/// Bell", "Mr O'Donnell"), without the title. A title followed only by an
/// initial ("Dr X", "Mr B") is already anonymised and is not reported.
fn after_title(tokens: &[Token], i: usize) -> Option<Range<usize>> {
    let mut j = i + 1;
    let joined = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            !t.masked
                && (t.gap == Gap::Space
                    || (t.gap == Gap::Dot
                        && previous(tokens, k)
                            .is_some_and(|p| words::is_abbreviation(&p.base) || p.is_initial())))
        })
    };
    // Chained titles: "Professor Sir", "Prof. Dame".
    while joined(j)
        && tokens
            .get(j)
            .is_some_and(|t| t.is_word_cap() && words::is_title(&t.base))
    {
        j += 1;
    }
    let first = j;
    let mut last = None;
    let mut has_word = false;
    while j < first + 4 && joined(j) {
        let Some(t) = tokens.get(j) else { break };
        let initial = t.is_initial() && t.base != "I";
        let particle = t.lower
            && words::is_particle(&t.word)
            && tokens.get(j + 1).is_some_and(|n| n.is_word_cap());
        if initial || particle {
            last = Some(j);
        } else if t.is_word_cap()
            && (any_name(&t.base) || !words::is_ordinary(&t.base))
            && !words::is_place_suffix(&t.base)
        {
            last = Some(j);
            has_word = true;
        } else {
            break;
        }
        j += 1;
    }
    let last = last.filter(|_| has_word)?;
    Some(tokens[first].range.start..tokens[last].base_end)
}

/// Whether the capitalised token at `i` is a name, and how sure that is.
fn name_strength(tokens: &[Token], i: usize) -> Option<Strength> {
    let t = &tokens[i];
    let before =
        previous(tokens, i).filter(|p| !p.masked && (t.gap == Gap::Space || t.gap == Gap::Comma));
    let after = tokens.get(i + 1).filter(|n| n.gap == Gap::Space);
    // After St or Saint it is a place ("St Mary's"), found by `places`.
    if previous(tokens, i).is_some_and(|p| matches!(p.base.as_ref(), "St" | "Saint")) {
        return None;
    }
    let name = &t.base;
    let relation = before.is_some_and(|p| p.lower && words::is_relation(&p.word));
    let called = before
        .is_some_and(|p| t.gap == Gap::Space && matches!(p.word.as_ref(), "called" | "named"));
    if relation
        && !t.upper
        && !words::is_title(name)
        && (any_name(name) || !words::is_ordinary(name))
    {
        return Some(Strength::Context);
    }
    if called && any_name(name) {
        return Some(Strength::Context);
    }
    if words::is_given_name(name) || words::is_given_name(t.first_part()) {
        return Some(Strength::Guess);
    }
    let word_name = words::is_word_name(name);
    if !word_name && !words::is_rare_name(name) {
        return None;
    }
    // A name context: a surname after it, a reporting verb ("Jack said"),
    // or "and I" / "and me" ("Grace and I").
    let determiner_or_cap = previous(tokens, i)
        .filter(|_| !t.sentence_start)
        .is_some_and(|p| p.cap || p.upper || (p.lower && words::is_determiner(&p.word)));
    let surname = tokens.get(i + 1).is_some_and(surname_like);
    let reporting = after.is_some_and(|n| n.lower && words::is_reporting_verb(&n.word));
    let and_i = after.is_some_and(|n| n.word == "and")
        && tokens
            .get(i + 2)
            .is_some_and(|n| n.gap == Gap::Space && matches!(n.word.as_ref(), "I" | "me"));
    if !determiner_or_cap && (surname || reporting || and_i) {
        return Some(Strength::Context);
    }
    // A word-like name in mid-sentence after a lower-case word that is not
    // an article: "I told Will", "coffee with Hope".
    let mid_sentence = !t.sentence_start
        && t.gap == Gap::Space
        && previous(tokens, i).is_some_and(|p| p.lower && !words::is_determiner(&p.word));
    if word_name && mid_sentence {
        return Some(Strength::Guess);
    }
    None
}

// -------------------------------------------------------- naming contexts

/// A particle inside a name, before the capitalised word it belongs to:
/// "van", "de", "bin", "bint" and the Irish "Ó", "Ní", "Nic", "Mac".
fn is_name_particle(t: &Token) -> bool {
    (t.lower && words::is_particle(&t.word))
        || matches!(
            t.word.as_ref(),
            "bint" | "Ó" | "Ní" | "Nic" | "Mac" | "Mc" | "Uí" | "Ua"
        )
}

/// An Arabic surname with its article written in lower case: "al-Rashid",
/// "el-Sayed".
fn is_article_surname(t: &Token) -> bool {
    t.gap == Gap::Space
        && !t.masked
        && t.base.split_once('-').is_some_and(|(article, rest)| {
            matches!(
                article,
                "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "ul" | "ud"
            ) && rest.chars().next().is_some_and(char::is_uppercase)
        })
}

/// A capitalised word that a naming context may make a name: not a
/// function word, role, service, title, institution, town, drug, brand or
/// medical eponym.
fn nameable(t: &Token) -> bool {
    let name = t.base.as_ref();
    t.is_word_cap()
        && !t.masked
        && !words::is_ordinary(name)
        && !words::is_title(name)
        && !words::is_place_suffix(name)
        && (!super::places::is_one_word_place(name) || names::given(name).is_some())
        && !names::is_not_a_name(name)
        && !(t.word != t.base && names::is_eponym(name))
        && !has_inner_capital(name)
}

/// A capital inside a word, as brands and schemes have ("SuppoRTT",
/// "WhatsApp"), but not after a name's prefix or joiner ("McDonald",
/// "MacLeod", "O'Brien", "Smith-Jones").
fn has_inner_capital(word: &str) -> bool {
    let rest = word
        .strip_prefix("Mc")
        .or_else(|| word.strip_prefix("Mac"))
        .unwrap_or(word);
    let mut previous = None;
    for (k, c) in rest.char_indices() {
        if k > 0 && c.is_uppercase() && !matches!(previous, Some('-' | '\'' | '’')) {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// Whether a nameable word in mid-sentence is a name by itself once a
/// naming context points at it: a listed name, or no English word.
fn name_or_foreign(t: &Token) -> bool {
    names::any(&t.base).is_some() || !names::is_english_word(&t.base)
}

/// Whether the capitalised token at `i` is a name because of the words
/// around it, where the lists alone do not say so:
/// - a nickname or any word after "my mate", "a friend called", "we called
///   him", "known as", "nicknamed" ("my mate Dev", "known as Jonno");
/// - a surname or name alone before "said", "told", "asked", "'s office",
///   "and I"… ("Przybylski said"), or after "told", "asked", "rang",
///   "met", "with"… ("I rang Henderson"), when it is a listed name or no
///   English word; at the start of a sentence only a listed name that is no
///   English word ("Henderson told me");
/// - a context-only given name before a listed surname ("Grace Okafor").
fn naming_context(tokens: &[Token], i: usize) -> Option<Strength> {
    let t = &tokens[i];
    // A surname that is also a service word ("Brown", "Young") counts only
    // before a reporting verb, below.
    let surname_word = t.is_word_cap()
        && !t.masked
        && words::is_service(&t.base)
        && !words::is_common(&t.base)
        && !words::is_title(&t.base)
        && names::surname(&t.base).is_some();
    if !nameable(t) && !surname_word {
        return None;
    }
    let word = |k: usize| tokens.get(k).map(|t| t.word.as_ref());
    let before = |back: usize| {
        i.checked_sub(back)
            .and_then(|k| tokens.get(k))
            .filter(|p| !p.masked && p.lower)
            .map(|p| p.word.as_ref())
    };
    let joined = t.gap == Gap::Space || t.gap == Gap::Comma;
    // Nicknames: any such word, English or not ("known as Sunny").
    let nickname = joined
        && (matches!(before(1), Some("nicknamed" | "aka" | "nickname"))
            || matches!(
                (before(2), before(1)),
                (Some("known" | "go" | "goes" | "went"), Some("as" | "by"))
            )
            || (matches!(before(1), Some("called" | "named" | "call" | "calls"))
                && before(2).is_some_and(words::is_relation))
            || (matches!(before(1), Some("him" | "her" | "them" | "me" | "us"))
                && matches!(
                    before(2),
                    Some("called" | "call" | "calls" | "calling" | "nicknamed")
                )));
    if !nameable(t) {
        let reporting = tokens
            .get(i + 1)
            .is_some_and(|n| n.gap == Gap::Space && n.lower && is_naming_verb(&n.word));
        let mid_sentence = !t.sentence_start
            && previous(tokens, i).is_some_and(|p| p.lower && !words::is_determiner(&p.word));
        return (reporting && mid_sentence).then_some(Strength::Context);
    }
    if nickname || (joined && before(1).is_some_and(is_friend_word)) {
        return Some(Strength::Context);
    }
    // Not after an article ("the Reg said") nor inside a run of capitalised
    // words ("Occupational Health said"), but after a sentence-starting
    // function word ("Then Grace Okafor").
    // Between commas after a noun: "one of them, Dawn, sat with me".
    let appositive = t.gap == Gap::Comma
        && tokens.get(i + 1).is_some_and(|n| n.gap == Gap::Comma)
        && previous(tokens, i).is_some_and(|p| p.lower && !words::is_determiner(&p.word))
        && (names::given(&t.base).is_some() || any_name(&t.base));
    if appositive {
        return Some(Strength::Context);
    }
    let previous_ok = t.sentence_start
        || previous(tokens, i).is_none_or(|p| {
            let article = words::is_determiner(&p.word.to_lowercase());
            let capital = (p.cap || p.upper) && !words::is_common(&p.base);
            !article && !capital
        });
    if !previous_ok {
        return None;
    }
    let next = |k: usize| tokens.get(k).filter(|n| n.gap == Gap::Space && n.lower);
    let naming_verb = next(i + 1).is_some_and(|n| is_naming_verb(&n.word));
    let reporting = naming_verb
        || (word(i + 1) == Some("had")
            && next(i + 1).is_some()
            && next(i + 2).is_some_and(|n| n.word == "been"))
        || (word(i + 1) == Some("and")
            && tokens
                .get(i + 2)
                .is_some_and(|n| n.gap == Gap::Space && matches!(n.word.as_ref(), "I" | "me")))
        || (t.word != t.base
            && next(i + 1).is_some_and(|n| {
                matches!(
                    n.word.as_ref(),
                    "office" | "desk" | "room" | "clinic" | "team" | "list"
                )
            }));
    let after_verb =
        !t.sentence_start && t.gap == Gap::Space && before(1).is_some_and(is_verb_before_name);
    // Before a description of a role: "Okafor, the consultant who…".
    let described = tokens.get(i + 1).is_some_and(|n| {
        n.gap == Gap::Comma && matches!(n.word.as_ref(), "the" | "a" | "an" | "my" | "our")
    }) && tokens
        .get(i + 2)
        .is_some_and(|n| n.gap == Gap::Space && n.lower && words::is_relation(&n.word));
    if described && name_or_foreign(t) && (!t.sentence_start || !names::is_english_word(&t.base)) {
        return Some(Strength::Context);
    }
    if t.sentence_start {
        let listed = names::any(&t.base) == Some(names::Known::Name);
        if reporting && (listed || naming_verb) && !names::is_english_word(&t.base) {
            return Some(Strength::Context);
        }
    } else if (reporting || after_verb) && name_or_foreign(t) {
        return Some(Strength::Context);
    }
    // A given name that is also a word, before a listed surname.
    let context_given = names::given(&t.base).is_some() || any_name(&t.base);
    let surname_next = tokens.get(i + 1).is_some_and(|n| {
        surname_like(n)
            && nameable(n)
            && (names::surname(&n.base) == Some(names::Known::Name)
                || !names::is_english_word(&n.base))
    });
    (context_given && surname_next).then_some(Strength::Context)
}

/// "my mate Dev", "my pal Jonno": words for a friend that the relation
/// list leaves out.
fn is_friend_word(word: &str) -> bool {
    matches!(
        word,
        "mate" | "mates" | "pal" | "pals" | "bestie" | "flatmates" | "housemates"
    )
}

/// Verbs after which a capitalised word is a person: "Henderson said".
fn is_naming_verb(word: &str) -> bool {
    words::is_reporting_verb(word)
        || matches!(
            word,
            "shouted"
                | "yelled"
                | "snapped"
                | "added"
                | "warned"
                | "muttered"
                | "sighed"
                | "replied"
                | "wrote"
                | "rang"
                | "emailed"
                | "asked"
                | "told"
        )
}

/// Verbs and prepositions before a capitalised word that make it a person:
/// "I rang Henderson", "coffee with Przybylski".
fn is_verb_before_name(word: &str) -> bool {
    matches!(
        word,
        "told"
            | "asked"
            | "called"
            | "rang"
            | "phoned"
            | "emailed"
            | "texted"
            | "messaged"
            | "saw"
            | "met"
            | "with"
            | "thanked"
            | "paged"
            | "bleeped"
            | "tell"
            | "ask"
            | "ring"
            | "phone"
            | "email"
            | "text"
            | "meet"
            | "thank"
            | "see"
    )
}

/// Later mentions of a name found in a naming context: once "my mate
/// Dodgy" or "Dr Oyelaran" is found, "Dodgy came to my lunch" and
/// "Oyelaran had one too" are names as well. A name that is also a word is
/// repeated only in mid-sentence and not after an article ("my friend
/// Will" does not make "Will I cope?" a name).
fn repeated_names(tokens: &[Token], found: &mut Vec<Candidate>) {
    let mut sure: Vec<Range<usize>> = found
        .iter()
        .filter(|c| c.category == Category::Name && c.strength >= Strength::Context)
        .map(|c| c.range.clone())
        .collect();
    if sure.is_empty() {
        return;
    }
    sure.sort_by_key(|r| r.start);
    let inside = |range: &Range<usize>| {
        let before = sure.partition_point(|r| r.start <= range.start);
        before > 0 && sure[before - 1].end >= range.end
    };
    let repeatable = |t: &Token| {
        t.is_word_cap()
            && !t.masked
            && !words::is_common(&t.base)
            && !words::is_title(&t.base)
            && !is_name_particle(t)
    };
    let mut known: Vec<&str> = tokens
        .iter()
        .filter(|t| repeatable(t) && inside(&t.name_range()))
        .map(|t| t.base.as_ref())
        .collect();
    known.sort_unstable();
    known.dedup();
    for (i, t) in tokens.iter().enumerate() {
        if !repeatable(t) || known.binary_search(&t.base.as_ref()).is_err() {
            continue;
        }
        let word_like = names::is_english_word(&t.base)
            || words::is_word_name(&t.base)
            || words::is_rare_name(&t.base)
            || words::is_ordinary(&t.base);
        let after_article =
            previous(tokens, i).is_some_and(|p| words::is_determiner(&p.word.to_lowercase()));
        if word_like && (t.sentence_start || after_article) {
            continue;
        }
        found.push(Candidate::new(
            Category::Name,
            t.name_range(),
            Strength::Guess,
        ));
    }
}
