//! Render: the site as files in memory.
//!
//! Input: the checked [`Site`], its [`Sources`], the [`Config`] and the
//! [`Theme`]. Output: every file of the site — pages, `404.html`,
//! `sitemap.xml`, the theme's assets and the course's assets — handed to a
//! [`Sink`], and any warnings or template errors. Pages render in parallel
//! (rayon). Nothing here touches the disk: the sink decides where files go
//! (`write::Staging` for `build`, [`Discard`] for `check`).
//!
//! Within render, modules depend one way: `markdown` (the page's one
//! parse) hands its events to `search` (sections) and `highlight`; `search`
//! needs no other render module; `print` and the templates come after.

pub mod cache;
pub mod context;
pub mod highlight;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod outbound;
pub mod print;
pub mod review;
pub mod scenario;
pub mod scenario_map;
pub mod search;
pub mod support;
pub mod template_loops;
pub mod texts;
pub mod theme;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::error::{Code, Diagnostic, Error, Location};
use crate::load::Sources;
use crate::model::links::{relative, Target};
use crate::model::permalinks::SEARCH_FOLDER;
use crate::model::{PageKind, Scan, Site};
use context::{CourseInfo, Link, PageContext, PageInfo, ScenarioInfo, StoryInfo, TocEntry};
pub use texts::Texts;
use theme::{Origin, Theme};

/// Renders each template of the theme once, with a real page of each kind
/// it is used for — home, a page, a story and the support directory (each
/// with an empty body), a scenario (its steps and overview), `404.html`,
/// search, `links/` and a module's printout (from empty parts) — and
/// throws the HTML away: the template errors `check` reports without
/// rendering every page. Also returns the problems of the scenario's
/// markdown, which the model and check stages report too.
pub fn check_theme(
    config: &Config,
    site: &Site,
    sources: &Sources,
    theme: &Theme,
) -> Result<Vec<Diagnostic>, Error> {
    let mut problems = Vec::new();
    // Of each kind, the page with the shortest markdown (one with a file
    // first): any page shows whether its template renders, and a short
    // one costs least.
    let size = |p: usize| {
        site.pages[p]
            .source
            .and_then(|s| sources.files.get(s))
            .map_or(0, |f| f.text.len())
    };
    let smallest = |wanted: fn(PageKind) -> bool| {
        site.order
            .iter()
            .copied()
            .filter(|&p| p != site.home && Some(p) != site.support && wanted(site.pages[p].kind))
            .min_by_key(|&p| (site.pages[p].source.is_none(), size(p)))
    };
    let page = smallest(|k| k == PageKind::Page);
    let scenario = smallest(|k| matches!(k, PageKind::Scenario { .. }));
    let story = smallest(|k| matches!(k, PageKind::Story { .. }));
    let home = site.position.contains_key(&site.home).then_some(site.home);
    let support = site.support.filter(|p| site.position.contains_key(p));
    // A scenario's template needs its steps, which come from rendering its
    // markdown; every other page's template is tried with its body left
    // empty (the body is one string to the template), so no page's
    // markdown, however long, is parsed again here.
    if let Some(p) = scenario {
        let texts = Texts::borrowed(sources);
        for (_, rendered) in render_page(config, site, &texts, theme, None, p) {
            problems.extend(rendered.html.err());
        }
    }
    for p in [home, page, story, support].into_iter().flatten() {
        let services = sources
            .support
            .as_ref()
            .map(|d| d.services.as_slice())
            .filter(|_| site.support == Some(p));
        let special = services.map_or(Special::None, |s| {
            Special::Support(support::info(s, site.preview.then_some(site.today)))
        });
        let scan = &site.pages[p].scan;
        problems.extend(
            render_with_template(config, site, theme, p, String::new(), scan, special).err(),
        );
    }
    problems.extend(render_not_found(config, site, theme).err());
    problems.extend(render_search_page(config, site, theme).err());
    problems.extend(links::write_links_pages(
        config,
        site,
        theme,
        &[],
        &Discard,
        None,
    )?);
    if let Some(module) = site.modules().first().copied() {
        let parts: Vec<(usize, print::Part)> = site
            .printout_parts(module)
            .into_iter()
            .map(|p| (p, print::Part::default()))
            .collect();
        problems.extend(print::render(config, site, theme, module, &parts).err());
    }
    Ok(problems)
}

/// A sink that keeps nothing but says it keeps every file, so that
/// everything a build makes is made: `check` renders into it to meet every
/// problem `build` would, once a template is known to fail.
pub struct Probe;

