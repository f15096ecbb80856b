//! `induct check [DIR] [--format json]`: every check of `build`, nothing written.

use std::path::Path;

use crate::cli::Format;
use crate::error::{render_json, Diagnostic, Error};

pub fn run(dir: &Path, format: Format) -> Result<(), Error> {
    let config = crate::load_config(dir);
    let diagnostics: Vec<Diagnostic> =
        match config.and_then(|c| crate::build(&c, &crate::render::Discard)) {
            Ok(built) => built.warnings,
            Err(Error::Content(all)) => all,
            Err(other) => return Err(other),
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
