//! induct's integration tests: one binary, linked once. Each module runs the
//! real `induct` binary on fixture courses from `tests/fixtures/` and
//! asserts on exit codes, messages and the HTML written (parsed with
//! scraper, never matched as text where structure matters).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod broken;
mod build;
mod cli;
mod incremental;
mod new;
mod offline;
mod output;
mod permalinks;
mod print;
mod privacy;
mod scenarios;
mod search;
mod serve;
mod stories;
mod support;
mod symlinks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `tests/fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository root: the default course.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `induct ARGS` in `cwd` without colour.
pub fn induct_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run induct")
}

/// Runs `induct ARGS` in the fixtures folder.
pub fn induct(args: &[&str]) -> Output {
    induct_in(&fixtures(), args)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copies a fixture course into a fresh temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` (relative path → bytes), for comparing trees.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A file of the output parsed as HTML.
pub fn html(path: &Path) -> scraper::Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scraper::Html::parse_document(&text)
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

pub fn attr(doc: &scraper::Html, css: &str, name: &str) -> String {
    let found = select(doc, css);
    let first = found
        .first()
        .unwrap_or_else(|| panic!("nothing matches `{css}`"));
    first
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("`{css}` has no `{name}`"))
        .to_string()
}

pub fn text(doc: &scraper::Html, css: &str) -> String {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
