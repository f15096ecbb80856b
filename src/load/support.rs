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
    /// An example a deanery must replace with its own details.
    #[serde(default)]
    pub placeholder: bool,
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
    for s in &raw.services {
        let at = id_location(
            path,
            text,
            &s.id,
            seen.iter().filter(|&&x| x == s.id).count(),
        );
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
        for tag in &s.tags {
            if !usable(tag) {
                problems.push(fail(
                    format!("the tag `{tag}` of `{}` cannot be used in the filter", s.id),
                    "use small letters, digits and hyphens, e.g. `mental-health`",
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(Directory {
            title: raw.title,
            summary: raw.summary,
            order: raw.order,
            services: raw.services,
        })
    } else {
        Err(problems)
    }
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
}
