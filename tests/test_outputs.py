"""The house of the outputs (plugins/angebote/outputs/): each output declares what it writes, every
file of the site is claimed by exactly one of them, and each output's pages and files are right on
a small directory without a full build."""

from __future__ import annotations

import collections
import json
import types
from pathlib import Path

import pytest
from jinja2 import Environment
from pelican.settings import read_settings

from conftest import ROOT, TODAY

from angebote import outputs, templating, views
from angebote.build import Build, BuildFailed, Files, Language, Page, token
from angebote.outputs import booklet, contacts, content_pages, facets, form, map as map_output, offers, search
from angebote.preview import Preview, generator_classes
from angebote.render.once import RENDERED_ONCE, deferred_names
from angebote.render.plain import Phrases, Speech
from angebote.settings import read_settings as read_plugin_settings
from angebote.templating import LANGUAGE_VALUES, prepare
from angebote.read import read_directory

THEME = str(ROOT / "theme")
LANGUAGES = [Language("de", "Deutsch", ""), Language("en", "English", "en/"), Language("ar", "العربية", "ar/")]


# ---------------------------------------------------------------- the whole site

def _preview(output: Path, *extra: tuple[str, object]) -> Preview:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "OUTPUT_PATH": str(output), "ANGEBOTE_TODAY": TODAY.isoformat(), "SITEURL": "https://example.org",
        "ANGEBOTE_CORRECTIONS_EMAIL": "fehler@example.org", **dict(extra)})
    return Preview(settings)


def _claimed_by(claims: dict[str, str], path: str) -> list[str]:
    return [output for claim, output in claims.items() if claim == path or (claim.endswith("/") and path.startswith(claim))]


def test_every_file_of_the_site_is_claimed_by_exactly_one_output(tmp_path):
    """Lektor's declare-then-build, Pelican's writer that refuses a path twice: every file the
    directory writes was claimed first, by one output only; what Pelican writes itself (the theme's
    static files, the German content pages) is all that is left."""
    output = tmp_path / "site"
    preview = _preview(output)
    outcome = preview.build()
    assert outcome.ok, outcome
    build = preview.generator.build
    claims = build.files.claims
    assert not build.files.overlapping()
    pelican_pages = {f"{page.slug}/index.html" for page in build.context["pages"]}
    unclaimed, twice = [], []
    for file in sorted(p for p in output.rglob("*") if p.is_file()):
        path = file.relative_to(output).as_posix()
        owners = _claimed_by(claims, path)
        if not owners and not (path in pelican_pages or (path.startswith("theme/") and not path.startswith("theme/vendor/"))):
            unclaimed.append(path)
        if len(owners) > 1:
            twice.append((path, owners))
    assert not unclaimed and not twice
    names = {module.__name__.rsplit(".", 1)[-1] for module in outputs.OUTPUTS}
    assert set(claims.values()) <= names
    # every output that writes something claimed it under its own name
    assert claims["suche/index.json"] == "search" and claims["ar/merkliste/angebote.json"] == "handout"
    assert claims["kontakte/vcard/"] == "contacts" and claims["daten/hsds/"] == "open_data"
    assert claims["ar/angebote/pekip-kurs/index.html"] == "offers" and claims["sitemap.xml"] == "sitemap"
    # the record the sitemap reads holds every page in every language it was written in
    assert build.files.pages.pages["angebote/pekip-kurs/"].languages == ["de", "en", "tr", "ar", "uk", "ru"]


def test_a_path_claimed_twice_stops_the_build(tmp_path):
    files = Files(tmp_path)
    with files.writing_for("offers"):
        files.claim("angebote/x/index.html")
    with files.writing_for("facets"), pytest.raises(BuildFailed, match="zweimal.*offers.*facets"):
        files.claim("angebote/x/index.html")
    with pytest.raises(BuildFailed, match="zweimal"):
        files.take({"angebote/x/index.html": "map"})  # a forked process's claims, checked here
    with files.writing_for("contacts"):
        files.claim_folder("kontakte/vcard/")
        files.claim("kontakte/vcard/x.vcf")
    assert files.overlapping() == [("kontakte/vcard/", "kontakte/vcard/x.vcf")]


def test_an_output_that_writes_a_path_of_another_fails_the_build(tmp_path, monkeypatch):
    """The guard in a real build: a second output declaring the search page is refused, by name."""
    intruder = types.ModuleType("angebote.outputs.eindringling")
    intruder.pages = lambda build, speech: [Page("suche/", "suche", {})]
    from angebote import generator
    monkeypatch.setattr(generator, "OUTPUTS", (*outputs.OUTPUTS[:-1], intruder, outputs.OUTPUTS[-1]))
    outcome = _preview(tmp_path / "site").build()
    assert "suche/index.html wird zweimal geschrieben" in outcome.error and "eindringling" in outcome.error


