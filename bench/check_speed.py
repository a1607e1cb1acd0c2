"""make check's speed: tools/check.py over N synthetic offers (goal: under 2 s for 1000).

    python bench/check_speed.py [N ...]      (default: 1000 5000)

Prints the wall time of the whole command (Python start included), best and
median of five runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

WORK = ROOT / "bench" / "out"


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 5000]
    print(f"{'N':>6} | {'best s':>6} | {'median s':>8}")
    for n in counts:
        folder = WORK / f"angebote-{n}"
        if not folder.exists():
            write_offers(folder, n)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "tools/check.py", "-e", f"ANGEBOTE_PATH={folder}", "ANGEBOTE_TODAY=2026-11-22"],
                cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - start)
        print(f"{n:>6} | {min(times):>6.2f} | {statistics.median(times):>8.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
