//! Check: `links.lock`, the record of every address the site has ever
//! published. A line the site no longer has is an error naming it and its
//! likely new home (or a warning, for a story held back from publication);
//! a link the record lacks is added by `build`.
//!
//! Input: the complete [`Site`] (its links and redirects) and the text of
//! `links.lock`, read through [`crate::fs`]. Output: diagnostics and the
//! lines the record should hold.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Code, Diagnostic, Location};
use crate::model::permalinks::{page_link, Permalink, Redirect, HOME, LOCK_FILE};
use crate::model::{PageKind, Site};

/// What comparing the site with `links.lock` found.
#[derive(Debug, Default)]
pub struct LockCheck {
    /// Links of the site that `links.lock` lacks, sorted.
    pub added: Vec<String>,
    /// Every line `links.lock` should hold after this build, sorted
    /// (empty when nothing is added).
    pub lines: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

/// Compares the site's links with `links.lock` at `root` (missing: an empty
/// record). A line the site no longer has is an error naming it and its
/// likely new home, except for a story held back from publication, which
/// is a warning (the line is kept for when it is published again).
pub fn check_lock(
    root: &Path,
    site: &Site,
    links: &[Permalink],
    redirects: &[Redirect],
) -> LockCheck {
    let text = match crate::fs::read_text_if_there(&root.join(LOCK_FILE), LOCK_FILE) {
        Ok(text) => text.unwrap_or_default(),
        Err(problem) => {
            return LockCheck {
                problems: vec![problem],
                ..LockCheck::default()
            }
        }
    };
    check_lock_text(&text, site, links, redirects)
}

/// [`check_lock`] on the text of `links.lock`.
pub fn check_lock_text(
    text: &str,
    site: &Site,
    links: &[Permalink],
    redirects: &[Redirect],
) -> LockCheck {
    let mut problems = Vec::new();
    // The site's addresses and the record are compared sorted, in one
    // pass: a course of 10,000 pages has over 100,000 of them.
    let mut present: Vec<&str> = links.iter().map(|l| l.link.as_str()).collect();
    present.sort_unstable();
    present.dedup();
    let redirect_to: HashMap<&str, usize> = redirects
        .iter()
        .filter(|r| r.held.is_none())
        .map(|r| (r.from.as_str(), r.to))
        .collect();
    let held_at: HashMap<&str, (&str, &str)> = redirects
        .iter()
        .filter_map(|r| {
            Some((
                r.from.as_str(),
                (site.pages[r.to].path.as_str(), r.held.as_deref()?),
            ))
        })
        .collect();
    let mut locked: Vec<(usize, &str)> = Vec::new();
    // Windows editors may begin the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim();
        let col = raw.len() - raw.trim_start().len() + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !is_lock_line(line) {
            problems.push(
                Diagnostic::error(
                    Code::LinksLock,
                    Some(Location::at(LOCK_FILE, i + 1, col)),
                    format!("`{line}` is not an address of the site"),
                )
                .with_help("each line is an address relative to base_url, such as `modules/first-weeks/` or `modules/first-weeks/#who-to-call`"),
            );
            continue;
        }
        locked.push((i + 1, line));
    }
    let mut recorded: Vec<&str> = locked.iter().map(|(_, l)| *l).collect();
    recorded.sort_unstable();
    recorded.dedup();
    let (mut gone, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let (mut r, mut p) = (recorded.iter().peekable(), present.iter().peekable());
    loop {
        match (r.peek(), p.peek()) {
            (Some(x), Some(y)) if x == y => {
                r.next();
                p.next();
            }
            (Some(x), Some(y)) if x < y => gone.extend(r.next()),
            (Some(_), None) => gone.extend(r.next()),
            (_, Some(_)) => added.extend(p.next()),
            (None, None) => break,
        }
    }
    let gone: HashSet<&str> = gone.into_iter().collect();
    // Which addresses are new matters only to suggestions, when one is lost.
    let locked_set: HashSet<&str> = if gone.is_empty() {
        HashSet::new()
    } else {
        recorded.iter().copied().collect()
    };

    // The page each locked address now reaches, through a redirect if need be.
    let page_at = |path: &str| -> Option<usize> {
        let url = if path == HOME { "" } else { path };
        match site.by_url.get(url) {
            Some(&p) if site.pages[p].published => Some(p),
            _ => redirect_to.get(path).copied(),
        }
    };
    // Lost pages, each with its lost anchors, in file order.
    let mut lost_pages: Vec<(usize, &str, Vec<&str>)> = Vec::new();
    let mut known = Known::default();
    // Where each lost page is in `lost_pages`.
    let mut lost_at: HashMap<&str, usize> = HashMap::new();
    for &(line, link) in locked.iter().filter(|(_, l)| gone.contains(l)) {
        let (path, anchor) = match link.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (link, None),
        };
        let at = Location::at(LOCK_FILE, line, 1);
        if let Some(p) = page_at(path) {
            let Some(anchor) = anchor else { continue };
            if site.pages[p].anchors.contains(anchor) {
                continue;
            }
            problems.push(lost_anchor(
                site,
                p,
                path,
                anchor,
                at,
                &locked_set,
                &mut known,
            ));
            continue;
        }
        if let Some((story, why)) = held_at.get(path) {
            problems.push(
                Diagnostic::warning(
                    Code::LinkWithdrawn,
                    Some(at.clone()),
                    format!("`{link}` is not published now: it leads to {story}, which is held back ({why})"),
                )
                .with_help("the address works again once the story is published; to retire it for good, delete its line from links.lock"),
            );
            continue;
        }
        if let Some(d) = withdrawn(site, path, link, &at) {
            problems.push(d);
            continue;
        }
        match lost_at.get(path) {
            Some(&i) => lost_pages[i].2.extend(anchor),
            None => {
                lost_at.insert(path, lost_pages.len());
                lost_pages.push((line, path, anchor.into_iter().collect()));
            }
        }
    }
    // A lost address under another lost one (a scenario's steps, the pages
    // of a renamed folder) is told with it.
    let mut under: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut tops = Vec::new();
    for (line, path, anchors) in &lost_pages {
        let top = path
            .match_indices('/')
            .map(|(j, _)| &path[..=j])
            .find(|above| above != path && lost_at.contains_key(above));
        match top {
            Some(above) => under.entry(above).or_default().push(path),
            None => tops.push((*line, *path, anchors.as_slice())),
        }
    }
    for (line, path, anchors) in tops {
        problems.push(lost_page(
            site,
            path,
            anchors,
            under.get(path).map_or(&[], Vec::as_slice),
            Location::at(LOCK_FILE, line, 1),
            &locked_set,
            &mut known,
        ));
    }

