// A reader opens a story at phone width: content notes first, the story
// only when they choose to read it, by touch or keyboard, with or without
// JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { openSite, phone, shots } from "./site.mjs";

let site;
let browser;

before(async () => {
  ({ site, browser } = await openSite("stories", { today: "2026-11-23" }));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`the story opens on purpose, by keyboard (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(site.url("stories/back-on-track/"));
    const notes = await page.locator(".story-notes").boundingBox();
    const control = await page.locator("details.story-body > summary").boundingBox();
    assert.ok(notes.y < control.y, "content notes come before the story");
    assert.equal(await page.getByText("tired for months").isVisible(), false, "closed at first");
    if (javaScriptEnabled) await page.screenshot({ path: shots("story-closed-phone.png"), fullPage: true });
    await page.locator("details.story-body > summary").focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByText("tired for months").isVisible(), true, "open after Enter");
    if (javaScriptEnabled) await page.screenshot({ path: shots("story-open-phone.png"), fullPage: true });
    await context.close();
  });
}
