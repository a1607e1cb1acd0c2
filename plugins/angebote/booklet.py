"""The printed Familienwegweiser: a booklet per town and language, made from the checked directory.

:func:`plan` decides what a booklet holds: the offers of one town (with every county-wide offer)
or of the whole county, without stale entries unless the settings allow them, in chapters by
life stage (the taxonomy's age bands, in their order) and within each by life area; where the county
has a parents' companion, its parts too (:mod:`.booklet_companion`: help numbers inside the cover, the
welcome, the checklist after birth, the check-up table, the milestones opening each age chapter and
the subject index). An offer
stands once, in its first stage under its first area; in each later stage it fits, a line under
that area refers to its page. A chapter "Wo Sie Ihren Gutschein einlösen" lists, for each voucher,
the printed offers that take it, with what they then cost and their pages. :func:`render_html` fills the theme's ``wegweiser/heft.html`` with it,
:func:`write_booklet` lays that out with WeasyPrint (CSS paged media: page numbers, the table of
contents and the "siehe S." references are counters of the layout, so they are always the
real pages) as a tagged PDF/UA-1 file.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import shutil
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader

from .booklet_companion import CompanionPart, plan_companion
from .contacts import ContactEntry, collect_contacts, family_name_key
from .model import Accepted, Milestone, Offer, Provider, Taxonomy, Term, Voucher, sort_key
from .settings import language_prefix, public_address, setting
from .templating import prepare
from .model import Directory

PAGE_SIZES = ("A5", "A4")


@dataclass
class Section:
    """The offers of one life area within a chapter, and the lines that refer to offers elsewhere."""

    area: Term
    offers: list[Offer] = field(default_factory=list)
    see_also: list[Offer] = field(default_factory=list)


@dataclass
class Chapter:
    band: Term | None  # None: offers that name no age and no pregnancy
    sections: list[Section] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)  # the companion's, opening the chapter

    @property
    def anchor(self) -> str:
        return f"kapitel-{self.band.slug if self.band else 'alle'}"


@dataclass
class Booklet:
    lang: str
    town: Term | None  # None: the whole county
    taxonomy: Taxonomy  # for the county's name in the booklet's language (the region_name filter)
    today: datetime.date
    chapters: list[Chapter]
    offers: list[Offer]  # every offer printed, by title
    contacts: list[ContactEntry]  # the people named by these offers, by family name; their offers in page order
    providers: list[Provider]  # the providers of these offers, by name
    # where each voucher is redeemed: (voucher, [(offer, what it accepts)] in page order), vouchers
    # no printed offer takes are left out
    vouchers: list[tuple[Voucher, list[tuple[Offer, Accepted]]]] = field(default_factory=list)
    companion: CompanionPart | None = None  # None: the county has no companion (begleiter.yml)


def offer_anchor(offer: Offer) -> str:
    return f"angebot-{offer.slug}"


def collation_for(lang: str, settings) -> str:
    """The ICU locale whose order readers of lang expect: ANGEBOTE_COLLATION where it is lang's
    (de_DE for the German booklet), else lang's own (Arabic letters first and in their order in the
    Arabic booklet, Cyrillic in the Russian and Ukrainian, Turkish ç, ı, ö, ş, ü in the Turkish)."""
    configured = setting(settings, "ANGEBOTE_COLLATION")
    return configured if configured.replace("-", "_").split("_")[0] == lang else lang


def plan(directory: Directory, town: Term | None, lang: str, settings, contacts: list[ContactEntry]) -> Booklet:
    """What the booklet for ``town`` (None: the county) holds, and where each offer stands;
    ``contacts`` are the directory's (collect_contacts). Every alphabetical list is in the order of
    the booklet's language, by what it prints: the offers by their title in that language."""
    taxonomy = directory.taxonomy
    collation = collation_for(lang, settings)
    content_lang = setting(settings, "ANGEBOTE_CONTENT_LANG")
    stale_too = setting(settings, "ANGEBOTE_WEGWEISER_STALE")
    offers = [
        offer for offer in directory.offers
        if (town is None or offer.county_wide or town in offer.towns) and (stale_too or not offer.stale)
    ]
    offers.sort(key=lambda o: sort_key(o.text_in("title", lang, content_lang)[0], collation))
    bands: list[Term | None] = list(taxonomy.bands.values())
    if any(not o.bands for o in offers):
        bands.append(None)
    areas = list(taxonomy.areas.values())
    cells = {(band.slug if band else None, area.slug): Section(area) for band in bands for area in areas}
    for offer in offers:
        stages = [b.slug for b in bands if b is not None and b in offer.bands] or [None]
        area = next(a.slug for a in areas if a in offer.areas)  # its first area, in the taxonomy's order
        cells[stages[0], area].offers.append(offer)
        for stage in stages[1:]:
            cells[stage, area].see_also.append(offer)
    companion = None
    if directory.companion is not None:
        companion = plan_companion(directory.companion, town, list(taxonomy.bands.values()), lang, content_lang, collation)
    chapters = []
    for band in bands:
        sections = [cells[band.slug if band else None, a.slug] for a in areas]
        sections = [s for s in sections if s.offers or s.see_also]
        milestones = companion.by_band.get(band.slug, []) if companion and band else []
        if sections or milestones:
            chapters.append(Chapter(band, sections, milestones))
    # the order entries are printed in, which is the order of their pages
    position = {id(o): i for i, o in enumerate(o for c in chapters for s in c.sections for o in s.offers)}
    people = []
    for entry in contacts:
        here = sorted((o for o in entry.offers if id(o) in position), key=lambda o: position[id(o)])
        if here and (entry.contact.phone or entry.contact.email):
            people.append(replace(entry, offers=here))
    people.sort(key=lambda e: family_name_key(e.contact.name, collation))
    providers = sorted({id(o.provider): o.provider for o in offers}.values(), key=lambda p: sort_key(p.name, collation))
    vouchers = []
    for voucher in taxonomy.vouchers.values():
        taking = sorted(((o, a) for o in offers for a in o.accepts if a.voucher.slug == voucher.slug),
                        key=lambda pair: position[id(pair[0])])
        if taking:
            vouchers.append((voucher, taking))
    return Booklet(lang, town, taxonomy, directory.today, chapters, offers, people, providers, vouchers, companion)


