//! Course settings: `book.toml` → [`Config`], and this run's [`Run`].
//!
//! `RawConfig` mirrors the file exactly and is strict (`deny_unknown_fields`
//! on every table), so a typo is an error that names the key, suggests the
//! closest known one, and points at its line. `Config` is the validated form
//! with every default filled in and every path made absolute; later stages
//! only ever see `Config`. It holds what the course says and nothing else:
//! what belongs to one run of induct — a preview or not, and the date it
//! judges stories' consent by — is a [`Run`], passed beside it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{closest, line_col, Code, Diagnostic, Error, Location};

/// The settings file at the root of every course.
pub const CONFIG_FILE: &str = "book.toml";

/// The `base_url` used when `book.toml` has none (what `serve` listens on).
pub const DEFAULT_BASE_URL: &str = "http://localhost:3000/";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    book: RawBook,
    #[serde(default)]
    site: RawSite,
    /// `[short]`: short links, `name = "modules/first-weeks/#who-to-call"`.
    #[serde(default)]
    short: std::collections::BTreeMap<String, String>,
    /// `[quick_exit]`: the "Exit this page" link on every page.
    #[serde(default)]
    quick_exit: Option<RawQuickExit>,
}

/// `[quick_exit]`: a way off the site in one move, on every page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuickExit {
    /// The neutral website the exit leads to, e.g.
    /// `https://www.bbc.co.uk/weather`. An absolute http(s) URL. Required
    /// in the table.
    #[serde(default)]
    url: Option<String>,
    /// Whether pressing Shift three times leaves the site too. Default:
    /// `true`.
    #[serde(default)]
    shortcut: Option<bool>,
}

/// `[book]`: what the course is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    /// The course title, shown in every page's header and `<title>`. Required.
    title: String,
    /// One or two sentences about the course, used for the home page's
    /// description. Default: empty.
    #[serde(default)]
    description: Option<String>,
    /// The language of the content as a BCP 47 tag (`en`, `en-GB`, `cy`).
    /// Default: `en`.
    #[serde(default)]
    language: Option<String>,
    /// Who wrote the course. Default: none.
    #[serde(default)]
    authors: Vec<String>,
}

/// `[site]`: where and how the site is published.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    /// The absolute URL the site is published at, e.g.
    /// `https://induction.example.nhs.uk/2026/`. Canonical links and the
    /// sitemap are built from it. Default: `http://localhost:3000/`.
    #[serde(default)]
    base_url: Option<String>,
    /// The folder the site is written to, relative to the course root.
    /// Default: `site`.
    #[serde(default)]
    output_dir: Option<PathBuf>,
    /// The theme under `themes/` to use. Default: `default` (built in).
    #[serde(default)]
    theme: Option<String>,
    /// The older spelling of `[quick_exit] url` (a neutral website, e.g.
    /// `https://www.bbc.co.uk/weather`), still read. Default: none.
    #[serde(default)]
    quick_exit: Option<String>,
    /// What the site keeps of the reader's progress (pages read, paths
    /// through scenarios, scenarios finished) before the reader chooses:
    /// `off` (nothing, in any storage), `tab` (this tab only, gone when it
    /// closes) or `device` (this browser, until forgotten). Default: `off`.
    #[serde(default)]
    progress: Option<String>,
    /// Whether the site works offline: `build` writes a service worker
    /// (`sw.js`) that keeps a copy of the whole site in the reader's
    /// browser after the first visit, and updates it when the site
    /// changes. Default: `false`.
    #[serde(default)]
    offline: bool,
    /// Whether every `build` and `check` of the course is a build to
    /// publish, as with `--publish`: an example service still marked
    /// `placeholder: true` is then an error, not a warning. The preview
    /// (`serve`) never is. Default: `false`.
    #[serde(default)]
    publish: bool,
}

/// Validated course settings with defaults applied.
#[derive(Debug, Clone)]
pub struct Config {
    /// The course root (the folder holding `book.toml`), absolute.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub language: String,
    pub authors: Vec<String>,
    /// Absolute URL, always ending in `/`.
    pub base_url: String,
    /// False when `book.toml` did not set `base_url`.
    pub base_url_set: bool,
    /// Where `build` writes, absolute.
    pub output_dir: PathBuf,
    /// Where `output_dir` is set in `book.toml`, when it is.
    pub output_dir_at: Option<Location>,
    pub theme: String,
    /// The "Exit this page" link, when the course has one.
    pub quick_exit: Option<QuickExit>,
    /// What the site keeps of the reader's progress until the reader
    /// chooses otherwise.
    pub progress: Progress,
    /// `offline` under `[site]`: `build` writes a service worker that
    /// keeps a copy of the site in the reader's browser (never in preview).
    pub offline: bool,
    /// `publish` under `[site]`: the course's default for [`Run::publish`],
    /// so that every `build` and `check` of it is one to publish.
    pub publish: bool,
    /// Short links from `[short]`: each name, the address it leads to
    /// (relative to `base_url`, as in `links.lock`) and where it is written.
    pub short: Vec<(String, String, Option<Location>)>,
}

