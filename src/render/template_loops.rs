//! Render (theme): loops between templates, found before anything renders.
//!
//! Input: the parsed templates of the theme (Tera's syntax trees) and their
//! source texts. Output: a `template` diagnostic for each loop, and for a
//! chain of templates deeper than [`MAX_DEPTH`].
//!
//! Why: Tera follows `{% include %}`, `{% import %}` and macro calls by
//! recursion and has no limit of its own, so a template that includes
//! itself, two that import each other or a macro that calls itself would
//! overflow the stack — an abort with no message, in `build` and in the
//! preview alike. (Tera itself reports a loop of `{% extends %}`.) A macro
//! that calls itself is refused even when it would stop, because nothing
//! can stop it when it does not: the navigation and every nested list
//! come from induct already built.
//!
//! Invariant: the checks here walk each template once and each link
//! between them once (iteratively), so a theme of any size costs linear
//! time and a bounded stack.

use std::collections::{BTreeMap, HashMap};

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

use crate::error::{line_col, Code, Diagnostic, Location};

/// The deepest chain of templates (including, importing or extending one
/// another) that a theme may have.
pub const MAX_DEPTH: usize = 32;

/// How one template uses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Extends,
    Includes,
    Imports,
}

impl Use {
    fn verb(self) -> &'static str {
        match self {
            Use::Extends => "extends",
            Use::Includes => "includes",
            Use::Imports => "imports macros from",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Use::Extends => "extends",
            Use::Includes => "include",
            Use::Imports => "import",
        }
    }
}

/// What the checks need of the theme: each template's text and the path
/// diagnostics show for it, by template name.
pub struct Sources<'a> {
    pub texts: &'a BTreeMap<String, String>,
    pub paths: &'a BTreeMap<String, String>,
}

/// Every loop between templates and between macros, and every chain of
/// templates deeper than [`MAX_DEPTH`].
pub fn check(tera: &Tera, sources: &Sources<'_>) -> Vec<Diagnostic> {
    let names: Vec<&str> = sources.texts.keys().map(String::as_str).collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<(usize, Use)>> = names
        .iter()
        .map(|name| match tera.templates.get(*name) {
            Some(t) => template_uses(t)
                .into_iter()
                .filter_map(|(target, how)| index.get(target.as_str()).map(|&i| (i, how)))
                .collect(),
            None => Vec::new(),
        })
        .collect();
    let mut problems = Vec::new();
    let cycles = find_cycles(&edges);
    for cycle in &cycles {
        problems.push(template_loop(&names, &edges, cycle, sources));
    }
    if cycles.is_empty() {
        if let Some(chain) = deepest_chain(&edges).filter(|c| c.len() > MAX_DEPTH) {
            let shown: Vec<&str> = chain.iter().map(|&i| names[i]).collect();
            let first = names[chain[0]];
            problems.push(
                Diagnostic::error(
                    Code::Template,
                    Some(Location::file(path_of(sources, first))),
                    format!(
                        "templates use one another {} levels deep ({}); induct follows at most {MAX_DEPTH}",
                        chain.len(),
                        shown.join(" → ")
                    ),
                )
                .with_help("put what the inner templates show into fewer, larger templates"),
            );
        }
    }
    problems.extend(macro_loops(tera, &names, sources));
    problems
}

/// The templates `template` uses, in the order they appear.
fn template_uses(template: &tera::Template) -> Vec<(String, Use)> {
    let mut uses = Vec::new();
    if let Some(parent) = &template.parent {
        uses.push((parent.clone(), Use::Extends));
    }
    for (file, _) in &template.imported_macro_files {
        uses.push((file.clone(), Use::Imports));
    }
    let mut includes = Vec::new();
    walk(&template.ast, &mut |node| {
        if let Node::Include(_, names, _) = node {
            includes.extend(names.iter().cloned());
        }
    });
    for definition in template.macros.values() {
        walk(&definition.body, &mut |node| {
            if let Node::Include(_, names, _) = node {
                includes.extend(names.iter().cloned());
            }
        });
    }
    uses.extend(includes.into_iter().map(|n| (n, Use::Includes)));
    uses
}

