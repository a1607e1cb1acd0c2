/* The site's offline worker. outputs/offline.py writes /sw.js as Workbox's runtime, then
 * "var OFFLINE = {…}" (the build's date and each language's offline set: entries with revisions,
 * bytes, version, prefix, home and offer page), then this file.
 *
 * - Pages visited: network first, kept for a while (60 pages, 30 days), and so what they load.
 * - "Für offline speichern" (the page posts {type: "speichern", lang}): the language's set goes
 *   into a cache of its own through a Workbox PrecacheController; from then on it is answered
 *   from there, connection or not.
 * - A new build changes this file (the manifest is in it): its install downloads, for each
 *   language saved before, only the entries whose revision changed; activate removes what is gone
 *   and tells the open pages ("aktualisiert").
 * - A page not stored, without a connection: the language's page <prefix>offline/ (an
 *   offer's essentials from the stored data, or what works offline).
 * Plain ES2017, for old phones. All the site's caches begin with "angebote-" (the kill switch and
 * the privacy page's button remove those). */
(function () {
  "use strict";
  var wb = self.workbox;
  var PREFIX = "angebote-";
  var SAVED = PREFIX + "gespeichert"; // which languages were saved: {code: {date, version}}
  var SAVED_KEY = new URL("offline-gespeichert.json", self.registration.scope).href;
  var DAYS_30 = 30 * 24 * 60 * 60;
  var languages = OFFLINE.languages;
  var scopePath = new URL(self.registration.scope).pathname;
  var controllers = {};

  Object.keys(languages).forEach(function (code) {
    var controller = new wb.precaching.PrecacheController({ cacheName: PREFIX + "offline-" + code });
    controller.addToCacheList(languages[code].entries);
    controllers[code] = controller;
  });

  /* What is kept of what the family opens: pages (HTML, not a PDF or a spreadsheet opened from a
   * link) and what pages load (scripts, styles, images, fonts, JSON), each whole (status 200). */
  function keeps(request, response) {
    var type = response.headers.get("Content-Type") || "";
    if (response.status !== 200) { return false; }
    if (request.mode === "navigate") { return type.indexOf("text/html") === 0; }
    return ["script", "style", "image", "font"].indexOf(request.destination) >= 0 || type.indexOf("application/json") === 0;
  }

  var expirations = [];
  function kept(name) {
    var expiration = new wb.expiration.ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: DAYS_30, purgeOnQuotaError: true });
    expirations.push(expiration);
    return new wb.strategies.NetworkFirst({ cacheName: PREFIX + name, plugins: [
      { cacheWillUpdate: function (param) { return Promise.resolve(keeps(param.request, param.response) ? param.response : null); } },
      expiration] });
  }
  var visitedPages = kept("seiten");
  var visitedFiles = kept("dateien");

  /* The privacy page's "Offline-Daten löschen": the pages kept and their record, every saved
   * language, and this worker. */
  function removeAll() {
    return Promise.all(expirations.map(function (expiration) { return expiration.deleteCacheAndMetadata(); }))
      .then(function () { return caches.keys(); })
      .then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0; })
          .map(function (name) { return caches.delete(name); }));
      }).then(function () {
        savedNow = null;
        return self.registration.unregister();
      });
  }

  var savedNow = null;
  function readSaved() {
    if (!savedNow) {
      savedNow = caches.open(SAVED).then(function (cache) { return cache.match(SAVED_KEY); })
        .then(function (response) { return response ? response.json() : {}; })
        .then(function (saved) { // only languages this build still has
          var known = {};
          Object.keys(saved).forEach(function (code) { if (controllers[code]) { known[code] = saved[code]; } });
          return known;
        });
    }
    return savedNow;
  }
  function writeSaved(saved) {
    savedNow = Promise.resolve(saved);
    return caches.open(SAVED).then(function (cache) {
      return cache.put(SAVED_KEY, new Response(JSON.stringify(saved), { headers: { "Content-Type": "application/json" } }));
    });
  }

  /* A PrecacheController fills its cache only in an install event: outside one (a page's message)
   * it is handed the message event as one, whose lifetime it extends. */
  function asInstall(event) {
    return { type: "install", waitUntil: function (promise) { event.waitUntil(promise); } };
  }

  function inTurn(codes, step) {
    return codes.reduce(function (done, code) { return done.then(function () { return step(code); }); }, Promise.resolve());
  }

  self.addEventListener("install", function (event) {
    // the languages saved with the worker before: only what changed is downloaded
    event.waitUntil(readSaved().then(function (saved) {
      return inTurn(Object.keys(saved), function (code) { return controllers[code].install(event); });
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(readSaved().then(function (saved) {
      var codes = Object.keys(saved);
      var updated = codes.filter(function (code) { return saved[code].version !== languages[code].version; });
      return inTurn(codes, function (code) { return controllers[code].activate(event); }).then(function () {
        return caches.keys();
      }).then(function (names) { // languages no longer saved or no longer built
        var wanted = codes.map(function (code) { return PREFIX + "offline-" + code; });
        return Promise.all(names.filter(function (name) {
          return name.indexOf(PREFIX + "offline-") === 0 && wanted.indexOf(name) < 0;
        }).map(function (name) { return caches.delete(name); }));
      }).then(function () {
        updated.forEach(function (code) { saved[code] = { date: OFFLINE.date, version: languages[code].version }; });
        return writeSaved(saved);
      }).then(function () {
        return self.clients.claim();
      }).then(function () {
        return self.clients.matchAll({ type: "window" });
      }).then(function (clients) {
        clients.forEach(function (client) {
          updated.forEach(function (code) { client.postMessage({ type: "aktualisiert", lang: code, saved: OFFLINE.date }); });
        });
      });
    }));
  });

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    var code = data.lang;
    var client = event.source;
    if (data.type === "loeschen" && event.ports[0]) {
      var port = event.ports[0];
      var done = function () { port.postMessage("geloescht"); };
      event.waitUntil(removeAll().then(done, done));
      return;
    }
    if (typeof code !== "string" || !Object.prototype.hasOwnProperty.call(languages, code) || !client) { return; }
    if (data.type === "stand") {
      event.waitUntil(readSaved().then(function (saved) {
        client.postMessage(saved[code] ? { type: "stand", lang: code, saved: saved[code].date }
          : { type: "stand", lang: code, bytes: languages[code].bytes });
      }));
    } else if (data.type === "speichern") {
      var install = asInstall(event);
      event.waitUntil(controllers[code].install(install).then(function () {
        return controllers[code].activate(install);
      }).then(readSaved).then(function (saved) {
        saved[code] = { date: OFFLINE.date, version: languages[code].version };
        return writeSaved(saved);
      }).then(function () {
        client.postMessage({ type: "gespeichert", lang: code, saved: OFFLINE.date });
      }, function () {
        client.postMessage({ type: "fehler", lang: code });
      }));
    }
  });

  /* The language of a path below the scope: the longest prefix it begins with ("" for the first). */
  function languageOf(path) {
    var found = null;
    Object.keys(languages).forEach(function (code) {
      var prefix = languages[code].prefix;
      if (path.indexOf(prefix) === 0 && (found === null || prefix.length > languages[found].prefix.length)) { found = code; }
    });
    return found;
  }

  /* What a saved language's cache holds for url (undefined: none). */
  function stored(url, saved) {
    var codes = Object.keys(saved);
    function next(index) {
      if (index >= codes.length) { return Promise.resolve(undefined); }
      return controllers[codes[index]].matchPrecache(url).then(function (response) { return response || next(index + 1); });
    }
    return next(0);
  }

  /* Without a connection, a page neither saved nor visited: the offline page of its language (or
   * of a language saved). */
  function offlinePage(url, saved) {
    var code = languageOf(url.pathname.slice(scopePath.length));
    var codes = (saved[code] ? [code] : []).concat(Object.keys(saved));
    if (!codes.length) { return Response.error(); }
    return controllers[codes[0]].matchPrecache(languages[codes[0]].offer).then(function (response) {
      return response || Response.error();
    });
  }

  function answer(event) {
    var request = event.request;
    var url = new URL(request.url);
    var navigation = request.mode === "navigate";
    url.hash = "";
    if (navigation) { url.search = ""; } // the pages take nothing from a query
    return readSaved().then(function (saved) {
      return stored(url.href, saved).then(function (response) {
        if (response) { return response; }
        return (navigation ? visitedPages : visitedFiles).handle({ event: event, request: request }).catch(function (error) {
          if (navigation) { return offlinePage(url, saved); }
          throw error;
        });
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
    if (new URL(request.url).pathname.indexOf(scopePath) !== 0) { return; }
    event.respondWith(answer(event));
  });
}());
