"""'Für mein Kind' on the companion's pages (theme/static/js/begleiter.js, begleiter-daten.js): one
child's dates worked out on the device, its calendar file made in the browser with ical.js.

The arithmetic against a table written by hand from the Richtlinien (U1–U9, U7a, J1 windows and
tolerances as begleiter.yml has them; the deadlines; the weeks of pregnancy), through Node; then
Debian's Chromium with a fixed clock in another time zone: the items now and next in German and
Arabic, no request carrying the date, reload, share link, "Vergessen", the .ics file read back by
icalendar and vobject, axe-core with and without JavaScript.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject
from pypdf import PdfReader
from conftest import ROOT
from playwright.sync_api import expect

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Worked out by hand: day 1 of life is the birth date; months and years of life as the BGB counts
# (a month without the birth date's day ends on its last day, the next begins on the 1st); 4½. month
# = the end of the 4th + 15 days; the 41st week of pregnancy begins on the due date.
# check-up: (window first day, window last day, tolerance first day, tolerance last day)
CHECKUPS = {
    "2024-02-29": {  # leap day: its months and years end on 28 February where there is no 29th
        "u1": ("2024-02-29", "2024-02-29", None, None),
        "u2": ("2024-03-02", "2024-03-09", "2024-03-02", "2024-03-13"),
        "u3": ("2024-03-21", "2024-04-03", "2024-03-14", "2024-04-24"),
        "u4": ("2024-04-29", "2024-06-28", "2024-03-29", "2024-07-13"),
        "u5": ("2024-07-29", "2024-09-28", "2024-06-29", "2024-10-28"),
        "u6": ("2024-11-29", "2025-02-28", "2024-10-29", "2025-04-28"),
        "u7": ("2025-10-29", "2026-02-28", "2025-09-29", "2026-05-28"),
        "u7a": ("2026-11-29", "2027-02-28", "2026-10-29", "2027-04-28"),
        "u8": ("2027-11-29", "2028-02-28", "2027-08-29", "2028-04-28"),
        "u9": ("2029-01-29", "2029-06-28", "2028-11-29", "2029-08-28"),
        "schuleingangsuntersuchung": ("2029-03-01", "2030-02-28", None, None),
        "j1": ("2036-02-29", "2038-02-28", "2035-03-01", "2039-02-28"),
    },
    "2025-01-31": {  # the 31st: months without it end on their last day
        "u1": ("2025-01-31", "2025-01-31", None, None),
        "u2": ("2025-02-02", "2025-02-09", "2025-02-02", "2025-02-13"),
        "u3": ("2025-02-21", "2025-03-06", "2025-02-14", "2025-03-27"),
        "u4": ("2025-03-31", "2025-05-30", "2025-03-01", "2025-06-14"),
        "u5": ("2025-07-01", "2025-08-30", "2025-05-31", "2025-09-30"),
        "u6": ("2025-10-31", "2026-01-30", "2025-10-01", "2026-03-30"),
        "u7": ("2026-10-01", "2027-01-30", "2026-08-31", "2027-04-30"),
        "u7a": ("2027-10-31", "2028-01-30", "2027-10-01", "2028-03-30"),
        "u8": ("2028-10-31", "2029-01-30", "2028-07-31", "2029-03-30"),
        "u9": ("2029-12-31", "2030-05-30", "2029-10-31", "2030-07-30"),
        "schuleingangsuntersuchung": ("2030-01-31", "2031-01-30", None, None),
        "j1": ("2037-01-31", "2039-01-30", "2036-01-31", "2040-01-30"),
    },
    "2025-12-28": {  # near the end of a year: the first check-ups fall into the next
        "u1": ("2025-12-28", "2025-12-28", None, None),
        "u2": ("2025-12-30", "2026-01-06", "2025-12-30", "2026-01-10"),
        "u3": ("2026-01-18", "2026-01-31", "2026-01-11", "2026-02-21"),
        "u4": ("2026-02-28", "2026-04-27", "2026-01-28", "2026-05-12"),
        "u5": ("2026-05-28", "2026-07-27", "2026-04-28", "2026-08-27"),
        "u6": ("2026-09-28", "2026-12-27", "2026-08-28", "2027-02-27"),
        "u7": ("2027-08-28", "2027-12-27", "2027-07-28", "2028-03-27"),
        "u7a": ("2028-09-28", "2028-12-27", "2028-08-28", "2029-02-27"),
        "u8": ("2029-09-28", "2029-12-27", "2029-06-28", "2030-02-27"),
        "u9": ("2030-11-28", "2031-04-27", "2030-09-28", "2031-06-27"),
        "schuleingangsuntersuchung": ("2030-12-28", "2031-12-27", None, None),
        "j1": ("2037-12-28", "2039-12-27", "2036-12-28", "2040-12-27"),
    },
}
# 1 Woche, 3 und 6 Monate nach der Geburt (a month without the day: its last day)
DEADLINES = {
    "2024-02-29": {"geburt-anzeigen": "2024-03-07", "elterngeld": "2024-05-29", "kindergeld": "2024-08-29"},
    "2025-01-31": {"geburt-anzeigen": "2025-02-07", "elterngeld": "2025-04-30", "kindergeld": "2025-07-31"},
    "2025-12-28": {"geburt-anzeigen": "2026-01-04", "elterngeld": "2026-03-28", "kindergeld": "2026-06-28"},
}
# due date 1 September 2026 (the 41st week of pregnancy begins on it)
PREGNANCY = {
    "hebamme-suchen": ("2025-12-23", "2026-02-16", None),  # 5. bis 12. Schwangerschaftswoche
    "geburtsvorbereitung": ("2026-04-07", "2026-06-08", None),  # 20. bis 28.
    "mutterschutz": ("2026-07-21", "2026-07-27", None),  # 35.
    "elternzeit-anmelden": (None, None, "2026-07-14"),  # 7 Wochen vor dem Geburtstermin
}

# The browser's clock: 10 March 2026, 03:00 UTC, which is still 9 March in New York (the county's
# day is the 10th). A date read as local midnight would shift by a day there.
NOW = datetime.datetime(2026, 3, 10, 3, 0, tzinfo=datetime.timezone.utc)
BIRTH = "2026-03-01"
# for a child born on 1 March 2026, on 10 March 2026 (by hand from begleiter.yml):
NOW_ITEMS = ["krankenversicherung", "kindergeld", "elterngeld", "u2", "willkommensbesuch"]  # Geburt anzeigen: ended 8 March
NEXT_ITEMS = ["u3", "erste-impfungen", "u4", "u5", "kita-anmelden"]  # up to 10 September; U6 begins 1 December


def computed(sample_site, *children):
    result = subprocess.run(["node", str(ROOT / "tests/node/begleiter-daten.js"), str(sample_site / "begleiter/daten.json"),
                             *children], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("birth", CHECKUPS)
def test_checkup_windows_and_deadlines_for_a_birth_date_are_the_richtlinien(sample_site, birth):
    dates = computed(sample_site, f"geburt:{birth}")[f"geburt:{birth}"]
    checkups = {slug: (d["start"], d["end"], d["toleranceStart"], d["toleranceEnd"]) for slug, d in dates.items()
                if slug in CHECKUPS[birth] or slug.startswith(("u", "j"))}
    assert checkups == CHECKUPS[birth]
    assert {slug: d["deadline"] for slug, d in dates.items() if d["deadline"]} == DEADLINES[birth]
    assert not set(PREGNANCY) & set(dates)  # born: nothing before the birth


def test_weeks_of_pregnancy_and_deadlines_before_the_due_date(sample_site):
    dates = computed(sample_site, "termin:2026-09-01")["termin:2026-09-01"]
    assert {slug: (dates[slug]["start"], dates[slug]["end"], dates[slug]["deadline"]) for slug in PREGNANCY} == PREGNANCY
    assert (dates["u1"]["start"], dates["u2"]["start"], dates["u2"]["end"]) == ("2026-09-01", "2026-09-03", "2026-09-10")


# ---------------------------------------------------------------- in Chromium

@pytest.fixture
def new_context(browser):
    """A fresh browser context in New York with the clock fixed, every request and CSP violation logged."""
    made = []

    def make(**options):
        context = browser.new_context(timezone_id="America/New_York", accept_downloads=True, **options)
        context.requested = []
        context.on("request", lambda request: context.requested.append(request.url))
        context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                                "(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def open_page(context, url):
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(url)
    return page


def slugs(page, which):
    return page.eval_on_selector_all(f".mein-kind-{which} > li", "items => items.map(i => i.dataset.slug)")


def enter(page, date, town="", born=True):
    page.check("input[name=geboren][value=%s]" % ("geburt" if born else "termin"))
    page.fill("#mein-kind-datum", date)
    page.select_option("#mein-kind-ort", town)
    page.click(".mein-kind-form button[type=submit]")
    expect(page.locator(".mein-kind-ergebnis")).to_be_visible()


def stored(page):
    return page.evaluate("localStorage.getItem('begleiter')")


def assert_private(context, server):
    """No request leaves the site, none carries the date; the only data is the language's daten.json."""
    assert [u for u in context.requested if urlsplit(u).netloc != urlsplit(server).netloc] == []
    assert [u for u in context.requested if re.search(r"\d{4}-\d{2}-\d{2}|%2D|geburt=|termin=", u)] == []
    assert {urlsplit(u).path for u in context.requested if u.endswith(".json")} <= {
        f"{prefix}/{folder}/{name}.json" for prefix in ("", "/ar") for folder, name in (("begleiter", "daten"), ("merkliste", "angebote"))}
    assert context.cookies() == []


