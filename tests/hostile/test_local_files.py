"""Feeds that name local files (from the config or an imported OPML file).

A file: URL may point at something that is not a file at all: a FIFO that blocks the reader
until a writer comes, a device that never ends, a directory. The refresh must refuse those on
the spot instead of hanging; it runs in a child process here so a regression cannot hang the suite.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kalbartui.paths import DB_NAME
from kalbartui.store import open_store
from tests.hostile import faultserver as fs
from tests.hostile.checks import (
    NO_PAGES,
    decoded,
    integrity,
    output_problems,
    run_cli,
    worded_for_a_person,
)
from tests.hostile.conftest import Recorder

TIMEOUT = 3
MARGIN = 10  # the child's start-up and the good feed's parse


def test_fifos_devices_and_directories_are_refused_without_waiting(
    fault_server: fs.FaultServer, tmp_path: Path, record: Recorder
) -> None:
    fifo = tmp_path / "antrian.xml"
    os.mkfifo(fifo)  # nobody will ever write to it
    targets = {"fifo": fifo.as_uri(), "device": "/dev/zero", "directory": str(tmp_path)}
    config = tmp_path / "config.toml"
    lines = [f"timeout_seconds = {TIMEOUT}", "keep_days = 0", 'language = "en"', NO_PAGES]
    lines += ["[[feeds]]", f'url = "{fault_server.url("good")}"']
    for target in targets.values():
        lines += ["[[feeds]]", f'url = "{target}"']
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data_dir = tmp_path / "data"

    started = time.monotonic()
    result = run_cli("refresh", config=config, data_dir=data_dir, timeout=TIMEOUT + MARGIN)
    seconds = time.monotonic() - started

    assert result.returncode == 1  # three feeds failed, and the exit status says so
    assert output_problems(decoded(result)) == []
    store = open_store(data_dir / DB_NAME)
    errors = {f.url: str(f.last_error or "") for f in store.feeds()}
    good = next(f for f in store.feeds() if f.url == fault_server.url("good"))
    store.close()
    assert good.last_error is None and good.article_count == 3
    for kind, target in targets.items():
        error = errors[target]
        assert "not a regular file" in error, (kind, error)
        assert worded_for_a_person(error) is None
    assert integrity(data_dir / DB_NAME) == "ok"
    record(
        case="local-non-files",
        what="file: feeds naming a FIFO, /dev/zero and a directory",
        status="error",
        error=errors[targets["fifo"]].replace(str(tmp_path), "…"),
        seconds=round(seconds, 2),
    )
