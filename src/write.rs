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

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

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

/// A staging folder being filled; removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    dest: PathBuf,
    committed: bool,
    /// Held until the build ends, so two builds never write one site.
    _lock: std::fs::File,
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
        let lock = lock(dest)?;
        let dir = sibling(dest, "staging");
        remove_tree(&dir)?;
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            committed: false,
            _lock: lock,
        })
    }

    /// Swaps the staging folder in as the output folder.
    pub fn commit(mut self) -> Result<(), Error> {
        fs::write(&self.dir.join(MARKER), MARKER_TEXT.as_bytes())?;
        let old = sibling(&self.dest, "old");
        remove_tree(&old)?;
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
        if had_old {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
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
            Content::Shared(bytes) => std::fs::write(target, bytes),
            Content::Pieces(pieces) => std::fs::write(target, pieces.concat()),
            Content::Static(bytes) => std::fs::write(target, bytes),
            Content::Copy(from) => std::fs::copy(from, target).map(|_| ()),
        };
        match attempt(&target) {
            // Folders are made on demand: one failed open is cheaper than
            // checking for the folder before every file. Another thread may
            // make the same folder meanwhile; `create_dir_all` allows that.
            Err(e) if e.kind() == ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                attempt(&target).map_err(|e| blame(&content, &target, e))
            }
            other => other.map_err(|e| blame(&content, &target, e)),
        }
    }
}

/// Takes the lock file beside `dest` (`.<name>.induct-lock`), failing at
/// once when another build holds it. The operating system releases the lock
/// when the build ends, however it ends; the file itself stays.
fn lock(dest: &Path) -> Result<std::fs::File, Error> {
    let path = sibling(dest, "lock");
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::usage_with_help(
            format!("another induct build is writing `{}`", dest.display()),
            "wait for it to finish, then build again",
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
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
/// A symbolic link (even one to a folder) is removed itself, never followed.
fn remove_tree(dir: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => return Ok(()),
        Ok(meta) if !meta.is_dir() => {
            return std::fs::remove_file(dir).map_err(|e| Error::io(dir, e));
        }
        Ok(_) => {}
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_root_links(false)
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
        assert!(!dest.join("old").exists());
        assert!(dest.join(MARKER).is_file());
        assert!(!sibling(&dest, "staging").exists());
        assert!(!sibling(&dest, "old").exists());
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
    fn two_builds_never_write_one_site_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        let first = Staging::create(&dest).unwrap();
        let second = Staging::create(&dest).unwrap_err();
        assert!(
            second.to_string().contains("another induct build"),
            "{second}"
        );
        drop(first);
        assert!(Staging::create(&dest).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_staging_folder_is_unlinked_not_emptied() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("precious");
        std::fs::create_dir_all(&precious).unwrap();
        std::fs::write(precious.join("keep.txt"), "keep").unwrap();
        let dest = dir.path().join("site");
        std::os::unix::fs::symlink(&precious, sibling(&dest, "staging")).unwrap();
        std::os::unix::fs::symlink(&precious, sibling(&dest, "old")).unwrap();
        build(&dest, &[("index.html", "one")]).unwrap();
        build(&dest, &[("index.html", "two")]).unwrap();
        assert!(precious.join("keep.txt").is_file());
    }

    #[test]
    fn never_replaces_a_folder_induct_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        assert!(Staging::create(dir.path()).is_err());
        assert!(dir.path().join("precious.txt").exists());
    }
}
