"""A full Pelican build of the sample data in angebote/, checked page by page."""

from __future__ import annotations

import re
from pathlib import Path

import vobject
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, offer_slugs, read_page


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


# Provider folders; "_vorlage" (templates) and other names with "_" are not data.
FOLDERS = [f for f in sorted((ROOT / "angebote").iterdir()) if f.is_dir() and not f.name.startswith("_")]
SAMPLE = {path.stem: front_matter(path) for folder in FOLDERS for path in folder.glob("*.md")}
TAXONOMY = yaml.safe_load((ROOT / "taxonomie.yml").read_text(encoding="utf-8"))
EXPIRED = {slug for slug, data in SAMPLE.items() if data.get("valid_until")}


def test_sample_data_is_broad_enough():
    providers = {f.name for f in FOLDERS}
    assert len(SAMPLE) >= 40 and len(providers) >= 10
    live = [d for slug, d in SAMPLE.items() if slug not in EXPIRED]
    assert {a for d in live for a in d["areas"]} == {a["slug"] for a in TAXONOMY["lebensbereiche"]}
    assert {t for d in live for t in d["municipalities"]} == {t["slug"] for t in TAXONOMY["orte"]}


def test_every_page_kind_is_written(sample_site):
    expected = ["", "traeger/", "alter/", "bereiche/", "orte/", "kontakte/", "impressum/", "datenschutz/", "barrierefreiheit/",
                "abdeckung/", "mitmachen/"]
    expected += [f"angebote/{slug}/" for slug in SAMPLE if slug not in EXPIRED]
    expected += [f"traeger/{f.name}/" for f in FOLDERS]
    expected += [f"alter/{b['slug']}/" for b in TAXONOMY["altersgruppen"]]
    expected += [f"bereiche/{a['slug']}/" for a in TAXONOMY["lebensbereiche"]]
    expected += [f"orte/{t['slug']}/" for t in TAXONOMY["orte"]]
    expected += [f"kontakte/{t['slug']}/" for t in TAXONOMY["orte"]]
    missing = [url for url in expected if not (sample_site / url / "index.html").is_file()]
    assert missing == []


def test_every_band_area_and_town_page_lists_offers(sample_site):
    for kind, key in (("alter", "altersgruppen"), ("bereiche", "lebensbereiche"), ("orte", "orte")):
        for term in TAXONOMY[key]:
            assert offer_slugs(read_page(sample_site, f"{kind}/{term['slug']}/")), f"{kind}/{term['slug']}"


def test_home_page_entries(sample_site):
    soup = read_page(sample_site, "")
    assert soup.find("h2", string="Wie alt ist Ihr Kind?")
    links = {a["href"] for a in soup.select("main a")}
    for kind, key in (("alter", "altersgruppen"), ("bereiche", "lebensbereiche"), ("orte", "orte")):
        assert {f"/{kind}/{t['slug']}/" for t in TAXONOMY[key]} <= links
    form = soup.select_one("main form[role=search]")
    assert form["action"] == "/suche/" and form["method"] == "get"
    field = form.select_one("input[type=search]")
    assert field["id"] == form.select_one("label")["for"]
    assert not form.select("[name]")  # nothing a submit could send (suchfeld.js puts the words after "#")


def test_offer_page(sample_site):
    soup = read_page(sample_site, "angebote/elterncafe-duelmen/")
    assert soup.h1.get_text() == "Elterncafé Dülmen"
    assert soup.find("a", href="tel:+492594894023") and soup.find("a", href="mailto:j.brueggemann@caritas.example.org")
    osm = soup.find("a", string=re.compile("OpenStreetMap"))
    assert osm["href"].startswith("https://www.openstreetmap.org/?mlat=51.831&mlon=7.279")
    assert soup.find("a", href="/traeger/caritas-coesfeld/")
    text = re.sub(r"\s+([,.])", r"\1", soup.get_text(" ", strip=True))
    assert "Zuletzt geprüft am 6. Oktober 2026." in text
    assert "Ab der Geburt bis zum 3. Geburtstag" in text
    assert "Deutsch, Arabisch, Ukrainisch" in text
    assert not soup.select(".notice")


def test_address_without_coordinates_links_to_a_map_search(sample_site):
    soup = read_page(sample_site, "traeger/caritas-coesfeld/")
    osm = soup.find("a", string=re.compile("OpenStreetMap"))
    assert osm["href"] == "https://www.openstreetmap.org/search?query=Osterwicker+Stra%C3%9Fe+12%2C+48653+Coesfeld"


