//! The support directory: `content/support.yaml`, read strictly into
//! [`Service`]s. A missing required field, an unknown key, a value of the
//! wrong type or an id used twice is an error naming the file and line.

use serde::{Deserialize, Serialize};

use crate::config::explain_serde_error;
use crate::error::{line_col, Code, Diagnostic, Location};

/// The file, relative to `content/`.
pub const FILE: &str = "support.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    services: Vec<Service>,
}

/// The whole directory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Directory {
    /// The page's title. Default: "Where to get help".
    pub title: Option<String>,
    /// The page's summary.
    pub summary: Option<String>,
    /// Its position among the top-level pages, as a page's `order`.
    pub order: Option<i64>,
    pub services: Vec<Service>,
}

/// One service a trainee can turn to.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Its anchor on `support/`: small letters, digits and hyphens.
    pub id: String,
    pub name: String,
    /// What it is for.
    pub offers: String,
    /// Who can use it.
    pub who: String,
    /// How to reach it, and whether self-referral works.
    pub how: String,
    /// Who is told, and when.
    pub confidentiality: String,
    /// What is written down, and where.
    pub records: String,
    #[serde(default)]
    pub contact: Contact,
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub cost: Option<String>,
    #[serde(default)]
    pub urgency: Urgency,
    /// Needs it helps with.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The nations of the UK it serves, when not all of them: each one of
    /// [`NATIONS`] (`england`, `scotland`, `wales`, `northern-ireland`).
    /// Empty: the whole UK.
    #[serde(default)]
    pub nations: Vec<String>,
    /// An example a deanery must replace with its own details: it may go
    /// without `owner`, `checked` and `check_by`.
    #[serde(default)]
    pub placeholder: bool,
    /// Who keeps its details right: a role or team, e.g. "Deanery PSU
    /// administrator".
    #[serde(default)]
    pub owner: Option<String>,
    /// When its details were last verified with the service (YYYY-MM-DD),
    /// as written; parsed in [`Service::verification`].
    #[serde(default, skip_serializing)]
    pub checked: Option<String>,
    /// When its details must be verified again (YYYY-MM-DD), as written.
    #[serde(default, skip_serializing)]
    pub check_by: Option<String>,
    /// `checked` and `check_by` parsed, and where the service and each
    /// date are written, for the check stage.
    #[serde(skip)]
    pub verification: Verification,
    /// Each field whose value starts [`REPLACE`] (a detail a deanery must
    /// fill in), as `contact.phone`, with where it is written.
    #[serde(skip)]
    pub to_replace: Vec<(&'static str, Location)>,
}

/// How a value a deanery must fill in begins: `phone: "REPLACE: your
/// PSU's phone number"`.
pub const REPLACE: &str = "REPLACE:";

/// The values of a service's `nations`, each with its name as the page
/// shows it.
pub const NATIONS: &[(&str, &str)] = &[
    ("england", "England"),
    ("scotland", "Scotland"),
    ("wales", "Wales"),
    ("northern-ireland", "Northern Ireland"),
];

/// When a service's details were verified and are due again, each date
/// with where it is written: the check stage warns 30 days before
/// `check_by` and fails after it (`check::support`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verification {
    /// Where the service is written (its `id:` line).
    pub at: Option<Location>,
    /// `checked`: the day its details were last verified.
    pub checked: Option<(time::Date, Location)>,
    /// `check_by`: the day they must be verified again, after `checked`.
    pub check_by: Option<(time::Date, Location)>,
}

impl Verification {
    /// `check_by`, when it has passed on `today`.
    pub fn overdue_on(&self, today: time::Date) -> Option<time::Date> {
        self.check_by
            .as_ref()
            .map(|(by, _)| *by)
            .filter(|by| *by < today)
    }
}

/// How to reach a service: any of them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// How soon a service can help.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// Now: emergencies and crisis lines, linked from every page.
    Now,
    /// Within days.
    Soon,
    #[default]
    Routine,
}

