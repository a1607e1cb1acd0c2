"""Reading offer and provider files: YAML with the line of every field.

Providers write these files by hand, so the reader is strict where PyYAML is
lenient and keeps what a good error message needs:

* every field's line in the file, so that a message can say ``datei.md:7``;
* duplicate keys are an error instead of silently keeping the last one;
* only ``true``/``false`` are booleans (YAML 1.2), so that the language code
  ``no`` or the answer ``ja`` stays text;
* dates stay text and are checked by the schema, so that ``2025-13-01`` gives
  a clear message instead of a Python traceback;
* ``postcode`` and ``phone`` keep the text as written (``01234``, ``+49 …``);
* numbers are YAML 1.2's: ``1:30`` stays text (YAML 1.1 read it as 90), and
  NaN and infinities are refused (they would break every JSON file);
* a pull request is untrusted input: anchors and aliases (``&a``, ``*a``,
  merge keys), explicit tags (``!Neu``, ``!!python/…``), nesting deeper than
  :data:`MAX_DEPTH`, control characters and invisible line breaks are refused
  with a message, never a traceback or a hang.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Fields whose plain scalars are taken literally, never as numbers.
LITERAL_KEYS = frozenset({"postcode", "phone"})

# Deepest nesting of lists and groups a file may have (the schemas need 3: translations → en → title).
MAX_DEPTH = 8

# Characters no provider text may hold: C0 and C1 control characters but tab and line feed, DEL,
# and the line breaks that YAML and Python count but editors and GitHub do not (U+2028, U+2029).
# A carriage return is allowed only before a line feed (Windows line ends).
# Bidi overrides and embeddings (U+202A–U+202E) are refused too: they can make a text read
# differently from what it says ("Trojan Source"); isolates (U+2066–U+2069) stay allowed.
# And Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE,
# U+FFFF, U+1FFFE … U+10FFFF), which no text interchanges and XML 1.0 cannot hold (the feeds, the
# spreadsheet and the PDFs would break), and lone surrogates (JSON's "\ud800" can make one).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
# The character the pages rendered once for all languages put around each word they fill in later
# (render/once.py): a control character, which no text of the data may hold.
MARK = "\x00"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ud800-\udfff" + NONCHARACTERS
# Where one may be: _CONTROL's characters of the first plane and the carriage return as one
# character class, and every code point from U+1FFFE up as one range (re's scan of a file then takes
# a tenth of the time: 0.04 s for 2000 offers of 4 KB, against 0.5 s with the 32 noncharacters above
# the first plane in the class and the carriage return as an alternative); forbidden() looks at what
# it finds.
_ABOVE_FIRST_PLANE = frozenset(char for char in _CONTROL if char >= "\U00010000")  # (single characters there)
_SUSPECT = re.compile("[" + "".join(char for char in _CONTROL if char < "\U00010000") + "\r\U0001fffe-\U0010ffff]")


def forbidden(text: str, line_ends: bool = True) -> re.Match | None:
    """The first character of text that no provider text may hold (_CONTROL) or a carriage return,
    or None. line_ends: a carriage return before a line feed is a Windows line end, no problem (in a
    file; in a value, from an escape such as "\\e" or "\\x00" in quotes, any one is)."""
    start = 0
    while (found := _SUSPECT.search(text, start)) is not None:
        char = found.group()
        if char == "\r" and line_ends and text.startswith("\n", found.end()):
            start = found.end()
        elif char >= "\U00010000" and char not in _ABOVE_FIRST_PLANE:
            start = found.end()
        else:
            return found
    return None


# Fields whose text may run over several lines; in every other field a line break is an error
# (a name "Max\nURL:…" is never a real name).
MULTILINE_KEYS = frozenset({"summary", "schedule", "registration", "cost"})

_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """Text for one line of output: line breaks and control characters written as escapes
    (\\n, \\x1b, \\u2028), so that no value can start a line of its own."""
    return re.sub(
        "[\x00-\x1f\x7f-\x9f\u2028\u2029]",
        lambda m: _SHOWN.get(m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"),
        str(text),
    )


# libyaml's parser where PyYAML was built with it (five times faster), else PyYAML's own.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader without YAML 1.1 booleans (yes/no/on/off) and timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                       "tag:yaml.org,2002:float", "tag:yaml.org,2002:merge")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
# YAML 1.2 numbers in decimal only: no 1:30 (sexagesimal), 0o17, 1_000, .nan or .inf;
# at most 15 digits before the point (Python refuses to read ints of over 4300 digits).
_DIGITS = list("-+0123456789.")
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]{1,15}\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?$|^[-+]?[0-9]{1,15}[eE][-+]?[0-9]{1,3}$"),
    _DIGITS,
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]{1,15}$"), _DIGITS)


@dataclass
class Problem:
    """One error in one file, shown as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}: {shown(self.message)}"


