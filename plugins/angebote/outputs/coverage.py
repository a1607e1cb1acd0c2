"""``abdeckung/``: for the coordinators, how many offers each life area has per age band, town and
programme, and each town per age band (:func:`..reports.coverage`), to see where offers are
missing; and each table as a CSV file beside the page, in its language (``<prefix>abdeckung/*.csv``)."""

from __future__ import annotations

from ..build import Page
from ..reports import coverage_files


def pages(build, speech):
    band_matrix, town_matrix, programme_matrix, town_band_matrix = build.views.coverage
    yield Page("abdeckung/", "abdeckung", {"band_matrix": band_matrix, "town_matrix": town_matrix,
                                           "programme_matrix": programme_matrix, "town_band_matrix": town_band_matrix})


def files(build, speech):
    for name, text in coverage_files(build.views.coverage, speech.label, speech):
        # UTF-8 with a byte order mark, as a German spreadsheet program opens it with a double click
        build.files.claim(f"{speech.prefix}abdeckung/{name}").write_text(text, encoding="utf-8-sig", newline="")
