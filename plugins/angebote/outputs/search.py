"""The search: the page ``suche/`` in each language, each language's entry file
``<prefix>suche/index.json`` and the parts it names in ``suche/teile/`` (:mod:`..search.chunks`):
its index (the German texts, and on another language's page its own and English translations with
the thesaurus words of those languages: :mod:`..search.index`), the result rows in its language and
the filters' values (:mod:`..search.store`); and lunr.js with lunr-languages' German, Turkish and
Russian support from npm (``theme/vendor/``, with their licences)."""

from __future__ import annotations

import json
from pathlib import Path

from ..build import Page
from ..folders import write_folder
from ..model import WEEKDAYS, sort_key
from ..search.chunks import FOLDER, Parts, names_in
from ..search.index import Postings, document_terms, page_index, search_records, translated_terms
from ..search.store import doc_store, offer_facts
from ..search.text import LUNR_LANGUAGES, compile_thesaurus, own_language, page_languages
from ..settings import setting

BROWSER_FILES = {  # theme/vendor/<name>: its file in node_modules
    "lunr.min.js": "lunr/lunr.min.js",
    "lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    **{f"lunr.{code}.min.js": f"lunr-languages/min/lunr.{code}.min.js" for code in LUNR_LANGUAGES},
    "LICENSE-lunr.txt": "lunr/LICENSE",
    "LICENSE-lunr-languages.txt": "lunr-languages/LICENSE",
}
COST = 3  # every language's search files, in one task: the German texts' terms and postings are made once for all
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
    """lunr.js and its languages, and every language's entry file and parts: the offers' German
    texts turned into terms and postings once (search.index.Postings), each page's translations
    added to them; each part written once, what a build before wrote and this one did not removed."""
    directory = build.directory
    offers = directory.offers
    node_modules = setting(build.settings, "ANGEBOTE_NODE_MODULES")
    german = Postings(document_terms(search_records(offers), node_modules))
    codes = [language.code for language in build.languages]
    parts = Parts()
    facts = offer_facts(offers)
    facets = parts.facets(facts)
    for language in build.languages:
        speech = speak(language)
        entry = index_entry(parts, german, directory, speech.code, speech.content_lang, codes, node_modules)
        entry["docs"] = parts.documents(result_rows(offers, speech, facts))
        entry["facets"] = facets
        build.files.write_json(f"{speech.prefix}suche/index.json", entry)
    write_folder(build.files.claim_folder(FOLDER), ((f"{name}.json", data) for name, data in parts.files.items()))
    for name, source in BROWSER_FILES.items():  # (after the indexes, which say where npm's packages are missing)
        build.files.copy(Path(node_modules, source), f"theme/vendor/{name}")


def index_entry(parts: Parts, german: Postings, directory, code: str, content_lang: str, codes, node_modules: str) -> dict:
    """The entry file of language code's page as far as its index goes (its parts added to parts):
    the German postings with the page's translations (text.page_languages), its thesaurus and steps."""
    languages = page_languages(code, content_lang)
    compiled = compile_thesaurus(directory.thesaurus, directory.taxonomy, node_modules, code, codes)
    records = search_records(directory.offers, languages) if languages else ()
    entry, postings, terms = page_index(german, compiled, own_language(code, node_modules),
                                        translated_terms(records, node_modules, languages))
    return parts.index(entry, postings, terms)


def result_rows(offers, speech, facts) -> list[dict]:
    """What a result row shows of each offer in one language (search.store.doc_store)."""
    phrases = speech.phrases()

    def localized(offer):
        (title, title_lang), (summary, summary_lang) = (speech.text_and_language(offer, name) for name in ("title", "summary"))
        return title, summary, [title_lang, summary_lang]

    return doc_store(
        offers,
        age_phrase=lambda offer: phrases.ages[id(offer)],
        town_phrase=lambda offer: phrases.towns[id(offer)],
        voucher_phrase=lambda offer: phrases.vouchers.get(id(offer), ""),
        localized=localized,
        facts=facts,
    )


def offline(build, language):
    """The search page, this language's entry file and every part it names."""
    entry = json.loads((build.output / f"{language.prefix}suche/index.json").read_text(encoding="utf-8"))
    return [f"{language.prefix}suche/", f"{language.prefix}suche/index.json",
            *(f"{FOLDER}{name}.json" for name in names_in(entry))]
