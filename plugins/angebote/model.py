"""Data model of the directory: taxonomy, providers, offers, contacts.

The classes here hold checked data only; reading and checking files is the
job of :mod:`angebote.read`.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

import icu


@dataclass(frozen=True)
class Term:
    """One entry of the taxonomy: a life area, a town or an age band."""

    slug: str
    label: str
    county_wide: bool = False  # towns: the entry for offers in the whole county
    pregnancy: bool = False  # age bands: the band for expecting parents
    age_from: float | None = None  # age bands: [age_from, age_to) in years
    age_to: float | None = None
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # label per language
    point: tuple[float, float] | None = None  # towns: (lon, lat) of the centre, for the map's label
    districts: tuple[str, ...] = field(default=(), compare=False)  # towns: their Ortsteile (Vinnum for Olfen)


def _in(texts: dict[str, str], lang: str, default: str) -> str:
    return texts.get(lang) or default


@dataclass(frozen=True)
class Listed:
    """An entry of one of taxonomie.yml's lists that offers name: its slug, label, other names
    (aliases) and labels in the other languages; its page lives under FOLDER."""

    FOLDER: ClassVar[str] = ""
    slug: str
    label: str
    aliases: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url_path(self) -> str:
        return f"{self.FOLDER}/{self.slug}/"


@dataclass(frozen=True)
class Programme(Listed):
    """A programme of the network (Frühe Hilfen, kinderstark …)."""

    FOLDER: ClassVar[str] = "initiativen"
    funding: str = ""  # who funds it: Bund, Land, Kreis (or several, "Land und Kreis")
    audience: str = ""  # for whom, in a few words
    description: str = ""  # one or two plain sentences
    audiences: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    descriptions: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def audience_in(self, lang: str) -> str:
        return _in(self.audiences, lang, self.audience)

    def description_in(self, lang: str) -> str:
        return _in(self.descriptions, lang, self.description)


@dataclass(frozen=True)
class Voucher(Listed):
    """A voucher or entitlement families can redeem (Elternbildungsgutschein, Bildung und Teilhabe)."""

    FOLDER: ClassVar[str] = "gutscheine"
    how: str = ""  # how a family gets it
    hows: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def how_in(self, lang: str) -> str:
        return _in(self.hows, lang, self.how)


WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")  # as the offer files write them, Monday first


@dataclass(frozen=True)
class Opening:
    """Open on ``days`` from ``opens`` to ``closes`` ("HH:MM"); a closing time before the opening
    time is on the next day (past midnight)."""

    days: tuple[str, ...]
    opens: str
    closes: str

    @property
    def past_midnight(self) -> bool:
        return self.closes < self.opens


@dataclass(frozen=True)
class Accepted:
    """An offer takes a voucher, and then costs ``cost`` (free text, "kostenlos", or "")."""

    voucher: Voucher
    cost: str = ""

    @property
    def free(self) -> bool:
        return self.cost.strip().casefold() == "kostenlos"


@dataclass
class Taxonomy:
    region: str
    areas: dict[str, Term]
    towns: dict[str, Term]
    bands: dict[str, Term]
    region_labels: dict[str, str] = field(default_factory=dict)  # the region's name per language
    programmes: dict[str, Programme] = field(default_factory=dict)
    vouchers: dict[str, Voucher] = field(default_factory=dict)

    @property
    def county_wide(self) -> Term | None:
        return next((t for t in self.towns.values() if t.county_wide), None)

    @property
    def open_band(self) -> Term | None:
        """The age band without an upper end (``bis`` 99 or more), e.g. for parents and adults."""
        return next((b for b in self.bands.values() if b.age_to is not None and b.age_to >= 99), None)


# Geometry as GeoJSON has it: a ring is ((lon, lat), …), closed; a polygon is its outer ring and
# its holes; an area is one or more polygons.
Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]


@dataclass(frozen=True)
class MapArea:
    """A town (or the county) on the map: its polygons ((), where only its centre is known) and
    the point its name stands at."""

    slug: str
    name: str
    polygons: tuple[Polygon, ...] = ()
    label: tuple[float, float] | None = None


@dataclass
class CountyMap:
    """The county's base map (ANGEBOTE_MAP and the towns' centres in taxonomie.yml), with the
    attribution its licence asks for."""

    outline: tuple[Polygon, ...]
    towns: dict[str, MapArea]
    attribution: str = ""
    licence: str = ""
    licence_url: str = ""
    source: str = ""


@dataclass
class Contact:
    name: str
    role: str = ""
    phone: str = ""
    phone_uri: str = ""  # tel: link target in E.164
    email: str = ""


@dataclass
class Location:
    city: str
    name: str = ""
    street: str = ""
    postcode: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def one_line(self) -> str:
        """Name, street, postcode and town on one line (hand-overs and the printed booklet)."""
        return ", ".join(part for part in (self.name, self.street, f"{self.postcode} {self.city}".strip()) if part)

    @property
    def map_url(self) -> str:
        """A plain link to openstreetmap.org: coordinates if given, else a search."""
        if self.lat is not None and self.lon is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.lat}&mlon={self.lon}"
                f"#map=17/{self.lat}/{self.lon}"
            )
        query = ", ".join(p for p in (self.street, f"{self.postcode} {self.city}".strip()) if p)
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})


@dataclass
class Provider:
    slug: str
    name: str
    source: str  # path of traeger.yml, for messages
    kind: str = ""
    address: Location | None = None
    phone: str = ""
    phone_uri: str = ""
    email: str = ""
    url: str = ""
    contacts: list[Contact] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)  # published offers, sorted

    @property
    def url_path(self) -> str:
        return f"traeger/{self.slug}/"


class Translated:
    """What has texts the catalogues translate (uebersetzungen/<code>.po, read.catalogues): its
    ``translations`` ({code: {name: text}}, current ones only)."""

    translations: dict[str, dict[str, str]]

    def untranslated(self, name: str) -> bool:
        """Whether a text is the same in every language: no translation gives it."""
        return not any(texts.get(name) for texts in self.translations.values())

    def text_in(self, name: str, lang: str, content_lang: str) -> tuple[str, str]:
        """A text in language lang where a current translation gives it, else as written; with the
        language of the text returned."""
        translated = self.translations.get(lang, {}).get(name)
        if translated:
            return translated, lang
        return self.as_written(name), content_lang

    def as_written(self, name: str) -> str:
        """A text as its file has it (a subclass names texts that are no attribute of their own)."""
        return getattr(self, name)


@dataclass
class Offer(Translated):
    slug: str
    provider: Provider
    source: str
    title: str
    summary: str
    body_html: str
    body_text: str
    areas: list[Term]
    towns: list[Term]
    bands: list[Term]
    reviewed: datetime.date
    age_from: float | None = None
    age_to: float | None = None
    pregnancy: bool = False
    target_groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    cost: str = ""
    registration: str = ""
    accessible: bool | None = None
    contacts: list[Contact] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    schedule: str = ""  # when, as free text
    hours: list[Opening] = field(default_factory=list)  # opening hours as data
    hours_note: str = ""  # e.g. closed on public holidays
    url: str = ""
    programmes: list[Programme] = field(default_factory=list)
    accepts: list[Accepted] = field(default_factory=list)
    valid_until: datetime.date | None = None
    stale: bool = False  # not reviewed for over a year at build time
    lines: dict[str, int] = field(default_factory=dict)  # line of each top-level field in the file, for messages
    body: str = ""  # the description as written (Markdown): what its translations translate
    # the providers' texts in other languages, current ones only (read.catalogues): {"en": {"title": …,
    # "summary": …, "body_html": …, "body_text": …, "locations.0.name": …}}
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    hints: list[tuple[int, str]] = field(default_factory=list)  # (line, text): what make check says beside the errors

    @property
    def url_path(self) -> str:
        return f"angebote/{self.slug}/"

    def as_written(self, name: str) -> str:
        """A text of the offer ("title", "summary", "schedule", "cost", "registration", "hours_note",
        "body_html", "body_text", "locations.<n>.name") as its file has it."""
        if name.startswith("locations."):
            return self.locations[int(name.split(".")[1])].name
        return getattr(self, name)

    @property
    def hours_by_day(self) -> list[tuple[str, list[Opening]]]:
        """Each weekday the offer is open on, Monday first, with its times in order."""
        days = [(day, sorted((h for h in self.hours if day in h.days), key=lambda h: h.opens)) for day in WEEKDAYS]
        return [(day, slots) for day, slots in days if slots]

    @property
    def age_limits(self) -> tuple[int | float | None, int | float | None]:
        """age_from and age_to for other systems: whole numbers as int, no upper end where the band
        is open (99 or more); the upper end stays exclusive."""
        def number(value):
            return int(value) if value is not None and float(value).is_integer() else value

        high = None if self.age_to is None or self.age_to >= 99 else self.age_to
        return number(self.age_from), number(high)

    @property
    def phone_contact(self) -> Contact | Provider | None:
        """Whom a row offers to call: the first contact with a phone number, else the provider."""
        return next((who for who in (*self.contacts, self.provider) if who.phone_uri), None)

    @property
    def county_wide(self) -> bool:
        return any(t.county_wide for t in self.towns)

    @property
    def free(self) -> bool:
        return self.cost.strip().casefold() == "kostenlos"


def band_overlaps(band: Term, age_from: float | None, age_to: float | None, pregnancy: bool) -> bool:
    """Whether an offer for [age_from, age_to) (and maybe pregnancy) belongs in a band."""
    if band.pregnancy:
        return pregnancy
    if age_from is None or age_to is None:
        return False
    return age_from < band.age_to and age_to > band.age_from


@functools.lru_cache(maxsize=None)
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(text: str, locale: str = "de_DE") -> bytes:
    """Collation key: German readers expect Ä with A, ß with ss, any case (DIN 5007-1)."""
    return _collator(locale).getSortKey(text)


# The parents' companion (begleiter.yml, read.companion): what matters at which age of one child.

SPAN_UNITS = ("tag", "woche", "monat", "jahr", "ssw")  # of life; "ssw": week of pregnancy


@dataclass(frozen=True)
class Span:
    """A stretch of a child's life as the G-BA's Richtlinien count it: from the start of its
    ``first``-th to the end of its ``last``-th ``unit`` ("3. bis 10. Lebenstag": tag, 3, 10);
    ``last`` may end on a half ("4½. Lebensmonat": 4.5). Unit "ssw" counts weeks of pregnancy (the
    41st begins on the due date)."""

    unit: str
    first: int
    last: float
    text: str  # as written in the file


@dataclass(frozen=True)
class Deadline:
    """To be done within ``amount`` ``unit`` ("tage", "wochen", "monate") after the birth, or
    (before_due) that long before the due date."""

    amount: int
    unit: str
    before_due: bool
    text: str  # as written in the file


@dataclass
class Texts(Translated):
    """A piece of the companion with texts in the catalogues: ``key`` is its part of their context
    ("begleiter:station:u2"), ``lines`` the line of each text in ``source``."""

    key: str
    source: str
    lines: dict[str, int]
    translations: dict[str, dict[str, str]]


@dataclass
class Welcome(Texts):
    title: str = ""
    paragraphs: tuple[str, ...] = ()  # each a text of its own: "absatz-1", "absatz-2", …
    signature: str = ""

    def as_written(self, name: str) -> str:
        if name.startswith("absatz-"):
            return self.paragraphs[int(name.removeprefix("absatz-")) - 1]
        return getattr(self, name)

    @property
    def paragraph_names(self) -> list[str]:
        return [f"absatz-{number}" for number in range(1, len(self.paragraphs) + 1)]


@dataclass
class HelpNumber(Texts):
    slug: str = ""
    name: str = ""
    number: str = ""
    number_uri: str = ""  # tel: link target
    text: str = ""


@dataclass(frozen=True)
class Place:
    """Where an office is, in one town or for all."""

    name: str = ""
    address: str = ""
    phone: str = ""
    phone_uri: str = ""
    url: str = ""


@dataclass
class Office(Texts):
    """A public office that helps with a milestone (Standesamt, Familienkasse …): one for the county,
    or one in each town (``towns``: town slug → Place)."""

    slug: str = ""
    name: str = ""
    text: str = ""
    place: Place = field(default_factory=Place)
    towns: dict[str, Place] = field(default_factory=dict)


@dataclass
class Milestone(Texts):
    """What is due at an age: a check-up ("untersuchung"), a deadline ("frist") or a step ("schritt")."""

    slug: str = ""
    kind: str = ""
    title: str = ""
    text: str = ""
    span: Span | None = None
    tolerance: Span | None = None
    deadline: Deadline | None = None
    office: Office | None = None
    areas: list[Term] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    source_note: str = ""  # where the window or the deadline comes from
    checklist: bool = False  # in the booklet's checklist after birth
    starts: float = 0.0  # the child's age in months when it begins (negative: before the birth)


@dataclass
class Stage(Texts):
    """A stretch of the child's life with its own page: pregnancy, or ages [age_from, age_to) in months."""

    slug: str = ""
    title: str = ""
    text: str = ""
    pregnancy: bool = False
    age_from: float | None = None  # months
    age_to: float | None = None
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def url_path(self) -> str:
        return f"begleiter/{self.slug}/"

    def holds(self, offer: Offer) -> bool:
        """Whether an offer is for a child (or expecting parents) of this stage."""
        if self.pregnancy:
            return offer.pregnancy
        if offer.age_from is None or offer.age_to is None:
            return False
        return offer.age_from * 12 < self.age_to and offer.age_to * 12 > self.age_from

    def overlaps(self, band: Term) -> bool:
        """Whether the stage falls (in part) into an age band: the pregnancy stage into the pregnancy
        band, a stage of months into a band of years it shares some age with."""
        if band.pregnancy or self.pregnancy:
            return band.pregnancy and self.pregnancy
        return band.age_from is not None and band.age_to is not None and \
            self.age_from < band.age_to * 12 and self.age_to > band.age_from * 12


