//! The story set: recall and false findings of the identifier scanner on
//! whole stories, measured at test time.
//!
//! Input: the files under `tests/fixtures/identifiers/`, read at run time:
//! `stories/` and `held-out/` hold composite recovery stories with every
//! identifier marked inline as `[[category:text]]` (the category's kebab-case
//! name), `clean/` holds prose with no identifiers at all. Paragraphs are
//! separated by blank lines; lines starting with `#` are comments. Output: a
//! table per set (run with `--nocapture`) and assertions on its figures.
//!
//! A marked identifier counts as found when any finding, of any category,
//! overlaps its span; a finding that overlaps no mark is a false finding.
//! False findings are counted per 1,000 clean words: the words outside marks
//! in the stories plus every word of `clean/`. The set was written without
//! reading the scanner; `held-out/` is never used to tune it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{scan, Category, Finding};

/// One identifier marked in a file.
pub(super) struct Mark {
    pub(super) category: Category,
    pub(super) range: Range<usize>,
}

/// One file of the set: its prose without the marks, and the marks.
pub(super) struct SetFile {
    /// File name, for messages ("stories/01-nights.txt").
    name: String,
    pub(super) text: String,
    pub(super) marks: Vec<Mark>,
}

/// Where a labelled file's paragraphs end.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Paragraphs {
    /// At a blank line: the story set.
    BlankLines,
    /// At the end of every line: `labelled.txt`.
    EachLine,
}

impl SetFile {
    /// Words outside every mark.
    fn clean_words(&self) -> usize {
        let mut words = 0;
        let mut at = 0;
        for mark in &self.marks {
            words += count_words(&self.text[at..mark.range.start]);
            at = mark.range.end;
        }
        words + count_words(&self.text[at..])
    }
}

/// Runs of non-space characters with a letter or digit in them.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

fn category_named(name: &str) -> Option<Category> {
    Category::ALL.into_iter().find(|c| c.as_str() == name)
}

/// Reads one file's `[[category:text]]` marks. Lines of a paragraph are kept
/// as they are; paragraphs are joined by one blank line; `#` lines are
/// skipped. Panics, naming the file and line, on an unclosed or empty mark or
/// an unknown category.
pub(super) fn parse(name: &str, source: &str, paragraphs: Paragraphs) -> SetFile {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut paragraph_open = false;
    for (index, line) in source.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim_end();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            paragraph_open = false;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if paragraph_open { "\n" } else { "\n\n" });
        }
        paragraph_open = paragraphs == Paragraphs::BlankLines;
        let mut rest = line;
        while let Some(open) = rest.find("[[") {
            text.push_str(&rest[..open]);
            let inner = &rest[open + 2..];
            let close = inner
                .find("]]")
                .unwrap_or_else(|| panic!("{name}:{line_number}: unclosed mark `[[`"));
            let body = &inner[..close];
            let (category_name, marked) = body.split_once(':').unwrap_or_else(|| {
                panic!("{name}:{line_number}: mark `[[{body}]]` has no `category:`")
            });
            let category = category_named(category_name).unwrap_or_else(|| {
                panic!("{name}:{line_number}: unknown category `{category_name}`")
            });
            if marked.trim().is_empty() || marked.contains("[[") {
                panic!("{name}:{line_number}: mark `[[{body}]]` marks no text");
            }
            let start = text.len();
            text.push_str(marked);
            marks.push(Mark {
                category,
                range: start..text.len(),
            });
            rest = &inner[close + 2..];
        }
        if rest.contains("]]") {
            panic!("{name}:{line_number}: `]]` without its `[[`");
        }
        text.push_str(rest);
    }
    SetFile {
        name: name.to_string(),
        text,
        marks,
    }
}

fn set_folder(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/identifiers")
        .join(folder)
}

/// Every `.txt` file of one folder of the set, sorted by name.
fn read_folder(folder: &str) -> Vec<SetFile> {
    let dir = set_folder(folder);
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let source =
                fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let file_name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            parse(
                &format!("{folder}/{file_name}"),
                &source,
                Paragraphs::BlankLines,
            )
        })
        .collect()
}

/// Whether two byte ranges share a byte.
pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// One category's row of the table.
#[derive(Default)]
struct Row {
    expected: usize,
    found: usize,
    /// Found, but by no finding of its own category.
    other_category: usize,
}