    // Only an address of the form links.lock reads back is recorded.
    added.retain(|l| is_lock_line(l));
    // The whole record is needed only when it changes.
    let lines = if added.is_empty() {
        Vec::new()
    } else {
        let mut all: Vec<String> = recorded
            .iter()
            .chain(&added)
            .map(|l| l.to_string())
            .collect();
        all.sort_unstable();
        all
    };
    LockCheck {
        added: added.into_iter().map(str::to_string).collect(),
        lines,
        problems,
    }
}

/// Whether `line` has the form of an address in `links.lock`.
fn is_lock_line(line: &str) -> bool {
    let (path, anchor) = match line.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (line, None),
    };
    let path_ok = path == HOME
        || ((path.ends_with('/') || path.ends_with(".html") || path.ends_with(".htm"))
            && !path.starts_with('/')
            && !path.contains("//")
            && !path.contains("://")
            && !path.split('/').any(|seg| seg == "." || seg == ".."));
    path_ok
        && !line.chars().any(char::is_whitespace)
        && anchor.is_none_or(|a| !a.is_empty() && !a.contains('#'))
}

/// The address of a held-back story, or of a generated listing with
/// nothing published in it now (the stories' listing when every story is
/// held back): a warning, not a loss. Consent lapses on a date, with no
/// change to the course, and must never make a build fail.
fn withdrawn(site: &Site, path: &str, link: &str, at: &Location) -> Option<Diagnostic> {
    let url = if path == HOME { "" } else { path };
    let &p = site.by_url.get(url)?;
    let page = &site.pages[p];
    let why = match (&page.held, page.source) {
        (Some(reason), _) => format!("{} is held back ({reason})", page.path),
        (None, None) if !page.published => {
            format!("nothing in {} is published now", page.path)
        }
        _ => return None,
    };
    Some(
        Diagnostic::warning(
            Code::LinkWithdrawn,
            Some(at.clone()),
            format!("`{link}` is not published now: {why}"),
        )
        .with_help("the address works again once what it shows is published; to retire it for good, delete its lines from links.lock"),
    )
}