/// Calls `visit` on every node of `nodes` and of the bodies inside them.
fn walk<'a>(nodes: &'a [Node], visit: &mut impl FnMut(&'a Node)) {
    let mut stack: Vec<&'a Node> = nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        visit(node);
        let mut push = |body: &'a [Node]| {
            let start = stack.len();
            stack.extend(body.iter());
            stack[start..].reverse();
        };
        match node {
            Node::Block(_, block, _) => push(&block.body),
            Node::Forloop(_, forloop, _) => {
                if let Some(empty) = &forloop.empty_body {
                    push(empty);
                }
                push(&forloop.body);
            }
            Node::If(branches, _) => {
                if let Some((_, otherwise)) = &branches.otherwise {
                    push(otherwise);
                }
                for (_, _, body) in branches.conditions.iter().rev() {
                    push(body);
                }
            }
            Node::FilterSection(_, section, _) => push(&section.body),
            Node::MacroDefinition(_, definition, _) => push(&definition.body),
            _ => {}
        }
    }
}

/// The expressions of one node (not of the nodes inside it).
fn node_exprs(node: &Node) -> Vec<&Expr> {
    match node {
        Node::VariableBlock(_, e) => vec![e],
        Node::Set(_, set) => vec![&set.value],
        Node::Forloop(_, forloop, _) => vec![&forloop.container],
        Node::If(branches, _) => branches.conditions.iter().map(|(_, e, _)| e).collect(),
        Node::FilterSection(_, section, _) => section.filter.args.values().collect(),
        Node::MacroDefinition(_, definition, _) => definition.args.values().flatten().collect(),
        _ => Vec::new(),
    }
}

/// Every macro call in `exprs` and the expressions inside them, as
/// (namespace, name).
fn macro_calls<'a>(exprs: Vec<&'a Expr>, calls: &mut Vec<(&'a str, &'a str)>) {
    let mut stack = exprs;
    while let Some(expr) = stack.pop() {
        for filter in &expr.filters {
            stack.extend(filter.args.values());
        }
        let mut values: Vec<&ExprVal> = vec![&expr.val];
        while let Some(value) = values.pop() {
            match value {
                ExprVal::MacroCall(call) => {
                    calls.push((&call.namespace, &call.name));
                    stack.extend(call.args.values());
                }
                ExprVal::FunctionCall(call) => stack.extend(call.args.values()),
                ExprVal::Math(m) => stack.extend([&*m.lhs, &*m.rhs]),
                ExprVal::Logic(l) => stack.extend([&*l.lhs, &*l.rhs]),
                ExprVal::In(i) => stack.extend([&*i.lhs, &*i.rhs]),
                ExprVal::Test(t) => stack.extend(t.args.iter()),
                ExprVal::Array(items) => stack.extend(items.iter()),
                ExprVal::StringConcat(concat) => values.extend(concat.values.iter()),
                _ => {}
            }
        }
    }
}

/// Loops among the links `edges` (node → [(node, how)]): one loop for each
/// set of templates that reach each other, found by one depth-first walk.
fn find_cycles(edges: &[Vec<(usize, Use)>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; edges.len()];
    let mut cycles = Vec::new();
    for start in 0..edges.len() {
        if seen[start] != Seen::No {
            continue;
        }
        // The path from `start`, each node with the next edge to follow.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        seen[start] = Seen::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&(to, _)) = edges[node].get(*next) else {
                seen[node] = Seen::Done;
                path.pop();
                continue;
            };
            *next += 1;
            match seen[to] {
                Seen::No => {
                    seen[to] = Seen::OnPath;
                    path.push((to, 0));
                }
                Seen::OnPath => {
                    let from = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    cycles.push(path[from..].iter().map(|&(n, _)| n).collect());
                }
                Seen::Done => {}
            }
        }
    }
    cycles
}

/// The longest chain of links in `edges`, which has no loops.
fn deepest_chain(edges: &[Vec<(usize, Use)>]) -> Option<Vec<usize>> {
    // depth[n]: the number of templates on the longest chain from n, and
    // the next one on it; filled in after all of n's targets.
    let mut depth: Vec<Option<(usize, Option<usize>)>> = vec![None; edges.len()];
    for start in 0..edges.len() {
        let mut stack = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if depth[node].is_some() {
                continue;
            }
            if expanded {
                let best = edges[node]
                    .iter()
                    .filter_map(|&(to, _)| depth[to].map(|(d, _)| (d, to)))
                    .max_by_key(|&(d, _)| d);
                depth[node] = Some(match best {
                    Some((d, to)) => (d + 1, Some(to)),
                    None => (1, None),
                });
            } else {
                stack.push((node, true));
                stack.extend(
                    edges[node]
                        .iter()
                        .filter(|&&(to, _)| depth[to].is_none())
                        .map(|&(to, _)| (to, false)),
                );
            }
        }
    }
    let mut node = (0..edges.len()).max_by_key(|&n| depth[n].map_or(0, |(d, _)| d))?;
    let mut chain = vec![node];
    while let Some((_, Some(next))) = depth[node] {
        chain.push(next);
        node = next;
    }
    Some(chain)
}

