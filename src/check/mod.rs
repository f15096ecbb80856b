//! Check: every rule a site must meet before anything is written.
//!
//! Input: the [`Site`]. Output: diagnostics. Checks read
//! the model only; they never render. `build` and `check` run the same
//! checks, so `check` passing means `build` will not fail on content.

pub mod links;

use crate::error::Diagnostic;
use crate::model::Site;

/// Runs every check on the site.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    links::check_links(site)
}
