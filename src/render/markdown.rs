//! Markdown to HTML for one page, from a single parse, with the model's
//! scan of the page (heading ids, footnotes, links — what `check` relied
//! on, so the anchors checked are the anchors written; nothing is decided
//! again here), then small passes rewrite the events: heading ids,
//! footnotes (with ids that cannot clash with headings), links (rewritten
//! to relative URLs by the model's resolver), and code (highlighted by
//! syntect, once for a page and its printout part).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::highlight;
use crate::model::anchors::{self, footnote_id, footnote_ref_id, Heading, Scan};
use crate::model::links::{encode_fragment, relative, Broken, Target};
use crate::model::{PageKind, Site};

/// A page body as HTML (what its markdown has wrong, the check stage
/// reports from the model's scan).
pub struct Rendered {
    pub html: String,
    /// Its text in sections, for the search index.
    pub sections: Vec<super::search::Section>,
    /// The body again for its module's printout, when it has one
    /// ([`Printout`]).
    pub printout: Option<String>,
}

/// Where a page's body goes a second time: its part of its module's
/// printout, one page holding every page of the module. There every id is
/// prefixed with the part's name (`on-call-culture-quiet-messages`), so
/// ids stay unique across the printout, and every link is made right from
/// the printout's folder: a link to a page of the printout, or a place on
/// it, leads inside the printout; anything else is relative to `print/`;
/// a heading's `#` link keeps leading to the page's own section, the
/// address to share.
#[derive(Clone, Copy)]
pub struct Printout<'a> {
    /// The part's name: its `section`'s id, and the prefix of its ids.
    pub name: &'a str,
    /// The printout's address from the site root (`modules/stigma/print/`).
    pub url: &'a str,
    /// The name of each page's part in this printout.
    pub names: &'a HashMap<usize, String>,
}

impl Printout<'_> {
    /// The printout's id for the id `id` of this part.
    pub fn id<'i>(&self, id: &'i str) -> Cow<'i, str> {
        Cow::Owned(format!("{}-{id}", self.name))
    }

    /// Where a link from this part to `target` (written `dest`) leads.
    pub fn href(&self, site: &Site, target: &Target, dest: &str) -> String {
        match target {
            Target::Page { page, anchor } => match (self.names.get(page), anchor) {
                (Some(name), Some(a)) => format!("#{name}-{}", encode_fragment(a)),
                (Some(name), None) => format!("#{name}"),
                (None, _) => site.href_from(self.url, None, target, dest),
            },
            _ => site.href_from(self.url, None, target, dest),
        }
    }
}

/// An id as the page writes it, or as its printout part does.
fn id_in<'i>(print: Option<&Printout<'_>>, id: &'i str) -> Cow<'i, str> {
    match print {
        Some(p) => p.id(id),
        None => Cow::Borrowed(id),
    }
}

/// Renders the markdown of `page` (which must have a source file), whose
/// whole file text is `text` and body starts at `body_start`; with
/// `printout`, also its body for its module's printout, from the same
/// parse. The page's headings, ids and footnotes are the model's scan of
/// it ([`Site::scan_all`](crate::model::Site::scan_all) scans every page
/// that renders), so the markdown is not scanned again here.
pub fn render(
    site: &Site,
    page: usize,
    text: &str,
    body_start: usize,
    printout: Option<Printout<'_>>,
) -> Rendered {
    let events = anchors::parse(text, body_start);
    let scan = &site.pages[page].scan;
    let sections = super::search::sections(&events, &scan.headings);
    let body_len = text.len().saturating_sub(body_start);
    let mut html = String::with_capacity(body_len * 3 / 2);
    let Some(print) = printout else {
        push_html(&mut html, passes(site, page, scan, events, None));
        return Rendered {
            html,
            sections,
            printout: None,
        };
    };
    // With a printout, the page's pass takes a copy of each event as it
    // goes, so the events are still held once, and the printout's pass
    // then takes them. Each code block is highlighted once: the page's
    // pass keeps its HTML for the printout's.
    let highlighted = Highlighted::default();
    push_html(
        &mut html,
        code(
            before_code(site, page, scan, events.iter().cloned(), None),
            Blocks::Keep(&highlighted),
        ),
    );
    let mut out = String::with_capacity(html.len() * 9 / 8);
    push_html(
        &mut out,
        code(
            before_code(site, page, scan, events, Some(print)),
            Blocks::Reuse(&highlighted),
        ),
    );
    let printout = Some(out);
    Rendered {
        html,
        sections,
        printout,
    }
}

