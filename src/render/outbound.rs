//! Links that leave the site: every `<a>`, `<area>` and `<form>` induct
//! writes to another host carries `rel="noreferrer"`, so the service a
//! trainee opens from a page on stigma or suicidal thoughts is not told
//! which page sent them (every page also has the `no-referrer` policy;
//! the attribute keeps that true for a link copied into another page or
//! opened in a browser that ignores the policy).
//!
//! Input: a link's destination as it will be written, or a piece of raw
//! HTML from the markdown. Output: the start tag to write, or the raw HTML
//! with `noreferrer` added to each such tag's `rel` (any other value in it,
//! such as `nofollow`, is kept). The markdown's links pass
//! ([`super::markdown`]) uses both; templates write the attribute
//! themselves (the support page's web addresses).

use std::borrow::Cow;

use pulldown_cmark_escape::{escape_href, escape_html};

/// The word every outbound link's `rel` holds.
pub const NOREFERRER: &str = "noreferrer";

/// Whether `url` leads to another host: `scheme://…` or `//host/…`
/// (`mailto:`, `tel:` and addresses on the site do not).
pub fn leaves_site(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//")
        || url.split_once("://").is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// The start tag of a markdown link to another host, as pulldown-cmark's
/// writer would write it, with `rel="noreferrer"`.
pub fn link_start(dest: &str, title: &str) -> String {
    let mut out = String::with_capacity(dest.len() + title.len() + 32);
    out.push_str("<a href=\"");
    let _ = escape_href(&mut out, dest);
    if !title.is_empty() {
        out.push_str("\" title=\"");
        let _ = escape_html(&mut out, title);
    }
    out.push_str("\" rel=\"noreferrer\">");
    out
}

/// `html` (raw HTML from a page's markdown) with `noreferrer` in the `rel`
/// of each `<a>` and `<area>` whose `href`, and each `<form>` whose
/// `action`, leads to another host; borrowed when there is none to change.
pub fn raw_html(html: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(i) = html[from..].find('<') {
        let start = from + i;
        from = start + 1;
        let Some(tag) = StartTag::parse(html, start) else {
            continue;
        };
        from = tag.end;
        let leaves = tag
            .attr(html, tag.url_attr())
            .is_some_and(|(_, v)| leaves_site(v));
        if !leaves {
            continue;
        }
        match tag.attr(html, "rel") {
            Some((_, v))
                if v.split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case(NOREFERRER)) => {}
            Some((range, v)) => {
                out.push_str(&html[copied..range.start]);
                out.push_str("rel=\"");
                let joined = format!("{} {NOREFERRER}", v.trim());
                // The value as written (entities and all), in double quotes.
                out.push_str(&joined.trim().replace('"', "&quot;"));
                out.push('"');
                copied = range.end;
            }
            None => {
                out.push_str(&html[copied..tag.name_end]);
                out.push_str(" rel=\"noreferrer\"");
                copied = tag.name_end;
            }
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// A start tag of `<a`, `<area` or `<form` in some HTML: where its name
/// ends, where it ends, and its attributes.
struct StartTag {
    name: &'static str,
    /// Just after the tag's name.
    name_end: usize,
    /// Just after its `>`.
    end: usize,
    /// Each attribute: its name (lower case), the whole attribute's byte
    /// range and its value's.
    attrs: Vec<(String, std::ops::Range<usize>, std::ops::Range<usize>)>,
}

impl StartTag {
    /// The tag starting at `start` (a `<`), when it is one of those.
    fn parse(html: &str, start: usize) -> Option<StartTag> {
        let rest = html.get(start + 1..)?;
        let name = ["area", "form", "a"].into_iter().find(|n| {
            rest.get(..n.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(n))
                && rest
                    .as_bytes()
                    .get(n.len())
                    .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        })?;
        let name_end = start + 1 + name.len();
        let bytes = html.as_bytes();
        let mut at = name_end;
        let mut attrs = Vec::new();
        loop {
            while bytes
                .get(at)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                at += 1;
            }
            if *bytes.get(at)? == b'>' {
                break;
            }
            let attr_start = at;
            while bytes
                .get(at)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                at += 1;
            }
            let attr_name = html.get(attr_start..at)?.to_ascii_lowercase();
            let mut value = at..at;
            let mut probe = at;
            while bytes.get(probe).is_some_and(u8::is_ascii_whitespace) {
                probe += 1;
            }
            if bytes.get(probe) == Some(&b'=') {
                probe += 1;
                while bytes.get(probe).is_some_and(u8::is_ascii_whitespace) {
                    probe += 1;
                }
                match bytes.get(probe)? {
                    q @ (b'"' | b'\'') => {
                        let close = probe + 1 + html.get(probe + 1..)?.find(*q as char)?;
                        value = probe + 1..close;
                        at = close + 1;
                    }
                    _ => {
                        let begin = probe;
                        while bytes
                            .get(probe)
                            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                        {
                            probe += 1;
                        }
                        value = begin..probe;
                        at = probe;
                    }
                }
            }
            if attr_name.is_empty() {
                // Not an attribute (e.g. a stray `=`): step over it.
                at += 1;
                continue;
            }
            attrs.push((attr_name, attr_start..at, value));
        }
        Some(StartTag {
            name,
            name_end,
            end: at + 1,
            attrs,
        })
    }

    /// The attribute that holds where the tag leads.
    fn url_attr(&self) -> &'static str {
        match self.name {
            "form" => "action",
            _ => "href",
        }
    }

    /// The attribute `name`'s range and value, when the tag has it.
    fn attr<'h>(&self, html: &'h str, name: &str) -> Option<(std::ops::Range<usize>, &'h str)> {
        self.attrs
            .iter()
            .find(|(n, _, _)| n == name)
            .and_then(|(_, whole, value)| Some((whole.clone(), html.get(value.clone())?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_leaves_the_site() {
        for url in [
            "https://www.nhs.uk/",
            "HTTP://x.example/",
            "//cdn.example/a",
            " ftp://f.example/",
        ] {
            assert!(leaves_site(url), "{url}");
        }
        for url in [
            "mailto:jo@samaritans.org",
            "tel:116123",
            "../support/#now",
            "#top",
            "modules/a:b/",
            "data:,",
        ] {
            assert!(!leaves_site(url), "{url}");
        }
    }

    #[test]
    fn a_markdown_link_is_written_with_noreferrer() {
        assert_eq!(
            link_start("https://x.example/a b?q=\"1\"&r", "The \"site\""),
            "<a href=\"https://x.example/a%20b?q=%221%22&amp;r\" title=\"The &quot;site&quot;\" rel=\"noreferrer\">"
        );
        assert_eq!(
            link_start("https://x.example/", ""),
            "<a href=\"https://x.example/\" rel=\"noreferrer\">"
        );
    }

    #[test]
    fn raw_html_links_get_noreferrer_and_keep_their_rel() {
        let cases = [
            (
                "<a href=\"https://x.example/\">x</a>",
                "<a rel=\"noreferrer\" href=\"https://x.example/\">x</a>",
            ),
            (
                "<A HREF='//x.example/' rel=\"nofollow\">x</A>",
                "<A HREF='//x.example/' rel=\"nofollow noreferrer\">x</A>",
            ),
            (
                "<a rel=nofollow href=https://x.example/>x</a>",
                "<a rel=\"nofollow noreferrer\" href=https://x.example/>x</a>",
            ),
            (
                "<map name=m><area shape=rect coords=\"0,0,1,1\" href=\"https://x.example/\" alt=X></map>",
                "<map name=m><area rel=\"noreferrer\" shape=rect coords=\"0,0,1,1\" href=\"https://x.example/\" alt=X></map>",
            ),
            (
                "<form action=\"https://x.example/search\" method=get>",
                "<form rel=\"noreferrer\" action=\"https://x.example/search\" method=get>",
            ),
            (
                "<a\n  href=\"https://x.example/\"\n  class=\"big\">x</a> and <a href=\"https://y.example/\" rel=\"noopener\">y</a>",
                "<a rel=\"noreferrer\"\n  href=\"https://x.example/\"\n  class=\"big\">x</a> and <a href=\"https://y.example/\" rel=\"noopener noreferrer\">y</a>",
            ),
        ];
        for (html, wanted) in cases {
            assert_eq!(raw_html(html), wanted, "{html}");
        }
        for same in [
            "<a href=\"../support/\">help</a>",
            "<a href=\"mailto:a@b.example\">mail</a>",
            "<a href=\"https://x.example/\" rel=\"nofollow noreferrer\">x</a>",
            "<abbr title=\"https://x.example/\">x</abbr> <b>bold</b> a < b",
            "<a href=\"https://x.example/",
        ] {
            assert!(matches!(raw_html(same), Cow::Borrowed(_)), "{same}");
        }
        // Broken or odd HTML is left as it is, without a panic.
        for odd in [
            "<a",
            "<a =",
            "<a href=",
            "<a href='x",
            "<a é=\"https://x.example/\">",
            "<area/>",
            "<<a>>",
            "<a href=https://x.example/",
        ] {
            let _ = raw_html(odd);
        }
        assert_eq!(
            raw_html("<a é href=https://x.example/>"),
            "<a rel=\"noreferrer\" é href=https://x.example/>"
        );
        // The first of two rel attributes is the one a browser reads: the
        // first `rel` is the one found, and it is extended.
        assert_eq!(
            raw_html("<a href=\"https://x.example/\" rel=\"a\" rel=\"b\">"),
            "<a href=\"https://x.example/\" rel=\"a noreferrer\" rel=\"b\">"
        );
    }
}
