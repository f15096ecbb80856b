// A reader walks through a scenario in headless Chromium, at phone width,
// with JavaScript on and off, with the path kept in the tab and (as by
// default) not kept at all. Builds tests/fixtures/build/scenarios with the
// induct binary ($INDUCT_BIN, default target/debug/induct), serves it on
// loopback and clicks through it. Screenshots go to target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { launch, openSite, phone, shots } from "./site.mjs";

let site;
let browser;

/// Sets `progress = mode` in the course's book.toml.
const progressMode = (course, mode) => {
  const toml = join(course, "book.toml");
  const text = readFileSync(toml, "utf8").replace(/^progress = .*\n/m, "");
  writeFileSync(toml, text.replace("[site]\n", `[site]\nprogress = "${mode}"\n`));
};

// The path through a scenario is kept in the tab with `progress = "tab"`
// (or "device"); the last test builds it as by default, keeping nothing.
before(async () => {
  ({ site, browser } = await openSite("scenarios", { prepare: (course) => progressMode(course, "tab") }));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const shown = (page, css) =>
  page.locator(css).evaluate((el) => getComputedStyle(el).display !== "none" && !el.closest("[hidden]"));

test("a reader clicks through one path to an ending", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("scenarios/night-shift/"));
  assert.equal(await page.locator("h1").textContent(), "A hard night shift");
  assert.match(await page.locator(".scenario-where").textContent(), /^Step 1/);
  assert.equal(await shown(page, ".scenario-path"), false, "no path yet");

  // Choose with the keyboard: focus the choice, press Enter.
  await page.getByRole("link", { name: "Tell your registrar" }).focus();
  await Promise.all([page.waitForURL(/tell-your-registrar/), page.keyboard.press("Enter")]);
  assert.ok(page.url().endsWith("/scenarios/night-shift/tell-your-registrar/#induct-from-night-2"), page.url());
  assert.equal(await shown(page, "#induct-from-night-2"), true, "the chosen option's feedback shows");
  assert.equal(await shown(page, "#induct-from-keep-going-2"), false, "other feedback stays hidden");
  assert.match(await page.locator("#induct-from-night-2").textContent(), /saying it out loud is hard/);
  await page.waitForFunction(() => document.activeElement.id === "tell-your-registrar", null, { timeout: 5000 });
  assert.equal(await page.locator(".scenario-where").textContent(), "Step 2");
  assert.deepEqual(await page.locator(".scenario-path li").allTextContents(), ["It is 3 a.m.", "Tell your registrar"]);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling at phone width");
  await page.screenshot({ path: shots("scenario-step-phone.png"), fullPage: true });

  await Promise.all([page.waitForURL(/psu-call/), page.getByRole("link", { name: "Ring the PSU" }).click()]);
  assert.equal(await page.locator("article[data-ending]").count(), 1);
  assert.match(await page.locator(".scenario-ending").textContent(), /This is an ending/);
  assert.equal(await shown(page, ".scenario-your-path"), true, "your path shows at an ending");
  const path = await page.locator(".scenario-your-path li").allTextContents();
  assert.deepEqual(path, [
    "It is 3 a.m.",
    "You chose: Tell your registrarTell your registrar",
    "You chose: Ring the PSURing the PSU",
  ]);
  await page.waitForFunction(() => document.activeElement.id === "psu-call", null, { timeout: 5000 });
  await page.screenshot({ path: shots("scenario-ending-phone.png"), fullPage: true });

  // The back button goes back one step, and the path with it.
  await page.goBack();
  await page.waitForURL(/tell-your-registrar/);
  assert.deepEqual(await page.locator(".scenario-path li").allTextContents(), ["It is 3 a.m.", "Tell your registrar"]);

  // Start again from an ending: a fresh path.
  await page.goForward();
  await page.waitForURL(/psu-call/);
  await Promise.all([page.waitForURL(/night-shift\/$/), page.getByRole("link", { name: "Start again" }).click()]);
  assert.equal(await shown(page, ".scenario-path"), false, "the path starts afresh");
  await context.close();
});

