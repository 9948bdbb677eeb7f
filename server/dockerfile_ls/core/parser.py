"""Split Dockerfile text into parser directives, comments and instructions.

The rules are BuildKit's (``frontend/dockerfile/parser/parser.go`` and
``directives.go``): directives only in the leading block of ``# key=value`` lines,
the escape character from ``# escape=``, continuation lines joined with comment lines
and blank lines inside them dropped, and heredoc bodies read after the instruction
line, never parsed as instructions. The parser never raises; problems are recorded
with spans.

``parse(text, previous)`` reuses the previous version's parse: instructions before
the first changed line and after the last one are kept (moved when lines were added
or removed), and only the instructions in between are parsed again.
"""

from __future__ import annotations

import logging
from bisect import bisect_left

from dockerfile_ls.core.heredocs import Marker, find_markers
from dockerfile_ls.core.instructions import (
    HEREDOC_INSTRUCTIONS,
    build_node,
    instruction_name,
)
from dockerfile_ls.core.lexer import (
    GO_SPACE,
    go_strip_end,
    parse_json_array,
    split_flags,
    split_keyword,
)
from dockerfile_ls.core.syntax import (
    Directive,
    Dockerfile,
    Heredoc,
    Instruction,
    InstructionNode,
    Layout,
    Problem,
    ProblemKind,
    Word,
)
from dockerfile_ls.core.text import BOM, Span, split_lines

logger = logging.getLogger(__name__)

# Go's \s, which BuildKit's directive pattern uses.
_REGEX_SPACE = "\t\n\f\r "
_DIRECTIVE_NAMES = frozenset({"syntax", "escape", "check"})


def parse(text: str, previous: Dockerfile | None = None) -> Dockerfile:
    """Parse a whole document, reusing ``previous`` where the text is unchanged."""
    lines = split_lines(text)
    final_newline = text.endswith("\n")
    bom = bool(lines) and lines[0].startswith(BOM)
    directives, escape, problems = _read_directives(lines, bom)
    if (
        previous is not None
        and previous.escape == escape
        and previous.bom == bom
        and previous.final_newline == final_newline
        and previous.directives == directives
    ):
        instructions, comment_lines, kept_nodes = _parse_incremental(
            lines, previous, escape, bom
        )
        return Dockerfile(
            lines,
            escape,
            directives,
            instructions,
            comment_lines,
            problems,
            bom,
            kept_nodes,
            final_newline,
        )

    nodes: dict[str, InstructionNode] = {}
    old_nodes: dict[str, InstructionNode] = {}
    if previous is not None and previous.escape == escape:
        old_nodes = previous.nodes
    scanner = _Scanner(lines, final_newline, escape, bom, old_nodes, nodes)
    scanner.scan(0)
    return Dockerfile(
        lines,
        escape,
        directives,
        scanner.instructions,
        scanner.comments,
        problems,
        bom,
        nodes,
        final_newline,
    )


