"""The TOML config, read into frozen dataclasses. Every mistake is one ConfigError sentence."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import cached_property
from pathlib import Path
from typing import Any

from kalbartui import addresses, keymap, urls
from kalbartui.config.checks import (
    _TOP_KEYS,
    _check_type,
    _check_url,
    _choice,
    _choices,
    _table,
    _unknown_key,
    nearest,
    toml_value,
)
from kalbartui.config.checks import (
    ConfigError as ConfigError,
)
from kalbartui.config.queries import (
    ViewConfig as ViewConfig,
)
from kalbartui.config.queries import (
    _alerts,
    _notify_command,
    _notify_rules,
    _rule,
    _views,
)
from kalbartui.i18n.catalog import available_languages
from kalbartui.models import AlertSpec, FeedSpec, Language, Rule, SourceType
from kalbartui.problems import Problem

DEFAULT_SOURCE_URL = "https://www.kalbaronline.com/"


@dataclass(frozen=True)
class SourceConfig:
    """A site under [[sources]]: its categories become feeds of their own."""

    name: str
    url: str
    type: SourceType = "wordpress"
    categories: tuple[str, ...] = ()
    max_categories: int = 12
    full_text: str = ""  # "auto" | "always" | "never"; "" = the global setting
    # The settings of every feed of the site; None or "" = the global one.
    refresh_interval_minutes: int | None = None
    keep_days: int | None = None
    images: str = ""
    user_agent: str = ""
    fetch_private_addresses: bool | tuple[str, ...] | None = None  # None = the global setting


@dataclass(frozen=True)
class FeedSettings:
    """One feed's settings: its own entry's, else its source's, else the global ones."""

    refresh_interval_minutes: int
    keep_days: int
    full_text: str
    images: str
    user_agent: str  # "" = kalbartui's own


# What `fetch_private_addresses` may say: false, true, or host names and networks.
PrivateAddresses = bool | tuple[str, ...]


@dataclass(frozen=True)
class SyncConfig:
    """[sync]: a Google Reader API server is the source of feeds, articles and read state."""

    url: str
    username: str
    type: str = "greader"
    password_command: tuple[str, ...] = ()
    password: str = field(default="", repr=False)  # never shown, logged or stored

    @property
    def bare_url(self) -> str:
        """The server's URL without a user name or password written into it: what is shown,
        and what is asked (userinfo would become a Basic Authorization header, which the
        API's own GoogleLogin header has to replace; `username` and `password` are the
        credentials)."""
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.url)
        if "@" not in parts.netloc:
            return self.url
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


