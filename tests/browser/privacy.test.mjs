// Private by construction, in headless Chromium: every page of the default
// course loads under its Content-Security-Policy with nothing blocked, both
// served and opened from disk; every request goes to the site's own server
// and no cookie is set; progress is kept in this browser only, shown in the
// contents and forgotten on request. (The quick exit: exit.test.mjs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

import { DEFAULT_COURSE, openSite, phone, shots } from "./site.mjs";

let site;
let browser;

before(async () => {
  ({ site, browser } = await openSite(DEFAULT_COURSE));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/// Every HTML file under `root`, relative, `/`-separated.
function htmlFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html")) found.push(relative(root, path).split(sep).join("/"));
    }
  };
  walk(root);
  return found.sort();
}

/// The address of an HTML file of the site on the test server.
const served = (rel) => site.url(rel.replace(/(^|\/)index\.html$/, "$1"));

/// A page at an old or short address, which sends the reader on.
const isRedirect = (rel) => readFileSync(join(site.root, rel), "utf8").includes('class="induct-moved"');

/// A new browser context with `options` and a page in it, noting what
/// the policy blocked (the `securitypolicyviolation` events and the
/// console's reports), any script error, and every request made. `init`,
/// when given, runs in every page before its own scripts.
async function watched(options, init) {
  const context = await browser.newContext(options);
  const blocked = [];
  const requests = [];
  await context.exposeFunction("inductBlocked", (what) => blocked.push(what));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.inductBlocked(`${location.href}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  if (init) await context.addInitScript(init);
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) blocked.push(`${page.url()}: console: ${m.text()}`);
  });
  page.on("pageerror", (e) => blocked.push(`${page.url()}: script error: ${e.message}`));
  return { context, page, blocked, requests };
}

/// Loads `url` and, for a page that sends the reader on, waits until it has.
async function visit(page, rel, url) {
  await page.goto(url, { waitUntil: "load" });
  if (isRedirect(rel)) {
    await page.waitForURL((u) => u.href !== url, { timeout: 10000 });
    await page.waitForLoadState("load");
  }
}

test("every page of the default course loads under its policy, only from its own server, and sets no cookie", async () => {
  const { context, page, blocked, requests } = await watched(phone);
  const pages = htmlFiles(site.root);
  assert.ok(pages.length > 60, `only ${pages.length} pages`);
  for (const rel of pages) {
    await visit(page, rel, served(rel));
    // The end of the page in view (progress is recorded then).
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.equal(await page.evaluate(() => document.cookie), "", `${rel}: a cookie`);
  }
  // And what the scripts add on use: copying a link, filtering services.
  await page.goto(site.url("support/"));
  await page.locator(".support-filter button").nth(1).click();
  await page.goto(site.url("modules/stigma/"));
  await page.locator("button.induct-copy").first().click();
  assert.deepEqual(blocked, []);
  const elsewhere = requests.filter((url) => !url.startsWith(site.origin + "/") && !url.startsWith("data:"));
  assert.deepEqual(elsewhere, [], "requests to another host");
  assert.ok(requests.some((url) => url.endsWith("/assets/induct.js")), "the pages' own requests were seen");
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});

test("opened from disk, every page runs its own script and styles under its policy", async () => {
  const { context, page, blocked, requests } = await watched(phone);
  // 404.html is for servers to send for missing addresses (its assets
  // come from the site's root path); there is none from disk.
  for (const rel of htmlFiles(site.root).filter((rel) => rel !== "404.html")) {
    const url = pathToFileURL(join(site.root, rel)).href;
    await visit(page, rel, url);
    const seen = await page.evaluate(() => ({
      styled: getComputedStyle(document.body).marginTop === "0px",
      // The script adds a live region to every page it runs on.
      scripted: !document.querySelector('script[src$="induct.js"]') || !!document.querySelector("body > .induct-visually-hidden[aria-live]"),
      navLinks: [...document.querySelectorAll(".site-nav li > a")].map((a) => a.getAttribute("href")),
    }));
    assert.ok(seen.styled, `${rel}: the stylesheet did not apply`);
    assert.ok(seen.scripted, `${rel}: the script did not run`);
    // The script points links to folders at their index.html.
    for (const href of seen.navLinks) assert.match(href, /index\.html$/, `${rel}: ${href}`);
  }
  assert.deepEqual(blocked, []);
  assert.deepEqual(requests.filter((url) => !url.startsWith("file://") && !url.startsWith("data:")), []);
  await context.close();
});

/// The ticks in the contents: [link text, what it says] for each.
const marks = (page) =>
  page.locator(".site-nav a:has(.progress-mark)").evaluateAll((links) =>
    links.map((a) => [a.firstChild.textContent, a.querySelector(".progress-mark").textContent]));

const storedKeys = (page) =>
  page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith("induct")));

test("pages read and scenarios finished are marked in the contents, kept, and forgotten on request", async () => {
  const { context, page, blocked } = await watched({ ...phone, viewport: { width: 1024, height: 700 } });

  // A long page is not read until its end has been on the screen.
  await page.goto(site.url("modules/stigma/"));
  assert.deepEqual(await marks(page), []);
  assert.deepEqual(await storedKeys(page), []);
  await page.locator(".progress-end").scrollIntoViewIfNeeded();
  await page.locator(".site-nav a[aria-current=page] .progress-mark").waitFor();
  assert.deepEqual(await marks(page), [["Stigma and asking for help", "\u2713 (read)"]]);
  assert.equal(await page.getByRole("link", { name: "Stigma and asking for help (read)" }).count(), 1);
  assert.match(await page.locator(".progress-count").textContent(), /1 page read/);

  // A scenario's step is no page read; reaching an ending finishes it.
  const ending = htmlFiles(site.root).find((rel) => rel.startsWith("scenarios/") && readFileSync(join(site.root, rel), "utf8").includes("data-ending"));
  const scenario = ending.split("/").slice(0, 2).join("/") + "/";
  const title = (await (await page.goto(site.url(scenario))).text()).match(/<h1>([^<]*)<\/h1>/)[1];
  await page.goto(served(ending));
  await page.goto(site.url("scenarios/"));
  await page.locator(".site-nav a:has(.progress-mark)").first().waitFor();
  const shown = await marks(page);
  assert.ok(shown.some(([name, said]) => name === title && said === "\u2713 (finished)"), JSON.stringify(shown));
  assert.match(await page.locator(".progress-count").textContent(), /1 scenario finished/);
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("induct:progress:/")));
  assert.deepEqual(Object.keys(stored.finished), [scenario]);
  assert.ok(Object.keys(stored.read).includes("modules/stigma/"), JSON.stringify(stored));
  assert.ok(!Object.keys(stored.read).some((p) => p.startsWith(scenario)), "no step of the scenario counts as read");

  // Kept across loads: the module's mark on another page, after a reload.
  await page.goto(site.url("modules/"));
  await page.reload();
  await page.locator(".site-nav a:has(.progress-mark)").first().waitFor();
  assert.ok((await marks(page)).some(([name, said]) => name === "Stigma and asking for help" && said === "\u2713 (read)"));
  await page.screenshot({ path: shots("progress-nav-desktop.png") });

  // Forget: the button (shown by the script) wipes it all, and says so.
  const forget = page.getByRole("button", { name: "Forget my progress" });
  assert.ok(await forget.isVisible());
  await forget.click();
  await page.getByRole("status").filter({ hasText: "Your progress is forgotten" }).waitFor();
  assert.deepEqual(await marks(page), []);
  assert.equal(await page.locator(".progress-count").count(), 0);
  assert.deepEqual(await storedKeys(page), []);
  await page.locator("footer").screenshot({ path: shots("progress-forgotten-footer.png") });
  // Still forgotten on the next page.
  await page.goto(site.url("scenarios/"));
  assert.ok(!(await marks(page)).some(([name]) => name === title || name === "Stigma and asking for help"));
  assert.deepEqual(blocked, []);
  await context.close();
});

test("two courses on one host keep their progress apart", async () => {
  // A second copy of the course under /other/ on the same server.
  const copy = mkdtempSync(join(tmpdir(), "induct-other-"));
  cpSync(site.root, copy, { recursive: true });
  cpSync(copy, join(site.root, "other"), { recursive: true });
  rmSync(copy, { recursive: true, force: true });
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const read = async (url) => {
    await page.goto(url);
    await page.locator(".progress-end").scrollIntoViewIfNeeded();
    await page.locator(".site-nav a[aria-current=page] .progress-mark").waitFor({ state: "attached" });
  };
  await read(site.url("modules/stigma/"));
  await page.goto(site.url("other/modules/"));
  assert.deepEqual(await marks(page), [], "the other course has read nothing");
  await read(site.url("other/modules/peer-support/"));
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  assert.deepEqual(keys, ["induct:progress:/", "induct:progress:/other/"]);
  await page.getByRole("button", { name: "Forget my progress" }).click();
  await page.goto(site.url("modules/"));
  assert.deepEqual(await marks(page), [["Stigma and asking for help", "\u2713 (read)"]], "forgetting one course leaves the other");
  await context.close();
  rmSync(join(site.root, "other"), { recursive: true, force: true });
});

test("with storage refused, pages work and nothing is marked or offered", async () => {
  const { context, page, blocked } = await watched(phone, () => {
    for (const name of ["localStorage", "sessionStorage"]) {
      Object.defineProperty(window, name, { get() { throw new DOMException("refused", "SecurityError"); } });
    }
  });
  await page.goto(site.url("modules/stigma/"));
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  assert.equal(await page.locator("footer .progress-forget").isVisible(), false);
  assert.ok((await page.locator("button.induct-copy").count()) > 0, "the rest of the script ran");
  await page.goto(site.url("scenarios/"));
  assert.deepEqual(await marks(page), []);
  assert.deepEqual(blocked, []);
  await context.close();
});
