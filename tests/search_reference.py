"""The browser's search (suche-kern.js) in Python, for the tests and benchmarks: lunr.py's own index
of the same records (:func:`build_index`, the reference the site's compact index is checked
against), that compact form expanded and loaded back, and a query run as the browser runs it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.index import Index
from lunr.query import Query
from lunr.token import Token

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from lunr.builder import Builder  # noqa: E402
from lunr.pipeline import Pipeline  # noqa: E402

from angebote.search.index import FIELDS, TRANSLATED, document_terms, translated_terms  # noqa: E402
from angebote.search.text import (  # noqa: E402
    INDEX_PIPELINE, MAX_PHRASE, OWN_PIPELINES, SEARCH_PIPELINE, _pipeline, own_language, pack_thesaurus, pipeline_functions,
    query_words, split_words, word_pipeline)

MAX_QUERY = 200  # characters of a query that count (the same in suche-kern.js)
MAX_FUZZY = 40  # longest word tried with one wrong letter (the same in suche-kern.js)
LONG_WORD = 15  # from this length a word that still finds nothing is tried with two edits, then by its start
MIN_START = 6  # shortest start of such a word that counts
SYNONYM_WEIGHT = 0.5  # a thesaurus alternative's score against the word typed (the same in suche-kern.js)


def build_index(records: list[dict], node_modules: str, thesaurus: dict | None = None, languages=(), code=None) -> dict:
    """lunr's serialised index of records {id, title, provider, places, areas, summary, body, and
    the translated titles and summaries of languages}, with the compiled thesaurus and the page
    language's steps, as lunr.py's own Builder builds it from the same terms (what compact_index is
    checked against)."""
    language = own_language(code, node_modules)
    extra = {"thesaurus": thesaurus or {}, **({"language": language} if language else {})}
    if not records:  # a new directory, or every offer expired: lunr's builder cannot average over nothing
        return {"version": LUNR_JS_VERSION, "fields": list(FIELDS), "fieldVectors": [],
                "invertedIndex": [], "pipeline": list(SEARCH_PIPELINE), **extra}
    documents = document_terms(records, node_modules)
    for (_, fields), added in zip(documents, translated_terms(records, node_modules, languages)):
        for name in TRANSLATED:
            fields[name] = fields[name] + added[name]
    return {**lunr_builder(documents, node_modules).build().serialize(), **extra}


def lunr_builder(documents: list, node_modules: str | None = None) -> Builder:
    """lunr.py's Builder given documents (id, each field's finished terms): no pipeline of its own."""
    builder = Builder()
    builder.pipeline = Pipeline()
    if node_modules:
        builder.search_pipeline = _pipeline(pipeline_functions(node_modules), SEARCH_PIPELINE)
    builder.ref("id")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for ref, fields in documents:
        builder.add({"id": ref, **fields})
    return builder


def compact(serialised: dict) -> dict:
    """lunr's serialised index in a smaller form that holds the same index.

    Without metadata, lunr's inverted index only says which documents' fields
    hold a term, and the field vectors say that too. So only the vectors are
    kept: the terms once, sorted (a term's number is its place in that list),
    and per field one list per document (in ref order) of alternating gaps
    between term numbers and scores times 1000. ``loadIndex`` in
    suche-kern.js and ``expand`` below rebuild lunr's form from it.
    """
    by_index = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    vectors = []
    for key, elements in serialised["fieldVectors"]:
        field, ref = key.split("/", 1)
        vectors.append((field, ref, [(by_index[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2)]))
    terms = sorted(by_index.values(), key=lambda term: term.encode("utf-16-be"))
    number = {term: i for i, term in enumerate(terms)}
    flat_vectors = {field: [[] for _ in {ref for _, ref, _ in vectors}] for field in serialised["fields"]}
    for field, ref, scored in vectors:
        flat, previous = flat_vectors[field][int(ref)], 0
        for term_number, score in sorted((number[term], score) for term, score in scored):
            flat += [term_number - previous, round(score * 1000)]
            previous = term_number
    return {"version": serialised["version"], "pipeline": serialised["pipeline"], "fields": serialised["fields"],
            "terms": terms, "vectors": flat_vectors, "thesaurus": pack_thesaurus(serialised.get("thesaurus", {})),
            **({"language": serialised["language"]} if "language" in serialised else {})}


def expand(index: dict) -> dict:
    """lunr's serialised form of a ``compact`` index (for lunr.py's ``Index.load``)."""
    fields, terms = index["fields"], index["terms"]
    postings = [{field: {} for field in fields} for _ in terms]
    field_vectors = []
    for field in fields:
        for ref, flat in enumerate(index["vectors"][field]):
            elements, term_number = [], 0
            for i in range(0, len(flat), 2):
                term_number += flat[i]
                elements += [term_number, flat[i + 1] / 1000]
                postings[term_number][field][str(ref)] = {}
            field_vectors.append([f"{field}/{ref}", elements])
    inverted = [[term, {**posting, "_index": i}] for i, (term, posting) in enumerate(zip(terms, postings))]
    return {"version": index["version"], "fields": fields, "fieldVectors": field_vectors,
            "invertedIndex": inverted, "pipeline": index["pipeline"]}


def load_index(index: dict) -> Index:
    """A lunr.py index from the compact form written to the site, with its thesaurus and the code
    of its page's language where that has steps of its own (the index's "language")."""
    loaded = Index.load(expand(index))
    packed = index.get("thesaurus") or {"lists": [], "keys": {}}
    loaded.thesaurus = {key: packed["lists"][number] for key, number in packed["keys"].items()}  # unpackThesaurus
    loaded.language = (index.get("language") or {}).get("code")
    return loaded


def word_groups(words: list[tuple[str, ...]], thesaurus: dict) -> tuple[list[list[list[str]]], list[int]]:
    """The query's words (each as its terms), each as its alternatives (each a list of terms that
    must all match): a word or phrase of up to MAX_PHRASE words found in the thesaurus (by its own
    terms, then by its German ones: lookUp in suche-kern.js) stands for its German words (and, a
    single word, for itself: then its terms are the first alternatives, owns[i] of them); any other
    word for itself."""
    groups, owns, i = [], [], 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = words[i:i + n]
            german = thesaurus.get(" ".join(terms[0] for terms in phrase)) or thesaurus.get(" ".join(terms[-1] for terms in phrase))
            if german:
                groups.append(([[term] for term in words[i]] if n == 1 else []) + german)
                owns.append(len(words[i]) if n == 1 else 0)
                i += n
                break
        else:
            groups.append([[term] for term in words[i]])
            owns.append(len(words[i]))
            i += 1
    return groups, owns


def term_hits(index: Index, term: str) -> dict[str, float]:
    """Refs and scores of the offers one query term finds: exactly or as the start of a term; only
    if that finds nothing, and from five letters on, with one wrong letter; a long word (15 letters
    or more) that still finds nothing, with two, then by the longest start the index knows."""
    query = index.create_query()
    query.term(term, use_pipeline=False, boost=10)
    query.term(term, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING)
    results = index.query(query)
    if not results and 5 <= len(term) <= MAX_FUZZY:  # a typo: one wrong letter (bounded, as in suche-kern.js)
        query = index.create_query()
        query.term(term, use_pipeline=False, edit_distance=1)
        results = index.query(query)
    if not results and LONG_WORD <= len(term) <= MAX_FUZZY:
        # a long compound with a letter missing keeps an unstemmed tail ("…beratng"): two edits
        query = index.create_query()
        query.term(term, use_pipeline=False, edit_distance=2)
        results = index.query(query)
    # still nothing: the longest start of the word that the index knows ("schuldnerberatng" → "schuldn")
    cut = len(term) - 1
    while not results and LONG_WORD <= len(term) <= MAX_FUZZY and cut >= MIN_START:
        if term[:cut] in index.inverted_index:
            query = index.create_query()
            query.term(term[:cut], use_pipeline=False)
            results = index.query(query)
        cut -= 1
    return {r["ref"]: r["score"] for r in results}


def search(index: Index, text: str, node_modules: str) -> list[str]:
    """The browser's search, in Python: refs of the offers matching every word, best first.

    Each word (or thesaurus phrase, see word_groups) is searched as in term_hits; a word with
    alternatives finds what any of them finds, with the best score. Offers must match every
    word; if none does, offers matching any word.
    """
    words = query_words(text[:MAX_QUERY], node_modules, getattr(index, "language", None))
    # a one-letter word beside others ("с долгами", "и") would find nearly everything as a start
    words = [terms for terms in words if any(len(term) > 1 for term in terms)] or words
    if not words:
        return []
    per_word = []
    thesaurus = getattr(index, "thesaurus", {})
    for alternatives, own in zip(*word_groups(words, thesaurus)):
        found = group_hits(index, alternatives, own)
        # a word that finds nothing, not even with one wrong letter, and is no search word: the search
        # word one letter away stands in for it, each of its terms in turn (nearWord in suche-kern.js)
        if own == len(alternatives):
            for (term,) in alternatives:
                if found:
                    break
                near = near_word(thesaurus, term)
                if near is not None:
                    found = group_hits(index, thesaurus[near], 0)
        per_word.append(found)
    refs = set(per_word[0]).intersection(*per_word[1:]) or set().union(*per_word)
    scores = {ref: sum(found.get(ref, 0) for found in per_word) for ref in refs}
    return sorted(scores, key=lambda ref: (-scores[ref], int(ref)))


def group_hits(index: Index, alternatives: list[list[str]], own: int) -> dict[str, float]:
    """Refs and scores of one word's alternatives (groupHits in suche-kern.js): the word typed first
    (its first own alternatives), then what it stands for; an alternative of several words by their
    mean (a two-word synonym outweighed the word typed: "Familienhebammen" → "Familienunterstützender Dienst")."""
    found: dict[str, float] = {}
    for number, alternative in enumerate(alternatives):
        hits = [term_hits(index, term) for term in alternative]
        both = set(hits[0]).intersection(*hits[1:])
        weight = 1 if number < own else SYNONYM_WEIGHT
        for ref in both:
            found[ref] = max(found.get(ref, 0), sum(h[ref] for h in hits) / len(hits) * weight)
    return found


def near_word(thesaurus: dict, word: str) -> str | None:
    """The first single-word search word one letter from word, for words of 5 to MAX_FUZZY letters
    (nearWord in suche-kern.js; the thesaurus's keys in the file's order, numbers aside)."""
    if not 5 <= len(word) <= MAX_FUZZY:
        return None
    return next((key for key in thesaurus if " " not in key and not key.isdigit() and _within_one(word, key)), None)


def _within_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def index_terms(text: str, node_modules: str, code: str | None = None) -> list[str]:
    """What the index holds for a text in its German fields (the twin of indexTerms in
    suche-kern.js), or with code, in the fields of that page language's own steps (ownTerms)."""
    if code is None:
        pipeline = _pipeline(pipeline_functions(node_modules), INDEX_PIPELINE)
        return [str(t) for t in pipeline.run([Token(w) for w in split_words(text)])]
    own = word_pipeline(node_modules, OWN_PIPELINES[code], code)
    return [term for term in map(own, split_words(text)) if term]


