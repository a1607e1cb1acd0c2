"""The Lotsen-Merkliste's data: what a hand-over shows of each offer, per interface language.

Writes ``<language prefix>merkliste/angebote.json``: for every published offer (by slug) its
title, for whom, where (towns and addresses; an offer without a place of its own, such as most
county-wide ones, the provider's name and address), when, cost and contact people with phone and e-mail. Only ``/merkliste/`` loads it; the list itself stays in the browser
(``theme/static/js/merkliste.js``). :mod:`.outputs.handout` writes the page and the file.
"""

from __future__ import annotations

from .model import Offer


def handout_record(offer: Offer, text_and_language, age_phrase: str, town_phrase: str, free_label: str, lang: str) -> dict:
    """One offer's hand-over facts; the providers' texts in the page's language where a current
    translation gives them (``text_and_language(offer, name)``: the text and its language)."""
    title, title_lang = text_and_language(offer, "title")
    schedule, schedule_lang = text_and_language(offer, "schedule")
    cost, cost_lang = (free_label, lang) if offer.free else text_and_language(offer, "cost")
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
        "z": schedule,
        "zl": schedule_lang,
        "c": cost,
        "cl": cost_lang,
        "k": contacts,
    }
