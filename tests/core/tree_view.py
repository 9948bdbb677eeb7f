"""Turn a parsed Dockerfile into plain nested tuples with absolute spans.

Two parses are the same tree exactly when their renderings compare equal: every
word, flag, pair, heredoc, problem, directive and comment line is included, with
each span converted to absolute lines and the per-character spans of every word.
"""

from __future__ import annotations

from dockerfile_ls.core.syntax import (
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    InstructionNode,
    KeyValue,
    Problem,
    Word,
)
from dockerfile_ls.core.text import Span

Tree = tuple[object, ...]


def render_tree(dockerfile: Dockerfile) -> Tree:
    """Render the whole parse of one document version."""
    return (
        tuple(dockerfile.lines),
        dockerfile.escape,
        dockerfile.bom,
        dockerfile.final_newline,
        tuple(
            (d.name, d.value, d.span, d.name_span, d.value_span)
            for d in dockerfile.directives
        ),
        tuple(_problem(problem, 0) for problem in dockerfile.problems),
        tuple(dockerfile.comment_lines),
        tuple(
            render_instruction(instruction) for instruction in dockerfile.instructions
        ),
    )


def render_instruction(instruction: Instruction) -> Tree:
    """Render one instruction, its spans moved to the instruction's line."""
    return (
        instruction.line,
        instruction.end_line,
        instruction.full_span,
        _node(instruction.node, instruction.line),
    )


def _shift(span: Span | None, line: int) -> Span | None:
    return None if span is None else span.shifted(line)


def _word(word: Word | None, line: int) -> Tree | None:
    if word is None:
        return None
    characters = tuple(
        _shift(word.sub_span(index, index + 1), line)
        for index in range(len(word.value))
    )
    return (word.value, word.raw, _shift(word.span, line), characters)


def _flag(flag: Flag, line: int) -> Tree:
    return (
        flag.name,
        _shift(flag.name_span, line),
        _word(flag.value, line),
        _shift(flag.span, line),
    )


def _pair(pair: KeyValue, line: int) -> Tree:
    return (_word(pair.key, line), _word(pair.value, line), pair.legacy)


def _heredoc(heredoc: Heredoc, line: int) -> Tree:
    return (
        heredoc.name,
        _word(heredoc.marker, line),
        heredoc.strip_tabs,
        heredoc.expand,
        heredoc.body,
        _shift(heredoc.body_span, line),
        _shift(heredoc.terminator_span, line),
    )


def _problem(problem: Problem, line: int) -> Tree:
    return (problem.kind.value, _shift(problem.span, line), problem.message)


def _node(node: InstructionNode, line: int) -> Tree:
    layout = node.layout
    return (
        node.keyword,
        _word(node.keyword_word, line),
        tuple(_flag(flag, line) for flag in node.flags),
        tuple(_word(word, line) for word in node.args),
        node.json,
        _word(node.command, line),
        tuple(_pair(pair, line) for pair in node.pairs),
        tuple(_heredoc(heredoc, line) for heredoc in node.heredocs),
        None if node.sub is None else _node(node.sub, line),
        tuple(_problem(problem, line) for problem in node.problems),
        _shift(node.span, line),
        node.line_count,
        (layout.offsets, tuple(offset + line for offset in layout.lines), layout.cols),
    )
