// The offline worker in Firefox and WebKit, at phone width: served over
// http on loopback, the default course (built with `offline = true`)
// installs its worker on the first visit, which copies every file of the
// site; with the network gone, a page read before and a page never opened
// both come from the copy, and an address the site lacks gets its 404
// page. Opened from disk, where no engine lets a page register a worker,
// the site works without one and without an error.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { copyDefaultCourse, serveCourse } from "../site.mjs";
import { engines, openTab, pageErrors } from "./engines.mjs";

let site;
before(async () => {
  site = await serveCourse(copyDefaultCourse, { reportViolations: true });
});
after(async () => {
  await site?.close();
});

/// The addresses sw.js lists, with their hashes.
function listed() {
  const text = readFileSync(join(site.root, "sw.js"), "utf8");
  return new Map(JSON.parse(text.match(/new Map\((.*)\);\n/)[1]));
}

/// In the page: whether the worker at the site's root is active and
/// controls the page, and its copy holds exactly `want` (the addresses
/// with `?induct=` and their hash, as the worker keys them); throws
/// what is missing otherwise.
async function installed(want) {
  const root = new URL("../", document.querySelector('script[src$="assets/induct.js"]').src).href;
  const reg = await navigator.serviceWorker.getRegistration(root);
  if (!reg || !reg.active || reg.active.state !== "activated") throw new Error(`no active worker (${reg ? reg.installing?.state || reg.waiting?.state || "registered" : "none"})`);
  if (!navigator.serviceWorker.controller) throw new Error("the worker does not control the page");
  const cache = await caches.open("induct-1 " + root);
  const have = new Set((await cache.keys()).map((r) => r.url.slice(root.length)));
  const lacking = want.filter((key) => !have.has(key));
  if (lacking.length || have.size !== want.length) throw new Error(`the copy has ${have.size} files, lacks ${lacking.length} of ${want.length} (${lacking.slice(0, 3).join(" ")})`);
  return true;
}

/// In the page: its h1, whether the worker controls it and whether the
/// theme's script ran to its end (it marks <html> for printing last but
/// a few steps, after asking for the worker).
function seen() {
  return {
    h1: document.querySelector("h1")?.textContent.trim(),
    controlled: !!navigator.serviceWorker?.controller,
    ran: document.documentElement.hasAttribute("data-print-links"),
  };
}

for (const engine of engines) {
  describe(engine, () => {
    test("the worker installs, and serves a page read before and one never opened with the network off", async (t) => {
      const tab = await openTab(engine);
      const errors = pageErrors(tab);
      t.after(async () => {
        site.unreachable(false);
        await tab.close();
      });
      const files = listed();
      assert.ok(files.has("") && files.has("support/") && files.has("404.html") && files.has("assets/induct.js"), [...files.keys()].join(" "));
      await tab.goto(site.url("modules/first-months/"));
      assert.ok(await tab.evaluate(() => "serviceWorker" in navigator && window.isSecureContext), `${engine} offers workers to http://127.0.0.1`);
      const want = [...files].map(([path, hash]) => `${path}?induct=${hash}`);
      // The worker copies the whole site before it takes over: longer than a
      // page's script on a busy machine.
      await tab.waitWithin(60, installed, want, "the worker to copy the site");
      await tab.screenshot("offline-installed-phone");

      site.unreachable(true);
      // A page read before, its address again.
      await tab.goto(site.url("modules/first-months/"));
      const before = await tab.evaluate(seen);
      assert.deepEqual(before, { h1: "Your first months", controlled: true, ran: true });
      // Pages never opened, by their address and by their index.html.
      await tab.goto(site.url("support/"));
      assert.deepEqual(await tab.evaluate(seen), { h1: "Where to get help", controlled: true, ran: true });
      await tab.goto(site.url("stories/a-phased-return/index.html"));
      assert.match(await tab.evaluate(() => document.title), /phased return/i);
      // An address the site lacks: its 404 page, from the copy.
      await tab.goto(site.url("no/such/page/"));
      assert.equal(await tab.evaluate(() => document.querySelector("h1")?.textContent.trim()), "Page not found");
      await tab.goto(site.url(""));
      await tab.screenshot("offline-home-network-off-phone");
      site.unreachable(false);

      assert.deepEqual(errors, []);
      assert.deepEqual(await tab.violations(), []);
      assert.deepEqual(site.violations, []);
    });

    test("opened from disk, the site works without a worker and without an error", async (t) => {
      const tab = await openTab(engine);
      const errors = pageErrors(tab);
      t.after(() => tab.close());
      await tab.goto(pathToFileURL(join(site.root, "modules/first-months/index.html")).href);
      const page = await tab.evaluate(() => ({
        h1: document.querySelector("h1")?.textContent.trim(),
        offline: document.documentElement.hasAttribute("data-offline"),
        controlled: !!navigator.serviceWorker?.controller,
        ran: document.documentElement.hasAttribute("data-print-links"),
        // Links to folders point at their index.html: the script ran on.
        home: document.querySelector("a.site-title")?.getAttribute("href"),
      }));
      assert.equal(page.h1, "Your first months");
      assert.equal(page.offline, true, "the page asks for the worker where it can");
      assert.equal(page.controlled, false);
      assert.equal(page.ran, true, "the theme's script ran to its end");
      assert.match(page.home, /index\.html/);
      // Nothing registered either: asking about workers from disk may
      // itself be refused, which is the engine saying it has none.
      const regs = await tab.evaluate(() =>
        navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then((r) => r.length, (e) => `refused: ${e.name}`) : "no navigator.serviceWorker",
      );
      assert.ok(regs === 0 || typeof regs === "string", `registrations from disk: ${regs}`);
      await tab.screenshot("offline-from-disk-phone");
      assert.deepEqual(errors, []);
      assert.deepEqual(await tab.violations(), []);
    });
  });
}
