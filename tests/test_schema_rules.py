"""Every rule of schema/*.schema.json, broken once, gives a German message at the right line.

The rules are found by walking the schemas, so a rule added to a schema without
a case here fails ``test_every_schema_rule_is_exercised``.
"""

from __future__ import annotations

import copy
import datetime
import json

import pytest
import yaml
from conftest import ROOT, write_data

from angebote.read import ValidationFailed, load_directory, load_taxonomy
from angebote.read.schema import accepted, validators

CONSTRAINTS = {"type", "minLength", "maxLength", "minItems", "uniqueItems", "minimum", "maximum",
               "exclusiveMinimum", "pattern", "format", "required", "additionalProperties", "const", "minProperties",
               "maxItems", "maxProperties"}
# What each broken rule's message says (validation._schema_message).
SAYS = {
    "type": "muss", "minLength": "zu kurz", "maxLength": "zu lang", "minItems": "keine leere Liste",
    "uniqueItems": "doppelt", "minimum": "zu klein", "exclusiveMinimum": "zu klein", "maximum": "zu groß",
    "pattern": "nicht die erwartete Form", "format": "gültig", "required": "Pflichtfeld",
    "additionalProperties": "Unbekanntes Feld", "minProperties": "nicht leer", "maxItems": "zu viele Einträge",
    "maxProperties": "zu viele Einträge",
}

FULL_CONTACT = {"name": "Erika Muster", "role": "Leitung", "phone": "02541 123456", "email": "erika@example.org"}
FULL_LOCATION = {"name": "Familienzentrum", "street": "Markt 1", "postcode": "48653", "city": "Coesfeld",
                 "lat": 51.9, "lon": 7.1}
FULL_OFFER = {
    "title": "Elterncafé", "summary": "Ein offener Treff für Eltern.", "areas": ["erziehung"],
    "age_from": 0, "age_to": 3, "pregnancy": False, "municipalities": ["coesfeld"], "reviewed": "2026-10-01",
    "target_groups": ["Eltern"], "languages": ["de"], "cost": "kostenlos", "registration": "nicht nötig",
    "accessible": True, "contacts": [dict(FULL_CONTACT)], "locations": [dict(FULL_LOCATION)],
    "schedule": "montags", "url": "https://example.org", "initiative": ["Frühe Hilfen"], "valid_until": "2027-10-01",
    "accepts": [{"voucher": "elternbildungsgutschein", "cost": "kostenlos"}],
    "hours": [{"days": ["mo", "di"], "opens": "09:00", "closes": "12:00"}], "hours_note": "In den Ferien geschlossen.",
}
FULL_PROVIDER = {
    "name": "Familienzentrum", "kind": "Verein", "address": {"street": "Markt 1", "postcode": "48653", "city": "Coesfeld"},
    "phone": "02541 12345", "email": "info@example.org", "url": "https://example.org", "contacts": [dict(FULL_CONTACT)],
}
# Where a $defs rule is used, to break it there.
DEF_PLACES = {"url": ("url",), "email": ("contacts", 0, "email"), "phone": ("contacts", 0, "phone"),
              "contact": ("contacts", 0), "location": ("locations", 0)}


