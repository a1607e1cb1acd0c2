"""Pelican settings for the directory of the Netzwerk Chancengerechtigkeit, Kreis Coesfeld.

Another county changes these settings, taxonomie.yml and the folder angebote/.
"""

SITENAME = "Netzwerk Chancengerechtigkeit"
SITESUBTITLE = "Angebote für Familien, Kinder und junge Menschen im Kreis Coesfeld"
# The subtitle in the other interface languages (drafts, for native review)
ANGEBOTE_SUBTITLES = {
    "en": "Services for families, children and young people in Coesfeld district",
    "tr": "Coesfeld ilçesinde aileler, çocuklar ve gençler için hizmetler",
    "ar": "خدمات للعائلات والأطفال والشباب في مقاطعة كوسفيلد",
    "uk": "Послуги для сімей, дітей і молоді в районі Кесфельд",
    "ru": "Услуги для семей, детей и молодёжи в районе Кёсфельд",
}
SITEURL = ""
# Who runs the site, shown in the footer; the legal pages live in content/pages/.
PUBLISHER = "Kreis Coesfeld – Kommunales Integrationszentrum"

PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["angebote"]

# The directory's data (see README): relative paths start where pelican is run.
ANGEBOTE_PATH = "angebote"
ANGEBOTE_TAXONOMY = "taxonomie.yml"
# What families type in their language (midwife, ebe, قابلة …) for the German words of the offers
ANGEBOTE_THESAURUS = "suchwoerter.yml"
# The providers' texts in the other languages: uebersetzungen/<code>.po (make translations)
ANGEBOTE_OFFER_TRANSLATIONS = "uebersetzungen"
# What to have translated first: Frühe Hilfen, then the life areas families ask for most
ANGEBOTE_TRANSLATION_FIRST = ["fruehe-hilfen", "gesundheit", "finanzen", "betreuung", "erziehung", "beratung"]
# The map: Kreis Coesfeld and its towns from the BKG's VG250 (tools/geodaten.py; source and licence inside)
ANGEBOTE_MAP = "karte.geojson"
# The parents' companion: welcome, help numbers, check-ups and deadlines by the child's age
ANGEBOTE_COMPANION = "begleiter.yml"
# The repository providers send their changes to (GitHub): the form on /mitmachen/ opens
# its page for a new file, make report links each file. Change it to your repository.
ANGEBOTE_REPOSITORY = "https://github.com/kreis-coesfeld/netzwerk-angebote"
ANGEBOTE_BRANCH = "main"
# Fehler melden: besides the GitHub issue, corrections by e-mail to this address ("" = only GitHub)
ANGEBOTE_CORRECTIONS_EMAIL = "netzwerk@kreis-coesfeld.example.org"
# The coordination on /mitmachen/: new offers by e-mail (without GitHub) go to this address
# ("" = ANGEBOTE_CORRECTIONS_EMAIL), and its phone number is there for questions (fictional here)
ANGEBOTE_COORDINATION_EMAIL = ""
ANGEBOTE_COORDINATION_PHONE = "02541 18-5100"
# The published site's address: the printed Familienwegweiser (make wegweiser) prints it and a
# QR code to each offer's page there. publishconf.py uses SITEURL instead when that is set.
ANGEBOTE_PUBLIC_URL = "https://kreis-coesfeld.github.io/netzwerk-angebote"
# The open data on /daten/ (HSDS export, spreadsheet, feeds): the namespace of the export's ids
# (a UUID of this directory's own: keep it, so that importers recognise the offers; another county
# makes a new one with python3 -c "import uuid; print(uuid.uuid4())"), the data's licence, and the
# Land for the HSDS addresses.
ANGEBOTE_HSDS_NAMESPACE = "3d5e9a0c-7f2b-4d61-9a43-2c8e5b7f1a06"
ANGEBOTE_DATA_LICENSE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
ANGEBOTE_STATE = "Nordrhein-Westfalen"
ANGEBOTE_COUNTRY = "DE"
# Interface languages (German at the root, the others under /en/, /tr/ …); the offers
# stay in the language the providers wrote them in.
ANGEBOTE_LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru"]

# Ordinary pages (Impressum, Datenschutz, Barrierefreiheit) from content/pages/.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A page's translation (datenschutz.en.md with "Lang: en") is written by the plugin under /en/,
# with the interface in that language; Pelican itself writes only the German page.
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = ""
STATIC_PATHS = []
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
CACHE_CONTENT = False
