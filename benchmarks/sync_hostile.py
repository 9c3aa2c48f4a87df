"""`python -m benchmarks.sync_hostile [endless|orphan|memory|subs ...]`: what a hostile sync
server costs, against the fake Reader-API server of tests/sync/fakereader.py on loopback.

- endless: `kalbartui refresh` against a server whose every id page has a continuation:
  requests sent and wall time (stopped at 30 s if it is still running).
- orphan: the reader's refresh child syncing against that server; its parent is killed
  with SIGKILL after 2 s: requests the child sends in the 5 s after.
- memory: peak RSS of a process whose sync gets one answer just under 64 MB (three shapes),
  beside the same process's peak for a sync of one small answer.
- subs: seconds for a sync of 2.5k/5k/10k/20k subscriptions and no articles.

The figures in docs/reliability.md ("A sync server") come from here, "before" with
PYTHONPATH naming a checkout of the code before the fixes (its src, then this checkout for
tests/), "after" with this one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.sync import fakereader as fr

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def _home(tmp: Path, url: str, extra: str = "") -> Path:
    config = tmp / "config.toml"
    config.write_text(
        f'language = "en"\nkeep_days = 0\n{extra or "timeout_seconds = 20"}\n[sync]\n'
        f'type = "greader"\nurl = "{url}"\nusername = "{fr.USER}"\npassword = "{fr.PASSWORD}"\n',
        encoding="utf-8",
    )
    return config


def _env() -> dict[str, str]:
    """The children's environment: the caller's PYTHONPATH (to measure another checkout's
    src, as the "before" figures were), else this checkout's."""
    return {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH") or f"{ROOT / 'src'}:{ROOT}"}


def endless() -> None:
    with fr.FakeReader() as server, tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        server.misbehave[fr.IDS] = fr.endless()
        config = _home(tmp, server.url)
        argv = [sys.executable, "-m", "kalbartui", "--config", str(config)]
        argv += ["--data-dir", str(tmp / "data"), "refresh"]
        started = time.monotonic()
        proc = subprocess.Popen(argv, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=30)
            ended = f"ended by itself, exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            ended = "still running at 30 s (killed)"
        took = time.monotonic() - started
        print(f"endless: {server.requests} requests, {took:.1f} s, {ended}")
        print("  stdout:", out.decode(errors="replace").strip().splitlines()[-3:])
        print("  stderr:", err.decode(errors="replace").strip().splitlines()[-3:])


_ORPHAN_PARENT = """
import sys
from pathlib import Path
from kalbartui.config import load_config
from kalbartui.refresh.child import run_in_child
config = load_config(Path(sys.argv[1]))
def started(pid):
    print(pid, flush=True)
run_in_child(config, Path(sys.argv[2]), on_start=started)
"""


def orphan(delay: float = 0.05) -> None:
    """Each id page `delay` s late, so the sync is still listing when the parent dies."""
    with fr.FakeReader() as server, tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        pages = fr.endless()

        def slow(req: fr.Request) -> fr.Reply | None:
            time.sleep(delay)
            return pages(req)

        server.misbehave[fr.IDS] = slow
        config = _home(tmp, server.url)
        (tmp / "data").mkdir()
        parent = subprocess.Popen(
            [sys.executable, "-c", _ORPHAN_PARENT, str(config), str(tmp / "data" / "k.sqlite3")],
            env=_env(),
            stdout=subprocess.PIPE,
        )
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        time.sleep(2)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        killed = time.monotonic()
        before = server.requests
        ended = None
        while time.monotonic() - killed < 5:
            if ended is None and not _alive(child):
                ended = time.monotonic() - killed
            time.sleep(0.02)
        after = server.requests
        print(f"orphan: {after - before} requests in the 5 s after the parent's SIGKILL;")
        if ended is None:
            print("  the child was still running")
            os.kill(child, signal.SIGKILL)
        else:
            print(f"  the child ended {ended:.2f} s after")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


_MEASURE = """
import json, resource, sys
from pathlib import Path
from kalbartui.config import load_config
from kalbartui.sync.engine import run_sync
report = run_sync(load_config(Path(sys.argv[1])), Path(sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"peak": peak, "error": str(report.error or ""), "new": report.new}))
"""


def peak_of_sync(server: fr.FakeReader, tmp: Path) -> dict[str, object]:
    """Peak RSS (bytes) of a fresh process that runs one sync against `server`."""
    config = _home(tmp, server.url)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(config), str(tmp / "data" / "k.sqlite3")],
        env=_env(),
        capture_output=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        return {"peak": 0, "error": done.stderr.decode(errors="replace").strip()[-300:]}
    result: dict[str, object] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


