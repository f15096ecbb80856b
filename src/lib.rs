//! induct turns a course folder — `book.toml`, `content/` and a theme —
//! into a static training site for new trainee doctors.
//!
//! One pipeline, one function per stage, used by `build`, `check`, `link`
//! and every rebuild of the preview: [`config`] reads `book.toml`; [`load()`]
//! walks `content/` and parses front matter; [`model()`] makes the complete,
//! read-only [`model::Site`] — pages, URLs, navigation, drafts, each page's
//! scan (headings, ids, links; a parse of its markdown that renders
//! nothing, in parallel), scenarios, stories, services and the permalink
//! plan (redirects, and every link the site publishes); [`check::run`]
//! makes every diagnostic of the content from the model alone (links and
//! anchors, scenario graphs, stories, aliases and short links, code
//! languages, `links.lock`); [`render()`] parses each page again for its
//! HTML and puts it inside the theme's templates, in parallel, handing each
//! file to a [`render::Sink`] — for `build` [`write::Staging`], a folder
//! swapped in whole only when the build has succeeded. Nothing after the
//! model stage changes the site (`build`, which keeps nothing for a next
//! build, hands the render stage each page's markdown and the published
//! links, to free each once it is used: [`render::Texts`]).
//! `induct link` needs only load and model; `induct check` runs load,
//! model and check and renders each template once
//! ([`render::check_theme`]), not every page. The preview runs the same
//! stages ([`build_with`]) with what the build before left
//! ([`Earlier`]: the sources and the theme) and [`Caches`] keyed by what
//! each result was made from (each page's scan; each rendered page,
//! printout and `links/`): the same code, and with an empty cache the
//! same work as `build`. Problems are [`error::Diagnostic`]s, collected
//! and shown together.

pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod fs;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod watch;
pub mod write;

use std::path::{Path, PathBuf};

use config::{Config, Run};
use error::{Code, Diagnostic, Error, Location};
use render::Sink;

/// What a successful build reports.
#[derive(Debug)]
pub struct Built {
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Published pages.
    pub pages: usize,
    /// The lines `links.lock` should hold, when the site has links it
    /// lacks (never in preview, which writes nothing).
    pub lock: Option<Vec<String>>,
}

/// Reads and validates `book.toml` of the course at `root`, and this
/// run's settings ([`Run::from_env`]: a bad `INDUCT_TODAY` is refused by
/// every command).
pub fn load_config(root: &Path) -> Result<(Config, Run), Error> {
    if !root.is_dir() {
        return Err(Error::usage_with_help(
            format!("`{}` is not a folder", root.display()),
            "give the folder of a course, or start one with `induct init DIR`",
        ));
    }
    let file = root.join(config::CONFIG_FILE);
    if !file.is_file() {
        return Err(Error::usage_with_help(
            format!("`{}` is not a course: it has no {}", root.display(), config::CONFIG_FILE),
            "run induct in the course folder (the one with book.toml), or start one with `induct init DIR`",
        ));
    }
    let text = fs::read_text(&file, config::CONFIG_FILE).map_err(|d| Error::Content(vec![d]))?;
    let config = config::parse(&fs::normalize(root), &text).map_err(Error::Content)?;
    Ok((config, Run::from_env()?))
}

/// Runs every stage, handing the files of the site to `sink`. Fails with
/// every error found (warnings included, so they are shown with the
/// errors); after a failure the sink holds an incomplete site and must be
/// thrown away. When earlier stages found errors the pages are still
/// rendered, to find template errors too, but not handed to the sink.
pub fn build(config: &Config, run: &Run, sink: &dyn Sink) -> Result<Built, Error> {
    build_with(config, run, sink, Earlier::default(), None).0
}

/// What the preview hands a build from the one before, so that the
/// stages need not do again what a save did not change.
#[derive(Default)]
pub struct Earlier {
    /// The load stage's result, with the files saved since read again
    /// (`None`: load `content/`).
    pub sources: Option<(load::Sources, Vec<Diagnostic>)>,
    /// The theme, when nothing outside `content/` changed (`None`: load it).
    pub theme: Option<render::theme::Theme>,
    /// The model of the build before, when the saves since changed only
    /// the markdown body, title, summary or `order` of these files
    /// (indexes into `sources`' files): the model stage updates it for
    /// them alone ([`model::Site::update_pages`]) rather than make it
    /// again.
    pub site: Option<(model::Site, Vec<usize>)>,
}

