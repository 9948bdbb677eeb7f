"""A POSIX shell tokenizer that keeps the source offset of every character.

It splits text into words and operators the way the shell's token recognition does
(POSIX.1-2017, XCU 2.3). Quotes and backslashes group characters and are removed,
and ``\\<newline>`` joins lines. A ``#`` at the start of a word begins a comment,
and here-document bodies are skipped. Parameter expansions, command substitutions and
backquotes stay in the word as written and mark it ``dynamic``, because their value
is only known when the script runs. Bash's ``$'...'`` quoting is decoded too.

Two extensions serve embedded scripts. ``templates`` are opaque ``(open, close)``
pairs that a tool expands before the shell runs, such as ``{{ }}`` in a Justfile and
``${{ }}`` in GitHub Actions. ``known_vars`` are variables whose value the reader
knows, such as ``$CI_PROJECT_DIR`` in GitLab CI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

BLANKS = " \t"
OPERATOR_CHARS = ";&|()<>"

# Longer operators first, so that ``<<-`` wins over ``<<`` and ``<``.
OPERATORS = (
    "<<-",
    "<<<",
    "&>>",
    ";;",
    "&&",
    "||",
    "|&",
    "<<",
    ">>",
    "<&",
    ">&",
    "<>",
    ">|",
    "&>",
    ";",
    "&",
    "|",
    "(",
    ")",
    "<",
    ">",
)
REDIRECTIONS = frozenset(
    {"<", ">", ">>", "<<", "<<-", "<<<", "<>", ">|", "<&", ">&", "&>", "&>>"}
)
ANSI_C_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
SPECIAL_PARAMETERS = "@*#?-$!0123456789"


@dataclass(frozen=True, slots=True)
class Word:
    """A shell word: its value after quote removal, with expansions left as written.

    ``offsets[i]`` is the offset in the tokenized text of ``value[i]``; ``start`` and
    ``end`` bound the word as written, quotes included.
    """

    value: str
    offsets: tuple[int, ...]
    start: int
    end: int
    dynamic: bool


@dataclass(frozen=True, slots=True)
class Operator:
    """A control or redirection operator; ``op`` is ``"\\n"`` for a newline."""

    op: str
    start: int
    end: int


Token = Word | Operator


def tokenize(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    templates: tuple[tuple[str, str], ...] = (),
    known_vars: Mapping[str, str] | None = None,
    make_syntax: bool = False,
) -> list[Token]:
    """Split ``text[start:end]`` into words and operators with their offsets.

    With ``make_syntax``, ``$$`` is the shell's ``$`` and any other ``$`` starts a
    make variable reference, as in a Makefile recipe.
    """
    lexer = _Lexer(text, start, len(text) if end is None else end, templates)
    lexer.known_vars = known_vars or {}
    lexer.make_syntax = make_syntax
    return lexer.run()


class _Lexer:
    def __init__(
        self, text: str, start: int, end: int, templates: tuple[tuple[str, str], ...]
    ) -> None:
        self.text = text
        self.pos = start
        self.end = end
        self.templates = templates
        self.known_vars: Mapping[str, str] = {}
        self.make_syntax = False
        self.tokens: list[Token] = []
        self.pending_heredocs: list[tuple[str, bool]] = []
        self.expect_delimiter: bool | None = None

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < self.end:
            ch = text[self.pos]
            if ch in BLANKS or ch == "\r":
                self.pos += 1
            elif ch == "\\" and text.startswith("\n", self.pos + 1):
                self.pos += 2
            elif ch == "\\" and text.startswith("\r\n", self.pos + 1):
                self.pos += 3
            elif ch == "\n":
                self.tokens.append(Operator("\n", self.pos, self.pos + 1))
                self.pos += 1
                self._skip_heredoc_bodies()
            elif ch == "#":
                self._skip_comment()
            elif ch in OPERATOR_CHARS and not self._at_process_substitution():
                self._read_operator()
            else:
                self._read_word()
        return self.tokens

    def _skip_comment(self) -> None:
        newline = self.text.find("\n", self.pos, self.end)
        self.pos = self.end if newline < 0 else newline

    def _at_process_substitution(self) -> bool:
        return self.text[self.pos] in "<>" and self.text.startswith("(", self.pos + 1)

    def _read_operator(self) -> None:
        for op in OPERATORS:
            if self.text.startswith(op, self.pos):
                self.tokens.append(Operator(op, self.pos, self.pos + len(op)))
                self.pos += len(op)
                if op in ("<<", "<<-"):
                    self.expect_delimiter = op == "<<-"
                return

    def _skip_heredoc_bodies(self) -> None:
        """Skip the here-document bodies that start after the newline just read."""
        text = self.text
        for delimiter, strip_tabs in self.pending_heredocs:
            while self.pos < self.end:
                newline = text.find("\n", self.pos, self.end)
                line_end = self.end if newline < 0 else newline
                line = text[self.pos : line_end].rstrip("\r")
                self.pos = line_end if newline < 0 else newline + 1
                if strip_tabs:
                    line = line.lstrip("\t")
                if line == delimiter:
                    break
        self.pending_heredocs = []

    def _read_word(self) -> None:
        word = _WordBuilder(self.pos)
        text = self.text
        while self.pos < self.end:
            if self._read_template(word):
                continue
            ch = text[self.pos]
            if ch in BLANKS or ch == "\n":
                break
            if ch in OPERATOR_CHARS:
                if not self._at_process_substitution():
                    break
                self._read_balanced(word, self.pos + 1, "(", ")")
                continue
            if ch == "\\":
                self._read_backslash(word)
            elif ch == "'":
                self._read_single_quoted(word)
            elif ch == '"':
                self.pos += 1
                self._read_double_quoted(word)
            elif ch == "$":
                self._read_dollar(word, in_double_quotes=False)
            elif ch == "`":
                self._read_backquoted(word)
            else:
                word.add(ch, self.pos)
                self.pos += 1
        token = word.build(self.pos)
        self.tokens.append(token)
        if self.expect_delimiter is not None:
            self.pending_heredocs.append((token.value, self.expect_delimiter))
            self.expect_delimiter = None

    def _read_template(self, word: _WordBuilder) -> bool:
        for opening, closing in self.templates:
            if self.text.startswith(opening, self.pos):
                close = self.text.find(closing, self.pos + len(opening), self.end)
                stop = self.end if close < 0 else close + len(closing)
                word.add_raw(self.text, self.pos, stop)
                self.pos = stop
                return True
        return False

    def _read_backslash(self, word: _WordBuilder) -> None:
        text = self.text
        following = self.pos + 1
        if following >= self.end:
            self.pos = following
        elif text[following] == "\n":
            self.pos = following + 1
        elif text.startswith("\r\n", following):
            self.pos = following + 2
        else:
            word.add(text[following], following)
            self.pos = following + 1

    def _read_single_quoted(self, word: _WordBuilder) -> None:
        close = self.text.find("'", self.pos + 1, self.end)
        stop = self.end if close < 0 else close
        for index in range(self.pos + 1, stop):
            word.add(self.text[index], index)
        self.pos = self.end if close < 0 else close + 1

    def _read_double_quoted(self, word: _WordBuilder) -> None:
        """Read up to the closing quote; ``self.pos`` is just past the opening one."""
        text = self.text
        while self.pos < self.end:
            if self._read_template(word):
                continue
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                return
            if ch == "\\" and self.pos + 1 < self.end:
                following = text[self.pos + 1]
                if following == "\n":
                    self.pos += 2
                    continue
                if following in '$`"\\':
                    word.add(following, self.pos + 1)
                    self.pos += 2
                    continue
            if ch == "$":
                self._read_dollar(word, in_double_quotes=True)
            elif ch == "`":
                self._read_backquoted(word)
            else:
                word.add(ch, self.pos)
                self.pos += 1

    def _read_dollar(self, word: _WordBuilder, in_double_quotes: bool) -> None:
        if self.make_syntax:
            self._read_make_dollar(word, in_double_quotes)
        else:
            self._read_shell_dollar(word, in_double_quotes)

    def _read_make_dollar(self, word: _WordBuilder, in_double_quotes: bool) -> None:
        start = self.pos
        following = self.text[start + 1] if start + 1 < self.end else ""
        if following == "$":
            self.pos = start + 1
            self._read_shell_dollar(word, in_double_quotes)
        elif following in ("(", "{"):
            closing = ")" if following == "(" else "}"
            self._read_balanced(word, start + 1, following, closing)
        elif following:
            word.add_raw(self.text, start, start + 2)
            self.pos = start + 2
        else:
            word.add("$", start)
            self.pos = start + 1

    def _read_shell_dollar(self, word: _WordBuilder, in_double_quotes: bool) -> None:
        text = self.text
        start = self.pos
        following = text[start + 1] if start + 1 < self.end else ""
        if following == "'" and not in_double_quotes:
            self._read_ansi_c(word)
        elif following == '"' and not in_double_quotes:
            self.pos = start + 2
            self._read_double_quoted(word)
        elif following == "{":
            self._read_braced_parameter(word)
        elif following == "(":
            self._read_balanced(word, start + 1, "(", ")")
        elif following.isalpha() or following == "_":
            stop = start + 1
            while stop < self.end and (text[stop].isalnum() or text[stop] == "_"):
                stop += 1
            self._add_parameter(word, text[start + 1 : stop], start, stop)
        elif following and following in SPECIAL_PARAMETERS:
            word.add_raw(text, start, start + 2)
            self.pos = start + 2
        else:
            word.add("$", start)
            self.pos = start + 1

    def _read_braced_parameter(self, word: _WordBuilder) -> None:
        start = self.pos
        was_dynamic = word.dynamic
        self._read_balanced(word, start + 1, "{", "}")
        name = self.text[start + 2 : self.pos - 1]
        value = self.known_vars.get(name)
        if value is not None and self.text[self.pos - 1] == "}":
            word.drop_from(start)
            word.dynamic = was_dynamic
            for ch in value:
                word.add(ch, start)

    def _add_parameter(
        self, word: _WordBuilder, name: str, start: int, stop: int
    ) -> None:
        value = self.known_vars.get(name)
        if value is None:
            word.add_raw(self.text, start, stop)
        else:
            for ch in value:
                word.add(ch, start)
        self.pos = stop

    def _read_ansi_c(self, word: _WordBuilder) -> None:
        text = self.text
        self.pos += 2
        while self.pos < self.end and text[self.pos] != "'":
            ch = text[self.pos]
            if ch == "\\" and self.pos + 1 < self.end:
                escaped = text[self.pos + 1]
                if escaped in ANSI_C_ESCAPES:
                    word.add(ANSI_C_ESCAPES[escaped], self.pos)
                    self.pos += 2
                    continue
                word.add(ch, self.pos)
                self.pos += 1
                continue
            word.add(ch, self.pos)
            self.pos += 1
        self.pos = min(self.pos + 1, self.end)

    def _read_backquoted(self, word: _WordBuilder) -> None:
        text = self.text
        stop = self.pos + 1
        while stop < self.end and text[stop] != "`":
            stop += 2 if text[stop] == "\\" else 1
        stop = min(stop + 1, self.end)
        word.add_raw(text, self.pos, stop)
        self.pos = stop

    def _read_balanced(
        self, word: _WordBuilder, opening_at: int, opening: str, closing: str
    ) -> None:
        """Read from ``self.pos`` through the bracket that closes ``opening_at``,
        skipping quoted text; an unclosed bracket runs to the end."""
        text = self.text
        depth = 0
        index = opening_at
        while index < self.end:
            ch = text[index]
            if ch == "\\":
                index += 2
                continue
            if ch in "'\"":
                index = self._skip_quoted(index)
                continue
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth == 0:
                    index += 1
                    break
            index += 1
        stop = min(index, self.end)
        word.add_raw(text, self.pos, stop)
        self.pos = stop

    def _skip_quoted(self, index: int) -> int:
        """Return the offset after the quoted text that starts at ``index``."""
        text = self.text
        quote = text[index]
        index += 1
        while index < self.end and text[index] != quote:
            index += 2 if quote == '"' and text[index] == "\\" else 1
        return min(index + 1, self.end)


class _WordBuilder:
    def __init__(self, start: int) -> None:
        self.start = start
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.dynamic = False

    def add(self, ch: str, offset: int) -> None:
        self.chars.append(ch)
        self.offsets.append(offset)

    def add_raw(self, text: str, start: int, stop: int) -> None:
        """Add source text as written, as an expansion the shell performs later."""
        for index in range(start, stop):
            self.add(text[index], index)
        self.dynamic = True

    def drop_from(self, offset: int) -> None:
        """Remove the characters added from source ``offset`` on."""
        while self.offsets and self.offsets[-1] >= offset:
            self.chars.pop()
            self.offsets.pop()

    def build(self, end: int) -> Word:
        return Word(
            "".join(self.chars), tuple(self.offsets), self.start, end, self.dynamic
        )
