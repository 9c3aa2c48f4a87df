"""A loopback TLS server that speaks HTTP/2 (hypercorn), with a throwaway CA from trustme.

For tests (in a thread: `with H2Server(bodies) as srv: ...`) and for the benchmark (in its own
process: `python -m tests.h2server --feeds 13 --latency 0.3`). The client trusts the test CA
through an explicit SSL context (`srv.client_context()`); nothing turns verification off.
Each request is noted as (HTTP version, client address), so a test can see how many
connections carried its requests.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import os
import socket
import ssl
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import trustme
from hypercorn.asyncio import serve
from hypercorn.config import Config


class FeedApp:
    """A tiny ASGI app: path -> feed body, gzip when asked, ETag and 304, added latency."""

    def __init__(self, bodies: dict[str, bytes], latency: float) -> None:
        self.latency = latency
        self.bodies = {
            path: (raw, gzip.compress(raw, 6), '"' + hashlib.sha1(raw).hexdigest()[:16] + '"')
            for path, raw in bodies.items()
        }
        self.seen: list[tuple[str, tuple[str, int]]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        self.seen.append((scope["http_version"], tuple(scope["client"])))
        if self.latency:
            await asyncio.sleep(self.latency)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        found = self.bodies.get(scope["path"])
        if found is None:
            await _answer(send, 404, b"tidak ada", [(b"content-type", b"text/plain")])
            return
        raw, gz, etag = found
        if headers.get("if-none-match") == etag:
            await _answer(send, 304, b"", [(b"etag", etag.encode())])
            return
        out = [(b"content-type", b"application/rss+xml; charset=UTF-8"), (b"etag", etag.encode())]
        body = raw
        if "gzip" in headers.get("accept-encoding", ""):
            body = gz
            out.append((b"content-encoding", b"gzip"))
        await _answer(send, 200, body, out)


async def _answer(send: Any, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class H2Server:
    """hypercorn on 127.0.0.1 with TLS; `http2=False` offers only HTTP/1.1 in ALPN."""

    def __init__(self, bodies: dict[str, bytes], latency: float = 0.0, http2: bool = True) -> None:
        self.app = FeedApp(bodies, latency)
        self.http2 = http2
        self.ca = trustme.CA()
        self._dir = tempfile.TemporaryDirectory(prefix="kalbartui-h2-")
        self.ca_file = Path(self._dir.name) / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        cert = self.ca.issue_cert("127.0.0.1", "localhost")
        self._cert_file = Path(self._dir.name) / "server.pem"
        cert.private_key_and_cert_chain_pem.write_to_path(str(self._cert_file))
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    def config(self) -> Config:
        config = Config()
        # hypercorn closes the socket it is given; it gets its own copy of ours.
        config.bind = [f"fd://{os.dup(self._sock.fileno())}"]
        config.certfile = str(self._cert_file)
        config.keyfile = str(self._cert_file)
        config.alpn_protocols = ["h2", "http/1.1"] if self.http2 else ["http/1.1"]
        config.accesslog = None
        config.errorlog = None
        return config

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def client_context(self) -> ssl.SSLContext:
        """A verifying context that trusts this server's test CA and nothing else."""
        ctx = ssl.create_default_context(cafile=str(self.ca_file))
        return ctx

    async def serve(self, stop: asyncio.Event) -> None:
        await serve(self.app, self.config(), shutdown_trigger=stop.wait)  # type: ignore[arg-type]

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._stop = asyncio.Event()
        loop.call_soon(self._ready.set)
        try:
            loop.run_until_complete(self.serve(self._stop))
        finally:
            loop.close()

    def __enter__(self) -> H2Server:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)
        _wait_listening(self.port)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)
        self._sock.close()
        self._dir.cleanup()


def _wait_listening(port: int) -> None:
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            threading.Event().wait(0.02)
    raise RuntimeError("the HTTP/2 test server did not start")


def main(argv: list[str] | None = None) -> None:
    """Serve the benchmark's WordPress feeds of one site until stdin closes."""
    from datetime import UTC, datetime, timedelta

    from benchmarks import corpus

    p = argparse.ArgumentParser(prog="python -m tests.h2server")
    p.add_argument("--feeds", type=int, default=13)
    p.add_argument("--items", type=int, default=10)
    p.add_argument("--latency", type=float, default=0.3)
    p.add_argument("--http1", action="store_true", help="offer only HTTP/1.1")
    a = p.parse_args(argv)
    newest = corpus.day_floor(datetime.now(UTC))
    plans = corpus.plan_feeds(a.feeds, a.items, 1)
    total = a.feeds * a.items
    bodies = {
        plan.path: corpus.feed_body(
            plan, 1, total, newest, timedelta(days=3), 350, f"https://127.0.0.1{plan.path}"
        )
        for plan in plans
    }
    server = H2Server(bodies, a.latency, http2=not a.http1)

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(server.serve(stop))
        await asyncio.sleep(0)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, _wait_listening, server.port)
        sys.stdout.write(f"ready {server.port} {server.ca_file}\n")
        for plan in plans:
            sys.stdout.write(server.url(plan.path) + "\n")
        sys.stdout.write("end\n")
        sys.stdout.flush()
        await loop.run_in_executor(None, sys.stdin.read)
        stop.set()
        await task

    try:
        asyncio.run(run())
    finally:
        server._dir.cleanup()


if __name__ == "__main__":
    main()
