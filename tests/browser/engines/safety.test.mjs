// What keeps a trainee safe, at phone width in Firefox and in WebKit
// (Safari's engine), on the default course: Exit this page (by a tap and
// by Shift pressed 3 times) leaves under an overlay and out of the
// history; Copy link puts a section's public address on the clipboard
// (or shows it to copy by hand); without JavaScript every scenario,
// story, the support directory and search still work; and no page's
// Content-Security-Policy refuses anything, served or opened from disk.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { Key } from "selenium-webdriver";

import { copyDefaultCourse, htmlPages, neutralSite, serveCourse } from "../site.mjs";
import { engines, inEachEngine, openTab, pageErrors } from "./engines.mjs";

let exit;
let site;
before(async () => {
  exit = await neutralSite();
  site = await serveCourse(copyDefaultCourse, {
    today: "2026-12-03",
    reportViolations: true,
    // The exit leads to the loopback page, not to the real weather site.
    prepare: (course) => {
      const toml = join(course, "book.toml");
      const text = readFileSync(toml, "utf8");
      const pointed = text.replace(/^(\[quick_exit\]\s*\nurl = )"[^"]*"/m, `$1"${exit.url}"`);
      assert.notEqual(pointed, text, "book.toml has a [quick_exit] url");
      writeFileSync(toml, pointed);
    },
  });
});
// A check that failed while the exit address was held lets it answer.
afterEach(() => exit.release());
after(async () => {
  await site?.close();
  await exit?.close();
});

const pause = (ms) => new Promise((ok) => setTimeout(ok, ms));

// The page read before, and the one the reader leaves from.
const before1 = "modules/first-months/";
const leftFrom = "modules/stigma/";

/// Opens `before1` then `leftFrom` in `tab`, so the tab has a page to go
/// Back to.
async function onPageToLeave(tab) {
  await tab.goto(site.url(before1));
  await tab.goto(site.url(leftFrom));
  assert.equal(await status(tab), "", "nothing said yet");
}

const status = (tab) => tab.evaluate(() => document.querySelector(".quick-exit-status").textContent);

