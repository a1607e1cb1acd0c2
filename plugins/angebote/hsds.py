"""The directory as Open Referral's Human Services Data Specification (HSDS) 3.0: a static,
read-only HSDS API under ``daten/hsds/`` and the same data as HSDS tables (CSV files with their
``datapackage.json`` in a zip).

The mapping (``schema/hsds/`` holds the pinned schemas the tests check every document with):

* a provider is an ``organization`` (its address a ``location`` of the organization, its phone
  a ``phone``, its people ``contact`` records);
* a published offer is a ``service`` (expired offers are left out), ``status`` active;
  ``reviewed`` is ``assured_date``; the registration text ``application_process``; the cost text
  ``fees_description``, and a free offer also has a ``cost_option`` of 0 EUR;
* ``age_from``/``age_to`` are ``minimum_age``/``maximum_age``. Our upper bound is exclusive
  (``age_to: 3`` = until the third birthday) and so is ``maximum_age`` here: the
  ``eligibility_description`` of each service says so in words, and the tabular descriptor in the
  field's description;
* each location is a ``location`` (with its ``address`` where street and postcode are given, its
  coordinates, and its ``accessibility`` where the offer says whether it is step-free) and a
  ``service_at_location``;
* each contact is a ``contact`` with its ``phone`` (the number in E.164);
* languages are ``language`` records (ISO 639-1 code and German name); towns are ``service_area``
  records (a county-wide offer has the region's);
* life areas, age bands and programmes are ``taxonomy_term`` records of one ``taxonomy`` made from
  ``taxonomie.yml`` (root terms "Lebensbereiche", "Altersgruppen", "Programme"), linked to the
  services by ``attribute`` records;
* each of the network's programmes is an HSDS ``program`` of an ``organization`` of its own, the
  programme's coordination in the region (HSDS allows one program per organization); a service
  has one ``program_id`` (HSDS allows one): its first programme; every programme it names is
  also an ``attribute``;
* a voucher an offer accepts is a ``cost_option`` "mit <voucher>" (0 EUR where it is then free,
  the offer's text for the cost with it in ``amount_description``);
* ``schedule`` is a ``schedule`` with its text in ``description``; each entry of ``hours`` is a
  weekly ``schedule`` (``byday`` MO,TU …, ``opens_at``/``closes_at``; one that ends past midnight
  says so in ``description``), ``hours_note`` its ``notes``.

Ids are UUIDv5 in the namespace ``ANGEBOTE_HSDS_NAMESPACE`` from the slugs (and a location's or
contact's position in its file), so that the same offer keeps its ids from one export to the next.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import itertools
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from . import csvfile
from .model import Contact, Location, Offer, Provider, Taxonomy
from .model import Directory
from .folders import write_folder
from .read.schema import SCHEMA_DIR

HSDS_DIR = SCHEMA_DIR / "hsds"
HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"

# nested key -> HSDS table, for cutting the nested documents into the tabular form
_TABLES = {
    "organization": "organization", "phones": "phone", "schedules": "schedule",
    "service_areas": "service_area", "service_at_locations": "service_at_location",
    "location": "location", "locations": "location", "addresses": "address",
    "accessibility": "accessibility", "languages": "language", "cost_options": "cost_option",
    "contacts": "contact", "attributes": "attribute", "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy", "program": "program", "programs": "program",
}
ICAL_DAYS = {"mo": "MO", "di": "TU", "mi": "WE", "do": "TH", "fr": "FR", "sa": "SA", "so": "SU"}
# The API's collections: each a list answer <name>.json and a folder <name>/ of documents
COLLECTIONS = ("services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms")


def _clean(record: dict) -> dict:
    """Leave out what is not given: HSDS has no empty strings for e-mails, addresses or URLs."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


@dataclass
class Export:
    """Every HSDS document of one directory, by collection and id."""

    services: dict[str, dict] = field(default_factory=dict)
    organizations: dict[str, dict] = field(default_factory=dict)
    service_at_locations: dict[str, dict] = field(default_factory=dict)
    taxonomies: dict[str, dict] = field(default_factory=dict)
    taxonomy_terms: dict[str, dict] = field(default_factory=dict)


