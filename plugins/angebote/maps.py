"""The map: karte/kreis.svg (the county's outline, its towns' borders and names, the attribution),
one copy per town with that town marked (karte/kreis-<town>.svg), and what the map pages
(karte.html) and the small maps on offer and town pages draw over it: a marker per place where
offers are, places closer than a marker's size grouped into one marker with a count.

Everything is drawn at build time; a page embeds the base map as an image inside its own SVG and
draws its markers on top, so no page carries the borders twice and no request leaves the site.

The projection is equirectangular around the map's middle latitude (x = longitude × cos φ₀):
over a county of 50 km its scale errs by well under one per cent, less than a marker's width,
and it needs no projection library at build time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .model import CountyMap, Location, Offer, Polygon

WIDTH = 1000  # the map's width in its own units (viewBox); the height follows from the county
MARGIN = 0.04  # of the width, around the county
GROUP_DISTANCE = 36  # markers closer than this (map units) become one group (a marker is 28 to 42 wide)
BASE_FILE = "karte/kreis.svg"


def town_file(slug: str) -> str:
    return f"karte/kreis-{slug}.svg"


class Projection:
    """(lon, lat) → (x, y) in map units, the county filling the width."""

    def __init__(self, county_map: CountyMap):
        points = [p for polygon in county_map.outline for ring in polygon for p in ring]
        for town in county_map.towns.values():
            points += [p for polygon in town.polygons for ring in polygon for p in ring]
            if town.label:
                points.append(town.label)
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        spread = max(east - west, north - south, 0.02)  # a lone town's centre still gets a map around it
        if not county_map.outline and not any(t.polygons for t in county_map.towns.values()):
            pad = spread * 0.15  # points only: room for their names
            west, east, south, north = west - pad, east + pad, south - pad, north + pad
        self.cos = math.cos(math.radians((south + north) / 2))
        self.west, self.north = west, north
        inner = (east - west) * self.cos
        self.scale = WIDTH * (1 - 2 * MARGIN) / max(inner, 1e-9)
        self.margin = WIDTH * MARGIN
        self.height = round((north - south) * self.scale + 2 * self.margin)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - self.west) * self.cos * self.scale + self.margin, 1),
                round((self.north - lat) * self.scale + self.margin, 1))

    def inside(self, x: float, y: float) -> bool:
        return 0 <= x <= WIDTH and 0 <= y <= self.height


def _path(polygons: tuple[Polygon, ...], projection: Projection) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [projection.xy(*p) for p in ring[:-1]]
            parts.append("M" + " ".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


def base_svg(county_map: CountyMap, projection: Projection, title: str, highlight: str | None = None) -> str:
    """The base map as a standalone SVG file (shown as an image, so with its own colours and fonts)."""
    height = projection.height
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
           f"<title>{escape(title)}</title>"]
    if county_map.outline:
        out.append(f'<path id="kreis" d="{_path(county_map.outline, projection)}" fill="#f3f1ea" fill-rule="evenodd"/>')
    for town in county_map.towns.values():
        if town.polygons:
            fill = "#dcebf7" if town.slug == highlight else "none"
            out.append(f'<path id="ort-{town.slug}" d="{_path(town.polygons, projection)}" fill="{fill}" fill-rule="evenodd" '
                       'stroke="#9a9486" stroke-width="1.5" stroke-linejoin="round"/>')
    if county_map.outline:
        out.append(f'<path d="{_path(county_map.outline, projection)}" fill="none" stroke="#5c574c" stroke-width="3" stroke-linejoin="round"/>')
    for town in county_map.towns.values():
        if not town.label:
            continue
        x, y = projection.xy(*town.label)
        if not town.polygons:  # only the centre is known: a point, the name beside it
            out.append(f'<circle cx="{x:g}" cy="{y:g}" r="6" fill="#5c574c"/>')
            y -= 14
        weight = "700" if town.slug == highlight else "400"
        out.append(f'<text x="{x:g}" y="{y:g}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="22" '
                   f'font-weight="{weight}" fill="#3b372f" stroke="#fff" stroke-width="5" stroke-linejoin="round" '
                   f'paint-order="stroke">{escape(town.name)}</text>')
    if county_map.attribution:
        out.append(f'<text x="{WIDTH - 8}" y="{height - 8}" text-anchor="end" font-family="DejaVu Sans, sans-serif" '
                   f'font-size="14" fill="#4a463e">{escape(county_map.attribution)}</text>')
    out.append("</svg>\n")
    return "\n".join(out)


@dataclass
class Marker:
    """One marker: a place where offers are, or several places close together (a group)."""

    x: float
    y: float
    entries: list[tuple[Offer, Location]] = field(default_factory=list)
    number: int = 0  # in the page's order, for the list's anchors

    @property
    def offers(self) -> list[Offer]:
        seen = {}
        for offer, _ in self.entries:
            seen.setdefault(offer.slug, offer)
        return list(seen.values())

    @property
    def addresses(self) -> list[str]:
        return list(dict.fromkeys(location.street or location.name or location.city for _, location in self.entries))


@dataclass
class MapSection:
    """The list beside the map: the markers of one town (heading), in the map's order."""

    name: str
    anchor: str
    markers: list[Marker]


