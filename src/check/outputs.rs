//! Check: no file of the course takes the place of a file or folder induct
//! generates (a page, a printout, the sitemap, `404.html`, the theme's
//! assets, the highlighting stylesheet, the service worker), nor sits
//! inside one.
//!
//! Input: the complete [`Site`], its [`Sources`] and the loaded theme's
//! asset names (so it runs once the theme is loaded). Output: diagnostics.

use std::collections::HashSet;

use crate::error::{Code, Diagnostic, Location};
use crate::load::Sources;
use crate::model::Site;
use crate::render::{highlight, offline};

/// Every published asset of the course whose place in the output induct
/// fills itself is an error. `theme_assets` are the theme's asset paths,
/// relative to its `assets/`.
pub fn check_outputs<'a>(
    site: &Site,
    sources: &Sources,
    theme_assets: impl IntoIterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    // The highlighting stylesheet and the worker are reserved whether or
    // not a build writes them.
    let generated: HashSet<String> = ["sitemap.xml", "404.html"]
        .into_iter()
        .map(String::from)
        .chain(theme_assets.into_iter().map(|rel| format!("assets/{rel}")))
        .chain([
            highlight::STYLESHEET_PATH.to_string(),
            offline::WORKER_PATH.to_string(),
        ])
        .chain(
            site.published()
                .map(|p| format!("{}index.html", site.pages[p].url)),
        )
        .chain(
            site.modules()
                .into_iter()
                .map(|m| format!("{}index.html", site.printout_url(m))),
        )
        .collect();
    let generated_dirs: HashSet<&str> = generated.iter().flat_map(|p| folders_of(p)).collect();
    sources
        .assets
        .iter()
        .filter(|asset| site.asset_published(&asset.rel))
        .filter(|asset| {
            generated.contains(&asset.rel)
                || generated_dirs.contains(asset.rel.as_str())
                || folders_of(&asset.rel).any(|dir| generated.contains(dir))
        })
        .map(|asset| {
            Diagnostic::error(
                Code::OutputConflict,
                Some(Location::file(format!("content/{}", asset.rel))),
                format!(
                    "this file would overwrite `{}`, which induct generates",
                    asset.rel
                ),
            )
            .with_help("rename or move the file")
        })
        .collect()
}

/// The folders above a `/`-separated path: `a/b/c.html` → `a`, `a/b`.
fn folders_of(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}
