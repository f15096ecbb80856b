//! The preview's cache of rendered output, so that a save re-renders only
//! what it touches.
//!
//! Input: the model of each build ([`Site`], [`Sources`], [`Config`]).
//! Output: for each page, its HTML and printout part as the last render made
//! them, reused when nothing it is made from has changed; each module's
//! printout; `links/` and the redirect pages; the search index's
//! collected text. [`super::render_site`] and [`crate::render()`] consult it
//! and fill it: the same functions render with and without it, and an
//! empty cache renders everything.
//!
//! What a page is made from: its own markdown (compared as text), and the
//! rest of the site as the page sees it — every page's title, address,
//! place in the navigation, anchors and publication, scenarios, stories,
//! services, redirects and the configuration. That is summed up in two
//! parts: the [`shape`] of the site (everything but titles, summaries and
//! the order of pages) and each page's [`views`] (the titles, summaries
//! and order it shows: its navigation, breadcrumbs, children and
//! neighbours). When the shape changes (a heading id, a page added,
//! removed or moved to another module), every page is rendered again;
//! when a title or an `order` changes, the pages that show it (a page's
//! module and its neighbours; every module's pages for a module's
//! title); when only a page's text changes, that page alone. Each with
//! its module's printout and its text in the search index. Theme templates are not in
//! the fingerprint: the preview starts with an empty cache when anything
//! outside `content/` changes.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHasher;

use super::search::Collector;
use super::{Content, Sink};
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::load::Sources;
use crate::model::Site;

