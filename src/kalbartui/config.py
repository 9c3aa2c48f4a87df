"""The TOML config, read into frozen dataclasses. Every mistake is one ConfigError sentence."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

DEFAULT_SOURCE_URL = "https://www.kalbaronline.com/"


class ConfigError(Exception):
    """A config problem, worded for the user: file, key, what was expected."""


@dataclass(frozen=True)
class SourceConfig:
    name: str
    url: str
    type: str = "wordpress"
    categories: tuple[str, ...] = ()
    max_categories: int = 12
    full_text: str = ""  # "auto" | "always" | "never"; "" = the global setting


@dataclass(frozen=True)
class FeedConfig:
    url: str
    category: str = ""
    name: str = ""
    source: str = ""  # not read from TOML: set for feeds that belong to a site (the demo)
    full_text: str = ""  # "auto" | "always" | "never"; "" = the source's or the global setting


@dataclass(frozen=True)
class Config:
    language: str = "en"
    timezone: str = ""  # "" = the system's
    refresh_on_start: bool = True
    refresh_interval_minutes: int = 30
    timeout_seconds: float = 20.0
    max_concurrency: int = 8
    max_feed_bytes: int = 10 * 1024 * 1024
    keep_days: int = 90
    sources: tuple[SourceConfig, ...] = ()
    feeds: tuple[FeedConfig, ...] = ()
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    full_text: str = "auto"  # fetch the article's page when the feed carries only a summary
    images: str = "auto"  # "auto" (best the terminal has), "cells" (half blocks), "off"
    image_cache_mb: int = 200

    def full_text_for(self, feed_url: str, source: str = "") -> str:
        """The full_text mode of one feed: its own, else its source's, else the global one."""
        for feed in self.feeds:
            if feed.url == feed_url and feed.full_text:
                return feed.full_text
        for src in self.sources:
            if source and src.name == source and src.full_text:
                return src.full_text
        return self.full_text

    def tz(self) -> tzinfo | None:
        """The configured zone, or None for the system's local time."""
        if not self.timezone:
            return None
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)


def default_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "id" if value.lower().startswith("id") else "en"
    return "en"


def default_sources() -> tuple[SourceConfig, ...]:
    return (SourceConfig(name="KalbarOnline", url=DEFAULT_SOURCE_URL),)


_TOP_KEYS = {
    "language": str,
    "timezone": str,
    "refresh_on_start": bool,
    "refresh_interval_minutes": int,
    "timeout_seconds": (int, float),
    "max_concurrency": int,
    "max_feed_bytes": int,
    "keep_days": int,
    "sources": list,
    "feeds": list,
    "keys": dict,
    "full_text": str,
    "images": str,
    "image_cache_mb": int,
}
FULL_TEXT_MODES = ("auto", "always", "never")
IMAGE_MODES = ("auto", "cells", "off")


