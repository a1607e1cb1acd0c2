"""Reading the offer folder, checking every rule, building the data model.

Every problem of every file is collected before anything is written, and all
of them are reported at once as ``path:line: message`` in German.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import itertools
import json
import multiprocessing
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import fastjsonschema
import phonenumbers
from babel import Locale
from email_validator import EmailNotValidError, validate_email

from . import limits
from .frontmatter import _FORBIDDEN_IN_VALUE, MARK, Document, Problem, parse_yaml, read_county_file, read_front_matter, read_text
from .geodata import MapFailed, load_map, lon_lat
from .markup import TooDeep, html_to_text, markdown_to_html
from .workers import ChildFailed, in_child, side_by_side
from .model import Accepted, Contact, CountyMap, Location, Offer, Opening, Programme, Provider, Taxonomy, Term, Voucher, band_overlaps, sort_key
from .settings import setting

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
PROVIDER_FILE = "traeger.yml"
# What else may stand in the data folder: notes for people, and the templates providers copy.
README = "README.md"
TEMPLATES = "_vorlage"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # always with fullmatch

# Limits for untrusted files, from what real offers need (a body of about four printed pages).
MAX_FILE_BYTES = {"offer": 64 * 1024, "provider": 32 * 1024}
MAX_BODY_CHARS = 10_000
MAX_BRACKETS = 200  # "[" in a body: links and images (Markdown's link search grows with their square)
MAX_WORD = 80  # letters in one word (German compounds reach about 60)
MAX_WEB_WORD = 500  # a word that holds a web address
# The county's files, refused before they are parsed above these sizes (a 5.6 MB file of search
# words took 26 s to parse); the sample's taxonomy has 25 KiB, its search words 10 KiB. 512 KiB
# parse in under a second and hold 500 towns with their districts and 2000 search-word entries.
TAXONOMY_BYTES = 512 * 1024
THESAURUS_BYTES = 512 * 1024
ISO_639_1 = frozenset(code for code in Locale("de").languages if len(code) == 2)


class ValidationFailed(Exception):
    """The data has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line))
        count = len(self.problems)
        super().__init__(
            f"{count} Fehler in den Angebotsdaten, die Website wurde nicht gebaut:\n"
            + "\n".join(str(p) for p in self.problems)
        )


@dataclass
class Directory:
    taxonomy: Taxonomy
    providers: list[Provider]  # sorted by name
    offers: list[Offer]  # published offers, sorted by title
    expired: list[Offer] = field(default_factory=list)
    today: datetime.date = field(default_factory=datetime.date.today)
    # search words families type, per entry {language: [words or phrases]} with the German ones under "de"
    thesaurus: list[dict[str, list[str]]] = field(default_factory=list)
    map: CountyMap | None = None  # the base map, where the county has one


# ---------------------------------------------------------------- schema

def _load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _check_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_email(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _check_web_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


# Characters that take no room on screen: spaces, zero-width and other format characters,
# and the few letters that render blank (Hangul fillers, the braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible_length(text: str) -> int:
    return sum(1 for c in text if c not in _BLANK_LETTERS and unicodedata.category(c)[0] not in "ZC")


def _min_length(validator, minimum, instance, schema):
    """minLength counted in visible characters: a title of spaces or zero-width joiners is empty."""
    if isinstance(instance, str) and visible_length(instance) < minimum:
        yield _jsonschema().ValidationError(f"{instance!r} is too short")


def _js_pattern(pattern: str) -> re.Pattern:
    """A schema's pattern as JavaScript reads it: "$" at the end does not allow a final line break."""
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


def _pattern(validator, pattern, instance, schema):
    if isinstance(instance, str) and not _js_pattern(pattern).search(instance):
        yield _jsonschema().ValidationError(f"{instance!r} does not match {pattern!r}")


_SCHEMAS = {name: _load_schema(name) for name in ("angebot", "traeger")}


def _inlined(schema, file: str):
    """The schema with each reference to a definition ({"$ref": "<file>#/$defs/<name>"}, which stands
    alone in its object in both schemas) replaced by that definition: the same checks, the same
    errors in the same order, without looking the reference up for every offer's every contact
    (two fifths of the validator's time)."""
    if isinstance(schema, list):
        return [_inlined(item, file) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if reference is not None and len(schema) == 1:
        target, _, pointer = reference.partition("#/$defs/")
        if pointer and "/" not in pointer:
            target = target or file
            return _inlined(_SCHEMAS[target.removesuffix(".schema.json")]["$defs"][pointer], target)
    return {key: _inlined(value, file) for key, value in schema.items()}


def _jsonschema():
    """jsonschema, imported where a file is to be checked by it (a build of valid files never is:
    the fast check below accepts them), not by every build's start."""
    import jsonschema

    return jsonschema


@functools.cache
def validators() -> dict:
    """The schemas' jsonschema validators, by kind ("angebot", "traeger"), with the directory's
    minLength, pattern and formats."""
    jsonschema = _jsonschema()
    import referencing

    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(_check_date)
    formats.checks("email")(_check_email)
    formats.checks("uri")(_check_web_url)
    validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"minLength": _min_length, "pattern": _pattern})
    registry = referencing.Registry().with_resources(
        (f"{name}.schema.json", referencing.Resource.from_contents(schema)) for name, schema in _SCHEMAS.items())
    return {name: validator(_inlined(schema, f"{name}.schema.json"), registry=registry, format_checker=formats)
            for name, schema in _SCHEMAS.items()}


# ---------------------------------------------------------------- the fast check
# Most files are valid. fastjsonschema (the schemas compiled to Python) tells that in a fifth of
# jsonschema's time (2000 offers: 0.075 s against 0.42 s); only where it does not accept a file does jsonschema check it, and its errors
# are the ones reported. The fast check must never accept what jsonschema refuses: the schemas use
# only keywords that draft 7 knows and means alike, and the two that the directory reads its own
# way (minLength in visible characters, pattern as JavaScript reads "$") become formats that call
# the same functions (tests/test_schema_rules.py compares both on thousands of altered files).

_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "required"})  # values that are data, not schemas
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "$defs"})  # name -> schema


