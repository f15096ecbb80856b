//! The review pages of the preview (`induct serve` only; `build` never
//! makes them): `__induct/review/` lists every story with its state and
//! its number of findings, and `__induct/review/<story's address>` shows a
//! story as the identifier scan reads it, each finding marked in place,
//! with the snippets an author pastes to allow a term or to sign the
//! review.
//!
//! Input: the model (a preview's), the sources and the theme. Output: the
//! pages' HTML, each at its path in the site. The findings come from the
//! check's own scan ([`crate::check::stories::scan_story`]) and the state
//! from the model's gate ([`crate::model::story::held_reasons`]), so the
//! pages say exactly what `check` and `build` do. Made again with every
//! build of the preview, like `sitemap.xml`: a handful of stories costs
//! far less than keeping track of what they depend on.

use crate::check::stories::{allow_line, scan_story, sign_off, Part, Scanned, StoryScan};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::load::{Kind, Sources};
use crate::model::links::relative;
use crate::model::story::{self, Held};
use crate::model::Site;

use super::context::{PageContext, PageInfo};
use super::markdown::escape;
use super::theme::Theme;

/// Where the review pages are in the preview's site, beside the preview's
/// own `/__induct/` paths.
pub const REVIEW_FOLDER: &str = "__induct/review/";

/// What the scanner cannot know, for the reviewer to check by hand.
const CHECKLIST: [&str; 7] = [
    "A job title with a specialty and a small department (\"the only consultant geriatrician at a district hospital\") points at a handful of people.",
    "Unusual events — a rare illness, an incident that made the news, a complaint or an inquiry — are remembered by everyone who was there.",
    "Dates of well-known incidents (a major incident, a strike, a pandemic wave in one place) date the story and place its teller.",
    "Other people in the story (colleagues, family, patients) have not consented: could they be recognised, and do they know?",
    "Descriptions that point at one person without naming them (\"the only Nigerian surgeon in the region\", \"my supervisor, who had just retired\").",
    "Harmless details that together identify: grade, specialty, deanery, year, a hobby, a family detail, each fine alone.",
    "Would colleagues recognise the teller from how the story is told — the voice, a saying, an account they have heard before?",
];

/// The review pages: the list, then each story's view, each as (its path
/// in the site, its HTML). Empty outside the preview.
pub fn pages(
    config: &Config,
    site: &Site,
    sources: &Sources,
    theme: &Theme,
) -> Result<Vec<(String, String)>, Diagnostic> {
    if !site.preview {
        return Ok(Vec::new());
    }
    let mut reviewed: Vec<Reviewed> = Vec::new();
    for story in &site.stories {
        let page = &site.pages[story.page];
        let Some(file) = page.source.and_then(|s| sources.files.get(s)) else {
            continue;
        };
        let Kind::Story(meta) = &file.kind else {
            continue;
        };
        let Some(scan) = scan_story(file) else {
            continue;
        };
        let state = if page.draft {
            State::Draft
        } else {
            let held = story::held_reasons(file, meta, site.today);
            match (held.is_empty(), &page.not_published) {
                (false, _) => State::Held(held),
                (true, Some(why)) => State::Unpublished(why.clone()),
                (true, None) => State::Published,
            }
        };
        reviewed.push(Reviewed {
            page: story.page,
            path: page.path.clone(),
            scan,
            state,
            allow: meta.allow.clone(),
            fingerprint: story::fingerprint(file),
            signed: meta
                .review
                .by
                .as_ref()
                .zip(meta.review.on.as_ref())
                .map(|((by, _), (on, _))| (by.clone(), on.to_string())),
        });
    }
    let mut out = Vec::with_capacity(reviewed.len() + 1);
    let list = list_html(site, &reviewed);
    out.push((
        format!("{REVIEW_FOLDER}index.html"),
        render(
            config,
            site,
            theme,
            REVIEW_FOLDER,
            "Stories to review",
            list,
        )?,
    ));
    for r in &reviewed {
        let page = &site.pages[r.page];
        let url = format!("{REVIEW_FOLDER}{}", page.url);
        let title = format!("Review: {}", page.title);
        let html = view_html(site, r, &url);
        out.push((
            format!("{url}index.html"),
            render(config, site, theme, &url, &title, html)?,
        ));
    }
    Ok(out)
}

/// The address of the review view of the story at `url` (`stories/x/`),
/// relative to the page at `from`.
pub fn review_href(from: &str, url: &str) -> String {
    relative(from, &format!("{REVIEW_FOLDER}{url}"))
}

/// A story as its review shows it.
struct Reviewed {
    page: usize,
    path: String,
    scan: StoryScan,
    state: State,
    allow: Vec<String>,
    fingerprint: String,
    /// Who signed the last review, and when.
    signed: Option<(String, String)>,
}

/// Whether `build` publishes a story, and if not, why.
enum State {
    Published,
    Draft,
    Held(Vec<Held>),
    /// Not held back itself, but not published (under a draft).
    Unpublished(String),
}