@pytest.mark.parametrize("prefix, month", [("", "März"), ("/ar", "مارس")])
def test_a_birth_date_shows_what_is_due_now_and_next_and_stays_on_the_device(new_context, server, prefix, month):
    context = new_context()
    page = open_page(context, f"{server}{prefix}/begleiter/")
    expect(page.locator(".mein-kind-js-hinweis")).to_be_hidden()
    expect(page.locator(".mein-kind-ergebnis")).to_be_hidden()
    enter(page, BIRTH, "coesfeld")
    assert slugs(page, "jetzt") == NOW_ITEMS
    assert slugs(page, "naechstes") == NEXT_ITEMS
    u2 = page.locator(".mein-kind-jetzt li[data-slug=u2]")
    expected = page.evaluate("""([lang]) => ['2026-03-03', '2026-03-10', '2026-03-14'].map(d =>
        new Intl.DateTimeFormat(lang, {year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC'}).format(new Date(d + 'T00:00:00Z')))""",
                             [prefix.strip("/") or "de"])
    for text in expected:
        expect(u2).to_contain_text(text)
    expect(u2).to_contain_text(month)
    if not prefix:
        expect(u2).to_contain_text("3. März 2026 bis 10. März 2026 (spätestens möglich bis 14. März 2026)")
        # the town's Standesamt is not due now; the Elterngeldstelle is the county's
        expect(page.locator(".mein-kind-jetzt li[data-slug=elterngeld]")).to_contain_text("Elterngeldstelle des Kreises Coesfeld")
    offers = slugs(page, "angebote")
    assert "pekip-kurs" in offers and "familienhebammen-fruehe-hilfen" in offers
    assert "jugendtreff-olfen" not in offers  # another town, another age
    assert all(page.eval_on_selector_all(".mein-kind-angebote a", f"links => links.map(a => a.pathname.startsWith('{prefix}/angebote/'))"))
    assert json.loads(stored(page)) == {"born": True, "date": BIRTH, "town": "coesfeld"}

    page.reload()
    expect(page.locator(".mein-kind-ergebnis")).to_be_visible()
    assert slugs(page, "jetzt") == NOW_ITEMS and page.input_value("#mein-kind-datum") == BIRTH

    link = page.input_value("#mein-kind-link")
    assert urlsplit(link).query == "" and urlsplit(link).fragment == f"geburt={BIRTH}&ort=coesfeld"
    elsewhere = new_context()
    shared = open_page(elsewhere, link)
    expect(shared.locator(".mein-kind-ergebnis")).to_be_visible()
    assert slugs(shared, "jetzt") == NOW_ITEMS and slugs(shared, "naechstes") == NEXT_ITEMS
    assert slugs(shared, "angebote") == offers
    expect(shared.locator(".mein-kind-geteilt")).to_be_visible()
    assert stored(shared) is None  # a shared link is shown, kept only when asked
    shared.click(".mein-kind-uebernehmen")
    assert json.loads(stored(shared))["date"] == BIRTH

    page.click(".mein-kind-vergessen")
    expect(page.locator(".mein-kind-ergebnis")).to_be_hidden()
    assert stored(page) is None and page.input_value("#mein-kind-datum") == ""
    page.reload()
    expect(page.locator(".mein-kind-ergebnis")).to_be_hidden()

    for each in (context, elsewhere):
        assert_private(each, server)
    for each in (page, shared):
        assert each.evaluate("window.__csp") == []


