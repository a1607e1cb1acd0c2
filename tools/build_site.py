"""Build the site into a fresh folder and put it in place only if the build succeeded.

    python tools/build_site.py [-s pelicanconf.py] [-o output] [-e SETTING=VALUE ...]

Pelican writes into a sibling folder ``<output>.neu``; on success the old
``<output>`` is replaced by it in two renames. On any error the old folder
stays exactly as it was and the half-built one is removed. Stopped by a
signal (Ctrl+C, SIGTERM, SIGHUP), it stops Pelican and its worker first and
removes the half-built folder; killed outright, its Pelican child is stopped
by the kernel, and the next build removes what is left.
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

from angebote.build import swap_in  # noqa: E402
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
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
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
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"Build abgebrochen: {output} bleibt unverändert.", file=sys.stderr)
        return 128 + stop.signum
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)  # the renames below take milliseconds: let them finish
    if returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"Build fehlgeschlagen: {output} bleibt unverändert.", file=sys.stderr)
        return returncode if returncode > 0 else 1
    _keep_booklets(booklets, fresh / "wegweiser")
    swap_in(fresh, output)
    return 0


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
