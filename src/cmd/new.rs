//! `induct new KIND NAME [--in FOLDER] [DIR]`: a new module, page,
//! scenario, story or support service, written with the right front
//! matter and a short body that builds as it is, for the author to
//! rewrite.
//!
//! A file goes in the folder of its kind (`content/modules/`,
//! `content/scenarios/`, `content/stories/`, or `content/` for a page),
//! or in `--in FOLDER`, named from NAME ([`ascii_slug`]) after
//! the next numeric prefix of that folder. Nothing is ever overwritten: a
//! file or folder that already has the new file's address is refused. A
//! service is a text added to `content/support.yaml` after its last
//! service, so the file's comments and layout stay as they are. A new
//! story is left unconsented and in draft, so it is never published by
//! accident; a new service is a placeholder until its details are real.
//!
//! `induct init` makes its example scenario and story with the same
//! templates ([`create`]), so the two never drift apart.

use std::path::Path;

use crate::cli::NewKind;
use crate::error::Error;
use crate::fs;
use crate::load::front_matter::{is_scenario, is_story, names};
use crate::load::support;
use crate::model::anchors::ascii_slug;
use crate::model::{file_url, split_prefix, url_segment};

/// What [`create`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file, from the course root: `content/scenarios/03-night-shift.md`.
    pub file: String,
    /// Its address on the site, relative to the site root:
    /// `scenarios/night-shift/`, `support/#psu`.
    pub url: String,
}

pub fn run(dir: &Path, kind: NewKind, name: &str, within: Option<&str>) -> Result<(), Error> {
    let (config, run) = crate::load_config(dir)?;
    let written = create(&config.root, kind, name, within, run.today)?;
    println!("wrote {}", written.file);
    println!(
        "preview: http://{}:{}/{}",
        crate::cli::SERVE_HOST,
        crate::cli::SERVE_PORT,
        written.url
    );
    Ok(())
}

/// Writes the new `kind` called `name` into the course at `root` (its
/// `content/` folder), in `within` (relative to `content/`) or its kind's
/// folder. `today` dates what needs a date (a story's consent review).
pub fn create(
    root: &Path,
    kind: NewKind,
    name: &str,
    within: Option<&str>,
    today: time::Date,
) -> Result<Written, Error> {
    let title: String = name
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let slug = ascii_slug(&title);
    if slug.is_empty() {
        return Err(Error::usage_with_help(
            format!("`{name}` makes no file name: it has no letter or digit (a to z, 0 to 9, or a letter with an accent)"),
            format!("give a name with words in it, e.g. `induct new {} \"Night shift\"`", kind_word(kind)),
        ));
    }
    if slug == "index" {
        return Err(Error::usage_with_help(
            format!("`{name}` would make a file `index.md`, which is a folder's own page"),
            "give it another name, or edit the folder's index.md",
        ));
    }
    let content = root.join("content");
    let text = match kind {
        NewKind::Module => module(&title, content.join(support::FILE).is_file()),
        NewKind::Page => page(&title),
        NewKind::Scenario => scenario(&title, content.join(support::FILE).is_file()),
        NewKind::Story => story(&title, today),
        NewKind::Service if within.is_some() => {
            return Err(Error::usage_with_help(
                "`--in` is for files: a service is added to content/support.yaml",
                format!("run `induct new service \"{title}\"` without `--in`"),
            ))
        }
        NewKind::Service => return add_service(&content, &slug, &title),
    };
    let folder = match within {
        Some(folder) => clean_folder(folder)?,
        None => default_folder(&content, kind)?,
    };
    let entries = fs::list_dir(&content.join(&folder))?;
    let shown_folder = if folder.is_empty() {
        "content/".to_string()
    } else {
        format!("content/{folder}/")
    };
    for (entry, is_dir) in &entries {
        let Some(stem) = page_name(entry, *is_dir) else {
            continue;
        };
        if url_segment(stem) == slug {
            return Err(Error::usage_with_help(
                format!(
                    "{shown_folder}{entry}{} already has the address that `{title}` would have",
                    if *is_dir { "/" } else { "" }
                ),
                "edit that file, or give the new one another name",
            ));
        }
    }
    let file_name = format!("{}{slug}.md", next_prefix(&entries));
    let rel = if folder.is_empty() {
        file_name
    } else {
        format!("{folder}/{file_name}")
    };
    check_kind_fits(kind, &rel, &shown_folder)?;
    let url = file_url(&rel);
    if let Some((reserved, what)) = crate::model::permalinks::reserved_folder(&url) {
        return Err(Error::usage_with_help(
            format!("content/{rel} would be published in `{reserved}`, where induct writes {what}"),
            "choose another folder with `--in FOLDER`",
        ));
    }
    let file = format!("content/{rel}");
    if !fs::write_new(&content.join(&rel), text.as_bytes())? {
        return Err(already_there(&file));
    }
    Ok(Written { file, url })
}

