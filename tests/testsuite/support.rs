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
