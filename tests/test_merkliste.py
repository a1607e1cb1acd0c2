"""The Lotsen-Merkliste in Debian's Chromium: marking, editing, the share link, the QR code,
the printed handout (read back with pypdf) and the Arabic handout."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

EIGHT = ["elterncafe-duelmen", "pekip-kurs", "familienhebammen-fruehe-hilfen", "schwimmkurs-seepferdchen",
         "hausaufgabenhilfe-duelmen", "erste-hilfe-am-kind", "ogs-luedinghausen", "erziehungsberatungsstelle-coesfeld"]


def entry_titles(page):
    expect(page.locator(".merkliste-eintraege:not([aria-busy])")).to_have_count(1)  # the offers' data has come
    return page.locator(".merkliste-eintrag h2").all_text_contents()


@pytest.fixture
def watched(page):
    """The page with its script errors collected."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    assert errors == []


def test_mark_from_search_and_offer_page_edit_and_reload(watched, server):
    page, _ = watched
    page.goto(f"{server}/suche/#q=Beratung")
    rows = page.locator("#treffer .offer-item")
    expect(rows.first).to_be_visible()
    picked = [rows.nth(i).locator("h2").text_content() for i in range(3)]
    for i in range(3):
        button = rows.nth(i).locator("button.merken")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#merkliste-status")).to_have_text("3 Angebote auf der Merkliste.")
    page.goto(f"{server}/angebote/elterncafe-duelmen/")
    page.click("button.merken")
    expect(page.locator(".merkliste-zahl")).to_have_text("4")
    page.goto(f"{server}/merkliste/")
    expect(page.locator(".merkliste-eintrag")).to_have_count(4)
    assert entry_titles(page) == picked + ["Elterncafé Dülmen"]
    # move the first down: focus stays on its button; then remove the second
    page.click('.merkliste-eintrag >> nth=0 >> button[data-action="down"]')
    assert entry_titles(page)[1] == picked[0]
    assert page.evaluate("document.activeElement.dataset.action") == "down"
    page.locator(".merkliste-eintrag").nth(1).locator('button[data-action="remove"]').click()
    page.fill("#notiz", "Bitte bis Freitag anrufen.")
    page.reload()
    assert entry_titles(page) == [picked[1], picked[2], "Elterncafé Dülmen"]
    expect(page.locator("#notiz")).to_have_value("Bitte bis Freitag anrufen.")
    # the list and its number are the same on every page
    page.goto(f"{server}/en/")
    expect(page.locator(".merkliste-zahl")).to_have_text("3")


def test_share_link_opens_the_same_list_elsewhere_and_can_be_kept(watched, server, browser):
    page, _ = watched
    page.goto(f"{server}/merkliste/#a={'.'.join(EIGHT[:3])}&n=Freitag+anrufen")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(3)
    expect(page.locator(".merkliste-geteilt")).to_be_visible()
    link = page.locator("#teilen-link").input_value()
    assert link == f"{server}/merkliste/#a={'.'.join(EIGHT[:3])}&n=Freitag+anrufen"
    other = browser.new_context()  # another device: nothing stored
    fresh = other.new_page()
    fresh.goto(link)
    expect(fresh.locator(".merkliste-eintrag h2 a")).to_have_count(3)
    assert entry_titles(fresh) == entry_titles(page)
    fresh.click(".merkliste-uebernehmen")
    expect(fresh.locator(".merkliste-geteilt")).to_be_hidden()
    assert fresh.url == f"{server}/merkliste/"
    fresh.reload()
    expect(fresh.locator(".merkliste-eintrag h2 a")).to_have_count(3)
    expect(fresh.locator("#notiz")).to_have_value("Freitag anrufen")
    other.close()


def test_qr_code_holds_the_share_link(watched, server):
    page, _ = watched
    page.goto(f"{server}/merkliste/#a={'.'.join(EIGHT)}&n=Bitte+bis+Freitag+anrufen.")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(8)
    shot = page.locator(".merkliste-qr .qr").screenshot()
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == page.locator("#teilen-link").input_value()


def test_printed_handout_of_eight_offers(watched, server):
    page, _ = watched
    page.goto(f"{server}/merkliste/#a={'.'.join(EIGHT)}&n=Bitte+bis+Freitag+anrufen.")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(8)
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Für Sie zusammengestellt am" in text and "Bitte bis Freitag anrufen." in text
    for title in ("Elterncafé Dülmen", "PEKiP", "Hausaufgabenhilfe"):
        assert title in text, title
    assert "02594 8940-23" in text  # the Elterncafé's phone number, whole
    assert "Link kopieren" not in text and "Liste leeren" not in text  # the screen's controls stay off paper
    [code] = [c for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(page.screenshot(full_page=True))))]
    assert code.text.startswith(f"{server}/merkliste/#a=elterncafe-duelmen.")