/// What the preview keeps between builds for the stages to reuse, each
/// keyed by what it was made from.
#[derive(Default)]
pub struct Caches {
    /// Each page's scan, for the model stage.
    pub scans: model::Scans,
    /// What each rule of the last check found, for the check stage.
    pub check: check::Kept,
    /// Rendered pages, printouts, link pages and search text.
    pub render: render::cache::Cache,
}

/// What a build worked from, kept by the preview for the next build
/// ([`Earlier`]) and to make the search index on demand (a build without
/// [`Caches`] keeps only the theme).
#[derive(Default)]
pub struct Kept {
    /// The load stage's result: the sources and their problems.
    pub sources: Option<(load::Sources, Vec<Diagnostic>)>,
    /// The complete model, with every link the site publishes
    /// (`site.links`).
    pub site: Option<model::Site>,
    pub theme: Option<render::theme::Theme>,
}

/// The load stage: `content/` walked and each file's front matter parsed.
pub fn load(config: &Config) -> Result<(load::Sources, Vec<Diagnostic>), Error> {
    load::load(config)
}

/// The model stage: the complete, read-only [`model::Site`] — pages and
/// their scans (headings, anchors, links, parsed in parallel without
/// rendering), scenarios, stories, services, and the permalink plan (the
/// redirects at old and short addresses, and every link the site
/// publishes). Nothing after this stage changes the site.
pub fn model(config: &Config, run: &Run, sources: &load::Sources) -> model::Site {
    model_with(config, run, sources, None)
}

/// [`model()`], with the preview's kept scans ([`model::Scans`]).
pub fn model_with(
    config: &Config,
    run: &Run,
    sources: &load::Sources,
    scans: Option<&model::Scans>,
) -> model::Site {
    let mut site = model::Site::new_with(sources, &config.title, run.today, run.preview, scans);
    if config.base_url_set {
        site.base_url = config.base_url.clone();
    }
    let (redirects, refused) = model::permalinks::plan(&site, sources, config);
    site.links = model::permalinks::collect(&site, &redirects);
    site.redirects = redirects;
    site.refused = refused;
    site
}

/// The render stage: every file of the site handed to `sink` — pages,
/// printouts, search, `links/` and the redirect pages, assets, and (with
/// `offline`) the service worker. When `problems` (those of the stages
/// before) hold an error, the pages are still rendered, to find template
/// errors, but into [`render::Discard`]. Returns the problems of
/// rendering that the stages before have not reported, and each page's
/// text for search.
/// With the preview's `cache`, only what the model's changes touch is
/// rendered again ([`render::cache`]).
pub fn render(
    config: &Config,
    site: &model::Site,
    sources: &load::Sources,
    theme: &render::theme::Theme,
    problems: &[Diagnostic],
    sink: &dyn Sink,
    cache: Option<&render::cache::Cache>,
) -> Result<render::Rendering, Error> {
    let read = Read {
        texts: render::Texts::borrowed(sources),
        links: None,
    };
    render_from(config, site, read, theme, problems, sink, cache)
}

/// What the render stage reads besides the model: each page's markdown,
/// and every link the site publishes (for `links/`) when `build` hands
/// them over rather than leave them in the model (`None`: `site.links`).
/// Handed over, each is freed as soon as it has been used, not held to the
/// end of the build.
struct Read<'a> {
    texts: render::Texts<'a>,
    links: Option<Vec<model::permalinks::Permalink>>,
}

