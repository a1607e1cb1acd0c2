/* The companion's date arithmetic ("Für mein Kind"), shared by begleiter.js in the browser and the
 * Node test (tests/node/begleiter-daten.test.js). It turns the windows and deadlines of
 * begleiter.yml (as outputs/companion.py writes them into daten.json: a span {unit, first, last},
 * a deadline {amount, unit, before_due}) into one child's calendar dates.
 *
 * Every date is a calendar date, written "YYYY-MM-DD"; inside, a day number (days since
 * 1970-01-01, counted with Date.UTC). No local Date object, no time zone: the same child has the
 * same dates in Coesfeld, New York and Auckland.
 *
 * How the days are counted:
 * - Day 1 of life is the birth date. The n-th day of life is birth + (n−1) days; the n-th week of
 *   life begins on birth + (n−1)·7 days and ends the day before the (n+1)-th begins.
 * - Months and years of life as the BGB counts them (§ 187 Abs. 2, § 188 Abs. 2 und 3): the n-th
 *   month of life begins on the day with the birth date's number n−1 months later and ends the day
 *   before the next one begins. Where that month lacks the day (born on 31 January, on 29 February),
 *   the period before ends on the month's last day and the next begins on the 1st of the month after.
 *   Years likewise, 12 months at a time.
 * - A half month ("4½. Lebensmonat") ends 15 days after the end of the 4th month of life.
 * - Weeks of pregnancy: the 41st begins on the due date, so the n-th begins on
 *   due − (41−n)·7 days and ends the day before the (n+1)-th begins.
 * - Deadlines: "n Tage/Wochen/Monate nach der Geburt" is the day birth + n days, weeks or months
 *   (a month without that day: its last day); "n Wochen vor dem Geburtstermin" is due − n weeks.
 * Before the birth the due date stands for the birth date (the dates after it are then estimates).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.begleiterDaten = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var DAY = 86400000;
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  /* "YYYY-MM-DD" → day number, or null where it is no date of the calendar (2025-02-29). */
  function parse(text) {
    var match = ISO.exec(String(text || ""));
    if (!match) { return null; }
    var y = Number(match[1]), m = Number(match[2]), d = Number(match[3]);
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) { return null; }
    return day(y, m, d);
  }

  function day(y, m, d) { return Math.round(Date.UTC(y, m - 1, d) / DAY); }

  function parts(number) {
    var date = new Date(number * DAY);
    return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  }

  function pad(n, width) { return String(n).padStart(width, "0"); }

  function format(number) {
    var p = parts(number);
    return pad(p.y, 4) + "-" + pad(p.m, 2) + "-" + pad(p.d, 2);
  }

  function monthLength(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

  /* The month `count` months after the date's (y, m): as {y, m}. */
  function shift(p, count) {
    var index = p.y * 12 + (p.m - 1) + count;
    return { y: Math.floor(index / 12), m: index - Math.floor(index / 12) * 12 + 1 };
  }

  /* date + n months, the day clamped to the month's last (a deadline: 31 January + 1 month = 28/29 February). */
  function addMonths(number, count) {
    var p = parts(number), to = shift(p, count);
    return day(to.y, to.m, Math.min(p.d, monthLength(to.y, to.m)));
  }

  /* The day a period of `count` months from birth begins its next one (BGB): the same day number,
   * or the 1st of the month after where the month lacks that day. */
  function monthStart(birth, count) {
    var p = parts(birth), to = shift(p, count);
    return p.d <= monthLength(to.y, to.m) ? day(to.y, to.m, p.d) : day(to.y, to.m, monthLength(to.y, to.m)) + 1;
  }

  /* The first and last day of the n-th unit of life (n may be x.5 for a month: its end only). */
  function unitStart(unit, n, birth) {
    switch (unit) {
      case "tag": return birth + (n - 1);
      case "woche": return birth + (n - 1) * 7;
      case "monat": return monthStart(birth, n - 1);
      case "jahr": return monthStart(birth, (n - 1) * 12);
      case "ssw": return birth - (41 - n) * 7; // birth: the due date
    }
    throw new Error("unknown unit " + unit);
  }

  function unitEnd(unit, n, birth) {
    if (unit === "monat" && n !== Math.floor(n)) { return unitEnd(unit, Math.floor(n), birth) + 15; }
    return unitStart(unit, n + 1, birth) - 1;
  }

  /* A span {unit, first, last} → {start, end} as "YYYY-MM-DD". */
  function spanDates(span, birth) {
    return { start: format(unitStart(span.unit, span.first, birth)), end: format(unitEnd(span.unit, span.last, birth)) };
  }

  /* A deadline {amount, unit: tage|wochen|monate, before_due} → "YYYY-MM-DD". */
  function deadlineDate(deadline, birth) {
    var sign = deadline.before_due ? -1 : 1;
    if (deadline.unit === "monate") { return format(addMonths(birth, sign * deadline.amount)); }
    return format(birth + sign * deadline.amount * (deadline.unit === "wochen" ? 7 : 1));
  }

  function beforeBirth(milestone) {
    return Boolean(milestone.span && milestone.span.unit === "ssw" || milestone.deadline && milestone.deadline.before_due);
  }

  /* One milestone's dates for a child: {start, end, toleranceEnd, deadline, from} (absent: null).
   * `from` is the day the milestone begins to matter: its window's start, else (a deadline alone)
   * the birth, or for a deadline before it the first week of pregnancy. `date` is the birth date
   * ("geburt") or the due date ("termin"). */
  function milestoneDates(milestone, date) {
    var birth = typeof date === "number" ? date : parse(date);
    var window = milestone.span ? spanDates(milestone.span, birth) : null;
    var tolerance = milestone.tolerance ? spanDates(milestone.tolerance, birth) : null;
    var deadline = milestone.deadline ? deadlineDate(milestone.deadline, birth) : null;
    var from = window ? window.start : format(beforeBirth(milestone) ? unitStart("ssw", 1, birth) : birth);
    return { start: window && window.start, end: window && window.end, toleranceStart: tolerance && tolerance.start,
             toleranceEnd: tolerance && tolerance.end, deadline: deadline, from: from };
  }

  /* What is due now and what comes within six months, for a child born on `child.date`
   * (child.born true) or expected then, on the day `today` ("YYYY-MM-DD").
   * now: windows containing today; a check-up past its window but within its tolerance ("late": still
   * possible until its tolerance ends); deadlines not yet passed whose start has come.
   * next: what begins after today and by the same day six months later. Each: {milestone, dates, late}.
   * Once the child is born, what belongs before the birth is left out. */
  function plan(milestones, child, today) {
    var birth = parse(child.date), now = parse(today);
    var horizon = addMonths(now, 6);
    var result = { now: [], next: [] };
    milestones.forEach(function (milestone) {
      if (child.born && beforeBirth(milestone)) { return; }
      var dates = milestoneDates(milestone, birth);
      var from = parse(dates.from);
      var last = Math.max(dates.end ? parse(dates.end) : -Infinity, dates.deadline ? parse(dates.deadline) : -Infinity);
      var late = Boolean(dates.end && parse(dates.end) < now && dates.toleranceEnd && now <= parse(dates.toleranceEnd));
      if (from <= now && (now <= last || late)) {
        result.now.push({ milestone: milestone, dates: dates, late: late });
      } else if (from > now && from <= horizon) {
        result.next.push({ milestone: milestone, dates: dates, late: false });
      }
    });
    result.next.sort(function (a, b) { return a.dates.from < b.dates.from ? -1 : a.dates.from > b.dates.from ? 1 : 0; });
    return result;
  }

  /* The child's age in months on a day (whole months of life completed), negative before the birth. */
  function ageInMonths(date, today) {
    var birth = parse(date), now = parse(today);
    if (now < birth) { return -Math.ceil((birth - now) / (365.2425 / 12)); }
    var months = 0;
    while (monthStart(birth, months + 1) <= now) { months += 1; }
    return months;
  }

  /* The offers for a child of `fromMonths` to `toMonths` (before the birth: negative) in a town
   * ("" for all): their age [from, to) in years overlaps; county-wide offers count for every town. */
  function offersFor(offers, fromMonths, toMonths, town) {
    function fitsAge(offer) {
      if (fromMonths < 0 && offer.pregnancy) { return true; }
      if (toMonths < 0 || offer.from === null || offer.to === null) { return false; }
      return offer.from * 12 <= toMonths && offer.to * 12 > fromMonths;
    }
    return offers.filter(function (offer) {
      return fitsAge(offer) && (!town || offer.county_wide || offer.towns.indexOf(town) >= 0);
    });
  }

  /* A stable identifier for a child's milestone in a calendar: FNV-1a (64 bits, as two 32-bit
   * halves) of the date and the slug, so that a second download replaces the first event. */
  function uid(date, slug) {
    var text = date + "|" + slug, high = 0xcbf29ce4, low = 0x84222325;
    for (var i = 0; i < text.length; i += 1) {
      low = (low ^ text.charCodeAt(i)) >>> 0;
      // multiply (high, low) by the FNV prime 0x100000001b3: low·0x1b3, high·0x1b3 + low·0x100
      var lowProduct = low * 0x1b3;
      var carry = Math.floor(lowProduct / 0x100000000);
      var newHigh = (Math.imul(high, 0x1b3) + Math.imul(low, 0x100) + carry) >>> 0;
      low = lowProduct >>> 0;
      high = newHigh;
    }
    return pad(high.toString(16), 8) + pad(low.toString(16), 8);
  }

  var TOWN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /* A child as the companion keeps it ({born, date, town}: in localStorage "begleiter", or from a
   * share link), checked: null where the date is no date. */
  function child(born, date, town) {
    if (parse(date) === null) { return null; }
    return { born: Boolean(born), date: date, town: TOWN.test(town || "") ? town : "" };
  }

  /* The child this device keeps (begleiter.js saves it under "begleiter"), or null. */
  function storedChild(storage) {
    var stored = null;
    try { stored = JSON.parse(storage.getItem("begleiter") || "null"); } catch (problem) { stored = null; }
    return stored && typeof stored === "object" ? child(stored.born, stored.date, stored.town) : null;
  }

  /* Today on a time zone's clock (the county's: not the device's), as "YYYY-MM-DD". */
  function todayIn(timeZone, now) {
    var parts = {};
    new Intl.DateTimeFormat("en", { timeZone: timeZone || undefined, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(now || new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  return { parse: parse, format: format, addMonths: addMonths, spanDates: spanDates, deadlineDate: deadlineDate,
           milestoneDates: milestoneDates, plan: plan, ageInMonths: ageInMonths, offersFor: offersFor, uid: uid,
           beforeBirth: beforeBirth, addDays: function (date, n) { return format(parse(date) + n); },
           child: child, storedChild: storedChild, todayIn: todayIn };
}));