def _fast_schema(schema, formats: dict):
    """The schema for fastjsonschema, its own formats added to formats."""
    if isinstance(schema, list):
        return [_fast_schema(item, formats) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted, checks = {}, []
    for key, value in schema.items():
        if key == "minLength":
            name = f"angebote-sichtbar-{value}"
            formats[name] = lambda text, minimum=value: visible_length(text) >= minimum
            checks.append({"format": name})
        elif key == "pattern":
            name = f"angebote-muster-{len(formats)}"  # (the name goes into fastjsonschema's code as it is)
            formats[name] = lambda text, regex=_js_pattern(value): regex.search(text) is not None
            checks.append({"format": name})
        elif key == "$ref":
            raise ValueError(f"Schema: {value} ist nicht eingesetzt")  # _inlined leaves none
        elif key in _DATA_KEYWORDS:
            converted[key] = value
        elif key in _NAMED_SCHEMAS:
            converted[key] = {name: _fast_schema(sub, formats) for name, sub in value.items()}
        else:
            converted[key] = _fast_schema(value, formats)
    if checks:
        converted["allOf"] = [*converted.get("allOf", []), *checks]
    return converted


def _fast_check(schema):
    formats = {"date": _check_date, "email": _check_email, "uri": _check_web_url}
    draft7 = {**_fast_schema(schema, formats), "$schema": "http://json-schema.org/draft-07/schema#"}
    draft7.pop("$defs", None)
    return fastjsonschema.compile(draft7, formats=formats, use_default=False)


FAST_CHECKS = {name: _fast_check(_inlined(schema, f"{name}.schema.json")) for name, schema in _SCHEMAS.items()}


def accepted(kind: str, data) -> bool:
    """Whether the fast check accepts data as valid (then jsonschema would find no error)."""
    try:
        FAST_CHECKS[kind](data)
    except Exception:  # refused (or anything else the check stumbled over): jsonschema decides
        return False
    return True


_TYPE_NAMES = {
    "string": "ein Text",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "true oder false",
    "array": "eine Liste (Zeilen mit „- “ oder [a, b])",
    "object": "eine Gruppe von Feldern",
    "null": "leer",
}
_FORMAT_TEXT = {
    "date": "ist kein gültiges Datum; erwartet wird JJJJ-MM-TT, z. B. 2025-03-31",
    "email": "ist keine gültige E-Mail-Adresse",
    "uri": "ist keine gültige Web-Adresse; erlaubt sind nur Adressen mit http:// oder https://",
}


def _field_name(path) -> str:
    parts = []
    for part in path:
        parts.append(f"Nr. {part + 1}" if isinstance(part, int) else str(part))
    return " → ".join(parts) if parts else "Datei"


def _suggest(value: str, choices) -> str:
    match = difflib.get_close_matches(str(value).casefold(), list(choices), n=1, cutoff=0.6)
    return f" Meinten Sie „{match[0]}“?" if match else ""


def _missing_field(error: jsonschema.ValidationError) -> str:
    return re.search(r"'([^']+)'", error.message).group(1)


def _iso_date(value) -> str | None:
    """A German date ("1.3.2026", "01. 03. 2026") as JJJJ-MM-TT, or None if value is none."""
    match = re.fullmatch(r"\s*(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\s*", str(value))
    if not match:
        return None
    day, month, year = map(int, match.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _schema_message(error: jsonschema.ValidationError) -> tuple[tuple, str]:
    """A German message for one schema error, and the field path it belongs to."""
    path = tuple(error.absolute_path)
    name = _field_name(path)
    kind = error.validator
    value = error.instance
    if kind == "required":
        missing = _missing_field(error)
        where = f" in „{name}“" if path else ""
        return path, f"Pflichtfeld „{missing}“ fehlt{where}."
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        extras = sorted(set(value) - set(known))
        key = extras[0]
        return path + (key,), f"Unbekanntes Feld „{key}“.{_suggest(key, known)}"
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " oder ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        return path, f"„{name}“ muss {names} sein, nicht {value!r}."
    if kind == "format":
        suggestion = _iso_date(value) if error.validator_value == "date" else None
        return path, (f"„{name}“: „{value}“ {_FORMAT_TEXT.get(error.validator_value, 'hat nicht die erwartete Form')}."
                      + (f" Meinten Sie „{suggestion}“?" if suggestion else ""))
    if kind == "minLength":
        return path, f"„{name}“ ist zu kurz oder leer (mindestens {error.validator_value} Zeichen)."
    if kind == "maxLength":
        return path, f"„{name}“ ist zu lang ({len(value)} Zeichen, höchstens {error.validator_value})."
    if kind == "minItems":
        return path, f"„{name}“ darf keine leere Liste sein."
    if kind in ("maxItems", "maxProperties"):
        return path, f"„{name}“ hat zu viele Einträge ({len(value)}, höchstens {error.validator_value})."
    if kind == "minProperties":
        return path, f"„{name}“ darf nicht leer sein."
    if kind == "uniqueItems":
        return path, f"„{name}“ enthält einen Eintrag doppelt."
    if kind in ("minimum", "exclusiveMinimum"):
        return path, f"„{name}“ ist zu klein ({value})."
    if kind in ("maximum", "exclusiveMaximum"):
        return path, f"„{name}“ ist zu groß ({value})."
    if kind == "pattern":
        hints = {
            "phone": "eine Telefonnummer aus Ziffern, z. B. 02541 18-0",
            "postcode": "eine fünfstellige Postleitzahl",
            "languages": "ein Sprachkürzel nach ISO 639-1 aus zwei Kleinbuchstaben, z. B. de, en, tr, ar, uk, ru",
            "translations": "ein Sprachkürzel nach ISO 639-1 aus zwei Kleinbuchstaben, z. B. en, tr, ar, uk, ru",
            "days": "ein Wochentag: mo, di, mi, do, fr, sa oder so",
            "opens": "eine Uhrzeit wie 09:00",
            "closes": "eine Uhrzeit wie 17:30 (24:00 für Mitternacht)",
        }
        hint = next((h for key, h in hints.items() if key in path), "eine andere Form")
        return path, f"„{name}“: „{value}“ hat nicht die erwartete Form, erwartet wird {hint}."
    return path, f"„{name}“ ist ungültig ({error.message})."


def schema_problems(kind: str, doc: Document, path: str) -> tuple[list[Problem], set]:
    """Schema errors as problems, and the top-level fields they concern."""
    problems, fields = [], set()
    if accepted(kind, doc.data):
        return problems, fields
    for error in validators()[kind].iter_errors(doc.data):
        field_path, message = _schema_message(error)
        problems.append(Problem(path, doc.line(field_path), message))
        if field_path:
            fields.add(field_path[0])
        else:  # a required field is missing at the top
            fields.add(_missing_field(error) if error.validator == "required" else None)
    return problems, fields


# ---------------------------------------------------------------- taxonomy

def _settings_file(path: str, what: str, limit: int) -> tuple[Document | None, list[Problem]]:
    """A county's YAML file (taxonomy, search words), read with the same checks as the offers'
    front matter, and refused unparsed above ``limit`` bytes; ``what`` names it in the messages."""
    raw, problems = read_county_file(path, limit, what)
    if raw is None:
        return None, problems
    text, problems = read_text(raw, path)
    if text is None:
        return None, problems
    return parse_yaml(text, path, first_line=1)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read taxonomie.yml; raises ValidationFailed on errors."""
    path = str(path)
    doc, problems = _settings_file(path, "Die Taxonomie-Datei", TAXONOMY_BYTES)
    if doc is not None and not problems:
        data = doc.data if isinstance(doc.data, dict) else {}
        sections = {}
        lines: dict[str, int] = {}  # each town's line
        for key in ("lebensbereiche", "orte", "altersgruppen"):
            terms = {}
            entries = data.get(key)
            if not isinstance(entries, list) or not entries:
                problems.append(Problem(path, doc.line((key,)), f"„{key}“ muss eine nicht leere Liste sein."))
                continue
            if len(entries) > limits.TAXONOMY_LISTS[key]:
                problems.append(_too_long_list(key, len(entries), doc, path))
                continue
            for index, entry in enumerate(entries):
                line = doc.line((key, index))
                if not isinstance(entry, dict) or not SLUG.fullmatch(str(entry.get("slug", ""))) or not entry.get("label"):
                    problems.append(Problem(path, line, f"Jeder Eintrag in „{key}“ braucht „slug“ (klein, mit Bindestrichen) und „label“."))
                    continue
                if entry["slug"] in terms:
                    problems.append(Problem(path, line, f"„{entry['slug']}“ steht doppelt in „{key}“."))
                    continue
                labels = entry.get("labels") or {}
                if not isinstance(labels, dict) or not all(isinstance(v, str) and v for v in labels.values()):
                    problems.append(Problem(path, line, "„labels“ braucht je Sprachkürzel einen Text, z. B. {en: Health, ar: الصحة}."))
                    continue
                point = None
                if key == "orte" and ("lat" in entry or "lon" in entry):
                    point = lon_lat(entry.get("lon"), entry.get("lat"))
                    if point is None:
                        problems.append(Problem(path, line, "„lat“ und „lon“ (die Mitte des Ortes für die Karte) sind zwei Zahlen, "
                                                            "z. B. lat: 51.946 und lon: 7.168."))
                        continue
                districts = entry.get("ortsteile", []) if key == "orte" else []
                if not isinstance(districts, list) or len(districts) > limits.DISTRICTS or not all(
                        isinstance(d, str) and visible_length(d) and len(d) <= 60 for d in districts):
                    problems.append(Problem(path, line, f"„ortsteile“ ist eine Liste von höchstens {limits.DISTRICTS} Namen "
                                                        "(je höchstens 60 Zeichen), z. B. [Vinnum]."))
                    continue
                if key == "orte":
                    lines[entry["slug"]] = line
                terms[entry["slug"]] = Term(
                    districts=tuple(" ".join(d.split()) for d in districts),
                    point=point,
                    slug=entry["slug"],
                    label=str(entry["label"]),
                    labels={str(k): v for k, v in labels.items()},
                    county_wide=entry.get("kreisweit") is True,
                    pregnancy=entry.get("schwangerschaft") is True,
                    age_from=entry.get("von"),
                    age_to=entry.get("bis"),
                )
                term = terms[entry["slug"]]
                if key == "altersgruppen" and not term.pregnancy and not (
                    isinstance(term.age_from, (int, float)) and isinstance(term.age_to, (int, float)) and term.age_from < term.age_to
                ):
                    problems.append(Problem(path, line, "Eine Altersgruppe braucht „von“ kleiner als „bis“ (in Jahren)."))
            sections[key] = terms
            if key == "orte":
                problems += _district_clashes(terms, lines, path)
        programmes = _taxonomy_entries(data, doc, path, problems, "programme", _programme,
                                       ("zielgruppe_labels", "beschreibung_labels"))
        vouchers = _taxonomy_entries(data, doc, path, problems, "gutscheine", _voucher, ("erhalten_labels",))
        region_labels = _texts(data, "region_labels")
        if region_labels is None:
            problems.append(Problem(path, doc.line(("region_labels",)), "„region_labels“ braucht je Sprachkürzel einen Text, z. B. {en: Coesfeld district}."))
        if not problems:
            return Taxonomy(
                region=str(data.get("region", "")),
                region_labels=region_labels,
                areas=sections["lebensbereiche"],
                towns=sections["orte"],
                bands=sections["altersgruppen"],
                programmes=programmes,
                vouchers=vouchers,
            )
    raise ValidationFailed(problems)


def _district_clashes(towns: dict[str, Term], lines: dict[str, int], path: str) -> list[Problem]:
    """A district (Ortsteil) named twice, or named like a town: each name must stand for one town."""
    owner = {}
    for slug, town in towns.items():
        owner[name_key(slug)] = owner[name_key(town.label)] = slug
    problems = []
    for slug, town in towns.items():
        for district in town.districts:
            other = owner.get(name_key(district))
            if other is None:
                owner[name_key(district)] = slug
            else:
                problems.append(Problem(path, lines[slug], f"Der Ortsteil „{district}“ von „{slug}“ heißt wie ein Ort oder ein "
                                                           f"anderer Ortsteil (bei „{other}“): jeder Name gehört zu einem Ort."))
    return problems


def _texts(entry: dict, key: str) -> dict[str, str] | None:
    """A field's translations ({en: …, ar: …}), or None if they are not texts by language code."""
    texts = entry.get(key) or {}
    if not isinstance(texts, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in texts.items()):
        return None
    return texts


def _too_long_list(key: str, count: int, doc: Document, path: str) -> Problem:
    return Problem(path, doc.line((key,)), f"„{key}“ hat zu viele Einträge: {limits.number(count)}, höchstens "
                                           f"{limits.number(limits.TAXONOMY_LISTS[key])}.")


def _taxonomy_entries(data: dict, doc: Document, path: str, problems, key: str, make, translated: tuple) -> dict:
    """An optional list of taxonomie.yml (programmes, vouchers): slug, label, labels, aliases, the
    translations named in translated, and the fields make(entry, texts, aliases) reads; a name or
    alias may stand for one entry only."""
    entries = data.get(key)
    if entries is None:
        return {}
    if not isinstance(entries, list):
        problems.append(Problem(path, doc.line((key,)), f"„{key}“ muss eine Liste sein."))
        return {}
    if len(entries) > limits.TAXONOMY_LISTS[key]:
        problems.append(_too_long_list(key, len(entries), doc, path))
        return {}
    found, names = {}, {}
    for index, entry in enumerate(entries):
        line = doc.line((key, index))
        if not isinstance(entry, dict) or not SLUG.fullmatch(str(entry.get("slug", ""))) or not isinstance(entry.get("label"), str):
            problems.append(Problem(path, line, f"Jeder Eintrag in „{key}“ braucht „slug“ (klein, mit Bindestrichen) und „label“."))
            continue
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or len(aliases) > limits.ALIASES or not all(isinstance(a, str) and a.strip() for a in aliases):
            problems.append(Problem(path, line, f"„aliases“ ist eine Liste von höchstens {limits.ALIASES} Namen, "
                                                "z. B. [KeKiz, Kein Kind zurücklassen]."))
            continue
        texts = {}
        for field_name in ("labels", *translated):
            texts[field_name] = _texts(entry, field_name)
            if texts[field_name] is None:
                problems.append(Problem(path, line, f"„{field_name}“ braucht je Sprachkürzel einen Text, z. B. {{en: …, ar: …}}."))
        if None in texts.values():
            continue
        item = make(entry, texts, tuple(aliases))
        clash = next((names[n] for n in (item.slug, item.label, *item.aliases) if same_name(n) in names), None)
        if clash:
            problems.append(Problem(path, line, f"„{entry['slug']}“: ein Name steht schon bei „{clash}“ in „{key}“."))
            continue
        for name in (item.slug, item.label, *item.aliases):
            names[same_name(name)] = item.slug
        found[item.slug] = item
    return found


def _programme(entry: dict, texts: dict, aliases: tuple) -> Programme:
    return Programme(slug=entry["slug"], label=entry["label"], funding=str(entry.get("foerderung", "")),
                     audience=str(entry.get("zielgruppe", "")), description=str(entry.get("beschreibung", "")),
                     aliases=aliases, labels=texts["labels"], audiences=texts["zielgruppe_labels"],
                     descriptions=texts["beschreibung_labels"])


def _voucher(entry: dict, texts: dict, aliases: tuple) -> Voucher:
    return Voucher(slug=entry["slug"], label=entry["label"], how=str(entry.get("erhalten", "")), aliases=aliases,
                   labels=texts["labels"], hows=texts["erhalten_labels"])

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´′"} | {c: "-" for c in "–—‑‐"})


def same_name(name: str) -> str:
    """A programme's or voucher's name as compared: no case, one kind of apostrophe and dash, single spaces."""
    return " ".join(str(name).translate(_APOSTROPHES).casefold().split())


def _alias_index(vocabulary: dict) -> dict:
    """same_name of every slug, label and alias of a list of programmes or vouchers → the entry."""
    return {same_name(name): item for slug, item in vocabulary.items() for name in (slug, item.label, *item.aliases)}


def _named(values, vocabulary: dict, unknown: str, key: tuple, doc: Document, path: str, problems) -> list:
    """Entries of a taxonomy list named by slug, name or alias (values: one name or a list);
    unknown starts the message for a name that is none of them ("Unbekanntes Programm")."""
    by_name = _indexed(vocabulary, _alias_index)
    items = []
    many = isinstance(values, list)
    for index, value in enumerate(values if many else [values]):
        item = by_name.get(same_name(value))
        if item is None:
            known = ", ".join(f"„{i.label}“" for i in vocabulary.values()) or "keiner (taxonomie.yml nennt noch keinen)"
            close = difflib.get_close_matches(same_name(value), list(by_name), n=1, cutoff=0.6)
            hint = f" Meinten Sie „{by_name[close[0]].label}“?" if close else ""
            problems.append(Problem(path, doc.line((*key, index) if many else key),
                                    f"{unknown} „{value}“.{hint} Bekannt: {known}."))
        elif item not in items:
            items.append(item)
    return items


def _not_a_language(code: str) -> str:
    """The message for a language code (of „languages“ or „translations“) that ISO 639-1 does not know."""
    return (f"„{code}“ ist kein Sprachkürzel nach ISO 639-1 (zwei Kleinbuchstaben, z. B. de, en, tr, ar, uk, ru)."
            f"{_suggest(code, ISO_639_1)}")


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def name_key(name: str) -> str:
    """A town's or area's name as compared: no case, umlauts as in slugs (ä → ae), single spaces,
    so that "Olfen", "DÜLMEN" and "duelmen" name their town."""
    return " ".join(str(name).casefold().translate(_UMLAUTS).split())


_INDEXES: dict[tuple, tuple[dict, dict]] = {}


def _indexed(vocabulary: dict, make) -> dict:
    """make(vocabulary), made once per list of the taxonomy (not once per offer that names one)."""
    known = _INDEXES.get((id(vocabulary), make))
    if known is None or known[0] is not vocabulary:
        if len(_INDEXES) > 16:
            _INDEXES.clear()
        known = _INDEXES[id(vocabulary), make] = (vocabulary, make(vocabulary))
    return known[1]


def _name_index(vocabulary: dict[str, Term]) -> dict[str, tuple[str, str] | None]:
    """name_key of every slug, label and district (Ortsteil) of a taxonomy list → (slug, the
    district or ""); None where a name stands for two entries."""
    index: dict[str, tuple[str, str] | None] = {}
    for slug, term in vocabulary.items():
        for name, district in [(slug, ""), (term.label, ""), *((d, d) for d in term.districts)]:
            key = name_key(name)
            before = index.get(key, (slug, district))
            index[key] = (slug, district) if before is not None and before[0] == slug else None
    return index


def _terms(values, vocabulary: dict[str, Term], what: str, key: str, doc: Document, path: str, problems,
           hints: list | None = None) -> list[Term]:
    """The entries a list of names stands for: each a slug, or a label or slug in any case, or a
    district (Ortsteil) of a town, which stands for its town with a hint (added to hints)."""
    terms = []
    index = _indexed(vocabulary, _name_index)
    for position, value in enumerate(values):
        found = (value, "") if value in vocabulary else index.get(name_key(value))
        if found is None:
            close = difflib.get_close_matches(name_key(value), [k for k, v in index.items() if v], n=1, cutoff=0.6)
            hint = f" Meinten Sie „{index[close[0]][0]}“?" if close else ""
            problems.append(
                Problem(path, doc.line((key, position)), f"Unbekannter {what} „{value}“.{hint} Erlaubt: {', '.join(vocabulary)}.")
            )
            continue
        slug, district = found
        term = vocabulary[slug]
        if district and hints is not None:
            hints.append((doc.line((key, position)), f"„{value}“ ist ein Ortsteil von {term.label}: das Angebot steht unter "
                                                      f"{term.label} (in „{key}“ kurz „{slug}“)."))
        if term not in terms:
            terms.append(term)
    return terms


# ---------------------------------------------------------------- model

def _phone(value: str, region: str, doc: Document, at: tuple, path: str, problems) -> str:
    """tel: target for a phone number, or a problem if it cannot be a number."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        problems.append(Problem(path, doc.line(at), f"„{value}“ ist keine mögliche Telefonnummer."))
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _contacts(entries, key_path: tuple, region: str, doc: Document, path: str, problems) -> list[Contact]:
    contacts = []
    for index, entry in enumerate(entries or []):
        phone = str(entry.get("phone", ""))
        contacts.append(
            Contact(
                name=entry["name"],
                role=entry.get("role", ""),
                phone=phone,
                phone_uri=_phone(phone, region, doc, key_path + (index, "phone"), path, problems),
                email=entry.get("email", ""),
            )
        )
    return contacts


def _location(entry: dict) -> Location:
    return Location(
        city=entry["city"],
        name=entry.get("name", ""),
        street=entry.get("street", ""),
        postcode=str(entry.get("postcode", "")),
        lat=entry.get("lat"),
        lon=entry.get("lon"),
    )


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _read_bytes(file: Path, kind: str, problems) -> bytes | None:
    """A data file's bytes, or a problem if it is too large or cannot be read."""
    path = str(file)
    limit = MAX_FILE_BYTES[kind]
    try:
        size = file.stat().st_size
        if size > limit:
            problems.append(Problem(path, 1, f"Die Datei ist zu groß ({size // 1024} KiB, höchstens {limit // 1024} KiB)."))
            return None
        return file.read_bytes()
    except OSError as error:
        problems.append(Problem(path, 1, f"Die Datei kann nicht gelesen werden ({error.strerror or error})."))
        return None


def _near_provider_file(names: list[str]) -> str | None:
    """A file name that was probably meant as traeger.yml ("traeger.yaml"), if that file is missing."""
    if PROVIDER_FILE in names:
        return None
    near = difflib.get_close_matches(PROVIDER_FILE, names, n=1, cutoff=0.6)
    return near[0] if near else None


def _read_provider(folder: Path, names: list[str], near: str | None, region: str, problems) -> Provider | None:
    """The provider of a folder whose files are ``names`` (``near``: the misnamed provider file)."""
    file = folder / PROVIDER_FILE
    path = str(file)
    if PROVIDER_FILE not in names:
        if file.is_dir():
            return None  # the folder walk says that it is a folder
        hint = f" Gefunden wurde „{near}“: bitte in „{PROVIDER_FILE}“ umbenennen." if near else ""
        problems.append(Problem(path, 1, f"Dem Träger-Ordner fehlt die Datei „{PROVIDER_FILE}“ mit Name und Kontakt des Trägers.{hint}"))
        return None
    raw = _read_bytes(file, "provider", problems)
    if raw is None:
        return None
    text, found = read_text(raw, path)
    doc = None
    if text is not None:
        doc, found = parse_yaml(text, path, first_line=1)
    problems.extend(found)
    if doc is None or found:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(path, 1, "Die Datei muss Felder wie „name: …“ enthalten."))
        return None
    found, _ = schema_problems("traeger", doc, path)
    problems.extend(found)
    if found:
        return None
    data = doc.data
    address = data.get("address")
    phone = str(data.get("phone", ""))
    return Provider(
        slug=folder.name,
        name=data["name"],
        source=path,
        kind=data.get("kind", ""),
        address=_location(address) if address else None,
        phone=phone,
        phone_uri=_phone(phone, region, doc, ("phone",), path, problems),
        email=data.get("email", ""),
        url=data.get("url", ""),
        contacts=_contacts(data.get("contacts"), ("contacts",), region, doc, path, problems),
    )


def _body_html(doc: Document, path: str, problems) -> str:
    """The description as safe HTML, after the limits that keep Markdown fast."""
    body = doc.body
    first = doc.body_line
    if len(body) > MAX_BODY_CHARS:
        problems.append(Problem(path, first, f"Die Beschreibung ist zu lang ({len(body)} Zeichen, höchstens {MAX_BODY_CHARS}). "
                                             "Bitte kürzen und auf die eigene Website verweisen."))
        return ""
    brackets = body.count("[")
    if brackets > MAX_BRACKETS:
        line = first + body[: body.index("[")].count("\n")
        problems.append(Problem(path, line, f"Die Beschreibung enthält {brackets} eckige Klammern „[“, höchstens {MAX_BRACKETS} "
                                            "(für Links). Bitte die übrigen weglassen."))
        return ""
    for match in re.finditer(r"\S{%d,}" % (MAX_WORD + 1), body):
        word = match.group()
        web = "://" in word or "www." in word or "@" in word
        if len(word) > (MAX_WEB_WORD if web else MAX_WORD):
            line = first + body.count("\n", 0, match.start())
            what = f"Die Web-Adresse ist zu lang ({len(word)} Zeichen, höchstens {MAX_WEB_WORD})" if web else (
                f"Das Wort „{word[:20]}…“ ist zu lang ({len(word)} Zeichen ohne Leerzeichen, höchstens {MAX_WORD})")
            problems.append(Problem(path, line, what + "."))
            return ""
    try:
        return markdown_to_html(body)
    except TooDeep:
        problems.append(Problem(path, first, "Die Beschreibung ist zu tief verschachtelt (Listen, Zitate oder Hervorhebungen "
                                             "ineinander). Bitte einfacher gliedern."))
        return ""


def _read_offer(file: Path, provider: Provider, taxonomy: Taxonomy, today: datetime.date, region: str, content_lang: str,
                problems) -> Offer | None:
    path = str(file)
    raw = _read_bytes(file, "offer", problems)
    if raw is None:
        return None
    doc, found = read_front_matter(raw, path)
    problems.extend(found)
    if doc is None or found:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(path, 2, "Zwischen den „---“-Zeilen müssen Felder wie „title: …“ stehen."))
        return None
    found, bad = schema_problems("angebot", doc, path)
    data = doc.data
    # The checks below need the right types: each runs only on fields the schema accepted.
    hints: list[tuple[int, str]] = []  # what make check says beside the errors
    if None not in bad:
        if "areas" not in bad:
            areas = _terms(data["areas"], taxonomy.areas, "Lebensbereich", "areas", doc, path, found)
        if "municipalities" not in bad:
            towns = _terms(data["municipalities"], taxonomy.towns, "Ort", "municipalities", doc, path, found, hints)
            if len(towns) > 1 and any(t.county_wide for t in towns):
                found.append(Problem(path, doc.line(("municipalities",)), "„kreisweit“ steht allein: ein kreisweites Angebot gilt schon für alle Orte."))
        age_from, age_to = data.get("age_from"), data.get("age_to")
        if not bad & {"age_from", "age_to"}:
            if (age_from is None) != (age_to is None):
                found.append(Problem(path, doc.line(("age_from",) if age_from is not None else ("age_to",)), "„age_from“ und „age_to“ gehören zusammen: bitte beide angeben."))
            elif age_from is not None and age_from >= age_to:
                found.append(
                    Problem(
                        path,
                        doc.line(("age_from",)),
                        f"„age_from“ ({age_from}) muss kleiner als „age_to“ ({age_to}) sein. "
                        f"„age_to“ zählt nicht mehr mit: „age_to: 6“ heißt „bis zum 6. Geburtstag“.",
                    )
                )
        if "languages" not in bad:
            for index, code in enumerate(data.get("languages", [])):
                if code not in ISO_639_1:
                    found.append(Problem(path, doc.line(("languages", index)), _not_a_language(code)))
        if "translations" not in bad:
            for code in data.get("translations", {}):
                if code == content_lang:
                    found.append(Problem(path, doc.line(("translations", code)),
                                         f"„{code}“ ist die Sprache, in der die Angebote geschrieben sind: Titel und Kurzbeschreibung "
                                         f"in dieser Sprache stehen in „title“ und „summary“, nicht unter „translations“."))
                elif code not in ISO_639_1:
                    found.append(Problem(path, doc.line(("translations", code)), _not_a_language(code)))
        if "reviewed" not in bad:
            reviewed = datetime.date.fromisoformat(data["reviewed"])
            if reviewed > today:
                found.append(Problem(path, doc.line(("reviewed",)), f"„reviewed“ ({reviewed}) liegt in der Zukunft."))
        if "contacts" not in bad:
            contacts = _contacts(data.get("contacts"), ("contacts",), region, doc, path, found)
        hours = []
        if "hours" not in bad:
            for index, entry in enumerate(data.get("hours", [])):
                if entry["opens"] == entry["closes"]:
                    found.append(Problem(path, doc.line(("hours", index, "closes")),
                                         f"„opens“ und „closes“ sind gleich ({entry['opens']}): bitte die Zeit angeben, zu der geschlossen wird."))
                    continue
                hours.append(Opening(tuple(entry["days"]), entry["opens"], entry["closes"]))
        programmes = []
        if "initiative" in data and "initiative" not in bad:
            programmes = _named(data["initiative"], taxonomy.programmes, "Unbekanntes Programm", ("initiative",), doc, path, found)
        accepts = []
        if "accepts" not in bad:
            for index, entry in enumerate(data.get("accepts", [])):
                named = _named(entry["voucher"], taxonomy.vouchers, "Unbekannter Gutschein", ("accepts", index, "voucher"), doc, path, found)
                accepts += [Accepted(voucher, entry.get("cost", "")) for voucher in named
                            if voucher not in (a.voucher for a in accepts)]
    body_html = ""
    if not found:
        body_html = _body_html(doc, path, found)
    problems.extend(found)
    if found:
        return None
    pregnancy = data.get("pregnancy", False)
    valid_until = data.get("valid_until")
    return Offer(
        slug=file.stem,
        provider=provider,
        source=path,
        title=data["title"],
        summary=data["summary"],
        body_html=body_html,
        body_text=html_to_text(body_html),
        areas=areas,
        towns=towns,
        bands=[b for b in taxonomy.bands.values() if band_overlaps(b, age_from, age_to, pregnancy)],
        reviewed=reviewed,
        age_from=age_from,
        age_to=age_to,
        pregnancy=pregnancy,
        target_groups=data.get("target_groups", []),
        languages=data.get("languages", []),
        cost=data.get("cost", ""),
        registration=data.get("registration", ""),
        accessible=data.get("accessible"),
        contacts=contacts,
        locations=[_location(entry) for entry in data.get("locations", [])],
        schedule=data.get("schedule", ""),
        hours=hours,
        hours_note=data.get("hours_note", ""),
        url=data.get("url", ""),
        programmes=programmes,
        accepts=accepts,
        translations=data.get("translations", {}),
        valid_until=datetime.date.fromisoformat(valid_until) if valid_until else None,
        stale=reviewed < one_year_before(today),
        lines={key: doc.line((key,)) for key in data},
        hints=hints,
    )


