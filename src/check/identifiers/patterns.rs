//! Identifiers with a shape: dates, ages, phone, NHS and GMC numbers, email
//! and web addresses, handles, postcodes, numbered wards, vehicle
//! registrations, and the numbers a hospital gives a person (staff and badge
//! numbers, bleeps and extensions, rota lines). Each detector is a regex
//! compiled once, plus the checks a regex cannot express (a valid day, a
//! check digit, what comes after an age, a context word before a number).

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{Candidate, Category, Strength};

/// Runs every shape detector over `text`.
pub(super) fn scan(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    emails(text, &mut found);
    urls(text, &mut found);
    handles(text, &mut found);
    dates(text, &mut found);
    ages(text, &mut found);
    phones(text, &mut found);
    nhs_numbers(text, &mut found);
    gmc_numbers(text, &mut found);
    postcodes(text, &mut found);
    wards(text, &mut found);
    vehicle_registrations(text, &mut found);
    staff_numbers(text, &mut found);
    bleep_numbers(text, &mut found);
    rota_lines(text, &mut found);
    found
}

/// A pattern that cannot fail to compile; `None` only if it were malformed,
/// which the `patterns_compile` test rules out. Word boundaries are ASCII
/// (`\b` becomes `(?-u:\b)`): a Unicode one stops the fast engine at the
/// first curly quote or dash, which every story has, and makes a scan
/// several times slower; the shapes found here are ASCII anyway.
fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).ok()
}

type Pattern = LazyLock<Option<Regex>>;

const MONTH: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// Full month names in lower case, as some authors write them; not "may".
const MONTH_LOWER: &str =
    "january|february|march|april|june|july|august|september|october|november|december";

/// Numbers in words, for ages: "twenty-six", "thirty two", "five".
const NUMBER_WORD: &str = "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine)";

static EMAIL: Pattern = LazyLock::new(|| {
    compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
});
static URL: Pattern = LazyLock::new(|| compile(r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}]+"#));
static DOMAIN: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)\b(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:com|org|net|uk|ie|io|info|biz|edu|gov|scot|wales|cymru|london|online|site|blog|app|dev|eu|de|fr|es|nl|ca|au|nz|za|tv|fm)\b(?:/[^\s<>"'()\[\]{}]*)?"#,
    )
});
static HANDLE: Pattern = LazyLock::new(|| compile(r"@[A-Za-z0-9_]{2,30}"));
static FEDIVERSE: Pattern = LazyLock::new(|| {
    compile(r"@[A-Za-z0-9_]{1,30}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
});
/// A Bluesky handle: "name.bsky.social".
static BLUESKY: Pattern = LazyLock::new(|| compile(r"@?\b[A-Za-z0-9\-]{1,63}\.bsky\.social\b"));
/// A handle without "@" after the word that names it: "my username was
/// tired_reg", "I posted as nightdoc22".
static HANDLE_CONTEXT: Pattern = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:handle|username|user\s?name|screen\s?name|gamertag|posts?\s+as|posted\s+as|posting\s+as|goes\s+by|went\s+by|called\s+myself|call\s+myself|calls\s+(?:him|her|them)self|(?:reddit|twitter|instagram|insta|tiktok|x|mastodon|threads|bluesky|discord|facebook|youtube|snapchat|twitch|forum)\s+as)\b)(?:\s*(?::|,|-|\bwas\b|\bis\b))*\s*([A-Za-z0-9_.]{3,30})\b",
    )
});
/// A Discord tag: "nightdoc#4471".
static DISCORD: Pattern = LazyLock::new(|| compile(r"\b[A-Za-z][A-Za-z0-9_.]{1,31}#\d{4}\b"));
/// A Reddit user: three to twenty characters after "u/" (so "u/s", an
/// ultrasound, is not one).
static REDDIT_USER: Pattern = LazyLock::new(|| compile(r"/?\bu/[A-Za-z0-9_\-]{3,20}\b"));

static DAY_MONTH: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{MONTH}|{MONTH_LOWER})\b(?:,?\s+(?:19|20)\d{{2}}\b)?"
    ))
});
static MONTH_DAY: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:{MONTH})\.?\s+(\d{{1,2}})(st|nd|rd|th)?\b(,?\s+(?:19|20)\d{{2}}\b)?"
    ))
});
static NUMERIC_DATE: Pattern =
    LazyLock::new(|| compile(r"\b(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4}|\d{2})\b"));
static ISO_DATE: Pattern =
    LazyLock::new(|| compile(r"\b((?:19|20)\d{2})([/.\-])(\d{1,2})([/.\-])(\d{1,2})\b"));
static HOLIDAY_YEAR: Pattern = LazyLock::new(|| {
    compile(
        r"\b(?:Christmas Day|Christmas Eve|Boxing Day|New Year['’]s (?:Day|Eve)|Valentine['’]s Day|Hogmanay|Bonfire Night|Burns Night)\s+(?:19|20)\d{2}\b",
    )
});

static AGED: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b(?:aged?|ages|age of)\s+(?:\d{{1,3}}|{NUMBER_WORD})(?:\s*(?:and|&|or|to|-|–)\s*(?:\d{{1,3}}|{NUMBER_WORD}))?\b"
    ))
});
static YEARS_OLD: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b(?:\d{{1,3}}|{NUMBER_WORD})[\s\-]*(?:years?|yrs?|months?|weeks?)[\s\-]*old\b"
    ))
});
static YO: Pattern = LazyLock::new(|| compile(r"(?i)\b\d{1,3}\s?(?:yo\b|y/o\b|y\.o\.)"));
static I_WAS: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:I|[Hh]e|[Ss]he|[Tt]hey|[Ww]e|[Yy]ou)\s+(?:was|were|am|is|are)(?:\s+(?:only|just|barely|nearly|almost|still|then|now))?\s+(\d{{1,2}}|{NUMBER_WORD})\b"
    ))
});
static I_AM: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:I['’]m|[Hh]e['’]s|[Ss]he['’]s)\s+(?:(?:only|just|now)\s+)?(\d{{1,2}}|{NUMBER_WORD})\b"
    ))
});
static TURNED: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\bturn(?:ed|ing|s)?\s+(\d{{1,2}}|{NUMBER_WORD})\b"
    ))
});
static AT_AGE: Pattern = LazyLock::new(|| {
    compile(
        r"\b[Aa]t\s+(\d{2}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?),?\s+(?:I|[Ss]he|[Hh]e|[Ww]e|[Tt]hey)\b",
    )
});
/// "At 38", "at twenty-seven": an age when what follows and what comes
/// before say so (see [`ages`]).
static AT_NUMBER: Pattern = LazyLock::new(|| {
    compile(
        r"\b[Aa]t\s+(\d{2}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?)\b",
    )
});
/// "Kayode was twenty-five": a capitalised word, then was/is and a number.
static NAME_WAS: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"\b(\p{{Lu}}[\p{{Ll}}'’\-]+)\s+(?:was|is)(?:\s+(?:only|just|barely|nearly|almost|still))?\s+(\d{{1,2}}|{NUMBER_WORD})\b"
    ))
});
static BIRTHDAY: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:\d{1,3}(?:st|nd|rd|th)|eighteenth|twenty-first|thirtieth|fortieth|fiftieth|sixtieth|seventieth)\s+birthday\b",
    )
});

