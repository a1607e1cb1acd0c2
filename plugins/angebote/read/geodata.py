"""Reading the county's base map (ANGEBOTE_MAP): a GeoJSON FeatureCollection as
tools/geodaten.py writes it, checked like every other file of the data, with German messages.

    {"type": "FeatureCollection", "namensnennung": "© …", "lizenz": "…", "quelle": "…",
     "features": [{"properties": {"art": "kreis", "name": …}, "geometry": …},
                  {"properties": {"art": "ort", "slug": "<town of taxonomie.yml>", "name": …,
                                  "beschriftung": [lon, lat]}, "geometry": …}, …]}

Geometries are Polygon or MultiPolygon in WGS84. A town without a feature, or without a map file
at all, is drawn as its centre where taxonomie.yml gives its ``lat`` and ``lon``.
"""

from __future__ import annotations

import json
import math
import re

from .frontmatter import Problem, forbidden, read_county_file, read_text
from ..model import CountyMap, MapArea, Taxonomy

MAX_BYTES = 2 * 1024 * 1024  # a county's simplified borders need some 50 KiB
MAX_POSITIONS = 100_000
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


class MapFailed(Exception):
    """The map file is wrong, at ``line``; ``problem`` says where and what (load_map)."""

    problem: Problem

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def _held_character(data) -> tuple[str, str] | None:
    """The first character of the parsed file that no text may hold (validation's rule for every
    value: control characters, noncharacters, lone surrogates), in a key or a string: (where, it)."""
    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        at, value = stack.pop()
        texts = [(at, value)] if isinstance(value, str) else [(at + (key,), key) for key in value] if isinstance(value, dict) else []
        for where, text in texts:
            bad = forbidden(text, line_ends=False)
            if bad:
                return " → ".join(map(str, where)) or "Datei", bad.group()
        if isinstance(value, dict):
            stack.extend((at + (key,), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((at + (f"Nr. {index + 1}",), item) for index, item in reversed(list(enumerate(value)))
                         if not isinstance(item, (int, float)))
    return None


def _line_holding(text: str, character: str) -> int:
    """The line of the first string of the JSON text that holds character (written as it is or
    as an escape)."""
    for match in _JSON_STRING.finditer(text):
        try:
            held = character in json.loads(match.group())
        except ValueError:
            continue
        if held:
            return text.count("\n", 0, match.start()) + 1
    return 1


def lon_lat(lon, lat) -> tuple[float, float] | None:
    """(lon, lat) if both are numbers of the earth's range, else None."""
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lon, lat)):
        return None
    return (float(lon), float(lat)) if -180 <= lon <= 180 and -90 <= lat <= 90 else None


def _position(value):
    if isinstance(value, list) and len(value) == 2:
        return lon_lat(value[0], value[1])
    return None


