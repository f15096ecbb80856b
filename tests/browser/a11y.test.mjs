// WCAG 2.2 AA, checked by axe-core on every page the build writes: the
// repository's own course and every fixture in tests/fixtures/build/, in
// light and dark, at phone width (360 CSS px) and desktop width, as a
// reader sees them after the theme's script has run, and at phone width
// without it. A page that moved (a redirect page) is checked as it is, its
// onward navigation held back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync } from "node:fs";

import { axeViolations, colourRules, report, skipped } from "./axe.mjs";
import { baseUrl, copyDefaultCourse, fixture, fixtureNames, htmlPages, launch, publishedFile, serveCourse } from "./site.mjs";

/// How a page is seen: on a phone and on a desktop (the navigation beside
/// the text), and on a phone without the site's scripts (as with
/// JavaScript off; axe itself still runs).
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const variants = [
  { name: "phone", ...phone, scripts: true },
  { name: "desktop", viewport: { width: 1280, height: 800 }, scripts: true },
  { name: "phone, no script", ...phone, scripts: false },
];

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
              for (const v of await axeViolations(page, skip, only)) found.push({ path: path || "/", variant: `${variant.name}, ${colorScheme}`, ...v });
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
