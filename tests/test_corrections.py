"""Fehler melden: every offer page links a prefilled GitHub issue (and an e-mail where set), and
make report counts the open reports per provider from a saved list of issues."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, TODAY, VALID_PROVIDER, offer, read_page, run_build, write_data

from angebote.settings import read_settings  # noqa: E402
from angebote.read import read_directory  # noqa: E402

REPOSITORY = "https://github.com/kreis-coesfeld/netzwerk-angebote"


@pytest.fixture(scope="module")
def directory():
    return read_directory(read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"]))


def report_links(site, url):
    section = read_page(site, url).find(id="fehler").find_parent("section")
    return {a.get_text(strip=True): a["href"] for a in section.find_all("a")}


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_offer_page_links_a_prefilled_report(sample_site, directory, lang):
    prefix = "" if lang == "de" else f"{lang}/"
    for item in directory.offers:
        links = list(report_links(sample_site, prefix + item.url_path).values())
        issue, mail = (next(link for link in links if link.startswith(start)) for start in (f"{REPOSITORY}/issues/new?", "mailto:"))
        query = parse_qs(urlsplit(issue).query)
        assert query["labels"] == ["fehlermeldung"]
        assert item.text_in("title", lang, "de")[0] in query["title"][0]
        body = query["body"][0]
        path = f"angebote/{item.provider.slug}/{item.slug}.md"
        assert path in body.splitlines() and (ROOT / path).exists()
        assert f"https://kreis-coesfeld.github.io/netzwerk-angebote/{prefix}{item.url_path}" in body
        assert body.count("- [ ] ") == 5
        assert urlsplit(mail).path == "netzwerk@kreis-coesfeld.example.org"
        mail_query = parse_qs(urlsplit(mail).query)
        assert mail_query["subject"] == query["title"] and mail_query["body"] == query["body"]


def test_without_repository_or_address_there_is_no_report_link(tmp_path):
    data = write_data(tmp_path / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    result = run_build(data, tmp_path / "site", 'ANGEBOTE_REPOSITORY=""', 'ANGEBOTE_CORRECTIONS_EMAIL=""', 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    assert read_page(tmp_path / "site", "angebote/a/").find(id="fehler") is None


def run_report(tmp_path, tickets) -> subprocess.CompletedProcess:
    path = tmp_path / "tickets.json"
    path.write_text(tickets if isinstance(tickets, str) else json.dumps(tickets), encoding="utf-8")
    return subprocess.run([sys.executable, "tools/report.py", "-o", str(tmp_path / "bericht"), "--meldungen", str(path),
                           "-e", f"ANGEBOTE_TODAY={TODAY.isoformat()}"], cwd=ROOT, capture_output=True, text=True)


def test_make_report_counts_the_open_reports_per_provider(sample_site, tmp_path):
    # the text a reporter sends is the text the site's link fills in
    body = parse_qs(urlsplit(next(v for v in report_links(sample_site, "angebote/pekip-kurs/").values() if "/issues/" in v)).query)["body"][0]
    other = body.replace("angebote/familienbildungsstaette-coesfeld/pekip-kurs.md", "angebote/caritas-coesfeld/elterncafe-duelmen.md")
    tickets = [
        {"number": 12, "title": "PEKiP", "body": body, "url": f"{REPOSITORY}/issues/12", "state": "OPEN"},
        {"number": 13, "title": "PEKiP again", "body": body, "url": f"{REPOSITORY}/issues/13", "state": "OPEN"},
        {"number": 14, "title": "Elterncafé", "body": other, "url": f"{REPOSITORY}/issues/14", "state": "OPEN"},
        {"number": 9, "title": "done", "body": body, "url": f"{REPOSITORY}/issues/9", "state": "CLOSED"},
        {"number": 15, "title": "unrelated", "body": "angebote/gibt-es/nicht.md", "url": "", "state": "OPEN"},
    ]
    result = run_report(tmp_path, tickets)
    assert result.returncode == 0, result.stderr
    page = read_page(tmp_path / "bericht", "")
    rows = page.find(id="meldungen").find_parent("section").select("tbody tr")
    assert [(r.th.get_text(strip=True), r.select("td")[0].get_text(strip=True)) for r in rows] == [
        ("Familienbildungsstätte Coesfeld", "2"), ("Caritasverband für den Kreis Coesfeld e. V.", "1")]
    assert [a["href"] for a in rows[0].select("a[href*='/issues/']")] == [f"{REPOSITORY}/issues/12", f"{REPOSITORY}/issues/13"]


@pytest.mark.parametrize("tickets, message", [
    ("{kein json", "keine JSON-Liste von Tickets"),
    ('{"number": 1}', "erwartet wird eine Liste von Tickets"),
])
def test_an_unreadable_list_of_issues_is_a_german_error(tmp_path, tickets, message):
    result = run_report(tmp_path, tickets)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "bericht").exists()