/// Has the page note what the reader sees as it starts leaving: what is
/// at three points of the screen (its corners and middle), whether its
/// heading still shows, the status region and the address. The note goes
/// into the tab's sessionStorage (`leftForGood` reads it): WebKitWebDriver
/// answers nothing while a navigation is under way.
const noteLeaving = (tab) =>
  tab.evaluate(() => {
    new MutationObserver((_, observer) => {
      if (!document.documentElement.classList.contains("induct-leaving")) return;
      observer.disconnect();
      // Within the page, not on a scroll bar beside it.
      const [w, h] = [document.documentElement.clientWidth, document.documentElement.clientHeight];
      const seen = {
        url: location.href,
        covering: [[0.02, 0.02], [0.5, 0.5], [0.98, 0.98]].map(([x, y]) => document.elementFromPoint(x * w, y * h)?.className),
        heading: getComputedStyle(document.querySelector("main h1")).visibility,
        status: document.querySelector(".quick-exit-status").textContent,
      };
      sessionStorage.setItem("induct-test-leaving", JSON.stringify(seen));
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  });

/// What the reader sees as the page starts leaving, the exit address not
/// yet answering: the overlay over all of it, the page hidden beneath.
const coveredWhileLeaving = {
  covering: ["quick-exit-overlay", "quick-exit-overlay", "quick-exit-overlay"],
  heading: "hidden",
  status: "Leaving this site",
};

/// Once the page started leaving for the exit address (held, `asked`
/// visits before): the address was asked, with no referrer; then it
/// answers, and Back from there returns to `before1`, the page left being
/// out of the tab's history (`location.replace`). Returns what the page
/// noted as it left (`noteLeaving`).
async function leftForGood(tab, asked) {
  const until = Date.now() + 5000;
  while (exit.visits().length === asked && Date.now() < until) await pause(50);
  assert.deepEqual(exit.visits().slice(asked), [undefined], "the exit address was asked, with no referrer");
  // The page's note: read at once where the engine answers while a page
  // waits to leave (Firefox, which shows the screen then too), else once
  // back on the page before (in WebKit; Firefox loses it there).
  const note = () => sessionStorage.getItem("induct-test-leaving");
  let seen = null;
  if (tab.engine === "firefox") {
    seen = await tab.waitFor(note, "the page's note as it left");
    await tab.screenshot("exit-overlay");
  } else {
    await pause(300);
  }
  exit.release();
  await tab.waitFor((url) => location.href === url && document.title === "Weather", exit.url, "the exit address");
  await tab.back();
  await tab.waitForPage(new URL(site.url(before1)).pathname);
  // (From the page itself: puppeteer's own idea of the address lags
  // behind a page restored from Firefox's back-forward cache.)
  assert.equal(await tab.evaluate(() => location.href), site.url(before1), "Back skips the page left");
  return JSON.parse(seen ?? (await tab.evaluate(note)));
}

inEachEngine(() => site, "Exit this page leaves at once, under an overlay, and Back skips the page left", async (tab) => {
  await onPageToLeave(tab);
  const button = await tab.evaluate(() => {
    const r = document.querySelector(".quick-exit-link").getBoundingClientRect();
    return { top: r.top, width: r.width, height: r.height, text: document.querySelector(".quick-exit-link").textContent };
  });
  assert.ok(button.top < 20 && button.width >= 44 && button.height >= 44, `a thumb-sized button at the top: ${JSON.stringify(button)}`);
  await tab.screenshot("exit-button");
  await noteLeaving(tab);
  exit.hold();
  const asked = exit.visits().length;
  await tab.click(".quick-exit-link");
  assert.deepEqual(await leftForGood(tab, asked), { ...coveredWhileLeaving, url: site.url(leftFrom) });
});

inEachEngine(() => site, "Shift pressed alone 3 times leaves, each press told; another key starts the count again", async (tab) => {
  await onPageToLeave(tab);
  const says = (text, what) => tab.waitFor((text) => document.querySelector(".quick-exit-status").textContent === text, text, what);
  await tab.press("Shift");
  await says("Shift pressed once: press it 2 more times to leave this site", "one press told");
  await tab.press("a");
  await says("", "the count gone with another key");
  await tab.press("Shift");
  await tab.press("Shift");
  await says("Shift pressed twice: press it 1 more time to leave this site", "two presses told");
  assert.equal(await tab.evaluate(() => document.documentElement.classList.contains("induct-leaving")), false, "two presses stay");
  assert.equal(await tab.url(), site.url(leftFrom));
  await noteLeaving(tab);
  exit.hold();
  const asked = exit.visits().length;
  await tab.press("Shift");
  assert.deepEqual(await leftForGood(tab, asked), { ...coveredWhileLeaving, url: site.url(leftFrom) });
});

/// What each engine does with Copy link here: "clipboard" (the address is
/// copied) or "by hand" (the browser refused: the address is shown
/// selected in a box).
const copies = { firefox: "clipboard", webkit: "clipboard" };

/// Pastes what the clipboard holds into a new text box on the page, with
/// Ctrl+V as a reader would, and returns it.
async function pasted(tab) {
  await tab.evaluate(() => {
    document.getElementById("induct-test-paste")?.remove();
    const box = document.createElement("textarea");
    box.id = "induct-test-paste";
    document.querySelector("main").prepend(box);
  });
  await tab.click("#induct-test-paste");
  if (tab.engine === "firefox") {
    await tab.page.keyboard.down("Control");
    await tab.page.keyboard.press("v");
    await tab.page.keyboard.up("Control");
  } else {
    await tab.driver.actions().keyDown(Key.CONTROL).keyDown("v").keyUp("v").keyUp(Key.CONTROL).perform();
  }
  return tab.waitFor(() => document.getElementById("induct-test-paste").value, "something pasted");
}

/// Presses the Copy link button of the heading `id` and waits for the
/// result: "clipboard" ("Link copied" said, "Copied" shown) or "by hand"
/// (the box with the address selected).
async function copyLink(tab, id) {
  await tab.click(`#${id} ~ .induct-copy`);
  return tab.waitFor((id) => {
    const button = document.querySelector(`#${id} ~ .induct-copy`);
    const box = document.querySelector(`#${id} ~ .induct-copy-url`);
    const said = document.querySelector(".induct-visually-hidden[aria-live=polite]").textContent;
    // (The button says "Copied" for 2 s only: not waited for.)
    if (said === "Link copied" && !box) return { how: "clipboard" };
    if (box && said.startsWith("Copying did not work")) {
      const selected = box === document.activeElement && box.readOnly && box.selectionStart === 0 && box.selectionEnd === box.value.length;
      return { how: "by hand", address: box.value, selected, label: button.innerText.trim() };
    }
    return null;
  }, id, `the copy of #${id}`);
}

inEachEngine(() => site, "Copy link copies a section's public address, or shows it selected to copy by hand", async (tab) => {
  const page = "modules/first-months/";
  await tab.goto(site.url(page));
  const ids = await tab.evaluate(() => [...document.querySelectorAll("main .induct-heading > h2[id]")].slice(0, 2).map((h) => h.id));
  assert.equal(ids.length, 2, "two headings to copy");
  // Two sections, so what the clipboard held before cannot pass for the copy.
  for (const id of ids) {
    const address = `https://induct.example.org/${page}#${id}`;
    const result = await copyLink(tab, id);
    assert.equal(result.how, copies[tab.engine], `${tab.engine} copies ${copies[tab.engine] === "clipboard" ? "to the clipboard" : "by hand"}`);
    if (result.how === "clipboard") assert.equal(await pasted(tab), address, "the clipboard holds the section's address");
    else assert.deepEqual(result, { how: "by hand", address, selected: true, label: "Copy link" });
  }
  await tab.screenshot("copy-link");

  // Where the browser refuses (no clipboard, no copy command), the
  // address is shown selected, and nothing claims it was copied.
  await tab.goto(site.url(page));
  await tab.evaluate(() => {
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    document.execCommand = () => false;
  });
  const refused = await copyLink(tab, ids[1]);
  assert.deepEqual(refused, { how: "by hand", address: `https://induct.example.org/${page}#${ids[1]}`, selected: true, label: "Copy link" });
  assert.ok(await tab.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no sideways scrolling with the box shown");
  await tab.screenshot("copy-link-by-hand");
});

/// Whether any of the site's scripts ran on the page: induct.js marks
/// <html>, adds Copy link buttons and shows the shortcut's hint.
const scriptRan = (tab) =>
  tab.evaluate(() => ({
    printLinks: document.documentElement.hasAttribute("data-print-links"),
    copyButtons: document.querySelectorAll(".induct-copy").length,
    hint: !document.querySelector(".quick-exit-hint")?.hidden,
  }));
const noScript = { printLinks: false, copyButtons: 0, hint: false };

/// The pages search/ must list: every page of the search index but the
/// steps of scenarios (each scenario's own page leads to them).
function pagesToList() {
  const index = readFileSync(join(site.root, "search/index.js"), "utf8");
  const data = JSON.parse(index.slice(index.indexOf("(") + 1, index.lastIndexOf(")")));
  return data.pages.map((p) => p[1]).filter((url) => !/^scenarios\/[^/]+\/[^/]+\//.test(url)).sort();
}

/// The services support.yaml lists.
const services = () => [...readFileSync(join(site.course, "content/support.yaml"), "utf8").matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]);

inEachEngine(
  () => site,
  "without JavaScript a choice shows its feedback, a story opens, support/ and search/ list everything",
  async (tab) => {
    // A scenario's first choice: the next step shows its feedback by
    // :target alone.
    await tab.goto(site.url("scenarios/struggling-on-nights/"));
    assert.deepEqual(await scriptRan(tab), noScript, "no script ran");
    const to = await tab.evaluate(() => document.querySelector(".scenario-choices a").getAttribute("href"));
    await tab.click(".scenario-choices a");
    const step = new URL(to, site.url("scenarios/struggling-on-nights/"));
    await tab.waitForPage(step.pathname);
    const feedback = await tab.evaluate(() => ({
      target: document.querySelector(":target")?.id,
      shown: [...document.querySelectorAll(".scenario-feedback")].filter((el) => el.offsetParent !== null).map((el) => el.id),
    }));
    assert.deepEqual(feedback, { target: step.hash.slice(1), shown: [step.hash.slice(1)] }, "only the chosen feedback shows");
    await tab.screenshot("nojs-scenario-feedback");

    // A story opens by its summary.
    await tab.goto(site.url("stories/a-phased-return/"));
    assert.equal(await tab.evaluate(() => document.querySelector("details.story-body").open), false, "closed at first");
    await tab.click("details.story-body > summary");
    await tab.waitFor(() => document.querySelector("details.story-body").open, "the story opened");
    assert.deepEqual(await scriptRan(tab), noScript, "no script ran");

    // support/ lists every service, with no filter buttons.
    await tab.goto(site.url("support/"));
    const support = await tab.evaluate(() => ({
      shown: [...document.querySelectorAll("section.service")].filter((s) => s.offsetParent !== null).map((s) => s.getAttribute("aria-labelledby")).sort(),
      buttons: document.querySelectorAll(".support-filter, .support-needs button").length,
    }));
    assert.deepEqual(support, { shown: services().sort(), buttons: 0 }, "every service, no buttons that would do nothing");
    await tab.screenshot("nojs-support");

    // search/ (where the header's form goes) lists every page.
    await tab.goto(site.url("search/?q=stigma"));
    const listed = await tab.evaluate(() => ({
      told: document.querySelector(".search-nojs")?.offsetParent !== null,
      pages: [...document.querySelectorAll(".search-all a")].map((a) => a.href),
    }));
    assert.equal(listed.told, true, "search/ says it lists every page instead");
    assert.deepEqual(listed.pages.map((href) => href.slice(site.url("").length)).sort(), pagesToList());
    assert.deepEqual(await scriptRan(tab), noScript, "no script ran");
    await tab.screenshot("nojs-search");
  },
  { javaScript: false },
);

/// The theme's stylesheet and script both ran on the page: a colour only
/// induct.css sets and the mark induct.js puts on <html>.
const themed = (tab) =>
  tab.evaluate(() => ({
    css: getComputedStyle(document.documentElement).getPropertyValue("--bg").trim() !== "",
    js: document.documentElement.hasAttribute("data-print-links"),
  }));

/// A page the policy must refuse: the home page with an inline script.
/// Proves that refusals are seen at all, served and from disk.
function writeRefused() {
  const html = readFileSync(join(site.root, "index.html"), "utf8").replace("</body>", "<script>document.documentElement.dataset.inline = 'ran';</script></body>");
  mkdirSync(join(site.root, "csp-refused"), { recursive: true });
  writeFileSync(join(site.root, "csp-refused/index.html"), html.replaceAll('href="./', 'href="../').replaceAll('src="./', 'src="../'));
}

/// Waits up to `ms` for at least `n` reports to have come in.
async function reports(n, ms) {
  const until = Date.now() + ms;
  while (site.violations.length < n && Date.now() < until) await pause(50);
  return site.violations;
}

for (const engine of engines) {
  test(`${engine}: no page's policy refuses anything, served or opened from disk`, async () => {
    const pages = htmlPages(site.root).filter((p) => !p.moved);
    assert.ok(pages.length > 50, `${pages.length} pages`);
    const tab = await openTab(engine);
    const errors = pageErrors(tab);
    try {
      // First a page with an inline script, which must be refused and seen.
      writeRefused();
      const before = site.violations.length;
      await tab.goto(site.url("csp-refused/"));
      assert.equal(await tab.evaluate(() => document.documentElement.dataset.inline ?? null), null, "the inline script was refused");
      assert.match((await reports(before + 1, 5000)).slice(before).join("\n"), /script-src.* on .*\/csp-refused\//, "the refusal was reported");
      await tab.goto(pathToFileURL(join(site.root, "csp-refused/index.html")).href);
      assert.equal(await tab.evaluate(() => document.documentElement.dataset.inline ?? null), null, "refused from disk too");
      if (engine === "firefox") assert.equal((await tab.violations()).length, 1, "and seen from disk");
      rmSync(join(site.root, "csp-refused"), { recursive: true });
      await pause(300);
      site.violations.splice(before);
      // (Firefox tells the refusals as errors too.)
      errors.splice(0);

      // Served: every page, each report naming its page.
      const refused = [];
      for (const { path } of pages) {
        await tab.goto(site.url(path));
        refused.push(...(await tab.violations()));
        await pause(20);
      }
      await pause(500);
      assert.deepEqual(site.violations.slice(before), [], "reported by the served pages");
      assert.deepEqual(refused, [], "seen on the served pages");

      // From disk: no refusal where the engine tells, and the theme's
      // script and stylesheet ran on every page (404.html links to them
      // from the site's root, so it is for serving only).
      const unthemed = [];
      for (const { path } of pages.filter((p) => p.path !== "404.html")) {
        await tab.goto(pathToFileURL(join(site.root, path === "" || path.endsWith("/") ? `${path}index.html` : path)).href);
        refused.push(...(await tab.violations()));
        const { css, js } = await themed(tab);
        if (!css || !js) unthemed.push(`${path || "(home)"}: ${css ? "" : "no stylesheet "}${js ? "" : "no script"}`);
      }
      assert.deepEqual(refused, [], "seen on the pages from disk");
      assert.deepEqual(errors, [], "what the pages' scripts threw");
      assert.deepEqual(unthemed, [], "pages from disk whose theme did not apply");
    } finally {
      await tab.close();
    }
  });
}
