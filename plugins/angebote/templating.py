"""What every template environment needs: escaping, gettext and filters.

The interface texts are German in the templates (the source language) and
translated through the gettext catalogues ``theme/translations/<lang>/
LC_MESSAGES/messages.po``; :func:`set_language` switches an environment to
one language (the directory writes every page once per language).

The one rule for template authors: the most numerous pages (offers, lists, providers, facets,
town contacts) are rendered once for all languages (:mod:`.render.once`). In their templates a
value that differs by language (``LANG``, a translated text, a label) may be shown, joined and
passed to the functions here, but not compared, tested or measured (``{% if LANG == "ar" %}``):
the build stops with the template's line if one is. Such logic goes into a function here. A filter
or global whose result depends on the page's language is declared so with :func:`per_language`
(and a value of the language in :data:`LANGUAGE_VALUES`); tests/test_template_compiling.py fails
for one that is not.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import weakref
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.units import format_unit
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup

from .model import WEEKDAYS
from .settings import setting

SOURCE_LANGUAGE = "de"

# The environment's globals that set_language sets to a value of the language (not a function)
LANGUAGE_VALUES = ("LANG", "CONTENT_LANG_ATTR", "TEXT_DIRECTION")


def per_language(function):
    """Declares a template filter or global whose result depends on the page's language: in the
    pages rendered once for all languages, each call of it is made again in each language."""
    function.per_language = True
    return function


def prepare_environment(generator):
    """Pelican's signal generator_init: set up the generator's template environment."""
    from .render.compiled import compiled_templates

    prepare(generator.env, generator.settings.get("DEFAULT_LANG", SOURCE_LANGUAGE), generator.theme,
            setting(generator.settings, "ANGEBOTE_CONTENT_LANG"))
    generator.env.bytecode_cache = compiled_templates(generator.env, generator.settings)


def prepare(env, lang: str, theme: str, content_lang: str = SOURCE_LANGUAGE) -> None:
    """Escaping, gettext and the theme's filters for a Jinja2 environment."""
    # Provider texts end up in every page: escape everything not marked safe.
    env.autoescape = True
    # A template is compiled once per build (it was checked on disk at every page); make dev
    # builds anew with fresh environments after a theme change.
    env.auto_reload = False
    from .render.compiled import compile_faster  # (render imports this module)

    env.add_extension("jinja2.ext.i18n")
    compile_faster(env)
    env.filters.update(first_upper=first_upper, label=label, label_lang=label_lang, local=local, text_lang=text_lang,
                       own_language_name=own_language_name, region_name=region_name)
    env.globals.update(lang_attr=lang_attr, lang_note=lang_note, frame=frame, current_language=current_language, site_subtitle=site_subtitle,
                       once=once)
    set_language(env, lang, theme, content_lang)


FRAME = "_rahmen.html"
_KEPT = weakref.WeakKeyDictionary()  # environment -> (its frames, what once keeps)


def _kept(env) -> tuple[dict, dict]:
    kept = _KEPT.get(env)
    if kept is None:
        kept = _KEPT[env] = ({}, {})
    return kept


@per_language
@pass_context
def frame(context, part: str) -> Markup:
    """A part of the page frame (``_rahmen.html``: head links, header, navigation, footer), the same
    on every page of one language: rendered once per environment, language and site address."""
    key = (context.get("LANG"), context.get("SITEURL"), context.get("ASSETURL"))
    frames = _kept(context.environment)[0]
    if key not in frames:
        frames[key] = (context.environment.get_template(FRAME).make_module(context.get_all()), {})
    module, parts = frames[key]
    if part not in parts:
        parts[part] = Markup(getattr(module, part)())
    return parts[part]


def forget_frames(env) -> None:
    """Render the frame and what once keeps anew (make dev, after a change: a new build of the same
    environment; rendering once, whose marks are another build's words)."""
    for kept in _kept(env):
        kept.clear()


def forget_once(env) -> None:
    """What once keeps (rendering once: it holds another pass's marks)."""
    _kept(env)[1].clear()


