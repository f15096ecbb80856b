//! How long the identifier scanner takes per story: `cargo bench --bench identifiers`.
//!
//! Scans every story of the labelled sets in `tests/fixtures/identifiers/`
//! (`stories/` and `held-out/`, marks removed) and of the default course's
//! `content/stories/`, many times over, and prints the median time per story
//! and per 1,000 words, and how long making its patterns and word lists
//! takes. A benchmark, not a test: nothing asserts a time.

use std::path::Path;
use std::time::{Duration, Instant};

use induct::check::identifiers::scan;

/// Rounds of scanning every story; the median round is reported.
const ROUNDS: usize = 31;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stories: Vec<(String, String)> = Vec::new();
    for folder in [
        "tests/fixtures/identifiers/stories",
        "tests/fixtures/identifiers/held-out",
        "content/stories",
    ] {
        stories.extend(read_folder(&root.join(folder)));
    }
    if stories.is_empty() {
        eprintln!("no stories found under {}", root.display());
        std::process::exit(1);
    }
    let words: usize = stories
        .iter()
        .map(|(_, t)| t.split_whitespace().count())
        .sum();
    // The patterns and word lists are made once per process, as the check
    // of a course's stories makes them (`warm`): timed alone.
    let warm = Instant::now();
    induct::check::identifiers::warm();
    let warm = warm.elapsed();
    // One round, not counted, so each thread's regex caches are warm too.
    let first = Instant::now();
    let findings: usize = stories.iter().map(|(_, text)| scan(text, &[]).len()).sum();
    let first = first.elapsed();
    let mut rounds: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for (_, text) in &stories {
                std::hint::black_box(scan(std::hint::black_box(text), &[]));
            }
            start.elapsed()
        })
        .collect();
    rounds.sort();
    let median = rounds[ROUNDS / 2];
    let per_story = median.as_secs_f64() * 1e6 / stories.len() as f64;
    let per_thousand = median.as_secs_f64() * 1e6 * 1000.0 / words.max(1) as f64;
    println!(
        "identifier scanner: {} stories, {} words, {} findings",
        stories.len(),
        words,
        findings
    );
    println!(
        "  making the patterns and word lists (once per process): {:.1} ms; first round {:.1} ms",
        warm.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3
    );
    println!(
        "  median of {ROUNDS} rounds: {per_story:.0} µs per story, {per_thousand:.0} µs per 1,000 words"
    );
}

/// The stories of one folder (`.txt` and `.md`), sorted by name, with
/// `[[category:text]]` marks reduced to their text and `#` comment lines
/// of the labelled sets left out.
fn read_folder(folder: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt" || e == "md")
                && p.file_name()
                    .is_some_and(|n| n != "index.md" && n != "README.md")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let labelled = path.extension().is_some_and(|e| e == "txt");
            let text = if labelled { unmark(&text) } else { text };
            Some((path.display().to_string(), text))
        })
        .collect()
}

/// A labelled file's prose: comment lines dropped, each `[[category:text]]`
/// replaced by its text.
fn unmark(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines().filter(|l| !l.starts_with('#')) {
        let mut rest = line;
        while let Some(open) = rest.find("[[") {
            out.push_str(&rest[..open]);
            let inner = &rest[open + 2..];
            let Some(close) = inner.find("]]") else {
                break;
            };
            let mark = &inner[..close];
            out.push_str(mark.split_once(':').map_or(mark, |(_, text)| text));
            rest = &inner[close + 2..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}
