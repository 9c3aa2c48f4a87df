"""What the hostile suite measured, kept for docs/reliability.md (see tests/hostile/conftest.py).

Light on purpose: the root conftest imports it in every pytest process, the xdist controller
too, which gathers the workers' rows and writes the one file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROWS: list[dict[str, object]] = []
OUTCOMES: dict[str, str] = {}
_WORKER_KEY = "kalbartui_reliability_rows"
_ORDER: dict[str, int] = {}  # test id -> place in the collection, for rows from workers


def _rows_with_outcomes() -> list[dict[str, object]]:
    for row in ROWS:
        row.setdefault("outcome", OUTCOMES.get(str(row["test"]), "unknown"))
    return ROWS


def collected(ids: list[str]) -> None:
    """The test ids in collection order (from the first xdist worker that reports them)."""
    if not _ORDER:
        _ORDER.update((test_id, n) for n, test_id in enumerate(ids))


def take_from_worker(node: Any) -> None:
    """An xdist worker finished: keep the rows it measured."""
    rows = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
    if rows:
        ROWS.extend(json.loads(rows))


def finish(config: pytest.Config) -> None:
    """At the end of a session: a worker hands its rows to the controller; the controller (or a
    run without workers) writes them where KALBARTUI_RELIABILITY_JSON says."""
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = json.dumps(_rows_with_outcomes(), ensure_ascii=False)
        return
    target = os.environ.get("KALBARTUI_RELIABILITY_JSON")
    if target and ROWS:
        # Rows from workers arrive worker by worker: put them back in the order of the tests.
        rows = sorted(_rows_with_outcomes(), key=lambda row: _ORDER.get(str(row["test"]), 0))
        Path(target).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
