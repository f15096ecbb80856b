//! The support directory's details against today: a phone number nobody
//! has verified for months is a real harm, so every service records who
//! keeps it right (`owner`), when its details were last verified
//! (`checked`) and when they must be again (`check_by`).
//!
//! Input: the services of `content/support.yaml` as the load stage read
//! them (dates parsed, each with where it is written) and the run's date
//! (`INDUCT_TODAY` or the computer's). Output: diagnostics, as for a
//! story's consent review: a warning from [`WARN_DAYS`] days before
//! `check_by`, an error once it has passed (a warning in the preview, which
//! shows the page as `build` would not publish it), an error for a
//! `checked` after today, and a warning for a service that is not a
//! placeholder and lacks any of the three keys.
//!
//! An example entry a deanery must replace (`placeholder: true`) must not
//! reach trainees by accident: it is a warning naming each of its
//! `REPLACE:` values, and an error in a build to publish ([`Run::publish`]).
//! A `REPLACE:` value in a service not marked as an example is an error in
//! every run: nothing says it is not real.

use crate::config::Run;
use crate::error::{Code, Diagnostic, Location};
use crate::load::support::{six_months_after, Service, REPLACE};

/// How many days before a service's `check_by` the build starts to warn.
pub const WARN_DAYS: i64 = 30;

/// Every problem of the services' dates, as on the run's `today`, and of
/// the example entries: in the preview, an overdue service is a warning
/// rather than an error; in a build to publish, an example entry is an
/// error rather than a warning.
pub fn check_services(services: &[Service], run: &Run) -> Vec<Diagnostic> {
    services
        .iter()
        .flat_map(|s| {
            let mut found = check_service(s, run.today, run.preview);
            found.extend(check_placeholder(s, run.publish));
            found
        })
        .collect()
}

/// What to do about an example entry.
const REPLACE_HELP: &str = "write your deanery's own details in place of each `REPLACE:` value (or general guidance that is true for every trainee), then remove `placeholder: true` and add `owner`, `checked` and `check_by`; or remove the entry";

/// An example entry (`placeholder: true`), and any `REPLACE:` value.
fn check_placeholder(s: &Service, publish: bool) -> Option<Diagnostic> {
    let at = s
        .verification
        .at
        .clone()
        .unwrap_or_else(|| Location::file(format!("content/{}", crate::load::support::FILE)));
    let fields: Vec<String> = s
        .to_replace
        .iter()
        .map(|(field, at)| match (at.line, at.col) {
            (Some(line), Some(col)) => format!("`{field}` ({line}:{col})"),
            _ => format!("`{field}`"),
        })
        .collect();
    let values = match fields.len() {
        0 => String::new(),
        1 => format!("; `{REPLACE}` still stands in {}", fields[0]),
        _ => format!("; `{REPLACE}` still stands in {}", fields.join(", ")),
    };
    if !s.placeholder {
        if fields.is_empty() {
            return None;
        }
        return Some(
            Diagnostic::error(
                Code::SupportPlaceholder,
                Some(at),
                format!(
                    "{} (`{}`) is not marked as an example, but its details are not filled in{values}",
                    s.name, s.id
                ),
            )
            .with_help("write the real detail in place of each `REPLACE:` value; an entry that is an example for a deanery to replace says `placeholder: true`"),
        );
    }
    let message = format!(
        "{} (`{}`) is an example entry (`placeholder: true`) that your deanery must replace{values}",
        s.name, s.id
    );
    Some(
        if publish {
            Diagnostic::error(
                Code::SupportPlaceholder,
                Some(at),
                format!("{message}: it cannot be published"),
            )
        } else {
            Diagnostic::warning(
                Code::SupportPlaceholder,
                Some(at),
                format!("{message}: `induct build --publish` fails until it is"),
            )
        }
        .with_help(REPLACE_HELP),
    )
}

/// What to do about a service whose details are due (the same on every
/// day, so that a course's expected output does not change with the date).
const RECHECK: &str = "re-check the details with the service (phone, email, web address, hours, who can use it) and correct them, then set `checked` to the day you did and `check_by` to when they are due again, about six months on";

