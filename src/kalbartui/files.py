"""Files written whole or not at all: the config, OPML exports, the reader's state, the sync
token, cached pictures. A crash, a full disk or a second writer never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(
    path: Path, data: bytes | str, *, private: bool = False, fsync: bool = False
) -> None:
    """Write `data` to `path` through a temporary file beside it and a rename.

    `private`: readable by the user alone (0600), from the moment the file exists. Text is
    written as UTF-8. Raises OSError; the temporary file is gone either way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # A name of its own for each writer: two processes saving at once never share one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, 0o600 if private else 0o666 & ~_umask())
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
