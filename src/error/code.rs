//! Diagnostic codes: the stable, machine-readable name of each kind of
//! problem, as `check --format json` prints it in `code`.
//!
//! One variant per code. Its doc comment says what it catches, and is the
//! description in the guide's list of codes (see [`Code::list`]), so the
//! variant's `///` line is written for course authors. `as_str` gives the
//! kebab-case name; a name, once published, never changes.

use strum::{EnumMessage, IntoEnumIterator};

use super::Severity;

/// What a diagnostic is about. See the guide's list of codes
/// (`guide/content/15-diagnostics.md`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumMessage,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    // The course and its files.
    /// `book.toml` is missing, cannot be parsed, has an unknown or mistyped
    /// key, or a value that cannot be used (title, language, base_url, theme,
    /// quick_exit, output folder).
    Config,
    /// A file, or a file name, that is not valid UTF-8.
    Encoding,
    /// A file or folder of the course that cannot be read.
    Read,
    /// The course has no `content/` folder.
    NoContent,
    /// A symbolic link in `content/` that leads out of the course: it is left out.
    LinkOutsideCourse,
    /// A symbolic link in `content/` that points to nothing: it is left out.
    LinkToNothing,
    /// A symbolic link in `content/` that leads back to a folder it is in: it is left out.
    LinkLoop,
    /// `support.yaml` cannot be read as a list of services, or a service in
    /// it is incomplete, repeats an id, has an empty `owner`, a `checked` or
    /// `check_by` that is not a date, a `check_by` not after `checked`, or a
    /// `checked` after today.
    Support,
    /// A service's details are due to be verified again: its `check_by` is
    /// at most 30 days away.
    SupportCheckDue,
    /// A service's `check_by` has passed: its details must be verified again
    /// before the site is built (a warning in the preview).
    SupportCheckOverdue,
    /// A service (not a placeholder) without `owner`, `checked` or
    /// `check_by`: nothing says who keeps its details right or when they
    /// were verified.
    SupportUnchecked,
    /// A service that is an example for a deanery to replace
    /// (`placeholder: true`), naming each of its `REPLACE:` values: a
    /// warning, an error when publishing (`--publish`, `[site] publish`);
    /// a `REPLACE:` value in a service not marked `placeholder: true` is
    /// always an error.
    SupportPlaceholder,

    // Pages.
    /// Front matter that is missing, never closed, not `key: value` lines or
    /// nested too deeply; an unknown, missing or mistyped key; an empty
    /// title or a `review_by` that is not a date.
    FrontMatter,
    /// A file or folder name with no letter or digit to make a URL from.
    BadName,
    /// Two pages that would be published at the same URL.
    UrlConflict,
    /// The home page is a draft, so nothing is published.
    DraftHome,
    /// An interruption page (`interruption: true`) with no page after it
    /// in reading order for its "Continue" link, or on the home page
    /// (which is never one).
    Interruption,

    // Links and anchors.
    /// A link or image to a page or file that does not exist, an image that
    /// points at a page, or a link that climbs out of `content/`.
    BrokenLink,
    /// A link to a heading id that the page it points at does not have.
    BrokenAnchor,
    /// An image on another website, which every reader's browser would contact.
    ExternalResource,
    /// A link to a draft, or to a file inside a draft folder, which is not published.
    LinkToDraft,
    /// A link to a story that is held back: it is shown as plain text.
    LinkToHeldBack,
    /// A link in raw HTML, which induct neither checks nor rewrites.
    RawHtmlLink,
    /// Two headings of one page with the same id.
    DuplicateAnchor,
    /// A heading id that induct keeps for footnotes, for the page itself or
    /// for ids it makes (`induct-…`).
    ReservedAnchor,
    /// A footnote defined twice on one page.
    DuplicateFootnote,
    /// A code block in a language induct cannot highlight: it is shown plain.
    UnknownLanguage,

    // Addresses.
    /// An `aliases` entry (an old address) that cannot be an address, is
    /// declared twice, or is a page's address or a file of the course now.
    Alias,
    /// An `anchor_aliases` entry (an old heading or step id) that cannot be
    /// an id, is still an id of the page, or leads to no heading or step.
    AnchorAlias,
    /// A `short` link whose name cannot be used, that is declared twice, or
    /// that leads to no page or heading.
    ShortLink,
    /// A page or file at an address where induct writes something of its
    /// own (`links/`, `go/`, `search/`, a module's printable version).
    ReservedAddress,
    /// A file of the course that would overwrite a file induct generates.
    OutputConflict,
    /// A line of `links.lock` that is not an address of the site.
    LinksLock,
    /// An address in `links.lock` that would stop working: its page or
    /// heading is gone.
    LinkLost,
    /// An address in `links.lock` that is not published now (a held-back
    /// story, or a listing with nothing published in it); it works again
    /// once it is.
    LinkWithdrawn,
    /// `base_url` is not set, so canonical links and the sitemap point at a
    /// placeholder address.
    NoBaseUrl,

    // Themes.
    /// A template that cannot be parsed or rendered, or templates that use
    /// one another in a loop or too deeply.
    Template,

    // Scenarios.
    /// A scenario without steps.
    ScenarioNoSteps,
    /// A step heading that cannot make an id fit for a web address.
    ScenarioStepId,
    /// A step id that is reserved for the scenario's facilitator page.
    ScenarioReservedStep,
    /// Two steps of one scenario with the same id.
    ScenarioDuplicateStep,
    /// `start:` names no step of the scenario.
    ScenarioStart,
    /// A choice that leads to no step of the scenario.
    ScenarioBrokenChoice,
    /// A step that no path from the start reaches.
    ScenarioUnreachable,
    /// A scenario without an ending: every step has choices.
    ScenarioNoEnding,
    /// A step from which no ending can be reached.
    ScenarioTrap,
    /// A step's last list whose items do not all start with a link to a
    /// step: it is shown as an ordinary list, not as choices.
    ScenarioNotChoices,

    // Stories.
    /// A story that is held back and not published (consent, review date or anonymisation).
    StoryHeldBack,
    /// A story whose text (title, summary or body) changed after its
    /// signed review: held back until someone reviews it again.
    StoryChangedSinceReview,
    /// `consent: basis: composite` on a story that is not marked
    /// `composite: true`, or written with `given`: the composite form is
    /// for a composite alone, which has no teller to consent.
    ConsentBasis,
    /// A composite story (`composite: true`) whose consent says `given`:
    /// nobody could give it, so write `consent: basis: composite` (or, if
    /// it is one person's story, drop `composite: true`).
    CompositeConsentGiven,
    /// A story's theme that names no page of the course (an error), or a page
    /// that is not published (a warning).
    StoryTheme,
    /// `INDUCT_TODAY` is set: stories' consent and the support directory's
    /// check dates are judged as on that date.
    TodayOverridden,
    /// Something in a story that may be a personal name: an error once the
    /// story's anonymisation is `reviewed`, a warning while it is a draft
    /// (and likewise for every `identifier-…` code).
    IdentifierName,
    /// Something in a story that may be a named place (a hospital, ward, town).
    IdentifierPlace,
    /// Something in a story that may be a specific date.
    IdentifierDate,
    /// Something in a story that may be an age.
    IdentifierAge,
    /// Something in a story that may be a phone number.
    IdentifierPhone,
    /// Something in a story that may be an email address.
    IdentifierEmail,
    /// Something in a story that may be a postcode.
    IdentifierPostcode,
    /// Something in a story that may be an NHS number.
    IdentifierNhsNumber,
    /// Something in a story that may be a GMC number.
    IdentifierGmcNumber,
    /// Something in a story that may be a web address.
    IdentifierUrl,
    /// Something in a story that may be a social media or forum handle.
    IdentifierHandle,
    /// Something in a story that may be a vehicle registration.
    IdentifierVehicleRegistration,
    /// Something in a story that may be a staff, badge or employee number.
    IdentifierStaffNumber,
    /// Something in a story that may be a bleep or phone extension number.
    IdentifierBleepNumber,
    /// Something in a story that may be a rota line number.
    IdentifierRotaLine,

    // The command itself.
    /// The command cannot do what it was asked (e.g. DIR is not a course); exit code 2.
    Usage,
    /// Reading or writing failed for a reason other than the course's
    /// content (the message names the path).
    Io,
    /// Writing the built site failed.
    Write,
}

