"""Offline on a cheap phone: the service worker ``sw.js`` at the site's root, the page an offer
never visited shows without a connection (``<prefix>offline/``, not in the sitemap), and
the Workbox licences (``theme/vendor/LICENSE-workbox.txt``, ``LICENSE-idb.txt``).

``sw.js`` is one file: Workbox's prebuilt runtime from npm (``build/workbox-*.prod.js``, IIFEs that
attach to ``self.workbox``, concatenated in the order they depend on each other), the manifest of
each language's offline set, and the project's own worker (``theme/worker/offline-worker.js``). No
``importScripts``: under the CSP's ``require-trusted-types-for 'script'`` a plain string could not
be imported. The build knows every file it wrote, so it writes the manifest itself (each file's
sha256 as its revision); Workbox's build tools would only glob and hash the same files again.

A language's offline set is what the outputs declare with ``offline(build, language)``, plus every
file of the site those pages load: scripts, styles, images and the JSON files named in ``data-…``
attributes (read from the pages as written). With ``ANGEBOTE_OFFLINE = False`` (the kill switch)
no page registers the worker, and ``sw.js`` is a worker that deletes the site's caches and
unregisters itself (``theme/worker/offline-ende.js``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..build import Page
from ..settings import setting

# Workbox's runtime, in the order the IIFEs need each other (each reads workbox.<the one before>)
WORKBOX = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration", "workbox-precaching")
WORKER = "offline-worker.js"
KILL_SWITCH = "offline-ende.js"
OFFER_PAGE = "offline/"


def enabled(build) -> bool:
    return setting(build.settings, "ANGEBOTE_OFFLINE")


def check(build) -> None:
    if not isinstance(enabled(build), bool):
        raise ValueError(f"ANGEBOTE_OFFLINE muss True oder False sein, nicht {enabled(build)!r}.")


def template_globals(build) -> dict:
    return {"OFFLINE": enabled(build)}


def pages(build, speech):
    if enabled(build):
        yield Page(OFFER_PAGE, "angebot_offline", listed=False)


def offline(build, language) -> list[str]:
    return [language.prefix + OFFER_PAGE]


def after(build):
    files = build.files
    worker = Path(build.theme, "worker")
    if not enabled(build):
        files.write_text("sw.js", (worker / KILL_SWITCH).read_text(encoding="utf-8"))
        return
    from . import OUTPUTS

    revisions: dict[Path, tuple[int, str]] = {}  # most files are in every language's set: each read once
    manifest = {"date": build.directory.today.isoformat(), "languages": {
        language.code: offline_set(build, language, OUTPUTS, revisions) for language in build.languages}}
    node_modules = Path(setting(build.settings, "ANGEBOTE_NODE_MODULES"))
    parts = [without_source_map((node_modules / name / "build" / f"{name}.prod.js").read_text(encoding="utf-8"))
             for name in WORKBOX]
    parts.append("var OFFLINE = " + json.dumps(manifest, ensure_ascii=True, separators=(",", ":")) + ";\n")
    parts.append((worker / WORKER).read_text(encoding="utf-8"))
    files.write_text("sw.js", "".join(parts))
    files.copy(node_modules / "workbox-core" / "LICENSE", "theme/vendor/LICENSE-workbox.txt")
    files.copy(node_modules / "idb" / "LICENSE", "theme/vendor/LICENSE-idb.txt")  # inside workbox-expiration


def without_source_map(text: str) -> str:
    """A Workbox build file without its ``//# sourceMappingURL`` line (the map is not served)."""
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    return "\n".join(lines) + "\n"


def offline_set(build, language, outputs, revisions: dict[Path, tuple[int, str]]) -> dict:
    """One language's offline set: its entries (url relative to the site's root, "./" for the root;
    revision: the first 16 hex digits of the file's sha256), its bytes and version, its home and offer
    page. revisions: each file's size and revision, of the sets before (the ones found added)."""
    root = build.output
    declared = [path for output in outputs for path in getattr(output, "offline", lambda build, language: [])(build, language)]
    found: dict[str, Path] = {}
    starts = site_paths(build)
    for path in declared:
        file = root / (path + "index.html" if path.endswith("/") or path == "" else path)
        found.setdefault(path, file)
        if file.suffix == ".html":
            for loaded in loaded_by(file.read_text(encoding="utf-8"), starts):
                target = written(build, loaded)
                if target is not None:
                    found.setdefault(loaded, target)
    entries, size, version = [], 0, hashlib.sha256()
    for path, file in found.items():
        if file not in revisions:
            data = file.read_bytes()
            revisions[file] = len(data), hashlib.sha256(data).hexdigest()[:16]
        length, revision = revisions[file]
        size += length
        entries.append({"url": path or "./", "revision": revision})
        version.update(f"{path} {entries[-1]['revision']}\n".encode())
    # version: what changed since a phone saved the set (its worker then says "Aktualisiert")
    return {"prefix": language.prefix, "home": language.prefix or "./", "offer": language.prefix + OFFER_PAGE,
            "bytes": size, "version": version.hexdigest()[:16], "entries": entries}


def written(build, path: str) -> Path | None:
    """The file at path as the site will serve it: what the build wrote, or a file of the theme's
    static folders, which Pelican copies after the outputs have run."""
    target = build.output / path
    if target.is_file():
        return target
    folder = build.settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"
    if path.startswith(folder):
        for static in build.settings.get("THEME_STATIC_PATHS", ["static"]):
            source = Path(build.theme, static, path[len(folder):])
            if source.is_file():
                return source
    return None


def site_paths(build) -> tuple[str, ...]:
    """How the pages name a file of the site: under SITEURL (absolute or its path), or from "/"."""
    siteurl = build.settings["SITEURL"].rstrip("/")
    starts = [siteurl + "/"] if siteurl else []
    path = urlsplit(siteurl).path.rstrip("/")
    if path and siteurl != path:
        starts.append(path + "/")
    return tuple(starts) or ("/",)


# The elements that may load a file of the site, in the page's order (libxml2 parses, XPath picks
# them: the standard library's HTMLParser took 0.3 s of the build's last, serial step at 2000 offers).
_LOADING = etree.XPath("//script[@src] | //link[@href] | //img[@src] | //image[@href]"
                       " | //*[@*[starts-with(name(), 'data-')]]")


def _loaded_urls(html: str) -> list[str]:
    """What a page loads: scripts, styles and icons, images, and JSON files its scripts read."""
    root = etree.HTML(html)
    urls: list[str] = []
    for element in _LOADING(root) if root is not None else ():
        tag, get = element.tag, element.get
        if tag == "script" and get("src"):
            urls.append(get("src"))
        elif tag == "link" and get("href") and not {"canonical", "alternate"} & set((get("rel") or "").split()):
            urls.append(get("href"))
        elif tag == "img" and get("src"):
            urls.append(get("src"))
        elif tag == "image" and get("href"):
            urls.append(get("href"))
        for name, value in element.items():
            if name.startswith("data-") and value and value.endswith(".json"):
                urls.append(value)
    return urls


def loaded_by(html: str, starts: tuple[str, ...]) -> list[str]:
    """The site's files a page loads, as paths relative to the site's root (in the page's order)."""
    paths = []
    for url in _loaded_urls(html):
        start = next((s for s in starts if url.startswith(s) and not url.startswith("//")), None)
        if start is not None:
            path = url[len(start):].split("#")[0].split("?")[0]
            if path and path not in paths and ".." not in path.split("/"):
                paths.append(path)
    return paths
