"""The Dockerfile syntax tree: instructions, flags, words, heredocs and directives.

An ``InstructionNode`` is parsed once per distinct instruction text and reused across
document versions, so its spans are relative: line 0 is the instruction's first line.
An ``Instruction`` places a node at an absolute line in one version of a document and
converts the node's spans with ``Instruction.span``. Everything else (directives,
comments, problems) carries absolute spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from dockerfile_ls.core.text import Span


@dataclass(frozen=True, slots=True)
class Word:
    """A word of an instruction: its value with quotes and escapes removed.

    ``positions`` is set only when the value does not map one to one onto a single
    run of source characters (quotes, escapes or a line continuation inside it); it
    then holds the relative (line, col) of each character of ``value`` plus one
    entry for the end.
    """

    value: str
    raw: str
    span: Span
    positions: tuple[tuple[int, int], ...] | None = None

    def sub_span(self, start: int, end: int) -> Span:
        """Return the relative span of ``value[start:end]``."""
        if self.positions is None:
            line, col = self.span.start_line, self.span.start_col
            return Span(line, col + start, line, col + end)
        first = self.positions[min(start, len(self.positions) - 1)]
        last = self.positions[min(end, len(self.positions) - 1)]
        return Span(first[0], first[1], last[0], last[1])


@dataclass(frozen=True, slots=True)
class Flag:
    """An instruction flag such as ``--from=build`` or ``--link``.

    ``name`` is lowercase without the leading dashes; ``value`` is None for a flag
    written without ``=``.
    """

    name: str
    name_span: Span
    value: Word | None
    span: Span


@dataclass(frozen=True, slots=True)
class Heredoc:
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
    """Problems the parser finds; the rules turn them into findings."""

    EMPTY_CONTINUATION = "empty-continuation"
    UNTERMINATED_HEREDOC = "unterminated-heredoc"
    INVALID_JSON = "invalid-json"
    JSON_SINGLE_QUOTES = "json-single-quotes"
    DUPLICATE_DIRECTIVE = "duplicate-directive"
    INVALID_ESCAPE = "invalid-escape"
    MISSING_ARGUMENTS = "missing-arguments"
    NULL_CHARACTER = "null-character"


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax problem with the span it covers and BuildKit's wording where known."""

    kind: ProblemKind
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class KeyValue:
    """A ``key=value`` pair of ENV, LABEL or ARG, or a bare ARG name."""

    key: Word
    value: Word | None
    legacy: bool = False


@dataclass(frozen=True, slots=True)
class InstructionNode:
    """One parsed instruction with spans relative to its first line.

    ``keyword`` is uppercase. ``args`` holds the words after the flags: the JSON
    strings in exec form, otherwise the whitespace-separated words. ``command`` is
    the whole text after the flags for shell-form RUN, CMD, ENTRYPOINT and SHELL.
    ``sub`` is ONBUILD's trigger instruction.
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

    def flag(self, name: str) -> Flag | None:
        """Return the last flag called ``name``, the one BuildKit uses."""
        found = None
        for flag in self.flags:
            if flag.name == name:
                found = flag
        return found


@dataclass(frozen=True, slots=True)
class Instruction:
    """An instruction node placed at ``line`` in one document version."""

    line: int
    node: InstructionNode
    index: int = 0

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


@dataclass(frozen=True, slots=True)
class Directive:
    """A parser directive such as ``# syntax=docker/dockerfile:1``."""

    name: str
    value: str
    span: Span
    name_span: Span
    value_span: Span


@dataclass(slots=True)
class Dockerfile:
    """The parse of one document version."""

    lines: list[str]
    escape: str
    directives: tuple[Directive, ...]
    instructions: list[Instruction]
    comment_lines: list[int]
    problems: list[Problem] = field(default_factory=list)
    bom: bool = False

    def directive(self, name: str) -> Directive | None:
        for directive in self.directives:
            if directive.name == name:
                return directive
        return None

    def instruction_at(self, line: int) -> Instruction | None:
        """Return the instruction whose lines include ``line`` (heredocs included)."""
        low, high = 0, len(self.instructions)
        while low < high:
            middle = (low + high) // 2
            if self.instructions[middle].line <= line:
                low = middle + 1
            else:
                high = middle
        if low == 0:
            return None
        candidate = self.instructions[low - 1]
        if candidate.line <= line <= candidate.end_line:
            return candidate
        return None
