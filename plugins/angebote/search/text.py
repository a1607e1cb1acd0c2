"""How the search turns text into terms, the same in Python (the index) and in the browser
(suche-kern.js): lunr.js's splitting, lunr-languages' German trimmer, stop words and Snowball
stemmer (read from the installed npm package), umlauts folded, Arabic and Cyrillic normalised, the
parts of compound words, and the thesaurus of the families' words (suchwoerter.yml)."""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
from lunr.pipeline import Pipeline
from lunr.token import Token

from ..read.taxonomy import AREA_KEY

# JavaScript's \s, which lunr.js's tokenizer splits on together with "-".
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPLIT = re.compile(f"[{_JS_SPACE}-]+")

MIN_PART = 4  # shortest stem that counts as the start of a compound part
MAX_PART = 24  # longest stem that does (a longer one is a compound itself)
MAX_COMPOUND = 64  # longer words (web addresses, letter rows) are not split into parts


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
MAX_PHRASE = 4  # words of the longest thesaurus phrase a query is matched against (a label: "Para ve sosyal yardımlar")
MAX_ALTERNATIVES = 8  # German alternatives of one thesaurus word that are searched


# Turkish letters as typed on a German keyboard: kreş = kres, çocuk = cocuk, ığ = ig (ö and ü fold
# with the umlauts); "İ" lower-cased is "i" and a combining dot, which goes (the same in suche-kern.js)
_TURKISH_FOLD = str.maketrans({"ş": "s", "ç": "c", "ğ": "g", "ı": "i", "\u0307": None, "â": "a", "î": "i", "û": "u"})


def normalise(word: str) -> str:
    """Turkish letters folded to the German keyboard's; Arabic without marks, with one alef, yeh
    and heh, without a leading article; Cyrillic with ё as е and without a vowel ending, so that a
    word's cases meet (the twin of normalise in suche-kern.js)."""
    word = word.replace("ё", "е").translate(_TURKISH_FOLD)
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

    def steps(self) -> dict:
        """The pipeline's steps under lunr-languages' names, as functions of a word's text: ("map",
        f) gives the new text, ("drop", f) whether the word is dropped."""
        allowed = self.word_characters + "0-9" + OTHER_LETTERS
        start, end = re.compile(f"^[^{allowed}]+"), re.compile(f"[^{allowed}]+$")
        stem = functools.lru_cache(maxsize=None)(snowballstemmer.stemmer("german").stemWord)
        return {
            "trimmer-mehrsprachig": ("map", lambda s: end.sub("", start.sub("", s))),
            "normalisierung": ("map", normalise),
            "stopWordFilter-de": ("drop", self.stop_words.__contains__),
            "umlaute-de": ("map", fold_umlauts),
            "stemmer-de": ("map", stem),
        }

    def functions(self) -> dict:
        """The pipeline functions under lunr-languages' names, as lunr's pipelines take them."""
        functions = {}
        for name, (kind, step) in self.steps().items():
            if kind == "drop":
                def function(token, i=None, tokens=None, dropped=step):
                    return None if dropped(str(token)) else token
            else:
                def function(token, i=None, tokens=None, mapped=step):
                    return token.update(lambda s, m: mapped(s))
            functions[name] = function
        return functions


@functools.lru_cache(maxsize=None)
def word_pipeline(node_modules: str, names: tuple[str, ...]):
    """The pipeline of these steps as one function of a word's text: its term ("" where the word
    trims to nothing), or None where it is dropped; what lunr's Pipeline.run gives for the word as
    a token, without making one (a tenth of the index's time)."""
    steps = GermanLunr.from_package(node_modules).steps()
    chosen = [steps[name] for name in names]

    def run(word: str) -> str | None:
        for kind, step in chosen:
            if kind == "drop":
                if step(word):
                    return None
            else:
                word = step(word)
        return word

    return run


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


LABEL_KEY = "label"  # (label_entries: the entry is an area's label, which names the area in German too)


