// A reader with a keyboard only: on representative pages of the default
// course, Tab reaches every visible control, in light and dark, each shows
// a focus indicator that can be seen (WCAG 2.4.7, with 3:1 contrast as
// 1.4.11 asks) and is not hidden behind anything (2.4.11); the skip link,
// scenario choices, story and navigation disclosures, the support filter
// and links/ work from the keyboard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { copyDefaultCourse, launch, phone, samplePages, servePublished, serveCourse, shots } from "./site.mjs";

let site;
let browser;

before(async () => {
  site = await serveCourse(copyDefaultCourse);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const desktop = { viewport: { width: 1280, height: 800 } };

/// The sample pages and the page that is not there.
const pages = [...samplePages, "no-such-page/"];

/// Marks every control a reader can see (`data-kbd` = its number) and
/// returns how many there are, each with a selector-like description.
function markControls(page) {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')].filter(
      (e) => !e.disabled && !e.closest("[inert]") && e.checkVisibility({ visibilityProperty: true }) && e.getClientRects().length > 0 && e.getBoundingClientRect().width > 1,
    );
    const describe = (e) => {
      const text = (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().replace(/\s+/g, " ").slice(0, 50);
      return `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""} "${text}"`;
    };
    controls.forEach((e, i) => e.setAttribute("data-kbd", String(i)));
    return controls.map(describe);
  });
}

/// Each marked control focused in turn (after a key press, so as by the
/// keyboard): its focus styles at rest and focused, the colour it sits on,
/// whether it matches :focus-visible, and whether it is then in view and
/// not covered by anything.
function focusStates(page) {
  return page.evaluate(() => {
    const styles = (e) => {
      const s = getComputedStyle(e);
      return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow, background: s.backgroundColor };
    };
    const opaque = (c) => !/rgba\(.*,\s*0\)$/.test(c) && c !== "transparent";
    const backdrop = (e) => {
      for (let a = e.parentElement; a; a = a.parentElement) {
        const c = getComputedStyle(a).backgroundColor;
        if (opaque(c)) return c;
      }
      return "rgb(255, 255, 255)";
    };
    document.activeElement?.blur();
    const controls = [...document.querySelectorAll("[data-kbd]")];
    const resting = controls.map((e) => ({ style: styles(e), backdrop: backdrop(e) }));
    return controls.map((e, i) => {
      e.focus();
      const rect = [...e.getClientRects()][0] || e.getBoundingClientRect();
      const x = Math.min(Math.max(rect.left + Math.min(rect.width / 2, 12), 0), innerWidth - 1);
      const y = Math.min(Math.max(rect.top + Math.min(rect.height / 2, 8), 0), innerHeight - 1);
      const top = document.elementFromPoint(x, y);
      const inView = rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth;
      return {
        focused: document.activeElement === e,
        focusVisible: e.matches(":focus-visible"),
        seen: inView && !!top && (e.contains(top) || top.contains(e)),
        style: styles(e),
        resting: resting[i],
      };
    });
  });
}