impl Sink for Probe {
    fn put(&self, _: &str, _: Content) -> Result<(), Error> {
        Ok(())
    }
}

/// Writes `links/index.html` and the pages at old and short addresses,
/// taking from the preview's `cache` the pages of `links/` whose links
/// are as they were. Returns the template's problems; fails only when the
/// sink does.
pub fn write_link_pages(
    config: &Config,
    site: &Site,
    theme: &Theme,
    all: &[crate::model::permalinks::Permalink],
    redirects: &[crate::model::permalinks::Redirect],
    sink: &dyn Sink,
    cache: Option<&cache::Cache>,
) -> Result<Vec<Diagnostic>, Error> {
    if !sink.keeps_files() {
        // Only the template is checked: the list no one will see is not made.
        return links::write_links_pages(config, site, theme, &[], sink, None);
    }
    let kept = cache.map(|c| c as &dyn links::KeptPages);
    let problems = links::write_links_pages(config, site, theme, all, sink, kept)?;
    for r in redirects.iter().filter(|r| r.held.is_none()) {
        let html = links::redirect_page(config, site, r);
        sink.put(&r.file(), Content::Bytes(html.into_bytes()))?;
    }
    Ok(problems)
}

/// What a file of the output holds.
#[derive(Debug)]
pub enum Content {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// Rendered bytes shared with the preview's cache, not copied.
    Shared(std::sync::Arc<[u8]>),
    /// Rendered text in pieces, one after another, shared with the
    /// preview's cache: a module's printout put together from kept parts
    /// without copying them into one string.
    Pieces(std::sync::Arc<[std::sync::Arc<str>]>),
    /// Bytes built into the binary.
    Static(&'static [u8]),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// Where rendered files go: the staging folder of `build`, nowhere for
/// `check` (and, later, memory for preview). Called from many threads at once.
pub trait Sink: Sync {
    /// Takes one file of the site; `path` is `/`-separated, relative to
    /// the output root.
    fn put(&self, path: &str, content: Content) -> Result<(), Error>;

    /// Takes one page's HTML (at its address's `index.html`): as
    /// [`Sink::put`], for a sink that keeps pages apart from other files.
    /// With the preview's cache, a render whose plan keeps the pages of
    /// the render before hands over only the pages rendered again: the
    /// sink must still hold the others as it had them.
    fn put_page(&self, path: &str, content: Content) -> Result<(), Error> {
        self.put(path, content)
    }

    /// Whether the files handed over are kept (false for [`Discard`]): a
    /// page no one will see need not be made.
    fn keeps_files(&self) -> bool {
        true
    }
}

/// A sink that keeps nothing: rendering only to find problems.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Content) -> Result<(), Error> {
        Ok(())
    }

    fn keeps_files(&self) -> bool {
        false
    }
}

/// How many pages of the reading order render at once (see
/// [`render_site`]): enough that no core waits long for the others at the
/// end of a block.
const RENDER_BLOCK: usize = 256;

/// The folder of stories, whose files are copied only when used.
const STORIES: &str = "stories/";

const GENERATOR: &str = concat!("induct ", env!("CARGO_PKG_VERSION"));

/// The Content-Security-Policy of every page induct writes, given in a
/// `<meta http-equiv>` tag (a static site cannot count on its server's
/// headers): the page may load scripts, styles, images, fonts, workers and
/// its manifest, and connect, only to the site itself; no inline script or
/// `style` attribute, no plugins, no `<base>`. Links to other websites are
/// navigation and stay allowed. `data:` images make no request.
///
/// Opened from disk, a page's `'self'` is its `file:` URL's scheme and
/// host, and Chromium lets it match the site's other `file:` URLs (the
/// browser tests open the built site from disk under this policy), so no
/// `file:` source is needed. `frame-ancestors`, `report-uri` and `sandbox`
/// are ignored in a `<meta>` tag and left out.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    media-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'self'; \
    base-uri 'none'; object-src 'none'";

