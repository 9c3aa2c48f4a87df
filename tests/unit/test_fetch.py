"""The fetcher against a real HTTP server on loopback: what a user's refresh meets on the wire."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

from kalbartui import __version__
from kalbartui.feeds.fetch import Fetcher
from kalbartui.feeds.fetch_limits import parse_retry_after
from tests.feedserver import FeedServer, feed_route, redirect_route, send, status_route

BODY = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Uji</title></channel></rss>"


async def fetch(url: str, **kw: object):  # noqa: ANN201
    opts = {"timeout": 5.0, "backoff": (0.01, 0.01)}
    opts.update(kw)
    etag = opts.pop("etag", "")
    lm = opts.pop("last_modified", "")
    async with Fetcher(**opts) as f:  # type: ignore[arg-type]
        return await f.fetch(url, etag, lm)  # type: ignore[arg-type]


async def test_plain_fetch_sends_our_user_agent(feed_server: FeedServer) -> None:
    feed_server.routes["/feed/"] = feed_route(
        BODY, etag='"v1"', last_modified="Wed, 25 Nov 2026 10:00:00 GMT"
    )
    result = await fetch(feed_server.url("/feed/"))
    assert result.status == "ok"
    assert result.body == BODY
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert feed_server.hits[0].headers["user-agent"] == f"kalbartui/{__version__}"


async def test_conditional_get_gives_not_modified(feed_server: FeedServer) -> None:
    feed_server.routes["/feed/"] = feed_route(BODY, etag='"v1"')
    result = await fetch(feed_server.url("/feed/"), etag='"v1"')
    assert result.status == "not_modified"
    assert feed_server.hits[0].headers["if-none-match"] == '"v1"'


async def test_last_modified_alone_is_sent(feed_server: FeedServer) -> None:
    lm = "Wed, 25 Nov 2026 10:00:00 GMT"
    feed_server.routes["/feed/"] = feed_route(BODY, last_modified=lm)
    result = await fetch(feed_server.url("/feed/"), last_modified=lm)
    assert result.status == "not_modified"
    assert feed_server.hits[0].headers["if-modified-since"] == lm


async def test_gzip_body_is_decoded(feed_server: FeedServer) -> None:
    feed_server.routes["/feed/"] = feed_route(BODY, gzip_it=True)
    result = await fetch(feed_server.url("/feed/"))
    assert result.status == "ok" and result.body == BODY


async def test_permanent_redirect_reports_the_new_url(feed_server: FeedServer) -> None:
    feed_server.routes["/old"] = redirect_route("/mid", 301)
    feed_server.routes["/mid"] = redirect_route("/new", 308)
    feed_server.routes["/new"] = feed_route(BODY)
    result = await fetch(feed_server.url("/old"))
    assert result.status == "ok"
    assert result.permanent_url == feed_server.url("/new")


async def test_temporary_redirect_keeps_the_old_url(feed_server: FeedServer) -> None:
    feed_server.routes["/old"] = redirect_route("/mid", 301)
    feed_server.routes["/mid"] = redirect_route("/new", 302)
    feed_server.routes["/new"] = feed_route(BODY)
    result = await fetch(feed_server.url("/old"))
    assert result.status == "ok" and result.body == BODY
    assert result.permanent_url == ""


async def test_redirect_loop_and_too_many_redirects_stop(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = redirect_route("/b", 302)
    feed_server.routes["/b"] = redirect_route("/a", 302)
    for i in range(10):
        feed_server.routes[f"/r{i}"] = redirect_route(f"/r{i + 1}", 302)
    loop = await fetch(feed_server.url("/a"))
    assert loop.status == "error" and "loop" in str(loop.error)
    chain = await fetch(feed_server.url("/r0"))
    assert chain.status == "error" and "more than 5 redirects" in str(chain.error)
    assert feed_server.count("/r6") == 0


async def test_redirect_to_another_scheme_is_refused(feed_server: FeedServer) -> None:
    feed_server.routes["/x"] = redirect_route("file:///etc/passwd", 302)
    result = await fetch(feed_server.url("/x"))
    assert result.status == "error" and "file" in str(result.error)
    assert result.body == b""


async def test_size_cap_holds_while_streaming_and_after_gzip(feed_server: FeedServer) -> None:
    big = b"<rss>" + b"a" * 300_000 + b"</rss>"
    feed_server.routes["/big"] = feed_route(big)
    feed_server.routes["/bomb"] = feed_route(big, gzip_it=True)
    plain = await fetch(feed_server.url("/big"), max_bytes=100_000)
    assert plain.status == "error" and "limit" in str(plain.error)
    bomb = await fetch(feed_server.url("/bomb"), max_bytes=100_000)
    assert bomb.status == "error" and "limit" in str(bomb.error)


async def test_retry_after_is_kept(feed_server: FeedServer) -> None:
    feed_server.routes["/busy"] = status_route(429, {"Retry-After": "120"})
    before = time.time()
    result = await fetch(feed_server.url("/busy"))
    assert result.status == "error" and "429" in str(result.error)
    assert result.retry_after is not None
    assert 100 < result.retry_after.timestamp() - before < 140
    assert feed_server.count("/busy") == 1  # a server asking us to wait is not hammered


async def test_server_errors_are_retried_twice(feed_server: FeedServer) -> None:
    feed_server.routes["/flaky"] = status_route(500)
    result = await fetch(feed_server.url("/flaky"))
    assert result.status == "error" and "500" in str(result.error)
    assert feed_server.count("/flaky") == 3


async def test_server_error_then_success(feed_server: FeedServer) -> None:
    calls = {"n": 0}

    def flaky(h: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            send(h, 502, b"", "text/html")
        else:
            send(h, 200, BODY)

    feed_server.routes["/flaky"] = flaky
    result = await fetch(feed_server.url("/flaky"))
    assert result.status == "ok" and calls["n"] == 2


async def test_not_found_is_not_retried(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/missing"))
    assert result.status == "error" and "404" in str(result.error)
    assert feed_server.count("/missing") == 1


async def test_a_trickling_server_is_cut_off_at_the_deadline(feed_server: FeedServer) -> None:
    # A byte every 0.2 s never trips a read timeout: only the whole-fetch deadline stops it.
    sent: list[int] = []
    hung_up = threading.Event()

    def trickle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        count = 0
        try:
            for _ in range(100):
                if feed_server.stopping.is_set():
                    return
                h.wfile.write(b"a")
                h.wfile.flush()
                count += 1
                time.sleep(0.2)
        except OSError:  # the client hung up
            hung_up.set()
        finally:
            sent.append(count)

    feed_server.routes["/slow"] = trickle
    result = await fetch(feed_server.url("/slow"), timeout=1.5)
    assert result.status == "error" and str(result.error) == "timed out after 1.5 s"
    # The fetch abandoned the response: the server saw the hang-up long before its 100 bytes.
    assert await asyncio.to_thread(hung_up.wait, 30)
    assert len(sent) == 1 and sent[0] < 100


async def test_connection_refused_is_one_sentence() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here now
    result = await fetch(f"http://127.0.0.1:{port}/feed/")
    assert result.status == "error" and str(result.error) == "connection refused"


async def test_a_server_that_never_answers_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    try:
        port = listener.getsockname()[1]
        # The outer bound only keeps a broken deadline from hanging the suite.
        async with asyncio.timeout(30):
            result = await fetch(f"http://127.0.0.1:{port}/", timeout=1.0)
        # The deadline's own path, not a transport error from the client's lower timeouts.
        assert result.status == "error" and str(result.error) == "timed out after 1 s"
        # The listener did take the connection: the fetch waited on a silent server.
        listener.setblocking(False)
        conn, _addr = listener.accept()
        conn.close()
    finally:
        listener.close()


async def test_file_urls_and_paths_read_from_disk(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "feed.xml"
    path.write_bytes(BODY)
    by_url = await fetch(path.as_uri())
    by_path = await fetch(str(path))
    assert by_url.status == by_path.status == "ok"
    assert by_url.body == by_path.body == BODY


def test_retry_after_as_date_and_bounded() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 27 Nov 2026 10:05:00 GMT", now) == now + timedelta(minutes=5)
    assert parse_retry_after("99999999", now) == now + timedelta(days=7)
    assert parse_retry_after("soon", now) is None


async def test_a_refused_connection_is_not_retried() -> None:
    """A stopped server refuses again a second later: say so now, not after the backoff."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # A retry would sleep for an hour here; the guard below only keeps a broken fetcher
    # from hanging the suite.
    async with asyncio.timeout(60):
        result = await fetch(f"http://127.0.0.1:{port}/feed/", backoff=(3600.0, 3600.0))
    assert result.status == "error"
    assert str(result.error) == "connection refused"


async def test_a_server_that_hangs_up_is_still_retried(feed_server: FeedServer) -> None:
    """A connection broken halfway may work on the next try: that one is retried."""
    tries: list[int] = []

    def flaky(h: BaseHTTPRequestHandler) -> None:
        tries.append(1)
        if len(tries) == 1:
            h.close_connection = True
            h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n<rss")
            return
        send(h, 200, BODY)

    feed_server.routes["/feed/"] = flaky
    result = await fetch(feed_server.url("/feed/"))
    assert result.status == "ok"
    assert len(tries) == 2
