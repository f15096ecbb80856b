//! Search: the build writes an index of every published page (scenario
//! steps, stories, support services included; drafts, held-back stories
//! and overviews never) as scripts under search/, and a search page that
//! lists every page for a reader without JavaScript.

use std::collections::HashMap;

use serde_json::Value;

use super::*;

/// The data a script of search/ hands to the theme.
fn script_data(path: &Path) -> Value {
    let js = std::fs::read_to_string(path).unwrap();
    let start = js.find('(').unwrap();
    let json = &js[start..].trim_end().trim_end_matches(';');
    let json = &json[json.find('(').unwrap() + 1..json.rfind(')').unwrap()];
    serde_json::from_str(json).unwrap()
}

/// A section's id as the theme's script derives it from its heading.
fn derived_id(heading: &str) -> String {
    heading
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| !r.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// A text shard's texts: a build packs them (`z`: their JSON list,
/// deflated, in base 64); the preview lists them (`texts`).
fn shard_texts(shard: &Value) -> Vec<String> {
    use base64::Engine as _;
    use std::io::Read as _;
    let json = match shard["z"].as_str() {
        Some(z) => {
            let bytes = base64::engine::general_purpose::STANDARD.decode(z).unwrap();
            let mut json = String::new();
            flate2::read::DeflateDecoder::new(&bytes[..])
                .read_to_string(&mut json)
                .unwrap();
            serde_json::from_str(&json).unwrap()
        }
        None => shard["texts"].clone(),
    };
    serde_json::from_value(json).unwrap()
}

/// The index of a built site: its pages `[title, url, within, note]`,
/// sections `[page, heading, id]`, and each word's stem number.
struct Index {
    pages: Vec<Vec<String>>,
    sections: Vec<(usize, String, String)>,
    stems: HashMap<String, u64>,
    /// Per stem, the sections holding a word of it.
    postings: Vec<Vec<usize>>,
    texts: Vec<String>,
}

fn read_index(site: &Path) -> Index {
    let data = script_data(&site.join("search/index.js"));
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let pages = data["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(strings)
        .collect();
    let sections = data["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s[0].as_u64().unwrap() as usize,
                s[1].as_str().unwrap().to_string(),
                // Left out when it is the one the theme's script derives.
                s.get(2).map_or_else(
                    || derived_id(s[1].as_str().unwrap()),
                    |id| id.as_str().unwrap().to_string(),
                ),
            )
        })
        .collect::<Vec<_>>();
    let words = strings(&data["words"]);
    let stems = words
        .into_iter()
        .zip(data["stems"].as_array().unwrap())
        .map(|(w, s)| (w, s.as_u64().unwrap()))
        .collect();
    let postings = data["postings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            // Base 32 differences: the second half of the digits
            // continues a number, the first half ends it.
            const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let (mut last, mut n) = (0, 0);
            let mut list = Vec::new();
            for c in p.as_str().unwrap().chars() {
                let d = DIGITS.find(c).unwrap();
                n = n * 32 + (d & 31);
                if d < 32 {
                    last += n;
                    list.push(last);
                    n = 0;
                }
            }
            list
        })
        .collect();
    let mut texts = vec![String::new(); sections.len()];
    for (k, _) in data["shards"].as_array().unwrap().iter().enumerate() {
        let shard = script_data(&site.join(format!("search/text-{k}.js")));
        let first = shard["first"].as_u64().unwrap() as usize;
        for (i, t) in shard_texts(&shard).into_iter().enumerate() {
            texts[first + i] = t;
        }
    }
    assert!(texts.len() == sections.len());
    Index {
        pages,
        sections,
        stems,
        postings,
        texts,
    }
}

impl Index {
    fn page(&self, url: &str) -> Option<usize> {
        self.pages.iter().position(|p| p[1] == url)
    }

    /// The sections where `word` (or a word of its stem) occurs.
    fn find(&self, word: &str) -> Vec<usize> {
        self.stems
            .get(word)
            .map(|&s| self.postings[s as usize].clone())
            .unwrap_or_default()
    }
}

#[test]
fn the_index_holds_pages_sections_and_scenario_steps_but_no_draft() {
    let (_tmp, site) = super::build::build_fixture("scenarios");
    let index = read_index(&site);
    let urls: Vec<&str> = index.pages.iter().map(|p| p[1].as_str()).collect();
    // The scenario's start, each step at its own address, "within" the
    // scenario, with its content notes.
    let start = index.page("scenarios/night-shift/").expect("the scenario");
    assert_eq!(index.pages[start][0], "A hard night shift");
    assert_eq!(index.pages[start][3], "exhaustion, a prescribing slip");
    let steps: Vec<&Vec<String>> = index
        .pages
        .iter()
        .filter(|p| p[1].starts_with("scenarios/night-shift/") && p[1] != "scenarios/night-shift/")
        .collect();
    assert!(steps.len() >= 2, "{urls:?}");
    assert!(steps.iter().all(|p| p[2] == "A hard night shift"));
    // Never the facilitator's overview, never a draft.
    assert!(!urls.iter().any(|u| u.ends_with("/overview/")), "{urls:?}");
    assert!(!urls.iter().any(|u| u.contains("draft")), "{urls:?}");
    let all =
        std::fs::read_to_string(site.join("search/index.js")).unwrap() + &index.texts.concat();
    let draft =
        std::fs::read_to_string(fixtures().join("build/scenarios/content/scenarios/02-draft.md"))
            .unwrap();
    let draft_title = draft
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap();
    assert!(
        !all.contains(draft_title),
        "the draft's title is in the index"
    );
    // A step's text is found by its words: "prescribing" is in the start step.
    let hits = index.find("prescribing");
    assert!(
        hits.iter().any(|&s| index.sections[s].0 == start),
        "{hits:?}"
    );
    assert!(index.texts[hits[0]].contains("prescribing slip"));
}

