"""Child processes that do not outlive the process that started them (Linux), and work done in one."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import io
import multiprocessing
import os
import pickle
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to send this process SIGTERM when its parent ends, however it ends
    (also by SIGKILL). Where prctl is not to be had, nothing changes."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def side_by_side() -> bool:
    """Whether a forked child can work beside this process: fork exists, and a second core."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2


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
    """Run work() in a forked child; return a function that waits for it and returns (result,),
    or None if the child failed (its message is on stderr). The result comes back through a pipe,
    pickled; an object it holds that is one of ``shared`` (or reachable through them) existed
    before the fork and comes back as that very object, not as a copy. collect=False: without the
    cycle collector, for work that leaves little cyclic garbage (the child ends when it is done)."""
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
        pickler.dump((work(),))
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
            return None
        unpickler = pickle.Unpickler(io.BytesIO(sent))
        unpickler.persistent_load = known.__getitem__
        return unpickler.load()

    return finish


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
