"""The providers' texts in the families' languages (uebersetzungen/<code>.po, read/catalogues.py,
tools/offer_translations.py): extracted, translated, built, made stale by a German change, checked."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from search_reference import read_docs
from conftest import ROOT, VALID_PROVIDER, offer, read_page, run_build, run_check, write_catalogue, write_data

MOVED = "„translations“ steht nicht mehr"


def make_translations(data, catalogues) -> subprocess.CompletedProcess:
    """make translations' second step (tools/offer_translations.py) on a data folder."""
    return subprocess.run([sys.executable, "tools/offer_translations.py", "-e", f'ANGEBOTE_PATH="{data}"',
                           f'ANGEBOTE_OFFER_TRANSLATIONS="{catalogues}"', 'ANGEBOTE_TODAY="2026-11-15"'],
                          cwd=ROOT, capture_output=True, text=True)


def catalogue(path):
    from angebote.read.catalogues import read_catalogue

    problems = []
    found = read_catalogue(path, problems)
    assert not problems, problems
    return found


def test_extract_translate_build_and_a_changed_german_text_makes_it_stale(tmp_path):
    data, po, site = tmp_path / "data", tmp_path / "po", tmp_path / "site"
    write_data(data, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer(
        reviewed="2026-10-01\nschedule: montags 9 bis 11 Uhr\nlocations:\n  - {name: Familienzentrum, city: Coesfeld, lat: 51.946, lon: 7.168}")})
    # 1. extract: every language but German, each text with its context and file:line
    result = make_translations(data, po)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in po.iterdir()) == ["ar.po", "en.po", "ru.po", "tr.po", "uk.po"]
    messages = {m.context: m for m in catalogue(po / "ar.po") if m.id}
    assert {c for c in messages if not c.startswith("begleiter:")} == {
        "kurs|title", "kurs|summary", "kurs|schedule", "kurs|description", "kurs|locations.0.name"}
    # then the parents' companion's texts, each with its line in begleiter.yml
    u2 = messages["begleiter:station:u2|text"]
    assert u2.locations[0][0] == "begleiter.yml"
    assert (ROOT / "begleiter.yml").read_text(encoding="utf-8").splitlines()[u2.locations[0][1] - 1].strip() == f"text: {u2.id}"
    assert messages["kurs|summary"].id == "Ein offener Treff für Eltern mit Babys."
    assert messages["kurs|summary"].locations == [(str(data / "fz/kurs.md"), 3)]
    assert messages["kurs|description"].id == "Beschreibung des Treffs." and messages["kurs|description"].locations[0][1] == 18
    assert messages["kurs|locations.0.name"].locations[0][1] == 11
    # 2. a translator translates (as a PO editor saves it) and the site shows it
    text = (po / "ar.po").read_text(encoding="utf-8")
    for german, arabic in (("Ein offener Treff für Eltern mit Babys.", "لقاء مفتوح للآباء والأمهات مع الرضع."),
                           ("Beschreibung des Treffs.", "وصف **اللقاء**."), ("Elterncafé Test", "مقهى الآباء")):
        text = text.replace(f'msgid "{german}"\nmsgstr ""', f'msgid "{german}"\nmsgstr "{arabic}"')
    (po / "ar.po").write_text(text, encoding="utf-8")
    assert make_translations(data, po).returncode == 0  # nothing changed: the file stays as the translator left it
    assert (po / "ar.po").read_text(encoding="utf-8") == text
    assert run_build(data, site, f'ANGEBOTE_OFFER_TRANSLATIONS="{po}"').returncode == 0
    page = read_page(site, "ar/angebote/kurs/")
    assert page.h1.get_text() == "مقهى الآباء" and not page.h1.get("lang")
    assert page.select_one(".lead").get_text() == "لقاء مفتوح للآباء والأمهات مع الرضع." and not page.select_one(".lead").get("lang")
    assert str(page.select_one(".description div")) == "<div><p>وصف <strong>اللقاء</strong>.</p></div>"
    assert not page.select(".offer h1 .only-german, .lead .only-german, #beschreibung .only-german")
    # the schedule has no translation: German, marked, with its note in Arabic
    schedule = page.find("dt", string="متى").find_next_sibling("dd")
    assert schedule["lang"] == "de" and schedule["dir"] == "ltr"
    assert schedule.select_one(".only-german")["lang"] == "ar" and schedule.select_one(".only-german").get_text() == "(بالألمانية)"
    # lists, the search's store and the hand-over carry it too
    assert read_page(site, "ar/orte/coesfeld/").select_one(".offer-item h3 a").get_text() == "مقهى الآباء"
    assert any("لقاء مفتوح للآباء" in doc["s"] for doc in read_docs(site / "ar/suche/index.json"))
    assert "مقهى الآباء" in (site / "ar/merkliste/angebote.json").read_text(encoding="utf-8")
    # the German and English pages: as written
    assert read_page(site, "angebote/kurs/").h1.get_text() == "Elterncafé Test"
    english = read_page(site, "en/angebote/kurs/")
    assert english.h1.get_text() == "Elterncafé Test (in German)" and english.h1["lang"] == "de"
    # the map names it with the note too, as its marker's title and in its list
    karte = read_page(site, "en/karte/")
    assert [t.get_text() for t in karte.select("svg a title")] == ["Elterncafé Test (in German)"]
    assert karte.find("a", href="/en/angebote/kurs/", lang="de").find_next_sibling("span", class_="only-german").get_text() == "(in German)"

    # 3. the provider changes the German summary: before anyone runs make translations, the Arabic
    # page already shows the new German, marked and labelled (no stale translation shown as current)
    (data / "fz/kurs.md").write_text((data / "fz/kurs.md").read_text().replace("mit Babys.", "mit Babys und Kleinkindern."))
    assert run_build(data, site, f'ANGEBOTE_OFFER_TRANSLATIONS="{po}"').returncode == 0
    lead = read_page(site, "ar/angebote/kurs/").select_one(".lead")
    assert lead.get_text() == "Ein offener Treff für Eltern mit Babys und Kleinkindern. (بالألمانية)" and lead["lang"] == "de"
    assert read_page(site, "ar/angebote/kurs/").h1.get_text() == "مقهى الآباء"  # the title is still current
    # make translations marks it fuzzy, with the old German beside it for the translator
    assert make_translations(data, po).returncode == 0
    summary = {m.context: m for m in catalogue(po / "ar.po") if m.id}["kurs|summary"]
    assert summary.fuzzy and summary.id == "Ein offener Treff für Eltern mit Babys und Kleinkindern."
    assert summary.previous_id == ["Ein offener Treff für Eltern mit Babys."] and summary.string == "لقاء مفتوح للآباء والأمهات مع الرضع."
    assert '#| msgid "Ein offener Treff für Eltern mit Babys."' in (po / "ar.po").read_text(encoding="utf-8")
    assert make_translations(data, po).returncode == 0  # once more: the old German stays beside it
    assert '#| msgid "Ein offener Treff für Eltern mit Babys."' in (po / "ar.po").read_text(encoding="utf-8")
    assert run_build(data, site, f'ANGEBOTE_OFFER_TRANSLATIONS="{po}"').returncode == 0
    assert read_page(site, "ar/angebote/kurs/").select_one(".lead")["lang"] == "de"  # fuzzy: still the German
    # the translator confirms a new translation: shown again
    text = (po / "ar.po").read_text(encoding="utf-8")
    start = text.index("#, fuzzy\n#| msgctxt") if "#| msgctxt" in text else text.index("#, fuzzy")
    text = text[:start] + text[start:].replace("#, fuzzy\n", "", 1).replace("لقاء مفتوح للآباء والأمهات مع الرضع.", "لقاء مفتوح للآباء مع الرضع والأطفال الصغار.", 1)
    (po / "ar.po").write_text(text, encoding="utf-8")
    assert run_build(data, site, f'ANGEBOTE_OFFER_TRANSLATIONS="{po}"').returncode == 0
    assert read_page(site, "ar/angebote/kurs/").select_one(".lead").get_text() == "لقاء مفتوح للآباء مع الرضع والأطفال الصغار."

    # 4. the offer is deleted: its texts stay in the catalogue as obsolete, for reuse
    (data / "fz/kurs.md").unlink()
    write_data(data, {"fz/anderes.md": offer(title="Anderer Kurs")})
    assert make_translations(data, po).returncode == 0
    assert '#~ msgctxt "kurs|title"' in (po / "ar.po").read_text(encoding="utf-8")


