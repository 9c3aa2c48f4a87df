"""How a failed fetch is reported: its exceptions, and a Problem for each way the network can
fail (and whether asking again could help)."""

from __future__ import annotations

import errno

import httpx

from kalbartui.problems import KalbarError, Problem


class FetchError(KalbarError):
    """A fetch failed; its Problem says why."""


class Unreachable(FetchError):
    """The server could not be reached: offline, refused, timed out, cut off."""


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
        said = transport_problem(exc).code
        return not (said in ("net.refused", "net.dns", "net.certificate") or _unreachable(exc))
    return True


def transport_problem(exc: httpx.TransportError) -> Problem:
    """What a transport failure was, as a Problem."""
    if isinstance(exc, httpx.ConnectTimeout):
        return Problem.of("net.connect_timeout")
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if (
            "name or service" in text
            or "nodename" in text
            or "getaddrinfo" in text
            or "resolution" in text
        ):
            return Problem.of("net.dns")
        if "refused" in text or _refused(exc):
            return Problem.of("net.refused")
        if "certificate" in text:
            return Problem.of("net.certificate")
        return Problem.of("net.offline")
    if isinstance(exc, httpx.ReadTimeout):
        return Problem.of("net.stopped")
    if isinstance(exc, httpx.RemoteProtocolError):
        return Problem.of("net.broken")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return Problem.of("net.unsupported_url")
    return Problem.of("net.other", kind=type(exc).__name__)
