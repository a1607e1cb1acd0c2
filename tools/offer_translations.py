"""The providers' texts for translators: one gettext catalogue per language (make translations).

    python tools/offer_translations.py [-s pelicanconf.py] [-e SETTING=VALUE ...]

Writes ``<ANGEBOTE_OFFER_TRANSLATIONS>/<code>.po`` for every interface language but the providers'
own: each text of each offer (plugins/angebote/read/catalogues.py says which) as a message, the
German its msgid, "<offer>|<field>" its context, the offer file and line its reference. Translations
already there are kept. Where the German has changed since, the translation is marked fuzzy and
the German it translated stays beside it (``#| msgid``): the site shows the German again until a
translator has looked and removed the mark. Texts of offers that are gone stay at the end as
obsolete (``#~``), for a translator to reuse. A catalogue that cannot be read is left as it is,
with its problem; the others are written. Only catalogues whose content changes are written.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from babel import Locale  # noqa: E402
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import write_po  # noqa: E402

from angebote.read import ValidationFailed, read_directory  # noqa: E402
from angebote.read.catalogues import catalogue_path, companion_sources, read_catalogue, sources  # noqa: E402
from angebote.settings import read_settings, setting  # noqa: E402

HEADER = """\
Die Texte der Angebote auf {language} ({code}): eine Übersetzung je Text und Angebot, danach
die Texte des Elternbegleiters. Der deutsche Text (msgid) kommt aus der Datei, die als Fundstelle
genannt ist; msgctxt ist „<angebot>|<feld>“ (beim Begleiter „begleiter:<teil>:<name>|<feld>“). Ein Text, dessen Deutsch sich geändert hat, ist „fuzzy“ markiert, mit dem
alten Deutsch darüber (#| msgid): die Website zeigt dann wieder den deutschen Text, bis jemand die
Übersetzung geprüft und die Markierung entfernt hat. Bearbeiten mit einem PO-Editor (Poedit,
Lokalize) oder Weblate; danach „make translations“ (siehe CONTRIBUTING.md, „Übersetzen“).
Entwürfe sind mit „Entwurf, muttersprachlich prüfen“ kommentiert."""


def template(offers, companion=None) -> list:
    """(context, German, (file, line), comment) for every text of every offer, in the offers' order,
    then the parents' companion's, in its file's order."""
    found = [s for offer in offers for s in sources(offer)] + companion_sources(companion)
    return [(s.context, s.text, (s.offer.source, s.line), f"{getattr(s.offer, 'title', '') or s.offer.name} · {s.field}")
            for s in found]


def merged(old: Catalog | None, entries, code: str) -> Catalog:
    """The catalogue of one language: the template's messages with old's translations kept."""
    language = Locale.parse(code).get_display_name("de")
    catalogue = Catalog(locale=code, domain="angebote", header_comment="\n".join(f"# {line}" if line else "#" for line in
                                                                                HEADER.format(language=language, code=code).splitlines()),
                        project="Angebote", version="", fuzzy=False)
    before = {}
    if old is not None:
        for name in ("last_translator", "language_team", "revision_date", "creation_date"):
            setattr(catalogue, name, getattr(old, name))
        before = {m.context: m for m in old if m.id and m.context}
        before.update({m.context: m for m in old.obsolete.values() if m.context and m.context not in before})
    seen = set()
    for context, german, location, comment in entries:
        seen.add(context)
        kept = before.get(context)
        string, flags, previous, notes = "", (), None, []
        if kept is not None and kept.string:
            string, notes = kept.string, list(kept.user_comments)
            if kept.id == german:
                flags, previous = (("fuzzy",), kept.previous_id or None) if kept.fuzzy else ((), None)
            else:  # the German changed: the translation waits for a translator's look
                flags, previous = ("fuzzy",), (kept.previous_id if kept.fuzzy and kept.previous_id else kept.id)
        catalogue.add(german, string, locations=[location], auto_comments=[comment], user_comments=notes,
                      flags=flags, previous_id=previous, context=context)
    for context, message in before.items():
        if context not in seen and message.string and not message.pluralizable:
            catalogue.obsolete[(message.id, context)] = message
    return catalogue


def po_text(catalogue: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalogue, width=100, include_previous=True, omit_header=False)
    return out.getvalue()


def _without_dates(text: bytes) -> bytes:
    return b"\n".join(line for line in text.split(b"\n") if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date')))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="NAME=WERT, wie bei pelican -e")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings, args.extra_settings)
    folder = setting(settings, "ANGEBOTE_OFFER_TRANSLATIONS")
    if not folder:
        print("Keine Kataloge für die Angebotstexte eingestellt (ANGEBOTE_OFFER_TRANSLATIONS).", file=sys.stderr)
        return 0
    try:  # the offers as they are, without the catalogues (which may be what needs mending)
        directory = read_directory({**settings, "ANGEBOTE_OFFER_TRANSLATIONS": ""})
    except ValidationFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    content_lang = setting(settings, "ANGEBOTE_CONTENT_LANG")
    entries = template(directory.offers, directory.companion)
    Path(folder).mkdir(parents=True, exist_ok=True)
    failed = False
    for code in setting(settings, "ANGEBOTE_LANGUAGES"):
        if code == content_lang:
            continue
        path = catalogue_path(folder, code)
        problems = []
        old = read_catalogue(path, problems)
        if problems:
            print("\n".join(map(str, problems)), file=sys.stderr)
            print(f"{path}: nicht neu geschrieben, bitte erst die Datei reparieren.", file=sys.stderr)
            failed = True
            continue
        text = po_text(merged(old, entries, code))
        if path.exists() and _without_dates(path.read_bytes()) == _without_dates(text):
            continue
        fresh = path.with_name(f".{path.name}.neu")
        fresh.write_bytes(text)
        os.replace(fresh, path)
        print(f"{path} geschrieben.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
