"""What providers and coordinators work with: templates, issue form, workflows, CODEOWNERS, guide."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess

import yaml
from conftest import ROOT, run_check

SCHEMA = json.loads((ROOT / "schema/angebot.schema.json").read_text(encoding="utf-8"))
TAXONOMY = yaml.safe_load((ROOT / "taxonomie.yml").read_text(encoding="utf-8"))
TEMPLATES = ROOT / "angebote" / "_vorlage"


def test_copied_templates_pass_the_check(tmp_path):
    folder = tmp_path / "angebote" / "familienzentrum-am-markt"
    folder.mkdir(parents=True)
    shutil.copyfile(TEMPLATES / "traeger.yml", folder / "traeger.yml")
    shutil.copyfile(TEMPLATES / "angebot.md", folder / "elterncafe.md")
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 Angebote von 1 Trägern, keine Fehler" in result.stderr


def test_templates_point_editors_to_the_schema():
    offer_lines = (TEMPLATES / "angebot.md").read_text(encoding="utf-8").splitlines()
    provider_lines = (TEMPLATES / "traeger.yml").read_text(encoding="utf-8").splitlines()
    assert offer_lines[0] == "---"
    for line, schema in ((offer_lines[1], "angebot"), (provider_lines[0], "traeger")):
        prefix = "# yaml-language-server: $schema="
        assert line.startswith(prefix)
        # relative to the file, here and once copied to angebote/<provider>/
        assert (TEMPLATES / line[len(prefix):]).resolve() == ROOT / "schema" / f"{schema}.schema.json"
    # the template shows every field of the schema
    text = "\n".join(offer_lines)
    assert [name for name in SCHEMA["properties"] if f"{name}:" not in text] == []


def test_contributing_explains_every_field():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert [name for name in SCHEMA["properties"] if f"`{name}`" not in guide] == []
    for term in TAXONOMY["lebensbereiche"] + TAXONOMY["orte"]:
        assert term["slug"] in guide
    assert "bis zum 6. Geburtstag" in guide  # what "age_to is exclusive" means


def test_issue_form_mirrors_the_schema_and_the_taxonomy():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/neues-angebot.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    # every schema field but the review date (the coordinators set it when they add the offer)
    assert set(SCHEMA["properties"]) - {"reviewed"} <= set(fields)
    for name in set(SCHEMA["required"]) - {"reviewed"}:
        assert fields[name].get("validations", {}).get("required") is True, name
    for field, key in (("areas", "lebensbereiche"), ("municipalities", "orte")):
        options = fields[field]["attributes"]["options"]
        assert options == [f"{t['label']} ({t['slug']})" for t in TAXONOMY[key]]
        assert fields[field]["attributes"]["multiple"] is True


def test_workflows_check_build_test_and_publish():
    pull = yaml.safe_load((ROOT / ".github/workflows/pruefen.yml").read_text(encoding="utf-8"))
    main = yaml.safe_load((ROOT / ".github/workflows/veroeffentlichen.yml").read_text(encoding="utf-8"))
    assert "pull_request" in pull[True]  # PyYAML reads the key "on" as True
    steps = pull["jobs"]["pruefen"]["steps"]
    runs = [s.get("run") for s in steps]
    assert runs.index("make check") < runs.index("make html") < runs.index("make test")
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["path"] == "output/" for s in steps)
    assert main[True]["push"]["branches"] == ["main"]
    build = main["jobs"]["bauen"]["steps"]
    assert "make html SETTINGS=publishconf.py" in [s.get("run") for s in build]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in main["jobs"]["veroeffentlichen"]["steps"])


WRITE = {"pages", "id-token", "contents", "actions", "packages", "deployments", "issues", "pull-requests", "statuses", "checks"}


def test_workflows_are_hardened():
    """Actions pinned by commit (tag as comment), the image by full version, a time limit on every job,
    no stored token, and write permissions only in the deploy job, which runs nothing of the repository."""
    for file in sorted((ROOT / ".github/workflows").glob("*.yml")):
        text = file.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (file.name, line)
        workflow = yaml.safe_load(text)
        assert workflow["permissions"] == {"contents": "read"}, file.name
        for name, job in workflow["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int) and job["timeout-minutes"] <= 60, (file.name, name)
            if "container" in job:
                assert re.fullmatch(r"python:3\.11\.\d+-bookworm", job["container"]), job["container"]
            writes = {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}
            runs_repository_code = any("run" in step for step in job["steps"])
            if writes:
                assert writes <= WRITE and not runs_repository_code, (file.name, name, writes)
                assert job["environment"]["name"] == "github-pages"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (file.name, name)
    deploy = yaml.safe_load((ROOT / ".github/workflows/veroeffentlichen.yml").read_text(encoding="utf-8"))["jobs"]
    assert deploy["veroeffentlichen"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "write" not in deploy["bauen"]["permissions"].values()


def test_dependabot_proposes_updates_for_every_package_kind():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "npm", "github-actions"}


def test_codeowners_names_folders_that_exist():
    for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners and all(o.startswith("@") for o in owners), line
        if pattern != "*":
            assert list(ROOT.glob(pattern.strip("/"))), pattern


def _owners(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    """The owners GitHub gives a file: the last rule that matches (the patterns this file uses:
    *, /folder/, /file, /name* globs)."""
    owners = []
    for pattern, names in rules:
        anchored = pattern.lstrip("/")
        if pattern == "*" or (pattern.endswith("/") and path.startswith(anchored)) or fnmatch.fnmatchcase(path, anchored):
            owners = names
    return owners


def test_code_has_technical_owners_and_data_the_coordinators():
    rules = [(line.split()[0], line.split()[1:]) for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    files += [str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_*.py")]  # new, maybe not committed yet
    assert len(files) > 50
    for path in files:
        owners = _owners(path, rules)
        if path.startswith(("angebote/", "content/")):
            assert "@kreis-coesfeld/koordination" in owners, path
        else:
            assert "@kreis-coesfeld/technik" in owners, path
    for code in (".github/workflows/pruefen.yml", ".github/CODEOWNERS", "Makefile", "requirements.txt", "package-lock.json",
                 "tools/check.py", "tests/conftest.py", "deploy/nginx.conf", "pelicanconf.py", "plugins/angebote/generator.py"):
        assert _owners(code, rules) == ["@kreis-coesfeld/technik"], code
    assert "@kreis-coesfeld/caritas-coesfeld" in _owners("angebote/caritas-coesfeld/x.md", rules)


def test_npm_packages_install_without_their_scripts():
    """No package's install script runs (vnu-jar's downloads an unchecked Java runtime), and the npm
    step waits for the Debian one (node and npm come from there)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = makefile.split("node_modules/.installed:", 1)[1].split("\n\n", 1)[0]
    assert "| debian" in rule.splitlines()[0]
    assert "npm ci" in rule and "--ignore-scripts" in rule


