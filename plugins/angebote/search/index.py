"""The search index a language's search page loads (``<prefix>suche/index.json``): lunr's index of
every offer, with lunr.py's BM25 scores (:func:`scored`), in a compact form, and the page's thesaurus."""

from __future__ import annotations

import functools
import math
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
K1, B = 1.2, 0.75  # lunr's BM25 parameters (lunr.py's and lunr.js's Builder defaults)


def compact_index(records: list[dict], node_modules: str, thesaurus: dict | None = None, languages=(), code=None,
                  german=None) -> dict:
    """The index a search page loads of the records {id, title, provider, places, areas, summary,
    body, and title_<language>, summary_<language> of each of languages}, their ids "0", "1", … in
    order; code: the page's language (its own steps for its own words, where it has them); german:
    the records' document_terms, where made already."""
    documents = german if german is not None else document_terms(records, node_modules)
    return scored(translated_terms(records, documents, node_modules, languages), thesaurus or {},
                  own_language(code, node_modules))


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
    @functools.lru_cache(maxsize=None)
    def terms_of(word: str) -> tuple[str, ...]:
        # A word of only punctuation ("-", "…") trims to nothing: no term, as in lunr.js.
        term = index_term(word)
        return (term,) if term else ()

    @functools.lru_cache(maxsize=None)
    def part_terms(word: str) -> tuple[str, ...]:
        return tuple(term for part in compound_parts([word], starts) for term in terms_of(part))

    documents = []
    for record, words, folded in zip(records, split, distinct):
        fields = {name: [term for word in words[name] for term in terms_of(word)] for name in TEXT_FIELDS}
        fields["parts"] = [term for word in sorted(folded) if len(word) >= 2 * MIN_PART for term in part_terms(word)]
        fields["bereich"] = [area_term(slug) for slug in record.get("bereich", ())]
        documents.append((record["id"], fields))
    return documents


def translated_terms(records: list[dict], documents: list, node_modules: str, languages=()) -> list:
    """documents (document_terms) with the terms of each record's translated title and summary in
    languages (title_<language>, summary_<language>) added to the German ones' fields, each
    language's through its own index steps where it has them, else the German."""
    if not languages:
        return documents
    pipelines = {code: word_pipeline(node_modules, OWN_PIPELINES.get(code, INDEX_PIPELINE), code) for code in languages}

    def terms(record: dict, name: str) -> list[str]:
        return [term for code in languages for word in split_words(record.get(f"{name}_{code}", ""))
                if (term := pipelines[code](word))]

    return [(ref, {**fields, **{name: fields[name] + terms(record, name) for name in TRANSLATED}})
            for record, (ref, fields) in zip(records, documents)]


def scored(documents: list[tuple[str, dict[str, list[str]]]], thesaurus: dict, language: dict | None = None) -> dict:
    """The index of documents (id, each field's terms) in the form the site loads: each field's BM25
    score of each term as lunr.py's Builder computes it (the same operations in the same order: the
    same floats, rounded to 3 places), without lunr.py's builder, vectors and serialised form
    (at 2000 offers of real length, 2.8 -> 1.5 s; tests/test_search_crosscheck.py compares it with
    lunr.py's own build).

    Without metadata, lunr's inverted index only says which documents' fields hold a term, and the
    field vectors say that too. So only the vectors are kept: the terms once, sorted in JavaScript's
    string order (UTF-16 code units, which lunr's TokenSet builder needs; a term's number is its
    place in that list), and per field one list per document (in id order) of alternating gaps
    between term numbers and scores times 1000. ``loadIndex`` in suche-kern.js rebuilds lunr's form
    from it (and tests/search_reference.py's ``expand``). language: the page language's steps and
    stop words (text.own_language), where it has them."""
    names = list(FIELDS)
    if [ref for ref, _ in documents] != [str(i) for i in range(len(documents))]:
        raise ValueError("Die Suche erwartet die Nummern 0, 1, 2 … als Schlüssel der Angebote.")
    count = len(documents)
    counted = []  # each document's Counter of each field's terms (as lunr's tokenizer has them: lower case)
    totals = dict.fromkeys(names, 0)
    with_term = Counter()  # term -> the fields of documents that hold it (lunr's idf counts those)
    for _, terms_of in documents:
        per_field = []
        for name in names:
            terms = [term.lower() for term in terms_of[name]]
            counts = Counter(terms)
            totals[name] += len(terms)
            with_term.update(counts.keys())
            per_field.append(counts)
        counted.append(per_field)
    terms = sorted(with_term, key=lambda term: term.encode("utf-16-be"))
    number = {term: i for i, term in enumerate(terms)}
    idf = {term: math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for term, n in with_term.items()}
    vectors = {name: [] for name in names}
    for per_field in counted:
        for name, counts in zip(names, per_field):
            flat = []
            if counts:  # (a field empty in every document has the average length 0)
                length_part = K1 * (1 - B + B * (sum(counts.values()) / (totals[name] / count)))
                boost, previous = FIELDS[name], 0
                for term_number, score in sorted(
                        (number[term], round(idf[term] * ((K1 + 1) * tf) / (length_part + tf) * boost, 3))
                        for term, tf in counts.items()):
                    flat += (term_number - previous, round(score * 1000))
                    previous = term_number
            vectors[name].append(flat)
    return {"version": LUNR_JS_VERSION, "pipeline": list(SEARCH_PIPELINE), "fields": names, "terms": terms,
            "vectors": vectors, "thesaurus": pack_thesaurus(thesaurus), **({"language": language} if language else {})}


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
