"""Provider Markdown to safe HTML, and to plain text for the search index.

Offer descriptions come from many hands, so the HTML that Markdown produces
goes through nh3, a binding to the Rust sanitiser Ammonia, with a small
allow-list: no scripts, no styles, no event handlers, and links only to
http(s), mailto and tel.

Raw HTML is taken only for the allowed tags; anything else in angle brackets
(``Bitte <Name einfügen>``) stays visible as text instead of being removed,
and ``<tel:+49 2541 …>`` is a phone link like ``<https://…>`` is a web link.
Markdown gets a fixed recursion budget below its caller, so a description
nested too deeply fails the same way in ``make check`` and in the build.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as etree
from html import unescape

import markdown
import nh3
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li",
    "h2", "h3", "h4", "blockquote", "code", "a", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}, "*": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Stack frames Markdown may use below markdown_to_html (lists, quotes and emphasis nested
# about 40 deep fit; real descriptions need a handful).
RECURSION_BUDGET = 400

_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")


class TooDeep(Exception):
    """The description is nested deeper than Markdown's recursion budget."""


class _AllowedHtml(HtmlInlineProcessor):
    """Inline raw HTML only for tags the sanitiser keeps (and comments); the rest stays text."""

    def handleMatch(self, m, data):
        name = _TAG_NAME.match(m.group(1))
        if m.group(1).startswith("<!--") or (name and name.group(1).lower() in ALLOWED_TAGS):
            return super().handleMatch(m, data)
        return None, None, None


class _TelLink(InlineProcessor):
    def handleMatch(self, m, data):
        link = etree.Element("a")
        link.set("href", "tel:" + re.sub(r"[^+0-9]", "", m.group(1)))
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


class _Extension(markdown.Extension):
    def extendMarkdown(self, md):
        # A line that starts with a tag is a paragraph like any other, so the inline rule above decides.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.register(_AllowedHtml(HTML_RE, md), "html", 90)
        md.inlinePatterns.register(_TelLink(r"<tel:(\+?[0-9][0-9 ()/-]{2,40})>", md), "tel_link", 125)


_markdown = markdown.Markdown(extensions=["sane_lists", "toc", _Extension()], extension_configs={"toc": {"baselevel": 2}})


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def markdown_to_html(text: str) -> str:
    """Render a description; headings start at h2 below the page's h1. Raises TooDeep."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + RECURSION_BUDGET)
    try:
        html = _markdown.reset().convert(text)
    except RecursionError:
        raise TooDeep() from None
    finally:
        sys.setrecursionlimit(limit)
        _markdown.reset()
    return sanitise(html)


def html_to_text(html: str) -> str:
    """Plain words of rendered HTML, for search and summaries."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
