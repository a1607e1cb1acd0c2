"""The contacts' vCards (contacts.vcard) against vobject, the vCard library that wrote them before:
the same bytes for names, roles, providers and offer titles that need escaping and folding, and
what vobject reads back is what was written."""

from __future__ import annotations

import random

import vobject

from angebote.contacts import ContactEntry, vcard
from angebote.model import Contact


class _Named:
    """An offer or provider as a vCard uses it: by its title or name."""

    def __init__(self, text: str):
        self.title = self.name = text


def _by_vobject(entry: ContactEntry) -> str:
    """The card as vobject makes it (the way contacts.py wrote cards up to December 2026)."""
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


# letters of one, two, three and four UTF-8 octets, and what a vCard escapes
PIECES = ["a", "Z", " ", "ä", "ß", "ş", "ж", "ع", "ـ", "€", "„", "“", "𝄞", "😀", ",", ";", "\\", ":", '"', "-", "'"]


def _text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, longest))).strip() or "x"


def _entries():
    yield ContactEntry(contact=Contact(name="Julia Brüggemann", role="Familienhebamme", phone_uri="tel:+4925948940023",
                                       email="j.brueggemann@example.org"),
                       roles=["Familienhebamme", "Beratung"], providers=[_Named("Kreisjugendamt Coesfeld")],
                       offers=[_Named("Elterncafé Dülmen"), _Named("Frühe Hilfen; Beratung, Begleitung")])
    yield ContactEntry(contact=Contact(name="Sekretariat"))  # one word, nothing else
    rng = random.Random(12)
    for _ in range(400):
        yield ContactEntry(
            contact=Contact(name=_text(rng, 100), phone_uri=rng.choice(["", "tel:+492541180"]),
                            email=rng.choice(["", "info@example.org", "ä@bücher.example"])),
            roles=[_text(rng, 40) for _ in range(rng.randint(0, 3))],
            providers=[_Named(_text(rng, 120))] if rng.random() < 0.8 else [],
            offers=[_Named(_text(rng, 90)) for _ in range(rng.randint(0, 6))])


def test_a_card_is_what_vobject_writes_and_reads_back():
    for entry in _entries():
        written = vcard(entry)
        assert written == _by_vobject(entry), entry
        card = vobject.readOne(written)
        assert card.fn.value == entry.contact.name
        assert card.n.value.family == (entry.contact.name.split() or [entry.contact.name])[-1]
        if entry.offers:
            assert card.note.value == "; ".join(o.title for o in entry.offers)
        if entry.roles:
            assert card.title.value == ", ".join(entry.roles)
        if entry.providers:
            assert card.org.value == [entry.providers[0].name]
