// A programme director finds the link to a section and copies it, in
// headless Chromium at phone width, light and dark. Builds
// tests/fixtures/build/basic (base_url https://example.org/induction) with
// the induct binary ($INDUCT_BIN, default target/debug/induct) and serves it
// on loopback. Screenshots go to target/browser/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { openSite, phone, shots } from "./site.mjs";

let site;
let browser;

before(async () => {
  ({ site, browser } = await openSite("basic"));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const firstWeeks = "modules/first-weeks/";
const canonical = "https://example.org/induction/modules/first-weeks/";

/// A phone context whose pages may write and read the clipboard.
async function clipboardContext(options = {}) {
  const context = await browser.newContext({ ...phone, ...options });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.url("")).origin });
  return context;
}

const live = (page) => page.locator(".induct-visually-hidden[aria-live=polite]");

/// Waits until the live region says `message` (it is filled just after a copy).
async function announced(page, message) {
  await page.waitForFunction((m) => document.querySelector("[aria-live=polite]").textContent === m, message, { timeout: 5000 });
}

test("every heading links to its own section, and the link works by keyboard", async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url(firstWeeks));
  // The # link comes right after its heading, in the heading's wrapper.
  const anchors = page.locator("main .induct-heading > h2 + a.induct-anchor");
  assert.deepEqual(
    await anchors.evaluateAll((all) => all.map((a) => [a.previousElementSibling.id, a.getAttribute("href"), a.getAttribute("aria-label"), a.textContent])),
    [
      ["notes", "#notes", "Link to this section: Notes", "#"],
      ["notes-1", "#notes-1", "Link to this section: Notes", "#"],
      ["pinned", "#pinned", "Link to this section: Who to call", "#"],
    ],
  );
  assert.equal(await page.locator("h1 a.induct-anchor, h1 + a.induct-anchor").count(), 0, "the page title has none");
  assert.equal(await page.locator("main :is(h2, h3, h4, h5, h6) a").count(), 0, "no link inside a heading");
  assert.equal(await page.locator("main button").count(), 0, "no copy buttons without JavaScript");
  const link = page.getByRole("link", { name: "Link to this section: Who to call" });
  assert.equal(await link.isVisible(), true, "visible without hovering");
  await link.focus();
  await page.locator(".induct-heading:has(> h2#pinned)").screenshot({ path: shots("headings-link-focus-nojs-phone.png") });
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.location.hash === "#pinned", null, { timeout: 5000 });
  assert.ok(page.url().endsWith("/modules/first-weeks/#pinned"), page.url());
  await context.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`Copy link copies the section's canonical URL (${colorScheme})`, async () => {
    const context = await clipboardContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(site.url(firstWeeks));
    const heading = page.locator(".induct-heading:has(> h2#pinned)");
    const button = heading.locator("button.induct-copy");
    // A screen reader names each heading by its text alone: not "Who to
    // call Link to this section: Who to call Copy link…".
    assert.deepEqual(
      await page.locator("main .content h2").evaluateAll((hs) => hs.map((h) => h.id)),
      ["notes", "notes-1", "pinned"],
    );
    for (const name of ["Notes", "Who to call"]) {
      assert.ok((await page.getByRole("heading", { name, exact: true }).count()) >= 1, `a heading named exactly "${name}"`);
    }
    assert.equal(await page.getByRole("heading", { name: /Link to this section|Copy link/ }).count(), 0);
    assert.equal(await button.count(), 1);
    assert.equal(await button.getAttribute("type"), "button");
    assert.equal(await button.innerText(), "Copy link");
    assert.equal(await button.getAttribute("aria-label"), "Copy link to this section: Who to call");
    assert.equal(
      await heading.locator("a.induct-anchor").evaluate((a) => a.nextElementSibling.classList.contains("induct-copy")),
      true,
      "the button comes right after the # link",
    );
    await assertReadable(page);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling at phone width");
    await page.screenshot({ path: shots(`headings-${colorScheme}-phone.png`), fullPage: true });

    // Where the button sits in its heading, and its size.
    const place = () =>
      button.evaluate((b) => {
        const [r, h] = [b.getBoundingClientRect(), b.closest(".induct-heading").getBoundingClientRect()];
        return { x: r.left - h.left, y: r.top - h.top, width: r.width, height: r.height, heading: h.height };
      });
    const before = await place();
    await page.getByRole("button", { name: "Copy link to this section: Who to call" }).click();
    await announced(page, "Link copied");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical + "#pinned");
    assert.equal(await button.innerText(), "Copied");
    assert.equal(await live(page).count(), 1, "a single live region");
    assert.deepEqual(await place(), before, "the button keeps its size and place");
    await heading.screenshot({ path: shots(`headings-copied-${colorScheme}-phone.png`) });
    // The label comes back by itself.
    await page.waitForFunction(() => document.querySelector("#pinned ~ .induct-copy").innerText === "Copy link", null, { timeout: 10000 });

    // By keyboard: Tab from a # link reaches its button, Enter copies.
    await heading.locator("a.induct-anchor").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Copy link to this section: Who to call");
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.locator("#notes-1 ~ .induct-copy").focus();
    await page.screenshot({ path: shots(`headings-focus-${colorScheme}-phone.png`) });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#notes-1 ~ .induct-copy").innerText === "Copied", null, { timeout: 5000 });
    await announced(page, "Link copied");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical + "#notes-1");
    await context.close();
  });
}

