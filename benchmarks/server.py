"""A loopback HTTP/1.1 server for the benchmarks: many WordPress feeds, added latency, 304s.

Runs in its own process (`python -m benchmarks.server ...`) so its CPU use never shares a
GIL with what is measured. One asyncio loop serves every connection, so hundreds of
connections in flight cost nothing but sockets. Feeds are spread over several loopback
addresses (127.0.0.1, 127.0.0.2, ...), one per site, all on the same port, so a client's
per-host limit meets many sites as it does with a real feed list.

Paths: /kategori/k{n}/feed/ for feed n; /_stats (JSON counters) and /_reset.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import socket
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from benchmarks import corpus


@dataclass
class Body:
    plain: bytes
    gz: bytes
    etag: str
    last_modified: str


@dataclass
class Counters:
    requests: int = 0
    ok: int = 0
    not_modified: int = 0
    missing: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    connections: int = 0
    by_host_peak: dict[str, int] = field(default_factory=dict)


class FeedServer:
    def __init__(self, bodies: dict[str, Body], latency: float) -> None:
        self.bodies = bodies
        self.latency = latency
        self.stats = Counters()
        self._host_now: dict[str, int] = {}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.stats.connections += 1
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                if len(parts) < 3:
                    return
                method, path, version = parts[0], parts[1], parts[2]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name:
                        headers[name.strip().lower()] = value.strip()
                keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
                await self._answer(writer, host, method, path, headers, keep)
                if not keep:
                    return
        finally:
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - the peer may already be gone
                pass

    async def _answer(
        self,
        writer: asyncio.StreamWriter,
        host: str,
        method: str,
        path: str,
        headers: dict[str, str],
        keep: bool,
    ) -> None:
        conn = b"keep-alive" if keep else b"close"
        if path == "/_stats":
            payload = json.dumps(self.stats.__dict__).encode()
            self._send(writer, 200, payload, b"application/json", conn)
            return
        if path == "/_reset":
            self.stats = Counters(connections=self.stats.connections)
            self._send(writer, 200, b"ok", b"text/plain", conn)
            return
        s = self.stats
        s.requests += 1
        s.in_flight += 1
        s.peak_in_flight = max(s.peak_in_flight, s.in_flight)
        self._host_now[host] = self._host_now.get(host, 0) + 1
        s.by_host_peak[host] = max(s.by_host_peak.get(host, 0), self._host_now[host])
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            body = self.bodies.get(path.split("?")[0])
            if body is None:
                s.missing += 1
                self._send(writer, 404, b"not here", b"text/plain", conn)
                return
            inm = headers.get("if-none-match")
            ims = headers.get("if-modified-since")
            if (inm is not None and inm == body.etag) or (
                inm is None and ims is not None and ims == body.last_modified
            ):
                s.not_modified += 1
                self._send(writer, 304, b"", b"", conn, etag=body.etag, head_only=True)
                return
            s.ok += 1
            gz = "gzip" in headers.get("accept-encoding", "")
            self._send(
                writer,
                200,
                body.gz if gz else body.plain,
                b"application/rss+xml; charset=UTF-8",
                conn,
                etag=body.etag,
                last_modified=body.last_modified,
                gzip_it=gz,
                head_only=method == "HEAD",
            )
            await writer.drain()
        finally:
            s.in_flight -= 1
            self._host_now[host] -= 1

    @staticmethod
    def _send(
        writer: asyncio.StreamWriter,
        status: int,
        payload: bytes,
        content_type: bytes,
        conn: bytes,
        *,
        etag: str = "",
        last_modified: str = "",
        gzip_it: bool = False,
        head_only: bool = False,
    ) -> None:
        reason = {200: b"OK", 304: b"Not Modified", 404: b"Not Found"}[status]
        out = [b"HTTP/1.1 %d %s\r\n" % (status, reason), b"Connection: " + conn + b"\r\n"]
        if content_type:
            out.append(b"Content-Type: " + content_type + b"\r\n")
        if etag:
            out.append(b"ETag: " + etag.encode() + b"\r\n")
        if last_modified:
            out.append(b"Last-Modified: " + last_modified.encode() + b"\r\n")
        if gzip_it:
            out.append(b"Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n")
        if status != 304:
            out.append(b"Content-Length: %d\r\n" % len(payload))
        out.append(b"\r\n")
        writer.write(b"".join(out))
        if payload and not head_only and status != 304:
            writer.write(payload)


# ------------------------------------------------------------------ feed sets


@dataclass(frozen=True)
class FeedSet:
    """What the server serves: `feeds` feeds of `items` articles over `hosts` sites."""

    feeds: int
    items: int
    hosts: int
    words: int = 350
    seed: int = 1
    span_days: float = 3.0

    def plans(self) -> list[corpus.FeedPlan]:
        return corpus.plan_feeds(self.feeds, self.items, self.hosts)

    def args(self) -> list[str]:
        return [
            f"--feeds={self.feeds}",
            f"--items={self.items}",
            f"--hosts={self.hosts}",
            f"--words={self.words}",
            f"--seed={self.seed}",
            f"--span-days={self.span_days}",
        ]


def host_address(host_index: int) -> str:
    return f"127.0.0.{host_index + 1}"


def feed_url(plan: corpus.FeedPlan, port: int) -> str:
    return f"http://{host_address(plan.host_index)}:{port}{plan.path}"


def build_bodies(fs: FeedSet, newest: datetime, port: int) -> dict[str, Body]:
    total = fs.feeds * fs.items
    span = timedelta(days=fs.span_days)
    out = {}
    for plan in fs.plans():
        raw = corpus.feed_body(plan, fs.seed, total, newest, span, fs.words, feed_url(plan, port))
        etag = '"' + hashlib.sha1(raw).hexdigest()[:20] + '"'
        out[plan.path] = Body(
            raw, gzip.compress(raw, 6), etag, format_datetime(newest, usegmt=True)
        )
    return out


def _free_port(addresses: list[str]) -> int:
    """A port that is free on every address we bind."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind((addresses[0], 0))
            port = s.getsockname()[1]
        ok = True
        for addr in addresses[1:]:
            with socket.socket() as t:
                try:
                    t.bind((addr, port))
                except OSError:
                    ok = False
                    break
        if ok:
            return port
    raise RuntimeError("no common free port on the loopback addresses")


