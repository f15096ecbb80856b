//! Disk access for the pipeline: reading sources, walking `content/`, and
//! the primitives `write` uses. Every error names the path it was about, so
//! no caller has to remember to add it.

use std::path::{Component, Path, PathBuf};

use crate::error::{Code, Diagnostic, Error, Location};

/// The text of a file read as `bytes`, or an `encoding` error at the line
/// and column of the first byte that is not UTF-8. `shown` is the path as
/// diagnostics name it (`content/support.yaml`, `book.toml`).
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        // Everything before the bad byte is valid, so replacing what comes
        // after it cannot move its position.
        let (line, col) = crate::error::line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Diagnostic::error(
            Code::Encoding,
            Some(Location::at(shown, line, col)),
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8 in your editor")
    })
}

/// Reads a text file of the course for a stage that reports problems as
/// diagnostics: a `read` error, or an `encoding` error at the bad byte.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Code::Read,
            Some(Location::file(shown)),
            format!("cannot read the file: {e}"),
        )
    })?;
    decode(shown, bytes)
}

/// [`read_text`], or `None` when there is no file at `path`.
pub fn read_text_if_there(path: &Path, shown: &str) -> Result<Option<String>, Diagnostic> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(
            Code::Read,
            Some(Location::file(shown)),
            format!("cannot read the file: {e}"),
        )),
        Ok(bytes) => decode(shown, bytes).map(Some),
    }
}

/// Reads a UTF-8 text file.
pub fn read_to_string(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Writes a file, creating its parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// Writes a new file, creating its parent folders; never replaces one:
/// `false` (and nothing written) when there is already something at `path`.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    Ok(true)
}

/// Replaces the file at `path` whole: the new text is written beside it
/// and renamed over it, so an interrupted write never leaves half a file.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.induct-new"));
    write(&temporary, bytes)?;
    rename(&temporary, path)
}

/// The names of the entries of the folder at `path`, each with whether
/// it is a folder, sorted; none when there is no folder there.
pub fn list_dir(path: &Path) -> Result<Vec<(String, bool)>, Error> {
    let entries = match std::fs::read_dir(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
        Ok(entries) => entries,
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        let is_dir = entry.path().is_dir();
        names.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
    }
    names.sort();
    Ok(names)
}

pub fn create_dir_all(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

/// Removes a folder and everything in it; a folder that is not there is fine.
pub fn remove_dir_all(path: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

pub fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to).map_err(|e| Error::io(from, e))
}

/// A file found under a walked folder.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the walked folder, with `/` separators (any bytes
    /// that are not UTF-8 replaced).
    pub rel: String,
    /// False when the path is not valid UTF-8.
    pub utf8: bool,
}

/// What [`walk_files`] found under a folder.
#[derive(Debug, Default)]
pub struct Walk {
    /// Every file, sorted by path.
    pub files: Vec<FoundFile>,
    /// Entries that were not walked, and why, sorted by path.
    pub left_out: Vec<LeftOut>,
}

/// An entry [`walk_files`] did not walk into or list.
#[derive(Debug)]
pub struct LeftOut {
    /// Path relative to the walked folder, with `/` separators (empty for
    /// the folder itself).
    pub rel: String,
    pub why: Why,
}

/// Why an entry was left out of a walk.
#[derive(Debug)]
pub enum Why {
    /// A symbolic link to a file outside the folder given as `inside`.
    FileOutside,
    /// A symbolic link to a folder outside the folder given as `inside`:
    /// nothing in it was walked.
    FolderOutside,
    /// A symbolic link to something that does not exist: where it points.
    Dangling(PathBuf),
    /// A symbolic link to a folder it is itself in (relative to the walked
    /// folder, empty for the walked folder itself).
    Loop(String),
    /// Anything else that could not be read (permissions, a disk error).
    Unreadable(std::io::Error),
}

impl Walk {
    /// The files, or an error naming the first entry that was left out, for
    /// a folder where nothing may be missing.
    pub fn into_files(self, dir: &Path) -> Result<Vec<FoundFile>, Error> {
        match self.left_out.into_iter().next() {
            None => Ok(self.files),
            Some(left) => {
                let io = match left.why {
                    Why::Unreadable(e) => e,
                    Why::Dangling(_) => std::io::Error::from(std::io::ErrorKind::NotFound),
                    Why::Loop(_) => std::io::Error::other("symbolic link loop"),
                    Why::FileOutside | Why::FolderOutside => {
                        std::io::Error::other("symbolic link out of the course")
                    }
                };
                Err(Error::io(dir.join(left.rel), io))
            }
        }
    }
}