@dataclass
class MapView:
    width: int
    height: int
    markers: list[Marker]
    sections: list[MapSection]
    unlocated: int  # offers of the page without a place on the map
    outside: int  # places whose coordinates lie beyond the map

    @property
    def offer_count(self) -> int:
        return len({offer.slug for marker in self.markers for offer in marker.offers})


def located(offer: Offer) -> list[Location]:
    return [loc for loc in offer.locations if loc.lat is not None and loc.lon is not None]


def view(offers: list[Offer], county_map: CountyMap, projection: Projection, town_order: dict[str, int]) -> MapView:
    """The markers and the list of a map page showing ``offers``."""
    points, outside = [], 0
    for offer in offers:
        for location in located(offer):
            x, y = projection.xy(location.lon, location.lat)
            if projection.inside(x, y):
                points.append((x, y, offer, location))
            else:
                outside += 1
    # the town of a place: by its address's town name
    key = lambda p: (town_order.get(p[3].city.casefold(), len(town_order)), p[3].city, p[3].street, p[2].slug)  # noqa: E731
    points.sort(key=key)
    markers: list[Marker] = []
    for x, y, offer, location in points:
        near = next((m for m in markers if math.hypot(m.x - x, m.y - y) < GROUP_DISTANCE), None)
        if near is None:
            near = Marker(x, y)
            markers.append(near)
        near.entries.append((offer, location))
    for marker in markers:  # a group stands in the middle of its places
        xs = {(round(loc_x, 1), round(loc_y, 1)) for loc_x, loc_y in (projection.xy(l.lon, l.lat) for _, l in marker.entries)}
        marker.x = round(sum(p[0] for p in xs) / len(xs), 1)
        marker.y = round(sum(p[1] for p in xs) / len(xs), 1)
    sections: dict[str, MapSection] = {}
    for number, marker in enumerate(markers, start=1):
        marker.number = number
        city = marker.entries[0][1].city
        slug = next((s for s, t in county_map.towns.items() if t.name.casefold() == city.casefold()), None)
        anchor = f"ort-{slug}" if slug else f"ort-{number}"
        sections.setdefault(city.casefold(), MapSection(city, anchor, [])).markers.append(marker)
    return MapView(WIDTH, projection.height, markers, list(sections.values()),
                   unlocated=sum(1 for o in offers if not located(o)), outside=outside)


def points(offers: list[Offer], projection: Projection, town: str | None = None) -> list[tuple[float, float]]:
    """The places of offers on the map (small maps: no groups, no links), each once; with town,
    only those whose address is in that town."""
    found = []
    for offer in offers:
        for location in located(offer):
            if town is not None and location.city.casefold() != town.casefold():
                continue
            x, y = projection.xy(location.lon, location.lat)
            if projection.inside(x, y) and (x, y) not in found:
                found.append((x, y))
    return found
