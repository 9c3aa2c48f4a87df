"""The cache survives what happens to real caches: a killed refresh, two processes at once,
a read-only or full disk, a damaged file.

Each story runs the real command line in child processes against a real SQLite file. The
read-only and full-disk stories mount a small tmpfs (root may write through chmod, not
through a read-only mount or a full one); they are skipped where mounting is not allowed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from kalbartui.paths import DB_NAME
from tests.disks import fill, remount
from tests.feedserver import FeedServer, send
from tests.hostile import faultserver as fs
from tests.hostile.checks import NO_PAGES, decoded, integrity, output_problems, run_cli
from tests.hostile.conftest import Recorder

FEEDS = 24
ITEMS = 150


def wait_until(condition: Callable[[], bool], seconds: float = 60.0, what: str = "") -> None:
    """Poll a condition another process will make true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what or condition}"
        time.sleep(0.01)


def count(db: Path, sql: str = "SELECT COUNT(*) FROM articles") -> int:
    """A reading connection of its own, as a second program would have."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def feed_body(n: int, version: int) -> bytes:
    """Feed n: ITEMS items; version 2 edits every body (so a refresh rewrites rows)."""
    items = []
    for i in range(ITEMS, 0, -1):
        title, para = fs.STORIES[(n + i) % len(fs.STORIES)]
        items.append(
            fs.item(
                f"kolom-{n}-{i}",
                f"{title} (kolom {n}, {i})",
                body=f"<p>{para}</p><p>Versi {version}. {'Isi tambahan. ' * 40}</p>",
                date=fs.rfc822(fs.GOOD_AT - timedelta(minutes=n * ITEMS + i)),
            )
        )
    return fs.rss(f"Kolom {n}", items)


class SlowSite:
    """FEEDS feeds on one loopback server, each answering after its own delay."""

    def __init__(self, delay: float) -> None:
        self.server = FeedServer().start()
        self.version = 1
        self.delay = delay
        for n in range(FEEDS):
            self.server.routes[f"/kolom/{n}.xml"] = self._route(n)

    def _route(self, n: int) -> Callable[[BaseHTTPRequestHandler], None]:
        def handle(h: BaseHTTPRequestHandler) -> None:
            # Spread the answers out so the writes of one refresh span a while.
            if self.server.stopping.wait(self.delay * (n % 8)):
                return
            send(h, 200, feed_body(n, self.version))

        return handle

    def config(self, path: Path) -> Path:
        lines = ["timeout_seconds = 30", "keep_days = 0", 'language = "en"']
        for n in range(FEEDS):
            lines += ["[[feeds]]", f'url = "{self.server.url(f"/kolom/{n}.xml")}"']
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    site = SlowSite(delay=0.15)
    try:
        yield site
    finally:
        site.server.stop()


def kalbartui_process(config: Path, data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, KALBARTUI_CONFIG=str(config), KALBARTUI_DATA_DIR=str(data_dir))
    return subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "-m", "kalbartui", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# ---------------------------------------------------------------- kill -9


def processes_of(data_dir: Path) -> list[int]:
    """Live processes whose environment names this data dir: the refresh and all it started."""
    mark = f"KALBARTUI_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in environ.split(b"\0") and state != "Z":  # a zombie is already gone
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_a_refresh_killed_mid_write_leaves_a_cache_the_next_run_carries_on_with(
    slow_site: SlowSite, tmp_path: Path, record: Recorder
) -> None:
    config = slow_site.config(tmp_path / "config.toml")
    data_dir = tmp_path / "data"
    db = data_dir / DB_NAME
    proc = kalbartui_process(config, data_dir, "refresh")
    try:
        # Some batches are in, more are on their way: this is "while it writes".
        wait_until(lambda: count(db) >= ITEMS, what="the first batch")
        at_kill = count(db)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert at_kill < FEEDS * ITEMS  # it really was cut short
    # Nothing the killed refresh started (its parse workers, their forkserver) lives on.
    wait_until(lambda: not processes_of(data_dir), seconds=15, what="the orphans to leave")

    assert integrity(db) == "ok"
    assert count(db) >= at_kill  # every committed batch survived the kill
    slow_site.delay = 0  # the next run only has to finish
    again = run_cli("refresh", config=config, data_dir=data_dir)
    assert again.returncode == 0, decoded(again)
    assert output_problems(decoded(again)) == []
    assert integrity(db) == "ok"
    assert count(db) == FEEDS * ITEMS
    record(
        case="kill-9-mid-refresh",
        what="`kill -9` of `kalbartui refresh` while it writes, then a new run",
        status="integrity ok, no process left behind, next run completes",
        articles_at_kill=at_kill,
        articles_after=count(db),
    )


# ---------------------------------------------------------------- reader and cron at once

EDITED = "SELECT COUNT(*) FROM articles WHERE content_html LIKE '%Versi 2.%'"

MARKER = """
import json, sys, time
from kalbartui.store import Query, open_store
store = open_store(sys.argv[1])
ids = [r.id for r in store.page(Query(), limit=100000).rows]
edited_at_start = store.conn.execute(sys.argv[2]).fetchone()[0]
done, errors = [], []
deadline = time.monotonic() + 120
for i, article_id in enumerate(ids):
    if time.monotonic() > deadline:
        break
    try:
        if i % 2:
            store.toggle_star(article_id)
        else:
            store.set_read([article_id])
        done.append(article_id)
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"done": done, "errors": errors, "edited_at_start": edited_at_start}))
"""


@pytest.mark.slow
def test_marking_articles_while_cron_refreshes_loses_no_flag(
    slow_site: SlowSite, tmp_path: Path, record: Recorder
) -> None:
    config = slow_site.config(tmp_path / "config.toml")
    data_dir = tmp_path / "data"
    db = data_dir / DB_NAME
    spread = slow_site.delay
    slow_site.delay = 0  # the cache is filled at once
    first = run_cli("refresh", config=config, data_dir=data_dir)
    assert first.returncode == 0, decoded(first)

    slow_site.version = 2  # every article is edited upstream: the refresh rewrites them all
    # and its batches arrive over about three seconds (four connections to the one host, each
    # answer up to 7 delays late); the reader needs well under one to mark every article
    slow_site.delay = spread
    cron = kalbartui_process(config, data_dir, "refresh")
    # The reader starts marking once cron has begun rewriting rows.
    wait_until(lambda: count(db, EDITED) > 0, what="cron's first batch")
    reader = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "-c", MARKER, str(db), EDITED],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
    )
    reader_out, reader_err = reader.communicate(timeout=180)
    cron_out, cron_err = cron.communicate(timeout=180)

    assert reader.returncode == 0, reader_err.decode()
    marked = json.loads(reader_out)
    assert marked["errors"] == []  # no "database is locked", nothing else either
    assert cron.returncode == 0, (cron_out + cron_err).decode()
    assert b"locked" not in cron_out + cron_err
    assert len(marked["done"]) == FEEDS * ITEMS

    # Both really ran at once: cron was midway when the reader began.
    assert 0 < marked["edited_at_start"] < FEEDS * ITEMS
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, read, starred FROM articles")}
    edited_count = conn.execute(EDITED).fetchone()[0]
    conn.close()
    for i, article_id in enumerate(marked["done"]):
        read, starred = rows[article_id]
        assert (starred if i % 2 else read) == 1, article_id
    assert edited_count == FEEDS * ITEMS  # and the refresh did its part too
    assert integrity(db) == "ok"
    record(
        case="reader-and-cron",
        what="Marking every article read/starred while `kalbartui refresh` rewrites them",
        status="no flag lost, no lock error",
        flags=len(marked["done"]),
        rewritten_before_reader_began=marked["edited_at_start"],
    )


# ---------------------------------------------------------------- read-only and full disks


def one_clear_line(result: subprocess.CompletedProcess[bytes], *words: str) -> str:
    text = decoded(result)
    assert output_problems(text) == []
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("kalbartui: ")
    assert any(w in lines[0] for w in words), lines[0]
    return lines[0]


def test_a_read_only_data_dir_is_one_clear_message_and_the_cache_stays_whole(
    fault_server: fs.FaultServer, mount_tmpfs: Callable[..., Path], tmp_path: Path, record: Recorder
) -> None:
    data_dir = mount_tmpfs(tmp_path / "data")
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "en"\nkeep_days = 0\n{NO_PAGES}\n'
        f'[[feeds]]\nurl = "{fault_server.url("good")}"\n',
        encoding="utf-8",
    )
    assert run_cli("refresh", config=config, data_dir=data_dir).returncode == 0
    before = count(data_dir / DB_NAME)
    remount(data_dir, "ro")

    messages = {}
    refresh = run_cli("refresh", config=config, data_dir=data_dir)
    assert refresh.returncode == 1
    messages["refresh"] = one_clear_line(refresh, "read-only")
    # Reading needs no write: the cached news can still be listed.
    listed = run_cli("list", "--json", config=config, data_dir=data_dir)
    assert listed.returncode == 0, decoded(listed)
    assert len(json.loads(listed.stdout)) == before
    fresh = run_cli("list", config=config, data_dir=data_dir / "baru")
    assert fresh.returncode == 1
    messages["new dir"] = one_clear_line(fresh, "read-only", "Read-only")

    remount(data_dir, "rw")
    assert integrity(data_dir / DB_NAME) == "ok"
    assert count(data_dir / DB_NAME) == before
    record(
        case="read-only-data-dir",
        what="The data directory on a read-only mount (root cannot write there either)",
        status="exit 1, one line",
        error=messages["refresh"].replace(str(tmp_path), "…"),
    )


@pytest.mark.slow
def test_a_full_disk_is_one_clear_message_and_no_corruption(
    fault_server: fs.FaultServer, mount_tmpfs: Callable[..., Path], tmp_path: Path, record: Recorder
) -> None:
    # 5,000 articles take ~4.7 MB, and a write transaction needs about as much again in the
    # WAL before it is checkpointed: 10 MB is full halfway, and enough once the filler goes.
    data_dir = mount_tmpfs(tmp_path / "data", size="10m")
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "en"\nkeep_days = 0\ntimeout_seconds = 10\n{NO_PAGES}\n'
        f'[[feeds]]\nurl = "{fault_server.url("good")}"\n'
        f'[[feeds]]\nurl = "{fault_server.url("five-thousand-items")}"\n',
        encoding="utf-8",
    )
    assert run_cli("refresh", config=config, data_dir=data_dir).returncode == 0
    db = data_dir / DB_NAME
    before = count(db)
    filler = fill(data_dir, leave=32 * 1024)

    fault_server.go_hostile()  # now 5,000 items arrive, far more than the space left
    result = run_cli("refresh", config=config, data_dir=data_dir)
    assert result.returncode == 1
    message = one_clear_line(result, "full")
    assert integrity(db) == "ok"
    assert count(db) >= before

    filler.unlink()
    again = run_cli("refresh", config=config, data_dir=data_dir)
    assert again.returncode == 0, decoded(again)
    assert integrity(db) == "ok"
    assert count(db) == before + 3 + 5000
    record(
        case="full-disk",
        what="A refresh that runs out of disk space halfway (8 MB tmpfs)",
        status="exit 1, one line; next run completes",
        error=message.replace(str(tmp_path), "…"),
    )


# ---------------------------------------------------------------- a damaged file


def starred_cache(fault_server: fs.FaultServer, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'language = "en"\nkeep_days = 0\n{NO_PAGES}\n'
        f'[[feeds]]\nurl = "{fault_server.url("good")}"\n'
        f'[[feeds]]\nurl = "{fault_server.url("five-thousand-items")}"\n',
        encoding="utf-8",
    )
    data_dir = tmp_path / "data"
    fault_server.go_hostile()
    assert run_cli("refresh", config=config, data_dir=data_dir).returncode == 0
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute("UPDATE articles SET starred = 1 WHERE guid LIKE 'good-%'")
    conn.commit()
    titles = [r[0] for r in conn.execute("SELECT title FROM articles WHERE starred = 1")]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return config, data_dir, titles


def page_of(db: Path, index: str) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)
        ).fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return root[0], size


def moved_aside(data_dir: Path) -> list[Path]:
    """The damaged cache files moved aside (not their -wal/-shm or the starred export)."""
    pattern = re.compile(re.escape(DB_NAME) + r"\.corrupt-\d{8}-\d{6}(-\d+)?")
    return sorted(p for p in data_dir.iterdir() if pattern.fullmatch(p.name))


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_fresh_cache_built(
    tmp_path: Path, record: Recorder
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    garbage = b"Ini bukan basis data SQLite. " * 400
    (data_dir / DB_NAME).write_bytes(garbage)
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n[[feeds]]\nurl = "/tidak/ada.xml"\n', encoding="utf-8")

    result = run_cli("list", config=config, data_dir=data_dir)

    assert output_problems(decoded(result)) == []
    line = one_clear_line(result, "damaged")
    (aside,) = moved_aside(data_dir)
    assert aside.read_bytes() == garbage  # moved, never deleted
    assert aside.name.startswith(f"{DB_NAME}.corrupt-")
    assert integrity(data_dir / DB_NAME) == "ok"  # and a fresh cache is in its place
    record(
        case="corrupt-not-a-database",
        what="The cache file replaced by text that is not SQLite",
        status="moved aside, fresh cache",
        error=line.replace(str(tmp_path), "…"),
    )


@pytest.mark.slow
def test_a_damaged_index_page_is_caught_and_the_starred_articles_exported(
    fault_server: fs.FaultServer, tmp_path: Path, record: Recorder
) -> None:
    config, data_dir, starred = starred_cache(fault_server, tmp_path)
    db = data_dir / DB_NAME
    page, size = page_of(db, "articles_time")
    with db.open("r+b") as fh:  # scribble over one page of the index `list` walks
        fh.seek((page - 1) * size)
        fh.write(b"\xa5" * size)
    damaged = db.read_bytes()

    result = run_cli("list", config=config, data_dir=data_dir)

    line = one_clear_line(result, "damaged")
    assert result.returncode != 0 or "fresh" in line
    (aside,) = moved_aside(data_dir)
    assert aside.read_bytes() == damaged  # moved, never deleted
    exported = aside.with_name(aside.name + ".starred.json")
    assert exported.exists(), "the starred articles were not exported"
    assert sorted(a["title"] for a in json.loads(exported.read_text("utf-8"))) == sorted(starred)
    assert integrity(db) == "ok"
    # The next refresh fills the fresh cache again.
    again = run_cli("refresh", config=config, data_dir=data_dir)
    assert again.returncode == 0, decoded(again)
    assert count(db) == 6 + 5000
    record(
        case="corrupt-damaged-page",
        what="One page of an index overwritten in a cache with starred articles",
        status="moved aside, starred exported, fresh cache",
        error=line.replace(str(tmp_path), "…"),
    )


def test_the_reader_starts_on_a_fresh_cache_when_the_old_one_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kalbartui.ui.app as app_module
    from kalbartui.cli.main import main

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    garbage = b"\x00bukan sqlite\x1b[2J" * 300
    (data_dir / DB_NAME).write_bytes(garbage)
    config = tmp_path / "config.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    seen: list[str] = []

    def reader(
        config: object, paths: object, asked: object = None
    ) -> int:  # what the reader would open
        seen.append(integrity(data_dir / DB_NAME))
        return 0

    monkeypatch.setattr(app_module, "run_reader", reader)
    assert main(["--config", str(config), "--data-dir", str(data_dir)]) == 0
    assert seen == ["ok"]  # the reader got a fresh, whole cache
    (aside,) = moved_aside(data_dir)
    assert aside.read_bytes() == garbage
    err = capsys.readouterr().err
    assert "damaged" in err and str(aside) in err and output_problems(err) == []
