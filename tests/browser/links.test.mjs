// A programme director on links/ finds a section by typing, copies its
// address and its email text; a reader following an old address lands on
// the renamed section. Headless Chromium at phone width; screenshots in
// target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { openSite, phone, shots } from "./site.mjs";

let site;
let browser;

/// The basic fixture after its pages were reworked: the `pinned` heading
/// renamed (its old id kept by anchor_aliases), who.md moved to
/// contacts.md (its old address kept by aliases), and a short link.
function rework(course) {
  const edit = (rel, from, to) => {
    const path = join(course, rel);
    writeFileSync(path, readFileSync(path, "utf8").replaceAll(from, to));
  };
  edit("content/modules/01-first-weeks.md", "## Who to call {#pinned}", "## Who to call first {#who-to-call-first}");
  edit("content/modules/01-first-weeks.md", "title: Your first weeks", "title: Your first weeks\nanchor_aliases:\n  pinned: who-to-call-first");
  renameSync(join(course, "content/modules/02-support/who.md"), join(course, "content/modules/02-support/contacts.md"));
  edit("content/modules/02-support/contacts.md", "title: Who to call", "title: Who to call\naliases: [\"modules/support/who/\"]\nshort: who");
  edit("content/modules/02-support/contacts.md", "01-first-weeks.md#pinned", "01-first-weeks.md#who-to-call-first");
  edit("content/index.md", "02-support/who.md", "02-support/contacts.md");
  edit("content/modules/01-first-weeks.md", "02-support/who.md", "02-support/contacts.md");
  edit("content/modules/01-first-weeks.md", "/modules/support/who/", "/modules/support/contacts/");
  edit("content/modules/02-support/index.md", "(who.md)", "(contacts.md)");
}

before(async () => {
  ({ site, browser } = await openSite("basic", { prepare: rework }));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test("links/ filters as you type and copies an address and an email text", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ ...phone, colorScheme });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.url("")).origin });
    const page = await context.newPage();
    await page.goto(site.url("links/"));
    assert.equal(await page.locator("meta[name=robots]").getAttribute("content"), "noindex");
    const items = page.locator(".link-item");
    const total = await items.count();
    assert.ok(total >= 10, `${total} links`);
    const search = page.getByLabel("Find a page or section");
    assert.equal(await search.isVisible(), true);
    await search.fill("call first");
    await page.waitForFunction(() => document.getElementById("induct-links-count").textContent.startsWith("1 of"), null, { timeout: 5000 });
    const visible = page.locator(".link-item:visible");
    assert.equal(await visible.count(), 1);
    assert.equal(await visible.locator("a").innerText(), "Who to call first");
    assert.equal(await page.locator(".link-group:visible").count(), 1, "groups with no match are hidden");
    await page.screenshot({ path: shots(`links-filtered-${colorScheme}-phone.png`), fullPage: true });

    const copyLink = visible.getByRole("button", { name: /^Copy link/ });
    await copyLink.click();
    await page.waitForFunction(() => document.querySelector(".induct-visually-hidden[aria-live=polite]").textContent === "Link copied", null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "https://example.org/induction/modules/first-weeks/#who-to-call-first");
    await visible.getByRole("button", { name: /^Copy for email/ }).click();
    await page.waitForFunction(() => document.querySelector(".induct-visually-hidden[aria-live=polite]").textContent === "Email text copied", null, { timeout: 5000 });
    assert.equal(
      await page.evaluate(() => navigator.clipboard.readText()),
      "Your first weeks: Who to call first\nWhat the first weeks of a post are like.\nhttps://example.org/induction/modules/first-weeks/#who-to-call-first",
    );
    // Clearing the box shows everything again.
    await search.fill("");
    await page.waitForFunction((n) => document.querySelectorAll(".link-item:not([hidden])").length === n, total, { timeout: 5000 });
    await page.screenshot({ path: shots(`links-${colorScheme}-phone.png`) });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling: ${width}px`);
    await context.close();
  }
});

test("links/ is complete without JavaScript", async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url("links/"));
  assert.equal(await page.locator(".links-filter").isVisible(), false, "no box that would do nothing");
  assert.equal(await page.locator("main button:visible").count(), 0, "no buttons that would do nothing");
  const item = page.locator(".link-item").filter({ hasText: "Who to call first" });
  assert.equal(await item.locator("code").innerText(), "https://example.org/induction/modules/first-weeks/#who-to-call-first");
  const group = page.locator(".link-group").filter({ has: item });
  await group.locator("summary").click();
  assert.equal(await group.locator("pre").innerText(), "Your first weeks\nWhat the first weeks of a post are like.\nhttps://example.org/induction/modules/first-weeks/");
  await page.screenshot({ path: shots("links-nojs-phone.png") });
  await context.close();
});

test("an old address leads to the new page, keeping its section", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ ...phone, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(site.url("modules/support/who/#who-to-call"));
    await page.waitForURL(/\/modules\/support\/contacts\//, { timeout: 10000 });
    if (javaScriptEnabled) {
      assert.ok(page.url().endsWith("/modules/support/contacts/#who-to-call"), page.url());
    }
    assert.equal(await page.locator("h1").innerText(), "Who to call");
    // The renamed heading's old id still lands on it.
    await page.goto(site.url("modules/first-weeks/#pinned"));
    // Scrolling is smooth: wait for it to arrive (polled by hand, as
    // waitForFunction needs the page's own scripts).
    const inView = () => page.evaluate(() => {
      const top = document.getElementById("who-to-call-first").getBoundingClientRect().top;
      return top >= -2 && top < 200;
    });
    let arrived = false;
    for (let i = 0; i < 100 && !arrived; i++) {
      arrived = await inView();
      if (!arrived) await page.waitForTimeout(50);
    }
    assert.ok(arrived, "the renamed heading is in view");
    // A short link.
    await page.goto(site.url("go/who/"));
    await page.waitForURL(/\/modules\/support\/contacts\/$/, { timeout: 10000 });
    await context.close();
  }
});

test("an old address opened from disk leads to the new page's file", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(site.root, "modules/support/who/index.html")).href + "#who-to-call");
  await page.waitForURL(/\/modules\/support\/contacts\/index\.html#who-to-call$/, { timeout: 10000 });
  assert.equal(await page.locator("h1").innerText(), "Who to call");
  await context.close();
});

test("a step's Copy link copies the step's own address", async () => {
  const { site: steps, browser: b } = await openSite("scenarios");
  try {
    const context = await b.newContext(phone);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(steps.url("")).origin });
    const page = await context.newPage();
    await page.goto(steps.url("scenarios/night-shift/wait/"));
    const button = page.locator("#wait ~ button.induct-copy");
    assert.equal(await button.getAttribute("aria-label"), "Copy link to this step: Wait");
    await button.click();
    await page.waitForFunction(() => document.querySelector(".induct-visually-hidden[aria-live=polite]").textContent === "Link copied", null, { timeout: 5000 });
    const base = await page.locator("link[rel=canonical]").getAttribute("href");
    assert.ok(base.endsWith("/scenarios/night-shift/wait/"), base);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), base);
    // On the overview, a step's # leads to the step's page.
    await page.goto(steps.url("scenarios/night-shift/overview/"));
    await page.locator("#wait + a.induct-anchor").click();
    await page.waitForURL(/\/scenarios\/night-shift\/wait\/$/, { timeout: 10000 });
    await context.close();
  } finally {
    await b.close();
    await steps.close();
  }
});
