"""Search index cost: build time and bytes (raw and gzip) of index and document store.

    python bench/search_index.py [N ...]      (default: 1000 5000 20000)

Uses the synthetic offers of bench/synthetic.py, read and checked as in a build. Each size is
built twice, side by side: "de" as before the families' languages were searchable (German labels,
no thesaurus) and "alle" as the site builds it (labels in every language, translated titles and
summaries, the thesaurus suchwoerter.yml).
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
from angebote.search.text import compile_thesaurus  # noqa: E402
from angebote.read.offers import load_directory  # noqa: E402
from angebote.read.taxonomy import load_taxonomy, load_thesaurus  # noqa: E402

WORK = ROOT / "bench" / "out"


def sizes(data) -> tuple[int, int]:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(raw), len(gzip.compress(raw, 9))


def timed_index(n: int, every_language: bool = True) -> tuple[float, dict, list]:
    """Build the lunr index of N synthetic offers: (seconds for the index alone, index, document store)."""
    folder = WORK / f"angebote-{n}"
    if not folder.exists():
        write_offers(folder, n)
    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    directory = load_directory(folder, taxonomy, today=datetime.date(2026, 11, 22))
    records = search_records(directory.offers, every_language)
    docs = doc_store(directory.offers, lambda o: "ab 3 Jahren bis zum 6. Geburtstag", lambda o: "Coesfeld")
    modules = str(ROOT / "node_modules")
    start = time.perf_counter()
    thesaurus = compile_thesaurus(load_thesaurus(ROOT / "suchwoerter.yml"), taxonomy, modules) if every_language else {}
    index = compact_index(records, modules, thesaurus)
    return time.perf_counter() - start, index, pack_docs(docs)


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 5000, 20000]
    print(f"{'N':>6} | {'Sprachen':>8} | {'Index s':>7} | {'Index KiB':>9} | {'gzip KiB':>8} | {'Docs KiB':>8} | "
          f"{'gzip KiB':>8} | {'gzip B/Angebot':>14} | {'Wachstum gzip':>13}")
    for n in counts:
        before = None
        for every_language in (False, True):
            seconds, index, docs = timed_index(n, every_language)
            index_raw, index_gz = sizes(index)
            docs_raw, docs_gz = sizes(docs)
            total = index_gz + docs_gz
            growth = "" if before is None else f"{(total / before - 1) * 100:+.0f} %"
            before = before or total
            print(f"{n:>6} | {'alle' if every_language else 'de':>8} | {seconds:>7.1f} | {index_raw / 1024:>9.0f} | "
                  f"{index_gz / 1024:>8.0f} | {docs_raw / 1024:>8.0f} | {docs_gz / 1024:>8.0f} | {total / n:>14.0f} | {growth:>13}",
                  flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
