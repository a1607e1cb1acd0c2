"""The Atom feed "Neue und geänderte Angebote" of each interface language: the newest offers by
their ``reviewed`` date, written as ``<lang>/daten/angebote.atom``.

feedgenerator (the library Pelican writes its own feeds with) writes the XML; each entry's id is
the offer's HSDS service id as a URN, so that a feed reader shows a re-reviewed offer as the same
entry, updated.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed

FEED_PATH = "daten/angebote.atom"
FEED_SIZE = 50


def newest(offers, size: int = FEED_SIZE) -> list:
    """The offers reviewed last, newest first (ties by title, as the lists sort)."""
    return sorted(offers, key=lambda o: o.reviewed, reverse=True)[:size]


def write_feed(path: Path, offers, *, title: str, subtitle: str, lang: str, site_url: str,
               page_url, service_id, localized, author: str, timezone: str) -> None:
    """One feed: site_url is the language's home page, page_url(offer) an offer's page,
    service_id(offer) its HSDS id, localized(offer) its (title, summary) in the feed's language."""
    zone = ZoneInfo(timezone)

    def moment(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(0, 0), zone)

    entries = newest(offers)
    feed = Atom1Feed(title=title, link=site_url, description=subtitle, subtitle=subtitle, language=lang,
                     author_name=author, feed_url=f"{site_url}{FEED_PATH}",
                     feed_guid=f"{site_url}{FEED_PATH}")
    for offer in entries:
        entry_title, summary = localized(offer)
        feed.add_item(title=entry_title, link=page_url(offer), description=summary,
                      author_name=offer.provider.name, unique_id=f"urn:uuid:{service_id(offer)}",
                      pubdate=moment(offer.reviewed), updateddate=moment(offer.reviewed))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
