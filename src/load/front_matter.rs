//! Front matter: the YAML block between `---` lines at the top of every
//! markdown file, split off and parsed strictly into [`FrontMatter`].
//!
//! Positions in errors are positions in the whole file, so an author can
//! jump straight to the line.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::config::explain_serde_error;
use crate::error::{line_col, Code, Diagnostic, Location};

/// The keys every page may set.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title, shown as its heading, in navigation and in `<title>`. Required.
    pub title: String,
    /// One sentence about the page, shown in lists of pages and used as its
    /// description for search engines and link previews.
    #[serde(default)]
    pub summary: Option<String>,
    /// Position among its siblings (lower first). Default: the file name's
    /// numeric prefix, else after every numbered page, by title.
    #[serde(default)]
    pub order: Option<i64>,
    /// A draft is left out of `build` output entirely.
    #[serde(default)]
    pub draft: bool,
    /// Addresses this page was published at before it moved
    /// (`modules/first-weeks/`): each gets a page that sends readers here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Heading ids this page published before they were renamed, each
    /// with the id it now goes to: `{old-id: new-id}`.
    #[serde(default)]
    pub anchor_aliases: BTreeMap<String, String>,
    /// A short name: `short: psu` makes `go/psu/` lead here.
    #[serde(default)]
    pub short: Option<String>,
    /// An interruption page: shown on its own, with the exit button (when
    /// the course has one) and a "Continue" link to the page after it in
    /// reading order, before a reader goes on to something sensitive.
    #[serde(default)]
    pub interruption: bool,
    /// A link to this page in the footer of every page (such as how to
    /// browse safely).
    #[serde(default)]
    pub footer: bool,
    /// Where `aliases`, `anchor_aliases` and `short` are written, for
    /// the errors about them.
    #[serde(skip)]
    pub keys_at: Vec<(&'static str, Location)>,
}

/// The keys of a scenario (a markdown file directly in `content/scenarios/`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFrontMatter {
    /// The scenario's title, shown on every step. Required.
    pub title: String,
    /// One sentence about the scenario, shown in the list of scenarios.
    #[serde(default)]
    pub summary: Option<String>,
    /// The id of the step the walk-through starts at. Default: the first step.
    #[serde(default)]
    pub start: Option<String>,
    /// What the scenario touches on (`suicidal thoughts`), shown at the top
    /// of each of its pages: a link may lead straight to any step.
    #[serde(default)]
    pub content_notes: Vec<String>,
    /// Position among the scenarios (lower first), as for pages.
    #[serde(default)]
    pub order: Option<i64>,
    /// A draft is left out of `build` output entirely.
    #[serde(default)]
    pub draft: bool,
    /// Addresses this page was published at before it moved
    /// (`modules/first-weeks/`): each gets a page that sends readers here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Step ids this scenario published before they were renamed, each
    /// with the id it now goes to: `{old-step: new-step}`.
    #[serde(default)]
    pub anchor_aliases: BTreeMap<String, String>,
    /// A short name: `short: psu` makes `go/psu/` lead here.
    #[serde(default)]
    pub short: Option<String>,
}

/// The keys of a recovery story (a markdown file directly in `content/stories/`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StoryFrontMatter {
    /// The story's title. Required.
    pub title: String,
    /// One sentence about the story, shown in the list of stories.
    #[serde(default)]
    pub summary: Option<String>,
    /// The teller's consent. Required.
    pub consent: Consent,
    /// `reviewed` once someone other than the teller has checked that the
    /// story identifies no one. Default: `draft`.
    #[serde(default)]
    pub anonymisation: Anonymisation,
    /// Who reviewed the story's anonymisation (`reviewed_by: induct course
    /// team`): with `reviewed_on` and `reviewed_hash`, the review's
    /// signature, without which a `reviewed` story is not published.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// The date of the review (YYYY-MM-DD), not after today.
    #[serde(default)]
    pub reviewed_on: Option<String>,
    /// The fingerprint of the text that was reviewed: 16 hex digits, as
    /// the review page in `induct serve` gives them. When the title,
    /// summary or text change, it no longer matches and the story is held
    /// back until it is reviewed again.
    #[serde(default)]
    pub reviewed_hash: Option<String>,
    /// A composite of several accounts, or written for illustration.
    #[serde(default)]
    pub composite: bool,
    /// Pages the story relates to, by the last part of their URL
    /// (`stigma` for `modules/stigma/`): shown as links with the story.
    #[serde(default)]
    pub themes: Vec<String>,
    /// What the story touches on, shown before it (`sick leave`).
    #[serde(default)]
    pub content_notes: Vec<String>,
    /// Terms the author has checked and keeps, which the identifier scan
    /// does not report.
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// Addresses this page was published at before it moved
    /// (`modules/first-weeks/`): each gets a page that sends readers here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Heading ids this page published before they were renamed, each
    /// with the id it now goes to: `{old-id: new-id}`.
    #[serde(default)]
    pub anchor_aliases: BTreeMap<String, String>,
    /// A short name: `short: psu` makes `go/psu/` lead here.
    #[serde(default)]
    pub short: Option<String>,
}

