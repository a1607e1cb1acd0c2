"""The search page's first result, this code against an earlier revision, over the same offers.

    python bench/search_before_after.py REVISION [N] [QUERY ...]      (default: N = 700; Beratung Kita Hebamme)

Checks REVISION out into bench/out/stand-<revision> (a git worktree, removed after), builds both
sites from the same N synthetic offers in every language, serves them as bench/search_speed.py
does (gzip as deploy/nginx.conf), and opens the German search page with each query in fresh
browser contexts, the two sites taking turns (ROUNDS each): the median time to the first result
row and the bytes sent before it. (#38 asked that at 700 offers nothing gets worse.)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_speed  # noqa: E402
from synthetic import ROOT, write_offers  # noqa: E402

ROUNDS = 15


def build(tree: Path, data: Path, site: Path) -> Path:
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(site), "-e",
                    f'ANGEBOTE_PATH="{data}"', 'ANGEBOTE_TODAY="2026-11-22"'], cwd=tree, check=True, stdout=subprocess.DEVNULL)
    return site


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    revision = argv[0]
    n = int(argv[1]) if len(argv) > 1 else 700
    queries = argv[2:] or ["Beratung", "Kita", "Hebamme"]
    work = search_speed.WORK
    data = work / f"angebote-{n}"
    if not data.exists():
        write_offers(data, n)
    tree = work / f"stand-{revision}"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True, capture_output=True)
    try:
        (tree / "node_modules").symlink_to(ROOT / "node_modules")
        sites = {"vorher": build(tree, data, work / f"vorher-{n}"), "jetzt": build(ROOT, data, work / f"jetzt-{n}")}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    servers = {name: search_speed.serve(site) for name, site in sites.items()}
    print(f"{n} Angebote, {revision} (vorher) gegen den Arbeitsstand (jetzt), Median von {ROUNDS} kalten Aufrufen im Wechsel")
    print(f"{'Anfrage':<12} | {'vorher ms':>9} | {'jetzt ms':>8} | {'vorher KiB':>10} | {'jetzt KiB':>9}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=search_speed.FLAGS)
            for query in queries:
                times = {name: [] for name in servers}
                sent = {}
                for _ in range(ROUNDS):
                    for name, (_, base) in servers.items():
                        ms, size, _, page = search_speed.open_first_result(browser, f"{base}/suche/#q={query}")
                        page.context.close()
                        times[name].append(ms)
                        sent[name] = size
                print(f"{query:<12} | {statistics.median(times['vorher']):>9.0f} | {statistics.median(times['jetzt']):>8.0f} | "
                      f"{sent['vorher'] / 1024:>10.0f} | {sent['jetzt'] / 1024:>9.0f}", flush=True)
            browser.close()
    finally:
        for httpd, _ in servers.values():
            httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
