"""What the gate's limits cost: make check and the build at the largest sizes the limits allow,
beside an ordinary offer, and the contact merge as the offers grow.

    python bench/gate_limits.py [--scale FRACTION] [--only PART ...]

1. check and build (tools/check.py, tools/build_site.py, six languages) of one provider with one
   offer: an ordinary one, and ones at each limit (the longest body, the longest words, the most
   open brackets, the deepest quotes);
2. Markdown alone on those bodies (the part that grew with the square before the limits);
3. collect_contacts with one provider contact over 500, 1,500 and 3,000 offers: linear means the
   time grows by 3 and 2 from step to step (it grew by 14 and 5 before);
4. the largest data folder make check passes (limits.py): 20,000 offers of 20 providers at 1,000
   each and 4,980 more providers, 40,000 contacts and places, 20 million characters of
   descriptions, nearly a million rows of list pages (a sixth of the offers county-wide): check's
   time, the build's time, peak memory (of the build and its forked processes), files and bytes;
5. the largest booklet make wegweiser sets (the county's, at ANGEBOTE_WEGWEISER_MAX_PAGES, of
   offers at every limit a booklet prints): its time, peak memory, pages and bytes, and how long
   the refusal of one just above the budget takes;
6. the search words at their limits (2,000 entries sharing one word) compiled for the search.

--scale 0.1 writes a tenth of part 4 (for a quick look); the figures in the README are at 1.
The sites are written to bench/out (BENCH_OUT=<folder> to choose; they are removed afterwards).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

from angebote.read import limits  # noqa: E402
from angebote.markup import markdown_to_html  # noqa: E402
from angebote.read.offers import MAX_BODY_CHARS, MAX_BRACKETS, MAX_WORD, load_directory  # noqa: E402
from angebote.read.taxonomy import load_taxonomy  # noqa: E402
from conftest import TODAY, VALID_PROVIDER, run_build, run_check  # noqa: E402
from test_gate import offer_text  # noqa: E402

OUT = Path(os.environ.get("BENCH_OUT") or ROOT / "bench" / "out")

BODIES = {
    "ordinary offer": "Ohne Anmeldung. Ein Wickeltisch ist da.",
    f"longest body ({MAX_BODY_CHARS} chars)": ("Beratung für Familien. " * (MAX_BODY_CHARS // 23))[:MAX_BODY_CHARS].rstrip(),
    f"longest words ({MAX_WORD} letters)": " ".join(["Familienberatungs" + "x" * (MAX_WORD - 17)] * (MAX_BODY_CHARS // (MAX_WORD + 1))),
    f"most open brackets ({MAX_BRACKETS})": ("[ " * MAX_BRACKETS + "Text " * 2000)[:MAX_BODY_CHARS],
    "deepest quotes (in the body limit)": "> " * (MAX_BODY_CHARS // 2 - 10) + "x",
}


def seconds(run) -> float:
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    if getattr(result, "returncode", 0) != 0:
        raise SystemExit(f"failed: {result.stdout}{result.stderr}")
    return elapsed


def check_and_build() -> None:
    print("check and build of one offer (wall time, Python start included)")
    print(f"{'offer':<36} | {'check s':>7} | {'build s':>7} | {'Markdown s':>10}")
    for name, body in BODIES.items():
        with tempfile.TemporaryDirectory() as folder:
            repo = Path(folder)
            (repo / "angebote/fz").mkdir(parents=True)
            (repo / "angebote/fz/traeger.yml").write_text(VALID_PROVIDER, encoding="utf-8")
            (repo / "angebote/fz/kurs.md").write_text(offer_text(body=body), encoding="utf-8")
            check = seconds(lambda: run_check(repo))
            build = seconds(lambda: run_build(repo / "angebote", repo / "output"))
            markdown = seconds(lambda: markdown_to_html(body))
            print(f"{name:<36} | {check:>7.2f} | {build:>7.2f} | {markdown:>10.4f}", flush=True)


def contact_merge() -> None:
    from angebote.contacts import collect_contacts
    from pelican.settings import DEFAULT_CONFIG

    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    provider = VALID_PROVIDER + "contacts:\n  - name: Erika Muster\n    phone: 02541 123456\n"
    print("\ncollect_contacts, one provider contact over every offer")
    print(f"{'offers':>6} | {'seconds':>8} | {'× previous':>10}")
    previous = None
    for n in (500, 1500, 3000):
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder)
            (data / "fz").mkdir()
            (data / "fz/traeger.yml").write_text(provider, encoding="utf-8")
            for i in range(n):
                (data / f"fz/k{i}.md").write_text(offer_text({"title": f"Kurs {i}"}), encoding="utf-8")
            directory = load_directory(data, taxonomy, today=TODAY)
            elapsed = min(seconds(lambda: collect_contacts(directory, "de_DE", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))
                          for _ in range(3))
            ratio = f"{elapsed / previous:>10.1f}" if previous else f"{'':>10}"
            print(f"{n:>6} | {elapsed:>8.3f} | {ratio}", flush=True)
            previous = elapsed


def measured(command: list[str]) -> tuple[float, float, str]:
    """Run a command; (wall seconds, peak resident memory in MiB of it and its children, stderr)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)  # the largest of the process and its waited-for children
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, process.stderr.read().decode() + ("" if status == 0 else f"\n(exit {status})")


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def largest_offer_text(rng: random.Random, index: int, county_wide: bool, body_chars: int) -> str:
    """An ordinary offer in size, with the lists the largest folder needs: 3 areas, the bands of
    0 to 10 years (3), 2 towns or the whole county, 2 contacts, 2 places."""
    words = "Eltern Kinder Beratung Familie Treffpunkt Sprache Kurs Schule Hilfe Begleitung Gruppe Woche".split()
    body = " ".join(rng.choice(words) for _ in range(body_chars // 7))[:body_chars]
    towns = "[kreisweit]" if county_wide else "[" + ", ".join(rng.sample(
        ["ascheberg", "billerbeck", "coesfeld", "duelmen", "havixbeck", "luedinghausen", "nordkirchen", "nottuln",
         "olfen", "rosendahl", "senden"], 2)) + "]"
    areas = ", ".join(rng.sample(["gesundheit", "erziehung", "betreuung", "bildung", "sprache", "beratung", "freizeit"], 3))
    return (f"---\ntitle: Angebot {index} {rng.choice(words)}\nsummary: Ein Treff für Familien mit Kindern, Nummer {index}.\n"
            f"areas: [{areas}]\nage_from: 0\nage_to: 10\nmunicipalities: {towns}\nreviewed: 2026-10-01\n"
            f"contacts:\n  - {{name: Person {index} A, phone: 02541 {100000 + index}}}\n"
            f"  - {{name: Person {index} B, email: p{index}@example.org}}\n"
            f"locations:\n  - {{street: Markt {index}, postcode: '48653', city: Coesfeld}}\n  - {{city: Dülmen}}\n"
            f"---\n\n{body}\n")


def largest_folder(scale: float) -> None:
    """Part 4: the largest data folder check passes, through check and the build."""
    offers = int(limits.OFFERS * scale)
    per_provider = min(limits.OFFERS_PER_PROVIDER, offers)
    empty_providers = int((limits.PROVIDERS - limits.OFFERS // limits.OFFERS_PER_PROVIDER) * scale)
    data, site = OUT / "groesster-ordner" / "angebote", OUT / "groesster-ordner" / "output"
    shutil.rmtree(data.parent, ignore_errors=True)
    rng = random.Random(37)
    for index in range(offers):
        folder = data / f"traeger-{index // per_provider}"
        if not folder.exists():
            folder.mkdir(parents=True)
            (folder / "traeger.yml").write_text(f"name: Träger {index // per_provider}\nemail: t@example.org\n", encoding="utf-8")
        (folder / f"angebot-{index}.md").write_text(
            largest_offer_text(rng, index, index % 6 == 0, limits.DESCRIPTIONS // limits.OFFERS - 10), encoding="utf-8")
    for number in range(empty_providers):
        folder = data / f"leer-{number}"
        folder.mkdir()
        (folder / "traeger.yml").write_text(f"name: Leerer Träger {number}\n", encoding="utf-8")
    from angebote.settings import read_settings
    from angebote.read import read_directory

    settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_PATH={data}", f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    directory = read_directory(settings)
    rows = sum(limits.list_rows(o, directory.taxonomy) for o in directory.offers)
    contacts = sum(len(o.contacts) for o in directory.offers)
    print(f"\nthe largest folder check passes (scale {scale}): {len(directory.offers):,} offers, "
          f"{len(directory.providers):,} providers, {contacts:,} contacts, {rows:,} list rows "
          f"(limit {limits.LIST_ROWS:,}), {sum(len(o.body_text) for o in directory.offers):,} characters of descriptions")
    del directory
    check = measured([sys.executable, "tools/check.py", "-e", f"ANGEBOTE_PATH={data}", f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    build = measured([sys.executable, "tools/build_site.py", "-o", str(site), "-e", f'ANGEBOTE_PATH="{data}"',
                      f'ANGEBOTE_TODAY="{TODAY.isoformat()}"'])
    files, size = tree_size(site) if site.is_dir() else (0, 0)
    print(f"{'run':<8} | {'wall s':>7} | {'peak MiB':>8} | {'files':>9} | {'output MiB':>10}")
    print(f"{'check':<8} | {check[0]:>7.1f} | {check[1]:>8.0f} | {'':>9} | {'':>10}")
    print(f"{'build':<8} | {build[0]:>7.1f} | {build[1]:>8.0f} | {files:>9,} | {size / 2**20:>10,.0f}", flush=True)
    if "Geprüft" not in check[2] or "(exit" in build[2]:
        print(check[2][-2000:], build[2][-2000:])
    shutil.rmtree(data.parent, ignore_errors=True)


def largest_booklet() -> None:
    """Part 5: the largest county booklet make wegweiser sets, and the refusal of one just above."""
    from angebote.booklet import estimate_pages, plan
    from angebote.contacts import collect_contacts
    from angebote.settings import read_settings, setting
    from angebote.read import read_directory
    from test_wegweiser import largest_offer

    folder = OUT / "groesstes-heft"
    shutil.rmtree(folder, ignore_errors=True)
    budget = setting({}, "ANGEBOTE_WEGWEISER_MAX_PAGES")
    print(f"\nthe largest county booklet (A5, at most {budget} pages as estimated; offers at every limit a booklet prints)")
    print(f"{'offers':>6} | {'estimate':>8} | {'pages':>5} | {'wall s':>7} | {'peak MiB':>8} | {'MiB':>5} | result")
    count, over = 0, False
    while not over:
        count += 1
        (folder / "angebote" / "fz").mkdir(parents=True, exist_ok=True)
        (folder / "angebote" / "fz" / "traeger.yml").write_text(VALID_PROVIDER, encoding="utf-8")
        (folder / "angebote" / "fz" / f"a{count}.md").write_text(largest_offer(count), encoding="utf-8")
        settings = read_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_PATH={folder / 'angebote'}", f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
        directory = read_directory(settings)
        estimate = estimate_pages(plan(directory, None, "de", settings, collect_contacts(directory, "de_DE", [])), "A5")
        over = estimate > budget
        if not over and estimate + estimate // count <= budget:
            continue  # one more still fits
        wall, memory, err = measured([sys.executable, "tools/wegweiser.py", "-o", str(folder / "wegweiser"), "--sprache", "de",
                                      "--ort", "kreis", "-e", f"ANGEBOTE_PATH={folder / 'angebote'}",
                                      f"ANGEBOTE_TODAY={TODAY.isoformat()}", "ANGEBOTE_PUBLIC_URL=https://example.org"])
        pdf = folder / "wegweiser" / "de" / "kreis.pdf"
        pages = "" if over or not pdf.exists() else len(__import__("pypdf").PdfReader(pdf).pages)
        size = f"{pdf.stat().st_size / 2**20:>5.1f}" if pages else f"{'':>5}"
        result = "refused" if "ANGEBOTE_WEGWEISER_MAX_PAGES" in err else ("written" if pages else err.strip()[-200:])
        print(f"{count:>6} | {estimate:>8} | {pages:>5} | {wall:>7.1f} | {memory:>8.0f} | {size} | {result}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)


def thesaurus_at_its_limits() -> None:
    """Part 6: 2,000 entries of 20 German words each, all with the same English word (the English
    page's thesaurus: the German and English words)."""
    from angebote.search.text import compile_thesaurus
    from angebote.read.taxonomy import THESAURUS_ENTRIES, THESAURUS_WORDS

    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    entries = [{"de": [f"Wort{i}x{k}" for k in range(THESAURUS_WORDS)], "en": ["help"] + [f"w{i}y{k}" for k in range(THESAURUS_WORDS - 1)]}
               for i in range(THESAURUS_ENTRIES)]
    elapsed = seconds(lambda: compile_thesaurus(entries, taxonomy, str(ROOT / "node_modules"), "en", ["de", "en"]))
    print(f"\nsearch words at their limits ({THESAURUS_ENTRIES} entries × {THESAURUS_WORDS} words, one shared): "
          f"compiled in {elapsed:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="part 4 at this fraction of the limits")
    parser.add_argument("--only", nargs="*", type=int, default=[1, 2, 3, 4, 5, 6], help="only these parts (1 and 2 run together)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if {1, 2} & set(args.only):
        check_and_build()
    if 3 in args.only:
        contact_merge()
    if 4 in args.only:
        largest_folder(args.scale)
    if 5 in args.only:
        largest_booklet()
    if 6 in args.only:
        thesaurus_at_its_limits()
