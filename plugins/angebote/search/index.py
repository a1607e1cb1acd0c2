"""The search index the site loads (``suche/index.json``): lunr's index of every offer, with
lunr.py's BM25 scores, in a compact form (:func:`_compact_form`), and the thesaurus."""

from __future__ import annotations

import functools
from collections import Counter

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.builder import Builder
from lunr.idf import idf

from .text import (INDEX_PIPELINE, MIN_PART, SEARCH_PIPELINE, _pipeline, compound_parts, fold_umlauts, pipeline_functions,
                   split_words, stem_starts, word_pipeline)

# Index fields and their weight: title matches outrank everything else.
FIELDS = {"title": 10, "provider": 4, "places": 4, "areas": 3, "summary": 2, "body": 1, "parts": 1}


def compact_index(records: list[dict], node_modules: str, thesaurus: dict | None = None) -> dict:
    """The index the site loads: lunr.py's index of the records {id, title, provider, places, areas,
    summary, body} in the compact form (_compact_form), worked out from the builder's counts without
    lunr.py's vectors, index and serialised form in between (TermBuilder.compact; tests/
    search_reference.py builds lunr.py's own and compares)."""
    if not records:  # a new directory, or every offer expired: lunr's builder cannot average over nothing
        return _compact_form(version=LUNR_JS_VERSION, pipeline=SEARCH_PIPELINE, fields=list(FIELDS), terms=[], refs=[],
                             vectors=[], thesaurus=thesaurus or {})
    return _filled_builder(records, node_modules).compact(thesaurus or {})


def _filled_builder(records: list[dict], node_modules: str) -> TermBuilder:
    """A TermBuilder given the records' terms."""
    functions = pipeline_functions(node_modules)
    fold_stem = word_pipeline(node_modules, tuple(SEARCH_PIPELINE))  # stems as a query would produce them
    fold = functools.lru_cache(maxsize=None)(fold_umlauts)
    folded = [
        [fold(w) for w in split_words(" ".join(r[f] for f in ("title", "summary", "body")))] for r in records
    ]
    vocabulary = {w for words in folded for w in words}
    starts = stem_starts({stem for stem in map(fold_stem, vocabulary) if len(stem) >= MIN_PART})
    index_term = word_pipeline(node_modules, tuple(INDEX_PIPELINE))

    @functools.lru_cache(maxsize=None)
    def terms_of(word: str) -> tuple[str, ...]:
        # A word of only punctuation ("-", "…") trims to nothing: no term, as in lunr.js.
        term = index_term(word)
        return (term,) if term else ()

    def terms(words) -> list[str]:
        return [term for word in words for term in terms_of(word)]

    @functools.lru_cache(maxsize=None)
    def parts_of(word: str) -> list[str]:  # most words are in many offers
        return compound_parts([word], starts)

    # Words repeat a lot: the index pipeline runs once per distinct word (above),
    # and the builder gets the finished terms.
    builder = TermBuilder()
    builder.search_pipeline = _pipeline(functions, SEARCH_PIPELINE)
    builder.ref("id")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for record, words in zip(records, folded):
        doc = {name: terms(split_words(record[name])) for name in FIELDS if name != "parts"}
        doc["parts"] = terms([part for w in sorted(set(words)) if len(w) >= 2 * MIN_PART for part in parts_of(w)])
        builder.add_terms(record["id"], doc)
    return builder