def schema(kind):
    return json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def rules(node, pointer=""):
    """JSON pointers of every constraint in a schema."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in CONSTRAINTS and (pointer or key != "type") and value is not None and not (
                    key == "additionalProperties" and isinstance(value, dict)):  # a subschema, walked below
                found.append(f"{pointer}/{key}")
            if key not in ("required",) and isinstance(value, (dict, list)):
                found += rules(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += rules(value, f"{pointer}/{i}")
    return found


def resolve(kind, pointer):
    node = schema(kind)
    for part in pointer.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def wrong_type(wanted):
    if isinstance(wanted, list):  # one of several types (initiative: a name or a list): a number is neither
        return 3
    return {"string": ["x"], "number": "drei", "integer": "drei", "boolean": "ja", "array": "text", "object": "text"}[wanted]


def broken(kind, pointer):
    """(data with the rule broken, field path of the error)."""
    data = copy.deepcopy(FULL_OFFER if kind == "angebot" else FULL_PROVIDER)
    parts = pointer.strip("/").split("/")
    keyword = parts[-1]
    if parts[0] == "$defs":
        place, inner = DEF_PLACES[parts[1]], parts[2:-1]
    else:
        place, inner = (), parts[:-1]
    # path inside the data: every "properties/X" step, "items" → first element
    path = list(place)
    i = 0
    while i < len(inner):
        if inner[i] == "properties":
            path.append(inner[i + 1])
            i += 2
        elif inner[i] == "items":
            path.append(0)
            i += 1
        elif inner[i] == "additionalProperties":  # a schema for every key
            path.append("en")
            i += 1
        elif inner[i] == "propertyNames":  # breaks the key itself, below
            i += 1
        else:
            i += 1
    rule = resolve(kind, pointer)
    parent_path, last = path[:-1], path[-1] if path else None

    def container():
        node = data
        for step in parent_path:
            node = node[step]
        return node

    def target():
        node = data
        for step in path:
            node = node[step]
        return node

    if keyword == "type":
        container()[last] = wrong_type(rule)
    elif keyword == "minLength":
        container()[last] = "x" * (rule - 1)
    elif keyword == "maxLength":
        container()[last] = "x" * (rule + 1)
    elif keyword == "minItems":
        container()[last] = []
    elif keyword == "uniqueItems":
        container()[last] = target() * 2
    elif keyword in ("minimum", "exclusiveMinimum"):
        container()[last] = rule - (1 if keyword == "minimum" else 0)
    elif keyword == "maximum":
        container()[last] = rule + 1
    elif keyword == "pattern" and "propertyNames" in parts:
        target()["EN!"] = {"title": "Titel"}
        return data, tuple(path)
    elif keyword == "pattern":
        container()[last] = "abc!"
    elif keyword == "format":
        container()[last] = "kein gültiger Wert"
    elif keyword == "required":
        for name in rule:
            del target()[name]
        return data, tuple(path) + (rule[0],)
    elif keyword == "additionalProperties" and rule is not False:  # a schema for other keys: see the rules inside it
        raise AssertionError(f"{pointer} is checked through the rules inside it")
    elif keyword == "additionalProperties":
        target()["unbekannt"] = "x"
        return data, tuple(path) + ("unbekannt",)
    elif keyword == "minProperties":
        container()[last] = {}
    elif keyword == "maxItems":
        first = target()[0]
        container()[last] = [copy.deepcopy(first) if isinstance(first, dict) else f"{first}{i}" for i in range(rule + 1)]
    elif keyword == "maxProperties":
        container()[last] = {f"{chr(97 + i // 26)}{chr(97 + i % 26)}": {"title": "Titel"} for i in range(rule + 1)}
    else:
        raise AssertionError(f"no way to break {pointer}")
    return data, tuple(path)


# The if-clause (pregnancy: true frees from ages) is no constraint of its own:
# test_pregnancy_offer_needs_no_ages in test_validation covers it.
NOT_BREAKABLE = {"/if/not/properties/pregnancy/const", "/if/not/required"}
CASES = [(kind, pointer) for kind in ("angebot", "traeger") for pointer in rules(schema(kind)) if pointer not in NOT_BREAKABLE]


def test_every_schema_rule_is_exercised():
    assert len(CASES) == 153  # both schemas, all their rules (update when the schemas change)
    for kind, pointer in CASES:
        broken(kind, pointer)  # raises if there is no way to break it


def problems_for(tmp_path, kind, data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    files = {"fz/traeger.yml": yaml.safe_dump(FULL_PROVIDER, allow_unicode=True), "fz/kurs.md": "---\n" + yaml.safe_dump(FULL_OFFER, allow_unicode=True) + "---\n"}
    files["fz/traeger.yml" if kind == "traeger" else "fz/kurs.md"] = text if kind == "traeger" else f"---\n{text}---\n"
    write_data(tmp_path, files)
    try:
        load_directory(tmp_path, load_taxonomy(ROOT / "taxonomie.yml"), today=__import__("conftest").TODAY)
    except ValidationFailed as failure:
        return [(p.path, p.line, p.message) for p in failure.problems], text
    return [], text


def test_full_examples_are_valid(tmp_path):
    assert problems_for(tmp_path, "angebot", FULL_OFFER)[0] == []


@pytest.mark.parametrize("kind, pointer", CASES, ids=[f"{k}:{p}" for k, p in CASES])
def test_broken_rule_gives_a_german_message_at_its_line(tmp_path, kind, pointer):
    data, field_path = broken(kind, pointer)
    problems, text = problems_for(tmp_path, kind, data)
    file = str(tmp_path / "fz" / ("traeger.yml" if kind == "traeger" else "kurs.md"))
    mine = [(line, message) for path, line, message in problems if path == file]
    keyword = pointer.rsplit("/", 1)[1]
    assert any(SAYS[keyword] in message for _, message in mine), mine
    named = str(field_path[-1]) if not isinstance(field_path[-1], int) else str(field_path[-2])
    assert any(named in message for _, message in mine), mine
    # a top-level field's message points at the field's own line (missing fields: the first line)
    if len(field_path) == 1 and keyword != "required":
        offset = 1 if kind == "angebot" else 0  # the "---" line
        expected = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(f"{field_path[0]}:")) + offset
        assert expected in [line for line, _ in mine], (expected, mine)


# Values that the schemas' keywords could read differently: booleans as numbers, whole floats,
# blank and invisible text, a final line break, dates as YAML reads them, repeated items.
TRICKY = [True, False, 0, 1, -1, 1.0, 0.5, 3.0, 10**6, "", " ", "\u200b\u200b", "\u3164", "x", "x\n", "ab$", "09:00\n",
          "2026-02-30", "2026-10-01", datetime.date(2026, 10, 1), "a@b", "erika@example.org", "https://example.org",
          "http://", "ftp://example.org", "09:00", "24:00", "mo", "de", "EN", "48653", "02541 123456", None, [], {},
          ["x"], ["x", "x"], [1, True], [True, 1], [1, 1.0], [{}], [{"a": 1}, {"a": 1}], {"en": {}}, {"title": "T"},
          "a" * 130, "a" * 2001]


def _places(node, path=()):
    """Every place in a document: its own path and those of everything inside it."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _places(value, path + (index,))


