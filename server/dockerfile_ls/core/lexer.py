"""Word splitting inside one logical instruction line, as BuildKit's parser does it.

Each function mirrors one routine of BuildKit's ``frontend/dockerfile/parser``
(``extractBuilderFlags``, ``parseStringsWhitespaceDelimited``, ``parseWords``,
``parseJSON``) and the shell lexer's raw word split used to find heredocs, but also
records the logical offsets of every word so that spans can be built from them.
"""

from __future__ import annotations

import json
from typing import NamedTuple

# BuildKit's reWhitespace is [\t\v\f\r ]+; unicode.IsSpace adds \n and a few others.
WHITESPACE = " \t\v\f\r"


class RawWord(NamedTuple):
    """A word found in a logical line: its value and where it came from.

    ``offsets`` is None when ``value`` equals ``line[start:end]``; otherwise it gives
    the logical offset of each character of ``value``.
    """

    value: str
    start: int
    end: int
    offsets: tuple[int, ...] | None


def split_flags(line: str, start: int) -> tuple[list[RawWord], int]:
    """Read the leading ``--flag`` words of ``line[start:]``.

    Follows BuildKit's ``extractBuilderFlags``: a word counts as a flag only when it
    starts with ``--``; quotes group characters and are removed, a backslash escapes
    the next character, and a bare ``--`` ends the flags. Returns the flags and the
    offset where the remaining arguments begin.
    """
    words: list[RawWord] = []
    length = len(line)
    pos = start
    while True:
        while pos < length and line[pos].isspace():
            pos += 1
        if pos >= length or not line.startswith("--", pos):
            return words, pos
        word_start = pos
        chars: list[str] = []
        offsets: list[int] = []
        plain = True
        quote = ""
        while pos < length:
            ch = line[pos]
            if quote:
                if ch == quote:
                    quote = ""
                    plain = False
                    pos += 1
                    continue
                if ch == "\\" and pos + 1 < length:
                    pos += 1
                    plain = False
                    ch = line[pos]
                chars.append(ch)
                offsets.append(pos)
                pos += 1
                continue
            if ch.isspace():
                break
            if ch in "'\"":
                quote = ch
                plain = False
                pos += 1
                continue
            if ch == "\\":
                plain = False
                if pos + 1 >= length:
                    pos += 1
                    continue
                pos += 1
                ch = line[pos]
            chars.append(ch)
            offsets.append(pos)
            pos += 1
        value = "".join(chars)
        if value == "--" and plain:
            while pos < length and line[pos].isspace():
                pos += 1
            return words, pos
        words.append(
            RawWord(value, word_start, pos, None if plain else tuple(offsets))
        )


def split_whitespace(line: str, start: int) -> list[RawWord]:
    """Split ``line[start:]`` on runs of whitespace, with no quote handling.

    This is BuildKit's ``parseStringsWhitespaceDelimited`` (FROM, EXPOSE, and the
    shell form of COPY, ADD and VOLUME).
    """
    words: list[RawWord] = []
    length = len(line)
    pos = start
    while pos < length:
        while pos < length and line[pos] in WHITESPACE:
            pos += 1
        if pos >= length:
            break
        word_start = pos
        while pos < length and line[pos] not in WHITESPACE:
            pos += 1
        words.append(RawWord(line[word_start:pos], word_start, pos, None))
    return words


def parse_words(line: str, start: int, escape: str) -> list[RawWord]:
    """Split ``line[start:]`` into words the way BuildKit's ``parseWords`` does.

    Whitespace outside quotes separates words; quotes and escape characters are
    kept in the value (ENV, LABEL and ARG values are expanded later).
    """
    words: list[RawWord] = []
    length = len(line)
    pos = start
    while pos < length:
        while pos < length and line[pos].isspace():
            pos += 1
        if pos >= length:
            break
        word_start = pos
        quote = ""
        while pos < length:
            ch = line[pos]
            if not quote and ch.isspace():
                break
            if ch == escape and pos + 1 < length:
                pos += 2
                continue
            if quote and ch == quote:
                quote = ""
            elif not quote and ch in "'\"":
                quote = ch
            pos += 1
        words.append(RawWord(line[word_start:pos], word_start, pos, None))
    return words


def shell_words_raw(line: str) -> list[RawWord]:
    """Split a logical line into shell words, keeping quotes and escapes in them.

    Used to find heredoc markers, as BuildKit's ``heredocsFromLine`` does with a
    shell lexer in raw-quotes mode. The escape character of that lexer is always a
    backslash, whatever the escape directive says.
    """
    words: list[RawWord] = []
    length = len(line)
    pos = 0
    while pos < length:
        while pos < length and line[pos].isspace():
            pos += 1
        if pos >= length:
            break
        word_start = pos
        quote = ""
        while pos < length:
            ch = line[pos]
            if not quote and ch.isspace():
                break
            if ch == "\\" and quote != "'" and pos + 1 < length:
                pos += 2
                continue
            if quote and ch == quote:
                quote = ""
            elif not quote and ch in "'\"":
                quote = ch
            pos += 1
        words.append(RawWord(line[word_start:pos], word_start, pos, None))
    return words


def unquote_shell(text: str) -> tuple[str, bool]:
    """Remove shell quotes and backslash escapes; report whether any quote was seen."""
    chars: list[str] = []
    quoted = False
    quote = ""
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"' and pos + 1 < len(text):
                pos += 1
                chars.append(text[pos])
            else:
                chars.append(ch)
        elif ch in "'\"":
            quote = ch
            quoted = True
        elif ch == "\\" and pos + 1 < len(text):
            pos += 1
            chars.append(text[pos])
        else:
            chars.append(ch)
        pos += 1
    return "".join(chars), quoted


class JsonArgs(NamedTuple):
    """The result of reading exec (JSON) form."""

    words: list[RawWord] | None
    """The strings with their raw spans, or None when the text is not a JSON array."""

    not_strings: bool
    """True for a valid JSON array with a non-string element (a BuildKit error)."""


def parse_json_array(line: str, start: int) -> JsonArgs:
    """Read ``line[start:]`` as a JSON array of strings, like BuildKit's ``parseJSON``.

    Word spans cover each string without its quotes; the values are decoded.
    """
    text = line[start:]
    stripped = text.lstrip()
    if not stripped.startswith("["):
        return JsonArgs(None, False)
    try:
        decoded = json.loads(text)
    except ValueError:
        return JsonArgs(None, False)
    if not isinstance(decoded, list):
        return JsonArgs(None, False)
    if not all(isinstance(item, str) for item in decoded):
        return JsonArgs(None, True)
    words: list[RawWord] = []
    pos = start
    length = len(line)
    index = 0
    while pos < length and index < len(decoded):
        if line[pos] != '"':
            pos += 1
            continue
        token_start = pos + 1
        pos += 1
        while pos < length and line[pos] != '"':
            pos += 2 if line[pos] == "\\" else 1
        value = decoded[index]
        raw = line[token_start:pos]
        offsets = None
        if raw != value:
            # An escape sequence changed the text: spread the value over the raw span.
            last = max(pos - 1, token_start)
            offsets = tuple(min(token_start + i, last) for i in range(len(value)))
        words.append(RawWord(value, token_start, pos, offsets))
        pos += 1
        index += 1
    return JsonArgs(words, False)
