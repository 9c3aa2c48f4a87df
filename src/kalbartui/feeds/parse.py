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

from kalbartui import urls
from kalbartui.feeds.dates import parse_date
from kalbartui.feeds.rss_fast import read_rss
from kalbartui.models import ParsedArticle, ParsedFeed
from kalbartui.text import SCRIPT_ELEMENTS, clean, clean_line, hidden_elements_re, strip_tags

TITLE_LIMIT = 1000
AUTHOR_LIMIT = 200
CATEGORY_LIMIT = 100
SUMMARY_LIMIT = 500
CONTENT_LIMIT = 2_000_000  # characters of HTML kept per article
URL_LIMIT = 4096
MAX_RESOLVED_LINKS = 5_000  # relative href/src made absolute per article
MAX_TERMS = 50  # categories kept per article; WordPress sites use a handful
FUTURE_SLACK = timedelta(days=1)  # clock skew we forgive before calling a date bogus
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # before this a date is a placeholder, not news

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


# Elements whose count per item feedparser handles in quadratic time (each new term is
# compared with every earlier one), and the item elements that reset the count.
_TERM_TOKEN_RE = re.compile(
    rb"<(/?)((?:[A-Za-z_][\w.-]*:)?(?:item|entry|category|subject))(?=[\s/>])"
)


def limit_terms(data: bytes, per_item: int = MAX_TERMS * 2) -> bytes:
    """Drop <category>/<dc:subject> elements past `per_item` in one item; linear time.

    An unfinished element (no ">" or no end tag) stops the scan: everything from there on
    is kept as it is, and the parser reads it as it can.
    """
    if data.count(b"<category") + data.count(b":subject") + data.count(b":category") <= per_item:
        return data
    parts: list[bytes] = []
    kept = 0
    count = 0
    pos = 0
    while True:
        m = _TERM_TOKEN_RE.search(data, pos)
        if m is None:
            break
        name = m.group(2)
        local = name.rpartition(b":")[2]
        if local in (b"item", b"entry"):
            count = 0
            pos = m.end()
            continue
        if m.group(1):  # an end tag met on its own
            pos = m.end()
            continue
        gt = data.find(b">", m.end())
        if gt < 0:
            break
        if data[gt - 1 : gt] == b"/":
            end = gt + 1
        else:
            close = data.find(b"</" + name, gt + 1)
            if close < 0:
                break
            close_gt = data.find(b">", close)
            if close_gt < 0:
                break
            end = close_gt + 1
        count += 1
        if count > per_item:
            parts.append(data[kept : m.start()])
            kept = end
        pos = end
    if not parts:
        return data
    parts.append(data[kept:])
    return b"".join(parts)


