"""The providers' texts in the families' languages: one gettext catalogue per language.

``<ANGEBOTE_OFFER_TRANSLATIONS>/<code>.po`` (``uebersetzungen/ar.po``, …) holds, for every offer, each
of its texts as written (title, summary, schedule, cost, registration, the opening hours' note, the
names of its places, the description in Markdown) as a message: the German text its ``msgid``, the
offer and field its context (``msgctxt "familienhebammen-fruehe-hilfen|summary"``), the offer file
and line its reference. Translators work on these files in any PO editor or in Weblate;
``make translations`` (tools/offer_translations.py) makes and merges them.

A translation is shown only while it is current: not marked fuzzy, and its ``msgid`` still the
German text of that field now. A provider who changes the German makes every translation of it
stale at once: the pages show the German, labelled, until a translator confirms the new text (the
next ``make translations`` marks it fuzzy, with the old German beside it as ``#| msgid``).

Translated texts are checked like the German ones: the same lengths, characters and line rules,
the description through the same Markdown limits and safe renderer, with the same link targets
and no HTML the German does not have. A problem is an error at the catalogue's ``path:line``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po, unescape

from ..markup import html_to_text
from .frontmatter import MULTILINE_KEYS, Problem, forbidden, read_county_file, read_text
from .offers import body_html
from .schema import _SCHEMAS

# The texts of an offer a catalogue translates, in the order its messages stand; each with the
# name of the offer's attribute (Offer.text_in) and of the field in the offer file.
FIELDS = ("title", "summary", "schedule", "cost", "registration", "hours_note", "description")
LOCATION_NAME = re.compile(r"locations\.(\d+)\.name\Z")

# A catalogue of the county's size holds some 300 offers × 6 texts; at the folder's limit of 20,000
# offers with descriptions of 10,000 characters it could be 200 MB: far beyond any real catalogue.
MAX_CATALOGUE_BYTES = 32 * 1024 * 1024

STATES = ("translated", "partial", "stale", "missing")  # an offer in one language, best first


@dataclass
class Source:
    """One text of one offer, or of the parents' companion, as a catalogue translates it."""

    offer: object  # the Offer, or the companion's piece (model.Texts)
    field: str  # "title", …, "description", "locations.0.name"
    text: str  # the German as written
    line: int  # its line in the offer's (or the companion's) file
    limits: tuple[int, int] | None = None  # a companion text's shortest and longest length (an offer's: its schema's)

    @property
    def context(self) -> str:
        key = getattr(self.offer, "key", None)  # the companion's pieces: "begleiter:station:u2"
        return f"{key or self.offer.slug}|{self.field}"

    @property
    def attribute(self) -> str:
        """The Offer.text_in name the translation is kept under."""
        return "body_html" if self.field == "description" else self.field


def sources(offer) -> list[Source]:
    """The offer's texts a translator translates: those it has, "kostenlos" aside (the interface says it)."""
    found = []
    for name in FIELDS:
        text = offer.body if name == "description" else getattr(offer, name)
        if not text or name == "cost" and offer.free:
            continue
        found.append(Source(offer, name, text, offer.lines.get(name, 1)))
    for index, location in enumerate(offer.locations):
        if location.name:
            found.append(Source(offer, f"locations.{index}.name", location.name,
                                offer.lines.get(f"locations.{index}.name", offer.lines.get("locations", 1))))
    return found


# The companion's texts: per kind of piece, each field's name in the file (for its lengths in the schema)
_COMPANION_FIELDS = {
    "Welcome": ("begruessung", {"title": "titel", "signature": "unterschrift"}),
    "HelpNumber": ("notrufe", {"name": "name", "text": "text"}),
    "Office": ("stellen", {"name": "name", "text": "text"}),
    "Stage": ("abschnitte", {"title": "titel", "text": "text"}),
    "Milestone": ("stationen", {"title": "titel", "text": "text"}),
}


def companion_sources(companion) -> list[Source]:
    """The texts of the parents' companion a translator translates (none without a companion)."""
    if companion is None:
        return []
    schema = _SCHEMAS["begleiter"]["properties"]
    found = []
    for piece in companion.pieces():
        section, names = _COMPANION_FIELDS[type(piece).__name__]
        rules = schema[section]["properties"] if section == "begruessung" else schema[section]["items"]["properties"]
        fields = [(name, getattr(piece, name), rules[key]) for name, key in names.items()]
        if section == "begruessung":
            fields += [(name, text, rules["absaetze"]["items"]) for name, text in zip(piece.paragraph_names, piece.paragraphs)]
        for name, text, rule in fields:
            if text:
                found.append(Source(piece, name, text, piece.lines.get(name, 1), (rule.get("minLength", 1), rule["maxLength"])))
    return found


