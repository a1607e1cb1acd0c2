"""Build time and peak memory: the directory against plain Pelican on the same texts.

    python bench/build_speed.py [N ...]      (default: 2000 5000)

For each N it writes N synthetic offers, builds them with the directory's
settings (validation, all pages, search index and vCards, the latter two in a
forked second process), and builds the same texts as ordinary Pelican articles
with Pelican's default theme and settings. Each build runs in its own process;
the table shows wall time, CPU time (user + system, children included), peak
resident memory of the build process, and the wall-time ratio directory / plain,
for the directory in German only (as plain Pelican, one language) and in all
interface languages of pelicanconf.py (every page once per language), rendered
by one process and, last, by one process per core (ANGEBOTE_RENDER_PROCESSES),
with the ratio of that build to plain Pelican's. Each build runs BENCH_ROUNDS times (default 3),
the four alternating, and the table shows the medians (peak memory: the largest): on a shared
machine one build of the same site varies by a fifth or more.

The sites are written to a RAM disk (/dev/shm, where there is one; BENCH_OUT=<folder> to choose):
the figures are then the builds' own, not the file system's. On this machine's ext4 disk, after
a few builds had deleted and written some 100,000 files, the same six-language build of 2000
offers spent 8 to 38 s in the kernel instead of 1 s (the search for a free inode skips recently
deleted ones), which weighs on the directory's 19,000 files far more than on plain Pelican's 3,000.
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
from synthetic import ROOT, write_articles, write_offers  # noqa: E402

WORK = ROOT / "bench" / "out"  # the synthetic data
ROUNDS = int(os.environ.get("BENCH_ROUNDS") or 3)  # each build this many times, alternating; the medians are shown
OUT = Path(os.environ.get("BENCH_OUT") or ("/dev/shm/angebote-bench" if Path("/dev/shm").is_dir() else WORK))


def timed(command: list[str]) -> tuple[float, float, float]:
    """Run a command; return wall seconds, CPU seconds (with its children) and peak RSS in MiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"Build fehlgeschlagen: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench(n: int) -> tuple:
    data, articles = WORK / f"angebote-{n}", WORK / f"artikel-{n}"
    for folder in (data, articles):
        shutil.rmtree(folder, ignore_errors=True)
    write_offers(data, n)
    write_articles(articles, n)
    plain_settings = WORK / "plain.py"
    plain_settings.write_text('TIMEZONE = "Europe/Berlin"\nDEFAULT_PAGINATION = 10\nCACHE_CONTENT = False\n', encoding="utf-8")
    def directory(*settings):
        shutil.rmtree(OUT / f"site-{n}", ignore_errors=True)  # each build writes a new folder, as plain Pelican's
        return timed([
            sys.executable, "-m", "pelican", str(ROOT / "content"), "-s", "pelicanconf.py", "-o", str(OUT / f"site-{n}"),
            "-e", f'ANGEBOTE_PATH="{data}"', 'ANGEBOTE_TODAY="2026-11-22"', *settings, "--delete-output-directory",
        ])

    def plain():
        shutil.rmtree(OUT / f"plain-{n}", ignore_errors=True)
        return timed([
            sys.executable, "-m", "pelican", str(articles), "-s", str(plain_settings), "-o", str(OUT / f"plain-{n}"),
            "--delete-output-directory",
        ])

    builds = {
        "german_only": lambda: directory('ANGEBOTE_LANGUAGES=["de"]'),
        "plain": plain,
        "one_process": lambda: directory("ANGEBOTE_RENDER_PROCESSES=1"),  # pelicanconf.py's languages
        "every_language": directory,
    }
    runs = {name: [] for name in builds}
    for round_ in range(ROUNDS):  # alternating, each round in another order: what the machine does meanwhile weighs on all
        order = list(builds) if round_ % 2 == 0 else list(reversed(builds))
        for name in order:
            runs[name].append(builds[name]())
    for site in (OUT / f"site-{n}", OUT / f"plain-{n}"):
        shutil.rmtree(site, ignore_errors=True)  # a RAM disk keeps them in memory
    # the median of each figure over the rounds (peak memory: the largest)
    medians = {name: (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows), max(r[2] for r in rows))
               for name, rows in runs.items()}
    return medians["german_only"] + medians["plain"] + medians["one_process"] + medians["every_language"]


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [2000, 5000]
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} Kerne, Ausgabe in {OUT}, Median aus {ROUNDS} Läufen je Build (abwechselnd). "
          "Verzeichnis: nur Deutsch; alle Sprachen: von 1 Prozess, von einem je Kern.")
    print(f"{'N':>6} | {'Deutsch s':>9} | {'CPU s':>6} | {'MiB':>5} | {'Pelican s':>9} | {'CPU s':>6} | {'MiB':>5} | "
          f"{'Verhältnis':>10} | {'alle, 1 P. s':>12} | {'alle s':>6} | {'CPU s':>6} | {'MiB':>5} | {'Verhältnis':>10}")
    for n in sizes:
        d_s, d_cpu, d_mb, p_s, p_cpu, p_mb, o_s, _, _, a_s, a_cpu, a_mb = bench(n)
        print(f"{n:>6} | {d_s:>9.1f} | {d_cpu:>6.1f} | {d_mb:>5.0f} | {p_s:>9.1f} | {p_cpu:>6.1f} | {p_mb:>5.0f} | "
              f"{d_s / p_s:>10.2f} | {o_s:>12.1f} | {a_s:>6.1f} | {a_cpu:>6.1f} | {a_mb:>5.0f} | {a_s / p_s:>10.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
