"""The open data: the page ``daten/`` (what there is, under which licence), the HSDS export
``daten/hsds/`` (:mod:`..hsds`), and the Atom feed of each language ``<prefix>daten/angebote.atom``
(:mod:`..feeds`), where the public address is known. (The coordinators' spreadsheet, which the
page lists too, is an output of its own: :mod:`.spreadsheet`.)"""

from __future__ import annotations

from .. import hsds
from ..build import Page
from ..feeds import FEED_PATH, write_feed
from ..settings import setting

COST = 2  # the HSDS export: its tables and a file per record


def check(build) -> None:
    """The HSDS ids' namespace (raises ValueError with a German message)."""
    namespace(build)


def namespace(build):
    return hsds.namespace(setting(build.settings, "ANGEBOTE_HSDS_NAMESPACE"), build.address, build.directory.taxonomy.region)


def template_globals(build) -> dict:
    return {"FEED_PATH": FEED_PATH if build.address else ""}


def pages(build, speech):
    offers = build.directory.offers
    yield Page("daten/", "daten", {"licence": setting(build.settings, "ANGEBOTE_DATA_LICENSE"),
                                   "newest": max((o.reviewed for o in offers), default=None),
                                   "coverage": build.views.translations})


def finish(build, speak):
    """The HSDS export (each offer's ages as the content language's pages write them)."""
    directory = build.directory
    address = build.address
    settings = build.settings
    content_lang = setting(settings, "ANGEBOTE_CONTENT_LANG")
    content = next((language for language in build.languages if language.code == content_lang), None)
    ages = speak(content).phrases().ages if content is not None else {}
    result = hsds.export(
        directory, namespace(build), page_url=lambda path: f"{address}/{path}" if address else "",
        age_phrase=lambda offer: ages.get(id(offer), ""), state=setting(settings, "ANGEBOTE_STATE"),
        country=setting(settings, "ANGEBOTE_COUNTRY"), network=build.publisher)
    hsds.write_hsds(build.files.claim_folder("daten/hsds/"), result, profile_url=f"{address}/daten/" if address else "",
                    title=f"{settings['SITENAME']}: {directory.taxonomy.region}",
                    licence=setting(settings, "ANGEBOTE_DATA_LICENSE"), date=directory.today)


def files(build, speech):
    """The Atom feed of one language: the newest offers, in its words where the provider gave them."""
    if not build.address:
        return
    settings = build.settings
    space = build.kept("hsds namespace", lambda: namespace(build))
    write_feed(build.files.claim(speech.prefix + FEED_PATH), build.directory.offers,
               title=f"{settings['SITENAME']}: {speech.gettext('Neue und geänderte Angebote')}",
               subtitle=setting(settings, "ANGEBOTE_SUBTITLES").get(speech.code) or settings.get("SITESUBTITLE", ""),
               lang=speech.code, site_url=build.page_address("", speech.prefix),
               page_url=lambda offer: build.page_address(offer.url_path, speech.prefix),
               service_id=lambda offer: hsds.service_id(space, offer),
               localized=lambda offer: (speech.text_in(offer, "title"), speech.text_in(offer, "summary")),
               author=build.publisher, timezone=build.time_zone)