#[test]
fn headings_make_sections_and_words_are_grouped_by_stem() {
    let (_tmp, site) = super::build::build_fixture("basic");
    let index = read_index(&site);
    let page = index.page("modules/first-weeks/").expect("a module");
    let sections: Vec<&(usize, String, String)> =
        index.sections.iter().filter(|s| s.0 == page).collect();
    assert!(sections.len() > 1, "{sections:?}");
    // Each heading's section keeps its id, for a link straight to it.
    let doc = html(&site.join("modules/first-weeks/index.html"));
    for (_, heading, id) in sections.iter().filter(|s| !s.2.is_empty()) {
        let h = select(&doc, &format!("[id='{id}']"));
        assert_eq!(h.len(), 1, "no element with id {id}");
        assert!(
            h[0].text()
                .collect::<String>()
                .starts_with(heading.as_str()),
            "{heading} / {id}"
        );
    }
    // Every word of a stem shares its sections: all forms found alike.
    let mut by_stem: HashMap<u64, Vec<&str>> = HashMap::new();
    for (w, s) in &index.stems {
        by_stem.entry(*s).or_default().push(w);
    }
    let grouped = by_stem.values().filter(|ws| ws.len() > 1).count();
    assert!(grouped > 0, "no two words share a stem");
    // A draft page of the fixture is not in the index.
    assert!(index.page("about/").is_none(), "about.md is a draft");
}

#[test]
fn support_services_are_sections_of_the_support_page() {
    let (_tmp, site) = super::build::build_fixture("support");
    let index = read_index(&site);
    let page = index.page("support/").expect("the support page");
    let crisis = index
        .sections
        .iter()
        .position(|s| s.0 == page && s.2 == "crisis-line")
        .expect("the crisis line");
    assert_eq!(index.sections[crisis].1, "Crisis line");
    assert!(index.texts[crisis].contains("Someone to talk to, now."));
    assert!(index.texts[crisis].contains("0800 000 000"));
    assert!(index.find("talk").contains(&crisis));
    // Tags are words too: "mental-health" is found as "mental".
    assert!(index.find("mental").contains(&crisis));
}

#[test]
fn published_stories_carry_their_content_notes() {
    let (_tmp, dest, _) = super::stories::build_on("2026-11-23");
    let index = read_index(&dest);
    let story = index.page("stories/back-on-track/").expect("the story");
    assert_eq!(index.pages[story][3], "sick leave, exhaustion");
    // Held-back stories are not there (no_trace_of_a_held_back_story_…
    // in stories.rs checks every file for their words).
    let stories = index
        .pages
        .iter()
        .filter(|p| p[1].starts_with("stories/") && p[1] != "stories/")
        .count();
    assert_eq!(stories, 1);
}

#[test]
fn the_search_page_lists_every_page_without_javascript() {
    let (_tmp, site) = super::build::build_fixture("basic");
    let doc = html(&site.join("search/index.html"));
    // Search engines may list it (it lists every page), under one address.
    assert!(select(&doc, "meta[name=robots]").is_empty());
    assert_eq!(
        attr(&doc, "link[rel=canonical]", "href"),
        "https://example.org/induction/search/"
    );
    assert_eq!(attr(&doc, "main form[role=search]", "action"), "./");
    assert_eq!(attr(&doc, "main form input[type=search]", "name"), "q");
    let listed: Vec<String> = select(&doc, ".search-all a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for href in [
        "../",
        "../modules/",
        "../modules/first-weeks/",
        "../modules/support/who/",
    ] {
        assert!(listed.iter().any(|h| h == href), "{href} not in {listed:?}");
    }
    assert!(
        !listed.iter().any(|h| h.contains("about")),
        "a draft is listed"
    );
    // Every other page has the search form in its header, pointing here.
    let page = html(&site.join("modules/first-weeks/index.html"));
    assert_eq!(
        attr(&page, "header form[role=search]", "action"),
        "../../search/"
    );
    assert!(!select(&page, "header label[for=induct-q]").is_empty());
    // The search page is not a page of the course: not in the sitemap.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/search/"));
    super::build::check_all_links(&site);
}
