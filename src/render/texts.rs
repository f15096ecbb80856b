//! The markdown the render stage reads: each page's text, borrowed from
//! the [`Sources`] that outlive the build (the preview keeps them for the
//! next save; `check` reads them after rendering), or handed over by
//! `build`, which needs a file's text no more once every page made from it
//! is rendered.
//!
//! Handed over ([`Texts::hand_over`]), each file's text is freed as soon as
//! the last page that reads it has rendered, so a large site's markdown is
//! not all held until the last page is done: at 10,000 pages it is the
//! largest thing the build holds. What is read, and so what is rendered,
//! is the same either way.

use std::sync::Mutex;

use crate::load::{SourceFile, Sources};
use crate::model::Site;

/// Where [`super::render_site`] reads each page's markdown.
pub struct Texts<'a> {
    sources: &'a Sources,
    /// Each file's text and how many pages are still to read it, when
    /// `build` handed them over (the texts in `sources` are then empty).
    handed: Option<&'a Handed>,
}

/// The texts of the sources' files, taken out of them by
/// [`Texts::hand_over`] for one render of the site.
pub struct Handed {
    files: Vec<Mutex<Left>>,
}

/// One file's text and the pages still to read it.
struct Left {
    text: String,
    readers: usize,
}

impl<'a> Texts<'a> {
    /// The texts as `sources` hold them, none freed.
    pub fn borrowed(sources: &'a Sources) -> Texts<'a> {
        Texts {
            sources,
            handed: None,
        }
    }

    /// Takes every file's text out of `sources`, leaving it empty: each is
    /// freed once the pages of `site.order` made from it have been read
    /// (once each, as [`super::render_site`] renders them), and a text no
    /// page reads is freed now. Only for a render after which nothing
    /// reads `sources`' texts.
    pub fn hand_over(sources: &mut Sources, site: &Site) -> Handed {
        let mut readers = vec![0; sources.files.len()];
        for &page in &site.order {
            if let Some(count) = site.pages[page].source.and_then(|s| readers.get_mut(s)) {
                *count += 1;
            }
        }
        let files = sources
            .files
            .iter_mut()
            .zip(readers)
            .map(|(file, readers)| {
                let text = std::mem::take(&mut file.text);
                Mutex::new(Left {
                    text: if readers == 0 { String::new() } else { text },
                    readers,
                })
            })
            .collect();
        Handed { files }
    }

    /// Reads the texts `handed` took from `sources`.
    pub fn handed(sources: &'a Sources, handed: &'a Handed) -> Texts<'a> {
        Texts {
            sources,
            handed: Some(handed),
        }
    }

    /// The sources the texts are of.
    pub fn sources(&self) -> &'a Sources {
        self.sources
    }

    /// Calls `f` with file `index` of the sources and its text, for one of
    /// the pages made from it (`None` when there is no such file). Handed
    /// over, the text is freed after the last of its pages.
    pub fn read<R>(&self, index: usize, f: impl FnOnce(&SourceFile, &str) -> R) -> Option<R> {
        let file = self.sources.files.get(index)?;
        let Some(handed) = self.handed else {
            return Some(f(file, &file.text));
        };
        let slot = handed.files.get(index)?;
        // A page that panicked while rendering leaves the text as it was.
        let mut left = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let read = f(file, &left.text);
        left.readers = left.readers.saturating_sub(1);
        if left.readers == 0 {
            left.text = String::new();
        }
        Some(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::file;

    /// A course of a home page, a module and a draft, and its site as
    /// `build` models it (the draft left out of the reading order).
    fn course() -> (Sources, Site) {
        let mut draft = file("modules/draft.md", "D", "Not yet.\n");
        draft.front.draft = true;
        let sources = Sources {
            files: vec![
                file("index.md", "Home", "Hello.\n"),
                file("modules/a.md", "A", "Some text.\n"),
                draft,
            ],
            ..Sources::default()
        };
        let mut site = Site::new(&sources, "C", time::macros::date!(2026 - 11 - 23), false);
        site.scan_all(&sources, None);
        (sources, site)
    }

    fn index(sources: &Sources, rel: &str) -> usize {
        sources.files.iter().position(|f| f.rel == rel).unwrap()
    }

    #[test]
    fn a_handed_text_is_read_as_it_was_and_freed_after_its_last_page() {
        let (mut sources, site) = course();
        let a = index(&sources, "modules/a.md");
        let before = sources.files[a].text.clone();
        let handed = Texts::hand_over(&mut sources, &site);
        assert!(sources.files.iter().all(|f| f.text.is_empty()));
        let texts = Texts::handed(&sources, &handed);
        let read = texts.read(a, |file, text| (file.rel.clone(), text.to_string()));
        assert_eq!(read, Some(("modules/a.md".to_string(), before)));
        // Its one page has read it: it is gone.
        assert_eq!(texts.read(a, |_, text| text.len()), Some(0));
        assert_eq!(texts.read(99, |_, text| text.len()), None);
    }

    #[test]
    fn a_text_no_page_reads_is_freed_at_once_and_borrowed_texts_never_are() {
        let (mut sources, site) = course();
        let draft = index(&sources, "modules/draft.md");
        assert!(!site
            .order
            .iter()
            .any(|&p| site.pages[p].source == Some(draft)));
        let borrowed = Texts::borrowed(&sources);
        for _ in 0..2 {
            assert_eq!(
                borrowed.read(draft, |_, text| text.contains("Not yet.")),
                Some(true)
            );
        }
        let handed = Texts::hand_over(&mut sources, &site);
        let texts = Texts::handed(&sources, &handed);
        assert_eq!(texts.read(draft, |_, text| text.len()), Some(0));
    }
}