/// A story's consent: its teller's (`given: true`), or, for a composite
/// (`composite: true`), `basis: composite`, since nobody is there to give it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Whether the teller consents to publishing. Required for a teller's
    /// story; never written with `basis: composite`.
    #[serde(default)]
    pub given: Option<bool>,
    /// Whose consent this is: `teller` (the default) or `composite`, for a
    /// story marked `composite: true`, which has no teller to consent.
    #[serde(default)]
    pub basis: Basis,
    /// Where the story may appear; it is published on the site only when
    /// this includes `site`.
    #[serde(default)]
    pub scope: Vec<String>,
    /// The date (YYYY-MM-DD) consent must be reviewed by; after it the
    /// story is no longer published.
    #[serde(default)]
    pub review_by: Option<String>,
}

/// Whose consent a story's `consent` records.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The person whose story it is: `given` says whether they consent.
    #[default]
    Teller,
    /// Nobody: the story is a composite of several accounts or written for
    /// illustration (`composite: true`).
    Composite,
}

/// A story's consent as the gate reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum ConsentForm {
    /// A teller's consent: `given`, and where it is written.
    Teller { given: bool, at: Location },
    /// `basis: composite` on a story marked `composite: true`.
    Composite,
}

/// Whether a story's anonymisation has been reviewed.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Anonymisation {
    #[default]
    Draft,
    Reviewed,
}

/// What the build needs of a story's front matter beyond a page's.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryMeta {
    pub consent: ConsentForm,
    pub scope: Vec<String>,
    /// `review_by`, parsed, and where it is written.
    pub review_by: Option<(time::Date, Location)>,
    pub anonymisation: Anonymisation,
    /// The review's signature: who, when, and the text's fingerprint.
    pub review: Review,
    pub composite: bool,
    /// Theme names, each with where `themes:` is written.
    pub themes: Vec<(String, Location)>,
    pub content_notes: Vec<String>,
    pub allow: Vec<String>,
    /// Where the title and summary values are in the file (byte offsets),
    /// for the identifier scan, when they are written on their key's line.
    pub title_at: Option<usize>,
    pub summary_at: Option<usize>,
    /// Where each key the identifier scan reads is written: `title`,
    /// `summary`, `content_notes`.
    pub keys: Vec<(&'static str, Location)>,
}

/// A story's signed review (`reviewed_by`, `reviewed_on`,
/// `reviewed_hash`), each key with where it is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    /// Who reviewed it (never empty).
    pub by: Option<(String, Location)>,
    /// When (a date; the check stage refuses one after today).
    pub on: Option<(time::Date, Location)>,
    /// The fingerprint of the text reviewed: 16 lower-case hex digits.
    pub hash: Option<(String, Location)>,
}

impl Review {
    /// The keys of the signature that are not written.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.by.is_none() {
            missing.push("reviewed_by");
        }
        if self.on.is_none() {
            missing.push("reviewed_on");
        }
        if self.hash.is_none() {
            missing.push("reviewed_hash");
        }
        missing
    }
}

/// What kind of content a markdown file is, from where it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Kind {
    /// An ordinary page.
    #[default]
    Page,
    /// A branching scenario.
    Scenario {
        /// `start:` from the front matter, with where it is written.
        start: Option<(String, Location)>,
        /// What the scenario touches on, shown on each of its pages.
        content_notes: Vec<String>,
    },
    /// A recovery story.
    Story(Box<StoryMeta>),
}

/// Whether the markdown file at `rel` (relative to `content/`) is a
/// scenario: any file directly in `scenarios/` except its `index.md`.
pub fn is_scenario(rel: &str) -> bool {
    match rel.split_once('/') {
        Some((folder, name)) => {
            names(folder, "scenarios") && !name.contains('/') && !is_index(name)
        }
        None => false,
    }
}

