"""The Dockerfile syntax tree: instructions, flags, words, heredocs and directives.

An ``InstructionNode`` is parsed once per distinct instruction text and reused across
document versions, so its spans are relative: line 0 is the instruction's first line.
An ``Instruction`` places a node at an absolute line in one version of a document and
converts the node's spans with ``Instruction.span``. Everything else (directives,
comments, problems of the whole file) carries absolute spans.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import Enum
from typing import NamedTuple

from dockerfile_ls.core.lexer import GO_SPACE
from dockerfile_ls.core.text import Span


class Layout(NamedTuple):
    """Map from an instruction's logical line to its characters in the source.

    BuildKit joins continued lines into one logical line; segment ``i`` starts at
    logical offset ``offsets[i]`` and at (``lines[i]``, ``cols[i]``), relative to the
    instruction's first line.
    """

    offsets: tuple[int, ...]
    lines: tuple[int, ...]
    cols: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the relative (line, col) of the character at ``offset``."""
        if len(self.offsets) == 1:
            return self.lines[0], self.cols[0] + offset
        index = bisect_right(self.offsets, offset) - 1
        if index < 0:
            index = 0
        return self.lines[index], self.cols[index] + offset - self.offsets[index]

    def end_position(self, offset: int) -> tuple[int, int]:
        """Return the relative position just after the character at ``offset - 1``."""
        if offset <= 0:
            return self.position(0)
        line, col = self.position(offset - 1)
        return line, col + 1

    def span(self, start: int, end: int) -> Span:
        """Return the relative span of the logical text ``[start, end)``."""
        line, col = self.position(start)
        if end <= start:
            return Span(line, col, line, col)
        end_line, end_col = self.end_position(end)
        return Span(line, col, end_line, end_col)


class Word(NamedTuple):
    """A word of an instruction: its value with quotes and escapes removed.

    ``start`` and ``end`` are offsets into the logical line. ``offsets`` is set only
    when the value is not a plain copy of ``raw`` (quotes or escapes removed); it then
    holds the logical offset of each character of ``value``.
    """

    value: str
    raw: str
    span: Span
    start: int
    end: int
    layout: Layout
    offsets: tuple[int, ...] | None = None

    def sub_span(self, start: int, end: int) -> Span:
        """Return the relative span of ``value[start:end]``."""
        if self.offsets is None:
            return self.layout.span(self.start + start, self.start + end)
        if not self.offsets:
            return self.span
        if start >= len(self.offsets):
            # The empty range after the last character, where typing continues.
            after = self.offsets[-1] + 1
            return self.layout.span(after, after)
        first = self.offsets[start]
        if end <= start:
            return self.layout.span(first, first)
        last = self.offsets[min(end, len(self.offsets)) - 1]
        return self.layout.span(first, last + 1)


class Flag(NamedTuple):
    """An instruction flag such as ``--from=build`` or ``--link``.

    ``name`` is written without the leading dashes and keeps its case, because
    BuildKit matches flag names case-sensitively. ``value`` is None for a flag
    written without ``=``.
    """

    name: str
    name_span: Span
    value: Word | None
    span: Span


class Heredoc(NamedTuple):
    """A here-document: ``<<EOF`` (or ``<<-EOF``, ``<<"EOF"``) and its body lines.

    ``body_span`` covers the body lines without the terminator and is None for an
    empty body; ``terminator_span`` is None when the heredoc is unterminated.
    """

    name: str
    marker: Word
    strip_tabs: bool
    expand: bool
    body: str
    body_span: Span | None
    terminator_span: Span | None


class ProblemKind(Enum):
    """Syntax problems the parser finds; the rules turn them into findings."""

    EMPTY_CONTINUATION = "empty-continuation"
    UNTERMINATED_HEREDOC = "unterminated-heredoc"
    INVALID_JSON = "invalid-json"
    JSON_SINGLE_QUOTES = "json-single-quotes"
    DUPLICATE_DIRECTIVE = "duplicate-directive"
    INVALID_ESCAPE = "invalid-escape"
    MISSING_ARGUMENTS = "missing-arguments"
    INVALID_ONBUILD = "invalid-onbuild"
    INVALID_KEY_VALUE = "invalid-key-value"


class Problem(NamedTuple):
    """A syntax problem with the span it covers and BuildKit's wording where known."""

    kind: ProblemKind
    span: Span
    message: str


class KeyValue(NamedTuple):
    """A ``key=value`` pair of ENV, LABEL or ARG, or a bare ARG name."""

    key: Word
    value: Word | None
    legacy: bool = False


