/* The companion's date arithmetic (theme/static/js/begleiter-daten.js) for tests/test_companion_browser.py:
 * node begleiter-daten.js <daten.json> geburt:2024-02-29 termin:2026-09-01 …
 * prints {"geburt:2024-02-29": {"<slug>": {start, end, toleranceStart, toleranceEnd, deadline}, …}, …}
 * for every milestone of daten.json that a child born (or expected) on that day has. */
"use strict";
const fs = require("fs");
const path = require("path");
const dates = require(path.join(__dirname, "../../theme/static/js/begleiter-daten.js"));

const data = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = {};
for (const wanted of process.argv.slice(3)) {
  const [kind, date] = wanted.split(":");
  out[wanted] = {};
  for (const milestone of data.milestones) {
    if (kind === "geburt" && dates.beforeBirth(milestone)) { continue; }
    const found = dates.milestoneDates(milestone, date);
    out[wanted][milestone.slug] = { start: found.start, end: found.end, toleranceStart: found.toleranceStart,
                                    toleranceEnd: found.toleranceEnd, deadline: found.deadline };
  }
}
process.stdout.write(JSON.stringify(out));
