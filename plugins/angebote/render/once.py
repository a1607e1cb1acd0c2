"""Pages rendered once for every language, their words filled in per language: the speed machinery's
largest piece (at 2000 offers in six languages: 33 -> 15 CPU seconds), which no output sees.

The same page in six languages is the same markup six times over: only its words differ (the
interface texts, the labels of ages, areas and towns, dates, language names, the language's URL
prefix). The directory's most numerous pages (offers, lists, providers, town contacts: see
:data:`RENDERED_ONCE`) are therefore rendered once, in *neutral* mode: every language-dependent
call in the templates leaves a mark instead of its text, a number between two ``MARK``
characters, which stands for the call (the function and its arguments). Then, in each language,
:meth:`Words.fill` replaces each mark by what the call gives in that language, computed once per
language however many pages hold it: ``_("Kontakt")`` is translated six times for the whole site,
not once per page and language.

What a template may do in neutral mode: output the language-dependent values, pass them to the
functions listed below (gettext, the label filters, lang_attr, the page frame, …; ``first_upper``
and ``striptags`` take them too), join and concatenate them. What it must not do: compare them,
measure them or branch on them (``{% if LANG == … %}``): a mark is not the word it stands for.
Such logic goes into a function of :mod:`..templating` (``current_language``, ``site_subtitle``),
declared ``@per_language`` and then deferred like the others; ``PLURAL_SAMPLES`` is refused outright.
The outputs' helpers (an offer's JSON-LD, its report links) are written once, against a
:class:`~.plain.Speech`; here they get a :class:`MarkedSpeech`, whose words are marks. The build checks
that the pages filled this way are the same, byte for byte, as those rendered per language
(tests/test_build.py builds the sample site both ways).

The providers' texts cannot hold a ``MARK``: validation refuses control characters.
"""

from __future__ import annotations

import datetime
import re
import traceback
from contextlib import contextmanager

from jinja2 import pass_context, pass_environment, pass_eval_context
from markupsafe import Markup, escape

from ..build import BuildFailed
from ..read.frontmatter import MARK
from ..templating import LANGUAGE_VALUES, forget_once, translations
from .compiled import TEXTS, forget_modules


# The pages rendered once for every language, then filled in per language: the ones there are
# thousands or hundreds of. Their templates (with base.html, _macros.html, eintrag.html,
# kontakt_zellen.html, _gruppen.html, _facet_titles.html and _karte.html) follow this module's rules.
# (initiative.html and gutschein.html do not: they show a programme's texts in the page's language.)
RENDERED_ONCE = frozenset({"angebot", "liste", "traeger", "kontakte_ort", "facette"})

# Pure functions of their text: deferred only where that text holds a mark
WHERE_MARKED = ("first_upper", "striptags")
# Values of the language in the page context (set by the renderer)
CONTEXT_VALUES = ("SITEURL", "LANGUAGE_PREFIX")


class NotNeutral(Exception):
    """A template rendered once for all languages used what differs per language in a way a mark cannot stand for."""


class _Refused:
    """What a neutral template may not use at all (PLURAL_SAMPLES: a loop over the language's plural forms)."""

    def __init__(self, name: str):
        self.name = name

    def __iter__(self):
        raise NotNeutral(f"{self.name} kann in einer für alle Sprachen gerenderten Seite nicht verwendet werden.")


class _Mark(Markup):
    """A mark of a word that differs between languages. Comparing it, testing it or measuring it
    would give the same answer in every language: that fails the build instead of a wrong page."""

    __hash__ = Markup.__hash__

    def _refuse(self, *args):
        raise NotNeutral("Ein Wort, das in jeder Sprache anders ist (etwa LANG oder ein übersetzter Text), wird "
                         "verglichen, geprüft oder gemessen. Das geht in einer für alle Sprachen gerenderten Seite "
                         "nicht: dafür eine Funktion in templating.py schreiben (siehe render/once.py).")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __len__ = _refuse


_BY_VALUE = frozenset({int, float, bool, datetime.date, type(None)})


def _key(value):
    """What tells a call's argument from another (see Words.mark)."""
    if value.__class__ is str:
        return value
    if isinstance(value, str):
        return (str.__str__(value),)
    if value.__class__ in _BY_VALUE:
        return (value.__class__, value)
    return id(value)


# What Jinja's public decorators mark a function with (the attribute and its values are Jinja's own:
# tests/test_template_compiling.py checks that they still tell the three apart)
_PASSED = {getattr(decorate(lambda: None), "jinja_pass_arg", None): name for decorate, name in (
    (pass_context, "context"), (pass_eval_context, "eval_context"), (pass_environment, "environment"))}


