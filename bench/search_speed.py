"""Search in the browser: lunr (this site) against Pagefind over the same built site, and each
language's search page of the sample.

    python bench/search_speed.py [N ...] [--ohne-pagefind]      (default: 1000 5000 20000)

For each N: builds the site from N synthetic offers, runs Pagefind (npm package
pagefind, installed into bench/out/pagefind, never into the project; --ohne-pagefind: lunr alone) over the
offer pages, and measures in Debian's Chromium, on a local server:
- index bytes (lunr: index + document store; Pagefind: its whole folder, and what one search fetched);
- time from opening the page with #q=… (lunr) or ?q=… (Pagefind) to the first result on screen (median of 9 cold loads, the two systems taking turns);
- time per further keystroke (the search call for each longer prefix of a word).
Then the sample (angebote/, every language): on each language's search page, the time per keystroke
of a word in its language (SAMPLE_WORDS; the median of REPEAT rounds), with the index that page loads.
"""

from __future__ import annotations

import functools
import gzip
import http.server
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

from search_index import timed_index  # noqa: E402

WORK = ROOT / "bench" / "out"
PAGEFIND = WORK / "pagefind"
QUERY = "Beratung"
REPEAT = 9
SAMPLE_WORDS = {"de": "Beratung", "en": "counselling", "tr": "danışmanlık", "ar": "استشارة", "uk": "консультація",
                "ru": "консультация"}
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

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
LUNR_KEYSTROKES = """async (word) => {
  const index = sucheKern.loadIndex(await (await fetch(document.getElementById("treffer").dataset.index)).json());
  const times = [];
  for (let i = 2; i <= word.length; i++) {
    const t = performance.now();
    sucheKern.search(index, word.slice(0, i));
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


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def build_site(n: int) -> Path:
    data, site = WORK / f"angebote-{n}", WORK / f"suche-{n}"
    if not data.exists():
        write_offers(data, n)
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(site),
         "-e", f'ANGEBOTE_PATH="{data}"', 'ANGEBOTE_TODAY="2026-11-22"', 'ANGEBOTE_LANGUAGES=["de"]'],  # the search needs one language
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def open_first_result(browser, url: str) -> tuple[float, int, object]:
    """One cold load in a fresh browser context (nothing cached): milliseconds from navigation
    start to the first result row, bytes fetched, and the page, still open."""
    context = browser.new_context()
    page = context.new_page()
    fetched = []
    page.on("response", lambda r: fetched.append(r))
    page.add_init_script(FIRST_ROW_CLOCK)
    page.goto(url)
    page.wait_for_selector("#treffer .offer-item", timeout=120000)
    size = sum(int(r.headers.get("content-length", 0)) for r in fetched if r.ok)
    return page.evaluate("window.firstRowAt"), size, page


def first_results(browser, urls: dict) -> dict:
    """Per system: (median ms to the first result over REPEAT loads, bytes, last page).
    The systems take turns, load by load, so that the machine's drift hits both alike."""
    times = {name: [] for name in urls}
    last = {}
    for _ in range(REPEAT):
        for name, url in urls.items():
            if name in last:
                last[name][2].context.close()
            ms, size, page = open_first_result(browser, url)
            times[name].append(ms)
            last[name] = (ms, size, page)
    return {name: (statistics.median(times[name]), last[name][1], last[name][2]) for name in urls}


def sample_keystrokes(browser) -> None:
    """Per language: ms per keystroke of SAMPLE_WORDS[language] on its search page of the sample."""
    site = WORK / "suche-sample"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "tools/build_site.py", "-o", str(site), "-e", 'ANGEBOTE_TODAY="2026-11-22"'],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    httpd, base = serve(site)
    try:
        print(f"\n{'Beispiel':<8} | {'Wort':<14} | {'Index gzip KiB':>14} | {'ms/Taste':>8}")
        for code, word in SAMPLE_WORDS.items():
            prefix = "" if code == "de" else f"/{code}"
            page = browser.new_page()
            page.goto(f"{base}{prefix}/suche/")
            page.wait_for_function("window.sucheKern && document.getElementById('treffer').dataset.index")
            index = site / page.evaluate("document.getElementById('treffer').dataset.index").lstrip("/")
            per_key = statistics.median(page.evaluate(LUNR_KEYSTROKES, word) for _ in range(REPEAT))
            page.close()
            print(f"{code:<8} | {word:<14} | {gz(index) / 1024:>14.1f} | {per_key:>8.2f}", flush=True)
    finally:
        httpd.shutdown()


def main(argv: list[str]) -> None:
    with_pagefind = "--ohne-pagefind" not in argv
    sizes = [int(a) for a in argv if a != "--ohne-pagefind"] or [1000, 5000, 20000]
    binary = ensure_pagefind() if with_pagefind else None
    header = (f"{'N':>6} | {'System':<8} | {'Index s':>7} | {'Index KiB':>9} | {'gzip KiB':>8} | "
              f"{'geladen KiB':>11} | {'1. Treffer ms':>13} | {'ms/Taste':>8}")
    print(header)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
        for n in sizes:
            site = build_site(n)
            lunr_files = [site / "suche" / "index.json", site / "suche" / "angebote.json"]
            if with_pagefind:
                start = time.perf_counter()
                subprocess.run([str(binary), "--site", str(site), "--glob", "angebote/**/*.html"], check=True, stdout=subprocess.DEVNULL)
                pagefind_s = time.perf_counter() - start
                (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
                (site / "pagefind-bench.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
            httpd, base = serve(site)
            try:
                measured = first_results(browser, {"lunr": f"{base}/suche/#q={QUERY}", **(
                    {"pagefind": f"{base}/pagefind-bench.html?q={QUERY}"} if with_pagefind else {})})
                ms, loaded, page = measured["lunr"]
                per_key = statistics.median(page.evaluate(LUNR_KEYSTROKES, QUERY) for _ in range(REPEAT))
                page.context.close()
                lunr_raw = sum(f.stat().st_size for f in lunr_files)
                lunr_gz = sum(gz(f) for f in lunr_files)
                print(f"{n:>6} | {'lunr':<8} | {timed_index(n)[0]:>7.1f} | {lunr_raw / 1024:>9.0f} | {lunr_gz / 1024:>8.0f} | "
                      f"{loaded / 1024:>11.0f} | {ms:>13.0f} | {per_key:>8.2f}", flush=True)
                if not with_pagefind:
                    continue
                ms, loaded, page = measured["pagefind"]
                per_key = page.evaluate("(w) => window.timeKeystrokes(w)", QUERY)
                page.context.close()
                pf_raw = folder_bytes(site / "pagefind")
                print(f"{n:>6} | {'Pagefind':<8} | {pagefind_s:>7.1f} | {pf_raw / 1024:>9.0f} | {'–':>8} | "
                      f"{loaded / 1024:>11.0f} | {ms:>13.0f} | {per_key:>8.1f}", flush=True)
            finally:
                httpd.shutdown()
        sample_keystrokes(browser)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
