"""make check, the freshness warnings, make report and the coverage page."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TODAY, VALID_PROVIDER, offer, read_page, run_build, run_check, write_data


@pytest.fixture
def data(tmp_path):
    """A provider with a fresh, a stale and an expiring offer; the folder is tmp_path/angebote."""
    write_data(tmp_path / "angebote", {
        "fz/traeger.yml": VALID_PROVIDER,
        "fz/frisch.md": offer(title="Frisches Angebot"),
        "fz/alt.md": offer(title="Altes Angebot", reviewed="2025-10-01"),
        "fz/endet.md": offer(title="Endendes Angebot", reviewed="2026-10-01\nvalid_until: 2027-01-10"),
        "fz/spaeter.md": offer(title="Späteres Angebot", reviewed="2026-10-01\nvalid_until: 2027-03-01"),
    })
    return tmp_path


def test_check_passes_and_names_stale_and_expiring_offers(data):
    result = run_check(data)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines == [
        "angebote/fz/alt.md:8: Hinweis: Zuletzt geprüft am 2025-10-01, vor über 12 Monaten: bitte beim Träger "
        "nachfragen und „reviewed“ aktualisieren.",
        "angebote/fz/endet.md:9: Hinweis: Läuft am 2027-01-10 ab (in 49 Tagen): danach erscheint das Angebot nicht "
        "mehr. Verlängern oder „valid_until“ ändern?",
    ]
    assert "4 Angebote von 1 Trägern, keine Fehler, 2 Hinweise." in result.stderr
    assert "::" not in result.stdout  # annotations only inside GitHub Actions


def test_check_reports_every_error_with_file_and_line(data):
    write_data(data / "angebote", {
        "fz/kaputt.md": offer(areas="[erziehnug]", age_from=7),
        "fz/leer.md": offer(summary=None),
    })
    result = run_check(data)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "angebote/fz/kaputt.md:4: Unbekannter Lebensbereich „erziehnug“. Meinten Sie „erziehung“? Erlaubt: "
        + result.stdout.split("Erlaubt: ")[1].split("\n")[0],
        "angebote/fz/kaputt.md:5: „age_from“ (7) muss kleiner als „age_to“ (3) sein. „age_to“ zählt nicht mehr mit: "
        "„age_to: 6“ heißt „bis zum 6. Geburtstag“.",
        "angebote/fz/leer.md:1: Pflichtfeld „summary“ fehlt.",
    ]
    assert "3 Fehler in den Angebotsdaten." in result.stderr


def test_check_annotates_the_pull_request_inside_github_actions(data):
    write_data(data / "angebote", {"fz/kaputt.md": offer(areas="[erziehnug]")})
    result = run_check(data, github=True)
    assert result.returncode == 1
    [annotation] = result.stdout.splitlines()  # only the workflow command, not the plain line too
    assert annotation.startswith("::error file=angebote/fz/kaputt.md,line=4,title=Angebotsdaten::Unbekannter Lebensbereich „erziehnug“.")
    # without errors, the freshness notices become warnings on the diff
    (data / "angebote/fz/kaputt.md").unlink()
    warnings = [line for line in run_check(data, github=True).stdout.splitlines() if line.startswith("::")]
    assert warnings == [
        "::warning file=angebote/fz/alt.md,line=8,title=Angebotsdaten::Zuletzt geprüft am 2025-10-01, vor über 12 "
        "Monaten: bitte beim Träger nachfragen und „reviewed“ aktualisieren.",
        "::warning file=angebote/fz/endet.md,line=9,title=Angebotsdaten::Läuft am 2027-01-10 ab (in 49 Tagen): danach "
        "erscheint das Angebot nicht mehr. Verlängern oder „valid_until“ ändern?",
    ]


def test_workflow_commands_escape_what_github_would_misread():
    sys.path.insert(0, str(ROOT / "tools"))
    from angebote.read.frontmatter import Problem
    from check import workflow_command

    problem = Problem("angebote/a,b/x:y.md", 3, "100% falsch\n::error file=README.md,line=1::zweite Zeile")
    # the line break is shown as the two characters \n, so GitHub sees one command, not two
    assert workflow_command("error", problem) == (
        "::error file=angebote/a%2Cb/x%3Ay.md,line=3,title=Angebotsdaten::100%25 falsch\\n::error file=README.md,line=1::zweite Zeile")


def test_build_warns_about_stale_and_expiring_offers(data, tmp_path):
    result = run_build(data / "angebote", tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    log = " ".join((result.stdout + result.stderr).split())
    assert "alt.md:8: Zuletzt geprüft am 2025-10-01, vor über 12 Monaten" in log
    assert "endet.md:9: Läuft am 2027-01-10 ab (in 49 Tagen)" in log
    assert "frisch.md" not in log and "spaeter.md" not in log


def test_report_lists_offers_to_ask_about_by_provider(data, tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/report.py"), "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "bericht"),
         "-e", f"ANGEBOTE_TAXONOMY={ROOT / 'taxonomie.yml'}", f"ANGEBOTE_THESAURUS={ROOT / 'suchwoerter.yml'}", f"ANGEBOTE_MAP={ROOT / 'karte.geojson'}", 'ANGEBOTE_COMPANION=""', f"ANGEBOTE_TODAY={TODAY.isoformat()}"],
        cwd=data, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "bericht/index.html").read_text(encoding="utf-8"), "html.parser")
    assert (tmp_path / "bericht/site.css").is_file()
    section = soup.select_one(".report-provider")
    assert section.h2.get_text() == "Familienzentrum Beispiel"
    rows = [" ".join(tr.get_text(" ").split()) for tr in section.select("tbody tr")]
    assert len(rows) == 2
    assert rows[0].startswith("Altes Angebot angebote/fz/alt.md zuletzt geprüft am 1. Oktober 2025 Erika Muster")
    assert rows[1].startswith("Endendes Angebot angebote/fz/endet.md läuft am 10. Januar 2027 ab Erika Muster")
    assert section.select_one('a[href="tel:+492541123456"]') and section.select_one('a[href="mailto:erika@example.org"]')
    link = section.select_one("tbody a")["href"]
    assert link == "https://github.com/kreis-coesfeld/netzwerk-angebote/blob/main/angebote/fz/alt.md"
    assert "1 Angebot länger als 12 Monate nicht geprüft, 1 Angebot läuft in den nächsten 60 Tagen ab" in soup.select_one(".lead").get_text()

    # data outside the repository (an absolute ANGEBOTE_PATH elsewhere): no link into the repository
    elsewhere = tmp_path.parent / f"{tmp_path.name}-anderswo"
    subprocess.run(["cp", "-r", str(data / "angebote"), str(elsewhere)], check=True)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/report.py"), "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "bericht2"),
         "-e", f"ANGEBOTE_TAXONOMY={ROOT / 'taxonomie.yml'}", f"ANGEBOTE_THESAURUS={ROOT / 'suchwoerter.yml'}", f"ANGEBOTE_MAP={ROOT / 'karte.geojson'}", 'ANGEBOTE_COMPANION=""', f"ANGEBOTE_TODAY={TODAY.isoformat()}", f"ANGEBOTE_PATH={elsewhere}"],
        cwd=data, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "bericht2/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".report-provider tbody a[href*=blob]") is None
    assert str(elsewhere / "fz/alt.md") in soup.get_text()


def run_report(data, output, *extra):
    return subprocess.run(
        [sys.executable, str(ROOT / "tools/report.py"), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
         "-e", f"ANGEBOTE_TAXONOMY={ROOT / 'taxonomie.yml'}", f"ANGEBOTE_THESAURUS={ROOT / 'suchwoerter.yml'}",
         f"ANGEBOTE_MAP={ROOT / 'karte.geojson'}", 'ANGEBOTE_COMPANION=""', f"ANGEBOTE_TODAY={TODAY.isoformat()}", *extra],
        cwd=data, capture_output=True, text=True,
    )


def test_report_names_reviews_falling_due_and_what_the_next_booklet_leaves_out(tmp_path):
    """As of 22 November 2026: a review due in 18 days (asked about, with the provider's contact
    where the offer names none), one in 45 days, one only next year; the booklet loses the stale
    one now, the others from the day after their year is over or they expire."""
    write_data(tmp_path / "angebote", {
        "fz/traeger.yml": VALID_PROVIDER + "contacts:\n- name: Paula Träger\n  phone: 02541 99999\n",
        "fz/bald.md": offer(title="Bald fälliges Angebot", reviewed="2025-12-10", contacts=None).replace(
            "  - name: Erika Muster\n    phone: 02541 123456\n    email: erika@example.org\n", ""),
        "fz/spaeter.md": offer(title="Später fälliges Angebot", reviewed="2026-01-06"),
        "fz/frisch.md": offer(title="Frisches Angebot", reviewed="2026-03-01"),
        "fz/alt.md": offer(title="Altes Angebot", reviewed="2025-10-01"),
        "fz/endet.md": offer(title="Endendes Angebot", reviewed="2026-10-01\nvalid_until: 2026-12-31"),
    })
    result = run_report(tmp_path, tmp_path / "bericht")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "bericht/index.html").read_text(encoding="utf-8"), "html.parser")
    lead = " ".join(soup.select_one(".lead").get_text().split())
    assert "Prüfung fällig in den nächsten 30 Tagen: 1, in 31 bis 60 Tagen: 1." in lead
    rows = [" ".join(tr.get_text(" ").split()) for tr in soup.select(".report-provider tbody tr")]
    assert rows[0].startswith("Altes Angebot") and "Frisches" not in " ".join(rows)
    assert rows[1].startswith("Bald fälliges Angebot angebote/fz/bald.md Prüfung fällig am 10. Dezember 2026"
                              + " (in 18 Tagen) Paula Träger")
    assert rows[2].startswith("Später fälliges Angebot angebote/fz/spaeter.md Prüfung fällig am 6. Januar 2027 (in 45 Tagen) Erika Muster")
    assert rows[3].startswith("Endendes Angebot")
    booklet = [" ".join(tr.get_text(" ").split()) for tr in soup.select(".report-booklet tbody tr")]
    assert [row.split(" angebote/")[0] for row in booklet] == [
        "Altes Angebot", "Bald fälliges Angebot", "Endendes Angebot", "Später fälliges Angebot"]
    assert "schon jetzt zuletzt geprüft am 1. Oktober 2025" in booklet[0]
    assert "11. Dezember 2026 zuletzt geprüft am 10. Dezember 2025" in booklet[1]
    assert "1. Januar 2027 läuft am 31. Dezember 2026 ab" in booklet[2]
    assert "7. Januar 2027" in booklet[3]

    # a county that prints stale offers too loses only what expires
    result = run_report(tmp_path, tmp_path / "bericht2", "ANGEBOTE_WEGWEISER_STALE=true")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "bericht2/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [tr.th.get_text(" ").split(" angebote/")[0] for tr in soup.select(".report-booklet tbody tr")] == ["Endendes Angebot"]


def test_review_due_is_the_last_day_before_the_offer_goes_stale():
    import datetime

    from angebote.reports import review_due
    from angebote.read.offers import one_year_before

    for reviewed in (datetime.date(2025, 12, 10), datetime.date(2024, 2, 29), datetime.date(2025, 3, 1)):
        due = review_due(reviewed)
        assert not reviewed < one_year_before(due)  # not stale on its last day …
        assert reviewed < one_year_before(due + datetime.timedelta(days=1))  # … stale the day after


def test_coverage_page_counts_offers_per_band_and_town_and_links_each_cell(tmp_path):
    data = write_data(tmp_path / "angebote", {
        "fz/traeger.yml": VALID_PROVIDER,
        # 0-3 and 3-6 (age 2 to 4), erziehung + bildung, in Coesfeld
        "fz/a.md": offer(title="Angebot A", age_from=2, age_to=4, areas="[erziehung, bildung]"),
        # 0-3, erziehung, county-wide
        "fz/b.md": offer(title="Angebot B", municipalities="[kreisweit]"),
    })
    result = run_build(data, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    soup = read_page(tmp_path / "out", "abdeckung/")
    bands, towns, town_bands = soup.select("table.coverage")[:3]  # the fourth: towns × programmes (test_programmes.py)

    def cell(table, row_label, column_label):
        columns = [th.get_text() for th in table.select("thead th")]
        row = next(tr for tr in table.select("tbody tr") if tr.th.contents[0].get_text().strip() == row_label)
        return row.select("td")[columns.index(column_label) - 1]

    assert cell(bands, "0 bis 3 Jahre", "Erziehung und Familie").get_text() == "2"
    assert cell(bands, "0 bis 3 Jahre", "Erziehung und Familie").a["href"] == "/alter/0-3/erziehung/"
    assert cell(bands, "3 bis 6 Jahre", "Bildung und Schule").get_text() == "1"
    gap = cell(bands, "10 bis 18 Jahre", "Erziehung und Familie")
    assert gap.a is None and gap.get_text() == "0 – Lücke" and gap["class"] == ["stufe-keins"]
    assert cell(bands, "0 bis 3 Jahre", "Erziehung und Familie")["class"] == ["stufe-wenige"]
    assert cell(towns, "Coesfeld", "Erziehung und Familie").get_text() == "1"
    assert cell(towns, "Coesfeld", "Erziehung und Familie").a["href"] == "/suche/#ort=coesfeld&bereich=erziehung"
    assert cell(towns, "Dülmen", "Erziehung und Familie").get_text() == "0 – Lücke"
    assert cell(towns, "Kreisweit", "Erziehung und Familie").get_text() == "1"
    # towns × age bands: "0 to 3 in Coesfeld" can be read off; county-wide offers in their own row, apart
    assert cell(town_bands, "Coesfeld", "0 bis 3 Jahre").get_text() == "1"
    assert cell(town_bands, "Coesfeld", "3 bis 6 Jahre").get_text() == "1"
    assert cell(town_bands, "Olfen", "0 bis 3 Jahre").get_text() == "0 – Lücke"
    assert cell(town_bands, "Kreisweit", "0 bis 3 Jahre").get_text() == "1"
    for table in (towns, town_bands):
        [county] = table.select("tbody.coverage-county tr")
        assert county.th.get_text(" ", strip=True) == "Kreisweit (zählt für jeden Ort)"
        assert table.select("tbody")[0].find(string="Kreisweit") is None

    # each table as a CSV file beside the page, read back: the same cells, the county-wide row last
    for table, link in zip(soup.select("table.coverage"), soup.select(".coverage-file a[download]")):
        with open(tmp_path / "out" / link["href"].lstrip("/"), encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        shown = [[th.get_text() for th in table.select("thead th")]]
        shown += [[tr.th.contents[0].get_text().strip()] + [td.get_text().split(" ")[0] for td in tr.select("td")]
                  for tr in table.select("tbody tr")]
        assert rows == shown, link["href"]
    with open(tmp_path / "out" / "ar" / "abdeckung" / "orte-alter.csv", encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle, delimiter=";"))[:2] == ["البلدة", "الحمل"]  # in the page's language


def test_coverage_csv_keeps_text_from_becoming_a_formula():
    """What a spreadsheet program would run (= + - @, a leading tab or carriage return) stays text
    behind an apostrophe; counts stay numbers. The coverage tables are written by csvfile.py like
every CSV file of the site. Read back with the csv module."""
    from angebote import csvfile

    rows = [["Ort", "=HYPERLINK(\"https://example.org\")", "+49 2541", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
             "\tTab", "\rZeile", "Gesundheit"], ["Olfen", 0, 3, -1, 12, 1, 2, 5]]
    back = list(csv.reader(io.StringIO(csvfile.text(rows, delimiter=";"), newline=""), delimiter=";"))
    assert back[0] == ["Ort", "'=HYPERLINK(\"https://example.org\")", "'+49 2541", "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)",
                       "'\tTab", "'\rZeile", "Gesundheit"]
    assert back[1] == ["Olfen", "0", "3", "-1", "12", "1", "2", "5"]
    assert csvfile.cell(-1) == "-1" and csvfile.cell("-1") == "-1"  # a plain number stays one (csvfile.py)
