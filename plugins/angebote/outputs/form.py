"""The form for new offers: ``mitmachen/`` in each language, the offer schema it checks against
and the provider schema (``schema/angebot.schema.json``, ``schema/traeger.schema.json``) and the
JSON Schema validator it loads (@cfworker/json-schema's ES
modules from npm, ``theme/vendor/json-schema/``, with its licence from package.json)."""

from __future__ import annotations

import json
from pathlib import Path

from ..build import Page
from ..settings import coordination, setting
from ..read.schema import SCHEMA_DIR


def pages(build, speech):
    settings = build.settings
    yield Page("mitmachen/", "mitmachen", {
        "providers": build.directory.providers, "repository": setting(settings, "ANGEBOTE_REPOSITORY").rstrip("/"),
        "branch": setting(settings, "ANGEBOTE_BRANCH"), "coordination": coordination(settings)})


def finish(build, speak):
    files = build.files
    for name in ("angebot.schema.json", "traeger.schema.json"):
        files.copy(SCHEMA_DIR / name, f"schema/{name}")
    package = Path(setting(build.settings, "ANGEBOTE_NODE_MODULES"), "@cfworker", "json-schema")
    for module in sorted((package / "dist" / "esm").glob("*.js")):
        files.copy(module, f"theme/vendor/json-schema/{module.name}")
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    files.write_text("theme/vendor/json-schema/LICENSE.txt",
                     f"{meta['name']} {meta['version']}, {meta['author']}\nLicence: {meta['license']}\n{meta['repository']}\n")
