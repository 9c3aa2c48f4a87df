"""The reader's feed list as OPML: exported to a file, or imported from one into the config.

The reader's command palette uses these; they read the config and the cache, write a file,
and never touch the network.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kalbartui.config import Config, ConfigError, parse_config
from kalbartui.feeds.opml import OpmlError, feeds_to_toml, read_opml, write_opml
from kalbartui.feeds.wordpress import front_feed_url
from kalbartui.models import Feed, FeedSpec
from kalbartui.paths import Paths
from kalbartui.store import open_store

EXPORT_NAME = "kalbartui-feeds.opml"


class SubscriptionError(Exception):
    """An import or export that did not happen; the message says why, in English."""


@dataclass(frozen=True)
class Imported:
    """What an import did: feeds added to `config_file`, and (url, reason) of those skipped."""

    added: int
    skipped: tuple[tuple[str, str], ...]
    config_file: Path


def feed_specs(config: Config, paths: Paths) -> list[FeedSpec]:
    """The configured feeds, then those only the cache knows (a site's categories)."""
    if not paths.database.exists():
        return specs_for_export(config, None)
    store = open_store(paths.database)
    try:
        return specs_for_export(config, store.feeds())
    finally:
        store.close()


def specs_for_export(config: Config, stored: Sequence[Feed] | None) -> list[FeedSpec]:
    """What an OPML export lists: the configured feeds, then the feeds only the cache knows;
    with no cache yet (`stored` None), each WordPress source's front-page feed."""
    specs = [FeedSpec(url=f.url, category=f.category, name=f.name) for f in config.feeds]
    if stored is None:
        return specs + [
            FeedSpec(url=front_feed_url(s.url), name=s.name, source=s.name) for s in config.sources
        ]
    known = {f.url for f in specs}
    return specs + [
        FeedSpec(url=f.url, category=f.category, name=f.display_name, source=f.source)
        for f in stored
        if f.url not in known
    ]


def export_opml(config: Config, paths: Paths) -> tuple[Path, int]:
    """Write every feed as OPML into the data dir; (the file, how many feeds)."""
    specs = feed_specs(config, paths)
    target = paths.data_dir / EXPORT_NAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(write_opml(specs), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise SubscriptionError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target, len(specs)


def import_opml(config: Config, paths: Paths, source: Path) -> Imported:
    """Add the feeds of an OPML file that the config lacks to the config file."""
    try:
        result = read_opml(source)
    except OpmlError as exc:
        raise SubscriptionError(str(exc)) from None
    known = {f.url for f in config.feeds}
    new = [f for f in result.feeds if f.url not in known]
    target = paths.config
    if not new:
        return Imported(0, tuple(result.skipped), target)
    try:
        existing = target.read_text(encoding="utf-8") if target.exists() else ""
    except OSError as exc:
        raise SubscriptionError(f"cannot read {target}: {exc.strerror or exc}") from None
    separator = "\n" if existing and not existing.endswith("\n") else ""
    candidate = existing + separator + feeds_to_toml(new)
    # The result must still be a valid config before it replaces the old one.
    try:
        parse_config(tomllib.loads(candidate), target)
    except (tomllib.TOMLDecodeError, ConfigError) as exc:
        raise SubscriptionError(f"{target}: cannot add the feeds to this config ({exc})") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(candidate, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise SubscriptionError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Imported(len(new), tuple(result.skipped), target)
