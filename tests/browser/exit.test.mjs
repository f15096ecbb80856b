// Exit this page (`[quick_exit]` in book.toml), in headless Chromium at
// phone width and on a desktop: the red button and the skip link leave for
// the neutral site and take the page out of the history; Shift pressed on
// its own 3 times leaves too (each press within 5 seconds of the one
// before), and the status region says what is happening; the page is
// hidden behind an overlay before the neutral site has answered; without
// the script the links still leave; with `shortcut = false` Shift does
// nothing; the exit never prints, and telling the shortcut moves nothing.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { launch, neutralSite, openSite, phone, shots } from "./site.mjs";

const desktop = { viewport: { width: 1024, height: 700 } };

/// The basic fixture with `table` as its [quick_exit], served.
const exitingSite = (table) =>
  openSite("basic", {
    prepare: (course) => {
      const toml = join(course, "book.toml");
      writeFileSync(toml, `${readFileSync(toml, "utf8")}\n[quick_exit]\n${table}\n`);
    },
  });

let neutral;
let site;
let browser;
let quiet; // the same course with `shortcut = false`
let a;
let b;

before(async () => {
  neutral = await neutralSite();
  ({ site, browser } = await exitingSite(`url = "${neutral.url}"`));
  quiet = await exitingSite(`url = "${neutral.url}"\nshortcut = false`);
  a = site.url("modules/first-weeks/");
  b = site.url("modules/support/who/");
});

// A test that failed while the neutral site was held lets it answer.
afterEach(() => neutral.release());

after(async () => {
  await browser?.close();
  await site?.close();
  await quiet?.browser.close();
  await quiet?.site.close();
  await neutral?.close();
});

const status = (page) => page.evaluate(() => document.querySelector(".quick-exit-status").textContent);

/// The text of a link as seen: without what is only for screen readers
/// (which must take no more than a pixel on screen).
const seen = (link) =>
  link.evaluate((a) => {
    const copy = a.cloneNode(true);
    copy.querySelectorAll(".induct-visually-hidden").forEach((e) => e.remove());
    const hidden = [...a.querySelectorAll(".induct-visually-hidden")].map((e) => e.getBoundingClientRect());
    return hidden.every((r) => r.width <= 1 && r.height <= 1) ? copy.textContent.trim() : "(Emergency is seen)";
  });
const leaving = (page) => page.evaluate(() => document.documentElement.classList.contains("induct-leaving"));

/// A new page in a new context with `options`, on `a` and then `b`.
async function onB(options, from = browser, { clock = false } = {}) {
  const context = await from.newContext(options);
  if (clock) await context.clock.install();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(a);
  await page.goto(b);
  return { context, page, errors };
}

/// What the reader sees once the page starts leaving, before the neutral
/// site (held) has answered: the page reports it itself, on the next frame
/// after the overlay went up, through a binding (playwright cannot look
/// into a page while it navigates). With `stop`, the page then stops the
/// navigation, as the browser's Stop button would.
async function whenLeaving(context, page, { stop = false } = {}) {
  let report;
  const seen = new Promise((ok) => (report = ok));
  await context.exposeFunction("inductSeen", (what) => report(what));
  await page.evaluate((stop) => {
    new MutationObserver((_, observer) => {
      if (!document.documentElement.classList.contains("induct-leaving")) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        const heading = document.querySelector("main h1");
        window.inductSeen({
          url: location.href,
          covering: [[0.02, 0.02], [0.5, 0.5], [0.98, 0.98]].map(([x, y]) =>
            document.elementFromPoint(x * innerWidth, y * innerHeight)?.className),
          heading: getComputedStyle(heading).visibility,
          status: document.querySelector(".quick-exit-status").textContent,
        });
        if (stop) window.stop();
      }));
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  }, stop);
  return { seen };
}

/// From the neutral site, Back goes to the page before the one left
/// (which is out of the tab's history); then the context closes.
async function backSkipsTheExit(context, page, errors) {
  await page.goBack();
  assert.equal(page.url(), a, "Back goes to the page before, not the one left");
  assert.deepEqual(errors, []);
  await context.close();
}

