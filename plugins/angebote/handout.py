"""The Lotsen-Merkliste's data: what a hand-over shows of each offer, per interface language.

Writes ``<language prefix>merkliste/angebote.json``: for every published offer (by slug) its
title, for whom, where (towns and addresses; an offer without a place of its own, such as most
county-wide ones, the provider's name and address), when, cost and contact people with phone and e-mail. Only ``/merkliste/`` loads it; the list itself stays in the browser
(``theme/static/js/merkliste.js``). :mod:`.outputs.handout` writes the page and the file.
"""

from __future__ import annotations

from .model import Offer


def handout_record(offer: Offer, title: str, title_lang: str, age_phrase: str, town_phrase: str,
                   free_label: str, lang: str, content_lang: str) -> dict:
    """One offer's hand-over facts; provider texts stay in the providers' language (``content_lang``)."""
    contacts = [[c.name, c.role, c.phone, c.phone_uri, c.email] for c in offer.contacts]
    provider = offer.provider
    if not contacts and (provider.phone_uri or provider.email):  # no person named: the provider's own line
        contacts = [[provider.name, "", provider.phone, provider.phone_uri, provider.email]]
    # where a family can go: the offer's places, else (most county-wide offers) the provider's office
    office = provider.address if not offer.locations else None
    return {
        # the provider's name, then its address: a line each on the sheet
        "p": [part for part in (provider.name, office.one_line) if part] if office else [],
        "t": title,
        "h": title_lang,
        "a": age_phrase,
        "o": town_phrase,
        "l": [location.one_line for location in offer.locations],
        "z": offer.schedule,
        "c": free_label if offer.free else offer.cost,
        "cl": lang if offer.free else content_lang,
        "k": contacts,
    }