test("a cycle back to the start shows its feedback there", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("scenarios/night-shift/"));
  await Promise.all([page.waitForURL(/keep-going/), page.getByRole("link", { name: "Keep going and say nothing" }).click()]);
  await Promise.all([page.waitForURL(/night-shift\/#/), page.getByRole("link", { name: "Try the night again" }).click()]);
  assert.equal(await shown(page, "#induct-from-keep-going-1"), true);
  assert.deepEqual(await page.locator(".scenario-path li").allTextContents(), ["It is 3 a.m.", "Keep going", "It is 3 a.m."]);
  await context.close();
});

test("going back and choosing again gives the path actually taken", async () => {
  // With the back/forward cache on, as in real browsers, Back restores a
  // page without a new load; without it, the page loads again.
  for (const bfcache of [false, true]) {
    const b = await launch({ bfcache });
    const page = await (await b.newContext(phone)).newPage();
    const back = async (url) => {
      await page.goBack({ waitUntil: "commit" });
      await page.waitForURL(url, { waitUntil: "commit" });
      await page.waitForFunction(() => document.readyState === "complete");
    };
    await page.goto(site.url("scenarios/night-shift/"));
    await Promise.all([page.waitForURL(/keep-going/), page.getByRole("link", { name: "Keep going and say nothing" }).click()]);
    await back(/night-shift\/$/);
    await Promise.all([page.waitForURL(/tell-your-registrar/), page.getByRole("link", { name: "Tell your registrar" }).click()]);
    assert.deepEqual(await page.locator(".scenario-path li").allTextContents(), ["It is 3 a.m.", "Tell your registrar"], `bfcache ${bfcache}`);
    await Promise.all([page.waitForURL(/wait/), page.getByRole("link", { name: "Wait and see" }).click()]);
    await back(/tell-your-registrar/);
    await page.goForward({ waitUntil: "commit" });
    await page.waitForURL(/wait/, { waitUntil: "commit" });
    await page.waitForFunction(() => document.querySelectorAll(".scenario-your-path li").length === 3, null, { timeout: 5000 });
    await b.close();
  }
});

test("the chosen feedback stays when the reader follows its footnote", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("scenarios/night-shift/"));
  await Promise.all([page.waitForURL(/tell-your-registrar/), page.getByRole("link", { name: "Tell your registrar" }).click()]);
  await page.locator("#induct-from-night-2 sup a").click();
  await page.waitForURL(/#fn-1$/);
  assert.equal(await shown(page, "#induct-from-night-2"), true);
  // The feedback comes right after the step's heading (with its # link),
  // where focus lands.
  const order = await page.evaluate(() => {
    const h = document.getElementById("tell-your-registrar").closest(".induct-heading");
    return h.nextElementSibling && h.nextElementSibling.id;
  });
  assert.equal(order, "induct-from-night-2");
  await context.close();
});

test("without JavaScript every step, choice and feedback still works", async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url("scenarios/night-shift/"));
  await Promise.all([page.waitForURL(/keep-going/), page.getByRole("link", { name: "Keep going and say nothing" }).click()]);
  assert.equal(await shown(page, "#induct-from-night-1"), true, "feedback shows by CSS :target alone");
  assert.match(await page.locator("#induct-from-night-1").textContent(), /Many of us do this at first/);
  await Promise.all([page.waitForURL(/tell-your-registrar/), page.getByRole("link", { name: "Tell your registrar" }).click()]);
  await Promise.all([page.waitForURL(/wait/), page.getByRole("link", { name: "Wait and see" }).click()]);
  assert.match(await page.locator(".scenario-ending").textContent(), /This is an ending/);
  await page.goBack();
  await page.waitForURL(/tell-your-registrar/);
  await context.close();
});

test("the overview's map is readable at phone width", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("scenarios/night-shift/overview/"));
  const box = await page.locator(".scenario-map-scroll svg").boundingBox();
  assert.ok(box && box.width > 200 && box.height > 200, `map drawn: ${JSON.stringify(box)}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "the page itself does not scroll sideways");
  assert.equal(await page.locator(".overview-step").count(), 5);
  // A map wider than the phone opens with its start in view.
  const start = await page.locator(".scenario-map .map-start").boundingBox();
  const frame = await page.locator(".scenario-map-scroll").boundingBox();
  const offCentre = start.x + start.width / 2 - (frame.x + frame.width / 2);
  assert.ok(Math.abs(offCentre) < 4, `start box centred: ${offCentre}`);
  await page.screenshot({ path: shots("scenario-overview-phone.png"), fullPage: true });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: shots("scenario-overview-print.png"), fullPage: true });
  await context.close();
});

test("by default no path is kept, and each step still shows the feedback for its choice", async () => {
  progressMode(site.course, "off");
  site.rebuild();
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("scenarios/night-shift/"));
  await Promise.all([page.waitForURL(/tell-your-registrar/), page.getByRole("link", { name: "Tell your registrar" }).click()]);
  assert.equal(await shown(page, "#induct-from-night-2"), true, "the chosen option's feedback shows");
  assert.equal(await shown(page, ".scenario-path"), false, "no path is carried to this step");
  await page.waitForFunction(() => document.activeElement.id === "tell-your-registrar", null, { timeout: 5000 });
  await Promise.all([page.waitForURL(/psu-call/), page.getByRole("link", { name: "Ring the PSU" }).click()]);
  assert.match(await page.locator(".scenario-ending").textContent(), /This is an ending/);
  assert.equal(await shown(page, ".scenario-your-path"), false);
  assert.ok(await page.getByRole("link", { name: "See every step and choice" }).isVisible());
  await Promise.all([page.waitForURL(/night-shift\/$/), page.getByRole("link", { name: "Start again" }).click()]);
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  await context.close();
});