/// Every file under `dir`, sorted by path, skipping hidden files and
/// folders (`.git`, `.DS_Store`) and editor temporaries (`x~`, `#x#`, `.x.swp`).
/// Symbolic links are followed, except links to what is not under
/// `inside` (when given), links to nothing and links back to a folder
/// they are in: those are listed in [`Walk::left_out`], as is anything
/// that cannot be read, and the walk goes on.
pub fn walk_files(dir: &Path, inside: Option<&Path>) -> Walk {
    let mut walk = Walk::default();
    let mut outside = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            // Only a symbolic link can lead out of `inside`; a folder
            // reached through one that stays inside is inside too.
            let Some(inside) = inside.filter(|_| e.path_is_symlink()) else {
                return true;
            };
            if std::fs::canonicalize(e.path()).is_ok_and(|real| real.starts_with(inside)) {
                return true;
            }
            let why = if e.file_type().is_dir() {
                Why::FolderOutside
            } else {
                Why::FileOutside
            };
            outside.push(LeftOut {
                rel: relative(dir, e.path()).0,
                why,
            });
            false
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let why = if let Some(ancestor) = e.loop_ancestor() {
                    Why::Loop(relative(dir, ancestor).0)
                } else {
                    match (std::fs::read_link(&path), e.into_io_error()) {
                        (Ok(target), Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            Why::Dangling(target)
                        }
                        // Deleted while the folder was read (an editor's
                        // temporary file): it is not part of the course.
                        (Err(_), Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            continue;
                        }
                        (_, io) => Why::Unreadable(
                            io.unwrap_or_else(|| std::io::Error::other("cannot be read")),
                        ),
                    }
                };
                walk.left_out.push(LeftOut {
                    rel: relative(dir, &path).0,
                    why,
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let (rel, utf8) = relative(dir, entry.path());
        walk.files.push(FoundFile {
            path: entry.path().to_path_buf(),
            rel,
            utf8,
        });
    }
    walk.left_out.append(&mut outside);
    walk.left_out.sort_by(|a, b| a.rel.cmp(&b.rel));
    walk
}

/// `path` relative to `dir` with `/` separators (bytes that are not UTF-8
/// replaced), and whether it was valid UTF-8.
fn relative(dir: &Path, path: &Path) -> (String, bool) {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    let rel = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    (rel, relative.to_str().is_some())
}

/// Names that never belong to a course: hidden files and editor leftovers.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// `path` made absolute and free of `.`, `..` and symbolic links as far as
/// the path exists, so two spellings of one folder compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Resolve symbolic links in the longest prefix that exists.
    let mut existing = clean.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return clean,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".x.md.swp",
            "x.md~",
            "#x.md#",
            ".#x.md",
            "4913",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["x.md", "diagram.png", "01-stigma.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn walk_lists_files_relative_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("b/x.md"), b"x").unwrap();
        write(&dir.path().join("a.md"), b"a").unwrap();
        write(&dir.path().join("b/.x.md.swp"), b"").unwrap();
        let rels: Vec<_> = walk_files(dir.path(), None)
            .files
            .into_iter()
            .map(|f| f.rel)
            .collect();
        assert_eq!(rels, ["a.md", "b/x.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_that_cannot_be_walked_are_left_out_with_the_reason() {
        use std::os::unix::fs::symlink;
        let course = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let dir = course.path().join("content");
        write(&dir.join("a.md"), b"a").unwrap();
        write(&outside.path().join("secret.md"), b"s").unwrap();
        symlink("nowhere.md", dir.join("b.md")).unwrap();
        create_dir_all(&dir.join("sub")).unwrap();
        symlink("..", dir.join("sub/up")).unwrap();
        symlink(outside.path(), dir.join("sub/out")).unwrap();
        symlink(outside.path().join("secret.md"), dir.join("c.md")).unwrap();
        let walk = walk_files(&dir, Some(&normalize(course.path())));
        let rels: Vec<_> = walk.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.md"]);
        let left: Vec<String> = walk
            .left_out
            .iter()
            .map(|l| format!("{} {:?}", l.rel, l.why))
            .collect();
        assert_eq!(
            left,
            [
                "b.md Dangling(\"nowhere.md\")",
                "c.md FileOutside",
                "sub/out FolderOutside",
                "sub/up Loop(\"\")",
            ]
        );
        // Without `inside`, links out are followed; the rest still fail a
        // folder where nothing may be missing, naming the entry.
        let err = walk_files(&dir, None).into_files(&dir).unwrap_err();
        assert!(err.to_string().contains("content/b.md"), "{err}");
    }

    #[test]
    fn normalize_resolves_dots() {
        let dir = tempfile::tempdir().unwrap();
        let a = normalize(&dir.path().join("x/../y"));
        let b = normalize(&dir.path().join("y"));
        assert_eq!(a, b);
    }
}
