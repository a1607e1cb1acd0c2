/* /merkliste/: the next dates of the family's child on the printed sheet. Where this device keeps a
 * child's birth or due date (the companion's "Für mein Kind", localStorage "begleiter"), a checkbox
 * adds the milestones due now and in the next six months (begleiter-daten.js: the same arithmetic
 * as the companion's pages), each with its dates, under the offers. The date stays on this device:
 * the only request is the language's begleiter/daten.json, the same for everyone; the Merkliste's
 * link does not carry it. All visible texts come from the page (data-* attributes through gettext). */
(function () {
  "use strict";
  var root = document.querySelector(".merkliste-termine");
  var dates = window.begleiterDaten;
  if (!root || !dates) { return; }
  var texts = root.dataset;
  var child = null;
  try { child = dates.storedChild(window.localStorage); } catch (problem) { child = null; }
  if (!child) { return; }
  var box = root.querySelector("#termine-mitdrucken");
  var sheet = root.querySelector(".merkliste-termine-blatt");
  var list = sheet.querySelector("ul");
  var basis = sheet.querySelector(".merkliste-termine-basis");
  var longDate = new Intl.DateTimeFormat(document.documentElement.lang, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  var data = null;
  root.hidden = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function show(iso) { return longDate.format(new Date(iso + "T00:00:00Z")); }

  /* "3. März 2026 bis 10. März 2026", or "bis 1. Juni 2026" for a deadline */
  function when(dated) {
    var found = dated.dates;
    if (!found.start) { return fill(texts.until, { date: show(found.deadline) }); }
    if (found.start === found.end) { return show(found.start); }
    return fill(texts.range, { start: show(found.start), end: show(found.end) });
  }

  function draw() {
    var planned = dates.plan(data.milestones, child, dates.todayIn(texts.timeZone));
    var entries = planned.now.concat(planned.next);
    list.replaceChildren.apply(list, entries.map(function (dated) {
      var item = document.createElement("li");
      var title = document.createElement("strong");
      title.textContent = dated.milestone.title;
      item.append(title, ": " + when(dated));
      return item;
    }));
    basis.textContent = fill(child.born ? texts.born : texts.due, { date: show(child.date) });
    sheet.hidden = !entries.length;
    if (!entries.length) { list.replaceChildren(); }
  }

  box.addEventListener("change", function () {
    if (!box.checked) { sheet.hidden = true; return; }
    if (data) { draw(); return; }
    fetch(texts.daten).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (found) { data = found; if (box.checked) { draw(); } })
      .catch(function () { box.checked = false; basis.textContent = texts.failed; sheet.hidden = false; });
  });
}());
