"""Search in the browser: lunr (this site, its index in parts: plugins/angebote/search/chunks.py)
against Pagefind over the same built site; the size of the whole site; each language's search page
of the sample.

    python bench/search_speed.py [N ...] [--ohne-pagefind]      (default: 700 5000 20000)

For each N: builds the site from N synthetic offers (bench/synthetic.py, the "small" shape) in all
six languages, runs Pagefind (npm package pagefind, installed into bench/out/pagefind, never into the
project; --ohne-pagefind: lunr alone) over the German offer pages, and serves the site as
deploy/nginx.conf does (gzip for HTML, CSS, JavaScript, JSON and SVG; Pagefind's own files are
compressed already and go out as they are). In Debian's Chromium it measures, for the German page:
- bytes sent before the first result (as sent, and before compression), from opening the page with
  #q=… (lunr) or ?q=… (Pagefind), in a fresh browser context (nothing cached);
- the time to the first result on screen (median of REPEAT cold loads, the systems taking turns);
- per further keystroke: the search of each longer start of the word, the parts it needs fetched
  and the first result's row (Pagefind: its fragment) loaded, on the page that shows the first result;
- the tab's JavaScript heap after that (Chrome's Performance.getMetrics);
- the total size of the search files (lunr: the page's entry file and every part it names;
  Pagefind: its folder).
Then it checks that the browser's search over the parts finds what lunr.py's own index of the same
offers finds (tests/search_reference.py: lunr.py's Builder, the query as suche-kern.js runs it), in
the same order, for QUERIES; and prints the site's size in bytes and files and its largest parts.
Last, the sample (angebote/, every language): on each language's search page, the time per
keystroke of a word in its language (SAMPLE_WORDS; the median of REPEAT rounds).
"""

from __future__ import annotations

import collections
import datetime
import functools
import gzip
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
from angebote.read.offers import load_directory  # noqa: E402
from angebote.read.taxonomy import load_taxonomy, load_thesaurus  # noqa: E402
from angebote.search.chunks import FOLDER, names_in  # noqa: E402
from angebote.search.index import search_records  # noqa: E402
from angebote.search.text import compile_thesaurus  # noqa: E402

WORK = ROOT / "bench" / "out"
PAGEFIND = WORK / "pagefind"
NODE_MODULES = str(ROOT / "node_modules")
QUERY = "Beratung"
REPEAT = 9
LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru"]
SAMPLE_WORDS = {"de": "Beratung", "en": "counselling", "tr": "danışmanlık", "ar": "استشارة", "uk": "консультація",
                "ru": "консультация"}
QUERIES = ["Beratung", "be", "ber", "bera", "Kinder", "Kinder Beratung", "Hebame", "Sprachkurs", "kostenlos", "Eltern Hebamme Kurs",
           "Unterstutzung", "Freizeitsport", "Ausbildungsberatng", "xqzvbnmw", "d", "Coesfeld", "midwife", "Schwimmkurs"]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg"}  # what deploy/nginx.conf sends with gzip

PAGEFIND_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Pagefind</title>
<script type="module" src="/pagefind-bench.js"></script></head><body><ul id="treffer"></ul></body></html>"""
PAGEFIND_SCRIPT = """
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
const q = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(q);
const first = await search.results[0].data();
const li = document.createElement("li");
li.className = "offer-item";
li.textContent = first.meta.title || first.url;
document.getElementById("treffer").appendChild(li);
window.timeKeystrokes = async (word) => {
  const times = [];
  for (let i = 2; i <= word.length; i++) {
    const t = performance.now();
    const s = await pagefind.search(word.slice(0, i));
    if (s.results.length) { await s.results[0].data(); }
    times.push(performance.now() - t);
  }
  return times.reduce((a, b) => a + b, 0) / times.length;
};
"""
# Notes the moment the first result row enters the page (the same for both systems), so
# that the time does not include how often Playwright polls for it.
FIRST_ROW_CLOCK = """
new MutationObserver(function (changes, observer) {
  if (document.querySelector("#treffer .offer-item")) {
    window.firstRowAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""
# Per keystroke as the page does it: the search once the parts it needs have come, and the first
# result's row (an index of its own, so that it fetches what it needs: from the browser's cache
# where the page fetched it before).
LUNR_KEYSTROKES = """async (word) => {
  const list = document.getElementById("treffer");
  const entry = await (await fetch(list.dataset.index)).json();
  const index = sucheKern.openIndex(entry, (name) => fetch(list.dataset.parts + name + ".json").then((r) => r.json()));
  const times = [];
  for (let i = 2; i <= word.length; i++) {
    const t = performance.now();
    const found = await sucheKern.searchWhenLoaded(index, word.slice(0, i));
    if (found.refs.length) { await index.part(entry.docs.names[Math.floor(Number(found.refs[0]) / entry.docs.size)]); }
    times.push(performance.now() - t);
  }
  return times.reduce((a, b) => a + b, 0) / times.length;
}"""


def ensure_pagefind() -> Path:
    binary = PAGEFIND / "node_modules" / ".bin" / "pagefind"
    if not binary.exists():
        PAGEFIND.mkdir(parents=True, exist_ok=True)
        (PAGEFIND / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "pagefind@1.6.0"], cwd=PAGEFIND, check=True)
    return binary


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def build_site(n: int) -> Path:
    data, site = WORK / f"angebote-{n}", WORK / f"suche-{n}"
    if not data.exists():
        write_offers(data, n)
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "tools/build_site.py", "-o", str(site), "-e", f'ANGEBOTE_PATH="{data}"',
                    'ANGEBOTE_TODAY="2026-11-22"'], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(site.with_name(site.name + ".alt"), ignore_errors=True)
    return site


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as deploy/nginx.conf does: gzip where the browser takes it, for its types."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = _compressed(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


@functools.lru_cache(maxsize=4096)
def _compressed(path: str, mtime: int) -> bytes:
    """A file gzipped once (nginx compresses in C, fast enough that a page does not wait for it;
    Python's gzip on every request would make the page with more files look slower than it is)."""
    return gzip.compress(Path(path).read_bytes(), 6)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):  # a page closed while it loaded
            super().handle_error(request, client_address)


