//! `induct init [DIR]`: a small course that builds as it is — book.toml, a
//! home page, one module and a placeholder support directory — for an
//! educator to start from. The theme is built in, so no `themes/` is made.

use std::path::Path;

use crate::error::Error;
use crate::fs;

const INDEX: &str = "---
title: Welcome
summary: What this induction course is and how to use it.
---

This course is for doctors starting in training with us. Read it at your own
pace; you can come back to any page later, and your programme director may send
you links to particular sections.

Start with [your first weeks](modules/01-first-weeks.md), and see
[where to get support](modules/01-first-weeks.md#getting-support) at any time.
";

const MODULE: &str = "---
title: Your first weeks
summary: What to expect when you start, and where to turn when it is hard.
---

Starting a new post is demanding for everyone. This module sets out what the
first weeks usually look like.

## What to expect

Write about rotas, supervision and the people trainees will meet.

## Getting support {#getting-support}

Write about who to contact and how. The `{#getting-support}` after the heading
pins its id, so links to this section keep working if the heading is reworded.
";

const SUPPORT: &str = "# The support directory: every service trainees can turn to, shown on
# the page support/ (see the guide, guide/content/06-the-support-directory.md). Required for
# each: id, name, offers, who, how, confidentiality, records. Optional:
# contact (phone, email, url), hours, cost, urgency (now | soon | routine),
# tags, placeholder. Each real service also says who keeps its details
# right and when they were verified (the build warns until it does, warns
# 30 days before check_by and fails after it):
#   owner: Deanery PSU administrator
#   checked: YYYY-MM-DD     (the day you verified the details with the service)
#   check_by: YYYY-MM-DD    (about six months on)
services:
  - id: emergency
    name: Emergency services (999)
    offers: Ambulance, police or fire service when a life is at risk, including your own.
    who: Anyone.
    how: Call 999.
    confidentiality: The call handler and the crew know what you tell them.
    records: Your call and any treatment are recorded in NHS records.
    contact:
      phone: \"999\"
    hours: Always open.
    cost: Free.
    urgency: now
    tags: [urgent]
  - id: psu
    name: Your deanery's Professional Support Unit (PSU)
    offers: Help for any trainee whose training is getting harder, for whatever reason.
    who: Every trainee in the deanery.
    how: Refer yourself by email, or ask your educational supervisor to refer you.
    confidentiality: Your supervisor is told only what you agree to, unless there is a serious risk.
    records: The PSU keeps its own notes, separate from your training record.
    contact:
      email: psu@your-deanery.example
    urgency: routine
    tags: [training, wellbeing]
    placeholder: true
";

const GITIGNORE: &str = "/site/\n/.site.induct-*\n";

pub fn run(dir: &Path) -> Result<(), Error> {
    for existing in ["book.toml", "content"] {
        if dir.join(existing).exists() {
            return Err(Error::usage_with_help(
                format!(
                    "`{}` already holds a course: it has {existing}",
                    dir.display()
                ),
                "choose a new or empty folder, e.g. `induct init my-course`",
            ));
        }
    }
    let name = crate::fs::normalize(dir)
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Induction course".to_string());
    let book = format!(
        "[book]\ntitle = \"{}\"\ndescription = \"An induction course for new trainee doctors.\"\nlanguage = \"en-GB\"\nauthors = []\n\n[site]\n# The address the site is published at; canonical links use it.\nbase_url = \"http://localhost:3000/\"\n",
        name.replace(['"', '\\'], "").replace(char::is_control, " ")
    );
    let files: [(&str, &str); 5] = [
        ("book.toml", &book),
        ("content/index.md", INDEX),
        ("content/modules/01-first-weeks.md", MODULE),
        ("content/support.yaml", SUPPORT),
        (".gitignore", GITIGNORE),
    ];
    for (path, text) in files {
        let target = dir.join(path);
        if path == ".gitignore" && target.exists() {
            continue;
        }
        fs::write(&target, text.as_bytes())?;
    }
    let shown = dir.display();
    eprintln!(
        "induct: created a course in {shown}\n  next: `induct build {shown}`, then open {} in a browser",
        dir.join("site").join("index.html").display()
    );
    Ok(())
}
