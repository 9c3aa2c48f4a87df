"""A soak: the reader open in tmux for a long while over growing feeds with the third round's
faults, a cron-style `kalbartui refresh -q` beside it, the memory of everything sampled.

    python scripts/soak_story.py --minutes 35 --out /tmp/soak

Starts scripts/hostile_site.py (20 feeds growing by one article a minute each; the worst page,
the scan-bomb picture, seven 40-megapixel WebPs, the internal-address links and the odd
charsets coming again as new articles every five minutes), a reader in a tmux session that
refreshes itself every minute and is walked down the newest articles and back (a key every
3 s, resting on each long enough for its picture and page; some opened, some fetched again
with `f`), and `kalbartui refresh -q` every 20 s. Every 30 s it writes one row
of soak.csv: the resident memory of the reader, of each of its descendants (the refresh child,
its parse workers, the job workers) and in all, how many processes, and how many requests
reached the internal server. At the end the reader is quit with `q` and the time to its end
is measured, and what is left behind is counted.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PORT, INTERNAL = 8941, 8942
INTERNAL_HOST = "127.0.0.2"
SESSION = "kalbartui-soak"


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    except OSError:
        return ""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def tmux(*args: str) -> None:
    subprocess.run(["tmux", *args], check=False, capture_output=True)  # noqa: S603, S607


def internal_hits(port: int = INTERNAL) -> int:
    try:
        with urllib.request.urlopen(f"http://{INTERNAL_HOST}:{port}/hits", timeout=5) as r:  # noqa: S310
            return int(r.read())
    except (OSError, ValueError):
        return -1


def table(path: Path, every: float = 3.0) -> str:
    """A soak.csv as a Markdown table, a row every `every` minutes, the reader's memory drawn."""
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    top = max(float(r["reader_mb"]) for r in rows)
    out = [
        "| minute | reader MB | | below it MB (processes) | in all MB |",
        "|---:|---:|---|---:|---:|",
    ]
    next_minute = 0.0
    for r in rows:
        minute = float(r["minute"])
        if minute + 1e-9 < next_minute and r is not rows[-1]:
            continue
        next_minute = minute + every
        bar = "█" * round(20 * float(r["reader_mb"]) / top)
        out.append(
            f"| {minute:.0f} | {float(r['reader_mb']):.1f} | `{bar}` "
            f"| {float(r['descendants_mb']):.1f} ({int(r['processes']) - 1}) "
            f"| {float(r['total_mb']):.1f} |"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=35.0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/kalbartui-soak"))
    parser.add_argument("--grow-seconds", default="60", help="a new article per feed this often")
    parser.add_argument("--images", default="cells", help='the reader\'s images setting ("off"...)')
    parser.add_argument("--table", type=Path, help="print this soak.csv as a Markdown table")
    parser.add_argument("--session", default=SESSION, help="the tmux session's name")
    parser.add_argument("--port", type=int, default=PORT, help="the site's port (and the next one)")
    parser.add_argument(
        "--reader", default="-m kalbartui", help="how python starts the reader (a wrapper script)"
    )
    args = parser.parse_args()
    if args.table:
        print(table(args.table))
        return
    out: Path = args.out
    port, internal, session = args.port, args.port + 1, args.session
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    site = subprocess.Popen(  # noqa: S603
        [PYTHON, str(ROOT / "scripts" / "hostile_site.py"), "--port", str(port),
         "--internal-port", str(internal), "--internal-host", INTERNAL_HOST, "--feeds", "20",
         "--grow-seconds", args.grow_seconds, "--fault-every", "300"],
        env=env, stdout=subprocess.DEVNULL, stderr=(out / "site.err").open("wb"),
    )  # fmt: skip
    time.sleep(5)
    config = out / "config.toml"
    lines = [
        'language = "en"',
        "timeout_seconds = 5",
        "refresh_interval_minutes = 1",
        f'images = "{args.images}"',
        # The site stands in for the internet; the internal server (127.0.0.2) stays out.
        'fetch_private_addresses = ["127.0.0.1"]',
    ]
    for n in range(1, 21):
        lines += ["[[feeds]]", f'url = "http://127.0.0.1:{port}/feed/{n}.xml"', 'category = "Uji"']
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = out / "data"
    reader_cmd = (
        f"env PYTHONPATH={ROOT / 'src'} {PYTHON} {args.reader} --config {config} --data-dir {data}"
    )
    tmux("kill-session", "-t", session)
    tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "45", reader_cmd)
    time.sleep(8)
    found = subprocess.run(  # noqa: S603
        ["pgrep", "-f", f"^{PYTHON} {args.reader} --config {config}"],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    reader = int(found.stdout.split()[0])
    rows = (out / "soak.csv").open("w", newline="")
    writer = csv.writer(rows)
    writer.writerow(["minute", "reader_mb", "descendants_mb", "total_mb", "processes",
                     "largest_descendant_mb", "largest_descendant", "internal_hits", "cron_runs",
                     "cron_failures"])  # fmt: skip
    started = time.monotonic()
    end = started + args.minutes * 60
    next_sample = started
    next_cron = started + 20
    next_key = started + 2
    cron: subprocess.Popen[bytes] | None = None
    cron_runs = cron_failures = 0
    step = 0
    # Down the list and back to the top: the newest forty articles, the faults among them,
    # each shown long enough for its picture and its page; some opened, some fetched with `f`.
    keys = [*(["j", "j", "Enter", "f", "Escape"] * 8), "G", "k", "g"]
    while time.monotonic() < end and not gone(reader):
        now = time.monotonic()
        if now >= next_key:
            key = keys[step % len(keys)]
            tmux("send-keys", "-t", session, key)
            step += 1
            next_key = now + 3.0  # rest long enough for the picture and the page
        if now >= next_cron and (cron is None or cron.poll() is not None):
            if cron is not None:
                cron_runs += 1
                cron_failures += cron.returncode not in (0, 1)  # 1: a feed failed (the faults)
            cron = subprocess.Popen(  # noqa: S603
                [PYTHON, "-m", "kalbartui", "--config", str(config), "--data-dir", str(data),
                 "refresh", "-q"],
                env=env, stdout=subprocess.DEVNULL, stderr=(out / "cron.err").open("ab"),
            )  # fmt: skip
            next_cron = now + 20
        if now >= next_sample:
            below = descendants(reader)
            sizes = {pid: rss_kb(pid) for pid in below}
            largest = max(sizes, key=lambda pid: sizes[pid], default=0)
            own = rss_kb(reader)
            writer.writerow([
                round((now - started) / 60, 2), round(own / 1024, 1),
                round(sum(sizes.values()) / 1024, 1), round((own + sum(sizes.values())) / 1024, 1),
                1 + len(below), round(sizes.get(largest, 0) / 1024, 1), command(largest),
                internal_hits(internal), cron_runs, cron_failures,
            ])  # fmt: skip
            rows.flush()
            next_sample = now + 30
        time.sleep(0.2)
    # The end: `q`, timed until the reader is gone; then whatever it left behind.
    crashed = gone(reader)
    minutes = (time.monotonic() - started) / 60
    left_before = descendants(reader)
    t0 = time.monotonic()
    tmux("send-keys", "-t", session, "Q")  # Q quits at once; q would first leave an open article
    while not gone(reader) and time.monotonic() - t0 < 60:
        time.sleep(0.01)
    quit_seconds = time.monotonic() - t0
    time.sleep(2)
    left = [pid for pid in left_before if not gone(pid)]
    if cron is not None:
        cron.wait(120)
    summary = (
        f"reader up for {minutes:.1f} min, {'crashed' if crashed else 'alive to the end'}; "
        f"q to exit {quit_seconds:.2f} s; processes left 2 s after: {len(left)}; "
        f"cron runs {cron_runs}, failures {cron_failures}; internal hits {internal_hits(internal)}\n"
    )
    (out / "summary.txt").write_text(summary, encoding="utf-8")
    print(summary, end="")
    rows.close()
    tmux("kill-session", "-t", session)
    site.send_signal(signal.SIGTERM)
    site.wait(10)


if __name__ == "__main__":
    main()
