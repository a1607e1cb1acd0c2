"""The search: the page ``suche/`` in each language, each language's index ``<prefix>suche/index.json``
(the German texts, and on another language's page its own and English translations with the
thesaurus words of those languages: :mod:`..search.index`) and document store
``<prefix>suche/angebote.json`` (:mod:`..search.store`), and lunr.js with lunr-languages' German,
Turkish and Russian support from npm (``theme/vendor/``, with their licences)."""

from __future__ import annotations

from pathlib import Path

from ..build import Page
from ..model import WEEKDAYS, sort_key
from ..search.index import Scores, compact_index, document_terms, search_records
from ..search.store import doc_store, offer_facts, pack_docs
from ..search.text import LUNR_LANGUAGES, compile_thesaurus, page_languages
from ..settings import setting

BROWSER_FILES = {  # theme/vendor/<name>: its file in node_modules
    "lunr.min.js": "lunr/lunr.min.js",
    "lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    **{f"lunr.{code}.min.js": f"lunr-languages/min/lunr.{code}.min.js" for code in LUNR_LANGUAGES},
    "LICENSE-lunr.txt": "lunr/LICENSE",
    "LICENSE-lunr-languages.txt": "lunr-languages/LICENSE",
}
COST = 3  # every language's index, in one task: the German texts' terms and scores are made once for all
STEMMER_SCRIPTS = tuple(code for code in LUNR_LANGUAGES if code != "de")  # a page in one of these loads lunr.<code>.min.js


def pages(build, speech):
    offers = build.directory.offers
    taxonomy = build.directory.taxonomy
    collation = setting(build.settings, "ANGEBOTE_COLLATION")
    codes = {code for offer in offers for code in offer.languages}
    languages = sorted(((code, speech.language_name(code)) for code in codes), key=lambda item: sort_key(item[1], collation))
    # one choice per year of a child's age; an open band (parents and adults) is one choice of its own
    ages_end = taxonomy.open_band.age_from if taxonomy.open_band else max(
        (b.age_to for b in taxonomy.bands.values() if b.age_to), default=27)
    yield Page("suche/", "suche", {
        "languages": languages, "ages": range(0, int(ages_end)), "open_band": taxonomy.open_band,
        "vouchers": [f.term for f in build.views.vouchers if f.offers],
        "programmes": [f.term for f in build.views.programmes if f.offers],
        "weekdays": WEEKDAYS if any(offer.hours for offer in offers) else (), "stemmer_scripts": STEMMER_SCRIPTS})


def finish(build, speak):
    """lunr.js and its languages, and every language's index: the offers' German texts turned into
    terms and scored once (search.index.Scores), each page's translations added to them."""
    directory = build.directory
    node_modules = setting(build.settings, "ANGEBOTE_NODE_MODULES")
    german = Scores(document_terms(search_records(directory.offers), node_modules))
    codes = [language.code for language in build.languages]
    for language in build.languages:
        speech = speak(language)
        languages = page_languages(speech.code, speech.content_lang)
        compiled = compile_thesaurus(directory.thesaurus, directory.taxonomy, node_modules, speech.code, codes)
        build.files.write_json(f"{speech.prefix}suche/index.json", compact_index(
            search_records(directory.offers, languages), node_modules, compiled, languages, speech.code, german))
    for name, source in BROWSER_FILES.items():  # (after the indexes, which say where npm's packages are missing)
        build.files.copy(Path(node_modules, source), f"theme/vendor/{name}")


def files(build, speech):
    """The document store of one language."""
    offers = build.directory.offers
    phrases = speech.phrases()

    def localized(offer):
        (title, title_lang), (summary, summary_lang) = (speech.text_and_language(offer, name) for name in ("title", "summary"))
        return title, summary, [title_lang, summary_lang]

    docs = doc_store(
        offers,
        age_phrase=lambda offer: phrases.ages[id(offer)],
        town_phrase=lambda offer: phrases.towns[id(offer)],
        voucher_phrase=lambda offer: phrases.vouchers.get(id(offer), ""),
        localized=localized,
        facts=build.kept("search facts", lambda: offer_facts(offers)),
    )
    build.files.write_json(f"{speech.prefix}suche/angebote.json", pack_docs(docs))


def offline(build, language):
    """The search page, this language's index and its document store."""
    return [f"{language.prefix}suche/", f"{language.prefix}suche/index.json", f"{language.prefix}suche/angebote.json"]
