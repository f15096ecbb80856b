// A trainee looks for help: the "Need help now?" link on any page, the
// urgent services with numbers to call, and the filter by need — with and
// without JavaScript, at phone width, light and dark. Builds
// tests/fixtures/build/support; screenshots in target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { openSite, phone, shots } from "./site.mjs";

let site;
let browser;

before(async () => {
  ({ site, browser } = await openSite("support"));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test("Need help now? leads from any page to the urgent services", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ ...phone, colorScheme });
    const page = await context.newPage();
    await page.goto(site.url("modules/first/"));
    const link = page.getByRole("link", { name: "Need help now?" });
    assert.equal(await link.isVisible(), true);
    await page.screenshot({ path: shots(`support-header-${colorScheme}-phone.png`) });
    // By keyboard: the link is near the top of the page.
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/support\/#now$/, { timeout: 10000 });
    const call = page.locator(".support-now a.support-phone");
    assert.equal(await call.getAttribute("href"), "tel:0800000000");
    assert.equal(await call.innerText(), "0800 000 000");
    await page.screenshot({ path: shots(`support-now-${colorScheme}-phone.png`) });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling: ${width}px`);
    await context.close();
  }
});

test("the filter by need shows only the services for that need", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("support/"));
  const services = page.locator("section.service");
  assert.equal(await services.count(), 2);
  const training = page.getByRole("button", { name: "Training" });
  await training.focus();
  await page.keyboard.press("Enter");
  assert.equal(await training.getAttribute("aria-pressed"), "true");
  assert.deepEqual(await page.locator("section.service:visible h2[id]").evaluateAll((hs) => hs.map((h) => h.id)), ["psu"]);
  assert.equal(await page.locator(".support-needs [aria-live=polite]").textContent(), "1 service for training shown");
  await page.locator(".support-needs").screenshot({ path: shots("support-filter-phone.png") });
  await page.getByRole("button", { name: "All" }).click();
  assert.equal(await page.locator("section.service:visible").count(), 2);
  await context.close();
});

test("without JavaScript every service is there, and the index by need links to them", async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url("support/"));
  assert.equal(await page.locator("section.service:visible").count(), 2);
  assert.equal(await page.locator(".support-filter").count(), 0, "no buttons that would do nothing");
  const need = page.locator(".needs li[data-need='mental-health']");
  await need.getByRole("link", { name: "Crisis line" }).click();
  await page.waitForURL(/#crisis-line$/, { timeout: 10000 });
  const told = await page.locator("section.service:has(#psu) .service-told").innerText();
  assert.match(told, /Who is told: Only with your agreement\./);
  assert.match(told, /What is recorded: Case notes/);
  await page.screenshot({ path: shots("support-nojs-phone.png"), fullPage: true });
  await context.close();
});

test("each service says when its details were checked, as a date a screen reader reads whole", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url("support/#crisis-line"));
  const section = page.locator("section.service", { has: page.locator("#crisis-line") });
  const checked = section.locator(".service-checked");
  assert.equal(await checked.innerText(), "Details checked on 24 November 2026.");
  assert.equal(await checked.locator("time").getAttribute("datetime"), "2026-11-24");
  // In the accessibility tree it is plain text of the service's region.
  const region = page.getByRole("region", { name: "Crisis line" });
  assert.match(await region.innerText(), /Details checked on 24 November 2026\./);
  // The placeholder has no date to show.
  const psu = page.locator("section.service", { has: page.locator("#psu") });
  assert.equal(await psu.locator(".service-checked").count(), 0);
  await section.screenshot({ path: shots("support-checked-phone.png") });
  await context.close();
});