def _altered(document):
    """The document with each place set to each tricky value, each key left out, and an unknown key in each object."""
    for path in _places(document):
        for value in TRICKY:
            data = copy.deepcopy(document)
            if not path:
                yield value
                continue
            node = data
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = copy.deepcopy(value)
            yield data
        data = copy.deepcopy(document)
        node = data
        for step in path:
            node = node[step]
        if isinstance(node, dict):
            for key in list(node):
                smaller = copy.deepcopy(data)
                inner = smaller
                for step in path:
                    inner = inner[step]
                del inner[key]
                yield smaller
            node["unbekannt"] = "x"
            yield data


@pytest.mark.parametrize("kind", ["angebot", "traeger"])
def test_the_fast_check_accepts_only_what_jsonschema_accepts(kind):
    """validation.accepted (fastjsonschema) spares jsonschema the valid files: it must never accept
    one that jsonschema refuses, on every broken rule and on thousands of altered documents."""
    full = FULL_OFFER if kind == "angebot" else FULL_PROVIDER
    documents = [broken(k, pointer)[0] for k, pointer in CASES if k == kind] + list(_altered(full))
    pregnancy = dict(FULL_OFFER, pregnancy=True)
    for name in ("age_from", "age_to"):
        pregnancy.pop(name)
    if kind == "angebot":  # the if-clause both ways: expecting a pregnancy offer needs no ages, 1 is not true
        documents += [pregnancy, dict(pregnancy, pregnancy=1), dict(pregnancy, pregnancy="true"), dict(pregnancy, pregnancy=False)]
    refused = both = 0
    for data in documents:
        errors = list(validators()[kind].iter_errors(data))
        if accepted(kind, data):
            assert not errors, (data, errors[0].message)
            both += 1
        else:
            refused += 1
    assert accepted(kind, full)
    assert len(documents) > 700 and refused > 300 and both > 100  # neither check says the same to everything


def test_the_fast_check_accepts_the_sample_offers():
    """On valid files the fast check is what runs: it accepts every offer and provider of the sample data."""
    from angebote.read.frontmatter import read_front_matter, parse_yaml
    offers = list((ROOT / "angebote").glob("*/*.md"))
    providers = list((ROOT / "angebote").glob("*/traeger.yml"))
    assert len(offers) > 20 and len(providers) > 5
    for file in offers:
        if file.name != "README.md" and not file.parent.name.startswith("_"):
            doc, problems = read_front_matter(file.read_bytes(), str(file))
            assert not problems and accepted("angebot", doc.data), file
    for file in providers:
        if not file.parent.name.startswith("_"):
            doc, problems = parse_yaml(file.read_text(encoding="utf-8"), str(file), 1)
            assert not problems and accepted("traeger", doc.data), file