/// What the preview keeps between renders (see the module's doc).
#[derive(Default)]
pub struct Cache {
    state: Mutex<State>,
    /// How many renders have used it.
    plans: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
struct State {
    /// The [`shape`] everything below was rendered under.
    fingerprint: Option<u64>,
    /// Each page's [`views`], as the last plan worked them out.
    views: Vec<u64>,
    /// By the page whose rendering made them (a scenario's page makes
    /// each of its steps and its overview): its markdown, and each page made.
    pages: HashMap<usize, Entry>,
    /// Each module's printout, by module page.
    printouts: HashMap<usize, KeptPrintout>,
    /// Each module's printout plan (its parts and their names), which
    /// holds while the shape does and the module has the same parts.
    module_plans: HashMap<usize, Arc<super::print::ModulePlan>>,
    /// Each module's printout as its template made it, without the
    /// bodies of its parts, with a sum of what the template was given.
    skeletons: HashMap<usize, (u64, Pieces)>,
    /// `links/` and the redirect pages: what they were made from, the
    /// files and the problems.
    links: Option<(u64, Files, Vec<Diagnostic>)>,
    /// Each page of `links/` that lists links alone, by folder, with a
    /// sum of what it was made from: a title changed makes again only
    /// the page that lists its links.
    links_pages: HashMap<String, (u64, Arc<[u8]>)>,
    /// Each indexed page's text, for the search index.
    search: Arc<Collector>,
    /// Pages rendered by the last render (not taken from the cache).
    rendered: usize,
    /// What the model stage says changed since the render above.
    since: Option<Since>,
    /// The last plan kept the pages of the render before it (the site
    /// has the same pages at the same addresses): a page not rendered
    /// again is not handed to the sink again either.
    partial: bool,
    /// `sitemap.xml`, `404.html` and the search page, as the last render
    /// made them: they read every page's title and address, which a save
    /// of a page's body alone leaves as they were.
    listings: Option<Files>,
}

/// What changed since the render a cache holds, when the model stage
/// updated that render's model rather than made it again
/// ([`Site::update_pages`]): the pages whose markdown changed, and
/// whether what [`fingerprint`] and [`links_key`] sum up is as it was.
/// With it, a render compares only those pages' markdown and sums up
/// nothing: the cost of a save no longer grows with the site.
#[derive(Debug, Clone)]
pub struct Since {
    pub pages: Vec<usize>,
    /// No anchor of those pages changed (nothing else the fingerprint
    /// sums up can change with a page's body).
    pub same_fingerprint: bool,
    /// Nor the links they publish.
    pub same_links: bool,
    /// Nor any page's title, summary or place among its siblings, which
    /// [`views`] sums up.
    pub same_views: bool,
}

/// Text in pieces, shared.
type Pieces = Arc<[Arc<str>]>;

/// Files made, by path.
pub(super) type Files = Vec<(String, Arc<[u8]>)>;

struct Entry {
    text: String,
    /// Its [`views`] when it was rendered.
    view: u64,
    made: Vec<(usize, Made)>,
}

/// One page as the cache keeps it.
#[derive(Clone)]
pub(super) struct Made {
    pub html: Result<Arc<str>, Diagnostic>,
    /// Its part of its module's printout, when it has one.
    pub part: Option<Arc<super::print::Part>>,
}

/// What one render takes from the cache: which pages must be rendered
/// again, and the printouts that stay as they were.
pub(super) struct Plan {
    /// Pages (as in `site.order`) whose rendering is not cached.
    pub fresh: std::collections::HashSet<usize>,
    /// The sink holds every page of the render before, and the pages not
    /// in `fresh` are as it made them: they need not be handed over again
    /// ([`super::Sink::put_page`]).
    pub partial: bool,
    /// `sitemap.xml`, `404.html` and the search page, when only pages'
    /// bodies changed since the render that made them.
    pub listings: Option<Files>,
    /// Modules whose printout is cached and none of whose pages changed.
    pub printouts: HashMap<usize, KeptPrintout>,
    pub search: Arc<Collector>,
}

impl Cache {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many renders have used the cache: a caller can tell whether a
    /// build got as far as rendering with it.
    pub fn plans(&self) -> u64 {
        self.plans.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many pages the last render made (the rest came from the cache).
    pub fn rendered(&self) -> usize {
        self.lock().rendered
    }

    /// The search index's text of every page, as the last render left it.
    pub fn search(&self) -> Arc<Collector> {
        Arc::clone(&self.lock().search)
    }

    /// Starts a render of `site`: forgets everything made under another
    /// fingerprint, and works out which pages and printouts must be made.
    pub(super) fn plan(&self, config: &Config, site: &Site, sources: &Sources) -> Plan {
        self.plans
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut state = self.lock();
        let since = state
            .since
            .clone()
            .filter(|s| s.same_fingerprint && state.fingerprint.is_some());
        // A body-only save changes no title, order or shape: the views
        // stay as they were.
        let fingerprint = match (&since, state.fingerprint) {
            (Some(_), Some(kept)) => kept,
            _ => shape(config, site, sources),
        };
        let partial = state.fingerprint == Some(fingerprint);
        if !partial {
            *state = State {
                fingerprint: Some(fingerprint),
                ..State::default()
            };
        }
        state.partial = partial;
        // A title, summary or order changed: every page's view is worked
        // out again and compared, and the listings made again.
        let recount = since.as_ref().is_none_or(|s| !s.same_views);
        if recount {
            state.listings = None;
        }
        if recount {
            state.views = views(site);
        }
        let text = |p: usize| {
            site.pages[p]
                .source
                .and_then(|s| sources.files.get(s))
                .map_or("", |f| f.text.as_str())
        };
        let changed = |p: usize| {
            state.pages.get(&p).is_none_or(|e| {
                e.text != text(p) || (recount && state.views.get(p) != Some(&e.view))
            })
        };
        let fresh: std::collections::HashSet<usize> = match &since {
            // Only the saved pages' markdown changed (and, when `recount`,
            // the views of some pages): any other page missing from the
            // cache, or whose view differs, is the only other one to make.
            Some(since) => site
                .order
                .iter()
                .copied()
                .filter(|p| {
                    state
                        .pages
                        .get(p)
                        .is_none_or(|e| recount && state.views.get(*p) != Some(&e.view))
                })
                .chain(since.pages.iter().copied().filter(|&p| changed(p)))
                .collect(),
            None => site.order.iter().copied().filter(|&p| changed(p)).collect(),
        };
        state.pages.retain(|p, _| !fresh.contains(p));
        state.rendered = 0;
        let mut dirty = std::collections::HashSet::new();
        for &p in &fresh {
            dirty.extend(site.module_of(p));
            if let Some(scenario) = site.scenario_of(p) {
                let made = scenario.steps.iter().filter_map(|s| s.page);
                dirty.extend(
                    made.chain(scenario.overview)
                        .filter_map(|s| site.module_of(s)),
                );
            }
        }
        state.printouts.retain(|m, _| !dirty.contains(m));
        Plan {
            fresh,
            partial,
            listings: state.listings.clone(),
            printouts: state.printouts.clone(),
            search: Arc::clone(&state.search),
        }
    }

    /// Whether the last render handed the sink only what changed
    /// (the plan's `partial`): the pages it did not hand over are those the
    /// sink had from the render before.
    pub fn partial(&self) -> bool {
        self.lock().partial
    }

    /// Keeps `sitemap.xml`, `404.html` and the search page as made.
    pub(super) fn put_listings(&self, files: Files) {
        self.lock().listings = Some(files);
    }

    /// The pages made by rendering `page`, as cached.
    pub(super) fn get(&self, page: usize) -> Vec<(usize, Made)> {
        self.lock()
            .pages
            .get(&page)
            .map(|e| e.made.clone())
            .unwrap_or_default()
    }

    /// Keeps what rendering `page` (whose markdown is `text`) made.
    pub(super) fn put(&self, page: usize, text: &str, made: Vec<(usize, Made)>) {
        let mut state = self.lock();
        state.rendered += made.len();
        let view = state.views.get(page).copied().unwrap_or_default();
        state.pages.insert(
            page,
            Entry {
                text: text.to_string(),
                view,
                made,
            },
        );
    }

    /// Keeps a module's printout.
    pub(super) fn put_printout(&self, module: usize, html: KeptPrintout) {
        self.lock().printouts.insert(module, html);
    }

    /// The plan of `module`'s printout kept under this shape, when its
    /// printout still holds `parts`.
    pub(super) fn module_plan(
        &self,
        module: usize,
        parts: &[usize],
    ) -> Option<Arc<super::print::ModulePlan>> {
        self.lock()
            .module_plans
            .get(&module)
            .filter(|plan| plan.parts() == parts)
            .cloned()
    }

    /// Keeps the plans of the printouts a render makes.
    pub(super) fn keep_module_plans<'a>(
        &self,
        plans: impl Iterator<Item = &'a Arc<super::print::ModulePlan>>,
    ) {
        let mut state = self.lock();
        for plan in plans {
            state.module_plans.insert(plan.module(), Arc::clone(plan));
        }
    }

