//! Markdown to HTML for one page, from a single parse, with the model's
//! scan of the page (heading ids, footnotes, links — what `check` relied
//! on, so the anchors checked are the anchors written; nothing is decided
//! again here), then small passes rewrite the events: heading ids,
//! footnotes (with ids that cannot clash with headings), links (rewritten
//! to relative URLs by the model's resolver), and code (highlighted by
//! syntect, once for a page and its printout part).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt;
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
/// parse and the same run of the HTML writer. The page's
/// headings, ids and footnotes are the model's scan of it
/// ([`Site::scan_all`](crate::model::Site::scan_all) scans every page that
/// renders), so the markdown is not scanned again here.
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
    let events = both(site, page, scan, events, printout);
    let printout = match printout {
        None => {
            push_html(&mut html, events.map(|(event, range, _)| (event, range)));
            None
        }
        Some(print) => Some(write_twice(&mut html, events).unwrap_or_else(|| {
            // The page's HTML is not as the splicing expects (it always
            // is, with the pulldown-cmark this was made for): the part is
            // rendered on its own.
            let mut out = String::with_capacity(html.len());
            let events = anchors::parse(text, body_start);
            push_html(&mut out, passes(site, page, scan, events, Some(print)));
            out
        })),
    };
    Rendered {
        html,
        sections,
        printout,
    }
}

/// An event as the passes hand it on: the event as the page writes it, its
/// place in the source and, when it is written otherwise in the page's
/// printout part (an id, a link), the part's version of it. The rest of
/// the page, nearly all of it, is the same in both.
type Item<'a> = (Event<'a>, Range<usize>, Option<Event<'a>>);

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
    both(site, page, scan, events, print).map(|(event, range, printed)| {
        // Without `print` there is no printout's version.
        (printed.unwrap_or(event), range)
    })
}

/// The passes of [`passes`], handing on each event as the page writes it
/// and, with `print`, as its printout part does where that differs.
fn both<'a: 'b, 'b>(
    site: &'b Site,
    page: usize,
    scan: &'b Scan,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)> + 'b,
    print: Option<Printout<'b>>,
) -> impl Iterator<Item = Item<'a>> + 'b {
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
    let linkable = move |h: &Heading, print: Option<&Printout<'_>>| {
        let from = print.map_or(here.as_str(), |p| p.url);
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
    let events = events
        .into_iter()
        .map(|(event, range)| (event, range, None));
    let events = heading_ids(scan, events, print, linkable);
    let events = old_ids(&site.pages[page].anchor_aliases, print, events);
    let events = footnotes(scan, print, events);
    let events = task_markers(events);
    let events = links(site, page, print, events);
    code(events)
}

/// Appends the HTML of `events` to `out`.
pub fn push_html<'a>(
    out: &mut String,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)>,
) {
    html::push_html(out, events.into_iter().map(|(e, _)| e));
}

/// Appends the HTML of the page's `events` to `html` and returns its
/// printout part's, from one run of the HTML writer: the writer writes the
/// page, each event whose printout version differs has the place of what
/// was written for it noted, and the part is the page's HTML with the
/// printout's id or address in each of those places. `None` when a place
/// does not hold what the writer writes for such an event.
fn write_twice<'a>(html: &mut String, events: impl Iterator<Item = Item<'a>>) -> Option<String> {
    let written = Cell::new(html.len());
    let mut splices = Vec::new();
    let mut open: Option<Splice<'a>> = None;
    // Inside an image, the writer writes its text as the `alt` attribute.
    let mut images = 0usize;
    let mut events = events.fuse();
    let stream = std::iter::from_fn(|| {
        // The writer has written the last event when it asks for the next.
        if let Some(mut done) = open.take() {
            done.range.end = written.get();
            splices.push(done);
        }
        let (event, _, printed) = events.next()?;
        let in_image = images > 0;
        match event {
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            _ => {}
        }
        open = printed.map(|printed| Splice {
            range: written.get()..written.get(),
            printed,
            in_image,
        });
        Some(event)
    });
    let counting = Counting {
        out: html,
        written: &written,
    };
    html::write_html_fmt(counting, stream).ok()?;
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut at = 0;
    for splice in &splices {
        out.push_str(html.get(at..splice.range.start)?);
        splice.write(&mut out, html.get(splice.range.clone())?)?;
        at = splice.range.end;
    }
    out.push_str(html.get(at..)?);
    Some(out)
}

/// A place in a page's HTML that its printout part writes otherwise.
struct Splice<'a> {
    /// What the HTML writer wrote for the page's event.
    range: Range<usize>,
    /// The printout's version of the event.
    printed: Event<'a>,
    /// The event is inside an image (its text is the `alt` attribute).
    in_image: bool,
}

