//! Symbolic links in `content/`: made at run time in a copy of a fixture
//! (git on every platform cannot be trusted to keep a link that leads
//! nowhere or round in a loop). Each is named by its path in `content/`
//! and left out, and the rest of the course builds.

#![cfg(unix)]

use std::os::unix::fs::symlink;

use super::*;

/// A copy of the basic course with a symbolic link at `link` (from the
/// course root) to `target`, built into a fresh folder that must succeed:
/// what the build printed, and the output folder and site.
fn build_with_link(target: &Path, link: &str) -> (String, tempfile::TempDir, PathBuf) {
    let course = copy_fixture("build/basic");
    symlink(target, course.path().join(link)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = induct(&[
        "build",
        course.path().to_str().unwrap(),
        "-d",
        site.to_str().unwrap(),
    ]);
    let err = stderr(&built);
    assert_eq!(built.status.code(), Some(0), "{err}");
    (err, out, site)
}

#[test]
fn a_link_to_nothing_is_named_and_left_out() {
    let (err, _out, site) = build_with_link(Path::new("gone.md"), "content/modules/old.md");
    assert!(
        err.contains(
            "warning: content/modules/old.md: this symbolic link points to nothing (`gone.md` does not exist), so it is left out of the site\n  help: point the link at a file that exists, or delete it"
        ),
        "{err}"
    );
    assert!(site.join("modules/first-weeks/index.html").is_file());
    assert!(!site.join("modules/old").exists());
}

#[test]
fn a_link_round_in_a_loop_is_named_and_left_out() {
    let (err, _out, site) = build_with_link(Path::new(".."), "content/modules/02-support/up");
    assert!(
        err.contains(
            "warning: content/modules/02-support/up: this symbolic link leads back to `content/modules`, a folder it is in, so it is left out of the site"
        ),
        "{err}"
    );
    assert!(site.join("modules/support/who/index.html").is_file());
    assert!(!site.join("modules/support/up").exists());
}

#[test]
fn a_link_to_a_folder_outside_the_course_is_not_walked() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("notes.md"),
        "---\ntitle: Private notes\n---\n\nOUTSIDE-SECRET\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("leaflet.pdf"), "OUTSIDE-SECRET").unwrap();
    let (err, _out, site) = build_with_link(outside.path(), "content/files/shared");
    assert!(
        err.contains(
            "warning: content/files/shared: this is a symbolic link to a folder outside the course, so it and everything in it are left out of the site\n  help: copy the folder into `content/` if it belongs in the site"
        ),
        "{err}"
    );
    // The folder is left out whole: nothing in it is named, or published.
    assert!(!err.contains("shared/"), "{err}");
    assert!(!site.join("files/shared").exists());
    for (path, bytes) in snapshot(&site) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("OUTSIDE-SECRET"),
            "{path}"
        );
    }
}

#[test]
fn a_link_inside_the_course_is_followed() {
    let (_, _out, site) = build_with_link(Path::new("02-support"), "content/modules/03-help");
    assert!(site.join("modules/help/who/index.html").is_file());
}
