"""End to end in a real Neovim: the README's setup, started headless.

Skips when ``nvim`` is not installed (CI installs Debian's neovim, 0.7.2).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("nvim_driver.lua")
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(NVIM is None, reason="nvim is not installed")


def _readme_snippet(heading: str) -> str:
    """Return the first Lua block under a README heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"### {heading}", 1)[1]
    match = re.search(r"```lua\n(.*?)```", section, re.DOTALL)
    assert match is not None, f"no Lua block under {heading!r} in README.md"
    return match.group(1)


@pytest.fixture(scope="module")
def neovim_session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("nvim")
    dockerfile = work / "Dockerfile"
    shutil.copy(ROOT / "fixtures" / "editors" / "Dockerfile", dockerfile)
    init = work / "init.lua"
    init.write_text(
        "vim.cmd('filetype on')\n" + _readme_snippet("Neovim 0.7 to 0.10"),
        encoding="utf-8",
    )
    output = work / "result.json"
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["DRIVER_OUTPUT"] = str(output)
    env["XDG_STATE_HOME"] = str(work / "state")
    env["XDG_DATA_HOME"] = str(work / "data")
    assert NVIM is not None
    completed = subprocess.run(
        [
            NVIM,
            "--headless",
            "-n",
            "-u",
            str(init),
            str(dockerfile),
            "-c",
            f"luafile {DRIVER}",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert output.exists(), f"nvim wrote no result: {completed.stderr[-2000:]}"
    result: dict[str, object] = json.loads(output.read_text(encoding="utf-8"))
    assert result["errors"] == [], result["errors"]
    return result


def test_neovim_shows_near_miss_diagnostic(neovim_session: dict[str, object]) -> None:
    diagnostics = neovim_session["diagnostics"]
    assert isinstance(diagnostics, list)
    lines = [(item["line"], item["col"]) for item in diagnostics]
    assert (7, 12) in lines


def test_neovim_completion_offers_earlier_stages(
    neovim_session: dict[str, object],
) -> None:
    # The typed line belongs to the last stage, `runtime`, which cannot copy from
    # itself: only `build` is offered.
    assert neovim_session["completion"] == ["build"]


def test_neovim_hover_names_alpine(neovim_session: dict[str, object]) -> None:
    assert "Alpine" in str(neovim_session["hover"])


def test_neovim_definition_of_stage_name(neovim_session: dict[str, object]) -> None:
    definition = neovim_session["definition"]
    assert isinstance(definition, list) and definition
    target = definition[0]
    start = (target.get("targetSelectionRange") or target["range"])["start"]
    assert (start["line"], start["character"]) == (1, 20)
