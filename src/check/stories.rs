//! Stories: what a story's words could give away about the person it is
//! about. Every story's title, summary and text go through the identifier
//! scanner ([`super::identifiers`]); each finding is a diagnostic at its
//! line and column, naming the category and the text found. In a story
//! whose anonymisation is `reviewed`, a finding is an error, so the build
//! publishes nothing new; in a `draft` one it is a warning. Terms in the
//! story's `allow` list are not reported.
//!
//! The scanner reads plain prose; [`prose`] makes it from the markdown's
//! events, keeping where each piece came from so findings point into the
//! file.

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;

use super::identifiers::{self, Category, Finding};
use crate::error::{Code, Diagnostic, LineIndex, Location};
use crate::load::{Anonymisation, ConsentForm, Kind, SourceFile, Sources, StoryMeta};
use crate::model::anchors;
use crate::model::links::is_external;
use crate::model::story::{self, Held};
use crate::model::Site;

/// The identifier findings of every story of the site, and what keeps a
/// story or its themes from being shown.
pub fn check_stories(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    if !site.stories.is_empty() {
        identifiers::warm();
    }
    let mut problems: Vec<Diagnostic> = site
        .stories
        .par_iter()
        .filter_map(|story| sources.files.get(site.pages[story.page].source?))
        .flat_map_iter(|file| {
            scan_story(file)
                .map(|s| s.diagnostics())
                .unwrap_or_default()
        })
        .collect();
    for story in &site.stories {
        if let Some(file) = site.pages[story.page]
            .source
            .and_then(|s| sources.files.get(s))
        {
            problems.extend(held_back(site, story.page, file));
        }
        problems.extend(
            story
                .missing_themes
                .iter()
                .map(|(name, at)| missing_theme(site, name, at)),
        );
    }
    problems
}

/// The warnings that a story (not a draft) is held back, and why, with
/// what to do; and the error of a review dated after today.
fn held_back(site: &Site, page: usize, file: &SourceFile) -> Vec<Diagnostic> {
    let Kind::Story(meta) = &file.kind else {
        return Vec::new();
    };
    let p = &site.pages[page];
    let mut found = Vec::new();
    if let Some((on, at)) = &meta.review.on {
        if *on > site.today {
            found.push(
                Diagnostic::error(
                    Code::FrontMatter,
                    Some(at.clone()),
                    format!("`reviewed_on: {on}` is after today ({})", site.today),
                )
                .with_help(format!(
                    "write the day the review was done, e.g. `reviewed_on: {}`",
                    site.today
                )),
            );
        }
    }
    if p.draft {
        return found;
    }
    found.extend(composite_given(meta));
    let reasons = story::held_reasons(file, meta, site.today);
    let fingerprint = story::fingerprint(file);
    let mut others = Vec::new();
    let mut help = None;
    for reason in reasons {
        match reason {
            Held::Changed { on, by } => found.push(
                Diagnostic::warning(
                    Code::StoryChangedSinceReview,
                    meta.review
                        .hash
                        .as_ref()
                        .map(|(_, at)| at.clone())
                        .or_else(|| Some(Location::file(&p.path))),
                    format!("the text changed after its review on {on} by {by}: it is held back until someone reviews it again; open the review page in `induct serve`"),
                )
                .with_help(format!(
                    "review the story again (`/__induct/review/{}` in `induct serve`), then sign it with:\n{}",
                    p.url,
                    indent(&sign_off(&fingerprint, site.today, Some(&by)))
                )),
            ),
            Held::Unsigned(missing) => {
                let lines: Vec<String> = sign_off_lines(&fingerprint, site.today, None)
                    .into_iter()
                    .filter(|(key, _)| missing.contains(key))
                    .map(|(_, line)| line)
                    .collect();
                help = Some(format!(
                    "once someone has reviewed it (`/__induct/review/{}` in `induct serve`), add to its front matter, with the reviewer's name:\n{}",
                    p.url,
                    indent(&lines.join("\n"))
                ));
                others.push(Held::Unsigned(missing).to_string());
            }
            other => others.push(other.to_string()),
        }
    }
    if !others.is_empty() {
        found.push(
            Diagnostic::warning(
                Code::StoryHeldBack,
                Some(Location::file(&p.path)),
                format!(
                    "this story is held back and not published: {}",
                    others.join("; ")
                ),
            )
            .with_help(help.unwrap_or_else(|| "a story is published only with consent for the site, a review date not yet passed, and `anonymisation: reviewed` with its review signed (`reviewed_by`, `reviewed_on`, `reviewed_hash`)".to_string())),
        );
    }
    found
}

