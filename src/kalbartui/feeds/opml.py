"""OPML import and export (the config file takes the imported feeds through config_file).

An OPML file comes from somewhere else and is treated as hostile: no DOCTYPE or entity
declarations, only http, https and file URLs, every name cleaned to one line of text.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from kalbartui import urls
from kalbartui.models import FeedSpec
from kalbartui.problems import KalbarError, Problem
from kalbartui.text import clean, clean_line

__all__ = ["OpmlError", "OpmlImport", "parse_opml", "read_opml", "write_opml"]

MAX_URL_LENGTH = 2048
NAME_LIMIT = 200
MAX_OPML_BYTES = 10 * 1024 * 1024  # a list of ten thousand feeds is under 2 MB

# A cheap first check on the raw bytes; the parser's own handlers catch what this misses
# (a declaration in UTF-16, say).
_DECLARATION_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# Characters that XML 1.0 cannot carry at all, not even as references.
_NOT_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class OpmlError(KalbarError):
    """An OPML file that cannot be read; its Problem names the file, the line, what is wrong."""


@dataclass(frozen=True)
class OpmlImport:
    """The feeds found in an OPML file, and the outlines left out with the reason why."""

    feeds: list[FeedSpec]
    skipped: list[tuple[str, Problem]]  # (url as cleaned text, why)


# ---------------------------------------------------------------- reading


def read_opml(path: Path, max_bytes: int = MAX_OPML_BYTES) -> OpmlImport:
    """Read an OPML 1.0 or 2.0 subscription list; raises OpmlError naming the file and line.

    Read as a feed file is: only a regular file (a FIFO would block for ever, /dev/zero never
    ends), opened without blocking, and at most `max_bytes` of it.
    """
    name = clean_line(str(path), 300)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise OpmlError("opml.unreadable", file=name, error=exc.strerror or "error") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OpmlError("opml.not_regular", file=name)
        if info.st_size > max_bytes:
            raise OpmlError("opml.too_large", file=name, megabytes=max_bytes // (1024 * 1024))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise OpmlError("opml.unreadable", file=name, error=exc.strerror or "error") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while being read
        raise OpmlError("opml.too_large", file=name, megabytes=max_bytes // (1024 * 1024))
    return parse_opml(data, name)


def parse_opml(data: bytes, name: str = "OPML") -> OpmlImport:
    """Parse OPML bytes; `name` is the file name used in error messages."""
    found = _DECLARATION_RE.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        raise OpmlError("opml.doctype", file=name, line=line)

    parser = expat.ParserCreate()
    reader = _Reader(name, parser)
    parser.StartDoctypeDeclHandler = reader.forbid
    parser.EntityDeclHandler = reader.forbid
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise OpmlError(
            "opml.syntax", file=name, line=exc.lineno, error=expat.ErrorString(exc.code)
        ) from None
    if not reader.saw_body:
        raise OpmlError("opml.no_body", file=name)
    return OpmlImport(feeds=reader.feeds, skipped=reader.skipped)


class _Reader:
    """expat callbacks that collect feed outlines; the folder an outline sits in is its category."""

    def __init__(self, name: str, parser: expat.XMLParserType) -> None:
        self.name = name
        self.parser = parser
        self.path: list[str] = []  # open element names
        self.folders: list[str] = []  # for each open <outline>: the category its children get
        self.saw_body = False
        self.feeds: list[FeedSpec] = []
        self.skipped: list[tuple[str, Problem]] = []
        self.seen: set[str] = set()

    def forbid(self, *_args: object) -> None:
        raise OpmlError("opml.doctype", file=self.name, line=self.parser.CurrentLineNumber)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if not self.path and tag.lower() != "opml":
            raise OpmlError(
                "opml.not_opml",
                file=self.name,
                line=self.parser.CurrentLineNumber,
                tag=clean_line(tag, 40),
            )
        self.path.append(tag.lower())
        if self.path[:2] == ["opml", "body"]:
            self.saw_body = True
            if tag.lower() == "outline":
                self._outline({k.lower(): v for k, v in attributes.items()})

    def end(self, tag: str) -> None:
        self.path.pop()
        if tag.lower() == "outline" and self.folders and self.path[:2] == ["opml", "body"]:
            self.folders.pop()

    def _outline(self, attrs: dict[str, str]) -> None:
        inherited = self.folders[-1] if self.folders else ""
        if "xmlurl" not in attrs:
            label = clean_line(attrs.get("text") or attrs.get("title") or "", NAME_LIMIT)
            self.folders.append(label or inherited)
            return
        self.folders.append(inherited)  # whatever sits inside a feed outline keeps its category
        category = inherited or _category_attribute(attrs.get("category", ""))
        self._feed(attrs["xmlurl"], attrs, category)

    def _feed(self, raw: str, attrs: dict[str, str], category: str) -> None:
        url = raw.strip()
        shown = clean_line(raw, NAME_LIMIT)
        problem = url_problem(url)
        if problem is not None:
            self.skipped.append((shown, problem))
            return
        if url in self.seen:
            self.skipped.append((shown, Problem.of("opml.repeated")))
            return
        self.seen.add(url)
        name = clean_line(attrs.get("title") or attrs.get("text") or "", NAME_LIMIT)
        if name == url:
            name = ""  # exporters put the URL where there is no name; the feed's title is better
        self.feeds.append(FeedSpec(url=url, category=category, name=name))


def _category_attribute(value: str) -> str:
    """OPML 2.0's category="/News/Local,/Other": the last step of the first path."""
    first = value.split(",")[0]
    steps = [s for s in first.split("/") if s.strip()]
    return clean_line(steps[-1], NAME_LIMIT) if steps else ""


def url_problem(url: str) -> Problem | None:
    """Why kalbartui will not fetch this URL, or None when it is an acceptable feed address."""
    return urls.feed_url_problem(url, MAX_URL_LENGTH)


# ---------------------------------------------------------------- writing


def write_opml(feeds: Sequence[FeedSpec], title: str = "kalbartui") -> str:
    """OPML 2.0 text: uncategorized feeds at the top level, the others in one folder per category."""
    groups: dict[str, list[FeedSpec]] = {}
    for feed in feeds:
        groups.setdefault(clean_line(feed.category, NAME_LIMIT), []).append(feed)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(_xml_safe(clean_line(title, NAME_LIMIT)))}</title>",
        "  </head>",
        "  <body>",
    ]
    for category, members in groups.items():
        if not category:
            lines += [f"    {_feed_outline(f)}" for f in members]
            continue
        lines.append(f"    <outline text={_attr(category)} title={_attr(category)}>")
        lines += [f"      {_feed_outline(f)}" for f in members]
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _feed_outline(feed: FeedSpec) -> str:
    name = clean_line(feed.name, NAME_LIMIT)
    # OPML requires text; a URL there reads back as "no name" (see _Reader._feed).
    text = f"text={_attr(name or feed.url)}"
    title = f" title={_attr(name)}" if name else ""
    return f'<outline {text}{title} type="rss" xmlUrl={_attr(feed.url)}/>'


def _attr(value: str) -> str:
    return quoteattr(_xml_safe(clean(value)))  # quoteattr also encodes tab and newline


def _xml_safe(value: str) -> str:
    return _NOT_XML_RE.sub("", value)
