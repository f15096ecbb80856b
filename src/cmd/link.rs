//! `induct link QUERY [DIR] [--blurb]`: find the address of a page,
//! section, step or story to paste into an email.

use std::path::Path;

use crate::error::Error;
use crate::model::permalinks::{LinkKind, Permalink};
use crate::render::links::{entry, LinkEntry};

pub fn run(dir: &Path, query: &str, blurb: bool, limit: usize) -> Result<(), Error> {
    let (config, run) = crate::load_config(dir)?;
    // The addresses are the model's: nothing else is checked, nothing
    // rendered. A course whose files do not load or have no page says why.
    let (sources, mut problems) = crate::load(&config)?;
    let site = crate::model(&config, &run, &sources);
    problems.extend(crate::check::pages::check_pages(&site));
    problems.extend(crate::check::markdown::check_markdown(&site));
    problems.extend(crate::check::scenarios::check_not_choices(&site));
    if problems.iter().any(crate::error::Diagnostic::is_error) {
        crate::error::sort(&mut problems);
        return Err(Error::Content(problems));
    }
    let entries: Vec<(LinkEntry, &Permalink)> = site
        .links
        .iter()
        .filter(|l| l.kind != LinkKind::Alias)
        .map(|l| {
            let e = entry(&config, &site, l, crate::model::permalinks::LINKS_PAGE);
            (if blurb { e.with_blurb(&site, l) } else { e }, l)
        })
        .collect();
    let found = best(query, &entries, limit);
    if found.is_empty() {
        return Err(Error::usage_with_help(
            format!("no page, section, step or story matches `{query}`"),
            "try fewer or other words, or open the site's links/ page for the full list",
        ));
    }
    if !config.base_url_set {
        eprintln!(
            "induct: note: book.toml sets no base_url, so these addresses point at {}",
            config.base_url
        );
    }
    for (i, e) in found.iter().enumerate() {
        if blurb {
            if i > 0 {
                println!();
            }
            println!("{}", e.blurb);
        } else {
            println!("{}\n    {} ({})", e.url, e.title, e.kind);
        }
    }
    Ok(())
}

/// The entries matching `query`, best first, at most `limit`.
fn best<'a>(
    query: &str,
    entries: &'a [(LinkEntry, &Permalink)],
    limit: usize,
) -> Vec<&'a LinkEntry> {
    let words = words(query);
    if words.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, usize, &LinkEntry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, (e, l))| {
            let s = score(query, &words, e, l);
            (s > 0.0).then_some((s, i, e))
        })
        .collect();
    // Best score first; among equals, the order of the site (pages before
    // their sections).
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let limit = if limit == 0 { usize::MAX } else { limit };
    scored.into_iter().take(limit).map(|(_, _, e)| e).collect()
}

/// Lower-case words of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How well an entry matches: its own title first (whole, start, every
/// word), then its page's title and address, then near spellings. 0: no match.
fn score(query: &str, query_words: &[String], e: &LinkEntry, l: &Permalink) -> f64 {
    let label = e.label.to_lowercase();
    let query = query.trim().to_lowercase();
    let own = words(&e.label);
    let wider: Vec<String> = words(&e.title).into_iter().chain(words(&l.link)).collect();
    let has = |pool: &[String], q: &String| pool.iter().any(|w| w.starts_with(q.as_str()));
    // Among equal matches: a page, then a short link, then a section.
    let bonus = match l.kind {
        LinkKind::Heading => 0.0,
        LinkKind::Short => 0.5,
        _ => 1.0,
    };
    if label == query {
        return 100.0 + bonus;
    }
    if label.starts_with(&query) {
        return 90.0 + bonus;
    }
    if query_words.iter().all(|q| has(&own, q)) {
        return 80.0 + bonus - own.len() as f64 * 0.1;
    }
    if query_words.iter().all(|q| has(&wider, q)) {
        return 60.0 + bonus - wider.len() as f64 * 0.05;
    }
    // Near spellings ("stigmma"): every word close to some word; a short
    // word must be spelt right (`tom` is not `to`).
    if query_words.iter().any(|q| q.chars().count() < 4) {
        return 0.0;
    }
    let close = |q: &String| {
        wider
            .iter()
            .map(|w| strsim::jaro_winkler(q, w))
            .fold(0.0, f64::max)
    };
    let worst = query_words.iter().map(close).fold(1.0, f64::min);
    if worst >= 0.88 {
        return 40.0 * worst + bonus;
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str, title: &str, link: &str, kind: LinkKind) -> (LinkEntry, Permalink) {
        (
            LinkEntry {
                title: title.into(),
                label: label.into(),
                kind: kind.word(),
                href: String::new(),
                url: format!("https://example.org/{link}"),
                path: link.into(),
                blurb: String::new(),
            },
            Permalink {
                link: link.into(),
                title: label.into(),
                page: 0,
                kind,
            },
        )
    }

    #[test]
    fn titles_first_then_addresses_then_spellings() {
        let owned = [
            item("Stigma", "Stigma", "modules/stigma/", LinkKind::Page),
            item(
                "Who to call",
                "Getting help: Who to call",
                "modules/help/#who-to-call",
                LinkKind::Heading,
            ),
            item(
                "Getting help",
                "Getting help",
                "modules/help/",
                LinkKind::Page,
            ),
            item(
                "Calling in sick",
                "Sick leave: Calling in sick",
                "modules/sick/#calling",
                LinkKind::Heading,
            ),
        ];
        let entries: Vec<(LinkEntry, &Permalink)> =
            owned.iter().map(|(e, l)| (e.clone(), l)).collect();
        let labels = |q: &str| -> Vec<String> {
            best(q, &entries, 10)
                .iter()
                .map(|e| e.label.clone())
                .collect()
        };
        assert_eq!(labels("who to call"), ["Who to call"]);
        assert_eq!(labels("call")[0], "Calling in sick");
        assert_eq!(labels("help"), ["Getting help", "Who to call"]);
        assert_eq!(labels("stigmma"), ["Stigma"]);
        assert!(labels("nothing like it").is_empty());
        assert!(labels("tom").is_empty(), "a short word is not near `to`");
        assert_eq!(best("help", &entries, 0).len(), 2, "0: no limit");
        assert!(labels("  ").is_empty());
    }
}
