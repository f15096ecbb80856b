//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The address `serve` listens on unless told otherwise.
pub const SERVE_HOST: &str = "127.0.0.1";

/// The port `serve` listens on unless told otherwise.
pub const SERVE_PORT: u16 = 3000;

/// induct: a static training-site generator for deanery induction courses.
#[derive(Debug, Parser)]
#[command(name = "induct", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `site/`).
    Build {
        /// The course folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the site here instead of the configured output folder.
        #[arg(short = 'd', long = "dest-dir", value_name = "OUT")]
        dest_dir: Option<PathBuf>,
        /// Build to publish: an example service still marked
        /// `placeholder: true` fails it (as `[site] publish = true` in
        /// book.toml makes every build).
        #[arg(long)]
        publish: bool,
    },
    /// Preview the course: build it into memory, serve it, and rebuild and
    /// reload the browser on every save.
    Serve {
        /// The course folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on.
        #[arg(short, long, default_value_t = SERVE_PORT)]
        port: u16,
        /// The address to listen on: 127.0.0.1 is this computer only.
        #[arg(long, default_value = SERVE_HOST)]
        host: String,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Run every check of `build` without writing anything.
    Check {
        /// The course folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// How to print the problems found.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check as a build to publish would (`build --publish`), e.g. in
        /// CI before deploying.
        #[arg(long)]
        publish: bool,
    },
    /// Find the address of a page, section, step or story to share:
    /// prints the best matches for QUERY, best first.
    Link {
        /// Words of the title or address to look for, e.g. "who to call".
        query: String,
        /// The course folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Print a ready email text (title, summary, address) for each.
        #[arg(long)]
        blurb: bool,
        /// How many matches to print at most (0: all).
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
    },
    /// Add a module, page, scenario, story or support service to the course.
    ///
    /// Writes a file (for a service, an entry at the end of
    /// content/support.yaml) that builds as it is, for you to rewrite, and
    /// prints it with its address in the preview. Never overwrites.
    New {
        /// What to add.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title, e.g. "Night shift": the file name and the address
        /// are made from it (`scenarios/03-night-shift.md`).
        name: String,
        /// The course folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The folder to write it in, relative to content/ (default: the
        /// kind's own folder; content/ for a page).
        #[arg(long = "in", value_name = "FOLDER")]
        within: Option<String>,
    },
    /// Start a new course that teaches by example.
    ///
    /// Writes book.toml (every key with a comment), a home page, a module,
    /// a scenario, a story held back by the consent gate and a support
    /// directory, then suggests `induct serve --open`.
    Init {
        /// Where to create it (created if missing; must be empty, hidden
        /// files such as .git aside).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Remove the built site (the output folder).
    Clean {
        /// The course folder (the one with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// What `induct new` adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A module: a page with headings and a link, in content/modules/.
    Module,
    /// A plain page, in content/.
    Page,
    /// A scenario of three steps, two choices and two endings, in content/scenarios/.
    Scenario,
    /// A recovery story, not consented and in draft (so held back), in content/stories/.
    Story,
    /// A placeholder service added to content/support.yaml.
    Service,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style lines for people.
    Text,
    /// One JSON object: `{"diagnostics": [...]}`.
    Json,
}
