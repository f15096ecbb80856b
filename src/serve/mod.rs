//! Serve: a live preview of the course for its authors.
//!
//! Input: the course's [`Config`] and where to listen. The site is built
//! into memory ([`memory::Memory`]) — never into the course or its
//! `site/` — and served over HTTP with tiny_http ([`http`]). A watcher
//! ([`crate::watch`]) rebuilds on every save; each build is a new
//! generation. A build that fails keeps the last good site and records its
//! problems; every page served carries a small script (added only here,
//! never in `build` output) that long-polls the server, reloads the page
//! when a new generation is good, and shows the problems in an overlay
//! when it is not.

pub mod http;
pub mod memory;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use memory::{Memory, Stored};

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub host: String,
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
}

/// One build of the site as the preview serves it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Counts builds from 1; the live-reload script compares it.
    pub generation: u64,
    /// The last good site.
    pub files: Arc<HashMap<String, Stored>>,
    /// The problems of the latest build: errors (the site shown is then
    /// the last good one) and warnings.
    pub problems: Arc<Vec<Diagnostic>>,
}

/// The preview's state, shared by the watcher and every request.
#[derive(Default)]
pub struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

impl Shared {
    /// The current snapshot.
    pub fn current(&self) -> Snapshot {
        self.snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until the generation is not `seen`, or `timeout` passes.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> Snapshot {
        let guard = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }

    /// Builds the course and makes the result the current generation: the
    /// new site when the build succeeds, else the last good one with the
    /// build's problems.
    pub fn rebuild(&self, config: &Config) -> BuildReport {
        let started = Instant::now();
        let memory = Memory::default();
        let result = crate::build(config, &memory);
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        let report = match result {
            Ok(built) => {
                snapshot.files = Arc::new(memory.into_files());
                snapshot.problems = Arc::new(built.warnings);
                BuildReport {
                    ok: true,
                    pages: built.pages,
                    millis: started.elapsed().as_millis(),
                }
            }
            Err(e) => {
                let problems = match e {
                    Error::Content(problems) => problems,
                    other => vec![Diagnostic::error("io", None, other.to_string())],
                };
                snapshot.problems = Arc::new(problems);
                BuildReport {
                    ok: false,
                    pages: 0,
                    millis: started.elapsed().as_millis(),
                }
            }
        };
        drop(snapshot);
        self.changed.notify_all();
        report
    }
}

/// What one rebuild did.
pub struct BuildReport {
    pub ok: bool,
    pub pages: usize,
    pub millis: u128,
}

/// Builds, serves and rebuilds on change until the process is stopped
/// (Ctrl-C: nothing is written anywhere, so nothing needs cleaning up).
pub fn run(mut config: Config, options: &Options) -> Result<(), Error> {
    config.preview = true;
    let host: IpAddr = options.host.parse().map_err(|_| {
        Error::usage_with_help(
            format!("`{}` is not an IP address", options.host),
            "give one such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network)",
        )
    })?;
    if !host.is_loopback() {
        eprintln!(
            "warning: serving on {host}: other computers on the network can read the preview, drafts and held-back stories included"
        );
    }
    // Watch before the first build, so a save during it is not missed.
    let watcher = crate::watch::Watcher::start(&config)?;
    let shared = Arc::new(Shared::default());
    let report = shared.rebuild(&config);
    print_report(&shared, &report);

    let address = std::net::SocketAddr::new(host, options.port);
    let server = tiny_http::Server::http(address).map_err(|e| {
        Error::usage_with_help(
            format!("cannot listen on {address}: {e}"),
            "another program may be using the port: choose another with `--port`",
        )
    })?;
    // The port the system gave, when asked for port 0.
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    let url = match host {
        IpAddr::V6(_) => format!("http://[{host}]:{port}/"),
        IpAddr::V4(_) => format!("http://{host}:{port}/"),
    };
    eprintln!("induct: serving {} at {url} (Ctrl-C to stop)", config.title);
    if options.open {
        open_browser(&url);
    }

    {
        let shared = Arc::clone(&shared);
        let config = config.clone();
        std::thread::spawn(move || {
            while watcher.next_change().is_some() {
                let report = shared.rebuild(&config);
                print_report(&shared, &report);
            }
        });
    }

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::respond(&shared, request));
    }
    Ok(())
}

fn print_report(shared: &Shared, report: &BuildReport) {
    let snapshot = shared.current();
    crate::cmd::print_problems(&snapshot.problems);
    if report.ok {
        eprintln!(
            "induct: built {} page{} in {} ms",
            report.pages,
            if report.pages == 1 { "" } else { "s" },
            report.millis
        );
    } else {
        eprintln!("induct: the build failed; still serving the last good site (the errors show on every page)");
    }
}

/// Opens `url` in the default browser, if there is one to open.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("induct: could not open a browser ({command}: {e}); open {url} yourself");
    }
}
