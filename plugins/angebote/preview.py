"""make dev: the site built once, then kept up to date after every change (tools/dev.py serves it).

:class:`Preview` runs Pelican's generators in this process and keeps them. After a change to an
offer or provider file it reads the directory again with a :class:`~.read.memo.ReadMemo` (only
changed files are parsed) and renders again only the pages that show a changed offer or provider
(each page says what it shows); the search files and open data follow in a second process. Any other change (taxonomy, search words, map, theme, content pages, settings)
builds the whole site again, into a fresh folder that then takes the place of the old one, so
that a failed build leaves the last good site.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.writers import Writer

from .build import BuildFailed
from .folders import swap_in
from .read.frontmatter import Problem
from .generator import AngeboteGenerator
from .render import Dev
from .settings import setting
from .templating import translations
from .read import ReadMemo, ValidationFailed


@dataclass
class Outcome:
    """What one build or update did."""

    problems: list[Problem] = field(default_factory=list)  # validation errors: nothing was written
    error: str = ""  # any other failure (a template error, say): the last good site stays
    pages: int = 0  # pages rendered
    paths: list[str] = field(default_factory=list)  # their URL paths ("/en/angebote/x/"), after an update
    full: bool = False  # the whole site was built
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.error


class Preview:
    """The site in ``output``, built from ``settings`` (Pelican's settings, already read)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.output = Path(settings["OUTPUT_PATH"]).resolve()
        self.data = Path(setting(settings, "ANGEBOTE_PATH")).resolve()
        self.generator: AngeboteGenerator | None = None

    def build(self) -> Outcome:
        """The whole site, into a fresh folder put in place of the old one only if it succeeded."""
        start = time.perf_counter()
        try:
            self.wait()
        except BuildFailed:
            pass  # the last update's data files failed (the worker said why): this build writes them anew
        fresh = self.output.with_name(self.output.name + ".neu")
        shutil.rmtree(fresh, ignore_errors=True)
        translations.cache_clear()  # the catalogues may have changed
        pelican = Pelican({**self.settings, "OUTPUT_PATH": str(fresh)})
        context = pelican.settings.copy()
        context.update(generated_content={}, static_links=set(), static_content={},
                       localsiteurl=pelican.settings["SITEURL"])
        generators = [cls(context=context, settings=pelican.settings, path=pelican.path, theme=pelican.theme,
                          output_path=pelican.output_path) for cls in generator_classes(pelican)]
        ours = next(g for g in generators if isinstance(g, AngeboteGenerator))
        ours.memo = ReadMemo()
        ours.dev = Dev()
        try:
            for generator in generators:
                if hasattr(generator, "generate_context"):
                    generator.generate_context()
            signals.all_generators_finalized.send(generators)
            for generator in generators:
                if hasattr(generator, "refresh_metadata_intersite_links"):
                    generator.refresh_metadata_intersite_links()
            writer = Writer(pelican.output_path, settings=pelican.settings)
            for generator in generators:
                if hasattr(generator, "generate_output"):
                    generator.generate_output(writer)
        except ValidationFailed as failure:
            shutil.rmtree(fresh, ignore_errors=True)
            self.generator = None  # the next change builds everything again
            return Outcome(problems=failure.problems, full=True, seconds=time.perf_counter() - start)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - the preview keeps running and says why
            shutil.rmtree(fresh, ignore_errors=True)
            self.generator = None
            return Outcome(error=_describe(error), full=True, seconds=time.perf_counter() - start)
        swap_in(fresh, self.output)
        ours.output_path = str(self.output)
        ours.dev.keep_data_worker = True  # from now on: pages first, the search files and open data after
        # an update's few dozen pages in this process, which so knows them (the second core writes
        # the search files meanwhile)
        ours.dev.processes = 1
        self.generator = ours
        return Outcome(pages=len(ours.build.shows) * len(ours.build.languages), full=True, seconds=time.perf_counter() - start)

    def update(self, changed: set[Path], first=None) -> Outcome:
        """After changes to these files: only the pages they touch where all are in the offer folder,
        else the whole site. first(paths): called as soon as the changed offers' own pages are
        written (in every language), before the pages that list them."""
        if self.generator is None or not all(self._is_offer_data(Path(p)) for p in changed):
            return self.build()
        start = time.perf_counter()
        generator = self.generator
        before = {(path, code) for path, page in generator.build.files.pages.pages.items() for code in page.languages}
        try:
            self.wait()
            generator.generate_context()
        except ValidationFailed as failure:
            return Outcome(problems=failure.problems, seconds=time.perf_counter() - start)
        except (Exception, SystemExit) as error:  # noqa: BLE001
            self.generator = None  # the next change builds everything
            return Outcome(error=_describe(error), seconds=time.perf_counter() - start)
        rendered = []
        dev = generator.dev
        dev.written = lambda path: rendered.append("/" + path)
        dev.first = (lambda paths: first(["/" + p for p in paths])) if first else None
        try:
            generator.generate_output(None)
        except (Exception, SystemExit) as error:  # noqa: BLE001
            self.generator = None
            return Outcome(error=_describe(error), seconds=time.perf_counter() - start)
        finally:
            dev.first = dev.written = None
        after = {(path, code) for path, page in generator.build.files.pages.pages.items() for code in page.languages}
        prefixes = {code: prefix for code, _, prefix in generator.build.languages}
        for path, code in before - after:  # pages that are gone (an offer deleted, a list shorter)
            page = self.output / (prefixes[code] + path) / "index.html"
            page.unlink(missing_ok=True)
            for folder in page.parents:
                if folder == self.output or any(folder.iterdir()):
                    break
                folder.rmdir()
        return Outcome(pages=len(rendered), paths=rendered, seconds=time.perf_counter() - start)

    def wait(self) -> None:
        """Until the search files and open data of the last update are written (raises if that failed)."""
        dev = self.generator.dev if self.generator is not None else None
        if dev is not None and dev.finish_data is not None:
            finish, dev.finish_data = dev.finish_data, None
            finish()

    def _is_offer_data(self, path: Path) -> bool:
        """Anything in the offer folder: offer and provider files, new folders, and whatever else is
        put there (which the validation then names)."""
        try:
            path.resolve().relative_to(self.data)
        except ValueError:
            return False
        return True


def generator_classes(pelican: Pelican) -> list:
    """Pelican's generators, ours among them, in the order Pelican.run makes them (its own method: no
    public one gives them; tests/test_preview.py fails where it changes)."""
    return pelican._get_generator_classes()


def _describe(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return "Der Build wurde abgebrochen (Meldung siehe Terminal)."
    return f"{type(error).__name__}: {error}"
