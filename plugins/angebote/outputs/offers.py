"""Each offer's page ``angebote/<offer>/``, the providers ``traeger/`` and each provider's page
``traeger/<provider>/``, and what these pages carry for others: schema.org JSON-LD
(:mod:`..structured_data`) and the "Fehler melden" links (:mod:`..corrections`). Every list of
offers shows each as the same row (``eintrag.html``, ``offer_item``).
"""

from __future__ import annotations

from markupsafe import Markup

from .. import corrections, structured_data
from ..build import Page
from ..model import Offer, Provider
from ..settings import setting


def pages(build, speech):
    directory = build.directory
    for offer in directory.offers:
        yield own_page(build, speech, offer)
    yield Page("traeger/", "traeger_liste", {"providers": directory.providers})
    for provider in directory.providers:
        yield own_page(build, speech, provider)


def own_page(build, speech, item: Offer | Provider) -> Page:
    """An offer's or a provider's own page (make dev writes those of what changed first)."""
    if isinstance(item, Offer):
        return Page(item.url_path, "angebot", {"offer": item}, shows=(item, item.provider), subject=item,
                    lastmod=item.reviewed)
    return Page(item.url_path, "traeger", {"provider": item}, shows=(*item.offers, item), subject=item)


def offer_json_ld(build, speech, offer, ages) -> Markup:
    """The offer as a schema.org Service (ages: as the page writes them)."""
    data = structured_data.offer_data(
        offer, page=build.page_address(offer.url_path, speech.prefix),
        provider_page=build.page_address(offer.provider.url_path, speech.prefix),
        title=speech.text_in(offer, "title"), summary=speech.text_in(offer, "summary"), ages=str.__str__(ages),
        area_labels=[speech.label(t) for t in offer.areas], town_labels=[speech.label(t) for t in offer.towns],
        taxonomy=build.directory.taxonomy, language_name=speech.language_name,
        country=setting(build.settings, "ANGEBOTE_COUNTRY"))
    return speech.json(structured_data.script(data), structured_data.in_string)


def provider_json_ld(build, speech, provider) -> Markup:
    """The provider as a schema.org Organization."""
    data = structured_data.provider_data(provider, page=build.page_address(provider.url_path, speech.prefix),
                                         country=setting(build.settings, "ANGEBOTE_COUNTRY"))
    return speech.json(structured_data.script(data), structured_data.in_string)


def correction_links(build, speech, offer) -> dict[str, str]:
    """Fehler melden: a prefilled GitHub issue ("issue") and, where set, an e-mail ("mail"), ""
    where not set, both with the same text in the page's language."""
    repository = setting(build.settings, "ANGEBOTE_REPOSITORY")
    address = setting(build.settings, "ANGEBOTE_CORRECTIONS_EMAIL")
    if not repository and not address:
        return {"issue": "", "mail": ""}
    title = speech.text_in(offer, "title")
    body = corrections.report_body(title, build.page_address(offer.url_path, speech.prefix),
                                   corrections.data_file(offer, setting(build.settings, "ANGEBOTE_PATH")), speech.gettext)
    subject = corrections.report_subject(title, speech.gettext)

    def quote(text):
        return speech.encoded(text, corrections.quoted)

    return {"issue": corrections.issue_link(repository, subject, body, quote) if repository else "",
            "mail": corrections.mail_link(address, subject, body, quote) if address else ""}


HELPERS = {"offer_json_ld": offer_json_ld, "provider_json_ld": provider_json_ld, "correction_links": correction_links}
ROWS = {"offer_item": ("eintrag", "offer")}  # a row of every list: rendered once per offer and language
