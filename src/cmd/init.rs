//! `induct init [DIR]`: a small course that builds as it is and teaches by
//! example — a book.toml whose every key says what it does, a home page, a
//! module with headings and a link, a three-step scenario, a story held
//! back by the consent gate and a support directory whose example entries
//! are marked as placeholders. The module, scenario and story are
//! `induct new`'s ([`super::new::create`]), so the two never drift apart.
//! The theme is built in, so no `themes/` is made.
//!
//! Only a new or empty folder (hidden files such as `.git` aside) is made
//! a course: anything else is refused without asking.

use std::path::Path;

use super::new;
use crate::cli::NewKind;
use crate::error::Error;
use crate::fs;
use crate::load::support::six_months_after;

/// The example module, scenario and story, by title.
const MODULE: &str = "Your first weeks";
const SCENARIO: &str = "A hard night shift";
const STORY: &str = "Asking for help";

const INDEX: &str = "---
title: Welcome
summary: What this induction course is and how to use it.
---

This course is for doctors starting in training with us. Read it at your own
pace; you can come back to any page later, and your programme director may send
you links to particular sections.

Start with [your first weeks](modules/01-your-first-weeks.md), try the scenario
[a hard night shift](scenarios/01-a-hard-night-shift.md), and see
[where to get support](modules/01-your-first-weeks.md#getting-support) at any
time. The [support directory](/support/) lists every service with who is told
what; [need help now?](/support/#now) lists the urgent ones.
";

const GITIGNORE: &str = "/site/\n/.site.induct-*\n";

pub fn run(dir: &Path) -> Result<(), Error> {
    refuse_unless_empty(dir)?;
    let today = crate::config::Run::from_env()?.today;
    let name = crate::fs::normalize(dir)
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Induction course".to_string());
    let book = book_toml(&name);
    let support = support_yaml(today);
    let files: [(&str, &str); 4] = [
        ("book.toml", &book),
        ("content/index.md", INDEX),
        ("content/support.yaml", &support),
        (".gitignore", GITIGNORE),
    ];
    for (path, text) in files {
        let target = dir.join(path);
        if !fs::write_new(&target, text.as_bytes())? && path != ".gitignore" {
            return Err(Error::usage_with_help(
                format!("{} appeared while the course was made", target.display()),
                "start again in a new, empty folder",
            ));
        }
    }
    let mut made = vec!["book.toml".to_string(), "content/index.md".to_string()];
    for (kind, title) in [
        (NewKind::Module, MODULE),
        (NewKind::Scenario, SCENARIO),
        (NewKind::Story, STORY),
    ] {
        made.push(new::create(dir, kind, title, None, today)?.file);
    }
    made.push("content/support.yaml".to_string());
    let shown = dir.display().to_string();
    let here = crate::fs::normalize(dir) == crate::fs::normalize(Path::new("."));
    let cd = if here {
        String::new()
    } else if shown.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
        format!("cd '{}' && ", shown.replace('\'', "'\\''"))
    } else {
        format!("cd {shown} && ")
    };
    let place = if here {
        "this folder".to_string()
    } else {
        shown.clone()
    };
    eprintln!(
        "induct: created a course in {place}:\n{}\n  next: `{cd}induct serve --open` to preview it in your browser as you write\n  (`induct new scenario \"Night shift\"` adds a scenario; `induct build` writes the site to site/)",
        made.iter()
            .map(|f| format!("    {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok(())
}

/// Refuses a folder that holds anything but hidden entries (`.git`,
/// `.gitignore`): init never mixes a course into other files.
fn refuse_unless_empty(dir: &Path) -> Result<(), Error> {
    let found: Vec<String> = fs::list_dir(dir)?
        .into_iter()
        .filter(|(name, _)| !name.starts_with('.'))
        .map(|(name, is_dir)| format!("{name}{}", if is_dir { "/" } else { "" }))
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    let what = if found.iter().any(|f| f == "book.toml" || f == "content/") {
        "already holds a course"
    } else {
        "is not empty"
    };
    let mut listed = found.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if found.len() > 3 {
        listed.push_str(", …");
    }
    Err(Error::usage_with_help(
        format!(
            "`{}` {what} (it has {listed}), so induct init leaves it alone",
            dir.display()
        ),
        "choose a new or empty folder, e.g. `induct init my-course`",
    ))
}

/// book.toml with every key it may set, each with what it does.
fn book_toml(name: &str) -> String {
    let title = name.replace(['"', '\\'], "").replace(char::is_control, " ");
    format!(
        r#"# The course's settings. Every key is optional except [book] title.

[book]
# The course title, shown in every page's header and in the browser tab.
title = "{title}"
# One or two sentences about the course: the home page's description for
# search engines and link previews.
description = "An induction course for new trainee doctors."
# The language of the content, as a BCP 47 tag: en, en-GB, cy (Welsh)...
language = "en-GB"
# Who wrote the course, e.g. ["Deanery PSU"].
authors = []

[site]
# The address the site is published at, ending in /, e.g.
# "https://induction.example.nhs.uk/2026/": canonical links and the sitemap
# are made from it. Change it before you publish.
base_url = "http://localhost:3000/"
# The folder `induct build` writes the site to.
output_dir = "site"
# The theme: "default" is built in; a folder themes/NAME/ replaces any of
# its templates and files.
theme = "default"
# What the site keeps of a reader's progress before the reader chooses:
# "off" (nothing), "tab" (this browser tab only) or "device" (this browser).
progress = "off"
# true: the site keeps working offline after a reader's first visit.
offline = false

[quick_exit]
# The "Exit this page" button on every page leads to this neutral website.
# Delete this table for no button.
url = "https://www.bbc.co.uk/weather"
# Pressing Shift three times leaves the site too.
shortcut = true

[short]
# Short links to share: help makes go/help/ lead to the support page.
help = "support/"
"#
    )
}

/// The support directory: one real service with who keeps it right and
/// when it was checked (today; to be checked again in six months), and one
/// placeholder for the deanery's own.
fn support_yaml(today: time::Date) -> String {
    let check_by = six_months_after(today);
    format!(
        r#"# The support directory: every service trainees can turn to, shown on the
# page support/ (each at support/#id; urgency `now` also in "Need help now?"
# on every page). The guide's page "The support directory" says more.
#
# Required for each: id (its address: never change it once published),
# name, offers, who, how, confidentiality (who is told, and when) and
# records (what is written down, and where). Optional: contact (phone,
# email, url), hours, cost, urgency (now | soon | routine), tags (needs it
# helps with, for the page's filter).
#
# A real service says who keeps its details right and when they were last
# verified with the service: the build warns until it does, warns 30 days
# before check_by and fails after it, until someone checks them again.
# An example you have not replaced yet says `placeholder: true` instead,
# with "REPLACE: ..." in what you must write.
#
# `induct new service "Name"` adds a placeholder entry at the end.
services:
  - id: emergency
    name: Emergency services (999)
    offers: Ambulance, police or fire service when a life is at risk, including your own.
    who: Anyone.
    how: Call 999.
    confidentiality: The call handler and the crew know what you tell them.
    records: Your call and any treatment are recorded in NHS records.
    contact:
      phone: "999"
    hours: Always open.
    cost: Free.
    urgency: now
    tags: [urgent]
    owner: Course team          # who keeps these details right: a role or team
    checked: {today}         # the day they were verified
    check_by: {check_by}        # the day they must be verified again

  - id: psu
    name: Your deanery's Professional Support Unit (PSU)
    offers: Help for any trainee whose training is getting harder, for whatever reason.
    who: Every trainee in the deanery.
    how: Refer yourself by email, or ask your educational supervisor to refer you.
    confidentiality: Your supervisor is told only what you agree to, unless there is a serious risk.
    records: The PSU keeps its own notes, separate from your training record.
    contact:
      email: psu@your-deanery.example
      phone: "REPLACE: your PSU's phone number"
    urgency: routine
    tags: [training, wellbeing]
    placeholder: true           # remove once the details are your deanery's
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_book_toml_has_a_comment() {
        let text = book_toml("My course");
        let mut comment = false;
        let mut keys = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') {
                comment = true;
            } else if let Some((key, _)) = line.split_once(" = ") {
                assert!(comment, "`{key}` has no comment above it");
                keys.push(key);
                comment = false;
            }
        }
        // Every key book.toml reads, except the older spelling of
        // `[quick_exit] url`.
        assert_eq!(
            keys,
            [
                "title",
                "description",
                "language",
                "authors",
                "base_url",
                "output_dir",
                "theme",
                "progress",
                "offline",
                "url",
                "shortcut",
                "help"
            ]
        );
        let config = crate::config::parse(Path::new("/course"), &text).unwrap();
        assert_eq!(config.title, "My course");
        assert_eq!(config.short.len(), 1);
        assert!(config.quick_exit.is_some());
    }

    #[test]
    fn the_support_directory_reads_with_one_placeholder() {
        let text = support_yaml(time::macros::date!(2026 - 12 - 03));
        let directory = crate::load::support::parse("content/support.yaml", &text).unwrap();
        let placeholders: Vec<bool> = directory.services.iter().map(|s| s.placeholder).collect();
        assert_eq!(placeholders, [false, true]);
        assert!(text.contains("check_by: 2027-06-03"));
        let run = crate::config::Run {
            today: time::macros::date!(2026 - 12 - 03),
            today_overridden: false,
            preview: false,
            publish: false,
        };
        // The placeholder warns (and fails a build to publish); the real
        // service, checked today, says nothing.
        let problems = crate::check::support::check_services(&directory.services, &run);
        let codes: Vec<&str> = problems.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["support-placeholder"], "{problems:?}");
    }
}