class TermBuilder(Builder):
    """lunr.py's builder, given each field's finished terms. (It uses lunr.py's own fields and
    methods beside its public ones: ``_documents``, ``_fields``, ``_k1``, ``_b``,
    ``_calculate_average_field_lengths``; lunr is pinned in requirements.txt, and
    tests/test_search_crosscheck.py compares the result with lunr.py's own build, so a change
    underneath fails there. It made the search files 0.65 -> 0.39 s at 2000 offers.)

    ``add_terms(ref, {field: [term, …]})`` records what ``Builder.add`` records for a document
    whose fields are those lists, with an empty pipeline and no metadata (the term counts, the
    field lengths and the postings), without making a token, and a copy of its empty metadata,
    of every word (a third of the index's time). From them lunr.py computes the vectors as always
    (``build``), or ``compact`` the compact form; tests/test_search_crosscheck.py checks both
    against lunr.py's own builder.
    """

    def add_terms(self, ref: str, fields: dict[str, list[str]]) -> None:
        self._documents[ref] = {}
        self.document_count += 1
        index, names = self.inverted_index, list(self._fields)
        for name in names:
            terms = [term.lower() for term in fields[name]]  # as lunr's tokenizer has them
            counts = Counter(terms)  # in order of first appearance, as Builder.add counts them
            key = f"{name}/{ref}"
            self.field_term_frequencies[key] = counts
            self.field_lengths[key] = len(terms)
            for term in counts:
                posting = index.get(term)
                if posting is None:
                    posting = index[term] = {field: {} for field in names}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                posting[name][ref] = {}

    def compact(self, thesaurus: dict) -> dict:
        """compact(self.build().serialize()) with the thesaurus: each field's BM25 score of each term
        as lunr.py computes it (the same operations in the same order: the same floats, rounded to 3
        places), put straight into the compact form (_compact_form): lunr.py would
        insert each term into its vector by a binary search and serialise the index first, a third
        of the search files' time."""
        self._calculate_average_field_lengths()
        index, k1, b, count = self.inverted_index, self._k1, self._b, self.document_count
        idfs: dict[str, float] = {}

        def vectors():
            for key, counts in self.field_term_frequencies.items():
                name, ref = key.split("/", 1)
                if not counts:  # (a field empty in every document has the average length 0)
                    yield name, ref, []
                    continue
                length_part = k1 * (1 - b + b * (self.field_lengths[key] / self.average_field_length[name]))
                field_boost = self._fields[name].boost
                doc_boost = self._documents[ref].get("boost", 1)
                scored = []
                for term, tf in counts.items():
                    term_idf = idfs.get(term)
                    if term_idf is None:
                        term_idf = idfs[term] = idf(index[term], count)
                    score = term_idf * ((k1 + 1) * tf) / (length_part + tf)
                    score *= field_boost
                    score *= doc_boost
                    scored.append((term, round(score, 3)))
                yield name, ref, scored

        return _compact_form(version=LUNR_JS_VERSION, pipeline=self.search_pipeline.serialize(), fields=list(self._fields),
                             terms=index, refs=self._documents, vectors=vectors(), thesaurus=thesaurus)


def _compact_form(*, version: str, pipeline: list, fields: list[str], terms, refs, vectors, thesaurus: dict) -> dict:
    """The index in the form the site loads, of the terms, the documents' refs and their vectors:
    (field, ref, [(term, score rounded to 3 places), …]) in any order.

    Without metadata, lunr's inverted index only says which documents' fields hold a term, and the
    field vectors say that too. So only the vectors are kept: the terms once, sorted (a term's number
    is its place in that list), and per field one list per document (in ref order) of alternating
    gaps between term numbers and scores times 1000. ``loadIndex`` in suche-kern.js rebuilds lunr's
    form from it (and tests/search_reference.py's ``expand``)."""
    # In JavaScript's string order (UTF-16 code units), which lunr's TokenSet builder needs.
    terms = sorted(terms, key=lambda term: term.encode("utf-16-be"))
    number = {term: i for i, term in enumerate(terms)}
    if sorted(refs, key=int) != [str(i) for i in range(len(refs))]:
        raise ValueError("Die Suche erwartet die Nummern 0, 1, 2 … als Schlüssel der Angebote.")
    flat_vectors = {field: [[] for _ in refs] for field in fields}
    for field, ref, scored in vectors:
        flat, previous = flat_vectors[field][int(ref)], 0
        for term_number, score in sorted((number[term], score) for term, score in scored):
            flat += [term_number - previous, round(score * 1000)]
            previous = term_number
    return {"version": version, "pipeline": pipeline, "fields": fields, "terms": terms, "vectors": flat_vectors,
            "thesaurus": thesaurus}


def search_records(offers, every_language: bool = True) -> list[dict]:
    """The texts to index: the providers' own and their translations of title and summary
    (every_language=False: the providers' language only, as before the other languages were
    searchable; for bench/search_index.py); an offer's number is its ref. The taxonomy's labels
    in the other languages reach the offers through the thesaurus (label_entries), not the index."""
    def translated(offer, name: str) -> list[str]:
        return [t[name] for t in offer.translations.values() if t.get(name)] if every_language else []

    return [
        {
            "id": str(number),
            "title": " ".join([offer.title, *translated(offer, "title")]),
            "provider": offer.provider.name,
            "places": " ".join([t.label for t in offer.towns] + [loc.city for loc in offer.locations]),
            "areas": " ".join(a.label for a in offer.areas),
            "summary": " ".join([offer.summary, *translated(offer, "summary")]),
            "body": " ".join([offer.body_text, *offer.target_groups, offer.cost,
                              *(name for p in offer.programmes for name in (p.label, *p.aliases)),
                              *(name for a in offer.accepts for name in (a.voucher.label, *a.voucher.aliases))]),
        }
        for number, offer in enumerate(offers)
    ]
