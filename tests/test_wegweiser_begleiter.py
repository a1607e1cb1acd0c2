"""The parents' companion in the printed Familienwegweiser (plugins/angebote/booklet_companion.py):
real PDFs from tools/wegweiser.py in German and Arabic, read back with pypdf page by page: the help
numbers inside the cover, the checklist after birth, the check-up table, the milestones opening the
age chapters and the subject index, whose page numbers are the pages where each entry stands."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import icu
import pytest
from conftest import ROOT, TODAY
from pypdf import PdfReader
from test_wegweiser import LANGS, TOWN, outline, page_texts, run_wegweiser

from angebote.read import read_directory  # noqa: E402
from angebote.settings import read_settings  # noqa: E402
from angebote.templating import translations  # noqa: E402

THEME = str(ROOT / "theme")


@pytest.fixture(scope="module")
def booklets(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("begleiter") / "wegweiser"
    result = run_wegweiser(output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def directory():
    return read_directory(read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"]))


@pytest.fixture(scope="module")
def companion(directory):
    assert directory.companion is not None
    return directory.companion


def texts_of(booklets: Path, lang: str, slug: str) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(booklets / lang / f"{slug}.pdf")
    # words the layout hyphenated at a line's end come back whole
    return reader, [text.replace("\u2010 ", "") for text in page_texts(reader)]


def words(text: str) -> list[str]:
    """A text's words (Arabic or Latin letters and digits), for finding it in an extracted page
    whatever the order the bidi runs come out in."""
    return re.findall(r"[\w\u0600-\u06FF]+", text)


# Arabic short vowels and tanween: text extraction may put them on either side of a letter
# ("ليلًا" comes out as "ليلاً"), so the words are compared without them; and the PDF's text layer
# loses the yeh with hamza above ("أسئلة" comes back "أسلة", though the page shows it: the glyph is
# drawn from two, and only one has a Unicode mapping), so it is left out on both sides too
_MARKS = re.compile("[\u064B-\u0652\u0670\u0626]")


# The lam-alef ligature comes back from the text layer with its two letters swapped ("الأول" as
# "األول", "إبلاغ" as "إبالغ"): a word with one is not looked for.
_LAM_ALEF = re.compile("\u0644[\u0622\u0623\u0625\u0627]")


def holds(page: str, text: str) -> bool:
    page = _MARKS.sub("", page)
    return all(_MARKS.sub("", word) in page for word in words(text) if not _LAM_ALEF.search(_MARKS.sub("", word)))


def section_pages(reader: PdfReader, heading: str) -> list[int]:
    """The pages (1-based) of the chapter whose h2 is ``heading``: from its start to the next h2's."""
    starts = [(title, page) for level, title, page in outline(reader) if level == 1]
    index = next(i for i, (title, _) in enumerate(starts) if title == heading)
    end = starts[index + 1][1] if index + 1 < len(starts) else len(reader.pages) + 1
    return list(range(starts[index][1], max(end, starts[index][1] + 1)))


