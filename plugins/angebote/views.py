"""What the outputs show, computed once per build from the checked directory: pure, the same in every
language, written nowhere. An output that needs what another shows reads it here.

* the facets: age bands, life areas and towns, the programmes and vouchers, each with its offers
  grouped by another facet (:func:`facets`);
* the contact people, merged, and by town and life area (:func:`contacts_by_town`);
* the map's pages, their views and filters (:func:`map_pages`), and where the towns' names stand on
  the base maps, clear of every marker (:func:`..maps.place_labels`);
* coverage (offers per area and age band, town, programme), how far the providers' texts are
  translated, and the printed booklets of the last run.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from . import maps
from .booklet import PrintedBooklet, printed_booklets
from .contacts import ContactEntry, collect_contacts
from .model import Offer, Term
from .reports import Matrix, TranslationCoverage, coverage, translation_coverage
from .settings import setting
from .model import Directory


@dataclass
class Group:
    term: Term
    offers: list[Offer]
    url_path: str  # the full list of this group
    term_url_path: str  # the page of the group's own term (an area or band page)
    written_here: bool = True  # False: the same list is written under another facet


@dataclass
class Facet:
    """An age band, life area or town page with its offers grouped by another facet."""

    kind: str  # URL folder: alter, bereiche, orte
    term: Term
    offers: list[Offer]
    groups: list[Group] = field(default_factory=list)

    @property
    def url_path(self) -> str:
        return f"{self.kind}/{self.term.slug}/"


@dataclass
class ContactTown:
    """A town's contact people by life area: [(area, [(entry, [its offers there])])]."""

    town: Term
    count: int  # people
    groups: list
    offers: tuple  # every offer of the people listed (what the page shows)


@dataclass
class MapPage:
    path: str
    view: maps.MapView
    kind: str | None  # the filter: "alter" or "bereiche", None for every offer
    term: Term | None
    offers: list[Offer]


class Views:
    """The views of one build. The facets are worked out at once (every page's navigation names
    them); the others when first asked for, which make dev's updates do after the changed offer's own
    page is written (a one-off build asks for them all before it forks: complete)."""

    def __init__(self, directory: Directory, settings):
        self.directory, self.settings = directory, settings
        self.bands, self.areas, self.towns, self.programmes, self.vouchers = facets(directory)

    @functools.cached_property
    def contacts(self) -> list[ContactEntry]:
        return collect_contacts(self.directory, setting(self.settings, "ANGEBOTE_COLLATION"),
                                self.settings["SLUG_REGEX_SUBSTITUTIONS"])

    @functools.cached_property
    def contact_towns(self) -> list[ContactTown]:
        return contacts_by_town(self.directory, self.contacts)

    @functools.cached_property
    def projection(self) -> maps.Projection | None:
        return maps.Projection(self.directory.map) if self.directory.map else None

    @functools.cached_property
    def _map(self) -> tuple[list[MapPage], dict[str, list[Term]]]:
        return map_pages(self.directory, self.projection) if self.projection else ([], {})

    @property
    def map_pages(self) -> list[MapPage]:
        return self._map[0]

    @property
    def map_filters(self) -> dict[str, list[Term]]:
        """kind -> the terms a map page shows."""
        return self._map[1]

    @property
    def map_filter_slugs(self) -> dict[str, list[str]]:
        """The same as slugs (make dev compares them between builds)."""
        return {kind: [t.slug for t in terms] for kind, terms in self.map_filters.items()}

    @functools.cached_property
    def map_labels(self) -> dict:
        """town -> where its name stands on the base maps, clear of every marker."""
        if self.projection is None:
            return {}
        circles = maps.marker_circles(self.directory.offers, self.projection, [page.view for page in self.map_pages])
        return maps.place_labels(self.directory.map, self.projection, circles)

    @functools.cached_property
    def coverage(self) -> tuple[Matrix, Matrix, Matrix, Matrix]:
        return coverage(self.directory)

    @functools.cached_property
    def translations(self) -> TranslationCoverage | None:
        """How far the providers' texts are translated, per language, and what to commission first."""
        return translation_coverage(self.directory, setting(self.settings, "ANGEBOTE_TRANSLATION_FIRST"))

    @functools.cached_property
    def booklets(self) -> list[PrintedBooklet]:
        return printed_booklets(setting(self.settings, "ANGEBOTE_WEGWEISER_DIR"))

    def complete(self) -> None:
        """Every view worked out now (before the build forks: once, not in each process)."""
        for name in ("contact_towns", "map_labels", "coverage", "translations", "booklets"):
            getattr(self, name)


