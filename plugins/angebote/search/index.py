"""The search index of a language's search page: each term's postings in every offer (lunr's
inverted index with what its BM25 needs, :class:`Postings`), the page's thesaurus and its
language's steps; :mod:`.chunks` splits it into the files the page loads."""

from __future__ import annotations

import bisect
import functools
from collections import Counter

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from .text import (INDEX_PIPELINE, MIN_PART, OWN_PIPELINES, SEARCH_PIPELINE, area_term, compound_parts, fold_umlauts,
                   pack_thesaurus, split_words, stem_starts, word_pipeline)

# Index fields and their weight: title matches outrank everything else, and so does an offer's life
# area where the query names that need, above them ("bereich": its areas' terms, text.area_term, which only the
# thesaurus's needs and the areas' labels ask for).
FIELDS = {"title": 10, "bereich": 20, "provider": 4, "places": 4, "areas": 3, "summary": 2, "body": 1, "parts": 1}
TEXT_FIELDS = [name for name in FIELDS if name not in ("parts", "bereich")]
# The translated titles and summaries of each language a page searches besides German
# (text.page_languages) join the German ones' fields, each through its language's own steps where it
# has them (text.OWN_PIPELINES), else the German ones. (In fields of their own, each keystroke on the
# Turkish and Arabic page took a fifth longer, for the same judged queries found; the translated
# descriptions cost another tenth and 4 KiB gzip a page, and found no judged query more.)
TRANSLATED = ("title", "summary")
NAMES = list(FIELDS)
FUZZY = (5, 40)  # the lengths of a term that suche-kern.js tries with a wrong letter where it finds nothing (MAX_FUZZY)


def document_terms(records: list[dict], node_modules: str) -> list[tuple[str, dict[str, list[str]]]]:
    """(id, each German field's terms) of each record: its words split as lunr.js's tokenizer splits
    them, each through the index pipeline, and in the field "parts" the parts of its long words that
    start where a stem of the offers' own words starts (search.text.compound_parts). The same for
    every page: made once in a build (outputs.search)."""
    fold_stem = word_pipeline(node_modules, SEARCH_PIPELINE)  # stems as a query would produce them
    index_term = word_pipeline(node_modules, INDEX_PIPELINE)
    fold = functools.lru_cache(maxsize=None)(fold_umlauts)
    split = [{name: split_words(record[name]) for name in TEXT_FIELDS} for record in records]
    distinct = [{fold(w) for name in ("title", "summary", "body") for w in words[name]} for words in split]
    vocabulary = set().union(*distinct)
    starts = stem_starts({stem for stem in map(fold_stem, vocabulary) if len(stem) >= MIN_PART})

    # Words repeat a lot: the pipeline runs once per distinct word, the parts are found once per word.
    # A word of only punctuation ("-", "…") trims to nothing: no term, as in lunr.js.
    term_of = {word: index_term(word) for word in set().union(*(words[name] for words in split for name in TEXT_FIELDS))}

    @functools.lru_cache(maxsize=None)
    def part_terms(word: str) -> tuple[str, ...]:
        return tuple(term for part in compound_parts([word], starts) if (term := index_term(part)))

    documents = []
    for record, words, folded in zip(records, split, distinct):
        fields = {name: list(filter(None, map(term_of.__getitem__, words[name]))) for name in TEXT_FIELDS}
        fields["parts"] = [term for word in sorted(folded) if len(word) >= 2 * MIN_PART for term in part_terms(word)]
        fields["bereich"] = [area_term(slug) for slug in record.get("bereich", ())]
        documents.append((record["id"], fields))
    return documents


def translated_terms(records: list[dict], node_modules: str, languages=()) -> list[dict[str, list[str]]]:
    """The terms of each record's translated title and summary in languages (title_<language>,
    summary_<language>), each language's through its own index steps where it has them, else the
    German: {field: terms} per record, which the page's index adds to the German ones' fields."""
    if not languages:
        return []
    pipelines = {code: word_pipeline(node_modules, OWN_PIPELINES.get(code, INDEX_PIPELINE), code) for code in languages}

    def terms(record: dict, name: str) -> list[str]:
        return [term for code in languages for word in split_words(record.get(f"{name}_{code}", ""))
                if (term := pipelines[code](word))]

    return [{name: terms(record, name) for name in TRANSLATED} for record in records]


