"""Table tests for the Dockerfile parser, named by their input.

Each case lists every part of every instruction, the absent ones included. The
parts are the keyword, the lines, and the spans of the instruction, keyword, flags
(name and value), arguments, command, ENV/LABEL/ARG pairs, heredocs (marker, body,
terminator), the ONBUILD trigger and the syntax problems. Values (lines,
arguments, flags, heredoc bodies) are what BuildKit's parser returns for the same
text, and ``test_table_input_matches_buildkit`` checks that against BuildKit
v0.12.5 (PyPI ``dockerfile``). Spans are written as the place of a piece of the
input text, found with ``span_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def inner(span: SpanTuple) -> SpanTuple:
    """Return a one-line span without its first and last character (the quotes)."""
    return (span[0], span[1] + 1, span[2], span[3] - 1)


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


def spans(text: str) -> Any:
    """Return ``span_of`` bound to ``text``."""

    def find(needle: str, nth: int = 0) -> SpanTuple:
        return span_of(text, needle, nth)

    return find


def _basic_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    text = "FROM alpine:3.20 AS build"
    s = spans(text)
    args = (("alpine:3.20", s("alpine:3.20")), ("AS", s("AS")), ("build", s("build")))
    cases.append(Case(text, [instruction("FROM", s(text), s("FROM"), args=args)]))

    text = "from alpine AS base"
    s = spans(text)
    args = (("alpine", s("alpine")), ("AS", s("AS")), ("base", s("base")))
    cases.append(Case(text, [instruction("FROM", s(text), s("from"), args=args)]))

    # The instruction starts at its keyword and ends at the end of its last line.
    text = "  RUN echo hi  "
    s = spans(text)
    command = ("echo hi", s("echo hi"))
    cases.append(
        Case(text, [instruction("RUN", (0, 2, 0, 15), s("RUN"), command=command)])
    )

    text = "FROM\talpine\tAS\tbuild"
    s = spans(text)
    args = (("alpine", s("alpine")), ("AS", s("AS")), ("build", s("build")))
    cases.append(Case(text, [instruction("FROM", s(text), s("FROM"), args=args)]))

    # Columns count code points: é, ö and ✓ are one column each.
    text = "RUN echo 'héllo wörld' ✓"
    s = spans(text)
    command = ("echo 'héllo wörld' ✓", s("echo 'héllo wörld' ✓"))
    cases.append(Case(text, [instruction("RUN", s(text), s("RUN"), command=command)]))

    # A character outside the Basic Multilingual Plane is one code point too.
    text = "RUN echo \U0001f600 done"
    s = spans(text)
    command = ("echo \U0001f600 done", (0, 4, 0, 15))
    cases.append(Case(text, [instruction("RUN", s(text), s("RUN"), command=command)]))

    text = "FROM alpine:3.20 AS build\nRUN echo hi\n"
    s = spans(text)
    args = (("alpine:3.20", s("alpine:3.20")), ("AS", s("AS")), ("build", s("build")))
    cases.append(
        Case(
            text,
            [
                instruction("FROM", line_span(text, 0), s("FROM"), args=args),
                instruction(
                    "RUN",
                    line_span(text, 1),
                    s("RUN"),
                    command=("echo hi", s("echo hi")),
                ),
            ],
        )
    )

    # BuildKit ignores an unknown instruction; the words are kept for the editor.
    text = "FOO bar baz"
    s = spans(text)
    args = (("bar", s("bar")), ("baz", s("baz")))
    cases.append(Case(text, [instruction("FOO", s(text), s("FOO"), args=args)]))

    for text in ("WORKDIR /app", "USER app:app", "STOPSIGNAL SIGTERM", "MAINTAINER me"):
        s = spans(text)
        keyword, _, rest = text.partition(" ")
        cases.append(
            Case(
                text,
                [instruction(keyword, s(text), s(keyword), command=(rest, s(rest)))],
            )
        )

    text = "EXPOSE 80/tcp 443"
    s = spans(text)
    args = (("80/tcp", s("80/tcp")), ("443", s("443")))
    cases.append(Case(text, [instruction("EXPOSE", s(text), s("EXPOSE"), args=args)]))

    # BuildKit's parse.go has no argument count for RUN: an empty command parses.
    text = "RUN"
    s = spans(text)
    cases.append(Case(text, [instruction("RUN", s(text), s("RUN"))]))

    text = "WORKDIR"
    s = spans(text)
    problems = ((ProblemKind.MISSING_ARGUMENTS, s("WORKDIR")),)
    cases.append(
        Case(text, [instruction("WORKDIR", s(text), s("WORKDIR"), problems=problems)])
    )

    # FROM without arguments is reported by the stage model, not the parser.
    text = "FROM"
    s = spans(text)
    cases.append(Case(text, [instruction("FROM", s(text), s("FROM"))]))

    # Only lines starting with `#` are comments; `#` later in a line is text.
    text = "# a comment\nFROM a\n  # indented\nRUN b # not a comment"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM", line_span(text, 1), s("FROM"), args=(("a", (1, 5, 1, 6)),)
                ),
                instruction(
                    "RUN",
                    line_span(text, 3),
                    s("RUN"),
                    command=("b # not a comment", s("b # not a comment")),
                ),
            ],
            comment_lines=(0, 2),
        )
    )

    # The last input of a hung editor: the COPY ends with a space.
    text = "FROM alpine as alpine\nCOPY . . "
    s = spans(text)
    args = (("alpine", s("alpine")), ("as", s("as")), ("alpine", s("alpine", 1)))
    cases.append(
        Case(
            text,
            [
                instruction("FROM", line_span(text, 0), s("FROM"), args=args),
                instruction(
                    "COPY",
                    (1, 0, 1, 9),
                    s("COPY"),
                    args=((".", (1, 5, 1, 6)), (".", (1, 7, 1, 8))),
                ),
            ],
        )
    )
    return cases


def _continuation_cases() -> list[Case]:
    cases: list[Case] = []
    pairs: tuple[tuple[Any, ...], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    # BuildKit joins continued lines; the leading spaces of a continuation line stay.
    text = "RUN echo a \\\n    b"
    s = spans(text)
    command = ("echo a     b", join(s("echo"), s("b")))
    cases.append(
        Case(text, [instruction("RUN", (0, 0, 1, 5), s("RUN"), command=command)])
    )

    # A comment line inside a continuation is dropped, and is no top-level comment.
    text = "RUN a \\\n# note\n  b"
    s = spans(text)
    command = ("a   b", join(s("a"), (2, 2, 2, 3)))
    cases.append(
        Case(
            text,
            [instruction("RUN", (0, 0, 2, 3), s("RUN"), command=command)],
            comment_lines=(),
        )
    )

    # An empty continuation line is dropped with BuildKit's NoEmptyContinuation.
    text = "RUN a \\\n\n b"
    s = spans(text)
    problems = ((ProblemKind.EMPTY_CONTINUATION, (0, 0, 2, 2)),)
    command = ("a  b", (0, 4, 2, 2))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 0, 2, 2), s("RUN"), command=command, problems=problems
                )
            ],
        )
    )

    text = "FROM alpine:3.20\nRUN echo a \\\n\n    b\nRUN echo c"
    s = spans(text)
    problems = ((ProblemKind.EMPTY_CONTINUATION, (1, 0, 3, 5)),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(("alpine:3.20", s("alpine:3.20")),),
                ),
                instruction(
                    "RUN",
                    (1, 0, 3, 5),
                    s("RUN"),
                    command=("echo a     b", (1, 4, 3, 5)),
                    problems=problems,
                ),
                instruction(
                    "RUN",
                    line_span(text, 4),
                    s("RUN", 1),
                    command=("echo c", s("echo c")),
                ),
            ],
        )
    )

    # Spaces and tabs after the escape character still continue the line.
    text = "RUN a \\  \t\n b"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 0, 1, 2), s("RUN"), command=("a  b", (0, 4, 1, 2))
                )
            ],
        )
    )

    # BuildKit's pattern ([^E])E[ \t]*$: an escape preceded by an escape does not
    # continue the line, so two and three backslashes both end the instruction.
    for backslashes in ("\\\\", "\\\\\\"):
        text = f"RUN echo a {backslashes}\nRUN b"
        s = spans(text)
        cases.append(
            Case(
                text,
                [
                    instruction(
                        "RUN",
                        line_span(text, 0),
                        s("RUN"),
                        command=(f"echo a {backslashes}", s(f"echo a {backslashes}")),
                    ),
                    instruction(
                        "RUN",
                        line_span(text, 1),
                        s("RUN", 1),
                        command=("b", (1, 4, 1, 5)),
                    ),
                ],
            )
        )

    # A line holding only the escape character continues into the next one.
    text = "\\\nRUN a"
    s = spans(text)
    cases.append(
        Case(
            text,
            [instruction("RUN", (0, 0, 1, 5), s("RUN"), command=("a", (1, 4, 1, 5)))],
        )
    )

    text = "RUN a \\\n  \\\n  b"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 0, 2, 3), s("RUN"), command=("a     b", (0, 4, 2, 3))
                )
            ],
        )
    )

    # A continuation at the end of the text ends the instruction there.
    for text in ("RUN a \\", "RUN a \\\n"):
        s = spans(text)
        cases.append(
            Case(
                text,
                [
                    instruction(
                        "RUN", (0, 0, 0, 7), s("RUN"), command=("a", (0, 4, 0, 5))
                    )
                ],
            )
        )

    # A keyword split over two lines is one keyword.
    text = "RU\\\nN\nRUN"
    cases.append(
        Case(
            text,
            [
                instruction("RUN", (0, 0, 1, 1), (0, 0, 1, 1)),
                instruction("RUN", (2, 0, 2, 3), (2, 0, 2, 3)),
            ],
        )
    )

    # So is an image reference; the empty line between is dropped.
    text = "FROM alpi\\\n\nne:3"
    problems = ((ProblemKind.EMPTY_CONTINUATION, (0, 0, 2, 4)),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    (0, 0, 2, 4),
                    (0, 0, 0, 4),
                    args=(("alpine:3", (0, 5, 2, 4)),),
                    problems=problems,
                )
            ],
        )
    )

    text = "FROM ubuntu\nENV \\\n# shared settings:\n  MODE=dev \\\n  LEVEL=3\n"
    s = spans(text)
    pairs = (
        ("MODE", s("MODE"), "dev", s("dev")),
        ("LEVEL", s("LEVEL"), "3", s("3")),
    )
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(("ubuntu", s("ubuntu")),),
                ),
                instruction("ENV", (1, 0, 4, 9), s("ENV"), pairs=pairs),
            ],
            comment_lines=(),
        )
    )

    text = "RUN a''\\\n#\n''"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 0, 2, 2), (0, 0, 0, 3), command=("a''''", (0, 4, 2, 2))
                )
            ],
        )
    )

    text = (
        'FROM ubuntu\nRUN echo "hi there" &\\\n'
        '# a note with a [link](https://example.com) inside\necho "next"\n'
    )
    s = spans(text)
    command = ('echo "hi there" &echo "next"', join(s('echo "hi'), s('"next"')))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(("ubuntu", s("ubuntu")),),
                ),
                instruction("RUN", (1, 0, 3, 11), s("RUN"), command=command),
            ],
        )
    )
    return cases


def _heredoc_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]
    heredoc: tuple[Any, ...]

    # A body line reading `FROM scratch` is never an instruction.
    text = (
        "FROM debian:12 AS build\nRUN <<EOF\napt-get update\nFROM scratch\nEOF\n"
        "FROM build"
    )
    s = spans(text)
    heredoc = (
        "EOF",
        s("<<EOF"),
        False,
        True,
        "apt-get update\nFROM scratch\n",
        (2, 0, 3, 12),
        (4, 0, 4, 3),
    )
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(
                        ("debian:12", s("debian:12")),
                        ("AS", s("AS")),
                        ("build", s("build")),
                    ),
                ),
                instruction(
                    "RUN",
                    (1, 0, 4, 3),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                ),
                instruction(
                    "FROM",
                    line_span(text, 5),
                    (5, 0, 5, 4),
                    args=(("build", (5, 5, 5, 10)),),
                ),
            ],
        )
    )

    text = (
        "FROM alpine:3.20 AS base\nRUN echo preparing\nFROM base AS build\n"
        "COPY <<EOF /build.sh\necho hi\nEOF\nFROM alpine:3.20\n"
        "COPY --from=build /build.sh /usr/local/bin/\n"
    )
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "echo hi\n", (4, 0, 4, 7), (5, 0, 5, 3))
    parsed = [
        instruction(
            "FROM",
            line_span(text, 0),
            s("FROM"),
            args=(
                ("alpine:3.20", s("alpine:3.20")),
                ("AS", s("AS")),
                ("base", s("base")),
            ),
        ),
        instruction(
            "RUN",
            line_span(text, 1),
            s("RUN"),
            command=("echo preparing", s("echo preparing")),
        ),
        instruction(
            "FROM",
            line_span(text, 2),
            s("FROM", 1),
            args=(("base", s("base", 1)), ("AS", s("AS", 1)), ("build", s("build"))),
        ),
        instruction(
            "COPY",
            (3, 0, 5, 3),
            s("COPY"),
            args=(("<<EOF", s("<<EOF")), ("/build.sh", s("/build.sh"))),
            heredocs=(heredoc,),
        ),
        instruction(
            "FROM",
            line_span(text, 6),
            s("FROM", 2),
            args=(("alpine:3.20", s("alpine:3.20", 1)),),
        ),
        instruction(
            "COPY",
            line_span(text, 7),
            s("COPY", 1),
            flags=(("from", s("--from"), "build", s("build", 2)),),
            args=(
                ("/build.sh", s("/build.sh", 1)),
                ("/usr/local/bin/", s("/usr/local/bin/")),
            ),
        ),
    ]
    cases.append(Case(text, parsed))

    # `<<-` strips leading tabs from the terminator; the body keeps them, as
    # BuildKit's parser does (they are removed when the file is written).
    text = (
        "FROM alpine:3.22\nRUN cat <<-END > /a.txt\n\tfirst\n\tEND\n"
        "RUN cat <<END > /b.txt\nsecond\nEND"
    )
    s = spans(text)
    first = ("END", s("<<-END"), True, True, "\tfirst\n", (2, 0, 2, 6), (3, 0, 3, 4))
    second = ("END", s("<<END"), False, True, "second\n", (5, 0, 5, 6), (6, 0, 6, 3))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(("alpine:3.22", s("alpine:3.22")),),
                ),
                instruction(
                    "RUN",
                    (1, 0, 3, 4),
                    s("RUN"),
                    command=("cat <<-END > /a.txt", s("cat <<-END > /a.txt")),
                    heredocs=(first,),
                ),
                instruction(
                    "RUN",
                    (4, 0, 6, 3),
                    s("RUN", 1),
                    command=("cat <<END > /b.txt", s("cat <<END > /b.txt")),
                    heredocs=(second,),
                ),
            ],
        )
    )

    # Without the dash a tab-indented line is body, not the terminator.
    text = "RUN <<EOF > /x\n\tEOF\nEOF"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "\tEOF\n", (1, 0, 1, 4), (2, 0, 2, 3))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 2, 3),
                    s("RUN"),
                    command=("<<EOF > /x", s("<<EOF > /x")),
                    heredocs=(heredoc,),
                )
            ],
        )
    )

    # A quoted delimiter (any part of it) turns expansion off.
    for marker in ("<<'EOF'", '<<"EOF"', "<<E'O'F"):
        text = f"RUN {marker}\necho $HOME\nEOF"
        s = spans(text)
        heredoc = (
            "EOF",
            s(marker),
            False,
            False,
            "echo $HOME\n",
            (1, 0, 1, 10),
            (2, 0, 2, 3),
        )
        cases.append(
            Case(
                text,
                [
                    instruction(
                        "RUN",
                        (0, 0, 2, 3),
                        s("RUN"),
                        command=(marker, s(marker)),
                        heredocs=(heredoc,),
                    )
                ],
            )
        )

    # An escaped character is no quote: the delimiter is EOF and expands.
    text = "RUN <<E\\OF\nx\nEOF"
    s = spans(text)
    heredoc = ("EOF", s("<<E\\OF"), False, True, "x\n", (1, 0, 1, 1), (2, 0, 2, 3))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 2, 3),
                    s("RUN"),
                    command=("<<E\\OF", s("<<E\\OF")),
                    heredocs=(heredoc,),
                )
            ],
        )
    )

    # Since BuildKit v0.22 (moby/buildkit#5817) spaces may follow `<<`; v0.12
    # reads `<< 'EOF'` as two words and the body lines as instructions.
    text = (
        "FROM alpine:3.20\nRUN cat << 'EOF' > /etc/profile.d/prompt.sh\n"
        "export EDITOR=vi\nPS1='\\u@\\h \\w $ '\nEOF\nRUN <<'EOT'\n  echo\nEOT\n"
        "RUN echo after"
    )
    s = spans(text)
    profile = (
        "EOF",
        s("<< 'EOF'"),
        False,
        False,
        "export EDITOR=vi\nPS1='\\u@\\h \\w $ '\n",
        (2, 0, 3, 17),
        (4, 0, 4, 3),
    )
    echo = ("EOT", s("<<'EOT'"), False, False, "  echo\n", (6, 0, 6, 6), (7, 0, 7, 3))
    command = "cat << 'EOF' > /etc/profile.d/prompt.sh"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(("alpine:3.20", s("alpine:3.20")),),
                ),
                instruction(
                    "RUN",
                    (1, 0, 4, 3),
                    s("RUN"),
                    command=(command, s(command)),
                    heredocs=(profile,),
                ),
                instruction(
                    "RUN",
                    (5, 0, 7, 3),
                    s("RUN", 1),
                    command=("<<'EOT'", s("<<'EOT'")),
                    heredocs=(echo,),
                ),
                instruction(
                    "RUN",
                    line_span(text, 8),
                    s("RUN", 2),
                    command=("echo after", s("echo after")),
                ),
            ],
            differs_from_v0_12="a space after << opens a heredoc since BuildKit v0.22",
        )
    )

    # `<<-` followed by a space is still two words, so no heredoc.
    text = "RUN cat <<- EOF\nx\nEOF"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    line_span(text, 0),
                    s("RUN"),
                    command=("cat <<- EOF", s("cat <<- EOF")),
                ),
                instruction("X", line_span(text, 1), (1, 0, 1, 1)),
                instruction("EOF", line_span(text, 2), (2, 0, 2, 3)),
            ],
        )
    )

    # Several heredocs on one line are read one after the other.
    text = 'COPY <<EOF <<"EOT" /dst/\na\nEOF\nb\nEOT'
    s = spans(text)
    first = ("EOF", s("<<EOF"), False, True, "a\n", (1, 0, 1, 1), (2, 0, 2, 3))
    second = ("EOT", s('<<"EOT"'), False, False, "b\n", (3, 0, 3, 1), (4, 0, 4, 3))
    args = (("<<EOF", s("<<EOF")), ('<<"EOT"', s('<<"EOT"')), ("/dst/", s("/dst/")))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "COPY", (0, 0, 4, 3), s("COPY"), args=args, heredocs=(first, second)
                )
            ],
        )
    )

    # A file descriptor before `<<` is allowed.
    text = "RUN 3<<EOF cat\nx\nEOF"
    s = spans(text)
    heredoc = ("EOF", s("3<<EOF"), False, True, "x\n", (1, 0, 1, 1), (2, 0, 2, 3))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 2, 3),
                    s("RUN"),
                    command=("3<<EOF cat", s("3<<EOF cat")),
                    heredocs=(heredoc,),
                )
            ],
        )
    )

    # The marker may sit on a continuation line; the body starts after the last one.
    text = "RUN cat \\\n  <<EOF\nx\nEOF"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "x\n", (2, 0, 2, 1), (3, 0, 3, 3))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 3, 3),
                    s("RUN"),
                    command=("cat   <<EOF", (0, 4, 1, 7)),
                    heredocs=(heredoc,),
                )
            ],
        )
    )

    # A backslash at the end of a body line does not continue anything.
    text = "RUN <<EOF\necho a \\\nEOF\nFROM b"
    s = spans(text)
    heredoc = (
        "EOF",
        s("<<EOF"),
        False,
        True,
        "echo a \\\n",
        (1, 0, 1, 8),
        (2, 0, 2, 3),
    )
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 2, 3),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                ),
                instruction(
                    "FROM", line_span(text, 3), s("FROM"), args=(("b", (3, 5, 3, 6)),)
                ),
            ],
        )
    )

    # An unterminated heredoc runs to the end of the text.
    text = "FROM a\nRUN <<EOF\nbody"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "body", (2, 0, 2, 4), None)
    problems = ((ProblemKind.UNTERMINATED_HEREDOC, s("<<EOF")),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM", line_span(text, 0), s("FROM"), args=(("a", (0, 5, 0, 6)),)
                ),
                instruction(
                    "RUN",
                    (1, 0, 2, 4),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                    problems=problems,
                ),
            ],
        )
    )

    text = "FROM a\nRUN <<EOF\nbody\n"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "body\n", (2, 0, 2, 4), None)
    problems = ((ProblemKind.UNTERMINATED_HEREDOC, s("<<EOF")),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM", line_span(text, 0), s("FROM"), args=(("a", (0, 5, 0, 6)),)
                ),
                instruction(
                    "RUN",
                    (1, 0, 2, 4),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                    problems=problems,
                ),
            ],
        )
    )

    text = "RUN <<EOF\n"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "", None, None)
    problems = ((ProblemKind.UNTERMINATED_HEREDOC, s("<<EOF")),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 0, 9),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                    problems=problems,
                )
            ],
        )
    )

    # The heredoc of an ONBUILD trigger belongs to the trigger.
    text = "ONBUILD RUN <<EOF\necho hi\nEOF"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "echo hi\n", (1, 0, 1, 7), (2, 0, 2, 3))
    sub = trigger("RUN", s("RUN"), command=("<<EOF", s("<<EOF")), heredocs=(heredoc,))
    cases.append(
        Case(text, [instruction("ONBUILD", (0, 0, 2, 3), s("ONBUILD"), sub=sub)])
    )

    # Exec form and other instructions have no heredocs.
    text = 'RUN ["cat", "<<EOF"]\nEOF'
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    line_span(text, 0),
                    s("RUN"),
                    json=True,
                    args=(("cat", s("cat")), ("<<EOF", s("<<EOF"))),
                ),
                instruction("EOF", line_span(text, 1), (1, 0, 1, 3)),
            ],
        )
    )
    text = "ENV A=<<EOF\nEOF"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "ENV",
                    line_span(text, 0),
                    s("ENV"),
                    pairs=(("A", s("A"), "<<EOF", s("<<EOF")),),
                ),
                instruction("EOF", line_span(text, 1), (1, 0, 1, 3)),
            ],
        )
    )

    # BuildKit's shell lexer fails on an unterminated quote anywhere in the line or on
    # a malformed `${}`. BuildKit then finds no heredoc at all.
    for tail in ("# don't", "${}"):
        text = f"RUN cat <<EOF {tail}\nbody\nEOF"
        s = spans(text)
        command = f"cat <<EOF {tail}"
        cases.append(
            Case(
                text,
                [
                    instruction(
                        "RUN",
                        line_span(text, 0),
                        s("RUN"),
                        command=(command, s(command)),
                    ),
                    instruction("BODY", line_span(text, 1), (1, 0, 1, 4)),
                    instruction("EOF", line_span(text, 2), (2, 0, 2, 3)),
                ],
            )
        )

    # A well-formed expansion with a space does not hide the heredoc.
    text = "RUN echo ${a:-x y} <<EOF\nbody\nEOF"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "body\n", (1, 0, 1, 4), (2, 0, 2, 3))
    command = "echo ${a:-x y} <<EOF"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 2, 3),
                    s("RUN"),
                    command=(command, s(command)),
                    heredocs=(heredoc,),
                )
            ],
        )
    )
    return cases


def _exec_form_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    # Strings in exec form keep their spaces; a word's span leaves out its quotes.
    text = (
        "FROM golang:1.22 AS build\nFROM alpine:3.20\n"
        'COPY --from=build ["/app/out dir", "/srv/"]\n'
        "CMD ['/srv/app']"
    )
    s = spans(text)
    problems = ((ProblemKind.JSON_SINGLE_QUOTES, (3, 4, 3, 16)),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    line_span(text, 0),
                    s("FROM"),
                    args=(
                        ("golang:1.22", s("golang:1.22")),
                        ("AS", s("AS")),
                        ("build", s("build")),
                    ),
                ),
                instruction(
                    "FROM",
                    line_span(text, 1),
                    s("FROM", 1),
                    args=(("alpine:3.20", s("alpine:3.20")),),
                ),
                instruction(
                    "COPY",
                    line_span(text, 2),
                    s("COPY"),
                    flags=(("from", s("--from"), "build", s("build", 1)),),
                    json=True,
                    args=(("/app/out dir", s("/app/out dir")), ("/srv/", s("/srv/"))),
                ),
                # Single quotes are not JSON, so this is shell form.
                instruction(
                    "CMD",
                    line_span(text, 3),
                    s("CMD"),
                    command=("['/srv/app']", s("['/srv/app']")),
                    problems=problems,
                ),
            ],
        )
    )

    # An array with a non-string element is an error in BuildKit.
    text = 'RUN ["echo", 1]'
    s = spans(text)
    problems = ((ProblemKind.INVALID_JSON, s('["echo", 1]')),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    s(text),
                    s("RUN"),
                    command=('["echo", 1]', s('["echo", 1]')),
                    problems=problems,
                )
            ],
        )
    )

    # Windows paths: JSON escapes are decoded, and the span covers the raw string.
    raw = "C:\\\\Program Files\\\\Go"
    text = f'COPY --from=golang:1.22.6-windowsservercore-ltsc2022 ["{raw}","{raw}"]'
    s = spans(text)
    value = "C:\\Program Files\\Go"
    flag = (
        "from",
        s("--from"),
        "golang:1.22.6-windowsservercore-ltsc2022",
        s("golang:1.22.6-windowsservercore-ltsc2022"),
    )
    cases.append(
        Case(
            text,
            [
                instruction(
                    "COPY",
                    s(text),
                    s("COPY"),
                    flags=(flag,),
                    json=True,
                    args=((value, s(raw)), (value, s(raw, 1))),
                )
            ],
        )
    )
    raw = "C:\\\\\\\\Program Files\\\\\\\\Go"
    text = f'COPY ["{raw}","C:\\\\"]'
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "COPY",
                    s(text),
                    s("COPY"),
                    json=True,
                    args=(
                        ("C:\\\\Program Files\\\\Go", s(raw)),
                        ("C:\\", inner(s('"C:\\\\"'))),
                    ),
                )
            ],
        )
    )

    text = 'ENTRYPOINT [ "a" , "b" ]'
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "ENTRYPOINT",
                    s(text),
                    s("ENTRYPOINT"),
                    json=True,
                    args=(("a", (0, 14, 0, 15)), ("b", (0, 20, 0, 21))),
                )
            ],
        )
    )

    text = "CMD []"
    s = spans(text)
    cases.append(Case(text, [instruction("CMD", s(text), s("CMD"), json=True)]))

    text = 'CMD ["a\\u00e9", "b\\"c"]'
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "CMD",
                    s(text),
                    s("CMD"),
                    json=True,
                    args=(("a\u00e9", s("a\\u00e9")), ('b"c', s('b\\"c'))),
                )
            ],
        )
    )

    text = 'SHELL ["powershell", "-Command"]'
    s = spans(text)
    args = (("powershell", s("powershell")), ("-Command", s("-Command")))
    cases.append(
        Case(text, [instruction("SHELL", s(text), s("SHELL"), json=True, args=args)])
    )

    text = 'VOLUME ["/a", "/b"]'
    s = spans(text)
    args = (("/a", s("/a")), ("/b", s("/b")))
    cases.append(
        Case(text, [instruction("VOLUME", s(text), s("VOLUME"), json=True, args=args)])
    )

    text = "VOLUME /a /b"
    s = spans(text)
    args = (("/a", s("/a")), ("/b", s("/b")))
    cases.append(Case(text, [instruction("VOLUME", s(text), s("VOLUME"), args=args)]))

    # Go's JSON decoder rejects NaN and numbers beyond float64, so BuildKit reads
    # these as shell form without an error.
    for array in ("[NaN]", "[1e999]"):
        text = f"RUN {array}"
        s = spans(text)
        cases.append(
            Case(
                text, [instruction("RUN", s(text), s("RUN"), command=(array, s(array)))]
            )
        )

    # Go decodes a lone surrogate escape to U+FFFD.
    text = 'RUN ["\\ud800"]'
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    s(text),
                    s("RUN"),
                    json=True,
                    args=(("\ufffd", s("\\ud800")),),
                )
            ],
        )
    )

    # Go whitespace around the array is trimmed, U+3000 included.
    text = 'CMD ["a"]\u3000'
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "CMD", s(text), s("CMD"), json=True, args=(("a", (0, 6, 0, 7)),)
                )
            ],
        )
    )
    return cases


def _flag_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    flags: tuple[tuple[Any, ...], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    # The name span includes the dashes; the value span is the value after `=`.
    text = "COPY --from=build --chown=1000:1000 /a /b"
    s = spans(text)
    flags = (
        ("from", s("--from"), "build", s("build")),
        ("chown", s("--chown"), "1000:1000", s("1000:1000")),
    )
    args = (("/a", s("/a")), ("/b", s("/b")))
    cases.append(
        Case(text, [instruction("COPY", s(text), s("COPY"), flags=flags, args=args)])
    )

    # Quotes are removed from a value; its span leaves them out.
    text = 'COPY --from="my stage" --chmod=755 a b'
    s = spans(text)
    flags = (
        ("from", s("--from"), "my stage", s("my stage")),
        ("chmod", s("--chmod"), "755", s("755")),
    )
    args = (("a", (0, 35, 0, 36)), ("b", (0, 37, 0, 38)))
    cases.append(
        Case(text, [instruction("COPY", s(text), s("COPY"), flags=flags, args=args)])
    )

    text = "COPY --link --from=a a b"
    s = spans(text)
    flags = (("link", s("--link"), None, None), ("from", s("--from"), "a", s("a")))
    args = (("a", s("a", 1)), ("b", s("b")))
    cases.append(
        Case(text, [instruction("COPY", s(text), s("COPY"), flags=flags, args=args)])
    )

    text = "RUN --mount=type=cache,target=/root/.cache,id='x y' go build"
    s = spans(text)
    value = "type=cache,target=/root/.cache,id=x y"
    flags = (("mount", s("--mount"), value, join(s("type"), s("x y"))),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    s(text),
                    s("RUN"),
                    flags=flags,
                    command=("go build", s("go build")),
                )
            ],
        )
    )

    text = 'COPY --from=a"b"c x y'
    s = spans(text)
    flags = (("from", s("--from"), "abc", s('a"b"c')),)
    args = (("x", s("x")), ("y", s("y")))
    cases.append(
        Case(text, [instruction("COPY", s(text), s("COPY"), flags=flags, args=args)])
    )

    # A bare `--` ends the flags.
    text = "RUN --network=none -- --not-a-flag"
    s = spans(text)
    flags = (("network", s("--network"), "none", s("none")),)
    command = ("--not-a-flag", s("--not-a-flag"))
    cases.append(
        Case(
            text, [instruction("RUN", s(text), s("RUN"), flags=flags, command=command)]
        )
    )

    # So does a word that reads `--` once its quotes are removed.
    text = 'COPY --"" a b'
    s = spans(text)
    args = (("a", s("a")), ("b", s("b")))
    cases.append(Case(text, [instruction("COPY", s(text), s("COPY"), args=args)]))

    text = "COPY --from= a b"
    s = spans(text)
    flags = (("from", s("--from"), "", (0, 12, 0, 12)),)
    args = (("a", s("a")), ("b", s("b")))
    cases.append(
        Case(text, [instruction("COPY", s(text), s("COPY"), flags=flags, args=args)])
    )

    # BuildKit matches flag names case-sensitively, so the spelling is kept.
    text = "COPY --FROM=a b c"
    s = spans(text)
    flags = (("FROM", s("--FROM"), "a", s("a")),)
    args = (("b", s("b")), ("c", s("c")))
    cases.append(
        Case(text, [instruction("COPY", s(text), s("COPY"), flags=flags, args=args)])
    )

    text = "COPY --from=build\\\n  --chown=app /a /b"
    s = spans(text)
    flags = (
        ("from", s("--from"), "build", s("build")),
        ("chown", s("--chown"), "app", s("app")),
    )
    args = (("/a", s("/a")), ("/b", s("/b")))
    cases.append(
        Case(
            text,
            [instruction("COPY", (0, 0, 1, 19), s("COPY"), flags=flags, args=args)],
        )
    )

    # A backslash that ends the line inside quotes is dropped.
    text = 'COPY --a="b\\'
    s = spans(text)
    flags = (("a", s("--a"), "b", s("b")),)
    problems = ((ProblemKind.MISSING_ARGUMENTS, s("COPY")),)
    cases.append(
        Case(
            text,
            [instruction("COPY", s(text), s("COPY"), flags=flags, problems=problems)],
        )
    )
    return cases


def _line_ending_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]
    heredoc: tuple[Any, ...]

    # CRLF: no span includes the carriage return.
    text = (
        "# syntax=docker/dockerfile:1\r\nFROM alpine:3.20\r\nRUN <<EOF\r\n"
        '    echo ok >/tmp/output\r\nEOF\r\nCMD ["cat", "/tmp/output"]\r\n'
    )
    s = spans(text)
    heredoc = (
        "EOF",
        s("<<EOF"),
        False,
        True,
        "    echo ok >/tmp/output\n",
        (3, 0, 3, 24),
        (4, 0, 4, 3),
    )
    cases.append(
        Case(
            text,
            [
                instruction(
                    "FROM",
                    (1, 0, 1, 16),
                    s("FROM"),
                    args=(("alpine:3.20", s("alpine:3.20")),),
                ),
                instruction(
                    "RUN",
                    (2, 0, 4, 3),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                ),
                instruction(
                    "CMD",
                    (5, 0, 5, 26),
                    s("CMD"),
                    json=True,
                    args=(("cat", s("cat")), ("/tmp/output", s("/tmp/output", 1))),
                ),
            ],
        )
    )

    text = "FROM a AS b\r\nRUN x \\\r\n  y\r\n"
    s = spans(text)
    args = (("a", s("a")), ("AS", s("AS")), ("b", s("b")))
    cases.append(
        Case(
            text,
            [
                instruction("FROM", (0, 0, 0, 11), s("FROM"), args=args),
                instruction(
                    "RUN", (1, 0, 2, 3), s("RUN"), command=("x   y", (1, 4, 2, 3))
                ),
            ],
        )
    )

    # BuildKit trims every carriage return at the end of a line.
    text = "RUN a \\\r\r\n b"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 0, 1, 2), (0, 0, 0, 3), command=("a  b", (0, 4, 1, 2))
                )
            ],
        )
    )
    text = "RUN <<EOF\nx\r\r\nEOF\r\r\nRUN b"
    s = spans(text)
    heredoc = ("EOF", s("<<EOF"), False, True, "x\n", (1, 0, 1, 1), (2, 0, 2, 3))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 2, 3),
                    s("RUN"),
                    command=("<<EOF", s("<<EOF")),
                    heredocs=(heredoc,),
                ),
                instruction(
                    "RUN", (3, 0, 3, 5), s("RUN", 1), command=("b", (3, 4, 3, 5))
                ),
            ],
        )
    )

    # A last line holding only a carriage return is a line BuildKit reads: here an
    # empty continuation line.
    text = "RUN a \\\n\r"
    problems = ((ProblemKind.EMPTY_CONTINUATION, (0, 0, 1, 0)),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    (0, 0, 1, 0),
                    (0, 0, 0, 3),
                    command=("a", (0, 4, 0, 5)),
                    problems=problems,
                )
            ],
        )
    )

    # A byte order mark is column 0 of line 0, so the keyword starts at column 1.
    text = "\ufeffFROM alpine:3.20 AS build\nFROM build\n"
    s = spans(text)
    args = (
        ("alpine:3.20", s("alpine:3.20")),
        ("AS", s("AS")),
        ("build", (0, 21, 0, 26)),
    )
    cases.append(
        Case(
            text,
            [
                instruction("FROM", (0, 1, 0, 26), (0, 1, 0, 5), args=args),
                instruction(
                    "FROM",
                    (1, 0, 1, 10),
                    (1, 0, 1, 4),
                    args=(("build", (1, 5, 1, 10)),),
                ),
            ],
        )
    )

    text = "\ufeff  RUN a"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 3, 0, 8), (0, 3, 0, 6), command=("a", (0, 7, 0, 8))
                )
            ],
        )
    )

    text = "\ufeffRUN a \\\n b"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", (0, 1, 1, 2), (0, 1, 0, 4), command=("a  b", (0, 5, 1, 2))
                )
            ],
        )
    )
    return cases


def _pair_cases() -> list[Case]:
    cases: list[Case] = []
    pairs: tuple[tuple[Any, ...], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    # Values keep their quotes: BuildKit removes them when it expands the value.
    text = 'ENV A=1 B="two words" C='
    s = spans(text)
    pairs = (
        ("A", s("A"), "1", s("1")),
        ("B", s("B"), '"two words"', s('"two words"')),
        ("C", s("C"), "", (0, 24, 0, 24)),
    )
    cases.append(Case(text, [instruction("ENV", s(text), s("ENV"), pairs=pairs)]))

    # The legacy form `ENV key value`: the value is the rest of the line.
    text = "ENV PATH /usr/local/bin:$PATH"
    s = spans(text)
    pairs = (("PATH", s("PATH"), "/usr/local/bin:$PATH", s("/usr/local/bin:$PATH")),)
    cases.append(Case(text, [instruction("ENV", s(text), s("ENV"), pairs=pairs)]))

    text = "ENV A  b  c  "
    s = spans(text)
    pairs = (("A", s("A"), "b  c", s("b  c")),)
    cases.append(Case(text, [instruction("ENV", s(text), s("ENV"), pairs=pairs)]))

    text = "ENV ONLY"
    s = spans(text)
    problems = ((ProblemKind.MISSING_ARGUMENTS, s("ONLY")),)
    pairs = (("ONLY", s("ONLY"), None, None),)
    cases.append(
        Case(
            text,
            [instruction("ENV", s(text), s("ENV"), pairs=pairs, problems=problems)],
        )
    )

    # Once the first word has `=`, every word needs one.
    text = "LABEL a=b c"
    s = spans(text)
    problems = ((ProblemKind.INVALID_KEY_VALUE, s("c")),)
    pairs = (("a", s("a"), "b", s("b")), ("c", s("c"), None, None))
    cases.append(
        Case(
            text,
            [instruction("LABEL", s(text), s("LABEL"), pairs=pairs, problems=problems)],
        )
    )

    text = 'LABEL "com.example.vendor"="ACME Inc" version="1.0"'
    s = spans(text)
    pairs = (
        (
            '"com.example.vendor"',
            s('"com.example.vendor"'),
            '"ACME Inc"',
            s('"ACME Inc"'),
        ),
        ("version", s("version"), '"1.0"', s('"1.0"')),
    )
    cases.append(Case(text, [instruction("LABEL", s(text), s("LABEL"), pairs=pairs)]))

    text = "ARG VERSION"
    s = spans(text)
    pairs = (("VERSION", s("VERSION"), None, None),)
    cases.append(Case(text, [instruction("ARG", s(text), s("ARG"), pairs=pairs)]))

    text = "ARG A=1 B"
    s = spans(text)
    pairs = (("A", (0, 4, 0, 5), "1", s("1")), ("B", s("B"), None, None))
    cases.append(Case(text, [instruction("ARG", s(text), s("ARG"), pairs=pairs)]))

    text = 'ENV GREETING="grüß dich" FACE=\u263a'
    s = spans(text)
    pairs = (
        ("GREETING", s("GREETING"), '"grüß dich"', s('"grüß dich"')),
        ("FACE", s("FACE"), "\u263a", s("\u263a")),
    )
    cases.append(Case(text, [instruction("ENV", s(text), s("ENV"), pairs=pairs)]))

    # Inside single quotes the escape character is an ordinary character.
    text = "ENV a='x\\' b=c"
    s = spans(text)
    pairs = (("a", s("a"), "'x\\'", s("'x\\'")), ("b", s("b"), "c", s("c")))
    cases.append(Case(text, [instruction("ENV", s(text), s("ENV"), pairs=pairs)]))

    # An escape character at the very end is dropped from the value.
    text = "ENV a=b\\\\\\"
    s = spans(text)
    pairs = (("a", s("a"), "b\\\\", s("b\\\\")),)
    cases.append(Case(text, [instruction("ENV", s(text), s("ENV"), pairs=pairs)]))

    # The legacy form splits the raw text once on space, tab, CR, VT or FF, so an
    # escaped space ends the key and a no-break space does not.
    text = "LABEL \\\\-\\\n\\ WORKDIR"
    pairs = (("\\\\-\\", (0, 6, 1, 1), "WORKDIR", (1, 2, 1, 9)),)
    cases.append(
        Case(text, [instruction("LABEL", (0, 0, 1, 9), (0, 0, 0, 5), pairs=pairs)])
    )
    text = "ENV a\xa0b"
    s = spans(text)
    problems = ((ProblemKind.MISSING_ARGUMENTS, s("a\xa0b")),)
    pairs = (("a\xa0b", s("a\xa0b"), None, None),)
    cases.append(
        Case(
            text,
            [instruction("ENV", s(text), s("ENV"), pairs=pairs, problems=problems)],
        )
    )
    return cases


def _healthcheck_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    flags: tuple[tuple[Any, ...], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    text = "HEALTHCHECK NONE"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "HEALTHCHECK",
                    s(text),
                    s("HEALTHCHECK"),
                    args=(("NONE", s("NONE")),),
                )
            ],
        )
    )

    text = (
        "HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ "
        "|| exit 1"
    )
    s = spans(text)
    flags = (
        ("interval", s("--interval"), "30s", s("30s")),
        ("timeout", s("--timeout"), "3s", s("3s")),
    )
    command = "curl -f http://localhost/ || exit 1"
    cases.append(
        Case(
            text,
            [
                instruction(
                    "HEALTHCHECK",
                    s(text),
                    s("HEALTHCHECK"),
                    flags=flags,
                    args=(("CMD", s("CMD")),),
                    command=(command, s(command)),
                )
            ],
        )
    )

    text = 'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]'
    s = spans(text)
    args = (
        ("CMD", s("CMD")),
        ("curl", s("curl")),
        ("-f", s("-f")),
        ("http://localhost/", s("http://localhost/")),
    )
    cases.append(
        Case(
            text,
            [
                instruction(
                    "HEALTHCHECK", s(text), s("HEALTHCHECK"), json=True, args=args
                )
            ],
        )
    )

    # BuildKit's parser takes any first word as the type and reads the rest as
    # exec or shell form; the type is checked later.
    text = 'HEALTHCHECK FOO ["a"]'
    s = spans(text)
    args = (("FOO", s("FOO")), ("a", (0, 18, 0, 19)))
    cases.append(
        Case(
            text,
            [
                instruction(
                    "HEALTHCHECK", s(text), s("HEALTHCHECK"), json=True, args=args
                )
            ],
        )
    )

    text = "HEALTHCHECK CMD"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "HEALTHCHECK", s(text), s("HEALTHCHECK"), args=(("CMD", s("CMD")),)
                )
            ],
        )
    )

    text = "HEALTHCHECK CMD [1]"
    s = spans(text)
    problems = ((ProblemKind.INVALID_JSON, s("[1]")),)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "HEALTHCHECK",
                    s(text),
                    s("HEALTHCHECK"),
                    args=(("CMD", s("CMD")),),
                    command=("[1]", s("[1]")),
                    problems=problems,
                )
            ],
        )
    )
    return cases


def _onbuild_cases() -> list[Case]:
    cases: list[Case] = []
    flags: tuple[tuple[Any, ...], ...]
    problems: tuple[tuple[ProblemKind, Any], ...]

    text = "ONBUILD RUN echo hi"
    s = spans(text)
    sub = trigger("RUN", s("RUN"), command=("echo hi", s("echo hi")))
    cases.append(Case(text, [instruction("ONBUILD", s(text), s("ONBUILD"), sub=sub)]))

    text = "ONBUILD COPY --from=build /a /b"
    s = spans(text)
    sub = trigger(
        "COPY",
        s("COPY"),
        flags=(("from", s("--from"), "build", s("build")),),
        args=(("/a", s("/a")), ("/b", s("/b"))),
    )
    cases.append(Case(text, [instruction("ONBUILD", s(text), s("ONBUILD"), sub=sub)]))

    # Flags before the trigger belong to ONBUILD itself.
    text = "ONBUILD --x=y RUN a"
    s = spans(text)
    sub = trigger("RUN", s("RUN"), command=("a", (0, 18, 0, 19)))
    flags = (("x", s("--x"), "y", s("y")),)
    cases.append(
        Case(
            text, [instruction("ONBUILD", s(text), s("ONBUILD"), flags=flags, sub=sub)]
        )
    )

    text = 'ONBUILD RUN ["a"]'
    s = spans(text)
    sub = trigger("RUN", s("RUN"), json=True, args=(("a", (0, 14, 0, 15)),))
    cases.append(Case(text, [instruction("ONBUILD", s(text), s("ONBUILD"), sub=sub)]))

    # BuildKit rejects FROM, MAINTAINER and ONBUILD as triggers.
    for keyword in ("FROM", "MAINTAINER"):
        text = f"ONBUILD {keyword} a"
        s = spans(text)
        if keyword == "FROM":
            sub = trigger(keyword, s(keyword), args=(("a", s("a")),))
        else:
            sub = trigger(keyword, s(keyword), command=("a", s("a")))
        problems = ((ProblemKind.INVALID_ONBUILD, s(keyword)),)
        cases.append(
            Case(
                text,
                [
                    instruction(
                        "ONBUILD", s(text), s("ONBUILD"), sub=sub, problems=problems
                    )
                ],
            )
        )

    # A nested ONBUILD is not parsed further, however deep the chain.
    text = "ONBUILD ONBUILD RUN x"
    s = spans(text)
    sub = trigger("ONBUILD", s("ONBUILD", 1), args=(("RUN", s("RUN")), ("x", s("x"))))
    problems = ((ProblemKind.INVALID_ONBUILD, s("ONBUILD", 1)),)
    cases.append(
        Case(
            text,
            [instruction("ONBUILD", s(text), s("ONBUILD"), sub=sub, problems=problems)],
        )
    )

    text = "ONBUILD"
    s = spans(text)
    problems = ((ProblemKind.MISSING_ARGUMENTS, s("ONBUILD")),)
    cases.append(
        Case(text, [instruction("ONBUILD", s(text), s("ONBUILD"), problems=problems)])
    )
    return cases


def _whitespace_cases() -> list[Case]:
    cases: list[Case] = []
    args: tuple[tuple[str, Any], ...]
    pairs: tuple[tuple[Any, ...], ...]

    # BuildKit splits the keyword off on space, tab, CR, VT and FF only: after a
    # no-break space the keyword goes on, and names no instruction.
    text = "RUN\xa0echo hi"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN\xa0echo", s(text), s("RUN\xa0echo"), args=(("hi", s("hi")),)
                )
            ],
        )
    )

    # U+001C to U+001F are whitespace to Python but not to Go.
    text = "\x1cRUN a"
    s = spans(text)
    cases.append(
        Case(
            text, [instruction("\x1cRUN", s(text), s("\x1cRUN"), args=(("a", s("a")),))]
        )
    )

    # Go's strings.TrimSpace removes U+0085 before the arguments.
    text = "COPY \x85--from=a b"
    s = spans(text)
    args = (("--from=a", s("--from=a")), ("b", s("b")))
    cases.append(Case(text, [instruction("COPY", s(text), s("COPY"), args=args)]))

    # Under a backtick escape a backslash is an ordinary character.
    text = "# escape=`\nFROM alpine`\n  AS build"
    s = spans(text)
    args = (("alpine", s("alpine")), ("AS", s("AS")), ("build", s("build")))
    cases.append(Case(text, [instruction("FROM", (1, 0, 2, 10), s("FROM"), args=args)]))

    text = "# escape=`\nRUN dir C:\\ ``\nRUN b"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN",
                    line_span(text, 1),
                    s("RUN"),
                    command=("dir C:\\ ``", s("dir C:\\ ``")),
                ),
                instruction(
                    "RUN", line_span(text, 2), s("RUN", 1), command=("b", (2, 4, 2, 5))
                ),
            ],
        )
    )

    text = "# escape=`\nCOPY C:\\src\\ C:\\dst\\\nRUN b"
    s = spans(text)
    args = (("C:\\src\\", s("C:\\src\\")), ("C:\\dst\\", s("C:\\dst\\")))
    cases.append(
        Case(
            text,
            [
                instruction("COPY", line_span(text, 1), s("COPY"), args=args),
                instruction(
                    "RUN", line_span(text, 2), s("RUN"), command=("b", (2, 4, 2, 5))
                ),
            ],
        )
    )

    text = "# escape=`\nENV A=C:\\dir B=x``y"
    s = spans(text)
    pairs = (("A", s("A"), "C:\\dir", s("C:\\dir")), ("B", s("B"), "x``y", s("x``y")))
    cases.append(
        Case(text, [instruction("ENV", line_span(text, 1), s("ENV"), pairs=pairs)])
    )

    text = "RUN\techo\t'ü'"
    s = spans(text)
    cases.append(
        Case(
            text,
            [
                instruction(
                    "RUN", s(text), s("RUN"), command=("echo\t'ü'", s("echo\t'ü'"))
                )
            ],
        )
    )
    return cases


CASES = (
    _basic_cases()
    + _continuation_cases()
    + _heredoc_cases()
    + _exec_form_cases()
    + _flag_cases()
    + _line_ending_cases()
    + _pair_cases()
    + _healthcheck_cases()
    + _onbuild_cases()
    + _whitespace_cases()
)


@pytest.mark.parametrize("case", CASES, ids=[repr(case.text) for case in CASES])
def test_instructions(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if case.differs_from_v0_12 is None],
    ids=lambda case: repr(case.text),
)
def test_table_input_matches_buildkit(case: Case) -> None:
    try:
        commands = dockerfile.parse_string(case.text)
    except dockerfile.GoParseError:
        pytest.skip("BuildKit rejects this input")
    assert render(parse(case.text)) == render_buildkit(commands)


# Parser directives and the other parts of the whole file.


@dataclass
class DirectiveCase:
    """An input and the directives, escape character and problems expected."""

    text: str
    directives: tuple[tuple[str, str, SpanTuple, SpanTuple, SpanTuple], ...]
    escape: str = "\\"
    problems: tuple[tuple[ProblemKind, SpanTuple], ...] = ()
    comment_lines: tuple[int, ...] = ()
    differs_from_v0_12: str | None = None


def _directive(text: str, line: int, name: str, value: str) -> tuple[Any, ...]:
    """The expected directive on ``line``: the name and value are found there."""
    content = text.split("\n")[line].rstrip("\r")
    name_col = content.index(name)
    value_col = content.index(value, name_col + len(name))
    start = len(content) - len(content.lstrip(" \t\ufeff"))
    return (
        name.lower(),
        value,
        (line, start, line, len(content.rstrip(" \t"))),
        (line, name_col, line, name_col + len(name)),
        (line, value_col, line, value_col + len(value)),
    )


def _directive_cases() -> list[DirectiveCase]:
    cases: list[DirectiveCase] = []

    # Directive lines are comment lines too.
    text = "# syntax=docker/dockerfile:1\nFROM a"
    cases.append(
        DirectiveCase(
            text,
            (_directive(text, 0, "syntax", "docker/dockerfile:1"),),
            comment_lines=(0,),
        )
    )

    text = "# escape=`\nFROM a"
    cases.append(
        DirectiveCase(
            text, (_directive(text, 0, "escape", "`"),), "`", comment_lines=(0,)
        )
    )

    text = "# check=skip=all\nFROM a"
    cases.append(
        DirectiveCase(
            text, (_directive(text, 0, "check", "skip=all"),), comment_lines=(0,)
        )
    )

    # Keys are case-insensitive; spaces around `=` are allowed.
    text = "#syntax = docker/dockerfile:1.7\n#  ESCAPE=`\nFROM a"
    cases.append(
        DirectiveCase(
            text,
            (
                _directive(text, 0, "syntax", "docker/dockerfile:1.7"),
                _directive(text, 1, "ESCAPE", "`"),
            ),
            "`",
            comment_lines=(0, 1),
        )
    )

    # Only the leading block holds directives: an instruction, a blank line, an
    # ordinary comment or an unknown key ends it.
    for text, comments in (
        ("FROM a\n# escape=`\n", (1,)),
        ("\n# escape=`\nFROM a", (1,)),
        ("# hello\n# escape=`\nFROM a", (0, 1)),
        ("# foo=bar\n# escape=`\nFROM a", (0, 1)),
        ("# syntax=\n# escape=`\nFROM a", (0, 1)),
    ):
        cases.append(DirectiveCase(text, (), comment_lines=comments))

    # BuildKit fails on a second directive of the same name.
    text = "# escape=`\n# escape=\\\nFROM a"
    cases.append(
        DirectiveCase(
            text,
            (_directive(text, 0, "escape", "`"),),
            "`",
            problems=((ProblemKind.DUPLICATE_DIRECTIVE, (1, 0, 1, 10)),),
            comment_lines=(0, 1),
        )
    )

    # BuildKit fails on an escape character other than ` and \.
    text = "# escape=x\nFROM a"
    cases.append(
        DirectiveCase(
            text,
            (_directive(text, 0, "escape", "x"),),
            problems=((ProblemKind.INVALID_ESCAPE, (0, 9, 0, 10)),),
            comment_lines=(0,),
        )
    )

    # When only spaces follow `=`, BuildKit's lazy pattern takes the last one.
    text = "# escape=    \nFROM a"
    cases.append(
        DirectiveCase(
            text,
            (("escape", " ", (0, 0, 0, 13), (0, 2, 0, 8), (0, 12, 0, 13)),),
            problems=((ProblemKind.INVALID_ESCAPE, (0, 12, 0, 13)),),
            comment_lines=(0,),
        )
    )

    # A byte order mark before the directive: columns count it.
    text = "\ufeff# syntax=docker/dockerfile:1\nFROM a"
    cases.append(
        DirectiveCase(
            text,
            (
                (
                    "syntax",
                    "docker/dockerfile:1",
                    (0, 1, 0, 29),
                    (0, 3, 0, 9),
                    (0, 10, 0, 29),
                ),
            ),
            comment_lines=(0,),
        )
    )

    text = "  # escape=`\nFROM a`\n b"
    cases.append(
        DirectiveCase(
            text, (_directive(text, 0, "escape", "`"),), "`", comment_lines=(0,)
        )
    )

    text = "# escape=`\r\nFROM a`\r\n b"
    cases.append(
        DirectiveCase(
            text, (_directive(text, 0, "escape", "`"),), "`", comment_lines=(0,)
        )
    )

    # BuildKit v0.12 does not know `check`, so it ends the block there.
    text = "# check=skip=all\n# escape=`\nFROM a`\n b"
    cases.append(
        DirectiveCase(
            text,
            (
                _directive(text, 0, "check", "skip=all"),
                _directive(text, 1, "escape", "`"),
            ),
            "`",
            comment_lines=(0, 1),
            differs_from_v0_12="the check directive is newer than BuildKit v0.12",
        )
    )

    # Current BuildKit skips any Unicode space after `#`; v0.12's pattern only
    # ASCII ones.
    text = "#\u2003escape=`\nFROM a`\n b"
    cases.append(
        DirectiveCase(
            text,
            (("escape", "`", (0, 0, 0, 10), (0, 2, 0, 8), (0, 9, 0, 10)),),
            "`",
            comment_lines=(0,),
            differs_from_v0_12="BuildKit v0.12 allows only ASCII spaces after #",
        )
    )
    return cases


DIRECTIVE_CASES = _directive_cases()


@pytest.mark.parametrize(
    "case", DIRECTIVE_CASES, ids=[repr(case.text) for case in DIRECTIVE_CASES]
)
def test_directives(case: DirectiveCase) -> None:
    parsed = parse(case.text)
    directives = tuple(
        (d.name, d.value, tuple(d.span), tuple(d.name_span), tuple(d.value_span))
        for d in parsed.directives
    )
    assert directives == case.directives
    assert parsed.escape == case.escape
    assert tuple((p.kind, tuple(p.span)) for p in parsed.problems) == case.problems
    assert tuple(parsed.comment_lines) == case.comment_lines


@pytest.mark.parametrize(
    "case",
    [case for case in DIRECTIVE_CASES if case.differs_from_v0_12 is None],
    ids=lambda case: repr(case.text),
)
def test_directive_input_matches_buildkit(case: DirectiveCase) -> None:
    try:
        commands = dockerfile.parse_string(case.text)
    except dockerfile.GoParseError:
        pytest.skip("BuildKit rejects this input")
    assert render(parse(case.text)) == render_buildkit(commands)


def test_directive_lookup_by_name() -> None:
    parsed = parse("# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a")
    check = parsed.directive("check")
    assert check is not None
    assert check.value == "skip=all"
    assert parsed.directive("escape") is None


@pytest.mark.parametrize(
    ("text", "bom"),
    [("FROM a", False), ("\ufeffFROM a", True), ("FROM a\ufeff", False)],
    ids=repr,
)
def test_byte_order_mark_flag(text: str, bom: bool) -> None:
    assert parse(text).bom is bom


@pytest.mark.parametrize(
    ("text", "line", "span"),
    [
        ("# a\nFROM a", 0, (0, 0, 0, 3)),
        ("FROM a\n  # b c", 1, (1, 2, 1, 7)),
        ("\ufeff# c\nFROM a", 0, (0, 1, 0, 4)),
        ("# c\r\nFROM a", 0, (0, 0, 0, 3)),
    ],
    ids=repr,
)
def test_comment_span(text: str, line: int, span: SpanTuple) -> None:
    parsed = parse(text)
    assert line in parsed.comment_lines
    assert tuple(parsed.comment_span(line)) == span


@pytest.mark.parametrize(
    ("text", "final_newline", "lines"),
    [
        ("FROM a", False, ["FROM a"]),
        ("FROM a\n", True, ["FROM a", ""]),
        ("FROM a\r\n", True, ["FROM a", ""]),
        ("FROM a\n\r", False, ["FROM a", ""]),
        ("", False, [""]),
    ],
    ids=repr,
)
def test_lines_and_final_newline(
    text: str, final_newline: bool, lines: list[str]
) -> None:
    parsed = parse(text)
    assert parsed.lines == lines
    assert parsed.final_newline is final_newline


def test_instruction_at_covers_heredoc_body() -> None:
    parsed = parse("FROM a\nRUN <<EOF\nbody\nEOF\n\nRUN b")
    found = parsed.instruction_at(2)
    assert found is not None
    assert found.line == 1
    assert parsed.instruction_at(4) is None