/// Renders every published page and hands every file of the site to
/// `sink`: pages (in parallel, each passed on as soon as it is rendered,
/// so a large site is never held in memory), `404.html`, `sitemap.xml`,
/// the theme's assets and the course's assets. Returns warnings and
/// template errors; fails only when the sink does.
///
/// With a `cache` (the preview's), a page whose rendering is cached is
/// handed over as it was, and only the others are rendered; the printouts
/// of modules none of whose pages changed come from the cache too, and
/// the search index is not written: the preview makes it from
/// [`cache::Cache::search`] when it is asked for.
pub fn render_site(
    config: &Config,
    site: &Site,
    texts: &Texts<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    cache: Option<&cache::Cache>,
) -> Result<Rendering, Error> {
    let sources = texts.sources();
    // A render into nothing (a failed build) leaves the cache as it was.
    let cache = cache.filter(|_| sink.keeps_files());
    let reuse = cache.map(|c| c.plan(config, site, sources));
    // With a partial plan, the sink keeps the pages not rendered again.
    let partial = reuse.as_ref().is_some_and(|r| r.partial);
    // `sitemap.xml`, `404.html` and the search page: kept by the cache
    // when only pages' bodies changed, else made (and, with a cache, kept).
    let kept_listings = reuse.as_ref().and_then(|r| r.listings.clone());
    let mut listings: Option<cache::Files> =
        (cache.is_some() && kept_listings.is_none()).then(Vec::new);
    let mut fixed: Vec<(String, Content)> = Vec::new();
    let mut listed =
        |fixed: &mut Vec<(String, Content)>, path: String, bytes: Vec<u8>| match &mut listings {
            Some(keeping) => {
                let shared: Arc<[u8]> = bytes.into();
                keeping.push((path.clone(), Arc::clone(&shared)));
                fixed.push((path, Content::Shared(shared)));
            }
            None => fixed.push((path, Content::Bytes(bytes))),
        };
    let mut problems = Vec::new();
    match &kept_listings {
        Some(kept) => fixed.extend(
            kept.iter()
                .map(|(path, bytes)| (path.clone(), Content::Shared(Arc::clone(bytes)))),
        ),
        None => {
            listed(
                &mut fixed,
                "sitemap.xml".into(),
                sitemap(config, site).into_bytes(),
            );
            match render_not_found(config, site, theme) {
                Ok(html) => listed(&mut fixed, "404.html".into(), html.into_bytes()),
                Err(d) => problems.push(d),
            }
            match render_search_page(config, site, theme) {
                Ok(html) => listed(
                    &mut fixed,
                    format!("{}index.html", SEARCH_FOLDER),
                    html.into_bytes(),
                ),
                Err(d) => problems.push(d),
            }
        }
    }
    if let (Some(cache), Some(made)) = (cache, listings.take()) {
        if problems.is_empty() {
            cache.put_listings(made);
        }
    }
    // The preview's review pages: made with every build, never kept.
    match review::pages(config, site, sources, theme) {
        Ok(pages) => fixed.extend(
            pages
                .into_iter()
                .map(|(path, html)| (path, Content::Bytes(html.into_bytes()))),
        ),
        Err(d) => problems.push(d),
    }
    for asset in &theme.assets {
        let content = match &asset.origin {
            Origin::BuiltIn => Content::Static(asset.bytes),
            Origin::Course(path) => Content::Copy(path.clone()),
        };
        fixed.push((format!("assets/{}", asset.rel), content));
    }
    if !config.offline || site.preview {
        // With `offline`, the worker is written last, once every file is known.
        fixed.push((
            offline::WORKER_PATH.into(),
            Content::Static(offline::RETIRE),
        ));
    }

    // A course file in the place of a generated one is an error of the
    // check stage (`check::outputs`), and then nothing is kept.
    let mut assets: Vec<(String, Content)> = sources
        .assets
        .iter()
        .filter(|asset| site.asset_published(&asset.rel))
        .map(|asset| (asset.rel.clone(), Content::Copy(asset.source.clone())))
        .collect();

    // Each module's printout is written once its last page is rendered,
    // from each page's part, made in the page's render pass.
    // With a cache, only the printouts to make again are planned.
    // The modules whose printouts are made again (with a cache, those
    // it does not keep as they were).
    let remade: Option<Vec<usize>> = reuse.as_ref().map(|reuse| {
        site.modules()
            .into_iter()
            .filter(|m| !reuse.printouts.contains_key(m))
            .collect()
    });
    let print_plan = sink.keeps_files().then(|| match (&remade, cache) {
        (Some(remade), Some(cache)) => {
            let plan = print::Plan::of_with(site, remade.iter().copied(), |m, parts| {
                cache.module_plan(m, parts)
            });
            cache.keep_module_plans(plan.modules());
            plan
        }
        _ => print::Plan::new(site),
    });
    let printouts = print_plan.as_ref().map(|plan| {
        let printouts = print::Printouts::new(config, site, theme, plan);
        match cache {
            Some(cache) => printouts.with_kept(cache),
            None => printouts,
        }
    });
    // With a cache, printouts are kept on their way to the sink, and a
    // module whose printout stays as it was takes none of its pages.
    let printed = remade
        .as_ref()
        .zip(cache)
        .map(|(remade, cache)| cache::Printed {
            inner: sink,
            cache,
            paths: remade
                .iter()
                .map(|&m| (format!("{}index.html", site.printout_url(m)), m))
                .collect(),
        });
    let print_sink: &dyn Sink = match &printed {
        Some(printed) => printed,
        None => sink,
    };
    let unchanged_printout = |page: usize| {
        reuse.as_ref().is_some_and(|reuse| {
            site.module_of(page)
                .is_some_and(|m| reuse.printouts.contains_key(&m))
        })
    };
    // Each page's text goes to the index's collector as soon as it is
    // rendered: no page's sections are held beyond its own rendering, and
    // a build writes each text shard once the pages it holds are in.
    let own_collector =
        (sink.keeps_files() && reuse.is_none()).then(|| search::Collector::streaming(site));
    let collector = reuse
        .as_ref()
        .map(|p| &*p.search)
        .or(own_collector.as_ref());
    let render_one = |&page: &usize| {
        // A page the sink keeps from the render before, whose part no
        // printout made again asks for: nothing to do.
        let wanted = |page: usize| {
            !partial
                || print_plan
                    .as_ref()
                    .is_some_and(|plan| plan.printout(page).is_some())
        };
        let made = match (&reuse, cache) {
            (Some(reuse), Some(_)) if !reuse.fresh.contains(&page) && !wanted(page) => Vec::new(),
            (Some(reuse), Some(cache)) if !reuse.fresh.contains(&page) => cache
                .get(page)
                .into_iter()
                .map(|(p, made)| {
                    let rendered = RenderedPage {
                        html: made.html.map(Html::Shared),
                        sections: Vec::new(),
                        part: made.part,
                        cached: true,
                    };
                    (p, rendered)
                })
                .collect(),
            (Some(_), Some(cache)) => {
                let made = cached(render_page(
                    config,
                    site,
                    texts,
                    theme,
                    print_plan.as_ref(),
                    page,
                ));
                let text = site.pages[page]
                    .source
                    .and_then(|s| sources.files.get(s))
                    .map_or("", |f| f.text.as_str());
                cache.put(
                    page,
                    text,
                    made.iter().map(|(p, r)| (*p, r.made())).collect(),
                );
                made
            }
            _ => render_page(config, site, texts, theme, print_plan.as_ref(), page),
        };
        made.into_iter().map(|(page, mut rendered)| {
            let sections = std::mem::take(&mut rendered.sections);
            let shards = match collector.filter(|_| !rendered.cached) {
                Some(c) => c.add(site, page, sections),
                None => Vec::new(),
            };
            let written = search::shard_files(shards, !site.preview)
                .into_iter()
                .try_for_each(|(path, js)| sink.put(&path, Content::Bytes(js)));
            if let Err(e) = written {
                rendered.html = Err(Diagnostic::error(Code::Write, None, e.to_string()));
            }
            let part = rendered.part.take();
            let html = std::mem::replace(&mut rendered.html, Ok(Html::Owned(String::new())));
            let kept = rendered.cached && partial;
            rendered.html = html.and_then(|html| {
                let put = if kept {
                    Ok(())
                } else {
                    let path = format!("{}index.html", site.pages[page].url);
                    sink.put_page(&path, html.into_content())
                };
                put.and_then(|()| match (&printouts, part) {
                    (Some(p), Some(part)) if !unchanged_printout(page) => {
                        p.take(page, part, print_sink)
                    }
                    _ => Ok(()),
                })
                .map(|()| Html::Owned(String::new()))
                .map_err(|e| Diagnostic::error(Code::Write, None, e.to_string()))
            });
            (page, rendered)
        })
    };
    // The pages render in blocks of the reading order, in parallel within
    // a block: each module's printout parts and each text shard's pages
    // are done soon after their first is, and are not held for long.
    let pages: Vec<(usize, RenderedPage)> = site
        .order
        .chunks(RENDER_BLOCK)
        .flat_map(|block| {
            block
                .par_iter()
                .flat_map_iter(render_one)
                .collect::<Vec<_>>()
        })
        .collect();
    if let Some(reuse) = &reuse {
        for (&module, html) in &reuse.printouts {
            let path = format!("{}index.html", site.printout_url(module));
            sink.put(&path, html.content())?;
        }
    }
    problems.extend(
        printouts
            .map(print::Printouts::into_problems)
            .unwrap_or_default(),
    );
    // A template error would repeat on every page: report it once.
    let mut failed_templates: Vec<(Diagnostic, usize)> = Vec::new();
    for (_, rendered) in pages {
        match rendered.html {
            Ok(_) => {}
            Err(d) if d.code == Code::Write => return Err(Error::Write(d.message)),
            Err(d) => match failed_templates
                .iter_mut()
                .find(|(f, _)| f.location == d.location)
            {
                Some((_, count)) => *count += 1,
                None => failed_templates.push((d, 0)),
            },
        }
    }
    for (d, more) in failed_templates {
        problems.push(if more > 0 {
            let help = d.help.clone().unwrap_or_default();
            d.with_help(format!(
                "{help} (the same error stopped {more} more page(s))"
            ))
        } else {
            d
        });
    }
    // A file in `stories/`, or one a held-back story links to, is copied
    // only when a published page uses it: a picture only a held-back story
    // shows must not reach the site.
    let rendered_pages = || {
        site.order
            .iter()
            .chain(&site.extra)
            .map(|&p| (p, &site.pages[p].scan))
    };
    let held = |rel: &str| rel.starts_with(STORIES) || site.held_assets.contains(rel);
    // Every link resolved only when there is such a file to decide about.
    if assets.iter().any(|(rel, _)| held(rel)) {
        let used: HashSet<String> = rendered_pages()
            .flat_map(|(page, scan)| {
                scan.links.iter().filter_map(move |link| {
                    match site.resolve_for_href(page, &link.dest) {
                        Ok(Target::Asset { rel, .. }) => Some(rel),
                        _ => None,
                    }
                })
            })
            .collect();
        assets.retain(|(rel, _)| !held(rel) || used.contains(rel));
    }
    // A theme's own `assets/highlight.css` replaces the generated one.
    let theme_styles_code = fixed.iter().any(|(p, _)| p == highlight::STYLESHEET_PATH);
    if !theme_styles_code && rendered_pages().any(|(_, scan)| scan.has_code) {
        fixed.push((
            highlight::STYLESHEET_PATH.into(),
            Content::Static(highlight::stylesheet().as_bytes()),
        ));
    }
    let mut search = own_collector
        .map(search::Collector::into_collected)
        .unwrap_or_default();
    if sink.keeps_files() && reuse.is_none() {
        search::files(config, site, &mut search, &mut |path, content| {
            sink.put(&path, content)
        })?;
    }
    fixed
        .into_par_iter()
        .chain(assets)
        .try_for_each(|(path, content)| sink.put(&path, content))?;
    Ok(Rendering { problems, search })
}

