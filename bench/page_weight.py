"""Page weight: what each page type transfers, gzip-compressed (goal: home page at most 30 KB
without search, the whole CSS under 15 KB).

    python bench/page_weight.py [SITE]      (default: output/, built by make html)

Counts the page's HTML and everything it loads from the site (CSS, scripts, icon), each
compressed with gzip -9 as a server would send it; the search page also its index.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["", "angebote/familienhebammen-fruehe-hilfen/", "alter/0-3/", "orte/duelmen/", "kontakte/duelmen/",
         "abdeckung/", "mitmachen/", "suche/", "merkliste/", "karte/", "ar/", "ar/suche/"]


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def assets(site: Path, html: str) -> list[Path]:
    """Files the page loads itself (link href for stylesheets, preloads and icons; script src; module
    imports; the base map an SVG draws its markers on)."""
    found = re.findall(r'<(?:link[^>]+href|script[^>]+src|image[^>]+href)="/?([^"]+)"', html)
    files = [site / f for f in found if (site / f).is_file()]
    for script in [f for f in files if f.suffix == ".js"]:
        for module in re.findall(r'from "(\.[^"]+)"', script.read_text(encoding="utf-8")):
            files += list((script.parent / module).parent.glob("*.js"))  # the whole module folder
    return sorted(set(files))


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else ROOT / "output"
    print(f"{'Seite':<45} | {'HTML gz KB':>10} | {'mit allem gz KB':>15}")
    for url in PAGES:
        page = site / url / "index.html"
        html = page.read_text(encoding="utf-8")
        total = gz(page) + sum(gz(f) for f in assets(site, html))
        print(f"{'/' + url:<45} | {gz(page) / 1000:>10.1f} | {total / 1000:>15.1f}")
    css = sum(gz(f) for f in (site / "theme" / "css").glob("*.css"))
    print(f"CSS gesamt (gzip): {css / 1000:.1f} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
