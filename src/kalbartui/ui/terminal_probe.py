"""What the terminal can draw, asked once before Textual takes the terminal over, without
loading Pillow or textual-image (they load with the first picture).

All questions go out in one write: the kitty graphics query, the cell size in pixels (only
when the kernel does not know it) and last the primary device attributes (DA1), which every
terminal answers. Answers come back in order, so DA1's answer means everything else that
was coming has come: no waiting out a timeout for a terminal that ignores the kitty query.
Sixel support is the "4" among DA1's attributes. The order of preference is textual-image's:
sixel, then kitty, else half-block cells.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from typing import Any

# Silence this long ends the wait: only a terminal that never answers DA1 costs it.
ANSWER_TIMEOUT = 0.1
_KITTY_QUERY = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
_CELL_QUERY = "\x1b[16t"
_DA1_QUERY = "\x1b[c"
_KITTY_ANSWER = re.compile(r"\x1b_G([^\x1b]*)\x1b\\")
_CELL_ANSWER = re.compile(r"\x1b\[6;(\d+);(\d+)t")
_DA1_ANSWER = re.compile(r"\x1b\[\?([0-9;]*)c")


@dataclass(frozen=True)
class TerminalPictures:
    """How pictures can be drawn: "sixel", "kitty" or "cells"; a cell's size in pixels, if known."""

    protocol: str = "cells"
    cell_size: tuple[int, int] | None = None  # (width, height)


def read_answers(text: str) -> tuple[bool, bool, tuple[int, int] | None]:
    """(sixel, kitty, cell size) from what the terminal sent back; the parts it did not answer
    are False or None."""
    da1 = _DA1_ANSWER.search(text)
    sixel = da1 is not None and "4" in da1.group(1).split(";")
    kitty = any(m.group(1).rsplit(";", 1)[-1] == "OK" for m in _KITTY_ANSWER.finditer(text))
    cell = _CELL_ANSWER.search(text)
    size = None
    if cell is not None and int(cell.group(1)) > 0 and int(cell.group(2)) > 0:
        size = (int(cell.group(2)), int(cell.group(1)))
    return sixel, kitty, size


class Question:
    """The questions on their way (`ask`); `answer` reads what came back and gives the
    terminal its mode back. Asked early, the answer arrives while Python imports Textual."""

    def __init__(self, stdin: int, size: tuple[int, int] | None, saved: list[Any]) -> None:
        self._stdin = stdin
        self._size = size
        self._saved: list[Any] | None = saved
        self._asked_at = time.monotonic()
        self._found: TerminalPictures | None = None

    def answer(self, timeout: float = ANSWER_TIMEOUT) -> TerminalPictures:
        """What the terminal said (read once); "cells" when it said nothing within `timeout`
        of the question (or of its last word)."""
        if self._found is not None:
            return self._found
        import termios

        try:
            received = _read_until_da1(self._stdin, self._asked_at + timeout, timeout)
        except OSError:
            received = ""
        finally:
            if self._saved is not None:
                termios.tcsetattr(self._stdin, termios.TCSANOW, self._saved)
                self._saved = None
        sixel, kitty, answered_size = read_answers(received)
        protocol = "sixel" if sixel else "kitty" if kitty else "cells"
        self._found = TerminalPictures(protocol, self._size or answered_size)
        return self._found


def ask() -> Question | None:
    """Send the questions now (before the app's imports); None when stdin or stdout is not a
    terminal, or the terminal cannot be put in cbreak mode."""
    if sys.platform == "win32":  # pragma: no cover - no termios there: cells, never asked
        return None
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None or not stdin.isatty() or not stdout.isatty():
        return None
    import termios
    import tty

    size = kernel_cell_size(stdout.fileno())
    question = _KITTY_QUERY + ("" if size else _CELL_QUERY) + _DA1_QUERY
    try:
        saved = termios.tcgetattr(stdin.fileno())
        # No echo of the answers, and no line buffering to hold them back.
        tty.setcbreak(stdin.fileno(), termios.TCSANOW)
    except (OSError, termios.error):
        return None
    pending = Question(stdin.fileno(), size, saved)
    try:
        os.write(stdout.fileno(), question.encode())
    except OSError:
        pending.answer(0)
    return pending


def probe(timeout: float = ANSWER_TIMEOUT) -> TerminalPictures:
    """Ask the terminal on stdin/stdout and wait for the answer; "cells" when either is not a
    terminal or it is silent."""
    pending = ask()
    return TerminalPictures() if pending is None else pending.answer(timeout)


def kernel_cell_size(fd: int | None = None) -> tuple[int, int] | None:
    """A cell's (width, height) in pixels as the kernel knows it for the terminal, if it does."""
    import fcntl
    import struct
    import termios

    if fd is None:
        if sys.platform == "win32" or sys.__stdout__ is None:  # pragma: no cover
            return None
        fd = sys.__stdout__.fileno()
    try:
        raw = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
    except (OSError, ValueError):
        return None
    rows, columns, width, height = struct.unpack("HHHH", raw)
    if rows and columns and width and height:
        return width // columns, height // rows
    return None


def _read_until_da1(stdin: int, deadline: float, silence: float) -> str:
    """Read until DA1's answer, or until `deadline` passes with nothing more to read."""
    import select

    received = b""
    while not _DA1_ANSWER.search(received.decode("latin-1")):
        left = max(0.0, deadline - time.monotonic())
        if not select.select([stdin], [], [], left)[0]:
            break
        chunk = os.read(stdin, 1024)
        if not chunk:
            break
        received += chunk
        deadline = max(deadline, time.monotonic() + silence)
    return received.decode("utf-8", "replace")
