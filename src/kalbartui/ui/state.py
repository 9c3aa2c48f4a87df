"""Small UI state remembered between runs (theme, sidebar) in paths.state_file, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kalbartui.files import atomic_write


def load_state(path: Path) -> dict[str, Any]:
    """The saved state, or {} when the file is missing or unreadable (never fatal)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write the state atomically; a read-only data dir just means it is not remembered."""
    try:
        atomic_write(path, json.dumps(state, indent=2, sort_keys=True))
    except OSError:
        pass
