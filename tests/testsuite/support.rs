//! The support directory: content/support.yaml becomes support/, one
//! linkable section per service with who is told and what is recorded, an
//! index by need, and a "Need help now?" link on every page.

use super::*;

#[test]
fn the_support_directory_is_a_page_of_linkable_services() {
    let (_tmp, site) = super::build::build_fixture("support");
    let page = html(&site.join("support/index.html"));
    // The urgent services first, each linked and with its number to call.
    assert_eq!(text(&page, "#now"), "Need help now?");
    assert_eq!(attr(&page, "#now + a.induct-anchor", "href"), "#now");
    assert_eq!(
        attr(&page, ".support-now a[href='#crisis-line']", "href"),
        "#crisis-line"
    );
    assert_eq!(
        attr(&page, ".support-now a.support-phone", "href"),
        "tel:0800000000"
    );
    // A section per service, the urgent first, each with who is told and
    // what is recorded set apart.
    let ids: Vec<&str> = select(&page, "section.service > .induct-heading > h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["crisis-line", "psu"]);
    let told = text(&page, "section.service:has(#psu) .service-told");
    assert!(
        told.contains("Who is told: Only with your agreement."),
        "{told}"
    );
    assert!(told.contains("What is recorded: Case notes"), "{told}");
    assert!(
        text(&page, "section.service:has(#psu) .service-placeholder").contains("Example entry")
    );
    assert_eq!(
        attr(
            &page,
            "section.service:has(#psu) a[href^='mailto:']",
            "href"
        ),
        "mailto:psu@example.org"
    );
    // The index by need works without JavaScript: each need lists its services.
    let need = text(&page, ".needs li[data-need='mental-health']");
    assert!(
        need.starts_with("Mental health: ") && need.contains("PSU") && need.contains("Crisis line"),
        "{need}"
    );
    assert_eq!(
        attr(&page, "section.service:has(#psu)", "data-tags"),
        "training mental-health"
    );
    // Every page links to the urgent services, relatively.
    for (file, href) in [
        ("index.html", "support/#now"),
        ("modules/first/index.html", "../../support/#now"),
        ("support/index.html", "./#now"),
        ("links/index.html", "../support/#now"),
    ] {
        let doc = html(&site.join(file));
        let found = select(&doc, "header a.help-now");
        assert_eq!(found.len(), 1, "{file}");
        assert_eq!(found[0].value().attr("href"), Some(href), "{file}");
    }
    // The services are linkable like headings, in links.lock and on links/.
    let lock = std::fs::read_to_string(site.parent().unwrap().join("course/links.lock")).unwrap();
    for line in [
        "support/",
        "support/#now",
        "support/#psu",
        "support/#crisis-line",
    ] {
        assert!(lock.lines().any(|l| l == line), "{line} not in links.lock");
    }
    let links = std::fs::read_to_string(site.join("links/index.html")).unwrap();
    assert!(links.contains("<code>https://example.org/support/#psu</code>"));
    // In the navigation, and the YAML itself is not published.
    let home = html(&site.join("index.html"));
    assert!(text(&home, ".site-nav").contains("Where to get help"));
    assert!(!site.join("support.yaml").exists());
}

#[test]
fn a_support_directory_that_does_not_read_names_its_line() {
    let course = copy_fixture("build/support");
    // Published once, so links.lock records the services' addresses.
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(0));
    let path = course.path().join("content/support.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        yaml.replace("    who: Anyone.\n", "    who: Anyone.\n    whom: x\n"),
    )
    .unwrap();
    let out = induct_in(course.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/support.yaml:17:5: unknown key `whom` in a service"),
        "{err}"
    );
    assert!(err.contains("did you mean `who`?"), "{err}");
    assert!(
        !err.contains("broken link") && !err.contains("would break"),
        "links to support/ and its addresses in links.lock are not reported on top: {err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    std::fs::write(
        &path,
        yaml.replace("    records: Nothing is written down.\n", ""),
    )
    .unwrap();
    let err = stderr(&induct_in(course.path(), &["build"]));
    assert!(
        err.contains("missing required key `records` in a service"),
        "{err}"
    );
}

/// `induct ARGS` in `course`, as on `day` (`INDUCT_TODAY`).
fn induct_on(course: &Path, day: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(args)
        .current_dir(course)
        .env("NO_COLOR", "1")
        .env("INDUCT_TODAY", day)
        .output()
        .unwrap()
}

