/* The map pages (/karte/ and /karte/<alter|bereiche>/<slug>/): the filter links work in place,
 * and age band and life area together. The state lives after "#" (/karte/#alter=0-3&bereiche=sprache),
 * which no browser sends to a server. Without this script every link opens its own page, one
 * filter at a time; the page and its list are complete either way. */
(function () {
  "use strict";
  var nav = document.querySelector(".map-filters");
  var status = document.getElementById("kartenstatus");
  if (!nav || !status) { return; }
  var KINDS = ["alter", "bereiche"];
  var pageKind = nav.dataset.pageKind; // the filter this page was written for ("" on /karte/)
  var pageValue = nav.dataset.pageValue;
  var plural = new Intl.PluralRules(document.documentElement.lang);

  function stateFromUrl() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var state = {};
    KINDS.forEach(function (kind) { state[kind] = params.get(kind) || ""; });
    if (pageKind) { state[pageKind] = pageValue; }
    return state;
  }

  /* The fragment for a state, leaving out what the page itself stands for. */
  function fragment(state, own) {
    var params = new URLSearchParams();
    KINDS.forEach(function (kind) { if (state[kind] && kind !== own) { params.set(kind, state[kind]); } });
    var text = params.toString();
    return text ? "#" + text : "";
  }

  function matches(item, state) {
    return KINDS.every(function (kind) {
      return !state[kind] || item.dataset[kind].split(" ").indexOf(state[kind]) >= 0;
    });
  }

  function apply(state) {
    var shown = new Set();
    document.querySelectorAll(".map-place").forEach(function (place) {
      var visible = 0;
      place.querySelectorAll("li").forEach(function (item) {
        var ok = matches(item, state);
        item.hidden = !ok;
        if (ok) {
          visible += 1;
          shown.add(item.querySelector("a").getAttribute("href"));
        }
      });
      place.hidden = visible === 0;
      var marker = document.querySelector('.marker[data-stelle="' + place.dataset.stelle + '"]');
      if (marker) {
        if (visible) { marker.removeAttribute("hidden"); } else { marker.setAttribute("hidden", ""); }
        var count = marker.querySelector("text");
        if (count) { count.textContent = String(visible); }
      }
    });
    document.querySelectorAll(".map-town").forEach(function (town) {
      town.hidden = !town.querySelector(".map-place:not([hidden])");
    });
    nav.querySelectorAll("a[data-filter]").forEach(function (link) {
      if (state[link.dataset.filter] === link.dataset.value) { link.setAttribute("aria-current", "page"); }
      else { link.removeAttribute("aria-current"); }
    });
    var forms = JSON.parse(status.dataset.found);
    status.textContent = (forms[plural.select(shown.size)] || forms.other).replace("{num}", String(shown.size));
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-filter]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var state = stateFromUrl();
    state[link.dataset.filter] = link.dataset.value;
    event.preventDefault();
    if (pageKind && state[pageKind] !== pageValue) {
      // this page holds only the offers of its own filter: widen on the full map
      window.location.assign(nav.dataset.base + fragment(state, ""));
      return;
    }
    history.pushState(null, "", window.location.pathname + fragment(state, pageKind));
    apply(state);
  });
  window.addEventListener("popstate", function () { apply(stateFromUrl()); });
  window.addEventListener("hashchange", function () { apply(stateFromUrl()); });
  if (window.location.hash) { apply(stateFromUrl()); }
}());