def unpack_docs(store: dict) -> list[dict]:
    """The twin of unpackDocs in suche.js (used by the tests)."""
    table, shared = store["strings"], set(store["shared"])

    def value(key, v):
        if key not in shared:
            return v
        return [table[i] for i in v] if isinstance(v, list) else table[v]

    return [{key: value(key, v) for key, v in zip(store["keys"], row)} for row in store["rows"]]


# An age typed in the query (ageInQuery in suche-kern.js, word for word)
_AGE_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_YEARS = ("jahren|jahre|jahr|jährigen|jähriger|jähriges|jährigem|jährige|jährig|j|years|year|yrs|yr|yo|year-olds|year-old|"
          "yaşındaki|yasindaki|yaşında|yasinda|yaşlarında|yaslarinda|yaş|yas|سنوات|سنين|سنة|سنه|عاما|عام|أعوام|اعوام|"
          "річного|річний|річна|років|роки|рік|р|летнего|летний|летняя|лет|года|год|г")
_MONTHS = ("monaten|monate|monat|months|month|mo|aylık|aylik|ay|أشهر|اشهر|شهور|شهرا|شهر|місяців|місяці|місяць|"
           "месяцев|месяца|месяц|мес")
_BEFORE = "alter|age|aged|yaşı|yasi|عمره|عمرها|عمر|вік|возраст"
_DUALS = {"سنتين": 24, "سنتان": 24, "عامين": 24, "عامان": 24, "شهرين": 2, "شهران": 2}
_EDGE = r"(^|[\s,.;:!?()\-،؟])"
_END = r"(?=$|[\s,.;:!?()،؟])"
_AGE_AFTER = re.compile(_EDGE + r"(\d{1,3})(?:[\s-]*)(" + _YEARS + "|" + _MONTHS + r")\.?(?:[\s-]+(?:alt|old))?" + _END, re.I)
_AGE_BEFORE = re.compile(_EDGE + "(" + _BEFORE + r")[\s:]*(\d{1,3})" + _END, re.I)
_AGE_DUAL = re.compile(_EDGE + "(" + "|".join(_DUALS) + ")" + _END)
_MONTH_WORD = re.compile("^(?:" + _MONTHS + ")$", re.I)