/// What the suggestions for lost addresses compare with, each gathered the
/// first time it is needed and then kept: a links.lock can lose thousands
/// of lines at once, and gathering it again for each would cost lines ×
/// site.
/// The site lives for `'s`, the text of links.lock for `'l`.
#[derive(Default)]
struct Known<'s, 'l> {
    /// The site's pages by address and by title: the new ones, and all.
    pages: Option<(Candidates<'l, usize>, Candidates<'l, usize>)>,
    /// Each page's headings by id and by text.
    headings: HashMap<usize, HeadingKeys<'s, 'l>>,
    /// Each scenario page's step ids: the new ones, and all.
    steps: HashMap<usize, (Candidates<'l, &'s str>, Candidates<'l, &'s str>)>,
}

/// A page's headings by id and by text: the new ones (links.lock lacks
/// them), all, and the new one if it is the only one.
struct HeadingKeys<'s, 'l> {
    fresh: Candidates<'l, &'s crate::model::Heading>,
    all: Candidates<'l, &'s crate::model::Heading>,
    only: Option<&'s crate::model::Heading>,
}

/// Candidates for a suggestion, each under the key it is compared by,
/// taken apart once (its words, its letters) so that comparing a lost
/// line with one allocates nothing, and skipping one that cannot be alike
/// costs a pass over its letters. The answer for each word is kept: many
/// lost lines end in the same word (`old/a/intro/`, `old/b/intro/`).
struct Candidates<'l, T> {
    keys: Vec<Key>,
    items: Vec<T>,
    /// The best for each word of links.lock asked for so far.
    answers: HashMap<&'l str, Option<usize>>,
}

impl<'l, T: Copy> Candidates<'l, T> {
    fn new(candidates: impl IntoIterator<Item = (String, T)>) -> Self {
        let (keys, items) = candidates
            .into_iter()
            .map(|(key, item)| (Key::new(key), item))
            .unzip();
        Candidates {
            keys,
            items,
            answers: HashMap::new(),
        }
    }

    /// The candidates, in the order they were given.
    fn items(&self) -> &[T] {
        &self.items
    }

    /// The candidate whose key is most like `word`, if any is like it at
    /// all (at least 0.7 by [`Key::similarity`]); of equally good ones, the
    /// last.
    fn best(&mut self, word: &'l str) -> Option<T> {
        if let Some(&answer) = self.answers.get(word) {
            return answer.map(|i| self.items[i]);
        }
        let lost = Key::new(word.to_string());
        let mut best: Option<(f64, usize)> = None;
        for (i, key) in self.keys.iter().enumerate() {
            let Some(score) = lost.similarity(key) else {
                continue;
            };
            if score >= 0.7 && best.is_none_or(|(most, _)| score >= most) {
                best = Some((score, i));
            }
        }
        let answer = best.map(|(_, i)| i);
        self.answers.insert(word, answer);
        answer.map(|i| self.items[i])
    }
}

/// An id or slug taken apart for [`Key::similarity`].
struct Key {
    text: String,
    /// Its words longer than two bytes, sorted, each once.
    words: Vec<String>,
    /// Its letters, sorted.
    letters: Vec<char>,
}

impl Key {
    fn new(text: String) -> Self {
        let mut words: Vec<String> = words(&text).map(str::to_string).collect();
        words.sort_unstable();
        words.dedup();
        let mut letters: Vec<char> = text.chars().collect();
        letters.sort_unstable();
        Key {
            text,
            words,
            letters,
        }
    }

    /// How alike two ids or slugs are, from 0 to 1: the better of their
    /// spelling (Jaro–Winkler) and the words they share. None when it is
    /// certainly below 0.7, found without comparing their spelling: they
    /// share no word, and Jaro–Winkler reaches 0.7 only if Jaro does,
    /// which is at most (m/|a| + m/|b| + 1) / 3, where the m letters
    /// matched are at most the letters the two have in common.
    fn similarity(&self, other: &Key) -> Option<f64> {
        let shared = common(&self.words, &other.words);
        if shared == 0 {
            let (a, b) = (self.letters.len(), other.letters.len());
            let m = common(&self.letters, &other.letters);
            if 10 * m * (a + b) < 11 * a * b {
                return None;
            }
        }
        let spelling = strsim::jaro_winkler(&self.text, &other.text);
        if shared == 0 {
            return Some(spelling);
        }
        let most = self.words.len().max(other.words.len()) as f64;
        Some(spelling.max(0.7 + 0.3 * shared as f64 / most))
    }
}