fn kind_word(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Module => "module",
        NewKind::Page => "page",
        NewKind::Scenario => "scenario",
        NewKind::Story => "story",
        NewKind::Service => "service",
    }
}

fn already_there(file: &str) -> Error {
    Error::usage_with_help(
        format!("{file} already exists, and induct new never overwrites a file"),
        "edit that file, or give the new one another name",
    )
}

/// `--in FOLDER` as a path below `content/`, `/`-separated, with no
/// trailing slash.
fn clean_folder(folder: &str) -> Result<String, Error> {
    let cleaned = folder.replace('\\', "/");
    let cleaned = cleaned.trim_matches('/');
    let cleaned = cleaned.strip_prefix("content/").unwrap_or(cleaned);
    let cleaned = if cleaned == "content" { "" } else { cleaned };
    let parts: Vec<&str> = cleaned.split('/').filter(|p| !p.is_empty()).collect();
    let bad = folder.starts_with('/')
        || parts
            .iter()
            .any(|p| *p == "." || *p == ".." || p.starts_with('.') || url_segment(p).is_empty());
    if bad {
        return Err(Error::usage_with_help(
            format!("`--in {folder}` is not a folder inside content/ that can have an address"),
            "give a folder relative to content/, e.g. `--in modules/02-hidden-curriculum`",
        ));
    }
    Ok(parts.join("/"))
}

/// The folder of `content/` a `kind` goes in by default: the top-level
/// folder named for it (`modules/`, or `03-modules/` when the course
/// numbers it), or a new one.
fn default_folder(content: &Path, kind: NewKind) -> Result<String, Error> {
    let section = match kind {
        NewKind::Module => "modules",
        NewKind::Scenario => "scenarios",
        NewKind::Story => "stories",
        NewKind::Page | NewKind::Service => return Ok(String::new()),
    };
    Ok(fs::list_dir(content)?
        .into_iter()
        .find(|(name, is_dir)| *is_dir && names(name, section))
        .map_or_else(|| section.to_string(), |(name, _)| name))
}

/// The name a folder's entry gives its page (a markdown file's without
/// `.md`, a folder's own); `None` for other files and hidden ones.
fn page_name(entry: &str, is_dir: bool) -> Option<&str> {
    if fs::is_ignored_name(entry) {
        return None;
    }
    match entry.len().checked_sub(3) {
        _ if is_dir => Some(entry),
        Some(end) if crate::load::is_markdown(entry) => entry.get(..end),
        _ => None,
    }
}

/// The numeric prefix the next file of a folder with `entries` takes:
/// one more than the highest, as wide as the widest (`03-` after `02-…`);
/// `01-` in an empty folder; none in a folder whose pages have none.
fn next_prefix(entries: &[(String, bool)]) -> String {
    let mut highest = None;
    let mut width = 2;
    let mut pages = 0;
    for (entry, is_dir) in entries {
        let Some(stem) = page_name(entry, *is_dir).filter(|s| !s.eq_ignore_ascii_case("index"))
        else {
            continue;
        };
        pages += 1;
        if let (Some(n), rest) = split_prefix(stem) {
            highest = highest.max(Some(n));
            width = width.max(stem.len() - rest.len() - 1);
        }
    }
    match highest {
        Some(n) => format!("{:0width$}-", n.saturating_add(1)),
        None if pages == 0 => "01-".to_string(),
        None => String::new(),
    }
}

/// Refuses a file whose place would make it another kind than asked:
/// a scenario is a file directly in `scenarios/`, a story anything under
/// `stories/`, and a page or module anything else.
fn check_kind_fits(kind: NewKind, rel: &str, shown_folder: &str) -> Result<(), Error> {
    let (scenario, story) = (is_scenario(rel), is_story(rel));
    let refused = match kind {
        NewKind::Scenario if !scenario => Some((
            "a scenario is a file directly in content/scenarios/",
            "leave out `--in`, or give `--in scenarios`",
        )),
        NewKind::Story if !story => Some((
            "a story is a file in content/stories/ or a folder inside it",
            "leave out `--in`, or give `--in stories`",
        )),
        NewKind::Module | NewKind::Page if scenario => Some((
            "every file there is a scenario",
            "use `induct new scenario`, or choose another folder with `--in`",
        )),
        NewKind::Module | NewKind::Page if story => Some((
            "every file there is a story",
            "use `induct new story`, or choose another folder with `--in`",
        )),
        _ => None,
    };
    match refused {
        Some((why, help)) => Err(Error::usage_with_help(
            format!(
                "a new {} cannot go in {shown_folder}: {why}",
                kind_word(kind)
            ),
            help,
        )),
        None => Ok(()),
    }
}

