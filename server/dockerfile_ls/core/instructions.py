"""Build an ``InstructionNode`` from one logical instruction line.

The argument shape of each instruction follows BuildKit's parser dispatch table
(``frontend/dockerfile/parser/parser.go``): whitespace-separated words for FROM and
EXPOSE, JSON-or-words for COPY, ADD and VOLUME, JSON-or-command for RUN, CMD,
ENTRYPOINT and SHELL, name/value pairs for ENV, LABEL and ARG, and a nested
instruction for ONBUILD.
"""

from __future__ import annotations

from dockerfile_ls.core.lexer import (
    RawWord,
    parse_json_array,
    parse_words,
    split_flags,
    split_whitespace,
)
from dockerfile_ls.core.syntax import (
    Flag,
    Heredoc,
    InstructionNode,
    KeyValue,
    Layout,
    Problem,
    ProblemKind,
    Word,
)
from dockerfile_ls.core.text import Span

WORDS_OR_JSON = frozenset({"COPY", "ADD", "VOLUME"})
COMMAND_OR_JSON = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL"})
SINGLE_STRING = frozenset({"MAINTAINER", "USER", "WORKDIR", "STOPSIGNAL"})
NAME_VALUE = frozenset({"ENV", "LABEL"})
KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
        "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
        "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    }
)  # fmt: skip
# Instructions whose arguments may carry heredocs (BuildKit's heredocDirectives).
HEREDOC_INSTRUCTIONS = frozenset({"ADD", "COPY", "RUN"})
# BuildKit rejects these as ONBUILD triggers.
INVALID_TRIGGERS = frozenset({"ONBUILD", "FROM", "MAINTAINER"})


def make_word(raw: RawWord, line: str, layout: Layout) -> Word:
    return Word(
        raw.value,
        line[raw.start : raw.end],
        layout.span(raw.start, raw.end),
        raw.start,
        raw.end,
        layout,
        raw.offsets,
    )


def _make_flag(raw: RawWord, line: str, layout: Layout) -> Flag:
    value_text = raw.value[2:]
    name, sep, value = value_text.partition("=")
    span = layout.span(raw.start, raw.end)
    if raw.offsets is None:
        name_span = layout.span(raw.start, raw.start + 2 + len(name))
        if not sep:
            return Flag(name, name_span, None, span)
        value_start = raw.start + 2 + len(name) + 1
        word = Word(
            value,
            line[value_start : raw.end],
            layout.span(value_start, raw.end),
            value_start,
            raw.end,
            layout,
        )
        return Flag(name, name_span, word, span)
    offsets = raw.offsets
    name_end = offsets[min(1 + len(name), len(offsets) - 1)] + 1
    name_span = layout.span(raw.start, name_end)
    if not sep:
        return Flag(name, name_span, None, span)
    value_offsets = offsets[3 + len(name) :]
    value_start = value_offsets[0] if value_offsets else raw.end
    word = Word(
        value,
        line[value_start : raw.end],
        layout.span(value_start, raw.end),
        value_start,
        raw.end,
        layout,
        value_offsets,
    )
    return Flag(name, name_span, word, span)


def _pairs(
    keyword: str, line: str, start: int, escape: str, layout: Layout
) -> tuple[tuple[KeyValue, ...], list[Problem]]:
    """Read ENV/LABEL/ARG arguments as BuildKit's parseNameVal/parseNameOrNameVal."""
    words = parse_words(line, start, escape)
    if not words:
        return (), []
    problems: list[Problem] = []
    if keyword != "ARG" and "=" not in words[0].value:
        # Legacy form: `ENV key the rest of the line`.
        key = words[0]
        rest = split_whitespace(line, key.end)
        if not rest:
            problems.append(
                Problem(
                    ProblemKind.MISSING_ARGUMENTS,
                    layout.span(key.start, key.end),
                    f"{keyword} must have two arguments",
                )
            )
            return (KeyValue(make_word(key, line, layout), None, True),), problems
        value_start = rest[0].start
        value_end = rest[-1].end
        value = RawWord(line[value_start:value_end], value_start, value_end, None)
        pair = KeyValue(
            make_word(key, line, layout), make_word(value, line, layout), True
        )
        return (pair,), problems
    pairs: list[KeyValue] = []
    for raw in words:
        name, sep, value = raw.value.partition("=")
        key = RawWord(name, raw.start, raw.start + len(name), None)
        if not sep:
            if keyword != "ARG":
                problems.append(
                    Problem(
                        ProblemKind.INVALID_KEY_VALUE,
                        layout.span(raw.start, raw.end),
                        f"Syntax error - can't find = in {raw.value!r}. "
                        "Must be of the form: name=value",
                    )
                )
            pairs.append(KeyValue(make_word(key, line, layout), None))
            continue
        value_raw = RawWord(value, key.end + 1, raw.end, None)
        pairs.append(
            KeyValue(make_word(key, line, layout), make_word(value_raw, line, layout))
        )
    return tuple(pairs), problems


