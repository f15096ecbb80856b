//! Model: the course as a site — pages in a tree, each with its URL and,
//! once scanned, its headings and links — built from the loaded [`Sources`].
//!
//! Input: `Sources` from `load`. Output: a complete [`Site`] — every
//! page with its [`Scan`] (headings, anchors, links, from a parse of its
//! markdown that renders nothing), scenarios, stories, services, and what
//! it could not place (two files wanting one URL, names with no letters:
//! [`Unplaced`], reported by `check::pages`) — and the problems met while
//! reading markdown and scenarios as written.
//! The permalink plan ([`permalinks::plan`]) is added to it by the model
//! stage in `lib.rs`. Nothing after the model stage changes the `Site`.
//! No I/O and no HTML here. Invariants: every folder under `content/` that
//! holds pages has a page (its `index.md`, or a generated listing); URLs are
//! unique; `order` lists every published page once, depth first, in
//! navigation order.

pub mod anchors;
pub mod links;
pub mod permalinks;
pub mod scenario;
pub mod story;
pub mod support;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::load::{Kind, Sources};
pub use anchors::{Heading, LinkRef, Scan};
pub use scenario::Scenario;
pub use story::Story;

/// What a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A markdown page, or a listing generated for a folder.
    Page,
    /// A scenario's own page, which shows its start step.
    Scenario { scenario: usize },
    /// A step of a scenario other than the start.
    Step { scenario: usize, step: usize },
    /// A scenario's facilitator overview.
    Overview { scenario: usize },
    /// A recovery story.
    Story { story: usize },
}

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index of its markdown file in `Sources::files`; `None` for a listing
    /// generated for a folder without `index.md`.
    pub source: Option<usize>,
    /// How diagnostics name it: `content/modules/01-stigma.md`, or the
    /// folder (`content/modules/`) for a generated listing.
    pub path: String,
    /// The folder, relative to `content/`, that relative links in its
    /// markdown start from (`modules` for `content/modules/01-stigma.md`).
    pub source_dir: String,
    /// Its URL relative to the site root: `modules/stigma/`; `""` for home.
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    /// Set in the page's own front matter.
    pub draft: bool,
    /// Why a story may not be published (no consent, …); `None` for
    /// every other page.
    pub held: Option<String>,
    /// Neither the page nor any page above it is a draft (or, in preview,
    /// always).
    pub published: bool,
    /// In preview, why `build` would leave the page out.
    pub not_published: Option<String>,
    pub parent: Option<usize>,
    /// Child pages in navigation order.
    pub children: Vec<usize>,
    pub scan: Scan,
    /// Every id the page's HTML carries.
    pub anchors: HashSet<String>,
    /// Ids the page published before they were renamed, each with the id
    /// it goes to now (`anchor_aliases` in its front matter): each old id
    /// stays on the page, just before the heading it now names.
    pub anchor_aliases: Vec<(String, String)>,
    pub kind: PageKind,
    /// `interruption: true`: rendered with `interruption.html`, its
    /// "Continue" link leading to the next page in reading order.
    pub interruption: bool,
    /// `footer: true`: linked from the footer of every page.
    pub footer: bool,
    sort_key: (i64, String),
}

impl Page {
    /// A page induct makes itself (a folder's listing, the support
    /// directory), published, with no markdown file.
    fn generated(
        path: String,
        source_dir: String,
        url: String,
        title: String,
        sort_key: (i64, String),
    ) -> Page {
        Page {
            source: None,
            path,
            source_dir,
            url,
            title,
            summary: None,
            draft: false,
            held: None,
            published: true,
            not_published: None,
            parent: None,
            children: Vec::new(),
            scan: Scan::default(),
            anchors: HashSet::new(),
            anchor_aliases: Vec::new(),
            kind: PageKind::Page,
            interruption: false,
            footer: false,
            sort_key,
        }
    }

    /// How many folders deep its URL is (`""` → 0, `a/b/` → 2).
    pub fn depth(&self) -> usize {
        self.url.matches('/').count()
    }
}

/// The whole course as a site.
#[derive(Debug)]
pub struct Site {
    pub pages: Vec<Page>,
    /// Index of the home page (URL `""`).
    pub home: usize,
    /// Published pages in navigation order, depth first from home.
    pub order: Vec<usize>,
    /// Published pages outside the navigation: the steps and overviews of
    /// published scenarios.
    pub extra: Vec<usize>,
    pub scenarios: Vec<Scenario>,
    pub stories: Vec<Story>,
    /// The site's own address (`base_url`): a link that starts with it is
    /// a link within the site. Empty when unknown.
    pub base_url: String,
    /// Files linked from held-back stories: copied only if a published
    /// page uses them too.
    pub held_assets: HashSet<String>,
    /// Position of each published page in `order`.
    pub position: HashMap<usize, usize>,
    /// The published pages every footer links to (`footer: true`), in
    /// reading order: made with `order`, so no page's render looks through
    /// every page for them.
    pub footer: Vec<usize>,
    pub by_url: HashMap<String, usize>,
    /// Pages with a markdown file, by path relative to `content/`.
    pub by_source: HashMap<String, usize>,
    /// The page of the support directory (`support/`), when the course has
    /// `content/support.yaml`.
    pub support: Option<usize>,
    /// Whether any service of the support directory is for now (so every
    /// page links to them).
    pub support_now: bool,
    /// Relative paths (from `content/`) of every asset.
    pub assets: HashSet<String>,
    /// Markdown files that failed to load (already reported).
    pub failed: HashSet<String>,
    /// The page of each folder under `content/` (`""` for the root).
    folders: HashMap<String, usize>,
    /// The pages written at old and short addresses (the permalink plan,
    /// [`permalinks::plan`]).
    pub redirects: Vec<permalinks::Redirect>,
    /// Every address the site publishes ([`permalinks::collect`]): what
    /// `links/`, `induct link` and the check of `links.lock` read.
    pub links: Vec<permalinks::Permalink>,
    /// The aliases, short links and renamed ids the course declares that
    /// the plan leaves out, each with why (reported by the check stage).
    pub refused: Vec<permalinks::Refused>,
    /// The files and folders that have no page, and why (reported by the
    /// check stage).
    pub unplaced: Vec<Unplaced>,
    /// The site is modelled for a preview (`serve`): drafts and held-back
    /// stories are published with a banner, and there is no service worker.
    pub preview: bool,
    /// The day the site is built for: it decides which stories' consent
    /// stands, and no review may be dated after it.
    pub today: time::Date,
}

