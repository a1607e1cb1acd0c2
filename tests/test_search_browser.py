"""The search page in Debian's Chromium, driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import json
import http.server
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import QuietHandler
from playwright.sync_api import expect

def result_slugs(page):
    page.wait_for_selector("#treffer:not([aria-busy])", state="attached")  # the rows of the query as it stands
    return [href.strip("/").split("/")[-1] for href in page.locator("#treffer .offer-item h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]


def params(page):
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).fragment).items()}


def open_filters(page):
    """On a phone (the page fixture's 390 px) the filters are folded behind "Filter"."""
    page.click("#filterbox > summary")
    expect(page.locator("#alter")).to_be_visible()


def test_typing_shows_results_and_updates_the_url(page, server):
    page.goto(f"{server}/suche/")
    expect(page.locator("#suchstatus")).to_contain_text("Angebote insgesamt")
    page.fill("#q", "Hebame")  # one wrong letter
    expect(page).to_have_url(f"{server}/suche/#q=Hebame")
    expect(page.locator("#treffer .offer-item")).to_have_count(2)
    assert "familienhebammen-fruehe-hilfen" in result_slugs(page)
    assert params(page) == {"q": "Hebame"}
    assert page.locator("#suchstatus").get_attribute("role") == "status"
    expect(page.locator("#suchstatus")).to_contain_text("Angebote gefunden")
    assert page.locator("#treffer mark").count() >= 1


@pytest.mark.parametrize("query, expected", [
    ("Fruehe Hilfen", "familienhebammen-fruehe-hilfen"),
    ("Sprachforderung", "berufsbezogene-sprachfoerderung"),
    ("Beratung", "erziehungsberatungsstelle-coesfeld"),
    ("Hausaufgaben", "hausaufgabenhilfe-duelmen"),
    ("Hausaufg", "hausaufgabenhilfe-duelmen"),
    ("Hebamme", "familienhebammen-fruehe-hilfen"),
    ("Kindern", "erste-hilfe-am-kind"),
    ("Lebenshilfe", "inklusive-freizeitgruppe"),
    ("Luedinghausen", "ogs-luedinghausen"),
])
def test_german_forgiveness(page, server, query, expected):
    page.goto(f"{server}/suche/#q={query}")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    assert expected in result_slugs(page)


def test_title_matches_come_first(page, server):
    page.goto(f"{server}/suche/#q=Elterncafé")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    assert result_slugs(page)[0] == "elterncafe-duelmen"


def test_url_filters_run_on_load(page, server):
    page.goto(f"{server}/suche/#alter=0&ort=olfen")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    found = set(result_slugs(page))
    assert "familienhebammen-fruehe-hilfen" in found  # county-wide, 0 to 1
    assert "willkommensbesuch-neugeborene" in found  # Olfen, 0 to 1
    assert "pekip-kurs" not in found  # Coesfeld only
    assert "jugendtreff-olfen" not in found  # Olfen, 10 to 18
    assert page.locator("#alter").input_value() == "0" and page.locator("#ort").input_value() == "olfen"


def test_age_filter_finds_offer_from_six_weeks(page, server):
    page.goto(f"{server}/suche/#alter=0&q=PEKiP")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    # first the offer named, then what the search words say it stands for (suchwoerter.yml: playgroups)
    assert result_slugs(page)[0] == "pekip-kurs"


def test_filters_alone_list_every_match(page, server):
    page.goto(f"{server}/suche/#alter=schwanger&kostenlos=1")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    found = set(result_slugs(page))
    assert {"familienhebammen-fruehe-hilfen", "schwangerschaftsberatung-gesundheitsamt"} <= found
    assert "geburtsvorbereitung" not in found  # not free


def test_filter_changes_push_history_and_back_restores(page, server):
    page.goto(f"{server}/suche/#q=Beratung")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    before = result_slugs(page)
    open_filters(page)
    page.select_option("#ort", "duelmen")
    expect(page).to_have_url(f"{server}/suche/#q=Beratung&ort=duelmen")
    after = result_slugs(page)
    assert after != before and "erziehungsberatungsstelle-coesfeld" not in after
    page.check("#kostenlos")
    expect(page).to_have_url(f"{server}/suche/#q=Beratung&ort=duelmen&kostenlos=1")
    page.go_back()
    expect(page).to_have_url(f"{server}/suche/#q=Beratung&ort=duelmen")
    assert not page.locator("#kostenlos").is_checked()
    page.go_back()
    expect(page).to_have_url(f"{server}/suche/#q=Beratung")
    assert page.locator("#ort").input_value() == ""
    assert result_slugs(page) == before


def test_no_results_suggests_which_filter_to_drop(page, server):
    page.goto(f"{server}/suche/#q=Seepferdchen&ort=rosendahl")
    expect(page.locator("#suchstatus")).to_have_text("Kein Angebot gefunden.")
    button = page.locator("#suchhinweis button")
    expect(button).to_have_text("Ohne „Ort: Rosendahl“: 1 Angebot")
    button.click()
    expect(page).to_have_url(f"{server}/suche/#q=Seepferdchen")
    assert result_slugs(page) == ["schwimmkurs-seepferdchen"]


def test_header_search_opens_the_search_page_with_the_words_in_the_fragment(page, server):
    page.goto(f"{server}/angebote/elterncafe-duelmen/")
    page.fill("#kopf-suche", "Hebamme")
    page.press("#kopf-suche", "Enter")
    expect(page).to_have_url(f"{server}/suche/#q=Hebamme")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    assert page.locator("#q").input_value() == "Hebamme"


def test_without_javascript_the_page_says_so(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/suche/#q=Hebamme")
    hint = page.locator(".suche-js-hinweis")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("Die Suche braucht JavaScript")
    assert hint.locator("a[href='/alter/']").count() == 1
    context.close()


def test_index_loads_only_on_the_search_page(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/suche/" in url or "lunr" in url]
    assert all(url.startswith(server) for url in requested)
    context.close()


def test_a_query_in_the_address_loads_the_parts_of_its_words_first_and_each_part_once(browser, server, sample_site):
    """/suche/#q=Hebamme: suche-vorab.js fetches the entry and the part that holds "hebamm" before
    the search runs (it is in window.sucheVorab), the search takes it from there; no file twice, no
    part of the index that no word needs (a small share of all), and the rows of the results."""
    entry = json.loads((sample_site / "suche/index.json").read_text(encoding="utf-8"))
    holding = [name for name in entry["postings"]["names"]
               if "hebamm" in json.loads((sample_site / "suche/teile" / f"{name}.json").read_text(encoding="utf-8"))["t"]]
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(f"{server}/suche/#q=Hebamme")
    expect(page.locator("#treffer .offer-item")).to_have_count(2)
    page.wait_for_selector("#treffer:not([aria-busy])", state="attached")
    assert len(holding) == 1 and holding[0] in page.evaluate("Object.keys(window.sucheVorab.parts)")
    assert len(requested) == len(set(requested)) and requested.count("/suche/index.json") == 1
    parts = [path for path in requested if path.startswith("/suche/teile/")]
    index_parts = [path for path in parts if path.split("/")[-1][0] in "pw"]
    assert f"/suche/teile/{holding[0]}.json" in parts and 0 < len(index_parts) < len(entry["postings"]["names"]) / 3
    assert [path for path in parts if path.split("/")[-1][0] == "d"]  # the rows shown
    assert not [path for path in parts if path.split("/")[-1][0] == "f"]  # no filter: no filter's values
    page.select_option("#alter", "0")  # a filter loads its values, then
    expect(page.locator("#suchstatus")).to_contain_text("gefunden")
    page.wait_for_selector("#treffer:not([aria-busy])", state="attached")
    assert [path for path in requested if path == f"/suche/teile/{entry['facets']['alter']}.json"]
    context.close()


def test_long_result_lists_are_drawn_in_steps(page, server):
    page.goto(f"{server}/suche/")
    expect(page.locator("#suchstatus")).to_contain_text("46 Angebote insgesamt")
    rows = page.locator("#treffer .offer-item")
    expect(rows).to_have_count(20)
    more = page.locator("#mehr")
    expect(more).to_have_text("Weitere Angebote zeigen (20 von 46 gezeigt)")
    more.click()
    expect(rows).to_have_count(40)
    # the keyboard lands on the first new result, not back at the top
    expect(rows.nth(20).locator("h2 a")).to_be_focused()
    more.click()
    expect(rows).to_have_count(46)
    expect(more).to_be_hidden()
    page.fill("#q", "Hebamme")
    expect(rows).to_have_count(2)
    expect(more).to_be_hidden()


def test_a_crafted_7000_letter_link_answers_at_once(page, server):
    """The one-wrong-letter retry is bounded (40 letters) and only 200 characters count:
    before, such a link kept the tab busy for minutes."""
    page.goto(f"{server}/suche/")
    expect(page.locator("#suchstatus")).to_contain_text("Angebote insgesamt")  # the index is loaded
    page.goto(f"{server}/suche/#q={'qwertzuiop' * 700}")
    expect(page.locator("#suchstatus")).to_contain_text("Kein Angebot gefunden", timeout=2000)


def test_old_links_with_a_query_still_work_and_move_into_the_fragment(page, server):
    page.goto(f"{server}/suche/?q=Hebamme&ort=olfen")
    expect(page).to_have_url(f"{server}/suche/#q=Hebamme&ort=olfen")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    assert "familienhebammen-fruehe-hilfen" in result_slugs(page)


def test_a_fragment_typed_into_the_address_bar_searches(page, server):
    page.goto(f"{server}/suche/#q=Hebamme")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    page.evaluate("location.hash = 'q=Schwimmkurs'")
    expect(page.locator("#q")).to_have_value("Schwimmkurs")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    assert "schwimmkurs-seepferdchen" in result_slugs(page)


@pytest.fixture
def logged_server(sample_site):
    """The sample site on a server that keeps every request line it receives."""
    seen = []

    class Handler(QuietHandler):
        def log_request(self, code="-", size="-"):
            seen.append(self.requestline)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(sample_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()


TERMS = ["Schuldnerberatung", "Familienhebamme", "Erziehungsberatung", "Sprachkurs", "olfen", "kostenlos", "q=", "alter="]


def test_no_search_term_or_filter_reaches_the_server(browser, logged_server):
    """Searches from the home page, the header and the search page, with filters: the server's log
    holds the pages and the search files, never a word or filter."""
    base, seen = logged_server
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/")
    page.fill("#suche", "Schuldnerberatung")
    page.press("#suche", "Enter")
    expect(page).to_have_url(f"{base}/suche/#q=Schuldnerberatung")
    expect(page.locator("#suchstatus")).not_to_contain_text("geladen")
    page.goto(f"{base}/en/angebote/elterncafe-duelmen/")
    page.fill("#kopf-suche", "Familienhebamme")
    page.press("#kopf-suche", "Enter")
    expect(page).to_have_url(f"{base}/en/suche/#q=Familienhebamme")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    page.fill("#q", "Erziehungsberatung Sprachkurs")
    page.select_option("#alter", "3")
    page.select_option("#ort", "olfen")
    page.check("#kostenlos")
    page.press("#q", "Enter")
    expect(page).to_have_url(f"{base}/en/suche/#q=Erziehungsberatung+Sprachkurs&alter=3&ort=olfen&kostenlos=1")
    page.reload()
    expect(page.locator("#q")).to_have_value("Erziehungsberatung Sprachkurs")
    page.wait_for_timeout(300)
    context.close()
    assert len(seen) > 10  # the pages and the search files were logged
    assert not [line for line in seen for term in TERMS if term in line], seen


def test_without_javascript_the_search_fields_send_nothing(browser, logged_server):
    base, seen = logged_server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/")
    page.fill("#suche", "Schuldnerberatung")
    page.press("#suche", "Enter")
    page.wait_for_url(f"{base}/suche/**")
    expect(page.locator(".suche-js-hinweis")).to_be_visible()
    page.fill("#q", "Familienhebamme")
    page.select_option("#ort", "olfen")
    page.press("#q", "Enter")
    page.wait_for_load_state()
    context.close()
    assert not [line for line in seen for term in TERMS if term in line], seen


@pytest.mark.parametrize("lang, query, expected", [
    ("", "Elterncafé Dülmen", "1 Angebot gefunden."),  # singular, also in German
    ("ru/", "Hebamme", "Найдено 2 услуги."),  # "few" (2–4) in Russian
    ("uk/", "Elterncafé Dülmen", "Знайдено 1 послугу."),  # "one"
])
def test_search_counts_use_the_languages_plural_forms(page, server, lang, query, expected):
    page.goto(f"{server}/{lang}suche/#q={query}")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    expect(page.locator("#suchstatus")).to_have_text(expected)


def test_result_rows_offer_a_phone_number_to_call(page, server, sample_site):
    """Search rows and list rows show the first contact's phone as a tel: link (a parent on a phone
    wants to call), the same number in both."""
    from conftest import read_page

    listed = read_page(sample_site, "alter/0-3/").select_one('.offer-item a[href="/angebote/elterncafe-duelmen/"]')
    row = listed.find_parent("li")
    assert row.select_one('a[href="tel:+492594894023"]').get_text() == "02594 8940-23"
    page.goto(f"{server}/suche/#q=Elterncafé Dülmen")
    first = page.locator("#treffer .offer-item").first
    expect(first.locator('a[href="tel:+492594894023"]')).to_have_text("02594 8940-23")


def test_the_open_age_band_is_one_choice_of_the_search(page, server):
    page.goto(f"{server}/suche/")
    expect(page.locator("#suchstatus")).to_contain_text("insgesamt")
    open_filters(page)
    page.select_option("#alter", label="Eltern und Erwachsene")
    expect(page).to_have_url(f"{server}/suche/#alter=27")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    found = set(result_slugs(page))
    assert "wohnungssuche-beratung" in found  # from 18, no upper end
    assert "pekip-kurs" not in found  # babies


@pytest.mark.parametrize("typed, expected", [
    ("Erziehungsberatngsstelle", "erziehungsberatungsstelle-coesfeld"),  # a letter missing near the end
    ("Schwangerschaftsberatng", "schwangerschaftsberatung-gesundheitsamt"),
    ("Schuldnerberatng", "schuldnerberatung"),
])
def test_long_compounds_with_a_missing_letter_are_found(page, server, typed, expected):
    page.goto(f"{server}/suche/#q={typed}")
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    assert expected in result_slugs(page)[:5]
