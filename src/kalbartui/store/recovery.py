"""What happens to a damaged cache: moved aside (never deleted), starred articles saved, a fresh one made."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from kalbartui.problems import Problem
from kalbartui.store.db import connect


def recover_corrupt(path: Path, export_starred: Callable[[Path], object] | None = None) -> Path:
    """Move a damaged cache aside (never delete it) and return where it went."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    if export_starred is not None:
        try:
            export_starred(target.with_name(target.name + ".starred.json"))
        except Exception:  # noqa: BLE001 - a best effort; the move below matters more
            pass
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def export_starred_raw(path: Path, target: Path) -> int:
    """Save the starred articles of a damaged cache as JSON, as far as the file can still be read."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sql = "SELECT url, title, author, published, summary FROM articles {} WHERE starred = 1"
    try:
        try:
            rows = conn.execute(sql.format("")).fetchall()
        except sqlite3.DatabaseError:
            # The damage may sit in an index: read the table itself.
            rows = conn.execute(sql.format("NOT INDEXED")).fetchall()
    finally:
        conn.close()
    items = [
        dict(zip(("url", "title", "author", "published", "summary"), r, strict=True)) for r in rows
    ]
    target.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def recover(path: Path, reason: Problem) -> Problem:
    """Move a damaged cache aside (starred articles exported first) and start a fresh one.

    For damage found at open time or later, in the middle of a read or a write. Returns what
    the user is told.
    """
    moved = recover_corrupt(path, lambda target: export_starred_raw(path, target))
    connect(path).close()
    starred = moved.with_name(moved.name + ".starred.json")
    if starred.exists():
        return Problem.of(
            "cache.recovered_starred", error=reason, moved=str(moved), starred=str(starred)
        )
    return Problem.of("cache.recovered", error=reason, moved=str(moved))
