"""A search page's index split into the files a query needs (#38): at the size of a Land a family's
phone loads a few dozen KiB for a word, not the whole index.

Each language's page loads its entry file (``<prefix>suche/index.json``, the only file whose name
stays): the index's settings and thesaurus, and the names of the parts it may load from
``suche/teile/`` (one folder for every language: a part the same on two pages is one file):

* ``p…``: the terms of a range (in JavaScript's string order) and their postings (each term's
  documents per field, with the term's count and the field's length), split where a term's hash
  says so: a word loads the parts its letters fall in (the entry names each part's first term);
* ``w…``: the dictionary, the terms alone, in coarser parts: a word with a wrong letter loads them all;
* ``d…``: what a result row shows of DOCS_PER_PART offers, in the page's language;
* ``f…``: one filter's values of every offer (the age filter loads the ages alone).

A part's name is its content's hash: a browser (and the offline worker) keeps it for good. Where
a term starts a part depends on the term alone (but after LONGEST terms without such a start, and
around a term whose postings are BIG, which is a part of its own), so an offer that changes changes
the parts that hold its terms (and the entry), no others (but where one of its terms grows past BIG
or shrinks below it: then also the parts beside that term's).
"""

from __future__ import annotations

import hashlib
import json
import zlib


FOLDER = "suche/teile/"
TERMS_PER_POSTINGS = 64  # on average: a term whose hash is a multiple of it starts a part of postings
POSTINGS_PER_WORDS = 32  # … and of the dictionary, where it is a multiple of both
LONGEST = 8 * TERMS_PER_POSTINGS  # terms without a hash that says so (words made to avoid it): a part ends anyway
BIG = 4096  # bytes of a term's postings from which they are a part of their own (a common word loads no others)
DOCS_PER_PART = 16
# a filter's part: the keys of the document store it reads (search.store.offer_facts)
FACETS = {"alter": ("f", "g"), "bereich": ("b",), "ort": ("w",), "gutschein": ("v",), "initiative": ("i",),
          "geoeffnet": ("z",), "kostenlos": ("k",), "sprache": ("l",), "barrierefrei": ("x",)}
LISTS = {"b", "w", "v", "i", "l"}  # keys whose values are lists of names: sent as numbers into a table
ROW_KEYS = ("u", "t", "p", "s", "h", "a", "o", "c", "n")  # what a result row shows


class Parts:
    """The parts of every page of a build: each file once (pages share the same ones), by name."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self._encoded: dict[str, tuple[dict, str]] = {}  # term -> (its posting, as JSON) of the last page
        self._indexed = None  # (the postings, what index added to the entry) of the last page

    def add(self, kind: str, data) -> str:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        raw = text.encode("utf-8")
        name = kind + hashlib.sha256(raw).hexdigest()[:16]
        self.files.setdefault(name, raw)
        return name

    def index(self, entry: dict, postings: dict, terms: list[str]) -> dict:
        """entry (search.index.page_index) with the names of the parts of postings (their terms in
        JavaScript's order): "words" (each dictionary part's first term and name) and "postings"
        (of each postings part the number of its first term, as the gap from the one before, its
        first term and its name). Pages with the same postings (no translations) share them."""
        if self._indexed is None or self._indexed[0] is not postings:
            self._indexed = (postings, self._split(postings, terms))
        return {**entry, **self._indexed[1]}

    def _split(self, postings: dict, terms: list[str]) -> dict:
        words, starts, names = [], [], []
        if not terms:
            return {"words": words, "postings": {"starts": starts, "firsts": [], "names": names}}
        word_start = posting_start = 0
        big_before = False
        for number, term in enumerate(terms + [None]):
            crc = _hash(term) if term is not None else 0
            big = term is not None and len(self._posting(term, postings[term])) >= BIG
            boundary = term is None or (number and (crc % TERMS_PER_POSTINGS == 0 or number - posting_start >= LONGEST
                                                    or big or big_before))
            big_before = big
            if not boundary:
                continue
            starts.append(posting_start)
            part = terms[posting_start:number]
            names.append(self.add("p", '{"t":' + json.dumps(part, ensure_ascii=False, separators=(",", ":")) + ',"p":['
                                  + ",".join(self._posting(t, postings[t]) for t in part) + "]}"))
            posting_start = number
            if term is None or crc % (TERMS_PER_POSTINGS * POSTINGS_PER_WORDS) == 0 or number - word_start >= LONGEST * POSTINGS_PER_WORDS:
                words.append([terms[word_start], self.add("w", terms[word_start:number])])
                word_start = number
        gaps = [start - before for start, before in zip(starts, [0, *starts[:-1]])]
        return {"words": words, "postings": {"starts": gaps, "firsts": [terms[start] for start in starts], "names": names}}

    def _posting(self, term: str, posting: dict) -> str:
        """[field number, how many documents, then per document: the gap from the one before, the
        term's count, the field's length; the next field …]"""
        cached = self._encoded.get(term)
        if cached is None or cached[0] is not posting:  # (the German postings are the same objects on every page)
            flat = []
            for field in sorted(posting):
                docs = posting[field]
                flat += [field, len(docs)]
                before = 0
                for doc, tf, length in docs:
                    flat += [doc - before, tf, length]
                    before = doc
            cached = self._encoded[term] = (posting, json.dumps(flat, separators=(",", ":")))
        return cached[1]

    def documents(self, docs: list[dict]) -> dict:
        """The entry's "docs": what each result row shows (ROW_KEYS), DOCS_PER_PART offers a part."""
        names = []
        for start in range(0, len(docs), DOCS_PER_PART):
            names.append(self.add("d", {"keys": list(ROW_KEYS),
                                        "rows": [[doc[key] for key in ROW_KEYS] for doc in docs[start:start + DOCS_PER_PART]]}))
        return {"size": DOCS_PER_PART, "names": names}

    def facets(self, docs: list[dict]) -> dict:
        """The entry's "facets": each filter's part, its keys' values of every offer in order (a
        list of names as numbers into "names")."""
        found = {}
        for facet, keys in FACETS.items():
            part = {}
            for key in keys:
                values = [doc[key] for doc in docs]
                if key in LISTS:
                    table: dict[str, int] = {}
                    values = {"v": [[table.setdefault(v, len(table)) for v in value] for value in values]}
                    values["names"] = list(table)
                part[key] = values
            found[facet] = self.add("f", part)
        return found


def _hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def names_in(entry: dict) -> list[str]:
    """The names of every part an entry file names."""
    return ([name for _, name in entry["words"]] + list(entry["postings"]["names"]) + list(entry["docs"]["names"])
            + list(entry["facets"].values()))