def test_arabic_handout_reads_right_to_left_with_numbers_left_to_right(watched, server):
    page, _ = watched
    page.goto(f"{server}/ar/merkliste/#a=elterncafe-duelmen.pekip-kurs")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(2)
    assert page.evaluate("getComputedStyle(document.querySelector('#merkliste')).direction") == "rtl"
    directions = page.locator(".merkliste-kontakt a").evaluate_all("els => els.map(e => getComputedStyle(e).direction)")
    assert directions and set(directions) == {"ltr"}
    assert page.locator(".merkliste-eintrag h2 a").first.get_attribute("lang") is None  # the sample's Arabic title
    expect(page.locator(".merkliste-eintrag dt").first).to_have_text("لمن")


# five offers with people, phone numbers and e-mail addresses, one county-wide (the provider's address)
SHEET = ["fruehfoerderung-caritas", "erziehungsberatungsstelle-coesfeld", "elterncafe-duelmen", "kleiderkammer-nottuln",
         "familienhebammen-fruehe-hilfen"]


def visual_lines(pdf: bytes) -> list[str]:
    """The printed text as it stands on the paper, line by line, each read from left to right (pypdf's
    layout mode places every run of glyphs where it is drawn): a number the bidi algorithm turned
    round or an address broken across two lines does not read whole here."""
    return [" ".join(line.split()) for page in PdfReader(io.BytesIO(pdf)).pages
            for line in page.extract_text(extraction_mode="layout").splitlines() if line.strip()]


def test_arabic_sheet_prints_each_phone_number_e_mail_address_and_the_note_whole_and_left_to_right(watched, server, sample_site):
    """The printed Arabic hand-over sheet: each contact's name and role, phone number and e-mail address
    on a line of its own, whole and in its own order, with no "·" to dangle; the note typed in German
    reads left to right ("… um 10 Uhr anrufen.", not ".… 10 Uhr"); German towns stand in Arabic order."""
    page, _ = watched
    page.goto(f"{server}/ar/merkliste/#a={'.'.join(SHEET)}")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(len(SHEET))
    note = "Bitte Frau Große-Kreul bis Freitag um 10 Uhr anrufen."
    page.fill("#notiz", note)
    lines = visual_lines(page.pdf(format="A4"))
    records = json.loads((sample_site / "ar/merkliste/angebote.json").read_text(encoding="utf-8"))
    contacts = [contact for slug in SHEET for contact in records[slug]["k"]]
    assert "Nadine Große-Kreul" in [c[0] for c in contacts]
    values = [c[2] for c in contacts if c[2]] + [c[4] for c in contacts if c[4]]
    assert len(values) >= 2 * len(SHEET)
    for value in values:  # on a line of its own (the first contact's beside its label "التواصل")
        assert any(line == value or line.startswith(value + " ") for line in lines), (value, lines)
    for name, role, *_ in contacts:
        person = f"{name} ({role})" if role else name
        assert any(line == person or line.startswith(person + " ") for line in lines), (person, lines)
    assert note in lines
    assert not [line for line in lines if "·" in line]
    # the Erziehungsberatungsstelle's towns, Coesfeld first: the rightmost in an Arabic line
    [towns] = [line for line in lines if "Havixbeck" in line and "Coesfeld" in line and "Straße" not in line]
    assert re.search(r"Havixbeck ?، ?Nottuln ?، ?Rosendahl ?، ?Billerbeck ?، ?Coesfeld", towns), towns


def test_gone_and_unknown_offers_are_listed_as_such(watched, server):
    page, _ = watched
    page.goto(f"{server}/merkliste/#a=elterncafe-duelmen.gibt-es-nicht-mehr")
    expect(page.locator(".merkliste-eintrag")).to_have_count(2)
    # before the offers' data has come, no entry is said to be gone (a slow line showed it for all)
    expect(page.locator(".merkliste-eintrag h2").nth(1)).to_have_text("Nicht mehr im Verzeichnis")
    expect(page.locator(".merkliste-eintrag h2").nth(0)).to_have_text("Elterncafé Dülmen")
    expect(page.locator(".merkliste-slug")).to_have_text("gibt-es-nicht-mehr")


