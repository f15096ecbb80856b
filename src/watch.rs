//! Watch: the course's files, as debounced changes worth a rebuild.
//!
//! Input: the course's [`Config`]. Output: one [`Watcher::next_change`]
//! per burst of edits to `content/`, `themes/`, `book.toml` or `links.lock`. Events for
//! files a build ignores — editors' swap, backup and lock files (`.x.swp`,
//! `x~`, `.#x`, `4913`), hidden files — are dropped, so an editor's save
//! dance (write a temporary file, rename it over the original) is one
//! change. A burst ends when the files have been quiet for [`QUIET`]; a
//! change is never held back longer than [`LONGEST`]. Nothing here writes
//! anywhere, and the preview keeps its site in memory, so a rebuild can
//! never set off another.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::config::{Config, CONFIG_FILE};
use crate::error::Error;

/// How long the files must be quiet before a burst of events is over.
pub const QUIET: Duration = Duration::from_millis(3);
/// The longest a change waits for a burst to end.
pub const LONGEST: Duration = Duration::from_millis(100);

/// Watches a course.
pub struct Watcher {
    // Dropping the watcher stops the events.
    watcher: std::sync::Mutex<notify::RecommendedWatcher>,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

impl Watcher {
    /// Starts watching `content/`, `themes/` (when there is one) and
    /// `book.toml` of the course.
    pub fn start(config: &Config) -> Result<Watcher, Error> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)
            .map_err(|e| Error::usage(format!("cannot watch the course for changes: {e}")))?;
        let root = crate::fs::normalize(&config.root);
        let watch = |w: &mut notify::RecommendedWatcher, path: &Path, mode| {
            w.watch(path, mode).map_err(|e| {
                Error::usage(format!(
                    "cannot watch `{}` for changes: {e}",
                    path.display()
                ))
            })
        };
        // The root itself, not recursively: book.toml (which editors
        // replace rather than rewrite) and folders created later.
        watch(&mut watcher, &root, RecursiveMode::NonRecursive)?;
        for folder in ["content", "themes"] {
            let path = root.join(folder);
            if path.is_dir() {
                watch(&mut watcher, &path, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watcher {
            watcher: std::sync::Mutex::new(watcher),
            events,
            root,
        })
    }

    /// Waits for the next change worth a rebuild and the end of its burst,
    /// and gives the paths that changed (empty when the watcher lost track,
    /// which calls for a full rebuild). `None` when the watcher has stopped.
    pub fn next_change(&self) -> Option<Vec<PathBuf>> {
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut lost = false;
        loop {
            let event = self.events.recv().ok()?;
            if self.matters(&event) {
                self.note(&event, &mut changed, &mut lost);
                break;
            }
        }
        let started = Instant::now();
        loop {
            let left = LONGEST.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => {
                    if self.matters(&event) {
                        self.note(&event, &mut changed, &mut lost);
                    }
                }
                Err(_) => break,
            }
        }
        if lost {
            changed.clear();
        }
        Some(changed)
    }

    fn note(
        &self,
        event: &notify::Result<notify::Event>,
        changed: &mut Vec<PathBuf>,
        lost: &mut bool,
    ) {
        match event {
            Ok(event) => {
                for path in event.paths.iter().filter(|p| relevant(&self.root, p)) {
                    self.watch_if_new_folder(path);
                    if !changed.contains(path) {
                        changed.push(path.clone());
                    }
                }
            }
            Err(_) => *lost = true,
        }
    }

    /// `content/` or `themes/` made (again) after the preview started — a
    /// new theme, a checkout that replaced the folder — is watched from now.
    fn watch_if_new_folder(&self, path: &Path) {
        let top = ["content", "themes"]
            .iter()
            .any(|f| path == self.root.join(f));
        if top && path.is_dir() {
            let mut watcher = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
            // Watching a folder twice is harmless; failing leaves the full
            // rebuild this change causes anyway.
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
    }

    /// The course folder, as the paths of changes start.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn matters(&self, event: &notify::Result<notify::Event>) -> bool {
        let Ok(event) = event else {
            // An error from the watcher (events lost): rebuild to be safe.
            return true;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|p| relevant(&self.root, p))
    }
}

/// Whether a change to `path` can change the site of the course at `root`.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().filter_map(|c| c.as_os_str().to_str());
    let Some(first) = parts.next() else {
        return false;
    };
    match first {
        // links.lock decides which lost addresses are errors.
        CONFIG_FILE | crate::model::permalinks::LOCK_FILE => rel.components().count() == 1,
        "content" | "themes" => {
            let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let hidden = rel
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .any(|c| c.starts_with('.'));
            !hidden && !crate::fs::is_ignored_name(name) && !name.starts_with(".#")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_matters() {
        let root = Path::new("/c");
        for yes in [
            "/c/book.toml",
            "/c/links.lock",
            "/c/content/index.md",
            "/c/content/modules",
            "/c/themes/default/templates/page.html",
            "/c/content/leaflet.pdf",
        ] {
            assert!(relevant(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/c/site/index.html",
            "/c/.site.induct-staging/x",
            "/c/content/.index.md.swp",
            "/c/content/index.md~",
            "/c/content/.#index.md",
            "/c/content/4913",
            "/c/content/.git/HEAD",
            "/c/README.md",
            "/elsewhere/content/x.md",
        ] {
            assert!(!relevant(root, Path::new(no)), "{no}");
        }
    }
}
