"""Write the printed Familienwegweiser as PDF files (make wegweiser).

    python tools/wegweiser.py [-s pelicanconf.py] [-o output/wegweiser] [-e SETTING=VALUE ...]
                              [--sprache CODE ...] [--ort SLUG ...]

Checks the offer data as make check does; with errors it writes nothing. Then it writes, for
each interface language (ANGEBOTE_LANGUAGES), ``<lang>/kreis.pdf`` (the whole county) and
``<lang>/<town>.pdf`` (the town's offers and every county-wide offer), and ``wegweiser.json``,
which lists them with pages, size and date for the site's page /wegweiser/. ``--sprache`` and
``--ort`` (a town's slug, or ``kreis``) write only some of them.

Before anything is laid out, each booklet's pages are estimated from its plan: one above
ANGEBOTE_WEGWEISER_MAX_PAGES is refused with a message naming that setting. As many booklets are
laid out side by side as there are cores and as the free memory holds.

Everything is written into a fresh folder beside the output first; only when every booklet is
done are the new files moved into place, so a failed or stopped run leaves the last good PDFs
as they were.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from angebote.booklet import BookletFailed, build_booklets  # noqa: E402
from angebote.settings import read_settings, theme_path  # noqa: E402
from angebote.read import ValidationFailed, read_directory  # noqa: E402


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: the same clean end as Ctrl+C (the fresh folder is removed)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output/wegweiser", type=Path)
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="NAME=WERT, wie bei pelican -e")
    parser.add_argument("--sprache", nargs="*", default=[], help="nur diese Sprachen (Kürzel)")
    parser.add_argument("--ort", nargs="*", default=[], help="nur diese Orte (slug, kreis für den ganzen Kreis)")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings, args.extra_settings)
    try:
        directory = read_directory(settings)
    except ValidationFailed as failure:
        sys.stderr.write("\n".join(str(p) for p in failure.problems) + "\n")
        sys.stderr.write(f"{len(failure.problems)} Fehler in den Angebotsdaten: kein Wegweiser geschrieben.\n")
        return 1
    theme = str(theme_path(args.settings, settings))
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    try:
        records = build_booklets(directory, settings, theme, args.output, args.sprache, args.ort)
    except KeyboardInterrupt as stop:
        print(f"Abgebrochen: die bisherigen Wegweiser in {args.output} bleiben unverändert.", file=sys.stderr)
        return 128 + getattr(stop, "signum", signal.SIGINT)
    except BookletFailed as failure:
        print(f"{failure}\nDie bisherigen Wegweiser in {args.output} bleiben unverändert.", file=sys.stderr)
        return 1
    pages = sum(r["seiten"] for r in records)
    print(f"Wegweiser geschrieben: {len(records)} Hefte, {pages} Seiten, in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
