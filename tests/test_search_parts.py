"""The search's files split into parts (search/chunks.py): at a thousand offers the browser's search
over the parts is lunr.py's own, and an offer that changes changes only the parts that hold it."""

from __future__ import annotations

import itertools
import json

from conftest import ROOT, TODAY, VALID_PROVIDER, offer, run_build, write_data
from search_reference import build_index, expand, in_node, load_index, lunr_form, read_docs, search

from angebote.read.offers import load_directory
from angebote.read.taxonomy import load_taxonomy
from angebote.search.chunks import FOLDER, names_in
from angebote.search.index import js_order, lists_needing_words, search_records

NODE_MODULES = str(ROOT / "node_modules")
SLUG = "angebot-42"  # the offer that changes
WORD_ENDINGS = ["alpha", "berg", "dorf", "feld", "haus", "kamp", "land", "mark", "stein", "weg", "zell"]
QUERIES = ["Beratung", "be", "ber", "bera", "berat", "Kinder", "Kinder Beratung", "Hebame", "Sprachkurs", "kostenlos",
           "Bewerbung Praktikum", "Eltern Hebamme Kurs", "Unterstützung", "Unterstutzung", "Freizeitsport", "xqzvbnmw",
           "Integrationskursbegleitung", "Ausbildungsberatng", "Begleitungsgruppenwoche", "d", "Träger", "Coesfeld"]


def test_at_a_thousand_offers_the_parts_are_lunrs_own_index_and_the_browser_finds_what_python_finds(synthetic_site, tmp_path):
    entry_file = synthetic_site / "suche" / "index.json"
    taxonomy = load_taxonomy(ROOT / "taxonomie.yml")
    directory = load_directory(synthetic_site.parent / "angebote", taxonomy, today=TODAY)
    assert len(directory.offers) == 1000
    assert lunr_form(expand(entry_file)) == lunr_form(build_index(search_records(directory.offers), NODE_MODULES))
    browser = in_node(entry_file, tmp_path, queries=QUERIES, fresh=True)  # each on a new index, as on a page just opened
    index = load_index(entry_file)
    assert {query: search(index, query, NODE_MODULES) for query in QUERIES} == browser["results"]
    assert len(browser["results"]["Beratung"]) > 100 and browser["results"]["xqzvbnmw"] == []
    # a word loads the parts where its terms (and those the thesaurus gives for it) begin, not the
    # index (a word with a wrong letter loads the dictionary, then its postings)
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    index_bytes = sum((synthetic_site / FOLDER / f"{name}.json").stat().st_size
                      for name in [name for _, name in entry["words"]] + entry["postings"]["names"])
    assert browser["parts"]["Kinder"] <= 2 and browser["bytes"]["Beratung"] < index_bytes / 5
    assert max(browser["bytes"].values()) < index_bytes / 2


