"""Opening hours as data (an offer's hours and hours_note): checked with German messages, shown
as a table of days, and carried into schema.org (hoursAvailable) and HSDS (weekly schedules)."""

from __future__ import annotations

import json

import pytest

from conftest import assert_check_says, read_page

from angebote.model import Opening  # noqa: E402


def test_the_offer_page_lists_the_days_in_order_past_midnight_included(sample_site):
    page = read_page(sample_site, "angebote/jugendtreff-olfen/")
    rows = [(div.dt.get_text(), div.dd.get_text()) for div in page.select("#oeffnungszeiten ~ dl.hours div")]
    assert rows == [("Dienstag", "15:00–20:00"), ("Mittwoch", "15:00–20:00"), ("Donnerstag", "15:00–20:00"),
                    ("Freitag", "15:00–20:00"), ("Samstag", "19:00–1:00")]
    arabic = read_page(sample_site, "ar/angebote/elterncafe-duelmen/")
    section = arabic.find(id="oeffnungszeiten").find_parent("section")
    assert [(d.dt.get_text(), d.dd.get_text(), d.dd["dir"]) for d in section.select("dl.hours div")] == [("الأربعاء", "9:00–11:00", "ltr")]
    assert section.find("p", lang="de").get_text() == "In den Schulferien geschlossen."


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
