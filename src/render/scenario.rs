//! Rendering a scenario: one parse of its file gives every page of it —
//! the start step (the scenario's own page), a page per other step, and the
//! facilitator's overview with its map.
//!
//! Each page is assembled from the model's [`Piece`]s, scanned (ids,
//! footnotes, links — so checks see exactly what each page holds), run
//! through the markdown passes as one document, and cut back into pieces
//! for the theme to place. Choices are plain links: to the next step's page,
//! at the anchor of this choice's feedback, which the theme shows with CSS
//! `:target` — so feedback is visible without JavaScript.

use std::collections::HashSet;

use super::context::{ChoiceInfo, FeedbackInfo, ScenarioInfo, StepInfo};
use super::markdown::{self, Printout};
use super::scenario_map::{self, MapEdge, MapNode};
use crate::model::anchors::{self, Events};
use crate::model::links::relative;
use crate::model::scenario::{self, Outline, Piece, Scenario};
use crate::model::{PageKind, Scan, Site};

/// A scenario page, ready for its template.
pub struct ScenarioPage<'a> {
    pub page: usize,
    pub info: ScenarioInfo<'a>,
    /// The body for templates that only print `page.content`: the step (or
    /// every step, on the overview) as plain HTML.
    pub content: String,
    pub scan: Scan,
    /// Its text for the search index: a step's introduction, body and
    /// choices (nothing for the overview, which repeats the steps).
    pub sections: Vec<super::search::Section>,
    /// On the overview, when the scenario is in a printout: its part.
    pub printout: Option<PrintedScenario>,
}

/// A scenario's part of its printout: the overview's pieces made again,
/// from the same parse, with the printout's ids and links
/// ([`Printout`]). The rest of what the overview shows comes from the
/// model ([`printout_info`]).
#[derive(Debug, Clone, Default)]
pub struct PrintedScenario {
    pub intro: String,
    /// The map, its ids prefixed with the part's name.
    pub map: String,
    pub footnotes: String,
    /// Every step in file order.
    pub steps: Vec<PrintedStep>,
}

/// A step in a printout.
#[derive(Debug, Clone, Default)]
pub struct PrintedStep {
    pub heading: String,
    pub body: String,
    /// Each choice's label and feedback (HTML).
    pub choices: Vec<(String, String)>,
}

/// Every page of the scenario whose page is `page`, from its file's `text`
/// (its body from `body_start`).
pub fn render<'a>(
    site: &'a Site,
    page: usize,
    text: &str,
    body_start: usize,
    printout: impl Fn(usize) -> Option<Printout<'a>>,
) -> Vec<ScenarioPage<'a>> {
    let Some(scenario) = site.scenario_of(page) else {
        return Vec::new();
    };
    let events = anchors::parse(text, body_start);
    let outline = scenario::outline(&events);
    let doc = Doc {
        site,
        scenario,
        events: &events,
        outline: &outline,
        body: anchors::Body::new(text, body_start),
        step_ids: scenario::step_ids(scenario),
        ending_count: scenario.steps.iter().filter(|s| s.is_ending()).count(),
    };
    let mut pages = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let Some(p) = step.page else { continue };
        let pieces = scenario::step_pieces(scenario, i);
        let (scan, html, text) = doc.render_pieces(p, &pieces, None);
        let mut info = doc.info(p);
        let mut step_info = doc.step_info(p, i);
        for (piece, html) in pieces.iter().zip(html) {
            match *piece {
                Piece::Intro => info.intro = html,
                Piece::Heading(_) => step_info.heading = html,
                Piece::Body(_) => step_info.body = html,
                Piece::Feedback { from, choice } => {
                    if let Some(s) = scenario.steps.get(from) {
                        step_info.feedback.push(FeedbackInfo {
                            id: scenario::feedback_id(&s.id, choice),
                            from: &s.title,
                            choice: doc.label_text(from, choice),
                            html,
                        });
                    }
                }
                Piece::Label { choice, .. } => {
                    if let Some(c) = step_info.choices.get_mut(choice) {
                        c.label = html;
                    }
                }
                Piece::Footnotes => info.footnotes = html,
            }
        }
        let content = format!(
            "{}{}{}{}",
            info.intro, step_info.heading, step_info.body, info.footnotes
        );
        info.step = Some(step_info);
        pages.push(ScenarioPage {
            page: p,
            info,
            content,
            scan,
            sections: vec![super::search::Section::new(None, text)],
            printout: None,
        });
    }
    if let Some(p) = scenario.overview {
        pages.push(doc.overview(p, printout(p)));
    }
    pages
}

/// One scenario file, parsed once, and what its pages are made from.
struct Doc<'s, 'e> {
    site: &'s Site,
    scenario: &'s Scenario,
    events: &'e Events<'e>,
    outline: &'e Outline,
    body: anchors::Body<'e>,
    /// The scenario's step ids, which other headings must not take.
    step_ids: HashSet<&'s str>,
    /// How many of its steps are endings.
    ending_count: usize,
}

