"""The search page on a phone (390×844, the `page` fixture), in Debian's Chromium: the count and the
first result on the first screen after a search from the header or the home page, the filters
behind one "Filter" disclosure with the active ones as removable chips, an age typed among the
words as the age filter, and a way on when nothing fits (walk-families.md, defects 1, 5 and 11)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.pofile import read_po
from conftest import OTHER_LANGUAGES, ROOT, read_page
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def params(page):
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).fragment).items()}


def translated(lang, german):
    """The interface text in a language (German as written for de)."""
    if lang == "de":
        return german
    po = ROOT / "theme" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    return read_po(po.open("rb"), locale=lang).get(german).string


def inside_the_screen(locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def loaded(page):
    """Waits until the search has drawn its answer (the count no longer says it is loading)."""
    expect(page.locator("#suchstatus")).not_to_be_empty()
    expect(page.locator("#suchstatus")).not_to_have_text(page.locator("#suchstatus").get_attribute("data-loading"))


@pytest.mark.parametrize("start, field, query", [
    ("/", "#suche", "Spielgruppe"),  # the home page's search
    ("/ar/", "#suche", "مجموعة لعب"),
    ("/angebote/pekip-kurs/", "#kopf-suche", "Hebamme"),  # the header's search
    ("/ar/angebote/pekip-kurs/", "#kopf-suche", "قابلة"),
])
def test_after_a_search_the_count_and_the_first_result_are_on_the_first_screen(page, server, start, field, query):
    assert page.viewport_size == PHONE
    page.goto(f"{server}{start}")
    page.fill(field, query)
    page.press(field, "Enter")
    first = page.locator("#treffer .offer-item h2").first
    expect(first).to_be_visible()
    assert urlsplit(page.url).path == ("/ar/suche/" if start.startswith("/ar/") else "/suche/")
    assert page.evaluate("window.scrollY") == 0
    assert inside_the_screen(page.locator("#suchstatus"))
    assert inside_the_screen(first)
    # a screen reader hears the count: the focus is on it
    expect(page.locator("#suchstatus")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "suchstatus"


def test_typing_keeps_the_focus_in_the_field_and_enter_moves_it_to_the_count(page, server):
    page.goto(f"{server}/suche/")
    loaded(page)
    page.locator("#q").press_sequentially("Hebamme")
    expect(page.locator("#treffer .offer-item")).to_have_count(2)
    expect(page.locator("#q")).to_be_focused()  # results as you type, the field keeps the focus
    page.press("#q", "Enter")
    expect(page.locator("#suchstatus")).to_be_focused()


def test_the_filter_button_opens_and_closes_the_filters_and_active_ones_are_chips(page, server):
    page.goto(f"{server}/suche/#q=Beratung")
    loaded(page)
    summary = page.locator("#filterbox > summary")
    expect(summary).to_have_text("Filter")
    expect(page.locator("#alter")).to_be_hidden()
    expect(page.locator("#aktive-filter")).to_be_hidden()
    summary.click()
    expect(page.locator("#alter")).to_be_visible()
    page.select_option("#alter", "3")
    page.check("#kostenlos")
    expect(page).to_have_url(f"{server}/suche/#q=Beratung&alter=3&kostenlos=1")
    chips = page.locator("#aktive-filter button")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_have_text("× Filter entfernen: 3 Jahre")
    expect(chips.nth(0)).to_have_accessible_name("Filter entfernen: 3 Jahre")
    expect(chips.nth(1)).to_have_accessible_name("Filter entfernen: nur kostenlose Angebote")
    expect(summary).to_have_text("Filter (2)")
    # the keyboard closes it: a <details>, a disclosure screen readers know
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#alter")).to_be_hidden()
    # the chips stay beside the count; one removed clears its filter and searches again
    before = page.locator("#suchstatus").text_content()
    chips.nth(0).click()
    expect(page).to_have_url(f"{server}/suche/#q=Beratung&kostenlos=1")
    assert page.locator("#alter").input_value() == ""
    expect(chips).to_have_count(1)
    expect(page.locator("#suchstatus")).not_to_have_text(before)
    expect(page.locator("#suchstatus")).to_be_focused()
    chips.first.click()
    expect(page).to_have_url(f"{server}/suche/#q=Beratung")
    assert not page.locator("#kostenlos").is_checked()
    expect(page.locator("#aktive-filter")).to_be_hidden()
    expect(summary).to_have_text("Filter")


def test_chips_speak_the_pages_language_and_sit_above_the_first_result(page, server):
    page.goto(f"{server}/ar/suche/#q=Beratung&ort=duelmen")
    loaded(page)
    chip = page.locator("#aktive-filter button")
    expect(chip).to_have_accessible_name(f"{translated('ar', 'Filter entfernen:')} Dülmen")
    expect(page.locator("#filterbox > summary")).to_have_text(f"{translated('ar', 'Filter')} (1)")
    assert inside_the_screen(chip) and inside_the_screen(page.locator("#treffer .offer-item h2").first)


def test_on_a_wide_screen_the_filters_stay_open(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/suche/#ort=olfen")
    loaded(page)
    expect(page.locator("#alter")).to_be_visible()
    expect(page.locator("#filterbox > summary")).to_be_hidden()
    expect(page.locator("#aktive-filter button")).to_have_accessible_name("Filter entfernen: Olfen")
    context.close()


def test_without_javascript_the_filters_are_open_as_before(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server}/suche/")
    for field in ["#q", "#alter", "#bereich", "#ort", "#kostenlos"]:
        expect(page.locator(field)).to_be_visible()
    expect(page.locator(".suche-js-hinweis")).to_be_visible()
    context.close()


# ---------------------------------------------------------------- an age among the words

AGE_QUERIES = {  # a word and a three-year-old, in each language
    "de": "Spielgruppe 3 Jahre",
    "en": "playgroup 3 years",
    "tr": "oyun grubu 3 yaş",
    "ar": "مجموعة لعب ٣ سنوات",
    "uk": "ігрова група 3 роки",
    "ru": "игровая группа 3 года",
}


def check_age_becomes_a_chip(page, server, lang, query):
    """The home page's search with an age among the words lands on the search page with the age
    select at that age, the words without it, and the age as a chip in the page's language."""
    prefix = "" if lang == "de" else f"{lang}/"
    page.goto(f"{server}/{prefix}")
    page.fill("#suche", query)
    page.press("#suche", "Enter")
    loaded(page)
    expect(page.locator("#alter")).to_have_value("3")
    assert params(page).get("alter") == "3"
    words = page.locator("#q").input_value()
    assert "3" not in words and "٣" not in words and words == params(page).get("q", "")
    label = page.locator("#alter option[value='3']").text_content().strip()
    chip = page.locator("#aktive-filter button")
    expect(chip).to_have_count(1)
    expect(chip).to_have_accessible_name(f"{translated(lang, 'Filter entfernen:')} {label}")
    expect(page.locator("#suchstatus")).to_be_focused()
    chip.click()
    expect(page.locator("#alter")).to_have_value("")
    assert "alter" not in params(page)
    # the same typed into the search page's own field and sent with Enter
    page.fill("#q", query)
    page.press("#q", "Enter")
    expect(page.locator("#alter")).to_have_value("3")
    expect(page.locator("#q")).to_have_value(words)
    expect(chip).to_have_accessible_name(f"{translated(lang, 'Filter entfernen:')} {label}")
    expect(page.locator("#suchstatus")).to_be_focused()


