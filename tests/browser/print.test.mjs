// A trainee prints a page, or a whole module from its printout: black on
// white, no navigation or buttons, each link's address after it, stories
// and disclosures open, and a PDF that the browser can make.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";

import { openSite, shots } from "./site.mjs";

let sites = {};
let browser;

before(async () => {
  for (const name of ["basic", "stories", "scenarios"]) {
    const opened = await openSite(name, { today: "2026-11-23" });
    sites[name] = opened.site;
    if (browser) await opened.browser.close();
    else browser = opened.browser;
  }
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.close();
});

/// What a print stylesheet shows after an element (its ::after content).
const after_ = (locator) => locator.evaluate((e) => getComputedStyle(e, "::after").content);

for (const colorScheme of ["light", "dark"]) {
  test(`a page prints black on white without navigation, with link addresses (${colorScheme} mode)`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(sites.basic.url("modules/first-weeks/"));
    await page.emulateMedia({ media: "print", colorScheme });
    for (const hidden of [".site-header", ".site-nav", ".site-footer", ".skip-link", ".breadcrumbs", ".pager", ".print-module", ".induct-copy", ".induct-anchor"]) {
      for (const element of await page.locator(hidden).all()) {
        assert.equal(await element.isVisible(), false, `${hidden} is hidden`);
      }
    }
    const colours = await page.evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]);
    assert.deepEqual(colours, ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]);
    // A link within the site: its public address (from base_url).
    const who = page.locator("main .content a", { hasText: "who to call" });
    assert.equal(await after_(who), '" (https://example.org/induction/modules/support/who/#who-to-call)"');
    // A link to another site: its address; within the page: none.
    assert.equal(await after_(page.locator("main a", { hasText: "the PSU" })), '" (https://example.org/psu)"');
    assert.equal(await after_(page.locator("main a", { hasText: "this page’s notes" })), "none");
    if (colorScheme === "light") await page.screenshot({ path: shots("print-page.png"), fullPage: true });
    await context.close();
  });
}

test("without JavaScript, links to other sites still print their address", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(sites.basic.url("modules/first-weeks/"));
  await page.emulateMedia({ media: "print" });
  assert.equal(await after_(page.locator("main a", { hasText: "the PSU" })), '" (https://example.org/psu)"');
  assert.equal(await page.locator(".site-nav").isVisible(), false);
  await context.close();
});

test("a story prints with its content notes and its text shown", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(sites.stories.url("stories/back-on-track/"));
    assert.equal(await page.getByText("tired for months").isVisible(), false, "closed on screen");
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.locator(".story-notes").isVisible());
    assert.equal(await page.getByText("tired for months").isVisible(), true, `shown in print (JavaScript ${javaScriptEnabled})`);
    await context.close();
  }
});

test("a scenario step prints its choices as a list", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(sites.scenarios.url("scenarios/night-shift/"));
  await page.emulateMedia({ media: "print" });
  const choices = page.locator(".scenario-choices li a");
  assert.ok((await choices.count()) > 1);
  assert.ok(await choices.first().isVisible());
  assert.equal(await after_(choices.first()), "none");
  await context.close();
});

test("a module's printout prints every page, as a PDF", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(sites.basic.url("modules/support/"));
  await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Print this module" }).click()]);
  assert.equal(page.url(), sites.basic.url("modules/support/print/"));
  assert.deepEqual(await page.locator(".printout-part h1").allTextContents(), ["Support", "Who to call"]);
  // Inside the printout, a link to its other page leads there.
  await page.locator(".printout-part a", { hasText: "who to call" }).first().click();
  assert.equal(new URL(page.url()).hash, "#who");
  const pdf = await page.pdf({ format: "A4" });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  writeFileSync(shots("printout.pdf"), pdf);
  await context.close();
});
