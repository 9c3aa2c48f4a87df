"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) -> ParsedFeed.

feedparser reads no JSON, so this is kalbartui's own reader. Each item is put into
feedparser's field names and cleaned by `entries.parse_entry`, exactly as an RSS or Atom
entry is: the same text cleaning, caps on lengths and counts, and only http(s) links kept.
The document is hostile: every field is type-checked before use (a wrong type is ignored),
and JSON nested too deep for Python's decoder is refused rather than crashing.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from kalbartui.feeds.entries import AUTHOR_LIMIT, MAX_TERMS, parse_entry
from kalbartui.feeds.field_text import plain_text, web_url
from kalbartui.models import ParsedArticle, ParsedFeed
from kalbartui.problems import KalbarError

VERSION_PREFIXES = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
MAX_ITEMS = 10_000  # items read from one document; a real feed has tens
MAX_AUTHORS = 10  # names kept per item ("A, B, C")
MEDIA_TYPE = "application/feed+json"

# RFC 3339: 2026-12-02T14:30:00+07:00, fractions and a lower-case t or z allowed.
_RFC3339_RE = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?"
    r"\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?\s*\Z"
)


class JsonFeedError(KalbarError):
    """A JSON body that is not a JSON Feed; its Problem says what it is instead."""


def looks_like_json(data: bytes) -> bool:
    """True when the body starts (after a BOM and white space) like a JSON object or array."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"["))


def load(data: bytes) -> dict[str, Any]:
    """The JSON Feed document as a dict; JsonFeedError for anything else (other JSON included)."""
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except RecursionError:  # thousands of nested brackets: json's decoder recurses
        raise JsonFeedError("feed.json_too_deep") from None
    except ValueError:
        raise JsonFeedError("feed.json_invalid") from None
    if not is_json_feed(document):
        raise JsonFeedError("feed.json")
    assert isinstance(document, dict)
    return document


def is_json_feed(document: object) -> bool:
    """A JSON object whose `version` names a JSON Feed version."""
    if not isinstance(document, dict):
        return False
    version = document.get("version")
    return isinstance(version, str) and version.startswith(VERSION_PREFIXES)


def parse_json_feed(data: bytes, url: str, now: datetime) -> ParsedFeed:
    """Parse a JSON Feed body into clean articles (JsonFeedError when it is not one)."""
    document = load(data)
    title = plain_text(_str(document.get("title")), 300)
    link = web_url(_str(document.get("home_page_url")), url)
    fallback_author = _authors(document) or title
    items = document.get("items")
    articles: list[ParsedArticle] = []
    seen: set[str] = set()
    for item in (items if isinstance(items, list) else [])[:MAX_ITEMS]:
        if not isinstance(item, dict):
            continue
        article = parse_entry(_entry(item, url), url, now, fallback_author)
        if not (article.title or article.url or article.content_html):
            continue
        if article.guid in seen:  # the store keys on guid; the first copy wins
            continue
        seen.add(article.guid)
        articles.append(article)
    return ParsedFeed(title=title, link=link, articles=tuple(articles))


def _entry(item: dict[str, Any], feed_url: str) -> dict[str, Any]:
    """One item in feedparser's field names, for `parse_entry`."""
    entry: dict[str, Any] = {}
    link = _str(item.get("url")) or _str(item.get("external_url"))
    if link:
        entry["link"] = link
    raw_id = item.get("id")
    if isinstance(raw_id, str) or (isinstance(raw_id, int) and not isinstance(raw_id, bool)):
        entry["id"] = str(raw_id)[:8192]  # 1.0 feeds in the wild write numbers
    title = _str(item.get("title"))
    if title:
        entry["title"] = title
        entry["title_detail"] = {"type": "text/plain"}  # a JSON Feed title is plain text
    for key, field in (("published", "date_published"), ("updated", "date_modified")):
        raw = _str(item.get(field))
        when = rfc3339(raw) if raw else None
        if when is not None:
            entry[key] = raw
            entry[key + "_parsed"] = when.timetuple()[:6]
    author = _authors(item)
    if author:
        entry["author"] = author
    content_html = _str(item.get("content_html"))
    content_text = _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    if content_html:
        entry["content"] = [{"type": "text/html", "value": content_html}]
    elif content_text:
        entry["content"] = [{"type": "text/plain", "value": content_text}]
    if summary:
        # Plain text in JSON Feed: escaped, so "a < b" keeps its words through tag stripping.
        entry["summary"] = html.escape(summary[:100_000])
        entry["summary_detail"] = {"type": "text/plain", "value": summary}
    for field in ("image", "banner_image"):
        picture = web_url(_str(item.get(field)), feed_url)
        if picture:
            entry["image"] = {"href": picture}
            break
    tags = item.get("tags")
    if isinstance(tags, list):
        entry["tags"] = [{"term": t} for t in tags[: MAX_TERMS * 4] if isinstance(t, str)]
    return entry


def _authors(node: dict[str, Any]) -> str:
    """The names of 1.1's `authors`, else 1.0's `author`, as one bounded line."""
    found = node.get("authors")
    people = found if isinstance(found, list) else [node.get("author")]
    names: list[str] = []
    for person in people[: MAX_AUTHORS * 4]:
        if len(names) >= MAX_AUTHORS:
            break
        if isinstance(person, dict):
            name = plain_text(_str(person.get("name")), AUTHOR_LIMIT)
            if name and name not in names:
                names.append(name)
    return plain_text(", ".join(names), AUTHOR_LIMIT)


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def rfc3339(value: str) -> datetime | None:
    """A UTC datetime from an RFC 3339 date-time (a missing zone is UTC), or None."""
    if len(value) > 80:
        return None
    match = _RFC3339_RE.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, zulu, sign, off_h, off_m = match.groups()
    offset = timedelta(0)
    if sign and not zulu:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        if sign == "-":
            offset = -offset
    try:
        local = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            min(int(second or 0), 59),
            tzinfo=timezone(offset),
        )
        return local.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
