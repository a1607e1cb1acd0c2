"""How the theme's templates are compiled (templating.PageCompiler, templating.InterfaceTexts): each
``{{ … }}`` is escaped by output_escape instead of markupsafe's escape, and ``_("…")`` of one text
is looked up per language instead of called. Both must write exactly what Jinja writes without them,
in every language and in the pages rendered once for all languages (neutral.py)."""

from __future__ import annotations

import datetime

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup, escape

from angebote.render.compiled import output_escape
from angebote.render.once import MARK, Words, rendering_once
from angebote.templating import prepare, set_language, translations

THEME = "theme"


class _Html:
    def __html__(self):
        return "<b>schon sicher</b>"


class _Text(str):
    pass


@pytest.mark.parametrize("value", [
    "", "a & b < c > d ' e \" f", "Kita", "قابلة <script>", Markup("<em>&amp;</em>"), Words().mark("value", "LANG"),
    0, 12, 3.5, True, None, datetime.date(2026, 12, 6), _Html(), _Text("x < y"), ["<a>"], {"k": "<v>"},
], ids=lambda value: type(value).__name__)
def test_output_escape_writes_what_markupsafe_escape_writes(value):
    assert str.__str__(output_escape(value)) == str.__str__(escape(value))


# Calls of _ in every form the theme uses, and some it does not
SOURCE = """
<p>{{ _("Kontakt") }}|{{ _('Wo') }}|{{ _("kostenlos") ~ "!" }}|{{ _("Zuletzt geprüft am %(date)s.", date="1. Mai") }}</p>
<p title="{{ _("Merken") }}">{{ _("Programme") if many else _("Programm") }}</p>
{% set heading = _("Öffnungszeiten") %}<h2>{{ heading }}</h2>
{% macro cell(word) %}<td>{{ word }} {{ _("ja") }}</td>{% endmacro %}{{ cell(_("nein")) }}
{{ words._("x") }}|{{ pgettext("Angabe", "Träger") }}|{{ ngettext("%(num)d Angebot", "%(num)d Angebote", 3) }}
{{ "<b>" }}{{ safe_html }}{{ number }}{{ nothing }}
"""
VALUES = {"many": True, "words": {"_": lambda text: "attr:" + text}, "safe_html": Markup("<i>ok</i>"), "number": 7,
          "nothing": None}


def _environment(compiled: bool) -> Environment:
    env = Environment(loader=DictLoader({"seite.html": SOURCE}))
    if compiled:
        prepare(env, "de", THEME)
    else:  # Jinja as it is, with the same translations
        env.autoescape = True
        env.add_extension("jinja2.ext.i18n")
    return env


@pytest.mark.parametrize("lang", ["de", "ar", "en", "tr", "uk", "ru"])
def test_texts_and_escaping_compile_to_the_same_page_in_every_language(lang):
    ours, jinjas = _environment(True), _environment(False)
    set_language(ours, lang, THEME)
    set_language(jinjas, lang, THEME)
    page = ours.get_template("seite.html").render(VALUES)
    assert page == jinjas.get_template("seite.html").render(VALUES)
    # not by chance the same: the texts were looked up, and the output escaped by output_escape
    code = ours.compile(SOURCE, raw=True)
    assert code.count("'Kontakt'") == code.count("_texts), 'Kontakt')") == 1 and "environment.output_escape(" in code
    # the call with a value to put in, and another's method _, stay calls
    assert "l_0__), 'Zuletzt geprüft am %(date)s.', date=" in code and "'_'), 'x')" in code
    assert f"<p>{translations(THEME, lang).gettext('Kontakt')}|" in page


def test_a_text_rendered_once_for_all_languages_is_its_gettext_mark():
    env = _environment(True)
    words = Words()
    with rendering_once(env, words):
        neutral = env.get_template("seite.html").render(VALUES)
    assert "Kontakt" not in neutral  # a mark stands for it
    for lang in ("de", "ar"):
        set_language(env, lang, THEME)
        words.start(env, lambda: env.get_template("seite.html").new_context(VALUES))
        plain = _environment(False)
        set_language(plain, lang, THEME)
        assert words.fill(neutral) == plain.get_template("seite.html").render(VALUES)


