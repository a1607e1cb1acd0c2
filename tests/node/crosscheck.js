// Loads the built index with the real lunr.js and lunr-languages' German support and
// prints, as JSON, the index terms of each word and the refs each query returns.
// Usage: node crosscheck.js INDEX.json INPUT.json   (INPUT: {"words": [...], "queries": [...]})
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.de")(lunr);
const kern = require(path.resolve(__dirname, "../../theme/static/js/suche-kern.js"))(lunr);

const index = kern.loadIndex(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const terms = {};
for (const word of input.words) terms[word] = kern.indexTerms(word);
const results = {};
for (const query of input.queries) results[query] = kern.search(index, query).refs;
process.stdout.write(JSON.stringify({ terms, results }));
