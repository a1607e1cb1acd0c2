"""The map (karte/): drawn at build time as SVG over the county's borders (karte.geojson), a marker
per place with offers, groups with a count, filters as pages and in place, the list beside it;
small maps on offer and town pages; a broken map file is a German error."""

from __future__ import annotations

import json
import re
from functools import reduce
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from shapely.geometry import Point, Polygon, shape

from conftest import ROOT, TODAY, VALID_PROVIDER, offer, read_page, run_build, run_check, write_data

from angebote.read import read_directory  # noqa: E402

GEOJSON = json.loads((ROOT / "karte.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def directory():
    return read_directory({"ANGEBOTE_PATH": str(ROOT / "angebote"), "ANGEBOTE_TAXONOMY": str(ROOT / "taxonomie.yml"),
                           "ANGEBOTE_TODAY": TODAY.isoformat(), "ANGEBOTE_MAP": str(ROOT / "karte.geojson")})


def located(offers):
    return {o.slug for o in offers if any(loc.lat is not None for loc in o.locations)}


def drawn_shapes(svg_text: str) -> dict[str, object]:
    """The paths of the base map as shapely areas in map units, by id (rings combined even-odd)."""
    shapes = {}
    for ident, d in re.findall(r'<path id="([^"]+)" d="([^"]+)"', svg_text):
        rings = []
        for part in re.findall(r"M([^MZ]+)Z", d):
            numbers = [float(n) for n in part.split()]
            rings.append(Polygon(list(zip(numbers[::2], numbers[1::2]))))
        shapes[ident] = reduce(lambda a, b: a.symmetric_difference(b), rings)
    return shapes


def markers(page):
    """(href, x, y in map units, count shown or None, accessible name) of each marker of a map page
    (drawn over the map's image at a percentage of its width and height)."""
    image = page.select_one("figure.map img.map-base")
    width, height = float(image["width"]), float(image["height"])

    def units(value: str, size: float) -> float:
        assert value.endswith("%"), value
        return float(value[:-1]) / 100 * size

    return [(a["href"], units(a.select_one("circle.marker-dot")["cx"], width), units(a.select_one("circle.marker-dot")["cy"], height),
             int(a.find("text").get_text()) if a.find("text") else None, a["aria-label"]) for a in page.select("svg.map-svg a.marker")]


def listed(page, number: int) -> list[str]:
    return [a["href"].strip("/").split("/")[-1] for a in page.select(f"#stelle-{number} li > a")]


def test_every_located_offer_has_a_marker_inside_its_town_and_every_marker_links(sample_site, directory):
    page = read_page(sample_site, "karte/")
    drawn = drawn_shapes((sample_site / "karte" / "kreis.svg").read_text(encoding="utf-8"))
    towns = {t.label: slug for slug, t in directory.taxonomy.towns.items()}
    by_slug = {o.slug: o for o in directory.offers}
    reached, groups = set(), 0
    for href, x, y, count, name in markers(page):
        assert drawn["kreis"].contains(Point(x, y)), href
        if href.startswith("#stelle-"):
            groups += 1
            members = listed(page, int(href.removeprefix("#stelle-")))
            assert count == len(members) > 1 and name.startswith(f"{count} Angebote")
            reached.update(members)
        else:  # one offer: the marker stands on its place, inside the drawn borders of its town
            slug = href.strip("/").split("/")[-1]
            assert (sample_site / href.lstrip("/") / "index.html").exists() and count is None
            assert name == by_slug[slug].title
            city = next(loc.city for loc in by_slug[slug].locations if loc.lat is not None)
            assert drawn[f"ort-{towns[city]}"].contains(Point(x, y)), (slug, city)
            reached.add(slug)
    assert reached == located(directory.offers) and len(reached) >= 10
    assert groups >= 2  # Coesfeld's three places near the station, Dülmen's three in the centre


def test_every_place_lies_in_the_county_and_in_the_town_of_its_address(directory):
    """Against the official borders (karte.geojson) in degrees, with shapely: no swapped lat/lon,
    no place in the wrong town."""
    county = next(shape(f["geometry"]) for f in GEOJSON["features"] if f["properties"]["art"] == "kreis")
    towns = {f["properties"]["name"]: shape(f["geometry"]) for f in GEOJSON["features"] if f["properties"]["art"] == "ort"}
    places = [(o.slug, loc) for o in directory.offers for loc in o.locations if loc.lat is not None]
    assert places
    for slug, loc in places:
        point = Point(loc.lon, loc.lat)
        assert county.contains(point), slug
        assert towns[loc.city].contains(point), (slug, loc.city)


def test_the_list_beside_the_map_has_the_same_offers_by_town(sample_site, directory):
    page = read_page(sample_site, "karte/")
    sections = page.select("section.map-list section.map-town")
    assert [s.h3.get_text() for s in sections][:2] == ["Ascheberg", "Coesfeld"]  # the taxonomy's order
    in_list = {a["href"].strip("/").split("/")[-1] for a in page.select(".map-place li > a")}
    assert in_list == located(directory.offers)
    assert page.select_one("#kartenstatus").get_text(strip=True) == f"{len(in_list)} Angebote mit Adresse auf der Karte."
    unlocated = len(directory.offers) - len(in_list)
    assert f"{unlocated} Angebote haben keine Adresse mit Koordinaten" in page.get_text()
    caption = page.select_one("figure.map figcaption")
    assert "© GeoBasis-DE / BKG 2017" in caption.get_text() and caption.a["href"].startswith("https://")


@pytest.mark.parametrize("path, kind", [("karte/alter/0-3/", "bands"), ("karte/bereiche/sprache/", "areas"),
                                        ("ar/karte/alter/10-18/", "bands")])
def test_each_filter_is_a_page_of_its_own(sample_site, directory, path, kind):
    slug = path.rstrip("/").split("/")[-1]
    page = read_page(sample_site, path)
    expected = located(o for o in directory.offers if slug in {t.slug for t in getattr(o, kind)})
    shown = {a["href"].strip("/").split("/")[-1] for a in page.select(".map-place li > a")}
    assert shown == expected and expected
    in_markers = set()
    for href, *_ in markers(page):
        in_markers.update(listed(page, int(href[8:])) if href.startswith("#") else [href.strip("/").split("/")[-1]])
    assert in_markers == expected
    current = page.select('.map-filters a[aria-current="page"]')
    assert [a["data-value"] for a in current] == ([slug, ""] if kind == "bands" else ["", slug])


def test_small_maps_on_offer_and_town_pages(sample_site):
    offer_page = read_page(sample_site, "angebote/erziehungsberatungsstelle-coesfeld/")
    small = offer_page.select_one("svg.map-small")
    assert small["role"] == "img" and small["aria-label"] and small.image["href"] == "/karte/kreis.svg"
    assert len(small.select("circle")) == 1
    assert read_page(sample_site, "angebote/pekip-kurs/").select_one("svg.map-small") is not None
    assert read_page(sample_site, "angebote/familienhebammen-fruehe-hilfen/").select_one("svg.map-small") is None  # no place
    town = read_page(sample_site, "orte/coesfeld/").select_one("svg.map-small")
    assert town.image["href"] == "/karte/kreis-coesfeld.svg" and len(town.select("circle")) == 3
    highlighted = (sample_site / "karte" / "kreis-coesfeld.svg").read_text(encoding="utf-8")
    assert re.search(r'id="ort-coesfeld" d="[^"]+" fill="#dcebf7"', highlighted)
    assert read_page(sample_site, "").select_one('.site-nav a[href="/karte/"]').get_text() == "Karte"


def visible_offers(page):
    return set(page.locator(".map-place li:visible > a").evaluate_all("els => els.map(e => e.getAttribute('href').split('/').slice(-2)[0])"))


def test_filters_combine_in_place_with_javascript(page, server, directory):
    page.goto(f"{server}/karte/")
    page.click(".map-filters-box > summary")  # on a phone the filters are folded away
    page.click('.map-filters a[data-filter="alter"][data-value="0-3"]')
    expect(page).to_have_url(f"{server}/karte/#alter=0-3")
    page.click('.map-filters a[data-filter="bereiche"][data-value="erziehung"]')
    expect(page).to_have_url(f"{server}/karte/#alter=0-3&bereiche=erziehung")
    expected = located(o for o in directory.offers if "0-3" in {b.slug for b in o.bands} and "erziehung" in {a.slug for a in o.areas})
    assert visible_offers(page) == expected and 0 < len(expected) < len(located(directory.offers))
    expect(page.locator("#kartenstatus")).to_have_text(f"{len(expected)} {'Angebot' if len(expected) == 1 else 'Angebote'} mit Adresse auf der Karte.")
    shown_markers = page.locator("svg.map-svg a.marker:visible")
    assert 0 < shown_markers.count() < page.locator("svg.map-svg a.marker").count()
    assert page.locator('.map-filters a[aria-current="page"]').evaluate_all("els => els.map(e => e.dataset.value)") == ["0-3", "erziehung"]
    page.go_back()
    expect(page).to_have_url(f"{server}/karte/#alter=0-3")
    assert visible_offers(page) == located(o for o in directory.offers if "0-3" in {b.slug for b in o.bands})
    # on a band's own page, the other band widens beyond what the page holds: the full map, the area kept
    page.goto(f"{server}/karte/bereiche/erziehung/")
    page.click(".map-filters-box > summary")
    page.click('.map-filters a[data-filter="alter"][data-value="0-3"]')
    expect(page).to_have_url(f"{server}/karte/bereiche/erziehung/#alter=0-3")
    assert visible_offers(page) == expected
    page.click('.map-filters a[data-filter="bereiche"][data-value=""]')
    expect(page).to_have_url(f"{server}/karte/#alter=0-3")


def test_without_javascript_the_filter_links_open_their_pages_and_nothing_leaves_the_site(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    try:
        page.goto(f"{server}/karte/")
        page.click(".map-filters-box > summary")  # folded on a phone: a <details>, no script needed
        page.click('.map-filters a[data-filter="bereiche"][data-value="sprache"]')
        expect(page).to_have_url(f"{server}/karte/bereiche/sprache/")
        page.click("svg.map-svg a.marker >> nth=0")
        assert "/angebote/" in page.url or "#stelle-" in page.url
        page.goto(f"{server}/angebote/erziehungsberatungsstelle-coesfeld/")
        assert page.locator("svg.map-small image").evaluate("i => i.getBBox().width") > 0
    finally:
        context.close()
    assert hosts == {urlsplit(server).netloc}


# ------------------------------------------------------------------ on a phone


def map_page_paths(sample_site) -> list[str]:
    """/karte/ and every filter's own page."""
    page = read_page(sample_site, "karte/")
    return ["/karte/"] + sorted({a["href"] for a in page.select(".map-filters a[data-value]") if a["data-value"]})


def town_name_boxes(page, server) -> list[tuple[str, float, float, float, float]]:
    """Each town's name in the base map (karte/kreis.svg, read in the browser), in map units."""
    page.goto(f"{server}/karte/kreis.svg")
    return page.evaluate("""() => Array.from(document.querySelectorAll('text'))
        .filter(t => t.getAttribute('font-size') === '22')
        .map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; })""")


def test_markers_on_a_phone_are_big_enough_to_tap_and_cover_no_town_name(browser, server, sample_site):
    """At 390 px, on the map and on every filter's page: each marker shows a dot of at least 24 px in
    a hit area of 44 px, and no marker's dot covers any part of a town's name."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    names = town_name_boxes(page, server)
    assert len(names) == 11
    problems = []
    for path in map_page_paths(sample_site):
        page.goto(f"{server}{path}")
        found = page.evaluate("""() => {
            const image = document.querySelector('figure.map img.map-base').getBoundingClientRect();
            const width = Number(document.querySelector('figure.map img.map-base').getAttribute('width'));
            return {scale: image.width / width, left: image.left, top: image.top,
                markers: Array.from(document.querySelectorAll('svg.map-svg a.marker')).map(a => {
                    const dot = a.querySelector('.marker-dot').getBoundingClientRect();
                    const hit = a.querySelector('.marker-hit').getBoundingClientRect();
                    const x = dot.left + dot.width / 2, y = dot.top + dot.height / 2;
                    const ring = parseFloat(getComputedStyle(a.querySelector('.marker-dot')).strokeWidth) / 2;
                    const taps = [[0, 0], [20, 0], [-20, 0], [0, 20], [0, -20]].map(([dx, dy]) =>
                        (document.elementFromPoint(x + dx, y + dy) || document.body).closest('a.marker') !== null);
                    const centre = (document.elementFromPoint(x, y) || document.body).closest('a.marker') === a;
                    return {href: a.getAttribute('href'), x: x, y: y, r: dot.width / 2 + ring, dot: [dot.width, dot.height],
                            hit: [hit.width, hit.height], taps: taps, centre: centre};
                })};
        }""")
        assert found["markers"], path
        for marker in found["markers"]:
            if min(marker["dot"]) < 24 or min(marker["hit"]) < 43.9 or not all(marker["taps"]) or not marker["centre"]:
                problems.append((path, marker))
            for name, left, top, right, bottom in names:  # the name's box on the screen
                box = [found["left"] + left * found["scale"], found["top"] + top * found["scale"],
                       found["left"] + right * found["scale"], found["top"] + bottom * found["scale"]]
                dx = marker["x"] - min(max(marker["x"], box[0]), box[2])
                dy = marker["y"] - min(max(marker["y"], box[1]), box[3])
                if dx * dx + dy * dy < marker["r"] ** 2:
                    problems.append((path, marker["href"], "covers", name))
    context.close()
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("url", ["/karte/", "/ar/karte/alter/0-3/"])
def test_on_a_phone_the_filters_fold_away_and_the_map_starts_on_the_first_screen(browser, server, url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}{url}")
    top = page.locator("figure.map img.map-base").bounding_box()["y"]
    assert top < 844 - 200, top  # at least 200 px of the map on the first screen
    links = page.locator(".map-filters a[data-filter]")
    expect(links.first).to_be_hidden()
    page.click(".map-filters-box > summary")
    expect(links.first).to_be_visible()
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}{url}")
    expect(page.locator(".map-filters-box > summary")).to_be_hidden()  # wide: the filters always show
    expect(page.locator(".map-filters a[data-filter]").first).to_be_visible()
    context.close()


@pytest.mark.parametrize("content, message", [
    ("{kaputt", "Karte: kein gültiges JSON"),
    ('{"type": "FeatureCollection", "features": []}', "„namensnennung“ fehlt"),
    ('{"type": "FeatureCollection", "namensnennung": "x", "features": [{"properties": {"art": "ort", "slug": "paris"}, '
     '"geometry": {"type": "Point", "coordinates": [2, 48]}}]}', "„paris“ ist kein Ort in taxonomie.yml"),
    ('{"type": "FeatureCollection", "namensnennung": "x", "features": [{"properties": {"art": "kreis"}, '
     '"geometry": {"type": "Polygon", "coordinates": [[[7, 51], [7.1, 51], [7, 51.1], [7, 51]]]}}, '
     '{"properties": {"art": "ort", "slug": "olfen"}, "geometry": {"type": "Point", "coordinates": [7, 51]}}]}',
     "„geometry“ muss ein Polygon oder MultiPolygon sein"),
    ('{"type": "FeatureCollection", "namensnennung": "x", "features": [{"properties": {"art": "kreis"}, '
     '"geometry": {"type": "Polygon", "coordinates": [[[51, 700], [7.1, 51], [7, 51.1], [51, 700]]]}}]}',
     "jeder Punkt ist [Länge, Breite] in Grad"),
    ("[" * 100_000, "zu tief verschachtelt"),
])
def test_a_broken_map_file_is_a_german_error_without_traceback(tmp_path, content, message):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    (folder / "karte.geojson").write_text(content, encoding="utf-8")
    result = run_check(folder, f"ANGEBOTE_MAP={folder / 'karte.geojson'}")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert any("karte.geojson:1: " in row and message in row for row in result.stdout.splitlines()), result.stdout


def test_without_borders_the_towns_are_points_from_the_taxonomy_and_without_them_there_is_no_map(tmp_path):
    taxonomy = (ROOT / "taxonomie.yml").read_text(encoding="utf-8")
    with_points = taxonomy.replace("{slug: coesfeld, label: Coesfeld,", "{slug: coesfeld, label: Coesfeld, lat: 51.946, lon: 7.168,") \
                          .replace("{slug: olfen, label: Olfen,", "{slug: olfen, label: Olfen, lat: 51.708, lon: 7.381,")
    assert with_points != taxonomy
    (tmp_path / "taxonomie.yml").write_text(with_points, encoding="utf-8")
    located_offer = offer().replace("reviewed:", "locations:\n- city: Coesfeld\n  lat: 51.95\n  lon: 7.17\nreviewed:")
    data = write_data(tmp_path / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": located_offer})
    result = run_build(data, tmp_path / "site", f'ANGEBOTE_TAXONOMY="{tmp_path / "taxonomie.yml"}"', 'ANGEBOTE_MAP=""',
                       'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    base = (tmp_path / "site" / "karte" / "kreis.svg").read_text(encoding="utf-8")
    assert "<path" not in base and base.count("<circle") == 2 and ">Olfen</text>" in base
    assert len(markers(read_page(tmp_path / "site", "karte/"))) == 1
    result = run_build(data, tmp_path / "bare", 'ANGEBOTE_MAP=""', 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "bare" / "karte").exists()
    assert read_page(tmp_path / "bare", "").select_one('a[href="/karte/"]') is None


@pytest.mark.parametrize("lat, lon, message", [
    (7.17, 51.95, "außerhalb der Karte des Kreises: sind „lat“ und „lon“ vertauscht?"),
    (51.831, 7.279, "liegt nach „lat“ und „lon“ in Dülmen, nicht in Coesfeld"),
])
def test_make_check_points_at_a_place_off_its_town(tmp_path, lat, lon, message):
    folder = tmp_path / "repo"
    text = offer().replace("reviewed:", f"locations:\n- city: Coesfeld\n  lat: {lat}\n  lon: {lon}\nreviewed:")
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": text})
    result = run_check(folder)
    assert result.returncode == 0, result.stdout  # a hint, not an error
    assert any(row.startswith("angebote/t/a.md:8: Hinweis: ") and message in row for row in result.stdout.splitlines()), result.stdout
