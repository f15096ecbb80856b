//! Links that never break: links.lock records every published address; a
//! build that would break one fails, naming it and its likely new home;
//! `aliases`, `anchor_aliases`, short links and the `links/` page; and
//! `induct link`.

use std::collections::HashSet;

use super::*;

fn edit(course: &Path, rel: &str, from: &str, to: &str) {
    let path = course.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

fn build(course: &Path) -> Output {
    induct_in(course, &["build"])
}

/// Builds `course`, which must succeed.
fn passes(course: &Path) {
    let out = build(course);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Builds `course`, which must fail; what it printed.
fn fails(course: &Path) -> String {
    let out = build(course);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// The addresses in links.lock (comments left out).
fn lock_lines(course: &Path) -> Vec<String> {
    std::fs::read_to_string(course.join("links.lock"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The ids of the elements of an HTML file.
fn ids(file: &Path) -> HashSet<String> {
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(file).unwrap());
    let any = scraper::Selector::parse("[id]").unwrap();
    doc.select(&any)
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect()
}

/// Where an address of links.lock leads in the built `site`: the file,
/// following a redirect page to the page it names.
fn follow(site: &Path, path: &str) -> PathBuf {
    let rel = path.strip_prefix("./").unwrap_or(path);
    let mut file = if rel.is_empty() || rel.ends_with('/') {
        site.join(rel).join("index.html")
    } else {
        site.join(rel)
    };
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|_| panic!("`{path}` has no file in the site"));
    if let Some(i) = text.find("http-equiv=\"refresh\" content=\"0; url=") {
        let rest = &text[i + 37..];
        let to = &rest[..rest.find('"').unwrap()];
        let to = to.split('#').next().unwrap();
        file = file.parent().unwrap().join(to).join("index.html");
    }
    file
}

/// Every address in links.lock resolves in the built site: the page (or
/// the page its redirect leads to) exists and has the id.
fn assert_lock_resolves(course: &Path) {
    let site = course.join("site");
    for line in lock_lines(course) {
        let (path, anchor) = match line.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (line.as_str(), None),
        };
        let file = follow(&site, path);
        assert!(file.is_file(), "{line}: {} missing", file.display());
        if let Some(anchor) = anchor {
            assert!(
                ids(&file).contains(anchor),
                "{line}: no id `{anchor}` in {}",
                file.display()
            );
        }
    }
}

#[test]
fn the_rename_story() {
    let course = copy_fixture("build/basic");
    let root = course.path();

    // First build: links.lock records every page and heading, sorted.
    let out = build(root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("recorded"), "{}", stderr(&out));
    let lines = lock_lines(root);
    for expected in [
        "./",
        "modules/",
        "modules/first-weeks/",
        "modules/first-weeks/#notes",
        "modules/first-weeks/#notes-1",
        "modules/first-weeks/#pinned",
        "modules/support/who/#who-to-call",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "{expected} not in {lines:?}"
        );
    }
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "sorted, so it diffs well");
    assert!(
        !lines.iter().any(|l| l.contains("about")),
        "a draft is not published"
    );
    assert!(
        !lines.iter().any(|l| l.contains("fn-")),
        "footnotes are not sections"
    );
    assert_lock_resolves(root);
    let published = std::fs::read(root.join("site/modules/first-weeks/index.html")).unwrap();

    // Rename a heading's id: the build fails, names the link and suggests
    // the new heading; the site is left as it was.
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "## Who to call {#pinned}",
        "## Who to call first {#who-to-call-first}",
    );
    edit(
        root,
        "content/modules/02-support/who.md",
        "01-first-weeks.md#pinned",
        "01-first-weeks.md#who-to-call-first",
    );
    let err = fails(root);
    assert!(err.contains("error: links.lock:"), "{err}");
    assert!(
        err.contains("`modules/first-weeks/#pinned` would break"),
        "{err}"
    );
    assert!(
        err.contains("anchor_aliases:\n      pinned: who-to-call-first"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(root.join("site/modules/first-weeks/index.html")).unwrap(),
        published
    );
    // `check` fails the same way, and writes nothing.
    let lock_before = std::fs::read(root.join("links.lock")).unwrap();
    let out = induct_in(root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`modules/first-weeks/#pinned` would break"));

    // Keep the old id alive: the build passes and the page carries it.
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "title: Your first weeks",
        "title: Your first weeks\nanchor_aliases:\n  pinned: who-to-call-first",
    );
    passes(root);
    let page = root.join("site/modules/first-weeks/index.html");
    let page_ids = ids(&page);
    assert!(page_ids.contains("pinned") && page_ids.contains("who-to-call-first"));
    let html = std::fs::read_to_string(&page).unwrap();
    let old = html.find("id=\"pinned\"").unwrap();
    let new = html.find("id=\"who-to-call-first\"").unwrap();
    assert!(
        old < new && html[old..new].matches('<').count() <= 2,
        "the old id sits just before the heading"
    );
    assert!(lock_lines(root).contains(&"modules/first-weeks/#who-to-call-first".to_string()));
    assert_ne!(std::fs::read(root.join("links.lock")).unwrap(), lock_before);

    // Move a page: the build fails naming the old address and the new page.
    std::fs::rename(
        root.join("content/modules/02-support/who.md"),
        root.join("content/modules/02-support/contacts.md"),
    )
    .unwrap();
    edit(
        root,
        "content/index.md",
        "02-support/who.md",
        "02-support/contacts.md",
    );
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "02-support/who.md",
        "02-support/contacts.md",
    );
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "/modules/support/who/",
        "/modules/support/contacts/",
    );
    edit(
        root,
        "content/modules/02-support/index.md",
        "(who.md)",
        "(contacts.md)",
    );
    let err = fails(root);
    assert!(err.contains("`modules/support/who/` would break"), "{err}");
    assert!(
        err.contains("#who-to-call"),
        "its sections are named too: {err}"
    );
    assert!(
        err.contains("moved to `modules/support/contacts/`"),
        "{err}"
    );
    assert!(err.contains("aliases: [\"modules/support/who/\"]"), "{err}");

    // Declare the old address: a redirect page keeps it working.
    edit(
        root,
        "content/modules/02-support/contacts.md",
        "title: Who to call",
        "title: Who to call\naliases: [\"modules/support/who/\"]",
    );
    passes(root);
    let redirect =
        std::fs::read_to_string(root.join("site/modules/support/who/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&redirect);
    let attr = |css: &str, name: &str| {
        let sel = scraper::Selector::parse(css).unwrap();
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr(name))
            .map(str::to_string)
    };
    assert_eq!(
        attr("meta[http-equiv=refresh]", "content").as_deref(),
        Some("0; url=../contacts/")
    );
    assert_eq!(
        attr("link[rel=canonical]", "href").as_deref(),
        Some("https://example.org/induction/modules/support/contacts/")
    );
    assert_eq!(
        attr("meta[name=robots]", "content").as_deref(),
        Some("noindex")
    );
    assert_eq!(attr("a", "href").as_deref(), Some("../contacts/"));
    assert!(attr("script", "src")
        .unwrap()
        .ends_with("assets/redirect.js"));
    assert!(root.join("site/assets/redirect.js").is_file());
    // Pasted into chat, an old or short address previews as its page.
    assert_eq!(
        attr("meta[property='og:url']", "content").as_deref(),
        Some("https://example.org/induction/modules/support/contacts/")
    );
    assert_eq!(
        attr("meta[property='og:title']", "content").as_deref(),
        Some("Who to call")
    );
    assert!(attr("meta[name=description]", "content").is_some());
    let sitemap = std::fs::read_to_string(root.join("site/sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("support/who/"),
        "an old address is not listed"
    );
    assert_lock_resolves(root);

    // An alias cannot take the address of a page that exists.
    edit(
        root,
        "content/modules/02-support/contacts.md",
        "aliases: [\"modules/support/who/\"]",
        "aliases: [\"modules/support/who/\", \"modules/first-weeks/\"]",
    );
    let out = build(root);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "`modules/first-weeks/` is the address of content/modules/01-first-weeks.md now"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn anchor_aliases_are_checked() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "title: Your first weeks",
        "title: Your first weeks\nanchor_aliases:\n  old-notes: notez\n  notes: pinned",
    );
    let err = fails(root);
    assert!(err.contains("content/modules/01-first-weeks.md:3:1: `old-notes: notez`: there is no heading on this page with id `notez`"), "{err}");
    assert!(err.contains("did you mean `old-notes: notes`?"), "{err}");
    assert!(err.contains("`notes` is still an id on this page"), "{err}");
}

