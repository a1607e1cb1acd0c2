"""What the network's coordinators need to know: freshness, hints and coverage.

* :func:`freshness`: offers not reviewed for over 12 months and offers whose
  ``valid_until`` falls within the next 60 days (the build warns about both,
  ``make check`` prints them, ``make report`` writes them as a page); for the report also the
  offers whose review falls due within the next 30 or 60 days, and which offers a printed
  Familienwegweiser leaves out from which day (:class:`Dropping`);
* :func:`voucher_hints`: cost texts that name a voucher the offer does not list in ``accepts``
  (``make check`` and the build print them);
* :func:`offer_hints`: what reading an offer noticed without refusing it, such as a district
  (Ortsteil) named instead of its town (``make check`` prints them);
* :func:`coverage`: the number of offers per age band × life area, per town × life area, per
  town × age band and per town × programme, for the coverage page ``abdeckung/``, and each table
  as CSV (:func:`coverage_files`, through :mod:`.csvfile`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import csvfile
from .read.frontmatter import Problem
from .maps import inside
from .read.catalogues import STATES
from .model import Offer, Provider, Term
from .model import Directory
from .read.taxonomy import same_name

EXPIRING_WITHIN = datetime.timedelta(days=60)
# make report: reviews that fall due within the first or the second of these many days
DUE_WITHIN = (30, 60)


def review_due(reviewed: datetime.date) -> datetime.date:
    """The last day an offer reviewed on ``reviewed`` counts as reviewed: a year later (the day
    after, it is stale; see validation.one_year_before)."""
    try:
        return reviewed.replace(year=reviewed.year + 1)
    except ValueError:  # 29 February
        return reviewed.replace(year=reviewed.year + 1, day=28)


@dataclass
class Dropping:
    """An offer a printed Familienwegweiser leaves out from ``day`` on (a booklet made that day or
    later): its review is over a year old then ("stale"), or it has expired ("expired")."""

    offer: Offer
    day: datetime.date
    reason: str


@dataclass
class Freshness:
    stale: list[Offer]  # not reviewed for over 12 months
    expiring: list[Offer]  # valid_until within EXPIRING_WITHIN
    today: datetime.date  # the day the directory was read as of
    due: list[Offer] = field(default_factory=list)  # review due within DUE_WITHIN[-1] days, not stale yet
    dropping: list[Dropping] = field(default_factory=list)  # out of a booklet made within DUE_WITHIN[-1] days

    def by_provider(self) -> list[tuple[Provider, list[Offer], list[Offer], list[Offer]]]:
        """(provider, its stale offers, those due for review, its expiring offers) for each provider
        with any."""
        providers = {id(o.provider): o.provider for o in self.stale + self.due + self.expiring}
        rows = [
            (p, *([o for o in offers if o.provider is p] for offers in (self.stale, self.due, self.expiring)))
            for p in providers.values()
        ]
        return sorted(rows, key=lambda row: row[0].name.casefold())

    def days_left(self, offer: Offer) -> int:
        """Days from today to the last day the offer counts as reviewed (0: today)."""
        return (review_due(offer.reviewed) - self.today).days

    def due_within(self, first: int, last: int) -> list[Offer]:
        """The offers whose review falls due between ``first`` and ``last`` days from today."""
        return [o for o in self.due if first <= self.days_left(o) <= last]

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
    """What reading the offers and the parents' companion noticed without refusing it (a district
    named for its town, a milestone naming an offer that is gone)."""
    companion = directory.companion
    return ([Problem(offer.source, line, text) for offer in directory.offers + directory.expired for line, text in offer.hints]
            + [Problem(companion.source, line, text) for line, text in (companion.hints if companion else ())])


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
            if county_map.outline and not inside(point, county_map.outline):
                hints.append(Problem(offer.source, line, f"Der Ort „{location.one_line}“ liegt mit lat {location.lat} und "
                                                         f"lon {location.lon} außerhalb der Karte des Kreises: sind „lat“ und „lon“ vertauscht?"))
                continue
            town = by_name.get(location.city.casefold())
            if town is not None and not inside(point, town.polygons):
                found = next((t.name for t in by_name.values() if inside(point, t.polygons)), "")
                hints.append(Problem(offer.source, line, f"Der Ort „{location.one_line}“ liegt nach „lat“ und „lon“ "
                                                         f"{f'in {found}' if found else 'nicht'}, nicht in {location.city}: bitte die Koordinaten prüfen."))
    return hints


def freshness(directory: Directory, stale_printed: bool = False) -> Freshness:
    """What the coordinators should ask about. stale_printed: whether the booklet prints offers not
    reviewed for over a year (ANGEBOTE_WEGWEISER_STALE); then only their expiry drops them."""
    today = directory.today
    horizon = today + datetime.timedelta(days=DUE_WITHIN[-1])
    due = [o for o in directory.offers if not o.stale and review_due(o.reviewed) <= horizon]
    return Freshness(
        stale=[o for o in directory.offers if o.stale],
        expiring=[o for o in directory.offers if o.valid_until and o.valid_until - today <= EXPIRING_WITHIN],
        today=today,
        due=sorted(due, key=lambda o: (o.reviewed, o.title.casefold())),
        dropping=booklet_dropping(directory.offers, horizon, stale_printed),
    )


def booklet_dropping(offers: list[Offer], until: datetime.date, stale_printed: bool = False) -> list[Dropping]:
    """The offers a booklet made on any day up to ``until`` leaves out, each from the first day it
    does (stale: the day after its review's year is over; expired: the day after valid_until),
    earliest first. (booklet.plan leaves out what is stale on the day it is made, and the reading
    what has expired.)"""
    found = []
    one_day = datetime.timedelta(days=1)
    for offer in offers:
        reasons = [] if stale_printed else [(review_due(offer.reviewed) + one_day, "stale")]
        if offer.valid_until:
            reasons.append((offer.valid_until + one_day, "expired"))
        if reasons:
            day, reason = min(reasons)
            if day <= until:
                found.append(Dropping(offer, day, reason))
    return sorted(found, key=lambda d: (d.day, d.offer.title.casefold()))


@dataclass
class Matrix:
    """Offer counts: rows (age bands or towns) × columns (life areas, programmes or age bands)."""

    rows: list[Term]
    columns: list[Term]
    cells: dict[tuple[str, str], int]

    def count(self, row: Term, column: Term) -> int:
        return self.cells.get((row.slug, column.slug), 0)

    @property
    def local_rows(self) -> list[Term]:
        """The rows but the county-wide one (towns: the offers in that town only)."""
        return [row for row in self.rows if not row.county_wide]

    @property
    def county_rows(self) -> list[Term]:
        """The county-wide row (towns), counted apart: its offers are there for every town."""
        return [row for row in self.rows if row.county_wide]


def _matrix(offers: list[Offer], rows: list, columns: list, rows_of, columns_of=lambda o: o.areas) -> Matrix:
    cells: dict[tuple[str, str], int] = {}
    for offer in offers:
        for row in rows_of(offer):
            for column in columns_of(offer):
                cells[row.slug, column.slug] = cells.get((row.slug, column.slug), 0) + 1
    return Matrix(rows=rows, columns=columns, cells=cells)


def coverage(directory: Directory) -> tuple[Matrix, Matrix, Matrix, Matrix]:
    """(age band × life area, town × life area, town × programme, town × age band). A town counts
    only its own offers; county-wide offers are their own row (Matrix.county_rows)."""
    taxonomy = directory.taxonomy
    areas = list(taxonomy.areas.values())
    towns = list(taxonomy.towns.values())
    bands = list(taxonomy.bands.values())
    by_band = _matrix(directory.offers, bands, areas, lambda o: o.bands)
    by_town = _matrix(directory.offers, towns, areas, lambda o: o.towns)
    by_programme = _matrix(directory.offers, towns, list(taxonomy.programmes.values()), lambda o: o.towns,
                           lambda o: o.programmes)
    town_by_band = _matrix(directory.offers, towns, bands, lambda o: o.towns, lambda o: o.bands)
    return by_band, by_town, by_programme, town_by_band


# The coverage tables as CSV files, beside abdeckung/ in each language: (file name, the header of
# the rows' column as abdeckung.html says it: context and text) for each matrix of coverage(), in its order
COVERAGE_FILES = (("alter-bereiche.csv", None, "Altersgruppe"), ("orte-bereiche.csv", "Filter", "Ort"),
                  ("orte-programme.csv", "Filter", "Ort"), ("orte-alter.csv", "Filter", "Ort"))

def coverage_rows(matrix: Matrix, row_header: str, label) -> list[list]:
    """A matrix as rows of cells: the header row, then a row per term (the county-wide last)."""
    rows = [[row_header, *(label(column) for column in matrix.columns)]]
    for row in matrix.local_rows + matrix.county_rows:
        rows.append([label(row), *(matrix.count(row, column) for column in matrix.columns)])
    return rows


def coverage_files(matrices, label, catalogue) -> list[tuple[str, str]]:
    """(file name, CSV text) for each coverage table (COVERAGE_FILES); label (of a term) and
    catalogue (gettext and pgettext) in the language of the page beside them."""
    files = []
    for (name, context, text), matrix in zip(COVERAGE_FILES, matrices):
        row_header = catalogue.pgettext(context, text) if context else catalogue.gettext(text)
        files.append((name, csvfile.text(coverage_rows(matrix, row_header, label), delimiter=";")))
    return files


@dataclass
class TranslationCoverage:
    """How far the providers' texts are translated, per language (read.catalogues), and what to
    commission first: the offers not translated, in the order ANGEBOTE_TRANSLATION_FIRST gives
    (programmes and life areas by slug, the first named first; the rest after, youngest first)."""

    counts: list[tuple[str, dict[str, int]]]  # (code, {state: offers}) in the interface's order
    first: dict[str, list[tuple[Offer, str]]]  # code → (offer, state), in the order to commission


def translation_coverage(directory: Directory, first: list[str]) -> TranslationCoverage | None:
    """None where the county keeps no catalogues (ANGEBOTE_OFFER_TRANSLATIONS)."""
    if not directory.translation_states:
        return None
    rank = {slug: index for index, slug in enumerate(first)}

    def order(offer: Offer):
        named = [rank[s] for s in (*(p.slug for p in offer.programmes), *(a.slug for a in offer.areas)) if s in rank]
        return (min(named, default=len(rank)), offer.age_from if offer.age_from is not None else 99)

    by_priority = sorted(directory.offers, key=order)  # (sorted keeps the title order within a rank)
    counts, firsts = [], {}
    for code, states in directory.translation_states.items():
        counts.append((code, {state: sum(1 for s in states.values() if s == state) for state in STATES}))
        firsts[code] = [(offer, states[offer.slug]) for offer in by_priority if states[offer.slug] != "translated"]
    return TranslationCoverage(counts, firsts)
