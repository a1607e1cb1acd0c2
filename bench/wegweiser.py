"""The printed Familienwegweiser's cost: the county booklet in German, at the sample data and at
synthetic sizes, beside its peer.

    python bench/wegweiser.py [N ...]      (default: the sample data, then 1000 offers)

For each data set it prints the wall time of ``tools/wegweiser.py --sprache de --ort kreis`` (the
whole command: Python start, checking the data, layout, writing), the booklet's pages and its PDF
size; beside it the peer: the same offers' texts (title, summary, description) as one plain HTML
document through the same WeasyPrint, without the booklet's layout (no QR codes, page
references, floats or running heads), in the same run on the same machine. The ratio says what
the booklet's layout costs over setting its text at all.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

sys.path.insert(0, str(ROOT / "plugins"))
from pypdf import PdfReader  # noqa: E402

from angebote.settings import read_settings  # noqa: E402
from angebote.read import read_directory  # noqa: E402

WORK = ROOT / "bench" / "out"
TODAY = "2026-11-22"


def booklet(data: Path, output: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "tools/wegweiser.py", "-o", str(output), "--sprache", "de", "--ort", "kreis", "-e",
         f"ANGEBOTE_PATH={data}", f"ANGEBOTE_TODAY={TODAY}"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    path = output / "de" / "kreis.pdf"
    return seconds, len(PdfReader(path).pages), path.stat().st_size


def plain(data: Path, output: Path) -> tuple[float, int, int]:
    from weasyprint import HTML

    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_PATH={data}", f"ANGEBOTE_TODAY={TODAY}"])
    start = time.perf_counter()
    offers = read_directory(settings).offers
    body = "".join(f"<h2>{escape(o.title)}</h2><p>{escape(o.summary)}</p><p>{escape(o.body_text)}</p>" for o in offers)
    document = HTML(string=f"<html lang=de><title>Peer</title><body>{body}</body></html>").render()
    path = output / "plain.pdf"
    document.write_pdf(path)
    return time.perf_counter() - start, len(document.pages), path.stat().st_size


def main(argv: list[str]) -> None:
    sets = [("Beispieldaten", ROOT / "angebote")]
    for n in [int(a) for a in argv] or [1000]:
        folder = WORK / f"angebote-{n}"
        if not folder.exists():
            write_offers(folder, n)
        sets.append((f"{n} Angebote", folder))
    print(f"{'Daten':>14} | {'Angebote':>8} | {'Heft s':>7} | {'Seiten':>6} | {'PDF KiB':>7} || "
          f"{'schlicht s':>10} | {'Seiten':>6} | {'PDF KiB':>7} | {'Faktor':>6}")
    for name, folder in sets:
        with tempfile.TemporaryDirectory() as temporary:
            out = Path(temporary)
            seconds, pages, size = booklet(folder, out / "heft")
            plain_seconds, plain_pages, plain_size = plain(folder, out)
            count = len(read_directory(read_settings(str(ROOT / "pelicanconf.py"),
                                                     [f"ANGEBOTE_PATH={folder}", f"ANGEBOTE_TODAY={TODAY}"])).offers)
        print(f"{name:>14} | {count:>8} | {seconds:>7.1f} | {pages:>6} | {size / 1024:>7.0f} || "
              f"{plain_seconds:>10.1f} | {plain_pages:>6} | {plain_size / 1024:>7.0f} | {seconds / plain_seconds:>6.1f}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
