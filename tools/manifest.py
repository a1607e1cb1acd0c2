"""The sha256 of every file of four builds, to prove that a change to the code leaves the site as it was.

    python tools/manifest.py record [--into bench/out/manifests]
    python tools/manifest.py compare [--into bench/out/manifests]

The four builds (each through tools/build_site.py, as ``make html`` runs it, on the day the tests
build as of):

* ``sample``: the sample data (angebote/) with pelicanconf.py's defaults, a public address and a
  corrections e-mail (so that the sitemap, the feeds and both report links are written too);
* ``per-language``: the same, every page rendered in every language (ANGEBOTE_RENDER_ONCE=false);
* ``one-process``: the same, rendered by one process (ANGEBOTE_RENDER_PROCESSES=1);
* ``synthetic-200``: 200 synthetic offers (bench/synthetic.py) with the same settings.

``record`` writes one JSON file per build (path -> sha256); ``compare`` builds again and lists
every file that is new, gone or different, and exits 1 if there is one. The spreadsheet
(daten/angebote.xlsx) is compared by its members, without the zip's own dates.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

TODAY = "2026-11-22"  # the day tests/conftest.py builds as of
COMMON = [f'ANGEBOTE_TODAY="{TODAY}"', 'SITEURL="https://example.org"', 'ANGEBOTE_CORRECTIONS_EMAIL="fehler@example.org"']
BUILDS = {
    "sample": [],
    "per-language": ["ANGEBOTE_RENDER_ONCE=false"],
    "one-process": ["ANGEBOTE_RENDER_PROCESSES=1"],
    "synthetic-200": None,  # its own data folder
}


def digest(path: Path) -> str:
    """A file's sha256; of a zip written with the day's time (the xlsx), of its members' names and contents."""
    if path.suffix == ".xlsx":
        whole = hashlib.sha256()
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                whole.update(member.encode() + b"\0" + hashlib.sha256(archive.read(member)).digest())
        return "zip:" + whole.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def build(name: str, work: Path) -> dict[str, str]:
    extra = list(COMMON)
    if BUILDS[name] is None:
        from synthetic import write_offers

        data = ROOT / "bench" / "out" / "manifest-angebote-200"  # a fixed place: the spreadsheet names its files
        shutil.rmtree(data, ignore_errors=True)
        write_offers(data, 200)
        extra.append(f'ANGEBOTE_PATH="{data}"')
    else:
        extra += BUILDS[name]
    output = work / f"site-{name}"
    result = subprocess.run([sys.executable, "tools/build_site.py", "-o", str(output), "-e", *extra],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"Build {name} fehlgeschlagen:\n{result.stdout}\n{result.stderr}")
    found = manifest(output)
    shutil.rmtree(output, ignore_errors=True)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("--into", type=Path, default=ROOT / "bench" / "out" / "manifests")
    parser.add_argument("--only", nargs="*", choices=tuple(BUILDS), help="nur diese Builds")
    args = parser.parse_args(argv)
    args.into.mkdir(parents=True, exist_ok=True)
    differing = 0
    with tempfile.TemporaryDirectory(prefix="manifest-") as work:
        for name in args.only or BUILDS:
            found = build(name, Path(work))
            stored = args.into / f"{name}.json"
            if args.action == "record":
                stored.write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")
                print(f"{name}: {len(found)} Dateien aufgezeichnet")
                continue
            expected = json.loads(stored.read_text(encoding="utf-8"))
            changed = sorted(p for p in expected.keys() & found.keys() if expected[p] != found[p])
            gone, new = sorted(expected.keys() - found.keys()), sorted(found.keys() - expected.keys())
            differing += len(changed) + len(gone) + len(new)
            print(f"{name}: {len(found)} Dateien, {len(changed)} anders, {len(gone)} fehlen, {len(new)} neu")
            for label, paths in (("anders", changed), ("fehlt", gone), ("neu", new)):
                for path in paths[:20]:
                    print(f"  {label}: {path}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
