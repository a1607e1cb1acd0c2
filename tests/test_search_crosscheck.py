"""The browser and the build process text the same way (real lunr.js and lunr-languages in Node): the German steps on every page, each page language's own steps (stemmers, stop words) on its page."""

from __future__ import annotations

import json
import random

import pytest

from conftest import ROOT

import snowballstemmer
import yaml

from angebote.read.taxonomy import load_taxonomy
from angebote.search.index import FIELDS, TRANSLATED, Postings
from angebote.search.text import (MAX_COMPOUND, MAX_PART, MIN_PART, OWN_PIPELINES, STOP_WORDS, compound_parts, fold_umlauts,
                                  normalise, split_words, stem_starts, word_pipeline)
from search_reference import (age_in_query, build_index, expand, in_node, index_terms, load_index, lunr_builder, lunr_form, read_docs,
                              search,
                              write_index, write_postings)
from lunr.index import Index

NODE_MODULES = str(ROOT / "node_modules")
WORDS = [
    "Hebamme", "Hebammen", "Familienhebammen", "Kinder", "Kind", "Kindern", "Beratungen", "Beratung",
    "Erziehungsberatungsstelle", "Hausaufgabenhilfe", "Frühe", "Fruehe", "Fruhe", "Förderung", "Foerderung",
    "Sprachförderung", "Straße", "Strasse", "Größe", "Übergänge", "Äpfel", "Öffnungszeiten", "Mütter",
    "Väter", "Jugendliche", "Gemeinsam", "klappt’s", "Dülmen", "Lüdinghausen", "für", "über", "während",
    "Kita-Leitungen", "(Baustein", "4)", "«Lernen»", "Eltern-Kind-Programm", "0-3", "18–27", "E-Mail",
    "Teilhabemanagerinnen", "Schwangerschaftsberatung", "geflüchtete", "Geflüchteten", "Neuzugewanderte",
    # other scripts: Arabic marks, tatweel, alef, yeh and teh marbuta forms, articles; Cyrillic ё
    "القابلة", "قابلة", "قَابِلَة", "قابـــلة", "أطفال", "إسعافات", "آباء", "مستشفى", "مدرسة،", "والأطفال", "للأطفال",
    "بال", "الى", "٣", "Ёлка", "ёлка", "ЕЛКА", "акушерка,", "«акушерка»", "Здоров'я", "дітей", "їжа", "ґанок",
    "İlk", "yardım", "Ödev", "çocuk", "ğ", "ИЛИ",
    # the page languages' own steps: Turkish folded, then stemmed; Russian, Ukrainian and Arabic stemmed
    "çocuklarımız", "cocuklarimiz", "çocuğu", "cocugum", "ödevleri", "odevleri", "için", "icin", "акушерку", "акушерками",
    "акушерка", "елки", "и", "with", "My", "classes", "акушеркою", "акушерки", "боргами", "боргів", "борги", "قابلات", "والواجبات", "الواجبات", "واجب",
    # Turkish as typed on a German keyboard meets Turkish as written
    "kreş", "kres", "KREŞ", "danışmanlık", "danismanlik", "DANIŞMANLIK", "yardımı", "yardimi", "ağabey", "abi", "şçğıİâîû",
]
AGES = [
    "12 лет", "дитина 12 років", "ребенок 12 лет помощь", "4 yaş", "4 yaşında çocuk", "kita 4 yasinda", "3 ay",
    "طفل ٢ سنة", "سنتين", "طفلي عمره ٥ سنوات", "٣ أشهر", "۴ سال", "2-year-old", "my 2 year old", "18 months",
    "Kind 3 Jahre alt", "Alter 4", "6 Monate", "10jährige", "Hebamme", "12", "1000 years", "100 Jahre",
    "Kita (4 Jahre)", "4,5 Jahre", "Ü3", "0-3", "12-14 лет", "", "age: 7", "AGE 7", "вік 5", "Возраст 5",
    "Tagesmutter für 3-jähriges Kind", "12 yasindaki oglum", "12-летний сын", "12-річний син",
]
QUERIES = {  # per page language: what families type there (German finds on every page)
    "de": [
        "Hebamme", "Hebammen", "Kinder", "Beratungen", "Fruehe Hilfen", "Frühe Hilfen", "Sprachforderung",
        "Beratung", "Hausaufgaben", "Hausauf", "Hebame", "Schwimkurs", "Caritas", "Dülmen", "Luedinghausen",
        "Erziehungsberatung", "Kinder Dülmen", "Sprachkurs Olfen", "für", "xyzzy", "Geflüchtete Ausbildung",
        # the bounds: one wrong letter only up to 40 letters, only the first 200 characters count
        "Erziehungsberatungsstellenverzeichnisse", "Erziehungsberatungsstellenverzeichnissex",
        "Erziehungsberatungsstellenverzeichnissexyz", "Beratung" + " " * 192 + "Hebamme", "😀" * 199 + " Hebamme",
        "q" * 7000,
        # long compounds typed with a letter missing: two edits, then the longest known start
        "Erziehungsberatngsstelle", "Schwangerschaftsberatng", "Schuldnerberatng", "Hausaufgabenhlfe",
        "Familienhebamenbesuch", "Qwertzuiopasdfghjkl", "Kita", "ضصثقفغعهخ", "кщшгнекуц", "xqzvbnmw", "a b Hebamme",
    ],
    "en": ["midwife", "Midwives", "debt advice", "homework help", "first aid", "language course", "Family midwives",
           "Health", "midwife Coesfeld", "first aid Dülmen", "swimming course", "Kita", "kindergarten", "Hebamme",
           "xqzvbnmw", "a b Hebamme",
           # a search word typed with one letter wrong, missing or too many
           "pregnent", "counceling for parents", "kindergarden place", "midwif", "midwifes", "mdwife"],
    "tr": ["ebe", "ebeye", "borç", "ev ödevi", "ödevlerim", "ilk yardım", "dil kursu", "Sağlık", "yüzme kursu",
           "Schwimmkurs", "borc", "ev odevi", "ilk yardim", "yuzme kursu", "BORÇ", "psikoloc cocuk icin",
           "çocuğum için psikolog", "cocugum icin psikolog", "kızlar için yüzme", "kizlar icin yuzme", "ve", "xqzvbnmw"],
    "ar": ["قابلة", "القابلة", "للقابلة", "ديون", "بالديون", "واجبات مدرسية", "الواجبات المدرسية", "الإسعافات الأولية",
           "دورة لغة", "الصحة", "مساعدات مالية للاطفال", "Hebamme", "ضصثقفغعهخ", "جحخهعغفقثصض ضصث"],
    "uk": ["акушерка", "акушерки", "акушеркою", "з акушеркою", "борги", "боргами", "домашні завдання", "перша допомога",
           "мовний курс", "Здоров'я", "перекладач", "borhy", "perekladach", "Schwimmkurs", "кщшгнекуц"],
    "ru": ["акушерка", "акушерку", "с акушеркой", "долги", "с долгами", "домашние задания", "первая помощь",
           "языковой курс", "Здоровье", "плавание", "развод", "и", "akusherka", "akusherki", "dolgi", "perevodchik",
           "domashnie zadaniya", "Hebamme", "кщшгнекуц"],
}


