// A trainee opens a site built with `offline = true`, under a sub-path,
// once; later, with no network, every page still opens. When the site
// changes, the copy updates itself; when offline is turned off again, the
// copy and its worker go.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { openSite, phone, shots } from "./site.mjs";

let site;
let browser;

before(async () => {
  ({ site, browser } = await openSite("basic", {
    prefix: "induction/2026/",
    prepare: (course) => appendFileSync(join(course, "book.toml"), "offline = true\n"),
  }));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/// The files sw.js lists, by address, with their hashes.
function listed() {
  const text = readFileSync(join(site.root, "sw.js"), "utf8");
  return new Map(JSON.parse(text.match(/new Map\((.*)\);\n/)[1]));
}

/// Waits (in the page) until the worker controls it and its copy holds
/// exactly the files of `files` (address → hash); returns the copy's
/// entries. Polls without a deadline of its own: the test's timeout ends it.
async function copied(page, files) {
  const want = [...files].map(([path, hash]) => `${path}?induct=${hash}`).sort();
  return page.evaluate(async (want) => {
    const root = new URL("../", document.querySelector('script[src$="assets/induct.js"]').src).href;
    for (;;) {
      await new Promise((ok) => setTimeout(ok, 100));
      const reg = await navigator.serviceWorker.getRegistration(root);
      if (!reg || !reg.active || reg.active.state !== "activated" || !navigator.serviceWorker.controller) continue;
      const cache = await caches.open("induct-1 " + root);
      const have = (await cache.keys()).map((r) => r.url.slice(root.length)).sort();
      if (JSON.stringify(have) === JSON.stringify(want)) return have;
    }
  }, want);
}

test("the site works offline after one visit, and updates itself when it changes", async (t) => {
  t.after(() => site.unreachable(false));
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const failed = [];
  page.on("pageerror", (e) => failed.push(e.message));
  await page.goto(site.url(""));
  const files = listed();
  assert.ok(files.has("") && files.has("modules/support/who/") && files.has("404.html") && files.has("assets/induct.js"), [...files.keys()].join(" "));
  const have = await copied(page, files);
  assert.equal(have.length, files.size);

  site.unreachable(true);
  // Pages by their address, their index.html, with a query; a file; a
  // page linked from another; an address the site lacks.
  await page.goto(site.url("modules/support/"));
  assert.equal(await page.locator("h1").textContent(), "Support");
  await page.goto(site.url("modules/support/who/index.html"));
  assert.match(await page.title(), /^Who to call/);
  await page.goto(site.url("modules/first-weeks/?q=nights"));
  assert.match(await page.title(), /^Your first weeks/);
  await page.getByRole("link", { name: "Next" }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /modules\/support\/$/);
  const pdf = await page.evaluate((url) => fetch(url).then((r) => r.status + " " + r.headers.get("Content-Type")), site.url("files/leaflet.pdf"));
  assert.equal(pdf, "200 application/octet-stream");
  const missing = await page.goto(site.url("no/such/page/"));
  assert.equal(missing.status(), 404);
  assert.equal(await page.locator("h1").textContent(), "Page not found");
  await page.goto(site.url(""));
  await page.screenshot({ path: shots("offline-home-phone.png") });

  // A new build: the next visit finds the new worker, which fetches only
  // what changed; the visit after shows the new page.
  site.unreachable(false);
  const who = join(site.course, "content/modules/02-support/who.md");
  writeFileSync(who, readFileSync(who, "utf8").replace(/^---\n[\s\S]*?\n---\n/, (front) => front + "\nUpdated for 2027.\n"));
  site.rebuild();
  const updated = listed();
  assert.notEqual(updated.get("modules/support/who/"), files.get("modules/support/who/"), "the page's hash changed");
  assert.equal(updated.get("modules/first-weeks/"), files.get("modules/first-weeks/"));
  const fetched = [];
  context.on("request", (r) => {
    if (r.serviceWorker() && !r.url().endsWith("sw.js")) fetched.push(r.url());
  });
  await page.goto(site.url("modules/support/who/"));
  await copied(page, updated);
  await page.reload();
  assert.ok((await page.locator("main").textContent()).includes("Updated for 2027."));
  site.unreachable(true);
  await page.goto(site.url("modules/first-weeks/"));
  await page.goto(site.url("modules/support/who/"));
  assert.ok((await page.locator("main").textContent()).includes("Updated for 2027."));
  site.unreachable(false);
  assert.deepEqual(failed, []);
  // The worker fetched again only the files whose bytes changed.
  const changed = [...updated].filter(([path, hash]) => files.get(path) !== hash).map(([path]) => site.url(path));
  assert.deepEqual(fetched.sort(), changed.sort());
  await context.close();
});

test("a build without offline removes the worker and the copy", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url(""));
  await copied(page, listed());
  const toml = join(site.course, "book.toml");
  writeFileSync(toml, readFileSync(toml, "utf8").replace("offline = true\n", ""));
  site.rebuild();
  assert.ok(!readFileSync(join(site.root, "sw.js"), "utf8").includes("new Map("));
  await page.goto(site.url("modules/support/"));
  // The retired worker reloads the page as it goes: ask again until done.
  let left;
  for (;;) {
    await new Promise((ok) => setTimeout(ok, 100));
    left = await page
      .evaluate(async () => ({ regs: (await navigator.serviceWorker.getRegistrations()).length, names: await caches.keys() }))
      .catch(() => null);
    if (left && left.regs === 0 && left.names.length === 0) break;
  }
  assert.deepEqual(left, { regs: 0, names: [] });
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-offline")), false);
  await context.close();
});
