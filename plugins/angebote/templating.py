"""What every template environment needs: escaping, gettext and filters.

The interface texts are German in the templates (the source language) and
translated through the gettext catalogues ``theme/translations/<lang>/
LC_MESSAGES/messages.po``; :func:`set_language` switches an environment to
one language (the directory writes every page once per language).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.units import format_unit
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
import jinja2
import markupsafe
from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from .model import WEEKDAYS
from .settings import setting

SOURCE_LANGUAGE = "de"


def prepare_environment(generator):
    """Pelican's signal generator_init: set up the generator's template environment."""
    prepare(generator.env, generator.settings.get("DEFAULT_LANG", SOURCE_LANGUAGE), generator.theme,
            setting(generator.settings, "ANGEBOTE_CONTENT_LANG"))
    generator.env.bytecode_cache = compiled_templates(generator.env, generator.settings)


_COMPILING = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # see compiled_templates


def compiled_templates(env, settings) -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates, so that a build compiles only the templates changed since
    the last (compiling the theme took half a second of every build). It lies in Jinja's own folder
    for it (in the system's temporary folder, the user's alone; None where there is none to be had).
    A compiled template is found again by its path and the checksum of its text; its file names
    also hold a digest of what else decides how it compiles (the environment's options, and this
    module, whose PageCompiler and InterfaceTexts compile them), so that builds with other options
    never share one."""
    options = repr((sorted(settings.get("JINJA_ENVIRONMENT", {}).items(), key=lambda item: item[0]),
                    sorted(env.extensions), _COMPILING, env.autoescape, env.trim_blocks, env.lstrip_blocks, jinja2.__version__))
    try:
        return FileSystemBytecodeCache(pattern=f"angebote-{hashlib.sha256(options.encode()).hexdigest()[:16]}-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder (Jinja refuses one others could write)
        return None


def prepare(env, lang: str, theme: str, content_lang: str = SOURCE_LANGUAGE) -> None:
    """Escaping, gettext and the theme's filters for a Jinja2 environment."""
    # Provider texts end up in every page: escape everything not marked safe.
    env.autoescape = True
    # A template is compiled once per build (it was checked on disk at every page); make dev
    # builds anew with fresh environments after a theme change.
    env.auto_reload = False
    env.add_extension("jinja2.ext.i18n")
    env.add_extension(InterfaceTexts)
    env.code_generator_class = PageCompiler
    env.output_escape = output_escape
    env.filters.update(first_upper=first_upper, label=label, local=local, text_lang=text_lang,
                       own_language_name=own_language_name, region_name=region_name)
    env.globals.update(lang_attr=lang_attr, frame=frame, current_language=current_language, site_subtitle=site_subtitle,
                       once=once)
    env.angebote_frames = {}
    env.angebote_once = {}
    set_language(env, lang, theme, content_lang)


FRAME = "_rahmen.html"


@pass_context
def frame(context, part: str) -> Markup:
    """A part of the page frame (``_rahmen.html``: head links, header, navigation, footer), the same
    on every page of one language: rendered once per environment, language and site address."""
    key = (context.get("LANG"), context.get("SITEURL"), context.get("ASSETURL"))
    frames = context.environment.angebote_frames
    if key not in frames:
        frames[key] = (context.environment.get_template(FRAME).make_module(context.get_all()), {})
    module, parts = frames[key]
    if part not in parts:
        parts[part] = Markup(getattr(module, part)())
    return parts[part]


def forget_frames(env) -> None:
    """Render the frame and what once keeps anew (make dev, after a change: a new build of the same
    environment; neutral.rendering_once, whose marks are another build's words)."""
    env.angebote_frames.clear()
    env.angebote_once.clear()


@pass_context
def once(context, name: str, *values, caller) -> Markup:
    """What the call block gives (``{% call once("age_range", offer.age_from, …) %}``), made once per
    language for the same name and values, on which alone it must depend."""
    key = (name, str.__str__(context["LANG"]), *values)  # LANG: in a page for all languages, its mark's text
    kept = context.environment.angebote_once
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


# markupsafe's escaping of a str, without making a Markup of it (markupsafe 3's own name; else by escape)
_escape_text = getattr(markupsafe, "_escape_inner", None) or (lambda text: str.__str__(markupsafe.escape(text)))


def output_escape(value) -> str:
    """What ``{{ value }}`` writes into the page: the text markupsafe.escape gives, as a str. (Jinja
    joins each output into the page's text; markupsafe's escape makes a Markup of each, which took
    a sixth of the time of rendering a page.)"""
    if type(value) is str:
        return _escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_text(str(value))


class PageCompiler(CodeGenerator):
    """Jinja's code generator, with the templates' output escaped by output_escape (with autoescape on)."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.output_escape(")
        if finalize.src is not None:
            self.write(finalize.src)


TEXTS = "_texts"  # the global of the interface texts (InterfaceTexts)


class InterfaceTexts(Extension):
    """An interface text in the templates, ``_("Kontakt")`` (one text, nothing else), is looked up
    as ``_texts["Kontakt"]``: the same text in each language, translated once per language (Texts)
    rather than at each of the tens of thousands of places a build shows it. Other calls of
    ``_`` (with values to put in) stay calls. (The value is gettext's with autoescape on, which the
    theme never turns off.)"""

    def filter_stream(self, stream):
        tokens = list(stream)
        out, index = [], 0
        while index < len(tokens):
            token = tokens[index]
            found = tokens[index : index + 4]
            if (token.type == "name" and token.value == "_" and (not out or out[-1].type != "dot")
                    and [t.type for t in found] == ["name", "lparen", "string", "rparen"]):
                line = token.lineno
                out += [Token(line, "name", TEXTS), Token(line, "lbracket", "["), found[2], Token(line, "rbracket", "]")]
                index += 4
            else:
                out.append(token)
                index += 1
        return out


class Texts(dict):
    """text -> what ``_(text)`` gives in the environment's language: worked out when first asked for."""

    def __init__(self, env):
        super().__init__()
        self._gettext = env.globals["gettext"]
        self._context = env.from_string("").new_context()

    def __missing__(self, text: str):
        value = self[text] = self._gettext(self._context, text)
        return value


def set_language(env, lang: str, theme: str, content_lang: str = SOURCE_LANGUAGE) -> None:
    """gettext, dates, language names, LANG and TEXT_DIRECTION for one interface language."""
    env.install_gettext_translations(translations(str(theme), lang), newstyle=True)
    env.globals[TEXTS] = Texts(env)
    forget_modules(env)
    locale = Locale.parse(lang)

    def date_long(value: datetime.date) -> str:
        return format_date(value, "long", locale=locale)

    def language_name(code: str) -> str:
        return locale.languages.get(code, code)

    def kilobytes(size: int) -> str:
        """A file's size as the page's language writes it ("238 kB")."""
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)

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