static PHONE: Pattern = LazyLock::new(|| compile(r"\+?\(?\d[\d()]*(?:[ \-]\(?\d[\d()]*)*"));
static NHS: Pattern = LazyLock::new(|| compile(r"\b\d{3}([ \-]?)\d{3}([ \-]?)\d{4}\b"));
static GMC_CONTEXT: Pattern = LazyLock::new(|| compile(r"\bGMC\b[^\d\n]{0,30}?(\d{7})\b"));
static SEVEN_DIGITS: Pattern = LazyLock::new(|| compile(r"\b\d{7}\b"));
/// A full postcode in any case: "SW1A 1AA", "sw1a 1aa", "M139PL".
static POSTCODE: Pattern = LazyLock::new(|| {
    compile(r"(?i)\b[A-PR-UWYZ][A-HK-Y]?\d[A-HJKMNPR-Y\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b")
});
static WARD: Pattern =
    LazyLock::new(|| compile(r"\b[Ww]ard\s+(?:\d{1,3}[A-Za-z]?|[A-Za-z]\d{1,3}[A-Za-z]?)\b"));

/// A possible outward code alone, in any case: "LS6", "se5", "EC1A".
static OUTWARD: Pattern = LazyLock::new(|| compile(r"(?i)\b[A-Z]{1,2}\d[A-Z\d]?\b"));
/// What makes one a postcode, just before it: "postcode LS6", "moved to
/// SE5", "in the NW3", "postcode district of LS6".
static OUTWARD_CONTEXT_BEFORE: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)\b(post\s?codes?|postal\s+district|in|near|to|from|around)\b(?:\s*(?::|,|-|–|\b(?:was|is|the|an?|district|area|of|starting|starts|began|begins|beginning|with)\b))*\s*$",
    )
});
/// Or just after it: "an LS6 postcode", "the SE5 area".
static OUTWARD_CONTEXT_AFTER: Pattern =
    LazyLock::new(|| compile(r"(?i)^\s+(post\s?codes?|area|district)\b"));

/// The current GB format (2001 on): area, age, three letters: "KX19 PTO".
static PLATE_CURRENT: Pattern = LazyLock::new(|| compile(r"(?i)\b[A-Z]{2}\d{2} ?[A-Z]{3}\b"));
/// The prefix format (1983–2001): "A123 BCD".
static PLATE_PREFIX: Pattern = LazyLock::new(|| compile(r"\b[A-HJ-NPR-Y][1-9]\d{0,2} ?[A-Z]{3}\b"));
/// The suffix format (1963–1983): "ABC 123D".
static PLATE_SUFFIX: Pattern = LazyLock::new(|| compile(r"\b[A-Z]{3} ?[1-9]\d{0,2}[A-HJ-NPR-Y]\b"));
/// Northern Ireland: a county code with an I or a Z, up to four digits:
/// "ABZ 1234", "LIZ 123".
static PLATE_NI: Pattern = LazyLock::new(|| {
    compile(
        r"\b[A-Z]?(?:AZ|BZ|CZ|DZ|EZ|FZ|GZ|HZ|IA|IB|IG|IJ|IL|IW|JI|JZ|KZ|LZ|MZ|NZ|OI|OZ|PZ|RZ|SZ|TZ|UI|UZ|VZ|WZ|XI|XZ|YZ) ?[1-9]\d{0,3}\b",
    )
});
/// Irish plates: year, county, serial: "09-D-41872", "191 KY 123" (spaced,
/// or with a serial under three digits, only after a vehicle word).
static PLATE_IE: Pattern = LazyLock::new(|| {
    compile(
        r"\b\d{2,3}([- ])(?:C|CE|CN|CW|D|DL|G|KE|KK|KY|L|LD|LH|LK|LM|LS|MH|MN|MO|OY|RN|SO|T|TN|TS|W|WD|WH|WW|WX)([- ])[1-9]\d{0,5}\b",
    )
});
/// Dateless and cherished plates, "ABC 123", "1234 AB": only after a word
/// that says a vehicle is meant.
static PLATE_DATELESS: Pattern =
    LazyLock::new(|| compile(r"\b(?:[A-Z]{2,3} ?[1-9]\d{0,3}|[1-9]\d{0,3} ?[A-Z]{1,3})\b"));
/// Words that say a registration follows.
static PLATE_CONTEXT: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:reg(?:istration)?(?:\s+(?:number|no|plate|mark))?|registered|number[\s\-]*plates?|licen[cs]e\s+plates?|plates?|cars?|vans?|motorbike|moped|taxi|cab|vehicle|parked|dvla|windscreen|drove|driving|hatchback|estate|corsa|fiesta|polo|golf|micra|clio|yaris|astra|focus|punto|qashqai|juke|civic|mini|skoda|ford|vauxhall|toyota|nissan|honda|kia|hyundai|peugeot|renault|citro[eë]n|fiat|volvo|audi|bmw|mercedes|tesla|volkswagen|vw|seat|mazda|suzuki|dacia|mg)\b\.?",
    )
});

/// A staff, badge, payroll or smartcard number after the word that names
/// it: "staff number 448812", "ID badge: E4471", "ESR number was 12345678".
static STAFF: Pattern = LazyLock::new(|| {
    compile(
        r"(?i:\b(?:(?:staff|employee|emp|employment|payroll|personnel|hr|assignment|esr|locum|agency|worker|training|trainee|smart\s?card|id\s+badge|badge|id\s+card|id|swipe\s+card|door\s+pass|(?:parking\s+|car\s+park\s+)?permit)\s*(?:number\b|no\b\.?|num\b\.?|id\b|#|ref(?:erence)?\b(?:\s+number\b)?|code\b)|pager\s+id\b|id\s+badge\b|badge\b|smart\s?card\b|esr\b|ntn\b))(?:\s*(?::|,|#|=|-|–|—|\(|\b(?:is|was|were|number|reads?|read|said|says|showed|shows)\b|\bno\b\.?))*\s*((?:[A-Z]{1,3} |[A-Za-z]{1,3}[-/]?)?\d{3,12}(?:[- ]\d{3,4}){0,3}(?:-\d{1,2})?[A-Za-z]?|[A-Z]{2,4}(?:/[A-Z0-9]{1,4}){2,4})\b",
    )
});
/// A national training number: "NWE/032/123/C", "LDN/R01/034/N".
static TRAINING_NUMBER: Pattern =
    LazyLock::new(|| compile(r"\b[A-Z]{2,4}/[A-Z0-9]{2,4}/\d{3}/[A-Z0-9]{1,3}\b"));
