// Page loads of a running `induct serve` in headless Chromium: one tab, a
// first page to open the connection, then each page given, with the
// browser's navigation timing of each (load: start to the end of the load
// event; network: request sent to response received, and download: first
// byte of the response to the last, summed over the page and its files).
// Prints JSON on stdout.
//
//   node bench/serve_pages.mjs http://127.0.0.1:3000/ modules/first-months/ support/ ...
//
// Used by bench/serve_http.py; needs `npm ci --prefix tests/browser` and
// Chromium at $CHROMIUM or /usr/bin/chromium.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), "../tests/browser/package.json"));
const { chromium } = require("playwright-core");

const [base, ...pages] = process.argv.slice(2);
if (!base || pages.length === 0) {
  console.error("usage: node bench/serve_pages.mjs BASE_URL PAGE...");
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), "induct-bench-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const tab = context.pages()[0] || (await context.newPage());
  await tab.goto(base, { waitUntil: "load" });
  const loads = [];
  for (const page of pages) {
    await tab.goto(base + page, { waitUntil: "load" });
    // loadEventEnd is set just after the load event: wait for it.
    await tab.waitForFunction(() => performance.getEntriesByType("navigation")[0]?.loadEventEnd > 0);
    const t = await tab.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      const resources = performance.getEntriesByType("resource").filter((r) => !r.name.includes("/__induct/poll"));
      // For the page and each file it loads: from the request sent to the
      // response received, and from the first byte of the response to the
      // last (where an answer whose body waits behind its head shows).
      const all = [n, ...resources];
      const sum = (f) => all.reduce((total, e) => total + Math.max(0, f(e)), 0);
      return {
        load_ms: n.loadEventEnd - n.startTime,
        network_ms: sum((e) => e.responseEnd - e.requestStart),
        download_ms: sum((e) => e.responseEnd - e.responseStart),
        requests: all.length,
      };
    });
    loads.push({ page, ...t });
  }
  console.log(JSON.stringify({ loads }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
