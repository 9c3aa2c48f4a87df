"""A sync server that misbehaves (a real HTTP server on loopback): every failure is one
sentence, the password never shows, and the cache and the queue stay as they were."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.sync.conftest import Reader

PASSWORD = "sandi-yang-tidak-boleh-bocor"
Answer = Callable[[BaseHTTPRequestHandler], None]


def reply(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> Answer:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    return answer


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
def bad_server() -> Iterator[dict[str, Answer]]:
    """Signs in like FreshRSS; what the other paths answer, each test decides."""
    routes: dict[str, Answer] = {
        "/api/greader.php/accounts/ClientLogin": reply(
            200, b"SID=x\nLSID=null\nAuth=pembaca/abc\n", "text/plain"
        )
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _route(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            answer = routes.get(self.path.split("?")[0])
            try:
                (answer or reply(404, b"not here", "text/plain"))(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _route  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    routes["_base"] = f"http://127.0.0.1:{server.server_address[1]}/api/greader.php"  # type: ignore[assignment]
    try:
        yield routes
    finally:
        server.shutdown()
        server.server_close()


SUBS = "/api/greader.php/reader/api/0/subscription/list"


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
    bad_server: dict[str, Answer],
    monkeypatch: pytest.MonkeyPatch,
    answer: Answer,
    sentence: str,
) -> None:
    from kalbartui.sync import greader

    monkeypatch.setattr(greader, "SUBSCRIPTIONS_BYTES", 64 * 1024)
    bad_server[SUBS] = answer
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    reader.configure(bad_server["_base"], password=PASSWORD)  # type: ignore[arg-type]
    r = reader.run("refresh")
    assert r.status == 1
    assert len(r.err.splitlines()) == 1 and sentence in r.err
    assert PASSWORD not in r.out + r.err
    assert "Traceback" not in r.err


def test_a_server_that_trickles_is_offline_after_the_timeout(
    tmp_path: Path, bad_server: dict[str, Answer]
) -> None:
    bad_server[SUBS] = trickle
    reader = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    reader.configure(bad_server["_base"], password=PASSWORD)  # type: ignore[arg-type]
    reader.config.write_text(
        "timeout_seconds = 1\n" + reader.config.read_text(encoding="utf-8"), encoding="utf-8"
    )
    r = reader.run("refresh")
    assert r.status == 1
    assert "sync: offline, cannot reach the sync server (timed out after 1 s)" in r.err
