//! Printouts: each module's pages as one page, `<module>/print/`, to
//! print or save as a PDF in one go.
//!
//! Input: each page's [`Part`], made in the page's one render pass (its
//! body's HTML with the printout's ids and links put in where they differ,
//! from the same run of the HTML writer: [`super::markdown::Printout`]; a
//! scenario's overview from the same events, rendered a second time), in
//! the order of [`Site::printout_parts`] (the module's page
//! and every page below it, in navigation order; a scenario as its
//! overview). Output: the printout page, rendered by the theme's
//! `print.html` from [`PrintPart`]s: each page's title, summary, body,
//! child pages, a story's content notes and links, a scenario overview's
//! map and every step — what the page shows, without what only helps on
//! screen (breadcrumbs, pager, table of contents, the link to the printout
//! itself), and nothing cut out of templated HTML. Each part's ids are
//! prefixed with its name, so they are unique across the printout.
//!
//! Printouts are helpers like `links/`: asked not to be indexed, not in
//! `sitemap.xml`, not in `links.lock`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::context::{
    Child, Link, PageContext, PageInfo, PrintLink, PrintPart, PrintoutInfo, StoryInfo,
};
use super::markdown::Printout;
use super::scenario::PrintedScenario;
use super::theme::Theme;
use super::{Content, Sink};
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::model::links::relative;
use crate::model::{PageKind, Site};

/// The link to its module's printout that a page shows, if it is part of
/// a module.
pub fn link(site: &Site, page: usize) -> Option<PrintLink> {
    let module = site.module_of(page)?;
    let label = match site.pages[module].kind {
        PageKind::Scenario { .. } => "Print this scenario",
        PageKind::Story { .. } => "Print this story",
        _ => "Print this module",
    };
    Some(PrintLink {
        href: crate::model::links::relative(&site.pages[page].url, &site.printout_url(module)),
        label,
    })
}

/// Where each printout's parts are: made from the model before anything
/// renders, so each page's render pass knows its part's name and the
/// names of the other parts it may link to.
#[derive(Debug, Default)]
pub struct Plan {
    modules: Vec<Arc<ModulePlan>>,
    /// Each page of a printout: its module's place in `modules`, and its
    /// own place in the printout.
    part_of: HashMap<usize, (usize, usize)>,
}

/// One module's printout: its pages, in order, and each part's name.
#[derive(Debug)]
pub struct ModulePlan {
    module: usize,
    url: String,
    parts: Vec<usize>,
    names: HashMap<usize, String>,
}

impl ModulePlan {
    fn new(site: &Site, module: usize) -> Self {
        Self::of_parts(site, module, site.printout_parts(module))
    }

    /// The plan of `module`, whose printout holds `parts`
    /// ([`Site::printout_parts`]).
    fn of_parts(site: &Site, module: usize, parts: Vec<usize>) -> Self {
        let names = parts
            .iter()
            .copied()
            .zip(names(site, module, &parts))
            .collect();
        ModulePlan {
            module,
            url: site.printout_url(module),
            parts,
            names,
        }
    }

    fn printout(&self, page: usize) -> Option<Printout<'_>> {
        Some(Printout {
            name: self.names.get(&page)?,
            url: &self.url,
            names: &self.names,
        })
    }
}

impl Plan {
    /// The plan of every module's printout.
    pub fn new(site: &Site) -> Self {
        Self::of(site, site.modules())
    }

    /// The plan of the printouts of `modules` alone.
    pub fn of(site: &Site, modules: impl IntoIterator<Item = usize>) -> Self {
        Self::of_with(site, modules, |_, _| None)
    }

