"""What every hostile test checks afterwards: the cache, the stored text, the words shown to people."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

# Any control character but newline and tab (C0, DEL, C1): none may be stored or printed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ERROR_LIMIT = 300
# A config line for the stories that are not about whole articles. After the feeds, a refresh
# fetches the pages of summary-only articles, and the fault server's links are on kalbar.example:
# up to 60 name lookups per refresh, each waiting 5 s when the resolver drops the query (as it
# did here, doubling the damaged-index test's time), all of it bounded only by the pages budget.
NO_PAGES = 'full_text = "never"'


def controls_in_cache(db: Path) -> list[tuple[str, str, int, str]]:
    """(table, column, rowid, sample) for every stored text value holding a control character."""
    found = []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
            )
        ]
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                if column == "categories" and table == "articles":
                    sql = f"SELECT rowid, replace({column}, char(31), ',') FROM {table}"  # \x1f joins terms
                else:
                    sql = f"SELECT rowid, {column} FROM {table}"
                try:
                    rows = conn.execute(sql).fetchall()
                except sqlite3.OperationalError:  # a WITHOUT ROWID table
                    rows = conn.execute(f"SELECT 0, {column} FROM {table}").fetchall()
                for rowid, value in rows:
                    if isinstance(value, str) and CONTROL_RE.search(value):
                        m = CONTROL_RE.search(value)
                        assert m is not None
                        found.append(
                            (table, column, rowid, value[max(m.start() - 20, 0) : m.end() + 20])
                        )
    finally:
        conn.close()
    return found


def integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def guids_of_feed(db: Path, feed_id: int) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT a.guid FROM articles a JOIN article_feeds af ON af.article_id = a.id"
                " WHERE af.feed_id = ?",
                (feed_id,),
            )
        }
    finally:
        conn.close()


def rows_of_feed(db: Path, feed_id: int) -> list[dict[str, object]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [
            dict(r)
            for r in conn.execute(
                "SELECT a.* FROM articles a JOIN article_feeds af ON af.article_id = a.id"
                " WHERE af.feed_id = ? ORDER BY a.published DESC, a.id DESC",
                (feed_id,),
            )
        ]
    finally:
        conn.close()


def cache_bytes(db: Path) -> bytes:
    """The database file and its WAL, as they lie on disk."""
    data = db.read_bytes()
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def worded_for_a_person(error: str) -> str | None:
    """None when `error` reads as one plain sentence; else what is wrong with it."""
    if not error.strip():
        return "empty"
    if len(error) > ERROR_LIMIT:
        return f"{len(error)} characters long"
    if "\n" in error or CONTROL_RE.search(error):
        return "more than one line, or control characters"
    for leak in (
        "Traceback",
        "unexpected error",
        "Exception",
        "Error:",
        "errno",
        "b'",
        'b"',
        "<class",
    ):
        if leak in error:
            return f"leaks programmer talk ({leak!r})"
    return None


def output_problems(text: str) -> list[str]:
    """What makes CLI output unsafe or unfriendly: escape bytes, C1, NUL, a traceback."""
    problems = []
    m = CONTROL_RE.search(text)
    if m:
        problems.append(
            f"control character {m.group()!r} near {text[max(m.start() - 30, 0) : m.end() + 30]!r}"
        )
    if "Traceback (most recent call last)" in text:
        problems.append("a traceback")
    return problems


def run_cli(
    *args: str,
    config: Path,
    data_dir: Path,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    preexec_fn: object = None,
) -> subprocess.CompletedProcess[bytes]:
    """`python -m kalbartui ARGS` as a user runs it; output kept as bytes to see every byte."""
    full_env = dict(os.environ)
    full_env.update({"KALBARTUI_CONFIG": str(config), "KALBARTUI_DATA_DIR": str(data_dir)})
    full_env.update(env or {})
    return subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [sys.executable, "-m", "kalbartui", *args],
        capture_output=True,
        env=full_env,
        timeout=timeout,
        preexec_fn=preexec_fn,  # type: ignore[arg-type]
    )


def decoded(result: subprocess.CompletedProcess[bytes]) -> str:
    """stdout and stderr as text; undecodable bytes show up as U+FFFD, which output_problems ignores."""
    return result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")


def raw_control_bytes(data: bytes) -> list[int]:
    """Offsets of ESC, NUL, BEL, DEL or a lone C1 byte in raw output (UTF-8 C1 is \\xc2\\x80-\\x9f)."""
    found = [m.start() for m in re.finditer(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", data)]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        found.append(exc.start)
    return found
