"""The command line's parser: every command and option, its help in the user's language."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kalbartui import __version__
from kalbartui.i18n import t

# Article ids and --limit reach SQLite, whose integers are signed 64-bit.
LARGEST = 2**63 - 1


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
    p.add_argument("id", type=positive, help=h("id"))
    p.add_argument("--width", type=positive, metavar="N", help=h("width"))
    p.add_argument("--full", action="store_true", help=h("full"))

    p = sub.add_parser("categories", help=h("categories"), description=h("categories"))
    p.add_argument("--json", action="store_true", help=h("json"))

    p = sub.add_parser("import-opml", help=h("import_opml"), description=h("import_opml"))
    p.add_argument("file", help=h("opml_in"))

    p = sub.add_parser("export-opml", help=h("export_opml"), description=h("export_opml"))
    p.add_argument("file", nargs="?", help=h("opml_out"))

    p = sub.add_parser("mark", help=h("mark"), description=h("mark"))
    p.add_argument("ids", nargs="+", type=positive, metavar="ID", help=h("ids"))
    how = p.add_mutually_exclusive_group(required=True)
    for flag in ("read", "unread", "star", "unstar"):
        how.add_argument(
            f"--{flag}", dest="how", action="store_const", const=flag, help=h("mark_" + flag)
        )

    p = sub.add_parser("paths", help=h("paths"), description=h("paths"))
    p.add_argument("--json", action="store_true", help=h("json"))
    return parser


def _positive(language: str) -> Callable[[str], int]:
    """A whole number from 1 to LARGEST; argparse says anything else in one sentence (exit 2)."""

    def positive(value: str) -> int:
        try:
            n = int(value)
        except ValueError:  # not a number, or one of more than 4,300 digits
            raise argparse.ArgumentTypeError(
                t("cli.not_whole_number", language, value=repr(value[:40]))
            ) from None
        if n < 1:
            raise argparse.ArgumentTypeError(t("cli.not_positive", language, value=n))
        if n > LARGEST:
            raise argparse.ArgumentTypeError(
                t("cli.too_large", language, value=value.strip(), limit=LARGEST)
            )
        return n

    return positive
