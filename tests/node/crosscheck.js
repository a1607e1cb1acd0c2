// Loads a built index with the real lunr.js and lunr-languages' German, Turkish and Russian support
// and prints, as JSON, the index terms of each word (in the German fields, and in the fields of the
// index's page language: "own"), the refs each query returns, the age each age query holds, and
// each word of "stems" as lunr-languages' own Turkish and Russian stemmers stem it.
// Usage: node crosscheck.js INDEX.json INPUT.json
//   (INPUT: {"words": [...], "queries": [...], "ages": [...], "stems": {"tr": [...], "ru": [...]}})
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.de")(lunr);
require("lunr-languages/lunr.tr")(lunr);
require("lunr-languages/lunr.ru")(lunr);
const kern = require(path.resolve(__dirname, "../../theme/static/js/suche-kern.js"))(lunr);

const index = kern.loadIndex(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const terms = {};
const own = {};
for (const word of input.words || []) {
  terms[word] = kern.indexTerms(word);
  own[word] = kern.ownTerms(index, word);
}
const results = {};
for (const query of input.queries || []) results[query] = kern.search(index, query).refs;
const ages = {};
for (const query of input.ages || []) ages[query] = kern.ageInQuery(query);
const stems = {};
for (const [code, words] of Object.entries(input.stems || {})) {
  stems[code] = words.map((word) => lunr[code].stemmer(new lunr.Token(word, {})).toString());
}
process.stdout.write(JSON.stringify({ terms, own, results, ages, stems }));
