/* "Für mein Kind" on the companion's pages (begleiter/ and begleiter/<stage>/): a parent or a Lotse
 * enters the birth date (or, before the birth, the due date) and maybe the town; the page shows
 * what is due now and in the next six months with real dates (begleiter-daten.js does the
 * arithmetic), the offers for the child's age in that town, and makes an iCalendar file of the
 * coming check-ups and deadlines with ical.js, here in the browser.
 * The date stays on this device: in localStorage ("begleiter") or in a share link's fragment
 * (#geburt=2026-03-01&ort=coesfeld, #termin=…), never in a request: the only request is the
 * language's begleiter/daten.json, the same for everyone.
 * All visible texts come from the page (data-* attributes written through gettext). */
(function () {
  "use strict";
  var root = document.getElementById("mein-kind");
  var dates = window.begleiterDaten;
  if (!root || !dates) { return; }
  var KEY = "begleiter";
  var texts = root.dataset;
  var lang = document.documentElement.lang;
  var form = root.querySelector(".mein-kind-form");
  var input = root.querySelector("#mein-kind-datum");
  var townSelect = root.querySelector("#mein-kind-ort");
  var error = root.querySelector("#mein-kind-fehler");
  var result = root.querySelector(".mein-kind-ergebnis");
  var message = root.querySelector(".mein-kind-meldung");
  var shareInput = root.querySelector("#mein-kind-link");
  var sharedBox = root.querySelector(".mein-kind-geteilt");
  var longDate = new Intl.DateTimeFormat(lang, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  var data = null;
  var shared = readFragment();

  document.querySelector(".mein-kind-js-hinweis").hidden = true;
  root.hidden = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function showDate(iso) { return longDate.format(new Date(iso + "T00:00:00Z")); }

  /* {born, date, town} from what is given, or null where the date is no date. */
  function child(kind, date, town) {
    return kind === "geburt" || kind === "termin" ? dates.child(kind === "geburt", date, town) : null;
  }

  function readFragment() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var kind = params.has("geburt") ? "geburt" : params.has("termin") ? "termin" : "";
    return kind ? child(kind, params.get(kind), params.get("ort")) : null;
  }

  function load() {
    try { return dates.storedChild(window.localStorage); } catch (problem) { return null; }
  }

  function save(found) {
    try { window.localStorage.setItem(KEY, JSON.stringify(found)); } catch (problem) { /* storage off: shown all the same */ }
  }

  function current() { return shared || load(); }

  /* Today on the county's clock (data-time-zone), as "YYYY-MM-DD". */
  function today() { return dates.todayIn(texts.timeZone); }

  function fragment(found) {
    return (found.born ? "geburt=" : "termin=") + found.date + (found.town ? "&ort=" + found.town : "");
  }

  function stageOf(slug) {
    return data.stages.filter(function (stage) { return stage.milestones.indexOf(slug) >= 0; })[0];
  }

  /* The office's place in the chosen town where it has one there, else the office itself. */
  function place(office, town) {
    var here = town && office.towns[town];
    return here ? { name: here.name, address: here.address, phone: here.phone, phone_uri: here.phone_uri, url: here.url }
      : { name: office.name, address: office.address, phone: office.phone, phone_uri: office.phone_uri, url: office.url };
  }

  function placeText(found) {
    return [found.name, found.address, found.phone].filter(Boolean).join(", ");
  }

  function fact(list, label, value) {
    if (!value) { return; }
    list.appendChild(element("dt", label));
    var dd = element("dd");
    if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
    list.appendChild(dd);
  }

  function whenText(dated) {
    if (!dated.start) { return ""; }
    var when = dated.start === dated.end ? showDate(dated.start)
      : fill(texts.range, { start: showDate(dated.start), end: showDate(dated.end) });
    return dated.toleranceEnd && dated.toleranceEnd !== dated.end
      ? when + " (" + fill(texts.tolerance, { date: showDate(dated.toleranceEnd) }) + ")" : when;
  }

  function item(entry, town) {
    var milestone = entry.milestone, dated = entry.dates;
    var li = element("li", "", "mein-kind-eintrag milestone-" + milestone.kind);
    li.dataset.slug = milestone.slug;
    var title = element("p", "", "mein-kind-eintrag-titel");
    var link = element("a", milestone.title);
    var stage = stageOf(milestone.slug);
    link.href = texts.root + (stage ? stage.url : "begleiter/") + "#" + milestone.slug;
    var strong = element("strong");
    strong.appendChild(link);
    title.appendChild(strong);
    title.appendChild(document.createTextNode(" – " + (texts["kind" + milestone.kind.charAt(0).toUpperCase() + milestone.kind.slice(1)] || "")));
    li.appendChild(title);
    if (entry.late) { li.appendChild(element("p", fill(texts.late, { date: showDate(dated.toleranceEnd) }), "mein-kind-spaet")); }
    var facts = element("dl", "", "facts");
    fact(facts, texts.when, whenText(dated));
    fact(facts, texts.deadline, dated.deadline && fill(texts.until, { date: showDate(dated.deadline) }));
    if (milestone.office) {
      var at = place(milestone.office, town), where = element("span", placeText(at));
      if (at.phone_uri) {
        where.textContent = [at.name, at.address].filter(Boolean).join(", ") + ", ";
        var phone = element("a", at.phone);
        phone.href = at.phone_uri;
        phone.dir = "ltr";
        where.appendChild(phone);
      }
      fact(facts, texts.where, where);
    }
    li.appendChild(facts);
    li.appendChild(element("p", milestone.text));
    return li;
  }

  function fillList(selector, entries, town) {
    var list = root.querySelector(selector);
    list.replaceChildren.apply(list, entries.map(function (entry) { return item(entry, town); }));
    root.querySelector(selector + "-leer").hidden = entries.length > 0;
  }

  function render() {
    var found = current();
    sharedBox.hidden = !shared;
    if (!found || !data) {
      result.hidden = true;
      return;
    }
    input.value = found.date;
    form.querySelector("input[name=geboren][value=" + (found.born ? "geburt" : "termin") + "]").checked = true;
    townSelect.value = found.town;
    var day = today();
    var planned = dates.plan(data.milestones, found, day);
    fillList(".mein-kind-jetzt", planned.now, found.town);
    fillList(".mein-kind-naechstes", planned.next, found.town);
    var estimate = root.querySelector(".mein-kind-schaetzung");
    estimate.textContent = texts.estimated;
    estimate.hidden = found.born;
    var later = dates.format(dates.addMonths(dates.parse(day), 6));
    var offers = dates.offersFor(data.offers, dates.ageInMonths(found.date, day), dates.ageInMonths(found.date, later), found.town);
    var list = root.querySelector(".mein-kind-angebote");
    list.replaceChildren.apply(list, offers.map(function (offer) {
      var li = element("li"), link = element("a", offer.title);
      li.dataset.slug = offer.slug;
      link.href = texts.root + offer.url;
      li.appendChild(link);
      return li;
    }));
    root.querySelector(".mein-kind-angebote-leer").hidden = offers.length > 0;
    shareInput.value = window.location.origin + window.location.pathname + "#" + fragment(found);
    result.hidden = false;
  }

  /* The coming check-ups and deadlines as all-day events, each with a reminder (ical.js). */
  function calendar(found) {
    var ICAL = window.ICAL, day = today();
    var cal = new ICAL.Component(["vcalendar", [], []]);
    cal.updatePropertyWithValue("prodid", "-//" + texts.site + "//" + texts.calendarName + "//" + lang.toUpperCase());
    cal.updatePropertyWithValue("version", "2.0");
    cal.updatePropertyWithValue("calscale", "GREGORIAN");
    cal.updatePropertyWithValue("x-wr-calname", texts.calendarName);
    var stamp = ICAL.Time.fromJSDate(new Date(), true);
    data.milestones.forEach(function (milestone) {
      if (found.born && dates.beforeBirth(milestone)) { return; }
      var dated = dates.milestoneDates(milestone, found.date);
      var events = [];
      if (milestone.kind === "untersuchung" && dated.start && dated.end >= day) {
        events.push({ key: milestone.slug, start: dated.start, end: dated.end, summary: milestone.title, before: "-P7D" });
      }
      if (dated.deadline && dated.deadline >= day) {
        events.push({ key: milestone.slug + "-frist", start: dated.deadline, end: dated.deadline,
                      summary: fill(texts.deadlineSummary, { title: milestone.title }), before: "-P3D" });
      }
      events.forEach(function (wanted) {
        var event = new ICAL.Component("vevent");
        event.updatePropertyWithValue("uid", dates.uid(found.date, wanted.key) + "@elternbegleiter");
        event.updatePropertyWithValue("dtstamp", stamp);
        event.updatePropertyWithValue("dtstart", ICAL.Time.fromDateString(wanted.start));
        event.updatePropertyWithValue("dtend", ICAL.Time.fromDateString(dates.addDays(wanted.end, 1)));
        event.updatePropertyWithValue("summary", wanted.summary);
        var lines = [milestone.text];
        if (dated.toleranceEnd && wanted.start === dated.start) { lines.push(fill(texts.tolerance, { date: showDate(dated.toleranceEnd) })); }
        if (milestone.office) { lines.push(texts.where + ": " + placeText(place(milestone.office, found.town))); }
        if (!found.born) { lines.push(texts.estimated); }
        event.updatePropertyWithValue("description", lines.join("\n\n"));
        event.updatePropertyWithValue("transp", "TRANSPARENT");
        var alarm = new ICAL.Component("valarm");
        alarm.updatePropertyWithValue("action", "DISPLAY");
        alarm.updatePropertyWithValue("trigger", ICAL.Duration.fromString(wanted.before));
        alarm.updatePropertyWithValue("description", fill(texts.reminder, { title: wanted.summary }));
        event.addSubcomponent(alarm);
        cal.addSubcomponent(event);
      });
    });
    return cal.toString() + "\r\n";
  }

  function download(text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    link.download = "elternbegleiter.ics";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var kind = form.querySelector("input[name=geboren]:checked").value;
    var found = child(kind, input.value, townSelect.value);
    error.textContent = found ? "" : texts.invalid;
    if (!found) { input.focus(); return; }
    save(found);
    if (shared) { shared = null; history.replaceState(null, "", window.location.pathname); }
    message.textContent = "";
    render();
  });

  root.querySelector(".mein-kind-uebernehmen").addEventListener("click", function () {
    save(shared);
    shared = null;
    history.replaceState(null, "", window.location.pathname);
    render();
  });

  root.querySelector(".mein-kind-vergessen").addEventListener("click", function () {
    try { window.localStorage.removeItem(KEY); } catch (problem) { /* nothing stored */ }
    if (shared) { shared = null; history.replaceState(null, "", window.location.pathname); }
    form.reset();
    render();
    message.textContent = texts.forgotten;
    input.focus();
  });

  root.querySelector(".mein-kind-kopieren").addEventListener("click", function () {
    shareInput.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(shareInput.value).then(function () { message.textContent = texts.copied; },
                                                           function () { /* selected: copy by hand */ });
    }
  });

  root.querySelector(".mein-kind-kalender").addEventListener("click", function () {
    var found = current();
    if (found && data && window.ICAL) { download(calendar(found)); }
  });

  window.addEventListener("hashchange", function () { shared = readFragment(); render(); });

  fetch(texts.daten).then(function (response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }).then(function (loaded) {
    data = loaded;
    render();
  }).catch(function () {
    message.textContent = texts.failed;
  });
}());