def _read_directives(
    lines: list[str], bom: bool
) -> tuple[tuple[Directive, ...], str, list[Problem]]:
    """Read the leading directive block: directives, escape character, problems."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    escape = "\\"
    seen: set[str] = set()
    for index, raw in enumerate(lines):
        offset = 1 if index == 0 and bom else 0
        content = raw[offset:]
        stripped = content.lstrip(GO_SPACE)
        if not stripped.startswith("#"):
            return tuple(directives), escape, problems
        lead = offset + len(content) - len(stripped)
        body = stripped[1:].lstrip(GO_SPACE)
        body_start = offset + len(content) - len(body)
        match = _match_directive(body)
        if match is None:
            return tuple(directives), escape, problems
        name_end, value_start, value_end = match
        name = body[:name_end].lower()
        if name not in _DIRECTIVE_NAMES:
            return tuple(directives), escape, problems
        name_span = Span(index, body_start, index, body_start + name_end)
        value_span = Span(
            index, body_start + value_start, index, body_start + value_end
        )
        # A value of spaces only is its last space, which may end the line.
        end = max(len(raw.rstrip(GO_SPACE)), value_span.end_col)
        span = Span(index, lead, index, end)
        value = body[value_start:value_end]
        if name in seen:
            problems.append(
                Problem(
                    ProblemKind.DUPLICATE_DIRECTIVE,
                    span,
                    f"only one {name} parser directive can be used",
                )
            )
            continue
        seen.add(name)
        if name == "escape":
            if value in ("\\", "`"):
                escape = value
            else:
                problems.append(
                    Problem(
                        ProblemKind.INVALID_ESCAPE,
                        value_span,
                        f"invalid escape token '{value}' does not match ` or \\",
                    )
                )
        directives.append(Directive(name, value, span, name_span, value_span))
    return tuple(directives), escape, problems


def _match_directive(body: str) -> tuple[int, int, int] | None:
    """Match ``key = value`` as BuildKit's directive pattern does.

    The pattern is ``^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$``. Returns the end
    of the key and the bounds of the value, or None. Written out by hand because
    the pattern backtracks quadratically on long runs of spaces.
    """
    if not body or not body[0].isascii() or not body[0].isalpha():
        return None
    name_end = 1
    while (
        name_end < len(body) and body[name_end].isascii() and body[name_end].isalnum()
    ):
        name_end += 1
    pos = name_end
    while pos < len(body) and body[pos] in _REGEX_SPACE:
        pos += 1
    if pos >= len(body) or body[pos] != "=":
        return None
    pos += 1
    if pos >= len(body):
        return None
    value_start = pos
    while value_start < len(body) and body[value_start] in _REGEX_SPACE:
        value_start += 1
    value_end = len(body.rstrip(_REGEX_SPACE))
    if value_end <= value_start:
        # Only spaces follow `=`: the lazy group takes the last one.
        return name_end, len(body) - 1, len(body)
    return name_end, value_start, value_end


def _common_prefix(old: list[str], new: list[str]) -> int:
    """Count the leading lines two versions share (binary search over slices)."""
    limit = min(len(old), len(new))
    if old[:limit] == new[:limit]:
        return limit
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(old: list[str], new: list[str], limit: int) -> int:
    """Count the trailing lines two versions share, at most ``limit``."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _parse_incremental(
    lines: list[str],
    previous: Dockerfile,
    escape: str,
    bom: bool,
) -> tuple[list[Instruction], list[int], dict[str, InstructionNode]]:
    """Rescan from just before the first changed line and reuse the unchanged tail.

    The caller has checked that the escape character, the directives and the byte
    order mark are the same, so every line outside the change parses as before.
    """
    old_lines = previous.lines
    prefix = _common_prefix(old_lines, lines)
    if prefix == len(old_lines) == len(lines):
        return previous.instructions, previous.comment_lines, previous.nodes
    suffix = _common_suffix(old_lines, lines, min(len(old_lines), len(lines)) - prefix)
    delta = len(lines) - len(old_lines)

    # Keep the instructions that end before the first changed line, except the last
    # one: a continuation or heredoc that ran to the old end may now go further.
    old_instructions = previous.instructions
    keep = 0
    while keep < len(old_instructions) and old_instructions[keep].end_line < prefix:
        keep += 1
    keep = max(keep - 1, 0)
    restart = old_instructions[keep].line if keep < len(old_instructions) else prefix
    restart = min(restart, prefix)
    comments_kept = bisect_left(previous.comment_lines, restart)

    nodes = previous.nodes
    if len(nodes) > 2 * len(old_instructions) + 256:
        nodes = {}
    scanner = _Scanner(lines, previous.final_newline, escape, bom, nodes, nodes)
    scanner.instructions = old_instructions[:keep]
    scanner.comments = previous.comment_lines[:comments_kept]
    scanner.resync = _Resync(previous, len(lines) - suffix, delta)
    scanner.scan(restart)
    return scanner.instructions, scanner.comments, nodes


class _Resync:
    """Decides where a rescan meets the unchanged tail of the previous version."""

    def __init__(self, previous: Dockerfile, tail_start: int, delta: int) -> None:
        self.previous = previous
        self.tail_start = tail_start
        self.delta = delta
        self.starts = [instruction.line for instruction in previous.instructions]

    def try_join(self, line: int, scanner: _Scanner) -> bool:
        """At top level at ``line``: append the old tail if it is unchanged here."""
        if line < self.tail_start:
            return False
        old_line = line - self.delta
        index = bisect_left(self.starts, old_line)
        old_instructions = self.previous.instructions
        if index > 0 and old_instructions[index - 1].end_line >= old_line:
            return False
        delta = self.delta
        tail = old_instructions[index:]
        if delta:
            tail = [Instruction(ins.line + delta, ins.node) for ins in tail]
        scanner.instructions.extend(tail)
        old_comments = self.previous.comment_lines
        first_comment = bisect_left(old_comments, old_line)
        scanner.comments.extend(line + delta for line in old_comments[first_comment:])
        return True