def _entries(folder: Path, problems) -> list[Path]:
    """A folder's entries, sorted, without links (each a problem)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        problems.append(Problem(str(folder), 1, f"Der Ordner kann nicht gelesen werden ({error.strerror or error})."))
        return []
    kept = []
    for entry in entries:
        if entry.is_symlink():
            problems.append(Problem(str(entry), 1, "Verknüpfungen (Symlinks) sind im Datenordner nicht erlaubt: "
                                                   "bitte die Datei selbst hierher legen."))
        else:
            kept.append(entry)
    return kept


def _too_many_entries_in(folder: Path, limit: int, what: str, allowed: str) -> Problem | None:
    """A problem if folder holds more than limit entries (counted without reading more than
    limit + 1 of them), else None."""
    try:
        with os.scandir(folder) as entries:
            count = sum(1 for _ in itertools.islice(entries, limit + 1))
    except OSError:
        return None  # _entries says why it cannot be read
    if count <= limit:
        return None
    return Problem(str(folder), 1, f"Zu viele {what}: mehr als {limits.number(limit)}, {allowed}.")


def _looks_like_offer(name: str) -> bool:
    lower = name.casefold()
    return any(lower.endswith(ending) for ending in (".md", ".markdown", ".mdown", ".md.txt", ".txt", ".dm"))


def _not_an_offer(entry: Path) -> Problem | None:
    """Why an entry of a provider folder is not an offer file, or None if it is one."""
    path, name = str(entry), entry.name
    if entry.is_dir():
        if name.endswith(".md"):
            return Problem(path, 1, "Das ist ein Ordner, keine Angebotsdatei: ein Angebot ist eine Datei „<name>.md“.")
        if name == PROVIDER_FILE:
            return Problem(path, 1, f"„{PROVIDER_FILE}“ ist hier ein Ordner: es muss eine Datei sein.")
        return Problem(path, 1, "Unterordner werden nicht gelesen: Angebote liegen direkt im Ordner ihres Trägers.")
    if not entry.is_file():
        return Problem(path, 1, "Das ist keine gewöhnliche Datei und wird nicht gelesen.")
    if name.endswith(".md"):
        if not SLUG.fullmatch(entry.stem):
            return Problem(path, 1, f"Der Dateiname „{name}“ muss aus Kleinbuchstaben, Ziffern und Bindestrichen bestehen "
                                    "(ä als ae, ß als ss), z. B. „elterncafe-duelmen.md“.")
        return None
    if _looks_like_offer(name):
        stem = re.sub(r"(\.md)?\.[^.]*$", "", name, flags=re.IGNORECASE) or name
        return Problem(path, 1, f"Angebotsdateien enden auf „.md“ (klein geschrieben): bitte in „{stem.lower()}.md“ umbenennen.")
    return Problem(path, 1, f"Diese Datei wird nicht gelesen: im Ordner eines Trägers stehen nur „{PROVIDER_FILE}“, "
                            f"Angebote „<name>.md“ und „{README}“.")


# From this many offer files on, a second process reads half of them (where there are two cores):
# below, starting it and sending back what it read take longer than it saves.
READ_IN_TWO_FROM = 200


def _read_offers(jobs: list, taxonomy: Taxonomy, today: datetime.date, region: str, content_lang: str,
                 providers: list) -> list[tuple]:
    """(offer or None, its problems) for each (file, provider) of jobs, in their order. Where there
    are many, a forked process reads beside this one: each takes the next file not yet taken, so
    that both end together (the second process starts later and runs slower, its memory copied as
    it writes), and the other sends back new objects only (the providers and the taxonomy's terms
    the offers refer to stay the ones read here)."""

    def read(index: int) -> tuple:
        file, provider = jobs[index]
        found: list[Problem] = []
        return _read_offer(file, provider, taxonomy, today, region, content_lang, found), found

    if len(jobs) < READ_IN_TWO_FROM or not side_by_side():
        return [read(index) for index in range(len(jobs))]
    # The number of files either process has taken, shared without a lock (a lock that a killed
    # process held would stop the other for ever). Where both take the same number at once, or one
    # writes back a number the other has passed, a file is read twice, which gives the same; none is
    # passed over, as each number is written by a process that took the file before it.
    taken = multiprocessing.get_context("fork").RawValue("l", 0)

    def read_taken() -> dict[int, tuple]:
        results = {}
        while (index := taken.value) < len(jobs):
            taken.value = index + 1
            results[index] = read(index)
        return results

    finish = in_child(read_taken, shared=(taxonomy, *providers), collect=False)
    results = read_taken()
    try:
        results.update(finish())
    except ChildFailed:
        pass  # the other process failed: what it had taken is read here
    return [results[index] if index in results else read(index) for index in range(len(jobs))]


def _same(a, b) -> bool:
    """The very same object (a provider, the taxonomy), or an equal value (a date, a region code)."""
    return a is b or (not hasattr(a, "__dict__") and type(a) is type(b) and a == b)


def _read_now(file: Path, depends_on: tuple, read, problems: list[Problem]):
    """What ReadMemo.read does without a memo: read the file."""
    return read(problems)


class ReadMemo:
    """What each file gave when it was last read (make dev reads the same folder again after every
    change): a file whose bytes, and whatever else its reading depends on, are the same gives the
    same objects again without being parsed, so that unchanged offers stay the very same objects."""

    LARGEST = 4 * 1024 * 1024  # a larger file is read every time (and refused by its reader)

    def __init__(self):
        self._results: dict[str, tuple[bytes, tuple, object, list[Problem]]] = {}

    def read(self, file: Path, depends_on: tuple, read, problems: list[Problem]):
        """read(found) for file, or what it gave before for the same bytes and the same (identical)
        objects it depends on; its problems are added to problems either way."""
        path = str(file)
        try:
            raw = file.read_bytes() if file.stat().st_size <= self.LARGEST else None
        except OSError:
            raw = None
        known = self._results.get(path)
        if raw is not None and known is not None and known[0] == raw and len(known[1]) == len(depends_on) \
                and all(_same(a, b) for a, b in zip(known[1], depends_on)):
            problems.extend(known[3])
            return known[2]
        found: list[Problem] = []
        result = read(found)
        problems.extend(found)
        if raw is None:
            self._results.pop(path, None)
        else:
            self._results[path] = (raw, depends_on, result, found)
        return result


def load_directory(
    folder: str | Path,
    taxonomy: Taxonomy,
    today: datetime.date | None = None,
    phone_region: str = "DE",
    collation: str = "de_DE",
    memo: ReadMemo | None = None,
    content_lang: str = "de",
) -> Directory:
    """Read and check every provider folder; raises ValidationFailed with all problems.

    Every entry of the folder is either data or named in a message: nothing is skipped
    unseen but ``README.md`` files and the templates folder ``_vorlage/``. Links
    (symlinks) are refused, so that no file outside the folder is ever read.
    """
    today = today or datetime.date.today()
    root = Path(folder)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ValidationFailed([Problem(str(root), 1, "Der Ordner mit den Angeboten fehlt (Einstellung ANGEBOTE_PATH).")])
    providers, offers, expired = [], [], []
    read = memo.read if memo is not None else _read_now
    files: list[tuple[Path, Provider | None]] = []
    too_many = _too_many_entries_in(root, limits.PROVIDERS + 2, "Einträge im Datenordner",
                                    f"höchstens {limits.number(limits.PROVIDERS)} Ordner von Trägern")
    if too_many:
        raise ValidationFailed([too_many])
    for entry in _entries(root, problems):
        if entry.name == TEMPLATES and entry.is_dir() or entry.name == README and entry.is_file():
            continue
        if not entry.is_dir():
            message = ("Angebote gehören in den Ordner ihres Trägers: angebote/<träger>/<angebot>.md." if _looks_like_offer(entry.name)
                       else "Diese Datei wird nicht gelesen: hier stehen nur die Ordner der Träger.")
            problems.append(Problem(str(entry), 1, message))
            continue
        if not SLUG.fullmatch(entry.name):
            problems.append(Problem(str(entry), 1, f"Der Ordnername „{entry.name}“ muss aus Kleinbuchstaben, Ziffern und Bindestrichen bestehen."))
            continue
        too_many = _too_many_entries_in(entry, limits.OFFERS_PER_PROVIDER + 2, "Dateien in diesem Träger-Ordner",
                                        f"höchstens {limits.number(limits.OFFERS_PER_PROVIDER)} Angebote je Träger")
        if too_many:
            problems.append(too_many)
            continue
        children = _entries(entry, problems)
        names = [c.name for c in children if c.is_file()]
        near = _near_provider_file(names)
        provider = read(entry / PROVIDER_FILE, (phone_region,),
                        lambda found: _read_provider(entry, names, near, phone_region, found), problems)
        for child in children:
            if child.name in (PROVIDER_FILE, README) and child.is_file():
                continue
            if child.name == near and child.is_file():
                continue  # the message on the missing provider file names it
            problem = _not_an_offer(child)
            if problem:
                problems.append(problem)
                continue
            files.append((child, provider))
        if provider is not None:
            providers.append(provider)
        if len(files) > limits.OFFERS:  # (no more folders are walked)
            raise ValidationFailed(problems + [Problem(str(root), 1, f"Zu viele Angebote im Datenordner: mehr als "
                                                                     f"{limits.number(limits.OFFERS)}.")])
    by_slug = defaultdict(list)
    for file, _ in files:
        by_slug[file.stem].append(file)
    same_name = {file: [str(f) for f in by_slug[file.stem] if f != file] for file, _ in files}
    jobs = [(file, provider) for file, provider in files if provider is not None and not same_name[file]]
    # without a memo, every file is read now (in two processes, where there are many)
    read_now = iter(_read_offers(jobs, taxonomy, today, phone_region, content_lang, providers)) if memo is None else None
    for file, provider in files:
        others = same_name[file]
        if others:
            problems.append(Problem(str(file), 1, f"Den Dateinamen „{file.name}“ gibt es schon: {', '.join(others)}. "
                                                  "Jedes Angebot braucht einen eigenen Namen."))
            continue
        if provider is None:
            continue
        if read_now is not None:
            offer, found = next(read_now)
            problems.extend(found)
        else:
            offer = memo.read(file, (provider, taxonomy, today, phone_region, content_lang),
                              lambda found: _read_offer(file, provider, taxonomy, today, phone_region, content_lang, found),
                              problems)
        if offer is None:
            continue
        if offer.valid_until and offer.valid_until < today:
            expired.append(offer)
            continue
        offers.append(offer)
    if problems:
        raise ValidationFailed(problems)
    problems = limits.folder_problems(str(root), offers, expired, providers, taxonomy)
    if problems:
        raise ValidationFailed(problems)

    def by_title(offer: Offer):
        return sort_key(offer.title, collation)

    offers.sort(key=by_title)
    by_provider = defaultdict(list)
    for offer in offers:
        by_provider[offer.provider.slug].append(offer)
    for provider in providers:
        provider.offers = by_provider[provider.slug]
    providers.sort(key=lambda p: sort_key(p.name, collation))
    return Directory(taxonomy=taxonomy, providers=providers, offers=offers, expired=expired, today=today)


THESAURUS_WORD = 60  # longest word or phrase of the thesaurus
THESAURUS_ENTRIES = 2000
THESAURUS_WORDS = 20  # words or phrases of one language in one entry (the sample's have up to 5)
THESAURUS_LANGUAGES = 40  # language codes in one entry
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}\Z")


def load_thesaurus(path: str | Path) -> list[dict[str, list[str]]]:
    """Read the search words (suchwoerter.yml): a list of entries, each with the German words
    under ``de`` and what families type for them under other language codes."""
    path = str(path)
    doc, problems = _settings_file(path, "Die Datei mit den Suchwörtern", THESAURUS_BYTES)
    entries = []
    if doc is not None and not problems:
        data = doc.data
        if not isinstance(data, list):
            problems.append(Problem(path, 1, "Die Suchwörter sind eine Liste von Einträgen, z. B. „- de: [Hebamme]“ mit „en: [midwife]“."))
            data = []
        if len(data) > THESAURUS_ENTRIES:
            problems.append(Problem(path, 1, f"Höchstens {THESAURUS_ENTRIES} Einträge, nicht {len(data)}."))
            data = []
        for index, entry in enumerate(data):
            line = doc.line((index,))
            if not isinstance(entry, dict) or not entry.get("de") or len(entry) < 2:
                problems.append(Problem(path, line, "Jeder Eintrag braucht „de“ (die deutschen Wörter) und mindestens eine weitere Sprache."))
                continue
            if len(entry) > THESAURUS_LANGUAGES:
                problems.append(Problem(path, line, f"Ein Eintrag hat höchstens {THESAURUS_LANGUAGES} Sprachen, nicht {len(entry)}."))
                continue
            words = {}
            for code, values in entry.items():
                values = [values] if isinstance(values, str) else values
                if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
                    problems.append(Problem(path, doc.line((index, code)) if isinstance(code, str) else line,
                                            f"„{code}“ ist kein Sprachkürzel (zwei oder drei kleine Buchstaben, z. B. en)."))
                elif not isinstance(values, list) or not values or len(values) > THESAURUS_WORDS or not all(
                        isinstance(v, str) and v.strip() and len(v) <= THESAURUS_WORD and not _FORBIDDEN_IN_VALUE.search(v) and "\n" not in v for v in values):
                    problems.append(Problem(path, doc.line((index, code)),
                                            f"„{code}“ braucht ein Wort oder eine Liste von höchstens {THESAURUS_WORDS} Wörtern "
                                            f"(je höchstens {THESAURUS_WORD} Zeichen)."))
                else:
                    words[code] = [v.strip() for v in values]
            entries.append(words)
    if problems:
        raise ValidationFailed(problems)
    return entries


def read_directory(settings, memo: ReadMemo | None = None) -> Directory:
    """The directory the settings (ANGEBOTE_*) point to; with a memo (make dev), files unchanged
    since its last read are not parsed again."""
    today = setting(settings, "ANGEBOTE_TODAY")
    taxonomy_path = Path(setting(settings, "ANGEBOTE_TAXONOMY"))
    failure: list[Problem] = []
    taxonomy = (memo.read if memo is not None else _read_now)(
        taxonomy_path, (), lambda found: _taxonomy_or_problems(taxonomy_path, found), failure)
    if failure:
        raise ValidationFailed(failure)
    thesaurus_path = setting(settings, "ANGEBOTE_THESAURUS")
    thesaurus = load_thesaurus(thesaurus_path) if thesaurus_path else []
    directory = load_directory(
        setting(settings, "ANGEBOTE_PATH"),
        taxonomy,
        today=datetime.date.fromisoformat(str(today)) if today else None,
        phone_region=setting(settings, "ANGEBOTE_PHONE_REGION"),
        content_lang=setting(settings, "ANGEBOTE_CONTENT_LANG"),
        collation=setting(settings, "ANGEBOTE_COLLATION"),
        memo=memo,
    )
    directory.thesaurus = thesaurus
    map_path = setting(settings, "ANGEBOTE_MAP")
    try:
        directory.map = load_map(map_path, taxonomy)
    except MapFailed as failed:
        raise ValidationFailed([failed.problem]) from None
    marked = marked_values(directory, str(taxonomy_path), thesaurus_path, map_path)
    if marked:
        raise ValidationFailed(marked)
    return directory


def _texts_of(value, nested_in: type | None = None):
    """Every text inside value: strings, and the keys and values of its dicts, lists, tuples and
    model objects, but not inside the taxonomy's terms, a provider or an offer held by another
    object (each is looked at on its own)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "__dict__") and not (item is not value and isinstance(item, _LOOKED_AT_ALONE)):
            stack.extend(vars(item).values())


