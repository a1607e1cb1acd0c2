"""The search in the families' languages: judged queries (tests/data/suchfragen.yml,
tests/data/familien-suchfragen.yml) against the index of their language's page, the placeholders'
examples, and the real search page in Chromium on every language."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import OTHER_LANGUAGES, ROOT, read_page

from angebote.search.text import pipeline_functions  # noqa: E402
from search_reference import load_index, read_docs, search  # noqa: E402

NODE_MODULES = str(ROOT / "node_modules")
JUDGED = {lang: queries for lang, queries in yaml.safe_load((ROOT / "tests/data/suchfragen.yml").read_text(encoding="utf-8")).items()
          if not lang.startswith("_")}
GOAL = 0.8  # share of judged queries with a right offer in the first five


@pytest.fixture(scope="module")
def built(sample_site):
    """Per language: its search page's index and document store."""
    pipeline_functions(NODE_MODULES)  # registers the pipeline the index names
    found = {}
    for lang in ["de", *OTHER_LANGUAGES]:
        folder = sample_site / ("" if lang == "de" else lang) / "suche"
        found[lang] = (load_index(folder / "index.json"), read_docs(folder / "index.json"))
    return found


def top(built, lang: str, query: str, n: int = 5) -> list[str]:
    """The first n offers the search page of language lang shows for query."""
    index, docs = built[lang]
    return [docs[int(ref)]["u"] for ref in search(index, query, NODE_MODULES)[:n]]


@pytest.mark.parametrize("lang", sorted(JUDGED))
def test_judged_queries_find_the_right_offers_in_the_first_five(built, lang):
    queries = JUDGED[lang]
    assert len(queries) >= 10
    missed = {query: top(built, lang, query) for query, right in queries.items() if not set(right) & set(top(built, lang, query))}
    share = 1 - len(missed) / len(queries)
    print(f"{lang}: {share:.0%} of {len(queries)} judged queries found ({', '.join(missed) or 'none missed'})")
    assert share >= GOAL, missed


def test_judged_queries_cover_the_life_areas(sample_site):
    docs = read_docs(sample_site / "suche/index.json")
    areas = {d["u"]: set(d["b"]) for d in docs}
    for lang, queries in JUDGED.items():
        covered = {area for right in queries.values() for slug in right for area in areas[slug]}
        assert len(covered) >= 10, (lang, covered)


@pytest.mark.parametrize("lang", ["de", *OTHER_LANGUAGES])
def test_every_example_in_the_placeholder_finds_an_offer(built, sample_site, lang):
    page = read_page(sample_site, "suche/" if lang == "de" else f"{lang}/suche/")
    placeholder = page.select_one("#q")["placeholder"]
    # "e.g. midwife, language course, homework" → the examples after the abbreviation
    examples = [e.strip() for e in re.split(r"[,،]", placeholder.split(" ", 1)[1] if lang != "de" else placeholder[6:])]
    assert len(examples) == 3, placeholder
    for example in examples:
        assert top(built, lang, example), (lang, example)


@pytest.mark.parametrize("lang", ["de", *OTHER_LANGUAGES])
def test_random_letters_in_any_script_find_nothing(built, lang):
    for query in ("ضصثقفغعهخ", "кщшгнекуц", "фывапролдж", "xqzvbnmwk", "ğüşiöç ğüşiöç"):
        assert top(built, lang, query) == [], query


# ---------------------------------------------------------------- in the browser

def result_slugs(page):
    page.wait_for_selector("#treffer:not([aria-busy])", state="attached")  # the rows of the query as it stands
    return page.locator("#treffer .offer-item h2 a").evaluate_all(
        "els => els.map(e => e.getAttribute('href').replace(/\\/$/, '').split('/').pop())")


CROSS = {  # per page language: a query in that language, and the offer it must find
    "de": ("Hebamme", "familienhebammen-fruehe-hilfen"),
    "en": ("debt advice", "schuldnerberatung"),
    "tr": ("ödev yardımı", "hausaufgabenhilfe-duelmen"),
    "ar": ("الإسعافات الأولية", "erste-hilfe-am-kind"),
    "uk": ("перекладач", "sprachmittler-pool"),
    "ru": ("развод", "trennungs-und-scheidungsberatung"),
}