impl Splice<'_> {
    /// Appends to `out` what the writer writes for the printout's event,
    /// where it wrote `page` for the page's: they differ in one value.
    fn write(&self, out: &mut String, page: &str) -> Option<()> {
        if page.is_empty() {
            // Nothing is written for the event (a link in an image's text).
            return Some(());
        }
        match &self.printed {
            Event::Html(t) | Event::InlineHtml(t) if self.in_image => {
                pulldown_cmark_escape::escape_html(out, t).ok()
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(t);
                Some(())
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                attribute(out, page, " id=\"", |out| {
                    pulldown_cmark_escape::escape_html(out, id).ok()
                })
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let name = match self.printed {
                    Event::Start(Tag::Image { .. }) => " src=\"",
                    _ => " href=\"",
                };
                attribute(out, page, name, |out| {
                    pulldown_cmark_escape::escape_href(out, dest_url).ok()
                })
            }
            _ => None,
        }
    }
}

/// Appends `html` (a start tag) to `out` with the value of its first
/// attribute `name` (` id="`) written by `value` instead.
fn attribute(
    out: &mut String,
    html: &str,
    name: &str,
    value: impl FnOnce(&mut String) -> Option<()>,
) -> Option<()> {
    let start = html.find(name)? + name.len();
    // The writer escapes a `"` in a value.
    let end = start + html.get(start..)?.find('"')?;
    out.push_str(html.get(..start)?);
    value(out)?;
    out.push_str(html.get(end..)?);
    Some(())
}

/// A `String` that the HTML writer appends to, telling how long it is
/// after each write.
struct Counting<'o> {
    out: &'o mut String,
    written: &'o Cell<usize>,
}

impl fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
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
/// headings' plain text. With `print`, each heading's id and link also as
/// the printout writes them.
fn heading_ids<'a: 'b, 'b>(
    scan: &'b Scan,
    events: impl Iterator<Item = Item<'a>> + 'b,
    print: Option<Printout<'b>>,
    linkable: impl Fn(&Heading, Option<&Printout<'b>>) -> Option<(String, &'static str)> + 'b,
) -> impl Iterator<Item = Item<'a>> + 'b {
    let mut headings = scan.headings.iter();
    // The heading open, and its link on the page and in the printout.
    type Links = ((String, &'static str), Option<(String, &'static str)>);
    let mut open: Option<(&Heading, Links)> = None;
    events.flat_map(move |(event, range, printed)| {
        let mut wrapper = None;
        let (event, printed) = match event {
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let heading = headings.next();
                open = heading.filter(|_| level != HeadingLevel::H1).and_then(|h| {
                    let page = linkable(h, None)?;
                    Some((h, (page, print.as_ref().and_then(|p| linkable(h, Some(p))))))
                });
                if open.is_some() {
                    wrapper = Some((
                        Event::Html(heading_wrapper(level).into()),
                        range.clone(),
                        None,
                    ));
                }
                let printed = heading.zip(print.as_ref()).map(|(h, p)| {
                    Event::Start(Tag::Heading {
                        level,
                        id: Some(p.id(&h.id).into_owned().into()),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    })
                });
                let event = Event::Start(Tag::Heading {
                    level,
                    id: heading.map(|h| h.id.clone().into()),
                    classes,
                    attrs,
                });
                (event, printed)
            }
            // The heading's end tag, then (with no white space between,
            // where a line could break) the link and the wrapper's end.
            Event::End(TagEnd::Heading(level)) => match open.take() {
                Some((h, (page, in_print))) => {
                    let end = |(href, noun): (String, &str)| {
                        let mut html = String::with_capacity(
                            160 + COPY_SLOT.len() + href.len() + h.text.len(),
                        );
                        html.push_str("</");
                        html.push_str(heading_tag(level));
                        html.push('>');
                        anchor_link(&mut html, h, &href, noun);
                        html.push_str("</div>\n");
                        Event::Html(html.into())
                    };
                    (end(page), in_print.map(end))
                }
                None => (Event::End(TagEnd::Heading(level)), printed),
            },
            other => (other, printed),
        };
        wrapper
            .into_iter()
            .chain(std::iter::once((event, range, printed)))
    })
}

