"""The coordinators' list: every published offer in one row, as ``daten/angebote.xlsx`` (openpyxl)
and ``daten/angebote.csv`` (semicolons and a byte order mark, as a German spreadsheet program
opens it with a double click).

Ages are numbers and dates are dates, so that the columns sort and filter. Provider text never
becomes a formula: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is stored as text (in the CSV file with a leading apostrophe, as every CSV file of the site is
written: :mod:`.csvfile`).
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

from . import csvfile
from .csvfile import FORMULA_START


def N_(text: str) -> str:  # noqa: N802 (the name pybabel extracts by default)
    """Marks a header for the translation catalogue; translated when the file is written."""
    return text


COLUMNS = (
    N_("Angebot"), N_("Träger"), N_("Lebensbereiche"), N_("Orte"), N_("Alter ab"), N_("Alter bis unter"),
    N_("Schwangerschaft"), N_("Kosten"), N_("Sprachen"), N_("Ansprechpersonen"), N_("Telefon"), N_("E-Mail"),
    N_("Zuletzt geprüft"), N_("Gültig bis"), N_("Seite"), N_("Datei"),
)


def rows(offers, *, page_url, yes: str, region: str) -> list[list]:
    """One row per offer, in COLUMNS' order."""
    result = []
    for offer in offers:
        people = [*offer.contacts] or [*offer.provider.contacts]
        result.append([
            offer.title, offer.provider.name,
            ", ".join(t.label for t in offer.areas),
            region if offer.county_wide else ", ".join(t.label for t in offer.towns),
            *offer.age_limits,
            yes if offer.pregnancy else "",
            offer.cost, ", ".join(offer.languages),
            "; ".join(c.name for c in people),
            "; ".join(c.phone for c in people if c.phone) or offer.provider.phone,
            "; ".join(c.email for c in people if c.email) or offer.provider.email,
            offer.reviewed, offer.valid_until, page_url(offer.url_path), offer.source,
        ])
    return result


def write_xlsx(path: Path, headers: list[str], table: list[list], title: str, date: datetime.date) -> None:
    """The table as an Excel file, the same bytes for the same table and date (the workbook's
    properties and the zip entries are dated ``date``, not the moment of writing)."""
    # imported here: the build's second process writes the file, the first need not load openpyxl
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    widths = (40, 32, 28, 28, 9, 9, 10, 24, 14, 32, 20, 32, 12, 12, 40, 40)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + number)].width = width
    bold = Font(bold=True)

    def cell(value, header=False):
        if not header and (value.__class__ in (int, float) or value.__class__ is str and not value.startswith(FORMULA_START)):
            return value  # openpyxl writes it as it would the cell (a third of the file's time went into cells)
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            item.data_type = "s"  # text, never a formula
        if isinstance(value, datetime.date):
            item.number_format = "DD.MM.YYYY"
        if header:
            item.font = bold
        return item

    sheet.append([cell(h, header=True) for h in headers])
    for row in table:
        sheet.append([cell(v) for v in row])
    sheet.auto_filter.ref = f"A1:{chr(64 + len(headers))}{len(table) + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Workbook.save dates the workbook (docProps/core.xml) and each zip entry at the moment of saving:
    # its writer, given a zip file that dates every entry and a workbook dated ``date``, does not
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = datetime.datetime.combine(date, datetime.time())
    with open(path, "wb") as file:
        ExcelWriter(book, _DatedZip(file, date)).save()


class _DatedZip(zipfile.ZipFile):
    """A zip file being written whose every entry is dated ``date`` (and compressed)."""

    def __init__(self, file, date: datetime.date):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self.stamp = (date.year, date.month, date.day, 0, 0, 0)

    def writestr(self, name, data, compress_type=None, compresslevel=None):
        name = name.filename if isinstance(name, zipfile.ZipInfo) else name
        super().writestr(zipfile.ZipInfo(name, date_time=self.stamp), data, compress_type=zipfile.ZIP_DEFLATED)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as file:
            self.writestr(arcname or str(filename), file.read())


def write_csv(path: Path, headers: list[str], table: list[list]) -> None:
    """The table as CSV with semicolons and a byte order mark (:mod:`.csvfile`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csvfile.text([headers, *table], delimiter=";"), encoding="utf-8-sig", newline="")
