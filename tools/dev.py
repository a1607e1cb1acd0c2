"""Live preview for editors: build the site, serve it, and keep it up to date (make dev).

    python tools/dev.py [-s pelicanconf.py] [-o vorschau] [--port 8000] [-e SETTING=VALUE ...]

Serves the site on http://127.0.0.1:<port>/ and watches the offer folder, content/, the theme and
the county's files (taxonomy, search words, map, settings). After a change to an offer or provider
file only the pages that show it are rendered again (the search files follow a moment later);
any other change builds the whole site again. The open page in the browser reloads by itself.
Where the data has an error, the terminal says where, and the browser shows a page with the same
messages instead of the site; once the file is fixed, the site comes back.
"""

from __future__ import annotations

import argparse
import html
import http.server
import json
import logging
import queue
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

import watchfiles  # noqa: E402
from pelican.log import init as init_logging  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from angebote.preview import Outcome, Preview  # noqa: E402
from angebote.settings import setting, theme_path  # noqa: E402

RELOAD_SCRIPT = Path(__file__).with_name("vorschau.js")
EVENTS = "/_vorschau/ereignisse"
SCRIPT = "/_vorschau/neu-laden.js"
QUIET = 0.05  # seconds without further changes before building (an editor's save touches several files)


class State:
    """The last outcome, and what changed since the preview started: numbered events, each
    {"alle": true} (every page: a full build, an error, its fix), {"seiten": [URL paths]} or
    {"daten": true} (search files and the Merkliste's data)."""

    KEPT = 500

    def __init__(self):
        self.changed = threading.Condition()
        self.number = 0
        self.events: list[tuple[int, dict]] = []
        self.outcome: Outcome | None = None

    def publish(self, event: dict, outcome: Outcome | None = None) -> None:
        with self.changed:
            if outcome is not None:
                if self.outcome is not None and self.outcome.ok != outcome.ok:
                    event = {"alle": True}  # every page showed the error page, or is to show it now
                self.outcome = outcome
            self.number += 1
            self.events = self.events[-self.KEPT:] + [(self.number, event)]
            self.changed.notify_all()

    def since(self, seen: int) -> list[dict]:
        """The events after number seen ({"alle": true} where they are no longer kept)."""
        if seen < self.number - len(self.events):
            return [{"alle": True}]
        return [event for number, event in self.events if number > seen]


def error_page(outcome: Outcome, stand: int) -> bytes:
    """The page the browser shows instead of the site while the data has errors."""
    if outcome.problems:
        title = f"{len(outcome.problems)} Fehler in den Angebotsdaten"
        items = "".join(f"<li><code>{html.escape(_shown(p.path))}:{p.line}</code>: {html.escape(p.message)}</li>"
                        for p in outcome.problems)
        body = f"<ul>{items}</ul>"
    else:
        title = "Die Vorschau konnte nicht gebaut werden"
        body = f"<pre>{html.escape(outcome.error)}</pre>"
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} – Vorschau</title>\n"
        '<link rel="stylesheet" href="/theme/css/site.css">\n'
        f'<script defer src="{SCRIPT}?stand={stand}"></script>\n</head>\n<body>\n'
        f'<main class="wrap vorschau-fehler">\n<h1>{html.escape(title)}</h1>\n{body}\n'
        "<p>Die Vorschau zeigt die Website wieder, sobald die Datei korrigiert und gespeichert ist "
        "(diese Seite lädt dann von selbst neu).</p>\n</main>\n</body>\n</html>\n"
    ).encode("utf-8")


def _shown(path: str) -> str:
    """A data file's path as the editor knows it: relative to the repository where it lies in it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def handler_for(state: State, output: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def log_message(self, *args):  # the terminal is for the build's messages
            pass

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path == SCRIPT:
                return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
            if url.path == EVENTS:
                return self._events(parse_qs(url.query).get("stand", [""])[0])
            with state.changed:
                outcome, stand = state.outcome, state.number
            if url.path.endswith("/") or url.path.endswith(".html"):
                if outcome is not None and not outcome.ok:
                    return self._send(500, "text/html; charset=utf-8", error_page(outcome, stand))
                return self._page(url.path, stand)
            return super().do_GET()

        def _page(self, path: str, stand: int):
            file = Path(self.translate_path(path))
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                return super().do_GET()  # the server's own answer (404)
            text = file.read_bytes()
            tag = f'<script defer src="{SCRIPT}?stand={stand}"></script>\n</head>'.encode()
            return self._send(200, "text/html; charset=utf-8", text.replace(b"</head>", tag, 1))

        def _events(self, stand: str):
            """Server-sent events: what changed since the page (of event number stand) was served."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = int(stand) if stand.isdigit() else 0
            try:
                while True:
                    with state.changed:
                        state.changed.wait_for(lambda: state.number > seen, timeout=15)
                        events, seen = state.since(seen), state.number
                    for event in events:
                        self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    if not events:
                        self.wfile.write(b": warten\n\n")  # keeps the connection open
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def _send(self, status: int, kind: str, body: bytes):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def report(outcome: Outcome) -> None:
    """The outcome in the terminal: every problem as path:line: message, else what was built."""
    if outcome.problems:
        for problem in outcome.problems:
            print(f"{_shown(problem.path)}:{problem.line}: {problem.message}", file=sys.stderr)
        print(f"{len(outcome.problems)} Fehler in den Angebotsdaten: die Vorschau zeigt sie, bis sie behoben sind.",
              file=sys.stderr)
    elif outcome.error:
        print(f"Die Vorschau konnte nicht gebaut werden: {outcome.error}", file=sys.stderr)
    else:
        what = "Website gebaut" if outcome.full else "Aktualisiert"
        print(f"{what}: {outcome.pages} Seiten in {outcome.seconds:.1f} s", file=sys.stderr)
    sys.stderr.flush()


