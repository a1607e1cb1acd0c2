// make dev only (tools/dev.py adds this script to every page it serves): reload the page when
// the preview wrote it again. Each event names what changed: {"alle": true} every page (a full
// build, an error, its fix), {"seiten": [...]} the URL paths of the pages written again,
// {"daten": true} the search files and the Merkliste's data, which only the pages that load
// them need.
"use strict";
(function () {
  if (!window.EventSource || !window.JSON) {
    return;
  }
  var here = window.location.pathname.replace(/index\.html$/, "");
  var needsData = /\/(suche|merkliste)\/$/.test(here);
  // the event this page was served after: what happened since is not missed
  var script = document.currentScript;
  var stand = script ? new URL(script.src).searchParams.get("stand") : "";
  var events = new EventSource("/_vorschau/ereignisse?stand=" + encodeURIComponent(stand || ""));
  events.addEventListener("message", function (message) {
    var event = JSON.parse(message.data);
    if (event.alle || (event.seiten && event.seiten.indexOf(here) >= 0) || (event.daten && needsData)) {
      events.close();
      window.location.reload();
    }
  });
})();
