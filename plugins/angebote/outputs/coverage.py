"""``abdeckung/``: for the coordinators, how many offers each life area has per age band, town and
programme (:func:`..reports.coverage`), to see where offers are missing."""

from __future__ import annotations

from ..build import Page


def pages(build, speech):
    band_matrix, town_matrix, programme_matrix = build.views.coverage
    yield Page("abdeckung/", "abdeckung", {"band_matrix": band_matrix, "town_matrix": town_matrix,
                                           "programme_matrix": programme_matrix})