def forget_modules(env) -> None:
    """Jinja makes a template imported without context (``{% from "_macros.html" import … %}``) into
    a module once and keeps it (``Template._module``), with the globals of that moment: the
    language's texts and functions, or neutral.py's marks. When they change (set_language,
    neutral.rendering_once), each is made again at its next import. (Imported with context, the
    macros were made again on every page and row: a tenth of the pass for all languages.)"""
    for template in (env.cache or {}).values():
        if "_module" not in vars(template):
            raise RuntimeError("jinja2 hält importierte Vorlagen anders als erwartet: templating.forget_modules anpassen.")
        template._module = None


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


@pass_context
def label(context, term) -> str:
    """A taxonomy term's label in the page's language (taxonomie.yml: labels), else its label."""
    return label_in(term, context["LANG"])


def label_in(term, lang: str) -> str:
    """A taxonomy term's (or programme's, voucher's) label in language lang, else as written."""
    return term.labels.get(lang, term.label)


@pass_context
def region_name(context, taxonomy) -> str:
    """The county's name in the page's language (taxonomie.yml: region_labels), else as written."""
    return taxonomy.region_labels.get(context["LANG"], taxonomy.region)


@pass_context
def local(context, offer, name: str) -> str:
    """An offer's title or summary in the page's language, if the provider gave one."""
    return offer.text_in(name, context["LANG"], context["CONTENT_LANG"])[0]


@pass_context
def text_lang(context, offer, name: str) -> str:
    """The language of what ``local`` returns."""
    return offer.text_in(name, context["LANG"], context["CONTENT_LANG"])[1]


# An untranslated title or summary, and its language, are the same in every language (neutral.py)
local.same_in_every_language = lambda context, offer, name: (getattr(offer, name),) if offer.untranslated(name) else None
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


@pass_context
def current_language(context, code: str) -> Markup:
    """' aria-current="page"' on the language menu's entry of the page's own language."""
    return Markup(' aria-current="page"') if code == context["LANG"] else Markup("")


@pass_context
def site_subtitle(context) -> str:
    """The site's subtitle in the page's language where the settings give one (ANGEBOTE_SUBTITLES), else as written."""
    subtitles = context.get("SUBTITLES") or {}
    return subtitles.get(context["LANG"]) or context.get("SITESUBTITLE", "")


@pass_context
def lang_attr(context, code: str) -> Markup:
    return foreign_attrs(code, context["LANG"])
