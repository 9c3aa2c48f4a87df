"""A real FreshRSS per test (copied from one installed per session), subscribed to feeds on
our own loopback feed server, and a kalbartui home configured to sync with it."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kalbartui.cli.main import main
from tests.feedserver import FeedServer
from tests.sync import feeds, freshrss


@pytest.fixture(scope="session")
def site() -> Iterator[feeds.Site]:
    server = FeedServer().start()
    s = feeds.Site(server)
    t = feeds.now()
    hostile = feeds.post(0, t)
    hostile.title = "Harga <b>cabai</b> & bawang naik > 20% di Pontianak"
    hostile.body = (
        "<p>Harga cabai rawit naik tajam.<script>alert('xss')</script></p>"
        '<p><a href="javascript:alert(1)">klik</a> <a href="/tautan-relatif/">rincian</a></p>'
    )
    s.add(
        "/kalbar.xml",
        "KalbarOnline & Teman",
        "Kalbar",
        [hostile] + [feeds.post(i, t) for i in range(1, 6)],
    )
    s.add(
        "/sambas.xml",
        "Sambas Hari Ini",
        "Daerah",
        [feeds.post(i, t, "Sambas") for i in range(100, 104)],
    )
    s.add(
        "/ketapang.xml",
        "Ketapang Pos",
        "Daerah",
        [feeds.post(i, t, "Ketapang") for i in range(200, 203)],
    )
    try:
        yield s
    finally:
        server.stop()


@pytest.fixture(scope="session")
def frss_install(site: feeds.Site, tmp_path_factory: pytest.TempPathFactory) -> freshrss.Install:
    freshrss.require()
    return freshrss.install(tmp_path_factory.mktemp("freshrss"), site.subscriptions())


@pytest.fixture
def server(frss_install: freshrss.Install, tmp_path: Path) -> Iterator[freshrss.FreshRSS]:
    data = tmp_path / "freshrss-data"
    shutil.copytree(frss_install.template, data)
    srv = freshrss.FreshRSS(frss_install, data).start()
    try:
        yield srv
    finally:
        srv.stop()


@dataclass
class Result:
    status: int
    out: str
    err: str


@dataclass
class Reader:
    """kalbartui as its user runs it: a config file, a data dir, the command line."""

    home: Path
    config: Path
    data: Path

    def configure(
        self,
        url: str,
        password: str = freshrss.API_PASSWORD,
        extra: str = "",
        username: str = freshrss.USER,
    ) -> None:
        self.config.write_text(
            f'language = "en"\nkeep_days = 0\n[sync]\ntype = "greader"\nurl = "{url}"\n'
            f'username = "{username}"\npassword = "{password}"\n{extra}',
            encoding="utf-8",
        )

    def run(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["--config", str(self.config), "--data-dir", str(self.data), *args])
        return Result(status, out.getvalue(), err.getvalue())

    def argv(self, *args: str) -> list[str]:
        import sys

        return [
            sys.executable, "-m", "kalbartui", "--config", str(self.config),
            "--data-dir", str(self.data), *args,
        ]  # fmt: skip

    @property
    def database(self) -> Path:
        return self.data / "kalbartui.sqlite3"


@pytest.fixture
def reader(tmp_path: Path, server: freshrss.FreshRSS) -> Reader:
    r = Reader(tmp_path, tmp_path / "config.toml", tmp_path / "data")
    r.configure(server.api_url)
    return r
