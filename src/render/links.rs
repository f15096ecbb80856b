//! The pages that keep links alive: `links/`, which lists every link of
//! the site with a copy button and an email blurb for programme directors,
//! and the small pages left at old and short addresses that send readers
//! on to where the content is now.

use super::context::{PageContext, PageInfo};
use super::markdown::escape;
use super::theme::Theme;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::model::links::relative;
use crate::model::permalinks::{LinkKind, Permalink, Redirect, LINKS_PAGE};
use crate::model::{PageKind, Site};

/// One page of the site on `links/`, with the links inside it.
pub struct LinkGroup {
    pub title: String,
    /// `page`, `scenario`, `story`.
    pub kind: &'static str,
    pub summary: Option<String>,
    /// The page's own link, for its heading.
    pub link: LinkEntry,
    /// The page's own link again, then its sections, steps and short links.
    pub entries: Vec<LinkEntry>,
}

/// One link on `links/`.
#[derive(Debug, Clone)]
pub struct LinkEntry {
    /// The page title, or for a section `Page title: Heading`.
    pub title: String,
    /// What the list shows: the page title, or the section's heading.
    pub label: String,
    /// `page`, `section`, `step`, `short link`, …
    pub kind: &'static str,
    /// Relative to `links/`, for following it.
    pub href: String,
    /// The absolute address, to copy.
    pub url: String,
    /// As `links.lock` writes it.
    pub path: String,
    /// Title, summary and address, ready to paste into an email; empty
    /// unless asked for ([`LinkEntry::with_blurb`]).
    pub blurb: String,
}

/// The groups of `links/`: every published page in navigation order (a
/// scenario's steps and overview inside the scenario's group), each with
/// its sections and the short links that lead to it. Old addresses are left
/// out: they are kept working, not handed out.
pub fn groups(config: &Config, site: &Site, links: &[&Permalink], from: &str) -> Vec<LinkGroup> {
    let mut groups: Vec<LinkGroup> = Vec::new();
    let mut group_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for &l in links {
        if l.kind == LinkKind::Alias {
            continue;
        }
        let page = &site.pages[l.page];
        // Steps and the overview belong to their scenario's group.
        let owner = match page.kind {
            PageKind::Step { .. } | PageKind::Overview { .. } => page.parent.unwrap_or(l.page),
            _ => l.page,
        };
        let item = entry(config, site, l, from);
        let is_own_link = owner == l.page
            && matches!(
                l.kind,
                LinkKind::Page | LinkKind::Scenario | LinkKind::Story
            );
        match group_of.get(&owner) {
            Some(&g) => groups[g].entries.push(item),
            None if is_own_link => {
                group_of.insert(owner, groups.len());
                // Under the page's own heading, its own link needs no title.
                let whole = LinkEntry {
                    label: format!("The whole {}", l.kind.word()),
                    ..item.clone()
                };
                groups.push(LinkGroup {
                    title: page.title.clone(),
                    kind: l.kind.word(),
                    summary: page.summary.clone(),
                    // The group's heading shows the page's email text.
                    link: item.with_blurb(site, l),
                    entries: vec![whole],
                });
            }
            // Every page's own link comes before anything that leads to it
            // (see `permalinks::collect`), so nothing is left here.
            None => {}
        }
    }
    groups
}

/// The link `l` as `links/` and `induct link` show it, its `href`
/// relative to the folder `from`; its email text is left empty (see
/// [`LinkEntry::with_blurb`]).
pub fn entry(config: &Config, site: &Site, l: &Permalink, from: &str) -> LinkEntry {
    let page = &site.pages[l.page];
    let path = absolute_path(&l.link);
    let url = format!("{}{}", config.base_url, path);
    let title = match l.kind {
        LinkKind::Heading => format!("{}: {}", page.title, l.title),
        _ => l.title.clone(),
    };
    LinkEntry {
        label: l.title.clone(),
        title,
        kind: l.kind.word(),
        href: match path.split_once('#') {
            Some((path, id)) => format!("{}#{id}", relative(from, path)),
            None => relative(from, path),
        },
        url,
        path: l.link.clone(),
        blurb: String::new(),
    }
}

