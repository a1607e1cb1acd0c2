/* The search fields in the header and on the home page. A search opens /suche/ with the words
 * after "#" (/suche/#q=…), which no browser sends to any server, so no search term lands in a
 * server log. The fields have no name: without this script a submit sends nothing either, and
 * the search page says that it needs JavaScript. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-suchfeld]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var words = form.querySelector("input[type=search]").value.trim();
      window.location.assign(form.action + (words ? "#" + new URLSearchParams({ q: words }).toString() : ""));
    });
  });
}());
