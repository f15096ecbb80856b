//! Serve: a live preview of the course for its authors.
//!
//! Input: the course's [`Config`], the [`Run`] (a preview) and where to
//! listen. The site is built into memory ([`memory::Memory`]) — never
//! into the course or its `site/` — and served over HTTP ([`server`] takes connections, [`http`]
//! answers requests). A watcher
//! ([`crate::watch`]) rebuilds on every save; each build is a new
//! generation. A build that fails keeps the last good site and records its
//! problems; every page served carries a small script (added only here,
//! never in `build` output) that long-polls the server, reloads the page
//! when a new generation is good, and shows the problems in an overlay
//! when it is not.

pub mod http;
pub mod memory;
pub mod server;

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::config::{Config, Run};
use crate::error::{Code, Diagnostic, Error};
use crate::model::PageKind;
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
    /// What the last good full build worked from, for rebuilding one page.
    kept: Mutex<Option<crate::Kept>>,
    /// The `Host` names requests may carry, when serving on loopback: a
    /// web page elsewhere that points its own name at 127.0.0.1 (DNS
    /// rebinding) must not read the preview. Empty: any.
    pub hosts: std::sync::OnceLock<Vec<String>>,
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
    pub fn rebuild(&self, config: &Config, run: &Run) -> BuildReport {
        let started = Instant::now();
        let memory = Memory::default();
        let result = crate::build_keeping(config, run, &memory);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        let report = match result {
            Ok((built, state)) => {
                *kept = Some(state);
                snapshot.files = Arc::new(memory.into_files());
                snapshot.problems = Arc::new(built.warnings);
                BuildReport {
                    ok: true,
                    pages: built.pages,
                    millis: started.elapsed().as_millis(),
                    one_page: false,
                }
            }
            Err(e) => {
                *kept = None;
                let problems = match e {
                    Error::Content(problems) => problems,
                    other => vec![Diagnostic::error(Code::Io, None, other.to_string())],
                };
                snapshot.problems = Arc::new(problems);
                BuildReport {
                    ok: false,
                    pages: 0,
                    millis: started.elapsed().as_millis(),
                    one_page: false,
                }
            }
        };
        drop(snapshot);
        drop(kept);
        self.changed.notify_all();
        report
    }

    /// Brings the preview up to date with the files in `changed` (paths
    /// under the course at `root`): by re-rendering one page when that is
    /// all the change can affect, else by a full rebuild.
    pub fn update(
        &self,
        config: &mut Config,
        run: &mut Run,
        root: &Path,
        changed: &[PathBuf],
    ) -> BuildReport {
        let book = root.join(crate::config::CONFIG_FILE);
        if changed.is_empty() || changed.contains(&book) {
            // book.toml changed (or the watcher lost track): read it again.
            match reload_config(root, run) {
                Ok(fresh) => (*config, *run) = fresh,
                Err(problems) => return self.fail(problems),
            }
        }
        if let Some(report) = self.one_page(config, root, changed) {
            return report;
        }
        // An editor that writes a file in two steps (empty it, then write)
        // or through temporary names may leave it half-saved for a moment:
        // give a markdown file that cannot be read yet a little time.
        if let [path] = changed {
            let rel = path
                .strip_prefix(root.join("content"))
                .ok()
                .and_then(|p| p.to_str());
            if let Some(rel) = rel.filter(|r| crate::load::is_markdown(r)) {
                if crate::load::reload(config, &rel.replace('\\', "/")).is_err() {
                    std::thread::sleep(SETTLE);
                }
            }
        }
        self.rebuild(config, run)
    }

    /// Records a failure that left no site to build (an unreadable
    /// `book.toml`): the last good site stays, with these problems.
    fn fail(&self, problems: Vec<Diagnostic>) -> BuildReport {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        snapshot.problems = Arc::new(problems);
        drop(snapshot);
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.changed.notify_all();
        BuildReport {
            ok: false,
            pages: 0,
            millis: 0,
            one_page: false,
        }
    }

    /// Re-renders the one page whose markdown changed, when nothing but
    /// that page can change: an ordinary published page whose front matter,
    /// anchors and need for highlighting are as they were, whose links all
    /// resolve, and which had and has no problems. `None` when a full
    /// rebuild is needed (which also replaces what is kept).
    fn one_page(&self, config: &Config, root: &Path, changed: &[PathBuf]) -> Option<BuildReport> {
        let started = Instant::now();
        let [path] = changed else { return None };
        let rel = path
            .strip_prefix(root.join("content"))
            .ok()?
            .to_str()?
            .replace('\\', "/");
        if !crate::load::is_markdown(&rel) {
            return None;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let kept = kept.as_mut()?;
        let before = self.current();
        let shown = format!("content/{rel}");
        let about_it = |d: &Diagnostic| {
            d.location
                .as_ref()
                .is_none_or(|l| crate::error::display_path(&l.path) == shown)
        };
        if before.problems.iter().any(|d| d.is_error() || about_it(d)) {
            return None;
        }
        let page = *kept.site.by_source.get(&rel)?;
        let source = kept.site.pages[page].source?;
        if kept.site.pages[page].kind != PageKind::Page || !kept.site.pages[page].published {
            return None;
        }
        let file = crate::load::reload(config, &rel).ok()?;
        let old = kept.sources.files.get(source)?;
        if file.front != old.front || file.kind != old.kind {
            return None;
        }
        kept.sources.files[source] = file;
        // The model of the one page, made again as the model stage makes
        // it, then its checks, then its rendering.
        let file = kept.sources.files.get(source)?;
        let scan = crate::model::anchors::scan(&file.text, file.body_start);
        let anchors: std::collections::HashSet<String> = scan.anchors().collect();
        if !scan.noticed.is_empty()
            || anchors != kept.site.pages[page].anchors
            || scan.has_code != kept.site.pages[page].scan.has_code
        {
            return None;
        }
        // Which files are copied depends on links to stories' files.
        let asset_links = |s: &crate::model::Scan| -> Vec<String> {
            s.links
                .iter()
                .filter_map(|l| match kept.site.resolve_for_href(page, &l.dest) {
                    Ok(crate::model::links::Target::Asset { rel, .. }) => Some(rel),
                    _ => None,
                })
                .collect()
        };
        if asset_links(&kept.site.pages[page].scan) != asset_links(&scan) {
            return None;
        }
        kept.site.set_scan(page, scan);
        if !crate::check::links::check_page(&kept.site, page).is_empty()
            || !crate::check::code::check_page(&kept.site, page).is_empty()
        {
            return None;
        }
        let crate::render::RenderedOne { html, sections } =
            crate::render::render_one(config, &kept.site, &kept.sources, &kept.theme, page)?;
        let html = html.ok()?;
        let mut files = (*before.files).clone();
        files.insert(
            format!("{}index.html", kept.site.pages[page].url),
            Stored::Bytes(html.into_bytes().into()),
        );
        // The search index holds the page's text: write it again.
        kept.search.add(&kept.site, page, sections);
        files.retain(|path, _| !path.starts_with("search/text-"));
        crate::render::search::files(config, &kept.site, &kept.search, &mut |path, js| {
            files.insert(path, Stored::Bytes(js.into()));
            Ok(())
        })
        .ok()?;
        // The printout of its module shows the page too.
        if let Some(module) = kept.site.module_of(page) {
            let site = &kept.site;
            let printout =
                crate::render::render_printout(config, site, &kept.sources, &kept.theme, module)?
                    .ok()?;
            files.insert(
                format!("{}index.html", site.printout_url(module)),
                Stored::Bytes(printout.into_bytes().into()),
            );
        }
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        snapshot.files = Arc::new(files);
        drop(snapshot);
        self.changed.notify_all();
        Some(BuildReport {
            ok: true,
            pages: 1,
            millis: started.elapsed().as_millis(),
            one_page: true,
        })
    }
}