def catalogue_path(folder: str | Path, code: str) -> Path:
    return Path(folder, f"{code}.po")


def read_catalogue(path: Path, problems: list[Problem]):
    """The catalogue at path (a Babel Catalog), None where it is absent or broken (then a problem)."""
    if not os.path.lexists(path):
        return None
    raw, found = read_county_file(path, MAX_CATALOGUE_BYTES, "Die Übersetzungsdatei")
    text = None
    if raw is not None:
        text, found = read_text(raw, str(path))
    if text is None:
        problems.extend(found)
        return None
    # Babel's reader takes a line without its quotes as a text without its first and last letter:
    # every line must be a comment, a keyword with its text in quotes, or more text in quotes
    for number, line in enumerate(text.splitlines(), 1):
        if not _PO_LINE.match(line):
            problems.append(Problem(str(path), number, "Die Übersetzungsdatei ist kein gültiger gettext-Katalog: jeder Text steht "
                                                       f"in Anführungszeichen \"…\" (Zeile: {line.strip()[:80]})."))
            return None
    try:
        catalogue = read_po(text.splitlines(True), abort_invalid=True, charset="utf-8")
    except PoFileError as error:
        problems.append(Problem(str(path), error.lineno or 1, f"Die Übersetzungsdatei ist kein gültiger gettext-Katalog: "
                                                              f"{_po_error(str(error))} Zeile: {error.line.strip()[:80]}"))
        return None
    except Exception as error:  # Babel's reader gives other errors for other breakage: each one a message, never a traceback
        problems.append(Problem(str(path), 1, f"Die Übersetzungsdatei kann nicht gelesen werden ({type(error).__name__}: {error})."))
        return None
    previous = _previous_ids(text)
    for message in catalogue:
        if message.context in previous:
            message.previous_id = [previous[message.context]]
    return catalogue


def _previous_ids(text: str) -> dict[str, str]:
    """The German a fuzzy translation translated ("#| msgid" before its msgctxt), by context: Babel's
    reader skips these comments (its writer writes them)."""
    found, before, last = {}, [], None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#| msgid "):
            before, last = [line[len("#| msgid "):]], "id"
        elif line.startswith('#| "') and last == "id":
            before.append(line[3:])
        elif line.startswith("msgctxt ") and before:
            found[unescape(line[len("msgctxt "):])] = "".join(unescape(part) for part in before)
            before, last = [], None
        elif not line.startswith("#"):
            before, last = [], None
    return found


_PO_LINE = re.compile(r'\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*|"(?:[^"\\]|\\.)*"\s*)?\Z')


def _po_error(message: str) -> str:
    known = {
        "Got line starting with": "eine Zeile, die hier nicht stehen darf (Anführungszeichen vergessen?).",
        "msgid has already been": "ein msgid folgt auf ein msgid ohne msgstr dazwischen.",
        "missing msgstr": "zu einem msgid fehlt das msgstr.",
        "string literal": "ein Text ohne schließendes Anführungszeichen.",
    }
    return next((german for english, german in known.items() if english in message), f"{message}.")


def _links(html: str) -> Counter:
    return Counter(re.findall(r'<(?:a|img)\b[^>]*?\b(?:href|src)="([^"]*)"', html))


def _tags(markdown: str) -> set:
    """The HTML tags written into a Markdown text (Markdown's own emphasis and lists are the translator's to use)."""
    return {tag.lower() for tag in re.findall(r"</?([A-Za-z][A-Za-z0-9]*)[\s/>]", markdown)}


def _placeholders(text: str) -> Counter:
    return Counter(re.findall(r"%\(\w+\)s|\{\w*\}", text))