def serve(folder: Path):
    handler = functools.partial(Handler, directory=str(folder))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def open_first_result(browser, url: str) -> tuple[float, int, int, object]:
    """One cold load in a fresh browser context (nothing cached): milliseconds from navigation
    start to the first result row, bytes sent and bytes before compression, and the page, still open."""
    context = browser.new_context()
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.add_init_script(FIRST_ROW_CLOCK)
    page.goto(url)
    page.wait_for_selector("#treffer .offer-item", timeout=120000)
    ms = page.evaluate("window.firstRowAt")
    sent = raw = 0
    for request in list(fetched):
        response = request.response()
        if response is None or not response.ok:
            continue
        sent += int(response.headers.get("content-length", 0))
        raw += len(response.body())
    return ms, sent, raw, page


def first_results(browser, urls: dict) -> dict:
    """Per system: (median ms to the first result over REPEAT loads, bytes sent, bytes raw, last page).
    The systems take turns, load by load, so that the machine's drift hits both alike."""
    times = {name: [] for name in urls}
    last = {}
    for _ in range(REPEAT):
        for name, url in urls.items():
            if name in last:
                last[name][3].context.close()
            ms, sent, raw, page = open_first_result(browser, url)
            times[name].append(ms)
            last[name] = (ms, sent, raw, page)
    return {name: (statistics.median(times[name]), *last[name][1:]) for name in urls}


def heap_kib(page) -> float:
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = session.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "JSHeapUsedSize") / 1024


def site_size(site: Path) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Bytes and files of the site, and its largest kinds of file (by folder under the language)."""
    kinds = collections.defaultdict(lambda: [0, 0])
    total = files = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        parts = path.relative_to(site).parts
        if parts[0] in LANGUAGES[1:] and len(parts) > 1:
            parts = parts[1:]
        kind = parts[0] + ("/" if len(parts) > 1 else "")
        if kind == "suche/" and len(parts) > 2:
            kind = "suche/teile/"
        kinds[kind][0] += size
        kinds[kind][1] += 1
        total += size
        files += 1
    return total, files, sorted(((kind, b, f) for kind, (b, f) in kinds.items()), key=lambda k: -k[1])


def cross_check(n: int, site: Path, tmp: Path) -> str:
    """The browser's search over the parts (suche-kern.js in Node) against lunr.py's own index of the
    same offers and thesaurus (the Python twin): the same offers in the same order for QUERIES."""
    from search_reference import build_index, in_node, in_term_order, search
    from lunr.index import Index

    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    directory = load_directory(WORK / f"angebote-{n}", taxonomy, today=datetime.date(2026, 11, 22))
    thesaurus = compile_thesaurus(load_thesaurus(ROOT / "suchwoerter.yml"), taxonomy, NODE_MODULES, "de", LANGUAGES)
    index = Index.load(in_term_order(build_index(search_records(directory.offers), NODE_MODULES, thesaurus)))
    index.thesaurus, index.language = thesaurus, None
    browser = in_node(site / "suche/index.json", tmp, queries=QUERIES)["results"]
    differing = [q for q in QUERIES if search(index, q, NODE_MODULES) != browser[q]]
    found = sum(len(browser[q]) for q in QUERIES)
    return f"gleich ({len(QUERIES)} Anfragen, {found} Treffer)" if not differing else f"VERSCHIEDEN: {differing}"


def sample_keystrokes(browser) -> None:
    """Per language: ms per keystroke of SAMPLE_WORDS[language] on its search page of the sample."""
    site = WORK / "suche-sample"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "tools/build_site.py", "-o", str(site), "-e", 'ANGEBOTE_TODAY="2026-11-22"'],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    httpd, base = serve(site)
    try:
        print(f"\n{'Beispiel':<8} | {'Wort':<14} | {'Suchdateien gzip KiB':>20} | {'ms/Taste':>8}")
        for code, word in SAMPLE_WORDS.items():
            prefix = "" if code == "de" else f"/{code}"
            page = browser.new_page()
            page.goto(f"{base}{prefix}/suche/")
            page.wait_for_function("window.sucheKern && document.getElementById('treffer').dataset.index")
            _, size, _ = search_files(site, code)
            per_key = statistics.median(page.evaluate(LUNR_KEYSTROKES, word) for _ in range(REPEAT))
            page.close()
            print(f"{code:<8} | {word:<14} | {size / 1024:>20.1f} | {per_key:>8.2f}", flush=True)
    finally:
        httpd.shutdown()


def search_files(site: Path, code: str = "de") -> tuple[int, int, int]:
    """A language's search files: (bytes, gzip, files) of its entry file and every part it names."""
    entry_file = site / ("" if code == "de" else code) / "suche" / "index.json"
    paths = [entry_file] + [site / FOLDER / f"{name}.json" for name in names_in(json.loads(entry_file.read_text(encoding="utf-8")))]
    data = [p.read_bytes() for p in paths]
    return sum(map(len, data)), sum(map(gz, data)), len(paths)


