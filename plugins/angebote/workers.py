"""Work done side by side in forked processes, and the build's one policy for the cycle collector.

Everything the directory does in more than one process goes through here: reading the offer
files in two (:mod:`.read.offers`), the data files written in turns beside the pages, the
languages' pages in shares (:mod:`.render`), the printed booklets (:mod:`.booklet`). Where fork or
a second core is missing, the same work runs in this process.

The cycle collector: a build makes hundreds of thousands of objects that live to its end (what
was read, the marks, the rows rendered once). Python's collector walked them again and again for
nothing; :func:`collecting` says, for each phase of a build, what it does instead. Measured at
2000 offers in six languages: reading without it and freezing what was read, 0.25 -> 0.16 s of
collecting; the pass for all languages with rare full collections, a seventh of its time; filling
in and the data files without it, an eighth of their time.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import gc
import io
import multiprocessing
import os
import pickle
import signal
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to send this process SIGTERM when its parent ends, however it ends
    (also by SIGKILL). Where prctl is not to be had, nothing changes."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def side_by_side() -> bool:
    """Whether a forked child can work beside this process: fork exists, and a second core."""
    return can_fork() and (os.cpu_count() or 1) >= 2


def cores() -> int:
    return os.cpu_count() or 1


class ChildFailed(Exception):
    """A forked child ended without a result (its message is on stderr)."""


class Turns:
    """The numbers 0 … count-1 (at most 256), each taken by one process only: by this one or by those
    forked after it was made, as each asks for the next. They wait in a pipe, a byte each, and a byte
    read from a pipe is gone for every other reader; no lock, which a killed process could hold."""

    def __init__(self, count: int):
        if not 0 <= count <= 256:
            raise ValueError(f"{count} Nummern passen nicht in ein Byte je Nummer")
        self._pipe, write = os.pipe()
        try:
            os.write(write, bytes(range(count)))  # into an empty pipe at once
        finally:
            os.close(write)

    def __iter__(self):
        while self._pipe is not None and (taken := os.read(self._pipe, 1)):
            yield taken[0]
        self.close()  # all taken

    def close(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def in_child(work, shared=(), collect=True):
    """Run work() in a forked child; return a function that waits for it and returns work()'s
    result, or raises ChildFailed. The result comes back through a pipe, pickled; an object it holds
    that is one of ``shared`` (or reachable through them) existed before the fork and comes back as
    that very object, not as a copy. collect=False: without the cycle collector, for work that
    leaves little cyclic garbage (the child ends when it is done)."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    known = _reachable(shared)

    def child():
        die_with_parent()  # a stopped build stops its children too
        if not collect:
            gc.disable()
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = lambda obj: id(obj) if id(obj) in known else None
        pickler.dump(work())
        sending.send_bytes(buffer.getbuffer())

    process = context.Process(target=child)
    process.start()
    sending.close()

    def finish():
        try:
            sent = receiving.recv_bytes()
        except EOFError:
            sent = None  # the child ended without sending: it failed
        process.join()
        if process.exitcode != 0 or sent is None:
            raise ChildFailed()
        unpickler = pickle.Unpickler(io.BytesIO(sent))
        unpickler.persistent_load = known.__getitem__
        return unpickler.load()

    return finish


def beside(work, collect=True):
    """Start work() in a forked process where one can work beside this one, else run it here and
    now; return a function that waits for it and returns its result (or raises ChildFailed)."""
    if not side_by_side():
        result = work()
        return lambda: result
    return in_child(work, collect=collect)


def _reachable(roots) -> dict[int, object]:
    """id -> object for the roots and what their attributes, lists, tuples and dicts hold (not
    strings and numbers: pickling copies them faithfully)."""
    known: dict[int, object] = {}
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in known or obj is None or isinstance(obj, (str, bytes, int, float, bool)):
            continue
        known[id(obj)] = obj
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif hasattr(obj, "__dict__"):
            stack.extend(vars(obj).values())
    return known


# ---------------------------------------------------------------- the cycle collector

# the pass for all languages: a full collection only after this many of the middle generation
# (Python's default: 10)
RARE_FULL_COLLECTIONS = 1000


@contextmanager
def collecting(phase: str, one_off: bool = True):
    """The cycle collector for one phase of a build:

    * ``"reading"``: off while a one-off build reads (what it reads lives to the end), then what
      was read is frozen, never walked again; make dev, which reads again and again, collects;
    * ``"rendering once"``: full collections rare (the marks and rows live to the pass's end; the
      young collections still free what the templates leave: cycles of macros and contexts);
    * ``"filling in"``: off (filling in leaves no cyclic garbage);
    * ``"writing"``: the whole output phase of a one-off build: what was made before it is frozen,
      and at the process's exit nothing is collected (it all goes anyway: 0.1 s at 2000 offers).
    """
    if phase == "reading":
        if not one_off or not gc.isenabled():
            yield
            return
        gc.disable()
        try:
            yield
        finally:
            gc.freeze()
            gc.enable()
    elif phase == "rendering once":
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], RARE_FULL_COLLECTIONS))
        try:
            yield
        finally:
            gc.set_threshold(*thresholds)
    elif phase == "filling in":
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()
    elif phase == "writing":
        if not one_off:
            yield
            return
        gc.freeze()
        atexit.unregister(gc.freeze)
        atexit.register(gc.freeze)
        try:
            yield
        finally:
            gc.unfreeze()
    else:
        raise ValueError(phase)
