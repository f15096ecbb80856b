//! Write: the rendered site onto disk, atomically.
//!
//! [`Staging`] is the [`Sink`] of `build`: every file goes into a staging
//! folder beside the output folder as soon as it is rendered (so a large
//! site is never held in memory, and disk writes overlap rendering). Only
//! when the whole build succeeded does [`Staging::commit`] swap it in with
//! renames: the old output moves aside, the staging folder takes its name,
//! and the old one is removed. If the build fails, or anything goes wrong,
//! the staging folder is removed and the old output is left exactly as it
//! was. The output folder is never cleared first.
//!
//! A marker file tells induct's output folders from anything else, so a
//! mistyped `--dest-dir` can never replace a folder induct did not write.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Error;
use crate::fs;
use crate::render::{Content, Sink};

/// Marks a folder as written by induct (safe to replace and to clean).
pub const MARKER: &str = ".induct-output";

const MARKER_TEXT: &str = "This folder was written by `induct build`. It is replaced whole on every build,\nand `induct clean` removes it. Do not keep your own files here.\n";

/// True when `dir` may be replaced: missing, empty, or written by induct.
pub fn is_replaceable(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => !dir.exists(),
        Ok(mut entries) => dir.join(MARKER).is_file() || entries.next().is_none(),
    }
}

/// The sibling folders used while swapping: `.<name>.induct-staging` and
/// `.<name>.induct-old`.
pub fn sibling(dest: &Path, suffix: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    dest.with_file_name(format!(".{name}.induct-{suffix}"))
}

/// A staging folder being filled, swapped in by [`Staging::commit`].
///
/// Rebuilding recycles the previous site: the folder the last commit moved
/// aside (`.<name>.induct-old`) becomes the next staging folder, its files
/// are overwritten in place and the ones no longer produced are removed.
/// Deleting a whole site and writing a new one costs far more: on ext4,
/// creating files soon after deleting thousands makes every new inode scan
/// past the recently deleted ones (a rebuild of 10,000 pages went from 1.7 s
/// to 4.4 s over three builds). So the previous site stays beside the output
/// until the next build, and `induct clean` removes both.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    dest: PathBuf,
    committed: bool,
    /// Paths put so far: everything else in a recycled folder is stale.
    written: Mutex<HashSet<String>>,
    /// The folder held an earlier site (so stale files must be pruned).
    recycled: bool,
}

impl Staging {
    /// Prepares to replace `dest`. Refuses a folder induct did not write.
    pub fn create(dest: &Path) -> Result<Staging, Error> {
        if !is_replaceable(dest) {
            return Err(Error::usage_with_help(
                format!(
                    "refusing to replace `{}`: it holds files that induct did not write",
                    dest.display()
                ),
                "choose a new or empty output folder with `-d`, or delete that folder yourself",
            ));
        }
        let dir = sibling(dest, "staging");
        let old = sibling(dest, "old");
        if dir.is_symlink() || (dir.exists() && !dir.is_dir()) {
            remove_any(&dir)?;
        }
        if old.is_dir() && !old.is_symlink() && !dir.exists() {
            fs::rename(&old, &dir)?;
        } else if old.exists() || old.is_symlink() {
            remove_any(&old)?;
        }
        let recycled = dir.is_dir();
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            committed: false,
            written: Mutex::new(HashSet::new()),
            recycled,
        })
    }

    /// Removes what this build did not write, then swaps the staging folder
    /// in as the output folder; the previous output is kept aside for the
    /// next build to recycle.
    pub fn commit(mut self) -> Result<(), Error> {
        self.prune()?;
        fs::write(&self.dir.join(MARKER), MARKER_TEXT.as_bytes())?;
        let old = sibling(&self.dest, "old");
        if old.exists() || old.is_symlink() {
            remove_any(&old)?;
        }
        let had_old = self.dest.exists();
        if had_old {
            fs::rename(&self.dest, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.dest) {
            if had_old {
                let _ = fs::rename(&old, &self.dest);
            }
            return Err(e);
        }
        self.committed = true;
        Ok(())
    }

    /// Removes files (and then empty folders) of a recycled folder that
    /// this build did not write.
    fn prune(&self) -> Result<(), Error> {
        if !self.recycled {
            return Ok(());
        }
        let written = self
            .written
            .lock()
            .map_err(|_| Error::Write("a writer thread failed".into()))?;
        let mut stale_dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(|e| Error::Write(e.to_string()))?;
            let rel = entry
                .path()
                .strip_prefix(&self.dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if entry.file_type().is_dir() {
                stale_dirs.push(entry.into_path());
            } else if !written.contains(&rel) {
                std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            }
        }
        // Deepest first (contents_first), so emptied parents go too; a
        // folder still holding files refuses, which is what we want.
        for dir in stale_dirs {
            let _ = std::fs::remove_dir(dir);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Keep it to recycle, under the name the next build looks for.
            let old = sibling(&self.dest, "old");
            if old.exists() || std::fs::rename(&self.dir, &old).is_err() {
                let _ = remove_tree(&self.dir);
            }
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, content: Content) -> Result<(), Error> {
        // Defence in depth: nothing may be written outside the staging folder.
        if path.is_empty()
            || Path::new(path)
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::Write(format!(
                "refusing to write `{path}`: it is not a path inside the site"
            )));
        }
        let target = self.dir.join(path);
        let attempt = |target: &Path| match &content {
            Content::Bytes(bytes) => std::fs::write(target, bytes),
            Content::Static(bytes) => std::fs::write(target, bytes),
            Content::Copy(from) => std::fs::copy(from, target).map(|_| ()),
        };
        let result = match attempt(&target) {
            // Folders are made on demand: one failed open is cheaper than
            // checking for the folder before every file. Another thread may
            // make the same folder meanwhile; `create_dir_all` allows that.
            Err(e) if e.kind() == ErrorKind::NotFound || e.raw_os_error() == Some(20) => {
                self.make_parent(&target)?;
                attempt(&target)
            }
            // A recycled folder may hold a folder where a file goes now.
            Err(_) if target.is_dir() => {
                remove_tree(&target)?;
                attempt(&target)
            }
            other => other,
        };
        result.map_err(|e| blame(&content, &target, e))?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(path.to_string());
        }
        Ok(())
    }
}