fn path_of<'a>(sources: &'a Sources<'_>, name: &'a str) -> &'a str {
    sources.paths.get(name).map_or(name, String::as_str)
}

/// The error for a loop of templates, at the tag in the first template
/// that leads into it.
fn template_loop(
    names: &[&str],
    edges: &[Vec<(usize, Use)>],
    cycle: &[usize],
    sources: &Sources<'_>,
) -> Diagnostic {
    let mut steps = Vec::new();
    for (k, &from) in cycle.iter().enumerate() {
        let to = cycle[(k + 1) % cycle.len()];
        let how = edges[from]
            .iter()
            .find(|&&(t, _)| t == to)
            .map_or(Use::Includes, |&(_, h)| h);
        steps.push((from, to, how));
    }
    let (first, next, how) = steps[0];
    let text = sources.texts.get(names[first]).map_or("", String::as_str);
    let (line, col) = tag_position(text, how.tag(), names[next]);
    let location = Location::at(path_of(sources, names[first]), line, col);
    let message = if cycle.len() == 1 {
        format!(
            "the template `{}` {} itself, so rendering it would never end",
            names[first],
            how.verb()
        )
    } else {
        let mut chain = format!("`{}`", names[first]);
        for &(_, to, how) in &steps {
            chain.push_str(&format!(" {} `{}`", how.verb(), names[to]));
        }
        format!("templates use each other in a loop, so rendering them would never end: {chain}")
    };
    let remove = format!(
        "remove the `{{% {} \"{}\" %}}` from `{}`",
        how.tag(),
        names[next],
        names[first]
    );
    Diagnostic::error(Code::Template, Some(location), message).with_help(if cycle.len() == 1 {
        remove
    } else {
        format!("{remove}, or move what they share into a template of its own")
    })
}

/// Where `{% tag "name" %}` first appears in `text` (1, 1 when not found).
fn tag_position(text: &str, tag: &str, name: &str) -> (usize, usize) {
    let pattern = format!(
        r#"\{{%-?\s*{}\s+["'`]{}["'`]"#,
        regex::escape(tag),
        regex::escape(name)
    );
    first_match(text, &pattern)
}

/// Where `pattern` first matches in `text` (1, 1 when it does not).
fn first_match(text: &str, pattern: &str) -> (usize, usize) {
    match regex::Regex::new(pattern).ok().and_then(|re| re.find(text)) {
        Some(m) => line_col(text, m.start()),
        None => (1, 1),
    }
}

/// Macros that call themselves, directly or through other macros.
fn macro_loops(tera: &Tera, names: &[&str], sources: &Sources<'_>) -> Vec<Diagnostic> {
    // Every macro of the theme as (template, macro name), with its calls.
    let mut ids: Vec<(&str, &str)> = Vec::new();
    for name in names {
        if let Some(t) = tera.templates.get(*name) {
            let mut macros: Vec<&str> = t.macros.keys().map(String::as_str).collect();
            macros.sort_unstable();
            ids.extend(macros.into_iter().map(|m| (*name, m)));
        }
    }
    let index: HashMap<(&str, &str), usize> =
        ids.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let edges: Vec<Vec<(usize, Use)>> = ids
        .iter()
        .map(|&(template, name)| {
            let Some(t) = tera.templates.get(template) else {
                return Vec::new();
            };
            let Some(definition) = t.macros.get(name) else {
                return Vec::new();
            };
            let mut calls = Vec::new();
            walk(&definition.body, &mut |node| {
                macro_calls(node_exprs(node), &mut calls);
            });
            calls
                .into_iter()
                .filter_map(|(namespace, called)| {
                    let file = if namespace == "self" {
                        Some(template)
                    } else {
                        t.imported_macro_files
                            .iter()
                            .find(|(_, ns)| ns == namespace)
                            .map(|(file, _)| file.as_str())
                    };
                    file.and_then(|f| index.get(&(f, called)).copied())
                })
                .map(|to| (to, Use::Includes))
                .collect()
        })
        .collect();
    find_cycles(&edges)
        .into_iter()
        .map(|cycle| {
            let (template, name) = ids[cycle[0]];
            let text = sources.texts.get(template).map_or("", String::as_str);
            let (line, col) = macro_position(text, name);
            let chain: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| format!("`{}` ({})", ids[i].1, ids[i].0))
                .collect();
            let message = if cycle.len() == 1 {
                format!("the macro `{name}` calls itself; induct does not render macros that call themselves, since one that never stops would stop the build and the preview")
            } else {
                format!(
                    "macros call each other in a loop: {}; induct does not render macros that call themselves, since one that never stops would stop the build and the preview",
                    chain.join(" → ")
                )
            };
            Diagnostic::error(
                Code::Template,
                Some(Location::at(path_of(sources, template), line, col)),
                message,
            )
            .with_help("write the repeated part with a `{% for %}` loop over the data instead")
        })
        .collect()
}

