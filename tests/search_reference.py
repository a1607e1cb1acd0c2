"""The browser's search (suche-kern.js) in Python, for the tests and benchmarks: lunr.py's own index
of the same records (:func:`build_index`, the reference the site's search files are checked
against), the index an entry file and its parts hold, read and scored as the browser does
(:func:`load_index`), and a query run as the browser runs it."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.index import Index
from lunr.query import Query
from lunr.token import Token

ROOT = Path(__file__).resolve().parents[1]
K1, B = 1.2, 0.75  # lunr's BM25 parameters (lunr.py's and lunr.js's Builder defaults; suche-kern.js's score)
sys.path.insert(0, str(ROOT / "plugins"))

from lunr.builder import Builder  # noqa: E402
from lunr.pipeline import Pipeline  # noqa: E402

from angebote.search.chunks import FOLDER, Parts  # noqa: E402
from angebote.search.index import (  # noqa: E402
    FIELDS, TRANSLATED, Postings, document_terms, js_order, page_index, translated_terms)
from angebote.search.text import (  # noqa: E402
    INDEX_PIPELINE, MAX_PHRASE, OWN_PIPELINES, SEARCH_PIPELINE, _pipeline, own_language, pipeline_functions,
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


def in_node(entry_file: Path, tmp_path: Path, **data) -> dict:
    """What the real lunr.js and suche-kern.js in Node make of data over a built entry file and its
    parts (tests/node/crosscheck.js: data's words, queries, ages, stems, scores, near, fresh)."""
    source = tmp_path / "input.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    node = subprocess.run(["node", str(ROOT / "tests/node/crosscheck.js"), str(entry_file), str(source)], capture_output=True,
                          text=True, check=True, cwd=ROOT, env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")})
    return json.loads(node.stdout)


def write_index(records: list[dict], node_modules: str, folder: Path, thesaurus: dict | None = None, languages=(),
                code=None) -> Path:
    """A search page's entry file and parts for records, as a build writes them (outputs.search),
    into folder (the parts in folder/suche/teile/); its path. Rows and filters of no offer."""
    return write_postings(Postings(document_terms(records, node_modules)), folder,
                          translated_terms(records, node_modules, languages), thesaurus, own_language(code, node_modules))


def write_postings(german: Postings, folder: Path, added=(), thesaurus: dict | None = None, language: dict | None = None) -> Path:
    """write_index from the German postings and a page's added terms."""
    entry, postings, terms = page_index(german, thesaurus or {}, language, added)
    parts = Parts()
    entry = {**parts.index(entry, postings, terms), "docs": {"size": 1, "names": []}, "facets": {}}
    (folder / FOLDER).mkdir(parents=True, exist_ok=True)
    for name, data in parts.files.items():
        (folder / FOLDER / f"{name}.json").write_bytes(data)
    (folder / "suche" / "index.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    return folder / "suche" / "index.json"


def _parts_of(entry_file: Path) -> Path:
    """The folder of the parts an entry file names: suche/teile/ at the site's root."""
    for folder in entry_file.parents:
        if (folder / FOLDER).is_dir():
            return folder / FOLDER
    raise FileNotFoundError(f"{FOLDER} fehlt über {entry_file}")


def score(entry: dict, with_term: int, field: int, tf: int, length: int) -> float:
    """A term's BM25 score in a document's field as lunr.py's Builder computes it (the same
    operations in the same order, rounded to 3 places): the twin of score in suche-kern.js.
    with_term: the number of documents' fields that hold the term."""
    count = entry["count"]
    idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
    length_part = K1 * (1 - B + B * (length / (entry["lengths"][field] / count)))
    return round(idf * ((K1 + 1) * tf) / (length_part + tf) * entry["boosts"][field], 3)


def expand(entry_file: Path) -> dict:
    """lunr's serialised form (for lunr.py's ``Index.load``) of the index an entry file and its
    parts hold: every posting read and scored."""
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    parts = _parts_of(entry_file)
    fields = entry["fields"]
    terms = [term for _, name in entry["words"] for term in json.loads((parts / f"{name}.json").read_text(encoding="utf-8"))]
    inverted, vectors = [], {}
    number = 0
    for gap, first, name in zip(entry["postings"]["starts"], entry["postings"]["firsts"], entry["postings"]["names"]):
        number += gap
        part = json.loads((parts / f"{name}.json").read_text(encoding="utf-8"))
        assert part["t"] == terms[number:number + len(part["t"])] and part["t"][0] == first  # the dictionary says the same
        for offset, flat in enumerate(part["p"]):
            term_number = number + offset
            posting = {field: {} for field in fields}
            entries, i = [], 0
            while i < len(flat):
                field, count = flat[i], flat[i + 1]
                doc, i = 0, i + 2
                for _ in range(count):
                    doc += flat[i]
                    entries.append((field, doc, flat[i + 1], flat[i + 2]))
                    i += 3
            for field, doc, tf, length in entries:
                posting[fields[field]][str(doc)] = {}
                vectors.setdefault(f"{fields[field]}/{doc}", []).append(
                    (term_number, score(entry, len(entries), field, tf, length)))
            inverted.append([terms[term_number], {**posting, "_index": term_number}])
    field_vectors = [[key, [x for pair in sorted(pairs) for x in pair]] for key, pairs in vectors.items()]
    return {"version": entry["version"], "fields": fields, "fieldVectors": field_vectors,
            "invertedIndex": inverted, "pipeline": entry["pipeline"]}


def load_index(entry_file: Path) -> Index:
    """A lunr.py index of what an entry file and its parts hold, with its thesaurus and the code
    of its page's language where that has steps of its own (the entry's "language")."""
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    loaded = Index.load(expand(entry_file))
    packed = entry.get("thesaurus") or {"lists": [], "keys": {}}
    loaded.thesaurus = {key: packed["lists"][number] for key, number in packed["keys"].items()}  # unpackThesaurus
    loaded.language = (entry.get("language") or {}).get("code")
    return loaded


def read_docs(entry_file: Path) -> list[dict]:
    """Every offer's result row and filter values as one dict, from an entry file's parts (what
    suche.js reads of them)."""
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    parts = _parts_of(entry_file)
    docs = []
    for name in entry["docs"]["names"]:
        part = json.loads((parts / f"{name}.json").read_text(encoding="utf-8"))
        docs += [dict(zip(part["keys"], row)) for row in part["rows"]]
    for name in entry["facets"].values():
        for key, column in json.loads((parts / f"{name}.json").read_text(encoding="utf-8")).items():
            values = [[column["names"][n] for n in value] for value in column["v"]] if isinstance(column, dict) else column
            for doc, value in zip(docs, values):
                doc[key] = value
    return docs


def in_term_order(serialised: dict) -> dict:
    """lunr's serialised index with its terms numbered in JavaScript's string order, as the site
    numbers them (lunr.py's Builder numbers them as it meets them): a document's score adds its
    fields' terms in the order of their numbers, and so, to the last bit, does the site's."""
    number = {term: i for i, term in enumerate(sorted((term for term, _ in serialised["invertedIndex"]), key=js_order))}
    old = {posting["_index"]: number[term] for term, posting in serialised["invertedIndex"]}
    inverted = sorted(([term, {**posting, "_index": number[term]}] for term, posting in serialised["invertedIndex"]),
                      key=lambda item: item[1]["_index"])
    vectors = [[key, [x for pair in sorted((old[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2)) for x in pair]]
               for key, elements in serialised["fieldVectors"]]
    return {**serialised, "invertedIndex": inverted, "fieldVectors": vectors}


def lunr_form(serialised: dict) -> tuple[dict, dict]:
    """An index in lunr's serialised form as what a query can tell of it: each term's documents per
    field, and each field vector's terms with their scores (an empty one is as none)."""
    terms = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    postings = {term: {field: sorted(refs) for field, refs in posting.items() if field != "_index" and refs}
                for term, posting in serialised["invertedIndex"]}
    vectors = {key: sorted((terms[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
               for key, elements in serialised["fieldVectors"] if elements}
    return postings, vectors


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
