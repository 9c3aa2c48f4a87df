"""What went wrong, as a code with parameters: the core says it, each face words it.

A `Problem` is plain data: it pickles across the refresh's processes and is kept in the cache
as JSON (a feed's last error, a page that failed), so a stored error reads in whatever
language the reader speaks today. `KalbarError`, the core's exceptions' base, carries one.
The words live in the catalog (`i18n.problems` maps each code to its English msgid); str() of
either is the English sentence, for logs and bug reports.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing that went wrong: `code` names the sentence, `params` fill it."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)

    @classmethod
    def of(cls, code: str, **params: Param) -> Problem:
        """`Problem(code, {...})`, the parameters given by name."""
        return cls(code, params)

    def __str__(self) -> str:
        from kalbartui.i18n.problems import words

        return words(self, "en")

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items()))))

    # ------------------------------------------------------------------ storage

    def to_json(self) -> str:
        """The problem as it is kept in the cache."""
        return json.dumps(_plain(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> Problem | None:
        """A problem as kept in the cache; None for "no problem". Text that is not a stored
        problem (a row from before problems were codes) is kept as it was said."""
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return cls.of("text", text=text)
        found = _problem(value)
        return found if found is not None else cls.of("text", text=text)


# A parameter: a word or number said inside the sentence, or another problem (the cause).
Param = str | int | float | Problem


def _plain(problem: Problem) -> dict[str, Any]:
    params = {
        key: _plain(value) if isinstance(value, Problem) else value
        for key, value in problem.params.items()
    }
    return {"code": problem.code, "params": params}


def _problem(value: object) -> Problem | None:
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        return None
    raw = value.get("params")
    params: dict[str, Param] = {}
    if isinstance(raw, dict):
        for key, item in raw.items():
            nested = _problem(item) if isinstance(item, dict) else None
            if nested is not None:
                params[str(key)] = nested
            elif isinstance(item, str | int | float) and not isinstance(item, bool):
                params[str(key)] = item
    return Problem(value["code"], params)


class KalbarError(Exception):
    """An error the core raises for the user to read: a Problem, worded at the edge."""

    def __init__(self, code: str | Problem, **params: Param) -> None:
        self.problem = code if isinstance(code, Problem) else Problem(code, params)
        super().__init__(self.problem.code)

    def __str__(self) -> str:
        return str(self.problem)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (a job's worker process raises it for its caller): an exception
        # pickles as its class called with `args`, which would keep the code and lose the
        # parameters, and call subclasses' own __init__ with the wrong arguments.
        return (_rebuilt, (type(self), self.problem), self.__dict__)


# Faults of the machine, not of kalbartui: what an OSError's errno means for the user.
_SYSTEM_CODES = {
    "ENOSPC": "system.disk_full",
    "EDQUOT": "system.disk_full",
    "EROFS": "system.read_only",
    "ENOMEM": "system.no_memory",
    "EMFILE": "system.too_many_files",
    "ENFILE": "system.too_many_files",
    "EACCES": "system.denied",
    "EPERM": "system.denied",
}


def problem_of(error: BaseException) -> Problem:
    """What went wrong, for the user: the core's own Problem; a fault of the machine (a full
    disk, no memory, too many open files) in words; inside a group of errors, the first that
    says something. Only what is none of these, a fault in kalbartui, is "unexpected"."""
    import errno

    if isinstance(error, KalbarError):
        return error.problem
    if isinstance(error, BaseExceptionGroup):
        found = [problem_of(inner) for inner in error.exceptions]
        return next((p for p in found if p.code != "unexpected"), Problem.of("unexpected"))
    if isinstance(error, MemoryError):
        return Problem.of("system.no_memory")
    if isinstance(error, OSError) and error.errno is not None:
        name = errno.errorcode.get(error.errno, "")
        code = _SYSTEM_CODES.get(name)
        if code is not None:
            return Problem.of(code)
        return Problem.of("system.error", error=error.strerror or name)
    return Problem.of("unexpected")


def _rebuilt(cls: type[KalbarError], problem: Problem) -> KalbarError:
    error = cls.__new__(cls)
    KalbarError.__init__(error, problem)
    return error


# The HTTP statuses with words of their own; any other is said as "error".
_REASONS = frozenset({400, 401, 403, 404, 410, 429, 500, 502, 503, 504})


def size(n: int) -> Problem:
    """A size in bytes, said in the unit that suits it ('10.0 MB')."""
    return Problem.of("size", bytes=n)


def http_status(code: int) -> Problem:
    """An HTTP status as the user reads it: 'HTTP 404 (not found)'."""
    reason = f"http.reason.{code}" if code in _REASONS else "http.reason.other"
    return Problem.of("http.status", status=str(code), reason=Problem.of(reason))
