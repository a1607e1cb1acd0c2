"""How the search turns text into terms, the same in Python (the index) and in the browser
(suche-kern.js): lunr.js's splitting, lunr-languages' German trimmer, stop words and Snowball
stemmers (read from the installed npm package), umlauts folded, Arabic and Cyrillic normalised,
each page language's own stemmer for its own texts, the parts of compound words, and the
thesaurus of the families' words (suchwoerter.yml)."""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
from lunr.pipeline import Pipeline

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
MAX_PHRASE = 4  # words of the longest thesaurus phrase a query is matched against (a label: "Para ve sosyal yardımlar")
MAX_ALTERNATIVES = 8  # German alternatives of one thesaurus word that are searched


# Turkish letters as typed on a German keyboard: kreş = kres, çocuk = cocuk, ığ = ig (ö and ü fold
# with the umlauts); "İ" lower-cased is "i" and a combining dot, which goes (the same in suche-kern.js)
_TURKISH_FOLD = str.maketrans({"ş": "s", "ç": "c", "ğ": "g", "ı": "i", "\u0307": None, "â": "a", "î": "i", "û": "u"})


def normalise(word: str) -> str:
    """Turkish letters folded to the German keyboard's; Arabic without marks, with one alef, yeh
    and heh; Cyrillic with ё as е (the twin of normalise in suche-kern.js). What a word's endings
    are is each language's stemmer's business."""
    word = word.replace("ё", "е").translate(_TURKISH_FOLD)
    if _ARABIC.search(word):
        word = _ARABIC_MARKS.sub("", word).translate(_ARABIC_FOLD)
    return word


# A light Arabic stemmer (the twin of stemArabic in suche-kern.js), on normalised words (ة is ه):
# one leading article with its particle (الأطفال, للأطفال, والأطفال → اطفال), then one ending
# (the plurals ات ون ين, the dual ان, the pronouns ها هم ه, ة and ية: واجبات → واجب, مساعدة → مساعد),
# each only where three letters stay. (lunr-languages' lunr.ar.js is not used: it takes words to
# their roots by patterns, which brings broken plurals together, أطفال and طفل, but unrelated words
# too: فلوس money and إفلاس bankruptcy, استمارة a form and تستمر it goes on; and its Python twin
# would be a copy of its 400 lines of patterns. The thesaurus lists the broken plurals.)
ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first; the same in suche-kern.js
_ARABIC_ENDING = re.compile("^(.{3,}?)(?:ات|ون|ين|ان|ها|هم|يه|ه)$")


def stem_arabic(word: str) -> str:
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            word = word[len(article):]
            break
    match = _ARABIC_ENDING.match(word)
    return match.group(1) if match else word


# A light Ukrainian stemmer (the twin of stemUkrainian in suche-kern.js): the longest case ending of
# nouns and adjectives where three letters stay (акушерка, акушерку, акушеркою → акушерк; борги,
# боргами, боргів → борг; консультація, консультації → консультац); verbs and the stem's own
# changes (садок, садка) are left alone.
_UKRAINIAN_ENDING = re.compile(
    "^(.{3,}?)(?:ією|ами|ями|ові|еві|єві|ого|ому|ими|іми|ах|ях|ам|ям|ів|їв|ою|ею|єю|ом|ем|єм|их|іх|им|ім|ий|ій|ої|"
    "ія|ії|ію|[аяоеєиіїуюьй])$")


def stem_ukrainian(word: str) -> str:
    match = _UKRAINIAN_ENDING.match(word)
    return match.group(1) if match else word


# ğ (the soft g) as a German keyboard types it: a g between two vowels is ğ again for the Turkish
# stemmer, which makes a stem's final ğ a k: çocuğum, cocugum and çocuk all → cocuk (the same in
# suche-kern.js; loanwords with a g between vowels, "sigara", keep their stems).
_SOFT_G = re.compile("(?<=[aeiou])g(?=[aeiou])")


def soft_g(word: str) -> str:
    return _SOFT_G.sub("ğ", word)


# Python's str.split() splits on JavaScript's \s but for U+FEFF, and on these too:
_PYTHON_SPACE_ONLY = re.compile("[\x1c-\x1f\x85]")