class Postings:
    """Each term's postings in documents (id, each field's terms): per field, the documents whose
    field holds it, with its count there and the field's length. That, the number of documents and
    each field's total length is all lunr's BM25 (as lunr.py's Builder computes it) needs; the
    browser computes the scores of the terms a query asks for (``score`` in suche-kern.js), so that
    the search files of an offer that changes are only those that hold it (:mod:`.chunks`), not
    every file whose scores an average length moves.

    The German texts are the same on every page: they are counted once in a build, and a page's
    postings (:meth:`page`) only add its translated titles and summaries."""

    def __init__(self, documents: list[tuple[str, dict[str, list[str]]]]):
        if [ref for ref, _ in documents] != [str(i) for i in range(len(documents))]:
            raise ValueError("Die Suche erwartet die Nummern 0, 1, 2 … als Schlüssel der Angebote.")
        self.count = len(documents)
        self.counted = [[Counter(term.lower() for term in terms_of[name]) for name in NAMES] for _, terms_of in documents]
        self.totals = [sum(sum(per_field[i].values()) for per_field in self.counted) for i in range(len(NAMES))]
        self.postings: dict[str, dict[int, list[tuple[int, int, int]]]] = {}
        for doc, per_field in enumerate(self.counted):
            for i, counts in enumerate(per_field):
                length = sum(counts.values())
                for term, tf in counts.items():
                    self.postings.setdefault(term, {}).setdefault(i, []).append((doc, tf, length))
        self.terms = sorted(self.postings, key=js_order)

    def page(self, added: list[dict[str, list[str]]] = ()) -> tuple[dict, list[int], list[str]]:
        """(postings, each field's total length, their terms in JavaScript's order) with added[i]'s
        terms ({field: terms}) added to document i's fields; the German ones themselves where
        nothing is added."""
        changed: dict[tuple[int, int], Counter] = {}
        for doc, fields in enumerate(added):
            for name, terms in fields.items():
                if terms:
                    i = NAMES.index(name)
                    changed[doc, i] = self.counted[doc][i] + Counter(term.lower() for term in terms)
        if not changed:
            return self.postings, self.totals, self.terms
        totals = list(self.totals)
        updates: dict[str, dict[int, dict[int, tuple[int, int]]]] = {}
        for (doc, i), counts in changed.items():
            length = sum(counts.values())
            totals[i] += length - sum(self.counted[doc][i].values())
            for term, tf in counts.items():
                updates.setdefault(term, {}).setdefault(i, {})[doc] = (tf, length)
        postings = dict(self.postings)
        for term, fields in updates.items():
            posting = dict(postings.get(term, {}))
            for i, docs in fields.items():
                kept = [entry for entry in posting.get(i, ()) if entry[0] not in docs]
                posting[i] = sorted(kept + [(doc, tf, length) for doc, (tf, length) in docs.items()])
            postings[term] = posting
        new = [term for term in updates if term not in self.postings]
        return postings, totals, sorted(self.terms + new, key=js_order) if new else self.terms


def page_index(german: Postings, thesaurus: dict, language: dict | None = None,
               added: list[dict[str, list[str]]] = ()) -> tuple[dict, dict, list[str]]:
    """What a search page's entry file says of its index (without the names of its files, which
    :mod:`.chunks` adds), and the postings and totals it splits: the German postings with added's
    terms, the page's thesaurus and its language's steps (text.own_language); and the postings'
    terms in JavaScript's order."""
    postings, totals, terms = german.page(added)
    packed = pack_thesaurus(thesaurus)
    packed["near"] = lists_needing_words(packed["lists"], terms)
    return {"version": LUNR_JS_VERSION, "pipeline": list(SEARCH_PIPELINE), "fields": list(NAMES),
            "boosts": [FIELDS[name] for name in NAMES], "count": german.count, "lengths": totals,
            "thesaurus": packed, **({"language": language} if language else {})}, postings, terms


def lists_needing_words(lists: list[list[list[str]]], terms: list[str]) -> list[int]:
    """The numbers of the thesaurus's lists of alternatives with a term that no term of the index
    (terms, in JavaScript's order) starts with and that suche-kern.js then tries with a wrong letter (FUZZY letters long): a query
    that meets such a list needs the whole dictionary, and fetches it with its first parts instead
    of a round trip later."""
    def starts_some(word: str) -> bool:
        i = bisect.bisect_left(terms, js_order(word), key=js_order)
        return i < len(terms) and terms[i].startswith(word)

    return [number for number, alternatives in enumerate(lists)
            if any(FUZZY[0] <= len(word) <= FUZZY[1] and not starts_some(word) for words in alternatives for word in words)]


def js_order(term: str) -> bytes:
    """A term's place in JavaScript's string order (UTF-16 code units), which lunr's TokenSet builder needs."""
    return term.encode("utf-16-be")


def search_records(offers, languages=()) -> list[dict]:
    """The texts to index: the providers' own, and their translations of title and summary into
    languages (text.page_languages; none: the providers' own only, as on the German page);
    an offer's number is its ref. The taxonomy's labels in the other languages reach the offers
    through the thesaurus (label_entries), not the index."""
    return [
        {
            "id": str(number),
            "title": offer.title,
            "provider": offer.provider.name,
            "places": " ".join([t.label for t in offer.towns] + [loc.city for loc in offer.locations]),
            "areas": " ".join(a.label for a in offer.areas),
            "bereich": [a.slug for a in offer.areas],
            "summary": offer.summary,
            "body": " ".join([offer.body_text, *offer.target_groups, offer.cost,
                              *(name for p in offer.programmes for name in (p.label, *p.aliases)),
                              *(name for a in offer.accepts for name in (a.voucher.label, *a.voucher.aliases))]),
            **{f"{name}_{code}": offer.translations.get(code, {}).get(name, "") for code in languages for name in TRANSLATED},
        }
        for number, offer in enumerate(offers)
    ]
