"""The machine and software versions a benchmark ran on, read at run time."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any


def describe_machine() -> dict[str, Any]:
    """Return CPU model, processor counts, memory, kernel and load average."""
    models: list[str] = []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            name, _, value = line.partition(":")
            if name.strip() == "model name":
                models.append(value.strip())
    except OSError:
        pass
    memory_kib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu_model": models[0] if models else platform.processor() or "unknown",
        "cpu_count_proc": len(models),
        "nproc": len(os.sched_getaffinity(0)),
        "memory_total_mib": None if memory_kib is None else memory_kib // 1024,
        "kernel": f"{platform.system()} {platform.release()}",
        "load_average_start": list(os.getloadavg()),
    }


def describe_versions(
    repo: Path, node: str | None, node_package: Path | None, env: dict[str, str]
) -> dict[str, Any]:
    """Return the versions of Python, pygls, lsprotocol, Node and both servers."""
    versions: dict[str, Any] = {
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "python_executable": sys.executable,
        "pygls": _distribution_version("pygls"),
        "lsprotocol": _distribution_version("lsprotocol"),
        "pyinstrument": _distribution_version("pyinstrument"),
    }
    if node is not None:
        versions["node"] = _output([node, "--version"])
    if node_package is not None and node_package.exists():
        manifest = json.loads((node_package / "package.json").read_text())
        versions["dockerfile-language-server-nodejs"] = manifest.get("version")
    versions["dockerfile-ls"] = _output(
        [
            sys.executable,
            "-c",
            "import dockerfile_ls; print(dockerfile_ls.__version__)",
        ],
        env=env,
    )
    commit = _output(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
    status = _output(["git", "-C", str(repo), "status", "--porcelain", "--", "server"])
    if commit is not None:
        versions["commit"] = commit + (
            " with uncommitted server changes" if status else ""
        )
    return versions


def _distribution_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _output(argv: list[str], env: dict[str, str] | None = None) -> str | None:
    try:
        completed = subprocess.run(
            argv, capture_output=True, text=True, timeout=30, env=env, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout.strip()
