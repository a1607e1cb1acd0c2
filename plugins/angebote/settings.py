"""The plugin's settings (ANGEBOTE_* in pelicanconf.py) and their defaults."""

from __future__ import annotations

import json
import sys
import zoneinfo
from pathlib import Path

import phonenumbers

DEFAULTS = {
    "ANGEBOTE_PATH": "angebote",
    "ANGEBOTE_TAXONOMY": "taxonomie.yml",
    # Search words in the families' languages, mapped to German ones (a YAML file; "" = none)
    "ANGEBOTE_THESAURUS": "",
    # The providers' texts in the other interface languages: a folder of gettext catalogues, one
    # per language (<folder>/<code>.po; make translations makes and merges them; "" = none)
    "ANGEBOTE_OFFER_TRANSLATIONS": "",
    # What to translate first (/daten/, make report): programmes and life areas by slug, the first
    # named first; the offers in none of them after, the youngest children first
    "ANGEBOTE_TRANSLATION_FIRST": [],
    # The map (karte/): the county's outline and town borders as GeoJSON (tools/geodaten.py makes
    # one from official data; "" = none: then the towns' lat/lon in the taxonomy, if given)
    "ANGEBOTE_MAP": "",
    # The parents' companion (begleiter.yml: welcome, help numbers, check-ups and deadlines by the
    # child's age; "" = none)
    "ANGEBOTE_COMPANION": "",
    "ANGEBOTE_TODAY": None,  # "JJJJ-MM-TT": build as on that day (tests, previews)
    "ANGEBOTE_PHONE_REGION": "DE",
    "ANGEBOTE_COLLATION": "de_DE",
    # The county's time zone (IANA name): the search's "jetzt geöffnet" reads the clock there,
    # wherever the visitor's device is set
    "ANGEBOTE_TIMEZONE": "Europe/Berlin",
    "ANGEBOTE_GROUP_LIMIT": 10,  # entries a group shows on a facet page
    "ANGEBOTE_PER_PAGE": 25,  # entries per page of a full list
    # rows (a person in a life area) per page of a town's contacts (kontakte/<town>/, /2/, …; a row
    # takes about 650 bytes): a county-wide offer's people stand on every town's page, so these grow
    # with the whole county's data; the sample's largest town has 88
    "ANGEBOTE_CONTACTS_PER_PAGE": 200,
    "ANGEBOTE_NODE_MODULES": "node_modules",  # lunr.js and lunr-languages (npm ci)
    # Where providers make pull requests (mitmachen/ opens its new-file page; make report links files)
    "ANGEBOTE_REPOSITORY": "",  # e.g. "https://github.com/owner/name"
    "ANGEBOTE_BRANCH": "main",
    # Fehler melden: besides the GitHub issue (ANGEBOTE_REPOSITORY), an e-mail address for
    # corrections ("" = none); every offer page links both
    "ANGEBOTE_CORRECTIONS_EMAIL": "",
    # The network's coordination, named on mitmachen/ for providers without GitHub: the e-mail
    # address a finished proposal goes to ("" = ANGEBOTE_CORRECTIONS_EMAIL) and a phone number for
    # questions ("" = none; written as in the offer files, e.g. "02541 18-5100")
    "ANGEBOTE_COORDINATION_EMAIL": "",
    "ANGEBOTE_COORDINATION_PHONE": "",
    # Interface languages: every page is written once per language, the first at the root,
    # the others under /<code>/ (each needs theme/translations/<code>/LC_MESSAGES/messages.po).
    "ANGEBOTE_LANGUAGES": ["de"],
    "ANGEBOTE_CONTENT_LANG": "de",  # the language the providers write in
    # How many processes render the languages' pages side by side: None = one per core, 1 = this one
    "ANGEBOTE_RENDER_PROCESSES": None,
    # The most numerous pages rendered once for all languages, their words filled in per language
    # (render/once.py); False renders each page in each language (the same bytes, slower: for comparison)
    "ANGEBOTE_RENDER_ONCE": True,
    # SITESUBTITLE in the other interface languages ({"en": "…"}): header and page description
    "ANGEBOTE_SUBTITLES": {},
    # The published site's address (https://…), for what leaves the site: the QR codes and links
    # of the printed Familienwegweiser. SITEURL is used instead where it is an absolute address.
    "ANGEBOTE_PUBLIC_URL": "",
    # The open data (daten/): the namespace of the HSDS export's ids (a UUID of the county's own,
    # kept for good: an importer recognises an offer by its id), the data's licence
    # ({"id": …, "name": …, "url": …}; {} = none given), and what HSDS addresses need besides the town.
    "ANGEBOTE_HSDS_NAMESPACE": "",
    "ANGEBOTE_DATA_LICENSE": {},
    "ANGEBOTE_STATE": "",
    "ANGEBOTE_COUNTRY": "DE",
    # The printed Familienwegweiser (make wegweiser): page size (A5 or A4), and whether entries
    # not reviewed for over a year are printed (a booklet lives a year: by default they are not).
    "ANGEBOTE_WEGWEISER_FORMAT": "A5",
    "ANGEBOTE_WEGWEISER_STALE": False,
    # The most pages a booklet may have, as estimated before its layout (booklet.estimate_pages):
    # make wegweiser refuses a larger one with a message, so that no data sets a booklet for hours
    # (WeasyPrint sets some 3 pages a second, with up to 2 MiB of memory a page). 600 pages A5 hold
    # some 750 ordinary offers; the sample's county booklet has 44.
    "ANGEBOTE_WEGWEISER_MAX_PAGES": 600,
    # Where make wegweiser wrote the PDFs: the site's page /wegweiser/ lists what is there
    # (tools/build_site.py sets it to <output>/wegweiser and carries the PDFs into the new site).
    "ANGEBOTE_WEGWEISER_DIR": "",
    # Content-Security-Policy of every page (meta tag; deploy/ has the same as server headers).
    # Only the site itself: no inline scripts or styles, no other host; the form may link to GitHub.
    "ANGEBOTE_CSP": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
        # no HTML sink in the scripts (innerHTML and the like) without a violation report; one named
        # policy, created once by offline.js, turns exactly the site's /sw.js into the URL that
        # navigator.serviceWorker.register needs (a second policy of that name throws)
        "require-trusted-types-for 'script'; trusted-types angebote-sw; worker-src 'self'"
    ),
    # The offline worker (/sw.js, outputs/offline.py): pages visited are kept for a while, and
    # "Für offline speichern" keeps one language's home, search, Merkliste, companion and map.
    # False is the kill switch: no page registers it, and /sw.js becomes a worker that deletes the
    # site's caches and unregisters itself on the phones that installed the old one.
    "ANGEBOTE_OFFLINE": True,
}


