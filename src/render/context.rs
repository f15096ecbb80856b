//! The variables templates see. Each struct's `///` docs are the reference
//! for theme authors: `{{ page.title }}`, `{% for item in nav %}`, …
//!
//! Every href here is relative to the page being rendered (prefix asset
//! paths with `{{ root }}`), so the site works under any sub-path and from
//! disk. Navigation is bounded: a page lists at most [`NAV_WINDOW`] siblings
//! per level, so no page grows with the size of the course.

use serde::Serialize;

use crate::config::Config;
use crate::model::links::relative;
use crate::model::Site;

/// Most entries shown at one level of the navigation; longer lists show a
/// window around the current page and a link to the full listing.
pub const NAV_WINDOW: usize = 15;

/// Everything a page template receives.
#[derive(Serialize)]
pub struct PageContext<'a> {
    /// The course settings.
    pub course: CourseInfo<'a>,
    /// The page being rendered.
    pub page: PageInfo<'a>,
    /// Relative path from this page to the site root, e.g. `../../`, or
    /// `./` on the home page. On `404.html` it is the absolute `base_url`.
    pub root: String,
    /// Link to the home page.
    pub home: String,
    /// The navigation tree around this page, as HTML (`{{ nav | safe }}`):
    /// nested `<ul>`s; the entries on the way to this page have
    /// `class="open"`, this page's link has `aria-current="page"`, and a
    /// level cut short ends in `<li class="more">` linking to the full
    /// listing. Built in Rust rather than by a recursive template macro,
    /// which cost a third of the whole build.
    pub nav: String,
    /// The page's table of contents as HTML (`{{ toc_html | safe }}`): a
    /// `<ul>` with an `li` per entry of `page.toc`, each holding a link to
    /// the heading (`#id`), the entries of level 3 and below marked
    /// `class="toc-level-3"` (and so on). Empty when the page has fewer
    /// than two such headings, where a table of contents would not help.
    /// Built in Rust, like `nav`: a template loop over `page.toc` cost more
    /// than the rest of the page's template.
    pub toc_html: String,
    /// Pages from home down to this page's parent.
    pub breadcrumbs: Vec<Link<'a>>,
    /// The page before this one in reading order.
    pub previous: Option<Link<'a>>,
    /// The page after this one in reading order.
    pub next: Option<Link<'a>>,
    /// This page's child pages, in order (a module's pages; on home, the
    /// top-level sections with their own children).
    pub children: Vec<Child<'a>>,
    /// True when the page has highlighted code, so `assets/highlight.css` is needed.
    pub has_code: bool,
    /// On a scenario's pages (`scenario.html`, `overview.html`): the scenario.
    pub scenario: Option<ScenarioInfo<'a>>,
    /// On a story's page (`story.html`): what is shown around the story.
    pub story: Option<StoryInfo<'a>>,
    /// On `links/` (`links.html`): the list of every link of the site as
    /// HTML (`{{ links_html | safe }}`): a `section.link-group` per page
    /// (its `h2`, `p.link-summary`, and `details.link-blurb > pre` with the
    /// page's email text), holding `ul.link-list` of `li.link-item`s, each
    /// an `a`, a `span.link-kind` and the absolute address in a `code`
    /// (the first, `data-whole`, is the page itself). The theme's script
    /// adds the copy buttons. Built in Rust: a large course has tens of
    /// thousands of links.
    pub links_html: Option<String>,
    /// On `support/` (`support.html`): the support directory — `now`
    /// (the urgent services), `services` (every service, urgent first) and
    /// `needs` (`tag`, `label`, `services` as `[id, name]` pairs). Each
    /// service has the fields of `content/support.yaml` (`id`, `name`,
    /// `offers`, `who`, `how`, `confidentiality`, `records`, `contact.phone`,
    /// `contact.email`, `contact.url`, `hours`, `cost`, `tags`,
    /// `placeholder`, `owner`) and `urgency_label`, `urgency_key`,
    /// `phone_href`, `needs`, `checked_on` (when its details were last
    /// verified: `iso`, `text` as "3 December 2026") and, in the preview,
    /// `overdue` (the `check_by` that has passed, likewise).
    pub support: Option<super::support::SupportInfo<'a>>,
    /// The "Need help now?" link to the urgent services on `support/`
    /// (relative), when the course has a support directory with any.
    pub help_now: Option<String>,
    /// The pages every footer links to (`footer: true` in their front
    /// matter, such as how to browse safely): `title`, `href`.
    pub footer: Vec<Link<'a>>,
    /// On every page of a module (a child of a top-level section such as
    /// `modules/`, with the pages below it; a scenario; a story): the link
    /// to the module's printout, `<module>/print/` (`href`, `label`).
    pub print: Option<PrintLink>,
    /// On a printout (`print.html`): the module (`module.title`,
    /// `module.href`), its pages (`contents`: each `title` and `href`,
    /// `#` and the id of the page's `section.printout-part`) and each
    /// page's part (`parts`, [`PrintPart`]).
    pub printout: Option<PrintoutInfo<'a>>,
    /// `induct <version>`.
    pub generator: &'static str,
    /// The policy for `<meta http-equiv="Content-Security-Policy">`: only
    /// the site itself may be loaded from. Keep the tag first in `<head>`,
    /// before anything it governs.
    pub content_security_policy: &'static str,
}

