"""The network's programmes and the vouchers: ``initiativen/`` and ``initiativen/<programme>/``
(what it is, where it reaches), ``gutscheine/`` and ``gutscheine/<voucher>/`` (how a family gets
it), each with its offers by age band and their full lists, like the facets'."""

from __future__ import annotations

from ..build import Page
from ..settings import setting
from .facets import group_lists


def pages(build, speech):
    views = build.views
    limit = setting(build.settings, "ANGEBOTE_GROUP_LIMIT")
    taxonomy = build.directory.taxonomy
    county = taxonomy.county_wide
    if views.programmes:
        yield Page("initiativen/", "initiativen", {"facets": views.programmes})
    for facet in views.programmes:
        reached = {t.slug for o in facet.offers for t in o.towns}
        towns = [t for t in taxonomy.towns.values() if t.slug in reached and t is not county]
        yield Page(facet.url_path, "initiative", {"facet": facet, "group_limit": limit, "towns": towns,
                                                  "county_wide": county is not None and county.slug in reached},
                   shows=tuple(facet.offers))
        yield from group_lists(build, facet)
    if views.vouchers:
        yield Page("gutscheine/", "gutscheine", {"facets": views.vouchers})
    for facet in views.vouchers:
        yield Page(facet.url_path, "gutschein", {"facet": facet, "group_limit": limit}, shows=tuple(facet.offers))
        yield from group_lists(build, facet)
