"""``content/pages/`` (Impressum, Datenschutz, …) in each language where a translation exists,
``<prefix><slug>/``; Pelican itself writes the first language's. The language menu keeps a page
only where every language has it."""

from __future__ import annotations

from ..build import Page


def pages(build, speech):
    languages = build.languages
    for page in build.context.get("pages", []):
        if speech.code == languages[0].code:
            yield Page(f"{page.slug}/", None)  # Pelican writes it: listed, not written here
        translated = {t.lang: t for t in page.translations}
        if speech.code in translated:
            everywhere = all(language.code in translated for language in languages[1:])
            yield Page(f"{page.slug}/", "page", {"page": translated[speech.code]}, page_url=None if everywhere else "",
                       shows=())
