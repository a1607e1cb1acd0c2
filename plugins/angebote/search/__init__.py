"""The client-side search: a lunr index per language's search page, in parts, and its result rows.

:mod:`.text` turns text into terms, :mod:`.index` counts the postings, :mod:`.chunks` splits them
(and the rows and filters of :mod:`.store`) into the files a query loads. The Python twin of the
browser search (tests and benchmarks only) is tests/search_reference.py.

The browser loads the index with lunr.js 2.3.9 and lunr-languages' German support (and on the
Turkish and Russian page, lunr-languages' Turkish or Russian). Both sides must turn a word into the
same term, so the index is built with the same pipeline names and the same data:

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
  vowel marks and tatweel, its alef, yeh and teh marbuta forms are folded; Cyrillic ё is е;
  Turkish letters are folded as a German keyboard types them.

Each language's search page's index (its entry file ``<prefix>suche/index.json`` and the parts it
names, :mod:`.chunks`) holds the offers' German texts, the same on every page; on another language's page also the providers' titles and summaries
translated into English and into its own language, and the thesaurus of its languages
(``suchwoerter.yml``: "midwife", "ebe", "قابلة" … for "Hebamme", and the taxonomy's labels): a query
word (or phrase of up to four) found there is searched as its German words. The page language's
own texts and words go through its own steps (``text.OWN_PIPELINES``): Turkish and Russian with
lunr-languages' Snowball stemmers (``snowballstemmer`` here), Ukrainian and Arabic with light
stemmers of their own, twins in suche-kern.js; a query's word is searched as the German steps and
as its page language's steps give it.

Parts of compound words ("Hebamme" in "Familienhebamme") are found without
any dictionary download: each long word is also indexed from every point
where the rest of it starts with a stem that occurs in the offers themselves.
Unfinished words and one wrong letter are query features (a trailing
wildcard, edit distance 1), built the same way here and in the browser.
"""
