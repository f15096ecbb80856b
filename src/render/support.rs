//! The support directory's page, `support/`: the services of
//! `content/support.yaml`, each under a heading with its id (so it is
//! linkable, recorded in links.lock and listed on `links/`), the urgent ones
//! first, and an index by need that works without JavaScript.

use serde::Serialize;

use crate::load::support::{Service, Urgency};
pub use crate::model::support::{scan, BY_NEED, NOW};

/// What `support.html` gets as `support`.
#[derive(Serialize)]
pub struct SupportInfo<'a> {
    /// Services whose urgency is `now`, in file order.
    pub now: Vec<ServiceInfo<'a>>,
    /// Every service: the urgent first, then those that help within days,
    /// then the rest, each group in file order.
    pub services: Vec<ServiceInfo<'a>>,
    /// Each need (tag) with the services that help with it, by label.
    pub needs: Vec<Need<'a>>,
}

/// One service, with what the template needs beside its fields.
#[derive(Serialize)]
pub struct ServiceInfo<'a> {
    #[serde(flatten)]
    pub service: &'a Service,
    /// `Use now`, `Within days` or `When you are ready`.
    pub urgency_label: &'static str,
    /// `now`, `soon` or `routine`.
    pub urgency_key: &'static str,
    /// The phone number as a `tel:` link, spaces removed.
    pub phone_href: Option<String>,
    /// Its tags as words (`mental-health` → `mental health`).
    pub needs: Vec<String>,
    /// When its details were last verified (`checked`), if it says.
    pub checked_on: Option<Day>,
    /// In the preview, the `check_by` that has passed: `induct build`
    /// fails on it, and the page says so beside the service.
    pub overdue: Option<Day>,
    /// Where in the UK it serves, when not everywhere: `England only`,
    /// `England and Wales only`, `Not in Northern Ireland`.
    pub nations_label: Option<String>,
}

/// Where a service serves, from its `nations`, for the page.
fn nations_label(nations: &[String]) -> Option<String> {
    use crate::load::support::NATIONS;
    let named: Vec<&str> = NATIONS
        .iter()
        .filter(|(key, _)| nations.iter().any(|n| n == key))
        .map(|(_, name)| *name)
        .collect();
    match named.len() {
        0 | 4 => None,
        1 => Some(format!("{} only", named[0])),
        2 => Some(format!("{} and {} only", named[0], named[1])),
        _ => NATIONS
            .iter()
            .find(|(key, _)| !nations.iter().any(|n| n == key))
            .map(|(_, name)| format!("Not in {name}")),
    }
}

/// A day as the page shows it.
#[derive(Serialize)]
pub struct Day {
    /// `2026-12-03`, for `<time datetime>`.
    pub iso: String,
    /// `3 December 2026`, as UK readers write it.
    pub text: String,
}

impl Day {
    pub fn new(day: time::Date) -> Day {
        Day {
            iso: day.to_string(),
            text: format!("{} {} {}", day.day(), day.month(), day.year()),
        }
    }
}

/// A need and the services that help with it.
#[derive(Serialize)]
pub struct Need<'a> {
    pub tag: &'a str,
    pub label: String,
    /// `(id, name)` of each service.
    pub services: Vec<(&'a str, &'a str)>,
}

/// `mental-health` → `mental health`.
fn label(tag: &str) -> String {
    tag.replace('-', " ")
}

/// One service as the template sees it; `preview_today` is today in the
/// preview (`None` in a build).
fn one(s: &Service, preview_today: Option<time::Date>) -> ServiceInfo<'_> {
    let (urgency_label, urgency_key) = match s.urgency {
        Urgency::Now => ("Use now", "now"),
        Urgency::Soon => ("Within days", "soon"),
        Urgency::Routine => ("When you are ready", "routine"),
    };
    let phone_href = s.contact.phone.as_ref().and_then(|p| {
        let digits: String = p
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        (!digits.is_empty()).then(|| format!("tel:{digits}"))
    });
    ServiceInfo {
        service: s,
        urgency_label,
        urgency_key,
        phone_href,
        needs: s.tags.iter().map(|t| label(t)).collect(),
        checked_on: s.verification.checked.as_ref().map(|(d, _)| Day::new(*d)),
        overdue: preview_today
            .and_then(|today| s.verification.overdue_on(today))
            .map(Day::new),
        nations_label: nations_label(&s.nations),
    }
}

/// The page's context; `preview_today` is today in the preview, which
/// marks services whose `check_by` has passed (`None` in a build, which
/// fails on them).
pub fn info(services: &[Service], preview_today: Option<time::Date>) -> SupportInfo<'_> {
    let mut ordered: Vec<&Service> = services.iter().collect();
    ordered.sort_by_key(|s| s.urgency);
    let mut tags: Vec<&str> = services
        .iter()
        .flat_map(|s| s.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    SupportInfo {
        now: services
            .iter()
            .filter(|s| s.urgency == Urgency::Now)
            .map(|s| one(s, preview_today))
            .collect(),
        services: ordered.into_iter().map(|s| one(s, preview_today)).collect(),
        needs: tags
            .into_iter()
            .map(|tag| Need {
                tag,
                label: label(tag),
                services: services
                    .iter()
                    .filter(|s| s.tags.iter().any(|t| t == tag))
                    .map(|s| (s.id.as_str(), s.name.as_str()))
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_the_uk_way() {
        let day = Day::new(time::macros::date!(2026 - 12 - 03));
        assert_eq!(
            (day.iso.as_str(), day.text.as_str()),
            ("2026-12-03", "3 December 2026")
        );
        assert_eq!(
            Day::new(time::macros::date!(2027 - 01 - 21)).text,
            "21 January 2027"
        );
    }

    #[test]
    fn only_the_preview_marks_a_service_overdue() {
        let yaml = "services:\n  - id: psu\n    name: PSU\n    offers: Help.\n    who: Trainees.\n    how: Email.\n    confidentiality: Nobody.\n    records: Case notes.\n    checked: 2026-11-24\n    check_by: 2027-05-24\n";
        let services = crate::load::support::parse("s.yaml", yaml)
            .unwrap()
            .services;
        let overdue = |today| {
            info(&services, today).services[0]
                .overdue
                .as_ref()
                .map(|d| d.text.clone())
        };
        assert_eq!(overdue(None), None, "a build fails instead");
        assert_eq!(overdue(Some(time::macros::date!(2027 - 05 - 24))), None);
        assert_eq!(
            overdue(Some(time::macros::date!(2027 - 05 - 25))).as_deref(),
            Some("24 May 2027")
        );
        assert_eq!(
            info(&services, None).services[0]
                .checked_on
                .as_ref()
                .map(|d| d.iso.as_str()),
            Some("2026-11-24")
        );
    }

    #[test]
    fn nations_are_said_the_short_way() {
        let label =
            |n: &[&str]| nations_label(&n.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(label(&[]), None);
        assert_eq!(label(&["england"]).as_deref(), Some("England only"));
        assert_eq!(
            label(&["wales", "england"]).as_deref(),
            Some("England and Wales only")
        );
        assert_eq!(
            label(&["england", "scotland", "wales"]).as_deref(),
            Some("Not in Northern Ireland")
        );
        assert_eq!(
            label(&["england", "scotland", "wales", "northern-ireland"]),
            None
        );
    }
}
