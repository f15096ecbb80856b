//! Printouts: each module's pages as one page at `<module>/print/`, in
//! navigation order, with ids unique and every link right from there;
//! linked from the module's pages, and kept out of the sitemap and
//! links.lock like the other helpers.

use std::collections::HashSet;

use super::build::{build_fixture, check_all_links};
use super::*;

/// The ids of every element of a page, each once.
fn ids(doc: &scraper::Html) -> Vec<String> {
    select(doc, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

fn assert_unique_ids(doc: &scraper::Html, page: &str) {
    let all = ids(doc);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "{page}: repeated ids in {all:?}");
}

/// The texts of `css` in document order.
fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_module_printout_holds_its_pages_in_order_with_unique_ids() {
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let out = induct_in(&repo_root(), &["build", "-d", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = html(&site.join("modules/hidden-curriculum/print/index.html"));
    assert_eq!(
        texts(&doc, "section.printout-part > article > h1"),
        [
            "The hidden curriculum",
            "On-call culture",
            "Different ways to be a doctor"
        ]
    );
    let parts: Vec<&str> = select(&doc, "section.printout-part")
        .iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        parts,
        [
            "hidden-curriculum",
            "on-call-culture",
            "different-ways-to-be-a-doctor"
        ]
    );
    // Every page's text is there, without what only helps on screen.
    let part =
        std::fs::read_to_string(site.join("modules/hidden-curriculum/on-call-culture/index.html"))
            .unwrap();
    let part = html_of(&part);
    let first = texts(&part, ".content > p").remove(0);
    assert!(texts(&doc, ".content > p").contains(&first));
    assert!(select(
        &doc,
        "main .breadcrumbs, main .pager, main .toc, main .print-module"
    )
    .is_empty());
    assert_unique_ids(&doc, "hidden-curriculum/print/");
    // A link between pages of the module stays inside the printout; a
    // heading's own link still leads to the page's section.
    let hrefs: Vec<&str> = select(&doc, "main a[href]")
        .iter()
        .map(|e| e.value().attr("href").unwrap())
        .collect();
    assert!(hrefs.contains(&"#on-call-culture"), "{hrefs:?}");
    assert!(
        hrefs.contains(&"../on-call-culture/#quiet-messages"),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../../../references/#horne-2023"),
        "{hrefs:?}"
    );
    // Asked not to be indexed, and only a helper: not in the sitemap,
    // links/ or links.lock.
    assert_eq!(attr(&doc, "meta[name=robots]", "content"), "noindex");
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/print/"));
    let links = std::fs::read_to_string(site.join("links/index.html")).unwrap();
    assert!(!links.contains("print/"));
    let lock = std::fs::read_to_string(repo_root().join("links.lock")).unwrap();
    assert!(!lock.contains("print/"));
    // Every page of every module links to its printout.
    for (page, href, label) in [
        (
            "modules/hidden-curriculum/index.html",
            "print/",
            "Print this module",
        ),
        (
            "modules/hidden-curriculum/on-call-culture/index.html",
            "../print/",
            "Print this module",
        ),
        ("modules/stigma/index.html", "print/", "Print this module"),
        (
            "scenarios/im-fine/help-today/index.html",
            "../print/",
            "Print this scenario",
        ),
        (
            "stories/referring-myself/index.html",
            "print/",
            "Print this story",
        ),
    ] {
        let doc = html(&site.join(page));
        assert_eq!(attr(&doc, ".print-module a", "href"), href, "{page}");
        assert_eq!(text(&doc, ".print-module a"), label, "{page}");
    }
    for page in [
        "index.html",
        "modules/index.html",
        "support/index.html",
        "about/index.html",
    ] {
        assert!(
            select(&html(&site.join(page)), ".print-module").is_empty(),
            "{page}"
        );
    }
    // Every printout's ids are unique, and every link of the site resolves.
    for (rel, _) in snapshot(&site)
        .iter()
        .filter(|(p, _)| p.ends_with("/print/index.html"))
    {
        assert_unique_ids(&html(&site.join(rel)), rel);
    }
    check_all_links(&site);
}

fn html_of(text: &str) -> scraper::Html {
    scraper::Html::parse_document(text)
}

#[test]
fn a_scenario_printout_is_every_step_in_order() {
    let (_tmp, site) = build_fixture("scenarios");
    let overview = html(&site.join("scenarios/night-shift/overview/index.html"));
    let doc = html(&site.join("scenarios/night-shift/print/index.html"));
    let steps = texts(&overview, ".overview-step h2");
    assert!(steps.len() > 2, "{steps:?}");
    assert_eq!(texts(&doc, ".overview-step h2"), steps);
    assert_eq!(select(&doc, "section.printout-part").len(), 1);
    // The map's arrows still find their marker, renamed with its page.
    let marker = attr(&doc, "svg marker", "id");
    assert!(marker.starts_with("night-shift-"), "{marker}");
    let arrow = attr(&doc, "svg [marker-end]", "marker-end");
    assert_eq!(arrow, format!("url(#{marker})"));
    assert_unique_ids(&doc, "night-shift/print/");
    check_all_links(&site);
}

#[test]
fn a_story_printout_keeps_its_content_notes_and_shows_the_story() {
    let (_tmp, site, _) = super::stories::build_on("2026-11-23");
    let doc = html(&site.join("stories/back-on-track/print/index.html"));
    assert!(
        !select(&doc, ".story-notes li").is_empty(),
        "content notes kept"
    );
    assert_eq!(select(&doc, "details.story-body[open]").len(), 1);
    assert_unique_ids(&doc, "back-on-track/print/");
    check_all_links(&site);
}

#[test]
fn links_inside_a_module_lead_inside_its_printout_and_files_still_load() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/support/print/index.html"));
    assert_eq!(attr(&doc, "main img", "src"), "../../02-support/map.png");
    let hrefs: Vec<&str> = select(&doc, ".printout-part a[href]")
        .iter()
        .map(|e| e.value().attr("href").unwrap())
        .collect();
    assert!(hrefs.contains(&"#who"), "{hrefs:?}");
    assert!(hrefs.contains(&"../../first-weeks/#pinned"), "{hrefs:?}");
    let single = html(&site.join("modules/first-weeks/print/index.html"));
    let hrefs: Vec<&str> = select(&single, ".printout-part a[href]")
        .iter()
        .map(|e| e.value().attr("href").unwrap())
        .collect();
    assert!(
        hrefs.contains(&"../../support/who/#who-to-call"),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"#first-weeks-notes-1"), "{hrefs:?}");
    assert!(hrefs.contains(&"https://example.org/psu"), "{hrefs:?}");
    check_all_links(&site);
}
