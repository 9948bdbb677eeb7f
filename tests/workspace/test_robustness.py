"""Readers and parsers never raise on arbitrary text.

Each is fed random strings built from the characters that matter to its syntax,
with a fixed seed so a failure can be reproduced.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from dockerfile_ls.workspace import hcl, jsonc
from dockerfile_ls.workspace.readers import READERS
from dockerfile_ls.workspace.shellwords import tokenize

SHELL_PIECES = [
    "docker build ",
    "--target",
    "=",
    " -f ",
    "'",
    '"',
    "\\",
    "\n",
    "$",
    "${",
    "$(",
    ")",
    "}",
    "`",
    "<<EOF",
    "EOF",
    "#",
    ";",
    "&&",
    "|",
    "(",
    " ",
    "\t",
    "cd x",
    "{{",
    "}}",
]
YAML_PIECES = [
    "services:",
    "\n",
    "  ",
    "build:",
    "target:",
    " ",
    "- ",
    "|",
    ">",
    '"',
    "'",
    "context: .",
    "run: ",
    "script:",
    "{",
    "}",
    "[",
    "]",
    "<<: *a",
    "&a",
    "docker build --target x .",
    "with:",
    "uses: docker/build-push-action@v6",
]
HCL_PIECES = [
    'target "a" {',
    "}",
    "{",
    "target = ",
    '"',
    "${",
    "%{",
    "<<EOT\n",
    "EOT\n",
    "\n",
    "[",
    "]",
    ",",
    "inherits = [",
    '"a"',
    "#",
    "/*",
    "*/",
    "\\",
    "=",
]
JSON_PIECES = [
    "{",
    "}",
    "[",
    "]",
    '"',
    ":",
    ",",
    '"target"',
    '"build"',
    '"tasks"',
    '"type": "docker-build"',
    '"dockerBuild"',
    "//",
    "/*",
    "\n",
    "\\",
    "1",
    "true",
]


def random_texts(pieces: list[str], seed: int, count: int = 300) -> list[str]:
    generator = random.Random(seed)
    return [
        "".join(generator.choice(pieces) for _ in range(generator.randint(0, 40)))
        for _ in range(count)
    ]


PARSERS: list[tuple[str, Callable[[str], object], list[str]]] = [
    ("tokenize", tokenize, SHELL_PIECES),
    ("make tokenize", lambda text: tokenize(text, make_syntax=True), SHELL_PIECES),
    ("hcl", hcl.parse, HCL_PIECES),
    ("jsonc", jsonc.parse, JSON_PIECES),
]
READER_INPUTS = [
    ("shell", "/w/a.sh", SHELL_PIECES),
    ("makefile", "/w/Makefile", SHELL_PIECES + ["x:", "\t"]),
    ("justfile", "/w/justfile", SHELL_PIECES + ["x:", "    "]),
    ("compose", "/w/compose.yaml", YAML_PIECES),
    ("github-actions", "/w/.github/workflows/a.yml", YAML_PIECES),
    ("gitlab-ci", "/w/.gitlab-ci.yml", YAML_PIECES),
    ("bake", "/w/docker-bake.hcl", HCL_PIECES),
    ("bake", "/w/docker-bake.json", JSON_PIECES),
    ("vscode-tasks", "/w/.vscode/tasks.json", JSON_PIECES),
    ("devcontainer", "/w/.devcontainer/devcontainer.json", JSON_PIECES),
]


@pytest.mark.parametrize(("name", "parse", "pieces"), PARSERS)
def test_parser_never_raises(
    name: str, parse: Callable[[str], object], pieces: list[str]
) -> None:
    for text in random_texts(pieces, seed=len(name)):
        parse(text)


@pytest.mark.parametrize(("kind", "path", "pieces"), READER_INPUTS)
def test_reader_never_raises(kind: str, path: str, pieces: list[str]) -> None:
    read = READERS[kind].read
    for text in random_texts(pieces, seed=len(path)):
        read(path, text)