/// Presses Shift on its own.
const shift = (page) => page.keyboard.press("Shift");

for (const [name, options] of [["phone", phone], ["desktop", desktop]]) {
  test(`${name}: the button leaves for the neutral site, sends no referrer, and Back skips the page left`, async () => {
    const { context, page, errors } = await onB(options);
    const button = page.getByRole("link", { name: "Emergency Exit this page" }).last();
    assert.equal(await button.textContent(), "Emergency Exit this page");
    assert.ok(await button.isVisible());
    const box = await button.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `a thumb-sized button: ${JSON.stringify(box)}`);
    assert.ok(box.y < 20, "at the top of the screen");
    // Seen as "Exit this page": "Emergency" is for screen readers.
    assert.equal(await seen(button), "Exit this page");
    await page.screenshot({ path: shots(`exit-${name}.png`) });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok((await button.boundingBox()).y < 20, "still at the top after scrolling");
    const before = neutral.visits().length;
    await Promise.all([page.waitForURL(neutral.url), button.click()]);
    assert.equal(await page.locator("h1").textContent(), "Weather");
    assert.deepEqual(neutral.visits().slice(before), [undefined], "no referrer sent");
    await backSkipsTheExit(context, page, errors);
  });
}

test("the skip link is the first thing Tab reaches, shows when focused, and leaves", async () => {
  const { context, page } = await onB(desktop);
  await page.keyboard.press("Tab");
  const focused = page.locator(":focus");
  const box = await focused.boundingBox();
  assert.equal(await focused.getAttribute("class"), "skip-link quick-exit-skip");
  assert.equal(await seen(focused), "Exit this page");
  assert.ok(box.y >= 0 && box.height >= 24, `on screen when focused: ${JSON.stringify(box)}`);
  await page.screenshot({ path: shots("exit-skip-link-focused.png") });
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  await page.keyboard.press("Shift+Tab");
  await Promise.all([page.waitForURL(neutral.url), page.keyboard.press("Enter")]);
  await page.goBack();
  assert.equal(page.url(), a);
  await context.close();
});

test("the accessibility tree names both exit links and the status region", async () => {
  const { context, page } = await onB(phone);
  const tree = await page.locator("body").ariaSnapshot();
  const lines = tree.split("\n").map((l) => l.trim());
  // First the "Quick exit" landmark: the skip link to the exit, the one
  // to the text, the button and the status region.
  assert.match(lines[0], /^- region "Quick exit"/, tree);
  const links = lines.filter((l) => l.startsWith("- link"));
  assert.match(links[0], /^- link "Emergency Exit this page"/, tree);
  assert.match(links[1], /^- link "Skip to content"/, tree);
  assert.match(links[2], /^- link "Emergency Exit this page"/, tree);
  assert.ok(lines.slice(0, lines.indexOf("- banner:")).includes("- status"), tree);
  // And through the browser's own tree (CDP), the status region's role.
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const named = (role, name) => nodes.filter((n) => !n.ignored && n.role?.value === role && (name === undefined || n.name?.value === name));
  assert.equal(named("link", "Emergency Exit this page").length, 2);
  assert.equal(named("status").length, 1);
  await context.close();
});

for (const [name, options] of [["phone", phone], ["desktop", desktop]]) {
  test(`${name}: Shift pressed 3 times leaves, each press told in the status region`, async () => {
    const { context, page, errors } = await onB(options);
    if (name === "desktop") assert.ok(await page.getByText("or press Shift 3 times").isVisible(), "the shortcut is told");
    assert.equal(await status(page), "");
    await shift(page);
    assert.equal(await status(page), "Shift pressed once: press it 2 more times to leave this site");
    await shift(page);
    assert.equal(await status(page), "Shift pressed twice: press it 1 more time to leave this site");
    assert.equal(await leaving(page), false, "two presses stay");
    neutral.hold();
    const { seen } = await whenLeaving(context, page);
    await shift(page);
    const left = await seen;
    assert.equal(left.status, "Leaving this site");
    assert.deepEqual(left.covering, ["quick-exit-overlay", "quick-exit-overlay", "quick-exit-overlay"]);
    neutral.release();
    await page.waitForURL(neutral.url);
    await backSkipsTheExit(context, page, errors);
  });
}

