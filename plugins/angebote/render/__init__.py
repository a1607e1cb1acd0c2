"""The one door to the speed machinery: :func:`run` writes every output of a build.

An output (:mod:`..outputs`) declares its pages and writes its data files; how they are rendered is
decided here, and nowhere else:

* which pages are rendered once for all languages and filled in per language (:mod:`.once`,
  ``RENDERED_ONCE``), and which by Jinja in each language (with ANGEBOTE_RENDER_ONCE=false: all);
* the languages' shares, each rendered by a forked process (ANGEBOTE_RENDER_PROCESSES, by
  default one per core), each writing its own languages' files;
* the data files (the outputs' ``files`` and ``finish``), numbered tasks that a second process
  takes in turns beside the pages, and this one too once it has rendered the pages for all
  languages (:class:`..workers.Turns`);
* the cycle collector in each phase (:func:`..workers.collecting`);
* make dev's updates (:class:`Dev`): only the pages that show what changed, the changed offers'
  own pages first, the data files left to the second process.

Every way gives the same bytes: tests/test_build.py compares rendering once with rendering per
language, one process with several; tests/test_preview.py an update with a full build.
"""

from __future__ import annotations

import functools
import os
from contextlib import nullcontext
from dataclasses import dataclass

from markupsafe import Markup

from ..build import Build, BuildFailed, Language, Page, token
from ..folders import write_file
from ..settings import setting
from ..templating import plain_phrase, set_language
from ..workers import ChildFailed, Turns, beside, can_fork, collecting, cores, in_child
from .once import CONTEXT_VALUES, RENDERED_ONCE, MarkedSpeech, NotNeutral, Words, failure, filled_in, rendering_once, split
from .plain import Phrases, Speech


@dataclass
class Dev:
    """make dev's wishes for the next build or update (preview.py sets them)."""

    written: object = None  # called with each page's URL path as it is written
    first: object = None  # called with the URL paths of the changed offers' own pages once written
    keep_data_worker: bool = False  # leave the data files' worker running (finish_data waits for it)
    finish_data: object = None
    processes: int | None = None  # render processes (1 after the first build: it counts what it renders)


def run(build: Build, outputs, dev: Dev | None = None) -> None:
    """Every output's pages in every language, its data files, and last what reads the record."""
    _Renderer(build, outputs, dev).run()


def tokens(shows) -> frozenset[str] | None:
    return None if shows is None else frozenset(token(item) for item in shows)


def language_shares(languages: list, processes: int) -> list[list]:
    """The languages dealt out to at most ``processes`` shares, round robin (none empty)."""
    count = max(1, min(processes, len(languages)))
    return [languages[start::count] for start in range(count)]


