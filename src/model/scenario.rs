//! Scenarios: branching walk-throughs written as one markdown file each in
//! `content/scenarios/`.
//!
//! Input: the parsed events of a scenario file. Output: its [`Outline`] —
//! where each step, choice and footnote is among the events — and, for the
//! model, a [`Scenario`]: steps with ids, titles, choices and positions.
//! The same [`outline`] function serves the model (to make a page per step
//! and check the graph) and rendering (to cut the events into the pieces of
//! each step's page), so the two can never disagree about what a step is.
//!
//! The format: each top-level `##` heading starts a step, whose id is the
//! heading's `{#id}` or its slug. Text before the first step is the
//! scenario's introduction, shown with the start step. A step that ends
//! with a bullet list whose every item starts with a link to `#step-id` has
//! those items as its choices; text after an item's link is that choice's
//! feedback. A step without choices is an ending. Footnote definitions,
//! wherever they are written, are shown on each page that refers to them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::anchors::{self, Body, Events};
use crate::error::{LineIndex, Location};

/// Step ids that would clash with a page induct writes inside every
/// scenario's folder.
pub const RESERVED_STEP_IDS: &[&str] = &["overview"];

/// Where the pieces of a scenario are among its events (indices into the
/// event list [`anchors::parse`] gives).
#[derive(Debug, Default)]
pub struct Outline {
    /// Events before the first step.
    pub intro: Range<usize>,
    pub steps: Vec<StepOutline>,
    /// Top-level footnote definitions: label (normalised) and events.
    pub footnotes: Vec<(String, Range<usize>)>,
    /// The first of `footnotes` with each label.
    footnote_at: HashMap<String, usize>,
    /// For each event, whether it is part of a footnote definition.
    in_footnote: Vec<bool>,
}

/// One `##` step among the events.
#[derive(Debug)]
pub struct StepOutline {
    /// The heading's events, start to end.
    pub heading: Range<usize>,
    /// The heading's text, without markup.
    pub title: String,
    /// The `{#id}` written on the heading.
    pub explicit_id: Option<String>,
    /// Byte offset of the heading in the body.
    pub offset: usize,
    /// The step's text: after the heading, up to its choices or the next step.
    pub body: Range<usize>,
    pub choices: Vec<ChoiceOutline>,
    /// Where a trailing bullet list was not read as choices, the offset of
    /// its first item that does not start with a link to `#step-id` — for a
    /// warning when some of its items do.
    pub not_choices: Option<usize>,
}

impl StepOutline {
    /// The step's id: its pinned `{#id}`, else its title as a slug.
    pub fn id(&self) -> String {
        match &self.explicit_id {
            Some(id) => id.clone(),
            None => anchors::slug(&self.title),
        }
    }
}

/// One choice: an item of a step's trailing list.
#[derive(Debug)]
pub struct ChoiceOutline {
    /// The id the link names (`#ring-the-psu` → `ring-the-psu`).
    pub target: String,
    /// The link's text, without markup.
    pub label: String,
    /// The link's inner events (its text with any markup).
    pub label_events: Range<usize>,
    /// The events after the link, up to the end of the item: the feedback.
    pub feedback: Range<usize>,
    /// The item's text is a paragraph (a loose list), so the feedback
    /// events close one that they do not open.
    pub loose: bool,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// Finds the steps, choices and footnotes of a scenario's events.
pub fn outline(events: &Events<'_>) -> Outline {
    let mut out = Outline::default();
    // Top-level blocks: (start, end) event indices, end exclusive.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    blocks.push(start..i + 1);
                }
            }
            _ if depth == 0 => blocks.push(i..i + 1),
            _ => {}
        }
    }

    // Footnote definitions, at any depth, leave the flow of steps.
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if let Tag::FootnoteDefinition(label) = tag {
                    open.push((anchors::footnote_label(label), i, depth));
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if open.last().is_some_and(|(_, _, d)| *d == depth) {
                    if let Some((label, start, _)) = open.pop() {
                        out.footnotes.push((label, start..i + 1));
                    }
                }
            }
            _ => {}
        }
    }
    out.in_footnote = vec![false; events.len()];
    for (n, (label, range)) in out.footnotes.iter().enumerate() {
        out.footnote_at.entry(label.clone()).or_insert(n);
        for i in range.clone() {
            out.in_footnote[i] = true;
        }
    }
    let flow: Vec<Range<usize>> = blocks
        .into_iter()
        .filter(|b| !matches!(events[b.start].0, Event::Start(Tag::FootnoteDefinition(_))))
        .collect();

    let is_step = |block: &Range<usize>| {
        matches!(
            events[block.start].0,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            })
        )
    };
    let first_step = flow.iter().position(is_step).unwrap_or(flow.len());
    out.intro = span(&flow[..first_step], events.len());
    let mut at = first_step;
    while at < flow.len() {
        let heading = flow[at].clone();
        let next = flow[at + 1..]
            .iter()
            .position(is_step)
            .map_or(flow.len(), |p| at + 1 + p);
        let content = &flow[at + 1..next];
        let (body_blocks, choices, not_choices) = match content.last() {
            Some(last) => match read_choices(events, last) {
                Ok(choices) => (&content[..content.len() - 1], choices, None),
                Err(not) => (content, Vec::new(), not),
            },
            None => (content, Vec::new(), None),
        };
        let (title, explicit_id) = heading_text(events, &heading);
        out.steps.push(StepOutline {
            offset: events[heading.start].1.start,
            body: span(body_blocks, heading.end),
            heading,
            title,
            explicit_id,
            choices,
            not_choices,
        });
        at = next;
    }
    out
}

