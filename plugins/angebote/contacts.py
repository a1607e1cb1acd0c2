"""Contact people, merged across offers and providers, and a vCard for each.

Every person named by an offer or a provider is one :class:`ContactEntry`, sorted by family name;
the site's contact pages (:mod:`.outputs.contacts`) and the printed Familienwegweiser (:mod:`.booklet`) list
them, and :func:`write_vcards` writes ``kontakte/vcard/<name>.vcf``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pelican.utils import slugify

from .folders import write_folder
from .model import Contact, Offer, sort_key
from .model import Directory


@dataclass
class ContactEntry:
    """One person, merged across every offer and provider that names them."""

    contact: Contact
    slug: str = ""
    roles: list[str] = field(default_factory=list)
    providers: list = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    seen: set = field(default_factory=set, repr=False)  # ids of roles, providers and offers already listed

    @property
    def vcard_path(self) -> str:
        return f"kontakte/vcard/{self.slug}.vcf"


VCARD_SLUG = 60


def family_name_key(name: str, collation: str):
    """A person's place in a list by family name (the last word), then by the whole name."""
    words = name.split()
    return (sort_key(words[-1] if words else name, collation), sort_key(name, collation))


def collect_contacts(directory: Directory, collation: str, slug_subs) -> list[ContactEntry]:
    """Every contact person of every offer and provider, once each, sorted by family name."""
    entries: dict[tuple, ContactEntry] = {}

    def add(contact: Contact, provider, offers: list[Offer]):
        key = (contact.name.casefold(), contact.email.casefold(), contact.phone_uri)
        entry = entries.setdefault(key, ContactEntry(contact=contact))
        if contact.role and ("role", contact.role) not in entry.seen:
            entry.seen.add(("role", contact.role))
            entry.roles.append(contact.role)
        if id(provider) not in entry.seen:
            entry.seen.add(id(provider))
            entry.providers.append(provider)
        for offer in offers:
            if id(offer) not in entry.seen:
                entry.seen.add(id(offer))
                entry.offers.append(offer)

    for provider in directory.providers:
        for contact in provider.contacts:
            add(contact, provider, provider.offers)
        for offer in provider.offers:
            for contact in offer.contacts:
                add(contact, provider, [offer])
    ordered = sorted(entries.values(), key=lambda e: family_name_key(e.contact.name, collation))
    used = set()
    for entry in ordered:
        # a file name of at most VCARD_SLUG characters, whatever the name's length
        base = slugify(entry.contact.name, regex_subs=slug_subs)[:VCARD_SLUG].strip("-") or "kontakt"
        slug, number = base, 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        entry.slug = slug
    return ordered


def vcard(entry: ContactEntry) -> str:
    """The person's vCard 3.0 (RFC 2426), in the form vobject writes it (tests/test_vcards.py compares
    the two): VERSION first, the other properties by name, text values escaped, long lines folded.
    Written here rather than through vobject, which took 0.5 ms a card (a second of the build's
    second process at 2000 offers) for these few fixed lines."""
    name = entry.contact.name
    words = name.split()
    # (property with its parameters, value as escaped text)
    lines = [
        ("FN", _escaped(name)),
        ("N", ";".join([_escaped(words[-1] if words else name), _escaped(" ".join(words[:-1])), "", "", ""])),
    ]
    if entry.providers:
        lines.append(("ORG", _escaped(entry.providers[0].name)))
    if entry.roles:
        lines.append(("TITLE", _escaped(", ".join(entry.roles))))
    if entry.contact.phone_uri:
        lines.append(("TEL;TYPE=WORK", _escaped(entry.contact.phone_uri.removeprefix("tel:"))))
    if entry.contact.email:
        lines.append(("EMAIL;TYPE=INTERNET", _escaped(entry.contact.email)))
    if entry.offers:
        lines.append(("NOTE", _escaped("; ".join(o.title for o in entry.offers))))
    lines.sort(key=lambda line: line[0].split(";")[0])
    return "".join(_folded(line) for line in ("BEGIN:VCARD", "VERSION:3.0", *(f"{k}:{v}" for k, v in lines), "END:VCARD"))


def _escaped(text: str) -> str:
    """A vCard text value: backslash, semicolon and comma escaped, a line break as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


FOLD = 75  # octets of a content line before it is folded (RFC 2426, 2.6)


def _folded(line: str) -> str:
    """A content line with CRLF, folded (CRLF and a space) before an octet beyond FOLD, never inside
    a character. As vobject does, a line of fewer than FOLD characters stays whole."""
    if len(line) < FOLD:
        return line + "\r\n"
    parts, octets = [], 0
    for char in line:
        size = len(char.encode("utf-8"))
        if octets + size > FOLD:
            parts.append("\r\n ")
            octets = 1
        parts.append(char)
        octets += size
    return "".join(parts) + "\r\n"


def write_vcards(folder: Path, contacts: list[ContactEntry]) -> None:
    """kontakte/vcard/ (folder): a card per contact, and nothing else (build.write_folder)."""
    write_folder(folder, ((f"{entry.slug}.vcf", vcard(entry).encode("utf-8")) for entry in contacts))