def test_an_offer_that_changes_changes_the_parts_that_hold_it_and_the_entry_file(tmp_path):
    """80 offers, each with words of its own (so that an offer's terms lie in few parts), built; one
    offer's summary and description changed (their lengths too, and words new to the index), built
    again: every part that is new, and every part that is gone, holds that offer (its row, one of
    its terms or one of its postings) or the place of a term it gained; the others stay, by name
    and bytes; the entry changes."""
    files = {"t/traeger.yml": VALID_PROVIDER}
    for number in range(80):
        words = " ".join(f"w{number:02d}{suffix}" for suffix in WORD_ENDINGS)
        files[f"t/angebot-{number}.md"] = offer(title=f"Angebot w{number:02d}", summary=f"Für Eltern, {words[:60]}").replace(
            "Beschreibung des Treffs.", f"Beschreibung: {words}.")
    data = write_data(tmp_path / "angebote", files)
    sites = [tmp_path / "vorher", tmp_path / "nachher"]
    assert run_build(data, sites[0], 'ANGEBOTE_LANGUAGES=["de"]').returncode == 0
    changed = data / "t" / f"{SLUG}.md"
    text = changed.read_text(encoding="utf-8")
    text = text.replace("summary: ", "summary: w42neu am Abend, ", 1).replace("Beschreibung: ", "Beschreibung: w42zusatz w42wort. ")
    changed.write_text(text, encoding="utf-8")
    assert run_build(data, sites[1], 'ANGEBOTE_LANGUAGES=["de"]').returncode == 0

    def parts(site):
        entry_file = site / "suche" / "index.json"
        return entry_file, {name: (site / FOLDER / f"{name}.json").read_bytes() for name in names_in(json.loads(entry_file.read_text(encoding="utf-8")))}

    def holds(site, name, content):
        ref = next(i for i, doc in enumerate(read_docs(site / "suche" / "index.json")) if doc["u"] == SLUG)
        value = json.loads(content)
        if name.startswith("d"):
            return SLUG in [row[value["keys"].index("u")] for row in value["rows"]]
        if name.startswith("w"):
            return bool(offer_terms(site) & set(value))
        if name.startswith("p"):
            return any(ref in docs_of(flat) for flat in value["p"])
        return False  # a filter's values: the change touched no filter

    (before_entry, before), (after_entry, after) = parts(sites[0]), parts(sites[1])
    new = set(after) - set(before)
    gone = set(before) - set(after)
    assert new and gone and len(set(before) & set(after)) >= 8  # (its terms are in most postings parts at this size)
    assert [name for name in sorted(new) if not holds(sites[1], name, after[name])] == []
    # a part that is gone held the offer, or holds the place of a term the offer gained (a term it
    # did not have, and maybe no offer had: then the dictionary's part has it too)
    gained = offer_terms(sites[1]) - offer_terms(sites[0])
    assert gained
    assert [name for name in sorted(gone) if not holds(sites[0], name, before[name])
            and not any(first <= js_order(term) < end for term in gained for first, end in [term_range(sites[0], name)])] == []
    assert {name[0] for name in new} == {"d", "p", "w"}  # its row, its postings, and the words new to the index
    assert before_entry.read_bytes() != after_entry.read_bytes()
    # what was written before and stays named so is the same: only new names are new files
    assert all(before[name] == after[name] for name in set(before) & set(after))
    # the build removed the parts no page names any more (it wrote into a folder of its own here,
    # so the same build into the previous site must leave the same folder)
    assert {p.stem for p in (sites[1] / FOLDER).iterdir()} == set(after)


def offer_terms(site, slug: str = SLUG) -> set[str]:
    entry_file = site / "suche" / "index.json"
    ref = str(next(i for i, doc in enumerate(read_docs(entry_file)) if doc["u"] == slug))
    return {term for term, posting in expand(entry_file)["invertedIndex"]
            if any(ref in docs for field, docs in posting.items() if field != "_index")}


def term_range(site, name: str) -> tuple[bytes, bytes]:
    """The place of a postings part in the dictionary: its first term, and the next part's (or the
    end), in JavaScript's order."""
    entry = json.loads((site / "suche" / "index.json").read_text(encoding="utf-8"))
    terms = [term for term, _ in expand(site / "suche" / "index.json")["invertedIndex"]]
    starts = list(itertools.accumulate(entry["postings"]["starts"]))
    i = entry["postings"]["names"].index(name)
    return js_order(terms[starts[i]]), js_order(terms[starts[i + 1]]) if i + 1 < len(starts) else b"\xff" * 64


def docs_of(flat: list[int]) -> set[int]:
    """The documents of one term's postings ([field, count, then gap, tf, length per document, …])."""
    found, i = set(), 0
    while i < len(flat):
        count, doc, i = flat[i + 1], 0, i + 2
        for _ in range(count):
            doc += flat[i]
            found.add(doc)
            i += 3
    return found


def test_a_thesaurus_list_wants_the_dictionary_where_a_term_of_it_will_be_tried_with_a_wrong_letter():
    """lists_needing_words: a list with a term of 5 to 40 letters that no term of the index starts
    with (suche-kern.js tries it with a wrong letter, which needs every term) wants the dictionary
    with a query's first parts; a list whose terms all start some term, or are shorter, does not."""
    terms = sorted(["beratung", "beratungsstell", "hebamm", "kita", "zz"], key=js_order)
    lists = [[["beratung"]], [["berat"], ["heb"]], [["hebamme"]], [["kit", "x"]], [["schuldnerberat"]],
             [["beratung"], ["familienhilf", "kita"]], [["a" * 41]]]
    assert lists_needing_words(lists, terms) == [2, 4, 5]
    assert lists_needing_words(lists, []) == [0, 1, 2, 4, 5]