/// `text` as a double-quoted YAML string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn module(title: &str, has_support: bool) -> String {
    let link = if has_support {
        "[where to get help](/support/)"
    } else {
        "[the home page](/)"
    };
    format!(
        "---
title: {}
summary: One sentence saying what this module is about, shown in the list of modules and by search engines.
---

Start with a short introduction: who this module is for, and what they will
know by the end of it.

## What to expect

Each `##` heading starts a section, listed in the page's contents; `###`
headings go inside one. Write short paragraphs and lists: most trainees read
on a phone, between jobs.

## Getting support {{#getting-support}}

The `{{#getting-support}}` after this heading pins its id, so a link to this
section keeps working when the heading is reworded. Link to other pages by
their file or their address, e.g. {link}.
",
        quoted(title)
    )
}

fn page(title: &str) -> String {
    format!(
        "---
title: {}
summary: One sentence about this page, shown in lists of pages and by search engines.
---

Write this page in markdown: paragraphs, `##` headings, lists and links.
",
        quoted(title)
    )
}

fn scenario(title: &str, has_support: bool) -> String {
    let help = if has_support {
        " [Where to get help](/support/) lists who else can help."
    } else {
        ""
    };
    format!(
        "---
title: {}
summary: One sentence about this scenario, shown in the list of scenarios.
---
<!-- Each `##` heading is a step, and `{{#id}}` pins its id (part of its
address). A step that ends with a list of links to steps offers those
choices; the text after a link is shown at the top of the step it leads
to. A step with no choices is an ending. Text before the first step, like
the next line, introduces the scenario. -->
This is a composite scenario, written for illustration. You choose what
happens next.

## The end of a long shift {{#end-of-shift}}

It is the end of a long shift. You are tired, and you realise you forgot to
hand over a job that a patient is waiting for. No harm has been done yet.

> Pause: what would you want a friend to do here?

- [Go home and hope someone notices](#going-home) — When you are exhausted, leaving it feels easier. Here is how it might go.
- [Tell the doctor taking over](#telling-someone) — Saying it out loud is often the hardest part.

## Going home {{#going-home}}

You lie awake going over it. The next morning you find out the job was done
late, and you wish you had said something.

It is never too late to tell someone: the doctor in charge, your registrar
or your educational supervisor.

## Telling someone {{#telling-someone}}

The doctor taking over thanks you and does the job straight away. Nobody is
cross: a late handover is far better than none.

If you are this tired most days, talk to your educational supervisor.{help}
",
        quoted(title)
    )
}

fn story(title: &str, today: time::Date) -> String {
    let review_by = support::six_months_after(support::six_months_after(today));
    format!(
        "---
title: {}
summary: One sentence about the story, shown in the list of stories.
# The gate: a story is published only when its teller has agreed (given:
# true, with `site` in scope, until review_by) and someone other than the
# teller has reviewed it and signed the review (`induct serve` shows how on
# its review page, /__induct/review/). Until then `induct build` holds it
# back and says why, and the preview shows it with a banner.
consent:
  given: false            # true once the teller has agreed to this text being published
  scope: [site]           # where it may appear: it is published only with `site`
  review_by: {review_by}   # ask the teller again by this date; after it, it is not published
anonymisation: draft      # reviewed, with reviewed_by, reviewed_on and reviewed_hash, once signed
# A composite (several accounts, or written for illustration) has no teller:
# it says `composite: true` and, in consent, `basis: composite` instead of given.
content_notes: [asking for help]
---
I nearly did not ask for help. For weeks I told myself that everyone was
tired, that it would pass after the next set of nights, and that asking
would look like I could not cope.

What changed was a conversation with a colleague who noticed before I did.
She did not tell me what to do. She asked how I was, and waited for the real
answer.

Write the teller's story here, in their words, as they agreed it. Leave out
names, places, dates and anything else that could identify them or anyone
else: the build's identifier scan points at what it finds, but it assists a
human review, it does not replace one.
",
        quoted(title)
    )
}

/// The lines of a new placeholder service, each indented by `indent`
/// spaces (the indent of the file's other services).
fn service_entry(id: &str, name: &str, indent: usize) -> String {
    let lines = [
        format!("- id: {id}"),
        format!("  name: {}", quoted(name)),
        "  offers: \"REPLACE: what the service offers trainees\"".to_string(),
        "  who: \"REPLACE: who can use it\"".to_string(),
        "  how: \"REPLACE: how to reach it, and whether trainees can refer themselves\""
            .to_string(),
        "  confidentiality: \"REPLACE: who is told what, and when\"".to_string(),
        "  records: \"REPLACE: what is written down, and where\"".to_string(),
        "  # contact: {phone: \"…\", email: …, url: https://…}".to_string(),
        "  urgency: routine        # now | soon | routine".to_string(),
        "  tags: []                # needs it helps with, e.g. [wellbeing, exams]".to_string(),
        "  # When the details are real: remove `placeholder` and add owner,".to_string(),
        "  # checked and check_by (who keeps them right, and the dates).".to_string(),
        "  placeholder: true".to_string(),
    ];
    let pad = " ".repeat(indent);
    lines.iter().map(|l| format!("{pad}{l}\n")).collect()
}

/// Adds a placeholder service to `content/support.yaml` (made when there
/// is none), as text after its last service.
fn add_service(content: &Path, id: &str, name: &str) -> Result<Written, Error> {
    let path = content.join(support::FILE);
    let file = format!("content/{}", support::FILE);
    let written = Written {
        file: file.clone(),
        url: format!("{}#{id}", crate::model::SUPPORT_URL),
    };
    let Some(text) = fs::read_text_if_there(&path, &file).map_err(|d| Error::Content(vec![d]))?
    else {
        let text = format!(
            "# The support directory: the services a trainee can turn to, shown on\n# the page support/.\nservices:\n{}",
            service_entry(id, name, 2)
        );
        if !fs::write_new(&path, text.as_bytes())? {
            return Err(already_there(&file));
        }
        return Ok(written);
    };
    let directory = support::parse(&file, &text).map_err(Error::Content)?;
    if directory.services.iter().any(|s| s.id == id) {
        return Err(Error::usage_with_help(
            format!("{file} already has a service with the id `{id}`"),
            format!("edit the service with `id: {id}` there, or give the new one another name"),
        ));
    }
    let added = with_service(&text, id, name).map_err(|why| {
        Error::usage_with_help(
            format!("induct cannot add a service to {file}: {why}"),
            "write `services:` on a line of its own, followed by one `- id:` line per service",
        )
    })?;
    match support::parse(&file, &added) {
        Ok(after) if after.services.iter().any(|s| s.id == id) => {}
        Ok(_) => {
            return Err(Error::usage_with_help(
                format!("induct cannot add a service to {file}: the new entry would not be read as part of `services:`"),
                "add the service by hand, after the last one",
            ))
        }
        Err(problems) => {
            let why = problems
                .first()
                .map_or_else(String::new, |d| d.message.clone());
            return Err(Error::usage_with_help(
                format!("the service `{id}` cannot be added: {why}"),
                "give the new service another name",
            ));
        }
    }
    fs::replace(&path, added.as_bytes())?;
    Ok(written)
}

/// `text` (a support directory) with a placeholder service after its last
/// one, or a `services:` list at its end when it has none; everything
/// else as it was, byte for byte.
fn with_service(text: &str, id: &str, name: &str) -> Result<String, String> {
    let blocks = support::service_blocks(text);
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        let has_list = text
            .lines()
            .any(|l| l.starts_with("services:") && !l["services:".len()..].trim().is_empty());
        if has_list {
            return Err("its `services:` list is written on one line".to_string());
        }
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !text.lines().any(|l| l.trim_end() == "services:") {
            out.push_str("services:\n");
        }
        out.push_str(&service_entry(id, name, 2));
        return Ok(out);
    };
    let line_of_first = &text[first.clone()];
    let indent = line_of_first.len() - line_of_first.trim_start_matches(' ').len();
    let end = content_end(text, last.clone(), indent);
    // Services set apart by blank lines get one too.
    let apart = blocks.len() > 1 && {
        let before = blocks[blocks.len() - 2].clone();
        let after_content = content_end(text, before.clone(), indent);
        text[after_content..before.end]
            .lines()
            .any(|l| l.trim().is_empty())
    };
    let mut out = String::with_capacity(text.len() + 800);
    out.push_str(&text[..end]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if apart {
        out.push('\n');
    }
    out.push_str(&service_entry(id, name, indent));
    out.push_str(&text[end..]);
    Ok(out)
}

/// The end of the last line of the service at `block` of `text` that is
/// not blank or a comment: comments and blank lines after it are the next
/// entry's, or the file's. A line at the list's `indent` or less that is
/// not a new item ends it.
fn content_end(text: &str, block: std::ops::Range<usize>, indent: usize) -> usize {
    let mut end = block.start;
    let mut offset = block.start;
    for (i, line) in text[block].split_inclusive('\n').enumerate() {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if i > 0 && line.len() - line.trim_start().len() <= indent {
            break;
        }
        end = offset;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(names: &[&str]) -> Vec<(String, bool)> {
        names
            .iter()
            .map(|n| (n.trim_end_matches('/').to_string(), n.ends_with('/')))
            .collect()
    }

    #[test]
    fn the_next_prefix_follows_the_folder() {
        assert_eq!(next_prefix(&entries(&["01-a.md", "02-b.md"])), "03-");
        // Folders count (a module folder), index.md and other files do not.
        assert_eq!(
            next_prefix(&entries(&["index.md", "01-a.md", "04-b/", "05-c.png"])),
            "05-"
        );
        assert_eq!(next_prefix(&entries(&["009-a.md"])), "010-");
        assert_eq!(next_prefix(&entries(&["1-a.md", "2-b.md"])), "03-");
        assert_eq!(next_prefix(&entries(&["about.md", "help.md"])), "");
        assert_eq!(next_prefix(&entries(&["index.md", "x.png"])), "01-");
        assert_eq!(next_prefix(&[]), "01-");
    }

    #[test]
    fn folders_stay_inside_content() {
        assert_eq!(clean_folder("modules/02-x/").unwrap(), "modules/02-x");
        assert_eq!(clean_folder("content/modules").unwrap(), "modules");
        assert_eq!(clean_folder("content").unwrap(), "");
        for bad in ["../x", "/etc", "a/../b", ".hidden", "!!!"] {
            assert!(clean_folder(bad).is_err(), "{bad}");
        }
    }

    const DIRECTORY: &str = "# The directory.
title: Help   # the page's title
services:
  - id: one
    name: One
    offers: o
    who: w
    how: h
    confidentiality: c
    records: r
    placeholder: true

  # A comment about two.
  - id: two
    name: Two
    offers: o
    who: w
    how: h
    confidentiality: c
    records: r
    placeholder: true   # trailing comment

# A closing comment.
";

    #[test]
    fn a_service_is_added_after_the_last_keeping_everything_else() {
        let added = with_service(DIRECTORY, "night-line", "Night \"line\"").unwrap();
        let entry = service_entry("night-line", "Night \"line\"", 2);
        let at = added.find(&entry).unwrap();
        // Set apart by a blank line, as the others are, before the closing comment.
        assert!(added[..at].ends_with("# trailing comment\n\n"), "{added}");
        assert!(added[at + entry.len()..].starts_with("\n# A closing comment.\n"));
        // Take it out again: the file as it was, byte for byte.
        let without = format!("{}{}", &added[..at - 1], &added[at + entry.len()..]);
        assert_eq!(without, DIRECTORY);
        let parsed = support::parse("support.yaml", &added).unwrap();
        let new = parsed.services.last().unwrap();
        assert_eq!(
            (new.id.as_str(), new.name.as_str()),
            ("night-line", "Night \"line\"")
        );
        assert!(new.placeholder);
        assert_eq!(parsed.title.as_deref(), Some("Help"));
    }

    #[test]
    fn services_at_any_indent_and_no_list_yet() {
        let flush = "services:\n- id: a\n  name: A\n  offers: o\n  who: w\n  how: h\n  confidentiality: c\n  records: r\n  placeholder: true\nsummary: After the list.\n";
        let added = with_service(flush, "b", "B").unwrap();
        assert!(added.contains("  placeholder: true\n- id: b\n"), "{added}");
        assert!(added.ends_with("  placeholder: true\nsummary: After the list.\n"));
        let parsed = support::parse("support.yaml", &added).unwrap();
        assert_eq!(parsed.services.len(), 2);
        assert_eq!(parsed.summary.as_deref(), Some("After the list."));

        let none = with_service("title: Help", "a", "A").unwrap();
        assert!(none.starts_with("title: Help\nservices:\n  - id: a\n"));
        assert_eq!(support::parse("s", &none).unwrap().services.len(), 1);
        assert!(with_service("services: []\n", "a", "A").is_err());
    }
}