BIG_SHAPES = {
    "ids page (itemRefs)": (
        fr.IDS,
        b'{"itemRefs": [',
        b'{"id": "1700000000000001", "directStreamIds": []}',
        b"]}",
    ),
    "contents (small items)": (
        fr.CONTENTS,
        b'{"items": [',
        b'{"id": "tag:google.com,2005:reader/item/0006000000000001", "title": "x"}',
        b"]}",
    ),
    "contents (empty objects)": (fr.CONTENTS, b'{"items": [', b"{}", b"]}"),
    "contents (short strings)": (fr.CONTENTS, b'{"items": [', b'"ab"', b"]}"),
    "subscriptions (empty objects)": (
        fr.SUBSCRIPTIONS,
        b'{"subscriptions": [',
        b"{}",
        b"]}",
    ),
}


def _cap(path: str) -> int:
    """The answer cap for `path` in the code under test (63 MB where it has none of its own)."""
    from kalbartui.sync import greader

    name = {
        fr.IDS: "IDS_BYTES",
        fr.CONTENTS: "CONTENTS_BYTES",
        fr.SUBSCRIPTIONS: "SUBSCRIPTIONS_BYTES",
    }
    return int(getattr(greader, name[path], 63 * MB))


def memory(size: int = 63 * MB) -> None:
    """Each shape at 63 MB, then just under its own cap (where the code has one)."""
    with fr.FakeReader() as server, tempfile.TemporaryDirectory() as t:
        feed = server.add_feed(1, "Kalbar", "Berita")
        server.add_items(feed, [1_700_000_000_000_001 + k for k in range(3)])
        (Path(t) / "small" / "data").mkdir(parents=True)
        small = peak_of_sync(server, Path(t) / "small")
        print(f"memory: a small sync peaks at {int(small['peak']) / MB:.0f} MB ({small['error']})")
        for name, (path, prefix, element, suffix) in BIG_SHAPES.items():
            for total in sorted({size, min(size, _cap(path) - 1024)}, reverse=True):
                server.misbehave = {path: fr.big_json(prefix, element, total, suffix)}
                where = Path(t) / f"{path.rsplit('/', 1)[-1]}-{len(element)}-{total}"
                (where / "data").mkdir(parents=True)
                got = peak_of_sync(server, where)
                print(
                    f"  {name}, {total / MB:.1f} MB sent: peak {int(got['peak']) / MB:.0f} MB; "
                    f"said: {got['error']}"
                )


def subs(sizes: tuple[int, ...] = (2500, 5000, 10_000, 20_000)) -> None:
    """Each subscription under a label of its own (the worst case for the label list)."""
    from kalbartui.config import load_config
    from kalbartui.sync.engine import run_sync

    for n in sizes:
        with fr.FakeReader() as server, tempfile.TemporaryDirectory() as t:
            for k in range(n):
                server.add_feed(k, f"Kabar {k}", f"Label {k}")
            config = load_config(_home(Path(t), server.url))
            started = time.perf_counter()
            report = run_sync(config, Path(t) / "data" / "k.sqlite3")
            took = time.perf_counter() - started
            again = time.perf_counter()
            run_sync(config, Path(t) / "data" / "k.sqlite3")
            second = time.perf_counter() - again
            print(
                f"subs: {n:>6,} subscriptions: {took:.2f} s first sync, {second:.2f} s the next "
                f"({report.feeds} feeds, error: {report.error})"
            )


def headers() -> None:
    """One header line a second, 40 of them, at timeout_seconds = 3."""
    from kalbartui.config import load_config
    from kalbartui.sync.engine import run_sync

    with fr.FakeReader() as server, tempfile.TemporaryDirectory() as t:
        server.misbehave[fr.SUBSCRIPTIONS] = fr.header_lines_every(1.0, 40)
        config = load_config(_home(Path(t), server.url, "timeout_seconds = 3\n"))
        started = time.perf_counter()
        report = run_sync(config, Path(t) / "data" / "k.sqlite3")
        took = time.perf_counter() - started
        print(f"headers: {took:.1f} s at timeout_seconds = 3; said: {report.error}")


def main(argv: list[str]) -> int:
    jobs = {"endless": endless, "orphan": orphan, "memory": memory, "subs": subs}
    jobs["headers"] = headers
    for name in argv or list(jobs):
        jobs[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
