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
import json
import time
from pathlib import Path
from typing import Any

TICK = 0.005


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
                await asyncio.sleep(TICK)
                now = time.perf_counter()
                late = now - before - TICK
                if self._refresh_started:
                    result["late"].append(late)
                    result["late_cpu"].append(time.thread_time() - cpu_before)
                    if late > 0.02:  # when the worst stalls happen, for the report
                        result.setdefault("stalls", []).append(
                            (round(now - self._refresh_started, 3), round(late * 1000, 1))
                        )

        def _watch_refresh(self, finished: bool) -> None:
            # The refresh worker belongs to the main screen (its state messages do not bubble
            # up here): watch it from the probe instead.
            worker = self._main._refresh_worker if self._main is not None else None  # noqa: SLF001
            if worker is None or finished:
                return
            if not self._refresh_started:
                self._refresh_started = time.perf_counter()
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

    app = Probed(config, paths)
    app.run(headless=True, size=(160, 48))
    Path(a.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
