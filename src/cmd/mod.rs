//! One module per subcommand. Each returns `Ok` or an [`Error`]; `main`
//! turns that into an exit code. Diagnostics go to standard error (in
//! colour on a terminal), except `check --format json`, which prints its
//! report on standard output.

pub mod build;
pub mod check;
pub mod clean;
pub mod init;
pub mod link;
pub mod new;
pub mod serve;

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, Command};
use crate::error::{Diagnostic, Error};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build {
            dir,
            dest_dir,
            publish,
        } => build::run(&dir, dest_dir.as_deref(), publish),
        Command::Check {
            dir,
            format,
            publish,
        } => check::run(&dir, format, publish),
        Command::Init { dir } => init::run(&dir),
        Command::New {
            kind,
            name,
            dir,
            within,
        } => new::run(&dir, kind, &name, within.as_deref()),
        Command::Link {
            query,
            dir,
            blurb,
            limit,
        } => link::run(&dir, &query, blurb, limit),
        Command::Clean { dir } => clean::run(&dir),
        Command::Serve {
            dir,
            port,
            host,
            open,
        } => serve::run(&dir, &crate::serve::Options { host, port, open }),
    }
}

pub use crate::error::{colour, print_problems};

/// Prints diagnostics on standard error, one block each. Standard error
/// is unbuffered, and a links.lock that lost 100,000 lines makes as many
/// diagnostics: they are written in large pieces, not a few bytes a call.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let colour = colour();
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render_text(colour));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        let _ = writeln!(err, "{}", summary(errors, warnings));
    }
    let _ = err.flush();
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut s = format!("induct: {} found", plural(errors, "error"));
    if warnings > 0 {
        s.push_str(&format!(" ({})", plural(warnings, "warning")));
    }
    s.push_str("; nothing was written");
    s
}

/// `path` relative to the current folder when it is below it, for messages.
pub fn shown(path: &Path) -> String {
    let here = std::env::current_dir()
        .ok()
        .map(|d| crate::fs::normalize(&d));
    let rel = here
        .as_deref()
        .and_then(|h| path.strip_prefix(h).ok())
        .filter(|r| !r.as_os_str().is_empty());
    crate::error::display_path(rel.unwrap_or(path))
}
