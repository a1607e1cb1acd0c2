"""What each small piece of the speed machinery still buys: the build with it and without it.

    python bench/speed_pieces.py [N]      (default: 2000; BENCH_ROUNDS=5, BENCH_SHAPE=small)

The pieces (render/once.py, render/__init__.py) whose gain was a few per cent when they came (a
third, percent-encoding a report line by line with each line once, gained nothing and was
dropped: at 2000 offers -0.02 s CPU of 7.66 s):

* ``cut``: a report title (``gettext`` with one value) cut around the offer's title, its words
  before and after one mark each for the whole site, not one mark per offer;
* ``together``: a full build fills each page rendered once in all the languages of its process at
  once, cut at its marks once, not once per language.

Each variant is the same build (N synthetic offers, all languages, one render process so that the
CPU time is the work and not the waiting) with one piece switched off by a runner that replaces it
before Pelican starts; all variants alternate, BENCH_ROUNDS times. The table shows the median CPU
seconds (user + system, children included) and wall seconds, and each piece's gain against the
build with every piece.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

WORK = ROOT / "bench" / "out"
OUT = Path("/dev/shm/angebote-pieces") if Path("/dev/shm").is_dir() else WORK / "pieces"
ROUNDS = int(os.environ.get("BENCH_ROUNDS") or 5)
SHAPE = os.environ.get("BENCH_SHAPE") or "small"

RUNNER = """
import sys
sys.path.insert(0, "plugins")
piece = sys.argv.pop(1)
from angebote.render import _Renderer
from angebote.render.once import MarkedSpeech
if piece == "cut":
    MarkedSpeech._cut_everywhere = lambda self, text: False
elif piece == "together":
    _Renderer._every_value = lambda self, share: None
from pelican import main
sys.exit(main())
"""
PIECES = ("alle", "cut", "together")


def build(piece: str, data: Path) -> tuple[float, float]:
    output = OUT / piece
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, piece, "content", "-s", "pelicanconf.py", "-o", str(output), "-e",
         f'ANGEBOTE_PATH="{data}"', 'ANGEBOTE_TODAY="2026-11-22"', "ANGEBOTE_RENDER_PROCESSES=1", 'SITEURL="https://example.org"',
         "--delete-output-directory"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{piece}: Build fehlgeschlagen\n{process.stderr.read().decode()}")
    shutil.rmtree(output, ignore_errors=True)
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - start


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 2000
    data = WORK / f"angebote-{SHAPE}-{n}"
    if not data.exists():
        write_offers(data, n, shape=SHAPE)
    runs = {piece: [] for piece in PIECES}
    for round_ in range(ROUNDS):
        for piece in PIECES if round_ % 2 == 0 else reversed(PIECES):
            runs[piece].append(build(piece, data))
    cpu = {piece: statistics.median(r[0] for r in rows) for piece, rows in runs.items()}
    wall = {piece: statistics.median(r[1] for r in rows) for piece, rows in runs.items()}
    print(f"{n} Angebote ({SHAPE}), alle Sprachen, 1 Renderprozess, Median aus {ROUNDS} Läufen")
    print(f"{'ohne':<9} | {'CPU s':>6} | {'Wand s':>6} | {'das Stück spart CPU':>20}")
    for piece in PIECES:
        gain = cpu[piece] - cpu["alle"]
        share = gain / cpu["alle"]
        said = "" if piece == "alle" else f"{gain:+.2f} s ({share:+.1%})"
        print(f"{piece:<9} | {cpu[piece]:>6.2f} | {wall[piece]:>6.2f} | {said:>20}")


if __name__ == "__main__":
    main(sys.argv[1:])