    /// Tells the next render what changed since the one the cache holds
    /// (`None`: not known, everything is compared). Every build says so
    /// before it renders.
    pub fn since(&self, since: Option<Since>) {
        self.lock().since = since;
    }

    /// [`links_key`], or the key of the link pages kept when nothing
    /// it sums up changed since ([`Cache::since`]).
    pub fn links_key(&self, config: &Config, site: &Site, sources: &Sources) -> u64 {
        let kept = {
            let state = self.lock();
            let same = state
                .since
                .as_ref()
                .is_some_and(|s| s.same_fingerprint && s.same_links && s.same_views);
            state
                .links
                .as_ref()
                .map(|(key, _, _)| *key)
                .filter(|_| same && state.fingerprint.is_some())
        };
        kept.unwrap_or_else(|| links_key(config, site, sources))
    }

    /// `links/` and the redirect pages: the files made by `make` the last
    /// time it ran for the same links (`key`), handed to `sink` again, or
    /// made now and kept.
    pub fn link_pages(
        &self,
        key: u64,
        sink: &dyn Sink,
        make: impl FnOnce(&dyn Sink) -> Result<Vec<Diagnostic>, Error>,
    ) -> Result<Vec<Diagnostic>, Error> {
        let cached = self
            .lock()
            .links
            .as_ref()
            .filter(|(k, _, _)| *k == key)
            .map(|(_, files, problems)| (files.clone(), problems.clone()));
        if let Some((files, problems)) = cached {
            for (path, bytes) in files {
                sink.put(&path, Content::Shared(bytes))?;
            }
            return Ok(problems);
        }
        let keeping = Keeping {
            inner: sink,
            kept: Mutex::new(Vec::new()),
        };
        let problems = make(&keeping)?;
        let files = keeping.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        self.lock().links = Some((key, files, problems.clone()));
        Ok(problems)
    }
}

impl super::links::KeptPages for Cache {
    fn links_page(&self, folder: &str, key: u64) -> Option<Arc<[u8]>> {
        self.lock()
            .links_pages
            .get(folder)
            .filter(|(kept, _)| *kept == key)
            .map(|(_, page)| Arc::clone(page))
    }

