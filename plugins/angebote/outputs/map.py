"""The map, where the county has a base map (``karte.geojson``): ``karte/`` with every offer that has
a place, a page per age band and per life area (``karte/alter/<band>/``, ``karte/bereiche/<area>/``:
the filters without JavaScript), each with its list beside the map; the base maps as SVG
(``karte/kreis.svg``, ``karte/kreis-<town>.svg``, :mod:`..maps`); and the small maps of the offer
and town pages (``map_points``)."""

from __future__ import annotations

from .. import maps
from ..build import Page


def template_globals(build) -> dict:
    county_map, projection = build.directory.map, build.views.projection
    if projection is None:
        return {"MAP": None}
    return {"MAP": {"width": maps.WIDTH, "height": projection.height, "base": maps.BASE_FILE, "town_file": maps.town_file,
                    "towns": county_map.towns, "attribution": county_map.attribution}}


def pages(build, speech):
    county_map = build.directory.map
    if county_map is None:
        return
    views = build.views
    # every map page offers the same filters: where they change, every map page does
    same_filters = build.same_as_before("map_filter_slugs")
    for page in views.map_pages:
        yield Page(page.path, "karte", {"view": page.view, "filter_kind": page.kind, "filter_term": page.term,
                                        "filters": views.map_filters, "county_map": county_map},
                   shows=tuple(page.offers) if same_filters else None)


def finish(build, speak):
    county_map, projection = build.directory.map, build.views.projection
    if projection is None:
        return
    title, labels = build.directory.taxonomy.region, build.views.map_labels
    build.files.write_text(maps.BASE_FILE, maps.base_svg(county_map, projection, title, labels=labels))
    for town in county_map.towns.values():
        build.files.write_text(maps.town_file(town.slug),
                               maps.base_svg(county_map, projection, f"{title}: {town.name}", town.slug, labels))


def map_points(build, speech, offers, town: str | None = None):
    """The offers' places on a small map (of a town, where given)."""
    projection = build.views.projection
    return maps.points(offers, projection, town) if projection else []


HELPERS = {"map_points": map_points}


def offline(build, language):
    """The map of every offer (its base map is among what the page loads)."""
    return [f"{language.prefix}karte/"] if build.directory.map is not None else []