/// The words of an id or slug that [`Key::similarity`] compares: those
/// longer than two bytes.
fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split('-').filter(|w| w.len() > 2)
}

/// How many items two sorted lists have in common, each counted as often
/// as it is in both.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The error for a locked anchor that page `p` (at `path`, or reached
/// through a redirect from it) no longer has.
fn lost_anchor<'s, 'l>(
    site: &'s Site,
    p: usize,
    path: &str,
    anchor: &'l str,
    at: Location,
    locked: &HashSet<&str>,
    known: &mut Known<'s, 'l>,
) -> Diagnostic {
    let page = &site.pages[p];
    let d = Diagnostic::error(
        Code::LinkLost,
        Some(at),
        format!(
            "`{path}#{anchor}` would break: {} has no heading with id `{anchor}` now",
            page.path
        ),
    );
    // New headings first: a renamed heading is one links.lock lacks. Each
    // is compared by its id and by its text; a page with a single new
    // heading suggests it whatever its name.
    let keys = known.headings.entry(p).or_insert_with(|| {
        let base = page_link(&page.url);
        let fresh: Vec<&crate::model::Heading> = page
            .scan
            .headings
            .iter()
            .filter(|h| !locked.contains(format!("{base}#{}", h.id).as_str()))
            .collect();
        fn by_both<'h, 'l>(
            hs: &[&'h crate::model::Heading],
        ) -> Candidates<'l, &'h crate::model::Heading> {
            Candidates::new(
                hs.iter()
                    .flat_map(|&h| [(h.id.clone(), h), (crate::model::anchors::slug(&h.text), h)]),
            )
        }
        let all: Vec<&crate::model::Heading> = page.scan.headings.iter().collect();
        HeadingKeys {
            fresh: by_both(&fresh),
            all: by_both(&all),
            only: match fresh.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        }
    });
    let best = keys
        .fresh
        .best(anchor)
        .or_else(|| keys.all.best(anchor))
        .or(keys.only);
    let retire =
        format!("or, to retire the link on purpose, delete line `{path}#{anchor}` from links.lock");
    // In a scenario, anchor_aliases renames steps: pin the heading instead.
    if matches!(page.kind, PageKind::Scenario { .. } | PageKind::Step { .. }) {
        return d.with_help(match best {
            Some(h) => format!(
                "if it is now the heading \"{}\", give it back its old id in {}: `{} {{#{anchor}}}`\n{retire}",
                h.text, page.path, "#".repeat(usize::from(h.level)) + " " + &h.text
            ),
            None => format!(
                "give the heading that took its place the old id in {}: `### Title {{#{anchor}}}`\n{retire}",
                page.path
            ),
        });
    }
    match best {
        Some(h) => d.with_help(format!(
            "if it is now the heading \"{}\" (#{}), add to the front matter of {}:\n    anchor_aliases:\n      {anchor}: {}\n{retire}",
            h.text, h.id, page.path, h.id
        )),
        None => d.with_help(format!(
            "give the heading that took its place the old id (`## Title {{#{anchor}}}`), or name the new id in {}'s front matter:\n    anchor_aliases:\n      {anchor}: NEW-ID\n{retire}",
            page.path
        )),
    }
}

/// The error for a locked page address the site no longer has.
fn lost_page<'s, 'l>(
    site: &'s Site,
    path: &'l str,
    anchors: &[&str],
    under: &[&str],
    at: Location,
    locked: &HashSet<&str>,
    known: &mut Known<'s, 'l>,
) -> Diagnostic {
    // A page that is still there but a draft (or inside one) now.
    let url = if path == HOME { "" } else { path };
    let drafted = site
        .by_url
        .get(url)
        .map(|&p| &site.pages[p])
        .filter(|p| !p.published && p.held.is_none() && p.source.is_some());
    let mut message = match drafted {
        Some(page) if page.draft => format!("`{path}` would break: {} is a draft now", page.path),
        Some(page) => format!("`{path}` would break: {} is inside a draft now", page.path),
        None => format!("`{path}` would break: no page has that address now"),
    };
    if !anchors.is_empty() {
        let shown: Vec<String> = anchors.iter().take(5).map(|a| format!("#{a}")).collect();
        message.push_str(&format!(
            " (nor its section link{} {}{})",
            if anchors.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if anchors.len() > 5 { ", …" } else { "" }
        ));
    }
    if !under.is_empty() {
        let shown: Vec<&str> = under.iter().take(3).copied().collect();
        message.push_str(&format!(
            "; nor {} address{} under it ({}{})",
            under.len(),
            if under.len() == 1 { "" } else { "es" },
            shown.join(", "),
            if under.len() > 3 { ", …" } else { "" }
        ));
    }
    let d = Diagnostic::error(Code::LinkLost, Some(at), message);
    let retire = if under.is_empty() {
        format!("or, to retire it on purpose, delete line `{path}` (and the lines starting `{path}#`) from links.lock")
    } else {
        format!("or, to retire them on purpose, delete the lines starting `{path}` from links.lock")
    };
    if drafted.is_some() {
        return d.with_help(format!(
            "remove `draft: true` to publish it again, {retire}"
        ));
    }
    let name = last_segment(path);
    if let Some(help) = lost_step_help(site, path, name, locked, known) {
        return d.with_help(help);
    }
    let (fresh, all) = known.pages.get_or_insert_with(|| {
        let candidates = |fresh_only: bool| {
            site.published()
                .filter(move |&p| site.pages[p].source.is_some())
                .filter(move |&p| {
                    !fresh_only || !locked.contains(page_link(&site.pages[p].url).as_str())
                })
                .flat_map(|p| {
                    [
                        (last_segment(&site.pages[p].url).to_string(), p),
                        (crate::model::anchors::slug(&site.pages[p].title), p),
                    ]
                })
        };
        (
            Candidates::new(candidates(true)),
            Candidates::new(candidates(false)),
        )
    });
    // By address and by title, new pages first; a single new page is
    // suggested whatever its name.
    let best = fresh
        .best(name)
        .or_else(|| all.best(name))
        .or_else(|| match fresh.items() {
            [only, same] if only == same => Some(*only),
            _ => None,
        });
    let others = if under.is_empty() {
        ""
    } else {
        "\n(an alias on a scenario keeps its steps' addresses too; any other page under it needs an alias of its own)"
    };
    match best {
        Some(p) => d.with_help(format!(
            "if the page moved to `{}`, add to the front matter of {}:\n    aliases: [\"{path}\"]{others}\n{retire}",
            site.pages[p].url, site.pages[p].path
        )),
        None => d.with_help(format!(
            "add `aliases: [\"{path}\"]` to the front matter of the page that took its place{others}\n{retire}"
        )),
    }
}

/// The help for a lost step of a scenario that is still published
/// (`scenarios/night-shift/old-step/`): name the renamed step in the
/// scenario's `anchor_aliases`.
fn lost_step_help<'s, 'l>(
    site: &'s Site,
    path: &str,
    name: &'l str,
    locked: &HashSet<&str>,
    known: &mut Known<'s, 'l>,
) -> Option<String> {
    // The folder above, with its slash: `scenarios/night-shift/`.
    let (parent, _) = path.trim_end_matches('/').rsplit_once('/')?;
    let &p = site.by_url.get(&path[..=parent.len()])?;
    let PageKind::Scenario { scenario } = site.pages[p].kind else {
        return None;
    };
    let steps = &site.scenarios.get(scenario)?.steps;
    let (fresh, all) = known.steps.entry(p).or_insert_with(|| {
        let ids = |fresh_only: bool| {
            steps
                .iter()
                .filter(move |s| {
                    !fresh_only
                        || s.page
                            .is_some_and(|q| !locked.contains(site.pages[q].url.as_str()))
                })
                .map(|s| (s.id.clone(), s.id.as_str()))
        };
        (Candidates::new(ids(true)), Candidates::new(ids(false)))
    });
    let best = fresh
        .best(name)
        .or_else(|| all.best(name))
        .or(match fresh.items() {
            [only] => Some(*only),
            _ => None,
        });
    let file = &site.pages[p].path;
    let retire = format!("or, to retire the link on purpose, delete line `{path}` from links.lock");
    Some(match best {
        Some(new) => format!(
            "if the step is now `{new}`, add to the front matter of {file}:\n    anchor_aliases:\n      {name}: {new}\n{retire}"
        ),
        None => format!(
            "name the step it became in the front matter of {file}:\n    anchor_aliases:\n      {name}: NEW-STEP\n{retire}"
        ),
    })
}

/// `modules/first-weeks/` → `first-weeks`.
fn last_segment(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".html")
}

