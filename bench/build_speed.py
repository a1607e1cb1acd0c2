"""Build time and peak memory: the directory against plain Pelican on the same texts.

    python bench/build_speed.py [N ...]      (default: 2000 5000)
    BENCH_SHAPES=realistic,small BENCH_DISKS=ram,disk BENCH_ROUNDS=3 (the defaults)

For each N and each shape of synthetic offers (bench/synthetic.py: ``realistic``, bodies of about
4 KB of Markdown in real German words, and ``small``, the short bodies of 36 words earlier runs
used) it writes N offers and the same texts as ordinary Pelican articles, and builds them onto a
RAM disk (/dev/shm) and onto this machine's disk (bench/out/sites), in one run, side by side: the
directory with the site's settings (validation, all pages, search index, vCards, open data; the
data files in a forked second process) and plain Pelican with its default theme and settings, each
build in its own process. The table shows wall time, CPU time (user + system, children included),
the system's share of it, peak resident memory of the build process, and the ratio directory /
plain: the directory in German only (as plain Pelican, one language), and in all interface
languages of pelicanconf.py, rendered by one process and by one process per core. Each build runs
BENCH_ROUNDS times, the four alternating, in another order each round; the table shows the medians
(peak memory: the largest): on a shared machine one build of the same site varies by a fifth or more.

Before each build its folder is removed (not timed), as ``make html`` starts from a fresh folder.
On ext4, after a few builds had deleted and written some 100,000 files, the kernel's search for a
free inode can take seconds (it skips the recently deleted ones): the "disk" rows show what a real
disk adds, the "ram" rows the builds' own time.
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
SHAPES = (os.environ.get("BENCH_SHAPES") or "realistic,small").split(",")
PLACES = {"ram": Path("/dev/shm/angebote-bench"), "disk": WORK / "sites"}
DISKS = [d for d in (os.environ.get("BENCH_DISKS") or "ram,disk").split(",") if d != "ram" or Path("/dev/shm").is_dir()]


def timed(command: list[str]) -> tuple[float, float, float, float]:
    """Run a command; return wall seconds, CPU seconds (with its children), their system part, and
    peak RSS in MiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"Build fehlgeschlagen: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_stime, usage.ru_maxrss / 1024


def data(n: int, shape: str) -> tuple[Path, Path]:
    offers, articles = WORK / f"angebote-{shape}-{n}", WORK / f"artikel-{shape}-{n}"
    for folder in (offers, articles):
        shutil.rmtree(folder, ignore_errors=True)
    write_offers(offers, n, shape=shape)
    write_articles(articles, n, shape=shape)
    return offers, articles


def bench(offers: Path, articles: Path, out: Path) -> dict[str, tuple]:
    plain_settings = WORK / "plain.py"
    plain_settings.write_text('TIMEZONE = "Europe/Berlin"\nDEFAULT_PAGINATION = 10\nCACHE_CONTENT = False\n', encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)

    def directory(*settings):
        shutil.rmtree(out / "site", ignore_errors=True)  # each build writes a new folder, as plain Pelican's
        return timed([
            sys.executable, "-m", "pelican", str(ROOT / "content"), "-s", "pelicanconf.py", "-o", str(out / "site"),
            "-e", f'ANGEBOTE_PATH="{offers}"', 'ANGEBOTE_TODAY="2026-11-22"', *settings, "--delete-output-directory",
        ])

    def plain():
        shutil.rmtree(out / "plain", ignore_errors=True)
        return timed([
            sys.executable, "-m", "pelican", str(articles), "-s", str(plain_settings), "-o", str(out / "plain"),
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
    for site in (out / "site", out / "plain"):
        shutil.rmtree(site, ignore_errors=True)  # a RAM disk keeps them in memory
    # the median of each figure over the rounds (peak memory: the largest)
    return {name: (*(statistics.median(r[i] for r in rows) for i in range(3)), max(r[3] for r in rows))
            for name, rows in runs.items()}


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [2000, 5000]
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} Kerne, Median aus {ROUNDS} Läufen je Build (abwechselnd). Verzeichnis: nur Deutsch; "
          "alle Sprachen: von 1 Prozess, von einem je Kern. CPU: Nutzer + System (davon System).")
    print(f"{'N':>6} | {'Daten':<9} | {'Ziel':<4} | {'Deutsch s':>9} | {'CPU s':>11} | {'MiB':>5} | {'Pelican s':>9} | "
          f"{'CPU s':>11} | {'MiB':>4} | {'Verh.':>5} | {'alle, 1 P. s':>12} | {'alle s':>6} | {'CPU s':>11} | {'MiB':>5} | {'Verh.':>5}")
    for n in sizes:
        for shape in SHAPES:
            offers, articles = data(n, shape)
            for disk in DISKS:
                m = bench(offers, articles, PLACES[disk])
                (d_s, d_cpu, d_sys, d_mb), (p_s, p_cpu, p_sys, p_mb) = m["german_only"], m["plain"]
                o_s = m["one_process"][0]
                a_s, a_cpu, a_sys, a_mb = m["every_language"]
                print(f"{n:>6} | {shape:<9} | {disk:<4} | {d_s:>9.1f} | {d_cpu:>5.1f} ({d_sys:>3.1f}) | {d_mb:>5.0f} | {p_s:>9.1f} | "
                      f"{p_cpu:>5.1f} ({p_sys:>3.1f}) | {p_mb:>4.0f} | {d_s / p_s:>5.2f} | {o_s:>12.1f} | {a_s:>6.1f} | "
                      f"{a_cpu:>5.1f} ({a_sys:>3.1f}) | {a_mb:>5.0f} | {a_s / p_s:>5.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
