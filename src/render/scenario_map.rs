//! Scenario map: a branching scenario drawn as an inline SVG, at build time,
//! for the facilitator's overview page.
//!
//! Stage: render. Input: the scenario's title, its steps in file order
//! ([`MapNode`]) and its choices as arrows between step indices
//! ([`MapEdge`]). Output: one `<svg>` element as a string, ready to be
//! placed in a page (in a horizontally scrollable container).
//!
//! Layout is a small layered (Sugiyama-style) drawing, top to bottom:
//!
//! 1. Layer of a step = its BFS distance from the start step; the steps the
//!    start cannot reach share one extra, last layer.
//! 2. A choice to a later layer is a *forward* edge. With BFS layers it
//!    always goes to the very next layer (a step one choice away from a step
//!    at distance `d` is at distance `d + 1` at most), so no forward edge
//!    has to cross a layer of boxes.
//! 3. Within a layer, boxes are ordered by one barycenter pass (average x
//!    of their predecessors in the layer above), ties by file order, and
//!    each layer is centred.
//! 4. Forward edges leave a box's bottom and enter its target's top as
//!    vertical-tangent curves that stay in the gap between layers. Edges to
//!    the same or an earlier layer (going back) leave the source's right
//!    side and enter the target's right side, travelling only through the
//!    free column right of a box, the gaps between layers, and — when they
//!    span several layers — a lane right of every layer they pass. A
//!    self-loop is a small loop on the right. Ends sharing a side are
//!    spread apart so no two arrows coincide.
//!
//! Invariants: never panics (empty input gives a small valid SVG; edges
//! with out-of-range indices are ignored); output is deterministic for the
//! same input; no scripts, no external references and no `style`
//! attributes (the site's Content-Security-Policy forbids inline styles):
//! colours are classes (`map-box`, `map-start`, `map-ending`, `map-inset`,
//! `map-edge`, `map-arrow`, `map-label`, `map-text`) with light-mode
//! presentation attributes as fallback; every text is XML-escaped; numbers
//! have at most one decimal; ids carry a prefix derived from the title so
//! two maps on one page do not clash.

use std::collections::VecDeque;
use std::fmt::Write as _;

/// One step of the scenario, in file order.
pub struct MapNode<'a> {
    /// Step id, e.g. `ring-the-psu`.
    pub id: &'a str,
    /// Step heading text, any Unicode, may be long.
    pub title: &'a str,
    /// Exactly one node is the start (not necessarily index 0).
    pub start: bool,
    /// A step with no choices.
    pub ending: bool,
}

/// A choice: an arrow from step `from` to step `to` (indices into the nodes
/// slice). Self-loops and cycles are allowed; duplicates possible.
pub struct MapEdge {
    /// Index of the step the choice is offered on.
    pub from: usize,
    /// Index of the step it leads to.
    pub to: usize,
}

/// Width of every box.
const BOX_W: f64 = 168.0;
/// Least horizontal gap between neighbouring boxes of a layer.
const GAP: f64 = 24.0;
/// Vertical gap between layers (where forward edges and back-edge legs run).
const LAYER_GAP: f64 = 56.0;
/// Margin around the drawing.
const MARGIN: f64 = 12.0;
/// Title wrapping: characters per line and at most this many lines.
const LINE_CHARS: usize = 20;
const MAX_LINES: usize = 3;
const FONT_SIZE: f64 = 14.0;
const LINE_H: f64 = 18.0;
const LABEL_SIZE: f64 = 11.0;
const LABEL_H: f64 = 15.0;
const PAD_Y: f64 = 10.0;
/// Distance from a box's right side to its first vertical back-edge column,
/// and between columns.
const SLOT0: f64 = 12.0;
const SLOT_STEP: f64 = 6.0;
/// Spacing of lanes right of the layers, and of legs inside a layer gap.
const LANE_STEP: f64 = 8.0;
const LEG_STEP: f64 = 6.0;
/// Control-point reach of a self-loop (the loop bulges ~3/4 of this).
const LOOP_REACH: f64 = 24.0;
/// Corner radius of back-edge routes.
const CORNER: f64 = 6.0;
const STROKE: &str = "#333";

