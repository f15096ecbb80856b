//! A new user's first hour: `induct init`, `induct new` of every kind, a
//! broken choice and its fix, from an empty folder.

use super::*;

/// The warnings a fresh course may give: its placeholder services (a
/// warning once placeholders are reported) and the starter story, held
/// back by the consent gate on purpose.
const ALLOWED: &[&str] = &["support-placeholder", "story-held-back"];

/// A fresh `induct init` course in a temporary folder.
fn starter() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = induct_in(tmp.path(), &["init", "course"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let course = tmp.path().join("course");
    (tmp, course)
}

/// `check --format json` of the course: each diagnostic's severity, code
/// and file.
fn diagnostics(course: &Path) -> Vec<(String, String, String)> {
    let out = induct_in(course, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (field("severity"), field("code"), field("file"))
        })
        .collect()
}

/// Builds the course and asserts it gave no error and no warning but
/// those a fresh course may give; the stories held back are `held`.
fn builds_clean(course: &Path, held: &[&str]) {
    let build = induct_in(course, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    for (severity, code, file) in diagnostics(course) {
        assert_eq!(severity, "warning", "{code} {file}");
        assert!(
            ALLOWED.contains(&code.as_str()),
            "unexpected {code} at {file}"
        );
        if code == "story-held-back" {
            assert!(held.contains(&file.as_str()), "{file} is held back");
        }
    }
}

/// `induct new ARGS` in `course`: its standard output.
fn new(course: &Path, args: &[&str]) -> String {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let out = induct_in(course, &all);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn read(course: &Path, rel: &str) -> String {
    std::fs::read_to_string(course.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const STARTER_STORY: &str = "content/stories/01-asking-for-help.md";

#[test]
fn init_new_scenario_break_a_choice_and_fix_it() {
    let (_tmp, course) = starter();
    builds_clean(&course, &[STARTER_STORY]);
    let printed = new(&course, &["scenario", "Night shift"]);
    assert_eq!(
        printed,
        "wrote content/scenarios/02-night-shift.md\npreview: http://127.0.0.1:3000/scenarios/night-shift/\n"
    );
    builds_clean(&course, &[STARTER_STORY]);
    let doc = html(&course.join("site/scenarios/night-shift/index.html"));
    assert_eq!(text(&doc, "h1"), "Night shift");

    // A choice to a step that does not exist.
    let file = course.join("content/scenarios/02-night-shift.md");
    let good = std::fs::read_to_string(&file).unwrap();
    let choice = "](#telling-someone)";
    let at = good.find(choice).unwrap();
    let broken = good.replacen(choice, "](#telling-someon)", 1);
    std::fs::write(&file, &broken).unwrap();
    // The choice's line, and the column of its link.
    let line_start = good[..at].rfind('\n').unwrap() + 1;
    let line = good[..at].lines().count();
    let col = good[line_start..].find('[').unwrap() + 1;
    for command in ["check", "build"] {
        let out = induct_in(&course, &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = stderr(&out);
        let location = format!("error: content/scenarios/02-night-shift.md:{line}:{col}: ");
        assert!(err.contains(&location), "{command}: {location} in {err}");
        assert!(
            err.contains("`#telling-someon`, which is not a step"),
            "{err}"
        );
        assert!(
            err.contains("help: did you mean `#telling-someone`?"),
            "{err}"
        );
    }
    // Fixed, it builds again.
    std::fs::write(&file, &good).unwrap();
    builds_clean(&course, &[STARTER_STORY]);
}

#[test]
fn every_kind_builds_in_a_fresh_course() {
    let (_tmp, course) = starter();
    let kinds = [
        (
            "module",
            "content/modules/02-night-shift.md",
            "modules/night-shift/",
        ),
        ("page", "content/night-shift.md", "night-shift/"),
        (
            "scenario",
            "content/scenarios/02-night-shift.md",
            "scenarios/night-shift/",
        ),
        (
            "story",
            "content/stories/02-night-shift.md",
            "stories/night-shift/",
        ),
        ("service", "content/support.yaml", "support/#night-shift"),
    ];
    for (kind, file, url) in kinds {
        let printed = new(&course, &[kind, "Night shift"]);
        assert_eq!(
            printed,
            format!("wrote {file}\npreview: http://127.0.0.1:3000/{url}\n"),
            "{kind}"
        );
    }
    builds_clean(
        &course,
        &[STARTER_STORY, "content/stories/02-night-shift.md"],
    );
    let site = course.join("site");
    let module = html(&site.join("modules/night-shift/index.html"));
    assert_eq!(text(&module, "main h1"), "Night shift");
    assert!(select(&module, "main h2").len() >= 2);
    assert_eq!(attr(&module, "h2#getting-support", "id"), "getting-support");
    assert!(!select(&module, "main a[href*='support/']").is_empty());
    let page = html(&site.join("night-shift/index.html"));
    assert_eq!(text(&page, "main h1"), "Night shift");
    // Three steps: the start and two endings.
    for step in ["", "going-home/", "telling-someone/"] {
        let path = site.join(format!("scenarios/night-shift/{step}index.html"));
        assert!(path.is_file(), "{}", path.display());
    }
    // The new story, like the starter's, is held back: no page, no entry.
    assert!(!site.join("stories/night-shift").exists());
    assert!(!site.join("stories/asking-for-help").exists());
    let diagnostics = diagnostics(&course);
    assert!(diagnostics.contains(&(
        "warning".to_string(),
        "story-held-back".to_string(),
        "content/stories/02-night-shift.md".to_string()
    )));
    // The service is on the support page, marked as a placeholder.
    let support = html(&site.join("support/index.html"));
    let service = text(&support, "#night-shift");
    assert!(!service.is_empty(), "no #night-shift on support/");
    let yaml = read(&course, "content/support.yaml");
    assert!(
        yaml.contains("  - id: night-shift\n    name: \"Night shift\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("REPLACE:"));
}

#[test]
fn the_next_numeric_prefix_and_the_folder() {
    let (_tmp, course) = starter();
    assert!(new(&course, &["module", "Rotas"]).starts_with("wrote content/modules/02-rotas.md\n"));
    assert!(new(&course, &["module", "Exams"]).starts_with("wrote content/modules/03-exams.md\n"));
    // A module folder: empty, so numbered from 01.
    std::fs::create_dir_all(course.join("content/modules/04-on-call")).unwrap();
    let printed = new(&course, &["module", "Nights", "--in", "modules/04-on-call"]);
    assert_eq!(
        printed,
        "wrote content/modules/04-on-call/01-nights.md\npreview: http://127.0.0.1:3000/modules/on-call/nights/\n"
    );
    // The folder counts among the modules: the next is 05.
    assert!(new(&course, &["module", "Leave"]).starts_with("wrote content/modules/05-leave.md\n"));
    // content/ has no numbered pages: none for a page.
    assert!(new(&course, &["page", "About"]).starts_with("wrote content/about.md\n"));
    // A course folder given as DIR, from elsewhere.
    let out = induct_in(
        course.parent().unwrap(),
        &["new", "scenario", "Café début", "course"],
    );
    assert_eq!(
        stdout(&out),
        "wrote content/scenarios/02-cafe-debut.md\npreview: http://127.0.0.1:3000/scenarios/cafe-debut/\n",
        "{}",
        stderr(&out)
    );
    assert!(new(&course, &["page", "Ysbyty Gwynedd – ŵyr"])
        .starts_with("wrote content/ysbyty-gwynedd-wyr.md\n"));
    assert!(new(&course, &["story", "Yn ôl i’r gwaith"])
        .starts_with("wrote content/stories/02-yn-ol-ir-gwaith.md\n"));
    builds_clean(
        &course,
        &[STARTER_STORY, "content/stories/02-yn-ol-ir-gwaith.md"],
    );
}

#[test]
fn new_refuses_to_overwrite_and_what_it_cannot_name() {
    let (_tmp, course) = starter();
    new(&course, &["scenario", "Night shift"]);
    let before = snapshot(&course.join("content"));
    let refused = |args: &[&str], says: &[&str]| {
        let out = induct_in(&course, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        for s in says {
            assert!(stderr(&out).contains(s), "{args:?}: {}", stderr(&out));
        }
    };
    // Same address, even with another prefix or spelling.
    refused(
        &["new", "scenario", "Night Shift!"],
        &[
            "content/scenarios/02-night-shift.md already has the address",
            "help: edit that file",
        ],
    );
    refused(
        &["new", "module", "Your first weeks"],
        &["content/modules/01-your-first-weeks.md"],
    );
    refused(
        &["new", "service", "PSU"],
        &["already has a service with the id `psu`"],
    );
    refused(&["new", "page", "—!?"], &["makes no file name"]);
    refused(&["new", "module", "Index"], &["a folder's own page"]);
    refused(
        &["new", "page", "x", "--in", "../elsewhere"],
        &["inside content/"],
    );
    refused(
        &["new", "page", "x", "--in", "scenarios"],
        &["every file there is a scenario"],
    );
    refused(
        &["new", "scenario", "x", "--in", "modules"],
        &["directly in content/scenarios/"],
    );
    refused(
        &["new", "page", "x", "--in", "search"],
        &["the search page"],
    );
    assert_eq!(snapshot(&course.join("content")), before, "nothing written");

    // A folder that is not a course: the error build gives.
    let empty = tempfile::tempdir().unwrap();
    let out = induct_in(empty.path(), &["new", "page", "About"]);
    let build = induct_in(empty.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), stderr(&build));
    assert!(std::fs::read_dir(empty.path()).unwrap().next().is_none());
}

#[test]
fn a_service_is_appended_keeping_the_file_as_written() {
    let (_tmp, course) = starter();
    let before = read(&course, "content/support.yaml");
    assert!(before.contains("# The support directory"));
    new(&course, &["service", "Peer support – ŵyr"]);
    let after = read(&course, "content/support.yaml");
    // Everything before is kept byte for byte, comments included; the new
    // entry is set apart by a blank line, as the others are.
    let added = after
        .strip_prefix(&before)
        .expect("the file as it was, then the entry");
    assert!(
        added.starts_with("\n  - id: peer-support-wyr\n    name: \"Peer support – ŵyr\"\n"),
        "{added}"
    );
    assert!(added.ends_with("    placeholder: true\n"));
    // A second service goes after it.
    new(&course, &["service", "Night line"]);
    let third = read(&course, "content/support.yaml");
    assert!(third.starts_with(&after));
    builds_clean(&course, &[STARTER_STORY]);
    let support = html(&course.join("site/support/index.html"));
    assert!(!select(&support, "#peer-support-wyr").is_empty());
    assert!(!select(&support, "#night-line").is_empty());
}

#[test]
fn init_refuses_a_folder_with_anything_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = induct_in(tmp.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not empty (it has notes.txt)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    // Hidden entries (a git repository) are fine, and the next step is
    // the preview.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let out = induct_in(repo.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("next: `induct serve --open`"),
        "{}",
        stderr(&out)
    );
    let out = induct_in(tmp.path(), &["init", "my course"]);
    assert!(
        stderr(&out).contains("next: `cd 'my course' && induct serve --open`"),
        "{}",
        stderr(&out)
    );
}