def split_words(text: str) -> list[str]:
    """Lower-cased words, split exactly as lunr.js's tokenizer splits them. (str.split where it
    splits the same, a quarter of the regular expression's time: 0.07 s against 0.28 s for the
    offers' texts at 2000 offers.)"""
    text = text.lower()
    if _PYTHON_SPACE_ONLY.search(text):
        return [w for w in _SPLIT.split(text) if w]
    return text.replace("-", " ").replace("\ufeff", " ").split()


def fold_umlauts(word: str) -> str:
    """ä, ae → a; ö, oe → o; ü, ue → u; ß → ss (the same in suche-kern.js)."""
    word = word.replace("ß", "ss").replace("ẞ", "ss").replace("ä", "a").replace("ö", "o").replace("ü", "u")
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


INDEX_PIPELINE = ("trimmer-mehrsprachig", "normalisierung", "stopWordFilter-de", "umlaute-de", "stemmer-de")
SEARCH_PIPELINE = ("trimmer-mehrsprachig", "normalisierung", "umlaute-de", "stemmer-de")
QUERY_CLEANING = ("trimmer-mehrsprachig", "stopWordFilter-de")  # applied to query words before the search pipeline

# The page languages whose own texts (their translated titles, summaries and descriptions, their
# search words) have steps of their own, after the German ones' first two: Turkish and Russian with
# lunr-languages' Snowball stemmers (the browser loads lunr.tr.js, lunr.ru.js), Ukrainian and Arabic
# with the light ones above; English with the German ones and its own stop words ("with", "my").
# "stoppwoerter" drops the language's stop words (lunr-languages' list, lunr.js's for English,
# folded as the steps before it fold a word; the index carries them to the browser). Turkish is
# folded before it is stemmed, so that what a German keyboard types ("kizlar", "cocugum") is stemmed
# as the Turkish spelling is ("kızlar", "çocuğum"); the stemmer's own ç in a stem is folded after it.
STOP_WORDS = "stoppwoerter"
OWN_PIPELINES = {
    "en": ("trimmer-mehrsprachig", "normalisierung", STOP_WORDS, "umlaute-de", "stemmer-de"),
    "tr": ("trimmer-mehrsprachig", "normalisierung", "umlaute-de", STOP_WORDS, "weiches-g-tr", "stemmer-tr", "normalisierung"),
    "ru": ("trimmer-mehrsprachig", "normalisierung", STOP_WORDS, "stemmer-ru"),
    "uk": ("trimmer-mehrsprachig", "normalisierung", "stemmer-uk-leicht"),
    "ar": ("trimmer-mehrsprachig", "normalisierung", "stemmer-ar-leicht"),
}
LUNR_LANGUAGES = ("de", "tr", "ru")  # the lunr-languages files the steps come from (lunr.<code>.js)
_SNOWBALL = {"de": "german", "tr": "turkish", "ru": "russian"}


