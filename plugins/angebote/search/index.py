"""The search index a language's search page loads (``<prefix>suche/index.json``): lunr's index of
every offer, with lunr.py's BM25 scores (:func:`scored`), in a compact form, and the page's thesaurus."""

from __future__ import annotations

import functools
import math
import operator
from collections import Counter

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from .text import (INDEX_PIPELINE, MIN_PART, OWN_PIPELINES, SEARCH_PIPELINE, area_term, compound_parts, fold_umlauts,
                   own_language, pack_thesaurus, split_words, stem_starts, word_pipeline)

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
K1, B = 1.2, 0.75  # lunr's BM25 parameters (lunr.py's and lunr.js's Builder defaults)


def compact_index(records: list[dict], node_modules: str, thesaurus: dict | None = None, languages=(), code=None,
                  german: Scores | None = None) -> dict:
    """The index a search page loads of the records {id, title, provider, places, areas, summary,
    body, and title_<language>, summary_<language> of each of languages}, their ids "0", "1", … in
    order; code: the page's language (its own steps for its own words, where it has them); german:
    the Scores of the records' document_terms, where made already (one build makes them once for
    every page: outputs.search)."""
    if german is None:
        german = Scores(document_terms(records, node_modules))
    return german.index(thesaurus or {}, own_language(code, node_modules),
                        translated_terms(records, node_modules, languages))


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


def scored(documents: list[tuple[str, dict[str, list[str]]]], thesaurus: dict, language: dict | None = None) -> dict:
    """The index of documents (id, each field's terms) in the form the site loads (:class:`Scores`)."""
    return Scores(documents).index(thesaurus, language)


