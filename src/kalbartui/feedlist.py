"""The user's feed list as OPML: exported to a file, or imported from one into the config.

Both faces come here through the core (`kalbartui import-opml` / `export-opml`, the reader's
palette); this reads the config and the stored feeds, writes files, and never touches the
network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kalbartui.config import Config
from kalbartui.config.file import ConfigWriteError, add_to_config
from kalbartui.feeds.opml import OpmlError, read_opml, write_opml
from kalbartui.feeds.wordpress import front_feed_url
from kalbartui.files import atomic_write
from kalbartui.models import Feed, FeedSpec
from kalbartui.paths import Paths
from kalbartui.problems import KalbarError, Problem

EXPORT_NAME = "kalbartui-feeds.opml"


class FeedListError(KalbarError):
    """An import or export that did not happen; its Problem says why.

    `bad_input`: the OPML file or the config it would change is at fault (the CLI's exit
    status 2), rather than the disk.
    """

    def __init__(self, problem: Problem, *, bad_input: bool = False) -> None:
        super().__init__(problem)
        self.bad_input = bad_input


@dataclass(frozen=True)
class Imported:
    """What an import did: feeds added to `config_file`, and (url, reason) of those skipped."""

    added: int
    skipped: tuple[tuple[str, Problem], ...]
    config_file: Path


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the file, and how many feeds it lists."""

    path: Path
    count: int


def specs_for_export(config: Config, stored: Sequence[Feed]) -> list[FeedSpec]:
    """What an OPML export lists: the configured feeds, then the feeds only the cache knows;
    before the first refresh (nothing stored), each WordPress source's front-page feed. A
    configured feed without a name is named by its own title, as the cache has it."""
    titles = {f.url: f.title for f in stored if f.title}
    specs = [
        FeedSpec(url=f.url, category=f.category, name=f.name or titles.get(f.url, ""))
        for f in config.feeds
    ]
    if not stored:
        return specs + [
            FeedSpec(url=front_feed_url(s.url), name=s.name, source=s.name) for s in config.sources
        ]
    known = {f.url for f in specs}
    return specs + [
        FeedSpec(url=f.url, category=f.category, name=f.display_name, source=f.source)
        for f in stored
        if f.url not in known
    ]


def opml_text(config: Config, stored: Sequence[Feed]) -> tuple[str, int]:
    """Every feed as OPML, and how many feeds that is."""
    specs = specs_for_export(config, stored)
    return write_opml(specs), len(specs)


def export_opml(
    config: Config, stored: Sequence[Feed], paths: Paths, target: Path | None = None
) -> Exported:
    """Write every feed as OPML into `target` (default: the data dir)."""
    text, count = opml_text(config, stored)
    path = target if target is not None else paths.data_dir / EXPORT_NAME
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise FeedListError(_os_problem("feedlist.cannot_write", path, exc)) from None
    return Exported(path, count)


def import_opml(config: Config, paths: Paths, source: Path) -> Imported:
    """Add the feeds of an OPML file that the config lacks to the config file."""
    try:
        result = read_opml(source)
    except OpmlError as exc:
        raise FeedListError(exc.problem, bad_input=True) from None
    known = {f.url for f in config.feeds}
    new = [f for f in result.feeds if f.url not in known]
    target = paths.config
    if not new:
        return Imported(0, tuple(result.skipped), target)
    try:
        add_to_config(target, config.language, feeds=new)
    except ConfigWriteError as exc:
        raise FeedListError(exc.problem, bad_input=exc.bad_input) from None
    return Imported(len(new), tuple(result.skipped), target)


def _os_problem(code: str, path: Path, exc: OSError) -> Problem:
    return Problem.of(code, path=str(path), error=exc.strerror or str(exc))
