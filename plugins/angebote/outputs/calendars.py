"""The opening hours for a family's calendar: ``<prefix>kalender/<offer>.ics`` in each language, for
every offer with opening hours that still happen (:mod:`..calendars`), linked as "In den Kalender"
from the offer's page (``calendar_path``). Title, summary and the note on the hours are the page's,
in its language where a translation gives them."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

from .. import calendars

FOLDER = "kalender/"


def files(build, speech):
    directory = build.directory
    today = directory.today
    offers = [offer for offer in directory.offers if calendars.has_calendar(offer, today)]
    folder = build.files.claim_folder(speech.prefix + FOLDER)
    shutil.rmtree(folder, ignore_errors=True)  # written again (make dev): no file of an offer that is gone
    if not offers:
        return
    folder.mkdir(parents=True, exist_ok=True)
    zone = build.kept("calendar time zone", lambda: calendars.time_zone(build.time_zone, today))
    host = urlsplit(build.address).hostname if build.address else "-".join(directory.taxonomy.region.lower().split())
    product = f"-//{build.settings['SITENAME']}//Angebotsverzeichnis//DE"
    for offer in offers:
        texts = calendars.Texts(
            title=speech.text_in(offer, "title"), summary=speech.text_in(offer, "summary"),
            note=speech.text_in(offer, "hours_note"), location=offer.locations[0].one_line if offer.locations else "",
            page=build.page_address(offer.url_path, speech.prefix) if build.address else "")
        (folder / f"{offer.slug}.ics").write_bytes(
            calendars.calendar(offer, texts, today=today, zone=zone, uid_host=host, product=product))


def calendar_path(build, speech, offer) -> str:
    """Where the offer's file is, below the page's language ("" where it has none)."""
    return f"{FOLDER}{offer.slug}.ics" if calendars.has_calendar(offer, build.directory.today) else ""


HELPERS = {"calendar_path": calendar_path}