@pytest.mark.parametrize("lang", ["de", *OTHER_LANGUAGES])
def test_search_page_finds_in_its_language_and_in_german_and_says_when_nothing_matched(page, server, sample_site, lang):
    prefix = "" if lang == "de" else f"/{lang}"
    status = read_page(sample_site, f"{prefix.strip('/')}/suche/".lstrip("/")).select_one("#suchstatus")
    query, slug = CROSS[lang]
    page.goto(f"{server}{prefix}/suche/#q={quote(query)}")
    expect(page.locator(f"#treffer .offer-item h2 a[href$='/angebote/{slug}/']")).to_be_visible()
    assert slug in result_slugs(page)[:5]
    expect(page.locator("#suchtipps")).to_be_hidden()
    # German on every language's page
    page.fill("#q", "Schwimmkurs")
    expect(page.locator("#treffer .offer-item h2 a[href$='/angebote/schwimmkurs-seepferdchen/']")).to_be_visible()
    assert result_slugs(page)[0] == "schwimmkurs-seepferdchen"
    # random letters in Arabic, Cyrillic and Latin script: no offer, and what to try, in the page's language
    for nonsense in ("ضصثقفغعهخ", "кщшгнекуц", "xqzvbnmwk"):
        page.fill("#q", nonsense)
        expect(page.locator("#suchstatus")).to_have_text(status["data-none"])
        expect(page.locator("#treffer .offer-item")).to_have_count(0)
        expect(page.locator("#suchtipps")).to_be_visible()
        expect(page.locator("#suchtipps-woerter")).to_be_visible()
        tips = BeautifulSoup(page.locator("#suchtipps").inner_html(), "html.parser")
        # the pages of the life areas and age bands, and the towns', in the page's language
        hrefs = [a["href"] for a in tips.select("a")]
        kinds = {href.removeprefix(prefix).split("/")[1] for href in hrefs}
        assert kinds == {"bereiche", "alter", "orte"} and all(href.startswith(f"{prefix}/") for href in hrefs)


def test_a_need_that_is_a_life_area_finds_that_areas_offers_first(built):
    """The area's label in each language, on that language's page (and a search word with
    "bereich"), ranks the offers of that area first, above offers that only mention a word of it
    (index field "bereich")."""
    from angebote.read.taxonomy import load_taxonomy

    areas = {d["u"]: set(d["b"]) for d in built["de"][1]}
    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    for slug in ("finanzen", "gesundheit", "betreuung"):
        term = taxonomy.areas[slug]
        in_area = sum(slug in found for found in areas.values())
        for lang, query in (("de", term.label), *term.labels.items()):
            shown = top(built, lang, query, n=min(5, in_area))
            assert shown and all(slug in areas[u] for u in shown), (lang, query, shown)


FAMILIES = {lang: queries for lang, queries in yaml.safe_load((ROOT / "tests/data/familien-suchfragen.yml").read_text(encoding="utf-8")).items()
            if not lang.startswith("_")}
# The goal on this set (written blind, as families type: colloquial, inflected, Turkish
# without its letters, transliterated, with an age), reached in every language, each on its own
# page: ar 0.97, en 0.95, ru 0.94, uk 0.94, tr 0.92, de 0.97 (2026-12-07, de with 8 more queries written blind,
# 27 of 32 before the search words they asked for; most of what is left are
# queries that nothing fits but the search shows offers with one of their words).
FAMILY_FLOOR = 0.9


@pytest.mark.parametrize("lang", sorted(FAMILIES))
def test_family_queries_find_a_fitting_offer_in_the_first_five(built, lang):
    """As the page of their language searches (an age in the query is the age filter); a query
    nothing fits ([]) must find nothing."""
    from search_reference import family_search

    index, docs = built[lang]
    queries = FAMILIES[lang]
    assert len(queries) >= (15 if lang == "de" else 25)
    missed = {}
    for query, right in queries.items():
        shown = family_search(index, docs, query, NODE_MODULES)[:5]
        if (set(right) & set(shown)) if right else not shown:
            continue
        missed[query] = shown
    share = 1 - len(missed) / len(queries)
    print(f"{lang}: {share:.0%} of {len(queries)} family queries found; missed: {', '.join(missed) or 'none'}")
    assert share >= FAMILY_FLOOR, missed