    /// [`Plan::of`], taking a module's plan from `kept` (given the module
    /// and the pages its printout holds) when it has one: the preview's
    /// cache keeps them while the site's shape stays as it was, since each
    /// part's name comes from the addresses and ids of the parts.
    pub fn of_with(
        site: &Site,
        modules: impl IntoIterator<Item = usize>,
        kept: impl Fn(usize, &[usize]) -> Option<Arc<ModulePlan>>,
    ) -> Self {
        let mut plan = Plan::default();
        for module in modules {
            let parts = site.printout_parts(module);
            let m = match kept(module, &parts) {
                Some(m) => m,
                None => Arc::new(ModulePlan::of_parts(site, module, parts)),
            };
            for (i, &p) in m.parts.iter().enumerate() {
                plan.part_of.insert(p, (plan.modules.len(), i));
            }
            plan.modules.push(m);
        }
        plan
    }

    /// Where `page`'s part goes, when it is part of a printout.
    pub fn printout(&self, page: usize) -> Option<Printout<'_>> {
        let &(m, _) = self.part_of.get(&page)?;
        self.modules.get(m)?.printout(page)
    }

    /// Each module's plan, for the preview's cache to keep.
    pub fn modules(&self) -> impl Iterator<Item = &Arc<ModulePlan>> {
        self.modules.iter()
    }
}

impl ModulePlan {
    /// The module's page.
    pub fn module(&self) -> usize {
        self.module
    }

    /// The pages its printout holds, in order.
    pub fn parts(&self) -> &[usize] {
        &self.parts
    }
}

/// The preview's printouts as their template made them, each without its
/// parts' bodies (see [`Printouts::with_kept`]).
pub trait Skeletons: Sync {
    /// The pieces of `module`'s printout between its parts' bodies, as
    /// made from a template context that sums to `key`.
    fn skeleton(&self, module: usize, key: u64) -> Option<Arc<[Arc<str>]>>;

    /// Keeps the pieces made from a context that sums to `key`.
    fn keep_skeleton(&self, module: usize, key: u64, pieces: Arc<[Arc<str>]>);
}

/// Ids a printout's template adds to a part, after its name.
const TEMPLATE_IDS: [&str; 2] = ["induct-children", "induct-story-notes"];

/// Each part's name: its address below the module's, or the module's own
/// name for its page (and a scenario's overview), made unique so that no
/// name, nor any id of a part prefixed with its name, is taken twice
/// (`b` with a heading `c` and a page `b/c/` would both give `b-c`).
fn names(site: &Site, module: usize, parts: &[usize]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    let module_url = &site.pages[module].url;
    parts
        .iter()
        .map(|&p| {
            let page = &site.pages[p];
            let own = page.url.strip_prefix(module_url.as_str()).unwrap_or("");
            let own = match page.kind {
                PageKind::Overview { .. } if page.parent == Some(module) => "",
                _ => own,
            };
            let name = if own.is_empty() {
                module_url.trim_end_matches('/').rsplit('/').next()
            } else {
                Some(own.trim_end_matches('/'))
            };
            let wanted = name.unwrap_or("page").replace('/', "-");
            let ids: Vec<&str> = page
                .anchors
                .iter()
                .map(String::as_str)
                .chain(page.anchor_aliases.iter().map(|(old, _)| old.as_str()))
                .chain(TEMPLATE_IDS)
                .collect();
            let free = |name: &str, used: &HashSet<String>| {
                !used.contains(name) && !ids.iter().any(|id| used.contains(&format!("{name}-{id}")))
            };
            let mut name = wanted.clone();
            let mut n = 1;
            while !free(&name, &used) {
                n += 1;
                name = format!("{wanted}-{n}");
            }
            used.extend(ids.iter().map(|id| format!("{name}-{id}")));
            used.insert(name.clone());
            name
        })
        .collect()
}

/// What a printout takes from one of its pages, made in the page's render
/// pass.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// The page's body, rendered for the printout (shared with the
    /// preview's cache and the printouts made of it).
    pub body: Arc<str>,
    /// On a scenario's overview: its pieces, rendered for the printout.
    pub scenario: Option<PrintedScenario>,
    /// The page needs the highlighting stylesheet.
    pub has_code: bool,
}

