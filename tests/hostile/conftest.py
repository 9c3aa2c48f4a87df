"""Fixtures of the hostile suite: the fault server, its gzip bomb and secret file, and a recorder
that turns measured results into docs/reliability.md.

Set KALBARTUI_RELIABILITY_JSON=path to keep what the suite measured; then
`python -m tests.hostile.reliability_table path > docs/reliability.md` writes the table. The file
is written once per run (tests/hostile/recording.py), by the xdist controller when there are
workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile import recording
from tests.hostile.faultserver import SECRET, Context, FaultServer, build_gzip_bomb

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
        recording.ROWS.append({"test": request.node.nodeid, **row})

    return add


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # noqa: ANN201
    report = yield
    if report.when == "call" or report.outcome != "passed":
        recording.OUTCOMES[item.nodeid] = report.outcome
    return report