/// A bleep, pager or extension number after its word: "bleep 4471",
/// "bleeped me on 2231", "ext. 4471", "internal 4471".
static BLEEP: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)\b(bleep(?:s|ed|ing)?|pager|paged?|ext|extn|extension|internal)\b\.?(?:\s+(?:number|no|num)\b\.?)?((?:\s*(?::|,|#|-|–|\(|\b(?:me|him|her|them|us|you|on|at|to|is|was|number|no|line)\b\.?))*)\s*(\d{3,6})\b",
    )
});
/// A number before "bleep": "the 4471 bleep".
static BLEEP_BEFORE: Pattern =
    LazyLock::new(|| compile(r"\b(\d{3,6})\s+(?i:bleep|pager|extension)\b"));
/// An extension written "x4471".
static EXTENSION_X: Pattern = LazyLock::new(|| compile(r"\b[xX](\d{4,5})\b"));
/// The next number of a list: ", 4472", " and 4472", "/4472".
static NEXT_NUMBER: Pattern =
    LazyLock::new(|| compile(r"^(?:\s*(?:,|/|&|\band\b|\bor\b)\s*)(\d{3,6})\b"));

/// The number or numbers after "line": "7", "no. 3", "seven", "13 and 14".
fn line_numbers() -> String {
    let one = format!(r"(?:\d{{1,3}}|{NUMBER_WORD})");
    format!(r"(?:no\.?\s*|number\s+|#\s*)?{one}(?:\s*(?:,|and|&|or|to|-|–)\s*{one})*")
}

/// "rota line 14", "rota line no. 3".
static ROTA_LINE: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\brotas?\s+((?:line|slot|row)s?\s*(?:(?:was|is|:)\s*)?{})\b",
        line_numbers()
    ))
});
/// "line 7 of the rota", "line 12 on the new FY1 rota".
static LINE_OF_ROTA: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b((?:line|slot|row)s?\s+{})\s+(?:of|on|in|from)\s+(?:[\w'’\-]+\s+){{0,3}}?rotas?\b",
        line_numbers()
    ))
});
/// A person on a line: "I was on line 3", "swapped onto line 9".
static ON_LINE: Pattern = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b(?:(?:I|we|he|she|they|you)(?:['’](?:m|re|d))?(?P<gap>(?:\s+[\w'’]+){{0,2}}?)\s+(?:on|onto|to)|(?:me|him|her|them|us)\s+(?:on|onto)|(?:swap(?:ped|ping|s)?|switch(?:ed|ing|es)?|mov(?:ed|ing|e)|put|transferred|changed|got)(?:\s+(?:me|him|her|them|us|shifts|lines))?\s+(?:on|onto|to|from|off|with)|onto|(?:given|allocated|assigned|offered|work(?:ed|ing)?|cover(?:ed|ing)?|took|taking|drew|picked)(?:\s+(?:me|him|her|them|us))?)\s+(?P<line>lines?\s+{})\b",
        line_numbers()
    ))
});
/// "line 7" anywhere, taken for a rota line when a rota is near.
static LINE: Pattern =
    LazyLock::new(|| compile(&format!(r"(?i)\b(lines?\s+{})\b", line_numbers())));
static ROTA: Pattern = LazyLock::new(|| compile(r"(?i)\brotas?\b"));
/// After "line 3": "of the form", "on the page", naming what the line is
/// of ("in March" names nothing).
static LINE_TAIL: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)^\s+(?:of\s+(?:(?:the|a|an|my|our|this|that|his|her|their)\s+)?|(?:on|in|from)\s+(?:the|a|an|my|our|this|that|his|her|their)\s+)([\w'’\-]+)(?:\s+([\w'’\-]+))?(?:\s+([\w'’\-]+))?",
    )
});

/// Every pattern, for the test that they compile.
#[cfg(test)]
pub(super) fn all_compile() -> bool {
    all().iter().all(|p| p.is_some())
}

/// Compiles every pattern now, on the thread pool (see [`super::warm`]).
pub(super) fn warm() {
    use rayon::prelude::*;
    all().par_iter().for_each(|p| {
        LazyLock::force(p);
    });
}

/// Every pattern of the scanner.
fn all() -> Vec<&'static Pattern> {
    vec![
        &EMAIL,
        &URL,
        &DOMAIN,
        &HANDLE,
        &DAY_MONTH,
        &MONTH_DAY,
        &NUMERIC_DATE,
        &ISO_DATE,
        &HOLIDAY_YEAR,
        &AGED,
        &YEARS_OLD,
        &YO,
        &I_WAS,
        &I_AM,
        &TURNED,
        &AT_AGE,
        &AT_NUMBER,
        &NAME_WAS,
        &BIRTHDAY,
        &PHONE,
        &NHS,
        &GMC_CONTEXT,
        &SEVEN_DIGITS,
        &POSTCODE,
        &WARD,
        &FEDIVERSE,
        &REDDIT_USER,
        &BLUESKY,
        &DISCORD,
        &HANDLE_CONTEXT,
        &TRAINING_NUMBER,
        &OUTWARD,
        &OUTWARD_CONTEXT_BEFORE,
        &OUTWARD_CONTEXT_AFTER,
        &PLATE_CURRENT,
        &PLATE_PREFIX,
        &PLATE_SUFFIX,
        &PLATE_NI,
        &PLATE_IE,
        &PLATE_DATELESS,
        &PLATE_CONTEXT,
        &STAFF,
        &BLEEP,
        &BLEEP_BEFORE,
        &EXTENSION_X,
        &ROTA_LINE,
        &LINE_OF_ROTA,
        &ON_LINE,
        &LINE,
        &ROTA,
        &NEXT_NUMBER,
        &LINE_TAIL,
    ]
}

fn each<'t>(pattern: &'static Pattern, text: &'t str) -> impl Iterator<Item = Captures<'t>> + 't {
    pattern.iter().flat_map(move |re| re.captures_iter(text))
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Drops trailing sentence punctuation from a matched address.
fn trim_trailing(text: &str, range: Range<usize>) -> Range<usize> {
    let found = &text[range.clone()];
    let trimmed = found.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’', '”']);
    range.start..range.start + trimmed.len()
}

