"""Contact people, merged across offers and providers, and a vCard for each.

Every person named by an offer or a provider is one :class:`ContactEntry`, sorted by family name;
the site's contact pages (:mod:`.pages`) and the printed Familienwegweiser (:mod:`.booklet`) list
them, and :func:`write_vcards` writes ``kontakte/vcard/<name>.vcf``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import vobject
from pelican.utils import slugify

from .model import Contact, Offer, sort_key
from .validation import Directory


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


def _family_name_key(name: str, collation: str):
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
    ordered = sorted(entries.values(), key=lambda e: _family_name_key(e.contact.name, collation))
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
    card = vobject.vCard()
    name = entry.contact.name
    card.add("fn").value = name
    words = name.split()
    card.add("n").value = vobject.vcard.Name(family=words[-1] if words else name, given=" ".join(words[:-1]))
    if entry.providers:
        card.add("org").value = [entry.providers[0].name]
    if entry.roles:
        card.add("title").value = ", ".join(entry.roles)
    if entry.contact.phone_uri:
        tel = card.add("tel")
        tel.value = entry.contact.phone_uri.removeprefix("tel:")
        tel.type_param = "WORK"
    if entry.contact.email:
        email = card.add("email")
        email.value = entry.contact.email
        email.type_param = "INTERNET"
    if entry.offers:
        card.add("note").value = "; ".join(o.title for o in entry.offers)
    return card.serialize()


def write_vcards(output: Path, contacts: list[ContactEntry]) -> None:
    """kontakte/vcard/: a card per contact, and nothing else (written again, make dev's preview
    loses the cards of contacts that are gone)."""
    shutil.rmtree(output / "kontakte" / "vcard", ignore_errors=True)
    (output / "kontakte" / "vcard").mkdir(parents=True, exist_ok=True)
    for entry in contacts:
        (output / entry.vcard_path).write_text(vcard(entry), encoding="utf-8", newline="")
