"""Fixtures of the hostile suite: the fault server, its gzip bomb and secret file, and a recorder
that turns measured results into docs/reliability.md.

Set KALBARTUI_RELIABILITY_JSON=path to keep what the suite measured; then
`python -m tests.hostile.reliability_table path > docs/reliability.md` writes the table.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile.faultserver import SECRET, Context, FaultServer, build_gzip_bomb

_ROWS: list[dict[str, object]] = []
_OUTCOMES: dict[str, str] = {}

Recorder = Callable[..., None]


@pytest.fixture(scope="session")
def gzip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1 MB of gzip that inflates to 1 GiB of zeros, built once per session."""
    return build_gzip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.gz")


@pytest.fixture(scope="session")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local file an external entity points at; its marker must never be stored or shown."""
    path = tmp_path_factory.mktemp("secret") / "rahasia.txt"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def fault_server(gzip_bomb: Path, secret_file: Path) -> Iterator[FaultServer]:
    server = FaultServer(Context(secret_file=secret_file, gzip_bomb=gzip_bomb)).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Recorder:
    """record(case=..., what=..., result=..., **measured): one row of docs/reliability.md."""

    def add(**row: object) -> None:
        _ROWS.append({"test": request.node.nodeid, **row})

    return add


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # noqa: ANN201
    report = yield
    if report.when == "call" or report.outcome != "passed":
        _OUTCOMES[item.nodeid] = report.outcome
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get("KALBARTUI_RELIABILITY_JSON")
    if target and _ROWS:
        for row in _ROWS:
            row["outcome"] = _OUTCOMES.get(str(row["test"]), "unknown")
        Path(target).write_text(json.dumps(_ROWS, ensure_ascii=False, indent=1), encoding="utf-8")
