"""Regular expressions of a query, by RE2: matched in time linear in the text whatever the
pattern (no backtracking), within a memory bound, and never logging to the terminal."""

from __future__ import annotations

import functools
from typing import Any

MAX_PATTERN_MEMORY = 8 * 1024 * 1024


class PatternError(ValueError):
    """RE2 does not take the pattern; str() is RE2's reason."""


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """The compiled pattern (cached); PatternError when RE2 cannot take it."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 writes its complaints to stderr: the reader's terminal
    options.never_capture = True
    options.max_mem = MAX_PATTERN_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise PatternError(text[:120]) from None


def search(pattern: str, text: str | None) -> bool:
    """Whether the pattern matches anywhere in `text` (an SQL function: no exception leaves)."""
    if text is None:
        return False
    try:
        return compile_pattern(pattern).search(text) is not None
    except PatternError:
        return False
