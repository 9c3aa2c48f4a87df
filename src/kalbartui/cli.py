"""The command line: headless subcommands over the core, and the reader when no subcommand is given.

Textual is imported only when the reader starts, so `kalbartui list` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from kalbartui import __version__
from kalbartui.config import Config, ConfigError, load_config
from kalbartui.paths import Paths, resolve_paths

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """One sentence for stderr, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.status = status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kalbartui",
        description="A terminal news reader for KalbarOnline and any RSS or Atom feed. "
        "With no command, the reader opens.",
    )
    parser.add_argument("--version", action="version", version=f"kalbartui {__version__}")
    parser.add_argument(
        "--config", metavar="FILE", help="config file (default: see `kalbartui paths`)"
    )
    parser.add_argument("--data-dir", metavar="DIR", help="where the article cache lives")
    parser.add_argument(
        "--demo", action="store_true", help="open the reader on bundled sample news, no network"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("refresh", help="fetch every feed now and store new articles")
    p.add_argument("--quiet", "-q", action="store_true", help="print only failures")

    p = sub.add_parser("list", help="list cached articles, newest first")
    p.add_argument("--category", metavar="NAME")
    p.add_argument("--unread", action="store_true")
    p.add_argument("--starred", action="store_true")
    p.add_argument("--limit", type=_positive, default=30, metavar="N")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="full-text search of the cache")
    p.add_argument("query")
    p.add_argument("--limit", type=_positive, default=30, metavar="N")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="print one article as the reading pane shows it")
    p.add_argument("id", type=int)
    p.add_argument("--width", type=_positive, metavar="N")
    p.add_argument(
        "--full", action="store_true", help="fetch the whole article from its page first"
    )

    p = sub.add_parser("categories", help="categories with unread and total counts")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("import-opml", help="add the feeds of an OPML file to the config")
    p.add_argument("file")

    p = sub.add_parser("export-opml", help="write the configured feeds as OPML")
    p.add_argument("file", nargs="?")

    p = sub.add_parser("paths", help="where the config, data and cache live")
    p.add_argument("--json", action="store_true")
    return parser


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, not {n}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except ConfigError as exc:
        print(f"kalbartui: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"kalbartui: {exc}", file=sys.stderr)
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


def _dispatch(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.config, args.data_dir)
    if args.command == "paths":
        return cmd_paths(paths, args.json)
    if args.demo:
        return cmd_demo(args)
    config = load_config(paths.config)
    if args.command is None:
        from kalbartui.ui.app import run_reader

        # A damaged cache is moved aside (and said so) before the reader takes the screen.
        open_cache(paths).close()
        return run_reader(config, paths)
    handler = {
        "refresh": cmd_refresh,
        "list": cmd_list,
        "search": cmd_search,
        "show": cmd_show,
        "categories": cmd_categories,
        "import-opml": cmd_import_opml,
        "export-opml": cmd_export_opml,
    }[args.command]
    return _with_cache_care(handler, config, paths, args)


def _with_cache_care(handler, config: Config, paths: Paths, args: argparse.Namespace) -> int:  # noqa: ANN001
    """Run a command; a cache that is full, read-only or damaged becomes one sentence.

    Damage found in the middle of a command (a page that no longer reads) is handled like
    damage found at open: the file is moved aside, starred articles exported, a fresh cache made.
    """
    import sqlite3

    from kalbartui.store.db import CorruptDatabase, DatabaseError, cache_error

    try:
        return handler(config, paths, args)
    except sqlite3.Error as exc:
        trouble = cache_error(exc, paths.database)
        if trouble is None:
            raise  # a fault in kalbartui itself: the traceback is the useful report
        error: DatabaseError = trouble
    except DatabaseError as exc:
        error = exc
    if isinstance(error, CorruptDatabase):
        import gc

        from kalbartui.store.db import recover

        # The failed command's connections must be closed before their file is moved.
        gc.collect()
        raise CliError(recover(paths.database, error))
    raise CliError(str(error))


def open_cache(paths: Paths):  # noqa: ANN201 - Store
    from kalbartui.store import DatabaseError, open_or_recover

    try:
        store, note = open_or_recover(paths.database)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot use the cache {paths.database}: {exc.strerror or exc}") from None
    if note:
        print(f"kalbartui: {note}", file=sys.stderr)
    return store


# ------------------------------------------------------------------ commands


def cmd_paths(paths: Paths, as_json: bool) -> int:
    if as_json:
        print(json.dumps(paths.as_dict(), indent=2))
    else:
        for key, value in paths.as_dict().items():
            print(f"{key:<9} {value}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from kalbartui.config import default_language
    from kalbartui.demo import build_demo_feeds

    with tempfile.TemporaryDirectory(prefix="kalbartui-demo-") as tmp:
        root = Path(tmp)
        setup = build_demo_feeds(root / "feeds", datetime.now(UTC))
        paths = Paths(config=root / "config.toml", data_dir=root / "data", cache_dir=root / "cache")
        base = load_config(resolve_paths(args.config, None).config) if args.config else None
        config = Config(
            language=base.language if base else default_language(),
            timezone=(base.timezone if base else "")
            or "Asia/Pontianak",  # the sample news is local
            refresh_on_start=True,
            refresh_interval_minutes=0,
            keep_days=0,
            sources=(),
            feeds=setup.feed_configs(),
            keys=base.keys if base else {},
            full_text="never",  # the sample articles are whole, and the demo stays offline
        )
        if args.command in (None,):
            from kalbartui.refresh import run_refresh
            from kalbartui.ui.app import run_reader

            # The sample feeds load through the normal pipeline before the first paint.
            run_refresh(config, paths.database)
            return run_reader(config, paths)
        raise CliError("--demo opens the reader; use it without a command", EXIT_USAGE)


def cmd_refresh(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    from kalbartui.refresh import Progress, run_refresh

    open_cache(paths).close()  # a damaged cache is recovered before the fetch starts
    tty = sys.stdout.isatty() and not args.quiet

    def line_for(progress: Progress) -> str | None:
        o = progress.outcome
        if o is None:
            return None
        if o.status == "new":
            return f"{o.name}: {o.new} new"
        if o.status == "unchanged":
            return f"{o.name}: unchanged"
        if o.status == "waiting":
            return f"{o.name}: skipped, {o.error}"
        return f"{o.name}: error: {o.error}"

    if tty:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as Bar

        console = Console(highlight=False)
        with Bar(
            TextColumn("refreshing"),
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
                    bar.console.print(text, markup=False, highlight=False)

            report = _run(run_refresh, config, paths, on_progress)
    else:

        def on_progress(p: Progress) -> None:
            text = line_for(p)
            if text and (not args.quiet or (p.outcome and p.outcome.status == "error")):
                print(text, flush=True)

        report = _run(run_refresh, config, paths, on_progress)
    failed = len(report.failed)
    total = len(report.outcomes)
    if not args.quiet:
        summary = f"{report.new_total} new articles from {total} feeds in {report.finished - report.started:.1f} s"
        if failed:
            summary += f"; {failed} failed"
        if report.pages:
            whole = sum(1 for o in report.pages if o.ok)
            line = f"{whole} whole articles fetched from their pages"
            if whole < len(report.pages):
                line += f"; {len(report.pages) - whole} kept their summary (see `e` in the reader)"
            print(line)
        print(summary)
    return EXIT_FAIL if failed else EXIT_OK


def _run(run_refresh, config: Config, paths: Paths, on_progress):  # noqa: ANN001, ANN202
    # A cache that cannot be written is reported by _with_cache_care. Whole articles for
    # summary-only feeds are fetched after the feeds (full_text in the config).
    return run_refresh(config, paths.database, on_progress, pages=True)


def _article_dict(row, store) -> dict[str, object]:  # noqa: ANN001
    article = store.article(row.id)
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "author": row.author,
        "published": row.published.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "categories": list(row.categories),
        "feed": row.feed,
        "read": row.read,
        "starred": row.starred,
        "summary": article.summary if article else "",
    }


def _print_rows(rows, store, config: Config, as_json: bool) -> None:  # noqa: ANN001
    from kalbartui.text import relative_time

    if as_json:
        print(json.dumps([_article_dict(r, store) for r in rows], ensure_ascii=False, indent=2))
        return
    now = datetime.now(UTC)
    for r in rows:
        when = relative_time(r.published, now, config.language, config.tz())
        mark = "*" if r.starred else ("N" if not r.read else " ")
        category = r.categories[0] if r.categories else r.feed
        print(f"{r.id:>7} {mark} {when:<14} {r.author[:24]:<24} {category[:18]:<18} {r.title}")


def cmd_list(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    from kalbartui.store import Query

    store = open_cache(paths)
    if args.category:
        cat = store.category_by_name(args.category)
        if cat is None:
            names = (
                ", ".join(c.name for c in store.categories()) or "none yet; run `kalbartui refresh`"
            )
            raise CliError(f"no category named {args.category!r} (categories: {names})", EXIT_USAGE)
        query = Query.category(cat.id, unread_only=args.unread)
        if args.starred:
            raise CliError("--category and --starred cannot be combined", EXIT_USAGE)
    elif args.starred:
        query = Query("starred", unread_only=args.unread)
    elif args.unread:
        query = Query("unread")
    else:
        query = Query("all")
    rows = store.page(query, limit=args.limit).rows
    _print_rows(rows, store, config, args.json)
    return EXIT_OK


def cmd_search(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    store = open_cache(paths)
    _print_rows(store.search(args.query, limit=args.limit), store, config, args.json)
    return EXIT_OK


def cmd_show(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    import shutil

    from kalbartui.render import render_article, to_ansi, to_plain

    store = open_cache(paths)
    article = store.article(args.id)
    if article is None:
        raise CliError(f"no article with id {args.id} (see `kalbartui list --json`)")
    status = EXIT_OK
    if getattr(args, "full", False):
        from kalbartui.story import fetch_full_text

        outcome = fetch_full_text(config, paths.database, args.id)
        if not outcome.ok:
            print(
                f"kalbartui: the whole article could not be fetched ({outcome.error}); "
                "showing the feed's summary",
                file=sys.stderr,
            )
            status = EXIT_FAIL
        article = store.article(args.id) or article
    tty = sys.stdout.isatty()
    width = args.width or (shutil.get_terminal_size((100, 24)).columns if tty else 80)
    body = render_article(
        article, language=config.language, tz=config.tz(), now=datetime.now(UTC), width=width
    )
    sys.stdout.write(to_ansi(body, width) if tty else to_plain(body, width))
    return status


def cmd_categories(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    store = open_cache(paths)
    cats = store.categories()
    if args.json:
        print(
            json.dumps(
                [
                    {"name": c.name, "source": c.source, "unread": c.unread, "total": c.total}
                    for c in cats
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    width = max((len(c.name) for c in cats), default=10)
    for c in cats:
        print(f"{c.name:<{width}}  {c.unread:>6} unread  {c.total:>7} total")
    return EXIT_OK


def cmd_import_opml(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    from kalbartui.feeds.opml import OpmlError, feeds_to_toml, read_opml

    try:
        result = read_opml(Path(args.file))
    except OpmlError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    for url, reason in result.skipped:
        print(f"skipped {url!r}: {reason}", file=sys.stderr)
    known = {f.url for f in config.feeds}
    new = [f for f in result.feeds if f.url not in known]
    if not new:
        print("no new feeds to add")
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
            f"{target}: cannot add the feeds to this config ({exc}); add them by hand", EXIT_USAGE
        ) from None
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(candidate, encoding="utf-8")
    tmp.replace(target)
    print(f"added {len(new)} feeds to {target}")
    return EXIT_OK


def cmd_export_opml(config: Config, paths: Paths, args: argparse.Namespace) -> int:
    from kalbartui.feeds.opml import write_opml
    from kalbartui.models import FeedSpec

    specs = [FeedSpec(url=f.url, category=f.category, name=f.name) for f in config.feeds]
    store = None
    if paths.database.exists():
        store = open_cache(paths)
        known = {f.url for f in specs}
        specs += [
            FeedSpec(url=f.url, category=f.category, name=f.display_name, source=f.source)
            for f in store.feeds()
            if f.url not in known
        ]
    else:
        from kalbartui.feeds.wordpress import front_feed_url

        specs += [
            FeedSpec(url=front_feed_url(s.url), name=s.name, source=s.name) for s in config.sources
        ]
    text = write_opml(specs)
    if args.file:
        Path(args.file).write_text(text, encoding="utf-8")
        print(f"wrote {len(specs)} feeds to {args.file}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