# ---------------------------------------------------------------- the booklet's size, before its layout
# How wegweiser.css fills a page: the text block's height (mm), and how many characters of 9 pt
# text a full line holds, words wrapped (a value beside its label holds some four fifths of them).
# The estimate is a budget's measure (laying out takes a third of a second a page and memory with
# every page): against WeasyPrint's pages it stayed within a fifth either way (the sample, 200
# synthetic offers, 20 and 64 offers at every limit; A5 and A4; tests/test_wegweiser.py checks it).
PAGE_TEXT = {"A5": (176.0, 60), "A4": (263.0, 91)}  # (height in mm, characters of a line)
LINE = 4.3  # mm of a line of 9 pt text (line-height 1.35)
SMALL_LINE = 3.6  # 7.5 and 8.5 pt (see also, reviewed)


class _Pages:
    """Pages filled from the top: blocks that keep together (entries, people) go to the next page
    where they do not fit; others flow on."""

    def __init__(self, height: float):
        self.height, self.count, self.left = height, 0, 0.0

    def new(self) -> None:
        self.count += 1
        self.left = self.height

    def add(self, height: float, keep: bool = False) -> None:
        if keep and height > self.left and self.left < self.height:
            self.new()
        while height > self.left:
            height -= self.left
            self.new()
        self.left -= height


