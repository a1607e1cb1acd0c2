"""The offer and provider files checked against their JSON Schemas (``schema/``): fastjsonschema
first (valid files, most of them, in a fifth of jsonschema's time), then jsonschema where it does
not accept a file, whose errors become German messages with the field's line."""

from __future__ import annotations

import datetime
import difflib
import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import fastjsonschema
from email_validator import EmailNotValidError, validate_email

from .frontmatter import Document, Problem


if TYPE_CHECKING:
    import jsonschema


SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schema"


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


_SCHEMAS = {name: _load_schema(name) for name in ("angebot", "traeger", "begleiter")}


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


# An offer file's former field "translations": the texts in other languages now live in catalogues
MOVED_TRANSLATIONS = ("„translations“ steht nicht mehr in der Angebotsdatei: Übersetzungen stehen in den Katalogen "
                      "uebersetzungen/<sprache>.po, die make translations anlegt (siehe CONTRIBUTING.md, „Übersetzen“). "
                      "Bitte das Feld hier löschen.")


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
        if key == "translations" and not path:
            return path + (key,), MOVED_TRANSLATIONS
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
    if kind == "enum":
        return path, f"„{name}“: „{value}“ ist nicht vorgesehen, erlaubt: {', '.join(map(str, error.validator_value))}."
    if kind == "pattern":
        hints = {
            "phone": "eine Telefonnummer aus Ziffern, z. B. 02541 18-0",
            "telefon": "eine Telefonnummer aus Ziffern, z. B. 02541 18-0 oder 116 117",
            "slug": "ein Kurzname aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. u7a",
            "stelle": "ein Kurzname aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. standesamt",
            "bereiche": "ein Lebensbereich als Slug, z. B. gesundheit",
            "angebote": "ein Angebot als Dateiname ohne .md, z. B. familienhebammen-fruehe-hilfen",
            "postcode": "eine fünfstellige Postleitzahl",
            "languages": "ein Sprachkürzel nach ISO 639-1 aus zwei Kleinbuchstaben, z. B. de, en, tr, ar, uk, ru",
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