def facets(directory: Directory) -> tuple[list[Facet], ...]:
    """(bands, areas, towns, programmes, vouchers): each term's offers, grouped."""
    taxonomy = directory.taxonomy
    offers = directory.offers

    def bands_of(offer):
        return offer.bands

    def areas_of(offer):
        return offer.areas

    bands = _facets(offers, "alter", taxonomy.bands, bands_of, "bereiche", taxonomy.areas, areas_of)
    # Area × band is the same list as band × area: link to that one instead of writing it twice.
    areas = _facets(offers, "bereiche", taxonomy.areas, areas_of, "alter", taxonomy.bands, bands_of,
                    list_url=lambda area, band: f"alter/{band.slug}/{area.slug}/")
    county = taxonomy.county_wide

    def towns_of(offer):  # a county-wide offer is in every town
        return list(taxonomy.towns.values()) if offer.county_wide else offer.towns

    towns = _facets(offers, "orte", {k: t for k, t in taxonomy.towns.items() if t is not county}, towns_of,
                    "bereiche", taxonomy.areas, areas_of)
    if county is not None:
        towns += _facets(offers, "orte", {county.slug: county}, lambda o: o.towns, "bereiche", taxonomy.areas, areas_of)
    # The network's programmes and the vouchers, each with its offers by age band
    programmes = _facets(offers, "initiativen", taxonomy.programmes, lambda o: o.programmes, "alter", taxonomy.bands, bands_of)
    vouchers = _facets(offers, "gutscheine", taxonomy.vouchers, lambda o: [a.voucher for a in o.accepts],
                       "alter", taxonomy.bands, bands_of)
    return bands, areas, towns, programmes, vouchers


def _facets(offers, kind, terms: dict, terms_of, group_kind, group_terms: dict, group_terms_of, list_url=None) -> list[Facet]:
    """One Facet per term, its offers grouped by group_terms (whose pages live under group_kind/)."""
    members = defaultdict(list)
    for offer in offers:
        for term in terms_of(offer):
            members[term.slug].append(offer)
    result = []
    for slug, term in terms.items():
        facet = Facet(kind, term, members.get(slug, []))
        grouped = defaultdict(list)
        for offer in facet.offers:
            for group_term in group_terms_of(offer):
                grouped[group_term.slug].append(offer)
        facet.groups = [
            Group(
                group_term,
                grouped[key],
                list_url(term, group_term) if list_url else f"{facet.url_path}{key}/",
                f"{group_kind}/{key}/",
                written_here=list_url is None,
            )
            for key, group_term in group_terms.items()
            if grouped.get(key)
        ]
        result.append(facet)
    return result


def contacts_by_town(directory: Directory, contacts: list[ContactEntry]) -> list[ContactTown]:
    """Each town's contact people by life area, each with the offers there (a county-wide offer is in every town)."""
    taxonomy = directory.taxonomy
    towns = list(taxonomy.towns.values())
    rows = defaultdict(dict)  # (town, area) -> {entry: [offers]}
    for entry in contacts:
        for offer in entry.offers:
            for town in towns if offer.county_wide else offer.towns:
                for area in offer.areas:
                    rows[town.slug, area.slug].setdefault(id(entry), (entry, []))[1].append(offer)
    by_town = []
    for town in towns:
        groups = [
            (area, list(rows[town.slug, area.slug].values()))
            for area in taxonomy.areas.values()
            if rows.get((town.slug, area.slug))
        ]
        people = {id(entry) for _, group in groups for entry, _ in group}
        # an entry gathers one person's contact from every offer that names them
        shown = tuple(offer for _, group in groups for entry, _ in group for offer in entry.offers)
        by_town.append(ContactTown(town, len(people), groups, shown))
    return by_town


def map_pages(directory: Directory, projection: maps.Projection) -> tuple[list[MapPage], dict[str, list[Term]]]:
    """karte/ (every offer with a place on the map) and a page per age band and per life area that
    has such offers (the filters without JavaScript); and those filters (kind -> terms)."""
    county_map = directory.map
    offers = directory.offers
    taxonomy = directory.taxonomy
    pages, filters = maps.filter_pages(offers, taxonomy)
    order = maps.town_order(taxonomy)
    views = [MapPage(path, maps.view(subset, county_map, projection, order), kind, term, subset)
             for path, subset, kind, term in pages]
    return views, filters
