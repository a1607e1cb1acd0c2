"""The contact people: ``kontakte/`` and a page per town ``kontakte/<town>/`` (its people by life
area, each with the offers there; printable), and a vCard per person ``kontakte/vcard/<name>.vcf``
(:mod:`..contacts`)."""

from __future__ import annotations

from ..build import Page
from ..contacts import write_vcards

def pages(build, speech):
    towns = build.views.contact_towns
    yield Page("kontakte/", "kontakte", {"towns": [(t.town, t.count, t.groups) for t in towns]})
    for town in towns:
        yield Page(f"kontakte/{town.town.slug}/", "kontakte_ort", {"town": town.town, "groups": town.groups, "count": town.count},
                   shows=town.offers)


def finish(build, speak):
    write_vcards(build.files.claim_folder("kontakte/vcard/"), build.views.contacts)


ROWS = {"contact_cells": ("kontakt_zellen", "entry")}  # a person's cells: rendered once per person and language