/// The events from the first block to the last; empty at `empty_at` when
/// there are none.
fn span(blocks: &[Range<usize>], empty_at: usize) -> Range<usize> {
    match (blocks.first(), blocks.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => empty_at..empty_at,
    }
}

fn heading_text(events: &Events<'_>, heading: &Range<usize>) -> (String, Option<String>) {
    let mut text = String::new();
    let mut id = None;
    for (event, _) in &events[heading.clone()] {
        match event {
            Event::Start(Tag::Heading { id: Some(i), .. }) => id = Some(i.to_string()),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    (text.trim().to_string(), id)
}

/// Reads a block as a list of choices. `Err(Some(offset))` when it is a
/// bullet list some of whose items are choices and the item at `offset` is
/// not; `Err(None)` when it is nothing like a list of choices.
fn read_choices(
    events: &Events<'_>,
    block: &Range<usize>,
) -> Result<Vec<ChoiceOutline>, Option<usize>> {
    if !matches!(events[block.start].0, Event::Start(Tag::List(None))) {
        return Err(None);
    }
    let mut choices = Vec::new();
    let mut not_choice = None;
    let mut i = block.start + 1;
    while i < block.end - 1 {
        // Each item: Start(Item) … End(Item) at depth 1 of the list.
        let item_start = i;
        let mut depth = 0usize;
        let mut item_end = i;
        for (j, (event, _)) in events.iter().enumerate().take(block.end - 1).skip(i) {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        item_end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        match read_choice(events, item_start, item_end) {
            Some(choice) => choices.push(choice),
            None => {
                not_choice.get_or_insert(events[item_start].1.start);
            }
        }
        i = item_end + 1;
    }
    match not_choice {
        None if !choices.is_empty() => Ok(choices),
        Some(offset) if !choices.is_empty() => Err(Some(offset)),
        _ => Err(None),
    }
}

/// Reads the item `events[start..=end]` (`Start(Item)` to `End(Item)`) as
/// a choice: it must start with a link to `#id`.
fn read_choice(events: &Events<'_>, start: usize, end: usize) -> Option<ChoiceOutline> {
    let mut at = start + 1;
    let loose = matches!(events.get(at)?.0, Event::Start(Tag::Paragraph));
    if loose {
        at += 1;
    }
    let (Event::Start(Tag::Link { dest_url, .. }), range) = &events.get(at)? else {
        return None;
    };
    let target = dest_url.strip_prefix('#')?;
    if target.is_empty() {
        return None;
    }
    let link_end = (at..end).find(|&j| matches!(events[j].0, Event::End(TagEnd::Link)))?;
    let mut label = String::new();
    for (event, _) in &events[at + 1..link_end] {
        if let Event::Text(t) | Event::Code(t) = event {
            label.push_str(t);
        }
    }
    Some(ChoiceOutline {
        target: percent_encoding::percent_decode_str(target)
            .decode_utf8_lossy()
            .into_owned(),
        label: label.trim().to_string(),
        label_events: at + 1..link_end,
        feedback: link_end + 1..end,
        loose,
        offset: range.start,
    })
}

/// A scenario in the model: its steps and where each is published.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The page of the scenario file, which shows the start step.
    pub page: usize,
    /// The scenario's facilitator overview page, once made.
    pub overview: Option<usize>,
    /// Steps in file order.
    pub steps: Vec<Step>,
    /// Index in `steps` of the start step; `None` when there are no steps
    /// or `start:` names none of them.
    pub start: Option<usize>,
    /// `start:` as the front matter gives it, and where.
    pub start_named: Option<(String, Location)>,
    /// The line the markdown body starts at, after the front matter.
    pub body_line: usize,
    /// What it touches on, shown on each of its pages.
    pub content_notes: Vec<String>,
    /// Each step id's first step.
    by_id: HashMap<String, usize>,
    /// For each step, the choices that lead to it: (from step, choice index).
    into: Vec<Vec<(usize, usize)>>,
}

/// A step of a scenario.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub title: String,
    /// Line and column of its heading.
    pub line: usize,
    pub col: usize,
    pub choices: Vec<Choice>,
    /// Its page: the scenario's own page for the start step; `None` when
    /// it has none (its id is unusable or taken).
    pub page: Option<usize>,
    /// How many steps from the start, counting the start as 1; `None`
    /// when the start does not reach it.
    pub number: Option<usize>,
    /// Line and column of the first item of its last list that does not
    /// start with a link to a step, when some items do: the list is shown
    /// as an ordinary list, not as choices (`check::scenarios` warns).
    pub not_choices: Option<(usize, usize)>,
}

impl Step {
    /// A step without choices ends the walk-through.
    pub fn is_ending(&self) -> bool {
        self.choices.is_empty()
    }
}

/// A choice from one step to another.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The step id its link names.
    pub target: String,
    /// Index of that step in `steps`; `None` when there is no such step.
    pub to: Option<usize>,
    pub label: String,
    pub line: usize,
    pub col: usize,
}

