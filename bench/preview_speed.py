"""make dev: from saving a file to the page showing it, on N synthetic offers.

    python bench/preview_speed.py [N]      (default: 2000)

Starts tools/dev.py (all interface languages) on the synthetic offers, then edits offer files (a new
title) and provider files (a new name) one after another. For each edit it measures, from the
moment the file is written: the changed page served with the new text (what the open browser
page reloads to: the offer page, or the provider page), every page that shows the change written
("Aktualisiert"), and the search files and open data written. Also: the first full build, the
preview's peak memory, and the pages rendered per update. The second column of each row is the
peer: a full build (`make html`'s, timed here once) that the preview saves the editor.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

WORK = ROOT / "bench" / "out"


class Dev:
    def __init__(self, data: Path, output: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "tools/dev.py", "-o", str(output), "--port", str(self.port), "-e",
             f'ANGEBOTE_PATH="{data}"', 'ANGEBOTE_TODAY="2026-11-22"'],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "400"})
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, pattern: str, after: int) -> tuple[int, float, str]:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            for index in range(after, len(self.lines)):
                if re.search(pattern, self.lines[index][1]):
                    return index, *self.lines[index]
            if self.process.poll() is not None:
                raise SystemExit("\n".join(text for _, text in self.lines))
            time.sleep(0.005)
        raise SystemExit(f"{pattern!r} kam nicht")

    def page(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as answer:
            return answer.read().decode("utf-8")

    def peak_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def edit(dev: Dev, file: Path, old: str, new: str, shown: str, path: str, after: int) -> tuple[float, float, float, int, int]:
    """Replace old by new in file; return seconds until the page at path shows the text shown, to
    'Aktualisiert', to the data files, the pages rendered, and the index of the last line read."""
    text = file.read_text(encoding="utf-8")
    assert old in text, (file, old)
    start = time.perf_counter()
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    deadline = start + 120
    while shown not in dev.page(path):
        assert time.perf_counter() < deadline, f"{path} zeigt {shown!r} nicht"
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    index, when, line = dev.wait_for("Aktualisiert", after)
    pages = int(re.search(r"(\d+) Seiten", line).group(1))
    data_index, data_when, _ = dev.wait_for("Suchindex und offene Daten sind aktuell", index)
    return seconds, when - start, data_when - start, pages, data_index + 1


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 2000
    data, output = WORK / f"vorschau-angebote-{n}", WORK / f"vorschau-{n}"
    shutil.rmtree(data, ignore_errors=True)
    write_offers(data, n)
    start = time.perf_counter()
    full = subprocess.run([sys.executable, "tools/build_site.py", "-o", str(WORK / f"vorschau-voll-{n}"), "-e",
                           f'ANGEBOTE_PATH="{data}"', 'ANGEBOTE_TODAY="2026-11-22"'], cwd=ROOT, capture_output=True)
    full_seconds = time.perf_counter() - start
    assert full.returncode == 0, full.stderr.decode()
    start = time.perf_counter()
    dev = Dev(data, output)
    try:
        index, when, _ = dev.wait_for("Die Vorschau läuft", 0)
        first_build = when - start
        rows = {"Angebot": [], "Träger": []}
        for number in (3, 101, 502, 1203, 1777):
            number %= n
            provider = f"traeger-{number % max(1, n // 10)}"
            offer = data / provider / f"angebot-{number}.md"
            *result, index = edit(dev, offer, "title: ", f"title: Geändert {number} ", f"Geändert {number} ",
                                  f"/angebote/angebot-{number}/", index)
            rows["Angebot"].append(result)
        for number in (4, 77):
            provider = data / f"traeger-{number}" / "traeger.yml"
            *result, index = edit(dev, provider, f"name: Träger traeger-{number}", f"name: Geändert {number}",
                                  f"Geändert {number}", f"/traeger/traeger-{number}/", index)
            rows["Träger"].append(result)
        peak = dev.peak_mib()
    finally:
        dev.process.terminate()
        dev.process.wait()
    print(f"{os.cpu_count()} Kerne, {n} Angebote, 6 Sprachen. Vorschau: erster Build {first_build:.1f} s, "
          f"höchstens {peak:.0f} MiB; make html (zum Vergleich): {full_seconds:.1f} s")
    print(f"{'Änderung':>10} | {'Seite zeigt sie s':>17} (Median, Max) | {'alle Seiten s':>13} | {'Suchindex s':>11} | "
          f"{'Seiten':>6} | {'make html s':>11}")
    for kind, results in rows.items():
        shown, pages_done, data_done, pages = zip(*results)
        print(f"{kind:>10} | {statistics.median(shown):>8.2f}, {max(shown):>6.2f}{'':>15} | "
              f"{statistics.median(pages_done):>13.2f} | {statistics.median(data_done):>11.2f} | "
              f"{statistics.median(pages):>6.0f} | {full_seconds:>11.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
