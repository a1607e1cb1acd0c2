"""Ages as parents say them: below two years in months, from two years on in years and half-years
("bis zum Alter von 6½ Jahren", not "78 Monaten"), in every language (theme/templates/_macros.html)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from conftest import OTHER_LANGUAGES, ROOT

from angebote.booklet import template_environment  # noqa: E402


def ages(lang: str, age_from, age_to, pregnancy=False) -> str:
    """The age range of an offer as the theme's macro writes it in language lang."""
    macros = template_environment(str(ROOT / "theme"), lang, "de").get_template("_macros.html").make_module({})
    return str(macros.age_range(SimpleNamespace(age_from=age_from, age_to=age_to, pregnancy=pregnancy)))


@pytest.mark.parametrize("lang, age_from, age_to, expected", [
    ("de", 0, 6.5, "ab der Geburt bis zum Alter von 6½ Jahren"),
    ("de", 2, 6, "ab 2 Jahren bis zum 6. Geburtstag"),
    ("de", 2.5, 10, "ab 2½ Jahren bis zum 10. Geburtstag"),
    ("de", 1.5, 2.5, "ab 18 Monaten bis zum Alter von 2½ Jahren"),
    ("de", 0.5, 1.5, "ab 6 Monaten bis zum Alter von 18 Monaten"),
    ("de", 1, 3, "ab 1 Jahr bis zum 3. Geburtstag"),
    ("de", 0, 2, "ab der Geburt bis zum 2. Geburtstag"),
    ("de", 6.2, 99, "ab 6 Jahren"),  # to the nearest half-year
    ("de", 3.3, 7.8, "ab 3½ Jahren bis zum 8. Geburtstag"),
    ("de", 2.25, 4.75, "ab 2½ Jahren bis zum 5. Geburtstag"),  # a quarter rounds up to the half
    ("ar", 0, 6.5, "منذ الولادة حتى عمر 6½ سنة"),
    ("ar", 2.5, 10, "من عمر 2½ سنة حتى بلوغ سن 10"),
    ("ar", 0, 1.5, "منذ الولادة حتى عمر 18 شهرًا"),
    ("tr", 0, 6.5, "doğumdan itibaren 6½ yaşına kadar"),
    ("tr", 2.5, 10, "2½ yaşından itibaren 10. doğum gününe kadar"),
    ("tr", 0, 1.5, "doğumdan itibaren 18 aylık olana kadar"),
    ("ru", 0, 6.5, "с рождения до возраста 6½ лет"),
    ("ru", 2.5, 10, "с 2½ лет до 10-го дня рождения"),
    ("ru", 0.5, 1.5, "с 6 месяцев до возраста 18 месяцев"),
    ("uk", 0, 6.5, "від народження до віку 6½ років"),
    ("en", 0, 6.5, "from birth up to the age of 6½ years"),
])
def test_ages_from_two_years_on_are_said_in_years_and_half_years(lang, age_from, age_to, expected):
    assert ages(lang, age_from, age_to) == expected


# the word for months in each language, after its number
MONTHS = {"de": r"Monat", "en": r"month", "tr": r"ay", "ar": r"شهر", "uk": r"місяц", "ru": r"месяц"}


def test_no_page_or_data_file_counts_months_beyond_two_years(sample_site):
    """Every page and the data files of the search and the Merkliste, in every language."""
    checked = 0
    for lang in ["de", *OTHER_LANGUAGES]:
        folder = sample_site if lang == "de" else sample_site / lang
        files = [p for p in folder.rglob("*.html") if lang != "de" or p.relative_to(sample_site).parts[0] not in OTHER_LANGUAGES]
        rows = json.loads((folder / "suche" / "index.json").read_text(encoding="utf-8"))["docs"]["names"]  # the search's rows
        files += [folder / "merkliste" / "angebote.json", *(sample_site / "suche/teile" / f"{name}.json" for name in rows)]
        for path in files:
            text = path.read_text(encoding="utf-8")
            for number in re.findall(r"(\d+)\s*" + MONTHS[lang], text):
                assert int(number) <= 24, (path, number)
                checked += 1
    assert checked > 20  # ages in months are there (below two years), just none beyond
