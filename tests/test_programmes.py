"""The network's programmes and the vouchers as data (taxonomie.yml: programme, gutscheine; an
offer's initiative and accepts): their pages, the coverage view, the search filter, the open data
and the messages of make check."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import threading
import zipfile

import pytest
import yaml
from playwright.sync_api import expect

from conftest import (OTHER_LANGUAGES, ROOT, TODAY, VALID_PROVIDER, QuietHandler, assert_check_says, listed_offers, offer,
                      read_page, run_build, run_check, write_data)

from angebote.settings import read_settings  # noqa: E402
from angebote.read import read_directory  # noqa: E402

LANGUAGES = ["de", *OTHER_LANGUAGES]


@pytest.fixture(scope="module")
def directory():
    return read_directory(read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"]))


def test_the_default_taxonomy_names_every_programme_of_the_seeds_translated(directory):
    programmes = directory.taxonomy.programmes
    assert {"fruehe-hilfen", "kinderstark", "kaoa", "bildungsnetzwerk", "durchstarten", "gemeinsam-klappts", "kim"} <= set(programmes)
    assert {"KeKiz", "Kommunale Präventionsketten"} <= set(programmes["kinderstark"].aliases)
    for programme in programmes.values():
        assert programme.funding and programme.audience and programme.description, programme.slug
        for lang in OTHER_LANGUAGES:
            assert programme.labels.get(lang) and programme.audiences.get(lang) and programme.descriptions.get(lang), (programme.slug, lang)
    for voucher in directory.taxonomy.vouchers.values():
        assert voucher.how
        for lang in OTHER_LANGUAGES:
            assert voucher.labels.get(lang) and voucher.hows.get(lang), (voucher.slug, lang)


def test_each_offer_is_on_the_pages_of_its_programmes_and_no_other(sample_site, directory):
    listing = read_page(sample_site, "initiativen/")
    for slug, programme in directory.taxonomy.programmes.items():
        members = {o.slug for o in directory.offers if programme in o.programmes}
        assert listed_offers(sample_site, read_page(sample_site, f"initiativen/{slug}/")) == members, slug
        entry = listing.find("a", href=f"/initiativen/{slug}/").find_parent("li")
        count = len(members)
        assert f"{count} Angebot{'' if count == 1 else 'e'}" in entry.get_text(" "), slug
    assert any(len(o.programmes) > 1 for o in directory.offers), "the sample has an offer of two programmes"
    for item in directory.offers:
        page = read_page(sample_site, item.url_path)
        linked = {a["href"] for a in page.select('main a[href^="/initiativen/"]')}
        assert linked == {f"/{p.url_path}" for p in item.programmes}, item.slug


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_programme_pages_say_what_it_is_for_whom_and_where(sample_site, directory, lang):
    prefix = "" if lang == "de" else f"{lang}/"
    programme = directory.taxonomy.programmes["fruehe-hilfen"]
    page = read_page(sample_site, f"{prefix}initiativen/fruehe-hilfen/")
    text = page.main.get_text(" ")
    assert programme.description_in(lang) in " ".join(text.split())
    assert programme.audience_in(lang) in text
    reached = {t.slug for o in directory.offers if programme in o.programmes for t in o.towns if not t.county_wide}
    assert {a["href"].split("/")[-2] for a in page.select('main dd a[href*="/orte/"]')} == reached


def test_the_coverage_view_counts_towns_by_programme(sample_site, directory):
    page = read_page(sample_site, "abdeckung/")
    table = page.find("h2", id="programme").find_next("table")
    columns = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    assert columns == [p.label for p in directory.taxonomy.programmes.values()]
    for row, town in zip(table.select("tbody tr"), directory.taxonomy.towns.values()):
        cells = [td.get_text(" ", strip=True).split(" ")[0] for td in row.select("td")]
        expected = [str(sum(1 for o in directory.offers if town in o.towns and p in o.programmes))
                    for p in directory.taxonomy.programmes.values()]
        assert cells == expected, town.slug


def test_the_voucher_page_lists_exactly_the_offers_that_take_it(sample_site, directory):
    for slug, voucher in directory.taxonomy.vouchers.items():
        taking = {o.slug for o in directory.offers if any(a.voucher is voucher for a in o.accepts)}
        page = read_page(sample_site, f"gutscheine/{slug}/")
        assert taking and listed_offers(sample_site, page) == taking, slug
        assert voucher.how in " ".join(page.main.get_text(" ").split())
    row = read_page(sample_site, "gutscheine/elternbildungsgutschein/").find("a", href="/angebote/pekip-kurs/").find_parent("li")
    assert "mit Elternbildungsgutschein kostenlos" in row.get_text(" ")
    home = read_page(sample_site, "")
    assert home.find("a", href="/gutscheine/elternbildungsgutschein/")


def test_the_sample_says_vouchers_in_the_field_not_in_the_cost_text(directory):
    for item in directory.offers:
        assert "gutschein" not in item.cost.casefold() and "teilhabe" not in item.cost.casefold(), item.slug
    assert {o.slug for o in directory.offers if o.accepts} >= {"pekip-kurs", "erste-hilfe-am-kind", "schwimmkurs-seepferdchen"}


def test_the_search_filters_by_voucher_and_programme(page, server, directory):
    page.goto(f"{server}/suche/#gutschein=elternbildungsgutschein")
    expect(page.locator("#suchstatus")).to_contain_text("gefunden")
    taking = {o.slug for o in directory.offers if any(a.voucher.slug == "elternbildungsgutschein" for a in o.accepts)}
    slugs = page.locator("#treffer .offer-item h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {s.strip("/").split("/")[-1] for s in slugs} == taking
    assert "mit Elternbildungsgutschein kostenlos" in page.locator("#treffer").inner_text()
    page.click("#filterbox > summary")  # on a phone the filters are folded behind "Filter"
    page.select_option("#gutschein", "")
    page.select_option("#initiative", "fruehe-hilfen")
    page.select_option("#ort", "olfen")
    expect(page).to_have_url(f"{server}/suche/#ort=olfen&initiative=fruehe-hilfen")
    members = {o.slug for o in directory.offers
               if any(p.slug == "fruehe-hilfen" for p in o.programmes) and (o.county_wide or "olfen" in [t.slug for t in o.towns])}
    expect(page.locator("#treffer .offer-item")).to_have_count(len(members))


# ---------------------------------------------------------------- names, errors and hints

def test_programme_names_are_matched_without_case_or_kind_of_apostrophe(tmp_path):
    data = write_data(tmp_path / "angebote", {
        "t/traeger.yml": VALID_PROVIDER,
        "t/a.md": offer(reviewed="2026-10-01\ninitiative: GEMEINSAM KLAPPT'S"),
        "t/b.md": offer(reviewed="2026-10-01\ninitiative: [kekiz, Frühe  Hilfen, fruehe-hilfen]"),
    })
    result = run_build(data, tmp_path / "site", 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    page = read_page(tmp_path / "site", "angebote/b/")
    assert [a["href"] for a in page.select('main a[href^="/initiativen/"]')] == ["/initiativen/kinderstark/", "/initiativen/fruehe-hilfen/"]
    assert read_page(tmp_path / "site", "angebote/a/").find("a", href="/initiativen/gemeinsam-klappts/")


@pytest.mark.parametrize("lines, line, message", [
    ("initiative: Frühe Hilfe", 9, "Unbekanntes Programm „Frühe Hilfe“. Meinten Sie „Frühe Hilfen“? Bekannt: „Frühe Hilfen“, "),
    ("initiative: [Frühe Hilfen, Präventionskette]", 9, "Unbekanntes Programm „Präventionskette“."),
    ("initiative: 3", 9, "„initiative“ muss ein Text oder eine Liste"),
    ("accepts:\n- voucher: Familienpass\n  cost: kostenlos", 10, "Unbekannter Gutschein „Familienpass“. Bekannt: „Elternbildungsgutschein“, „Bildung und Teilhabe“."),
    ("accepts:\n- cost: kostenlos", 10, "Pflichtfeld „voucher“ fehlt"),
])
def test_unknown_programmes_and_vouchers_are_german_errors_with_the_line(tmp_path, lines, line, message):
    assert_check_says(tmp_path, lines, line, message)


def test_make_check_hints_at_the_field_when_a_cost_text_names_a_voucher(tmp_path):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {
        "t/traeger.yml": VALID_PROVIDER,
        "t/a.md": offer(reviewed="2026-10-01\ncost: 40 Euro, mit BuT kostenlos"),
        "t/b.md": offer(reviewed="2026-10-01\ncost: 40 Euro\naccepts:\n- voucher: BuT\n  cost: kostenlos"),
    })
    result = run_check(folder)
    assert result.returncode == 0, result.stdout
    hints = [row for row in result.stdout.splitlines() if "Hinweis" in row]
    assert len(hints) == 1 and hints[0].startswith("angebote/t/a.md:9: Hinweis: „cost“ nennt „BuT“")
    assert "accepts: [{voucher: bildung-und-teilhabe, cost: kostenlos}]" in hints[0]


def taxonomy_with(tmp_path, **sections) -> str:
    data = yaml.safe_load((ROOT / "taxonomie.yml").read_text(encoding="utf-8"))
    data.update(sections)
    path = tmp_path / "taxonomie.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("programmes, message", [
    ([{"slug": "Frühe Hilfen", "label": "Frühe Hilfen"}], "braucht „slug“ (klein, mit Bindestrichen) und „label“"),
    ([{"slug": "a", "label": "A", "aliases": "KeKiz"}], "„aliases“ ist eine Liste von höchstens 20 Namen"),
    ([{"slug": "a", "label": "A", "beschreibung_labels": ["en"]}], "„beschreibung_labels“ braucht je Sprachkürzel einen Text"),
    ([{"slug": "a", "label": "A", "aliases": ["X"]}, {"slug": "b", "label": "x"}], "„b“: ein Name steht schon bei „a“"),
])
def test_bad_programme_entries_in_the_taxonomy_are_named(tmp_path, programmes, message):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    result = run_check(folder, f"ANGEBOTE_TAXONOMY={taxonomy_with(tmp_path, programme=programmes)}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any("taxonomie.yml:" in row and message in row for row in result.stdout.splitlines()), result.stdout


def test_a_county_without_programmes_builds_without_their_pages_and_its_search_works(tmp_path, page):
    data = write_data(tmp_path / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    taxonomy = taxonomy_with(tmp_path, programme=[], gutscheine=[])
    result = run_build(data, tmp_path / "site", f'ANGEBOTE_TAXONOMY="{taxonomy}"', 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "initiativen").exists() and not (tmp_path / "site" / "gutscheine").exists()
    home = read_page(tmp_path / "site", "")
    assert not home.select('a[href="/initiativen/"], a[href="/gutscheine/"]')
    # the search page without the two filters still searches (bench/search_speed.py found it did not)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/suche/#q=Elterncaf%C3%A9")
        expect(page.locator("#treffer .offer-item")).to_have_count(1)
        assert errors == [] and page.locator("#gutschein, #initiative").count() == 0
    finally:
        httpd.shutdown()


# ---------------------------------------------------------------- open data

def test_programmes_are_hsds_programs_and_vouchers_cost_options(sample_site, directory, tmp_path):
    with zipfile.ZipFile(sample_site / "daten" / "hsds" / "hsds-tabellen.zip") as archive:
        archive.extractall(tmp_path)
    programs = {r["id"]: r for r in csv.DictReader((tmp_path / "programs.csv").open(encoding="utf-8"))}
    assert {p["name"] for p in programs.values()} == {p.label for p in directory.taxonomy.programmes.values()}
    services = {r["name"]: r for r in csv.DictReader((tmp_path / "services.csv").open(encoding="utf-8"))}
    options = list(csv.DictReader((tmp_path / "cost_options.csv").open(encoding="utf-8")))
    for item in directory.offers:
        row = services[item.title]
        if item.programmes:
            assert programs[row["program_id"]]["name"] == item.programmes[0].label
        else:
            assert row["program_id"] == ""
        mine = [o for o in options if o["service_id"] == row["id"] and o["option"].startswith("mit ")]
        assert [(o["option"], o["amount"]) for o in mine] == [
            (f"mit {a.voucher.label}", "0" if a.free else "") for a in item.accepts], item.slug
    nested = json.loads((sample_site / "daten" / "hsds" / "services" / f"{services['PEKiP – Prager Eltern-Kind-Programm']['id']}.json").read_text())
    assert any(o.get("amount") == 0 and "Elternbildungsgutschein" in o["option"] for o in nested["cost_options"])
