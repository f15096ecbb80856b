//! Write: the in-memory [`Output`] onto disk, atomically.
//!
//! Everything is written into a staging folder beside the output folder,
//! then swapped in with renames: the old output moves aside, the staging
//! folder takes its name, and the old one is removed. If anything fails the
//! old output is put back, so a reader (or `serve`) never sees half a site
//! and a failed build leaves the previous site exactly as it was. The
//! output folder is never cleared first.
//!
//! A marker file tells induct's output folders from anything else, so a
//! mistyped `--dest-dir` can never replace a folder induct did not write.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::fs;
use crate::render::{Content, Output};

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

/// Writes `output` to `dest`, replacing what was there only once all of it
/// is written.
pub fn commit(output: &Output, dest: &Path) -> Result<(), Error> {
    if !is_replaceable(dest) {
        return Err(Error::usage_with_help(
            format!(
                "refusing to replace `{}`: it holds files that induct did not write",
                dest.display()
            ),
            "choose a new or empty output folder with `-d`, or delete that folder yourself",
        ));
    }
    let staging = sibling(dest, "staging");
    fs::remove_dir_all(&staging)?;
    let written = write_all(output, &staging);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap(&staging, dest)
}

fn write_all(output: &Output, staging: &Path) -> Result<(), Error> {
    fs::create_dir_all(staging)?;
    // Folders first (once each), then files in parallel.
    let mut dirs: Vec<PathBuf> = output
        .files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir)?;
    }
    output.files.par_iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        match &file.content {
            Content::Bytes(bytes) => std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e)),
            Content::Static(bytes) => std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e)),
            Content::Copy(from) => fs::copy(from, &path),
        }
    })?;
    fs::write(&staging.join(MARKER), MARKER_TEXT.as_bytes())
}

fn swap(staging: &Path, dest: &Path) -> Result<(), Error> {
    let old = sibling(dest, "old");
    fs::remove_dir_all(&old)?;
    let had_old = dest.exists();
    if had_old {
        fs::rename(dest, &old)?;
    }
    if let Err(e) = fs::rename(staging, dest) {
        if had_old {
            let _ = fs::rename(&old, dest);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(e);
    }
    if had_old {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn output(files: &[(&str, &str)]) -> Output {
        Output {
            files: files
                .iter()
                .map(|(p, c)| OutputFile {
                    path: p.to_string(),
                    content: Content::Bytes(c.as_bytes().to_vec()),
                })
                .collect(),
        }
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        commit(
            &output(&[("index.html", "one"), ("old/index.html", "x")]),
            &dest,
        )
        .unwrap();
        commit(&output(&[("index.html", "two")]), &dest).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "two"
        );
        assert!(!dest.join("old").exists());
        assert!(!sibling(&dest, "staging").exists());
        assert!(!sibling(&dest, "old").exists());
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("site");
        commit(&output(&[("index.html", "one")]), &dest).unwrap();
        let bad = Output {
            files: vec![OutputFile {
                path: "x.png".into(),
                content: Content::Copy(dir.path().join("missing.png")),
            }],
        };
        assert!(commit(&bad, &dest).is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "one"
        );
        assert!(!sibling(&dest, "staging").exists());
    }

    #[test]
    fn never_replaces_a_folder_induct_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        assert!(commit(&output(&[("index.html", "x")]), dir.path()).is_err());
        assert!(dir.path().join("precious.txt").exists());
    }
}
