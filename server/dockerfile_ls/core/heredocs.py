"""Heredoc markers in a logical instruction line, found as BuildKit finds them.

BuildKit's ``heredocsFromLine`` (``frontend/dockerfile/parser/parser.go``) splits the
whole line into shell words with its shell lexer (``frontend/dockerfile/shell/lex.go``)
in raw mode: quotes and backslashes stay in the words, unset variables stay as
written, and the escape character is always a backslash. Each word that matches
``^(\\d*)<<(-?)\\s*([^<]*)$`` opens a heredoc whose delimiter is the rest of the word
after quote removal. When the lexer fails on the line (an unterminated quote, a
malformed ``${...}``) BuildKit ignores the error and finds no heredoc at all.

Since moby/buildkit#5817 (BuildKit v0.22) the lexer keeps spaces and tabs after
``<<`` in the same word, so ``<< EOF`` opens a heredoc; BuildKit v0.12 reads it as
two words and finds none. ``<<- EOF`` is still two words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from dockerfile_ls.core.lexer import GO_SPACE

# BuildKit's reHeredoc `^(\d*)<<(-?)\s*([^<]*)$` without the `\s*`, which overlaps
# `[^<]*` and backtracks quadratically; find_markers strips those spaces instead.
_HEREDOC = re.compile(r"([0-9]*)<<(-?)([^<]*)\Z")
_REGEX_SPACE = "\t\n\f\r "
# A run of characters that the lexer copies as they are: no quote, `$`, `<`,
# escape, stop character or whitespace. Reading it in one step saves time.
_PLAIN_RUN = re.compile("[^$'\"<\\\\}/" + re.escape(GO_SPACE) + "]+")
# A delimiter that needs no lexing: its name is the text itself.
_PLAIN_DELIMITER = re.compile("[^$'\"<\\\\" + re.escape(GO_SPACE) + "]+\\Z")
_SPECIAL_PARAMETERS = frozenset("@*#?-$!0")
# Characters processPossibleHeredoc keeps after `<<`.
# NOTE: assumed to be spaces and tabs; not checked against BuildKit's isWhitespace.
_HEREDOC_SPACE = " \t"


class Marker(NamedTuple):
    """A heredoc opener such as ``<<EOF``, ``<<-"EOF"`` or ``2<< 'EOF'``."""

    name: str
    """The delimiter after quote removal: the line that ends the body."""
    strip_tabs: bool
    expand: bool
    """False when any part of the delimiter was quoted."""
    start: int
    end: int
    """Offsets of the marker word in the logical line."""


class _LexError(Exception):
    """The shell lexer rejected the text."""


class _ShellWords:
    """BuildKit's ``shellWord`` with ``SkipUnsetEnv`` set and an empty environment.

    Every variable is unset, so an expansion returns the text as written and only
    the splitting and the errors matter.
    """

    def __init__(self, text: str, raw_quotes: bool, raw_escapes: bool) -> None:
        self.text = text
        self.pos = 0
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        if self.pos >= len(self.text):
            return ""
        char = self.text[self.pos]
        self.pos += 1
        return char

    def process(
        self, stop: str, raw_escapes: bool
    ) -> tuple[str, list[tuple[str, int, int]]]:
        """Run ``processStopOn``; return the text read and the words with offsets."""
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        try:
            return self._process(stop)
        finally:
            self.raw_escapes = saved

    def _process(self, stop: str) -> tuple[str, list[tuple[str, int, int]]]:
        result: list[str] = []
        words = _WordBuffer()
        while self.pos < len(self.text):
            char = self.text[self.pos]
            start = self.pos
            if stop and char == stop:
                self.pos += 1
                return "".join(result), words.finish()
            plain = _PLAIN_RUN.match(self.text, start)
            if plain is not None:
                self.pos = plain.end()
                result.append(plain.group())
                words.add_raw(plain.group(), start, self.pos)
            elif char == "$":
                value = self.dollar()
                result.append(value)
                words.add_split(value, start, self.pos)
            elif char in "'\"" or char == "<":
                if char == "'":
                    value = self.single_quote()
                elif char == '"':
                    value = self.double_quote()
                else:
                    value = self.possible_heredoc()
                result.append(value)
                words.add_raw(value, start, self.pos)
            else:
                self.pos += 1
                if char == "\\":
                    if self.raw_escapes:
                        words.add_raw("\\", start, self.pos)
                        result.append("\\")
                    char = self.next()
                    if not char:
                        break
                    words.add_raw(char, start, self.pos)
                else:
                    words.add_char(char, start, self.pos)
                result.append(char)
        if stop:
            raise _LexError(f"unexpected end of statement while looking for {stop}")
        return "".join(result), words.finish()

    def single_quote(self) -> str:
        quote = self.next()
        result = [quote] if self.raw_quotes else []
        while True:
            char = self.next()
            if not char:
                raise _LexError("unterminated single quote")
            if char == "'":
                if self.raw_quotes:
                    result.append(char)
                return "".join(result)
            result.append(char)

    def double_quote(self) -> str:
        quote = self.next()
        result = [quote] if self.raw_quotes else []
        while True:
            char = self.peek()
            if not char:
                raise _LexError("unterminated double quote")
            if char == '"':
                self.pos += 1
                if self.raw_quotes:
                    result.append(char)
                return "".join(result)
            if char == "$":
                result.append(self.dollar())
                continue
            self.pos += 1
            if char == "\\":
                if self.raw_escapes:
                    result.append(char)
                following = self.peek()
                if not following:
                    continue
                if following in '"$\\':
                    char = self.next()
            result.append(char)

    def possible_heredoc(self) -> str:
        """Read ``<``, or ``<<`` and the spaces after it (processPossibleHeredoc)."""
        self.pos += 1
        if self.peek() != "<":
            return "<"
        self.pos += 1
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _HEREDOC_SPACE:
            self.pos += 1
        return "<<" + self.text[start : self.pos]

    def dollar(self) -> str:
        self.pos += 1
        if self.peek() != "{":
            name = self.name()
            return "$" + name if name else "$"
        self.pos += 1
        following = self.peek()
        if not following:
            raise _LexError("syntax error: missing '}'")
        if following in "{}:":
            raise _LexError("syntax error: bad substitution")
        name = self.name()
        operator = self.next()

        if operator == "}":
            return "${" + name + "}"
        if operator == ":":
            modifier = self.next()
            raw = modifier in ("#", "%")
            if raw:
                raise _LexError(f"unsupported modifier (:{modifier}) in substitution")
            word, _ = self.process("}", raw)
            return "${" + name + ":" + modifier + word + "}"
        if operator and operator in "+-?#%":
            word, _ = self.process("}", operator in "#%")
            return "${" + name + operator + word + "}"
        if operator == "/":
            if self.peek() == "/":
                self.pos += 1
            pattern, _ = self.process("/", True)
            replacement, _ = self.process("}", True)
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        raise _LexError(f"unsupported modifier ({operator}) in substitution")

    def name(self) -> str:
        start = self.pos
        text = self.text
        if self.pos < len(text) and _is_digit(text[self.pos]):
            while self.pos < len(text) and _is_digit(text[self.pos]):
                self.pos += 1
            return text[start : self.pos]
        if self.pos < len(text) and text[self.pos] in _SPECIAL_PARAMETERS:
            self.pos += 1
            return text[start : self.pos]
        while self.pos < len(text) and (
            text[self.pos] == "_"
            or text[self.pos].isalpha()
            or _is_digit(text[self.pos])
        ):
            self.pos += 1
        return text[start : self.pos]


def _is_digit(char: str) -> bool:
    """Go's ``unicode.IsDigit``: decimal digits (category Nd) only."""
    return char.isdigit() and unicodedata.category(char) == "Nd"


