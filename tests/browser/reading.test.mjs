// A reader's own settings, honoured on every page: less motion (no smooth
// scrolling, transitions or animations), text twice the size (WCAG 1.4.4)
// and a screen 320 CSS pixels wide (reflow, 1.4.10) without sideways
// scrolling or clipped text, and the course's language on every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { copyDefaultCourse, fixture, htmlPages, launch, samplePages, serveCourse, servePublished, shots } from "./site.mjs";

let browser;
let course; // the default course
let basic; // tests/fixtures/build/basic: a table, code, a footnote, a task list

before(async () => {
  course = await serveCourse(copyDefaultCourse);
  basic = await serveCourse((dir) => cpSync(fixture("basic"), dir, { recursive: true }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await course?.close();
  await basic?.close();
});

/// The sample pages, and the home page.
const representative = [...samplePages, ""];

test("with less motion asked for, nothing scrolls smoothly, transitions or animates", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, reducedMotion: "reduce" });
  // Scripts may scroll smoothly only when the reader has not asked for less motion.
  await context.addInitScript(() => {
    window.inductSmooth = [];
    const watch = (owner, name) => {
      const original = owner[name];
      owner[name] = function (...args) {
        if (args.some((a) => a && typeof a === "object" && a.behavior === "smooth")) window.inductSmooth.push(name);
        return original.apply(this, args);
      };
    };
    for (const name of ["scroll", "scrollTo", "scrollBy"]) {
      watch(window, name);
      watch(Element.prototype, name);
    }
    watch(Element.prototype, "scrollIntoView");
  });
  const page = await context.newPage();
  const moving = () =>
    page.evaluate(() => {
      // Whatever the page holds, and a control added with its own
      // transition and animation (as a later feature might add one).
      const probe = document.createElement("button");
      probe.textContent = "probe";
      probe.style.transition = "opacity 2s 1s";
      probe.style.animation = "induct-none 3s infinite";
      document.body.appendChild(probe);
      const ms = (list) => Math.max(...list.split(",").map((t) => (t.trim().endsWith("ms") ? parseFloat(t) : parseFloat(t) * 1000)));
      const found = [];
      for (const e of document.querySelectorAll("*")) {
        for (const pseudo of [null, "::before", "::after"]) {
          const s = getComputedStyle(e, pseudo);
          const name = `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""}${pseudo || ""}`;
          if (s.scrollBehavior !== "auto") found.push(`${name}: scroll-behavior ${s.scrollBehavior}`);
          if (ms(s.transitionDuration) + ms(s.transitionDelay) > 1) found.push(`${name}: transition ${s.transitionDuration} ${s.transitionDelay}`);
          if (s.animationName !== "none" && (ms(s.animationDuration) + ms(s.animationDelay) > 1 || s.animationIterationCount !== "1")) {
            found.push(`${name}: animation ${s.animationDuration} × ${s.animationIterationCount}`);
          }
        }
      }
      probe.remove();
      return found;
    });
  const problems = [];
  for (const path of representative) {
    await page.goto(course.url(path));
    problems.push(...(await moving()).map((p) => `${path || "/"}: ${p}`));
  }
  // What the scripts do when a reader acts: a section's # link, a copy
  // button, a scenario choice, the support filter, the links filter.
  await page.goto(course.url("modules/first-months/"));
  await page.locator(".induct-heading a.induct-anchor").last().click();
  await page.locator("button.induct-copy").first().click();
  await page.goto(course.url("scenarios/struggling-on-nights/"));
  await Promise.all([page.waitForNavigation(), page.locator(".scenario-choices a").first().click()]);
  // The step's heading takes focus just after the load (which may scroll).
  await page.waitForFunction(() => document.activeElement && document.activeElement.matches(".scenario-step h2"), null, { timeout: 5000 });
  problems.push(...(await page.evaluate(() => window.inductSmooth)).map((f) => `scenario step: ${f}({ behavior: "smooth" })`));
  await page.goto(course.url("support/"));
  await page.locator(".support-filter button").nth(1).click();
  await page.goto(course.url("links/"));
  await page.locator("#induct-links-filter").fill("support");
  problems.push(...(await page.evaluate(() => window.inductSmooth)).map((f) => `${f}({ behavior: "smooth" })`));
  assert.deepEqual(problems, []);

  // Without that wish, in-page links do scroll smoothly: the test sees it.
  await page.emulateMedia({ reducedMotion: "no-preference" });
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior), "smooth");
  await context.close();
});