@pass_context
def once(context, name: str, *values, caller) -> Markup:
    """What the call block gives (``{% call once("age_range", offer.age_from, …) %}``), made once per
    language for the same name and values, on which alone it must depend."""
    key = (name, str.__str__(context["LANG"]), *values)  # LANG: in a page for all languages, its mark's text
    kept = _kept(context.environment)[1]
    found = kept.get(key)
    if found is None:
        found = kept[key] = caller()
    return found


@functools.lru_cache(maxsize=None)
def translations(theme: str, lang: str) -> NullTranslations:
    """The catalogue of one language, compiled from its .po file (no .mo files to keep)."""
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    po = Path(theme, "translations", lang, "LC_MESSAGES", "messages.po")
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def set_language(env, lang: str, theme: str, content_lang: str = SOURCE_LANGUAGE) -> None:
    """gettext, dates, language names, LANG and TEXT_DIRECTION for one interface language."""
    from .render.compiled import TEXTS, Texts, forget_modules

    env.install_gettext_translations(translations(str(theme), lang), newstyle=True)
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        per_language(env.globals[name])
    env.globals[TEXTS] = Texts(env)
    forget_modules(env)
    locale = Locale.parse(lang)

    @per_language
    def date_long(value: datetime.date) -> str:
        return format_date(value, "long", locale=locale)

    @per_language
    def language_name(code: str) -> str:
        return language_name_in(code, lang)

    @per_language
    def kilobytes(size: int) -> str:
        """A file's size as the page's language writes it ("238 kB")."""
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)

    @per_language
    def weekday(code: str) -> str:
        """A weekday of the offer files (mo … so) in the page's language ("Montag")."""
        return locale.days["format"]["wide"][WEEKDAYS.index(code)]

    env.filters.update(date_long=date_long, language_name=language_name, kilobytes=kilobytes, weekday=weekday,
                       clock=clock)
    env.globals.update(
        LANG=lang,
        CONTENT_LANG=content_lang,
        # ' lang="de"' on the providers' texts where the page is in another language (a constant, not
        # a call per text: pages use it often)
        CONTENT_LANG_ATTR=foreign_attrs(content_lang, lang),
        CONTENT_DIR=direction(content_lang),
        TEXT_DIRECTION=direction(lang),
        PLURAL_SAMPLES=plural_samples(lang),
    )


@functools.lru_cache(maxsize=None)
def language_name_in(code: str, lang: str) -> str:
    """A language's name in language lang ("Arabisch" in German)."""
    return Locale.parse(lang).languages.get(code, code)


def clock(text: str) -> str:
    """A time of the offer files ("09:00") as people read it: "9:00"."""
    hours, minutes = text.split(":")
    return f"{int(hours)}:{minutes}"


@functools.lru_cache(maxsize=None)
def own_language_name(code: str) -> str:
    """A language's name in that language ("Türkçe"), for menus and links to each language."""
    return first_upper(Locale.parse(code).get_display_name(code))


def first_upper(text: str) -> str:
    """Capitalise the first letter only (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


@per_language
@pass_context
def label(context, term) -> str:
    """A taxonomy term's label in the page's language (taxonomie.yml: labels), else its label."""
    return label_in(term, context["LANG"])


def label_in(term, lang: str) -> str:
    """A taxonomy term's (or programme's, voucher's) label in language lang, else as written."""
    return term.labels.get(lang, term.label)


@per_language
@pass_context
def label_lang(context, term) -> str:
    """The language of what ``label`` gives: the page's where the term has a label in it, else the
    language the taxonomy is written in (a town's German name on an Arabic page: ``lang_attr`` of
    it isolates the name, left to right)."""
    return context["LANG"] if context["LANG"] in term.labels else context["CONTENT_LANG"]


# Where a phrase of the templates (a list of towns: "<bdi>Coesfeld</bdi>، <bdi>Dülmen</bdi>") becomes
# plain text for a script (the search's and the Merkliste's data files): each isolated part between
# Unicode's isolates, FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the plain-text form of <bdi>
_ISOLATED = re.compile(r"<bdi\b[^>]*>|</bdi>")


