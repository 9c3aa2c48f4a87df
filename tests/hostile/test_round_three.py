"""Hostile input, round three: article pages, pictures and the refresh's own processes.

Every byte from any server is hostile, not only a feed's: an article page can make the extractor
quadratic, a picture can take half a minute or most of a gigabyte to decode, a link can point
into the user's own network, and a page can declare a charset no page has. And a refresh killed
with -9 must not leave its helpers holding its caller. Each class tries several shapes against
the fault server on loopback, in process and through the command line (and one in the reader).
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kalbartui import jobs
from kalbartui.config import Config
from kalbartui.feeds import images, pages
from kalbartui.feeds.images import ImageCache, ImageError
from kalbartui.feeds.pages import PageError, extract_confined
from kalbartui.models import FeedSpec
from kalbartui.problems import Problem
from kalbartui.refresh.run import run_refresh
from kalbartui.story.pictures import load_picture
from tests.feedserver import FeedServer, send
from tests.hostile import faultserver as fs
from tests.hostile import payloads
from tests.hostile.checks import decoded, output_problems, run_cli, worded_for_a_person
from tests.hostile.conftest import Recorder

TIMEOUT = 3.0
INTERNAL_MARKER = "KALBARTUI-DALAM-5e1b"
# The most a page step may take: its start budget, then one fetch and one extraction deadline.
PAGE_STEP_BOUND = 2 * TIMEOUT + TIMEOUT + pages.EXTRACT_LIMITS.seconds


def _write_config(path: Path, *feeds: str, extra: str = "", feed_extra: str = "") -> Path:
    lines = [f"timeout_seconds = {TIMEOUT}", "keep_days = 0", 'language = "en"', extra]
    for url in feeds:
        lines += ["[[feeds]]", f'url = "{url}"', 'category = "Uji"', feed_extra]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _config(*urls: str, **settings: object) -> Config:
    return Config(
        language="en",
        feeds=tuple(FeedSpec(url=u, category="Uji") for u in urls),
        timeout_seconds=TIMEOUT,
        keep_days=0,
        **settings,  # type: ignore[arg-type]
    )


def _page_states(db: Path) -> dict[str, tuple[str, Problem | None]]:
    """Article URL -> (page status, the reason it failed) as the cache keeps them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT a.url, p.status, p.error FROM articles a"
            " LEFT JOIN article_pages p ON p.article_id = a.id"
        ).fetchall()
    finally:
        conn.close()
    return {url: (status or "", Problem.from_json(error)) for url, status, error in rows}


def _article_id(db: Path, url: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def stories(fault_server: fs.FaultServer) -> fs.StoryRoutes:
    return fs.StoryRoutes(fault_server)


@pytest.fixture
def internal() -> Iterator[FeedServer]:
    """A server on the user's own network: every request it gets is one too many."""
    server = FeedServer().start()
    page = payloads.story_page(f"Halaman dalam {INTERNAL_MARKER}", 400)
    for path in ("/rahasia", "/rahasia.jpg"):
        server.routes[path] = lambda h, p=page: send(h, 200, p, "text/html; charset=UTF-8")
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------- 1. the quadratic page

QUADRATIC_SHAPES = {
    "bold": "<b>a</b>",
    "nested": "<i><b>a</b></i>",
    "span": "<span>a</span>",
    "links": '<a href="#">a</a>',
}


def _quadratic(unit: str, count: int) -> bytes:
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="UTF-8"><title>Berita</title>'
        "</head><body><article><h1>Judul</h1><p>" + unit * count + "</p></article></body></html>"
    ).encode()


