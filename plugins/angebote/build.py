"""One build: what every output receives (:class:`Build`), the pages it declares (:class:`Page`), and
the one place where files are claimed and written (:class:`Files`).

An output never writes past :class:`Files`: each page and each data file is claimed there first,
by the output that writes it, and a path claimed twice stops the build (as Pelican's writer refuses
to write a page twice). What was claimed is the build's record: the sitemap lists its pages, make
dev finds the pages that are gone, and tests/test_outputs.py checks that every file of the site was
claimed by exactly one output.
"""

from __future__ import annotations

import datetime
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from typing import TYPE_CHECKING

from .folders import write_file
from .model import Offer, Provider
from .sitemap import PageLog

if TYPE_CHECKING:
    from .model import Directory


class BuildFailed(Exception):
    """Stops the build with a German message (and nothing written is put in place)."""

    exitcode = 1


class Language(NamedTuple):
    """An interface language: its code, its own name ("Türkçe"), its URL prefix ("" or "tr/")."""

    code: str
    name: str
    prefix: str


@dataclass
class Page:
    """A page an output declares: at ``path`` (under each language's prefix), from ``template`` with
    ``context``. ``page_url``: the language menu's target (None: the same path; "": each language's
    home). ``shows``: the offers and providers the page shows (None: it may show anything): make dev
    renders it again only where one of them changed. ``subject``: the offer or provider whose own page
    this is (make dev writes those first). ``lastmod``: the date the sitemap gives. ``listed``: False
    for a page only the offline worker serves (not in the sitemap; its template says noindex)."""

    path: str
    template: str
    context: dict = field(default_factory=dict)
    page_url: str | None = None
    shows: tuple | None = None
    subject: Offer | Provider | None = None
    lastmod: datetime.date | None = None
    listed: bool = True


def list_pages(path: str, offers: list, per_page: int, **context) -> list[Page]:
    """A full list of offers, cut into pages of per_page: path, path/2/, … (each shows every offer of
    the list: a change may move one from one page to another)."""
    chunks = [offers[i : i + per_page] for i in range(0, len(offers), per_page)] or [[]]
    urls = [path] + [f"{path}{n}/" for n in range(2, len(chunks) + 1)]
    shows = tuple(offers)
    return [
        Page(urls[number - 1], "liste", {
            "offers": chunk, "total": len(offers), "page_number": number, "page_count": len(chunks),
            "previous_url": urls[number - 2] if number > 1 else None,
            "next_url": urls[number] if number < len(chunks) else None, "first_url": path, **context}, shows=shows)
        for number, chunk in enumerate(chunks, start=1)
    ]


def token(item) -> str:
    """What make dev calls an offer or a provider: "angebot:<slug>", "traeger:<slug>"."""
    return f"{'angebot' if isinstance(item, Offer) else 'traeger'}:{item.slug}"


class Files:
    """The files of one build below ``root``: each claimed once, by the output that writes it."""

    def __init__(self, root: Path):
        self.root = root
        self.claims: dict[str, str] = {}  # path (a folder ends in "/") -> the output that claimed it
        self.pages = PageLog()  # every page in every language, in the order declared (the sitemap's list)
        self.output = ""  # the output writing now (writing_for)
        self._base = os.path.join(root, "")  # the root as a string ending in "/"
        self._folders: set[str] = set()  # folders made so far

    @contextmanager
    def writing_for(self, output: str):
        """What is claimed in the with block is claimed by output."""
        before, self.output = self.output, output
        try:
            yield
        finally:
            self.output = before

    def claim(self, path: str, output: str | None = None) -> Path:
        """The file at path (relative to the site's root), claimed by output (the one writing now);
        its folder made."""
        return Path(self.place(path, output or self.output))

    def place(self, path: str, output: str) -> str:
        """claim, as a plain string (the renderer's way for its tens of thousands of pages: pathlib's
        joins took a third of the writing's time)."""
        self._claim(path, output)
        folder = path.rpartition("/")[0]
        if folder not in self._folders:
            self._make(self._base + folder)
            self._folders.add(folder)
        return self._base + path

    @staticmethod
    def _make(folder: str) -> None:
        try:
            os.mkdir(folder)  # a page's own folder, in a folder that is there already …
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)  # … but for the first of its kind

    def claim_folder(self, path: str) -> Path:
        """A folder (path ends in "/") that the output writing now alone writes into."""
        self._claim(path, self.output)
        return self.root / path

    def _claim(self, path: str, output: str) -> None:
        before = self.claims.get(path)
        if before is None:
            self.claims[path] = output
            return
        raise BuildFailed(f"{path} wird zweimal geschrieben: von „{before}“ und von „{output}“.")

    def take(self, claims: dict[str, str]) -> None:
        """The claims of another process (its data files), checked against these."""
        for path, output in claims.items():
            self._claim(path, output)

    def overlapping(self) -> list[tuple[str, str]]:
        """Pairs of claims of which one lies in the other's folder (tests/test_outputs.py)."""
        folders = sorted(p for p in self.claims if p.endswith("/"))
        return [(folder, path) for folder in folders for path in self.claims
                if path != folder and path.startswith(folder)]

    def write_text(self, path: str, text: str) -> None:
        write_file(self.place(path, self.output), text.encode("utf-8"))

    def write_json(self, path: str, data) -> None:
        """Compact JSON (allow_nan=False: NaN or Infinity would make it unreadable for JSON.parse)."""
        write_file(self.place(path, self.output),
                   json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8"))

    def copy(self, source: Path, path: str) -> None:
        write_file(self.place(path, self.output), source.read_bytes())

    def page(self, path: str, lang: str, lastmod: datetime.date | None = None, listed: bool = True) -> None:
        """A page of the record, in one more language (listed=False: not in the sitemap)."""
        self.pages.add(path, lang, lastmod=lastmod, listed=listed)


@dataclass
class Build:
    """What every output receives: the checked directory, the views computed from it once, the
    settings, the languages, the site's folder and its public address."""

    directory: Directory
    views: object  # views.Views
    settings: dict
    languages: list[Language]
    files: Files
    address: str  # the public address without trailing slash ("" where not known)
    time_zone: str  # ANGEBOTE_TIMEZONE, checked
    context: dict  # Pelican's context with the directory's template globals (every page's)
    theme: str
    env: object  # the Jinja environment (templating.prepare)
    template: object  # name -> the theme's template (name without ".html")
    previous: Build | None = None  # make dev: the build before this one
    changed: frozenset[str] | None = None  # make dev: the offers and providers changed since then (None: anything)
    # path -> the offers and providers the page showed (make dev's tokens; None: anything), as written
    shows: dict = field(default_factory=dict)
    _kept: dict = field(default_factory=dict)

    def kept(self, name: str, make):
        """What make() gives, made once in each process that asks (a computed value several data files use)."""
        if name not in self._kept:
            self._kept[name] = make()
        return self._kept[name]

    @property
    def output(self) -> Path:
        return self.files.root

    @property
    def first_language(self) -> Language:
        return self.languages[0]

    def page_address(self, path: str, prefix: str) -> str:
        """A page's address under a language's prefix, absolute where the public address is known."""
        return f"{self.address or self.settings['SITEURL']}/{prefix}{path}"

    @property
    def publisher(self) -> str:
        """Who publishes the site (its feeds' author, the network in the HSDS export)."""
        return self.settings.get("PUBLISHER") or self.settings["SITENAME"]

    def same_as_before(self, name: str) -> bool:
        """make dev: whether the view ``name`` is what it was in the build before this one."""
        return self.previous is not None and getattr(self.previous.views, name) == getattr(self.views, name)
