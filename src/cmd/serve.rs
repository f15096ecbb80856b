//! `induct serve [DIR] [--port N] [--host ADDR] [--open]`: the live preview.

use std::path::Path;

use crate::error::Error;

pub fn run(dir: &Path, options: &crate::serve::Options) -> Result<(), Error> {
    let config = crate::load_config(dir)?;
    crate::serve::run(config, options)
}
