// WCAG 2.2 AA, checked by axe-core on every page the build writes: the
// repository's own course and every fixture in tests/fixtures/build/, in
// light and dark, at phone width (360 CSS px) and desktop width, as a
// reader sees them after the theme's script has run, and at phone width
// without it. A page that moved (a redirect page) is checked as it is, its
// onward navigation held back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { baseUrl, copyDefaultCourse, fixture, fixtureNames, htmlPages, launch, publishedFile, serveCourse } from "./site.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/// What is checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's
/// best practices (landmarks, one h1, heading order...).
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/// How a page is seen: on a phone and on a desktop (the navigation beside
/// the text), and on a phone without the site's scripts (as with
/// JavaScript off; axe itself still runs).
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const variants = [
  { name: "phone", ...phone, scripts: true },
  { name: "desktop", viewport: { width: 1280, height: 800 }, scripts: true },
  { name: "phone, no script", ...phone, scripts: false },
];

/// In dark mode only what dark mode changes is checked again: colours.
const colourRules = ["color-contrast", "link-in-text-block"];

/// Build options per fixture, as the fixture's own tests build it.
const options = { stories: { today: "2026-11-23" } };

const courses = [
  { name: "default course", copy: copyDefaultCourse },
  ...fixtureNames().map((name) => ({
    name: `fixture ${name}`,
    copy: (course) => cpSync(fixture(name), course, { recursive: true }),
    options: options[name],
  })),
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/// A page of `browser` seen as `variant` that serves `site`, holding back
/// any navigation but the one asked for (`page.asked`): a page that moved
/// is checked, not the page it sends the reader on to. Its script (which
/// only sends the reader on) is not run either (`page.moved`). Addresses
/// under the course's base_url are served from the output; any other host
/// is refused.
async function checker(site, variant) {
  const { name, scripts, ...options } = variant;
  // axe is run in the page by the test, past the site's
  // Content-Security-Policy (which allows the site's own scripts only).
  // The offline worker is kept out: what it answers bypasses the routes
  // below, so once it controlled the pages a moved page's script would run
  // and take the check on to the page it sends the reader to.
  const context = await browser.newContext({ ...options, bypassCSP: true, serviceWorkers: "block" });
  const page = await context.newPage();
  const local = site.url("");
  const published = baseUrl(site);
  page.asked = "";
  page.moved = false;
  await page.route("**/*", (route) => {
    const request = route.request();
    const url = request.url().split("#")[0];
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && url !== page.asked) return route.abort("aborted");
    if ((page.moved || !scripts) && request.resourceType() === "script") return route.abort("aborted");
    if (url.startsWith(local)) return route.continue();
    if (published && url.startsWith(published)) return route.fulfill({ path: publishedFile(site, url) });
    return route.abort("blockedbyclient");
  });
  return page;
}

/// Runs axe in `page` and returns its violations, each with the selectors
/// of the elements at fault and why.
async function violations(page, skip, only) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  return page.evaluate(async ([tags, skip, only]) => {
    const rules = Object.fromEntries(skip.map((rule) => [rule, { enabled: false }]));
    const runOnly = only ? { type: "rule", values: only } : { type: "tag", values: tags };
    const result = await window.axe.run(document, { runOnly, rules, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), why: (n.failureSummary || "").split("\n").slice(1).join(" ").trim() })),
    }));
  }, [tags, skip, only]);
}

/// Rules that do not apply to a course: one that replaces the theme's
/// stylesheet sizes its own controls (and a page without the theme's styles
/// shows the browser's own link sizes, which WCAG 2.5.8 exempts).
function skipped(course) {
  const themes = join(course, "themes");
  const own = existsSync(themes) && readdirSync(themes).some((t) => existsSync(join(themes, t, "assets", "induct.css")));
  return own ? ["target-size"] : [];
}

for (const course of courses) {
  test(`axe finds nothing to fix on any page: ${course.name}`, async () => {
    const site = await serveCourse(course.copy, course.options);
    const found = [];
    let checked = 0;
    try {
      const all = htmlPages(site.root);
      const skip = skipped(site.course);
      assert.ok(all.length > 0, "the build wrote pages");
      // The variants side by side, a page each.
      await Promise.all(
        variants.map(async (variant) => {
          const page = await checker(site, variant);
          for (const { path, moved } of all) {
            page.asked = site.url(path);
            page.moved = moved;
            await page.goto(page.asked, { waitUntil: "load" });
            for (const [colorScheme, only] of [["light", null], ["dark", colourRules]]) {
              await page.emulateMedia({ colorScheme });
              for (const v of await violations(page, skip, only)) found.push({ path: path || "/", variant: `${variant.name}, ${colorScheme}`, ...v });
              checked++;
            }
            // What was checked is the page asked for, not one it led on to.
            assert.equal(page.url().split("#")[0], page.asked, `${path || "/"} [${variant.name}] left for ${page.url()}`);
          }
          await page.context().close();
        }),
      );
    } finally {
      await site.close();
    }
    assert.ok(checked > 0);
    assert.equal(found.length, 0, report(course.name, found));
  });
}

/// The violations as a list to fix from: by rule, then page and variant,
/// with the elements' selectors.
function report(course, found) {
  const lines = [`${course}: ${found.length} axe violation(s)`];
  const order = (v) => `${v.rule} ${v.path} ${v.variant}`;
  for (const v of [...found].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    lines.push(`- ${v.rule} (${v.impact}) on ${v.path} [${v.variant}]: ${v.help}`);
    for (const n of v.nodes.slice(0, 8)) lines.push(`    ${n.target}${n.why ? ": " + n.why : ""}`);
    if (v.nodes.length > 8) lines.push(`    ... and ${v.nodes.length - 8} more`);
  }
  return lines.join("\n");
}