impl<'a> PageContext<'a> {
    /// The context of a page induct makes itself rather than from a
    /// course file (`404.html`, `links/`, `search/`, a printout): `page`
    /// at `root` (its path to the site root), with no navigation,
    /// neighbours, children or special parts; callers set what they show.
    pub fn standalone(
        config: &'a Config,
        site: &'a Site,
        page: PageInfo<'a>,
        root: String,
        help_now: Option<String>,
    ) -> Self {
        PageContext {
            course: CourseInfo::new(config, site),
            page,
            footer: footer_links(site, &root),
            home: root.clone(),
            root,
            nav: String::new(),
            toc_html: String::new(),
            breadcrumbs: Vec::new(),
            previous: None,
            next: None,
            children: Vec::new(),
            has_code: false,
            scenario: None,
            story: None,
            links_html: None,
            support: None,
            help_now,
            print: None,
            printout: None,
            generator: super::GENERATOR,
            content_security_policy: super::CONTENT_SECURITY_POLICY,
        }
    }
}

/// The links of every page's footer (see [`PageContext::footer`]), from a
/// page at `root` (its path to the site root).
pub fn footer_links<'a>(site: &'a Site, root: &str) -> Vec<Link<'a>> {
    site.footer_pages()
        .map(|p| Link {
            title: &site.pages[p].title,
            href: format!("{root}{}", site.pages[p].url),
        })
        .collect()
}

/// The link from a page to its module's printout.
#[derive(Serialize)]
pub struct PrintLink {
    pub href: String,
    /// "Print this module", "Print this scenario" or "Print this story".
    pub label: &'static str,
}

/// A module's printout.
#[derive(Serialize)]
pub struct PrintoutInfo<'a> {
    /// The module's own page.
    pub module: Link<'a>,
    /// Each page in the printout, linked inside it.
    pub contents: Vec<Link<'a>>,
    /// Each page's part, in order.
    pub parts: Vec<PrintPart<'a>>,
}

/// One page of a printout: what its own page shows, without what only
/// helps on screen. Every id in it is prefixed with `id` and a hyphen
/// (a template prefixes the ids it adds the same way), and every link is
/// made right from the printout: to a page of the printout (or a place on
/// it) inside it, else relative to `print/`.
#[derive(Serialize)]
pub struct PrintPart<'a> {
    /// The id of the part's `section.printout-part`, and its ids' prefix.
    pub id: &'a str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    /// The page's body as HTML (`| safe`); empty for a scenario.
    pub content: String,
    /// The page's child pages (each `title`, `href`, `summary`,
    /// `content_notes`).
    pub children: Vec<Child<'a>>,
    /// On a story: what its page shows around it (as `story` on its page).
    pub story: Option<StoryInfo<'a>>,
    /// On a scenario: its overview (as `scenario` on the overview).
    pub scenario: Option<ScenarioInfo<'a>>,
}

