"""Word splitting inside one logical instruction line, as BuildKit's parser does it.

Each function mirrors one routine of BuildKit's ``frontend/dockerfile/parser``
(``splitCommand``, ``extractBuilderFlags``, ``parseStringsWhitespaceDelimited``,
``parseWords``, ``parseJSON``) and also records the logical offset of every word,
so that spans can be built from them. The whitespace sets differ between those
routines, as they do in BuildKit: see ``GO_SPACE``, ``SPLIT_SPACE`` and
``FLAG_SPACE``.
"""

from __future__ import annotations

import json
import math
from typing import NamedTuple

GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Go's ``unicode.IsSpace`` set. Python's ``str.isspace`` also accepts U+001C to
U+001F, which BuildKit treats as ordinary characters."""

SPLIT_SPACE = " \t\v\f\r"
"""BuildKit's ``reWhitespace`` class ``[\\t\\v\\f\\r ]``: it separates the keyword
from its arguments and the words of FROM, EXPOSE and shell-form COPY and ADD."""

FLAG_SPACE = "\t\n\v\f\r "
"""Whitespace that ``extractBuilderFlags`` and ``parseHealthConfig`` skip between
words. They test ``unicode.IsSpace`` on single bytes of the UTF-8 text, so only
ASCII whitespace counts there."""

FLAG_END = FLAG_SPACE + "\x85\xa0"
"""Characters that end a flag or the HEALTHCHECK type: ASCII whitespace, and
U+0085 and U+00A0, whose second UTF-8 byte (0x85, 0xA0) is a space to
``unicode.IsSpace``. Other characters that contain those bytes are not handled."""

WHITESPACE = SPLIT_SPACE


class RawWord(NamedTuple):
    """A word found in a logical line: its value and where it came from.

    ``offsets`` is None when ``value`` equals ``line[start:end]``; otherwise it gives
    the logical offset of each character of ``value``.
    """

    value: str
    start: int
    end: int
    offsets: tuple[int, ...] | None


def go_strip_end(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Return the bounds of ``text[start:end]`` without Go whitespace at both ends."""
    if end is None:
        end = len(text)
    while start < end and text[start] in GO_SPACE:
        start += 1
    while end > start and text[end - 1] in GO_SPACE:
        end -= 1
    return start, end


def split_keyword(line: str, start: int = 0) -> tuple[int, int, int]:
    """Find the keyword of the logical line ``line[start:]`` as ``splitCommand`` does.

    BuildKit trims the line with ``strings.TrimSpace`` (Go whitespace) and splits it
    once on ``reWhitespace``, so a no-break space does not end the keyword. Returns
    the keyword's start and end and the offset where the arguments begin.
    """
    first, last = go_strip_end(line, start)
    pos = first
    while pos < last and line[pos] not in SPLIT_SPACE:
        pos += 1
    keyword_end = pos
    while pos < last and line[pos] in SPLIT_SPACE:
        pos += 1
    return first, keyword_end, pos


def split_flags(
    line: str, start: int, end: int | None = None
) -> tuple[list[RawWord], int]:
    """Read the leading ``--flag`` words of ``line[start:end]``.

    Follows BuildKit's ``extractBuilderFlags``: a word counts as a flag only when it
    starts with ``--``; quotes group characters and are removed, a backslash escapes
    the next character whatever the escape directive sets, and a word that reads
    ``--`` after quote removal ends the flags. Returns the flags and the offset where
    the remaining arguments begin.
    """
    words: list[RawWord] = []
    length = len(line) if end is None else end
    pos = start
    while True:
        while pos < length and line[pos] in FLAG_SPACE:
            pos += 1
        if pos + 1 >= length or line[pos] != "-" or line[pos + 1] != "-":
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
                    pos += 1
                    continue
                if ch == "\\":
                    plain = False
                    if pos + 1 >= length:
                        # BuildKit drops a backslash that ends the line.
                        quote = ""
                        pos += 1
                        continue
                    pos += 1
                    ch = line[pos]
                chars.append(ch)
                offsets.append(pos)
                pos += 1
                continue
            if ch in FLAG_END:
                if ch not in FLAG_SPACE:
                    pos += 1
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
        if value == "--":
            while pos < length and line[pos] in FLAG_SPACE:
                pos += 1
            return words, pos
        words.append(RawWord(value, word_start, pos, None if plain else tuple(offsets)))