BROKEN = [
    # (what, catalogue text after the header, line, message)
    ("syntax", 'msgctxt "a|title"\nmsgid "Elterncafé Test"\nmsgstr "x\n', 0, "kein gültiger gettext-Katalog"),
    ("link added", None, 0, "verlinkt, was der deutsche Text nicht verlinkt: https://example.com"),
    ("html added", None, 0, "Auszeichnungen, die der deutsche Text nicht hat (HTML: b)"),
    ("title too long", None, 0, "ist zu lang (121 Zeichen, höchstens 120)"),
    ("line break in a title", None, 0, "darf keinen Zeilenumbruch enthalten"),
    ("plural forms", None, 0, "keine Mehrzahlformen"),
    ("no context", None, 0, "Zu jedem Text gehört sein Zusammenhang"),
    ("control character", None, 0, "unsichtbares Steuerzeichen (U+0007)"),
    ("not UTF-8", None, 0, "Die Datei ist nicht UTF-8-kodiert (Byte 0xE9)"),
]


def _broken_catalogue(folder, what):
    """A catalogue of folder/uebersetzungen/ar.po broken in one way; its line that make check must name."""
    po = folder / "uebersetzungen"
    german_title, description = "Elterncafé Test", "Beschreibung des Treffs."
    if what == "syntax":
        path = write_catalogue(po, "ar", [("a", "summary", "Ein offener Treff für Eltern mit Babys.", "لقاء مفتوح للآباء والأمهات مع الرضع.")])
        text = path.read_text(encoding="utf-8") + '\nmsgctxt "a|title"\nmsgid "Elterncafé Test"\nmsgstr مقهى الآباء\n'
        path.write_text(text, encoding="utf-8")
        return path, text.count("\n")
    entry = {
        "link added": ("description", description, "وصف [اللقاء](https://example.com)."),
        "html added": ("description", description, "وصف <b>اللقاء</b>."),
        "title too long": ("title", german_title, "م" * 121),
        "line break in a title": ("title", german_title, "مقهى\nالآباء"),
        "plural forms": ("title", german_title, "مقهى"),
        "no context": ("title", german_title, "مقهى"),
        "control character": ("title", german_title, "مقهى\x07"),
        "not UTF-8": ("title", german_title, "Café"),
    }[what]
    path = write_catalogue(po, "ar", [("a", "summary", "Ein offener Treff für Eltern mit Babys.", "لقاء مفتوح للآباء والأمهات مع الرضع."), ("a", *entry)])
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('msgctxt "a|' + entry[0])].count("\n") + 2  # its msgid
    if what == "plural forms":
        text = text.replace('msgid "Elterncafé Test"\nmsgstr "مقهى"', 'msgid "Elterncafé Test"\nmsgid_plural "Elterncafés"\nmsgstr[0] "مقهى"')
    elif what == "no context":
        text = text.replace('msgctxt "a|title"\n', "")
        line -= 1
    elif what == "control character":
        line = text[: text.index("\x07")].count("\n") + 1
    elif what == "not UTF-8":
        path.write_bytes(text.encode("utf-8").replace("Café".encode("utf-8"), b"Caf\xe9"))
        return path, line + 1  # its msgstr
    path.write_text(text, encoding="utf-8")
    return path, line


