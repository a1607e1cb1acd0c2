"""Build the site into a fresh folder and put it in place only if the build succeeded.

    python tools/build_site.py [-s pelicanconf.py] [-o output] [-e SETTING=VALUE ...]

Pelican writes into a sibling folder ``<output>.neu``; on success the old
``<output>`` is replaced by it in two renames. On any error the old folder
stays exactly as it was and the half-built one is removed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path


def build(settings: str, output: Path, extra: list[str]) -> int:
    output = output.resolve()
    fresh = output.with_name(output.name + ".neu")
    old = output.with_name(output.name + ".alt")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", str(fresh), "--fatal", "errors"]
    if extra:
        command += ["-e", *extra]
    result = subprocess.run(command)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"Build fehlgeschlagen: {output} bleibt unverändert.", file=sys.stderr)
        return result.returncode or 1
    if output.exists():
        output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output", type=Path)
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="wie bei pelican -e")
    args = parser.parse_args(argv)
    return build(args.settings, args.output, args.extra_settings)


if __name__ == "__main__":
    sys.exit(main())
