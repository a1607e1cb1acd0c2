"""The parents' companion (begleiter.yml, read/companion.py): read and checked like the offers, with
German path:line errors; windows and deadlines read as the Richtlinien write them."""

from __future__ import annotations

import pytest

from conftest import ROOT, VALID_PROVIDER, offer, read_page, run_check, write_data

SAMPLE = (ROOT / "begleiter.yml").read_text(encoding="utf-8")


def sample_companion():
    from angebote.read import read_directory
    from angebote.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), [])
    settings.update({key: str(ROOT / settings[key]) for key in
                     ("ANGEBOTE_PATH", "ANGEBOTE_TAXONOMY", "ANGEBOTE_THESAURUS", "ANGEBOTE_MAP", "ANGEBOTE_COMPANION",
                      "ANGEBOTE_OFFER_TRANSLATIONS")})
    return read_directory(settings).companion


def test_the_sample_companion_has_every_stage_with_its_milestones_in_order():
    companion = sample_companion()
    assert companion.draft
    assert [s.slug for s in companion.stages] == ["schwangerschaft", "erste-wochen", "2-bis-6-monate", "6-bis-12-monate",
                                                  "1-bis-3-jahre", "3-bis-6-jahre", "schulkind", "jugend"]
    stage = {s.slug: [m.slug for m in s.milestones] for s in companion.stages}
    assert stage["schwangerschaft"] == ["hebamme-suchen", "geburtsvorbereitung", "elternzeit-anmelden", "mutterschutz"]
    assert {"u1", "u2", "u3", "geburt-anzeigen", "kindergeld", "elterngeld"} <= set(stage["erste-wochen"])
    assert stage["jugend"] == ["j1"]
    checkups = [m.slug for m in companion.milestones if m.kind == "untersuchung"]
    assert checkups == ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u7a", "u8", "u9", "schuleingangsuntersuchung", "j1"]
    u4 = next(m for m in companion.milestones if m.slug == "u4")
    assert (u4.span.unit, u4.span.first, u4.span.last) == ("monat", 3, 4.0)
    assert (u4.tolerance.unit, u4.tolerance.first, u4.tolerance.last) == ("monat", 2, 4.5)
    elternzeit = next(m for m in companion.milestones if m.slug == "elternzeit-anmelden")
    assert (elternzeit.deadline.amount, elternzeit.deadline.unit, elternzeit.deadline.before_due) == (7, "wochen", True)
    standesamt = next(o for o in companion.offices if o.slug == "standesamt")
    assert len(standesamt.towns) == 11 and standesamt.towns["duelmen"].address.endswith("48249 Dülmen")
    numbers = {n.number: n.number_uri for n in companion.help_numbers}
    assert numbers["112"] == "tel:112" and numbers["116 117"] == "tel:116117" and numbers["0228 19240"] == "tel:+4922819240"


def test_spans_and_deadlines_are_read_as_written():
    from angebote.read.companion import read_deadline as deadline, read_span as span

    def read_span(text):
        found = span(text)
        return found and (found.unit, found.first, found.last)

    def read_deadline(text):
        found = deadline(text)
        return found and (found.amount, found.unit, found.before_due)

    assert read_span("3. bis 10. Lebenstag") == ("tag", 3, 10)
    assert read_span("2. bis 4½. Lebensmonat") == ("monat", 2, 4.5)
    assert read_span("2.–4,5. Lebensmonat") == ("monat", 2, 4.5)
    assert read_span("14. Lebensjahr") == ("jahr", 14, 14)
    assert read_span("35. Schwangerschaftswoche") == ("ssw", 35, 35)
    for wrong in ("10. bis 3. Lebenstag", "3. bis 4½. Lebenstag", "0. Lebenstag", "3 bis 4 Monate", "50. Schwangerschaftswoche"):
        assert read_span(wrong) is None, wrong
    assert read_deadline("1 Woche nach der Geburt") == (1, "wochen", False)
    assert read_deadline("7 Wochen vor dem Geburtstermin") == (7, "wochen", True)
    assert read_deadline("3 Monate nach der Geburt") == (3, "monate", False)
    assert read_deadline("bald") is None


def _line(text: str, start: str) -> int:
    return text[: text.index(start)].count("\n") + 1