def main(argv: list[str]) -> None:
    with_pagefind = "--ohne-pagefind" not in argv
    sizes = [int(a) for a in argv if a != "--ohne-pagefind"] or [700, 5000, 20000]
    binary = ensure_pagefind() if with_pagefind else None
    header = (f"{'N':>6} | {'System':<8} | {'Suchdateien KiB':>15} | {'gzip KiB':>8} | {'Dateien':>7} | "
              f"{'vor 1. Treffer KiB':>18} | {'(entpackt)':>10} | {'1. Treffer ms':>13} | {'ms/Taste':>8} | {'JS-Heap KiB':>11}")
    rows, sites, checks = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
        for n in sizes:
            start = time.perf_counter()
            site = build_site(n)
            built = time.perf_counter() - start
            raw, packed, count = search_files(site)
            if with_pagefind:
                subprocess.run([str(binary), "--site", str(site), "--glob", "angebote/**/*.html"], check=True, stdout=subprocess.DEVNULL)
                (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
                (site / "pagefind-bench.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
            httpd, base = serve(site)
            try:
                measured = first_results(browser, {"lunr": f"{base}/suche/#q={QUERY}", **(
                    {"pagefind": f"{base}/pagefind-bench.html?q={QUERY}"} if with_pagefind else {})})
                ms, sent, unpacked, page = measured["lunr"]
                per_key = statistics.median(page.evaluate(LUNR_KEYSTROKES, QUERY) for _ in range(REPEAT))
                heap = heap_kib(page)
                page.context.close()
                rows.append(f"{n:>6} | {'lunr':<8} | {raw / 1024:>15.0f} | {packed / 1024:>8.0f} | {count:>7} | "
                            f"{sent / 1024:>18.0f} | {unpacked / 1024:>10.0f} | {ms:>13.0f} | {per_key:>8.1f} | {heap:>11.0f}")
                if with_pagefind:
                    ms, sent, unpacked, page = measured["pagefind"]
                    per_key = statistics.median(page.evaluate("(w) => window.timeKeystrokes(w)", QUERY) for _ in range(3))
                    heap = heap_kib(page)
                    page.context.close()
                    pf = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
                    pf_raw = sum(p.stat().st_size for p in pf)
                    rows.append(f"{n:>6} | {'Pagefind':<8} | {pf_raw / 1024:>15.0f} | {'–':>8} | {len(pf):>7} | "
                                f"{sent / 1024:>18.0f} | {unpacked / 1024:>10.0f} | {ms:>13.0f} | {per_key:>8.1f} | {heap:>11.0f}")
            finally:
                httpd.shutdown()
            print("\n".join([header] + rows), flush=True)
            if with_pagefind:
                shutil.rmtree(site / "pagefind")
            total, files, kinds = site_size(site)
            sites.append((n, built, total, files, kinds))
            checks.append((n, cross_check(n, site, WORK)))
            print(f"{n}: Browser-Suche über die Teile gegen lunr.py: {checks[-1][1]}", flush=True)
        print("\nDie ganze Website (sechs Sprachen): Bytes, Dateien und ihre größten Teile")
        for n, built, total, files, kinds in sites:
            largest = ", ".join(f"{kind} {b / 2**20:.0f} MiB ({f} Dateien)" for kind, b, f in kinds[:5])
            print(f"{n:>6} Angebote: {total / 2**20:>7.0f} MiB in {files:>7} Dateien, gebaut in {built:.0f} s; {largest}")
        sample_keystrokes(browser)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
