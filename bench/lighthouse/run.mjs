// Lighthouse scores of the default course, for README: builds the course
// with the release binary, serves it on loopback as a plain static host
// would (gzip for text, no cache headers), and runs Lighthouse (mobile:
// its default emulated phone and throttled network) on one page of each
// kind. A measurement, not a test: run it by hand after changing the theme.
//
//   npm ci --prefix bench/lighthouse && node bench/lighthouse/run.mjs
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const out = mkdtempSync(join(tmpdir(), "induct-lighthouse-"));
const root = join(out, "site");
execFileSync("cargo", ["run", "--release", "--quiet", "--", "build", repo, "-d", root], { cwd: repo, stdio: "inherit" });

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root + sep) && file !== root) return res.writeHead(400).end();
  let status = 200;
  try {
    if (statSync(file).isDirectory()) file = join(file, "index.html");
    statSync(file);
  } catch {
    file = join(root, "404.html");
    status = 404;
  }
  let body = readFileSync(file);
  const type = types[extname(file)] || "application/octet-stream";
  const headers = { "Content-Type": type };
  if (/text|javascript|svg|xml/.test(type) && /gzip/.test(req.headers["accept-encoding"] || "")) {
    body = gzipSync(body);
    headers["Content-Encoding"] = "gzip";
  }
  res.writeHead(status, headers).end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const pages = [
  ["home", ""],
  ["module", "modules/stigma/"],
  ["scenario step", "scenarios/struggling-on-nights/"],
  ["story", "stories/a-phased-return/"],
  ["support", "support/"],
  ["search", "search/?q=peer+support"],
];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
const reports = join(here, "reports");
mkdirSync(reports, { recursive: true });
const categories = ["performance", "accessibility", "best-practices", "seo"];
const rows = [];
try {
  for (const [name, path] of pages) {
    const result = await lighthouse(base + path, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories });
    writeFileSync(join(reports, `${name.replace(/ /g, "-")}.json`), result.report);
    const lhr = result.lhr;
    const scores = categories.map((c) => Math.round((lhr.categories[c].score ?? 0) * 100));
    const cls = lhr.audits["cumulative-layout-shift"].numericValue;
    const lcp = lhr.audits["largest-contentful-paint"].numericValue;
    rows.push([name, path || "/", ...scores, cls.toFixed(3), (lcp / 1000).toFixed(1) + " s"]);
    for (const c of categories) {
      for (const ref of lhr.categories[c].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.error(`  ${name}: ${c}: ${audit.id} ${audit.score} ${audit.displayValue ?? ""}`);
        }
      }
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log("| page | path | performance | accessibility | best practices | SEO | layout shift | largest paint |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
