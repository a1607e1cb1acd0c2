"""The parents' companion (Elternbegleiter, begleiter.yml): ``begleiter/`` (the welcome, the help
numbers, the stages, and "für mein Kind", which works out one child's dates in the browser) and
``begleiter/<stage>/`` for each stage of a child's life (what is due, its window or deadline, the
office that helps, the offers of that age), without JavaScript; and each language's data for "für
mein Kind", ``<prefix>begleiter/daten.json`` (theme/static/js/begleiter.js reads it); and
``theme/vendor/ical.min.js`` (ical.js, with its licence), with which "für mein Kind" makes the
child's iCalendar file in the browser."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ..build import Page
from ..model import Companion, Milestone, Office, Place, Stage
from ..settings import setting

BROWSER_FILES = {  # theme/vendor/<name>: its file in node_modules
    "ical.min.js": "ical.js/dist/ical.es5.min.cjs",  # the UMD build: a classic script that sets window.ICAL
    "LICENSE-ical.js.txt": "ical.js/LICENSE",
}


def pages(build, speech):
    companion = build.directory.companion
    if companion is None:
        return
    offers = build.directory.offers
    by_stage = {stage.slug: [o for o in offers if stage.holds(o)] for stage in companion.stages}
    towns = [t for t in build.directory.taxonomy.towns.values() if not t.county_wide]
    # (the start page counts each stage's offers: a change of any offer's ages may change it)
    yield Page("begleiter/", "begleiter", {"companion": companion, "towns": towns, "offer_counts":
                                           {slug: len(found) for slug, found in by_stage.items()}}, shows=tuple(offers))
    for index, stage in enumerate(companion.stages):
        linked = _linked(stage)
        yield Page(stage.url_path, "begleiter_abschnitt", {
            "companion": companion, "stage": stage, "offers": by_stage[stage.slug],
            "previous": companion.stages[index - 1] if index else None,
            "next": companion.stages[index + 1] if index + 1 < len(companion.stages) else None,
            "linked": linked, "group_limit": setting(build.settings, "ANGEBOTE_GROUP_LIMIT"), "towns": towns},
                   shows=tuple({id(o): o for o in by_stage[stage.slug] + linked}.values()))


def _linked(stage: Stage) -> list:
    """The offers the stage's milestones name, each once, in their order."""
    seen = {}
    for milestone in stage.milestones:
        for offer in milestone.offers:
            seen.setdefault(offer.slug, offer)
    return list(seen.values())


def stages_for_band(build, band) -> list:
    """The companion's stages that overlap an age band (the age pages link to them)."""
    companion = build.directory.companion
    if companion is None:
        return []
    return [stage for stage in companion.stages if stage.overlaps(band)]


def files(build, speech):
    """What "für mein Kind" needs in one language: the stages, the milestones with their windows as
    data, the offices, and each offer's ages and towns (to show those of the child's age and town)."""
    companion = build.directory.companion
    if companion is None:
        return
    build.files.write_json(f"{speech.prefix}begleiter/daten.json", companion_data(build, speech, companion))


def companion_data(build, speech, companion: Companion) -> dict:
    def text(piece, name):
        return speech.text_in(piece, name)

    def place(found: Place) -> dict:
        return {key: value for key, value in asdict(found).items() if value}

    def office(found: Office | None):
        if found is None:
            return None
        return {"name": text(found, "name"), "text": text(found, "text") if found.text else "", **place(found.place),
                "towns": {slug: place(at) for slug, at in found.towns.items()}}

    def milestone(found: Milestone) -> dict:
        return {"slug": found.slug, "kind": found.kind, "title": text(found, "title"), "text": text(found, "text"),
                "span": found.span and {"unit": found.span.unit, "first": found.span.first, "last": found.span.last,
                                        "text": found.span.text},
                "tolerance": found.tolerance and {"unit": found.tolerance.unit, "first": found.tolerance.first,
                                                  "last": found.tolerance.last, "text": found.tolerance.text},
                "deadline": found.deadline and {"amount": found.deadline.amount, "unit": found.deadline.unit,
                                                "before_due": found.deadline.before_due, "text": found.deadline.text},
                "office": office(found.office), "offers": [o.slug for o in found.offers],
                "areas": [a.slug for a in found.areas]}

    offers = build.directory.offers
    return {
        "stages": [{"slug": s.slug, "title": text(s, "title"), "url": f"{speech.prefix}{s.url_path}", "pregnancy": s.pregnancy,
                    "from": s.age_from, "to": s.age_to, "milestones": [m.slug for m in s.milestones]}
                   for s in companion.stages],
        "milestones": [milestone(m) for m in companion.milestones],
        "offers": [{"slug": o.slug, "title": speech.text_in(o, "title"), "url": f"{speech.prefix}{o.url_path}",
                    "from": o.age_from, "to": o.age_to, "pregnancy": o.pregnancy, "towns": [t.slug for t in o.towns],
                    "county_wide": o.county_wide, "areas": [a.slug for a in o.areas]} for o in offers],
        "towns": [{"slug": t.slug, "label": speech.label(t)} for t in build.directory.taxonomy.towns.values()
                  if not t.county_wide],
    }


def finish(build, speak):
    if build.directory.companion is None:
        return
    node_modules = setting(build.settings, "ANGEBOTE_NODE_MODULES")
    for name, source in BROWSER_FILES.items():
        build.files.copy(Path(node_modules, source), f"theme/vendor/{name}")


HELPERS = {"stages_for_band": lambda build, speech, band: stages_for_band(build, band)}


def offline(build, language):
    """The companion's pages and the data of "für mein Kind"."""
    companion = build.directory.companion
    if companion is None:
        return []
    return [f"{language.prefix}begleiter/", *(language.prefix + stage.url_path for stage in companion.stages),
            f"{language.prefix}begleiter/daten.json"]