def _locked() -> dict[str, tuple[str, int]]:
    """requirements.txt: normalised name → (version, number of hashes)."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    locked = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.-]+)==([^\s\\\\]+)", block)
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            locked[name] = (match.group(2), len(re.findall(r"--hash=sha256:[0-9a-f]{64}", block)))
    return locked


def test_every_installed_distribution_is_locked_with_hashes():
    """The environment the tests run in holds exactly what requirements.txt pins, each with a hash,
    and requirements.in (what people edit) names only locked packages."""
    from importlib.metadata import distributions

    locked = _locked()
    assert len(locked) > 40
    assert all(count >= 1 for _, count in locked.values()), [n for n, (_, c) in locked.items() if not c]
    installed = {re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d.version for d in distributions()}
    unlocked = {name: version for name, version in installed.items() if locked.get(name, (None,))[0] != version}
    assert unlocked == {}
    for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name = re.sub(r"[-_.]+", "-", re.split(r"[=<>~\[ ]", line.strip())[0]).lower()
            assert name in locked, line
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install -q --require-hashes --no-deps -r requirements.txt" in makefile and "--upgrade pip" not in makefile
    assert "pip check" in makefile  # with --no-deps, pip check is what proves the locked tree complete


def test_every_installed_npm_package_is_locked_with_its_integrity_hash():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    installed = {str(p.parent.relative_to(ROOT)): json.loads(p.read_text(encoding="utf-8"))["version"]
                 for p in (ROOT / "node_modules").glob("**/package.json")
                 if p.parent.parent.name == "node_modules" or p.parent.parent.parent.name == "node_modules"
                 and p.parent.parent.name.startswith("@")}
    assert installed and set(installed) == {name for name in lock if name}
    for name, version in installed.items():
        assert lock[name]["version"] == version and lock[name]["integrity"].startswith("sha512-"), name