impl<'s> Doc<'s, '_> {
    /// Scans the pieces of page `p` as one document, runs the markdown
    /// passes over them and returns each piece's HTML, and the plain text of
    /// its introduction, step body and choices (for search).
    fn render_pieces(
        &self,
        p: usize,
        pieces: &[Piece],
        print: Option<Printout<'s>>,
    ) -> (Scan, Vec<String>, String) {
        let site = self.site;
        let (assembled, scan) = scenario::scan_page(
            &self.body,
            self.events,
            self.outline,
            self.scenario,
            &self.step_ids,
            pieces,
        );
        let processed = markdown::passes(site, p, &scan, assembled, print);
        let split = scenario::split_pieces(processed.collect());
        let searched = split
            .iter()
            .zip(pieces)
            .filter(|(_, piece)| {
                matches!(piece, Piece::Intro | Piece::Body(_) | Piece::Label { .. })
            })
            .flat_map(|(events, _)| events.iter().map(|(e, _)| e));
        let text = super::search::plain_text(searched);
        let html = split
            .into_iter()
            .map(|events| {
                let mut out = String::new();
                markdown::push_html(&mut out, events);
                out
            })
            .collect();
        (scan, html, text)
    }

    /// The plain text of a choice's label, escaped: where the label is
    /// shown on a page other than its own step's.
    fn label_text(&self, step: usize, choice: usize) -> String {
        self.scenario
            .steps
            .get(step)
            .and_then(|s| s.choices.get(choice))
            .map(|c| markdown::escape(&c.label))
            .unwrap_or_default()
    }

    fn info(&self, p: usize) -> ScenarioInfo<'s> {
        info(
            self.site,
            self.scenario,
            &self.site.pages[p].url,
            self.ending_count,
        )
    }

    fn step_info(&self, p: usize, i: usize) -> StepInfo<'s> {
        let on_overview = matches!(self.site.pages[p].kind, PageKind::Overview { .. });
        step_info(
            self.site,
            self.scenario,
            &self.site.pages[p].url,
            on_overview,
            None,
            i,
        )
    }

    fn overview(&self, p: usize, print: Option<Printout<'s>>) -> ScenarioPage<'s> {
        let scenario = self.scenario;
        let pieces = scenario::overview_pieces(scenario);
        let (scan, html, _) = self.render_pieces(p, &pieces, None);
        let printout = print.map(|print| {
            let (_, html, _) = self.render_pieces(p, &pieces, Some(print));
            let mut printed = PrintedScenario {
                steps: scenario
                    .steps
                    .iter()
                    .map(|s| PrintedStep {
                        choices: vec![Default::default(); s.choices.len()],
                        ..PrintedStep::default()
                    })
                    .collect(),
                ..PrintedScenario::default()
            };
            for (piece, html) in pieces.iter().zip(html) {
                match *piece {
                    Piece::Intro => printed.intro = html,
                    Piece::Heading(i) => {
                        if let Some(s) = printed.steps.get_mut(i) {
                            s.heading = html;
                        }
                    }
                    Piece::Body(i) => {
                        if let Some(s) = printed.steps.get_mut(i) {
                            s.body = html;
                        }
                    }
                    Piece::Label { step, choice } => {
                        if let Some(c) = printed
                            .steps
                            .get_mut(step)
                            .and_then(|s| s.choices.get_mut(choice))
                        {
                            c.0 = html;
                        }
                    }
                    Piece::Feedback { from, choice } => {
                        if let Some(c) = printed
                            .steps
                            .get_mut(from)
                            .and_then(|s| s.choices.get_mut(choice))
                        {
                            c.1 = html;
                        }
                    }
                    Piece::Footnotes => printed.footnotes = html,
                }
            }
            printed.map = {
                let (nodes, edges) = map_of(scenario);
                scenario_map::svg_in(
                    print.name,
                    &self.site.pages[scenario.page].title,
                    &nodes,
                    &edges,
                )
            };
            printed
        });
        let mut info = self.info(p);
        let mut steps: Vec<StepInfo<'s>> = (0..scenario.steps.len())
            .map(|i| self.step_info(p, i))
            .collect();
        for (piece, html) in pieces.iter().zip(html) {
            match *piece {
                Piece::Intro => info.intro = html,
                Piece::Heading(i) => {
                    if let Some(s) = steps.get_mut(i) {
                        s.heading = html;
                    }
                }
                Piece::Body(i) => {
                    if let Some(s) = steps.get_mut(i) {
                        s.body = html;
                    }
                }
                Piece::Label { step, choice } => {
                    if let Some(c) = steps.get_mut(step).and_then(|s| s.choices.get_mut(choice)) {
                        c.label = html;
                    }
                }
                Piece::Feedback { from, choice } => {
                    if let Some(c) = steps.get_mut(from).and_then(|s| s.choices.get_mut(choice)) {
                        c.feedback = html;
                    }
                }
                Piece::Footnotes => info.footnotes = html,
            }
        }
        let (nodes, edges) = map_of(scenario);
        info.map = scenario_map::svg(info.title, &nodes, &edges);
        let mut content = info.intro.clone();
        for s in &steps {
            content.push_str(&s.heading);
            content.push_str(&s.body);
        }
        content.push_str(&info.footnotes);
        info.steps = steps;
        ScenarioPage {
            page: p,
            info,
            content,
            scan,
            sections: Vec::new(),
            printout,
        }
    }
}