/// `book.toml`'s `[book]` and `base_url`.
#[derive(Serialize)]
pub struct CourseInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// BCP 47 language tag for `<html lang>`.
    pub language: &'a str,
    pub authors: &'a [String],
    /// Absolute URL of the site root, ending in `/`.
    pub base_url: &'a str,
    /// False when `book.toml` sets no `base_url` (absolute addresses then
    /// point at the preview's `http://localhost:3000/`).
    pub base_url_set: bool,
    /// `[quick_exit]` of `book.toml`, when it is set: `url` (the neutral
    /// website) and `shortcut` (Shift three times leaves too).
    pub quick_exit: Option<QuickExitInfo<'a>>,
    /// `progress` of `book.toml`: what is kept of the reader's progress
    /// before the reader chooses (`off`, `tab` or `device`).
    pub progress: &'static str,
    /// `offline = true` in `book.toml`, and this is a build, not the
    /// preview: pages ask the browser to install `sw.js` (base.html marks
    /// `<html data-offline>`). Without it, a page removes a worker an
    /// earlier build left.
    pub offline: bool,
}

/// `course.quick_exit`.
#[derive(Serialize)]
pub struct QuickExitInfo<'a> {
    pub url: &'a str,
    pub shortcut: bool,
}

/// The page itself.
#[derive(Serialize)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    /// What link previews and search engines show: the summary, else (on
    /// a scenario's step or overview) the scenario's, else the course's
    /// description, else the title. Never empty.
    pub description: String,
    /// The page's absolute canonical URL (empty on `404.html`, which has none).
    pub canonical: String,
    /// The body as HTML (print with `| safe`).
    pub content: String,
    /// Headings of level 2 and 3, for a table of contents.
    pub toc: Vec<TocEntry<'a>>,
    /// True on the home page.
    pub is_home: bool,
    /// In preview only: why `build` leaves this page out (a draft, a
    /// held-back story), shown as a banner.
    pub not_published: Option<&'a str>,
    /// Search engines are asked not to list the page (`links/`).
    pub noindex: bool,
}

/// One table-of-contents entry.
#[derive(Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub title: &'a str,
    /// The anchor id (link with `#{{ id }}`).
    pub id: &'a str,
}

/// A link to a page.
#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub href: String,
}

/// A child page, with its summary.
#[derive(Serialize)]
pub struct Child<'a> {
    pub title: &'a str,
    pub href: String,
    pub summary: Option<&'a str>,
    /// A story's content notes (empty for other pages).
    pub content_notes: &'a [String],
    /// Its own children (filled on the home page only).
    pub children: Vec<Child<'a>>,
}

/// A story's page: what the reader is told before choosing to read it.
#[derive(Serialize)]
pub struct StoryInfo<'a> {
    /// What the story touches on, shown first.
    pub content_notes: &'a [String],
    /// A composite of several accounts, or written for illustration.
    pub composite: bool,
    /// The pages of the story's themes.
    pub themes: Vec<Link<'a>>,
    /// The support directory, when the course has one (`support/`).
    pub support: Option<Link<'a>>,
    /// In preview only: the story's review page (relative to its own
    /// page; not for a printout), where its findings are marked and its
    /// review is signed.
    pub review: Option<String>,
}

impl<'a> StoryInfo<'a> {
    /// What the page of `page` shows around its story, if it is a story's,
    /// with `link` making each link to a page.
    pub fn of(site: &'a Site, page: usize, link: impl Fn(usize) -> Link<'a>) -> Option<Self> {
        let crate::model::PageKind::Story { story } = site.pages[page].kind else {
            return None;
        };
        let s = site.stories.get(story)?;
        Some(StoryInfo {
            content_notes: &s.content_notes,
            composite: s.composite,
            themes: s.themes.iter().map(|&t| link(t)).collect(),
            support: site
                .by_url
                .get("support/")
                .filter(|&&p| site.pages[p].published)
                .map(|&p| link(p)),
            review: site.preview.then(|| {
                let url = &site.pages[page].url;
                super::review::review_href(url, url)
            }),
        })
    }
}