class _Renderer:
    def __init__(self, build: Build, outputs, dev: Dev | None):
        self.build, self.outputs, self.dev = build, outputs, dev
        self.env = build.env
        self.files = build.files
        self.theme = build.theme
        self.content_lang = setting(build.settings, "ANGEBOTE_CONTENT_LANG")
        self.once = len(build.languages) > 1 and bool(setting(build.settings, "ANGEBOTE_RENDER_ONCE"))
        self.one_off = dev is None
        self.changed = build.changed
        self.previous_shows = build.previous.shows if build.previous is not None and self.changed is not None else {}
        self.helpers = {name: helper for output in outputs for name, helper in getattr(output, "HELPERS", {}).items()}
        self.rows = {name: row for output in outputs for name, row in getattr(output, "ROWS", {}).items()}
        self.names = {id(output): output.__name__.rsplit(".", 1)[-1] for output in outputs}
        self.words = Words()  # the marks of the pages rendered once, and their words
        self.neutral_pages: dict[str, str] = {}  # path -> a page rendered once for all languages
        self.neutral_rows: dict[str, dict] = {}  # template -> its rows rendered so
        self.templates: set[str] = set()  # the templates of every page, as the pass for all languages saw them
        self.first_pages: set[tuple[str, str]] = set()  # make dev: (path, language) written first
        self.speech: Speech | None = None  # the language being written
        self.context: dict = {}  # its context
        self.filled_together = None  # [(prefix, each mark's value)]: the languages filled in at once
        self.declared: dict[str, list[Page]] = {}  # make dev: each language's pages, declared once
        self.phrase_basis = None
        self.phrases: dict[str, Phrases] = {}  # language -> each offer's phrases, made once in each process

    # ------------------------------------------------------------ the order of things

    def run(self) -> None:
        build = self.build
        with collecting("writing", self.one_off):
            if self.one_off:
                build.views.complete()  # once here, before the forks, not in each process
            tasks = self._data_tasks()
            turns = Turns(len(tasks))
            finish = beside(functools.partial(self._take_beside, tasks, turns, os.getpid()), collect=False)
            try:
                if self.changed and self.dev.first:
                    self.dev.first(self._write_changed_first())
                self._render_once()
                self._write_languages()
                if not (self.dev and self.dev.keep_data_worker):
                    self._take(tasks, turns)  # those the other process has not taken
            finally:
                turns.close()
                self.neutral_pages, self.neutral_rows = {}, {}
                self._use(build.first_language)
                if self.dev and self.dev.keep_data_worker:
                    # (what reads the record of every file, the sitemap and the offline worker's
                    # manifest with each file's hash, waits for the data files too)
                    self.dev.finish_data = lambda: (self._received(finish), self._after())
                else:
                    self._received(finish)
        if not (self.dev and self.dev.keep_data_worker):
            self._after()

    def _after(self) -> None:
        """The outputs that read what every other one wrote (``after``), last."""
        for output in self.outputs:
            after = getattr(output, "after", None)
            if after is not None:
                with self.files.writing_for(self.names[id(output)]):
                    after(self.build)

    def _received(self, finish) -> None:
        """The data files' worker's claims, once it is done."""
        try:
            claims = finish()
        except ChildFailed:
            raise BuildFailed("Suchindex, Visitenkarten und offene Daten konnten nicht geschrieben werden (Meldung siehe oben).") from None
        self.files.take(claims)

    # ------------------------------------------------------------ languages

    def _speech(self, language: Language) -> Speech:
        return Speech(language, self.theme, self.content_lang, phrases=functools.partial(self._phrases_in, language.code))

    def _use(self, language: Language) -> None:
        """Write the next pages in this language: the environment, the context, the marks' words."""
        set_language(self.env, language.code, self.theme, self.content_lang)
        self.speech = self._speech(language)
        self.context = self._language_context(self.speech, language.prefix)
        context = self.context
        self.words.start(self.env, lambda: self.build.template("base").new_context(context))

    def _language_context(self, speech, prefix: str) -> dict:
        """Every page's context in a language: the build's, the language's address and prefix, the
        outputs' helpers speaking it."""
        context = dict(self.build.context)
        context["SITEURL"] = self.build.settings["SITEURL"] + ("/" + prefix.rstrip("/") if prefix else "")
        context["LANGUAGE_PREFIX"] = prefix
        for name, helper in self.helpers.items():
            context[name] = functools.partial(helper, self.build, speech)
        return context

    def _with_rows(self, context: dict, neutral_pass: bool) -> dict:
        for name, (template_name, item_name) in self.rows.items():
            context[name] = self._row(template_name, item_name, context, neutral_pass)
        return context

    def _row(self, template_name: str, name: str, context: dict, neutral_pass: bool):
        """A template function that renders a snippet once per object (and arguments), then reuses it:
        in the pass for all languages once for all; then in each language filled in from that."""
        template = self.build.template(template_name)
        neutral = self.neutral_rows.setdefault(template_name, {})
        rendered = neutral if neutral_pass else {}

        def render(item, *args) -> Markup:
            key = (id(item), *args)
            if key not in rendered:
                if rendered is not neutral and key in neutral:
                    rendered[key] = Markup(self._fill(neutral[key]))
                else:
                    rendered[key] = Markup(template.render({**context, name: item, "args": args}))
            return rendered[key]

        return render

    def _pages(self, speech: Speech) -> list[tuple[object, Page]]:
        """(output, page) of every output's pages in a language, in the outputs' order."""
        declared = self.declared.get(speech.code) if self.dev else None
        if declared is None:
            declared = [(output, page) for output in self.outputs if hasattr(output, "pages")
                        for page in output.pages(self.build, speech)]
            if self.dev:
                self.declared[speech.code] = declared
        return declared

    # ------------------------------------------------------------ the pass for all languages

    def _render_once(self) -> None:
        """The pages of RENDERED_ONCE (and their rows) once for all languages, with a mark for each
        word that differs between languages (once.py); _write fills them in per language."""
        if not self.once:
            return
        build = self.build
        first = build.first_language
        self._use(first)  # for what the pages' declarations ask besides the templates
        marked = MarkedSpeech(self.words, lambda: self.speech, self.theme, [lang.code for lang in build.languages])
        try:
            with collecting("rendering once"), rendering_once(self.env, self.words):
                context = self._language_context(marked, "")
                context.update({name: self.words.mark("value", name) for name in CONTEXT_VALUES})
                self._with_rows(context, neutral_pass=True)
                for output, page in self._pages(self.speech):
                    self.templates.add(page.template)
                    if page.template in RENDERED_ONCE and not self._unchanged(page, first.code):
                        where = context["LANGUAGE_PREFIX"] + page.path
                        self.neutral_pages[page.path] = self.build.template(page.template).render(
                            self._page_context(context, page, where))
        except NotNeutral as error:
            raise failure(error) from None

    @staticmethod
    def _page_context(context: dict, page: Page, where: str) -> dict:
        """What a page's template sees (as Pelican's writer gives it: output_file, url)."""
        return {**context, "output_file": where + "index.html", "url": where,
                "page_url": page.path if page.page_url is None else page.page_url, "page_path": where, **page.context}

    # ------------------------------------------------------------ each language

    def _write_languages(self) -> None:
        """Every language's pages, in shares of languages rendered side by side: this process
        renders the first share, forked children the others, each writing its own languages' files.
        The record is put together in language order, so the output is the same however many
        processes wrote it."""
        build = self.build
        count = (self.dev.processes if self.dev else None) or setting(build.settings, "ANGEBOTE_RENDER_PROCESSES") or cores()
        if not can_fork():
            count = 1
        shares = language_shares(build.languages, count)
        if len(shares) > 1:
            self._compile_templates()  # once here, not again in each process
        children = [in_child(functools.partial(self._write_share, share, True)) for share in shares[1:]]
        entries: dict[str, list] = {}
        failed = False
        try:
            entries.update(self._write_share(shares[0], False)[0])
        finally:
            for child in children:  # waits for every child, also when this process failed
                try:
                    written, claims = child()
                except ChildFailed:
                    failed = True
                    continue
                entries.update(written)
                self.files.take(claims)
        if failed:
            raise BuildFailed("Seiten konnten nicht geschrieben werden (Meldung siehe oben).")
        for language in build.languages:
            for path, lastmod, listed in entries[language.code]:
                self.files.page(path, language.code, lastmod, listed)

    def _compile_templates(self) -> None:
        """The templates of the pages the pass for all languages saw (all of them) and the theme's
        partials, compiled here once rather than again in each language's process."""
        for name in sorted(self.templates - {None}):
            self.build.template(name)
        for name in self.env.list_templates(filter_func=lambda name: name.startswith("_") and name.endswith(".html")):
            self.env.get_template(name)

    def _write_share(self, share: list[Language], child: bool) -> tuple[dict, dict]:
        """The pages of some languages; returns each language's record entries (path, lastmod, listed), and
        (in a child) the files it claimed."""
        if child:
            self.files.claims = {}
        entries = {}
        with collecting("filling in") if self.once else nullcontext():
            try:
                if self.once and len(share) > 1 and self.changed is None and not (self.dev and self.dev.written):
                    self.filled_together = self._every_value(share)
                for language in share:
                    self._use(language)
                    self._with_rows(self.context, neutral_pass=False)
                    entries[language.code] = self._write_pages()
            finally:
                self.filled_together = None
        return entries, self.files.claims

    def _every_value(self, share) -> list[tuple[str, dict[str, str]]]:
        """(prefix, each mark's value) in each language of the share: a full build fills each page
        rendered once in all of them at once, cut at its marks once rather than once per language."""
        values = []
        for language in share:
            self._use(language)
            values.append((language.prefix, self.words.every_value()))
        return values

    def _write_pages(self) -> list[tuple[str, object, bool]]:
        speech = self.speech
        code, prefix = speech.code, speech.prefix
        first = code == self.build.first_language.code
        record = []
        for output, page in self._pages(speech):
            record.append((page.path, page.lastmod, page.listed))
            if page.template is None:
                continue  # a page Pelican writes itself
            shows = tokens(page.shows) if self.dev is not None else None  # only make dev looks at them
            if first:
                self.build.shows[page.path] = shows
            if self._unchanged(page, code, shows):
                continue
            where = prefix + page.path
            if self.dev and self.dev.written:
                self.dev.written(where)
            name = self.names[id(output)]
            neutral = self.neutral_pages.get(page.path)
            if neutral is None:
                self._write_file(where, name, self.build.template(page.template).render(self._page_context(self.context, page, where)))
            elif self.filled_together is None:
                self._write_file(where, name, self._fill(neutral))
            elif prefix == self.filled_together[0][0]:  # the first language writes the page in all of them
                try:
                    parts = split(neutral)
                    for each_prefix, values in self.filled_together:
                        self._write_file(each_prefix + page.path, name, filled_in(parts, values))
                except NotNeutral as error:
                    raise failure(error) from None
        return record

    def _write_file(self, where: str, output: str, text: str) -> None:
        write_file(self.files.place(where + "index.html", output), text.encode("utf-8"))

    def _fill(self, text: str) -> str:
        try:
            return self.words.fill(text)
        except NotNeutral as error:
            raise failure(error) from None

    def _unchanged(self, page: Page, code: str, shows=None) -> bool:
        """make dev: whether the page need not be written again: it shows nothing that changed, now
        or before (or it was written just before, _write_changed_first)."""
        if self.changed is None:
            return False
        if shows is None:
            shows = tokens(page.shows)
        before = self.previous_shows.get(page.path)  # None: new, or it showed everything
        if shows is not None and before is not None and not self.changed & (shows | before):
            return True
        return (page.path, code) in self.first_pages

    def _write_changed_first(self) -> list[str]:
        """make dev: the changed offers' and providers' own pages in every language (the outputs'
        own_page), before the pages that list them (which the editor is not looking at); returns the
        files' URL paths."""
        directory = self.build.directory
        changed = [item for item in (*directory.offers, *directory.providers) if token(item) in self.changed]
        first, paths = set(), []
        for language in self.build.languages:
            self._use(language)
            self._with_rows(self.context, neutral_pass=False)
            for output, page in ((output, output.own_page(self.build, self.speech, item))
                                 for output in self.outputs if hasattr(output, "own_page") for item in changed):
                if page is None:
                    continue
                where = language.prefix + page.path
                if self.dev.written:
                    self.dev.written(where)
                self._write_file(where, self.names[id(output)],
                                 self.build.template(page.template).render(self._page_context(self.context, page, where)))
                first.add((page.path, language.code))
                paths.append(where)
        self.first_pages = first
        return paths

    # ------------------------------------------------------------ data files

    def _data_tasks(self) -> list:
        """The outputs' data files in parts that either process may write, the largest first (by the
        outputs' COST: 0 for a few small files, 1 for a language's files): each output's finish, and
        each language's files of every output."""
        tasks = []
        for output in self.outputs:
            finish = getattr(output, "finish", None)
            if finish is not None:
                tasks.append((getattr(output, "COST", 0), len(tasks), functools.partial(self._finish, output)))
        with_files = [output for output in self.outputs if hasattr(output, "files")]
        if with_files:
            for language in self.build.languages:  # a language's files together: they share its phrases
                tasks.append((1, len(tasks), functools.partial(self._language_files, with_files, language)))
        return [task for _, _, task in sorted(tasks, key=lambda t: (-t[0], t[1]))]

    def _take(self, tasks: list, turns: Turns) -> None:
        """The data tasks that this process takes in turn with the other."""
        for number in turns:
            tasks[number]()

    def _take_beside(self, tasks: list, turns: Turns, main: int) -> dict:
        """_take in the second process; the files it claimed (none where it ran in this one)."""
        before = set(self.files.claims)
        self._take(tasks, turns)
        if os.getpid() == main:
            return {}
        return {path: output for path, output in self.files.claims.items() if path not in before}

    def _finish(self, output) -> None:
        with self.files.writing_for(self.names[id(output)]):
            output.finish(self.build, self._speech)

    def _language_files(self, outputs, language: Language) -> None:
        speech = self._speech(language)
        for output in outputs:
            with self.files.writing_for(self.names[id(output)]):
                output.files(self.build, speech)

    def _phrases_in(self, code: str) -> Phrases:
        if code not in self.phrases:
            self.phrases[code] = self._phrases(code)
        return self.phrases[code]

    def _phrases(self, code: str) -> Phrases:
        """Each offer's ages, towns and vouchers in words, in language code: rendered once with marks
        and filled in per language, or else rendered in each language."""
        words, phrases = self._basis()
        offers = self.build.directory.offers
        set_language(self.env, code, self.theme, self.content_lang)
        if words is None:
            # a fresh module: a template's cached module keeps the texts of its first language
            phrases = self._macro_phrases(offers)
        else:
            context = dict(self.build.context)
            words.start(self.env, lambda: self.build.template("_macros").new_context(context))
        # each phrase once: many offers have the same
        filled = functools.lru_cache(maxsize=None)(lambda phrase: Markup(words.fill(phrase) if words is not None else phrase))
        return Phrases(
            ages={k: filled(age).unescape() for k, (age, _, _) in phrases.items()},
            towns={k: plain_phrase(filled(town), code) for k, (_, town, _) in phrases.items()},
            vouchers={k: filled(voucher).striptags() for k, (_, _, voucher) in phrases.items() if voucher is not None})

    def _basis(self) -> tuple:
        """(Words or None, phrases or None): what every language's phrases start from, once per process."""
        if self.phrase_basis is None:
            words = phrases = None
            if self.once:
                words = Words()
                with rendering_once(self.env, words):
                    phrases = self._macro_phrases(self.build.directory.offers)
            self.phrase_basis = (words, phrases)
        return self.phrase_basis

    def _macro_phrases(self, offers) -> dict[int, tuple]:
        """id(offer) -> its ages, towns and accepted vouchers as _macros.html writes them (vouchers: None where none)."""
        macros = self.build.template("_macros").make_module()
        return {id(o): (macros.age_range(o), macros.town_names(o), macros.accepted_line(o) if o.accepts else None) for o in offers}