@dataclass(frozen=True)
class Config:
    """Everything config.toml can set, with the defaults a missing file gives."""

    language: Language = "en"
    timezone: str = ""  # "" = the system's
    refresh_on_start: bool = True
    refresh_interval_minutes: int = 30
    timeout_seconds: float = 20.0
    max_concurrency: int = 16  # feeds in flight, all hosts together
    max_feed_bytes: int = 10 * 1024 * 1024
    keep_days: int = 90
    mark_read_after_seconds: float = 2.0  # resting on an article the user moved to; 0 = never
    sources: tuple[SourceConfig, ...] = ()
    feeds: tuple[FeedSpec, ...] = ()
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    sync: SyncConfig | None = None
    full_text: str = "auto"  # fetch the article's page when the feed carries only a summary
    images: str = "auto"  # "auto" (best the terminal has), "cells" (half blocks), "off"
    image_cache_mb: int = 200
    browser: str = ""  # "w3m %u": a command line (no shell), %u the link; "" = $BROWSER
    browser_terminal: bool | None = None  # it runs in the terminal; None = known by its name
    list_style: str = "normal"  # "normal" (two lines a row) or "compact" (one)
    views: tuple[ViewConfig, ...] = ()  # [[views]], in the file's order
    rules: tuple[Rule, ...] = ()  # [[rules]], in the order written

    @property
    def notify_rules(self) -> tuple[Rule, ...]:
        """The rules whose action is "notify" (what the alerts deliver)."""
        return tuple(r for r in self.rules if r.action == "notify")

    # Linked pages and pictures come from public addresses and the feed's own origin; this
    # allows more: True (any address), or host names and networks ("nas.local", "10.0.0.0/8").
    fetch_private_addresses: PrivateAddresses = False
    # The queries whose new articles the user is told of, in the order written: the
    # [[alerts]] entries (and, with [[rules]], the rules whose action is "notify").
    alerts: tuple[AlertSpec, ...] = ()
    # Run once per alert outside the reader: a program and its arguments (never a shell),
    # "{title}" and "{link}" in an argument replaced by the headline and the link.
    notify_command: tuple[str, ...] = ()

    def view_named(self, name: str) -> ViewConfig | None:
        """The saved view of this name (any case), or None."""
        wanted = name.casefold()
        return next((v for v in self.views if v.name.casefold() == wanted), None)

    def private_addresses_for(self, feed_url: str, source: str = "") -> PrivateAddresses:
        """The fetch_private_addresses of one feed: its own, else its source's, else the
        global one."""
        for feed in self.feeds:
            if feed.url == feed_url and feed.fetch_private_addresses is not None:
                return feed.fetch_private_addresses
        for src in self.sources:
            if source and src.name == source and src.fetch_private_addresses is not None:
                return src.fetch_private_addresses
        return self.fetch_private_addresses

    def full_text_for(self, feed_url: str, source: str = "") -> str:
        """The full_text mode of one feed: its own, else its source's, else the global one."""
        return self.settings_for(feed_url, source).full_text

    def settings_for(self, feed_url: str, source: str = "") -> FeedSettings:
        """One feed's settings: what its [[feeds]] entry sets, else its [[sources]] entry,
        else the global setting."""
        feeds, sources = self._entries
        own = feeds.get(feed_url)
        site = sources.get(source) if source else None

        def pick(key: str, fallback: Any) -> Any:
            for entry in (own, site):
                value = getattr(entry, key, None)
                if value is not None and value != "":
                    return value
            return fallback

        return FeedSettings(
            refresh_interval_minutes=pick(
                "refresh_interval_minutes", self.refresh_interval_minutes
            ),
            keep_days=pick("keep_days", self.keep_days),
            full_text=pick("full_text", self.full_text),
            images=pick("images", self.images),
            user_agent=pick("user_agent", ""),
        )

    @cached_property
    def _entries(self) -> tuple[dict[str, FeedSpec], dict[str, SourceConfig]]:
        """The [[feeds]] by URL and the [[sources]] by name (the first of each), looked up
        for every feed of a list of hundreds."""
        feeds: dict[str, FeedSpec] = {}
        for feed in self.feeds:
            feeds.setdefault(feed.url, feed)
        sources: dict[str, SourceConfig] = {}
        for src in self.sources:
            sources.setdefault(src.name, src)
        return feeds, sources

    def tz(self) -> tzinfo | None:
        """The configured zone, or None for the system's local time."""
        if not self.timezone:
            return None
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)


