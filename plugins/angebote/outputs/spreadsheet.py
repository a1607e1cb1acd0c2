"""The coordinators' spreadsheet: ``daten/angebote.xlsx`` and ``daten/angebote.csv``, every published
offer in a row (:mod:`..spreadsheet`), its headers in the first language. (An output of its own,
not part of open_data's: the two are handed to whichever process is free, side by side.)"""

from __future__ import annotations

from .. import spreadsheet

COST = 1


def finish(build, speak):
    directory = build.directory
    first = speak(build.first_language)
    headers, table, widths = spreadsheet.table(directory.offers, directory.taxonomy, gettext=first.gettext, lang=first.code,
                                               page_url=lambda path: build.page_address(path, ""))
    spreadsheet.write_xlsx(build.files.claim("daten/angebote.xlsx"), headers, table, first.gettext("Angebote"), directory.today,
                           widths)
    spreadsheet.write_csv(build.files.claim("daten/angebote.csv"), headers, table)