/// A file or folder of `content/` that the site has no page for.
#[derive(Debug, Clone)]
pub enum Unplaced {
    /// The file at `path` has a name, `name`, with no letter or digit to
    /// make a URL from.
    BadName { path: String, name: String },
    /// The file or folder `second` would be published at `url`, which
    /// `first` has.
    UrlConflict {
        first: String,
        second: String,
        url: String,
    },
}

/// The address of the support directory's page.
pub const SUPPORT_URL: &str = "support/";

/// The folder, inside a module's address, of the module's printable
/// version (`modules/hidden-curriculum/print/`).
pub const PRINT_FOLDER: &str = "print/";

/// A numeric file-name prefix and the rest: `02-hidden-curriculum` → (2, `hidden-curriculum`).
pub fn split_prefix(name: &str) -> (Option<i64>, &str) {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < name.len() {
        let rest = &name[digits..];
        if let Some(stripped) = rest.strip_prefix(['-', '_']) {
            if !stripped.is_empty() {
                return (name[..digits].parse().ok(), stripped);
            }
        }
    }
    (None, name)
}

/// The URL segment of a file or folder name: prefix dropped, then slugged.
/// Empty when the name has no letter or digit to make a URL from.
pub fn url_segment(name: &str) -> String {
    let (_, rest) = split_prefix(name);
    let s = anchors::slug(rest);
    if s.is_empty() {
        anchors::slug(name)
    } else {
        s
    }
}

/// The name in `node` (a `/`-separated path) that makes no URL segment.
fn unusable_name(node: &str) -> Option<&str> {
    node.split('/')
        .find(|part| !node.is_empty() && url_segment(part).is_empty())
}

