"""A real FreshRSS for the sync tests: installed once per session on SQLite, copied per test,
served by PHP's built-in server on a loopback port of its own.

Nothing here is kalbartui: it is the server a FreshRSS user already runs.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
PHP_PACKAGES = "php-cli php-sqlite3 php-curl php-xml php-mbstring php-intl php-zip php-gmp"
USER = "pembaca"
API_PASSWORD = "kata-sandi-api-rahasia"
WEB_PASSWORD = "kata-sandi-web-rahasia"
API = "/api/greader.php"
TARBALL = "freshrss-apionly.tar.gz"


def tarball() -> Path:
    env = os.environ.get("KALBARTUI_FRESHRSS_TARBALL")
    if env:
        return Path(env)
    # ../shared next to the repository; a git worktree sits one level further down.
    candidates = [REPO.parent / "shared", REPO.parent.parent / "shared"]
    for shared in candidates:
        if (shared / "freshrss" / TARBALL).is_file():
            return shared / "freshrss" / TARBALL
    return candidates[0] / "freshrss" / TARBALL


def missing() -> str:
    """Why a real FreshRSS cannot run here, in one line; "" when it can."""
    if shutil.which("php") is None:
        return f"FreshRSS sync tests need PHP: apt-get install -y {PHP_PACKAGES}"
    check = subprocess.run(
        [
            "php",
            "-r",
            "exit(extension_loaded('pdo_sqlite') && extension_loaded('mbstring') ? 0 : 1);",
        ],
        capture_output=True,
    )
    if check.returncode != 0:
        return (
            f"FreshRSS sync tests need PHP's SQLite and mbstring: apt-get install -y {PHP_PACKAGES}"
        )
    if not tarball().is_file():
        return (
            f"FreshRSS sync tests need the FreshRSS tarball at {tarball()} "
            "(set KALBARTUI_FRESHRSS_TARBALL)"
        )
    return ""


REQUIRE_ENV = "KALBARTUI_REQUIRE_FRESHRSS"


def require() -> None:
    """Skip the test, saying what to install, when a real FreshRSS cannot run here; where
    KALBARTUI_REQUIRE_FRESHRSS=1 (CI, which installs PHP) fail instead of skipping."""
    why = missing()
    if not why:
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{why} ({REQUIRE_ENV}=1)", pytrace=False)
    pytest.skip(why)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def opml(feeds: list[tuple[str, str, str]]) -> str:
    """(title, url, label) -> an OPML document FreshRSS takes as a new user's subscriptions."""
    by_label: dict[str, list[tuple[str, str]]] = {}
    for title, url, label in feeds:
        by_label.setdefault(label, []).append((title, url))
    body = []
    for label, items in by_label.items():
        body.append(f'<outline text="{escape(label)}">')
        for title, url in items:
            body.append(
                f'<outline type="rss" text="{escape(title, {chr(34): "&quot;"})}" '
                f'xmlUrl="{escape(url)}"/>'
            )
        body.append("</outline>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>langganan</title>'
        "</head><body>" + "".join(body) + "</body></opml>\n"
    )


