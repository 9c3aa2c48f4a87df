"""The package as a user installs it: a wheel built from this tree, in a fresh venv, with
nothing of the tree on its path. The catalogs and the demo data must be inside the wheel,
and the `kalbartui` command must run and speak Indonesian from them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=900, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_a_wheel_from_the_tree_installs_in_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    from kalbartui import __version__

    # hatchling is the build backend; pip fetches it into an isolated build environment.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT)
    (wheel,) = (tmp_path / "dist").glob("kalbartui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for inside in (
        "kalbartui/i18n/locale/id/LC_MESSAGES/kalbartui.mo",
        "kalbartui/demo/samples.toml",
        "kalbartui/ui/app.tcss",
        "kalbartui/py.typed",
    ):
        assert inside in names, f"{inside} is not in {wheel.name}"
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin/python", "-m", "pip", "install", "-q", "-c", ROOT / "constraints.txt", wheel)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(
        LANG="id_ID.UTF-8",
        KALBARTUI_CONFIG=str(tmp_path / "config.toml"),
        KALBARTUI_DATA_DIR=str(tmp_path / "data"),
    )
    command = venv / "bin/kalbartui"
    assert run(command, "--version", env=env).strip() == f"kalbartui {__version__}"
    where = run(venv / "bin/python", "-c", "import kalbartui; print(kalbartui.__file__)", env=env)
    assert where.startswith(str(venv))  # the installed package, not this tree
    assert "pemakaian: kalbartui" in run(command, "--help", env=env)  # the .mo is read
    assert "tidak ada artikel yang cocok" in run(command, "search", "xyzzy", env=env)
    # The demo's sample news (what `--demo` opens the reader on) loads from the installed files.
    demo = "from kalbartui.demo.samples import ARTICLES; print(len(ARTICLES))"
    assert int(run(venv / "bin/python", "-c", demo, env=env)) > 0