test("any button[data-copy] copies its value, with the same feedback", async () => {
  const context = await clipboardContext();
  const page = await context.newPage();
  await page.goto(site.url(firstWeeks));
  await page.evaluate(() => {
    const b = document.createElement("button");
    b.type = "button";
    b.id = "blurb";
    b.setAttribute("data-copy", "Your first weeks\nhttps://example.org/induction/modules/first-weeks/");
    b.textContent = "Copy the email text";
    document.querySelector("main").appendChild(b);
  });
  await page.locator("#blurb").click();
  await announced(page, "Link copied");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "Your first weeks\nhttps://example.org/induction/modules/first-weeks/");
  assert.equal(await page.locator("#blurb").innerText(), "Copied");
  await context.close();
});

test("without the clipboard API, copying falls back to a selection", async () => {
  const context = await clipboardContext();
  const page = await context.newPage();
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
  await page.goto(site.url(firstWeeks));
  await page.locator("#notes ~ .induct-copy").click();
  await announced(page, "Link copied");
  // Read it back from a page that has the API.
  const reader = await context.newPage();
  await reader.goto(site.url(firstWeeks));
  assert.equal(await reader.evaluate(() => navigator.clipboard.readText()), canonical + "#notes");
  assert.equal(await page.locator("#notes ~ .induct-copy").innerText(), "Copied");
  await context.close();
});

test("when the browser will not copy, the URL is shown selected to copy by hand", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
    document.execCommand = () => false;
  });
  await page.goto(site.url(firstWeeks));
  await page.locator("#pinned ~ .induct-copy").click();
  await announced(page, "Copying did not work: the text is selected in the box that appeared, copy it from there");
  const input = page.locator("#pinned ~ .induct-copy-url");
  assert.equal(await input.inputValue(), canonical + "#pinned");
  assert.equal(await input.evaluate((i) => i === document.activeElement && i.readOnly && i.selectionStart === 0 && i.selectionEnd === i.value.length), true);
  assert.equal(await page.locator("#pinned ~ .induct-copy").innerText(), "Copy link", "no claim that it was copied");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
  await page.locator(".induct-heading:has(> h2#pinned)").screenshot({ path: shots("headings-copy-by-hand-phone.png") });
  await context.close();
});