@dataclass
class Install:
    """An unpacked FreshRSS (`src`) and a prepared data dir to copy for each server."""

    root: Path
    src: Path
    template: Path

    def php(self, data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DATA_PATH": str(data)}
        done = subprocess.run(
            ["php", *args], cwd=self.src, env=env, capture_output=True, text=True, timeout=600
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"php {' '.join(args)} failed: {done.stdout}{done.stderr}")
        return done


def unpack(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball()) as tar:
        tar.extractall(root, filter="data")
    src = root / "src"
    if not (src / "p" / "api" / "greader.php").is_file():
        found = next(root.rglob("p/api/greader.php"))
        src = found.parents[2]
    return src


def install(root: Path, feeds: list[tuple[str, str, str]], keep_max: int | None = None) -> Install:
    """Unpack FreshRSS, install it on SQLite with one user subscribed to `feeds`, fetch them."""
    src = unpack(root)
    data = root / "template"
    shutil.copytree(src / "data", data)
    (data / "config.custom.php").write_text(
        "<?php return ['limits' => ['cache_duration' => 0, 'cache_duration_min' => 0]];\n"
    )
    (data / "opml.xml").write_text(opml(feeds), encoding="utf-8")
    inst = Install(root, src, data)
    inst.php(data, "cli/prepare.php")
    inst.php(
        data, "cli/do-install.php", "--default-user", USER, "--auth-type", "form",
        "--environment", "development", "--base-url", "http://127.0.0.1", "--api-enabled",
        "--db-type", "sqlite", "--language", "en",
    )  # fmt: skip
    inst.php(
        data, "cli/create-user.php", "--user", USER, "--password", WEB_PASSWORD,
        "--api-password", API_PASSWORD, "--language", "en", "--feed-ttl-default", "1",
    )  # fmt: skip
    if keep_max is not None:
        conf = data / "users" / USER / "config.php"
        text = conf.read_text()
        text = re.sub(r"'keep_max' => \d+", f"'keep_max' => {keep_max}", text)
        conf.write_text(text)
    actualize(inst, data)
    return inst


def actualize(inst: Install, data: Path) -> None:
    """FreshRSS fetches the user's feeds now (its TTL and cache are off for the tests)."""
    # The TTL is one second, and FreshRSS compares whole seconds: a feed last fetched late in
    # second T is due only once the clock reads T + 2 (1.05 s was short of that under load).
    time.sleep(2.05)
    inst.php(data, "cli/actualize-user.php", "--user", USER, check=False)


@dataclass
class FreshRSS:
    """One running server on its own port with its own copy of the data dir."""

    inst: Install
    data: Path
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    _log_offset: int = 0
    _token: str = field(default="", repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base + API

    def start(self) -> FreshRSS:
        """Serve on `port`, or on a free one. A free port is only free until someone binds it:
        with tests in parallel another server may take it first, so PHP's own word that it
        listens is awaited (a connection alone could reach that other server), and a port
        taken meanwhile means another try on another port."""
        chosen = self.port
        for _ in range(5):
            self.port = chosen or free_port()
            if self._serve():
                return self
        raise RuntimeError(f"FreshRSS did not start on port {self.port}: {self._log_text()}")

    def _serve(self) -> bool:
        self.log_path = self.data.parent / f"php-{self.port}.log"
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child writes to it
        since = log.tell()  # a server started again on its port appends to its log
        env = {**os.environ, "DATA_PATH": str(self.data)}
        env.pop("PHP_CLI_SERVER_WORKERS", None)
        self.proc = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.inst.src / "p")],
            cwd=self.inst.src,
            env=env,
            stdout=log,
            stderr=log,
        )
        log.close()
        started = f"Development Server (http://127.0.0.1:{self.port}) started"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if started in self._log_text(since):
                return True
            if self.proc.poll() is not None:  # "Failed to listen ... Address already in use"
                self.proc = None
                return False
            time.sleep(0.02)  # PHP writes the line within milliseconds; nothing to await on
        self.stop()
        return False

    def _log_text(self, since: int = 0) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_bytes()[since:].decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    # ------------------------------------------------------------ what the server saw

    def requests(self) -> list[str]:
        """API requests PHP's server logged since the last call ("GET /api/...")."""
        assert self.log_path is not None
        text = self.log_path.read_bytes()[self._log_offset :].decode("utf-8", "replace")
        self._log_offset += len(text.encode("utf-8"))
        return re.findall(r"\[\d{3}\]: ((?:GET|POST) \S+)", text)

    # ------------------------------------------------------------ another device

    def client(self) -> httpx.Client:
        """The API as another device (a phone) uses it."""
        c = httpx.Client(base_url=self.api_url, timeout=30, trust_env=False)
        if not self._token:
            r = c.post("/accounts/ClientLogin", data={"Email": USER, "Passwd": API_PASSWORD})
            r.raise_for_status()
            self._token = re.search(r"Auth=(\S+)", r.text).group(1)  # type: ignore[union-attr]
        c.headers["Authorization"] = f"GoogleLogin auth={self._token}"
        return c

    def ids(self, stream: str = "user/-/state/com.google/reading-list", **params: str) -> set[int]:
        c = self.client()
        try:
            out: set[int] = set()
            cont = ""
            while True:
                q = {"s": stream, "n": "10000", "output": "json", **params}
                if cont:
                    q["c"] = cont
                r = c.get("/reader/api/0/stream/items/ids", params=q)
                r.raise_for_status()
                body = r.json()
                out.update(int(ref["id"]) for ref in body.get("itemRefs", []))
                cont = body.get("continuation", "")
                if not cont:
                    return out
        finally:
            c.close()

    def unread_ids(self) -> set[int]:
        return self.ids(xt="user/-/state/com.google/read")

    def starred_ids(self) -> set[int]:
        return self.ids("user/-/state/com.google/starred")

    def edit(self, ids: list[int], add: str = "", remove: str = "") -> None:
        c = self.client()
        try:
            token = c.get("/reader/api/0/token").text.strip()
            data: dict[str, object] = {"i": [str(i) for i in ids], "T": token}
            if add:
                data["a"] = f"user/-/state/com.google/{add}"
            if remove:
                data["r"] = f"user/-/state/com.google/{remove}"
            r = c.post("/reader/api/0/edit-tag", data=data)
            r.raise_for_status()
            assert r.text.strip() == "OK", r.text
        finally:
            c.close()
