"""make check is the gate: hostile and careless data folders, each through make check and the build.

Every case either fails in both with a German ``path:line: message`` naming the right
file (exit code 1, no traceback, the last good site untouched), or passes both and
shows its content as text. Nothing hangs: each run has a time-out as a guard (the
speed itself is measured in bench/gate_limits.py).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from conftest import ROOT, TODAY, VALID_OFFER, VALID_PROVIDER, read_page, spreadsheet_reads_as_text_or_number, tree_fingerprint

KURS = "angebote/fz/kurs.md"
GUARD = 120  # seconds: a run that takes longer hangs


def offer_text(front: dict[str, str] | None = None, body: str = "Beschreibung des Treffs.", extra: str = "") -> str:
    """The valid offer with front-matter lines replaced (value None drops the line), extra lines and a body."""
    lines = VALID_OFFER.split("---\n")[1].splitlines()
    for key, value in (front or {}).items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        if value is None:
            del lines[index]
        else:
            lines[index] = f"{key}: {value}"
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n" + body + "\n"


# The county's files (ANGEBOTE_TAXONOMY, ANGEBOTE_THESAURUS, ANGEBOTE_MAP, ANGEBOTE_COMPANION): the sample's, unless a case brings its own
COUNTY_FILES = {"ANGEBOTE_TAXONOMY": "taxonomie.yml", "ANGEBOTE_THESAURUS": "suchwoerter.yml", "ANGEBOTE_MAP": "karte.geojson",
                "ANGEBOTE_COMPANION": "begleiter.yml"}


def county_file(name: str, old: str, new: str) -> str:
    """The sample's county file with one text replaced."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]  # below the data folder; a str is written as UTF-8 without any change
    error: tuple[str, int | None, str] | None = None  # (file below the repository, line, message fragment)
    shows: list[tuple[str, str]] = field(default_factory=list)  # (page, text) a passing build must show
    setup: object = None  # a function(data folder) for links and folders
    county: dict[str, str | bytes] = field(default_factory=dict)  # county files of its own, beside the data folder

    def write(self, repo: Path) -> Path:
        data = repo / "angebote"
        data.mkdir(parents=True, exist_ok=True)
        files = {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": VALID_OFFER, **self.files}
        for folder, named in ((data, files), (repo, self.county)):
            for name, content in named.items():
                if content is None:
                    continue
                path = folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        if self.setup:
            self.setup(data)
        return data

    def settings(self, repo: Path) -> list[str]:
        """The county files as settings: the case's own, else the sample's."""
        return [f"{name}={repo / file if file in self.county else ROOT / file}" for name, file in COUNTY_FILES.items()]


# the map written on many lines (as an editor might), with a NUL in Olfen's name
PRETTY_MAP = json.dumps(json.loads(county_file("karte.geojson", '"name":"Olfen"', '"name":"Ol\\u0000fen"')), indent=1)
PRETTY_MAP_LINE = PRETTY_MAP[:PRETTY_MAP.index("Ol\\u0000fen")].count("\n") + 1


def _many_files(total: int, per_folder: int):
    """total empty offer files, per_folder in each provider folder (their number is checked before
    any is read)."""
    def make(data):
        for number in range(total):
            folder = data / f"t{number // per_folder}"
            if not folder.exists():
                folder.mkdir()
                (folder / "traeger.yml").write_text(VALID_PROVIDER, encoding="utf-8")
            (folder / f"a{number}.md").touch()
    return make


# A county-wide offer for every age, in every life area, with 20 people, by a provider with 50:
# some 11,000 rows of list pages each (12 towns × 13 areas × 71 people)
PROVIDER_OF_50 = VALID_PROVIDER + "contacts:\n" + "".join(f"  - name: Person {i}\n" for i in range(50))
EVERYWHERE = offer_text({"age_to": "100", "municipalities": "[kreisweit]",
                         "areas": "[gesundheit, erziehung, betreuung, bildung, sprache, ausbildung, arbeit, beratung, finanzen, "
                                  "freizeit, inklusion, integration, wohnen]"},
                        extra="".join(f"  - name: Mensch {i}\n" for i in range(19)))


def _link(target: str, name: str = "fz/link.md"):
    return lambda data: os.symlink(target, data / name)


def _loop(data):
    os.symlink(data / "schleife", data / "schleife")


def _folder(name: str):
    def make(data):
        (data / name).mkdir(parents=True)
        (data / name / "x.md").write_text(VALID_OFFER, encoding="utf-8")
    return make


def _nested_list(depth: int) -> str:
    return "\n".join("\t" * i + "- x" for i in range(depth))


CASES = [
    # 1. numbers that are no numbers
    Case("age_from NaN", {"fz/kurs.md": offer_text({"age_from": ".nan"})}, (KURS, 5, "„age_from“ muss eine Zahl sein")),
    Case("age_to infinite", {"fz/kurs.md": offer_text({"age_to": "1e400"})}, (KURS, 6, "„1e400“ ist keine gültige Zahl")),
    Case("latitude NaN", {"fz/kurs.md": offer_text(extra="locations:\n  - city: Coesfeld\n    lat: .nan\n    lon: 7.1\n")},
         (KURS, 15, "„locations → Nr. 1 → lat“ muss eine Zahl sein")),
    Case("sexagesimal age", {"fz/kurs.md": offer_text({"age_to": "1:30"})}, (KURS, 6, "„age_to“ muss eine Zahl sein")),
    Case("age of 5000 digits", {"fz/kurs.md": offer_text({"age_to": "9" * 5000})}, (KURS, 6, "„age_to“ muss eine Zahl sein")),
    # 2. size and shape
    Case("body of 20,000 [", {"fz/kurs.md": offer_text(body="[" * 20_000)}, (KURS, 15, "Die Beschreibung ist zu lang (20000 Zeichen")),
    Case("body of 5,000 [", {"fz/kurs.md": offer_text(body="Text " + "[" * 5_000)}, (KURS, 15, "5000 eckige Klammern")),
    Case("word of 12,000 letters", {"fz/kurs.md": offer_text(body="a" * 12_000)}, (KURS, 15, "zu lang")),
    Case("word of 5,000 letters", {"fz/kurs.md": offer_text(body="Zeile eins\n\nBitte " + "a" * 5_000)},
         (KURS, 17, "ist zu lang (5000 Zeichen ohne Leerzeichen, höchstens 80)")),
    Case("web address of 600 letters", {"fz/kurs.md": offer_text(body="https://example.org/" + "a" * 580)},
         (KURS, 15, "Die Web-Adresse ist zu lang (600 Zeichen")),
    Case("5 MB summary", {"fz/kurs.md": offer_text({"summary": "Text " * 1_000_000})}, (KURS, 1, "Die Datei ist zu groß")),
    Case("summary over its limit", {"fz/kurs.md": offer_text({"summary": "Texte" * 100})}, (KURS, 3, "„summary“ ist zu lang (500 Zeichen")),
    Case("huge provider file", {"fz/traeger.yml": VALID_PROVIDER + "#" * 40_000 + "\n"},
         ("angebote/fz/traeger.yml", 1, "Die Datei ist zu groß")),
    Case("too many contacts", {"fz/kurs.md": offer_text(extra="".join(f"  - name: Person {i}\n" for i in range(30)))},
         (KURS, 9, "„contacts“ hat zu viele Einträge (31, höchstens 20)")),
    # 3. what used to end in a traceback
    Case("merge key", {"fz/kurs.md": offer_text(extra="basis: &b\n  name: X\nmehr:\n  <<: *b\n")}, (KURS, 13, "YAML-Anker und -Verweise")),
    Case("anchor alone", {"fz/kurs.md": offer_text({"title": "&t Elterncafé"})}, (KURS, 2, "YAML-Anker und -Verweise")),
    Case("local tag", {"fz/kurs.md": offer_text({"title": "!Neu Elterncafé"})}, (KURS, 2, "YAML-Typangaben wie „!Neu“")),
    Case("python tag", {"fz/kurs.md": offer_text({"title": "!!python/object/apply:os.system [ls]"})},
         (KURS, 2, "YAML-Typangaben wie „!!python/object/apply:os.system“")),
    Case("list nested 2000 deep", {"fz/kurs.md": offer_text({"areas": "[" * 2000 + "]" * 2000})}, (KURS, 4, "Zu tief verschachtelt")),
    Case("list nested 60,000 deep", {"fz/kurs.md": offer_text({"areas": "[" * 60_000})}, (KURS, 4, "Zu tief verschachtelt")),
    Case("list nested 100,000 deep", {"fz/kurs.md": offer_text({"areas": "[" * 100_000})}, (KURS, 1, "Die Datei ist zu groß")),
    Case("block list nested deep", {"fz/kurs.md": offer_text(extra="tief:\n" + "".join("  " * i + "-\n" for i in range(1, 30)))},
         (KURS, 21, "Zu tief verschachtelt")),  # where the ninth level starts
    Case("complex key", {"fz/kurs.md": offer_text(extra="? [a, b]\n: c\n")}, (KURS, 13, "Ein Feldname muss ein einfacher Text sein")),
    Case("dangling link", {}, ("angebote/fz/link.md", 1, "Verknüpfungen (Symlinks) sind im Datenordner nicht erlaubt"),
         setup=_link("/nirgends/kurs.md")),
    Case("link outside the data folder", {}, ("angebote/fz/link.md", 1, "Verknüpfungen (Symlinks)"), setup=_link("/etc/passwd")),
    Case("link loop", {}, ("angebote/schleife", 1, "Verknüpfungen (Symlinks)"), setup=_loop),
    Case("folder named like an offer", {}, ("angebote/fz/ordner.md", 1, "Das ist ein Ordner, keine Angebotsdatei"),
         setup=lambda data: (data / "fz/ordner.md").mkdir()),
    Case("traeger.yml is a folder", {"fz/traeger.yml": None}, ("angebote/fz/traeger.yml", 1, "„traeger.yml“ ist hier ein Ordner"),
         setup=lambda data: (data / "fz/traeger.yml").mkdir()),
    Case("not UTF-8", {"fz/kurs.md": VALID_OFFER.encode("latin-1")}, (KURS, 2, "nicht UTF-8-kodiert")),
    # 4. check passed, build failed
    Case("contact name of 330 letters", {"fz/kurs.md": VALID_OFFER.replace("Erika Muster", "Erika " + "Muster" * 54)},
         (KURS, 10, "„contacts → Nr. 1 → name“ ist zu lang")),
    Case("Markdown list nested 130 deep", {"fz/kurs.md": offer_text(body=_nested_list(130))}, (KURS, 15, "zu tief verschachtelt")),
    Case("emphasis nested 1,000 deep", {"fz/kurs.md": offer_text(body="**" * 1000 + "x" + "**" * 1000)},
         (KURS, 15, "Das Wort „********************…“ ist zu lang (4001 Zeichen")),
    Case("quotes nested 300 deep", {"fz/kurs.md": offer_text(body="> " * 300 + "tief zitiert")}, None,
         shows=[("angebote/kurs/", "tief zitiert")]),
    # 5. forged annotations
    Case("annotation in an area", {"fz/kurs.md": offer_text({"areas": '["x\\n::error file=README.md,line=1::gehackt"]'})},
         (KURS, 4, "Der Wert muss in einer Zeile stehen")),
    Case("annotation in a key", {"fz/kurs.md": offer_text(extra='"a\\n::error file=README.md,line=1::gehackt": 1\n')},
         (KURS, 13, "Unbekanntes Feld „a\\n::error")),
    Case("annotation in a language", {"fz/kurs.md": offer_text(extra='languages: ["d\\r\\n::warning::x"]\n')},
         (KURS, 13, "Steuerzeichen (U+000D)")),
    Case("ESC through a YAML escape", {"fz/kurs.md": offer_text({"title": '"Eltern\\ecafé"'})}, (KURS, 2, "Steuerzeichen (U+001B)")),
    # 6. blank and invisible text
    Case("title of spaces", {"fz/kurs.md": offer_text({"title": '"      "'})}, (KURS, 2, "„title“ ist zu kurz oder leer")),
    Case("title of zero-width characters", {"fz/kurs.md": offer_text({"title": '"\u200b\u200b\u200b\u200b\u2060\ufeff"'})},
         (KURS, 2, "„title“ ist zu kurz oder leer")),
    Case("summary of Hangul fillers", {"fz/kurs.md": offer_text({"summary": "\u3164" * 20})}, (KURS, 3, "„summary“ ist zu kurz")),
    Case("contact name invisible", {"fz/kurs.md": VALID_OFFER.replace("Erika Muster", '"\u200b\u200c\u200d"')},
         (KURS, 10, "„contacts → Nr. 1 → name“ ist zu kurz")),
    # 7. offers that used to be ignored unseen
    Case("upper-case ending", {"fz/angebot.MD": VALID_OFFER}, ("angebote/fz/angebot.MD", 1, "bitte in „angebot.md“ umbenennen")),
    Case(".markdown", {"fz/angebot.markdown": VALID_OFFER}, ("angebote/fz/angebot.markdown", 1, "bitte in „angebot.md“ umbenennen")),
    Case(".dm", {"fz/angebot.dm": VALID_OFFER}, ("angebote/fz/angebot.dm", 1, "Angebotsdateien enden auf „.md“")),
    Case(".md.txt", {"fz/angebot.md.txt": VALID_OFFER}, ("angebote/fz/angebot.md.txt", 1, "bitte in „angebot.md“ umbenennen")),
    Case("no ending", {"fz/angebot": VALID_OFFER}, ("angebote/fz/angebot", 1, "Diese Datei wird nicht gelesen")),
    Case("subfolder", {"fz/unter/angebot.md": VALID_OFFER}, ("angebote/fz/unter", 1, "Unterordner werden nicht gelesen")),
    Case("dot-folder", {"fz/.versteckt/angebot.md": VALID_OFFER}, ("angebote/fz/.versteckt", 1, "Unterordner werden nicht gelesen")),
    Case("dot-folder at the top", {}, ("angebote/.neu", 1, "muss aus Kleinbuchstaben"), setup=_folder(".neu")),
    Case("underscore folder at the top", {}, ("angebote/_alt", 1, "muss aus Kleinbuchstaben"), setup=_folder("_alt")),
    Case("file at the top", {"notizen.txt": "x"}, ("angebote/notizen.txt", 1, "Angebote gehören in den Ordner ihres Trägers")),
    Case("traeger.yaml", {"fz/traeger.yml": None, "fz/traeger.yaml": VALID_PROVIDER},
         ("angebote/fz/traeger.yml", 1, "Gefunden wurde „traeger.yaml“")),
    # 9. smaller ones
    Case("NUL in the body", {"fz/kurs.md": offer_text(body="Text\x00mehr")}, (KURS, 15, "Steuerzeichen (U+0000)")),
    Case("ESC in the title", {"fz/kurs.md": offer_text({"title": "Eltern\x1b[31mcafé"})}, (KURS, 2, "Steuerzeichen (U+001B)")),
    Case("DEL in a name", {"fz/kurs.md": VALID_OFFER.replace("Erika Muster", "Erika\x7fMuster")}, (KURS, 10, "Steuerzeichen (U+007F)")),
    Case("lone carriage return", {"fz/kurs.md": offer_text(body="eins\rzwei")}, (KURS, 15, "Steuerzeichen (U+000D)")),
    Case("bidi override in the title", {"fz/kurs.md": offer_text({"title": "Eltern\u202ecafé"})}, (KURS, 2, "(U+202E)")),
    Case("bidi override through a YAML escape", {"fz/kurs.md": offer_text({"title": '"Eltern\\u202Dcafé"'})}, (KURS, 2, "(U+202D)")),
    Case("line break in a contact name", {"fz/kurs.md": VALID_OFFER.replace("Erika Muster", '"Max\\nURL:https://example.org"')},
         (KURS, 10, "Der Wert muss in einer Zeile stehen")),
    Case("line breaks in a schedule are fine", {"fz/kurs.md": offer_text(extra="schedule: |\n  Montags 9 Uhr\n  Mittwochs 15 Uhr\n")}, None,
         shows=[("angebote/kurs/", "Montags 9 Uhr")]),
    Case("U+2028 keeps the line", {"fz/kurs.md": offer_text({"summary": "Ein Treff\u2028für Eltern."})}, (KURS, 3, "(U+2028)")),
    Case("postcode with a trailing line break", {"fz/traeger.yml": VALID_PROVIDER.replace("postcode: 48653", 'postcode: "48653\\n"')},
         ("angebote/fz/traeger.yml", 5, "„address → postcode“: „48653\\n“ hat nicht die erwartete Form")),
    Case("folder name with a trailing line break", {}, ("angebote/fz\\n", 1, "Der Ordnername"), setup=_folder("fz\n")),
    Case("new provider reuses a slug", {"aa-neu/traeger.yml": VALID_PROVIDER, "aa-neu/kurs.md": VALID_OFFER},
         ("angebote/aa-neu/kurs.md", 1, "„kurs.md“ gibt es schon")),
    # what passes: shown as text
    Case("placeholder in angle brackets", {"fz/kurs.md": offer_text(body="Bitte <Name einfügen> anrufen.")}, None,
         shows=[("angebote/kurs/", "Bitte <Name einfügen> anrufen.")]),
    Case("phone autolink", {"fz/kurs.md": offer_text(body="Anrufen: <tel:+49 2541 12345>")}, None,
         shows=[("angebote/kurs/", "Anrufen: +49 2541 12345"), ("angebote/kurs/", 'href="tel:+49254112345"')]),
    Case("Windows line ends, README and templates", {
        "fz/kurs.md": offer_text(body="Zeile\r\nmit CRLF").replace("\n", "\r\n").replace("\r\r\n", "\r\n"),
        "README.md": "# Notizen\n", "fz/README.md": "Notizen des Trägers\n", "_vorlage/angebot.md": "---\n",
    }, None, shows=[("angebote/kurs/", "Zeile\nmit CRLF")]),
    Case("largest allowed body", {"fz/kurs.md": offer_text(body=" ".join(["Beratungs" + "x" * 70] * 124) + " Ende[" * 1)}, None,
         shows=[("angebote/kurs/", "Ende[")]),
    Case("200 open brackets", {"fz/kurs.md": offer_text(body="[ " * 200)}, None, shows=[("angebote/kurs/", "[ [ [ [ [")]),
    Case("empty data folder", {"fz/traeger.yml": None, "fz/kurs.md": None}, None, shows=[("", "")]),
    Case("every offer expired", {"fz/kurs.md": offer_text({"reviewed": "2026-01-01\nvalid_until: 2026-02-01"})}, None,
         shows=[("traeger/fz/", "Familienzentrum Beispiel")]),
    Case("contact name of 100 letters", {"fz/kurs.md": VALID_OFFER.replace("Erika Muster", "Erika " + "M" * 94)}, None,
         shows=[("kontakte/coesfeld/", "M" * 94)]),
    # translations live in the catalogues (uebersetzungen/<code>.po), no longer in the offer file
    Case("translations in the offer file", {"fz/kurs.md": offer_text(extra="translations:\n  en: {title: Parents' café}\n")},
         (KURS, 13, "„translations“ steht nicht mehr in der Angebotsdatei: Übersetzungen stehen in den Katalogen uebersetzungen/")),
    Case("formulas in every kind of cell of the CSV files", {
        "fz/traeger.yml": VALID_PROVIDER.replace("name: Familienzentrum Beispiel", 'name: "@Familienzentrum Beispiel"'),
        "fz/kurs.md": offer_text({"title": "'=HYPERLINK(\"https://example.org\";\"Klick\")'", "summary": '"-2+3+cmd|\' /C calc\'!A0 Treff"'},
                                 extra='cost: "\\t=1+2"\nregistration: "@SUM(A1:A9)"\nschedule: "=1+1"\n'
                                       'locations:\n  - {name: "=Ort", street: "@Markt 1", postcode: "48653", city: "+Coesfeld"}\n'),
    }, None, shows=[("angebote/kurs/", '=HYPERLINK("https://example.org";"Klick")')]),
    # 12. limits across the data folder, so that what check passes builds in minutes
    Case("more offers than the folder may hold", {"fz/kurs.md": None}, ("angebote", 1, "Zu viele Angebote im Datenordner: mehr als 20.000."),
         setup=_many_files(20_001, 1000)),
    Case("more files than a provider folder may hold", {}, ("angebote/t0", 1, "Zu viele Dateien in diesem Träger-Ordner: mehr als 1.002, "
                                                                            "höchstens 1.000 Angebote je Träger."), setup=_many_files(1002, 1002)),
    Case("more offers than a provider may have", {f"fz/k{i}.md": VALID_OFFER for i in range(1000)},
         ("angebote/fz/traeger.yml", 1, "Zu viele Angebote bei diesem Träger: 1.001, höchstens 1.000.")),
    Case("more provider folders than the folder may hold", {}, ("angebote", 1, "Zu viele Einträge im Datenordner: mehr als 5.002"),
         setup=lambda data: [(data / f"t{number}").mkdir() for number in range(5002)]),
    Case("list pages beyond a million rows", {"fz/traeger.yml": PROVIDER_OF_50, **{f"fz/k{i}.md": EVERYWHERE for i in range(91)}},
         ("angebote/fz/k0.md", 7, "Zeilen in den Listen nach Alter, Lebensbereich, Ort, Programm und Gutschein und "
                                  "auf den Kontaktseiten, höchstens 1.000.000")),
    Case("89 offers everywhere with 70 people each still build", {"fz/traeger.yml": PROVIDER_OF_50, **{f"fz/k{i}.md": EVERYWHERE for i in range(89)}},
         None, shows=[("angebote/k88/", "Mensch 18")]),
    Case("10,000 age bands", {}, ("taxonomie.yml", 77, "„altersgruppen“ hat zu viele Einträge: 10.000, höchstens 30."),
         county={"taxonomie.yml": county_file("taxonomie.yml", "altersgruppen:\n", "altersgruppen:\n" + "".join(
             f"  - {{slug: a{i}, label: A, von: {i}, bis: {i + 1}}}\n" for i in range(9993)))}),
    Case("501 towns", {}, ("taxonomie.yml", 58, "„orte“ hat zu viele Einträge: 501, höchstens 500."),
         county={"taxonomie.yml": county_file("taxonomie.yml", "orte:\n", "orte:\n" + "".join(f"  - {{slug: o{i}, label: O{i}}}\n" for i in range(489)))}),
    Case("a programme of 21 other names", {}, ("taxonomie.yml", 162, "„aliases“ ist eine Liste von höchstens 20 Namen"),
         county={"taxonomie.yml": county_file("taxonomie.yml", "aliases: [KAoA]", "aliases: [" + ", ".join(f"K{i}" for i in range(21)) + "]")}),
    # 10. characters no text may hold (XML cannot, or the pages rendered once use them), in every file
    Case("noncharacter in a title", {"fz/kurs.md": offer_text({"title": "Eltern\ufffecafé"})}, (KURS, 2, "Steuerzeichen (U+FFFE)")),
    Case("noncharacter in a contact name through an escape", {"fz/kurs.md": VALID_OFFER.replace("Erika Muster", '"Erika\\uFFFFMuster"')},
         (KURS, 10, "Steuerzeichen (U+FFFF)")),
    Case("noncharacter in a provider name", {"fz/traeger.yml": VALID_PROVIDER.replace("zentrum Beispiel", "zentrum\ufdd0Beispiel")},
         ("angebote/fz/traeger.yml", 1, "Steuerzeichen (U+FDD0)")),
    Case("noncharacter of plane 16 in a summary", {"fz/kurs.md": offer_text({"summary": '"Ein Treff\\U0010FFFF für Eltern mit Babys."'})},
         (KURS, 3, "Steuerzeichen (U+10FFFF)")),
    Case("noncharacter in the taxonomy", {}, ("taxonomie.yml", 12, "Steuerzeichen (U+FFFE)"),
         county={"taxonomie.yml": county_file("taxonomie.yml", "label: Gesundheit", "label: Gesund\ufffeheit")}),
    Case("noncharacter in the taxonomy through an escape", {}, ("taxonomie.yml", 12, "Steuerzeichen (U+FFFF)"),
         county={"taxonomie.yml": county_file("taxonomie.yml", "label: Gesundheit", 'label: "Gesund\\uFFFFheit"')}),
    Case("noncharacter in the search words", {}, ("suchwoerter.yml", 20, "Steuerzeichen (U+FDEF)"),
         county={"suchwoerter.yml": county_file("suchwoerter.yml", "[midwife,", "[mid\ufdefwife,")}),
    Case("NUL in the search words through an escape", {}, ("suchwoerter.yml", 20, "Steuerzeichen (U+0000)"),
         county={"suchwoerter.yml": county_file("suchwoerter.yml", "[midwife,", '["mid\\0wife",')}),
    Case("mark of the pages rendered once in the map's attribution", {},
         ("karte.geojson", 1, "Karte: namensnennung: der Text enthält ein unsichtbares Steuerzeichen (U+0000)"),
         county={"karte.geojson": county_file("karte.geojson", '"namensnennung":"', '"namensnennung":"\\u00003\\u0000')}),
    Case("ESC in a town name of the map", {}, ("karte.geojson", 1, "properties → name: der Text enthält ein unsichtbares Steuerzeichen (U+001B)"),
         county={"karte.geojson": county_file("karte.geojson", '"name":"Olfen"', '"name":"Ol\\u001bfen"')}),
    Case("backspace in the map's licence", {}, ("karte.geojson", 1, "lizenz: der Text enthält ein unsichtbares Steuerzeichen (U+0008)"),
         county={"karte.geojson": county_file("karte.geojson", '"lizenz":"', '"lizenz":"\\b')}),
    Case("lone surrogate in a slug of the map", {}, ("karte.geojson", 1, "properties → slug: der Text enthält ein unsichtbares Steuerzeichen (U+D800)"),
         county={"karte.geojson": county_file("karte.geojson", '"slug":"senden"', '"slug":"senden\\ud800"')}),
    Case("noncharacter in the map's source as it is", {}, ("karte.geojson", 1, "Die Zeile enthält ein unsichtbares Steuerzeichen (U+FFFF)"),
         county={"karte.geojson": county_file("karte.geojson", '"quelle":"', '"quelle":"\uffff')}),
    Case("control character in a key of the map", {}, ("karte.geojson", 1, "art\\x07: der Text enthält ein unsichtbares Steuerzeichen (U+0007)"),
         county={"karte.geojson": county_file("karte.geojson", '"art":"kreis"', '"art":"kreis","art\\u0007":1')}),
    Case("the map's line where it is written on many lines", {}, ("karte.geojson", PRETTY_MAP_LINE, "properties → name: der Text enthält"),
         county={"karte.geojson": PRETTY_MAP}),
    # 11. county files too large or no files at all, refused before they are read
    Case("taxonomy over its size", {}, ("taxonomie.yml", 1, "Die Taxonomie-Datei ist zu groß"),
         county={"taxonomie.yml": (ROOT / "taxonomie.yml").read_text(encoding="utf-8") + "#" * 575_000 + "\n"}),
    Case("search words over their size", {}, ("suchwoerter.yml", 1, "Die Datei mit den Suchwörtern ist zu groß"),
         county={"suchwoerter.yml": (ROOT / "suchwoerter.yml").read_text(encoding="utf-8") + "#" * 600_000 + "\n"}),
    Case("map over its size", {}, ("karte.geojson", 1, "Die Karte (ANGEBOTE_MAP) ist zu groß (2082 KiB, höchstens 2048 KiB). "
                                                       "Die Grenzen vereinfacht tools/geodaten.py."),
         county={"karte.geojson": (ROOT / "karte.geojson").read_text(encoding="utf-8") + " " * (2 * 1024 * 1024)}),
    Case("taxonomy is a link", {}, ("taxonomie.yml", 1, "Die Taxonomie-Datei ist eine Verknüpfung (Symlink)"),
         county={"taxonomie.yml": None}, setup=lambda data: os.symlink(ROOT / "taxonomie.yml", data.parent / "taxonomie.yml")),
    Case("map is a folder", {}, ("karte.geojson", 1, "Die Karte (ANGEBOTE_MAP) ist ein Ordner, keine Datei."),
         county={"karte.geojson": None}, setup=lambda data: (data.parent / "karte.geojson").mkdir()),
    Case("search words are a named pipe", {}, ("suchwoerter.yml", 1, "Die Datei mit den Suchwörtern ist keine gewöhnliche Datei"),
         county={"suchwoerter.yml": None}, setup=lambda data: os.mkfifo(data.parent / "suchwoerter.yml")),
    Case("a word in every language of the search words", {}, ("suchwoerter.yml", 20, "Liste von höchstens 40 Wörtern"),
         county={"suchwoerter.yml": county_file("suchwoerter.yml", "[midwife, midwives,", "[" + ", ".join(f"w{i}" for i in range(41)) + ", midwives,")}),
]


def _run(command: list[str], cwd: Path, github: bool = False) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["COLUMNS"] = "200"
    if github:
        env["GITHUB_ACTIONS"] = "true"
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, timeout=GUARD, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command[1]} hing über {GUARD} s")
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def _check(repo: Path, county: list[str], github: bool = False):
    return _run([sys.executable, str(ROOT / "tools/check.py"), "-s", str(ROOT / "pelicanconf.py"), "-e",
                 *county, f"ANGEBOTE_TODAY={TODAY.isoformat()}"], repo, github)


