"""Migration v7: errors kept in the cache as English sentences become Problems (code and
parameters), so that they read in the reader's language like every new one.

Used once, when a cache from before v7 is opened; a sentence no pattern knows is kept as it
was said (the "text" problem) until that feed's next refresh replaces it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable

from kalbartui.i18n.problems import MESSAGES
from kalbartui.problems import Problem, http_status

# The sentences without a parameter, by their English words.
_FIXED: dict[str, str] = {
    text: code for code, text in MESSAGES.items() if isinstance(text, str) and "{" not in text
}

Parse = Callable[[re.Match[str]], Problem]


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


_PATTERNS: list[tuple[re.Pattern[str], Parse]] = [
    (re.compile(r"^HTTP (\d{3}) \([a-z ]+\)$"), lambda m: http_status(int(m[1]))),
    (
        re.compile(r"^HTTP (\d{3}) \([a-z ]+\) redirect without a location$"),
        lambda m: Problem.of("fetch.redirect_without_location", status=http_status(int(m[1]))),
    ),
    (
        re.compile(r"^timed out after ([\d.]+) s$"),
        lambda m: Problem.of("fetch.timeout", seconds=_number(m[1])),
    ),
    (
        re.compile(r"^parsing took longer than ([\d.]+) s$"),
        lambda m: Problem.of("feed.parse_timeout", seconds=_number(m[1])),
    ),
    (
        re.compile(r"^server asked to wait until (.+)$"),
        lambda m: Problem.of("feed.wait", time=m[1]),
    ),
    (
        re.compile(r"^cannot read (.+?): not a regular file$"),
        lambda m: Problem.of("fetch.not_regular_file", path=m[1]),
    ),
    (
        re.compile(r"^cannot read (.+?): (.+)$"),
        lambda m: Problem.of("fetch.file_unreadable", path=m[1], error=m[2]),
    ),
    (
        re.compile(r"^refusing a (\S+) URL$"),
        lambda m: (
            Problem.of("fetch.no_scheme")
            if m[1] == "schemeless"
            else Problem.of("fetch.refused_scheme", scheme=m[1])
        ),
    ),
    (
        re.compile(r"^more than (\d+) redirects$"),
        lambda m: Problem.of("fetch.too_many_redirects", count=int(m[1])),
    ),
    (
        re.compile(r"^network error \((.+)\)$"),
        lambda m: Problem.of("net.other", kind=m[1]),
    ),
    (
        re.compile(r"^unsupported content encoding (.+)$"),
        lambda m: Problem.of("fetch.encoding", encoding=m[1]),
    ),
    (
        re.compile(r"^category discovery failed: (.+)$", re.S),
        lambda m: Problem.of("discovery.failed", error=as_problem(m[1])),
    ),
    (
        re.compile(r"^categories API: (.+)$", re.S),
        lambda m: as_problem(m[1]),
    ),
]


def as_problem(text: str) -> Problem:
    """An English error sentence as the Problem it says ("text" when none is known)."""
    code = _FIXED.get(text)
    if code is not None:
        return Problem.of(code)
    for pattern, parse in _PATTERNS:
        found = pattern.match(text)
        if found is not None:
            return parse(found)
    return Problem.of("text", text=text)


def _stored(text: str | None) -> str:
    """The column's new value: a Problem's JSON, "" for no error (a row already converted is
    kept as it is)."""
    if not text:
        return ""
    if text.startswith("{"):
        try:
            if isinstance(json.loads(text), dict):
                return text
        except ValueError:
            pass
    return as_problem(text).to_json()


def migrate(conn: sqlite3.Connection) -> None:
    """Feeds' last errors, failed pages' reasons and each site's discovery error, as Problems."""
    feeds = conn.execute("SELECT id, last_error FROM feeds WHERE last_error != ''").fetchall()
    conn.executemany(
        "UPDATE feeds SET last_error = ? WHERE id = ?",
        [(_stored(error), feed_id) for feed_id, error in feeds],
    )
    pages = conn.execute("SELECT article_id, error FROM article_pages WHERE error != ''").fetchall()
    conn.executemany(
        "UPDATE article_pages SET error = ? WHERE article_id = ?",
        [(_stored(error), article_id) for article_id, error in pages],
    )
    for key, value in conn.execute(
        "SELECT key, value FROM meta WHERE key LIKE 'wp-discovery:%'"
    ).fetchall():
        try:
            data = json.loads(value)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            data["error"] = _stored(data["error"])
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(data), key))