def _pass_arg(function) -> str | None:
    """What Jinja passes a function first: "context", "eval_context", "environment" or nothing."""
    passed = getattr(function, "jinja_pass_arg", None)
    return None if passed is None else _PASSED[passed]


class Words:
    """The marks of neutral pages, and their values in the language being written."""

    def __init__(self):
        self._calls: list[tuple] = []  # number -> (kind, target, args, kwargs)
        self._marks: dict[tuple, Markup] = {}  # the key of a call (see mark) -> its mark
        self._values = _Escaped(self)  # number -> the escaped text, in the current language
        self._raw: dict[str, object] = {}  # number -> the value as the call returned it
        self._encoders: dict = {}  # encode -> the function of its marks (encoded)
        self._env = None
        self._make_context = None
        self._context = None

    def mark(self, kind: str, target, args=(), kwargs=None) -> Markup:
        """A mark for a call: kind "value" (target: a name in the page context), "global" (a
        function of the page context by name), "filter" (by name) or "python" (target: a function,
        whose result the caller knows is never empty: its mark may be tested)."""
        # Equal keys are the same call: texts by their letters (HTML in a 1-tuple: it is not escaped
        # again), numbers and dates by type and value (the offers' dates: a few hundred days, not
        # thousands of calls), anything else by identity (the call keeps it alive: no other object
        # takes its id).
        if kwargs:
            items = tuple(sorted(kwargs.items()))
            key = (kind, target, *[a if a.__class__ is str else _key(a) for a in args], *[(n, _key(v)) for n, v in items])
        else:  # most calls: gettext of one text
            items = ()
            key = (kind, target, args[0]) if len(args) == 1 and args[0].__class__ is str else (
                kind, target, *[a if a.__class__ is str else _key(a) for a in args])
        found = self._marks.get(key)
        if found is None:
            number = str(len(self._calls))
            self._calls.append((kind, target, args, items))
            found = self._marks[key] = (Markup if kind == "python" else _Mark)(MARK + number + MARK)
        return found

    def encoded(self, text: str, encode, static: bool = True) -> str:
        """text as encode (a str function that encodes each character on its own: JSON's string
        escapes, percent-encoding) gives it: its marks too, each now a mark of its value so
        encoded (filled in as it is); static=False: the rest of text is already encoded."""
        parts = str.split(text, MARK)
        if static:
            parts[0::2] = map(encode, parts[0::2])
        encoder = self._encoders.get(encode)
        if encoder is None:
            encoder = self._encoders[encode] = lambda value: Markup(encode(str(value)))
        parts[1::2] = [str.__str__(self.mark("python", encoder, (MARK + number + MARK,)))[1:-1] for number in parts[1::2]]
        return MARK.join(parts)

    def start(self, env, make_context) -> None:
        """Fill in the language the environment is set to now; make_context gives a Jinja context
        of that language (the page context, its globals) for the calls that take one."""
        self._env, self._make_context, self._context = env, make_context, None
        self._values, self._raw = _Escaped(self), {}

    def fill(self, text: str) -> str:
        """text with each mark replaced by its escaped value in the current language (Markup stays Markup)."""
        if MARK not in text:
            return text
        parts = split(text)
        parts[1::2] = map(self._values.__getitem__, parts[1::2])  # each mark's number by its text
        filled = "".join(parts)
        return Markup(filled) if isinstance(text, Markup) else filled

    def every_value(self) -> dict[str, str]:
        """Each mark's escaped value in the current language, by its number (for filled_in)."""
        values = self._values
        for number in range(len(self._calls)):
            values[str(number)]  # (worked out where it is not yet)
        return dict(values)

    def _value(self, number: str):
        if number not in self._raw:
            try:
                kind, target, args, kwargs = self._calls[int(number)]
            except (ValueError, IndexError):
                raise NotNeutral(f"Unbekannte Markierung {number!r}.") from None
            self._raw[number] = self._call(kind, target, args, kwargs)
        return self._raw[number]

    def _argument(self, value):
        """An argument as the call gets it in the current language: a lone mark gives its value as
        returned, a text holding marks is filled in."""
        if not isinstance(value, str) or MARK not in value:
            return value
        if value.startswith(MARK) and value.endswith(MARK) and value.count(MARK) == 2:
            return self._value(str.__str__(value)[1:-1])
        return self.fill(value)

    def _call(self, kind, target, args, kwargs):
        if self._context is None:
            self._context = self._make_context()
        context = self._context
        if kind == "value":
            return context[target]
        if kind == "filter":
            function = self._env.filters[target]
        elif kind == "global":
            function = context[target]
        else:  # "python"
            function = target
        args = [self._argument(a) for a in args]
        kwargs = {name: self._argument(v) for name, v in kwargs}
        passing = _pass_arg(function)
        if passing == "context":
            return function(context, *args, **kwargs)
        if passing == "eval_context":
            return function(context.eval_ctx, *args, **kwargs)
        if passing == "environment":
            return function(self._env, *args, **kwargs)
        return function(*args, **kwargs)


