"""The parents' companion, ``begleiter.yml`` (setting ANGEBOTE_COMPANION): a welcome, the emergency
and help numbers, the offices that help (one for the county or one in each town), the stages of a
child's life with a page each, and the milestones of those stages: the check-ups with the windows
the G-BA's Richtlinien set, the deadlines after birth, the steps (Kita, school).

The windows are written as the Richtlinien write them ("3. bis 10. Lebenstag", "4½." for a half
month), deadlines as "1 Woche nach der Geburt" or "7 Wochen vor dem Geburtstermin"; both are read
into :class:`~..model.Span` and :class:`~..model.Deadline` here, and the browser turns them into a
child's dates (theme/static/js/begleiter-daten.js). Every problem is a German ``path:line`` message.
"""

from __future__ import annotations

import hashlib
import re

import phonenumbers

from ..model import (Companion, Deadline, HelpNumber, Milestone, Office, Offer, Place, Span, Stage, Taxonomy,
                     Welcome)
from .frontmatter import Document, Problem, ValidationFailed
from .schema import _suggest, schema_problems
from .taxonomy import _settings_file

# The sample has 12 KiB; 256 KiB hold a companion of every stage with 300 milestones and their texts.
COMPANION_BYTES = 256 * 1024

DAYS_PER_MONTH = 365.2425 / 12

_UNITS = {"lebenstag": "tag", "lebenswoche": "woche", "lebensmonat": "monat", "lebensjahr": "jahr",
          "schwangerschaftswoche": "ssw"}
_SPAN = re.compile(r"(\d{1,3})\.(?:\s*(?:bis|–|-)\s*(\d{1,3})(½|,5)?\.)?\s*(\w+)", re.IGNORECASE)
_DEADLINE = re.compile(r"(\d{1,3})\s+(tage?n?|wochen?|monate?n?)\s+(nach der geburt|vor dem geburtstermin)", re.IGNORECASE)
_AGE = re.compile(r"(\d{1,3}(?:[.,]5)?)\s+(wochen?|monate?|jahre?)", re.IGNORECASE)
_LONGEST = {"tag": 366, "woche": 106, "monat": 240, "jahr": 27, "ssw": 42}  # the last unit a span may name

SPAN_FORM = ("„3. bis 10. Lebenstag“, „4. bis 5. Lebenswoche“, „2. bis 4½. Lebensmonat“, „14. Lebensjahr“ "
             "oder „5. bis 12. Schwangerschaftswoche“")
DEADLINE_FORM = "„1 Woche nach der Geburt“, „3 Monate nach der Geburt“ oder „7 Wochen vor dem Geburtstermin“"


def read_span(text: str) -> Span | None:
    """A window as the Richtlinien write it, or None where it has another form."""
    match = _SPAN.fullmatch(" ".join(text.split()))
    if not match or match.group(4).casefold() not in _UNITS:
        return None
    unit = _UNITS[match.group(4).casefold()]
    first = int(match.group(1))
    last = float(match.group(2)) + (0.5 if match.group(3) else 0) if match.group(2) else float(first)
    if not 1 <= first <= last <= _LONGEST[unit] or match.group(3) and unit != "monat":
        return None
    return Span(unit, first, last, text)


def read_deadline(text: str) -> Deadline | None:
    match = _DEADLINE.fullmatch(" ".join(text.split()))
    if not match or int(match.group(1)) < 1:
        return None
    unit = {"t": "tage", "w": "wochen", "m": "monate"}[match.group(2)[0].casefold()]
    return Deadline(int(match.group(1)), unit, match.group(3).casefold().startswith("vor"), text)


def read_age(text: str) -> float | None:
    """An age ("0 Wochen", "6 Monate", "3 Jahre") in months."""
    match = _AGE.fullmatch(" ".join(str(text).split()))
    if not match:
        return None
    amount = float(match.group(1).replace(",", "."))
    unit = match.group(2)[0].casefold()
    return amount * 12 if unit == "j" else amount if unit == "m" else amount * 7 / DAYS_PER_MONTH