/// What rendering a site reports.
pub struct Rendering {
    /// Problems met: template errors, each once (what pages' markdown has
    /// wrong, the check stage reports from the model).
    pub problems: Vec<Diagnostic>,
    /// Each rendered page's text, for the search index (empty with the
    /// preview's cache, which keeps every page's text itself).
    pub search: search::Collected,
}

/// One rendered page: its HTML (or why the template failed) and its text.
struct RenderedPage {
    html: Result<Html, Diagnostic>,
    /// Its text, for the search index.
    sections: Vec<search::Section>,
    /// Its part of its module's printout, when it has one (shared with the
    /// preview's cache).
    part: Option<Arc<print::Part>>,
    /// Taken from the cache (its text is in the index already).
    cached: bool,
}

impl RenderedPage {
    /// What the cache keeps of it.
    fn made(&self) -> cache::Made {
        cache::Made {
            html: self.html.as_ref().map(Html::shared).map_err(Clone::clone),
            part: self.part.clone(),
        }
    }
}

/// Pages as [`render_page`] made them, their HTML made shareable with the
/// cache.
fn cached(made: Vec<(usize, RenderedPage)>) -> Vec<(usize, RenderedPage)> {
    made.into_iter()
        .map(|(p, mut r)| {
            r.html = r.html.map(|h| Html::Shared(h.shared()));
            (p, r)
        })
        .collect()
}

