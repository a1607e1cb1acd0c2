"""Shared helpers: real offer folders on disk and real Pelican builds."""

from __future__ import annotations

import datetime
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

# The sample data is dated for this day; tests build "as of" it so that they
# do not change with the calendar.
TODAY = datetime.date(2026, 11, 22)

# The interface languages besides German (pelicanconf.py), each under /<code>/.
OTHER_LANGUAGES = ["en", "tr", "ar", "uk", "ru"]

VALID_PROVIDER = """\
name: Familienzentrum Beispiel
kind: Verein
address:
  street: Marktplatz 1
  postcode: 48653
  city: Coesfeld
phone: 02541 12345
email: info@example.org
"""

VALID_OFFER = """\
---
title: Elterncafé Test
summary: Ein offener Treff für Eltern mit Babys.
areas: [erziehung]
age_from: 0
age_to: 3
municipalities: [coesfeld]
reviewed: 2026-10-01
contacts:
  - name: Erika Muster
    phone: 02541 123456
    email: erika@example.org
---

Beschreibung des Treffs.
"""


# The tests' temporary folders go onto the RAM disk where there is one with room enough (unless
# --basetemp or PYTEST_DEBUG_TEMPROOT says otherwise): a run makes about 240,000 files (110 small sites
# for the gate, builds into a previous site, booklets), and on this machine's virtual disk making and
# removing files costs erratic system time (the last run's folders took 24 s to remove).
RAM_DISK = Path("/dev/shm")
RAM_DISK_ROOM = 8 * 2**30  # bytes free on it: a run's folders take up to 2.5 GB, pytest keeps three runs' failures


def pytest_configure(config):
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        status = os.statvfs(RAM_DISK)
    except OSError:
        return
    if status.f_bavail * status.f_frsize >= RAM_DISK_ROOM and os.access(RAM_DISK, os.W_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(RAM_DISK)


def write_data(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write an offer folder: {"provider/traeger.yml": text, …}."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def offer(**changes) -> str:
    """The valid offer with some front-matter lines replaced (key=None drops the line)."""
    lines = VALID_OFFER.splitlines()
    for key, value in changes.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        if value is None:
            del lines[index]
        else:
            lines[index] = f"{key}: {value}"
    return "\n".join(lines) + "\n"


def run_build(data: Path | None, output: Path, *extra: str, today=TODAY) -> subprocess.CompletedProcess:
    """A real build through tools/build_site.py, as `make html` runs it."""
    settings = [f'ANGEBOTE_TODAY="{today.isoformat()}"']
    if data is not None:
        settings.append(f'ANGEBOTE_PATH="{data}"')
    settings += list(extra)
    return subprocess.run(
        [sys.executable, "tools/build_site.py", "-o", str(output), "-e", *settings],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def sample_translation(code: str, slug: str, field: str) -> str:
    """The sample catalogue's translation of one text of one offer (uebersetzungen/<code>.po)."""
    from angebote.read.catalogues import read_catalogue

    found = read_catalogue(ROOT / "uebersetzungen" / f"{code}.po", [])
    return next(m.string for m in found if m.context == f"{slug}|{field}")


def write_catalogue(folder: Path, code: str, messages, header: str = "") -> Path:
    """An offer catalogue <folder>/<code>.po as make translations writes it (Babel's writer): messages
    are (offer slug, field, German as written, translation[, fuzzy])."""
    import io
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogue = Catalog(locale=code)
    for slug, field, german, translation, *fuzzy in messages:
        catalogue.add(german, translation, context=f"{slug}|{field}", flags=("fuzzy",) if fuzzy and fuzzy[0] else ())
    out = io.BytesIO()
    write_po(out, catalogue, width=100)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.po"
    path.write_bytes(header.encode() + out.getvalue())
    return path


def run_check(folder: Path, *extra: str, github: bool = False) -> subprocess.CompletedProcess:
    """tools/check.py (make check) run where a provider would run it: in a repository with the data
    in folder/angebote; with github=True as inside GitHub Actions."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run(
        [sys.executable, str(ROOT / "tools/check.py"), "-s", str(ROOT / "pelicanconf.py"), "-e",
         f"ANGEBOTE_TAXONOMY={ROOT / 'taxonomie.yml'}", f"ANGEBOTE_THESAURUS={ROOT / 'suchwoerter.yml'}", f"ANGEBOTE_MAP={ROOT / 'karte.geojson'}", 'ANGEBOTE_COMPANION=""', f"ANGEBOTE_TODAY={TODAY.isoformat()}", *extra],
        cwd=folder, capture_output=True, text=True, env=env,
    )


def assert_check_says(tmp_path: Path, lines: str, line: int, message: str) -> None:
    """make check on the valid offer with lines added after "reviewed" fails with message at line
    of angebote/t/a.md, and without a traceback."""
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer(reviewed=f"2026-10-01\n{lines}")})
    result = run_check(folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(row.startswith(f"angebote/t/a.md:{line}: ") and message in row for row in result.stdout.splitlines()), result.stdout


def tree_fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below folder with its content hash and modification time."""
    return {
        str(path.relative_to(folder)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def spreadsheet_reads_as_text_or_number(cell: str) -> bool:
    """What a spreadsheet program will not take for a formula: a cell that does not begin with = + - @,
    tab or carriage return, one that begins with the apostrophe that marks text, or a plain number."""
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return True
    try:
        float(cell)
    except ValueError:
        return False
    return set(cell) <= set("+-.0123456789")


def read_page(site: Path, url: str) -> BeautifulSoup:
    """A built page, parsed: read_page(site, "alter/0-3/")."""
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def offer_slugs(soup: BeautifulSoup) -> list[str]:
    """Slugs of the offers a list shows, in order."""
    return [a["href"].split("/")[2] for a in soup.select(".offer-item h2 a, .offer-item h3 a")]


def listed_offers(site: Path, soup) -> set[str]:
    """Every offer a facet page lists: each group's rows, or all pages of its full list where cut."""
    found = set()
    for section in soup.select("main section"):
        more = section.select_one(".more a")
        if more is None:
            found |= set(offer_slugs(section))
            continue
        url = more["href"]
        while url:
            page = read_page(site, url.strip("/") + "/")
            found |= set(offer_slugs(page))
            following = page.select_one("a[rel=next]")
            url = following["href"] if following else None
    return found


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample data (angebote/) built once into a temporary folder."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_build(None, output)
    assert result.returncode == 0, result.stderr
    return output


# ---------------------------------------------------------------- browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> Path:
    """1000 synthetic offers (bench/synthetic.py), built in German only: the open data's export and
    the search at more than the county's size (its offers in synthetic_site.parent / "angebote")."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import write_offers

    root = tmp_path_factory.mktemp("offen")
    write_offers(root / "angebote", 1000)
    result = run_build(root / "angebote", root / "site", 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def server(sample_site):
    """The sample site on a local web server."""
    handler = functools.partial(QuietHandler, directory=str(sample_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (never a downloaded browser)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page at phone size."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()