fn emails(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&EMAIL, text).filter_map(|c| c.get(0)) {
        out.push(Candidate::new(Category::Email, m.range(), Strength::Exact));
    }
}

fn urls(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&URL, text).filter_map(|c| c.get(0)) {
        let range = trim_trailing(text, m.range());
        out.push(Candidate::new(Category::Url, range, Strength::Exact));
    }
    for m in each(&DOMAIN, text).filter_map(|c| c.get(0)) {
        let found = m.as_str();
        let first_label = found.split('.').next().unwrap_or_default();
        let glued = char_before(text, m.start()).is_some_and(|c| matches!(c, '@' | '.' | '/'));
        if first_label.len() < 2 || glued || !found.chars().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let range = trim_trailing(text, m.range());
        out.push(Candidate::new(Category::Url, range, Strength::Exact));
    }
}

/// Social media and forum handles: "@name", a fediverse "@name@host.social"
/// and a Reddit user "u/name" or "/u/name" (a community, "r/name", names no
/// one).
fn handles(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&FEDIVERSE, text).filter_map(|c| c.get(0)) {
        let glued = char_before(text, m.start()).is_some_and(|c| c.is_alphanumeric());
        if !glued {
            let range = trim_trailing(text, m.range());
            out.push(Candidate::new(Category::Handle, range, Strength::Exact));
        }
    }
    for m in each(&BLUESKY, text).filter_map(|c| c.get(0)) {
        out.push(Candidate::new(Category::Handle, m.range(), Strength::Exact));
    }
    for m in each(&DISCORD, text).filter_map(|c| c.get(0)) {
        out.push(Candidate::new(
            Category::Handle,
            m.range(),
            Strength::Pattern,
        ));
    }
    for m in each(&HANDLE_CONTEXT, text).filter_map(|c| c.get(1)) {
        let found = m.as_str().trim_end_matches('.');
        // A handle has an underscore or mixes letters and digits; "posted
        // as usual" names no one.
        let letters = found.chars().any(|c| c.is_ascii_alphabetic());
        let marked = found.contains('_') || found.chars().any(|c| c.is_ascii_digit());
        if letters && marked {
            let range = m.start()..m.start() + found.len();
            out.push(Candidate::new(Category::Handle, range, Strength::Context));
        }
    }
    for m in each(&REDDIT_USER, text).filter_map(|c| c.get(0)) {
        let glued = char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '_' | '.' | '-'));
        if !glued {
            out.push(Candidate::new(
                Category::Handle,
                m.range(),
                Strength::Pattern,
            ));
        }
    }
    for m in each(&HANDLE, text).filter_map(|c| c.get(0)) {
        let glued = char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '-' | '+'));
        let has_letter = m.as_str().chars().any(|c| c.is_ascii_alphabetic());
        if !glued && has_letter {
            out.push(Candidate::new(
                Category::Handle,
                m.range(),
                Strength::Pattern,
            ));
        }
    }
}

fn number(caps: &Captures, group: usize) -> Option<u32> {
    caps.get(group)?.as_str().parse().ok()
}

/// Not glued to a number or a decimal before it ("1.3 March", "£3 March").
fn free_start(text: &str, at: usize) -> bool {
    !char_before(text, at)
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | ':' | '£' | '$' | '€'))
}

/// Not followed by more of a number ("3.3.24.1", "03/03/2024/5").
fn free_end(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or_default();
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => false,
        Some('.' | '/' | '-' | ':') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

fn dates(text: &str, out: &mut Vec<Candidate>) {
    let mut push =
        |range: Range<usize>| out.push(Candidate::new(Category::Date, range, Strength::Pattern));
    for caps in each(&DAY_MONTH, text) {
        let (Some(all), Some(day)) = (caps.get(0), number(&caps, 1)) else {
            continue;
        };
        if (1..=31).contains(&day) && free_start(text, all.start()) {
            push(all.range());
        }
    }
    for caps in each(&MONTH_DAY, text) {
        let (Some(all), Some(day)) = (caps.get(0), number(&caps, 1)) else {
            continue;
        };
        // "May 12 of us" is not a date: without an ordinal or a year, the
        // day must end the clause.
        let certain = caps.get(2).is_some() || caps.get(3).is_some();
        let ends = match char_after(text, all.end()) {
            None => true,
            Some(c) => {
                matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')') && free_end(text, all.end())
            }
        };
        if (1..=31).contains(&day) && (certain || ends) {
            push(all.range());
        }
    }
    for caps in each(&NUMERIC_DATE, text) {
        let Some(all) = caps.get(0) else { continue };
        let same_separator = caps.get(2).map(|m| m.as_str()) == caps.get(4).map(|m| m.as_str());
        let (Some(a), Some(b)) = (number(&caps, 1), number(&caps, 3)) else {
            continue;
        };
        let year_ok = caps.get(5).is_some_and(|y| {
            y.len() == 2 || y.as_str().starts_with("19") || y.as_str().starts_with("20")
        });
        let valid = (is_day(a) && is_month(b)) || (is_month(a) && is_day(b));
        if same_separator
            && year_ok
            && valid
            && free_start(text, all.start())
            && free_end(text, all.end())
        {
            push(all.range());
        }
    }
    for caps in each(&ISO_DATE, text) {
        let Some(all) = caps.get(0) else { continue };
        let same_separator = caps.get(2).map(|m| m.as_str()) == caps.get(4).map(|m| m.as_str());
        let (Some(month), Some(day)) = (number(&caps, 3), number(&caps, 5)) else {
            continue;
        };
        if same_separator
            && is_month(month)
            && is_day(day)
            && free_start(text, all.start())
            && free_end(text, all.end())
        {
            push(all.range());
        }
    }
    for m in each(&HOLIDAY_YEAR, text).filter_map(|c| c.get(0)) {
        push(m.range());
    }
}

fn is_day(n: u32) -> bool {
    (1..=31).contains(&n)
}

fn is_month(n: u32) -> bool {
    (1..=12).contains(&n)
}

/// Words after "I was 29" that keep it an age ("I was 29 when…"); anything
/// else ("I was 3 hours late", "we were 4 doctors short") makes it a count.
const AGE_FOLLOWERS: &[&str] = &[
    "and", "when", "but", "so", "then", "at", "with", "or", "too", "now", "by", "i", "she", "he",
    "we", "they", "because", "as", "while", "after", "before", "until", "in", "who",
];