/// [`render()`], reading what `read` gives.
fn render_from(
    config: &Config,
    site: &model::Site,
    read: Read<'_>,
    theme: &render::theme::Theme,
    problems: &[Diagnostic],
    sink: &dyn Sink,
    cache: Option<&render::cache::Cache>,
) -> Result<render::Rendering, Error> {
    let Read { texts, links } = read;
    let sources = texts.sources();
    let sink = if problems.iter().any(Diagnostic::is_error) {
        &render::Discard
    } else {
        sink
    };
    // With `offline`, every file is noted on its way to the sink, for the
    // service worker's list, written last.
    let recording =
        (config.offline && !site.preview).then(|| render::offline::Recording::new(sink));
    let sink: &dyn Sink = match &recording {
        Some(recording) => recording,
        None => sink,
    };
    let link_pages = move |sink: &dyn Sink| {
        let all = links.as_deref().unwrap_or(&site.links);
        render::write_link_pages(config, site, theme, all, &site.redirects, sink, cache)
    };
    // `links/` and the redirect pages need only the model: they are made
    // while the pages render, not after them with one core idle.
    let (rendering, linked) = rayon::join(
        || render::render_site(config, site, &texts, theme, sink, cache),
        || match cache.filter(|_| sink.keeps_files()) {
            Some(cache) => {
                let key = cache.links_key(config, site, sources);
                cache.link_pages(key, sink, link_pages)
            }
            None => link_pages(sink),
        },
    );
    let rendering = rendering?;
    let mut found = unreported(problems, rendering.problems);
    found.extend(linked?);
    let failed = problems.iter().chain(&found).any(Diagnostic::is_error);
    if let Some(recording) = recording.filter(|_| !failed) {
        recording.finish()?;
    }
    Ok(render::Rendering {
        problems: found,
        search: rendering.search,
    })
}

/// Everything before rendering: the course loaded, modelled and checked,
/// and its theme loaded.
struct Prepared {
    sources: load::Sources,
    /// The load stage's own problems, kept by the preview with `sources`.
    load_problems: Vec<Diagnostic>,
    site: model::Site,
    /// Every problem found so far.
    problems: Vec<Diagnostic>,
    lock: std::sync::Arc<check::lock::LockCheck>,
    /// What the model stage changed, when it updated the last model.
    updated: Option<model::Updated>,
    /// `None` when the theme does not load (its problems are in
    /// `problems`): nothing can be rendered.
    theme: Option<render::theme::Theme>,
}

/// load → model → check, then the theme and the check of the outputs it
/// fills. Shared by `build` and `check`.
fn prepare(
    config: &Config,
    run: &Run,
    timer: &mut StageTimer,
    earlier: Earlier,
    caches: Option<&Caches>,
) -> Result<Prepared, Error> {
    let (sources, mut problems) = match earlier.sources {
        Some(loaded) => loaded,
        None => load(config)?,
    };
    let load_problems = problems.clone();
    timer.lap("load");
    let updated = match (earlier.site, caches) {
        (Some((mut site, files)), Some(caches)) => site
            .update_pages(&sources, &files, &caches.scans)
            .map(|updated| (site, updated)),
        _ => None,
    };
    let (site, updated) = match updated {
        Some((site, updated)) => (site, Some(updated)),
        None => (
            model_with(config, run, &sources, caches.map(|c| &c.scans)),
            None,
        ),
    };
    timer.lap("model");
    let checked = check::run_with(
        config,
        run,
        &site,
        &sources,
        caches.map(|c| &c.check),
        updated.as_ref(),
    );
    problems.extend(checked.problems);
    timer.lap("check");
    let theme = match earlier
        .theme
        .map_or_else(|| render::theme::load(config), Ok)
    {
        Ok(theme) => {
            problems.extend(check::check_outputs_with(
                &site,
                &sources,
                theme.assets.iter().map(|a| a.rel.as_str()),
                caches.map(|c| &c.check),
                updated.as_ref(),
            ));
            forgive_unpublished(run, &site, &mut problems);
            Some(theme)
        }
        // No pages can be rendered, but every other problem is known.
        Err(Error::Content(theme_problems)) => {
            problems.extend(theme_problems);
            None
        }
        Err(e) => return Err(e),
    };
    timer.lap("theme");
    Ok(Prepared {
        sources,
        load_problems,
        site,
        problems,
        lock: checked.lock,
        updated,
        theme,
    })
}

