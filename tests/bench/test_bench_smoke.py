"""Untimed checks of the benchmark: valid inputs and one tiny harness run.

The generated file is checked with BuildKit's own parser (PyPI ``dockerfile``, a
binding of moby/buildkit's frontend/dockerfile/parser). The harness runs against
the bare pygls server only, so it needs no network and no Node.js. The Node server
test runs only when an earlier benchmark run installed the server.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

import bench_summary  # noqa: E402
import large_dockerfile  # noqa: E402
import lsp_session  # noqa: E402

NODE_SCRIPT = (
    BENCH
    / ".scratch"
    / "node"
    / "node_modules"
    / "dockerfile-language-server-nodejs"
    / "bin"
    / "docker-langserver"
)


def _load_run_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large_text() -> str:
    return large_dockerfile.generate()


@pytest.fixture(scope="module")
def buildkit_commands(large_text: str) -> list[object]:
    dockerfile = pytest.importorskip("dockerfile")
    return list(dockerfile.parse_string(large_text))


def test_large_file_line_count(large_text: str) -> None:
    assert len(large_text.splitlines()) == 5000


def test_large_file_deterministic(large_text: str) -> None:
    assert large_dockerfile.generate() == large_text


def test_large_file_stage_count(buildkit_commands: list) -> None:
    froms = [command for command in buildkit_commands if command.cmd == "FROM"]
    assert len(froms) == 50


def test_large_file_from_references(buildkit_commands: list) -> None:
    references = [
        flag
        for command in buildkit_commands
        for flag in command.flags
        if flag.startswith("--from=")
        or (flag.startswith("--mount=") and "from=" in flag)
    ]
    assert len(references) >= 300


def test_large_file_references_earlier_stages(buildkit_commands: list) -> None:
    # Every stage reference, in FROM or --from, names a stage defined above it.
    defined: set[str] = set()
    for command in buildkit_commands:
        if command.cmd == "FROM":
            base = command.value[0]
            assert base in defined or ":" in base, command.original
            defined.add(command.value[-1])
            continue
        for flag in command.flags:
            match = re.search(r"(?:^--from=|[,=]from=)([^,]+)", flag)
            if match:
                assert match.group(1) in defined, command.original


def test_large_file_heredocs(buildkit_commands: list) -> None:
    heredocs = sum(len(command.heredocs) for command in buildkit_commands)
    assert heredocs >= 50


def test_large_file_long_continuations(buildkit_commands: list) -> None:
    longest = max(
        command.end_line - command.start_line + 1 for command in buildkit_commands
    )
    assert longest >= 30


@pytest.mark.parametrize(
    "path",
    [BENCH / "inputs" / "typical.Dockerfile", REPO / "fixtures/react-nginx/Dockerfile"],
    ids=["typical", "react-nginx"],
)
def test_input_positions_found(path: Path) -> None:
    document = lsp_session.load_input("input", path.name, path)
    lines = document.text.splitlines()
    completion_line = lines[document.completion_at.line]
    assert completion_line[: document.completion_at.character].endswith("--from=")
    assert lines[document.hover_at.line].upper().startswith("FROM ")
    assert lines[document.edit_line].startswith("RUN ")


def test_typical_file_line_count() -> None:
    text = (BENCH / "inputs" / "typical.Dockerfile").read_text()
    assert len(text.splitlines()) == 40


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        # Linear interpolation between closest ranks (numpy's default method).
        ([1.0, 2.0, 3.0, 4.0], 0.50, 2.5),
        ([0.0, 10.0], 0.95, 9.5),
        ([7.0], 0.95, 7.0),
        ([3.0, 1.0, 2.0], 0.50, 2.0),
    ],
)
def test_percentile_interpolation(
    values: list[float], fraction: float, expected: float
) -> None:
    assert bench_summary.percentile(values, fraction) == pytest.approx(expected)


def test_bare_server_session(tmp_path: Path) -> None:
    server = lsp_session.ServerSpec(
        "bare",
        "bare pygls",
        [sys.executable, str(BENCH / "bare_pygls_server.py")],
        env=None,
        startup_only=True,
    )
    document = lsp_session.load_input(
        "typical", "typical", BENCH / "inputs" / "typical.Dockerfile"
    )
    result = lsp_session.run_session(
        server, document, 1, lsp_session.Limits(), tmp_path, tmp_path / "err.log"
    )
    assert result.errors == []
    assert result.spawn_to_initialize_ms is not None
    assert result.peak_rss_kib is not None


def test_harness_writes_report(tmp_path: Path) -> None:
    run = _load_run_module()
    output = tmp_path / "bench.md"
    arguments = ["--quick", "--servers", "bare", "--files", "typical"]
    assert run.main([*arguments, "--output", str(output)]) == 0
    assert "## Startup" in output.read_text()
    assert output.with_suffix(".json").exists()


@pytest.mark.skipif(not NODE_SCRIPT.exists(), reason="Node server not installed")
def test_node_server_session(tmp_path: Path) -> None:
    server = lsp_session.ServerSpec(
        "node", "Node server", ["node", str(NODE_SCRIPT), "--stdio"], env=None
    )
    document = lsp_session.load_input(
        "typical", "typical", BENCH / "inputs" / "typical.Dockerfile"
    )
    limits = lsp_session.Limits(requests=2, edits=2, warmup=0)
    result = lsp_session.run_session(
        server, document, 1, limits, tmp_path, tmp_path / "err.log"
    )
    assert result.errors == []
    assert len(result.change_to_diagnostics_ms) == 2
    assert result.completion_items
