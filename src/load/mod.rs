//! Load: walk `content/` and read what is there.
//!
//! Input: the validated [`Config`]. Output: [`Sources`] — every markdown file
//! with its front matter parsed and its body located, and every other file
//! as an asset to copy — plus a diagnostic for each file that could not be
//! understood. Nothing here knows about URLs or HTML.

pub mod front_matter;
pub mod nesting;
pub mod support;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Location};
use crate::fs;
pub use front_matter::{Anonymisation, FrontMatter, Kind, StoryMeta};

/// Files in `content/` that are inputs of later stages, not assets.
const RESERVED: &[&str] = &["support.yaml"];

/// A markdown file of the course.
#[derive(Debug)]
pub struct SourceFile {
    /// Path from the course root, e.g. `content/modules/01-stigma.md`: how
    /// diagnostics name the file.
    pub path: String,
    /// Path from `content/`, e.g. `modules/01-stigma.md`.
    pub rel: String,
    /// The whole file.
    pub text: String,
    /// Byte offset where the markdown body starts, after the front matter.
    pub body_start: usize,
    pub front: FrontMatter,
    /// A page or a scenario, from where the file is.
    pub kind: Kind,
}

impl SourceFile {
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

/// Any other file in `content/`, copied to the same relative path.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: std::path::PathBuf,
    /// Path from `content/`, which is also its path in the output.
    pub rel: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
    /// Markdown files (relative to `content/`) that could not be read or
    /// parsed; already reported, so links to them are not reported again.
    pub failed: Vec<String>,
    /// The support directory, when `content/support.yaml` exists (empty
    /// when it does not read: its errors are reported).
    pub support: Option<support::Directory>,
}

/// Reads the course's `content/` folder. Files that cannot be parsed are
/// reported and left out; an unreadable folder is an [`Error::Io`].
pub fn load(config: &Config) -> Result<(Sources, Vec<Diagnostic>), Error> {
    let content = config.content_dir();
    if !content.is_dir() {
        return Err(Error::Content(vec![Diagnostic::error(
            "no-content",
            Some(Location::file("content")),
            "the course has no `content/` folder",
        )
        .with_help(
            "create `content/index.md`, or start a new course with `induct init`",
        )]));
    }
    let found = fs::walk_files(&content)?;
    let mut problems = Vec::new();
    // A symbolic link may point anywhere; only what is inside the course
    // can become part of its site.
    let course = fs::normalize(&config.root);
    let found: Vec<fs::FoundFile> = found
        .into_iter()
        .filter(|f| {
            let inside = std::fs::canonicalize(&f.path).is_ok_and(|real| real.starts_with(&course));
            if !inside {
                problems.push(
                    Diagnostic::warning(
                        "link-outside-course",
                        Some(Location::file(format!("content/{}", f.rel))),
                        "this is a symbolic link to a file outside the course, so it is left out of the site",
                    )
                    .with_help("copy the file into `content/` if it belongs in the site"),
                );
            }
            inside
        })
        .collect();
    let found: Vec<fs::FoundFile> = found
        .into_iter()
        .filter(|f| {
            if !f.utf8 {
                problems.push(
                    Diagnostic::error(
                        "encoding",
                        Some(Location::file(format!("content/{}", f.rel))),
                        "the file name is not valid UTF-8, so it cannot be given a URL",
                    )
                    .with_help("rename the file using letters, digits and hyphens"),
                );
            }
            f.utf8
        })
        .collect();
    let (markdown, other): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| is_markdown(&f.rel));
    let mut support = None;
    let mut support_failed = false;
    if let Some(f) = other.iter().find(|f| f.rel == support::FILE) {
        let path = format!("content/{}", support::FILE);
        match fs::read_to_string(&f.path) {
            // A directory that does not read still has its page, so links
            // to it are not reported as broken on top of its errors.
            Ok(text) => match support::parse(&path, &text) {
                Ok(services) => support = Some(services),
                Err(found) => {
                    problems.extend(found);
                    support = Some(support::Directory::default());
                    support_failed = true;
                }
            },
            Err(e) => problems.push(Diagnostic::error(
                "read",
                Some(Location::file(&path)),
                format!("cannot read the file: {e}"),
            )),
        }
    }
    let assets = other
        .into_iter()
        .filter(|f| !RESERVED.contains(&f.rel.as_str()))
        .map(|f| Asset {
            source: f.path,
            rel: f.rel,
        })
        .collect();

    let parsed: Vec<(String, Result<SourceFile, Diagnostic>)> = markdown
        .into_par_iter()
        .map(|f| (f.rel.clone(), read_source(&f)))
        .collect();
    let mut files = Vec::with_capacity(parsed.len());
    let mut failed = Vec::new();
    if support_failed {
        failed.push(support::FILE.to_string());
    }
    for (rel, result) in parsed {
        match result {
            Ok(file) => files.push(file),
            Err(d) => {
                failed.push(rel);
                problems.push(d);
            }
        }
    }
    Ok((
        Sources {
            files,
            assets,
            failed,
            support,
        },
        problems,
    ))
}

/// `.md` in any letter case.
pub fn is_markdown(rel: &str) -> bool {
    rel.len() > 3
        && rel.is_char_boundary(rel.len() - 3)
        && rel[rel.len() - 3..].eq_ignore_ascii_case(".md")
}

/// Reads one markdown file again (`rel` from `content/`), for the
/// preview's rebuild of a single page.
pub fn reload(config: &Config, rel: &str) -> Result<SourceFile, Diagnostic> {
    read_source(&fs::FoundFile {
        path: config.content_dir().join(rel),
        rel: rel.to_string(),
        utf8: true,
    })
}

fn read_source(found: &fs::FoundFile) -> Result<SourceFile, Diagnostic> {
    let path = format!("content/{}", found.rel);
    let bytes = std::fs::read(&found.path).map_err(|e| {
        Diagnostic::error(
            "read",
            Some(Location::file(&path)),
            format!("cannot read the file: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::error::line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Diagnostic::error(
            "encoding",
            Some(Location::at(&path, line, col)),
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8 in your editor")
    })?;
    let split = front_matter::split(&path, &text)?;
    let (front, kind) = front_matter::parse_kind(&path, &found.rel, &text, &split)?;
    let body_start = split.body_start;
    Ok(SourceFile {
        path,
        rel: found.rel.clone(),
        text,
        body_start,
        front,
        kind,
    })
}
