//! Stories: anonymised recovery stories, one markdown file each in
//! `content/stories/`, published only with consent.
//!
//! Input: a story's [`StoryMeta`] and today's date. Output: whether it may
//! be published and, if not, why. A held-back story is unpublished like a
//! draft — no page, listing entry, sitemap line or link — and the build
//! says why. What the story's text may give away is the identifier scan's
//! business (`check::stories`).

use crate::load::{Anonymisation, ConsentForm, SourceFile, StoryMeta};

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

/// Why a story may not be published: one reason of [`held_reasons`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// `consent: given: false` (a teller's consent; a composite's
    /// `basis: composite` has none to withhold).
    NoConsent,
    /// `scope` has no `site`.
    NotForSite,
    /// No `review_by` under `consent`.
    NoReviewDate,
    /// `review_by` has passed.
    ReviewPassed(time::Date),
    /// `anonymisation: draft`.
    NotReviewed,
    /// `anonymisation: reviewed` without these keys of its signature.
    Unsigned(Vec<&'static str>),
    /// Signed, but the text is not the one reviewed (on this date, by
    /// this reviewer).
    Changed { on: time::Date, by: String },
}

impl std::fmt::Display for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Held::NoConsent => write!(f, "consent is not given (`consent: given: false`)"),
            Held::NotForSite => write!(
                f,
                "its consent does not include the site (`scope` has no `site`)"
            ),
            Held::NoReviewDate => write!(
                f,
                "its consent has no review date (`review_by: YYYY-MM-DD` under `consent`)"
            ),
            Held::ReviewPassed(date) => write!(
                f,
                "its consent was due for review on {date}, which has passed"
            ),
            Held::NotReviewed => write!(
                f,
                "its anonymisation is not reviewed (`anonymisation: draft`)"
            ),
            Held::Unsigned(missing) => {
                let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
                write!(f, "its review is not signed (no {})", keys.join(", "))
            }
            Held::Changed { on, by } => {
                write!(f, "the text changed after its review on {on} by {by}")
            }
        }
    }
}

/// Why a story may not be published today; empty when it may: consent is
/// given (or the story is a composite with `basis: composite`, which the
/// load stage accepts only with `composite: true`), its scope includes `site`, its review date has not passed, its
/// anonymisation is reviewed and signed (`reviewed_by`, `reviewed_on`,
/// `reviewed_hash`), and its text is the one reviewed (its
/// [`fingerprint`] is the signed one).
pub fn held_reasons(file: &SourceFile, meta: &StoryMeta, today: time::Date) -> Vec<Held> {
    let mut reasons = Vec::new();
    if let ConsentForm::Teller { given: false, .. } = meta.consent {
        reasons.push(Held::NoConsent);
    }
    if !meta.scope.iter().any(|s| s.trim() == "site") {
        reasons.push(Held::NotForSite);
    }
    match &meta.review_by {
        None => reasons.push(Held::NoReviewDate),
        Some((date, _)) if *date < today => reasons.push(Held::ReviewPassed(*date)),
        Some(_) => {}
    }
    if meta.anonymisation != Anonymisation::Reviewed {
        reasons.push(Held::NotReviewed);
        return reasons;
    }
    let review = &meta.review;
    match (&review.by, &review.on, &review.hash) {
        (Some((by, _)), Some((on, _)), Some((hash, _))) => {
            if *hash != fingerprint(file) {
                reasons.push(Held::Changed {
                    on: *on,
                    by: by.clone(),
                });
            }
        }
        _ => reasons.push(Held::Unsigned(review.missing())),
    }
    reasons
}