impl Staging {
    /// Makes the folders above `target`, removing any file of a recycled
    /// site that stands where one of them goes.
    fn make_parent(&self, target: &Path) -> Result<(), Error> {
        let Some(parent) = target.parent() else {
            return Ok(());
        };
        if std::fs::create_dir_all(parent).is_ok() {
            return Ok(());
        }
        let mut at = parent;
        while at != self.dir {
            if at.is_file() {
                remove_any(at)?;
                break;
            }
            match at.parent() {
                Some(p) => at = p,
                None => break,
            }
        }
        fs::create_dir_all(parent)
    }
}

/// Removes a file, a symbolic link or a folder tree.
fn remove_any(path: &Path) -> Result<(), Error> {
    if path.is_dir() && !path.is_symlink() {
        remove_tree(path)
    } else {
        std::fs::remove_file(path).map_err(|e| Error::io(path, e))
    }
}

/// The path an error is about: the source of a copy that could not be read.
fn blame(content: &Content, target: &Path, e: std::io::Error) -> Error {
    match content {
        Content::Copy(from) if !from.is_file() => Error::io(from, e),
        _ => Error::io(target, e),
    }
}

/// Removes a folder tree, files in parallel: most of the time of replacing
/// a large site goes to the file system unlinking files.
fn remove_tree(dir: &Path) -> Result<(), Error> {
    if !dir.exists() {
        return Ok(());
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(dest: &Path, files: &[(&str, &str)]) -> Result<(), Error> {
        let staging = Staging::create(dest)?;
        for (path, text) in files {
            staging.put(path, Content::Bytes(text.as_bytes().to_vec()))?;
        }
        staging.commit()
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        build(
            &dest,
            &[("index.html", "one"), ("old/deep/index.html", "x")],
        )
        .unwrap();
        build(&dest, &[("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "two"
        );
        assert!(
            !dest.join("old").exists(),
            "stale files and folders are pruned"
        );
        assert!(dest.join(MARKER).is_file());
        assert!(!sibling(&dest, "staging").exists());
        // The previous site is kept aside to be recycled.
        let old = sibling(&dest, "old");
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "one"
        );
        build(&dest, &[("index.html", "three"), ("a/index.html", "a")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "three"
        );
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "two"
        );
        assert!(!old.join("old").exists());
    }

    #[test]
    fn a_recycled_site_may_have_files_where_folders_go_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        build(&dest, &[("x", "file"), ("y/index.html", "in a folder")]).unwrap();
        build(&dest, &[("z", "z")]).unwrap();
        // The recycled folder has `x` as a file and `y` as a folder.
        build(
            &dest,
            &[("x/index.html", "now a folder"), ("y", "now a file")],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("x/index.html")).unwrap(),
            "now a folder"
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("y")).unwrap(),
            "now a file"
        );
        assert!(!dest.join("z").exists());
    }

    #[test]
    fn a_failed_build_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        build(&dest, &[("index.html", "one")]).unwrap();
        {
            let staging = Staging::create(&dest).unwrap();
            staging
                .put("index.html", Content::Bytes(b"two".to_vec()))
                .unwrap();
            let missing = Content::Copy(dir.path().join("missing.png"));
            let err = staging.put("x.png", missing).unwrap_err();
            assert!(err.to_string().contains("missing.png"), "{err}");
            // Dropped without commit.
        }
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "one"
        );
        assert!(!sibling(&dest, "staging").exists());
        // The next build recycles what the failed one left, and none of it survives.
        build(&dest, &[("index.html", "three")]).unwrap();
        assert!(!dest.join("x.png").exists());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "three"
        );
    }

    #[test]
    fn many_threads_may_make_the_same_folders() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        let staging = Staging::create(&dest).unwrap();
        let paths: Vec<String> = (0..400)
            .map(|i| format!("a/b{}/c{}/index.html", i % 3, i % 7))
            .collect();
        paths
            .par_iter()
            .try_for_each(|p| staging.put(p, Content::Bytes(p.as_bytes().to_vec())))
            .unwrap();
        staging.commit().unwrap();
        assert!(dest.join("a/b2/c6/index.html").is_file());
    }

    #[test]
    fn refuses_paths_outside_the_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("site")).unwrap();
        for bad in ["/etc/x", "../x", "a/../../x", ""] {
            assert!(
                staging.put(bad, Content::Bytes(Vec::new())).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn never_replaces_a_folder_induct_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        assert!(Staging::create(dir.path()).is_err());
        assert!(dir.path().join("precious.txt").exists());
    }
}