test("without a canonical link, the URL is where the page was opened", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const strip = (html) => html.replace(/<link rel="canonical"[^>]*>/, "");
  await page.route((url) => url.pathname.endsWith("/modules/first-weeks/"), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: strip(await response.text()) });
  });
  await page.goto(site.url(firstWeeks) + "?from=email#notes");
  assert.equal(await page.locator("link[rel=canonical]").count(), 0);
  assert.equal(await page.locator("#pinned ~ .induct-copy").getAttribute("data-copy"), site.url(firstWeeks) + "#pinned");

  // Opened from disk: the file's own URL.
  const file = join(site.root, "modules/first-weeks/without-canonical.html");
  writeFileSync(file, strip(readFileSync(join(site.root, "modules/first-weeks/index.html"), "utf8")));
  const url = pathToFileURL(file).href;
  await page.goto(url + "#notes");
  assert.equal(await page.locator("#pinned ~ .induct-copy").getAttribute("data-copy"), url + "#pinned");
  await context.close();
});

test("at 200% zoom on a phone the heading links do not overlap the text", async () => {
  // 360 CSS pixels zoomed to 200% leave 180 for the page.
  const context = await browser.newContext({ ...phone, viewport: { width: 180, height: 740 } });
  const page = await context.newPage();
  await page.goto(site.url(firstWeeks));
  const overlaps = await page.evaluate(() => {
    const found = [];
    const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    document.querySelectorAll("main .induct-heading > h2[id]").forEach((h) => {
      const controls = [...h.parentElement.querySelectorAll(".induct-anchor, .induct-copy")].map((e) => e.getBoundingClientRect());
      const text = document.createRange();
      text.selectNodeContents(h);
      for (const r of text.getClientRects()) for (const c of controls) if (r.width > 0 && hit(r, c)) found.push(h.id);
      if (controls.length === 2 && hit(controls[0], controls[1])) found.push(h.id + " (# and button)");
    });
    return found;
  });
  assert.deepEqual(overlaps, []);
  await page.screenshot({ path: shots("headings-zoom-200-phone.png"), fullPage: true });
  await context.close();
});

test("the # link and the copy button are at least 24 by 24 pixels at every heading level", async () => {
  // Headings of levels 3 to 6 added to the fixture's page.
  const { site: deep, browser: b } = await openSite("basic", {
    prepare: (course) => {
      const md = join(course, "content/modules/01-first-weeks.md");
      writeFileSync(md, readFileSync(md, "utf8") + "\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n");
    },
  });
  try {
    const context = await b.newContext(phone);
    const page = await context.newPage();
    await page.goto(deep.url(firstWeeks));
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll(".induct-heading")].map((w) => {
        const level = w.querySelector("h2, h3, h4, h5, h6").tagName;
        return [...w.querySelectorAll(".induct-anchor, .induct-copy")].map((c) => {
          const r = c.getBoundingClientRect();
          return { level, control: c.className, width: r.width, height: r.height };
        });
      }).flat(),
    );
    assert.deepEqual([...new Set(sizes.map((s) => s.level))], ["H2", "H3", "H4", "H5", "H6"]);
    for (const s of sizes) assert.ok(s.width >= 24 && s.height >= 24, JSON.stringify(s));
    await context.close();
  } finally {
    await b.close();
    await deep.close();
  }
});

/// The "#" link and the copy button meet WCAG AA contrast (4.5:1) against
/// what is behind them.
async function assertReadable(page) {
  const ratios = await page.evaluate(() => {
    const rgb = (s) => s.match(/[\d.]+/g).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c;
      }
      return [255, 255, 255];
    };
    const ratio = (el) => {
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    };
    return ["#pinned + .induct-anchor", "#pinned ~ .induct-copy"].map((css) => [css, ratio(document.querySelector(css))]);
  });
  for (const [css, ratio] of ratios) assert.ok(ratio >= 4.5, `${css}: contrast ${ratio.toFixed(2)}:1`);
}