test("another key between presses, Shift as a modifier or held down, starts the count again", async () => {
  const { context, page } = await onB(desktop);
  // Shift, another key, Shift, Shift: two presses since the other key.
  await shift(page);
  await page.keyboard.press("a");
  assert.equal(await status(page), "", "the count is gone, and so is what it said");
  await shift(page);
  await shift(page);
  assert.equal(await status(page), "Shift pressed twice: press it 1 more time to leave this site");
  assert.equal(await leaving(page), false);
  // Shift+A is typing a capital, not a press; it starts the count again.
  await page.keyboard.press("Shift+A");
  assert.equal(await status(page), "");
  await shift(page);
  await page.keyboard.press("Shift+A");
  await page.keyboard.press("Shift+A");
  assert.equal(await leaving(page), false);
  assert.equal(await status(page), "");
  // Shift held down (the keyboard repeats it) is not a press.
  await shift(page);
  await shift(page);
  await page.keyboard.down("Shift");
  await page.keyboard.down("Shift"); // a repeat, as a held key sends
  await page.keyboard.up("Shift");
  assert.equal(await leaving(page), false, "a held Shift did not count");
  // Shift released after another key went down does not count either.
  await page.keyboard.down("Shift");
  await page.keyboard.down("b");
  await page.keyboard.up("Shift");
  await page.keyboard.up("b");
  assert.equal(await leaving(page), false);
  assert.equal(page.url(), b);
  await context.close();
});

test("each press restarts the 5 seconds; 5 seconds with no press start the count again, and say so", async () => {
  const { context, page } = await onB(desktop, browser, { clock: true });
  // Three presses 4 s apart: 8 s from the first, each within 5 s of the last.
  await shift(page);
  await page.clock.runFor(4000);
  await shift(page);
  await page.clock.runFor(4000);
  await Promise.all([page.waitForURL(neutral.url), shift(page)]);
  await page.goBack();
  assert.equal(page.url(), a);

  await page.goto(b);
  await shift(page);
  await shift(page);
  await page.clock.runFor(4900);
  assert.equal(await status(page), "Shift pressed twice: press it 1 more time to leave this site");
  await page.clock.runFor(200);
  assert.equal(await status(page), "The exit shortcut timed out: press Shift 3 times, quickly, to leave this site");
  await shift(page);
  assert.equal(await status(page), "Shift pressed once: press it 2 more times to leave this site", "counting from 1 again");
  await shift(page);
  assert.equal(await leaving(page), false);
  assert.equal(page.url(), b);
  await context.close();
});

test("the overlay hides the page before the neutral site answers, and goes when the page is shown again", async () => {
  const { context, page } = await onB(phone);
  neutral.hold();
  const { seen: leftPage } = await whenLeaving(context, page, { stop: true });
  const asked = neutral.visits().length;
  // (A mouse click: playwright's click() would wait for the navigation.)
  const button = await page.locator(".quick-exit-link").boundingBox();
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
  // The neutral site has been asked but not answered: this is still our
  // page, under the overlay.
  const seen = await leftPage;
  assert.equal(neutral.visits().length, asked + 1, "the neutral site was asked");
  assert.equal(seen.url, b);
  assert.deepEqual(seen.covering, ["quick-exit-overlay", "quick-exit-overlay", "quick-exit-overlay"]);
  assert.equal(seen.heading, "hidden");
  assert.equal(seen.status, "Leaving this site");
  // Stopped before it left (the page did, as the reader pressing Stop
  // would), and shown again.
  await page.screenshot({ path: shots("exit-overlay-phone.png") });
  const shot = await page.screenshot();
  assert.ok(shot.length < 20000, `a blank screen (a ${shot.length}-byte PNG)`);
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true })));
  neutral.release();
  assert.equal(await page.locator(".quick-exit-overlay").count(), 0);
  assert.equal(await leaving(page), false);
  assert.equal(await page.locator("main h1").isVisible(), true);
  await context.close();
});