impl Code {
    /// The code's stable kebab-case name, e.g. `broken-link`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The severities the code is reported with: most codes always have
    /// one; a story's theme and its possible identifiers can have either.
    pub fn severities(self) -> &'static [Severity] {
        use Code::*;
        match self {
            StoryTheme
            | IdentifierName
            | IdentifierPlace
            | IdentifierDate
            | IdentifierAge
            | IdentifierPhone
            | IdentifierEmail
            | IdentifierPostcode
            | IdentifierNhsNumber
            | IdentifierGmcNumber
            | IdentifierUrl
            | IdentifierHandle
            | IdentifierVehicleRegistration
            | IdentifierStaffNumber
            | IdentifierBleepNumber
            | IdentifierRotaLine => &[Severity::Error, Severity::Warning],
            LinkOutsideCourse
            | LinkToNothing
            | LinkLoop
            | DraftHome
            | Interruption
            | LinkToDraft
            | LinkToHeldBack
            | RawHtmlLink
            | UnknownLanguage
            | LinkWithdrawn
            | NoBaseUrl
            | ScenarioNotChoices
            | StoryHeldBack
            | StoryChangedSinceReview
            | CompositeConsentGiven
            | TodayOverridden
            | SupportCheckDue
            | SupportUnchecked => &[Severity::Warning],
            SupportCheckOverdue | SupportPlaceholder => &[Severity::Error, Severity::Warning],
            _ => &[Severity::Error],
        }
    }

    /// What the code catches: its doc comment, on one line.
    pub fn description(self) -> String {
        self.get_documentation()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every code, in the order of the guide's list.
    pub fn all() -> impl Iterator<Item = Code> {
        Code::iter()
    }

    /// The guide's list of codes (a markdown list, one item per code: the
    /// code, its severity and what it catches), made from the variants and
    /// their docs. A list rather than a table, so it reads on a phone.
    pub fn list() -> String {
        let mut out = String::new();
        for code in Code::all() {
            let severity = code
                .severities()
                .iter()
                .map(|s| match s {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                })
                .collect::<Vec<_>>()
                .join(" or ");
            out.push_str(&format!(
                "- `{}` ({severity}): {}\n",
                code.as_str(),
                code.description()
            ));
        }
        out
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = "<!-- codes:start -->\n";
    const END: &str = "<!-- codes:end -->";

    /// The guide's page of diagnostics, which holds the list of codes.
    const GUIDE_PAGE: &str = "guide/content/15-diagnostics.md";

    /// `page` with the text between the markers replaced by `Code::list()`.
    fn with_list(page: &str) -> String {
        let start = page
            .find(START)
            .expect("the guide's diagnostics page has `<!-- codes:start -->`")
            + START.len();
        let end = page
            .find(END)
            .expect("the guide's diagnostics page has `<!-- codes:end -->`");
        assert!(start <= end, "the codes markers are out of order");
        format!("{}{}{}", &page[..start], Code::list(), &page[end..])
    }

    /// The guide's list of codes is the one the variants make. To update
    /// it after changing a code: `UPDATE_GUIDE=1 cargo test guide_codes`.
    #[test]
    fn guide_codes_are_the_enum() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GUIDE_PAGE);
        let page = std::fs::read_to_string(&path).unwrap();
        let wanted = with_list(&page);
        if std::env::var_os("UPDATE_GUIDE").is_some() {
            std::fs::write(&path, &wanted).unwrap();
        } else {
            assert!(
                page == wanted,
                "{GUIDE_PAGE}'s list of codes is out of date: run `UPDATE_GUIDE=1 cargo test guide_codes`"
            );
        }
    }

    #[test]
    fn the_list_has_every_code_once() {
        let list = Code::list();
        for code in Code::all() {
            let item = format!("- `{code}` (");
            assert_eq!(list.matches(&item).count(), 1, "{code}");
        }
        assert!(list.contains("- `story-theme` (error or warning): "));
        assert!(list.contains("- `link-to-draft` (warning): "));
        assert!(list.contains("- `broken-link` (error): "));
    }

    #[test]
    fn names_are_kebab_case_and_distinct() {
        let names: Vec<&str> = Code::all().map(Code::as_str).collect();
        let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(Code::BrokenLink.as_str(), "broken-link");
        assert_eq!(Code::IdentifierNhsNumber.as_str(), "identifier-nhs-number");
        assert_eq!(Code::Io.as_str(), "io");
    }

    #[test]
    fn every_code_is_described() {
        for code in Code::all() {
            assert!(!code.description().is_empty(), "{code} has no doc comment");
        }
    }
}