/// Collects the parts of every module's printout as their pages are
/// rendered (in any order, from many threads), and writes each printout as
/// soon as its last part arrives, so no more than a few modules' parts are
/// held at once.
pub struct Printouts<'a> {
    config: &'a Config,
    site: &'a Site,
    theme: &'a Theme,
    plan: &'a Plan,
    waiting: Vec<Mutex<Waiting>>,
    problems: Mutex<Vec<Diagnostic>>,
    skeletons: Option<&'a dyn Skeletons>,
}

/// A printout still missing some parts.
struct Waiting {
    parts: Vec<(usize, Option<Arc<Part>>)>,
    missing: usize,
}

impl<'a> Printouts<'a> {
    pub fn new(config: &'a Config, site: &'a Site, theme: &'a Theme, plan: &'a Plan) -> Self {
        let waiting = plan
            .modules
            .iter()
            .map(|m| {
                Mutex::new(Waiting {
                    missing: m.parts.len(),
                    parts: m.parts.iter().map(|&p| (p, None)).collect(),
                })
            })
            .collect();
        Printouts {
            config,
            site,
            theme,
            plan,
            waiting,
            problems: Mutex::new(Vec::new()),
            skeletons: None,
        }
    }

    /// These printouts, each rendered by its template only when what the
    /// template is given (every part's title, address, children, … but
    /// not the bodies, which are put in after) differs from what made the
    /// printout `skeletons` keeps: a save of one page's body then costs
    /// the copying of its module's bodies, not the template's work on
    /// every part.
    pub fn with_kept(self, skeletons: &'a dyn Skeletons) -> Self {
        Printouts {
            skeletons: Some(skeletons),
            ..self
        }
    }

    /// Takes the part of `page`; when it completes a printout, renders
    /// that and hands it to `sink`.
    pub fn take(&self, page: usize, part: Arc<Part>, sink: &dyn Sink) -> Result<(), Error> {
        let Some(&(m, i)) = self.plan.part_of.get(&page) else {
            return Ok(());
        };
        let (Some(waiting), Some(module)) = (self.waiting.get(m), self.plan.modules.get(m)) else {
            return Ok(());
        };
        let done = {
            let mut w = waiting.lock().unwrap_or_else(|e| e.into_inner());
            let Some(slot) = w.parts.get_mut(i) else {
                return Ok(());
            };
            if slot.1.is_none() {
                slot.1 = Some(part);
                w.missing -= 1;
            }
            (w.missing == 0).then(|| {
                std::mem::take(&mut w.parts)
                    .into_iter()
                    .map(|(p, part)| (p, part.unwrap_or_default()))
                    .collect::<Vec<_>>()
            })
        };
        if let Some(parts) = done {
            let rendered = render_planned(
                self.config,
                self.site,
                self.theme,
                module,
                parts,
                self.skeletons,
            );
            match rendered {
                Ok(made) => sink.put(&format!("{}index.html", module.url), made)?,
                Err(d) => self
                    .problems
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(d),
            }
        }
        Ok(())
    }