def theme_path(settings_file: str, settings) -> Path:
    """The theme folder as Pelican resolves it: THEME relative to the settings file."""
    return Path(settings_file).resolve().parent / settings.get("THEME", "theme")


def language_prefix(code: str, settings) -> str:
    """Where a language's pages live: the first interface language at the root, the others under
    "<code>/"."""
    return "" if code == setting(settings, "ANGEBOTE_LANGUAGES")[0] else f"{code}/"


def public_address(settings) -> str:
    """The published site's address (no trailing slash): SITEURL if absolute, else
    ANGEBOTE_PUBLIC_URL; "" if neither is an http(s) address."""
    for candidate in (settings.get("SITEURL", ""), setting(settings, "ANGEBOTE_PUBLIC_URL")):
        if isinstance(candidate, str) and candidate.startswith(("https://", "http://")):
            return candidate.rstrip("/")
    return ""


def coordination(settings) -> dict[str, str]:
    """The coordination's e-mail address (ANGEBOTE_COORDINATION_EMAIL, else the corrections' one),
    phone number and its tel: target ("" where the number cannot be one)."""
    phone = setting(settings, "ANGEBOTE_COORDINATION_PHONE")
    uri = ""
    if phone:
        try:
            number = phonenumbers.parse(phone, setting(settings, "ANGEBOTE_PHONE_REGION"))
            if phonenumbers.is_possible_number(number):
                uri = "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
    return {"email": setting(settings, "ANGEBOTE_COORDINATION_EMAIL") or setting(settings, "ANGEBOTE_CORRECTIONS_EMAIL"),
            "phone": phone, "phone_uri": uri}


def time_zone(name) -> str:
    """ANGEBOTE_TIMEZONE, checked: an IANA time zone name such as "Europe/Berlin"."""
    try:
        zoneinfo.ZoneInfo(name)
    except (TypeError, ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        raise ValueError(f"ANGEBOTE_TIMEZONE ist keine Zeitzone: {name!r} (erwartet ein Name wie \"Europe/Berlin\").") from None
    return name


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def read_settings(path: str, extra: list[str]) -> dict:
    """The settings file's upper-case names, then -e NAME=VALUE (JSON values, as with pelican -e)."""
    namespace: dict = {"__file__": path}
    sys.path.insert(0, str(Path(path).resolve().parent))
    exec(compile(Path(path).read_text(encoding="utf-8"), path, "exec"), namespace)
    settings = {k: v for k, v in namespace.items() if k.isupper()}
    for item in extra:
        name, _, value = item.partition("=")
        try:
            settings[name] = json.loads(value)
        except json.JSONDecodeError:
            settings[name] = value
    return settings
