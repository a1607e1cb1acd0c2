"""The client-side search: a lunr index with German text processing, and its document store.

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

from __future__ import annotations

import codecs
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.builder import Builder
from lunr.idf import idf
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token import Token

from .model import WEEKDAYS

# JavaScript's \s, which lunr.js's tokenizer splits on together with "-".
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPLIT = re.compile(f"[{_JS_SPACE}-]+")

# Index fields and their weight: title matches outrank everything else.
FIELDS = {"title": 10, "provider": 4, "places": 4, "areas": 3, "summary": 2, "body": 1, "parts": 1}

MIN_PART = 4  # shortest stem that counts as the start of a compound part
MAX_PART = 24  # longest stem that does (a longer one is a compound itself)
MAX_COMPOUND = 64  # longer words (web addresses, letter rows) are not split into parts
MAX_QUERY = 200  # characters of a query that count (the same in suche-kern.js)
MAX_FUZZY = 40  # longest word tried with one wrong letter (the same in suche-kern.js)
LONG_WORD = 15  # from this length a word that still finds nothing is tried with two edits, then by its start
MIN_START = 6  # shortest start of such a word that counts


# Letters of the other scripts the interface speaks: Cyrillic, Arabic (with Persian and Urdu
# letters) and Arabic-Indic digits; the same in suche-kern.js.
OTHER_LETTERS = "\u0400-\u04ff\u0620-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06fc"
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel, vowel marks, dagger alef
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first; the same in suche-kern.js
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# case endings: акушерка, акушерку, акушерки → акушерк; борги, боргами → борг (the same in suche-kern.js)
_CYRILLIC_ENDING = re.compile("(?:ами|ями|ах|ях|ам|ям|ов|ев|ей|ой|ом|ем|ою|ею|ію|[аяоеиыуюіїєйь]{1,2})$")
MAX_PHRASE = 3  # words of the longest thesaurus phrase a query is matched against
MAX_ALTERNATIVES = 8  # German alternatives of one thesaurus word that are searched


def normalise(word: str) -> str:
    """Arabic without marks, with one alef, yeh and heh, without a leading article; Cyrillic with
    ё as е and without a vowel ending, so that a word's cases meet (the twin of normalise in
    suche-kern.js)."""
    word = word.replace("ё", "е")
    if _CYRILLIC.search(word) and len(word) >= 5:
        word = _CYRILLIC_ENDING.sub("", word, count=1)
    if _ARABIC.search(word):
        word = _ARABIC_MARKS.sub("", word).translate(_ARABIC_FOLD)
        for article in ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 3:
                word = word[len(article):]
                break
    return word


def split_words(text: str) -> list[str]:
    """Lower-cased words, split exactly as lunr.js's tokenizer splits them."""
    return [w for w in _SPLIT.split(text.lower()) if w]


def fold_umlauts(word: str) -> str:
    """ä, ae → a; ö, oe → o; ü, ue → u; ß → ss (the same in suche-kern.js)."""
    word = word.replace("ß", "ss").replace("ẞ", "ss").replace("ä", "a").replace("ö", "o").replace("ü", "u")
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


@dataclass(frozen=True)
class GermanLunr:
    """lunr-languages' German data, read from the installed npm package."""

    word_characters: str
    stop_words: frozenset

    @classmethod
    def from_package(cls, node_modules: str) -> GermanLunr:
        source = Path(node_modules, "lunr-languages", "lunr.de.js")
        try:
            text = source.read_text(encoding="utf-8")
        except OSError:
            raise FileNotFoundError(
                f"{source} fehlt: die npm-Pakete sind nicht installiert (make deps installiert sie)."
            ) from None
        chars = re.search(r'lunr\.de\.wordCharacters = "([^"]+)"', text).group(1)
        stops = re.search(r"generateStopWordFilter\('([^']+)'\.split\(' '\)\)", text).group(1)
        return cls(codecs.decode(chars, "unicode_escape"), frozenset(stops.split(" ")))

    def functions(self) -> dict:
        """The pipeline functions under lunr-languages' names."""
        allowed = self.word_characters + "0-9" + OTHER_LETTERS
        start, end = re.compile(f"^[^{allowed}]+"), re.compile(f"[^{allowed}]+$")
        stemmer = snowballstemmer.stemmer("german")
        stem = functools.lru_cache(maxsize=None)(stemmer.stemWord)
        stop_words = self.stop_words

        def trimmer(token, i=None, tokens=None):
            return token.update(lambda s, m: end.sub("", start.sub("", s)))

        def stop_word_filter(token, i=None, tokens=None):
            return None if str(token) in stop_words else token

        def normalisierung(token, i=None, tokens=None):
            return token.update(lambda s, m: normalise(s))

        def umlaute(token, i=None, tokens=None):
            return token.update(lambda s, m: fold_umlauts(s))

        def stemmer_de(token, i=None, tokens=None):
            return token.update(lambda s, m: stem(s))

        return {
            "trimmer-mehrsprachig": trimmer,
            "normalisierung": normalisierung,
            "stopWordFilter-de": stop_word_filter,
            "umlaute-de": umlaute,
            "stemmer-de": stemmer_de,
        }


