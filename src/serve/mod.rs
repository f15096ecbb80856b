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
//!
//! A rebuild is the build's own pipeline (load → model → check → render)
//! given what the build before left ([`crate::Earlier`]) and the
//! preview's [`Cache`]: a saved markdown file is read again alone, the
//! theme is kept unless something outside `content/` changed, and only
//! the pages, printouts and link pages the change touches are rendered
//! again (see [`crate::render::cache`] for what each depends on). The
//! first build, and any build after a change outside the markdown of
//! `content/`, starts with nothing kept: the same code with an empty
//! cache. The search index is written when a browser first asks for it
//! after a change, from the text the cache keeps, by the build's own
//! [`crate::render::search::files`]: after a save of some pages' text
//! only their words and the text shards holding them are made again.

pub mod http;
pub mod memory;
pub mod server;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::config::{Config, Run};
use crate::error::{Code, Diagnostic, Error};
use crate::render::cache::Cache;
use memory::{Files, Memory, Stored};

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
    pub files: Files,
    /// The problems of the latest build: errors (the site shown is then
    /// the last good one) and warnings.
    pub problems: Arc<Vec<Diagnostic>>,
    /// `files` holds the search index (made on demand: [`Shared::search`]).
    pub search: bool,
}

/// The preview's state, shared by the watcher and every request.
#[derive(Default)]
pub struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
    /// What the builds so far leave for the next one.
    kept: Mutex<Kept>,
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

    /// Builds the course from nothing kept (the first build) and makes the
    /// result the current generation: the new site when the build
    /// succeeds, else the last good one with the build's problems.
    pub fn rebuild(&self, config: &Config, run: &Run) -> BuildReport {
        self.update_with(config, run, Change::Everything)
    }

    /// Brings the preview up to date with the files in `changed` (paths
    /// under the course at `root`; empty when the watcher lost track):
    /// the build's pipeline with what the build before left, as much as
    /// the change allows.
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
        let content = root.join("content");
        let passing = self.passing(&content, changed);
        let markdown: Option<Vec<String>> = (!changed.is_empty())
            .then(|| {
                changed
                    .iter()
                    .filter(|p| !passing.contains(p))
                    .map(|p| {
                        let rel = p.strip_prefix(&content).ok()?.to_str()?.replace('\\', "/");
                        crate::load::is_markdown(&rel).then_some(rel)
                    })
                    .collect()
            })
            .flatten();
        let change = match markdown {
            Some(files) => Change::Markdown(files),
            None if !changed.is_empty() && changed.iter().all(|p| p.starts_with(&content)) => {
                Change::Content
            }
            None => Change::Everything,
        };
        self.update_with(config, run, change)
    }

    /// The paths in `changed` under `content/` that left nothing behind:
    /// gone now, not markdown, and neither a file nor a folder of the last
    /// load — such as the temporary file an editor writes and renames over
    /// the page it saves. They change nothing, so the save keeps what a
    /// save of the page alone keeps.
    fn passing<'a>(&self, content: &Path, changed: &'a [PathBuf]) -> Vec<&'a PathBuf> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let Some((sources, _)) = &kept.sources else {
            return Vec::new();
        };
        changed
            .iter()
            .filter(|p| {
                let Some(rel) = p
                    .strip_prefix(content)
                    .ok()
                    .and_then(|r| r.to_str())
                    .map(|r| r.replace('\\', "/"))
                else {
                    return false;
                };
                let known = |other: &str| {
                    other == rel
                        || other
                            .strip_prefix(rel.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                };
                !rel.is_empty()
                    && !crate::load::is_markdown(&rel)
                    && std::fs::symlink_metadata(p).is_err()
                    && !sources.assets.iter().any(|a| known(&a.rel))
                    && !sources.files.iter().any(|f| known(&f.rel))
            })
            .collect()
    }

    fn update_with(&self, config: &Config, run: &Run, change: Change) -> BuildReport {
        let started = Instant::now();
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let theme = kept.theme.take();
        let sources = kept.sources.take();
        // The model of the site shown, when it is that of the last build.
        let last = kept.good_is_last;
        let site = kept.good.take_if(|_| last).map(|(_, site)| site);
        let earlier = match &change {
            Change::Markdown(files) => {
                let reloaded = sources.and_then(|s| reloaded(config, s, files));
                let (sources, bodies) = match reloaded {
                    Some((sources, bodies)) => (Some(sources), bodies),
                    None => (None, None),
                };
                crate::Earlier {
                    sources,
                    theme,
                    site: site.zip(bodies),
                }
            }
            Change::Content => crate::Earlier {
                sources: None,
                theme,
                site: None,
            },
            Change::Everything => crate::Earlier::default(),
        };
        if !matches!(change, Change::Markdown(_)) {
            // What a page is made from outside its own markdown and the
            // model (templates, support.yaml, files it links to): start
            // again.
            kept.caches.render = Cache::default();
        }
        let planned = kept.caches.render.plans();
        let memory = Memory::default();
        let (result, state) = crate::build_with(config, run, &memory, earlier, Some(&kept.caches));
        kept.sources = state.sources;
        kept.theme = state.theme;
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        let before = Arc::clone(&snapshot.problems);
        // The files of the site shown until now that the new one does not
        // keep: dropped once the new site is served.
        let mut replaced = Files::default();
        let report = match result {
            Ok(built) => {
                kept.good = state.site.map(|site| (config.clone(), site));
                kept.good_is_last = true;
                // The pages not rendered again are those shown until now.
                let shown = std::mem::take(&mut snapshot.files);
                (snapshot.files, replaced) = if kept.caches.render.partial() {
                    memory.into_files_after(shown)
                } else {
                    (memory.into_files(), shown)
                };
                snapshot.search = false;
                snapshot.problems = Arc::new(built.warnings);
                let rendered = kept.caches.render.rendered();
                BuildReport {
                    ok: true,
                    pages: built.pages,
                    millis: started.elapsed().as_millis(),
                    rendered: (rendered < built.pages).then_some(rendered),
                    same_problems: *before == *snapshot.problems,
                }
            }
            Err(e) => {
                kept.good_is_last = false;
                if kept.caches.render.plans() != planned {
                    // Rendering met an error after the cache took this
                    // build's pages: its text no longer matches the last
                    // good site, whose search index cannot be made now.
                    kept.caches.render = Cache::default();
                    kept.good = None;
                }
                let problems = match e {
                    Error::Content(problems) => problems,
                    other => vec![Diagnostic::error(Code::Io, None, other.to_string())],
                };
                snapshot.problems = Arc::new(problems);
                BuildReport {
                    ok: false,
                    pages: 0,
                    millis: started.elapsed().as_millis(),
                    rendered: None,
                    same_problems: *before == *snapshot.problems,
                }
            }
        };
        drop(snapshot);
        drop(kept);
        self.changed.notify_all();
        // Freeing the last search index (tens of megabytes at 10,000
        // pages) is no part of the save.
        std::thread::spawn(move || drop(replaced));
        report
    }

    /// Puts the search index of the site shown into its files, if it is
    /// not there yet: made on demand, once per change, from the text the
    /// cache keeps of every page and what the index before it left (see
    /// [`crate::render::search::files`]).
    pub fn search(&self) {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let Some((config, site)) = kept.good.as_ref().filter(|_| !snapshot.search) else {
            return;
        };
        let collector = kept.caches.render.search();
        let mut collected = collector.collected();
        let mut files = memory::FileMap::default();
        let made = crate::render::search::files(config, site, &mut collected, &mut |path, js| {
            files.insert(path, Stored::of(js));
            Ok(())
        });
        if made.is_ok() {
            snapshot.files = snapshot.files.with_search(files);
            snapshot.search = true;
        }
    }

    /// Every file of the site shown, the search index included.
    pub fn served_files(&self) -> Files {
        self.search();
        self.current().files
    }

    /// Records a failure that left no site to build (an unreadable
    /// `book.toml`): the last good site stays, with these problems.
    fn fail(&self, problems: Vec<Diagnostic>) -> BuildReport {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        let same_problems = *snapshot.problems == problems;
        snapshot.problems = Arc::new(problems);
        drop(snapshot);
        // The next build starts from nothing kept.
        kept.good_is_last = false;
        kept.sources = None;
        kept.theme = None;
        drop(kept);
        self.changed.notify_all();
        BuildReport {
            ok: false,
            pages: 0,
            millis: 0,
            rendered: None,
            same_problems,
        }
    }
}