/// What the scanner did on one set.
#[derive(Default)]
struct Figures {
    rows: BTreeMap<Category, Row>,
    misses: Vec<String>,
    false_findings: Vec<String>,
    clean_words: usize,
}

impl Figures {
    /// Scans every file: marked files count recall and false findings, clean
    /// files (which must carry no marks) false findings only.
    fn measure(marked: &[SetFile], clean: &[SetFile]) -> Figures {
        let mut figures = Figures::default();
        for file in marked {
            let findings = scan(&file.text, &[]);
            figures.count(file, &findings);
        }
        for file in clean {
            assert!(
                file.marks.is_empty(),
                "{}: a clean file carries no marks",
                file.name
            );
            let findings = scan(&file.text, &[]);
            figures.count(file, &findings);
        }
        figures
    }

    fn count(&mut self, file: &SetFile, findings: &[Finding]) {
        self.clean_words += file.clean_words();
        for mark in &file.marks {
            let row = self.rows.entry(mark.category).or_default();
            row.expected += 1;
            let touching: Vec<&Finding> = findings
                .iter()
                .filter(|f| overlaps(&f.range, &mark.range))
                .collect();
            if touching.is_empty() {
                self.misses.push(format!(
                    "{}: {}: {}",
                    file.name,
                    mark.category.as_str(),
                    &file.text[mark.range.clone()]
                ));
            } else {
                row.found += 1;
                if !touching.iter().any(|f| f.category == mark.category) {
                    row.other_category += 1;
                }
            }
        }
        for finding in findings {
            if !file
                .marks
                .iter()
                .any(|m| overlaps(&m.range, &finding.range))
            {
                self.false_findings.push(format!(
                    "{}: {}: {}",
                    file.name,
                    finding.category.as_str(),
                    finding.text
                ));
            }
        }
    }

    fn expected(&self) -> usize {
        self.rows.values().map(|r| r.expected).sum()
    }

    fn recall(&self) -> f64 {
        let found: usize = self.rows.values().map(|r| r.found).sum();
        found as f64 / self.expected().max(1) as f64
    }

    fn false_per_thousand(&self) -> f64 {
        1000.0 * self.false_findings.len() as f64 / self.clean_words.max(1) as f64
    }

    /// The table, the misses and the false findings, for `--nocapture`.
    fn report(&self, title: &str) -> String {
        let percent = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
        let mut out = String::new();
        let _ = writeln!(out, "\n{title}");
        let _ = writeln!(
            out,
            "{:<21} {:>8} {:>6} {:>7} {:>6}",
            "category", "expected", "found", "recall", "other"
        );
        let mut total = Row::default();
        for (category, row) in &self.rows {
            let _ = writeln!(
                out,
                "{:<21} {:>8} {:>6} {:>6.1}% {:>6}",
                category.as_str(),
                row.expected,
                row.found,
                percent(row.found, row.expected),
                row.other_category
            );
            total.expected += row.expected;
            total.found += row.found;
            total.other_category += row.other_category;
        }
        let _ = writeln!(
            out,
            "{:<21} {:>8} {:>6} {:>6.1}% {:>6}",
            "overall",
            total.expected,
            total.found,
            percent(total.found, total.expected),
            total.other_category
        );
        let _ = writeln!(
            out,
            "(\"other\": found only under another category)\n\
             false findings: {} in {} clean words, {:.2} per 1,000",
            self.false_findings.len(),
            self.clean_words,
            self.false_per_thousand()
        );
        for miss in &self.misses {
            let _ = writeln!(out, "missed  {miss}");
        }
        for false_finding in &self.false_findings {
            let _ = writeln!(out, "false   {false_finding}");
        }
        out
    }
}

/// Recall and false findings on `stories/` and `clean/`; the targets of
/// issue #16. Run with `--nocapture` for the table.
#[test]
fn story_set_recall_and_false_findings() {
    let figures = Figures::measure(&read_folder("stories"), &read_folder("clean"));
    println!("{}", figures.report("stories/ + clean/"));
    let recall = figures.recall();
    let false_rate = figures.false_per_thousand();
    assert!(recall >= 0.98, "recall {recall:.3} is below 0.98");
    assert!(
        false_rate <= 1.0,
        "{false_rate:.2} false findings per 1,000 clean words, above 1.0"
    );
}

