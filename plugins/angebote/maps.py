"""The map: karte/kreis.svg (the county's outline, its towns' borders and names, the attribution),
one copy per town with that town marked (karte/kreis-<town>.svg), and what the map pages
(karte.html) and the small maps on offer and town pages draw over it: a marker per place where
offers are, places closer than a marker's size grouped into one marker with a count.

Everything is drawn at build time; a page shows the base map as an image and draws its markers
over it, so no page carries the borders twice and no request leaves the site. The map pages' markers
are drawn in CSS pixels at their place (a percentage of the map), whatever the map's size on the
screen: a dot of at least 24 px in a hit area of 44 px. The towns' names are set where no marker
of any map page covers them on a phone (:func:`place_labels`).

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
BASE_FILE = "karte/kreis.svg"
# The map pages' markers in CSS pixels: a dot (a group's larger, with its count) in a white ring, and
# around it an invisible hit area 44 px across (WCAG 2.5.5; 2.5.8 asks at least 24 px)
DOT_RADIUS, GROUP_RADIUS, RING, HIT_RADIUS = 13, 17, 1.5, 22
# The narrowest map a phone shows (a 360 px screen less the page's margins), in CSS pixels: markers
# closer than two groups' dots there become one group, and the towns' names keep clear of them
PHONE_MAP_WIDTH = 328
GROUP_DISTANCE = math.ceil(2 * (GROUP_RADIUS + RING) * WIDTH / PHONE_MAP_WIDTH)  # in map units
LABEL_SIZE = 22  # the towns' names, in map units
SMALL_DOT = 22.5  # the small maps' dots (r 20 and half their ring of 5: site.css), in map units


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

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        """The inverse of xy."""
        return ((x - self.margin) / (self.cos * self.scale) + self.west, self.north - (y - self.margin) / self.scale)

    def inside(self, x: float, y: float) -> bool:
        return 0 <= x <= WIDTH and 0 <= y <= self.height


def _path(polygons: tuple[Polygon, ...], projection: Projection) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [projection.xy(*p) for p in ring[:-1]]
            parts.append("M" + " ".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


def inside(point: tuple[float, float], polygons) -> bool:
    """Even-odd rule over every ring: is (lon, lat) inside the area?"""
    x, y = point
    found = False
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    found = not found
    return found


def _label_box(x: float, y: float, name: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) a town's name takes, in map units, centred on x with its baseline at
    y: wide enough for DejaVu Sans Bold (the highlighted town's), with its white halo."""
    half = 0.36 * LABEL_SIZE * len(name) + 3
    return x - half, y - 0.8 * LABEL_SIZE - 3, x + half, y + 0.25 * LABEL_SIZE + 3


def _covers(circle: tuple[float, float, float], box) -> bool:
    cx, cy, r = circle
    left, top, right, bottom = box
    dx, dy = cx - min(max(cx, left), right), cy - min(max(cy, top), bottom)
    return dx * dx + dy * dy < r * r


def place_labels(county_map: CountyMap, projection: Projection, markers) -> dict[str, tuple[float, float]]:
    """Where each town's name stands (its baseline's middle, in map units): at its label point unless
    a marker (x, y, radius in map units) or a name placed before would cover it there; then at the
    nearest point around it, inside the town where one is free, within the map."""
    placed: dict[str, tuple[float, float]] = {}
    boxes = []
    for town in county_map.towns.values():
        if not town.label:
            continue
        x0, y0 = projection.xy(*town.label)
        if not town.polygons:
            y0 -= 14  # the name above the town's point
        tried = [(x0, y0)] + [(x0 + d * dx, y0 + d * dy) for d in range(6, 301, 6)
                              for dx, dy in ((0, -1), (0, 1), (1, 0), (-1, 0), (.7, -.7), (-.7, -.7), (.7, .7), (-.7, .7))]
        free = []
        for x, y in tried:
            box = _label_box(x, y, town.name)
            if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > projection.height:
                continue
            if any(_covers(marker, box) for marker in markers) or any(not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1]) for b in boxes):
                continue
            free.append((x, y))
            if not town.polygons or inside(projection.lonlat(x, y), town.polygons):
                break
        else:  # nowhere free inside the town: the nearest free point outside it, else where it was
            free = free[:1] or [(x0, y0)]
        x, y = free[-1]
        placed[town.slug] = (round(x, 1), round(y, 1))
        boxes.append(_label_box(x, y, town.name))
    return placed


def base_svg(county_map: CountyMap, projection: Projection, title: str, highlight: str | None = None,
             labels: dict[str, tuple[float, float]] | None = None) -> str:
    """The base map as a standalone SVG file (shown as an image, so with its own colours and fonts);
    the towns' names where labels puts them (place_labels), else at their label points."""
    labels = labels or {}
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
        x, y = labels.get(town.slug, (x, y))
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

    @property
    def radius(self) -> int:
        """The dot's radius in CSS pixels: a group's is larger (it holds the count)."""
        return GROUP_RADIUS if len(self.offers) > 1 else DOT_RADIUS

    hit_radius = HIT_RADIUS


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

    def left(self, marker: Marker) -> str:
        """Where a marker stands across the map, as a percentage of its width (the markers are
        drawn over the map's image in CSS pixels, not in its units)."""
        return f"{marker.x / self.width * 100:.3f}%"

    def top(self, marker: Marker) -> str:
        return f"{marker.y / self.height * 100:.3f}%"


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


def town_order(taxonomy) -> dict[str, int]:
    """A town's place in the taxonomy, by its name as addresses write it (the map's list by town)."""
    return {t.label.casefold(): n for n, t in enumerate(taxonomy.towns.values())}


def filter_pages(offers: list[Offer], taxonomy) -> tuple[list[tuple[str, list[Offer], str | None, object]], dict[str, list]]:
    """The map pages, (path, their offers, filter kind, filter term): karte/ and one per age band and
    per life area with an offer on the map (the filters without JavaScript); and the filters (kind ->
    terms)."""
    pages = [("karte/", offers, None, None)]
    filters = {}
    for kind, terms, terms_of in (("alter", taxonomy.bands, lambda o: o.bands), ("bereiche", taxonomy.areas, lambda o: o.areas)):
        filters[kind] = []
        for term in terms.values():
            subset = [o for o in offers if term in terms_of(o)]
            if any(located(o) for o in subset):
                filters[kind].append(term)
                pages.append((f"karte/{kind}/{term.slug}/", subset, kind, term))
    return pages, filters


def marker_circles(offers: list[Offer], projection: Projection, views) -> list[tuple[float, float, float]]:
    """(x, y, radius) in map units of every marker of the map pages' views as a phone shows them (a
    map PHONE_MAP_WIDTH pixels wide), and of every small map's dot: what the towns' names keep clear of."""
    scale = WIDTH / PHONE_MAP_WIDTH
    circles = {(x, y, SMALL_DOT) for x, y in points(offers, projection)}
    for map_view in views:
        circles |= {(m.x, m.y, (m.radius + RING + 1) * scale) for m in map_view.markers}
    return sorted(circles)


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
