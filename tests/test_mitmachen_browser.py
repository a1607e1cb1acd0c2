"""The form on /mitmachen/ in Debian's Chromium: it writes a file that passes make check."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import ROOT, run_check
from playwright.sync_api import expect


def fill_offer(page):
    page.select_option("#f-traeger", "caritas-coesfeld")
    page.fill("#f-title", "Elterncafé „Mittendrin“: offen für alle")
    page.fill("#f-summary", "Ein offener Treff für Eltern mit Babys – mit Kaffee, Austausch und #Beratung.")
    page.check("input[name=areas][value=erziehung]")
    page.check("input[name=areas][value=beratung]")
    page.fill("#f-age_from", "0.5")
    page.fill("#f-age_to", "3")
    page.check("input[name=municipalities][value=duelmen]")
    page.fill("#f-reviewed", "2026-11-20")
    page.fill("#f-target_groups", "Eltern, Alleinerziehende")
    page.fill("#f-languages", "de, AR")
    page.fill("#f-cost", "kostenlos")
    page.select_option("#f-accessible", "true")
    page.fill("#f-url", "https://www.example.org/elterncafe?x=1&y=2")
    page.fill("#f-contact_name", "Julia Brüggemann")
    page.fill("#f-contact_phone", "02594 8940-23")
    page.fill("#f-contact_email", "j.brueggemann@example.org")
    page.fill("#f-location_street", "Marktstraße 3")
    page.fill("#f-location_postcode", "48249")
    page.fill("#f-location_city", "Dülmen")
    page.fill("#f-body", "Ohne Anmeldung.\n\n- Wickeltisch\n- Spielecke")


def test_form_builds_a_file_that_passes_the_check(page, server, tmp_path):
    page.goto(f"{server}/mitmachen/")
    expect(page.locator(".form-js-hint")).to_be_hidden()
    fill_offer(page)
    expect(page.locator("#f-file_name")).to_have_value("elterncafe-mittendrin-offen-fuer-alle")
    page.click("#angebotsformular button[type=submit]")
    expect(page.locator("#ergebnis")).to_have_text("Die Datei ist vollständig und erfüllt alle Regeln.")
    expect(page.locator("#dateipfad")).to_have_text("angebote/caritas-coesfeld/elterncafe-mittendrin-offen-fuer-alle.md")
    text = page.locator("#dateiinhalt").text_content()
    assert text.startswith("---\n# yaml-language-server: $schema=../../schema/angebot.schema.json\n")

    # the round trip: the file, put where GitHub would put it, passes make check
    folder = tmp_path / "angebote" / "caritas-coesfeld"
    folder.mkdir(parents=True)
    shutil.copyfile(ROOT / "angebote/caritas-coesfeld/traeger.yml", folder / "traeger.yml")
    (folder / "elterncafe-mittendrin-offen-fuer-alle.md").write_text(text, encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + text

    # GitHub's new-file page in the configured repository, with name and content
    link = urlsplit(page.locator("#github").get_attribute("href"))
    assert f"{link.scheme}://{link.netloc}{unquote(link.path)}" == \
        "https://github.com/kreis-coesfeld/netzwerk-angebote/new/main/angebote/caritas-coesfeld"
    query = parse_qs(link.query)
    assert query["filename"] == ["elterncafe-mittendrin-offen-fuer-alle.md"]
    assert query["value"] == [text]
    assert page.locator("#herunterladen").get_attribute("download") == "elterncafe-mittendrin-offen-fuer-alle.md"


def test_the_file_holds_what_was_typed(page, server):
    import yaml

    page.goto(f"{server}/mitmachen/")
    fill_offer(page)
    page.click("#angebotsformular button[type=submit]")
    text = page.locator("#dateiinhalt").text_content()
    front, body = text.split("---\n")[1:3]
    data = yaml.safe_load(front)
    assert data["title"] == "Elterncafé „Mittendrin“: offen für alle"
    assert data["areas"] == ["erziehung", "beratung"] and data["municipalities"] == ["duelmen"]
    assert (data["age_from"], data["age_to"], data["accessible"]) == (0.5, 3, True)
    assert data["languages"] == ["de", "ar"]
    assert data["contacts"] == [{"name": "Julia Brüggemann", "phone": "02594 8940-23", "email": "j.brueggemann@example.org"}]
    assert data["locations"] == [{"street": "Marktstraße 3", "postcode": "48249", "city": "Dülmen"}]
    assert body == "\nOhne Anmeldung.\n\n- Wickeltisch\n- Spielecke\n"


def test_form_names_what_is_missing_or_wrong_in_german(page, server):
    page.goto(f"{server}/mitmachen/")
    page.fill("#f-summary", "kurz")
    page.fill("#f-age_from", "6")
    page.fill("#f-age_to", "3")
    page.fill("#f-url", "javascript:alert(1)")
    page.fill("#f-contact_email", "keine-adresse")
    page.fill("#f-languages", "de, Deutsch")
    page.check("input[name=municipalities][value=kreisweit]")
    page.check("input[name=municipalities][value=olfen]")
    page.click("#angebotsformular button[type=submit]")
    items = page.locator("#ergebnis li")
    expect(items.first).to_be_visible()
    found = items.all_text_contents()
    for message in [
        "„Träger“ fehlt.",
        "„Name des Angebots“ fehlt.",
        "„Kurzbeschreibung“ ist zu kurz.",
        "Bei „Lebensbereiche“ bitte mindestens eines wählen.",
        "„Bis zum Geburtstag“ muss größer sein als „Ab dem Alter“.",
        "„Internetseite“ ist ungültig.",
        "„E-Mail“ ist ungültig.",
        "„Sprachen des Angebots“: „deutsch“ ist kein Sprachkürzel. Erwartet werden Kürzel nach ISO 639-1 aus zwei "
        "Kleinbuchstaben, durch Kommas getrennt, z. B. de, en, tr, ar, uk, ru.",
        "„Kreisweit“ bitte allein wählen: ein kreisweites Angebot gilt schon für alle Orte.",
        "Der Dateiname darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.",
    ]:
        assert message in found, found
    expect(page.locator("#datei")).to_be_hidden()
    expect(page.locator("#ergebnis")).to_be_focused()


def test_without_javascript_the_page_says_how_else_to_report(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/mitmachen/")
    expect(page.locator(".form-js-hint")).to_be_visible()
    link = page.locator(".form-js-hint a").first
    assert link.get_attribute("href") == \
        "https://github.com/kreis-coesfeld/netzwerk-angebote/issues/new?template=neues-angebot.yml"
    context.close()


@pytest.mark.parametrize("how", ["JavaScript aus", "Skript lädt nicht"])
def test_without_its_script_the_form_sends_nothing(browser, server, how):
    """Without JavaScript, or when the module fails to load, no field value can reach any server."""
    context = browser.new_context(java_script_enabled=how != "JavaScript aus")
    if how == "Skript lädt nicht":
        context.route("**/mitmachen.js", lambda route: route.abort())
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/mitmachen/")
    expect(page.locator(".form-js-hint")).to_be_visible()
    expect(page.locator("#angebotsformular")).to_be_hidden()
    # even if a user agent showed it anyway: its fields are disabled, so a submit carries no value
    before = len(requests)
    if how != "JavaScript aus":
        page.evaluate("""() => {
            const form = document.getElementById('angebotsformular');
            form.hidden = false;
            document.getElementById('f-title').value = 'Elterncafé Erika Mustermann';
            form.requestSubmit();
        }""")
        page.wait_for_load_state()
    assert not [url for url in requests[before:] if "Mustermann" in url or "title=" in url]
    context.close()
