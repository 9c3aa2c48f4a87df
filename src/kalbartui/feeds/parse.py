"""Feed bytes -> ParsedFeed: feedparser (or rss_fast, for WordPress's plain RSS) does the reading,
and jsonfeed reads JSON Feed, which feedparser does not.

The bytes are made safe first (xml_prepass), and every entry is cleaned by entries.parse_entry.
`parse_feed` is a pure function of picklable values so refresh can run it in a
thread or process pool, away from the event loop.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

from kalbartui.feeds.entries import parse_entry
from kalbartui.feeds.field_text import plain_text, title_text, web_url
from kalbartui.feeds.jsonfeed import JsonFeedError, looks_like_json, parse_json_feed
from kalbartui.feeds.rss_fast import read_rss
from kalbartui.feeds.xml_prepass import (
    limit_attributes,
    limit_terms,
    link_text_wins,
    strip_doctype,
    to_utf8,
)
from kalbartui.models import ParsedArticle, ParsedFeed
from kalbartui.problems import KalbarError
from kalbartui.text import clean_line

_get = dict.get  # FeedParserDict.get goes through its key aliasing; the plain one is faster


class FeedParseError(KalbarError):
    """The response is not a feed at all; its Problem says what it is instead."""


def _complaint(result: dict[str, Any]) -> str:
    """Short text of feedparser's complaint, or "" when it has none worth showing."""
    if not _get(result, "bozo"):
        return ""
    error = _get(result, "bozo_exception")
    if error is None or type(error).__name__ == "NonXMLContentType":
        return ""  # servers label feeds text/html all the time; the body decides
    line = getattr(error, "getLineNumber", None)
    message = getattr(error, "getMessage", None)
    if callable(line) and callable(message):
        text = f"malformed XML at line {line()}: {message()}"
    else:
        text = str(error) or type(error).__name__
    return clean_line(text, 200)


# Root elements of the feed formats: (namespace, local name). RSS 0.9x/2.0 has no namespace.
_FEED_ROOTS = {
    ("", "rss"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "RDF"),  # RSS 0.90 and 1.0
    ("http://www.w3.org/2005/Atom", "feed"),
    ("http://purl.org/atom/ns#", "feed"),  # Atom 0.3
}
_RSS_RDF_NAMESPACES = (b"http://purl.org/rss/1.0/", b"http://my.netscape.com/rdf/simple/0.9/")
_ROOT_TAG_RE = re.compile(rb"<([A-Za-z_][\w.-]{0,100}(?::[A-Za-z_][\w.-]{0,100})?)([^<>]{0,8000})>")
_XMLNS_RE = re.compile(rb"""\sxmlns(?::([\w.-]{1,100}))?\s*=\s*(["'])([^"'<>]{0,2000})\2""")


def is_feed_document(body: bytes) -> bool:
    """True when the root element makes the document RSS (0.9x, 1.0, 2.0) or Atom.

    Such a document is a working feed even with no entries and no title; only what is
    not a feed at all (HTML, JSON, plain text, other XML) is "not a feed".
    """
    pos = 0
    head = body[:65536]
    while True:  # skip the XML declaration, processing instructions and comments
        lt = head.find(b"<", pos)
        if lt < 0 or head[pos:lt].strip(b"\xef\xbb\xbf \t\r\n"):
            return False  # text before the root: not XML
        for opener, closer in ((b"<?", b"?>"), (b"<!--", b"-->"), (b"<!", b">")):
            if head.startswith(opener, lt):
                end = head.find(closer, lt + len(opener))
                if end < 0:
                    return False
                pos = end + len(closer)
                break
        else:
            break  # the root element
    match = _ROOT_TAG_RE.match(head, lt)
    if match is None:
        return False
    prefix, _, local = match.group(1).decode("ascii").rpartition(":")
    spaces = {
        (m.group(1) or b"").decode("ascii"): m.group(3).strip()
        for m in _XMLNS_RE.finditer(match.group(2))
    }
    namespace = spaces.get(prefix, b"").decode("utf-8", "replace")
    if (namespace, local) not in _FEED_ROOTS:
        return False
    if local == "RDF":  # RDF is a feed only when it speaks RSS 1.0 or 0.90
        return any(ns in _RSS_RDF_NAMESPACES for ns in spaces.values())
    return True


