// induct: this site is not kept offline. This worker replaces one that an
// earlier build (with `offline = true`) installed: it deletes that copy of
// the site, removes itself, and loads open pages again from the site.
"use strict";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const scope = self.registration.scope;
    for (const name of await caches.keys()) {
      if (name.startsWith("induct-") && name.endsWith(" " + scope)) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
  })());
});
