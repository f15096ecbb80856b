//! Broken courses: every folder in `tests/fixtures/broken/` is a course
//! that must fail. Its `expected.stderr` holds exactly what `induct build`
//! prints (a new case is a new folder), and the build must write nothing.

use super::*;

#[test]
fn every_broken_course_fails_with_its_expected_message() {
    let root = fixtures().join("broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "expected the whole corpus, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let out_dir = tempfile::tempdir().unwrap();
        let dest = out_dir.path().join("site");
        let out = induct(&[
            "build",
            case.to_str().unwrap(),
            "-d",
            dest.to_str().unwrap(),
        ]);
        let expected = std::fs::read_to_string(case.join("expected.stderr"))
            .unwrap_or_else(|_| panic!("{name}: no expected.stderr"));
        let got = stderr(&out);
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{name}: exit code {:?}, expected 1",
                out.status.code()
            ));
        }
        if got != expected {
            failures.push(format!(
                "{name}: stderr differs\n--- expected\n{expected}--- got\n{got}"
            ));
        }
        if dest.exists() {
            failures.push(format!("{name}: a failed build wrote {}", dest.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The folders of `tests/fixtures/broken/`, sorted.
fn broken_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// `check` renders no page (only each template once), yet must report
/// exactly what `build` reports: the same diagnostics, in the same order,
/// with the same exit code, on every broken course.
#[test]
fn check_reports_what_build_reports_on_every_broken_course() {
    let cases = broken_cases();
    assert!(cases.len() >= 15, "found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let out_dir = tempfile::tempdir().unwrap();
        let dest = out_dir.path().join("site");
        let path = case.to_str().unwrap();
        let built = induct(&["build", path, "-d", dest.to_str().unwrap()]);
        let checked = induct(&["check", path]);
        if checked.status.code() != built.status.code() {
            failures.push(format!(
                "{name}: check exits {:?}, build {:?}",
                checked.status.code(),
                built.status.code()
            ));
        }
        if stderr(&checked) != stderr(&built) {
            failures.push(format!(
                "{name}: check and build differ\n--- build\n{}--- check\n{}",
                stderr(&built),
                stderr(&checked)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn check_reports_the_same_problems_as_json() {
    let case = fixtures().join("broken/many-problems");
    let out = induct(&["check", case.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = report["diagnostics"].as_array().unwrap();
    let summary: Vec<(String, String, String, u64, u64)> = list
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect =
        |s: &str, c: &str, f: &str, l: u64, col: u64| (s.into(), c.into(), f.into(), l, col);
    assert_eq!(
        summary,
        vec![
            expect("error", "broken-link", "content/index.md", 5, 5),
            expect("error", "front-matter", "content/modules/b.md", 3, 1),
            expect("error", "broken-anchor", "content/modules/c.md", 7, 5),
            expect("warning", "unknown-language", "content/modules/c.md", 9, 1),
        ]
    );
    assert!(list[0]["message"]
        .as_str()
        .unwrap()
        .contains("modules/a.md"));
}

#[test]
fn check_writes_nothing() {
    let course = copy_fixture("build/basic");
    let out = induct_in(course.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no problems found"));
    assert!(!course.path().join("site").exists());
}
