"""Fehler melden: the links on every offer page that report a mistake in it, and the count of
open reports for the coordinators (``make report``).

A report is a GitHub issue opened with the title, the text and the label filled in (the
repository in ``ANGEBOTE_REPOSITORY``), or, where ``ANGEBOTE_CORRECTIONS_EMAIL`` is set, an
e-mail with the same text. Either names the offer's file (``angebote/<provider>/<offer>.md``) on
a line of its own, which is how :func:`open_reports` finds the offer again in a list of issues
(``gh issue list --json number,title,body,url,state`` saved as a file: the build and the report
never ask GitHub themselves).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .model import Offer, Provider

LABEL = "fehlermeldung"
MAX_REPORTS_FILE = 20 * 1024 * 1024  # a JSON list of issues; larger is not a list of this repository's issues


def N_(text: str) -> str:  # noqa: N802 (the name pybabel extracts by default)
    """Marks a text for the translation catalogue; translated when the link is made."""
    return text


CHECKLIST = (N_("Adresse"), N_("Telefon"), N_("E-Mail"), N_("Zeiten"), N_("Das Angebot gibt es nicht mehr"))


def data_file(offer: Offer, data_path: str) -> str:
    """The offer's file as the repository names it: ``angebote/<provider>/<offer>.md``."""
    root = Path(data_path)
    try:
        inside = Path(offer.source).relative_to(root)
    except ValueError:
        inside = Path(offer.provider.slug, Path(offer.source).name)
    return f"{root.name}/{inside.as_posix()}"


def report_subject(title: str, gettext) -> str:
    """The report's title, in the page's language (gettext(text, **values), as render.plain.Speech's)."""
    return gettext("Fehler melden: %(title)s", title=title)


def report_body(title: str, page: str, path: str, gettext) -> str:
    """The report's text, in the page's language (gettext), the file on a line of its own."""
    checklist = "\n".join(f"- [ ] {gettext(item)}" for item in CHECKLIST)
    return "\n".join([
        gettext("Was stimmt nicht? Bitte ankreuzen und kurz beschreiben:"), "", checklist, "",
        gettext("Richtig ist:"), "", "", "---",
        f"{gettext('Angebot')}: {title}", f"{gettext('Seite')}: {page}", f"{gettext('Datei')}:", path,
    ])


def issue_link(repository: str, title: str, body: str, quote=None) -> str:
    """quote: how the fields' texts are percent-encoded (quoted, unless given)."""
    return f"{repository.rstrip('/')}/issues/new?" + _query({"title": title, "body": body, "labels": LABEL}, quote or quoted)


def mail_link(address: str, title: str, body: str, quote=None) -> str:
    return f"mailto:{address}?" + _query({"subject": title, "body": body}, quote or quoted)


def _query(fields: dict[str, str], quote) -> str:
    """A URL's query, its field texts encoded by quote."""
    return "&".join(f"{name}={quote(value)}" for name, value in fields.items())


@functools.lru_cache(maxsize=8)  # an offer's issue and e-mail link have the same text
def quoted(text: str) -> str:
    """text with every character but letters, digits and "_.-~" percent-encoded (as urlencode with
    quote), each on its own. Line by line: most lines of a report are the same on every page of a language."""
    return "%0A".join(_quoted(line) for line in text.split("\n"))


@functools.lru_cache(maxsize=1024)
def _quoted(text: str) -> str:
    return quote(text, safe="")


# ---------------------------------------------------------------- the open reports

class ReportsUnreadable(Exception):
    """The list of issues could not be read; the message says why, in German."""


@dataclass
class Report:
    number: int
    title: str
    url: str


@dataclass
class ProviderReports:
    provider: Provider
    offers: list[tuple[Offer, list[Report]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(reports) for _, reports in self.offers)


def read_issues(path: str) -> list[dict]:
    """The issues GitHub listed (JSON), or ReportsUnreadable."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_REPORTS_FILE:
            raise ReportsUnreadable(f"{path}: die Datei ist zu groß für eine Liste von Tickets.")
        issues = json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReportsUnreadable(f"{path}: die Liste der Tickets kann nicht gelesen werden ({error.strerror}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReportsUnreadable(f"{path}: keine JSON-Liste von Tickets ({error}). Erwartet wird die Ausgabe von "
                                "gh issue list --label fehlermeldung --json number,title,body,url,state.") from None
    if not isinstance(issues, list) or not all(isinstance(i, dict) for i in issues):
        raise ReportsUnreadable(f"{path}: erwartet wird eine Liste von Tickets (JSON-Objekte).")
    return issues


def open_reports(issues: list[dict], offers: list[Offer], data_path: str) -> list[ProviderReports]:
    """Open issues that name an offer's file, by provider (most reports first) and offer."""
    by_file = {data_file(o, data_path): o for o in offers}
    pattern = re.compile(rf"^\s*({re.escape(Path(data_path).name)}/[a-z0-9-]+/[a-z0-9-]+\.md)\s*$", re.M)
    found: dict[str, dict[str, tuple[Offer, list[Report]]]] = {}
    for issue in issues:
        if str(issue.get("state", "open")).casefold() != "open":
            continue
        for path in dict.fromkeys(pattern.findall(str(issue.get("body", "")))):
            offer = by_file.get(path)
            if offer is None:
                continue
            number = issue.get("number")
            report = Report(number if isinstance(number, int) else 0, str(issue.get("title", "")), str(issue.get("url", "")))
            found.setdefault(offer.provider.slug, {}).setdefault(offer.slug, (offer, []))[1].append(report)
    rows = []
    for offers_of in found.values():
        provider = next(iter(offers_of.values()))[0].provider
        rows.append(ProviderReports(provider, list(offers_of.values())))
    return sorted(rows, key=lambda r: (-r.count, r.provider.name.casefold()))