/// `hidden-curriculum` → `Hidden curriculum`: a title for a folder that has
/// no `index.md` to give one.
fn folder_title(name: &str) -> String {
    let (_, rest) = split_prefix(name);
    let words = rest.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// What [`Site::update_pages`] changed, for the check and render stages.
#[derive(Debug)]
pub struct Updated {
    /// The pages whose scans were made again.
    pub pages: Vec<usize>,
    /// The links the site publishes changed: their addresses, titles or
    /// order.
    pub links_changed: bool,
    /// The addresses of the links those pages publish changed.
    pub addresses_changed: bool,
    /// The anchors of those pages changed.
    pub anchors_changed: bool,
    /// A page's title, summary or place among its siblings changed.
    pub views_changed: bool,
}

/// A page's place among its siblings, from its file's `rel` path and its
/// front matter's `order`: the order, else the numeric prefix of its name
/// (its folder's, for an `index.md`), else after every numbered page.
/// The pages of `order` with `footer: true`, in that order.
fn footer_of(pages: &[Page], order: &[usize]) -> Vec<usize> {
    order.iter().copied().filter(|&p| pages[p].footer).collect()
}

fn file_order(rel: &str, order: Option<i64>) -> i64 {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    // Loading kept only names ending in `.md`, in any letter case.
    let stem = name.get(..name.len().saturating_sub(3)).unwrap_or(name);
    let last = if stem.eq_ignore_ascii_case("index") {
        dir.rsplit('/').next().unwrap_or("")
    } else {
        stem
    };
    order.or(split_prefix(last).0).unwrap_or(i64::MAX)
}

/// Each ordinary page's scan as the model stage made it, by file, with
/// the markdown it was made from: the preview keeps it between builds, so
/// a save scans only the files it changed.
#[derive(Default)]
pub struct Scans {
    by_file: std::sync::Mutex<HashMap<String, std::sync::Arc<KeptScan>>>,
}

/// A file's markdown, with its scan (which holds what it noticed).
type KeptScan = (String, Scan);

impl Scans {
    /// The scan of `file`: kept, when its text is as it was, or made now.
    fn scan(&self, file: &crate::load::SourceFile) -> Scan {
        let lock = || self.by_file.lock().unwrap_or_else(|e| e.into_inner());
        // Compared and copied outside the lock, which the model's threads share.
        let kept = lock().get(&file.path).cloned();
        if let Some((text, scan)) = kept.as_deref() {
            if *text == file.text {
                return scan.clone();
            }
        }
        let scan = anchors::scan(&file.text, file.body_start);
        let made = (file.text.clone(), scan.clone());
        lock().insert(file.path.clone(), std::sync::Arc::new(made));
        scan
    }
}

impl Site {
    /// Builds the site from loaded sources. `course_title` names the home
    /// page when `content/index.md` is missing; `today` decides which
    /// stories' consent is still current.
    pub fn new(sources: &Sources, course_title: &str, today: time::Date, preview: bool) -> Site {
        Site::new_with(sources, course_title, today, preview, None)
    }

    /// [`Site::new`], taking each ordinary page's scan from `scans` (the
    /// preview's, kept from the build before) when its markdown is as it
    /// was, and keeping there the scans it makes.
    pub fn new_with(
        sources: &Sources,
        course_title: &str,
        today: time::Date,
        preview: bool,
        scans: Option<&Scans>,
    ) -> Site {
        let mut unplaced = Vec::new();

        // Folder (relative to content/, "" for the root) -> page index.
        let mut folders: HashMap<String, usize> = HashMap::new();
        let mut pages: Vec<Page> = Vec::with_capacity(sources.files.len() + 8);
        let mut by_url: HashMap<String, usize> = HashMap::new();
        let mut by_source = HashMap::new();
        // Page index -> the folder its parent is.
        let mut parent_folder: Vec<Option<String>> = Vec::new();

        for (i, file) in sources.files.iter().enumerate() {
            let rel = file.rel.as_str();
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            // Loading kept only names ending in `.md`, in any letter case.
            let stem = name.get(..name.len().saturating_sub(3)).unwrap_or(name);
            let is_index = stem.eq_ignore_ascii_case("index");
            let folder = dir.to_string();
            let node = page_node(rel);
            if let Some(name) = unusable_name(&node) {
                unplaced.push(Unplaced::BadName {
                    path: file.path.clone(),
                    name: name.to_string(),
                });
                continue;
            }
            let url = folder_url(&node);
            let order = file_order(rel, file.front.order);
            let index = pages.len();
            if let Some(&other) = by_url.get(&url) {
                unplaced.push(url_conflict(&pages[other].path, &file.path, &url));
                continue;
            }
            by_url.insert(url.clone(), index);
            by_source.insert(rel.to_string(), index);
            if is_index {
                folders.insert(folder.clone(), index);
            }
            parent_folder.push(if node.is_empty() {
                None
            } else {
                Some(
                    node.rsplit_once('/')
                        .map_or(String::new(), |(p, _)| p.to_string()),
                )
            });
            pages.push(Page {
                source: Some(i),
                path: file.path.clone(),
                source_dir: folder,
                url,
                title: file.front.title.trim().to_string(),
                summary: file.front.summary.as_ref().map(|s| s.trim().to_string()),
                draft: file.front.draft,
                held: match &file.kind {
                    Kind::Story(meta) => story::held_back(file, meta, today),
                    _ => None,
                },
                published: true,
                not_published: None,
                parent: None,
                children: Vec::new(),
                anchors: HashSet::new(),
                anchor_aliases: match file.kind {
                    Kind::Scenario { .. } => Vec::new(),
                    _ => file.front.anchor_aliases.clone().into_iter().collect(),
                },
                scan: Scan::default(),
                kind: PageKind::Page,
                interruption: matches!(file.kind, Kind::Page) && file.front.interruption,
                footer: file.front.footer,
                sort_key: (order, file.front.title.to_lowercase()),
            });
        }

        // Generate a listing page for every folder that holds pages but has
        // no index.md, up to the root.
        let mut needed: Vec<String> = parent_folder.iter().flatten().cloned().collect();
        while let Some(folder) = needed.pop() {
            if folders.contains_key(&folder) {
                continue;
            }
            let url = folder_url(&folder);
            let index = pages.len();
            let name = folder.rsplit('/').next().unwrap_or("").to_string();
            let title = if folder.is_empty() {
                course_title.to_string()
            } else {
                folder_title(&name)
            };
            if let Some(&other) = by_url.get(&url) {
                // A page file claims the folder's URL (`modules.md` beside `modules/`).
                unplaced.push(url_conflict(
                    &pages[other].path,
                    &format!("content/{folder}/"),
                    &url,
                ));
                folders.insert(folder, other);
                continue;
            }
            by_url.insert(url.clone(), index);
            folders.insert(folder.clone(), index);
            let parent = if folder.is_empty() {
                None
            } else {
                let p = folder
                    .rsplit_once('/')
                    .map_or(String::new(), |(p, _)| p.to_string());
                needed.push(p.clone());
                Some(p)
            };
            parent_folder.push(parent);
            let sort_key = (
                split_prefix(&name).0.unwrap_or(i64::MAX),
                title.to_lowercase(),
            );
            let path = format!(
                "content/{folder}{}",
                if folder.is_empty() { "" } else { "/" }
            );
            pages.push(Page::generated(path, folder, url, title, sort_key));
        }
        // The support directory's page, below home.
        let mut support = None;
        if sources.support.is_some() {
            let url = SUPPORT_URL.to_string();
            let path = format!("content/{}", crate::load::support::FILE);
            if let Some(&other) = by_url.get(&url) {
                unplaced.push(url_conflict(&pages[other].path, &path, &url));
            } else {
                let index = pages.len();
                by_url.insert(url.clone(), index);
                parent_folder.push(Some(String::new()));
                support = Some(index);
                let directory = sources.support.as_ref();
                let title = directory
                    .and_then(|d| d.title.clone())
                    .unwrap_or_else(|| "Where to get help".to_string());
                let sort_key = (
                    directory.and_then(|d| d.order).unwrap_or(i64::MAX),
                    title.to_lowercase(),
                );
                pages.push(Page {
                    summary: Some(directory.and_then(|d| d.summary.clone()).unwrap_or_else(|| {
                        "Services you can turn to: what each offers, how to reach it, who is told and what is recorded."
                            .to_string()
                    })),
                    ..Page::generated(path, String::new(), url, title, sort_key)
                });
            }
        }
        let home = folders.get("").copied().unwrap_or_else(|| {
            // No page at all: an empty home page keeps the site well formed.
            pages.push(Page::generated(
                "content/".to_string(),
                String::new(),
                String::new(),
                course_title.to_string(),
                (0, String::new()),
            ));
            parent_folder.push(None);
            by_url.insert(String::new(), pages.len() - 1);
            pages.len() - 1
        });

        for (index, folder) in parent_folder.iter().enumerate() {
            if let Some(parent) = folder.as_ref().and_then(|f| folders.get(f)) {
                if *parent != index {
                    pages[index].parent = Some(*parent);
                    pages[*parent].children.push(index);
                }
            }
        }
        for i in 0..pages.len() {
            let mut children = std::mem::take(&mut pages[i].children);
            children.sort_by(|a, b| pages[*a].sort_key.cmp(&pages[*b].sort_key));
            pages[i].children = children;
        }

        // Published: no draft on the way up, and (for a generated listing)
        // something published inside it — a folder of drafts must not show
        // even its name. Order: depth first from home.
        // In preview everything is shown, and what `build` would leave out
        // says why.
        let mut preorder = Vec::with_capacity(pages.len());
        let mut stack: Vec<(usize, Option<String>)> = vec![(home, None)];
        while let Some((index, above)) = stack.pop() {
            let page = &pages[index];
            let hidden = above.or_else(|| {
                if page.draft {
                    Some("this page is a draft".to_string())
                } else {
                    page.held
                        .as_ref()
                        .map(|reason| format!("this story is held back: {reason}"))
                }
            });
            pages[index].published = preview || hidden.is_none();
            pages[index].not_published = hidden.clone().filter(|_| preview);
            preorder.push(index);
            let inherited = hidden.map(|h| {
                if h.starts_with("this page is a draft") || h.starts_with("this story") {
                    format!("it is inside a page that is not published ({h})")
                } else {
                    h
                }
            });
            stack.extend(
                pages[index]
                    .children
                    .iter()
                    .rev()
                    .map(|&c| (c, inherited.clone())),
            );
        }
        for &index in preorder.iter().rev() {
            let page = &pages[index];
            if page.source.is_none()
                && index != home
                && Some(index) != support
                && !page.children.iter().any(|&c| pages[c].published)
            {
                pages[index].published = false;
            }
        }
        let order: Vec<usize> = preorder
            .into_iter()
            .filter(|&p| pages[p].published)
            .collect();
        let position = order.iter().enumerate().map(|(pos, &p)| (p, pos)).collect();
        let footer = footer_of(&pages, &order);

        let mut site = Site {
            pages,
            home,
            order,
            extra: Vec::new(),
            scenarios: Vec::new(),
            stories: Vec::new(),
            base_url: String::new(),
            held_assets: HashSet::new(),
            position,
            footer,
            by_url,
            by_source,
            assets: sources.assets.iter().map(|a| a.rel.clone()).collect(),
            failed: sources.failed.iter().cloned().collect(),
            folders,
            redirects: Vec::new(),
            links: Vec::new(),
            refused: Vec::new(),
            unplaced,
            preview,
            today,
            support,
            support_now: sources
                .support
                .iter()
                .flat_map(|d| &d.services)
                .any(|s| s.urgency == crate::load::support::Urgency::Now),
        };
        site.add_scenarios(sources);
        site.add_stories(sources);
        site.scan_all(sources, scans);
        site
    }

    /// The published pages in navigation order, depth first from home,
    /// as the children of each page are now ordered.
    fn reading_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.order.len());
        let mut stack = vec![self.home];
        while let Some(p) = stack.pop() {
            order.push(p);
            stack.extend(self.pages[p].children.iter().rev());
        }
        order.retain(|&p| self.pages[p].published);
        order
    }

    /// Reads every scenario file and gives each of its steps but the
    /// start, and its overview, a page of its own below the scenario's page.
    fn add_scenarios(&mut self, sources: &Sources) {
        let files: Vec<usize> = (0..self.pages.len())
            .filter(|&p| {
                self.pages[p]
                    .source
                    .and_then(|s| sources.files.get(s))
                    .is_some_and(|f| matches!(f.kind, Kind::Scenario { .. }))
            })
            .collect();
        let read: Vec<(usize, Scenario)> = files
            .par_iter()
            .filter_map(|&page| {
                let file = sources.files.get(self.pages[page].source?)?;
                let Kind::Scenario {
                    start,
                    content_notes,
                } = &file.kind
                else {
                    return None;
                };
                let events = anchors::parse(&file.text, file.body_start);
                let mut scenario =
                    scenario::read(&file.text, file.body_start, &events, start.as_ref(), page);
                scenario.content_notes.clone_from(content_notes);
                Some((page, scenario))
            })
            .collect();
        for (page, mut scenario) in read {
            let index = self.scenarios.len();
            self.pages[page].kind = PageKind::Scenario { scenario: index };
            let base = self.pages[page].clone();
            let new_page = |site: &mut Site, url: String, title: &str, kind| {
                if let Some(&other) = site.by_url.get(&url) {
                    site.unplaced
                        .push(url_conflict(&site.pages[other].path, &base.path, &url));
                    return None;
                }
                let p = site.pages.len();
                site.by_url.insert(url.clone(), p);
                site.pages.push(Page {
                    source: None,
                    url,
                    title: title.to_string(),
                    summary: None,
                    draft: false,
                    parent: Some(page),
                    children: Vec::new(),
                    scan: Scan::default(),
                    anchors: HashSet::new(),
                    kind,
                    footer: false,
                    sort_key: (0, String::new()),
                    ..base.clone()
                });
                if base.published {
                    site.extra.push(p);
                }
                Some(p)
            };
            let mut seen: HashSet<String> = HashSet::new();
            for i in 0..scenario.steps.len() {
                let id = scenario.steps[i].id.clone();
                if !seen.insert(id.clone())
                    || scenario::RESERVED_STEP_IDS.contains(&id.as_str())
                    || !scenario::usable_id(&id)
                {
                    // Reported by the check of the scenario.
                    continue;
                }
                scenario.steps[i].page = if Some(i) == scenario.start {
                    Some(page)
                } else {
                    let url = format!("{}{id}/", base.url);
                    let title = scenario.steps[i].title.clone();
                    new_page(
                        self,
                        url,
                        &title,
                        PageKind::Step {
                            scenario: index,
                            step: i,
                        },
                    )
                };
            }
            let url = format!("{}overview/", base.url);
            let title = format!("{}: overview", base.title);
            scenario.overview = new_page(self, url, &title, PageKind::Overview { scenario: index });
            self.scenarios.push(scenario);
        }
    }

    /// Records each story with the pages its themes name (and the names
    /// that name no published page, for the check of stories).
    fn add_stories(&mut self, sources: &Sources) {
        for page in 0..self.pages.len() {
            let Some(file) = self.pages[page].source.and_then(|s| sources.files.get(s)) else {
                continue;
            };
            let Kind::Story(meta) = &file.kind else {
                continue;
            };
            let mut themes = Vec::new();
            let mut missing_themes = Vec::new();
            for (name, at) in &meta.themes {
                match self.theme_page(name) {
                    Some(t) => themes.push(t),
                    None => missing_themes.push((name.clone(), at.clone())),
                }
            }
            if !self.pages[page].published {
                // What a held-back story links to must not reach the site
                // on its account.
                let scan = anchors::scan(&file.text, file.body_start);
                for link in &scan.links {
                    if let Ok(links::Target::Asset { rel, .. }) =
                        self.resolve_for_href(page, &link.dest)
                    {
                        self.held_assets.insert(rel);
                    }
                }
            }
            self.pages[page].kind = PageKind::Story {
                story: self.stories.len(),
            };
            self.stories.push(Story {
                page,
                themes,
                missing_themes,
                content_notes: meta
                    .content_notes
                    .iter()
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect(),
                composite: meta.composite,
            });
        }
    }

    /// The published page a story's theme names: the one whose URL ends in
    /// `name/` (or is `name/` itself), a module first.
    fn theme_page(&self, name: &str) -> Option<usize> {
        if name.is_empty() {
            return None;
        }
        if let Some(&p) = self.by_url.get(&format!("{name}/")) {
            return self.pages[p].published.then_some(p);
        }
        let suffix = format!("/{name}/");
        let mut found: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&p| self.pages[p].url.ends_with(&suffix))
            .collect();
        found.sort_by_key(|&p| !self.pages[p].url.starts_with("modules/"));
        found.first().copied()
    }

    /// Every published page: the navigation's, then the others.
    pub fn published(&self) -> impl Iterator<Item = usize> + '_ {
        self.order.iter().chain(&self.extra).copied()
    }

    /// A story's content notes; empty for any other page.
    pub fn content_notes(&self, page: usize) -> &[String] {
        match self.pages[page].kind {
            PageKind::Story { story } => self
                .stories
                .get(story)
                .map_or(&[], |s| s.content_notes.as_slice()),
            PageKind::Scenario { scenario }
            | PageKind::Step { scenario, .. }
            | PageKind::Overview { scenario } => self
                .scenarios
                .get(scenario)
                .map_or(&[], |s| s.content_notes.as_slice()),
            _ => &[],
        }
    }

    /// The scenario a page belongs to, if any.
    pub fn scenario_of(&self, page: usize) -> Option<&Scenario> {
        match self.pages[page].kind {
            PageKind::Page | PageKind::Story { .. } => None,
            PageKind::Scenario { scenario }
            | PageKind::Step { scenario, .. }
            | PageKind::Overview { scenario } => self.scenarios.get(scenario),
        }
    }

    /// Records what a scan of `page`'s markdown found: its headings,
    /// anchors, footnotes and links. Only the model stage records scans
    /// ([`Site::scan_all`], and the preview's update of one page's model).
    pub fn set_scan(&mut self, page: usize, scan: Scan) {
        let aliases = self.pages[page].anchor_aliases.iter().map(|(old, _)| old);
        self.pages[page].anchors = scan.anchors().chain(aliases.cloned()).collect();
        self.pages[page].scan = scan;
    }

    /// Scans every page with a markdown file that may be rendered, in
    /// parallel, without rendering: each published page, and each page of
    /// every scenario (as it would be rendered), so that links from other
    /// pages to an anchor inside any step find that step's page, taking
    /// each ordinary page's scan from `kept` when its markdown is as it
    /// was. What a scan notices is kept in it for the check stage to
    /// report ([`crate::check::markdown`]). [`Site::new`] calls it: the
    /// model is complete before anything renders.
    pub fn scan_all(&mut self, sources: &Sources, kept: Option<&Scans>) {
        let unpublished_scenarios = self
            .scenarios
            .iter()
            .map(|s| s.page)
            .filter(|&p| !self.pages[p].published);
        let pages: Vec<usize> = self
            .order
            .iter()
            .copied()
            .chain(unpublished_scenarios)
            .collect();
        let scans: Vec<(usize, Scan)> = pages
            .par_iter()
            .flat_map_iter(|&p| {
                let Some(file) = self.pages[p].source.and_then(|s| sources.files.get(s)) else {
                    return Vec::new();
                };
                match self.scenario_of(p) {
                    Some(scenario) => scenario_scans(Some(file), scenario),
                    None => {
                        let scan = match kept {
                            Some(kept) => kept.scan(file),
                            None => anchors::scan(&file.text, file.body_start),
                        };
                        vec![(p, scan)]
                    }
                }
            })
            .collect();
        if let (Some(page), Some(directory)) = (self.support, &sources.support) {
            self.set_scan(page, support::scan(&directory.services));
        }
        for (page, scan) in scans {
            self.set_scan(page, scan);
        }
    }

    /// The preview's update of the model after saves that changed only
    /// the markdown body, the title, the summary or the `order` of
    /// ordinary pages (`files`: indexes into `sources.files`, whose other
    /// front matter is what this model was made from): each page's scan
    /// made again (through `scans`), its anchors, title, summary and place
    /// among its siblings, the reading order, the themes of stories (the
    /// first page in reading order a theme names), and the page's entries
    /// in [`Site::links`] (reordered with the pages). Nothing else in the
    /// model is made from these: a page's address, redirects and short
    /// links come from other front matter. Returns what it changed, for
    /// the check and render stages; `None`, having changed nothing, when a
    /// file is not an ordinary page with a scan (a scenario, a story, a
    /// page left out), or a page moves among its siblings in a site with
    /// redirects (the permalink plan goes through pages in reading
    /// order): the model must then be made again.
    pub fn update_pages(
        &mut self,
        sources: &Sources,
        files: &[usize],
        scans: &Scans,
    ) -> Option<Updated> {
        let mut pages = Vec::with_capacity(files.len());
        for &s in files {
            let file = sources.files.get(s)?;
            let page = self.by_source.get(&file.rel).copied();
            let p = page.filter(|&p| {
                self.pages[p].source == Some(s)
                    && matches!(self.pages[p].kind, PageKind::Page)
                    && matches!(file.kind, Kind::Page)
                    && self.position.contains_key(&p)
                    && self.scenario_of(p).is_none()
            })?;
            let sort_key = (
                file_order(&file.rel, file.front.order),
                file.front.title.to_lowercase(),
            );
            pages.push((p, file, sort_key));
        }
        // Whether a page moves among its siblings: sorted by their new
        // keys (ties in the order the pages were made, as `new_with`
        // sorts), some parent's children are out of order.
        let new_keys: HashMap<usize, &(i64, String)> =
            pages.iter().map(|(p, _, key)| (*p, key)).collect();
        let key = |c: usize| {
            (
                new_keys.get(&c).copied().unwrap_or(&self.pages[c].sort_key),
                c,
            )
        };
        let moved = pages.iter().any(|(p, _, _)| {
            self.pages[*p].parent.is_some_and(|parent| {
                self.pages[parent]
                    .children
                    .windows(2)
                    .any(|w| key(w[0]) > key(w[1]))
            })
        });
        let planned = !self.redirects.is_empty() || !self.refused.is_empty();
        if moved && planned {
            return None;
        }
        let mut updated = Updated {
            pages: Vec::with_capacity(pages.len()),
            links_changed: false,
            addresses_changed: false,
            anchors_changed: false,
            views_changed: false,
        };
        let mut retitled = Vec::new();
        for (p, file, sort_key) in pages {
            let before = permalinks::page_links(self, p);
            let title = file.front.title.trim().to_string();
            let summary = file.front.summary.as_ref().map(|s| s.trim().to_string());
            let page = &mut self.pages[p];
            if page.title != title {
                retitled.push(p);
            }
            updated.views_changed |=
                page.title != title || page.summary != summary || page.sort_key != sort_key;
            (page.title, page.summary, page.sort_key) = (title, summary, sort_key);
            let anchors = std::mem::take(&mut self.pages[p].anchors);
            self.set_scan(p, scans.scan(file));
            updated.anchors_changed |= self.pages[p].anchors != anchors;
            let after = permalinks::page_links(self, p);
            updated.pages.push(p);
            let Some(start) = self.links.iter().position(|l| l.page == p) else {
                continue;
            };
            let same = |a: &permalinks::Permalink, b: &permalinks::Permalink| {
                (&a.link, &a.title, a.kind) == (&b.link, &b.title, b.kind)
            };
            let same_address = |a: &permalinks::Permalink, b: &permalinks::Permalink| {
                (&a.link, a.kind) == (&b.link, b.kind)
            };
            let all = |f: &dyn Fn(&permalinks::Permalink, &permalinks::Permalink) -> bool| {
                before.len() == after.len() && before.iter().zip(&after).all(|(a, b)| f(a, b))
            };
            updated.links_changed |= !all(&same);
            updated.addresses_changed |= !all(&same_address);
            self.links.splice(start..start + before.len(), after);
        }
        if !retitled.is_empty() {
            // The links of redirects to a page carry its title.
            let redirects = self.redirects.iter().filter(|r| r.held.is_none()).count();
            let from = self.links.len().saturating_sub(redirects);
            for l in &mut self.links[from..] {
                if retitled.contains(&l.page) {
                    l.title.clone_from(&self.pages[l.page].title);
                }
            }
        }
        if moved {
            self.reorder(sources);
            updated.links_changed = true;
        }
        Some(updated)
    }

    /// Puts each page's children, the reading order, the links of
    /// [`Site::links`] and the themes of stories in order again after
    /// pages moved among their siblings.
    fn reorder(&mut self, sources: &Sources) {
        for i in 0..self.pages.len() {
            let mut children = std::mem::take(&mut self.pages[i].children);
            children
                .sort_by(|a, b| (&self.pages[*a].sort_key, a).cmp(&(&self.pages[*b].sort_key, b)));
            self.pages[i].children = children;
        }
        self.order = self.reading_order();
        self.position = self
            .order
            .iter()
            .enumerate()
            .map(|(pos, &p)| (p, pos))
            .collect();
        self.footer = footer_of(&self.pages, &self.order);
        // Each published page's links are next to each other, before every
        // redirect's: taken in runs and put back in the new order.
        let redirects = self.redirects.iter().filter(|r| r.held.is_none()).count();
        let mut links = std::mem::take(&mut self.links);
        let tail = links.split_off(links.len().saturating_sub(redirects));
        let mut runs: HashMap<usize, Vec<permalinks::Permalink>> = HashMap::new();
        for l in links {
            runs.entry(l.page).or_default().push(l);
        }
        let order: Vec<usize> = self.published().collect();
        self.links = order
            .into_iter()
            .filter_map(|p| runs.remove(&p))
            .flatten()
            .chain(tail)
            .collect();
        for story in 0..self.stories.len() {
            let page = self.stories[story].page;
            let file = self.pages[page].source.and_then(|s| sources.files.get(s));
            let Some(Kind::Story(meta)) = file.map(|f| &f.kind) else {
                continue;
            };
            let themes = meta
                .themes
                .iter()
                .filter_map(|(name, _)| self.theme_page(name))
                .collect();
            self.stories[story].themes = themes;
        }
    }

    /// Whether an asset (path from `content/`) is published: not inside
    /// the folder of an unpublished page, such as a draft module.
    pub fn asset_published(&self, rel: &str) -> bool {
        let mut folder = rel;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if let Some(&page) = self.folders.get(parent) {
                if !self.pages[page].published {
                    return false;
                }
            }
            folder = parent;
        }
        true
    }

    /// The published pages linked from every page's footer (`footer:
    /// true`), in reading order.
    pub fn footer_pages(&self) -> impl Iterator<Item = usize> + '_ {
        self.footer.iter().copied()
    }

    /// The page before and after `page` in reading order.
    pub fn neighbours(&self, page: usize) -> (Option<usize>, Option<usize>) {
        match self.position.get(&page) {
            Some(&pos) => (
                pos.checked_sub(1).and_then(|p| self.order.get(p).copied()),
                self.order.get(pos + 1).copied(),
            ),
            None => (None, None),
        }
    }

    /// The module `page` belongs to: the page itself or its ancestor that
    /// is a child of a top-level section (a child of home with pages of
    /// its own, such as `modules/`, `scenarios/`, `stories/`). A module is
    /// a page, a folder with its pages, a scenario with its steps, or a
    /// story. `None` for home, the sections and other top-level pages.
    pub fn module_of(&self, page: usize) -> Option<usize> {
        let mut chain = self.ancestors(page);
        chain.push(page);
        match chain.as_slice() {
            [home, _section, module, ..] if *home == self.home => Some(*module),
            _ => None,
        }
    }

    /// Every published module, in navigation order.
    pub fn modules(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|&p| self.module_of(p) == Some(p))
            .collect()
    }

    /// The pages a module's printout holds, in navigation order: the
    /// module's page and every published page below it; a scenario as its
    /// overview, which holds every step in order.
    pub fn printout_parts(&self, module: usize) -> Vec<usize> {
        let mut parts = Vec::new();
        let mut stack = vec![module];
        while let Some(p) = stack.pop() {
            if !self.pages[p].published {
                continue;
            }
            let overview = match self.pages[p].kind {
                PageKind::Scenario { scenario } => self
                    .scenarios
                    .get(scenario)
                    .and_then(|s| s.overview)
                    .filter(|&o| self.pages[o].published),
                _ => None,
            };
            parts.push(overview.unwrap_or(p));
            stack.extend(self.pages[p].children.iter().rev());
        }
        parts
    }

    /// The address of a module's printout: `modules/stigma/print/`.
    pub fn printout_url(&self, module: usize) -> String {
        format!("{}{PRINT_FOLDER}", self.pages[module].url)
    }

    /// The pages from home down to `page`'s parent.
    pub fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.pages[page].parent;
        while let Some(p) = at {
            out.push(p);
            at = self.pages[p].parent;
        }
        out.reverse();
        out
    }
}