/// Reads `text`, the file at `path` (as diagnostics name it).
pub fn parse(path: &str, text: &str) -> Result<Directory, Vec<Diagnostic>> {
    super::nesting::refuse(path, text, 0, text, (Code::Support, "support.yaml"))
        .map_err(|d| vec![d])?;
    let raw: RawFile = serde_yaml::from_str(text).map_err(|e| {
        let location = e.location().map(|l| {
            let (line, col) = line_col(text, l.index());
            Location::at(path, line, col)
        });
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        // serde_yaml names the place first (`services[2].contact: …`); the
        // line and column say it better.
        let message = match message.split_once(": ") {
            Some((place, rest)) if place.starts_with("services") && !place.contains(' ') => rest,
            _ => message,
        };
        let mut d = explain_serde_error(Code::Support, location, message, "a service");
        if d.message.contains("missing required key") {
            d = d.with_help(
                "every service needs id, name, offers, who, how, confidentiality and records",
            );
        } else if d.message.contains("unknown variant") {
            d = d.with_help("write `urgency: now`, `urgency: soon` or `urgency: routine`");
        }
        if d.location.is_none() {
            d.location = Some(Location::file(path));
        }
        vec![d]
    })?;
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let blocks = service_blocks(text);
    let blocks = (blocks.len() == raw.services.len()).then_some(blocks);
    let mut verifications = Vec::with_capacity(raw.services.len());
    let mut replacements = Vec::with_capacity(raw.services.len());
    for (i, s) in raw.services.iter().enumerate() {
        let at = id_location(
            path,
            text,
            &s.id,
            seen.iter().filter(|&&x| x == s.id).count(),
        );
        let key_at = |key: &str| {
            blocks
                .as_ref()
                .and_then(|b| key_location(path, text, b[i].clone(), key))
                .unwrap_or_else(|| at.clone())
        };
        let fail = |message: String, help: &str| {
            Diagnostic::error(Code::Support, Some(at.clone()), message).with_help(help.to_string())
        };
        if seen.contains(&s.id.as_str()) {
            problems.push(fail(
                format!("the id `{}` is used by two services", s.id),
                "give each service its own id: it is the service's address, support/#id",
            ));
        }
        seen.push(&s.id);
        if !usable(&s.id) {
            problems.push(fail(
                format!("`{}` cannot be a service's id", s.id),
                "use small letters, digits and hyphens, e.g. `id: practitioner-health`",
            ));
        } else if TAKEN.contains(&s.id.as_str()) || s.id.starts_with("induct-") {
            problems.push(fail(
                format!("`{}` is an id the support page uses for itself", s.id),
                "choose another id, e.g. the service's name in small letters and hyphens",
            ));
        }
        for (field, value) in [
            ("name", &s.name),
            ("offers", &s.offers),
            ("who", &s.who),
            ("how", &s.how),
            ("confidentiality", &s.confidentiality),
            ("records", &s.records),
        ] {
            if value.trim().is_empty() {
                problems.push(fail(
                    format!("`{field}` of `{}` is empty", s.id),
                    "every service says what it offers, who can use it, how to reach it, who is told and what is recorded",
                ));
            }
        }
        if let Some(email) = &s.contact.email {
            if !email.contains('@') || email.contains(char::is_whitespace) {
                problems.push(fail(
                    format!("`{email}` is not an email address"),
                    "write it as name@example.org",
                ));
            }
        }
        if let Some(url) = &s.contact.url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                problems.push(fail(
                    format!("`{url}` is not a web address"),
                    "write the full address, starting https://",
                ));
            }
        }
        for nation in &s.nations {
            if !NATIONS.iter().any(|(key, _)| key == nation) {
                let known: Vec<&str> = NATIONS.iter().map(|(key, _)| *key).collect();
                problems.push(
                    Diagnostic::error(
                        Code::Support,
                        Some(key_at("nations")),
                        format!("`{nation}` in `nations` of `{}` is not a nation of the UK", s.id),
                    )
                    .with_help(format!(
                        "write one or more of: {}, e.g. `nations: [england]`; leave `nations` out for a service open to the whole UK",
                        known.join(", ")
                    )),
                );
            }
        }
        for tag in &s.tags {
            if !usable(tag) {
                problems.push(fail(
                    format!("the tag `{tag}` of `{}` cannot be used in the filter", s.id),
                    "use small letters, digits and hyphens, e.g. `mental-health`",
                ));
            }
        }
        match verification(s, &at, &key_at) {
            Ok(v) => verifications.push(v),
            Err(d) => problems.push(d),
        }
        replacements.push(
            fields(s)
                .into_iter()
                .filter(|(_, value)| value.trim_start().starts_with(REPLACE))
                .map(|(field, _)| {
                    let key = field.rsplit('.').next().unwrap_or(field);
                    (field, key_at(key))
                })
                .collect(),
        );
    }
    if problems.is_empty() {
        let mut services = raw.services;
        for ((s, v), r) in services.iter_mut().zip(verifications).zip(replacements) {
            s.verification = v;
            s.to_replace = r;
        }
        Ok(Directory {
            title: raw.title,
            summary: raw.summary,
            order: raw.order,
            services,
        })
    } else {
        Err(problems)
    }
}

