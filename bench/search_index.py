"""Search index cost: build time and bytes (raw and gzip) of index and document store.

    python bench/search_index.py [N ...]      (default: 1000 5000 20000)

Uses the synthetic offers of bench/synthetic.py, read and checked as in a build. Each size is
built three times, side by side: "ohne" as before the families' languages were searchable (no
thesaurus), and the German and the Ukrainian search page's index as the site builds them (each with
its thesaurus, suchwoerter.yml and the labels: the German page's German words, the Ukrainian page's
German, English and Ukrainian ones, the largest; the synthetic offers have no translations).
"""

from __future__ import annotations

import datetime
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

sys.path.insert(0, str(ROOT / "plugins"))
from angebote.search.index import compact_index, search_records  # noqa: E402
from angebote.search.store import doc_store, pack_docs  # noqa: E402
from angebote.search.text import compile_thesaurus, page_languages  # noqa: E402
from angebote.read.offers import load_directory  # noqa: E402
from angebote.read.taxonomy import load_taxonomy, load_thesaurus  # noqa: E402

WORK = ROOT / "bench" / "out"
SITE_LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru"]


def sizes(data) -> tuple[int, int]:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(raw), len(gzip.compress(raw, 9))


def timed_index(n: int, code: str | None = "de") -> tuple[float, dict, list]:
    """Build the lunr index of N synthetic offers for language code's search page (None: without a
    thesaurus): (seconds for the index alone, index, document store)."""
    folder = WORK / f"angebote-{n}"
    if not folder.exists():
        write_offers(folder, n)
    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    directory = load_directory(folder, taxonomy, today=datetime.date(2026, 11, 22))
    languages = page_languages(code, "de") if code else ()
    records = search_records(directory.offers, languages)
    docs = doc_store(directory.offers, lambda o: "ab 3 Jahren bis zum 6. Geburtstag", lambda o: "Coesfeld")
    modules = str(ROOT / "node_modules")
    start = time.perf_counter()
    thesaurus = compile_thesaurus(load_thesaurus(ROOT / "suchwoerter.yml"), taxonomy, modules, code, SITE_LANGUAGES) if code else {}
    index = compact_index(records, modules, thesaurus, languages, code)
    return time.perf_counter() - start, index, pack_docs(docs)


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 5000, 20000]
    print(f"{'N':>6} | {'Seite':>8} | {'Index s':>7} | {'Index KiB':>9} | {'gzip KiB':>8} | {'Docs KiB':>8} | "
          f"{'gzip KiB':>8} | {'gzip B/Angebot':>14} | {'Wachstum gzip':>13}")
    for n in counts:
        before = None
        for code in (None, "de", "uk"):
            seconds, index, docs = timed_index(n, code)
            index_raw, index_gz = sizes(index)
            docs_raw, docs_gz = sizes(docs)
            total = index_gz + docs_gz
            growth = "" if before is None else f"{(total / before - 1) * 100:+.0f} %"
            before = before or total
            print(f"{n:>6} | {code or 'ohne':>8} | {seconds:>7.1f} | {index_raw / 1024:>9.0f} | "
                  f"{index_gz / 1024:>8.0f} | {docs_raw / 1024:>8.0f} | {docs_gz / 1024:>8.0f} | {total / n:>14.0f} | {growth:>13}",
                  flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
