//! `induct check [DIR] [--format json] [--publish]`: every check of `build`
//! (of `build --publish` with `--publish`), nothing written.
//!
//! With `--format json` the report is always one JSON object on standard
//! output, even when DIR is not a course at all (exit code 2 then):
//! `diagnostics`, every problem, and `stories`, what the check found of
//! each story (its review, whether it is published, its findings).

use std::path::Path;

use crate::check::stories::StoryReport;
use crate::cli::Format;
use crate::error::{json_list, Code, Diagnostic, Error};

pub fn run(dir: &Path, format: Format, publish: bool) -> Result<(), Error> {
    let (diagnostics, stories) = match crate::load_config(dir) {
        Ok((config, run)) => crate::check_with_stories(&config, &run.publishing(publish, &config)),
        Err(Error::Content(all)) => (all, Vec::new()),
        Err(other) => {
            if format == Format::Json {
                let (code, help) = match &other {
                    Error::Usage { help, .. } => (Code::Usage, help.clone()),
                    _ => (Code::Io, None),
                };
                let mut d = Diagnostic::error(code, None, other.to_string());
                d.help = help;
                println!("{}", report(&[d], &[]));
            }
            return Err(other);
        }
    };
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    match format {
        Format::Json => println!("{}", report(&diagnostics, &stories)),
        Format::Text => {
            super::print_diagnostics(&diagnostics);
            if !failed {
                eprintln!("induct: no problems found");
            }
        }
    }
    if failed {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

/// The JSON report: the diagnostics, and the stories.
fn report(diagnostics: &[Diagnostic], stories: &[StoryReport]) -> String {
    let report = serde_json::json!({
        "diagnostics": json_list(diagnostics),
        "stories": stories,
    });
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|_| String::from("{\"diagnostics\":[],\"stories\":[]}"))
}