/// Every text a service shows or keeps, by its key (`contact.phone`).
fn fields(s: &Service) -> Vec<(&'static str, &str)> {
    let optional = [
        ("contact.phone", &s.contact.phone),
        ("contact.email", &s.contact.email),
        ("contact.url", &s.contact.url),
        ("hours", &s.hours),
        ("cost", &s.cost),
        ("owner", &s.owner),
    ];
    let mut all = vec![
        ("name", s.name.as_str()),
        ("offers", s.offers.as_str()),
        ("who", s.who.as_str()),
        ("how", s.how.as_str()),
        ("confidentiality", s.confidentiality.as_str()),
        ("records", s.records.as_str()),
    ];
    all.extend(
        optional
            .into_iter()
            .filter_map(|(key, value)| value.as_deref().map(|v| (key, v))),
    );
    all
}

/// A service's `owner`, `checked` and `check_by`, checked as far as they
/// can be without knowing today: an owner is not empty, each date is a
/// date, and `check_by` comes after `checked`. `at` is where the service
/// is written; `key_at` finds where one of its keys is.
fn verification(
    s: &Service,
    at: &Location,
    key_at: &dyn Fn(&str) -> Location,
) -> Result<Verification, Diagnostic> {
    if s.owner.as_deref().is_some_and(|o| o.trim().is_empty()) {
        return Err(Diagnostic::error(
            Code::Support,
            Some(key_at("owner")),
            format!("`owner` of `{}` is empty", s.id),
        )
        .with_help("name who keeps its details right, a role or team, e.g. `owner: Deanery PSU administrator`"));
    }
    let date = |key: &str, value: &Option<String>, example: &str| match value {
        None => Ok(None),
        Some(v) => match parse_date(v) {
            Some(d) => Ok(Some((d, key_at(key)))),
            None => Err(Diagnostic::error(
                Code::Support,
                Some(key_at(key)),
                format!("`{key}: {v}` of `{}` is not a date", s.id),
            )
            .with_help(format!(
                "write the date as year-month-day, e.g. `{key}: {example}`"
            ))),
        },
    };
    let checked = date("checked", &s.checked, "2026-11-24")?;
    let check_by = date("check_by", &s.check_by, "2027-05-24")?;
    if let (Some((on, _)), Some((by, by_at))) = (&checked, &check_by) {
        if by <= on {
            return Err(Diagnostic::error(
                Code::Support,
                Some(by_at.clone()),
                format!(
                    "`check_by: {by}` of `{}` is not after `checked: {on}`",
                    s.id
                ),
            )
            .with_help(format!(
                "`check_by` is the day its details must be verified again, e.g. six months on: `check_by: {}`",
                six_months_after(*on)
            )));
        }
    }
    Ok(Verification {
        at: Some(at.clone()),
        checked,
        check_by,
    })
}

/// `YYYY-MM-DD` as a date.
pub fn parse_date(value: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(value.trim(), &format).ok()
}

