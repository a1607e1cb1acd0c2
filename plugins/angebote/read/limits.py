"""Limits across the data folder: whatever make check passes builds in minutes.

Each file has limits of its own (read/offers.py and the schemas: a body of 10,000 characters, 20
contacts an offer …). These are the limits across files, chosen from what a county needs with
generous headroom, so that a directory for a whole Land (some 20,000 offers) still fits:

* how many offer files and providers there are, offers per provider (a provider's page lists
  them all), contacts and places in all files and per provider, the characters of all
  descriptions (the search index holds each word);
* how many rows the list pages hold together (:func:`list_rows`): lists grow with the product of
  an offer's lists (its age bands × life areas, its towns × areas × the people named), and a
  county-wide offer stands in every town's lists. Bounding the rows bounds the pages the build
  writes, whatever the mix, where counting offers alone does not;
* entries of the taxonomy's lists (validation.load_taxonomy), which multiply into the above and
  into the tables of abdeckung/.

bench/gate_limits.py builds the largest folder these allow and prints what it costs.
"""

from __future__ import annotations

from collections import Counter

from .frontmatter import Problem
from ..model import Offer, Taxonomy

OFFERS = 20_000  # offer files in the data folder, published or expired (a county has some 300 to 1,000)
PROVIDERS = 5_000  # provider folders (a county some 150)
OFFERS_PER_PROVIDER = 1_000  # (a county's largest provider, its youth office, has some 60)
CONTACTS = 50_000  # contact entries in all files, as written (a county some 600)
CONTACTS_PER_PROVIDER = 2_000  # in its traeger.yml and its offers
PLACES = 50_000  # entries of locations in all offer files
# Characters of all descriptions together: the search index holds every word of them (2,000
# ordinary offers have some 1,000,000; at most 10,000 an offer, validation.MAX_BODY_CHARS)
DESCRIPTIONS = 20_000_000
# Rows of all list pages together, in one language (list_rows): the sample has some 2,100, 2,000
# ordinary offers some 66,000 (about 19,000 files in six languages, built in 20 s). A million rows
# are some 40,000 list pages a language.
LIST_ROWS = 1_000_000

# Entries of each list of taxonomie.yml (Kreis Coesfeld: 13 areas, 12 towns, 7 age bands,
# 7 programmes, 2 vouchers; NRW has 396 municipalities)
TAXONOMY_LISTS = {"lebensbereiche": 60, "orte": 500, "altersgruppen": 30, "programme": 100, "gutscheine": 50}
ALIASES = 20  # other names of one programme or voucher
DISTRICTS = 50  # districts (Ortsteile) of one town (Dülmen has five)


def list_rows(offer: Offer, taxonomy: Taxonomy) -> int:
    """The rows an offer adds to the list pages of one language: alter/<band>/<area>/ (and the
    map's filter pages), orte/<town>/<area>/ and, for each person it names (its own and its
    provider's), kontakte/<town>/ by area, initiativen/ and gutscheine/ by age band. A county-wide
    offer stands in every town."""
    towns = len(taxonomy.towns) if offer.county_wide else len(offer.towns)
    areas, bands = len(offer.areas), max(1, len(offer.bands))
    people = len(offer.contacts) + len(offer.provider.contacts)
    return (bands * areas + bands + areas + towns * areas * (1 + people)
            + (len(offer.programmes) + len(offer.accepts)) * bands)


def number(value: int) -> str:
    """A count as German writes it: 20.000."""
    return f"{value:,}".replace(",", ".")


def _count(what: str, found: int, limit: int, path: str, more: str = "") -> list[Problem]:
    if found <= limit:
        return []
    return [Problem(path, 1, f"Zu viele {what}: {number(found)}, höchstens {number(limit)}.{more}")]


def folder_problems(root: str, offers: list[Offer], expired: list[Offer], providers: list, taxonomy: Taxonomy) -> list[Problem]:
    """What exceeds the limits across the folder, once read: contacts and places (in all files,
    and per provider) and the rows of the published offers' list pages, naming the file that adds
    the most."""
    problems = []
    contacts = Counter()
    for provider in providers:
        contacts[provider.slug] += len(provider.contacts)
    for offer in offers + expired:
        contacts[offer.provider.slug] += len(offer.contacts)
    problems += _count("Ansprechpersonen im Datenordner", sum(contacts.values()), CONTACTS, root,
                       " Jede Person bekommt eine Visitenkarte und steht auf den Kontaktseiten.")
    by_slug = {p.slug: p for p in providers}
    for slug, count in Counter(o.provider.slug for o in offers + expired).items():
        problems += _count("Angebote bei diesem Träger", count, OFFERS_PER_PROVIDER, by_slug[slug].source,
                           " Jedes steht auf der Seite des Trägers.")
    for slug, count in contacts.items():
        problems += _count("Ansprechpersonen bei diesem Träger (in traeger.yml und seinen Angeboten)", count,
                           CONTACTS_PER_PROVIDER, by_slug[slug].source)
    problems += _count("Orte (locations) in den Angeboten", sum(len(o.locations) for o in offers + expired), PLACES, root)
    problems += _count("Zeichen in den Beschreibungen aller Angebote", sum(len(o.body_text) for o in offers + expired),
                       DESCRIPTIONS, root, " Die Suche hält jedes Wort; bitte lange Beschreibungen kürzen.")
    rows = {id(offer): list_rows(offer, taxonomy) for offer in offers}
    total = sum(rows.values())
    if total > LIST_ROWS:
        largest = sorted(offers, key=lambda o: -rows[id(o)])[:3]
        named = "; ".join(f"{o.source} ({number(rows[id(o)])})" for o in largest)
        problems.append(Problem(largest[0].source, largest[0].lines.get("municipalities", 1),
                                f"Die Angebote ergäben zusammen {number(total)} Zeilen in den Listen nach Alter, Lebensbereich, "
                                f"Ort, Programm und Gutschein und auf den Kontaktseiten, höchstens {number(LIST_ROWS)} (die "
                                f"Grenze hält den Bau der Website bei Minuten). Ein kreisweites Angebot steht in den "
                                f"Listen jedes Orts, jede Ansprechperson bei jedem Ort und Lebensbereich des Angebots. "
                                f"Am meisten tragen bei: {named}."))
    return problems