impl Scenario {
    /// The (first) step with `id`, if any.
    pub fn step(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The choices that lead to step `to`, in file order: (from step,
    /// choice index).
    pub fn incoming(&self, to: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.into.get(to).into_iter().flatten().copied()
    }
}

/// The id of the element holding the feedback of choice `n` (0-based) of
/// step `from`, on the page the choice leads to.
pub fn feedback_id(from: &str, n: usize) -> String {
    format!("induct-from-{from}-{}", n + 1)
}

/// Reads a scenario file's events into its steps. `start` is its front
/// matter's `start:`. What is wrong with it (a list that is almost
/// choices, a step id that cannot be a URL, the graph) is for
/// `check::scenarios` to report.
pub fn read(
    text: &str,
    body_start: usize,
    events: &Events<'_>,
    start: Option<&(String, Location)>,
    page: usize,
) -> Scenario {
    let outline = outline(events);
    let lines = LineIndex::new(text);
    let position = |offset: usize| lines.line_col(text, body_start + offset);
    let mut steps: Vec<Step> = Vec::with_capacity(outline.steps.len());
    for s in &outline.steps {
        let (line, col) = position(s.offset);
        steps.push(Step {
            id: s.id(),
            title: s.title.clone(),
            line,
            col,
            choices: s
                .choices
                .iter()
                .map(|c| {
                    let (line, col) = position(c.offset);
                    Choice {
                        target: c.target.clone(),
                        to: None,
                        label: c.label.clone(),
                        line,
                        col,
                    }
                })
                .collect(),
            page: None,
            number: None,
            not_choices: s.not_choices.map(position),
        });
    }
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        by_id.entry(step.id.clone()).or_insert(i);
    }
    let mut into = vec![Vec::new(); steps.len()];
    for (from, step) in steps.iter_mut().enumerate() {
        for (n, choice) in step.choices.iter_mut().enumerate() {
            choice.to = by_id.get(&choice.target).copied();
            if let Some(to) = choice.to {
                into[to].push((from, n));
            }
        }
    }
    let start_index = match start {
        None => (!steps.is_empty()).then_some(0),
        Some((id, _)) => by_id.get(id).copied(),
    };
    let mut scenario = Scenario {
        page,
        overview: None,
        steps,
        start: start_index,
        start_named: start.cloned(),
        body_line: lines.line_col(text, body_start).0,
        content_notes: Vec::new(),
        by_id,
        into,
    };
    number_steps(&mut scenario);
    scenario
}

/// Numbers each step by its distance from the start (breadth first).
fn number_steps(scenario: &mut Scenario) {
    let Some(start) = scenario.start else {
        return;
    };
    let mut queue = std::collections::VecDeque::from([start]);
    scenario.steps[start].number = Some(1);
    while let Some(at) = queue.pop_front() {
        let n = scenario.steps[at].number.unwrap_or(1);
        let next: Vec<usize> = scenario.steps[at]
            .choices
            .iter()
            .filter_map(|c| c.to)
            .collect();
        for to in next {
            if scenario.steps[to].number.is_none() {
                scenario.steps[to].number = Some(n + 1);
                queue.push_back(to);
            }
        }
    }
}

/// A piece of a scenario's page, rendered on its own so the theme can place
/// it; a page's pieces are scanned and rendered together, so ids stay unique
/// and footnotes numbered across the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// The text before the first step (on the start step's page).
    Intro,
    /// A step's heading, with the step id as its id.
    Heading(usize),
    /// The feedback of choice `choice` of step `from`.
    Feedback { from: usize, choice: usize },
    /// A step's text, without its choices.
    Body(usize),
    /// The text of a choice's link.
    Label { step: usize, choice: usize },
    /// The footnote definitions the other pieces refer to.
    Footnotes,
}

