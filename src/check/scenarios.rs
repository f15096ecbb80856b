//! Scenario graphs: every published scenario must be a walk-through a
//! reader can finish. Each step is reachable from the start, an ending is
//! reachable from each step, every choice leads to a step, and step ids are
//! unique and usable in URLs. Each problem is an error at the line of the
//! step or choice concerned.

use std::collections::{HashMap, VecDeque};

use crate::error::{closest, Code, Diagnostic, Location};
use crate::model::scenario::{usable_id, Scenario, MAX_ID_BYTES, RESERVED_STEP_IDS};
use crate::model::Site;

pub fn check_scenarios(site: &Site) -> Vec<Diagnostic> {
    site.scenarios
        .iter()
        .filter(|s| site.pages[s.page].published)
        .flat_map(|s| check_scenario(&site.pages[s.page].path, s))
        .collect()
}

/// Warns about each step of every scenario (drafts too) whose last list
/// is almost choices: some items start with a link to a step, one does not.
pub fn check_not_choices(site: &Site) -> Vec<Diagnostic> {
    site.scenarios
        .iter()
        .flat_map(|s| not_choices(&site.pages[s.page].path, s))
        .collect()
}

/// [`check_not_choices`] for one scenario, read from the file at `path`.
pub fn not_choices(path: &str, scenario: &Scenario) -> Vec<Diagnostic> {
    scenario
        .steps
        .iter()
        .filter_map(|step| step.not_choices)
        .map(|(line, col)| {
            Diagnostic::warning(
                Code::ScenarioNotChoices,
                Some(Location::at(path, line, col)),
                "this list is shown as an ordinary list, not as choices: this item does not start with a link to a step",
            )
            .with_help("start every item of a step's last list with a link such as `[Ring the PSU](#ring-the-psu)`, or end the step with something other than a list")
        })
        .collect()
}