def compile_thesaurus(entries: list[dict[str, list[str]]], taxonomy, node_modules: str) -> dict[str, list[list[str]]]:
    """The thesaurus as the search uses it, from the search words and the taxonomy's labels
    (label_entries): the query terms of each word or phrase families type (joined by a space) →
    the German alternatives, each the list of its terms (all must match)."""
    compiled: dict[str, list[list[str]]] = {}
    for entry in [*entries, *label_entries(taxonomy)]:
        # a need that is a life area finds that area's offers first (index.FIELDS["bereich"]), then the German words
        german = [[area_term(slug)] for slug in entry.get(AREA_KEY, ())]
        german += [t for t in (query_terms(phrase, node_modules) for phrase in entry["de"]) if t]
        for code, phrases in entry.items():
            if code in (AREA_KEY, LABEL_KEY):
                continue
            # a German word searches the offers' own words and its German synonyms, not a whole area
            # ("Seepferdchen" is one course, not every leisure offer), except an area's own label
            targets = german if code != "de" or entry.get(LABEL_KEY) else german[len(entry.get(AREA_KEY, ())):]
            # Russian and Ukrainian words also as typed in Latin letters ("psiholog", "domashka")
            phrases = [*phrases, *(" ".join(forms) for phrase in phrases for forms in _latin_phrases(phrase, code))]
            for phrase in phrases:
                key = query_terms(phrase, node_modules)
                if not key or len(key) > MAX_PHRASE:
                    continue
                alternatives = compiled.setdefault(" ".join(key), [])
                if len(alternatives) < MAX_ALTERNATIVES:  # the first ones are kept: a word in every entry costs no square
                    alternatives += [g for g in targets if g not in alternatives and g != key]
    return {key: value[:MAX_ALTERNATIVES] for key, value in sorted(compiled.items()) if value}


def _latin_phrases(phrase: str, code: str) -> list[list[str]]:
    """A Cyrillic phrase in each of its romanisations for language code, word by word (none for
    another script)."""
    words = split_words(phrase)
    if not any(_CYRILLIC.search(word) for word in words):
        return []
    forms = [latin_forms(word, code) or (word,) for word in words]
    return [[found[min(i, len(found) - 1)] for found in forms] for i in range(max(map(len, forms)))]


def pack_thesaurus(compiled: dict[str, list[list[str]]]) -> dict:
    """The thesaurus as the index carries it: each distinct list of alternatives once ("lists"), and
    each key the number of its list ("keys"): a few hundred lists stand for thousands of words
    (unpackThesaurus in suche-kern.js)."""
    lists, numbers, keys = [], {}, {}
    for key, alternatives in compiled.items():
        shape = repr(alternatives)
        if shape not in numbers:
            numbers[shape] = len(lists)
            lists.append(alternatives)
        keys[key] = numbers[shape]
    return {"lists": lists, "keys": keys}


def label_entries(taxonomy) -> list[dict[str, list[str]]]:
    """The taxonomy's labels as thesaurus entries: "Health", "الصحة", "Здоровье" → "Gesundheit".
    (Indexed with every offer instead, they made each document's vectors longer and every
    keystroke slower.)"""
    return [
        {"de": [term.label], **{code: [label] for code, label in term.labels.items()},
         **({AREA_KEY: [term.slug], LABEL_KEY: True} if terms is taxonomy.areas else {})}
        for terms in (taxonomy.areas, taxonomy.towns, taxonomy.bands) for term in terms.values() if term.labels
    ]


# How families type Russian and Ukrainian in Latin letters: the BGN/PCGN romanisations (psikholog,
# psykholoh, domashka) and the scientific one without its marks (psiholog, detskij); ICU's, at build
# time, for the search words (compile_thesaurus), so that the browser only normalises the query. (The
# offers' Russian and Ukrainian texts in Latin letters too made the index 58 % larger: not done.)
# (per language: a Russian word in Russian's, a Ukrainian one in Ukrainian's, each with the scientific)
TRANSLITERATIONS = {
    "ru": ("Russian-Latin/BGN; Latin-ASCII", "Cyrillic-Latin; Latin-ASCII"),
    "uk": ("Ukrainian-Latin/BGN; Latin-ASCII", "Cyrillic-Latin; Latin-ASCII"),
}


@functools.lru_cache(maxsize=None)
def _transliterators(code: str) -> tuple:
    import icu

    names = TRANSLITERATIONS.get(code) or tuple(dict.fromkeys(n for names in TRANSLITERATIONS.values() for n in names))
    return tuple(icu.Transliterator.createInstance(name) for name in names)


@functools.lru_cache(maxsize=65536)
def latin_forms(word: str, code: str = "") -> tuple[str, ...]:
    """A Cyrillic word's forms in Latin letters, as typed by speakers of language code (any: all
    romanisations), each once; none for a word in another script."""
    if not _CYRILLIC.search(word):
        return ()
    forms = []
    for transliterator in _transliterators(code):
        form = transliterator.transliterate(word).replace("·", "")
        if form.isascii() and form not in forms:
            forms.append(form)
    return tuple(forms)


def area_term(slug: str) -> str:
    """A life area's term in the index's field "bereich": "~finanzen"; no word of a text can be it
    (the trimmer takes the "~" off every word)."""
    return f"~{slug}"