impl LinkEntry {
    /// This entry of the link `l` with its email text: the title, the
    /// page's summary (a step's or overview's scenario's when it has none)
    /// and content notes, then the address. Only some links show one, so
    /// [`entry`] leaves it out.
    pub fn with_blurb(mut self, site: &Site, l: &Permalink) -> LinkEntry {
        let page = &site.pages[l.page];
        let mut blurb = self.title.clone();
        let summary = page.summary.as_deref().or_else(|| {
            page.parent
                .filter(|_| matches!(page.kind, PageKind::Step { .. } | PageKind::Overview { .. }))
                .and_then(|p| site.pages[p].summary.as_deref())
        });
        if let Some(summary) = summary {
            blurb.push('\n');
            blurb.push_str(summary);
        }
        let notes = site.content_notes(l.page);
        if !notes.is_empty() {
            blurb.push_str("\nContent notes: ");
            blurb.push_str(&notes.join(", "));
        }
        blurb.push('\n');
        blurb.push_str(&self.url);
        self.blurb = blurb;
        self
    }
}

/// A `links.lock` address as a path from the site root (`./` → ``).
fn absolute_path(link: &str) -> &str {
    link.strip_prefix(crate::model::permalinks::HOME)
        .unwrap_or(link)
}

/// The list of `links/` as HTML (see `PageContext::links_html`).
pub fn list_html(groups: &[LinkGroup]) -> String {
    use std::fmt::Write;
    // Kept small (a large course lists over 100,000 links): the copy
    // buttons are added by the script, which also makes each link's email
    // text from its page's (the title, the lines between, the address).
    let mut out = String::with_capacity(groups.iter().map(|g| g.entries.len() * 220 + 600).sum());
    for g in groups {
        let _ = write!(
            out,
            "<section class=\"link-group\">\n<h2><a href=\"{}\">{}</a> <span class=\"link-kind\">{}</span></h2>\n",
            escape(&g.link.href),
            escape(&g.title),
            g.kind
        );
        if let Some(summary) = &g.summary {
            let _ = writeln!(out, "<p class=\"link-summary\">{}</p>", escape(summary));
        }
        let _ = writeln!(
            out,
            "<details class=\"link-blurb\"><summary>Email text</summary><pre>{}</pre></details>\n<ul class=\"link-list\">",
            escape(&g.link.blurb)
        );
        for (i, e) in g.entries.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li class=\"link-item\"{whole}><a href=\"{href}\">{label}</a>{kind} <code>{url}</code></li>",
                whole = if i == 0 { " data-whole" } else { "" },
                href = escape(&e.href),
                label = escape(&e.label),
                // The page itself needs no kind: its group's heading says it.
                kind = if i == 0 {
                    String::new()
                } else {
                    format!(" <span class=\"link-kind\">{}</span>", e.kind)
                },
                url = escape(&e.url),
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out
}

/// Above this many links, `links/` lists the course's top-level sections
/// and each section's links get a page of their own (`links/modules/`), so
/// no page grows with the size of the course.
pub const SPLIT_AT: usize = 3000;

/// The preview's pages of `links/` as last made, each by its folder with
/// a sum of what it was made from (its links, and the titles and
/// summaries of their pages).
pub trait KeptPages: Sync {
    fn links_page(&self, folder: &str, key: u64) -> Option<std::sync::Arc<[u8]>>;
    fn keep_links_page(&self, folder: &str, key: u64, page: std::sync::Arc<[u8]>);
}

/// A page of `links/` to hand over: its list made now (with its sum, for
/// `kept`), or the page as kept.
enum Listed {
    Made(String, Option<u64>),
    Kept(std::sync::Arc<[u8]>),
}

/// Renders and hands to `sink` the pages of `links/` with the theme's
/// `links.html`: one page, or for a large course an index and a page per
/// top-level section. With `kept` (the preview's), a section's page whose
/// links, titles and summaries are as they were is handed over as kept.
/// Returns template errors; fails only when the sink does.
pub fn write_links_pages(
    config: &Config,
    site: &Site,
    theme: &Theme,
    links: &[Permalink],
    sink: &dyn super::Sink,
    kept: Option<&dyn KeptPages>,
) -> Result<Vec<Diagnostic>, crate::error::Error> {
    let shown: Vec<&Permalink> = links.iter().filter(|l| l.kind != LinkKind::Alias).collect();
    let mut problems = Vec::new();
    let mut put = |folder: &str, title: &str, listed: Listed| -> Result<(), crate::error::Error> {
        let path = format!("{folder}index.html");
        let (html, key) = match listed {
            Listed::Kept(page) => return sink.put(&path, super::Content::Shared(page)),
            Listed::Made(html, key) => (html, key),
        };
        match render_links_page(
            config,
            site,
            theme,
            folder,
            title,
            html,
            super::help_now(site, folder),
        ) {
            Ok(page) => match kept.zip(key) {
                Some((kept, key)) => {
                    let page: std::sync::Arc<[u8]> = page.into_bytes().into();
                    kept.keep_links_page(folder, key, std::sync::Arc::clone(&page));
                    sink.put(&path, super::Content::Shared(page))
                }
                None => sink.put(&path, super::Content::Bytes(page.into_bytes())),
            },
            Err(d) => {
                problems.push(d);
                Ok(())
            }
        }
    };
    write_section(config, site, site.home, &shown, kept, &mut put)?;
    Ok(problems)
}

/// A sum of what the page of `links/` at `folder`, titled `title`, that
/// lists `links` alone is made from besides the site's shape (the
/// preview keeps its pages only while the shape holds): each link, and
/// the title, summary and content notes of the page it is on and the
/// summary of that page's parent (a step's email text has its
/// scenario's).
fn page_key(config: &Config, site: &Site, links: &[&Permalink], folder: &str, title: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (folder, title, &config.base_url).hash(&mut h);
    for l in links {
        let page = &site.pages[l.page];
        (&l.link, &l.title, l.page, l.kind.word()).hash(&mut h);
        (&page.title, &page.summary, site.content_notes(l.page)).hash(&mut h);
        page.parent.map(|p| &site.pages[p].summary).hash(&mut h);
    }
    h.finish()
}

/// Writes the links of the pages under `section` (`links`, in navigation
/// order): on one page while they are few, else an index of the section's
/// own links and its child sections, each written the same way.
fn write_section(
    config: &Config,
    site: &Site,
    section: usize,
    links: &[&Permalink],
    kept: Option<&dyn KeptPages>,
    put: &mut dyn FnMut(&str, &str, Listed) -> Result<(), crate::error::Error>,
) -> Result<(), crate::error::Error> {
    let folder = format!("{LINKS_PAGE}{}", site.pages[section].url);
    let title = if section == site.home {
        "Links to share".to_string()
    } else {
        format!("Links to share: {}", site.pages[section].title)
    };
    let up = (section != site.home).then(|| {
        format!(
            "<p><a href=\"{}\">All sections</a></p>\n",
            escape(&relative(&folder, LINKS_PAGE))
        )
    });
    if links.len() <= SPLIT_AT {
        let key = kept.map(|_| page_key(config, site, links, &folder, &title));
        if let Some(page) = kept
            .zip(key)
            .and_then(|(k, key)| k.links_page(&folder, key))
        {
            return put(&folder, &title, Listed::Kept(page));
        }
        let mut html = up.unwrap_or_default();
        html.push_str(&list_html(&groups(config, site, links, &folder)));
        return put(&folder, &title, Listed::Made(html, key));
    }
    // The child of `section` each page is under (`None`: the section's
    // own page, or a scenario's steps).
    let child_of = |mut p: usize| -> Option<usize> {
        loop {
            let parent = site.pages[p].parent?;
            if parent == section {
                return (!matches!(
                    site.pages[p].kind,
                    PageKind::Step { .. } | PageKind::Overview { .. }
                ))
                .then_some(p);
            }
            p = parent;
        }
    };
    let mut own: Vec<&Permalink> = Vec::new();
    let mut by_child: std::collections::HashMap<usize, Vec<&Permalink>> =
        std::collections::HashMap::new();
    for &l in links {
        match child_of(l.page).filter(|&c| !site.pages[c].children.is_empty()) {
            Some(c) => by_child.entry(c).or_default().push(l),
            None => own.push(l),
        }
    }
    let children: Vec<usize> = site.pages[section]
        .children
        .iter()
        .copied()
        .filter(|c| by_child.contains_key(c))
        .collect();
    // Its own links, and each child section's title and count of links.
    let key = kept.map(|_| {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        page_key(config, site, &own, &folder, &title).hash(&mut h);
        for &c in &children {
            (
                c,
                &site.pages[c].title,
                by_child.get(&c).map_or(0, Vec::len),
            )
                .hash(&mut h);
        }
        h.finish()
    });
    if let Some(page) = kept
        .zip(key)
        .and_then(|(k, key)| k.links_page(&folder, key))
    {
        put(&folder, &title, Listed::Kept(page))?;
    } else {
        let mut html = up.unwrap_or_default();
        html.push_str(&list_html(&groups(config, site, &own, &folder)));
        html.push_str(&sections_html(site, &folder, &children, &by_child));
        put(&folder, &title, Listed::Made(html, key))?;
    }
    for &c in &children {
        let under = by_child.get(&c).map_or(&[][..], Vec::as_slice);
        write_section(config, site, c, under, kept, put)?;
    }
    Ok(())
}

/// The list of a section's child sections on its page of `links/` at
/// `folder`, each with how many links it has.
fn sections_html(
    site: &Site,
    folder: &str,
    children: &[usize],
    by_child: &std::collections::HashMap<usize, Vec<&Permalink>>,
) -> String {
    let mut html = String::new();
    html.push_str(
        "<section class=\"link-group\">\n<h2>Sections</h2>\n<ul class=\"link-sections\">\n",
    );
    for &c in children {
        let count = by_child.get(&c).map_or(0, Vec::len);
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"link-kind\">{count} links</span></li>\n",
            escape(&relative(
                folder,
                &format!("{LINKS_PAGE}{}", site.pages[c].url)
            )),
            escape(&site.pages[c].title),
        ));
    }
    html.push_str("</ul>\n</section>\n");
    html
}