class _Scanner:
    """One pass over the lines, from a top-level position to the end."""

    def __init__(
        self,
        lines: list[str],
        final_newline: bool,
        escape: str,
        bom: bool,
        old_nodes: dict[str, InstructionNode],
        nodes: dict[str, InstructionNode],
    ) -> None:
        self.lines = lines
        # Text ending in a newline has a last empty line that BuildKit's line
        # scanner never reads; it must not join a continuation or a heredoc.
        self.count = len(lines) - 1 if final_newline else len(lines)
        self.escape = escape
        self.bom = bom
        self.old_nodes = old_nodes
        self.nodes = nodes
        self.instructions: list[Instruction] = []
        self.comments: list[int] = []
        self.resync: _Resync | None = None

    def scan(self, start: int) -> None:
        lines = self.lines
        count = self.count
        escape = self.escape
        index = start
        while index < count:
            if self.resync is not None and self.resync.try_join(index, self):
                return
            raw = lines[index]
            if index == 0 and self.bom:
                raw = raw[1:]
            stripped = raw.lstrip(GO_SPACE)
            if not stripped:
                index += 1
                continue
            if stripped[0] == "#":
                self.comments.append(index)
                index += 1
                continue
            tail = stripped.rstrip(" \t")
            if not tail.endswith(escape) and "<<" not in stripped:
                key = lines[index] if index or not self.bom else "\0" + lines[index]
                node = self.nodes.get(key) or self.old_nodes.get(key)
                if node is None:
                    node = self._single_line_node(raw, stripped, index)
                self.nodes[key] = node
                self.instructions.append(Instruction(index, node))
                index += 1
                continue
            index = self._multi_line(index)

    def _single_line_node(self, raw: str, stripped: str, index: int) -> InstructionNode:
        col = len(raw) - len(stripped) + (1 if index == 0 and self.bom else 0)
        layout = Layout((0,), (0,), (col,))
        span = Span(0, col, 0, col + len(stripped))
        return _build_guarded(stripped, layout, self.escape, (), 1, span, ())

    def _multi_line(self, start: int) -> int:
        """Read the instruction starting at ``start``; return the next line index."""
        lines = self.lines
        count = self.count
        escape = self.escape
        first = lines[start]
        offset = 1 if start == 0 and self.bom else 0
        content = first[offset:]
        stripped = content.lstrip(GO_SPACE)
        col = offset + len(content) - len(stripped)

        parts: list[str] = []
        seg_offsets: list[int] = []
        seg_lines: list[int] = []
        seg_cols: list[int] = []
        length = 0
        has_empty = False
        text, continued = _trim_continuation(stripped, escape)
        parts.append(text)
        seg_offsets.append(0)
        seg_lines.append(0)
        seg_cols.append(col)
        length += len(text)
        index = start + 1
        while continued and index < count:
            raw = lines[index]
            left = raw.lstrip(GO_SPACE)
            if left.startswith("#"):
                index += 1
                continue
            if not left:
                has_empty = True
                index += 1
                continue
            text, continued = _trim_continuation(raw, escape)
            seg_offsets.append(length)
            seg_lines.append(index - start)
            seg_cols.append(0)
            parts.append(text)
            length += len(text)
            index += 1
        logical = "".join(parts)
        layout = Layout(tuple(seg_offsets), tuple(seg_lines), tuple(seg_cols))
        last_line = index - 1

        problems: list[Problem] = []
        heredocs: tuple[Heredoc, ...] = ()
        markers = _heredoc_markers(logical)
        if markers:
            heredocs, last_line, heredoc_problems = self._read_heredocs(
                markers, logical, layout, start, index
            )
            problems.extend(heredoc_problems)
            index = last_line + 1

        end_text = lines[last_line]
        span = Span(0, col, last_line - start, len(end_text))
        if has_empty:
            problems.append(
                Problem(ProblemKind.EMPTY_CONTINUATION, span, "Empty continuation line")
            )
        key_lines = lines[start : last_line + 1]
        key = "\n".join(key_lines)
        if last_line + 1 < len(lines):
            # A heredoc body that runs to the end of the text ends with a newline
            # only when the text does, so the key keeps the two apart.
            key += "\n"
        if start == 0 and self.bom:
            key = "\0" + key
        node = self.nodes.get(key) or self.old_nodes.get(key)
        if node is None:
            node = _build_guarded(
                logical,
                layout,
                escape,
                heredocs,
                last_line - start + 1,
                span,
                tuple(problems),
            )
        self.nodes[key] = node
        self.instructions.append(Instruction(start, node))
        return index

    def _read_heredocs(
        self,
        markers: list[Marker],
        logical: str,
        layout: Layout,
        start: int,
        index: int,
    ) -> tuple[tuple[Heredoc, ...], int, list[Problem]]:
        lines = self.lines
        count = self.count
        heredocs: list[Heredoc] = []
        problems: list[Problem] = []
        last_line = index - 1
        for name, strip_tabs, expand, marker_start, marker_end in markers:
            marker = Word(
                logical[marker_start:marker_end],
                logical[marker_start:marker_end],
                layout.span(marker_start, marker_end),
                marker_start,
                marker_end,
                layout,
            )
            body_start = index
            terminator: Span | None = None
            body_parts: list[str] = []
            while index < count:
                candidate = lines[index]
                compare = candidate.lstrip("\t") if strip_tabs else candidate
                if compare == name:
                    terminator = Span(index - start, 0, index - start, len(candidate))
                    index += 1
                    break
                body_parts.append(candidate)
                index += 1
            body_end = index - 1 if terminator is not None else index
            body_span = None
            if body_end > body_start:
                body_span = Span(
                    body_start - start,
                    0,
                    body_end - 1 - start,
                    len(lines[body_end - 1]),
                )
            body = "\n".join(body_parts)
            if body_parts and body_end < len(lines):
                # Every body line but the last line of the text ends with a newline.
                body += "\n"
            heredocs.append(
                Heredoc(name, marker, strip_tabs, expand, body, body_span, terminator)
            )
            last_line = index - 1
            if terminator is None:
                problems.append(
                    Problem(
                        ProblemKind.UNTERMINATED_HEREDOC,
                        marker.span,
                        f"unterminated heredoc {name}",
                    )
                )
                break
        return tuple(heredocs), max(last_line, start), problems


