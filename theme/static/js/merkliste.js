/* The Lotsen-Merkliste on every page: "Merken" buttons and the counter in the header.
 * The list lives in this browser's localStorage only (no cookie; nothing is sent anywhere).
 * Without JavaScript the buttons and the counter stay hidden. suche.js adds the button to the
 * rows it draws through window.merkliste.button(); merkliste-seite.js shows the list.
 * All visible texts come from the page (data-* attributes written through gettext). */
(function () {
  "use strict";
  var KEY = "merkliste";
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var link = document.getElementById("merkliste-link");
  var status = document.getElementById("merkliste-status");
  if (!link) { return; }
  var texts = link.dataset;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  /* {items: [slug, …], note: "…"}; whatever is stored, a valid list comes back. */
  function load() {
    var stored = null;
    try { stored = JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (error) { stored = null; }
    var items = stored && Array.isArray(stored.items) ? stored.items.filter(function (slug) {
      return typeof slug === "string" && SLUG.test(slug);
    }) : [];
    var note = stored && typeof stored.note === "string" ? stored.note.slice(0, 500) : "";
    return { items: items.filter(function (slug, i) { return items.indexOf(slug) === i; }), note: note };
  }

  function save(list) {
    try { window.localStorage.setItem(KEY, JSON.stringify(list)); } catch (error) { /* storage off: the page still works */ }
    refresh();
  }

  var plural = new Intl.PluralRules(document.documentElement.lang);
  function announce(count) { // in the plural form the language needs (every form is on the page, by CLDR category)
    var forms = JSON.parse(texts.announce);
    status.textContent = fill(forms[plural.select(count)] || forms.other, { num: count });
  }

  /* A toggle keeps its name ("Merken: <title>"); aria-pressed and the style say whether it is on. */
  function show(button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function refresh() {
    var list = load();
    link.querySelector(".merkliste-zahl").textContent = String(list.items.length);
    link.dataset.count = String(list.items.length); // on a phone the link shows once something is marked
    document.querySelectorAll("button.merken[data-merken]").forEach(function (button) {
      show(button, list.items.indexOf(button.dataset.merken) >= 0);
    });
  }

  function toggle(button) {
    var list = load();
    var slug = button.dataset.merken;
    var at = list.items.indexOf(slug);
    if (at >= 0) { list.items.splice(at, 1); } else { list.items.push(slug); }
    save(list);
    announce(list.items.length);
  }

  function wire(button) {
    button.hidden = false;
    button.addEventListener("click", function () { toggle(button); });
  }

  /* A "Merken" button for a row that a script draws (the search results). */
  function button(slug, title) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "merken";
    element.dataset.merken = slug;
    element.textContent = texts.add;
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = ": " + title;
    element.appendChild(name);
    wire(element);
    show(element, load().items.indexOf(slug) >= 0);
    return element;
  }

  document.querySelectorAll("button.merken[data-merken]").forEach(wire);
  link.hidden = false;
  refresh();
  window.addEventListener("storage", function (event) { if (event.key === KEY) { refresh(); } }); // other tabs

  window.merkliste = { load: load, save: save, button: button, SLUG: SLUG };
}());
