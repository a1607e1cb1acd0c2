"""Pelican plugin: a directory of support offers for families, children and young people.

``register()`` adds the generator that checks the offer files and writes the
directory's pages (:mod:`.pages`), and prepares every template environment:
autoescaping, gettext (German is the source language) and the filters the
theme uses (:mod:`.templating`).
"""

from pelican import signals

from .pages import AngeboteGenerator
from .templating import prepare_environment


def _generators(pelican):
    return AngeboteGenerator


def register():
    signals.get_generators.connect(_generators)
    signals.generator_init.connect(prepare_environment)
