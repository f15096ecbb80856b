//! The output is replaced whole or not at all.

use super::*;

#[test]
fn a_failed_build_leaves_the_previous_site_exactly_as_it_was() {
    let course = copy_fixture("build/basic");
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(0));
    let before = snapshot(&course.path().join("site"));
    assert!(before.contains_key("modules/first-weeks/index.html"));

    // Break a link, a front matter block and book.toml, one at a time.
    let page = course.path().join("content/modules/01-first-weeks.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        original.replace("02-support/who.md#who-to-call", "02-support/nope.md"),
    )
    .unwrap();
    let out = induct_in(course.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/modules/01-first-weeks.md:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&course.path().join("site")), before);

    std::fs::write(&page, original.replace("title:", "titel:")).unwrap();
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(1));
    assert_eq!(snapshot(&course.path().join("site")), before);
    std::fs::write(&page, &original).unwrap();

    let book = course.path().join("book.toml");
    let config = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, config.replace("base_url", "base_ur")).unwrap();
    let out = induct_in(course.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown key `base_ur` in [site]"));
    assert_eq!(snapshot(&course.path().join("site")), before);
    std::fs::write(&book, config).unwrap();

    // Fixed, the next build replaces the site and leaves no staging or old
    // folder, only the (empty) lock file.
    std::fs::write(&page, original.replace("First notes.", "Changed notes.")).unwrap();
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(0));
    let after =
        std::fs::read_to_string(course.path().join("site/modules/first-weeks/index.html")).unwrap();
    assert!(after.contains("Changed notes."));
    let leftovers: Vec<_> = std::fs::read_dir(course.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("induct-"))
        .collect();
    assert_eq!(leftovers, [".site.induct-lock"]);
    // The site equals a clean build of the same course.
    let clean = tempfile::tempdir().unwrap();
    let dest = clean.path().join("site");
    let out = induct_in(course.path(), &["build", "-d", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(snapshot(&course.path().join("site")), snapshot(&dest));
    assert_eq!(induct_in(course.path(), &["clean"]).status.code(), Some(0));
    assert!(!course.path().join("site").exists());
}

#[test]
fn a_removed_page_disappears_from_the_next_build() {
    let course = copy_fixture("build/basic");
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(0));
    std::fs::remove_file(course.path().join("content/modules/02-support/who.md")).unwrap();
    // Links to it from other pages now fail, so remove them too.
    for page in [
        "content/index.md",
        "content/modules/01-first-weeks.md",
        "content/modules/02-support/index.md",
    ] {
        let path = course.path().join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("02-support/who.md#who-to-call", "02-support/index.md")
                .replace("(who.md)", "(index.md)")
                .replace("/modules/support/who/#who-to-call", "/modules/support/"),
        )
        .unwrap();
    }
    // Its address was published (links.lock has it): the build refuses
    // to break it, and leaves the site as it was.
    let out = induct_in(course.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`modules/support/who/` would break"),
        "{}",
        stderr(&out)
    );
    assert!(course.path().join("site/modules/support/who").exists());
    // Retiring it on purpose: delete its lines from links.lock.
    let lock = course.path().join("links.lock");
    let text = std::fs::read_to_string(&lock).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("modules/support/who/"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&lock, kept).unwrap();
    let out = induct_in(course.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!course.path().join("site/modules/support/who").exists());
    assert!(!std::fs::read_to_string(&lock)
        .unwrap()
        .contains("modules/support/who/"));
}