/// The scan of every page of `scenario`, whose file is `file`, and its problems.
fn scenario_scans(
    file: Option<&crate::load::SourceFile>,
    scenario: &Scenario,
) -> Vec<(usize, Scan)> {
    let Some(file) = file else {
        return Vec::new();
    };
    let events = anchors::parse(&file.text, file.body_start);
    let outline = scenario::outline(&events);
    let body = anchors::Body::new(&file.text, file.body_start);
    let steps = scenario::step_ids(scenario);
    scenario::pages(scenario)
        .into_iter()
        .map(|(page, pieces)| {
            let (_, scan) =
                scenario::scan_page(&body, &events, &outline, scenario, &steps, &pieces);
            (page, scan)
        })
        .collect()
}

/// The page node of the markdown file at `rel` (from `content/`): its
/// path without `.md`, or its folder's for an `index.md`.
fn page_node(rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    // Loading kept only names ending in `.md`, in any letter case.
    let stem = name.get(..name.len().saturating_sub(3)).unwrap_or(name);
    if stem.eq_ignore_ascii_case("index") {
        dir.to_string()
    } else if dir.is_empty() {
        stem.to_string()
    } else {
        format!("{dir}/{stem}")
    }
}

/// The address the site gives the markdown file at `rel` (from
/// `content/`): `scenarios/01-night-shift.md` → `scenarios/night-shift/`,
/// `index.md` → the empty address of the home page.
pub fn file_url(rel: &str) -> String {
    folder_url(&page_node(rel))
}

