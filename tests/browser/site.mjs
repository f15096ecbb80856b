// Shared set-up of the browser tests: build a fixture course with the
// induct binary, serve it on loopback, start headless Chromium.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";

import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = process.env.INDUCT_BIN || join(repo, "target/debug/induct");
const shotsDir = join(repo, "target/browser");

/// A phone: 360 CSS pixels wide, touch, as trainees read the site.
export const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/// Pages of the default course that show each kind of page: a module, a
/// scenario step and its overview (with the map), a story, support/ (with
/// its filter) and links/.
export const samplePages = [
  "modules/first-months/",
  "scenarios/struggling-on-nights/running-on-empty/",
  "scenarios/struggling-on-nights/overview/",
  "stories/a-phased-return/",
  "support/",
  "links/",
];

/// Where a screenshot named `name` goes.
export function shots(name) {
  mkdirSync(shotsDir, { recursive: true });
  return join(shotsDir, name);
}

/// The Content-Type of a file by its extension, as the test server sends it.
export const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
};

/// Starts headless Chromium. With `bfcache`, back and forward restore
/// pages from the browser's cache without running their scripts again, as
/// real browsers do (playwright turns that off by default).
export function launch({ bfcache = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    ignoreDefaultArgs: bfcache ? ["--disable-back-forward-cache"] : [],
  });
}

/// Where fixture course `name` lives.
export function fixture(name) {
  return join(repo, "tests/fixtures/build", name);
}

/// The fixture courses, one folder each.
export function fixtureNames() {
  return readdirSync(join(repo, "tests/fixtures/build"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/// `openSite`'s name for the repository's own course, the default one.
export const DEFAULT_COURSE = "(the default course)";

/// Copies the repository's own course (the default induction course) into
/// `course`: what `induct build` reads of the repository root.
export function copyDefaultCourse(course) {
  for (const file of ["book.toml", "content", "links.lock"]) cpSync(join(repo, file), join(course, file), { recursive: true });
}

/// Builds a course into a temporary folder and serves it on loopback:
/// `copy(course)` fills the course folder (a build writes the course's
/// links.lock, so fixtures are never built in place), `today` builds as on
/// that date (stories' consent review dates), `prepare(course)` may change
/// the copy before it is built and `prefix` (`"induction/2026/"`) serves
/// the site under that sub-path. Returns the site: its output folder
/// `root`, the `course` built, `origin`, `url(path)`, `rebuild()` (builds
/// the copy again after a change to `site.course`), `unreachable(true)`
/// (the server drops every request, as if the network were gone) and
/// `close()`. With `reportViolations`, browsers report to the server what
/// each page's Content-Security-Policy refused, into `site.violations`.
export async function serveCourse(copy, { today, prepare, prefix = "", reportViolations = false } = {}) {
  const out = mkdtempSync(join(tmpdir(), "induct-browser-"));
  const root = join(out, "site");
  const course = join(out, "course");
  mkdirSync(course);
  copy(course);
  if (prepare) prepare(course);
  const env = today ? { ...process.env, INDUCT_TODAY: today } : process.env;
  const build = () => execFileSync(bin, ["build", course, "-d", root], { stdio: "inherit", env });
  build();
  let down = false;
  const base_url = readFileSync(join(course, "book.toml"), "utf8").match(/^\s*base_url\s*=\s*"([^"]+)"/m);
  const published = base_url ? new URL(base_url[1].replace(/\/?$/, "/")).pathname : null;
  const violations = [];
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    if (req.url === reportPath && req.method === "POST") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        violations.push(cspReport(body));
        res.writeHead(204).end();
      });
      return;
    }
    let path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    if (!path.startsWith("/" + prefix)) {
      res.writeHead(404).end();
      return;
    }
    path = "/" + path.slice(1 + prefix.length);
    // 404.html links to its stylesheet by the path of base_url, where the
    // site is published: answer there too.
    if (published && path.startsWith(published)) path = "/" + path.slice(published.length);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(400).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      const headers = { "Content-Type": types[extname(file)] || "application/octet-stream" };
      if (reportViolations && extname(file) === ".html") reportOnly(headers, body);
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { "Content-Type": types[".html"] }).end(readFileSync(join(root, "404.html")));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    root,
    course,
    origin: base.slice(0, -1),
    url: (path) => base + prefix + path,
    rebuild: build,
    violations,
    unreachable: (value) => {
      down = value;
    },
    close: async () => {
      await new Promise((ok) => server.close(ok));
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/// Where a served page's browser reports what its policy refused.
const reportPath = "/__induct-csp-report";

/// Asks the browser to report to the test's server whatever the page's
/// own Content-Security-Policy (its `<meta>`) refuses: the same policy,
/// sent again as a report-only header (a `<meta>` policy cannot report).
function reportOnly(headers, body) {
  const policy = String(body).match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  if (policy) headers["Content-Security-Policy-Report-Only"] = `${policy[1]}; report-uri ${reportPath}`;
}

/// One report a browser sent, as a line: the directive, what it refused
/// and on which page.
function cspReport(body) {
  try {
    const report = JSON.parse(body)["csp-report"];
    return `${report["violated-directive"]} refused ${report["blocked-uri"] || "inline"} on ${report["document-uri"]}`;
  } catch {
    return `a report that is not JSON: ${body.slice(0, 200)}`;
  }
}

/// The course's `base_url` (with a final "/"), where absolute links in the
/// output point (those of 404.html, which is served at any depth), or null.
export function baseUrl(site) {
  const m = readFileSync(join(site.course, "book.toml"), "utf8").match(/^\s*base_url\s*=\s*"([^"]+)"/m);
  return m ? m[1].replace(/\/?$/, "/") : null;
}

