"""What a server's answer may make the fetcher do, bounded against a hostile server: the
redirects it will follow, how long a Retry-After may park a feed, which validators are sent
back, and how far a compressed body may inflate."""

from __future__ import annotations

import email.utils
import re
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from kalbartui import urls
from kalbartui.feeds.fetch_errors import FetchError

MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)
_MAX_RETRY_AFTER = timedelta(days=7)


def ascii_int(value: str) -> int | None:
    """A header's decimal number, or None. str.isdigit() accepts "²" and "٣", which int() refuses
    or reads, so only ASCII digits count; the length bound keeps int() cheap."""
    value = value.strip()
    if not value or len(value) > 30 or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as seconds or an HTTP date; bounded to a week so a server cannot park a feed
    forever. Never raises: a value of any shape is either understood or ignored."""
    if not value:
        return None
    value = value.strip()[:200]
    cap = now + _MAX_RETRY_AFTER
    seconds = ascii_int(value)
    if seconds is not None:
        # Compared before adding: 10**18 seconds is no timedelta at all (OverflowError).
        return (
            cap if seconds >= _MAX_RETRY_AFTER.total_seconds() else now + timedelta(seconds=seconds)
        )
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    when = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return min(when, cap)


class TooBig(Exception):
    """The decoded body grew past its cap."""


class Decoder:
    """gzip/deflate decoding with a cap on the output, so a compression bomb stops at max_bytes."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        encoding = encoding.strip().lower()
        self.max_bytes = max_bytes
        self.size = 0
        if encoding in ("", "identity"):
            self.z = None
        elif encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = zlib.decompressobj()
        else:
            raise FetchError("fetch.encoding", encoding=repr(encoding[:40]))

    def feed(self, chunk: bytes) -> bytes:
        if self.z is None:
            out = chunk
        else:
            try:
                # Never inflate more than one byte past the cap, whatever the ratio.
                out = self.z.decompress(chunk, self.max_bytes - self.size + 1)
            except zlib.error:
                # zlib's own words ("Error -3 while decompressing...") mean nothing to a reader.
                raise FetchError("fetch.damaged_compression") from None
            if self.z.unconsumed_tail:
                raise TooBig
        self.size += len(out)
        if self.size > self.max_bytes:
            raise TooBig
        return out

    def flush(self) -> bytes:
        if self.z is None:
            return b""
        try:
            out = self.z.flush()
        except zlib.error:
            return b""
        self.size += len(out)
        if self.size > self.max_bytes:
            raise TooBig
        return out


_VALIDATOR_RE = re.compile(r"[\x20-\x7e]*")
# Apache's mod_deflate and mod_brotli mark the ETag of the body they compressed; the origin
# (WordPress answers 304 itself) only knows its own, so that is the one sent back.
_COMPRESSED_ETAG_RE = re.compile(r'-(?:gzip|br)(")\Z')


def validator(value: str, limit: int) -> str:
    """An ETag or Last-Modified to send back next time, or "" when it is garbled or oversized.

    Only printable ASCII is a header value every client can send again: a control byte (C0,
    C1) or a non-ASCII character could never match, and one that cannot be encoded into the
    next request would make every later fetch of the feed fail before it is sent.
    """
    if not value or len(value) > limit or not _VALIDATOR_RE.fullmatch(value):
        return ""
    return value.strip()


def request_validators(etag: str, last_modified: str) -> dict[str, str]:
    """The conditional-GET headers for stored validators; whatever cannot be sent is left out."""
    headers = {}
    etag = validator(etag, 1024)
    if etag:
        headers["If-None-Match"] = _COMPRESSED_ETAG_RE.sub(r"\1", etag)
    last_modified = validator(last_modified, 200)
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def redirect_target(current: str, location: str) -> str:
    """Where a redirect leads, or FetchError: never retried, since asking again cannot help.

    The address must be one kalbartui would store and fetch: an absolute http(s) URL with a
    host and a valid port, and no space or control character (C0, DEL, C1) anywhere.
    """
    location = location.strip()
    if len(location) > urls.MAX_URL or any(
        ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in location
    ):
        raise FetchError("fetch.bad_redirect")
    try:
        target = urls.resolve(current, location)
        parts = urlsplit(target)
        found = parts.scheme.lower()
        if found not in urls.WEB_SCHEMES:
            if not found:
                raise FetchError("fetch.no_scheme")
            raise FetchError("fetch.refused_scheme", scheme=found[:20])
        parts.port  # noqa: B018 - raises ValueError for a port past 65535
    except ValueError:
        raise FetchError("fetch.bad_redirect") from None
    if not parts.hostname:
        raise FetchError("fetch.bad_redirect")
    return target
