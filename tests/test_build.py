"""Real builds of small offer folders: lists, order, paging, escaping, failures."""

from __future__ import annotations

import json
import urllib.parse
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from angebote.folders import write_file, write_folder
from search_reference import read_docs
from conftest import (ROOT, TODAY, VALID_PROVIDER, listed_offers, offer, offer_slugs, read_page, run_build, sample_translation, write_catalogue,
                      tree_fingerprint, write_data)


def titles(soup):
    return [a.get_text() for a in soup.select(".offer-item h2 a, .offer-item h3 a")]


@pytest.fixture(scope="module")
def boundary_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_data(root, {
        "fz/traeger.yml": VALID_PROVIDER,
        "fz/bis-drei.md": offer(title="Bis drei", age_from="0", age_to="3"),
        "fz/ab-drei.md": offer(title="Ab drei", age_from="3", age_to="6"),
        "fz/baby.md": offer(title="Baby", age_from="0.5", age_to="1"),
        "fz/jugend.md": offer(title="Jugend", age_from="10", age_to="27"),
        "fz/kreis.md": offer(title="Kreisweit", municipalities="[kreisweit]"),
        "fz/abgelaufen.md": offer(title="Abgelaufen", reviewed="2026-01-01\nvalid_until: 2026-11-21"),
        "fz/heute.md": offer(title="Gilt bis heute", reviewed="2026-01-01\nvalid_until: 2026-11-22"),
    })
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_build(root, output)
    assert result.returncode == 0, result.stderr
    return output


def test_band_boundaries(boundary_site):
    assert set(offer_slugs(read_page(boundary_site, "alter/0-3/"))) == {"bis-drei", "baby", "kreis", "heute"}
    assert set(offer_slugs(read_page(boundary_site, "alter/3-6/"))) == {"ab-drei"}
    assert set(offer_slugs(read_page(boundary_site, "alter/10-18/"))) == set(offer_slugs(read_page(boundary_site, "alter/18-27/"))) == {"jugend"}
    assert offer_slugs(read_page(boundary_site, "alter/6-10/")) == []


def test_county_wide_offer_on_every_town_page(boundary_site):
    towns = [p.parent.name for p in (boundary_site / "orte").glob("*/index.html")]
    assert len(towns) == 12
    for town in towns:
        assert "kreis" in offer_slugs(read_page(boundary_site, f"orte/{town}/")), town
    assert set(offer_slugs(read_page(boundary_site, "orte/kreisweit/"))) == {"kreis"}
    assert "bis-drei" not in offer_slugs(read_page(boundary_site, "orte/olfen/"))


def test_expired_offer_nowhere_but_last_day_still_shown(boundary_site):
    assert not (boundary_site / "angebote/abgelaufen").exists()
    assert (boundary_site / "angebote/heute/index.html").exists()
    everything = " ".join(p.read_text(encoding="utf-8") for p in boundary_site.rglob("*") if p.suffix in (".html", ".vcf"))
    assert "Abgelaufen" not in everything and "abgelaufen" not in everything


