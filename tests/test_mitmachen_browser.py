"""The form on /mitmachen/ in Debian's Chromium: it writes a file that passes make check."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import ROOT, run_build, run_check
from playwright.sync_api import expect

from search_reference import read_docs  # noqa: E402


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
    """No GitHub account, no JavaScript: an e-mail to the coordination that asks for what it needs,
    its phone number, and the GitHub routes for those who have an account."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/mitmachen/")
    hint = page.locator(".form-js-hint")
    expect(hint).to_be_visible()
    mail = urlsplit(hint.locator('a[href^="mailto:"]').get_attribute("href"))
    assert mail.path == "netzwerk@kreis-coesfeld.example.org"  # ANGEBOTE_CORRECTIONS_EMAIL: no address of its own set
    query = parse_qs(mail.query)
    assert query["subject"] == ["Neues Angebot für das Verzeichnis"]
    assert query["body"][0].startswith("Name des Angebots:\n\nKurzbeschreibung:\n\nTräger (Name, Adresse, Telefon, E-Mail):")
    assert "Öffnungszeiten:" in query["body"][0]
    assert hint.locator('a[href^="tel:"]').get_attribute("href") == "tel:+492541185100"  # ANGEBOTE_COORDINATION_PHONE
    assert hint.locator('a[href*="issues/new"]').get_attribute("href") == \
        "https://github.com/kreis-coesfeld/netzwerk-angebote/issues/new?template=neues-angebot.yml"
    # the coordination's phone and e-mail stand on the page either way
    box = page.locator("section.coordination")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Telefon: 02541 18-5100")
    expect(box).to_contain_text("E-Mail: netzwerk@kreis-coesfeld.example.org")
    context.close()


def fill_new_provider_offer(page):
    """A provider not yet in the directory, an offer with two rows of opening hours (one past midnight)."""
    page.select_option("#f-traeger", "+neu")
    expect(page.locator("#f-neuer-traeger")).to_be_visible()
    page.fill("#f-provider_name", "Kinderschutzbund Olfen e. V.")
    page.fill("#f-provider_kind", "Verein")
    page.fill("#f-provider_street", "Kirchstraße 5")
    page.fill("#f-provider_postcode", "59399")
    page.fill("#f-provider_city", "Olfen")
    page.fill("#f-provider_phone", "02595 1234")
    page.fill("#f-provider_email", "info@ksb-olfen.example.org")
    expect(page.locator("#f-provider_folder")).to_have_value("kinderschutzbund-olfen-e-v")
    page.fill("#f-provider_folder", "kinderschutzbund-olfen")
    page.fill("#f-title", "Krabbelgruppe im Pfarrheim")
    page.fill("#f-summary", "Eltern mit Babys und Kleinkindern treffen sich zum Spielen und Reden.")
    page.check("input[name=areas][value=erziehung]")
    page.fill("#f-age_from", "0")
    page.fill("#f-age_to", "3")
    page.check("input[name=municipalities][value=olfen]")
    page.fill("#f-reviewed", "2026-11-20")
    for day in ("di", "do"):
        page.check(f"input[name=hours_1_days][value={day}]")
    page.fill("#f-hours-1-opens", "09:00")
    page.fill("#f-hours-1-closes", "11:30")
    expect(page.locator("#f-hours-2")).to_be_hidden()
    page.click("#weitere-zeit")
    expect(page.locator("#f-hours-2")).to_be_visible()
    page.check("input[name=hours_2_days][value=sa]")
    page.fill("#f-hours-2-opens", "19:00")
    page.fill("#f-hours-2-closes", "01:00")
    page.fill("#f-hours_note", "In den Schulferien geschlossen.")
    page.fill("#f-location_name", "Pfarrheim St. Vitus")
    page.fill("#f-location_city", "Olfen")


