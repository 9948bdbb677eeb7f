"""BuildKit's variable expansion of one shell word, and the built-in platform ARGs.

``expand`` reproduces ``ProcessWord`` of BuildKit's shell lexer
(``frontend/dockerfile/shell/lex.go`` in moby/buildkit) with the lexer's default
options: quotes are removed, the escape character escapes the next character, and
``$NAME``, ``${NAME}`` and the ``${NAME<modifier>word}`` forms are expanded. Values,
error texts and the set of unset names follow that source; comments name the rule
where BuildKit's behaviour is surprising.

Names are compared case-sensitively, as BuildKit does on Linux. An environment
entry mapped to ``None`` is an ``ARG`` declared without a value. BuildKit adds an ARG
to the environment it expands with only when the ARG has a value (``dispatchArg`` in
``dockerfile2llb/convert.go``), so such a name expands as unset. It is still left out
of ``Expansion.unset``, because the build declares it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
"""A build argument or environment variable name, as ``$NAME`` can spell it."""

BUILTIN_PLATFORM_ARGS: frozenset[str] = frozenset(
    {
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
        "BUILDOSVERSION",
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "TARGETOSVERSION",
        "TARGETSTAGE",
    }
)
"""Names of the meta ARGs that BuildKit's ``defaultArgs`` (package dockerfile2llb)
defines in the global scope. Docker's reference documents only the PLATFORM, OS, ARCH
and VARIANT ones."""

# NOTE: BuildKit has no nesting limit because Go's stack grows on demand. This bound
# keeps the recursion below Python's limit, far above the depth Dockerfiles use.
_MAX_NESTING = 64

_BOM = "\ufeff"
_SPECIAL_PARAMETERS = frozenset("@*#?-$!0")
_DEFAULT_MODIFIERS = frozenset("+-?")


class VariableUse(NamedTuple):
    """A variable reference: ``$NAME`` or a ``${NAME...}`` expression."""

    name: str
    start: int
    """Offset of the ``$`` in the input text."""
    end: int
    """Offset just after the expression."""
    has_default: bool
    """True for the ``-``, ``+`` and ``?`` forms, with or without the colon."""


class Expansion(NamedTuple):
    """The outcome of expanding one word."""

    value: str
    """The expanded text, or the empty string when ``error`` is set."""
    uses: tuple[VariableUse, ...]
    """Every reference in text order, nested ones after the expression around them.
    References after an error are included when the text can still be scanned."""
    unset: tuple[str, ...]
    """Referenced names that are not keys of the environment, in text order, each
    once. Like BuildKit, only lookups made before an error count."""
    error: str | None
    """BuildKit's error text, such as ``failed to process "${X:?}": X: is not
    allowed to be unset``."""


def expand(text: str, env: Mapping[str, str | None], escape: str = "\\") -> Expansion:
    """Expand ``text`` as BuildKit's ``ProcessWord`` does with ``env``.

    Never raises: malformed input yields an ``Expansion`` whose ``error`` is set.
    ``escape`` is the escape character from the ``# escape=`` parser directive.
    """
    if len(escape) != 1:
        escape = "\\"
    if (
        "$" not in text
        and "'" not in text
        and '"' not in text
        and escape not in text
        and not text.startswith(_BOM)
    ):
        return Expansion(text, (), (), None)

    lexer = _Lexer(text, env, escape, lenient=False)
    try:
        value = lexer.process_stop_on(None, raw=False)
    except _Failure as failure:
        # BuildKit stops at the first error. A second, lenient pass that ignores
        # errors of evaluation still finds the references after that point.
        retry = _Lexer(text, env, escape, lenient=True)
        try:
            retry.process_stop_on(None, raw=False)
        except _Failure:
            pass
        message = f"failed to process {_go_quote(text)}: {failure.message}"
        return Expansion("", _sorted(retry.uses), tuple(lexer.unset), message)
    return Expansion(value, _sorted(lexer.uses), tuple(lexer.unset), None)


def has_variables(text: str, escape: str = "\\") -> bool:
    """Tell whether BuildKit would treat some ``$`` in ``text`` as a reference.

    A ``$`` counts when it is outside single quotes, not escaped, and followed by
    ``{``, a name character or a special parameter. Text without ``$`` costs one
    substring search.
    """
    if "$" not in text:
        return False
    if len(escape) != 1:
        escape = "\\"

    index = 0
    length = len(text)
    in_double_quotes = False
    while index < length:
        char = text[index]
        if char == "$":
            if index + 1 < length and _starts_reference(text[index + 1]):
                return True
            index += 1
        elif char == escape:
            following = text[index + 1] if index + 1 < length else ""
            if not in_double_quotes or following in ('"', "$", escape):
                index += 2
            else:
                index += 1
        elif char == '"':
            in_double_quotes = not in_double_quotes
            index += 1
        elif char == "'" and not in_double_quotes:
            closing = text.find("'", index + 1)
            if closing < 0:
                return False
            index = closing + 1
        else:
            index += 1
    return False


def default_platform_args(target_stage: str = "default") -> dict[str, str]:
    """Return BuildKit's built-in global ARGs for a build on and for linux/amd64.

    ``TARGETSTAGE`` is the ``--target`` stage name, or ``default`` when it is empty.
    Variants and OS versions are empty strings, which keeps the names set.
    """
    return {
        "BUILDPLATFORM": "linux/amd64",
        "BUILDOS": "linux",
        "BUILDARCH": "amd64",
        "BUILDVARIANT": "",
        "BUILDOSVERSION": "",
        "TARGETPLATFORM": "linux/amd64",
        "TARGETOS": "linux",
        "TARGETARCH": "amd64",
        "TARGETVARIANT": "",
        "TARGETOSVERSION": "",
        "TARGETSTAGE": target_stage or "default",
    }


def _starts_reference(char: str) -> bool:
    return (
        char == "{"
        or char == "_"
        or char.isalpha()
        or char.isdecimal()
        or char in _SPECIAL_PARAMETERS
    )


def _sorted(uses: list[VariableUse]) -> tuple[VariableUse, ...]:
    # Lookups happen after a nested word is expanded, so sort into text order.
    return tuple(sorted(uses, key=lambda use: use.start))


class _Failure(Exception):
    """An expansion error, carrying BuildKit's message without the outer wrapper."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Lexer:
    """One pass over a word, following the control flow of BuildKit's shellWord."""

    __slots__ = (
        "text",
        "pos",
        "end",
        "env",
        "escape",
        "lenient",
        "depth",
        "uses",
        "unset",
    )

    def __init__(
        self, text: str, env: Mapping[str, str | None], escape: str, lenient: bool
    ) -> None:
        self.text = text
        # Go's text/scanner skips a byte order mark at the start of its input.
        self.pos = 1 if text.startswith(_BOM) else 0
        self.end = len(text)
        self.env = env
        self.escape = escape
        self.lenient = lenient
        self.depth = 0
        self.uses: list[VariableUse] = []
        self.unset: list[str] = []

    def peek(self) -> str:
        """Return the next character, or the empty string at the end."""
        if self.pos < self.end:
            return self.text[self.pos]
        return ""

    def next(self) -> str:
        """Consume and return the next character, or the empty string at the end."""
        if self.pos < self.end:
            self.pos += 1
            return self.text[self.pos - 1]
        return ""

    def process_stop_on(self, stop: str | None, raw: bool) -> str:
        """Expand up to ``stop``, which is consumed, or to the end.

        With ``raw`` the escape characters stay in the result.
        """
        parts: list[str] = []
        text = self.text
        while self.pos < self.end:
            char = text[self.pos]
            if char == stop:
                self.pos += 1
                return "".join(parts)
            if char == "$":
                parts.append(self.dollar())
                continue
            if char == "'":
                parts.append(self.single_quote())
                continue
            if char == '"':
                parts.append(self.double_quote(raw))
                continue

            self.pos += 1
            if char == self.escape:
                if raw:
                    parts.append(char)
                if self.pos >= self.end:
                    break
                char = text[self.pos]
                self.pos += 1
            parts.append(char)

        if stop is not None:
            raise _Failure(
                f"unexpected end of statement while looking for matching {stop}"
            )
        return "".join(parts)

    def single_quote(self) -> str:
        opening = self.pos
        closing = self.text.find("'", opening + 1)
        if closing < 0:
            self.pos = self.end
            raise _Failure(
                "unexpected end of statement while looking for matching single-quote"
            )
        self.pos = closing + 1
        return self.text[opening + 1 : closing]

    def double_quote(self, raw: bool) -> str:
        parts: list[str] = []
        text = self.text
        self.pos += 1
        while True:
            if self.pos >= self.end:
                raise _Failure(
                    "unexpected end of statement while looking for matching "
                    "double-quote"
                )
            char = text[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(parts)
            if char == "$":
                parts.append(self.dollar())
                continue

            self.pos += 1
            if char == self.escape:
                if raw:
                    parts.append(char)
                if self.pos >= self.end:
                    continue
                # Only ", $ and the escape character itself can be escaped here.
                # Before any other character the escape character stays in the word.
                if text[self.pos] in ('"', "$", self.escape):
                    char = text[self.pos]
                    self.pos += 1
            parts.append(char)

    def dollar(self) -> str:
        start = self.pos
        self.pos += 1
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$"
            value, _ = self.lookup(name, start, has_default=False)
            return value

        self.pos += 1
        following = self.peek()
        if not following:
            raise _Failure("syntax error: missing '}'")
        if following in "{}:":
            raise _Failure("syntax error: bad substitution")
        if self.depth >= _MAX_NESTING:
            raise _Failure(
                f"syntax error: more than {_MAX_NESTING} nested variable expressions"
            )
        self.depth += 1
        try:
            return self.braced(start, self.name())
        finally:
            self.depth -= 1

    def braced(self, start: int, name: str) -> str:
        operator = self.next()
        # Go formats the end of input, rune -1, as U+FFFD in the error message.
        label = operator or "\ufffd"
        if operator == "}":
            value, _ = self.lookup(name, start, has_default=False)
            return value
        if operator == "/":
            return self.substitute(name, start)

        null_is_unset = operator == ":"
        if null_is_unset:
            operator = self.next()
            label += operator or "\ufffd"
        elif operator not in ("+", "-", "?", "#", "%"):
            raise _Failure(f"unsupported modifier ({label}) in substitution")

        raw = operator in ("#", "%")
        if null_is_unset and raw:
            raise _Failure(f"unsupported modifier ({label}) in substitution")
        try:
            word = self.process_stop_on("}", raw)
        except _Failure:
            if self.pos >= self.end:
                raise _Failure("syntax error: missing '}'") from None
            raise

        has_default = operator in _DEFAULT_MODIFIERS
        value, is_set = self.lookup(name, start, has_default)
        empty_or_unset = not is_set or (null_is_unset and value == "")
        if operator == "-":
            return word if empty_or_unset else value
        if operator == "+":
            return "" if empty_or_unset else word
        if operator == "?":
            if not is_set:
                self.fail(f"{name}: {word or 'is not allowed to be unset'}")
            elif empty_or_unset:
                self.fail(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if operator in ("#", "%"):
            return self.trim(value, word, operator)
        raise _Failure(f"unsupported modifier ({label}) in substitution")

    def trim(self, value: str, word: str, operator: str) -> str:
        # A doubled operator (## or %%) selects the longest match. BuildKit checks
        # the expanded word, so ${X#'#'} is also a longest match of the empty pattern.
        greedy = word.startswith(operator)
        if greedy:
            word = word[1:]
        if operator == "%":
            # Shortest or longest match from the end: match the reversed pattern
            # against the reversed value, as BuildKit does.
            word = _reverse_pattern(word)
            value = value[::-1]
        try:
            glob = _Glob(word, greedy)
        except _Failure as failure:
            self.fail(f"invalid pattern ({word}) in substitution: {failure.message}")
            return value if operator == "#" else value[::-1]

        match_end = glob.match_end(value, 0, glob.tables(value))
        if match_end is not None:
            value = value[match_end:]
        return value if operator == "#" else value[::-1]

    def substitute(self, name: str, start: int) -> str:
        replace_all = self.peek() == "/"
        if replace_all:
            self.pos += 1
        try:
            pattern = self.process_stop_on("/", raw=True)
        except _Failure:
            if self.pos >= self.end:
                raise _Failure("syntax error: missing '/' in ${}") from None
            raise
        try:
            replacement = self.process_stop_on("}", raw=True)
        except _Failure:
            if self.pos >= self.end:
                raise _Failure("syntax error: missing '}'") from None
            raise

        value, _ = self.lookup(name, start, has_default=False)
        try:
            glob = _Glob(pattern, greedy=True)
        except _Failure as failure:
            self.fail(f"invalid pattern ({pattern}) in substitution: {failure.message}")
            return value
        if replace_all:
            return glob.replace_all(value, replacement)
        span = glob.search(value, 0, glob.tables(value))
        if span is None:
            return value
        # A single replacement is spliced in as plain text. Only the replace-all
        # form goes through Go's ReplaceAllString, which expands $0 and $$.
        return value[: span[0]] + replacement + value[span[1] :]

    def name(self) -> str:
        """Read a variable name, a run of digits, or one special parameter."""
        text = self.text
        begin = self.pos
        if begin >= self.end:
            return ""
        first = text[begin]
        if first.isdecimal():
            while self.pos < self.end and text[self.pos].isdecimal():
                self.pos += 1
            return text[begin : self.pos]
        if first in _SPECIAL_PARAMETERS:
            self.pos += 1
            return first
        while self.pos < self.end:
            char = text[self.pos]
            if not (char.isalpha() or char.isdecimal() or char == "_"):
                break
            self.pos += 1
        return text[begin : self.pos]

    def lookup(self, name: str, start: int, has_default: bool) -> tuple[str, bool]:
        """Record a reference and return the variable's value and whether it is set."""
        self.uses.append(VariableUse(name, start, self.pos, has_default))
        value = self.env.get(name, _MISSING)
        if isinstance(value, str):
            return value, True
        if value is _MISSING and name not in self.unset:
            self.unset.append(name)
        return "", False

    def fail(self, message: str) -> None:
        """Raise an error of evaluation, unless this pass only collects references."""
        if not self.lenient:
            raise _Failure(message)


_MISSING = object()


def _reverse_pattern(pattern: str) -> str:
    """Reverse a pattern but keep each backslash in front of the character it escapes.

    A backslash in last position stays a lone character (``reversePattern`` in
    lex.go), so ``ab\\`` becomes ``\\ba``.
    """
    chars = list(pattern)
    reversed_chars = [""] * len(chars)
    last = len(chars) - 1
    index = 0
    while index <= last:
        target = last - index
        if chars[index] == "\\" and index != last:
            reversed_chars[target - 1] = "\\"
            reversed_chars[target] = chars[index + 1]
            index += 2
        else:
            reversed_chars[target] = chars[index]
            index += 1
    return "".join(reversed_chars)


_ANY = None
"""A segment item that matches any one character except a newline (``?``)."""


class _Glob:
    """A BuildKit substitution pattern: ``*``, ``?`` and backslash escapes.

    BuildKit turns the pattern into a Go regular expression (``*`` becomes ``.*`` or
    ``.*?``, ``?`` becomes ``.``) and takes the leftmost match with Perl's priority
    between the stars. This class finds that same match by dynamic programming, in
    time linear in the value for each pattern character, so that a pattern with many
    stars cannot make the server backtrack for minutes.
    """

    __slots__ = ("head", "tails", "greedy")

    def __init__(self, pattern: str, greedy: bool) -> None:
        self.greedy = greedy
        segments: list[list[str | None]] = [[]]
        # The pattern is read with Go's text/scanner, which drops a leading BOM.
        index = 1 if pattern.startswith(_BOM) else 0
        while index < len(pattern):
            char = pattern[index]
            index += 1
            if char == "*":
                segments.append([])
            elif char == "?":
                segments[-1].append(_ANY)
            elif char == "\\":
                following = pattern[index] if index < len(pattern) else ""
                if following in ("}", "/") and following:
                    # Escaped to get past the lexer; the backslash is not matched.
                    continue
                index += 1
                if following not in ("*", "?", "\\") or not following:
                    raise _Failure(f"invalid escape '\\{following or chr(0xFFFD)}'")
                segments[-1].append(following)
            else:
                segments[-1].append(char)
        self.head = segments[0]
        self.tails = segments[1:]

    @staticmethod
    def _matches_at(segment: list[str | None], value: str, position: int) -> bool:
        if position + len(segment) > len(value):
            return False
        for offset, item in enumerate(segment):
            char = value[position + offset]
            if item is _ANY:
                if char == "\n":
                    return False
            elif item != char:
                return False
        return True

    def tables(self, value: str) -> list[list[bool]]:
        """Return, per star, where the rest of the pattern can still match.

        ``tables[i][q]`` is true when the pattern after star ``i`` can match
        starting anywhere in ``value[q:]`` that star ``i`` can reach from ``q``
        (a star stops at a newline, like Go's ``.``).
        """
        length = len(value)
        reach: list[list[bool]] = []
        following = [True] * (length + 1)
        for tail in reversed(self.tails):
            size = len(tail)
            can_start = [False] * (length + 1)
            for position in range(length, -1, -1):
                if (
                    position + size <= length
                    and following[position + size]
                    and self._matches_at(tail, value, position)
                ):
                    can_start[position] = True
                elif position < length and value[position] != "\n":
                    can_start[position] = can_start[position + 1]
            reach.append(can_start)
            following = can_start
        reach.reverse()
        return reach

    def match_end(self, value: str, start: int, tables: list[list[bool]]) -> int | None:
        """Return where the priority match beginning at ``start`` ends, if any."""
        if not self._matches_at(self.head, value, start):
            return None
        position = start + len(self.head)
        if self.tails and not tables[0][position]:
            return None

        for index, tail in enumerate(self.tails):
            following = tables[index + 1] if index + 1 < len(self.tails) else None
            newline = value.find("\n", position)
            limit = len(value) if newline < 0 else newline
            candidates = range(position, limit + 1)
            if self.greedy:
                candidates = range(limit, position - 1, -1)
            for candidate in candidates:
                if not self._matches_at(tail, value, candidate):
                    continue
                after = candidate + len(tail)
                if following is None or following[after]:
                    position = after
                    break
        return position

    def search(
        self, value: str, start: int, tables: list[list[bool]]
    ) -> tuple[int, int] | None:
        """Return the leftmost match at or after ``start``, as (start, end)."""
        for position in range(start, len(value) + 1):
            end = self.match_end(value, position, tables)
            if end is not None:
                return position, end
        return None

    def replace_all(self, value: str, replacement: str) -> str:
        """Replace every match as Go's ``Regexp.ReplaceAllString`` does."""
        tables = self.tables(value)
        parts: list[str] = []
        last_end = 0
        search_from = 0
        length = len(value)
        while search_from <= length:
            span = self.search(value, search_from, tables)
            if span is None:
                break
            match_start, match_end = span
            parts.append(value[last_end:match_start])
            # Go skips an empty match right after the previous match.
            if match_end > last_end or match_start == 0:
                parts.append(
                    _expand_template(replacement, value[match_start:match_end])
                )
            last_end = match_end
            width = 1 if search_from < length else 0
            if search_from + width > match_end:
                search_from += width
            elif search_from + 1 > match_end:
                search_from += 1
            else:
                search_from = match_end
        parts.append(value[last_end:])
        return "".join(parts)


def _expand_template(template: str, match: str) -> str:
    """Expand ``$0``, ``${0}`` and ``$$`` in a Go ``ReplaceAllString`` template.

    The pattern has no capture groups, so every other ``$name`` or ``${name}``
    expands to nothing, and a ``$`` that starts no name stays as it is.
    """
    if "$" not in template:
        return template
    parts: list[str] = []
    rest = template
    while True:
        dollar = rest.find("$")
        if dollar < 0:
            break
        parts.append(rest[:dollar])
        rest = rest[dollar + 1 :]
        if rest.startswith("$"):
            parts.append("$")
            rest = rest[1:]
            continue

        braced = rest.startswith("{")
        body = rest[1:] if braced else rest
        size = 0
        while size < len(body) and (
            body[size].isalpha() or body[size].isdecimal() or body[size] == "_"
        ):
            size += 1
        if size == 0 or (braced and body[size : size + 1] != "}"):
            parts.append("$")
            continue
        if body[:size] == "0":
            parts.append(match)
        rest = body[size + 1 :] if braced else body[size:]
    parts.append(rest)
    return "".join(parts)


def _go_quote(text: str) -> str:
    """Quote ``text`` as Go's ``%q`` verb (``strconv.Quote``) does."""
    parts = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            parts.append("\\" + char)
        elif 0xD800 <= code <= 0xDFFF:
            parts.append("\\ufffd")
        elif char.isprintable():
            parts.append(char)
        elif char in _GO_ESCAPES:
            parts.append(_GO_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            parts.append(f"\\x{code:02x}")
        elif code < 0x10000:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(f"\\U{code:08x}")
    parts.append('"')
    return "".join(parts)


_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}