/// The map as an inline `<svg>` element.
pub fn svg(title: &str, nodes: &[MapNode<'_>], edges: &[MapEdge]) -> String {
    svg_with_ids(&id_prefix(title), title, nodes, edges)
}

/// The map as [`svg`] draws it, its ids prefixed with `part` and a hyphen
/// (for a printout, where several pages share one document).
pub fn svg_in(part: &str, title: &str, nodes: &[MapNode<'_>], edges: &[MapEdge]) -> String {
    svg_with_ids(&format!("{part}-{}", id_prefix(title)), title, nodes, edges)
}

fn svg_with_ids(prefix: &str, title: &str, nodes: &[MapNode<'_>], edges: &[MapEdge]) -> String {
    let endings = nodes.iter().filter(|n| n.ending).count();
    let label = format!(
        "Map of {title}: {}, {}",
        plural(nodes.len(), "step"),
        plural(endings, "ending")
    );
    let edges: Vec<&MapEdge> = edges
        .iter()
        .filter(|e| e.from < nodes.len() && e.to < nodes.len())
        .collect();
    if nodes.is_empty() {
        return empty_svg(prefix, &label);
    }
    let layout = Layout::new(nodes, &edges);
    let routes = route(&layout, &edges);
    draw(prefix, &label, nodes, &layout, &routes)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn empty_svg(prefix: &str, label: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scenario-map\" \
         viewBox=\"0 0 200 40\" width=\"200\" height=\"40\" role=\"img\" \
         aria-labelledby=\"{prefix}-title\"><title id=\"{prefix}-title\">{}</title>\
         <text class=\"map-label\" x=\"100\" y=\"24\" font-size=\"{}\" \
         text-anchor=\"middle\" fill=\"#555\">No steps</text></svg>",
        escape(label),
        num(LABEL_SIZE)
    )
}

/// `map-<slug>-<hash>`: readable, and distinct for distinct titles even when
/// their slugs agree (`Burnout?` and `Burnout!`).
fn id_prefix(title: &str) -> String {
    let mut slug = String::new();
    let mut hyphen = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if hyphen && !slug.is_empty() {
                slug.push('-');
            }
            hyphen = false;
            slug.push(c.to_ascii_lowercase());
            if slug.len() >= 24 {
                break;
            }
        } else if c != '\'' && c != '\u{2019}' {
            hyphen = true;
        }
    }
    // FNV-1a: stable across builds and platforms, unlike `DefaultHasher`.
    let hash = title.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    if slug.is_empty() {
        format!("map-{hash:08x}")
    } else {
        format!("map-{slug}-{hash:08x}")
    }
}

/// Escapes text for XML content and attribute values, dropping the control
/// characters XML 1.0 cannot hold at all.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A number with at most one decimal, no trailing `.0`, never `-0`.
fn num(v: f64) -> String {
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() || tenths == 0.0 {
        return "0".to_string();
    }
    if tenths % 10.0 == 0.0 {
        format!("{}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// A title as at most [`MAX_LINES`] lines of at most [`LINE_CHARS`]
/// characters, broken at spaces (a longer word is cut), the last line ending
/// in `…` when text was left out.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut chars: Vec<char> = word.chars().collect();
        if len > 0 && len + 1 + chars.len() <= LINE_CHARS {
            line.push(' ');
            line.extend(&chars);
            len += 1 + chars.len();
            continue;
        }
        if len > 0 {
            lines.push(std::mem::take(&mut line));
        }
        while chars.len() > LINE_CHARS {
            let rest = chars.split_off(LINE_CHARS);
            lines.push(chars.into_iter().collect());
            chars = rest;
        }
        len = chars.len();
        line = chars.into_iter().collect();
    }
    if len > 0 {
        lines.push(line);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            let mut kept: String = last.clone();
            while kept.chars().count() > LINE_CHARS - 1 {
                kept = match kept.rfind(' ') {
                    Some(space) if space > 0 => kept[..space].to_string(),
                    _ => kept.chars().take(LINE_CHARS - 1).collect(),
                };
            }
            kept.truncate(kept.trim_end().len());
            kept.push('…');
            *last = kept;
        }
    }
    lines
}

/// Where everything sits.
struct Layout {
    /// Layer of each node.
    layer: Vec<usize>,
    /// Left x of each node's box.
    node_x: Vec<f64>,
    /// Title lines of each node.
    lines: Vec<Vec<String>>,
    /// Per layer: top y, box height, right edge of its content (including
    /// the columns right of its last box).
    row_top: Vec<f64>,
    row_h: Vec<f64>,
    row_right: Vec<f64>,
    /// Per node: free width right of its box.
    right_space: Vec<f64>,
    /// Per node: the kinds of right-side ends, in order top to bottom.
    sides: Vec<Side>,
}

/// The back-edge ends on a box's right side, in the order they are placed
/// top to bottom: leaving upwards, entering from above (same layer),
/// self-loops (two ends each), entering from below.
#[derive(Default, Clone)]
struct Side {
    out_up: Vec<usize>,
    in_above: Vec<usize>,
    loops: Vec<usize>,
    in_below: Vec<usize>,
}

impl Side {
    fn ports(&self) -> usize {
        self.out_up.len() + self.in_above.len() + 2 * self.loops.len() + self.in_below.len()
    }

    /// Columns right of the box used by vertical legs: leaving edges take
    /// columns outward top to bottom, edges from above go outside those,
    /// edges from below take columns inward top to bottom — so no leg
    /// crosses another leg of the same box.
    fn columns(&self) -> usize {
        (self.out_up.len() + self.in_above.len()).max(self.in_below.len())
    }

    fn space(&self) -> f64 {
        let mut space = GAP;
        let cols = self.columns();
        if cols > 0 {
            space = space.max(SLOT0 + (cols - 1) as f64 * SLOT_STEP + 12.0);
        }
        if !self.loops.is_empty() {
            space = space.max(LOOP_REACH * 0.75 + 12.0);
        }
        space
    }
}

impl Layout {
    fn new(nodes: &[MapNode<'_>], edges: &[&MapEdge]) -> Layout {
        let n = nodes.len();
        let layer = layers(nodes, edges);
        let layer_count = layer.iter().copied().max().unwrap_or(0) + 1;

        let lines: Vec<Vec<String>> = nodes
            .iter()
            .map(|node| {
                let text = if node.title.trim().is_empty() {
                    node.id
                } else {
                    node.title
                };
                wrap(text)
            })
            .collect();

        let mut sides = vec![Side::default(); n];
        for (i, e) in edges.iter().enumerate() {
            let (ls, lt) = (layer[e.from], layer[e.to]);
            if e.from == e.to {
                sides[e.from].loops.push(i);
            } else if lt <= ls {
                sides[e.from].out_up.push(i);
                if lt == ls {
                    sides[e.to].in_above.push(i);
                } else {
                    sides[e.to].in_below.push(i);
                }
            }
        }
        let right_space: Vec<f64> = sides.iter().map(Side::space).collect();

        // Nodes of each layer, in file order to start with.
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
        for (i, &l) in layer.iter().enumerate() {
            rows[l].push(i);
        }
        let width = |i: usize| BOX_W + right_space[i];
        let row_width: Vec<f64> = rows
            .iter()
            .map(|row| row.iter().map(|&i| width(i)).sum())
            .collect();
        let max_width = row_width.iter().copied().fold(0.0, f64::max);

        // Layer by layer: order by barycenter, then place left to right.
        let mut node_x = vec![0.0; n];
        let mut row_right = vec![0.0; layer_count];
        for (l, row) in rows.iter_mut().enumerate() {
            if l > 0 {
                let mut keyed: Vec<(f64, usize)> = row
                    .iter()
                    .map(|&t| {
                        let xs: Vec<f64> = edges
                            .iter()
                            .filter(|e| e.to == t && layer[e.from] < l)
                            .map(|e| node_x[e.from] + BOX_W / 2.0)
                            .collect();
                        (average(&xs).unwrap_or(f64::INFINITY), t)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                *row = keyed.into_iter().map(|(_, i)| i).collect();
            }
            let mut x = (max_width - row_width[l]) / 2.0;
            for &i in row.iter() {
                node_x[i] = x;
                x += width(i);
            }
            row_right[l] = x;
        }

        let mut row_h = vec![0.0_f64; layer_count];
        for (i, node) in nodes.iter().enumerate() {
            let label = if node.start || node.ending {
                LABEL_H
            } else {
                0.0
            };
            let h = 2.0 * PAD_Y + label + lines[i].len().max(1) as f64 * LINE_H;
            // Room for the right-side ends to sit apart.
            let h = h.max((sides[i].ports() + 1) as f64 * 10.0);
            row_h[layer[i]] = row_h[layer[i]].max(h);
        }
        let mut row_top = Vec::with_capacity(layer_count);
        let mut y = 0.0;
        for h in &mut row_h {
            if *h == 0.0 {
                *h = 2.0 * PAD_Y + LINE_H;
            }
            row_top.push(y);
            y += *h + LAYER_GAP;
        }

        Layout {
            layer,
            node_x,
            lines,
            row_top,
            row_h,
            row_right,
            right_space,
            sides,
        }
    }

    fn top(&self, i: usize) -> f64 {
        self.row_top[self.layer[i]]
    }

    fn height(&self, i: usize) -> f64 {
        self.row_h[self.layer[i]]
    }

    fn right(&self, i: usize) -> f64 {
        self.node_x[i] + BOX_W
    }

    /// Mid y of the gap above layer `l` (`l` may be one past the last).
    fn gap_mid(&self, l: usize) -> f64 {
        match self.row_top.get(l) {
            Some(top) => top - LAYER_GAP / 2.0,
            None => {
                let last = self.row_top.len().saturating_sub(1);
                self.row_top.get(last).copied().unwrap_or(0.0)
                    + self.row_h.get(last).copied().unwrap_or(0.0)
                    + LAYER_GAP / 2.0
            }
        }
    }
}

/// Layer of each node: BFS distance from the start (the first node marked
/// start, else node 0); unreachable nodes in one extra last layer.
fn layers(nodes: &[MapNode<'_>], edges: &[&MapEdge]) -> Vec<usize> {
    let n = nodes.len();
    let start = nodes.iter().position(|node| node.start).unwrap_or(0);
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        out_edges[e.from].push(e.to);
    }
    let mut layer: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::new();
    if start < n {
        layer[start] = Some(0);
        queue.push_back(start);
    }
    while let Some(i) = queue.pop_front() {
        let next = layer[i].unwrap_or(0) + 1;
        for &t in &out_edges[i] {
            if layer[t].is_none() {
                layer[t] = Some(next);
                queue.push_back(t);
            }
        }
    }
    let extra = layer.iter().flatten().copied().max().map_or(0, |m| m + 1);
    layer.into_iter().map(|l| l.unwrap_or(extra)).collect()
}

fn average(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        None
    } else {
        Some(xs.iter().sum::<f64>() / xs.len() as f64)
    }
}

/// How an edge is drawn.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Forward,
    Back,
    Loop,
}

struct Route {
    kind: Kind,
    d: String,
    /// Source and target node indices, for tests and `data-` attributes.
    from: usize,
    to: usize,
}

/// Spread `count` ends around `centre`, `step` apart.
fn spread(centre: f64, index: usize, count: usize, step: f64) -> f64 {
    centre + (index as f64 - (count as f64 - 1.0) / 2.0) * step
}

/// The path of every edge, in edge order.
fn route(layout: &Layout, edges: &[&MapEdge]) -> Vec<Route> {
    let n = layout.layer.len();
    let layer = &layout.layer;
    let is_forward = |e: &MapEdge| layer[e.to] > layer[e.from];

    // Ends on the bottom and top of each box, ordered by the x of the box
    // at the other end so arrows do not cross there.
    let centre = |i: usize| layout.node_x[i] + BOX_W / 2.0;
    let mut bottom: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let mut top: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        if is_forward(e) {
            bottom[e.from].push((centre(e.to), i));
            top[e.to].push((centre(e.from), i));
        }
    }
    let mut start_x = vec![0.0; edges.len()];
    let mut end_x = vec![0.0; edges.len()];
    for (i, ends) in bottom.iter_mut().enumerate() {
        place_ends(ends, centre(i), &mut start_x);
    }
    for (i, ends) in top.iter_mut().enumerate() {
        place_ends(ends, centre(i), &mut end_x);
    }

    // Right-side ends: y of each end and x of its vertical column.
    let mut out_y = vec![0.0; edges.len()];
    let mut out_col = vec![0.0; edges.len()];
    let mut in_y = vec![0.0; edges.len()];
    let mut in_col = vec![0.0; edges.len()];
    for (i, side) in layout.sides.iter().enumerate() {
        let ports = side.ports();
        let (y0, h, right) = (layout.top(i), layout.height(i), layout.right(i));
        let port = |k: usize| y0 + h * (k + 1) as f64 / (ports + 1) as f64;
        let col = |c: usize| right + SLOT0 + c as f64 * SLOT_STEP;
        let mut k = 0;
        for (c, &e) in side.out_up.iter().enumerate() {
            out_y[e] = port(k);
            out_col[e] = col(c);
            k += 1;
        }
        for (c, &e) in side.in_above.iter().enumerate() {
            in_y[e] = port(k);
            in_col[e] = col(side.out_up.len() + c);
            k += 1;
        }
        for &e in &side.loops {
            out_y[e] = port(k);
            in_y[e] = port(k + 1);
            k += 2;
        }
        let below = side.in_below.len();
        for (c, &e) in side.in_below.iter().enumerate() {
            in_y[e] = port(k);
            in_col[e] = col(below - 1 - c);
            k += 1;
        }
    }

    // Horizontal legs in the gap above each layer, and lanes right of the
    // layers a long back edge passes.
    let gaps = layout.row_top.len() + 1;
    let mut legs: Vec<Vec<usize>> = vec![Vec::new(); gaps];
    let mut long: Vec<usize> = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        if e.from == e.to || is_forward(e) {
            continue;
        }
        let (ls, lt) = (layer[e.from], layer[e.to]);
        legs[ls].push(i);
        if ls > lt + 1 {
            legs[lt + 1].push(i);
            long.push(i);
        }
    }
    // (gap, edge) -> y of the leg.
    let mut leg_y: Vec<Vec<(usize, f64)>> = vec![Vec::new(); edges.len()];
    for (g, in_gap) in legs.iter().enumerate() {
        let step = LEG_STEP.min((LAYER_GAP - 20.0) / in_gap.len().max(1) as f64);
        for (k, &e) in in_gap.iter().enumerate() {
            leg_y[e].push((g, spread(layout.gap_mid(g), k, in_gap.len(), step)));
        }
    }
    let leg = |e: usize, g: usize| {
        leg_y[e]
            .iter()
            .find(|(gap, _)| *gap == g)
            .map_or(layout.gap_mid(g), |(_, y)| *y)
    };
    // Short spans take the inner lanes.
    long.sort_by_key(|&i| (layer[edges[i].from] - layer[edges[i].to], i));
    let mut lanes: Vec<(usize, usize, f64)> = Vec::new();
    let mut lane_x = vec![0.0; edges.len()];
    for &i in &long {
        let (lo, hi) = (layer[edges[i].to] + 1, layer[edges[i].from]);
        let base = layout.row_right[lo..hi].iter().copied().fold(0.0, f64::max) + 4.0;
        let mut x = base;
        while let Some(&(_, _, taken)) = lanes
            .iter()
            .find(|(a, b, taken)| *a <= hi && lo <= *b && (x - taken).abs() < LANE_STEP)
        {
            x = taken + LANE_STEP;
        }
        lanes.push((lo, hi, x));
        lane_x[i] = x;
    }

    let mut routes = Vec::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        let (s, t) = (e.from, e.to);
        let (ls, lt) = (layer[s], layer[t]);
        let (kind, d) = if s == t {
            let (x, y1, y2) = (layout.right(s), out_y[i], in_y[i]);
            let reach = x + LOOP_REACH;
            (
                Kind::Loop,
                format!(
                    "M{},{}C{},{} {},{} {},{}",
                    num(x),
                    num(y1),
                    num(reach),
                    num(y1),
                    num(reach),
                    num(y2),
                    num(x),
                    num(y2)
                ),
            )
        } else if lt > ls {
            let (x1, y1) = (start_x[i], layout.top(s) + layout.height(s));
            let (x2, y2) = (end_x[i], layout.top(t));
            let mid = (y1 + y2) / 2.0;
            (
                Kind::Forward,
                format!(
                    "M{},{}C{},{} {},{} {},{}",
                    num(x1),
                    num(y1),
                    num(x1),
                    num(mid),
                    num(x2),
                    num(mid),
                    num(x2),
                    num(y2)
                ),
            )
        } else {
            let mut points = vec![
                (layout.right(s), out_y[i]),
                (out_col[i], out_y[i]),
                (out_col[i], leg(i, ls)),
            ];
            let entry = if lt == ls { ls } else { lt + 1 };
            if entry != ls {
                points.push((lane_x[i], leg(i, ls)));
                points.push((lane_x[i], leg(i, entry)));
            }
            points.push((in_col[i], leg(i, entry)));
            points.push((in_col[i], in_y[i]));
            points.push((layout.right(t), in_y[i]));
            (Kind::Back, rounded_path(&points))
        };
        routes.push(Route {
            kind,
            d,
            from: s,
            to: t,
        });
    }
    routes
}

