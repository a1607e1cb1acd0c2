"""The offline set's size: what "Für offline speichern" downloads in one language, against the
budget of 1.5 MB compressed at 700 offers (issue #36), at 700 and 5000 synthetic offers.

    python bench/offline_size.py [N …] [--lang ar]      (default: 700 5000, Arabic)

Builds the synthetic directory (bench/synthetic.py, realistic offers: bodies of about 4 KB, real
German words) in every interface language, reads the manifest the build wrote into sw.js (exactly
what the worker precaches) and counts each file's bytes and its gzip -9 bytes (as a server sends
it), by kind of file.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

WORK = ROOT / "bench" / "out"
BUDGET = 1_500_000  # bytes, compressed, at 700 offers


def kind(url: str) -> str:
    if url.endswith("suche/index.json"):
        return "Suche: Eintrag der Sprache"
    if "suche/teile/" in url:
        return "Suche: Teile (Index, Zeilen der Sprache, Filter)"
    if url.endswith("merkliste/angebote.json"):
        return "Merkliste: Angebote (offline-Seite)"
    if url.endswith(".json"):
        return "Elternbegleiter: Daten"
    if url.endswith("karte/"):
        return "Seite: Karte"
    if url.endswith("/") or url == "./":
        return "Seiten (Start, Suche, Merkliste, Begleiter, offline)"
    return {".js": "Skripte", ".css": "Stil", ".svg": "Bilder (Grundkarte, Icon)"}.get(Path(url).suffix, "Sonstiges")


def measure(site: Path, lang: str) -> dict[str, list[int]]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r"^var OFFLINE = (.*);$", text, re.M).group(1))
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for entry in manifest["languages"][lang]["entries"]:
        url = entry["url"]
        path = "" if url == "./" else url
        data = (site / (path + "index.html" if path == "" or path.endswith("/") else path)).read_bytes()
        row = sizes[kind(url)]
        row[0] += 1
        row[1] += len(data)
        row[2] += len(gzip.compress(data, 9))
    worker = (site / "sw.js").read_bytes()  # downloaded on the first visit, with or without the button
    sizes["(sw.js, bei jedem ersten Besuch)"] = [1, len(worker), len(gzip.compress(worker, 9))]
    return sizes


def build(n: int) -> Path:
    offers, site = WORK / f"angebote-offline-{n}", WORK / f"offline-site-{n}"
    shutil.rmtree(offers, ignore_errors=True)
    write_offers(offers, n, shape="realistic")
    result = subprocess.run([sys.executable, "tools/build_site.py", "-o", str(site), "-e", f'ANGEBOTE_PATH="{offers}"',
                             'ANGEBOTE_TODAY="2026-11-22"'], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"Build mit {n} Angeboten fehlgeschlagen:\n{result.stderr[-3000:]}")
    return site


def main(argv: list[str]) -> None:
    lang = "ar"
    if "--lang" in argv:
        at = argv.index("--lang")
        lang = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    sizes = [int(a) for a in argv] or [700, 5000]
    WORK.mkdir(parents=True, exist_ok=True)
    measured = {n: measure(build(n), lang) for n in sizes}
    kinds = sorted({k for m in measured.values() for k in m}, key=lambda k: (k.startswith("("), k))
    print(f"Offline-Satz einer Sprache ({lang}): Bytes wie geschrieben / gzip -9, in KB; Budget {BUDGET / 1e6:.1f} MB gzip bei 700 Angeboten")
    head = f"{'Art':<52}" + "".join(f" | {f'{n} Ang.: Dateien':>17} | {'KB':>8} | {'gzip KB':>8}" for n in sizes)
    print(head)
    print("-" * len(head))
    for k in kinds:
        cells = "".join(f" | {measured[n].get(k, [0, 0, 0])[0]:>17} | {measured[n].get(k, [0, 0, 0])[1] / 1000:>8.0f} | "
                        f"{measured[n].get(k, [0, 0, 0])[2] / 1000:>8.0f}" for n in sizes)
        print(f"{k:<52}{cells}")
    print("-" * len(head))
    for n in sizes:
        rows = [v for k, v in measured[n].items() if not k.startswith("(")]
        raw, packed = sum(r[1] for r in rows), sum(r[2] for r in rows)
        verdict = "im Budget" if packed <= BUDGET else "ÜBER dem Budget"
        print(f"{n} Angebote: {raw / 1e6:.2f} MB, gzip {packed / 1e6:.2f} MB – {verdict} ({packed / BUDGET:.0%} von 1,5 MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
