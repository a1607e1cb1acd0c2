"""What a result row and the filters need of every offer, in one language (search.chunks splits
it into the parts of result rows and of each filter's values)."""

from __future__ import annotations

from ..model import WEEKDAYS

def doc_store(offers, age_phrase, town_phrase, localized=None, voucher_phrase=lambda offer: "", facts=None) -> list[dict]:
    """The document store of one interface language: what a result row and the filters need.

    ``localized(offer)`` gives (title, summary, [language of the title, of the summary]) for
    that language; by default the offer's own title and summary ("" = the content language).
    ``facts``: offer_facts(offers), where the stores of several languages are made.
    """
    docs = []
    for offer, fact in zip(offers, facts or offer_facts(offers)):
        title, summary, lang = localized(offer) if localized else (offer.title, offer.summary, ["", ""])
        doc = dict(fact)
        doc.update(t=title, s=summary, h=lang, a=age_phrase(offer), o=town_phrase(offer), c=voucher_phrase(offer))
        docs.append(doc)
    return docs


def offer_facts(offers) -> list[dict]:
    """Each offer's document store entry with its language's texts left empty (None), in the
    store's order of keys: what is the same in every language (doc_store fills in the rest)."""
    return [{
        "u": offer.slug,
        "t": None,
        "p": offer.provider.name,
        "s": None,
        "h": None,
        "a": None,
        "o": None,
        "f": [offer.age_from, offer.age_to] if offer.age_from is not None else None,
        "g": int(offer.pregnancy),
        "b": [a.slug for a in offer.areas],
        "w": [t.slug for t in offer.towns],
        "k": int(offer.free),
        "l": offer.languages,
        "x": int(offer.accessible is True),
        "n": [offer.phone_contact.phone, offer.phone_contact.phone_uri] if offer.phone_contact else [],
        "v": [a.voucher.slug for a in offer.accepts],
        "i": [p.slug for p in offer.programmes],
        "c": None,
        "z": opening_slots(offer),
    } for offer in offers]


def minutes(clock: str) -> int:
    """"09:30" → 570 ("24:00" → 1440)."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def opening_slots(offer) -> list[list[int]]:
    """The offer's opening hours for the filter "geöffnet am …" / "jetzt geöffnet" (suche.js):
    [weekday (0 = Monday), opens, closes] in minutes of the day, one per day and slot; a slot
    past midnight has closes < opens."""
    return sorted([WEEKDAYS.index(day), minutes(slot.opens), minutes(slot.closes)]
                  for slot in offer.hours for day in slot.days)