/// [`build`], with what the preview brings from the build before
/// (`earlier`, `caches`), also giving back what it worked from: load →
/// model → check → render (which hands each file to `sink`, the write
/// stage). Without `caches` there is no next build to keep anything for:
/// the render stage frees each page's markdown once the page is rendered,
/// and the published links once `links/` is written, and [`Kept`] holds
/// the theme alone.
pub fn build_with(
    config: &Config,
    run: &Run,
    sink: &dyn Sink,
    earlier: Earlier,
    caches: Option<&Caches>,
) -> (Result<Built, Error>, Kept) {
    let cache = caches.map(|c| &c.render);
    let mut timer = StageTimer::new();
    let Prepared {
        mut sources,
        load_problems,
        mut site,
        mut problems,
        lock,
        updated,
        theme,
    } = match prepare(config, run, &mut timer, earlier, caches) {
        Ok(prepared) => prepared,
        Err(e) => return (Err(e), Kept::default()),
    };
    if let Some(cache) = cache {
        cache.since(updated.map(|u| render::cache::Since {
            pages: u.pages,
            same_fingerprint: !u.anchors_changed,
            same_links: !u.links_changed,
            same_views: !u.views_changed,
        }));
    }
    let mut kept = Kept {
        sources: None,
        site: None,
        theme: None,
    };
    // Without caches (`build`) nothing is kept for a next build: the
    // render stage is handed each page's markdown and the published links,
    // to free each once it has been used.
    let spent = caches.is_none();
    let handed_texts = spent.then(|| render::Texts::hand_over(&mut sources, &site));
    let mut handed_links = spent.then(|| std::mem::take(&mut site.links));
    let result = match &theme {
        None => {
            error::sort(&mut problems);
            Err(Error::Content(problems))
        }
        Some(theme) => {
            let read = Read {
                texts: match &handed_texts {
                    Some(texts) => render::Texts::handed(&sources, texts),
                    None => render::Texts::borrowed(&sources),
                },
                links: handed_links.take(),
            };
            render_from(config, &site, read, theme, &problems, sink, cache).map(|rendering| {
                problems.extend(rendering.problems);
                timer.lap("render");
                forgive_unpublished(run, &site, &mut problems);
                error::sort(&mut problems);
                problems
            })
        }
    };
    let result = result.and_then(|problems| {
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Content(problems));
        }
        Ok(Built {
            pages: site.published().count(),
            warnings: problems,
            lock: (!run.preview && !lock.added.is_empty()).then(|| {
                std::sync::Arc::try_unwrap(lock)
                    .map_or_else(|shared| shared.lines.clone(), |l| l.lines)
            }),
        })
    });
    if !spent {
        kept.sources = Some((sources, load_problems));
        kept.site = Some(site);
    }
    kept.theme = theme;
    (result, kept)
}

/// In preview, drafts and held-back stories are shown, but they are work
/// in progress that `build` leaves out: their errors do not stop the
/// preview (they are shown as warnings, and the page has its banner).
fn forgive_unpublished(run: &Run, site: &model::Site, problems: &mut [Diagnostic]) {
    if !run.preview {
        return;
    }
    let unpublished: std::collections::HashSet<&str> = site
        .pages
        .iter()
        .filter(|p| p.not_published.is_some() && p.source.is_some())
        .map(|p| p.path.as_str())
        .collect();
    for d in problems.iter_mut() {
        let about = d.location.as_ref().map(|l| error::display_path(&l.path));
        if about.is_some_and(|a| unpublished.contains(a.as_str())) {
            d.severity = error::Severity::Warning;
        }
    }
}

/// The output folder for a build: `dest` (from `-d`, relative to the
/// current folder) or the configured `output_dir`, made absolute. Fails
/// with the reason when replacing that folder would destroy something: it
/// is the course folder, holds `content/`, is or lies inside `content/` or
/// `themes/` (symbolic links resolved), is a file, or holds files induct
/// did not write. `build`, `check` and `clean` all ask this one function,
/// so they never disagree about a folder.
pub fn output_dir(config: &Config, dest: Option<&Path>) -> Result<PathBuf, String> {
    let out = fs::normalize(dest.unwrap_or(&config.output_dir));
    let root = fs::normalize(&config.root);
    let content = fs::normalize(&root.join("content"));
    let themes = fs::normalize(&root.join("themes"));
    let why = if out == root {
        "it is the course folder"
    } else if out == content {
        "it is the course's `content/`"
    } else if content.starts_with(&out) || root.join("content").starts_with(&out) {
        "it holds the course's `content/`"
    } else if out.starts_with(&content) {
        "it is inside `content/`"
    } else if out.starts_with(&themes) {
        "it is inside `themes/`"
    } else if out.is_file() {
        "it is a file"
    } else if !write::is_replaceable(&out) {
        "it holds files that induct did not write"
    } else {
        return Ok(out);
    };
    Err(format!("`{}`: {why}", out.display()))
}

