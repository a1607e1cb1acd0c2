"""Every rule of the data contract: a failing fixture and its German message."""

from __future__ import annotations

import os
import re
import time

import pytest
from conftest import ROOT, TODAY, VALID_OFFER, VALID_PROVIDER, offer, run_check, write_data

from angebote.read import ValidationFailed, load_directory, load_taxonomy

TAXONOMY = load_taxonomy(ROOT / "taxonomie.yml")


def load(root):
    return load_directory(root, TAXONOMY, today=TODAY)


def problems_of(root) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        load(root)
    return [str(p) for p in failure.value.problems]


def test_valid_fixture_loads(tmp_path):
    directory = load(write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/elterncafe.md": VALID_OFFER}))
    [item] = directory.offers
    assert item.slug == "elterncafe"
    assert item.title == "Elterncafé Test"
    assert [a.slug for a in item.areas] == ["erziehung"]
    assert [b.slug for b in item.bands] == ["0-3"]
    assert item.contacts[0].phone_uri == "tel:+492541123456"
    assert item.provider.address.postcode == "48653"


# (name, offer file text, line, message fragment)
CASES = [
    ("unknown area with suggestion", offer(areas="[gesundhiet]"), 4,
     "Unbekannter Lebensbereich „gesundhiet“. Meinten Sie „gesundheit“?"),
    ("town misspelt", offer(municipalities="[Dülmn]"), 7, "Unbekannter Ort „Dülmn“. Meinten Sie „duelmen“?"),
    ("district misspelt", offer(municipalities="[Vinum]"), 7, "Unbekannter Ort „Vinum“. Meinten Sie „olfen“?"),
    ("wrong type", offer(age_from='"drei"'), 5, "„age_from“ muss eine Zahl sein"),
    ("areas not a list", offer(areas="erziehung"), 4, "„areas“ muss eine Liste"),
    ("age_from equal to age_to", offer(age_from="3", age_to="3"), 5,
     "„age_from“ (3) muss kleiner als „age_to“ (3) sein"),
    ("age_from above age_to", offer(age_from="6", age_to="3"), 5, "muss kleiner als „age_to“"),
    ("only one age given", offer(age_to=None), 1, "Pflichtfeld „age_to“ fehlt."),
    ("pregnancy and only one age", offer(age_to=None, reviewed="2026-10-01\npregnancy: true"), 5,
     "„age_from“ und „age_to“ gehören zusammen"),
    ("ages missing without pregnancy", offer(age_from=None, age_to=None), 1, "Pflichtfeld „age_from“ fehlt."),
    ("invalid month", offer(reviewed="2026-13-01"), 8, "„reviewed“: „2026-13-01“ ist kein gültiges Datum"),
    ("invalid day", offer(reviewed="2026-02-30"), 8, "ist kein gültiges Datum"),
    ("German date format", offer(reviewed="01.10.2026"), 8, "erwartet wird JJJJ-MM-TT"),
    ("German date gets its ISO form", offer(reviewed="1.3.2026"), 8,
     "„reviewed“: „1.3.2026“ ist kein gültiges Datum; erwartet wird JJJJ-MM-TT, z. B. 2025-03-31. Meinten Sie „2026-03-01“?"),
    ("German date of valid_until", offer(reviewed="2026-10-01\nvalid_until: 31. 12. 2026"), 9, "Meinten Sie „2026-12-31“?"),
    ("review date in the future", offer(reviewed="2027-01-01"), 8, "„reviewed“ (2027-01-01) liegt in der Zukunft."),
    ("invalid valid_until", offer(reviewed="2026-10-01\nvalid_until: 2026-06-31"), 9, "„valid_until“: „2026-06-31“ ist kein gültiges Datum"),
    ("invalid e-mail", VALID_OFFER.replace("erika@example.org", "erika(at)example.org"), 12,
     "„contacts → Nr. 1 → email“: „erika(at)example.org“ ist keine gültige E-Mail-Adresse"),
    ("ftp url", offer(reviewed="2026-10-01\nurl: ftp://example.org/kurs"), 9,
     "ist keine gültige Web-Adresse; erlaubt sind nur Adressen mit http:// oder https://"),
    ("javascript url", offer(reviewed="2026-10-01\nurl: javascript:alert(1)"), 9, "ist keine gültige Web-Adresse"),
    ("impossible phone number", VALID_OFFER.replace("02541 123456", "0254"), 11, "„contacts → Nr. 1 → phone“"),
    ("phone with letters", VALID_OFFER.replace("02541 123456", "ruf an"), 11, "erwartet wird eine Telefonnummer"),
    ("missing required field", offer(summary=None), 1, "Pflichtfeld „summary“ fehlt."),
    ("unknown field with suggestion", offer(reviewed="2026-10-01\ntitel: Noch ein Titel"), 9,
     "Unbekanntes Feld „titel“. Meinten Sie „title“?"),
    ("duplicate key", offer(reviewed="2026-10-01\ntitle: Noch einmal"), 9, "Feld „title“ steht doppelt (zuerst in Zeile 2)."),
    ("county-wide beside a town", offer(municipalities="[kreisweit, olfen]"), 7, "„kreisweit“ steht allein"),
    ("unknown language", offer(reviewed="2026-10-01\nlanguages: [de, xx]"), 9,
     "„xx“ ist kein Sprachkürzel nach ISO 639-1 (zwei Kleinbuchstaben, z. B. de, en, tr, ar, uk, ru)."),
    ("translations in the offer file", offer(reviewed="2026-10-01\ntranslations:\n  en: {title: Parents' café}"),
     9, "„translations“ steht nicht mehr in der Angebotsdatei: Übersetzungen stehen in den Katalogen uebersetzungen/<sprache>.po"),
    ("empty summary", offer(summary='""'), 3, "„summary“ ist zu kurz oder leer"),
    ("broken YAML: colon in text", offer(title="Treff: offen für alle"), 2,
     "YAML-Fehler: Doppelpunkt an unerwarteter Stelle"),
    ("broken YAML: unclosed bracket", offer(areas="[erziehung, bildung"), 4, "YAML-Fehler"),
    ("tab indentation", VALID_OFFER.replace("    phone:", "\tphone:"), 11, "YAML-Fehler"),
    ("unclosed front matter", VALID_OFFER.replace("---\n\nBeschreibung", "\nBeschreibung"), 1,
     "Das Front Matter wird nicht geschlossen"),
    ("no front matter", "Nur Text.\n", 1, "Die Datei muss mit einer Zeile „---“ beginnen"),
    ("front matter is a list", "---\n- a\n- b\n---\n", 2, "Zwischen den „---“-Zeilen müssen Felder"),
]


@pytest.mark.parametrize("name, text, line, message", CASES, ids=[c[0] for c in CASES])
def test_rule(tmp_path, name, text, line, message):
    write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": text})
    found = problems_of(tmp_path)
    expected = f"{tmp_path / 'fz/kurs.md'}:{line}: "
    assert any(p.startswith(expected) and message in p for p in found), found


def test_not_utf8(tmp_path):
    write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": VALID_OFFER.encode("latin-1")})
    [problem] = problems_of(tmp_path)
    assert problem == f"{tmp_path / 'fz/kurs.md'}:2: Die Datei ist nicht UTF-8-kodiert (Byte 0xE9). Bitte im Editor als „UTF-8“ speichern."


def test_utf8_with_bom_is_fine(tmp_path):
    write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": b"\xef\xbb\xbf" + VALID_OFFER.encode()})
    assert load(tmp_path).offers[0].title == "Elterncafé Test"


def test_duplicate_offer_slug_names_both_files(tmp_path):
    write_data(tmp_path, {
        "aaa/traeger.yml": VALID_PROVIDER, "aaa/elterncafe.md": VALID_OFFER,
        "bbb/traeger.yml": VALID_PROVIDER, "bbb/elterncafe.md": VALID_OFFER,
    })
    # Either may be the new one: each file gets the message, naming the other.
    first, second = problems_of(tmp_path)
    assert first.startswith(f"{tmp_path / 'aaa/elterncafe.md'}:1: ") and str(tmp_path / "bbb/elterncafe.md") in first
    assert second.startswith(f"{tmp_path / 'bbb/elterncafe.md'}:1: ") and str(tmp_path / "aaa/elterncafe.md") in second


def test_provider_folder_without_traeger_yml(tmp_path):
    write_data(tmp_path, {"fz/traeger.yaml": VALID_PROVIDER, "fz/kurs.md": VALID_OFFER})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'fz/traeger.yml'}:1: Dem Träger-Ordner fehlt die Datei „traeger.yml“")
    assert "Gefunden wurde „traeger.yaml“" in problem