impl State {
    fn class(&self) -> &'static str {
        match self {
            State::Published => "published",
            State::Draft => "draft",
            State::Held(_) | State::Unpublished(_) => "held",
        }
    }

    fn describe(&self) -> String {
        match self {
            State::Published => "Published".into(),
            State::Draft => "Draft (`draft: true`): never published".into(),
            State::Held(reasons) => {
                let reasons: Vec<String> = reasons.iter().map(Held::to_string).collect();
                format!("Held back: {}", reasons.join("; "))
            }
            State::Unpublished(why) => format!("Not published: {why}"),
        }
    }
}

fn render(
    config: &Config,
    site: &Site,
    theme: &Theme,
    url: &str,
    title: &str,
    content: String,
) -> Result<String, Diagnostic> {
    let ctx = PageContext::standalone(
        config,
        site,
        PageInfo {
            title,
            summary: None,
            description: title.to_string(),
            canonical: String::new(),
            content,
            toc: Vec::new(),
            is_home: false,
            not_published: None,
            noindex: true,
        },
        relative(url, ""),
        None,
    );
    super::render_template(theme, "review.html", &ctx, &format!("{url}index.html"))
}

/// `text` escaped, each part between backticks as `<code>`.
fn code_spans(text: &str) -> String {
    let mut out = String::new();
    for (i, piece) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape(piece)));
        } else {
            out.push_str(&escape(piece));
        }
    }
    out
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// `__induct/review/`: every story, its state and its findings.
fn list_html(site: &Site, reviewed: &[Reviewed]) -> String {
    let mut html = String::from(
        "<p>Every story of the course, as <code>induct build</code> would treat it today. Open a story to see what the identifier scan found in it, what it cannot know, and the lines that sign its review.</p>\n",
    );
    if reviewed.is_empty() {
        html.push_str("<p>The course has no stories (<code>content/stories/</code>).</p>\n");
        return html;
    }
    html.push_str("<ul class=\"review-list\">\n");
    for r in reviewed {
        let page = &site.pages[r.page];
        let count = r.scan.findings().len();
        html.push_str(&format!(
            "<li class=\"review-item\"><a href=\"{href}\">{title}</a> <span class=\"review-state review-state-{class}\">{state}</span> <span class=\"review-count{none}\">{count}</span> <span class=\"review-path\">{path}</span></li>\n",
            href = escape(&relative(REVIEW_FOLDER, &format!("{REVIEW_FOLDER}{}", page.url))),
            title = escape(&page.title),
            class = r.state.class(),
            state = code_spans(&r.state.describe()),
            none = if count == 0 { " review-count-none" } else { "" },
            count = plural(count, "finding"),
            path = escape(&r.path),
        ));
    }
    html.push_str("</ul>\n");
    html
}