#[test]
fn short_links() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    edit(
        root,
        "content/modules/02-support/who.md",
        "title: Who to call",
        "title: Who to call\nshort: who",
    );
    edit(
        root,
        "book.toml",
        "[site]",
        "[short]\npsu = \"modules/first-weeks/#pinned\"\n\n[site]",
    );
    passes(root);
    let refresh = |name: &str| {
        let text =
            std::fs::read_to_string(root.join(format!("site/go/{name}/index.html"))).unwrap();
        let i = text.find("url=").unwrap();
        text[i + 4..].split('"').next().unwrap().to_string()
    };
    assert_eq!(refresh("who"), "../../modules/support/who/");
    assert_eq!(refresh("psu"), "../../modules/first-weeks/#pinned");
    let lines = lock_lines(root);
    assert!(
        lines.contains(&"go/who/".to_string()) && lines.contains(&"go/psu/".to_string()),
        "{lines:?}"
    );
    assert_lock_resolves(root);

    // One name twice, a name that cannot be one, and an anchor that is not there.
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "title: Your first weeks",
        "title: Your first weeks\nshort: psu",
    );
    edit(
        root,
        "content/index.md",
        "title:",
        "short: Bad Name\ntitle:",
    );
    edit(root, "book.toml", "#pinned", "#pined");
    let err = fails(root);
    assert!(
        err.contains("short link `go/psu/` is declared twice: also at"),
        "{err}"
    );
    assert!(
        err.contains("`Bad Name` cannot be a short link's name"),
        "{err}"
    );
}

