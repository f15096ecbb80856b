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

use crate::config::{Config, Run};
use crate::error::{Code, Diagnostic, Location};
use crate::load::Sources;
use crate::model::Site;
use lock::LockCheck;

/// What the check stage found: every problem of the content, and what
/// comparing the site with `links.lock` found (the lines to record).
pub struct Checked {
    pub problems: Vec<Diagnostic>,
    pub lock: LockCheck,
}

/// The check stage: every rule over the complete model, before anything
/// renders. `build`, `check`, `link` and the preview all run it.
pub fn run(config: &Config, run: &Run, site: &Site, sources: &Sources) -> Checked {
    // An identifier in a reviewed story fails the build, and nothing is
    // then written.
    let mut problems = pages::check_pages(site);
    problems.extend(stories::check_stories(site, sources));
    problems.extend(check(site));
    problems.extend(markdown::check_markdown(site));
    problems.extend(scenarios::check_not_choices(site));
    problems.extend(code::check_code(site));
    problems.extend(permalinks::check_plan(site, sources));
    problems.extend(permalinks::check_anchor_aliases(site, sources));
    problems.extend(permalinks::check_short_anchors(site));
    let mut lock = lock::check_lock(&config.root, site, &site.links, &site.redirects);
    // A file that did not load has no page yet: its addresses are not
    // lost, and its own error says what to fix. links.lock is checked once
    // every file reads.
    let lock_problems = std::mem::take(&mut lock.problems);
    if site.failed.is_empty() {
        problems.extend(lock_problems);
    }
    problems.extend(run_warnings(config, run, site));
    Checked { problems, lock }
}

/// Runs the checks of links and scenarios on the site.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = links::check_links(site);
    problems.extend(scenarios::check_scenarios(site));
    problems
}

/// What this run of induct is told that makes its output differ from a
/// published build: a date set by hand, or no `base_url`.
fn run_warnings(config: &Config, run: &Run, site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if run.today_overridden && !site.stories.is_empty() {
        problems.push(
            Diagnostic::warning(
                Code::TodayOverridden,
                None,
                format!(
                    "INDUCT_TODAY is set: stories' consent is judged as on {}, not today",
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