/// The opening of the wrapper that holds a heading of `level` and its
/// link; the level's class sizes the link as the heading.
fn heading_wrapper(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "<div class=\"induct-heading induct-h1\">",
        HeadingLevel::H2 => "<div class=\"induct-heading induct-h2\">",
        HeadingLevel::H3 => "<div class=\"induct-heading induct-h3\">",
        HeadingLevel::H4 => "<div class=\"induct-heading induct-h4\">",
        HeadingLevel::H5 => "<div class=\"induct-heading induct-h5\">",
        HeadingLevel::H6 => "<div class=\"induct-heading induct-h6\">",
    }
}

/// The link a heading carries to its own address (`#id`, or a step's
/// page), named for screen readers by the heading's text. It comes right
/// after the heading element; a no-break space keeps the `#` with the
/// heading's last word.
fn anchor_link(out: &mut String, heading: &Heading, href: &str, noun: &str) {
    out.push_str("&nbsp;<a class=\"induct-anchor\" href=\"");
    escape_into(out, href);
    out.push_str("\" aria-label=\"Link to this ");
    out.push_str(noun);
    out.push_str(": ");
    escape_into(out, &heading.text);
    out.push_str("\">#</a>");
    out.push_str(COPY_SLOT);
}

/// The tag name of a heading of `level` (`h2`), as `HeadingLevel`
/// displays it, without formatting.
fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
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
fn task_markers<'a>(events: impl Iterator<Item = Item<'a>>) -> impl Iterator<Item = Item<'a>> {
    events.map(|(event, range, printed)| match event {
        Event::TaskListMarker(done) => {
            let (checked, name) = if done {
                (" checked", "Done")
            } else {
                ("", "To do")
            };
            let html =
                format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{name}\"> ");
            (Event::InlineHtml(html.into()), range, printed)
        }
        other => (other, range, printed),
    })
}

/// Keeps each renamed heading's old id (`anchor_aliases`) on the page: an
/// empty element with that id just before the heading it now names, so an
/// old link still lands on the heading, with or without JavaScript.
fn old_ids<'a: 'b, 'b>(
    aliases: &'b [(String, String)],
    print: Option<Printout<'b>>,
    events: impl Iterator<Item = Item<'a>> + 'b,
) -> impl Iterator<Item = Item<'a>> + 'b {
    let span = |old: &str| {
        Event::Html(CowStr::from(format!(
            "<span id=\"{}\" class=\"induct-old-id\"></span>\n",
            escape(old)
        )))
    };
    events.flat_map(move |(event, range, printed)| {
        let mut before = Vec::new();
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &event {
            for (old, _) in aliases.iter().filter(|(_, new)| new == id.as_ref()) {
                let in_print = print.as_ref().map(|p| span(&p.id(old)));
                before.push((span(old), range.clone(), in_print));
            }
        }
        before
            .into_iter()
            .chain(std::iter::once((event, range, printed)))
    })
}

/// Footnotes numbered in order of first appearance, with ids `fn-n` and
/// `fnref-n` (never clashing with heading ids) and a link back from each
/// note to its first reference.
fn footnotes<'a: 'b, 'b>(
    scan: &'b Scan,
    print: Option<Printout<'b>>,
    events: impl Iterator<Item = Item<'a>> + 'b,
) -> impl Iterator<Item = Item<'a>> + 'b {
    let number = |label: &str| scan.footnote_number(label).unwrap_or(0);
    let note = |print: Option<&Printout<'_>>, n: usize| id_in(print, &footnote_id(n)).into_owned();
    let reference =
        |print: Option<&Printout<'_>>, n: usize| id_in(print, &footnote_ref_id(n)).into_owned();
    // The scan of these events found which footnotes are referenced.
    let referenced = |n: &usize| scan.referenced_footnotes.binary_search(n).is_ok();
    let mut first_reference = HashSet::new();
    let mut open = Vec::new();
    // The event as the page writes it, and as the printout does.
    let both = move |html: &dyn Fn(Option<&Printout<'_>>) -> String| {
        let page = html(None);
        (page, print.as_ref().map(|p| html(Some(p))))
    };
    events.map(move |(event, range, printed)| {
        let (event, printed) = match event {
            Event::FootnoteReference(label) => {
                let n = number(&label);
                let first = first_reference.insert(n);
                let (page, in_print) = both(&|p| {
                    let id = if first {
                        format!(" id=\"{}\"", reference(p, n))
                    } else {
                        String::new()
                    };
                    format!(
                        "<sup class=\"footnote-reference\"{id}><a href=\"#{}\">{n}</a></sup>",
                        note(p, n)
                    )
                });
                let inline = |html: String| Event::InlineHtml(html.into());
                (inline(page), in_print.map(inline))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = number(&label);
                open.push(n);
                let (page, in_print) = both(&|p| {
                    format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                        note(p, n)
                    )
                });
                let block = |html: String| Event::Html(html.into());
                (block(page), in_print.map(block))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let back = open.pop().filter(referenced);
                let (page, in_print) = both(&|p| {
                    let back = back.map(|n| {
                        format!(
                            " <a class=\"footnote-back\" href=\"#{}\" aria-label=\"Back to reference {n}\">↩</a>",
                            reference(p, n)
                        )
                    });
                    format!("{}</div>\n", back.unwrap_or_default())
                });
                let block = |html: String| Event::Html(html.into());
                (block(page), in_print.map(block))
            }
            other => (other, printed),
        };
        (event, range, printed)
    })
}

