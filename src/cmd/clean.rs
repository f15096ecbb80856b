//! `induct clean [DIR]`: remove the built site and any leftover staging folders.

use std::path::Path;

use crate::error::Error;
use crate::write;

pub fn run(dir: &Path) -> Result<(), Error> {
    let (config, _) = crate::load_config(dir)?;
    let out = crate::checked_output_dir(&config, None, "remove")?;
    for folder in [write::sibling(&out, "staging"), write::sibling(&out, "old")] {
        crate::fs::remove_dir_all(&folder)?;
    }
    if out.exists() {
        crate::fs::remove_dir_all(&out)?;
        eprintln!("induct: removed {}", super::shown(&out));
    } else {
        eprintln!("induct: nothing to clean");
    }
    Ok(())
}
