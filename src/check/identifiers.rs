//! Identifier scanner: finds what could identify a person in the prose of a
//! recovery story, so that the story can be checked before it is published.
//!
//! Input: plain text (paragraphs separated by blank lines, no markdown
//! syntax) and the terms the author has checked and keeps. Output: findings,
//! each a category, a byte range into the text and the text found, sorted by
//! position and never overlapping. A pure function: no I/O, no state between
//! calls; patterns and word lists are compiled once and shared.
//!
//! What it catches:
//! - personal names: after a title (Dr, Mrs, Prof., Sister, Matron…), after
//!   a relative, partner, friend or colleague ("my husband Tom", "her
//!   sister, Aisha", "my mate Dev"), after "called"/"named", "known as",
//!   "nicknamed", "we called him"; given names and surnames from data files
//!   (~16,000 given names and ~35,000 surnames from Faker's locales of the
//!   UK's communities, the 1990 US census lists and a hand list: see
//!   `identifiers/data/NAMES-NOTICE.md`), with a following surname
//!   ("Fatima Hussain", "Siobhán Ní Bhriain", "Maria de la Cruz", "Omar
//!   al-Farouq"); a surname or unknown word alone in a naming context
//!   ("Przybylski said", "I rang Henderson", "coffee with Nowak",
//!   "Henderson's office", "Okafor, the consultant"); and every later
//!   mention of a name once found ("Dr Oyelaran … Oyelaran had one too").
//!   Names that are also common English words (Will, Grace, Brown, Young…)
//!   are found only in such contexts, the hand-listed ones (Will, Grace,
//!   Hope, Mark…) also in mid-sentence after a lower-case word; names that
//!   are mostly something else (May, Summer, Dean, Major…) only in those
//!   contexts;
//! - named places: a name before Hospital, Infirmary, NHS Foundation Trust,
//!   Teaching Hospitals, Health Board, Surgery, Medical Centre, Practice,
//!   Clinic, Ward, Unit, University, House, Road… ("Riverside Medical
//!   Centre"), "University of Leeds", "St Mary's", "Ward 7B"; every UK town
//!   and village of 1,000 people or more in GeoNames (~4,100, compiled in,
//!   including "Stoke-on-Trent", "Bury St Edmunds") and the world's cities
//!   of 500,000 or more ("Lagos"), counties and areas
//!   ("Shropshire", "the Wirral"), Welsh and Scottish health boards and
//!   Northern Ireland's trusts ("Betsi Cadwaladr", "NHS Grampian"), and
//!   ~430 hospitals known by a short name or initials ("Addenbrooke's",
//!   "the Freeman", "Ninewells", "the QE", "RVI"). Places that are also
//!   common words or people's names (Reading, Bath, March, Hope, Shirley)
//!   only in a place-like context ("in Reading", "moved to Bath",
//!   "Wells-based"); a capitalised word missing from the lists where only a
//!   place fits ("grew up in Llandderfel", "came from Enugu"); roads by
//!   number ("the A66", "the M62");
//! - specific dates: a day and a month ("3 March", "March 3rd", "the 14th of
//!   February"), numeric dates with a year (03/03/2024, 3.3.24, 2024-03-03),
//!   and a fixed holiday with a year ("Boxing Day 2021");
//! - ages: "aged 29", "29 years old", "a 34-year-old", "age 41", "I was 29",
//!   "turned 30", "at 28, I…", "a stroke at 34,", "Kayode was twenty-five",
//!   in digits or words;
//! - phone numbers (UK and international), NHS numbers (10 digits with a
//!   valid check digit), GMC numbers (7 digits), email addresses, web
//!   addresses, social media and forum handles (`@name`,
//!   `@name@host.social`, `name.bsky.social`, `u/name`, and "username
//!   tired_reg"; a community, `r/name`, names no one), and UK postcodes
//!   in any case, spaced or not ("sw1a 1aa", "M139PL"), with an outward
//!   code alone ("LS6") after "postcode", "in", "moved to";
//! - vehicle registrations: the current, prefix and suffix formats ("KX19
//!   PTO", "A123 BCD", "ABC 123D"), Northern Irish ("ABZ 1234") and Irish
//!   ("09-D-41872") plates, and dateless plates ("ABC 123") after "reg",
//!   "car", "parked"…;
//! - the numbers a hospital gives a person: staff, badge, payroll,
//!   assignment, ESR and smartcard numbers after their word ("staff number
//!   448812", "ID badge: E4471"), national training numbers
//!   ("NWE/032/123/C"), bleep and extension numbers ("bleep 4471", "bleeped
//!   on 2231", "ext. 4471", "x4471") and rota lines ("line 7 of the rota",
//!   "rota line 14", "I was on line 3").
//!
//! What it leaves alone, by design: sentence-start capitals, days, months
//! and years on their own, decades ("in her forties"), times, role, grade
//! and service names (PSU, Occupational Health, FY1, the Deanery, NHS, GP),
//! national bodies ("Royal College of Psychiatrists", Practitioner Health,
//! NHS England, Health Education England), public helplines (999, 111,
//! 116 123), the crash call (2222) and freephone numbers (0800, 0808,
//! 0500), which belong to organisations, not people.
//!
//! What it cannot catch: a name missing from the lists and used in no
//! naming context ("Zubeida was on nights"), a name that is also an English
//! word at the start of a sentence ("Pip went quiet"), a name that is also
//! an English word in mid-sentence with no context ("I drove Sunny home"),
//! a place with no institutional word and missing from the gazetteer (a
//! hamlet of under 1,000 people, a hill or river, a district known by a
//! local name, a street called only by its name, a hospital by a nickname
//! not in the list), a place that is a common word outside a place context
//! ("Bath was lovely"), a day without its month ("on the 30th"), dates written in
//! words only ("the day after my birthday"), descriptions that identify
//! without naming ("the only Nigerian surgeon in the region"), and the
//! combination of harmless details that together point at one person. It
//! assists a human review; it does not replace one.