def test_provider_rules(tmp_path):
    write_data(tmp_path, {
        "fz/traeger.yml": VALID_PROVIDER.replace("name: Familienzentrum Beispiel\n", "")
        .replace("info@example.org", "info@@example.org").replace("48653", "4865"),
        "fz/kurs.md": VALID_OFFER,
    })
    found = problems_of(tmp_path)
    path = tmp_path / "fz/traeger.yml"
    assert f"{path}:1: Pflichtfeld „name“ fehlt." in found
    assert f"{path}:7: „email“: „info@@example.org“ ist keine gültige E-Mail-Adresse." in found
    assert any(p.startswith(f"{path}:4: „address → postcode“") for p in found), found


def test_bad_file_and_folder_names(tmp_path):
    write_data(tmp_path, {
        "Mein Verein/traeger.yml": VALID_PROVIDER,
        "fz/traeger.yml": VALID_PROVIDER,
        "fz/Elterncafé.md": VALID_OFFER,
        "lose-datei.md": VALID_OFFER,
    })
    found = problems_of(tmp_path)
    assert any(p.startswith(f"{tmp_path / 'Mein Verein'}:1: Der Ordnername") for p in found)
    assert any(p.startswith(f"{tmp_path / 'fz/Elterncafé.md'}:1: Der Dateiname") for p in found)
    assert any(p.startswith(f"{tmp_path / 'lose-datei.md'}:1: Angebote gehören in den Ordner ihres Trägers") for p in found)


