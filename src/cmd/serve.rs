//! `induct serve [DIR] [--port N] [--host ADDR] [--open]`: the live preview.

use std::path::Path;

use crate::error::Error;

pub fn run(dir: &Path, options: &crate::serve::Options) -> Result<(), Error> {
    let (config, run) = crate::load_config(dir)?;
    // A panic on one of the server's threads (a worker, the notifier of
    // long polls) would leave the preview running without answering: stop
    // with a message instead.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_server = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(crate::serve::server::THREAD_PREFIX));
        if in_server {
            eprintln!("error: the preview stopped accepting connections ({info})");
            eprintln!(
                "  help: start `induct serve` again; close programs holding many connections to it"
            );
            std::process::exit(1);
        }
        default_hook(info);
    }));
    crate::serve::run(config, run, options)
}