/// What the builds so far leave for the next one.
#[derive(Default)]
struct Kept {
    /// The last load stage's result.
    sources: Option<(crate::load::Sources, Vec<Diagnostic>)>,
    /// The theme, as the last build loaded it.
    theme: Option<crate::render::theme::Theme>,
    /// Scans, rendered pages, printouts, link pages and each page's
    /// search text.
    caches: crate::Caches,
    /// The configuration and model of the site shown (the last good
    /// build), for its search index.
    good: Option<(Config, crate::model::Site)>,
    /// `good` is the model of the last build (which succeeded), so the
    /// next build may update it rather than make it again.
    good_is_last: bool,
}

/// What changed since the last build, as far as what it can keep goes.
enum Change {
    /// These markdown files under `content/` (paths from `content/`).
    Markdown(Vec<String>),
    /// Other files under `content/`: the theme stays.
    Content,
    /// Anything else, or not known: nothing is kept.
    Everything,
}

/// The sources of the last build with the markdown files `changed` read
/// again, and which files they are when only their markdown body, title,
/// summary or `order` changed (their other front matter is as it was); `None` when `content/` must be
/// loaded whole: the last load had problems, or a file is new, gone or
/// cannot be read (an editor may be half-way through saving it: it gets a
/// moment first).
fn reloaded(
    config: &Config,
    (mut sources, problems): (crate::load::Sources, Vec<Diagnostic>),
    changed: &[String],
) -> Option<(Loaded, Option<Vec<usize>>)> {
    if !problems.is_empty() {
        return None;
    }
    let mut bodies = Some(Vec::with_capacity(changed.len()));
    for rel in changed {
        let at = sources.files.iter().position(|f| &f.rel == rel)?;
        match crate::load::reload(config, rel) {
            Ok(file) => {
                let old = &sources.files[at];
                let front = file.text.get(..file.body_start);
                let same_front = front.is_some() && old.text.get(..old.body_start) == front;
                if !same_front && !only_placed(old, &file) {
                    bodies = None;
                }
                if let Some(bodies) = &mut bodies {
                    bodies.push(at);
                }
                sources.files[at] = file;
            }
            Err(_) => {
                std::thread::sleep(SETTLE);
                return None;
            }
        }
    }
    Some(((sources, problems), bodies))
}

