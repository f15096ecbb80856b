// axe-core in Firefox on every page the default course builds, at phone
// width, as a reader sees it after the theme's script has run: every rule
// of tests/browser/axe.mjs in the light scheme, the colour rules again in
// the dark one, as a11y.test.mjs checks them in Chromium. A page that
// moved (a redirect page) is checked as it is, its onward navigation held
// back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { extname } from "node:path";

import { axeViolations, colourRules, report, skipped } from "../axe.mjs";
import { baseUrl, copyDefaultCourse, htmlPages, publishedFile, serveCourse, types } from "../site.mjs";
import { engines, openTab } from "./engines.mjs";

/// The schemes a page is seen in, each in a Firefox of its own (the
/// scheme is a preference of the profile: puppeteer's
/// `emulateMediaFeatures` needs CDP, which Firefox no longer offers), and
/// the rules checked in it (null: all).
const schemes = [
  { name: "light", override: 1, only: null },
  { name: "dark", override: 0, only: colourRules },
];

let site;
before(async () => {
  site = await serveCourse(copyDefaultCourse);
});
after(async () => {
  await site?.close();
});

/// A Firefox tab in `scheme` that serves `site`, holding back any
/// navigation but the one asked for (`tab.asked`): a page that moved is
/// checked, not the page it sends the reader on to (its meta refresh is
/// refused here), and its script (which only sends the reader on) is not
/// run either (`tab.moved`). Addresses under the course's base_url are
/// answered from the output; any other host is refused. Puppeteer's
/// request interception works over WebDriver BiDi in Firefox ESR 140,
/// though a request's resourceType does not: scripts are told by their
/// address.
///
/// axe runs past the page's Content-Security-Policy (which allows the
/// site's own scripts only) without `setBypassCSP` (CDP only):
/// `axeViolations` evaluates its source through puppeteer's
/// `page.evaluate`, BiDi's script.evaluate, which Firefox does not hold to
/// the page's policy: axe loads and runs, and the page hears of no
/// refusal (`tab.violations()` stays empty).
///
/// The offline worker is kept out (`dom.serviceWorkers.enabled`): what it
/// answers would not pass through the interception below.
async function checker(scheme) {
  const tab = await openTab("firefox", {
    firefoxPrefs: {
      "layout.css.prefers-color-scheme.content-override": scheme.override,
      "dom.serviceWorkers.enabled": false,
      // A moved page's meta refresh, refused by the interception below
      // only once it fires, would race the next page's navigation (and
      // leave it waiting for a load that never comes): Firefox's own
      // setting for readers who ask pages not to move on by themselves.
      "accessibility.blockautorefresh": true,
    },
  });
  const page = tab.page;
  const local = site.url("");
  const published = baseUrl(site);
  tab.asked = "";
  tab.moved = false;
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url().split("#")[0];
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && url !== tab.asked) return request.abort("aborted");
    if (tab.moved && new URL(url).pathname.endsWith(".js")) return request.abort("aborted");
    if (url.startsWith(local)) return request.continue();
    if (published && url.startsWith(published)) {
      const file = publishedFile(site, url);
      return request.respond({ status: 200, contentType: types[extname(file)] || "application/octet-stream", body: readFileSync(file) });
    }
    return request.abort("blockedbyclient");
  });
  return tab;
}

// Firefox only (ENGINES=webkit runs nothing here): axe is not run in
// WebKit, whose classic WebDriver has no request interception to hold a
// moved page in place.
for (const engine of engines.filter((e) => e === "firefox")) {
  test(`axe finds nothing to fix on any page of the default course in ${engine}, at phone width`, async () => {
    const all = htmlPages(site.root);
    const skip = skipped(site.course);
    assert.ok(all.length > 20 && all.some((p) => p.moved), `the build wrote pages, some moved: ${all.length}`);
    const found = [];
    const refused = [];
    let checked = 0;
    // The two schemes side by side, a page each.
    await Promise.all(
      schemes.map(async (scheme) => {
        const tab = await checker(scheme);
        try {
          assert.equal(await tab.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), scheme.name === "dark");
          for (const { path, moved } of all) {
            tab.asked = site.url(path);
            tab.moved = moved;
            const where = `${path || "/"} [${scheme.name}]`;
            await tab.goto(tab.asked).catch((error) => {
              throw new Error(`${where}: ${error.message}`);
            });
            for (const v of await axeViolations(tab, skip, scheme.only)) found.push({ path: path || "/", variant: `phone, ${scheme.name}`, ...v });
            for (const v of await tab.violations()) refused.push(`${path || "/"}: ${v}`);
            checked++;
            // What was checked is the page asked for, not one it led on to.
            assert.equal(tab.url().split("#")[0], tab.asked, `${where} left for ${tab.url()}`);
          }
          if (scheme.name === "light") await tab.screenshot("a11y-last-page-phone");
        } finally {
          await tab.close();
        }
      }),
    );
    assert.equal(checked, all.length * schemes.length);
    assert.deepEqual(refused, [], "axe ran without the page's policy refusing anything");
    assert.equal(found.length, 0, report(`default course in ${engine}`, found));
  });
}
