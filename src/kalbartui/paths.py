"""Where kalbartui keeps its config, data and cache (platformdirs, with overrides)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "kalbartui"
DB_NAME = "kalbartui.sqlite3"


@dataclass(frozen=True)
class Paths:
    """Where the config, the cache database and the reader's state live."""

    config: Path
    data_dir: Path
    cache_dir: Path

    @property
    def database(self) -> Path:
        """The SQLite cache of articles and feeds."""
        return self.data_dir / DB_NAME

    @property
    def state_file(self) -> Path:
        """Small UI state (theme, sidebar) that the reader remembers between runs."""
        return self.data_dir / "state.json"

    def as_dict(self) -> dict[str, str]:
        """The paths by name, as strings, for `kalbartui paths`."""
        return {
            "config": str(self.config),
            "data_dir": str(self.data_dir),
            "database": str(self.database),
            "cache_dir": str(self.cache_dir),
        }


def resolve_paths(
    config: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None
) -> Paths:
    """Command-line overrides first, then the environment, then platformdirs."""
    import platformdirs

    cfg = config or os.environ.get("KALBARTUI_CONFIG")
    data = data_dir or os.environ.get("KALBARTUI_DATA_DIR")
    config_path = (
        Path(cfg).expanduser()
        if cfg
        else Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
    )
    data_path = Path(data).expanduser() if data else Path(platformdirs.user_data_dir(APP_NAME))
    cache_path = data_path / "cache" if data else Path(platformdirs.user_cache_dir(APP_NAME))
    return Paths(config=config_path, data_dir=data_path, cache_dir=cache_path)