/// Whether the number ending at `end` reads as an age from what follows.
fn age_follows(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or_default();
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let mut chars = trimmed.chars();
    match chars.next() {
        None | Some('\n') => true,
        Some(',' | ';' | '!' | '?' | ')' | '—' | '–') => true,
        Some('.' | ':') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) if c.is_alphabetic() => {
            let word: String = trimmed
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase();
            AGE_FOLLOWERS.contains(&word.as_str())
        }
        _ => false,
    }
}

fn ages(text: &str, out: &mut Vec<Candidate>) {
    let mut push =
        |range: Range<usize>| out.push(Candidate::new(Category::Age, range, Strength::Pattern));
    for m in each(&AGED, text).filter_map(|c| c.get(0)) {
        push(m.range());
    }
    for m in each(&YEARS_OLD, text).filter_map(|c| c.get(0)) {
        push(m.range());
    }
    for m in each(&YO, text).filter_map(|c| c.get(0)) {
        push(m.range());
    }
    for pattern in [&I_WAS, &I_AM, &TURNED] {
        for age in each(pattern, text).filter_map(|c| c.get(1)) {
            if age_follows(text, age.end()) {
                push(age.range());
            }
        }
    }
    // "At 28, I…": an adult age (16 or more, so not a clock time).
    for age in each(&AT_AGE, text).filter_map(|c| c.get(1)) {
        let adult = age
            .as_str()
            .parse::<u32>()
            .map_or(true, |n| (16..=99).contains(&n));
        if adult {
            push(age.range());
        }
    }
    // "A stroke at 34, in clinic", "a surgeon at 38 who…": an adult age
    // where a clause ends or goes on about the person, unless the words
    // just before it speak of a measure ("a heart rate at 90, then…").
    for age in each(&AT_NUMBER, text).filter_map(|c| c.get(1)) {
        let adult = age
            .as_str()
            .parse::<u32>()
            .map_or(true, |n| (16..=99).contains(&n));
        if adult && age_follows(text, age.end()) && !measure_before(text, age.start()) {
            push(age.range());
        }
    }
    // "Kayode was twenty-five.": the word before is a name (a given name,
    // or not an English word), so the number is that person's age.
    for caps in each(&NAME_WAS, text) {
        let (Some(who), Some(age)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let named = super::names::given(who.as_str()).is_some()
            || !super::names::is_english_word(who.as_str());
        if named && age_follows(text, age.end()) {
            push(age.range());
        }
    }
    for m in each(&BIRTHDAY, text).filter_map(|c| c.get(0)) {
        push(m.range());
    }
}

/// Words that, shortly before "at 40", make the number a measure, not an age.
const MEASURES: &[&str] = &[
    "rate",
    "rates",
    "pressure",
    "pressures",
    "dose",
    "doses",
    "level",
    "levels",
    "score",
    "scores",
    "scored",
    "scale",
    "sats",
    "saturations",
    "saturating",
    "oxygen",
    "temperature",
    "speed",
    "pulse",
    "heart",
    "bp",
    "hr",
    "rr",
    "glucose",
    "sugar",
    "sugars",
    "percent",
    "page",
    "room",
    "bed",
    "bay",
    "line",
    "number",
    "minute",
    "minutes",
    "hours",
    "mark",
    "marks",
    "position",
    "mile",
    "miles",
    "mph",
    "limit",
    "capped",
    "set",
    "running",
    "paid",
    "priced",
    "cost",
    "costs",
    "costing",
    "peaked",
    "stood",
    "sitting",
];

/// Whether one of the five words before `at` (in its sentence) is a measure.
fn measure_before(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    let sentence = before
        .rfind(['.', '!', '?', '\n'])
        .map_or(before, |i| &before[i + 1..]);
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .skip(1) // "at" itself
        .take(5)
        .any(|w| MEASURES.contains(&w.to_lowercase().as_str()))
}

fn phones(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&PHONE, text).filter_map(|c| c.get(0)) {
        if char_before(text, m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | ':' | '£' | '$' | '€'))
        {
            continue;
        }
        // The groups of digits, by end offset, so that a number followed by
        // another ("0161 496 0000 24 hours") or preceded by one is found.
        let found = m.as_str();
        let mut bounds = vec![0];
        for (i, c) in found.char_indices() {
            if c == ' ' || c == '-' {
                bounds.push(i);
                bounds.push(i + 1);
            }
        }
        bounds.push(found.len());
        let groups: Vec<Range<usize>> = bounds
            .chunks(2)
            .filter_map(|b| Some(*b.first()?..*b.get(1)?))
            .collect();
        let mut first = 0;
        while first < groups.len() {
            let mut matched = None;
            let last_try = groups.len().min(first + 7);
            for last in (first..last_try).rev() {
                let range = groups[first].start..groups[last].end;
                if is_phone(&found[range.clone()]) {
                    matched = Some((last, range));
                    break;
                }
            }
            match matched {
                Some((last, range)) => {
                    let start = m.start() + range.start;
                    out.push(Candidate::new(
                        Category::Phone,
                        start..m.start() + range.end,
                        Strength::Pattern,
                    ));
                    first = last + 1;
                }
                None => first += 1,
            }
        }
    }
}

/// Whether `number` (digits, spaces, hyphens, brackets, a leading plus)
/// is a phone number a person could be reached on. Emergency and public
/// helpline numbers (999, 111, 116 xxx) never start with 0 or +, and
/// freephone numbers (0800, 0808, 0500) belong to organisations.
fn is_phone(number: &str) -> bool {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let freephone = |national: &str| {
        ["800", "808", "500"]
            .iter()
            .any(|p| national.starts_with(p))
    };
    if number.starts_with('+') {
        if let Some(rest) = digits.strip_prefix("44") {
            let national = if number.contains("(0)") {
                rest.strip_prefix('0').unwrap_or(rest)
            } else {
                rest
            };
            return (9..=10).contains(&national.len())
                && !national.starts_with('0')
                && !freephone(national);
        }
        return (8..=15).contains(&digits.len()) && !digits.starts_with('0');
    }
    if digits.starts_with("00") {
        return (10..=15).contains(&digits.len());
    }
    if !(number.starts_with('0') || number.starts_with("(0")) || number.contains('+') {
        return false;
    }
    let national = &digits[1.min(digits.len())..];
    (10..=11).contains(&digits.len())
        && national.starts_with(['1', '2', '3', '5', '7', '8', '9'])
        && !freephone(national)
}

/// The NHS number check: weights 10 down to 2 on the first nine digits;
/// 11 minus the sum modulo 11 is the tenth digit (11 reads as 0, 10 means
/// the number is invalid).
pub(super) fn nhs_check_digit_valid(digits: &[u32]) -> bool {
    let [first @ .., check] = digits else {
        return false;
    };
    if first.len() != 9 {
        return false;
    }
    let sum: u32 = first.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => *check == 0,
        10 => false,
        expected => *check == expected,
    }
}

