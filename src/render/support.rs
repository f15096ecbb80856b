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

/// One service as the template sees it.
fn one(s: &Service) -> ServiceInfo<'_> {
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
    }
}

/// The page's context.
pub fn info(services: &[Service]) -> SupportInfo<'_> {
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
            .map(one)
            .collect(),
        services: ordered.into_iter().map(one).collect(),
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