/// A scenario, as its step pages and overview see it. HTML fields are
/// printed with `| safe`.
#[derive(Serialize, Default)]
pub struct ScenarioInfo<'a> {
    pub title: &'a str,
    /// What it touches on (`content_notes` in its front matter).
    pub content_notes: &'a [String],
    pub summary: Option<&'a str>,
    /// Link to the start step (the scenario's own page).
    pub start: String,
    /// Link to the facilitator's overview.
    pub overview: String,
    /// The scenario's URL from the site root (`scenarios/telling-someone/`):
    /// a stable key for the reader's path in `sessionStorage`.
    pub key: &'a str,
    /// The text before the first step (on the start page and the overview).
    pub intro: String,
    /// The step this page shows (not on the overview).
    pub step: Option<StepInfo<'a>>,
    /// Every step in file order (on the overview only).
    pub steps: Vec<StepInfo<'a>>,
    /// The map of steps and choices as inline SVG (on the overview only).
    pub map: String,
    /// Footnotes the page refers to.
    pub footnotes: String,
    /// How many steps the scenario has, and how many are endings.
    pub step_count: usize,
    pub ending_count: usize,
}

/// A step of a scenario.
#[derive(Serialize)]
pub struct StepInfo<'a> {
    /// Its id: the anchor of its heading.
    pub id: &'a str,
    pub title: &'a str,
    /// Steps from the start, the start being 1.
    pub number: Option<usize>,
    pub is_start: bool,
    /// A step without choices.
    pub is_ending: bool,
    /// Its heading (`<h2 id="…">`).
    pub heading: String,
    /// Its text, without its choices.
    pub body: String,
    /// On a step page, the feedback of each choice that leads here: the
    /// template shows the one the reader chose (`:target`) and hides the rest.
    pub feedback: Vec<FeedbackInfo<'a>>,
    pub choices: Vec<ChoiceInfo<'a>>,
}

/// The feedback of a choice, shown on the page it leads to.
#[derive(Serialize)]
pub struct FeedbackInfo<'a> {
    /// The element's id, which the choice's link targets.
    pub id: String,
    /// The title of the step the choice was made at.
    pub from: &'a str,
    /// The choice's text (HTML).
    pub choice: String,
    /// The feedback (HTML).
    pub html: String,
}

/// A choice of a step.
#[derive(Serialize)]
pub struct ChoiceInfo<'a> {
    /// Its text (HTML).
    pub label: String,
    /// Where it leads: the next step's page (with the feedback's anchor), or
    /// on the overview that step's section.
    pub href: String,
    /// The title of the step it leads to.
    pub target: &'a str,
    /// The id of the step it leads to.
    pub to: &'a str,
    /// Its feedback (HTML; on the overview only).
    pub feedback: String,
}

/// One entry of the navigation tree.
pub struct NavItem<'a> {
    pub title: &'a str,
    pub href: String,
    /// This entry is the page being rendered.
    pub current: bool,
    /// This entry is the page or one of its ancestors (so it is expanded).
    pub open: bool,
    pub children: Vec<NavItem<'a>>,
    /// Entries left out before and after the window at this entry's level
    /// below it, and the listing that shows them all.
    pub more: Option<More>,
}

/// Entries of a long level left out of the navigation.
pub struct More {
    pub before: usize,
    pub after: usize,
    /// The page listing them all.
    pub href: String,
}

impl<'a> CourseInfo<'a> {
    /// The course as `site`'s templates see it (no service worker in a preview).
    pub fn new(config: &'a Config, site: &Site) -> Self {
        CourseInfo {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            authors: &config.authors,
            base_url: &config.base_url,
            base_url_set: config.base_url_set,
            quick_exit: config.quick_exit.as_ref().map(|q| QuickExitInfo {
                url: &q.url,
                shortcut: q.shortcut,
            }),
            progress: config.progress.as_str(),
            offline: config.offline && !site.preview,
        }
    }
}