class Scores:
    """Each field's BM25 score of each term of documents (id, each field's terms) as lunr.py's Builder
    computes it (the same operations in the same order: the same floats, rounded to 3 places),
    without lunr.py's builder, vectors and serialised form (at 2000 offers of real length, 2.8 ->
    1.5 s; tests/test_search_crosscheck.py compares it with lunr.py's own build); and from them the
    index of each search page (:meth:`index`).

    Without metadata, lunr's inverted index only says which documents' fields hold a term, and the
    field vectors say that too. So only the vectors are kept: the terms once, sorted in JavaScript's
    string order (UTF-16 code units, which lunr's TokenSet builder needs; a term's number is its
    place in that list), and per field one list per document (in id order) of alternating gaps
    between term numbers and scores times 1000. ``loadIndex`` in suche-kern.js rebuilds lunr's form
    from it (and tests/search_reference.py's ``expand``).

    The German texts are the same on every page; a page adds the terms of the translated titles
    and summaries of its languages. So the German documents are scored once in a build, and a
    page's index scores again only what its additions change (every document's field whose
    average length changes, the fields of documents that got terms, the fields that hold a term
    whose idf changes); the others keep their scores under the page's term numbers. At 2000 offers
    of real length a page without translations costs 0.05 s instead of 1.5 s, one with a
    translation of every title and summary about 0.3 s."""

    def __init__(self, documents: list[tuple[str, dict[str, list[str]]]]):
        if [ref for ref, _ in documents] != [str(i) for i in range(len(documents))]:
            raise ValueError("Die Suche erwartet die Nummern 0, 1, 2 … als Schlüssel der Angebote.")
        self.count = len(documents)
        self.counted = []  # each document's Counter of each field's terms (as lunr's tokenizer has them: lower case)
        self.totals = dict.fromkeys(NAMES, 0)
        self.with_term = Counter()  # term -> the fields of documents that hold it (lunr's idf counts those)
        for _, terms_of in documents:
            per_field = []
            for name in NAMES:
                terms = [term.lower() for term in terms_of[name]]
                counts = Counter(terms)
                self.totals[name] += len(terms)
                self.with_term.update(counts.keys())
                per_field.append(counts)
            self.counted.append(per_field)
        self.terms = sorted(self.with_term, key=_js_order)
        self.number = {term: i for i, term in enumerate(self.terms)}
        self.idf = {term: _idf(self.count, n) for term, n in self.with_term.items()}
        # each document's fields: (their terms in number order, each term's score times 1000)
        self.scores = [[_field_scores(counts, self.idf, self.number, self.totals[name] / self.count, FIELDS[name])
                        for name, counts in zip(NAMES, per_field)] for per_field in self.counted]
        self.vectors = {name: [_gaps(*doc[i], self.number) for doc in self.scores] for i, name in enumerate(NAMES)}

    def index(self, thesaurus: dict, language: dict | None = None, added: list[dict[str, list[str]]] = ()) -> dict:
        """The index a page loads: the documents with added[i]'s terms ({field: terms}) added to
        document i's fields, the page's thesaurus and its language's steps (text.own_language)."""
        counted, totals, with_term = list(self.counted), dict(self.totals), self.with_term.copy()
        grown = {}  # document -> the numbers of its fields that got terms
        for doc, fields in enumerate(added):
            for name, terms in fields.items():
                if terms:
                    i = NAMES.index(name)
                    if doc not in grown:
                        counted[doc] = list(counted[doc])
                    before = counted[doc][i]
                    counts = counted[doc][i] = before + Counter(term.lower() for term in terms)
                    totals[name] += len(terms)
                    with_term.update(term for term in counts if term not in before)
                    grown.setdefault(doc, set()).add(i)
        if not grown:
            return self._form(self.terms, self.vectors, thesaurus, language)
        changed = {term: n for term, n in with_term.items() if self.with_term.get(term) != n}  # idf changed
        idf = {**self.idf, **{term: _idf(self.count, n) for term, n in changed.items()}}
        renumbered = any(term not in self.with_term for term in changed)
        terms = sorted(with_term, key=_js_order) if renumbered else self.terms
        number = {term: i for i, term in enumerate(terms)} if renumbered else self.number
        vectors = {}
        for i, name in enumerate(NAMES):
            again = totals[name] != self.totals[name]  # the field's average length changed: all its scores
            average = totals[name] / self.count if self.count else 0
            flat_lists = []
            for doc, per_field in enumerate(counted):
                counts = per_field[i]
                if again or i in grown.get(doc, ()) or not changed.keys().isdisjoint(counts):
                    flat_lists.append(_gaps(*_field_scores(counts, idf, number, average, FIELDS[name]), number))
                elif renumbered:
                    flat_lists.append(_gaps(*self.scores[doc][i], number))
                else:
                    flat_lists.append(self.vectors[name][doc])
            vectors[name] = flat_lists
        return self._form(terms, vectors, thesaurus, language)

    @staticmethod
    def _form(terms: list[str], vectors: dict, thesaurus: dict, language: dict | None) -> dict:
        return {"version": LUNR_JS_VERSION, "pipeline": list(SEARCH_PIPELINE), "fields": list(NAMES), "terms": terms,
                "vectors": vectors, "thesaurus": pack_thesaurus(thesaurus), **({"language": language} if language else {})}


def _js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


def _idf(count: int, with_term: int) -> float:
    return math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))


def _field_scores(counts: Counter, idf: dict, number: dict, average: float, boost: int) -> tuple[tuple, tuple]:
    """A field's terms in number order and each one's BM25 score times 1000, as lunr.py's Builder
    computes them (average: the field's average length over the documents)."""
    if not counts:  # (a field empty in every document has the average length 0)
        return (), ()
    length_part = K1 * (1 - B + B * (sum(counts.values()) / average))
    scored_terms = sorted(counts, key=number.__getitem__)
    return tuple(scored_terms), tuple(round(round(idf[term] * ((K1 + 1) * counts[term]) / (length_part + counts[term]) * boost, 3) * 1000)
                                      for term in scored_terms)


def _gaps(terms: tuple, scores: tuple, number: dict) -> list[int]:
    """A field's vector as the site loads it: alternating gaps between term numbers and scores."""
    numbers = list(map(number.__getitem__, terms))
    flat = [0] * (2 * len(numbers))
    flat[0::2] = map(operator.sub, numbers, [0, *numbers[:-1]]) if numbers else ()
    flat[1::2] = scores
    return flat


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
