//! Scenarios: one markdown file becomes a walk-through of plain pages —
//! the start step at the scenario's URL, a page per other step, choices as
//! links carrying the feedback's anchor, endings, and a facilitator's
//! overview with a map drawn at build time.

use std::collections::HashSet;

use super::build::{build_fixture, check_all_links};
use super::*;

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn each_step_is_a_page_and_the_start_is_the_scenario() {
    let (_tmp, site) = build_fixture("scenarios");
    let files: HashSet<String> = snapshot(&site).into_keys().collect();
    for page in [
        "scenarios/index.html",
        "scenarios/night-shift/index.html",
        "scenarios/night-shift/keep-going/index.html",
        "scenarios/night-shift/tell-your-registrar/index.html",
        "scenarios/night-shift/wait/index.html",
        "scenarios/night-shift/psu-call/index.html",
        "scenarios/night-shift/overview/index.html",
        "scenarios/calendar.svg",
    ] {
        assert!(files.contains(page), "{page} missing from {files:?}");
    }
    assert!(
        !files.contains("scenarios/night-shift/night/index.html"),
        "the start step is the scenario's own page"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.contains("unfinished") || f.contains("draft")),
        "a draft scenario was published: {files:?}"
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    for url in ["night-shift/", "night-shift/wait/", "night-shift/overview/"] {
        assert!(
            sitemap.contains(&format!("https://induct.example.org/scenarios/{url}<")),
            "{url} not in {sitemap}"
        );
    }
    // Every choice and its feedback anchor resolves, and so does every other link.
    check_all_links(&site);
}

#[test]
fn choices_are_links_and_feedback_shows_on_the_next_page() {
    let (_tmp, site) = build_fixture("scenarios");
    let start = html(&site.join("scenarios/night-shift/index.html"));
    assert_eq!(text(&start, "h1"), "A hard night shift");
    assert_eq!(
        text(&start, ".scenario-where").split(" · ").next(),
        Some("Step 1")
    );
    // A step's heading links to its page, the step's address, from beside
    // it: the heading itself holds its text alone (its accessible name, and
    // the name of the step's section, which it labels).
    assert_eq!(text(&start, "h2#night"), "It is 3 a.m.");
    // (and an unseen place kept for the script's Copy link button).
    assert_eq!(
        text(&start, ".induct-heading:has(> h2#night)").trim(),
        "It is 3 a.m.\u{a0}#Copy link"
    );
    assert_eq!(
        attr(&start, "h2#night ~ .induct-copy-slot", "aria-hidden"),
        "true"
    );
    assert_eq!(attr(&start, "h2#night + a.induct-anchor", "href"), "./");
    assert_eq!(
        attr(&start, "h2#night + a.induct-anchor", "aria-label"),
        "Link to this step: It is 3 a.m."
    );
    assert_eq!(
        attr(&start, "section.scenario-step", "aria-labelledby"),
        "night"
    );
    assert!(text(&start, ".scenario-intro").contains("composite"));
    let hrefs: Vec<String> = select(&start, ".scenario-choices a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs,
        [
            "keep-going/#induct-from-night-1",
            "tell-your-registrar/#induct-from-night-2"
        ]
    );
    assert_eq!(
        texts(&start, ".scenario-choices a"),
        ["Keep going and say nothing", "Tell your registrar"]
    );
    // Feedback is not given away before the choice is made.
    assert!(!start.html().contains("Many of us do this at first"));
    assert!(
        select(&start, "blockquote").len() == 1,
        "markdown inside a step"
    );

    let next = html(&site.join("scenarios/night-shift/keep-going/index.html"));
    let feedback = select(&next, "#induct-from-night-1");
    assert_eq!(feedback.len(), 1);
    let said: String = feedback[0].text().collect();
    assert!(
        said.contains("You chose: Keep going and say nothing"),
        "{said}"
    );
    assert!(said.contains("Many of us do this at first."), "{said}");
    assert!(!said.contains('—'), "the joining dash is dropped: {said}");
    assert_eq!(text(&next, ".scenario-where"), "Step 2");
    assert_eq!(
        text(&next, "h1"),
        "A hard night shift",
        "the scenario's title"
    );
    assert_eq!(
        texts(&next, "title")[0],
        "Keep going · A hard night shift · Scenario fixture"
    );

    // A choice back to the start carries its feedback there (a cycle).
    assert_eq!(
        attr(&next, ".scenario-choices a[data-to=night]", "href"),
        "../#induct-from-keep-going-1"
    );
    assert!(text(&start, "#induct-from-keep-going-1").contains("You get another chance."));

    // A footnote in feedback goes with the feedback to the page it shows on.
    let told = html(&site.join("scenarios/night-shift/tell-your-registrar/index.html"));
    assert!(text(&told, "#induct-from-night-2").contains("saying it out loud is hard."));
    assert!(text(&told, "#fn-1").contains("Fatigue makes slips more likely."));
    assert_eq!(text(&told, "h3#what-to-say"), "What to say");
    assert_eq!(
        attr(&told, "h3#what-to-say + a.induct-anchor", "href"),
        "#what-to-say",
        "a heading inside a step links to its own section"
    );
    assert_eq!(
        attr(&told, "h2#tell-your-registrar + a.induct-anchor", "href"),
        "./"
    );
    assert_eq!(
        text(&told, "h3#keep-going-1"),
        "Keep going",
        "a heading keeps clear of step ids, so #keep-going always means the step"
    );
    // A relative URL in the scenario's file means the same on every page.
    assert_eq!(
        attr(&start, ".scenario-intro a", "href"),
        "../../modules/support/"
    );
    let overview = html(&site.join("scenarios/night-shift/overview/index.html"));
    assert_eq!(
        attr(&overview, ".scenario-intro a", "href"),
        "../../../modules/support/"
    );
    // A footnote defined inside a quote goes with each page that refers to it.
    let wait = html(&site.join("scenarios/night-shift/wait/index.html"));
    assert!(text(&wait, "#fn-1").contains("Written inside the quote."));
    // The feedback's link is rewritten for the page it shows on.
    let psu = html(&site.join("scenarios/night-shift/psu-call/index.html"));
    assert_eq!(
        attr(&psu, "#induct-from-tell-your-registrar-1 a", "href"),
        "../../../modules/support/#psu"
    );
}