BROKEN = [
    # (what, old, new, the line's start in the broken file, message)
    ("a window in another form", "zeitraum: 3. bis 10. Lebenstag", "zeitraum: 3 bis 10 Tage", "    zeitraum: 3 bis 10 Tage",
     "„zeitraum“: „3 bis 10 Tage“ hat nicht die erwartete Form"),
    ("a tolerance narrower than its window", "toleranz: 3. bis 14. Lebenstag", "toleranz: 4. bis 14. Lebenstag",
     "    toleranz: 4. bis 14. Lebenstag", "muss den Zeitraum „3. bis 10. Lebenstag“ ganz umfassen"),
    ("an unknown office", "stelle: elterngeldstelle", "stelle: elterngeldstele", "    stelle: elterngeldstele",
     "Unbekannte Stelle „elterngeldstele“: sie steht nicht in „stellen“. Meinten Sie „elterngeldstelle“?"),
    ("an unknown life area", "bereiche: [betreuung]", "bereiche: [betreung]", "    bereiche: [betreung]",
     "Unbekannter Lebensbereich „betreung“. Meinten Sie „betreuung“?"),
    ("an unknown kind", "art: schritt\n    titel: Ihr Kind in der Grundschule", "art: termin\n    titel: Ihr Kind in der Grundschule",
     "    art: termin", "„stationen → Nr. 22 → art“: „termin“ ist nicht vorgesehen"),
    ("an unknown town", "olfen: {name: Standesamt im Rathaus Olfen", "olfenn: {name: Standesamt im Rathaus Olfen",
     "      olfenn:", "Unbekannter Ort „olfenn“ in „stellen“. Meinten Sie „olfen“?"),
    ("a deadline in another form", "frist: 3 Monate nach der Geburt", "frist: drei Monate", "    frist: drei Monate",
     "„frist“: „drei Monate“ hat nicht die erwartete Form"),
    ("a missing text", "    text: Die letzte U vor der Schule. Die Ärztin prüft, ob Ihr Kind gut vorbereitet ist, und gibt Tipps für den Schulstart.\n",
     "", "  - slug: u9", "Pflichtfeld „text“ fehlt in „stationen → Nr. 21“."),
    ("a slug twice", "  - slug: u8\n", "  - slug: u7\n", "  - slug: u7\n    art: untersuchung\n    titel: U8", "„u7“ steht doppelt in „stationen“."),
    ("overlapping stages", "von: 6 Monate\n    bis: 1 Jahr", "von: 5 Monate\n    bis: 1 Jahr", "    von: 5 Monate",
     "Der Abschnitt „6-bis-12-monate“ beginnt, bevor „2-bis-6-monate“ endet"),
    ("a milestone in no stage", "zeitraum: 13. bis 14. Lebensjahr\n    toleranz: 12. bis 15. Lebensjahr",
     "zeitraum: 19. bis 20. Lebensjahr\n    toleranz: 19. bis 20. Lebensjahr", "  - slug: j1", "liegt in keinem Abschnitt"),
    ("a help number that is none", 'telefon: "0228 19240"', 'telefon: "0228"', '    telefon: "0228"', "„0228“ ist keine mögliche Telefonnummer."),
    ("a line break in a title", "titel: U6\n", "titel: |\n      U6\n      neu\n", "    titel: |", "Der Wert muss in einer Zeile stehen"),
]


@pytest.mark.parametrize("what", [case[0] for case in BROKEN])
def test_make_check_names_a_broken_companion_at_its_line(tmp_path, what):
    _, old, new, start, message = next(case for case in BROKEN if case[0] == what)
    assert old in SAMPLE
    broken = SAMPLE.replace(old, new, 1)
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    (folder / "begleiter.yml").write_text(broken, encoding="utf-8")
    result = run_check(folder, "ANGEBOTE_COMPANION=begleiter.yml")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    line = _line(broken, start)
    assert any(row.startswith(f"begleiter.yml:{line}: ") and message in row for row in result.stdout.splitlines()), (line, result.stdout)


