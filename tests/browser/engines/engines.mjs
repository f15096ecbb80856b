// The browsers other than Chromium, as Debian ships them: Firefox ESR
// (driven over WebDriver BiDi by puppeteer-core) and WebKitGTK, Safari's
// engine (driven over classic WebDriver by selenium-webdriver through
// WebKitWebDriver, its MiniBrowser drawn on an Xvfb screen). Both are
// wrapped in one small `Tab` so that each check is written once and runs
// in every engine.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { test } from "node:test";

import puppeteer from "puppeteer-core";
import { Builder, By, Key } from "selenium-webdriver";

import { phone, shots } from "../site.mjs";

/// The engines the cross-engine checks run in: `ENGINES=firefox,webkit`
/// (the default) or a part of it.
export const engines = (process.env.ENGINES ?? "firefox,webkit").split(",").filter(Boolean);

export const firefoxBinary = process.env.FIREFOX || "/usr/bin/firefox-esr";
export const webkitDriver = process.env.WEBKIT_DRIVER || "/usr/bin/WebKitWebDriver";
export const miniBrowser = process.env.MINIBROWSER || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A phone's viewport, as in the Chromium tests.
const { width: phoneWidth, height: phoneHeight } = phone.viewport;

/// Opens a tab in `engine` ("firefox" or "webkit") at phone width (or
/// `width` × `height`), with its own fresh profile: no storage, no
/// worker, no cache from another tab. With `javaScript: false` the
/// engine runs no script of the site's. `firefoxPrefs` adds preferences
/// to Firefox's profile (WebKit has none). Close it with `tab.close()`.
export async function openTab(engine, { javaScript = true, width = phoneWidth, height = phoneHeight, firefoxPrefs = {} } = {}) {
  if (engine === "firefox") return firefoxTab({ javaScript, width, height, firefoxPrefs });
  if (engine === "webkit") return webkitTab({ javaScript, width, height });
  throw new Error(`unknown engine ${engine}: ENGINES takes firefox and webkit`);
}

/// A test named `name` per engine of `engines`: runs `check(tab)` in a
/// fresh tab (`options` as for `openTab`), closing it after. No page may
/// have had its policy refuse anything meanwhile (as the site `served()`
/// gives, served with `reportViolations`, heard), nor, where the engine
/// tells, its scripts throw.
export function inEachEngine(served, name, check, options) {
  for (const engine of engines) {
    test(`${engine}: ${name}`, async () => {
      const site = served();
      const tab = await openTab(engine, options);
      const reported = site.violations.length;
      const errors = pageErrors(tab);
      try {
        await check(tab);
      } finally {
        await tab.close();
      }
      assert.deepEqual(site.violations.slice(reported), [], "what the pages' policy refused");
      assert.deepEqual(errors, [], "what the pages' scripts threw");
    });
  }
}

/// What every tab offers, whatever drives it: `goto(url)` (waits for the
/// page's load), `url()`, `evaluate(fn, ...args)` (runs `fn` in the page,
/// awaits a promise it returns; plain data only: puppeteer gives an element
/// back as `undefined`), `waitFor(fn, ...args)` (until `fn` in the
/// page returns something true, across navigations; throws after 10 s
/// with `what`; `waitWithin(seconds, fn, ...args)` waits longer),
/// `click(selector)`, `type(selector, text)`,
/// `press(key)` (a key alone: "Shift", "Enter", "Escape", "Tab"),
/// `back()`, `screenshot(name)` (into target/browser/), `violations()`
/// (what the page's Content-Security-Policy refused, where the engine can
/// tell: Firefox always; WebKit only through `serveCourse`'s reports) and
/// `close()`.
class Tab {
  constructor(engine) {
    this.engine = engine;
  }

  async waitFor(fn, ...args) {
    return this.waitWithin(10, fn, ...args);
  }

  /// As `waitFor`, for up to `seconds`: for what takes longer than a
  /// page's script (a worker copying the site, the preview's rebuild).
  async waitWithin(seconds, fn, ...args) {
    return waitUntil((f, ...a) => this.evaluate(f, ...a), this.engine, seconds, fn, ...args);
  }

  /// Waits until the page at an address ending in `path` (before any
  /// "#") has loaded.
  async waitForPage(path) {
    return this.waitFor(
      (path) => location.href.split("#")[0].endsWith(path) && document.readyState === "complete",
      path,
      `the page ${path}`,
    );
  }
}

