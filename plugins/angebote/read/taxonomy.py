"""The county's files: ``taxonomie.yml`` (life areas, towns with their Ortsteile, age bands,
programmes, vouchers) and ``suchwoerter.yml`` (the families' search words), and how an offer's
names of them are recognised (any case, umlauts, aliases, Ortsteile)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale

from . import limits
from .frontmatter import Document, Problem, forbidden, parse_yaml, read_county_file, read_text
from .geodata import lon_lat
from ..model import Programme, Taxonomy, Term, Voucher

from .frontmatter import ValidationFailed
from .schema import _suggest, visible_length

if TYPE_CHECKING:
    pass


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # always with fullmatch
_INDEXES: dict[tuple, tuple[dict, dict]] = {}
# The county's files, refused before they are parsed above these sizes (a 5.6 MB file of search
# words took 26 s to parse); the sample's taxonomy has 25 KiB, its search words 10 KiB. 512 KiB
# parse in under a second and hold 500 towns with their districts and 2000 search-word entries.
TAXONOMY_BYTES = 512 * 1024


THESAURUS_BYTES = 512 * 1024


ISO_639_1 = frozenset(code for code in Locale("de").languages if len(code) == 2)


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


THESAURUS_WORD = 60  # longest word or phrase of the thesaurus


THESAURUS_ENTRIES = 2000


THESAURUS_WORDS = 40  # words or phrases of one language in one entry (a need's inflected and everyday forms)


THESAURUS_LANGUAGES = 40  # language codes in one entry


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}\Z")


AREA_KEY = "bereich"  # a thesaurus entry's life area: the need it names is that area


def load_thesaurus(path: str | Path, taxonomy=None) -> list[dict[str, list[str]]]:
    """Read the search words (suchwoerter.yml): a list of entries, each with the German words
    under ``de`` and what families type for them under other language codes; with ``bereich`` the
    slug of the life area the need is (checked against the taxonomy, where given): then its words
    find that area's offers too, first."""
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
            area = entry.get(AREA_KEY) if isinstance(entry, dict) else None
            if area is not None:
                known = sorted(taxonomy.areas) if taxonomy is not None else None
                if not isinstance(area, str) or known is not None and area not in known:
                    problems.append(Problem(path, doc.line((index, AREA_KEY)),
                                            f"„{AREA_KEY}“: „{area}“ ist kein Lebensbereich der Taxonomie"
                                            + (f" (bekannt: {', '.join(known)})." if known else ".")))
                    continue
                entry = {k: v for k, v in entry.items() if k != AREA_KEY}
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
                        isinstance(v, str) and v.strip() and len(v) <= THESAURUS_WORD and not forbidden(v, line_ends=False) and "\n" not in v for v in values):
                    problems.append(Problem(path, doc.line((index, code)),
                                            f"„{code}“ braucht ein Wort oder eine Liste von höchstens {THESAURUS_WORDS} Wörtern "
                                            f"(je höchstens {THESAURUS_WORD} Zeichen)."))
                else:
                    words[code] = [v.strip() for v in values]
            if area is not None:
                words[AREA_KEY] = [area]
            entries.append(words)
    if problems:
        raise ValidationFailed(problems)
    return entries
