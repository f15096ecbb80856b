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
use crate::error::{Code, Diagnostic, Error, Location};
use crate::fs;
pub use front_matter::{Anonymisation, Basis, ConsentForm, FrontMatter, Kind, Review, StoryMeta};

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

/// Reads the course's `content/` folder. Files that cannot be read or
/// parsed are reported and left out, as are symbolic links that lead out
/// of the course, to nothing or round in a loop.
pub fn load(config: &Config) -> Result<(Sources, Vec<Diagnostic>), Error> {
    let content = config.content_dir();
    if !content.is_dir() {
        return Err(Error::Content(vec![Diagnostic::error(
            Code::NoContent,
            Some(Location::file("content")),
            "the course has no `content/` folder",
        )
        .with_help(
            "create `content/index.md`, or start a new course with `induct init`",
        )]));
    }
    // A symbolic link may point anywhere; only what is inside the course
    // can become part of its site.
    let walk = fs::walk_files(&content, Some(&fs::normalize(&config.root)));
    let mut problems: Vec<Diagnostic> = walk.left_out.iter().map(left_out).collect();
    let found: Vec<fs::FoundFile> = walk
        .files
        .into_iter()
        .filter(|f| {
            if !f.utf8 {
                problems.push(
                    Diagnostic::error(
                        Code::Encoding,
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
        let text = fs::read_text(&f.path, &path);
        // A directory that does not read still has its page, so links to
        // it (and short links and links.lock addresses of its services)
        // are not reported as broken on top of its errors.
        match text
            .map_err(|d| vec![d])
            .and_then(|text| support::parse(&path, &text))
        {
            Ok(services) => support = Some(services),
            Err(found) => {
                problems.extend(found);
                support = Some(support::Directory::default());
                support_failed = true;
            }
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

/// Why an entry of `content/` is not part of the site. Symbolic links
/// that lead out of the course, to nothing, or round in a loop are left
/// out with a warning (the rest of the course still builds, and a page
/// that links to what is missing gets its own broken-link error); an
/// entry that cannot be read fails the build.
fn left_out(left: &fs::LeftOut) -> Diagnostic {
    let at = Some(Location::file(format!("content/{}", left.rel)));
    match &left.why {
        fs::Why::FileOutside => Diagnostic::warning(
            Code::LinkOutsideCourse,
            at,
            "this is a symbolic link to a file outside the course, so it is left out of the site",
        )
        .with_help("copy the file into `content/` if it belongs in the site"),
        fs::Why::FolderOutside => Diagnostic::warning(
            Code::LinkOutsideCourse,
            at,
            "this is a symbolic link to a folder outside the course, so it and everything in it are left out of the site",
        )
        .with_help("copy the folder into `content/` if it belongs in the site"),
        fs::Why::Dangling(target) => Diagnostic::warning(
            Code::LinkToNothing,
            at,
            format!(
                "this symbolic link points to nothing (`{}` does not exist), so it is left out of the site",
                crate::error::display_path(target)
            ),
        )
        .with_help("point the link at a file that exists, or delete it"),
        fs::Why::Loop(ancestor) => Diagnostic::warning(
            Code::LinkLoop,
            at,
            format!(
                "this symbolic link leads back to `content/{ancestor}`, a folder it is in, so it is left out of the site"
            ),
        )
        .with_help("delete the link: everything in that folder is already part of the site"),
        fs::Why::Unreadable(e) => Diagnostic::error(Code::Read, at, format!("cannot read this: {e}"))
            .with_help("check that you can open it, and its permissions"),
    }
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
    let text = fs::read_text(&found.path, &path)?;
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
