"""deploy/nginx.conf and deploy/_headers: a real nginx (Debian's, from the Makefile's list) serves a
built site with the shipped configuration on loopback ports; a real HTTP client reads every file
type and header back."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import ssl
import json
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, FLAGS, ROOT

from angebote.settings import DEFAULTS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
POLICY = DEFAULTS["ANGEBOTE_CSP"] + "; frame-ancestors 'none'"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _adapted(tmp: Path, site: Path, http_port: int, https_port: int) -> str:
    """The shipped file with only what a county changes: ports (loopback here), root, certificate, log."""
    text = SHIPPED
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"), ("listen [::]:443 ssl http2;", ""),
        ("root /srv/angebote/output;", f"root {site};"),
        ("/etc/letsencrypt/live/angebote.example.org/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/letsencrypt/live/angebote.example.org/privkey.pem", str(tmp / "key.pem")),
        ("/var/log/nginx/angebote.log", str(tmp / "access.log")),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _main_conf(tmp: Path, server_file: Path) -> Path:
    shutil.copyfile("/etc/nginx/mime.types", tmp / "mime.types")  # include mime.types resolves beside this file
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"user root;\nworker_processes 1;\ndaemon off;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;\n"
        f"  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;\n  include {server_file};\n}}\n",
        encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def nginx(sample_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    site = tmp / "site"
    shutil.copytree(sample_site, site)
    # files of the kinds the site will serve but the sample build does not write yet
    (site / "probe.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (site / "probe.xml").write_text('<?xml version="1.0" encoding="UTF-8"?><urlset/>', encoding="utf-8")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    http_port, https_port = _free_port(), _free_port()
    server_file = tmp / "angebote.conf"
    server_file.write_text(_adapted(tmp, site, http_port, https_port), encoding="utf-8")
    conf = _main_conf(tmp, server_file)
    process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "nginx startet nicht"
            time.sleep(0.1)
    yield {"http": http_port, "https": https_port, "site": site, "tmp": tmp}
    process.terminate()
    process.wait(timeout=10)


def _get(port: int, path: str, tls: bool = True) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "angebote.example.org"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_nginx_accepts_the_shipped_file(tmp_path):
    """nginx -t on the shipped file as it is, but for the certificate it points at."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    server_file = tmp_path / "angebote.conf"
    server_file.write_text(SHIPPED.replace("/etc/letsencrypt/live/angebote.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
                           .replace("/etc/letsencrypt/live/angebote.example.org/privkey.pem", str(tmp_path / "key.pem"))
                           .replace("/var/log/nginx/angebote.log", str(tmp_path / "access.log")), encoding="utf-8")
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(_main_conf(tmp_path, server_file))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


@pytest.mark.parametrize("path, content_type", [
    ("/", "text/html; charset=utf-8"),
    ("/angebote/elterncafe-duelmen/", "text/html; charset=utf-8"),
    ("/theme/css/site.css", "text/css; charset=utf-8"),
    ("/theme/js/suche.js", "application/javascript; charset=utf-8"),
    ("/sw.js", "application/javascript; charset=utf-8"),
    ("/suche/index.json", "application/json; charset=utf-8"),
    ("/theme/icon.svg", "image/svg+xml; charset=utf-8"),
    ("/probe.pdf", "application/pdf"),
    ("/probe.xml", "text/xml; charset=utf-8"),
    ("/sitemap.xml", "text/xml; charset=utf-8"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/daten/angebote.atom", "application/atom+xml; charset=utf-8"),
    ("/daten/angebote.csv", "text/csv; charset=utf-8"),
    ("/daten/angebote.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("/daten/hsds/hsds-tabellen.zip", "application/zip"),
    ("/daten/hsds/services.json", "application/json; charset=utf-8"),
    ("/kalender/elterncafe-duelmen.ics", "text/calendar; charset=utf-8"),
    ("/en/kalender/elterncafe-duelmen.ics", "text/calendar; charset=utf-8"),
])
def test_every_kind_of_file_has_its_type(nginx, path, content_type):
    response = _get(nginx["https"], path)
    assert response.status == 200, path
    assert response.getheader("Content-Type") == content_type


def test_vcards_are_vcards(nginx):
    card = next((nginx["site"] / "kontakte/vcard").glob("*.vcf")).name
    response = _get(nginx["https"], f"/kontakte/vcard/{card}")
    assert response.status == 200 and response.getheader("Content-Type") == "text/vcard; charset=utf-8"


def test_the_search_parts_are_kept_for_good_and_the_entry_file_is_asked_again(nginx):
    entry = json.loads((nginx["site"] / "suche/index.json").read_text(encoding="utf-8"))
    part = _get(nginx["https"], f"/suche/teile/{entry['words'][0][1]}.json")
    assert part.status == 200 and part.getheader("Content-Type") == "application/json; charset=utf-8"
    assert part.getheader("Cache-Control") == "max-age=315360000"
    assert _get(nginx["https"], "/suche/index.json").getheader("Cache-Control") is None
    assert _get(nginx["https"], "/suche/teile/gibt-es-nicht.json").status == 404


def test_security_headers_on_every_answer(nginx):
    for path in ("/", "/suche/index.json", f"/suche/teile/{json.loads((nginx['site'] / 'suche/index.json').read_text(encoding='utf-8'))['words'][0][1]}.json",
                 "/gibt-es-nicht/"):
        response = _get(nginx["https"], path)
        assert response.getheader("Content-Security-Policy") == POLICY
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("X-Frame-Options") == "DENY"
        assert response.getheader("Referrer-Policy") == "no-referrer"
        assert "camera=()" in response.getheader("Permissions-Policy")
        assert response.getheader("Server") == "nginx"  # server_tokens off: no version
    assert _get(nginx["https"], "/gibt-es-nicht/").status == 404


def test_port_80_redirects_to_https(nginx):
    response = _get(nginx["http"], "/suche/", tls=False)
    assert response.status == 301
    assert response.getheader("Location") == "https://angebote.example.org/suche/"
    assert response.getheader("Server") == "nginx"


def test_the_log_keeps_no_query_string(nginx):
    _get(nginx["https"], "/suche/?q=Schuldnerberatung")
    time.sleep(0.2)
    log = (nginx["tmp"] / "access.log").read_text(encoding="utf-8")
    assert "GET /suche/" in log and "Schuldnerberatung" not in log


def test_chromium_shows_the_home_page_instead_of_downloading_it(nginx, browser):
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.goto(f"https://127.0.0.1:{nginx['https']}/")
    assert page.locator("h1").count() == 1 and page.title()
    context.close()


def test_the_offline_worker_registers_and_saves_under_the_servers_headers(nginx, browser):
    """The page and sw.js with nginx's CSP (Trusted Types, worker-src): registered through the one
    policy, the Arabic set saved, no violation. (A browser of its own that accepts the test's
    certificate: Chromium refuses a service worker behind a certificate error otherwise.)"""
    from playwright.sync_api import expect

    trusting = browser.browser_type.launch(executable_path=CHROMIUM, args=[*FLAGS, "--ignore-certificate-errors"])
    try:
        page = trusting.new_context().new_page()
        page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                             "(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        page.goto(f"https://127.0.0.1:{nginx['https']}/ar/")
        expect(page.locator(".offline-speichern")).to_be_visible(timeout=20000)
        page.locator(".offline-speichern").click()
        expect(page.locator(".offline-stand")).to_contain_text("متاح دون اتصال", timeout=30000)
        assert page.evaluate("window.__csp") == []
        assert page.evaluate("async () => (await caches.keys()).includes('angebote-offline-ar')")
    finally:
        trusting.close()


def test_both_examples_send_the_same_headers():
    nginx_headers = dict(re.findall(r'add_header (\S+) "([^"]+)" always;', SHIPPED))
    lines = (ROOT / "deploy/_headers").read_text(encoding="utf-8").split("/*.vcf")[0].splitlines()
    netlify = dict(line.strip().split(": ", 1) for line in lines if line.startswith("  "))
    assert nginx_headers == netlify
    assert nginx_headers["Content-Security-Policy"] == POLICY
