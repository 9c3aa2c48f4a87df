"""Real full and read-only disks for tests: a small tmpfs mounted where a test wants it
(root may write through chmod, not through a read-only mount or a full one). Tests that
use them are skipped where mounting is not allowed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture
def mount_tmpfs() -> Iterator[Callable[..., Path]]:
    """mount(where, size="4m", readonly=False): a tmpfs at `where`, unmounted after the test."""
    mounted: list[Path] = []

    def mount(where: Path, size: str = "4m", readonly: bool = False) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        options = f"size={size}" + (",ro" if readonly else "")
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],  # noqa: S607
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(where)
        return where

    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    try:
        yield mount
    finally:
        for where in reversed(mounted):
            subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)  # noqa: S603, S607


def remount(where: Path, mode: str) -> None:
    """Remount a tmpfs "ro" or "rw"."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)  # noqa: S603, S607


def fill(disk: Path, leave: int) -> Path:
    """Fill a mount to the brim, then free `leave` bytes; returns the filler file."""
    filler = disk / "pengisi.bin"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    size = filler.stat().st_size
    os.truncate(filler, max(size - leave, 0))
    return filler
