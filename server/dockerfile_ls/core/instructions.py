"""Build an ``InstructionNode`` from one logical instruction line.

The argument shape of each instruction follows BuildKit's parser dispatch table
(``frontend/dockerfile/parser/parser.go``): whitespace-separated words for FROM and
EXPOSE, JSON-or-words for COPY, ADD and VOLUME, JSON-or-command for RUN, CMD,
ENTRYPOINT and SHELL, name/value pairs for ENV, LABEL and ARG, and a nested
instruction for ONBUILD.
"""

from __future__ import annotations

from dockerfile_ls.core.lexer import (
    FLAG_END,
    FLAG_SPACE,
    SPLIT_SPACE,
    RawWord,
    go_strip_end,
    parse_json_array,
    parse_words,
    split_flags,
    split_keyword,
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


def instruction_name(keyword: str) -> str:
    """Return the uppercase instruction name BuildKit dispatches ``keyword`` to.

    BuildKit lowercases with Go's simple case mapping, under which the Kelvin sign
    reads as ``k`` but ``ſ`` (long s) stays itself. A keyword that does not lower to
    ASCII names no instruction and is returned as written.
    """
    if keyword.isascii():
        return keyword.upper()
    lowered = "".join("i" if char == "\u0130" else char.lower() for char in keyword)
    return lowered.upper() if lowered.isascii() else keyword


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
    """Build a flag; its name span includes the ``--``."""
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
    # The value's span runs from its first to its last character, so the quotes
    # around a quoted value are left out.
    value_offsets = offsets[3 + len(name) :]
    value_start = value_offsets[0] if value_offsets else raw.end
    value_end = value_offsets[-1] + 1 if value_offsets else raw.end
    word = Word(
        value,
        line[value_start:value_end],
        layout.span(value_start, value_end),
        value_start,
        value_end,
        layout,
        value_offsets,
    )
    return Flag(name, name_span, word, span)


def _pairs(
    keyword: str, line: str, start: int, end: int, escape: str, layout: Layout
) -> tuple[tuple[KeyValue, ...], list[Problem]]:
    """Read ENV/LABEL/ARG arguments as BuildKit's parseNameVal/parseNameOrNameVal."""
    words = parse_words(line, start, escape, end)
    if not words:
        return (), []
    problems: list[Problem] = []
    if keyword != "ARG" and "=" not in words[0].value:
        # Legacy form `ENV key the rest of the line`: BuildKit splits the raw text
        # once on reWhitespace and ignores quotes and escapes there.
        key_end = start
        while key_end < end and line[key_end] not in SPLIT_SPACE:
            key_end += 1
        key = RawWord(line[start:key_end], start, key_end, None)
        value_start = key_end
        while value_start < end and line[value_start] in SPLIT_SPACE:
            value_start += 1
        if value_start >= end:
            problems.append(
                Problem(
                    ProblemKind.MISSING_ARGUMENTS,
                    layout.span(key.start, key.end),
                    f"{keyword} must have two arguments",
                )
            )
            return (KeyValue(make_word(key, line, layout), None, True),), problems
        rest = RawWord(line[value_start:end], value_start, end, None)
        pair = KeyValue(
            make_word(key, line, layout), make_word(rest, line, layout), True
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
                        f"Syntax error - can't find = in {_go_quote(raw.value)}. "
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


def _go_quote(text: str) -> str:
    """Quote ``text`` roughly as Go's ``%q`` does, for BuildKit's messages."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def build_node(
    line: str,
    layout: Layout,
    escape: str,
    heredocs: tuple[Heredoc, ...],
    line_count: int,
    full_span: Span,
    extra_problems: tuple[Problem, ...] = (),
    start: int = 0,
    trigger: bool = False,
) -> InstructionNode:
    """Parse the logical line ``line[start:]`` (keyword first) into a node.

    ``trigger`` is set for the instruction after ONBUILD. An ONBUILD there is an
    error, so its own arguments are kept as plain words instead of nesting again.
    """
    keyword_start, keyword_end, pos = split_keyword(line, start)
    _, line_end = go_strip_end(line, keyword_start)
    keyword_raw = RawWord(
        line[keyword_start:keyword_end], keyword_start, keyword_end, None
    )
    keyword_word = make_word(keyword_raw, line, layout)
    keyword = instruction_name(keyword_raw.value)
    problems = list(extra_problems)

    raw_flags, rest_start = split_flags(line, pos, line_end)
    flags = tuple(_make_flag(raw, line, layout) for raw in raw_flags)
    rest_start, rest_end = go_strip_end(line, rest_start, line_end)
    has_rest = rest_start < rest_end

    args: tuple[Word, ...] = ()
    command: Word | None = None
    pairs: tuple[KeyValue, ...] = ()
    is_json = False
    sub: InstructionNode | None = None

    if keyword == "ONBUILD" and has_rest and not trigger:
        sub = build_node(
            line,
            layout,
            escape,
            heredocs,
            line_count,
            full_span,
            start=rest_start,
            trigger=True,
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
        pairs, pair_problems = _pairs(
            keyword, line, rest_start, rest_end, escape, layout
        )
        problems.extend(pair_problems)
    elif keyword in WORDS_OR_JSON or keyword in COMMAND_OR_JSON:
        parsed = parse_json_array(line, rest_start, rest_end)
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
                    for raw in split_whitespace(line, rest_start, rest_end)
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
            for raw in split_whitespace(line, rest_start, rest_end)
        )

    # BuildKit's instructions/parse.go checks argument counts per instruction: RUN,
    # CMD and ENTRYPOINT take an empty command, FROM has its own message, and the
    # single-argument instructions require "exactly one".
    if (
        not has_rest
        and not heredocs
        and keyword in KNOWN_INSTRUCTIONS
        and keyword not in ("FROM", "ONBUILD", "RUN", "CMD", "ENTRYPOINT")
    ):
        count = "exactly one" if keyword in SINGLE_STRING else "at least one"
        message = f"{keyword} requires {count} argument"
        if keyword in ("COPY", "ADD"):
            # BuildKit's parseCopy and parseAdd check for a destination first.
            message = (
                f"{keyword} requires at least two arguments, but only one was "
                "provided. Destination could not be determined."
            )
        problems.append(
            Problem(ProblemKind.MISSING_ARGUMENTS, keyword_word.span, message)
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
    """Read ``NONE`` or ``CMD <command>`` as BuildKit's parseHealthConfig does.

    The first word is the type, whatever its value. The rest is exec form when it
    is a JSON array of strings and a shell command otherwise.
    """
    separator = rest_start
    while separator < rest_end and line[separator] not in FLAG_END:
        separator += 1
    command_start = separator
    if command_start < rest_end and line[command_start] not in FLAG_SPACE:
        command_start += 1
    while command_start < rest_end and line[command_start] in FLAG_SPACE:
        command_start += 1
    kind = make_word(
        RawWord(line[rest_start:separator], rest_start, separator, None), line, layout
    )
    if command_start >= rest_end:
        return (kind,), None, False, []
    parsed = parse_json_array(line, command_start, rest_end)
    if parsed.words is not None:
        json_words = tuple(make_word(raw, line, layout) for raw in parsed.words)
        return (kind, *json_words), None, True, []
    problems: list[Problem] = []
    if parsed.not_strings:
        problems.append(
            Problem(
                ProblemKind.INVALID_JSON,
                layout.span(command_start, rest_end),
                "when using JSON array syntax, arrays must be comprised of strings "
                "only",
            )
        )
    command = make_word(
        RawWord(line[command_start:rest_end], command_start, rest_end, None),
        line,
        layout,
    )
    return (kind,), command, False, problems


def _looks_like_single_quoted_json(text: str) -> bool:
    stripped = text.strip()
    return (
        stripped.startswith("[")
        and stripped.endswith("]")
        and "'" in stripped
        and '"' not in stripped
    )
