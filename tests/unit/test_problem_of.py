"""A failure for the user: the core's own sentence, the machine's fault in words, and
"please report it" only for a fault in kalbartui itself."""

from __future__ import annotations

import errno
import os

from kalbartui.i18n import message
from kalbartui.problems import Problem, problem_of
from kalbartui.refresh.child import RefreshProcessError
from kalbartui.store import DatabaseError


def test_the_machines_faults_are_said_in_words_in_both_languages() -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert message(problem_of(full), "en") == "the disk is full"
    assert message(problem_of(full), "id") == "disk penuh"
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS))
    assert message(problem_of(read_only), "id") == "disk hanya bisa dibaca"
    assert problem_of(MemoryError()) == Problem.of("system.no_memory")
    assert problem_of(OSError(errno.EMFILE, "x")) == Problem.of("system.too_many_files")
    odd = OSError(errno.EXDEV, os.strerror(errno.EXDEV))
    assert message(problem_of(odd), "en") == f"the system refused: {os.strerror(errno.EXDEV)}"


def test_the_cores_own_errors_keep_their_sentence_even_inside_a_group() -> None:
    killed = RefreshProcessError("refresh.child_exited", status="-9")
    assert message(problem_of(killed), "en") == "refresh process exited with status -9"
    full = DatabaseError("cache.full", path="/data/kalbartui.sqlite3")
    group = ExceptionGroup("refresh", [ValueError("bug?"), full])
    assert problem_of(group) == full.problem
    nested = BaseExceptionGroup("outer", [ExceptionGroup("inner", [KeyError("k"), killed])])
    assert problem_of(nested) == killed.problem


def test_only_a_fault_in_kalbartui_asks_to_be_reported() -> None:
    for bug in (
        KeyError("judul"),
        ValueError("<b>feed text</b>"),
        ExceptionGroup("g", [TypeError()]),
    ):
        said = message(problem_of(bug), "en")
        assert said == "an unexpected problem in kalbartui (please report it)"
        assert "feed text" not in said
