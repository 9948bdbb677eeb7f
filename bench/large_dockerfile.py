"""Deterministic generator of a large multi-stage Dockerfile for the benchmark.

The default output has exactly 5,000 lines and 50 build stages. Stages mix
external base images (some through meta ARGs) with earlier stages as base
images, and their bodies contain long continuation lines, heredocs (``RUN`` and
``COPY``) and hundreds of references to earlier stages through ``COPY --from``
and ``RUN --mount=...,from=``. Every stage reference points to an earlier stage.
The same arguments always give the same text.

Run ``python bench/large_dockerfile.py OUT`` to write the file.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

DEFAULT_LINES = 5000
DEFAULT_STAGES = 50
DEFAULT_SEED = 5000

_ROLES = ("deps", "build", "test", "lint", "assets", "tools", "package", "docs")

_IMAGES = (
    "golang:${GO_VERSION}-alpine",
    "node:${NODE_VERSION}-bookworm-slim",
    "python:${PYTHON_VERSION}-slim",
    "debian:${DEBIAN_RELEASE}",
    "alpine:${ALPINE_VERSION}",
    "ubuntu:24.04",
    "rust:1.79-slim-bookworm",
    "eclipse-temurin:21-jdk-jammy",
)

_HEADER = [
    "# syntax=docker/dockerfile:1",
    "# Benchmark input written by bench/large_dockerfile.py: do not edit by hand.",
    "ARG GO_VERSION=1.22",
    "ARG NODE_VERSION=20",
    "ARG PYTHON_VERSION=3.12",
    "ARG DEBIAN_RELEASE=bookworm",
    "ARG ALPINE_VERSION=3.20",
    "",
]

Block = Callable[["_Stage"], list[str]]


class _Stage:
    """The state needed to write one stage body."""

    def __init__(self, index: int, names: list[str], rng: random.Random) -> None:
        self.index = index
        self.name = names[index]
        self.earlier = names[:index]
        self.is_last = index == len(names) - 1
        self.rng = rng
        self.counter = 0

    def earlier_stage(self) -> str:
        return self.rng.choice(self.earlier)

    def next_number(self) -> int:
        self.counter += 1
        return self.counter


def generate(
    lines: int = DEFAULT_LINES, stages: int = DEFAULT_STAGES, seed: int = DEFAULT_SEED
) -> str:
    """Return a Dockerfile with exactly ``lines`` lines and ``stages`` build stages."""
    rng = random.Random(seed)
    names = [f"{_ROLES[index % len(_ROLES)]}-{index:02d}" for index in range(stages)]
    budget = lines - len(_HEADER)
    if budget < stages * 12:
        raise ValueError(f"{lines} lines are too few for {stages} stages")

    output = list(_HEADER)
    for index in range(stages):
        stage_budget = budget // stages + (1 if index < budget % stages else 0)
        output.extend(_write_stage(_Stage(index, names, rng), stage_budget))
    return "\n".join(output) + "\n"


def _write_stage(stage: _Stage, budget: int) -> list[str]:
    lines = [_from_line(stage), f"WORKDIR /src/{stage.name}"]
    final = _final_lines() if stage.is_last else []
    blocks = _blocks_for(stage)
    position = 0
    while True:
        block = blocks[position % len(blocks)](stage)
        position += 1
        if len(lines) + len(block) + len(final) + 1 > budget:
            break
        lines.extend(block)
    while len(lines) + len(final) + 1 < budget:
        lines.append(f'RUN echo "{stage.name} step {stage.next_number()}"')
    lines.extend(final)
    lines.append("")
    return lines


def _from_line(stage: _Stage) -> str:
    if stage.index < 3 or stage.index % 3 == 0:
        image = _IMAGES[stage.index % len(_IMAGES)]
    else:
        image = stage.earlier_stage()
    platform = "--platform=$BUILDPLATFORM " if stage.index % 5 == 1 else ""
    return f"FROM {platform}{image} AS {stage.name}"


def _final_lines() -> list[str]:
    return [
        "USER 65532:65532",
        "EXPOSE 8080",
        'HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "health"]',
        'ENTRYPOINT ["/usr/local/bin/app"]',
    ]


def _blocks_for(stage: _Stage) -> list[Block]:
    if not stage.earlier:
        return [_env_block, _install_block, _run_heredoc_block, _single_runs_block]
    return [
        _env_block,
        _copy_from_block,
        _install_block,
        _mount_from_block,
        _run_heredoc_block,
        _copy_from_block,
        _single_runs_block,
        _copy_heredoc_block,
        _copy_from_block,
        _build_script_block,
    ]


def _env_block(stage: _Stage) -> list[str]:
    number = stage.next_number()
    return [
        f"ARG VERSION_{number}=1.{number}.0",
        f"ENV APP_HOME=/srv/{stage.name} \\",
        f"    APP_VERSION=${{VERSION_{number}}} \\",
        "    PATH=/usr/local/bin:$PATH",
    ]


def _copy_from_block(stage: _Stage) -> list[str]:
    lines = [f"# Artifacts that {stage.name} takes from earlier stages"]
    for _ in range(3):
        source = stage.earlier_stage()
        number = stage.next_number()
        lines.append(f"COPY --from={source} /out/{source}/ /deps/{number}/")
    return lines


def _install_block(stage: _Stage) -> list[str]:
    count = stage.rng.randrange(20, 45)
    lines = ["RUN set -eux; \\", "    apt-get update; \\"]
    lines.append("    apt-get install -y --no-install-recommends \\")
    for number in range(count):
        lines.append(f"        lib{stage.name}-pkg{number:02d} \\")
    lines.append("    ; \\")
    lines.append("    rm -rf /var/lib/apt/lists/*")
    return lines


def _mount_from_block(stage: _Stage) -> list[str]:
    source = stage.earlier_stage()
    return [
        "RUN --mount=type=cache,target=/root/.cache \\",
        f"    --mount=type=bind,from={source},source=/out,target=/in \\",
        f"    cp -r /in/. /out/{stage.name}/",
    ]


def _run_heredoc_block(stage: _Stage) -> list[str]:
    number = stage.next_number()
    lines = ["RUN <<EOF"]
    lines.append("set -eu")
    for step in range(stage.rng.randrange(4, 10)):
        lines.append(f"echo 'configure {stage.name} part {number}.{step}'")
    lines.append(f"mkdir -p /out/{stage.name}")
    lines.append("EOF")
    return lines


def _copy_heredoc_block(stage: _Stage) -> list[str]:
    number = stage.next_number()
    return [
        f"COPY <<EOT /etc/{stage.name}/settings-{number}.conf",
        f"name = {stage.name}",
        f"sequence = {number}",
        "log_level = info",
        "EOT",
    ]


def _single_runs_block(stage: _Stage) -> list[str]:
    return [
        f'RUN echo "{stage.name} step {stage.next_number()}"',
        f"RUN mkdir -p /out/{stage.name}/{stage.next_number()}",
    ]


def _build_script_block(stage: _Stage) -> list[str]:
    source = stage.earlier_stage()
    return [
        f"COPY --from={source} --chmod=0755 /out/{source}/build.sh /usr/local/bin/",
        "RUN --mount=type=cache,target=/var/cache/build \\",
        f"    build.sh --stage {stage.name} \\",
        "        --jobs 4 \\",
        f"        --output /out/{stage.name}",
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: large_dockerfile.py OUTPUT_PATH\n")
        return 2
    Path(argv[1]).write_text(generate(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
