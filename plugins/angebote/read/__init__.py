"""Reading the data: files → checked :class:`~..model.Directory`, or all problems at once.

Every problem of every file is collected before anything is written, and all of them are reported
at once as ``path:line: message`` in German. The files: the provider folders (:mod:`.offers`,
checked against :mod:`.schema`), the county's taxonomy and search words (:mod:`.taxonomy`), map
(:mod:`.geodata`) and parents' companion (:mod:`.companion`), the texts' translations
(:mod:`.catalogues`), with limits across the whole folder (:mod:`.limits`); the YAML itself with
line numbers (:mod:`.frontmatter`); make dev's memo (:mod:`.memo`).
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from ..model import Directory, Offer, Programme, Provider, Taxonomy, Term, Voucher
from ..settings import setting
from .frontmatter import MARK, Problem, ValidationFailed
from .catalogues import apply_catalogues
from .companion import load_companion
from .geodata import MapFailed, load_map
from .memo import ReadMemo, _read_now
from .offers import load_directory
from .taxonomy import load_taxonomy, load_thesaurus


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
    thesaurus = load_thesaurus(thesaurus_path, taxonomy) if thesaurus_path else []
    content_lang = setting(settings, "ANGEBOTE_CONTENT_LANG")
    directory = load_directory(
        setting(settings, "ANGEBOTE_PATH"),
        taxonomy,
        today=datetime.date.fromisoformat(str(today)) if today else None,
        phone_region=setting(settings, "ANGEBOTE_PHONE_REGION"),
        content_lang=content_lang,
        collation=setting(settings, "ANGEBOTE_COLLATION"),
        memo=memo,
    )
    directory.thesaurus = thesaurus
    companion_path = setting(settings, "ANGEBOTE_COMPANION")
    if companion_path:
        directory.companion = load_companion(companion_path, taxonomy, directory.offers, directory.expired,
                                             setting(settings, "ANGEBOTE_PHONE_REGION"))
    catalogues = setting(settings, "ANGEBOTE_OFFER_TRANSLATIONS")
    if catalogues:
        codes = [code for code in setting(settings, "ANGEBOTE_LANGUAGES") if code != content_lang]
        problems, directory.translation_states = apply_catalogues(directory.offers, catalogues, codes,
                                                                  directory.companion)
        if problems:
            raise ValidationFailed(problems)
        if directory.companion is not None:
            translated = repr([piece.translations for piece in directory.companion.pieces()])
            directory.companion.digest = hashlib.sha256((directory.companion.digest + translated).encode()).hexdigest()
    map_path = setting(settings, "ANGEBOTE_MAP")
    try:
        directory.map = load_map(map_path, taxonomy)
    except MapFailed as failed:
        raise ValidationFailed([failed.problem]) from None
    # (make dev, which reads again after every change, leaves it to each file's reader: its preview
    # is not published, and a build or make check always looks)
    marked = marked_values(directory, str(taxonomy_path), thesaurus_path, map_path) if memo is None else []
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
    if directory.companion is not None and any(MARK in text for text in _texts_of(directory.companion)):
        problems.append(Problem(directory.companion.source, 1, message))
    if directory.map is not None and any(MARK in text for text in _texts_of(directory.map)):
        problems.append(Problem(str(map_path or taxonomy_path), 1, message))
    return problems


def _taxonomy_or_problems(path: Path, found: list[Problem]) -> Taxonomy | None:
    try:
        return load_taxonomy(path)
    except ValidationFailed as failure:
        found.extend(failure.problems)
        return None