/// A page's HTML: made now, or shared with the preview's cache.
enum Html {
    Owned(String),
    Shared(Arc<str>),
}

impl Html {
    fn shared(&self) -> Arc<str> {
        match self {
            Html::Owned(s) => Arc::from(s.as_str()),
            Html::Shared(s) => Arc::clone(s),
        }
    }

    fn into_content(self) -> Content {
        match self {
            Html::Owned(s) => Content::Bytes(s.into_bytes()),
            Html::Shared(s) => Content::Shared(Arc::from(s)),
        }
    }
}

/// Renders one page of the navigation: its markdown (scanned in the same
/// parse), then the template around it, and (with a `plan`) its part of
/// its module's printout from the same pass. A scenario's page renders
/// every page of the scenario, from one parse of its file.
fn render_page(
    config: &Config,
    site: &Site,
    texts: &Texts<'_>,
    theme: &Theme,
    plan: Option<&print::Plan>,
    index: usize,
) -> Vec<(usize, RenderedPage)> {
    let sources = texts.sources();
    let page = &site.pages[index];
    let printout = |p: usize| plan.and_then(|plan| plan.printout(p));
    // The page's file is read once (by the scenario's pass or by the
    // markdown's): handed over by `build`, its text is freed after that.
    let scenario_pages = match (page.kind, page.source) {
        (PageKind::Scenario { .. }, Some(s)) => texts.read(s, |file, text| {
            scenario::render(site, index, text, file.body_start, printout)
        }),
        _ => None,
    };
    if let Some(pages) = scenario_pages {
        return pages
            .into_iter()
            .map(|p| {
                let part = p.printout.map(|printed| print::Part {
                    body: "".into(),
                    scenario: Some(printed),
                    has_code: p.scan.has_code,
                });
                let html = render_with_template(
                    config,
                    site,
                    theme,
                    p.page,
                    p.content,
                    &p.scan,
                    Special::Scenario(Box::new(p.info)),
                );
                let rendered = RenderedPage {
                    html: html.map(Html::Owned),
                    sections: p.sections,
                    part: part.map(Arc::new),
                    cached: false,
                };
                (p.page, rendered)
            })
            .collect();
    }
    let services = sources
        .support
        .as_ref()
        .map(|d| d.services.as_slice())
        .filter(|_| site.support == Some(index));
    let markdown = page.source.and_then(|s| {
        texts.read(s, |file, text| {
            markdown::render(site, index, text, file.body_start, printout(index))
        })
    });
    let body = match (markdown, services) {
        (Some(body), _) => body,
        (None, Some(services)) => markdown::Rendered {
            html: String::new(),
            sections: search::support_sections(
                sources.support.as_ref().and_then(|d| d.summary.as_deref()),
                services,
            ),
            printout: printout(index).map(|_| String::new()),
        },
        (None, None) => markdown::Rendered {
            html: String::new(),
            sections: vec![search::Section::new(
                None,
                page.summary.clone().unwrap_or_default(),
            )],
            printout: printout(index).map(|_| String::new()),
        },
    };
    // The model's scan of the page (the support directory's, of its
    // services; none for a page without markdown).
    let scan = &page.scan;
    let part = body.printout.map(|body_html| print::Part {
        body: body_html.into(),
        scenario: None,
        has_code: scan.has_code,
    });
    let html = render_with_template(
        config,
        site,
        theme,
        index,
        body.html,
        scan,
        services.map_or(Special::None, |s| {
            Special::Support(support::info(s, site.preview.then_some(site.today)))
        }),
    );
    vec![(
        index,
        RenderedPage {
            html: html.map(Html::Owned),
            sections: body.sections,
            part: part.map(Arc::new),
            cached: false,
        },
    )]
}

