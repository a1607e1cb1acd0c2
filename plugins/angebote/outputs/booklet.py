"""``wegweiser/``: the printed Familienwegweiser's PDFs of the last ``make wegweiser`` run
(:mod:`..booklet`), by town (the county first), the page's language first. The PDFs themselves are
made by tools/wegweiser.py and carried into each new site by tools/build_site.py."""

from __future__ import annotations

from ..build import Page
from ..settings import setting


def pages(build, speech):
    booklets = build.views.booklets
    order = {language.code: i for i, language in enumerate(build.languages)}
    order[speech.code] = -1
    towns = [t for t in build.directory.taxonomy.towns.values() if not t.county_wide]
    rows = []
    for slug, town in [("kreis", None)] + [(t.slug, t) for t in towns]:
        found = sorted((b for b in booklets if b.town == slug and b.lang in order), key=lambda b: order[b.lang])
        rows.append((slug, town, found))
    yield Page("wegweiser/", "wegweiser", {
        "rows": rows, "printed": any(found for _, _, found in rows), "date": max((b.date for b in booklets), default=None),
        "page_size": setting(build.settings, "ANGEBOTE_WEGWEISER_FORMAT")})