fn nhs_numbers(text: &str, out: &mut Vec<Candidate>) {
    for caps in each(&NHS, text) {
        let Some(all) = caps.get(0) else { continue };
        let consistent = caps.get(1).map(|m| m.as_str()) == caps.get(2).map(|m| m.as_str());
        let glued = char_before(text, all.start()).is_some_and(|c| c.is_ascii_digit() || c == '+');
        let digits: Vec<u32> = all
            .as_str()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        if consistent && !glued && free_end(text, all.end()) && nhs_check_digit_valid(&digits) {
            out.push(Candidate::new(
                Category::NhsNumber,
                all.range(),
                Strength::Pattern,
            ));
        }
    }
}

/// GMC numbers: seven digits after "GMC" (number, no., reference…) are
/// certain; a bare seven-digit number, rare in prose otherwise, is taken for
/// one too unless it is money, a decimal or starts with 0.
fn gmc_numbers(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&GMC_CONTEXT, text).filter_map(|c| c.get(1)) {
        if free_end(text, m.end()) {
            out.push(Candidate::new(
                Category::GmcNumber,
                m.range(),
                Strength::Pattern,
            ));
        }
    }
    for m in each(&SEVEN_DIGITS, text).filter_map(|c| c.get(0)) {
        let money = char_before(text, m.start()).is_some_and(|c| {
            matches!(c, '£' | '$' | '€' | '#' | '+' | '.' | ',' | '/' | '-' | ':')
        });
        let more = text.get(m.end()..).is_some_and(|rest| {
            let mut chars = rest.chars();
            matches!(chars.next(), Some('.' | ',' | '/' | '-' | ':'))
                && chars.next().is_some_and(|c| c.is_ascii_digit())
                || rest.starts_with('%')
        });
        if !money && !more && !m.as_str().starts_with('0') {
            out.push(Candidate::new(
                Category::GmcNumber,
                m.range(),
                Strength::Bare,
            ));
        }
    }
}

/// Full postcodes in any case, and outward codes alone ("LS6") after
/// "postcode", "in", "moved to" and the like, or before "postcode" or
/// "area".
fn postcodes(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&POSTCODE, text).filter_map(|c| c.get(0)) {
        let found = m.as_str();
        // In lower case "fy1 2nd" is a grade and an ordinal, not a postcode.
        let lower = found.chars().any(|c| c.is_ascii_lowercase());
        let inward = &found[found.len() - 2..];
        let ordinal = ["st", "nd", "rd", "th"].contains(&inward.to_ascii_lowercase().as_str());
        if lower && ordinal {
            continue;
        }
        out.push(Candidate::new(
            Category::Postcode,
            m.range(),
            Strength::Pattern,
        ));
    }
    for code in each(&OUTWARD, text).filter_map(|c| c.get(0)) {
        let glued = char_before(text, code.start()).is_some_and(|c| matches!(c, '-' | '/'));
        if glued || !free_end(text, code.end()) {
            continue;
        }
        let before = each(&OUTWARD_CONTEXT_BEFORE, window_before(text, code.start()))
            .next()
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_ascii_lowercase());
        let after = text
            .get(code.end()..)
            .and_then(|rest| each(&OUTWARD_CONTEXT_AFTER, rest).next())
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_ascii_lowercase());
        let keyword = [&before, &after]
            .iter()
            .any(|w| w.as_ref().is_some_and(|w| w.starts_with("post")));
        let capitals = !code.as_str().chars().any(|c| c.is_ascii_lowercase());
        let context = before.is_some() || after.is_some();
        // Lower case ("ls6") only after "postcode" itself.
        if context
            && (capitals || keyword)
            && outward_code(&code.as_str().to_ascii_uppercase(), keyword)
        {
            out.push(Candidate::new(
                Category::Postcode,
                code.range(),
                Strength::Context,
            ));
        }
    }
}

/// The 48 bytes or so before `at`, cut on a character boundary.
fn window_before(text: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    &text[from..at]
}

/// The UK's postcode areas, the letters that begin an outward code.
const POSTCODE_AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",
    "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS",
    "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL",
    "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
    "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM",
    "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// Whether `code` ("LS6", "EC1A") is an outward code. After "postcode" any
/// area will do; after "in" or "moved to" only a two-letter area that is not
/// also a grade (FY1, ST3, CT2) or a formula (CO2, CH4, PO4) or a railway
/// (HS2): a lone letter and a digit is a vertebra, a heart sound or a road
/// as often as a postcode.
fn outward_code(code: &str, keyword: bool) -> bool {
    let letters: String = code.chars().take_while(char::is_ascii_alphabetic).collect();
    if !POSTCODE_AREAS.contains(&letters.as_str()) {
        return false;
    }
    if keyword {
        return true;
    }
    let grade = matches!(letters.as_str(), "FY" | "ST" | "CT");
    let other = matches!(code, "CO2" | "CH4" | "SO2" | "SO4" | "PO4" | "HS2");
    letters.len() == 2 && !grade && !other
}

/// "Ward 7B", "ward 12", "Ward C3": a numbered ward is a place.
fn wards(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&WARD, text).filter_map(|c| c.get(0)) {
        out.push(Candidate::new(
            Category::Place,
            m.range(),
            Strength::Context,
        ));
    }
}

/// Three-letter groups that are acronyms of medicine or words in capitals,
/// not the letters of a registration ("F2 SHO", "ST12 AND").
const NOT_PLATE_LETTERS: &[&str] = &[
    "ABG", "AKI", "ALS", "AMU", "AND", "ARE", "AXR", "BLS", "BMA", "BMJ", "BSC", "BUT", "CBT",
    "CCU", "CDU", "CMT", "CPR", "CRP", "CXR", "DNR", "DVT", "ECG", "ECT", "EEG", "ENT", "EPR",
    "ESR", "FBC", "FOR", "GAD", "GCS", "GMC", "GPS", "HAD", "HAS", "HDU", "HEE", "HST", "ICD",
    "ICU", "ILS", "IMT", "INR", "ITU", "KPH", "LAS", "LAT", "LFT", "MAU", "MPH", "MRI", "MSC",
    "NHS", "NMC", "NOT", "OOH", "OOP", "OUR", "PHD", "PHQ", "PSU", "RCP", "RCS", "SAU", "SHO",
    "SPR", "STR", "THE", "TIA", "TFT", "TPD", "UTI", "VBG", "WAS", "YOU",
];

