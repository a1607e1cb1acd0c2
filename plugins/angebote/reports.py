"""What the network's coordinators need to know: freshness, hints and coverage.

* :func:`freshness`: offers not reviewed for over 12 months and offers whose
  ``valid_until`` falls within the next 60 days (the build warns about both,
  ``make check`` prints them, ``make report`` writes them as a page);
* :func:`voucher_hints`: cost texts that name a voucher the offer does not list in ``accepts``
  (``make check`` and the build print them);
* :func:`offer_hints`: what reading an offer noticed without refusing it, such as a district
  (Ortsteil) named instead of its town (``make check`` prints them);
* :func:`coverage`: the number of offers per age band × life area, per town × life area and per
  town × programme, for the coverage page ``abdeckung/``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .frontmatter import Problem
from .model import Offer, Provider, Term
from .validation import Directory, same_name

EXPIRING_WITHIN = datetime.timedelta(days=60)


@dataclass
class Freshness:
    stale: list[Offer]  # not reviewed for over 12 months
    expiring: list[Offer]  # valid_until within EXPIRING_WITHIN
    today: datetime.date  # the day the directory was read as of

    def by_provider(self) -> list[tuple[Provider, list[Offer], list[Offer]]]:
        """(provider, its stale offers, its expiring offers) for each provider with either."""
        providers = {id(o.provider): o.provider for o in self.stale + self.expiring}
        rows = [
            (p, [o for o in self.stale if o.provider is p], [o for o in self.expiring if o.provider is p])
            for p in providers.values()
        ]
        return sorted(rows, key=lambda row: row[0].name.casefold())

    def notices(self) -> list[Problem]:
        """The same as messages: path:line: text."""
        notices = [
            Problem(o.source, o.lines.get("reviewed", 1),
                    f"Zuletzt geprüft am {o.reviewed.isoformat()}, vor über 12 Monaten: bitte beim Träger nachfragen "
                    f"und „reviewed“ aktualisieren.")
            for o in self.stale
        ]
        for o in self.expiring:
            days = (o.valid_until - self.today).days
            notices.append(Problem(
                o.source, o.lines.get("valid_until", 1),
                f"Läuft am {o.valid_until.isoformat()} ab (in {days} Tagen): danach erscheint das Angebot nicht mehr. "
                f"Verlängern oder „valid_until“ ändern?"))
        return sorted(notices, key=lambda p: (p.path, p.line))


def voucher_hints(directory: Directory) -> list[Problem]:
    """Offers whose cost text names a voucher of the taxonomy that their „accepts“ does not list."""
    hints = []
    # each voucher's names as whole words, compiled once
    patterns = [(voucher, [(name, re.compile(rf"(?<!\w){re.escape(same_name(name))}(?!\w)")) for name in (voucher.label, *voucher.aliases)])
                for voucher in directory.taxonomy.vouchers.values()]
    for offer in directory.offers:
        cost = f" {same_name(offer.cost)} "
        taken = {a.voucher.slug for a in offer.accepts}
        for voucher, named in patterns:
            names = [name for name, pattern in named if pattern.search(cost)]
            if names and voucher.slug not in taken:
                hints.append(Problem(offer.source, offer.lines.get("cost", 1),
                                     f"„cost“ nennt „{names[0]}“: bitte als Gutschein angeben, dann finden Familien das "
                                     f"Angebot über den Gutschein: accepts: [{{voucher: {voucher.slug}, cost: kostenlos}}] "
                                     f"(oder was es damit kostet)."))
    return hints


def offer_hints(directory: Directory) -> list[Problem]:
    """What reading the offers noticed without refusing it (a district named for its town)."""
    return [Problem(offer.source, line, text) for offer in directory.offers + directory.expired for line, text in offer.hints]


def _inside(point: tuple[float, float], polygons) -> bool:
    """Even-odd rule over every ring: is (lon, lat) inside the area?"""
    x, y = point
    inside = False
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


def map_hints(directory: Directory) -> list[Problem]:
    """Places whose coordinates lie outside the county or in another town than their address
    (lat and lon swapped, a typo, a copied place): the map would show them wrongly."""
    county_map = directory.map
    if county_map is None:
        return []
    by_name = {t.name.casefold(): t for t in county_map.towns.values() if t.polygons}
    hints = []
    for offer in directory.offers:
        line = offer.lines.get("locations", 1)
        for location in offer.locations:
            if location.lat is None or location.lon is None:
                continue
            point = (location.lon, location.lat)
            if county_map.outline and not _inside(point, county_map.outline):
                hints.append(Problem(offer.source, line, f"Der Ort „{location.one_line}“ liegt mit lat {location.lat} und "
                                                         f"lon {location.lon} außerhalb der Karte des Kreises: sind „lat“ und „lon“ vertauscht?"))
                continue
            town = by_name.get(location.city.casefold())
            if town is not None and not _inside(point, town.polygons):
                found = next((t.name for t in by_name.values() if _inside(point, t.polygons)), "")
                hints.append(Problem(offer.source, line, f"Der Ort „{location.one_line}“ liegt nach „lat“ und „lon“ "
                                                         f"{f'in {found}' if found else 'nicht'}, nicht in {location.city}: bitte die Koordinaten prüfen."))
    return hints


def freshness(directory: Directory) -> Freshness:
    today = directory.today
    return Freshness(
        stale=[o for o in directory.offers if o.stale],
        expiring=[o for o in directory.offers if o.valid_until and o.valid_until - today <= EXPIRING_WITHIN],
        today=today,
    )


@dataclass
class Matrix:
    """Offer counts: rows (age bands or towns) × columns (life areas or programmes)."""

    rows: list[Term]
    columns: list[Term]
    cells: dict[tuple[str, str], int]

    def count(self, row: Term, column: Term) -> int:
        return self.cells.get((row.slug, column.slug), 0)


def _matrix(offers: list[Offer], rows: list, columns: list, rows_of, columns_of=lambda o: o.areas) -> Matrix:
    cells: dict[tuple[str, str], int] = {}
    for offer in offers:
        for row in rows_of(offer):
            for column in columns_of(offer):
                cells[row.slug, column.slug] = cells.get((row.slug, column.slug), 0) + 1
    return Matrix(rows=rows, columns=columns, cells=cells)


def coverage(directory: Directory) -> tuple[Matrix, Matrix, Matrix]:
    """(age band × life area, town × life area, town × programme). A town counts only its own
    offers; county-wide offers are their own row."""
    taxonomy = directory.taxonomy
    areas = list(taxonomy.areas.values())
    towns = list(taxonomy.towns.values())
    by_band = _matrix(directory.offers, list(taxonomy.bands.values()), areas, lambda o: o.bands)
    by_town = _matrix(directory.offers, towns, areas, lambda o: o.towns)
    by_programme = _matrix(directory.offers, towns, list(taxonomy.programmes.values()), lambda o: o.towns,
                           lambda o: o.programmes)
    return by_band, by_town, by_programme
