"""The facets: ``alter/``, ``bereiche/`` and ``orte/`` with a page per age band, life area and town
(``alter/<band>/`` grouped by life area, ``bereiche/<area>/`` by age band, ``orte/<town>/``, with
every county-wide offer, by life area); each group shows its first entries and links to its full
list ``<facet>/<slug>/<group>/``, paginated (``…/2/``)."""

from __future__ import annotations

from ..build import Page, list_pages
from ..settings import setting


def pages(build, speech):
    views = build.views
    limit = setting(build.settings, "ANGEBOTE_GROUP_LIMIT")
    for kind, facets in (("alter", views.bands), ("bereiche", views.areas), ("orte", views.towns)):
        yield Page(f"{kind}/", "facetten", {"kind": kind, "facets": facets})
        for facet in facets:
            yield Page(facet.url_path, "facette", {"facet": facet, "group_limit": limit}, shows=tuple(facet.offers))
            yield from group_lists(build, facet)


def group_lists(build, facet):
    """The full lists of a facet's groups (those not written under another facet)."""
    for group in facet.groups:
        if group.written_here:
            yield from list_pages(group.url_path, group.offers, setting(build.settings, "ANGEBOTE_PER_PAGE"),
                                  facet=facet, group=group)