/// Why a story may not be published today ([`held_reasons`], in words);
/// `None` when it may.
pub fn held_back(file: &SourceFile, meta: &StoryMeta, today: time::Date) -> Option<String> {
    let reasons: Vec<String> = held_reasons(file, meta, today)
        .iter()
        .map(Held::to_string)
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// The fingerprint of a story's text as its review saw it: the first 16
/// hex digits of the SHA-256 of its title, summary and markdown body
/// (what the identifier scan reads), line endings made `\n`. The front
/// matter's other keys — the review's own among them — are no part of it,
/// so signing a review does not change what was signed.
pub fn fingerprint(file: &SourceFile) -> String {
    let body = file.text.get(file.body_start..).unwrap_or("");
    fingerprint_of(&file.front.title, file.front.summary.as_deref(), body)
}

/// [`fingerprint`] of a title, summary and body.
pub fn fingerprint_of(title: &str, summary: Option<&str>, body: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
    let mut hash = Sha256::new();
    for (name, part) in [
        ("title", normal(title.trim())),
        ("summary", normal(summary.unwrap_or("").trim())),
        ("body", normal(body)),
    ] {
        // Each part's length first, so no text can pass for another split.
        hash.update(format!("{name} {}\n", part.len()));
        hash.update(part.as_bytes());
    }
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::load::{FrontMatter, Kind, Review};

    fn file(body: &str) -> SourceFile {
        let text = format!("---\ntitle: T\n---\n{body}");
        SourceFile {
            path: "content/stories/s.md".into(),
            rel: "stories/s.md".into(),
            body_start: text.len() - body.len(),
            text,
            front: FrontMatter {
                title: "T".into(),
                ..FrontMatter::default()
            },
            kind: Kind::Page,
        }
    }

    fn meta(file: &SourceFile) -> StoryMeta {
        let at = Location::file("s.md");
        StoryMeta {
            consent: ConsentForm::Teller {
                given: true,
                at: at.clone(),
            },
            scope: vec!["site".into()],
            review_by: Some((time::macros::date!(2027 - 09 - 01), at.clone())),
            anonymisation: Anonymisation::Reviewed,
            review: Review {
                by: Some(("induct course team".into(), at.clone())),
                on: Some((time::macros::date!(2026 - 11 - 02), at.clone())),
                hash: Some((fingerprint(file), at)),
            },
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
        let f = file("The text.\n");
        let today = time::macros::date!(2026 - 11 - 23);
        assert_eq!(held_back(&f, &meta(&f), today), None);
        assert_eq!(
            held_back(&f, &meta(&f), time::macros::date!(2027 - 09 - 01)),
            None,
            "published on its review date"
        );
        let late = held_back(&f, &meta(&f), time::macros::date!(2027 - 09 - 02)).unwrap();
        assert!(late.contains("2027-09-01"), "{late}");
        let mut m = meta(&f);
        m.consent = ConsentForm::Teller {
            given: false,
            at: Location::file("s.md"),
        };
        m.scope = vec!["print".into()];
        m.anonymisation = Anonymisation::Draft;
        m.review_by = None;
        let all = held_back(&f, &m, today).unwrap();
        assert_eq!(all.matches("; ").count(), 3, "{all}");
    }

    #[test]
    fn a_composite_needs_no_teller_but_everything_else() {
        let f = file("The text.\n");
        let today = time::macros::date!(2026 - 11 - 23);
        let mut m = meta(&f);
        m.composite = true;
        m.consent = ConsentForm::Composite;
        assert_eq!(held_reasons(&f, &m, today), []);
        m.review_by = None;
        m.anonymisation = Anonymisation::Draft;
        assert_eq!(
            held_reasons(&f, &m, today),
            [Held::NoReviewDate, Held::NotReviewed]
        );
        let mut m = meta(&f);
        m.composite = true;
        m.consent = ConsentForm::Composite;
        m.scope = vec!["print".into()];
        assert_eq!(held_reasons(&f, &m, today), [Held::NotForSite]);
        let changed = file("The text, changed.\n");
        m.scope = vec!["site".into()];
        assert!(matches!(
            held_reasons(&changed, &m, today).as_slice(),
            [Held::Changed { .. }]
        ));
    }

    #[test]
    fn a_review_is_signed_and_holds_for_the_text_reviewed() {
        let f = file("The text.\n");
        let today = time::macros::date!(2026 - 11 - 23);
        let mut m = meta(&f);
        m.review.by = None;
        m.review.hash = None;
        assert_eq!(
            held_reasons(&f, &m, today),
            [Held::Unsigned(vec!["reviewed_by", "reviewed_hash"])]
        );
        let changed = file("The text, changed.\n");
        assert_eq!(
            held_reasons(&changed, &meta(&f), today),
            [Held::Changed {
                on: time::macros::date!(2026 - 11 - 02),
                by: "induct course team".into()
            }]
        );
    }

    #[test]
    fn the_fingerprint_ignores_line_endings_and_other_keys() {
        let unix = fingerprint_of("T", Some("S"), "One.\n\nTwo.\n");
        assert_eq!(unix.len(), 16);
        assert!(unix.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            unix,
            fingerprint_of(" T ", Some("S"), "One.\r\n\r\nTwo.\r\n")
        );
        assert_ne!(unix, fingerprint_of("T", Some("S"), "One.\n\nTwo!\n"));
        assert_ne!(unix, fingerprint_of("T", None, "One.\n\nTwo.\n"));
        assert_ne!(unix, fingerprint_of("TS", None, "One.\n\nTwo.\n"));
        // The front matter beyond the title and summary is no part of it.
        let a = file("Body.\n");
        let mut b = file("Body.\n");
        b.text = "---\ntitle: T\nreviewed_hash: 0123456789abcdef\n---\nBody.\n".into();
        b.body_start = b.text.len() - "Body.\n".len();
        assert_eq!(fingerprint(&a), fingerprint(&b));
    }
}
