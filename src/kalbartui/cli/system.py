"""Where kalbartui keeps its files (`paths`), the reader itself, and the demo."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from kalbartui.cli.common import EXIT_OK, EXIT_USAGE, CliError
from kalbartui.config import Config, SyncConfig, default_language, load_config
from kalbartui.i18n import translator
from kalbartui.paths import Paths, resolve_paths


def cmd_paths(paths: Paths, as_json: bool, lang: str, sync: SyncConfig | None = None) -> int:
    """`kalbartui paths`: the config, data and cache places (and the sync server)."""
    shown = paths.as_dict()
    if sync is not None:
        note = translator(lang).gettext(
            "feeds are not fetched directly while [sync] is on: the sync server fetches them"
        )
        shown["sync"] = f"{sync.bare_url} ({note})"
    if as_json:
        print(json.dumps(shown, indent=2))
    else:
        tr = translator(lang)
        names = {
            "config": tr.gettext("config"),
            "data_dir": tr.gettext("data_dir"),
            "database": tr.gettext("database"),
            "cache_dir": tr.gettext("cache_dir"),
            "sync": tr.gettext("sync"),
        }
        labels = {key: names.get(key, key) for key in shown}
        width = max(len(label) for label in labels.values())
        for key, value in shown.items():
            print(f"{labels[key]:<{width}} {value}")
    return EXIT_OK


# Set once the reader has run and closed: `cli.main.run` may then leave without teardown.
reader_closed = False


def run_reader(config: Config, paths: Paths) -> int:
    """The reader, on the user's cache (a damaged one is recovered first, and said so)."""
    import gc

    from kalbartui.cli.main import open_core

    # No cyclic collection while the reader starts: its sweeps over the modules being
    # imported cost tens of ms, for a few hundred objects of garbage. The main screen
    # freezes what was built (it lives as long as the app) and turns collection back on.
    gc.disable()
    from kalbartui.ui import terminal_probe

    # The terminal's answer about pictures arrives while Textual is imported.
    asked = terminal_probe.ask() if config.images == "auto" else None
    try:
        from kalbartui.ui.app import run_reader as run

        # A damaged cache is moved aside (and said so) before the reader takes the screen.
        open_core(config, paths).close()
    except BaseException:
        if asked is not None:
            asked.answer()  # the terminal's mode back before anything is printed
        raise
    status = run(config, paths, asked)
    global reader_closed
    reader_closed = True
    return status


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    """`kalbartui --demo`: the reader on bundled sample news, in a throwaway data dir."""
    import tempfile

    from kalbartui.demo import build_demo_feeds

    if args.command is not None:
        raise CliError(
            translator(lang).gettext("--demo opens the reader; use it without a command"),
            EXIT_USAGE,
        )
    with tempfile.TemporaryDirectory(prefix="kalbartui-demo-") as tmp:
        root = Path(tmp)
        setup = build_demo_feeds(root / "feeds", datetime.now(UTC))
        paths = Paths(config=root / "config.toml", data_dir=root / "data", cache_dir=root / "cache")
        base = (
            load_config(resolve_paths(args.config, None).config, required=True)
            if args.config
            else None
        )
        config = Config(
            language=base.language if base else default_language(),
            timezone=(base.timezone if base else "")
            or "Asia/Pontianak",  # the sample news is local
            refresh_on_start=True,
            refresh_interval_minutes=0,
            keep_days=0,
            sources=(),
            feeds=tuple(setup.feeds),
            keys=base.keys if base else {},
            full_text="never",  # the sample articles are whole, and the demo stays offline
            # The reader's own habits come along: how the list looks, which browser opens links.
            list_style=base.list_style if base else "normal",
            browser=base.browser if base else "",
            browser_terminal=base.browser_terminal if base else None,
        )
        from kalbartui.core import Core
        from kalbartui.ui.app import run_reader as run

        # The sample feeds load through the normal pipeline before the first paint.
        core, _ = Core.open(config, paths)
        with core:
            core.refresh(pages=False)
        return run(config, paths)