/// The honest figure: `held-out/`, never used to tune the scanner. Prints
/// its table and asserts only that the set is whole.
#[test]
fn held_out_set_figures() {
    let held_out = read_folder("held-out");
    let figures = Figures::measure(&held_out, &[]);
    println!("{}", figures.report("held-out/"));
    assert!(held_out.len() >= 10, "{} held-out stories", held_out.len());
    assert!(
        figures.expected() >= 50,
        "{} marks in held-out/",
        figures.expected()
    );
}

/// Whether ten digits carry a valid NHS number check digit (Modulus 11).
fn nhs_number_valid(marked: &str) -> bool {
    let digits: Vec<u32> = marked.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, weight)| d * weight)
        .sum();
    let check = 11 - sum % 11;
    let check = if check == 11 { 0 } else { check };
    check != 10 && check == digits[9]
}

/// The set is as large as the issue promises, and its marks are sound.
#[test]
fn story_set_is_as_large_as_promised() {
    let stories = read_folder("stories");
    let clean = read_folder("clean");
    let held_out = read_folder("held-out");
    assert!(stories.len() >= 40, "{} stories", stories.len());
    let mut per_category: BTreeMap<Category, usize> = BTreeMap::new();
    for file in &stories {
        for mark in &file.marks {
            *per_category.entry(mark.category).or_default() += 1;
        }
    }
    let marks: usize = per_category.values().sum();
    assert!(marks >= 200, "{marks} marks in stories/");
    for category in Category::ALL {
        let count = per_category.get(&category).copied().unwrap_or(0);
        assert!(count >= 6, "{count} marks of {}", category.as_str());
    }
    let clean_words: usize = clean.iter().map(SetFile::clean_words).sum();
    assert!(clean_words >= 5000, "{clean_words} words in clean/");
    for file in stories.iter().chain(&held_out) {
        let words = count_words(&file.text);
        assert!(
            (150..=450).contains(&words),
            "{}: {words} words, expected 150 to 450",
            file.name
        );
        for mark in &file.marks {
            let marked = &file.text[mark.range.clone()];
            match mark.category {
                Category::NhsNumber => assert!(
                    nhs_number_valid(marked),
                    "{}: NHS number {marked} has a wrong check digit",
                    file.name
                ),
                Category::GmcNumber => assert_eq!(
                    marked.chars().filter(char::is_ascii_digit).count(),
                    7,
                    "{}: GMC number {marked} is not seven digits",
                    file.name
                ),
                _ => {}
            }
        }
    }
}

#[test]
fn marks_are_read_with_their_spans() {
    let file = parse(
        "example.txt",
        "# a comment\nI met [[name:Dr Okafor]] on\n[[place:Ward 7B]].\n\nNext [[date:3 March]].\n",
        Paragraphs::BlankLines,
    );
    assert_eq!(file.text, "I met Dr Okafor on\nWard 7B.\n\nNext 3 March.");
    let spans: Vec<(&str, &str)> = file
        .marks
        .iter()
        .map(|m| (m.category.as_str(), &file.text[m.range.clone()]))
        .collect();
    assert_eq!(
        spans,
        [
            ("name", "Dr Okafor"),
            ("place", "Ward 7B"),
            ("date", "3 March")
        ]
    );
    assert_eq!(file.clean_words(), 4);
}

#[test]
fn each_line_can_be_a_paragraph() {
    let file = parse(
        "example.txt",
        "One [[name:Priya]].\n# skipped\nTwo.\n\nThree.",
        Paragraphs::EachLine,
    );
    assert_eq!(file.text, "One Priya.\n\nTwo.\n\nThree.");
    assert_eq!(file.marks.len(), 1);
}

#[test]
#[should_panic(expected = "example.txt:2: unknown category `nmae`")]
fn an_unknown_category_names_its_line() {
    parse(
        "example.txt",
        "Fine.\nI met [[nmae:Priya]].",
        Paragraphs::BlankLines,
    );
}

#[test]
#[should_panic(expected = "example.txt:1: unclosed mark")]
fn an_unclosed_mark_names_its_line() {
    parse("example.txt", "I met [[name:Priya.", Paragraphs::EachLine);
}