/// Runs the passes over `events` of `page` (scanned as `scan`): heading
/// ids, footnotes, links and code, for the page itself or, with `print`,
/// for its part of its module's printout. The passes
/// hand each event on as it comes, so a page's events are held once, not
/// once per pass: on a page of 50 MB they are several hundred MB.
pub fn passes<'a: 'b, 'b>(
    site: &'b Site,
    page: usize,
    scan: &'b Scan,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)> + 'b,
    print: Option<Printout<'b>>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    code(before_code(site, page, scan, events, print), Blocks::Make)
}

/// The passes of [`passes`] before code highlighting.
fn before_code<'a: 'b, 'b>(
    site: &'b Site,
    page: usize,
    scan: &'b Scan,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)> + 'b,
    print: Option<Printout<'b>>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    // A scenario's step heading links to the step's own page (its address
    // in links.lock); on the overview, which repeats the steps, only the
    // steps' headings link (to their pages).
    let kind = site.pages[page].kind;
    let scenario = match kind {
        PageKind::Scenario { scenario }
        | PageKind::Step { scenario, .. }
        | PageKind::Overview { scenario } => site.scenarios.get(scenario),
        _ => None,
    };
    // The page of the step a heading's id names, if it is a step's.
    let step_page = move |id: &str| {
        let s = scenario?;
        s.steps.get(s.step(id)?)?.page
    };
    let here = &site.pages[page].url;
    // In a printout, a heading's link is its section's address on its own
    // page, from the printout's folder.
    let from = print.map_or(here.as_str(), |p| p.url);
    let linkable = move |h: &Heading| -> Option<(String, &'static str)> {
        match (step_page(&h.id), kind) {
            (Some(step), PageKind::Overview { .. }) => {
                Some((relative(from, &site.pages[step].url), "step"))
            }
            (Some(step), _) if print.is_some() => {
                Some((relative(from, &site.pages[step].url), "step"))
            }
            (Some(_), _) => Some(("./".to_string(), "step")),
            (None, PageKind::Overview { .. }) => None,
            (None, _) if print.is_some() => Some((
                format!("{}#{}", relative(from, here), encode_fragment(&h.id)),
                "section",
            )),
            (None, _) => Some((format!("#{}", h.id), "section")),
        }
    };
    let events = heading_ids(scan, events.into_iter(), print, linkable);
    let events = old_ids(&site.pages[page].anchor_aliases, print, events);
    let events = footnotes(scan, print, events);
    let events = task_markers(events);
    links(site, page, print, events)
}

/// Appends the HTML of `events` to `out`.
pub fn push_html<'a>(
    out: &mut String,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)>,
) {
    html::push_html(out, events.into_iter().map(|(e, _)| e));
}