@dataclass(frozen=True)
class LunrLanguages:
    """lunr-languages' data, read from the installed npm packages: German's word characters, and the
    stop words of German, Turkish and Russian (and of English, from lunr.js itself)."""

    word_characters: str
    stop_words: dict  # code -> frozenset, as lunr.<code>.js (English: lunr.js) lists them

    @classmethod
    def from_package(cls, node_modules: str) -> LunrLanguages:
        texts = {code: _read(Path(node_modules, "lunr-languages", f"lunr.{code}.js")) for code in LUNR_LANGUAGES}
        chars = re.search(r'lunr\.de\.wordCharacters = "([^"]+)"', texts["de"]).group(1)
        stops = {code: frozenset(re.search(r"generateStopWordFilter\('([^']+)'\.split\(' '\)\)", text).group(1).split(" "))
                 for code, text in texts.items()}
        english = re.search(r"lunr\.stopWordFilter = lunr\.generateStopWordFilter\(\[([^\]]+)\]", _read(Path(node_modules, "lunr", "lunr.js")))
        stops["en"] = frozenset(re.findall(r"'([^']+)'", english.group(1)))
        return cls(codecs.decode(chars, "unicode_escape"), stops)

    def steps(self, code: str | None = None) -> dict:
        """The pipelines' steps by name, as functions of a word's text: ("map", f) gives the new
        text, ("drop", f) whether the word is dropped; STOP_WORDS is language code's."""
        allowed = self.word_characters + "0-9" + OTHER_LETTERS
        start, end = re.compile(f"^[^{allowed}]+"), re.compile(f"[^{allowed}]+$")
        steps = {
            "trimmer-mehrsprachig": ("map", lambda s: end.sub("", start.sub("", s))),
            "normalisierung": ("map", normalise),
            "stopWordFilter-de": ("drop", self.stop_words["de"].__contains__),
            "umlaute-de": ("map", fold_umlauts),
            "stemmer-uk-leicht": ("map", stem_ukrainian),
            "stemmer-ar-leicht": ("map", stem_arabic),
            "weiches-g-tr": ("map", soft_g),
        }
        for language, algorithm in _SNOWBALL.items():
            steps[f"stemmer-{language}"] = ("map", functools.lru_cache(maxsize=None)(snowballstemmer.stemmer(algorithm).stemWord))
        if code in OWN_PIPELINES and STOP_WORDS in OWN_PIPELINES[code]:
            steps[STOP_WORDS] = ("drop", self.own_stop_words(code).__contains__)
        return steps

    def own_stop_words(self, code: str) -> frozenset:
        """A page language's stop words as its steps have a word when they look them up."""
        pipeline = OWN_PIPELINES[code]
        before = _run([self.steps()[name] for name in pipeline[:pipeline.index(STOP_WORDS)]])
        return frozenset(word for word in map(before, self.stop_words[code]) if word)

    def functions(self) -> dict:
        """The German pipeline's functions under lunr-languages' names, as lunr's pipelines take them."""
        functions = {}
        for name, (kind, step) in self.steps().items():
            if name not in INDEX_PIPELINE:
                continue
            if kind == "drop":
                def function(token, i=None, tokens=None, dropped=step):
                    return None if dropped(str(token)) else token
            else:
                def function(token, i=None, tokens=None, mapped=step):
                    return token.update(lambda s, m: mapped(s))
            functions[name] = function
        return functions


def _read(source: Path) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except OSError:
        raise FileNotFoundError(f"{source} fehlt: die npm-Pakete sind nicht installiert (make deps installiert sie).") from None


def _run(chosen: list):
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
def _package(node_modules: str) -> LunrLanguages:
    return LunrLanguages.from_package(node_modules)


@functools.lru_cache(maxsize=None)
def word_pipeline(node_modules: str, names: tuple[str, ...], code: str | None = None):
    """The pipeline of these steps (of page language code's, for its stop words) as one function of
    a word's text: its term ("" where the word trims to nothing), or None where it is dropped; what
    lunr's Pipeline.run gives for the word as a token, without making one (a tenth of the index's time)."""
    steps = _package(node_modules).steps(code)
    return _run([steps[name] for name in names])


def own_language(code: str | None, node_modules: str) -> dict | None:
    """What the browser needs to treat a page language's own words as the index did (the index's
    "language"): its steps and its stop words as they look them up; None for a language without
    steps of its own (German, English)."""
    if code not in OWN_PIPELINES:
        return None
    stops = _package(node_modules).own_stop_words(code) if STOP_WORDS in OWN_PIPELINES[code] else ()
    return {"code": code, "pipeline": list(OWN_PIPELINES[code]), "stopWords": sorted(stops)}


@functools.lru_cache(maxsize=None)
def pipeline_functions(node_modules: str) -> dict:
    """Register the German pipeline functions with lunr once; return them by name."""
    functions = _package(node_modules).functions()
    for label, fn in functions.items():
        Pipeline.register_function(fn, label)
    return functions


def _pipeline(functions: dict, names) -> Pipeline:
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


