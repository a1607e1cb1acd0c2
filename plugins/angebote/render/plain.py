"""The words of one language, as an output's helpers and data files ask for them.

An output writes a helper of its templates (an offer's JSON-LD, its report links) or a data file
(a document store, a feed) once, against a :class:`Speech`: here its words are text in the
language; in the pass for all languages (:mod:`.once`) the same helper gets a ``MarkedSpeech``
whose words are marks. The output never knows which.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from markupsafe import Markup

from ..build import Language
from ..templating import label_in, language_name_in, translations


class Phrases(NamedTuple):
    """id(offer) -> its ages, towns and accepted vouchers (where it takes any) in words, as the
    theme's macros (_macros.html) write them in one language."""

    ages: dict[int, str]
    towns: dict[int, str]
    vouchers: dict[int, str]


class Speech:
    """The words of one interface language."""

    def __init__(self, language: Language, theme: str, content_lang: str, phrases: Callable[[], Phrases] | None = None):
        self.language = language
        self.code, self.name, self.prefix = language
        self.content_lang = content_lang
        self._catalogue = translations(str(theme), language.code)
        self._phrases = phrases

    def gettext(self, text: str, **values) -> str:
        """text translated (the site's catalogue), with values put in (``%(name)s``)."""
        translated = self._catalogue.gettext(text)
        return translated % values if values else translated

    def pgettext(self, context: str, text: str) -> str:
        """text translated in a context (the catalogue's msgctxt)."""
        return self._catalogue.pgettext(context, text)

    def label(self, term) -> str:
        """A taxonomy term's (or programme's, voucher's) label."""
        return label_in(term, self.code)

    def text_in(self, offer, name: str) -> str:
        """An offer's title or summary ("title", "summary") in this language where it has one."""
        return offer.text_in(name, self.code, self.content_lang)[0]

    def text_and_language(self, offer, name: str) -> tuple[str, str]:
        """The same, with the language it is in."""
        return offer.text_in(name, self.code, self.content_lang)

    def language_name(self, code: str) -> str:
        return language_name_in(code, self.code)

    def encoded(self, text: str, encode) -> str:
        """text as encode gives it (a function that encodes each character on its own)."""
        return encode(text)

    def json(self, text: str, in_string) -> Markup:
        """A JSON text of this language's words, as it is."""
        return Markup(text)

    def phrases(self) -> Phrases:
        """Each offer's ages, towns and vouchers in words (for the data files)."""
        return self._phrases()
