"""The parser never raises, finishes quickly and returns well-formed trees.

Inputs range from binary data and huge lines to inputs that hung or crashed other
Dockerfile editors. Each parse must finish within ``BUDGET`` seconds: a guard
against hangs and quadratic blowups on a loaded machine, not a benchmark. Every
tree is checked for well-formed spans: inside the text, inside their instruction,
instructions in order and not overlapping.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator

import pytest

from dockerfile_ls.core.parser import parse
from dockerfile_ls.core.syntax import Dockerfile, Instruction, InstructionNode
from dockerfile_ls.core.text import Span

BUDGET = 5.0
"""Seconds one parse of one input may take (they take milliseconds)."""


def _node_spans(node: InstructionNode) -> Iterator[Span]:
    yield node.span
    yield node.keyword_word.span
    for flag in node.flags:
        yield flag.span
        yield flag.name_span
        if flag.value is not None:
            yield flag.value.span
    for word in node.args:
        yield word.span
        for index in range(len(word.value)):
            yield word.sub_span(index, index + 1)
    if node.command is not None:
        yield node.command.span
    for pair in node.pairs:
        yield pair.key.span
        if pair.value is not None:
            yield pair.value.span
    for heredoc in node.heredocs:
        yield heredoc.marker.span
        if heredoc.body_span is not None:
            yield heredoc.body_span
        if heredoc.terminator_span is not None:
            yield heredoc.terminator_span
    for problem in node.problems:
        yield problem.span
    if node.sub is not None:
        yield from _node_spans(node.sub)


def _check_span(parsed: Dockerfile, span: Span, first: int, last: int) -> None:
    assert first <= span.start_line <= span.end_line <= last
    assert (span.start_line, span.start_col) <= (span.end_line, span.end_col)
    assert 0 <= span.start_col <= len(parsed.lines[span.start_line])
    assert 0 <= span.end_col <= len(parsed.lines[span.end_line])


def _check_instruction(parsed: Dockerfile, instruction: Instruction) -> None:
    first, last = instruction.line, instruction.end_line
    assert instruction.node.line_count == last - first + 1
    for span in _node_spans(instruction.node):
        _check_span(parsed, instruction.span(span), first, last)


def check_tree(parsed: Dockerfile) -> None:
    """Assert that a parse is well formed."""
    previous_end = -1
    for instruction in parsed.instructions:
        assert instruction.line > previous_end
        assert instruction.end_line < len(parsed.lines)
        _check_instruction(parsed, instruction)
        previous_end = instruction.end_line
    for line in parsed.comment_lines:
        assert parsed.instruction_at(line) is None
        _check_span(parsed, parsed.comment_span(line), line, line)
    for directive in parsed.directives:
        for span in (directive.span, directive.name_span, directive.value_span):
            _check_span(parsed, span, 0, len(parsed.lines) - 1)
    for problem in parsed.problems:
        _check_span(parsed, problem.span, 0, len(parsed.lines) - 1)


def parse_checked(text: str, caplog: pytest.LogCaptureFixture) -> Dockerfile:
    """Parse within the budget, check the tree and that nothing was logged."""
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="dockerfile_ls"):
        parsed = parse(text)
    assert time.monotonic() - started < BUDGET
    check_tree(parsed)
    # The parser logs only when a bug was caught inside it.
    assert not caplog.records
    return parsed


# Inputs that hung or recursed forever in other Dockerfile editors.
EDITOR_HANGS = [
    "FROM ubuntu\nENV \\\n# shared settings:\n  MODE=dev \\\n  LEVEL=3\n",
    "RU\\\nN\nRUN",
    "FROM alpi\\\n\nne:3",
    "RUN a''\\\n#\n''",
    'FROM ubuntu\nRUN echo "hi there" &\\\n'
    "# a note with a [link](https://example.com) inside\n"
    'echo "next"\n',
    "FROM alpine as alpine\nCOPY . . ",
]

PATHOLOGICAL = {
    "NUL bytes": "\0" * 100_000,
    "NUL inside instructions": "FROM a\0b\nRUN \0\\\n\0<<\0EOF\n\0\nEOF\0",
    "huge line": "RUN " + "a" * 1_000_000,
    "huge line of spaces": "RUN" + " " * 1_000_000 + "x",
    "many heredoc markers": "RUN " + "<<EOF " * 50_000,
    "many heredocs": "RUN " + "<<EOF " * 20_000 + "\n" + "EOF\n" * 20_000,
    "nested expansions in a heredoc line": (
        "RUN " + "${a:-" * 5_000 + "}" * 5_000 + " <<EOF\nx\nEOF"
    ),
    "nested JSON": "RUN " + "[" * 100_000 + "]" * 100_000,
    "alternating quotes": "RUN " + "\"'" * 100_000,
    "unterminated quotes in ENV": "ENV " + "a='b\\' " * 50_000,
    "continuations only": "\\\n" * 100_000,
    "comments inside a continuation": "RUN a \\\n" + "# c\n" * 100_000 + "b",
    "10,000 lines": "FROM a\n" + "RUN x\n" * 10_000,
    "10,000 continued lines": "RUN a \\\n" + "  b \\\n" * 10_000 + "  c\n",
    "backtick escape": "# escape=`\n" + "RUN a`\n" * 50_000,
    "lone surrogates": "\ud800\udfff" * 10_000 + "\nRUN \udc80 <<\ud800\n\ud800\n",
    "quote in a flag": "COPY --a=" + "'" * 100_000,
    "spaces after the healthcheck type": "HEALTHCHECK " + " " * 100_000 + "CMD",
    "spaces after <<": "RUN <<" + " " * 100_000 + "<",
    "spaces in a directive value": "# escape=x" + " " * 100_000 + "y\nFROM a",
    "many labels": "LABEL " + "a=b " * 50_000,
    "many flags": "RUN " + "--x " * 50_000,
    "ONBUILD chain": "ONBUILD " * 50_000 + "RUN x",
    "deep ONBUILD chain with heredoc": "ONBUILD " * 1_000 + "RUN <<EOF\nx\nEOF",
    "carriage returns only": "\r" * 100_000,
    "lone carriage returns inside lines": "FROM a\rRUN b\r\\\r\nc\r\r\n",
    "byte order marks everywhere": "\ufeff" * 1_000 + "FROM a\n\ufeffRUN b",
}


@pytest.mark.parametrize("text", EDITOR_HANGS, ids=repr)
def test_editor_hang_input(text: str, caplog: pytest.LogCaptureFixture) -> None:
    parse_checked(text, caplog)


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input(name: str, caplog: pytest.LogCaptureFixture) -> None:
    parse_checked(PATHOLOGICAL[name], caplog)


def test_ten_thousand_line_file_has_every_instruction(
    caplog: pytest.LogCaptureFixture,
) -> None:
    parsed = parse_checked(PATHOLOGICAL["10,000 lines"], caplog)
    assert len(parsed.instructions) == 10_001


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes(seed: int, caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(20_000))
    for errors in ("replace", "surrogateescape"):
        parse_checked(data.decode("utf-8", errors=errors), caplog)
    parse_checked(data.decode("latin-1"), caplog)


# Fragments of Dockerfile syntax, joined at random.
_FRAGMENTS = (
    "FROM", "RUN", "COPY", "ADD", "ENV", "LABEL", "ARG", "ONBUILD", "HEALTHCHECK",
    "CMD", "SHELL", "EXPOSE", "USER", "from", " ", " ", "\t", "\\", "`", "\n", "\n",
    "\r\n", "\r", "#", "# escape=`\n", "# syntax=x\n", "# check=skip=all\n", "<<",
    "<<-", "<< ", "EOF", "'EOF'", '"EOF"', "EOF\n", "\tEOF\n", "--", "--from=a",
    "--mount=type=cache", "=", "a", "b=c", "'", '"', "[", "]", '["a"]', "['a']",
    "[1]", "NONE", "AS", "$", "${a:-b}", "${", "}", "${a#b}", "\xa0", "\x1c",
    "\u2003", "\x85", "\ufeff", "\0", "é", "\U0001f600", "\ud800", "\\\n", "\\ \n",
)  # fmt: skip


@pytest.mark.parametrize("seed", range(10))
def test_random_fragments(seed: int, caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        count = rng.randint(1, 60)
        text = "".join(rng.choice(_FRAGMENTS) for _ in range(count))
        parse_checked(text, caplog)
