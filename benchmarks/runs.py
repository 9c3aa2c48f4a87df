"""Running kalbartui and newsboat as a user does: separate processes, clean environment, wall time."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(home: Path) -> dict[str, str]:
    """No proxies (everything is loopback), and a private HOME so no user file is read or written."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        LANG="C.UTF-8",
    )
    env.pop("KALBARTUI_CONFIG", None)
    env.pop("KALBARTUI_DATA_DIR", None)
    # An installed kalbartui starts from its bytecode (pip compiles it at install; a source
    # checkout writes it on its first run). A PYTHONDONTWRITEBYTECODE in the caller's
    # environment would make every measured start compile kalbartui's ~100 modules again
    # (60-150 ms of CPU) that no user's second start pays; `compile_once` writes it first.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_once() -> None:
    """Write kalbartui's bytecode before anything is timed, as an install does."""
    import compileall

    compileall.compile_dir(ROOT / "src" / "kalbartui", quiet=1)


@dataclass
class Timed:
    seconds: float
    cpu: float  # user + system seconds of the child
    returncode: int
    stdout: str
    stderr: str


def run_timed(cmd: list[str], env: dict[str, str], timeout: float = 600) -> Timed:
    """Wall time from spawn to exit, and the child's CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
        cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(seconds, cpu, proc.returncode, proc.stdout, proc.stderr)


def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def cores_busy(before: tuple[int, int], seconds: float) -> float:
    """How many cores were busy on average since `before` (the whole machine)."""
    busy, _total = cpu_jiffies()
    return (busy - before[0]) / os.sysconf("SC_CLK_TCK") / max(seconds, 1e-6)


def kalbartui_cmd(config: Path, data_dir: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "kalbartui",
        "--config",
        str(config),
        "--data-dir",
        str(data_dir),
        *args,
    ]


def newsboat_path() -> str | None:
    return shutil.which("newsboat")


def newsboat_cmd(home: Path, *args: str) -> list[str]:
    exe = newsboat_path()
    assert exe is not None
    return [
        exe,
        "-u",
        str(home / "urls"),
        "-c",
        str(home / "cache.db"),
        "-C",
        str(home / "config"),
        *args,
    ]


def newsboat_home(home: Path, urls: list[str], threads: int = 16) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    (home / "urls").write_text("\n".join(urls) + "\n", encoding="utf-8")
    (home / "config").write_text(f"reload-threads {threads}\n", encoding="utf-8")
    return home


def forget_newsboat_cache(home: Path) -> None:
    for name in ("cache.db", "cache.db.lock", "cache.db-journal"):
        (home / name).unlink(missing_ok=True)


def newsboat_version() -> str:
    exe = newsboat_path()
    if exe is None:
        return ""
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return out.stdout.splitlines()[0] if out.stdout else "newsboat"