@dataclass
class Document:
    """Parsed YAML data with the file line of every field and list item."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the line of the file the body starts on

    def line(self, path) -> int:
        """Line of a field path such as ("contacts", 1, "email"); the nearest parent's if unknown."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


_YAML_PROBLEMS = [
    ("mapping values are not allowed", "Doppelpunkt an unerwarteter Stelle. Steht ein Text mit „:“ nicht in Anführungszeichen?"),
    ("cannot start any token", "Zeichen, mit dem kein Wert beginnen darf (z. B. Tabulator, @ oder `). Bitte mit Leerzeichen einrücken und Text in Anführungszeichen setzen."),
    ("could not find expected ':'", "Doppelpunkt nach dem Feldnamen fehlt."),
    ("expected <block end>", "Einrückung passt nicht zu den Zeilen davor."),
    ("did not find expected key", "Einrückung passt nicht zu den Zeilen davor."),
    ("did not find expected '-'", "Einrückung passt nicht zu den Zeilen davor."),
    ("found unexpected end of stream", "Anführungszeichen oder Klammer wird nicht geschlossen."),
    ("while scanning a quoted scalar", "Anführungszeichen wird nicht geschlossen."),
    ("while parsing a flow", "Eckige oder geschweifte Klammer wird nicht geschlossen."),
]


def _yaml_problem_text(error: yaml.YAMLError) -> str:
    text = f"{getattr(error, 'context', '') or ''} {getattr(error, 'problem', '') or ''}"
    for needle, german in _YAML_PROBLEMS:
        if needle in text:
            return f"YAML-Fehler: {german}"
    return f"YAML-Fehler: Die Zeile kann nicht gelesen werden ({text.strip() or error})."


def _shape_problem(text: str, path: str, first_line: int) -> Problem | None:
    """Refuse what the composer should never see: anchors, aliases, explicit tags and deep nesting.

    Parsing into events keeps no recursion (libyaml's parser has its own stack); composing
    nodes does, so a list nested 100,000 deep must be stopped here.
    """
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = first_line + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return Problem(path, line, "YAML-Anker und -Verweise („&name“, „*name“, „<<:“) sind nicht erlaubt: "
                                           "bitte jeden Wert ausschreiben.")
            tag = getattr(event, "tag", None)
            if tag:
                tag = tag.replace("tag:yaml.org,2002:", "!!")
                return Problem(path, line, f"YAML-Typangaben wie „{tag}“ sind nicht erlaubt: bitte nur den Wert schreiben"
                                           " (Text mit Sonderzeichen in Anführungszeichen).")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(path, line, f"Zu tief verschachtelt: höchstens {MAX_DEPTH} Ebenen von Listen und Feldgruppen.")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    return None


