/* An offer's essentials as the Merkliste and the offline offer page show them, from
 * <prefix>merkliste/angebote.json: its title (a link to its page), for whom, where (towns and
 * addresses, or the provider's), when, cost, and its contacts with phone and e-mail.
 * window.angebotKurz(texts) gives the functions; texts are the box's data-* attributes, written
 * through gettext by the macro essentials_texts (_macros.html). No HTML strings: elements only. */
(function () {
  "use strict";
  window.angebotKurz = function (texts) {
    var pageLang = document.documentElement.lang;
    var contentLang = texts.contentLang;

    function element(tag, text, className) {
      var node = document.createElement(tag);
      if (text) { node.textContent = text; }
      if (className) { node.className = className; }
      return node;
    }

    /* Provider text in the providers' language: say so where the page is in another one. */
    function german(node) {
      if (contentLang !== pageLang) {
        node.lang = contentLang;
        if (texts.contentDir !== document.documentElement.dir) { node.dir = texts.contentDir; }
      }
      return node;
    }

    /* After a provider's text that is not in the page's language: "(auf Deutsch)" in the page's language. */
    function noted(node) {
      var mark = element("span", " " + texts.germanNote, "only-german");
      mark.lang = pageLang;
      mark.dir = document.documentElement.dir;
      node.appendChild(mark);
      return node;
    }

    /* Whether an entry shows a provider's text not in the page's language (title, when, cost). */
    function untranslated(offer) {
      return offer.h !== pageLang || Boolean(offer.z) && offer.zl !== pageLang || Boolean(offer.c) && offer.cl !== pageLang;
    }

    /* Phone numbers, e-mail addresses and addresses read left to right on every page. */
    function latin(node) {
      node.dir = "ltr";
      return node;
    }

    /* One thing on a line of its own (a name with its role, a phone number, an e-mail address, an
     * address): isolated from every other, nothing of it can land inside another or dangle. */
    function line(child) {
      var row = element("span", "", "merkliste-zeile");
      row.appendChild(child);
      return row;
    }

    function fact(facts, label, value) {
      if (!value) { return; }
      facts.appendChild(element("dt", label));
      var dd = element("dd");
      if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
      facts.appendChild(dd);
    }

    function contactsOf(offer) {
      var box = document.createDocumentFragment();
      offer.k.forEach(function (contact) {
        var person = element("p", "", "merkliste-kontakt");
        person.appendChild(line(latin(german(element("bdi", contact[0] + (contact[1] ? " (" + contact[1] + ")" : ""))))));
        if (contact[3]) {
          var tel = latin(element("a", contact[2]));
          tel.href = contact[3];
          person.appendChild(line(tel));
        }
        if (contact[4]) {
          var mail = latin(element("a", contact[4]));
          mail.href = "mailto:" + contact[4];
          person.appendChild(line(mail));
        }
        box.appendChild(person);
      });
      return box;
    }

    /* The title as a heading (h2 in a list, h1 on a page of its own), linked to the offer's page. */
    function heading(slug, offer, tag) {
      var node = element(tag || "h2");
      var link = element("a", offer.t);
      link.href = texts.base + slug + "/";
      node.appendChild(link);
      if (offer.h !== pageLang) { german(link); noted(node); }
      return node;
    }

    function facts(offer) {
      var list = element("dl", "", "merkliste-fakten");
      fact(list, texts.forWhom, offer.a);
      var where = element("span");
      where.appendChild(document.createTextNode(offer.o));
      offer.l.forEach(function (address) { // one line each, isolated from the towns before it
        where.appendChild(latin(german(element("bdi", address, "merkliste-anschrift"))));
      });
      if (offer.p.length) { // no place of its own (county-wide): the provider, and its address below
        var office = element("span", texts.provider + ": ", "merkliste-zeile");
        office.appendChild(latin(german(element("bdi", offer.p[0]))));
        where.appendChild(office);
        offer.p.slice(1).forEach(function (address) {
          where.appendChild(latin(german(element("bdi", address, "merkliste-anschrift"))));
        });
      }
      fact(list, texts.where, where);
      if (offer.z) {
        var when = element("span", offer.z);
        fact(list, texts.when, offer.zl !== pageLang ? noted(german(when)) : when);
      }
      if (offer.c) {
        var cost = element("span", offer.c);
        fact(list, texts.cost, offer.cl !== pageLang ? noted(german(cost)) : cost);
      }
      if (offer.k.length) { fact(list, texts.contact, contactsOf(offer)); }
      return list;
    }

    return { element: element, latin: latin, untranslated: untranslated, heading: heading, facts: facts };
  };
}());
