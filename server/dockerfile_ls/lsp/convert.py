"""The one place where core spans become LSP ranges and back.

The core counts code points; the client counts UTF-16 code units (the LSP default)
or UTF-8 bytes or code points, whichever position encoding was negotiated at
initialize. Lines of pure ASCII, the common case, convert without work.
"""

from __future__ import annotations

from lsprotocol import types

from dockerfile_ls.core.text import Span

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if code < 0x80:
        return 1
    if code < 0x800:
        return 2
    if code < 0x10000:
        return 3
    return 4


class PositionConverter:
    """Converts between code-point columns and the client's units."""

    def __init__(self, encoding: str = UTF16) -> None:
        # lsprotocol's PositionEncodingKind is a str enum; keep its plain value.
        self.encoding = str(getattr(encoding, "value", encoding))
        if self.encoding not in (UTF8, UTF16, UTF32):
            raise ValueError(f"unknown position encoding {encoding!r}")

    def to_client_column(self, line: str, col: int) -> int:
        if self.encoding == UTF32 or line.isascii():
            return col
        prefix = line[:col]
        return sum(_units(char, self.encoding) for char in prefix) + max(
            col - len(line), 0
        )

    def from_client_column(self, line: str, units: int) -> int:
        if self.encoding == UTF32 or line.isascii():
            return min(units, len(line))
        count = 0
        for index, char in enumerate(line):
            if count >= units:
                return index
            count += _units(char, self.encoding)
        return len(line)

    def position(self, lines: list[str], line: int, col: int) -> types.Position:
        text = lines[line] if 0 <= line < len(lines) else ""
        return types.Position(line=line, character=self.to_client_column(text, col))

    def range(self, lines: list[str], span: Span) -> types.Range:
        return types.Range(
            start=self.position(lines, span.start_line, span.start_col),
            end=self.position(lines, span.end_line, span.end_col),
        )

    def from_position(
        self, lines: list[str], position: types.Position
    ) -> tuple[int, int]:
        """Convert a client position to (line, code-point column) within the text."""
        line = max(position.line, 0)
        if line >= len(lines):
            return line, 0
        return line, self.from_client_column(lines[line], max(position.character, 0))

    def to_span(self, lines: list[str], range_: types.Range) -> Span:
        start = self.from_position(lines, range_.start)
        end = self.from_position(lines, range_.end)
        return Span(start[0], start[1], end[0], end[1])
