//! Disk access for the pipeline: reading sources, walking `content/`, and
//! the primitives `write` uses. Every error names the path it was about, so
//! no caller has to remember to add it.

use std::path::{Component, Path, PathBuf};

use crate::error::{Diagnostic, Error, Location};

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
            "encoding",
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
            "read",
            Some(Location::file(shown)),
            format!("cannot read the file: {e}"),
        )
    })?;
    decode(shown, bytes)
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

/// Every file under `dir`, sorted by path, skipping hidden files and
/// folders (`.git`, `.DS_Store`) and editor temporaries (`x~`, `#x#`, `.x.swp`).
/// Symbolic links are followed.
pub fn walk_files(dir: &Path) -> Result<Vec<FoundFile>, Error> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            let io = e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("symbolic link loop"));
            Error::io(path, io)
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let utf8 = relative.to_str().is_some();
        let rel = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(FoundFile {
            path: entry.path().to_path_buf(),
            rel,
            utf8,
        });
    }
    Ok(files)
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
        let rels: Vec<_> = walk_files(dir.path())
            .unwrap()
            .into_iter()
            .map(|f| f.rel)
            .collect();
        assert_eq!(rels, ["a.md", "b/x.md"]);
    }

    #[test]
    fn normalize_resolves_dots() {
        let dir = tempfile::tempdir().unwrap();
        let a = normalize(&dir.path().join("x/../y"));
        let b = normalize(&dir.path().join("y"));
        assert_eq!(a, b);
    }
}
