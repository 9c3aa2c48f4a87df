"""The demo's sample content, read from samples.toml beside this module: fictional local news
of Kalimantan Barat, written for kalbartui (every person, quote and figure is invented)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Sample:
    """One demo article, written for the demo."""

    title: str
    author: str
    age: int  # minutes before the demo's "now"
    categories: tuple[str, ...]  # the feed categories it belongs to, then WordPress tags
    body: str  # HTML


def _samples(raw: list[dict[str, Any]]) -> tuple[Sample, ...]:
    return tuple(
        Sample(
            title=item["title"],
            author=item["author"],
            age=int(item["age"]),
            categories=tuple(item["categories"]),
            body="\n" + item["body"],
        )
        for item in raw
    )


_DATA: dict[str, Any] = tomllib.loads(
    resources.files("kalbartui.demo").joinpath("samples.toml").read_text(encoding="utf-8")
)

# Sidebar order of the KalbarOnline category feeds.
CATEGORIES: tuple[str, ...] = tuple(_DATA["categories"])
ARTICLES: tuple[Sample, ...] = _samples(_DATA["articles"])

# A small English-language feed: any RSS or Atom feed sits beside the WordPress ones.
ATOM_TITLE: str = _DATA["atom"]["title"]
ATOM_SUBTITLE: str = _DATA["atom"]["subtitle"]
ATOM_SITE: str = _DATA["atom"]["site"]
ATOM_CATEGORY: str = _DATA["atom"]["category"]
ATOM_ENTRIES: tuple[Sample, ...] = _samples(_DATA["atom"]["entries"])


@dataclass(frozen=True, slots=True)
class SmallFeed:
    """A small feed without a category, as an OPML file from another reader brings it."""

    title: str
    site: str
    entries: tuple[Sample, ...]


# Feeds without a category: the sidebar lists them on their own ("Other feeds").
SMALL_FEEDS: tuple[SmallFeed, ...] = tuple(
    SmallFeed(title=f["title"], site=f["site"], entries=_samples(f["entries"]))
    for f in _DATA.get("feeds", [])
)
