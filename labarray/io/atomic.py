"""Atomic file replacement: write to a temporary file next to the target, then ``os.replace``.

A reader (or a crash) never sees a half-written file: until the final rename the target is
either absent or still the old file. The temporary file lives in the target's own folder so
that the rename stays on one file system (where it is atomic).

>>> import os, tempfile
>>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
>>> with atomic_path(target) as tmp:
...     with open(tmp, "w") as f:
...         _ = f.write("done")
>>> open(target).read()
'done'
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["TEMP_SUFFIX", "atomic_path", "commit", "discard", "temporary_path_for"]

#: suffix of the temporary files (left behind only when the writing process is killed)
TEMP_SUFFIX = ".labarray-tmp"


def temporary_path_for(path: str) -> str:
    """A fresh hidden temporary path in the folder of ``path``.

    Examples
    --------
    >>> os.path.dirname(temporary_path_for("/data/out.nc"))
    '/data'
    """
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")


def commit(tmp: str, path: str) -> None:
    """Move the finished temporary file onto ``path`` (atomically), keeping the old mode bits.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> tmp = temporary_path_for(os.path.join(folder, "a.txt"))
    >>> open(tmp, "w").close()
    >>> commit(tmp, os.path.join(folder, "a.txt")); os.listdir(folder)
    ['a.txt']
    """
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def discard(tmp: str) -> None:
    """Remove a temporary file (ignoring one that is already gone).

    Examples
    --------
    >>> discard("/nonexistent/.x.labarray-tmp")
    """
    with contextlib.suppress(FileNotFoundError):
        os.remove(tmp)


@contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """Yield a temporary path; on success it replaces ``path``, on error it is removed."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(2, f"cannot write {path!r}: the folder {folder!r} does not exist", folder)
    tmp = temporary_path_for(path)
    try:
        yield tmp
    except BaseException:
        discard(tmp)
        raise
    commit(tmp, path)