/// Asks `fn` through `evaluate` (a tab's, or that of another window of
/// its browser) until it returns something true, across navigations, and
/// returns that; throws after `seconds` naming `engine` and `what` (the
/// last of `args` when it is a string beyond `fn`'s own parameters).
export async function waitUntil(evaluate, engine, seconds, fn, ...args) {
  const what = typeof args[args.length - 1] === "string" && args.length > fn.length ? args.pop() : String(fn);
  const until = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      last = await evaluate(fn, ...args);
      if (last) return last;
    } catch (error) {
      // The page navigated while the check ran: ask the next one.
      last = error;
    }
    if (Date.now() > until) throw new Error(`${engine}: waited ${seconds} s for ${what} (last: ${last})`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/// The uncaught errors of the tab's pages, as they happen, where the
/// engine tells them: Firefox. WebKit's classic WebDriver has no log, so
/// there the list stays empty (check instead that a script ran to its end). Firefox ESR 140 also reports
/// `Permission denied to access property "length"` now and then from
/// puppeteer's own preload script (`evaluateOnNewDocument`, which
/// `openTab` uses to hear CSP refusals), on any page, the site's or a
/// blank one, never from the site's scripts: that one is left out.
export function pageErrors(tab) {
  const errors = [];
  tab.page?.on("pageerror", (e) => {
    if (!/^(Error: )?Permission denied to access property "length"$/.test(e.message)) errors.push(`${e.message} (${tab.page.url()})`);
  });
  return errors;
}

// ---------------------------------------------------------------- Firefox

const firefoxKeys = { Shift: "Shift", Enter: "Enter", Escape: "Escape", Tab: "Tab", ArrowDown: "ArrowDown" };

/// Listens for what the page's Content-Security-Policy refuses, from
/// before the page's own first script.
function listenForViolations() {
  window.__inductViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__inductViolations.push(`${e.violatedDirective} refused ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
  });
}

async function firefoxTab({ javaScript, width, height, firefoxPrefs }) {
  const profile = mkdtempSync(join(tmpdir(), "induct-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: firefoxBinary,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width, height },
    extraPrefsFirefox: {
      "javascript.enabled": javaScript,
      // Loopback only: no update checks, telemetry or captive-portal probes.
      "network.captive-portal-service.enabled": false,
      "network.connectivity-service.enabled": false,
      "app.update.enabled": false,
      "browser.shell.checkDefaultBrowser": false,
      "dom.security.https_only_mode": false,
      // Clipboard writes from a click, as a reader's would be allowed.
      "dom.events.asyncClipboard.clipboardItem": true,
      ...firefoxPrefs,
    },
  });
  const [page] = await browser.pages();
  // `defaultViewport` is not applied to the first page over BiDi.
  await page.setViewport({ width, height });
  await page.evaluateOnNewDocument(listenForViolations);
  const tab = new Tab("firefox");
  Object.assign(tab, {
    page,
    browser,
    goto: async (url) => {
      await page.goto(url, { waitUntil: "load" });
    },
    url: () => page.url(),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    click: async (selector) => {
      // puppeteer's own click scrolls the element into view and waits for
      // it there, which never ends with the page's scripts off (and under
      // the theme's smooth scrolling): bring it into view instantly, then
      // click the mouse at its centre.
      const at = await page.evaluate((selector) => {
        const element = document.querySelector(selector);
        if (!element) return null;
        element.scrollIntoView({ block: "center", behavior: "instant" });
        const r = element.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }, selector);
      if (!at) throw new Error(`firefox: nothing matches ${selector} to click`);
      await page.mouse.click(at.x, at.y);
    },
    type: async (selector, text) => {
      await page.type(selector, text);
    },
    press: async (key) => {
      await page.keyboard.press(firefoxKeys[key] ?? key);
    },
    back: async () => {
      // A page Firefox restores from its back-forward cache fires no load
      // event, which goBack would wait for: wait with `waitForPage`.
      await page.goBack({ timeout: 2000 }).catch(() => {});
    },
    screenshot: async (name) => {
      await page.screenshot({ path: shots(`firefox-${name}.png`), fullPage: false });
    },
    violations: async () => (javaScript ? page.evaluate(() => window.__inductViolations || []) : []),
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
  return tab;
}

// ----------------------------------------------------------------- WebKit

const webkitKeys = { Shift: Key.SHIFT, Enter: Key.ENTER, Escape: Key.ESCAPE, Tab: Key.TAB, ArrowDown: Key.ARROW_DOWN };

/// The X screen MiniBrowser draws on: the one in DISPLAY, or an Xvfb
/// started once for this process.
let display;
function xDisplay() {
  if (process.env.DISPLAY) return Promise.resolve(process.env.DISPLAY);
  display ??= new Promise((ok, fail) => {
    const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "ignore", "ignore", "pipe"],
    });
    xvfb.on("error", (error) => fail(new Error(`cannot start Xvfb for WebKit (install xvfb): ${error.message}`)));
    xvfb.stdio[3].on("data", (data) => ok(`:${String(data).trim()}`));
    xvfb.unref();
    process.on("exit", () => xvfb.kill());
  });
  return display;
}

/// MiniBrowser's window keeps its toolbar's width as its least width
/// (447 px); this GTK stylesheet shrinks the toolbar, never the page, so
/// the window can be as narrow as a phone.
let gtkConfig;
function narrowGtk() {
  if (!gtkConfig) {
    gtkConfig = mkdtempSync(join(tmpdir(), "induct-gtk-"));
    mkdirSync(join(gtkConfig, "gtk-3.0"));
    writeFileSync(join(gtkConfig, "gtk-3.0", "gtk.css"), "toolbar, toolbar *, headerbar, headerbar *, entry, button { min-width: 0; min-height: 0; padding: 0; margin: 0; font-size: 1px; }\n");
    process.on("exit", () => rmSync(gtkConfig, { recursive: true, force: true }));
  }
  return gtkConfig;
}

/// A free port on loopback.
function freePort() {
  return new Promise((ok) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/// Waits until WebKitWebDriver answers on `port`.
async function driverReady(port, driver) {
  const until = Date.now() + 15_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    const up = await new Promise((ok) => {
      const ask = request({ host: "127.0.0.1", port, path: "/status", timeout: 1000 }, (res) => {
        res.resume();
        ok(res.statusCode === 200);
      });
      ask.on("error", () => ok(false));
      ask.end();
    });
    if (up) return;
    if (Date.now() > until) throw new Error("WebKitWebDriver did not start within 15 s");
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

async function webkitTab({ javaScript, width, height }) {
  const port = await freePort();
  const env = { ...process.env, DISPLAY: await xDisplay(), XDG_CONFIG_HOME: narrowGtk() };
  const server = spawn(webkitDriver, [`--port=${port}`, "--host=127.0.0.1"], { env, stdio: ["ignore", "ignore", "inherit"] });
  server.on("error", () => {});
  await driverReady(port, server);
  const args = ["--automation", `--enable-javascript=${javaScript}`];
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}`)
    .withCapabilities({ browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: miniBrowser, args } })
    .build();
  await driver.manage().window().setRect({ width, height });
  const tab = new Tab("webkit");
  Object.assign(tab, {
    driver,
    goto: async (url) => {
      await driver.get(url);
    },
    url: () => driver.getCurrentUrl(),
    evaluate: (fn, ...args) => driver.executeScript(`return (${fn}).apply(null, arguments);`, ...args),
    click: async (selector) => {
      const element = await driver.findElement(By.css(selector));
      // WebKitWebDriver scrolls the element into view and at once tests
      // whether it can be clicked; under the theme's smooth scrolling it
      // is not there yet. Bring it into view instantly first.
      await driver.executeScript("arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' });", element);
      await element.click();
    },
    type: async (selector, text) => {
      await (await driver.findElement(By.css(selector))).sendKeys(text);
    },
    press: async (key) => {
      const k = webkitKeys[key] ?? key;
      await driver.actions().keyDown(k).keyUp(k).perform();
    },
    back: async () => {
      await driver.navigate().back();
    },
    screenshot: async (name) => {
      writeFileSync(shots(`webkit-${name}.png`), await driver.takeScreenshot(), "base64");
    },
    violations: async () => [],
    close: async () => {
      try {
        await driver.quit();
      } finally {
        server.kill();
      }
    },
  });
  return tab;
}