def _choice(file: Path, key: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        quoted = ", ".join(f'"{a}"' for a in allowed[:-1]) + f' or "{allowed[-1]}"'
        raise ConfigError(f"{file}: '{key}' must be {quoted}, not {value!r}")
    return value


_TYPE_NAMES = {
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    list: "a list",
    dict: "a table",
}


def _expect_name(kind: Any) -> str:
    if isinstance(kind, tuple):
        return "a number"
    return _TYPE_NAMES.get(kind, kind.__name__)


def _check_type(file: Path, key: str, value: Any, kind: Any) -> None:
    ok = isinstance(value, kind) and not (
        kind is not bool
        and isinstance(value, bool)
        and bool not in (kind if isinstance(kind, tuple) else (kind,))
    )
    if not ok:
        raise ConfigError(f"{file}: '{key}' must be {_expect_name(kind)}, not {value!r}")


def _check_url(file: Path, key: str, url: str, schemes: tuple[str, ...]) -> None:
    from urllib.parse import urlsplit

    if not url.strip():
        raise ConfigError(f"{file}: '{key}' must not be empty")
    scheme = urlsplit(url).scheme.lower()
    if scheme in schemes:
        return
    # A plain filesystem path is allowed wherever file: URLs are.
    if "file" in schemes and (scheme == "" or len(scheme) == 1):
        return
    raise ConfigError(f"{file}: '{key}' must be an {' or '.join(schemes)} URL, not {url!r}")


def _table(
    file: Path, where: str, table: Any, schema: dict[str, Any], required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: '{where}' must be a table, not {table!r}")
    for key, value in table.items():
        if key not in schema:
            raise ConfigError(
                f"{file}: unknown key '{where}.{key}' (expected one of: {', '.join(schema)})"
            )
        _check_type(file, f"{where}.{key}", value, schema[key])
    for key in required:
        if key not in table:
            raise ConfigError(f"{file}: '{where}' needs a '{key}' key")
    return table


def parse_config(data: dict[str, Any], file: Path) -> Config:
    """Turn a parsed TOML document into a Config, or raise ConfigError."""
    for key, value in data.items():
        if key not in _TOP_KEYS:
            raise ConfigError(
                f"{file}: unknown key '{key}' (expected one of: {', '.join(_TOP_KEYS)})"
            )
        _check_type(file, key, value, _TOP_KEYS[key])

    language = data.get("language", default_language())
    if language not in ("id", "en"):
        raise ConfigError(f'{file}: \'language\' must be "id" or "en", not {language!r}')
    timezone = data.get("timezone", "")
    if timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{file}: 'timezone' must be an IANA zone such as \"Asia/Pontianak\", not {timezone!r}"
            ) from None

    def bounded(key: str, default: float, low: float, high: float | None = None) -> Any:
        value = data.get(key, default)
        if value < low or (high is not None and value > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ConfigError(f"{file}: '{key}' must be {span}, not {value!r}")
        return value

    sources = []
    for i, raw in enumerate(data.get("sources", [])):
        where = f"sources[{i}]"
        t = _table(
            file, where, raw,
            {"name": str, "url": str, "type": str, "categories": list, "max_categories": int,
             "full_text": str},
            ("url",),
        )  # fmt: skip
        _check_url(file, f"{where}.url", t["url"], ("http", "https"))
        if t.get("type", "wordpress") != "wordpress":
            raise ConfigError(f"{file}: '{where}.type' must be \"wordpress\", not {t['type']!r}")
        cats = t.get("categories", [])
        if not all(isinstance(c, str) for c in cats):
            raise ConfigError(f"{file}: '{where}.categories' must be a list of strings")
        maxc = t.get("max_categories", 12)
        if maxc < 0:
            raise ConfigError(f"{file}: '{where}.max_categories' must be at least 0, not {maxc}")
        url = t["url"] if t["url"].endswith("/") else t["url"] + "/"
        name = t.get("name") or _host(url)
        full = t.get("full_text", "")
        if full:
            _choice(file, f"{where}.full_text", full, FULL_TEXT_MODES)
        sources.append(
            SourceConfig(
                name=name, url=url, categories=tuple(cats), max_categories=maxc, full_text=full
            )
        )

    feeds = []
    for i, raw in enumerate(data.get("feeds", [])):
        where = f"feeds[{i}]"
        t = _table(
            file, where, raw,
            {"url": str, "category": str, "name": str, "full_text": str},
            ("url",),
        )  # fmt: skip
        _check_url(file, f"{where}.url", t["url"], ("http", "https", "file"))
        full = t.get("full_text", "")
        if full:
            _choice(file, f"{where}.full_text", full, FULL_TEXT_MODES)
        feeds.append(
            FeedConfig(
                url=t["url"],
                category=t.get("category", ""),
                name=t.get("name", ""),
                full_text=full,
            )  # fmt: skip
        )

    keys = data.get("keys", {})
    for k, v in keys.items():
        if not isinstance(v, str):
            raise ConfigError(
                f"{file}: 'keys.{k}' must be a string of keys such as \"j,down\", not {v!r}"
            )

    if "sources" not in data and "feeds" not in data:
        sources_t = default_sources()
    else:
        sources_t = tuple(sources)

    return Config(
        language=language,
        timezone=timezone,
        refresh_on_start=data.get("refresh_on_start", True),
        refresh_interval_minutes=bounded("refresh_interval_minutes", 30, 0),
        timeout_seconds=float(bounded("timeout_seconds", 20, 1, 600)),
        max_concurrency=bounded("max_concurrency", 8, 1, 64),
        max_feed_bytes=bounded("max_feed_bytes", 10 * 1024 * 1024, 1024),
        keep_days=bounded("keep_days", 90, 0),
        sources=sources_t,
        feeds=tuple(feeds),
        keys=dict(keys),
        path=file,
        full_text=_choice(file, "full_text", data.get("full_text", "auto"), FULL_TEXT_MODES),
        images=_choice(file, "images", data.get("images", "auto"), IMAGE_MODES),
        image_cache_mb=bounded("image_cache_mb", 200, 0),
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def load_config(path: Path) -> Config:
    """Read the config file; a missing file gives the defaults (the KalbarOnline source)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(language=default_language(), sources=default_sources(), path=None)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML ({exc})") from None
    return parse_config(data, path)
