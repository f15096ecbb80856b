// Nothing kept on the device unless the reader asks, in headless Chromium
// on the default course (an offline course). With the course's default
// (`progress = "off"`), after reading pages to their end, walking a
// scenario to an ending and searching, no storage holds anything but the
// offline copy, which is the site's whole file set whatever was read.
// `tab` keeps marks for the tab only; `device`, or the reader's
// "Remember my progress on this device", keeps them in this browser;
// "Forget my progress" leaves no key. The control works by keyboard and
// says its name and state to screen readers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { DEFAULT_COURSE, phone, sharedSite, shots } from "./site.mjs";

const shared = sharedSite(DEFAULT_COURSE);

/// Builds the course again with `progress = mode` (null: not set).
function buildWith(mode) {
  const toml = join(shared.site.course, "book.toml");
  const text = readFileSync(toml, "utf8").replace(/^progress = .*\n/m, "");
  writeFileSync(toml, mode ? text.replace("[site]\n", `[site]\nprogress = "${mode}"\n`) : text);
  shared.site.rebuild();
}

/// The files the offline copy must hold, as the addresses it keeps them
/// under (from sw.js: each path with its hash).
function fullCopy() {
  const text = readFileSync(join(shared.site.root, "sw.js"), "utf8");
  const files = JSON.parse(text.match(/new Map\((.*)\);\n/)[1]);
  return files.map(([path, hash]) => shared.site.url(path.split("/").map(encodeURIComponent).join("/")) + `?induct=${hash}`).sort();
}

/// Everything the browser keeps for the site: both storages (key →
/// value), IndexedDB's databases, the cookies and every cache's URLs.
function kept(page) {
  return page.evaluate(async () => {
    const cached = {};
    for (const name of await caches.keys()) {
      cached[name] = (await (await caches.open(name)).keys()).map((r) => r.url).sort();
    }
    return {
      local: { ...localStorage },
      session: { ...sessionStorage },
      databases: (await indexedDB.databases()).map((d) => d.name),
      cookie: document.cookie,
      caches: cached,
    };
  });
}

/// Waits until the worker controls `page` and its copy holds `want`
/// (sorted addresses), for at most 30 s; returns what it holds then (to
/// compare with `want`).
async function copyHolds(page, want) {
  return page.evaluate(async (want) => {
    let have = null;
    for (const until = Date.now() + 30000; Date.now() < until;) {
      await new Promise((ok) => setTimeout(ok, 100));
      if (!navigator.serviceWorker.controller) continue;
      const names = await caches.keys();
      if (names.length !== 1) continue;
      have = (await (await caches.open(names[0])).keys()).map((r) => r.url).sort();
      if (JSON.stringify(have) === JSON.stringify(want)) break;
    }
    return have;
  }, want);
}

/// Opens `path` and brings the end of its text on the screen, waiting
/// until the browser has seen it there (when a page counts as read).
async function readToEnd(page, path) {
  await page.goto(shared.site.url(path));
  await page.locator(".progress-end").scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((ok) => {
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        seen.disconnect();
        requestAnimationFrame(() => setTimeout(ok, 50));
      }
    });
    seen.observe(document.querySelector(".progress-end"));
  }));
}

/// Walks the scenario starting at `start` to an ending, taking the first
/// choice to a step not yet seen; returns the ending's path.
async function walkToEnding(page, start) {
  await page.goto(shared.site.url(start));
  const seen = new Set();
  for (let steps = 0; steps < 20; steps++) {
    if (await page.locator("article[data-ending]").count()) return new URL(page.url()).pathname.slice(1);
    seen.add(new URL(page.url()).pathname);
    const choices = await page.locator(".scenario-choices a[data-to]").evaluateAll((links) =>
      links.map((a) => new URL(a.href).pathname));
    const next = Math.max(choices.findIndex((path) => !seen.has(path)), 0);
    await Promise.all([page.waitForURL((u) => u.pathname === choices[next]), page.locator(".scenario-choices a[data-to]").nth(next).click()]);
  }
  throw new Error(`no ending reached from ${start}`);
}

/// The ticks in the contents: [link text, what it says] for each.
const marks = (page) =>
  page.locator(".site-nav a:has(.progress-mark)").evaluateAll((links) =>
    links.map((a) => [a.firstChild.textContent, a.querySelector(".progress-mark").textContent]));

/// Every `induct:` key of both storages.
const inductKeys = (page) =>
  page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith("induct:")).sort());

