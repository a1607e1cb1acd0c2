"""The offers' calendar files (plugins/angebote/outputs/calendars.py, plugins/angebote/calendars.py):
every file of a real build read back by icalendar and, independently, by ical.js in Node, each event
and its occurrences against what the offer's data says; the link on the offer page; the same bytes
from the same data."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from conftest import OTHER_LANGUAGES, ROOT, TODAY, VALID_PROVIDER, read_page, run_build, write_data

from angebote.model import WEEKDAYS, Opening
from angebote.read import read_directory
from angebote.settings import read_settings

ZONE = "Europe/Berlin"
UTC = datetime.timezone.utc
BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU")))
# Occurrences are compared up to this day: a year, with both changes of the clock (28 March and
# 31 October 2027)
BEFORE = datetime.date(2027, 11, 15)
PREFIXES = {"de": "", **{code: f"{code}/" for code in OTHER_LANGUAGES}}
ADDRESS = "https://kreis-coesfeld.github.io/netzwerk-angebote"  # the sample's ANGEBOTE_PUBLIC_URL


@pytest.fixture(scope="module")
def directory():
    """The sample data as the build reads it."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    for name, file in (("ANGEBOTE_PATH", "angebote"), ("ANGEBOTE_TAXONOMY", "taxonomie.yml"),
                       ("ANGEBOTE_THESAURUS", "suchwoerter.yml"), ("ANGEBOTE_OFFER_TRANSLATIONS", "uebersetzungen"),
                       ("ANGEBOTE_MAP", "karte.geojson")):
        settings[name] = str(ROOT / file)
    return read_directory(settings)


def calendar_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.ics")}


