"""The config's checks, shared by every part of it: one ConfigError per mistake, values named as
TOML writes them, the nearest right key for a wrong one, and each table's keys and types."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from kalbartui import urls
from kalbartui.problems import KalbarError, Param, Problem
from kalbartui.text import clean_line

# Every key at the top of config.toml and its TOML type.
_TOP_KEYS = {
    "language": str,
    "timezone": str,
    "refresh_on_start": bool,
    "refresh_interval_minutes": int,
    "timeout_seconds": (int, float),
    "max_concurrency": int,
    "max_feed_bytes": int,
    "keep_days": int,
    "mark_read_after_seconds": (int, float),
    "sources": list,
    "feeds": list,
    "keys": dict,
    "sync": dict,
    "full_text": str,
    "images": str,
    "image_cache_mb": int,
    "browser": str,
    "browser_terminal": bool,
    "list_style": str,
    "alerts": list,
    "notify_command": list,
    "views": list,
    "rules": list,
    "fetch_private_addresses": (bool, list),
}


class ConfigError(KalbarError):
    """A config problem, worded for the user: file, key, what was expected.

    `ConfigError(file, what, **params)` is the Problem `config.<what>` (see i18n.problems);
    `message(language)` words it. `language` is the one the config asked for, when it got
    that far.
    """

    def __init__(self, file: Path | str, what: str, **params: Param) -> None:
        self.file = file
        self.language: str | None = None
        super().__init__(Problem(f"config.{what}", {"file": str(file), **params}))

    def message(self, language: str) -> str:
        """The sentence in `language`."""
        from kalbartui.i18n.problems import words

        return words(self.problem, language)


def toml_value(value: object) -> str:
    """A value as TOML writes it, for a sentence about it: true, 3, "text", [1, 2]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{clean_line(escaped, 200)}"'
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date | time):  # TOML's dates and times, as TOML writes them
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value[:20]) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in list(value.items())[:20]) + "}"
    return clean_line(str(value), 200)


def nearest(word: str, options: Sequence[str]) -> str | None:
    """The option a mistyped `word` most likely meant: the same in another case, the one
    option it is a part of ("star" -> "toggle_star"), else the closest spelling
    ("langauge" -> "language", "feed" -> "feeds"); None when nothing is close."""
    import difflib

    folded = {o.casefold(): o for o in options}
    key = word.casefold()
    if key in folded:
        return folded[key]
    parts = [o for o in options if key in o.casefold().split("_") or key.rstrip("s") + "s" == o]
    if len(parts) == 1:
        return parts[0]
    close = difflib.get_close_matches(key, list(folded), n=1)
    return folded[close[0]] if close else None


def _toml_key(name: str, value: object) -> str:
    """A top-level key as the file writes it: [[feeds]] for a list of tables, [keys] for a
    table, plain otherwise."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"[[{name}]]"
    if isinstance(value, dict):
        return f"[{name}]"
    return name


def _unknown_key(
    file: Path, key: str, options: Sequence[str], value: object, where: str = ""
) -> ConfigError:
    """An unknown key, with the nearest right one when there is one."""
    guess = nearest(key, options)
    shown = f"{where}.{key}" if where else _toml_key(key, value)
    if guess is None:
        return ConfigError(file, "unknown_key", key=shown, expected=", ".join(options))
    if where:
        suggestion = f"{where}.{guess}"
    else:
        kind = _TOP_KEYS.get(guess)
        suggestion = {list: f"[[{guess}]]", dict: f"[{guess}]"}.get(kind, guess)  # type: ignore[call-overload]
    return ConfigError(file, "unknown_key_close", key=shown, suggestion=suggestion)


def _choices(options: tuple[str, ...]) -> Problem:
    """Options to choose from, said as "a", "b" or "c" in the reader's language."""
    return Problem.of("choices", items="\n".join(options))


_TYPE_CODES = {
    str: "config.type.str",
    bool: "config.type.bool",
    int: "config.type.int",
    list: "config.type.list",
    dict: "config.type.table",
}


def _choice(file: Path, key: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        options = _choices(tuple(f'"{a}"' for a in allowed))
        raise ConfigError(file, "choice", key=key, choices=options, value=toml_value(value))
    return value


def _expect_name(kind: Any) -> Problem:
    if kind == (bool, list):
        return Problem.of("config.type.bool_or_list")
    if isinstance(kind, tuple):
        return Problem.of("config.type.number")
    return Problem.of(_TYPE_CODES.get(kind, "config.type.str"))


def _check_type(file: Path, key: str, value: Any, kind: Any) -> None:
    ok = isinstance(value, kind) and not (
        kind is not bool
        and isinstance(value, bool)
        and bool not in (kind if isinstance(kind, tuple) else (kind,))
    )
    if not ok:
        raise ConfigError(
            file, "wrong_type", key=key, expected=_expect_name(kind), value=toml_value(value)
        )


def _check_url(file: Path, key: str, url: str, schemes: tuple[str, ...]) -> None:
    if not url.strip():
        raise ConfigError(file, "empty", key=key)
    if urls.scheme_allowed(url, schemes):
        return
    raise ConfigError(file, "url_scheme", key=key, schemes=_choices(schemes), value=toml_value(url))


def _table(
    file: Path, where: str, table: Any, schema: dict[str, Any], required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(
            file,
            "wrong_type",
            key=where,
            expected=Problem.of("config.type.table"),
            value=toml_value(table),
        )
    for key, value in table.items():
        if key not in schema:
            raise _unknown_key(file, key, list(schema), value, where)
        _check_type(file, f"{where}.{key}", value, schema[key])
    for key in required:
        if key not in table:
            raise ConfigError(file, "needs_key", where=where, key=key)
    return table
