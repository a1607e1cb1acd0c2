"""The Pelican generator that writes the directory's pages.

URLs (German, one folder per page):

* ``angebote/<offer>/`` and ``traeger/<provider>/``, with overviews ``traeger/``;
* ``alter/<band>/`` grouped by life area, ``bereiche/<area>/`` grouped by age
  band, ``orte/<town>/`` (with every county-wide offer) grouped by life area;
  each group shows its first entries and links to its full list
  ``<facet>/<slug>/<group>/`` (paginated: ``…/2/``);
* ``kontakte/`` and ``kontakte/<town>/``, with a vCard per contact (:mod:`.contacts`)
  (``kontakte/vcard/<name>.vcf``);
* ``initiativen/`` and ``initiativen/<programme>/`` (the network's programmes), ``gutscheine/``
  and ``gutscheine/<voucher>/`` (where a voucher is redeemed), each grouped by age band with full
  lists like the facets';
* ``merkliste/`` (the Lotsen-Merkliste; its data from :mod:`.handout`);
* ``daten/``: the open data, explained: the HSDS export (:mod:`.hsds`, ``daten/hsds/``), the
  coordinators' spreadsheet (:mod:`.spreadsheet`), the Atom feed of each language (:mod:`.feeds`);
  schema.org JSON-LD on offer and provider pages (:mod:`.structured_data`); ``sitemap.xml`` and
  ``robots.txt`` (:mod:`.sitemap`);
* ``wegweiser/``: the printed Familienwegweiser's PDFs (:mod:`.booklet`, ``make wegweiser``)
  from the last run's list in ``ANGEBOTE_WEGWEISER_DIR``;
* translations of ``content/pages/`` under ``<lang>/<slug>/``;
* the home page ``index.html``.
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import logging
import multiprocessing
import os
import shutil
import sys
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from . import corrections, hsds, maps, processes, spreadsheet, structured_data
from .booklet import printed_booklets
from .contacts import collect_contacts, write_vcards
from .feeds import FEED_PATH, write_feed
from .sitemap import PageLog, write_robots, write_sitemaps
from .model import WEEKDAYS, Offer, Term, sort_key
from .neutral import CONTEXT_VALUES, MARK, NotNeutral, Words, filled_in, json_marks, rendering_once, split
from .reports import coverage, freshness, map_hints, voucher_hints, write_coverage_files
from .handout import handout_record, write_handout_file
from .search_index import doc_store, offer_facts, write_doc_store, write_search_files
from .vendor import write_vendor_files
from .settings import coordination, language_prefix, public_address, setting, time_zone
from .templating import forget_frames, label_in, own_language_name, set_language, translations
from .validation import SCHEMA_DIR, ValidationFailed, read_directory


logger = logging.getLogger(__name__)


# The pages rendered once for every language, then filled in per language (neutral.py): the ones
# there are thousands or hundreds of. Their templates (with base.html, _macros.html, eintrag.html,
# kontakt_zellen.html, _gruppen.html, _facet_titles.html and _karte.html) follow neutral.py's rules.
# (initiative.html and gutschein.html do not: they show a programme's texts in the page's language.)
RENDERED_ONCE = frozenset({"angebot", "liste", "traeger", "kontakte_ort", "facette"})


# the neutral pass's collector: a full collection only after this many of the middle generation (Python's default: 10)
NEUTRAL_FULL_COLLECTIONS = 1000


def _write_filled(writer, name: str, text: str) -> None:
    """A page rendered once for all languages and filled in (neutral.py), written as it is: past what
    Pelican's writer does around a template (a copy of the whole page context, which a filled page
    no longer reads, and a look at each folder before making it), through the writer's own opening,
    which refuses a second page at a path already written. name: a path of the site's own slugs."""
    path = os.path.join(writer.output_path, name)
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)  # each page has a folder of its own, in a folder that is there already …
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)  # … but for the first of its kind
    with writer._open_w(path, "utf-8") as handle:
        handle.write(text)


def _subject_parts(gettext) -> list[str]:
    """The report's title in gettext's language, cut where the offer's title goes."""
    return corrections.report_subject(MARK, gettext).split(MARK)


class BuildFailed(Exception):
    """Raised to stop Pelican before anything is written."""

    exitcode = 1


def _not_neutral(error: NotNeutral) -> BuildFailed:
    """The build's failure for a page that cannot be rendered once for all languages, at the innermost
    template line where there is one (Jinja puts the templates' lines into the traceback)."""
    lines = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    return BuildFailed(f"{lines[-1].filename}:{lines[-1].lineno}: {error}" if lines else f"Seite für alle Sprachen: {error}")


@dataclass
class Group:
    term: Term
    offers: list[Offer]
    url_path: str  # the full list of this group
    term_url_path: str  # the page of the group's own term (an area or band page)
    written_here: bool = True  # False: the same list is written under another facet


@dataclass
class Facet:
    """An age band, life area or town page with its offers grouped by another facet."""

    kind: str  # URL folder: alter, bereiche, orte
    term: Term
    offers: list[Offer]
    groups: list[Group] = field(default_factory=list)

    @property
    def url_path(self) -> str:
        return f"{self.kind}/{self.term.slug}/"


def write_form_files(output: Path, node_modules: str) -> None:
    """What the form on mitmachen/ loads: the offer and provider schemas and the JSON Schema validator
    (@cfworker/json-schema's ES modules from npm, with its licence from package.json)."""
    (output / "schema").mkdir(parents=True, exist_ok=True)
    for name in ("angebot.schema.json", "traeger.schema.json"):
        shutil.copyfile(SCHEMA_DIR / name, output / "schema" / name)
    package = Path(node_modules, "@cfworker", "json-schema")
    target = output / "theme" / "vendor" / "json-schema"
    target.mkdir(parents=True, exist_ok=True)
    for module in (package / "dist" / "esm").glob("*.js"):
        shutil.copyfile(module, target / module.name)
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    (target / "LICENSE.txt").write_text(
        f"{meta['name']} {meta['version']}, {meta['author']}\nLicence: {meta['license']}\n{meta['repository']}\n",
        encoding="utf-8")


def in_child(work, failed: str, collect: bool = True):
    """Run work() in a forked child; return a function that waits for it and returns work()'s
    result, or raises BuildFailed(failed) if the child failed (its message is above)."""
    finish = processes.in_child(work, collect=collect)

    def result():
        sent = finish()
        if sent is None:
            raise BuildFailed(failed)
        return sent[0]

    return result


