/* /merkliste/: the offers a Lotse picked for one family, to hand over on paper, as a link or as
 * a QR code. The list comes from this browser (merkliste.js) or from a shared link, whose list
 * and note stand after "#" (/merkliste/#a=slug.slug&n=Notiz) and so reach no server.
 * The QR code is drawn with qrcode-generator (npm) as SVG elements: no HTML strings; on paper it
 * stands at the top of the first page, with the date, the site's address and who made the list
 * ("Zusammengestellt von", kept in this browser's localStorage only: not in the link, nowhere else).
 * All visible texts come from the page (data-* attributes written through gettext). */
(function () {
  "use strict";
  var root = document.getElementById("merkliste");
  if (!root || !window.merkliste || !window.qrcode || !window.angebotKurz) { return; }
  var store = window.merkliste;
  var texts = root.dataset;
  var essentials = window.angebotKurz(texts);
  var pageLang = document.documentElement.lang;
  var element = essentials.element, latin = essentials.latin, untranslated = essentials.untranslated;
  var SVG = "http://www.w3.org/2000/svg";
  var list = root.querySelector(".merkliste-eintraege");
  var empty = root.querySelector(".merkliste-leer");
  var message = root.querySelector(".merkliste-meldung");
  var note = root.querySelector("#notiz");
  var noteText = root.querySelector(".merkliste-notiz-text");
  var shareInput = root.querySelector("#teilen-link");
  var sharedBox = root.querySelector(".merkliste-geteilt");
  var status = document.getElementById("merkliste-status");
  var maker = root.querySelector("#von");
  var makerText = root.querySelector(".merkliste-von-text");
  var MAKER_KEY = "merkliste-von";
  var offers = {};
  var loaded = false; // whether the offers' data (angebote.json) has come
  var shared = readFragment();

  document.querySelector(".merkliste-js-hinweis").hidden = true;
  root.hidden = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  /* A shared list from the link: null if the link holds none; broken if it holds nothing usable. */
  function readFragment() {
    var hash = window.location.hash.slice(1);
    if (!hash) { return null; }
    var params = new URLSearchParams(hash);
    var items = [];
    (params.get("a") || "").split(".").forEach(function (slug) {
      if (store.SLUG.test(slug) && items.indexOf(slug) < 0 && items.length < 100) { items.push(slug); }
    });
    return { items: items, note: (params.get("n") || "").slice(0, 500), broken: items.length === 0 };
  }

  function current() { return shared || store.load(); }

  function keep(next) {
    if (shared) { shared = next; } else { store.save(next); }
  }

  function entry(slug, index, count, editable) {
    var item = element("li", "", "merkliste-eintrag");
    var offer = offers[slug];
    if (!offer) { // not in the directory: said only once its data has come (a slow line showed "gone" for every entry)
      item.appendChild(element("h2", loaded ? texts.gone : "…"));
      if (loaded) { item.appendChild(latin(element("p", slug, "merkliste-slug"))); }
    } else {
      item.appendChild(essentials.heading(slug, offer));
      item.appendChild(essentials.facts(offer));
    }
    if (editable) {
      var title = offer ? offer.t : slug;
      var tools = element("p", "", "merkliste-werkzeuge");
      [["up", "↑", index === 0], ["down", "↓", index === count - 1], ["remove", "✕", false]].forEach(function (spec) {
        var button = element("button");
        button.type = "button";
        button.dataset.action = spec[0];
        button.dataset.slug = slug;
        button.disabled = spec[2];
        var symbol = element("span", spec[1]);
        symbol.setAttribute("aria-hidden", "true");
        button.appendChild(symbol);
        button.appendChild(element("span", fill(texts[spec[0]], { title: title }), "visually-hidden"));
        tools.appendChild(button);
      });
      item.appendChild(tools);
    }
    return item;
  }

  function shareLink(state) {
    var params = new URLSearchParams();
    params.set("a", state.items.join("."));
    if (state.note) { params.set("n", state.note); }
    return window.location.origin + window.location.pathname + "#" + params.toString();
  }

  function drawQr(text) {
    var qr = window.qrcode(0, "M");
    qr.addData(text);
    qr.make();
    var size = qr.getModuleCount();
    var quiet = 4;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + (size + 2 * quiet) + " " + (size + 2 * quiet));
    svg.setAttribute("aria-hidden", "true");
    var back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", "100%");
    back.setAttribute("height", "100%");
    back.setAttribute("fill", "#fff");
    svg.appendChild(back);
    var d = [];
    for (var row = 0; row < size; row += 1) {
      for (var col = 0; col < size; col += 1) {
        if (qr.isDark(row, col)) { d.push("M" + (col + quiet) + " " + (row + quiet) + "h1v1h-1z"); }
      }
    }
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d.join(""));
    path.setAttribute("fill", "#000");
    svg.appendChild(path);
    root.querySelectorAll(".qr").forEach(function (box, index) { // the share section's, and the printed head's
      box.replaceChildren(index ? svg.cloneNode(true) : svg);
    });
  }

  /* Who made the list: this device's own line, never part of the list or its link. */
  function loadMaker() {
    try { return (window.localStorage.getItem(MAKER_KEY) || "").slice(0, 120); } catch (error) { return ""; }
  }

  /* "Zusammengestellt von: {name}": the name as typed, in any script, isolated (<bdi>: its own direction). */
  function showMaker(name) {
    makerText.replaceChildren();
    if (name) {
      var parts = texts.by.split("{name}");
      makerText.appendChild(document.createTextNode(parts[0]));
      makerText.appendChild(element("bdi", name));
      makerText.appendChild(document.createTextNode(parts.slice(1).join("")));
    }
    makerText.hidden = !name;
  }

  function render(focus) {
    var state = current();
    var editable = !shared;
    list.replaceChildren();
    state.items.forEach(function (slug, index) { list.appendChild(entry(slug, index, state.items.length, editable)); });
    // before printing: the entries the family will read (partly) in German, by title
    var german = state.items.filter(function (slug) { return offers[slug] && untranslated(offers[slug]); });
    var language = root.querySelector(".merkliste-sprache");
    language.hidden = german.length === 0;
    language.replaceChildren();
    if (german.length) { // each title isolated (<bdi>): German titles inside an Arabic sentence keep their order
      var parts = texts.untranslated.split("{titles}");
      language.appendChild(document.createTextNode(parts[0]));
      german.forEach(function (slug, index) {
        if (index) { language.appendChild(document.createTextNode(", ")); }
        var title = element("bdi", offers[slug].t);
        if (offers[slug].h !== pageLang) { title.lang = offers[slug].h; }
        language.appendChild(title);
      });
      language.appendChild(document.createTextNode(parts[1] || ""));
    }
    var broken = Boolean(shared && shared.broken);
    message.hidden = !broken;
    message.textContent = broken ? texts.broken : "";
    empty.hidden = state.items.length > 0 || broken;
    sharedBox.hidden = !shared || broken;
    if (document.activeElement !== note) { note.value = state.note; }
    noteText.textContent = state.note;
    root.querySelector(".merkliste-teilen").hidden = state.items.length === 0;
    root.querySelector(".merkliste-leeren").hidden = !editable || state.items.length === 0;
    if (state.items.length) {
      var link = shareLink(state);
      shareInput.value = link;
      drawQr(link);
    }
    if (focus !== undefined) { // a selector in the list; the page heading where it matches nothing
      var heading = document.querySelector("h1");
      var target = (focus && list.querySelector(focus)) || heading;
      if (target === heading) { heading.tabIndex = -1; }
      target.focus();
    }
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    var state = current();
    var at = state.items.indexOf(button.dataset.slug);
    var action = button.dataset.action;
    var to = action === "up" ? at - 1 : at + 1;
    if (action === "remove") {
      state.items.splice(at, 1);
      keep(state);
      var next = state.items[Math.min(at, state.items.length - 1)];
      render(next ? 'button[data-action="remove"][data-slug="' + next + '"]' : "");
      return;
    }
    var moved = state.items.splice(at, 1)[0];
    state.items.splice(to, 0, moved);
    keep(state);
    // focus stays on the same button of the moved offer (or its other arrow at the end of the list)
    var other = action === "up" ? "down" : "up";
    var same = 'button[data-action="' + action + '"][data-slug="' + moved + '"]:not([disabled])';
    render(same);
    if (document.activeElement.tagName === "H1") {
      list.querySelector('button[data-action="' + other + '"][data-slug="' + moved + '"]').focus();
    }
  });

  note.addEventListener("input", function () {
    var state = current();
    state.note = note.value.slice(0, 500);
    keep(state);
    render();
  });

  maker.value = loadMaker();
  showMaker(maker.value.trim());
  maker.addEventListener("input", function () {
    try { window.localStorage.setItem(MAKER_KEY, maker.value.slice(0, 120)); } catch (error) { /* storage off: printed all the same */ }
    showMaker(maker.value.trim());
  });

  root.querySelector(".merkliste-drucken").addEventListener("click", function () { window.print(); });

  root.querySelector(".merkliste-leeren").addEventListener("click", function () {
    keep({ items: [], note: "" });
    render();
  });

  root.querySelector(".merkliste-kopieren").addEventListener("click", function () {
    shareInput.select();
    var done = function () { status.textContent = texts.copied; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(shareInput.value).then(done, function () { /* selected: copy by hand */ });
    }
  });

  root.querySelector(".merkliste-uebernehmen").addEventListener("click", function () {
    var own = store.load();
    shared.items.forEach(function (slug) { if (own.items.indexOf(slug) < 0) { own.items.push(slug); } });
    if (!own.note) { own.note = shared.note; }
    store.save(own);
    shared = null;
    history.replaceState(null, "", window.location.pathname);
    render("");
  });

  window.addEventListener("hashchange", function () { shared = readFragment(); render(); });
  window.addEventListener("storage", function (event) {
    if (event.key === MAKER_KEY) {
      maker.value = loadMaker();
      showMaker(maker.value.trim());
    } else if (!shared) { render(); }
  });

  root.querySelector(".merkliste-datum").textContent =
    fill(texts.made, { date: new Intl.DateTimeFormat(pageLang, { dateStyle: "long" }).format(new Date()) });
  root.querySelector(".merkliste-website").textContent = document.querySelector(".brand").href;

  render();
  fetch(texts.offers).then(function (response) { return response.json(); }).then(function (data) {
    offers = data;
    loaded = true;
    list.removeAttribute("aria-busy"); // (until then its entries are placeholders)
    render();
  }).catch(function () {
    message.hidden = false;
    message.textContent = texts.failed;
  });
}());