fn check_service(s: &Service, today: time::Date, preview: bool) -> Vec<Diagnostic> {
    let v = &s.verification;
    let mut found = Vec::new();
    let owner = s
        .owner
        .as_deref()
        .map_or(String::new(), |o| format!(" (owner: {})", o.trim()));
    if let Some((on, at)) = &v.checked {
        if *on > today {
            found.push(
                Diagnostic::error(
                    Code::Support,
                    Some(at.clone()),
                    format!("`checked: {on}` of `{}` is after today ({today})", s.id),
                )
                .with_help(format!(
                    "write the day its details were last verified, e.g. `checked: {today}`"
                )),
            );
        }
    }
    match &v.check_by {
        Some((by, at)) if v.overdue_on(today).is_some() => {
            let message = format!(
                "the details of {} (`{}`) were due to be checked by {by}, which has passed{owner}",
                s.name, s.id
            );
            let d = if preview {
                Diagnostic::warning(
                    Code::SupportCheckOverdue,
                    Some(at.clone()),
                    format!("{message}: `induct build` fails until they are checked"),
                )
            } else {
                Diagnostic::error(Code::SupportCheckOverdue, Some(at.clone()), message)
            };
            found.push(d.with_help(RECHECK));
        }
        Some((by, at)) if (*by - today).whole_days() <= WARN_DAYS => {
            let days = (*by - today).whole_days();
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            found.push(
                Diagnostic::warning(
                    Code::SupportCheckDue,
                    Some(at.clone()),
                    format!(
                        "the details of {} (`{}`) are due to be checked by {by}, {when}{owner}: after that the build fails",
                        s.name, s.id
                    ),
                )
                .with_help(RECHECK),
            );
        }
        _ => {}
    }
    if !s.placeholder {
        let missing: Vec<String> = [
            ("owner", s.owner.is_none()),
            ("checked", v.checked.is_none()),
            ("check_by", v.check_by.is_none()),
        ]
        .into_iter()
        .filter(|(_, missing)| *missing)
        .map(|(key, _)| format!("`{key}`"))
        .collect();
        if !missing.is_empty() {
            let at = v.at.clone().unwrap_or_else(|| {
                Location::file(format!("content/{}", crate::load::support::FILE))
            });
            found.push(
                Diagnostic::warning(
                    Code::SupportUnchecked,
                    Some(at),
                    format!(
                        "the details of {} (`{}`) have no {}: nothing says who keeps them right or when they were verified",
                        s.name,
                        s.id,
                        missing.join(", ")
                    ),
                )
                .with_help(format!(
                    "verify the details with the service, then add to it who keeps them right and the dates, e.g.:\n    owner: Deanery PSU administrator\n    checked: {today}\n    check_by: {}\n  (an example entry for a deanery to replace may say `placeholder: true` instead)",
                    six_months_after(today)
                )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::support::parse;
    use time::macros::date;

    const ONE: &str = "services:\n  - id: psu\n    name: PSU\n    offers: Help.\n    who: Trainees.\n    how: Email.\n    confidentiality: Nobody.\n    records: Case notes.\n    owner: PSU administrator\n    checked: 2026-11-24\n    check_by: 2027-05-24\n";

    fn problems(yaml: &str, today: time::Date, preview: bool) -> Vec<Diagnostic> {
        in_run(
            yaml,
            Run {
                today,
                today_overridden: false,
                preview,
                publish: false,
            },
        )
    }

    fn in_run(yaml: &str, run: Run) -> Vec<Diagnostic> {
        let services = parse("content/support.yaml", yaml).unwrap().services;
        check_services(&services, &run)
    }

    fn line(d: &Diagnostic) -> Option<usize> {
        d.location.as_ref().and_then(|l| l.line)
    }

    #[test]
    fn nothing_before_the_window() {
        assert!(problems(ONE, date!(2026 - 12 - 03), false).is_empty());
        // The last day before the window, and the day itself is not late.
        assert!(problems(ONE, date!(2027 - 04 - 23), false).is_empty());
    }

    #[test]
    fn warns_in_the_30_days_before_check_by() {
        for (today, when) in [
            (date!(2027 - 04 - 24), "in 30 days"),
            (date!(2027 - 05 - 23), "tomorrow"),
            (date!(2027 - 05 - 24), "today"),
        ] {
            let found = problems(ONE, today, false);
            assert_eq!(found.len(), 1, "{today}: {found:?}");
            let d = &found[0];
            assert_eq!(d.code, Code::SupportCheckDue);
            assert_eq!(d.severity, crate::error::Severity::Warning);
            assert_eq!(line(d), Some(11), "the line of `check_by`");
            assert!(
                d.message
                    .contains("PSU (`psu`) are due to be checked by 2027-05-24")
                    && d.message.contains(when)
                    && d.message
                        .contains("(owner: PSU administrator): after that the build fails"),
                "{}",
                d.message
            );
            assert_eq!(d.help.as_deref(), Some(RECHECK));
        }
    }

    #[test]
    fn fails_after_check_by_but_only_warns_in_preview() {
        let found = problems(ONE, date!(2027 - 05 - 25), false);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            (d.code, d.severity),
            (Code::SupportCheckOverdue, crate::error::Severity::Error)
        );
        assert_eq!(line(d), Some(11));
        assert_eq!(d.location.as_ref().and_then(|l| l.col), Some(5));
        assert!(
            d.message
                .contains("were due to be checked by 2027-05-24, which has passed"),
            "{}",
            d.message
        );
        assert!(
            d.message.ends_with("(owner: PSU administrator)"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some(RECHECK));
        let preview = problems(ONE, date!(2027 - 05 - 25), true);
        assert_eq!(preview[0].severity, crate::error::Severity::Warning);
        assert!(preview[0].message.contains("`induct build` fails"));
    }

    #[test]
    fn a_check_in_the_future_is_an_error() {
        let found = problems(ONE, date!(2026 - 11 - 23), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::Support);
        assert_eq!(line(&found[0]), Some(10));
        assert!(found[0]
            .message
            .contains("`checked: 2026-11-24` of `psu` is after today (2026-11-23)"));
    }

    #[test]
    fn missing_keys_warn_unless_a_placeholder() {
        let bare = ONE
            .replace("    owner: PSU administrator\n", "")
            .replace("    check_by: 2027-05-24\n", "");
        let found = problems(&bare, date!(2026 - 12 - 03), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::SupportUnchecked);
        assert_eq!(line(&found[0]), Some(2), "the service's `id:` line");
        assert!(
            found[0]
                .message
                .contains("PSU (`psu`) have no `owner`, `check_by`"),
            "{}",
            found[0].message
        );
        let none = ONE.split("    owner:").next().unwrap().to_string();
        let found = problems(&none, date!(2026 - 12 - 03), false);
        assert!(found[0].message.contains("`owner`, `checked`, `check_by`"));
        assert!(found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("checked: 2026-12-03\n    check_by: 2027-06-03"));
        // A placeholder may go without them: it says it is an example.
        let placeholder = format!("{none}    placeholder: true\n");
        let found = problems(&placeholder, date!(2026 - 12 - 03), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::SupportPlaceholder);
        // A placeholder's dates, when written, count like any.
        let dated = format!("{ONE}    placeholder: true\n");
        assert_eq!(
            problems(&dated, date!(2027 - 06 - 01), false)[0].code,
            Code::SupportCheckOverdue
        );
    }

    /// `ONE` as an example entry whose phone a deanery must fill in.
    fn example() -> String {
        ONE.replace(
            "    records: Case notes.\n",
            "    records: Case notes.\n    contact:\n      email: psu@example.org\n      phone: \"REPLACE: your PSU's phone number\"\n",
        )
        .replace("    how: Email.", "    how: \"REPLACE: how to refer yourself\"")
            + "    placeholder: true\n"
    }

    fn run(preview: bool, publish: bool) -> Run {
        let run = Run {
            today: date!(2026 - 12 - 03),
            today_overridden: false,
            preview: false,
            publish: false,
        };
        let run = if preview { run.preview() } else { run };
        Run { publish, ..run }
    }

    #[test]
    fn an_example_entry_warns_naming_each_replace_value() {
        let found = in_run(&example(), run(false, false));
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            (d.code, d.severity),
            (Code::SupportPlaceholder, crate::error::Severity::Warning)
        );
        assert_eq!(line(d), Some(2), "the service's `id:` line");
        assert_eq!(
            d.message,
            "PSU (`psu`) is an example entry (`placeholder: true`) that your deanery must replace; `REPLACE:` still stands in `how` (6:5), `contact.phone` (11:7): `induct build --publish` fails until it is"
        );
        assert_eq!(d.help.as_deref(), Some(REPLACE_HELP));
        // The preview shows it as a warning too.
        let preview = in_run(&example(), run(true, false));
        assert_eq!(preview[0].severity, crate::error::Severity::Warning);
    }

    #[test]
    fn publishing_makes_an_example_entry_an_error() {
        let found = in_run(&example(), run(false, true));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].code, found[0].severity),
            (Code::SupportPlaceholder, crate::error::Severity::Error)
        );
        assert!(
            found[0].message.ends_with(": it cannot be published"),
            "{}",
            found[0].message
        );
        // An example without any `REPLACE:` value is still an example.
        let plain = format!("{ONE}    placeholder: true\n");
        let found = in_run(&plain, run(false, true));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0]
            .message
            .ends_with("that your deanery must replace: it cannot be published"));
        // A preview is never a publish.
        assert!(!run(true, true).preview().publish);
    }

    #[test]
    fn a_replace_value_outside_an_example_is_always_an_error() {
        let unmarked = example().replace("    placeholder: true\n", "");
        for (preview, publish) in [(false, false), (true, false), (false, true)] {
            let found = in_run(&unmarked, run(preview, publish));
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(
                (found[0].code, found[0].severity),
                (Code::SupportPlaceholder, crate::error::Severity::Error)
            );
            assert!(
                found[0].message.contains(
                    "PSU (`psu`) is not marked as an example, but its details are not filled in; `REPLACE:` still stands in `how` (6:5), `contact.phone` (11:7)"
                ),
                "{}",
                found[0].message
            );
        }
        // Filled in, it is a service like any other.
        assert!(in_run(ONE, run(false, true)).is_empty());
    }

    #[test]
    fn publishing_keeps_overdue_checks_errors_and_changes_nothing_else() {
        let overdue = Run {
            today: date!(2027 - 05 - 25),
            ..run(false, false)
        };
        for publish in [false, true] {
            let found = in_run(ONE, Run { publish, ..overdue });
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(
                (found[0].code, found[0].severity),
                (Code::SupportCheckOverdue, crate::error::Severity::Error)
            );
        }
    }
}
