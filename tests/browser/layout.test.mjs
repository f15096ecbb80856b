// Nothing on a page moves once it has been drawn: a trainee on a phone
// starts reading, or reaches for a link, before the script has run. The
// browser's own record of layout shifts (the measure Lighthouse scores)
// must stay empty on every kind of page, at phone and desktop width,
// including search/ while its results arrive.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { DEFAULT_COURSE, openSite, phone } from "./site.mjs";

let site;
let browser;

before(async () => {
  ({ site, browser } = await openSite(DEFAULT_COURSE));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const pages = [
  "",
  "modules/stigma/",
  "scenarios/struggling-on-nights/",
  "stories/a-phased-return/",
  "support/",
  "links/",
  "search/?q=peer+support",
];

/// Known, when the page is drawn before its script has run (it depends on
/// timing: Lighthouse saw none): on the home page, a story, links/ and
/// support/, text may move by a fraction of a pixel as controls take the
/// places kept for them. Each is held far below Lighthouse's "good" (0.1);
/// every other page must not move at all.
const allowance = { "": 0.005, "links/": 0.005, "stories/a-phased-return/": 0.005, "support/": 0.002 };

for (const [name, options] of [
  ["phone", phone],
  ["desktop", { viewport: { width: 1280, height: 800 } }],
]) {
  test(`no page moves once drawn (${name})`, async () => {
    const context = await browser.newContext(options);
    // Recorded from the first paint on, before any of the page's scripts.
    await context.addInitScript(() => {
      window.inductShifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.inductShifts.push({
            value: entry.value,
            nodes: entry.sources.map((s) => (s.node && s.node.nodeName ? s.node.nodeName + "." + (s.node.className || "") : "?")),
          });
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    const problems = [];
    for (const path of pages) {
      const page = await context.newPage();
      await page.goto(site.url(path), { waitUntil: "load" });
      if (path.startsWith("search/")) {
        await page.waitForFunction(() => document.querySelector("#induct-search-results[data-query]"));
      }
      // Let the script's work after load (progress marks, copy buttons) land.
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      const shifts = await page.evaluate(() => window.inductShifts);
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      if (total > (allowance[path] ?? 0)) problems.push(`${path || "/"}: shifted by ${total.toFixed(3)}: ${JSON.stringify(shifts)}`);
      await page.close();
    }
    await context.close();
    assert.deepEqual(problems, []);
  });
}
