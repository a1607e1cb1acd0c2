"""The Lotsen-Merkliste: the page ``merkliste/`` in each language, what a hand-over shows of each
offer in that language (``<prefix>merkliste/angebote.json``, :mod:`..handout`), and the QR code's
script from npm (``theme/vendor/qrcode.js``; its licence, MIT, is in its header)."""

from __future__ import annotations

from pathlib import Path

from ..build import Page
from ..handout import handout_record
from ..settings import setting


def pages(build, speech):
    yield Page("merkliste/", "merkliste")


def files(build, speech):
    phrases = speech.phrases()
    free = speech.gettext("kostenlos")
    build.files.write_json(f"{speech.prefix}merkliste/angebote.json", {
        offer.slug: handout_record(offer, speech.text_and_language, phrases.ages[id(offer)], phrases.towns[id(offer)],
                                   free, speech.code)
        for offer in build.directory.offers})


def finish(build, speak):
    build.files.copy(Path(setting(build.settings, "ANGEBOTE_NODE_MODULES"), "qrcode-generator/dist/qrcode.js"),
                     "theme/vendor/qrcode.js")


def offline(build, language):
    """The Merkliste and its offers' essentials (also what an offer never visited shows offline)."""
    return [f"{language.prefix}merkliste/", f"{language.prefix}merkliste/angebote.json"]
