"""Files and folders on disk, as a build writes them: a file written with as little work for the
disk as can be, a folder written whole, the files below a folder, and a fresh folder put in place.
Only the standard library: tools/build_site.py imports it before Pelican starts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_file(path: str, data: bytes) -> None:
    """Write data into the file at path (made where it is missing), with as little work for the disk
    as can be. Where a build writes into the previous site (tools/build_site.py), most files hold
    exactly data already: those are only touched (their times set: the build's sweep knows what it
    wrote by the change time), not written, so the disk has nothing to write back. Any other file is
    written over in place and cut to length, not emptied first (an emptied file gives its blocks
    back, and a real disk must then find and take new ones). A page or data file: one open, one
    status, a read where the size is the same, one write, one close (Python's open() would also ask
    whether the file is a terminal and for its position)."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        size = os.fstat(handle).st_size
        if size == len(data) and os.pread(handle, size, 0) == data:
            os.utime(handle)
            return
        written = 0
        while written < len(data):  # (a regular file takes it all at once but for a signal or a full disk)
            written += os.pwrite(handle, memoryview(data)[written:], written)
        if size > len(data):
            os.ftruncate(handle, len(data))
    finally:
        os.close(handle)


def files_below(top: Path):
    """(path, its status) of every file under top, links not followed: one scandir a folder."""
    folders = [str(top)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    yield entry.path, entry.stat(follow_symlinks=False)


def prune(top: Path, doomed) -> None:
    """Remove the files doomed (paths below top) and the folders below top that this leaves empty."""
    emptied = set()
    for path in doomed:
        os.unlink(path)
        emptied.add(os.path.dirname(path))
    top = str(top)
    for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
        while folder != top:
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or gone already)
                break
            folder = os.path.dirname(folder)


def write_folder(folder: Path, files) -> None:
    """The folder that files ((name below folder, its bytes) pairs) make, and nothing else: each
    written with write_file (subfolders made), and what a build before wrote there and this one did
    not removed (make dev and make html write into the folder that is there)."""
    made, kept = set(), set()
    for name, data in files:
        path = os.path.join(folder, name)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        write_file(path, data)
        kept.add(path)
    os.makedirs(folder, exist_ok=True)
    prune(folder, [path for path, _ in files_below(folder) if path not in kept])


def swap_in(fresh: Path, target: Path, keep_old: bool = False) -> None:
    """Put the folder fresh in the place of target (which may not exist): two renames, and the old
    folder removed after, or kept as ``<target>.alt`` (keep_old: tools/build_site.py writes the next
    site into it). Whatever reads target sees the old folder or the new one, whole."""
    old = target.with_name(target.name + ".alt")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if not keep_old:
        shutil.rmtree(old, ignore_errors=True)
