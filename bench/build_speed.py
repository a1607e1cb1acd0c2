"""Build time and peak memory: the directory's ``make html`` against plain Pelican's on the same texts.

    python bench/build_speed.py [N ...]      (default: 2000 5000)
    BENCH_SHAPES=realistic,small BENCH_DISKS=ram,disk BENCH_STATES=neu,wieder BENCH_ROUNDS=3 (the defaults)

For each N and each shape of synthetic offers (bench/synthetic.py: ``realistic``, bodies of about
4 KB of Markdown in real German words, and ``small``, the short bodies of 36 words earlier runs
used) it writes N offers and the same texts as ordinary Pelican articles, and builds them onto a
RAM disk (/dev/shm) and onto this machine's disk (bench/out/sites), in one run, side by side, each
build as its ``make html`` runs it: the directory through tools/build_site.py with the site's
settings (validation, all pages, search indexes, vCards, open data, the offline worker; the data
files in a forked second process), in German only (one language, as plain Pelican) and in all
interface languages of pelicanconf.py; plain Pelican (``pelican content -o output``) with its
default theme and settings.

Two states of the output folder:

* ``neu``: the first build, into nothing (each output folder, and the directory's previous site
  ``<output>.alt``, removed before, not timed): every file and folder is made anew;
* ``wieder``: every later build, as a maintainer runs ``make html`` again: plain Pelican writes
  over its previous output, the directory into its previous site but one (tools/build_site.py's
  recycle and sweep).

On a real disk the two differ by far: making a file or folder costs this machine's ext4 (a virtual
disk, mounted with ``discard``) about 0.3 to 0.5 ms of system time, writing into one that is there
a few µs; the directory's six languages are 43,000 files and folders at 2000 offers, plain
Pelican's one 3,600. The table shows wall time, CPU time (user + system, children included) with
the system's part, peak resident memory of the build process, and the ratio directory / plain.
Each build runs BENCH_ROUNDS times, the three alternating, in another order each round; the table
shows the medians (peak memory: the largest): on a shared machine one build of the same site
varies by a fifth or more.
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
STATES = (os.environ.get("BENCH_STATES") or "neu,wieder").split(",")
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


def bench(offers: Path, articles: Path, out: Path, state: str) -> dict[str, tuple]:
    plain_settings = WORK / "plain.py"
    plain_settings.write_text('TIMEZONE = "Europe/Berlin"\nDEFAULT_PAGINATION = 10\nCACHE_CONTENT = False\n', encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)

    def directory(name: str, *settings):
        return [sys.executable, "tools/build_site.py", "-o", str(out / name), "-e", f'ANGEBOTE_PATH="{offers}"',
                'ANGEBOTE_TODAY="2026-11-22"', *settings]

    commands = {
        "german_only": directory("de", 'ANGEBOTE_LANGUAGES=["de"]'),
        "plain": [sys.executable, "-m", "pelican", str(articles), "-s", str(plain_settings), "-o", str(out / "plain")],
        "every_language": directory("site"),
    }
    folders = {"german_only": "de", "plain": "plain", "every_language": "site"}

    def clear(name: str) -> None:
        for suffix in ("", ".alt", ".neu"):
            shutil.rmtree(out / (folders[name] + suffix), ignore_errors=True)

    if state == "wieder":  # the previous builds there: one, and for the directory the one before too
        for name, command in commands.items():
            clear(name)
            for _ in range(1 if name == "plain" else 2):
                timed(command)
    runs = {name: [] for name in commands}
    for round_ in range(ROUNDS):  # alternating, each round in another order: what the machine does meanwhile weighs on all
        order = list(commands) if round_ % 2 == 0 else list(reversed(commands))
        for name in order:
            if state == "neu":
                clear(name)
            runs[name].append(timed(commands[name]))
    for name in commands:
        clear(name)  # a RAM disk keeps them in memory
    # the median of each figure over the rounds (peak memory: the largest)
    return {name: (*(statistics.median(r[i] for r in rows) for i in range(3)), max(r[3] for r in rows))
            for name, rows in runs.items()}


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [2000, 5000]
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} Kerne, Median aus {ROUNDS} Läufen je Build (abwechselnd), je Build wie sein make html. "
          "Zustand: neu = erster Build in einen leeren Ordner, wieder = jeder weitere. CPU: Nutzer + System (davon System).")
    print(f"{'N':>6} | {'Daten':<9} | {'Ziel':<4} | {'Zustand':<7} | {'Pelican s':>9} | {'CPU s':>12} | {'MiB':>4} | "
          f"{'Deutsch s':>9} | {'CPU s':>12} | {'MiB':>5} | {'Verh.':>5} | {'alle s':>6} | {'CPU s':>12} | {'MiB':>5} | {'Verh.':>5}")
    for n in sizes:
        for shape in SHAPES:
            offers, articles = data(n, shape)
            for disk in DISKS:
                for state in STATES:
                    m = bench(offers, articles, PLACES[disk], state)
                    (p_s, p_cpu, p_sys, p_mb), (d_s, d_cpu, d_sys, d_mb) = m["plain"], m["german_only"]
                    a_s, a_cpu, a_sys, a_mb = m["every_language"]
                    print(f"{n:>6} | {shape:<9} | {disk:<4} | {state:<7} | {p_s:>9.1f} | {p_cpu:>5.1f} ({p_sys:>4.1f}) | {p_mb:>4.0f} | "
                          f"{d_s:>9.1f} | {d_cpu:>5.1f} ({d_sys:>4.1f}) | {d_mb:>5.0f} | {d_s / p_s:>5.2f} | "
                          f"{a_s:>6.1f} | {a_cpu:>5.1f} ({a_sys:>4.1f}) | {a_mb:>5.0f} | {a_s / p_s:>5.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