mod names;
mod patterns;
mod places;
mod prose;
mod words;

use std::collections::BTreeMap;
use std::ops::Range;

/// What kind of identifier a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Name,
    Place,
    Date,
    Age,
    Phone,
    Email,
    Postcode,
    NhsNumber,
    GmcNumber,
    Url,
    Handle,
    VehicleRegistration,
    StaffNumber,
    BleepNumber,
    RotaLine,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 15] = [
        Category::Name,
        Category::Place,
        Category::Date,
        Category::Age,
        Category::Phone,
        Category::Email,
        Category::Postcode,
        Category::NhsNumber,
        Category::GmcNumber,
        Category::Url,
        Category::Handle,
        Category::VehicleRegistration,
        Category::StaffNumber,
        Category::BleepNumber,
        Category::RotaLine,
    ];

    /// Short kebab-case name used in diagnostics and JSON: "name", "place",
    /// "date", "age", "phone", "email", "postcode", "nhs-number",
    /// "gmc-number", "url", "handle", "vehicle-registration",
    /// "staff-number", "bleep-number", "rota-line".
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::Place => "place",
            Category::Date => "date",
            Category::Age => "age",
            Category::Phone => "phone",
            Category::Email => "email",
            Category::Postcode => "postcode",
            Category::NhsNumber => "nhs-number",
            Category::GmcNumber => "gmc-number",
            Category::Url => "url",
            Category::Handle => "handle",
            Category::VehicleRegistration => "vehicle-registration",
            Category::StaffNumber => "staff-number",
            Category::BleepNumber => "bleep-number",
            Category::RotaLine => "rota-line",
        }
    }

    /// What it is, for a message: "a personal name", "a named place", "a
    /// specific date", "an age", "a phone number", "an email address", "a
    /// postcode", "an NHS number", "a GMC number", "a web address", "a
    /// social media handle", "a vehicle registration", "a staff or badge
    /// number", "a bleep or extension number", "a rota line number".
    pub fn describe(self) -> &'static str {
        match self {
            Category::Name => "a personal name",
            Category::Place => "a named place",
            Category::Date => "a specific date",
            Category::Age => "an age",
            Category::Phone => "a phone number",
            Category::Email => "an email address",
            Category::Postcode => "a postcode",
            Category::NhsNumber => "an NHS number",
            Category::GmcNumber => "a GMC number",
            Category::Url => "a web address",
            Category::Handle => "a social media or forum handle",
            Category::VehicleRegistration => "a vehicle registration",
            Category::StaffNumber => "a staff or badge number",
            Category::BleepNumber => "a bleep or extension number",
            Category::RotaLine => "a rota line number",
        }
    }
}

/// One thing in the text that could identify a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub category: Category,
    /// Byte range into the scanned text.
    pub range: Range<usize>,
    /// The text found, `text[range]`.
    pub text: String,
}

/// How sure a detector is; when two candidates overlap the stronger is kept,
/// then the longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// A word from a list, with no context: a given name, a town.
    Guess,
    /// A name or place in a context that makes it one: a title, a relative,
    /// an institutional word.
    Context,
    /// A bare seven-digit number, read as a GMC number.
    Bare,
    /// A shape that is rarely anything else: a date, a phone number.
    Pattern,
    /// A shape that is nothing else: an email or web address.
    Exact,
}

