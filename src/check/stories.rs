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
use crate::load::{Anonymisation, Kind, SourceFile, Sources};
use crate::model::anchors;
use crate::model::links::is_external;
use crate::model::Site;

/// The identifier findings of every story of the site, and what keeps a
/// story or its themes from being shown.
pub fn check_stories(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = site
        .stories
        .par_iter()
        .filter_map(|story| sources.files.get(site.pages[story.page].source?))
        .flat_map_iter(scan_story)
        .collect();
    for story in &site.stories {
        problems.extend(held_back(site, story.page));
        problems.extend(
            story
                .missing_themes
                .iter()
                .map(|(name, at)| missing_theme(site, name, at)),
        );
    }
    problems
}

/// The warning that a story (not a draft) is held back, and why.
fn held_back(site: &Site, page: usize) -> Option<Diagnostic> {
    let p = &site.pages[page];
    let reason = p.held.as_ref().filter(|_| !p.draft)?;
    Some(
        Diagnostic::warning(
            Code::StoryHeldBack,
            Some(Location::file(&p.path)),
            format!("this story is held back and not published: {reason}"),
        )
        .with_help("a story is published only with consent for the site, a review date not yet passed, and `anonymisation: reviewed`"),
    )
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

fn scan_story(file: &SourceFile) -> Vec<Diagnostic> {
    let Kind::Story(meta) = &file.kind else {
        return Vec::new();
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
    let mut found: Vec<(Option<Location>, Finding)> = Vec::new();
    // The file's name: it becomes the story's web address.
    let stem = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let stem = stem.get(..stem.len().saturating_sub(3)).unwrap_or(stem);
    let words = stem.replace(['-', '_'], " ");
    for f in identifiers::scan(&words, &meta.allow) {
        found.push((Some(Location::file(&file.path)), f));
    }
    // The title and summary, where they are written on their key's line,
    // else at the key; content notes at their key.
    for (name, value, offset) in [
        ("title", Some(file.front.title.trim()), meta.title_at),
        (
            "summary",
            file.front.summary.as_deref().map(str::trim),
            meta.summary_at,
        ),
    ] {
        let Some(value) = value else { continue };
        for f in identifiers::scan(value, &meta.allow) {
            let location = match offset {
                Some(o) if file.text.get(o..o + value.len()) == Some(value) => {
                    at(o + f.range.start)
                }
                _ => key(name),
            };
            found.push((location, f));
        }
    }
    for note in &meta.content_notes {
        for f in identifiers::scan(note.trim(), &meta.allow) {
            found.push((key("content_notes"), f));
        }
    }
    let prose = prose(&file.text, file.body_start);
    for f in identifiers::scan(&prose.text, &meta.allow) {
        let location = match prose.source(f.range.start) {
            Some(o) => at(o),
            None => Some(Location::file(&file.path)),
        };
        found.push((location, f));
    }
    found.sort_by(|a, b| (&a.0, a.1.range.start).cmp(&(&b.0, b.1.range.start)));
    found.dedup_by(|a, b| a.0 == b.0 && a.1.text == b.1.text);
    found
        .into_iter()
        .map(|(location, f)| finding(location, &f, reviewed))
        .collect()
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