def test_an_offer_that_is_gone_is_a_hint_not_an_error(tmp_path):
    folder = tmp_path / "repo"
    write_data(folder / "angebote", {"t/traeger.yml": VALID_PROVIDER, "t/a.md": offer()})
    (folder / "begleiter.yml").write_text(SAMPLE, encoding="utf-8")
    result = run_check(folder, "ANGEBOTE_COMPANION=begleiter.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    line = _line(SAMPLE, "    angebote: [geburtsvorbereitung]")
    assert f"begleiter.yml:{line}: Hinweis: Das Angebot „geburtsvorbereitung“ gibt es nicht (mehr)" in result.stdout + result.stderr


LANGUAGES = ["", "en/", "tr/", "ar/", "uk/", "ru/"]


def test_every_stage_has_its_page_in_every_language_linked_from_home_and_the_age_pages(sample_site):
    companion = sample_companion()
    for prefix in LANGUAGES:
        start = read_page(sample_site, f"{prefix}begleiter/")
        tiles = [a["href"] for a in start.select(".tiles a")]
        assert tiles == [f"/{prefix}begleiter/{stage.slug}/" for stage in companion.stages]
        assert len(start.select(".help-numbers li")) == len(companion.help_numbers)
        assert start.select_one('.help-numbers a[href="tel:116117"]').get_text() == "116 117"
        home = read_page(sample_site, prefix)
        assert home.select_one(f'main a[href="/{prefix}begleiter/"]') and home.select_one(f'nav a[href="/{prefix}begleiter/"]')
        for stage in companion.stages:
            page = read_page(sample_site, f"{prefix}begleiter/{stage.slug}/")
            assert [a["id"] for a in page.select("article.milestone")] == [m.slug for m in stage.milestones]
    # an age band links to the stages it overlaps
    band = read_page(sample_site, "alter/0-3/")
    assert [a["href"] for a in band.select('main a[href^="/begleiter/"]')] == [
        "/begleiter/erste-wochen/", "/begleiter/2-bis-6-monate/", "/begleiter/6-bis-12-monate/", "/begleiter/1-bis-3-jahre/"]
    assert [a["href"] for a in read_page(sample_site, "ar/alter/schwangerschaft/").select('main a[href^="/ar/begleiter/"]')] == [
        "/ar/begleiter/schwangerschaft/"]


def test_a_stage_page_says_what_is_due_when_who_helps_and_which_offers_fit(sample_site):
    page = read_page(sample_site, "begleiter/erste-wochen/")
    u2 = page.select_one("#u2")
    text = " ".join(u2.get_text(" ").split())
    assert "Vorsorgeuntersuchung" in text and "3. bis 10. Lebenstag (spätestens möglich: 3. bis 14. Lebenstag)" in text
    assert "Ihre Kinderarztpraxis" in text and "Quelle: Kinder-Richtlinie des G-BA" in text
    registry = " ".join(page.select_one("#geburt-anzeigen").get_text(" ").split())
    assert "Frist innerhalb von 1 Woche nach der Geburt" in registry
    assert "Dülmen : Standesamt im Rathaus Dülmen Markt 1–3, 48249 Dülmen" in registry  # the office in each town
    benefit = " ".join(page.select_one("#elterngeld").get_text(" ").split())
    assert "innerhalb von 3 Monaten nach der Geburt" in benefit and "Telefon: 02541 18-0" in benefit
    assert page.select_one('#elterngeld a[href="/bereiche/finanzen/"]') is not None
    visit = page.select_one("#willkommensbesuch")
    assert [a["href"] for a in visit.select('a[href^="/angebote/"]')] == [
        "/angebote/willkommensbesuch-neugeborene/", "/angebote/familienhebammen-fruehe-hilfen/", "/angebote/elternbegleitbuch/"]
    # the offers of this age: those the milestones name first, then the others for babies
    rows = [a["href"] for a in page.select(".offer-list .offer-item h3 a")]
    assert rows[:3] == ["/angebote/willkommensbesuch-neugeborene/", "/angebote/familienhebammen-fruehe-hilfen/",
                        "/angebote/elternbegleitbuch/"]
    data = __import__("json").loads((sample_site / "begleiter/daten.json").read_text(encoding="utf-8"))
    babies = [o["url"] for o in data["offers"] if o["from"] is not None and o["from"] * 12 < 2 and o["to"] * 12 > 0]
    assert page.select_one("#angebote-alter + p").get_text() == f"{len(babies)} Angebote"
    assert set(rows) <= {f"/{url}" for url in babies} and "/angebote/jugendtreff-olfen/" not in rows
    # a half month and a year in words, and a stage without fixed dates
    later = read_page(sample_site, "begleiter/2-bis-6-monate/").select_one("#u4").get_text(" ")
    assert "spätestens möglich: 2. bis 4½. Lebensmonat" in " ".join(later.split())
    school = read_page(sample_site, "begleiter/schulkind/")
    assert not school.select("article.milestone") and school.select(".offer-list .offer-item")
    assert read_page(sample_site, "begleiter/").select_one(".notice").get_text().startswith("Entwurf")


def test_the_companion_speaks_the_page_language_where_its_catalogue_translates_it(sample_site):
    from conftest import sample_translation

    page = read_page(sample_site, "ar/begleiter/erste-wochen/")
    u2 = page.select_one("#u2")
    assert u2.select_one("p[lang], p .only-german") is None  # the text is the page's own, not German labelled
    assert sample_translation("ar", "begleiter:station:u2", "text") in u2.get_text()
    assert page.select_one("h1").get_text() == sample_translation("ar", "begleiter:abschnitt:erste-wochen", "title")
    # an untranslated text stays German, marked as such (here: the source of a window)
    assert page.select_one("#u2 .source span")["lang"] == "de"
    start = read_page(sample_site, "en/begleiter/")
    assert start.select_one(".welcome h2").get_text() == sample_translation("en", "begleiter:begruessung", "title")
