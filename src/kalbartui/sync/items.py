"""Google Reader items -> ParsedArticle, through the feed parser's own cleaning.

A sync server passes on what the feeds said: titles, bodies and links stay hostile.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kalbartui.feeds.entries import parse_entry
from kalbartui.models import ParsedArticle
from kalbartui.sync.greader import LABEL_PREFIX, READ, STARRED, item_number

# FreshRSS writes & < > in titles as their fullwidth forms (a Google Reader client habit);
# the feed said the ASCII ones, and the title cleaner must see what the feed said.
_FULLWIDTH = str.maketrans({"＆": "&", "＜": "<", "＞": ">"})
# In a feed's name it writes five more so ("extended" escapeToUnicodeAlternative): a name
# such as "Kabar, Pontianak" arrives as "Kabar， Pontianak".
_FULLWIDTH_NAME = str.maketrans(
    {"＆": "&", "＜": "<", "＞": ">", "？": "?", "＼": "\\", "／": "/", "，": ",", "；": ";"}
)


def plain_title(text: object) -> str:
    """An item's title as the feed wrote it."""
    return str(text or "").translate(_FULLWIDTH)


def plain_name(text: object) -> str:
    """A feed's name as the feed wrote it."""
    return str(text or "").translate(_FULLWIDTH_NAME)


@dataclass(frozen=True, slots=True)
class SyncedItem:
    number: int  # the server's item id
    stream: str  # "feed/12"
    article: ParsedArticle
    read: bool
    starred: bool


def guid_for(number: int) -> str:
    return f"greader:{number}"


def to_item(raw: dict[str, Any], feed_url: str, now: datetime) -> SyncedItem | None:
    """One item of stream/items/contents, or None when it has no usable id."""
    try:
        number = item_number(str(raw["id"]))
    except (KeyError, TypeError, ValueError):
        return None
    categories = [c for c in raw.get("categories") or () if isinstance(c, str)]
    origin_raw = raw.get("origin")
    origin: dict[str, object] = origin_raw if isinstance(origin_raw, dict) else {}
    link = ""
    for key in ("canonical", "alternate"):
        for ref in raw.get(key) or ():
            if isinstance(ref, dict) and ref.get("href"):
                link = str(ref["href"])
                break
        if link:
            break
    body = raw.get("content") if isinstance(raw.get("content"), dict) else None
    body = body or (raw.get("summary") if isinstance(raw.get("summary"), dict) else {}) or {}
    entry: dict[str, Any] = {
        "id": guid_for(number),
        "title": plain_title(raw.get("title")),
        "link": link,
        "author": str(raw.get("author") or ""),
        "content": [{"type": "text/html", "value": str(body.get("content") or "")}],
        "tags": [
            {"term": c}
            for c in categories
            if not c.startswith("user/") and not c.startswith("tag:")
        ],
    }
    published = raw.get("published")
    if isinstance(published, (int, float)) and not isinstance(published, bool) and published > 0:
        try:
            entry["published_parsed"] = time.gmtime(published)
        except (OverflowError, OSError, ValueError):
            pass
    base = str(origin.get("htmlUrl") or "") or feed_url
    article = parse_entry(entry, base, now.astimezone(UTC), plain_name(origin.get("title")))
    return SyncedItem(
        number=number,
        stream=str(origin.get("streamId") or ""),
        article=article,
        read=READ in categories,
        starred=STARRED in categories,
    )


def labels_of(raw: dict[str, Any]) -> list[str]:
    return [
        c[len(LABEL_PREFIX) :]
        for c in raw.get("categories") or ()
        if isinstance(c, str) and c.startswith(LABEL_PREFIX)
    ]
