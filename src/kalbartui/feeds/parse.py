"""Feed bytes -> ParsedFeed: feedparser does the reading, this module cleans every field.

`parse_feed` is a pure function of picklable values so refresh can run it in a
thread or process pool, away from the event loop.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from kalbartui.feeds.rss_fast import read_rss
from kalbartui.models import ParsedArticle, ParsedFeed
from kalbartui.text import clean, clean_line, strip_tags

TITLE_LIMIT = 1000
AUTHOR_LIMIT = 200
CATEGORY_LIMIT = 100
SUMMARY_LIMIT = 500
CONTENT_LIMIT = 2_000_000  # characters of HTML kept per article
URL_LIMIT = 4096
FUTURE_SLACK = timedelta(days=2)  # clock skew we forgive before calling a date bogus

_get = dict.get  # FeedParserDict.get goes through its key aliasing; the plain one is faster


class FeedParseError(Exception):
    """The response is not a feed at all; the message is worded for the user."""


# ---------------------------------------------------------------- hostile XML


def _declaration_end(data: bytes, start: int) -> int:
    """End of the `<!...>` declaration at `start`, skipping a bracketed internal subset."""
    depth = 0
    for match in _DECL_TOKEN_RE.finditer(data, start + 2):
        token = match.group()
        if token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(depth - 1, 0)
        elif token == b">" and depth == 0:
            return match.end()
    return len(data)  # never closed: everything after it is the declaration


# Quoted strings may hold '>' or ']'; an unterminated quote runs to the end (linear time).
_DECL_TOKEN_RE = re.compile(rb"\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z)|<!--.*?(?:-->|\Z)|[\[\]>]", re.S)


def strip_doctype(data: bytes) -> bytes:
    """Drop every DOCTYPE/ENTITY declaration before the root element.

    With no declarations left, neither expat nor feedparser's loose parser can
    expand an entity bomb or read an external (file:// or http://) entity.
    """
    pos = 0
    kept = 0
    parts: list[bytes] = []
    while True:
        lt = data.find(b"<", pos)
        if lt < 0:
            break
        if data.startswith(b"<?", lt):
            end = data.find(b"?>", lt + 2)
            if end < 0:
                break
            pos = end + 2
        elif data.startswith(b"<!--", lt):
            end = data.find(b"-->", lt + 4)
            if end < 0:
                break
            pos = end + 3
        elif data.startswith(b"<!", lt) and not data.startswith(b"<![CDATA[", lt):
            end = _declaration_end(data, lt)
            # Keep the newlines so parser complaints still point at the right line.
            parts.append(data[kept:lt] + b"\n" * data.count(b"\n", lt, end))
            pos = kept = end
        else:
            break  # the root element: declarations cannot come later
    if not parts:
        return data
    parts.append(data[kept:])
    return b"".join(parts)


# XML spec appendix F: byte patterns of encodings that are not ASCII-compatible.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"<\x00!\x00", "utf-16-le"),
)
_DECL_ENCODING_RE = re.compile(rb"\A(<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")


def _to_utf8(data: bytes) -> bytes | None:
    """UTF-16/32 bodies re-encoded as UTF-8 (so the DOCTYPE scan can see them), else None."""
    for prefix, codec in _WIDE_ENCODINGS:
        if data.startswith(prefix):
            text = data.decode(codec, "replace").lstrip("\ufeff")
            out = text.encode("utf-8")
            return _DECL_ENCODING_RE.sub(rb"\g<1>\g<2>utf-8\g<2>", out, count=1)
    return None


# ---------------------------------------------------------------- text helpers

# CSI (ESC [ or C1 0x9b), OSC (ESC ] or 0x9d, ended by BEL or ST), and short ESC sequences:
# removed whole, so no "[31m" residue is left once the control characters are gone.
_ANSI_RE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.I | re.S)

# The footer WordPress SEO plugins append to every feed item, in English and Indonesian.
# Only matched at the very end, with a link on both sides, so prose is never cut.
_FOOTER_LEAD = r"(?:The\s+post|Artikel|Pos|Postingan|Tulisan|Berita)"
_FOOTER_VERB = (
    r"(?:appeared\s+first\s+on"
    r"|(?:muncul|tampil|terbit)\s+(?:pertama(?:\s+kali)?|perdana)\s+(?:di|pada))"
)
_FOOTER_HTML_RE = re.compile(
    rf"(?:<p\b[^>]*>\s*)?{_FOOTER_LEAD}\s+<a\b[^>]{{0,2000}}>.{{0,2000}}?</a>\s*{_FOOTER_VERB}\s+"
    rf"<a\b[^>]{{0,2000}}>.{{0,500}}?</a>\s*\.?\s*(?:</p>)?\s*\Z",
    re.I | re.S,
)
# Feeds that strip tags leave the English footer as text; the Indonesian words are too common.
_FOOTER_TEXT_RE = re.compile(
    r"\s*The\s+post\s.{1,1000}?\sappeared\s+first\s+on\s.{1,200}?\Z", re.I | re.S
)
_FOOTER_HINTS = ("appeared first on", "pertama kali", "pertama di", "pertama pada", "perdana")
_FOOTER_WINDOW = 8000  # characters at the end of a body that can hold the footer

_URL_ATTR_RE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])([^"'<>]*)\2""", re.I)
_ABSOLUTE_PREFIXES = ("http://", "https://", "#", "mailto:", "data:", "tel:")


