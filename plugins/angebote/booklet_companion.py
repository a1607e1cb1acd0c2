"""The parents' companion (begleiter.yml) in the printed Familienwegweiser (:mod:`.booklet`): the help
numbers inside the cover, the welcome, the checklist after birth, the check-up table, the offices
that help, the milestones that open each age chapter, and the subject index ("Stichwörter") beside
the A–Z of offers.

:func:`plan_companion` decides what of it a booklet prints and where each milestone and office
stands (the anchors the subject index points to); wegweiser/heft.html prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Companion, Milestone, Office, Place, Term, sort_key


@dataclass(frozen=True)
class Subject:
    """An entry of the subject index: a milestone's title or an office's name as printed, in its
    language, and the anchor of the place where it stands."""

    text: str
    lang: str
    anchor: str


@dataclass
class CompanionPart:
    companion: Companion
    town: Term | None  # None: the county's booklet
    checklist: list[Milestone]  # checklist: true, in the order they begin
    checkups: list[Milestone]  # kind untersuchung, in the order they begin
    by_band: dict[str, list[Milestone]]  # age band slug → the milestones that open its chapter
    subjects: list[Subject] = field(default_factory=list)  # in the order of the booklet's language

    def place(self, office: Office) -> Place | None:
        """Where the office is for the booklet's readers: the town's own place in a town's booklet,
        else the one for the county; None where it has only a place in each town."""
        if self.town is not None and self.town.slug in office.towns:
            return office.towns[self.town.slug]
        found = office.place
        return found if found.name or found.address or found.phone or found.url else None

    def town_places(self, office: Office) -> list[tuple[str, Place]]:
        """(town slug, place) of an office with one in each town, where the booklet has no place of
        its own town (the county's booklet)."""
        if self.town is not None and self.town.slug in office.towns:
            return []
        return list(office.towns.items())


def milestone_anchor(milestone: Milestone) -> str:
    return f"begleiter-{milestone.slug}"


def office_anchor(office: Office) -> str:
    return f"stelle-{office.slug}"


def plan_companion(companion: Companion, town: Term | None, bands: list[Term], lang: str, content_lang: str,
                   collation: str) -> CompanionPart:
    """What of the companion the booklet for ``town`` prints; ``bands`` are the taxonomy's age bands,
    in order. A milestone opens the chapter of the first band its stage falls into; one whose stage
    falls into none is printed only where the checklist or the check-up table holds it."""
    by_band: dict[str, list[Milestone]] = {band.slug: [] for band in bands}
    anchors: dict[str, str] = {}
    for stage in companion.stages:
        band = next((b for b in bands if stage.overlaps(b)), None)
        if band is None:
            continue
        for milestone in stage.milestones:
            if milestone.slug not in anchors:
                by_band[band.slug].append(milestone)
                anchors[milestone.slug] = milestone_anchor(milestone)
    checklist = [m for m in companion.milestones if m.checklist]
    checkups = [m for m in companion.milestones if m.kind == "untersuchung"]
    for prefix, milestones in (("checkliste", checklist), ("vorsorge", checkups)):
        for milestone in milestones:
            anchors.setdefault(milestone.slug, f"{prefix}-{milestone.slug}")
    subjects = [Subject(*m.text_in("title", lang, content_lang), anchors[m.slug])
                for m in companion.milestones if m.slug in anchors]
    subjects += [Subject(*o.text_in("name", lang, content_lang), office_anchor(o)) for o in companion.offices]
    subjects.sort(key=lambda s: sort_key(s.text, collation))
    return CompanionPart(companion, town, checklist, checkups, {k: v for k, v in by_band.items() if v}, subjects)
