//! The preview's incremental rebuild against a fresh build: after each of
//! a sequence of edits to a copy of the example course, every file the
//! preview serves (paths and bytes, the search index included) and its
//! problems are exactly those of a preview built from nothing of the same
//! files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use induct::config::{Config, Run};
use induct::error::Diagnostic;
use induct::serve::Shared;

use super::{copy_dir, repo_root};

/// The example course (the repository root) copied to a fresh folder.
fn example_course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    for folder in ["content", "themes"] {
        copy_dir(&root.join(folder), &dir.path().join(folder));
    }
    for file in ["book.toml", "links.lock"] {
        std::fs::copy(root.join(file), dir.path().join(file)).unwrap();
    }
    dir
}

fn preview_config(root: &Path) -> (Config, Run) {
    let (config, run) = induct::load_config(root).unwrap();
    let run = Run {
        today: time::macros::date!(2027 - 06 - 01),
        today_overridden: true,
        ..run.preview()
    };
    (config, run)
}

/// A preview of the course at `root`, built once.
fn live_preview(root: &Path) -> (Config, Run, Shared) {
    let (config, run) = preview_config(root);
    let live = Shared::default();
    assert!(live.rebuild(&config, &run).ok);
    (config, run, live)
}

/// Every file served, by path, with its bytes.
fn served(shared: &Shared) -> BTreeMap<String, Vec<u8>> {
    shared
        .served_files()
        .iter()
        .map(|(path, stored)| (path.clone(), stored.read().unwrap()))
        .collect()
}

/// What a preview built from nothing serves for the course as it is now.
fn fresh(root: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let shared = Shared::default();
    let (config, run) = preview_config(root);
    shared.rebuild(&config, &run);
    (served(&shared), shared.current().problems.to_vec())
}

/// Replaces the first `from` in the file at `rel` with `to`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::write(&path, text).unwrap();
    path
}

/// The paths that differ between two file maps, for the failure message.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(*bytes))
        .map(|(p, _)| p.clone())
        .collect();
    paths.extend(b.keys().filter(|p| !a.contains_key(*p)).cloned());
    paths
}

