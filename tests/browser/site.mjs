// Shared set-up of the browser tests: build a fixture course with the
// induct binary, serve it on loopback, start headless Chromium.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = process.env.INDUCT_BIN || join(repo, "target/debug/induct");
const shotsDir = join(repo, "target/browser");

/// A phone: 360 CSS pixels wide, touch, as trainees read the site.
export const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/// Where a screenshot named `name` goes.
export function shots(name) {
  mkdirSync(shotsDir, { recursive: true });
  return join(shotsDir, name);
}

const types = {
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

/// `openSite`'s name for the repository's own course, the default one.
export const DEFAULT_COURSE = "(the default course)";

/// Builds a copy of tests/fixtures/build/<name>, or of the default course
/// (a build writes the course's links.lock; fixtures stay as committed), serves it and starts
/// Chromium. `today` builds as on that date (stories' consent review
/// dates); `prepare(course)` may change the copy before it is built;
/// `prefix` (`"induction/2026/"`) serves the site under that sub-path.
/// `site.rebuild()` builds the copy again (after changing `site.course`);
/// `site.unreachable(true)` makes the server drop every request, as if
/// the network were gone.
export async function openSite(name, { today, prepare, prefix = "" } = {}) {
  const out = mkdtempSync(join(tmpdir(), "induct-browser-"));
  const root = join(out, "site");
  const course = join(out, "course");
  if (name === DEFAULT_COURSE) {
    for (const part of ["book.toml", "links.lock", "content", "themes"]) {
      cpSync(join(repo, part), join(course, part), { recursive: true });
    }
  } else {
    cpSync(join(repo, "tests/fixtures/build", name), course, { recursive: true });
  }
  if (prepare) prepare(course);
  const env = today ? { ...process.env, INDUCT_TODAY: today } : process.env;
  const build = () => execFileSync(bin, ["build", course, "-d", root], { stdio: "inherit", env });
  build();
  let down = false;
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    let path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    if (!path.startsWith("/" + prefix)) {
      res.writeHead(404).end();
      return;
    }
    path = "/" + path.slice(1 + prefix.length);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(400).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "Content-Type": types[".html"] }).end(readFileSync(join(root, "404.html")));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launch();
  const site = {
    root,
    origin: base.slice(0, -1),
    course,
    url: (path) => base + prefix + path,
    rebuild: build,
    unreachable: (value) => {
      down = value;
    },
    close: async () => {
      await new Promise((ok) => server.close(ok));
      rmSync(out, { recursive: true, force: true });
    },
  };
  return { site, browser };
}