@pytest.mark.parametrize("what", [case[0] for case in BROKEN])
def test_a_broken_catalogue_is_named_by_make_check_and_keeps_the_last_good_site(tmp_path, what):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    path, line = _broken_catalogue(folder, what)
    message = next(case[3] for case in BROKEN if case[0] == what)
    result = run_check(folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert any(row.startswith(f"uebersetzungen/ar.po:{line}: ") and message in row for row in result.stdout.splitlines()), (line, result.stdout)
    # the build refuses it too and leaves the last good site as it was
    site = tmp_path / "site"
    good = run_build(folder / "angebote", site, f'ANGEBOTE_OFFER_TRANSLATIONS="{tmp_path / "none"}"')
    assert good.returncode == 0, good.stderr
    before = (site / "ar/angebote/a/index.html").read_bytes()
    failed = run_build(folder / "angebote", site, f'ANGEBOTE_OFFER_TRANSLATIONS="{folder / "uebersetzungen"}"')
    assert failed.returncode == 1 and "Traceback" not in failed.stderr and "ar.po" in failed.stderr
    assert (site / "ar/angebote/a/index.html").read_bytes() == before


def test_a_link_in_place_of_the_catalogue_is_refused(tmp_path):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    (folder / "uebersetzungen").mkdir()
    (folder / "uebersetzungen/ar.po").symlink_to("/etc/passwd")
    result = run_check(folder)
    assert result.returncode == 1 and "uebersetzungen/ar.po:1: " in result.stdout and "Verknüpfung" in result.stdout


def test_translations_in_the_offer_file_are_pointed_to_the_catalogues(tmp_path):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER,
                                     "t/a.md": offer(reviewed="2026-10-01\ntranslations:\n  en: {title: Parents' café}")})
    result = run_check(folder)
    assert result.returncode == 1 and any(row.startswith("angebote/t/a.md:9: ") and MOVED in row for row in result.stdout.splitlines())