def _polygons(geometry, where: str, counted: list) -> tuple:
    """The polygons of a GeoJSON Polygon or MultiPolygon; raises MapFailed naming where."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise MapFailed(f"{where}: „geometry“ muss ein Polygon oder MultiPolygon sein.")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise MapFailed(f"{where}: „coordinates“ fehlen.")
    result = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise MapFailed(f"{where}: ein Polygon braucht mindestens einen Ring.")
        rings = []
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise MapFailed(f"{where}: ein Ring braucht mindestens vier Punkte (der letzte gleich dem ersten).")
            counted[0] += len(ring)
            if counted[0] > MAX_POSITIONS:
                raise MapFailed(f"{where}: mehr als {MAX_POSITIONS} Punkte; bitte die Grenzen vereinfachen (tools/geodaten.py).")
            points = tuple(_position(p) for p in ring)
            if None in points:
                raise MapFailed(f"{where}: jeder Punkt ist [Länge, Breite] in Grad (WGS84), z. B. [7.168, 51.946].")
            if points[0] != points[-1]:
                raise MapFailed(f"{where}: ein Ring muss mit seinem ersten Punkt enden.")
            rings.append(points)
        result.append(tuple(rings))
    return tuple(result)


def _read(path: str, taxonomy: Taxonomy) -> CountyMap:
    raw, problems = read_county_file(path, MAX_BYTES, "Die Karte (ANGEBOTE_MAP)", " Die Grenzen vereinfacht tools/geodaten.py.")
    if raw is None:
        raise MapFailed(problems[0].message, problems[0].line)
    text, problems = read_text(raw, path)  # UTF-8 without control characters, as every file of the data
    if text is None:
        raise MapFailed(problems[0].message, problems[0].line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MapFailed(f"kein gültiges JSON ({error.msg}).", error.lineno) from None
    except RecursionError:
        raise MapFailed("Die Datei ist zu tief verschachtelt.") from None
    held = _held_character(data)
    if held is not None:
        where, character = held
        raise MapFailed(f"{where}: der Text enthält ein unsichtbares Steuerzeichen (U+{ord(character):04X}).",
                        _line_holding(text, character))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise MapFailed("Erwartet wird eine GeoJSON-FeatureCollection mit „features“.")
    attribution = data.get("namensnennung")
    if not isinstance(attribution, str) or not attribution.strip():
        raise MapFailed("„namensnennung“ fehlt: wem die Grenzen gehören, steht unter jeder Karte (z. B. „© GeoBasis-DE / BKG 2017“).")
    towns = {slug: t for slug, t in taxonomy.towns.items() if not t.county_wide}
    outline: tuple = ()
    areas: dict[str, MapArea] = {}
    counted = [0]
    for index, feature in enumerate(data["features"], start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or properties.get("art") not in ("kreis", "ort"):
            raise MapFailed(f"Feature {index}: „properties“ braucht „art“: kreis oder ort.")
        where = f"Feature {index}"
        if properties["art"] == "kreis":
            if outline:
                raise MapFailed(f"{where}: der Kreis steht zweimal in der Datei.")
            outline = _polygons(feature.get("geometry"), where, counted)
            continue
        slug = properties.get("slug")
        if slug not in towns:
            raise MapFailed(f"{where}: „{slug}“ ist kein Ort in taxonomie.yml (bekannt: {', '.join(towns)}).")
        if slug in areas:
            raise MapFailed(f"{where}: der Ort „{slug}“ steht zweimal in der Datei.")
        label = properties.get("beschriftung")
        label = _position(label) if label is not None else towns[slug].point
        areas[slug] = MapArea(slug, towns[slug].label, _polygons(feature.get("geometry"), f"{where} ({slug})", counted),
                              label or towns[slug].point)
    licence_url = data.get("lizenz_url") or ""
    if not isinstance(licence_url, str) or (licence_url and not licence_url.startswith("https://")):
        raise MapFailed("„lizenz_url“ ist eine https-Adresse.")
    return CountyMap(outline=outline, towns=_with_centres(areas, taxonomy), attribution=attribution.strip(),
                     licence=str(data.get("lizenz", "")).strip(), licence_url=licence_url,
                     source=str(data.get("quelle", "")).strip())


def _with_centres(areas: dict[str, MapArea], taxonomy: Taxonomy) -> dict[str, MapArea]:
    """The towns of the map file, and the others where taxonomie.yml gives their centre; in the
    taxonomy's order."""
    result = {}
    for slug, town in taxonomy.towns.items():
        if slug in areas:
            result[slug] = areas[slug]
        elif town.point is not None and not town.county_wide:
            result[slug] = MapArea(slug, town.label, (), town.point)
    return result


def load_map(path: str, taxonomy: Taxonomy) -> CountyMap | None:
    """The base map: from the file at path (if set), else from the towns' centres in taxonomie.yml;
    None where there is neither. Raises MapFailed with a German problem naming the file."""
    if not path:
        towns = _with_centres({}, taxonomy)
        return CountyMap(outline=(), towns=towns) if towns else None
    try:
        return _read(path, taxonomy)
    except MapFailed as error:
        failed = MapFailed(f"Karte: {error}", error.line)
    failed.problem = Problem(str(path), failed.line, str(failed))
    raise failed
