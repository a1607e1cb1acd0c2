"""make dev's memory of what each file gave when it was last read (:class:`ReadMemo`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING


from .frontmatter import Problem

if TYPE_CHECKING:
    pass


def _same(a, b) -> bool:
    """The very same object (a provider, the taxonomy), or an equal value (a date, a region code)."""
    return a is b or (not hasattr(a, "__dict__") and type(a) is type(b) and a == b)


def _read_now(file: Path, depends_on: tuple, read, problems: list[Problem]):
    """What ReadMemo.read does without a memo: read the file."""
    return read(problems)


class ReadMemo:
    """What each file gave when it was last read (make dev reads the same folder again after every
    change): a file whose bytes, and whatever else its reading depends on, are the same gives the
    same objects again without being parsed, so that unchanged offers stay the very same objects."""

    LARGEST = 4 * 1024 * 1024  # a larger file is read every time (and refused by its reader)

    def __init__(self):
        self._results: dict[str, tuple[bytes, tuple, object, list[Problem]]] = {}

    def read(self, file: Path, depends_on: tuple, read, problems: list[Problem]):
        """read(found) for file, or what it gave before for the same bytes and the same (identical)
        objects it depends on; its problems are added to problems either way."""
        path = str(file)
        try:
            raw = file.read_bytes() if file.stat().st_size <= self.LARGEST else None
        except OSError:
            raw = None
        known = self._results.get(path)
        if raw is not None and known is not None and known[0] == raw and len(known[1]) == len(depends_on) \
                and all(_same(a, b) for a, b in zip(known[1], depends_on)):
            problems.extend(known[3])
            return known[2]
        found: list[Problem] = []
        result = read(found)
        problems.extend(found)
        if raw is None:
            self._results.pop(path, None)
        else:
            self._results[path] = (raw, depends_on, result, found)
        return result
