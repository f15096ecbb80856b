//! Check: the rules that need the whole site, such as links reaching the
//! anchors of other pages, and scenarios a reader can finish; and what a
//! story's words could give away.
//!
//! Input: the complete [`Site`] from the model stage, every page's scan in
//! it (and, for stories, their text). Output: diagnostics. Checks read the model only,
//! but for the identifier scan of stories, which reads their text. `build` and `check` run the
//! same checks, so `check` passing means `build` will not fail on content;
//! a failed check fails the build before its output is swapped in.

pub mod code;
pub mod identifiers;
pub mod links;
pub mod lock;
pub mod markdown;
pub mod outputs;
pub mod pages;
pub mod permalinks;
pub mod scenarios;
pub mod stories;
pub mod support;

use crate::config::{Config, Run};
use crate::error::{Code, Diagnostic, Location};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::load::Sources;
use crate::model::{Site, Updated};
use lock::LockCheck;

/// What the check stage found: every problem of the content, and what
/// comparing the site with `links.lock` found (the lines to record).
pub struct Checked {
    pub problems: Vec<Diagnostic>,
    pub lock: Arc<LockCheck>,
}

/// The check stage: every rule over the complete model, before anything
/// renders. `build`, `check`, `link` and the preview all run it.
pub fn run(config: &Config, run: &Run, site: &Site, sources: &Sources) -> Checked {
    run_with(config, run, site, sources, None, None)
}

/// [`run()`], with what the preview's last check found (`kept`) and,
/// when the model stage only updated some pages' bodies since
/// ([`Site::update_pages`]), what it changed (`updated`): the rules that
/// read those pages run again for them alone, those that never read an
/// ordinary page's body are kept, and the result is what [`run()`] finds.
pub fn run_with(
    config: &Config,
    run: &Run,
    site: &Site,
    sources: &Sources,
    kept: Option<&Kept>,
    updated: Option<&Updated>,
) -> Checked {
    let earlier = kept.and_then(|k| k.lock().take());
    let found = match (earlier, updated) {
        (Some(earlier), Some(updated)) => Found::update(earlier, config, site, updated),
        _ => Found::new(config, site, sources, kept.is_some()),
    };
    let checked = found.problems(config, run, site, sources);
    if let Some(kept) = kept {
        *kept.lock() = Some(found);
    }
    checked
}

/// What the preview keeps of the last check, for the next.
#[derive(Default)]
pub struct Kept {
    found: Mutex<Option<Found>>,
    /// What [`outputs::check_outputs`] found.
    outputs: Mutex<Option<Vec<Diagnostic>>>,
}

impl Kept {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Found>> {
        self.found.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// [`outputs::check_outputs`] of the site with the theme's assets, or,
/// when the model stage only updated pages' bodies since the last check
/// (`updated`) and the theme is the one it had, what that check found:
/// a page's body names none of the files the site writes.
pub fn check_outputs_with<'a>(
    site: &Site,
    sources: &Sources,
    theme_assets: impl IntoIterator<Item = &'a str>,
    kept: Option<&Kept>,
    updated: Option<&Updated>,
) -> Vec<Diagnostic> {
    let lock = || kept.map(|k| k.outputs.lock().unwrap_or_else(|e| e.into_inner()));
    let earlier = lock()
        .and_then(|mut o| o.take())
        .filter(|_| updated.is_some());
    let found = earlier.unwrap_or_else(|| outputs::check_outputs(site, sources, theme_assets));
    if let Some(mut kept) = lock() {
        *kept = Some(found.clone());
    }
    found
}

/// What each rule found, kept apart so that the preview can run again
/// only those a save touches.
struct Found {
    // Rules that read no ordinary page's body: front matter, structure,
    // scenarios, stories, the permalink plan.
    pages: Vec<Diagnostic>,
    stories: Vec<Diagnostic>,
    scenarios: Vec<Diagnostic>,
    not_choices: Vec<Diagnostic>,
    plan: Vec<Diagnostic>,
    /// Each published page's links (they read the anchors of the pages
    /// they lead to).
    links: Vec<(usize, Vec<Diagnostic>)>,
    /// The pages whose anchors each page's links depend on
    /// ([`links::anchored_targets`]), for the pages that have any.
    anchored: HashMap<usize, Vec<usize>>,
    /// The other way round: for each page, the pages with a link to one
    /// of its anchors.
    anchored_from: HashMap<usize, HashSet<usize>>,
    /// `links.lock` against every link of the site.
    lock: Arc<LockCheck>,
}

impl Found {
    /// Every rule that [`Found::update`] may keep, run over the site;
    /// with `kept`, also which pages' links depend on which pages'
    /// anchors, for the update.
    fn new(config: &Config, site: &Site, sources: &Sources, kept: bool) -> Found {
        let anchored: HashMap<usize, Vec<usize>> = match kept {
            true => site
                .published()
                .collect::<Vec<usize>>()
                .into_par_iter()
                .map(|from| (from, links::anchored_targets(site, from)))
                .filter(|(_, targets)| !targets.is_empty())
                .collect(),
            false => HashMap::new(),
        };
        let mut anchored_from: HashMap<usize, HashSet<usize>> = HashMap::new();
        for (&from, targets) in &anchored {
            for &t in targets {
                anchored_from.entry(t).or_default().insert(from);
            }
        }
        Found {
            anchored,
            anchored_from,
            pages: pages::check_pages(site),
            stories: stories::check_stories(site, sources),
            links: links::by_page(site),
            scenarios: scenarios::check_scenarios(site),
            not_choices: scenarios::check_not_choices(site),
            plan: permalinks::check_plan(site, sources),
            lock: Arc::new(lock::check_lock(
                &config.root,
                site,
                &site.links,
                &site.redirects,
            )),
        }
    }

