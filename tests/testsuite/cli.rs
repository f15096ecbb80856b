//! The command line as a user meets it: help, exit codes, init, clean.

use super::*;

#[test]
fn help_for_every_command() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["init", "--help"],
        &["new", "--help"],
        &["clean", "--help"],
    ] {
        let out = induct(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            stdout(&out).contains("Usage: induct"),
            "{args:?}: {}",
            stdout(&out)
        );
    }
    assert!(stdout(&induct(&["--version"])).starts_with("induct "));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(induct(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(induct(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(
        induct(&["check", "--format", "yaml"]).status.code(),
        Some(2)
    );
    let empty = tempfile::tempdir().unwrap();
    let out = induct_in(empty.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no book.toml"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("induct init"), "{}", stderr(&out));
}

#[test]
fn init_makes_a_course_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("new-course");
    let out = induct_in(tmp.path(), &["init", "new-course"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for file in [
        "book.toml",
        "content/index.md",
        "content/modules/01-your-first-weeks.md",
        "content/scenarios/01-a-hard-night-shift.md",
        "content/stories/01-asking-for-help.md",
        "content/support.yaml",
    ] {
        assert!(course.join(file).is_file(), "{file}");
    }
    let check = induct_in(&course, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let build = induct_in(&course, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let doc = html(&course.join("site/modules/your-first-weeks/index.html"));
    assert_eq!(text(&doc, "h1"), "Your first weeks");
    assert!(
        !course.join("site/support.yaml").exists(),
        "support.yaml is not an asset"
    );
    let home = html(&course.join("site/index.html"));
    // The course is named after its folder.
    assert_eq!(text(&home, "title"), "new course");
    // A second init does not overwrite the course.
    let again = induct_in(tmp.path(), &["init", "new-course"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn clean_removes_only_what_induct_wrote() {
    let course = copy_fixture("build/basic");
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(0));
    assert!(course.path().join("site/index.html").is_file());
    let out = induct_in(course.path(), &["clean"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!course.path().join("site").exists());
    assert!(course.path().join("content/index.md").is_file());
    // A `site/` folder of someone else's files is left alone.
    std::fs::create_dir_all(course.path().join("site")).unwrap();
    std::fs::write(course.path().join("site/notes.txt"), "mine").unwrap();
    let out = induct_in(course.path(), &["clean"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: book.toml: refusing to remove `")
            && stderr(&out).contains("`: it holds files that induct did not write"),
        "{}",
        stderr(&out)
    );
    assert!(course.path().join("site/notes.txt").is_file());
}

#[test]
fn output_folder_that_would_destroy_the_course_is_refused() {
    let course = copy_fixture("build/basic");
    for dest in [".", "content", "content/site", "themes/out", ".."] {
        let out = induct_in(course.path(), &["build", "-d", dest]);
        assert_eq!(out.status.code(), Some(2), "-d {dest}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("refusing to write the site"),
            "{}",
            stderr(&out)
        );
    }
    assert!(course.path().join("content/index.md").is_file());
    let out_cfg = copy_fixture("build/basic");
    with_site_setting(out_cfg.path(), "output_dir = \"content\"");
    let out = induct_in(out_cfg.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: book.toml:8:1: refusing to write the site to"),
        "{}",
        stderr(&out)
    );
    let check = induct_in(out_cfg.path(), &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("refusing to write the site"));
}

#[test]
fn colour_only_on_a_terminal() {
    let case = fixtures().join("broken/broken-link");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(["check", case.to_str().unwrap()])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!stderr(&out).contains('\x1b'), "escape codes when piped");
}

#[test]
fn check_json_is_json_even_when_dir_is_not_a_course() {
    let empty = tempfile::tempdir().unwrap();
    let out = induct_in(empty.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "usage");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
}

#[cfg(unix)]
#[test]
fn a_symlinked_content_folder_is_still_protected() {
    let course = copy_fixture("build/basic");
    let real = course.path().join("real-content");
    std::fs::rename(course.path().join("content"), &real).unwrap();
    std::os::unix::fs::symlink(&real, course.path().join("content")).unwrap();
    std::fs::create_dir_all(real.join("images")).unwrap();
    let out = induct_in(course.path(), &["build", "-d", "content/images"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = induct_in(course.path(), &["build", "-d", "real-content"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(real.join("index.md").is_file());
}

/// `course` with `line` added under `[site]` in its book.toml.
fn with_site_setting(course: &Path, line: &str) {
    let book = course.join("book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(
        &book,
        text.replace("[site]\n", &format!("[site]\n{line}\n")),
    )
    .unwrap();
}

#[test]
fn build_and_check_refuse_an_output_folder_alike() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.txt"), "mine").unwrap();
    let elsewhere = outside.path().canonicalize().unwrap();
    for folder in ["/", elsewhere.to_str().unwrap()] {
        let course = copy_fixture("build/basic");
        with_site_setting(course.path(), &format!("output_dir = \"{folder}\""));
        let built = induct_in(course.path(), &["build"]);
        let checked = induct_in(course.path(), &["check"]);
        assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
        assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
        // The same report, at the line of `output_dir`.
        assert_eq!(stderr(&built), stderr(&checked));
        assert!(
            stderr(&built).contains(&format!(
                "error: book.toml:8:1: refusing to write the site to `{folder}`: it "
            )),
            "{}",
            stderr(&built)
        );
        assert!(outside.path().join("notes.txt").is_file());
    }
    // `-d` gives the same reason, as a usage error.
    let course = copy_fixture("build/basic");
    let out = induct_in(course.path(), &["build", "-d", "/"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "error: refusing to write the site to `/`: it holds the course's `content/`\n"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_reports_an_output_folder_build_would_refuse() {
    let course = copy_fixture("build/basic");
    std::fs::create_dir_all(course.path().join("site")).unwrap();
    std::fs::write(course.path().join("site/notes.txt"), "mine").unwrap();
    let out = induct_in(course.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("it holds files that induct did not write"),
        "{}",
        stderr(&out)
    );
}

/// `INDUCT_TODAY` belongs to the run, not to `book.toml`, and every command
/// that reads the course refuses one that is not a date, before doing
/// anything: with exit code 2, and for `check --format json` as one object
/// with code `usage`.
#[test]
fn a_bad_induct_today_is_refused_by_every_command() {
    let course = copy_fixture("build/basic");
    for args in [&["build"][..], &["check"], &["link", "home"], &["clean"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_induct"))
            .args(args)
            .current_dir(course.path())
            .env("NO_COLOR", "1")
            .env("INDUCT_TODAY", "31/01/2027")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("INDUCT_TODAY=`31/01/2027` is not a date"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!course.path().join("site").exists(), "nothing was built");
    let out = Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(["check", "--format", "json"])
        .current_dir(course.path())
        .env("INDUCT_TODAY", "31/01/2027")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "usage");
}

/// `induct link` stops after the model and the checks of pages, but a page
/// whose markdown the scan found wrong (here a heading id used twice) is
/// still refused, as `build` refuses it.
#[test]
fn link_refuses_a_course_whose_markdown_is_wrong() {
    let course = copy_fixture("broken/duplicate-anchor");
    let out = induct_in(course.path(), &["link", "home"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: content/index.md:7:1: the id `same` is used twice on this page\n  help: give this heading a different `{#id}`\ninduct: 1 error found; nothing was written\n"
    );
}