def build_node(
    line: str,
    layout: Layout,
    escape: str,
    heredocs: tuple[Heredoc, ...],
    line_count: int,
    full_span: Span,
    extra_problems: tuple[Problem, ...] = (),
    start: int = 0,
) -> InstructionNode:
    """Parse the logical line ``line[start:]`` (keyword first) into a node."""
    pos = start
    length = len(line)
    while pos < length and line[pos].isspace():
        pos += 1
    keyword_start = pos
    while pos < length and not line[pos].isspace():
        pos += 1
    keyword_raw = RawWord(line[keyword_start:pos], keyword_start, pos, None)
    keyword_word = make_word(keyword_raw, line, layout)
    keyword = keyword_raw.value.upper()
    problems = list(extra_problems)

    raw_flags, rest_start = split_flags(line, pos)
    flags = tuple(_make_flag(raw, line, layout) for raw in raw_flags)
    rest_end = len(line.rstrip())
    has_rest = rest_start < rest_end

    args: tuple[Word, ...] = ()
    command: Word | None = None
    pairs: tuple[KeyValue, ...] = ()
    is_json = False
    sub: InstructionNode | None = None

    if keyword == "ONBUILD" and has_rest:
        sub = build_node(
            line, layout, escape, heredocs, line_count, full_span, start=rest_start
        )
        if sub.keyword in INVALID_TRIGGERS:
            problems.append(
                Problem(
                    ProblemKind.INVALID_ONBUILD,
                    sub.keyword_word.span,
                    f"{sub.keyword} isn't allowed as an ONBUILD trigger",
                )
            )
    elif keyword in NAME_VALUE or keyword == "ARG":
        pairs, pair_problems = _pairs(keyword, line, rest_start, escape, layout)
        problems.extend(pair_problems)
    elif keyword in WORDS_OR_JSON or keyword in COMMAND_OR_JSON:
        parsed = parse_json_array(line, rest_start)
        if parsed.words is not None:
            is_json = True
            args = tuple(make_word(raw, line, layout) for raw in parsed.words)
        else:
            if parsed.not_strings:
                problems.append(
                    Problem(
                        ProblemKind.INVALID_JSON,
                        layout.span(rest_start, rest_end),
                        "when using JSON array syntax, arrays must be comprised of "
                        "strings only",
                    )
                )
            elif _looks_like_single_quoted_json(line[rest_start:rest_end]):
                problems.append(
                    Problem(
                        ProblemKind.JSON_SINGLE_QUOTES,
                        layout.span(rest_start, rest_end),
                        "Exec form needs double-quoted strings: this JSON-like "
                        "array is read as a shell command",
                    )
                )
            if keyword in WORDS_OR_JSON:
                args = tuple(
                    make_word(raw, line, layout)
                    for raw in split_whitespace(line[:rest_end], rest_start)
                )
            elif has_rest:
                command = make_word(
                    RawWord(line[rest_start:rest_end], rest_start, rest_end, None),
                    line,
                    layout,
                )
    elif keyword == "HEALTHCHECK" and has_rest:
        args, command, is_json, health_problems = _healthcheck(
            line, rest_start, rest_end, layout
        )
        problems.extend(health_problems)
    elif keyword in SINGLE_STRING:
        if has_rest:
            command = make_word(
                RawWord(line[rest_start:rest_end], rest_start, rest_end, None),
                line,
                layout,
            )
    else:
        args = tuple(
            make_word(raw, line, layout)
            for raw in split_whitespace(line[:rest_end], rest_start)
        )

    if (
        not has_rest
        and not heredocs
        and keyword in KNOWN_INSTRUCTIONS
        and keyword not in ("FROM", "ONBUILD")
    ):
        problems.append(
            Problem(
                ProblemKind.MISSING_ARGUMENTS,
                keyword_word.span,
                f"{keyword} requires at least one argument",
            )
        )
    elif keyword == "ONBUILD" and not has_rest:
        problems.append(
            Problem(
                ProblemKind.MISSING_ARGUMENTS,
                keyword_word.span,
                "ONBUILD requires at least one argument",
            )
        )

    return InstructionNode(
        keyword=keyword,
        keyword_word=keyword_word,
        flags=flags,
        args=args,
        json=is_json,
        command=command,
        pairs=pairs,
        heredocs=heredocs if sub is None else (),
        sub=sub,
        problems=tuple(problems),
        span=full_span,
        line_count=line_count,
        layout=layout,
    )


def _healthcheck(
    line: str, rest_start: int, rest_end: int, layout: Layout
) -> tuple[tuple[Word, ...], Word | None, bool, list[Problem]]:
    """Read ``NONE`` or ``CMD <command>`` as BuildKit's parseHealthConfig does."""
    words = split_whitespace(line[:rest_end], rest_start)
    first = make_word(words[0], line, layout)
    if first.value.upper() != "CMD":
        if len(words) == 1:
            return (first,), None, False, []
        rest = RawWord(line[words[1].start : rest_end], words[1].start, rest_end, None)
        return (first,), make_word(rest, line, layout), False, []
    command_start = words[1].start if len(words) > 1 else rest_end
    parsed = parse_json_array(line[:rest_end], command_start)
    if parsed.words is not None:
        json_words = tuple(make_word(raw, line, layout) for raw in parsed.words)
        return (first, *json_words), None, True, []
    if command_start >= rest_end:
        return (first,), None, False, []
    command = make_word(
        RawWord(line[command_start:rest_end], command_start, rest_end, None),
        line,
        layout,
    )
    return (first,), command, False, []


def _looks_like_single_quoted_json(text: str) -> bool:
    stripped = text.strip()
    return (
        stripped.startswith("[")
        and stripped.endswith("]")
        and "'" in stripped
        and '"' not in stripped
    )