def test_the_sample_catalogues_translate_every_title_and_summary():
    """The sample shows the workflow end to end: each offer's title and summary in the five languages."""
    from angebote.read import read_directory
    from angebote.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), [])
    settings = {**settings, **{k: str(ROOT / v) for k, v in settings.items() if k in ("ANGEBOTE_PATH", "ANGEBOTE_TAXONOMY",
                                                                                     "ANGEBOTE_THESAURUS", "ANGEBOTE_MAP",
                                                                                     "ANGEBOTE_OFFER_TRANSLATIONS")}}
    directory = read_directory(settings)
    for code in ("en", "tr", "ar", "uk", "ru"):
        untranslated = [o.slug for o in directory.offers if not {"title", "summary"} <= set(o.translations.get(code, {}))]
        # on purpose: the Ukrainian summary of the family midwives is stale (its German changed since), and
        # the Arabic of the first-aid course is missing (a new offer, not yet translated)
        expected = {"uk": ["familienhebammen-fruehe-hilfen"], "ar": ["erste-hilfe-am-kind"]}.get(code, [])
        assert untranslated == expected, (code, untranslated)
        assert directory.translation_states[code]["familienhebammen-fruehe-hilfen"] == ("stale" if code == "uk" else "translated")
        assert directory.translation_states[code]["erste-hilfe-am-kind"] == ("missing" if code == "ar" else "translated")
        assert sum("body_html" in o.translations.get(code, {}) for o in directory.offers) >= 5
    text = (ROOT / "uebersetzungen/ar.po").read_text(encoding="utf-8")
    assert "Entwurf, muttersprachlich prüfen" in text


