//! The `induct` binary: parse the command line, run the command, print what
//! went wrong, exit 0 (success), 1 (content errors) or 2 (usage errors).

use std::process::ExitCode;

use clap::Parser;
use induct::cli::Cli;
use induct::error::Error;

// A build allocates many small strings on every thread; mimalloc is
// measurably faster at that than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with code 2.
    let cli = Cli::parse();
    match induct::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Content(diagnostics)) => {
            induct::cmd::print_diagnostics(&diagnostics);
            ExitCode::from(1)
        }
        Err(Error::Reported) => ExitCode::from(1),
        Err(Error::Usage { message, help }) => {
            eprintln!("error: {message}");
            if let Some(help) = help {
                eprintln!("  help: {help}");
            }
            ExitCode::from(2)
        }
        Err(e @ (Error::Io { .. } | Error::Write(_))) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