@pytest.mark.parametrize("lang", ["de", *OTHER_LANGUAGES])
def test_an_age_among_the_words_becomes_the_age_filter(page, server, lang):
    check_age_becomes_a_chip(page, server, lang, AGE_QUERIES[lang])


# ---------------------------------------------------------------- nothing fits

@pytest.mark.parametrize("lang", ["de", "ar"])
def test_when_nothing_fits_the_page_offers_the_areas_and_ages(page, server, sample_site, lang):
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(f"{server}{prefix}/suche/#q=xqzvwk")
    loaded(page)
    expect(page.locator("#suchstatus")).to_have_text(translated(lang, "Kein Angebot gefunden."))
    expect(page.locator("#treffer .offer-item")).to_have_count(0)
    tips = page.locator("#suchtipps")
    expect(tips).to_be_visible()
    expect(page.locator("#suchtipps-woerter")).to_be_visible()
    expect(page.locator("#suchtipps-woerter")).to_contain_text(translated(lang, "Zu diesen Wörtern kennt die Suche kein Angebot. Versuchen Sie ein anderes oder kürzeres Wort, auch auf Deutsch, oder suchen Sie ohne Suchwort nach dem Alter Ihres Kindes, dem Lebensbereich oder Ihrem Ort:"))
    home = read_page(sample_site, f"{prefix.strip('/')}/".lstrip("/"))
    for kind, heading in [("bereiche", "Angebote nach Lebensbereich"), ("alter", "Angebote nach Alter")]:
        expect(tips.get_by_role("heading", name=translated(lang, heading))).to_be_visible()
        links = tips.locator(f"a[href^='{prefix}/{kind}/']")
        hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        tiles = {a["href"]: a.contents[0].strip() for a in home.select(f".tiles a[href^='{prefix}/{kind}/']")}
        # every area and age band that has offers, each its page in this language, with its name
        assert len(hrefs) >= 4 and set(hrefs) <= set(tiles)
        assert all((sample_site / href.lstrip("/") / "index.html").exists() for href in hrefs)
        assert links.all_text_contents() == [tiles[href] for href in hrefs]
        expect(links.first).to_be_visible()