/// What a page shows beside its markdown, for its own template.
enum Special<'a> {
    None,
    /// A scenario's step or overview.
    Scenario(Box<ScenarioInfo<'a>>),
    /// The support directory.
    Support(support::SupportInfo<'a>),
}

fn render_with_template(
    config: &Config,
    site: &Site,
    theme: &Theme,
    index: usize,
    content: String,
    scan: &Scan,
    special: Special<'_>,
) -> Result<String, Diagnostic> {
    let (scenario, support) = match special {
        Special::Scenario(info) => (Some(*info), None),
        Special::Support(info) => (None, Some(info)),
        Special::None => (None, None),
    };
    let page = &site.pages[index];
    let root = relative(&page.url, "");
    let link = |p: usize| Link {
        title: &site.pages[p].title,
        href: relative(&page.url, &site.pages[p].url),
    };
    let (previous, next) = site.neighbours(index);
    let is_home = index == site.home;
    let template = match page.kind {
        _ if is_home => "index.html",
        _ if support.is_some() => "support.html",
        PageKind::Page if page.interruption => "interruption.html",
        PageKind::Page => "page.html",
        PageKind::Scenario { .. } | PageKind::Step { .. } if scenario.is_some() => "scenario.html",
        PageKind::Overview { .. } if scenario.is_some() => "overview.html",
        PageKind::Story { .. } => "story.html",
        _ => "page.html",
    };
    let scenario_template = matches!(template, "scenario.html" | "overview.html");
    let description = page
        .summary
        .as_deref()
        .or_else(|| match page.kind {
            PageKind::Step { .. } | PageKind::Overview { .. } => {
                page.parent.and_then(|p| site.pages[p].summary.as_deref())
            }
            _ => None,
        })
        .or((!config.description.is_empty()).then_some(config.description.as_str()))
        .unwrap_or(&page.title)
        .to_string();
    let toc: Vec<TocEntry> = scan
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| TocEntry {
            level: h.level,
            title: &h.text,
            id: &h.id,
        })
        .collect();
    let toc_html = context::toc_html(&toc);
    let footer = site.footer_pages().map(link).collect();
    let mut ctx = PageContext {
        course: CourseInfo::new(config, site),
        page: PageInfo {
            title: &page.title,
            summary: page.summary.as_deref(),
            description,
            canonical: format!("{}{}", config.base_url, page.url),
            content,
            toc,
            is_home,
            not_published: page.not_published.as_deref(),
            noindex: false,
        },
        home: root.clone(),
        root,
        nav: context::nav_html(&context::nav(site, index)),
        toc_html,
        breadcrumbs: site.ancestors(index).into_iter().map(link).collect(),
        previous: previous.map(link),
        next: next.map(link),
        children: context::children(site, index, index, if is_home { 2 } else { 1 }),
        has_code: scan.has_code,
        scenario,
        story: StoryInfo::of(site, index, link),
        links_html: None,
        support,
        help_now: help_now(site, &page.url),
        footer,
        print: print::link(site, index),
        printout: None,
        generator: GENERATOR,
        content_security_policy: CONTENT_SECURITY_POLICY,
    };
    if scenario_template {
        // The default theme's scenario pages show their parts, not `content`.
        return render_template(theme, template, &ctx, &page.path);
    }
    render_with_content(theme, template, &mut ctx, &page.path)
}