def _not_a_feed(data: bytes, content_type: str) -> FeedParseError:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return FeedParseError("feed.empty")
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return FeedParseError("feed.html")
    if "html" in content_type.lower():
        return FeedParseError("feed.html")
    if head.startswith((b"{", b"[")):
        return FeedParseError("feed.json")
    return FeedParseError("feed.unknown")


def _xml_content_type(content_type: str) -> str:
    """What feedparser is told: only the charset matters; the media type itself is noise.

    A charset-less text/xml makes feedparser assume US-ASCII (RFC 3023) and complain
    about every UTF-8 feed, so the body's own declaration is trusted instead.
    """
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return f"application/xml; charset={value.strip().strip(chr(34) + chr(39))}"
    return "application/xml"


_XML_DECL_RE = re.compile(rb"\A\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def _utf8_everywhere(body: bytes, header: str) -> bool:
    """True when the HTTP charset and the XML declaration agree on UTF-8 (or say nothing).

    Where they disagree feedparser's rules pick the encoding, so feedparser reads the feed.
    """
    charset = header.partition("charset=")[2].strip().lower()
    if charset and charset not in ("utf-8", "utf8"):
        return False
    declared = _XML_DECL_RE.match(body[:200])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


# A <ttl> longer than this counts as this: a feed cannot make itself never refreshed.
MAX_TTL_MINUTES = 24 * 60


def feed_ttl(value: object) -> int | None:
    """The minutes an RSS <ttl> asks for (None: none, or not a number of minutes)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    minutes = int(text)
    return min(minutes, MAX_TTL_MINUTES) if minutes > 0 else None


def parse_feed(
    data: bytes, url: str, now: datetime, content_type: str = "", *, fast: bool = True
) -> ParsedFeed:
    """Parse a fetched feed body into clean articles.

    `now` dates entries that carry no usable date. Raises FeedParseError when the
    body is not a feed at all. `fast=False` always goes through feedparser.
    """
    import feedparser  # deferred: it costs ~100 ms to import and only workers need it

    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    if not data or not data.strip():
        raise FeedParseError("feed.empty")
    if looks_like_json(data):
        # A JSON Feed is read; any other JSON is still "not a feed".
        try:
            return parse_json_feed(data, url, now)
        except JsonFeedError as exc:
            raise FeedParseError(exc.problem) from None

    body = data
    header = _xml_content_type(content_type)
    wide = to_utf8(body)
    if wide is not None:
        body, header = wide, "application/xml; charset=utf-8"
    body = link_text_wins(strip_doctype(body))

    plain = read_rss(body) if fast and wide is None and _utf8_everywhere(body, header) else None
    if plain is not None:
        meta, entries = plain
        result: dict[str, Any] = {"version": "rss20"}
    else:
        # Bounded first: feedparser's handling of terms and attributes is quadratic.
        bounded = limit_terms(limit_attributes(body))
        result = feedparser.parse(
            io.BytesIO(bounded),  # bare bytes that look like a path or URL would be opened and read
            response_headers={"content-type": header},
            sanitize_html=False,  # the renderer and text cleaner do this later, faster
            resolve_relative_uris=False,  # done here, only where needed
        )
        meta = _get(result, "feed") or {}
        entries = _get(result, "entries") or []
    feed_title = title_text(_get(meta, "title") or "", _get(meta, "title_detail"), 300)
    if not entries and not (feed_title and _get(result, "version")) and not is_feed_document(body):
        raise _not_a_feed(data, content_type)

    feed_link = web_url(_get(meta, "link") or "", url)
    feed_author = plain_text(
        _get(_get(meta, "author_detail") or {}, "name") or _get(meta, "author") or "", 200
    )
    fallback_author = feed_author or feed_title

    articles: list[ParsedArticle] = []
    seen: set[str] = set()
    for entry in entries:
        article = parse_entry(entry, url, now, fallback_author)
        if not (article.title or article.url or article.content_html):
            continue  # nothing to show: the stub a cut-off document leaves behind
        if article.guid in seen:  # the store keys on guid; the first copy wins
            continue
        seen.add(article.guid)
        articles.append(article)
    return ParsedFeed(
        title=feed_title,
        link=feed_link,
        articles=tuple(articles),
        bozo=_complaint(result),
        ttl_minutes=feed_ttl(_get(meta, "ttl")),
    )
