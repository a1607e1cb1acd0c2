/* The search page's first step, run as soon as it has loaded (in the head, before lunr and the
 * page's other scripts): for a query in the address (/suche/#q=…, from the header or the home page) it
 * fetches the entry file and the parts of the index where the query's words begin, so that they
 * are there, or on their way, when suche.js searches. suche.js takes them from
 * window.sucheVorab ({entry: a Promise of the entry file, parts: name -> a Promise of the part}).
 * A guess, no more: the search itself fetches whatever else it needs (the index's terms are its
 * words folded and stemmed; a German stem keeps the word's first letters). */
(function () {
  "use strict";
  var script = document.currentScript;
  var query = new URLSearchParams(window.location.hash.slice(1)).get("q") ||
    new URLSearchParams(window.location.search).get("q") || "";
  if (!script || !window.fetch) { return; }
  var LETTERS = 4; // a word's first letters that choose its parts
  var MAX_WORDS = 4;

  function json(response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }

  /* ä, ae → a; ö, oe → o; ü, ue → u; ß → ss: the same as foldUmlauts in suche-kern.js. */
  function fold(word) {
    return word.replace(/[ßẞ]/g, "ss").replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u")
      .replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }

  var early = { entry: fetch(script.dataset.index).then(json), parts: {} };
  window.sucheVorab = early;
  var starts = query.slice(0, 200).toLowerCase().split(/[\s\-]+/).map(function (word) {
    return fold(word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).slice(0, LETTERS);
  }).filter(function (start) { return start.length > 1; }).slice(0, MAX_WORDS);
  if (!starts.length) { return; }
  early.entry.then(function (entry) {
    var firsts = entry.postings.firsts;
    starts.forEach(function (start) {
      var low = 0;
      while (low + 1 < firsts.length && firsts[low + 1] <= start) { low += 1; }
      for (var i = low; i < firsts.length && (i === low || firsts[i].indexOf(start) === 0); i++) {
        var name = entry.postings.names[i];
        if (!early.parts[name]) { early.parts[name] = fetch(script.dataset.parts + name + ".json").then(json); }
      }
    });
  }).catch(function () {}); // the search says so, when it fetches the entry itself
}());