const note = (page) => page.locator("#induct-privacy").textContent();
const remember = (page) => page.getByRole("checkbox", { name: "Remember my progress on this device" });

test("by default nothing is kept: two readers leave only the same whole-site offline copy", async () => {
  // One page's file is changed on the server while both readers' copies
  // are made, so neither install can keep it; it is put right before they
  // read. Whatever each then reads, the copy ends as the whole shared.site.
  const file = join(shared.site.root, "support/index.html");
  const good = readFileSync(file);
  writeFileSync(file, Buffer.concat([good, Buffer.from("\n")]));
  const full = fullCopy();
  const broken = shared.site.url("support/");
  const withoutIt = full.filter((url) => !url.startsWith(broken + "?"));
  assert.equal(withoutIt.length, full.length - 1);
  const readers = [];
  for (const reading of [["modules/stigma/", "modules/first-months/", "support/"], ["about/", "references/"]]) {
    const context = await shared.browser.newContext(phone);
    const page = await context.newPage();
    const failed = [];
    page.on("pageerror", (e) => failed.push(e.message));
    await page.goto(shared.site.url(""));
    assert.deepEqual(await copyHolds(page, withoutIt), withoutIt, "the install could not keep the changed file");
    readers.push({ context, page, reading, failed });
  }
  writeFileSync(file, good);

  const scenario = "scenarios/struggling-on-nights/";
  for (const { page, reading } of readers) {
    for (const path of reading) await readToEnd(page, path);
    assert.deepEqual(await marks(page), [], "no page is marked read");
    assert.equal(await page.locator(".progress-count").count(), 0);
  }
  // The first reader also walks a scenario to an ending, and searches.
  const { page } = readers[0];
  const ending = await walkToEnding(page, scenario);
  assert.ok(ending.startsWith(scenario), ending);
  // Each step still shows the feedback for the choice made, through its
  // URL; the path is not carried from step to step, so none is shown.
  assert.match(page.url(), /#induct-from-/);
  assert.equal(await page.locator(".scenario-feedback.chosen").count(), 1);
  assert.ok(await page.locator(".scenario-feedback.chosen").isVisible());
  assert.equal(await page.locator(".scenario-your-path").isVisible(), false);
  assert.ok(await page.getByRole("link", { name: "Start again" }).isVisible());
  assert.ok(await page.getByRole("link", { name: "See every step and choice" }).isVisible());
  await page.locator("#induct-q").fill("sleep");
  await page.locator("#induct-search-panel .search-results li").first().waitFor();
  await page.goto(shared.site.url("scenarios/"));
  assert.deepEqual(await marks(page), [], "no scenario is marked finished");

  const copies = [];
  for (const { context, page, failed } of readers) {
    assert.match(await note(page), /It keeps no record on this device of what you read\./);
    assert.equal(await remember(page).isChecked(), false);
    // The copy is made again, whole, whatever was read.
    assert.deepEqual(await copyHolds(page, full), full);
    const all = await kept(page);
    assert.deepEqual({ ...all, caches: Object.keys(all.caches).length }, { local: {}, session: {}, databases: [], cookie: "", caches: 1 });
    copies.push(Object.values(all.caches)[0]);
    assert.deepEqual(await context.cookies(), []);
    assert.deepEqual(failed, []);
    await context.close();
  }
  assert.deepEqual(copies[0], full);
  assert.deepEqual(copies[1], full, "two readers who read different pages hold the same copy");
});

test("`tab` keeps marks in this tab only, in sessionStorage", async () => {
  buildWith("tab");
  const context = await shared.browser.newContext(phone);
  const page = await context.newPage();
  await readToEnd(page, "modules/stigma/");
  await page.locator(".site-nav a[aria-current=page] .progress-mark").waitFor({ state: "attached" });
  assert.deepEqual(await marks(page), [["Stigma and asking for help", "\u2713 (read)"]]);
  assert.match(await page.locator(".progress-count").textContent(), /1 page read, kept in this tab only/);
  assert.match(await note(page), /marked for this tab only, and forgotten when you close it/);
  assert.equal(await remember(page).isChecked(), false);
  const stored = await kept(page);
  assert.deepEqual(stored.local, {});
  assert.deepEqual(Object.keys(stored.session), ["induct:progress:/"]);
  // Another page in this tab still sees it; a new tab does not.
  await page.goto(shared.site.url("modules/"));
  assert.deepEqual(await marks(page), [["Stigma and asking for help", "\u2713 (read)"]]);
  const other = await context.newPage();
  await other.goto(shared.site.url("modules/"));
  assert.deepEqual(await marks(other), []);
  assert.deepEqual(await inductKeys(other), []);
  await context.close();
});

test("`device` keeps marks in this browser across tabs, and unticking forgets them", async () => {
  buildWith("device");
  const context = await shared.browser.newContext({ ...phone, viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  assert.equal(await page.goto(shared.site.url("modules/stigma/")).then(() => marks(page)).then((m) => m.length), 0);
  assert.deepEqual(await inductKeys(page), [], "a page not read to its end is not read");
  await readToEnd(page, "modules/stigma/");
  await page.locator(".site-nav a[aria-current=page] .progress-mark").waitFor();
  assert.equal(await page.getByRole("link", { name: "Stigma and asking for help (read)" }).count(), 1);

  // A scenario's steps are no pages read; reaching an ending finishes it.
  const scenario = "scenarios/struggling-on-nights/";
  const title = await page.goto(shared.site.url(scenario)).then(() => page.locator("h1").textContent());
  await walkToEnding(page, scenario);
  await page.goto(shared.site.url("scenarios/"));
  await page.locator(".site-nav a:has(.progress-mark)").first().waitFor();
  assert.ok((await marks(page)).some(([name, said]) => name === title && said === "\u2713 (finished)"), JSON.stringify(await marks(page)));
  assert.match(await page.locator(".progress-count").textContent(), /1 page read, 1 scenario finished, kept in this browser only/);
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("induct:progress:/")));
  assert.deepEqual(stored, { read: { "modules/stigma/": 1 }, finished: { [scenario]: 1 } });
  assert.match(await note(page), /kept in this browser, on this device, until you forget it/);
  assert.equal(await remember(page).isChecked(), true);

  // Kept in a new tab, after a reload.
  const other = await context.newPage();
  await other.goto(shared.site.url("modules/"));
  await other.reload();
  assert.ok((await marks(other)).some(([name, said]) => name === "Stigma and asking for help" && said === "\u2713 (read)"));
  await page.screenshot({ path: shots("progress-nav-desktop.png") });

  // Unticking forgets, in every tab, and keeps nothing from now on: the
  // reader's choice alone, which names no page.
  await remember(other).uncheck();
  await other.getByRole("status").filter({ hasText: "no longer kept on this device" }).waitFor();
  assert.deepEqual(await marks(other), []);
  assert.deepEqual(await kept(other).then((k) => k.local), { "induct:remember:/": "no" });
  await page.waitForFunction(() => !document.querySelector(".site-nav .progress-mark"));
  assert.equal(await remember(page).isChecked(), false, "the other tab follows");
  await readToEnd(other, "modules/first-months/");
  assert.deepEqual(await kept(other).then((k) => k.local), { "induct:remember:/": "no" });
  await context.close();
});

test("the reader ticks Remember by keyboard; Forget leaves no key anywhere", async () => {
  buildWith(null);
  const context = await shared.browser.newContext(phone);
  const page = await context.newPage();
  await readToEnd(page, "modules/stigma/");
  assert.deepEqual(await inductKeys(page), []);
  const box = remember(page);
  assert.ok(await box.isVisible());
  assert.equal(await page.locator(".progress-control").ariaSnapshot(), [
    "- paragraph:",
    '  - checkbox "Remember my progress on this device"',
    "  - text: Remember my progress on this device",
    '- paragraph: "On a shared computer leave this off: the next person could see which pages you read."',
    '- button "Forget my progress"',
  ].join("\n"));
  assert.equal(await box.evaluate((el) => el.getAttribute("aria-describedby")), "induct-remember-hint");
  await page.locator("footer").scrollIntoViewIfNeeded();
  await page.locator("footer").screenshot({ path: shots("progress-footer-phone.png") });

  // Tab to the box from the link before the footer's controls, tick it
  // with Space: the page already read counts at once.
  await box.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "induct-remember");
  await page.keyboard.press("Space");
  assert.equal(await box.isChecked(), true);
  await page.getByRole("status").filter({ hasText: "now kept in this browser" }).waitFor();
  assert.match(await page.locator(".progress-control").ariaSnapshot(), /- checkbox "Remember my progress on this device" \[checked\]/);
  assert.deepEqual(await marks(page), [["Stigma and asking for help", "\u2713 (read)"]]);
  assert.deepEqual(await kept(page).then((k) => k.local), {
    "induct:remember:/": "yes",
    "induct:progress:/": JSON.stringify({ read: { "modules/stigma/": 1 }, finished: {} }),
  });
  assert.match(await note(page), /kept in this browser, on this device, until you forget it/);
  await page.locator("footer").screenshot({ path: shots("progress-remembered-footer-phone.png") });

  // From now on as `device`: a path through a scenario kept in this tab,
  // the marks in a new tab of this shared.browser.
  await walkToEnding(page, "scenarios/struggling-on-nights/");
  assert.ok((await inductKeys(page)).some((k) => k.startsWith("induct:path:/ ")), JSON.stringify(await inductKeys(page)));
  const other = await context.newPage();
  await other.goto(shared.site.url("modules/"));
  assert.deepEqual(await marks(other), [["Stigma and asking for help", "\u2713 (read)"]]);
  await other.close();

  // Forget, by keyboard: no induct: key left in either storage, the box
  // unticked, and it says so.
  const forget = page.getByRole("button", { name: "Forget my progress" });
  await forget.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Your progress is forgotten" }).waitFor();
  assert.deepEqual(await inductKeys(page), []);
  assert.deepEqual(await marks(page), []);
  assert.equal(await page.locator(".progress-count").count(), 0);
  assert.equal(await box.isChecked(), false);
  assert.match(await note(page), /keeps no record on this device/);
  await page.goto(shared.site.url("scenarios/"));
  assert.deepEqual(await marks(page), []);
  assert.deepEqual(await inductKeys(page), []);
  await context.close();
});

