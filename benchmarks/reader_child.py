"""Inside the reader: the event loop's longest stall while a refresh runs (run as a child process).

`python -m benchmarks.reader_child --config C --data-dir D --out JSON` opens the real
KalbarApp (headless driver, same widgets, same compositor), lets its start-up refresh run
against the loopback server, and meanwhile keeps a 5 ms timer on the event loop. A stall is
how late that timer fires: what a user feels as a frozen screen or a key that waits.
Every tenth tick it also stars and unstars an article through the reader's own connection,
as `s` does, and times that write: how long the reader's writes wait behind the refresh's.
With each stall it records the event-loop thread's own CPU time over the same span: on a
machine shared with other work, a late timer whose thread used little CPU meanwhile was
waiting for a core (the OS scheduler), not for anything the reader did.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

TICK = 0.005
# With KALBARTUI_BENCH_STACKS=1 a watchdog thread takes the event-loop thread's stack every
# 2 ms while the probe's timer is over 10 ms late; the stacks of the worst stalls go into the
# result ("stacks"). For finding what a stall is; it costs the loop a little, so off by default.
STACKS = os.environ.get("KALBARTUI_BENCH_STACKS") == "1"


class Watchdog:
    """Samples the loop thread's stack while the probe's timer is late."""

    def __init__(self) -> None:
        self.loop_thread = threading.get_ident()
        self.due = 0.0  # when the probe's sleep should end (0: not sleeping)
        self.tick = 0
        self.samples: dict[int, list[tuple[float, float, str]]] = {}
        self.running = True

    def start(self) -> None:
        threading.Thread(target=self._run, name="stall-watchdog", daemon=True).start()

    def _run(self) -> None:
        while self.running:
            time.sleep(0.002)
            due, tick = self.due, self.tick
            now = time.perf_counter()
            if due and now > due + 0.010:
                frame = sys._current_frames().get(self.loop_thread)  # noqa: SLF001
                if frame is None:
                    continue
                stack = traceback.extract_stack(frame)[-14:]
                text = " < ".join(
                    f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(stack)
                )
                self.samples.setdefault(tick, []).append(
                    (round((now - due) * 1000, 1), round(time.thread_time() * 1000, 1), text)
                )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()

    from textual.worker import WorkerState

    from kalbartui.config import load_config
    from kalbartui.paths import Paths
    from kalbartui.ui.app import KalbarApp

    config = load_config(Path(a.config))
    data = Path(a.data_dir)
    paths = Paths(config=Path(a.config), data_dir=data, cache_dir=data / "cache")
    result: dict[str, Any] = {
        "late": [],
        "late_cpu": [],
        "writes": [],
        "refresh_seconds": None,
        "new": None,
        "started_at": 0.0,
    }

    import kalbartui.ui.app as app_module

    class Probed(KalbarApp):
        # CSS_PATH is relative to the module that defines the class; point it back at the app's.
        CSS_PATH = str(Path(app_module.__file__).parent / str(KalbarApp.CSS_PATH))
        _probing = False
        _refresh_started = 0.0

        def on_mount(self) -> None:
            # Textual runs KalbarApp.on_mount too (each class's handler): no super() here.
            self._probing = True
            self._probe_task = asyncio.get_running_loop().create_task(self._probe())

        async def _probe(self) -> None:
            ticks = 0
            finished = False
            dog = Watchdog() if STACKS else None
            if dog is not None:
                dog.start()
            while self._probing:
                ticks += 1
                self._watch_refresh(finished)
                finished = finished or result["refresh_seconds"] is not None
                if self._refresh_started and ticks % 10 == 0:
                    row = self.main.articles.current
                    if row is not None:
                        start = time.perf_counter()
                        self.store.toggle_star(row.id)
                        self.store.toggle_star(row.id)
                        result["writes"].append((time.perf_counter() - start) / 2)
                before = time.perf_counter()
                cpu_before = time.thread_time()
                if dog is not None:
                    dog.tick = ticks
                    dog.due = before + TICK
                await asyncio.sleep(TICK)
                now = time.perf_counter()
                if dog is not None:
                    dog.due = 0.0
                late = now - before - TICK
                if self._refresh_started:
                    cpu = time.thread_time() - cpu_before
                    result["late"].append(late)
                    result["late_cpu"].append(cpu)
                    if late > 0.02 or cpu > 0.01:  # when the worst stalls happen, for the report
                        result.setdefault("stalls", []).append(
                            (
                                round(now - self._refresh_started, 3),
                                round(late * 1000, 1),
                                round(cpu * 1000, 1),
                            )
                        )
                        if dog is not None and ticks in dog.samples:
                            result.setdefault("stacks", []).append(
                                {
                                    "at": round(now - self._refresh_started, 3),
                                    "late_ms": round(late * 1000, 1),
                                    "cpu_ms": round((time.thread_time() - cpu_before) * 1000, 1),
                                    "samples": dog.samples.pop(ticks),
                                }
                            )
            if dog is not None:
                dog.running = False

        def _watch_refresh(self, finished: bool) -> None:
            # The refresh worker belongs to the main screen's refresher (its state messages do not bubble
            # up here): watch it from the probe instead.
            worker = self._main.refresher.worker if self._main is not None else None
            if worker is None or finished:
                return
            if not self._refresh_started:
                self._refresh_started = result["started_at"] = time.perf_counter()
            if worker.state in (WorkerState.SUCCESS, WorkerState.ERROR):
                result["refresh_seconds"] = time.perf_counter() - self._refresh_started
                report = worker.result
                result["new"] = getattr(report, "new_total", None)
                result["error"] = str(worker.error or "")
                # Keep probing while the new rows are read and drawn, then leave.
                self.set_timer(0.5, self._done)

        def _done(self) -> None:
            self._probing = False
            self.exit()

    # Garbage collections while the refresh runs: (generation, ms) of each, for the report.
    gc_started: list[float] = []

    def gc_watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[:] = [time.perf_counter()]
        elif gc_started and result["refresh_seconds"] is None and result["late"]:
            pause = (time.perf_counter() - gc_started[0]) * 1000
            result.setdefault("gc", []).append(
                (
                    info["generation"],
                    round(pause, 2),
                    round(time.perf_counter() - result["started_at"], 3),
                )
            )

    gc.callbacks.append(gc_watch)
    app = Probed(config, paths)
    app.run(headless=True, size=(160, 48))
    Path(a.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