async def _serve(fs: FeedSet, latency: float, newest: datetime) -> None:
    addresses = [host_address(h) for h in range(fs.hosts)]
    port = _free_port(addresses)
    bodies = build_bodies(fs, newest, port)
    server = FeedServer(bodies, latency)
    srv = await asyncio.start_server(server.handle, host=addresses, port=port, backlog=1024)
    sys.stdout.write(f"ready {port}\n")
    sys.stdout.flush()
    async with srv:
        # Until the parent closes our stdin.
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.server")
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--items", type=int, default=10)
    p.add_argument("--hosts", type=int, default=25)
    p.add_argument("--words", type=int, default=350)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--span-days", type=float, default=3.0)
    p.add_argument("--latency", type=float, default=0.1)
    p.add_argument("--newest", type=float, required=True, help="UNIX time of the newest article")
    a = p.parse_args(argv)
    fs = FeedSet(a.feeds, a.items, a.hosts, a.words, a.seed, a.span_days)
    newest = datetime.fromtimestamp(a.newest, UTC)
    asyncio.run(_serve(fs, a.latency, newest))


# ------------------------------------------------------------------ the parent's handle


class RunningServer:
    """Start the server process; `with RunningServer(fs, latency) as srv: srv.port`."""

    def __init__(self, fs: FeedSet, latency: float, newest: datetime) -> None:
        self.fs = fs
        self.latency = latency
        self.newest = newest
        self.port = 0
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> RunningServer:
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.server",
            *self.fs.args(),
            f"--latency={self.latency}",
            f"--newest={self.newest.timestamp()}",
        ]
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("ready "):
            self.proc.kill()
            raise RuntimeError(f"the feed server did not start ({line!r})")
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def urls(self) -> list[str]:
        return [feed_url(p, self.port) for p in self.fs.plans()]

    def _get(self, path: str) -> bytes:
        # Loopback only; the benchmark never reaches the network.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
            return r.read()

    def stats(self) -> dict[str, object]:
        return json.loads(self._get("/_stats"))

    def reset(self) -> None:
        self._get("/_reset")


if __name__ == "__main__":
    main()
