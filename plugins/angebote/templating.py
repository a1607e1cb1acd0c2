"""What every template environment needs: escaping, gettext and filters."""

from __future__ import annotations

import datetime
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.support import Translations


def prepare_environment(generator):
    """Pelican's signal generator_init: set up the generator's template environment."""
    configure(generator.env, generator.settings.get("DEFAULT_LANG", "de"), generator.theme)


def configure(env, lang: str, theme: str) -> None:
    """Escaping, gettext in language ``lang`` and the theme's filters for a Jinja2 environment."""
    # Provider texts end up in every page: escape everything not marked safe.
    env.autoescape = True
    env.add_extension("jinja2.ext.i18n")
    folder = Path(theme, "translations")
    env.install_gettext_translations(Translations.load(str(folder), [lang]), newstyle=True)
    locale = Locale.parse(lang)

    def date_long(value: datetime.date) -> str:
        return format_date(value, "long", locale=locale)

    def language_name(code: str) -> str:
        return locale.languages.get(code, code)

    def first_upper(text: str) -> str:
        """Capitalise the first letter only (Jinja's capitalize lowers the rest)."""
        return text[:1].upper() + text[1:]

    env.filters.update(date_long=date_long, language_name=language_name, first_upper=first_upper)
    env.globals.update(
        LANG=lang,
        TEXT_DIRECTION="rtl" if locale.character_order == "right-to-left" else "ltr",
    )
