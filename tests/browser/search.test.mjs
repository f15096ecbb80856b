// A trainee searches the default course on a phone: results as they type,
// with the matching words marked and a story's content note; arrow keys
// and Enter follow one; without JavaScript the search page lists every
// page; opened from disk, search still works. Screenshots in
// target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
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

/// The results in the header's panel: title, heading, snippet, note.
async function results(page, panel = "#induct-search-panel") {
  await page.waitForSelector(`${panel} .search-status`);
  return page.$$eval(`${panel} .search-results li`, (items) =>
    items.map((li) => ({
      href: li.querySelector("a").getAttribute("href"),
      title: li.querySelector(".search-title").textContent,
      heading: li.querySelector(".search-heading")?.textContent ?? "",
      marked: [...li.querySelectorAll(".search-snippet mark")].map((m) => m.textContent.toLowerCase()),
      note: li.querySelector(".search-note")?.textContent ?? "",
    })),
  );
}

/// Types `query` into the header's search box, waiting for its results.
async function type(page, query) {
  await page.fill("#induct-q", "");
  await page.type("#induct-q", query);
  await page.waitForFunction(
    (q) => {
      const p = document.getElementById("induct-search-panel");
      return !p.hidden && p.dataset.query === q;
    },
    query,
  );
}

test("results show as you type, title matches first, and one can be followed by keyboard", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ ...phone, colorScheme });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(site.url("modules/first-months/"));
    // A prefix finds whole words: "curric" → the hidden curriculum first.
    await type(page, "hidden curric");
    let found = await results(page);
    assert.ok(found.length > 1, JSON.stringify(found));
    assert.equal(found[0].title, "The hidden curriculum");
    assert.equal(found[0].heading, "", "the page itself comes before its sections");
    // Stemming: "supporting" finds "support" and "supported", marked.
    await type(page, "supporting colleagues");
    found = await results(page);
    const marked = new Set(found.flatMap((r) => r.marked));
    assert.ok(marked.has("support") || marked.has("supported"), [...marked].join(" "));
    assert.ok([...marked].some((w) => w.startsWith("colleague")), [...marked].join(" "));
    await page.screenshot({ path: shots(`search-results-${colorScheme}.png`) });
    // Keyboard: down into the results, down again, Enter follows it.
    await page.focus("#induct-q");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const chosen = await page.evaluate(() => document.activeElement.getAttribute("href"));
    assert.equal(chosen, found[1].href);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.href.endsWith(chosen.replace(/^(\.\.\/)+/, "")));
    const id = chosen.split("#")[1];
    if (id) assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `no ${id} on ${page.url()}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("scenario steps, support services and stories are found; a story shows its content note", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url(""));
  await type(page, "Samaritans");
  let found = await results(page);
  assert.ok(found.some((r) => r.title === "Where to get help" && r.heading === "Samaritans"), JSON.stringify(found));
  await type(page, "phased return");
  found = await results(page);
  const story = found.find((r) => r.title === "A phased return");
  assert.ok(story, JSON.stringify(found));
  assert.match(story.note, /^Content note: /);
  await type(page, "registrar");
  found = await results(page);
  assert.ok(found.some((r) => /^(\.\/)?scenarios\/[^/]+\/[^/]+\//.test(r.href)), `no scenario step: ${JSON.stringify(found)}`);
  // Escape folds the results away; nothing matching says so.
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("#induct-search-panel"), true);
  await type(page, "xylophonic");
  assert.match(await page.textContent("#induct-search-panel .search-status"), /No pages match/);
  await context.close();
});

test("Enter opens the search page with every result; without JavaScript it lists every page", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("modules/"));
  await type(page, "stigma");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\/\?q=stigma$/);
  const found = await results(page, "#induct-search-results");
  assert.ok(found.length >= 8, JSON.stringify(found));
  assert.equal(await page.isHidden(".search-all"), true, "the results replace the list of every page");
  await page.screenshot({ path: shots("search-page.png"), fullPage: true });
  await context.close();

  const plain = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(site.url("modules/"));
  await noJs.fill("#induct-q", "stigma");
  await noJs.press("#induct-q", "Enter");
  await noJs.waitForURL(/search\/\?q=stigma$/);
  assert.equal(await noJs.isVisible(".search-nojs"), true);
  const listed = await noJs.$$eval(".search-all a", (as) => as.map((a) => a.textContent));
  for (const title of ["Welcome to your induction", "Stigma and asking for help", "Struggling on nights", "A phased return", "Where to get help"]) {
    assert.ok(listed.includes(title), `${title} not in ${listed.join(", ")}`);
  }
  await noJs.screenshot({ path: shots("search-page-no-js.png") });
  await plain.close();
});

test("opened from disk, search works and its results open", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.goto(pathToFileURL(join(site.root, "modules/index.html")).href);
  await type(page, "peer support");
  const found = await results(page);
  assert.ok(found.length > 0);
  assert.match(found[0].href, /index\.html(#|$)/, "a result opened from disk names the file");
  await page.click("#induct-search-panel .search-results a >> nth=0");
  await page.waitForURL((url) => url.protocol === "file:" && url.pathname.endsWith("/index.html"));
  assert.notEqual(await page.title(), "", page.url());
  // Enter goes to the search page's file, which searches too.
  await type(page, "peer support");
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname.endsWith("/search/index.html") && url.search === "?q=peer+support");
  assert.ok((await results(page, "#induct-search-results")).length > 0);
  assert.deepEqual(failed, []);
  await context.close();
});
