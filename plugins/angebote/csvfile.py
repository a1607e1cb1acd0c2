"""Every CSV file the site publishes, written one way: the HSDS tables in
``daten/hsds/hsds-tabellen.zip`` (:mod:`.hsds`) and the coordinators' list ``daten/angebote.csv``
(:mod:`.spreadsheet`).

Provider text never becomes a formula when the file is opened in a spreadsheet program (CSV
injection). As OWASP's guidance on CSV injection asks, a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which Excel, LibreOffice
Calc and Google Sheets show as text: ``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``, and so is
``+49 2541 12345`` (which a spreadsheet would otherwise read as a sum). Quotes and separators
inside a cell are quoted by :mod:`csv` as RFC 4180 says, so that no cell can start another.

One exception, decided on purpose: a cell that is a plain number (digits, at most one leading
sign and one decimal point: ``-7.2``, ``-90``, ``+492541123456``) stays as it is. No spreadsheet
program can read a formula in it (it holds no function, reference or operator but the sign), and
the apostrophe would change the data that importers read: the HSDS tables hold coordinates (west
and south of zero they are negative) and phone numbers in E.164 (``+49…``). A spreadsheet shows
such a cell as the number it is.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


def cell(value) -> str:
    """One cell's text: "" for None, a date as JJJJ-MM-TT, anything that a spreadsheet would take
    for a formula with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def text(rows, delimiter: str = ",") -> str:
    """The rows (the first one the header) as CSV text, every cell through :func:`cell`, lines
    ended with CRLF (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()
