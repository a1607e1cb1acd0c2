"""``sitemap.xml`` (and ``sitemaps/<n>.xml`` for a large site) from the record of every page the
build wrote in every language (:mod:`..sitemap`), and ``robots.txt``. Last of the outputs: it
reads what all the others declared."""

from __future__ import annotations

from ..sitemap import write_robots, write_sitemaps


def after(build):
    files = build.files
    if build.address:
        files.claim("sitemap.xml")
        files.claim_folder("sitemaps/")
        write_sitemaps(build.output, files.pages, address=build.address, default_lang=build.first_language.code,
                       prefixes={language.code: language.prefix for language in build.languages})
    files.claim("robots.txt")
    write_robots(build.output, build.address)