/// Whether the markdown file at `rel` is a story: every markdown file
/// anywhere under the top-level `stories/` folder (`03-stories/` too),
/// a folder's `index.md` included, except the section's own listing page
/// `stories/index.md`. Whatever its depth or name, a file there goes
/// through the consent gate and the identifier scan.
pub fn is_story(rel: &str) -> bool {
    match rel.split_once('/') {
        Some((folder, rest)) => names(folder, "stories") && !is_index(rest),
        None => false,
    }
}

fn is_index(name: &str) -> bool {
    name.eq_ignore_ascii_case("index.md")
}

/// Whether a folder's name makes the URL segment `segment`: the name with
/// any numeric prefix (`03-`) dropped, in any letter case.
pub fn names(folder: &str, segment: &str) -> bool {
    let digits = folder.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match folder[digits..].strip_prefix(['-', '_']) {
        Some(rest) if digits > 0 => rest,
        _ => folder,
    };
    rest.eq_ignore_ascii_case(segment)
}

/// Parses the front matter of the file at `rel` with the keys of its kind.
pub fn parse_kind(
    path: &str,
    rel: &str,
    text: &str,
    split: &Split<'_>,
) -> Result<(FrontMatter, Kind), Diagnostic> {
    if is_story(rel) {
        return parse_story(path, text, split);
    }
    if !is_scenario(rel) {
        return Ok((parse(path, text, split)?, Kind::Page));
    }
    let front: ScenarioFrontMatter = parse_as(path, text, split)?;
    check_title(path, text, split, &front.title)?;
    let content_notes = front.content_notes.clone();
    let start = front.start.map(|id| {
        let at = key_location(path, text, split, "start").unwrap_or_else(|| Location::file(path));
        (id.trim().trim_start_matches('#').to_string(), at)
    });
    Ok((
        FrontMatter {
            title: front.title,
            summary: front.summary,
            order: front.order,
            draft: front.draft,
            aliases: front.aliases,
            anchor_aliases: front.anchor_aliases,
            short: front.short,
            keys_at: link_keys(path, text, split),
            ..FrontMatter::default()
        },
        Kind::Scenario {
            start,
            content_notes,
        },
    ))
}

fn parse_story(
    path: &str,
    text: &str,
    split: &Split<'_>,
) -> Result<(FrontMatter, Kind), Diagnostic> {
    let front: StoryFrontMatter = parse_as(path, text, split).map_err(|d| {
        if d.message.contains("`consent`") {
            d.with_help(CONSENT_FORMS)
        } else if d.message.contains("unknown variant") && d.message.contains("`teller`") {
            d.with_help("write `basis: composite` for a composite story (`composite: true`), or leave `basis` out for a teller's consent")
        } else if d.message.contains("unknown variant") {
            d.with_help("write `anonymisation: draft` or `anonymisation: reviewed`")
        } else {
            d
        }
    })?;
    check_title(path, text, split, &front.title)?;
    let at =
        |key: &str| key_location(path, text, split, key).unwrap_or_else(|| Location::file(path));
    let review_by = match &front.consent.review_by {
        None => None,
        Some(date) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match time::Date::parse(date.trim(), &format) {
                Ok(d) => Some((d, at("review_by"))),
                Err(_) => {
                    return Err(Diagnostic::error(
                        Code::FrontMatter,
                        Some(at("review_by")),
                        format!("`review_by: {date}` is not a date"),
                    )
                    .with_help("write the date as year-month-day, e.g. `review_by: 2027-09-01`"))
                }
            }
        }
    };
    let review = parse_review(&front, &at)?;
    let consent = consent_form(&front, &at)?;
    let themes_at = at("themes");
    let meta = StoryMeta {
        consent,
        scope: front.consent.scope,
        review_by,
        anonymisation: front.anonymisation,
        review,
        composite: front.composite,
        themes: front
            .themes
            .into_iter()
            .map(|t| (t.trim().trim_matches('/').to_string(), themes_at.clone()))
            .collect(),
        content_notes: front.content_notes,
        allow: front.allow,
        keys: ["title", "summary", "content_notes"]
            .into_iter()
            .filter_map(|k| Some((k, key_location(path, text, split, k)?)))
            .collect(),
        title_at: value_offset(split, "title", &front.title),
        summary_at: front
            .summary
            .as_deref()
            .and_then(|s| value_offset(split, "summary", s)),
    };
    Ok((
        FrontMatter {
            title: front.title,
            summary: front.summary,
            order: front.order,
            draft: front.draft,
            aliases: front.aliases,
            anchor_aliases: front.anchor_aliases,
            short: front.short,
            keys_at: link_keys(path, text, split),
            ..FrontMatter::default()
        },
        Kind::Story(Box::new(meta)),
    ))
}

