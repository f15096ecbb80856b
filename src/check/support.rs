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

use crate::error::{Code, Diagnostic, Location};
use crate::load::support::{six_months_after, Service};

/// How many days before a service's `check_by` the build starts to warn.
pub const WARN_DAYS: i64 = 30;

/// Every problem of the services' dates, as on `today`; with `preview`,
/// an overdue service is a warning rather than an error.
pub fn check_services(services: &[Service], today: time::Date, preview: bool) -> Vec<Diagnostic> {
    services
        .iter()
        .flat_map(|s| check_service(s, today, preview))
        .collect()
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
        let services = parse("content/support.yaml", yaml).unwrap().services;
        check_services(&services, today, preview)
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
        let placeholder = format!("{none}    placeholder: true\n");
        assert!(problems(&placeholder, date!(2026 - 12 - 03), false).is_empty());
        // A placeholder's dates, when written, count like any.
        let dated = format!("{ONE}    placeholder: true\n");
        assert_eq!(
            problems(&dated, date!(2027 - 06 - 01), false)[0].code,
            Code::SupportCheckOverdue
        );
    }
}
