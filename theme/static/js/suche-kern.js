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

  /* A lunr.Index from the compact form that search_index.py writes (see compact() there):
   * the sorted terms, and per field one list per document of alternating gaps between
   * term numbers and scores times 1000.
   * lunr's inverted index (term → field → documents) holds nothing the vectors do not, so
   * it is not sent: the (field, document) pairs of each term are sorted into one typed
   * array, and a term's entry is only made when a query first asks for it. */
  function loadIndex(data) {
    var terms = data.terms, fields = data.fields, vectors = data.vectors;
    var builder = new lunr.TokenSet.Builder();
    var numberOf = new Map();
    terms.forEach(function (term, i) { builder.insert(term); numberOf.set(term, i); });
    builder.finish();

    var docCount = vectors[fields[0]].length;
    var fieldVectors = Object.create(null);
    var start = new Int32Array(terms.length + 1);
    // All vectors' elements in one typed array (lunr only reads a document's vector by
    // index and length): no garbage of a quarter million boxed numbers.
    var total = 0;
    fields.forEach(function (field) { vectors[field].forEach(function (flat) { total += flat.length; }); });
    var all = new Float64Array(total), offset = 0;
    fields.forEach(function (field) {
      vectors[field].forEach(function (flat, ref) {
        var number = 0;
        for (var i = 0; i < flat.length; i += 2) {
          number += flat[i];
          all[offset + i] = number;
          all[offset + i + 1] = flat[i + 1] / 1000;
          start[number + 1] += 1;
        }
        fieldVectors[field + "/" + ref] = new lunr.Vector(all.subarray(offset, offset + flat.length));
        offset += flat.length;
      });
    });
    for (var t = 0; t < terms.length; t++) { start[t + 1] += start[t]; }
    var pairs = new Int32Array(start[terms.length]); // field number × docCount + ref, by term
    var next = start.slice(0, terms.length);
    fields.forEach(function (field, f) {
      vectors[field].forEach(function (flat, ref) {
        for (var i = 0, number = 0; i < flat.length; i += 2) {
          number += flat[i];
          pairs[next[number]++] = f * docCount + ref;
        }
      });
    });

    var noMetadata = Object.freeze({}); // lunr only reads a posting's metadata; none is stored
    var made = Object.create(null);
    var invertedIndex = new Proxy(made, {
      get: function (target, term) {
        if (term in made || typeof term !== "string" || !numberOf.has(term)) { return made[term]; }
        var number = numberOf.get(term);
        var posting = { _index: number };
        fields.forEach(function (field) { posting[field] = Object.create(null); });
        for (var i = start[number]; i < start[number + 1]; i++) {
          posting[fields[Math.floor(pairs[i] / docCount)]][pairs[i] % docCount] = noMetadata;
        }
        made[term] = posting;
        return posting;
      }
    });
    var index = new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: builder.root,
      fields: fields,
      pipeline: lunr.Pipeline.load(data.pipeline)
    });
    index.hasTerm = function (term) { return numberOf.has(term); };
    index.own = data.language ? ownSteps(data.language) : null;
    index.thesaurus = unpackThesaurus(data.thesaurus);
    // the single-word search words in the file's order, for nearWord (no numbers: JSON puts them first)
    index.thesaurusWords = Object.keys((data.thesaurus && data.thesaurus.keys) || {}).filter(function (key) {
      return key.indexOf(" ") < 0 && !/^[0-9]+$/.test(key);
    });
    return index;
  }

  /* The thesaurus as search_index.py packs it ({lists, keys}: each key the number of its list of
   * alternatives) as a map key → alternatives (the lists shared, not copied). */
  function unpackThesaurus(packed) {
    var thesaurus = Object.create(null);
    if (!packed || !packed.keys) { return thesaurus; }
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
      // a word of only symbols (emoji, "…") trims to nothing: no term, as in search_index.py
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

  /* Refs and scores of the offers one term finds (the same as term_hits in search_index.py). */
  function termHits(index, term) {
    var found = {};
    var results = index.query(function (q) {
      q.term(term, { usePipeline: false, boost: 10 });
      q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
    });
    // a typo: one wrong letter, for words of 5 to MAX_FUZZY letters (the edit-distance
    // search grows much faster than the word; a crafted 7,000-letter link froze the tab)
    if (!results.length && term.length >= 5 && term.length <= MAX_FUZZY) {
      results = index.query(function (q) { q.term(term, { usePipeline: false, editDistance: 1 }); });
    }
    // a long compound with a letter missing keeps an unstemmed tail ("…beratng"): two edits
    if (!results.length && term.length >= LONG_WORD && term.length <= MAX_FUZZY) {
      results = index.query(function (q) { q.term(term, { usePipeline: false, editDistance: 2 }); });
    }
    // still nothing: the longest start of the word that the index knows ("schuldnerberatng" → "schuldn")
    for (var cut = term.length - 1; !results.length && term.length >= LONG_WORD && term.length <= MAX_FUZZY &&
         cut >= MIN_START; cut--) {
      var known = term.slice(0, cut);
      if (index.hasTerm(known)) {
        results = index.query(function (q) { q.term(known, { usePipeline: false }); });
      }
    }
    results.forEach(function (result) { found[result.ref] = result.score; });
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
    var perTerm = wordGroups(words, index.thesaurus || {}).map(function (alternatives) {
      var found = groupHits(index, alternatives);
      // a word that finds nothing, not even with one wrong letter, and is no search word: the search
      // word one letter away stands in for it, as a thesaurus alternative ("counceling", "psikoloc")
      for (var i = 0; alternatives.own === alternatives.length && i < alternatives.own && !Object.keys(found).length; i++) {
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

  return { loadIndex: loadIndex, foldUmlauts: foldUmlauts, indexTerms: indexTerms, ownTerms: ownTerms, search: search,
           ageInQuery: ageInQuery };
}));