def in_parallel(work):
    """Start work() in a forked process; return a function that waits for it and raises if it failed.

    Where fork is not available or there is one core, work() runs here and now.
    """
    if not processes.side_by_side():
        work()
        return lambda: None
    # without the cycle collector: the search index, vCards and open data leave next to no cyclic garbage
    # (5 MB at 5000 offers), and the collector cost a sixth of that process's time (it walked lunr's
    # growing index again and again)
    return in_child(work, "Suchindex, Visitenkarten und offene Daten konnten nicht geschrieben werden (Meldung siehe oben).",
                    collect=False)


def language_shares(languages: list, processes: int) -> list[list]:
    """The languages dealt out to at most ``processes`` shares, round robin (none empty)."""
    count = max(1, min(processes, len(languages)))
    return [languages[start::count] for start in range(count)]


def tokens(offers) -> frozenset[str]:
    """What a page shows of the directory, as the offers it lists (see AngeboteGenerator.changed)."""
    return frozenset(f"angebot:{offer.slug}" for offer in offers)


def changes(old, new) -> frozenset[str] | None:
    """The offers and providers that differ between two reads of a directory (as tokens: "angebot:<slug>",
    "traeger:<slug>"), read with the same memo, so that unchanged ones are the same objects; None where
    something else differs (taxonomy, search words, map), which every page may show."""
    if old.taxonomy is not new.taxonomy or old.thesaurus != new.thesaurus or old.map != new.map or old.today != new.today:
        return None
    found = set()
    for kind, before, after in (("angebot", old.offers, new.offers), ("traeger", old.providers, new.providers)):
        before, after = {x.slug: x for x in before}, {x.slug: x for x in after}
        found |= {f"{kind}:{slug}" for slug in before.keys() | after.keys() if before.get(slug) is not after.get(slug)}
    return frozenset(found)


