"""Asking the terminal what it can draw, on a real pseudo-terminal that this test answers as a
terminal would: one write of questions, DA1 last; no Pillow or textual-image loaded for it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest

from kalbartui.ui.terminal_probe import ANSWER_TIMEOUT, read_answers

PROBE = (
    "import sys; from kalbartui.ui.terminal_probe import probe; p = probe(timeout={timeout}); "
    "print(p.protocol, p.cell_size, 'PIL' in sys.modules, 'textual_image' in sys.modules, "
    "file=sys.stderr)"
)


def _probe_on_a_pty(answer: bytes | None, timeout: float = 2.0) -> tuple[str, bytes]:
    """Run the probe with a pty as its terminal; answer its questions with `answer` (None:
    stay silent). Returns what it printed and what it asked. The probe waits `timeout` for the
    answer: long, so that an answer from this loaded test process is never late."""
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-c", PROBE.format(timeout=timeout)],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        close_fds=True,
    )
    os.close(slave)
    asked = b""
    try:
        deadline = time.monotonic() + 20
        while b"\x1b[c" not in asked and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                asked += os.read(master, 1024)
        if answer is not None:
            os.write(master, answer)
        _, err = child.communicate(timeout=20)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    return err.decode().strip(), asked


@pytest.mark.skipif(sys.platform == "win32", reason="termios")
def test_a_terminal_with_sixel_says_so_in_its_device_attributes() -> None:
    said, asked = _probe_on_a_pty(b"\x1b_Gi=31;EINVAL:unsupported\x1b\\\x1b[6;18;9t\x1b[?62;4;22c")
    assert asked.endswith(b"\x1b[c"), asked
    assert b"\x1b_G" in asked  # the kitty question goes out in the same write
    assert said == "sixel (9, 18) False False"


@pytest.mark.skipif(sys.platform == "win32", reason="termios")
def test_kitty_answers_the_graphics_query_before_the_device_attributes() -> None:
    said, _ = _probe_on_a_pty(b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22c")
    assert said == "kitty (10, 20) False False"


@pytest.mark.skipif(sys.platform == "win32", reason="termios")
def test_a_plain_terminal_gets_cells_without_waiting_for_the_kitty_answer() -> None:
    said, _ = _probe_on_a_pty(b"\x1b[?1;2c")
    assert said == "cells None False False"


@pytest.mark.skipif(sys.platform == "win32", reason="termios")
def test_a_silent_terminal_gets_cells() -> None:
    # Nothing will come, however long the probe waits: its own default wait will do.
    said, _ = _probe_on_a_pty(None, timeout=ANSWER_TIMEOUT)
    assert said == "cells None False False"


def test_answers_are_read_in_any_mix() -> None:
    assert read_answers("") == (False, False, None)
    assert read_answers("\x1b[?64;1;4c") == (True, False, None)
    assert read_answers("junk\x1b_Gi=31;OK\x1b\\\x1b[?62c") == (False, True, None)
    assert read_answers("\x1b[6;0;0t\x1b[?62c") == (False, False, None)


LOAD_AFTER = (
    "import sys; from kalbartui.ui.images import detect_terminal, load_textual_image; "
    "found = detect_terminal('auto'); load_textual_image(); "
    # No public accessor tells the cell size textual-image settled on: its own getter does.
    "from textual_image._terminal import get_cell_size; "
    "print(found, tuple(get_cell_size()), file=sys.stderr)"
)


@pytest.mark.skipif(sys.platform == "win32", reason="termios")
def test_textual_image_loads_later_without_asking_the_terminal_again() -> None:
    # Once Textual reads stdin, a question would go unanswered and its answer arrive as keys.
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-c", LOAD_AFTER], stdin=slave, stdout=slave, stderr=subprocess.PIPE
    )
    os.close(slave)
    asked = b""
    try:
        while b"\x1b[c" not in asked:
            if select.select([master], [], [], 20)[0]:
                asked += os.read(master, 1024)
            else:
                break
        os.write(master, b"\x1b[6;24;12t\x1b[?62;4c")
        _, err = child.communicate(timeout=60)
        later = b""
        while select.select([master], [], [], 0.2)[0]:
            try:
                later += os.read(master, 1024)
            except OSError:  # the child is gone: the pty is closed
                break
    finally:
        os.close(master)
    assert err.decode().strip() == "sixel (12, 24)"
    assert asked.count(b"\x1b[c") == 1
    assert b"\x1b[c" not in later and b"\x1b_G" not in later and b"\x1b[16t" not in later