def namespace(value: str, address: str, region: str) -> uuid.UUID:
    """ANGEBOTE_HSDS_NAMESPACE; where it is not set, one derived from the public address (or the
    region's name). Raises ValueError with a German message if it is not a UUID."""
    if value:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise ValueError(f"ANGEBOTE_HSDS_NAMESPACE ist keine UUID: {value!r} "
                             "(Beispiel: 6f1c2e1e-9b7e-4c43-8a53-3f0b2b8b1f10).") from None
    return uuid.uuid5(uuid.NAMESPACE_URL, address or f"urn:angebote:{region}")


class _Ids:
    """The ids of the export: the UUID 5 of the parts joined by "/" in the namespace."""

    def __init__(self, namespace: uuid.UUID):
        self.namespace = namespace.bytes

    def __call__(self, *parts) -> str:
        return uuid5_text(self.namespace, "/".join(str(p) for p in parts))


def uuid5_text(namespace: bytes, name: str) -> str:
    """str(uuid.uuid5(namespace, name)), the namespace given as its bytes, without making a UUID
    object (27,000 ids at 2000 offers: uuid5 and str took half the time of making them)."""
    digest = bytearray(hashlib.sha1(namespace + name.encode("utf-8")).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # RFC 4122's variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def service_id(space: uuid.UUID, offer: Offer) -> str:
    """An offer's HSDS id (also its Atom entry's)."""
    return _Ids(space)("service", offer.slug)


def export(directory: Directory, space: uuid.UUID, *, page_url, age_phrase, state: str,
           country: str, network: str = "") -> Export:
    """The HSDS documents of the published offers; page_url(path) is an address on the site
    ("" where none is known), age_phrase(offer) the offer's ages in words (German); network names
    the network (the site's publisher) whose programmes these are."""
    ids = _Ids(space)
    taxonomy = directory.taxonomy
    result = Export()
    tax, terms = _taxonomy(taxonomy, ids)
    result.taxonomies[tax["id"]] = tax
    result.taxonomy_terms.update({t["id"]: t for t in terms.values()})
    for programme in taxonomy.programmes.values():
        organization = _coordination(programme, taxonomy, ids, network)
        result.organizations[organization["id"]] = organization
    published = {id(o) for o in directory.offers}
    for provider in directory.providers:
        organization = _organization(provider, ids, state, country)
        organization["services"] = [
            {"id": ids("service", o.slug), "name": o.title, "status": "active"}
            for o in provider.offers if id(o) in published]
        result.organizations[organization["id"]] = organization
    for offer in directory.offers:
        service = _service(offer, ids, terms, taxonomy, page_url, age_phrase(offer), state, country)
        result.services[service["id"]] = service
        for at_location in service.get("service_at_locations", []):
            result.service_at_locations[at_location["id"]] = at_location
    return result


def _taxonomy(taxonomy: Taxonomy, ids: _Ids) -> tuple[dict, dict[tuple[str, str], dict]]:
    tax_id = ids("taxonomy", taxonomy.region)
    tax = {"id": tax_id, "name": f"Taxonomie des Verzeichnisses, {taxonomy.region}",
           "description": "Lebensbereiche und Altersgruppen der Angebote (taxonomie.yml des Verzeichnisses).",
           "version": HSDS_VERSION}
    terms: dict[tuple[str, str], dict] = {}
    for kind, root_name, one, members in (("bereich", "Lebensbereiche", "Lebensbereich", taxonomy.areas),
                                          ("alter", "Altersgruppen", "Altersgruppe", taxonomy.bands),
                                          ("programm", "Programme", "Programm", taxonomy.programmes)):
        if not members:
            continue
        root = {"id": ids("taxonomy_term", kind), "code": kind, "name": root_name,
                "description": f"{root_name} der Angebote", "taxonomy_id": tax_id, "language": "de"}
        terms[kind, ""] = root
        for term in members.values():
            terms[kind, term.slug] = {
                "id": ids("taxonomy_term", kind, term.slug), "code": f"{kind}/{term.slug}",
                "name": term.label, "description": f"{one}: {term.label}",
                "parent_id": root["id"], "taxonomy_id": tax_id, "language": "de"}
    return tax, terms


def _coordination(programme, taxonomy: Taxonomy, ids: _Ids, network: str) -> dict:
    """The organization an HSDS program belongs to: the programme's coordination in the region
    (HSDS gives each organization one program at most)."""
    org_id = _coordination_id(programme, ids)
    return {"id": org_id, "name": f"Koordination {programme.label}, {taxonomy.region}",
            "description": f"Koordiniert das Programm „{programme.label}“ im {network or taxonomy.region}.",
            "programs": [_program(programme, ids, org_id)]}


def _coordination_id(programme, ids: _Ids) -> str:
    return ids("organization", "programm", programme.slug)


def _program(programme, ids: _Ids, org_id: str) -> dict:
    description = " ".join(part for part in (programme.description, f"Für: {programme.audience}." if programme.audience else "",
                                             f"Förderung: {programme.funding}." if programme.funding else "") if part)
    return _clean({"id": ids("program", programme.slug), "organization_id": org_id, "name": programme.label,
                   "alternate_name": ", ".join(programme.aliases), "description": description or programme.label})


def _phone(owner_key: str, owner_id: str, who, ids: _Ids, *parts) -> list[dict]:
    if not who.phone_uri:
        return []
    return [_clean({"id": ids("phone", *parts), owner_key: owner_id,
                    "number": who.phone_uri.removeprefix("tel:"), "description": who.phone})]


def _contact(contact: Contact, owner_key: str, owner_id: str, ids: _Ids, *parts) -> dict:
    contact_id = ids("contact", *parts)
    return _clean({"id": contact_id, owner_key: owner_id, "name": contact.name, "title": contact.role,
                   "email": contact.email,
                   "phones": _phone("contact_id", contact_id, contact, ids, "contact", *parts)})


def _location(place: Location, ids: _Ids, state: str, country: str, *parts, organization_id: str = "",
              accessible: bool | None = None) -> dict:
    location_id = ids("location", *parts)
    addresses = []
    if place.street and place.postcode:
        addresses.append({"id": ids("address", *parts), "location_id": location_id,
                          "address_1": place.street, "city": place.city, "state_province": state,
                          "postal_code": place.postcode, "country": country, "address_type": "physical"})
    access = []
    if accessible is not None:
        access.append({"id": ids("accessibility", *parts), "location_id": location_id,
                       "description": "barrierefrei zugänglich" if accessible else "nicht barrierefrei zugänglich"})
    return _clean({"id": location_id, "location_type": "physical", "organization_id": organization_id,
                   "name": place.name or place.city, "latitude": place.lat, "longitude": place.lon,
                   "addresses": addresses, "accessibility": access})


def _organization(provider: Provider, ids: _Ids, state: str, country: str) -> dict:
    org_id = ids("organization", provider.slug)
    return _clean({
        "id": org_id, "name": provider.name,
        "description": provider.kind or provider.name,
        "email": provider.email, "website": provider.url,
        "phones": _phone("organization_id", org_id, provider, ids, "organization", provider.slug),
        "locations": [_location(provider.address, ids, state, country, "organization", provider.slug,
                                organization_id=org_id)] if provider.address else [],
        "contacts": [_contact(c, "organization_id", org_id, ids, "organization", provider.slug, i)
                     for i, c in enumerate(provider.contacts)],
    })


@functools.lru_cache(maxsize=None)  # a few languages, each on hundreds of offers
def _language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("de") or code
    except (ValueError, LookupError):
        return code


def _eligibility(offer: Offer, ages: str) -> str:
    text = f"Alter: {ages}." if ages else ""
    high = offer.age_limits[1]
    if high is not None:
        years = f"{high:g}".replace(".", ",")
        text += f" minimum_age gilt einschließlich, maximum_age ausschließlich (bis unter {years} Jahre)."
    if offer.target_groups:
        text += " Für: " + ", ".join(offer.target_groups) + "."
    return text.strip()


def _service(offer: Offer, ids: _Ids, terms, taxonomy: Taxonomy, page_url, ages: str, state: str,
             country: str) -> dict:
    sid = ids("service", offer.slug)
    org_id = ids("organization", offer.provider.slug)
    organization = {"id": org_id, "name": offer.provider.name,
                    "description": offer.provider.kind or offer.provider.name}
    at_locations = []
    for i, place in enumerate(offer.locations):
        location = _location(place, ids, state, country, "service", offer.slug, i, accessible=offer.accessible)
        at_locations.append({"id": ids("service_at_location", offer.slug, i), "service_id": sid,
                             "location_id": location["id"], "location": location})
    areas = [taxonomy.region] if offer.county_wide else [t.label for t in offer.towns]
    attributes = []
    for kind, members in (("bereich", offer.areas), ("alter", offer.bands), ("programm", offer.programmes)):
        for term in members:
            attributes.append({"id": ids("attribute", offer.slug, kind, term.slug), "link_id": sid,
                               "link_type": "service", "link_entity": "service",
                               "taxonomy_term_id": terms[kind, term.slug]["id"],
                               "taxonomy_term": terms[kind, term.slug]})
    body = offer.body_text.strip()
    return _clean({
        "id": sid, "organization_id": org_id, "name": offer.title,
        "description": offer.summary + ("\n\n" + body if body else ""),
        "url": offer.url or page_url(offer.url_path),
        "status": "active",
        "application_process": offer.registration,
        "fees_description": offer.cost,
        "eligibility_description": _eligibility(offer, ages),
        "minimum_age": offer.age_limits[0],
        "maximum_age": offer.age_limits[1],
        "assured_date": offer.reviewed.isoformat(),
        "schedules": ([{"id": ids("schedule", offer.slug), "service_id": sid, "description": offer.schedule}]
                      if offer.schedule else []) + [
            _clean({"id": ids("schedule", offer.slug, i), "service_id": sid, "freq": "WEEKLY",
                    "byday": ",".join(ICAL_DAYS[d] for d in h.days), "opens_at": f"{h.opens}:00",
                    "closes_at": f"{'00:00' if h.closes == '24:00' else h.closes}:00",
                    "description": "endet am folgenden Tag" if h.past_midnight else "", "notes": offer.hours_note})
            for i, h in enumerate(offer.hours)],
        "service_areas": [{"id": ids("service_area", offer.slug, name), "service_id": sid, "name": name}
                          for name in dict.fromkeys(areas)],
        "service_at_locations": at_locations,
        "languages": [{"id": ids("language", offer.slug, code), "service_id": sid, "code": code,
                       "name": _language_name(code)} for code in offer.languages],
        "organization": _clean(organization),
        "cost_options": ([{"id": ids("cost_option", offer.slug), "service_id": sid, "option": offer.cost,
                           "amount": 0, "currency": "EUR"}] if offer.free else []) + [
            _clean({"id": ids("cost_option", offer.slug, a.voucher.slug), "service_id": sid,
                    "option": f"mit {a.voucher.label}", "amount": 0 if a.free else None,
                    "currency": "EUR" if a.free else None, "amount_description": a.cost})
            for a in offer.accepts],
        "program_id": ids("program", offer.programmes[0].slug) if offer.programmes else None,
        "program": _program(offer.programmes[0], ids, _coordination_id(offer.programmes[0], ids)) if offer.programmes else None,
        "contacts": [_contact(c, "service_id", sid, ids, "service", offer.slug, i)
                     for i, c in enumerate(offer.contacts)],
        "attributes": attributes,
    })


# ---------------------------------------------------------------- the static API

def _scalars(record: dict) -> dict:
    """A list answer's entry: the one-to-one fields only."""
    return {k: v for k, v in record.items() if not isinstance(v, (list, dict))}


def page(contents: list[dict]) -> dict:
    """A list answer holding every entry on one page."""
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def api_files(result: Export, profile_url: str):
    """The files of daten/hsds/ as (name, bytes): index.json (the answer of /), <collection>.json
    (the list answer) and <collection>/<id>.json (one document) for each collection."""
    yield "index.json", _dump(_clean({"version": HSDS_VERSION, "profile": profile_url, "openapi_url": OPENAPI_URL}))
    for name in COLLECTIONS:
        documents = getattr(result, name)
        nested_list = name in ("taxonomies", "taxonomy_terms")  # their list answers hold the full record
        yield f"{name}.json", _dump(page([doc if nested_list else _scalars(doc) for doc in documents.values()]))
        for doc_id, doc in documents.items():
            yield f"{name}/{doc_id}.json", _dump(doc)


# ---------------------------------------------------------------- the tabular form

def tables(result: Export) -> dict[str, dict[str, dict]]:
    """The nested documents cut into HSDS tables: {table: {id: row}} (rows hold scalars only)."""
    rows: dict[str, dict[str, dict]] = {}

    def visit(table: str, record: dict):
        rows.setdefault(table, {}).setdefault(record["id"], _scalars(record))
        for key, value in record.items():
            if key in _TABLES:
                for child in value if isinstance(value, list) else [value]:
                    visit(_TABLES[key], child)

    for doc in result.organizations.values():
        visit("organization", {k: v for k, v in doc.items() if k != "services"})
    for doc in result.taxonomies.values():
        visit("taxonomy", doc)
    for doc in result.taxonomy_terms.values():
        visit("taxonomy_term", doc)
    for doc in result.services.values():
        visit("service", doc)
    return rows


MAXIMUM_AGE_NOTE = ("Ausschließlich: wer dieses Alter erreicht hat, gehört nicht mehr dazu (3 = bis zum "
                    "dritten Geburtstag). minimum_age gilt einschließlich.")


def datapackage(present: set[str], title: str, licence: dict) -> dict:
    """Open Referral's descriptor, cut to the tables present (and their foreign keys among them),
    with this export's title and licence."""
    source = json.loads((HSDS_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resources = []
    for resource in source["resources"]:
        if resource["name"] not in present:
            continue
        resource = json.loads(json.dumps(resource))
        schema = resource["schema"]
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                 if fk["reference"]["resource"] in present]
        for item in schema["fields"]:
            if resource["name"] == "service" and item["name"] == "maximum_age":
                item["description"] = MAXIMUM_AGE_NOTE
        resources.append(resource)
    package = {"name": "angebote-hsds", "title": title, "profile": "tabular-data-package",
               "version": source["version"], "resources": resources,
               "sources": [{"title": "Human Services Data Specification: an Open Referral resource",
                            "path": "https://openreferral.org/"}]}
    if licence.get("url"):
        package["licenses"] = [_clean({"name": licence.get("id", ""), "path": licence["url"],
                                       "title": licence.get("name", "")})]
    return package


# zlib's level for the tables' zip: at 2000 offers (10.9 MB of CSV) level 4 takes 0.20 s and gives
# 4.08 MB; the default 6 took 0.54 s of the build for 3.86 MB, level 1 0.12 s for 4.60 MB.
ZIP_LEVEL = 4


def tabular_zip(result: Export, title: str, licence: dict, date: datetime.date) -> bytes:
    """The HSDS tables as CSV files with their datapackage.json, in one zip (its files dated
    ``date``, so that the same data gives the same bytes)."""
    rows = tables(result)
    package = datapackage(set(rows), title, licence)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, text: str):
            archive.writestr(zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0)),
                             text, compress_type=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)

        add("datapackage.json", json.dumps(package, ensure_ascii=False, indent=1))
        for resource in package["resources"]:
            names = [f["name"] for f in resource["schema"]["fields"]]
            add(resource["path"], csvfile.text([names, *([row.get(k) for k in names] for row in rows[resource["name"]].values())]))
    return buffer.getvalue()


def write_hsds(folder: Path, result: Export, *, profile_url: str, title: str, licence: dict,
               date: datetime.date) -> None:
    """daten/hsds/ (folder): the API's files and the tables, and no file of a service that is gone."""
    write_folder(folder, itertools.chain(api_files(result, profile_url),
                                         [("hsds-tabellen.zip", tabular_zip(result, title, licence, date))]))
