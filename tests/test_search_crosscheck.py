"""The browser and the build process German text the same way (real lunr.js in Node)."""

from __future__ import annotations

import json
import os
import random
import subprocess

import pytest

from conftest import ROOT

from angebote.search.index import FIELDS, compact_index, scored
from angebote.search.text import MAX_COMPOUND, MAX_PART, MIN_PART, compound_parts, split_words, stem_starts
from search_reference import age_in_query, build_index, compact, expand, index_terms, load_index, lunr_builder, search, unpack_docs
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
QUERIES = [
    "Hebamme", "Hebammen", "Kinder", "Beratungen", "Fruehe Hilfen", "Frühe Hilfen", "Sprachforderung",
    "Beratung", "Hausaufgaben", "Hausauf", "Hebame", "Schwimkurs", "Caritas", "Dülmen", "Luedinghausen",
    "Erziehungsberatung", "Kinder Dülmen", "Sprachkurs Olfen", "für", "xyzzy", "Geflüchtete Ausbildung",
    # the bounds: one wrong letter only up to 40 letters, only the first 200 characters count
    "Erziehungsberatungsstellenverzeichnisse", "Erziehungsberatungsstellenverzeichnissex",
    "Erziehungsberatungsstellenverzeichnissexyz", "Beratung" + " " * 192 + "Hebamme", "😀" * 199 + " Hebamme",
    "q" * 7000,
    # long compounds typed with a letter missing: two edits, then the longest known start
    "Erziehungsberatngsstelle", "Schwangerschaftsberatng", "Schuldnerberatng", "Hausaufgabenhlfe",
    "Familienhebamenbesuch", "Qwertzuiopasdfghjkl",
    # the families' languages: thesaurus words and phrases, translated titles and labels, typos
    "midwife", "Midwives", "ebe", "قابلة", "القابلة", "акушерка", "акушерки", "debt advice", "borç",
    "ديون", "борги", "долги", "homework help", "ev ödevi", "واجبات مدرسية", "домашні завдання",
    "домашние задания", "first aid", "ilk yardım", "الإسعافات الأولية", "перша допомога", "первая помощь",
    "language course", "dil kursu", "دورة لغة", "мовний курс", "языковой курс", "Family midwives",
    "الصحة", "Здоровье", "Здоров'я", "Sağlık", "Health", "midwife Coesfeld", "first aid Dülmen",
    "swimming course", "yüzme kursu", "плавание", "Kita", "kindergarten", "ضصثقفغعهخ", "кщшгнекуц",
    "xqzvbnmw", "جحخهعغفقثصض ضصث", "с долгами", "и", "a b Hebamme", "боргами", "акушерку",
    "borc", "ev odevi", "ilk yardim", "yuzme kursu", "dil kursu", "BORÇ",
    # Russian and Ukrainian typed in Latin letters (the search words' romanisations, made at build time)
    "akusherka", "akusherki", "dolgi", "borhy", "perekladach", "perevodchik", "domashnie zadaniya",
    # a search word typed with one letter wrong, missing or too many
    "pregnent", "counceling for parents", "kindergarden place", "psikoloc cocuk icin", "midwif", "midwifes", "mdwife",
]