class TestTheWorstPage:
    """Finding 1: a page that makes trafilatura quadratic is stopped at its deadline, recorded
    as failed, not tried again by the next refresh, and retried only by `show --full`."""

    def test_a_refresh_stops_it_records_it_and_the_next_refresh_leaves_it(
        self, stories: fs.StoryRoutes, tmp_path: Path, record: Recorder
    ) -> None:
        stories.add_pages("buruk", {"bold": (payloads.quadratic_page(), "text/html")})
        config = _write_config(tmp_path / "config.toml", stories.feed_url("buruk"))
        data = tmp_path / "data"
        db = data / "kalbartui.sqlite3"
        started = time.monotonic()
        first = run_cli("refresh", config=config, data_dir=data, timeout=300)
        first_seconds = time.monotonic() - started
        said = re.search(r"in ([\d.]+) s", decoded(first))
        page = stories.page_url("buruk", "bold")
        status, error = _page_states(db)[page]
        assert first.returncode == 0, decoded(first)
        assert output_problems(decoded(first)) == []
        assert status == "error" and error is not None and error.code == "page.too_slow"
        assert first_seconds < PAGE_STEP_BOUND + 30
        # The summary's time is the whole refresh's, the page step included.
        assert said is not None and float(said.group(1)) >= first_seconds - 5
        assert stories.hits("buruk", "bold") == 1

        started = time.monotonic()
        second = run_cli("refresh", config=config, data_dir=data, timeout=300)
        second_seconds = time.monotonic() - started
        assert second.returncode == 0 and stories.hits("buruk", "bold") == 1

        started = time.monotonic()
        full = run_cli("show", str(_article_id(db, page)), "--full", config=config, data_dir=data)
        full_seconds = time.monotonic() - started
        sentence = full.stderr.decode().strip()
        assert full.returncode == 1 and stories.hits("buruk", "bold") == 2
        assert "took longer than" in sentence and worded_for_a_person(sentence) is None
        assert full_seconds < pages.EXTRACT_LIMITS.seconds + 20
        record(
            case="worst-page-refresh",
            what="A summary-only feed whose page is 80,000 `<b>a</b>` (642 KB), `timeout_seconds = 3`",
            status="stopped, recorded, not tried again",
            error=str(error),
            seconds=round(first_seconds, 2),
            second_refresh_seconds=round(second_seconds, 2),
            summary_said=float(said.group(1)),
            show_full_seconds=round(full_seconds, 2),
            checked="the next refresh did not fetch the page; `show --full` fetched it again",
        )

    @pytest.mark.parametrize("shape", list(QUADRATIC_SHAPES))
    def test_each_quadratic_shape_ends_at_the_extraction_deadline(
        self, shape: str, record: Recorder
    ) -> None:
        limits = jobs.Limits(
            seconds=4.0,
            cpu_seconds=2.0,
            memory_bytes=512 << 20,
            preload=pages.EXTRACT_LIMITS.preload,
        )
        page = _quadratic(QUADRATIC_SHAPES[shape], 80_000).decode()
        started = time.monotonic()
        with pytest.raises(PageError) as caught:
            extract_confined(page, "https://kalbar.example/berita/", limits=limits)
        elapsed = time.monotonic() - started
        record(
            case=f"worst-page-{shape}",
            what=f"extracting 80,000 {QUADRATIC_SHAPES[shape]!r} with a 2 CPU-second, 4 s deadline",
            status=caught.value.problem.code,
            seconds=round(elapsed, 2),
        )
        assert caught.value.problem.code in ("page.too_slow", "page.no_article")
        assert elapsed < limits.seconds + 5

    def test_q_ends_the_reader_within_a_second_while_the_worst_page_and_picture_work(
        self, stories: fs.StoryRoutes, tmp_path: Path, record: Recorder
    ) -> None:
        from benchmarks.terminal import Terminal

        stories.add_pages("layar", {"bold": (payloads.quadratic_page(), "text/html")})
        stories.server.http.routes["/story/layar/bold.pic"] = lambda h: send(
            h, 200, payloads.scan_bomb_jpeg(), "image/jpeg"
        )
        # The page is fetched by `f`; the picture comes from loopback, which stands in for
        # the internet here (the reader does not yet say which article a picture is for).
        config = _write_config(
            tmp_path / "config.toml",
            stories.feed_url("layar"),
            extra='full_text = "never"\nrefresh_on_start = false\nimages = "cells"\n'
            'fetch_private_addresses = ["127.0.0.1"]',
        )
        data = tmp_path / "data"
        assert run_cli("refresh", config=config, data_dir=data).returncode == 0
        term = Terminal(
            [sys.executable, "-m", "kalbartui", "--config", str(config), "--data-dir", str(data)],
            dict(os.environ),
            tmp_path,
            cols=140,
            rows=40,
        ).start()
        try:
            term.wait_for("Kabar layar", timeout=60)
            term.press("enter")
            term.drain(0.5)
            term.press("f")
            assert term.proc is not None
            reader = term.proc.pid
            deadline = time.monotonic() + 30
            while len(_job_workers(reader)) < 2 and time.monotonic() < deadline:
                term.drain(0.1)
            working = _job_workers(reader)
            # The first q leaves the article (newsboat's habit); the second, timed, quits.
            term.press("q")
            term.drain(0.3)
            quit_at = term.press("q")
            while term.proc.poll() is None and time.perf_counter() - quit_at < 60:
                term._pump(0.005)
            seconds = time.perf_counter() - quit_at
        finally:
            term.close()
        record(
            case="reader-q-while-working",
            what="`q` in the reader while the worst page is extracted and the scan bomb decoded",
            status=f"ended ({len(working)} job workers at work)",
            seconds=round(seconds, 2),
        )
        assert len(working) == 2, working
        assert seconds < 5.0