def _no_ansi(text: str) -> str:
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        return _ANSI_RE.sub("", text)
    return text


def _footer_hint(text: str) -> int:
    """Where the last footer phrase sits in the tail of `text`, or -1."""
    start = max(len(text) - _FOOTER_WINDOW, 0)  # the footer is always last; skip the rest
    lowered = text[start:].lower()
    found = max(lowered.rfind(hint) for hint in _FOOTER_HINTS)
    return found + start if found >= 0 else -1


def _drop_footer_html(fragment: str) -> str:
    hint = _footer_hint(fragment)
    if hint < 0:
        return fragment
    # The phrase must follow the post's link; prose that merely says "pertama kali" stops here.
    link_end = fragment.rfind("</a>", 0, hint)
    if link_end < 0 or hint - link_end > 24 or "<" in fragment[link_end + 4 : hint]:
        return fragment
    link_start = fragment.rfind("<a", 0, link_end)
    if link_start < 0:
        return fragment
    # Searching a short stretch before the link keeps this cheap on long bodies.
    start = max(fragment.rfind("<p", 0, link_start), link_start - 200, 0)
    match = _FOOTER_HTML_RE.search(fragment, start)
    return fragment[: match.start()].rstrip() if match else fragment


# Anything strip_tags/clean would have to act on; its absence allows a fast path.
_NEEDS_CLEANING_RE = re.compile(r"[<&\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _bounded(text: str, limit: int) -> str:
    """Whitespace folded and length bounded, as clean_line does, for text already clean."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _plain(value: object, limit: int) -> str:
    """One bounded line of plain text from a title-like field that may hold HTML."""
    text = value if isinstance(value, str) else clean(value)
    if not _NEEDS_CLEANING_RE.search(text):
        return _bounded(text, limit)  # the common case: nothing to decode or remove
    text = _no_ansi(text)  # before the controls go, so no "[31m" is left behind
    if "<s" in text or "<S" in text:
        text = _SCRIPT_RE.sub(" ", text)
    return _bounded(strip_tags(text), limit)


def _cut_html(fragment: str, limit: int) -> str:
    """First `limit` characters of HTML, without a half-written tag at the end."""
    if len(fragment) <= limit:
        return fragment
    cut = fragment[:limit]
    lt = cut.rfind("<")
    if lt > cut.rfind(">"):
        cut = cut[:lt]
    return cut


def _web_url(value: object, base: str) -> str:
    """Absolute http(s) URL from a possibly relative one, or ""."""
    raw = clean(value).strip()
    if not raw or len(raw) > URL_LIMIT:
        return ""
    try:
        absolute = (
            raw if not base or raw.startswith(("https://", "http://")) else urljoin(base, raw)
        )
        parts = urlsplit(absolute)
    except ValueError:  # e.g. a malformed IPv6 host
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return absolute if " " not in absolute else absolute.replace(" ", "%20")


def _has_relative_attr(fragment: str) -> bool:
    """Cheap test (str.count runs in C) before the slower regex pass."""
    low = fragment.lower()
    attrs = low.count("href=") + low.count("src=")
    if not attrs:
        return False
    absolute = sum(
        low.count(f"{a}={q}{p}") for a in ("href", "src") for q in "\"'" for p in ("http", "#")
    )
    return attrs != absolute


def _absolute_links(fragment: str, base: str) -> str:
    """Resolve relative href/src in HTML (feedparser's resolver is off for speed)."""
    if not base or not _has_relative_attr(fragment):
        return fragment

    def fix(match: re.Match[str]) -> str:
        value = match.group(3)
        if not value or value.lower().startswith(_ABSOLUTE_PREFIXES):
            return match.group()
        try:
            resolved = urljoin(base, html.unescape(value))
        except ValueError:
            return match.group()
        return f"{match.group(1)}{match.group(2)}{html.escape(resolved)}{match.group(2)}"

    return _URL_ATTR_RE.sub(fix, fragment)


# ---------------------------------------------------------------- fields


def _when(entry: dict[str, Any], now: datetime) -> tuple[datetime, bool]:
    """Publication time in UTC and whether it was estimated."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = _get(entry, key)
        if not parsed:
            continue
        try:
            when = datetime(*parsed[:5], min(parsed[5], 59), tzinfo=UTC)
        except (TypeError, ValueError, OverflowError):
            continue
        if when > now + FUTURE_SLACK:
            return now, True
        return when, False
    return now, True


def _join(base: str, raw: str) -> str:
    try:
        return urljoin(base, raw) if base and raw else raw
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
    name = _plain(_get(detail, "name") or _get(entry, "author") or "", AUTHOR_LIMIT)
    return name or fallback


def _categories(entry: dict[str, Any]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for tag in _get(entry, "tags") or ():
        term = _plain(_get(tag, "term") or _get(tag, "label") or "", CATEGORY_LIMIT)
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
    body = clean(_no_ansi(_cut_html(_detail_html(chosen), CONTENT_LIMIT)))
    body = _drop_footer_html(body)
    return _absolute_links(body, _get(chosen, "base") or base)


def _summary(entry: dict[str, Any], content_html: str) -> str:
    text = _summary_text(_drop_footer_html(str(_get(entry, "summary") or "")))
    if not text:  # no excerpt (or only the footer): the start of the body will do
        text = _summary_text(_cut_html(content_html, 20 * SUMMARY_LIMIT))
    return _bounded(text, SUMMARY_LIMIT)


def _summary_text(fragment: str) -> str:
    text = _plain(fragment, SUMMARY_LIMIT * 4)
    if "appeared first on" in text:
        text = _FOOTER_TEXT_RE.sub("", text)
    return text


def _image(entry: dict[str, Any], content_html: str, base: str) -> str:
    """The lead picture: media:content, media:thumbnail, an image enclosure, the feed's image,
    then the first real <img> of the content (never an emoji, a tracker or a share button)."""
    from kalbartui.feeds.images import choose_lead_image, is_picture

    for media in _get(entry, "media_content") or ():
        medium = str(_get(media, "medium") or "image").lower()
        mime = str(_get(media, "type") or "image/").lower()
        if medium == "image" and mime.startswith("image/"):
            url = _web_url(_get(media, "url"), base)
            if url and is_picture(url):
                return url
    for thumb in _get(entry, "media_thumbnail") or ():
        url = _web_url(_get(thumb, "url"), base)
        if url and is_picture(url):
            return url
    for enclosure in _get(entry, "links") or ():  # feedparser's "enclosures" is a view of these
        if _get(enclosure, "rel") == "enclosure" and str(
            _get(enclosure, "type") or ""
        ).lower().startswith("image/"):
            url = _web_url(_get(enclosure, "href"), base)
            if url and is_picture(url):
                return url
    image = _get(entry, "image")
    if isinstance(image, dict):
        url = _web_url(_get(image, "href"), base)
        if url and is_picture(url):
            return url
    if "<img" not in content_html and "<IMG" not in content_html:
        return ""
    found = choose_lead_image(content_html=content_html[:200_000], base=base)
    return _web_url(found, base) if found else ""


def _article(
    entry: dict[str, Any], feed_url: str, now: datetime, fallback_author: str
) -> ParsedArticle:
    raw_link = clean(_get(entry, "link") or "").strip()
    url = _web_url(raw_link, feed_url)
    link_for_id = _join(feed_url, raw_link)
    published, estimated = _when(entry, now)
    content_html = _content(entry, feed_url)
    summary = _summary(entry, content_html)
    title = _plain(_get(entry, "title") or "", TITLE_LIMIT) or _bounded(summary, 120)
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


# ---------------------------------------------------------------- the feed


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


def _not_a_feed(data: bytes, content_type: str) -> FeedParseError:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return FeedParseError("empty response")
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return FeedParseError("not a feed (an HTML page)")
    if "html" in content_type.lower():
        return FeedParseError("not a feed (an HTML page)")
    if head.startswith((b"{", b"[")):
        return FeedParseError("not a feed (a JSON document)")
    return FeedParseError("not a feed (neither RSS nor Atom)")


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
        raise FeedParseError("empty response")

    body = data
    header = _xml_content_type(content_type)
    wide = _to_utf8(body)
    if wide is not None:
        body, header = wide, "application/xml; charset=utf-8"
    body = strip_doctype(body)

    plain = read_rss(body) if fast and wide is None and _utf8_everywhere(body, header) else None
    if plain is not None:
        meta, entries = plain
        result: dict[str, Any] = {"version": "rss20"}
    else:
        result = feedparser.parse(
            io.BytesIO(body),  # bare bytes that look like a path or URL would be opened and read
            response_headers={"content-type": header},
            sanitize_html=False,  # the renderer and text cleaner do this later, faster
            resolve_relative_uris=False,  # done here, only where needed
        )
        meta = _get(result, "feed") or {}
        entries = _get(result, "entries") or []
    feed_title = _plain(_get(meta, "title") or "", 300)
    if not entries and (not feed_title or not _get(result, "version")):
        raise _not_a_feed(data, content_type)

    feed_link = _web_url(_get(meta, "link") or "", url)
    feed_author = _plain(
        _get(_get(meta, "author_detail") or {}, "name") or _get(meta, "author") or "", 200
    )
    fallback_author = feed_author or feed_title

    articles: list[ParsedArticle] = []
    seen: set[str] = set()
    for entry in entries:
        article = _article(entry, url, now, fallback_author)
        if not (article.title or article.url or article.content_html):
            continue  # nothing to show: the stub a cut-off document leaves behind
        if article.guid in seen:  # the store keys on guid; the first copy wins
            continue
        seen.add(article.guid)
        articles.append(article)
    return ParsedFeed(
        title=feed_title, link=feed_link, articles=tuple(articles), bozo=_complaint(result)
    )