/// Letter groups of a dateless plate that are grades, units or acronyms:
/// "ST 3", "4 AM", "20 MG".
const NOT_DATELESS_LETTERS: &[&str] = &[
    "A", "AD", "AE", "AM", "BC", "BHP", "CC", "EU", "GB", "MOT", "MPG", "CT", "DR", "ED", "F",
    "FY", "GP", "HB", "HR", "IM", "IQ", "IU", "IV", "KG", "KM", "MG", "ML", "MS", "NO", "OR", "OT",
    "PM", "PT", "RN", "SC", "ST", "TB", "UK", "Y",
];

/// The letters of a plate, without its digits and spaces.
fn letter_groups(found: &str) -> impl Iterator<Item = &str> {
    found
        .split(|c: char| c.is_ascii_digit() || c == ' ')
        .filter(|g| !g.is_empty())
}

/// Whether a word that says a vehicle is meant ("reg", "number plate",
/// "car", "parked") comes shortly before `at`, in the same sentence.
fn plate_context_before(text: &str, at: usize) -> bool {
    let window = window_before(text, at);
    each(&PLATE_CONTEXT, window)
        .filter_map(|c| c.get(0))
        .last()
        .is_some_and(|m| !window[m.end()..].contains(['.', '!', '?', ';', '\n']))
}

/// Not part of a longer token: "SARS-CoV-2", "AB12CDE/4".
fn plate_free(text: &str, range: &Range<usize>) -> bool {
    let before = char_before(text, range.start);
    let after = char_after(text, range.end);
    !before.is_some_and(|c| matches!(c, '-' | '/' | '.' | '£' | '$' | '€' | '@' | '#'))
        && !after.is_some_and(|c| matches!(c, '-' | '/' | '@' | '%'))
        && free_end(text, range.end)
}

/// Vehicle registrations, Great Britain's current, prefix and suffix
/// formats in capitals as a pattern (they are rarely anything else), the
/// current format in lower case and dateless plates ("ABC 123") only after
/// a word that says a vehicle is meant, Northern Irish plates with four
/// digits or after such a word, and Irish plates ("09-D-41872").
fn vehicle_registrations(text: &str, out: &mut Vec<Candidate>) {
    let mut push = |range: Range<usize>, strength| {
        out.push(Candidate::new(
            Category::VehicleRegistration,
            range,
            strength,
        ));
    };
    let acronym = |found: &str| letter_groups(found).any(|g| NOT_PLATE_LETTERS.contains(&g));
    for m in each(&PLATE_CURRENT, text).filter_map(|c| c.get(0)) {
        if !plate_free(text, &m.range()) {
            continue;
        }
        let found = m.as_str();
        let capitals = !found.chars().any(|c| c.is_ascii_lowercase());
        let lower = !found.chars().any(|c| c.is_ascii_uppercase());
        if capitals && !acronym(found) {
            push(m.range(), Strength::Pattern);
        } else if (capitals || lower) && plate_context_before(text, m.start()) {
            push(m.range(), Strength::Context);
        }
    }
    for pattern in [&PLATE_PREFIX, &PLATE_SUFFIX] {
        for m in each(pattern, text).filter_map(|c| c.get(0)) {
            if plate_free(text, &m.range()) && !acronym(m.as_str()) {
                push(m.range(), Strength::Pattern);
            }
        }
    }
    for m in each(&PLATE_NI, text).filter_map(|c| c.get(0)) {
        if !plate_free(text, &m.range()) || acronym(m.as_str()) {
            continue;
        }
        let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        // "VIA 2024", "OIL 1990": capitals and a year need a vehicle word.
        let year = digits.starts_with("19") || digits.starts_with("20");
        if digits.len() == 4 && !year {
            push(m.range(), Strength::Pattern);
        } else if plate_context_before(text, m.start()) {
            push(m.range(), Strength::Context);
        }
    }
    for caps in each(&PLATE_IE, text) {
        let Some(m) = caps.get(0) else { continue };
        let hyphens = caps.get(1).map(|g| g.as_str()) == Some("-")
            && caps.get(2).map(|g| g.as_str()) == Some("-");
        if !plate_free(text, &m.range()) {
            continue;
        }
        let serial = m.as_str().rsplit(['-', ' ']).next().unwrap_or_default();
        if hyphens && serial.len() >= 3 {
            push(m.range(), Strength::Pattern);
        } else if plate_context_before(text, m.start()) {
            push(m.range(), Strength::Context);
        }
    }
    for m in each(&PLATE_DATELESS, text).filter_map(|c| c.get(0)) {
        let found = m.as_str();
        let length = found.chars().filter(char::is_ascii_alphanumeric).count();
        let not_plate = letter_groups(found)
            .any(|g| NOT_DATELESS_LETTERS.contains(&g) || NOT_PLATE_LETTERS.contains(&g));
        if length >= 4
            && !not_plate
            && plate_free(text, &m.range())
            && plate_context_before(text, m.start())
        {
            push(m.range(), Strength::Context);
        }
    }
}

/// Staff, badge, payroll, assignment, permit and smartcard numbers after
/// the words that name them, and national training numbers by their shape. The word makes the number certain, so it is a pattern
/// and outranks a bare seven-digit number read as a GMC number.
fn staff_numbers(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&TRAINING_NUMBER, text).filter_map(|c| c.get(0)) {
        if plate_free(text, &m.range()) {
            out.push(Candidate::new(
                Category::StaffNumber,
                m.range(),
                Strength::Pattern,
            ));
        }
    }
    for m in each(&STAFF, text).filter_map(|c| c.get(1)) {
        let found = m.as_str();
        let digits = found.chars().filter(char::is_ascii_digit).count();
        let prefixed = found.starts_with(|c: char| c.is_ascii_alphabetic());
        if (digits >= 4 || prefixed) && free_end(text, m.end()) {
            out.push(Candidate::new(
                Category::StaffNumber,
                m.range(),
                Strength::Pattern,
            ));
        }
    }
}

/// Words after a number that make it a count, not a bleep: "bleeped 100
/// times".
const COUNT_WORDS: &[&str] = &[
    "times", "hours", "hrs", "hr", "h", "minutes", "mins", "seconds", "secs", "calls", "patients",
    "bleeps", "pages", "messages", "people", "am", "pm", "miles", "beds", "jobs", "tasks",
];

