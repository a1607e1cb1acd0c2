"""Provider Markdown to safe HTML, and to plain text for the search index.

Offer descriptions come from many hands, so the HTML that Markdown produces
(raw HTML included) goes through nh3, a binding to the Rust sanitiser Ammonia,
with a small allow-list: no scripts, no styles, no event handlers, and links
only to http(s), mailto and tel.
"""

from __future__ import annotations

from html import unescape

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li",
    "h2", "h3", "h4", "blockquote", "code", "a", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}, "*": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = markdown.Markdown(extensions=["sane_lists", "toc"], extension_configs={"toc": {"baselevel": 2}})


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_to_html(text: str) -> str:
    """Render a description; headings start at h2 below the page's h1."""
    return sanitise(_markdown.reset().convert(text))


def html_to_text(html: str) -> str:
    """Plain words of rendered HTML, for search and summaries."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
