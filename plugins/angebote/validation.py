"""Reading the offer folder, checking every rule, building the data model.

Every problem of every file is collected before anything is written, and all
of them are reported at once as ``path:line: message`` in German.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import phonenumbers
import referencing
from babel import Locale
from email_validator import EmailNotValidError, validate_email

from .frontmatter import Document, Problem, parse_yaml, read_front_matter, read_text
from .markup import html_to_text, markdown_to_html
from .model import Contact, Location, Offer, Provider, Taxonomy, Term, band_overlaps, sort_key
from .settings import setting

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
PROVIDER_FILE = "traeger.yml"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("date")(_check_date)
FORMATS.checks("email")(_check_email)
FORMATS.checks("uri")(_check_web_url)

_SCHEMAS = {name: _load_schema(name) for name in ("angebot", "traeger")}
_REGISTRY = referencing.Registry().with_resources(
    (f"{name}.schema.json", referencing.Resource.from_contents(schema)) for name, schema in _SCHEMAS.items()
)
VALIDATORS = {
    name: jsonschema.Draft202012Validator(schema, registry=_REGISTRY, format_checker=FORMATS)
    for name, schema in _SCHEMAS.items()
}

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
        return path, f"„{name}“: „{value}“ {_FORMAT_TEXT.get(error.validator_value, 'hat nicht die erwartete Form')}."
    if kind == "minLength":
        return path, f"„{name}“ ist zu kurz oder leer (mindestens {error.validator_value} Zeichen)."
    if kind == "maxLength":
        return path, f"„{name}“ ist zu lang ({len(value)} Zeichen, höchstens {error.validator_value})."
    if kind == "minItems":
        return path, f"„{name}“ darf keine leere Liste sein."
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
            "languages": "ein Sprachkürzel aus zwei Kleinbuchstaben, z. B. de, en, ar",
            "translations": "ein Sprachkürzel aus zwei Kleinbuchstaben, z. B. en, ar",
        }
        hint = next((h for key, h in hints.items() if key in path), "eine andere Form")
        return path, f"„{name}“: „{value}“ hat nicht die erwartete Form, erwartet wird {hint}."
    return path, f"„{name}“ ist ungültig ({error.message})."


def schema_problems(kind: str, doc: Document, path: str) -> tuple[list[Problem], set]:
    """Schema errors as problems, and the top-level fields they concern."""
    problems, fields = [], set()
    for error in VALIDATORS[kind].iter_errors(doc.data):
        field_path, message = _schema_message(error)
        problems.append(Problem(path, doc.line(field_path), message))
        if field_path:
            fields.add(field_path[0])
        else:  # a required field is missing at the top
            fields.add(_missing_field(error) if error.validator == "required" else None)
    return problems, fields


# ---------------------------------------------------------------- taxonomy

def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read taxonomie.yml; raises ValidationFailed on errors."""
    path = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ValidationFailed([Problem(path, 1, f"Die Taxonomie-Datei kann nicht gelesen werden: {error.strerror}.")])
    text, problems = read_text(raw, path)
    doc = None
    if text is not None:
        doc, problems = parse_yaml(text, path, first_line=1)
    if doc is not None and not problems:
        data = doc.data if isinstance(doc.data, dict) else {}
        sections = {}
        for key in ("lebensbereiche", "orte", "altersgruppen"):
            terms = {}
            entries = data.get(key)
            if not isinstance(entries, list) or not entries:
                problems.append(Problem(path, doc.line((key,)), f"„{key}“ muss eine nicht leere Liste sein."))
                continue
            for index, entry in enumerate(entries):
                line = doc.line((key, index))
                if not isinstance(entry, dict) or not SLUG.match(str(entry.get("slug", ""))) or not entry.get("label"):
                    problems.append(Problem(path, line, f"Jeder Eintrag in „{key}“ braucht „slug“ (klein, mit Bindestrichen) und „label“."))
                    continue
                if entry["slug"] in terms:
                    problems.append(Problem(path, line, f"„{entry['slug']}“ steht doppelt in „{key}“."))
                    continue
                labels = entry.get("labels") or {}
                if not isinstance(labels, dict) or not all(isinstance(v, str) and v for v in labels.values()):
                    problems.append(Problem(path, line, "„labels“ braucht je Sprachkürzel einen Text, z. B. {en: Health, ar: الصحة}."))
                    continue
                terms[entry["slug"]] = Term(
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
        if not problems:
            return Taxonomy(
                region=str(data.get("region", "")),
                areas=sections["lebensbereiche"],
                towns=sections["orte"],
                bands=sections["altersgruppen"],
            )
    raise ValidationFailed(problems)


def _terms(values, vocabulary: dict[str, Term], what: str, key: str, doc: Document, path: str, problems) -> list[Term]:
    terms = []
    by_label = {term.label.casefold(): slug for slug, term in vocabulary.items()}
    for index, value in enumerate(values):
        if value in vocabulary:
            terms.append(vocabulary[value])
            continue
        guess = by_label.get(str(value).casefold())
        hint = f" Meinten Sie „{guess}“?" if guess else _suggest(value, vocabulary)
        problems.append(
            Problem(path, doc.line((key, index)), f"Unbekannter {what} „{value}“.{hint} Erlaubt: {', '.join(vocabulary)}.")
        )
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


def _read_provider(folder: Path, region: str, problems) -> Provider | None:
    file = folder / PROVIDER_FILE
    path = str(file)
    if not file.is_file():
        near = difflib.get_close_matches(PROVIDER_FILE, [p.name for p in folder.iterdir()], n=1, cutoff=0.6)
        hint = f" Gefunden wurde „{near[0]}“: bitte in „{PROVIDER_FILE}“ umbenennen." if near else ""
        problems.append(Problem(path, 1, f"Dem Träger-Ordner fehlt die Datei „{PROVIDER_FILE}“ mit Name und Kontakt des Trägers.{hint}"))
        return None
    text, found = read_text(file.read_bytes(), path)
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


def _read_offer(file: Path, provider: Provider, taxonomy: Taxonomy, today: datetime.date, region: str, problems,
                render: bool = True) -> Offer | None:
    path = str(file)
    doc, found = read_front_matter(file.read_bytes(), path)
    problems.extend(found)
    if doc is None or found:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(path, 2, "Zwischen den „---“-Zeilen müssen Felder wie „title: …“ stehen."))
        return None
    found, bad = schema_problems("angebot", doc, path)
    data = doc.data
    if not SLUG.match(file.stem):
        found.append(Problem(path, 1, f"Der Dateiname „{file.name}“ muss aus Kleinbuchstaben, Ziffern und Bindestrichen bestehen (ä als ae, ß als ss), z. B. „elterncafe-duelmen.md“."))
    # The checks below need the right types: each runs only on fields the schema accepted.
    if None not in bad:
        if "areas" not in bad:
            areas = _terms(data["areas"], taxonomy.areas, "Lebensbereich", "areas", doc, path, found)
        if "municipalities" not in bad:
            towns = _terms(data["municipalities"], taxonomy.towns, "Ort", "municipalities", doc, path, found)
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
                    found.append(Problem(path, doc.line(("languages", index)), f"„{code}“ ist kein Sprachkürzel nach ISO 639-1.{_suggest(code, ISO_639_1)}"))
        if "reviewed" not in bad:
            reviewed = datetime.date.fromisoformat(data["reviewed"])
            if reviewed > today:
                found.append(Problem(path, doc.line(("reviewed",)), f"„reviewed“ ({reviewed}) liegt in der Zukunft."))
        if "contacts" not in bad:
            contacts = _contacts(data.get("contacts"), ("contacts",), region, doc, path, found)
    problems.extend(found)
    if found:
        return None
    pregnancy = data.get("pregnancy", False)
    valid_until = data.get("valid_until")
    body_html = markdown_to_html(doc.body) if render else ""
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
        url=data.get("url", ""),
        initiative=data.get("initiative", ""),
        translations=data.get("translations", {}),
        valid_until=datetime.date.fromisoformat(valid_until) if valid_until else None,
        stale=reviewed < one_year_before(today),
        lines={key: doc.line((key,)) for key in data},
    )


