"""Run the reader in a real pseudo-terminal and watch what it draws, as a user's terminal would.

The parent starts `python -m kalbartui` on a pty of a fixed size, reads every byte the
reader writes, and notes the moment a given text first appears on the screen (escape
sequences stripped). Nothing inside kalbartui is hooked: this is the user's view.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78NMcDEH]"
)

KEYS = {
    "down": b"j",
    "up": b"k",
    "enter": b"\r",
    "escape": b"\x1b",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "end": b"G",
    "home": b"g",
}


class Terminal:
    def __init__(
        self, cmd: list[str], env: dict[str, str], cwd: Path, cols: int = 160, rows: int = 48
    ) -> None:
        self.cmd = cmd
        self.env = {
            **env,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "COLUMNS": str(cols),
            "LINES": str(rows),
        }
        self.cwd = cwd
        self.cols = cols
        self.rows = rows
        self.proc: subprocess.Popen[bytes] | None = None
        self.master = -1
        self.started = 0.0
        self.raw = bytearray()
        self.text = bytearray()  # the output with escape sequences removed
        self._tail = b""

    def start(self) -> Terminal:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and package
            self.cmd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        return self

    def _pump(self, timeout: float) -> bool:
        """Read what is ready within `timeout`; False when the terminal closed."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.raw += chunk
        # Strip escapes across chunk borders: keep a short unfinished tail for the next read.
        data = self._tail + chunk
        cut = data.rfind(b"\x1b")
        if cut >= 0 and len(data) - cut < 64:
            data, self._tail = data[:cut], data[cut:]
        else:
            self._tail = b""
        self.text += _ESCAPES.sub(b"", data)
        return True

    def wait_for(self, needle: str, timeout: float = 30.0, since: int = 0) -> float:
        """The perf_counter time at which `needle` is on screen (in the output after `since`)."""
        want = needle.encode("utf-8")
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if want in self.text[since:]:
                return time.perf_counter()
            if not self._pump(0.002):
                break
        raise TimeoutError(
            f"{needle!r} did not appear on screen (last output: {bytes(self.text[-300:])!r})"
        )

    def press(self, key: str) -> float:
        """Send a key; returns the perf_counter time it was sent."""
        os.write(self.master, KEYS.get(key, key.encode()))
        return time.perf_counter()

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            if not self._pump(0.01):
                return

    def settle(self, quiet: float = 0.15, timeout: float = 10.0) -> None:
        """Read until the reader has drawn nothing for `quiet` seconds."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            before = len(self.raw)
            self.drain(quiet)
            if len(self.raw) == before:
                return

    def peak_rss_mb(self) -> float:
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        m = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(m.group(1)) / 1024 if m else float("nan")

    def close(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.write(self.master, b"q")
            except OSError:
                pass
            end = time.perf_counter() + 5
            while self.proc.poll() is None and time.perf_counter() < end:
                self._pump(0.05)
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        os.close(self.master)
        self.proc = None