def test_browser_and_build_agree(sample_site, tmp_path):
    index_file = sample_site / "suche" / "index.json"
    sample_words = {
        w for p in (ROOT / "angebote").glob("[!_]*/*.md") for w in split_words(p.read_text(encoding="utf-8"))
    }
    words = WORDS + sorted(sample_words)
    assert len(words) > 1000
    data = tmp_path / "input.json"
    data.write_text(json.dumps({"words": words, "queries": QUERIES, "ages": AGES}, ensure_ascii=False), encoding="utf-8")
    node = subprocess.run(
        ["node", str(ROOT / "tests/node/crosscheck.js"), str(index_file), str(data)],
        capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ, "NODE_PATH": NODE_MODULES},
    )
    browser = json.loads(node.stdout)
    python_terms = {word: index_terms(word, NODE_MODULES) for word in words}
    differing = {w: (python_terms[w], browser["terms"][w]) for w in words if python_terms[w] != browser["terms"][w]}
    assert differing == {}
    index = load_index(json.loads(index_file.read_text(encoding="utf-8")))
    python_results = {q: search(index, q, NODE_MODULES) for q in QUERIES}
    assert python_results == browser["results"]
    assert {q: age_in_query(q) for q in AGES} == browser["ages"]
    assert browser["ages"]["طفل ٢ سنة"] == {"years": 2, "rest": "طفل"} and browser["ages"]["سنتين"]["years"] == 2
    assert browser["ages"]["ребенок 12 лет помощь"] == {"years": 12, "rest": "ребенок помощь"}
    assert browser["ages"]["18 months"]["years"] == 1 and browser["ages"]["Hebamme"] is None and browser["ages"]["12"] is None
    assert browser["ages"]["Tagesmutter für 3-jähriges Kind"] == {"years": 3, "rest": "Tagesmutter für Kind"}
    assert [browser["ages"][q]["years"] for q in ("12 yasindaki oglum", "12-летний сын", "12-річний син")] == [12, 12, 12]
    # Turkish typed without its letters finds what it finds with them
    assert browser["terms"]["kres"] == browser["terms"]["kreş"] == browser["terms"]["KREŞ"] == ["kres"]
    assert browser["terms"]["danismanlik"] == browser["terms"]["danışmanlık"] == browser["terms"]["DANIŞMANLIK"]
    for typed in ("pregnent", "midwif", "mdwife"):
        assert browser["results"][typed], typed
    for spelled, typed in (("акушерка", "akusherka"), ("долги", "dolgi"), ("борги", "borhy")):
        assert browser["results"][typed] == browser["results"][spelled] != [], typed
    for spelled, typed in (("borç", "borc"), ("ev ödevi", "ev odevi"), ("ilk yardım", "ilk yardim"), ("yüzme kursu", "yuzme kursu")):
        assert browser["results"][typed] == browser["results"][spelled] != [], typed
    # the processing is not trivially empty: the words really are folded and stemmed
    assert browser["terms"]["Fruehe"] == browser["terms"]["Frühe"] == browser["terms"]["Fruhe"] == ["fruh"]
    assert browser["terms"]["für"] == []
    assert browser["results"]["Hebamme"] and browser["results"]["xyzzy"] == []
    assert browser["results"]["Beratung" + " " * 192 + "Hebamme"] == browser["results"]["Beratung"]  # Hebamme is cut off
    # other scripts are words, folded alike; the families' words find the German offers
    assert browser["terms"]["القابلة"] == browser["terms"]["قَابِلَة"] == browser["terms"]["قابـــلة"] == ["قابله"]
    assert browser["terms"]["Ёлка"] == browser["terms"]["ЕЛКА"] == ["елка"]
    for query in ("midwife", "ebe", "قابلة", "акушерка", "ev ödevi", "واجبات مدرسية", "перша допомога"):
        assert browser["results"][query], query
    for query in ("ضصثقفغعهخ", "кщшгнекуц", "xqzvbnmw"):
        assert browser["results"][query] == [], query


def test_compact_index_holds_the_same_index():
    records = [
        {"id": str(i), "title": title, "provider": "Caritas", "places": "Dülmen", "areas": "Bildung",
         "summary": summary, "body": "Familienhebammen beraten Mütter und Väter. Ü-3 … –"}
        for i, (title, summary) in enumerate([
            ("Hebammensprechstunde", "Beratung rund um die Geburt"),
            ("Hausaufgabenhilfe", "Lernen nach der Schule, für Kinder"),
            ("Erziehungsberatungsstelle", "Beratung für Eltern, Kinder und Jugendliche"),
        ])
    ]
    lunr_form = build_index(records, NODE_MODULES)
    small = compact(lunr_form)
    assert compact_index(records, NODE_MODULES) == small
    assert len(json.dumps(small)) < len(json.dumps(lunr_form)) / 2
    assert "" not in small["terms"]
    original, rebuilt = Index.load(lunr_form), Index.load(expand(small))
    for query in ["Hebamme", "Beratung", "Kinder", "Hausauf", "Muetter", "Eltern Kinder"]:
        assert search(rebuilt, query, NODE_MODULES) == search(original, query, NODE_MODULES)
        # the same scores, not only the same order
        assert [(r["ref"], r["score"]) for r in rebuilt.search(query)] == [
            (r["ref"], r["score"]) for r in original.search(query)]
    assert search(rebuilt, "Hausaufgaben", NODE_MODULES) == ["1"]