/// Rewrites internal links and images to relative URLs. A link or image
/// pointing at something unpublished (a draft) is reduced to its text, so no
/// trace of the draft reaches the page. Broken links are left as written
/// (the check reports them). A link to another host, in markdown or in raw
/// HTML, is written with `rel="noreferrer"` ([`super::outbound`]); an HTML
/// block is handed on whole, so a tag written over several lines is seen
/// whole.
fn links<'a: 'b, 'b>(
    site: &'b Site,
    page: usize,
    print: Option<Printout<'b>>,
    events: impl Iterator<Item = Item<'a>> + 'b,
) -> impl Iterator<Item = Item<'a>> + 'b {
    let mut drop_link = false;
    let mut drop_image = false;
    // Images open (kept) around this event: their text is the `alt`
    // attribute, where a tag of ours would be written as text.
    let mut images = 0usize;
    // The lines of the HTML block being read, and where it starts.
    let mut block: Option<(String, usize)> = None;
    events.filter_map(move |(event, range, printed)| {
        if let Some((html, start)) = block.as_mut() {
            match event {
                Event::Html(line) => {
                    html.push_str(&line);
                    return None;
                }
                // The writer writes nothing for the block's end: its
                // place takes the block's lines.
                Event::End(TagEnd::HtmlBlock) => {
                    let start = *start;
                    let html = block.take().map(|(h, _)| h).unwrap_or_default();
                    let html = super::outbound::raw_html(&html).into_owned();
                    return Some((Event::Html(html.into()), start..range.end, None));
                }
                _ => {}
            }
        }
        let (event, printed) = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                let Some((dest_url, in_print)) = rewrite(site, page, print.as_ref(), dest_url)
                else {
                    drop_link = true;
                    return None;
                };
                if images == 0 && super::outbound::leaves_site(&dest_url) {
                    // Written as it is on the page and in its printout.
                    let start = super::outbound::link_start(&dest_url, &title);
                    return Some((Event::InlineHtml(start.into()), range, None));
                }
                let in_print = in_print.map(|dest_url| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title: title.clone(),
                        id: id.clone(),
                    })
                });
                let link = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Event::Start(link), in_print)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let Some((dest_url, in_print)) = rewrite(site, page, print.as_ref(), dest_url)
                else {
                    drop_image = true;
                    return None;
                };
                let in_print = in_print.map(|dest_url| {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title: title.clone(),
                        id: id.clone(),
                    })
                });
                let image = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                images += 1;
                (Event::Start(image), in_print)
            }
            Event::End(TagEnd::Link) if drop_link => {
                drop_link = false;
                return None;
            }
            Event::End(TagEnd::Image) if drop_image => {
                drop_image = false;
                return None;
            }
            Event::End(TagEnd::Image) => {
                images = images.saturating_sub(1);
                (Event::End(TagEnd::Image), printed)
            }
            Event::Start(Tag::HtmlBlock) => {
                block = Some((String::new(), range.start));
                (Event::Start(Tag::HtmlBlock), printed)
            }
            Event::InlineHtml(html) if images == 0 => {
                let html = match super::outbound::raw_html(&html) {
                    Cow::Borrowed(_) => html,
                    Cow::Owned(changed) => changed.into(),
                };
                (Event::InlineHtml(html), printed)
            }
            other => (other, printed),
        };
        Some((event, range, printed))
    })
}

/// The destination to write for `dest` on the page and, with `print`, in
/// its printout part when that one is other; `None` when it must not
/// appear.
fn rewrite<'a>(
    site: &Site,
    page: usize,
    print: Option<&Printout<'_>>,
    dest: CowStr<'a>,
) -> Option<(CowStr<'a>, Option<CowStr<'a>>)> {
    match site.resolve_for_href(page, &dest) {
        Ok(target) => {
            let in_print = print.map(|p| p.href(site, &target, &dest).into());
            Some((site.href(page, &target, &dest).into(), in_print))
        }
        Err(Broken::Draft { .. } | Broken::HeldBack { .. } | Broken::Unpublished { .. }) => None,
        Err(_) => Some((dest, None)),
    }
}

