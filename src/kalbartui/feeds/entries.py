"""One feed entry, in feedparser's field names, -> a clean ParsedArticle: its dates, id,
author, categories, body, summary and lead picture, each bounded."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from kalbartui import urls
from kalbartui.feeds.dates import parse_date
from kalbartui.feeds.field_text import (
    URL_LIMIT,
    absolute_links,
    bounded,
    cut_html,
    drop_footer_html,
    drop_footer_text,
    no_ansi,
    plain_text,
    title_text,
    web_url,
)
from kalbartui.models import ParsedArticle
from kalbartui.text import clean

TITLE_LIMIT = 1000
AUTHOR_LIMIT = 200
CATEGORY_LIMIT = 100
SUMMARY_LIMIT = 500
CONTENT_LIMIT = 2_000_000  # characters of HTML kept per article
MAX_TERMS = 50  # categories kept per article; WordPress sites use a handful
FUTURE_SLACK = timedelta(days=1)  # clock skew we forgive before calling a date bogus
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # before this a date is a placeholder, not news

_get = dict.get  # FeedParserDict.get goes through its key aliasing; the plain one is faster


def _when(entry: dict[str, Any], now: datetime) -> tuple[datetime, bool]:
    """Publication time in UTC and whether it was estimated.

    A date before 1970 or more than a day ahead is unknown: it is a placeholder or a
    broken clock, and far dates cannot be shown in every time zone.
    """
    for key in ("published", "updated", "created"):
        when = _parsed_time(_get(entry, key + "_parsed"))
        if when is None:
            raw = _get(entry, key)
            # feedparser reads English day and month names only.
            when = parse_date(raw) if isinstance(raw, str) and raw else None
        if when is None or when < EARLIEST or when > now + FUTURE_SLACK:
            continue
        return when, False
    return now, True


def _parsed_time(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        y, mo, d, h, mi, sec = parsed[:6]
        return datetime(y, mo, d, h, mi, min(sec, 59), tzinfo=UTC)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _join(base: str, raw: str) -> str:
    try:
        return urls.resolve(base, raw) if base and raw else raw
    except ValueError:  # e.g. a malformed IPv6 host
        return raw


def _guid(entry: dict[str, Any], link: str) -> str:
    guid = clean(_get(entry, "id") or "").strip() or link
    if not guid:
        title = str(_get(entry, "title") or "")
        date = str(_get(entry, "published") or _get(entry, "updated") or "")
        seed = f"{title}\n{date}"
        if not title and not date:  # nothing to tell entries apart but their text
            seed += "\n" + str(_get(entry, "summary") or "")
        return "sha1:" + hashlib.sha1(seed.encode("utf-8", "replace")).hexdigest()
    if len(guid) > URL_LIMIT:  # keep the key small without letting two long ids collide
        return "sha1:" + hashlib.sha1(guid.encode("utf-8", "replace")).hexdigest()
    return guid


def _author(entry: dict[str, Any], fallback: str) -> str:
    detail = _get(entry, "author_detail") or {}
    name = plain_text(_get(detail, "name") or _get(entry, "author") or "", AUTHOR_LIMIT)
    return name or fallback


def _categories(entry: dict[str, Any]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for tag in (_get(entry, "tags") or ())[: MAX_TERMS * 4]:
        if len(out) >= MAX_TERMS:
            break
        term = plain_text(_get(tag, "term") or _get(tag, "label") or "", CATEGORY_LIMIT)
        key = term.casefold()
        if term and key not in seen:
            seen.add(key)
            out.append(term)
    return tuple(out)


def _detail_html(detail: dict[str, Any]) -> str:
    value = str(_get(detail, "value") or "")
    if _get(detail, "type") == "text/plain":
        # Plain text bodies become paragraphs so the renderer keeps their breaks.
        paragraphs = re.split(r"\n\s*\n", value.strip())
        return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p.strip())
    return value


def _content(entry: dict[str, Any], base: str) -> str:
    """Untrusted HTML body: content:encoded / content, else the summary."""
    chosen: dict[str, Any] | None = None
    for detail in _get(entry, "content") or ():
        if _get(detail, "type") in ("text/html", "application/xhtml+xml"):
            chosen = detail
            break
        chosen = chosen or detail
    if chosen is None:
        chosen = _get(entry, "summary_detail") or {"value": _get(entry, "summary") or ""}
    body = clean(no_ansi(cut_html(_detail_html(chosen), CONTENT_LIMIT)))
    body = drop_footer_html(body)
    return absolute_links(body, _get(chosen, "base") or base)


def _summary(entry: dict[str, Any], content_html: str) -> str:
    text = _summary_text(drop_footer_html(str(_get(entry, "summary") or "")))
    if not text:  # no excerpt (or only the footer): the start of the body will do
        text = _summary_text(cut_html(content_html, 20 * SUMMARY_LIMIT))
    return bounded(text, SUMMARY_LIMIT)


def _summary_text(fragment: str) -> str:
    return drop_footer_text(plain_text(fragment, SUMMARY_LIMIT * 4))


def _image(entry: dict[str, Any], content_html: str, base: str) -> str:
    """The lead picture: media:content, media:thumbnail, an image enclosure, the feed's image,
    then the first real <img> of the content (never an emoji, a tracker or a share button)."""
    from kalbartui.feeds.images import choose_lead_image, is_picture

    for media in _get(entry, "media_content") or ():
        medium = str(_get(media, "medium") or "image").lower()
        mime = str(_get(media, "type") or "image/").lower()
        if medium == "image" and mime.startswith("image/"):
            url = web_url(_get(media, "url"), base)
            if url and is_picture(url):
                return url
    for thumb in _get(entry, "media_thumbnail") or ():
        url = web_url(_get(thumb, "url"), base)
        if url and is_picture(url):
            return url
    for enclosure in _get(entry, "links") or ():  # feedparser's "enclosures" is a view of these
        if _get(enclosure, "rel") == "enclosure" and str(
            _get(enclosure, "type") or ""
        ).lower().startswith("image/"):
            url = web_url(_get(enclosure, "href"), base)
            if url and is_picture(url):
                return url
    image = _get(entry, "image")
    if isinstance(image, dict):
        url = web_url(_get(image, "href"), base)
        if url and is_picture(url):
            return url
    if "<img" not in content_html and "<IMG" not in content_html:
        return ""
    found = choose_lead_image(content_html=content_html[:200_000], base=base)
    return web_url(found, base) if found else ""


def parse_entry(
    entry: dict[str, Any], feed_url: str, now: datetime, fallback_author: str = ""
) -> ParsedArticle:
    """One entry given in feedparser's field names (a feed's, or a sync server's item), cleaned
    the same way whichever it came from."""
    raw_link = clean(_get(entry, "link") or "").strip()
    url = web_url(raw_link, feed_url)
    if not url and raw_link:
        # feedparser keeps the last alternate link; an earlier one may be the web page.
        for link in (_get(entry, "links") or ())[:20]:
            if _get(link, "rel") == "alternate":
                url = web_url(clean(_get(link, "href") or "").strip(), feed_url)
                if url:
                    raw_link = url
                    break
    link_for_id = _join(feed_url, raw_link)
    published, estimated = _when(entry, now)
    content_html = _content(entry, feed_url)
    summary = _summary(entry, content_html)
    title = title_text(
        _get(entry, "title") or "", _get(entry, "title_detail"), TITLE_LIMIT
    ) or bounded(summary, 120)
    return ParsedArticle(
        guid=_guid(entry, link_for_id),
        url=url,
        title=title,
        author=_author(entry, fallback_author),
        published=published,
        published_estimated=estimated,
        categories=_categories(entry),
        summary=summary,
        content_html=content_html,
        image_url=_image(entry, content_html, url or feed_url),
    )
