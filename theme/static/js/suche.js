/* The search page /suche/: text and filters, results as you type, state in the URL's fragment
 * (/suche/#q=…&alter=3), which no browser sends to a server: no search term or filter reaches
 * a server log. Old links with ?q=… still work; their query moves into the fragment on load.
 * The fields have no names (they are read by id), so a submit without this script sends nothing.
 * All visible texts come from the page (data-* attributes written through gettext). */
(function () {
  "use strict";
  var form = document.getElementById("suchformular");
  var list = document.getElementById("treffer");
  var status = document.getElementById("suchstatus");
  var hint = document.getElementById("suchhinweis");
  var more = document.getElementById("mehr");
  if (!form || !window.lunr || !window.sucheKern) { return; }
  var texts = status.dataset;
  var tips = document.getElementById("suchtipps");
  var kern = window.sucheKern;
  var pageLang = document.documentElement.lang;
  var index = null;
  var docs = null;
  // the filters this page has (a county without vouchers or programmes has no such field)
  var FILTERS = ["alter", "bereich", "ort", "gutschein", "initiative", "geoeffnet", "kostenlos", "sprache", "barrierefrei"]
    .filter(function (name) { return form.elements[name]; });
  var STEP = 20; // result rows drawn at a time; "more" draws the next ones
  var shown = { refs: [], count: 0, terms: [] };
  var termOf = new Map(); // word → its index term, for marking matched words

  document.documentElement.classList.add("js");
  form.querySelector(".suche-js-hinweis").hidden = true;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  /* A count in the plural form the language needs for n (the page gives every form, by CLDR category). */
  var plural = new Intl.PluralRules(pageLang);
  function count(forms, n, values) {
    var all = JSON.parse(forms);
    var filled = Object.assign({}, values, { num: n });
    return fill(all[plural.select(n)] || all.other, filled);
  }

  function readForm() {
    var state = { q: form.elements.q.value.trim() };
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      var value = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value;
      if (value) { state[name] = value; }
    });
    return state;
  }

  function writeForm(state) {
    form.elements.q.value = state.q || "";
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      if (field.type === "checkbox") { field.checked = state[name] === "1"; }
      else { field.value = state[name] || ""; }
    });
  }

  function stateFromUrl() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var state = { q: params.get("q") || "" };
    FILTERS.forEach(function (name) { if (params.get(name)) { state[name] = params.get(name); } });
    return state;
  }

  function urlOf(state) {
    var params = new URLSearchParams();
    if (state.q) { params.set("q", state.q); }
    FILTERS.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    var query = params.toString();
    return window.location.pathname + (query ? "#" + query : "");
  }

  /* An old link (/suche/?q=…, bookmarks, other sites): its query into the fragment, out of the URL,
   * so that reloading and sharing the page send it nowhere again. */
  function moveQueryIntoFragment() {
    if (!window.location.search) { return; }
    var state = new URLSearchParams(window.location.hash.slice(1));
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (!state.has(key)) { state.set(key, value); }
    });
    var fragment = state.toString();
    history.replaceState(null, "", window.location.pathname + (fragment ? "#" + fragment : ""));
  }

  /* Weekday (0 = Monday) and minute of the day now, on the county's clock (data-time-zone),
   * whatever time zone the device is set to. */
  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  function countyNow() {
    var parts = {};
    var options = { weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" };
    try {
      options.timeZone = list.dataset.timeZone || undefined;
      new Intl.DateTimeFormat("en-US", options).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    } catch (error) { // a browser without that time zone: the device's clock
      var now = new Date();
      return { day: (now.getDay() + 6) % 7, minute: now.getHours() * 60 + now.getMinutes() };
    }
    return { day: DAYS.indexOf(parts.weekday), minute: Number(parts.hour) * 60 + Number(parts.minute) };
  }

  /* Open on a weekday (mo … so): a slot that begins that day. Open now: a slot of today that
   * has begun and not ended, or yesterday's slot past midnight (closes before it opens). */
  var WEEKDAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"];
  function isOpen(slots, value, now) {
    if (value !== "jetzt") {
      var day = WEEKDAYS.indexOf(value);
      return slots.some(function (slot) { return slot[0] === day; });
    }
    return slots.some(function (slot) {
      var pastMidnight = slot[2] < slot[1];
      if (slot[0] === now.day) { return slot[1] <= now.minute && (pastMidnight || now.minute < slot[2]); }
      return pastMidnight && slot[0] === (now.day + 6) % 7 && now.minute < slot[2];
    });
  }

  /* Does an offer pass one filter? Ages: the child has completed N years. */
  function passes(doc, name, value, now) {
    switch (name) {
      case "alter":
        if (value === "schwanger") { return doc.g === 1; }
        var n = Number(value);
        return doc.f !== null && doc.f[0] < n + 1 && doc.f[1] > n;
      case "bereich": return doc.b.indexOf(value) >= 0;
      case "ort": return doc.w.indexOf(value) >= 0 || doc.w.indexOf(list.dataset.countyWide) >= 0;
      case "gutschein": return (doc.v || []).indexOf(value) >= 0;
      case "initiative": return (doc.i || []).indexOf(value) >= 0;
      case "geoeffnet": return isOpen(doc.z || [], value, now);
      case "kostenlos": return doc.k === 1;
      case "sprache": return doc.l.indexOf(value) >= 0;
      case "barrierefrei": return doc.x === 1;
    }
    return true;
  }

  function filtered(refs, state, skip) {
    var now = state.geoeffnet === "jetzt" ? countyNow() : null;
    return refs.filter(function (ref) {
      var doc = docs[ref];
      return FILTERS.every(function (name) {
        return name === skip || !state[name] || passes(doc, name, state[name], now);
      });
    });
  }

  function wordTerm(word) {
    if (!termOf.has(word)) { termOf.set(word, kern.indexTerms(word)[0] || null); }
    return termOf.get(word);
  }

  function highlight(element, text, terms) {
    text.split(/(\s+)/).forEach(function (part) {
      var term = part.trim() ? wordTerm(part) : null;
      var hit = term && terms.some(function (t) {
        return term === t || term.indexOf(t) === 0 || (t.length >= 4 && term.indexOf(t) > 0);
      });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  /* A provider text on a page in another language: its lang, and its own direction where that
   * differs (German on an Arabic page reads left to right, isolated from the text around it). */
  function foreign(element, lang) {
    element.lang = lang;
    if (list.dataset.contentDir !== document.documentElement.dir) { element.dir = list.dataset.contentDir; }
  }

  function noted(element) {
    var mark = document.createElement("span");
    mark.className = "only-german";
    mark.lang = pageLang;
    mark.dir = document.documentElement.dir;
    mark.textContent = " " + list.dataset.germanNote;
    element.appendChild(mark);
  }

  function row(doc, terms) {
    var item = document.createElement("li");
    item.className = "offer-item";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = list.dataset.base + doc.u + "/";
    highlight(link, doc.t, terms);
    heading.appendChild(link);
    var summary = document.createElement("p");
    summary.className = "summary";
    highlight(summary, doc.s, terms);
    // texts not in the page's language say which language they are in
    // and say so in the page's language: "(auf Deutsch)" after the title, and after the summary where its language differs again
    if (doc.h[0] && doc.h[0] !== pageLang) { foreign(link, doc.h[0]); noted(heading); }
    if (doc.h[1] && doc.h[1] !== pageLang) { foreign(summary, doc.h[1]); if (doc.h[1] !== doc.h[0]) { noted(summary); } }
    var facts = document.createElement("p");
    facts.className = "facts";
    facts.textContent = [doc.a, doc.o].filter(Boolean).join(" · ") + " · ";
    var provider = document.createElement("span");
    provider.textContent = doc.p;
    if (list.dataset.contentLang !== pageLang) { foreign(provider, list.dataset.contentLang); }
    facts.appendChild(provider);
    if (doc.c) { facts.appendChild(document.createTextNode(" · " + doc.c)); } // "mit Elternbildungsgutschein kostenlos"
    if (doc.n && doc.n.length) { // the first phone number: a parent on a phone wants to call
      facts.appendChild(document.createTextNode(" · "));
      var tel = document.createElement("a");
      tel.href = doc.n[1];
      tel.dir = "ltr";
      tel.textContent = doc.n[0];
      facts.appendChild(tel);
    }
    item.appendChild(heading);
    item.appendChild(summary);
    if (window.merkliste) { item.appendChild(window.merkliste.button(doc.u, doc.t)); }
    item.appendChild(facts);
    return item;
  }

  function labelOf(name, value) {
    var field = form.elements[name];
    if (field.type === "checkbox") { return field.labels[0].textContent.trim(); }
    var option = field.querySelector('option[value="' + CSS.escape(value) + '"]');
    return field.labels[0].textContent.trim() + ": " + (option ? option.textContent.trim() : value);
  }

  function run(state) {
    var textual = state.q ? kern.search(index, state.q) : null;
    var base = textual ? textual.refs : Object.keys(docs);
    var refs = filtered(base, state);
    list.replaceChildren();
    hint.replaceChildren();
    tips.hidden = !(textual && !textual.refs.length); // the words found nothing: say what to try
    shown = { refs: refs, count: 0, terms: textual ? textual.terms : [] };
    showMore();
    var active = FILTERS.filter(function (name) { return state[name]; });
    if (!state.q && !active.length) {
      status.textContent = count(texts.all, refs.length);
    } else if (refs.length) {
      status.textContent = count(texts.found, refs.length);
    } else {
      status.textContent = texts.none;
    }
    if (textual && !textual.allWords && refs.length) {
      status.textContent += " " + texts.anyWord;
    }
    if (!refs.length && active.length) {
      var intro = document.createElement("p");
      intro.textContent = texts.dropFilter;
      hint.appendChild(intro);
      var buttons = document.createElement("ul");
      active.forEach(function (name) {
        var found = filtered(base, state, name).length;
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = count(texts.without, found, { filter: labelOf(name, state[name]) });
        button.addEventListener("click", function () {
          var next = readForm();
          delete next[name];
          writeForm(next);
          update(true);
        });
        li.appendChild(button);
        buttons.appendChild(li);
      });
      hint.appendChild(buttons);
    }
  }

  /* Draws the next STEP result rows; returns the first new row. */
  function showMore() {
    var next = shown.refs.slice(shown.count, shown.count + STEP);
    var rows = next.map(function (ref) { return list.appendChild(row(docs[ref], shown.terms)); });
    shown.count += next.length;
    more.hidden = shown.count >= shown.refs.length;
    more.textContent = count(more.dataset.label, shown.refs.length, { shown: shown.count });
    return rows[0];
  }

  more.addEventListener("click", function () {
    var first = showMore();
    if (first) { first.querySelector("a").focus(); }
  });

  /* One object per offer from the packed store (pack_docs in search_index.py): rows of
   * values in the order of store.keys; shared fields hold numbers into store.strings. */
  function unpackDocs(store) {
    var table = store.strings, byRef = {};
    var shared = store.keys.map(function (key) { return store.shared.indexOf(key) >= 0; }); // once, not per row
    store.rows.forEach(function (row, ref) {
      var doc = {};
      store.keys.forEach(function (key, i) {
        var value = row[i];
        if (shared[i]) {
          value = Array.isArray(value) ? value.map(function (n) { return table[n]; }) : table[value];
        }
        doc[key] = value;
      });
      byRef[String(ref)] = doc;
    });
    return byRef;
  }

  var lastPush = 0;
  function update(push) {
    var state = readForm();
    var url = urlOf(state);
    if (url !== window.location.pathname + window.location.hash) {
      // Typing replaces the current entry; a pause or a filter change makes a new one.
      var now = Date.now();
      if (push || now - lastPush > 1500) { history.pushState(state, "", url); }
      else { history.replaceState(state, "", url); }
      lastPush = now;
    }
    if (index) { run(state); }
  }

  var timer = null;
  form.elements.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { update(false); }, 120);
  });
  form.addEventListener("change", function (event) {
    if (event.target.name !== "q") { update(true); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(true);
  });
  function followUrl() {
    writeForm(stateFromUrl());
    if (index) { run(readForm()); }
  }
  window.addEventListener("popstate", followUrl);
  window.addEventListener("hashchange", followUrl); // a fragment typed or pasted into the address bar

  moveQueryIntoFragment();
  writeForm(stateFromUrl());
  status.textContent = texts.loading;
  Promise.all([
    fetch(list.dataset.index).then(function (r) { return r.json(); }),
    fetch(list.dataset.docs).then(function (r) { return r.json(); })
  ]).then(function (loaded) {
    index = sucheKern.loadIndex(loaded[0]);
    docs = unpackDocs(loaded[1]);
    run(readForm());
  }).catch(function () {
    status.textContent = texts.failed;
  });
}());