/// The two forms of a story's consent, for the help of an error about it.
const CONSENT_FORMS: &str = "a story needs its teller's consent:\n    consent:\n      given: true\n      scope: [site]\n      review_by: 2027-09-01\nor, for a composite of several accounts or one written for illustration (no teller to consent):\n    composite: true\n    consent:\n      basis: composite\n      scope: [site]\n      review_by: 2027-09-01";

/// A story's consent, checked: a teller's says whether it is `given`; the
/// composite form (`basis: composite`) goes only on a story marked
/// `composite: true`, and has no `given`, since nobody could give it.
fn consent_form(
    front: &StoryFrontMatter,
    at: &dyn Fn(&str) -> Location,
) -> Result<ConsentForm, Diagnostic> {
    match (front.consent.basis, front.consent.given) {
        (Basis::Teller, Some(given)) => Ok(ConsentForm::Teller {
            given,
            at: at("given"),
        }),
        (Basis::Teller, None) => Err(Diagnostic::error(
            Code::FrontMatter,
            Some(at("consent")),
            "missing required key `given` under `consent`",
        )
        .with_help(CONSENT_FORMS)),
        (Basis::Composite, _) if !front.composite => Err(Diagnostic::error(
            Code::ConsentBasis,
            Some(at("basis")),
            "`basis: composite` is for a composite story, and this story is not marked `composite: true`",
        )
        .with_help("if it is a composite of several accounts or written for illustration, add `composite: true`; if it is one person's story, it needs their consent instead: write `given: true` in place of `basis: composite`, once they have given it")),
        (Basis::Composite, Some(_)) => Err(Diagnostic::error(
            Code::ConsentBasis,
            Some(at("given")),
            "`given` does not go with `basis: composite`: a composite has no teller to give consent",
        )
        .with_help("delete the `given` line; `basis: composite` with `scope` and `review_by` is the whole of a composite's consent")),
        (Basis::Composite, None) => Ok(ConsentForm::Composite),
    }
}

/// The review's signature of a story, each value checked: a name, a
/// date, 16 hex digits.
fn parse_review(
    front: &StoryFrontMatter,
    at: &dyn Fn(&str) -> Location,
) -> Result<Review, Diagnostic> {
    let by = match &front.reviewed_by {
        Some(name) if name.trim().is_empty() => {
            return Err(Diagnostic::error(
                Code::FrontMatter,
                Some(at("reviewed_by")),
                "`reviewed_by` is empty",
            )
            .with_help("write who reviewed the story, e.g. `reviewed_by: induct course team`"))
        }
        Some(name) => Some((name.trim().to_string(), at("reviewed_by"))),
        None => None,
    };
    let on = match &front.reviewed_on {
        Some(date) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match time::Date::parse(date.trim(), &format) {
                Ok(d) => Some((d, at("reviewed_on"))),
                Err(_) => return Err(Diagnostic::error(
                    Code::FrontMatter,
                    Some(at("reviewed_on")),
                    format!("`reviewed_on: {date}` is not a date"),
                )
                .with_help(
                    "write the day of the review as year-month-day, e.g. `reviewed_on: 2026-11-02`",
                )),
            }
        }
        None => None,
    };
    let hash = match &front.reviewed_hash {
        Some(hash) => {
            let hash = hash.trim();
            if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Diagnostic::error(
                    Code::FrontMatter,
                    Some(at("reviewed_hash")),
                    format!("`reviewed_hash: {hash}` is not 16 hex digits"),
                )
                .with_help("copy the sign-off from the story's review page in `induct serve` (`/__induct/review/`), or from `induct check`'s warning about the story"));
            }
            Some((hash.to_ascii_lowercase(), at("reviewed_hash")))
        }
        None => None,
    };
    Ok(Review { by, on, hash })
}

/// The byte offset in the file of `value` as written after `key:`, when
/// it is written on that line as it is (plain or quoted, not folded).
fn value_offset(split: &Split<'_>, key: &str, value: &str) -> Option<usize> {
    let mut offset = split.yaml_start;
    for line in split.yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if let Some(after) = rest.trim_start().strip_prefix(':') {
                let start = line.len() - after.len();
                return after.find(value.trim()).map(|i| offset + start + i);
            }
        }
        offset += line.len();
    }
    None
}