    /// The template errors met.
    pub fn into_problems(self) -> Vec<Diagnostic> {
        self.problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// Renders the printout of `module` from the part of each of its pages
/// ([`Site::printout_parts`], each with its [`Part`]).
pub fn render(
    config: &Config,
    site: &Site,
    theme: &Theme,
    module: usize,
    parts: &[(usize, Part)],
) -> Result<String, Diagnostic> {
    let made = render_planned(
        config,
        site,
        theme,
        &ModulePlan::new(site, module),
        parts
            .iter()
            .map(|(p, part)| (*p, Arc::new(part.clone())))
            .collect(),
        None,
    )?;
    match made {
        Content::Bytes(html) => String::from_utf8(html)
            .map_err(|e| Diagnostic::error(crate::error::Code::Template, None, e.to_string())),
        Content::Pieces(pieces) => Ok(pieces.concat()),
        _ => Ok(String::new()),
    }
}

/// Stands for a part's body while `print.html` renders: the bodies of a
/// whole module are not handed through the template engine.
const PART_SLOT: &str = "<induct-part-slot/>";

fn render_planned(
    config: &Config,
    site: &Site,
    theme: &Theme,
    plan: &ModulePlan,
    parts: Vec<(usize, Arc<Part>)>,
    skeletons: Option<&dyn Skeletons>,
) -> Result<Content, Diagnostic> {
    let html = |html: String| Content::Bytes(html.into_bytes());
    let module = plan.module;
    let url = &plan.url;
    let title = &site.pages[module].title;
    let root = relative(url, "");
    let mut ctx = PageContext::standalone(
        config,
        site,
        PageInfo {
            title,
            summary: site.pages[module].summary.as_deref(),
            description: format!("{title}: every page, to print or save as a PDF."),
            canonical: format!("{}{url}", config.base_url),
            content: String::new(),
            toc: Vec::new(),
            is_home: false,
            not_published: None,
            noindex: true,
        },
        root,
        super::help_now(site, url),
    );
    ctx.has_code = parts.iter().any(|(_, part)| part.has_code);
    // With the built-in templates, each body is put in its slot after
    // rendering; a course's own `print.html` is given the bodies.
    let slots = theme.built_in_templates;
    let mut bodies: Vec<&Arc<str>> = Vec::new();
    let mut print_parts = Vec::with_capacity(parts.len());
    for (p, part) in &parts {
        let Some(print) = plan.printout(*p) else {
            continue;
        };
        let content = if slots && part.scenario.is_none() {
            bodies.push(&part.body);
            PART_SLOT.to_string()
        } else {
            part.body.to_string()
        };
        print_parts.push(print_part(
            site,
            &print,
            *p,
            content,
            part.scenario.as_ref(),
        ));
    }
    ctx.printout = Some(PrintoutInfo {
        module: Link {
            title,
            href: "../".to_string(),
        },
        contents: print_parts
            .iter()
            .map(|part| Link {
                title: part.title,
                href: format!("#{}", part.id),
            })
            .collect(),
        parts: print_parts,
    });
    if !slots || bodies.is_empty() {
        return super::render_template(theme, "print.html", &ctx, url).map(html);
    }
    // What the template is given, summed: the same sum, the same pieces.
    let key = skeletons.and_then(|_| super::cache::context_key(&ctx));
    let kept = skeletons
        .zip(key)
        .and_then(|(s, key)| s.skeleton(module, key));
    let pieces = match kept {
        Some(pieces) => pieces,
        None => {
            let made = super::render_template(theme, "print.html", &ctx, url)?;
            let pieces: Arc<[Arc<str>]> = made.split(PART_SLOT).map(Arc::from).collect();
            if let (Some(skeletons), Some(key)) = (skeletons, key) {
                if pieces.len() == bodies.len() + 1 {
                    skeletons.keep_skeleton(module, key, Arc::clone(&pieces));
                }
            }
            pieces
        }
    };
    if pieces.len() == bodies.len() + 1 {
        // The preview's: the pieces and the kept bodies, one after
        // another, none copied.
        if skeletons.is_some() {
            let mut all: Vec<Arc<str>> = Vec::with_capacity(pieces.len() * 2);
            for (piece, body) in pieces.iter().zip(&bodies) {
                all.push(Arc::clone(piece));
                all.push(Arc::clone(body));
            }
            all.push(Arc::clone(&pieces[bodies.len()]));
            return Ok(Content::Pieces(all.into()));
        }
        let size = pieces.iter().map(|p| p.len()).sum::<usize>()
            + bodies.iter().map(|b| b.len()).sum::<usize>();
        let mut out = String::with_capacity(size);
        for (piece, body) in pieces.iter().zip(&bodies) {
            out.push_str(piece);
            out.push_str(body);
        }
        out.push_str(&pieces[bodies.len()]);
        return Ok(html(out));
    }
    // The template wrote a body other than once: give it the bodies.
    if let Some(info) = ctx.printout.as_mut() {
        let mut bodies = bodies.into_iter();
        for part in info.parts.iter_mut().filter(|p| p.scenario.is_none()) {
            part.content = bodies.next().map(|b| b.to_string()).unwrap_or_default();
        }
    }
    super::render_template(theme, "print.html", &ctx, url).map(html)
}

/// What the printout `print` shows of page `p`, its body being `content`.
fn print_part<'a>(
    site: &'a Site,
    print: &Printout<'a>,
    p: usize,
    content: String,
    scenario: Option<&PrintedScenario>,
) -> PrintPart<'a> {
    let page = &site.pages[p];
    // A link from the printout to a page: inside it, or relative to it.
    let href = |to: usize| match print.names.get(&to) {
        Some(name) => format!("#{name}"),
        None => relative(print.url, &site.pages[to].url),
    };
    let link = |to: usize| Link {
        title: &site.pages[to].title,
        href: href(to),
    };
    PrintPart {
        id: print.name,
        title: &page.title,
        summary: page.summary.as_deref(),
        content,
        children: match page.kind {
            PageKind::Overview { .. } => Vec::new(),
            _ => page
                .children
                .iter()
                .filter(|&&c| site.pages[c].published)
                .map(|&c| Child {
                    title: &site.pages[c].title,
                    href: href(c),
                    summary: site.pages[c].summary.as_deref(),
                    content_notes: site.content_notes(c),
                    children: Vec::new(),
                })
                .collect(),
        },
        story: StoryInfo::of(site, p, link),
        scenario: scenario.and_then(|s| super::scenario::printout_info(site, p, print, s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Asset, Sources};
    use crate::model::tests::file;

    fn sources() -> Sources {
        Sources {
            files: vec![
                file("index.md", "Home", "Welcome.\n"),
                file(
                    "modules/01-stigma.md",
                    "Stigma",
                    "## Why it matters\n\nSee [who](02-support/who.md#call) and [why](#why-it-matters).[^a]\n\n[^a]: A note.\n",
                ),
                file(
                    "modules/02-support/index.md",
                    "Support",
                    "## Who to call\n\n[Them](who.md#call), [the map](map.png), [stigma](../01-stigma.md).\n",
                ),
                file("modules/02-support/who.md", "Who", "## Who to call {#call}\n"),
            ],
            assets: vec![Asset {
                source: "x".into(),
                rel: "modules/02-support/map.png".into(),
            }],
            failed: Vec::new(),
            support: None,
        }
    }

    /// The site of `sources`, scanned, and its printouts' plan.
    fn planned(sources: &Sources) -> (Site, Plan) {
        let mut site = Site::new(sources, "C", time::macros::date!(2026 - 11 - 23), false);
        site.scan_all(sources, None);
        let plan = Plan::new(&site);
        (site, plan)
    }

    /// The printout body of the page at `url`, from its one render pass.
    fn part(site: &Site, plan: &Plan, sources: &Sources, url: &str) -> String {
        let page = site.by_url[url];
        let text = &sources.files[site.pages[page].source.unwrap()];
        let rendered = super::super::markdown::render(
            site,
            page,
            &text.text,
            text.body_start,
            plan.printout(page),
        );
        rendered.printout.unwrap()
    }

    #[test]
    fn no_two_parts_take_the_same_id() {
        let sources = Sources {
            files: vec![
                file("index.md", "Home", "Welcome.\n"),
                file("modules/a/index.md", "A", "Text.\n"),
                file("modules/a/b/index.md", "B", "## C\n"),
                file("modules/a/b/c.md", "C", "## D\n"),
            ],
            assets: Vec::new(),
            failed: Vec::new(),
            support: None,
        };
        let (site, plan) = planned(&sources);
        let name = |url: &str| plan.printout(site.by_url[url]).unwrap().name.to_string();
        assert_eq!(name("modules/a/"), "a");
        assert_eq!(name("modules/a/b/"), "b");
        // `b-c` is the id of the heading of `b/`.
        assert_eq!(name("modules/a/b/c/"), "b-c-2");
    }

    #[test]
    fn each_part_gets_its_name_and_links_from_the_printout() {
        let sources = sources();
        let mut site = Site::new(&sources, "C", time::macros::date!(2026 - 11 - 23), false);
        site.scan_all(&sources, None);
        let plan = Plan::new(&site);
        assert!(plan.printout(site.by_url["modules/"]).is_none());
        let support = site.by_url["modules/support/"];
        let print = plan.printout(site.by_url["modules/support/who/"]).unwrap();
        assert_eq!((print.name, print.url), ("who", "modules/support/print/"));
        assert_eq!(plan.printout(support).unwrap().name, "support");

        let html = part(&site, &plan, &sources, "modules/support/");
        // Ids take the part's name; a heading's own link keeps leading to
        // its page's section.
        assert!(html.contains("<h2 id=\"support-who-to-call\">"), "{html}");
        assert!(html.contains("href=\"../#who-to-call\""), "{html}");
        // A link to another page of the printout leads inside it; other
        // pages and files are relative to `print/`.
        assert!(html.contains("href=\"#who-call\""), "{html}");
        assert!(html.contains("href=\"../../02-support/map.png\""), "{html}");
        assert!(html.contains("href=\"../../stigma/\""), "{html}");

        let html = part(&site, &plan, &sources, "modules/stigma/");
        assert!(html.contains("href=\"#stigma-why-it-matters\""), "{html}");
        assert!(html.contains("href=\"../../support/who/#call\""), "{html}");
        assert!(html.contains("id=\"stigma-fn-1\""), "{html}");
        assert!(html.contains("href=\"#stigma-fnref-1\""), "{html}");
        // The page itself is rendered as before.
        let page = site.by_url["modules/stigma/"];
        let text = &sources.files[site.pages[page].source.unwrap()];
        let own = super::super::markdown::render(&site, page, &text.text, text.body_start, None);
        assert!(own.printout.is_none());
        assert!(
            own.html.contains("<h2 id=\"why-it-matters\">"),
            "{}",
            own.html
        );
    }

    #[test]
    fn a_printout_shows_each_code_block_of_its_page_in_order() {
        let code = "Text.\n\n```rust\nfn main() {}\n```\n\n    indented <b>\n\n```python\nprint(1)\n```\n\n```nosuchlang\nplain & kept\n```\n";
        let sources = Sources {
            files: vec![
                file("index.md", "Home", "Welcome.\n"),
                file("modules/a/index.md", "A", code),
                file("modules/a/b.md", "B", "```toml\nx = 1\n```\n"),
            ],
            assets: Vec::new(),
            failed: Vec::new(),
            support: None,
        };
        let (site, plan) = planned(&sources);
        let blocks = |html: &str| -> Vec<String> {
            html.split("<pre class=\"code\"")
                .skip(1)
                .map(|b| b[..b.find("</pre>").unwrap()].to_string())
                .collect()
        };
        for url in ["modules/a/", "modules/a/b/"] {
            let page = site.by_url[url];
            let text = &sources.files[site.pages[page].source.unwrap()];
            let printout = plan.printout(page);
            assert!(printout.is_some(), "{url}");
            let both =
                super::super::markdown::render(&site, page, &text.text, text.body_start, printout);
            let own =
                super::super::markdown::render(&site, page, &text.text, text.body_start, None);
            // The page is the same whether or not it also makes its part.
            assert_eq!(both.html, own.html);
            let part = both.printout.unwrap();
            assert_eq!(blocks(&part), blocks(&own.html), "{url}");
        }
        let page = site.by_url["modules/a/"];
        let text = &sources.files[site.pages[page].source.unwrap()];
        let own = super::super::markdown::render(&site, page, &text.text, text.body_start, None);
        let found = blocks(&own.html);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with(" data-lang=\"rust\""), "{found:?}");
        assert!(found[1].contains("indented &lt;b&gt;"), "{found:?}");
        assert!(found[2].starts_with(" data-lang=\"python\""), "{found:?}");
        assert!(found[3].contains("plain &amp; kept"), "{found:?}");
    }
}