/// Whether `new`, a page saved again, differs from `old` in its front
/// matter only by its title, summary or `order` (what
/// [`crate::model::Site::update_pages`] updates in place): both ordinary
/// pages, every other key the same, and written at the same lines.
fn only_placed(old: &crate::load::SourceFile, new: &crate::load::SourceFile) -> bool {
    let unplaced = |front: &crate::load::FrontMatter| crate::load::FrontMatter {
        title: String::new(),
        summary: None,
        order: None,
        ..front.clone()
    };
    matches!(old.kind, crate::load::Kind::Page)
        && matches!(new.kind, crate::load::Kind::Page)
        && unplaced(&old.front) == unplaced(&new.front)
}

/// The load stage's result: the sources and their problems.
type Loaded = (crate::load::Sources, Vec<Diagnostic>);

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
                publish: old.publish,
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
    /// How many pages were rendered, when the others came from the cache.
    pub rendered: Option<usize>,
    /// The problems are those of the build before.
    pub same_problems: bool,
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
    // After a rebuild that changed no problem, the warnings printed
    // before still stand and are not repeated.
    if !(report.rendered.is_some() && report.same_problems) {
        crate::error::print_problems(&snapshot.problems);
    }
    if let Some(rendered) = report.rendered.filter(|_| report.ok) {
        eprintln!(
            "induct: rebuilt {rendered} page{} in {} ms",
            if rendered == 1 { "" } else { "s" },
            report.millis
        );
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