def _build(repo: Path, county: list[str]):
    return _run([sys.executable, str(ROOT / "tools/build_site.py"), "-o", str(repo / "output"),
                 "-e", f'ANGEBOTE_PATH="{repo / "angebote"}"', f'ANGEBOTE_TODAY="{TODAY.isoformat()}"',
                 *(f'{name}="{path}"' for name, _, path in (item.partition("=") for item in county))], ROOT)


@dataclass
class Outcome:
    repo: Path
    check: tuple[int, str, str]
    github: tuple[int, str, str]
    build: tuple[int, str, str]
    before: dict
    after: dict


def _outcome(case: Case, repo: Path) -> Outcome:
    case.write(repo)
    (repo / "output").mkdir()
    (repo / "output" / "index.html").write_text("die letzte gute Website", encoding="utf-8")
    before = tree_fingerprint(repo / "output")
    county = case.settings(repo)
    check, github = _check(repo, county), _check(repo, county, github=True)
    build = _build(repo, county)
    return Outcome(repo, check, github, build, before, tree_fingerprint(repo / "output"))


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Outcome]:
    """Every case through check, check in GitHub mode and the build, two at a time (two cores); where
    only some cases of test_check_and_build_agree are selected (pytest -k), only those."""
    mine = [item for item in request.session.items if item.module is request.module and "outcomes" in item.fixturenames]
    chosen = {item.callspec.params["case"].name for item in mine if item.originalname == "test_check_and_build_agree"}
    cases = [c for c in CASES if c.name in chosen] if all(i.originalname == "test_check_and_build_agree" for i in mine) else CASES
    repos = {case.name: tmp_path_factory.mktemp("gate") for case in cases}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case.name: pool.submit(_outcome, case, repos[case.name]) for case in cases}
        return {name: future.result() for name, future in futures.items()}


