"""Offline on a cheap phone (outputs/offline.py, sw.js, offline.js): real builds of the sample data,
served from one address whose folder is swapped for a second build (one offer changed) and for the
kill switch, in Debian's Chromium with a real service worker. The server logs every request, so
what the phone downloads (before the button, on saving, on an update) is read from it."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build
from playwright.sync_api import expect

from angebote.search.chunks import names_in
from angebote.settings import DEFAULTS

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHANGED_OFFER = "erste-hilfe-am-kind"  # German title in every language: the change shows in Arabic too
NEVER_VISITED = "pekip-kurs"
SAVED = "متاح دون اتصال"  # "Offline verfügbar" in the Arabic catalogue
UPDATED = "تم التحديث"  # "Aktualisiert"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample data built three times: as it is (a), with one offer's title changed (b), and
    as it is with the kill switch (off)."""
    tmp = tmp_path_factory.mktemp("offline")
    data = tmp / "angebote"
    shutil.copytree(ROOT / "angebote", data)
    built = {}
    for name, extra in [("a", ()), ("off", ("ANGEBOTE_OFFLINE=false",))]:
        result = run_build(data, tmp / name, *extra)
        assert result.returncode == 0, result.stderr
        built[name] = tmp / name
    offer = data / "drk-kreisverband-coesfeld" / f"{CHANGED_OFFER}.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("title: Erste Hilfe am Kind\n",
                                                                "title: Erste Hilfe am Kind für Eltern\n"), encoding="utf-8")
    result = run_build(data, tmp / "b")
    assert result.returncode == 0, result.stderr
    built["b"] = tmp / "b"
    return built


class _Served:
    """One address; the folder behind it (a symlink) can be swapped; every request is logged."""

    def __init__(self, tmp: Path, site: Path):
        self.link = tmp / "served"
        self.log: list[tuple[str, int]] = []
        self.serve(site)
        served = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_request(self, code="-", size="-"):
                served.log.append((self.path, int(code) if str(code).isdigit() else 0))

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(self.link)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, site: Path) -> None:
        new = self.link.with_name("served.neu")
        if new.is_symlink():
            new.unlink()
        new.symlink_to(site)
        os.replace(new, self.link)

    @contextmanager
    def serving(self, site: Path):
        before = self.link.resolve()
        self.serve(site)
        try:
            yield
        finally:
            self.serve(before)

    def since(self, mark: int) -> list[tuple[str, int]]:
        return self.log[mark:]


@pytest.fixture(scope="module")
def served(sites, tmp_path_factory):
    served = _Served(tmp_path_factory.mktemp("served"), sites["a"])
    yield served
    served.httpd.shutdown()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