/// Sorts a box's ends by the x they head for and spreads them along the
/// side, writing each end's x into `out`.
fn place_ends(ends: &mut [(f64, usize)], centre: f64, out: &mut [f64]) {
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let count = ends.len();
    let step = if count > 1 {
        12.0_f64.min((BOX_W - 40.0) / (count - 1) as f64)
    } else {
        0.0
    };
    for (k, &(_, e)) in ends.iter().enumerate() {
        out[e] = spread(centre, k, count, step);
    }
}

/// An orthogonal route with rounded corners.
fn rounded_path(points: &[(f64, f64)]) -> String {
    // Drop repeated points so every corner has two real segments.
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &p in points {
        if pts
            .last()
            .is_none_or(|q: &(f64, f64)| (q.0 - p.0).abs() > 0.05 || (q.1 - p.1).abs() > 0.05)
        {
            pts.push(p);
        }
    }
    let mut d = String::new();
    let Some(&(x0, y0)) = pts.first() else {
        return d;
    };
    let _ = write!(d, "M{},{}", num(x0), num(y0));
    for k in 1..pts.len() {
        let (cx, cy) = pts[k];
        match pts.get(k + 1) {
            Some(&(nx, ny)) => {
                let (px, py) = pts[k - 1];
                let before = ((cx - px).hypot(cy - py) / 2.0).min(CORNER);
                let after = ((nx - cx).hypot(ny - cy) / 2.0).min(CORNER);
                let r = before.min(after);
                let (ax, ay) = towards((cx, cy), (px, py), r);
                let (bx, by) = towards((cx, cy), (nx, ny), r);
                let _ = write!(
                    d,
                    "L{},{}Q{},{} {},{}",
                    num(ax),
                    num(ay),
                    num(cx),
                    num(cy),
                    num(bx),
                    num(by)
                );
            }
            None => {
                let _ = write!(d, "L{},{}", num(cx), num(cy));
            }
        }
    }
    d
}