def split_whitespace(line: str, start: int, end: int | None = None) -> list[RawWord]:
    """Split ``line[start:end]`` on runs of ``SPLIT_SPACE``, with no quote handling.

    This is BuildKit's ``parseStringsWhitespaceDelimited`` (FROM, EXPOSE, and the
    shell form of COPY, ADD and VOLUME).
    """
    words: list[RawWord] = []
    length = len(line) if end is None else end
    pos = start
    while pos < length:
        while pos < length and line[pos] in SPLIT_SPACE:
            pos += 1
        if pos >= length:
            break
        word_start = pos
        while pos < length and line[pos] not in SPLIT_SPACE:
            pos += 1
        words.append(RawWord(line[word_start:pos], word_start, pos, None))
    return words


def parse_words(
    line: str, start: int, escape: str, end: int | None = None
) -> list[RawWord]:
    """Split ``line[start:end]`` into words the way BuildKit's ``parseWords`` does.

    Go whitespace outside quotes separates words. Quotes and escape characters stay
    in the value (ENV, LABEL and ARG values are expanded later), except an escape
    character at the very end, which BuildKit drops. Inside single quotes the escape
    character is an ordinary character.
    """
    words: list[RawWord] = []
    length = len(line) if end is None else end
    pos = start
    while pos < length:
        while pos < length and line[pos] in GO_SPACE:
            pos += 1
        if pos >= length:
            break
        word_start = pos
        quote = ""
        blank_ok = False
        dropped = False
        while pos < length:
            ch = line[pos]
            if not quote:
                if ch in GO_SPACE:
                    break
                if ch in "'\"":
                    quote = ch
                    blank_ok = True
            elif ch == quote:
                quote = ""
            if ch == escape and quote != "'":
                if pos + 1 >= length:
                    dropped = True
                    pos += 1
                    break
                pos += 2
                continue
            pos += 1
        value_end = pos - 1 if dropped else pos
        if value_end > word_start or blank_ok:
            value = line[word_start:value_end]
            words.append(RawWord(value, word_start, value_end, None))
    return words


class JsonArgs(NamedTuple):
    """The result of reading exec (JSON) form."""

    words: list[RawWord] | None
    """The strings with their raw spans, or None when the text is not a JSON array."""

    not_strings: bool
    """True for a valid JSON array with a non-string element (a BuildKit error)."""


class _NotJson(ValueError):
    """Raised for JSON that Go's ``encoding/json`` rejects but Python accepts."""


def _reject_constant(name: str) -> float:
    raise _NotJson(name)


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        # Go cannot store the number in a float64 and reports an error.
        raise _NotJson(text)
    return value


def _replace_surrogates(value: str) -> str:
    """Replace lone surrogates (escapes like ``\\ud800``) with U+FFFD, as Go does."""
    for char in value:
        if "\ud800" <= char <= "\udfff":
            break
    else:
        return value
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in value)


def parse_json_array(line: str, start: int, end: int | None = None) -> JsonArgs:
    """Read ``line[start:end]`` as a JSON array of strings, as ``parseJSON`` does.

    Go whitespace around the array is ignored. Anything else after the closing
    bracket makes the text shell form, as in BuildKit since v0.15
    (moby/buildkit#5107), while v0.12 ignored it. ``NaN`` and numbers beyond float64
    are invalid JSON in Go.
    Word spans cover each string without its quotes; the values are decoded.
    """
    first, last = go_strip_end(line, start, end)
    if first >= last or line[first] != "[":
        return JsonArgs(None, False)
    text = line[first:last]
    try:
        decoded = json.loads(
            text, parse_constant=_reject_constant, parse_float=_parse_float
        )
    except (ValueError, RecursionError):
        return JsonArgs(None, False)
    if not isinstance(decoded, list):
        return JsonArgs(None, False)
    if not all(isinstance(item, str) for item in decoded):
        return JsonArgs(None, True)
    words: list[RawWord] = []
    pos = first
    index = 0
    while pos < last and index < len(decoded):
        if line[pos] != '"':
            pos += 1
            continue
        token_start = pos + 1
        pos += 1
        while pos < last and line[pos] != '"':
            pos += 2 if line[pos] == "\\" else 1
        value = _replace_surrogates(decoded[index])
        raw = line[token_start:pos]
        offsets = None
        if raw != value:
            # An escape sequence changed the text: spread the value over the raw span.
            top = max(pos - 1, token_start)
            offsets = tuple(min(token_start + i, top) for i in range(len(value)))
        words.append(RawWord(value, token_start, pos, offsets))
        pos += 1
        index += 1
    return JsonArgs(words, False)