def watched(settings_file: Path, settings: dict) -> tuple[list[Path], set[Path]]:
    """Folders watched with everything in them, and single files (watched through their folder)."""
    folders = [Path(setting(settings, "ANGEBOTE_PATH")), Path(settings["PATH"]), theme_path(str(settings_file), settings)]
    if setting(settings, "ANGEBOTE_OFFER_TRANSLATIONS"):  # the offers' catalogues: a change there builds everything
        folders.append(Path(setting(settings, "ANGEBOTE_OFFER_TRANSLATIONS")))
    files = {settings_file}
    for name in ("ANGEBOTE_TAXONOMY", "ANGEBOTE_THESAURUS", "ANGEBOTE_MAP"):
        if setting(settings, name):
            files.add(Path(setting(settings, name)))
    return [f.resolve() for f in folders if f.is_dir()], {f.resolve() for f in files}


def watch(folders: list[Path], files: set[Path], changes: queue.Queue, stop: threading.Event) -> list[threading.Thread]:
    """Threads that put each batch of changed paths into changes (watchfiles: inotify on Linux)."""
    def run(paths, recursive, keep):
        for batch in watchfiles.watch(*paths, recursive=recursive, step=10, debounce=1000, stop_event=stop,
                                      watch_filter=lambda change, path: keep(Path(path)), yield_on_timeout=False):
            changes.put({Path(path) for _, path in batch})

    threads = [threading.Thread(target=run, args=(folders, True, lambda p: True), daemon=True)]
    parents = {f.parent for f in files}
    threads.append(threading.Thread(target=run, args=(sorted(parents), False, lambda p: p in files), daemon=True))
    for thread in threads:
        thread.start()
    return threads


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py", type=Path)
    parser.add_argument("-o", "--output", default="vorschau", type=Path)
    parser.add_argument("--port", default=8000, type=int)
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="wie bei pelican -e (Werte als JSON)")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.extra_settings:
        key, _, value = item.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    init_logging(level=logging.WARNING)
    output = args.output.resolve()
    settings = read_settings(str(args.settings), override={**overrides, "OUTPUT_PATH": str(output)})
    preview = Preview(settings)
    state = State()
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(state, output))
    except OSError as error:
        print(f"Port {args.port} ist nicht frei ({error.strerror}): ein anderer wählen, z. B. make dev PORT={args.port + 1}",
              file=sys.stderr)
        return 1
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    changes: queue.Queue = queue.Queue()
    stop = threading.Event()
    folders, files = watched(args.settings.resolve(), settings)
    watch(folders, files, changes, stop)
    print(f"Die Vorschau baut die Website … (http://127.0.0.1:{args.port}/, beenden mit Strg+C)", file=sys.stderr)
    try:
        outcome = preview.build()
        report(outcome)
        state.publish({"alle": True}, outcome)
        print(f"Die Vorschau läuft auf http://127.0.0.1:{args.port}/ und folgt jeder gespeicherten Änderung.", file=sys.stderr)
        while True:
            changed = changes.get()
            time.sleep(QUIET)
            while not changes.empty():
                changed |= changes.get_nowait()
            first = []

            def offer_pages(paths):  # the changed offers' own pages: the editor looks at one of them
                if state.outcome is not None and state.outcome.ok:  # else every page shows the error still
                    first.extend(paths)
                    state.publish({"seiten": paths})

            outcome = preview.update(changed, first=offer_pages)
            report(outcome)
            rest = [path for path in outcome.paths if path not in first]
            state.publish({"alle": True} if outcome.full or not outcome.ok else {"seiten": rest}, outcome)
            if outcome.ok:
                try:
                    preview.wait()  # the search files and open data, written meanwhile
                except Exception as error:  # noqa: BLE001 - said in the terminal, the next change tries again
                    print(f"Suchindex und offene Daten konnten nicht geschrieben werden: {error}", file=sys.stderr)
                else:
                    print("Suchindex und offene Daten sind aktuell.", file=sys.stderr, flush=True)
                    state.publish({"daten": True})
    except KeyboardInterrupt:
        print("Vorschau beendet.", file=sys.stderr)
        stop.set()
        server.shutdown()
        return 0


if __name__ == "__main__":
    sys.exit(main())