def manifest(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^var OFFLINE = (.*);$", text, re.M).group(1))


def until(page, script: str, timeout: float = 20):
    """Poll script (page.evaluate: also where the page's CSP forbids evaluating strings) until truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value:
            return value
        assert time.monotonic() < deadline, f"{script} wurde nicht wahr"
        time.sleep(0.1)


def controlled(page) -> None:
    until(page, "() => navigator.serviceWorker.controller !== null")


def save(page, served, lang: str = "ar") -> list[tuple[str, int]]:
    """Open the language's home page, press the button, wait until saved; what it downloaded."""
    page.goto(f"{served.url}/{lang}/")
    button = page.locator(".offline-speichern")
    expect(button).to_be_visible(timeout=20000)
    mark = len(served.log)
    button.click()
    expect(page.locator(".offline-stand")).to_contain_text(SAVED, timeout=30000)
    expect(button).to_be_hidden()
    return served.since(mark)


def _file(site: Path, url: str) -> Path:
    path = "" if url == "./" else url
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


# ---------------------------------------------------------------- the build


def test_the_worker_is_one_script_and_its_manifest_names_each_file_as_written(sites, served):
    site = sites["a"]
    import urllib.request
    with urllib.request.urlopen(served.url + "/sw.js") as response:
        assert response.headers["Content-Type"] in ("text/javascript", "application/javascript")
        text = response.read().decode("utf-8")
    assert "importScripts" not in text and "sourceMappingURL" not in text
    assert text.index("this.workbox.core=") < text.index("this.workbox.precaching=") < text.index("var OFFLINE")
    found = manifest(site)
    assert found["date"] == "2026-11-22"
    assert set(found["languages"]) == {"de", "en", "tr", "ar", "uk", "ru"}
    arabic = found["languages"]["ar"]
    urls = [entry["url"] for entry in arabic["entries"]]
    entry = json.loads((site / "ar/suche/index.json").read_text(encoding="utf-8"))
    parts = [f"suche/teile/{name}.json" for name in names_in(entry)]  # every part of the search, the rows in Arabic
    assert len(parts) > 10 and set(parts) <= set(urls)
    for wanted in ["ar/", "ar/suche/", "ar/suche/index.json", "ar/merkliste/",
                   "ar/merkliste/angebote.json", "ar/begleiter/", "ar/begleiter/erste-wochen/", "ar/begleiter/daten.json",
                   "ar/karte/", "karte/kreis.svg", "ar/offline/", "theme/css/site.css", "theme/js/offline.js",
                   "theme/js/suche.js", "theme/vendor/lunr.min.js", "theme/vendor/qrcode.js", "theme/js/angebot-kurz.js",
                   "theme/js/karte.js", "theme/icon.svg"]:
        assert wanted in urls, wanted
    assert not [url for url in urls if url.startswith(("ar/angebote/", "angebote/"))]  # no offer page in advance
    assert len(urls) == len(set(urls))
    assert "./" in [entry["url"] for entry in found["languages"]["de"]["entries"]]
    size = 0
    for language in found["languages"].values():
        for entry in language["entries"]:
            data = _file(site, entry["url"]).read_bytes()
            assert entry["revision"] == hashlib.sha256(data).hexdigest()[:16], entry["url"]
    size = sum(_file(site, entry["url"]).stat().st_size for entry in arabic["entries"])
    assert arabic["bytes"] == size
    # the offline page: written in each language, for no search engine
    page = BeautifulSoup((site / "ar/offline/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "offline/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (site / "theme/vendor/LICENSE-workbox.txt").read_text(encoding="utf-8").startswith("Copyright 2018 Google LLC")
    assert "Jake Archibald" in (site / "theme/vendor/LICENSE-idb.txt").read_text(encoding="utf-8")


def test_a_page_loads_what_its_elements_name_on_the_site_in_their_order():
    """The files of the site a page loads (offline set): scripts, styles and icons, images (also an
    SVG image), JSON named in data- attributes; not canonical or alternate links, other hosts, a
    path out of the site; query and fragment dropped, each file once."""
    from angebote.outputs.offline import loaded_by
    html = """<!DOCTYPE html><html lang="de"><head>
    <link rel="stylesheet" href="/theme/css/site.css?v=3"><link rel="canonical" href="/angebote/x/">
    <link rel="alternate" hreflang="en" href="/en/"><link rel="icon" href="/theme/icon.svg">
    <link rel="stylesheet" href="https://cdn.example.org/x.css"><script src="//cdn.example.org/y.js"></script>
    <script src="/theme/js/suche.js"></script><script type="application/ld+json">{"a": "/b.json"}</script></head>
    <body><main data-index="/suche/index.json" data-rows="/merkliste/angebote.json" data-other="/x.txt">
    <img src="/karte/a.png#top" alt=""><img src="/../etc/passwd" alt=""><img src="" alt="">
    <svg><image href="/karte/kreis.svg" width="1" height="1"/></svg>
    <script src="/theme/js/suche.js"></script></main></body></html>"""
    assert loaded_by(html, ("/",)) == ["theme/css/site.css", "theme/icon.svg", "theme/js/suche.js", "suche/index.json",
                                       "merkliste/angebote.json", "karte/a.png", "karte/kreis.svg"]
    assert loaded_by(html.replace('"/theme/js/suche.js"', '"https://example.org/theme/js/suche.js"'),
                     ("https://example.org/", "/")) == ["theme/css/site.css", "theme/icon.svg", "theme/js/suche.js",
                                                        "suche/index.json", "merkliste/angebote.json", "karte/a.png",
                                                        "karte/kreis.svg"]


def test_the_kill_switch_writes_no_registration_and_a_worker_that_removes_itself(sites):
    site = sites["off"]
    text = (site / "sw.js").read_text(encoding="utf-8")
    assert "this.workbox" not in text and "var OFFLINE" not in text and "unregister()" in text and "caches.delete" in text
    home = (site / "ar/index.html").read_text(encoding="utf-8")
    assert "offline.js" not in home and "offline-zeile" not in home
    assert not (site / "ar/offline").exists()


def test_the_csp_allows_one_named_policy_and_the_worker_alike_in_meta_tag_and_server_headers():
    csp = DEFAULTS["ANGEBOTE_CSP"]
    assert "trusted-types angebote-sw;" in csp and "worker-src 'self'" in csp and "'none'; worker" not in csp
    nginx = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{csp}; frame-ancestors \'none\'" always;' in nginx
    assert f"Content-Security-Policy: {csp}; frame-ancestors 'none'" in (ROOT / "deploy/_headers").read_text(encoding="utf-8")


# ---------------------------------------------------------------- in the browser


def test_saved_arabic_works_offline(context, served, sites):
    hosts = []
    context.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page = context.new_page()
    mark = len(served.log)
    page.goto(served.url + "/ar/")
    expect(page.locator(".offline-speichern")).to_be_visible(timeout=20000)
    # registering downloads sw.js and nothing more: no data before the button
    before = [path for path, _ in served.since(mark)]
    assert "/sw.js" in before and not [path for path in before if path.endswith(".json")]
    downloaded = save(page, served)
    arabic = manifest(sites["a"])["languages"]["ar"]
    assert {path.split("?")[0] for path, status in downloaded if status == 200} >= {
        "/ar/suche/index.json", "/ar/merkliste/angebote.json", "/ar/begleiter/daten.json",
        *(f"/suche/teile/{name}.json" for name in names_in(json.loads((sites["a"] / "ar/suche/index.json").read_text(encoding="utf-8"))))}

    context.set_offline(True)
    page.goto(served.url + "/ar/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".offline-stand")).to_contain_text(SAVED)

    page.goto(served.url + "/ar/suche/#q=Hebamme&ort=coesfeld")
    expect(page.locator("#treffer li").first).to_be_visible(timeout=20000)
    assert page.locator("#treffer li").count() >= 1
    expect(page.locator("#aktive-filter")).to_be_visible()

    # an offer never visited: its essentials from the stored data, and the notice
    page.goto(f"{served.url}/ar/angebote/{NEVER_VISITED}/")
    offer = json.loads((sites["a"] / "ar/merkliste/angebote.json").read_text(encoding="utf-8"))[NEVER_VISITED]
    expect(page.locator("h1")).to_have_text(offer["t"], timeout=10000)
    expect(page.locator(".offline-ganze-seite")).to_be_visible()
    expect(page.locator(".merkliste-fakten")).to_contain_text(offer["k"][0][2])

    # the Merkliste with three offers and its share link
    three = "elterncafe-duelmen.pekip-kurs.jugendtreff-olfen"
    page.goto(f"{served.url}/ar/merkliste/#a={three}")
    expect(page.locator(".merkliste-eintrag h2 a")).to_have_count(3, timeout=10000)
    assert page.input_value("#teilen-link").endswith(f"/ar/merkliste/#a={three}")
    expect(page.locator(".merkliste-qr svg")).to_have_count(1)

    page.goto(served.url + "/ar/begleiter/erste-wochen/")
    built = BeautifulSoup((sites["a"] / "ar/begleiter/erste-wochen/index.html").read_text(encoding="utf-8"), "html.parser")
    expect(page.locator("h1")).to_have_text(built.h1.get_text().strip())

    page.goto(served.url + "/ar/karte/")
    expect(page.locator(".marker").first).to_be_visible()
    assert page.evaluate("document.querySelector('img.map-base').naturalWidth") > 0

    # a page neither saved nor visited: what works offline
    page.goto(served.url + "/ar/traeger/")
    expect(page.locator(".offline-nicht-gespeichert")).to_be_visible()
    expect(page.locator(".offline-links a")).to_have_count(5)
    assert set(hosts) == {urlsplit(served.url).netloc}
    assert arabic["bytes"] < 1_500_000


def test_without_the_button_visited_pages_are_kept_and_nothing_else_is_fetched(context, served):
    page = context.new_page()
    mark = len(served.log)
    page.goto(served.url + "/en/")
    controlled(page)
    page.goto(served.url + "/en/alter/")
    heading = page.locator("h1").inner_text()
    fetched = [path for path, _ in served.since(mark)]
    assert not [path for path in fetched if path.endswith(".json")], fetched
    assert not until(page, "async () => [(await caches.keys()).filter(n => n.startsWith('angebote-offline-'))]")[0]
    context.set_offline(True)
    page.goto(served.url + "/en/alter/")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".offline-speichern")).to_be_visible()  # (the stylesheet and scripts were kept too)
    with pytest.raises(Exception, match="ERR_FAILED|ERR_INTERNET_DISCONNECTED"):
        page.goto(served.url + "/en/suche/")


def test_a_new_build_downloads_only_what_changed_and_says_so(context, served, sites):
    page = context.new_page()
    save(page, served)
    old, new = (manifest(sites[name])["languages"]["ar"] for name in ("a", "b"))
    revisions = {entry["url"]: entry["revision"] for entry in old["entries"]}
    changed = {"/" + ("" if e["url"] == "./" else e["url"]) for e in new["entries"] if revisions.get(e["url"]) != e["revision"]}
    assert "/ar/suche/index.json" in changed and "/ar/merkliste/angebote.json" in changed and "/theme/css/site.css" not in changed
    with served.serving(sites["b"]):
        mark = len(served.log)
        page.goto(served.url + "/ar/")  # the browser looks for a new sw.js
        expect(page.locator(".offline-stand")).to_contain_text(UPDATED, timeout=30000)
        downloaded = {path.split("?")[0] for path, status in served.since(mark) if status == 200} - {"/sw.js"}
        assert downloaded == changed
        context.set_offline(True)
        page.goto(f"{served.url}/ar/angebote/{CHANGED_OFFER}/")
        expect(page.locator("h1 a")).to_have_text("Erste Hilfe am Kind für Eltern", timeout=10000)
        context.set_offline(False)


def test_the_kill_switch_removes_the_worker_and_its_caches(context, served, sites):
    page = context.new_page()
    save(page, served)
    assert until(page, "async () => (await caches.keys()).includes('angebote-offline-ar')")
    with served.serving(sites["off"]):
        page.reload()
        until(page, "async () => (await navigator.serviceWorker.getRegistrations()).length === 0")
        until(page, "async () => !(await caches.keys()).some(n => n.startsWith('angebote-'))")
        page.reload()
        assert page.evaluate("navigator.serviceWorker.controller === null")
        expect(page.locator(".offline-zeile")).to_have_count(0)


def test_one_policy_for_the_worker_and_no_other_script_url(context, served):
    page = context.new_page()
    page.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
        window.__policies = [];
        const create = trustedTypes.createPolicy.bind(trustedTypes);
        trustedTypes.createPolicy = (name, rules) => { const made = create(name, rules); window.__policies.push(made); return made; };
    """)
    page.goto(served.url + "/ar/")
    # registered under the page's real CSP (the meta tag), through the site's own policy
    until(page, "async () => { const r = await navigator.serviceWorker.getRegistration(); return r && r.active && r.active.scriptURL.endsWith('/sw.js'); }")
    assert page.evaluate("window.__policies.length") == 1
    result = page.evaluate("""() => {
        const tried = (f) => { try { f(); return 'ok'; } catch (e) { return e.name; } };
        const policy = window.__policies[0];
        return {
          again: tried(() => trustedTypes.createPolicy('angebote-sw', {createScriptURL: (u) => u})),
          other: tried(() => trustedTypes.createPolicy('anders', {createScriptURL: (u) => u})),
          elsewhere: tried(() => policy.createScriptURL(location.origin + '/theme/js/suche.js')),
          relative: tried(() => policy.createScriptURL('/sw.js')),
          worker: String(policy.createScriptURL(location.origin + '/sw.js')),
          sink: tried(() => { document.createElement('script').src = '/theme/js/suche.js'; }),
        };
    }""")
    assert result == {"again": "TypeError", "other": "TypeError", "elsewhere": "TypeError", "relative": "TypeError",
                      "worker": served.url + "/sw.js", "sink": "TypeError"}
    until(page, "() => window.__violations.includes('require-trusted-types-for')")
    assert "trusted-types" in page.evaluate("window.__violations")


def test_the_footer_line_is_accessible(browser, served):
    # axe is injected for the test only (the site's CSP would refuse it)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    found = {}
    try:
        page.goto(served.url + "/ar/")
        expect(page.locator(".offline-speichern")).to_be_visible(timeout=20000)
        for state in ("button", "saved"):
            if state == "saved":
                save(page, served)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("() => axe.run(document.querySelector('.site-footer'), {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
            found[state] = [v["id"] for v in result["violations"]]
    finally:
        context.close()
    assert found == {"button": [], "saved": []}


def test_on_save_data_the_button_asks_once_more_with_the_size(context, served, sites):
    # the device's Save-Data setting, as Chromium reports it where the user turned it on
    context.add_init_script("Object.defineProperty(navigator.connection, 'saveData', {get: () => true});")
    page = context.new_page()
    page.goto(served.url + "/ar/")
    button = page.locator(".offline-speichern")
    expect(button).to_be_visible(timeout=20000)
    size = re.search(r"\((.+)\)", button.inner_text()).group(1)  # "0.7 م.ب", as the manifest's bytes say
    assert size.startswith(f"{manifest(sites['a'])['languages']['ar']['bytes'] / 1e6:.1f} ")
    mark = len(served.log)
    button.click()
    expect(page.locator(".offline-stand")).to_contain_text(size)
    expect(button).to_be_visible()
    page.wait_for_timeout(500)
    assert not [path for path, _ in served.since(mark) if path.endswith(".json")]
    button.click()
    expect(page.locator(".offline-stand")).to_contain_text(SAVED, timeout=30000)
    assert "/ar/suche/index.json" in [path for path, _ in served.since(mark)]


KEPT = """async () => {  // entries in the record of pages kept (workbox-expiration's database), -1: no database
    if (!(await indexedDB.databases()).some((db) => db.name === 'workbox-expiration')) { return -1; }
    return await new Promise((resolve) => {
      const opened = indexedDB.open('workbox-expiration');
      opened.onsuccess = () => {
        const db = opened.result;
        if (!db.objectStoreNames.contains('cache-entries')) { db.close(); resolve(0); return; }
        const counted = db.transaction('cache-entries').objectStore('cache-entries').count();
        counted.onsuccess = () => { db.close(); resolve(counted.result); };
      };
    });
}"""


def test_the_privacy_page_removes_what_is_stored(context, served):
    page = context.new_page()
    save(page, served)
    page.goto(served.url + "/ar/alter/")  # a page kept, and recorded
    assert until(page, KEPT) > 0
    page.goto(served.url + "/ar/datenschutz/")
    remove = page.locator(".offline-loeschen button")
    expect(remove).to_be_visible()
    expect(page.locator(".offline-stand")).to_contain_text(SAVED)  # what is stored, said before removing it
    remove.click()
    expect(page.locator(".offline-geloescht")).to_be_visible(timeout=10000)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    assert not page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('angebote-'))")
    assert page.evaluate(KEPT) == 0  # the record of the pages kept, emptied by the worker