def parse_yaml(text: str, path: str, first_line: int) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document whose first line is line ``first_line`` of the file."""
    try:
        shape = _shape_problem(text, path, first_line)
        if shape is not None:
            return None, [shape]
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        # An unclosed bracket or quote is noticed lines later: point at where it opened.
        opened = (error.context or "").startswith(("while parsing a flow", "while scanning a quoted"))
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        return None, [Problem(path, line, _yaml_problem_text(error))]
    except yaml.YAMLError as error:
        return None, [Problem(path, first_line, _yaml_problem_text(error))]
    doc = Document(data=None)
    doc.lines[()] = first_line
    problems: list[Problem] = []
    if node is not None:
        try:
            doc.data = _construct(loader, node, (), doc, problems, path, first_line)
        except (yaml.YAMLError, ValueError) as error:
            mark = getattr(error, "problem_mark", None)
            return None, [Problem(path, first_line + (mark.line if mark else 0), _yaml_problem_text(error))]
    return doc, problems


def _control_problem(text: str, path: str, line: int, problems) -> bool:
    bad = forbidden(text, line_ends=False)
    if bad:
        problems.append(Problem(path, line, f"Der Wert enthält ein unsichtbares Steuerzeichen (U+{ord(bad.group()):04X})."))
    return bool(bad)


def _construct(loader, node, at, doc, problems, path, offset, literal=False):
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            line = offset + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(path, line, "Ein Feldname muss ein einfacher Text sein, keine Liste oder Gruppe."))
                continue
            key = str(loader.construct_object(key_node))
            if _control_problem(key, path, line, problems):
                continue
            if key in result:
                problems.append(Problem(path, line, f"Feld „{key}“ steht doppelt (zuerst in Zeile {doc.lines[at + (key,)]})."))
                continue
            doc.lines[at + (key,)] = line
            result[key] = _construct(loader, value_node, at + (key,), doc, problems, path, offset, key in LITERAL_KEYS)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[at + (index,)] = offset + item.start_mark.line
            items.append(_construct(loader, item, at + (index,), doc, problems, path, offset))
        return items
    if literal and not node.style:  # plain scalar: None in PyYAML, "" in libyaml
        return node.value
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str) and _control_problem(value, path, offset + node.start_mark.line, problems):
        return None
    if isinstance(value, str) and "\n" in value.rstrip("\n") and not MULTILINE_KEYS & set(at):
        problems.append(Problem(path, offset + node.start_mark.line,
                                "Der Wert muss in einer Zeile stehen: er enthält einen Zeilenumbruch."))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(Problem(path, offset + node.start_mark.line, f"„{node.value}“ ist keine gültige Zahl."))
        return None
    return value


def read_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (with or without BOM) without control characters, or say where it is not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex().upper()
        return None, [
            Problem(
                path,
                line,
                f"Die Datei ist nicht UTF-8-kodiert (Byte 0x{byte}). "
                "Bitte im Editor als „UTF-8“ speichern.",
            )
        ]
    bad = forbidden(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, [
            Problem(path, line, f"Die Zeile enthält ein unsichtbares Steuerzeichen (U+{ord(bad.group()[0]):04X}). "
                                "Bitte die Zeile neu tippen statt sie einzufügen.")
        ]
    return text, []


def read_county_file(path: str | Path, limit: int, what: str, too_large: str = "") -> tuple[bytes | None, list[Problem]]:
    """The bytes of one of the county's files (taxonomy, search words, map), or why not: a link,
    anything but a plain file (a FIFO or a device would never end) and a file over ``limit`` bytes
    are refused before a byte of it is parsed; ``what`` names the file in the messages, ``too_large``
    ends the message on its size."""
    path = str(path)
    try:
        if os.path.islink(path):
            return None, [Problem(path, 1, f"{what} ist eine Verknüpfung (Symlink): bitte die Datei selbst hierher legen.")]
        if os.path.isdir(path):
            return None, [Problem(path, 1, f"{what} ist ein Ordner, keine Datei.")]
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None, [Problem(path, 1, f"{what} ist keine gewöhnliche Datei.")]
            raw = handle.read(limit + 1)
    except OSError as error:
        return None, [Problem(path, 1, f"{what} kann nicht gelesen werden: {error.strerror or error}.")]
    if len(raw) > limit:
        size = os.path.getsize(path)
        return None, [Problem(path, 1, f"{what} ist zu groß ({size // 1024} KiB, höchstens {limit // 1024} KiB).{too_large}")]
    return raw, []


def read_front_matter(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Split a Markdown file into YAML front matter (between ``---`` lines) and body."""
    text, problems = read_text(raw, path)
    if text is None:
        return None, problems
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(path, 1, "Die Datei muss mit einer Zeile „---“ beginnen; danach folgen die Felder des Angebots und wieder eine Zeile „---“.")
        ]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return None, [Problem(path, 1, "Das Front Matter wird nicht geschlossen: nach den Feldern fehlt eine Zeile „---“.")]
    doc, problems = parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    if doc is None:
        return None, problems
    doc.lines[()] = 1
    body = "\n".join(lines[end + 1 :])
    doc.body = body.strip("\n")
    doc.body_line = end + 2 + (len(body) - len(body.lstrip("\n")))
    return doc, problems


class ValidationFailed(Exception):
    """The data has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line))
        count = len(self.problems)
        super().__init__(
            f"{count} Fehler in den Angebotsdaten, die Website wurde nicht gebaut:\n"
            + "\n".join(str(p) for p in self.problems)
        )
