// Loads the built index with the real lunr.js and lunr-languages' German support and
// prints, as JSON, the index terms of each word, the refs each query returns and the age each
// age query holds.
// Usage: node crosscheck.js INDEX.json INPUT.json   (INPUT: {"words": [...], "queries": [...], "ages": [...]})
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
const ages = {};
for (const query of input.ages || []) ages[query] = kern.ageInQuery(query);
process.stdout.write(JSON.stringify({ terms, results, ages }));
