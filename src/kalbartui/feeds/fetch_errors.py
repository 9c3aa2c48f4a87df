"""How a failed fetch reads: its exceptions, HTTP status words, and one sentence for each way
the network can fail (and whether asking again could help)."""

from __future__ import annotations

import errno

import httpx


class FetchError(Exception):
    """A fetch failed; str() is one sentence for the user."""


class Unreachable(FetchError):
    """The server could not be reached: offline, refused, timed out, cut off."""


def human_bytes(n: int) -> str:
    """A size as the user reads it in a limit's sentence, e.g. '10.0 MB'."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


_STATUS_WORDS = {
    400: "bad request",
    401: "needs a login",
    403: "access forbidden",
    404: "not found",
    410: "gone for good",
    429: "too many requests",
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


def status_words(code: int) -> str:
    """An HTTP status as the user reads it, e.g. 'HTTP 404 (not found)'."""
    return f"HTTP {code} ({_STATUS_WORDS.get(code, 'error')})"


def _refused(exc: BaseException) -> bool:
    """Whether the connection was refused: anyio words it "All connection attempts failed"."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _unreachable(exc: BaseException) -> bool:
    """Whether the network or host cannot be reached at all (no route, network down)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return True
        cause = cause.__cause__ or cause.__context__
    return False


_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


def worth_retrying(exc: httpx.TransportError) -> bool:
    """A refused connection, an unreachable network and a failed name lookup answer the same
    a second later: retrying them only delays "offline" (one dead feed cost 2.2 s). Timeouts
    and connections broken halfway are retried."""
    if isinstance(exc, httpx.UnsupportedProtocol):
        return False
    if isinstance(exc, httpx.ConnectError):
        words = transport_words(exc)
        return not (
            words in ("connection refused", "cannot resolve the host name (offline?)")
            or _unreachable(exc)
            or "certificate" in words
        )
    return True


def transport_words(exc: httpx.TransportError) -> str:
    """One sentence for a transport failure."""
    if isinstance(exc, httpx.ConnectTimeout):
        return "could not connect in time"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if (
            "name or service" in text
            or "nodename" in text
            or "getaddrinfo" in text
            or "resolution" in text
        ):
            return "cannot resolve the host name (offline?)"
        if "refused" in text or _refused(exc):
            return "connection refused"
        if "certificate" in text:
            return "the site's certificate could not be verified"
        return "cannot connect (offline?)"
    if isinstance(exc, httpx.ReadTimeout):
        return "the server stopped answering"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server broke the connection"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported URL"
    return f"network error ({type(exc).__name__})"