def default_language(environ: os._Environ[str] | dict[str, str] | None = None) -> Language:
    """The locale's language (LC_ALL, LC_MESSAGES, LANG: the first one set) when kalbartui has
    a catalog for it, English otherwise."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            code = value.split(".")[0].split("@")[0].lower()
            for candidate in (code.replace("-", "_"), code.split("_")[0]):
                if candidate in available_languages():
                    return candidate
            return "en"
    return "en"


def default_sources() -> tuple[SourceConfig, ...]:
    """The source a new user starts with: KalbarOnline."""
    return (SourceConfig(name="KalbarOnline", url=DEFAULT_SOURCE_URL),)


FULL_TEXT_MODES = ("auto", "always", "never")
IMAGE_MODES = ("auto", "cells", "off")
LIST_STYLES = ("normal", "compact")


def _private_addresses(file: Path, key: str, value: bool | list[Any]) -> PrivateAddresses:
    """`fetch_private_addresses`: true, false, or host names and networks (CIDR)."""
    if isinstance(value, bool):
        return value
    for entry in value:
        if not isinstance(entry, str) or not (
            addresses.parse_network(entry) is not None or addresses.is_host_name(entry)
        ):
            raise ConfigError(file, "private_addresses", key=key, value=toml_value(entry))
    return tuple(entry.strip() for entry in value)


# What a [[feeds]] or [[sources]] entry may set for its own feeds, over the global setting.
_FEED_SETTINGS = {
    "full_text": str,
    "refresh_interval_minutes": int,
    "keep_days": int,
    "images": str,
    "user_agent": str,
    "fetch_private_addresses": (bool, list),
}


def _feed_settings(file: Path, where: str, t: dict[str, Any]) -> dict[str, Any]:
    """The per-feed settings of one entry, checked: those it leaves out are not in the dict."""
    out: dict[str, Any] = {}
    for key in ("refresh_interval_minutes", "keep_days"):
        if key in t:
            if t[key] < 0:
                raise ConfigError(
                    file, "at_least", key=f"{where}.{key}", low="0", value=toml_value(t[key])
                )
            out[key] = t[key]
    if t.get("full_text"):
        out["full_text"] = _choice(file, f"{where}.full_text", t["full_text"], FULL_TEXT_MODES)
    if t.get("images"):
        out["images"] = _choice(file, f"{where}.images", t["images"], IMAGE_MODES)
    if "user_agent" in t:
        agent = t["user_agent"]
        # Sent as an HTTP header: printable ASCII on one line, nothing a server could split.
        if not agent.strip() or len(agent) > 300 or not all(" " <= ch <= "~" for ch in agent):
            raise ConfigError(file, "user_agent", key=f"{where}.user_agent")
        out["user_agent"] = agent.strip()
    if "fetch_private_addresses" in t:
        out["fetch_private_addresses"] = _private_addresses(
            file, f"{where}.fetch_private_addresses", t["fetch_private_addresses"]
        )
    return out


def parse_config(data: dict[str, Any], file: Path) -> Config:
    """Turn a parsed TOML document into a Config, or raise ConfigError."""
    try:
        return _parse_config(data, file)
    except ConfigError as exc:
        # The error is worded in the language the file asks for, when it says one.
        language = data.get("language")
        if exc.language is None and language in available_languages():
            exc.language = language
        raise


def _parse_config(data: dict[str, Any], file: Path) -> Config:
    for key, value in data.items():
        if key not in _TOP_KEYS:
            raise _unknown_key(file, key, list(_TOP_KEYS), value)
        _check_type(file, key, value, _TOP_KEYS[key])

    language = data.get("language", default_language())
    if language not in available_languages():
        choices = _choices(tuple(f'"{code}"' for code in available_languages()))
        raise ConfigError(file, "language", value=toml_value(language), choices=choices)
    timezone = data.get("timezone", "")
    if timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(file, "timezone", value=toml_value(timezone)) from None

    def bounded(key: str, default: float, low: float, high: float | None = None) -> Any:
        value = data.get(key, default)
        if high is not None and not low <= value <= high:
            raise ConfigError(
                file,
                "between",
                key=key,
                low=toml_value(low),
                high=toml_value(high),
                value=toml_value(value),
            )
        if value < low:
            raise ConfigError(
                file, "at_least", key=key, low=toml_value(low), value=toml_value(value)
            )
        return value

    sources = []
    for i, raw in enumerate(data.get("sources", [])):
        where = f"sources[{i}]"
        t = _table(
            file, where, raw,
            {"name": str, "url": str, "type": str, "categories": list, "max_categories": int,
             **_FEED_SETTINGS},
            ("url",),
        )  # fmt: skip
        _check_url(file, f"{where}.url", t["url"], urls.WEB_SCHEMES)
        if t.get("type", "wordpress") != "wordpress":
            raise ConfigError(file, "source_type", key=f"{where}.type", value=toml_value(t["type"]))
        cats = t.get("categories", [])
        if not all(isinstance(c, str) for c in cats):
            raise ConfigError(file, "string_list", key=f"{where}.categories")
        maxc = t.get("max_categories", 12)
        if maxc < 0:
            raise ConfigError(
                file, "at_least", key=f"{where}.max_categories", low="0", value=toml_value(maxc)
            )
        url = t["url"] if t["url"].endswith("/") else t["url"] + "/"
        name = t.get("name") or _host(url)
        sources.append(
            SourceConfig(
                name=name,
                url=url,
                categories=tuple(cats),
                max_categories=maxc,
                **_feed_settings(file, where, t),
            )
        )

    feeds = []
    for i, raw in enumerate(data.get("feeds", [])):
        where = f"feeds[{i}]"
        t = _table(
            file, where, raw,
            {"url": str, "category": str, "name": str, **_FEED_SETTINGS},
            ("url",),
        )  # fmt: skip
        _check_url(file, f"{where}.url", t["url"], urls.FETCH_SCHEMES)
        feeds.append(
            FeedSpec(
                url=t["url"],
                category=t.get("category", ""),
                name=t.get("name", ""),
                **_feed_settings(file, where, t),
            )  # fmt: skip
        )

    keys = _check_keys(file, data.get("keys", {}))
    views = _views(file, data.get("views", []))
    rules = tuple(_rule(file, i, raw) for i, raw in enumerate(data.get("rules", [])))

    if "sources" not in data and "feeds" not in data:
        sources_t = default_sources()
    else:
        sources_t = tuple(sources)

    return Config(
        sync=_sync_config(file, data["sync"]) if "sync" in data else None,
        language=language,
        timezone=timezone,
        refresh_on_start=data.get("refresh_on_start", True),
        refresh_interval_minutes=bounded("refresh_interval_minutes", 30, 0),
        timeout_seconds=float(bounded("timeout_seconds", 20, 1, 600)),
        max_concurrency=bounded("max_concurrency", 16, 1, 64),
        max_feed_bytes=bounded("max_feed_bytes", 10 * 1024 * 1024, 1024),
        keep_days=bounded("keep_days", 90, 0),
        mark_read_after_seconds=float(bounded("mark_read_after_seconds", 2, 0, 3600)),
        sources=sources_t,
        feeds=tuple(feeds),
        keys=dict(keys),
        path=file,
        full_text=_choice(file, "full_text", data.get("full_text", "auto"), FULL_TEXT_MODES),
        images=_choice(file, "images", data.get("images", "auto"), IMAGE_MODES),
        image_cache_mb=bounded("image_cache_mb", 200, 0),
        browser=_browser(file, data.get("browser", "")),
        browser_terminal=data.get("browser_terminal"),
        list_style=_choice(file, "list_style", data.get("list_style", "normal"), LIST_STYLES),
        alerts=_alerts(file, data.get("alerts", [])) + _notify_rules(rules),
        notify_command=_notify_command(file, data),
        views=views,
        rules=rules,
        fetch_private_addresses=_private_addresses(
            file, "fetch_private_addresses", data.get("fetch_private_addresses", False)
        ),
    )


def _browser(file: Path, command: str) -> str:
    """`browser`: a program and its arguments, split as a shell would (it is never run by one)."""
    import shlex

    try:
        args = shlex.split(command)
    except ValueError:  # a quote not closed
        args = []
    if command and not args:
        raise ConfigError(file, "browser", value=toml_value(command))
    return command


def _check_keys(file: Path, keys: dict[str, Any]) -> dict[str, str]:
    """`[keys]`: every id names an action, every value names keys, no key does two things."""
    for binding_id, value in keys.items():
        if binding_id not in keymap.BINDING_IDS:
            close = nearest(binding_id, keymap.BINDING_IDS)
            if close:
                raise ConfigError(
                    file, "unknown_binding_close", key=f"keys.{binding_id}", suggestion=close
                )
            raise ConfigError(file, "unknown_binding", key=f"keys.{binding_id}")
        if not isinstance(value, str):
            raise ConfigError(file, "key_string", key=f"keys.{binding_id}", value=toml_value(value))
        if not keymap.split_keys(value):
            raise ConfigError(file, "no_keys", key=f"keys.{binding_id}")
        for key in keymap.split_keys(value):
            if key in keymap.RESERVED_KEYS:
                raise ConfigError(
                    file, "key_reserved", key=f"keys.{binding_id}", binding=key,
                    other=Problem.of("msgid", text=keymap.RESERVED_KEYS[key]),
                )  # fmt: skip
    clash = keymap.find_clash(keys)
    if clash is not None:
        key, mine, other = clash
        raise ConfigError(file, "key_clash", key=f"keys.{mine}", binding=key, other=other)
    return dict(keys)


def _sync_config(file: Path, raw: Any) -> SyncConfig:
    if isinstance(raw, dict) and "password" in raw and not isinstance(raw["password"], str):
        # Said without the value: a password must not reach an error message.
        raise ConfigError(file, "sync_password")
    t = _table(
        file, "sync", raw,
        {"type": str, "url": str, "username": str, "password_command": list, "password": str},
        ("url", "username"),
    )  # fmt: skip
    kind = t.get("type", "greader")
    if kind != "greader":
        raise ConfigError(file, "sync_type", value=toml_value(kind))
    _check_url(file, "sync.url", t["url"], ("http", "https"))
    if not t["username"].strip():
        raise ConfigError(file, "empty", key="sync.username")
    command = t.get("password_command", [])
    if "password_command" in t and (
        not command or not all(isinstance(a, str) and a for a in command)
    ):
        raise ConfigError(file, "sync_password_command")
    if command and "password" in t:
        raise ConfigError(file, "sync_both_passwords")
    return SyncConfig(
        url=t["url"].rstrip("/"),
        username=t["username"],
        type=kind,
        password_command=tuple(command),
        password=t.get("password", ""),
    )


def _host(url: str) -> str:
    return urls.host(url)


def load_config(path: Path, *, required: bool = False) -> Config:
    """Read the config file; a missing file gives the defaults (the KalbarOnline source).

    `required`: the user named this file (`--config`), so its absence is an error.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError(path, "missing_file") from None
        return Config(language=default_language(), sources=default_sources(), path=None)
    except IsADirectoryError:
        raise ConfigError(path, "unreadable", error="is a directory") from None
    except OSError as exc:
        raise ConfigError(path, "unreadable", error=exc.strerror or str(exc)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, "not_utf8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "not_toml", error=str(exc)) from None
    return parse_config(data, path)