/// The URL of a page node (`modules/01-stigma` → `modules/stigma/`).
fn folder_url(node: &str) -> String {
    if node.is_empty() {
        return String::new();
    }
    let mut url = String::with_capacity(node.len() + 1);
    for part in node.split('/') {
        url.push_str(&url_segment(part));
        url.push('/');
    }
    url
}

fn url_conflict(first: &str, second: &str, url: &str) -> Unplaced {
    Unplaced::UrlConflict {
        first: first.to_string(),
        second: second.to_string(),
        url: url.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::{Code, Diagnostic};
    use crate::load::{FrontMatter, SourceFile};

    pub(crate) fn file(rel: &str, title: &str, body: &str) -> SourceFile {
        let text = format!("---\ntitle: {title}\n---\n{body}");
        SourceFile {
            path: format!("content/{rel}"),
            rel: rel.to_string(),
            body_start: text.len() - body.len(),
            text,
            front: FrontMatter {
                title: title.to_string(),
                ..FrontMatter::default()
            },
            kind: Kind::Page,
        }
    }

    fn site(files: Vec<SourceFile>) -> (Site, Vec<Diagnostic>) {
        let sources = Sources {
            files,
            ..Sources::default()
        };
        let site = Site::new(
            &sources,
            "Course",
            time::macros::date!(2026 - 11 - 23),
            false,
        );
        let problems = crate::check::pages::check_pages(&site);
        (site, problems)
    }

    #[test]
    fn prefixes_order_pages_and_leave_urls() {
        assert_eq!(
            split_prefix("02-hidden-curriculum"),
            (Some(2), "hidden-curriculum")
        );
        assert_eq!(split_prefix("2026"), (None, "2026"));
        assert_eq!(split_prefix("10_x"), (Some(10), "x"));
        assert_eq!(url_segment("01-First Weeks"), "first-weeks");
        assert_eq!(
            file_url("scenarios/03-night-shift.md"),
            "scenarios/night-shift/"
        );
        assert_eq!(file_url("modules/02-x/index.md"), "modules/x/");
        assert_eq!(file_url("index.md"), "");
    }

    #[test]
    fn tree_urls_and_order() {
        let (s, problems) = site(vec![
            file("index.md", "Home", ""),
            file("modules/02-b.md", "B", ""),
            file("modules/01-a/index.md", "A", ""),
            file("modules/01-a/x.md", "X", ""),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let urls: Vec<_> = s.order.iter().map(|&p| s.pages[p].url.as_str()).collect();
        assert_eq!(
            urls,
            ["", "modules/", "modules/a/", "modules/a/x/", "modules/b/"]
        );
        let modules = s.by_url["modules/"];
        assert!(s.pages[modules].source.is_none(), "generated listing");
        assert_eq!(s.pages[modules].title, "Modules");
        assert_eq!(
            s.ancestors(s.by_url["modules/a/x/"]),
            [s.home, modules, s.by_url["modules/a/"]]
        );
    }

    #[test]
    fn drafts_and_their_children_are_unpublished() {
        let mut draft = file("m/index.md", "M", "");
        draft.front.draft = true;
        let (s, _) = site(vec![
            file("index.md", "Home", ""),
            draft,
            file("m/x.md", "X", ""),
        ]);
        assert_eq!(s.order, [s.home]);
        assert!(!s.pages[s.by_url["m/x/"]].published);
    }

    #[test]
    fn a_folder_of_drafts_gets_no_listing_and_its_assets_stay_private() {
        let mut draft = file("stories/dr-x/part1.md", "P", "");
        draft.front.draft = true;
        let mut draft_module = file("m/index.md", "M", "");
        draft_module.front.draft = true;
        let (s, problems) = site(vec![file("index.md", "Home", ""), draft, draft_module]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.order, [s.home]);
        assert!(!s.pages[s.by_url["stories/dr-x/"]].published);
        assert!(!s.pages[s.by_url["stories/"]].published);
        assert!(!s.asset_published("m/photo.jpg"));
        assert!(!s.asset_published("m/deep/photo.jpg"));
        assert!(s.asset_published("other/photo.jpg"));
    }

    #[test]
    fn names_without_letters_or_digits_are_errors() {
        let (s, problems) = site(vec![
            file("index.md", "H", ""),
            file("---/x.md", "X", ""),
            file("m/_.md", "Y", ""),
        ]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.code == Code::BadName));
        assert_eq!(s.order, [s.home]);
    }

    #[test]
    fn a_draft_home_is_warned_about() {
        let mut home = file("index.md", "H", "");
        home.front.draft = true;
        let (s, problems) = site(vec![home]);
        assert!(s.order.is_empty());
        assert_eq!(problems[0].code, Code::DraftHome);
    }

    #[test]
    fn two_files_one_url_is_an_error() {
        let (_, problems) = site(vec![file("a.md", "A", ""), file("01-a.md", "A", "")]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::UrlConflict);
    }

    #[test]
    fn modules_are_the_children_of_top_level_sections() {
        let mut draft = file("modules/02-b/draft.md", "Draft", "");
        draft.front.draft = true;
        let (s, problems) = site(vec![
            file("index.md", "Home", ""),
            file("about.md", "About", ""),
            file("modules/01-a.md", "A", ""),
            file("modules/02-b/index.md", "B", ""),
            file("modules/02-b/01-x.md", "X", ""),
            file("modules/02-b/02-y/index.md", "Y", ""),
            file("modules/02-b/02-y/z.md", "Z", ""),
            draft,
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let url = |p: usize| s.pages[p].url.as_str();
        let modules: Vec<&str> = s.modules().into_iter().map(url).collect();
        assert_eq!(modules, ["modules/a/", "modules/b/"]);
        let b = s.by_url["modules/b/"];
        let parts: Vec<&str> = s.printout_parts(b).into_iter().map(url).collect();
        assert_eq!(
            parts,
            [
                "modules/b/",
                "modules/b/x/",
                "modules/b/y/",
                "modules/b/y/z/"
            ]
        );
        assert_eq!(s.module_of(s.by_url["modules/b/y/z/"]), Some(b));
        assert_eq!(s.module_of(s.by_url["about/"]), None);
        assert_eq!(s.module_of(s.by_url["modules/"]), None);
        assert_eq!(s.module_of(s.home), None);
        assert_eq!(s.printout_url(b), "modules/b/print/");
    }

    #[test]
    fn order_from_front_matter_beats_prefix() {
        let mut late = file("m/01-x.md", "X", "");
        late.front.order = Some(9);
        let (s, _) = site(vec![late, file("m/02-y.md", "Y", "")]);
        let m = &s.pages[s.by_url["m/"]];
        let titles: Vec<_> = m
            .children
            .iter()
            .map(|&c| s.pages[c].title.as_str())
            .collect();
        assert_eq!(titles, ["Y", "X"]);
        assert_eq!(s.pages[s.home].title, "Course");
    }

    fn of(sources: &Sources) -> Site {
        Site::new(
            sources,
            "Course",
            time::macros::date!(2026 - 11 - 23),
            false,
        )
    }

    /// What a site knows of its pages' bodies: each page's scan and
    /// anchors, and every link it publishes.
    fn bodies(site: &Site) -> String {
        let pages: Vec<String> = site
            .pages
            .iter()
            .map(|p| {
                let mut anchors: Vec<&String> = p.anchors.iter().collect();
                anchors.sort();
                format!("{:?} {anchors:?}", p.scan)
            })
            .collect();
        format!("{pages:?} {:?}", site.links)
    }

    #[test]
    fn a_body_saved_updates_the_model_as_making_it_again_would() {
        let made = |second: &str| {
            let sources = Sources {
                files: vec![
                    file("modules/a.md", "A", "## One\n\n[to b](b.md#two)\n"),
                    file("modules/b.md", "B", second),
                    file("modules/c.md", "C", "## Three\n"),
                ],
                ..Sources::default()
            };
            let mut site = of(&sources);
            site.links = permalinks::collect(&site, &[]);
            (sources, site)
        };
        let scans = Scans::default();
        let (_, mut site) = made("## Two\n\nText.\n");
        let (sources, fresh) = made("## Second {#two}\n\n## Added\n\nMore [to c](c.md).\n");
        let b = sources
            .files
            .iter()
            .position(|f| f.rel == "modules/b.md")
            .unwrap();
        assert_ne!(bodies(&site), bodies(&fresh));
        let updated = site.update_pages(&sources, &[b], &scans).unwrap();
        assert_eq!(updated.pages, [site.by_source["modules/b.md"]]);
        assert!(updated.links_changed && updated.anchors_changed);
        assert_eq!(bodies(&site), bodies(&fresh));
        // A scenario's body makes its steps: the model must be made again.
        let sources = Sources {
            files: vec![SourceFile {
                kind: Kind::Scenario {
                    start: None,
                    content_notes: Vec::new(),
                },
                ..file("scenarios/s.md", "S", "## Step\n")
            }],
            ..Sources::default()
        };
        let mut site = of(&sources);
        assert!(site.update_pages(&sources, &[0], &scans).is_none());
    }
}