def query_words(text: str, node_modules: str, code: str | None = None) -> list[tuple[str, ...]]:
    """The words a query searches for, each as its terms: the German search pipeline's, and on the
    page of a language with steps of its own (OWN_PIPELINES), those steps' term first, alone where
    the German one starts with it (as the start of a word it finds all the German one would find:
    "قابل" for "قابله", "cocuk" for "cocuklar"); a German stop word, or one of the page language's,
    is no word (the twin of queryWords in suche-kern.js; the pipelines run here, not inside lunr,
    whose trimmer would strip a wildcard)."""
    cleaning = word_pipeline(node_modules, QUERY_CLEANING)
    german = word_pipeline(node_modules, SEARCH_PIPELINE)
    own = word_pipeline(node_modules, OWN_PIPELINES[code], code) if code in OWN_PIPELINES else None
    words = []
    for word in split_words(text):
        word = cleaning(word)
        if word is None:
            continue
        terms = [german(word)]
        if own is not None:
            term = own(word)
            if term is None:
                continue
            terms = [term] if term and terms[0].startswith(term) else [term, *terms]
        terms = tuple(dict.fromkeys(term for term in terms if term))
        if terms:
            words.append(terms)
    return words


def query_terms(text: str, node_modules: str) -> list[str]:
    """The German terms a query searches for: its words without stop words, folded and stemmed."""
    return [terms[-1] for terms in query_words(text, node_modules)]


LABEL_KEY = "label"  # (label_entries: the entry is an area's label, which names the area in German too)
EVERY_PAGE_TOO = ("en",)  # searched on every other language's page as well: families type some English


def page_languages(code: str, content_lang: str) -> tuple[str, ...]:
    """The languages whose texts and words a language's search page knows besides German, the
    providers' (content_lang): none on the German page; on another language's, English
    (EVERY_PAGE_TOO) and its own."""
    return () if code == content_lang else tuple(dict.fromkeys((*EVERY_PAGE_TOO, code)))


def compile_thesaurus(entries: list[dict[str, list[str]]], taxonomy, node_modules: str, code: str,
                      languages) -> dict[str, list[list[str]]]:
    """The thesaurus of language code's search page, from the search words and the taxonomy's labels
    (label_entries): the query terms of each word or phrase families type (joined by a space) →
    the German alternatives, each the list of its terms (all must match). The page knows the German
    words, those of page_languages(code) and of the languages without a page (languages: the
    site's). A word of the page's own language is keyed by its own steps' terms (query_words gives
    them first) and by the German ones, any other by the German."""
    compiled: dict[str, list[list[str]]] = {}
    known = {"de", *page_languages(code, "de")}
    for entry in [*entries, *label_entries(taxonomy)]:
        # a need that is a life area finds that area's offers first (index.FIELDS["bereich"]), then the German words
        german = [[area_term(slug)] for slug in entry.get(AREA_KEY, ())]
        german += [t for t in (query_terms(phrase, node_modules) for phrase in entry["de"]) if t]
        for language, phrases in entry.items():
            if language in (AREA_KEY, LABEL_KEY) or language not in known and language in languages:
                continue
            # a German word searches the offers' own words and its German synonyms, not a whole area
            # ("Seepferdchen" is one course, not every leisure offer), except an area's own label
            targets = german if language != "de" or entry.get(LABEL_KEY) else german[len(entry.get(AREA_KEY, ())):]
            # Russian and Ukrainian words also as typed in Latin letters ("psiholog", "domashka")
            phrases = [*phrases, *(" ".join(forms) for phrase in phrases for forms in _latin_phrases(phrase, language))]
            # the page's own words by both their terms, as a query's words carry both (lookUp in
            # suche-kern.js), so that a word one letter away is near either ("psikoloc": psikolog)
            forms = (0, -1) if language == code else (-1,)
            for phrase in phrases:
                words = query_words(phrase, node_modules, code)
                if not words or len(words) > MAX_PHRASE:
                    continue
                for key in dict.fromkeys(tuple(terms[form] for terms in words) for form in forms):
                    alternatives = compiled.setdefault(" ".join(key), [])
                    if len(alternatives) < MAX_ALTERNATIVES:  # the first ones are kept: a word in every entry costs no square
                        alternatives += [g for g in targets if g not in alternatives and g != list(key)]
    return {key: value[:MAX_ALTERNATIVES] for key, value in sorted(compiled.items()) if value}


_CYRILLIC = re.compile("[\u0400-\u04ff]")


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