def test_macros_imported_without_context_speak_the_current_language():
    """The theme imports its macros without context: Jinja keeps such a module, made with the
    globals of its first import. Each change of language, and the pass for all languages, must
    make it again (templating.forget_modules), or every language would get the first one's words."""
    env = Environment(loader=DictLoader({
        "_m.html": '{% macro label() %}{{ _("Kontakt") }} {{ ngettext("%(num)d Angebot", "%(num)d Angebote", 2) }}{% endmacro %}',
        "seite.html": '{% from "_m.html" import label %}{{ label() }}',
    }))
    prepare(env, "de", THEME)
    page = env.get_template("seite.html")
    said = {"de": page.render()}
    for lang in ("en", "ar", "de"):
        set_language(env, lang, THEME)
        said[lang] = page.render()
    gettext = translations(THEME, "en").gettext
    assert said["de"] == "Kontakt 2 Angebote"
    assert said["en"] == f"{gettext('Kontakt')} {translations(THEME, 'en').ngettext('%(num)d Angebot', '%(num)d Angebote', 2) % {'num': 2}}"
    assert len({said["de"], said["en"], said["ar"]}) == 3
    words = Words()
    with rendering_once(env, words):
        marked = page.render()
    assert MARK in marked and "Kontakt" not in marked
    assert page.render() == said["de"]  # and after the pass, the language's words again


def test_the_macros_imported_without_context_use_no_value_of_the_page():
    """What the theme imports without context sees the environment's globals only: a page's value
    (SITEURL, MAP, …) would be undefined there, and write nothing without a word."""
    from jinja2 import FileSystemLoader, meta
    env = Environment(loader=FileSystemLoader(f"{THEME}/templates"))
    prepare(env, "de", THEME)
    own = {"ages", "cost", "start"}  # _macros.html's own variables, set inside call blocks
    for name in ("_macros.html", "_facet_titles.html"):
        used = meta.find_undeclared_variables(env.parse(env.loader.get_source(env, name)[0]))
        assert used - set(env.globals) <= own, f"{name}: {sorted(used - set(env.globals) - own)}"


# ---------------------------------------------------------------- what of Jinja and markupsafe the speed uses

def test_the_page_compiler_still_writes_each_output_through_output_escape():
    """PageCompiler overrides Jinja's CodeGenerator._output_child_pre: if Jinja stops calling it, the
    compiled code no longer names output_escape (and the pages would still be right, only slower)."""
    env = Environment(autoescape=True)
    prepare(env, "de", THEME)
    assert "environment.output_escape(" in env.compile("<p>{{ name }} {{ 1 + 2 }}</p>", raw=True)
    assert env.from_string("<p>{{ name }}</p>").render(name="<b>") == "<p>&lt;b&gt;</p>"


def test_markupsafes_own_escaping_is_there():
    """output_escape takes markupsafe's _escape_inner where it is (a fallback keeps it right otherwise)."""
    import markupsafe

    from angebote.render import compiled

    assert compiled._escape_text is markupsafe._escape_inner
    assert compiled._escape_text("<a href='x'>&") == str(escape("<a href='x'>&"))


def test_jinjas_marks_of_what_a_function_is_passed_tell_the_three_apart():
    """render/once.py calls deferred functions as Jinja would, by the mark Jinja's public decorators leave."""
    from jinja2 import pass_context, pass_environment, pass_eval_context

    from angebote.render.once import _pass_arg

    assert [_pass_arg(decorate(lambda: None)) for decorate in (pass_context, pass_eval_context, pass_environment)] == [
        "context", "eval_context", "environment"]
    assert _pass_arg(lambda: None) is None


def test_jinja_keeps_a_templates_module_where_forget_modules_looks():
    """forget_modules empties Jinja's Template._module; where Jinja keeps it elsewhere it says so."""
    from angebote.render.compiled import forget_modules

    env = Environment(loader=DictLoader({"m.html": "{% macro hallo() %}{{ _('Kontakt') }}{% endmacro %}",
                                         "p.html": "{% from 'm.html' import hallo %}{{ hallo() }}"}), autoescape=True)
    prepare(env, "de", THEME)
    assert env.get_template("p.html").render() == "Kontakt"
    assert vars(env.get_template("m.html")).get("_module") is not None
    set_language(env, "en", THEME)  # forgets them
    assert vars(env.get_template("m.html"))["_module"] is None
    assert env.get_template("p.html").render() == "Contact"
    del env.get_template("m.html")._module
    with pytest.raises(RuntimeError, match="forget_modules anpassen"):
        forget_modules(env)
