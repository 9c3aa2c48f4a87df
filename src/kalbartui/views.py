"""Saved views ([[views]] in the config): each a query of the query language shown as a
sidebar entry with its counts. The ready presets, and writing views into the config file.
Both faces come here through the core: `kalbartui views` and the reader's sidebar read the
same counts, `views --preset` and the palette's "Save search as view…" write the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kalbartui.config import Config, ViewConfig
from kalbartui.config.file import ConfigWriteError, add_views_to_config
from kalbartui.problems import KalbarError, Problem
from kalbartui.store import Query, Store

# Kalimantan Barat's 14 kabupaten and kota, each with the spellings and places the news uses
# for it. A place's name that is also a common word or another place's is asked for in the
# words that make it this one: Kapuas alone is a river (and a kabupaten in Central
# Kalimantan), so Kapuas Hulu is the phrase or its capital, Putussibau; Landak alone is an
# animal, so it is the kabupaten's name in a phrase or its capital, Ngabang.
KALBAR: tuple[ViewConfig, ...] = (
    ViewConfig("Pontianak", "pontianak"),
    ViewConfig("Singkawang", "singkawang"),
    ViewConfig("Sambas", "sambas"),
    ViewConfig("Bengkayang", "bengkayang"),
    ViewConfig(
        "Landak",
        '"kabupaten landak" OR "bupati landak" OR "pemkab landak" OR "polres landak" '
        'OR "dprd landak" OR ngabang',
    ),
    ViewConfig("Mempawah", "mempawah"),
    ViewConfig("Sanggau", "sanggau"),
    ViewConfig("Sekadau", "sekadau"),
    ViewConfig("Sintang", "sintang"),
    ViewConfig("Melawi", 'melawi OR "nanga pinoh"'),
    ViewConfig("Kapuas Hulu", '"kapuas hulu" OR putussibau'),
    ViewConfig("Ketapang", "ketapang"),
    ViewConfig("Kayong Utara", '"kayong utara" OR sukadana'),
    ViewConfig("Kubu Raya", '"kubu raya" OR kuburaya'),
)
PRESETS: dict[str, tuple[ViewConfig, ...]] = {"kalbar": KALBAR}


class ViewError(KalbarError):
    """A view that cannot be named, read or written; its Problem says why. `bad_input`: the
    user's words or the config file are at fault (the CLI's exit status 2)."""

    def __init__(self, problem: Problem, *, bad_input: bool = True) -> None:
        super().__init__(problem)
        self.bad_input = bad_input


@dataclass(frozen=True, slots=True)
class ViewCount:
    """A saved view with its unread and total counts."""

    name: str
    query: str
    unread: int
    total: int


def view_named(config: Config, name: str) -> ViewConfig:
    """The saved view of this name (any case); ViewError naming the views there are."""
    found = config.view_named(name)
    if found is not None:
        return found
    if not config.views:
        raise ViewError(Problem.of("views.none", name=repr(name)))
    names = ", ".join(v.name for v in config.views)
    raise ViewError(Problem.of("views.unknown", name=repr(name), names=names))


def view_query(config: Config, view: ViewConfig, now: datetime) -> Query:
    """The list a saved view shows, its dates placed at `now` (the config checked the query)."""
    return Query.search(view.query, now=now, tz=config.tz())


def unread_counts(
    store: Store, config: Config, now: datetime, views: Sequence[ViewConfig] | None = None
) -> list[int]:
    """Each view's unread count, in order: what the sidebar shows (any thread, any store)."""
    from dataclasses import replace

    return [
        store.count(replace(view_query(config, view, now), unread_only=True))
        for view in (config.views if views is None else views)
    ]


def unread_counts_as_of(store: Store, config: Config, now: datetime) -> tuple[list[int], int]:
    """Each view's unread count and the newest article id they include, read together (one
    snapshot): the base that `unread_since` adds a landing feed's articles to."""
    with store.snapshot():
        newest = store.newest_article_id()
        return unread_counts(store, config, now), newest


def unread_since(store: Store, config: Config, now: datetime, after_id: int) -> list[int]:
    """How many unread articles stored after `after_id` each view lists, in order: what a
    landing feed added to the counts, read from the new rows alone."""
    from dataclasses import replace

    return [
        store.count_since(replace(view_query(config, view, now), unread_only=True), after_id)
        for view in config.views
    ]


def counts(store: Store, config: Config, now: datetime) -> list[ViewCount]:
    """Each view with its unread and total counts."""
    unread = unread_counts(store, config, now)
    return [
        ViewCount(v.name, v.query, n, store.count(view_query(config, v, now)))
        for v, n in zip(config.views, unread, strict=True)
    ]


def preset(name: str) -> tuple[ViewConfig, ...]:
    """A ready set of views by name; ViewError naming the presets there are."""
    found = PRESETS.get(name.casefold())
    if found is None:
        raise ViewError(
            Problem.of("views.unknown_preset", name=repr(name), names=", ".join(PRESETS))
        )
    return found


def add_views(path: Path, language: str, views: Sequence[ViewConfig]) -> list[ViewConfig]:
    """Write the views the config file lacks (by name) as [[views]], keeping its comments;
    returns those added."""
    try:
        return add_views_to_config(path, language, views)
    except ConfigWriteError as exc:
        raise ViewError(exc.problem, bad_input=exc.bad_input) from None