def test_when_filters_leave_nothing_the_links_come_without_the_words_advice(page, server):
    page.goto(f"{server}/suche/#q=Seepferdchen&ort=rosendahl")
    loaded(page)
    expect(page.locator("#suchhinweis button")).to_have_count(1)  # the filter to drop, as before
    expect(page.locator("#suchtipps")).to_be_visible()
    expect(page.locator("#suchtipps-woerter")).to_be_hidden()  # the word was found: no advice on words
    expect(page.locator("#suchtipps a[href^='/bereiche/']").first).to_be_visible()


def test_results_hide_the_ways_on(page, server):
    page.goto(f"{server}/suche/#q=Hebamme")
    loaded(page)
    expect(page.locator("#treffer .offer-item").first).to_be_visible()
    expect(page.locator("#suchtipps")).to_be_hidden()


# ---------------------------------------------------------------- the notice "not all the words"

def test_the_any_word_notice_stays_where_no_offer_has_all_the_words(page, server):
    page.goto(f"{server}/suche/#q=Hebamme Schwimmkurs")
    loaded(page)
    expect(page.locator("#suchstatus")).to_contain_text("Kein Angebot enthält alle Wörter")


def test_the_any_word_notice_goes_where_the_first_title_holds_every_word(page, server):
    """The core finds the Arabic 'مرافقة' (accompanying) only where it stands alone, not inside
    the first title's 'لمرافقة'; that title holds both words as the row marks them: no notice."""
    page.goto(f"{server}/ar/suche/#q=Rucksack مرافقة")
    loaded(page)
    expect(page.locator("#treffer .offer-item h2 a").first).to_contain_text("Rucksack")
    expect(page.locator("#treffer .offer-item h2 a").first.locator("mark")).to_have_count(2)
    expect(page.locator("#suchstatus")).not_to_contain_text(translated("ar", "Kein Angebot enthält alle Wörter; gezeigt werden Angebote mit einem der Wörter."))
