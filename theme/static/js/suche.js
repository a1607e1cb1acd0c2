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
  var wordTips = document.getElementById("suchtipps-woerter");
  var chips = document.getElementById("aktive-filter");
  var filterBox = document.getElementById("filterbox");
  var kern = window.sucheKern;
  // An age typed among the words ("Kita 3 Jahre"): null, or {years, rest: the words without it} (suche-kern.js).
  var ageInQuery = kern.ageInQuery;
  var pageLang = document.documentElement.lang;
  var index = null; // the page's index (sucheKern.openIndex), once its entry file has come
  var entry = null; // the entry file: the names of the parts of rows and filters
  var rows = []; // ref -> what its result row shows, for the parts fetched
  var facts = []; // ref -> its values of the filters whose parts have come
  var allRefs = null;
  // the filters this page has (a county without vouchers or programmes has no such field)
  var FILTERS = ["alter", "bereich", "ort", "gutschein", "initiative", "geoeffnet", "kostenlos", "sprache", "barrierefrei"]
    .filter(function (name) { return form.elements[name]; });
  var STEP = 20; // result rows drawn at a time; "more" draws the next ones
  var shown = { refs: [], count: 0, terms: [] };
  var termOf = new Map(); // word → its index terms, for marking matched words

  document.documentElement.classList.add("js");
  form.querySelector(".suche-js-hinweis").hidden = true;
  // On a phone the filters fold away behind their "Filter" button (the page has them open, for
  // browsers without JavaScript); the active ones show as chips beside the count.
  if (filterBox && window.matchMedia("(max-width: 40rem)").matches) { filterBox.open = false; }

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
      var doc = facts[ref];
      return FILTERS.every(function (name) {
        return name === skip || !state[name] || passes(doc, name, state[name], now);
      });
    });
  }

  /* What the index holds for a text: in the German fields, and in those of the page's own language. */
  function textTerms(text) {
    return kern.indexTerms(text).concat(kern.ownTerms(index, text));
  }

  function wordTerms(word) {
    if (!termOf.has(word)) { termOf.set(word, textTerms(word)); }
    return termOf.get(word);
  }

  function matches(term, t) {
    return term === t || term.indexOf(t) === 0 || (t.length >= 4 && term.indexOf(t) > 0);
  }

  function highlight(element, text, terms) {
    text.split(/(\s+)/).forEach(function (part) {
      var hit = part.trim() && wordTerms(part).some(function (term) {
        return terms.some(function (t) { return matches(term, t); });
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
    return field.labels[0].textContent.trim() + ": " + valueText(name, value);
  }

  /* An age among the words becomes the age filter: the select set to it, the words without it.
   * Only on a search sent (Enter, or arriving from the header or the home page), never while
   * typing: "3" on its way to "3 Jahre" must not vanish from the field. An age the select does
   * not offer as a year goes to the open band (adults) when it is above every year, else stays a word. */
  function takeAgeFromQuery() {
    var found = form.elements.q.value.trim() ? ageInQuery(form.elements.q.value) : null;
    var select = form.elements.alter;
    if (!found || !select || typeof found.years !== "number") { return false; }
    var years = Math.floor(found.years), value = null, highest = -1;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!/^\d+$/.test(option.value)) { return; }
      var n = Number(option.value);
      if (n === years) { value = option.value; }
      if (n > highest) { highest = n; }
    });
    if (value === null && highest >= 0 && years > highest) { value = String(highest); }
    if (value === null) { return false; }
    select.value = value;
    form.elements.q.value = (found.rest || "").trim();
    return true;
  }

  /* The text of a filter's value as the form shows it: the chosen option, or the checkbox's label. */
  function valueText(name, value) {
    var field = form.elements[name];
    if (field.type === "checkbox") { return field.labels[0].textContent.trim(); }
    var option = field.querySelector('option[value="' + CSS.escape(value) + '"]');
    return option ? option.textContent.trim() : value;
  }

  /* One chip per active filter, "× <value>", named "Remove filter: <value>" for screen readers;
   * a tap clears that filter and searches again. The "Filter" button counts them. */
  /* A chip's or a "without" button's filter taken off: search again, focus on the count. */
  function dropFilter(name) {
    var next = readForm();
    delete next[name];
    writeForm(next);
    focusAfterRun = true;
    update(true);
  }

  function drawChips(state, active) {
    chips.replaceChildren();
    active.forEach(function (name) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.filter = name;
      var cross = document.createElement("span");
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "× ";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = chips.dataset.remove + " ";
      button.append(cross, hidden, valueText(name, state[name]));
      button.addEventListener("click", function () { dropFilter(name); });
      li.appendChild(button);
      chips.appendChild(li);
    });
    chips.hidden = !active.length;
    if (filterBox) {
      filterBox.querySelector(".filter-zahl").textContent = active.length ? " (" + active.length + ")" : "";
    }
  }

  /* Does this title hold every word of the query (each word as its terms)? A word counts where the
   * row would mark it (highlight), or where one of the German words the thesaurus gives for it is there. */
  function titleHasEvery(title, words) {
    var titleTerms = textTerms(title);
    function has(t) {
      return titleTerms.some(function (term) { return matches(term, t); });
    }
    var thesaurus = index.thesaurus || {};
    return words.every(function (terms) {
      return terms.some(function (t) {
        if (has(t)) { return true; }
        var german = Object.prototype.hasOwnProperty.call(thesaurus, t) ? thesaurus[t] : [];
        return german.some(function (alternative) { return alternative.every(has); });
      });
    });
  }

  /* A part of the page's files, by name (suche/teile/<name>.json; never changes: a new one has a new name). */
  function loadPart(name) {
    var early = window.sucheVorab && window.sucheVorab.parts[name]; // fetched by suche-vorab.js
    if (early) { return early; }
    return fetch(list.dataset.parts + name + ".json").then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + name); }
      return response.json();
    });
  }

  /* The values of the filters names, for every offer (each filter's part fetched and read once). */
  var factsRead = {};
  function factsFor(names) {
    return Promise.all(names.map(function (name) {
      return index.part(entry.facets[name]).then(function (part) {
        if (factsRead[name]) { return; }
        factsRead[name] = true;
        Object.keys(part).forEach(function (key) {
          var column = part[key];
          var values = Array.isArray(column) ? column : column.v.map(function (numbers) {
            return numbers.map(function (n) { return column.names[n]; });
          });
          values.forEach(function (value, ref) { (facts[ref] || (facts[ref] = {}))[key] = value; });
        });
      });
    }));
  }

  /* The result rows of refs (each part of entry.docs.size offers fetched and read once; arrived() after each). */
  function rowsFor(refs, arrived) {
    var size = entry.docs.size;
    var wanted = refs.map(function (ref) { return Math.floor(Number(ref) / size); })
      .filter(function (part, i, all) { return all.indexOf(part) === i; });
    return Promise.all(wanted.map(function (part) {
      return index.part(entry.docs.names[part]).then(function (content) {
        if (!rows[part * size]) { // (read once: a part never changes)
          content.rows.forEach(function (values, i) {
            var doc = {};
            content.keys.forEach(function (key, k) { doc[key] = values[k]; });
            rows[part * size + i] = doc;
          });
        }
        if (arrived) { arrived(); }
      });
    }));
  }

  /* Search and filter, then show: a Promise, which a later run overtakes (its results are not shown).
   * Until it shows, the list is busy (aria-busy): the rows there are the last query's. */
  var runs = 0;
  function run(state) {
    var mine = ++runs;
    list.setAttribute("aria-busy", "true");
    var active = FILTERS.filter(function (name) { return state[name]; });
    var textual = null, base = null, refs = null;
    return Promise.all([state.q ? kern.searchWhenLoaded(index, state.q) : null, factsFor(active)]).then(function (done) {
      textual = done[0];
      base = textual ? textual.refs : allRefs;
      refs = filtered(base, state);
      return mine === runs && rowsFor(refs.slice(0, 1));
    }).then(function () {
      if (mine !== runs) { return; }
      return show(state, textual, base, refs, active, mine);
    }).then(function () {
      if (mine === runs) { list.removeAttribute("aria-busy"); }
    }, function () {
      status.textContent = texts.failed;
      list.removeAttribute("aria-busy");
    });
  }

  /* The count, the chips, the hints, and the first rows (a Promise: until every row of the first
   * STEP is there, which come as their parts do). */
  function show(state, textual, base, refs, active, mine) {
    list.replaceChildren();
    hint.replaceChildren();
    // nothing fits: the pages of the life areas and age bands; and what to try, when the words found nothing
    tips.hidden = refs.length > 0;
    wordTips.hidden = !(textual && !textual.refs.length);
    shown = { refs: refs, count: 0, terms: textual ? textual.terms : [] };
    var drawn = drawRows(mine);
    drawChips(state, active);
    if (!state.q && !active.length) {
      status.textContent = count(texts.all, refs.length);
    } else if (refs.length) {
      status.textContent = count(texts.found, refs.length);
    } else {
      status.textContent = texts.none;
    }
    // "No offer has all the words; shown are offers with one of them": only where that helps.
    // The core says allWords = false only for two or more words (an age among them has become the
    // age filter before this). Then the notice stays unless the first row's title holds every
    // word anyway (after the same folding and stemming as the index, or through the German words
    // the thesaurus gives for a word): that row is what was asked for, and the notice would only
    // make the family doubt it.
    if (textual && !textual.allWords && refs.length && textual.words.length > 1 &&
        !titleHasEvery(rows[refs[0]].t, textual.words)) {
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
        button.addEventListener("click", function () { dropFilter(name); });
        li.appendChild(button);
        buttons.appendChild(li);
      });
      hint.appendChild(buttons);
    }
    return drawn;
  }

  /* Draws the next STEP result rows, in order, each as soon as it and the rows before it are there
   * (their parts fetched at once); a Promise of the first new row, once all are drawn. A later
   * run stops it (mine: the run it belongs to). */
  function drawRows(mine) {
    var next = shown.refs.slice(shown.count, shown.count + STEP), drawn = 0, first = null;
    function drawReady() {
      if (mine !== runs) { return; }
      while (drawn < next.length && rows[next[drawn]]) {
        var item = list.appendChild(row(rows[next[drawn]], shown.terms));
        first = first || item;
        drawn += 1;
        shown.count += 1;
      }
      more.hidden = shown.count >= shown.refs.length;
      more.textContent = count(more.dataset.label, shown.refs.length, { shown: shown.count });
    }
    drawReady();
    return rowsFor(next, drawReady).then(function () { return first; });
  }

  more.addEventListener("click", function () {
    drawRows(runs).then(function (first) {
      if (first) { first.querySelector("a").focus(); }
    }, function () {
      status.textContent = texts.failed;
    });
  });

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
    if (index) { run(state).then(focusIfAsked); }
  }

  function focusIfAsked() {
    if (focusAfterRun) { focusCount(); }
  }

  /* After a search sent (from the header, the home page, Enter here, a chip removed) the focus goes
   * to the count, so that a screen reader reads it; the page does not scroll for it (on a phone the
   * count is on the first screen). Not while typing: the field keeps the focus, the count is a
   * live region. */
  var focusAfterRun = false;
  function focusCount() {
    focusAfterRun = false;
    status.focus({ preventScroll: true });
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
    clearTimeout(timer);
    takeAgeFromQuery();
    focusAfterRun = true;
    update(true);
  });
  /* A search arriving in the address (from the header or the home page, or a fragment typed):
   * an age among its words becomes the filter (the address then says so), and the focus goes to
   * the count once the results are there. */
  function arrive() {
    var state = stateFromUrl();
    writeForm(state);
    if (takeAgeFromQuery()) { history.replaceState(readForm(), "", urlOf(readForm())); }
    focusAfterRun = FILTERS.some(function (name) { return state[name]; }) || Boolean(state.q);
  }
  function followUrl(event) {
    if (event.type === "hashchange") { arrive(); } else { writeForm(stateFromUrl()); }
    if (index) { run(readForm()).then(focusIfAsked); }
  }
  window.addEventListener("popstate", followUrl);
  window.addEventListener("hashchange", followUrl); // a fragment typed or pasted into the address bar

  moveQueryIntoFragment();
  arrive();
  status.textContent = texts.loading;
  function fetchEntry() {
    return fetch(list.dataset.index).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }
  (window.sucheVorab ? window.sucheVorab.entry.catch(fetchEntry) : fetchEntry()).then(function (loaded) {
    entry = loaded;
    index = kern.openIndex(entry, loadPart);
    allRefs = [];
    for (var ref = 0; ref < index.count; ref++) { allRefs.push(String(ref)); }
    return run(readForm());
  }).then(focusIfAsked, function () {
    status.textContent = texts.failed;
  });
}());