#[test]
fn every_served_file_after_a_sequence_of_edits_is_as_a_fresh_build_makes_it() {
    let course = example_course();
    let root = course.path();
    let (mut config, mut run, live) = live_preview(root);
    // Each step: what it does, the files it changes, and whether only
    // some pages are rendered again (the rest coming from the cache).
    type Step = (&'static str, fn(&Path) -> Vec<PathBuf>, bool);
    let steps: Vec<Step> = vec![
        (
            // The module's printout is made again from the other pages'
            // kept parts: they are not rendered again.
            "a text edit on one page of a module of several",
            |r| {
                vec![edit(
                    r,
                    "content/modules/02-hidden-curriculum/01-on-call-culture.md",
                    "## The quiet messages",
                    "A quietcrossing sentence, new.\n\n## The quiet messages",
                )]
            },
            true,
        ),
        (
            "a text edit",
            |r| {
                vec![edit(
                    r,
                    "content/modules/01-stigma.md",
                    "## Fear of being seen",
                    "A zebracrossing sentence, new.\n\n## Fear of being seen",
                )]
            },
            true,
        ),
        (
            "a heading renamed, its id pinned",
            |r| {
                vec![edit(
                    r,
                    "content/modules/01-stigma.md",
                    "## Fear of being seen {#",
                    "## The fear of being seen {#",
                )]
            },
            true,
        ),
        (
            "a heading added",
            |r| {
                vec![edit(
                    r,
                    "content/modules/01-stigma.md",
                    "## The fear",
                    "## A heading of its own\n\nWords.\n\n## The fear",
                )]
            },
            false,
        ),
        (
            "a title changed",
            |r| {
                vec![edit(
                    r,
                    "content/modules/04-peer-support.md",
                    "title: ",
                    "title: Renamed ",
                )]
            },
            true,
        ),
        (
            // Its module's pages and its neighbours show the title.
            "an ordinary page's title changed",
            |r| {
                vec![edit(
                    r,
                    "content/modules/02-hidden-curriculum/02-different-ways-to-be-a-doctor.md",
                    "title: Different ways",
                    "title: Other ways",
                )]
            },
            true,
        ),
        (
            // Its module's pages and the neighbours of both places change.
            "an order changed within a module",
            |r| {
                vec![edit(
                    r,
                    "content/modules/02-hidden-curriculum/01-on-call-culture.md",
                    "short: on-call",
                    "short: on-call\norder: 9",
                )]
            },
            true,
        ),
        (
            "an order changed",
            |r| {
                vec![edit(
                    r,
                    "content/modules/03-accessing-support.md",
                    "short: support-routes",
                    "short: support-routes\norder: 99",
                )]
            },
            false,
        ),
        (
            "a scenario's text edited",
            |r| {
                vec![edit(
                    r,
                    "content/scenarios/03-im-fine.md",
                    "## Leaving it {#leaving-it}",
                    "## Leaving it {#leaving-it}\n\nA quieter word here.",
                )]
            },
            false,
        ),
        (
            "a new page",
            |r| {
                vec![write(
                    r,
                    "content/modules/07-new-page.md",
                    "---\ntitle: A new page\n---\nIt follows [the first module](01-stigma.md).\n\n## Its part\n\nText.\n",
                )]
            },
            false,
        ),
        (
            "the new page's text edited",
            |r| {
                vec![edit(
                    r,
                    "content/modules/07-new-page.md",
                    "Text.",
                    "Other text.",
                )]
            },
            true,
        ),
        (
            "a new module of two pages",
            |r| {
                std::fs::create_dir(r.join("content/modules/08-new-module")).unwrap();
                vec![
                    write(
                        r,
                        "content/modules/08-new-module/index.md",
                        "---\ntitle: A new module\n---\nIts pages follow.\n",
                    ),
                    write(
                        r,
                        "content/modules/08-new-module/01-first.md",
                        "---\ntitle: Its first page\n---\nFirst words.\n",
                    ),
                    write(
                        r,
                        "content/modules/08-new-module/02-second.md",
                        "---\ntitle: Its second page\n---\nSecond words.\n",
                    ),
                ]
            },
            false,
        ),
        (
            "a page moved between modules",
            |r| {
                let from = r.join("content/modules/08-new-module/02-second.md");
                let to = r.join("content/modules/02-hidden-curriculum/03-second.md");
                std::fs::rename(&from, &to).unwrap();
                vec![from, to]
            },
            false,
        ),
        (
            "the moved page's text edited",
            |r| {
                vec![edit(
                    r,
                    "content/modules/02-hidden-curriculum/03-second.md",
                    "Second words.",
                    "Second words, moved.",
                )]
            },
            true,
        ),
        (
            "the new module and the moved page deleted",
            |r| {
                let module = r.join("content/modules/08-new-module");
                let moved = r.join("content/modules/02-hidden-curriculum/03-second.md");
                std::fs::remove_dir_all(&module).unwrap();
                std::fs::remove_file(&moved).unwrap();
                vec![module, moved]
            },
            false,
        ),
        (
            "a page deleted",
            |r| {
                let path = r.join("content/modules/07-new-page.md");
                std::fs::remove_file(&path).unwrap();
                vec![path]
            },
            false,
        ),
        (
            "a story's consent date passed",
            |r| {
                vec![edit(
                    r,
                    "content/stories/02-referring-myself.md",
                    "review_by: 2028-09-01",
                    "review_by: 2027-01-01",
                )]
            },
            false,
        ),
        (
            "support.yaml edited",
            |r| {
                vec![edit(
                    r,
                    "content/support.yaml",
                    "name: Samaritans",
                    "name: The Samaritans",
                )]
            },
            false,
        ),
        (
            "a template edited",
            |r| {
                vec![edit(
                    r,
                    "themes/default/templates/page.html",
                    "<article>",
                    "<article data-edited>",
                )]
            },
            false,
        ),
        (
            "a broken link saved",
            |r| {
                vec![edit(
                    r,
                    "content/modules/01-stigma.md",
                    "A zebracrossing sentence, new.",
                    "A [broken link](no-such-page.md).",
                )]
            },
            false,
        ),
        (
            "the broken link fixed",
            |r| {
                vec![edit(
                    r,
                    "content/modules/01-stigma.md",
                    "A [broken link](no-such-page.md).",
                    "A mended sentence.",
                )]
            },
            true,
        ),
        (
            "a text edit after the fix",
            |r| {
                vec![edit(
                    r,
                    "content/modules/01-stigma.md",
                    "A mended sentence.",
                    "A mended sentence, and more.",
                )]
            },
            true,
        ),
        (
            // Another page links to the old id: its link is checked again.
            "a broken anchor: a heading's pinned id renamed",
            |r| {
                vec![edit(
                    r,
                    "content/modules/05-working-differently.md",
                    "## Coming back {#coming-back}",
                    "## Coming back {#back-at-work}",
                )]
            },
            false,
        ),
        (
            "the heading's id put back",
            |r| {
                vec![edit(
                    r,
                    "content/modules/05-working-differently.md",
                    "## Coming back {#back-at-work}",
                    "## Coming back {#coming-back}",
                )]
            },
            true,
        ),
        (
            "a code block in a language with no highlighting (a warning)",
            |r| {
                vec![edit(
                    r,
                    "content/modules/05-working-differently.md",
                    "## Coming back {#coming-back}",
                    "## Coming back {#coming-back}\n\n```nosuchlanguage\nx\n```\n",
                )]
            },
            true,
        ),
        (
            "the code block taken out again",
            |r| {
                vec![edit(
                    r,
                    "content/modules/05-working-differently.md",
                    "\n\n```nosuchlanguage\nx\n```\n",
                    "",
                )]
            },
            true,
        ),
        (
            "a broken anchor: a link to a heading the page does not have",
            |r| {
                vec![edit(
                    r,
                    "content/modules/05-working-differently.md",
                    "## Coming back {#coming-back}",
                    "## Coming back {#coming-back}\n\nSee [fit notes](#fit-note).",
                )]
            },
            false,
        ),
        (
            "the link's anchor mended",
            |r| {
                vec![edit(
                    r,
                    "content/modules/05-working-differently.md",
                    "(#fit-note)",
                    "(#fit-notes)",
                )]
            },
            true,
        ),
    ];
    for (what, change, partial) in steps {
        let changed = change(root);
        let report = live.update(&mut config, &mut run, root, &changed);
        let (files, problems) = fresh(root);
        assert_eq!(
            *live.current().problems,
            problems,
            "after {what}: the problems differ from a fresh build's"
        );
        assert_eq!(
            report.ok,
            !what.starts_with("a broken"),
            "after {what}: {problems:?}"
        );
        if report.ok {
            let shown = served(&live);
            assert!(
                shown == files,
                "after {what}: stale or missing files: {:?}",
                differences(&shown, &files)
            );
        } else {
            assert!(files.is_empty(), "after {what}: a fresh build succeeded");
        }
        assert_eq!(
            report.rendered.is_some(),
            partial,
            "after {what}: expected {} (rendered {:?} of {} pages)",
            if partial {
                "only some pages rendered"
            } else {
                "every page rendered"
            },
            report.rendered,
            report.pages
        );
    }
}

/// A small course with no redirects, two modules and a story whose theme
/// names a page of each (the first in reading order is its theme).
fn small_course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        ("book.toml", "[book]\ntitle = \"Small\"\n"),
        ("content/index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/modules/a/index.md",
            "---\ntitle: A\norder: 1\n---\nModule A.\n",
        ),
        (
            "content/modules/a/notes.md",
            "---\ntitle: Notes\n---\nNotes of A, see [x](x.md#part).\n",
        ),
        (
            "content/modules/a/x.md",
            "---\ntitle: X\n---\n## Part {#part}\n\nText of x.\n",
        ),
        (
            "content/modules/b/index.md",
            "---\ntitle: B\norder: 2\n---\nModule B.\n",
        ),
        (
            "content/modules/b/notes.md",
            "---\ntitle: Notes\n---\nNotes of B.\n",
        ),
        ("content/modules/b/y.md", "---\ntitle: Y\n---\nText of y.\n"),
    ];
    let story_body = "I asked for help in time, and it helped.\n";
    let story = format!(
        "---\ntitle: A story\nconsent:\n  given: true\n  scope: [site]\n  review_by: 2028-09-01\nanonymisation: reviewed\n{}reviewed_hash: \"{}\"\nthemes: [notes]\n---\n{story_body}",
        super::stories::SIGNED,
        induct::model::story::fingerprint_of("A story", None, story_body)
    );
    let files = files
        .iter()
        .map(|&(rel, text)| (rel, text.to_string()))
        .chain([("content/stories/s.md", story)]);
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn titles_summaries_and_orders_saved_update_the_model_as_a_fresh_build_makes_it() {
    let course = small_course();
    let root = course.path();
    let (mut config, mut run, live) = live_preview(root);
    type Step = (&'static str, fn(&Path) -> Vec<PathBuf>, Option<bool>);
    let steps: Vec<Step> = vec![
        (
            "a title changed",
            |r| {
                vec![edit(
                    r,
                    "content/modules/a/x.md",
                    "title: X",
                    "title: Renamed X",
                )]
            },
            Some(true),
        ),
        (
            "a summary added, the body edited",
            |r| {
                vec![edit(
                    r,
                    "content/modules/a/x.md",
                    "title: Renamed X\n---\n## Part {#part}\n\nText of x.",
                    "title: Renamed X\nsummary: About x.\n---\n## Part {#part}\n\nOther text of x.",
                )]
            },
            Some(true),
        ),
        (
            "a title that moves its page among its siblings",
            |r| {
                vec![edit(
                    r,
                    "content/modules/a/notes.md",
                    "title: Notes",
                    "title: Zed notes",
                )]
            },
            Some(true),
        ),
        (
            // The story's theme is now B's notes, first in reading order.
            "a module moved before another",
            |r| {
                vec![edit(
                    r,
                    "content/modules/b/index.md",
                    "order: 2",
                    "order: 0",
                )]
            },
            None,
        ),
        (
            "the module moved back",
            |r| {
                vec![edit(
                    r,
                    "content/modules/b/index.md",
                    "order: 0",
                    "order: 2",
                )]
            },
            None,
        ),
        (
            "the title put back",
            |r| {
                vec![edit(
                    r,
                    "content/modules/a/notes.md",
                    "title: Zed notes",
                    "title: Notes",
                )]
            },
            Some(true),
        ),
    ];
    for (what, change, partial) in steps {
        let changed = change(root);
        let report = live.update(&mut config, &mut run, root, &changed);
        let (files, problems) = fresh(root);
        assert!(report.ok, "after {what}: {problems:?}");
        assert_eq!(
            *live.current().problems,
            problems,
            "after {what}: the problems differ from a fresh build's"
        );
        let shown = served(&live);
        assert!(
            shown == files,
            "after {what}: stale or missing files: {:?}",
            differences(&shown, &files)
        );
        if let Some(partial) = partial {
            assert_eq!(
                report.rendered.is_some(),
                partial,
                "after {what}: rendered {:?} of {} pages",
                report.rendered,
                report.pages
            );
        }
    }
}

/// The search index (`search/*.js`) of the files `files`, by path.
fn search_files<'a>(
    files: impl Iterator<Item = (&'a String, &'a induct::serve::memory::Stored)>,
) -> BTreeMap<String, Vec<u8>> {
    files
        .filter(|(path, _)| path.starts_with("search/") && path.ends_with(".js"))
        .map(|(path, stored)| (path.clone(), stored.read().unwrap()))
        .collect()
}