#[test]
fn short_link_to_a_missing_anchor_is_an_error() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    edit(
        root,
        "book.toml",
        "[site]",
        "[short]\npsu = \"modules/first-weeks/#pined\"\nnowhere = \"modules/gone/\"\n\n[site]",
    );
    let err = fails(root);
    assert!(err.contains("book.toml:8:1: `go/psu/` leads to `#pined`, which `modules/first-weeks/` does not have"), "{err}");
    assert!(err.contains("did you mean `#pinned`?"), "{err}");
    assert!(
        err.contains(
            "short link `nowhere` leads to `modules/gone/`, which is not a page of the site"
        ),
        "{err}"
    );
}

#[test]
fn the_links_page_lists_every_link_with_copy_buttons_and_blurbs() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    edit(
        root,
        "content/modules/02-support/who.md",
        "title: Who to call",
        "title: Who to call\nshort: who",
    );
    assert_eq!(build(root).status.code(), Some(0));
    let page = std::fs::read_to_string(root.join("site/links/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    assert_eq!(
        doc.select(&sel("meta[name=robots]"))
            .next()
            .and_then(|e| e.value().attr("content")),
        Some("noindex")
    );
    // Every address of links.lock is on it, absolute.
    let urls: HashSet<String> = doc
        .select(&sel(".link-item code"))
        .map(|e| e.text().collect())
        .collect();
    for line in lock_lines(root) {
        let url = format!(
            "https://example.org/induction/{}",
            line.trim_start_matches("./")
        );
        assert!(urls.contains(&url), "{url} not on links/");
    }
    // Complete without JavaScript: each page's email text is there to
    // select, ending in the page's own address (its first item).
    for group in doc.select(&sel(".link-group")) {
        let pre: String = group
            .select(&sel("details.link-blurb pre"))
            .next()
            .unwrap()
            .text()
            .collect();
        let first = group
            .select(&sel(".link-item[data-whole] code"))
            .next()
            .unwrap();
        let url: String = first.text().collect();
        assert!(pre.ends_with(&url) && pre.contains('\n'), "a blurb: {pre}");
    }
    let first_weeks: String = doc
        .select(&sel(".link-group"))
        .find(|g| g.text().collect::<String>().contains("first-weeks/#pinned"))
        .and_then(|g| g.select(&sel("pre")).next())
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        first_weeks,
        "Your first weeks\nWhat the first weeks of a post are like.\nhttps://example.org/induction/modules/first-weeks/"
    );
    // The copy buttons need the script, which adds them.
    assert!(doc.select(&sel("main button")).next().is_none());
    // Its relative links work from links/.
    let hrefs: Vec<&str> = doc
        .select(&sel(".link-item > a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"../modules/first-weeks/#pinned"),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"../go/who/"), "{hrefs:?}");
    // Not in the sitemap; linked from every page's footer.
    let sitemap = std::fs::read_to_string(root.join("site/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("links/"));
    let home = std::fs::read_to_string(root.join("site/index.html")).unwrap();
    assert!(home.contains("href=\"./links/\""), "footer link");
}

#[test]
fn induct_link_finds_addresses_best_first() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    let out = induct_in(root, &["link", "who to call"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let first: Vec<&str> = printed.lines().take(2).collect();
    assert_eq!(
        first,
        [
            "https://example.org/induction/modules/support/who/",
            "    Who to call (page)"
        ],
        "{printed}"
    );
    assert!(printed.contains("https://example.org/induction/modules/first-weeks/#pinned\n    Your first weeks: Who to call (section)"), "{printed}");
    assert!(
        !root.join("links.lock").exists(),
        "`induct link` writes nothing"
    );

    let out = induct_in(root, &["link", "first weeks", "--blurb", "-n", "1"]);
    assert_eq!(stdout(&out), "Your first weeks\nWhat the first weeks of a post are like.\nhttps://example.org/induction/modules/first-weeks/\n");

    let out = induct_in(root, &["link", "zebra crossing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no page, section, step or story matches `zebra crossing`"));
}

/// `induct link` reads the model and renders nothing: a broken link
/// elsewhere in the course does not stop it, but a course that makes no
/// site (two files at one address) is refused with its error.
#[test]
fn induct_link_needs_only_the_model() {
    let broken = fixtures().join("broken/broken-link");
    let out = induct(&["link", "stigma", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("https://example.org/modules/stigma/\n"),
        "{}",
        stdout(&out)
    );

    let conflict = fixtures().join("broken/url-conflict");
    let out = induct(&["link", "stigma", conflict.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("which `content/modules/01-stigma.md` already uses"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_story_held_back_later_warns_rather_than_fails() {
    let course = copy_fixture("build/stories");
    let root = course.path();
    let on = |day: &str| {
        Command::new(env!("CARGO_BIN_EXE_induct"))
            .args(["build"])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("INDUCT_TODAY", day)
            .output()
            .unwrap()
    };
    edit(
        root,
        "content/stories/01-back-on-track.md",
        "title:",
        "short: back\naliases: [\"old-story/\"]\ntitle:",
    );
    let out = on("2027-09-01");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = lock_lines(root);
    for line in ["stories/back-on-track/", "go/back/", "old-story/"] {
        assert!(lines.contains(&line.to_string()), "{line}: {lines:?}");
    }
    // The next day its consent lapses: no change to the course, so the
    // build must not fail; it warns and keeps the line for later.
    let out = on("2027-09-02");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: links.lock:"), "{err}");
    assert!(
        err.contains("`stories/back-on-track/` is not published now"),
        "{err}"
    );
    assert!(
        err.contains(
            "`stories/` is not published now: nothing in content/stories/ is published now"
        ),
        "{err}"
    );
    assert!(err.contains("`go/back/` is not published now: it leads to content/stories/01-back-on-track.md, which is held back"), "{err}");
    assert!(err.contains("`old-story/` is not published now"), "{err}");
    assert!(lock_lines(root).contains(&"stories/back-on-track/".to_string()));
    assert!(!root.join("site/stories").exists());
    assert!(!root.join("site/go/back").exists() && !root.join("site/old-story").exists());
}

#[test]
fn a_renamed_scenario_step_keeps_its_address_through_anchor_aliases() {
    let course = copy_fixture("build/scenarios");
    let root = course.path();
    assert_eq!(build(root).status.code(), Some(0));
    let lines = lock_lines(root);
    for expected in [
        "scenarios/night-shift/",
        "scenarios/night-shift/wait/",
        "scenarios/night-shift/overview/",
        "scenarios/night-shift/tell-your-registrar/#what-to-say",
    ] {
        assert!(
            lines.contains(&expected.to_string()),
            "{expected}: {lines:?}"
        );
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.ends_with("/#wait") || l.contains("overview/#")),
        "a step is its own page; the overview repeats the steps: {lines:?}"
    );
    assert_lock_resolves(root);

    let file = "content/scenarios/01-night-shift.md";
    edit(root, file, "## Wait\n", "## Wait a while {#wait-and-see}\n");
    edit(root, file, "(#wait)", "(#wait-and-see)");
    let err = fails(root);
    assert!(
        err.contains("`scenarios/night-shift/wait/` would break"),
        "{err}"
    );
    assert!(
        err.contains("anchor_aliases:\n      wait: wait-and-see"),
        "{err}"
    );
    edit(
        root,
        file,
        "title: A hard night shift",
        "title: A hard night shift\nanchor_aliases:\n  wait: wait-and-see",
    );
    passes(root);
    let redirect =
        std::fs::read_to_string(root.join("site/scenarios/night-shift/wait/index.html")).unwrap();
    assert!(redirect.contains("url=../wait-and-see/"), "{redirect}");
    assert_lock_resolves(root);

    // An old name that is still a step, or a new one that is not.
    edit(
        root,
        file,
        "  wait: wait-and-see",
        "  wait: wait-and-sea\n  night: keep-going",
    );
    let err = fails(root);
    assert!(
        err.contains(
            "`wait: wait-and-sea`: there is no step of this scenario with id `wait-and-sea`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `wait: wait-and-see`?"), "{err}");
    assert!(
        err.contains("`night` is still a step of this scenario"),
        "{err}"
    );
}

#[test]
fn an_alias_never_replaces_a_file_the_site_has() {
    for alias in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "links/",
        "modules/index.html",
        "files/leaflet.pdf",
        "files/leaflet.pdf/old/",
        "assets/induct.css",
        "assets/old/",
        "go/who/",
        "",
    ] {
        let course = copy_fixture("build/basic");
        let root = course.path();
        edit(
            root,
            "content/modules/02-support/who.md",
            "title: Who to call",
            &format!("title: Who to call\naliases: [\"{alias}\"]"),
        );
        let err = fails(root);
        assert!(
            err.contains("content/modules/02-support/who.md:3:1:") && err.contains("alias"),
            "{alias}: {err}"
        );
        assert!(!root.join("site").exists(), "{alias}: nothing written");
        assert!(
            !root.join("links.lock").exists(),
            "{alias}: no lock written"
        );
    }
}

#[test]
fn old_ids_must_be_plain_and_new_ids_headings() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "title: Your first weeks",
        "title: Your first weeks\nanchor_aliases:\n  \"\": notes\n  \"a b\": notes\n  \"x#y\": notes-1\n  main: pinned\n  fn-3: pinned\n  old-source: fn-1",
    );
    let err = fails(root);
    for bad in ["``", "`a b`", "`x#y`", "`main`", "`fn-3`"] {
        assert!(
            err.contains(&format!("{bad} cannot be an old id")),
            "{bad}: {err}"
        );
    }
    assert!(
        err.contains("`old-source: fn-1`: there is no heading on this page with id `fn-1`"),
        "a footnote is not a heading: {err}"
    );
    assert!(!root.join("links.lock").exists());

    let course = copy_fixture("build/scenarios");
    let root = course.path();
    edit(
        root,
        "content/scenarios/01-night-shift.md",
        "title: A hard night shift",
        "title: A hard night shift\nanchor_aliases:\n  \"\": wait\n  Old Step: wait\n  overview: wait",
    );
    let err = fails(root);
    for bad in ["``", "`Old Step`", "`overview`"] {
        assert!(
            err.contains(&format!("{bad} cannot be an old step id")),
            "{bad}: {err}"
        );
    }
}

#[test]
fn a_moved_scenario_keeps_its_steps_through_one_alias() {
    let course = copy_fixture("build/scenarios");
    let root = course.path();
    assert_eq!(build(root).status.code(), Some(0));
    std::fs::rename(
        root.join("content/scenarios/01-night-shift.md"),
        root.join("content/scenarios/01-night-duty.md"),
    )
    .unwrap();
    edit(
        root,
        "content/index.md",
        "01-night-shift.md",
        "01-night-duty.md",
    );
    let err = fails(root);
    assert_eq!(
        err.matches("error: links.lock").count(),
        1,
        "one error for the scenario and its steps: {err}"
    );
    assert!(
        err.contains("`scenarios/night-shift/` would break"),
        "{err}"
    );
    assert!(
        err.contains("addresses under it (scenarios/night-shift/keep-going/"),
        "{err}"
    );
    assert!(err.contains("moved to `scenarios/night-duty/`"), "{err}");
    edit(
        root,
        "content/scenarios/01-night-duty.md",
        "title: A hard night shift",
        "title: A hard night shift\naliases: [\"scenarios/night-shift/\"]",
    );
    passes(root);
    let wait =
        std::fs::read_to_string(root.join("site/scenarios/night-shift/wait/index.html")).unwrap();
    assert!(wait.contains("url=../../night-duty/wait/"), "{wait}");
    assert_lock_resolves(root);

    // A heading inside a step renamed: pin its old id (anchor_aliases
    // renames steps in a scenario).
    edit(
        root,
        "content/scenarios/01-night-duty.md",
        "### What to say",
        "### What to say first",
    );
    let err = fails(root);
    assert!(
        err.contains("give it back its old id in content/scenarios/01-night-duty.md: `### What to say first {#what-to-say}`"),
        "{err}"
    );
}

#[test]
fn a_page_made_a_draft_says_so_and_a_byte_order_mark_is_fine() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    assert_eq!(build(root).status.code(), Some(0));
    // Notepad's byte order mark before the first line.
    let lock = root.join("links.lock");
    let text = std::fs::read_to_string(&lock).unwrap();
    std::fs::write(&lock, format!("\u{feff}{text}")).unwrap();
    passes(root);

    edit(
        root,
        "content/modules/02-support/who.md",
        "title: Who to call",
        "title: Who to call\ndraft: true",
    );
    edit(
        root,
        "content/index.md",
        "(modules/02-support/who.md#who-to-call)",
        "(modules/02-support/index.md)",
    );
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "(02-support/who.md#who-to-call)",
        "(02-support/index.md)",
    );
    edit(
        root,
        "content/modules/01-first-weeks.md",
        "(/modules/support/who/#who-to-call)",
        "(/modules/support/)",
    );
    edit(
        root,
        "content/modules/02-support/index.md",
        "(who.md)",
        "(index.md)",
    );
    let err = fails(root);
    assert!(
        err.contains(
            "`modules/support/who/` would break: content/modules/02-support/who.md is a draft now"
        ),
        "{err}"
    );
    assert!(
        err.contains("remove `draft: true` to publish it again"),
        "{err}"
    );
}

#[test]
fn a_large_course_gets_a_links_page_per_section() {
    // Two folders of pages with many headings: more links than one page of
    // links/ holds.
    let course = tempfile::tempdir().unwrap();
    let root = course.path();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Big\"\n[site]\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/index.md"),
        "---\ntitle: Home\n---\n\n## Start here\n",
    )
    .unwrap();
    for folder in ["alpha", "beta"] {
        std::fs::create_dir_all(root.join("content").join(folder)).unwrap();
        for n in 0..90 {
            let headings: String = (0..20)
                .map(|h| format!("\n## Part {h}\n\nText.\n"))
                .collect();
            std::fs::write(
                root.join(format!("content/{folder}/p{n:03}.md")),
                format!("---\ntitle: {folder} page {n}\n---\n{headings}"),
            )
            .unwrap();
        }
    }
    passes(root);
    let lines = lock_lines(root);
    assert!(lines.len() > 3000, "{} links", lines.len());
    let read = |rel: &str| std::fs::read_to_string(root.join("site").join(rel)).unwrap();
    let index = read("links/index.html");
    assert!(
        index.contains("href=\"alpha/\"") && index.contains("href=\"beta/\""),
        "sections listed"
    );
    assert!(
        index.contains("https://example.org/#start-here"),
        "the home page's own links"
    );
    let alpha = read("links/alpha/index.html");
    let beta = read("links/beta/index.html");
    assert!(alpha.contains("href=\"../\">All sections"));
    // Every address is on exactly one page of links/.
    let mut shown: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in [&index, &alpha, &beta] {
        for part in page.split("<code>https://example.org/").skip(1) {
            *shown
                .entry(part[..part.find('<').unwrap()].to_string())
                .or_default() += 1;
        }
    }
    for line in &lines {
        let path = line.trim_start_matches("./");
        assert_eq!(shown.get(path), Some(&1), "{line}");
    }
    // Relative links from a section's page work.
    assert!(
        alpha.contains("href=\"../../alpha/p000/#part-3\""),
        "relative to links/alpha/"
    );
}

#[test]
fn a_page_that_does_not_load_is_not_also_a_lost_address() {
    let course = copy_fixture("build/basic");
    let root = course.path();
    passes(root);
    edit(
        root,
        "content/modules/02-support/who.md",
        "title:",
        "titel:",
    );
    let err = fails(root);
    assert!(err.contains("unknown key `titel`"), "{err}");
    assert!(!err.contains("would break"), "{err}");
}