/// Gives each heading the id the scan chose for it and, after each heading
/// below the page title (levels 2–6), a visible link to that id, so a
/// reader can reach and copy the section's URL (the theme's script adds a
/// "Copy link" button beside it). The link follows the heading element in
/// a wrapper, `<div class="induct-heading induct-hN">`, rather than sitting
/// inside it: a heading's accessible name is its text alone (a screen
/// reader's list of headings, and a section `aria-labelledby` its heading,
/// would otherwise read "Link to this section" in every name). The scan is
/// left as it is: the table of contents and the link checks read the
/// headings' plain text.
fn heading_ids<'a: 'b, 'b>(
    scan: &'b Scan,
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b,
    print: Option<Printout<'b>>,
    linkable: impl Fn(&Heading) -> Option<(String, &'static str)> + 'b,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    let mut headings = scan.headings.iter();
    let mut open: Option<(&Heading, (String, &'static str))> = None;
    events.flat_map(move |(mut event, range)| {
        let mut wrapper = None;
        match &mut event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let heading = headings.next();
                *id = heading.map(|h| CowStr::from(id_in(print.as_ref(), &h.id).into_owned()));
                open = heading
                    .filter(|_| *level != HeadingLevel::H1)
                    .and_then(|h| Some((h, linkable(h)?)));
                if open.is_some() {
                    wrapper = Some((Event::Html(heading_wrapper(*level).into()), range.clone()));
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                // The heading's end tag, then (with no white space between,
                // where a line could break) the link and the wrapper's end.
                if let Some((h, (href, noun))) = open.take() {
                    let html = format!("</{level}>{}</div>\n", anchor_link(h, &href, noun));
                    event = Event::Html(html.into());
                }
            }
            _ => {}
        }
        wrapper.into_iter().chain(std::iter::once((event, range)))
    })
}

/// The opening of the wrapper that holds a heading of `level` and its
/// link; the level's class sizes the link as the heading.
fn heading_wrapper(level: HeadingLevel) -> String {
    format!("<div class=\"induct-heading induct-{level}\">")
}

/// The link a heading carries to its own address (`#id`, or a step's
/// page), named for screen readers by the heading's text. It comes right
/// after the heading element; a no-break space keeps the `#` with the
/// heading's last word.
fn anchor_link(heading: &Heading, href: &str, noun: &str) -> String {
    format!(
        "&nbsp;<a class=\"induct-anchor\" href=\"{}\" aria-label=\"Link to this {noun}: {}\">#</a>{COPY_SLOT}",
        escape(href),
        escape(&heading.text)
    )
}

/// Keeps the place of the "Copy link" button the theme's script puts
/// after a heading's `#` link: unseen, the size of the button, so a heading
/// that the button would push onto another line is drawn that way from the
/// start and nothing below it moves when the script runs.
pub const COPY_SLOT: &str =
    "<span class=\"induct-copy-slot\" aria-hidden=\"true\">Copy link</span>";

/// A task list's boxes (`- [x] Done`), shown ticked or not and named for
/// what they say, "Done" or "To do": a form control needs a name, and
/// these cannot be changed, so the list item's text does not label them.
fn task_markers<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    events.map(|(event, range)| match event {
        Event::TaskListMarker(done) => {
            let (checked, name) = if done {
                (" checked", "Done")
            } else {
                ("", "To do")
            };
            let html =
                format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{name}\"> ");
            (Event::InlineHtml(html.into()), range)
        }
        other => (other, range),
    })
}

/// Keeps each renamed heading's old id (`anchor_aliases`) on the page: an
/// empty element with that id just before the heading it now names, so an
/// old link still lands on the heading, with or without JavaScript.
fn old_ids<'a: 'b, 'b>(
    aliases: &'b [(String, String)],
    print: Option<Printout<'b>>,
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    events.flat_map(move |(event, range)| {
        let mut before = Vec::new();
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &event {
            let is_new = |new: &String| id_in(print.as_ref(), new) == id.as_ref();
            for (old, _) in aliases.iter().filter(|(_, new)| is_new(new)) {
                before.push((
                    Event::Html(CowStr::from(format!(
                        "<span id=\"{}\" class=\"induct-old-id\"></span>\n",
                        escape(&id_in(print.as_ref(), old))
                    ))),
                    range.clone(),
                ));
            }
        }
        before.into_iter().chain(std::iter::once((event, range)))
    })
}

/// Footnotes numbered in order of first appearance, with ids `fn-n` and
/// `fnref-n` (never clashing with heading ids) and a link back from each
/// note to its first reference.
fn footnotes<'a: 'b, 'b>(
    scan: &'b Scan,
    print: Option<Printout<'b>>,
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    let number = |label: &str| scan.footnote_number(label).unwrap_or(0);
    let note = move |n: usize| id_in(print.as_ref(), &footnote_id(n)).into_owned();
    let reference = move |n: usize| id_in(print.as_ref(), &footnote_ref_id(n)).into_owned();
    // The scan of these events found which footnotes are referenced.
    let referenced = |n: &usize| scan.referenced_footnotes.binary_search(n).is_ok();
    let mut first_reference = HashSet::new();
    let mut open = Vec::new();
    events
        .map(move |(event, range)| {
            let event = match event {
                Event::FootnoteReference(label) => {
                    let n = number(&label);
                    let id = if first_reference.insert(n) {
                        format!(" id=\"{}\"", reference(n))
                    } else {
                        String::new()
                    };
                    Event::InlineHtml(CowStr::from(format!(
                        "<sup class=\"footnote-reference\"{id}><a href=\"#{}\">{n}</a></sup>",
                        note(n)
                    )))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = number(&label);
                    open.push(n);
                    Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                        note(n)
                    )))
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    let back = open
                        .pop()
                        .filter(referenced)
                        .map(|n| {
                            format!(
                                " <a class=\"footnote-back\" href=\"#{}\" aria-label=\"Back to reference {n}\">↩</a>",
                                reference(n)
                            )
                        })
                        .unwrap_or_default();
                    Event::Html(CowStr::from(format!("{back}</div>\n")))
                }
                other => other,
            };
            (event, range)
        })
}