    fn keep_links_page(&self, folder: &str, key: u64, page: Arc<[u8]>) {
        self.lock()
            .links_pages
            .insert(folder.to_string(), (key, page));
    }
}

impl super::print::Skeletons for Cache {
    fn skeleton(&self, module: usize, key: u64) -> Option<Arc<[Arc<str>]>> {
        self.lock()
            .skeletons
            .get(&module)
            .filter(|(kept, _)| *kept == key)
            .map(|(_, pieces)| Arc::clone(pieces))
    }

    fn keep_skeleton(&self, module: usize, key: u64, pieces: Arc<[Arc<str>]>) {
        self.lock().skeletons.insert(module, (key, pieces));
    }
}

/// A sink that keeps a copy of what it hands on.
struct Keeping<'a> {
    inner: &'a dyn Sink,
    kept: Mutex<Files>,
}

impl Sink for Keeping<'_> {
    fn put(&self, path: &str, content: Content) -> Result<(), Error> {
        let shared: Arc<[u8]> = match content {
            Content::Bytes(b) => b.into(),
            Content::Shared(b) => b,
            other => return self.inner.put(path, other),
        };
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), Arc::clone(&shared)));
        let content = Content::Shared(shared);
        self.inner.put(path, content)
    }
}

/// A sum of what `links/` and the redirect pages are made from besides
/// the fingerprint: every link the site publishes and every redirect.
pub fn links_key(config: &Config, site: &Site, sources: &Sources) -> u64 {
    let mut h = FxHasher::default();
    fingerprint(config, site, sources).hash(&mut h);
    for p in &site.links {
        (&p.link, &p.title, p.page, std::mem::discriminant(&p.kind)).hash(&mut h);
    }
    debug_hash(&mut h, &site.redirects);
    h.finish()
}

/// A sum of everything in the model a page's rendering reads besides its
/// own markdown (see the module's doc). Sets are summed in sorted order,
/// so two models of the same files agree.
pub fn fingerprint(config: &Config, site: &Site, sources: &Sources) -> u64 {
    sum(config, site, sources, true)
}

/// [`fingerprint`] without what [`views`] sums up page by page: the
/// titles and summaries of pages, and the order of pages among their
/// siblings and in reading order (summed as sets).
pub fn shape(config: &Config, site: &Site, sources: &Sources) -> u64 {
    sum(config, site, sources, false)
}