class AngeboteGenerator(Generator):
    """Reads and checks the offers (generate_context), then writes their pages.

    make dev (:mod:`.preview`) keeps the generator and calls both again after each change, with a
    ReadMemo (``memo``): unchanged files are not parsed again, and only the pages that show a changed
    offer or provider are rendered again (each page says what it shows: ``needs`` of ``_write``).
    """

    memo = None  # make dev: a validation.ReadMemo; then a ValidationFailed reaches the caller
    changed: frozenset[str] | None = None  # tokens of what changed since the last build; None: all
    keep_data_worker = False  # make dev: generate_output leaves the data files' worker running (finish_data)
    finish_data = None  # then: waits for that worker, raises if it failed
    first_written = None  # make dev: called with the URL paths of the changed offers' own pages once written
    render_processes: int | None = None  # make dev: 1 after the first build (it counts what it renders)
    neutral_pass = False  # rendering RENDERED_ONCE's pages once for all languages (_render_neutral)
    subject_around_title = False  # the neutral pass's report titles: see _subject_part
    filled_together = None  # a full build: [(prefix, each mark's value)] of the languages filled in at once (_write_share)
    page_written = None  # make dev: called with each page's URL path as it is written

    def generate_context(self):
        if self.settings.get("RELATIVE_URLS"):
            # List rows are rendered once and reused on every page, so links must not depend on the page.
            raise BuildFailed("RELATIVE_URLS wird nicht unterstützt: bitte SITEURL setzen (leer für die Wurzel der Domain).")
        previous = getattr(self, "directory", None)
        forget_frames(self.env)
        # A one-off build reads without the cycle collector (as the second reading process does):
        # what it reads lives to the end, and a full collection near the end of the reading walked
        # all of it for nothing (0.04 s at 2000 offers). Then it is frozen (see generate_output).
        collecting = self.memo is None and gc.isenabled()
        if collecting:
            gc.disable()
        try:
            self.directory = read_directory(self.settings, self.memo)
        except ValidationFailed as failure:
            if self.memo is not None:
                raise
            # One plain line per problem, so that editors and CI can read them, and no traceback:
            # SystemExit passes Pelican's handler, which would print one for any Exception.
            sys.stderr.write("\n".join(str(p) for p in failure.problems) + "\n")
            sys.stderr.write(f"{len(failure.problems)} Fehler in den Angebotsdaten: die Website wurde nicht gebaut.\n")
            raise SystemExit(1) from None
        finally:
            if collecting:
                gc.freeze()
                gc.enable()
        directory = self.directory
        self.changed = changes(previous, directory) if previous is not None and self.memo is not None else None
        # path -> the tokens each page showed when it was last written (None: anything), and now
        self.previous_needs = getattr(self, "needs", {}) if self.changed is not None else {}
        self.needs: dict[str, frozenset[str] | None] = {}
        self.written_first: set[tuple[str, str]] = set()
        self.words = Words()  # the marks of the pages rendered once for all languages, and their words
        self.neutral_pages: dict[str, str] = {}  # path -> such a page (_render_neutral)
        self.page_templates: set[str] = set()  # the templates of every page, as the neutral pass saw them
        self.neutral_rows: dict[str, dict] = {}  # template -> its rows rendered so (_rendered_once)
        self.contact_towns = None  # the same in every language (_write_contacts)
        self.data_files: dict[str, str] = {}  # offer slug -> its file as the repository names it (_data_file)
        self.quoted_lines: dict[str, str] = {}  # a line of a report, with marks -> percent-encoded (_neutral_quote)
        # Coordinators see what needs asking in the build log (make report: as a page).
        for notice in freshness(directory).notices() + voucher_hints(directory) + map_hints(directory):
            logger.warning("%s", notice)
        collation = setting(self.settings, "ANGEBOTE_COLLATION")
        taxonomy = directory.taxonomy
        self.bands = self._facets("alter", taxonomy.bands, lambda o: o.bands, "bereiche", taxonomy.areas, lambda o: o.areas)
        # Area × band is the same list as band × area: link to that one instead of writing it twice.
        self.areas = self._facets(
            "bereiche", taxonomy.areas, lambda o: o.areas, "alter", taxonomy.bands, lambda o: o.bands,
            list_url=lambda area, band: f"alter/{band.slug}/{area.slug}/",
        )
        county = taxonomy.county_wide

        def towns_of(offer):  # a county-wide offer is in every town
            return list(taxonomy.towns.values()) if offer.county_wide else offer.towns

        self.towns = self._facets("orte", {k: t for k, t in taxonomy.towns.items() if t is not county}, towns_of, "bereiche", taxonomy.areas, lambda o: o.areas)
        if county is not None:
            self.towns += self._facets("orte", {county.slug: county}, lambda o: o.towns, "bereiche", taxonomy.areas, lambda o: o.areas)
        # The network's programmes and the vouchers, each with its offers by age band
        self.programme_facets = self._facets("initiativen", taxonomy.programmes, lambda o: o.programmes,
                                             "alter", taxonomy.bands, lambda o: o.bands)
        self.voucher_facets = self._facets("gutscheine", taxonomy.vouchers, lambda o: [a.voucher for a in o.accepts],
                                           "alter", taxonomy.bands, lambda o: o.bands)
        self.booklets = printed_booklets(setting(self.settings, "ANGEBOTE_WEGWEISER_DIR"))
        self.contacts = collect_contacts(directory, collation, self.settings["SLUG_REGEX_SUBSTITUTIONS"])
        # (code, the language's own name, URL prefix): the first language at the root
        self.languages = [
            (code, own_language_name(code), language_prefix(code, self.settings))
            for code in setting(self.settings, "ANGEBOTE_LANGUAGES")
        ]
        self.prefix = ""
        # The public address: for what needs absolute links (sitemap, feeds, canonical links)
        self.address = public_address(self.settings)
        if not self.address:
            logger.warning("ANGEBOTE_PUBLIC_URL (oder SITEURL) ist keine https-Adresse: sitemap.xml, die Feeds "
                           "und die kanonischen Links werden nicht geschrieben.")
        try:
            self.namespace = hsds.namespace(setting(self.settings, "ANGEBOTE_HSDS_NAMESPACE"), self.address, taxonomy.region)
            self.time_zone = time_zone(setting(self.settings, "ANGEBOTE_TIMEZONE"))
        except ValueError as error:
            sys.stderr.write(f"{error}\nDie Website wurde nicht gebaut.\n")  # a settings error: no traceback
            raise SystemExit(1) from None
        self.page_log = PageLog()
        # The map (karte/), where the county has a base map: its projection, the views of its pages
        self.projection = maps.Projection(directory.map) if directory.map else None
        self.map_pages = None  # the same in every language (_write_map)
        self.previous_map_filters = getattr(self, "map_filters", None) if self.changed is not None else None
        self.context.update(
            MAP={"width": maps.WIDTH, "height": self.projection.height, "base": maps.BASE_FILE,
                 "town_file": maps.town_file, "towns": directory.map.towns,
                 "attribution": directory.map.attribution} if self.projection else None,
            map_points=self._map_points,
            PUBLIC_URL=self.address,
            FEED_PATH=FEED_PATH if self.address else "",
            ASSETURL=self.settings["SITEURL"],  # theme, scripts, index: once, for every language
            LANGUAGES=self.languages,
            CSP=setting(self.settings, "ANGEBOTE_CSP"),
            TIME_ZONE=self.time_zone,
            SUBTITLES=setting(self.settings, "ANGEBOTE_SUBTITLES"),
            angebote=directory,
            taxonomy=taxonomy,
            band_facets=self.bands,
            area_facets=self.areas,
            town_facets=self.towns,
            programme_facets=self.programme_facets,
            voucher_facets=self.voucher_facets,
        )

    def _facets(self, kind, terms: dict, terms_of, group_kind, group_terms: dict, group_terms_of, list_url=None) -> list[Facet]:
        """One Facet per term, its offers grouped by group_terms (whose pages live under group_kind/)."""
        members = defaultdict(list)
        for offer in self.directory.offers:
            for term in terms_of(offer):
                members[term.slug].append(offer)
        facets = []
        for slug, term in terms.items():
            facet = Facet(kind, term, members.get(slug, []))
            grouped = defaultdict(list)
            for offer in facet.offers:
                for group_term in group_terms_of(offer):
                    grouped[group_term.slug].append(offer)
            facet.groups = [
                Group(
                    group_term,
                    grouped[key],
                    list_url(term, group_term) if list_url else f"{facet.url_path}{key}/",
                    f"{group_kind}/{key}/",
                    written_here=list_url is None,
                )
                for key, group_term in group_terms.items()
                if grouped.get(key)
            ]
            facets.append(facet)
        return facets

    def _write(self, writer, path: str, template: str, page_url: str | None = None, needs: frozenset[str] | None = None,
               **kwargs):
        """One page, under the current language's prefix; page_url (the language menu's target in
        every language) is the same path unless given ("" for each language's home page). needs: the
        tokens of what the page shows (None: it may show anything); after a change (make dev) a page
        is rendered again only where it showed, or now shows, something that changed."""
        page_url = path if page_url is None else page_url
        if self.neutral_pass:
            self.page_templates.add(template)
            if template in RENDERED_ONCE and not self._unchanged(path, needs, self.languages[0][0]):
                where = self.context["LANGUAGE_PREFIX"] + path  # the context Pelican's writer gives a template
                self.neutral_pages[path] = self.get_template(template).render(
                    {**self.context, "localsiteurl": None, "output_file": where + "index.html", "url": where,
                     "page_url": page_url, "page_path": where, **kwargs})
            return
        offer = kwargs.get("offer")
        self.page_log.add(path, self.language, lastmod=offer.reviewed if offer is not None and template == "angebot" else None)
        if self.language == self.languages[0][0]:
            self.needs[path] = needs
        if self._unchanged(path, needs, self.language):
            return
        where = self.prefix + path
        if self.page_written is not None:
            self.page_written(where)
        neutral = self.neutral_pages.get(path)
        if neutral is None:
            writer.write_file(where + "index.html", self.get_template(template), self.context, url=where,
                              page_url=page_url, page_path=where, **kwargs)
        elif self.filled_together is None:
            _write_filled(writer, where + "index.html", self._fill(neutral))
        elif self.prefix == self.filled_together[0][0]:  # the first language writes the page in all of them
            try:
                parts = split(neutral)
                for prefix, values in self.filled_together:
                    _write_filled(writer, prefix + path + "index.html", filled_in(parts, values))
            except NotNeutral as error:
                raise _not_neutral(error) from None

    def _shows(self, offers, provider=None) -> frozenset[str] | None:
        """A page's needs (see _write): the tokens of its offers (and provider). Only make dev looks
        at them (with a memo): a one-off build leaves them unknown (None)."""
        if self.memo is None:
            return None
        return tokens(offers) | ({f"traeger:{provider.slug}"} if provider is not None else frozenset())

    def _unchanged(self, path: str, needs, language: str) -> bool:
        """make dev: whether the page need not be written again (see _write)."""
        if self.changed is None:
            return False
        before = self.previous_needs.get(path)  # None: new, or it showed everything
        if needs is not None and before is not None and not self.changed & (needs | before):
            return True
        return (path, language) in self.written_first  # written just before (_write_changed_first)

    def _fill(self, text: str) -> str:
        try:
            return self.words.fill(text)
        except NotNeutral as error:
            raise _not_neutral(error) from None

    def _write_list(self, writer, path: str, offers: list[Offer], **kwargs):
        """A full list, cut into pages of ANGEBOTE_PER_PAGE: path, path/2/, …"""
        size = setting(self.settings, "ANGEBOTE_PER_PAGE")
        pages = [offers[i : i + size] for i in range(0, len(offers), size)] or [[]]
        urls = [path] + [f"{path}{n}/" for n in range(2, len(pages) + 1)]
        needs = self._shows(offers)  # a change may move an offer from one page of the list to another
        for number, chunk in enumerate(pages, start=1):
            self._write(
                writer,
                urls[number - 1],
                "liste",
                offers=chunk,
                total=len(offers),
                page_number=number,
                page_count=len(pages),
                previous_url=urls[number - 2] if number > 1 else None,
                next_url=urls[number] if number < len(pages) else None,
                first_url=path,
                needs=needs,
                **kwargs,
            )

    def _rendered_once(self, template_name: str, name: str):
        """A template function that renders a snippet once per object (and arguments), then reuses it:
        in the neutral pass once for all languages; then in each language filled in from that."""
        template = self.get_template(template_name)
        neutral = self.neutral_rows.setdefault(template_name, {})
        rendered = neutral if self.neutral_pass else {}

        def render(item, *args) -> Markup:
            key = (id(item), *args)
            if key not in rendered:
                if rendered is not neutral and key in neutral:
                    rendered[key] = Markup(self._fill(neutral[key]))
                else:
                    rendered[key] = Markup(template.render({**self.context, name: item, "args": args}))
            return rendered[key]

        return render

    def _render_neutral(self, writer):
        """The pages of RENDERED_ONCE (and their list rows) once for all languages, with a mark for
        each word that differs between languages (neutral.py); _write fills them in per language."""
        if not self._rendering_once:
            return
        mark = self.words.mark
        code, _, prefix = self.languages[0]
        self._use_language(code, prefix)  # for what the pages' writers ask besides the templates
        log, self.page_log = self.page_log, PageLog()
        self.neutral_pass = True
        self.subject_around_title = self._subject_around_title()
        # The pass makes tens of thousands of objects that live to its end (the marks, the rows): a
        # full collection would walk them again and again (a seventh of the pass's time), while the
        # young collections still free what the templates leave (cycles of macros and contexts).
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], NEUTRAL_FULL_COLLECTIONS))
        try:
            with rendering_once(self.env, self.words):
                self.context.update(
                    **{name: mark("value", name) for name in CONTEXT_VALUES},
                    offer_json_ld=self._neutral_offer_json_ld,
                    provider_json_ld=lambda provider: mark("python", self._provider_json_ld, (provider,)),
                    correction_links=lambda offer: self._correction_links(offer, neutral=True),
                    offer_item=self._rendered_once("eintrag", "offer"),
                    contact_cells=self._rendered_once("kontakt_zellen", "entry"),
                )
                self._write_pages(writer)
        except NotNeutral as error:
            raise _not_neutral(error) from None
        finally:
            gc.set_threshold(*thresholds)
            self.neutral_pass = False
            self.page_log = log

    def generate_output(self, writer):
        # What was read lives to the end of the build: the collector need not look at it again (about
        # 6 % of the build's time), nor touch it in the forked processes. Not in make dev, which builds
        # again and again: there each unfreeze would hand the next update a collection of everything.
        if self.memo is None:
            gc.freeze()
            # Nor need the last collection at the process's exit walk everything the build made
            # (0.1 s at 2000 offers): all that goes anyway.
            atexit.unregister(gc.freeze)
            atexit.register(gc.freeze)
        # Search index, document stores, vCards and open data need no writer: a second process writes
        # them meanwhile, in turns with this one once it has rendered the pages for all languages (make
        # dev: the second process alone, while this one writes the pages).
        tasks = self._data_tasks()
        turns = processes.Turns(len(tasks))
        finish = in_parallel(lambda: self._write_data_files(tasks, turns))
        try:
            if self.changed and self.first_written:
                self.first_written(self._write_changed_first(writer))
            self._render_neutral(writer)
            if not self.keep_data_worker:
                self._write_data_files(tasks, turns)  # those the other process has not taken
            self._write_languages(writer)
        finally:
            turns.close()
            self.neutral_pages, self.neutral_rows = {}, {}
            if self.memo is None:
                gc.unfreeze()
            self._use_language(self.languages[0][0], "")
            if self.keep_data_worker:
                self.finish_data = finish  # make dev waits for it later (Preview.wait)
            else:
                finish()
        output = Path(self.output_path)
        if self.address:
            write_sitemaps(output, self.page_log, address=self.address, default_lang=self.languages[0][0],
                           prefixes={code: prefix for code, _, prefix in self.languages})
        write_robots(output, self.address)

    def _write_languages(self, writer):
        """Every language's pages, in shares of languages rendered side by side (ANGEBOTE_RENDER_PROCESSES,
        by default one per core): this process renders the first share, forked children the others,
        each writing its own languages' files. The sitemap's log is put together in language order,
        so the output is the same however many processes wrote it."""
        count = self.render_processes or setting(self.settings, "ANGEBOTE_RENDER_PROCESSES") or os.cpu_count() or 1
        if "fork" not in multiprocessing.get_all_start_methods():
            count = 1
        shares = language_shares(self.languages, count)
        if len(shares) > 1:
            self._compile_templates()  # once here, not again in each process
        children = [in_child(lambda share=share: self._write_share(writer, share),
                             "Seiten konnten nicht geschrieben werden (Meldung siehe oben).") for share in shares[1:]]
        entries = {}
        try:
            entries.update(self._write_share(writer, shares[0]))
        finally:
            for child in children:
                entries.update(child())  # waits for every child, also when this process failed
        self.page_log = PageLog()
        for code, _, _ in self.languages:
            for path, lastmod in entries[code]:
                self.page_log.add(path, code, lastmod=lastmod)

    def _compile_templates(self) -> None:
        """The templates of the pages the neutral pass saw (all of them) and the theme's partials,
        compiled here once rather than again in each language's process."""
        for name in sorted(self.page_templates):
            self.get_template(name)
        for name in self.env.list_templates(filter_func=lambda name: name.startswith("_") and name.endswith(".html")):
            self.env.get_template(name)

    def _write_share(self, writer, share) -> dict:
        """The pages of some languages; returns each language's page log entries (path, lastmod).
        Where the pages are filled in (_rendering_once), without the cycle collector: filling in
        leaves no cyclic garbage, and the few pages rendered per language little, so it would only
        walk the same objects again (an eighth of the time at 2000 offers, for no memory). Pages
        rendered by Jinja leave cycles (templates imported with context): there it collects."""
        entries = {}
        collecting = gc.isenabled()
        if self._rendering_once:
            gc.disable()
        try:
            if self._rendering_once and len(share) > 1 and self.changed is None and self.page_written is None:
                self.filled_together = self._every_value(share)
            for code, _, prefix in share:
                self._start_language(code, prefix)
                self.page_log = PageLog()
                self._write_pages(writer)
                entries[code] = [(page.path, page.lastmod) for page in self.page_log.pages.values()]
        finally:
            self.filled_together = None
            if collecting:
                gc.enable()
        return entries

    def _every_value(self, share) -> list[tuple[str, dict[str, str]]]:
        """(prefix, each mark's value) in each language of the share: a full build fills each page
        rendered once in all of them at once, cut at its marks once rather than once per language
        (the cutting took a fifth of the time of filling in)."""
        values = []
        for code, _, prefix in share:
            self._use_language(code, prefix)
            values.append((prefix, self.words.every_value()))
        return values

    def _start_language(self, code: str, prefix: str):
        """The next pages in language code, each list row and contact rendered once for all of them."""
        self._use_language(code, prefix)
        self.context["offer_item"] = self._rendered_once("eintrag", "offer")
        self.context["contact_cells"] = self._rendered_once("kontakt_zellen", "entry")

    def _use_language(self, code: str, prefix: str):
        """Write the next pages in language ``code`` under ``prefix`` (e.g. "en/")."""
        set_language(self.env, code, self.theme, setting(self.settings, "ANGEBOTE_CONTENT_LANG"))
        self.prefix = prefix
        self.language = code
        self.context["SITEURL"] = self.settings["SITEURL"] + ("/" + prefix.rstrip("/") if prefix else "")
        self.context["LANGUAGE_PREFIX"] = prefix
        self.context["offer_json_ld"] = self._offer_json_ld
        self.context["correction_links"] = self._correction_links
        self.context["provider_json_ld"] = self._provider_json_ld
        # the neutral pages' marks, in this language (a context of the language for the calls that take one)
        self.words.start(self.env, lambda: self.get_template("base").new_context(self.context))

    @property
    def _publisher(self) -> str:
        """Who publishes the site (its feeds' author, the network in the HSDS export)."""
        return self.settings.get("PUBLISHER") or self.settings["SITENAME"]

    def _page_address(self, path: str, prefix: str | None = None) -> str:
        """A page's address, absolute where the public address is known; under the current
        language's prefix unless another is given (the second process writes every language)."""
        base = self.address or self.settings["SITEURL"]
        return f"{base}/{self.prefix if prefix is None else prefix}{path}"

    def _offer_json_ld(self, offer: Offer, ages: str) -> Markup:
        return structured_data.script(self._offer_data(offer, ages, self._text_in, self._label_in,
                                                       self.env.filters["language_name"], self.prefix))

    def _neutral_offer_json_ld(self, offer: Offer, ages: str) -> Markup:
        """_offer_json_ld in the neutral pass: once for all languages, with a mark for each text of
        the language, filled in as JSON writes it. (The marks go in as plain text: _clean compares
        them with "", where each is something in every language, and a lone mark may not be compared.)"""
        marked = self._marked
        data = self._offer_data(
            offer, str.__str__(ages), self._neutral_text_in,
            lambda term: marked("python", self._label_in, term), lambda code: marked("filter", "language_name", code),
            marked("value", "LANGUAGE_PREFIX"))
        return Markup(self.words.encoded(json_marks(structured_data.script(data)), structured_data.in_string, static=False))

    def _neutral_text_in(self, offer: Offer, name: str) -> str:
        """_text_in in the neutral pass: the text itself where no translation gives another, else a mark."""
        return getattr(offer, name) if offer.untranslated(name) else self._marked("python", self._text_in, offer, name)

    def _marked(self, kind: str, target, *args) -> str:
        """A mark (Words.mark) as plain text, to build a text of marks that may be compared."""
        return str.__str__(self.words.mark(kind, target, args))

    def _offer_data(self, offer: Offer, ages: str, text_in, label, language_name, prefix: str) -> dict:
        return structured_data.offer_data(
            offer, page=self._page_address(offer.url_path, prefix), provider_page=self._page_address(offer.provider.url_path, prefix),
            title=text_in(offer, "title"), summary=text_in(offer, "summary"), ages=ages,
            area_labels=[label(t) for t in offer.areas], town_labels=[label(t) for t in offer.towns],
            taxonomy=self.directory.taxonomy, language_name=language_name, country=setting(self.settings, "ANGEBOTE_COUNTRY"))

    def _text_in(self, offer: Offer, name: str) -> str:
        """The offer's title or summary ("title", "summary") in the current language where it has one."""
        return offer.text_in(name, self.language, setting(self.settings, "ANGEBOTE_CONTENT_LANG"))[0]

    def _label_in(self, term) -> str:
        return label_in(term, self.language)

    def _correction_links(self, offer: Offer, neutral: bool = False) -> dict[str, str]:
        """Fehler melden: a prefilled GitHub issue ("issue") and, where set, an e-mail ("mail"), ""
        where not set, both with the same text: in the current language, or (neutral) with marks."""
        wanted = {"issue": setting(self.settings, "ANGEBOTE_REPOSITORY"), "mail": setting(self.settings, "ANGEBOTE_CORRECTIONS_EMAIL")}
        subject, body, quote = self._neutral_report(offer) if neutral else self._report(offer)
        return {kind: self._report_link(kind, subject, body, quote) if target else "" for kind, target in wanted.items()}

    def _report(self, offer: Offer) -> tuple[str, str, None]:
        """The report's title and text in the current language (quoted as corrections.quoted does)."""
        body = corrections.report_body(self._text_in(offer, "title"), self._page_address(offer.url_path),
                                       self._data_file(offer), self._gettext)
        return self._report_subject(offer), body, None

    def _neutral_report(self, offer: Offer) -> tuple[str, str, object]:
        """_report in the neutral pass: once for all languages, with a mark for each text of the
        language (the offer's title, the report's lines), filled in percent-encoded."""
        marked = self._marked
        page = self._page_address(offer.url_path, marked("value", "LANGUAGE_PREFIX"))
        title = self._neutral_text_in(offer, "title")
        body = corrections.report_body(title, page, self._data_file(offer), lambda text: marked("python", self._gettext, text))
        quote = self._neutral_quote
        if self.subject_around_title:
            # the words before and after the title: one mark each for the whole site, not one per offer
            subject = marked("python", self._subject_part, 0) + title + marked("python", self._subject_part, 1)
        else:
            subject = marked("python", self._report_subject, offer)
        return subject, body, quote

    def _neutral_quote(self, text: str) -> str:
        """corrections.quoted of a text with marks, line by line (percent-encoding encodes each
        character on its own): most lines of a report are the same in every offer's."""
        lines = self.quoted_lines
        quoted = []
        for line in text.split("\n"):
            found = lines.get(line)
            if found is None:
                found = lines[line] = self.words.encoded(line, corrections.quoted)
            quoted.append(found)
        return "%0A".join(quoted)

    def _report_link(self, kind: str, subject: str, body: str, quote=None) -> str:
        if kind == "issue":
            return corrections.issue_link(setting(self.settings, "ANGEBOTE_REPOSITORY"), subject, body, quote)
        return corrections.mail_link(setting(self.settings, "ANGEBOTE_CORRECTIONS_EMAIL"), subject, body, quote)

    def _report_subject(self, offer: Offer) -> str:
        return corrections.report_subject(self._text_in(offer, "title"), self._gettext)

    def _subject_part(self, index: int) -> str:
        """The report's title in the current language without the offer's title: the words before it
        (index 0) or after it (1); where subject_around_title. (Percent-encoding encodes each character
        on its own: encoded before, title and after are the encoded whole.)"""
        return _subject_parts(self._gettext)[index]

    def _subject_around_title(self) -> bool:
        """Whether the report's title holds the offer's title once in every language (see _subject_part)."""
        return all(len(_subject_parts(translations(self.theme, code).gettext)) == 2 for code, _, _ in self.languages)

    def _gettext(self, text: str) -> str:
        """text translated into the current language (the site's catalogue)."""
        return translations(self.theme, self.language).gettext(text)

    def _data_file(self, offer: Offer) -> str:
        """The offer's file as the repository names it (the same in every language)."""
        if offer.slug not in self.data_files:
            self.data_files[offer.slug] = corrections.data_file(offer, setting(self.settings, "ANGEBOTE_PATH"))
        return self.data_files[offer.slug]

    def _provider_json_ld(self, provider) -> Markup:
        return structured_data.script(structured_data.provider_data(
            provider, page=self._page_address(provider.url_path), country=setting(self.settings, "ANGEBOTE_COUNTRY")))

    def _data_tasks(self) -> list:
        """What _write_data_files writes, in parts that either process may write (largest first): the
        search index, the open data, the coordinators' spreadsheet, each language's document store,
        Merkliste data and feed, and the browser scripts, the form's files, the vCards and the maps."""
        node_modules = setting(self.settings, "ANGEBOTE_NODE_MODULES")
        directory = self.directory
        output = Path(self.output_path)
        basis = functools.cache(self._phrase_basis)  # once in each process that needs it

        def search_files():
            write_search_files(output, directory.offers, node_modules, directory.thesaurus, directory.taxonomy)

        def scripts_and_cards():
            write_vendor_files(output, node_modules)
            write_form_files(output, node_modules)
            write_vcards(output, self.contacts)
            if self.projection:
                maps.write_base_maps(output, directory.map, self.projection, directory.taxonomy.region, directory.offers, directory.taxonomy)

        return [
            search_files,
            lambda: self._write_hsds(output, basis),
            lambda: self._write_spreadsheet(output),
            *[functools.partial(self._write_language_data, output, code, prefix, basis) for code, _, prefix in self.languages],
            *[functools.partial(write_coverage_files, output / prefix / "abdeckung", coverage(directory),
                                functools.partial(label_in, lang=code), translations(self.theme, code)) for code, _, prefix in self.languages],
            scripts_and_cards,
        ]

    @staticmethod
    def _write_data_files(tasks: list, turns: processes.Turns) -> None:
        """The data tasks (_data_tasks) that this process takes in turn with the other."""
        for number in turns:
            tasks[number]()

    def _phrase_basis(self) -> tuple:
        """(Words or None, phrases or None, the offers' facts): what every language's phrases and
        document store start from. Each offer's ages, towns and vouchers in words are rendered once
        with marks and filled in per language (neutral.py), or else rendered in each language."""
        offers = self.directory.offers
        words = phrases = None
        if self._rendering_once:
            words = Words()
            with rendering_once(self.env, words):
                phrases = self._phrases(offers)
        return words, phrases, offer_facts(offers)

    def _language_phrases(self, code: str, basis) -> tuple[dict, dict, dict]:
        """id(offer) -> its ages, towns and vouchers (where it takes any) in words, in language code
        (the environment is set to it)."""
        words, phrases, _ = basis()
        offers = self.directory.offers
        set_language(self.env, code, self.theme, setting(self.settings, "ANGEBOTE_CONTENT_LANG"))
        if words is None:
            # a fresh module: a template's cached module keeps the texts of its first language
            phrases = self._phrases(offers)
        else:
            words.start(self.env, lambda: self.get_template("_macros").new_context(self.context))
        # each phrase once: many offers have the same
        filled = functools.lru_cache(maxsize=None)(lambda phrase: Markup(words.fill(phrase) if words is not None else phrase))
        ages = {k: filled(age).unescape() for k, (age, _, _) in phrases.items()}
        towns = {k: filled(town).unescape() for k, (_, town, _) in phrases.items()}
        vouchers = {k: filled(voucher).striptags() for k, (_, _, voucher) in phrases.items() if voucher is not None}
        return ages, towns, vouchers

    def _write_language_data(self, output: Path, code: str, prefix: str, basis) -> None:
        """One language's document store, Merkliste data and feed."""
        content_lang = setting(self.settings, "ANGEBOTE_CONTENT_LANG")
        offers = self.directory.offers
        ages, towns, vouchers = self._language_phrases(code, basis)

        def localized(offer):
            (title, title_lang), (summary, summary_lang) = (
                offer.text_in(name, code, content_lang) for name in ("title", "summary"))
            return title, summary, [title_lang, summary_lang]

        docs = doc_store(
            offers,
            age_phrase=lambda offer: ages[id(offer)],
            town_phrase=lambda offer: towns[id(offer)],
            voucher_phrase=lambda offer: vouchers.get(id(offer), ""),
            localized=localized,
            facts=basis()[2],
        )
        write_doc_store(output / prefix / "suche" / "angebote.json", docs)
        free = translations(self.theme, code).gettext("kostenlos")
        write_handout_file(output, prefix, {
            offer.slug: handout_record(offer, *offer.text_in("title", code, content_lang), ages[id(offer)],
                                       towns[id(offer)], free, code, content_lang)
            for offer in offers})
        if self.address:
            self._write_feed(output, code, prefix, localized)

    def _phrases(self, offers) -> dict[int, tuple]:
        """id(offer) -> its ages, towns and accepted vouchers as _macros.html writes them (vouchers: None where none)."""
        macros = self.get_template("_macros").make_module()
        return {id(o): (macros.age_range(o), macros.town_names(o), macros.accepted_line(o) if o.accepts else None) for o in offers}

    @property
    def _rendering_once(self) -> bool:
        """Whether pages are rendered once for all languages (RENDERED_ONCE, neutral.py): where there are several."""
        return len(self.languages) > 1 and bool(setting(self.settings, "ANGEBOTE_RENDER_ONCE"))

    def _write_feed(self, output: Path, code: str, prefix: str, localized):
        """The Atom feed of one language (the current one of the environment)."""
        gettext = translations(self.theme, code).gettext
        write_feed(output / prefix / FEED_PATH, self.directory.offers,
                   title=f"{self.settings['SITENAME']}: {gettext('Neue und geänderte Angebote')}",
                   subtitle=self.settings.get("ANGEBOTE_SUBTITLES", {}).get(code) or self.settings.get("SITESUBTITLE", ""),
                   lang=code, site_url=self._page_address("", prefix),
                   page_url=lambda offer: self._page_address(offer.url_path, prefix),
                   service_id=lambda offer: hsds.service_id(self.namespace, offer),
                   localized=lambda offer: localized(offer)[:2],
                   author=self._publisher,
                   timezone=self.settings.get("TIMEZONE", "UTC"))

    def _write_hsds(self, output: Path, basis) -> None:
        """daten/hsds/: the HSDS export (with each offer's ages as the content language's pages write them)."""
        directory = self.directory
        address = self.address
        content_lang = setting(self.settings, "ANGEBOTE_CONTENT_LANG")
        ages = self._language_phrases(content_lang, basis)[0] if content_lang in (c for c, _, _ in self.languages) else {}
        result = hsds.export(
            directory, self.namespace, page_url=lambda path: f"{address}/{path}" if address else "",
            age_phrase=lambda offer: ages.get(id(offer), ""), state=setting(self.settings, "ANGEBOTE_STATE"),
            country=setting(self.settings, "ANGEBOTE_COUNTRY"),
            network=self._publisher)
        licence = setting(self.settings, "ANGEBOTE_DATA_LICENSE")
        title = f"{self.settings['SITENAME']}: {directory.taxonomy.region}"
        hsds.write_hsds(output, result, profile_url=f"{address}/daten/" if address else "", title=title,
                        licence=licence, date=directory.today)

    def _write_spreadsheet(self, output: Path) -> None:
        """daten/angebote.xlsx and .csv: the coordinators' spreadsheet (headers in the first language)."""
        directory = self.directory
        gettext = translations(self.theme, self.languages[0][0]).gettext
        headers, table, widths = spreadsheet.table(directory.offers, directory.taxonomy, gettext=gettext, lang=self.languages[0][0],
                                                   page_url=lambda path: self._page_address(path, ""))
        spreadsheet.write_xlsx(output / "daten" / "angebote.xlsx", headers, table, gettext("Angebote"), directory.today, widths)
        spreadsheet.write_csv(output / "daten" / "angebote.csv", headers, table)

    def _write_pages(self, writer):
        directory = self.directory
        limit = setting(self.settings, "ANGEBOTE_GROUP_LIMIT")
        self._write(writer, "", "startseite")
        for offer in directory.offers:
            self._write_offer(writer, offer)
        self._write(writer, "traeger/", "traeger_liste", providers=directory.providers)
        for provider in directory.providers:
            self._write_provider(writer, provider)
        for kind, facets in (("alter", self.bands), ("bereiche", self.areas), ("orte", self.towns)):
            self._write(writer, f"{kind}/", "facetten", kind=kind, facets=facets)
            for facet in facets:
                self._write(writer, facet.url_path, "facette", facet=facet, group_limit=limit, needs=self._shows(facet.offers))
                self._write_group_lists(writer, facet)
        self._write_programmes(writer, limit)
        self._write_contacts(writer)
        self._write_search(writer)
        repository = setting(self.settings, "ANGEBOTE_REPOSITORY").rstrip("/")
        self._write(writer, "mitmachen/", "mitmachen", providers=directory.providers, repository=repository,
                    branch=setting(self.settings, "ANGEBOTE_BRANCH"), coordination=coordination(self.settings))
        band_matrix, town_matrix, programme_matrix, town_band_matrix = coverage(directory)
        self._write(writer, "abdeckung/", "abdeckung", band_matrix=band_matrix, town_matrix=town_matrix,
                    programme_matrix=programme_matrix, town_band_matrix=town_band_matrix)
        self._write(writer, "merkliste/", "merkliste")
        self._write(writer, "daten/", "daten", licence=setting(self.settings, "ANGEBOTE_DATA_LICENSE"),
                    newest=max((o.reviewed for o in directory.offers), default=None))
        self._write_booklet_page(writer)
        self._write_map(writer)
        self._write_page_translations(writer)

    def _write_offer(self, writer, offer: Offer):
        self._write(writer, offer.url_path, "angebot", offer=offer, needs=self._shows([offer], offer.provider))

    def _write_provider(self, writer, provider):
        self._write(writer, provider.url_path, "traeger", provider=provider,
                    needs=self._shows(provider.offers, provider))

    def _write_changed_first(self, writer) -> list[str]:
        """make dev: the changed offers' and providers' own pages in every language, before the
        pages that list them (which the editor is not looking at); returns the files' URL paths."""
        offers = [o for o in self.directory.offers if f"angebot:{o.slug}" in self.changed]
        providers = [p for p in self.directory.providers if f"traeger:{p.slug}" in self.changed]
        log, self.page_log = self.page_log, PageLog()  # the sitemap keeps the order of the full pass
        first, paths = set(), []
        try:
            for code, _, prefix in self.languages:
                self._start_language(code, prefix)
                for offer in offers:
                    self._write_offer(writer, offer)
                for provider in providers:
                    self._write_provider(writer, provider)
                first |= {(item.url_path, code) for item in offers + providers}
                paths += [prefix + item.url_path for item in offers + providers]
        finally:
            self.page_log = log
        self.written_first = first
        return paths

    def _map_points(self, offers, town: str | None = None):
        return maps.points(offers, self.projection, town) if self.projection else []

    def _write_map(self, writer):
        """karte/: every offer with a place on the map, and one page per age band and per life area
        (the filters without JavaScript), each with its list beside the map."""
        county_map = self.directory.map
        if county_map is None:
            return
        if self.map_pages is None:
            self.map_pages = self._map_pages(county_map)
        pages, filters, same_filters = self.map_pages
        for path, view, kind, term, shown in pages:
            self._write(writer, path, "karte", view=view, filter_kind=kind, filter_term=term,
                        filters=filters, county_map=county_map, needs=shown if same_filters else None)

    def _map_pages(self, county_map) -> tuple[list, dict, bool]:
        """The map pages (path, view, filter kind, filter term, what the page shows), the filters
        (kind -> terms), and whether those are the filters of the last build (the same in every language)."""
        pages, filters = maps.filter_pages(self.directory.offers, self.directory.taxonomy)
        order = maps.town_order(self.directory.taxonomy)
        # every map page offers the same filters: where they change, every map page does
        shown_filters = {kind: [t.slug for t in terms] for kind, terms in filters.items()}
        same_filters = shown_filters == self.previous_map_filters
        self.map_filters = shown_filters
        views = [(path, maps.view(subset, county_map, self.projection, order), kind, term, self._shows(subset))
                 for path, subset, kind, term in pages]
        return views, filters, same_filters

    def _write_group_lists(self, writer, facet: Facet):
        for group in facet.groups:
            if group.written_here:
                self._write_list(writer, group.url_path, group.offers, facet=facet, group=group)

    def _write_programmes(self, writer, limit: int):
        """initiativen/ and gutscheine/: each programme with what it is and where it reaches, each
        voucher with how a family gets it; both with their offers by age band."""
        county = self.directory.taxonomy.county_wide
        if self.programme_facets:
            self._write(writer, "initiativen/", "initiativen", facets=self.programme_facets)
        for facet in self.programme_facets:
            reached = {t.slug for o in facet.offers for t in o.towns}
            towns = [t for t in self.directory.taxonomy.towns.values() if t.slug in reached and t is not county]
            self._write(writer, facet.url_path, "initiative", facet=facet, group_limit=limit, towns=towns, needs=self._shows(facet.offers),
                        county_wide=county is not None and county.slug in reached)
            self._write_group_lists(writer, facet)
        if self.voucher_facets:
            self._write(writer, "gutscheine/", "gutscheine", facets=self.voucher_facets)
        for facet in self.voucher_facets:
            self._write(writer, facet.url_path, "gutschein", facet=facet, group_limit=limit, needs=self._shows(facet.offers))
            self._write_group_lists(writer, facet)

    def _write_page_translations(self, writer):
        """content/pages/ in the current language where a translation exists (Pelican writes the
        German one); the language menu keeps the page only where every language has it."""
        for page in self.context.get("pages", []):
            if self.language == self.languages[0][0]:
                self.page_log.add(f"{page.slug}/", self.language)  # Pelican writes it
            translated = {t.lang: t for t in page.translations}
            if self.language in translated:
                everywhere = all(code in translated for code, _, _ in self.languages[1:])
                self._write(writer, f"{page.slug}/", "page", page=translated[self.language], needs=frozenset(),
                            page_url=None if everywhere else "")

    def _write_booklet_page(self, writer):
        """wegweiser/: every printed booklet by town (the county first), the page's language first."""
        order = {code: i for i, (code, _, _) in enumerate(self.languages)}
        order[self.language] = -1
        towns = [t for t in self.directory.taxonomy.towns.values() if not t.county_wide]
        rows = []
        for slug, town in [("kreis", None)] + [(t.slug, t) for t in towns]:
            files = sorted((b for b in self.booklets if b.town == slug and b.lang in order), key=lambda b: order[b.lang])
            rows.append((slug, town, files))
        self._write(writer, "wegweiser/", "wegweiser", rows=rows, printed=any(files for _, _, files in rows),
                    date=max((b.date for b in self.booklets), default=None),
                    page_size=setting(self.settings, "ANGEBOTE_WEGWEISER_FORMAT"))

    def _write_search(self, writer):
        """The search page; its index and document store come from _write_data_files."""
        offers = self.directory.offers
        collation = setting(self.settings, "ANGEBOTE_COLLATION")
        names = self.env.filters["language_name"]
        codes = {code for offer in offers for code in offer.languages}
        languages = sorted(((code, names(code)) for code in codes), key=lambda item: sort_key(item[1], collation))
        taxonomy = self.directory.taxonomy
        # one choice per year of a child's age; an open band (parents and adults) is one choice of its own
        ages_end = taxonomy.open_band.age_from if taxonomy.open_band else max(
            (b.age_to for b in taxonomy.bands.values() if b.age_to), default=27)
        self._write(writer, "suche/", "suche", languages=languages, ages=range(0, int(ages_end)), open_band=taxonomy.open_band,
                    vouchers=[f.term for f in self.voucher_facets if f.offers],
                    programmes=[f.term for f in self.programme_facets if f.offers],
                    weekdays=WEEKDAYS if any(offer.hours for offer in offers) else ())

    def _write_contacts(self, writer):
        """kontakte/ and a page per town: its contacts by life area, each with the offers there."""
        if self.contact_towns is None:
            self.contact_towns = self._contact_towns()
        self._write(writer, "kontakte/", "kontakte", towns=[(town, count, groups) for town, count, groups, _ in self.contact_towns])
        for town, count, groups, shown in self.contact_towns:
            self._write(writer, f"kontakte/{town.slug}/", "kontakte_ort", town=town, groups=groups, count=count, needs=shown)

    def _contact_towns(self) -> list:
        """(town, number of people, [(area, [(entry, [offers])])], what its page shows) for each town."""
        towns = list(self.directory.taxonomy.towns.values())
        rows = defaultdict(dict)  # (town, area) -> {entry: [offers]}
        for entry in self.contacts:
            for offer in entry.offers:
                for town in towns if offer.county_wide else offer.towns:
                    for area in offer.areas:
                        rows[town.slug, area.slug].setdefault(id(entry), (entry, []))[1].append(offer)
        by_town = []
        for town in towns:
            groups = [
                (area, list(rows[town.slug, area.slug].values()))
                for area in self.directory.taxonomy.areas.values()
                if rows.get((town.slug, area.slug))
            ]
            people = {id(entry) for _, group in groups for entry, _ in group}
            # an entry gathers one person's contact from every offer that names them
            shown = self._shows(offer for _, group in groups for entry, _ in group for offer in entry.offers)
            by_town.append((town, len(people), groups, shown))
        return by_town