def _lines(text: str, width: float) -> int:
    return max(1, -(-len(text) // int(width)))


def _entry_height(offer: Offer, width: int) -> float:
    """An entry's height in mm (wegweiser/_teile.html: entry)."""
    value = width * 0.78  # beside the label column
    rows = [" ".join(offer.target_groups) + " ab der Geburt bis zum 10. Geburtstag",
            " ".join(t.label for t in offer.towns)]
    rows += [place.one_line for place in offer.locations]
    rows += [offer.schedule, offer.cost, offer.registration, offer.hours_note]
    rows += ["Montag " + ", ".join("09:00–12:00" for _ in slots) for _, slots in offer.hours_by_day]
    rows += [f"mit {a.voucher.label}: {a.cost}" for a in offer.accepts]
    rows += [" ".join(offer.languages) * 4, "ja"]  # a language's name is some four times its code
    for contact in offer.contacts:  # name, phone and e-mail a line each
        rows += [contact.name, contact.phone, contact.email]
    rows += [offer.provider.name] + ([] if offer.contacts else [offer.provider.phone, offer.provider.email])
    height = 5.0 * _lines(offer.title, width * 0.75) + LINE * _lines(offer.summary, width * 0.8) + 2.5
    height += sum(LINE * _lines(row, value) + 0.6 for row in rows if row)
    height += SMALL_LINE * (1 + _lines(f"https://{offer.url_path}" + " " * 40, width * 1.2))  # the date, the address below
    return max(height, 22.0) + 5.0  # at least the QR code's height; the rule and the space below


def estimate_pages(booklet: Booklet, page_size: str) -> int:
    """The booklet's pages, estimated from its plan without laying it out (see PAGE_TEXT)."""
    height, width = PAGE_TEXT[page_size]
    pages = _Pages(height)
    part = booklet.companion
    for _front in range(5 if part else 3):  # cover, (help numbers, welcome,) how to read it, contents
        pages.new()
    if part:
        _companion_front(pages, part, width)
    for chapter in booklet.chapters:
        pages.new()
        pages.add(12.0)
        if chapter.milestones:
            pages.add(10.0 + sum(2.0 + LINE * (_lines(m.title + " – 3. bis 10. Lebenstag", width)
                                               + _lines(m.text, width)) for m in chapter.milestones))
        for section in chapter.sections:
            pages.add(10.0, keep=True)
            for offer in section.offers:
                pages.add(_entry_height(offer, width), keep=True)
            if section.see_also:
                pages.add(5.0 + sum(SMALL_LINE * _lines(o.title + " – siehe S. 100", width * 1.1) for o in section.see_also), keep=True)
    if booklet.vouchers:
        pages.new()
        for voucher, taking in booklet.vouchers:
            pages.add(14.0 + LINE * _lines(voucher.how, width))
            for offer, accepted in taking:
                pages.add(LINE * _lines(f"{offer.title}: {accepted.cost} – siehe S. 100", width - 5))
    pages.new()
    pages.add(22.0)
    for person in booklet.contacts:
        texts = [person.contact.name + ", " + ", ".join(person.roles), ", ".join(p.name for p in person.providers),
                 person.contact.phone, person.contact.email, "siehe S. " + ", ".join(["100"] * len(person.offers))]
        pages.add(2.5 + sum(LINE * _lines(t, width) for t in texts if t), keep=True)
    for provider in booklet.providers:
        texts = [provider.name, provider.address.one_line if provider.address else "", provider.phone, provider.email, provider.url]
        pages.add(2.5 + sum(LINE * _lines(t, width) for t in texts if t), keep=True)
    if part:
        pages.new()
        pages.add(12.0)
        for subject in part.subjects:
            pages.add(1.0 + LINE * _lines(subject.text + " 100", width))
    pages.new()
    pages.add(12.0)
    for offer in booklet.offers:
        pages.add(1.0 + LINE * _lines(offer.title + " 100", width))
    pages.new()  # notes
    return pages.count


def _companion_front(pages: _Pages, part: CompanionPart, width: int) -> None:
    """The checklist, the check-up table and the offices (wegweiser/heft.html)."""
    def office_lines(office) -> int:
        place = part.place(office)
        count = 1 + (_lines(place.address, width) + bool(place.phone) + bool(place.url) if place else 0)
        return count + 2 * len(part.town_places(office))
    if part.checklist:
        pages.new()
        pages.add(12.0 + LINE * 2)
        for milestone in part.checklist:
            office = office_lines(milestone.office) if milestone.office else 0
            pages.add(3.0 + LINE * (_lines(milestone.title, width - 8) + 1 + office), keep=True)
    if part.checkups:
        pages.new()
        pages.add(12.0 + LINE * 2 + 8.0)
        for milestone in part.checkups:
            pages.add(max(11.0, LINE * (_lines(milestone.title, width * 0.2) + 2)))
    pages.new()
    pages.add(12.0)
    for office in part.companion.offices:
        pages.add(3.0 + LINE * (_lines(office.text, width) + office_lines(office)), keep=True)


def qr_data_uri(url: str) -> str:
    """A QR code for url as an SVG data URI (error correction M, the standard quiet zone of 4)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000")


def template_environment(theme: str, lang: str, content_lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(Path(theme, "templates"))))
    prepare(env, lang, theme, content_lang)
    return env


def render_html(booklet: Booklet, env: Environment, settings, site_url: str, pages: dict[str, int] | None = None) -> str:
    """The booklet as one HTML document for WeasyPrint; env is in the booklet's language
    (template_environment). ``pages``: the page of each anchor in a layout of it (anchor_pages),
    where a "siehe S." list should name each page once."""
    base = f"{site_url.rstrip('/')}/{language_prefix(booklet.lang, settings)}"
    return env.get_template("wegweiser/heft.html").render(
        SITENAME=settings.get("SITENAME", ""),
        PUBLISHER=settings.get("PUBLISHER", ""),
        booklet=booklet,
        site_address=base,
        offer_url=lambda offer: base + offer.url_path,
        qr=qr_data_uri,
        anchor=offer_anchor,
        one_a_page=lambda offers: distinct_pages(offers, pages),
    )


def distinct_pages(offers: list[Offer], pages: dict[str, int] | None) -> list[Offer]:
    """The offers of a "siehe S." list (in page order), only the first on each page where their
    pages are known: "siehe S. 4, 8", not "siehe S. 4, 8, 8"."""
    if not pages:
        return offers
    seen = set()
    kept = []
    for offer in offers:
        page = pages.get(offer_anchor(offer))
        if page not in seen:
            seen.add(page)
            kept.append(offer)
    return kept


def names_a_page_twice(booklet: Booklet, pages: dict[str, int]) -> bool:
    """Whether a "siehe S." list of the booklet (a person's offers) would name a page twice."""
    for person in booklet.contacts:
        numbers = [pages.get(offer_anchor(o)) for o in person.offers]
        if len(set(numbers)) < len(numbers):
            return True
    return False


def lay_out(html: str, theme: str, page_size: str = "A5"):
    """html laid out by WeasyPrint: a document of pages."""
    from weasyprint import CSS, HTML  # imported here: make check and the site build do not need it

    size = CSS(string=f"@page {{ size: {page_size} portrait; }}")
    return HTML(string=html, base_url=str(Path(theme, "static"))).render(stylesheets=[size])


def anchor_pages(document) -> dict[str, int]:
    """The page (from 1) of each anchor (id) of a laid-out document."""
    return {name: number for number, page in enumerate(document.pages, start=1) for name in page.anchors}


def write_booklet(booklet: Booklet, env: Environment, settings, site_url: str, target: Path, theme: str,
                  page_size: str = "A5") -> int:
    """Lay out the booklet as a tagged PDF/UA-1 file at target; returns its number of pages. Where a
    person's offers stand two on one page, the layout is made again with each page named once in
    their "siehe S." list (only that list, after every entry, changes: the entries keep their pages)."""
    document = lay_out(render_html(booklet, env, settings, site_url), theme, page_size)
    pages = anchor_pages(document)
    if names_a_page_twice(booklet, pages):
        document = lay_out(render_html(booklet, env, settings, site_url, pages), theme, page_size)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant="pdf/ua-1")
    return len(document.pages)


# ---------------------------------------------------------------- every booklet of a run

MANIFEST = "wegweiser.json"


class BookletFailed(Exception):
    """A booklet could not be written; the message says which, in German."""


def public_url(settings) -> str:
    """The published site's address for QR codes and links: SITEURL if absolute, else
    ANGEBOTE_PUBLIC_URL."""
    address = public_address(settings)
    if address:
        return address
    raise BookletFailed(
        "Für die QR-Codes braucht der Wegweiser die Adresse der veröffentlichten Website: bitte "
        "ANGEBOTE_PUBLIC_URL in den Einstellungen setzen (oder SITEURL), z. B. https://example.org/angebote.")


_RUN: dict = {}  # what the forked workers share: the directory, settings and theme of this run


def _write_one(job: tuple[str, str, str]) -> dict:
    lang, slug, target = job
    directory, settings, theme = _RUN["directory"], _RUN["settings"], _RUN["theme"]
    town = None if slug == "kreis" else directory.taxonomy.towns[slug]
    try:
        booklet = plan(directory, town, lang, settings, _RUN["contacts"])
        env = _RUN["envs"].get(lang)
        if env is None:
            env = _RUN["envs"][lang] = template_environment(theme, lang, setting(settings, "ANGEBOTE_CONTENT_LANG"))
        pages = write_booklet(booklet, env, settings, _RUN["url"], Path(target), theme,
                              setting(settings, "ANGEBOTE_WEGWEISER_FORMAT"))
    except Exception as error:  # a template or layout error: name the booklet, not a traceback
        raise BookletFailed(f"Wegweiser {lang}/{slug}.pdf konnte nicht gesetzt werden: {type(error).__name__}: {error}") from None
    return {"sprache": lang, "ort": slug, "datei": f"{lang}/{slug}.pdf", "seiten": pages,
            "angebote": len(booklet.offers), "bytes": Path(target).stat().st_size}


def _worker_start() -> None:
    """A worker stops with the run: Ctrl+C and a stopped parent reach it through the parent."""
    from .workers import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the tool's own handlers (a clean message on SIGTERM) are not the worker's: the pool ends
    # its workers with SIGTERM when one booklet fails, and they should just stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    die_with_parent()


def booklet_jobs(directory: Directory, settings, languages=(), towns=()) -> list[tuple[str, str]]:
    """(language, town slug or "kreis") of every booklet, or of those asked for."""
    taxonomy = directory.taxonomy
    codes = setting(settings, "ANGEBOTE_LANGUAGES")
    slugs = ["kreis"] + [t.slug for t in taxonomy.towns.values() if not t.county_wide]
    unknown = [c for c in languages if c not in codes] + [s for s in towns if s not in slugs]
    if unknown:
        raise BookletFailed(f"Unbekannt: {', '.join(unknown)}. Sprachen: {', '.join(codes)}; Orte: {', '.join(slugs)}.")
    return [(lang, slug) for lang in (languages or codes) for slug in (towns or slugs)]


def build_booklets(directory: Directory, settings, theme: str, output: Path, languages=(), towns=()) -> list[dict]:
    """Write the booklets asked for (all by default) under output, each as ``<lang>/<slug>.pdf``,
    and the manifest. Nothing in output changes unless every booklet was written."""
    fmt = setting(settings, "ANGEBOTE_WEGWEISER_FORMAT")
    if fmt not in PAGE_SIZES:
        raise BookletFailed(f"ANGEBOTE_WEGWEISER_FORMAT muss {' oder '.join(PAGE_SIZES)} sein, nicht {fmt!r}.")
    jobs = booklet_jobs(directory, settings, languages, towns)
    collation = setting(settings, "ANGEBOTE_COLLATION")
    contacts = collect_contacts(directory, collation, settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    pages = planned_pages(directory, settings, jobs, contacts)  # refuses what would not be set in minutes
    output = output.resolve()
    fresh = output.with_name(output.name + ".neu")
    shutil.rmtree(fresh, ignore_errors=True)
    _RUN.update(directory=directory, settings=settings, theme=theme, url=public_url(settings), envs={}, contacts=contacts)
    work = [(lang, slug, str(fresh / lang / f"{slug}.pdf")) for lang, slug in jobs]
    try:
        workers = worker_count(len(work), max(pages.values()), available_memory())
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start) as pool:
                records = pool.map(_write_one, work, chunksize=1)
        else:
            records = [_write_one(job) for job in work]
        _put_in_place(fresh, output, records, complete=not languages and not towns, today=directory.today)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        _RUN.clear()
    return records


def planned_pages(directory: Directory, settings, jobs: list[tuple[str, str]], contacts: list[ContactEntry]) -> dict[str, int]:
    """Each town's booklet's pages (slug → pages, "kreis" for the county), estimated from its plan
    before anything is laid out; raises BookletFailed naming ANGEBOTE_WEGWEISER_MAX_PAGES for one
    above that budget (the booklets of the other languages hold the same entries)."""
    budget = setting(settings, "ANGEBOTE_WEGWEISER_MAX_PAGES")
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        raise BookletFailed(f"ANGEBOTE_WEGWEISER_MAX_PAGES muss eine ganze Zahl ab 1 sein, nicht {budget!r}.")
    page_size = setting(settings, "ANGEBOTE_WEGWEISER_FORMAT")
    pages = {}
    for lang, slug in jobs:
        if slug in pages:
            continue
        town = None if slug == "kreis" else directory.taxonomy.towns[slug]
        booklet = plan(directory, town, lang, settings, contacts)
        pages[slug] = estimate_pages(booklet, page_size)
        if pages[slug] > budget:
            raise BookletFailed(
                f"Der Wegweiser {lang}/{slug}.pdf hätte etwa {pages[slug]} Seiten {page_size} ({len(booklet.offers)} Angebote), "
                f"mehr als die Einstellung ANGEBOTE_WEGWEISER_MAX_PAGES erlaubt ({budget}): so ein Heft wäre nicht in Minuten "
                f"gesetzt. Bitte ANGEBOTE_WEGWEISER_MAX_PAGES erhöhen, nur einzelne Orte drucken (--ort) oder "
                f"ANGEBOTE_WEGWEISER_FORMAT = \"A4\" wählen.")
    return pages


# What a worker laying out a booklet holds in memory: WeasyPrint, the fonts and the directory
# (some 160 MiB), and each page of the layout (under 2 MiB: 149 pages of 200 offers took 450 MiB,
# 327 pages of 20 offers at every limit 420 MiB; bench/gate_limits.py prints it)
WORKER_MEMORY = 160 * 1024 * 1024
PAGE_MEMORY = 2 * 1024 * 1024


def available_memory() -> int | None:
    """Bytes this run may still use: the kernel's MemAvailable, or less where a cgroup (a container,
    a CI runner) sets a lower limit; None where neither can be read."""
    found = []
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            found += [int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:")]
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text(encoding="ascii").strip()
        if limit != "max":
            found.append(int(limit) - int(Path("/sys/fs/cgroup/memory.current").read_text(encoding="ascii")))
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def worker_count(jobs: int, pages: int, memory: int | None) -> int:
    """Processes that lay out booklets side by side: one a core, as many as the memory holds with a
    booklet of ``pages`` pages each (at least one), no more than there are booklets."""
    workers = min(os.cpu_count() or 1, jobs)
    if memory is not None:
        workers = min(workers, memory // (WORKER_MEMORY + PAGE_MEMORY * pages))
    return max(1, workers)


def _put_in_place(fresh: Path, output: Path, records: list[dict], complete: bool, today) -> None:
    """Move the new PDFs over the old ones (each move is atomic), then write the manifest. A
    complete run also removes booklets that are no longer made (a town taken out of the taxonomy)."""
    output.mkdir(parents=True, exist_ok=True)
    manifest = output / MANIFEST
    kept = []
    if not complete and manifest.exists():
        new = {r["datei"] for r in records}
        kept = [r for r in json.loads(manifest.read_text(encoding="utf-8")).get("hefte", [])
                if r["datei"] not in new and (output / r["datei"]).is_file()]
    for record in records:
        target = output / record["datei"]
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh / record["datei"], target)
    if complete:
        wanted = {output / r["datei"] for r in records}
        for old in output.glob("*/*.pdf"):
            if old not in wanted:
                old.unlink()
    listed = sorted(kept + records, key=lambda r: (r["sprache"], r["ort"] != "kreis", r["ort"]))
    temporary = manifest.with_suffix(".neu")
    temporary.write_text(json.dumps({"stand": today.isoformat(), "hefte": listed}, ensure_ascii=False, indent=1),
                         encoding="utf-8")
    os.replace(temporary, manifest)


# ---------------------------------------------------------------- what the site lists

@dataclass
class PrintedBooklet:
    """One PDF of the last run, as the site's page /wegweiser/ lists it."""

    lang: str
    town: str  # slug, "kreis" for the county
    path: str  # under wegweiser/, e.g. "de/kreis.pdf"
    pages: int
    size: int  # bytes
    date: datetime.date


def printed_booklets(folder: str | Path) -> list[PrintedBooklet]:
    """The booklets listed in folder's manifest whose file is there; none if there is no
    (readable) manifest."""
    if not folder:
        return []
    manifest = Path(folder, MANIFEST)
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        date = datetime.date.fromisoformat(data["stand"])
        return [
            PrintedBooklet(r["sprache"], r["ort"], r["datei"], int(r["seiten"]), int(r["bytes"]), date)
            for r in data["hefte"] if Path(folder, r["datei"]).is_file()
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []
