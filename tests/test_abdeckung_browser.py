"""The coverage page /abdeckung/ in Debian's Chromium: at 1280 px every table fits its box with no
header cut off; where a table is wider or taller than its box (a phone, right to left too), it
scrolls inside the box with its header row and first column kept in view; printed, the page is A4
landscape with every column on the paper."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

BOXES = "main .table-scroll"


def boxes(page):
    """Per table: its box's size and scroll size, and each header cell's text overflow."""
    return page.locator(BOXES).evaluate_all("""els => els.map(box => ({
        caption: box.querySelector('caption').textContent,
        client: box.clientWidth, scroll: box.scrollWidth, right: box.getBoundingClientRect().right,
        cut: Array.from(box.querySelectorAll('thead th')).filter(th => th.scrollWidth > th.clientWidth + 1)
             .map(th => th.textContent)}))""")


def test_at_1280_pixels_every_table_fits_and_no_header_is_cut(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/abdeckung/")
    found = boxes(page)
    assert len(found) == 4
    for box in found:
        assert box["scroll"] <= box["client"], box["caption"]  # the last area column ("Wohnen") is on screen
        assert box["right"] <= 1280 and box["cut"] == [], box
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()


@pytest.mark.parametrize("url", ["/abdeckung/", "/ar/abdeckung/"])
def test_a_wide_table_scrolls_in_its_box_with_header_row_and_first_column_kept(browser, server, url):
    context = browser.new_context(viewport={"width": 390, "height": 500})
    page = context.new_page()
    page.goto(f"{server}{url}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
    box = page.locator(BOXES).nth(1)  # towns × life areas: 13 columns, 12 rows
    box.scroll_into_view_if_needed()
    sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight]")
    assert sizes[0] > sizes[1] and sizes[2] > sizes[3]  # it scrolls both ways, inside its box
    rtl = url.startswith("/ar/")

    def edges():
        return box.evaluate("""b => {
            const r = b.getBoundingClientRect();
            const corner = b.querySelector('thead th').getBoundingClientRect();
            const first = b.querySelector('tbody tr:nth-child(6) th').getBoundingClientRect();
            const last = b.querySelector('thead th:last-child').getBoundingClientRect();
            return {box: [r.left, r.right, r.top], corner: [corner.left, corner.right, corner.top],
                    first: [first.left, first.right], last: [last.left, last.right, last.top]};
        }""")

    before = edges()
    # to the far end of the columns and down to the last rows (scrollLeft runs negative right to left)
    box.evaluate("b => { b.scrollLeft = (getComputedStyle(b).direction === 'rtl' ? -1 : 1) * b.scrollWidth; b.scrollTop = b.scrollHeight; }")
    after = edges()
    side = 1 if rtl else 0  # the first column stands at the box's right edge right to left
    assert abs(after["first"][side] - before["box"][side]) <= 2, (before, after)  # the first column stays
    assert abs(after["corner"][2] - after["box"][2]) <= 2  # the header row stays at the box's top
    assert abs(after["last"][2] - after["box"][2]) <= 2
    # the last column came into view beside the first, not under it
    if rtl:
        assert after["last"][0] >= after["box"][0] - 1 and after["last"][1] <= after["first"][0] + 1
    else:
        assert after["last"][1] <= after["box"][1] + 1 and after["last"][0] >= after["first"][1] - 1
    context.close()


def test_printed_on_a4_landscape_with_every_column(browser, server):
    context = browser.new_context(viewport={"width": 1047, "height": 740})  # A4 landscape less 10 mm margins, at 96 dpi
    page = context.new_page()
    page.goto(f"{server}/abdeckung/")
    page.emulate_media(media="print")
    for box in boxes(page):
        assert box["scroll"] <= box["client"] and box["right"] <= 1047, box["caption"]
    headers = page.locator("main table.coverage thead th").all_text_contents()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    for sheet in pdf.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    # (NFKC: the PDF's text has the font's ligatures, "schaﬀt")
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages))
    words = set(text.split())
    # every word of every column's header is on the paper (a wrapped header comes out line by line)
    assert [word for header in headers for word in header.split() if word not in words and word not in text] == []
    assert "Wohnen" in text and "Integrationsmanagement" in text
    assert "Diese Tabelle als CSV-Datei herunterladen" not in text
    context.close()
