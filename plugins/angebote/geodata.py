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
from pathlib import Path

from .frontmatter import Problem
from .model import CountyMap, MapArea, Taxonomy

MAX_BYTES = 2 * 1024 * 1024  # a county's simplified borders need some 50 KiB
MAX_POSITIONS = 100_000


class MapFailed(Exception):
    """The map file is wrong; ``problem`` says where and what (load_map)."""

    problem: Problem


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
    raw = Path(path).read_bytes()
    if len(raw) > MAX_BYTES:
        raise MapFailed(f"Die Datei ist größer als {MAX_BYTES // 1024 // 1024} MiB; bitte die Grenzen vereinfachen (tools/geodaten.py).")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise MapFailed("Die Datei ist nicht in UTF-8 gespeichert.") from None
    except json.JSONDecodeError as error:
        raise MapFailed(f"Zeile {error.lineno}: kein gültiges JSON ({error.msg}).") from None
    except RecursionError:
        raise MapFailed("Die Datei ist zu tief verschachtelt.") from None
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
    except OSError as error:
        message = f"Die Karte (ANGEBOTE_MAP) kann nicht gelesen werden: {error.strerror}."
    except MapFailed as error:
        message = f"Karte: {error}"
    failed = MapFailed(message)
    failed.problem = Problem(str(path), 1, message)
    raise failed