/// Replaces `from` with `to` in the course's `support.yaml`.
fn edit_support(course: &Path, from: &str, to: &str) {
    let path = course.join("content/support.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    assert!(yaml.contains(from), "{from}");
    std::fs::write(&path, yaml.replace(from, to)).unwrap();
}

#[test]
fn each_service_says_when_its_details_were_checked() {
    let (_tmp, site) = super::build::build_fixture("support");
    let page = html(&site.join("support/index.html"));
    let checked = select(&page, "section.service:has(#crisis-line) .service-checked");
    assert_eq!(checked.len(), 1);
    assert_eq!(
        checked[0].text().collect::<String>(),
        "Details checked on 24 November 2026."
    );
    assert_eq!(
        attr(
            &page,
            "section.service:has(#crisis-line) .service-checked time",
            "datetime"
        ),
        "2026-11-24"
    );
    // A placeholder with no dates says nothing of a check.
    assert!(select(&page, "section.service:has(#psu) .service-checked").is_empty());
    // The owner and the dates are for the course's authors, not the page.
    let all = text(&page, "main");
    assert!(
        !all.contains("Deanery PSU administrator") && !all.contains("2099"),
        "{all}"
    );
}

#[test]
fn a_services_check_by_warns_for_30_days_then_fails_the_build() {
    let course = copy_fixture("build/support");
    let root = course.path();
    edit_support(root, "check_by: 2099-11-24", "check_by: 2027-05-24");
    // Before the window: nothing about the service.
    let out = induct_on(root, "2027-04-23", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("crisis-line"), "{err}");
    assert!(
        err.contains(
            "INDUCT_TODAY is set: the support directory's check dates are judged as on 2027-04-23"
        ),
        "{err}"
    );
    // From 30 days before: a warning at `check_by`, naming the service,
    // its owner, the date and what to do; the site is still built.
    let out = induct_on(root, "2027-04-24", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: content/support.yaml:28:5: the details of Crisis line (`crisis-line`) are due to be checked by 2027-05-24, in 30 days (owner: Deanery PSU administrator): after that the build fails"),
        "{err}"
    );
    assert!(
        err.contains("help: re-check the details with the service"),
        "{err}"
    );
    let out = induct_on(root, "2027-05-24", &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2027-05-24, today"));
    // The day after: an error, and nothing is written.
    std::fs::remove_dir_all(root.join("site")).unwrap();
    let out = induct_on(root, "2027-05-25", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/support.yaml:28:5: the details of Crisis line (`crisis-line`) were due to be checked by 2027-05-24, which has passed (owner: Deanery PSU administrator)"),
        "{err}"
    );
    assert!(!root.join("site").exists());
    // `check` says the same, with its code.
    let out = induct_on(root, "2027-05-25", &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("\"code\": \"support-check-overdue\""),
        "{}",
        stdout(&out)
    );
    // Re-checked: the warning and the error are gone.
    edit_support(
        root,
        "    checked: 2026-11-24\n",
        "    checked: 2027-05-25\n",
    );
    edit_support(root, "check_by: 2027-05-24", "check_by: 2027-11-25");
    let out = induct_on(root, "2027-05-25", &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("crisis-line"), "{}", stderr(&out));
}

#[test]
fn missing_and_bad_check_dates_are_named_with_their_line() {
    let course = copy_fixture("build/support");
    let root = course.path();
    let yaml = std::fs::read_to_string(root.join("content/support.yaml")).unwrap();
    // No owner or dates: published, with a warning naming the service (the
    // placeholder `psu` may go without them).
    let undated = yaml.split("    owner:").next().unwrap().to_string();
    std::fs::write(root.join("content/support.yaml"), &undated).unwrap();
    let out = induct_on(root, "2026-12-03", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: content/support.yaml:13:3: the details of Crisis line (`crisis-line`) have no `owner`, `checked`, `check_by`"),
        "{err}"
    );
    assert!(
        err.contains("    checked: 2026-12-03\n    check_by: 2027-06-03"),
        "{err}"
    );
    assert!(!err.contains("PSU (`psu`) have no"), "{err}");
    assert!(
        !err.contains("INDUCT_TODAY is set"),
        "no dates, no story: nothing is judged by the date: {err}"
    );
    // Bad dates are errors at their line and column.
    for (from, to, wanted) in [
        (
            "checked: 2026-11-24",
            "checked: 24/11/2026",
            "error: content/support.yaml:25:5: `checked: 24/11/2026` of `crisis-line` is not a date",
        ),
        (
            "check_by: 2099-11-24",
            "check_by: 2026-11-01",
            "error: content/support.yaml:28:5: `check_by: 2026-11-01` of `crisis-line` is not after `checked: 2026-11-24`",
        ),
    ] {
        std::fs::write(root.join("content/support.yaml"), yaml.replace(from, to)).unwrap();
        let out = induct_on(root, "2026-12-03", &["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(wanted), "{err}");
    }
    // A check dated after today cannot have happened.
    std::fs::write(root.join("content/support.yaml"), &yaml).unwrap();
    let out = induct_on(root, "2026-11-23", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/support.yaml:25:5: `checked: 2026-11-24` of `crisis-line` is after today (2026-11-23)"),
        "{err}"
    );
}

/// An example entry warns on every build, naming each `REPLACE:` value;
/// `--publish`, on `build` or `check`, or `publish = true` in book.toml,
/// makes it an error.
#[test]
fn a_placeholder_warns_and_fails_a_build_to_publish() {
    let course = copy_fixture("build/support");
    let root = course.path();
    edit_support(
        root,
        "      email: psu@example.org\n",
        "      email: psu@example.org\n      phone: \"REPLACE: your PSU's phone number\"\n",
    );
    let warning = "warning: content/support.yaml:2:3: PSU (`psu`) is an example entry (`placeholder: true`) that your deanery must replace; `REPLACE:` still stands in `contact.phone` (11:7): `induct build --publish` fails until it is";
    let out = induct_on(root, "2026-12-03", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(warning), "{err}");
    assert!(
        err.contains("help: write your deanery's own details in place of each `REPLACE:` value"),
        "{err}"
    );
    let out = induct_on(root, "2026-12-03", &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));

    // Publishing: an error, and nothing is written.
    std::fs::remove_dir_all(root.join("site")).unwrap();
    let error = "error: content/support.yaml:2:3: PSU (`psu`) is an example entry (`placeholder: true`) that your deanery must replace; `REPLACE:` still stands in `contact.phone` (11:7): it cannot be published";
    let out = induct_on(root, "2026-12-03", &["build", "--publish"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(error), "{err}");
    assert!(!root.join("site").exists());
    let out = induct_on(
        root,
        "2026-12-03",
        &["check", "--publish", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "support-placeholder")
        .collect();
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["line"], 2);

    // `[site] publish = true` makes every build one to publish.
    let book = root.join("book.toml");
    let toml = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, format!("{toml}publish = true\n")).unwrap();
    let out = induct_on(root, "2026-12-03", &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(error), "{}", stderr(&out));

    // Filled in and no longer an example: published without a word.
    edit_support(
        root,
        "\"REPLACE: your PSU's phone number\"",
        "\"0800 000 001\"",
    );
    edit_support(
        root,
        "    placeholder: true\n",
        "    owner: Deanery PSU administrator\n    checked: 2026-12-01\n    check_by: 2027-06-01\n",
    );
    let out = induct_on(root, "2026-12-03", &["build", "--publish"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("psu"), "{err}");
}

/// A `REPLACE:` value in a service not marked as an example fails every
/// build: nothing on the page would say it is not real.
#[test]
fn a_replace_value_outside_an_example_fails_every_build() {
    let course = copy_fixture("build/support");
    let root = course.path();
    edit_support(
        root,
        "    how: Call.\n",
        "    how: \"REPLACE: how to reach it\"\n",
    );
    let out = induct_on(root, "2026-12-03", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/support.yaml:13:3: Crisis line (`crisis-line`) is not marked as an example, but its details are not filled in; `REPLACE:` still stands in `how` (17:5)"),
        "{err}"
    );
}

/// `nations` is shown beside the service, and in "Need help now?".
#[test]
fn a_service_for_some_nations_says_so() {
    let course = copy_fixture("build/support");
    let root = course.path();
    edit_support(
        root,
        "    urgency: now\n",
        "    urgency: now\n    nations: [england, scotland, wales]\n",
    );
    let out = induct_on(root, "2026-12-03", &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = html(&root.join("site/support/index.html"));
    assert_eq!(
        text(&page, "section.service:has(#crisis-line) .service-nations"),
        "Not in Northern Ireland"
    );
    assert!(select(&page, "section.service:has(#psu) .service-nations").is_empty());
    assert!(
        text(&page, ".support-now li").starts_with("Crisis line (Not in Northern Ireland): call"),
        "{}",
        text(&page, ".support-now li")
    );
    // A nation that is not one is an error at its line, with the list.
    edit_support(root, "[england, scotland, wales]", "[england, ulster]");
    let out = induct_on(root, "2026-12-03", &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/support.yaml:23:5: `ulster` in `nations` of `crisis-line` is not a nation of the UK\n  help: write one or more of: england, scotland, wales, northern-ireland"),
        "{err}"
    );
}
