"""The ``check`` command: output lines, exit codes, unreadable input, imports."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REACT_NGINX = ROOT / "fixtures" / "react-nginx" / "Dockerfile"


def _run(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockerfile_ls", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_react_nginx_reports_findings() -> None:
    result = _run("check", "fixtures/react-nginx/Dockerfile")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "fixtures/react-nginx/Dockerfile:2:21: warning FromAsCasing 'as' and 'FROM' "
        "keywords' casing do not match" in lines
    )
    assert (
        "  1 production (final image): FROM nginx:stable-alpine -> Alpine 3.24" in lines
    )
    assert "  final image base OS: Alpine 3.24 (nginx:stable-alpine)" in lines


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(
        "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        'FROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
        encoding="utf-8",
    )
    result = _run("check", str(path))
    assert result.returncode == 0, result.stdout
    assert "final image base OS: no OS (scratch)" in result.stdout


def test_error_exits_one(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM scratch AS 1build\n", encoding="utf-8")
    result = _run("check", str(path))
    assert result.returncode == 1
    assert ":1:17: error InvalidStageName" in result.stdout


def test_hints_only_with_flag(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM scratch AS tools\nFROM scratch AS final\n", encoding="utf-8")
    assert "UnusedStage" not in _run("check", str(path)).stdout
    assert "hint UnusedStage" in _run("check", "--hints", str(path)).stdout


def test_json_output(tmp_path: Path) -> None:
    result = _run("check", "--format", "json", "fixtures/react-nginx/Dockerfile")
    report = json.loads(result.stdout)
    assert report[0]["file"] == "fixtures/react-nginx/Dockerfile"
    rules = [item["rule"] for item in report[0]["findings"]]
    assert rules.count("FromAsCasing") == 2
    assert [stage["name"] for stage in report[0]["stages"]] == ["builder", "production"]
    assert report[0]["stages"][1]["final"] is True


def test_build_arg_selects_base(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(
        "ARG VARIANT=alpine\nFROM debian:12 AS base-debian\n"
        "FROM alpine:3.22 AS base-alpine\nFROM base-${VARIANT}\n",
        encoding="utf-8",
    )
    default = _run("check", str(path)).stdout
    chosen = _run("check", "--build-arg", "VARIANT=debian", str(path)).stdout
    assert "final image base OS: Alpine 3.22" in default
    assert "final image base OS: Debian 12" in chosen


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"FROM alpine\n\x00\x01binary", "binary file"),
        (b"FROM alpine\nRUN echo \xff\xfe\n", "not valid UTF-8"),
    ],
)
def test_unreadable_files_exit_two(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(content)
    result = _run("check", str(path))
    assert result.returncode == 2
    assert message in result.stderr


def test_missing_file_and_directory_exit_two(tmp_path: Path) -> None:
    missing = _run("check", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "file not found" in missing.stderr
    directory = _run("check", str(tmp_path))
    assert directory.returncode == 2
    assert "is a directory" in directory.stderr


def test_usage_error_exits_two() -> None:
    result = _run("check")
    assert result.returncode == 2


def test_check_does_not_import_pygls() -> None:
    code = (
        "import sys\n"
        "from dockerfile_ls.__main__ import main\n"
        f"main(['check', {str(REACT_NGINX)!r}])\n"
        "roots = [m.split('.')[0] for m in sys.modules]\n"
        "loaded = [m for m in roots if m in ('pygls', 'lsprotocol')]\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_core_packages_have_no_lsp_imports() -> None:
    offenders = []
    for folder in ("core", "knowledge", "workspace"):
        for path in (ROOT / "server" / "dockerfile_ls" / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if name.split(".")[0] in ("pygls", "lsprotocol"):
                        offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_device_is_rejected_not_read() -> None:
    result = _run("check", "/dev/zero")
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


def test_unknown_target_exits_two() -> None:
    result = _run("check", "--target", "prodution", "fixtures/react-nginx/Dockerfile")
    assert result.returncode == 2
    assert 'target stage "prodution" could not be found' in result.stderr
    assert "(did you mean production?)" in result.stderr


def test_utf16_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes("FROM alpine\n".encode("utf-16"))
    result = _run("check", str(path))
    assert result.returncode == 2
    assert "UTF-16" in result.stderr


def test_symlink_loop_is_named(tmp_path: Path) -> None:
    link = tmp_path / "Dockerfile"
    link.symlink_to(link)
    result = _run("check", str(link))
    assert result.returncode == 2
    assert "symbolic link" in result.stderr


def test_build_arg_from_environment(tmp_path: Path) -> None:
    import os

    path = tmp_path / "Dockerfile"
    path.write_text(
        "ARG VARIANT=alpine\nFROM debian:12 AS base-debian\n"
        "FROM alpine:3.22 AS base-alpine\nFROM base-${VARIANT}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dockerfile_ls",
            "check",
            "--build-arg",
            "VARIANT",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "VARIANT": "debian"},
    )
    assert "final image base OS: Debian 12" in result.stdout