def test_coverage_per_language_on_the_data_page_and_in_the_report(sample_site, tmp_path):
    from bs4 import BeautifulSoup

    section = read_page(sample_site, "daten/").select_one("section[aria-labelledby=uebersetzungen]")
    rows = {row.th.get_text(): [int(td.get_text()) for td in row.select("td")] for row in section.select("tbody tr")}
    # translated, partly (the names of places are not), stale, missing: the sample's 46 offers
    assert rows["Ukrainisch"] == [33, 12, 1, 0] and rows["Arabisch"] == [33, 12, 0, 1] and set(rows) == {
        "Englisch", "Türkisch", "Arabisch", "Ukrainisch", "Russisch"}
    # what to commission first: the stale Frühe Hilfen offer heads the Ukrainian list, ten shown
    ukrainian = section.find("h3", string="Ukrainisch").find_next_sibling("ol").select("li")
    assert ukrainian[0].get_text() == "Familienhebammen – Frühe Hilfen (veraltet)" and len(ukrainian) == 10
    assert ukrainian[0].a["href"] == "/angebote/familienhebammen-fruehe-hilfen/"
    assert section.find("h3", string="Ukrainisch").find_next_sibling("p").get_text() == "und 3 weitere Angebote"
    # the Arabic page says the same in Arabic
    assert read_page(sample_site, "ar/daten/").select_one("#uebersetzungen").get_text() == "ترجمات نصوص الخدمات"
    # make report: the full lists, with each offer's file
    result = subprocess.run([sys.executable, str(ROOT / "tools/report.py"), "-s", str(ROOT / "pelicanconf.py"), "-o",
                             str(tmp_path / "bericht"), "-e", "ANGEBOTE_TODAY=2026-11-15"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = BeautifulSoup((tmp_path / "bericht/index.html").read_text(encoding="utf-8"), "html.parser")
    lists = report.select_one(".report-translations")
    assert len(lists.find("h3", string="Arabisch").find_next_sibling("ol").select("li")) == 13
    assert "angebote/kreisjugendamt-coesfeld/familienhebammen-fruehe-hilfen.md" in lists.find("h3", string="Ukrainisch").find_next_sibling("ol").li.get_text()


def test_german_texts_say_so_on_the_arabic_offer_page_lists_search_and_sheet(sample_site, page, server):
    """The sample's first-aid course has no Arabic yet: wherever it appears on an Arabic page, its
    German texts carry lang="de" and a visible "(بالألمانية)"; the hand-over sheet warns before printing."""
    note = "(بالألمانية)"
    offer = read_page(sample_site, "ar/angebote/erste-hilfe-am-kind/")
    assert offer.h1["lang"] == "de" and offer.h1.select_one(".only-german").get_text() == note
    assert not offer.select_one(".lead .only-german")  # the summary: German like the title before it, said once
    assert offer.select_one("#beschreibung .only-german").get_text() == note
    assert all(dd.select_one(".only-german") for dd in offer.select(".facts dd[lang=de]"))
    listed = read_page(sample_site, "ar/bereiche/gesundheit/").find("a", href="/ar/angebote/erste-hilfe-am-kind/")
    assert listed.find_parent(["h2", "h3"]).select_one(".only-german").get_text() == note
    # the search row (suche.js) and the Merkliste (merkliste-seite.js)
    page.goto(f"{server}/ar/suche/#q=Erste%20Hilfe")
    row = page.locator("#treffer .offer-item", has=page.locator('a[href="/ar/angebote/erste-hilfe-am-kind/"]'))
    expect(row.locator("h2 .only-german")).to_have_text(" " + note)
    assert row.locator("h2 a").get_attribute("lang") == "de" and row.locator(".summary .only-german").count() == 0
    page.goto(f"{server}/ar/merkliste/#a=erste-hilfe-am-kind.familienhebammen-fruehe-hilfen")
    warning = page.locator(".merkliste-sprache")
    expect(warning).to_be_visible()
    expect(warning.locator("bdi")).to_have_text(["Erste Hilfe am Kind"])
    assert warning.locator("bdi").get_attribute("lang") == "de"
    first = page.locator(".merkliste-eintrag").first
    expect(first.locator("h2 .only-german")).to_have_text(" " + note)
    assert first.locator("dd span[lang=de] .only-german").count() >= 1  # when and cost
    # a list of translated entries only: no warning
    page.goto(f"{server}/ar/merkliste/#a=familienhebammen-fruehe-hilfen")
    expect(page.locator(".merkliste-eintrag")).to_have_count(1)
    expect(warning).to_be_hidden()