    /// What the last check found, brought up to date with the pages
    /// whose bodies alone were saved since: their links, and those of
    /// every page with a link to one of their anchors, checked again;
    /// `links.lock` again when the links they publish changed.
    fn update(mut self, config: &Config, site: &Site, updated: &Updated) -> Found {
        // The saved pages' own links may lead elsewhere now.
        for &p in &updated.pages {
            for t in self.anchored.remove(&p).unwrap_or_default() {
                if let Some(froms) = self.anchored_from.get_mut(&t) {
                    froms.remove(&p);
                }
            }
            let targets = links::anchored_targets(site, p);
            for &t in &targets {
                self.anchored_from.entry(t).or_default().insert(p);
            }
            if !targets.is_empty() {
                self.anchored.insert(p, targets);
            }
        }
        let again: HashSet<usize> = updated
            .pages
            .iter()
            .copied()
            .chain(
                updated
                    .pages
                    .iter()
                    .filter_map(|p| self.anchored_from.get(p))
                    .flatten()
                    .copied(),
            )
            .collect();
        for (from, found) in &mut self.links {
            if again.contains(from) {
                *found = links::check_page(site, *from);
            }
        }
        // `links.lock` is compared with the addresses alone; the titles
        // of pages name the likely new home of a lost address.
        if updated.addresses_changed || (updated.views_changed && !self.lock.problems.is_empty()) {
            self.lock = Arc::new(lock::check_lock(
                &config.root,
                site,
                &site.links,
                &site.redirects,
            ));
        }
        self
    }

    /// Every problem, in the order [`run()`] has always told them, with
    /// the rules that are cheap over the whole site (they read what the
    /// scans noticed, and a few front matter keys) run now.
    fn problems(&self, config: &Config, run: &Run, site: &Site, sources: &Sources) -> Checked {
        // An identifier in a reviewed story fails the build, and nothing is
        // then written.
        let mut problems = self.pages.clone();
        problems.extend(self.stories.iter().cloned());
        problems.extend(links::once(&self.links));
        problems.extend(self.scenarios.iter().cloned());
        problems.extend(markdown::check_markdown(site));
        problems.extend(self.not_choices.iter().cloned());
        problems.extend(code::check_code(site));
        problems.extend(self.plan.iter().cloned());
        problems.extend(permalinks::check_anchor_aliases(site, sources));
        problems.extend(permalinks::check_short_anchors(site));
        if let Some(directory) = &sources.support {
            problems.extend(support::check_services(&directory.services, run));
        }
        // A file that did not load has no page yet: its addresses are not
        // lost, and its own error says what to fix. links.lock is checked once
        // every file reads.
        if site.failed.is_empty() {
            problems.extend(self.lock.problems.iter().cloned());
        }
        problems.extend(run_warnings(config, run, site, sources));
        Checked {
            problems,
            lock: Arc::clone(&self.lock),
        }
    }
}

/// Runs the checks of links and scenarios on the site.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = links::check_links(site);
    problems.extend(scenarios::check_scenarios(site));
    problems
}

/// What this run of induct is told that makes its output differ from a
/// published build: a date set by hand, or no `base_url`.
fn run_warnings(config: &Config, run: &Run, site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let dated = |s: &crate::load::support::Service| {
        s.verification.checked.is_some() || s.verification.check_by.is_some()
    };
    let services = sources
        .support
        .as_ref()
        .is_some_and(|d| d.services.iter().any(dated));
    let judged = match (!site.stories.is_empty(), services) {
        (true, true) => Some("stories' consent and the support directory's check dates are"),
        (true, false) => Some("stories' consent is"),
        (false, true) => Some("the support directory's check dates are"),
        (false, false) => None,
    };
    if let Some(judged) = judged.filter(|_| run.today_overridden) {
        problems.push(
            Diagnostic::warning(
                Code::TodayOverridden,
                None,
                format!(
                    "INDUCT_TODAY is set: {judged} judged as on {}, not today",
                    run.today
                ),
            )
            .with_help("unset INDUCT_TODAY for a build to publish"),
        );
    }
    if !config.base_url_set {
        problems.push(
            Diagnostic::warning(
                Code::NoBaseUrl,
                Some(Location::file(crate::config::CONFIG_FILE)),
                format!("`base_url` is not set, so canonical links and the sitemap point at {}", crate::config::DEFAULT_BASE_URL),
            )
            .with_help("add `base_url = \"https://…/\"` under [site] with the address the site is published at"),
        );
    }
    problems
}
