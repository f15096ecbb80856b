// The preview (`induct serve`) in Firefox and WebKit, at phone width, as
// tests/browser/serve.test.mjs checks it in Chromium: a saved edit reloads
// the open page by itself, a save that breaks the build shows the error
// panel over the last good page, and fixing it takes the panel away and
// shows the new text. Two tabs of one browser both reload, through one
// long-poll: the preview's script lets one tab hold it (navigator.locks)
// and tell the others (BroadcastChannel).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { phone, servePreview } from "../site.mjs";
import { engines, openTab, pageErrors, waitUntil } from "./engines.mjs";

let preview;
let base;
let file;
let original;

before(async () => {
  preview = await servePreview("basic");
  base = preview.base;
  file = join(preview.course, "content/modules/01-first-weeks.md");
  original = readFileSync(file, "utf8");
});

after(() => {
  preview?.close();
});

/// Saves the page's file with `text`, as editors do: a temporary file
/// renamed over the original.
function save(text) {
  writeFileSync(file + ".tmp~", text);
  renameSync(file + ".tmp~", file);
}

/// In the page: whether its text holds `text`.
function shows(text) {
  return document.body.innerText.includes(text);
}

/// In the page: marks the page, so that a reload (a new page) is told from
/// a change made in place.
function mark() {
  window.__inductNotReloaded = true;
}

/// In the page: whether it was loaded again since `mark` and has loaded.
function reloaded() {
  return !window.__inductNotReloaded && document.readyState === "complete";
}

/// A second tab of the browser that drives `tab`, at `url` and phone
/// width: `{ evaluate, close }`, and `first`, the same for `tab` itself.
/// In Firefox a second puppeteer page. In WebKit a second window of the
/// same MiniBrowser (WebDriver's New Window); WebDriver talks to one window
/// at a time, so each call switches to its window first.
async function secondTab(tab, url) {
  if (tab.page) {
    const page = await tab.browser.newPage();
    await page.setViewport(phone.viewport);
    await page.goto(url, { waitUntil: "load" });
    return {
      first: { evaluate: (fn, ...args) => tab.page.evaluate(fn, ...args) },
      second: { evaluate: (fn, ...args) => page.evaluate(fn, ...args), close: () => page.close() },
    };
  }
  const driver = tab.driver;
  const one = await driver.getWindowHandle();
  await driver.switchTo().newWindow("tab");
  const two = await driver.getWindowHandle();
  await driver.manage().window().setRect(phone.viewport);
  await driver.get(url);
  const inWindow = (handle) => async (fn, ...args) => {
    await driver.switchTo().window(handle);
    return tab.evaluate(fn, ...args);
  };
  return {
    first: { evaluate: inWindow(one) },
    second: {
      evaluate: inWindow(two),
      close: async () => {
        await driver.switchTo().window(two);
        await driver.close();
        await driver.switchTo().window(one);
      },
    },
  };
}

/// Waits in `view` (`secondTab`'s) until `fn` returns something true,
/// for up to 20 s: a rebuild and a reload.
function waitIn(view, engine, fn, ...args) {
  return waitUntil(view.evaluate, engine, 20, fn, ...args);
}

/// A tab of `engine` at the edited page, its uncaught errors gathered
/// (`pageErrors`); after test `t` the page's file is saved back as it was
/// and the tab closed.
async function openPage(t, engine) {
  const tab = await openTab(engine);
  const errors = pageErrors(tab);
  t.after(async () => {
    save(original);
    await tab.close();
  });
  await tab.goto(base + "modules/first-weeks/");
  return { tab, errors };
}

