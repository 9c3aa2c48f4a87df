"""Writing to the user's config file: feeds and sites added by `kalbartui add`, an OPML import
or the reader's palette, keeping every comment and the layout the user gave the file (tomlkit).

The first file kalbartui writes starts with a commented header that says what the file is
and how to add feeds, and holds the default source (KalbarOnline) as a [[sources]] entry of
its own: before it, a config naming no feeds means "read KalbarOnline", and adding one feed
would silently have dropped it. A file that names no feeds yet gets the same entry written
out for the same reason. The result must read back as a valid config before it replaces the
old file, and the file is replaced whole or not at all.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kalbartui.config import (
    DEFAULT_SOURCE_URL,
    ConfigError,
    SourceConfig,
    ViewConfig,
    parse_config,
)
from kalbartui.files import atomic_write
from kalbartui.i18n import N_, translator
from kalbartui.models import FeedSpec
from kalbartui.problems import KalbarError, Problem

WIDTH = 92  # columns of the header's comment lines

_HEADER = (
    N_(
        "kalbartui's config file, in TOML. The README lists every setting with its default; "
        "`kalbartui paths` shows where this file and the article cache live."
    ),
    N_(
        "Your feeds are the entries below: each [[sources]] is a WordPress site (its front page "
        "and its categories), each [[feeds]] one RSS, Atom or JSON feed. Delete an entry to "
        "stop reading it."
    ),
    N_(
        "To add a site, run `kalbartui add URL` with any page of it, or choose “{action}” in "
        "the reader's command palette (ctrl+p). `kalbartui import-opml FILE` adds a whole feed "
        "list (from newsboat: `newsboat -e > feeds.opml`). kalbartui keeps your comments and "
        "layout when it adds feeds here."
    ),
)
ADD_ACTION = N_("Add a site…")  # the palette's title of the action, named in the header
_DEFAULT_KEPT = N_(
    "{name} was read by default while this file named no feeds; it is written here so that "
    "adding feeds keeps it."
)


class ConfigWriteError(KalbarError):
    """The config file was not changed; its Problem says why. `bad_input`: the file itself
    is at fault (the CLI's exit status 2), rather than the disk."""

    def __init__(self, problem: Problem, *, bad_input: bool = False) -> None:
        super().__init__(problem)
        self.bad_input = bad_input


def default_source() -> SourceConfig:
    """The source a config that names no feeds reads: KalbarOnline."""
    return SourceConfig(name="KalbarOnline", url=DEFAULT_SOURCE_URL)


def header(language: str) -> str:
    """The comment at the top of the first config file kalbartui writes."""
    tr = translator(language)
    paragraphs = [tr.gettext(p, action=tr.gettext(ADD_ACTION)) for p in _HEADER]
    blocks = [_comment(p) for p in paragraphs]
    return "\n#\n".join(blocks) + "\n"


def _comment(paragraph: str) -> str:
    # A command in backticks stays on one line, whole: it is there to be copied.
    kept = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\0"), paragraph)
    lines = textwrap.wrap(
        kept, WIDTH, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False
    )
    return "\n".join(lines).replace("\0", " ")


def first_config_text(language: str) -> str:
    """The first config file: the header, then the default source as an entry of its own."""
    return header(language) + "\n" + _source_block(default_source())


def _source_block(source: SourceConfig) -> str:
    import tomlkit

    doc = tomlkit.document()
    aot = tomlkit.aot()
    aot.append(_source_table(source))
    doc.append("sources", aot)
    return tomlkit.dumps(doc)


def _source_table(source: SourceConfig) -> Any:
    import tomlkit

    table = tomlkit.table()
    table.add("name", source.name)
    table.add("url", source.url)
    table.add("type", source.type)
    return table


def _feed_table(feed: FeedSpec) -> Any:
    import tomlkit

    table = tomlkit.table()
    table.add("url", feed.url)
    if feed.category:
        table.add("category", feed.category)
    if feed.name:
        table.add("name", feed.name)
    return table


def with_entries(
    existing: str | None,
    language: str,
    *,
    feeds: Sequence[FeedSpec] = (),
    sources: Sequence[SourceConfig] = (),
) -> str:
    """The config text with `sources` and `feeds` added as [[sources]] / [[feeds]] entries,
    each after the last entry of its kind, with a blank line before it; everything else as
    it was. `existing` None: there is no file yet (the first one, with its header).
    ValueError when the text is not TOML that can take such entries."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import AoT

    adding_default = any(s.url == DEFAULT_SOURCE_URL for s in sources)
    if existing is None:
        text = header(language) if adding_default else first_config_text(language)
        defaulted = False
    else:
        text = existing if not existing or existing.endswith("\n") else existing + "\n"
        try:
            defaulted = not ({"sources", "feeds"} & set(tomllib.loads(text)))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(str(exc)) from None
    try:
        doc = tomlkit.parse(text)
        if defaulted and not adding_default:
            # The file read KalbarOnline because it named no feeds: written out, it stays.
            doc.add(tomlkit.nl())
            comment = translator(language).gettext(_DEFAULT_KEPT, name=default_source().name)
            for line in textwrap.wrap(comment, WIDTH - 2):
                doc.add(tomlkit.comment(line))
            _append(doc, "sources", _source_table(default_source()), blank=False)
        for source in sources:
            _append(doc, "sources", _source_table(source))
        for feed in feeds:
            _append(doc, "feeds", _feed_table(feed))
        for key in ("sources", "feeds"):
            found = doc.get(key)
            added = sources if key == "sources" else feeds
            if added and isinstance(found, AoT) and list(doc.keys())[-1] != key:
                found[-1].add(tomlkit.nl())  # a blank line before the table that follows
        out = tomlkit.dumps(doc)
    except (TOMLKitError, TypeError, AttributeError) as exc:
        raise ValueError(str(exc)) from None
    return out if out.endswith("\n") else out + "\n"


def _append(doc: Any, key: str, table: Any, *, blank: bool = True) -> None:
    import tomlkit
    from tomlkit.items import AoT, Array

    found = doc.get(key)
    if blank and not (isinstance(found, AoT) and found[-1].as_string().endswith("\n\n")):
        table.trivia.indent = "\n"  # a blank line before each new entry
    if found is None:
        aot = tomlkit.aot()
        aot.append(table)
        doc.append(key, aot)
    elif isinstance(found, AoT):
        found.append(table)
    elif isinstance(found, Array):  # `feeds = [{url = "..."}]`, written inline
        inline = tomlkit.inline_table()
        inline.update(table.unwrap())
        found.append(inline)
    else:
        raise TypeError(f"'{key}' is not a list of tables")


def add_to_config(
    path: Path,
    language: str,
    *,
    feeds: Sequence[FeedSpec] = (),
    sources: Sequence[SourceConfig] = (),
) -> None:
    """Add entries to the config file at `path` (made, with its header, when missing).

    The new text must still be a valid config before it replaces the old file; raises
    ConfigWriteError otherwise, or when the file cannot be read or written.
    """
    existing = _read_text(path)
    try:
        candidate = with_entries(existing, language, feeds=feeds, sources=sources)
        parse_config(tomllib.loads(candidate), path)
    except (ValueError, ConfigError) as exc:
        cause = exc.problem if isinstance(exc, ConfigError) else Problem.of("text", text=str(exc))
        raise ConfigWriteError(
            Problem.of("feedlist.cannot_add", path=str(path), error=cause), bad_input=True
        ) from None
    _write_text(path, candidate)


def with_views(existing: str | None, language: str, views: Sequence[ViewConfig]) -> str:
    """The config text with `views` added as [[views]] entries after the last one, each with a
    blank line before it; everything else as it was. `existing` None: no file yet (the first
    one, with its header and the default source, so that KalbarOnline is still read).
    ValueError when the text is not TOML that can take such entries."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import AoT

    if existing is None:
        text = first_config_text(language)
    else:
        text = existing if not existing or existing.endswith("\n") else existing + "\n"
    try:
        doc = tomlkit.parse(text)
        for view in views:
            table = tomlkit.table()
            table.add("name", view.name)
            table.add("query", view.query)
            _append(doc, "views", table)
        found = doc.get("views")
        if views and isinstance(found, AoT) and list(doc.keys())[-1] != "views":
            found[-1].add(tomlkit.nl())  # a blank line before the table that follows
        out = tomlkit.dumps(doc)
    except (TOMLKitError, TypeError, AttributeError) as exc:
        raise ValueError(str(exc)) from None
    return out if out.endswith("\n") else out + "\n"


def add_views_to_config(path: Path, language: str, views: Sequence[ViewConfig]) -> list[ViewConfig]:
    """Add the views the file does not have yet (by name, any case) as [[views]] entries,
    keeping its comments and layout; returns those added. The new text must still be a valid
    config before it replaces the old file; ConfigWriteError otherwise."""
    existing = _read_text(path)
    try:
        present = parse_config(tomllib.loads(existing or ""), path).views
        names = {v.name.casefold() for v in present}
        new: list[ViewConfig] = []
        for view in views:
            if view.name.casefold() not in names:
                names.add(view.name.casefold())
                new.append(view)
        if not new:
            return []
        candidate = with_views(existing, language, new)
        parse_config(tomllib.loads(candidate), path)
    except (ValueError, ConfigError) as exc:
        cause = exc.problem if isinstance(exc, ConfigError) else Problem.of("text", text=str(exc))
        raise ConfigWriteError(
            Problem.of("views.cannot_add", path=str(path), error=cause), bad_input=True
        ) from None
    _write_text(path, candidate)
    return new


def _read_text(path: Path) -> str | None:
    """The config file's text; None when there is no file yet; ConfigWriteError when it
    cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigWriteError(
            Problem.of("feedlist.cannot_read", path=str(path), error=error)
        ) from None


def _write_text(path: Path, candidate: str) -> None:
    """Replace the config file with `candidate`, whole or not at all."""
    try:
        atomic_write(path, candidate)
    except OSError as exc:
        raise ConfigWriteError(
            Problem.of("feedlist.cannot_write", path=str(path), error=exc.strerror or str(exc))
        ) from None
