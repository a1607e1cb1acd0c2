"""Reading offer and provider files: YAML with the line of every field.

Providers write these files by hand, so the reader is strict where PyYAML is
lenient and keeps what a good error message needs:

* every field's line in the file, so that a message can say ``datei.md:7``;
* duplicate keys are an error instead of silently keeping the last one;
* only ``true``/``false`` are booleans (YAML 1.2), so that the language code
  ``no`` or the answer ``ja`` stays text;
* dates stay text and are checked by the schema, so that ``2025-13-01`` gives
  a clear message instead of a Python traceback;
* ``postcode`` and ``phone`` keep the text as written (``01234``, ``+49 …``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# Fields whose plain scalars are taken literally, never as numbers.
LITERAL_KEYS = frozenset({"postcode", "phone"})


# libyaml's parser where PyYAML was built with it (five times faster), else PyYAML's own.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader without YAML 1.1 booleans (yes/no/on/off) and timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class Problem:
    """One error in one file, shown as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Document:
    """Parsed YAML data with the file line of every field and list item."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    body: str = ""

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


def parse_yaml(text: str, path: str, first_line: int) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document whose first line is line ``first_line`` of the file."""
    loader = _Loader(text)
    try:
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
        doc.data = _construct(loader, node, (), doc, problems, path, first_line)
    return doc, problems


def _construct(loader, node, at, doc, problems, path, offset, literal=False):
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if not isinstance(key, str):
                key = str(key)
            line = offset + key_node.start_mark.line
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
    return loader.construct_object(node, deep=True)


def read_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (with or without BOM), or say where it is not."""
    try:
        return raw.decode("utf-8-sig"), []
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


def read_front_matter(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Split a Markdown file into YAML front matter (between ``---`` lines) and body."""
    text, problems = read_text(raw, path)
    if text is None:
        return None, problems
    lines = text.splitlines()
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
    doc.body = "\n".join(lines[end + 1 :]).strip("\n")
    return doc, problems
