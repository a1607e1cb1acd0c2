// Loads a built index with the real lunr.js and lunr-languages' German, Turkish and Russian support
// and prints, as JSON, the index terms of each word (in the German fields, and in the fields of the
// index's page language: "own"), the refs each query returns, the age each age query holds, and
// each word of "stems" as lunr-languages' own Turkish and Russian stemmers stem it.
// The index is a search page's entry file; its parts are read from suche/teile/ at the site's root
// (the nearest folder above the entry file that has one), each part counted once as it is asked for.
// Usage: node crosscheck.js ENTRY.json INPUT.json
//   (INPUT: {"words": [...], "queries": [...], "ages": [...], "stems": {"tr": [...], "ru": [...]},
//    "scores": [numbers whose round(x, 3) × 1000 to print], "fresh": each query on a new index,
//    "near": [[word, term, edits], …] for lunr's fuzzy match and withinEdits})
// and per query the number of parts it loaded ("parts") and their bytes ("bytes").
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.de")(lunr);
require("lunr-languages/lunr.tr")(lunr);
require("lunr-languages/lunr.ru")(lunr);
const kern = require(path.resolve(__dirname, "../../theme/static/js/suche-kern.js"))(lunr);

let parts = path.dirname(path.resolve(process.argv[2]));
while (!fs.existsSync(path.join(parts, "suche", "teile"))) {
  if (path.dirname(parts) === parts) throw new Error("suche/teile/ fehlt");
  parts = path.dirname(parts);
}
parts = path.join(parts, "suche", "teile");
const loaded = [];
let bytes = 0;
const entry = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const open = () => kern.openIndex(entry, (name) => {
  loaded.push(name);
  const text = fs.readFileSync(path.join(parts, name + ".json"));
  bytes += text.length;
  return Promise.resolve(JSON.parse(text.toString("utf8")));
});
const index = open();
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const terms = {};
const own = {};
for (const word of input.words || []) {
  terms[word] = kern.indexTerms(word);
  own[word] = kern.ownTerms(index, word);
}
async function main() {
  const results = {};
  const partsPerQuery = {};
  const bytesPerQuery = {};
  for (const query of input.queries || []) {
    const before = loaded.length, bytesBefore = bytes;
    // "fresh": each query on an index of its own, as on a page just opened (the parts it loads)
    results[query] = (await kern.searchWhenLoaded(input.fresh ? open() : index, query)).refs;
    partsPerQuery[query] = loaded.length - before;
    bytesPerQuery[query] = bytes - bytesBefore;
  }
  const ages = {};
  for (const query of input.ages || []) ages[query] = kern.ageInQuery(query);
  const stems = {};
  for (const [code, words] of Object.entries(input.stems || {})) {
    stems[code] = words.map((word) => lunr[code].stemmer(new lunr.Token(word, {})).toString());
  }
  const scores = (input.scores || []).map(kern.thousandths);
  // [a, b, edits]: does lunr's fuzzy TokenSet of a find b, and does withinEdits say b is that near?
  const near = (input.near || []).map(([a, b, edits]) => [
    lunr.TokenSet.fromArray([b]).intersect(lunr.TokenSet.fromFuzzyString(a, edits)).toArray().length > 0,
    kern.withinEdits(a, b, edits)]);
  process.stdout.write(JSON.stringify({ terms, own, results, ages, stems, scores, near, parts: partsPerQuery, bytes: bytesPerQuery }));
}
main().catch((error) => { console.error(error); process.exit(1); });