/// Serves the addresses under the course's base_url from the built output
/// to every page of `context` (a browser context or page), so a page that
/// links there absolutely (404.html) finds its styles without the network.
export async function servePublished(context, site) {
  const published = baseUrl(site);
  if (!published) return;
  await context.route(
    (url) => url.href.startsWith(published),
    (route) => route.fulfill({ path: publishedFile(site, route.request().url()) }),
  );
}

/// The file of the output that `url`, under the course's base_url, names.
export function publishedFile(site, url) {
  const path = decodeURIComponent(new URL(url).pathname.slice(new URL(baseUrl(site)).pathname.length));
  const file = join(site.root, path);
  return path === "" || path.endsWith("/") || !path.split("/").pop().includes(".") ? join(file, "index.html") : file;
}

/// Every HTML file of a built site under `root`: the path to ask the
/// server for ("" for the home page, "x/" for x/index.html, "404.html"),
/// and whether it is a page that moved (it sends the reader on by itself).
export function htmlPages(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".html")) {
        const rel = relative(root, file).split(sep).join("/");
        const path = rel === "index.html" ? "" : rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
        found.push({ path, moved: /<meta http-equiv="refresh"/i.test(readFileSync(file, "utf8")) });
      }
    }
  };
  walk(root);
  return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/// Starts the preview, `induct serve`, on a copy of fixture `name` in a
/// temporary folder, on a free port of loopback. Returns the copy's
/// `course` folder, the preview's address `base` (ending in "/") and
/// `close()`, which stops the preview and removes the copy.
export async function servePreview(name) {
  const course = mkdtempSync(join(tmpdir(), "induct-serve-"));
  cpSync(fixture(name), course, { recursive: true });
  return previewOf(course);
}

/// `induct serve` on the course folder `course` (a temporary folder,
/// removed by `close`), on a free port: `{ course, base, close }`.
export async function previewOf(course) {
  const server = spawn(bin, ["serve", "--port", "0", course], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  const close = () => {
    server.kill();
    rmSync(course, { recursive: true, force: true });
  };
  try {
    const base = await new Promise((resolve, reject) => {
      let seen = "";
      server.stderr.on("data", (chunk) => {
        seen += chunk;
        const m = seen.match(/ at (http:\/\/127\.0\.0\.1:\d+\/)/);
        if (m) resolve(m[1]);
      });
      server.on("exit", () => reject(new Error(`serve stopped: ${seen}`)));
    });
    return { course, base, close };
  } catch (error) {
    close();
    throw error;
  }
}

/// Builds a copy of tests/fixtures/build/<name> (see `serveCourse` for the
/// options), serves it and starts Chromium.
export async function openSite(name, options = {}) {
  const copy = name === DEFAULT_COURSE ? copyDefaultCourse : (course) => cpSync(fixture(name), course, { recursive: true });
  const site = await serveCourse(copy, options);
  const browser = await launch();
  return { site, browser };
}

/// For a test file that shares one site: builds and serves fixture `name`
/// (see `openSite`) before its tests, closes both after. Returns the
/// holder whose `site` and `browser` are set once they are ready.
export function sharedSite(name, options = {}) {
  const shared = { site: null, browser: null };
  before(async () => Object.assign(shared, await openSite(name, options)));
  after(async () => {
    await shared.browser?.close();
    await shared.site?.close();
  });
  return shared;
}

/// A neutral website on another port, where Exit this page leads (its
/// page is `url`), recording what it was asked. Its answer waits while
/// `hold()` is in force, until `release()`.
export async function neutralSite() {
  const asked = [];
  let held = null;
  const server = createServer(async (req, res) => {
    asked.push({ url: req.url, referer: req.headers.referer });
    if (held && req.url === "/weather") await held.promise;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<!DOCTYPE html><title>Weather</title><h1>Weather</h1>");
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/weather`;
  return {
    url,
    /// The referrer of each visit to the page (not its favicon).
    visits: () => asked.filter((r) => r.url === "/weather").map((r) => r.referer),
    hold: () => {
      let release;
      const promise = new Promise((ok) => (release = ok));
      held = { promise, release };
    },
    release: () => {
      held?.release();
      held = null;
    },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