/// `[quick_exit]` of `book.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickExit {
    /// The neutral website: an absolute http(s) URL.
    pub url: String,
    /// Shift pressed three times leaves the site too.
    pub shortcut: bool,
}

/// `progress` under `[site]`: where the reader's progress is kept before
/// the reader chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Progress {
    /// Nothing is written to any storage.
    #[default]
    Off,
    /// `sessionStorage`: this tab only, gone when it closes.
    Tab,
    /// `localStorage`: this browser, until the reader forgets it.
    Device,
}

impl Progress {
    /// As written in `book.toml` (and given to templates).
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::Off => "off",
            Progress::Tab => "tab",
            Progress::Device => "device",
        }
    }
}

impl Config {
    /// `content/` of the course.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// `themes/<theme>/` of the course (it may not exist: the default theme
    /// is built in).
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
}

/// What one run of induct is, apart from the course: the same course is
/// built, checked and previewed with different `Run`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Today, for the stories whose consent has a review date: the
    /// computer's date (UTC), or `INDUCT_TODAY` (YYYY-MM-DD) when set, so
    /// a build can be checked as it would run on another day.
    pub today: time::Date,
    /// `today` comes from `INDUCT_TODAY`, not the computer's clock.
    pub today_overridden: bool,
    /// A preview (`serve`): drafts and held-back stories are shown, each
    /// with a banner saying why `build` leaves it out.
    pub preview: bool,
    /// A build to publish (`--publish`, or `[site] publish = true`): what
    /// would reach trainees by accident fails it. Today that is an example
    /// service (`placeholder: true`), an error rather than a warning; an
    /// overdue consent review or `check_by` fails every build, publishing
    /// or not. Never a preview.
    pub publish: bool,
}

impl Run {
    /// A build (or `check`, `link`) run today: the computer's date, or
    /// `INDUCT_TODAY` when it is set (an error when it is not a date).
    pub fn from_env() -> Result<Run, Error> {
        let mut run = Run {
            today: time::OffsetDateTime::now_utc().date(),
            today_overridden: false,
            preview: false,
            publish: false,
        };
        if let Some(today) = std::env::var_os("INDUCT_TODAY") {
            let today = today.to_string_lossy();
            let format = time::macros::format_description!("[year]-[month]-[day]");
            run.today = time::Date::parse(today.trim(), &format).map_err(|_| {
                Error::usage_with_help(
                    format!("INDUCT_TODAY=`{today}` is not a date"),
                    "set it as year-month-day, e.g. INDUCT_TODAY=2027-01-31, or unset it",
                )
            })?;
            run.today_overridden = true;
        }
        Ok(run)
    }

    /// The same run as a preview, which is never a build to publish.
    pub fn preview(self) -> Run {
        Run {
            preview: true,
            publish: false,
            ..self
        }
    }

    /// The same run, publishing when `asked` (`--publish`) or when the
    /// course says every build is one to publish (`[site] publish`); a
    /// preview never is.
    pub fn publishing(self, asked: bool, config: &Config) -> Run {
        Run {
            publish: !self.preview && (asked || config.publish),
            ..self
        }
    }
}

