// The preview as an author uses it: a page open in the browser reloads by
// itself when its file is saved, shows an overlay when the save breaks
// the build, and recovers when it is fixed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";

import { launch, phone, servePreview, shots } from "./site.mjs";

let preview;
let course;
let base;
let browser;

before(async () => {
  preview = await servePreview("basic");
  ({ course, base } = preview);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  preview?.close();
});

test("a saved edit reloads the page; a broken save shows the errors until fixed", async () => {
  const page = await (await browser.newContext(phone)).newPage();
  // The live-reload script and its overlay live under the page's
  // Content-Security-Policy like the site's own: nothing may be blocked.
  const blocked = [];
  page.on("console", (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) blocked.push(m.text()); });
  await page.goto(base + "modules/first-weeks/");
  assert.match(await page.locator("meta[http-equiv=Content-Security-Policy]").getAttribute("content"), /script-src 'self'/);
  const file = join(course, "content/modules/01-first-weeks.md");
  const original = readFileSync(file, "utf8");

  // Saved as editors do: a temporary file renamed over the original.
  writeFileSync(file + ".tmp~", original + "\nA line added while the page was open.\n");
  renameSync(file + ".tmp~", file);
  await page.getByText("A line added while the page was open.").waitFor({ timeout: 20000 });

  writeFileSync(file, original.replace("title:", "titel:"));
  const overlay = page.locator("#induct-overlay");
  await overlay.waitFor({ timeout: 20000 });
  const said = await overlay.textContent();
  assert.match(said, /content\/modules\/01-first-weeks\.md:2:1/);
  assert.match(said, /unknown key `titel`/);
  assert.ok(await page.getByText("A line added while the page was open.").isVisible(), "the last good page stays");
  await page.screenshot({ path: shots("serve-overlay-phone.png") });

  writeFileSync(file, original);
  await overlay.waitFor({ state: "detached", timeout: 20000 });
  await page.getByText("A line added while the page was open.").waitFor({ state: "detached", timeout: 20000 });
  assert.deepEqual(blocked, []);
});

test("many tabs of one browser all load, and all reload on a save", async () => {
  const context = await browser.newContext(phone);
  const pages = [];
  // Browsers open six connections to a server at most; more tabs than
  // that must not wait on each other's live-reload polls.
  for (let i = 0; i < 9; i++) {
    const page = await context.newPage();
    await page.goto(base + (i % 2 ? "modules/first-weeks/" : ""), { timeout: 10000 });
    pages.push(page);
  }
  const file = join(course, "content/modules/01-first-weeks.md");
  const original = readFileSync(file, "utf8");
  writeFileSync(file, original + "\nSeen in every tab.\n");
  for (const [i, page] of pages.entries()) {
    if (i % 2) await page.getByText("Seen in every tab.").waitFor({ timeout: 20000 });
  }
  // A tab of another page reloads too (its generation is old), and loads.
  await pages[0].waitForFunction(() => document.readyState === "complete");
  writeFileSync(file, original);
  await context.close();
});
