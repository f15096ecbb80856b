// A trainee opens the built site straight from disk (file://, no server):
// every kind of link leads to the page it names, and nothing fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { bin, launch, phone, repo, shots } from "./site.mjs";

let browser;
let out;

before(async () => {
  out = mkdtempSync(join(tmpdir(), "induct-disk-"));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/// Builds a copy of a course (the repository's own, or a fixture's) and
/// gives the file:// URL of a path in the site.
function buildCopy(name, files) {
  const course = join(out, name, "course");
  for (const [from, to] of files) cpSync(from, join(course, to), { recursive: true });
  const site = join(out, name, "site");
  execFileSync(bin, ["build", course, "-d", site], { stdio: "inherit", env: { ...process.env, INDUCT_TODAY: "2026-12-03" } });
  return (path) => {
    const [file, fragment] = path.split("#");
    return pathToFileURL(join(site, file)).href + (fragment === undefined ? "" : "#" + fragment);
  };
}

/// A page that records every failed request and every error, and a way
/// to click a link and wait for the page it leads to.
async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("pageerror", (e) => problems.push(`error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  const follow = async (link) => {
    await Promise.all([page.waitForEvent("load"), link.click()]);
  };
  return { page, problems, follow };
}

test("the default course works opened from disk", async () => {
  const at = buildCopy("default", ["book.toml", "content", "links.lock"].map((f) => [join(repo, f), f]));
  const context = await browser.newContext(phone);
  const { page, problems, follow } = await open(context);
  await page.goto(at("index.html"));
  assert.match(await page.title(), /^Starting well/);

  // A module, from the home page's list; its pager; a breadcrumb.
  await follow(page.locator("main").getByRole("link", { name: "Stigma and asking for help" }).first());
  assert.equal(page.url(), at("modules/stigma/index.html"));
  assert.equal(await page.locator("h1").textContent(), "Stigma and asking for help");
  await follow(page.locator(".pager .next"));
  assert.equal(page.url(), at("modules/hidden-curriculum/index.html"));
  await follow(page.locator(".breadcrumbs a").last());
  assert.equal(page.url(), at("modules/index.html"));

  // The header's "Need help now?", then the support page's filter.
  await follow(page.locator(".help-now"));
  assert.equal(page.url(), at("support/index.html#now"));
  assert.ok(await page.locator("#now").isVisible());
  const services = page.locator(".service[data-tags]");
  const all = await services.count();
  await page.locator(".support-filter button").nth(1).click();
  const shown = await page.locator(".service[data-tags]:visible").count();
  assert.ok(shown > 0 && shown < all, `${shown} of ${all} shown`);

  // A scenario: its start, a choice, the next step with its feedback; the overview.
  await page.goto(at("scenarios/index.html"));
  await follow(page.locator("main").getByRole("link", { name: "Struggling on nights" }).first());
  assert.equal(page.url(), at("scenarios/struggling-on-nights/index.html"));
  await follow(page.locator(".scenario-choices a").first());
  assert.match(page.url(), /scenarios\/struggling-on-nights\/a-harder-week\/index\.html#/);
  assert.ok(await page.locator(".scenario-feedback:target").isVisible(), "the feedback of the choice");
  await page.screenshot({ path: shots("disk-scenario-step-phone.png"), fullPage: true });
  await page.goto(at("scenarios/struggling-on-nights/overview/index.html"));
  await follow(page.getByRole("link", { name: "Walk through it step by step" }));
  assert.equal(page.url(), at("scenarios/struggling-on-nights/index.html"));

  // A story, opened on purpose.
  await page.goto(at("stories/index.html"));
  await follow(page.locator("main .cards a").first());
  assert.match(page.url(), /stories\/[a-z-]+\/index\.html$/);
  await page.locator("details.story-body > summary").click();
  assert.ok(await page.locator("details.story-body[open]").count());

  // links/ (from the footer), and a page from its list.
  await follow(page.locator(".site-footer a", { hasText: "Links to share" }));
  assert.equal(page.url(), at("links/index.html"));
  await follow(page.locator(".link-group h2 a").nth(2));
  assert.match(page.url(), /index\.html$/);

  // A short link's page sends the reader on to the section it names.
  await page.goto(at("go/psu/index.html"));
  await page.waitForURL(at("support/index.html#psu"));

  // Search opened from disk: the lead adds its assertion here.

  assert.deepEqual(problems, []);
  await context.close();
});

const courses = {
  default: ["book.toml", "content", "links.lock"].map((f) => [join(repo, f), f]),
  ...Object.fromEntries(["basic", "scenarios", "stories", "support"].map((name) => [name, [[join(repo, "tests/fixtures/build", name), "."]]])),
};

for (const [name, files] of Object.entries(courses)) {
  test(`every link of the ${name} course leads to a file opened from disk`, async () => {
    const at = buildCopy(`crawl-${name}`, files);
    const context = await browser.newContext();
    const { page, problems } = await open(context);
    // Every page of the site, reached by following links from home.
    const seen = new Set();
    const queue = [at("index.html")];
    while (queue.length) {
      const url = queue.shift();
      if (seen.has(url)) continue;
      seen.add(url);
      await page.goto(url);
      const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.href));
      for (const href of links) {
        if (!href.startsWith("file:")) continue;
        const target = href.split("#")[0];
        assert.ok(!target.endsWith("/"), `${url} links to a folder: ${href}`);
        assert.ok(existsSync(fileURLToPath(target)), `${url} links to a missing file: ${href}`);
        if (target.endsWith(".html") && !seen.has(target)) queue.push(target);
      }
    }
    assert.ok(seen.size > 3, [...seen].join("\n"));
    assert.deepEqual(problems, []);
    await context.close();
  });
}