fn sum(config: &Config, site: &Site, sources: &Sources, titles: bool) -> u64 {
    let mut h = FxHasher::default();
    debug_hash(&mut h, config);
    let in_order = |h: &mut FxHasher, list: &[usize]| {
        if titles {
            list.hash(h);
        } else {
            let mut set = list.to_vec();
            set.sort_unstable();
            set.hash(h);
        }
    };
    for page in &site.pages {
        (
            page.source,
            &page.path,
            &page.source_dir,
            &page.url,
            page.draft,
            &page.held,
            page.published,
            &page.not_published,
            page.parent,
        )
            .hash(&mut h);
        if titles {
            (&page.title, &page.summary).hash(&mut h);
        }
        in_order(&mut h, &page.children);
        sorted(&mut h, &page.anchors);
        page.anchor_aliases.hash(&mut h);
        debug_hash(&mut h, &page.kind);
    }
    site.home.hash(&mut h);
    in_order(&mut h, &site.order);
    site.extra.hash(&mut h);
    for s in &site.scenarios {
        (s.page, s.overview, s.start, s.body_line, &s.content_notes).hash(&mut h);
        debug_hash(&mut h, &s.steps);
    }
    debug_hash(&mut h, &site.stories);
    site.base_url.hash(&mut h);
    sorted(&mut h, &site.held_assets);
    sorted(&mut h, &site.assets);
    sorted(&mut h, &site.failed);
    site.support.hash(&mut h);
    site.support_now.hash(&mut h);
    debug_hash(&mut h, &site.redirects);
    debug_hash(&mut h, &site.refused);
    debug_hash(&mut h, &site.unplaced);
    debug_hash(&mut h, &sources.support);
    debug_hash(&mut h, &sources.failed);
    debug_hash(&mut h, &sources.assets);
    h.finish()
}

