"""The Pelican generator: it reads and checks the offers into a :class:`~.build.Build`
(``generate_context``) and has :mod:`.render` write every output of :mod:`.outputs`
(``generate_output``). It only orchestrates; what each output writes is in its own module.

make dev (:mod:`.preview`) keeps the generator and calls both again after each change, with a
ReadMemo (``memo``: unchanged files are not parsed again) and its wishes (``dev``): only the pages
that show a changed offer or provider are rendered again.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pelican.generators import Generator

from .build import Build, BuildFailed, Files, Language
from .outputs import OUTPUTS
from .render import run
from .reports import freshness, map_hints, offer_hints, voucher_hints
from .settings import language_prefix, public_address, setting, time_zone
from .templating import forget_frames, own_language_name
from .read import ValidationFailed, read_directory
from .views import Views
from .workers import collecting

logger = logging.getLogger(__name__)


class AngeboteGenerator(Generator):
    memo = None  # make dev: a read.memo.ReadMemo; then a ValidationFailed reaches the caller
    dev = None  # make dev: a render.Dev
    build: Build | None = None

    def generate_context(self):
        settings = self.settings
        if settings.get("RELATIVE_URLS"):
            # List rows are rendered once and reused on every page, so links must not depend on the page.
            raise BuildFailed("RELATIVE_URLS wird nicht unterstützt: bitte SITEURL setzen (leer für die Wurzel der Domain).")
        previous = self.build if self.memo is not None else None
        forget_frames(self.env)
        try:
            with collecting("reading", one_off=self.memo is None):
                directory = read_directory(settings, self.memo)
        except ValidationFailed as failure:
            if self.memo is not None:
                raise
            # One plain line per problem, so that editors and CI can read them, and no traceback:
            # SystemExit passes Pelican's handler, which would print one for any Exception.
            sys.stderr.write("\n".join(str(p) for p in failure.problems) + "\n")
            sys.stderr.write(f"{len(failure.problems)} Fehler in den Angebotsdaten: die Website wurde nicht gebaut.\n")
            raise SystemExit(1) from None
        # Coordinators see what needs asking in the build log (make report: as a page).
        for notice in freshness(directory).notices() + voucher_hints(directory) + map_hints(directory) + offer_hints(directory):
            logger.warning("%s", notice)
        address = public_address(settings)
        if not address:
            logger.warning("ANGEBOTE_PUBLIC_URL (oder SITEURL) ist keine https-Adresse: sitemap.xml, die Feeds "
                           "und die kanonischen Links werden nicht geschrieben.")
        languages = [Language(code, own_language_name(code), language_prefix(code, settings))
                     for code in setting(settings, "ANGEBOTE_LANGUAGES")]
        try:
            zone = time_zone(setting(settings, "ANGEBOTE_TIMEZONE"))
        except ValueError as error:
            self._refuse(error)
        build = Build(directory=directory, views=Views(directory, settings), settings=settings, languages=languages,
                      files=Files(Path(self.output_path)), address=address, time_zone=zone, context=self.context,
                      theme=self.theme, env=self.env, template=self.get_template, previous=previous)
        if previous is not None:
            previous.previous = None  # make dev keeps one build before this one, not all
            build.changed = changes(previous.directory, directory)
        for output in OUTPUTS:
            try:
                getattr(output, "check", lambda build: None)(build)
            except ValueError as error:
                self._refuse(error)
        self.context.update(shared_context(build))
        for output in OUTPUTS:
            self.context.update(getattr(output, "template_globals", lambda build: {})(build))
        self.build = build

    @staticmethod
    def _refuse(error: ValueError):
        """A settings error: its message, no traceback."""
        sys.stderr.write(f"{error}\nDie Website wurde nicht gebaut.\n")
        raise SystemExit(1) from None

    def generate_output(self, writer):
        run(self.build, OUTPUTS, self.dev)


def shared_context(build: Build) -> dict:
    """What every template sees, the directory's pages and Pelican's own (the content pages)."""
    settings = build.settings
    views = build.views
    return {
        "PUBLIC_URL": build.address,
        "ASSETURL": settings["SITEURL"],  # theme, scripts, index: once, for every language
        "LANGUAGE_PREFIX": build.first_language.prefix,
        "LANGUAGES": build.languages,
        "CSP": setting(settings, "ANGEBOTE_CSP"),
        "TIME_ZONE": build.time_zone,
        "SUBTITLES": setting(settings, "ANGEBOTE_SUBTITLES"),
        "angebote": build.directory,
        "taxonomy": build.directory.taxonomy,
        "band_facets": views.bands,
        "area_facets": views.areas,
        "town_facets": views.towns,
        "programme_facets": views.programmes,
        "voucher_facets": views.vouchers,
    }


def changes(old, new) -> frozenset[str] | None:
    """The offers and providers that differ between two reads of a directory (as tokens: "angebot:<slug>",
    "traeger:<slug>"), read with the same memo, so that unchanged ones are the same objects; None where
    something else differs (taxonomy, search words, map, companion), which every page may show."""
    if (old.taxonomy is not new.taxonomy or old.thesaurus != new.thesaurus or old.map != new.map or old.today != new.today
            or (old.companion and old.companion.digest) != (new.companion and new.companion.digest)):
        return None
    found = set()
    for kind, before, after in (("angebot", old.offers, new.offers), ("traeger", old.providers, new.providers)):
        before, after = {x.slug: x for x in before}, {x.slug: x for x in after}
        found |= {f"{kind}:{slug}" for slug in before.keys() | after.keys() if before.get(slug) is not after.get(slug)}
    return frozenset(found)