def _job_workers(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"kalbartui.jobs.worker" in cmdline:
            found.append(int(entry.name))
    return found


# ---------------------------------------------------------------- 2. the scan bomb

LOOPBACK = {"fetch_private_addresses": ("127.0.0.1",)}  # the picture host, as the internet


class TestTheScanBomb:
    """Finding 2: a progressive JPEG whose last scan repeats passes every check; its decode is
    stopped at the deadline, remembered, and never holds every thread of its caller."""

    @pytest.mark.parametrize(("side", "repeats"), [(6000, 1000), (3000, 4000)])
    def test_it_is_stopped_at_the_decode_deadline_and_remembered(
        self, side: int, repeats: int, feed_server: FeedServer, tmp_path: Path, record: Recorder
    ) -> None:
        bomb = payloads.scan_bomb_jpeg(side, repeats)
        feed_server.routes["/bom.jpg"] = lambda h: send(h, 200, bomb, "image/jpeg")
        url = feed_server.url("/bom.jpg")
        config = _config(**LOOPBACK)
        started = time.monotonic()
        with pytest.raises(ImageError) as caught:
            load_picture(config, tmp_path, url, 480)
        elapsed = time.monotonic() - started
        started = time.monotonic()
        with pytest.raises(ImageError) as again:
            load_picture(config, tmp_path, url, 480)
        second = time.monotonic() - started
        cache = ImageCache(tmp_path / "images")
        record(
            case=f"scan-bomb-{side}-{repeats}",
            what=f"A {len(bomb) // 1024} KB progressive JPEG, {side}x{side}, last scan x{repeats}",
            status=caught.value.problem.code,
            error=str(caught.value.problem),
            seconds=round(elapsed, 2),
            second_seconds=round(second, 3),
            checked="remembered: the second look fails at once, without a fetch or a decode",
        )
        assert caught.value.problem.code == "image.too_slow"
        assert elapsed < images.DECODE_LIMITS.seconds + 5
        assert again.value.problem == caught.value.problem and second < 1.0
        assert feed_server.count("/bom.jpg") == 1
        assert cache.get(url) is None and cache.error(url) == caught.value.problem

    def test_six_bombs_at_once_leave_threads_for_the_refresh(
        self, feed_server: FeedServer, tmp_path: Path, record: Recorder
    ) -> None:
        bomb = payloads.scan_bomb_jpeg()
        for n in range(6):
            feed_server.routes[f"/bom-{n}.jpg"] = lambda h: send(h, 200, bomb, "image/jpeg")
        config = _config(**LOOPBACK)
        # The reader's worker threads: one pool shared by pictures, pages and the refresh.
        pool = ThreadPoolExecutor(max_workers=6)
        outcomes: list[str] = []

        def picture(n: int) -> None:
            try:
                load_picture(config, tmp_path, feed_server.url(f"/bom-{n}.jpg"), 480)
            except ImageError as exc:
                outcomes.append(exc.problem.code)

        started = time.monotonic()
        loads = [pool.submit(picture, n) for n in range(6)]
        time.sleep(0.5)
        began = pool.submit(time.monotonic)
        refresh_waited = began.result(timeout=60) - started - 0.5
        for load in loads:
            load.result(timeout=120)
        elapsed = time.monotonic() - started
        pool.shutdown()
        record(
            case="six-scan-bombs",
            what="Six scan-bomb lead pictures at once, on the reader's six worker threads",
            status=", ".join(sorted(outcomes)),
            seconds=round(elapsed, 2),
            refresh_waited=round(max(refresh_waited, 0.0), 2),
            checked="two decode, two wait, two are told busy at once: a thread is free at once",
        )
        assert sorted(outcomes).count("image.busy") >= 1
        assert refresh_waited < 2.0
        assert elapsed < 3 * images.DECODE_LIMITS.seconds + 10


# ---------------------------------------------------------------- 9. picture memory

MEMORY_CHILD = """
import json, resource, sys, time
from pathlib import Path
from kalbartui import jobs
from kalbartui.config import Config
from kalbartui.feeds.images import ImageError
from kalbartui.story.pictures import load_picture
config = Config(timeout_seconds=10, sources=(), feeds=(), fetch_private_addresses=("127.0.0.1",))
out = []
for url in sys.argv[2:]:
    try:
        p = load_picture(config, Path(sys.argv[1]), url, 480)
        out.append([url, "ok", list(p.image.size)])
    except ImageError as exc:
        out.append([url, exc.problem.code, None])
jobs.shutdown()
time.sleep(0.5)
# VmHWM, not ru_maxrss: that one keeps the peak of the process this one was forked from.
status = dict(l.split(":", 1) for l in Path("/proc/self/status").read_text().splitlines())
now, peak = (int(status[key].split()[0]) for key in ("VmRSS", "VmHWM"))
print(json.dumps({
    "pictures": out,
    "peak_mb": peak / 1024,
    "after_mb": now / 1024,
    "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def _picture(kind: str, size: tuple[int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    mode = "P" if kind == "GIF" else "RGB"
    Image.new(mode, size).save(buf, kind, **({"lossless": True} if kind == "WEBP" else {}))
    return buf.getvalue()


class TestPictureMemory:
    """Finding 9: a picture costs its caller what the pane shows, not what the file declares.
    Decoding happens in a worker process with a memory ceiling; the JPEG decodes at the shown
    size; the formats that cannot are refused by their declared size."""

    def test_seven_huge_webps_and_the_rest_cost_the_reader_little(
        self, feed_server: FeedServer, tmp_path: Path, record: Recorder
    ) -> None:
        served: dict[str, bytes] = {
            **{f"/lebar-{n}.webp": payloads.huge_webp() for n in range(7)},
            "/foto-8000x5000.jpg": _picture("JPEG", (8000, 5000)),
            "/layar-4096.png": _picture("PNG", (4096, 4096)),
            "/gif-5000.gif": _picture("GIF", (5000, 5000)),
            "/bom.jpg": payloads.scan_bomb_jpeg(),
        }
        for path, data in served.items():
            feed_server.routes[path] = lambda h, d=data: send(h, 200, d, "image/jpeg")
        urls = [feed_server.url(path) for path in served]
        done = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
            [sys.executable, "-c", MEMORY_CHILD, str(tmp_path), *urls],
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, decoded(done)
        found = json.loads(done.stdout)
        results = {url.rsplit("/", 1)[1]: (code, size) for url, code, size in found["pictures"]}
        record(
            case="picture-memory",
            what="7 WebPs of 8000x5000 (1.6 KB each), an 8000x5000 JPEG, a 4096x4096 PNG, "
            "a 5000x5000 GIF and the scan bomb, at the pane's size, in one process",
            status="; ".join(f"{name}: {code}" for name, (code, _) in results.items()),
            caller_peak_mb=round(found["peak_mb"], 1),
            caller_after_mb=round(found["after_mb"], 1),
            workers_peak_mb=round(found["workers_peak_mb"], 1),
        )
        for n in range(7):
            assert results[f"lebar-{n}.webp"][0] == "image.too_many_pixels"
        assert results["foto-8000x5000.jpg"] == ("ok", [480, 300])
        assert results["layar-4096.png"] == ("ok", [480, 480])
        assert results["gif-5000.gif"][0] == "image.too_many_pixels"
        assert results["bom.jpg"][0] == "image.too_slow"
        # The caller holds thumbnails only; a worker never passes its ceiling.
        assert found["peak_mb"] < 250
        assert found["workers_peak_mb"] < images.DECODE_LIMITS.memory_bytes / 2**20 + 200

    def test_a_decode_past_its_memory_ceiling_fails_as_too_large(self, record: Recorder) -> None:
        data = _picture("PNG", (4096, 4096))
        small = jobs.Limits(
            seconds=20, cpu_seconds=10, memory_bytes=30 << 20, preload=images.DECODE_LIMITS.preload
        )
        with pytest.raises(ImageError) as caught:
            images.decode_confined(data, 480, limits=small)
        record(
            case="picture-memory-ceiling",
            what="A 4096x4096 PNG under a 30 MB ceiling (it needs about 64 MB)",
            status=caught.value.problem.code,
        )
        assert caught.value.problem.code == "image.too_large_to_decode"


# ---------------------------------------------------------------- 5. links into the user's network


def _loopback_names() -> list[str]:
    """Names /etc/hosts gives a loopback address (localhost at least)."""
    names = {"localhost"}
    try:
        for line in Path("/etc/hosts").read_text().splitlines():
            fields = line.split("#", 1)[0].split()
            if fields and fields[0].startswith("127."):
                names.update(f for f in fields[1:] if "." not in f or f.endswith(".localdomain"))
    except OSError:
        pass
    return sorted(names)


def _inside_links(port: int) -> dict[str, str]:
    links = {
        "loopback": f"http://127.0.0.1:{port}/rahasia",
        "decimal": f"http://2130706433:{port}/rahasia",
        "hex": f"http://0x7f.0.0.1:{port}/rahasia",
        "short": f"http://127.1:{port}/rahasia",
        "zeros": f"http://0.0.0.0:{port}/rahasia",
        "mapped-v6": f"http://[::ffff:127.0.0.1]:{port}/rahasia",
        "userinfo": f"http://news.example@127.0.0.1:{port}/rahasia",
        "octal": f"http://0177.0.0.1:{port}/rahasia",
    }
    for name in _loopback_names():
        links[f"name-{name}"] = f"http://{name}:{port}/rahasia"
    return links


class TestLinksIntoTheUsersNetwork:
    """Finding 5: a feed's links to pages and pictures reach only public addresses, the feed's
    own origin, or what the user allows; every spelling of an internal address, every name
    that resolves to one, and every redirect hop into one is refused before a byte is sent."""

    def test_every_spelling_and_redirect_is_refused_for_pages_and_pictures(
        self, stories: fs.StoryRoutes, internal: FeedServer, tmp_path: Path, record: Recorder
    ) -> None:
        port = internal.server.server_address[1]  # type: ignore[union-attr]
        links = _inside_links(port)
        # A page on the feed's own origin (allowed) that answers 302 into the network.
        stories.server.http.routes["/story/dalam/alih/"] = lambda h: send(
            h, 302, b"", "text/html", {"Location": f"http://127.0.0.1:{port}/rahasia"}
        )
        stories.server.http.routes["/story/dalam/alih/.jpg"] = lambda h: send(
            h, 302, b"", "text/html", {"Location": f"http://localhost:{port}/rahasia.jpg"}
        )
        links["redirect"] = stories.url("/story/dalam/alih/")
        stories.add_links("dalam", links)
        feed = stories.feed_url("dalam")
        db = tmp_path / "data" / "kalbartui.sqlite3"
        db.parent.mkdir()
        run_refresh(_config(feed), db, pages=True, clock=lambda: fs.HOSTILE_AT)
        states = _page_states(db)
        refused = {
            shape: (states[url][1].code if states[url][1] else states[url][0])
            for shape, url in links.items()
        }
        pictures = {}
        for shape, url in links.items():
            try:
                load_picture(_config(feed), tmp_path, url + ".jpg", 480, feed_url=feed)
                pictures[shape] = "shown"
            except ImageError as exc:
                pictures[shape] = exc.problem.code
        config = _write_config(tmp_path / "config.toml", feed)
        shown = run_cli("show", str(_article_id(db, links["loopback"])), "--full",
                        config=config, data_dir=db.parent)  # fmt: skip
        record(
            case="internal-links",
            what="Pages and pictures at " + ", ".join(links) + " (all loopback)",
            status="refused",
            error=str(Problem.of("fetch.private_address", host="127.0.0.1", address="127.0.0.1")),
            pages=refused,
            pictures=pictures,
            requests_inside=len(internal.hits),
        )
        assert internal.hits == []
        for shape in links:
            expected = "fetch.bad_link" if shape == "octal" else "fetch.private_address"
            assert refused[shape] == expected, (shape, refused[shape])
            assert pictures[shape] == expected, (shape, pictures[shape])
        assert INTERNAL_MARKER not in decoded(shown) and shown.returncode == 1
        assert "private or local address" in shown.stderr.decode()

    def test_the_user_may_allow_their_own_network_per_feed_or_everywhere(
        self, stories: fs.StoryRoutes, internal: FeedServer, tmp_path: Path, record: Recorder
    ) -> None:
        port = internal.server.server_address[1]  # type: ignore[union-attr]
        inside = f"http://127.0.0.1:{port}/rahasia"
        stories.add_links("boleh", {"nas": inside})
        stories.add_links("asing", {"nas": inside})
        allowed, stranger = stories.feed_url("boleh"), stories.feed_url("asing")
        config = Config(
            language="en",
            timeout_seconds=TIMEOUT,
            keep_days=0,
            feeds=(
                FeedSpec(url=allowed, fetch_private_addresses=("127.0.0.1",)),
                FeedSpec(url=stranger),
            ),
        )
        db = tmp_path / "cache.sqlite3"
        run_refresh(config, db, pages=True, clock=lambda: fs.HOSTILE_AT)
        rows = (
            sqlite3.connect(db)
            .execute(
                "SELECT f.url, p.status, p.error FROM article_pages p JOIN articles a"
                " ON a.id = p.article_id JOIN feeds f ON f.id = a.feed_id"
            )
            .fetchall()
        )
        by_feed = {url: (status, Problem.from_json(error)) for url, status, error in rows}
        per_feed_hits = len(internal.hits)
        everywhere = Config(language="en", timeout_seconds=TIMEOUT, fetch_private_addresses=True)
        picture_ok = True
        try:
            load_picture(everywhere, tmp_path, inside + ".jpg", 480)
        except ImageError as exc:  # the internal server serves a page there, not a picture
            picture_ok = exc.problem.code == "image.not_picture"
        record(
            case="internal-links-allowed",
            what='fetch_private_addresses = ["127.0.0.1"] on one feed; true everywhere',
            status="the allowed feed reached it, the other feed's identical link did not",
            allowed=by_feed[allowed][0],
            other=str(by_feed[stranger][1]),
        )
        assert by_feed[allowed][0] == "ok" and per_feed_hits == 1
        assert by_feed[stranger][1] is not None
        assert by_feed[stranger][1].code == "fetch.private_address"
        assert picture_ok and len(internal.hits) == 2

    def test_the_connection_goes_to_the_address_that_was_checked(self) -> None:
        import asyncio

        import httpcore

        from kalbartui.addresses import AddressRule
        from kalbartui.feeds.fetch_errors import FetchError
        from kalbartui.feeds.reach import GuardedBackend

        answers = {
            "rebind.example": [["93.184.216.34"], ["127.0.0.1"]],
            "mixed.example": [["10.0.0.7", "93.184.216.35", "::1"]],
            "inside.example": [["192.168.1.1", "fd00::1"]],
        }
        asked: list[str] = []
        connected: list[str] = []

        async def resolver(host: str, port: int) -> list[str]:
            asked.append(host)
            return answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]

        class Inner(httpcore.AsyncNetworkBackend):
            async def connect_tcp(self, host: str, port: int, **_: object) -> object:  # type: ignore[override]
                connected.append(host)
                return object()

        async def run() -> None:
            backend = GuardedBackend(AddressRule(), resolver, Inner())
            await backend.connect_tcp("rebind.example", 80)
            await backend.connect_tcp("mixed.example", 80)
            with pytest.raises(FetchError) as caught:
                await backend.connect_tcp("inside.example", 80)
            assert caught.value.problem.code == "fetch.private_address"

        asyncio.run(run())
        # One resolution per connection, and the connection to the very address judged public.
        assert asked == ["rebind.example", "mixed.example", "inside.example"]
        assert connected == ["93.184.216.34", "93.184.216.35"]


# ---------------------------------------------------------------- 10. charsets no page has


class TestPageCharsets:
    """Finding 10: a page declaring a codec that is no text encoding (idna, undefined...) is
    read as UTF-8 or refused in one sentence, recorded, and not fetched again."""

    def test_every_odd_charset_is_one_outcome_kept_and_no_traceback(
        self, stories: fs.StoryRoutes, tmp_path: Path, record: Recorder
    ) -> None:
        body = payloads.story_page("Halaman aneh").replace(b'<meta charset="UTF-8">', b"")
        shapes: dict[str, tuple[bytes, str]] = {}
        for label in payloads.BAD_CHARSETS:
            shapes[f"header-{label}"] = (body, f"text/html; charset={label}")
            meta = body.replace(b"<head>", f'<head><meta charset="{label}">'.encode())
            shapes[f"meta-{label}"] = (meta, "text/html")
        stories.add_pages("aneh", shapes)
        config = _write_config(tmp_path / "config.toml", stories.feed_url("aneh"))
        data = tmp_path / "data"
        db = data / "kalbartui.sqlite3"
        first = run_cli("refresh", config=config, data_dir=data)
        second = run_cli("refresh", config=config, data_dir=data)
        states = _page_states(db)
        outcomes = {}
        for shape in shapes:
            url = stories.page_url("aneh", shape)
            shown = run_cli(
                "show", str(_article_id(db, url)), "--full", config=config, data_dir=data
            )
            outcomes[shape] = (states[url][0], shown.returncode)
            assert states[url][0] in ("ok", "error"), (shape, states[url])
            assert output_problems(decoded(shown)) == [], (shape, decoded(shown))
            assert stories.hits("aneh", shape) == 2  # the refreshes once, `show --full` once
        record(
            case="page-charsets",
            what="Pages declaring " + ", ".join(payloads.BAD_CHARSETS) + " (header and meta)",
            status="; ".join(f"{s}: {o[0]}" for s, o in outcomes.items()),
            checked="no traceback; each page kept once and not fetched by the second refresh",
        )
        for run in (first, second):
            assert run.returncode == 0 and output_problems(decoded(run)) == []


# ---------------------------------------------------------------- 18. a refresh killed with -9


def _processes_of(data: Path) -> list[int]:
    mark = f"KALBARTUI_DATA_DIR={data}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
class TestAKilledRefresh:
    """Finding 18: `kill -9` of `kalbartui refresh` while its helpers work: its caller, which
    reads the output to the end (so the refresh stays a zombie meanwhile), is not held, and the
    helpers leave at once."""

    @pytest.mark.parametrize("when", ["parsing", "extracting"])
    def test_the_caller_sees_the_end_and_no_helper_lives_on(
        self,
        when: str,
        fault_server: fs.FaultServer,
        stories: fs.StoryRoutes,
        tmp_path: Path,
        record: Recorder,
    ) -> None:
        if when == "parsing":
            fault_server.go_hostile()
            feed = fault_server.url("parse-deadline")  # half a minute of feedparser
            working = b"multiprocessing.forkserver"  # a parse worker is a fork of it
            least = 4  # the refresh, the forkserver, the resource tracker, a parse worker
        else:
            stories.add_pages("mati", {"bold": (payloads.quadratic_page(), "text/html")})
            feed = stories.feed_url("mati")
            working = b"kalbartui.jobs.worker"  # extracting the worst page
            least = 2
        config = _write_config(tmp_path / "config.toml", feed, extra="")
        config.write_text(
            config.read_text().replace("timeout_seconds = 3.0", "timeout_seconds = 20")
        )
        data = tmp_path / "data"
        env = dict(os.environ, KALBARTUI_CONFIG=str(config), KALBARTUI_DATA_DIR=str(data))
        proc = subprocess.Popen(  # noqa: S603 - our interpreter and package
            [sys.executable, "-m", "kalbartui", "refresh"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        ended: list[float] = []

        def caller() -> None:  # as subprocess.run(capture_output=True) does
            proc.communicate()
            ended.append(time.monotonic())

        reading = threading.Thread(target=caller, daemon=True)
        reading.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = _processes_of(data)
            if len(found) >= least and any(working in _cmdline(pid) for pid in found):
                break
            time.sleep(0.05)
        time.sleep(1.0)
        at_kill = len(_processes_of(data))
        os.kill(proc.pid, signal.SIGKILL)
        killed = time.monotonic()
        reading.join(30)
        while _processes_of(data) and time.monotonic() - killed < 30:
            time.sleep(0.05)
        gone_after = time.monotonic() - killed
        left = _processes_of(data)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        record(
            case=f"killed-refresh-{when}",
            what=f"`kill -9` of `kalbartui refresh` while {when}, its caller reading its output",
            status="the caller saw the end; no helper left" if not left else f"{len(left)} left",
            processes_at_kill=at_kill,
            caller_waited=round(max(ended[0] - killed, 0.0), 2) if ended else None,
            helpers_gone_after=round(gone_after, 2),
        )
        assert at_kill >= least
        assert ended and ended[0] - killed < 5.0
        assert not left


# ---------------------------------------------------------------- noticed on the way


def test_the_browser_is_never_given_the_sync_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: Recorder
) -> None:
    from kalbartui import browser

    seen = tmp_path / "lingkungan.txt"
    script = tmp_path / "peramban"
    script.write_text(f'#!/bin/sh\nenv > "{seen}"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("KALBARTUI_SYNC_PASSWORD", "rahasia-sinkron")
    monkeypatch.setenv("BROWSER", str(script))
    browser.open_url("https://kalbar.example/berita/")
    deadline = time.monotonic() + 10
    while not (seen.exists() and seen.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    environment = seen.read_text()
    record(
        case="browser-environment",
        what="Opening a link with KALBARTUI_SYNC_PASSWORD set and a real $BROWSER",
        status="not given" if "rahasia-sinkron" not in environment else "given",
    )
    assert "PATH=" in environment
    assert "KALBARTUI_SYNC_PASSWORD" not in environment and "rahasia-sinkron" not in environment


def test_the_picture_cache_counts_and_evicts_failures_and_leftovers(
    tmp_path: Path, record: Recorder
) -> None:
    cache = ImageCache(tmp_path / "images", cap_bytes=300_000)
    old = time.time() - 2 * 3600
    for n in range(3):  # interrupted writes, two hours old
        leftover = cache.folder / f".{n:040d}.abcd.tmp"
        cache.folder.mkdir(exist_ok=True)
        leftover.write_bytes(bytes(50_000))
        os.utime(leftover, (old, old))
    fresh = cache.folder / ".sedang-ditulis.tmp"  # a write in progress: left alone
    fresh.write_bytes(b"x")
    for n in range(4):
        cache.put_error(f"https://kalbar.example/{n}.jpg", Problem.of("image.bomb"))
        errors = cache.path_for(f"https://kalbar.example/{n}.jpg").with_suffix(".err")
        os.utime(errors, (old + n, old + n))
    for n in range(3):
        cache.put(f"https://kalbar.example/foto-{n}.jpg", bytes(120_000))
    names = sorted(p.name for p in cache.folder.iterdir())
    total = sum(p.stat().st_size for p in cache.folder.iterdir())
    record(
        case="picture-cache-leftovers",
        what="Stale temporary files and .err files in a picture cache at its cap",
        status=f"{len(names)} files, {total:,} bytes (cap 300,000)",
    )
    assert not any(n.endswith(".tmp") and n.startswith(".0") for n in names)
    assert fresh.exists()  # a write in progress is counted, never taken from its writer
    assert total <= 300_000
    # The failures went before the pictures: they are older.
    assert not any(n.endswith(".err") for n in names)