fn check_scenario(path: &str, scenario: &Scenario) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let steps = &scenario.steps;
    if steps.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::ScenarioNoSteps,
                Some(Location::at(path, scenario.body_line, 1)),
                "the scenario has no steps",
            )
            .with_help("start each step with a `## Heading`, and end it with the choices as a list of links: `- [Ring the PSU](#ring-the-psu)`"),
        );
        return problems;
    }
    let at = |line: usize, col: usize| Some(Location::at(path, line, col));

    // Ids: usable in a URL, not reserved, not taken. A step whose id is
    // reported has no page, and the graph checks pass over it.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for step in steps {
        let id = step.id.as_str();
        if id.is_empty() {
            problems.push(
                Diagnostic::error(
                    Code::ScenarioStepId,
                    at(step.line, step.col),
                    "this step's heading has no letters or digits to make its id from",
                )
                .with_help("give the heading words, or pin an id: `## … {#what-next}`"),
            );
        } else if id.len() > MAX_ID_BYTES {
            problems.push(
                Diagnostic::error(
                    Code::ScenarioStepId,
                    at(step.line, step.col),
                    "this step's id is too long to be part of a web address",
                )
                .with_help("pin a short id on the heading: `## … {#what-next}`"),
            );
        } else if !usable_id(id) {
            problems.push(
                Diagnostic::error(
                    Code::ScenarioStepId,
                    at(step.line, step.col),
                    format!("the step id `{id}` cannot be part of a web address"),
                )
                .with_help(format!(
                    "use lower-case letters, digits and hyphens, e.g. `{{#{}}}`",
                    crate::model::anchors::slug(id)
                )),
            );
        } else if RESERVED_STEP_IDS.contains(&id) {
            problems.push(
                Diagnostic::error(
                    Code::ScenarioReservedStep,
                    at(step.line, step.col),
                    format!("the step id `{id}` is reserved: `{id}/` is the scenario's facilitator page"),
                )
                .with_help(format!("pin a different id on the heading, e.g. `{{#{id}-step}}`")),
            );
        }
        match first.get(id) {
            Some(&line) => problems.push(
                Diagnostic::error(
                    Code::ScenarioDuplicateStep,
                    at(step.line, step.col),
                    format!("two steps have the id `{id}` (the first is at line {line})"),
                )
                .with_help("rename one of the headings, or pin a different id with `{#id}`"),
            ),
            None => {
                first.insert(id, step.line);
            }
        }
    }

    // The start.
    let start = match (scenario.start, &scenario.start_named) {
        (Some(start), _) => Some(start),
        (None, Some((id, location))) => {
            let d = Diagnostic::error(
                Code::ScenarioStart,
                Some(location.clone()),
                format!("`start: {id}` names no step of this scenario"),
            );
            problems.push(match closest(id, steps.iter().map(|s| s.id.as_str())) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(
                    "give the id of a step, or remove `start:` to start at the first step",
                ),
            });
            None
        }
        (None, None) => None,
    };

    // Choices lead to steps.
    for step in steps {
        for choice in step.choices.iter().filter(|c| c.to.is_none()) {
            let d = Diagnostic::error(
                Code::ScenarioBrokenChoice,
                at(choice.line, choice.col),
                format!(
                    "the choice `{}` leads to `#{}`, which is not a step of this scenario",
                    choice.label, choice.target
                ),
            );
            problems.push(
                match closest(&choice.target, steps.iter().map(|s| s.id.as_str())) {
                    Some(best) => d.with_help(format!("did you mean `#{best}`?")),
                    None => d.with_help(
                        "link to the id of a step: its `{#id}`, or its heading as lower-case words joined by hyphens",
                    ),
                },
            );
        }
    }

    // The rest follows paths from the start.
    let Some(start) = start else {
        return problems;
    };

    // Every step reachable from the start.
    let reached = reach(steps.len(), &[start], |i| {
        steps[i].choices.iter().filter_map(|c| c.to).collect()
    });
    for (i, step) in steps.iter().enumerate() {
        if !reached[i] && step.page.is_some() {
            problems.push(
                Diagnostic::error(
                    Code::ScenarioUnreachable,
                    at(step.line, step.col),
                    format!(
                        "no path from the start (`{}`) reaches the step `{}`",
                        steps[start].id, step.id
                    ),
                )
                .with_help(format!(
                    "add a choice that leads to it (`[…](#{})`), or remove the step",
                    step.id
                )),
            );
        }
    }

    // An ending reachable from every step.
    let endings: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].is_ending()).collect();
    if endings.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::ScenarioNoEnding,
                at(steps[start].line, steps[start].col),
                "the scenario has no ending: every step has choices, so a reader can never finish",
            )
            .with_help("add a step without choices to end the walk-through"),
        );
        return problems;
    }
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for (from, step) in steps.iter().enumerate() {
        for to in step.choices.iter().filter_map(|c| c.to) {
            into[to].push(from);
        }
    }
    // One search back from all the endings at once: a search per ending
    // would cost steps × endings.
    let finishes = reach(steps.len(), &endings, |i| into[i].clone());
    for (i, step) in steps.iter().enumerate() {
        // An unreachable step is reported as that already.
        if !finishes[i] && reached[i] && step.page.is_some() {
            problems.push(
                Diagnostic::error(
                    Code::ScenarioTrap,
                    at(step.line, step.col),
                    format!(
                        "no ending can be reached from the step `{}`: a reader who gets here can never finish",
                        step.id
                    ),
                )
                .with_help("give it, or a step it leads to, a choice that leads towards an ending"),
            );
        }
    }
    problems
}

/// Which of `n` nodes can be reached from any of `from`, following `next`.
fn reach(n: usize, from: &[usize], next: impl Fn(usize) -> Vec<usize>) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    for &start in from {
        if let Some(s) = seen.get_mut(start) {
            if !*s {
                *s = true;
                queue.push_back(start);
            }
        }
    }
    while let Some(at) = queue.pop_front() {
        for to in next(at) {
            if let Some(s) = seen.get_mut(to) {
                if !*s {
                    *s = true;
                    queue.push_back(to);
                }
            }
        }
    }
    seen
}
