"""schema.org JSON-LD for offer and provider pages: a ``Service`` with its provider
``Organization``, where it is offered (``areaServed``), for whom (``audience`` with the ages), how
to reach someone and in which languages (``availableChannel``: the web page, a phone
``ContactPoint`` per contact, a ``Place`` per location, each with ``availableLanguage``) and what
it costs (``offers``); an ``Organization`` on provider pages.

Written as ``<script type="application/ld+json">``: a data block the browser never runs, so the
site's Content-Security-Policy (``script-src 'self'``) does not apply to it.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from .model import Contact, Location, Offer, Provider, Taxonomy


DAY_NAMES = {"mo": "Monday", "di": "Tuesday", "mi": "Wednesday", "do": "Thursday", "fr": "Friday",
             "sa": "Saturday", "so": "Sunday"}


def _clean(record: dict) -> dict:
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


def _address(place: Location, country: str) -> dict:
    return _clean({"@type": "PostalAddress", "streetAddress": place.street, "postalCode": place.postcode,
                   "addressLocality": place.city, "addressCountry": country})


def _contact_point(who: Contact) -> dict:
    return _clean({"@type": "ContactPoint", "name": who.name, "contactType": who.role,
                   "telephone": who.phone_uri.removeprefix("tel:"), "email": who.email})


def _organization(provider: Provider, page: str, country: str) -> dict:
    return _clean({
        "@type": "Organization", "@id": f"{page}#traeger", "name": provider.name,
        "url": provider.url or page, "email": provider.email,
        "telephone": provider.phone_uri.removeprefix("tel:"),
        "address": _address(provider.address, country) if provider.address else None,
    })


def offer_data(offer: Offer, *, page: str, provider_page: str, title: str, summary: str, ages: str,
               area_labels: list[str], town_labels: list[str], taxonomy: Taxonomy, language_name,
               country: str) -> dict:
    """The offer as a schema.org Service; page and provider_page are the pages' addresses, the
    texts in the page's language."""
    # the languages belong to the ways of reaching the service (schema.org has no language of a
    # Service): the web page, each contact's phone and each location
    languages = [{"@type": "Language", "name": language_name(code), "alternateName": code} for code in offer.languages]
    channels = [{"@type": "ServiceChannel", "serviceUrl": offer.url or page}]
    channels += [{"@type": "ServiceChannel", "servicePhone": _contact_point(c)}
                 for c in offer.contacts if c.phone_uri or c.email]
    for place in offer.locations:
        location = _clean({
            "@type": "Place", "name": place.name or place.city, "address": _address(place, country),
            "geo": {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
            if place.lat is not None and place.lon is not None else None,
        })
        channels.append({"@type": "ServiceChannel", "serviceLocation": location})
    if languages:
        for channel in channels:
            channel["availableLanguage"] = languages
    if offer.county_wide:
        served = [{"@type": "AdministrativeArea", "name": taxonomy.region}]
    else:
        served = [{"@type": "City", "name": name} for name in town_labels]
    audience = _clean({
        "@type": "PeopleAudience", "audienceType": ages,
        "suggestedMinAge": offer.age_limits[0], "suggestedMaxAge": offer.age_limits[1],
    })
    # dayOfWeek names schema.org's DayOfWeek members, opens and closes are schema.org Times
    hours = [{"@type": "OpeningHoursSpecification", "dayOfWeek": [{"@id": f"schema:{DAY_NAMES[d]}"} for d in h.days],
              "opens": {"@type": "Time", "@value": f"{h.opens}:00"},
              "closes": {"@type": "Time", "@value": f"{'00:00' if h.closes == '24:00' else h.closes}:00"}}
             for h in offer.hours]
    cost = ({"@type": "Offer", "price": 0, "priceCurrency": "EUR"} if offer.free
            else _clean({"@type": "Offer", "description": offer.cost}))
    return _clean({
        "@context": "https://schema.org", "@type": "Service", "@id": f"{page}#angebot", "url": page,
        "name": title, "description": summary, "category": area_labels,
        "provider": _organization(offer.provider, provider_page, country),
        "areaServed": served, "audience": audience if len(audience) > 1 else None,
        "availableChannel": channels,
        "hoursAvailable": hours,
        "offers": cost if len(cost) > 1 else None,
    })


def provider_data(provider: Provider, *, page: str, country: str) -> dict:
    """The provider as a schema.org Organization with its contact people."""
    data = {"@context": "https://schema.org", **_organization(provider, page, country)}
    points = [_contact_point(c) for c in provider.contacts if c.phone_uri or c.email]
    if points:
        data["contactPoint"] = points
    return data


def script(data: dict) -> Markup:
    """A JSON-LD block that no text in the data can end early (``</script>``) or turn into markup."""
    return Markup(f'<script type="application/ld+json">{_inert(json.dumps(data, ensure_ascii=False, separators=(",", ":")))}</script>')


def in_string(text: str) -> str:
    """text as script() writes it inside a JSON string (each character on its own)."""
    return _inert(json.dumps(text, ensure_ascii=False)[1:-1])


def _inert(json_text: str) -> str:
    return json_text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