def test_the_scores_are_lunrs_own():
    """search.index.scored gives, from the terms of each field, what lunr.py's Builder.add and build
    give for the same terms: the same terms, vectors and scores, repeated, mixed-case and missing
    terms too, and a field that is empty in every document."""
    rng = random.Random(7)
    vocabulary = [w for w in WORDS if w] + ["Hebamme", "HEBAMME", "İlk", "x", "0-3"]
    documents = [
        (str(number), {name: [rng.choice(vocabulary) for _ in range(rng.choice([0, 1, 3, 12, 40]))] for name in FIELDS})
        for number in range(60)
    ]
    empty = next(iter(FIELDS))
    for build in (documents, [(ref, {**fields, empty: []}) for ref, fields in documents]):
        expected = compact(lunr_builder(build).build().serialize())
        ours = scored(build, {})
        assert {k: v for k, v in ours.items() if k != "pipeline"} == {k: v for k, v in expected.items() if k != "pipeline"}
    assert scored([], {})["terms"] == []
    with pytest.raises(ValueError, match="0, 1, 2"):
        scored([("1", documents[0][1])], {})


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


def test_document_store_unpacks_to_one_row_per_offer(sample_site):
    store = json.loads((sample_site / "suche" / "angebote.json").read_text(encoding="utf-8"))
    docs = unpack_docs(store)
    pages = sorted(p.parent.name for p in (sample_site / "angebote").glob("*/index.html"))
    assert sorted(d["u"] for d in docs) == pages
    assert len(store["strings"]) == len(set(store["strings"]))  # each repeated text once
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
    source = tmp_path / "input.json"
    source.write_text(json.dumps({"words": [], "queries": queries}), encoding="utf-8")
    node = subprocess.run(["node", str(ROOT / "tests/node/crosscheck.js"), str(index_file), str(source)],
                          capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ, "NODE_PATH": NODE_MODULES})
    browser = json.loads(node.stdout)["results"]
    index_terms("Beratung", NODE_MODULES)  # registers the pipeline's functions, as the build does
    index = load_index(json.loads(index_file.read_text(encoding="utf-8")))
    docs = unpack_docs(json.loads((tmp_path / "site" / "suche" / "angebote.json").read_text(encoding="utf-8")))
    for query in queries:
        python = search(index, query, NODE_MODULES)
        assert python == browser[query], query
        assert [docs[int(ref)]["u"] for ref in python][:1] == ["beides"], query


def test_the_c_stemmer_stems_as_the_python_one():
    """PyStemmer (Snowball 2.2.0 in C) is what snowballstemmer hands out where it is installed: it must
    stem every word of the sample offers, the search words and the taxonomy as the pure Python
    GermanStemmer 2.2.0 does (which the Node test above compares with lunr-languages')."""
    import re

    import snowballstemmer
    from snowballstemmer.german_stemmer import GermanStemmer

    stemmer = snowballstemmer.stemmer("german")
    assert type(stemmer).__module__ == "Stemmer"  # the C one, not the Python one
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "angebote").rglob("*.md"))]
    texts += [(ROOT / name).read_text(encoding="utf-8") for name in ("suchwoerter.yml", "taxonomie.yml")]
    words = {w for text in texts for w in re.findall(r"\w+", text.lower())}
    words |= {w.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss") for w in words}
    assert len(words) > 2500
    python = GermanStemmer()
    assert [stemmer.stemWord(w) for w in sorted(words)] == [python.stemWord(w) for w in sorted(words)]
