"""What translating the offers costs the search files: the sample built without and with its catalogues.

    python bench/translated_search.py

Reads the sample data (angebote/, uebersetzungen/) as the build does, once without the offers'
catalogues and once with them, and prints side by side the bytes (raw and gzip) of the search
index (one for all languages: it holds the translated titles and summaries) and of each language's
document store, beside the bytes of the translated titles and summaries they now hold. The
catalogues should cost the search files about what they add as text, not more.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from angebote.read import read_directory  # noqa: E402
from angebote.search.index import compact_index, search_records  # noqa: E402
from angebote.search.store import doc_store, pack_docs  # noqa: E402
from angebote.search.text import compile_thesaurus  # noqa: E402
from angebote.settings import read_settings, setting  # noqa: E402


def sizes(data) -> tuple[int, int]:
    raw = (data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
    return len(raw), len(gzip.compress(raw, 9))


def files(settings) -> dict[str, tuple[int, int]]:
    directory = read_directory(settings)
    modules = str(ROOT / "node_modules")
    thesaurus = compile_thesaurus(directory.thesaurus, directory.taxonomy, modules)
    found = {"suche/index.json": sizes(compact_index(search_records(directory.offers), modules, thesaurus))}
    content = setting(settings, "ANGEBOTE_CONTENT_LANG")
    for code in setting(settings, "ANGEBOTE_LANGUAGES"):
        def localized(offer):
            texts = [offer.text_in(name, code, content) for name in ("title", "summary")]
            return texts[0][0], texts[1][0], [texts[0][1], texts[1][1]]
        docs = doc_store(directory.offers, lambda o: "", lambda o: "", localized)
        found[f"{'' if code == content else code + '/'}suche/angebote.json"] = sizes(pack_docs(docs))
    text = "\n".join(t[name] for o in directory.offers for t in o.translations.values() for name in ("title", "summary") if t.get(name))
    found["(übersetzte Titel und Kurzbeschreibungen)"] = sizes(text)
    return found


def main() -> None:
    settings = read_settings(str(ROOT / "pelicanconf.py"), [])
    settings = {**settings, **{name: str(ROOT / settings[name]) for name in (
        "ANGEBOTE_PATH", "ANGEBOTE_TAXONOMY", "ANGEBOTE_THESAURUS", "ANGEBOTE_MAP", "ANGEBOTE_OFFER_TRANSLATIONS")}}
    without = files({**settings, "ANGEBOTE_OFFER_TRANSLATIONS": ""})
    with_ = files(settings)
    print(f"{'Datei':<44} | {'ohne KiB':>8} | {'gzip':>6} | {'mit KiB':>8} | {'gzip':>6} | {'+ KiB':>6} | {'+ gzip':>6}")
    total = [0, 0, 0, 0]
    for name in with_:
        a, b = without[name], with_[name]
        print(f"{name:<44} | {a[0] / 1024:>8.1f} | {a[1] / 1024:>6.1f} | {b[0] / 1024:>8.1f} | {b[1] / 1024:>6.1f} | "
              f"{(b[0] - a[0]) / 1024:>+6.1f} | {(b[1] - a[1]) / 1024:>+6.1f}")
        if not name.startswith("("):
            total = [total[0] + a[0], total[1] + a[1], total[2] + b[0], total[3] + b[1]]
    print(f"{'Suchdateien zusammen':<44} | {total[0] / 1024:>8.1f} | {total[1] / 1024:>6.1f} | {total[2] / 1024:>8.1f} | "
          f"{total[3] / 1024:>6.1f} | {(total[2] - total[0]) / 1024:>+6.1f} | {(total[3] - total[1]) / 1024:>+6.1f}")


if __name__ == "__main__":
    main()