/// The point `dist` from `from` in the direction of `to`.
fn towards(from: (f64, f64), to: (f64, f64), dist: f64) -> (f64, f64) {
    let len = (to.0 - from.0).hypot(to.1 - from.1);
    if len == 0.0 {
        return from;
    }
    (
        from.0 + (to.0 - from.0) / len * dist,
        from.1 + (to.1 - from.1) / len * dist,
    )
}

fn draw(
    prefix: &str,
    label: &str,
    nodes: &[MapNode<'_>],
    layout: &Layout,
    routes: &[Route],
) -> String {
    // Extent of everything drawn, so the picture can be shifted into view:
    // a back edge's legs may run above the first layer or right of the
    // widest one.
    let mut min = (0.0_f64, 0.0_f64);
    let mut max = (0.0_f64, 0.0_f64);
    for (i, &x) in layout.node_x.iter().enumerate() {
        max.0 = max.0.max(x + BOX_W + layout.right_space[i] - GAP);
        max.1 = max.1.max(layout.top(i) + layout.height(i));
    }
    for &r in &layout.row_right {
        max.0 = max.0.max(r - GAP);
    }
    for route in routes {
        for (x, y) in path_points(&route.d) {
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
    }
    let (dx, dy) = (MARGIN - min.0, MARGIN - min.1);
    let width = (max.0 - min.0 + 2.0 * MARGIN).ceil();
    let height = (max.1 - min.1 + 2.0 * MARGIN).ceil();

    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scenario-map\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"{prefix}-title\">\
         <title id=\"{prefix}-title\">{}</title>\
         <defs><marker id=\"{prefix}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" \
         orient=\"auto\"><path class=\"map-arrow\" d=\"M0,0L10,5L0,10z\" fill=\"{STROKE}\"/>\
         </marker></defs>",
        escape(label),
        w = num(width),
        h = num(height),
    );
    let _ = write!(
        out,
        "<g class=\"map-nodes\" transform=\"translate({},{})\" \
         font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\">",
        num(dx),
        num(dy)
    );
    for (i, node) in nodes.iter().enumerate() {
        draw_node(&mut out, i, node, layout);
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        "<g class=\"map-edges\" transform=\"translate({},{})\" fill=\"none\" \
         stroke=\"{STROKE}\" stroke-width=\"1.5\">",
        num(dx),
        num(dy)
    );
    for route in routes {
        let class = match route.kind {
            Kind::Forward => "map-edge",
            Kind::Back => "map-edge back",
            Kind::Loop => "map-edge back loop",
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" \
             marker-end=\"url(#{prefix}-arrow)\"/>",
            escape(nodes[route.from].id),
            escape(nodes[route.to].id),
            route.d
        );
    }
    out.push_str("</g></svg>");
    out
}

fn draw_node(out: &mut String, i: usize, node: &MapNode<'_>, layout: &Layout) {
    let (x, y, h) = (layout.node_x[i], layout.top(i), layout.height(i));
    let mut class = String::from("map-box");
    if node.start {
        class.push_str(" map-start");
    }
    if node.ending {
        class.push_str(" map-ending");
    }
    let (fill, stroke_width) = if node.start {
        ("#eef3fb", "2.5")
    } else {
        ("#fff", "1.5")
    };
    let _ = write!(
        out,
        "<g class=\"map-node\" data-step=\"{}\"><rect class=\"{class}\" x=\"{}\" y=\"{}\" \
         width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{fill}\" stroke=\"{STROKE}\" \
         stroke-width=\"{stroke_width}\"/>",
        escape(node.id),
        num(x),
        num(y),
        num(BOX_W),
        num(h)
    );
    if node.ending {
        let _ = write!(
            out,
            "<rect class=\"map-inset\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
             rx=\"5\" fill=\"none\" stroke=\"{STROKE}\" stroke-width=\"1\"/>",
            num(x + 4.0),
            num(y + 4.0),
            num(BOX_W - 8.0),
            num(h - 8.0)
        );
    }
    let tag = match (node.start, node.ending) {
        (true, true) => "Start · Ending",
        (true, false) => "Start",
        (false, true) => "Ending",
        (false, false) => "",
    };
    let lines = &layout.lines[i];
    let label_h = if tag.is_empty() { 0.0 } else { LABEL_H };
    let block = label_h + lines.len() as f64 * LINE_H;
    let mut line_top = y + (h - block) / 2.0;
    let cx = x + BOX_W / 2.0;
    if !tag.is_empty() {
        let _ = write!(
            out,
            "<text class=\"map-label\" x=\"{}\" y=\"{}\" font-size=\"{}\" \
             text-anchor=\"middle\" fill=\"#555\">{tag}</text>",
            num(cx),
            num(line_top + LABEL_SIZE),
            num(LABEL_SIZE)
        );
        line_top += label_h;
    }
    if !lines.is_empty() {
        let _ = write!(
            out,
            "<text class=\"map-text\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#111\">",
            num(FONT_SIZE)
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(cx),
                num(line_top + k as f64 * LINE_H + 13.5),
                escape(line)
            );
        }
        out.push_str("</text>");
    }
    out.push_str("</g>");
}