def _no_traceback(*outputs: str):
    for output in outputs:
        assert "Traceback" not in output and "Error:" not in output.replace("YAML-Fehler:", ""), output[-3000:]


def _outputs_read_back(site: Path) -> None:
    """Every file of a passing build besides the pages reads back: the feeds, the sitemap and the maps
    as XML, every JSON file, the spreadsheet, and both CSV files with no cell a formula."""
    for path in site.rglob("*"):
        if path.suffix in (".atom", ".xml", ".svg"):
            ElementTree.parse(path)
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
    openpyxl.load_workbook(site / "daten/angebote.xlsx")
    tables = [(site / "daten/angebote.csv").read_text(encoding="utf-8-sig")]
    with zipfile.ZipFile(site / "daten/hsds/hsds-tabellen.zip") as archive:
        tables += [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".csv")]
    cells = [cell for table in tables for row in csv.reader(io.StringIO(table), delimiter=";" if ";" in table.split("\n")[0] else ",")
             for cell in row]
    assert all(spreadsheet_reads_as_text_or_number(cell) for cell in cells), [cell for cell in cells if not spreadsheet_reads_as_text_or_number(cell)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_and_build_agree(outcomes, case):
    outcome = outcomes[case.name]
    (check_rc, check_out, check_err), (build_rc, build_out, build_err) = outcome.check, outcome.build
    _no_traceback(check_out, check_err, build_out, build_err)
    if case.error is None:
        assert check_rc == 0, check_out + check_err
        assert build_rc == 0, build_out + build_err
        site = outcome.repo / "output"
        for url, text in case.shows:
            html = (site / url / "index.html").read_text(encoding="utf-8")
            assert text in read_page(site, url).get_text() or text in html, (url, text)
        _outputs_read_back(site)
        return
    path, line, fragment = case.error
    assert check_rc == 1, check_out + check_err
    expected = f"{path}:{line}: " if line else f"{path}:"
    assert any(row.startswith(expected) and fragment in row for row in check_out.splitlines()), check_out
    assert build_rc == 1, build_out + build_err
    absolute = f"{outcome.repo / path}:{line}: "
    assert any(row.startswith(absolute) and fragment in row for row in build_err.splitlines()), build_err
    assert "Build fehlgeschlagen" in build_err
    assert outcome.after == outcome.before
    assert not (outcome.repo / "output.neu").exists()


def test_github_mode_prints_only_escaped_workflow_commands(outcomes):
    # (the sample's companion names the sample's offers, which these folders lack: hints at its absolute path)
    command = re.compile(r"::(error|warning) file=(angebote|angebote/[^\n\r]*?|taxonomie\.yml|suchwoerter\.yml|karte\.geojson|"
                         + re.escape(str(ROOT / "begleiter.yml")) + r"),line=\d+,"
                         r"title=Angebotsdaten::[^\n\r]*")
    for name, outcome in outcomes.items():
        rc, out, err = outcome.github
        for row in out.splitlines():
            assert command.fullmatch(row), (name, row)
        # and nothing from the data starts a line of its own anywhere, in plain mode or the build either
        for output in (outcome.check[1], outcome.check[2], err, outcome.build[1], outcome.build[2]):
            assert not [row for row in output.splitlines() if row.lstrip().startswith("::")], (name, output)
    forged = outcomes["annotation in a key"].github[1].splitlines()
    assert len(forged) == 1 and "::gehackt" in forged[0] and "\\n::error file=README.md" in forged[0]


def test_every_case_is_a_class_of_the_issue():
    """The suite keeps its size: a case removed by accident shows here."""
    assert len(CASES) >= 100
    assert len({c.name for c in CASES}) == len(CASES)


def test_empty_directory_gives_a_search_index_lunr_js_loads(outcomes, tmp_path):
    """A county that starts with no offers (or whose offers all expired) gets a working, empty search."""
    site = outcomes["empty data folder"].repo / "output"
    queries = tmp_path / "queries.json"
    queries.write_text('{"words": ["Hebamme"], "queries": ["Hebamme", "Beratung"]}', encoding="utf-8")
    result = subprocess.run(["node", str(ROOT / "tests/node/crosscheck.js"), str(site / "suche/index.json"), str(queries)],
                            cwd=ROOT, capture_output=True, text=True, timeout=GUARD)
    assert result.returncode == 0, result.stderr
    assert '"results":{"Hebamme":[],"Beratung":[]}' in result.stdout


def test_long_contact_name_gets_a_short_vcard_file_name(outcomes):
    [card] = (outcomes["contact name of 100 letters"].repo / "output/kontakte/vcard").glob("*.vcf")
    assert len(card.name) <= 64 and card.name.startswith("erika-mmmm")
    assert "FN:Erika " + "M" * 94 in card.read_bytes().decode("utf-8").replace("\r\n ", "")


def test_no_text_of_the_directory_may_hold_the_mark_of_the_pages_rendered_once():
    """Defence in depth: should a reader ever let the mark character through (each refuses it as a
    control character), the check after reading names the file, and the field's line."""
    from angebote.read.frontmatter import MARK
    from angebote.settings import read_settings
    from angebote.read import marked_values, read_directory

    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    files = ("taxonomie.yml", "suchwoerter.yml", "karte.geojson")
    directory = read_directory(settings)
    assert marked_values(directory, *files) == []
    offer, provider = directory.offers[3], directory.providers[1]
    offer.contacts[0].name += MARK
    provider.address.street = MARK + "3" + MARK
    directory.thesaurus[2]["en"].append("x" + MARK)
    directory.map.attribution = MARK + "1" + MARK
    found = {(p.path, p.line) for p in marked_values(directory, *files)}
    assert found == {(offer.source, offer.lines["contacts"]), (provider.source, 1), ("suchwoerter.yml", 1), ("karte.geojson", 1)}
    town = next(iter(directory.taxonomy.towns))
    directory.taxonomy.towns[town] = dataclasses.replace(directory.taxonomy.towns[town], labels={"en": MARK})
    assert ("taxonomie.yml", 1) in {(p.path, p.line) for p in marked_values(directory, *files)}
