"""The contact people: ``kontakte/`` and a page per town ``kontakte/<town>/`` (its people by life
area, each with the offers there; printable), paginated by ANGEBOTE_CONTACTS_PER_PAGE rows
(``kontakte/<town>/2/`` …: a county-wide offer's people stand on every town's page), and a vCard
per person ``kontakte/vcard/<name>.vcf`` (:mod:`..contacts`)."""

from __future__ import annotations

from itertools import groupby

from ..build import Page
from ..contacts import write_vcards
from ..settings import setting


def pages(build, speech):
    towns = build.views.contact_towns
    per_page = setting(build.settings, "ANGEBOTE_CONTACTS_PER_PAGE")
    yield Page("kontakte/", "kontakte", {"towns": [(t.town, t.count, t.groups) for t in towns]})
    for town in towns:
        first = f"kontakte/{town.town.slug}/"
        rows = [(area, row) for area, entries in town.groups for row in entries]
        chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
        urls = [first] + [f"{first}{n}/" for n in range(2, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, start=1):
            groups = [(area, [row for _, row in rows]) for area, rows in groupby(chunk, key=lambda item: item[0])]
            yield Page(urls[number - 1], "kontakte_ort", {
                "town": town.town, "groups": groups, "count": town.count, "page_number": number,
                "page_count": len(chunks), "previous_url": urls[number - 2] if number > 1 else None,
                "next_url": urls[number] if number < len(chunks) else None}, shows=town.offers)


def finish(build, speak):
    write_vcards(build.files.claim_folder("kontakte/vcard/"), build.views.contacts)


ROWS = {"contact_cells": ("kontakt_zellen", "entry")}  # a person's cells: rendered once per person and language
