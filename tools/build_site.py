"""Build the site into a fresh folder and put it in place only if the build succeeded.

    python tools/build_site.py [-s pelicanconf.py] [-o output] [-e SETTING=VALUE ...]

Pelican writes into a sibling folder ``<output>.neu``; on success the old
``<output>`` is replaced by it in two renames. On any error the old folder
stays exactly as it was and the half-built one is put aside. Stopped by a
signal (Ctrl+C, SIGTERM, SIGHUP), it stops Pelican and its worker first and
puts the half-built folder aside; killed outright, its Pelican child is stopped
by the kernel, and the next build takes what is left.

The previous site stays beside the new one as ``<output>.alt``, and the next
build writes into it, over its files (:func:`recycle`): on a real disk, making
tens of thousands of new files and folders costs the kernel far more than
writing into those that are there (at 2000 offers in six languages, 43,000 of
them: 14 s of system time on this project's ext4 disk against 2 s; see
bench/build_speed.py). Whatever the build did not write again is removed
before the folder goes in place (:func:`sweep`), so the site is the same as
one built into an empty folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from angebote.folders import files_below, prune, swap_in  # noqa: E402
from angebote.workers import die_with_parent  # noqa: E402


class Stopped(Exception):
    def __init__(self, signum: int):
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


def build(settings: str, output: Path, extra: list[str]) -> int:
    output = output.resolve()
    fresh = output.with_name(output.name + ".neu")
    old = output.with_name(output.name + ".alt")
    before = recycle(fresh, old)
    booklets = output / "wegweiser"  # make wegweiser's PDFs: the site lists them and keeps them
    command = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", str(fresh), "--fatal", "errors",
               "-e", f"ANGEBOTE_WEGWEISER_DIR={json.dumps(str(booklets))}", *extra]
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _stop)
    # Pelican and its worker in a process group of their own, so that a stop reaches both.
    child = subprocess.Popen(command, start_new_session=True, preexec_fn=die_with_parent)
    try:
        returncode = child.wait()
    except Stopped as stop:
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        child.wait()
        _put_aside(fresh, old)
        print(f"Build abgebrochen: {output} bleibt unverändert.", file=sys.stderr)
        return 128 + stop.signum
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)  # the renames below take milliseconds: let them finish
    if returncode != 0:
        _put_aside(fresh, old)
        print(f"Build fehlgeschlagen: {output} bleibt unverändert.", file=sys.stderr)
        return returncode if returncode > 0 else 1
    sweep(fresh, before)
    _keep_booklets(booklets, fresh / "wegweiser")
    swap_in(fresh, output, keep_old=True)
    return 0


def recycle(fresh: Path, old: Path) -> dict[str, int]:
    """Make the previous site (old), or what a build killed outright left (fresh), the folder to
    build into; return the change time of each of its files, by path. The booklets linked into it
    (_keep_booklets) go first: their files are the live site's too, and nothing may write into those."""
    if fresh.exists():
        shutil.rmtree(old, ignore_errors=True)
    elif old.exists():
        old.rename(fresh)
    else:
        return {}
    shutil.rmtree(fresh / "wegweiser", ignore_errors=True)
    files = {}
    for path, status in files_below(fresh):
        if status.st_nlink > 1:
            os.unlink(path)  # (another link, wherever it came from: writing into it would change the other file too)
        else:
            files[path] = status.st_ctime_ns
    return files


def sweep(fresh: Path, before: dict[str, int]) -> None:
    """Remove from a built folder the files of the previous site that this build did not write
    (their change time is as it was: writing into a file, or copying over it, changes it), and the
    folders they leave empty. Only the previous site's files are looked at, each with one status
    (a file not among them is new; walking the whole folder again took twice as long: 0.3 s against
    0.12 s at 2000 offers in six languages), and none after a build into an empty folder."""
    doomed = []
    for path, changed in before.items():
        try:
            if os.lstat(path).st_ctime_ns == changed:
                doomed.append(path)
        except FileNotFoundError:
            pass  # (removed by the build: a folder written whole)
    prune(fresh, doomed)


def _put_aside(fresh: Path, old: Path) -> None:
    """A failed or stopped build's folder becomes the next build's folder to write into."""
    if fresh.exists():
        shutil.rmtree(old, ignore_errors=True)
        fresh.rename(old)


def _keep_booklets(booklets: Path, target: Path) -> None:
    """Link the last booklets (PDFs and their list) into the new site, beside its page
    wegweiser/index.html; the old site keeps its own links until it is removed."""
    if not booklets.is_dir():
        return
    for item in booklets.iterdir():
        if (target / item.name).exists() or item.name.endswith(".neu"):
            continue  # what the site writes itself (the page), and a booklet run still going
        if item.is_dir():
            shutil.copytree(item, target / item.name, copy_function=os.link)
        else:
            target.mkdir(parents=True, exist_ok=True)
            os.link(item, target / item.name)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output", type=Path)
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="wie bei pelican -e")
    args = parser.parse_args(argv)
    return build(args.settings, args.output, args.extra_settings)


if __name__ == "__main__":
    sys.exit(main())