const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const luminance = ([r, g, b]) => {
  const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const contrast = (a, b) => {
  const [x, y] = [luminance(rgb(a)), luminance(rgb(b))];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
const transparent = (c) => rgb(c).length === 4 && rgb(c)[3] === 0;

/// Why the focus of a control cannot be seen, or null when it can: a
/// solid outline at least 2px wide, or a box shadow, with 3:1 contrast
/// against what the control sits on; or a background that changes by 3:1.
function unseenFocus(focused, resting) {
  const [style, width, ...colour] = focused.outline.split(" ");
  const outlineColour = colour.join(" ");
  if (style !== "none" && parseFloat(width) >= 2 && !transparent(outlineColour)) {
    const ratio = contrast(outlineColour, resting.backdrop);
    if (ratio >= 3) return null;
    return `outline ${outlineColour} on ${resting.backdrop}: ${ratio.toFixed(2)}:1`;
  }
  if (focused.shadow !== "none" && focused.shadow !== resting.style.shadow) {
    const colourOf = focused.shadow.match(/rgba?\([^)]*\)/);
    if (colourOf && contrast(colourOf[0], resting.backdrop) >= 3) return null;
  }
  if (focused.background !== resting.style.background && !transparent(focused.background)) {
    const was = transparent(resting.style.background) ? resting.backdrop : resting.style.background;
    if (contrast(focused.background, was) >= 3) return null;
  }
  return `no visible change: ${JSON.stringify(focused)}`;
}

/// Tabs through `path` from the top, in each of `schemes`, and returns
/// what went wrong: controls never reached, and controls whose focus
/// cannot be seen.
async function tabThrough(context, path, schemes, shotName) {
  const page = await context.newPage();
  await page.goto(site.url(path));
  const controls = await markControls(page);
  assert.ok(controls.length > 3, `${path}: controls found`);
  // Where each Tab lands, recorded in the page.
  await page.evaluate(() => {
    window.inductTabbed = [];
    document.addEventListener("focusin", (event) => window.inductTabbed.push(event.target.getAttribute("data-kbd")));
  });
  const reached = new Set();
  for (let i = 0, done = false; !done && i < controls.length + 20; i += 10) {
    for (let j = 0; j < 10; j++) await page.keyboard.press("Tab");
    if (shotName && i === 0) {
      for (const colorScheme of schemes) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({ path: shots(`${shotName}-${colorScheme}.png`) });
      }
    }
    const tabbed = await page.evaluate(() => window.inductTabbed.splice(0));
    for (const kbd of tabbed) {
      if (kbd !== null && reached.has(kbd)) done = true; // round to the start again
      if (kbd !== null) reached.add(kbd);
    }
    if (await page.evaluate(() => document.activeElement === document.body)) done = reached.size > 0;
  }
  const problems = [];
  controls.forEach((name, i) => {
    if (!reached.has(String(i))) problems.push(`${path}: never reached by Tab: ${name}`);
  });
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const states = await focusStates(page);
    states.forEach((state, i) => {
      const name = `[${colorScheme}] ${path}: ${controls[i]}`;
      if (!state.focused) return problems.push(`${name}: cannot be focused`);
      if (!state.focusVisible) problems.push(`${name}: not :focus-visible`);
      if (!state.seen) problems.push(`${name}: focused but out of view or covered`);
      const why = unseenFocus(state.style, state.resting);
      if (why) problems.push(`${name}: focus cannot be seen: ${why}`);
    });
  }
  await page.close();
  return problems;
}

for (const [name, options] of [
  ["desktop", desktop],
  ["phone", phone],
]) {
  test(`Tab reaches every control, and each shows its focus in light and dark (${name})`, async () => {
    // Without smooth scrolling (tested on its own), focus scrolls at once.
    const context = await browser.newContext({ ...options, reducedMotion: "reduce" });
    await servePublished(context, site);
    const problems = [];
    for (const path of pages) {
      const shot = path === pages[0] ? `keyboard-focus-${name}` : null;
      problems.push(...(await tabThrough(context, path, ["light", "dark"], shot)));
    }
    await context.close();
    assert.equal(problems.length, 0, `${problems.length} problem(s):\n${problems.join("\n")}`);
  });
}

/// Presses Tab until `target` (a locator) has focus, as a reader would;
/// fails, naming `what`, if it is not reached within `most` presses.
async function tabTo(page, target, what, most = 200) {
  for (let tabs = 0; tabs < most; tabs++) {
    if (await target.evaluate((e) => e === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`${what} is not reached by Tab`);
}

/// Presses `key` and checks that `details` is then open (or not).
async function pressToggles(page, key, details, open, message) {
  await page.keyboard.press(key);
  assert.equal(await details.evaluate((d) => d.open), open, message);
}

/// Presses Tab and checks that focus lands inside `css`.
async function tabLandsIn(page, css, message) {
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate((css) => !!document.activeElement.closest(css), css), true, message);
}

/// A new phone page at `path`.
async function phonePage(path) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(site.url(path));
  return page;
}

test("the skip link is the first stop after the way out, shows, and moves focus to the content", async () => {
  const page = await phonePage("modules/first-months/");
  // The default course has the quick exit: its skip link comes first
  // (exit.test.mjs tests it).
  await page.keyboard.press("Tab");
  const out = page.locator("a.quick-exit-skip");
  assert.equal(await out.evaluate((a) => a === document.activeElement), true, "first Tab lands on the way out");
  await page.keyboard.press("Tab");
  const skip = page.locator('a.skip-link[href="#main"]');
  assert.equal(await skip.evaluate((a) => a === document.activeElement), true, "the next lands on the skip link");
  const box = await skip.boundingBox();
  assert.ok(box && box.y >= 0 && box.height >= 24, `shown on screen when focused: ${JSON.stringify(box)}`);
  await page.screenshot({ path: shots("keyboard-skip-link-phone.png") });
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await tabLandsIn(page, "main", "the next Tab is inside the content");
  await page.context().close();
});

