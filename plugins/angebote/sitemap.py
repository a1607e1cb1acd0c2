"""sitemap.xml and robots.txt for search engines.

Every page the build writes is listed once per language it exists in, with ``xhtml:link``
alternates (``hreflang``) to the same page in the other languages, and ``lastmod`` where a date is
known (an offer's ``reviewed``). A search engine reads at most 50,000 addresses from one file: a
larger site (some 5,000 offers in six languages) gets ``sitemaps/<n>.xml`` with ``sitemap.xml``
as their index.

The pelican-sitemap plugin lists what Pelican itself writes (articles, pages, their
translations); the directory's pages come from its own generator, so this module writes the files
with the standard library's ElementTree.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
PER_FILE = 50_000


@dataclass
class SitePage:
    """One page: its path under each language's prefix, the languages it is written in."""

    path: str
    languages: list[str] = field(default_factory=list)
    lastmod: datetime.date | None = None


class PageLog:
    """What the generator wrote, in order, for the sitemap."""

    def __init__(self):
        self.pages: dict[str, SitePage] = {}

    def add(self, path: str, lang: str, lastmod: datetime.date | None = None) -> None:
        page = self.pages.setdefault(path, SitePage(path, lastmod=lastmod))
        if lang not in page.languages:
            page.languages.append(lang)


def _urlset(entries) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for loc, lastmod, alternates in entries:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
        for code, href in alternates:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=code, href=href)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_sitemaps(output: Path, log: PageLog, *, address: str, prefixes: dict[str, str],
                   default_lang: str, per_file: int = PER_FILE) -> list[str]:
    """sitemap.xml and, for more than per_file addresses, the files its index names; returns the
    paths written. address: the public site without trailing slash, prefixes: each language's URL
    prefix ("" or "en/")."""
    def href(code: str, path: str) -> str:
        return f"{address}/{prefixes[code]}{path}"

    entries = []
    for page in log.pages.values():
        alternates = []
        if len(page.languages) > 1:
            alternates = [(code, href(code, page.path)) for code in page.languages]
            if default_lang in page.languages:
                alternates.append(("x-default", href(default_lang, page.path)))
        entries += [(href(code, page.path), page.lastmod, alternates) for code in page.languages]
    if len(entries) <= per_file:
        (output / "sitemap.xml").write_bytes(_urlset(entries))
        return ["sitemap.xml"]
    (output / "sitemaps").mkdir(parents=True, exist_ok=True)
    written = []
    for number, start in enumerate(range(0, len(entries), per_file), start=1):
        name = f"sitemaps/{number}.xml"
        (output / name).write_bytes(_urlset(entries[start : start + per_file]))
        written.append(name)
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for name in written:
        ET.SubElement(ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc").text = f"{address}/{name}"
    (output / "sitemap.xml").write_bytes(ET.tostring(index, encoding="utf-8", xml_declaration=True))
    return ["sitemap.xml", *written]


def write_robots(output: Path, address: str) -> None:
    """robots.txt: every page may be read; where the sitemap is. (Search engines read it only at
    the root of a host: a site published under a path needs the host's own robots.txt to name it.)"""
    sitemap = f"Sitemap: {address}/sitemap.xml\n" if address else ""
    (output / "robots.txt").write_text(f"User-agent: *\nAllow: /\n{sitemap}", encoding="utf-8")