def age_in_query(text: str) -> dict | None:
    """{"years", "rest"} of an age typed in the query, or None (the twin of ageInQuery)."""
    text = _AGE_DIGITS.sub(lambda m: str(ord(m.group()) & 0xF), str(text))
    match = _AGE_AFTER.search(text)
    if match:
        months = int(match.group(2)) * (1 if _MONTH_WORD.match(match.group(3)) else 12)
    elif (match := _AGE_BEFORE.search(text)):
        months = int(match.group(3)) * 12
    elif (match := _AGE_DUAL.search(text)):
        months = _DUALS[match.group(2)]
    else:
        return None
    years = months // 12
    if years > 99:
        return None
    rest = " ".join((text[:match.start()] + match.group(1) + " " + text[match.end():]).split())
    return {"years": years, "rest": rest}


def family_search(index: Index, docs: list[dict], query: str, node_modules: str) -> list[str]:
    """What the search page shows for a query as a family types it (suche.js): an age in it becomes
    the age filter, the rest is searched (nothing left: every offer), and the age filter keeps the
    offers for that age; the offers' ids, best first."""
    age = age_in_query(query)
    text = age["rest"] if age else query
    words = query_words(text[:MAX_QUERY], node_modules, getattr(index, "language", None))
    refs = search(index, text, node_modules) if words else [str(i) for i in range(len(docs))]
    if age:
        n = age["years"]
        refs = [ref for ref in refs if docs[int(ref)]["f"] is not None and docs[int(ref)]["f"][0] < n + 1 and docs[int(ref)]["f"][1] > n]
    return [docs[int(ref)]["u"] for ref in refs]
