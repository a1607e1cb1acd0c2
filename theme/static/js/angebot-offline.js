/* The page the offline worker (sw.js) serves for a page not stored on this device. For an offer's
 * page (<prefix>angebote/<slug>/) it shows the offer's essentials from the stored Merkliste data
 * (angebot-kurz.js) and says that the whole page needs a connection; for any other page it stays
 * as written: what works without a connection. */
(function () {
  "use strict";
  var root = document.getElementById("offline-seite");
  if (!root || !window.angebotKurz) { return; }
  var texts = root.dataset;
  var essentials = window.angebotKurz(texts);
  var base = new URL(texts.base, window.location.href).pathname;
  var path = window.location.pathname;
  var match = path.indexOf(base) === 0 && /^([a-z0-9]+(?:-[a-z0-9]+)*)\/$/.exec(path.slice(base.length));
  if (!match || match[1] === "offline") { return; }
  var slug = match[1];
  fetch(texts.offers).then(function (response) { return response.json(); }).then(function (offers) {
    var offer = Object.prototype.hasOwnProperty.call(offers, slug) ? offers[slug] : null;
    if (!offer) { return; }
    var heading = root.querySelector("h1");
    var title = essentials.heading(slug, offer, "h1");
    heading.replaceWith(title);
    title.after(essentials.facts(offer));
    document.title = offer.t + " – " + document.title.split(" – ").slice(1).join(" – ");
    root.querySelector(".offline-nicht-gespeichert").hidden = true;
    root.querySelector(".offline-ganze-seite").hidden = false;
  }).catch(function () { /* the data is not stored either: the page as written */ });
}());