/// For each page, a sum of what its rendering reads of other pages'
/// titles, summaries and order, which [`shape`] leaves out: the entries
/// its navigation shows at each level down to it (windowed, see
/// [`super::context::nav`]), its breadcrumbs, its children (home's
/// grandchildren too), its neighbours in reading order, its parent's
/// summary, and home's title. A scenario's or story's pages, which show
/// the titles of the pages they lead to, and the support page read every
/// title. So a title or `order` changed renders again only the pages
/// whose navigation window, breadcrumbs, children or neighbours show it
/// (and its module's printout), not the whole module.
pub fn views(site: &Site) -> Vec<u64> {
    let titled = |h: &mut FxHasher, p: usize| {
        let page = &site.pages[p];
        (p, &page.title, &page.summary).hash(h);
    };
    // Each page's published children, and each page's place among its
    // parent's: what a level of the navigation windows.
    let shown: Vec<Vec<usize>> = site
        .pages
        .iter()
        .map(|page| {
            page.children
                .iter()
                .copied()
                .filter(|&c| site.pages[c].published)
                .collect()
        })
        .collect();
    let mut place: Vec<Option<usize>> = vec![None; site.pages.len()];
    for children in &shown {
        for (i, &c) in children.iter().enumerate() {
            place[c] = Some(i);
        }
    }
    let kids = |h: &mut FxHasher, p: usize| {
        for &c in &shown[p] {
            titled(h, c);
        }
    };
    let mut every = FxHasher::default();
    for p in 0..site.pages.len() {
        titled(&mut every, p);
    }
    site.order.hash(&mut every);
    let every = every.finish();
    let home_title = &site.pages[site.home].title;
    (0..site.pages.len())
        .map(|p| {
            let page = &site.pages[p];
            let mut h = FxHasher::default();
            home_title.hash(&mut h);
            titled(&mut h, p);
            page.parent.map(|a| &site.pages[a].summary).hash(&mut h);
            // Breadcrumbs, and each level of the navigation down to the
            // page: the window of its entries around the way down.
            let mut path = site.ancestors(p);
            path.push(p);
            for (depth, &a) in path.iter().enumerate() {
                titled(&mut h, a);
                let children = &shown[a];
                let focus = path
                    .get(depth + 1)
                    .and_then(|&next| place[next].filter(|&i| children.get(i) == Some(&next)));
                let (start, end) =
                    super::context::window(children.len(), focus, super::context::NAV_WINDOW);
                for &c in &children[start..end] {
                    titled(&mut h, c);
                }
            }
            kids(&mut h, p);
            if p == site.home {
                for &c in &shown[p] {
                    kids(&mut h, c);
                }
            }
            let (previous, next) = site.neighbours(p);
            for n in [previous, next] {
                n.map(|n| (n, &site.pages[n].title)).hash(&mut h);
            }
            let wide = site.scenario_of(p).is_some()
                || matches!(page.kind, crate::model::PageKind::Story { .. })
                || site.support == Some(p);
            if wide {
                every.hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// A sum of everything a template is given (`ctx` as JSON, which is what
/// the template engine reads of it): two contexts with the same sum make
/// the same HTML with the same theme. `None` when `ctx` does not
/// serialize (the template's own rendering then says why).
pub(super) fn context_key(ctx: &impl serde::Serialize) -> Option<u64> {
    struct Writer(FxHasher);
    impl std::io::Write for Writer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = Writer(FxHasher::default());
    serde_json::to_writer(&mut writer, ctx).ok()?;
    Some(writer.0.finish())
}

fn sorted(h: &mut FxHasher, set: &std::collections::HashSet<String>) {
    let mut all: Vec<&String> = set.iter().collect();
    all.sort_unstable();
    all.hash(h);
}

/// Sums `value` as its `Debug` text shows it, without making the text.
fn debug_hash(h: &mut FxHasher, value: &impl std::fmt::Debug) {
    struct Writer<'a>(&'a mut FxHasher);
    impl std::fmt::Write for Writer<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let _ = std::fmt::write(&mut Writer(h), format_args!("{value:?}"));
}

/// A module's printout as the cache keeps it.
#[derive(Clone)]
pub(super) enum KeptPrintout {
    Bytes(Arc<[u8]>),
    Pieces(Arc<[Arc<str>]>),
}

impl KeptPrintout {
    /// The printout, shared, to hand to a sink again.
    pub(super) fn content(&self) -> Content {
        match self {
            KeptPrintout::Bytes(b) => Content::Shared(Arc::clone(b)),
            KeptPrintout::Pieces(p) => Content::Pieces(Arc::clone(p)),
        }
    }
}

/// The sink a render hands printouts through: keeps each module's
/// printout in the cache on its way.
pub(super) struct Printed<'a> {
    pub inner: &'a dyn Sink,
    pub cache: &'a Cache,
    /// The path of each printout to keep, with its module.
    pub paths: HashMap<String, usize>,
}

impl Sink for Printed<'_> {
    fn put(&self, path: &str, content: Content) -> Result<(), Error> {
        let content = match (self.paths.get(path), content) {
            (Some(&module), Content::Bytes(b)) => {
                let shared: Arc<[u8]> = b.into();
                let kept = KeptPrintout::Bytes(Arc::clone(&shared));
                self.cache.put_printout(module, kept);
                Content::Shared(shared)
            }
            (Some(&module), Content::Pieces(pieces)) => {
                let kept = KeptPrintout::Pieces(Arc::clone(&pieces));
                self.cache.put_printout(module, kept);
                Content::Pieces(pieces)
            }
            (_, other) => other,
        };
        self.inner.put(path, content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::file;

    /// A module of 40 pages, the third titled `third`.
    fn module(third: &str) -> Site {
        let mut files = vec![
            file("index.md", "Home", ""),
            file("modules/m/index.md", "M", ""),
        ];
        for i in 1..=40 {
            let title = if i == 3 {
                third.to_string()
            } else {
                format!("Page {i}")
            };
            files.push(file(&format!("modules/m/{i:02}-p{i}.md"), &title, ""));
        }
        let sources = Sources {
            files,
            ..Sources::default()
        };
        Site::new(&sources, "C", time::macros::date!(2026 - 11 - 23), false)
    }

    #[test]
    fn a_title_changes_the_views_of_the_pages_that_show_it_alone() {
        let (before, after) = (module("Third"), module("Renamed"));
        let (old, new) = (views(&before), views(&after));
        let changed: Vec<&str> = (0..old.len())
            .filter(|&p| old[p] != new[p])
            .map(|p| after.pages[p].url.as_str())
            .collect();
        // The page, its module's page (which lists it), its neighbours,
        // and the pages whose navigation window holds it (the first 15,
        // and up to the 10th, whose window starts at the 3rd).
        let mut expected = vec!["modules/m/".to_string()];
        expected.extend((1..=10).map(|i| format!("modules/m/p{i}/")));
        let mut changed: Vec<String> = changed.into_iter().map(String::from).collect();
        changed.sort();
        expected.sort();
        assert_eq!(changed, expected);
    }
}
