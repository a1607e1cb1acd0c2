"""Pelican plugin: a directory of support offers for families, children and young people.

``register()`` adds the generator that checks the offer files and writes the directory's outputs
(:mod:`.generator`), and prepares every template environment: autoescaping, gettext (German is the
source language) and the filters the theme uses (:mod:`.templating`).
"""


def _generators(pelican):
    from .generator import AngeboteGenerator

    return AngeboteGenerator


def register():
    # Imported here, not at the top: ``make check`` uses the package's
    # validation without loading Pelican.
    from pelican import signals

    from .templating import prepare_environment

    signals.get_generators.connect(_generators)
    signals.generator_init.connect(prepare_environment)