test("the contents on a phone come after the text, fold with Space and open with Enter", async () => {
  const page = await phonePage("modules/first-months/");
  const nav = page.locator(".nav-toggle");
  assert.equal(await nav.evaluate((d) => d.open), true, "open, so nothing moves as the page loads");
  const mainBottom = await page.locator("main").evaluate((m) => m.getBoundingClientRect().bottom);
  const navTop = await page.locator(".site-nav").evaluate((n) => n.getBoundingClientRect().top);
  assert.ok(navTop >= mainBottom, `after the page's text on a phone: ${navTop} < ${mainBottom}`);
  await tabTo(page, nav.locator("summary"), "the contents' summary", 200);
  await pressToggles(page, " ", nav, false, "Space folds the contents");
  await pressToggles(page, "Enter", nav, true, "Enter opens them again");
  await tabLandsIn(page, ".site-nav ul", "Tab goes on into the contents");
  await page.context().close();
});

test("a scenario is walked with the keyboard: Enter on a choice, focus on the next step", async () => {
  const page = await phonePage("scenarios/struggling-on-nights/");
  const first = page.locator(".scenario-choices a").first();
  const label = (await first.innerText()).trim();
  const to = await first.getAttribute("data-to");
  await tabTo(page, first, "the first choice");
  await Promise.all([page.waitForURL(new RegExp(`/${to}/#`)), page.keyboard.press("Enter")]);
  await page.waitForFunction((id) => document.activeElement && document.activeElement.id === id, to, { timeout: 5000 });
  assert.match(await page.locator(".scenario-feedback:target, .scenario-feedback.chosen").innerText(), new RegExp(label.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  // From the step's heading, Tab goes on through the step.
  await tabLandsIn(page, "main", "focus stays in the content");
  await page.context().close();
});

test("a story's content notes come first and the story opens and closes with Space and Enter", async () => {
  const page = await phonePage("stories/a-phased-return/");
  const details = page.locator("details.story-body");
  const summary = details.locator("summary");
  assert.ok((await page.locator(".story-notes").boundingBox()).y < (await summary.boundingBox()).y, "content notes before the story");
  await tabTo(page, summary, "the story's summary");
  assert.equal(await details.evaluate((d) => d.open), false);
  await pressToggles(page, " ", details, true, "Space opens the story");
  await pressToggles(page, "Enter", details, false, "Enter closes it");
  await pressToggles(page, "Enter", details, true, "Enter opens it");
  await tabLandsIn(page, "details.story-body .content, .story-links, .pager", "Tab goes on into the story");
  await page.context().close();
});

test("the support filter works with Space and Enter", async () => {
  const page = await phonePage("support/");
  const buttons = page.locator(".support-filter button");
  assert.ok((await buttons.count()) > 2);
  const second = buttons.nth(1);
  await tabTo(page, second, "a filter button");
  const all = await page.locator("section.service").count();
  await page.keyboard.press(" ");
  assert.equal(await second.getAttribute("aria-pressed"), "true", "Space chooses a need");
  const shown = await page.locator("section.service:visible").count();
  assert.ok(shown > 0 && shown < all, `${shown} of ${all} services shown`);
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  assert.equal(await buttons.first().getAttribute("aria-pressed"), "true", "Enter on All shows all again");
  assert.equal(await page.locator("section.service:visible").count(), all);
  await page.context().close();
});

test("links/ is filtered and copied from the keyboard", async () => {
  const context = await browser.newContext(desktop);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(site.url("")).origin });
  const page = await context.newPage();
  await page.goto(site.url("links/"));
  const input = page.locator("#induct-links-filter");
  await tabTo(page, input, "the filter");
  await page.keyboard.type("peer support");
  await page.waitForFunction(() => document.getElementById("induct-links-count").textContent.includes("match"), null, { timeout: 5000 });
  // The next visible control after the filter is in the first matching item.
  await page.keyboard.press("Tab");
  while (!(await page.evaluate(() => document.activeElement.matches("button.link-copy")))) await page.keyboard.press("Tab");
  const item = await page.evaluate(() => document.activeElement.closest(".link-item").querySelector("code").textContent);
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.activeElement.innerText === "Copied", null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), item);
  await page.context().close();
});
