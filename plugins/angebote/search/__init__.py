"""The client-side search: a lunr index with German text processing, and its document store.

:mod:`.text` turns text into terms, :mod:`.index` builds the index, :mod:`.store` the document
stores. The Python twin of the browser search (tests and benchmarks only) is tests/search_reference.py.

The browser loads the index with lunr.js 2.3.9 and lunr-languages' German
support. Both sides must turn a word into the same term, so the index is
built with the same pipeline names and the same data:

* ``trimmer-de`` and ``stopWordFilter-de``: the word characters and stop
  words are read from the installed lunr-languages package itself, not kept
  as a second copy here;
* ``umlaute-de``: folds ä/ö/ü/ß and their spellings ae/oe/ue/ss, so that
  "Fruehe Hilfen", "Frühe Hilfen" and "Fruhe Hilfen" are the same (its twin
  is in ``theme/static/js/suche-kern.js``);
* ``stemmer-de``: the Snowball German stemmer (the ``snowballstemmer``
  package here, its JavaScript port in lunr-languages in the browser).

* ``trimmer-mehrsprachig`` and ``normalisierung``: words in Cyrillic and Arabic script count
  as words too (lunr-languages' German trimmer would cut them to nothing); Arabic loses its
  vowel marks and tatweel, its alef, yeh and teh marbuta forms are folded and a leading article
  (ال, وال, بال …) is dropped; Cyrillic ё is е.

A family's own words reach the German offers in two ways: each offer's translated title and
summary are indexed with it, and a thesaurus travels with the index (``suchwoerter.yml``:
"midwife", "ebe", "قابلة" … for "Hebamme", and the taxonomy's labels in every language): a query
word (or phrase of up to three) found there is searched as its German words.

Parts of compound words ("Hebamme" in "Familienhebamme") are found without
any dictionary download: each long word is also indexed from every point
where the rest of it starts with a stem that occurs in the offers themselves.
Unfinished words and one wrong letter are query features (a trailing
wildcard, edit distance 1), built the same way here and in the browser.
"""