/// Sideways scrolling of the page, and text cut off by a box too small
/// for it, on the page open in `page` (every disclosure opened first).
/// Content in a scroll container of its own (a wide table, code, the
/// scenario map) may scroll sideways within it.
function lostText(page) {
  return page.evaluate(() => {
    document.querySelectorAll("details").forEach((d) => (d.open = true));
    const found = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth + 1) {
      // Name the widest culprits: elements reaching past the right edge
      // that are not inside a scroll container.
      const scrolled = (e) => {
        for (let p = e.parentElement; p; p = p.parentElement) if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) return true;
        return false;
      };
      const culprits = [...document.body.querySelectorAll("*")]
        .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !scrolled(e))
        .slice(-3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)})`);
      found.push(`page scrolls sideways: ${root.scrollWidth}px in ${innerWidth}px; ${culprits.join(", ")}`);
    }
    for (const e of document.body.querySelectorAll("*")) {
      const s = getComputedStyle(e);
      const hides = (o) => o === "hidden" || o === "clip";
      if (!(hides(s.overflowX) || hides(s.overflowY)) || !e.textContent.trim()) continue;
      // Text hidden on purpose for screen readers only is 1px by design.
      if (e.clientWidth <= 1 && e.clientHeight <= 1) continue;
      if ((hides(s.overflowX) && e.scrollWidth > e.clientWidth + 1) || (hides(s.overflowY) && e.scrollHeight > e.clientHeight + 1)) {
        found.push(`text clipped in ${e.tagName.toLowerCase()}.${e.className}: ${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight}`);
      }
    }
    return found;
  });
}

/// Every page of `site` (moved pages aside: they hold one sentence and
/// send the reader on), checked in `page`; returns what was lost where.
async function checkAll(page, site, label) {
  const problems = [];
  for (const { path, moved } of htmlPages(site.root)) {
    if (moved) continue;
    await page.goto(site.url(path));
    problems.push(...(await lostText(page)).map((p) => `${label} ${path || "/"}: ${p}`));
  }
  return problems;
}

test("at 320 CSS pixels wide every page reflows: no sideways scrolling, no clipped text", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await servePublished(page, course);
  const problems = [...(await checkAll(page, course, "[320px]")), ...(await checkAll(page, basic, "[320px, basic]"))];
  await page.goto(course.url("scenarios/struggling-on-nights/running-on-empty/"));
  await page.screenshot({ path: shots("reflow-320.png"), fullPage: true });
  await context.close();
  assert.deepEqual(problems, []);
});

test("with text at twice its size every page keeps all of it", async () => {
  // As a reader's browser setting does: the default font size doubled
  // (rem and em media queries follow it), on a desktop and on a phone.
  const problems = [];
  for (const [name, viewport] of [
    ["1280px", { width: 1280, height: 800 }],
    ["360px", { width: 360, height: 740 }],
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await servePublished(page, course);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
    await page.goto(course.url("modules/first-months/"));
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "32px", "the text size setting applies");
    problems.push(...(await checkAll(page, course, `[text 200%, ${name}]`)), ...(await checkAll(page, basic, `[text 200%, ${name}, basic]`)));
    await page.goto(course.url("support/"));
    await page.screenshot({ path: shots(`text-200-${name}.png`) });
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test("every page is in the course's language, from book.toml", async () => {
  const site = await serveCourse((dir) => {
    cpSync(fixture("basic"), dir, { recursive: true });
    const toml = join(dir, "book.toml");
    // Welsh, and a short link (a page that moved) to check too.
    const text = readFileSync(toml, "utf8").replace(/^language = .*$/m, 'language = "cy"');
    writeFileSync(toml, `${text}\n[short]\nweeks = "modules/first-weeks/"\n`);
  });
  try {
    const pages = htmlPages(site.root);
    assert.ok(pages.some((p) => p.moved) && pages.some((p) => p.path === "404.html") && pages.some((p) => p.path === "links/"));
    for (const { path } of pages) {
      const html = readFileSync(join(site.root, path.endsWith(".html") ? path : join(path, "index.html")), "utf8");
      assert.match(html, /^<!DOCTYPE html>\n<html lang="cy"[ >]/, `${path || "/"}`);
    }
    // And the browser takes it so (screen readers choose their voice by it).
    const page = await browser.newPage();
    await page.goto(site.url("modules/first-weeks/"));
    assert.equal(await page.evaluate(() => document.documentElement.matches(":lang(cy)") && document.querySelector("main p:lang(cy)") !== null), true);
    await page.close();
  } finally {
    await site.close();
  }
});