def test_a_late_checkup_says_until_when_it_is_still_possible_and_a_due_date_shows_pregnancy(new_context, server):
    context = new_context()
    page = open_page(context, f"{server}/begleiter/erste-wochen/")
    enter(page, "2026-02-25")  # U2: 27 February to 6 March, possible until 10 March (the 14th day)
    late = page.locator(".mein-kind-jetzt li[data-slug=u2] .mein-kind-spaet")
    expect(late).to_have_text("Der Zeitraum ist vorbei, die Untersuchung ist noch möglich bis 10. März 2026.")
    enter(page, "2026-09-01", born=False)
    assert slugs(page, "jetzt") == ["elternzeit-anmelden"]  # hebamme-suchen ended 16 February
    assert slugs(page, "naechstes")[:2] == ["geburtsvorbereitung", "mutterschutz"]
    assert {"u1", "u2", "geburt-anzeigen", "willkommensbesuch"} <= set(slugs(page, "naechstes"))
    assert "u3" not in slugs(page, "naechstes")  # from 22 September: after 10 September
    expect(page.locator(".mein-kind-schaetzung")).to_be_visible()
    assert_private(context, server)


def download(page):
    with page.expect_download() as info:
        page.click(".mein-kind-kalender")
    return info.value.path().read_bytes()