def span_months(span: Span) -> tuple[float, float]:
    """Where a span begins and ends, as the child's age in months (before the birth: negative),
    near enough to order the milestones and check a tolerance against its window."""
    def age(count: float) -> float:  # the end of the count-th unit
        if span.unit == "ssw":
            return (count - 40) * 7 / DAYS_PER_MONTH
        return count * {"tag": 1, "woche": 7, "monat": DAYS_PER_MONTH, "jahr": 12 * DAYS_PER_MONTH}[span.unit] / DAYS_PER_MONTH

    return age(span.first - 1), age(span.last)


def deadline_months(deadline: Deadline) -> float:
    months = deadline.amount * {"tage": 1 / DAYS_PER_MONTH, "wochen": 7 / DAYS_PER_MONTH, "monate": 1}[deadline.unit]
    return -months if deadline.before_due else months


def _help_uri(number: str, region: str) -> str:
    """tel: target of an emergency or help number: short numbers (110, 116 117, 115) as dialled."""
    digits = re.sub(r"[^0-9+]", "", number)
    if len(digits) <= 6 and digits.startswith("1"):
        return f"tel:{digits}"
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):  # (a help number is dialled from anywhere: no shortened forms)
        return ""
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class _Reader:
    def __init__(self, doc: Document, path: str, region: str):
        self.doc, self.path, self.region = doc, path, region
        self.problems: list[Problem] = []

    def problem(self, at: tuple, message: str):
        self.problems.append(Problem(self.path, self.doc.line(at), message))

    def phone(self, value: str, at: tuple) -> str:
        if not value:
            return ""
        uri = _help_uri(value, self.region)
        if not uri:
            self.problem(at, f"„{value}“ ist keine mögliche Telefonnummer.")
        return uri

    def unique(self, entries: list, key: str):
        seen = set()
        for index, entry in enumerate(entries):
            if entry["slug"] in seen:
                self.problem((key, index, "slug"), f"„{entry['slug']}“ steht doppelt in „{key}“.")
            seen.add(entry["slug"])

    def place(self, entry: dict, at: tuple) -> Place:
        phone = str(entry.get("telefon", ""))
        return Place(name=entry.get("name", ""), address=entry.get("adresse", ""), phone=phone,
                     phone_uri=self.phone(phone, at + ("telefon",)), url=entry.get("web", ""))