/// The steps and choices of `scenario`, for its map.
fn map_of(scenario: &Scenario) -> (Vec<MapNode<'_>>, Vec<MapEdge>) {
    let nodes = scenario
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| MapNode {
            id: &s.id,
            title: &s.title,
            start: scenario.start == Some(i),
            ending: s.is_ending(),
        })
        .collect();
    let edges = scenario
        .steps
        .iter()
        .enumerate()
        .flat_map(|(from, s)| {
            s.choices
                .iter()
                .filter_map(move |c| c.to.map(|to| MapEdge { from, to }))
        })
        .collect();
    (nodes, edges)
}

/// What every page of `scenario` shows of it, with links from `from`.
fn info<'s>(
    site: &'s Site,
    scenario: &'s Scenario,
    from: &str,
    ending_count: usize,
) -> ScenarioInfo<'s> {
    let own = &site.pages[scenario.page];
    ScenarioInfo {
        title: &own.title,
        content_notes: &scenario.content_notes,
        summary: own.summary.as_deref(),
        start: relative_or_here(from, &own.url),
        overview: scenario
            .overview
            .map(|o| relative_or_here(from, &site.pages[o].url))
            .unwrap_or_default(),
        key: &own.url,
        step_count: scenario.steps.len(),
        ending_count,
        ..ScenarioInfo::default()
    }
}

/// Step `i` as a page at `from` shows it, its choices linking to the pages
/// of the steps they lead to (on the overview: to their sections; in a
/// printout, `print`, to their sections there).
fn step_info<'s>(
    site: &'s Site,
    scenario: &'s Scenario,
    from: &str,
    on_overview: bool,
    print: Option<&Printout<'_>>,
    i: usize,
) -> StepInfo<'s> {
    let step = &scenario.steps[i];
    StepInfo {
        id: &step.id,
        title: &step.title,
        number: step.number,
        is_start: scenario.start == Some(i),
        is_ending: step.is_ending(),
        heading: String::new(),
        body: String::new(),
        feedback: Vec::new(),
        choices: step
            .choices
            .iter()
            .enumerate()
            .map(|(n, c)| {
                let target = c.to.and_then(|t| scenario.steps.get(t));
                let href = match (target.and_then(|t| t.page), print) {
                    (_, Some(print)) => format!("#{}", print.id(&c.target)),
                    (Some(_), None) if on_overview => format!("#{}", c.target),
                    (Some(tp), None) => format!(
                        "{}#{}",
                        relative_or_here(from, &site.pages[tp].url),
                        scenario::feedback_id(&step.id, n)
                    ),
                    (None, None) => format!("#{}", c.target),
                };
                ChoiceInfo {
                    label: markdown::escape(&c.label),
                    href,
                    target: target.map_or(c.target.as_str(), |t| t.title.as_str()),
                    to: &c.target,
                    feedback: String::new(),
                }
            })
            .collect(),
    }
}

/// The overview of the scenario of page `overview` as its part of the
/// printout `print` shows it: what the model says of it, with the HTML of
/// its part (`printed`), every link made from the printout's folder.
pub fn printout_info<'s>(
    site: &'s Site,
    overview: usize,
    print: &Printout<'_>,
    printed: &PrintedScenario,
) -> Option<ScenarioInfo<'s>> {
    let scenario = site.scenario_of(overview)?;
    let ending_count = scenario.steps.iter().filter(|s| s.is_ending()).count();
    let mut info = info(site, scenario, print.url, ending_count);
    info.intro = printed.intro.clone();
    info.map = printed.map.clone();
    info.footnotes = printed.footnotes.clone();
    info.steps = (0..scenario.steps.len())
        .map(|i| {
            let mut step = step_info(site, scenario, print.url, true, Some(print), i);
            if let Some(p) = printed.steps.get(i) {
                step.heading = p.heading.clone();
                step.body = p.body.clone();
                for (c, (label, feedback)) in step.choices.iter_mut().zip(&p.choices) {
                    c.label = label.clone();
                    c.feedback = feedback.clone();
                }
            }
            step
        })
        .collect();
    Some(info)
}

/// `relative`, but `./` rather than an empty href for the page itself.
fn relative_or_here(from: &str, to: &str) -> String {
    let r = relative(from, to);
    if r.is_empty() {
        "./".to_string()
    } else {
        r
    }
}