@dataclass
class Companion:
    """The parents' companion: welcome, help numbers, offices and the stages with their milestones."""

    source: str
    draft: bool
    welcome: Welcome
    help_numbers: list[HelpNumber]
    offices: list[Office]
    stages: list[Stage]
    milestones: list[Milestone]  # in the order they begin
    digest: str = ""  # of the file and its translations: make dev renders every page again when it changes
    hints: list[tuple[int, str]] = field(default_factory=list)  # (line, text): what make check says beside the errors

    def pieces(self) -> list[Texts]:
        """Everything with texts to translate, in the file's order."""
        return [self.welcome, *self.help_numbers, *self.offices, *self.stages, *self.milestones]


@dataclass
class Directory:
    """The checked directory: what reading gives every output (read.read_directory)."""

    taxonomy: Taxonomy
    providers: list[Provider]  # sorted by name
    offers: list[Offer]  # published offers, sorted by title
    expired: list[Offer] = field(default_factory=list)
    today: datetime.date = field(default_factory=datetime.date.today)
    # search words families type, per entry {language: [words or phrases]} with the German ones under "de"
    thesaurus: list[dict[str, list[str]]] = field(default_factory=list)
    map: CountyMap | None = None  # the base map, where the county has one
    # each offer's translation per language (read.catalogues): {code: {slug: "translated" |
    # "partial" | "stale" | "missing"}}; empty where the county keeps no catalogues
    translation_states: dict[str, dict[str, str]] = field(default_factory=dict)
    companion: Companion | None = None  # the parents' companion, where the county has one
