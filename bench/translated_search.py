"""What a search page downloads, in each language: the sample built without and with the offers'
catalogues, beside what each page downloaded before the search learnt how families type (#34).

    python bench/translated_search.py

Reads the sample data (angebote/, uebersetzungen/, suchwoerter.yml) as the build does, once
without the offers' catalogues and once with them, and prints per language the bytes (raw and
gzip) of its search page's index (the German texts, and on another language's page its own and
the English translations with the thesaurus words of those languages: entry file and parts) and of its rows and filters,
and of lunr-languages' stemmer the page loads besides (Turkish, Russian). Before #34 every page
loaded one index of every language's titles and summaries and the whole thesaurus: BEFORE, measured
with this script's predecessor on this sample at 5fe8d3a. The issue allows the search files a
quarter more (gzip).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from angebote.outputs.search import STEMMER_SCRIPTS  # noqa: E402
from angebote.read import read_directory  # noqa: E402
from angebote.outputs.search import index_entry  # noqa: E402
from angebote.search.chunks import Parts, names_in  # noqa: E402
from angebote.search.index import Postings, document_terms, search_records  # noqa: E402
from angebote.search.store import doc_store, offer_facts  # noqa: E402
from angebote.settings import read_settings, setting  # noqa: E402

# (raw, gzip) of index + document store a page loaded before #34 (git 5fe8d3a, this sample)
BEFORE = {"de": (107675, 35762), "en": (107706, 35927), "tr": (108092, 36126), "ar": (111273, 36665),
          "uk": (112621, 37057), "ru": (112450, 36937)}
BUDGET = 1.25


def sizes(data) -> tuple[int, int]:
    raw = (data if isinstance(data, (str, bytes)) else json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    raw = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    return len(raw), len(gzip.compress(raw, 9))


def pages(settings) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """Per language: (bytes, gzip) of its page's index (entry file, dictionary and postings parts),
    and of its rows and filters (their parts): everything the page may load, the whole index when a
    word has a wrong letter (a query loads only its parts: bench/search_index.py)."""
    directory = read_directory(settings)
    modules = str(ROOT / "node_modules")
    content = setting(settings, "ANGEBOTE_CONTENT_LANG")
    codes = setting(settings, "ANGEBOTE_LANGUAGES")
    german = Postings(document_terms(search_records(directory.offers), modules))
    facts = offer_facts(directory.offers)
    found = {}
    for code in codes:
        parts = Parts()
        entry = index_entry(parts, german, directory, code, content, codes, modules)
        index = [sizes(entry)] + [sizes(parts.files[name]) for name in names_in({**entry, "docs": {"names": []}, "facets": {}})]

        def localized(offer):
            texts = [offer.text_in(name, code, content) for name in ("title", "summary")]
            return texts[0][0], texts[1][0], [texts[0][1], texts[1][1]]
        rows = Parts()
        names = [*rows.documents(doc_store(directory.offers, lambda o: "", lambda o: "", localized, facts=facts))["names"],
                 *rows.facets(facts).values()]
        docs = [sizes(rows.files[name]) for name in names]
        found[code] = (tuple(map(sum, zip(*index))), tuple(map(sum, zip(*docs))))
    return found


def main() -> None:
    settings = read_settings(str(ROOT / "pelicanconf.py"), [])
    settings = {**settings, **{name: str(ROOT / settings[name]) for name in (
        "ANGEBOTE_PATH", "ANGEBOTE_TAXONOMY", "ANGEBOTE_THESAURUS", "ANGEBOTE_MAP", "ANGEBOTE_OFFER_TRANSLATIONS")}}
    without = pages({**settings, "ANGEBOTE_OFFER_TRANSLATIONS": ""})
    with_ = pages(settings)
    print(f"{'Suchseite':<9} | {'ohne Kat. gzip':>14} | {'Index KiB':>9} | {'gzip':>6} | {'Dok. KiB':>8} | {'gzip':>6} | "
          f"{'zus. KiB':>8} | {'gzip':>6} | {'vor #34 gzip':>12} | {'Wachstum':>8} | {'+ Stemmer gzip':>14}")
    for code, (index, docs) in with_.items():
        plain = sum(size[1] for size in without[code])
        total = (index[0] + docs[0], index[1] + docs[1])
        before = BEFORE.get(code)
        script = ROOT / "node_modules" / "lunr-languages" / "min" / f"lunr.{code}.min.js"
        stemmer = f"{sizes(script.read_bytes())[1] / 1024:.1f}" if code in STEMMER_SCRIPTS else "–"
        print(f"{code:<9} | {plain / 1024:>14.1f} | {index[0] / 1024:>9.1f} | {index[1] / 1024:>6.1f} | {docs[0] / 1024:>8.1f} | "
              f"{docs[1] / 1024:>6.1f} | {total[0] / 1024:>8.1f} | {total[1] / 1024:>6.1f} | "
              f"{before[1] / 1024 if before else 0:>12.1f} | {(total[1] / before[1] - 1) * 100 if before else 0:>+7.0f}% | {stemmer:>14}")
    over = [code for code, (index, docs) in with_.items() if code in BEFORE and index[1] + docs[1] > BEFORE[code][1] * BUDGET]
    print(f"Budget (höchstens +{(BUDGET - 1) * 100:.0f} % gzip gegenüber vor #34): "
          + (f"überschritten auf {', '.join(over)}" if over else "eingehalten"))


if __name__ == "__main__":
    main()
