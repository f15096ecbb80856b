//! Private by construction, checked over every file the build writes for
//! the default course and for every course in `tests/fixtures/build/`:
//! each page carries the Content-Security-Policy and the no-referrer
//! policy before anything they govern and has no inline script, style or
//! event handler (which the policy would block), and no file loads
//! anything from another host. Links to other websites are navigation and
//! allowed. Also the quick-exit button `quick_exit` adds to every page.

use regex::Regex;

use super::build::build_fixture;
use super::*;

/// The default course and every build fixture, built.
fn every_course() -> Vec<(String, tempfile::TempDir, PathBuf)> {
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("site");
    let out = induct_in(&repo_root(), &["build", "-d", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut courses = vec![("the default course".to_string(), out_dir, dest)];
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("build"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 7, "expected every build fixture: {names:?}");
    for name in names {
        let (tmp, site) = build_fixture(&name);
        courses.push((name, tmp, site));
    }
    courses
}

#[test]
fn every_page_carries_the_policy_and_nothing_inline_that_it_would_block() {
    let policy = induct::render::CONTENT_SECURITY_POLICY;
    let mut problems = Vec::new();
    let mut pages = 0;
    for (course, _tmp, site) in every_course() {
        for (rel, bytes) in snapshot(&site) {
            if !rel.ends_with(".html") {
                continue;
            }
            pages += 1;
            let at = format!("{course}: {rel}");
            let source = String::from_utf8_lossy(&bytes);
            let doc = scraper::Html::parse_document(&source);
            let policies = select(&doc, "head > meta[http-equiv=Content-Security-Policy]");
            if policies.len() != 1 {
                problems.push(format!("{at}: {} policy tags", policies.len()));
            } else if policies[0].value().attr("content") != Some(policy) {
                problems.push(format!(
                    "{at}: another policy: {:?}",
                    policies[0].value().attr("content")
                ));
            }
            // A policy in a <meta> tag governs only what comes after it.
            let first_load = ["<link", "<script", "<style", "<img"]
                .iter()
                .filter_map(|tag| source.find(tag))
                .min();
            if let (Some(policy_at), Some(load_at)) =
                (source.find("Content-Security-Policy"), first_load)
            {
                if policy_at > load_at {
                    problems.push(format!("{at}: the policy comes after what it governs"));
                }
            }
            if select(&doc, "head > meta[name=referrer][content=no-referrer]").len() != 1 {
                problems.push(format!("{at}: no `referrer` policy `no-referrer`"));
            }
            for el in select(&doc, "script:not([src]), style, [style]") {
                problems.push(format!("{at}: inline <{}>", el.value().name()));
            }
            for el in select(&doc, "*") {
                for (name, value) in el.value().attrs() {
                    if name.to_ascii_lowercase().starts_with("on") {
                        problems.push(format!("{at}: event handler {name}=\"{value}\""));
                    }
                    if value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:")
                    {
                        problems.push(format!("{at}: {name}=\"{value}\""));
                    }
                }
            }
        }
    }
    assert!(pages > 100, "only {pages} pages checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn nothing_the_site_writes_loads_from_another_host() {
    let mut problems = Vec::new();
    let mut files = 0;
    for (course, _tmp, site) in every_course() {
        for (rel, bytes) in snapshot(&site) {
            files += 1;
            let text = String::from_utf8_lossy(&bytes);
            for found in requests_to_other_hosts(&rel, &text) {
                problems.push(format!("{course}: {rel}: {found}"));
            }
        }
    }
    assert!(files > 150, "only {files} files checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An address on another host: with a scheme and `//`, or `//host/…`.
/// (`data:` and paths on the site itself are not.)
fn is_other_host(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("//")
        || url.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Every place in the file `rel` (an output file, by its extension) that
/// would make a reader's browser contact another host: in HTML the
/// attributes that load (`src`, `srcset`, `poster`, `data`, the `href` of a
/// `<link>` other than `canonical`, of SVG's `<image>`, `<use>` and
/// `<feImage>`) and styles; in CSS `url()` and `@import`; in JavaScript an
/// absolute address handed to `fetch`, `import`, `importScripts`, a worker,
/// `XMLHttpRequest.open`, `sendBeacon`, a socket or event source, a cache,
/// or set as a `src`; in SVG the `href`s; in a web manifest the icons.
fn requests_to_other_hosts(rel: &str, text: &str) -> Vec<String> {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    let mut found = Vec::new();
    match ext {
        "html" | "htm" => {
            let doc = scraper::Html::parse_document(text);
            let mut check = |what: String, url: &str| {
                if is_other_host(url) {
                    found.push(format!("{what} {url}"));
                }
            };
            for el in select(&doc, "[src], [poster], object[data]") {
                for name in ["src", "poster", "data"] {
                    if let Some(url) = el.value().attr(name) {
                        check(format!("<{} {name}>", el.value().name()), url);
                    }
                }
            }
            for el in select(&doc, "[srcset], [imagesrcset]") {
                let set = el
                    .value()
                    .attr("srcset")
                    .or(el.value().attr("imagesrcset"))
                    .unwrap_or_default();
                for candidate in set.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or_default();
                    check(format!("<{} srcset>", el.value().name()), url);
                }
            }
            for el in select(&doc, "link[href]") {
                let rel_words = el
                    .value()
                    .attr("rel")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                // canonical (like og:url) names the page; nothing is fetched.
                if rel_words.split_whitespace().any(|w| w == "canonical") {
                    continue;
                }
                check(
                    format!("<link rel=\"{rel_words}\">"),
                    el.value().attr("href").unwrap_or_default(),
                );
            }
            for el in select(&doc, "image, use, feImage") {
                for (name, url) in el.value().attrs() {
                    if name == "href" || name.ends_with(":href") || name == "src" {
                        check(format!("<{} {name}>", el.value().name()), url);
                    }
                }
            }
            for el in select(&doc, "style") {
                found.extend(css_requests(&el.text().collect::<String>()));
            }
            for el in select(&doc, "[style]") {
                found.extend(css_requests(el.value().attr("style").unwrap_or_default()));
            }
            for el in select(&doc, "script:not([src])") {
                found.extend(js_requests(&el.text().collect::<String>()));
            }
        }
        "css" => found.extend(css_requests(text)),
        "js" | "mjs" => found.extend(js_requests(text)),
        "svg" => {
            let href = Regex::new(r#"(?i)\b(?:xlink:)?href\s*=\s*["']([^"']*)["']"#).unwrap();
            for c in href.captures_iter(text) {
                if is_other_host(&c[1]) {
                    found.push(format!("svg href {}", &c[1]));
                }
            }
            found.extend(css_requests(text));
        }
        "webmanifest" | "json" => {
            let src = Regex::new(r#""src"\s*:\s*"([^"]*)""#).unwrap();
            for c in src.captures_iter(text) {
                if is_other_host(&c[1]) {
                    found.push(format!("manifest src {}", &c[1]));
                }
            }
        }
        _ => {}
    }
    found
}

/// `url(…)` and `@import` to another host in a stylesheet.
fn css_requests(css: &str) -> Vec<String> {
    let url = Regex::new(r#"(?i)url\(\s*["']?([^"')\s]*)"#).unwrap();
    let import = Regex::new(r#"(?i)@import\s+["']([^"']*)["']"#).unwrap();
    url.captures_iter(css)
        .chain(import.captures_iter(css))
        .filter(|c| is_other_host(&c[1]))
        .map(|c| format!("css {}", &c[0]))
        .collect()
}

/// Absolute addresses on another host that a script would request.
fn js_requests(js: &str) -> Vec<String> {
    let patterns = [
        // fetch("https://…"), import("//…"), importScripts(…), new Worker(…),
        // xhr.open("GET", "https://…"), cache.addAll(["https://…"]), …
        r#"\b(?:fetch|import|importScripts|Worker|SharedWorker|WebSocket|EventSource|sendBeacon|open|register|add|addAll)\s*\(\s*(?:"[A-Z]+"\s*,\s*)?\[?\s*["'`]([^"'`]*)"#,
        // import x from "https://…"; import "https://…"; export … from
        r#"\b(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']*)"#,
        r#"\bimport\s*["']([^"']*)"#,
        // something.src = "https://…"
        r#"\.(?:src|srcset|href)\s*=\s*["'`]([^"'`]*)"#,
    ];
    let mut found = Vec::new();
    for p in patterns {
        let re = Regex::new(p).unwrap();
        for c in re.captures_iter(js) {
            if is_other_host(&c[1]) {
                found.push(format!("script {}", &c[0]));
            }
        }
    }
    found
}

#[test]
fn the_check_finds_what_would_contact_another_host() {
    let html = r##"<!DOCTYPE html><html><head>
        <link rel="canonical" href="https://example.org/page/">
        <link rel="stylesheet" href="https://cdn.example.com/x.css">
        <link rel="icon" href="//cdn.example.com/favicon.ico">
        <link rel="stylesheet" href="../assets/induct.css">
        </head><body>
        <a href="https://www.nhs.uk/">NHS</a>
        <img src="https://cdn.example.com/a.png" srcset="a.png 1x, https://cdn.example.com/b.png 2x">
        <img src="data:image/png;base64,AAAA">
        <svg><image href="https://cdn.example.com/c.png"/><use xlink:href="#local"/></svg>
        <div style="background: url('https://cdn.example.com/d.png')"></div>
        <script>fetch("https://analytics.example.com/hit")</script>
        <script src="/assets/induct.js"></script>
        </body></html>"##;
    let found = requests_to_other_hosts("page/index.html", html);
    let joined = found.join("\n");
    for expected in [
        "x.css",
        "favicon.ico",
        "a.png",
        "b.png",
        "c.png",
        "d.png",
        "analytics.example.com",
    ] {
        assert!(
            joined.contains(expected),
            "{expected} not found in:\n{joined}"
        );
    }
    assert_eq!(found.len(), 7, "{joined}");
    assert!(
        !joined.contains("example.org/page"),
        "canonical is not a request"
    );
    assert!(!joined.contains("nhs.uk"), "a link is navigation");

    let css = "@import 'https://fonts.example.com/f.css'; a { background: url(\"//x.example.com/i.png\") } b { background: url(../i.png) }";
    assert_eq!(css_requests(css).len(), 2, "{:?}", css_requests(css));

    let js = r#"
        fetch("https://a.example.com/x");
        import("https://b.example.com/m.js");
        importScripts('https://c.example.com/w.js');
        new Worker(`//d.example.com/w.js`);
        xhr.open("POST", "https://e.example.com/");
        import g from "https://g.example.com/g.js";
        img.src = "https://h.example.com/p.gif";
        caches.open("v1").then(c => c.addAll(["https://i.example.com/a"]));
        fetch("search/index.js"); import("./local.js"); location.replace(link.href);
        var svg = "http://www.w3.org/2000/svg";
    "#;
    let found = js_requests(js);
    assert_eq!(found.len(), 8, "{found:#?}");
    assert_eq!(requests_to_other_hosts("assets/x.js", js).len(), 8);
    assert_eq!(
        requests_to_other_hosts("a.svg", r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example.com/i.png"/></svg>"#).len(),
        1
    );
}

#[test]
fn the_footer_says_what_is_kept_and_where() {
    let (_tmp, site) = build_fixture("basic");
    for page in [
        "index.html",
        "modules/first-weeks/index.html",
        "404.html",
        "links/index.html",
    ] {
        let doc = html(&site.join(page));
        // The course's mode, for the script: nothing kept by default.
        assert_eq!(attr(&doc, "html", "data-progress"), "off", "{page}");
        let note = text(&doc, "footer .privacy-note");
        for words in [
            "no cookies",
            "no analytics",
            "no requests to any other website",
            // True without the script, which says what its mode keeps.
            "keeps no record on this device of what you read",
        ] {
            assert!(note.contains(words), "{page}: `{words}` not in: {note}");
        }
        assert!(!note.contains("offline copy"), "{page}: {note}");
        // The controls need the script: shipped hidden, shown by it.
        assert_eq!(attr(&doc, "footer .progress-control", "hidden"), "");
        assert_eq!(
            attr(
                &doc,
                "footer .progress-control input#induct-remember",
                "type"
            ),
            "checkbox"
        );
        assert_eq!(
            text(&doc, "footer .progress-control label[for=induct-remember]"),
            "Remember my progress on this device"
        );
        assert!(text(&doc, "footer #induct-remember-hint").contains("shared computer"));
        assert_eq!(
            text(&doc, "footer .progress-control button"),
            "Forget my progress"
        );
        assert_eq!(
            select(&doc, "footer .progress-control [role=status]").len(),
            1
        );
    }
}

#[test]
fn the_courses_progress_mode_reaches_the_script_and_the_offline_copy_is_told() {
    let (_course, dest) = build_basic_with_site("progress = \"device\"\noffline = true\n");
    let doc = html(&dest.join("index.html"));
    assert_eq!(attr(&doc, "html", "data-progress"), "device");
    assert!(text(&doc, "footer .privacy-note")
        .contains("Its offline copy is the whole course, the same for every reader."));
}

/// A copy of the `basic` fixture with `lines` added to its `[site]`, built.
fn build_basic_with_site(lines: &str) -> (tempfile::TempDir, PathBuf) {
    let course = copy_fixture("build/basic");
    let toml = course.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("[site]\n", &format!("[site]\n{lines}"))).unwrap();
    let (dest, _) = build_copy(&course);
    (course, dest)
}

/// `course` (a copy of a fixture) built into its `out/`, successfully.
fn build_copy(course: &tempfile::TempDir) -> (PathBuf, std::process::Output) {
    let dest = course.path().join("out");
    let out = induct(&[
        "build",
        course.path().to_str().unwrap(),
        "-d",
        dest.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (dest, out)
}

/// Adds `toml` at the end of `course`'s book.toml.
fn add_to_book(course: &tempfile::TempDir, toml: &str) {
    let path = course.path().join("book.toml");
    let settings = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{settings}\n{toml}\n")).unwrap();
}

/// A copy of the `basic` fixture with `toml` added to its book.toml, built.
fn build_basic_with(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let course = copy_fixture("build/basic");
    add_to_book(&course, toml);
    let (dest, _) = build_copy(&course);
    (course, dest)
}

/// The pages a reader reads (not those at old and short addresses, which
/// send the reader on at once), parsed.
fn reading_pages(site: &Path) -> Vec<(String, scraper::Html)> {
    snapshot(site)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, String::from_utf8_lossy(&bytes).into_owned()))
        .filter(|(_, source)| !source.contains("class=\"induct-moved\""))
        .map(|(rel, source)| (rel, scraper::Html::parse_document(&source)))
        .collect()
}

const NEUTRAL: &str = "https://www.bbc.co.uk/weather";

#[test]
fn exit_this_page_is_a_plain_link_at_the_top_of_every_page() {
    let (_course, site) = build_basic_with(&format!("[quick_exit]\nurl = \"{NEUTRAL}\"\n"));
    let pages = reading_pages(&site);
    assert!(pages.len() >= 5, "{}", pages.len());
    assert!(pages.iter().any(|(rel, _)| rel == "404.html"));
    assert!(pages.iter().any(|(rel, _)| rel == "links/index.html"));
    for (rel, doc) in &pages {
        let exits = select(doc, "body > .quick-exit > a.quick-exit-link");
        let skips = select(doc, "body > .quick-exit > a.quick-exit-skip");
        assert_eq!((exits.len(), skips.len()), (1, 1), "{rel}");
        for link in [exits[0], skips[0]] {
            assert_eq!(link.value().attr("href"), Some(NEUTRAL), "{rel}");
            let mut rel_words: Vec<&str> = link
                .value()
                .attr("rel")
                .unwrap_or("")
                .split_ascii_whitespace()
                .collect();
            rel_words.sort_unstable();
            assert_eq!(rel_words, ["nofollow", "noreferrer"], "{rel}");
            // Heard as "Emergency Exit this page"; seen as "Exit this page".
            let hidden = link
                .select(&scraper::Selector::parse(".induct-visually-hidden").unwrap())
                .map(|e| e.text().collect::<String>())
                .collect::<Vec<_>>();
            assert_eq!(hidden, ["Emergency"], "{rel}");
            let name = link.text().collect::<String>();
            assert_eq!(name, "Emergency Exit this page", "{rel}");
        }
        // The skip link to the exit is the first link in <body>, then the
        // skip link to the text, then the button: all in the bar (a
        // landmark), the first thing in <body>, before the header.
        let first = select(doc, "body > *")[0];
        assert_eq!(first.value().attr("class"), Some("quick-exit"), "{rel}");
        assert_eq!(first.value().attr("role"), Some("region"), "{rel}");
        assert_eq!(
            first.value().attr("aria-label"),
            Some("Quick exit"),
            "{rel}"
        );
        let links: Vec<_> = select(doc, "body a[href]")
            .iter()
            .take(3)
            .map(|a| a.value().attr("class").unwrap_or("").to_string())
            .collect();
        assert_eq!(
            links,
            ["skip-link quick-exit-skip", "skip-link", "quick-exit-link"],
            "{rel}"
        );
        // The shortcut is on by default, told (by the script) and announced.
        assert_eq!(
            attr(doc, "body > .quick-exit", "data-shortcut"),
            "shift",
            "{rel}"
        );
        assert_eq!(
            text(doc, ".quick-exit-hint"),
            "or press Shift 3 times",
            "{rel}"
        );
        assert_eq!(attr(doc, ".quick-exit-hint", "hidden"), "", "{rel}");
        let status = select(doc, ".quick-exit > .quick-exit-status[role=status]");
        assert_eq!(status.len(), 1, "{rel}");
        assert_eq!(status[0].text().collect::<String>(), "", "{rel}");
        // No trace of the Escape shortcut it replaces.
        assert!(!doc.html().contains("Esc twice"), "{rel}");
    }

    // Off by default: no trace of it.
    let (_tmp, plain) = build_fixture("basic");
    let plain = reading_pages(&plain);
    assert_eq!(plain.len(), pages.len());
    for (rel, doc) in plain {
        assert!(!doc.html().contains("quick-exit"), "{rel}");
        assert!(!doc.html().contains("Exit this page"), "{rel}");
    }
}

/// The origin of an absolute address, `https://host:port`, lower case
/// (`//host/…` takes the scheme of `site`'s origin).
fn origin_of(url: &str, site: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = match url.strip_prefix("//") {
        Some(rest) => (
            site.split_once("://")
                .map_or("https", |(s, _)| s)
                .to_string(),
            rest.to_string(),
        ),
        None => match url.split_once("://") {
            Some((scheme, rest)) => (scheme.to_string(), rest.to_string()),
            None => return String::new(),
        },
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    format!("{scheme}://{host}")
}

/// Each `<a>` or `<area>` (by its `href`) and `<form>` (by its `action`)
/// in `text`, the output file `rel` of a site at `site` (its origin), that
/// leads to another origin without `noreferrer` in its `rel`; and how many
/// lead to another origin. HTML files are parsed; in a script, each piece
/// of HTML it holds (`<a …>`, `<area …>`, `<form …>` in its text) is.
fn outbound_without_noreferrer(rel: &str, text: &str, site: &str) -> (Vec<String>, usize) {
    let fragments: Vec<String> = if rel.ends_with(".html") {
        vec![text.to_string()]
    } else if rel.ends_with(".js") {
        let tags = Regex::new(r"(?is)<(a|area|form)\s[^>]*>").unwrap();
        tags.find_iter(text)
            .map(|m| m.as_str().to_string())
            .collect()
    } else {
        return (Vec::new(), 0);
    };
    let mut problems = Vec::new();
    let mut outbound = 0;
    for fragment in fragments {
        let doc = scraper::Html::parse_document(&fragment);
        for el in select(&doc, "a[href], area[href], form[action]") {
            let e = el.value();
            let url = e.attr("href").or(e.attr("action")).unwrap_or("");
            if !is_other_host(url) || origin_of(url, site) == site {
                continue;
            }
            outbound += 1;
            let rel_words = e.attr("rel").unwrap_or("");
            if !rel_words
                .split_ascii_whitespace()
                .any(|w| w.eq_ignore_ascii_case("noreferrer"))
            {
                problems.push(format!(
                    "<{} {}=\"{url}\"> without rel=\"noreferrer\" (rel=\"{rel_words}\")",
                    e.name(),
                    if e.name() == "form" { "action" } else { "href" },
                ));
            }
        }
    }
    (problems, outbound)
}

#[test]
fn every_link_to_another_host_carries_noreferrer() {
    let mut problems = Vec::new();
    let mut outbound = 0;
    let mut in_fixture = 0;
    for (course, _tmp, site) in every_course() {
        // The site's own origin, from its home page's canonical address:
        // links there (the 404 page's, which work from any folder) stay.
        let home = html(&site.join("index.html"));
        let own = origin_of(&attr(&home, "link[rel=canonical]", "href"), "");
        assert!(own.starts_with("https://"), "{course}: {own}");
        for (rel, bytes) in snapshot(&site) {
            let text = String::from_utf8_lossy(&bytes);
            let (found, n) = outbound_without_noreferrer(&rel, &text, &own);
            outbound += n;
            if course == "outbound" {
                in_fixture += n;
            }
            problems.extend(found.into_iter().map(|f| format!("{course}: {rel}: {f}")));
        }
    }
    // The default course's support page alone links to a dozen services;
    // the `outbound` fixture has every kind of link (markdown, autolink,
    // reference, raw HTML inline and over lines, an area, a form, in a
    // footnote, a heading, a scenario, a printout, the support page).
    assert!(outbound > 60, "only {outbound} links to other hosts seen");
    assert!(
        in_fixture >= 25,
        "only {in_fixture} in the outbound fixture"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_noreferrer_check_catches_a_link_without_it() {
    let html = r#"<!DOCTYPE html><body>
        <a href="https://www.nhs.uk/">bad</a>
        <a href="//cdn.example/x" rel="noopener">bad</a>
        <a href="https://a.example/" rel="nofollow noreferrer">good</a>
        <a href="https://b.example/" rel="NoReferrer">good</a>
        <area href="http://c.example/" alt="bad">
        <form action="https://d.example/find"></form>
        <a href="../support/">inside</a> <a href="mailto:a@b.example">mail</a>
        <a href="https://Site.example/page/">this site</a> <a href="//site.example/">this site</a>
        <a href="https://site.example.evil/">bad</a>
        </body>"#;
    let site = "https://site.example";
    let (found, n) = outbound_without_noreferrer("x/index.html", html, site);
    assert_eq!(n, 7, "{found:?}");
    assert_eq!(found.len(), 5, "{found:#?}");
    assert!(found[0].contains("https://www.nhs.uk/"), "{found:?}");
    let js =
        r#"results.innerHTML = '<a href="https://e.example/">x</a>' + "<a href='/local/'>y</a>";"#;
    let (found, n) = outbound_without_noreferrer("assets/x.js", js, site);
    assert_eq!((found.len(), n), (1, 1), "{found:?}");
    assert!(outbound_without_noreferrer("a.css", html, site)
        .0
        .is_empty());
}

#[test]
fn with_the_shortcut_off_no_page_mentions_it() {
    let (_course, site) = build_basic_with(&format!(
        "[quick_exit]\nurl = \"{NEUTRAL}\"\nshortcut = false\n"
    ));
    for (rel, doc) in reading_pages(&site) {
        assert_eq!(select(&doc, "a.quick-exit-link").len(), 1, "{rel}");
        assert_eq!(select(&doc, "[data-shortcut]").len(), 0, "{rel}");
        assert_eq!(select(&doc, ".quick-exit-hint").len(), 0, "{rel}");
        assert!(!doc.html().contains("Shift"), "{rel}");
    }
}

#[test]
fn the_older_spelling_under_site_still_gives_the_exit() {
    let course = copy_fixture("build/basic");
    let path = course.path().join("book.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("[site]\n", &format!("[site]\nquick_exit = \"{NEUTRAL}\"\n")),
    )
    .unwrap();
    let (dest, _) = build_copy(&course);
    let doc = html(&dest.join("index.html"));
    assert_eq!(attr(&doc, "a.quick-exit-link", "href"), NEUTRAL);
    assert_eq!(attr(&doc, ".quick-exit", "data-shortcut"), "shift");
}

#[test]
fn an_interruption_page_continues_to_the_next_page_and_the_footer_links_the_guidance() {
    let course = copy_fixture("build/basic");
    let content = course.path().join("content");
    std::fs::write(
        content.join("modules/00-before.md"),
        "---\ntitle: Before you start\ninterruption: true\n---\n\nThe exit is at the top.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("safely.md"),
        "---\ntitle: How to browse safely\norder: 9\nfooter: true\n---\n\nUse a private window.\n",
    )
    .unwrap();
    add_to_book(&course, &format!("[quick_exit]\nurl = \"{NEUTRAL}\""));
    let (dest, out) = build_copy(&course);
    assert!(!stderr(&out).contains("interruption"), "{}", stderr(&out));

    // Its own template: the text, the exit above it, and one way on: to
    // the page after it in reading order (the first module), not a pager.
    let doc = html(&dest.join("modules/before/index.html"));
    let shown = [
        "main article.interruption h1",
        "main .interruption .content p",
    ]
    .map(|css| text(&doc, css));
    assert_eq!(shown, ["Before you start", "The exit is at the top."]);
    assert_eq!(select(&doc, "a.quick-exit-link").len(), 1);
    assert_eq!(select(&doc, "main .pager").len(), 0);
    let go_on = select(&doc, "main .interruption-continue a");
    assert_eq!(go_on.len(), 1);
    assert_eq!(go_on[0].text().collect::<String>(), "Continue");
    assert_eq!(go_on[0].value().attr("href"), Some("../first-weeks/"));
    let modules = html(&dest.join("modules/index.html"));
    assert_eq!(attr(&modules, "main .pager a[rel=next]", "href"), "before/");
    let first = html(&dest.join("modules/first-weeks/index.html"));
    assert_eq!(
        attr(&first, "main .pager a[rel=prev]", "href"),
        "../before/"
    );
    // Other pages keep their own template.
    assert_eq!(select(&first, ".interruption").len(), 0);

    // The guidance page is linked from the footer of every page, at any
    // depth (and from 404.html by its absolute path).
    for (rel, doc) in reading_pages(&dest) {
        let links: Vec<_> = select(&doc, "footer a")
            .into_iter()
            .filter(|a| a.text().collect::<String>() == "How to browse safely")
            .collect();
        assert_eq!(links.len(), 1, "{rel}");
        let href = links[0].value().attr("href").unwrap_or("");
        let expected = match rel.as_str() {
            "404.html" => "/induction/safely/".to_string(),
            "safely/index.html" => "./".to_string(),
            _ => format!("{}safely/", "../".repeat(rel.matches('/').count())),
        };
        assert_eq!(href, expected, "{rel}");
    }
}

#[test]
fn an_interruption_page_with_nowhere_to_continue_is_warned_about() {
    let course = copy_fixture("build/basic");
    std::fs::write(
        course.path().join("content/zz-last.md"),
        "---\ntitle: Zz last of all\ninterruption: true\n---\n\nNothing after.\n",
    )
    .unwrap();
    let (dest, out) = build_copy(&course);
    assert!(
        stderr(&out).contains(
            "warning: content/zz-last.md: this interruption page is the last page in reading order"
        ),
        "{}",
        stderr(&out)
    );
    let doc = html(&dest.join("zz-last/index.html"));
    assert_eq!(select(&doc, "main .interruption").len(), 1);
    assert_eq!(select(&doc, ".interruption-continue").len(), 0);
}
