//! Stories: published only with consent for the site, a review date not
//! yet passed and reviewed anonymisation; a held-back story leaves no trace.

use std::collections::HashSet;

use super::*;

/// Builds the story fixture as on `today`, returning the site and what the
/// build printed.
pub fn build_on(today: &str) -> (tempfile::TempDir, PathBuf, String) {
    build_with(today, |_| {})
}

/// Builds the story fixture as on `today` after `change` has altered the
/// course copy, returning the site and what the build printed.
fn build_with(today: &str, change: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("site");
    let course = out_dir.path().join("course");
    copy_dir(&fixtures().join("build/stories"), &course);
    change(&course);
    let out = Command::new(env!("CARGO_BIN_EXE_induct"))
        .args([
            "build",
            course.to_str().unwrap(),
            "-d",
            dest.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .env("INDUCT_TODAY", today)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (out_dir, dest, stderr(&out))
}

const HELD: [(&str, &str); 5] = [
    ("02-no-consent", "consent is not given"),
    ("03-print-only", "does not include the site"),
    (
        "04-review-passed",
        "was due for review on 2026-01-31, which has passed",
    ),
    ("05-not-reviewed", "anonymisation is not reviewed"),
    ("06-no-review-date", "has no review date"),
];

#[test]
fn only_stories_with_current_consent_and_reviewed_anonymisation_are_published() {
    let (_tmp, site, printed) = build_on("2026-11-23");
    for (file, reason) in HELD {
        let line = printed
            .lines()
            .find(|l| {
                l.contains(&format!(
                    "content/stories/{file}.md: this story is held back"
                ))
            })
            .unwrap_or_else(|| panic!("no warning for {file}:\n{printed}"));
        assert!(line.starts_with("warning: "), "{line}");
        assert!(line.contains(reason), "{file}: {line}");
    }
    assert!(
        !printed.contains("07-draft.md: this story"),
        "a draft is not warned about as held back"
    );
    // A story whose anonymisation is still a draft: findings are warnings.
    assert!(
        printed.contains("warning: content/stories/05-not-reviewed.md:10:4: this may identify someone: a personal name `Okafor`"),
        "{printed}"
    );
    let files: HashSet<String> = snapshot(&site).into_keys().collect();
    let stories: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("stories/") && f.ends_with(".html"))
        .filter(|f| !f.ends_with("/print/index.html"))
        .collect();
    assert_eq!(stories.len(), 2, "the listing and one story: {stories:?}");
    assert!(files.contains("stories/back-on-track/index.html"));
    assert!(files.contains("stories/back-on-track/print/index.html"));
}

#[test]
fn no_trace_of_a_held_back_story_reaches_the_output() {
    let (_tmp, site, printed) = build_on("2026-11-23");
    let mut leaks = Vec::new();
    for (rel, bytes) in snapshot(&site) {
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "quietly-unique-phrase",
            "Not yet agreed",
            "For the handbook only",
            "Consent to renew",
            "Still being anonymised",
            "No review date",
            "A draft story",
            "no-consent",
            "print-only",
            "review-passed",
            "not-reviewed",
            "no-review-date",
            "held-photo",
            "PNGDATA-held-only",
            "teller-only",
            "PNGDATA-teller-only",
        ] {
            if text.contains(needle) || rel.contains(needle) {
                leaks.push(format!("{rel} holds or is named `{needle}`"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    assert!(
        site.join("stories/shared.png").is_file(),
        "a picture a published story shows is copied"
    );
    assert!(site.join("pictures/public.png").is_file());
    // A link by the site's own address is a link within the site: to a
    // held-back story it is plain text too; to a published one, relative.
    let stigma = html(&site.join("modules/stigma/index.html"));
    let hrefs: Vec<String> = select(&stigma, ".content a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(hrefs, ["../../stories/back-on-track/"]);
    assert!(printed.contains("link `https://induct.example.org/stories/no-consent/` points at a story that is held back"), "{printed}");
    // The link to a held-back story is plain text, with a warning.
    let home = html(&site.join("index.html"));
    let links: Vec<String> = select(&home, ".content a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["stories/back-on-track/"]);
    assert!(text(&home, ".content").contains("is not linked yet"));
    assert!(printed.contains("warning: content/index.md:5:12: link `stories/02-no-consent.md` points at a story that is held back"), "{printed}");
}

#[test]
fn consent_lapses_after_its_review_date() {
    let (_tmp, site, _) = build_on("2027-09-01");
    assert!(
        site.join("stories/back-on-track/index.html").is_file(),
        "published on the day"
    );
    let (_tmp, site, printed) = build_on("2027-09-02");
    assert!(printed.contains("01-back-on-track.md: this story is held back and not published: its consent was due for review on 2027-09-01"), "{printed}");
    let files: Vec<String> = snapshot(&site).into_keys().collect();
    assert!(
        !files.iter().any(|f| f.starts_with("stories/")),
        "no story, so no listing: {files:?}"
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("stories/"), "{sitemap}");
}

#[test]
fn a_story_page_shows_its_content_notes_first_and_the_story_on_request() {
    let (_tmp, site, _) = build_on("2026-11-23");
    let doc = html(&site.join("stories/back-on-track/index.html"));
    let order: Vec<String> = select(&doc, "article.story > *")
        .iter()
        .map(|e| {
            e.value()
                .attr("class")
                .unwrap_or(e.value().name())
                .to_string()
        })
        .collect();
    let notes = order.iter().position(|c| c == "story-notes").unwrap();
    let body = order.iter().position(|c| c == "story-body").unwrap();
    assert!(notes < body, "{order:?}");
    assert_eq!(
        select(&doc, "details.story-body:not([open])").len(),
        1,
        "closed until the reader opens it"
    );
    assert_eq!(text(&doc, "details.story-body > summary"), "Read the story");
    assert!(text(&doc, "details.story-body").contains("Coming back"));
    assert_eq!(text(&doc, ".story-notes li"), "sick leave\nexhaustion");
    assert!(text(&doc, ".story-composite").contains("composite"));
    let related: Vec<String> = select(&doc, ".story-links a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(related, ["../../modules/stigma/", "../../support/"]);
    let listing = html(&site.join("stories/index.html"));
    let card = text(&listing, ".cards li");
    assert!(card.contains("A registrar on sick leave"), "{card}");
    assert!(
        card.contains("Content notes: sick leave, exhaustion"),
        "{card}"
    );
}

/// The lines of a story's signed review but its fingerprint.
pub const SIGNED: &str = "reviewed_by: induct course team\nreviewed_on: 2026-11-02\n";

/// A story file in `content/stories/` at `rel`, held back (`consent` not
/// given) unless `published`, with `marker` in its name, title, summary,
/// content note and text.
fn plant_story(course: &Path, rel: &str, marker: &str, published: bool) {
    let path = course.join("content/stories").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let title = format!("Title {marker}");
    let summary = format!("Summary {marker}");
    let body = format!("The text {marker} of a story.\n\n## A heading {marker}\n\nMore.\n");
    let hash = induct::model::story::fingerprint_of(&title, Some(&summary), &body);
    std::fs::write(
        &path,
        format!(
            "---\ntitle: {title}\nsummary: {summary}\nconsent:\n  given: {published}\n  scope: [site]\n  review_by: 2027-09-01\nanonymisation: reviewed\n{SIGNED}reviewed_hash: \"{hash}\"\ncontent_notes: [note {marker}]\n---\n{body}"
        ),
    )
    .unwrap();
}

#[test]
fn every_markdown_file_under_stories_goes_through_the_consent_gate() {
    // Folder pages at each depth, in any letter case, and a story that
    // would be published on its own inside a held-back folder story.
    let held = [
        ("group-zqa/index.md", "zqa-marker"),
        ("group-zqa/deeper-zqb/index.md", "zqb-marker"),
        ("03-cased-zqc/Index.MD", "zqc-marker"),
    ];
    let (tmp, dest, printed) = build_with("2026-11-23", |course| {
        for (rel, marker) in held {
            plant_story(course, rel, marker, false);
        }
        plant_story(
            course,
            "group-zqa/deeper-zqb/inside-zqd.md",
            "zqd-marker",
            true,
        );
        // A folder's index.md with consent is a story like any other.
        plant_story(course, "shared-zqe/index.md", "zqe-marker", true);
    });
    let course = tmp.path().join("course");
    for (rel, _) in held {
        assert!(
            printed.contains(&format!(
                "warning: content/stories/{rel}: this story is held back and not published: consent is not given"
            )),
            "{rel}:\n{printed}"
        );
    }
    let mut leaks = Vec::new();
    let mut outputs = snapshot(&dest);
    outputs.insert(
        "(course) links.lock".to_string(),
        std::fs::read(course.join("links.lock")).unwrap(),
    );
    for (rel, bytes) in &outputs {
        let text = String::from_utf8_lossy(bytes);
        for needle in ["zqa", "zqb", "zqc", "zqd"] {
            if text.contains(needle) || rel.contains(needle) {
                leaks.push(format!("{rel} holds or is named `{needle}`"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    // The consented folder story is published as a story: its content note
    // first and the story behind "Read the story".
    let page = html(&dest.join("stories/shared-zqe/index.html"));
    assert!(text(&page, "main").contains("note zqe-marker"));
    assert_eq!(
        select(&page, "main details").len(),
        1,
        "the story is folded"
    );
    let listing = std::fs::read_to_string(dest.join("stories/index.html")).unwrap();
    assert!(listing.contains("Title zqe-marker"));
}

/// Runs `induct ARGS` on a copy of the story fixture after `change`, as on
/// 2026-11-23, giving the exit code, what it printed to standard output
/// and to standard error.
fn run_with(args: &[&str], change: impl FnOnce(&Path)) -> (Option<i32>, String, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let course = out_dir.path().join("course");
    copy_dir(&fixtures().join("build/stories"), &course);
    change(&course);
    let dest = out_dir.path().join("site");
    let mut command = Command::new(env!("CARGO_BIN_EXE_induct"));
    command.args(args).arg(&course);
    if args == ["build"] {
        command.arg("-d").arg(&dest);
    }
    let out = command
        .env("NO_COLOR", "1")
        .env("INDUCT_TODAY", "2026-11-23")
        .output()
        .unwrap();
    (out.status.code(), stdout(&out), stderr(&out))
}

const BACK_ON_TRACK: &str = "content/stories/01-back-on-track.md";

/// Replaces `from` with `to` in the published story of the fixture.
fn edit_story(course: &Path, from: &str, to: &str) {
    let path = course.join(BACK_ON_TRACK);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_story_whose_text_changed_after_its_review_is_held_back_with_its_own_warning() {
    for (from, to) in [
        ("tired for months", "tired for weeks"),
        ("title: Back on track", "title: Back on track again"),
        ("summary: A registrar", "summary: One registrar"),
    ] {
        let (tmp, site, printed) = build_with("2026-11-23", |c| edit_story(c, from, to));
        assert!(
            printed.contains("warning: content/stories/01-back-on-track.md:11:1: the text changed after its review on 2026-11-02 by induct course team: it is held back until someone reviews it again; open the review page in `induct serve`"),
            "{to}: {printed}"
        );
        // The help gives the new fingerprint to sign with.
        let text = std::fs::read_to_string(tmp.path().join("course").join(BACK_ON_TRACK)).unwrap();
        let (code, json, _) = run_with(&["check", "--format", "json"], |c| {
            std::fs::write(c.join(BACK_ON_TRACK), &text).unwrap()
        });
        assert_eq!(code, Some(0));
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        let story = &report["stories"][0];
        assert_eq!(story["review_current"], false, "{story}");
        assert_eq!(story["published"], false);
        let hash = story["fingerprint"].as_str().unwrap();
        assert!(
            printed.contains(&format!("reviewed_hash: \"{hash}\"")),
            "{printed}"
        );
        assert!(!site.join("stories/back-on-track").exists(), "{to}");
        assert!(
            !printed.contains("01-back-on-track.md: this story is held back"),
            "the one reason has its own warning: {printed}"
        );
    }
}

#[test]
fn missing_review_keys_hold_a_story_back_and_the_warning_gives_the_lines() {
    let (_tmp, site, printed) = build_with("2026-11-23", |c| {
        edit_story(c, "reviewed_by: induct course team\n", "");
        edit_story(c, "reviewed_hash: \"298339855313606b\"\n", "");
    });
    assert!(!site.join("stories/back-on-track").exists());
    let at = printed
        .find("warning: content/stories/01-back-on-track.md: this story is held back and not published: its review is not signed (no `reviewed_by`, `reviewed_hash`)")
        .unwrap_or_else(|| panic!("{printed}"));
    let help: String = printed[at..]
        .lines()
        .skip(1)
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        help,
        "  help: once someone has reviewed it (`/__induct/review/stories/back-on-track/` in `induct serve`), add to its front matter, with the reviewer's name:\n    reviewed_by: \n    reviewed_hash: \"298339855313606b\"",
        "the lines of the missing keys, the fingerprint the text has: {printed}"
    );
}

#[test]
fn bad_review_values_are_errors_at_their_line_and_column() {
    for (from, to, line, message, help) in [
        (
            "reviewed_on: 2026-11-02",
            "reviewed_on: 2 November",
            10,
            "`reviewed_on: 2 November` is not a date",
            "reviewed_on: 2026-11-02",
        ),
        (
            "reviewed_on: 2026-11-02",
            "reviewed_on: 2026-11-24",
            10,
            "`reviewed_on: 2026-11-24` is after today (2026-11-23)",
            "reviewed_on: 2026-11-23",
        ),
        (
            "reviewed_by: induct course team",
            "reviewed_by: \"  \"",
            9,
            "`reviewed_by` is empty",
            "reviewed_by: induct course team",
        ),
        (
            "reviewed_hash: \"298339855313606b\"",
            "reviewed_hash: 2983398553",
            11,
            "`reviewed_hash: 2983398553` is not 16 hex digits",
            "/__induct/review/",
        ),
    ] {
        let (code, _, printed) = run_with(&["build"], |c| edit_story(c, from, to));
        assert_eq!(code, Some(1), "{to}: {printed}");
        let want = format!("error: content/stories/01-back-on-track.md:{line}:1: {message}");
        assert!(printed.contains(&want), "{to}: {printed}");
        assert!(printed.contains(help), "{to}: {printed}");
    }
}

#[test]
fn the_fingerprint_ignores_the_review_keys_and_line_endings() {
    let (_tmp, site, printed) = build_with("2026-11-23", |c| {
        edit_story(
            c,
            "reviewed_by: induct course team",
            "reviewed_by: A. Reviewer",
        );
        edit_story(c, "reviewed_on: 2026-11-02", "reviewed_on: 2026-11-20");
        edit_story(c, "composite: true", "composite: true\norder: 3");
        let path = c.join(BACK_ON_TRACK);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    });
    assert!(
        site.join("stories/back-on-track/index.html").is_file(),
        "{printed}"
    );
    assert!(!printed.contains("01-back-on-track.md"), "{printed}");
}

#[test]
fn check_json_lists_each_story_with_its_review_and_findings() {
    let (code, json, _) = run_with(&["check", "--format", "json"], |_| {});
    assert_eq!(code, Some(0));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(report["diagnostics"].is_array());
    let stories = report["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 7, "every story, drafts too");
    let by_path = |p: &str| {
        stories
            .iter()
            .find(|s| s["path"] == format!("content/stories/{p}.md"))
            .unwrap_or_else(|| panic!("{p}: {stories:?}"))
    };
    let published = by_path("01-back-on-track");
    assert_eq!(published["url"], "stories/back-on-track/");
    assert_eq!(published["title"], "Back on track");
    assert_eq!(published["anonymisation"], "reviewed");
    assert_eq!(published["reviewed_by"], "induct course team");
    assert_eq!(published["reviewed_on"], "2026-11-02");
    assert_eq!(published["review_current"], true);
    assert_eq!(published["published"], true);
    assert_eq!(published["held_back"], serde_json::json!([]));
    assert_eq!(published["findings"], serde_json::json!([]));
    let draft = by_path("05-not-reviewed");
    assert_eq!(draft["published"], false);
    assert_eq!(draft["reviewed_by"], serde_json::Value::Null);
    assert_eq!(
        draft["held_back"],
        serde_json::json!(["its anonymisation is not reviewed (`anonymisation: draft`)"])
    );
    assert_eq!(
        draft["findings"],
        serde_json::json!([{
            "category": "name",
            "code": "identifier-name",
            "text": "Okafor",
            "line": 10,
            "column": 4
        }])
    );
    assert_eq!(by_path("07-draft")["draft"], true);
}

#[test]
fn build_writes_no_review_page() {
    let (_tmp, site, _) = build_on("2026-11-23");
    let files: Vec<String> = snapshot(&site).into_keys().collect();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("__induct") || f.contains("review")),
        "{files:?}"
    );
    let page = std::fs::read_to_string(site.join("stories/back-on-track/index.html")).unwrap();
    assert!(
        !page.contains("__induct"),
        "no link to the preview's review page"
    );
}

#[test]
fn a_composite_story_has_its_own_consent_form() {
    // The fixture's published story is a composite: `basis: composite`.
    let (code, _, printed) = run_with(&["build"], |_| {});
    assert_eq!(code, Some(0), "{printed}");
    assert!(!printed.contains("composite-consent-given"), "{printed}");
    assert!(!printed.contains("01-back-on-track.md"), "{printed}");

    // A teller's `given: true` on a composite is a claim nobody made: a
    // warning at its line, and the story is still judged by it.
    let (tmp, site, printed) = build_with("2026-11-23", |c| {
        edit_story(c, "basis: composite", "given: true")
    });
    assert!(
        printed.contains("warning: content/stories/01-back-on-track.md:5:1: this story is marked `composite: true`, yet its consent says `given: true`: a composite has no teller to give or refuse consent"),
        "{printed}"
    );
    assert!(printed.contains("write `basis: composite` in place of the `given` line"));
    assert!(site.join("stories/back-on-track/index.html").exists());
    drop(tmp);
    let (code, json, _) = run_with(&["check", "--format", "json"], |c| {
        edit_story(c, "basis: composite", "given: true")
    });
    assert_eq!(code, Some(0));
    assert!(json.contains("\"composite-consent-given\""), "{json}");

    // The composite form is for a composite alone, and has no `given`.
    for (from, to, line, message) in [
        (
            "composite: true\n",
            "",
            5,
            "`basis: composite` is for a composite story, and this story is not marked `composite: true`",
        ),
        (
            "basis: composite",
            "basis: composite\n  given: true",
            6,
            "`given` does not go with `basis: composite`: a composite has no teller to give consent",
        ),
    ] {
        let (code, _, printed) = run_with(&["build"], |c| edit_story(c, from, to));
        assert_eq!(code, Some(1), "{printed}");
        assert!(
            printed.contains(&format!(
                "error: content/stories/01-back-on-track.md:{line}:1: {message}"
            )),
            "{printed}"
        );
        let (_, json, _) = run_with(&["check", "--format", "json"], |c| edit_story(c, from, to));
        assert!(json.contains("\"code\": \"consent-basis\""), "{json}");
    }

    // A teller's consent still needs `given`; the help shows both forms.
    let (code, _, printed) = run_with(&["build"], |c| edit_story(c, "  basis: composite\n", ""));
    assert_eq!(code, Some(1), "{printed}");
    assert!(
        printed.contains("error: content/stories/01-back-on-track.md:4:1: missing required key `given` under `consent`"),
        "{printed}"
    );
    assert!(printed.contains("      basis: composite"), "{printed}");

    // An unknown basis names the two it can be.
    let (code, _, printed) = run_with(&["build"], |c| {
        edit_story(c, "basis: composite", "basis: composit")
    });
    assert_eq!(code, Some(1), "{printed}");
    assert!(
        printed.contains("write `basis: composite` for a composite story"),
        "{printed}"
    );
}