# ---------------------------------------------------------------- the one rule for templates

def _environment(lang: str) -> Environment:
    env = Environment()
    prepare(env, lang, THEME)
    return env


def undeclared(env: Environment, languages=("de", "ar", "tr")) -> list[str]:
    """The filters and globals that set_language changes between languages without declaring them
    @per_language (or, for a value, in LANGUAGE_VALUES)."""
    seen: dict[str, list] = {}
    for code in languages:
        templating.set_language(env, code, THEME)
        for kind, table in (("filter", env.filters), ("global", env.globals)):
            for name, value in table.items():
                seen.setdefault(f"{kind} {name}", []).append(value)
    handled = {"global _texts", "global PLURAL_SAMPLES"}  # render/once.py replaces these itself
    found = []
    for key, values in seen.items():
        kind, name = key.split(" ", 1)
        changes = any(v is not values[0] and v != values[0] for v in values)
        declared = all(getattr(v, "per_language", False) for v in values) or (kind == "global" and name in LANGUAGE_VALUES)
        if changes and not declared and key not in handled:
            found.append(key)
    return found


def test_every_filter_and_global_that_changes_with_the_language_is_declared():
    env = _environment("de")
    assert undeclared(env) == []
    deferred_globals, deferred_filters = deferred_names(env)
    assert {"gettext", "frame", "lang_attr", "current_language", "site_subtitle"} <= set(deferred_globals)
    assert {"date_long", "language_name", "kilobytes", "weekday", "label", "local", "text_lang", "region_name"} <= set(deferred_filters)


def test_a_language_dependent_filter_that_is_not_declared_is_found(monkeypatch):
    """The hole of the old lists (a filter added to set_language but not to the list of deferred
    ones was computed in the first language and copied into all six)."""
    original = templating.set_language

    def with_a_new_filter(env, lang, theme, content_lang="de"):
        original(env, lang, theme, content_lang)
        env.filters["greeting"] = lambda name: f"{'Hallo' if lang == 'de' else 'مرحبا'} {name}"

    monkeypatch.setattr(templating, "set_language", with_a_new_filter)
    env = _environment("de")
    assert undeclared(env) == ["filter greeting"]
    env.filters["greeting"] = templating.per_language(env.filters["greeting"])
    assert "greeting" in deferred_names(env)[1]


