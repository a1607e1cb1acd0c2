/* The search's core, shared by the search page and the Node cross-check test.
 *
 * It must treat text exactly as plugins/angebote/search/text.py does when it
 * builds the index: the same pipeline names, the same umlaut folding, the same
 * query (exact word or start of a word; one wrong letter only when that finds nothing) and the same rule for
 * several words (offers with every word; else offers with any word).
 * Needs lunr.js with lunr-languages' stemmer support and German loaded, and on a Turkish or Russian
 * page lunr-languages' Turkish or Russian (the index names the steps of its page's language).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.sucheKern = factory(root.lunr);
  }
}(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  /* ä, ae → a; ö, oe → o; ü, ue → u; ß → ss (the same as fold_umlauts in Python). */
  function foldUmlauts(word) {
    return word
      .replace(/[ßẞ]/g, "ss").replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u")
      .replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }

  function umlaute(token) {
    return token.update(foldUmlauts);
  }
  lunr.Pipeline.registerFunction(umlaute, "umlaute-de");

  /* Words in Cyrillic and Arabic script are words too (OTHER_LETTERS in search/text.py). */
  var OTHER_LETTERS = "\u0400-\u04ff\u0620-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06fc";
  var allowed = lunr.de.wordCharacters + "0-9" + OTHER_LETTERS;
  var trimStart = new RegExp("^[^" + allowed + "]+"), trimEnd = new RegExp("[^" + allowed + "]+$");
  lunr.Pipeline.registerFunction(function (token) {
    return token.update(function (s) { return s.replace(trimStart, "").replace(trimEnd, ""); });
  }, "trimmer-mehrsprachig");

  /* Turkish letters as on a German keyboard (kreş = kres); Arabic without marks, with one alef,
   * yeh and heh; Cyrillic with ё as е (the same as normalise in search/text.py). */
  var ARABIC = /[\u0600-\u06ff]/, ARABIC_MARKS = /[\u0640\u064b-\u065f\u0670]/g;
  var ARABIC_FOLD = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي" };
  var TURKISH_FOLD = { "ş": "s", "ç": "c", "ğ": "g", "ı": "i", "\u0307": "", "â": "a", "î": "i", "û": "u" };
  function normalise(word) {
    word = word.replace(/ё/g, "е").replace(/[şçğı\u0307âîû]/g, function (c) { return TURKISH_FOLD[c]; });
    if (ARABIC.test(word)) {
      word = word.replace(ARABIC_MARKS, "").replace(/[أإآٱىةؤئ]/g, function (c) { return ARABIC_FOLD[c]; });
    }
    return word;
  }
  lunr.Pipeline.registerFunction(function (token) { return token.update(normalise); }, "normalisierung");

  /* The light stemmers of the Arabic and the Ukrainian page's own words (stem_arabic and
   * stem_ukrainian in search/text.py): a leading article, then one ending, where three letters stay. */
  var ARABIC_ARTICLES = ["وال", "بال", "كال", "فال", "لل", "ال"];
  var ARABIC_ENDING = /^(.{3,}?)(?:ات|ون|ين|ان|ها|هم|يه|ه)$/;
  function stemArabic(word) {
    for (var i = 0; i < ARABIC_ARTICLES.length; i++) {
      var article = ARABIC_ARTICLES[i];
      if (word.indexOf(article) === 0 && word.length - article.length >= 3) {
        word = word.slice(article.length);
        break;
      }
    }
    var match = ARABIC_ENDING.exec(word);
    return match ? match[1] : word;
  }
  var UKRAINIAN_ENDING = new RegExp(
    "^(.{3,}?)(?:ією|ами|ями|ові|еві|єві|ого|ому|ими|іми|ах|ях|ам|ям|ів|їв|ою|ею|єю|ом|ем|єм|их|іх|им|ім|ий|ій|ої|" +
    "ія|ії|ію|[аяоеєиіїуюьй])$");
  function stemUkrainian(word) {
    var match = UKRAINIAN_ENDING.exec(word);
    return match ? match[1] : word;
  }
  /* ğ as a German keyboard types it: a g between two vowels is ğ again for the Turkish stemmer
   * (soft_g in search/text.py). */
  function softG(word) {
    return word.replace(/([aeiou])g(?=[aeiou])/g, "$1ğ");
  }
  lunr.Pipeline.registerFunction(function (token) { return token.update(softG); }, "weiches-g-tr");
  lunr.Pipeline.registerFunction(function (token) { return token.update(stemArabic); }, "stemmer-ar-leicht");
  lunr.Pipeline.registerFunction(function (token) { return token.update(stemUkrainian); }, "stemmer-uk-leicht");

  function pipeline(names) {
    var p = new lunr.Pipeline();
    names.forEach(function (name) { p.add(lunr.Pipeline.registeredFunctions[name]); });
    return p;
  }

  var cleaning = pipeline(["trimmer-mehrsprachig", "stopWordFilter-de"]);
  var indexing = pipeline(["trimmer-mehrsprachig", "normalisierung", "stopWordFilter-de", "umlaute-de", "stemmer-de"]);

  /* The steps of the page language's own words, as the index names them (text.own_language): a
   * function of a word giving its term ("" where it trims to nothing), or null where it is one of
   * the language's stop words, which the index carries folded as its steps fold a word. */
  var STOP_WORDS = "stoppwoerter";
  function ownSteps(language) {
    var stops = new Set(language.stopWords);
    var steps = language.pipeline.map(function (name) {
      if (name === STOP_WORDS) { return function (token) { return stops.has(token.toString()) ? null : token; }; }
      if (!lunr.Pipeline.registeredFunctions[name]) { throw new Error("Suche: der Schritt " + name + " fehlt"); }
      return lunr.Pipeline.registeredFunctions[name];
    });
    return function (word) {
      var token = new lunr.Token(word, {});
      for (var i = 0; i < steps.length && token; i++) { token = steps[i](token, 0, [token]); }
      return token ? token.toString() : null;
    };
  }

  /* lunr's BM25 parameters (the defaults of its Builder, and of lunr.py's) */
  var K1 = 1.2, B = 0.75;

  /* round(x, 3) as Python rounds it, times 1000: to the nearest, a tie to the even one (a tie is
   * an odd number of sixteenths, which toFixed would round up). */
  function thousandths(x) {
    var scaled = x * 1000, nearest = Math.round(scaled);
    if (Math.abs(scaled - nearest) < 0.4999) { return nearest; } // far from a half: no doubt (x * 1000 is off by an ulp at most)
    var sixteenths = x * 16;
    if (sixteenths === Math.floor(sixteenths) && sixteenths % 2 === 1) {
      var low = Math.floor(x * 1000);
      return low % 2 === 0 ? low : low + 1;
    }
    return Math.round(Number(x.toFixed(3)) * 1000);
  }

  /* A term's score in a document's field as lunr.py's Builder computes it (the same operations in
   * the same order; score in tests/search_reference.py): idf from the number of documents' fields
   * that hold the term, the field's length against its average. */
  function score(idf, tf, length, average, boost) {
    var lengthPart = K1 * (1 - B + B * (length / average));
    return thousandths(idf * ((K1 + 1) * tf) / (lengthPart + tf) * boost) / 1000;
  }

  /* Is b at most edits edits from a (a letter inserted, left out, replaced, or two neighbours
   * swapped: the edits of lunr's fuzzy TokenSet, which finds no term this does not)? */
  function withinEdits(a, b, edits) {
    if (Math.abs(a.length - b.length) > edits) { return false; }
    var before = null, previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { value = Math.min(value, before[j - 2] + 1); }
        current.push(value);
        least = Math.min(least, value);
      }
      if (least > edits) { return false; }
      before = previous;
      previous = current;
    }
    return previous[b.length] <= edits;
  }

  /* The last place in the sorted list whose value (key(item)) is at most value; 0 where none is. */
  function lastAtMost(list, value, key) {
    var low = 0, high = list.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (key(list[middle]) <= value) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  /* A search page's index from its entry file (search/chunks.py): lunr.js's own query and scoring
   * over the parts of the index a query needs, fetched with load(name) (a Promise of the part's
   * JSON; the same part is asked for once). A query runs synchronously on the parts there are
   * (search), and says which it lacked: searchWhenLoaded fetches those and runs it again. */
  function openIndex(entry, load) {
    var fields = entry.fields, count = entry.count;
    var words = entry.words; // [first term, name] of each part of the dictionary (every term)
    var firsts = entry.postings.firsts, postingNames = entry.postings.names; // of each postings part
    var postingStarts = [], number = 0; // the number of each postings part's first term
    entry.postings.starts.forEach(function (gap) { number += gap; postingStarts.push(number); });
    var parts = Object.create(null); // name -> content, once fetched
    var fetching = Object.create(null); // name -> Promise
    var lacking = null; // the names a query needed and did not have
    var numberOf = new Map(); // term -> its number, for the postings parts there are
    var partRead = [];
    var postings = Object.create(null); // term -> its postings, read: {number, at: field × count + ref, score}
    var everyTerm = null, everySet = null; // every term, and their TokenSet (a word with a wrong letter)
    var near = Object.create(null); // "edits word" -> the terms that near, in lunr's order
    var cells = fields.length * count; // one per field of each offer
    var firstSeen = new Uint8Array(cells), dots = new Float64Array(cells); // a query's, cleared after it
    var docSeen = new Uint8Array(count), docScores = new Float64Array(count);
    var pipeline = lunr.Pipeline.load(entry.pipeline);

    function has(name) {
      if (name in parts) { return true; }
      lacking.add(name);
      return false;
    }

    function identity(value) { return value; }

    /* Postings part i ({t: its terms, p: their postings}; null where it has not come yet). */
    function postingPart(i) {
      if (!has(postingNames[i])) { return null; }
      if (!partRead[i]) {
        parts[postingNames[i]].t.forEach(function (term, offset) { numberOf.set(term, postingStarts[i] + offset); });
        partRead[i] = true;
      }
      return parts[postingNames[i]];
    }

    /* The terms that start with prefix, in order (null where a part is lacking). */
    function startingWith(prefix) {
      var found = [], complete = true;
      for (var i = lastAtMost(firsts, prefix, identity); i < firsts.length; i++) {
        if (firsts[i] > prefix && firsts[i].indexOf(prefix) !== 0) { break; }
        var part = postingPart(i);
        if (!part) { complete = false; continue; }
        part.t.forEach(function (term) { if (term.indexOf(prefix) === 0) { found.push(term); } });
      }
      return complete ? found : null;
    }

    /* Is term in the index (null where its part is lacking)? */
    function hasTerm(term) {
      if (!firsts.length) { return false; }
      return postingPart(lastAtMost(firsts, term, identity)) ? numberOf.has(term) : null;
    }

    /* Every term, in order (null while a part of the dictionary is lacking). */
    function allTerms() {
      if (everyTerm) { return everyTerm; }
      var all = [], complete = true;
      words.forEach(function (w) {
        if (has(w[1])) { all = all.concat(parts[w[1]]); } else { complete = false; }
      });
      if (!complete) { return null; }
      everyTerm = all;
      return everyTerm;
    }

    /* Are the postings of terms there? The first time, each is read: its offers' fields, each with
     * the term's score there. */
    function read(terms) {
      var complete = true;
      terms.forEach(function (term) {
        if (postings[term]) { return; }
        var p = lastAtMost(firsts, term, identity), part = postingPart(p);
        if (!part) { complete = false; return; }
        var n = numberOf.get(term), flat = part.p[n - postingStarts[p]];
        var withTerm = 0, i, j, k = 0;
        for (i = 0; i < flat.length; i += 2 + 3 * flat[i + 1]) { withTerm += flat[i + 1]; }
        var idf = Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
        var at = new Int32Array(withTerm), scores = new Float64Array(withTerm);
        for (i = 0; i < flat.length;) {
          var f = flat[i], docs = flat[i + 1], doc = 0;
          var average = entry.lengths[f] / count, boost = entry.boosts[f];
          for (i += 2, j = 0; j < docs; j++, i += 3, k++) {
            doc += flat[i];
            at[k] = f * count + doc;
            scores[k] = score(idf, flat[i + 1], flat[i + 2], average, boost);
          }
        }
        postings[term] = { number: n, at: at, score: scores };
      });
      return complete;
    }

    /* What lunr.Index.query gives (refs and scores) for optional clauses over every field, each
     * [boost, the terms it matched in lunr's order], as lunr computes it, operation for operation:
     * the query vector (each term's boosts added, clause by clause), its magnitude (the squares added
     * in the order of the terms' numbers), each field's dot product with it (the products added in
     * that order) divided by the magnitude, and an offer's fields added in the order lunr first met
     * them (clause, term, field, offer). Without lunr's match data and field vectors, which cost
     * more than the rest at 20,000 offers; tests/test_search_crosscheck.py compares it with lunr.py. */
    function query(clauses) {
      var weights = new Map(), byNumber = new Map(), met = [], i;
      clauses.forEach(function (clause) {
        clause[1].forEach(function (term) {
          var posting = postings[term];
          weights.set(posting.number, weights.has(posting.number) ? weights.get(posting.number) + clause[0] : clause[0]);
          byNumber.set(posting.number, posting);
          for (i = 0; i < posting.at.length; i++) {
            if (!firstSeen[posting.at[i]]) { firstSeen[posting.at[i]] = 1; met.push(posting.at[i]); }
          }
        });
      });
      var numbers = Array.from(weights.keys()).sort(function (a, b) { return a - b; });
      var squares = 0;
      numbers.forEach(function (n) { var w = weights.get(n); squares += w * w; });
      var magnitude = Math.sqrt(squares);
      numbers.forEach(function (n) {
        var posting = byNumber.get(n), w = weights.get(n);
        for (i = 0; i < posting.at.length; i++) { dots[posting.at[i]] += w * posting.score[i]; }
      });
      var results = [];
      met.forEach(function (cell) {
        var doc = cell % count, value = dots[cell] / magnitude || 0;
        if (docSeen[doc]) { docScores[doc] += value; } else { docSeen[doc] = 1; docScores[doc] = value; results.push(doc); }
        firstSeen[cell] = 0;
        dots[cell] = 0;
      });
      return results.map(function (doc) {
        docSeen[doc] = 0;
        return { ref: String(doc), score: docScores[doc] };
      });
    }

    /* The terms of candidates (sorted) that the clause term (with lunr's "*" for any ending) matches, in
     * the order lunr's TokenSet gives them. */
    function matching(candidates, term) {
      return lunr.TokenSet.fromArray(candidates).intersect(lunr.TokenSet.fromString(term)).toArray();
    }

    var index = {
      pipeline: pipeline,
      own: entry.language ? ownSteps(entry.language) : null,
      thesaurus: unpackThesaurus(entry.thesaurus),
      // the single-word search words in the file's order, for nearWord (no numbers: JSON puts them first)
      thesaurusWords: Object.keys((entry.thesaurus && entry.thesaurus.keys) || {}).filter(function (key) {
        return key.indexOf(" ") < 0 && !/^[0-9]+$/.test(key);
      }),
      count: count,
      found: Object.create(null), // term -> what termHits found, once every part it needed was there
      /* The offers term finds as a word or the start of one (null: a part is lacking): lunr's query
       * of the term itself (boost 10) and of any term it starts (boost 1). */
      startsOf: function (term) {
        var terms = startingWith(term);
        if (!terms || !read(terms)) { return null; }
        return query([[10, matching(terms, term)], [1, matching(terms, term + "*")]]);
      },
      /* The offers term finds with edits wrong letters (null: a part is lacking): lunr's query of
       * the word with that edit distance (its terms found once, and kept for the next run). */
      nearTo: function (term, edits) {
        var key = edits + " " + term;
        if (!near[key]) {
          var all = allTerms();
          if (!all) { return null; }
          // lunr's fuzzy TokenSet costs milliseconds a word: only where some term is that near
          var some = all.some(function (other) { return withinEdits(term, other, edits); });
          if (some && !everySet) { everySet = lunr.TokenSet.fromArray(all); }
          near[key] = some ? everySet.intersect(lunr.TokenSet.fromFuzzyString(term, edits)).toArray() : [];
        }
        if (!read(near[key])) { return null; }
        return query([[1, near[key]]]);
      },
      /* The offers that hold term itself (null: a part is lacking). */
      exactly: function (term) {
        if (!read([term])) { return null; }
        return query([[1, [term]]]);
      },
      hasTerm: hasTerm,
      wantWords: function () { allTerms(); }, // (where parts of it are lacking, they are fetched in this run)
      /* A part of the page's files (rows, a filter's values), fetched once. */
      part: function (name) {
        if (!fetching[name]) {
          fetching[name] = load(name).then(function (content) { parts[name] = content; return content; });
        }
        return fetching[name];
      },
      begin: function () { lacking = new Set(); },
      lacking: function () { return lacking && lacking.size > 0; },
      end: function () { var names = Array.from(lacking); lacking = null; return names; }
    };
    return index;
  }

  /* search(index, text) once every part it needs has come: a Promise of its result. */
  function searchWhenLoaded(index, text) {
    return new Promise(function (resolve, reject) {
      (function attempt() {
        var result;
        index.begin();
        try {
          result = search(index, text);
        } catch (error) {
          index.end();
          reject(error);
          return;
        }
        var lacking = index.end();
        if (!lacking.length) { resolve(result); return; }
        Promise.all(lacking.map(index.part)).then(attempt, reject);
      }());
    });
  }

  /* The thesaurus as search/text.py packs it ({lists, keys}: each key the number of its list of
   * alternatives) as a map key → alternatives (the lists shared, not copied). */
  function unpackThesaurus(packed) {
    var thesaurus = Object.create(null);
    if (!packed || !packed.keys) { return thesaurus; }
    // a list with a term that will be tried with a wrong letter: it wants the dictionary (lists_needing_words)
    (packed.near || []).forEach(function (number) { packed.lists[number].wantsWords = true; });
    Object.keys(packed.keys).forEach(function (key) { thesaurus[key] = packed.lists[packed.keys[key]]; });
    return thesaurus;
  }

  var MAX_QUERY = 200;
  var MAX_FUZZY = 40;
  var LONG_WORD = 15;
  var MIN_START = 6;
  var MAX_PHRASE = 4;
  var SYNONYM_WEIGHT = 0.5;

  /* The index terms of a text: what the index holds for it in the German fields. */
  function indexTerms(text) {
    return indexing.run(lunr.tokenizer(text)).map(String);
  }

  /* What the index holds for a text in the fields of its page's own language (none without). */
  function ownTerms(index, text) {
    if (!index.own) { return []; }
    return lunr.tokenizer(text).map(function (token) { return index.own(token.toString()); })
      .filter(function (term) { return term; });
  }

  /* The words a query searches for, each as its terms: the German search pipeline's, and on the
   * page of a language with steps of its own, their term first, alone where the German one starts
   * with it (as the start of a word it finds all the German one would); a German stop word or one of
   * the page language's is no word. Only the first MAX_QUERY characters count (the same as
   * query_words in search/text.py). */
  function queryWords(index, text) {
    // by code points, as Python slices
    var words = cleaning.run(lunr.tokenizer(Array.from(String(text)).slice(0, MAX_QUERY).join(""))).map(String);
    var found = [];
    words.forEach(function (word) {
      // The search pipeline runs here, not inside lunr: its trimmer would strip the wildcard.
      // a word of only symbols (emoji, "…") trims to nothing: no term, as in search/text.py
      var terms = index.pipeline.runString(word);
      if (index.own) {
        var own = index.own(word);
        if (own === null) { return; }
        terms = own && terms[0].indexOf(own) === 0 ? [own] : [own].concat(terms);
      }
      terms = terms.filter(function (term, i) { return term && terms.indexOf(term) === i; });
      if (terms.length) { found.push(terms); }
    });
    return found;
  }

  /* A phrase's thesaurus entry: looked up by its words' own terms (the page language's words are
   * keyed by them), then by their German ones. */
  function lookUp(thesaurus, phrase) {
    var own = phrase.map(function (terms) { return terms[0]; }).join(" ");
    var german = phrase.map(function (terms) { return terms[terms.length - 1]; }).join(" ");
    var found = thesaurus[own] || thesaurus[german] || null;
    return found && found.length ? found : null;
  }

  /* The query's words, each as its alternatives (lists of terms that must all match): a word or
   * phrase of up to MAX_PHRASE words in the thesaurus stands for its German words (and, a single
   * word, for itself: then its terms are the first alternatives, the group's "own" ones); the same
   * as word_groups in tests/search_reference.py. */
  function wordGroups(words, thesaurus) {
    var groups = [];
    function itself(terms) { return terms.map(function (term) { return [term]; }); }
    for (var i = 0; i < words.length;) {
      var matched = false;
      for (var n = Math.min(MAX_PHRASE, words.length - i); n > 0 && !matched; n--) {
        var german = lookUp(thesaurus, words.slice(i, i + n));
        if (german) {
          groups.push((n === 1 ? itself(words[i]) : []).concat(german));
          groups[groups.length - 1].own = n === 1 ? words[i].length : 0;
          groups[groups.length - 1].wantsWords = german.wantsWords;
          i += n;
          matched = true;
        }
      }
      if (!matched) {
        groups.push(itself(words[i]));
        groups[groups.length - 1].own = words[i].length;
        i += 1;
      }
    }
    return groups;
  }

  /* Refs and scores of the offers one term finds (the same as term_hits in search_reference.py);
   * nothing where a part of the index is lacking (index.lacking: the search runs again). */
  function termHits(index, term) {
    if (index.found[term]) { return index.found[term]; }
    var found = {};
    var results = index.startsOf(term);
    // a typo: one wrong letter, for words of 5 to MAX_FUZZY letters (the edit-distance
    // search grows much faster than the word; a crafted 7,000-letter link froze the tab)
    if (results && !results.length && term.length >= 5 && term.length <= MAX_FUZZY) {
      results = index.nearTo(term, 1);
    }
    // a long compound with a letter missing keeps an unstemmed tail ("…beratng"): two edits
    if (results && !results.length && term.length >= LONG_WORD && term.length <= MAX_FUZZY) {
      results = index.nearTo(term, 2);
    }
    // still nothing: the longest start of the word that the index knows ("schuldnerberatng" → "schuldn")
    for (var cut = term.length - 1; results && !results.length && term.length >= LONG_WORD && term.length <= MAX_FUZZY &&
         cut >= MIN_START; cut--) {
      var known = index.hasTerm(term.slice(0, cut));
      if (known === null) { results = null; } else if (known) { results = index.exactly(term.slice(0, cut)); }
    }
    (results || []).forEach(function (result) { found[result.ref] = result.score; });
    if (results) { index.found[term] = found; } // every part it needed was there: the next run of the search takes it
    return found;
  }

  /* The refs and scores one word's alternatives find: each alternative's words must all match, the
   * best alternative counts; the word as typed counts fully, what the thesaurus says it stands for
   * half (SYNONYM_WEIGHT), an alternative of several words by the mean of their scores (the same as
   * in search_reference.py). */
  function groupHits(index, alternatives) {
    var found = {};
    alternatives.forEach(function (alternative, number) {
      var hits = alternative.map(function (term) { return termHits(index, term); });
      var weight = number < alternatives.own ? 1 : SYNONYM_WEIGHT;
      Object.keys(hits[0]).forEach(function (ref) {
        if (!hits.every(function (h) { return ref in h; })) { return; }
        var score = hits.reduce(function (sum, h) { return sum + h[ref]; }, 0) / hits.length * weight;
        if (!(ref in found) || score > found[ref]) { found[ref] = score; }
      });
    });
    return found;
  }

  /* The first single-word search word one letter from word (another, a missing or an extra letter),
   * for words of 5 to MAX_FUZZY letters; null where there is none (the same in search_reference.py). */
  function nearWord(index, word) {
    if (word.length < 5 || word.length > MAX_FUZZY) { return null; }
    var words = index.thesaurusWords;
    for (var i = 0; i < words.length; i++) {
      if (withinOne(word, words[i])) { return words[i]; }
    }
    return null;
  }

  function withinOne(a, b) {
    var la = a.length, lb = b.length;
    if (a === b || Math.abs(la - lb) > 1) { return false; }
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) { i += 1; }
    if (la === lb) { return a.slice(i + 1) === b.slice(i + 1); }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* Refs of the matching offers, best first; allWords is false when no offer has every word;
   * words: the query's words, each as its terms; terms: all of them. */
  function search(index, text) {
    var words = queryWords(index, text);
    // a one-letter word beside others ("с долгами", "и") would find nearly everything as a start
    var longer = words.filter(function (terms) { return terms.some(function (term) { return term.length > 1; }); });
    if (longer.length) { words = longer; }
    var terms = [].concat.apply([], words);
    if (!words.length) {
      return { refs: [], words: [], terms: [], allWords: true };
    }
    var groups = wordGroups(words, index.thesaurus || {});
    // the dictionary with the first parts, where a search word's alternative will want it
    if (groups.some(function (alternatives) { return alternatives.wantsWords; })) { index.wantWords(); }
    var perTerm = groups.map(function (alternatives) {
      var found = groupHits(index, alternatives);
      // a word that finds nothing, not even with one wrong letter, and is no search word: the search
      // word one letter away stands in for it, as a thesaurus alternative ("counceling", "psikoloc")
      for (var i = 0; alternatives.own === alternatives.length && i < alternatives.own && !Object.keys(found).length &&
           !index.lacking(); i++) {
        var near = nearWord(index, alternatives[i][0]);
        if (near !== null) { found = groupHits(index, index.thesaurus[near]); }
      }
      return found;
    });
    var scores = {};
    var every = Object.keys(perTerm[0]).filter(function (ref) {
      return perTerm.every(function (found) { return ref in found; });
    });
    var allWords = every.length > 0 || perTerm.length === 1;
    var refs = allWords ? every : [];
    if (!allWords) {
      perTerm.forEach(function (found) {
        Object.keys(found).forEach(function (ref) { if (refs.indexOf(ref) < 0) { refs.push(ref); } });
      });
    }
    refs.forEach(function (ref) {
      scores[ref] = perTerm.reduce(function (sum, found) { return sum + (found[ref] || 0); }, 0);
    });
    refs.sort(function (a, b) { return (scores[b] - scores[a]) || (Number(a) - Number(b)); });
    return { refs: refs, words: words, terms: terms, allWords: allWords };
  }

  /* An age typed in the query, in any of the interface's languages: a number (Western, Arabic-Indic
   * or Persian digits) with a word for years or months before or after it ("12 лет", "дитина 12
   * років", "4 yaşında", "طفل ٢ سنة", "2-year-old", "3 Jahre alt", "Alter 4", "6 Monate"), or an
   * Arabic dual ("سنتين": two years). Gives {years, rest}: the whole years (months count as the
   * years they make) and the query without it; null where there is none (or over 99 years).
   * The same as age_in_query in tests/search_reference.py (the Node cross-check compares them). */
  var AGE_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
  var YEARS = "jahren|jahre|jahr|jährigen|jähriger|jähriges|jährigem|jährige|jährig|j|years|year|yrs|yr|yo|year-olds|year-old|" +
    "yaşındaki|yasindaki|yaşında|yasinda|yaşlarında|yaslarinda|yaş|yas|سنوات|سنين|سنة|سنه|عاما|عام|أعوام|اعوام|" +
    "річного|річний|річна|років|роки|рік|р|летнего|летний|летняя|лет|года|год|г";
  var MONTHS = "monaten|monate|monat|months|month|mo|aylık|aylik|ay|أشهر|اشهر|شهور|شهرا|شهر|місяців|місяці|місяць|" +
    "месяцев|месяца|месяц|мес";
  var BEFORE = "alter|age|aged|yaşı|yasi|عمره|عمرها|عمر|вік|возраст";
  var DUALS = { "سنتين": 24, "سنتان": 24, "عامين": 24, "عامان": 24, "شهرين": 2, "شهران": 2 };
  var EDGE = "(^|[\\s,.;:!?()\\-،؟])";
  var END = "(?=$|[\\s,.;:!?()،؟])";
  var AGE_AFTER = new RegExp(EDGE + "(\\d{1,3})(?:[\\s-]*)(" + YEARS + "|" + MONTHS + ")\\.?(?:[\\s-]+(?:alt|old))?" + END, "i");
  var AGE_BEFORE = new RegExp(EDGE + "(" + BEFORE + ")[\\s:]*(\\d{1,3})" + END, "i");
  var AGE_DUAL = new RegExp(EDGE + "(" + Object.keys(DUALS).join("|") + ")" + END);
  var MONTH_WORD = new RegExp("^(?:" + MONTHS + ")$", "i");
  function ageInQuery(text) {
    text = String(text).replace(AGE_DIGITS, function (d) { return String(d.charCodeAt(0) & 0xf); });
    var match = AGE_AFTER.exec(text), months;
    if (match) {
      months = Number(match[2]) * (MONTH_WORD.test(match[3]) ? 1 : 12);
    } else if ((match = AGE_BEFORE.exec(text))) {
      months = Number(match[3]) * 12;
    } else if ((match = AGE_DUAL.exec(text))) {
      months = DUALS[match[2]];
    } else {
      return null;
    }
    var years = Math.floor(months / 12);
    if (years > 99) { return null; }
    var rest = (text.slice(0, match.index) + match[1] + " " + text.slice(match.index + match[0].length)).replace(/\s+/g, " ").trim();
    return { years: years, rest: rest };
  }

  return { openIndex: openIndex, searchWhenLoaded: searchWhenLoaded, foldUmlauts: foldUmlauts, indexTerms: indexTerms,
           ownTerms: ownTerms, ageInQuery: ageInQuery, thousandths: thousandths, withinEdits: withinEdits };
}));