def load_companion(path: str, taxonomy: Taxonomy, offers: list[Offer], expired: list[Offer],
                   region: str = "DE") -> Companion:
    """Read begleiter.yml; raises ValidationFailed with every problem."""
    path = str(path)
    doc, problems = _settings_file(path, "Die Datei des Elternbegleiters", COMPANION_BYTES)
    if doc is None or problems:
        raise ValidationFailed(problems)
    if not isinstance(doc.data, dict):
        raise ValidationFailed([Problem(path, 1, "Die Datei des Elternbegleiters braucht Felder wie „begruessung“, "
                                                 "„notrufe“, „abschnitte“ und „stationen“.")])
    problems, _ = schema_problems("begleiter", doc, path)
    if problems:
        raise ValidationFailed(problems)
    data = doc.data
    read = _Reader(doc, path, region)
    for key in ("notrufe", "stellen", "abschnitte", "stationen"):
        read.unique(data.get(key, []), key)

    greeting = data["begruessung"]
    welcome = Welcome(key="begleiter:begruessung", source=path, translations={},
                      lines={"title": doc.line(("begruessung", "titel")), "signature": doc.line(("begruessung", "unterschrift")),
                             **{f"absatz-{n}": doc.line(("begruessung", "absaetze", n - 1))
                                for n in range(1, len(greeting["absaetze"]) + 1)}},
                      title=greeting["titel"], paragraphs=tuple(greeting["absaetze"]), signature=greeting["unterschrift"])

    numbers = []
    for index, entry in enumerate(data["notrufe"]):
        at = ("notrufe", index)
        numbers.append(HelpNumber(key=f"begleiter:notruf:{entry['slug']}", source=path, translations={},
                                  lines={"name": doc.line(at + ("name",)), "text": doc.line(at + ("text",))},
                                  slug=entry["slug"], name=entry["name"], number=entry["telefon"],
                                  number_uri=read.phone(entry["telefon"], at + ("telefon",)), text=entry.get("text", "")))

    offices = {}
    for index, entry in enumerate(data.get("stellen", [])):
        at = ("stellen", index)
        towns = {}
        for town, place in (entry.get("orte") or {}).items():
            if town not in taxonomy.towns:
                read.problem(at + ("orte", town), f"Unbekannter Ort „{town}“ in „stellen“.{_suggest(town, taxonomy.towns)}")
                continue
            towns[town] = read.place(place, at + ("orte", town))
        if not towns and not entry.get("telefon") and not entry.get("adresse") and not entry.get("web"):
            read.problem(at, f"Die Stelle „{entry['slug']}“ braucht „telefon“, „adresse“ oder „web“, oder die Stelle in jedem Ort unter „orte“.")
        offices[entry["slug"]] = Office(key=f"begleiter:stelle:{entry['slug']}", source=path, translations={},
                                        lines={"name": doc.line(at + ("name",)), "text": doc.line(at + ("text",))},
                                        slug=entry["slug"], name=entry["name"], text=entry.get("text", ""),
                                        place=read.place({k: v for k, v in entry.items() if k != "name"}, at), towns=towns)

    stages = []
    for index, entry in enumerate(data["abschnitte"]):
        at = ("abschnitte", index)
        pregnancy = entry.get("schwangerschaft") is True
        age_from = age_to = None
        if pregnancy:
            if "von" in entry or "bis" in entry:
                read.problem(at, "Der Abschnitt der Schwangerschaft hat kein „von“ und „bis“.")
        else:
            age_from, age_to = (read_age(entry.get(k, "")) for k in ("von", "bis"))
            if age_from is None or age_to is None or age_from >= age_to:
                read.problem(at + ("von" if age_from is None else "bis",),
                             "Ein Abschnitt braucht „von“ und „bis“ als Alter des Kindes, „von“ kleiner als „bis“, "
                             "z. B. von: 2 Monate, bis: 6 Monate (oder „schwangerschaft: true“).")
        stages.append(Stage(key=f"begleiter:abschnitt:{entry['slug']}", source=path, translations={},
                            lines={"title": doc.line(at + ("titel",)), "text": doc.line(at + ("text",))},
                            slug=entry["slug"], title=entry["titel"], text=entry["text"].strip(), pregnancy=pregnancy,
                            age_from=age_from, age_to=age_to))
    if sum(s.pregnancy for s in stages) > 1:
        read.problem(("abschnitte",), "Nur ein Abschnitt kann die Schwangerschaft sein („schwangerschaft: true“).")
    by_age = sorted((s for s in stages if s.age_from is not None and s.age_to is not None), key=lambda s: s.age_from)
    for before, after in zip(by_age, by_age[1:]):
        if after.age_from < before.age_to:
            read.problem(("abschnitte", stages.index(after), "von"),
                         f"Der Abschnitt „{after.slug}“ beginnt, bevor „{before.slug}“ endet: die Abschnitte dürfen sich nicht überschneiden.")

    published = {o.slug: o for o in offers}
    ended = {o.slug for o in expired}
    hints = []
    milestones = []
    for index, entry in enumerate(data["stationen"]):
        at = ("stationen", index)
        span = tolerance = deadline = None
        for key in ("zeitraum", "toleranz"):
            if key in entry:
                found = read_span(entry[key])
                if found is None:
                    read.problem(at + (key,), f"„{key}“: „{entry[key]}“ hat nicht die erwartete Form, erwartet wird {SPAN_FORM}.")
                elif key == "zeitraum":
                    span = found
                else:
                    tolerance = found
        if "frist" in entry:
            deadline = read_deadline(entry["frist"])
            if deadline is None:
                read.problem(at + ("frist",), f"„frist“: „{entry['frist']}“ hat nicht die erwartete Form, erwartet wird {DEADLINE_FORM}.")
        if "zeitraum" not in entry and "frist" not in entry:
            read.problem(at, "Eine Station braucht „zeitraum“ oder „frist“ (oder beides).")
        if entry["art"] == "untersuchung" and "zeitraum" not in entry:
            read.problem(at, "Eine Untersuchung braucht ihren „zeitraum“, wie die Richtlinie ihn nennt.")
        if "toleranz" in entry and "zeitraum" not in entry:
            read.problem(at + ("toleranz",), "„toleranz“ gibt es nur zu einem „zeitraum“.")
        if span and tolerance:
            (start, end), (wide_start, wide_end) = span_months(span), span_months(tolerance)
            if wide_start > start + 1e-9 or wide_end < end - 1e-9:
                read.problem(at + ("toleranz",), f"Die Toleranz „{tolerance.text}“ muss den Zeitraum „{span.text}“ ganz umfassen.")
        office = None
        if "stelle" in entry:
            office = offices.get(entry["stelle"])
            if office is None:
                read.problem(at + ("stelle",), f"Unbekannte Stelle „{entry['stelle']}“: sie steht nicht in „stellen“.{_suggest(entry['stelle'], offices)}")
        areas = []
        for number, slug in enumerate(entry.get("bereiche", [])):
            if slug not in taxonomy.areas:
                read.problem(at + ("bereiche", number), f"Unbekannter Lebensbereich „{slug}“.{_suggest(slug, taxonomy.areas)}")
            else:
                areas.append(taxonomy.areas[slug])
        linked = []
        for number, slug in enumerate(entry.get("angebote", [])):
            # An offer that is gone or has ended is left out with a hint, not an error: a provider who
            # deletes an offer file must not break the build through the county's file.
            if slug in published:
                linked.append(published[slug])
            elif slug not in ended:
                hints.append((doc.line(at + ("angebote", number)), f"Das Angebot „{slug}“ gibt es nicht (mehr): die Station "
                                                                   f"„{entry['slug']}“ verlinkt es nicht.{_suggest(slug, published)}"))
        starts = span_months(span)[0] if span else deadline_months(deadline) if deadline and deadline.before_due else 0.0
        milestones.append(Milestone(key=f"begleiter:station:{entry['slug']}", source=path, translations={},
                                    lines={"title": doc.line(at + ("titel",)), "text": doc.line(at + ("text",))},
                                    slug=entry["slug"], kind=entry["art"], title=entry["titel"], text=entry["text"].strip(),
                                    span=span, tolerance=tolerance, deadline=deadline, office=office, areas=areas,
                                    offers=linked, source_note=entry.get("quelle", ""), checklist=entry.get("checkliste") is True,
                                    starts=starts))
        if span and span.unit == "ssw" or deadline and deadline.before_due:
            if not any(s.pregnancy for s in stages):
                read.problem(at, "Die Station liegt vor der Geburt, aber kein Abschnitt ist die Schwangerschaft.")
    if read.problems:
        raise ValidationFailed(read.problems)
    milestones.sort(key=lambda m: m.starts)
    for milestone in milestones:
        stage = _stage_of(milestone, stages)
        if stage is None:
            index = next(i for i, e in enumerate(data["stationen"]) if e["slug"] == milestone.slug)
            read.problem(("stationen", index), f"Die Station „{milestone.slug}“ liegt in keinem Abschnitt: kein Abschnitt "
                                               "umfasst das Alter, in dem sie beginnt.")
        else:
            stage.milestones.append(milestone)
    if read.problems:
        raise ValidationFailed(read.problems)
    return Companion(source=path, draft=data.get("entwurf") is True, welcome=welcome, help_numbers=numbers,
                     offices=list(offices.values()), stages=stages, milestones=milestones,
                     digest=hashlib.sha256(repr(data).encode()).hexdigest(), hints=hints)


def _stage_of(milestone: Milestone, stages: list[Stage]) -> Stage | None:
    if milestone.starts < 0:
        return next((s for s in stages if s.pregnancy), None)
    return next((s for s in stages if s.age_from is not None and s.age_from <= milestone.starts + 1e-9 < s.age_to), None)