/// The output folder as [`output_dir`] gives it, or the refusal as an
/// error: a usage error for `-d`, a diagnostic at `book.toml` for `output_dir`.
pub fn checked_output_dir(
    config: &Config,
    dest: Option<&Path>,
    verb: &str,
) -> Result<PathBuf, Error> {
    output_dir(config, dest).map_err(|why| {
        let message = format!("refusing to {verb} {why}");
        match dest {
            Some(_) => Error::usage_with_help(
                message,
                "choose a folder of its own, such as `site/` in the course root (the default)",
            ),
            None => Error::Content(vec![Diagnostic::error(
                Code::Config,
                config
                    .output_dir_at
                    .clone()
                    .or_else(|| Some(Location::file(config::CONFIG_FILE))),
                message,
            )
            .with_help(
                "set `output_dir` under [site] to a folder of its own, such as \"site\" (the default)",
            )]),
        }
    })
}

/// What `build` and `check` refuse to do with a bad output folder.
pub const WRITE_SITE: &str = "write the site to";

/// Every problem `build` would meet, for `check`: the build's own checks
/// and the configured output folder. Pages are not rendered: load → model
/// → check, then each template once ([`render::check_theme`]); only when a
/// template fails is the site rendered as `build` renders it (into
/// nothing), so the template errors are told exactly as `build` tells them.
pub fn check(config: &Config, run: &Run) -> Vec<Diagnostic> {
    check_with_stories(config, run).0
}

/// [`check()`], with what the check found of each story (for `check
/// --format json`): empty when the course could not be modelled.
pub fn check_with_stories(
    config: &Config,
    run: &Run,
) -> (Vec<Diagnostic>, Vec<check::stories::StoryReport>) {
    let (mut diagnostics, stories) = match check_course(config, run) {
        Ok(found) => found,
        Err(Error::Content(all)) => (all, Vec::new()),
        Err(other) => (
            vec![Diagnostic::error(Code::Io, None, other.to_string())],
            Vec::new(),
        ),
    };
    if let Err(Error::Content(refused)) = checked_output_dir(config, None, WRITE_SITE) {
        diagnostics.extend(refused);
    }
    error::sort(&mut diagnostics);
    (diagnostics, stories)
}

/// The stages of [`check`]: every problem of the course, errors or not,
/// and the report of each story.
fn check_course(
    config: &Config,
    run: &Run,
) -> Result<(Vec<Diagnostic>, Vec<check::stories::StoryReport>), Error> {
    let mut timer = StageTimer::new();
    let Prepared {
        sources,
        site,
        mut problems,
        theme,
        ..
    } = prepare(config, run, &mut timer, Earlier::default(), None)?;
    let stories = check::stories::story_reports(&site, &sources);
    let Some(theme) = theme else {
        return Ok((problems, stories));
    };
    let found = unreported(
        &problems,
        render::check_theme(config, &site, &sources, &theme)?,
    );
    if found.iter().any(Diagnostic::is_error) {
        let rendering = render(
            config,
            &site,
            &sources,
            &theme,
            &problems,
            &render::Probe,
            None,
        )?;
        problems.extend(rendering.problems);
    } else {
        problems.extend(found);
    }
    timer.lap("template");
    forgive_unpublished(run, &site, &mut problems);
    Ok((problems, stories))
}

/// The problems in `found` that are not in `known` already, so that a
/// problem rendering meets again (none today: rendering reports template
/// errors only) is told once.
fn unreported(known: &[Diagnostic], found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let known: std::collections::HashSet<(Code, Option<&Location>, &str)> = known
        .iter()
        .map(|d| (d.code, d.location.as_ref(), d.message.as_str()))
        .collect();
    found
        .into_iter()
        .filter(|d| !known.contains(&(d.code, d.location.as_ref(), d.message.as_str())))
        .collect()
}

/// Prints how long each stage took when `INDUCT_TIMINGS` is set, for
/// finding where a slow build spends its time.
pub struct StageTimer {
    enabled: bool,
    last: std::time::Instant,
}

impl StageTimer {
    pub fn new() -> Self {
        StageTimer {
            enabled: std::env::var_os("INDUCT_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub fn lap(&mut self, stage: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            eprintln!(
                "induct: {stage:>8} {:>7.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}

impl Default for StageTimer {
    fn default() -> Self {
        Self::new()
    }
}
