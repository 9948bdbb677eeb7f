"""A tolerant parser for JSON with comments (JSONC) that keeps value offsets.

VS Code's ``tasks.json`` and ``devcontainer.json`` are JSONC: JSON (RFC 8259) plus
``//`` and ``/* */`` comments and trailing commas. ``docker-bake.json`` is plain
JSON, which this parser reads too. It never raises, so an editor gets results while
the file is incomplete. Parsing stops at the first error and returns what was read,
a member whose value is not written yet (``"target": }``) is kept with no value,
and values nested deeper than ``MAX_DEPTH`` end the parse.
"""

from __future__ import annotations

from dataclasses import dataclass

ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
LITERALS = {"true": True, "false": False, "null": None}
MAX_DEPTH = 256
"""Objects and arrays nested deeper than this stop the parse, which bounds the
recursion of this recursive-descent parser."""


@dataclass(frozen=True, slots=True)
class JsonString:
    """A string: its decoded value and the offsets inside its quotes."""

    value: str
    start: int
    end: int
    raw: bool
    """True when the value equals the source text (no escapes)."""


@dataclass(frozen=True, slots=True)
class JsonOther:
    """A number, ``true``, ``false`` or ``null``."""

    value: object
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class JsonMember:
    """A ``"key": value`` pair; ``value`` is ``None`` while nothing is written
    after the colon, which ends at ``colon_end``."""

    key: JsonString
    value: JsonValue | None
    colon_end: int


@dataclass(frozen=True, slots=True)
class JsonObject:
    members: tuple[JsonMember, ...]
    start: int
    end: int

    def get(self, key: str) -> JsonMember | None:
        """Return the last member named ``key``, as JSON.parse keeps the last."""
        found = None
        for member in self.members:
            if member.key.value == key:
                found = member
        return found


@dataclass(frozen=True, slots=True)
class JsonArray:
    items: tuple[JsonValue, ...]
    start: int
    end: int


JsonValue = JsonString | JsonOther | JsonObject | JsonArray


class _Stop(Exception):
    """Raised at the first syntax error, carrying the value read so far."""

    def __init__(self, partial: JsonValue | None = None) -> None:
        super().__init__()
        self.partial = partial


def parse(text: str) -> JsonValue | None:
    """Parse JSONC text; return the top-level value, or ``None`` if there is none."""
    parser = _Parser(text)
    try:
        return parser.value()
    except _Stop as stop:
        return stop.partial


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def skip(self) -> None:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t\r\n\ufeff":
                self.pos += 1
            elif text.startswith("//", self.pos):
                newline = text.find("\n", self.pos)
                self.pos = len(text) if newline < 0 else newline
            elif text.startswith("/*", self.pos):
                close = text.find("*/", self.pos + 2)
                self.pos = len(text) if close < 0 else close + 2
            else:
                return

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self) -> JsonValue:
        ch = self.peek()
        if ch in "{[" and ch and self.depth >= MAX_DEPTH:
            raise _Stop
        self.depth += 1
        try:
            return self._value(ch)
        finally:
            self.depth -= 1

    def _value(self, ch: str) -> JsonValue:
        if ch == "{":
            return self.object()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        return self.other()

    def object(self) -> JsonObject:
        start = self.pos
        self.pos += 1
        members: list[JsonMember] = []
        while True:
            ch = self.peek()
            if ch == "}":
                self.pos += 1
                return JsonObject(tuple(members), start, self.pos)
            if ch == ",":
                self.pos += 1
                continue
            if ch != '"':
                raise _Stop(JsonObject(tuple(members), start, self.pos))
            key = self.string()
            if self.peek() != ":":
                raise _Stop(JsonObject(tuple(members), start, self.pos))
            self.pos += 1
            colon_end = self.pos
            if self.peek() in ("}", ",", ""):
                members.append(JsonMember(key, None, colon_end))
                continue
            try:
                members.append(JsonMember(key, self.value(), colon_end))
            except _Stop as stop:
                members.append(JsonMember(key, stop.partial, colon_end))
                raise _Stop(JsonObject(tuple(members), start, self.pos)) from None

    def array(self) -> JsonArray:
        start = self.pos
        self.pos += 1
        items: list[JsonValue] = []
        while True:
            ch = self.peek()
            if ch == "]":
                self.pos += 1
                return JsonArray(tuple(items), start, self.pos)
            if ch == ",":
                self.pos += 1
                continue
            try:
                items.append(self.value())
            except _Stop as stop:
                if stop.partial is not None:
                    items.append(stop.partial)
                raise _Stop(JsonArray(tuple(items), start, self.pos)) from None

    def string(self) -> JsonString:
        text = self.text
        start = self.pos + 1
        position = start
        chars: list[str] = []
        raw = True
        while position < len(text) and text[position] not in '"\n':
            ch = text[position]
            if ch == "\\" and position + 1 < len(text):
                raw = False
                position = self._escape(position, chars)
                continue
            chars.append(ch)
            position += 1
        end = position
        self.pos = (
            position + 1 if position < len(text) and text[position] == '"' else position
        )
        return JsonString("".join(chars), start, end, raw)

    def _escape(self, position: int, chars: list[str]) -> int:
        following = self.text[position + 1]
        if following in ESCAPES:
            chars.append(ESCAPES[following])
            return position + 2
        digits = self.text[position + 2 : position + 6]
        if following == "u" and len(digits) == 4:
            try:
                chars.append(chr(int(digits, 16)))
                return position + 6
            except ValueError:
                pass
        chars.append(following)
        return position + 2

    def other(self) -> JsonOther:
        start = self.pos
        text = self.text
        while self.pos < len(text) and (
            text[self.pos].isalnum() or text[self.pos] in "+-."
        ):
            self.pos += 1
        word = text[start : self.pos]
        if not word:
            raise _Stop
        if word in LITERALS:
            return JsonOther(LITERALS[word], start, self.pos)
        try:
            number = float(word) if "." in word or "e" in word.lower() else int(word)
        except ValueError:
            raise _Stop from None
        return JsonOther(number, start, self.pos)
