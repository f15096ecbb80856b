//! `induct check [DIR] [--format json]`: every check of `build`, nothing written.
//!
//! With `--format json` the report is always one JSON object on standard
//! output, even when DIR is not a course at all (exit code 2 then).

use std::path::Path;

use crate::cli::Format;
use crate::error::{render_json, Code, Diagnostic, Error};

pub fn run(dir: &Path, format: Format) -> Result<(), Error> {
    let diagnostics: Vec<Diagnostic> = match crate::load_config(dir) {
        Ok((config, run)) => crate::check(&config, &run),
        Err(Error::Content(all)) => all,
        Err(other) => {
            if format == Format::Json {
                let (code, help) = match &other {
                    Error::Usage { help, .. } => (Code::Usage, help.clone()),
                    _ => (Code::Io, None),
                };
                let mut d = Diagnostic::error(code, None, other.to_string());
                d.help = help;
                println!("{}", render_json(&[d]));
            }
            return Err(other);
        }
    };
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    match format {
        Format::Json => println!("{}", render_json(&diagnostics)),
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