def plain_phrase(html: Markup, lang: str) -> str:
    """A phrase's HTML as the text a script shows: its tags gone, its entities as characters, and
    where the language runs right to left each ``<bdi>`` part isolated by FSI … PDI, so that a German
    town's name keeps its place in the Arabic list."""
    isolate = direction(lang) == "rtl"
    text = _ISOLATED.sub(lambda m: ("\u2069" if m.group().startswith("</") else "\u2068") if isolate else "", str(html))
    return Markup(text).unescape()


@per_language
@pass_context
def region_name(context, taxonomy) -> str:
    """The county's name in the page's language (taxonomie.yml: region_labels), else as written."""
    return taxonomy.region_labels.get(context["LANG"], taxonomy.region)


@per_language
@pass_context
def local(context, offer, name: str) -> str:
    """A text of an offer (Offer.text_in) in the page's language where a current translation gives
    it, else as written; the description ("body_html") as the safe HTML it is."""
    text = offer.text_in(name, context["LANG"], context["CONTENT_LANG"])[0]
    return Markup(text) if name == "body_html" else text


@per_language
@pass_context
def text_lang(context, offer, name: str) -> str:
    """The language of what ``local`` returns."""
    return offer.text_in(name, context["LANG"], context["CONTENT_LANG"])[1]


@per_language
@pass_context
def lang_note(context, code: str, after: str | None = None, plain: bool = False) -> Markup:
    """A visible note after a provider's text in another language than the page's: " (auf Deutsch)"
    in the page's language, marked as such inside the text's own lang; none where the text just
    before it (its language after) is in the same language and said so already; plain: as text."""
    if code == context["LANG"] or code == after:
        return Markup("")
    if plain:  # in an attribute or an SVG title: the words alone
        return Markup(" (%s)") % context.call(context["gettext"], "auf Deutsch")
    return Markup(' <span class="only-german"%s>(%s)</span>') % (
        foreign_attrs(context["LANG"], code), context.call(context["gettext"], "auf Deutsch"))


# An untranslated text of an offer, and its language, are the same in every language (render/once.py)
local.same_in_every_language = lambda context, offer, name: (
    local(context, offer, name),) if offer.untranslated(name) else None
text_lang.same_in_every_language = lambda context, offer, name: (context["CONTENT_LANG"],) if offer.untranslated(name) else None


@functools.lru_cache(maxsize=None)
def plural_samples(lang: str) -> tuple[tuple[str, int], ...]:
    """(CLDR plural category, a number in it) for each category of the language: the counts a
    script shows get one rendered form per category, and pick one with Intl.PluralRules."""
    rule = Locale.parse(lang).plural_form
    samples: dict[str, int] = {}
    for n in range(0, 1000):
        samples.setdefault(rule(n), n)
    return tuple(samples.items())


@functools.lru_cache(maxsize=None)
def direction(code: str) -> str:
    """ "rtl" or "ltr": the direction a language is written in."""
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


@functools.lru_cache(maxsize=None)
def foreign_attrs(code: str, page_lang: str) -> Markup:
    """' lang="xx"' for a passage in another language than the page, with ' dir="…"' where the two
    run in different directions (German on an Arabic page: isolated, left to right); else nothing."""
    if code == page_lang:
        return Markup("")
    attrs = Markup(' lang="%s"') % code
    if direction(code) != direction(page_lang):
        attrs += Markup(' dir="%s"') % direction(code)
    return attrs


@per_language
@pass_context
def current_language(context, code: str) -> Markup:
    """' aria-current="page"' on the language menu's entry of the page's own language."""
    return Markup(' aria-current="page"') if code == context["LANG"] else Markup("")


@per_language
@pass_context
def site_subtitle(context) -> str:
    """The site's subtitle in the page's language where the settings give one (ANGEBOTE_SUBTITLES), else as written."""
    subtitles = context.get("SUBTITLES") or {}
    return subtitles.get(context["LANG"]) or context.get("SITESUBTITLE", "")


@per_language
@pass_context
def lang_attr(context, code: str) -> Markup:
    return foreign_attrs(code, context["LANG"])