test("Back from the neutral site, from the browser's cache, shows the site's page with no overlay", async () => {
  const cached = await launch({ bfcache: true });
  try {
    const context = await cached.newContext(desktop);
    const page = await context.newPage();
    await page.goto(a);
    await page.evaluate(() => (window.inductBeenHere = true));
    await page.goto(b);
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await Promise.all([page.waitForURL(neutral.url), page.keyboard.press("Shift")]);
    await page.goBack({ waitUntil: "commit" });
    assert.equal(page.url(), a);
    assert.equal(await page.evaluate(() => window.inductBeenHere), true, "restored from the cache, not loaded again");
    assert.equal(await leaving(page), false);
    assert.equal(await page.locator(".quick-exit-overlay").count(), 0);
    assert.equal(await page.evaluate(() => document.elementFromPoint(500, 400).closest(".quick-exit-overlay")), null);
    assert.equal(await status(page), "");
    assert.ok(await page.locator("main h1").isVisible());
    await context.close();
  } finally {
    await cached.close();
  }
});

test("without JavaScript both links are plain links to the neutral site, and no shortcut is told", async () => {
  for (const which of [".quick-exit-link", ".quick-exit-skip"]) {
    const { context, page } = await onB({ ...phone, javaScriptEnabled: false });
    assert.equal(await page.getByText("or press Shift 3 times").isVisible(), false);
    const before = neutral.visits().length;
    if (which === ".quick-exit-skip") {
      await page.keyboard.press("Tab");
      await Promise.all([page.waitForURL(neutral.url), page.keyboard.press("Enter")]);
    } else {
      await Promise.all([page.waitForURL(neutral.url), page.locator(which).click()]);
    }
    assert.deepEqual(neutral.visits().slice(before), [undefined], "no referrer sent");
    await context.close();
  }
});

test("with shortcut = false, Shift pressed 3 times does nothing and nothing mentions it", async () => {
  const context = await quiet.browser.newContext(desktop);
  const page = await context.newPage();
  await page.goto(quiet.site.url("modules/support/who/"));
  assert.equal(await page.getByText(/Shift/).count(), 0);
  for (let i = 0; i < 4; i++) await shift(page);
  await page.waitForTimeout(300);
  assert.equal(await leaving(page), false);
  assert.equal(await status(page), "");
  assert.equal(page.url(), quiet.site.url("modules/support/who/"));
  // The button still leaves.
  await Promise.all([page.waitForURL(neutral.url), page.locator(".quick-exit-link").click()]);
  await context.close();
});

test("on paper neither the exit nor its status region is printed", async () => {
  const { context, page } = await onB(desktop);
  await shift(page);
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() =>
    [".quick-exit", ".quick-exit-skip", ".quick-exit-link", ".quick-exit-status"].map((css) => {
      const r = document.querySelector(css).getBoundingClientRect();
      return [css, r.width > 0 && r.height > 0];
    }));
  assert.deepEqual(shown.filter(([, seen]) => seen), [], "printed");
  await context.close();
});

test("the script telling the shortcut moves nothing at the top of the page", async () => {
  // At 320px, with a mouse, the hint does not fit beside the button.
  for (const options of [phone, desktop, { viewport: { width: 320, height: 600 } }]) {
    const context = await browser.newContext(options);
    await context.addInitScript(() => {
      window.inductShifts = [];
      new PerformanceObserver((list) => window.inductShifts.push(...list.getEntries().map((e) => [e.value, e.sources.map((x) => x.node?.className ?? x.node?.nodeName)])))
        .observe({ type: "layout-shift", buffered: true });
    });
    const page = await context.newPage();
    await page.goto(b);
    await page.waitForTimeout(500);
    if (options === desktop) assert.ok(await page.getByText("or press Shift 3 times").isVisible());
    // (What the progress marks add to the contents below is not ours.)
    const moved = (await page.evaluate(() => window.inductShifts)).flatMap(([, sources]) => sources);
    assert.deepEqual(moved.filter((c) => /quick-exit|skip-link|site-header|breadcrumbs|MAIN/.test(c)), [], `moved: ${moved}`);
    await context.close();
  }
});