/// The warning that a composite story (`composite: true`) writes its
/// consent as a teller's: a composite's `given` is a claim nobody made.
/// The story is still judged by it (a `given: false` holds it back), so a
/// course written before the composite form keeps its stories; the help
/// gives the composite form, or the way out if it is one person's story.
fn composite_given(meta: &StoryMeta) -> Option<Diagnostic> {
    let ConsentForm::Teller { given, at } = &meta.consent else {
        return None;
    };
    if !meta.composite {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::CompositeConsentGiven,
            Some(at.clone()),
            format!("this story is marked `composite: true`, yet its consent says `given: {given}`: a composite has no teller to give or refuse consent"),
        )
        .with_help("if it is a composite of several accounts or written for illustration, write `basis: composite` in place of the `given` line (keep `scope` and `review_by`); if it is one person's story, delete `composite: true` and keep their consent"),
    )
}

fn indent(lines: &str) -> String {
    lines
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The front matter lines that sign a story's review, each with its key:
/// `anonymisation: reviewed`, `reviewed_by:` (the reviewer's name, when
/// known, else left to fill in), `reviewed_on:` today and
/// `reviewed_hash:` the text's fingerprint.
pub fn sign_off_lines(
    fingerprint: &str,
    today: time::Date,
    by: Option<&str>,
) -> Vec<(&'static str, String)> {
    vec![
        ("anonymisation", "anonymisation: reviewed".to_string()),
        ("reviewed_by", format!("reviewed_by: {}", by.unwrap_or(""))),
        ("reviewed_on", format!("reviewed_on: {today}")),
        ("reviewed_hash", format!("reviewed_hash: \"{fingerprint}\"")),
    ]
}

/// [`sign_off_lines`] as text to paste into the front matter.
pub fn sign_off(fingerprint: &str, today: time::Date, by: Option<&str>) -> String {
    sign_off_lines(fingerprint, today, by)
        .into_iter()
        .map(|(_, line)| line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `allow` line of a story's front matter that also keeps `term`:
/// its allow list as it is, with `term` added.
pub fn allow_line(allow: &[String], term: &str) -> String {
    let mut terms: Vec<&str> = allow.iter().map(String::as_str).collect();
    if !terms.contains(&term) {
        terms.push(term);
    }
    let quoted: Vec<String> = terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("allow: [{}]", quoted.join(", "))
}

/// The problem of a story's theme `name` (at `at`) that names no
/// published page: a warning when it names an unpublished one.
fn missing_theme(site: &Site, name: &str, at: &Location) -> Diagnostic {
    let last = |url: &str| {
        url.trim_end_matches('/')
            .rsplit('/')
            .next()
            .map(str::to_string)
    };
    let unpublished = site
        .by_url
        .values()
        .any(|&p| !site.pages[p].published && last(&site.pages[p].url).as_deref() == Some(name));
    if unpublished {
        return Diagnostic::warning(
            Code::StoryTheme,
            Some(at.clone()),
            format!("the theme `{name}` names a page that is not published, so it is not shown with the story"),
        )
        .with_help("publish the page, or remove the theme");
    }
    let names = site
        .pages
        .iter()
        .filter(|p| p.published)
        .filter_map(|p| p.url.trim_end_matches('/').rsplit('/').next());
    let d = Diagnostic::error(
        Code::StoryTheme,
        Some(at.clone()),
        format!("the theme `{name}` names no page of the course"),
    );
    match crate::error::closest(name, names) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(
            "name a page by the last part of its address, e.g. `stigma` for `modules/stigma/`",
        ),
    }
}

/// Plain prose made from markdown, and where each piece of it is in the file.
pub struct Prose {
    pub text: String,
    /// (offset in `text`, offset in the file, length) of each piece.
    map: Vec<(usize, usize, usize)>,
}

impl Prose {
    /// The file offset of prose offset `at`.
    pub fn source(&self, at: usize) -> Option<usize> {
        let i = self
            .map
            .partition_point(|(p, _, _)| *p <= at)
            .checked_sub(1)?;
        let (p, s, len) = self.map[i];
        if s == usize::MAX {
            return None;
        }
        if len == 0 {
            // A piece reported at one place.
            return Some(s);
        }
        (at < p + len).then_some(s + (at - p))
    }

    fn push(&mut self, file_offset: usize, piece: &str) {
        self.map.push((self.text.len(), file_offset, piece.len()));
        self.text.push_str(piece);
    }

    /// Adds `piece`, every byte of which is reported at `file_offset`
    /// (what the reader sees differs from what is written there).
    fn push_at(&mut self, file_offset: usize, piece: &str) {
        self.map.push((self.text.len(), file_offset, 0));
        self.text.push_str(piece);
        self.map.push((self.text.len(), usize::MAX, 0));
    }

    fn gap(&mut self, gap: &str) {
        if !self.text.is_empty() && !self.text.ends_with(gap) {
            self.text.push_str(gap);
        }
    }
}

/// The prose of a markdown body (`text[body_start..]`): the source text of
/// each piece of text, blocks separated by blank lines, with the addresses
/// of links to other sites (a web address can identify someone too).
pub fn prose(text: &str, body_start: usize) -> Prose {
    let body = text.get(body_start..).unwrap_or("");
    let mut out = Prose {
        text: String::with_capacity(body.len()),
        map: Vec::new(),
    };
    let mut last_end: Option<usize> = None;
    // What is published without being text of a paragraph — addresses of
    // links to other sites, link and image titles, pinned heading ids — is
    // scanned after the text, so a link's words read on as part of their
    // sentence.
    let mut extra: Vec<(usize, String)> = Vec::new();
    let found_in = |range: &std::ops::Range<usize>, needle: &str| {
        let written = body.get(range.clone()).unwrap_or("");
        written
            .find(needle)
            .map(|i| body_start + range.start + i)
            .or_else(|| body.find(needle).map(|i| body_start + i))
            .unwrap_or(body_start + range.start)
    };
    for (event, range) in anchors::parse(text, body_start) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                let written = body.get(range.clone()).unwrap_or("");
                // Markup between two pieces of text (`**`, `](…)`) is
                // dropped; white space in it stays one space.
                let gap = last_end
                    .and_then(|e| body.get(e..range.start))
                    .unwrap_or("");
                if gap.contains(char::is_whitespace)
                    && !out.text.ends_with(char::is_whitespace)
                    && !written.starts_with(char::is_whitespace)
                {
                    out.text.push(' ');
                }
                if written == t.as_ref() {
                    out.push(body_start + range.start, written);
                } else {
                    // An entity or escape (`Dr&nbsp;Nwosu`): scan what the
                    // reader sees, pointing at where it starts.
                    out.push_at(body_start + range.start, &t);
                }
                last_end = Some(range.end);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // Raw HTML reaches the page as it is, comments included:
                // scan its text with the angle brackets blanked out.
                let blanked = h.replace(['<', '>'], " ");
                out.gap(" ");
                out.push_at(found_in(&range, &h), &blanked);
                out.gap(" ");
                last_end = None;
            }
            Event::SoftBreak | Event::HardBreak => {
                out.gap(" ");
                last_end = None;
            }
            Event::Start(
                Tag::Link {
                    dest_url, title, ..
                }
                | Tag::Image {
                    dest_url, title, ..
                },
            ) => {
                if is_external(&dest_url) && !dest_url.starts_with("mailto:") {
                    extra.push((found_in(&range, &dest_url), dest_url.to_string()));
                }
                if !title.is_empty() {
                    extra.push((found_in(&range, &title), title.to_string()));
                }
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                // A pinned id is part of the page's address: read it as words.
                let words: Vec<String> = id
                    .split(['-', '_'])
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect())
                            .unwrap_or_default()
                    })
                    .collect();
                extra.push((
                    found_in(&range, &id),
                    format!("The id {}.", words.join(" ")),
                ));
                out.gap("\n\n");
                last_end = None;
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            )
            | Event::Start(Tag::Heading { .. } | Tag::Item) => {
                out.gap("\n\n");
                last_end = None;
            }
            _ => {}
        }
    }
    for (offset, words) in extra {
        // Said already in the text (`<https://…>`, `[https://…](https://…)`).
        if out.text.contains(&words) {
            continue;
        }
        out.gap("\n\n");
        out.push_at(offset, &words);
    }
    out
}

