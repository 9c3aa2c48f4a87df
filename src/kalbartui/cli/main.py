"""`kalbartui`: parse the arguments, open the core, run one command or the reader.

Textual is imported only when the reader starts, so `kalbartui list` stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kalbartui.cli.common import EXIT_OK, EXIT_USAGE, CliError, printable
from kalbartui.cli.parser import build_parser
from kalbartui.config import Config, ConfigError, default_language, load_config
from kalbartui.i18n import message, translator
from kalbartui.i18n.argparse_words import argparse_words
from kalbartui.paths import Paths, resolve_paths

if TYPE_CHECKING:  # the CLI's start-up stays cheap: these load when a command needs them
    from kalbartui.core import Core

Command = Callable[["Core", argparse.Namespace], int]


def language_of(argv: Sequence[str]) -> str:
    """The language kalbartui speaks before the arguments are parsed (for --help and errors).

    The config's `language` when the config can be read, else the locale's.
    """
    config_arg = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(argv):
            config_arg = argv[i + 1]
        elif arg.startswith("--config="):
            config_arg = arg.partition("=")[2]
    try:
        return load_config(resolve_paths(config_arg, None).config).language
    except ConfigError as exc:
        return exc.language or default_language()
    except (OSError, ValueError):
        return default_language()


def run() -> None:
    """The `kalbartui` program: `main`, then its exit status. After the reader, leave at once:
    the reader has closed the cache and given the terminal back, and what is left is the
    interpreter taking apart what Textual built, 0.25 s on a quiet machine and over a second on
    a busy one, between `q` and the shell's prompt (the job workers go with their pipes)."""
    from kalbartui.cli import system

    status = main()
    if system.reader_closed:
        from kalbartui import jobs

        jobs.shutdown()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(status)
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """The `kalbartui` command; returns its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language_of(argv)
    with argparse_words(lang):
        args = build_parser(lang).parse_args(argv)
    try:
        return _dispatch(args, lang)
    except ConfigError as exc:
        print(
            printable(
                translator(lang).gettext(
                    "kalbartui: config error: {error}", error=exc.message(lang)
                )
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except CliError as exc:
        print(
            printable(
                translator(lang).gettext("kalbartui: {error}", error=message(exc.said, lang))
            ),
            file=sys.stderr,
        )
        return exc.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `kalbartui list | head`: the reader of our output left; that is fine.
        try:
            sys.stdout = open("/dev/null", "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK


def _dispatch(args: argparse.Namespace, lang: str) -> int:
    from kalbartui.cli import system

    paths = resolve_paths(args.config, args.data_dir)
    if args.command == "paths":
        try:
            sync = load_config(paths.config).sync
        except ConfigError:
            sync = None  # `paths` is how a user finds the broken file: it must still answer
        return system.cmd_paths(paths, args.json, lang, sync)
    if args.demo:
        return system.cmd_demo(args, lang)
    config = load_config(paths.config, required=bool(args.config))
    if args.command is None:
        return system.run_reader(config, paths)
    return _with_cache_care(_command(args.command), config, paths, args)


def _command(name: str) -> Command:
    """The function that runs a command, from the module of its group."""
    from kalbartui.cli import alerts, feedlist, marks, reading, rules, views

    commands: dict[str, Command] = {
        "refresh": feedlist.cmd_refresh,
        "add": feedlist.cmd_add,
        "import-opml": feedlist.cmd_import_opml,
        "export-opml": feedlist.cmd_export_opml,
        "list": reading.cmd_list,
        "search": reading.cmd_search,
        "count": reading.cmd_count,
        "show": reading.cmd_show,
        "categories": reading.cmd_categories,
        "feeds": reading.cmd_feeds,
        "mark": marks.cmd_mark,
        "alerts": alerts.cmd_alerts,
        "views": views.cmd_views,
        "tag": rules.cmd_tag,
        "tags": rules.cmd_tags,
        "rules": rules.cmd_rules,
    }
    return commands[name]


def open_core(config: Config, paths: Paths) -> Core:
    """The core for one command, its cache opened (a damaged one recovered, and said so)."""
    from kalbartui.core import Core
    from kalbartui.store import DatabaseError

    lang = config.language
    try:
        core, note = Core.open(config, paths)
    except DatabaseError as exc:
        raise CliError(exc.problem) from None
    except OSError as exc:
        raise CliError(
            translator(lang).gettext(
                "cannot use the cache {path}: {error}",
                path=paths.database,
                error=exc.strerror or exc,
            )
        ) from None
    if note:
        print(
            translator(lang).gettext("kalbartui: {error}", error=message(note, lang)),
            file=sys.stderr,
        )
    return core


def _apply_config(core: Core) -> None:
    """The config's feed names, categories and settings into the cache before a command, as
    the reader does at its start. A cache that cannot be written (read-only) is still read."""
    from kalbartui.store import CorruptDatabase, DatabaseError

    try:
        core.apply_config()
    except CorruptDatabase:
        raise
    except DatabaseError:
        pass  # the command reads what is there, with the names of the last refresh


def _with_cache_care(
    command: Command, config: Config, paths: Paths, args: argparse.Namespace
) -> int:
    """Run a command; a cache that is full, read-only or damaged becomes one sentence.

    Damage found in the middle of a command (a page that no longer reads) is handled like
    damage found at open: the file is moved aside, starred articles exported, a fresh cache made.
    """
    from kalbartui.store import CorruptDatabase, DatabaseError
    from kalbartui.store.recovery import recover

    try:
        with open_core(config, paths) as core:
            _apply_config(core)
            return command(core, args)
    except CorruptDatabase as exc:
        raise CliError(recover(paths.database, exc.problem)) from None
    except DatabaseError as exc:
        raise CliError(exc.problem) from None


if __name__ == "__main__":
    raise SystemExit(main())