def split(text: str) -> list[str]:
    """text cut at its marks: its parts without marks, each followed by a mark's number (but the last)."""
    parts = str.split(text, MARK)  # plain str (a Markup's split gives Markups, a mark's marks)
    if len(parts) % 2 == 0:
        raise NotNeutral("Eine Markierung ist nicht geschlossen.")
    return parts


def filled_in(parts: list[str], values: dict[str, str]) -> str:
    """A text cut by split, each mark replaced by its value in values (Words.every_value of a language)."""
    filled = parts.copy()
    try:
        filled[1::2] = map(values.__getitem__, parts[1::2])
    except KeyError as unknown:
        raise NotNeutral(f"Unbekannte Markierung {unknown.args[0]!r}.") from None
    return "".join(filled)


_JSON_ESCAPE = re.compile(r"\\(?:\\|u0000(\d+)\\u0000)")  # an escaped backslash, or a mark as JSON escapes it


def json_marks(text: str) -> str:
    """A JSON text (json.dumps of data holding marks) with its marks as marks again, not as the
    escapes \\u0000…\\u0000 (an escaped backslash before "u0000" stays as it is)."""
    return _JSON_ESCAPE.sub(lambda m: m.group(0) if m.group(1) is None else MARK + m.group(1) + MARK, text)


class _Escaped(dict):
    """number -> the escaped text of the mark, in the language being written; worked out when first asked for."""

    def __init__(self, words: Words):
        super().__init__()
        self._words = words

    def __missing__(self, number: str) -> str:
        value = self[number] = str(escape(self._words._value(number)))
        return value


class _MarkedTexts(dict):
    """text -> the mark of gettext(text), as the deferred gettext gives it; kept per text."""

    def __init__(self, words: Words):
        super().__init__()
        self._words = words

    def __missing__(self, text: str) -> Markup:
        value = self[text] = self._words.mark("global", "gettext", (text,))
        return value


def _deferring(words: Words, kind: str, name: str, original, only_where_marked=False):
    """A stand-in for a template function: it returns a mark for the call (with the original's
    way of taking Jinja's context, which Jinja decides when it compiles a template). Where the
    original knows that a call gives the same in every language (its ``same_in_every_language``,
    called like it, gives that value as a 1-tuple, else None), it gives the value itself: no mark
    to fill in six times (an offer's untranslated title, and the language of that title)."""
    passing = getattr(original, "jinja_pass_arg", None)
    same = getattr(original, "same_in_every_language", None)

    def deferred(*args, **kwargs):
        if same is not None:
            found = same(*args, **kwargs)
            if found is not None:
                return found[0]
        if passing is not None:
            args = args[1:]  # Jinja's context: the call is made later, in each language's
        if only_where_marked and not any(isinstance(a, str) and MARK in a for a in (*args, *kwargs.values())):
            return original(*args, **kwargs)  # (only functions that take no context: WHERE_MARKED)
        return words.mark(kind, name, args, kwargs)

    if passing is not None:
        deferred.jinja_pass_arg = passing
    return deferred


def deferred_names(env) -> tuple[list[str], list[str]]:
    """The globals and filters declared @per_language (templating.per_language)."""
    return ([name for name, value in env.globals.items() if getattr(value, "per_language", False)],
            [name for name, value in env.filters.items() if getattr(value, "per_language", False)])