def language_words(code: str) -> list[str]:
    """The words of language code that its search page meets: its translations of the offers' texts,
    its search words and labels, and the families' queries in it (the judged sets)."""
    from babel.messages.pofile import read_po

    with (ROOT / "uebersetzungen" / f"{code}.po").open("rb") as catalogue:
        texts = [m.string for m in read_po(catalogue) if m.id and isinstance(m.string, str)]
    texts += [phrase for entry in yaml.safe_load((ROOT / "suchwoerter.yml").read_text(encoding="utf-8"))
              for phrase in entry.get(code, [])]
    texts += [term.labels.get(code, "") for terms in (TAXONOMY.areas, TAXONOMY.towns, TAXONOMY.bands) for term in terms.values()]
    for name in ("suchfragen.yml", "familien-suchfragen.yml"):
        texts += list(yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8")).get(code, {}))
    return sorted({w for text in texts for w in split_words(text)})


TAXONOMY = load_taxonomy(ROOT / "taxonomie.yml")
PAGES = ["de", "en", "tr", "ar", "uk", "ru"]


@pytest.fixture(scope="module")
def browser(sample_site, tmp_path_factory):
    """Per page language: its index's words, queries and ages as the real lunr.js in Node has them."""
    sample_words = {w for p in (ROOT / "angebote").glob("[!_]*/*.md") for w in split_words(p.read_text(encoding="utf-8"))}
    found = {}
    for code in PAGES:
        words = WORDS + sorted(sample_words) + (language_words(code) if code != "de" else [])
        found[code] = (words, in_node(sample_site / ("" if code == "de" else code) / "suche/index.json",
                                      tmp_path_factory.mktemp(code), words=words, queries=QUERIES[code], ages=AGES))
    return found


@pytest.mark.parametrize("code", PAGES)
def test_browser_and_build_agree(browser, sample_site, code):
    """Every word of the sample offers, and on another language's page every word of its
    translations, search words, labels and judged queries, through the German steps and the page
    language's own; each query on the page; each age: the same in Python as in lunr.js."""
    words, found = browser[code]
    assert len(words) > (1000 if code == "de" else 2000)
    differing = {w: (index_terms(w, NODE_MODULES), found["terms"][w]) for w in words if index_terms(w, NODE_MODULES) != found["terms"][w]}
    assert differing == {}
    index = load_index(sample_site / ("" if code == "de" else code) / "suche/index.json")
    if code in OWN_PIPELINES:
        own = {w: index_terms(w, NODE_MODULES, code) for w in words}
        assert {w: (own[w], found["own"][w]) for w in words if own[w] != found["own"][w]} == {}
        # the page's own steps do something to most of its words: they are folded and stemmed
        assert sum(own[w] != [w] for w in language_words(code)) > len(language_words(code)) / 3
    else:
        assert index.language is None and all(terms == [] for terms in found["own"].values())
    assert {q: search(index, q, NODE_MODULES) for q in QUERIES[code]} == found["results"]
    assert {q: age_in_query(q) for q in AGES} == found["ages"]


def test_what_the_steps_do(browser):
    terms, own = browser["de"][1]["terms"], {code: browser[code][1]["own"] for code in OWN_PIPELINES}
    ages = browser["de"][1]["ages"]
    assert ages["طفل ٢ سنة"] == {"years": 2, "rest": "طفل"} and ages["سنتين"]["years"] == 2
    assert ages["ребенок 12 лет помощь"] == {"years": 12, "rest": "ребенок помощь"}
    assert ages["18 months"]["years"] == 1 and ages["Hebamme"] is None and ages["12"] is None
    assert ages["Tagesmutter für 3-jähriges Kind"] == {"years": 3, "rest": "Tagesmutter für Kind"}
    assert [ages[q]["years"] for q in ("12 yasindaki oglum", "12-летний сын", "12-річний син")] == [12, 12, 12]
    # German: folded and stemmed, stop words dropped
    assert terms["Fruehe"] == terms["Frühe"] == terms["Fruhe"] == ["fruh"]
    assert terms["für"] == []
    # Turkish typed without its letters is Turkish: folded before it is stemmed, the stop words too
    assert terms["kres"] == terms["kreş"] == terms["KREŞ"] == ["kres"]
    assert terms["danismanlik"] == terms["danışmanlık"] == terms["DANIŞMANLIK"]
    assert own["tr"]["çocuklarımız"] == own["tr"]["cocuklarimiz"] == own["tr"]["çocuğu"] == own["tr"]["cocugum"] == ["cocuk"]
    assert own["tr"]["ödevleri"] == own["tr"]["odevleri"] == ["odev"] and own["tr"]["için"] == own["tr"]["icin"] == []
    # Russian (Snowball), Ukrainian and Arabic (the light stemmers): a word's forms meet
    assert own["ru"]["акушерку"] == own["ru"]["акушерками"] == own["ru"]["акушерка"] == ["акушерк"]
    assert own["ru"]["Ёлка"] == own["ru"]["елки"] and own["ru"]["и"] == []
    assert own["uk"]["акушеркою"] == own["uk"]["акушерки"] == own["uk"]["акушерка"] == ["акушерк"]
    assert own["uk"]["боргами"] == own["uk"]["боргів"] == own["uk"]["борги"] == ["борг"]
    assert own["ar"]["القابلة"] == own["ar"]["قَابِلَة"] == own["ar"]["قابـــلة"] == own["ar"]["قابلات"] == ["قابل"]
    assert own["ar"]["والواجبات"] == own["ar"]["الواجبات"] == own["ar"]["واجب"] == ["واجب"]
    assert own["ar"]["بال"] == ["بال"]  # three letters stay: no article taken
    # English: the German steps with English stop words
    assert own["en"]["with"] == own["en"]["My"] == [] and own["en"]["classes"] == terms["classes"] == ["class"]


def test_the_families_words_find_the_offers_on_their_page(browser):
    results = {code: browser[code][1]["results"] for code in PAGES}
    for code, typed, spelled in (("tr", "borc", "borç"), ("tr", "ev odevi", "ev ödevi"), ("tr", "ilk yardim", "ilk yardım"),
                                 ("tr", "yuzme kursu", "yüzme kursu"), ("tr", "cocugum icin psikolog", "çocuğum için psikolog"),
                                 ("tr", "kizlar icin yuzme", "kızlar için yüzme"),
                                 ("ru", "akusherka", "акушерка"), ("ru", "dolgi", "долги"), ("uk", "borhy", "борги")):
        assert results[code][typed] == results[code][spelled] != [], typed
    for code, query in (("en", "midwife"), ("tr", "ebe"), ("tr", "ebeye"), ("ar", "قابلة"), ("ar", "للقابلة"),
                        ("uk", "акушеркою"), ("ru", "с акушеркой"), ("tr", "ev ödevi"), ("tr", "ödevlerim"),
                        ("ar", "واجبات مدرسية"), ("uk", "перша допомога"), ("en", "pregnent"), ("en", "midwif"),
                        ("en", "mdwife"), ("tr", "psikoloc cocuk icin")):
        assert results[code][query], (code, query)
    # German on every page
    for code in PAGES:
        assert results[code].get("Hebamme", results[code].get("Schwimmkurs")), code
    for code, query in (("de", "ضصثقفغعهخ"), ("de", "кщшгнекуц"), ("de", "xqzvbnmw"), ("ar", "ضصثقفغعهخ"), ("uk", "кщшгнекуц"),
                        ("ru", "кщшгнекуц"), ("en", "xqzvbnmw"), ("tr", "ve")):
        assert results[code][query] == [], (code, query)
    assert results["de"]["Hebamme"] and results["de"]["xyzzy"] == []
    assert results["de"]["Beratung" + " " * 192 + "Hebamme"] == results["de"]["Beratung"]  # Hebamme is cut off


def test_the_snowball_stemmers_stem_as_lunr_languages(sample_site, tmp_path):
    """snowballstemmer 2.2.0 (the build) and lunr-languages 1.22.0 (the browser) stem Turkish alike
    on every Turkish word of the site, as written and as the steps give it to the stemmer; Russian alike but for words with
    ё, which Snowball 2.2.0 reads as е and lunr-languages' older port does not: the steps fold ё
    before they stem, so that no word the search stems is one of those."""
    vocabulary = {code: language_words(code) for code in ("tr", "ru", "uk")}
    turkish = OWN_PIPELINES["tr"]
    before = word_pipeline(NODE_MODULES, tuple(name for name in turkish[:turkish.index("stemmer-tr")] if name != STOP_WORDS))
    stems = {"tr": sorted({*vocabulary["tr"], *map(before, vocabulary["tr"])} - {""}),  # as written, and as the stemmer gets them
             "ru": sorted({*vocabulary["ru"], *vocabulary["uk"], *(normalise(w) for w in vocabulary["ru"] + vocabulary["uk"])})}
    lunr_languages = in_node(sample_site / "suche/index.json", tmp_path, stems=stems)["stems"]
    differing = {}
    for code, words in stems.items():
        stemmer = snowballstemmer.stemmer({"tr": "turkish", "ru": "russian"}[code])
        differing[code] = {w for w, ours in zip(words, lunr_languages[code]) if stemmer.stemWord(w) != ours}
    assert len(stems["tr"]) > 1500 and differing["tr"] == set()
    assert len(stems["ru"]) > 2000 and differing["ru"] and all("ё" in w for w in differing["ru"])


def test_the_search_files_hold_lunrs_own_index(tmp_path):
    records = [
        {"id": str(i), "title": title, "provider": "Caritas", "places": "Dülmen", "areas": "Bildung",
         "summary": summary, "body": "Familienhebammen beraten Mütter und Väter. Ü-3 … –"}
        for i, (title, summary) in enumerate([
            ("Hebammensprechstunde", "Beratung rund um die Geburt"),
            ("Hausaufgabenhilfe", "Lernen nach der Schule, für Kinder"),
            ("Erziehungsberatungsstelle", "Beratung für Eltern, Kinder und Jugendliche"),
        ])
    ]
    lunr = build_index(records, NODE_MODULES)
    entry_file = write_index(records, NODE_MODULES, tmp_path)
    assert lunr_form(expand(entry_file)) == lunr_form(lunr)
    assert "" not in lunr_form(expand(entry_file))[0]
    original, ours = Index.load(lunr), load_index(entry_file)
    for query in ["Hebamme", "Beratung", "Kinder", "Hausauf", "Muetter", "Eltern Kinder"]:
        assert search(ours, query, NODE_MODULES) == search(original, query, NODE_MODULES)
        # the same scores, not only the same order
        assert [(r["ref"], r["score"]) for r in ours.search(query)] == [(r["ref"], r["score"]) for r in original.search(query)]
    assert search(ours, "Hausaufgaben", NODE_MODULES) == ["1"]


def test_a_language_pages_index_holds_its_translations_through_its_own_steps(tmp_path):
    """The Turkish page's index: the German texts as on the German page, the English and Turkish
    translations of title and summary in the same fields (the Turkish through its own steps), the
    Turkish steps and stop words for the browser; the same as lunr.py's own build of those terms."""
    texts = [("Hebammensprechstunde", "Beratung rund um die Geburt", "Ebe danışmanlığı", "Doğumdan önce ve sonra ebeler"),
             ("Hausaufgabenhilfe", "Lernen nach der Schule", "Ödev yardımı", "Çocuklarımız için okuldan sonra ödevler")]
    records = [{"id": str(i), "title": title, "provider": "Caritas", "places": "Dülmen", "areas": "Bildung", "summary": summary,
                "body": "", "title_en": "", "summary_en": "", "title_tr": tr_title, "summary_tr": tr_summary}
               for i, (title, summary, tr_title, tr_summary) in enumerate(texts)]
    turkish = write_index(records, NODE_MODULES, tmp_path / "tr", languages=("en", "tr"), code="tr")
    assert lunr_form(expand(turkish)) == lunr_form(build_index(records, NODE_MODULES, languages=("en", "tr"), code="tr"))
    entry = json.loads(turkish.read_text(encoding="utf-8"))
    assert entry["fields"] == list(FIELDS)
    assert entry["language"]["pipeline"] == list(OWN_PIPELINES["tr"]) and "icin" in entry["language"]["stopWords"]
    terms = lunr_form(expand(turkish))[0]
    assert {"odev", "cocuk", "ebe"} <= set(terms) and "icin" not in terms
    german_file = write_index(records, NODE_MODULES, tmp_path / "de")
    german = json.loads(german_file.read_text(encoding="utf-8"))
    assert "language" not in german and german["fields"] == list(FIELDS) and "odev" not in lunr_form(expand(german_file))[0]
    index = load_index(turkish)
    assert index.language == "tr"
    assert search(index, "ödevler", NODE_MODULES) == search(index, "odevlerimiz", NODE_MODULES) == ["1"]


def test_the_scores_are_lunrs_own(tmp_path):
    """The postings of the search files, scored as the browser scores them, are what lunr.py's
    Builder.add and build give for the same terms: the same terms, vectors and scores, repeated,
    mixed-case and missing terms too, and a field that is empty in every document."""
    rng = random.Random(7)
    vocabulary = [w for w in WORDS if w] + ["Hebamme", "HEBAMME", "İlk", "x", "0-3"]
    documents = [
        (str(number), {name: [rng.choice(vocabulary) for _ in range(rng.choice([0, 1, 3, 12, 40]))] for name in FIELDS})
        for number in range(60)
    ]
    empty = next(iter(FIELDS))
    for number, build in enumerate((documents, [(ref, {**fields, empty: []}) for ref, fields in documents])):
        entry_file = write_postings(Postings(build), tmp_path / str(number))
        assert lunr_form(expand(entry_file)) == lunr_form(lunr_builder(build).build().serialize())
    assert lunr_form(expand(write_postings(Postings([]), tmp_path / "none"))) == ({}, {})
    with pytest.raises(ValueError, match="0, 1, 2"):
        Postings([("1", documents[0][1])])


def test_the_browser_rounds_a_score_as_python_does(sample_site, tmp_path):
    """round(x, 3) in Python (lunr.py's Builder) and thousandths in suche-kern.js: the same on
    random scores and on the ties (odd sixteenths, which JavaScript's toFixed rounds up)."""
    rng = random.Random(5)
    values = [k / 16 for k in range(1, 400)] + [rng.uniform(0, 50) for _ in range(20000)] + [0.0005, 0.0015, 2.675, 1.0005]
    found = in_node(sample_site / "suche/index.json", tmp_path, scores=values)["scores"]
    assert found == [round(round(v, 3) * 1000) for v in values]


def test_no_term_that_lunrs_fuzzy_search_finds_is_farther_than_within_edits_says(sample_site, tmp_path):
    """suche-kern.js asks lunr's fuzzy TokenSet (milliseconds a word) only where withinEdits finds some
    term that near: every pair that lunr matches, withinEdits must say is near (random words over few
    letters, which meet often, with one and two edits); and it says so for few others."""
    rng = random.Random(13)

    def word():
        return "".join(rng.choice("aebn") for _ in range(rng.randint(1, 9)))

    pairs = [[word(), word(), rng.choice([1, 2])] for _ in range(6000)]
    found = in_node(sample_site / "suche/index.json", tmp_path, near=pairs)["near"]
    assert [pair for pair, (lunr, ours) in zip(pairs, found) if lunr and not ours] == []
    assert sum(lunr for lunr, _ in found) > 300
    assert sum(ours and not lunr for lunr, ours in found) < sum(lunr for lunr, _ in found) / 4


def test_a_pages_index_from_the_german_postings_is_the_index_of_its_merged_documents(tmp_path):
    """Postings.page with a page's added terms (translated titles and summaries) gives exactly the
    postings of the merged documents counted from nothing (and so lunr.py's own build): terms new to
    the index, terms that only gain documents, repeated and mixed-case ones, in some documents or in
    all, and nothing added; the German postings are not changed by a page's."""
    rng = random.Random(11)
    vocabulary = [w for w in WORDS if w][:300] + ["Hebamme", "HEBAMME", "İlk", "x"]
    foreign = ["ebe", "odev", "cocuk", "midwife", "قابلة", "Ödev", "x"]
    documents = [(str(number), {name: [rng.choice(vocabulary) for _ in range(rng.choice([0, 1, 3, 12, 40]))] for name in FIELDS})
                 for number in range(80)]
    german = Postings(documents)
    before = Postings(documents).page()
    cases = {
        "nothing": [{} for _ in documents],
        "empty lists": [{name: [] for name in TRANSLATED} for _ in documents],
        "known words in some": [{"title": [rng.choice(vocabulary)]} if i % 7 == 0 else {} for i in range(len(documents))],
        "new words in some": [{"summary": [rng.choice(foreign) for _ in range(3)]} if i % 5 == 0 else {} for i in range(len(documents))],
        "both in every one": [{name: [rng.choice(vocabulary + foreign) for _ in range(rng.choice([1, 4]))] for name in TRANSLATED}
                              for _ in documents],
    }
    for case, added in cases.items():
        merged = [(ref, {name: fields[name] + added[number].get(name, []) for name in FIELDS})
                  for number, (ref, fields) in enumerate(documents)]
        assert german.page(added) == Postings(merged).page(), case
    assert german.page() == before
    entry_file = write_postings(german, tmp_path, added)
    assert lunr_form(expand(entry_file)) == lunr_form(lunr_builder(merged).build().serialize())


def test_compound_parts_are_the_tails_that_start_with_a_stem():
    """Looked up letter by letter in stem_starts, a tail is a part exactly where one of its starts
    of MIN_PART to MAX_PART letters is a stem (random words and stems over few letters, which meet often)."""
    rng = random.Random(3)

    def word(low, high):
        return "".join(rng.choice("aben") for _ in range(rng.randint(low, high)))

    for _ in range(200):
        stems = {word(MIN_PART, MAX_PART + 4) for _ in range(rng.randint(0, 30))}
        words = [word(2 * MIN_PART, 70) for _ in range(20)]
        expected = [word[i:] for word in words if len(word) <= MAX_COMPOUND for i in range(3, len(word) - MIN_PART + 1)
                    if any(word[i:][:k] in stems for k in range(MIN_PART, min(len(word) - i, MAX_PART) + 1))]
        assert compound_parts(words, stem_starts(stems)) == expected
    assert compound_parts(["familienhebamme"], stem_starts({"hebamm", "famili"})) == ["hebamme"]


def test_the_rows_and_filters_read_back_to_one_entry_per_offer(sample_site):
    docs = read_docs(sample_site / "suche" / "index.json")
    pages = sorted(p.parent.name for p in (sample_site / "angebote").glob("*/index.html"))
    assert sorted(d["u"] for d in docs) == pages
    pekip = next(d for d in docs if d["u"] == "pekip-kurs")
    assert pekip["t"] == "PEKiP – Prager Eltern-Kind-Programm"
    assert pekip["p"] == "Familienbildungsstätte Coesfeld"
    assert (pekip["b"], pekip["w"], pekip["f"], pekip["k"]) == (["erziehung", "bildung"], ["coesfeld", "billerbeck"], [0.1, 1], 0)


def test_an_offer_with_every_word_comes_first_even_with_one_word_only_in_its_description(tmp_path):
    """"Beratung Trennung": the offer with "Trennung" only in its description (and "Beratung" in its
    summary) comes before offers that name "Beratung" often or "Trennung" in the title but not both;
    the same in Python and in the real lunr.js."""
    from conftest import VALID_PROVIDER, offer, run_build, write_data

    files = {"t/traeger.yml": VALID_PROVIDER}
    files["t/viel-beratung.md"] = offer(title="Beratung, Beratung und Beratung", summary="Beratung für Eltern, mit Beratung am Telefon.").replace(
        "Beschreibung des Treffs.", "Beratung zu allem: Beratung, Beratung.")
    files["t/trennung-titel.md"] = offer(title="Nach der Trennung", summary="Ein Treff für Mütter und Väter nach einer Trennung.")
    files["t/beides.md"] = offer(title="Offene Sprechstunde", summary="Beratung für Familien im Alltag.").replace(
        "Beschreibung des Treffs.", "Wir helfen auch nach einer Trennung weiter.")
    data = write_data(tmp_path / "angebote", files)
    result = run_build(data, tmp_path / "site", 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    index_file = tmp_path / "site" / "suche" / "index.json"
    queries = ["Beratung Trennung", "Trennung Beratung", "beratung trennungen"]
    browser = in_node(index_file, tmp_path, words=[], queries=queries)["results"]
    index_terms("Beratung", NODE_MODULES)  # registers the pipeline's functions, as the build does
    index = load_index(index_file)
    docs = read_docs(index_file)
    for query in queries:
        python = search(index, query, NODE_MODULES)
        assert python == browser[query], query
        assert [docs[int(ref)]["u"] for ref in python][:1] == ["beides"], query


@pytest.mark.parametrize("algorithm", ["german", "turkish", "russian"])
def test_the_c_stemmer_stems_as_the_python_one(algorithm):
    """PyStemmer (Snowball 2.2.0 in C) is what snowballstemmer hands out where it is installed: it must
    stem every word of the sample offers, their translations, the search words and the taxonomy,
    as written and as the steps fold them, as the pure Python stemmer 2.2.0 does (which the Node
    tests above compare with lunr-languages')."""
    import importlib
    import re

    stemmer = snowballstemmer.stemmer(algorithm)
    assert type(stemmer).__module__ == "Stemmer"  # the C one, not the Python one
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "angebote").rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "uebersetzungen").glob("*.po"))]
    texts += [(ROOT / name).read_text(encoding="utf-8") for name in ("suchwoerter.yml", "taxonomie.yml")]
    words = {w for text in texts for w in re.findall(r"\w+", text.lower())}
    words = sorted(words | {fold_umlauts(normalise(w)) for w in words})
    assert len(words) > 7000
    python = getattr(importlib.import_module(f"snowballstemmer.{algorithm}_stemmer"), f"{algorithm.title()}Stemmer")()
    assert [stemmer.stemWord(w) for w in words] == [python.stemWord(w) for w in words]


def test_words_are_split_as_lunr_js_splits_them():
    """split_words against lunr.js's own tokenizer in Node, on random texts of letters, hyphens, and
    every space of JavaScript's and of Python's (which differ: U+FEFF, U+001C–U+001F, U+0085)."""
    import os
    import subprocess
    pieces = ["Kita", "Ü", "ß", "İ", "x", "-", "–", " ", "\t", "\n", "\r", "\v", "\f", "\xa0", "\u1680", "\u2000", "\u200a",
              "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\x1c", "\x1f", "\x85", "\u180e"]
    randomly = random.Random(3)
    texts = ["", " ", "-", "a-b", "\ufeffa"] + ["".join(randomly.choice(pieces) for _ in range(randomly.randrange(1, 12)))
                                              for _ in range(3000)]
    script = ("const lunr = require('lunr'); const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(texts.map(t => lunr.tokenizer(t).map(String))));")
    node = subprocess.run(["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True,
                          cwd=ROOT, env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")})
    expected = json.loads(node.stdout)
    assert [split_words(text) for text in texts] == expected
    assert sum(len(words) > 1 for words in expected) > 1000
