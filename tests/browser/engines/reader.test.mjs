// A trainee reads the default course at phone width in Firefox and in
// WebKit (Safari's engine): walks a scenario to an ending and back, opens
// a story past its content note, filters the support directory and
// searches, served and from disk.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

import { copyDefaultCourse, serveCourse } from "../site.mjs";
import { inEachEngine } from "./engines.mjs";

let site;
before(async () => {
  site = await serveCourse(copyDefaultCourse, { today: "2026-12-03", reportViolations: true });
});
after(async () => {
  await site?.close();
});

/// The page at `path` of the site opened from disk.
const fromDisk = (path) => pathToFileURL(join(site.root, path.endsWith("/") || path === "" ? `${path}index.html` : path)).href;

inEachEngine(() => site, "a scenario walked from its start to an ending, and Back goes back a step", async (tab) => {
  await tab.goto(site.url("scenarios/struggling-on-nights/"));
  const steps = [new URL(await tab.url()).pathname];
  for (;;) {
    const ending = await tab.evaluate(() => !!document.querySelector("article[data-ending]"));
    if (ending) break;
    assert.ok(steps.length < 12, `an ending within 12 steps (at ${steps.at(-1)})`);
    const to = await tab.evaluate(() => document.querySelector(".scenario-choices a").getAttribute("href"));
    await tab.click(".scenario-choices a");
    const path = new URL(to, `http://x${steps.at(-1)}`).pathname;
    await tab.waitForPage(path);
    steps.push(path);
    // The feedback for the choice made shows, and no other.
    const feedback = await tab.evaluate(() => {
      const shown = [...document.querySelectorAll("[id^='induct-from-']")].filter((el) => el.offsetParent !== null);
      return shown.map((el) => el.id);
    });
    assert.deepEqual(feedback, [new URL(to, "http://x/").hash.slice(1)], `only the chosen feedback shows on ${path}`);
  }
  assert.match(await tab.evaluate(() => document.querySelector(".scenario-ending").textContent), /ending/i);
  assert.ok(await tab.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no sideways scrolling at phone width");
  await tab.screenshot("scenario-ending");
  await tab.back();
  await tab.waitForPage(steps.at(-2));
  assert.equal(await tab.evaluate(() => !!document.querySelector("article[data-ending]")), false, "Back is the step before the ending");
});

inEachEngine(() => site, "a story shows its content note first and opens on purpose", async (tab) => {
  await tab.goto(site.url("stories/a-phased-return/"));
  const before = await tab.evaluate(() => {
    const notes = document.querySelector(".story-notes").getBoundingClientRect();
    const summary = document.querySelector("details.story-body > summary").getBoundingClientRect();
    return { notesFirst: notes.top < summary.top, open: document.querySelector("details.story-body").open };
  });
  assert.deepEqual(before, { notesFirst: true, open: false });
  await tab.click("details.story-body > summary");
  await tab.waitFor(() => document.querySelector("details.story-body").open, "the story opened");
  await tab.screenshot("story-open");
});

inEachEngine(() => site, "the support filter shows only the services for a need", async (tab) => {
  await tab.goto(site.url("support/"));
  await tab.waitFor(() => document.querySelectorAll(".support-filter li[data-need] button").length > 1, "the filter's buttons");
  const all = await tab.evaluate(() => document.querySelectorAll("section.service").length);
  // The crisis row: its button, and the services the row lists.
  const listed = await tab.evaluate(() =>
    [...document.querySelectorAll(".support-filter li[data-need='crisis'] a")].map((a) => a.getAttribute("href").slice(1)),
  );
  await tab.click(".support-filter li[data-need='crisis'] button");
  const state = await tab.waitFor(() => {
    const button = document.querySelector(".support-filter li[data-need='crisis'] button");
    if (button.getAttribute("aria-pressed") !== "true") return null;
    return {
      shown: [...document.querySelectorAll("section.service")].filter((s) => !s.hidden && s.offsetParent !== null).map((s) => s.querySelector("h2[id]").id),
      status: document.querySelector(".support-needs [aria-live=polite]").textContent,
    };
  }, "the crisis button pressed");
  assert.deepEqual(state.shown.sort(), [...new Set(listed)].sort(), "the services for a crisis");
  assert.ok(state.shown.length < all, "fewer than all");
  assert.equal(state.status, `${state.shown.length} services for crisis shown`);
  await tab.screenshot("support-filtered");
  await tab.click(".support-filter .need-all button");
  await tab.waitFor(() => [...document.querySelectorAll("section.service")].every((s) => !s.hidden), "every service back");
});

for (const [where, url] of [
  ["served", (path) => site.url(path)],
  ["from disk", fromDisk],
]) {
  inEachEngine(() => site, `search from the header and from search/ (${where})`, async (tab) => {
    await tab.goto(url("modules/first-months/"));
    await tab.type("#induct-q", "registrar");
    const header = await tab.waitFor(() => {
      const panel = document.getElementById("induct-search-panel");
      const items = [...panel.querySelectorAll(".search-results li a")];
      return !panel.hidden && panel.dataset.query === "registrar" && items.length && items.map((a) => a.textContent);
    }, "results as you type");
    assert.ok(header.length > 0);
    await tab.screenshot(`search-header-${where.replace(" ", "-")}`);
    await tab.press("Enter");
    const found = await tab.waitFor(() => {
      const panel = document.getElementById("induct-search-results");
      if (!/\/search\/(index\.html)?\?q=registrar/.test(location.href) || !panel || panel.hidden) return null;
      const items = [...panel.querySelectorAll(".search-results li a")];
      return items.length && items.map((a) => a.getAttribute("href"));
    }, "results on search/");
    assert.ok(found.length >= header.length, `every result on search/ (${found.length} of ${header.length})`);
    await tab.screenshot(`search-page-${where.replace(" ", "-")}`);
    // One is followed, and is a page of the course.
    await tab.click("#induct-search-results .search-results li a");
    await tab.waitFor(() => !/\/search\//.test(location.href) && document.readyState === "complete", "the result's page");
    assert.match(await tab.evaluate(() => document.body.textContent), /registrar/i);
  });
}
