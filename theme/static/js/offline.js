/* Offline on a cheap phone: registers the site's worker (/sw.js, written by outputs/offline.py)
 * and runs the quiet line at the foot of every page: "Für offline speichern (size)" until this
 * language is saved, then "Offline verfügbar · Stand <date>", and "Aktualisiert · Stand <date>"
 * once a newer build has been saved in the background. On Save-Data it asks once more before
 * downloading. The privacy page's "Offline-Daten löschen" removes the worker and its caches.
 * Without JavaScript or service workers the line stays hidden; nothing is fetched before the
 * family presses the button (registering downloads sw.js alone).
 * Under the CSP's Trusted Types, register() needs a TrustedScriptURL: the one policy the CSP
 * allows (angebote-sw) is created here, once, and turns exactly this site's sw.js into one. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var script = document.currentScript;
  if (!script) { return; }
  var lang = document.documentElement.lang;
  var CACHE_PREFIX = "angebote-";
  // this script is <site>/theme/js/offline.js: the worker is <site>/sw.js, its scope <site>/
  var scope = new URL("../../", script.src).href;
  var workerUrl = new URL("sw.js", scope).href;
  var policy = window.trustedTypes ? window.trustedTypes.createPolicy("angebote-sw", {
    createScriptURL: function (url) {
      if (url !== workerUrl) { throw new TypeError("angebote-sw: nur " + workerUrl); }
      return url;
    }
  }) : null;

  var line = document.querySelector(".offline-zeile");
  var button = line && line.querySelector(".offline-speichern");
  var status = line && line.querySelector(".offline-stand");
  var texts = line ? line.dataset : {};
  var size = 0;
  var confirming = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function date(iso) {
    var parts = iso.split("-").map(Number);
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" })
      .format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])));
  }

  function megabytes(bytes) {
    var value = Math.max(0.1, Math.round(bytes / 100000) / 10);
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(value);
    } catch (error) {
      return value + " MB";
    }
  }

  function say(text) {
    status.textContent = text;
  }

  function offer(bytes) {
    size = bytes;
    confirming = false;
    button.textContent = fill(texts.label, { size: megabytes(bytes) });
    button.hidden = false;
    button.disabled = false;
  }

  function saved(iso, updated) {
    button.hidden = true;
    say(fill(updated ? texts.updated : texts.saved, { date: date(iso) }));
  }

  function send(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage(message);
    });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (!line || data.lang !== lang) { return; }
    if (data.type === "stand") {
      line.hidden = false;
      if (data.saved) { saved(data.saved); } else { offer(data.bytes); }
    } else if (data.type === "gespeichert") {
      saved(data.saved);
    } else if (data.type === "aktualisiert") {
      saved(data.saved, true);
    } else if (data.type === "fehler") {
      say(texts.failed);
      offer(size);
    }
  });

  if (line) {
    button.addEventListener("click", function () {
      var saving = navigator.connection && navigator.connection.saveData;
      if (saving && !confirming) { // Save-Data: once more, with the size
        confirming = true;
        say(fill(texts.confirm, { size: megabytes(size) }));
        button.textContent = texts.yes;
        return;
      }
      button.disabled = true;
      say(texts.saving);
      send({ type: "speichern", lang: lang });
    });
  }

  var remove = document.querySelector(".offline-loeschen");
  if (remove) {
    remove.hidden = false;
    remove.querySelector("button").addEventListener("click", function () {
      var worker = navigator.serviceWorker.controller;
      // the worker first: it holds the record of the pages kept (which were visited, when) open
      new Promise(function (resolve) {
        if (!worker) { resolve(); return; }
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(); };
        worker.postMessage({ type: "loeschen" }, [channel.port2]);
      }).then(function () {
        return navigator.serviceWorker.getRegistrations();
      }).then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }).then(function () {
        return window.caches.keys();
      }).then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf(CACHE_PREFIX) === 0; })
          .map(function (name) { return window.caches.delete(name); }));
      }).then(function () { // no worker to ask (it had gone): the record's database from here
        if (worker) { return undefined; }
        return new Promise(function (resolve) {
          var request = window.indexedDB.deleteDatabase("workbox-expiration");
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      }).then(function () {
        remove.querySelector(".offline-geloescht").hidden = false;
        if (line) { line.hidden = true; }
      });
    });
    // the privacy page does not register the worker (again, right after removing it)
    if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage({ type: "stand", lang: lang }); }
    return;
  }

  navigator.serviceWorker.register(policy ? policy.createScriptURL(workerUrl) : workerUrl, { scope: scope })
    .then(function () { return send({ type: "stand", lang: lang }); })
    .catch(function () { /* no worker (private mode, storage off): the site works as before */ });
}());
