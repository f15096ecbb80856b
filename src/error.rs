//! Diagnostics: what every stage reports when the course is wrong.
//!
//! Stages never print and never stop at the first problem: they return
//! `Diagnostic`s, and the command collects them all and renders them once —
//! as compiler-style terminal text, or as the JSON of `check --format json`.
//! A diagnostic names the file (relative to the course root), the line and
//! column (1-based, lines of the whole file), what is wrong and how to fix it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod code;
pub use code::Code;

/// How bad a diagnostic is. Errors fail the build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a path relative to the course root, and optionally a
/// 1-based line and column in that file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
}

impl Location {
    /// A whole file, without a position.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            col: None,
        }
    }

    /// A position in a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            col: Some(col),
        }
    }
}

/// `content/a.md:3:1`, as diagnostics show it.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// One problem found in a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is; `code.as_str()` is its stable
    /// machine-readable name, e.g. `broken-link`.
    pub code: Code,
    pub location: Option<Location>,
    pub message: String,
    /// What the author can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Terminal form: `error: content/x.md:12:5: message` and a `help:` line.
    pub fn render_text(&self, colour: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let mut out = String::new();
        if colour {
            let _ = write!(out, "{paint}{label}\x1b[0m: ");
        } else {
            let _ = write!(out, "{label}: ");
        }
        if let Some(loc) = &self.location {
            let _ = write!(out, "{loc}: ");
        }
        out.push_str(&self.message);
        if let Some(help) = &self.help {
            if colour {
                let _ = write!(out, "\n  \x1b[1;36mhelp\x1b[0m: {help}");
            } else {
                let _ = write!(out, "\n  help: {help}");
            }
        }
        out
    }

    fn to_json(&self) -> JsonDiagnostic<'_> {
        let loc = self.location.as_ref();
        JsonDiagnostic {
            severity: self.severity,
            code: self.code,
            file: loc.map(|l| display_path(&l.path)),
            line: loc.and_then(|l| l.line),
            column: loc.and_then(|l| l.col),
            message: &self.message,
            help: self.help.as_deref(),
        }
    }
}

/// A path as shown to authors: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: Code,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// The diagnostics as a JSON array, as `check --format json` lists them
/// (for the preview's error overlay).
pub fn json_list(diagnostics: &[Diagnostic]) -> serde_json::Value {
    serde_json::to_value(
        diagnostics
            .iter()
            .map(Diagnostic::to_json)
            .collect::<Vec<_>>(),
    )
    .unwrap_or(serde_json::Value::Array(Vec::new()))
}

/// Sorts diagnostics for reading: by file, then position, errors first on a tie.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then(a.severity.cmp(&b.severity))
            .then(a.message.cmp(&b.message))
    });
}

/// Whether to colour standard error: only on a terminal, and never with `NO_COLOR`.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics on standard error, one block each, without the
/// summary line of a failed build (for the preview, which goes on serving).
pub fn print_problems(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let colour = colour();
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render_text(colour));
    }
}

/// The JSON document printed by `check --format json`.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        diagnostics: diagnostics.iter().map(Diagnostic::to_json).collect(),
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| String::from("{\"diagnostics\":[]}"))
}

/// Why a command could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The course has problems; every one found is listed.
    #[error("the course has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// Content errors that the command has already reported (exit code 1).
    #[error("the course has errors")]
    Reported,
    /// The command was asked for something it cannot do (exit code 2).
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
    /// Writing the output failed (the message names the path).
    #[error("{0}")]
    Write(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", display_path(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: None,
        }
    }

    pub fn usage_with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Byte offset → 1-based (line, column) in `text`, column counted in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// Maps byte offsets of one file to 1-based (line, column) quickly: built
/// once per file, then a binary search per lookup.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Line and column (in characters) of `offset` in `text`, the text the
    /// index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }
}

/// The known name closest to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_reads_like_a_compiler() {
        let d = Diagnostic::error(
            Code::BrokenLink,
            Some(Location::at("content/modules/stigma.md", 12, 5)),
            "no page `x.md`",
        )
        .with_help("check the path");
        assert_eq!(
            d.render_text(false),
            "error: content/modules/stigma.md:12:5: no page `x.md`\n  help: check the path"
        );
        assert!(d.render_text(true).contains("\x1b[1;31merror\x1b[0m"));
    }

    #[test]
    fn json_form_has_the_documented_fields() {
        let d = Diagnostic::warning(Code::UnknownLanguage, Some(Location::at("a.md", 3, 1)), "m");
        let v: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        let first = &v["diagnostics"][0];
        assert_eq!(first["severity"], "warning");
        assert_eq!(first["code"], "unknown-language");
        assert_eq!(first["file"], "a.md");
        assert_eq!(first["line"], 3);
        assert_eq!(first["column"], 1);
        assert_eq!(first["message"], "m");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // `d` comes after a two-byte `é`: byte 7, character column 4.
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\ncé d\n\nx";
        let index = LineIndex::new(text);
        for offset in [0, 1, 3, 7, 9, 10, 11] {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn closest_suggests_typos_only() {
        assert_eq!(closest("titel", ["title", "summary"]), Some("title"));
        assert_eq!(closest("zzz", ["title", "summary"]), None);
    }
}