/// Parses and validates the text of `book.toml` for the course at `root`.
pub fn parse(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let entries = Entries::read(text);
    let raw = deserialize(text, &entries)?;
    let mut problems = Vec::new();
    let at_key = |table: &str, key: &str| entries.at(text, table, key);

    let title = raw.book.title.trim().to_string();
    if title.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::Config,
                at_key("book", "title"),
                "the course title is empty",
            )
            .with_help("give the course a name, e.g. `title = \"Foundation induction\"`"),
        );
    }

    let language = raw.book.language.unwrap_or_else(|| "en".to_string());
    if !is_language_tag(&language) {
        problems.push(
            Diagnostic::error(
                Code::Config,
                at_key("book", "language"),
                format!("`{language}` is not a language tag"),
            )
            .with_help("use a BCP 47 tag such as `en`, `en-GB` or `cy`"),
        );
    }

    let base_url_set = raw.site.base_url.is_some();
    let mut base_url = raw
        .site
        .base_url
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
        || base_url.len() <= "https://".len()
        || base_url.contains(char::is_whitespace)
    {
        problems.push(
            Diagnostic::error(
                Code::Config,
                at_key("site", "base_url"),
                format!("`{base_url}` is not an absolute http(s) URL"),
            )
            .with_help("write the full address the site is published at, e.g. `base_url = \"https://induction.example.nhs.uk/\"`"),
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }

    let theme = raw.site.theme.unwrap_or_else(|| "default".to_string());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        problems.push(
            Diagnostic::error(
                Code::Config,
                at_key("site", "theme"),
                format!("`{theme}` is not a theme name"),
            )
            .with_help(
                "name a folder under `themes/`, or leave `theme` out for the built-in `default`",
            ),
        );
    } else if theme != "default" && !root.join("themes").join(&theme).is_dir() {
        problems.push(
            Diagnostic::error(
                Code::Config,
                at_key("site", "theme"),
                format!("theme `{theme}` not found: there is no folder `themes/{theme}/`"),
            )
            .with_help(
                "create the folder, or leave `theme` out to use the built-in `default` theme",
            ),
        );
    }

    let quick_exit = quick_exit(raw.site.quick_exit, raw.quick_exit, &at_key, &mut problems);
    let progress = match raw.site.progress.as_deref().map(str::trim) {
        None | Some("off") => Progress::Off,
        Some("tab") => Progress::Tab,
        Some("device") => Progress::Device,
        Some(other) => {
            problems.push(
                Diagnostic::error(
                    Code::Config,
                    at_key("site", "progress"),
                    format!("progress `{other}` is not one of `off`, `tab` or `device`"),
                )
                .with_help("write `progress = \"off\"` (nothing kept: the default), `\"tab\"` (kept until the tab closes) or `\"device\"` (kept in the browser until the reader forgets it)"),
            );
            Progress::Off
        }
    };

    let output_dir = root.join(raw.site.output_dir.unwrap_or_else(|| PathBuf::from("site")));
    let output_dir_at = at_key("site", "output_dir");

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title,
        description: raw.book.description.unwrap_or_default().trim().to_string(),
        language,
        authors: raw.book.authors,
        base_url,
        base_url_set,
        output_dir,
        output_dir_at,
        theme,
        quick_exit,
        progress,
        offline: raw.site.offline,
        publish: raw.site.publish,
        short: raw
            .short
            .into_iter()
            .map(|(name, to)| {
                let at = at_key("short", &name);
                (name, to, at)
            })
            .collect(),
    })
}

/// The quick exit from `[quick_exit]`, or from the older `quick_exit`
/// under `[site]` (not both).
fn quick_exit(
    in_site: Option<String>,
    table: Option<RawQuickExit>,
    at_key: &dyn Fn(&str, &str) -> Option<Location>,
    problems: &mut Vec<Diagnostic>,
) -> Option<QuickExit> {
    let (url, at, shortcut) = match (in_site, table) {
        (None, None) => return None,
        (Some(_), Some(_)) => {
            problems.push(
                Diagnostic::error(
                    Code::Config,
                    at_key("site", "quick_exit"),
                    "the quick exit is set twice: `quick_exit` in [site] and the [quick_exit] table",
                )
                .with_help("keep the [quick_exit] table (`url = \"…\"`) and remove `quick_exit` from [site]"),
            );
            return None;
        }
        (Some(url), None) => (url, at_key("site", "quick_exit"), true),
        (None, Some(table)) => {
            let Some(url) = table.url else {
                problems.push(
                    Diagnostic::error(
                        Code::Config,
                        at_key("quick_exit", ""),
                        "[quick_exit] has no `url`",
                    )
                    .with_help("add the neutral website the exit leads to, e.g. `url = \"https://www.bbc.co.uk/weather\"`, or remove the [quick_exit] table"),
                );
                return None;
            };
            (
                url,
                at_key("quick_exit", "url"),
                table.shortcut.unwrap_or(true),
            )
        }
    };
    let url = url.trim().to_string();
    if !is_web_address(&url) {
        problems.push(
            Diagnostic::error(
                Code::Config,
                at,
                format!("quick_exit `{url}` is not an absolute http(s) URL"),
            )
            .with_help("write the full address of a neutral website, e.g. `url = \"https://www.bbc.co.uk/weather\"` under [quick_exit], or leave the quick exit out"),
        );
        return None;
    }
    Some(QuickExit { url, shortcut })
}

/// `https://host/…` or `http://host/…`, with a host name (or address and
/// port) and no spaces, quotes or angle brackets anywhere.
fn is_web_address(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
}

