"""Table tests for the Dockerfile parser, named by their input.

Each case lists every part of every instruction, the absent ones included: the
keyword, the lines, the spans of the instruction, keyword, flags (name and value),
arguments, command, ENV/LABEL/ARG pairs, heredocs (marker, body, terminator), the
ONBUILD trigger and the syntax problems. Values (lines, arguments, flags, heredoc
bodies) are what BuildKit's parser returns for the same text, and
``test_table_input_matches_buildkit`` checks that against BuildKit v0.12.5 (PyPI
``dockerfile``). Spans are written as the place of a piece of the input text, found
with ``span_of``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import dockerfile
import pytest

from dockerfile_ls.core.parser import parse
from dockerfile_ls.core.syntax import (
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    InstructionNode,
    KeyValue,
    ProblemKind,
    Word,
)
from dockerfile_ls.core.text import Span
from tests.core.buildkit_view import render, render_buildkit

SpanTuple = tuple[int, int, int, int]


def position(text: str, index: int) -> tuple[int, int]:
    """Return the (line, column) of ``text[index]``: columns count code points."""
    line = text.count("\n", 0, index)
    col = index - (text.rfind("\n", 0, index) + 1)
    return line, col


def span_of(text: str, needle: str, nth: int = 0) -> SpanTuple:
    """Return the span of the ``nth`` occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    start = position(text, index)
    end = position(text, index + len(needle))
    return (*start, *end)


def join(first: SpanTuple, last: SpanTuple) -> SpanTuple:
    """Return the span from the start of ``first`` to the end of ``last``."""
    return (first[0], first[1], last[2], last[3])


def line_span(text: str, line: int) -> SpanTuple:
    """Return the span of a whole line without its line ending."""
    content = text.split("\n")[line].rstrip("\r")
    return (line, 0, line, len(content))


# What the parser returns, in the shape of the expected values below.


def _abs(instruction: Instruction, span: Span | None) -> SpanTuple | None:
    if span is None:
        return None
    return tuple(instruction.span(span))  # type: ignore[return-value]


def _word(instruction: Instruction, word: Word | None) -> tuple[Any, ...] | None:
    if word is None:
        return None
    return (word.value, _abs(instruction, word.span))


def _flag(instruction: Instruction, flag: Flag) -> tuple[Any, ...]:
    value = flag.value
    return (
        flag.name,
        _abs(instruction, flag.name_span),
        None if value is None else value.value,
        None if value is None else _abs(instruction, value.span),
    )


def _pair(instruction: Instruction, pair: KeyValue) -> tuple[Any, ...]:
    value = pair.value
    return (
        pair.key.value,
        _abs(instruction, pair.key.span),
        None if value is None else value.value,
        None if value is None else _abs(instruction, value.span),
    )


def _heredoc(instruction: Instruction, heredoc: Heredoc) -> tuple[Any, ...]:
    return (
        heredoc.name,
        _abs(instruction, heredoc.marker.span),
        heredoc.strip_tabs,
        heredoc.expand,
        heredoc.body,
        _abs(instruction, heredoc.body_span),
        _abs(instruction, heredoc.terminator_span),
    )


def _node(instruction: Instruction, node: InstructionNode) -> dict[str, Any]:
    return {
        "keyword": node.keyword,
        "keyword_span": _abs(instruction, node.keyword_word.span),
        "flags": tuple(_flag(instruction, flag) for flag in node.flags),
        "args": tuple(_word(instruction, word) for word in node.args),
        "json": node.json,
        "command": _word(instruction, node.command),
        "pairs": tuple(_pair(instruction, pair) for pair in node.pairs),
        "heredocs": tuple(_heredoc(instruction, doc) for doc in node.heredocs),
        "sub": None if node.sub is None else _node(instruction, node.sub),
        "problems": tuple(
            (problem.kind, _abs(instruction, problem.span)) for problem in node.problems
        ),
    }


def describe(instruction: Instruction) -> dict[str, Any]:
    """Every getter of an instruction, spans made absolute."""
    described = _node(instruction, instruction.node)
    described["lines"] = (instruction.line, instruction.end_line)
    described["span"] = tuple(instruction.full_span)
    return described


def instruction(
    keyword: str,
    span: SpanTuple,
    keyword_span: SpanTuple,
    *,
    flags: tuple[tuple[Any, ...], ...] = (),
    args: tuple[tuple[str, SpanTuple], ...] = (),
    json: bool = False,
    command: tuple[str, SpanTuple] | None = None,
    pairs: tuple[tuple[Any, ...], ...] = (),
    heredocs: tuple[tuple[Any, ...], ...] = (),
    sub: dict[str, Any] | None = None,
    problems: tuple[tuple[ProblemKind, SpanTuple], ...] = (),
) -> dict[str, Any]:
    """The expected getters of one instruction; omitted parts are expected absent."""
    expected = trigger(
        keyword,
        keyword_span,
        flags=flags,
        args=args,
        json=json,
        command=command,
        pairs=pairs,
        heredocs=heredocs,
        sub=sub,
        problems=problems,
    )
    expected["lines"] = (span[0], span[2])
    expected["span"] = span
    return expected


def trigger(
    keyword: str,
    keyword_span: SpanTuple,
    *,
    flags: tuple[tuple[Any, ...], ...] = (),
    args: tuple[tuple[str, SpanTuple], ...] = (),
    json: bool = False,
    command: tuple[str, SpanTuple] | None = None,
    pairs: tuple[tuple[Any, ...], ...] = (),
    heredocs: tuple[tuple[Any, ...], ...] = (),
    sub: dict[str, Any] | None = None,
    problems: tuple[tuple[ProblemKind, SpanTuple], ...] = (),
) -> dict[str, Any]:
    """The expected getters of an instruction node without placement (ONBUILD)."""
    return {
        "keyword": keyword,
        "keyword_span": keyword_span,
        "flags": flags,
        "args": args,
        "json": json,
        "command": command,
        "pairs": pairs,
        "heredocs": heredocs,
        "sub": sub,
        "problems": problems,
    }


@dataclass
class Case:
    """An input and the instructions expected from it."""

    text: str
    instructions: list[dict[str, Any]]
    # A difference from BuildKit v0.12.5 that the case documents, or None.
    differs_from_v0_12: str | None = None
    comment_lines: tuple[int, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _check(case: Case) -> Dockerfile:
    parsed = parse(case.text)
    assert len(parsed.instructions) == len(case.instructions)
    for got, want in zip(parsed.instructions, case.instructions, strict=True):
        actual = describe(got)
        for name, value in want.items():
            assert actual[name] == value, name
    if case.comment_lines is not None:
        assert tuple(parsed.comment_lines) == case.comment_lines
    return parsed
