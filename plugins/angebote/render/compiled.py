"""How the theme's templates are compiled for speed: the same pages, written faster.

Each piece below uses something of Jinja or markupsafe that is not their public interface, in one
function each, with a test in tests/test_template_compiling.py that fails when the library
changes underneath it:

* :class:`PageCompiler` (Jinja's ``CodeGenerator._output_child_pre``): every ``{{ … }}`` is escaped
  by :func:`output_escape`, a plain string, where Jinja makes a Markup of each output: a sixth of
  the time of rendering a page (neutral pass 1.92 -> 1.68 s at 2000 offers);
* :func:`output_escape` (markupsafe's ``_escape_inner``, with a fallback to the public escape);
* :class:`InterfaceTexts`: ``_("Kontakt")`` is looked up, translated once per language
  (:class:`Texts`), not called at each of the tens of thousands of places a build shows it
  (neutral pass 2.05 -> 1.92 s);
* :func:`forget_modules` (Jinja's ``Template._module``): macros imported without context are made
  into a module once per language, not on every page and row (neutral pass 2.18 -> 1.93 s);
* :func:`compiled_templates`: Jinja's cache of compiled templates on disk (half a second of every
  build).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import markupsafe
from jinja2 import FileSystemBytecodeCache
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token

# what decides how a template compiles besides its text: this module and the one that sets up the
# environment (see compiled_templates)
_COMPILING = hashlib.sha256(Path(__file__).read_bytes()
                            + (Path(__file__).resolve().parents[1] / "templating.py").read_bytes()).hexdigest()


def compiled_templates(env, settings) -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates, so that a build compiles only the templates changed since
    the last (compiling the theme took half a second of every build). It lies in Jinja's own folder
    for it (in the system's temporary folder, the user's alone; None where there is none to be had).
    A compiled template is found again by its path and the checksum of its text; its file names
    also hold a digest of what else decides how it compiles (the environment's options, this module
    and templating.py), so that builds with other options never share one."""
    options = repr((sorted(settings.get("JINJA_ENVIRONMENT", {}).items(), key=lambda item: item[0]),
                    sorted(env.extensions), _COMPILING, env.autoescape, env.trim_blocks, env.lstrip_blocks, jinja2.__version__))
    try:
        return FileSystemBytecodeCache(pattern=f"angebote-{hashlib.sha256(options.encode()).hexdigest()[:16]}-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder (Jinja refuses one others could write)
        return None


# markupsafe's escaping of a str, without making a Markup of it (markupsafe 3's own name; else by escape)
_escape_text = getattr(markupsafe, "_escape_inner", None) or (lambda text: str.__str__(markupsafe.escape(text)))


def output_escape(value) -> str:
    """What ``{{ value }}`` writes into the page: the text markupsafe.escape gives, as a str."""
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
    as ``_texts["Kontakt"]``: the same text in each language, translated once per language (Texts).
    Other calls of ``_`` (with values to put in) stay calls. (The value is gettext's with
    autoescape on, which the theme never turns off.)"""

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


def compile_faster(env) -> None:
    """The environment's templates compiled by PageCompiler, its interface texts looked up."""
    env.add_extension(InterfaceTexts)
    env.code_generator_class = PageCompiler
    env.output_escape = output_escape


def forget_modules(env) -> None:
    """Jinja makes a template imported without context (``{% from "_macros.html" import … %}``) into
    a module once and keeps it (``Template._module``), with the globals of that moment: the
    language's texts and functions, or the marks of the pages rendered once. When they change (a
    language switch, rendering once), each is made again at its next import."""
    for template in (env.cache or {}).values():
        if "_module" not in vars(template):
            raise RuntimeError("jinja2 hält importierte Vorlagen anders als erwartet: render/compiled.forget_modules anpassen.")
        template._module = None