#[test]
fn an_ending_says_so_and_offers_a_restart_and_support() {
    let (_tmp, site) = build_fixture("scenarios");
    let end = html(&site.join("scenarios/night-shift/psu-call/index.html"));
    assert!(select(&end, "article[data-ending]").len() == 1);
    assert!(select(&end, ".scenario-choices").is_empty());
    assert!(text(&end, ".scenario-where").starts_with("An ending"));
    assert!(text(&end, ".scenario-ending").contains("This is an ending"));
    assert_eq!(attr(&end, "a[data-restart]", "href"), "../");
    assert_eq!(
        attr(&end, ".scenario-step > p > a", "href"),
        "../../../modules/support/",
        "the support the author links to"
    );
    let wait = html(&site.join("scenarios/night-shift/wait/index.html"));
    assert_eq!(
        attr(&wait, ".scenario-step img", "src"),
        "../../calendar.svg"
    );
}

#[test]
fn the_overview_maps_every_step_and_choice() {
    let (_tmp, site) = build_fixture("scenarios");
    let doc = html(&site.join("scenarios/night-shift/overview/index.html"));
    let ids: Vec<&str> = select(&doc, ".overview-step h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "night",
            "keep-going",
            "tell-your-registrar",
            "wait",
            "psu-call"
        ]
    );
    let anchors: Vec<&str> = select(&doc, "a.induct-anchor")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        anchors,
        [
            "../",
            "../keep-going/",
            "../tell-your-registrar/",
            "../wait/",
            "../psu-call/"
        ],
        "on the overview each step's heading links to the step's page, and nothing else links"
    );
    let svg = select(&doc, ".scenario-map-scroll svg");
    assert_eq!(svg.len(), 1, "the map is drawn into the page");
    assert_eq!(svg[0].value().attr("role"), Some("img"));
    let map_text: String = svg[0].text().collect();
    for title in ["It is 3 a.m.", "Keep going", "Wait", "Start", "Ending"] {
        assert!(
            map_text.contains(title),
            "{title} not on the map: {map_text}"
        );
    }
    // Each choice with where it leads and its feedback.
    let choices = texts(&doc, ".overview-choices li");
    assert_eq!(choices.len(), 6, "{choices:?}");
    assert!(choices[0].contains("Keep going and say nothing"));
    assert!(choices[0].contains("Many of us do this at first."));
    assert_eq!(
        attr(&doc, ".overview-choices a", "href"),
        "#keep-going",
        "choices lead to the step's section"
    );
    assert!(text(&doc, ".scenario-header").contains("5 steps, 2 endings"));
}

#[test]
fn links_to_a_step_and_the_scenario_in_navigation() {
    let (_tmp, site) = build_fixture("scenarios");
    let home = html(&site.join("index.html"));
    let hrefs: Vec<String> = select(&home, ".content a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs,
        [
            "scenarios/night-shift/",
            "scenarios/night-shift/tell-your-registrar/",
            "scenarios/night-shift/tell-your-registrar/#what-to-say",
        ],
        "a step, and a heading inside a step, reach that step's page"
    );
    let nav = texts(&home, ".site-nav a");
    assert!(nav.contains(&"Scenarios".to_string()), "{nav:?}");
    let listing = html(&site.join("scenarios/index.html"));
    let cards = texts(&listing, ".cards li");
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(cards[0].contains("A hard night shift"));
    assert!(cards[0].contains("Noticing you are struggling"));
    // Steps are reached by choices, not listed in the navigation.
    let step = html(&site.join("scenarios/night-shift/wait/index.html"));
    let step_nav = texts(&step, ".site-nav a");
    assert!(step_nav.contains(&"A hard night shift".to_string()));
    assert!(!step_nav.contains(&"Wait".to_string()), "{step_nav:?}");
}

#[test]
fn check_reports_scenario_problems_with_codes_and_lines() {
    let case = fixtures().join("broken/scenario-trap");
    let out = induct(&["check", case.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("scenario-trap".to_string(), 9),
            ("scenario-trap".to_string(), 13)
        ]
    );
}

#[test]
fn content_notes_show_on_every_page_of_a_scenario() {
    let (_tmp, site) = build_fixture("scenarios");
    for page in [
        "scenarios/night-shift/index.html",
        "scenarios/night-shift/wait/index.html",
        "scenarios/night-shift/overview/index.html",
    ] {
        let doc = html(&site.join(page));
        assert_eq!(
            text(&doc, ".scenario-notes"),
            "Content notes: exhaustion; a prescribing slip.",
            "{page}"
        );
    }
    // And on the scenario's card in the listing.
    let listing = html(&site.join("scenarios/index.html"));
    assert!(text(&listing, ".card-notes").contains("exhaustion"));
}