@contextmanager
def rendering_once(env, words: Words):
    """The environment in neutral mode for the time of the with block (then as before)."""
    deferred_globals, deferred_filters = deferred_names(env)
    saved_globals = {name: env.globals.get(name) for name in (*deferred_globals, *LANGUAGE_VALUES, "PLURAL_SAMPLES", "_", TEXTS)}
    saved_filters = {name: env.filters[name] for name in (*deferred_filters, *WHERE_MARKED)}
    forget_once(env)  # what templating.once kept holds another Words' marks
    forget_modules(env)
    try:
        for name in deferred_globals:
            env.globals[name] = _deferring(words, "global", name, env.globals[name])
        # _() is gettext() (jinja2.ext's alias, which looks gettext up and calls it): the same mark, one call fewer
        env.globals["_"] = env.globals["gettext"]
        env.globals[TEXTS] = _MarkedTexts(words)  # _("…") of one text (compiled.InterfaceTexts): its gettext mark
        for name in LANGUAGE_VALUES:
            env.globals[name] = words.mark("value", name)
        env.globals["PLURAL_SAMPLES"] = _Refused("PLURAL_SAMPLES")
        for name in deferred_filters:
            env.filters[name] = _deferring(words, "filter", name, env.filters[name])
        for name in WHERE_MARKED:
            env.filters[name] = _deferring(words, "filter", name, env.filters[name], only_where_marked=True)
        yield
    finally:
        env.globals.update(saved_globals)
        env.filters.update(saved_filters)
        forget_once(env)
        forget_modules(env)


def failure(error: NotNeutral) -> BuildFailed:
    """The build's failure for a page that cannot be rendered once for all languages, at the innermost
    template line where there is one (Jinja puts the templates' lines into the traceback)."""
    lines = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    return BuildFailed(f"{lines[-1].filename}:{lines[-1].lineno}: {error}" if lines else f"Seite für alle Sprachen: {error}")


_PLACEHOLDER = re.compile(r"(?:[^%]|%%)*%\((\w+)\)s(?:[^%]|%%)*\Z")


class MarkedSpeech:
    """What an output's helper asks of the page's language (see plain.Speech), in the pass for all
    languages: each word a mark, filled in later in each language by the plain Speech of that
    language, which ``current()`` gives."""

    def __init__(self, words: Words, current, theme: str, codes: list[str]):
        self._words = words
        mark = words.mark
        self.code = mark("value", "LANG")  # refuses to be compared
        self.prefix = str.__str__(mark("python", lambda: current().prefix, ()))
        self._label = lambda term: current().label(term)
        self._text_in = lambda offer, name: current().text_in(offer, name)
        self._language_name = lambda code: current().language_name(code)
        self._gettext = lambda text: current().gettext(text)
        self._formatted = lambda text, *values: current().gettext(text, **dict(zip(values[::2], values[1::2])))
        self._part = lambda text, index: _cut(current().gettext(text), index)
        self._theme, self._codes = theme, codes
        self._cuttable: dict[str, bool] = {}

    def _marked(self, target, *args) -> str:
        return str.__str__(self._words.mark("python", target, args))

    def gettext(self, text: str, **values) -> str:
        if not values:
            return self._marked(self._gettext, text)
        if len(values) == 1 and self._cut_everywhere(text):
            # the words before and after the one value: a mark each for the whole site, not one per value
            [value] = values.values()
            return self._marked(self._part, text, 0) + value + self._marked(self._part, text, 1)
        return self._marked(self._formatted, text, *[x for item in sorted(values.items()) for x in item])

    def _cut_everywhere(self, text: str) -> bool:
        """Whether text's translation holds its one value once in every language, and nothing else to fill in."""
        found = self._cuttable.get(text)
        if found is None:
            found = self._cuttable[text] = all(
                _PLACEHOLDER.match(translations(self._theme, code).gettext(text)) for code in self._codes)
        return found

    def label(self, term) -> str:
        return self._marked(self._label, term)

    def text_in(self, offer, name: str) -> str:
        """The text itself where no translation gives another, else a mark."""
        return offer.as_written(name) if offer.untranslated(name) else self._marked(self._text_in, offer, name)

    def language_name(self, code: str) -> str:
        return self._marked(self._language_name, code)

    def encoded(self, text: str, encode) -> str:
        """text as encode (a function that encodes each character on its own) gives it, each mark
        now a mark of its value so encoded. (Encoding line by line, each line once, saved nothing:
        bench/speed_pieces.py.)"""
        return self._words.encoded(text, encode)

    def json(self, text: str, in_string) -> Markup:
        """A JSON text (with its marks as JSON escapes them), each mark filled in as in_string encodes it."""
        return Markup(self._words.encoded(json_marks(text), in_string, static=False))


def _cut(text: str, index: int) -> str:
    """The part before (0) or after (1) the one placeholder of a translated text, its %% as %."""
    before, after = re.split(r"%\(\w+\)s", text)
    return (before, after)[index].replace("%%", "%")