def pdftotext(path: Path, pages: list[int]) -> str:
    """The pages' text as poppler's pdftotext reads it: a table's cells apart, each on its own (without
    the bidi embeddings it puts around each right-to-left and left-to-right run)."""
    text = subprocess.run(["pdftotext", "-f", str(pages[0]), "-l", str(pages[-1]), str(path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout.replace("\u2010\n", "")
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def _(lang: str, text: str) -> str:
    return translations(THEME, lang).gettext(text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["kreis", TOWN])
def test_the_help_numbers_stand_inside_the_front_cover_then_the_welcome(booklets, companion, lang, slug):
    _reader, texts = texts_of(booklets, lang, slug)
    inside = texts[1]
    for number in ("112", "110", "116 117", "0228 19240", "116 016", "116 111"):
        assert number in inside, number
    for found in companion.help_numbers:
        assert found.number in inside and holds(inside, found.text_in("name", lang, "de")[0]), found.slug
        assert holds(inside, found.text_in("text", lang, "de")[0]), found.slug
    welcome = texts[2]
    assert holds(welcome, companion.welcome.text_in("title", lang, "de")[0])
    assert holds(welcome, companion.welcome.text_in("signature", lang, "de")[0])
    if lang == "ar":  # German texts on the Arabic pages say so, in Arabic
        assert companion.welcome.translations.get("ar") or "بالألمانية" in welcome


@pytest.mark.parametrize("lang", LANGS)
def test_the_checklist_after_birth_names_each_step_with_its_deadline_and_the_towns_office(booklets, companion, lang):
    checklist = [m for m in companion.milestones if m.checklist]
    assert {"geburt-anzeigen", "kindergeld", "elterngeld", "krankenversicherung"} <= {m.slug for m in checklist}
    for slug in ("kreis", TOWN):
        reader, texts = texts_of(booklets, lang, slug)
        pages = section_pages(reader, _(lang, "Checkliste nach der Geburt"))
        text = " ".join(texts[p - 1] for p in pages)
        for milestone in checklist:
            assert holds(text, milestone.text_in("title", lang, "de")[0]), milestone.slug
        registry = next(m.office for m in checklist if m.slug == "geburt-anzeigen")
        if slug == TOWN:  # the town's own Standesamt with its address
            place = registry.towns[TOWN]
            assert "Standesamt im Rathaus Coesfeld" in text and place.address in text
            assert registry.towns["duelmen"].address not in text
        else:  # the county's booklet refers to each town's Standesamt among the offices
            offices = section_pages(reader, _(lang, "Ämter und Stellen, die helfen"))
            assert re.search(rf"(^|\D){offices[0]}(\D|$)", text)
            if lang == "de":
                assert f"Standesamt – siehe S. {offices[0]}" in text
            listed = " ".join(texts[p - 1] for p in offices)
            assert all(place.address in listed for place in registry.towns.values())
        if lang == "de":
            assert "Innerhalb von 1 Woche nach der Geburt" in text
            assert "Familienkasse der Bundesagentur für Arbeit" in text and "0800 4 5555 30" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_check_up_table_lists_every_check_up_with_its_window_and_lines_to_write(booklets, companion, lang):
    reader, _texts = texts_of(booklets, lang, TOWN)
    pages = section_pages(reader, _(lang, "Vorsorgeuntersuchungen"))
    text = " ".join(pdftotext(booklets / lang / f"{TOWN}.pdf", pages).split())
    checkups = [m for m in companion.milestones if m.kind == "untersuchung"]
    titles = [m.text_in("title", lang, "de")[0] for m in checkups]
    for name in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U7a", "U8", "U9", "J1"):
        assert re.search(rf"(?<![A-Za-z0-9]){name}(?![0-9a-z])", text), name  # (U7 is not U7a)
        assert any(t.startswith(name) for t in titles)
    for heading in ("Termin am", "Erledigt am", "Untersuchung"):
        assert holds(text, _(lang, heading)), heading
    if lang == "de":
        assert "3. bis 10. Lebenstag" in text and "spätestens möglich: 3. bis 14. Lebenstag" in text
        assert "13. bis 14. Lebensjahr" in text
    else:  # the headings in Arabic, right to left; the letters extract as letters
        assert re.search(r"[\u0600-\u06FF]", _(lang, "Termin am"))
        assert not re.search(r"[\uFB50-\uFDFF\uFE70-\uFEFF]", text)


def subject_lines(reader: PdfReader, texts: list[str], lang: str) -> list[tuple[str, int]]:
    """The subject index: (entry, page number) top to bottom, from its links (each line links the
    place it names) and the number printed at the line's end."""
    pages = section_pages(reader, _(lang, "Stichwörter von A bis Z"))
    destinations = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    found = []
    for number in pages:
        page = reader.pages[number - 1]
        links = []
        for annotation in page.get("/Annots") or []:
            target = str(annotation.get_object().get("/Dest", ""))
            if target.startswith(("begleiter-", "stelle-", "checkliste-", "vorsorge-")):
                links.append((-float(annotation.get_object()["/Rect"][1]), target))
        for _top, target in sorted(set(links)):
            if target not in [t for t, _ in found]:
                found.append((target, destinations[target]))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_each_subject_index_entry_names_the_page_where_it_stands(booklets, companion, lang):
    reader, texts = texts_of(booklets, lang, "kreis")
    index_pages = section_pages(reader, _(lang, "Stichwörter von A bis Z"))
    index_text = " ".join(texts[p - 1] for p in index_pages)
    entries = subject_lines(reader, texts, lang)
    by_anchor = {f"stelle-{o.slug}": o.text_in("name", lang, "de")[0] for o in companion.offices}
    for m in companion.milestones:
        for prefix in ("begleiter-", "checkliste-", "vorsorge-"):
            by_anchor.setdefault(prefix + m.slug, m.text_in("title", lang, "de")[0])
    anchors = [a for a, _ in entries]
    assert {"begleiter-elterngeld", "begleiter-kindergeld", "begleiter-u2", "begleiter-j1", "stelle-standesamt",
            "begleiter-kita-anmelden", "begleiter-hebamme-suchen"} <= set(anchors)
    assert len(anchors) == len(companion.milestones) + len(companion.offices)
    for anchor, page in entries:
        name = by_anchor[anchor]
        assert holds(texts[page - 1], name), (anchor, page)  # the entry stands on the page it names
        assert holds(index_text, name) and re.search(rf"(^|\D){page}(\D|$)", index_text), anchor
    if lang == "de":  # the printed number is that page: "Elterngeld beantragen ....... 15"
        for anchor, page in entries:
            assert re.search(re.escape(by_anchor[anchor]) + rf" \.{{3,}} ?{page}(\s|$)", index_text), anchor
    # in the order of the booklet's language
    collator = icu.Collator.createInstance(icu.Locale("de_DE" if lang == "de" else lang))
    printed = [by_anchor[a] for a in anchors]
    assert printed == sorted(printed, key=collator.getSortKey)


@pytest.mark.parametrize("lang", LANGS)
def test_the_age_chapters_open_with_their_milestones(booklets, directory, companion, lang):
    reader, texts = texts_of(booklets, lang, TOWN)
    chapters = {title: page for level, title, page in outline(reader) if level == 1}
    opening = _(lang, "Was in diesem Alter wichtig ist")
    stages = {"schwangerschaft": "schwangerschaft", "0-3": "erste-wochen", "10-18": "jugend"}
    for band in stages:
        label = directory.taxonomy.bands[band].labels.get(lang, directory.taxonomy.bands[band].label)
        first = texts[chapters[label] - 1]
        assert holds(first, opening), band
        stage = next(s for s in companion.stages if s.slug == stages[band])
        assert holds(first, stage.milestones[0].text_in("title", lang, "de")[0]), band


def test_without_a_companion_the_booklet_is_as_before(tmp_path):
    result = run_wegweiser(tmp_path / "wegweiser", "ANGEBOTE_COMPANION=", only=("--sprache", "de", "--ort", TOWN))
    assert result.returncode == 0, result.stderr
    texts = page_texts(PdfReader(tmp_path / "wegweiser" / "de" / f"{TOWN}.pdf"))
    assert texts[1].startswith("So finden Sie sich zurecht")
    whole = " ".join(texts)
    for absent in ("Notrufe", "Checkliste", "Vorsorgeuntersuchungen", "Stichwörter", "Ämter und Stellen"):
        assert absent not in whole