/// Marks the end of each piece in assembled events. Holds a NUL, which
/// markdown text can never contain (the parser replaces it), so no author's
/// HTML can be mistaken for it.
pub const PIECE_END: &str = "\0induct-piece\0";

/// The pieces of the page of step `step`: the introduction (start only),
/// the heading, the feedback of each choice that leads here, the text, the
/// labels of its choices, its footnotes.
pub fn step_pieces(scenario: &Scenario, step: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    if scenario.start == Some(step) {
        pieces.push(Piece::Intro);
    }
    pieces.push(Piece::Heading(step));
    pieces.extend(
        scenario
            .incoming(step)
            .map(|(from, choice)| Piece::Feedback { from, choice }),
    );
    pieces.push(Piece::Body(step));
    if let Some(s) = scenario.steps.get(step) {
        pieces.extend((0..s.choices.len()).map(|choice| Piece::Label { step, choice }));
    }
    pieces.push(Piece::Footnotes);
    pieces
}

/// The pieces of the overview: the introduction, then every step in file
/// order — heading, text, and each choice's label and feedback — then the
/// footnotes.
pub fn overview_pieces(scenario: &Scenario) -> Vec<Piece> {
    let mut pieces = vec![Piece::Intro];
    for (step, s) in scenario.steps.iter().enumerate() {
        pieces.push(Piece::Heading(step));
        pieces.push(Piece::Body(step));
        for choice in 0..s.choices.len() {
            pieces.push(Piece::Label { step, choice });
            pieces.push(Piece::Feedback { from: step, choice });
        }
    }
    pieces.push(Piece::Footnotes);
    pieces
}

/// The events of `pieces`, each followed by a [`PIECE_END`] event. Step
/// headings carry their step's id; footnote definitions written inside a
/// piece are left to [`Piece::Footnotes`], which holds those referred to.
pub fn assemble<'a>(
    events: &Events<'a>,
    outline: &Outline,
    scenario: &Scenario,
    pieces: &[Piece],
) -> Events<'a> {
    let mut out: Events<'a> = Vec::with_capacity(events.len() + pieces.len());
    let in_footnote = |i: usize| outline.in_footnote.get(i).copied().unwrap_or(false);
    let copy = |out: &mut Events<'a>, range: Range<usize>| {
        out.extend(
            range
                .filter(|&i| !in_footnote(i))
                .filter_map(|i| events.get(i).cloned()),
        );
    };
    for piece in pieces {
        let start = out.len();
        match *piece {
            Piece::Intro => copy(&mut out, outline.intro.clone()),
            Piece::Heading(step) => {
                if let Some(s) = outline.steps.get(step) {
                    copy(&mut out, s.heading.clone());
                    // A step with a page is known by its id; one without
                    // (its id unusable or taken, which is reported) gets
                    // an id of the page's choosing, so it clashes with nothing.
                    if let (Some((Event::Start(Tag::Heading { id, .. }), _)), Some(st)) =
                        (out.get_mut(start), scenario.steps.get(step))
                    {
                        *id = st.page.map(|_| st.id.clone().into());
                    }
                }
            }
            Piece::Body(step) => {
                if let Some(s) = outline.steps.get(step) {
                    copy(&mut out, s.body.clone());
                }
            }
            Piece::Label { step, choice } => {
                if let Some(c) = choice_outline(outline, step, choice) {
                    copy(&mut out, c.label_events.clone());
                }
            }
            Piece::Feedback { from, choice } => {
                if let Some(c) = choice_outline(outline, from, choice) {
                    feedback(events, c, &mut out);
                }
            }
            Piece::Footnotes => {
                // In the order they are first referred to, as numbered.
                let mut seen = HashSet::new();
                let mut referred: Vec<String> = Vec::new();
                for (e, _) in &out {
                    if let Event::FootnoteReference(label) = e {
                        let label = anchors::footnote_label(label);
                        if seen.insert(label.clone()) {
                            referred.push(label);
                        }
                    }
                }
                for label in &referred {
                    if let Some((_, range)) = outline
                        .footnote_at
                        .get(label)
                        .and_then(|&n| outline.footnotes.get(n))
                    {
                        out.extend(range.clone().filter_map(|i| events.get(i).cloned()));
                    }
                }
            }
        }
        let at = out.last().map_or(0, |(_, r)| r.end);
        out.push((Event::Html(PIECE_END.into()), at..at));
    }
    out
}