@pytest.mark.parametrize("fragment", ["#a=%%%3Cscript%3Ealert(1)%3C/script%3E", "#a=..&n=x", "#%E0%A4%A", "#a=" + "x." * 5000])
def test_a_mangled_link_shows_an_empty_list_with_a_message(watched, server, fragment):
    page, _ = watched
    page.goto(f"{server}/merkliste/{fragment}")
    if fragment.startswith("#a=x."):  # 5,000 times the same unknown slug: listed once, as gone
        expect(page.locator(".merkliste-eintrag")).to_have_count(1)
        expect(page.locator(".merkliste-eintrag h2")).to_have_text("Nicht mehr im Verzeichnis")
    else:
        expect(page.locator(".merkliste-meldung")).to_have_text("Dieser Link ist unvollständig oder beschädigt: er enthält keine Angebote.")
        expect(page.locator(".merkliste-eintrag")).to_have_count(0)


def test_without_javascript_nothing_of_it_shows_and_nothing_breaks(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/angebote/elterncafe-duelmen/")
    expect(page.locator("button.merken")).to_be_hidden()
    expect(page.locator("#merkliste-link")).to_be_hidden()
    page.goto(f"{server}/merkliste/")
    expect(page.locator(".merkliste-js-hinweis")).to_be_visible()
    expect(page.locator("#merkliste")).to_be_hidden()
    context.close()


def test_the_printed_sheet_has_its_qr_code_address_and_maker_on_the_first_page(watched, server, browser, tmp_path):
    """Eight offers fill more than one page: the QR code of the list, the site's address and the line
    "Zusammengestellt von …" (typed once on this device, kept in its localStorage only) stand on the
    first page; the provider's address stands with an offer that has no place of its own."""
    page, _ = watched
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/merkliste/#a={'.'.join(EIGHT)}&n=Bitte+bis+Freitag+anrufen.")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(8)
    page.fill("#von", "Kita Sonnenschein, Frau Beispiel, 02541 1234")
    link = page.locator("#teilen-link").input_value()
    assert "Sonnenschein" not in link and not [url for url in requests if "Sonnenschein" in url]
    pdf = page.pdf(format="A4")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # so that "the first page" means something
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Zusammengestellt von: Kita Sonnenschein, Frau Beispiel, 02541 1234" in first
    assert f"{server}/" in first and "Für Sie zusammengestellt am" in first
    (tmp_path / "zettel.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "zettel.pdf"), str(tmp_path / "seite")],
                   check=True, timeout=60)
    [image] = tmp_path.glob("seite*.png")
    [code] = zxingcpp.read_barcodes(Image.open(image))
    assert code.text == link
    # the county-wide Familienhebammen have no place of their own: the Jugendamt's address
    entry = page.locator(".merkliste-eintrag", has_text="Familienhebammen")
    expect(entry.locator(".merkliste-zeile", has_text="Träger:")).to_have_text("Träger: Kreis Coesfeld – Jugendamt")
    expect(entry.locator(".merkliste-anschrift")).to_have_text("Friedrich-Ebert-Straße 7, 48653 Coesfeld")
    assert entry.locator(".merkliste-anschrift").get_attribute("dir") == "ltr"
    # kept on this device, for the next family's list; another device knows nothing of it
    page.goto(f"{server}/merkliste/")
    expect(page.locator("#von")).to_have_value("Kita Sonnenschein, Frau Beispiel, 02541 1234")
    other = browser.new_context()
    fresh = other.new_page()
    fresh.goto(link)
    expect(fresh.locator(".merkliste-eintrag h2 a")).to_have_count(8)
    expect(fresh.locator("#von")).to_have_value("")
    expect(fresh.locator(".merkliste-von-text")).to_be_hidden()
    other.close()


def test_a_slow_line_never_shows_the_entries_as_gone(watched, server):
    """Until the offers' data has come the entries are placeholders, never "Nicht mehr im Verzeichnis"."""
    page, _ = watched
    held = []  # the data's request, answered only after the first look
    page.route("**/merkliste/angebote.json", lambda route: held.append(route))
    page.goto(f"{server}/merkliste/#a=elterncafe-duelmen.pekip-kurs")
    expect(page.locator(".merkliste-eintrag")).to_have_count(2)
    assert held and page.locator(".merkliste-eintraege").get_attribute("aria-busy") == "true"
    assert "Nicht mehr im Verzeichnis" not in page.locator(".merkliste-eintraege").inner_text()
    held[0].continue_()
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(2)
    assert page.locator(".merkliste-eintraege").get_attribute("aria-busy") is None
