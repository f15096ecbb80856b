// Private by construction, in headless Chromium: every page of the default
// course loads under its Content-Security-Policy with nothing blocked, both
// served and opened from disk; every request goes to the site's own server
// and no cookie is set. (What is kept of a reader's progress:
// progress.test.mjs; the quick exit: exit.test.mjs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

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
