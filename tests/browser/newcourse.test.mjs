// A new user's first course in headless Chromium, at phone width: `induct
// init` and `induct new scenario` in an empty folder, the preview open on
// the new scenario, a choice clicked through to an ending; then a choice
// broken in the file, the preview's error panel naming it, and the page
// back once it is fixed. Screenshots go to target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { bin, launch, phone, previewOf, shots } from "./site.mjs";

let preview;
let browser;
let printed;

before(async () => {
  const course = mkdtempSync(join(tmpdir(), "induct-newcourse-"));
  const run = (...args) => execFileSync(bin, args, { cwd: course, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8" });
  run("init", ".");
  printed = run("new", "scenario", "Night shift");
  preview = await previewOf(course);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  preview?.close();
});

test("the new scenario walks to an ending, breaks in the preview's panel and comes back", async () => {
  assert.match(printed, /^wrote content\/scenarios\/02-night-shift\.md\npreview: http:\/\/127\.0\.0\.1:3000\/scenarios\/night-shift\/\n$/);
  const page = await (await browser.newContext(phone)).newPage();
  // The address `new` printed, on the preview's port.
  await page.goto(preview.base + "scenarios/night-shift/");
  assert.equal(await page.locator("h1").textContent(), "Night shift");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling at phone width");
  await page.screenshot({ path: shots("newcourse-scenario-phone.png"), fullPage: true });

  await Promise.all([page.waitForURL(/telling-someone/), page.getByRole("link", { name: "Tell the doctor taking over" }).click()]);
  assert.equal(await page.locator("article[data-ending]").count(), 1, "an ending");
  assert.match(await page.locator(".scenario-ending").textContent(), /This is an ending/);
  assert.match(await page.locator("main").textContent(), /Saying it out loud is often the hardest part/, "the choice's feedback");
  await page.screenshot({ path: shots("newcourse-ending-phone.png"), fullPage: true });

  // A choice to a step that does not exist.
  const file = join(preview.course, "content/scenarios/02-night-shift.md");
  const good = readFileSync(file, "utf8");
  writeFileSync(file, good.replace("](#telling-someone)", "](#telling-someon)"));
  const overlay = page.locator("#induct-overlay");
  await overlay.waitFor({ timeout: 20000 });
  const said = await overlay.textContent();
  const line = good.slice(0, good.indexOf("](#telling-someone)")).split("\n").length;
  assert.match(said, new RegExp(`content/scenarios/02-night-shift\\.md:${line}:3`));
  assert.match(said, /`#telling-someon`, which is not a step of this scenario/);
  assert.match(said, /did you mean `#telling-someone`\?/);
  await page.screenshot({ path: shots("newcourse-broken-phone.png") });

  writeFileSync(file, good);
  await overlay.waitFor({ state: "detached", timeout: 20000 });
  await page.goto(preview.base + "scenarios/night-shift/");
  assert.equal(await page.getByRole("link", { name: "Tell the doctor taking over" }).count(), 1, "the scenario is back");
});

test("the starter's story is shown in the preview as held back", async () => {
  const page = await (await browser.newContext(phone)).newPage();
  await page.goto(preview.base + "stories/asking-for-help/");
  const banner = await page.locator(".not-published").textContent();
  assert.match(banner, /held back: consent is not given/);
  assert.match(banner, /induct build leaves it out/);
});
