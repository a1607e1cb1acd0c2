"""The freshness report for the network's coordinators (make report).

    python tools/report.py [-s pelicanconf.py] [-o bericht] [--meldungen TICKETS.json] [-e SETTING=VALUE ...]

Writes ``<folder>/index.html``: by provider, the offers not reviewed for over
12 months, those whose review falls due within the next 30 or 60 days and those expiring within
60 days, with the people to ask; and which offers the next printed Familienwegweiser leaves
out, from which day. The stale and expiring ones appear in the build log and in ``make check`` too. With ``--meldungen``, a list of
the repository's issues saved as JSON (``gh issue list --label fehlermeldung --state open
--json number,title,body,url,state > tickets.json``), it also counts the open "Fehler melden"
reports per provider and offer; the report itself never asks GitHub.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from jinja2 import Environment, FileSystemLoader  # noqa: E402

from angebote.corrections import ReportsUnreadable, open_reports, read_issues  # noqa: E402
from angebote.reports import freshness, review_due, translation_coverage  # noqa: E402
from angebote.settings import read_settings, setting, theme_path  # noqa: E402
from angebote.templating import prepare  # noqa: E402
from angebote.read import ValidationFailed, read_directory  # noqa: E402


def file_link(repository: str, branch: str, root: Path):
    """path → its page in the repository that is the current folder, as for make check's messages
    ("" for a file outside it, e.g. with ANGEBOTE_PATH=/tmp/…)."""
    def link(path: str) -> str:
        try:
            inside = Path(path).resolve().relative_to(root)
        except ValueError:
            return ""
        return f"{repository}/blob/{branch}/{inside.as_posix()}" if repository else ""
    return link


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="bericht", type=Path)
    parser.add_argument("--meldungen", help="Tickets als JSON (gh issue list … --json number,title,body,url,state)")
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="NAME=WERT, wie bei pelican -e")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings, args.extra_settings)
    try:
        directory = read_directory(settings)
        reports = open_reports(read_issues(args.meldungen), directory.offers, setting(settings, "ANGEBOTE_PATH")) if args.meldungen else None
    except ValidationFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    except ReportsUnreadable as failure:
        print(failure, file=sys.stderr)
        return 1
    theme = theme_path(args.settings, settings)
    env = Environment(loader=FileSystemLoader(str(theme / "templates")))
    prepare(env, settings.get("DEFAULT_LANG", "de"), str(theme), setting(settings, "ANGEBOTE_CONTENT_LANG"))
    repository = setting(settings, "ANGEBOTE_REPOSITORY").rstrip("/")
    html = env.get_template("bericht.html").render(
        SITENAME=settings.get("SITENAME", ""),
        directory=directory,
        report=freshness(directory, stale_printed=setting(settings, "ANGEBOTE_WEGWEISER_STALE")),
        review_due=review_due,
        reports=reports,
        coverage=translation_coverage(directory, setting(settings, "ANGEBOTE_TRANSLATION_FIRST")),
        file_url=file_link(repository, setting(settings, "ANGEBOTE_BRANCH"), Path.cwd().resolve()),
    )
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "index.html").write_text(html, encoding="utf-8")
    shutil.copyfile(theme / "static" / "css" / "site.css", args.output / "site.css")
    print(f"Bericht geschrieben: {args.output / 'index.html'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
