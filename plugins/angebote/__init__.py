"""Pelican plugin: a directory of support offers for families, children and young people.

``register()`` adds the generator that checks the offer files and writes the
directory's pages (:mod:`.pages`), and prepares every template environment:
autoescaping, gettext (German is the source language) and the filters the
theme uses (:mod:`.templating`).
"""

import gc


def _generators(pelican):
    # Without the cycle collector: the modules' objects live to the end anyway, and it walked them
    # again and again while they were made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .pages import AngeboteGenerator
    finally:
        if collecting:
            gc.enable()
    return AngeboteGenerator


def register():
    # Imported here, not at the top: ``make check`` uses the package's
    # validation without loading Pelican.
    from pelican import signals

    from .templating import prepare_environment

    signals.get_generators.connect(_generators)
    signals.generator_init.connect(prepare_environment)