/// A possible finding, before overlaps and allowed terms are resolved.
#[derive(Debug, Clone)]
struct Candidate {
    category: Category,
    range: Range<usize>,
    strength: Strength,
}

impl Candidate {
    fn new(category: Category, range: Range<usize>, strength: Strength) -> Self {
        Candidate {
            category,
            range,
            strength,
        }
    }
}

/// Makes the scanner's patterns and word lists now, in parallel on the
/// thread pool, instead of on the first [`scan`] (which would make them
/// one after the other, tens of milliseconds in all). Cheap once they are
/// made: the check of a course's stories calls it first.
pub fn warm() {
    rayon::scope(|s| {
        s.spawn(|_| patterns::warm());
        s.spawn(|_| names::warm());
        s.spawn(|_| places::warm());
    });
}

/// Scans prose (plain text: paragraphs separated by blank lines, no markdown
/// syntax) for what could identify a person. `allow` holds terms the author
/// checked and keeps (case-insensitive, whole-word; a finding whose text
/// equals an allowed term, or lies inside an occurrence of one, is dropped).
/// Findings are sorted by position and do not overlap. Byte ranges index into
/// `text`.
pub fn scan(text: &str, allow: &[String]) -> Vec<Finding> {
    let mut candidates = patterns::scan(text);
    candidates.extend(prose::scan(text));
    let allowed = Allowed::new(text, allow);
    candidates.retain(|c| !allowed.covers(text, &c.range));
    resolve(candidates)
        .into_iter()
        .filter_map(|c| {
            let found = text.get(c.range.clone())?;
            Some(Finding {
                category: c.category,
                text: found.to_string(),
                range: c.range,
            })
        })
        .collect()
}

/// Keeps the strongest, then longest, of overlapping candidates, and returns
/// the survivors in text order.
fn resolve(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.retain(|c| c.range.start < c.range.end);
    candidates.sort_by(|a, b| {
        b.strength
            .cmp(&a.strength)
            .then_with(|| b.range.len().cmp(&a.range.len()))
            .then_with(|| a.category.cmp(&b.category).reverse())
            .then_with(|| a.range.start.cmp(&b.range.start))
    });
    // Accepted ranges, start -> candidate; they never overlap, so only the
    // nearest one starting before a candidate's end can overlap it.
    let mut kept: BTreeMap<usize, Candidate> = BTreeMap::new();
    for candidate in candidates {
        let overlaps = kept
            .range(..candidate.range.end)
            .next_back()
            .is_some_and(|(_, before)| before.range.end > candidate.range.start);
        if !overlaps {
            kept.insert(candidate.range.start, candidate);
        }
    }
    kept.into_values().collect()
}

/// The occurrences of the author's allowed terms in one text.
struct Allowed<'a> {
    terms: Vec<&'a str>,
    /// Occurrences sorted by start, with the largest end so far, so that
    /// "does one contain this range" is a binary search.
    starts: Vec<usize>,
    max_ends: Vec<usize>,
}

impl<'a> Allowed<'a> {
    fn new(text: &str, allow: &'a [String]) -> Self {
        let terms: Vec<&str> = allow
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let mut found: Vec<Range<usize>> = Vec::new();
        for term in &terms {
            let Ok(pattern) = regex::RegexBuilder::new(&regex::escape(term))
                .case_insensitive(true)
                .build()
            else {
                continue;
            };
            let mut at = 0;
            while let Some(m) = pattern.find_at(text, at) {
                if is_whole_word(text, m.range()) {
                    found.push(m.range());
                }
                // Step one character on, so overlapping occurrences are seen.
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                if at > text.len() {
                    break;
                }
            }
        }
        found.sort_by_key(|r| r.start);
        let starts = found.iter().map(|r| r.start).collect();
        let mut max_end = 0;
        let max_ends = found
            .iter()
            .map(|r| {
                max_end = max_end.max(r.end);
                max_end
            })
            .collect();
        Allowed {
            terms,
            starts,
            max_ends,
        }
    }

    /// Whether the text at `range` is an allowed term or lies inside one.
    fn covers(&self, text: &str, range: &Range<usize>) -> bool {
        if let Some(found) = text.get(range.clone()) {
            if self
                .terms
                .iter()
                .any(|t| t.to_lowercase() == found.to_lowercase())
            {
                return true;
            }
        }
        let before = self.starts.partition_point(|&s| s <= range.start);
        before > 0 && self.max_ends[before - 1] >= range.end
    }
}

/// Whether `range` is not glued to letters or digits on either side.
fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod names_tests;
#[cfg(test)]
mod story_set;
#[cfg(test)]
mod tests;
