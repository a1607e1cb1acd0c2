"""The coordinators' list: every published offer in one row, as ``daten/angebote.xlsx`` (openpyxl)
and ``daten/angebote.csv`` (semicolons and a byte order mark, as a German spreadsheet program
opens it with a double click).

Ages are numbers and dates are dates, so that the columns sort and filter; besides the areas and
towns in one cell each, every life area and every town has a column of its own (1 or 0, to filter,
count and pivot by), and "Überfällig" says which offers were not reviewed for over a year. Provider
text never becomes a formula: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is stored as text (in the CSV file with a leading apostrophe, as every CSV file of the site is
written: :mod:`.csvfile`).
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

from babel import Locale

from . import csvfile
from .csvfile import FORMULA_START
from .model import WEEKDAYS


def N_(text: str) -> str:  # noqa: N802 (the name pybabel extracts by default)
    """Marks a header for the translation catalogue; translated when the file is written."""
    return text


# Each column with its width in the workbook (characters); then one column per life area and per town
COLUMNS = (
    (N_("Angebot"), 40), (N_("Träger"), 32), (N_("Lebensbereiche"), 28), (N_("Orte"), 28), (N_("Alter ab"), 9),
    (N_("Alter bis unter"), 9), (N_("Schwangerschaft"), 10), (N_("Kosten"), 24), (N_("Programme"), 28),
    (N_("Gutscheine"), 28), (N_("Sprachen"), 14), (N_("Ansprechpersonen"), 32), (N_("Telefon"), 20), (N_("E-Mail"), 32),
    (N_("Adressen"), 40), (N_("Öffnungszeiten"), 32), (N_("Zuletzt geprüft"), 12), (N_("Überfällig"), 10),
    (N_("Gültig bis"), 12), (N_("Seite"), 40), (N_("Datei"), 40),
)
AREA_COLUMN = N_("Bereich: %(name)s")
TOWN_COLUMN = N_("Ort: %(name)s")
FLAG_WIDTH = 12


def hours_text(offer, day_names: dict[str, str]) -> str:
    """Opening hours in one cell: "Mo 09:00–12:00, 14:00–16:00; Di 09:00–12:00"."""
    return "; ".join(f"{day_names[day]} " + ", ".join(f"{h.opens}–{h.closes}" for h in slots)
                     for day, slots in offer.hours_by_day)


def table(offers, taxonomy, *, gettext, lang: str, page_url) -> tuple[list[str], list[list], list[int]]:
    """(headers, one row per offer, each column's width) in language lang (gettext translates into it)."""
    yes = gettext("ja")
    names = Locale.parse(lang).days["stand-alone"]["abbreviated"]  # "Mo", Monday first
    day_names = {code: names[number] for number, code in enumerate(WEEKDAYS)}
    areas, towns = list(taxonomy.areas.values()), list(taxonomy.towns.values())
    headers = ([gettext(name) for name, _ in COLUMNS]
               + [gettext(AREA_COLUMN) % {"name": t.label} for t in areas]
               + [gettext(TOWN_COLUMN) % {"name": t.label} for t in towns])
    widths = [width for _, width in COLUMNS] + [FLAG_WIDTH] * (len(areas) + len(towns))
    result = []
    for offer in offers:
        people = [*offer.contacts] or [*offer.provider.contacts]
        result.append([
            offer.title, offer.provider.name,
            ", ".join(t.label for t in offer.areas),
            taxonomy.region if offer.county_wide else ", ".join(t.label for t in offer.towns),
            *offer.age_limits,
            yes if offer.pregnancy else "",
            offer.cost,
            ", ".join(p.label for p in offer.programmes),
            "; ".join(a.voucher.label + (f": {a.cost}" if a.cost else "") for a in offer.accepts),
            ", ".join(offer.languages),
            "; ".join(c.name for c in people),
            "; ".join(c.phone for c in people if c.phone) or offer.provider.phone,
            "; ".join(c.email for c in people if c.email) or offer.provider.email,
            "; ".join(location.one_line for location in offer.locations),
            hours_text(offer, day_names),
            offer.reviewed, yes if offer.stale else "", offer.valid_until, page_url(offer.url_path), offer.source,
            *(int(t in offer.areas) for t in areas),
            *(int(t in offer.towns) for t in towns),
        ])
    return headers, result, widths


def write_xlsx(path: Path, headers: list[str], table: list[list], title: str, date: datetime.date, widths=()) -> None:
    """The table as an Excel file, the same bytes for the same table and date (the workbook's
    properties and the zip entries are dated ``date``, not the moment of writing)."""
    # imported here: the build's second process writes the file, the first need not load openpyxl
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "B2"  # the header row and the offer's title stay in view
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
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
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(table) + 1}"
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
