// The field app's service worker (scope /field/). It keeps:
// - the app shell and Leaflet (from /vendor/, Debian's copy), cached at install and served from
//   the cache first, refreshed in the background;
// - the officer's last data: every GET under /api/v1/ the app makes (tasks, nearby cases and
//   shops, dossiers opened, the catalogue) goes to the network first and is kept, so offline the
//   last answer is served instead.
// Writes (POST) are never cached nor replayed here: the page queues them in IndexedDB with their
// idempotency keys (queue.js) and sends them itself.
"use strict";
const VERSION = "field-v1";
const SHELL = `${VERSION}-shell`, DATA = `${VERSION}-data`;
const SHELL_FILES = [
  "/field/", "/field/field.css", "/field/strings.js", "/field/queue.js", "/field/field.js",
  "/vendor/leaflet/leaflet.min.js", "/vendor/leaflet/leaflet.css",
  "/vendor/leaflet/images/marker-icon.png", "/vendor/leaflet/images/marker-icon-2x.png", "/vendor/leaflet/images/marker-shadow.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (!name.startsWith(VERSION)) await caches.delete(name);
    await self.clients.claim();
  })());
});

function offlineProblem() {
  return new Response(JSON.stringify({ type: "urn:citygrid:problem:offline", title: "Offline", status: 503,
                                       detail: "no network and nothing kept for this request" }),
                      { status: 503, headers: { "Content-Type": "application/problem+json" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) {
    // Network first, the last answer when offline. Only answers that worked are kept.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(DATA).then((cache) => cache.put(request, copy)));
        }
        return response;
      } catch (_) {
        const cached = await caches.match(request, { cacheName: DATA, ignoreVary: true });
        if (!cached) return offlineProblem();
        // Marked, so the page can say its list is the last one kept.
        const headers = new Headers(cached.headers);
        headers.set("X-Field-Cache", "hit");
        return new Response(cached.body, { status: cached.status, headers });
      }
    })());
    return;
  }
  if (url.pathname.startsWith("/field/") || url.pathname.startsWith("/vendor/leaflet/")) {
    // Cache first (the page opens at once, online or not), refreshed in the background.
    const key = url.pathname === "/field/index.html" ? "/field/" : request;
    event.respondWith((async () => {
      const cached = await caches.match(key, { cacheName: SHELL, ignoreSearch: true });
      const refresh = fetch(request).then(async (response) => {
        if (response.ok) await (await caches.open(SHELL)).put(key, response.clone());
        return response;
      }).catch(() => null);
      if (cached) {
        event.waitUntil(refresh);
        return cached;
      }
      return (await refresh) || offlineProblem();
    })());
  }
});
