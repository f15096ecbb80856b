//! `induct build [DIR] [-d OUT]`: build the site and write it atomically.

use std::path::Path;
use std::time::Instant;

use crate::error::Error;

pub fn run(dir: &Path, dest: Option<&Path>) -> Result<(), Error> {
    let started = Instant::now();
    let config = crate::load_config(dir)?;
    let out = crate::checked_output_dir(&config, dest, "write the site to")?;
    let staging = crate::write::Staging::create(&out)?;
    let built = crate::build(&config, &staging)?;
    super::print_diagnostics(&built.warnings);
    let mut timer = crate::StageTimer::new();
    staging.commit()?;
    timer.lap("commit");
    eprintln!(
        "induct: built {} page{} into {} in {} ms",
        built.pages,
        if built.pages == 1 { "" } else { "s" },
        super::shown(&out),
        started.elapsed().as_millis()
    );
    Ok(())
}