/// Whether the number at `range` reads as a bleep or extension: not the
/// crash call (2222, public like 999), not a clock time after "at" ("bleeped
/// at 0300"), not a year after "internal", not a count or a decimal.
fn is_bleep(text: &str, range: &Range<usize>, keyword: &str, filler: &str) -> bool {
    let number = &text[range.clone()];
    if number == "2222" || (number.len() == 4 && number.starts_with('0')) {
        return false;
    }
    let clock = number.len() == 4
        && number[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && number[2..].parse::<u32>().is_ok_and(|m| m < 60);
    let at = filler
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.eq_ignore_ascii_case("at"));
    if clock && at {
        return false;
    }
    let year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
    if year && keyword.eq_ignore_ascii_case("internal") {
        return false;
    }
    // "page 104 of the handbook" is not a bleep; "paged me on 4471" is.
    let page =
        keyword.to_ascii_lowercase().starts_with("page") && !keyword.eq_ignore_ascii_case("pager");
    let on = filler
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.eq_ignore_ascii_case("on"));
    if page && !on {
        return false;
    }
    let rest = text.get(range.end..).unwrap_or_default();
    let next: String = rest
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let count = rest.starts_with([' ', '\t']) && COUNT_WORDS.contains(&next.as_str());
    !count && !rest.starts_with('%') && free_end(text, range.end)
}

/// Bleep, pager and extension numbers: "bleep 4471", "bleeped on 2231",
/// "the 4471 bleep", "ext. 4471", "x4471", and the numbers listed after
/// the first ("bleeps 4471 and 4472").
fn bleep_numbers(text: &str, out: &mut Vec<Candidate>) {
    let mut push = |range: Range<usize>| {
        out.push(Candidate::new(
            Category::BleepNumber,
            range,
            Strength::Pattern,
        ));
    };
    let words = mentions(text, &["bleep", "pager", "page", "ext", "internal"]);
    for caps in each(&BLEEP, text).take_while(|_| words) {
        let (Some(keyword), Some(number)) = (caps.get(1), caps.get(3)) else {
            continue;
        };
        let filler = caps.get(2).map_or("", |m| m.as_str());
        if !is_bleep(text, &number.range(), keyword.as_str(), filler) {
            continue;
        }
        push(number.range());
        let mut end = number.end();
        while let Some(next) = text
            .get(end..)
            .and_then(|rest| each(&NEXT_NUMBER, rest).next())
            .and_then(|c| c.get(1))
        {
            let range = end + next.start()..end + next.end();
            end = range.end;
            if is_bleep(text, &range, keyword.as_str(), "") {
                push(range);
            }
        }
    }
    for number in each(&BLEEP_BEFORE, text)
        .take_while(|_| words)
        .filter_map(|c| c.get(1))
    {
        let glued = char_before(text, number.start())
            .is_some_and(|c| matches!(c, '.' | ',' | '£' | '$' | '€' | '/' | ':' | '-'));
        if !glued && is_bleep(text, &number.range(), "", "") {
            push(number.range());
        }
    }
    for number in each(&EXTENSION_X, text).filter_map(|c| c.get(1)) {
        if is_bleep(text, &number.range(), "", "") {
            push(number.range());
        }
    }
}

/// Verbs of the telephone: "I held on line 3" is a phone line.
const PHONE_VERBS: &[&str] = &[
    "held",
    "hold",
    "holding",
    "hung",
    "hanging",
    "waited",
    "waiting",
    "rang",
    "called",
    "calling",
    "phoned",
    "answered",
    "stayed",
    "put",
    "transferred",
];

/// Words after "line 3 in the" that say when, not what of.
const TIME_WORDS: &[&str] = &[
    "summer", "winter", "spring", "autumn", "end", "week", "weeks", "month", "months", "year",
    "new", "first", "second", "last", "next", "run-up", "run", "middle", "start",
];

/// Whether what follows "line 3" names something other than a rota ("of
/// the form", "on the page"); a rota among the next words keeps it.
fn line_of_something_else(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or_default();
    let Some(tail) = each(&LINE_TAIL, rest).next() else {
        return false;
    };
    let word = |i: usize| tail.get(i).map(|w| w.as_str().to_lowercase());
    let rota = (1..=3).any(|i| word(i).is_some_and(|w| w == "rota" || w == "rotas"));
    let time = word(1).is_some_and(|w| TIME_WORDS.contains(&w.as_str()));
    !rota && !time
}

/// Rota line numbers, which with a rota name a person's place in it: "rota
/// line 14", "line 7 of the rota", "I was on line 3", "swapped onto line
/// 9", and "line 7" in a sentence that mentions a rota. Not "line manager",
/// "the front line", "line 3 of the form".
fn rota_lines(text: &str, out: &mut Vec<Candidate>) {
    // Every detector below needs the word "line"; most stories have none.
    if !mentions(text, &["line"]) {
        return;
    }
    for pattern in [&ROTA_LINE, &LINE_OF_ROTA] {
        for m in each(pattern, text).filter_map(|c| c.get(1)) {
            out.push(Candidate::new(
                Category::RotaLine,
                m.range(),
                Strength::Pattern,
            ));
        }
    }
    for caps in each(&ON_LINE, text) {
        let Some(m) = caps.name("line") else { continue };
        let on_the_phone = caps.name("gap").is_some_and(|gap| {
            gap.as_str()
                .split_whitespace()
                .any(|w| PHONE_VERBS.contains(&w.to_lowercase().as_str()))
        });
        if !on_the_phone && !line_of_something_else(text, m.end()) {
            out.push(Candidate::new(
                Category::RotaLine,
                m.range(),
                Strength::Context,
            ));
        }
    }
    let rotas: Vec<usize> = each(&ROTA, text)
        .filter_map(|c| c.get(0))
        .map(|m| m.start())
        .collect();
    let lines: Vec<Range<usize>> = each(&LINE, text)
        .filter_map(|c| c.get(1))
        .map(|m| m.range())
        .collect();
    // Where one "line 1" of a paragraph is of a protocol, so is its "line 2".
    let of_something_else: Vec<usize> = lines
        .iter()
        .filter(|m| line_of_something_else(text, m.end))
        .map(|m| m.start)
        .collect();
    for m in &lines {
        let near = rotas
            .iter()
            .any(|&r| r + 160 >= m.start && r <= m.end + 160 && same_paragraph(text, r, m.start));
        let other = of_something_else
            .iter()
            .any(|&o| same_paragraph(text, o, m.start));
        if near && !other {
            out.push(Candidate::new(
                Category::RotaLine,
                m.clone(),
                Strength::Context,
            ));
        }
    }
}

/// Whether `text` contains one of `words` (lower-case ASCII) in any case,
/// even inside a longer word: a cheap test before a costlier pattern.
fn mentions(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|word| lower.contains(word))
}

/// Whether offsets `a` and `b` lie in one paragraph (no blank line between).
fn same_paragraph(text: &str, a: usize, b: usize) -> bool {
    let (from, to) = if a <= b { (a, b) } else { (b, a) };
    text.get(from..to)
        .is_some_and(|between| !between.contains("\n\n"))
}