/// Replaces each fenced code block with highlighted HTML (the same on the
/// page and in its printout part: a block's HTML depends on its language
/// and text alone).
fn code<'a: 'b, 'b>(
    events: impl Iterator<Item = Item<'a>> + 'b,
) -> impl Iterator<Item = Item<'a>> + 'b {
    let mut block: Option<(String, String, Range<usize>)> = None;
    events.filter_map(
        move |(event, range, printed)| match (event, block.as_mut()) {
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
                Some((Event::Html(code_block(&lang, &code).into()), start, None))
            }
            (other, _) => Some((other, range, printed)),
        },
    )
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
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape`] does.
fn escape_into(out: &mut String, s: &str) {
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::anchors::Body;

    /// `events` as the passes take them.
    fn items(events: anchors::Events<'_>) -> impl Iterator<Item = Item<'_>> {
        events.into_iter().map(|(e, r)| (e, r, None))
    }

    /// `md` through the scan and the heading pass alone, as HTML.
    fn headings_html(md: &str) -> String {
        let events = anchors::parse(md, 0);
        let scan = anchors::scan_events(&Body::new(md, 0), &events);
        assert!(scan.noticed.is_empty(), "{:?}", scan.noticed);
        let mut out = String::new();
        push_html(
            &mut out,
            heading_ids(&scan, items(events), None, |h, _| {
                Some((format!("#{}", h.id), "section"))
            })
            .map(|(e, r, _)| (e, r)),
        );
        out
    }

    #[test]
    fn heading_tags_are_written_as_the_html_writer_writes_them() {
        use HeadingLevel::*;
        for level in [H1, H2, H3, H4, H5, H6] {
            assert_eq!(heading_tag(level), level.to_string());
            assert_eq!(
                heading_wrapper(level),
                format!("<div class=\"induct-heading induct-{level}\">")
            );
        }
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
            heading_ids(&scan, items(events), None, |_, _| None).map(|(e, r, _)| (e, r)),
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
        push_html(
            &mut out,
            task_markers(items(events)).map(|(e, r, _)| (e, r)),
        );
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

    #[test]
    fn the_printout_part_spliced_from_the_page_is_the_part_rendered_on_its_own() {
        use crate::load::Sources;
        use crate::model::tests::file;
        let body = "## Why *it* matters {#why .wide data-x=\"1\"}\n\n\
            See [who](b.md#call \"Who & why\"), [here](#why), [out](https://e.org/?a=1&b=\"2\").[^a]\n\n\
            ![A map with [a link](b.md) and ![inner](b.md)](b.md#call \"The map\")\n\n\
            ![See [a link](b.md) and `b`](b.md)\n\n![Map](b.md \"The map\")\n\n- [x] Done\n\n<span id=\"raw\">raw</span>\n\n```rust\nfn main() {}\n```\n\n\
            ### Notes & more\n\nAgain[^a] and [^b].\n\n[^a]: A note, see [who](b.md).\n\n[^b]: Another.\n";
        let mut a = file("modules/a/index.md", "A", body);
        a.front
            .anchor_aliases
            .insert("old-why".to_string(), "why".to_string());
        let sources = Sources {
            files: vec![
                file("index.md", "Home", "Welcome.\n"),
                a,
                file("modules/a/b.md", "B", "## Who {#call}\n"),
            ],
            assets: Vec::new(),
            failed: Vec::new(),
            support: None,
        };
        let mut site = Site::new(&sources, "C", time::macros::date!(2026 - 11 - 23), false);
        site.scan_all(&sources, None);
        let plan = super::super::print::Plan::new(&site);
        let page = site.by_url["modules/a/"];
        let text = &sources.files[site.pages[page].source.unwrap()];
        let print = plan.printout(page).unwrap();
        let scan = &site.pages[page].scan;
        let events = anchors::parse(&text.text, text.body_start);
        let mut html = String::new();
        let spliced = write_twice(&mut html, both(&site, page, scan, events, Some(print)));
        let mut own = String::new();
        let events = anchors::parse(&text.text, text.body_start);
        push_html(&mut own, passes(&site, page, scan, events, None));
        let mut part = String::new();
        let events = anchors::parse(&text.text, text.body_start);
        push_html(&mut part, passes(&site, page, scan, events, Some(print)));
        assert_eq!(html, own);
        assert_ne!(part, own);
        assert_eq!(spliced.as_deref(), Some(part.as_str()), "{own}");
    }
}
