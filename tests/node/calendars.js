// Reads iCalendar files with ical.js (the second reader beside Python's icalendar, the one a browser
// would use) and prints, as JSON, each file's events: their texts, the start's zone, the rule, and
// every occurrence before a day (start and end in UTC), expanded on the file's own VTIMEZONE alone
// (ical.js knows no zone but UTC: each file's is registered before its events are read); and for
// each zone the changes of its offset from UTC, hour by hour on its clock from one day to the other.
// Usage: node calendars.js FROM BEFORE FILE.ics...   (FROM, BEFORE: "2027-12-01", midnight UTC)
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

const LIMIT = 1000; // occurrences per event at most: a wrong rule may not run forever
const [from, before, ...files] = process.argv.slice(2);
const start = new Date(`${from}T00:00:00Z`);
const end = ICAL.Time.fromJSDate(new Date(`${before}T00:00:00Z`), true);

// [time on the zone's clock, its offset from UTC in seconds] at the first hour and wherever the offset
// differs from the hour before (a time the clock skips or shows twice: RFC 5545's offset before the change)
function offsets(zone) {
  const found = [];
  for (let hour = start.getTime(); hour < end.toJSDate().getTime(); hour += 3600 * 1000) {
    const clock = ICAL.Time.fromJSDate(new Date(hour), true);
    clock.zone = zone;
    const offset = zone.utcOffset(clock);
    if (!found.length || found[found.length - 1][1] !== offset) found.push([new Date(hour).toISOString().slice(0, 19), offset]);
  }
  return found;
}

const found = {};
for (const file of files) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  const zones = {};
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone);
    zones[zone.tzid] = offsets(zone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const occurrences = [];
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.compare(end) < 0 && occurrences.length < LIMIT; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      occurrences.push([details.startDate.toJSDate().toISOString(), details.endDate.toJSDate().toISOString()]);
    }
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: vevent.getFirstPropertyValue("url"),
      zone: event.startDate.zone.tzid,
      endZone: event.endDate.zone.tzid,
      rule: vevent.getFirstPropertyValue("rrule").toString(),
      recurring: event.isRecurring(),
      occurrences,
    };
  });
  found[file] = { product: calendar.getFirstPropertyValue("prodid"), zones, events };
}
process.stdout.write(JSON.stringify(found));