# check-ups not over on 10 March 2026 for a child born on 1 March 2026, and the deadlines ahead (by hand)
EVENTS = {
    "U2": ("2026-03-03", "2026-03-11"), "U3": ("2026-03-22", "2026-04-05"), "U4": ("2026-05-01", "2026-07-01"),
    "U5": ("2026-08-01", "2026-10-01"), "U6": ("2026-12-01", "2027-03-01"), "U7": ("2027-11-01", "2028-03-01"),
    "U7a": ("2028-12-01", "2029-03-01"), "U8": ("2029-12-01", "2030-03-01"), "U9": ("2031-02-01", "2031-07-01"),
    "Schuleingangsuntersuchung": ("2031-03-01", "2032-03-01"), "J1 – Jugendgesundheitsuntersuchung": ("2038-03-01", "2040-03-01"),
    "Frist: Kindergeld beantragen": ("2026-09-01", "2026-09-02"), "Frist: Elterngeld beantragen": ("2026-06-01", "2026-06-02"),
}


def test_the_calendar_file_made_in_the_browser_reads_back_in_icalendar_and_vobject(new_context, server):
    context = new_context()
    page = open_page(context, f"{server}/begleiter/")
    enter(page, BIRTH, "coesfeld")
    data = download(page)
    assert page.evaluate("window.__csp") == []  # the real CSP lets the Blob download through

    calendar = icalendar.Calendar.from_ical(data)
    assert "Netzwerk Chancengerechtigkeit" in str(calendar["PRODID"]) and str(calendar["VERSION"]) == "2.0"
    events = calendar.walk("VEVENT")
    found = {str(e["SUMMARY"]): (e["DTSTART"].dt.isoformat(), e["DTEND"].dt.isoformat()) for e in events}
    assert found == EVENTS
    for event in events:
        assert type(event["DTSTART"].dt) is datetime.date and event["DTSTART"].params["VALUE"] == "DATE"
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        before = datetime.timedelta(days=3 if str(event["SUMMARY"]).startswith("Frist") else 7)
        assert alarms[0]["TRIGGER"].dt == -before
        assert BIRTH not in str(event["UID"]) and "coesfeld" not in str(event["UID"]).casefold()
    kindergeld = next(e for e in events if "Kindergeld" in str(e["SUMMARY"]))
    assert "Familienkasse" in str(kindergeld["DESCRIPTION"])
    assert "14. März 2026" in str(next(e for e in events if str(e["SUMMARY"]) == "U2")["DESCRIPTION"])

    parsed = vobject.readOne(data.decode("utf-8"))
    second = {e.summary.value: (e.dtstart.value.isoformat(), e.dtend.value.isoformat()) for e in parsed.vevent_list}
    assert second == EVENTS
    assert all(len(e.valarm_list) == 1 and e.valarm.action.value == "DISPLAY" for e in parsed.vevent_list)
    assert all(type(e.dtstart.value) is datetime.date for e in parsed.vevent_list)

    # the same child again: the same UIDs (a calendar replaces the events instead of doubling them)
    again = icalendar.Calendar.from_ical(download(page))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert_private(context, server)


