"""What the open data costs the build: the full build (six languages, as configured) with and
without the exports, alternating in one run on the same synthetic offers.

    python bench/open_data.py [N ...]      (default: 1000)

"Without" is the same build with the open-data outputs taken out of the outputs' list (the HSDS
export and its tables, the spreadsheet, the feeds, sitemap and robots.txt, the JSON-LD of offer
and provider pages; the /daten/ page stays): a build process started by this script with those
outputs left out (generator.OUTPUTS, outputs/offers.py's HELPERS), so that nothing else differs. Each variant runs five times, alternating; the
table shows the median wall time, the difference and the exports' share, the target being at most
10 % at 1000 offers. Beside it: the exports' own time, measured in one process on the same data
(they run in the build's second process, beside the page rendering, so most of it does not add
to the wall time).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, write_offers  # noqa: E402

sys.path.insert(0, str(ROOT / "plugins"))

WORK = ROOT / "bench" / "out"
TODAY = "2026-11-22"
ROUNDS = 5

# The build, as pelican's command line, with the open data switched off when argv[1] == "ohne".
RUNNER = """
import sys, types
from markupsafe import Markup
sys.path.insert(0, "plugins")
if sys.argv.pop(1) == "ohne":
    from angebote import generator
    from angebote.outputs import offers, open_data, sitemap
    # the page daten/ stays; the exports, feeds, sitemap, robots.txt and JSON-LD go
    page_only = types.SimpleNamespace(__name__=open_data.__name__, pages=open_data.pages,
                                      template_globals=open_data.template_globals)
    generator.OUTPUTS = tuple(page_only if o is open_data else o for o in generator.OUTPUTS if o is not sitemap)
    offers.HELPERS = {**offers.HELPERS, "offer_json_ld": lambda *a: Markup(""), "provider_json_ld": lambda *a: Markup("")}
from pelican import main
sys.exit(main())
"""


def build(variant: str, data: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", RUNNER, variant, "content", "-s", "pelicanconf.py", "-o", str(output),
         "--delete-output-directory", "-e", f'ANGEBOTE_PATH="{data}"', f'ANGEBOTE_TODAY="{TODAY}"'],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def export_only(data: Path, output: Path) -> dict[str, float]:
    """Each export on its own, in this process, on the same directory."""
    from angebote import hsds, spreadsheet
    from angebote.feeds import write_feed
    from angebote.settings import read_settings
    from angebote.read import read_directory

    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_PATH={data}", f"ANGEBOTE_TODAY={TODAY}"])
    directory = read_directory(settings)
    space = uuid.UUID(settings["ANGEBOTE_HSDS_NAMESPACE"])
    times = {}
    start = time.perf_counter()
    result = hsds.export(directory, space, page_url=lambda p: "https://example.org/" + p, age_phrase=lambda o: "",
                         state="Nordrhein-Westfalen", country="DE")
    times["HSDS: Dokumente bilden"] = time.perf_counter() - start
    start = time.perf_counter()
    hsds.write_api(output / "hsds", result, "https://example.org/daten/")
    times["HSDS: API-Dateien schreiben"] = time.perf_counter() - start
    start = time.perf_counter()
    hsds.tabular_zip(result, "x", {}, directory.today)
    times["HSDS: Tabellen (ZIP)"] = time.perf_counter() - start
    start = time.perf_counter()
    headers, table, widths = spreadsheet.table(directory.offers, directory.taxonomy, gettext=str, lang="de", page_url=lambda p: p)
    spreadsheet.write_xlsx(output / "a.xlsx", headers, table, "Angebote", directory.today, widths)
    spreadsheet.write_csv(output / "a.csv", headers, table)
    times["Tabelle (xlsx, csv)"] = time.perf_counter() - start
    start = time.perf_counter()
    for code in settings["ANGEBOTE_LANGUAGES"]:
        write_feed(output / code / "feed.atom", directory.offers, title="t", subtitle="s", lang=code,
                   site_url="https://example.org/", page_url=lambda o: "https://example.org/" + o.url_path,
                   service_id=lambda o: hsds.service_id(space, o), localized=lambda o: (o.title, o.summary),
                   author="a", timezone="Europe/Berlin")
    times["Feeds (6 Sprachen)"] = time.perf_counter() - start
    return times


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000]
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"{'N':>6} | {'mit Daten s':>11} | {'ohne s':>7} | {'Differenz s':>11} | {'Anteil':>7}")
    for n in sizes:
        data = WORK / f"angebote-offen-{n}"
        if not data.exists():
            write_offers(data, n)
        runs = {"mit": [], "ohne": []}
        for _ in range(ROUNDS):
            for variant in ("mit", "ohne"):
                runs[variant].append(build(variant, data, WORK / f"site-offen-{variant}"))
        with_, without = statistics.median(runs["mit"]), statistics.median(runs["ohne"])
        print(f"{n:>6} | {with_:>11.1f} | {without:>7.1f} | {with_ - without:>11.1f} | {(with_ - without) / without:>7.1%}",
              flush=True)
        with tempfile.TemporaryDirectory() as folder:
            times = export_only(data, Path(folder))
        print(f"       Zeit der Ausgaben allein (ein Prozess, {n} Angebote):")
        for name, seconds in times.items():
            print(f"       {name:<30} {seconds:>6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