def _trim_continuation(text: str, escape: str) -> tuple[str, bool]:
    """Remove a trailing line-continuation escape (and spaces or tabs after it).

    BuildKit's pattern is ``([^E])E[ \\t]*$|^E[ \\t]*$`` for escape character E, so an
    escape preceded by another escape does not continue the line.
    """
    tail = text.rstrip(" \t")
    if tail.endswith(escape) and (len(tail) == 1 or tail[-2] != escape):
        return tail[:-1], True
    return text, False


def _heredoc_markers(logical: str) -> list[Marker]:
    """Find the heredoc markers of an instruction that may have heredocs.

    As BuildKit's ``canContainHeredoc``: ADD, COPY and RUN (also as an ONBUILD
    trigger) in shell form, never in exec (JSON) form.
    """
    if "<<" not in logical:
        return []
    keyword_start, keyword_end, rest_start = split_keyword(logical)
    keyword = instruction_name(logical[keyword_start:keyword_end])
    if keyword == "ONBUILD":
        _, inner_start = split_flags(logical, rest_start)
        keyword_start, keyword_end, rest_start = split_keyword(logical, inner_start)
        keyword = instruction_name(logical[keyword_start:keyword_end])
    if keyword not in HEREDOC_INSTRUCTIONS:
        return []
    _, line_end = go_strip_end(logical)
    _, args_start = split_flags(logical, rest_start, line_end)
    if parse_json_array(logical, args_start, line_end).words is not None:
        return []
    return find_markers(logical)


def _build_guarded(
    text: str,
    layout: Layout,
    escape: str,
    heredocs: tuple[Heredoc, ...],
    line_count: int,
    span: Span,
    problems: tuple[Problem, ...],
) -> InstructionNode:
    """Build a node; a bug in the builder becomes a logged, empty instruction."""
    try:
        return build_node(text, layout, escape, heredocs, line_count, span, problems)
    except Exception:
        logger.exception("failed to parse instruction %r", text[:200])
        return build_node("", layout, escape, (), line_count, span, problems)
