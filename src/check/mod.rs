//! Check: the rules that need the whole site, such as links reaching the
//! anchors of other pages, and scenarios a reader can finish; and what a
//! story's words could give away.
//!
//! Input: the [`Site`] with every rendered page's scan attached (and, for
//! stories, their text). Output: diagnostics. Checks read the model only,
//! but for the identifier scan of stories, which reads their text. `build` and `check` run the
//! same checks, so `check` passing means `build` will not fail on content;
//! a failed check fails the build before its output is swapped in.

pub mod identifiers;
pub mod links;
pub mod scenarios;
pub mod stories;

use crate::error::Diagnostic;
use crate::model::Site;

/// Runs every check on the site.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = links::check_links(site);
    problems.extend(scenarios::check_scenarios(site));
    problems
}