def test_age_phrases(sample_site):
    def phrase(slug):
        return read_page(sample_site, f"angebote/{slug}/").select_one("dl.facts dd").get_text(" ", strip=True)

    assert phrase("pekip-kurs").startswith("Ab 1 Monat bis zum 1. Geburtstag")
    assert phrase("fruehfoerderung-caritas").startswith("Ab der Geburt bis zum Alter von 6½ Jahren")
    assert phrase("geburtsvorbereitung") == "In der Schwangerschaft"
    assert phrase("familienhebammen-fruehe-hilfen") == "In der Schwangerschaft und ab der Geburt bis zum 1. Geburtstag"
    assert phrase("schuldnerberatung") == "Ab 18 Jahren"


def test_stale_offer_says_so(sample_site):
    stale = read_page(sample_site, "angebote/starke-eltern-starke-kinder/")
    assert "seit über einem Jahr nicht geprüft" in stale.select_one(".notice").get_text()


def test_county_wide_offers_on_every_town_page(sample_site):
    county_wide = {slug for slug, d in SAMPLE.items() if d["municipalities"] == ["kreisweit"] and slug not in EXPIRED}
    assert len(county_wide) >= 5
    for town in TAXONOMY["orte"]:
        assert county_wide <= set(offer_slugs(read_page(sample_site, f"orte/{town['slug']}/"))) | {
            # groups longer than the limit show the rest on their own list pages
            slug for group in (sample_site / "orte" / town["slug"]).glob("*/index.html")
            for slug in offer_slugs(BeautifulSoup(group.read_text(encoding="utf-8"), "html.parser"))
        }


def test_town_page_leaves_out_other_towns(sample_site):
    coesfeld = set(offer_slugs(read_page(sample_site, "orte/coesfeld/")))
    assert "elterncafe-duelmen" not in coesfeld
    assert "erziehungsberatungsstelle-coesfeld" in coesfeld


def test_band_boundaries_in_sample(sample_site):
    assert "elterncafe-duelmen" in offer_slugs(read_page(sample_site, "alter/0-3/"))  # age_to: 3
    assert "elterncafe-duelmen" not in offer_slugs(read_page(sample_site, "alter/3-6/"))
    assert "schwangerschaftsberatung-gesundheitsamt" in offer_slugs(read_page(sample_site, "alter/schwangerschaft/"))


def test_expired_offer_is_nowhere(sample_site):
    assert EXPIRED == {"ferienfreizeit-2025"}
    assert not (sample_site / "angebote" / "ferienfreizeit-2025").exists()
    title = SAMPLE["ferienfreizeit-2025"]["title"]
    hits = [p for p in sample_site.rglob("*") if p.is_file() and p.suffix in (".html", ".vcf", ".json", ".js")
            and (title in p.read_text(encoding="utf-8") or "ferienfreizeit-2025" in p.read_text(encoding="utf-8"))]
    assert hits == []


def test_contacts_by_town_and_area_with_vcards(sample_site):
    soup = read_page(sample_site, "kontakte/coesfeld/")
    sections = {s.h2.get_text(): s for s in soup.select("section.contact-group")}
    assert list(sections) == [a["label"] for a in TAXONOMY["lebensbereiche"] if a["label"] in sections]
    names = soup.get_text(" ")
    assert "Dr. Katrin Mertens" in sections["Beratung"].get_text(" ")  # Coesfeld offer
    assert "Sabine Roßmann" in sections["Gesundheit"].get_text(" ")  # county-wide offer
    assert "Julia Brüggemann" not in names  # Dülmen only
    for link in soup.select("a.vcard"):
        card = vobject.readOne((sample_site / link["href"].lstrip("/")).read_text(encoding="utf-8"))
        assert card.fn.value
    card = vobject.readOne((sample_site / "kontakte/vcard/sabine-rossmann.vcf").read_text(encoding="utf-8"))
    assert card.tel.value == "+492541185221"
    assert card.email.value == "s.rossmann@example.org"
    assert card.org.value == ["Kreis Coesfeld – Jugendamt"]


def test_contact_overview_links_every_town(sample_site):
    links = {a["href"] for a in read_page(sample_site, "kontakte/").select("main a")}
    assert {f"/kontakte/{t['slug']}/" for t in TAXONOMY["orte"]} <= links