/// The same day six months after `day` (the month's last day when it has
/// no such day): the `check_by` induct suggests.
pub fn six_months_after(day: time::Date) -> time::Date {
    let months = day.year() * 12 + i32::from(u8::from(day.month())) - 1 + 6;
    let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .unwrap_or(day.month());
    let last = month.length(year);
    time::Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// The byte range of each service of `services:` in `text`, in order,
/// when the list is written as a block (a `- ` line starting each
/// service, all at one indent); else empty.
pub fn service_blocks(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut blocks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut offset = 0;
    let mut in_list = false;
    let mut indent = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        if !in_list {
            in_list = content.starts_with("services:");
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = content.len() - trimmed.len();
        let item = trimmed == "-" || trimmed.starts_with("- ");
        let list_indent = *indent.get_or_insert(depth);
        if depth < list_indent || (depth == list_indent && !item) {
            break;
        }
        if depth == list_indent {
            if let Some(last) = blocks.last_mut() {
                last.end = start;
            }
            blocks.push(start..text.len());
        }
    }
    if let Some(last) = blocks.last_mut() {
        last.end = last.end.min(offset);
    }
    blocks
}

/// Where `key:` is written in `block` of `text` (a service's lines).
fn key_location(
    path: &str,
    text: &str,
    block: std::ops::Range<usize>,
    key: &str,
) -> Option<Location> {
    let mut offset = block.start;
    for line in text.get(block)?.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let trimmed_item = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
        if trimmed_item
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            let col = line.len() - trimmed_item.len();
            let (l, c) = line_col(text, offset + col);
            return Some(Location::at(path, l, c));
        }
        offset += line.len();
    }
    None
}

/// Ids the support page and the theme use.
const TAKEN: &[&str] = &[
    "now",
    "by-need",
    "main",
    "induct-children",
    "induct-contents",
    "induct-privacy",
];