#[test]
fn the_search_index_served_after_each_save_is_the_one_build_writes() {
    let course = example_course();
    let root = course.path();
    let (mut config, mut run, live) = live_preview(root);
    type Step = (&'static str, fn(&Path) -> Vec<PathBuf>);
    let steps: Vec<Step> = vec![
        ("a new word in a page's text", |r| {
            vec![edit(
                r,
                "content/modules/01-stigma.md",
                "## Fear of being seen",
                "A zebracrossing sentence.\n\n## Fear of being seen",
            )]
        }),
        ("the new word gone, another in a title", |r| {
            vec![
                edit(
                    r,
                    "content/modules/01-stigma.md",
                    "A zebracrossing sentence.\n\n",
                    "",
                ),
                edit(
                    r,
                    "content/modules/04-peer-support.md",
                    "title: ",
                    "title: Quietcrossing ",
                ),
            ]
        }),
        ("words of one stem added", |r| {
            vec![edit(
                r,
                "content/modules/02-hidden-curriculum/01-on-call-culture.md",
                "## The quiet messages",
                "Rotas, rotas and more supporting words.\n\n## The quiet messages",
            )]
        }),
        ("a page added", |r| {
            vec![write(
                r,
                "content/modules/07-new-page.md",
                "---\ntitle: A new page\n---\nNew words.\n\n## Its part\n\nText.\n",
            )]
        }),
        ("the new page's text edited", |r| {
            vec![edit(
                r,
                "content/modules/07-new-page.md",
                "Text.",
                "Other text, a zebracrossing.",
            )]
        }),
        ("a title changed", |r| {
            vec![edit(
                r,
                "content/modules/02-hidden-curriculum/02-different-ways-to-be-a-doctor.md",
                "title: Different ways",
                "title: Other ways",
            )]
        }),
        ("a page removed", |r| {
            let path = r.join("content/modules/07-new-page.md");
            std::fs::remove_file(&path).unwrap();
            vec![path]
        }),
        ("a text edit after it", |r| {
            vec![edit(
                r,
                "content/modules/02-hidden-curriculum/01-on-call-culture.md",
                "Rotas, rotas and more supporting words.",
                "Rotas again.",
            )]
        }),
    ];
    for (what, change) in steps {
        let changed = change(root);
        assert!(
            live.update(&mut config, &mut run, root, &changed).ok,
            "{what}"
        );
        let shown = search_files(live.served_files().iter());
        let memory = induct::serve::memory::Memory::default();
        let (config, run) = preview_config(root);
        induct::build(&config, &run, &memory).unwrap();
        let built = search_files(memory.into_files().iter());
        assert!(built.len() >= 2, "after {what}: {:?}", built.keys());
        assert!(
            shown == built,
            "after {what}: the served search index differs: {:?}",
            differences(&shown, &built)
        );
    }
}
