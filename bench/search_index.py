"""Search index cost: build time and bytes (raw and gzip) of a search page's files: its entry file,
all its parts (search/chunks.py), and what the word "Beratung" loads of them.

    python bench/search_index.py [N ...]      (default: 1000 5000 20000)

Uses the synthetic offers of bench/synthetic.py, read and checked as in a build. Each size is
built three times, side by side: "ohne" as before the families' languages were searchable (no
thesaurus), and the German and the Ukrainian search page's files as the site builds them (each with
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
from angebote.outputs.search import index_entry  # noqa: E402
from angebote.search.chunks import Parts, names_in  # noqa: E402
from angebote.search.index import Postings, document_terms, js_order, search_records  # noqa: E402
from angebote.search.store import doc_store, offer_facts  # noqa: E402
from angebote.read.offers import load_directory  # noqa: E402
from angebote.read.taxonomy import load_taxonomy, load_thesaurus  # noqa: E402

WORK = ROOT / "bench" / "out"
SITE_LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru"]


def sizes(data) -> tuple[int, int]:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(raw), len(gzip.compress(raw, 9))


def timed_index(n: int, code: str | None = "de") -> tuple[float, dict, dict]:
    """The search files of N synthetic offers for language code's search page (None: without a
    thesaurus): (seconds for the index alone, the entry file, {part's name: its bytes})."""
    folder = WORK / f"angebote-{n}"
    if not folder.exists():
        write_offers(folder, n)
    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    directory = load_directory(folder, taxonomy, today=datetime.date(2026, 11, 22))
    directory.thesaurus = load_thesaurus(ROOT / "suchwoerter.yml") if code else {}
    modules = str(ROOT / "node_modules")
    start = time.perf_counter()
    parts = Parts()
    german = Postings(document_terms(search_records(directory.offers), modules))
    entry = index_entry(parts, german, directory, code or "de", "de", SITE_LANGUAGES if code else ["de"], modules)
    seconds = time.perf_counter() - start
    facts = offer_facts(directory.offers)
    entry["docs"] = parts.documents(doc_store(directory.offers, lambda o: "ab 3 Jahren bis zum 6. Geburtstag", lambda o: "Coesfeld",
                                              facts=facts))
    entry["facets"] = parts.facets(facts)
    return seconds, entry, parts.files


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 5000, 20000]
    print(f"{'N':>6} | {'Seite':>8} | {'Index s':>7} | {'Eintrag gzip KiB':>16} | {'Teile':>6} | {'alle KiB':>8} | "
          f"{'gzip KiB':>8} | {'gzip B/Angebot':>14} | {'Beratung lädt gzip KiB':>22}")
    for n in counts:
        for code in (None, "de", "uk"):
            seconds, entry, files = timed_index(n, code)
            entry_raw, entry_gz = sizes(entry)
            raw = entry_raw + sum(len(data) for data in files.values())
            gz = entry_gz + sum(len(gzip.compress(data, 9)) for data in files.values())
            print(f"{n:>6} | {code or 'ohne':>8} | {seconds:>7.1f} | {entry_gz / 1024:>16.1f} | {len(names_in(entry)):>6} | "
                  f"{raw / 1024:>8.0f} | {gz / 1024:>8.0f} | {gz / n:>14.0f} | {query_bytes(entry, files, 'beratung') / 1024:>22.1f}",
                  flush=True)


def query_bytes(entry: dict, files: dict, term: str) -> int:
    """gzip bytes of the entry and the parts a page loads for a word searched as term: the
    postings parts its letters fall in (suche-kern.js, startingWith)."""
    firsts, names = entry["postings"]["firsts"], entry["postings"]["names"]
    low = max([i for i, first in enumerate(firsts) if js_order(first) <= js_order(term)], default=0)
    wanted = [names[i] for i in range(low, len(names)) if i == low or firsts[i].startswith(term)]
    return sizes(entry)[1] + sum(len(gzip.compress(files[name], 9)) for name in wanted)


if __name__ == "__main__":
    main(sys.argv[1:])
