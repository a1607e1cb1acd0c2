"""The provider folders: every provider file and offer file read, checked and made into the data
model; from 200 offer files on, a second process reads half of them."""

from __future__ import annotations

import datetime
import difflib
import itertools
import multiprocessing
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers

from . import limits
from .frontmatter import Document, Problem, parse_yaml, read_front_matter, read_text
from ..markup import TooDeep, html_to_text, markdown_to_html
from ..workers import ChildFailed, in_child, side_by_side
from ..model import Accepted, Contact, Location, Offer, Opening, Provider, Taxonomy, band_overlaps, sort_key

from ..model import Directory
from .frontmatter import ValidationFailed
from .memo import ReadMemo, _read_now
from .schema import schema_problems
from .taxonomy import ISO_639_1, SLUG, _named, _not_a_language, _terms

if TYPE_CHECKING:
    pass


PROVIDER_FILE = "traeger.yml"


# What else may stand in the data folder: notes for people, and the templates providers copy.
README = "README.md"


TEMPLATES = "_vorlage"


# Limits for untrusted files, from what real offers need (a body of about four printed pages).
MAX_FILE_BYTES = {"offer": 64 * 1024, "provider": 32 * 1024}


MAX_BODY_CHARS = 10_000


MAX_BRACKETS = 200  # "[" in a body: links and images (Markdown's link search grows with their square)


MAX_WORD = 80  # letters in one word (German compounds reach about 60)


MAX_WEB_WORD = 500  # a word that holds a web address




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


def body_html(body: str, first: int, path: str, problems) -> str:
    """A description (Markdown, from line first of the file at path) as safe HTML, after the limits
    that keep Markdown fast; "" and a problem where it breaks one. Translations pass here too."""
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
    # (str.split splits on what \S does not match; the scan only where a word is that long: searched
    # everywhere, it took 0.27 s of the 2000 offers' reading, the split 0.10 s)
    long_words = re.finditer(r"\S{%d,}" % (MAX_WORD + 1), body) if max(map(len, body.split()), default=0) > MAX_WORD else ()
    for match in long_words:
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
    html = ""
    if not found:
        html = body_html(doc.body, doc.body_line, path, found)
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
        body_html=html,
        body_text=html_to_text(html),
        body=doc.body.strip(),
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
        valid_until=datetime.date.fromisoformat(valid_until) if valid_until else None,
        stale=reviewed < one_year_before(today),
        lines={**{key: doc.line((key,)) for key in data}, "description": doc.body_line,
               **{f"locations.{i}.name": doc.line(("locations", i, "name")) for i in range(len(data.get("locations", [])))}},
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
    namesakes = {file: [str(f) for f in by_slug[file.stem] if f != file] for file, _ in files}
    jobs = [(file, provider) for file, provider in files if provider is not None and not namesakes[file]]
    # without a memo, every file is read now (in two processes, where there are many)
    read_now = iter(_read_offers(jobs, taxonomy, today, phone_region, content_lang, providers)) if memo is None else None
    for file, provider in files:
        others = namesakes[file]
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