/// A markdown file split into front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// Byte offset of the YAML in the file.
    pub yaml_start: usize,
    pub yaml: &'a str,
    /// Byte offset of the markdown body in the file.
    pub body_start: usize,
}

/// Finds the front matter block. `path` is only used to name the file in errors.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            Some(Location::at(path, 1, 1)),
            "the file does not start with front matter",
        )
        .with_help(
            "begin the file with a YAML block:\n    ---\n    title: A clear title\n    ---",
        ));
    }
    let yaml_start = bom + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml_start,
                yaml: &text[yaml_start..offset],
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::FrontMatter,
        Some(Location::at(path, 1, 1)),
        "the front matter is never closed",
    )
    .with_help("end the YAML block with a line holding only `---`"))
}

/// Parses the YAML of a split page.
pub fn parse(path: &str, text: &str, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    let mut front: FrontMatter = parse_as(path, text, split)?;
    check_title(path, text, split, &front.title)?;
    front.keys_at = link_keys(path, text, split);
    Ok(front)
}

/// Where the keys that keep links alive are written.
fn link_keys(path: &str, text: &str, split: &Split<'_>) -> Vec<(&'static str, Location)> {
    ["aliases", "anchor_aliases", "short"]
        .into_iter()
        .filter_map(|k| Some((k, key_location(path, text, split, k)?)))
        .collect()
}

/// Parses the YAML of a split file into the front matter of one kind.
fn parse_as<T: DeserializeOwned>(
    path: &str,
    text: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            Some(Location::at(path, 1, 1)),
            "missing required key `title` in front matter",
        )
        .with_help("add it, e.g. `title: \"A clear title\"`"));
    }
    super::nesting::refuse(
        path,
        text,
        split.yaml_start,
        split.yaml,
        (Code::FrontMatter, "front matter"),
    )?;
    serde_yaml::from_str(split.yaml).map_err(|e| {
        let location = e.location().map(|l| {
            let (line, col) = line_col(text, split.yaml_start + l.index());
            Location::at(path, line, col)
        });
        // serde_yaml appends " at line N column M" to messages; ours says it already.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        let mut d = explain_serde_error(Code::FrontMatter, location, &message, "front matter");
        if let Some((key, rest)) = d.message.split_once(": invalid type: ") {
            let rest = rest
                .trim_end_matches(" in front matter")
                .replace("i64", "a whole number");
            let help = match key {
                "order" => "write a whole number, e.g. `order: 2`",
                "draft" => "write `draft: true` or `draft: false`",
                "start" => "write the id of a step, e.g. `start: on-the-ward`",
                _ if rest.contains("a boolean") => "write `true` or `false`",
                _ if rest.contains("a sequence") => {
                    "write a list, e.g. `scope: [site]` or `themes: [stigma, accessing-support]`"
                }
                _ => "put text in quotes, e.g. `title: \"Who to call\"`",
            };
            d = Diagnostic {
                message: format!("`{key}` has the wrong type: {rest}"),
                ..d
            }
            .with_help(help);
        }
        if d.location.is_none() {
            d.location = Some(Location::at(path, 2, 1));
        }
        if d.message.contains("expected struct") || d.message.contains("expected field identifier") {
            d = Diagnostic::error(Code::FrontMatter, d.location, "front matter must be `key: value` lines")
                .with_help("write it like:\n    ---\n    title: A clear title\n    summary: One sentence.\n    ---");
        } else if d.message.contains("cannot start any token") && split.yaml.contains('\t') {
            d = d.with_help("YAML does not allow tabs: indent with spaces");
        }
        d.message = d.message.replace(" as u128", "").replace(" as i128", "");
        d
    })
}

fn check_title(path: &str, text: &str, split: &Split<'_>, title: &str) -> Result<(), Diagnostic> {
    if title.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            key_location(path, text, split, "title").or_else(|| Some(Location::at(path, 2, 1))),
            "the title is empty",
        )
        .with_help("give the page a title, e.g. `title: \"Who to call\"`"));
    }
    Ok(())
}