@functools.lru_cache(maxsize=None)
def pipeline_functions(node_modules: str) -> dict:
    """Register the German pipeline functions with lunr once; return them by name."""
    functions = GermanLunr.from_package(node_modules).functions()
    for label, fn in functions.items():
        Pipeline.register_function(fn, label)
    return functions


INDEX_PIPELINE = ["trimmer-mehrsprachig", "normalisierung", "stopWordFilter-de", "umlaute-de", "stemmer-de"]
SEARCH_PIPELINE = ["trimmer-mehrsprachig", "normalisierung", "umlaute-de", "stemmer-de"]
QUERY_CLEANING = ["trimmer-mehrsprachig", "stopWordFilter-de"]  # applied to query words before the search pipeline


def _pipeline(functions: dict, names: list[str]) -> Pipeline:
    pipeline = Pipeline()
    pipeline.add(*(functions[name] for name in names))
    return pipeline


def stem_starts(stems: set[str]) -> dict[str, bool]:
    """Every start of MIN_PART to MAX_PART letters of the stems, and whether it is a stem itself:
    what compound_parts looks a word's tails up in."""
    starts: dict[str, bool] = {}
    for stem in stems:
        for k in range(MIN_PART, min(len(stem), MAX_PART) + 1):
            starts[stem[:k]] = starts.get(stem[:k], False) or k == len(stem)
    return starts


def compound_parts(words: list[str], starts: dict[str, bool]) -> list[str]:
    """Tails of long words that start where a known stem starts: familienhebamme → hebamme.

    ``starts`` is stem_starts of the stems: a tail is given up at its first letters that start no
    stem. Linear in the text: at most MAX_COMPOUND starting points a word, MAX_PART stem lengths each.
    """
    parts = []
    for word in words:
        if len(word) > MAX_COMPOUND:
            continue
        for i in range(3, len(word) - MIN_PART + 1):
            tail = word[i:]
            for k in range(MIN_PART, min(len(tail), MAX_PART) + 1):
                is_stem = starts.get(tail[:k])
                if is_stem is None:
                    break
                if is_stem:
                    parts.append(tail)
                    break
    return parts


def query_terms(text: str, node_modules: str) -> list[str]:
    """The terms a query searches for: its words without stop words, folded and stemmed (the twin
    of queryTerms in suche-kern.js; the search pipeline runs here, not inside lunr, whose trimmer
    would strip a wildcard)."""
    functions = pipeline_functions(node_modules)
    cleaning, searching = _pipeline(functions, QUERY_CLEANING), _pipeline(functions, SEARCH_PIPELINE)
    words = [str(t) for t in cleaning.run([Token(w) for w in split_words(text)])]
    return [term for word in words for term in searching.run_string(word) if term]


def compile_thesaurus(entries: list[dict[str, list[str]]], taxonomy, node_modules: str) -> dict[str, list[list[str]]]:
    """The thesaurus as the search uses it, from the search words and the taxonomy's labels
    (label_entries): the query terms of each word or phrase families type (joined by a space) →
    the German alternatives, each the list of its terms (all must match)."""
    compiled: dict[str, list[list[str]]] = {}
    for entry in [*entries, *label_entries(taxonomy)]:
        german = [t for t in (query_terms(phrase, node_modules) for phrase in entry["de"]) if t]
        for code, phrases in entry.items():
            for phrase in phrases:
                key = query_terms(phrase, node_modules)
                if not key or len(key) > MAX_PHRASE:
                    continue
                alternatives = compiled.setdefault(" ".join(key), [])
                if len(alternatives) < MAX_ALTERNATIVES:  # the first ones are kept: a word in every entry costs no square
                    alternatives += [g for g in german if g not in alternatives and g != key]
    return {key: value[:MAX_ALTERNATIVES] for key, value in sorted(compiled.items()) if value}


def build_index(records: list[dict], node_modules: str, thesaurus: dict | None = None) -> dict:
    """lunr's serialised index of records {id, title, provider, places, areas, summary, body},
    with the compiled thesaurus, as lunr.py builds it (what compact_index is checked against)."""
    if not records:  # a new directory, or every offer expired: lunr's builder cannot average over nothing
        return {"version": LUNR_JS_VERSION, "fields": list(FIELDS), "fieldVectors": [],
                "invertedIndex": [], "pipeline": SEARCH_PIPELINE, "thesaurus": thesaurus or {}}
    return {**_filled_builder(records, node_modules).build().serialize(), "thesaurus": thesaurus or {}}


