# Two commands on a fresh machine (Debian, Python 3.11, Node.js):
#   make serve   install everything, build the site, serve it on http://127.0.0.1:8000/
#   make test    install everything, run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
OUTPUT ?= output
SETTINGS ?= pelicanconf.py
# Debian packages: ICU for German collation (PyICU), Chromium for browser tests,
# Node.js and npm for lunr.js and the search cross-check, Java for the Nu HTML Checker (vnu-jar),
# nginx and openssl to test deploy/nginx.conf (tests/test_server.py; the service itself is not used).
# The Familienwegweiser: Pango for WeasyPrint, Noto fonts (Latin, Cyrillic, Arabic; embedded in the
# PDFs), and to test the PDFs: poppler-utils (pdftoppm), qpdf, and libjaxb-java for veraPDF.
# wngerman: German words for the benchmarks' realistic synthetic offers (bench/synthetic.py).
DEBIAN_PACKAGES := libicu-dev pkg-config chromium nginx openssl \
  libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils qpdf libjaxb-java wngerman

.PHONY: serve dev html test check report wegweiser translations deps debian clean bench bench-search lock

deps: $(VENV)/.installed node_modules/.installed

debian:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
	  command -v node >/dev/null || echo nodejs; command -v npm >/dev/null || echo npm; \
	  command -v java >/dev/null || echo default-jre-headless); \
	if [ -n "$$missing" ]; then \
	  echo "Installiere Debian-Pakete: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# requirements.txt is the lock file (every package of the tree, each with its hashes): pip refuses
# anything else. requirements.in is the list people edit; make lock compiles it.
# --no-deps: the lock already is the whole tree, so pip installs it as it stands instead of resolving
# it again (Python 3.11's pip 23.2 takes a dependency with extras, weasyprint's fonttools[woff], for
# an unpinned requirement and refuses the lock); pip check then proves the tree complete.
$(VENV)/.installed: requirements.txt | debian
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements.txt
	$(PY) -m pip check
	touch $@

lock: deps
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.txt requirements.in

# --ignore-scripts: no package needs an install script (vnu-jar's would download a Java runtime
# without a checksum; the tests run the jar it ships with Debian's java).
node_modules/.installed: package.json package-lock.json | debian
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

html: deps
	$(PY) tools/build_site.py -s $(SETTINGS) -o $(OUTPUT)

serve: html
	@echo "Die Website läuft auf http://127.0.0.1:$(PORT)/ (beenden mit Strg+C)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUT)

# Live preview for editors: serves the site, rebuilds what a saved change touches, reloads the
# browser; errors in the data show in the terminal and in the browser (tools/dev.py)
dev: deps
	$(PY) tools/dev.py -s $(SETTINGS) -o vorschau --port $(PORT)

# One process per core (pytest-xdist), each taking whole test files, so that a file's fixtures (the
# gate's 110 cases, the booklets) are built once; the session's (the sample site) once in each process
test: deps
	$(PY) -m pytest -n auto --dist loadfile

# Only check the offer data (fast; errors as path:line: message, on GitHub also as annotations)
check: deps
	$(PY) tools/check.py -s $(SETTINGS)

# The printed Familienwegweiser: a PDF per town and language in output/wegweiser/ (the site's
# page /wegweiser/ lists them after the next make html)
wegweiser: deps
	$(PY) tools/wegweiser.py -s $(SETTINGS) -o $(OUTPUT)/wegweiser

# Freshness report for the coordinators: bericht/index.html
# (MELDUNGEN=tickets.json: also the open "Fehler melden" reports, from gh issue list … --json)
report: deps
	$(PY) tools/report.py -s $(SETTINGS) -o bericht $(if $(MELDUNGEN),--meldungen $(MELDUNGEN))

bench: deps
	$(PY) bench/build_speed.py
	$(PY) bench/speed_pieces.py
	$(PY) bench/preview_speed.py
	$(PY) bench/search_index.py
	$(PY) bench/check_speed.py
	$(PY) bench/gate_limits.py
	$(PY) bench/wegweiser.py
	$(PY) bench/open_data.py
	$(PY) bench/offline_size.py
	$(MAKE) html
	$(PY) bench/page_weight.py $(OUTPUT)

# Interface texts: extract from the templates, merge into each language's messages.po;
# the providers' texts: extract from the offers, merge into uebersetzungen/<code>.po (changed German: fuzzy)
translations: deps
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output -w 100 --add-comments=Translators: -o theme/translations/messages.pot .
	$(VENV)/bin/pybabel update -i theme/translations/messages.pot -d theme/translations --no-fuzzy-matching -w 100
	$(PY) tools/offer_translations.py -s $(SETTINGS)

# lunr against Pagefind in Chromium (installs pagefind into bench/out, not into the project)
bench-search: deps
	$(PY) bench/translated_search.py
	$(PY) bench/search_speed.py

clean:
	rm -rf $(OUTPUT) $(OUTPUT).neu $(OUTPUT).alt bench/out bericht