/// Rewrites internal links and images to relative URLs. A link or image
/// pointing at something unpublished (a draft) is reduced to its text, so no
/// trace of the draft reaches the page. Broken links are left as written
/// (the check reports them).
fn links<'a: 'b, 'b>(
    site: &'b Site,
    page: usize,
    print: Option<Printout<'b>>,
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    let mut drop_link = false;
    let mut drop_image = false;
    events.filter_map(move |(event, range)| {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                match rewrite(site, page, print.as_ref(), dest_url) {
                    Some(dest_url) => Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    None => {
                        drop_link = true;
                        return None;
                    }
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match rewrite(site, page, print.as_ref(), dest_url) {
                Some(dest_url) => Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                None => {
                    drop_image = true;
                    return None;
                }
            },
            Event::End(TagEnd::Link) if drop_link => {
                drop_link = false;
                return None;
            }
            Event::End(TagEnd::Image) if drop_image => {
                drop_image = false;
                return None;
            }
            other => other,
        };
        Some((event, range))
    })
}

/// The destination to write for `dest`; `None` when it must not appear.
fn rewrite<'a>(
    site: &Site,
    page: usize,
    print: Option<&Printout<'_>>,
    dest: CowStr<'a>,
) -> Option<CowStr<'a>> {
    match site.resolve_for_href(page, &dest) {
        Ok(target) => Some(match print {
            Some(p) => p.href(site, &target, &dest).into(),
            None => site.href(page, &target, &dest).into(),
        }),
        Err(Broken::Draft { .. } | Broken::HeldBack { .. } | Broken::Unpublished { .. }) => None,
        Err(_) => Some(dest),
    }
}

/// The HTML of a page's code blocks, made by the page's pass and taken,
/// in order, by its printout's pass: the two are the same (a block's HTML
/// depends on its language and text alone), so each block is highlighted
/// once.
#[derive(Default)]
struct Highlighted {
    blocks: RefCell<VecDeque<String>>,
}