/// What `check --format json` says of a story (`"stories"`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoryReport {
    /// The file, from the course root.
    pub path: String,
    /// Its address in the site.
    pub url: String,
    pub title: String,
    /// `draft` or `reviewed`.
    pub anonymisation: &'static str,
    pub reviewed_by: Option<String>,
    /// YYYY-MM-DD.
    pub reviewed_on: Option<String>,
    /// The signed fingerprint is that of the text as it is now.
    pub review_current: bool,
    /// The fingerprint of the text as it is now (what `reviewed_hash`
    /// must be).
    pub fingerprint: String,
    /// `draft: true`: never published, nor warned about as held back.
    pub draft: bool,
    /// `build` publishes it.
    pub published: bool,
    /// Why it is held back (empty when published or a draft).
    pub held_back: Vec<String>,
    pub findings: Vec<FindingReport>,
}

/// One identifier finding of a story, for `check --format json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FindingReport {
    /// `name`, `place`, … ([`Category::as_str`]).
    pub category: &'static str,
    /// The diagnostic code (`identifier-name`, …).
    pub code: &'static str,
    pub text: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// The report of every story of the site, in the order of their pages.
pub fn story_reports(site: &Site, sources: &Sources) -> Vec<StoryReport> {
    site.stories
        .iter()
        .filter_map(|story| {
            let page = &site.pages[story.page];
            let file = sources.files.get(page.source?)?;
            let Kind::Story(meta) = &file.kind else {
                return None;
            };
            let scan = scan_story(file)?;
            let fingerprint = story::fingerprint(file);
            let held = story::held_reasons(file, meta, site.today);
            Some(StoryReport {
                path: page.path.clone(),
                url: page.url.clone(),
                title: page.title.clone(),
                anonymisation: match meta.anonymisation {
                    Anonymisation::Draft => "draft",
                    Anonymisation::Reviewed => "reviewed",
                },
                reviewed_by: meta.review.by.as_ref().map(|(b, _)| b.clone()),
                reviewed_on: meta.review.on.as_ref().map(|(d, _)| d.to_string()),
                review_current: meta
                    .review
                    .hash
                    .as_ref()
                    .is_some_and(|(h, _)| *h == fingerprint),
                fingerprint,
                draft: page.draft,
                published: page.published && page.not_published.is_none(),
                held_back: if page.draft {
                    Vec::new()
                } else {
                    held.iter().map(Held::to_string).collect()
                },
                findings: scan
                    .findings()
                    .into_iter()
                    .map(|(at, f)| FindingReport {
                        category: f.category.as_str(),
                        code: code(f.category).as_str(),
                        text: f.text.clone(),
                        line: at.as_ref().and_then(|l| l.line),
                        column: at.as_ref().and_then(|l| l.col),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// A piece of a story the identifier scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The file's name, which becomes the story's web address.
    FileName,
    Title,
    Summary,
    ContentNote,
    /// The markdown body, as prose ([`prose`]).
    Body,
}

/// One piece of a story as the identifier scan reads it, and what it found
/// there (each finding's range is into `text`).
#[derive(Debug, Clone)]
pub struct Scanned {
    pub part: Part,
    pub text: String,
    pub findings: Vec<(Option<Location>, Finding)>,
}

/// What the identifier scan read of a story and found in it: the one scan
/// that the check's diagnostics, `check --format json` and the preview's
/// review page are all made from.
#[derive(Debug, Clone)]
pub struct StoryScan {
    /// `reviewed` anonymisation: findings are errors.
    pub reviewed: bool,
    pub parts: Vec<Scanned>,
}

impl StoryScan {
    /// Every finding once, by where it is in the file: a term found at
    /// the same place twice (a title on the key's line) is told once.
    pub fn findings(&self) -> Vec<(&Option<Location>, &Finding)> {
        let mut found: Vec<(&Option<Location>, &Finding)> = self
            .parts
            .iter()
            .flat_map(|p| p.findings.iter().map(|(l, f)| (l, f)))
            .collect();
        found.sort_by(|a, b| (a.0, a.1.range.start).cmp(&(b.0, b.1.range.start)));
        found.dedup_by(|a, b| a.0 == b.0 && a.1.text == b.1.text);
        found
    }

    /// A diagnostic per finding.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.findings()
            .into_iter()
            .map(|(location, f)| finding(location.clone(), f, self.reviewed))
            .collect()
    }
}

/// The identifier scan of a story file (`None` for any other file): its
/// file name, title, summary, content notes and body, each with its
/// findings at their lines and columns.
pub fn scan_story(file: &SourceFile) -> Option<StoryScan> {
    let Kind::Story(meta) = &file.kind else {
        return None;
    };
    let reviewed = meta.anonymisation == Anonymisation::Reviewed;
    let lines = LineIndex::new(&file.text);
    let at = |offset: usize| {
        let (line, col) = lines.line_col(&file.text, offset);
        Some(Location::at(&file.path, line, col))
    };
    let key = |name: &str| {
        meta.keys
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, l)| l.clone())
            .or_else(|| Some(Location::file(&file.path)))
    };
    let mut parts = Vec::new();
    // The file's name: it becomes the story's web address.
    let stem = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let stem = stem.get(..stem.len().saturating_sub(3)).unwrap_or(stem);
    let words = stem.replace(['-', '_'], " ");
    let findings = identifiers::scan(&words, &meta.allow)
        .into_iter()
        .map(|f| (Some(Location::file(&file.path)), f))
        .collect();
    parts.push(Scanned {
        part: Part::FileName,
        text: words,
        findings,
    });
    // The title and summary, where they are written on their key's line,
    // else at the key; content notes at their key.
    for (part, name, value, offset) in [
        (
            Part::Title,
            "title",
            Some(file.front.title.trim()),
            meta.title_at,
        ),
        (
            Part::Summary,
            "summary",
            file.front.summary.as_deref().map(str::trim),
            meta.summary_at,
        ),
    ] {
        let Some(value) = value else { continue };
        let findings = identifiers::scan(value, &meta.allow)
            .into_iter()
            .map(|f| {
                let location = match offset {
                    Some(o) if file.text.get(o..o + value.len()) == Some(value) => {
                        at(o + f.range.start)
                    }
                    _ => key(name),
                };
                (location, f)
            })
            .collect();
        parts.push(Scanned {
            part,
            text: value.to_string(),
            findings,
        });
    }
    for note in &meta.content_notes {
        let findings = identifiers::scan(note.trim(), &meta.allow)
            .into_iter()
            .map(|f| (key("content_notes"), f))
            .collect();
        parts.push(Scanned {
            part: Part::ContentNote,
            text: note.trim().to_string(),
            findings,
        });
    }
    let prose = prose(&file.text, file.body_start);
    let findings = identifiers::scan(&prose.text, &meta.allow)
        .into_iter()
        .map(|f| {
            let location = match prose.source(f.range.start) {
                Some(o) => at(o),
                None => Some(Location::file(&file.path)),
            };
            (location, f)
        })
        .collect();
    parts.push(Scanned {
        part: Part::Body,
        text: prose.text,
        findings,
    });
    Some(StoryScan { reviewed, parts })
}

fn finding(location: Option<Location>, f: &Finding, reviewed: bool) -> Diagnostic {
    let message = format!(
        "this may identify someone: {} `{}`",
        f.category.describe(),
        f.text
    );
    let code = code(f.category);
    let d = if reviewed {
        Diagnostic::error(code, location, message)
    } else {
        Diagnostic::warning(code, location, message)
    };
    d.with_help(format!(
        "change or remove it; if it identifies no one, keep it by adding it to the story's front matter: `allow: [\"{}\"]`",
        f.text.replace('"', "'")
    ))
}

/// The diagnostic code of a finding: `identifier-` and its category.
fn code(category: Category) -> Code {
    match category {
        Category::Name => Code::IdentifierName,
        Category::Place => Code::IdentifierPlace,
        Category::Date => Code::IdentifierDate,
        Category::Age => Code::IdentifierAge,
        Category::Phone => Code::IdentifierPhone,
        Category::Email => Code::IdentifierEmail,
        Category::Postcode => Code::IdentifierPostcode,
        Category::NhsNumber => Code::IdentifierNhsNumber,
        Category::GmcNumber => Code::IdentifierGmcNumber,
        Category::Url => Code::IdentifierUrl,
        Category::Handle => Code::IdentifierHandle,
        Category::VehicleRegistration => Code::IdentifierVehicleRegistration,
        Category::StaffNumber => Code::IdentifierStaffNumber,
        Category::BleepNumber => Code::IdentifierBleepNumber,
        Category::RotaLine => Code::IdentifierRotaLine,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippets_to_paste() {
        assert_eq!(allow_line(&[], "Jonno"), "allow: [\"Jonno\"]");
        let kept = vec!["Deanery House".to_string()];
        assert_eq!(
            allow_line(&kept, "Jonno"),
            "allow: [\"Deanery House\", \"Jonno\"]"
        );
        assert_eq!(
            allow_line(&kept, "Deanery House"),
            "allow: [\"Deanery House\"]"
        );
        assert_eq!(allow_line(&[], "a \"b\""), "allow: [\"a \\\"b\\\"\"]");
        let today = time::macros::date!(2026 - 11 - 23);
        assert_eq!(
            sign_off("0123456789abcdef", today, None),
            "anonymisation: reviewed\nreviewed_by: \nreviewed_on: 2026-11-23\nreviewed_hash: \"0123456789abcdef\""
        );
    }

    #[test]
    fn prose_keeps_the_place_of_every_piece() {
        let text = "---\ntitle: T\n---\nI told **Dr Okafor** on\n3 March.\n\n## Later\n\nSee [my blog](https://example.org/b).\n";
        let body_start = text.find("I told").unwrap();
        let p = prose(text, body_start);
        assert_eq!(
            p.text,
            "I told Dr Okafor on 3 March.\n\nLater\n\nSee my blog.\n\nhttps://example.org/b"
        );
        for word in ["Okafor", "March", "Later", "https://example.org/b"] {
            let at = p.text.find(word).unwrap();
            let source = p.source(at).unwrap();
            assert_eq!(&text[source..source + word.len()], word);
        }
    }
}