def load_directory(
    folder: str | Path,
    taxonomy: Taxonomy,
    today: datetime.date | None = None,
    phone_region: str = "DE",
    collation: str = "de_DE",
    render: bool = True,
) -> Directory:
    """Read and check every provider folder; raises ValidationFailed with all problems.

    With ``render=False`` the Markdown texts are not turned into HTML (checking only).
    """
    today = today or datetime.date.today()
    root = Path(folder)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ValidationFailed([Problem(str(root), 1, "Der Ordner mit den Angeboten fehlt (Einstellung ANGEBOTE_PATH).")])
    providers, offers, expired = [], [], []
    seen: dict[str, str] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_file():
            if entry.suffix == ".md":
                problems.append(Problem(str(entry), 1, "Angebote gehören in den Ordner ihres Trägers: angebote/<träger>/<angebot>.md."))
            continue
        if not SLUG.match(entry.name):
            problems.append(Problem(str(entry), 1, f"Der Ordnername „{entry.name}“ muss aus Kleinbuchstaben, Ziffern und Bindestrichen bestehen."))
            continue
        provider = _read_provider(entry, phone_region, problems)
        for file in sorted(entry.glob("*.md")):
            if file.stem in seen:
                problems.append(Problem(str(file), 1, f"Den Dateinamen „{file.name}“ gibt es schon: {seen[file.stem]}. Jedes Angebot braucht einen eigenen Namen."))
                continue
            seen[file.stem] = str(file)
            if provider is None:
                continue
            offer = _read_offer(file, provider, taxonomy, today, phone_region, problems, render)
            if offer is None:
                continue
            if offer.valid_until and offer.valid_until < today:
                expired.append(offer)
                continue
            offers.append(offer)
        if provider is not None:
            providers.append(provider)
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


def read_directory(settings, render: bool = True) -> Directory:
    """The directory the settings (ANGEBOTE_*) point to."""
    today = setting(settings, "ANGEBOTE_TODAY")
    taxonomy = load_taxonomy(setting(settings, "ANGEBOTE_TAXONOMY"))
    return load_directory(
        setting(settings, "ANGEBOTE_PATH"),
        taxonomy,
        today=datetime.date.fromisoformat(str(today)) if today else None,
        phone_region=setting(settings, "ANGEBOTE_PHONE_REGION"),
        collation=setting(settings, "ANGEBOTE_COLLATION"),
        render=render,
    )
