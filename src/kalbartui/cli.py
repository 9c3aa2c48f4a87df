"""The command line: headless subcommands over the core, and the reader when no subcommand is given.

Textual is imported only when the reader starts, so `kalbartui list` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kalbartui import __version__
from kalbartui.cli_i18n import argparse_words
from kalbartui.config import Config, ConfigError, default_language, load_config
from kalbartui.i18n import feed_error, message, t, tn
from kalbartui.paths import Paths, resolve_paths
from kalbartui.text import clean as printable  # every line printed: no C0 (but \n, \t), C1, bidi

if TYPE_CHECKING:  # the CLI's start-up stays cheap: these load when a command needs them
    from kalbartui.models import ArticleRow
    from kalbartui.store import Store

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """One sentence for stderr, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.status = status


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help in `language`; build it inside `argparse_words`."""

    def h(key: str) -> str:
        return t("cli.help." + key, language)

    def m(key: str) -> str:
        return t("cli.metavar." + key, language)

    parser = argparse.ArgumentParser(prog="kalbartui", description=t("cli.description", language))
    parser.add_argument(
        "--version", action="version", version=f"kalbartui {__version__}", help=h("version")
    )
    parser.add_argument("--config", metavar=m("file"), help=h("config"))
    parser.add_argument("--data-dir", metavar=m("dir"), help=h("data_dir"))
    parser.add_argument("--demo", action="store_true", help=h("demo"))
    sub = parser.add_subparsers(dest="command", metavar=m("command"))
    positive = _positive(language)

    p = sub.add_parser("refresh", help=h("refresh"), description=h("refresh"))
    p.add_argument("--quiet", "-q", action="store_true", help=h("quiet"))

    p = sub.add_parser("list", help=h("list"), description=h("list"))
    p.add_argument("--category", metavar=m("name"), help=h("category"))
    p.add_argument("--unread", action="store_true", help=h("unread"))
    p.add_argument("--starred", action="store_true", help=h("starred"))
    p.add_argument("--limit", type=positive, default=30, metavar="N", help=h("limit"))
    p.add_argument("--json", action="store_true", help=h("json"))

    p = sub.add_parser("search", help=h("search"), description=h("search"))
    p.add_argument("query", help=h("query"))
    p.add_argument("--limit", type=positive, default=30, metavar="N", help=h("limit"))
    p.add_argument("--json", action="store_true", help=h("json"))

    p = sub.add_parser("show", help=h("show"), description=h("show"))
    p.add_argument("id", type=int, help=h("id"))
    p.add_argument("--width", type=positive, metavar="N", help=h("width"))
    p.add_argument("--full", action="store_true", help=h("full"))

    p = sub.add_parser("categories", help=h("categories"), description=h("categories"))
    p.add_argument("--json", action="store_true", help=h("json"))

    p = sub.add_parser("import-opml", help=h("import_opml"), description=h("import_opml"))
    p.add_argument("file", help=h("opml_in"))

    p = sub.add_parser("export-opml", help=h("export_opml"), description=h("export_opml"))
    p.add_argument("file", nargs="?", help=h("opml_out"))

    p = sub.add_parser("mark", help=h("mark"), description=h("mark"))
    p.add_argument("ids", nargs="+", type=int, metavar="ID", help=h("ids"))
    how = p.add_mutually_exclusive_group(required=True)
    for flag in ("read", "unread", "star", "unstar"):
        how.add_argument(
            f"--{flag}", dest="how", action="store_const", const=flag, help=h("mark_" + flag)
        )

    p = sub.add_parser("paths", help=h("paths"), description=h("paths"))
    p.add_argument("--json", action="store_true", help=h("json"))
    return parser


def _positive(language: str) -> Callable[[str], int]:
    def positive(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                t("cli.not_whole_number", language, value=repr(value))
            ) from None
        if n < 1:
            raise argparse.ArgumentTypeError(t("cli.not_positive", language, value=n))
        return n

    return positive


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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language_of(argv)
    with argparse_words(lang):
        args = build_parser(lang).parse_args(argv)
    try:
        return _dispatch(args, lang)
    except ConfigError as exc:
        print(printable(t("cli.config_error", lang, error=exc.message(lang))), file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(printable(t("cli.error", lang, error=message(str(exc), lang))), file=sys.stderr)
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
    paths = resolve_paths(args.config, args.data_dir)
    if args.command == "paths":
        try:
            sync = load_config(paths.config).sync
        except ConfigError:
            sync = None  # `paths` is how a user finds the broken file: it must still answer
        return cmd_paths(paths, args.json, lang, sync)
    if args.demo:
        return cmd_demo(args, lang)
    config = load_config(paths.config, required=bool(args.config))
    if args.command is None:
        import gc

        # No cyclic collection while the reader starts: its sweeps over the modules being
        # imported cost tens of ms, for a few hundred objects of garbage. MainScreen.on_mount
        # freezes what was built (it lives as long as the app) and turns collection back on.
        gc.disable()
        from kalbartui.ui import terminal_probe

        # The terminal's answer about pictures arrives while Textual is imported.
        asked = terminal_probe.ask() if config.images == "auto" else None
        try:
            from kalbartui.ui.app import run_reader

            # A damaged cache is moved aside (and said so) before the reader takes the screen.
            open_cache(paths, config.language).close()
        except BaseException:
            if asked is not None:
                asked.answer()  # the terminal's mode back before anything is printed
            raise
        return run_reader(config, paths, asked)
    handler = {
        "refresh": cmd_refresh,
        "list": cmd_list,
        "search": cmd_search,
        "show": cmd_show,
        "categories": cmd_categories,
        "import-opml": cmd_import_opml,
        "export-opml": cmd_export_opml,
        "mark": cmd_mark,
    }[args.command]
    return _with_cache_care(handler, config, paths, args)


def _with_cache_care(
    handler: Callable[[Config, Paths, argparse.Namespace], int],
    config: Config,
    paths: Paths,
    args: argparse.Namespace,
) -> int:
    """Run a command; a cache that is full, read-only or damaged becomes one sentence.

    Damage found in the middle of a command (a page that no longer reads) is handled like
    damage found at open: the file is moved aside, starred articles exported, a fresh cache made.
    Every command has closed its store by the time its error arrives here.
    """
    from kalbartui.store import CorruptDatabase, DatabaseError
    from kalbartui.store.recovery import recover

    try:
        return handler(config, paths, args)
    except CorruptDatabase as exc:
        raise CliError(recover(paths.database, exc)) from None
    except DatabaseError as exc:
        raise CliError(str(exc)) from None


def open_cache(paths: Paths, lang: str = "en") -> Store:
    """Open the cache for a command, recovering a damaged one (and saying so on stderr)."""
    from kalbartui.store import DatabaseError, open_or_recover

    try:
        store, note = open_or_recover(paths.database)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(
            t("cli.cache_unusable", lang, path=paths.database, error=exc.strerror or exc)
        ) from None
    if note:
        print(t("cli.error", lang, error=message(note, lang)), file=sys.stderr)
    return store


# ------------------------------------------------------------------ commands


def cmd_paths(paths: Paths, as_json: bool, lang: str, sync: object = None) -> int:
    shown = paths.as_dict()
    if sync is not None:
        note = t("cli.sync_note", lang)
        shown["sync"] = f"{sync.url} ({note})"  # type: ignore[attr-defined]
    if as_json:
        print(json.dumps(shown, indent=2))
    else:
        labels = {key: t(f"cli.paths.{key}", lang) for key in shown}
        width = max(len(label) for label in labels.values())
        for key, value in shown.items():
            print(f"{labels[key]:<{width}} {value}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    import tempfile

    from kalbartui.demo import build_demo_feeds

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
        )
        if args.command in (None,):
            from kalbartui.refresh import run_refresh
            from kalbartui.ui.app import run_reader

            # The sample feeds load through the normal pipeline before the first paint.
            run_refresh(config, paths.database)
            return run_reader(config, paths)
        raise CliError(t("cli.demo_no_command", lang), EXIT_USAGE)


def cmd_refresh(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """`kalbartui refresh`: one refresh, a line per feed; exit 1 when a feed failed."""
    from kalbartui.refresh import Progress, run_refresh

    lang = config.language
    open_cache(paths, lang).close()  # a damaged cache is recovered before the fetch starts
    if config.sync is not None:
        return _refresh_by_sync(config, paths, args)
    tty = sys.stdout.isatty() and not args.quiet

    def line_for(progress: Progress) -> str | None:
        o = progress.outcome
        if o is None:
            return None
        if o.status == "new":
            return t("cli.line.new", lang, name=o.name, count=o.new)
        if o.status == "unchanged":
            return t("cli.line.unchanged", lang, name=o.name)
        error = message(o.error, lang)
        if o.status == "waiting":
            return t("cli.line.waiting", lang, name=o.name, error=error)
        return t("cli.line.error", lang, name=o.name, error=error)

    if tty:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as Bar

        console = Console(highlight=False)
        with Bar(
            TextColumn(t("cli.refreshing", lang)),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("refresh", total=None)

            def on_progress(p: Progress) -> None:
                bar.update(task, completed=p.done, total=p.total)
                text = line_for(p)
                if text:
                    # print() on the progress console keeps the bar below; markup off for feed text.
                    bar.console.print(printable(text), markup=False, highlight=False)

            report = run_refresh(config, paths.database, on_progress, pages=True)
    else:

        def on_progress(p: Progress) -> None:
            text = line_for(p)
            if text and (not args.quiet or (p.outcome and p.outcome.status == "error")):
                print(printable(text), flush=True)

        report = run_refresh(config, paths.database, on_progress, pages=True)
    from kalbartui.discovery import note

    for status in report.discovery:
        if status.fallback:  # said even with --quiet: the sidebar is not what the site has
            print(printable(note(status, lang)), flush=True)
    failed = len(report.failed)
    total = len(report.outcomes)
    if not args.quiet:
        seconds = f"{report.finished - report.started:.1f}"
        if lang == "id":
            seconds = seconds.replace(".", ",")
        summary = t(
            "cli.summary",
            lang,
            articles=tn("cli.new_articles", report.new_total, lang),
            feeds=tn("cli.feeds", total, lang),
            seconds=seconds,
        )
        if failed:
            summary += t("cli.summary.failed", lang, count=failed)
        if report.pages:  # article pages come after the feeds; the summary stays the last line
            whole = sum(1 for o in report.pages if o.ok)
            line = tn("cli.pages_fetched", whole, lang)
            if whole < len(report.pages):
                line += t("cli.pages_kept", lang, count=len(report.pages) - whole)
            print(line)
        print(summary)
    return EXIT_FAIL if failed else EXIT_OK


def _refresh_by_sync(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """With [sync], a refresh is a sync with the server: one line per step."""
    from kalbartui.sync.engine import SyncStep, run_sync

    lang = config.language

    def on_step(step: SyncStep) -> None:
        if step.line and not args.quiet:
            print(printable(step.line), flush=True)

    report = run_sync(config, paths.database, on_step)
    if report.offline:
        waiting = tn("cli.sync_waiting", report.waiting, lang) if report.waiting else ""
        error = message(report.error, lang)
        print(t("cli.sync_offline", lang, error=error, waiting=waiting), file=sys.stderr)
        return EXIT_FAIL
    if report.error:
        raise CliError(t("cli.sync_failed", lang, error=message(report.error, lang)))
    if not args.quiet:
        seconds = f"{report.finished - report.started:.1f}"
        print(
            t(
                "cli.sync_summary",
                lang,
                articles=tn("cli.new_articles", report.new, lang),
                seconds=seconds.replace(".", ",") if lang == "id" else seconds,
                requests=tn("cli.requests", report.requests, lang),
            )
        )
    return EXIT_OK


def cmd_mark(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """Read, unread, starred, unstarred: written at once, and queued for the server with [sync]."""
    from kalbartui.store.changes import SyncStore, missing_articles, set_starred

    lang = config.language
    ids = list(dict.fromkeys(args.ids))
    with open_cache(paths, lang) as store:
        unknown = missing_articles(store, ids)
        if unknown:
            raise CliError(t("cli.no_article", lang, id=", ".join(map(str, unknown))))
        if args.how in ("read", "unread"):
            store.set_read(ids, args.how == "read")
        else:
            set_starred(store, ids, args.how == "star")
        line = tn(f"cli.marked_{args.how}", len(ids), lang)
        if config.sync is not None:
            line += tn("cli.sync_pending", SyncStore(store).pending_count(), lang)
    print(line)
    return EXIT_OK


def _article_dict(
    row: ArticleRow, store: Store, sidebar: Sequence[str] = (), within: str = ""
) -> dict[str, object]:
    article = store.article(row.id)
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "author": row.author,
        "published": row.published.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "categories": list(row.categories),  # the item's own terms
        "category": shown_category(row, sidebar, within),  # as the sidebar names it
        "sidebar_categories": list(sidebar),
        "feed": row.feed,
        "read": row.read,
        "starred": row.starred,
        "summary": article.summary if article else "",
    }


def shown_category(row: ArticleRow, sidebar: Sequence[str], within: str = "") -> str:
    """The category a list row names: the sidebar's, never an item's own tag.

    In a category's list, that category. Otherwise, of the sidebar categories the article is
    listed under, the one its own terms name first (a site writes its categories before its
    tags), else the first in sidebar order; with none, the feed's name.
    """
    if within:
        return within
    if sidebar:
        by_key = {name.casefold(): name for name in sidebar}
        for term in row.categories:
            if term.casefold() in by_key:
                return by_key[term.casefold()]
        return sidebar[0]
    return row.feed


def _print_rows(
    rows: Sequence[ArticleRow], store: Store, config: Config, as_json: bool, within: str = ""
) -> None:
    from kalbartui.text import relative_time

    sidebar = store.sidebar_categories([r.id for r in rows])
    if as_json:
        # json escapes C0 itself; C1 and bidi controls it would print raw.
        print(
            printable(
                json.dumps(
                    [_article_dict(r, store, sidebar.get(r.id, ()), within) for r in rows],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
        return
    now = datetime.now(UTC)
    for r in rows:
        when = relative_time(r.published, now, config.language, config.tz())
        mark = "*" if r.starred else ("N" if not r.read else " ")
        category = shown_category(r, sidebar.get(r.id, ()), within)
        print(
            printable(
                f"{r.id:>7} {mark} {when:<14} {r.author[:24]:<24} {category[:18]:<18} {r.title}"
            )
        )


def cmd_list(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """`kalbartui list`: the newest articles of a list, as lines or JSON."""
    with open_cache(paths, config.language) as store:
        return _list(store, config, args)


def _list(store: Store, config: Config, args: argparse.Namespace) -> int:
    """Print the list `args` asks for from an open store."""
    from kalbartui.store import Query

    within = ""
    if args.category:
        cat = store.category_by_name(args.category)
        if cat is None:
            lang = config.language
            names = ", ".join(c.name for c in store.categories()) or t(
                "cli.no_categories_yet", lang
            )
            raise CliError(
                t("cli.no_category", lang, name=repr(args.category), names=names), EXIT_USAGE
            )
        query = Query.category(cat.id, unread_only=args.unread)
        within = cat.name
        if args.starred:
            raise CliError(t("cli.category_and_starred", config.language), EXIT_USAGE)
    elif args.starred:
        query = Query("starred", unread_only=args.unread)
    elif args.unread:
        query = Query("unread")
    else:
        query = Query("all")
    rows = store.page(query, limit=args.limit).rows
    _print_rows(rows, store, config, args.json, within=within)
    return EXIT_OK


def cmd_search(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """`kalbartui search`: the newest articles matching the words."""
    with open_cache(paths, config.language) as store:
        _print_rows(store.search(args.query, limit=args.limit), store, config, args.json)
    return EXIT_OK


def cmd_show(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """`kalbartui show`: one article, rendered for the terminal or as plain text."""
    import shutil

    from kalbartui.render import render_article, to_ansi, to_plain

    with open_cache(paths, config.language) as store:
        article = store.article(args.id)
    if article is None:
        raise CliError(t("cli.no_article", config.language, id=args.id))
    status = EXIT_OK
    if getattr(args, "full", False):
        from kalbartui.story import fetch_full_text

        outcome = fetch_full_text(config, paths.database, args.id)
        if not outcome.ok:
            error = feed_error(outcome.error, config.language)
            print(printable(t("cli.full_failed", config.language, error=error)), file=sys.stderr)
            status = EXIT_FAIL
        with open_cache(paths, config.language) as store:
            article = store.article(args.id) or article
    tty = sys.stdout.isatty()
    width = args.width or (shutil.get_terminal_size((100, 24)).columns if tty else 80)
    body = render_article(
        article, language=config.language, tz=config.tz(), now=datetime.now(UTC), width=width
    )
    sys.stdout.write(to_ansi(body, width) if tty else to_plain(body, width))
    return status


def cmd_categories(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """`kalbartui categories`: the sidebar categories with their counts."""
    with open_cache(paths, config.language) as store:
        cats = store.categories()
    if args.json:
        print(
            printable(
                json.dumps(
                    [
                        {"name": c.name, "source": c.source, "unread": c.unread, "total": c.total}
                        for c in cats
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
        return EXIT_OK
    width = max((len(c.name) for c in cats), default=10)
    for c in cats:
        counts = t("cli.unread_total", config.language, unread=c.unread, total=c.total)
        print(printable(f"{c.name:<{width}}  {counts}"))
    return EXIT_OK


def cmd_import_opml(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    from kalbartui.feeds.opml import OpmlError, feeds_to_toml, read_opml

    lang = config.language
    try:
        result = read_opml(Path(args.file))
    except OpmlError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    for url, reason in result.skipped:
        line = t("cli.skipped_outline", lang, url=repr(url), reason=message(reason, lang))
        print(line, file=sys.stderr)
    known = {f.url for f in config.feeds}
    new = [f for f in result.feeds if f.url not in known]
    if not new:
        print(t("cli.no_new_feeds", lang))
        return EXIT_OK
    target = paths.config
    target.parent.mkdir(parents=True, exist_ok=True)
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    block = feeds_to_toml(new)
    # The result must still be a valid config before it replaces the old one.
    candidate = existing + ("\n" if existing and not existing.endswith("\n") else "") + block
    import tomllib

    from kalbartui.config import parse_config

    try:
        parse_config(tomllib.loads(candidate), target)
    except tomllib.TOMLDecodeError as exc:
        raise CliError(
            t("cli.cannot_add_feeds", lang, file=target, error=exc), EXIT_USAGE
        ) from None
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(candidate, encoding="utf-8")
    tmp.replace(target)
    print(tn("cli.added_feeds", len(new), lang, file=target))
    return EXIT_OK


def cmd_export_opml(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    """`kalbartui export-opml`: the configured and stored feeds as OPML."""
    from kalbartui.feeds.opml import write_opml
    from kalbartui.subscriptions import specs_for_export

    stored = None
    if paths.database.exists():
        with open_cache(paths, config.language) as store:
            stored = store.feeds()
    specs = specs_for_export(config, stored)
    text = write_opml(specs)
    if args.file:
        try:
            Path(args.file).write_text(text, encoding="utf-8")
        except OSError as exc:
            error = exc.strerror or str(exc)
            message_text = t("cli.cannot_write", config.language, file=args.file, error=error)
            raise CliError(message_text) from None
        print(tn("cli.wrote_feeds", len(specs), config.language, file=args.file))
    else:
        sys.stdout.write(text)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