class InstructionNode(NamedTuple):
    """One parsed instruction with spans relative to its first line.

    ``keyword`` is uppercase. ``args`` contains the words after the flags: the JSON
    strings in exec form, otherwise the whitespace-separated words. ``command`` is
    the whole text after the flags for shell-form RUN, CMD, ENTRYPOINT and SHELL and
    the single argument of USER, WORKDIR, MAINTAINER and STOPSIGNAL. ``sub`` is the
    trigger instruction of ONBUILD; its spans are relative to the same first line.
    """

    keyword: str
    keyword_word: Word
    flags: tuple[Flag, ...]
    args: tuple[Word, ...]
    json: bool
    command: Word | None
    pairs: tuple[KeyValue, ...]
    heredocs: tuple[Heredoc, ...]
    sub: InstructionNode | None
    problems: tuple[Problem, ...]
    span: Span
    line_count: int
    layout: Layout

    def flag(self, name: str) -> Flag | None:
        """Return the last flag called ``name``: BuildKit keeps the last value."""
        found = None
        for flag in self.flags:
            if flag.name == name:
                found = flag
        return found

    def flags_named(self, name: str) -> list[Flag]:
        return [flag for flag in self.flags if flag.name == name]


class Instruction:
    """An instruction node placed at ``line`` in one document version.

    Instances are shared between document versions when an edit does not move them,
    so treat them as immutable.
    """

    __slots__ = ("line", "node")

    def __init__(self, line: int, node: InstructionNode) -> None:
        self.line = line
        self.node = node

    def __repr__(self) -> str:
        return f"Instruction(line={self.line}, keyword={self.node.keyword!r})"

    @property
    def keyword(self) -> str:
        return self.node.keyword

    @property
    def end_line(self) -> int:
        return self.line + self.node.line_count - 1

    def span(self, relative: Span) -> Span:
        """Convert a span of this instruction's node into an absolute span."""
        return relative.shifted(self.line)

    @property
    def full_span(self) -> Span:
        return self.node.span.shifted(self.line)


class Directive(NamedTuple):
    """A parser directive such as ``# syntax=docker/dockerfile:1``."""

    name: str
    value: str
    span: Span
    name_span: Span
    value_span: Span


class Dockerfile:
    """The parse of one document version.

    ``nodes`` maps an instruction's source text to its parsed node; the next parse of
    the same document reuses it, so an edit reparses only the instructions it touches.
    ``final_newline`` is True when the text ends with ``\\n``. The empty last line
    of ``lines`` is then one that BuildKit's scanner never reads.
    """

    lines: list[str]
    escape: str
    directives: tuple[Directive, ...]
    instructions: list[Instruction]
    comment_lines: list[int]
    problems: list[Problem]
    bom: bool
    nodes: dict[str, InstructionNode]
    final_newline: bool

    __slots__ = (
        "lines",
        "escape",
        "directives",
        "instructions",
        "comment_lines",
        "problems",
        "bom",
        "nodes",
        "final_newline",
    )

    def __init__(
        self,
        lines: list[str],
        escape: str,
        directives: tuple[Directive, ...],
        instructions: list[Instruction],
        comment_lines: list[int],
        problems: list[Problem] | None = None,
        bom: bool = False,
        nodes: dict[str, InstructionNode] | None = None,
        final_newline: bool = False,
    ) -> None:
        self.lines = lines
        self.escape = escape
        self.directives = directives
        self.instructions = instructions
        self.comment_lines = comment_lines
        self.problems = list() if problems is None else problems
        self.bom = bom
        self.nodes = dict() if nodes is None else nodes
        self.final_newline = final_newline

    def comment_span(self, line: int) -> Span:
        """Return the span of the comment on ``line``, from ``#`` to the line's end.

        ``comment_lines`` lists the comment lines between instructions; a comment
        line inside a continued instruction belongs to that instruction.
        """
        text = self.lines[line]
        start = 1 if line == 0 and self.bom else 0
        while start < len(text) and text[start] in GO_SPACE:
            start += 1
        return Span(line, start, line, len(text))

    def directive(self, name: str) -> Directive | None:
        for directive in self.directives:
            if directive.name == name:
                return directive
        return None

    def instruction_index(self, line: int) -> int:
        """Return the index of the last instruction starting at or before ``line``."""
        low, high = 0, len(self.instructions)
        while low < high:
            middle = (low + high) // 2
            if self.instructions[middle].line <= line:
                low = middle + 1
            else:
                high = middle
        return low - 1

    def instruction_at(self, line: int) -> Instruction | None:
        """Return the instruction whose lines include ``line`` (heredocs included)."""
        index = self.instruction_index(line)
        if index < 0:
            return None
        candidate = self.instructions[index]
        if line <= candidate.end_line:
            return candidate
        return None
