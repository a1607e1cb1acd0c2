/* The kill switch (ANGEBOTE_OFFLINE = False): /sw.js becomes this worker. A phone that installed
 * the site's offline worker fetches it at its next visit; it deletes the site's caches and the
 * record of pages kept (workbox-expiration's database) and unregisters itself. No page registers
 * a worker any more. */
self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("angebote-") === 0; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase("workbox-expiration");
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
  }).then(function () {
    return self.registration.unregister();
  }));
});