/// The relative link from the page at `url` to the urgent services on
/// `support/`, when the course has any.
fn help_now(site: &Site, url: &str) -> Option<String> {
    let page = site.support?;
    (site.pages[page].published && site.support_now)
        .then(|| format!("{}#{}", relative(url, &site.pages[page].url), support::NOW))
}

/// `404.html` is served for any missing path, at any depth, so its links
/// are absolute (from `base_url`) rather than relative. Its stylesheet and
/// script (`root`) are from the site's root path alone (`/induction/`),
/// so they load from whatever host serves the page: the policy allows only
/// that one, and a host other than `base_url`'s (`www.` or not, a copy, a
/// build without `base_url`) must not be asked for anything.
fn render_not_found(config: &Config, site: &Site, theme: &Theme) -> Result<String, Diagnostic> {
    let absolute = |p: usize| Link {
        title: &site.pages[p].title,
        href: format!("{}{}", config.base_url, site.pages[p].url),
    };
    let mut ctx = PageContext::standalone(
        config,
        site,
        PageInfo {
            title: "Page not found",
            summary: None,
            description: if config.description.is_empty() {
                config.title.clone()
            } else {
                config.description.clone()
            },
            canonical: String::new(),
            content: String::new(),
            toc: Vec::new(),
            is_home: false,
            not_published: None,
            noindex: false,
        },
        root_path(&config.base_url).to_string(),
        help_now(site, "").map(|h| format!("{}{h}", config.base_url)),
    );
    ctx.home = config.base_url.clone();
    ctx.children = site.pages[site.home]
        .children
        .iter()
        .filter(|&&c| site.pages[c].published)
        .map(|&c| {
            let l = absolute(c);
            context::Child {
                title: l.title,
                href: l.href,
                summary: site.pages[c].summary.as_deref(),
                content_notes: site.content_notes(c),
                children: Vec::new(),
            }
        })
        .collect();
    render_template(theme, "404.html", &ctx, "404.html")
}

/// `search/index.html`: the search form and results (made by the theme's
/// script from `search/index.js`), and every page of the course listed for
/// a reader without JavaScript.
fn render_search_page(config: &Config, site: &Site, theme: &Theme) -> Result<String, Diagnostic> {
    let root = relative(SEARCH_FOLDER, "");
    // No navigation: the page lists every page itself.
    let ctx = PageContext::standalone(
        config,
        site,
        PageInfo {
            title: "Search",
            summary: None,
            description: format!("Search {}", config.title),
            canonical: format!("{}{SEARCH_FOLDER}", config.base_url),
            content: all_pages_html(site),
            toc: Vec::new(),
            is_home: false,
            not_published: None,
            // Without a query it lists every page: a page worth finding.
            noindex: false,
        },
        root,
        help_now(site, SEARCH_FOLDER),
    );
    render_template(theme, "search.html", &ctx, SEARCH_FOLDER)
}

