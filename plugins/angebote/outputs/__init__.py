"""The directory's outputs, one module each, in the order their pages are written (the sitemap
lists them in this order) and their data files declared.

An output module reads the :class:`~..build.Build` it is given and nothing else (no Pelican, no
other output); it renders nothing itself. It provides any of these (none is required):

* ``pages(build, speech)``: the :class:`~..build.Page` items it declares in one language (pure:
  speech gives the language's words where a page's context needs them, e.g. to sort by them);
* ``files(build, speech)``: the data files of one language, written through ``build.files``;
* ``finish(build, speak)``: the data files of all languages (``speak(language)`` gives a language's
  words, with each offer's phrases);
* ``own_page(build, speech, item)``: the page that is an offer's or a provider's own, if the output
  declares one (make dev writes those of what changed before anything else);
* ``offline(build, language)``: the paths (relative to the site's root, under the language's prefix
  where they have one; a page as its folder, "ar/suche/") that "Für offline speichern" keeps of one
  :class:`~..build.Language`; what those pages load (scripts, styles, images, the JSON files named in
  ``data-…`` attributes) is added from the pages as written (:mod:`.offline`);
* ``after(build)``: what reads the record of every page written (the offline worker, the sitemap: last);
* ``check(build)``: settings it refuses (ValueError, a German message), before anything is written;
* ``template_globals(build)``: values every template sees;
* ``HELPERS``: functions its templates call, ``name -> f(build, speech, …)``;
* ``ROWS``: snippets every list repeats, ``name -> (template, the name of its item)``;
* ``COST``: how large its data files are, to hand the largest out first.

How they are rendered (once for all languages, in which process) is :mod:`..render`'s business.
"""

from . import (booklet, calendars, companion, content_pages, contacts, coverage, facets, form, handout, home, map,
               offers, offline, open_data, programmes, search, sitemap, spreadsheet)

OUTPUTS = (
    home,
    offers,
    facets,
    programmes,
    companion,
    contacts,
    search,
    form,
    coverage,
    handout,
    open_data,
    spreadsheet,
    booklet,
    map,
    content_pages,
    calendars,
    offline,  # after the others: it reads the pages they wrote
    sitemap,  # last: it lists the pages all the others declared
)