test("two courses on one host keep their progress apart, and forgetting one leaves the other", async () => {
  buildWith("device");
  // A second build of the course under /other/ on the same server.
  const copy = mkdtempSync(join(tmpdir(), "induct-other-"));
  cpSync(shared.site.root, copy, { recursive: true });
  cpSync(copy, join(shared.site.root, "other"), { recursive: true });
  rmSync(copy, { recursive: true, force: true });
  const context = await shared.browser.newContext(phone);
  const page = await context.newPage();
  await readToEnd(page, "modules/stigma/");
  await page.goto(shared.site.url("other/modules/"));
  assert.deepEqual(await marks(page), [], "the other course has read nothing");
  await readToEnd(page, "other/modules/peer-support/");
  await walkToEnding(page, "other/scenarios/struggling-on-nights/");
  await walkToEnding(page, "scenarios/struggling-on-nights/");
  const keys = await inductKeys(page);
  assert.deepEqual(keys.filter((k) => k.startsWith("induct:progress:")), ["induct:progress:/", "induct:progress:/other/"]);
  assert.deepEqual(keys.filter((k) => k.startsWith("induct:path:")), ["induct:path:/ scenarios/struggling-on-nights/", "induct:path:/other/ scenarios/struggling-on-nights/"]);
  await page.goto(shared.site.url("other/modules/"));
  await page.getByRole("button", { name: "Forget my progress" }).click();
  assert.deepEqual(await inductKeys(page), ["induct:path:/ scenarios/struggling-on-nights/", "induct:progress:/"]);
  await page.goto(shared.site.url("modules/"));
  assert.deepEqual(await marks(page), [["Stigma and asking for help", "\u2713 (read)"]]);
  await context.close();
  rmSync(join(shared.site.root, "other"), { recursive: true, force: true });
});

