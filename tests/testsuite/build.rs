//! Valid courses build into the site an educator and a trainee expect:
//! pretty URLs, relative links that all resolve, ids, highlighting,
//! assets, sitemap, 404, drafts left out, and the default theme's shape.

use std::collections::HashSet;

use super::*;

/// Builds a copy of `tests/fixtures/build/<name>` (a build records its
/// links in the course's links.lock, and fixtures stay as committed) into
/// a temporary folder, which must succeed.
pub fn build_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (out_dir, dest, _) = build_fixture_reporting(name);
    (out_dir, dest)
}

/// Like [`build_fixture`], also giving what the build printed.
fn build_fixture_reporting(name: &str) -> (tempfile::TempDir, PathBuf, String) {
    build_fixture_changed(name, |_| {})
}

/// Like [`build_fixture_reporting`], with the copy of the course changed
/// by `change` before it is built.
fn build_fixture_changed(
    name: &str,
    change: impl FnOnce(&Path),
) -> (tempfile::TempDir, PathBuf, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("site");
    let course = out_dir.path().join("course");
    copy_dir(&fixtures().join("build").join(name), &course);
    change(&course);
    let printed = build_course(&course, &dest);
    (out_dir, dest, printed)
}

/// Builds the course at `course` into `dest`, which must succeed, and
/// gives what the build printed.
fn build_course(course: &Path, dest: &Path) -> String {
    let out = induct(&[
        "build",
        course.to_str().unwrap(),
        "-d",
        dest.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn pretty_urls_drop_prefixes_and_drafts_are_left_out() {
    let (_tmp, site) = build_fixture("basic");
    let files: HashSet<String> = snapshot(&site).into_keys().collect();
    for page in [
        "index.html",
        "modules/index.html",
        "modules/first-weeks/index.html",
        "modules/support/index.html",
        "modules/support/who/index.html",
        "404.html",
        "sitemap.xml",
        "assets/induct.css",
        "assets/highlight.css",
        "modules/02-support/map.png",
        "files/leaflet.pdf",
    ] {
        assert!(files.contains(page), "{page} missing from {files:?}");
    }
    assert!(
        !files.iter().any(|f| f.contains("about")),
        "draft published: {files:?}"
    );
    assert!(
        !files.iter().any(|f| f.ends_with(".md")),
        "markdown copied: {files:?}"
    );
}

#[test]
fn assets_are_copied_byte_for_byte() {
    let (_tmp, site) = build_fixture("basic");
    let source = fixtures().join("build/basic/content/modules/02-support/map.png");
    assert_eq!(
        std::fs::read(site.join("modules/02-support/map.png")).unwrap(),
        std::fs::read(source).unwrap()
    );
}

#[test]
fn heading_ids_are_slugs_unique_or_pinned() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/first-weeks/index.html"));
    let ids: Vec<String> = select(&doc, "main .content h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["notes", "notes-1", "pinned"]);
    // The table of contents links to the same ids.
    let toc: Vec<String> = select(&doc, ".toc a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(toc, ["#notes", "#notes-1", "#pinned"]);
}

#[test]
fn links_are_rewritten_to_relative_page_urls() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/first-weeks/index.html"));
    let hrefs: Vec<String> = select(&doc, "main .content a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for expected in [
        "../support/who/#who-to-call",
        "../support/",
        "../../",
        "../../files/leaflet.pdf",
        "#notes-1",
        "https://example.org/psu",
    ] {
        assert!(
            hrefs.iter().any(|h| h == expected),
            "{expected} not in {hrefs:?}"
        );
    }
    let support = html(&site.join("modules/support/index.html"));
    assert_eq!(
        attr(&support, "main .content img", "src"),
        "../02-support/map.png"
    );
    assert_eq!(
        attr(&support, "main .content img", "alt"),
        "A map of the services"
    );
}

#[test]
fn a_link_to_a_draft_becomes_plain_text_with_a_warning() {
    let (_tmp, dest, warnings) = build_fixture_reporting("basic");
    assert!(
        warnings.contains("warning: content/modules/02-support/who.md:7:65: link `../../about.md` points at a draft"),
        "{}",
        warnings
    );
    let doc = html(&dest.join("modules/support/who/index.html"));
    assert!(text(&doc, "main .content").contains("the draft page"));
    assert!(select(&doc, "main .content a")
        .iter()
        .all(|a| a.text().collect::<String>() != "draft"));
}

#[test]
fn every_internal_href_and_src_is_relative_and_resolves() {
    let (_tmp, site) = build_fixture("basic");
    check_all_links(&site);
}

#[test]
fn the_default_course_builds_cleanly_and_its_links_resolve() {
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("site");
    let out = induct_in(&repo_root(), &["build", "-d", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    check_all_links(&dest);
    for module in ["stigma", "hidden-curriculum", "accessing-support"] {
        assert!(
            dest.join(format!("modules/{module}/index.html")).is_file(),
            "{module}"
        );
    }
}

/// Every `href`/`src` in every page (but 404.html, whose links are
/// absolute by design) is relative, leads to a file of the site, and every
/// `#fragment` names an id on the target page.
pub fn check_all_links(site: &Path) {
    let files = snapshot(site);
    let mut problems = Vec::new();
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        for el in select(&doc, "[href], [src]") {
            let value = el.value().attr("href").or(el.value().attr("src")).unwrap();
            let is_canonical = el.value().attr("rel") == Some("canonical");
            // The empty icon, inline: no file, no request.
            if value == "data:," && el.value().attr("rel") == Some("icon") {
                continue;
            }
            if value.starts_with("https://")
                || value.starts_with("http://")
                || value.starts_with("mailto:")
                || value.starts_with("tel:")
            {
                assert!(
                    is_canonical || el.value().name() == "a",
                    "{rel}: a resource from another host: {value}"
                );
                continue;
            }
            if value.starts_with('/') {
                problems.push(format!("{rel}: root-relative link {value}"));
                continue;
            }
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            let mut target = if path.is_empty() {
                PathBuf::from(rel)
            } else {
                normalize(&dir.join(path))
            };
            if path.ends_with('/') || path.is_empty() && !rel.ends_with(".html") {
                target = target.join("index.html");
            }
            let key = target.to_string_lossy().replace('\\', "/");
            let key = key.trim_start_matches("./").to_string();
            let Some(target_bytes) = files.get(&key) else {
                problems.push(format!("{rel}: {value} -> {key} does not exist"));
                continue;
            };
            if !fragment.is_empty() && key.ends_with(".html") {
                let target_doc =
                    scraper::Html::parse_document(&String::from_utf8_lossy(target_bytes));
                if select(&target_doc, &format!("[id=\"{fragment}\"]")).is_empty() {
                    problems.push(format!("{rel}: {value}: no id `{fragment}` in {key}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                assert!(out.pop(), "{} climbs out of the site", path.display());
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn canonical_links_and_sitemap_use_base_url() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/support/who/index.html"));
    assert_eq!(
        attr(&doc, "link[rel=canonical]", "href"),
        "https://example.org/induction/modules/support/who/"
    );
    let home = html(&site.join("index.html"));
    assert_eq!(
        attr(&home, "link[rel=canonical]", "href"),
        "https://example.org/induction/"
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert_eq!(
        locs,
        [
            "https://example.org/induction/",
            "https://example.org/induction/modules/",
            "https://example.org/induction/modules/first-weeks/",
            "https://example.org/induction/modules/support/",
            "https://example.org/induction/modules/support/who/",
        ]
    );
}

#[test]
fn markdown_extensions_render() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/first-weeks/index.html"));
    let content = text(&doc, "main .content");
    assert!(
        content.contains("\u{201c}Smart\u{201d} quotes \u{2013} and dashes\u{2026}"),
        "{content}"
    );
    assert_eq!(text(&doc, "main .content del"), "struck");
    assert_eq!(select(&doc, "main .content table th").len(), 2);
    assert_eq!(
        select(&doc, "main .content input[type=checkbox][checked]").len(),
        1
    );
    assert_eq!(select(&doc, "main .content input[type=checkbox]").len(), 2);
    // Footnotes get ids of their own, linked both ways.
    assert_eq!(attr(&doc, "sup.footnote-reference a", "href"), "#fn-1");
    assert_eq!(attr(&doc, ".footnote-definition", "id"), "fn-1");
    assert_eq!(attr(&doc, ".footnote-back", "href"), "#fnref-1");
}

#[test]
fn code_is_highlighted_with_classes_only() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/first-weeks/index.html"));
    assert_eq!(attr(&doc, "pre.code", "data-lang"), "rust");
    assert!(!select(&doc, "pre.code span[class^=hl-]").is_empty());
    assert!(
        select(&doc, "main [style]").is_empty(),
        "inline styles in main"
    );
    assert_eq!(
        attr(&doc, "link[href$='highlight.css']", "href"),
        "../../assets/highlight.css"
    );
    // A page without code does not load the stylesheet.
    let home = html(&site.join("index.html"));
    assert!(select(&home, "link[href$='highlight.css']").is_empty());
}

#[test]
fn theme_has_semantic_landmarks_navigation_and_pager() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("modules/support/index.html"));
    for landmark in ["header", "nav.site-nav", "main#main", "footer"] {
        assert_eq!(select(&doc, landmark).len(), 1, "{landmark}");
    }
    assert_eq!(attr(&doc, "a.skip-link", "href"), "#main");
    assert_eq!(attr(&doc, "html", "lang"), "en-GB");
    assert_eq!(attr(&doc, ".site-nav a[aria-current=page]", "href"), "./");
    // The current module is expanded in the navigation.
    assert_eq!(
        text(&doc, ".site-nav li.open li a"),
        "Your first weeks\nSupport\nWho to call"
    );
    assert_eq!(attr(&doc, ".pager a[rel=prev]", "href"), "../first-weeks/");
    assert_eq!(attr(&doc, ".pager a[rel=next]", "href"), "who/");
    assert_eq!(text(&doc, ".breadcrumbs a"), "Welcome\nModules");
    assert_eq!(text(&doc, ".children a"), "Who to call");
    assert_eq!(
        attr(&doc, "meta[name=description]", "content"),
        "Where to get help."
    );
}

#[test]
fn not_found_page_links_absolutely() {
    let (_tmp, site) = build_fixture("basic");
    let doc = html(&site.join("404.html"));
    assert_eq!(text(&doc, "h1"), "Page not found");
    // Its assets come from the root path of base_url, on whatever host
    // serves the page (the only one its security policy allows).
    assert_eq!(
        attr(&doc, "link[rel=stylesheet]", "href"),
        "/induction/assets/induct.css"
    );
    assert_eq!(
        attr(&doc, "main li a", "href"),
        "https://example.org/induction/modules/"
    );
    assert_eq!(text(&doc, "main li a"), "Modules");
    assert!(select(&doc, "link[rel=canonical]").is_empty());
    assert_eq!(attr(&doc, "meta[name=robots]", "content"), "noindex");
}

#[test]
fn a_course_overrides_single_theme_files() {
    let (_tmp, site) = build_fixture("theme-override");
    let doc = html(&site.join("page/index.html"));
    assert_eq!(
        text(&doc, "p.overridden"),
        "Custom page template: Overridden"
    );
    // base.html still comes from the built-in theme.
    assert_eq!(attr(&doc, "a.skip-link", "href"), "#main");
    let css = std::fs::read_to_string(site.join("assets/induct.css")).unwrap();
    assert_eq!(css.trim(), "/* course css */");
    assert!(
        site.join("assets/induct.js").is_file(),
        "built-in asset kept"
    );
}

#[test]
fn a_course_without_index_gets_a_generated_home() {
    let (_tmp, site) = build_fixture("no-index");
    let doc = html(&site.join("index.html"));
    assert_eq!(text(&doc, "h1"), "Generated home");
    assert_eq!(text(&doc, ".children h3 a"), "Guides");
    assert_eq!(text(&doc, ".children li a"), "First\nSecond");
}

#[test]
fn long_sections_keep_navigation_bounded() {
    let course = tempfile::tempdir().unwrap();
    std::fs::write(
        course.path().join("book.toml"),
        "[book]\ntitle = \"Big\"\n[site]\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    let dir = course.path().join("content/modules/big");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..60 {
        std::fs::write(
            dir.join(format!("{i:02}-page-{i}.md")),
            format!("---\ntitle: Page {i}\n---\n"),
        )
        .unwrap();
    }
    let out = induct_in(course.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = html(&course.path().join("site/modules/big/page-1/index.html"));
    let entries = select(&doc, ".site-nav li li li a").len();
    assert!(entries <= 16, "navigation lists {entries} entries");
    assert_eq!(attr(&doc, ".site-nav li.more a", "href"), "../");
    // The listing page still links every page.
    let listing = html(&course.path().join("site/modules/big/index.html"));
    assert_eq!(select(&listing, ".children li").len(), 60);
}

#[test]
fn nothing_of_a_draft_reaches_the_site() {
    let (_tmp, dest, warnings) = build_fixture_reporting("privacy");
    let files: Vec<String> = snapshot(&dest).into_keys().collect();
    for secret in ["private", "drafts-only", "dr-someone"] {
        assert!(
            !files.iter().any(|f| f.contains(secret)),
            "{secret} leaked: {files:?}"
        );
        for (path, bytes) in snapshot(&dest) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{secret} named in {path}"
            );
        }
    }
    assert_eq!(
        warnings.matches("warning: content/index.md:7:").count(),
        2,
        "{warnings}"
    );
    let doc = html(&dest.join("index.html"));
    assert!(text(&doc, "main .content").contains("The held photo and the held photo stay out."));
    // An e-mail autolink stays a mailto: link; an asset link keeps its fragment.
    assert_eq!(
        attr(&doc, "main .content a[href^=mailto]", "href"),
        "mailto:psu@example.org"
    );
    assert_eq!(
        attr(&doc, "main .content a[href^=files]", "href"),
        "files/leaflet.pdf#page=2"
    );
    // An upper-case .MD file is a page like any other.
    assert_eq!(
        attr(&doc, "main .content a[href^=modules]", "href"),
        "modules/extra/"
    );
    assert!(dest.join("modules/extra/index.html").is_file());
    check_all_links(&dest);
}

#[test]
fn every_page_has_a_description_and_a_link_preview() {
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("site");
    let out = induct_in(&repo_root(), &["build", "-d", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut pages = 0;
    for (rel, bytes) in snapshot(&dest) {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let meta = |css: &str| {
            select(&doc, css)
                .first()
                .and_then(|m| m.value().attr("content"))
                .map(str::to_string)
        };
        let description = meta("meta[name=description]").unwrap_or_default();
        assert!(!description.trim().is_empty(), "{rel}: no description");
        assert_eq!(
            meta("meta[property='og:description']").as_deref(),
            Some(description.as_str()),
            "{rel}"
        );
        assert!(
            meta("meta[property='og:title']").is_some_and(|t| !t.is_empty()),
            "{rel}"
        );
        assert!(meta("meta[property='og:site_name']").is_some(), "{rel}");
        assert!(meta("meta[property='og:type']").is_some(), "{rel}");
        if rel != "404.html" {
            let canonical = select(&doc, "link[rel=canonical]")[0]
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            assert_eq!(meta("meta[property='og:url']"), Some(canonical), "{rel}");
        }
    }
    assert!(pages > 10);
}

#[test]
fn the_default_theme_keeps_within_its_size_budget() {
    // What a phone downloads for any page of the default course: its
    // stylesheets under 30 KB, its scripts and the offline worker's code
    // (not its list of files, which is data about the site, like the
    // search index) under 60 KB (15 KB compressed): raised from 50 KB
    // for the reader's choice of what is kept on the device (#17), on
    // every page by design.
    let out_dir = tempfile::tempdir().unwrap();
    let dest = out_dir.path().join("site");
    let out = induct_in(&repo_root(), &["build", "-d", dest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = snapshot(&dest);
    let worker = String::from_utf8_lossy(&files["sw.js"]).into_owned();
    let worker_code: usize = worker
        .lines()
        .filter(|l| !l.starts_with("const FILES"))
        .map(|l| l.len() + 1)
        .sum();
    assert!(worker_code > 1000, "the worker's code: {worker_code} bytes");
    let mut largest = (0, 0, String::new());
    for (rel, bytes) in files.iter().filter(|(rel, _)| rel.ends_with(".html")) {
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        let size = |css: &str, attr: &str| -> usize {
            select(&doc, css)
                .iter()
                .filter_map(|el| el.value().attr(attr))
                .filter(|href| !href.starts_with("data:") && !href.starts_with("http"))
                .map(|href| {
                    let key = normalize(&dir.join(href))
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.get(&key).map_or(0, Vec::len)
                })
                .sum()
        };
        let css = size("link[rel=stylesheet]", "href");
        let js = size("script[src]", "src") + worker_code;
        assert!(css > 0 || rel == "404.html", "{rel}: no stylesheet found");
        if css + js > largest.0 + largest.1 {
            largest = (css, js, rel.clone());
        }
    }
    let (css, js, page) = largest;
    assert!(css < 30 * 1024, "{page}: {css} bytes of CSS");
    assert!(js < 60 * 1024, "{page}: {js} bytes of JavaScript");
}

#[test]
fn a_course_template_gets_the_content_itself_however_it_writes_it() {
    // The built-in templates write `page.content` once, as it is, and the
    // content is put in after rendering; a course's own template may
    // escape it, repeat it or filter it, and must see the real content.
    let (_tmp, dest, _) = build_fixture_changed("basic", |course| {
        let templates = course.join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("page.html"),
            "<!DOCTYPE html><html><body><pre>{{ page.content }}</pre>\
             <div>{{ page.content | safe }}</div><p>{{ page.content | length }}</p></body></html>",
        )
        .unwrap();
    });
    let html = std::fs::read_to_string(dest.join("modules/first-weeks/index.html")).unwrap();
    assert!(!html.contains("induct-content-slot"), "{html}");
    let raw = html
        .split("<div>")
        .nth(1)
        .and_then(|s| s.split("</div><p>").next())
        .unwrap();
    assert!(raw.contains("<p>"), "{html}");
    assert!(
        html.contains(&format!("<pre>{}</pre>", escape(raw))),
        "{html}"
    );
    assert!(
        html.contains(&format!("<p>{}</p>", raw.chars().count())),
        "{html}"
    );
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The user guide (`guide/`, itself an induct course) builds with no
/// warning and no broken link, from a copy so its links.lock stays as
/// committed (CI checks that the committed one is current).
#[test]
fn the_guide_builds_cleanly_and_its_links_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("guide");
    copy_dir(&repo_root().join("guide"), &course);
    let dest = tmp.path().join("site");
    build_without_warnings(&course, &dest);
    check_all_links(&dest);
    // The live example scenario is a real scenario, with steps and endings.
    assert!(dest
        .join("scenarios/your-first-scenario/pinned/index.html")
        .is_file());
}

/// Builds the course at `course` into `dest`, asserting it succeeds with
/// no warning.
fn build_without_warnings(course: &Path, dest: &Path) {
    let printed = build_course(course, dest);
    assert!(!printed.contains("warning"), "{printed}");
}

/// The names of the subcommands `induct --help` lists (but `help`).
fn subcommands() -> Vec<String> {
    let out = induct(&["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let help = stdout(&out);
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("`induct --help` lists its commands");
    list.lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Every command clap knows has its section on the guide's commands page,
/// so a command cannot be added undocumented.
#[test]
fn the_guide_documents_every_command() {
    let page = std::fs::read_to_string(repo_root().join("guide/content/14-commands.md")).unwrap();
    let commands = subcommands();
    assert!(commands.len() >= 6, "{commands:?}");
    for name in &commands {
        assert!(
            page.contains(&format!("## `induct {name}`")),
            "guide/content/14-commands.md has no section `## `induct {name}``: document the command there"
        );
    }
}

/// The text of the first fenced block after `label` in `doc`.
fn block_after<'a>(doc: &'a str, label: &str) -> &'a str {
    let after = &doc[doc.find(label).unwrap_or_else(|| panic!("no {label}")) + label.len()..];
    let start = after.find("```").unwrap();
    let body = &after[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    &body[..body.find("```").unwrap()]
}

/// README's ten-line course is a course: it builds with no warning.
#[test]
fn the_readme_course_builds() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let book = block_after(&readme, "`book.toml`:");
    let page = block_after(&readme, "`content/index.md`:");
    assert!(
        book.lines().count() + page.lines().count() <= 10,
        "{book}{page}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("course");
    std::fs::create_dir_all(course.join("content")).unwrap();
    std::fs::write(course.join("book.toml"), book).unwrap();
    std::fs::write(course.join("content/index.md"), page).unwrap();
    let dest = tmp.path().join("site");
    build_without_warnings(&course, &dest);
    assert!(dest.join("index.html").is_file());
}