/// Small letters, digits and hyphens, not starting with a hyphen.
fn usable(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Where the `n`th (from 0) `id: <id>` line is, else the file.
fn id_location(path: &str, text: &str, id: &str, n: usize) -> Location {
    let mut offset = 0;
    let mut found = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        let value = trimmed
            .strip_prefix("id:")
            .map(|v| v.trim().trim_matches(['"', '\'']));
        if value == Some(id) {
            if found == n {
                let col = line.len() - line.trim_start().len();
                let (l, c) = line_col(text, offset + col);
                return Location::at(path, l, c);
            }
            found += 1;
        }
        offset += line.len();
    }
    Location::file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "services:\n  - id: psu\n    name: PSU\n    offers: Help.\n    who: Trainees.\n    how: Email.\n    confidentiality: Nobody.\n    records: Case notes.\n";

    #[test]
    fn reads_a_service() {
        let services = parse("content/support.yaml", ONE).unwrap().services;
        assert_eq!(services.len(), 1);
        assert_eq!(services[0].urgency, Urgency::Routine);
        let empty = parse("s.yaml", "title: Help\norder: 5\nservices: []\n").unwrap();
        assert!(empty.services.is_empty());
        assert_eq!(
            (empty.title.as_deref(), empty.order),
            (Some("Help"), Some(5))
        );
    }

    #[test]
    fn missing_field_unknown_key_and_duplicate_id_name_their_line() {
        let missing = ONE.replace("    records: Case notes.\n", "");
        let err = parse("s.yaml", &missing).unwrap_err();
        assert!(
            err[0].message.contains("missing required key `records`"),
            "{err:?}"
        );
        assert!(err[0].location.as_ref().and_then(|l| l.line).is_some());

        let unknown = ONE.replace("    who:", "    whom: x\n    who:");
        let err = parse("s.yaml", &unknown).unwrap_err();
        assert!(err[0].message.contains("unknown key `whom`"), "{err:?}");
        assert_eq!(err[0].location.as_ref().and_then(|l| l.line), Some(5));
        assert!(
            err[0].render_text(false).contains("did you mean `who`"),
            "{err:?}"
        );

        let twice = format!("{ONE}{}", &ONE["services:\n".len()..]);
        let err = parse("s.yaml", &twice).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert!(err[0].message.contains("`psu` is used by two services"));
        assert_eq!(
            err[0].location.as_ref().and_then(|l| l.line),
            Some(9),
            "the second one"
        );

        let bad = ONE
            .replace("id: psu", "id: My PSU")
            .replace("how: Email.", "how: Email.\n    urgency: today");
        assert!(parse("s.yaml", &bad).unwrap_err()[0]
            .message
            .contains("unknown variant"));
        let bad = ONE.replace("id: psu", "id: My PSU");
        assert!(parse("s.yaml", &bad).unwrap_err()[0]
            .message
            .contains("cannot be a service's id"));
    }

    #[test]
    fn check_dates_are_dates_in_order_and_know_their_lines() {
        let dated = format!(
            "{ONE}    owner: PSU administrator\n    checked: 2026-11-24\n    check_by: \"2027-05-24\"\n"
        );
        let two = format!(
            "{dated}{}",
            &dated["services:\n".len()..].replace("id: psu", "id: other")
        );
        let services = parse("s.yaml", &two).unwrap().services;
        let v = &services[1].verification;
        let at = |d: &Option<(time::Date, Location)>| {
            d.as_ref().map(|(d, l)| (d.to_string(), l.line, l.col))
        };
        assert_eq!(
            at(&v.checked),
            Some(("2026-11-24".into(), Some(20), Some(5)))
        );
        assert_eq!(
            at(&v.check_by),
            Some(("2027-05-24".into(), Some(21), Some(5)))
        );
        assert_eq!(v.at.as_ref().and_then(|l| l.line), Some(12));
        assert_eq!(services[1].owner.as_deref(), Some("PSU administrator"));

        let err = parse("s.yaml", &dated.replace("2026-11-24", "24/11/2026")).unwrap_err();
        assert!(
            err[0]
                .message
                .contains("`checked: 24/11/2026` of `psu` is not a date"),
            "{err:?}"
        );
        assert_eq!(err[0].location.as_ref().and_then(|l| l.line), Some(10));
        let err = parse("s.yaml", &dated.replace("\"2027-05-24\"", "soon")).unwrap_err();
        assert!(err[0]
            .message
            .contains("`check_by: soon` of `psu` is not a date"));
        assert_eq!(err[0].location.as_ref().and_then(|l| l.line), Some(11));
        let err = parse("s.yaml", &dated.replace("\"2027-05-24\"", "2026-11-24")).unwrap_err();
        assert!(
            err[0]
                .message
                .contains("`check_by: 2026-11-24` of `psu` is not after `checked: 2026-11-24`"),
            "{err:?}"
        );
        assert!(err[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("check_by: 2027-05-24"));
        let err = parse("s.yaml", &dated.replace("PSU administrator", "\"  \"")).unwrap_err();
        assert!(
            err[0].message.contains("`owner` of `psu` is empty"),
            "{err:?}"
        );
        assert_eq!(err[0].location.as_ref().and_then(|l| l.line), Some(9));
    }

    #[test]
    fn six_months_on_keeps_the_day_where_it_can() {
        use time::macros::date;
        assert_eq!(
            six_months_after(date!(2026 - 11 - 24)),
            date!(2027 - 05 - 24)
        );
        assert_eq!(
            six_months_after(date!(2026 - 08 - 31)),
            date!(2027 - 02 - 28)
        );
        assert_eq!(
            six_months_after(date!(2026 - 03 - 10)),
            date!(2026 - 09 - 10)
        );
    }

    #[test]
    fn nations_are_the_four_and_a_wrong_one_names_its_line() {
        let england = ONE.replace("    who:", "    nations: [england, wales]\n    who:");
        let services = parse("s.yaml", &england).unwrap().services;
        assert_eq!(services[0].nations, ["england", "wales"]);
        let wrong = ONE.replace("    who:", "    nations: [england, ulster]\n    who:");
        let err = parse("s.yaml", &wrong).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(
            err[0].message,
            "`ulster` in `nations` of `psu` is not a nation of the UK"
        );
        let at = err[0].location.as_ref().map(|l| (l.line, l.col));
        assert_eq!(at, Some((Some(5), Some(5))));
        assert!(err[0]
            .help
            .as_deref()
            .unwrap_or("")
            .starts_with("write one or more of: england, scotland, wales, northern-ireland"));
    }

    #[test]
    fn replace_values_are_found_with_their_lines() {
        let yaml = ONE.replace("    how: Email.", "    how: \"REPLACE: how\"\n    contact:\n      phone: 'REPLACE: a number'\n      email: a@b.org");
        let services = parse("s.yaml", &yaml).unwrap().services;
        let found: Vec<(&str, Option<usize>, Option<usize>)> = services[0]
            .to_replace
            .iter()
            .map(|(field, at)| (*field, at.line, at.col))
            .collect();
        assert_eq!(
            found,
            [
                ("how", Some(6), Some(5)),
                ("contact.phone", Some(8), Some(7))
            ]
        );
        assert!(parse("s.yaml", ONE).unwrap().services[0]
            .to_replace
            .is_empty());
    }
}