test("with storage refused, pages work and nothing is marked or offered", async () => {
  buildWith("device");
  const context = await shared.browser.newContext(phone);
  await context.addInitScript(() => {
    for (const name of ["localStorage", "sessionStorage"]) {
      Object.defineProperty(window, name, { get() { throw new DOMException("refused", "SecurityError"); } });
    }
  });
  const page = await context.newPage();
  const failed = [];
  page.on("pageerror", (e) => failed.push(e.message));
  await readToEnd(page, "modules/stigma/");
  assert.equal(await page.locator("footer .progress-control").isVisible(), false);
  assert.ok((await page.locator("button.induct-copy").count()) > 0, "the rest of the script ran");
  assert.match(await note(page), /keeps no record on this device/, "nothing can be kept: the note says so");
  await walkToEnding(page, "scenarios/struggling-on-nights/");
  await page.goto(shared.site.url("scenarios/"));
  assert.deepEqual(await marks(page), []);
  assert.deepEqual(failed, []);
  await context.close();
});

test("without JavaScript the controls are not shown", async () => {
  const context = await shared.browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(shared.site.url("modules/stigma/"));
  assert.equal(await page.locator(".progress-control").isVisible(), false);
  assert.equal(await page.getByRole("checkbox").count(), 0);
  assert.match(await note(page), /It keeps no record on this device of what you read\./);
  await context.close();
});