/// Every published page, as nested lists from the home page down, with
/// links relative to `search/`: what the search page shows when it cannot
/// search (no JavaScript).
fn all_pages_html(site: &Site) -> String {
    let mut out = String::new();
    let home = &site.pages[site.home];
    out.push_str("<ul class=\"search-all-list\">\n<li><a href=\"../\">");
    out.push_str(&markdown::escape(&home.title));
    out.push_str("</a>");
    list_children(site, site.home, &mut out);
    out.push_str("</li>\n</ul>\n");
    out
}

fn list_children(site: &Site, page: usize, out: &mut String) {
    let children: Vec<usize> = site.pages[page]
        .children
        .iter()
        .copied()
        .filter(|&c| site.pages[c].published)
        .collect();
    if children.is_empty() {
        return;
    }
    out.push_str("\n<ul>\n");
    for c in children {
        out.push_str("<li><a href=\"");
        out.push_str(&markdown::escape(&crate::model::links::relative(
            SEARCH_FOLDER,
            &site.pages[c].url,
        )));
        out.push_str("\">");
        out.push_str(&markdown::escape(&site.pages[c].title));
        out.push_str("</a>");
        list_children(site, c, out);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// The path part of an absolute URL: `https://x.org/induction/` →
/// `/induction/`.
fn root_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// Stands for a page's content while its template renders.
const CONTENT_SLOT: &str = "<induct-content-slot/>";

/// Renders `ctx` with `template` as [`render_template`] does, but without
/// handing the page's content (a whole module's, for a printout) through
/// the template engine: the template renders with [`CONTENT_SLOT`] in its
/// place, and the content is put where the slot is. Only with the built-in
/// templates, which write `page.content` once and as it is; a course's own
/// template may escape, filter or repeat it, and is given the content.
fn render_with_content(
    theme: &Theme,
    template: &str,
    ctx: &mut PageContext<'_>,
    page_path: &str,
) -> Result<String, Diagnostic> {
    if !theme.built_in_templates {
        return render_template(theme, template, ctx, page_path);
    }
    let content = std::mem::replace(&mut ctx.page.content, CONTENT_SLOT.to_string());
    let html = render_template(theme, template, ctx, page_path)?;
    let mut found = html.match_indices(CONTENT_SLOT);
    if let (Some((at, _)), None) = (found.next(), found.next()) {
        let mut out = String::with_capacity(html.len() - CONTENT_SLOT.len() + content.len());
        out.push_str(&html[..at]);
        out.push_str(&content);
        out.push_str(&html[at + CONTENT_SLOT.len()..]);
        return Ok(out);
    }
    ctx.page.content = content;
    render_template(theme, template, ctx, page_path)
}

fn render_template(
    theme: &Theme,
    template: &str,
    ctx: &PageContext<'_>,
    page_path: &str,
) -> Result<String, Diagnostic> {
    let fail = |message: String| {
        Diagnostic::error(
            Code::Template,
            Some(Location::file(theme.template_path(template))),
            message,
        )
        .with_help("check the variable names against the template reference in the guide, `guide/content/13-themes-and-templates.md`")
    };
    let context = Context::from_serialize(ctx).map_err(|e| fail(theme::error_chain(&e)))?;
    theme.tera.render(template, &context).map_err(|e| {
        fail(format!(
            "cannot render `{page_path}` with `{template}`: {}",
            theme::error_chain(&e)
        ))
    })
}

/// `sitemap.xml`: the canonical URL of every published page.
fn sitemap(config: &Config, site: &Site) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in site.published() {
        out.push_str("  <url><loc>");
        out.push_str(&markdown::escape(&format!(
            "{}{}",
            config.base_url, site.pages[p].url
        )));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_path_is_the_path_of_base_url() {
        assert_eq!(root_path("https://x.org/induction/"), "/induction/");
        assert_eq!(root_path("http://localhost:3000/"), "/");
        assert_eq!(root_path("https://x.org"), "/");
    }

    #[test]
    fn the_policy_allows_only_the_site_itself() {
        let policy = CONTENT_SECURITY_POLICY;
        for directive in policy.split(';') {
            let mut words = directive.split_whitespace();
            let name = words.next().unwrap_or_default();
            for source in words {
                assert!(
                    ["'self'", "'none'", "data:"].contains(&source),
                    "{name} allows {source}"
                );
            }
        }
        assert!(policy.contains("default-src 'self'"));
        assert!(policy.contains("object-src 'none'"));
        assert!(!policy.contains("unsafe"));
        assert!(!policy.contains("  "), "{policy}");
    }
}