def test_all_errors_of_all_files_at_once(tmp_path):
    write_data(tmp_path, {
        "fz/traeger.yml": VALID_PROVIDER,
        "fz/eins.md": offer(areas="[gesundhiet]", reviewed="2026-13-01"),
        "fz/zwei.md": offer(age_from="5", summary=None),
        "ohne/kurs.md": VALID_OFFER,
    })
    found = problems_of(tmp_path)
    assert len(found) == 5, found
    assert all(re.match(r"^/.+:\d+: \S", p) for p in found)


def test_pregnancy_offer_needs_no_ages(tmp_path):
    text = offer(age_from=None, age_to=None, reviewed="2026-10-01\npregnancy: true")
    directory = load(write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": text}))
    assert [b.slug for b in directory.offers[0].bands] == ["schwangerschaft"]


def test_yaml_1_1_booleans_stay_text(tmp_path):
    """`no` is Norwegian, not false; postcodes and phone numbers keep their leading zero."""
    text = offer(reviewed="2026-10-01\nlanguages: [de, no]\nregistration: ja")
    provider = VALID_PROVIDER.replace("48653", "01067").replace("city: Coesfeld", "city: Dresden")
    directory = load(write_data(tmp_path, {"fz/traeger.yml": provider, "fz/kurs.md": text}))
    item = directory.offers[0]
    assert item.languages == ["de", "no"]
    assert item.registration == "ja"
    assert item.provider.address.postcode == "01067"
    assert item.contacts[0].phone == "02541 123456"


def test_expired_offer_is_kept_apart(tmp_path):
    text = offer(reviewed="2025-01-10\nvalid_until: 2026-11-21")
    directory = load(write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": text}))
    assert directory.offers == []
    assert [o.slug for o in directory.expired] == ["kurs"]
    assert directory.providers[0].offers == []


def test_stale_after_twelve_months(tmp_path):
    write_data(tmp_path, {
        "fz/traeger.yml": VALID_PROVIDER,
        "fz/alt.md": offer(reviewed="2025-11-21"),
        "fz/grenze.md": offer(reviewed="2025-11-22"),
    })
    stale = {o.slug: o.stale for o in load(tmp_path).offers}
    assert stale == {"alt": True, "grenze": False}


def test_no_iso_form_is_suggested_for_a_day_that_does_not_exist(tmp_path):
    write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": offer(reviewed="30.2.2026")})
    [found] = problems_of(tmp_path)
    assert "ist kein gültiges Datum" in found and "Meinten" not in found


def test_town_and_area_names_are_accepted_in_any_case_and_districts_stand_for_their_town(tmp_path):
    text = offer(municipalities="[Olfen, DÜLMEN, luedinghausen, Vinnum, hausdülmen]", areas="[Gesundheit, erziehung und familie]")
    [item] = load(write_data(tmp_path, {"fz/traeger.yml": VALID_PROVIDER, "fz/kurs.md": text})).offers
    assert [t.slug for t in item.towns] == ["olfen", "duelmen", "luedinghausen"]
    assert [a.slug for a in item.areas] == ["gesundheit", "erziehung"]
    assert item.hints == [(7, "„Vinnum“ ist ein Ortsteil von Olfen: das Angebot steht unter Olfen (in „municipalities“ kurz „olfen“)."),
                          (7, "„hausdülmen“ ist ein Ortsteil von Dülmen: das Angebot steht unter Dülmen (in „municipalities“ kurz „duelmen“).")]


def test_make_check_says_which_town_a_district_stands_for(tmp_path):
    write_data(tmp_path / "angebote", {"t/traeger.yml": VALID_PROVIDER,
                                       "t/a.md": offer(municipalities="\n  - vinnum\n  - Seppenrade")})
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout
    rows = result.stdout.splitlines()
    assert "angebote/t/a.md:8: Hinweis: „vinnum“ ist ein Ortsteil von Olfen: das Angebot steht unter Olfen" \
           " (in „municipalities“ kurz „olfen“)." in rows
    assert any(row.startswith("angebote/t/a.md:9: Hinweis: „Seppenrade“ ist ein Ortsteil von Lüdinghausen") for row in rows), rows
    github = run_check(tmp_path, github=True)
    assert github.returncode == 0 and "::warning file=angebote/t/a.md,line=8," in github.stdout


@pytest.mark.parametrize("towns, line, message", [
    ("  - {slug: x, label: X, ortsteile: [Y]}\n  - {slug: y, label: Y}\n", 6, "Der Ortsteil „Y“ von „x“ heißt wie ein Ort"),
    ("  - {slug: x, label: X, ortsteile: [Z]}\n  - {slug: y, label: Y, ortsteile: [z]}\n", 7, "(bei „x“)"),
    ("  - {slug: x, label: X, ortsteile: [X]}\n", 6, "Der Ortsteil „X“ von „x“ heißt wie ein Ort"),
    ("  - {slug: x, label: X, ortsteile: Z}\n", 6, "„ortsteile“ ist eine Liste von höchstens 50 Namen"),
    ("  - {slug: x, label: X, ortsteile: [" + ", ".join(f"T{i}" for i in range(51)) + "]}\n", 6, "höchstens 50 Namen"),
])
def test_each_district_belongs_to_one_town(tmp_path, towns, line, message):
    path = tmp_path / "taxonomie.yml"
    path.write_text("region: Test\nlebensbereiche:\n  - {slug: a, label: A}\n  - {slug: b, label: B}\norte:\n" + towns
                    + "altersgruppen:\n  - {slug: 0-3, label: jung, von: 0, bis: 3}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        load_taxonomy(path)
    assert any(str(p).startswith(f"{path}:{line}: ") and message in str(p) for p in failure.value.problems), failure.value.problems


def test_taxonomy_errors_name_the_line(tmp_path):
    path = tmp_path / "taxonomie.yml"
    path.write_text(
        "region: Test\nlebensbereiche:\n  - {slug: a, label: A}\n  - {slug: a, label: B}\n"
        "orte:\n  - {slug: x, label: X}\naltersgruppen:\n  - {slug: 0-3, label: jung, von: 3, bis: 0}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failure:
        load_taxonomy(path)
    found = [str(p) for p in failure.value.problems]
    assert f"{path}:4: „a“ steht doppelt in „lebensbereiche“." in found
    assert f"{path}:8: Eine Altersgruppe braucht „von“ kleiner als „bis“ (in Jahren)." in found


def test_only_the_file_named_in_the_hint_is_passed_over(tmp_path):
    """With traeger.yml missing, the one file the hint names is not reported twice; a second
    look-alike is still reported, so nothing in the folder goes unseen."""
    write_data(tmp_path, {"fz/traeger.yaml": VALID_PROVIDER, "fz/traeger.yml.bak": VALID_PROVIDER, "fz/kurs.md": VALID_OFFER})
    found = problems_of(tmp_path)
    assert any(p.startswith(f"{tmp_path / 'fz/traeger.yml'}:1: ") and "Gefunden wurde „traeger.yaml“" in p for p in found)
    assert any(p.startswith(f"{tmp_path / 'fz/traeger.yml.bak'}:1: Diese Datei wird nicht gelesen") for p in found), found
    assert not any(p.startswith(f"{tmp_path / 'fz/traeger.yaml'}:") for p in found)


@pytest.mark.parametrize("content, line, message", [
    ("de: [Hebamme]\nen: [midwife]\n", 1, "Liste von Einträgen"),
    ("- de: [Hebamme]\n", 1, "mindestens eine weitere Sprache"),
    ("- en: [midwife]\n  tr: [ebe]\n", 1, "braucht „de“"),
    ("- de: [Hebamme]\n  EN: [midwife]\n", 2, "kein Sprachkürzel"),
    ("- de: [Hebamme]\n  en: [3]\n", 2, "braucht ein Wort"),
    ("- de: [Hebamme]\n  en: [" + "x" * 61 + "]\n", 2, "höchstens 60 Zeichen"),
    ("- de: [Hebamme]\n  en: []\n", 2, "braucht ein Wort"),
    ("- de: [Hebamme]\n  en: &a [midwife]\n  tr: *a\n", 2, ""),
    # a need's life area: one of the taxonomy's
    ("- de: [Geld]\n  ar: [فلوس]\n  bereich: geld\n", 3, "„bereich“: „geld“ ist kein Lebensbereich der Taxonomie (bekannt: arbeit, "),
    ("- de: [Geld]\n  ar: [فلوس]\n  bereich: [finanzen]\n", 3, "ist kein Lebensbereich"),
    ("- de: [Geld]\n  bereich: finanzen\n", 1, "mindestens eine weitere Sprache"),
])
def test_a_broken_thesaurus_is_a_german_error_with_its_line(tmp_path, content, line, message):
    data = write_data(tmp_path / "repo" / "angebote", {"fz/traeger.yml": VALID_PROVIDER, "fz/treff.md": VALID_OFFER})
    thesaurus = tmp_path / "suchwoerter.yml"
    thesaurus.write_text(content, encoding="utf-8")
    result = run_check(data.parent, f"ANGEBOTE_THESAURUS={thesaurus}")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{thesaurus}:{line}: " in result.stdout and message in result.stdout and "Traceback" not in result.stderr


def test_read_in_two_processes_gives_what_one_reads(tmp_path, monkeypatch):
    """From READ_IN_TWO_FROM files on, a forked process reads beside this one (each takes the next
    file): the same offers, in the same order, referring to the very providers and taxonomy terms
    read here, and the same problems in the same order."""
    import angebote.read.offers as validation

    files = {"fz/traeger.yml": VALID_PROVIDER, "ev/traeger.yml": VALID_PROVIDER.replace("Familienzentrum Beispiel", "Ein Verein")}
    for n in range(12):
        files[f"{'fz' if n % 2 else 'ev'}/kurs-{n:02d}.md"] = offer(title=f"Kurs {n:02d}")
    files["ev/kurs-01-falsch.md"] = offer(areas="[gesundhiet]")
    files["fz/kurs-11-falsch.md"] = offer(reviewed="2026-13-01")
    write_data(tmp_path, files)

    def read():
        with pytest.raises(ValidationFailed) as failure:
            load(tmp_path)
        return [str(p) for p in failure.value.problems]

    monkeypatch.setattr(validation, "READ_IN_TWO_FROM", 10**6)
    alone = read()
    monkeypatch.setattr(validation, "READ_IN_TWO_FROM", 2)
    assert read() == alone and len(alone) == 2, alone
    assert "kurs-01-falsch.md" in alone[0] and "kurs-11-falsch.md" in alone[1]

    (tmp_path / "ev/kurs-01-falsch.md").unlink()
    (tmp_path / "fz/kurs-11-falsch.md").unlink()
    monkeypatch.setattr(validation, "READ_IN_TWO_FROM", 10**6)
    one = load(tmp_path)
    monkeypatch.setattr(validation, "READ_IN_TWO_FROM", 2)
    two = load(tmp_path)
    assert [(o.slug, o.title, o.source, o.body_html, o.lines) for o in two.offers] == \
        [(o.slug, o.title, o.source, o.body_html, o.lines) for o in one.offers]
    providers = {id(p) for p in two.providers}
    assert all(id(o.provider) in providers for o in two.offers)
    assert all(o in o.provider.offers for o in two.offers)
    terms = {id(t) for t in (*TAXONOMY.areas.values(), *TAXONOMY.towns.values(), *TAXONOMY.bands.values())}
    assert all(id(t) in terms for o in two.offers for t in (*o.areas, *o.towns, *o.bands))

    # both processes read: each file read slowly, the second process takes its share
    readers = tmp_path / "gelesen-von.txt"
    reading = validation._read_offer

    def slowly(file, *args):
        time.sleep(0.02)
        with readers.open("a") as log:
            log.write(f"{os.getpid()} {file.name}\n")
        return reading(file, *args)

    monkeypatch.setattr(validation, "_read_offer", slowly)
    three = load(tmp_path)
    assert [o.slug for o in three.offers] == [o.slug for o in one.offers]
    read_by = [line.split() for line in readers.read_text().splitlines()]
    assert len({pid for pid, _ in read_by}) == 2 and {name for _, name in read_by} == {f"kurs-{n:02d}.md" for n in range(12)}


def _people(count: int, word: str = "Person") -> str:
    return "".join(f"  - name: {word} {i}\n" for i in range(count))


def test_contacts_and_places_are_limited_across_the_folder_and_per_provider(tmp_path):
    """At the real limits (limits.py): 50,001 contacts in 26 providers' offers, 2,001 at one
    provider, 50,001 places; each a message naming the folder or the provider's file."""
    erika = "  - name: Erika Muster\n    phone: 02541 123456\n    email: erika@example.org\n"
    with_people = VALID_OFFER.replace(erika, _people(20))
    files = {f"p{p}/traeger.yml": VALID_PROVIDER for p in range(26)}
    files.update({f"p{p}/k{p}-{i}.md": with_people for p in range(26) for i in range(97)})  # 50,440 people
    files["p0/traeger.yml"] = VALID_PROVIDER + "contacts:\n" + _people(50)  # p0: 1,990 with its offers'
    files["p0/extra.md"] = VALID_OFFER.replace(erika, _people(11))  # and 2,001 with these
    found = problems_of(write_data(tmp_path / "people", files))
    assert found == [f"{tmp_path / 'people'}:1: Zu viele Ansprechpersonen im Datenordner: 50.501, höchstens 50.000. "
                     "Jede Person bekommt eine Visitenkarte und steht auf den Kontaktseiten.",
                     f"{tmp_path / 'people/p0/traeger.yml'}:1: Zu viele Ansprechpersonen bei diesem Träger (in traeger.yml und "
                     "seinen Angeboten): 2.001, höchstens 2.000."], found
    places = offer(reviewed="2026-10-01\nlocations:\n" + "".join(f"  - city: Ort {i}\n" for i in range(30)))
    files = {f"p{p}/traeger.yml": VALID_PROVIDER for p in range(2)}
    files.update({f"p{i % 2}/o{i}.md": places for i in range(1667)})  # 50,010 places
    assert problems_of(write_data(tmp_path / "places", files)) == [
        f"{tmp_path / 'places'}:1: Zu viele Orte (locations) in den Angeboten: 50.010, höchstens 50.000."]


def test_the_descriptions_together_are_limited(tmp_path):
    """2,001 offers with the longest description: more characters than the search index may hold."""
    longest = offer().replace("Beschreibung des Treffs.", " ".join(["Beratung"] * 1111))  # 9,998 characters
    files = {"p0/traeger.yml": VALID_PROVIDER, "p1/traeger.yml": VALID_PROVIDER, "p2/traeger.yml": VALID_PROVIDER}
    files.update({f"p{i % 3}/b{i}.md": longest for i in range(2001)})
    assert problems_of(write_data(tmp_path, files)) == [
        f"{tmp_path}:1: Zu viele Zeichen in den Beschreibungen aller Angebote: 20.005.998, höchstens 20.000.000. "
        "Die Suche hält jedes Wort; bitte lange Beschreibungen kürzen."]


def test_the_scan_for_forbidden_characters_finds_what_the_rule_says_and_where():
    """forbidden() (one character class, then a look at each find) finds the same first character as
    the rule written out: _CONTROL's characters, and a carriage return but before a line feed (in a
    value: any carriage return)."""
    import random

    from angebote.read.frontmatter import _CONTROL, forbidden
    rule = re.compile(f"[{_CONTROL}]|\r(?!\n)")
    edges = ["a", "ü", "\t", "\n", "\r", "\x00", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", " ", "~", "\x7f", "\x9f", "\xa0",
             "\u2027", "\u2028", "\u2029", "\u202a", "\u202e", "\u202f", "\u2066", "\ud7ff", "\ud800", "\udfff", "\ue000",
             "\ufdcf", "\ufdd0", "\ufdef", "\ufdf0", "\ufffd", "\ufffe", "\uffff", "\U00010000", "\U0001f600",
             "\U0001fffd", "\U0001fffe", "\U0001ffff", "\U00020000", "\U0002fffe", "\U0002ffff", "\U0010fffd",
             "\U0010fffe", "\U0010ffff"]
    plain = [c for c in edges if not rule.search(c) and c != "\r"]
    randomly = random.Random(7)
    texts = ["", "\r\n", "\r\n\r", "a\r\r\n", "\U0001f600\U00020000\U0010fffe"]
    texts += ["".join(randomly.choice(plain) for _ in range(randomly.randrange(30))) + randomly.choice(edges)
              + "".join(randomly.choice(edges) for _ in range(randomly.randrange(5))) for _ in range(20000)]
    in_value = re.compile(f"[{_CONTROL}\r]")  # a value's rule: any carriage return too
    for text in texts:
        expected, found = rule.search(text), forbidden(text)
        assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group())), ascii(text)
        expected, found = in_value.search(text), forbidden(text, line_ends=False)
        assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group())), ascii(text)
    assert sum(rule.search(text) is not None for text in texts) > 10000  # (most texts hold one)