fn choice_outline(outline: &Outline, step: usize, choice: usize) -> Option<&ChoiceOutline> {
    outline.steps.get(step)?.choices.get(choice)
}

/// A choice's feedback events: what follows its link, less the dash or
/// colon that joins them, in a paragraph of its own. Nothing when there is
/// no feedback.
fn feedback<'a>(events: &Events<'a>, choice: &ChoiceOutline, out: &mut Events<'a>) {
    let Some(slice) = events.get(choice.feedback.clone()) else {
        return;
    };
    let mut taken: Events<'a> = slice.to_vec();
    // Leading joining punctuation: ` — feedback`, `: feedback`, ` - feedback`.
    while let Some((Event::Text(t), range)) = taken.first() {
        let trimmed = t.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | ',' | ';' | '.')
        });
        if trimmed.is_empty() {
            taken.remove(0);
        } else {
            let range = range.clone();
            let cut = t.len() - trimmed.len();
            let rest = trimmed.to_string();
            taken[0] = (Event::Text(rest.into()), range.start + cut..range.end);
            break;
        }
    }
    let has_content = taken.iter().any(|(e, _)| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) | Event::SoftBreak
        )
    });
    if !has_content {
        return;
    }
    let at = taken.first().map_or(0, |(_, r)| r.start);
    // The text after the link goes in a paragraph of its own; blocks after
    // it (more paragraphs of a loose item, a nested list) follow as they are.
    let inline_end = if choice.loose {
        taken
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
            .unwrap_or(taken.len())
    } else {
        taken
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(t) if is_block(t)))
            .unwrap_or(taken.len())
    };
    let rest = taken.split_off(inline_end);
    let rest = if choice.loose {
        &rest[rest.len().min(1)..]
    } else {
        &rest[..]
    };
    if !taken.is_empty() {
        out.push((Event::Start(Tag::Paragraph), at..at));
        let end = taken.last().map_or(at, |(_, r)| r.end);
        out.extend(taken);
        out.push((Event::End(TagEnd::Paragraph), end..end));
    }
    out.extend(rest.iter().cloned());
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::MetadataBlock(_)
    )
}

/// Every page of a scenario with the pieces it shows: each step that has a
/// page, then the overview.
pub fn pages(scenario: &Scenario) -> Vec<(usize, Vec<Piece>)> {
    let mut out: Vec<(usize, Vec<Piece>)> = scenario
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.page?, step_pieces(scenario, i))))
        .collect();
    out.extend(scenario.overview.map(|o| (o, overview_pieces(scenario))));
    out
}

/// Assembles the pieces of one page and scans them as one document, as
/// rendering does: the page's events and its scan.
/// `steps` holds the scenario's step ids ([`step_ids`]): headings that are
/// not steps keep clear of them, so `#step-id` always means the step.
pub fn scan_page<'a>(
    body: &Body<'_>,
    events: &Events<'a>,
    outline: &Outline,
    scenario: &Scenario,
    steps: &HashSet<&str>,
    pieces: &[Piece],
) -> (Events<'a>, anchors::Scan) {
    let assembled = assemble(events, outline, scenario, pieces);
    let scan = anchors::scan_events_reserving(body, &assembled, steps);
    (assembled, scan)
}

/// The ids of the steps of `scenario`, which other headings must not take.
pub fn step_ids(scenario: &Scenario) -> HashSet<&str> {
    scenario.steps.iter().map(|s| s.id.as_str()).collect()
}