for (const engine of engines) {
  describe(engine, () => {
    test("a saved edit reloads the page; a broken save shows the error panel until fixed", async (t) => {
      const { tab, errors } = await openPage(t, engine);
      assert.match(await tab.evaluate(() => document.querySelector("meta[http-equiv=Content-Security-Policy]").content), /script-src 'self'/);
      const refused = [...(await tab.violations())];

      const added = `A line added in ${engine} while the page was open.`;
      await tab.evaluate(mark);
      save(original + `\n${added}\n`);
      await tab.waitWithin(20, reloaded, "the page to reload by itself");
      await tab.waitWithin(10, shows, added, "the saved text");
      refused.push(...(await tab.violations()));

      // The panel is drawn on this page, without a reload: what the
      // policy refuses to it is heard here in WebKit too, which
      // `tab.violations()` cannot tell (no preload script there).
      await tab.evaluate(() => {
        window.__inductRefused = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__inductRefused.push(`${e.violatedDirective} refused ${e.blockedURI || "inline"}`));
      });
      save(original.replace("title:", "titel:"));
      await tab.waitWithin(20, () => !!document.getElementById("induct-overlay"), "the error panel");
      const said = await tab.evaluate(() => document.getElementById("induct-overlay").textContent);
      assert.match(said, /content\/modules\/01-first-weeks\.md:2:1/);
      assert.match(said, /unknown key `titel`/);
      assert.ok(await tab.evaluate(shows, added), "the last good page stays");
      assert.equal(await tab.evaluate(() => document.getElementById("induct-overlay").getAttribute("role")), "alert");
      await tab.screenshot("preview-error-panel-phone");
      refused.push(...(await tab.violations()), ...(await tab.evaluate(() => window.__inductRefused)));

      const fixed = `Fixed in ${engine}.`;
      save(original + `\n${fixed}\n`);
      await tab.waitWithin(20, (fixed) => !document.getElementById("induct-overlay") && document.body.innerText.includes(fixed), fixed, "the panel to go and the new text");
      assert.equal(await tab.evaluate(shows, added), false);
      await tab.screenshot("preview-fixed-phone");
      refused.push(...(await tab.violations()));
      assert.deepEqual(refused, [], "the preview's script and panel live under the page's policy");
      assert.deepEqual(errors, []);
    });

    test("two tabs of one browser share one long-poll, and both reload on a save", async (t) => {
      const { tab, errors } = await openPage(t, engine);
      const { first, second } = await secondTab(tab, base + "modules/first-weeks/");
      const has = await first.evaluate(() => ({ locks: !!navigator.locks, channel: typeof BroadcastChannel === "function" }));
      assert.deepEqual(has, { locks: true, channel: true }, `${engine} offers what the preview shares one poll with`);
      // One tab holds the poll, the other waits its turn.
      const lock = () =>
        navigator.locks.query().then((q) => ({
          held: q.held.filter((l) => l.name === "induct-live").length,
          pending: q.pending.filter((l) => l.name === "induct-live").length,
        }));
      await waitIn(second, engine, () => navigator.locks.query().then((q) => q.pending.some((l) => l.name === "induct-live")), "a tab waiting for the poll");
      assert.deepEqual(await first.evaluate(lock), { held: 1, pending: 1 });

      const text = `Seen in both ${engine} tabs.`;
      await first.evaluate(mark);
      await second.evaluate(mark);
      save(original + `\n${text}\n`);
      for (const [name, view] of [["first", first], ["second", second]]) {
        await waitIn(view, engine, reloaded, `the ${name} tab to reload`);
        await waitIn(view, engine, shows, text, `the ${name} tab to show the new text`);
      }

      // One tab goes: the other holds the poll (taking it over if the one
      // gone held it), and still reloads on the next save.
      await second.close();
      await waitIn(first, engine, () => navigator.locks.query().then((q) => q.held.filter((l) => l.name === "induct-live").length === 1 && q.pending.length === 0), "the tab left to hold the poll alone");
      const again = `Seen after the other ${engine} tab closed.`;
      await first.evaluate(mark);
      save(original + `\n${again}\n`);
      await waitIn(first, engine, reloaded, "the tab left to reload");
      await waitIn(first, engine, shows, again, "the tab left to show the new text");
      assert.deepEqual(errors, []);
    });
  });
}
