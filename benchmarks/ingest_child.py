"""`python -m benchmarks.ingest_child CONFIG DATA_DIR`: one refresh as the CLI runs it, timed finely.

Prints JSON: articles stored and the refresh's own seconds (the CLI rounds to a tenth).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from kalbartui.config import load_config
    from kalbartui.refresh.run import run_refresh

    config = load_config(Path(sys.argv[1]))
    started = time.perf_counter()
    report = run_refresh(config, Path(sys.argv[2]) / "kalbartui.sqlite3")
    seconds = time.perf_counter() - started
    print(json.dumps({"new": report.new_total, "seconds": seconds, "failed": len(report.failed)}))


if __name__ == "__main__":
    main()