def check_translation(source: Source, text: str, path: str, line: int, german_html: str) -> tuple[list[Problem], dict]:
    """Problems of one translated text, and what the offer keeps of it (its attribute → text)."""
    found: list[Problem] = []
    where = f"{source.offer.source}, „{source.field}“"
    bad = forbidden(text)
    if bad:
        return [Problem(path, line, f"Die Übersetzung ({where}) enthält ein unsichtbares Steuerzeichen (U+{ord(bad.group()[0]):04X}).")], {}
    if source.field == "description":
        problems: list[Problem] = []
        html = body_html(text, line, path, problems)
        if problems:
            return [Problem(p.path, p.line, f"{p.message} (Übersetzung von {where})") for p in problems], {}
        added_links = set(_links(html)) - set(_links(german_html))
        lost_links = set(_links(german_html)) - set(_links(html))
        if added_links:
            found.append(Problem(path, line, f"Die Übersetzung ({where}) verlinkt, was der deutsche Text nicht verlinkt: "
                                             f"{', '.join(sorted(added_links))}. Links bitte wie im deutschen Text."))
        if lost_links:
            found.append(Problem(path, line, f"In der Übersetzung ({where}) fehlt ein Link des deutschen Texts: "
                                             f"{', '.join(sorted(lost_links))}."))
        added_tags = _tags(text) - _tags(source.text)
        if added_tags:
            found.append(Problem(path, line, f"Die Übersetzung ({where}) enthält Auszeichnungen, die der deutsche Text nicht hat "
                                             f"(HTML: {', '.join(sorted(added_tags))}). Bitte nur Text und Markdown wie im deutschen Text."))
        return found, ({} if found else {"body_html": html})
    key = "name" if LOCATION_NAME.match(source.field) else source.field
    if source.limits:
        shortest, longest = source.limits
    else:
        rule = _SCHEMAS["angebot"]["$defs"]["location"]["properties"]["name"] if key == "name" else _SCHEMAS["angebot"]["properties"][key]
        shortest, longest = rule.get("minLength", 1), rule.get("maxLength", 500)
    if not shortest <= len(text) <= longest:
        found.append(Problem(path, line, f"Die Übersetzung ({where}) ist zu {'kurz' if len(text) < shortest else 'lang'} "
                                         f"({len(text)} Zeichen, {'mindestens ' + str(shortest) if len(text) < shortest else 'höchstens ' + str(longest)})."))
    if "\n" in text and key not in MULTILINE_KEYS:
        found.append(Problem(path, line, f"Die Übersetzung ({where}) darf keinen Zeilenumbruch enthalten."))
    if _placeholders(text) != _placeholders(source.text):
        found.append(Problem(path, line, f"Die Übersetzung ({where}) hat andere Platzhalter als der deutsche Text "
                                         f"({', '.join(sorted(_placeholders(source.text))) or 'keine'})."))
    return found, ({} if found else {source.attribute: text})


def apply_catalogues(offers, folder: str | Path, codes, companion=None) -> tuple[list[Problem], dict[str, dict[str, str]]]:
    """Read every language's catalogue into the offers' translations (current ones only), and into
    the companion's where there is one.

    Returns the problems (broken catalogues, translations that break a rule) and each offer's
    state per language ({code: {slug: "translated" | "partial" | "stale" | "missing"}}).
    """
    problems: list[Problem] = []
    for offer in offers:  # (make dev's reader keeps unchanged offers from the last read)
        offer.translations = {}
    texts_of = {offer.slug: sources(offer) for offer in offers}
    by_context = {s.context: s for found in texts_of.values() for s in found}
    for source in companion_sources(companion):
        source.offer.translations = {}
        by_context[source.context] = source
    states: dict[str, dict[str, str]] = {}
    for code in codes:
        path = catalogue_path(folder, code)
        found: list[Problem] = []
        catalogue = read_catalogue(path, found)
        current: dict[str, set] = {}
        stale: dict[str, set] = {}
        if catalogue is not None:
            for message in catalogue:
                if not message.id:
                    continue  # the header
                line = message.lineno or 1
                if message.pluralizable:
                    found.append(Problem(str(path), line, "Angebotstexte haben keine Mehrzahlformen (msgid_plural): bitte entfernen."))
                    continue
                if not message.context:
                    found.append(Problem(str(path), line, "Zu jedem Text gehört sein Zusammenhang (msgctxt \"<angebot>|<feld>\"), "
                                                          "den make translations schreibt. Bitte nicht löschen."))
                    continue
                source = by_context.get(message.context)
                if source is None or not message.string:
                    continue  # an offer that is gone (make translations keeps it as obsolete), or not yet translated
                if source.limits:  # the companion's: no state to count
                    if not message.fuzzy and message.id == source.text:
                        wrong, kept = check_translation(source, message.string, str(path), line, "")
                        found.extend(wrong)
                        source.offer.translations.setdefault(code, {}).update(kept)
                    continue
                slug = source.offer.slug
                if message.fuzzy or message.id != source.text:
                    stale.setdefault(slug, set()).add(source.field)
                    continue
                wrong, kept = check_translation(source, message.string, str(path), line, source.offer.body_html)
                found.extend(wrong)
                if kept:
                    texts = source.offer.translations.setdefault(code, {})
                    texts.update(kept)
                    if "body_html" in kept:
                        texts["body_text"] = html_to_text(kept["body_html"])
                    current.setdefault(slug, set()).add(source.field)
        problems.extend(found)
        states[code] = {offer.slug: _state(len(texts_of[offer.slug]), current.get(offer.slug, ()), stale.get(offer.slug, ()))
                        for offer in offers}
    return problems, states


def _state(texts: int, current, stale) -> str:
    if stale:
        return "stale"
    if not current:
        return "missing"
    return "translated" if len(current) == texts else "partial"
