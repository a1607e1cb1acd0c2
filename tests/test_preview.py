"""make dev (tools/dev.py): the live preview, its incremental updates and its error page, for real:
the tool runs as a process watching real files, and Chromium shows what it serves."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT, TODAY, run_build, tree_fingerprint

TODAY_SETTING = f'ANGEBOTE_TODAY="{TODAY.isoformat()}"'
PUBLIC = 'SITEURL="https://example.org"'  # with a public address: sitemap, feeds and canonical links too


class Dev:
    """tools/dev.py on a free port, its terminal lines collected as they come."""

    def __init__(self, output: Path, *settings: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "tools/dev.py", "-o", str(output), "--port", str(self.port), "-e", TODAY_SETTING, *settings],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"})
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, after: int = 0, seconds: float = 120) -> int:
        """The index of the first terminal line from index after on that matches pattern."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for index in range(after, len(self.lines)):
                if re.search(pattern, self.lines[index]):
                    return index
            assert self.process.poll() is None, "\n".join(self.lines)
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} kam nicht:\n" + "\n".join(self.lines))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def _digests(folder: Path) -> dict[str, str]:
    return {name: digest for name, (digest, _) in tree_fingerprint(folder).items()}


def _copy_data(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "angebote"
    shutil.copytree(ROOT / "angebote", data)
    taxonomy = tmp_path / "taxonomie.yml"
    shutil.copyfile(ROOT / "taxonomie.yml", taxonomy)
    return data, taxonomy


def test_incremental_updates_give_the_same_site_as_a_full_build(tmp_path):
    data, taxonomy = _copy_data(tmp_path)
    settings = [f'ANGEBOTE_PATH="{data}"', f'ANGEBOTE_TAXONOMY="{taxonomy}"', PUBLIC]
    preview = tmp_path / "vorschau"
    dev = Dev(preview, *settings)
    try:
        ready = dev.wait_for("Die Vorschau läuft")
        total = int(re.search(r"(\d+) Seiten", dev.lines[dev.wait_for("Website gebaut")]).group(1))
        offer = data / "caritas-coesfeld" / "elterncafe-duelmen.md"
        provider = data / "caritas-coesfeld" / "traeger.yml"
        steps = [
            # one offer: a new title (its place in every list) and ages (other age pages)
            ("Aktualisiert", lambda: offer.write_text(offer.read_text(encoding="utf-8").replace(
                "title: Elterncafé Dülmen", "title: Elterncafé am Markt").replace("age_from: 0", "age_from: 2"), encoding="utf-8")),
            # the provider file: its name on its page and on every page of its offers
            ("Aktualisiert", lambda: provider.write_text(provider.read_text(encoding="utf-8").replace(
                "name: ", "name: Neu im Netzwerk – ", 1), encoding="utf-8")),
            # an offer deleted: its pages go, lists get shorter
            ("Aktualisiert", lambda: (data / "caritas-coesfeld" / "fruehfoerderung-caritas.md").unlink()),
            # the taxonomy: a label of a life area, on nearly every page
            ("Website gebaut", lambda: taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(
                "label: Gesundheit", "label: Gesundheit und Vorsorge", 1), encoding="utf-8")),
        ]
        after = ready
        for number, (said, change) in enumerate(steps):
            time.sleep(0.05)
            change()
            done = dev.wait_for(said, after + 1)
            if said == "Aktualisiert":
                pages = int(re.search(r"(\d+) Seiten", dev.lines[done]).group(1))
                assert 0 < pages < total / 2, dev.lines[done]  # only what shows the change
                done = dev.wait_for("Suchindex und offene Daten sind aktuell", done)
            after = done
            full = tmp_path / f"voll-{number}"
            result = run_build(data, full, *settings)
            assert result.returncode == 0, result.stderr
            assert _digests(preview) == _digests(full), f"Schritt {number + 1}"
    finally:
        dev.stop()


def _text(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_broken_file_shows_its_error_in_terminal_and_browser_and_the_fix_brings_the_site_back(tmp_path, browser):
    data, taxonomy = _copy_data(tmp_path)
    dev = Dev(tmp_path / "vorschau", f'ANGEBOTE_PATH="{data}"', f'ANGEBOTE_TAXONOMY="{taxonomy}"')
    context = browser.new_context()
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        ready = dev.wait_for("Die Vorschau läuft")
        page.goto(f"{dev.url}/angebote/elterncafe-duelmen/")
        assert page.locator("h1").inner_text() == "Elterncafé Dülmen"
        offer = data / "caritas-coesfeld" / "elterncafe-duelmen.md"
        text = offer.read_text(encoding="utf-8")
        line = text.splitlines().index("age_from: 0") + 1
        offer.write_text(text.replace("age_from: 0", "age_from: zwei"), encoding="utf-8")
        said = dev.wait_for(rf"elterncafe-duelmen\.md:{line}: „age_from“ muss eine Zahl sein", ready)
        assert "1 Fehler in den Angebotsdaten" in dev.lines[said + 1]
        # the open page reloads by itself and shows the same message instead of the stale offer
        page.locator("h1", has_text="1 Fehler in den Angebotsdaten").wait_for(timeout=15_000)
        assert f"elterncafe-duelmen.md:{line}" in page.locator("main li").inner_text()
        assert _text(f"{dev.url}/")[0] == 500  # every page says it, not only the open one
        offer.write_text(text.replace("title: Elterncafé Dülmen", "title: Elterncafé am Markt"), encoding="utf-8")
        dev.wait_for("Aktualisiert", said)
        page.locator("h1", has_text="Elterncafé am Markt").wait_for(timeout=15_000)
        status, home = _text(f"{dev.url}/")
        assert status == 200 and "Elterncafé am Markt" in _text(f"{dev.url}/angebote/elterncafe-duelmen/")[1]
        assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console
    finally:
        context.close()
        dev.stop()


def test_a_busy_port_is_said_in_german_without_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "tools/dev.py", "-o", str(tmp_path / "vorschau"), "--port", str(port)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"Port {port} ist nicht frei" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "vorschau").exists()
