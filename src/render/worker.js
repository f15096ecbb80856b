// Installing copies every file the copy lacks (each checked against its
// hash, so a file caught half-published is never kept); files unchanged
// since the last build are kept, not fetched again. Then the site is
// served from the copy, the network only for what it lacks. A new build
// gives a new sw.js, which the browser finds on the reader's next visit:
// it installs, copies what changed, takes over, and drops what is gone.
"use strict";
const SCOPE = self.registration.scope; // the site root, ending in "/"
const ROOT = new URL(SCOPE).pathname;
const CACHE = "induct-1 " + SCOPE; // one copy per site, even on a shared host

// A file is kept under its address and hash: a changed file is a new entry.
const encode = (path) => path.split("/").map(encodeURIComponent).join("/");
const keyOf = (path) => new URL(encode(path) + "?induct=" + FILES.get(path), SCOPE).href;

self.addEventListener("install", (event) => {
  event.waitUntil(copySite().then(() => self.skipWaiting()));
});

// Fetches what the copy lacks, four files at a time. Being offline fails
// the install (it is tried again on a later visit, keeping what it got).
async function copySite() {
  const cache = await caches.open(CACHE);
  const paths = [...FILES.keys()];
  let at = 0;
  const next = async () => {
    while (at < paths.length) {
      const path = paths[at++];
      if (await cache.match(keyOf(path))) continue;
      let got = await fetchFile(path, "no-cache");
      if (!got.checked) got = await fetchFile(path, "reload");
      if (got.checked) await cache.put(keyOf(path), got.response);
    }
  };
  await Promise.all([next(), next(), next(), next()]);
}

// One file from the site; `checked` when its bytes are the ones this
// build made. Any other (a proxy's stale copy, a file not yet replaced
// on the server, a host that rewrites pages) is never kept: the page is
// then read from the network, and kept once it matches.
async function fetchFile(path, cache) {
  const response = await fetch(new URL(encode(path), SCOPE), { cache });
  const body = await response.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hex = Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  const type = response.headers.get("Content-Type");
  return {
    response: new Response(body, { status: response.status, headers: type ? { "Content-Type": type } : {} }),
    checked: response.ok && hex === FILES.get(path),
  };
}

// Taking over: drop the files of earlier builds and older copies.
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([...FILES.keys()].map(keyOf));
    const cache = await caches.open(CACHE);
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request);
    }
    for (const name of await caches.keys()) {
      if (name !== CACHE && name.startsWith("induct-") && name.endsWith(" " + SCOPE)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || !url.pathname.startsWith(ROOT)) return;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(ROOT.length));
  } catch (e) {
    return;
  }
  event.respondWith(answer(request, path, url, event));
});

// The copy's file for `path` (a page's `x/`, `x/index.html`, any query
// ignored: the site is static), else the network; offline, a page the
// site lacks gets the site's 404 page. A file fetched here is never
// added to the copy on its own: the copy is content only, the site's
// files, never shaped by what this reader read. Instead, the first page
// opened while the worker runs has it copy again every file the copy
// lacks (those the install could not check), whichever page that is.
let refill = null;
async function answer(request, path, url, event) {
  if (request.mode === "navigate" && !refill) {
    refill = copySite().catch(() => {});
    event.waitUntil(refill);
  }
  if (path === "index.html" || path.endsWith("/index.html")) path = path.slice(0, -10);
  if (!FILES.has(path) && FILES.has(path + "/") && path !== "") {
    // `x` for the page `x/`: its relative links need the slash.
    return Response.redirect(new URL(encode(path + "/") + url.search + url.hash, SCOPE).href, 301);
  }
  const cache = await caches.open(CACHE);
  try {
    if (!FILES.has(path)) return await fetch(request);
    const kept = await cache.match(keyOf(path));
    if (kept) return kept;
    return await fetch(request);
  } catch (error) {
    const missing = request.mode === "navigate" && FILES.has("404.html") && (await cache.match(keyOf("404.html")));
    if (!missing) return Response.error();
    return new Response(missing.body, { status: 404, statusText: "Not Found", headers: missing.headers });
  }
}