/// The coordinates of a path written by this module (pairs after each
/// command letter), for the drawing's extent.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    d.split(|c: char| c.is_ascii_alphabetic() || c == ' ')
        .filter_map(|pair| {
            let (x, y) = pair.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node<'a>(id: &'a str, title: &'a str) -> MapNode<'a> {
        MapNode {
            id,
            title,
            start: false,
            ending: false,
        }
    }

    fn edge(from: usize, to: usize) -> MapEdge {
        MapEdge { from, to }
    }

    /// The example of the brief: a start with two choices, a cycle back to
    /// the start, a cross-link, and two endings.
    fn example() -> (Vec<MapNode<'static>>, Vec<MapEdge>) {
        let mut nodes = vec![
            node("notice", "You notice you are not sleeping"),
            node("keep-going", "Keep going"),
            node("supervisor", "Talk to your supervisor"),
            node("later", "A month later"),
            node("ring-the-psu", "Ring the Professional Support Unit"),
            node("gp", "Book a GP appointment"),
        ];
        nodes[0].start = true;
        nodes[4].ending = true;
        nodes[5].ending = true;
        let edges = vec![
            edge(0, 1),
            edge(0, 2),
            edge(1, 3),
            edge(3, 0),
            edge(3, 2),
            edge(2, 4),
            edge(2, 5),
        ];
        (nodes, edges)
    }

    /// A tiny XML well-formedness check: balanced, properly nested tags,
    /// quoted attributes without duplicates, only known entities, one root.
    fn well_formed(s: &str) -> Result<(), String> {
        fn entities(text: &str) -> Result<(), String> {
            if text.contains('<') || text.contains('>') {
                return Err(format!("raw < or > in {text:?}"));
            }
            for (i, _) in text.match_indices('&') {
                let rest = &text[i..];
                let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;"]
                    .iter()
                    .any(|e| rest.starts_with(e));
                if !ok {
                    return Err(format!("bad entity in {text:?}"));
                }
            }
            Ok(())
        }
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = s;
        while let Some(open) = rest.find('<') {
            entities(&rest[..open])?;
            if stack.is_empty() && !rest[..open].trim().is_empty() {
                return Err("text outside the root".into());
            }
            let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
            let tag = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                match stack.pop() {
                    Some(top) if top == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
                continue;
            }
            let (body, empty) = match tag.strip_suffix('/') {
                Some(body) => (body, true),
                None => (tag, false),
            };
            let name_end = body.find(' ').unwrap_or(body.len());
            let name = &body[..name_end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("bad tag name {name:?}"));
            }
            let mut attrs = body[name_end..].trim();
            let mut seen: Vec<&str> = Vec::new();
            while !attrs.is_empty() {
                let eq = attrs
                    .find("=\"")
                    .ok_or(format!("bad attribute in {tag:?}"))?;
                let key = attrs[..eq].trim();
                if seen.contains(&key) {
                    return Err(format!("duplicate attribute {key}"));
                }
                seen.push(key);
                let value_end = attrs[eq + 2..].find('"').ok_or("unclosed value")? + eq + 2;
                entities(&attrs[eq + 2..value_end])?;
                attrs = attrs[value_end + 1..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !empty {
                stack.push(name.to_string());
            }
        }
        if !rest.trim().is_empty() {
            return Err("text after the root".into());
        }
        match (stack.is_empty(), roots) {
            (true, 1) => Ok(()),
            _ => Err(format!("open tags {stack:?}, {roots} roots")),
        }
    }

    /// Box of node `i` as (left, top, right, bottom).
    fn rect(layout: &Layout, i: usize) -> (f64, f64, f64, f64) {
        let (x, y) = (layout.node_x[i], layout.top(i));
        (x, y, x + BOX_W, y + layout.height(i))
    }

    /// Every edge's control polygon keeps out of every box: the drawn curves
    /// lie within their control polygons' bounds, which stay in the gaps.
    fn assert_edges_avoid_boxes(nodes: &[MapNode<'_>], edges: &[MapEdge]) {
        let edges: Vec<&MapEdge> = edges
            .iter()
            .filter(|e| e.from < nodes.len() && e.to < nodes.len())
            .collect();
        let layout = Layout::new(nodes, &edges);
        for r in route(&layout, &edges) {
            let points = path_points(&r.d);
            for pair in points.windows(2) {
                for step in 0..=40 {
                    let f = f64::from(step) / 40.0;
                    let x = pair[0].0 + (pair[1].0 - pair[0].0) * f;
                    let y = pair[0].1 + (pair[1].1 - pair[0].1) * f;
                    for i in 0..nodes.len() {
                        let (l, t, rt, b) = rect(&layout, i);
                        let inside = x > l + 0.5 && x < rt - 0.5 && y > t + 0.5 && y < b - 0.5;
                        assert!(
                            !inside,
                            "edge {}->{} ({:?}) enters box {i} at {x},{y}",
                            r.from, r.to, r.kind
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn escapes_every_text() {
        let mut nodes = vec![node("a\"b", "Fish & <chips> \"now\" 'ok'")];
        nodes[0].start = true;
        let out = svg("Burnout <&\"'>", &nodes, &[]);
        assert!(out.contains("<title id=\"map-burnout-"));
        assert!(out.contains(">Map of Burnout &lt;&amp;&quot;&#39;&gt;: 1 step, 0 endings</title>"));
        assert!(out.contains("Fish &amp; &lt;chips&gt;"));
        assert!(out.contains("&quot;now&quot;</tspan>"));
        assert!(out.contains(">&#39;ok&#39;</tspan>"));
        assert!(out.contains("data-step=\"a&quot;b\""));
        assert!(!out.contains("<chips>"));
        well_formed(&out).unwrap();
        assert_eq!(escape("a\u{1}b\u{FFFF}\tc"), "ab c");
    }

    #[test]
    fn wraps_at_words_counting_chars() {
        assert_eq!(
            wrap("You notice you are not sleeping"),
            ["You notice you are", "not sleeping"]
        );
        assert_eq!(wrap("  Keep\n going "), ["Keep going"]);
        // Twenty two-byte characters fill a line exactly.
        let accented = "é".repeat(20);
        assert_eq!(wrap(&format!("{accented} ok")), [accented.as_str(), "ok"]);
        // A word longer than a line is cut.
        assert_eq!(
            wrap("Pneumonoultramicroscopicsilicovolcanoconiosis"),
            ["Pneumonoultramicrosc", "opicsilicovolcanocon", "iosis"]
        );
        assert!(wrap("").is_empty());
    }

    #[test]
    fn truncates_after_three_lines() {
        let lines = wrap(
            "Ring the Professional Support Unit and then ask them about \
             the occupational health referral process",
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "Ring the");
        assert_eq!(lines[1], "Professional Support");
        assert_eq!(lines[2], "Unit and then ask…");
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_CHARS));
        let cut = wrap(&"x".repeat(100));
        assert_eq!(cut.len(), 3);
        assert_eq!(cut[2], format!("{}…", "x".repeat(19)));
        // Three lines is fine as it is.
        assert!(!wrap("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj")
            .concat()
            .contains('…'));
    }

    #[test]
    fn layers_branching_graph_with_cycle() {
        let (nodes, edges) = example();
        let refs: Vec<&MapEdge> = edges.iter().collect();
        let layout = Layout::new(&nodes, &refs);
        assert_eq!(layout.layer, [0, 1, 1, 2, 2, 2]);
        // Layers go down the page.
        assert!(layout.top(1) > layout.top(0) + layout.height(0));
        assert!(layout.top(3) > layout.top(1) + layout.height(1));

        let routes = route(&layout, &refs);
        let kinds: Vec<Kind> = routes.iter().map(|r| r.kind).collect();
        use Kind::{Back, Forward};
        assert_eq!(
            kinds,
            [Forward, Forward, Forward, Back, Back, Forward, Forward]
        );
        // A back edge leaves the source's right side and enters the
        // target's right side.
        for r in routes.iter().filter(|r| r.kind == Back) {
            let points = path_points(&r.d);
            let (first, last) = (points[0], points[points.len() - 1]);
            assert_eq!(first.0, layout.right(r.from));
            assert_eq!(last.0, layout.right(r.to));
            assert!(
                first.1 > layout.top(r.from)
                    && first.1 < layout.top(r.from) + layout.height(r.from)
            );
            assert!(last.1 > layout.top(r.to) && last.1 < layout.top(r.to) + layout.height(r.to));
        }
        // A forward edge runs from the source's bottom to the target's top.
        let first = path_points(&routes[0].d);
        assert_eq!(first[0].1, layout.top(0) + layout.height(0));
        assert_eq!(first[first.len() - 1].1, layout.top(1));

        let out = svg("Not sleeping", &nodes, &edges);
        assert_eq!(out.matches("class=\"map-edge back\"").count(), 2);
        assert!(out.contains("class=\"map-edge back\" data-from=\"later\" data-to=\"notice\""));
        assert!(out.contains(">Map of Not sleeping: 6 steps, 2 endings</title>"));
        assert_edges_avoid_boxes(&nodes, &edges);
    }

    #[test]
    fn barycenter_keeps_children_under_their_parents() {
        // Two parents; the first child listed belongs to the right parent.
        let mut nodes = vec![
            node("s", "Start"),
            node("left", "Left"),
            node("right", "Right"),
            node("child-of-right", "Child of right"),
            node("child-of-left", "Child of left"),
        ];
        nodes[0].start = true;
        let edges = [edge(0, 1), edge(0, 2), edge(2, 3), edge(1, 4)];
        let refs: Vec<&MapEdge> = edges.iter().collect();
        let layout = Layout::new(&nodes, &refs);
        assert!(layout.node_x[1] < layout.node_x[2]);
        assert!(layout.node_x[4] < layout.node_x[3]);
    }

    #[test]
    fn unreachable_node_goes_last() {
        let mut nodes = vec![
            node("orphan", "Nobody links here"),
            node("s", "Start"),
            node("end", "The end"),
            node("orphan-2", "Nor here"),
        ];
        nodes[1].start = true;
        nodes[2].ending = true;
        // The orphans link to each other and back into the scenario.
        let edges = vec![edge(1, 2), edge(0, 3), edge(3, 1), edge(0, 0)];
        let refs: Vec<&MapEdge> = edges.iter().collect();
        let layout = Layout::new(&nodes, &refs);
        assert_eq!(layout.layer, [2, 0, 1, 2]);
        let out = svg("Orphans", &nodes, &edges);
        well_formed(&out).unwrap();
        assert_eq!(out.matches("class=\"map-edge back\"").count(), 2);
        assert_eq!(out.matches("class=\"map-edge back loop\"").count(), 1);
        assert_edges_avoid_boxes(&nodes, &edges);
    }

    #[test]
    fn empty_input_is_a_small_valid_svg() {
        let out = svg("Nothing yet", &[], &[edge(0, 1)]);
        well_formed(&out).unwrap();
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scenario-map\" viewBox=\"0 0 200 40\""
        ));
        assert!(out.contains(">Map of Nothing yet: 0 steps, 0 endings</title>"));
    }

    #[test]
    fn odd_input_never_panics() {
        let plain = [node("a", "A"), node("b", ""), node("c", "C")];
        let cases: Vec<Vec<MapEdge>> = vec![
            vec![],
            vec![edge(0, 7), edge(9, 1), edge(usize::MAX, 0)],
            vec![edge(0, 1), edge(0, 1), edge(0, 1), edge(1, 1), edge(1, 1)],
            vec![edge(0, 1), edge(1, 2), edge(2, 0), edge(2, 1), edge(1, 0)],
        ];
        for edges in &cases {
            // No start marked at all: the first node stands in.
            let out = svg("Odd", &plain, edges);
            well_formed(&out).unwrap();
            assert_edges_avoid_boxes(&plain, edges);
        }
        // Two starts: the first counts; an untitled step shows its id.
        let mut two = [node("a", "A"), node("b", " "), node("c", "C")];
        two[1].start = true;
        two[2].start = true;
        let refs = [&edge(1, 0)];
        let layout = Layout::new(&two, &refs);
        assert_eq!(layout.layer, [1, 0, 2]);
        assert_eq!(layout.lines[1], ["b"]);
        // A node both start and ending is labelled as both.
        let both = [MapNode {
            id: "only",
            title: "Only",
            start: true,
            ending: true,
        }];
        let out = svg("One", &both, &[]);
        assert!(out.contains(">Start · Ending</text>"));
        assert!(out.contains("class=\"map-box map-start map-ending\""));
        assert!(out.contains("class=\"map-inset\""));
    }

    #[test]
    fn back_edges_go_around_boxes() {
        // A chain a-b-c-d-e with side branches, long jumps back (e -> a,
        // e -> b, d -> b2), cross-links between siblings and a self-loop.
        let mut nodes = vec![
            node("a", "A"),
            node("b", "B"),
            node("c", "C"),
            node("d", "D"),
            node("e", "E"),
            node("b2", "B two"),
            node("b3", "B three"),
            node("c2", "C two"),
        ];
        nodes[0].start = true;
        let edges = vec![
            edge(0, 1),
            edge(0, 5),
            edge(0, 6),
            edge(1, 2),
            edge(5, 7),
            edge(2, 3),
            edge(3, 4),
            edge(4, 0),
            edge(4, 1),
            edge(3, 5),
            edge(6, 5),
            edge(5, 6),
            edge(2, 7),
            edge(7, 2),
            edge(4, 4),
        ];
        let refs: Vec<&MapEdge> = edges.iter().collect();
        let layout = Layout::new(&nodes, &refs);
        assert_eq!(layout.layer, [0, 1, 2, 3, 4, 1, 1, 2]);
        assert_edges_avoid_boxes(&nodes, &edges);
        // Boxes of a layer keep apart.
        for i in 0..nodes.len() {
            for j in i + 1..nodes.len() {
                let (a, b) = (rect(&layout, i), rect(&layout, j));
                let apart =
                    a.2 + GAP <= b.0 + 0.01 || b.2 + GAP <= a.0 + 0.01 || a.3 < b.1 || b.3 < a.1;
                assert!(apart, "boxes {i} and {j} overlap");
            }
        }
        let out = svg("Long", &nodes, &edges);
        well_formed(&out).unwrap();
    }

    #[test]
    fn marker_ids_are_unique_per_title() {
        let (nodes, edges) = example();
        let one = svg("Burnout?", &nodes, &edges);
        let two = svg("Burnout!", &nodes, &edges);
        let marker = |s: &str| -> String {
            let start = s.find("<marker id=\"").unwrap() + 12;
            s[start..start + s[start..].find('"').unwrap()].to_string()
        };
        let (a, b) = (marker(&one), marker(&two));
        assert!(a.starts_with("map-burnout-") && a.ends_with("-arrow"));
        assert_ne!(a, b);
        assert!(one.contains(&format!("marker-end=\"url(#{a})\"")));
        let empty = svg("Burnout?", &[], &[]);
        assert!(empty.contains(&format!("<title id=\"{}\"", a.replace("-arrow", "-title"))));
        // Titles without ASCII letters still get an id.
        assert!(id_prefix("睡眠").starts_with("map-"));
        assert_ne!(id_prefix("睡眠"), id_prefix("不眠"));
    }

    #[test]
    fn output_is_well_formed_deterministic_and_csp_safe() {
        let (nodes, edges) = example();
        let out = svg("Not sleeping", &nodes, &edges);
        well_formed(&out).unwrap();
        assert_eq!(out, svg("Not sleeping", &nodes, &edges));
        assert_eq!(out.matches("<g").count(), out.matches("</g>").count());
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scenario-map\" viewBox=\"0 0 "
        ));
        for banned in ["style=", "<script", "href", "http://", "https://"] {
            let found = out.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assert!(!found.contains(banned), "output contains {banned}");
        }
        assert_eq!(out.matches("<marker").count(), 1);
        assert_eq!(out.matches("class=\"map-inset\"").count(), 2);
        assert_eq!(out.matches("map-start").count(), 1);
        // Every number has at most one decimal.
        for number in out
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|s| s.contains('.'))
        {
            let decimals = number.rsplit('.').next().unwrap_or("");
            assert!(decimals.len() <= 1, "{number} has more than one decimal");
        }
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
    }

    /// Writes the brief's example map to the temporary folder, to look at:
    /// `cargo test scenario_map -- --ignored`.
    #[test]
    #[ignore]
    fn write_example_svg() {
        let (nodes, edges) = example();
        let out = svg("Not sleeping", &nodes, &edges);
        let path = std::env::temp_dir().join("scenario-map-example.svg");
        std::fs::write(&path, out).unwrap();
        let (nodes, _) = example();
        let mut long = nodes;
        long.push(node(
            "orphan",
            "A step nobody reaches, with a rather long heading indeed",
        ));
        let more = vec![
            edge(0, 1),
            edge(0, 2),
            edge(1, 3),
            edge(3, 0),
            edge(3, 2),
            edge(2, 4),
            edge(2, 5),
            edge(0, 4),
            edge(1, 2),
            edge(3, 3),
            edge(6, 0),
        ];
        let out = svg("Busier", &long, &more);
        std::fs::write(std::env::temp_dir().join("scenario-map-busier.svg"), out).unwrap();
    }
}
