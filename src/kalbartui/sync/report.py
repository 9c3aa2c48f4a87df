"""What a sync reports, step by step: light types the reader can hold without importing the
sync client (and with it the fetch layer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kalbartui.models import Alert
from kalbartui.problems import Problem
from kalbartui.store.sync import StateResult


@dataclass(frozen=True, slots=True)
class SyncStep:
    """Progress: `line` is set when a step ends (one line per step in the CLI)."""

    done: int
    total: int
    line: Problem | None = None


@dataclass
class SyncReport:
    feeds: int = 0
    new: int = 0
    pushed: int = 0
    state: StateResult | None = None
    waiting: int = 0  # local changes still queued at the end
    requests: int = 0
    error: Problem | None = None
    offline: bool = False
    started: float = 0.0
    finished: float = 0.0
    lines: list[Problem] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)  # new items an alert matched (once each)

    @property
    def ok(self) -> bool:
        return not self.error


StepCallback = Callable[[SyncStep], None]
