//! Check: the rules that need the whole site, such as links reaching the
//! anchors of other pages, and scenarios a reader can finish.
//!
//! Input: the [`Site`] with every rendered page's scan attached. Output:
//! diagnostics. Checks read the model only. `build` and `check` run the
//! same checks, so `check` passing means `build` will not fail on content;
//! a failed check fails the build before its output is swapped in.

pub mod links;
pub mod scenarios;

use crate::error::Diagnostic;
use crate::model::Site;

/// Runs every check on the site.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = links::check_links(site);
    problems.extend(scenarios::check_scenarios(site));
    problems
}