/// Where `{% macro name(` appears in `text` (1, 1 when not found).
fn macro_position(text: &str, name: &str) -> (usize, usize) {
    let pattern = format!(r"\{{%-?\s*macro\s+{}\s*\(", regex::escape(name));
    first_match(text, &pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(templates: &[(&str, &str)]) -> Vec<String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string())),
        )
        .unwrap();
        let texts: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let paths: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, _)| (n.to_string(), format!("themes/t/templates/{n}")))
            .collect();
        check(
            &tera,
            &Sources {
                texts: &texts,
                paths: &paths,
            },
        )
        .iter()
        .map(|d| d.render_text(false))
        .collect()
    }

    #[test]
    fn a_template_that_includes_itself() {
        let found = problems(&[
            ("page.html", "{% include \"pager.html\" %}"),
            (
                "pager.html",
                "<nav>\n  {% if x %}{%- include 'pager.html' %}{% endif %}</nav>",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("error: themes/t/templates/pager.html:2:13: the template `pager.html` includes itself, so rendering it would never end"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn templates_that_include_and_import_each_other() {
        let found = problems(&[
            ("a.html", "{% import \"m.html\" as m %}{{ m::x() }}"),
            ("b.html", "x {% include \"c.html\" %}"),
            (
                "c.html",
                "{% for i in l %}{% include \"b.html\" %}{% endfor %}",
            ),
            (
                "m.html",
                "{% import \"a.html\" as a %}{% macro x() %}y{% endmacro %}",
            ),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("a.html:1:1: templates use each other in a loop, so rendering them would never end: `a.html` imports macros from `m.html` imports macros from `a.html`"),
            "{}",
            found[0]
        );
        assert!(
            found[1].contains("b.html:1:3: templates use each other in a loop, so rendering them would never end: `b.html` includes `c.html` includes `b.html`"),
            "{}",
            found[1]
        );
    }

    #[test]
    fn macros_that_call_themselves() {
        let found = problems(&[
            (
                "m.html",
                "{% macro tree(n) %}{% for c in n %}{{ self::tree(n=c) | safe }}{% endfor %}{% endmacro %}\n{% macro a() %}{{ self::b() }}{% endmacro %}\n{% macro b() %}{% if 1 + 1 > 1 %}{% set y = self::a() %}{{ y }}{% endif %}{% endmacro %}",
            ),
            ("ok.html", "{% macro c() %}{{ self::d() }}{% endmacro %}{% macro d() %}d{% endmacro %}"),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().any(|f| f.contains("m.html:2:1: macros call each other in a loop: `a` (m.html) → `b` (m.html) → `a` (m.html)")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains("m.html:1:1: the macro `tree` calls itself")),
            "{found:?}"
        );
    }

    #[test]
    fn a_chain_deeper_than_the_limit() {
        let templates: Vec<(String, String)> = (0..=MAX_DEPTH)
            .map(|i| {
                (
                    format!("t{i:02}.html"),
                    format!("{{% include \"t{:02}.html\" %}}", i + 1),
                )
            })
            .chain([(format!("t{:02}.html", MAX_DEPTH + 1), "end".to_string())])
            .collect();
        let borrowed: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let found = problems(&borrowed);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains(&format!(
                "templates use one another {} levels deep",
                MAX_DEPTH + 2
            )),
            "{}",
            found[0]
        );
        // At the limit, nothing is said.
        assert!(problems(&borrowed[2..]).is_empty());
    }

    #[test]
    fn a_template_used_twice_is_no_loop() {
        let found = problems(&[
            ("base.html", "{% block main %}{% endblock %}"),
            ("page.html", "{% extends \"base.html\" %}{% block main %}{% include \"pager.html\" %}{% include \"pager.html\" %}{% endblock %}"),
            ("pager.html", "pager"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
