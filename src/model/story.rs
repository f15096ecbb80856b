//! Stories: anonymised recovery stories, one markdown file each in
//! `content/stories/`, published only with consent.
//!
//! Input: a story's [`StoryMeta`] and today's date. Output: whether it may
//! be published and, if not, why. A held-back story is unpublished like a
//! draft — no page, listing entry, sitemap line or link — and the build
//! says why. What the story's text may give away is the identifier scan's
//! business (`check::stories`).

use crate::load::{Anonymisation, StoryMeta};

/// A story in the model.
#[derive(Debug, Clone)]
pub struct Story {
    /// Its page.
    pub page: usize,
    /// The pages its themes name, in the order written.
    pub themes: Vec<usize>,
    /// The themes that name no published page, each where it is written.
    pub missing_themes: Vec<(String, crate::error::Location)>,
    /// What it touches on, shown before it.
    pub content_notes: Vec<String>,
    /// A composite of several accounts, or written for illustration.
    pub composite: bool,
}

/// Why a story may not be published today; `None` when it may: consent is
/// given, its scope includes `site`, its review date has not passed, and
/// its anonymisation is reviewed.
pub fn held_back(meta: &StoryMeta, today: time::Date) -> Option<String> {
    let mut reasons = Vec::new();
    if !meta.consent_given {
        reasons.push("consent is not given (`consent: given: false`)".to_string());
    }
    if !meta.scope.iter().any(|s| s.trim() == "site") {
        reasons.push("its consent does not include the site (`scope` has no `site`)".to_string());
    }
    match &meta.review_by {
        None => reasons.push(
            "its consent has no review date (`review_by: YYYY-MM-DD` under `consent`)".to_string(),
        ),
        Some((date, _)) if *date < today => reasons.push(format!(
            "its consent was due for review on {date}, which has passed"
        )),
        Some(_) => {}
    }
    if meta.anonymisation != Anonymisation::Reviewed {
        reasons.push("its anonymisation is not reviewed (`anonymisation: draft`)".to_string());
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn meta() -> StoryMeta {
        StoryMeta {
            consent_given: true,
            scope: vec!["site".into()],
            review_by: Some((time::macros::date!(2027 - 09 - 01), Location::file("s.md"))),
            anonymisation: Anonymisation::Reviewed,
            composite: false,
            themes: Vec::new(),
            content_notes: Vec::new(),
            allow: Vec::new(),
            title_at: None,
            summary_at: None,
            keys: Vec::new(),
        }
    }

    #[test]
    fn the_gate() {
        let today = time::macros::date!(2026 - 11 - 23);
        assert_eq!(held_back(&meta(), today), None);
        assert_eq!(
            held_back(&meta(), time::macros::date!(2027 - 09 - 01)),
            None,
            "published on its review date"
        );
        let late = held_back(&meta(), time::macros::date!(2027 - 09 - 02)).unwrap();
        assert!(late.contains("2027-09-01"), "{late}");
        let mut m = meta();
        m.consent_given = false;
        m.scope = vec!["print".into()];
        m.anonymisation = Anonymisation::Draft;
        m.review_by = None;
        let all = held_back(&m, today).unwrap();
        assert_eq!(all.matches("; ").count(), 3, "{all}");
    }
}