/// `en`, `en-GB`, `zh-Hant-TW`: letters and digits in hyphen-separated parts.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Every `key = value` of `book.toml` with where it is written, from the
/// file's syntax tree: problems point at the key as written (quoted keys
/// too), in the right table.
struct Entries {
    entries: Vec<Entry>,
    /// Each `[table]` by name, with the range from its header to its last
    /// value.
    tables: Vec<(String, std::ops::Range<usize>)>,
}

struct Entry {
    /// The table's name (`book`), or empty for keys before any table.
    table: String,
    /// The key, dotted keys joined with `.`.
    key: String,
    /// Byte range of the key (of its first part, when dotted).
    key_span: std::ops::Range<usize>,
    /// Byte range of the value.
    value: std::ops::Range<usize>,
}

impl Entries {
    /// The entries of `text`; none when it is not TOML (its syntax error
    /// is reported by [`deserialize`]).
    fn read(text: &str) -> Entries {
        let Ok(doc) = toml_edit::ImDocument::parse(text) else {
            return Entries {
                entries: Vec::new(),
                tables: Vec::new(),
            };
        };
        let mut tables = Vec::new();
        let mut entries = Vec::new();
        let mut add = |table: &str, values: Vec<(Vec<&toml_edit::Key>, &toml_edit::Value)>| {
            for (keys, value) in values {
                let (Some(key_span), Some(value)) =
                    (keys.first().and_then(|k| k.span()), value.span())
                else {
                    continue;
                };
                entries.push(Entry {
                    table: table.to_string(),
                    key: keys.iter().map(|k| k.get()).collect::<Vec<_>>().join("."),
                    key_span,
                    value,
                });
            }
        };
        let root = doc.as_table();
        add("", root.get_values());
        for (name, item) in root.iter() {
            if let Some(table) = item.as_table() {
                add(name, table.get_values());
                if let Some(span) = table.span() {
                    tables.push((name.to_string(), span));
                }
            }
        }
        Entries { entries, tables }
    }

    /// Where `key` is set in `[table]`, for pointing at a bad value (an
    /// empty `key`: the table's header).
    fn at(&self, text: &str, table: &str, key: &str) -> Option<Location> {
        if key.is_empty() {
            // The `[table]` header itself.
            let (_, span) = self.tables.iter().find(|(name, _)| name == table)?;
            let (line, col) = line_col(text, span.start);
            return Some(Location::at(CONFIG_FILE, line, col));
        }
        let entry = self
            .entries
            .iter()
            .find(|e| e.table == table && e.key == key)?;
        let (line, col) = line_col(text, entry.key_span.start);
        Some(Location::at(CONFIG_FILE, line, col))
    }

    /// The entry whose key or value holds the byte range `span`.
    fn around(&self, span: &std::ops::Range<usize>) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.key_span.start <= span.start && span.end <= e.value.end)
    }

    /// The range of the table named `name` when it holds `span`.
    fn table(&self, name: &str, span: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        self.tables
            .iter()
            .find(|(n, t)| n == name && t.start <= span.start && span.end <= t.end)
            .map(|(_, t)| t.clone())
    }
}

/// Deserializes `book.toml`, reporting every unknown key and wrong type,
/// not only the first: serde stops at the first, so each one found is
/// reported, taken out of a copy of the text and the copy read again. A
/// syntax error or a missing key ends the search.
fn deserialize(text: &str, entries: &Entries) -> Result<RawConfig, Vec<Diagnostic>> {
    let mut current = text.to_string();
    let mut problems = Vec::new();
    let mut blanked: Vec<&Entry> = Vec::new();
    let mut tables_out: Vec<usize> = Vec::new();
    loop {
        let err = match toml::from_str::<RawConfig>(&current) {
            Ok(raw) if problems.is_empty() => return Ok(raw),
            Ok(_) => return Err(problems),
            Err(err) => err,
        };
        let entry = err.span().and_then(|span| entries.around(&span));
        // What follows from a key already reported (a required key taken
        // out, a table replaced) is not reported again.
        let missing = err.message().strip_prefix("missing field `");
        let follows = entry.is_some_and(|e| blanked.iter().any(|b| std::ptr::eq(*b, e)))
            || missing.is_some_and(|m| {
                let name = m.split('`').next().unwrap_or_default();
                // `titel` reported as unknown (did you mean `title`?) is
                // why `title` is missing.
                closest(name, blanked.iter().map(|b| b.key.as_str())).is_some()
            });
        if follows {
            return Err(problems);
        }
        problems.push(match entry {
            Some(entry) if err.message().starts_with("invalid type: ") => {
                wrong_type(text, &err, entry)
            }
            _ => toml_error(text, &err),
        });
        let Some(entry) = entry else {
            // An unknown table is left out whole, and the search goes on.
            let unknown = err
                .message()
                .strip_prefix("unknown field `")
                .and_then(|m| m.split('`').next());
            let table = unknown
                .zip(err.span())
                .and_then(|(n, span)| entries.table(n, &span));
            match table {
                Some(range) if !tables_out.contains(&range.start) => {
                    tables_out.push(range.start);
                    blank(&mut current, range, "");
                    continue;
                }
                _ => return Err(problems),
            }
        };
        // A wrong value is replaced by one of the expected type when it
        // fits, so a required key is not then missing; anything else is
        // blanked whole. Spaces pad it to the same length, so every later
        // position is unchanged.
        let whole = entry.key_span.start..entry.value.end;
        let (range, with) = match placeholder(err.message()) {
            Some(p) if p.len() <= entry.value.len() => (entry.value.clone(), p.to_string()),
            Some(p) => {
                let key = text.get(entry.key_span.clone()).unwrap_or_default();
                let short = format!("{key}={p}");
                let with = if short.len() <= whole.len() {
                    short
                } else {
                    String::new()
                };
                (whole, with)
            }
            None => (whole, String::new()),
        };
        if !blank(&mut current, range, &with) {
            return Err(problems);
        }
        blanked.push(entry);
    }
}