/// How long a markdown file that cannot be read yet gets to be saved in
/// full before the rebuild.
const SETTLE: Duration = Duration::from_millis(60);

/// `book.toml` read again (and the run's date), keeping what the preview set.
fn reload_config(root: &Path, old: &Run) -> Result<(Config, Run), Vec<Diagnostic>> {
    match crate::load_config(root) {
        Ok((config, run)) => Ok((
            config,
            Run {
                preview: old.preview,
                ..run
            },
        )),
        Err(Error::Content(problems)) => Err(problems),
        Err(other) => Err(vec![Diagnostic::error(
            Code::Config,
            None,
            other.to_string(),
        )]),
    }
}

/// What one rebuild did.
pub struct BuildReport {
    pub ok: bool,
    pub pages: usize,
    pub millis: u128,
    /// Only the page that changed was rendered.
    pub one_page: bool,
}

/// Builds, serves and rebuilds on change until the process is stopped
/// (Ctrl-C: nothing is written anywhere, so nothing needs cleaning up).
pub fn run(config: Config, run: Run, options: &Options) -> Result<(), Error> {
    let run = run.preview();
    let name = if options.host.eq_ignore_ascii_case("localhost") {
        "127.0.0.1"
    } else {
        options.host.as_str()
    };
    let host: IpAddr = name.parse().map_err(|_| {
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
    // Each open connection (a browser keeps several, and one waits for
    // changes) costs file descriptors: allow as many as the system does.
    #[cfg(unix)]
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    // Watch before the first build, so a save during it is not missed.
    let watcher = crate::watch::Watcher::start(&config)?;
    let shared = Arc::new(Shared::default());
    let report = shared.rebuild(&config, &run);
    print_report(&shared, &report);

    let limits = server::Limits::from_env()?;
    let address = std::net::SocketAddr::new(host, options.port);
    let listener = std::net::TcpListener::bind(address).map_err(|e| {
        Error::usage_with_help(
            format!("cannot listen on {address}: {e}"),
            "another program may be using the port: choose another with `--port`",
        )
    })?;
    // The port the system gave, when asked for port 0.
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    if host.is_loopback() {
        let names = ["127.0.0.1", "localhost", "[::1]"];
        let allowed = names
            .iter()
            .flat_map(|n| [n.to_string(), format!("{n}:{port}")])
            .collect();
        let _ = shared.hosts.set(allowed);
    }
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
        let mut config = config.clone();
        let mut run = run;
        std::thread::spawn(move || {
            while let Some(changed) = watcher.next_change() {
                let report = shared.update(&mut config, &mut run, watcher.root(), &changed);
                print_report(&shared, &report);
            }
        });
    }

    // Serving stops only when waiting for connections fails: say so and
    // stop, rather than stay running and answer nothing.
    Err(server::serve(listener, shared, limits))
}

fn print_report(shared: &Shared, report: &BuildReport) {
    let snapshot = shared.current();
    // A page re-rendered alone changed no problem (see `one_page`): the
    // warnings printed before still stand and are not repeated.
    if !report.one_page {
        crate::error::print_problems(&snapshot.problems);
    }
    if report.one_page {
        eprintln!("induct: rebuilt 1 page in {} ms", report.millis);
    } else if report.ok {
        eprintln!(
            "induct: built {} page{} in {} ms",
            report.pages,
            if report.pages == 1 { "" } else { "s" },
            report.millis
        );
    } else {
        if snapshot.files.is_empty() {
            eprintln!(
                "induct: the build failed; the browser shows the errors until they are fixed"
            );
        } else {
            eprintln!("induct: the build failed; still serving the last good site (the errors show on every page)");
        }
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