def test_german_sort_order(tmp_path):
    names = ["Zebra-Kurs", "Übungsgruppe", "Ärztliche Sprechstunde", "apfel-Treff", "Apfelgarten", "Straßenfest", "Strand-Tag", "Ofen-Café", "Öl-Malerei", "Uhrenwerkstatt"]
    files = {"fz/traeger.yml": VALID_PROVIDER}
    for index, name in enumerate(names):
        files[f"fz/k{index}.md"] = offer(title=f'"{name}"')
    write_data(tmp_path / "data", files)
    result = run_build(tmp_path / "data", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    expected = ["apfel-Treff", "Apfelgarten", "Ärztliche Sprechstunde", "Ofen-Café", "Öl-Malerei",
                "Strand-Tag", "Straßenfest", "Übungsgruppe", "Uhrenwerkstatt", "Zebra-Kurs"]
    assert titles(read_page(tmp_path / "out", "traeger/fz/")) == expected
    assert titles(read_page(tmp_path / "out", "alter/0-3/erziehung/")) == expected


def test_long_groups_link_to_paginated_lists(tmp_path):
    files = {"fz/traeger.yml": VALID_PROVIDER}
    for index in range(5):
        files[f"fz/k{index}.md"] = offer(title=f"Kurs {index}")
    write_data(tmp_path / "data", files)
    result = run_build(tmp_path / "data", tmp_path / "out", "ANGEBOTE_GROUP_LIMIT=2", "ANGEBOTE_PER_PAGE=2")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    facet = read_page(site, "alter/0-3/")
    assert titles(facet) == ["Kurs 0", "Kurs 1"]
    more = facet.select_one(".more a")
    assert more["href"] == "/alter/0-3/erziehung/" and "Alle 5 Angebote" in more.get_text()
    pages = [titles(read_page(site, url)) for url in ("alter/0-3/erziehung/", "alter/0-3/erziehung/2/", "alter/0-3/erziehung/3/")]
    assert pages == [["Kurs 0", "Kurs 1"], ["Kurs 2", "Kurs 3"], ["Kurs 4"]]
    middle = read_page(site, "alter/0-3/erziehung/2/")
    assert middle.select_one("a[rel=prev]")["href"] == "/alter/0-3/erziehung/"
    assert middle.select_one("a[rel=next]")["href"] == "/alter/0-3/erziehung/3/"
    assert not (site / "alter/0-3/erziehung/4").exists()
    # the area page links to the same list instead of writing it twice
    assert read_page(site, "bereiche/erziehung/").select_one(".more a")["href"] == "/alter/0-3/erziehung/"
    assert not (site / "bereiche/erziehung/0-3").exists()
    crumbs = [a["href"] for a in middle.select(".breadcrumb a")]
    assert crumbs == ["/alter/0-3/", "/bereiche/erziehung/"]


def test_provider_text_is_escaped_and_sanitised(tmp_path):
    hostile = offer(
        title='"<script>alert(1)</script>Kurs"',
        summary='"<img src=x onerror=alert(1)> Ein Kurs für alle Eltern."',
    ).replace(
        "Erika Muster", '"<b onclick=alert(1)>Erika</b>"').replace(
        "Beschreibung des Treffs.",
        '<script>alert(2)</script>\n\n<a href="javascript:alert(3)">klick</a> '
        '<p onmouseover="alert(4)">Text</p> [Link](javascript:alert(5)) [gut](https://example.org)',
    )
    write_data(tmp_path / "data", {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": hostile})
    write_catalogue(tmp_path / "po", "en", [("kurs", "title", "<script>alert(1)</script>Kurs", "<svg onload=alert(6)>Course"),
                                            ("kurs", "description", "[gut](https://example.org)", "[good](https://example.org)")])
    result = run_build(tmp_path / "data", tmp_path / "out", f'ANGEBOTE_OFFER_TRANSLATIONS="{tmp_path / "po"}"')
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/angebote/kurs/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # only the site's own scripts, none inline and none from the offer; besides them the page's
    # JSON-LD data block, which the browser does not run
    assert [s["src"] for s in soup.find_all("script", src=True)] == ["/theme/js/suchfeld.js", "/theme/js/merkliste.js",
                                                                   "/theme/js/offline.js"]
    assert [s["type"] for s in soup.find_all("script", src=False)] == ["application/ld+json"]
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Kurs" in html
    assert soup.find("a", href="https://example.org", string="gut")
    # the English page with the provider's English title, and the search's document store
    english = BeautifulSoup((tmp_path / "out/en/angebote/kurs/index.html").read_text(encoding="utf-8"), "html.parser")
    assert english.h1.get_text() == "<svg onload=alert(6)>Course" and english.find("svg") is None
    [row] = [doc for doc in read_docs(tmp_path / "out/en/suche/index.json") if doc["u"] == "kurs"]
    assert row["t"] == "<svg onload=alert(6)>Course"  # as text: the search page sets it as a text node


def test_failed_build_reports_every_error_and_keeps_the_old_site(tmp_path):
    data = write_data(tmp_path / "data", {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer()})
    output = tmp_path / "output"
    assert run_build(data, output).returncode == 0
    before = tree_fingerprint(output)
    write_data(data, {
        "fz/kurs.md": offer(areas="[gesundhiet]"),
        "fz/zwei.md": offer(reviewed="2026-02-30"),
    })
    result = run_build(data, output)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert f"{data}/fz/kurs.md:4: Unbekannter Lebensbereich „gesundhiet“. Meinten Sie „gesundheit“? " \
           f"Erlaubt: gesundheit, erziehung, betreuung, bildung, sprache, ausbildung, arbeit, beratung, finanzen, " \
           f"freizeit, inklusion, integration, wohnen." in lines
    assert any(re.fullmatch(rf"{re.escape(str(data))}/fz/zwei\.md:8: „reviewed“: .*", line) for line in lines)
    assert "Build fehlgeschlagen" in result.stderr
    assert tree_fingerprint(output) == before
    assert not (tmp_path / "output.neu").exists()


def _contents(folder: Path) -> dict[str, str]:
    return {name: digest for name, (digest, _) in tree_fingerprint(folder).items()}


def test_a_build_into_the_previous_site_is_the_same_as_into_an_empty_folder(tmp_path):
    """make html writes the next site into the previous one (output.alt), over its files: what this
    build did not write (a gone offer's pages, a stray file) goes, folders left empty too; a file
    linked from elsewhere is not written through; and a failed build's folder is taken next time."""
    data = write_data(tmp_path / "data", {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer(),
                                          "fz/zwei.md": offer(title="Zweiter Kurs")})
    output, previous = tmp_path / "output", tmp_path / "output.alt"
    for _ in range(2):
        assert run_build(data, output).returncode == 0
    gone_page = previous / "angebote/zwei/index.html"
    assert gone_page.is_file()
    kept_page = previous / "angebote/kurs/index.html"
    inode = kept_page.stat().st_ino
    (previous / "alt/nur-hier").mkdir(parents=True)
    (previous / "alt/nur-hier/datei.txt").write_text("von früher", encoding="utf-8")
    outside = tmp_path / "draussen.txt"
    outside.write_text("bleibt", encoding="utf-8")
    (previous / "index.html").unlink()
    (previous / "index.html").hardlink_to(outside)
    (data / "fz/zwei.md").unlink()
    write_data(data, {"fz/drei.md": offer(title="Dritter Kurs")})

    assert run_build(data, output).returncode == 0
    assert (output / "angebote/kurs/index.html").stat().st_ino == inode  # written over, not anew
    assert not (output / "angebote/zwei").exists() and not (output / "alt").exists()
    assert outside.read_text(encoding="utf-8") == "bleibt"
    empty = tmp_path / "leer"
    assert run_build(data, empty).returncode == 0
    assert _contents(output) == _contents(empty)
    assert "angebote/drei/index.html" in _contents(output)

    broken = offer(areas="[gesundhiet]")
    write_data(data, {"fz/kurs.md": broken})
    assert run_build(data, output).returncode != 0
    assert previous.is_dir() and not (tmp_path / "output.neu").exists()  # the failed build's folder, for the next
    write_data(data, {"fz/kurs.md": offer(summary="Neu beschrieben")})
    assert run_build(data, output).returncode == 0
    assert run_build(data, empty).returncode == 0
    assert _contents(output) == _contents(empty)


def test_a_file_is_written_over_in_place_and_only_touched_where_it_holds_the_same(tmp_path):
    """build.write_file: a new file is made; an existing one keeps its inode, gets exactly the new
    bytes (longer, shorter, none), and its change time moves on even where the bytes were the same
    (tools/build_site.py's sweep keeps what the build wrote by that time)."""
    path = tmp_path / "seite/index.html"
    path.parent.mkdir()
    write_file(str(path), b"eins zwei drei")
    inode = path.stat().st_ino
    for data in (b"eins zwei drei", b"vier", b"vier", b"", "fünf, und mehr als zuvor".encode()):
        before = path.stat().st_ctime_ns
        time.sleep(0.02)  # (the kernel's clock for file times moves in steps of a few ms)
        write_file(str(path), data)
        assert path.read_bytes() == data and path.stat().st_ino == inode and path.stat().st_ctime_ns > before, data


def test_a_folder_written_whole_loses_what_was_not_written_again(tmp_path):
    """build.write_folder, as the vCards, the HSDS files and the search's parts use it: written again
    with fewer files, the files not written go, and the folders left empty; the others stay as they are."""
    folder = tmp_path / "hsds"
    write_folder(folder, ((name, name.encode()) for name in ("index.json", "services/a.json", "services/b.json", "locations/x.json")))
    write_folder(folder, ((name, name.encode()) for name in ("index.json", "services/a.json")))
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == ["index.json", "services", "services/a.json"]
    assert (folder / "services/a.json").read_bytes() == b"services/a.json"


def _built_site_and_a_theme_to_break(tmp_path: Path) -> tuple[Path, Path, dict, Path]:
    """A site built from one offer (data, output, its fingerprint) and a copy of the theme."""
    data = write_data(tmp_path / "data", {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer()})
    output = tmp_path / "output"
    assert run_build(data, output).returncode == 0
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    return data, output, tree_fingerprint(output), theme


def test_build_failing_while_writing_keeps_the_old_site(tmp_path):
    data, output, before, theme = _built_site_and_a_theme_to_break(tmp_path)
    # The offer page template breaks only after other pages were written.
    (theme / "templates/angebot.html").write_text("{{ offer.title.no_such_thing() }}", encoding="utf-8")
    result = run_build(data, output, f'THEME="{theme}"')
    assert result.returncode != 0
    assert tree_fingerprint(output) == before
    assert not (tmp_path / "output.neu").exists()


def test_first_build_with_errors_leaves_no_output(tmp_path):
    data = write_data(tmp_path / "data", {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer(title=None)})
    result = run_build(data, tmp_path / "output")
    assert result.returncode != 0
    assert "Pflichtfeld „title“ fehlt." in result.stderr
    assert not (tmp_path / "output").exists() and not (tmp_path / "output.neu").exists()


def test_failure_in_the_parallel_worker_fails_the_build(tmp_path):
    """Search index, vCards and open data are written by a second process; its failure must not pass unseen."""
    data = write_data(tmp_path / "data", {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer()})
    output = tmp_path / "output"
    assert run_build(data, output).returncode == 0
    before = tree_fingerprint(output)
    result = run_build(data, output, f'ANGEBOTE_NODE_MODULES="{tmp_path / "fehlt"}"')
    assert result.returncode != 0
    said = " ".join((result.stdout + result.stderr).split())  # Pelican logs to stdout and wraps lines
    assert "die npm-Pakete sind nicht installiert" in said
    assert "Suchindex, Visitenkarten und offene Daten konnten nicht geschrieben werden" in said
    assert tree_fingerprint(output) == before


def test_pages_rendered_by_several_processes_are_the_same_bytes_as_by_one(tmp_path):
    """The languages are rendered side by side in forked processes: whatever their number, every
    file of the site (pages, sitemap, search files, open data) is the same."""
    sites = {}
    for processes in (1, 2, 3):
        output = tmp_path / f"site-{processes}"
        result = run_build(None, output, f"ANGEBOTE_RENDER_PROCESSES={processes}", 'SITEURL="https://example.org"')
        assert result.returncode == 0, result.stderr
        sites[processes] = {name: digest for name, (digest, _) in tree_fingerprint(output).items()}
    assert len(sites[1]) > 500 and "sitemap.xml" in sites[1] and "ar/index.html" in sites[1]
    assert sites[2] == sites[1]
    assert sites[3] == sites[1]


def test_pages_rendered_once_for_all_languages_are_the_same_bytes_as_rendered_in_each(tmp_path):
    """Offer, list, facet, provider and town contact pages are rendered once and filled in per language
    (neutral.py): every file is the same as when each page is rendered in each language."""
    # the sample data, and an offer whose texts hold what JSON and URLs escape (its JSON-LD and
    # report links are made once for all languages too: neutral.json_marks, Words.encoded)
    data = tmp_path / "angebote"
    shutil.copytree(ROOT / "angebote", data)
    tricky = 'Kurs „A&B“ </script> \\u0000 \\\\ 100 % "x"'
    (data / "familienbildungsstaette-coesfeld/knifflig.md").write_text(offer(
        title=f"'{tricky} de'", reviewed=f"2026-10-01\ncost: '{tricky} €'"),
        encoding="utf-8")  # the title differs by language, the cost does not
    catalogues = tmp_path / "po"
    shutil.copytree(ROOT / "uebersetzungen", catalogues)
    write_catalogue(catalogues, "en", [("knifflig", "title", tricky + " de", tricky + " en")])
    sites = {}
    for once in ("true", "false"):
        output = tmp_path / f"site-{once}"
        result = run_build(data, output, f"ANGEBOTE_RENDER_ONCE={once}", 'SITEURL="https://example.org"',
                           'ANGEBOTE_CORRECTIONS_EMAIL="fehler@example.org"', f'ANGEBOTE_OFFER_TRANSLATIONS="{catalogues}"')
        assert result.returncode == 0, result.stderr
        sites[once] = {name: digest for name, (digest, _) in tree_fingerprint(output).items()}
    assert len(sites["true"]) > 500 and "ar/angebote/pekip-kurs/index.html" in sites["true"]
    assert sites["true"] == sites["false"]
    page = (tmp_path / "site-true/ar/angebote/pekip-kurs/index.html").read_text(encoding="utf-8")
    assert "\x00" not in page and 'lang="ar" dir="rtl"' in page and "mailto:fehler@example.org?" in page
    page = (tmp_path / "site-true/en/angebote/knifflig/index.html").read_text(encoding="utf-8")
    [data_block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    assert json.loads(data_block)["name"] == tricky + " en" and json.loads(data_block)["offers"]["description"] == tricky + " €"
    assert "%5Cu0000%20%5C%5C%20100%20%25%20%22x%22%20en" in page  # in the report's subject, percent-encoded


def test_report_titles_without_the_offer_title_once_are_filled_in_per_offer(tmp_path):
    """The report's title is made once for all languages as its words around the offer's title, where
    every language has the title in it once; a language that has it twice or not at all is filled
    in per offer: the same bytes either way."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    for lang, subject in (("en", "Report: %(title)s (%(title)s)"), ("tr", "Hata bildir")):
        po = theme / "translations" / lang / "LC_MESSAGES" / "messages.po"
        text = po.read_text(encoding="utf-8")
        start = text.index('msgid "Fehler melden: %(title)s"\nmsgstr "') + len('msgid "Fehler melden: %(title)s"\nmsgstr "')
        po.write_text(text[:start] + subject + text[text.index('"', start):], encoding="utf-8")
    sites = {}
    for once in ("true", "false"):
        output = tmp_path / f"site-{once}"
        result = run_build(None, output, f"ANGEBOTE_RENDER_ONCE={once}", f'THEME="{theme}"',
                           'ANGEBOTE_CORRECTIONS_EMAIL="fehler@example.org"')
        assert result.returncode == 0, result.stderr
        sites[once] = {name: digest for name, (digest, _) in tree_fingerprint(output).items()}
    assert sites["true"] == sites["false"]
    page = (tmp_path / "site-true/en/angebote/pekip-kurs/index.html").read_text(encoding="utf-8")
    title = urllib.parse.quote(sample_translation("en", "pekip-kurs", "title"), safe="")  # the sample's English title
    assert f"?subject=Report%3A%20{title}%20%28{title}%29&amp;" in page
    page = (tmp_path / "site-true/tr/angebote/pekip-kurs/index.html").read_text(encoding="utf-8")
    assert "?subject=Hata%20bildir&amp;" in page


def test_a_page_rendered_once_that_compares_the_language_fails_the_build_and_keeps_the_site(tmp_path):
    """A mark compared (here LANG in angebot.html) would give every language the same answer: the
    build says so in German instead of writing wrong pages."""
    data, output, before, theme = _built_site_and_a_theme_to_break(tmp_path)
    page = theme / "templates/angebot.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}{% if LANG == "ar" %}<p>Arabisch</p>{% endif %}'), encoding="utf-8")
    result = run_build(data, output, f'THEME="{theme}"')
    assert result.returncode != 0
    said = " ".join((result.stdout + result.stderr).split())
    assert "in einer für alle Sprachen gerenderten Seite nicht" in said
    assert f"{theme}/templates/angebot.html:7:" in said  # the line of the comparison
    assert tree_fingerprint(output) == before


def test_failure_in_a_language_rendered_by_another_process_fails_the_build(tmp_path):
    data, output, before, theme = _built_site_and_a_theme_to_break(tmp_path)
    page = theme / "templates/initiative.html"  # rendered in each language (not once for all: RENDERED_ONCE)
    # Arabic is in the second of two shares (de, tr, uk | en, ar, ru): a forked process renders it.
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}{% if LANG == "ar" %}{{ offer.title.no_such_thing() }}{% endif %}'),
        encoding="utf-8")
    result = run_build(data, output, f'THEME="{theme}"', "ANGEBOTE_RENDER_PROCESSES=2")
    assert result.returncode != 0
    said = " ".join((result.stdout + result.stderr).split())
    assert "no_such_thing" in said and "Seiten konnten nicht geschrieben werden" in said
    assert tree_fingerprint(output) == before


def _processes_naming(text: str) -> list[int]:
    """Live processes whose command line names text (Linux /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_bytes().decode("utf-8", "replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _start_build(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    output = tmp_path / "output"
    (output).mkdir()
    (output / "index.html").write_text("alt", encoding="utf-8")
    build = subprocess.Popen([sys.executable, "tools/build_site.py", "-o", str(output), "-e", f'ANGEBOTE_TODAY="{TODAY}"'],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    fresh = tmp_path / "output.neu"
    deadline = time.monotonic() + 60
    while not (fresh / "angebote").exists():  # Pelican is writing pages
        assert build.poll() is None and time.monotonic() < deadline, build.stderr.read() if build.poll() else "zu langsam"
        time.sleep(0.05)
    return build, fresh


def _gone(pattern: str, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while _processes_naming(pattern) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _processes_naming(pattern)


def test_stopped_build_stops_pelican_and_leaves_the_old_site(tmp_path):
    build, fresh = _start_build(tmp_path)
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=60) == 128 + signal.SIGTERM
    assert "Build abgebrochen" in build.stderr.read()
    assert _gone(str(fresh)), "Pelican oder sein Helfer läuft noch"
    assert not fresh.exists()
    assert (tmp_path / "output/index.html").read_text(encoding="utf-8") == "alt"


def test_killed_build_takes_pelican_with_it(tmp_path):
    build, fresh = _start_build(tmp_path)
    build.kill()  # SIGKILL: no handler runs; the kernel stops the child (PR_SET_PDEATHSIG)
    build.wait(timeout=60)
    assert _gone(str(fresh)), "Pelican schreibt nach dem Ende von build_site.py weiter"
    assert (tmp_path / "output/index.html").read_text(encoding="utf-8") == "alt"
    # the next build clears what the killed one left
    assert run_build(None, tmp_path / "output").returncode == 0
    assert not fresh.exists()


def _lead_count(soup) -> int:
    return int(re.match(r"\d+", soup.select_one("p.lead").get_text().strip()).group())


def _facet_pages(site: Path) -> list[str]:
    return [f"{kind}/{p.parent.name}/" for kind in ("alter", "bereiche", "orte") for p in (site / kind).glob("*/index.html")]


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory):
    """Offers at the edges of the age bands, with short groups so that lists are cut."""
    root = tmp_path_factory.mktemp("rand")
    files = {"fz/traeger.yml": VALID_PROVIDER}
    ages = {"erwachsene": ("27", "99"), "ab-18": ("18", "99"), "alle": ("0", "99"), "dreissig": ("30", "40"),
            "jung": ("18", "27"), "baby": ("0", "1")}
    for slug, (start, end) in ages.items():
        files[f"fz/{slug}.md"] = offer(title=f"Angebot {slug}", age_from=start, age_to=end, areas="[beratung, finanzen]")
    files["fz/schwanger.md"] = offer(title="Nur Schwangerschaft", age_from=None, age_to=None,
                                     reviewed="2026-10-01\npregnancy: true")
    write_data(root, files)
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_build(root, output, "ANGEBOTE_GROUP_LIMIT=2", "ANGEBOTE_PER_PAGE=2")
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize("which", ["sample", "edge"])
def test_every_facet_page_lists_what_its_heading_counts(sample_site, edge_site, which):
    site = sample_site if which == "sample" else edge_site
    pages = _facet_pages(site)
    assert len(pages) > 20
    wrong = {}
    for url in pages:
        soup = read_page(site, url)
        listed = listed_offers(site, soup)
        if len(listed) != _lead_count(soup):
            wrong[url] = (_lead_count(soup), len(listed))
    assert wrong == {}


def test_offers_for_adults_have_their_band(edge_site):
    """An offer for adults of any age (27 to 99) is in the open band "Eltern und Erwachsene": on the
    area pages, in the coverage matrix and in the search's age choice."""
    adults = listed_offers(edge_site, read_page(edge_site, "alter/erwachsene/"))
    assert adults == {"erwachsene", "ab-18", "alle", "dreissig"}  # not "jung" (18 to 27), not "baby"
    area = read_page(edge_site, "bereiche/finanzen/")
    assert area.select_one("#erwachsene").get_text() == "Eltern und Erwachsene"
    rows = [tr.th.get_text() for tr in read_page(edge_site, "abdeckung/").select("table.coverage")[0].select("tbody tr")]
    assert "Eltern und Erwachsene" in rows
    choices = read_page(edge_site, "suche/").select("#alter option")
    assert [o.get_text() for o in choices][-1] == "Eltern und Erwachsene" and choices[-1]["value"] == "27"
    assert len(choices) == 2 + 27 + 1  # any, pregnant, 0 to 26 years, the open band
