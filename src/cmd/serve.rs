//! `induct serve [DIR] [--port N] [--host ADDR] [--open]`: the live preview.

use std::path::Path;

use crate::error::Error;

pub fn run(dir: &Path, options: &crate::serve::Options) -> Result<(), Error> {
    let config = crate::load_config(dir)?;
    // tiny_http's listening thread panics when it cannot take a connection
    // (out of file descriptors) and the preview would stay running without
    // answering: stop with a message instead.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_server = info
            .location()
            .is_some_and(|l| l.file().contains("tiny_http"));
        if in_server {
            eprintln!("error: the preview stopped accepting connections ({info})");
            eprintln!(
                "  help: start `induct serve` again; close programs holding many connections to it"
            );
            std::process::exit(1);
        }
        default_hook(info);
    }));
    crate::serve::run(config, options)
}
