"""An offer's opening hours as an iCalendar file (RFC 5545), for a family's calendar.

Each opening (days, opens, closes) is a weekly event: it starts on its first day on or after the
day the directory was read as of (``Directory.today``), on the county's clock (TZID, with the zone's
VTIMEZONE made from zoneinfo), and repeats on its weekdays until the offer's ``valid_until``, where
it has one. An opening past midnight ends on the next day. The same data gives the same bytes: the
file's only date besides the offer's is the build's day (DTSTAMP). icalendar writes the format.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .model import WEEKDAYS, Offer, Opening

BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU")))
# How many years the VTIMEZONE's changes between summer and winter time are listed for (icalendar
# lists each change; a calendar that reads the zone from the file and not by its name needs them)
ZONE_YEARS = 10


@dataclass(frozen=True)
class Texts:
    """What a file says of its offer, in one language: the title, the summary, the note on the hours,
    the first place ("" where none) and the offer page's address ("" where the site's is not known)."""

    title: str
    summary: str
    note: str
    location: str
    page: str


class Zone(NamedTuple):
    """The county's time zone: its IANA name and its VTIMEZONE as written in every file."""

    name: str
    vtimezone: bytes


def first_day(opening: Opening, today: datetime.date) -> datetime.date:
    """The first of the opening's weekdays on or after today."""
    days = (today + datetime.timedelta(days=n) for n in range(7))
    return next(day for day in days if WEEKDAYS[day.weekday()] in opening.days)


def openings(offer: Offer, today: datetime.date) -> list[tuple[int, Opening, datetime.date]]:
    """(number, opening, first day) of each opening that still happens (on or before valid_until);
    numbered from 1 among all the offer's openings, so that an event keeps its UID when another ends."""
    found = [(number, opening, first_day(opening, today)) for number, opening in enumerate(offer.hours, start=1)]
    last = offer.valid_until
    return [(number, opening, day) for number, opening, day in found if last is None or day <= last]


def has_calendar(offer: Offer, today: datetime.date) -> bool:
    """Whether the offer gets a file: it has opening hours, and one of them still happens."""
    return bool(openings(offer, today))


def time_zone(name: str, today: datetime.date) -> Zone:
    """The county's time zone with its VTIMEZONE from today on for ZONE_YEARS years, written once a
    process (every file holds the same; written for each file, it took two thirds of its time).

    icalendar finds each change of the clock in zoneinfo; here each becomes an observance of its
    own that starts when zoneinfo changes the offset, on the clock before the change (RFC 5545,
    3.6.5; in Berlin: summer time at 2:00, winter time at 3:00). Not as icalendar lists them, a
    first change and the later ones as RDATEs: ical.js reads only the RDATEs of such an
    observance, not its first change, and misses the coming summer; and icalendar has summer time
    start an hour late (3:00 on the clock before)."""
    # imported here: only a process that writes calendar files loads icalendar (some 70 ms)
    from icalendar import Timezone

    tz = ZoneInfo(name)
    listed = Timezone.from_tzinfo(tz, first_date=today, last_date=datetime.date(today.year + ZONE_YEARS, 1, 1))
    changes = sorted(((_onset(tz, start, part.TZOFFSETFROM, part.TZOFFSETTO), part)
                      for part in listed.subcomponents for start in (part.DTSTART, *(rdate for rdate, _ in part.rdates))),
                     key=lambda change: change[0])
    zone = Timezone()
    zone.add("TZID", name)
    for start, part in changes:
        observance = type(part)()
        observance.DTSTART = start
        observance.TZOFFSETFROM = part.TZOFFSETFROM
        observance.TZOFFSETTO = part.TZOFFSETTO
        observance.add("TZNAME", part["TZNAME"])
        zone.add_component(observance)
    return Zone(name, zone.to_ical())


def _onset(tz: ZoneInfo, near: datetime.datetime, before: datetime.timedelta,
           after: datetime.timedelta) -> datetime.datetime:
    """When the clock changes from the offset before to after within a day of near (as a clock shows
    it), on the clock before the change, to the second; near itself where nothing changes (the first
    observance, from the first day on)."""
    utc = datetime.timezone.utc
    low, high = (near.replace(tzinfo=utc) + datetime.timedelta(days=n) for n in (-1, 1))
    if before == after or low.astimezone(tz).utcoffset() != before or high.astimezone(tz).utcoffset() != after:
        return near
    while high - low > datetime.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return (high + before).replace(tzinfo=None, microsecond=0)


def calendar(offer: Offer, texts: Texts, *, today: datetime.date, zone: Zone, uid_host: str, product: str) -> bytes:
    """The offer's file: the zone, then an event per opening that still happens (has_calendar: at
    least one)."""
    from icalendar import Calendar, Event

    tz = ZoneInfo(zone.name)
    stamp = datetime.datetime.combine(today, datetime.time(0, 0), datetime.timezone.utc)
    # UNTIL is in UTC where the start has a zone (RFC 5545, 3.3.10): the end of the last day there
    until = None
    if offer.valid_until:
        until = datetime.datetime.combine(offer.valid_until, datetime.time(23, 59, 59), tz).astimezone(datetime.timezone.utc)
    description = "\n\n".join(part for part in (texts.summary, texts.note, texts.page) if part)
    cal = Calendar()
    cal.add("prodid", product)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("name", texts.title)  # RFC 7986; X-WR-CALNAME for the calendars that know only that
    cal.add("x-wr-calname", texts.title)
    for number, opening, day in openings(offer, today):
        opens, closes = (datetime.time.fromisoformat(t) for t in (opening.opens, opening.closes))
        rule = {"freq": "weekly", "byday": [BYDAY[d] for d in WEEKDAYS if d in opening.days]}
        if until is not None:
            rule["until"] = until
        event = Event()
        event.add("uid", f"{offer.slug}-{number}@{uid_host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.datetime.combine(day, opens, tz))
        end_day = day + datetime.timedelta(days=1) if opening.past_midnight else day
        event.add("dtend", datetime.datetime.combine(end_day, closes, tz))
        event.add("rrule", rule)
        event.add("summary", texts.title)
        if description:
            event.add("description", description)
        if texts.location:
            event.add("location", texts.location)
        if texts.page:
            event.add("url", texts.page)
        cal.add_component(event)
    text = cal.to_ical()
    at = text.index(b"\r\nBEGIN:VEVENT\r\n") + 2  # the first event's first line (texts escape their line breaks)
    return text[:at] + zone.vtimezone + text[at:]
