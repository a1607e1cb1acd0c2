"""The home page of each language: ``index.html`` (under each language's prefix)."""

from __future__ import annotations

from ..build import Page


def pages(build, speech):
    yield Page("", "startseite")


def offline(build, language):
    return [language.prefix]