def compact_index(records: list[dict], node_modules: str, thesaurus: dict | None = None) -> dict:
    """compact(build_index(…)), the index the site loads, worked out from the builder's counts
    without lunr.py's vectors, index and serialised form in between (TermBuilder.compact)."""
    if not records:
        return compact(build_index(records, node_modules, thesaurus))
    return _filled_builder(records, node_modules).compact(thesaurus or {})


def _filled_builder(records: list[dict], node_modules: str) -> TermBuilder:
    """A TermBuilder given the records' terms."""
    functions = pipeline_functions(node_modules)
    fold_stem = _pipeline(functions, SEARCH_PIPELINE)  # stems as a query would produce them
    fold = functools.lru_cache(maxsize=None)(fold_umlauts)
    folded = [
        [fold(w) for w in split_words(" ".join(r[f] for f in ("title", "summary", "body")))] for r in records
    ]
    vocabulary = {w for words in folded for w in words}
    starts = stem_starts({str(t) for t in fold_stem.run([Token(w) for w in vocabulary]) if len(str(t)) >= MIN_PART})
    index_pipeline = _pipeline(functions, INDEX_PIPELINE)

    @functools.lru_cache(maxsize=None)
    def terms_of(word: str) -> tuple[str, ...]:
        # A word of only punctuation ("-", "…") trims to nothing: no term, as in lunr.js.
        return tuple(term for term in map(str, index_pipeline.run([Token(word)])) if term)

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
    """lunr.py's builder, given each field's finished terms.

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
        places), put straight into the compact form (_compact_form, as compact does): lunr.py would
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
    return _compact_form(version=serialised["version"], pipeline=serialised["pipeline"], fields=serialised["fields"],
                         terms=by_index.values(), refs={ref for _, ref, _ in vectors}, vectors=vectors,
                         thesaurus=serialised.get("thesaurus", {}))


def _compact_form(*, version: str, pipeline: list, fields: list[str], terms, refs, vectors, thesaurus: dict) -> dict:
    """The compact form (see compact) of the terms, the documents' refs and their vectors: (field,
    ref, [(term, score rounded to 3 places), …]) in any order."""
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
    """A lunr.py index from the compact form written to the site, with its thesaurus."""
    loaded = Index.load(expand(index))
    loaded.thesaurus = index.get("thesaurus", {})
    return loaded


def word_groups(terms: list[str], thesaurus: dict) -> list[list[list[str]]]:
    """The query's words, each as its alternatives (each a list of terms that must all match): a
    word or phrase of up to MAX_PHRASE words found in the thesaurus stands for its German words
    (and, a single word, for itself); any other word for itself."""
    groups, i = [], 0
    while i < len(terms):
        for n in range(min(MAX_PHRASE, len(terms) - i), 0, -1):
            german = thesaurus.get(" ".join(terms[i:i + n]))
            if german:
                groups.append(([[terms[i]]] if n == 1 else []) + german)
                i += n
                break
        else:
            groups.append([[terms[i]]])
            i += 1
    return groups


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
    terms = query_terms(text[:MAX_QUERY], node_modules)
    # a one-letter word beside others ("с долгами", "и") would find nearly everything as a start
    terms = [term for term in terms if len(term) > 1] or terms
    if not terms:
        return []
    per_word = []
    for alternatives in word_groups(terms, getattr(index, "thesaurus", {})):
        found: dict[str, float] = {}
        for alternative in alternatives:
            hits = [term_hits(index, term) for term in alternative]
            both = set(hits[0]).intersection(*hits[1:])
            for ref in both:
                found[ref] = max(found.get(ref, 0), sum(h[ref] for h in hits))
        per_word.append(found)
    refs = set(per_word[0]).intersection(*per_word[1:]) or set().union(*per_word)
    scores = {ref: sum(found.get(ref, 0) for found in per_word) for ref in refs}
    return sorted(scores, key=lambda ref: (-scores[ref], int(ref)))


def write_json(path: Path, data) -> None:
    """Compact JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # allow_nan=False: NaN or Infinity would make the file unreadable for JSON.parse
    path.write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8"))


def index_terms(text: str, node_modules: str) -> list[str]:
    """What the index holds for a text (the twin of indexTerms in suche-kern.js)."""
    pipeline = _pipeline(pipeline_functions(node_modules), INDEX_PIPELINE)
    return [str(t) for t in pipeline.run([Token(w) for w in split_words(text)])]


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


