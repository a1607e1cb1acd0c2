/* The search page's first step, run as soon as it has loaded (in the head, before lunr and the
 * page's other scripts): for a query in the address (/suche/#q=…, from the header or the home page) it
 * fetches the entry file and the parts of the index where the query's words begin, and those of
 * the search words (suchwoerter.yml) a word begins with, so that they are there, or on their way,
 * when suche.js searches. suche.js takes them from
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
  var words = query.slice(0, 200).toLowerCase().split(/[\s\-]+/).map(function (word) {
    return fold(word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""));
  }).filter(function (word) { return word.length > 1; }).slice(0, MAX_WORDS);
  if (!words.length) { return; }

  function fetchPart(name) {
    if (!early.parts[name]) { early.parts[name] = fetch(script.dataset.parts + name + ".json").then(json); }
  }

  early.entry.then(function (entry) {
    var firsts = entry.postings.firsts, thesaurus = entry.thesaurus || { keys: {}, lists: [] };
    var near = thesaurus.near || [];
    /* the postings parts of the terms that start with start */
    function partsOf(start) {
      var low = 0;
      while (low + 1 < firsts.length && firsts[low + 1] <= start) { low += 1; }
      for (var i = low; i < firsts.length && (i === low || firsts[i].indexOf(start) === 0); i++) { fetchPart(entry.postings.names[i]); }
    }
    var starts = words.map(function (word) { return word.slice(0, LETTERS); });
    // a search word the word begins with (its stem, most likely): the terms it stands for, and the
    // dictionary where one of them will be tried with a wrong letter
    Object.keys(thesaurus.keys).forEach(function (key) {
      if (key.length < LETTERS || key.indexOf(" ") >= 0 || !words.some(function (word) { return word.indexOf(key) === 0; })) { return; }
      var number = thesaurus.keys[key];
      thesaurus.lists[number].forEach(function (alternative) { starts = starts.concat(alternative); });
      if (near.indexOf(number) >= 0) { entry.words.forEach(function (w) { fetchPart(w[1]); }); }
    });
    starts.forEach(partsOf);
  }).catch(function () {}); // the search says so, when it fetches the entry itself
}());