_LOOKED_AT_ALONE = (Term, Programme, Voucher, Provider, Offer)


def marked_values(directory: Directory, taxonomy_path: str, thesaurus_path: str, map_path: str) -> list[Problem]:
    """Defence in depth for the pages rendered once for all languages (render/once.py): no text of
    the directory may hold the character that marks a word to fill in there. Every file's reader
    already refuses it (a control character); this names the file should a reader ever let one through."""
    problems = []
    message = "Der Text enthält das Zeichen U+0000, das der Bau der Seiten für sich braucht."
    for offer in directory.offers + directory.expired:
        for name, value in vars(offer).items():
            if name != "provider" and any(MARK in text for text in _texts_of(value)):
                problems.append(Problem(offer.source, offer.lines.get(name, 1), message))
    for provider in directory.providers:
        if any(MARK in text for name, value in vars(provider).items() if name != "offers" for text in _texts_of(value)):
            problems.append(Problem(provider.source, 1, message))
    taxonomy = directory.taxonomy
    for terms in (taxonomy.areas, taxonomy.towns, taxonomy.bands, taxonomy.programmes, taxonomy.vouchers):
        if any(MARK in text for term in terms.values() for text in _texts_of(term)):
            problems.append(Problem(taxonomy_path, 1, message))
            break
    else:
        if any(MARK in text for text in _texts_of((taxonomy.region, taxonomy.region_labels))):
            problems.append(Problem(taxonomy_path, 1, message))
    if any(MARK in text for text in _texts_of(directory.thesaurus)):
        problems.append(Problem(str(thesaurus_path), 1, message))
    if directory.map is not None and any(MARK in text for text in _texts_of(directory.map)):
        problems.append(Problem(str(map_path or taxonomy_path), 1, message))
    return problems


def _taxonomy_or_problems(path: Path, found: list[Problem]) -> Taxonomy | None:
    try:
        return load_taxonomy(path)
    except ValidationFailed as failure:
        found.extend(failure.problems)
        return None