def label_entries(taxonomy) -> list[dict[str, list[str]]]:
    """The taxonomy's labels as thesaurus entries: "Health", "الصحة", "Здоровье" → "Gesundheit".
    (Indexed with every offer instead, they made each document's vectors longer and every
    keystroke slower.)"""
    return [
        {"de": [term.label], **{code: [label] for code, label in term.labels.items()}}
        for terms in (taxonomy.areas, taxonomy.towns, taxonomy.bands) for term in terms.values() if term.labels
    ]


def doc_store(offers, age_phrase, town_phrase, localized=None, voucher_phrase=lambda offer: "", facts=None) -> list[dict]:
    """The document store of one interface language: what a result row and the filters need.

    ``localized(offer)`` gives (title, summary, [language of the title, of the summary]) for
    that language; by default the offer's own title and summary ("" = the content language).
    ``facts``: offer_facts(offers), where the stores of several languages are made.
    """
    docs = []
    for offer, fact in zip(offers, facts or offer_facts(offers)):
        title, summary, lang = localized(offer) if localized else (offer.title, offer.summary, ["", ""])
        doc = dict(fact)
        doc.update(t=title, s=summary, h=lang, a=age_phrase(offer), o=town_phrase(offer), c=voucher_phrase(offer))
        docs.append(doc)
    return docs


def offer_facts(offers) -> list[dict]:
    """Each offer's document store entry with its language's texts left empty (None), in the
    store's order of keys: what is the same in every language (doc_store fills in the rest)."""
    return [{
        "u": offer.slug,
        "t": None,
        "p": offer.provider.name,
        "s": None,
        "h": None,
        "a": None,
        "o": None,
        "f": [offer.age_from, offer.age_to] if offer.age_from is not None else None,
        "g": int(offer.pregnancy),
        "b": [a.slug for a in offer.areas],
        "w": [t.slug for t in offer.towns],
        "k": int(offer.free),
        "l": offer.languages,
        "x": int(offer.accessible is True),
        "n": [offer.phone_contact.phone, offer.phone_contact.phone_uri] if offer.phone_contact else [],
        "v": [a.voucher.slug for a in offer.accepts],
        "i": [p.slug for p in offer.programmes],
        "c": None,
        "z": opening_slots(offer),
    } for offer in offers]


def minutes(clock: str) -> int:
    """"09:30" → 570 ("24:00" → 1440)."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def opening_slots(offer) -> list[list[int]]:
    """The offer's opening hours for the filter "geöffnet am …" / "jetzt geöffnet" (suche.js):
    [weekday (0 = Monday), opens, closes] in minutes of the day, one per day and slot; a slot
    past midnight has closes < opens."""
    return sorted([WEEKDAYS.index(day), minutes(slot.opens), minutes(slot.closes)]
                  for slot in offer.hours for day in slot.days)


# Document store fields whose values (or list items) repeat across offers: sent once, in a table.
SHARED_FIELDS = ("p", "h", "a", "o", "b", "w", "l", "v", "c", "i")


def pack_docs(docs: list[dict]) -> dict:
    """The document store as rows of values in a fixed key order, repeated strings as numbers
    into one table (``unpackDocs`` in suche.js turns it back into one object per offer)."""
    keys = list(docs[0]) if docs else []
    strings: dict[str, int] = {}
    number = strings.setdefault
    shared = [key in SHARED_FIELDS for key in keys]
    rows = []
    for doc in docs:
        row = []
        for key, is_shared in zip(keys, shared):
            value = doc[key]
            if is_shared:
                value = [number(v, len(strings)) for v in value] if isinstance(value, list) else number(value, len(strings))
            row.append(value)
        rows.append(row)
    return {"keys": keys, "shared": [k for k in keys if k in SHARED_FIELDS], "strings": list(strings), "rows": rows}


def unpack_docs(store: dict) -> list[dict]:
    """The twin of unpackDocs in suche.js (used by the tests)."""
    table, shared = store["strings"], set(store["shared"])

    def value(key, v):
        if key not in shared:
            return v
        return [table[i] for i in v] if isinstance(v, list) else table[v]

    return [{key: value(key, v) for key, v in zip(store["keys"], row)} for row in store["rows"]]


def write_search_files(output: Path, offers, node_modules: str, thesaurus: list, taxonomy) -> None:
    """suche/index.json (one index for every interface language, with the thesaurus and the
    taxonomy's labels in every language)."""
    compiled = compile_thesaurus(thesaurus, taxonomy, node_modules)
    write_json(output / "suche" / "index.json", compact_index(search_records(offers), node_modules, compiled))


def write_doc_store(path: Path, docs: list[dict]) -> None:
    """<language prefix>suche/angebote.json."""
    write_json(path, pack_docs(docs))