fn key_location(path: &str, text: &str, split: &Split<'_>, key: &str) -> Option<Location> {
    let mut offset = split.yaml_start;
    for line in split.yaml.split_inclusive('\n') {
        let line_key = line.trim_start().trim_start_matches(['"', '\'']);
        if line_key.starts_with(key)
            && line_key[key.len()..]
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        {
            let (l, c) = line_col(text, offset);
            return Some(Location::at(path, l, c));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        let s = split("a.md", text)?;
        parse("a.md", text, &s)
    }

    fn parse_story_text(text: &str) -> Result<ConsentForm, Diagnostic> {
        let s = split("s.md", text)?;
        match parse_story("s.md", text, &s)?.1 {
            Kind::Story(meta) => Ok(meta.consent),
            other => panic!("not a story: {other:?}"),
        }
    }

    #[test]
    fn a_story_consent_is_a_tellers_or_a_composites() {
        let teller = "---\ntitle: T\nconsent:\n  given: true\n  scope: [site]\n---\n";
        assert_eq!(
            parse_story_text(teller).unwrap(),
            ConsentForm::Teller {
                given: true,
                at: Location::at("s.md", 4, 1)
            }
        );
        let composite = "---\ntitle: T\ncomposite: true\nconsent:\n  basis: composite\n---\n";
        assert_eq!(parse_story_text(composite).unwrap(), ConsentForm::Composite);
        // The composite form without `composite: true`, or with `given`.
        let err =
            parse_story_text("---\ntitle: T\nconsent:\n  basis: composite\n---\n").unwrap_err();
        assert_eq!(err.code, Code::ConsentBasis);
        assert_eq!(err.location, Some(Location::at("s.md", 4, 1)));
        let err = parse_story_text(
            "---\ntitle: T\ncomposite: true\nconsent:\n  basis: composite\n  given: true\n---\n",
        )
        .unwrap_err();
        assert_eq!(err.code, Code::ConsentBasis);
        assert_eq!(err.location, Some(Location::at("s.md", 6, 1)));
        // A teller's consent without `given`.
        let err = parse_story_text("---\ntitle: T\nconsent:\n  scope: [site]\n---\n").unwrap_err();
        assert_eq!(err.code, Code::FrontMatter);
        assert!(err.message.contains("`given`"), "{}", err.message);
        assert!(err
            .help
            .as_deref()
            .unwrap_or("")
            .contains("basis: composite"));
    }

    #[test]
    fn splits_and_parses() {
        let text = "---\ntitle: Stigma\norder: 2\n---\n# Body\n";
        let s = split("a.md", text).unwrap();
        assert_eq!(&text[s.body_start..], "# Body\n");
        let f = parse("a.md", text, &s).unwrap();
        assert_eq!(f.title, "Stigma");
        assert_eq!(f.order, Some(2));
        assert!(!f.draft);
    }

    #[test]
    fn unknown_key_points_at_its_line_and_suggests() {
        let err = parse_text("---\ntitle: A\nsumary: B\n---\n").unwrap_err();
        let text = err.render_text(false);
        assert!(
            text.starts_with("error: a.md:3:1: unknown key `sumary` in front matter"),
            "{text}"
        );
        assert!(text.contains("did you mean `summary`?"), "{text}");
    }

    #[test]
    fn missing_or_empty_title() {
        assert!(parse_text("---\nsummary: x\n---\n")
            .unwrap_err()
            .message
            .contains("`title`"));
        assert!(parse_text("---\n---\n")
            .unwrap_err()
            .message
            .contains("`title`"));
        let err = parse_text("---\nsummary: x\ntitle: \"  \"\n---\n").unwrap_err();
        assert_eq!(err.location, Some(Location::at("a.md", 3, 1)));
    }

    #[test]
    fn wrong_type_names_the_line() {
        let err = parse_text("---\ntitle: A\norder: first\n---\n").unwrap_err();
        assert_eq!(
            err.location.as_ref().and_then(|l| l.line),
            Some(3),
            "{err:?}"
        );
        assert_eq!(
            err.message,
            "`order` has the wrong type: string \"first\", expected a whole number"
        );
    }

    #[test]
    fn no_front_matter_or_unclosed() {
        assert!(split("a.md", "# Hi\n")
            .unwrap_err()
            .message
            .contains("does not start"));
        assert!(split("a.md", "---\ntitle: x\n")
            .unwrap_err()
            .message
            .contains("never closed"));
    }

    #[test]
    fn byte_order_mark_and_crlf_are_fine() {
        let f = parse_text("\u{feff}---\r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(f.title, "A");
    }
}
