"""A sync server that misbehaves (a real HTTP server on loopback): every failure is one
sentence, the password never shows, and the cache and the queue stay as they were."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.sync.conftest import Reader
from tests.sync.stub import SUBSCRIPTIONS as SUBS
from tests.sync.stub import Stub, reply, stub_server

PASSWORD = "sandi-yang-tidak-boleh-bocor"


def trickle(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    for _ in range(200):
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.05)


@pytest.fixture
def bad_server() -> Iterator[Stub]:
    with stub_server() as stub:
        yield stub


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (
            reply(200, b"<html>maintenance</html>", "text/html"),
            "the sync server sent an answer that is not JSON",
        ),
        (reply(200, b"[1, 2, 3]"), "the sync server sent an answer of the wrong shape"),
        (
            reply(500, PASSWORD.encode(), "text/plain"),
            "the sync server answered HTTP 500 (server error)",
        ),
        (
            reply(302, b"", Location="http://127.0.0.1:9/"),
            "the sync server answered HTTP 302 (error)",
        ),
        (
            reply(401, b"Unauthorized!", "text/plain"),
            "the server refused the user name or password",
        ),
        (reply(200, b"[" + b"0," * 40_000 + b"0]"), "larger than the 64.0 KB limit"),
    ],
)
def test_a_misbehaving_server_is_one_sentence(
    tmp_path: Path,
    bad_server: Stub,
    monkeypatch: pytest.MonkeyPatch,
    answer: Callable[[BaseHTTPRequestHandler], None],
    sentence: str,
) -> None:
    from kalbartui.sync import greader

    monkeypatch.setattr(greader, "SUBSCRIPTIONS_BYTES", 64 * 1024)
    bad_server.routes[SUBS] = answer
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    reader.configure(bad_server.url, password=PASSWORD)
    r = reader.run("refresh")
    assert r.status == 1
    assert len(r.err.splitlines()) == 1 and sentence in r.err
    assert PASSWORD not in r.out + r.err
    assert "Traceback" not in r.err


def test_a_server_that_trickles_is_offline_after_the_timeout(
    tmp_path: Path, bad_server: Stub
) -> None:
    bad_server.routes[SUBS] = trickle
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    reader.configure(bad_server.url, password=PASSWORD)
    reader.config.write_text(
        "timeout_seconds = 1\n" + reader.config.read_text(encoding="utf-8"), encoding="utf-8"
    )
    r = reader.run("refresh")
    assert r.status == 1
    assert "sync: offline, cannot reach the sync server (timed out after 1 s)" in r.err
