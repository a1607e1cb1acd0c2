"""Opening hours as data (an offer's hours and hours_note): checked with German messages, shown
as a table of days, and carried into schema.org (hoursAvailable) and HSDS (weekly schedules)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from conftest import VALID_PROVIDER, assert_check_says, offer, read_page, run_build, write_data, sample_translation

from angebote.model import Opening  # noqa: E402
from search_reference import read_docs  # noqa: E402


def test_the_offer_page_lists_the_days_in_order_past_midnight_included(sample_site):
    page = read_page(sample_site, "angebote/jugendtreff-olfen/")
    rows = [(div.dt.get_text(), div.dd.get_text()) for div in page.select("#oeffnungszeiten ~ dl.hours div")]
    assert rows == [("Dienstag", "15:00–20:00"), ("Mittwoch", "15:00–20:00"), ("Donnerstag", "15:00–20:00"),
                    ("Freitag", "15:00–20:00"), ("Samstag", "19:00–1:00")]
    arabic = read_page(sample_site, "ar/angebote/elterncafe-duelmen/")
    section = arabic.find(id="oeffnungszeiten").find_parent("section")
    # each time isolated, left to right; several on one day joined in the page's order and separator
    assert [(d.dt.get_text(), d.dd.get_text(), [b["dir"] for b in d.dd.select("bdi")]) for d in section.select("dl.hours div")] == [
        ("الأربعاء", "9:00–11:00", ["ltr"])]
    # the provider's note in the sample's Arabic translation (uebersetzungen/ar.po)
    note = section.select_one("dl.hours + p")
    assert note.get_text() == sample_translation("ar", "elterncafe-duelmen", "hours_note") and not note.has_attr("lang")


def test_hours_are_weekly_hsds_schedules(sample_site):
    services = json.loads((sample_site / "daten" / "hsds" / "services.json").read_text(encoding="utf-8"))["contents"]
    sid = next(s["id"] for s in services if s["name"] == "Jugendtreff Olfen")
    doc = json.loads((sample_site / "daten" / "hsds" / "services" / f"{sid}.json").read_text(encoding="utf-8"))
    weekly = [(s["byday"], s["opens_at"], s["closes_at"], s.get("description", "")) for s in doc["schedules"] if s.get("freq")]
    assert weekly == [("TU,WE,TH,FR", "15:00:00", "20:00:00", ""), ("SA", "19:00:00", "01:00:00", "endet am folgenden Tag")]


def test_a_slot_past_midnight_ends_the_next_day():
    assert Opening(("sa",), "19:00", "01:00").past_midnight
    assert not Opening(("mo",), "09:00", "24:00").past_midnight


@pytest.mark.parametrize("lines, line, message", [
    ('hours:\n- days: [montag]\n  opens: "09:00"\n  closes: "12:00"', 10, "ein Wochentag: mo, di, mi, do, fr, sa oder so"),
    ('hours:\n- days: [mo]\n  opens: "9 Uhr"\n  closes: "12:00"', 11, "eine Uhrzeit wie 09:00"),
    ('hours:\n- days: [mo]\n  opens: "09:00"\n  closes: "09:00"', 12, "„opens“ und „closes“ sind gleich (09:00)"),
    ('hours:\n- days: [mo]\n  opens: "09:00"', 10, "Pflichtfeld „closes“ fehlt"),
])
def test_wrong_hours_are_german_errors_with_the_line(tmp_path, lines, line, message):
    assert_check_says(tmp_path, lines, line, message)


# ------------------------------------------------------------------ the search filter


def test_the_document_store_has_each_slot_per_day_in_minutes(sample_site):
    slots = {doc["u"]: doc["z"] for doc in read_docs(sample_site / "suche" / "index.json")}
    assert slots["jugendtreff-olfen"] == [[1, 900, 1200], [2, 900, 1200], [3, 900, 1200], [4, 900, 1200], [5, 1140, 60]]
    assert slots["elterncafe-duelmen"] == [[2, 540, 660]]
    assert slots["pekip-kurs"] == []  # no hours as data


def found_slugs(page):
    expect(page.locator("#suchstatus")).not_to_contain_text("geladen")
    return {href.strip("/").split("/")[-1]
            for href in page.locator("#treffer .offer-item h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")}


# Wednesday 2 December 2026; Berlin is UTC+1 in winter. The device is set to New York (UTC-5), so a
# filter that read the device's clock instead of the county's would find other offers.
@pytest.mark.parametrize("utc, expected", [
    ("2026-12-02T09:00", {"elterncafe-duelmen", "erziehungsberatungsstelle-coesfeld"}),  # Wed 10:00
    ("2026-12-02T10:00", {"erziehungsberatungsstelle-coesfeld"}),  # Wed 11:00: the café has just closed
    ("2026-12-02T15:30", {"jugendtreff-olfen"}),  # Wed 16:30
    ("2026-12-05T23:30", {"jugendtreff-olfen"}),  # Sun 0:30: Saturday's evening until 1:00
    ("2026-12-06T00:00", set()),  # Sun 1:00: closed
    ("2026-12-04T11:29", {"erziehungsberatungsstelle-coesfeld"}),  # Fri 12:29
])
def test_open_now_reads_the_county_clock(browser, server, utc, expected):
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="America/New_York")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.fromisoformat(utc).replace(tzinfo=timezone.utc))
    page.goto(f"{server}/suche/#geoeffnet=jetzt")
    try:
        assert found_slugs(page) == expected
        assert page.locator("#geoeffnet").input_value() == "jetzt"
        if not expected:
            expect(page.locator("#suchhinweis button")).to_contain_text("Ohne „Öffnungszeiten: jetzt geöffnet“")
    finally:
        context.close()


def test_open_on_a_weekday_and_in_another_language(page, server):
    page.goto(f"{server}/suche/#geoeffnet=fr")
    assert found_slugs(page) == {"jugendtreff-olfen", "erziehungsberatungsstelle-coesfeld"}
    page.click("#filterbox > summary")  # on a phone the filters are folded behind "Filter"
    page.select_option("#geoeffnet", "sa")
    expect(page).to_have_url(f"{server}/suche/#geoeffnet=sa")
    assert found_slugs(page) == {"jugendtreff-olfen"}
    page.select_option("#geoeffnet", "")
    expect(page.locator("#suchstatus")).to_contain_text("Angebote insgesamt")
    page.goto(f"{server}/ar/suche/#geoeffnet=mi&ort=duelmen")
    assert found_slugs(page) == {"elterncafe-duelmen"}
    assert page.locator("#geoeffnet option[value=mi]").text_content().strip() == "مفتوح يوم الأربعاء"


def test_without_hours_in_the_data_there_is_no_such_filter_and_a_wrong_time_zone_is_a_german_error(tmp_path):
    data = write_data(tmp_path / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    result = run_build(data, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    search = read_page(tmp_path / "site", "suche/")
    assert search.find(id="geoeffnet") is None and search.find(id="ort") is not None
    result = run_build(data, tmp_path / "site", 'ANGEBOTE_TIMEZONE="Europa/Coesfeld"')
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ANGEBOTE_TIMEZONE ist keine Zeitzone: 'Europa/Coesfeld'" in result.stderr
    assert (tmp_path / "site" / "suche" / "index.html").exists()  # the last good site stays


# ------------------------------------------------------------------ the offer page: open now, today's row


def offer_page_at(browser, server, path, utc, zone):
    """The offer page on a device set to another time zone, its clock fixed at utc."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=zone)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(datetime.fromisoformat(utc).replace(tzinfo=timezone.utc))
    page.goto(f"{server}{path}")
    return context, page, errors


