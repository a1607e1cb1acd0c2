"""What the gate's limits cost: make check and the build at the largest sizes the limits allow,
beside an ordinary offer, and the contact merge as the offers grow.

    python bench/gate_limits.py

1. check and build (tools/check.py, tools/build_site.py, six languages) of one provider with one
   offer: an ordinary one, and ones at each limit (the longest body, the longest words, the most
   open brackets, the deepest quotes);
2. Markdown alone on those bodies (the part that grew with the square before the limits);
3. collect_contacts with one provider contact over 500, 1,500 and 3,000 offers: linear means the
   time grows by 3 and 2 from step to step (it grew by 14 and 5 before).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

from angebote.markup import markdown_to_html  # noqa: E402
from angebote.validation import MAX_BODY_CHARS, MAX_BRACKETS, MAX_WORD, load_directory, load_taxonomy  # noqa: E402
from conftest import TODAY, VALID_PROVIDER, run_build, run_check  # noqa: E402
from test_gate import offer_text  # noqa: E402

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


if __name__ == "__main__":
    check_and_build()
    contact_merge()