/// Renders one page of `links/` at `folder` with the theme's `links.html`.
fn render_links_page(
    config: &Config,
    site: &Site,
    theme: &Theme,
    folder: &str,
    title: &str,
    links_html: String,
    help_now: Option<String>,
) -> Result<String, Diagnostic> {
    let root = relative(folder, "");
    let mut ctx = PageContext::standalone(
        config,
        site,
        PageInfo {
            title,
            summary: Some("The address of every page, section, scenario step and story of this course, ready to copy into an email."),
            description: "The address of every page and section of this course, ready to copy.".to_string(),
            canonical: format!("{}{folder}", config.base_url),
            content: String::new(),
            toc: Vec::new(),
            is_home: false,
            not_published: None,
            noindex: true,
        },
        root,
        help_now,
    );
    ctx.links_html = Some(links_html);
    super::render_template(theme, "links.html", &ctx, folder)
}

/// The page at an old or short address: it sends the reader on at once
/// (keeping the `#section` of the address they followed), names its new
/// address as canonical, asks search engines not to list it, and offers a
/// plain link for anyone whose browser does not follow it.
pub fn redirect_page(config: &Config, site: &Site, r: &Redirect) -> String {
    let page = &site.pages[r.to];
    let folder = match r.from.rfind('/') {
        Some(i) => &r.from[..=i],
        None => "",
    };
    let fragment = r
        .anchor
        .as_ref()
        .map(|a| format!("#{a}"))
        .unwrap_or_default();
    let to = format!("{}{fragment}", relative(folder, &page.url));
    let canonical = format!("{}{}{fragment}", config.base_url, page.url);
    let root = relative(folder, "");
    let title = escape(&page.title);
    let to = escape(&to);
    // A short link is what gets pasted into email and chat: it previews
    // as the page it leads to.
    let description = escape(
        page.summary
            .as_deref()
            .or((!config.description.is_empty()).then_some(config.description.as_str()))
            .unwrap_or(&page.title),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · {course}</title>\n\
         <meta name=\"description\" content=\"{description}\">\n\
         <meta property=\"og:type\" content=\"article\">\n\
         <meta property=\"og:site_name\" content=\"{course}\">\n\
         <meta property=\"og:title\" content=\"{title}\">\n\
         <meta property=\"og:description\" content=\"{description}\">\n\
         <meta property=\"og:url\" content=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n\
         <link rel=\"stylesheet\" href=\"{root}assets/induct.css\">\n\
         </head>\n<body>\n<main class=\"moved\">\n\
         <h1>This page has moved</h1>\n\
         <p>It is now at <a class=\"induct-moved\" href=\"{to}\">{title}</a>.</p>\n\
         </main>\n<script src=\"{root}assets/redirect.js\"></script>\n</body>\n</html>\n",
        lang = escape(&config.language),
        course = escape(&config.title),
        canonical = escape(&canonical),
        csp = super::CONTENT_SECURITY_POLICY,
    )
}