/// What the code pass does with each block's HTML.
#[derive(Clone, Copy)]
enum Blocks<'c> {
    /// Makes it.
    Make,
    /// Makes it and keeps a copy for the printout's pass.
    Keep(&'c Highlighted),
    /// Takes the one the page's pass kept (and makes it when none is).
    Reuse(&'c Highlighted),
}

/// Replaces each fenced code block with highlighted HTML.
fn code<'a: 'b, 'b>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b,
    blocks: Blocks<'b>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'b {
    let mut block: Option<(String, String, Range<usize>)> = None;
    events.filter_map(move |(event, range)| match (event, block.as_mut()) {
        (Event::Start(Tag::CodeBlock(kind)), None) => {
            let lang = match kind {
                CodeBlockKind::Fenced(info) => {
                    info.split_whitespace().next().unwrap_or("").to_string()
                }
                CodeBlockKind::Indented => String::new(),
            };
            block = Some((lang, String::new(), range));
            None
        }
        (Event::Text(t), Some((_, code, _))) => {
            code.push_str(&t);
            None
        }
        (Event::End(TagEnd::CodeBlock), Some(_)) => {
            let (lang, code, start) = block.take()?;
            let kept = match blocks {
                Blocks::Reuse(h) => h.blocks.borrow_mut().pop_front(),
                _ => None,
            };
            let html = kept.unwrap_or_else(|| code_block(&lang, &code));
            if let Blocks::Keep(h) = blocks {
                h.blocks.borrow_mut().push_back(html.clone());
            }
            Some((Event::Html(html.into()), start))
        }
        (other, _) => Some((other, range)),
    })
}

/// The HTML of one code block in `lang` (empty for none).
fn code_block(lang: &str, code: &str) -> String {
    // A language the highlighter does not know is shown plain (the check
    // stage warns, `check::code`).
    let body = if lang.is_empty() || highlight::is_plain(lang) {
        None
    } else {
        highlight::highlight(code, lang)
    };
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    format!(
        "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
        body.unwrap_or_else(|| escape(code))
    )
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::anchors::Body;

    /// `md` through the scan and the heading pass alone, as HTML.
    fn headings_html(md: &str) -> String {
        let events = anchors::parse(md, 0);
        let scan = anchors::scan_events(&Body::new(md, 0), &events);
        assert!(scan.noticed.is_empty(), "{:?}", scan.noticed);
        let mut out = String::new();
        push_html(
            &mut out,
            heading_ids(&scan, events.into_iter(), None, |h| {
                Some((format!("#{}", h.id), "section"))
            }),
        );
        out
    }

    #[test]
    fn a_heading_links_to_its_own_anchor_from_beside_it() {
        let html = headings_html("## Who to call\n\nText.\n\n### Notes\n");
        assert!(
            html.contains(
                "<div class=\"induct-heading induct-h2\">\n<h2 id=\"who-to-call\">Who to call</h2>&nbsp;\
                 <a class=\"induct-anchor\" href=\"#who-to-call\" \
                 aria-label=\"Link to this section: Who to call\">#</a>\
                 <span class=\"induct-copy-slot\" aria-hidden=\"true\">Copy link</span></div>\n"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<div class=\"induct-heading induct-h3\">\n<h3 id=\"notes\">Notes</h3>&nbsp;\
                 <a class=\"induct-anchor\" href=\"#notes\""
            ),
            "{html}"
        );
    }

    #[test]
    fn a_heading_with_inline_markup_keeps_it_and_a_plain_escaped_label() {
        let html = headings_html("## Ask *early* & often {#ask}\n");
        assert_eq!(
            html,
            "<div class=\"induct-heading induct-h2\">\n<h2 id=\"ask\">Ask <em>early</em> &amp; often</h2>&nbsp;\
             <a class=\"induct-anchor\" href=\"#ask\" \
             aria-label=\"Link to this section: Ask early &amp; often\">#</a>\
             <span class=\"induct-copy-slot\" aria-hidden=\"true\">Copy link</span></div>\n"
        );
    }

    #[test]
    fn a_heading_without_a_link_has_no_wrapper() {
        let events = anchors::parse("## Part\n", 0);
        let scan = anchors::scan_events(&Body::new("## Part\n", 0), &events);
        let mut out = String::new();
        push_html(
            &mut out,
            heading_ids(&scan, events.into_iter(), None, |_| None),
        );
        assert_eq!(out, "<h2 id=\"part\">Part</h2>\n");
    }

    #[test]
    fn the_label_is_escaped() {
        let html = headings_html("## Fish & chips <3 <b>now</b> {#fish}\n");
        assert!(
            html.contains("aria-label=\"Link to this section: Fish &amp; chips &lt;3 now\">#</a>"),
            "{html}"
        );
    }

    #[test]
    fn a_title_heading_gets_no_link() {
        let html = headings_html("# Title\n\n## Part\n");
        assert!(html.contains("<h1 id=\"title\">Title</h1>"), "{html}");
        assert_eq!(html.matches("induct-anchor").count(), 1, "{html}");
    }

    #[test]
    fn task_list_boxes_are_named_for_their_state() {
        let md = "- [x] Read this page\n- [ ] Book a meeting\n";
        let events = anchors::parse(md, 0);
        let mut out = String::new();
        push_html(&mut out, task_markers(events.into_iter()));
        assert!(
            out.contains("<li><input type=\"checkbox\" disabled checked aria-label=\"Done\"> Read this page</li>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<li><input type=\"checkbox\" disabled aria-label=\"To do\"> Book a meeting</li>"
            ),
            "{out}"
        );
    }
}