/// The text of `links.lock` holding `lines`.
pub fn lock_text(lines: &[String]) -> String {
    let mut out = String::from(
        "# links.lock: every address this site has published, relative to base_url.\n\
         # `induct build` adds new ones and fails if one of these stops working:\n\
         # keep it in version control. To retire a link on purpose, delete its line.\n",
    );
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_lines() {
        for good in [
            "./",
            "./#top",
            "modules/x/",
            "modules/x/#who-to-call",
            "old.html",
            "go/psu/",
        ] {
            assert!(is_lock_line(good), "{good}");
        }
        for bad in [
            "modules/x",
            "/modules/x/",
            "modules/x/#",
            "https://x.org/a/",
            "a/#b#c",
            "a b/",
            "./modules/",
            "a/../b/",
        ] {
            assert!(!is_lock_line(bad), "{bad}");
        }
    }

    fn similarity(a: &str, b: &str) -> f64 {
        Key::new(a.to_string())
            .similarity(&Key::new(b.to_string()))
            .unwrap_or(0.0)
    }

    #[test]
    fn similar_ids() {
        assert!(similarity("who-to-call", "who-to-call-first") > similarity("who-to-call", "rota"));
        assert!(similarity("first-weeks", "your-first-weeks") >= 0.7);
        assert!(similarity("peer-support", "support-from-peers") >= 0.7);
        assert!(similarity("stigma", "peer-support") < 0.7);
    }

    /// How alike two keys are, compared in full: the better of their
    /// spelling and the share of their words.
    fn compared_in_full(a: &str, b: &str) -> f64 {
        let spelling = strsim::jaro_winkler(a, b);
        let words_a: HashSet<&str> = words(a).collect();
        let words_b: HashSet<&str> = words(b).collect();
        let shared = words_a.intersection(&words_b).count();
        if shared == 0 {
            return spelling;
        }
        let most = words_a.len().max(words_b.len()) as f64;
        spelling.max(0.7 + 0.3 * shared as f64 / most)
    }

    #[test]
    fn keys_skipped_only_when_unlike() {
        let keys = [
            "",
            "a",
            "ab",
            "who-to-call",
            "who-to-call-first",
            "rota",
            "first-weeks",
            "your-first-weeks",
            "peer-support",
            "support-from-peers",
            "support-peer",
            "stigma",
            "stigmas",
            "lesson-12",
            "lesson-21",
            "page-3",
            "part-3",
            "old-section-7",
            "welcome",
            "welcome-back",
            "night-shift",
            "nigth-shift",
            "step-2",
            "s2",
            "abcdefghij",
            "jihgfedcba",
            "a-b-c",
            "é-café",
            "cafe",
        ];
        let mut skipped = 0;
        for a in keys {
            for b in keys {
                let full = compared_in_full(a, b);
                match Key::new(a.to_string()).similarity(&Key::new(b.to_string())) {
                    Some(score) => assert_eq!(score, full, "{a} / {b}"),
                    None => {
                        assert!(full < 0.7, "{a} / {b} skipped at {full}");
                        skipped += 1;
                    }
                }
            }
        }
        // Most pairs are unlike, and are told so without comparing spelling.
        assert!(skipped > keys.len() * keys.len() / 2, "{skipped}");
    }

    #[test]
    fn best_candidate_is_the_last_of_the_most_alike() {
        let mut candidates = Candidates::new([
            ("rota".to_string(), 0),
            ("peer-support".to_string(), 1),
            ("support-peer".to_string(), 2),
            ("stigma".to_string(), 3),
        ]);
        assert_eq!(candidates.best("peer-support"), Some(2));
        assert_eq!(candidates.best("peer-support"), Some(2));
        assert_eq!(candidates.best("rotas"), Some(0));
        assert_eq!(candidates.best("lesson-12"), None);
        assert_eq!(candidates.best("lesson-12"), None);
    }
}