/// A story's review view, at `url`.
fn view_html(site: &Site, r: &Reviewed, url: &str) -> String {
    let page = &site.pages[r.page];
    let findings = r.scan.findings();
    let mut html = format!(
        "<p class=\"review-back\"><a href=\"{list}\">All stories to review</a> · <a href=\"{story}\">The story's page</a></p>\n<p class=\"review-state review-state-{class}\">{state}</p>\n",
        list = escape(&relative(url, REVIEW_FOLDER)),
        story = escape(&relative(url, &page.url)),
        class = r.state.class(),
        state = code_spans(&r.state.describe()),
    );
    if let Some((by, on)) = &r.signed {
        html.push_str(&format!(
            "<p class=\"review-signed\">Last signed by {} on {}{}.</p>\n",
            escape(by),
            escape(on),
            match &r.state {
                State::Held(reasons)
                    if reasons.iter().any(|h| matches!(h, Held::Changed { .. })) =>
                    ", but the text has changed since",
                _ => "",
            }
        ));
    }
    html.push_str(&format!(
        "<section class=\"review-section\" aria-labelledby=\"review-text\">\n<h2 id=\"review-text\">The story as the scanner reads it</h2>\n<p>{} marked below, each with its category (hover over a mark for what it may be).</p>\n",
        if findings.is_empty() {
            "Nothing is".to_string()
        } else {
            format!("{} {}", plural(findings.len(), "finding"), if findings.len() == 1 { "is" } else { "are" })
        }
    ));
    html.push_str("<dl class=\"review-parts\">\n");
    for part in &r.scan.parts {
        let name = match part.part {
            Part::FileName => "File name (the story's address)",
            Part::Title => "Title",
            Part::Summary => "Summary",
            Part::ContentNote => "Content note",
            Part::Body => "Text",
        };
        html.push_str(&format!("<dt>{name}</dt>\n<dd>{}</dd>\n", marked(part)));
    }
    html.push_str("</dl>\n</section>\n");

    html.push_str(&format!(
        "<section class=\"review-section\" aria-labelledby=\"review-findings\">\n<h2 id=\"review-findings\">Findings ({})</h2>\n",
        findings.len()
    ));
    if findings.is_empty() {
        html.push_str("<p>The scanner found nothing that looks like an identifier. That is not the same as finding nothing: go through the checklist below.</p>\n");
    } else {
        html.push_str("<p>Change or remove each, or, if it identifies no one, keep it: paste its <code>allow</code> line into the story's front matter, in place of the one there.</p>\n<ol class=\"review-findings\">\n");
        for (at, f) in &findings {
            let place = at
                .as_ref()
                .map(|l| {
                    let mut s = crate::error::display_path(&l.path);
                    if let Some(line) = l.line {
                        s.push_str(&format!(":{line}"));
                        if let Some(col) = l.col {
                            s.push_str(&format!(":{col}"));
                        }
                    }
                    s
                })
                .unwrap_or_default();
            let snippet = allow_line(&r.allow, &f.text);
            html.push_str(&format!(
                "<li><span class=\"review-category review-category-{cat}\">{cat}</span> <code>{text}</code> — {what}, at <span class=\"review-at\">{place}</span>\n{snippet}</li>\n",
                cat = f.category.as_str(),
                text = escape(&f.text),
                what = f.category.describe(),
                place = escape(&place),
                snippet = copyable(&snippet, "Copy allow line", "Allow line copied"),
            ));
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</section>\n");

    html.push_str("<section class=\"review-section\" aria-labelledby=\"review-checklist\">\n<h2 id=\"review-checklist\">What the scanner cannot know</h2>\n<p>Read the story again for each of these; change what could identify anyone.</p>\n<ul class=\"review-checklist\">\n");
    for (i, item) in CHECKLIST.iter().enumerate() {
        html.push_str(&format!(
            "<li><input type=\"checkbox\" id=\"review-check-{i}\"> <label for=\"review-check-{i}\">{}</label></li>\n",
            escape(item)
        ));
    }
    html.push_str("</ul>\n</section>\n");

    let lines = sign_off(&r.fingerprint, site.today, None);
    html.push_str(&format!(
        "<section class=\"review-section\" aria-labelledby=\"review-sign\">\n<h2 id=\"review-sign\">Sign the review</h2>\n<p>When the story identifies no one, paste these lines into its front matter (in place of any earlier <code>anonymisation</code> and <code>reviewed_…</code> lines) and write your name after <code>reviewed_by:</code>. The last line is the fingerprint of the text as it is now: change the title, summary or text afterwards and the story is held back until someone reviews it again.</p>\n{}</section>\n",
        copyable(&lines, "Copy sign-off", "Sign-off copied")
    ));
    html
}

/// Text to paste: shown in a block anyone can select, with a copy button
/// the theme's script shows and works (none without JavaScript).
fn copyable(text: &str, label: &str, copied: &str) -> String {
    format!(
        "<div class=\"review-snippet\"><pre><code>{text}</code></pre><button type=\"button\" class=\"review-copy\" data-copy=\"{text}\" data-copied=\"{copied}\" hidden>{label}</button></div>\n",
        text = escape(text),
    )
}

/// The text of a part, escaped, each finding in a `<mark>` with its
/// category shown and described; the body's blocks as paragraphs.
fn marked(part: &Scanned) -> String {
    let text = &part.text;
    let mut out = String::new();
    let mut findings: Vec<&crate::check::identifiers::Finding> =
        part.findings.iter().map(|(_, f)| f).collect();
    findings.sort_by_key(|f| f.range.start);
    let plain = |out: &mut String, piece: &str| {
        let blocks: Vec<&str> = piece.split("\n\n").collect();
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("</p><p>");
            }
            out.push_str(&escape(&block.replace('\n', " ")));
        }
    };
    let mut at = 0;
    for f in findings {
        let (Some(before), Some(found)) = (text.get(at..f.range.start), text.get(f.range.clone()))
        else {
            continue;
        };
        plain(&mut out, before);
        out.push_str(&format!(
            "<mark class=\"review-mark review-mark-{cat}\" title=\"{what}\">{found}<span class=\"review-label\"> {cat}</span></mark>",
            cat = f.category.as_str(),
            what = f.category.describe(),
            found = escape(&found.replace('\n', " ")),
        ));
        at = f.range.end;
    }
    plain(&mut out, text.get(at..).unwrap_or(""));
    format!("<p>{out}</p>").replace("<p></p>", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_marked_in_place_and_blocks_are_paragraphs() {
        let text = "I told Dr Okafor first.\n\nThen <b> came.\n\n";
        let part = Scanned {
            part: Part::Body,
            text: text.to_string(),
            findings: crate::check::identifiers::scan(text, &[])
                .into_iter()
                .map(|f| (None, f))
                .collect(),
        };
        assert_eq!(
            marked(&part),
            "<p>I told Dr <mark class=\"review-mark review-mark-name\" title=\"a personal name\">Okafor<span class=\"review-label\"> name</span></mark> first.</p><p>Then &lt;b&gt; came.</p>"
        );
        assert_eq!(
            code_spans("no `draft: true` here"),
            "no <code>draft: true</code> here"
        );
    }
}
