//! `induct build [DIR] [-d OUT] [--publish]`: build the site and write it
//! atomically; with `--publish` (or `[site] publish`), as the site to publish.

use std::path::Path;
use std::time::Instant;

use crate::error::Error;

pub fn run(dir: &Path, dest: Option<&Path>, publish: bool) -> Result<(), Error> {
    let started = Instant::now();
    let (config, run) = crate::load_config(dir)?;
    let run = run.publishing(publish, &config);
    let out = match crate::checked_output_dir(&config, dest, crate::WRITE_SITE) {
        Ok(out) => out,
        // A refused `output_dir` is a problem of the course: reported with
        // every other one, exactly as `check` reports it.
        Err(Error::Content(_)) => return Err(Error::Content(crate::check(&config, &run))),
        Err(e) => return Err(e),
    };
    let staging = crate::write::Staging::create(&out)?;
    let built = crate::build(&config, &run, &staging)?;
    super::print_diagnostics(&built.warnings);
    let mut timer = crate::StageTimer::new();
    staging.commit()?;
    timer.lap("commit");
    if let Some(lines) = &built.lock {
        write_lock(&config.root, lines)?;
    }
    eprintln!(
        "induct: built {} page{} into {} in {} ms",
        built.pages,
        if built.pages == 1 { "" } else { "s" },
        super::shown(&out),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Records the site's links in `links.lock`, replacing it whole (a file
/// beside it renamed over it), so an interrupted write never leaves half
/// a record.
fn write_lock(root: &Path, lines: &[String]) -> Result<(), Error> {
    use crate::check::lock::lock_text;
    use crate::model::permalinks::LOCK_FILE;
    let path = root.join(LOCK_FILE);
    let before = std::fs::read_to_string(&path).map_or(0, |t| {
        t.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count()
    });
    let temporary = root.join(format!(".{LOCK_FILE}.induct-new"));
    crate::fs::write(&temporary, lock_text(lines).as_bytes())?;
    crate::fs::rename(&temporary, &path)?;
    let added = lines.len().saturating_sub(before);
    eprintln!(
        "induct: recorded {added} new link{} in {LOCK_FILE}; commit it with the course",
        if added == 1 { "" } else { "s" }
    );
    Ok(())
}