def expected(opening, today: datetime.date, before: datetime.date, last: datetime.date | None = None) -> list[list[str]]:
    """Every occurrence of an opening from today to before (and up to its offer's last day), start
    and end in UTC, worked out from the data with zoneinfo."""
    zone = ZoneInfo(ZONE)
    found = []
    day = today
    while day < before and (last is None or day <= last):
        if WEEKDAYS[day.weekday()] in opening.days:
            opens, closes = (datetime.time.fromisoformat(t) for t in (opening.opens, opening.closes))
            end_day = day + datetime.timedelta(days=1) if closes < opens else day
            found.append([datetime.datetime.combine(d, t, zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
                          for d, t in ((day, opens), (end_day, closes))])
        day += datetime.timedelta(days=1)
    return found


def offset_changes(first: datetime.date, before: datetime.date, zone: datetime.tzinfo) -> list[list]:
    """[instant (UTC), offset in seconds] of a zone at the first hour and wherever it differs from the
    hour before, from first to before."""
    found = []
    hour, end = (datetime.datetime.combine(day, datetime.time(0), UTC) for day in (first, before))
    while hour < end:
        offset = hour.astimezone(zone).utcoffset().total_seconds()
        if not found or found[-1][1] != offset:
            found.append([hour, offset])
        hour += datetime.timedelta(hours=1)
    return found


def clock_changes(first: datetime.date, before: datetime.date, fold: int) -> list[list]:
    """[time on the zone's clock, offset in seconds] at the first hour and wherever the offset differs
    from the hour before, from first to before, by zoneinfo (as tests/node/calendars.js works it
    out); fold 0 gives an hour the clock skips or shows twice the offset before the change, fold 1
    the one after."""
    zone, found = ZoneInfo(ZONE), []
    hour, end = (datetime.datetime.combine(day, datetime.time(0)) for day in (first, before))
    while hour < end:
        offset = hour.replace(tzinfo=zone, fold=fold).utcoffset().total_seconds()
        if not found or found[-1][1] != offset:
            found.append([hour.isoformat(), offset])
        hour += datetime.timedelta(hours=1)
    return found


def read_with_ical_js(files: list[Path], before: datetime.date = BEFORE) -> dict:
    node = subprocess.run(["node", str(ROOT / "tests/node/calendars.js"), TODAY.isoformat(), before.isoformat(),
                           *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert node.returncode == 0, node.stderr
    return json.loads(node.stdout)


def test_every_offer_with_hours_has_a_calendar_in_every_language_and_no_other(sample_site, directory):
    with_hours = [offer.slug for offer in directory.offers if offer.hours]
    assert len(with_hours) >= 3 and len(with_hours) < len(directory.offers)
    assert calendar_files(sample_site) == {f"{prefix}kalender/{slug}.ics"
                                           for prefix in PREFIXES.values() for slug in with_hours}


def test_icalendar_reads_each_event_with_its_rule_zone_and_texts_in_the_files_language(sample_site, directory):
    zone = ZoneInfo(ZONE)
    zones = {}
    for offer in (o for o in directory.offers if o.hours):
        for code, prefix in PREFIXES.items():
            data = (sample_site / f"{prefix}kalender/{offer.slug}.ics").read_bytes()
            calendar = Calendar.from_ical(data)
            title, summary, note = (offer.text_in(name, code, "de")[0] for name in ("title", "summary", "hours_note"))
            page = f"{ADDRESS}/{prefix}angebote/{offer.slug}/"
            assert str(calendar["VERSION"]) == "2.0" and "Angebotsverzeichnis" in str(calendar["PRODID"])
            assert str(calendar["X-WR-CALNAME"]) == title
            events = calendar.walk("VEVENT")
            assert len(events) == len(offer.hours)
            for number, (event, opening) in enumerate(zip(events, offer.hours), start=1):
                assert str(event["UID"]) == f"{offer.slug}-{number}@kreis-coesfeld.github.io"
                rule = event["RRULE"]
                assert rule["FREQ"] == ["WEEKLY"] and "UNTIL" not in rule
                assert rule["BYDAY"] == [BYDAY[d] for d in WEEKDAYS if d in opening.days]
                start, end = event.decoded("DTSTART"), event.decoded("DTEND")
                assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == ZONE
                assert start.tzinfo == zone and TODAY <= start.date() < TODAY + datetime.timedelta(days=7)
                assert WEEKDAYS[start.weekday()] in opening.days and start.strftime("%H:%M") == opening.opens
                # the first of its days: none of them comes earlier in the week from today
                assert not any(WEEKDAYS[(TODAY + datetime.timedelta(days=n)).weekday()] in opening.days
                               for n in range((start.date() - TODAY).days))
                assert end.strftime("%H:%M") == opening.closes
                assert end.date() == start.date() + datetime.timedelta(days=1 if opening.past_midnight else 0)
                assert event.decoded("DTSTAMP") == datetime.datetime(2026, 11, 22, tzinfo=UTC)
                assert str(event["SUMMARY"]) == title
                assert str(event["DESCRIPTION"]) == "\n\n".join(p for p in (summary, note, page) if p)
                assert str(event["URL"]) == page
                assert str(event["LOCATION"]) == offer.locations[0].one_line
            [vtimezone] = calendar.walk("VTIMEZONE")
            zones[vtimezone.to_ical()] = vtimezone
    # the zone as a VTIMEZONE of its own (the same in every file), with its summer and winter time:
    # read alone (not looked up by its name), it puts every hour of the coming year on zoneinfo's clock
    [vtimezone] = zones.values()
    assert str(vtimezone["TZID"]) == ZONE
    kinds = {(part.name, part["TZOFFSETTO"].to_ical()) for part in vtimezone.subcomponents}
    assert kinds == {("STANDARD", "+0100"), ("DAYLIGHT", "+0200")}
    changes = offset_changes(TODAY, BEFORE, vtimezone.to_tz(lookup_tzid=False))
    assert changes == offset_changes(TODAY, BEFORE, zone)
    assert changes[1:] == [[datetime.datetime(2027, 3, 28, 1, tzinfo=UTC), 7200],
                           [datetime.datetime(2027, 10, 31, 1, tzinfo=UTC), 3600]]
    arabic = Calendar.from_ical((sample_site / "ar/kalender/elterncafe-duelmen.ics").read_bytes())
    assert str(arabic.walk("VEVENT")[0]["SUMMARY"]) != str(Calendar.from_ical(
        (sample_site / "kalender/elterncafe-duelmen.ics").read_bytes()).walk("VEVENT")[0]["SUMMARY"])


def test_ical_js_expands_every_event_as_python_works_it_out_across_the_changes_of_the_clock(sample_site, directory):
    offers = {offer.slug: offer for offer in directory.offers if offer.hours}
    files = sorted(sample_site.rglob("*.ics"))
    found = read_with_ical_js(files)
    assert len(found) == len(offers) * len(PREFIXES)
    # ical.js gives the hour the clock skips (2:00 in March) or shows twice (2:00 in October) the offset
    # after the change, not before as RFC 5545 (3.3.5) says; every other hour as zoneinfo
    changes = clock_changes(TODAY, BEFORE, fold=1)
    assert changes != clock_changes(TODAY, BEFORE, fold=0)
    assert changes == [["2026-11-22T00:00:00", 3600], ["2027-03-28T02:00:00", 7200], ["2027-10-31T02:00:00", 3600]]
    for file, calendar in found.items():
        path = Path(file).relative_to(sample_site).as_posix()
        code = path.split("/")[0] if not path.startswith("kalender/") else "de"
        offer = offers[Path(file).stem]
        # the file's VTIMEZONE alone gives every hour of the coming year zoneinfo's offset
        assert calendar["zones"] == {ZONE: changes} and "Angebotsverzeichnis" in calendar["product"]
        assert len(calendar["events"]) == len(offer.hours)
        for number, (event, opening) in enumerate(zip(calendar["events"], offer.hours), start=1):
            assert event["uid"] == f"{offer.slug}-{number}@kreis-coesfeld.github.io"
            assert event["summary"] == offer.text_in("title", code, "de")[0]
            assert event["zone"] == event["endZone"] == ZONE and event["recurring"]
            assert event["rule"] == "FREQ=WEEKLY;BYDAY=" + ",".join(BYDAY[d] for d in WEEKDAYS if d in opening.days)
            assert event["occurrences"] == expected(opening, TODAY, BEFORE), (path, number)
    # the Jugendtreff's Tuesday at 15:00 is 14:00 UTC in winter, 13:00 in summer: before and after 31 October 2027
    [treff] = [c for f, c in found.items() if f.endswith("/kalender/jugendtreff-olfen.ics") and "/en/" in f]
    starts = [start for start, _ in treff["events"][0]["occurrences"]]
    assert "2027-10-26T13:00:00.000Z" in starts and "2027-11-02T14:00:00.000Z" in starts
    assert "2027-03-23T14:00:00.000Z" in starts and "2027-03-30T13:00:00.000Z" in starts
    # Saturday 19:00 to 1:00, past midnight: ends on Sunday
    assert ["2027-10-30T17:00:00.000Z", "2027-10-30T23:00:00.000Z"] in treff["events"][1]["occurrences"]
    assert ["2027-11-06T18:00:00.000Z", "2027-11-07T00:00:00.000Z"] in treff["events"][1]["occurrences"]


def test_the_offer_page_links_its_calendar_where_it_has_one(sample_site, directory):
    words = {"de": ("In den Kalender", "Termine als Kalenderdatei (.ics)"), "en": ("Add to calendar", None)}
    for offer in directory.offers:
        for code in ("de", "en", "ar"):
            page = read_page(sample_site / PREFIXES[code], offer.url_path)
            links = page.select('a[href$=".ics"]')
            if not offer.hours:
                assert links == [], offer.slug
                continue
            [link] = links
            assert link.has_attr("download")
            assert link["href"] == f"/{PREFIXES[code]}kalender/{offer.slug}.ics"
            assert (sample_site / link["href"].lstrip("/")).is_file()
            assert link.find_parent("section").find("h2")["id"] == "oeffnungszeiten"
            text, hint = words.get(code, (None, None))
            if text:
                assert link.get_text() == text
            if hint:
                assert link.find_next_sibling("span", class_="hint").get_text() == hint


def test_the_same_data_gives_the_same_calendar_files(sample_site, tmp_path):
    again = tmp_path / "site"
    result = run_build(None, again)
    assert result.returncode == 0, result.stderr
    files = calendar_files(sample_site)
    assert calendar_files(again) == files
    assert all((again / path).read_bytes() == (sample_site / path).read_bytes() for path in files)


# a title with what iCalendar escapes (a semicolon, comma, backslash), ending in a line of the file's own
TITLE = "Kurs; mit Ende, C:\\ BEGIN:VEVENT"
SHORT = """\
---
title: {title}
summary: Ein Kurs mit Ende.
areas: [erziehung]
age_from: 0
age_to: 3
municipalities: [coesfeld]
reviewed: 2026-10-01
{more}
---

Beschreibung.
"""


def test_valid_until_ends_the_events_and_hours_that_no_longer_happen_give_no_file(tmp_path):
    """A course until Monday 5 April 2027 (after the change to summer time): each event ends there
    (UNTIL, in UTC); an offer whose only day comes after its last day gets no file and no link; an
    opening on the build's own weekday starts that day. Without the public address: no page address
    in the file, and the county's name in the UIDs."""
    data = write_data(tmp_path / "data", {
        "t/traeger.yml": VALID_PROVIDER,
        "t/kurs.md": SHORT.format(title=f"'{TITLE}'", more="""\
hours:
  - days: [mo, mi]
    opens: "09:00"
    closes: "12:00"
  - days: [so]
    opens: "10:00"
    closes: "12:00"
  - days: [sa]
    opens: "20:00"
    closes: "01:30"
valid_until: 2027-04-05"""),
        "t/vorbei.md": SHORT.format(title="Nur noch diese Woche", more="""\
hours:
  - days: [fr]
    opens: "09:00"
    closes: "10:00"
valid_until: 2026-11-26"""),
        "t/ohne.md": SHORT.format(title="Ohne Zeiten", more="schedule: nach Absprache"),
    })
    site = tmp_path / "site"
    result = run_build(data, site, 'ANGEBOTE_PUBLIC_URL=""')
    assert result.returncode == 0, result.stderr
    assert calendar_files(site) == {f"{prefix}kalender/kurs.ics" for prefix in PREFIXES.values()}
    for slug, linked in (("kurs", True), ("vorbei", False), ("ohne", False)):
        assert bool(read_page(site, f"angebote/{slug}/").select('a[href$=".ics"]')) == linked, slug

    calendar = Calendar.from_ical((site / "kalender/kurs.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"kurs-{n}@kreis-coesfeld" for n in (1, 2, 3)]
    last_moment = datetime.datetime(2027, 4, 5, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in summer time
    assert all(e["RRULE"]["UNTIL"] == [last_moment] for e in events)
    assert all("URL" not in e and "LOCATION" not in e for e in events)
    assert str(events[0]["DESCRIPTION"]) == "Ein Kurs mit Ende."
    assert [str(e["SUMMARY"]) for e in events] == [TITLE] * 3 and str(calendar["X-WR-CALNAME"]) == TITLE
    assert events[1].decoded("DTSTART") == datetime.datetime(2026, 11, 22, 10, tzinfo=ZoneInfo(ZONE))  # Sunday: today

    [read] = read_with_ical_js([site / "kalender/kurs.ics"]).values()
    openings = [Opening(("mo", "mi"), "09:00", "12:00"), Opening(("so",), "10:00", "12:00"), Opening(("sa",), "20:00", "01:30")]
    for event, opening in zip(read["events"], openings):
        assert event["summary"] == TITLE
        assert event["occurrences"] == expected(opening, TODAY, BEFORE, last=datetime.date(2027, 4, 5))
        assert "UNTIL=20270405T215959Z" in event["rule"]
    assert read["events"][0]["occurrences"][-1] == ["2027-04-05T07:00:00.000Z", "2027-04-05T10:00:00.000Z"]  # summer time
    assert read["events"][2]["occurrences"][0] == ["2026-11-28T19:00:00.000Z", "2026-11-29T00:30:00.000Z"]