# ---------------------------------------------------------------- each output on a small directory

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The sample data as a Build, with its views, and nothing rendered."""
    settings = read_plugin_settings(str(ROOT / "pelicanconf.py"), [f"ANGEBOTE_TODAY={TODAY.isoformat()}"])
    settings["ANGEBOTE_PATH"] = str(ROOT / "angebote")
    settings["ANGEBOTE_TAXONOMY"] = str(ROOT / "taxonomie.yml")
    settings["ANGEBOTE_THESAURUS"] = str(ROOT / "suchwoerter.yml")
    settings["ANGEBOTE_MAP"] = str(ROOT / "karte.geojson")
    settings.setdefault("SLUG_REGEX_SUBSTITUTIONS", [])
    settings["SITEURL"] = "https://example.org"
    settings["ANGEBOTE_NODE_MODULES"] = str(ROOT / "node_modules")
    settings["ANGEBOTE_REPOSITORY"] = "https://github.com/kreis/angebote"
    directory = read_directory(settings)
    output = tmp_path_factory.mktemp("small")
    return Build(directory=directory, views=views.Views(directory, settings), settings=settings, languages=LANGUAGES,
                 files=Files(output), address="https://example.org", time_zone="Europe/Berlin",
                 context={"pages": []}, theme=THEME, env=None, template=None)


def speech(code: str) -> Speech:
    return Speech(next(lang for lang in LANGUAGES if lang.code == code), THEME, "de")


def test_offers_declare_a_page_per_offer_and_provider_with_what_each_shows(small):
    pages = list(offers.pages(small, speech("de")))
    offer_pages = [p for p in pages if p.template == "angebot"]
    assert [p.path for p in offer_pages] == [o.url_path for o in small.directory.offers]
    pekip = next(p for p in offer_pages if p.path == "angebote/pekip-kurs/")
    assert pekip.subject.slug == "pekip-kurs" and pekip.lastmod == pekip.subject.reviewed
    assert token(pekip.subject.provider) in {token(x) for x in pekip.shows}
    providers = [p for p in pages if p.template == "traeger"]
    assert len(providers) == len(small.directory.providers) and all(token(p.subject) in {token(x) for x in p.shows} for p in providers)


def test_offer_helpers_speak_the_pages_language(small):
    offer_ = next(o for o in small.directory.offers if o.slug == "pekip-kurs")
    for code in ("de", "ar"):
        data = offers.offer_json_ld(small, speech(code), offer_, "0 bis 1 Jahr")
        [block] = [json.loads(part.split(">", 1)[1]) for part in str(data).split("</script>") if part]
        prefix = "" if code == "de" else f"{code}/"
        assert block["url"] == f"https://example.org/{prefix}angebote/pekip-kurs/"
        links = offers.correction_links(small, speech(code), offer_)
        assert links["issue"].startswith("https://github.com/kreis/angebote/issues/new?title=")
        assert links["mail"].startswith("mailto:")
        assert links["issue"].split("title=")[1].split("&")[0] == links["mail"].split("subject=")[1].split("&")[0]
    assert "Fehler%20melden" in offers.correction_links(small, speech("de"), offer_)["issue"]
    assert "Fehler%20melden" not in offers.correction_links(small, speech("ar"), offer_)["issue"]


def test_facets_declare_each_facet_and_its_paginated_lists(small):
    per_page = small.settings.get("ANGEBOTE_PER_PAGE", 25)
    pages = list(facets.pages(small, speech("de")))
    paths = [p.path for p in pages]
    assert len(paths) == len(set(paths))
    assert {"alter/", "bereiche/", "orte/"} <= set(paths)
    for facet in small.views.bands:
        assert facet.url_path in paths
        for group in facet.groups:
            lists = [p for p in pages if p.template == "liste" and p.context["first_url"] == group.url_path]
            assert len(lists) == max(1, -(-len(group.offers) // per_page))
            assert sum(len(p.context["offers"]) for p in lists) == len(group.offers)
    # area × band is written under the band only
    assert not any(p.path.startswith("bereiche/") and p.template == "liste" for p in pages)


def test_contacts_declare_a_page_per_town_showing_the_offers_of_its_people(small):
    pages = list(contacts.pages(small, speech("de")))
    assert pages[0].path == "kontakte/"
    towns = pages[1:]
    assert [p.path for p in towns] == [f"kontakte/{t.slug}/" for t in small.directory.taxonomy.towns.values()]
    for page in towns:
        people = {id(entry) for _, group in page.context["groups"] for entry, _ in group}
        assert page.context["count"] == len(people)
        assert {token(o) for o in page.shows} == {token(o) for _, group in page.context["groups"]
                                                  for entry, _ in group for o in entry.offers}


def test_the_search_page_sorts_languages_by_their_names_in_the_pages_language(small):
    names = {}
    for code in ("de", "ar"):
        [page] = search.pages(small, speech(code))
        names[code] = [name for _, name in page.context["languages"]]
    assert names["de"] == sorted(names["de"], key=str.casefold) and "Arabisch" in names["de"]
    assert "العربية" in names["ar"] and names["ar"] != names["de"]


def test_the_booklet_page_lists_the_pages_language_first(small, tmp_path):
    listed = [views.PrintedBooklet(lang, "kreis", f"{lang}/kreis.pdf", 12, 1000, TODAY) for lang in ("de", "en", "ar")]
    build = _with(small, views=types.SimpleNamespace(**{**vars(small.views), "booklets": listed}))
    [page] = booklet.pages(build, speech("ar"))
    county = page.context["rows"][0]
    assert county[0] == "kreis" and [b.lang for b in county[2]] == ["ar", "de", "en"]


def test_the_map_pages_show_their_offers_only_where_the_filters_stay(small):
    pages = list(map_output.pages(small, speech("de")))
    assert pages[0].path == "karte/" and all(p.shows is None for p in pages)  # no build before: anything
    later = _with(small, previous=small)
    assert all(p.shows is not None for p in map_output.pages(later, speech("de")))


def test_content_pages_leave_the_first_language_to_pelican(small):
    translation = types.SimpleNamespace(lang="en", slug="impressum")
    page = types.SimpleNamespace(slug="impressum", translations=[translation])
    build = _with(small, context={"pages": [page]})
    [german] = content_pages.pages(build, speech("de"))
    assert german.template is None and german.path == "impressum/"
    [english] = content_pages.pages(build, speech("en"))
    assert english.template == "page" and english.page_url == ""  # not in every language: the menu leads home
    assert list(content_pages.pages(build, speech("ar"))) == []


def test_data_files_are_claimed_by_their_output(small, tmp_path):
    build = _with(small, files=Files(tmp_path))
    phrases = Phrases(collections.defaultdict(str), collections.defaultdict(str), {})
    for output in (form, map_output, contacts, search):
        with build.files.writing_for(output.__name__.rsplit(".", 1)[-1]):
            output.finish(build, lambda language: Speech(language, THEME, "de", lambda: phrases))
    claims = build.files.claims
    assert claims["schema/angebot.schema.json"] == "form" and claims["karte/kreis.svg"] == "map"
    assert claims["suche/index.json"] == claims["ar/suche/index.json"] == claims["suche/teile/"] == "search"
    assert claims["theme/vendor/lunr.min.js"] == claims["theme/vendor/lunr.tr.min.js"] == "search"
    assert json.loads((tmp_path / "suche/index.json").read_text(encoding="utf-8"))["fields"]
    assert json.loads((tmp_path / "ar/suche/index.json").read_text(encoding="utf-8"))["language"]["code"] == "ar"
    cards = sorted((tmp_path / "kontakte/vcard").glob("*.vcf"))
    assert len(cards) == len(small.views.contacts) and cards[0].read_text(encoding="utf-8").startswith("BEGIN:VCARD")


def test_a_page_rendered_once_gets_the_same_context_in_every_language(small):
    """The rule behind rendering once: what a page's declaration gives its template may not depend
    on the language (that is the templates' business, through the declared filters and the helpers)."""
    for output in outputs.OUTPUTS:
        if not hasattr(output, "pages"):
            continue
        declared = {code: [p for p in output.pages(small, speech(code)) if p.template in RENDERED_ONCE] for code in ("de", "en", "ar")}
        for de, en, ar in zip(declared["de"], declared["en"], declared["ar"]):
            assert de.path == en.path == ar.path
            assert de.context.keys() == en.context.keys() == ar.context.keys()
            for name in de.context:
                assert de.context[name] is en.context[name] is ar.context[name] or de.context[name] == en.context[name] == ar.context[name], (de.path, name)


def _with(build: Build, **changes) -> Build:
    return Build(**{**{name: getattr(build, name) for name in (
        "directory", "views", "settings", "languages", "files", "address", "time_zone", "context", "theme", "env",
        "template", "previous")}, **changes})


def test_pelicans_generator_classes_hold_ours():
    """preview.generator_classes uses Pelican's own list (no public one): it must still name ours."""
    from pelican import Pelican

    from angebote.generator import AngeboteGenerator

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": "/tmp/unbenutzt"})
    assert AngeboteGenerator in generator_classes(Pelican(settings))


def test_a_towns_contacts_are_cut_into_pages_each_row_once(small):
    build = _with(small, settings={**small.settings, "ANGEBOTE_CONTACTS_PER_PAGE": 7})
    town = next(t for t in small.views.contact_towns if t.town.slug == "coesfeld")
    rows = [(area.slug, entry.slug) for area, entries in town.groups for entry, _ in entries]
    pages = [p for p in contacts.pages(build, speech("de")) if p.context.get("town") is town.town]
    assert len(rows) > 7 and len(pages) == -(-len(rows) // 7)
    assert [p.path for p in pages] == ["kontakte/coesfeld/"] + [f"kontakte/coesfeld/{n}/" for n in range(2, len(pages) + 1)]
    assert [(area.slug, entry.slug) for p in pages for area, entries in p.context["groups"] for entry, _ in entries] == rows
    assert all(len([e for _, entries in p.context["groups"] for e in entries]) <= 7 for p in pages)
    assert pages[0].context["previous_url"] is None and pages[-1].context["next_url"] is None
    assert pages[1].context["previous_url"] == "kontakte/coesfeld/" and all(p.context["count"] == town.count for p in pages)


def test_paginated_contact_pages_link_each_other_in_every_language(tmp_path):
    """Cut into pages, a town's contacts are the same people as on one page, in every language."""
    from conftest import read_page, run_build

    def people(output: Path, url: str) -> tuple[list[str], list[str]]:
        """(the vCards linked, page by page, following "next"; the pages)"""
        cards, seen = [], []
        while url:
            page = read_page(output, url)
            seen.append(url)
            cards += [a["href"].rsplit("/", 1)[1] for a in page.select('a[href$=".vcf"]')]
            following = page.select_one("nav.pagination a[rel=next]")
            url = following["href"].lstrip("/") if following else None  # (SITEURL is "": links from the root)
        return cards, seen

    whole, cut = tmp_path / "ganz", tmp_path / "seiten"
    for output, per_page in ((whole, 1000), (cut, 30)):
        result = run_build(None, output, f"ANGEBOTE_CONTACTS_PER_PAGE={per_page}")
        assert result.returncode == 0, result.stderr
    for prefix in ("", "ar/"):
        expected, one = people(whole, f"{prefix}kontakte/coesfeld/")
        found, seen = people(cut, f"{prefix}kontakte/coesfeld/")
        assert one == [f"{prefix}kontakte/coesfeld/"] and len(expected) > 60
        assert found == expected and len(seen) == 3 and seen[1] == f"{prefix}kontakte/coesfeld/2/"
    assert "Seite 2 von 3" in read_page(cut, "kontakte/coesfeld/2/").select_one(".lead").text
