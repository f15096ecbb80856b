//! The support directory's page as the model knows it: its ids, a heading
//! per service, so that links to `support/#id`, `links/` and links.lock
//! see them before anything renders.

use crate::load::support::{Service, Urgency};
use crate::model::anchors::{Heading, Scan};

/// The id of the urgent services' section: every page's "Need help now?"
/// link leads there.
pub const NOW: &str = "now";

/// The id of the index of services by need.
pub const BY_NEED: &str = "by-need";

/// What the page's ids are, as a scan: the urgent section, the index by
/// need, and a heading per service (level 2, in the page's order).
pub fn scan(services: &[Service]) -> Scan {
    let heading = |id: &str, text: &str| Heading {
        level: 2,
        text: text.to_string(),
        id: id.to_string(),
        line: 1,
        col: 1,
    };
    let mut ordered: Vec<&Service> = services.iter().collect();
    ordered.sort_by_key(|s| s.urgency);
    let mut headings = Vec::with_capacity(services.len() + 2);
    if services.iter().any(|s| s.urgency == Urgency::Now) {
        headings.push(heading(NOW, "Need help now?"));
    }
    headings.push(heading(BY_NEED, "Find help by need"));
    headings.extend(ordered.iter().map(|s| heading(&s.id, &s.name)));
    Scan {
        headings,
        ..Scan::default()
    }
}