/// The navigation tree as nested lists.
pub fn nav_html(items: &[NavItem<'_>]) -> String {
    let mut out = String::with_capacity(4096);
    write_nav(&mut out, items);
    out
}

fn write_nav(out: &mut String, items: &[NavItem<'_>]) {
    if items.is_empty() {
        return;
    }
    out.push_str("<ul>\n");
    for item in items {
        out.push_str(if item.open {
            "<li class=\"open\">"
        } else {
            "<li>"
        });
        out.push_str("<a href=\"");
        escape_into(out, &item.href);
        out.push('"');
        if item.current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        escape_into(out, item.title);
        out.push_str("</a>");
        write_nav(out, &item.children);
        out.push_str("</li>\n");
        if let Some(more) = &item.more {
            let total = more.before + more.after + items.len();
            out.push_str("<li class=\"more\"><a href=\"");
            escape_into(out, &more.href);
            out.push_str(&format!("\">All {total} pages in this section</a></li>\n"));
        }
    }
    out.push_str("</ul>\n");
}

/// The table of contents of `entries` as a list (see
/// [`PageContext::toc_html`]); empty for fewer than two entries.
pub fn toc_html(entries: &[TocEntry<'_>]) -> String {
    if entries.len() < 2 {
        return String::new();
    }
    let mut out = String::with_capacity(64 * entries.len());
    out.push_str("<ul>");
    for entry in entries {
        out.push_str("\n<li");
        if entry.level > 2 {
            out.push_str(&format!(" class=\"toc-level-{}\"", entry.level));
        }
        out.push_str("><a href=\"#");
        escape_into(&mut out, entry.id);
        out.push_str("\">");
        escape_into(&mut out, entry.title);
        out.push_str("</a></li>");
    }
    out.push_str("\n</ul>");
    out
}

/// Appends `text` to `out`, escaped for HTML as [`super::markdown::escape`] does, without
/// a string of its own for each of the many short texts of a page's
/// navigation.
fn escape_into(out: &mut String, text: &str) {
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// `start..end` of at most `max` items of `len`, around `focus`.
pub fn window(len: usize, focus: Option<usize>, max: usize) -> (usize, usize) {
    if len <= max {
        return (0, len);
    }
    let focus = focus.unwrap_or(0);
    let start = focus.saturating_sub(max / 2).min(len - max);
    (start, start + max)
}

/// The navigation tree for `page`: the home page's children, with the path
/// to `page` expanded, every level windowed.
pub fn nav<'a>(site: &'a Site, page: usize) -> Vec<NavItem<'a>> {
    let mut path = site.ancestors(page);
    path.push(page);
    level(site, page, site.home, &path, 1)
}

fn level<'a>(
    site: &'a Site,
    page: usize,
    parent: usize,
    path: &[usize],
    depth: usize,
) -> Vec<NavItem<'a>> {
    let from = &site.pages[page].url;
    let children: Vec<usize> = site.pages[parent]
        .children
        .iter()
        .copied()
        .filter(|&c| site.pages[c].published)
        .collect();
    let focus = children.iter().position(|c| path.get(depth) == Some(c));
    let (start, end) = window(children.len(), focus, NAV_WINDOW);
    let mut items: Vec<NavItem<'a>> = children[start..end]
        .iter()
        .map(|&c| {
            let open = path.get(depth) == Some(&c);
            NavItem {
                title: &site.pages[c].title,
                href: relative(from, &site.pages[c].url),
                current: c == page,
                open,
                children: if open {
                    level(site, page, c, path, depth + 1)
                } else {
                    Vec::new()
                },
                more: None,
            }
        })
        .collect();
    if start > 0 || end < children.len() {
        if let Some(last) = items.last_mut() {
            last.more = Some(More {
                before: start,
                after: children.len() - end,
                href: relative(from, &site.pages[parent].url),
            });
        }
    }
    items
}

/// The published children of `parent` as seen from `page`; `depth` levels.
pub fn children<'a>(site: &'a Site, page: usize, parent: usize, depth: usize) -> Vec<Child<'a>> {
    let from = &site.pages[page].url;
    site.pages[parent]
        .children
        .iter()
        .filter(|&&c| site.pages[c].published)
        .map(|&c| Child {
            title: &site.pages[c].title,
            href: relative(from, &site.pages[c].url),
            summary: site.pages[c].summary.as_deref(),
            content_notes: site.content_notes(c),
            children: if depth > 1 {
                children(site, page, c, depth - 1)
            } else {
                Vec::new()
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_stay_bounded_and_hold_the_focus() {
        assert_eq!(window(5, Some(3), 15), (0, 5));
        assert_eq!(window(100, Some(0), 15), (0, 15));
        assert_eq!(window(100, Some(50), 15), (43, 58));
        assert_eq!(window(100, Some(99), 15), (85, 100));
        assert_eq!(window(100, None, 15), (0, 15));
    }
}
