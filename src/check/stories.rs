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
use crate::error::{Diagnostic, LineIndex, Location};
use crate::load::{Anonymisation, Kind, SourceFile, Sources};
use crate::model::anchors;
use crate::model::links::is_external;
use crate::model::Site;

/// The identifier findings of every story of the site.
pub fn check_stories(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    site.stories
        .par_iter()
        .filter_map(|story| sources.files.get(site.pages[story.page].source?))
        .flat_map_iter(scan_story)
        .collect()
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
        (at < p + len.max(1)).then_some(s + (at - p))
    }

    fn push(&mut self, file_offset: usize, piece: &str) {
        self.map.push((self.text.len(), file_offset, piece.len()));
        self.text.push_str(piece);
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
    // Addresses of links to other sites, scanned after the text so a
    // link's words read on as part of their sentence.
    let mut addresses = Vec::new();
    for (event, range) in anchors::parse(text, body_start) {
        match event {
            Event::Text(_) | Event::Code(_) => {
                // The text as written: an escape or entity keeps its place.
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
                out.push(body_start + range.start, written);
                last_end = Some(range.end);
            }
            Event::SoftBreak | Event::HardBreak => {
                out.gap(" ");
                last_end = None;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_external(&dest_url) =>
            {
                let written = body.get(range.clone()).unwrap_or("");
                if let Some(i) = written.rfind(dest_url.as_ref()) {
                    addresses.push((body_start + range.start + i, dest_url.to_string()));
                }
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
    for (offset, address) in addresses {
        out.gap("\n\n");
        out.push(offset, &address);
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
    let mut found: Vec<(Option<Location>, Finding)> = Vec::new();
    // The title and summary, where they are written on their key's line.
    for (value, offset) in [
        (Some(file.front.title.as_str()), meta.title_at),
        (file.front.summary.as_deref(), meta.summary_at),
    ] {
        let Some(value) = value else { continue };
        for f in identifiers::scan(value, &meta.allow) {
            let location = match offset {
                Some(o) => at(o + f.range.start),
                None => Some(Location::file(&file.path)),
            };
            found.push((location, f));
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
fn code(category: Category) -> &'static str {
    match category {
        Category::Name => "identifier-name",
        Category::Place => "identifier-place",
        Category::Date => "identifier-date",
        Category::Age => "identifier-age",
        Category::Phone => "identifier-phone",
        Category::Email => "identifier-email",
        Category::Postcode => "identifier-postcode",
        Category::NhsNumber => "identifier-nhs-number",
        Category::GmcNumber => "identifier-gmc-number",
        Category::Url => "identifier-url",
        Category::Handle => "identifier-handle",
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
