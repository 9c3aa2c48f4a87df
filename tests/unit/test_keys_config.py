"""`[keys]` mistakes and a missing `--config` file: one sentence naming file and key, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kalbartui import keymap
from kalbartui.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def kalbartui(*args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "kalbartui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        ('bogus_action = "z"', ["'keys.bogus_action'", "names no action", "help screen"]),
        ('togle_star = "x"', ["'keys.togle_star'", "did you mean 'toggle_star'"]),
        ('star = "x"', ["'keys.star'", "did you mean 'toggle_star'"]),  # not 'search'
        ('STAR = "x"', ["'keys.STAR'", "did you mean 'toggle_star'"]),
        ('toggle_star = "m"', ["'keys.toggle_star'", '"m"', "'toggle_read'"]),
        ('toggle_star = "x"\ntoggle_read = "x"', ['"x"', "toggle_star'", "toggle_read'"]),
        ('search = "j"', ["'keys.search'", '"j"', "'down'"]),  # app key hidden in every pane
        ('open = "G"', ["'keys.open'", '"G"', "'bottom'"]),  # both in the list
        ('help = "ctrl+p"', ["'keys.help'", '"ctrl+p"', "Command palette"]),
        ("refresh = 5", ["'keys.refresh'", "a string of keys"]),
        ('refresh = " , "', ["'keys.refresh'", "at least one key"]),
        ('refresh = "?"', ["'keys.refresh'", '"question_mark"', "'help'"]),
    ],
)
def test_key_mistakes_name_file_and_key(tmp_path: Path, keys: str, words: list[str]) -> None:
    path = write(tmp_path, f"language = 'en'\n[keys]\n{keys}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    for word in words:
        assert word in text, text


@pytest.mark.parametrize(
    "keys",
    [
        'toggle_star = "s,S"',
        'toggle_star = "x"\ntoggle_read = "s"',  # a swap through a free key is fine
        'leave_search = "h"',  # the search box and the panes never hold the focus together
        'down = "j,down,ctrl+n"\nup = "k,up,ctrl+y"',
        'open_link_1 = "!"',
    ],
)
def test_good_key_maps_are_accepted(tmp_path: Path, keys: str) -> None:
    config = load_config(write(tmp_path, f"[keys]\n{keys}\n"))
    assert config.keys


def test_the_default_keys_do_not_clash() -> None:
    assert keymap.find_clash({}) is None
    assert len(set(keymap.BINDING_IDS)) == len(keymap.BINDING_IDS)


def test_a_key_mistake_is_one_line_in_the_configs_language_with_status_2(tmp_path: Path) -> None:
    path = write(tmp_path, "language = 'id'\n[keys]\nbogus_action = 'z'\n")
    proc = kalbartui("--config", str(path), "list")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"kalbartui: galat konfigurasi: {path}: 'keys.bogus_action' bukan nama aksi; "
        "layar bantuan (tombol ?) memuat semua id\n"
    )


def test_a_key_clash_stops_the_reader_before_it_starts(tmp_path: Path) -> None:
    path = write(tmp_path, "[keys]\ntoggle_star = 'x'\ntoggle_read = 'x'\n")
    proc = kalbartui("--config", str(path), "--data-dir", str(tmp_path / "data"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "'toggle_star'" in proc.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", [[], ["list"], ["refresh"], ["--demo"]])
def test_a_config_file_named_on_the_command_line_must_exist(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "no" / "such" / "file.toml"
    proc = kalbartui("--config", str(missing), "--data-dir", str(tmp_path / "data"), *command)
    assert proc.returncode == 2
    assert proc.stderr == f"kalbartui: config error: {missing}: no such config file\n"


def test_a_missing_config_file_in_indonesian(tmp_path: Path) -> None:
    missing = tmp_path / "file.toml"
    proc = kalbartui("--config", str(missing), "list", lang="id_ID.UTF-8")
    assert proc.returncode == 2
    assert proc.stderr == (
        f"kalbartui: galat konfigurasi: {missing}: berkas konfigurasi ini tidak ada\n"
    )


def test_the_default_config_may_be_absent(tmp_path: Path) -> None:
    config = load_config(tmp_path / "config.toml")  # no --config: defaults
    assert config.sources
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "config.toml", required=True)


def test_a_config_that_is_a_directory_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(tmp_path, required=True)


def newsboat_preset() -> str:
    """The `[keys]` block the README offers newsboat users, as written there."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Keys for newsboat users", 1)[1]
    return section.split("```toml\n", 1)[1].split("```", 1)[0]


def test_the_newsboat_preset_in_the_readme_is_a_valid_config(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'language = "en"\n' + newsboat_preset()))
    keys = config.keys
    # newsboat's defaults, where newsboat has the action.
    assert keys["back_or_quit"] == "q" and keys["quit"] == "Q"
    assert keys["toggle_read"] == "N" and keys["mark_all_read"] == "A"
    assert keymap.split_keys(keys["down"]) == ["j", "down", "J"]
    assert keymap.split_keys(keys["up"]) == ["k", "up", "K"]
    assert "R" in keymap.split_keys(keys["refresh"]) and keys["open_browser"] == "o"
    assert keymap.split_keys(keys["search"]) == ["slash"] and keys["next_unread"] == "n"
    assert keymap.find_clash(keys) is None


def test_quit_on_q_alone_moves_back_or_quit_to_capital_q(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[keys]\nquit = "q"\n'))
    assert config.keys == {"quit": "q"}  # as the user wrote it
    assert keymap.resolve(config.keys) == {"quit": "q", "back_or_quit": "Q"}
    with pytest.raises(ConfigError, match="'back_or_quit'"):
        load_config(write(tmp_path, '[keys]\nquit = "q"\nrefresh = "Q"\n'))
