//! `offline = true`: the service worker `sw.js` lists every file of the
//! site, and only those, each with the hash of its bytes; without it (and
//! in the preview) `sw.js` is the worker that retires an earlier one.

use std::collections::BTreeMap;

use induct::render::offline::{address, hash, listed, RETIRE, WORKER_PATH};

use super::*;

/// Builds a copy of `tests/fixtures/build/<fixture>` with `offline = true`,
/// after `change` has edited the copy; gives the course and the site.
fn build_offline(
    fixture: &str,
    change: impl FnOnce(&Path),
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("course");
    copy_dir(&fixtures().join("build").join(fixture), &course);
    let book = course.join("book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, text.replace("[site]\n", "[site]\noffline = true\n")).unwrap();
    change(&course);
    let site = tmp.path().join("site");
    rebuild(&course, &site);
    (tmp, course, site)
}

fn rebuild(course: &Path, site: &Path) {
    let out = induct(&[
        "build",
        course.to_str().unwrap(),
        "-d",
        site.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// What `sw.js` of the site lists: address → hash.
fn worker_list(site: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(site.join(WORKER_PATH)).unwrap();
    listed(&text)
        .expect("sw.js lists the files")
        .into_iter()
        .collect()
}

#[test]
fn the_worker_lists_every_file_of_the_site_and_only_those() {
    let (_tmp, _, site) = build_offline("scenarios", |_| {});
    let files = snapshot(&site);
    let expected: BTreeMap<String, String> = files
        .iter()
        .filter(|(path, _)| *path != WORKER_PATH && *path != ".induct-output")
        .map(|(path, bytes)| (address(path).to_string(), hash(bytes)))
        .collect();
    assert_eq!(worker_list(&site), expected);
    // Pages by their folder address, the home page as "".
    assert!(expected.contains_key(""));
    assert!(expected.contains_key("scenarios/"));
    assert!(expected.contains_key("404.html"));
    assert!(expected.contains_key("assets/induct.js"));
    assert!(expected.contains_key("links/"));
    // Every page asks for the worker.
    for (path, _) in files.iter().filter(|(p, _)| p.ends_with("index.html")) {
        let doc = html(&site.join(path));
        assert_eq!(select(&doc, "html[data-offline]").len(), 1, "{path}");
    }
}

#[test]
fn a_changed_page_changes_its_hash_and_the_worker() {
    let (_tmp, course, site) = build_offline("basic", |_| {});
    let before = worker_list(&site);
    let worker_before = std::fs::read(site.join(WORKER_PATH)).unwrap();
    rebuild(&course, &site);
    assert_eq!(
        std::fs::read(site.join(WORKER_PATH)).unwrap(),
        worker_before,
        "the same site gives the same worker"
    );
    let page = course.join("content/modules/02-support/who.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nA new line.\n")).unwrap();
    rebuild(&course, &site);
    let after = worker_list(&site);
    assert_ne!(
        after["modules/support/who/"],
        before["modules/support/who/"]
    );
    assert_eq!(
        after["modules/first-weeks/"],
        before["modules/first-weeks/"]
    );
    assert_eq!(after["assets/induct.css"], before["assets/induct.css"]);
    assert_ne!(
        std::fs::read(site.join(WORKER_PATH)).unwrap(),
        worker_before
    );
}

#[test]
fn without_offline_the_worker_only_retires_an_earlier_one() {
    let (_tmp, site) = super::build::build_fixture("basic");
    assert_eq!(std::fs::read(site.join(WORKER_PATH)).unwrap(), RETIRE);
    let doc = html(&site.join("index.html"));
    assert!(select(&doc, "html[data-offline]").is_empty());
}

#[test]
fn a_course_file_cannot_take_the_workers_place() {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("course");
    copy_dir(&fixtures().join("build/basic"), &course);
    std::fs::write(course.join("content/sw.js"), "// mine").unwrap();
    let out = induct_in(&course, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("content/sw.js: this file would overwrite `sw.js`, which induct generates"),
        "{}",
        stderr(&out)
    );
}
