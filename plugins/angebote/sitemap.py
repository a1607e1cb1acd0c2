"""sitemap.xml and robots.txt for search engines.

Every page the build writes is listed once per language it exists in, with ``xhtml:link``
alternates (``hreflang``) to the same page in the other languages, and ``lastmod`` where a date is
known (an offer's ``reviewed``). A search engine reads at most 50,000 addresses or 50 MB from one
file: a larger site (some 2,000 offers in six languages) gets ``sitemaps/<n>.xml`` with
``sitemap.xml`` as their index.

The pelican-sitemap plugin lists what Pelican itself writes (articles, pages, their
translations); the directory's pages come from its own generator, so this module writes the files
itself, with the standard library's XML escaping (the tests check them against the sitemap XSD).
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# a sitemap file may hold 50,000 addresses and 50 MB; with six languages' alternates an address
# takes about 1 kB, so a file holds fewer
PER_FILE = 20_000


@dataclass
class SitePage:
    """One page: its path under each language's prefix, the languages it is written in."""

    path: str
    languages: list[str] = field(default_factory=list)
    lastmod: datetime.date | None = None
    listed: bool = True  # False: written, but not for search engines (the offline worker's page)


class PageLog:
    """What the generator wrote, in order, for the sitemap."""

    def __init__(self):
        self.pages: dict[str, SitePage] = {}

    def add(self, path: str, lang: str, lastmod: datetime.date | None = None, listed: bool = True) -> None:
        page = self.pages.setdefault(path, SitePage(path, lastmod=lastmod, listed=listed))
        if lang not in page.languages:
            page.languages.append(lang)


def _alternates(links: list[tuple[str, str]]) -> str:
    """links: (hreflang, href), each already an attribute value as quoteattr writes it."""
    return "".join(f'<xhtml:link rel="alternate" hreflang={code} href={href}/>' for code, href in links)


_ATTRIBUTE = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}  # what quoteattr escapes besides escape's three


def _urlset(entries) -> bytes:
    """A urlset; entries are (address escaped as XML text, lastmod, the page's alternates already as XML). Written as
    text: a page's alternates are the same in each of its languages, so they are escaped once
    (ElementTree built and serialised every link again, 0.6 s for the 1000-offer site)."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for loc, lastmod, alternates in entries:
        when = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{loc}</loc>{when}{alternates}</url>")
    parts.append("</urlset>\n")
    return "\n".join(parts).encode("utf-8")


def write_sitemaps(output: Path, log: PageLog, *, address: str, prefixes: dict[str, str],
                   default_lang: str, per_file: int = PER_FILE) -> list[str]:
    """sitemap.xml and, for more than per_file addresses, the files its index names; returns the
    paths written. address: the public site without trailing slash, prefixes: each language's URL
    prefix ("" or "en/")."""
    # Each address escaped in parts (escaping goes letter by letter): its start once per language,
    # its page once, not the whole address for every link of every page. Where a quote is in one,
    # quoteattr picks the quotes, for the whole address.
    starts = {code: f"{address}/{prefix}" for code, prefix in prefixes.items()}
    start_attrs = {code: escape(start, _ATTRIBUTE) for code, start in starts.items()}
    start_texts = {code: escape(start) for code, start in starts.items()}
    codes = {code: quoteattr(code) for code in (*prefixes, "x-default")}

    entries = []
    for page in log.pages.values():
        if not page.listed:
            continue
        alternates = []
        if len(page.languages) > 1:
            path_attr = None if '"' in page.path else escape(page.path, _ATTRIBUTE)

            def attribute(code: str) -> str:
                if path_attr is None or '"' in starts[code]:
                    return quoteattr(starts[code] + page.path)
                return f'"{start_attrs[code]}{path_attr}"'

            alternates = [(codes[code], attribute(code)) for code in page.languages]
            if default_lang in page.languages:
                alternates.append((codes["x-default"], attribute(default_lang)))
        links = _alternates(alternates)
        path = escape(page.path)
        entries += [(start_texts[code] + path, page.lastmod, links) for code in page.languages]
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