class _WordBuffer:
    """BuildKit's ``wordsStruct``, keeping where each word starts and ends."""

    def __init__(self) -> None:
        self.words: list[tuple[str, int, int]] = []
        self.chars: list[str] = []
        self.start = 0
        self.end = 0
        self.in_word = False

    def add_char(self, char: str, start: int, end: int) -> None:
        if char in GO_SPACE:
            if self.in_word and self.chars:
                self._flush()
        else:
            self.add_raw(char, start, end)

    def add_raw(self, text: str, start: int, end: int) -> None:
        if not self.chars:
            self.start = start
        self.chars.append(text)
        self.end = end
        self.in_word = True

    def add_split(self, text: str, start: int, end: int) -> None:
        """Add an expansion's text character by character, splitting at spaces."""
        for index, char in enumerate(text):
            position = min(start + index, end - 1)
            self.add_char(char, position, position + 1)
        if self.chars:
            self.end = end

    def _flush(self) -> None:
        value = "".join(self.chars)
        if value:
            self.words.append((value, self.start, self.end))
        self.chars = []
        self.in_word = False

    def finish(self) -> list[tuple[str, int, int]]:
        if self.chars:
            self._flush()
        return self.words


def _shell_words(
    text: str, raw_quotes: bool, raw_escapes: bool
) -> list[tuple[str, int, int]] | None:
    """Run BuildKit's ``ProcessWords``; None when the lexer reports an error."""
    lexer = _ShellWords(text, raw_quotes, raw_escapes)
    try:
        _, words = lexer.process("", raw_escapes)
    except (_LexError, RecursionError):
        return None
    return words


def find_markers(line: str) -> list[Marker]:
    """Return the heredoc markers of a logical line, in order, as BuildKit does."""
    if "<<" not in line:
        return []
    words = _shell_words(line, raw_quotes=True, raw_escapes=True)
    if not words:
        return []
    markers: list[Marker] = []
    for value, start, end in words:
        match = _HEREDOC.match(value)
        if match is None:
            continue
        rest = match.group(3).lstrip(_REGEX_SPACE)
        if not rest:
            continue
        delimiter = _delimiter(rest)
        if delimiter is None:
            continue
        name, expand = delimiter
        markers.append(Marker(name, match.group(2) == "-", expand, start, end))
    return markers


def _delimiter(rest: str) -> tuple[str, bool] | None:
    """Read the delimiter word as ``heredocFromMatch``: its name and ``expand``."""
    if _PLAIN_DELIMITER.match(rest):
        return rest, True
    plain = _shell_words(rest, raw_quotes=False, raw_escapes=False)
    # NOTE: BuildKit fails the whole parse when this second lexing fails. That takes
    # a marker such as `<<EOF"}` inside `${...}`; here it is just not a heredoc.
    if plain is None or len(plain) != 1:
        return None
    quoted = _shell_words(rest, raw_quotes=True, raw_escapes=False)
    if quoted is None or len(quoted) != 1:
        return None
    name = plain[0][0]
    quotes = name.count("'") + name.count('"')
    raw_quotes = quoted[0][0].count("'") + quoted[0][0].count('"')
    return name, quotes == raw_quotes
