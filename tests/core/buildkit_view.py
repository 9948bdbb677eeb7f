"""Render our parse in the shape BuildKit's parser (PyPI ``dockerfile``) returns.

The differential tests compare the two renderings instruction by instruction. Each
row contains the keyword, the ONBUILD trigger keyword, the first and last line
(1-based), the flags, the argument values, whether they are exec (JSON) form, and
the heredoc names and bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from dockerfile_ls.core.instructions import KNOWN_INSTRUCTIONS
from dockerfile_ls.core.syntax import Dockerfile, InstructionNode

Row = tuple[object, ...]

ARGUMENT_WORDS = {"FROM", "EXPOSE", "COPY", "ADD", "VOLUME"}
COMMAND_FORM = {"RUN", "CMD", "ENTRYPOINT", "SHELL"}
SINGLE_STRING = {"MAINTAINER", "USER", "WORKDIR", "STOPSIGNAL"}
_LINE_END = re.compile(r"\r+\n")


def node_values(node: InstructionNode) -> tuple[str, ...]:
    """Return the ``value`` tuple BuildKit's parser reports for an instruction."""
    keyword = node.keyword
    if keyword not in KNOWN_INSTRUCTIONS:
        # BuildKit ignores unknown instructions: their node has one empty value.
        return ("",)
    if keyword == "ONBUILD":
        # Only a trigger can be an ONBUILD here; the binding shows its nested
        # trigger as one empty value.
        return ("",) if node.args else ()
    if keyword in ("ENV", "LABEL"):
        values: list[str] = []
        for pair in node.pairs:
            values.append(pair.key.value)
            values.append(pair.value.value if pair.value is not None else "")
        return tuple(values)
    if keyword == "ARG":
        return tuple(
            pair.key.value
            if pair.value is None
            else f"{pair.key.value}={pair.value.value}"
            for pair in node.pairs
        )
    if keyword == "HEALTHCHECK":
        values = [word.value for word in node.args]
        if node.command is not None:
            values.append(node.command.value)
        return tuple(values)
    if node.json or keyword in ARGUMENT_WORDS:
        return tuple(word.value for word in node.args)
    if keyword in COMMAND_FORM or keyword in SINGLE_STRING:
        return (node.command.value,) if node.command is not None else ()
    return tuple(word.value for word in node.args)


def node_flags(node: InstructionNode) -> tuple[str, ...]:
    return tuple(
        f"--{flag.name}" if flag.value is None else f"--{flag.name}={flag.value.value}"
        for flag in node.flags
    )


def _c_string(value: str) -> str:
    """Cut ``value`` at its first NUL, as the Go binding's C strings do."""
    return value.split("\0")[0]


def render(dockerfile: Dockerfile) -> list[Row]:
    """One row per instruction, in the shape of ``render_buildkit``."""
    rows: list[Row] = []
    for instruction in dockerfile.instructions:
        node = instruction.node
        sub = node.sub
        target = sub if sub is not None else node
        rows.append(
            (
                _c_string(node.keyword_word.value).upper(),
                _c_string(sub.keyword_word.value).upper() if sub is not None else None,
                instruction.line + 1,
                instruction.end_line + 1,
                tuple(_c_string(flag) for flag in node_flags(node)),
                tuple(_c_string(value) for value in node_values(target)),
                target.json,
                # The binding reports no heredocs for an ONBUILD trigger.
                tuple((doc.name, doc.body) for doc in node.heredocs)
                if sub is None
                else (),
            )
        )
    return rows


def _latin1_to_utf8(text: str) -> str:
    """Undo the binding's reading of flag bytes as Latin-1 characters.

    BuildKit's ``extractBuilderFlags`` walks the line byte by byte, so a non-ASCII
    character in a flag comes back as one character per UTF-8 byte.
    """
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def render_buildkit(commands: Iterable[Any]) -> list[Row]:
    """One row per command of ``dockerfile.parse_string``."""
    rows: list[Row] = []
    for command in commands:
        rows.append(
            (
                (command.cmd or "").upper(),
                command.sub_cmd.upper() if command.sub_cmd else None,
                command.start_line,
                command.end_line,
                tuple(_latin1_to_utf8(flag) for flag in command.flags),
                tuple(command.value),
                command.json,
                # Our heredoc bodies end their lines with "\n" whatever the file used.
                tuple(
                    (doc.name, _LINE_END.sub("\n", doc.content))
                    for doc in command.heredocs
                ),
            )
        )
    return rows
