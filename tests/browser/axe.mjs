// axe-core as every engine's accessibility check runs it: what is checked,
// how axe is run in a page and how its findings are reported. Used by
// a11y.test.mjs (Chromium, every fixture) and engines/a11y.test.mjs
// (Firefox, the default course).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/// axe-core's source, evaluated in a page by the test (never by a
/// `<script>` of the page, which its Content-Security-Policy refuses).
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/// What is checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's
/// best practices (landmarks, one h1, heading order...).
export const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/// In dark mode only what dark mode changes is checked again: colours.
export const colourRules = ["color-contrast", "link-in-text-block"];

/// Runs axe in `page` (anything with `evaluate(fnOrSource, arg)`: a
/// playwright or puppeteer page, or an engines.mjs tab) and returns its
/// violations, each with the selectors of the elements at fault and why.
/// `skip` lists rules left out; `only`, when given, the rules checked
/// instead of all of `tags`.
export async function axeViolations(page, skip, only) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  return page.evaluate(async ({ tags, skip, only }) => {
    const rules = Object.fromEntries(skip.map((rule) => [rule, { enabled: false }]));
    const runOnly = only ? { type: "rule", values: only } : { type: "tag", values: tags };
    const result = await window.axe.run(document, { runOnly, rules, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), why: (n.failureSummary || "").split("\n").slice(1).join(" ").trim() })),
    }));
  }, { tags, skip, only: only ?? null });
}

/// Rules that do not apply to a course: one that replaces the theme's
/// stylesheet sizes its own controls (and a page without the theme's styles
/// shows the browser's own link sizes, which WCAG 2.5.8 exempts).
export function skipped(course) {
  const themes = join(course, "themes");
  const own = existsSync(themes) && readdirSync(themes).some((t) => existsSync(join(themes, t, "assets", "induct.css")));
  return own ? ["target-size"] : [];
}

/// The violations as a list to fix from: by rule, then page and variant,
/// with the elements' selectors.
export function report(course, found) {
  const lines = [`${course}: ${found.length} axe violation(s)`];
  const order = (v) => `${v.rule} ${v.path} ${v.variant}`;
  for (const v of [...found].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    lines.push(`- ${v.rule} (${v.impact}) on ${v.path} [${v.variant}]: ${v.help}`);
    for (const n of v.nodes.slice(0, 8)) lines.push(`    ${n.target}${n.why ? ": " + n.why : ""}`);
    if (v.nodes.length > 8) lines.push(`    ... and ${v.nodes.length - 8} more`);
  }
  return lines.join("\n");
}
