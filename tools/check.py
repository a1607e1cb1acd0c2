"""Check the offer data without building the site (make check).

    python tools/check.py [-s pelicanconf.py] [-e SETTING=VALUE ...]

Prints every error as ``path:line: message`` in German, then the freshness
warnings (not reviewed for over 12 months, expiring within 60 days) and the hints
(a cost text naming a voucher that ``accepts`` does not list, a place off its town, a district
named for its town). Inside
GitHub Actions (``GITHUB_ACTIONS=true``) each is printed instead as a workflow
command, ``::error file=…,line=…::…`` or ``::warning …``, which GitHub shows on
the pull request's diff. Values from the data never start a line: line breaks
and control characters in them are printed as escapes (``\n``), and in
GitHub mode every line on standard output is one of these escaped commands.
Exits with 1 if there are errors, else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from angebote.read.frontmatter import shown  # noqa: E402
from angebote.reports import freshness, map_hints, offer_hints, voucher_hints  # noqa: E402
from angebote.settings import read_settings  # noqa: E402
from angebote.read import ValidationFailed, read_directory  # noqa: E402


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(kind: str, problem) -> str:
    """A GitHub Actions annotation for one problem."""
    return (f"::{kind} file={_escape_property(shown(problem.path))},line={problem.line},"
            f"title={_escape_property('Angebotsdaten')}::{_escape_data(shown(problem.message))}")


def _relative(problem):
    """Paths relative to the current folder, as GitHub and editors expect them."""
    path = Path(problem.path)
    if path.is_absolute():
        try:
            problem.path = str(path.relative_to(Path.cwd()))
        except ValueError:
            pass
    return problem


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="NAME=WERT, wie bei pelican -e")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings, args.extra_settings)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    try:
        directory = read_directory(settings)
    except ValidationFailed as failure:
        for problem in map(_relative, failure.problems):
            print(workflow_command("error", problem) if annotate else problem)
        print(f"{len(failure.problems)} Fehler in den Angebotsdaten.", file=sys.stderr)
        return 1
    notices = [_relative(n) for n in sorted(freshness(directory).notices() + voucher_hints(directory) + map_hints(directory)
                                             + offer_hints(directory), key=lambda p: (p.path, p.line))]
    for notice in notices:
        print(workflow_command("warning", notice) if annotate else f"{shown(notice.path)}:{notice.line}: Hinweis: {shown(notice.message)}")
    print(f"Geprüft: {len(directory.offers)} Angebote von {len(directory.providers)} Trägern, keine Fehler"
          + {0: ".", 1: ", 1 Hinweis."}.get(len(notices), f", {len(notices)} Hinweise."), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
