"""The one URL policy: which URLs kalbartui fetches, opens, copies and shows, and how relative
links become absolute. Every other module asks here instead of checking schemes itself.

- Fetched: http and https, plus file: URLs and plain paths where the caller allows local files
  (config, OPML). A redirect is followed to http(s) only.
- Opened in a browser (and copied to the clipboard): absolute http or https with a host, and no
  space or control character (C0, DEL or C1) anywhere.
- Shown and linked in an article: http(s) only, relative links resolved against the article's
  own http(s) URL, the result printable ASCII.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from kalbartui.problems import Problem
from kalbartui.text import clean

__all__ = [
    "FETCH_SCHEMES",
    "MAX_URL",
    "WEB_SCHEMES",
    "absolute_web_url",
    "feed_url_problem",
    "file_path",
    "has_web_scheme",
    "host",
    "is_file_url",
    "is_web_url",
    "link_url",
    "openable",
    "resolve",
    "scheme",
    "scheme_allowed",
]

WEB_SCHEMES = ("http", "https")
FETCH_SCHEMES = ("http", "https", "file")
MAX_URL = 4096

_URL_DROP = re.compile(r"[\t\n\r]")  # browsers delete these anywhere in a URL
# Reserved and unreserved characters stay; spaces, quotes, non-ASCII and the like are
# percent-encoded so the URL is plain printable ASCII (OSC 8 needs that, and so does a shell-free
# browser launch).
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~-._"
_FEED_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def scheme(url: str) -> str:
    """The URL's scheme in lower case, "" when it has none; ValueError when urlsplit refuses it."""
    return urlsplit(url).scheme.lower()


def has_web_scheme(url: str) -> bool:
    """Whether the URL's scheme is http or https (the host is not checked)."""
    return scheme(url) in WEB_SCHEMES


def is_web_url(url: str) -> bool:
    """Whether the URL is http(s) with a host name; never raises."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def is_file_url(url: str) -> bool:
    """Whether a feed address names a local file: a file: URL or a plain (or Windows) path."""
    found = scheme(url)
    return found == "file" or found == "" or len(found) == 1


def file_path(url: str) -> Path:
    """The local path behind a file: URL or plain path."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(url).expanduser()


def scheme_allowed(url: str, schemes: tuple[str, ...]) -> bool:
    """Whether a configured URL uses one of `schemes`; a plain path counts wherever file: does."""
    found = scheme(url)
    if found in schemes:
        return True
    return "file" in schemes and (found == "" or len(found) == 1)


def feed_url_problem(url: str, max_length: int) -> Problem | None:
    """Why a subscription URL will not be fetched, or None when it is acceptable."""
    if not url:
        return Problem.of("url.missing")
    if len(url) > max_length:
        return Problem.of("url.too_long")
    if _FEED_URL_UNSAFE.search(url):
        return Problem.of("url.unsafe")
    try:
        parts = urlsplit(url)
    except ValueError:
        return Problem.of("url.invalid")
    found = parts.scheme.lower()
    if found not in FETCH_SCHEMES:
        return Problem.of("url.scheme")
    if found in WEB_SCHEMES and not parts.hostname:
        return Problem.of("url.no_host")
    if found == "file" and not parts.path:
        return Problem.of("url.no_path")
    return None


def openable(url: str) -> bool:
    """Whether a browser may be sent to this URL (or it may be copied); ValueError if unparsable."""
    found = urlsplit(url).scheme.lower() if url else ""
    if found not in WEB_SCHEMES or not urlsplit(url).netloc:
        return False
    return not any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) <= 159 for ch in url)


def absolute_web_url(value: object, base: str, limit: int = MAX_URL) -> str:
    """An absolute http(s) URL from a possibly relative one found in a feed, or ""."""
    raw = clean(value).strip()
    if not raw or len(raw) > limit:
        return ""
    try:
        absolute = (
            raw if not base or raw.startswith(("https://", "http://")) else urljoin(base, raw)
        )
        parts = urlsplit(absolute)
    except ValueError:  # e.g. a malformed IPv6 host
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return ""
    return absolute if " " not in absolute else absolute.replace(" ", "%20")


def link_url(raw: object, base: str = "") -> str:
    """The http(s) URL to show, link and list for an article link, or "" when it must not be.

    Relative URLs are resolved against `base` (itself http or https); the result is printable
    ASCII with no spaces or control characters.
    """
    url = _URL_DROP.sub("", clean(raw)).strip()
    if not url or len(url) > MAX_URL or url.startswith("#"):
        # A bare "#fragment" points into the page itself: nothing to open.
        return ""
    try:
        parts = urlsplit(url)
        if not parts.scheme:
            if base and is_web_url(base):
                url = urljoin(base, url)
            elif url.startswith("//"):
                url = "https:" + url
            else:
                return ""
            parts = urlsplit(url)
        if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
            return ""
        if not parts.netloc.isascii():
            netloc = parts.netloc.encode("idna").decode("ascii")
            url = parts._replace(netloc=netloc).geturl()
    except (ValueError, UnicodeError):
        return ""
    return quote(url, safe=_URL_SAFE)


def resolve(base: str, raw: str) -> str:
    """`raw` resolved against `base` (a link in a page, a redirect's Location); ValueError if malformed."""
    return urljoin(base, raw)


def host(url: str) -> str:
    """The host name to show for a URL, or the URL itself when it has none."""
    return urlsplit(url).hostname or url