# Berlin is UTC+1 in December; the devices are in New York (UTC-5) and Tokyo (UTC+9), so a script
# that read the device's clock would say something else (and mark another day in Tokyo).
@pytest.mark.parametrize("path, utc, zone, line, today", [
    ("/angebote/erziehungsberatungsstelle-coesfeld/", "2026-12-02T09:00", "America/New_York", "Jetzt geöffnet, bis 16:00", "Mittwoch"),  # Wed 10:00
    ("/angebote/erziehungsberatungsstelle-coesfeld/", "2026-12-02T06:00", "Asia/Tokyo", "Geschlossen, öffnet heute um 8:30", "Mittwoch"),  # Wed 7:00
    ("/angebote/erziehungsberatungsstelle-coesfeld/", "2026-12-01T15:00", "Asia/Tokyo", "Geschlossen, öffnet morgen um 8:30", "Dienstag"),  # Tue 16:00
    ("/angebote/erziehungsberatungsstelle-coesfeld/", "2026-12-04T11:30", "America/New_York", "Geschlossen, öffnet Montag um 8:30", "Freitag"),  # Fri 12:30
    ("/angebote/jugendtreff-olfen/", "2026-12-05T23:30", "America/New_York", "Jetzt geöffnet, bis 1:00", None),  # Sun 0:30: Saturday's evening
    ("/angebote/jugendtreff-olfen/", "2026-12-06T00:00", "Asia/Tokyo", "Geschlossen, öffnet Dienstag um 15:00", None),  # Sun 1:00
    ("/ar/angebote/elterncafe-duelmen/", "2026-12-02T09:30", "Asia/Tokyo", "مفتوح الآن، حتى 11:00", "الأربعاء"),  # Wed 10:30
])
def test_the_offer_page_says_open_or_closed_on_the_county_clock_and_marks_today(browser, server, path, utc, zone, line, today):
    context, page, errors = offer_page_at(browser, server, path, utc, zone)
    try:
        shown = page.locator(".open-now")
        expect(shown).to_be_visible()
        expect(shown).to_have_text(line)
        assert shown.locator("span[dir=ltr]").text_content() == line.split(" ")[-1]  # the time left to right
        marked = page.locator(".hours div.heute")
        if today is None:
            expect(marked).to_have_count(0)
        else:
            expect(marked).to_have_count(1)
            assert marked.get_attribute("aria-current") == "date"
            assert marked.locator("dt").text_content().startswith(today)
        assert errors == []
    finally:
        context.close()


def test_without_javascript_the_offer_page_says_nothing_about_now(browser, server):
    context = browser.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{server}/angebote/erziehungsberatungsstelle-coesfeld/")
    expect(page.locator(".hours div")).to_have_count(5)
    expect(page.locator(".open-now")).to_be_hidden()
    expect(page.locator(".hours div.heute, .heute-mark")).to_have_count(0)
    assert "geöffnet" not in page.locator("main").inner_text().casefold()
    context.close()


def test_an_offer_without_hours_has_no_such_line_or_script(sample_site):
    page = read_page(sample_site, "angebote/pekip-kurs/")
    assert page.select_one(".open-now") is None and page.select_one('script[src$="oeffnungszeiten.js"]') is None
    page = read_page(sample_site, "angebote/jugendtreff-olfen/")
    assert page.select_one('script[src$="oeffnungszeiten.js"]') is not None
    assert [div["data-slots"] for div in page.select("dl.hours div")][-1] == "19:00-01:00"
