"""Compiled templates are kept between builds (templating.compiled_templates, Jinja's bytecode cache):
a template changed since is compiled anew, and environments that compile differently never share
what one of them compiled."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader

from angebote.render.compiled import compiled_templates

TEMPLATE = "{% for word in words %}\n  {{ word }}\n{% endfor %}\n"


def _render(folder, **options) -> str:
    """The template as an environment with a cache and these options renders it."""
    env = Environment(loader=FileSystemLoader(str(folder)), **options)
    env.bytecode_cache = compiled_templates(env, {"JINJA_ENVIRONMENT": options})
    assert env.bytecode_cache is not None
    return env.get_template("seite.html").render(words=["a", "b"])


def _fresh(folder, **options) -> str:
    return Environment(loader=FileSystemLoader(str(folder)), **options).get_template("seite.html").render(words=["a", "b"])


def test_a_kept_template_is_used_only_for_the_same_text_and_the_same_options(tmp_path):
    (tmp_path / "seite.html").write_text(TEMPLATE, encoding="utf-8")
    trimmed = {"trim_blocks": True, "lstrip_blocks": True}
    assert _render(tmp_path, **trimmed) == _fresh(tmp_path, **trimmed) == "  a\n  b\n"
    assert _render(tmp_path, **trimmed) == "  a\n  b\n"  # now from the cache
    # other options compile the same text otherwise: not from what the trimmed environment kept
    assert _render(tmp_path) == _fresh(tmp_path) == "\n  a\n\n  b\n"
    # a changed template is compiled anew
    (tmp_path / "seite.html").write_text(TEMPLATE.replace("{{ word }}", "[{{ word }}]"), encoding="utf-8")
    assert _render(tmp_path, **trimmed) == "  [a]\n  [b]\n"
