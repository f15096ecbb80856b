//! Identifiers with a shape: dates, ages, phone, NHS and GMC numbers, email
//! and web addresses, handles, postcodes and numbered wards. Each detector is
//! a regex compiled once, plus the checks a regex cannot express (a valid
//! day, a check digit, what comes after an age).

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
    found
}

/// A pattern that cannot fail to compile; `None` only if it were malformed,
/// which the `patterns_compile` test rules out.
fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
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
static BIRTHDAY: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:\d{1,3}(?:st|nd|rd|th)|eighteenth|twenty-first|thirtieth|fortieth|fiftieth|sixtieth|seventieth)\s+birthday\b",
    )
});

static PHONE: Pattern = LazyLock::new(|| compile(r"\+?\(?\d[\d()]*(?:[ \-]\(?\d[\d()]*)*"));
static NHS: Pattern = LazyLock::new(|| compile(r"\b\d{3}([ \-]?)\d{3}([ \-]?)\d{4}\b"));
static GMC_CONTEXT: Pattern = LazyLock::new(|| compile(r"\bGMC\b[^\d\n]{0,30}?(\d{7})\b"));
static SEVEN_DIGITS: Pattern = LazyLock::new(|| compile(r"\b\d{7}\b"));
static POSTCODE: Pattern =
    LazyLock::new(|| compile(r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-HJKMNPR-Y\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b"));
static WARD: Pattern =
    LazyLock::new(|| compile(r"\b[Ww]ard\s+(?:\d{1,3}[A-Za-z]?|[A-Za-z]\d{1,3}[A-Za-z]?)\b"));

/// Every pattern, for the test that they compile.
#[cfg(test)]
pub(super) fn all_compile() -> bool {
    [
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
        &BIRTHDAY,
        &PHONE,
        &NHS,
        &GMC_CONTEXT,
        &SEVEN_DIGITS,
        &POSTCODE,
        &WARD,
    ]
    .iter()
    .all(|p| p.is_some())
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

fn handles(text: &str, out: &mut Vec<Candidate>) {
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
    "we", "they", "because", "as", "while", "after", "before", "until", "in",
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
    for m in each(&BIRTHDAY, text).filter_map(|c| c.get(0)) {
        push(m.range());
    }
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

fn postcodes(text: &str, out: &mut Vec<Candidate>) {
    for m in each(&POSTCODE, text).filter_map(|c| c.get(0)) {
        out.push(Candidate::new(
            Category::Postcode,
            m.range(),
            Strength::Pattern,
        ));
    }
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