def test_a_new_provider_hands_its_offer_with_opening_hours_to_the_coordination(page, server, tmp_path):
    """Without GitHub: the provider's own name, address and contact become traeger.yml beside the
    offer file; both pass make check as they are, go to the coordination's address as the text of an
    e-mail and can be downloaded; built, the offer is found under „jetzt geöffnet“."""
    page.goto(f"{server}/mitmachen/")
    fill_new_provider_offer(page)
    page.click("#angebotsformular button[type=submit]")
    expect(page.locator("#ergebnis")).to_have_text("Die Datei ist vollständig und erfüllt alle Regeln.")
    expect(page.locator("#traegerpfad")).to_have_text("angebote/kinderschutzbund-olfen/traeger.yml")
    expect(page.locator("#dateipfad")).to_have_text("angebote/kinderschutzbund-olfen/krabbelgruppe-im-pfarrheim.md")
    provider_text = page.locator("#traegerinhalt").text_content()
    offer_text = page.locator("#dateiinhalt").text_content()
    assert "  - days: [di, do]\n    opens: \"09:00\"\n    closes: \"11:30\"" in offer_text

    import yaml

    assert yaml.safe_load(provider_text) == {
        "name": "Kinderschutzbund Olfen e. V.", "kind": "Verein",
        "address": {"street": "Kirchstraße 5", "postcode": "59399", "city": "Olfen"},
        "phone": "02595 1234", "email": "info@ksb-olfen.example.org"}

    # the round trip: both files where the coordination puts them pass make check …
    folder = tmp_path / "angebote" / "kinderschutzbund-olfen"
    folder.mkdir(parents=True)
    (folder / "traeger.yml").write_text(provider_text, encoding="utf-8")
    (folder / "krabbelgruppe-im-pfarrheim.md").write_text(offer_text, encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + provider_text + offer_text
    # … and the built offer has its hours as the search's „jetzt geöffnet“ reads them (Tue, Thu; Sat past midnight)
    result = run_build(tmp_path / "angebote", tmp_path / "site", 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    [doc] = read_docs(tmp_path / "site" / "suche" / "index.json")
    assert doc["z"] == [[1, 540, 690], [3, 540, 690], [5, 1140, 60]]

    # by e-mail: to the coordination, the files as text
    mail = urlsplit(page.locator("#per-mail").get_attribute("href"))
    assert mail.scheme == "mailto" and mail.path == "netzwerk@kreis-coesfeld.example.org"
    query = parse_qs(mail.query)
    assert query["subject"] == ["Neues Angebot für das Verzeichnis: Krabbelgruppe im Pfarrheim"]
    body = query["body"][0]
    assert f"Datei angebote/kinderschutzbund-olfen/traeger.yml:\n\n{provider_text}" in body
    assert f"Datei angebote/kinderschutzbund-olfen/krabbelgruppe-im-pfarrheim.md:\n\n{offer_text}" in body
    # the page says where to send a downloaded file
    expect(page.locator("#datei")).to_contain_text("als Anhang an diese Adresse")
    expect(page.locator("#datei")).to_contain_text("netzwerk@kreis-coesfeld.example.org")
    assert page.locator("#traeger-herunterladen").get_attribute("download") == "traeger.yml"
    assert page.locator("#herunterladen").get_attribute("download") == "krabbelgruppe-im-pfarrheim.md"
    with page.expect_download() as download:
        page.click("#traeger-herunterladen")
    assert download.value.path().read_text(encoding="utf-8") == provider_text
    # with GitHub: two new files in the new folder, the provider's first
    first = urlsplit(page.locator("#github-traeger").get_attribute("href"))
    assert unquote(first.path).endswith("/new/main/angebote/kinderschutzbund-olfen")
    assert parse_qs(first.query) == {"filename": ["traeger.yml"], "value": [provider_text]}
    second = urlsplit(page.locator("#github").get_attribute("href"))
    assert unquote(second.path).endswith("/new/main/angebote/kinderschutzbund-olfen")
    assert parse_qs(second.query)["filename"] == ["krabbelgruppe-im-pfarrheim.md"]
    expect(page.locator("#github-zwei")).to_be_visible()


def test_wrong_provider_and_hours_fields_are_named(page, server):
    page.goto(f"{server}/mitmachen/")
    page.select_option("#f-traeger", "+neu")
    page.fill("#f-provider_folder", "caritas-coesfeld")  # an existing provider's folder
    page.fill("#f-provider_postcode", "123")
    page.fill("#f-provider_email", "keine-adresse")
    page.check("input[name=hours_1_days][value=mo]")  # a day without times
    page.click("#weitere-zeit")
    page.check("input[name=hours_2_days][value=fr]")
    page.fill("#f-hours-2-opens", "09:00")
    page.fill("#f-hours-2-closes", "09:00")
    page.click("#angebotsformular button[type=submit]")
    found = page.locator("#ergebnis li").all_text_contents()
    for message in [
        "„Name des Trägers“ fehlt.",
        "„Postleitzahl“ hat nicht die erwartete Form.",
        "„E-Mail“ ist ungültig.",
        "Einen Ordner „caritas-coesfeld“ gibt es schon: Ist das Ihr Träger? Dann wählen Sie ihn oben aus, sonst ändern Sie den Ordnernamen.",
        "„Zeit 1“: bitte Tage, „von“ und „bis“ angeben, oder alles leer lassen.",
        "„Zeit 2“: „von“ und „bis“ sind gleich.",
    ]:
        assert message in found, found
    # back to a provider of the directory: the new provider's fields no longer count
    page.select_option("#f-traeger", "caritas-coesfeld")
    expect(page.locator("#f-neuer-traeger")).to_be_hidden()
    page.click("#angebotsformular button[type=submit]")
    found = page.locator("#ergebnis li").all_text_contents()
    assert not [m for m in found if "Träger" in m or "Ordner" in m or "Postleitzahl" in m], found


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