/// Writes `with` over `range` of `text`, padded with spaces to the same
/// length so every later position is unchanged. False when `range` is
/// not in `text` (nothing is changed then).
fn blank(text: &mut String, range: std::ops::Range<usize>, with: &str) -> bool {
    if text.get(range.clone()).is_none() || with.len() > range.len() {
        return false;
    }
    let filler = format!("{with}{}", " ".repeat(range.len() - with.len()));
    text.replace_range(range, &filler);
    true
}

/// A value of the type serde's `invalid type` message expects.
fn placeholder(message: &str) -> Option<&'static str> {
    let expected = message
        .strip_prefix("invalid type: ")?
        .split("expected")
        .nth(1)?;
    [
        ("a string", "\"\""),
        ("a sequence", "[]"),
        ("a boolean", "true"),
        ("struct", "{}"),
        ("a map", "{}"),
    ]
    .into_iter()
    .find_map(|(what, value)| expected.contains(what).then_some(value))
}

/// A value of the wrong type, named by its key and table.
fn wrong_type(text: &str, err: &toml::de::Error, entry: &Entry) -> Diagnostic {
    let (line, col) = line_col(text, err.span().map_or(entry.value.start, |s| s.start));
    let found = err
        .message()
        .trim_start_matches("invalid type: ")
        .trim()
        .replace("map", "table");
    // serde names the struct (`expected struct RawBook`): authors see a table.
    let found = match found.split_once("expected struct") {
        Some((before, _)) => format!("{before}expected a table"),
        None => found,
    };
    let key = &entry.key;
    let place = if entry.table.is_empty() {
        String::new()
    } else {
        format!(" in [{}]", entry.table)
    };
    let help = if key.contains('.') && found.starts_with("table") {
        format!("a dot in a key makes a table: to use `{key}` as a name, put it in quotes, `\"{key}\" = …`")
    } else if found.contains("expected a boolean") {
        format!("write `{key} = true` or `{key} = false`, without quotes")
    } else if found.contains("expected a sequence") {
        format!("write a list in brackets, e.g. `{key} = [\"…\"]`")
    } else if found.contains("expected a string") {
        format!("put the text in double quotes, e.g. `{key} = \"…\"`")
    } else {
        "see the guide's `book.toml` section, `guide/content/03-writing-modules.md`, for what each key takes".to_string()
    };
    Diagnostic::error(
        Code::Config,
        Some(Location::at(CONFIG_FILE, line, col)),
        format!("`{key}`{place} has the wrong type: {found}"),
    )
    .with_help(help)
}

fn toml_error(text: &str, err: &toml::de::Error) -> Diagnostic {
    let location = err.span().map(|span| {
        let (line, col) = line_col(text, span.start);
        Location::at(CONFIG_FILE, line, col)
    });
    let start = err.span().map_or(0, |s| s.start);
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let on_header = err.message().starts_with("unknown field")
        && text
            .get(line_start..)
            .is_some_and(|l| l.trim_start().starts_with('['));
    let mut d = if on_header {
        // An unknown key at the top level is an unknown `[table]`.
        let d = explain_serde_error(Code::Config, location, err.message(), "");
        let name = d.message.split('`').nth(1).unwrap_or_default().to_string();
        Diagnostic {
            message: d
                .message
                .replace(&format!("key `{name}`"), &format!("table `[{name}]`")),
            ..d
        }
    } else {
        let table = table_before(text, start).unwrap_or_default();
        explain_serde_error(Code::Config, location, err.message(), &table)
    };
    if d.message.starts_with("missing required key `title`") {
        d = d.with_help("add `title = \"Your course title\"` under [book]");
    } else if d.message.starts_with("missing required key `book`") {
        d = d.with_help("start book.toml with:\n    [book]\n    title = \"Your course title\"");
    }
    d
}

