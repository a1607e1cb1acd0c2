"""The open data of daten/, checked with other people's validators (../shared/VALIDATORS.md):
HSDS 3.0 against Open Referral's own schemas (strict, as Open Referral checks its examples), as
answers of its OpenAPI description and as a frictionless data package; the pages' JSON-LD against
schema.org's vocabulary; the sitemap against its XSD; robots.txt with robotspy; the feeds with
feedparser and RFC 4287's rules; the spreadsheet with openpyxl."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import feedparser
import jsonschema
import openpyxl
import pytest
import rdflib
import xmlschema
from compiletojsonschema.compiletojsonschema import CompileToJsonSchema
from frictionless import Package
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from rdflib.namespace import RDF, RDFS
from extruct.jsonld import JsonLdExtractor

from conftest import (OTHER_LANGUAGES, ROOT, TODAY, VALID_PROVIDER, offer, read_page, run_build,
                      spreadsheet_reads_as_text_or_number, write_data)

from angebote import hsds  # noqa: E402
from angebote.settings import read_settings  # noqa: E402
from angebote.sitemap import PageLog, write_sitemaps  # noqa: E402
from angebote.structured_data import DAY_NAMES  # noqa: E402
from angebote.read import read_directory  # noqa: E402

HSDS = ROOT / "schema" / "hsds"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PUBLIC = "https://kreis-coesfeld.github.io/netzwerk-angebote"
LANGUAGES = ["de", *OTHER_LANGUAGES]
SDO = rdflib.Namespace("http://schema.org/")  # the terms as schema.org's JSON-LD context names them
SITEMAP_XSD = ROOT / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"


def sample_directory(**extra):
    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    settings.update(extra)
    return read_directory(settings), settings


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- HSDS as JSON Schema

@pytest.fixture(scope="module")
def strict():
    """Validators of Open Referral's schemas with additionalProperties false everywhere
    (compiletojsonschema, as Open Referral's own check of its examples)."""
    def validator(name: str):
        schema = CompileToJsonSchema(input_filename=str(HSDS / name),
                                     set_additional_properties_false_everywhere=True).get()
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    return {
        "services": validator("compiled/service.json"),
        "organizations": validator("compiled/organization.json"),
        "service_at_locations": validator("compiled/service_at_location.json"),
        "taxonomies": validator("taxonomy.json"),
        "taxonomy_terms": validator("taxonomy_term.json"),
    }


def schema_errors(strict, folder: Path) -> list[str]:
    """Every document below daten/hsds/ of a site, checked with its collection's schema."""
    errors = []
    for name in hsds.COLLECTIONS:
        files = sorted((folder / name).glob("*.json"))
        listed = load(folder / f"{name}.json")
        assert listed["total_items"] == listed["size"] == len(listed["contents"]) == len(files), name
        assert [listed["page_number"], listed["total_pages"], listed["first_page"], listed["last_page"]] == [1, 1, True, True]
        assert listed["empty"] is (not files)
        for path in files:
            doc = load(path)
            assert doc["id"] == path.stem
            errors += [f"{name}/{path.name} {e.json_path}: {e.message}" for e in strict[name].iter_errors(doc)]
    return errors


def test_every_hsds_document_of_the_sample_follows_the_strict_schemas(sample_site, strict):
    folder = sample_site / "daten" / "hsds"
    assert schema_errors(strict, folder) == []
    directory, _ = sample_directory()
    assert len(list((folder / "services").glob("*.json"))) == len(directory.offers)
    # the providers, and the coordination of each programme (its program's organization)
    assert len(list((folder / "organizations").glob("*.json"))) == len(directory.providers) + len(directory.taxonomy.programmes)


def test_every_hsds_document_of_1000_offers_follows_the_strict_schemas(synthetic_site, strict):
    folder = synthetic_site / "daten" / "hsds"
    assert schema_errors(strict, folder) == []
    assert len(list((folder / "services").glob("*.json"))) == 1000


def test_a_broken_mapping_fails_the_schemas(strict, monkeypatch):
    """The validators catch a wrong mapping: ages as text, an unknown property, a bad id, no status."""
    directory, _ = sample_directory()
    space = uuid.uuid4()

    def first_service(result):
        return next(d for d in result.services.values() if "minimum_age" in d)

    good = hsds.export(directory, space, page_url=lambda p: "", age_phrase=lambda o: "", state="NRW", country="DE")
    assert not list(strict["services"].iter_errors(first_service(good)))
    location = hsds._location

    def mapped_wrongly(*args, **kwargs):  # the locations' mapping broken: a type HSDS does not have
        return {**location(*args, **kwargs), "location_type": "Gebäude"}

    monkeypatch.setattr(hsds, "_location", mapped_wrongly)
    broken = hsds.export(directory, space, page_url=lambda p: "", age_phrase=lambda o: "", state="NRW", country="DE")
    assert any("location_type" in e.json_path for d in broken.services.values() for e in strict["services"].iter_errors(d))
    doc = first_service(good)
    for change in (lambda d: d.update(alter=3), lambda d: d.update(id="angebot-1"), lambda d: d.pop("status"),
                   lambda d: d["contacts"][0].update(email="kein-at-zeichen") if d.get("contacts") else d.update(url="kein url")):
        bad = copy.deepcopy(doc)
        change(bad)
        assert list(strict["services"].iter_errors(bad)), bad


def test_ids_are_uuid5_of_the_slugs_in_the_settings_namespace(sample_site):
    """The same offer keeps its id from one export to the next: it is derived, not drawn."""
    directory, settings = sample_directory()
    space = uuid.UUID(settings["ANGEBOTE_HSDS_NAMESPACE"])
    folder = sample_site / "daten" / "hsds"
    for offer_ in directory.offers:
        assert (folder / "services" / f"{uuid.uuid5(space, 'service/' + offer_.slug)}.json").exists()
    for provider in directory.providers:
        assert (folder / "organizations" / f"{uuid.uuid5(space, 'organization/' + provider.slug)}.json").exists()


def test_the_ids_are_the_standard_librarys_uuid5():
    """hsds.uuid5_text gives str(uuid.uuid5(…)) for any namespace and name (ASCII, umlauts,
    other scripts, emoji, empty)."""
    import random
    rng = random.Random(5)
    letters = "abcz09/-_ äöüß ÄÖÜ İı ض Ж 🙂\u200b"
    for _ in range(3000):
        space = uuid.UUID(int=rng.getrandbits(128))
        name = "".join(rng.choice(letters) for _ in range(rng.randrange(0, 40)))
        assert hsds.uuid5_text(space.bytes, name) == str(uuid.uuid5(space, name)), (space, name)


def test_a_namespace_that_is_no_uuid_stops_the_build(tmp_path):
    data = write_data(tmp_path / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    result = run_build(data, tmp_path / "site", 'ANGEBOTE_HSDS_NAMESPACE="kreis-coesfeld"', 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode != 0
    assert "ANGEBOTE_HSDS_NAMESPACE ist keine UUID" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


# ---------------------------------------------------------------- HSDS as an API

@pytest.fixture(scope="module")
def openapi():
    """Open Referral's openapi.json (pinned; its schema addresses resolved to the pinned files)."""
    text = (HSDS / "openapi.json").read_text(encoding="utf-8").replace(UPSTREAM, HSDS.as_uri() + "/")
    spec = json.loads(text)
    spec["servers"] = [{"url": "https://example.org"}]
    api = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None), base_uri=(HSDS / "openapi.json").as_uri())

    def answer(path: str, pattern: str, data) -> None:
        request = MockRequest("https://example.org", "get", path, path_pattern=pattern)
        api.validate_response(request, MockResponse(json.dumps(data).encode()))

    return answer


def test_every_file_is_the_answer_of_its_api_path(sample_site, openapi):
    folder = sample_site / "daten" / "hsds"
    index = load(folder / "index.json")
    openapi("/", "/", index)
    assert index["version"] == "3.0" and index["profile"] == f"{PUBLIC}/daten/"
    for name in hsds.COLLECTIONS:
        openapi(f"/{name}", f"/{name}", load(folder / f"{name}.json"))
        if name in ("taxonomies", "taxonomy_terms"):
            continue  # the 3.0 description has no /{id} paths for these; their schemas are checked above
        for path in sorted((folder / name).glob("*.json")):
            openapi(f"/{name}/{path.stem}", f"/{name}/{{id}}", load(path))


def test_the_api_check_catches_a_wrong_list_answer(sample_site, openapi):
    listed = load(sample_site / "daten" / "hsds" / "services.json")
    listed["contents"][0]["status"] = "offen"
    with pytest.raises(Exception, match="(?i)invalid"):
        openapi("/services", "/services", listed)


# ---------------------------------------------------------------- HSDS as tables

def unpack(site: Path, target: Path) -> Path:
    with zipfile.ZipFile(site / "daten" / "hsds" / "hsds-tabellen.zip") as archive:
        assert archive.testzip() is None
        archive.extractall(target)
    return target


def test_the_tables_are_a_valid_data_package(sample_site, tmp_path):
    folder = unpack(sample_site, tmp_path / "tabellen")
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]
    package = load(folder / "datapackage.json")
    names = {r["name"] for r in package["resources"]}
    assert {"organization", "service", "location", "service_at_location", "contact", "phone", "taxonomy",
            "taxonomy_term", "attribute", "service_area", "language"} <= names
    maximum = next(f for r in package["resources"] if r["name"] == "service" for f in r["schema"]["fields"] if f["name"] == "maximum_age")
    assert "Ausschließlich" in maximum["description"]
    assert package["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"


def test_the_data_package_check_catches_a_broken_table(sample_site, tmp_path):
    folder = unpack(sample_site, tmp_path / "tabellen")
    phones = folder / "phones.csv"
    rows = list(csv.reader(phones.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("contact_id")] = str(uuid.uuid4())  # a phone of nobody
    with phones.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert not Package(str(folder / "datapackage.json")).validate().valid


def read_tables(folder: Path) -> dict[str, list[dict]]:
    return {path.stem: list(csv.DictReader(path.open(encoding="utf-8", newline="")))
            for path in folder.glob("*.csv")}


def test_round_trip_recovers_every_offer_from_the_tables_and_the_api(sample_site, tmp_path):
    """Title, provider, towns, ages and each contact's phone and e-mail, read back without our code."""
    directory, _ = sample_directory()
    tables = read_tables(unpack(sample_site, tmp_path / "tabellen"))
    organizations = {r["id"]: r for r in tables["organizations"]}
    phones_by_contact = {}
    for row in tables["phones"]:
        phones_by_contact.setdefault(row["contact_id"], []).append(row["number"])
    by_name = {r["name"]: r for r in tables["services"]}
    assert len(by_name) == len(tables["services"]) == len(directory.offers)
    api = sample_site / "daten" / "hsds" / "services"
    for item in directory.offers:
        row = by_name[item.title]
        assert organizations[row["organization_id"]]["name"] == item.provider.name
        towns = sorted(a["name"] for a in tables["service_areas"] if a["service_id"] == row["id"])
        assert towns == (["Kreis Coesfeld"] if item.county_wide else sorted(t.label for t in item.towns))
        expected_ages = ("" if item.age_from is None else f"{item.age_from:g}",
                         "" if item.age_to is None or item.age_to >= 99 else f"{item.age_to:g}")
        assert (row["minimum_age"], row["maximum_age"]) == expected_ages, item.slug
        contacts = [c for c in tables["contacts"] if c["service_id"] == row["id"]]
        assert [(c["name"], c["email"]) for c in contacts] == [(c.name, c.email) for c in item.contacts]
        assert [phones_by_contact.get(c["id"], []) for c in contacts] == [
            [c.phone_uri.removeprefix("tel:")] if c.phone_uri else [] for c in item.contacts]
        nested = load(api / f"{row['id']}.json")
        assert nested["name"] == item.title and nested["organization"]["name"] == item.provider.name
        assert [p["number"] for c in nested.get("contacts", []) for p in c.get("phones", [])] == [
            c.phone_uri.removeprefix("tel:") for c in item.contacts if c.phone_uri]
        assert nested["assured_date"] == item.reviewed.isoformat()


def test_expired_offers_are_not_exported_or_in_the_sitemap(sample_site):
    directory, _ = sample_directory()
    assert directory.expired, "the sample data has an expired offer"
    names = {r["name"] for r in load(sample_site / "daten" / "hsds" / "services.json")["contents"]}
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    for item in directory.expired:
        assert item.title not in names
        assert f"/{item.url_path}<" not in sitemap


# ---------------------------------------------------------------- schema.org JSON-LD

@pytest.fixture(scope="module")
def vocabulary():
    graph = rdflib.Graph()
    graph.parse(ROOT / "tests" / "data" / "schemaorg" / "schemaorg-current-http.ttl", format="turtle")
    context = load(ROOT / "tests" / "data" / "schemaorg" / "schemaorgcontext.jsonld")["@context"]
    return graph, context


def superclasses(graph, cls) -> set:
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


def vocabulary_problems(graph: rdflib.Graph, data: rdflib.Graph) -> list[str]:
    """Every type a schema.org class, every property one whose domain includes the subject's type
    and whose range includes the value's type (Text for plain strings, Number for numbers)."""
    problems = []
    types = {}
    for subject, cls in data.subject_objects(RDF.type):
        if (cls, RDF.type, RDFS.Class) not in graph:
            problems.append(f"unknown type {cls}")
        types.setdefault(subject, set()).update(superclasses(graph, cls))
    literal_types = {str: {SDO.Text, SDO.URL}, int: {SDO.Number, SDO.Integer}, float: {SDO.Number, SDO.Float}}
    for subject, prop, value in data:
        if prop == RDF.type:
            continue
        if (prop, RDF.type, RDF.Property) not in graph:
            problems.append(f"unknown property {prop}")
            continue
        domains = set(graph.objects(prop, SDO.domainIncludes))
        if not domains & types.get(subject, set()):
            problems.append(f"{prop} not on {types.get(subject)}")
        ranges = set(graph.objects(prop, SDO.rangeIncludes))
        if isinstance(value, rdflib.Literal):
            kinds = literal_types.get(type(value.toPython()), {SDO.Text})
            if value.datatype is None or value.datatype == rdflib.XSD.string:
                kinds = {SDO.Text, SDO.URL}
            elif value.datatype in ranges:  # a typed value, e.g. {"@type": "Time", "@value": "09:00:00"}
                kinds = {value.datatype}
            ok = bool(ranges & kinds) or (SDO.Text in kinds and ranges & {SDO.Text, SDO.URL})
        else:
            # a node of the page's data, or a member of schema.org's vocabulary (schema:Monday)
            known = types.get(value) or {c for t in graph.objects(value, RDF.type) for c in superclasses(graph, t)}
            ok = bool(ranges & known) or SDO.URL in ranges
        if not ok:
            problems.append(f"{prop} = {value!r}: expects {sorted(str(r) for r in ranges)}")
    return problems


def json_ld(site: Path, url: str) -> list[dict]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    soup = read_page(site, url)
    blocks = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]  # strictly
    assert JsonLdExtractor().extract(html) == blocks
    return blocks


def as_graph(doc: dict, context) -> rdflib.Graph:
    return rdflib.Graph().parse(data=json.dumps({**doc, "@context": context}), format="json-ld")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_offer_pages_describe_the_offer_in_schema_org_terms(sample_site, vocabulary, lang):
    graph, context = vocabulary
    directory, _ = sample_directory()
    prefix = "" if lang == "de" else f"{lang}/"
    problems = []
    for item in directory.offers:
        [doc] = json_ld(sample_site, prefix + item.url_path)
        problems += [f"{item.slug}: {p}" for p in vocabulary_problems(graph, as_graph(doc, context))]
        assert doc["@type"] == "Service" and doc["url"] == f"{PUBLIC}/{prefix}{item.url_path}"
        assert doc["name"] == item.text_in("title", lang, "de")[0]
        assert doc["provider"]["name"] == item.provider.name
        served = [a["name"] for a in doc["areaServed"]]
        assert served == (["Kreis Coesfeld"] if item.county_wide else [t.labels.get(lang, t.label) for t in item.towns])
        if item.age_from is not None:
            assert doc["audience"]["suggestedMinAge"] == item.age_from
        if item.age_to is not None and item.age_to < 99:
            assert doc["audience"]["suggestedMaxAge"] == item.age_to
        for channel in doc["availableChannel"]:
            assert [language["alternateName"] for language in channel.get("availableLanguage", [])] == item.languages
        assert [(spec["dayOfWeek"], spec["opens"]["@value"][:5]) for spec in doc.get("hoursAvailable", [])] == [
            ([{"@id": f"schema:{DAY_NAMES[d]}"} for d in h.days], h.opens) for h in item.hours]
        phones = [c["servicePhone"].get("telephone") for c in doc.get("availableChannel", []) if "servicePhone" in c]
        assert [p for p in phones if p] == [c.phone_uri.removeprefix("tel:") for c in item.contacts if c.phone_uri]
    assert problems == []


def test_provider_pages_describe_the_provider(sample_site, vocabulary):
    graph, context = vocabulary
    directory, _ = sample_directory()
    for provider in directory.providers:
        [doc] = json_ld(sample_site, provider.url_path)
        assert doc["@type"] == "Organization" and doc["name"] == provider.name
        assert vocabulary_problems(graph, as_graph(doc, context)) == []


def test_the_vocabulary_check_catches_wrong_terms(vocabulary):
    graph, context = vocabulary
    good = {"@type": "Service", "name": "x", "audience": {"@type": "PeopleAudience", "suggestedMinAge": 3}}
    assert vocabulary_problems(graph, as_graph(good, context)) == []
    hours = {"@type": "OpeningHoursSpecification", "dayOfWeek": {"@id": "schema:Monday"}, "opens": {"@type": "Time", "@value": "09:00:00"}}
    assert vocabulary_problems(graph, as_graph({**good, "hoursAvailable": hours}, context)) == []
    for bad in ({**good, "@type": "Servise"}, {**good, "inLanguage": "de"},
                {**good, "hoursAvailable": {**hours, "dayOfWeek": {"@id": "schema:Monnday"}}},
                {**good, "hoursAvailable": {**hours, "opens": "9 Uhr"}},
                {**good, "audience": {"@type": "PeopleAudience", "suggestedMinAge": {"@type": "Place", "name": "drei"}}}):
        assert vocabulary_problems(graph, as_graph(bad, context)), bad


def test_json_ld_cannot_be_ended_by_provider_text(tmp_path):
    data = write_data(tmp_path / "angebote", {
        "t/traeger.yml": VALID_PROVIDER,
        "t/a.md": offer(title="'Treff </script><script>alert(1)</script> & mehr'"),
    })
    result = run_build(data, tmp_path / "site", 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    [doc] = json_ld(tmp_path / "site", "angebote/a/")
    assert doc["name"] == "Treff </script><script>alert(1)</script> & mehr"


# ---------------------------------------------------------------- sitemap and robots.txt

def sitemap_entries(path: Path) -> dict[str, dict]:
    xmlschema.XMLSchema(str(SITEMAP_XSD)).validate(str(path))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    return {
        url.findtext("s:loc", namespaces=ns): {
            "lastmod": url.findtext("s:lastmod", namespaces=ns),
            "alternates": {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)},
        }
        for url in root.findall("s:url", ns)
    }


def test_the_sitemap_lists_every_page_in_every_language_with_reciprocal_alternates(sample_site):
    entries = sitemap_entries(sample_site / "sitemap.xml")
    pages = {p.parent.relative_to(sample_site).as_posix(): p for p in sample_site.rglob("index.html")}
    # every page but those for no search engine: the offline worker's page of each language
    hidden = {path for path, file in pages.items() if '<meta name="robots" content="noindex">' in file.read_text(encoding="utf-8")}
    assert hidden == {f"{lang}/offline".removeprefix("de/") for lang in LANGUAGES}
    listed = {loc.removeprefix(PUBLIC + "/").rstrip("/") or "." for loc in entries}
    assert listed == set(pages) - hidden
    directory, _ = sample_directory()
    for item in directory.offers:
        for lang in LANGUAGES:
            loc = f"{PUBLIC}/{'' if lang == 'de' else lang + '/'}{item.url_path}"
            assert entries[loc]["lastmod"] == item.reviewed.isoformat()
            assert set(entries[loc]["alternates"]) == {*LANGUAGES, "x-default"}
    for loc, entry in entries.items():
        for code, href in entry["alternates"].items():
            assert code in {*LANGUAGES, "x-default"}
            assert entries[href]["alternates"] == entry["alternates"], (loc, href)  # reciprocal


def test_a_large_site_gets_a_sitemap_index(sample_site, tmp_path):
    """More addresses than one file may hold: an index of files that each pass the XSD."""
    log = PageLog()
    for number in range(25):
        for lang in ("de", "en"):
            log.add(f"angebote/a-{number}/", lang, lastmod=datetime.date(2026, 11, 1))
    written = write_sitemaps(tmp_path, log, address="https://example.org", prefixes={"de": "", "en": "en/"},
                             default_lang="de", per_file=20)
    assert written == ["sitemap.xml", "sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml"]
    import xml.etree.ElementTree as ET
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locs = [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == [f"https://example.org/{name}" for name in written[1:]]
    found = {}
    for name in written[1:]:
        found.update(sitemap_entries(tmp_path / name))
    assert len(found) == 50


def test_the_sitemap_check_catches_a_bad_file(tmp_path):
    bad = tmp_path / "sitemap.xml"
    bad.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   "<url><loc>https://example.org/</loc><lastmod>gestern</lastmod></url></urlset>", encoding="utf-8")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        sitemap_entries(bad)


def robots(site: Path, url: str) -> str:
    result = subprocess.run([str(Path(sys.executable).parent / "robots"), str(site / "robots.txt"), "*", url],
                            capture_output=True, text=True, check=True)
    return result.stdout


def test_robots_txt_lets_every_page_be_read_and_names_the_sitemap(sample_site):
    assert "allowed" in robots(sample_site, f"{PUBLIC}/angebote/elterncafe-duelmen/").lower()
    assert "disallowed" not in robots(sample_site, f"{PUBLIC}/ar/suche/").lower()
    lines = (sample_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in lines


def test_pages_name_their_canonical_address_and_the_feed(sample_site):
    for url, canonical in (("", f"{PUBLIC}/"), ("ar/angebote/elterncafe-duelmen/", f"{PUBLIC}/ar/angebote/elterncafe-duelmen/"),
                           ("impressum/", f"{PUBLIC}/impressum/")):
        soup = read_page(sample_site, url)
        assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [canonical]
    soup = read_page(sample_site, "tr/")
    [feed] = soup.select('link[rel="alternate"][type="application/atom+xml"]')
    assert feed["href"] == "/tr/daten/angebote.atom" and feed["title"]


# ---------------------------------------------------------------- the feeds

@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_feed_of_the_newest_offers(sample_site, lang):
    directory, _ = sample_directory()
    prefix = "" if lang == "de" else f"{lang}/"
    path = sample_site / prefix / "daten" / "angebote.atom"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == lang and feed.feed.author
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{PUBLIC}/{prefix}daten/angebote.atom"]
    entries = feed.entries
    assert len(entries) == min(50, len(directory.offers))
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    updated = [datetime.datetime.fromisoformat(e.updated) for e in entries]  # RFC 3339
    assert updated == sorted(updated, reverse=True)
    by_url = {f"{PUBLIC}/{prefix}{o.url_path}": o for o in directory.offers}
    for entry in entries:
        item = by_url[entry.link]
        assert entry.title == item.text_in("title", lang, "de")[0]
        assert entry.author == item.provider.name
        assert datetime.datetime.fromisoformat(entry.updated).date() == item.reviewed
        assert (sample_site / entry.link.removeprefix(PUBLIC + "/") / "index.html").exists()


# ---------------------------------------------------------------- the coordinators' spreadsheet

def test_the_spreadsheet_has_one_row_per_published_offer(sample_site):
    directory, _ = sample_directory()
    book = openpyxl.load_workbook(sample_site / "daten" / "angebote.xlsx")
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == len(directory.offers)
    column = {name: header.index(name) for name in header}
    by_title = {r[column["Angebot"]]: r for r in body}
    for item in directory.offers:
        row = by_title[item.title]
        assert row[column["Träger"]] == item.provider.name
        assert row[column["Zuletzt geprüft"]].date() == item.reviewed  # a date, not text
        if item.age_from is not None:
            assert isinstance(row[column["Alter ab"]], (int, float)) and row[column["Alter ab"]] == item.age_from
        # one column per life area and per town, 1 or 0, to filter and count by
        for area in directory.taxonomy.areas.values():
            assert row[column[f"Bereich: {area.label}"]] == (1 if area in item.areas else 0), (item.slug, area.slug)
        for town in directory.taxonomy.towns.values():
            assert row[column[f"Ort: {town.label}"]] == (1 if town in item.towns else 0), (item.slug, town.slug)
        assert row[column["Programme"]] == (", ".join(p.label for p in item.programmes) or None)
        assert row[column["Überfällig"]] == ("ja" if item.stale else None)
        assert row[column["Adressen"]] == ("; ".join(loc.one_line for loc in item.locations) or None)
    assert by_title["Jugendtreff Olfen"][column["Öffnungszeiten"]] == \
        "Di 15:00–20:00; Mi 15:00–20:00; Do 15:00–20:00; Fr 15:00–20:00; Sa 19:00–01:00"
    assert by_title["PEKiP – Prager Eltern-Kind-Programm"][column["Gutscheine"]] == "Elternbildungsgutschein: kostenlos"
    assert [by_title[o.title][column["Überfällig"]] for o in directory.offers if o.stale] == ["ja"]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{len(rows)}"
    with zipfile.ZipFile(sample_site / "daten" / "angebote.xlsx") as archive:
        assert archive.testzip() is None
    text = (sample_site / "daten" / "angebote.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0] == list(header) and len(table) == len(directory.offers) + 1
    olfen = next(r for r in table if r[0] == "Jugendtreff Olfen")
    assert olfen[header.index("Ort: Olfen")] == "1" and olfen[header.index("Ort: Senden")] == "0"


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    """A directory without a public address, with provider text that looks like a formula."""
    root = tmp_path_factory.mktemp("ohne-adresse")
    data = write_data(root / "angebote", {
        "t/traeger.yml": VALID_PROVIDER,
        "t/a.md": offer(title="'=HYPERLINK(\"https://example.org\";\"Klick\")'", reviewed="2026-10-01\ncost: '+49 Euro'"),
    })
    result = run_build(data, root / "site", 'ANGEBOTE_PUBLIC_URL=""', 'ANGEBOTE_LANGUAGES=["de", "en"]')
    assert result.returncode == 0, result.stderr
    return root / "site", result


def test_provider_text_never_becomes_a_formula(plain_site):
    site, _ = plain_site
    sheet = openpyxl.load_workbook(site / "daten" / "angebote.xlsx").active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    cost = next(c for c in sheet[2] if str(c.value).startswith("+49"))
    assert cost.data_type == "s"
    rows = list(csv.reader(io.StringIO((site / "daten" / "angebote.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[1][0].startswith("'=HYPERLINK")


# Provider text in every kind of cell the CSV files hold, each beginning as a spreadsheet formula
# would (OWASP's list: = + - @ tab, carriage return is refused by validation)
FORMULA_OFFER = """\
---
title: '=HYPERLINK("https://example.org";"Klick")'
summary: "-2+3+cmd|' /C calc'!A0 ist ein Treff für Eltern."
areas: [erziehung]
age_from: 0
age_to: 3
municipalities: [coesfeld]
reviewed: 2026-10-01
cost: "\\t=1+2"
registration: "@SUM(A1:A9)"
schedule: "=1+1"
contacts:
  - name: "=Erika Muster"
    role: "-Leitung"
    phone: +49 2541 123456
locations:
  - name: "=Ort"
    street: "@Markt 1"
    postcode: 48653
    city: "+Coesfeld"
    lat: 51.95
    lon: -7.17
---
"""


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("formeln")
    taxonomy = root / "taxonomie.yml"
    text = (ROOT / "taxonomie.yml").read_text(encoding="utf-8")
    taxonomy.write_text(text.replace("label: Erziehung und Familie", 'label: "@SUM(1+1) Erziehung"'), encoding="utf-8")
    data = write_data(root / "angebote", {
        "t/traeger.yml": VALID_PROVIDER.replace("name: Familienzentrum Beispiel", 'name: "@Familienzentrum Beispiel"'),
        "t/a.md": FORMULA_OFFER,
    })
    result = run_build(data, root / "site", f'ANGEBOTE_TAXONOMY="{taxonomy}"', 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_no_csv_cell_becomes_a_formula_and_numbers_stay_numbers(formula_site, tmp_path):
    """Both CSV files the site publishes, read back with Python's csv: every cell is text or a number
    to a spreadsheet program; the provider's texts are there behind the apostrophe, E.164 numbers and
    coordinates as they were. (LibreOffice is not installed here: no conversion test.)"""
    listing = list(csv.DictReader(io.StringIO((formula_site / "daten" / "angebote.csv").read_text(encoding="utf-8-sig")),
                                  delimiter=";"))
    folder = unpack(formula_site, tmp_path / "tabellen")
    tables = read_tables(folder)
    cells = [value for rows in [listing, *tables.values()] for row in rows for value in row.values()]
    assert len(cells) > 200 and all(spreadsheet_reads_as_text_or_number(value) for value in cells), \
        [value for value in cells if not spreadsheet_reads_as_text_or_number(value)]
    [row] = listing
    assert row["Angebot"] == "'=HYPERLINK(\"https://example.org\";\"Klick\")" and row["Kosten"] == "'\t=1+2"
    assert row["Träger"] == "'@Familienzentrum Beispiel" and row["Telefon"] == "'+49 2541 123456"
    assert row["Lebensbereiche"] == "'@SUM(1+1) Erziehung" and row["Ansprechpersonen"] == "'=Erika Muster"
    [service] = tables["services"]
    assert service["name"] == row["Angebot"] and service["fees_description"] == "'\t=1+2"
    assert service["application_process"] == "'@SUM(A1:A9)" and service["description"].startswith("'-2+3+cmd|")
    assert {"'@Familienzentrum Beispiel"} <= {r["name"] for r in tables["organizations"]}
    assert {(r["name"], r["title"]) for r in tables["contacts"]} == {("'=Erika Muster", "'-Leitung")}
    assert {(r["number"], r["description"]) for r in tables["phones"] if r["contact_id"]} == {("+492541123456", "'+49 2541 123456")}
    [place] = [r for r in tables["locations"] if r["name"] == "'=Ort"]
    assert (place["latitude"], place["longitude"]) == ("51.95", "-7.17")
    assert {(r["address_1"], r["city"]) for r in tables["addresses"]} >= {("'@Markt 1", "'+Coesfeld")}
    assert "'=1+1" in {r["description"] for r in tables["schedules"]}
    assert "'@SUM(1+1) Erziehung" in {r["name"] for r in tables["taxonomy_terms"]}
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]


def test_without_a_public_address_the_site_leaves_out_only_what_needs_one(plain_site, strict):
    site, result = plain_site
    assert "ANGEBOTE_PUBLIC_URL" in result.stdout + result.stderr  # Pelican's warning
    assert not (site / "sitemap.xml").exists() and not (site / "daten" / "angebote.atom").exists()
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    soup = read_page(site, "angebote/a/")
    assert not soup.select('link[rel="canonical"], link[type="application/atom+xml"]')
    assert schema_errors(strict, site / "daten" / "hsds") == []


# ---------------------------------------------------------------- the page that explains it

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_data_page_links_every_export_that_exists(sample_site, lang):
    prefix = "" if lang == "de" else f"{lang}/"
    soup = read_page(sample_site, f"{prefix}daten/")
    links = [a["href"] for a in soup.select("main a[href]")]
    for href in links:
        if href.startswith("/"):
            assert (sample_site / href.lstrip("/")).exists(), href
    assert {"/daten/hsds/index.json", "/daten/hsds/hsds-tabellen.zip", "/daten/angebote.xlsx", "/daten/angebote.csv",
            f"/{prefix}daten/angebote.atom", "/sitemap.xml"} <= set(links)
    assert "https://www.govdata.de/dl-de/by-2-0" in links
    if lang == "de":  # the day the data is as of
        assert "Stand: 22. November 2026." in soup.main.get_text()
    footer = [a["href"] for a in soup.select("footer a")]
    assert f"/{prefix}daten/" in footer


def test_sitemap_addresses_read_back_as_written_whatever_they_hold(tmp_path):
    """The sitemap escapes each address in parts (sitemap.write_sitemaps): read back by an XML parser,
    every address and alternate is the page's address again, also with &, <, quotes, a tab."""
    import xml.etree.ElementTree as ET

    from angebote.sitemap import PageLog, write_sitemaps

    log = PageLog()
    paths = ["angebote/a/", "a&b/", 'x"y/', "q'z/", "<t>/", "tab\tx/", "ü/"]
    for path in paths:
        for code in ("de", "ar"):
            log.add(path, code)
    log.add("nur-deutsch/", "de")
    address = "https://example.org/k&c's"
    prefixes = {"de": "", "ar": "ar/"}
    write_sitemaps(tmp_path, log, address=address, prefixes=prefixes, default_lang="de")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(tmp_path / "sitemap.xml").getroot().findall("s:url", ns)
    expected = [f"{address}/{prefixes[code]}{path}" for path in paths for code in ("de", "ar")] + [f"{address}/nur-deutsch/"]
    assert [url.find("s:loc", ns).text for url in urls] == expected
    for url in urls[:-1]:
        path = url.find("s:loc", ns).text.removeprefix(f"{address}/").removeprefix("ar/")
        links = [(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", ns)]
        assert links == [("de", f"{address}/{path}"), ("ar", f"{address}/ar/{path}"), ("x-default", f"{address}/{path}")]
    assert urls[-1].findall("x:link", ns) == []