def test_the_arabic_calendar_file_reads_back_too(new_context, server):
    context = new_context()
    page = open_page(context, f"{server}/ar/begleiter/")
    enter(page, BIRTH)
    data = download(page)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == len(EVENTS)
    assert len(vobject.readOne(data.decode("utf-8")).vevent_list) == len(EVENTS)
    alarm = events[0].walk("VALARM")[0]
    assert str(alarm["DESCRIPTION"]).startswith(page.get_attribute("#mein-kind", "data-reminder").split("{")[0])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("url", ["/begleiter/", "/begleiter/2-bis-6-monate/", "/ar/begleiter/"])
def test_no_axe_violations_with_and_without_javascript(new_context, server, url, javascript):
    context = new_context(bypass_csp=True)  # axe is injected for the test only
    if not javascript:  # the page as it is without JavaScript: none of the site's scripts runs (axe is inlined)
        context.route("**/*.js", lambda route: route.abort())
    page = open_page(context, server + url)
    if javascript:
        enter(page, BIRTH, "coesfeld")
    else:
        expect(page.locator(".mein-kind-js-hinweis")).to_be_visible()
        expect(page.locator("#mein-kind")).to_be_hidden()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [f"{v['id']}: {v['help']} – {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]] == []


def test_the_filled_child_view_fits_320_pixels(new_context, server):
    context = new_context(viewport={"width": 320, "height": 640})
    for url in ("/begleiter/", "/ar/begleiter/1-bis-3-jahre/"):
        page = open_page(context, server + url)
        enter(page, BIRTH, "coesfeld")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_nu_html_checker_finds_no_errors_on_the_companions_pages(sample_site):
    java = shutil.which("java")
    assert java, "Java fehlt (make deps installiert default-jre-headless)"
    pages = [sample_site / "begleiter/index.html", sample_site / "begleiter/2-bis-6-monate/index.html",
             sample_site / "ar/begleiter/index.html"]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *map(str, pages)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[:5000]


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_merkliste_prints_the_childs_next_dates_where_this_device_keeps_them(new_context, server, prefix):
    context = new_context()
    page = open_page(context, f"{server}{prefix}/begleiter/")
    enter(page, BIRTH, "duelmen")
    sheet = open_page(context, f"{server}{prefix}/merkliste/#a=pekip-kurs.elterncafe-duelmen")
    expect(sheet.locator(".merkliste-eintrag h2").first).to_be_visible()
    expect(sheet.locator(".merkliste-termine")).to_be_visible()
    expect(sheet.locator(".merkliste-termine-blatt")).to_be_hidden()
    sheet.check("#termine-mitdrucken")
    expect(sheet.locator(".merkliste-termine-blatt li")).to_have_count(len(NOW_ITEMS) + len(NEXT_ITEMS))
    items = sheet.locator(".merkliste-termine-blatt li").all_inner_texts()
    data = json.loads(sheet.evaluate(f"fetch('{prefix}/begleiter/daten.json').then(r => r.text())"))
    titles = {m["slug"]: m["title"] for m in data["milestones"]}
    assert [item.split(":")[0] for item in items] == [titles[slug] for slug in NOW_ITEMS + NEXT_ITEMS]
    if not prefix:
        assert items[NOW_ITEMS.index("u2")] == "U2: 3. März 2026 bis 10. März 2026"
        assert items[NOW_ITEMS.index("kindergeld")] == "Kindergeld beantragen: bis 1. September 2026"
    # on paper, under the offers; the Merkliste's link does not carry the date
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(sheet.pdf(format="A4"))).pages)
    assert "U4" in text and (prefix or "Elterngeld beantragen: bis 1. Juni 2026" in text)  # (Arabic comes out in presentation forms)
    assert "2026-03-01" not in sheet.input_value("#teilen-link") and "geburt" not in sheet.input_value("#teilen-link")
    assert_private(context, server)
    # a device that keeps no child's date shows no such choice
    other = new_context()
    bare = open_page(other, f"{server}{prefix}/merkliste/#a=pekip-kurs")
    expect(bare.locator(".merkliste-eintrag h2").first).to_be_visible()
    expect(bare.locator(".merkliste-termine")).to_be_hidden()