MAX_ATTRIBUTES = 100  # per element, before feedparser (its SAX reader is quadratic in them)
# A start tag long enough to hold more attributes than that; each scan from a "<" stops at the
# next "<" or ">", so finding them is linear.
_LONG_TAG_RE = re.compile(rb"<[A-Za-z_][^<>]{2048,}>")
_ATTRIBUTE_RE = re.compile(rb"""\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG_NAME_RE = re.compile(rb"<[^\s/>]+")


def limit_attributes(data: bytes, limit: int = MAX_ATTRIBUTES) -> bytes:
    """Start tags cut to their first `limit` attributes; linear time."""

    def cut(match: re.Match[bytes]) -> bytes:
        tag = match.group()
        name = _TAG_NAME_RE.match(tag)
        if name is None or tag.count(b"=") <= limit:
            return tag
        kept = [name.group()]
        for n, attr in enumerate(_ATTRIBUTE_RE.finditer(tag, name.end())):
            if n >= limit:
                break
            kept.append(attr.group())
        kept.append(b"/>" if tag.endswith(b"/>") else b">")
        return b"".join(kept)

    return _LONG_TAG_RE.sub(cut, data)


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
_SCRIPT_RE = hidden_elements_re(SCRIPT_ELEMENTS)

# The footer WordPress SEO plugins append to every feed item, in English and Indonesian.
# Only matched at the very end, with a link on both sides, so prose is never cut.
_FOOTER_LEAD = r"(?:The\s+post|Artikel|Pos|Postingan|Tulisan|Berita)"
_FOOTER_VERB = (
    r"(?:appeared\s+first\s+on"
    r"|(?:muncul|tampil|terbit)\s+(?:pertama(?:\s+kali)?|perdana)\s+(?:di|pada))"
)
_FOOTER_HTML_RE = re.compile(
    rf"(?:<p\b[^>]{{0,2000}}>\s{{0,200}})?{_FOOTER_LEAD}\s+<a\b[^>]{{0,2000}}>.{{0,2000}}?</a>\s*{_FOOTER_VERB}\s+"
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
    # Every attempt of the pattern is bounded, and so is the stretch it is tried over.
    start = max(start, len(fragment) - _FOOTER_WINDOW - 6000)
    match = _FOOTER_HTML_RE.search(fragment, start)
    return fragment[: match.start()].rstrip() if match else fragment


# Anything strip_tags/clean would have to act on; its absence allows a fast path.
_NEEDS_CLEANING_RE = re.compile(r"[<&\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _bounded(text: str, limit: int) -> str:
    """Whitespace folded and length bounded, as clean_line does, for text already clean."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _title(value: object, detail: object, limit: int) -> str:
    """A title: tags are stripped only where the feed says (or feedparser guesses) it is HTML.

    An Atom type="text" title such as `Memakai elemen <template> di HTML` keeps its words.
    """
    if isinstance(detail, dict) and _get(detail, "type") == "text/plain":
        text = _no_ansi((value if isinstance(value, str) else clean(value))[: limit * 20 + 4096])
        if "<s" in text or "<S" in text:
            # Script and style hold code, never a title's words, even in a plain-text title.
            text = _SCRIPT_RE.sub(" ", text)
        return _bounded(clean(text), limit)
    return _plain(value, limit)


def _plain(value: object, limit: int) -> str:
    """One bounded line of plain text from a title-like field that may hold HTML."""
    text = value if isinstance(value, str) else clean(value)
    # Bounded before the expensive steps: markup and entities rarely take 20 characters
    # for every one they leave, and what is cut here would be cut from the result anyway.
    text = text[: limit * 20 + 4096]
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
    return urls.absolute_web_url(value, base, URL_LIMIT)


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
            resolved = urls.resolve(base, html.unescape(value))
        except ValueError:
            return match.group()
        return f"{match.group(1)}{match.group(2)}{html.escape(resolved)}{match.group(2)}"

    # Bounded: past this many attributes the renderer resolves links itself (against the
    # article's URL), and a body of 400,000 `src="` would otherwise cost seconds here.
    return _URL_ATTR_RE.sub(fix, fragment, count=MAX_RESOLVED_LINKS)


# ---------------------------------------------------------------- fields


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
    name = _plain(_get(detail, "name") or _get(entry, "author") or "", AUTHOR_LIMIT)
    return name or fallback


def _categories(entry: dict[str, Any]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for tag in (_get(entry, "tags") or ())[: MAX_TERMS * 4]:
        if len(out) >= MAX_TERMS:
            break
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
    if not url and raw_link:
        # feedparser keeps the last alternate link; an earlier one may be the web page.
        for link in (_get(entry, "links") or ())[:20]:
            if _get(link, "rel") == "alternate":
                url = _web_url(clean(_get(link, "href") or "").strip(), feed_url)
                if url:
                    raw_link = url
                    break
    link_for_id = _join(feed_url, raw_link)
    published, estimated = _when(entry, now)
    content_html = _content(entry, feed_url)
    summary = _summary(entry, content_html)
    title = _title(
        _get(entry, "title") or "", _get(entry, "title_detail"), TITLE_LIMIT
    ) or _bounded(summary, 120)
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


# `<link uri="at://...">http://example.com/item</link>`: feedparser takes the attribute and
# drops the element's text, the only web link there is. Renamed, the attribute is ignored.
_LINK_TAG_RE = re.compile(rb"<link\b[^<>]{0,4000}>")
_LINK_URI_ATTR_RE = re.compile(rb"(\s)(uri|url)(\s*=)")


def _link_text_wins(body: bytes) -> bytes:
    if b"<link" not in body or (b"uri" not in body and b"url" not in body):
        return body

    def fix(match: re.Match[bytes]) -> bytes:
        tag = match.group()
        end = match.end()
        follows = body[end : end + 20].lstrip().lower()
        if tag.endswith(b"/>") or not follows.startswith((b"http://", b"https://")):
            return tag  # no web link in the element's text: the attribute is all there is
        return _LINK_URI_ATTR_RE.sub(rb"\1data-\2\3", tag)

    return _LINK_TAG_RE.sub(fix, body)


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
    body = _link_text_wins(strip_doctype(body))

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
    feed_title = _title(_get(meta, "title") or "", _get(meta, "title_detail"), 300)
    if not entries and not (feed_title and _get(result, "version")) and not is_feed_document(body):
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


def parse_entry(
    entry: dict[str, Any], feed_url: str, now: datetime, fallback_author: str = ""
) -> ParsedArticle:
    """One entry given in feedparser's field names (a sync server's item), cleaned exactly
    like an entry of a fetched feed."""
    return _article(entry, feed_url, now, fallback_author)