/// The `[table]` header in force at `offset`, as `[name]`.
fn table_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    before.lines().rev().find_map(|line| {
        let t = line.trim();
        (t.starts_with('[') && t.ends_with(']')).then(|| t.to_string())
    })
}

/// Turns serde's messages about unknown and missing fields into an author's
/// message with a suggestion. `place` names where the key was (`[book]`, or
/// "front matter"); it may be empty.
pub fn explain_serde_error(
    code: Code,
    location: Option<Location>,
    message: &str,
    place: &str,
) -> Diagnostic {
    let place_suffix = if place.is_empty() {
        String::new()
    } else {
        format!(" in {place}")
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let known: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let mut help = match closest(name, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? "),
            None => String::new(),
        };
        if known.is_empty() {
            help.push_str("remove it: no keys are allowed here");
        } else {
            help.push_str(&format!("expected one of: {}", known.join(", ")));
        }
        return Diagnostic::error(
            code,
            location,
            format!("unknown key `{name}`{place_suffix}"),
        )
        .with_help(help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let example = match name {
            "title" => "title: \"A clear title\"",
            "book" => "[book]\ntitle = \"Your course title\"",
            _ => "",
        };
        let mut d = Diagnostic::error(
            code,
            location,
            format!("missing required key `{name}`{place_suffix}"),
        );
        if !example.is_empty() {
            d = d.with_help(format!("add it, e.g. `{example}`"));
        }
        return d;
    }
    let message = message.trim().trim_end_matches('.').replace('\n', " ");
    Diagnostic::error(code, location, format!("{message}{place_suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        parse(Path::new("/course"), text).unwrap()
    }

    fn parse_err(text: &str) -> Vec<Diagnostic> {
        parse(Path::new("/course"), text).unwrap_err()
    }

    #[test]
    fn defaults_for_everything_but_title() {
        let c = parse_ok("[book]\ntitle = \"Induction\"\n");
        assert_eq!(c.title, "Induction");
        assert_eq!(c.language, "en");
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert!(!c.base_url_set);
        assert_eq!(c.output_dir, Path::new("/course/site"));
        assert_eq!(c.theme, "default");
        assert!(!c.offline);
    }

    #[test]
    fn offline_is_read_strictly() {
        let c = parse_ok("[book]\ntitle = \"T\"\n[site]\noffline = true\n");
        assert!(c.offline);
        let errs = parse_err("[book]\ntitle = \"T\"\n[site]\noffline = \"yes\"\n");
        let text = errs[0].render_text(false);
        assert!(text.starts_with("error: book.toml:4:"), "{text}");
        assert!(text.contains("bool"), "{text}");
        let errs = parse_err("[book]\ntitle = \"T\"\n[site]\nofline = true\n");
        assert!(
            errs[0]
                .render_text(false)
                .contains("did you mean `offline`?"),
            "{:?}",
            errs[0]
        );
    }

    #[test]
    fn publish_is_read_strictly() {
        assert!(!parse_ok("[book]\ntitle = \"T\"\n").publish);
        let c = parse_ok("[book]\ntitle = \"T\"\n[site]\npublish = true\n");
        assert!(c.publish);
        let errs = parse_err("[book]\ntitle = \"T\"\n[site]\npublish = \"yes\"\n");
        assert!(errs[0].render_text(false).starts_with("error: book.toml:4:11: `publish` in [site] has the wrong type: string \"yes\", expected a boolean\n  help: write `publish = true` or `publish = false`"), "{:?}", errs[0]);
        let run = Run {
            today: time::macros::date!(2026 - 12 - 03),
            today_overridden: false,
            preview: false,
            publish: false,
        };
        assert!(run.publishing(false, &c).publish, "the course's default");
        assert!(
            run.publishing(true, &parse_ok("[book]\ntitle = \"T\"\n"))
                .publish
        );
        assert!(
            !run.publishing(false, &parse_ok("[book]\ntitle = \"T\"\n"))
                .publish
        );
        assert!(
            !run.preview().publishing(true, &c).publish,
            "never the preview"
        );
    }

    #[test]
    fn every_wrong_type_is_reported_with_its_key() {
        let errs = parse_err(
            "[book]\ntitle = 3\nauthors = \"me\"\n\n[site]\n  offline = \"yes\"\nbase_ur = 1\n",
        );
        let shown: Vec<String> = errs.iter().map(|d| d.render_text(false)).collect();
        assert_eq!(shown.len(), 4, "{shown:#?}");
        assert!(shown[0].starts_with("error: book.toml:2:9: `title` in [book] has the wrong type: integer `3`, expected a string"), "{shown:#?}");
        assert!(shown[1].starts_with("error: book.toml:3:11: `authors` in [book] has the wrong type: string \"me\", expected a sequence"), "{shown:#?}");
        assert!(shown[2].starts_with("error: book.toml:6:13: `offline` in [site] has the wrong type: string \"yes\", expected a boolean\n  help: write `offline = true` or `offline = false`"), "{shown:#?}");
        assert!(
            shown[3].starts_with("error: book.toml:7:1: unknown key `base_ur` in [site]"),
            "{shown:#?}"
        );
    }

    #[test]
    fn keys_are_found_in_their_own_table_and_when_quoted() {
        let c = parse_ok(
            "[book]\ntitle = \"T\"\n\n[short]\ntitle = \"./\"\n  \"Bad Name\" = \"about/\"\n",
        );
        let at: Vec<_> = c
            .short
            .iter()
            .map(|(n, _, at)| (n.as_str(), at.clone()))
            .collect();
        assert_eq!(
            at,
            [
                ("Bad Name", Some(Location::at(CONFIG_FILE, 6, 3))),
                ("title", Some(Location::at(CONFIG_FILE, 5, 1))),
            ]
        );
        let errs = parse_err("[short]\ntitle = \"x\"\n[book]\ntitle = \" \"\n");
        assert_eq!(errs[0].location, Some(Location::at(CONFIG_FILE, 4, 1)));
    }

    #[test]
    fn what_follows_from_a_wrong_type_is_not_reported() {
        for text in [
            "book = 3\n",
            "[book]\ntitle=1\n",
            "[book]\ntitle = [\"a\",\n  \"b\"]\n",
        ] {
            let errs = parse_err(text);
            assert_eq!(errs.len(), 1, "{text}: {errs:?}");
            assert!(errs[0].message.contains("has the wrong type"), "{errs:?}");
            assert!(!errs[0].message.contains("Raw"), "{errs:?}");
        }
    }

    #[test]
    fn an_unknown_table_is_reported_and_the_rest_read() {
        let errs = parse_err("[book]\ntitle = \"T\"\n[sight]\nx = 1\n[site]\noffline = 1\n");
        let shown: Vec<String> = errs.iter().map(|d| d.render_text(false)).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(
            shown[0].starts_with("error: book.toml:3:2: unknown table `[sight]`"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("error: book.toml:6:11: `offline` in [site] has the wrong type"),
            "{shown:#?}"
        );
    }

    #[test]
    fn a_misspelt_required_key_is_not_also_missing() {
        let errs = parse_err("[book]\ntitel = \"T\"\n");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("unknown key `titel`"), "{errs:?}");
    }

    #[test]
    fn a_syntax_error_is_reported_once() {
        let errs = parse_err("[book]\ntitle = \"T\n[site]\noffline = \"yes\"\n");
        assert_eq!(errs.len(), 1, "{errs:?}");
    }

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let c = parse_ok("[book]\ntitle = \"T\"\n[site]\nbase_url = \"https://x.org/induct\"\n");
        assert_eq!(c.base_url, "https://x.org/induct/");
        assert!(c.base_url_set);
    }

    #[test]
    fn unknown_key_names_key_table_line_and_suggestion() {
        let errs = parse_err("[book]\ntitle = \"T\"\n\n[site]\nbase_ur = \"https://x.org/\"\n");
        assert_eq!(errs.len(), 1);
        let text = errs[0].render_text(false);
        assert!(
            text.starts_with("error: book.toml:5:1: unknown key `base_ur` in [site]"),
            "{text}"
        );
        assert!(text.contains("did you mean `base_url`?"), "{text}");
    }

    #[test]
    fn missing_title_is_explained() {
        let errs = parse_err("[book]\nlanguage = \"en\"\n");
        assert!(
            errs[0].message.contains("missing required key `title`"),
            "{:?}",
            errs[0]
        );
    }

    #[test]
    fn bad_values_are_all_reported() {
        let errs = parse_err(
            "[book]\ntitle = \" \"\nlanguage = \"english!\"\n[site]\nbase_url = \"example.org\"\n",
        );
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert_eq!(errs[2].location, Some(Location::at(CONFIG_FILE, 5, 1)));
    }

    #[test]
    fn quick_exit_is_off_unless_set() {
        assert_eq!(parse_ok("[book]\ntitle = \"T\"\n").quick_exit, None);
        let c = parse_ok(
            "[book]\ntitle = \"T\"\n[site]\nquick_exit = \"https://www.bbc.co.uk/weather\"\n",
        );
        assert_eq!(
            c.quick_exit,
            Some(QuickExit {
                url: "https://www.bbc.co.uk/weather".to_string(),
                shortcut: true
            })
        );
    }

    #[test]
    fn quick_exit_table_sets_the_url_and_the_shortcut() {
        let c = parse_ok(
            "[book]\ntitle = \"T\"\n[quick_exit]\nurl = \"https://www.bbc.co.uk/weather\"\nshortcut = false\n",
        );
        assert_eq!(
            c.quick_exit,
            Some(QuickExit {
                url: "https://www.bbc.co.uk/weather".to_string(),
                shortcut: false
            })
        );
        let c = parse_ok("[book]\ntitle = \"T\"\n[quick_exit]\nurl = \"https://example.org/\"\n");
        assert!(c.quick_exit.is_some_and(|q| q.shortcut));
        let shown = parse_err("[book]\ntitle = \"T\"\n\n[quick_exit]\nshortcut = true\n")[0]
            .render_text(false);
        assert!(
            shown.starts_with("error: book.toml:4:1: [quick_exit] has no `url`"),
            "{shown}"
        );
        let shown = parse_err(
            "[book]\ntitle = \"T\"\n[site]\nquick_exit = \"https://a.org/\"\n[quick_exit]\nurl = \"https://b.org/\"\n",
        )[0]
        .render_text(false);
        assert!(
            shown.starts_with("error: book.toml:4:1: the quick exit is set twice"),
            "{shown}"
        );
        let shown = parse_err("[book]\ntitle = \"T\"\n[quick_exit]\nurl = \"bbc.co.uk\"\n")[0]
            .render_text(false);
        assert!(
            shown.starts_with("error: book.toml:4:1: quick_exit `bbc.co.uk` is not an absolute"),
            "{shown}"
        );
    }

    #[test]
    fn progress_is_off_unless_set() {
        assert_eq!(parse_ok("[book]\ntitle = \"T\"\n").progress, Progress::Off);
        for (word, want) in [
            ("off", Progress::Off),
            ("tab", Progress::Tab),
            ("device", Progress::Device),
        ] {
            let c = parse_ok(&format!(
                "[book]\ntitle = \"T\"\n[site]\nprogress = \"{word}\"\n"
            ));
            assert_eq!(c.progress, want);
            assert_eq!(want.as_str(), word);
        }
        let shown = parse_err("[book]\ntitle = \"T\"\n[site]\nprogress = \"always\"\n")[0]
            .render_text(false);
        assert!(
            shown.starts_with(
                "error: book.toml:4:1: progress `always` is not one of `off`, `tab` or `device`"
            ),
            "{shown}"
        );
    }

    #[test]
    fn quick_exit_must_be_an_absolute_web_address() {
        for bad in [
            "",
            "www.bbc.co.uk",
            "/weather/",
            "javascript:alert(1)",
            "ftp://example.org/",
            "https://",
            "https:///weather",
            "https://exa mple.org/",
            "https://example.org/\\\"onclick",
            "https://user@example.org/",
        ] {
            let text = format!("[book]\ntitle = \"T\"\n\n[site]\n  quick_exit = \"{bad}\"\n");
            let errs = parse_err(&text);
            assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
            let shown = errs[0].render_text(false);
            assert!(
                shown.starts_with("error: book.toml:5:3: quick_exit `"),
                "{bad}: {shown}"
            );
            assert!(shown.contains("is not an absolute http(s) URL"), "{shown}");
            assert!(
                shown.contains("help: write the full address of a neutral website"),
                "{shown}"
            );
        }
        for good in [
            "http://127.0.0.1:8080/",
            "https://www.bbc.co.uk/weather",
            "https://example.org",
            "https://example.org/a?b=c#d",
        ] {
            let c = parse_ok(&format!(
                "[book]\ntitle = \"T\"\n[site]\nquick_exit = \"{good}\"\n"
            ));
            assert_eq!(c.quick_exit.map(|q| q.url).as_deref(), Some(good));
        }
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-GB"));
        assert!(!is_language_tag("e"));
        assert!(!is_language_tag("en_GB"));
        assert!(!is_language_tag(""));
    }
}
