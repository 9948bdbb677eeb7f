"""Render our parse in the shape BuildKit's parser (PyPI ``dockerfile``) returns.

The differential tests compare the two renderings instruction by instruction.
"""

from __future__ import annotations

from dockerfile_ls.core.instructions import KNOWN_INSTRUCTIONS
from dockerfile_ls.core.syntax import Dockerfile, InstructionNode

ARGUMENT_WORDS = {"FROM", "EXPOSE", "COPY", "ADD", "VOLUME"}
COMMAND_FORM = {"RUN", "CMD", "ENTRYPOINT", "SHELL"}
SINGLE_STRING = {"MAINTAINER", "USER", "WORKDIR", "STOPSIGNAL"}


def node_values(node: InstructionNode) -> tuple[str, ...]:
    """Return the ``value`` tuple BuildKit's parser reports for an instruction."""
    keyword = node.keyword
    if keyword not in KNOWN_INSTRUCTIONS:
        # BuildKit ignores unknown instructions: their node has one empty value.
        return ("",)
    if keyword in ("ENV", "LABEL"):
        values: list[str] = []
        for pair in node.pairs:
            values.append(pair.key.value)
            values.append(pair.value.value if pair.value is not None else "")
        return tuple(values)
    if keyword == "ARG":
        return tuple(
            pair.key.value if pair.value is None else f"{pair.key.value}={pair.value.value}"
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


def render(dockerfile: Dockerfile) -> list[tuple[object, ...]]:
    """One row per instruction: keyword, sub keyword, lines, flags, values."""
    rows: list[tuple[object, ...]] = []
    for instruction in dockerfile.instructions:
        node = instruction.node
        shown = node.sub if node.sub is not None else node
        rows.append(
            (
                _c_string(node.keyword),
                _c_string(node.sub.keyword) if node.sub is not None else None,
                instruction.line + 1,
                instruction.end_line + 1,
                node_flags(node) if node.sub is None else (),
                tuple(_c_string(value) for value in node_values(shown)),
                tuple(heredoc.body for heredoc in shown.heredocs),
            )
        )
    return rows


def render_buildkit(commands: object) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for command in commands:  # type: ignore[attr-defined]
        rows.append(
            (
                (command.cmd or "").upper(),
                command.sub_cmd.upper() if command.sub_cmd else None,
                command.start_line,
                command.end_line,
                tuple(command.flags),
                # The Go binding hands strings over as C strings, which end at NUL.
                tuple(command.value),
                tuple(heredoc.content for heredoc in command.heredocs),
            )
        )
    return rows