/// Splits assembled events at each [`PIECE_END`], one list per piece.
pub fn split_pieces<'a>(events: Events<'a>) -> Vec<Events<'a>> {
    let mut out = vec![Vec::new()];
    for (event, range) in events {
        match &event {
            Event::Html(h) if h.as_ref() == PIECE_END => out.push(Vec::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push((event, range));
                }
            }
        }
    }
    out.pop();
    out
}

/// Whether a step id can be the last part of a URL as it is: what [`anchors::slug`]
/// makes of it is the id itself.
pub fn usable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_BYTES && anchors::slug(id) == id
}

/// Longest step id, in bytes: it names a folder of the site, and file
/// systems refuse names much longer than this.
pub const MAX_ID_BYTES: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    /// The scenario read from `md`, with the warnings of its format.
    fn read_md(md: &str, start: Option<&str>) -> (Scenario, Vec<crate::error::Diagnostic>) {
        let events = anchors::parse(md, 0);
        let start = start.map(|s| (s.to_string(), Location::file("s.md")));
        let scenario = read(md, 0, &events, start.as_ref(), 0);
        let problems = crate::check::scenarios::not_choices("s.md", &scenario);
        (scenario, problems)
    }

    const WALK: &str = "Intro text.\n\n## On the ward {#ward}\n\nYou are tired.\n\n- [Keep going](#keep-going) — It feels easier.\n- [Tell someone](#tell) — A good first step.\n\n## Keep going\n\nA month later.\n\n- [Try again](#ward)\n- [Tell someone](#tell)\n\n## Tell someone {#tell}\n\nYou talk to your supervisor.[^1]\n\n[^1]: A note.\n";

    #[test]
    fn steps_choices_and_feedback() {
        let events = anchors::parse(WALK, 0);
        let o = outline(&events);
        assert_eq!(o.steps.len(), 3);
        assert_eq!(o.steps[0].id(), "ward");
        assert_eq!(o.steps[1].id(), "keep-going");
        assert_eq!(o.steps[0].choices.len(), 2);
        let c = &o.steps[0].choices[0];
        assert_eq!(c.target, "keep-going");
        assert_eq!(c.label, "Keep going");
        let feedback: String = events[c.feedback.clone()]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(feedback, " — It feels easier.");
        assert!(o.steps[2].choices.is_empty());
        assert_eq!(o.footnotes.len(), 1);
        assert!(!o.intro.is_empty());
    }

    #[test]
    fn graph_and_numbers() {
        let (s, problems) = read_md(WALK, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.start, Some(0));
        assert_eq!(
            s.steps[1].choices[0].to,
            Some(0),
            "a cycle back to the start"
        );
        let numbers: Vec<_> = s.steps.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(2)]);
        assert!(s.steps[2].is_ending());
        assert_eq!(s.incoming(2).collect::<Vec<_>>(), [(0, 1), (1, 1)]);
        let (s, _) = read_md(WALK, Some("keep-going"));
        assert_eq!(s.start, Some(1));
        let (s, _) = read_md(WALK, Some("nowhere"));
        assert_eq!(s.start, None);
    }

    #[test]
    fn a_list_that_is_partly_choices_is_warned_about() {
        let (s, problems) = read_md("## A\n\n- [B](#b)\n- just text\n\n## B\n", None);
        assert!(s.steps[0].is_ending());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location, Some(Location::at("s.md", 4, 1)));
    }

    #[test]
    fn lists_elsewhere_and_nested_headings_are_text() {
        let md = "## A\n\n- [B](#b)\n\nMore text.\n\n> ## Not a step\n\n## B\n";
        let (s, problems) = read_md(md, None);
        assert_eq!(s.steps.len(), 2);
        assert!(s.steps[0].is_ending(), "the list is not the last block");
        assert!(problems.is_empty());
    }

    #[test]
    fn loose_lists_are_choices_too() {
        let md = "## A\n\n- [B](#b): fine.\n\n  More feedback.\n\n- [A again](#a)\n\n## B\n";
        let events = anchors::parse(md, 0);
        let o = outline(&events);
        assert_eq!(o.steps[0].choices.len(), 2);
        assert!(o.steps[0].choices[0].loose);
    }

    #[test]
    fn usable_ids() {
        assert!(usable_id("ring-the-psu"));
        assert!(!usable_id("Ring_PSU"));
        assert!(!usable_id(""));
    }
}
